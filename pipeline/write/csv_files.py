"""CSV outputs for anyone who wants to analyse further: UTF-8 with a byte-order mark (so that
Excel on Windows shows Cyrillic), one header row, ISO dates.

The files are what pandas' `to_csv` writes (the same `csv` module, dialect and value texts), but
the values are turned into text a column at a time, once for a whole batch: `to_csv` costs a few
milliseconds even for a frame of ten rows, and `check` writes two files per plan. A column of a
type this module does not know is left to `to_csv`."""
from __future__ import annotations

import csv
from collections.abc import Hashable
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.write.atomic import atomic_path
from pipeline.write.tables import DATE, FLOAT, PLAIN, TEXT, WHOLE, Table

DATE_FORMAT = "%Y-%m-%d"
ENCODING = "utf-8-sig"  # UTF-8 with the byte-order mark Excel needs to read it as UTF-8
LINE_END = "\n"


def write_csv(data: pd.DataFrame | Table, target: Path) -> Path:
    """`data` written atomically to `target` (dates as YYYY-MM-DD, missing values empty)."""
    return write_csv_parts(data, None, {None: target})[0]


def write_csv_parts(data: pd.DataFrame | Table, column: str | None, targets: dict[Hashable, Path]) -> list[Path]:
    """The rows of `data` whose `column` holds a key of `targets`, written to that key's file,
    in the order of `targets` (a key no row holds gets the header alone); with `column` None the
    one target gets every row."""
    table = Table.of(data)
    if isinstance(data, pd.DataFrame) and not _written_here(table):
        return [_write_with_pandas(_part(data, column, key), target) for key, target in targets.items()]
    rows = list(zip(*_column_texts(table)))
    parts: dict[Hashable, list[tuple[str, ...]]] = {key: [] for key in targets}
    if column is None:
        parts[None] = rows
    else:
        for key, row in zip(table.columns[column], rows):
            if key in parts:
                parts[key].append(row)
    header = list(table.names)
    return [_write_rows(header, parts[key], target) for key, target in targets.items()]


def _part(frame: pd.DataFrame, column: str | None, key: Hashable) -> pd.DataFrame:
    return frame if column is None else frame[frame[column] == key]


def _write_with_pandas(frame: pd.DataFrame, target: Path) -> Path:
    with atomic_path(target) as tmp:
        frame.to_csv(tmp, index=False, encoding=ENCODING, date_format=DATE_FORMAT, lineterminator=LINE_END)
    return target


def _write_rows(header: list, rows: list[tuple[str, ...]], target: Path) -> Path:
    with atomic_path(target) as tmp, open(tmp, "w", encoding=ENCODING, newline="") as stream:
        writer = csv.writer(stream, lineterminator=LINE_END)
        writer.writerow(header)
        writer.writerows(rows)
    return target


def _written_here(table: Table) -> bool:
    """Whether this module writes the table itself: some columns, each named once, each of a kind
    it knows (`tables.kind_of`)."""
    return bool(table.names) and len(set(table.names)) == len(table.names) and None not in table.kinds


def _column_texts(table: Table) -> list[list[str]]:
    """Each column's values as `to_csv` writes them (a table handed in is made of a frame this
    module writes itself: see `_written_here`)."""
    texts = []
    for name, kind, values in zip(table.names, table.kinds, table.values):
        if kind is None:
            raise ValueError(f"column {name!r} is of a kind CSV files do not write")
        texts.append(_TEXTS[kind](values))
    return texts


def _dates(values: list) -> list[str]:
    return ["" if value is pd.NaT or value is None else _day(value) for value in values]


def _day(value) -> str:
    """A day as `DATE_FORMAT` writes it (a few times quicker than `strftime`, from year 1000 on)."""
    return f"{value.year}-{value.month:02d}-{value.day:02d}" if value.year >= 1000 else value.strftime(DATE_FORMAT)


_TEXTS: dict[str, Callable[[list], list[str]]] = {
    TEXT: lambda values: [value if isinstance(value, str) else "" for value in values],
    WHOLE: lambda values: ["" if value is pd.NA else str(value) for value in values],
    PLAIN: lambda values: [str(value) for value in values],
    # the shortest text that reads back as the same number, as numpy writes it
    FLOAT: lambda values: ["" if value != value else repr(value) for value in values],
    DATE: _dates,
}
