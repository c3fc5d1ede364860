"""A frame's columns as plain lists, for the writers.

A batch's frames are turned into tables once; each plan's part is then cut by slicing lists, and
sent to the process writing its reports as plain values: a pandas frame costs milliseconds to
cut, to send to another process and to read row by row, more than writing its rows takes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

# How a column's values are written as text: by `csv_files`, as pandas' `to_csv` writes them.
TEXT, WHOLE, PLAIN, FLOAT, DATE = "text", "whole", "plain", "float", "date"


@dataclass(frozen=True)
class Table:
    """The columns of a frame: their names, their values as iterating a column gives them, and
    each column's kind of value (`kind_of`; None for a type the writers do not know). When a
    column's kind is not known, or there are no columns, the frame itself is kept in `frame`,
    for pandas to write as a CSV file."""
    names: tuple[str, ...]
    values: tuple[list, ...]
    kinds: tuple[str | None, ...]
    frame: pd.DataFrame | None = None

    @classmethod
    def of(cls, data: pd.DataFrame | Table) -> Table:
        """The table of a frame (a table is itself)."""
        if isinstance(data, Table):
            return data
        kinds = tuple(kind_of(values.dtype) for _, values in data.items())
        return cls(tuple(data.columns), tuple(values.tolist() for _, values in data.items()), kinds,
                   data if None in kinds or not kinds else None)

    def __len__(self) -> int:
        return len(self.values[0]) if self.values else 0

    @property
    def columns(self) -> dict[str, list]:
        """The values by column name."""
        return dict(zip(self.names, self.values))

    def take(self, rows: slice | np.ndarray) -> Table:
        """The table of some of the rows: a slice, or their positions in order."""
        if isinstance(rows, slice):
            values = tuple(column[rows] for column in self.values)
        else:
            positions = rows.tolist()
            values = tuple([column[i] for i in positions] for column in self.values)
        return Table(self.names, values, self.kinds, None if self.frame is None else self.frame.iloc[rows])

    def records(self) -> list[dict]:
        """The rows as dicts by column."""
        return [dict(zip(self.names, row)) for row in zip(*self.values)]

    def with_column(self, name: str, values: list) -> Table:
        """The table with the values of column `name` replaced (their kind kept)."""
        index = self.names.index(name)
        frame = None if self.frame is None else self.frame.assign(**{name: values})
        return Table(self.names, self.values[:index] + (values,) + self.values[index + 1:], self.kinds, frame)

    def cleaned(self, unsafe: re.Pattern, clean: Callable[[str], str]) -> Table:
        """The table with `clean` applied to every text that `unsafe` finds something in; the
        table itself when no text has anything."""
        if not unsafe.search("".join(v for column in self.values for v in column if isinstance(v, str))):
            return self
        values = tuple([clean(v) if isinstance(v, str) and unsafe.search(v) else v for v in column]
                       for column in self.values)
        frame = None if self.frame is None else self.frame.map(lambda v: clean(v) if isinstance(v, str) else v)
        return Table(self.names, values, self.kinds, frame)


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
