"""Recognising a plan table's header row: which column is which, in Kazakh or Russian, typos included."""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache

from pipeline.base import vocab
from pipeline.base.text import clean_line, fold_plain

SIMILARITY = 0.78
# A row is a header when it names the activity and at least one column that places it in the
# year or in a section (a date, a month or a section column)...
PLACING_KEYS = frozenset({"date_text", "section_month", "start_date", "fraction", "fraction_no"})
# ...or, failing that, at least this many columns, the activity name among them.
MIN_HEADER_COLUMNS = 3
# The fewest cells a header row has: the activity and its date, month or section.
MIN_HEADER_CELLS = 2
# Columns naming the section (fraction) each row belongs to.
SECTION_KEYS = frozenset({"fraction", "fraction_no"})
# Header cells are short; longer text is data and is not compared for typos.
MAX_HEADER_LENGTH = 80


def _key(text: str) -> str:
    # "№" is not a word character, so fold() alone would erase the number column's whole header.
    return fold_plain(clean_line(text).replace("№", " no "))


@cache
def _columns() -> list[tuple[str, frozenset[str], tuple[str, ...]]]:
    return [
        (key, frozenset(map(_key, spec["names"])), tuple(map(_key, spec["stems"])))
        for key, spec in vocab.table("headers").items()
    ]


@cache
def column_of(header: str) -> str | None:
    """The column key (see data/headers.toml) a header cell names, or None."""
    text = _key(header)
    if not text:
        return None
    if len(text) > MAX_HEADER_LENGTH:
        return None
    for key, names, stems in _columns():
        if text in names or any(stem in text for stem in stems):
            return key
    best, best_ratio = None, SIMILARITY
    for key, names, _ in _columns():
        for name in names:
            matcher = SequenceMatcher(None, text, name)
            # The quick upper bounds rule out most pairs before the costly exact ratio.
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = key, ratio
    return best


def header_columns(cells: list[str]) -> list[str | None] | None:
    """The column keys of a row if it is a plan table's header row, else None: it names the
    activity column and a date, month or section column (or at least MIN_HEADER_COLUMNS columns),
    and more than half of its cells.

    A column named twice keeps its first place; the later one is left unrecognised (None)."""
    keys: list[str | None] = []
    for cell in cells:
        key = column_of(cell) if cell.strip() else None
        keys.append(key if key not in keys else None)
    named = {k for k in keys if k}
    filled = sum(bool(cell.strip()) for cell in cells)
    if len(cells) > 2 and not cells[0].strip() and "number" not in named and "title" in named:
        # A first column with a blank header is the row number ("№" left out).
        keys[0] = "number"
    # A header names most of its cells; a data row mentioning "мероприятие" and "срок" does not.
    if "title" in named and (named & PLACING_KEYS or len(named) >= MIN_HEADER_COLUMNS) and 2 * len(named) > filled:
        return keys
    return None


_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3})(?!\d)\s*[.)]?(?:\s|$)")


def leading_number(text: str) -> int | None:
    """The number a cell starts with ("3", "3.", "3) Кеңес"), else None."""
    match = _LEADING_NUMBER.match(text)
    return int(match.group(1)) if match else None
