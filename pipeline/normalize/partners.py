"""Partners: the roles named in one partners cell, split apart and each named one way."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base import vocab
from pipeline.base.text import clean_line, clean_lines, plain_letters

_WORD = re.compile(r"\w+")
# Marks between partners that are never inside a role's name.
_PARTNER_BREAK = re.compile(r"[,;/+]")
_KAZAKH_LETTER = re.compile(r"[әіғқңөұүһ]", re.IGNORECASE)
_QUOTE_PAIRS = {"«": "»", '"': '"', "„": "“"}


@dataclass(frozen=True)
class _Role:
    kk: str
    ru: str


@dataclass(frozen=True)
class _Spelling:
    """A way of writing a role, and the language it gives away (None if written so in both)."""
    role: int
    lang: str | None


def _words_key(words: list[str]) -> str:
    # Words run together, so "сынып жетекшілер" and "сыныпжетекшілер" meet.
    return "".join(plain_letters(word) for word in words)


def _load_roles() -> tuple[tuple[_Role, ...], dict[str, _Spelling], int, frozenset[str]]:
    table = vocab.table("partners")
    roles, spellings, longest = [], {}, 1
    for index, entry in enumerate(table["role"]):
        roles.append(_Role(kk=entry["kk"], ru=entry["ru"]))
        langs_by_key: dict[str, set[str]] = {}
        for lang in ("kk", "ru"):
            for name in (entry[lang], *entry.get(f"{lang}_variants", ())):
                words = _WORD.findall(clean_line(name))
                longest = max(longest, len(words))
                langs_by_key.setdefault(_words_key(words), set()).add(lang)
        for key, langs in langs_by_key.items():
            if key in spellings:
                raise ValueError(f"partners.toml: {key!r} names two roles")
            spellings[key] = _Spelling(index, langs.pop() if len(langs) == 1 else None)
    joiners = frozenset(plain_letters(word) for word in table["joiners"])
    return tuple(roles), spellings, longest, joiners


_ROLES, _SPELLINGS, _LONGEST_SPELLING, _JOINERS = _load_roles()
# Text may split a role's words further ("Педагог-ұйымдастыру шы"), so look a little wider.
_WINDOW = _LONGEST_SPELLING + 2


def split_partners(lines: Sequence[str] | None) -> tuple[str, ...]:
    """The partners named in a cell's lines, in the order written, without duplicates: known
    roles by their canonical name (Kazakh or Russian, as the cell is written), anything else
    kept as written. Never raises."""
    if lines is None:
        return ()
    if isinstance(lines, str):
        lines = [lines]
    return _split_partners(tuple(str(line) for line in lines))


@lru_cache(maxsize=4096)
def _split_partners(lines: tuple[str, ...]) -> tuple[str, ...]:
    found: list[_Spelling | str] = []
    cell = clean_lines(lines)
    for line in cell:
        for piece in _PARTNER_BREAK.split(line):
            found.extend(_read_piece(piece))
    lang = _cell_language(found, " ".join(cell))
    names: list[str] = []
    seen: set[int | str] = set()   # a known role by its index, anything else by its words
    for item in found:
        identity: int | str
        if isinstance(item, _Spelling):
            name, identity = getattr(_ROLES[item.role], lang), item.role
        else:
            name, identity = item, _words_key(_WORD.findall(item))
        if identity not in seen:
            seen.add(identity)
            names.append(name)
    return tuple(names)


def _read_piece(piece: str) -> list[_Spelling | str]:
    """Roles in one piece of text by greedy longest match, left to right; each run of words
    between them that names no known role is kept as text."""
    words = list(_WORD.finditer(piece))
    keys = [plain_letters(word.group()) for word in words]
    found: list[_Spelling | str] = []
    unknown_from = None
    index = 0
    while index < len(words):
        match = _longest_spelling(keys, index)
        if match is None:
            unknown_from = index if unknown_from is None else unknown_from
            index += 1
            continue
        if unknown_from is not None:
            found.extend(_unknown_partner(piece, words[unknown_from:index], keys[unknown_from:index]))
            unknown_from = None
        spelling, index = match
        found.append(spelling)
    if unknown_from is not None:
        found.extend(_unknown_partner(piece, words[unknown_from:], keys[unknown_from:]))
    return found


def _longest_spelling(keys: list[str], start: int) -> tuple[_Spelling, int] | None:
    """The known spelling with the most words starting at word `start`, and the word after it."""
    for stop in range(min(len(keys), start + _WINDOW), start, -1):
        spelling = _SPELLINGS.get("".join(keys[start:stop]))
        if spelling is not None:
            return spelling, stop
    return None


def _unknown_partner(piece: str, words: list[re.Match], keys: list[str]) -> list[str]:
    """The run of unknown words as written, without joiners or numbering at its ends
    ("1. ", " және"); nothing if only those are left."""
    kept = [i for i, key in enumerate(keys) if key not in _JOINERS and not key.isdigit()]
    if not kept:
        return []
    start, end = words[kept[0]].start(), words[kept[-1]].end()
    if len(words[kept[-1]].group()) == 1 and piece[end:end + 1] == ".":
        end += 1  # an initial: "Байболова Р.Б."
    start = _quote_start(piece, start, end)
    return [clean_line(piece[start:_quote_end(piece, start, end)])]


def _quote_start(piece: str, start: int, end: int) -> int:
    """`start`, moved back over an opening quote whose closing quote is in the name or just
    after it ("«Болашақ» бірлестігі")."""
    opener = piece[start - 1:start] if start else ""
    if opener in _QUOTE_PAIRS and _QUOTE_PAIRS[opener] in piece[start:end + 1]:
        return start - 1
    return start


def _quote_end(piece: str, start: int, end: int) -> int:
    """`end`, moved on over a closing quote that the name opened ("бірлестігі «Болашақ»")."""
    name = piece[start:end]
    for opener, closer in _QUOTE_PAIRS.items():
        unclosed = name.count(opener) % 2 if opener == closer else name.count(opener) > name.count(closer)
        if unclosed and piece[end:end + 1] == closer:
            return end + 1
    return end


def _cell_language(found: list[_Spelling | str], text: str) -> str:
    """The language the cell's known roles are mostly written in; on a tie (spellings shared by
    both languages, "Педагог-психолог") Kazakh if the cell has Kazakh letters, else Russian."""
    kk = sum(1 for item in found if isinstance(item, _Spelling) and item.lang == "kk")
    ru = sum(1 for item in found if isinstance(item, _Spelling) and item.lang == "ru")
    if kk != ru:
        return "kk" if kk > ru else "ru"
    return "kk" if _KAZAKH_LETTER.search(text) else "ru"
