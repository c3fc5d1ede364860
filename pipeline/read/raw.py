"""What every reader hands on: a plan's tables as the user typed them, before any interpretation.

Readers (DOCX, XLSX) differ only in how they find these; `normalize` turns them into activities."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pipeline.base.notes import Note


@dataclass(frozen=True)
class Anchor:
    """Where a plan table or row sits in its file, so that a note can be attached there: in a
    Word file the path of its `w:tbl` / `w:tr` element (lxml `getpath`); in a workbook its sheet,
    row and the column of the table's first header cell."""
    path: str = ""
    sheet: str = ""
    row: int = 0
    first_col: int = 1


@dataclass
class RawRow:
    """One data row of a plan table.

    `cells` maps a column key (see `data/headers.toml`) to the cell's cleaned lines; a cell covered
    by a vertical merge carries the merged value and its key is in `merged`. `dates` holds real
    date values of spreadsheet cells by column key."""
    row_no: int
    cells: dict[str, list[str]]
    merged: set[str] = field(default_factory=set)
    dates: dict[str, dt.date] = field(default_factory=dict)
    anchor: Anchor | None = None


@dataclass
class RawTable:
    """One plan table with the headings written before it.

    `table_no` counts plan tables in the file from 1; `columns` are the column keys in order
    (None for a column whose header is not recognised); `header` is the header row as written.
    A table with a section column (the flat layout: one row per activity, the fraction in a
    column) is handed on as one table per section, its heading composed as "N. NAME"; a row's own
    month, when the layout has a month column, is in its `section_month` cell. `section_source`
    says where the fraction heading came from: "heading" (written above or inside the table),
    "column" (the section column), "restart" (the section column left empty and the numbering
    restarting at 1) or "none"."""
    table_no: int
    month_heading: str | None
    fraction_heading: str | None
    columns: list[str | None]
    header: list[str]
    rows: list[RawRow]
    section_source: str = "heading"
    anchor: Anchor | None = None


@dataclass
class RawPlan:
    """A plan file as read: the lines before the first plan table (stamp block and title, blank
    lines kept as ""), the plan tables in order, the reader's notes, and the dates the file's own
    properties give (created, then last modified; none when a program's default stamped them)."""
    source: str
    front_lines: list[str]
    tables: list[RawTable]
    notes: list[Note] = field(default_factory=list)
    file_dates: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class TablePlaces:
    """Where one plan table of a file sits, for a note to be attached there later (the plan's
    copy with its notes marked) without reading the file again: the table's anchor (a Word
    table's own, else its first row's), its header as written and its column keys, and each
    row's anchor by row number (the first row of a number, in file order)."""
    anchor: Anchor | None
    header: tuple[str, ...]
    columns: tuple[str | None, ...]
    rows: dict[int, Anchor | None]


def table_places(plan: RawPlan) -> tuple[TablePlaces, ...]:
    """The places of every plan table of `plan`, in table order."""
    places = []
    for table in plan.tables:
        rows: dict[int, Anchor | None] = {}
        for row in table.rows:
            rows.setdefault(row.row_no, row.anchor)
        anchor = table.anchor or next((r.anchor for r in table.rows if r.anchor), None)
        places.append(TablePlaces(anchor, tuple(table.header), tuple(table.columns), rows))
    return tuple(places)
