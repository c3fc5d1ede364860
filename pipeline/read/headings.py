"""Headings around plan tables: month headings ("ҚЫРКҮЙЕК АЙЫ"), fraction headings
("1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"), the academic year written in a title, broken words."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.base import vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.base.text import clean_line, fold_plain


@cache
def _month_stems() -> list[tuple[str, int]]:
    stems = [(fold_plain(s), int(m)) for m, names in vocab.table("months")["stems"].items() for s in names]
    return sorted(stems, key=lambda pair: -len(pair[0]))


@lru_cache(maxsize=65536)
def month_of_word(word: str) -> int | None:
    """The month (1-12) that a single word names in Kazakh or Russian, in any case form."""
    word = fold_plain(word)
    for stem, month in _month_stems():
        if word == stem or (len(stem) >= 4 and word.startswith(stem)):
            return month
    return None


_HEADING_WORDS = {fold_plain(w) for w in vocab.table("headings")["month_heading_words"]}


@lru_cache(maxsize=65536)
def month_of_heading(text: str) -> int | None:
    """The month of a month heading ("ҚЫРКҮЙЕК АЙЫ", "Сентябрь", "Қазан айы"), else None.

    A heading is at most a month word and words like "айы"/"месяц"; longer text is not a heading."""
    words = fold_plain(text).split()
    if not words or len(words) > 3:
        return None
    months = [m for m in map(month_of_word, words) if m]
    others = [w for w in words if not month_of_word(w) and w not in _HEADING_WORDS]
    if len(months) == 1 and not others:
        return months[0]
    return None


_FRACTION_WORDS = tuple(fold_plain(w) for w in vocab.table("headings")["fraction_words"])
_GENITIVE_ENDINGS = tuple(vocab.table("headings")["genitive_endings"])
_NUMBERED = re.compile(r"^\s*(\d{1,2})(?!\d)\s*[.)]?\s*(.*)$")


def is_fraction_heading(text: str) -> bool:
    """Whether a line is a fraction heading: it names a fraction ("фракция", "фракциясы")."""
    return any(word.startswith(_FRACTION_WORDS) for word in fold_plain(text).split())


@lru_cache(maxsize=65536)
def parse_fraction_heading(text: str) -> tuple[int | None, str]:
    """The fraction's number (None when not written) and its name without the word "фракциясы"
    ("1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ" → "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП"); a name that starts with the word
    keeps it unless a quoted name follows ("Фракция права и порядка", but "Фракция «Право»" → "«Право»")."""
    text = clean_line(text)
    match = _NUMBERED.match(text)
    number: int | None = None
    name = text
    if match and (match.group(2) or text.rstrip()[-1:] in ".)"):
        number, name = int(match.group(1)), match.group(2)
    words = name.split()
    if len(words) > 1 and _is_fraction_word(words[0]) and not words[1].startswith(("«", '"', "“", "„")):
        # "Фракция права и порядка": the Russian name needs its first word ("Фракция «Право»" does not).
        return number, fix_broken_words(name).strip(" .:-")
    kept = [_nominative(w) if i + 1 < len(words) and _is_fraction_word(words[i + 1]) else w
            for i, w in enumerate(words) if not _is_fraction_word(w)]
    return number, fix_broken_words(" ".join(kept)).strip(" .:-")


def _nominative(word: str) -> str:
    """A Kazakh word in the genitive without its ending ("ҚОЗҒАЛЫСЫНЫҢ" → "ҚОЗҒАЛЫСЫ")."""
    ending = next((e for e in _GENITIVE_ENDINGS if word.lower().endswith(e) and len(word) > len(e) + 2), None)
    return word[:-len(ending)] if ending else word


def _is_fraction_word(word: str) -> bool:
    return any(fold_plain(word).startswith(f) for f in _FRACTION_WORDS)


_YEAR_WORDS = "|".join(vocab.table("headings")["academic_year_words"])
ACADEMIC_YEAR_PHRASE = re.compile(rf"(20\d\d\s*[-/\u2010-\u2015\u2212]\s*20\d\d)\s*(?:{_YEAR_WORDS})", re.IGNORECASE)


def academic_year_in(text: str) -> int | None:
    """The first calendar year of an academic year written as "2025-2026 оқу жылы" / "учебный год"."""
    match = ACADEMIC_YEAR_PHRASE.search(clean_line(text))
    year = AcademicYear.find(match.group(1)) if match else None
    return year.first if year else None


_ONE_LETTER_WORDS = set(vocab.table("headings")["one_letter_words"])
_QUOTE_SPACES = re.compile(r"«\s+|\s+»")


def fix_broken_words(text: str) -> str:
    """Text with stray spaces removed: inside quotes («ЭКО » → «ЭКО») and before a lone capital
    letter split off the end of a word ("ҚҰҚЫҚТЫ Қ" → "ҚҰҚЫҚТЫҚ", "STAR T" → "START")."""
    text = _QUOTE_SPACES.sub(lambda m: m.group(0).strip(), clean_line(text))
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        core = word.strip("«»\"'.,")
        lone = len(core) == 1 and core.isalpha() and core.isupper() and core not in _ONE_LETTER_WORDS
        if lone and out and out[-1][-1:].isalpha() and out[-1][-1:].isupper():
            out[-1] += word
        else:
            out.append(word)
    return " ".join(out)
