"""Data-quality notes: problems in the user's file are data, rendered in the user's language."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.base import labels
from schemas import Notes

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """What a parser found wrong in one value: a severity, a code and the message's parameters.

    The message text is `labels` key `note.<code>`; parameters fill its placeholders."""
    severity: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Note:
    """A problem placed in the user's file: which file, table, row and column, and the value seen."""
    severity: str
    code: str
    file: str
    table: int | None = None
    row: int | None = None
    column: str | None = None
    value: str = ""
    params: dict = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The note's message in `lang`; a parameter given per language ({"kk": …, "ru": …})
        is shown in `lang`."""
        params = {k: v.get(lang, "") if isinstance(v, dict) else v for k, v in self.params.items()}
        return labels.text(f"note.{self.code}", lang, **params)


def from_problem(problem: Problem, **where) -> Note:
    """A `Note` for `problem`, placed by `where` (file, table, row, column, value)."""
    return Note(severity=problem.severity, code=problem.code, params=problem.params, **where)


NOTE_COLUMNS = ["severity", "code", "message", "file", "table", "row", "column", "value"]


def notes_frame(notes: list[Note], lang: str) -> pd.DataFrame:
    """The notes as a frame with the columns of `schemas.Notes`, messages in `lang`."""
    rows = [
        {
            "severity": n.severity,
            "code": n.code,
            "message": n.message(lang),
            "file": n.file,
            "table": n.table,
            "row": n.row,
            "column": n.column or "",
            "value": n.value,
        }
        for n in notes
    ]
    frame = pd.DataFrame(rows, columns=NOTE_COLUMNS)
    frame["table"] = frame["table"].astype("Int64")
    frame["row"] = frame["row"].astype("Int64")
    return Notes.validate(frame, lazy=True)


def has_errors(notes: list[Note]) -> bool:
    """Whether any note is an error."""
    return any(n.severity == ERROR for n in notes)


class FileProblem(Exception):
    """A plan file that cannot be read at all (corrupt, encrypted, not a plan).

    Its message is the label `note.<code>` filled from `params`; it becomes an error note."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params
