"""What every frame shares: the model configuration, how lists are kept in one cell, and the
report periods."""
from __future__ import annotations

from collections.abc import Iterable

import pandera.pandas as pa

# A report period: a quarter ("1".."4") or the whole academic year.
PERIODS = ("1", "2", "3", "4", "year")

LIST_SEPARATOR = "; "     # partner roles, responsible people, links, forms
GRADE_SEPARATOR = ","     # the grades reached: "1,2,3"


class Frame(pa.DataFrameModel):
    """Every frame is strict (no other columns), coerced to its types, and in its column order."""

    class Config:
        strict = True
        coerce = True
        ordered = True


def join_list(items: Iterable[str]) -> str:
    """Items kept in one cell: "a; b"."""
    return LIST_SEPARATOR.join(items)


def split_list(text: str) -> list[str]:
    """The non-empty items of a cell `join_list` wrote."""
    return [item for item in str(text).split(LIST_SEPARATOR) if item]


def join_grades(grades: Iterable[int]) -> str:
    """Grades kept in one cell: "1,2,3"."""
    return GRADE_SEPARATOR.join(map(str, grades))


def split_grades(text: str) -> list[int]:
    """The grades of a cell `join_grades` wrote (anything else in it is ignored)."""
    return [int(g) for g in str(text).split(GRADE_SEPARATOR) if g.strip().isdigit()]
