"""Checking the frames the pipeline hands on against their pandera schemas.

A whole batch is validated in one call (pandera's fixed cost per call is paid once), lazily, and
each failure becomes an error note placed at the plan row it came from; no row is dropped."""
from __future__ import annotations

import pandas as pd
import pandera.errors as pa_errors

from pipeline.base.notes import ERROR, Note
from schemas import Activities, Plans


def validated(frame: pd.DataFrame, schema, source_of_row) -> tuple[pd.DataFrame, list[Note]]:
    """`frame` coerced by `schema`, and a note per failure; `source_of_row(index)` gives the
    (file, table, row) a failing frame row came from."""
    try:
        return schema.validate(frame, lazy=True), []
    except pa_errors.SchemaErrors as errors:
        return _coerced(frame, schema), _failure_notes(errors.failure_cases, source_of_row)


def _coerced(frame: pd.DataFrame, schema) -> pd.DataFrame:
    """The frame with each column coerced where it can be, so a few bad cells keep the rest usable."""
    out = frame.copy()
    for name, column in schema.to_schema().columns.items():
        if name in out:
            try:
                out[name] = column.dtype.coerce(out[name])
            except (ValueError, TypeError, pa_errors.ParserError):
                pass
    return out


def _failure_notes(cases: pd.DataFrame, source_of_row) -> list[Note]:
    notes = []
    for case in cases.itertuples(index=False):
        index = case.index if pd.notna(case.index) else None
        file, table, row = source_of_row(index)
        notes.append(Note(ERROR, "schema_failed", file, table, row, column=str(case.column or ""),
                          value="" if pd.isna(case.failure_case) else str(case.failure_case),
                          params={"check": str(case.check), "column": str(case.column or "")}))
    return notes


def validate_activities(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Note]]:
    """The activities frame checked against `schemas.Activities`."""
    def source_of_row(index):
        if index is None or index not in frame.index:
            return ("", None, None)
        row = frame.loc[index]
        return row[Activities.source], int(row[Activities.table_no]), int(row[Activities.row_no])
    return validated(frame, Activities, source_of_row)


def validate_plans(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[Note]]:
    """The plans frame checked against `schemas.Plans`."""
    def source_of_row(index):
        if index is None or index not in frame.index:
            return ("", None, None)
        return frame.loc[index, Plans.source], None, None
    return validated(frame, Plans, source_of_row)
