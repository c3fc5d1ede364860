"""Everything the user reads, in Kazakh or Russian, from the one label table `data/labels.toml`."""
from __future__ import annotations

from functools import cache

from pipeline.base import vocab

LANGS = ("kk", "ru")
DEFAULT_LANG = "kk"


class UnknownLabel(KeyError):
    """A label key that is missing from the label table (a code error)."""


@cache
def _flat() -> dict[str, dict[str, str]]:
    flat: dict[str, dict[str, str]] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict) and not set(value) <= set(LANGS):
                walk(path, value)
            elif isinstance(value, dict):
                flat[path] = value
    walk("", vocab.table("labels"))
    return flat


def text(key: str, lang: str = DEFAULT_LANG, /, **params) -> str:
    """The label `key` in `lang`, with `{name}` placeholders filled from `params`."""
    try:
        entry = _flat()[key]
    except KeyError:
        raise UnknownLabel(key) from None
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format(**params) if params else template


def translator(lang: str):
    """`text` bound to `lang`: `t = translator("ru"); t("key", n=1)`."""
    def t(key: str, /, **params) -> str:
        return text(key, lang, **params)
    return t
