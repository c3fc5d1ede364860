"""The dates a file's own properties give (created, last modified), read the same way for Word and Excel."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

# Creators that are programs stamping their defaults, not a person's editor: the dates they write
# say when a script made the file (python-docx even writes its template's 2013), not the plan's year.
GENERATORS = frozenset({"python-docx", "openpyxl"})
# The creator this tool writes into its report workbooks (see `write.excel_kit`), by which the
# Excel reader knows a report put back into input/.
REPORT_CREATOR = "plan-report"


def by_a_program(creator: str | None) -> bool:
    """Whether a file's creator is a program stamping its defaults (its dates say nothing)."""
    return (creator or "").strip().lower() in GENERATORS


def file_dates(values: Iterable[object]) -> tuple[dt.date, ...]:
    """The dates among `values` (datetimes, or W3CDTF text "2025-08-28T10:15:00Z"), in order."""
    out: list[dt.date] = []
    for value in values:
        if isinstance(value, dt.datetime):
            out.append(value.date())
        elif isinstance(value, dt.date):
            out.append(value)
        elif isinstance(value, str) and value.strip():
            try:
                out.append(dt.date.fromisoformat(value.strip()[:10]))
            except ValueError:
                continue
    return tuple(out)
