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

import pandas as pd

from pipeline.write.atomic import atomic_path

DATE_FORMAT = "%Y-%m-%d"
ENCODING = "utf-8-sig"  # UTF-8 with the byte-order mark Excel needs to read it as UTF-8
LINE_END = "\n"


def write_csv(frame: pd.DataFrame, target: Path) -> Path:
    """`frame` written atomically to `target` (dates as YYYY-MM-DD, missing values empty)."""
    return write_csv_parts(frame, None, {None: target})[0]


def write_csv_parts(frame: pd.DataFrame, column: str | None, targets: dict[Hashable, Path]) -> list[Path]:
    """The rows of `frame` whose `column` holds a key of `targets`, written to that key's file,
    in the order of `targets` (a key no row holds gets the header alone); with `column` None the
    one target gets every row."""
    texts = _column_texts(frame)
    if texts is None:
        return [_write_with_pandas(_part(frame, column, key), target) for key, target in targets.items()]
    rows = list(zip(*texts))
    parts: dict[Hashable, list[tuple[str, ...]]] = {key: [] for key in targets}
    if column is None:
        parts[None] = rows
    else:
        for key, row in zip(frame[column].tolist(), rows):
            if key in parts:
                parts[key].append(row)
    header = list(frame.columns)
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


def _column_texts(frame: pd.DataFrame) -> list[list[str]] | None:
    """Each column's values as `to_csv` writes them, or None when a column's type is not one
    of text, whole numbers (with or without missing values), true/false, floats and dates."""
    if not len(frame.columns) or frame.columns.has_duplicates:
        return None
    texts = []
    for name in frame.columns:
        column = _texts(frame[name])
        if column is None:
            return None
        texts.append(column)
    return texts


def _texts(series: pd.Series) -> list[str] | None:
    dtype = series.dtype
    if isinstance(dtype, pd.StringDtype):
        return [value if isinstance(value, str) else "" for value in series.tolist()]
    if isinstance(dtype, pd.Int64Dtype):
        return ["" if value is pd.NA else str(value) for value in series.tolist()]
    if dtype == "int64" or dtype == "bool":
        return [str(value) for value in series.tolist()]
    if dtype == "float64":  # the shortest text that reads back as the same number, as numpy writes it
        return ["" if value != value else repr(value) for value in series.tolist()]
    if pd.api.types.is_datetime64_dtype(dtype):
        return [value if isinstance(value, str) else "" for value in series.dt.strftime(DATE_FORMAT).tolist()]
    return None
