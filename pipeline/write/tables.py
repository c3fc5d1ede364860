"""A frame's columns as plain lists, for the writers.

A batch's frames are turned into tables once; each plan's part is then cut by slicing lists, and
sent to the process writing its reports as plain values: a pandas frame costs milliseconds to
cut, to send to another process and to read row by row, more than writing its rows takes."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

# How a column's values are written as text: by `csv_files`, as pandas' `to_csv` writes them.
TEXT, WHOLE, PLAIN, FLOAT, DATE = "text", "whole", "plain", "float", "date"


@dataclass(frozen=True)
class Table:
    """The columns of a frame: their names, their values as iterating a column gives them, and
    each column's kind of value (`kind_of`; None for a type the writers do not know)."""
    names: tuple[str, ...]
    values: tuple[list, ...]
    kinds: tuple[str | None, ...]

    @classmethod
    def of(cls, data: pd.DataFrame | Table) -> Table:
        """The table of a frame (a table is itself)."""
        if isinstance(data, Table):
            return data
        return cls(tuple(data.columns), tuple(values.tolist() for _, values in data.items()),
                   tuple(kind_of(values.dtype) for _, values in data.items()))

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    @property
    def columns(self) -> dict[str, list]:
        """The values by column name."""
        return dict(zip(self.names, self.values))

    def take(self, rows: slice | np.ndarray) -> Table:
        """The table of some of the rows: a slice, or their positions in order."""
        if isinstance(rows, slice):
            return Table(self.names, tuple(column[rows] for column in self.values), self.kinds)
        positions = rows.tolist()
        return Table(self.names, tuple([column[i] for i in positions] for column in self.values), self.kinds)

    def records(self) -> list[dict]:
        """The rows as dicts by column."""
        return [dict(zip(self.names, row)) for row in zip(*self.values)]

    def with_column(self, name: str, values: list) -> Table:
        """The table with the values of column `name` replaced (their kind kept)."""
        index = self.names.index(name)
        return Table(self.names, self.values[:index] + (values,) + self.values[index + 1:], self.kinds)

    def cleaned(self, clean: Callable[[list], list | None]) -> Table:
        """The table with the values of each column that `clean` returns new ones for (None: the
        column as it is); the table itself when there is none."""
        values = tuple(clean(column) for column in self.values)
        if all(new is None for new in values):
            return self
        return Table(self.names, tuple(old if new is None else new for new, old in zip(values, self.values)), self.kinds)


def kind_of(dtype) -> str | None:
    """How values of `dtype` are written (`TEXT`, `WHOLE` for whole numbers with missing
    values, `PLAIN` for numbers and true/false, `FLOAT`, `DATE`); None for another type."""
    if isinstance(dtype, pd.StringDtype):
        return TEXT
    if isinstance(dtype, pd.Int64Dtype):
        return WHOLE
    if dtype == "int64" or dtype == "bool":
        return PLAIN
    if dtype == "float64":
        return FLOAT
    if pd.api.types.is_datetime64_dtype(dtype):
        return DATE
    return None
