"""What every frame shares: the model configuration, how lists are kept in one cell, and the
report periods."""
from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandera.pandas as pa
from pandera import dtypes
from pandera.engines import pandas_engine


def _load_strategies_without_hypothesis() -> None:
    """Load pandera's data-generation module before its first validation, with hypothesis out of
    reach. pandera loads that module when it registers its pandas checks (on the first
    `validate`) and it imports hypothesis whenever hypothesis is installed (the test extras),
    which costs more than a plan's whole validation; the pipeline never generates data. A
    process that has already imported hypothesis (the test suite) keeps pandera's strategies."""
    if "hypothesis" in sys.modules:
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]  # "import hypothesis" raises ImportError
    try:
        importlib.import_module("pandera.strategies.pandas_strategies")
    finally:
        del sys.modules["hypothesis"]


_load_strategies_without_hypothesis()

# A report period: a quarter ("1".."4") or the whole academic year.
PERIODS = ("1", "2", "3", "4", "year")

LIST_SEPARATOR = "; "     # partner roles, responsible people, links, forms
GRADE_SEPARATOR = ","     # the grades reached: "1,2,3"


@pandas_engine.Engine.register_dtype
@dtypes.immutable(init=True)
class _Text(pandas_engine.STRING):
    """pandas' text dtype, what `str` columns are, checked as pandera checks it but answered in
    one word when every value passes: pandera checks a text column value by value, and for an
    answer value by value it formats the (empty) table of failures, a third of a validation's
    time. A column that fails gets pandera's own answer, value by value."""

    def check(self, pandera_dtype, data_container=None):
        verdict = super().check(pandera_dtype, data_container)
        return True if verdict is not False and bool(np.all(verdict)) else verdict


if TYPE_CHECKING:  # to type checkers a text column is the `str` column it is
    Text = str
else:
    Text = _Text


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
