"""The school's name as a report heads or lists it: taken from the plan's title, in the
nominative, in Kazakh or Russian (`data/school_names.toml`)."""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.base import vocab
from pipeline.base.text import clean_line

_VOCAB = vocab.table("school_names")
_KK, _RU = _VOCAB["kk"], _VOCAB["ru"]
_KK_WORDS = frozenset(_KK["school_words"])
_KK_ENDING = re.compile("-?(?:" + "|".join(_KK["genitive_endings"]) + ")$", re.IGNORECASE)
_RU_NOMINATIVE = {key.casefold(): value for key, value in _RU["nominative"].items()}
_RU_STARTS = frozenset(_RU["forms"]) | frozenset(_RU["school_words"]) | {
    key for key, value in _RU_NOMINATIVE.items() if value in _RU["school_words"]}
_RU_ADJECTIVES = frozenset(_RU_NOMINATIVE) - _RU_STARTS
_RU_TOWN = frozenset(_RU["town_words"])
_EDGES = "«»\"“”„'()[],;:"
_OPENING, _CLOSING = "«“„\"", "»”\""
# The stamp block's blanks for a signature and a date: "______", "«__»".
_BLANKS = re.compile(r"«\s*_*\s*»|_{2,}")


def school_nominative(title_text: str, fallback: str = "") -> str:
    """The school `title_text` names, in the nominative: "Көкшетау қаласының №2 МЛ-нің «Мектеп
    парламенті» ... жоспары" → "Көкшетау қаласының №2 МЛ"; "План работы школьного парламента КГУ
    «Школа-лицей №2» г. Кокшетау на 2025-2026 учебный год" → "КГУ «Школа-лицей №2» г. Кокшетау";
    "Директор КГУ «Школа-лицей №2»" → "КГУ «Школа-лицей №2»". When the title names no school,
    the school `fallback` names (read the same way), else `fallback` without the stamp's blanks."""
    for text in (title_text, fallback):
        name = _school_in(text) if isinstance(text, str) else ""
        if name:
            return name
    return without_blanks(fallback or "")


def without_blanks(text: str) -> str:
    """`text` without the stamp block's blanks ("______", "«__»") and the spaces around them."""
    return " ".join(_BLANKS.sub(" ", text).split())


@lru_cache(maxsize=4096)
def _school_in(text: str) -> str:
    tokens = clean_line(_BLANKS.sub(" ", text)).split()
    return _kazakh(tokens) or _russian(tokens)


def _bare(token: str) -> str:
    return token.strip(_EDGES).rstrip(".").casefold()


def _kazakh(tokens: list[str]) -> str:
    """From the title's start (or the end of a quoted name) to the word naming the kind of school,
    with its genitive ending taken off; the word counts when it has that ending or a number
    ("№2") comes before it."""
    start, quoted, numbered = 0, False, False
    for i, token in enumerate(tokens):
        if token[:1] in _OPENING and not quoted:
            quoted = True
        if quoted:
            if token.rstrip(_EDGES.replace("»", "").replace("”", "") + ".")[-1:] in _CLOSING:
                quoted, start = False, i + 1
            continue
        numbered = numbered or "№" in token
        bare = _bare(token)
        stem = _KK_ENDING.sub("", bare)
        if stem in _KK_WORDS and (stem != bare or numbered):
            word = token.strip(_EDGES)
            if stem != bare:
                word = _KK_ENDING.sub("", word)
            return " ".join(tokens[start:i] + [word])
    return ""


def _russian(tokens: list[str]) -> str:
    """From the organisation's form or the kind of school (with the adjectives before it) through
    its quoted name, "№ 7" and the town, each word in the nominative."""
    first = next((i for i, token in enumerate(tokens) if _bare(token) in _RU_STARTS), None)
    if first is None:
        return ""
    while first > 0 and _bare(tokens[first - 1]) in _RU_ADJECTIVES:
        first -= 1
    last, i, quoted = first, first, False
    while i < len(tokens):
        token, bare = tokens[i], _bare(tokens[i])
        opens = token[:1] in _OPENING or (len(token) > 1 and token[1:2] in _OPENING and token[:1] == "-")
        if not quoted and (bare in _RU_TOWN or token.casefold() in _RU_TOWN):
            last = min(i + 1, len(tokens) - 1)  # the town's name after "г."
            i = last
        elif quoted or opens or i == first or bare in _RU_STARTS or bare in _RU_NOMINATIVE or "№" in token \
                or bare.isdigit() or token.casefold().startswith("г."):
            quoted = (quoted or opens) and not _closes(token, opens and not quoted)
            last = i
        else:
            break
        i += 1
    words = [_nominative(token) for token in tokens[first:last + 1]]
    return " ".join(words).strip(",;: ")


def _closes(token: str, opened_here: bool) -> bool:
    """Whether a quoted name ends with `token` ("№2»", "«Школа»")."""
    body = token[1:] if opened_here else token
    return any(mark in body for mark in _CLOSING)


def _nominative(token: str) -> str:
    """A genitive word of a Russian school name ("школы", "Средней") in the nominative, as cased."""
    bare = token.strip(_EDGES).casefold()
    nominative = _RU_NOMINATIVE.get(bare)
    if nominative is None:
        return token
    core = token.strip(_EDGES)
    written = nominative.capitalize() if core[:1].isupper() else nominative
    return token.replace(core, written)
