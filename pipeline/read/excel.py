"""Reading a plan from an Excel workbook (.xlsx).

Each visible sheet is read top to bottom like a document: rows before the first header row are
the front matter, heading rows ("ҚЫРКҮЙЕК АЙЫ", "1. ... ФРАКЦИЯСЫ") name the table that follows,
a header row starts a table and data rows fill it. A header row with a fraction column is the
flat layout (one sheet row per activity), handed on as one table per fraction (see `assemble`)."""
from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING

from pipeline.base import labels
from pipeline.base.notes import WARNING, FileProblem, Note
from pipeline.base.text import clean_lines
from pipeline.read.assemble import Assembler, column_keys
from pipeline.read.headers import MIN_HEADER_CELLS, MIN_HEADER_COLUMNS, header_columns
from pipeline.read.properties import REPORT_CREATOR, by_a_program, file_dates
from pipeline.read.raw import Anchor, RawPlan, RawRow, RawTable

if TYPE_CHECKING:
    import openpyxl

# openpyxl is imported where a workbook is read, not with this module: importing it costs about
# 150 ms, which a batch of Word plans (and the modules that import this one for its names) need
# not pay.

# Inflated size of the workbook's parts beyond which it is refused (a real plan is well under 1 MB).
MAX_XML_BYTES = 64 * 1024 * 1024
_MB = 1024 * 1024
# Cells that merged ranges may cover: openpyxl makes an object for each (a merge of whole columns
# is millions); a real plan merges a few thousand.
MAX_MERGED_CELLS = 100_000
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)\"", re.IGNORECASE)
_DIGIT = re.compile(r"\d")


def read_xlsx(name: str, data: bytes) -> RawPlan:
    """The plan tables of an .xlsx workbook's visible sheets, with the headings before each table
    and the front matter; raises `FileProblem` for a corrupt workbook or one without a plan table."""
    workbook = _load(data)
    reader = _Reader(name)
    for sheet in _plan_sheets(workbook):
        if sheet.sheet_state == "visible":
            reader.read_sheet_once(sheet)
        elif _has_header_row(sheet):
            reader.notes.append(Note(WARNING, "xlsx_hidden_sheet", name, params={"sheet": sheet.title}))
    assembler = reader.assembler
    if not assembler.tables:
        raise assembler.no_plan()
    return RawPlan(source=name, front_lines=assembler.front_lines, tables=assembler.tables, notes=assembler.notes,
                   file_dates=_file_dates(workbook))


def _file_dates(workbook: openpyxl.Workbook) -> tuple[dt.date, ...]:
    """The workbook's created and modified dates, unless a program's defaults stamped them."""
    properties = workbook.properties
    if by_a_program(properties.creator):
        return ()
    return file_dates((properties.created, properties.modified))


def _plan_sheets(workbook: openpyxl.Workbook) -> list:
    """The sheets that may hold the plan: in a report workbook this tool wrote, only its plan sheet
    (its summary and activity sheets have plan-like headers but are not the plan)."""
    if workbook.properties.creator != REPORT_CREATOR:
        return workbook.worksheets
    names = {labels.text("xlsx.sheet_plan", lang) for lang in labels.LANGS}
    return [sheet for sheet in workbook.worksheets if sheet.title in names]


def _load(data: bytes) -> openpyxl.Workbook:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_XML_BYTES:
                raise FileProblem("file_too_large", size_mb=size // _MB)
            merged = _merged_cells(archive)
        if merged > MAX_MERGED_CELLS:
            raise FileProblem("file_too_many_merged_cells", cells=merged)
        import openpyxl
        with warnings.catch_warnings():
            # openpyxl warns about every extension it does not keep (data validation, slicers...).
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(BytesIO(data), data_only=True, keep_links=False)
    except FileProblem:
        raise
    except Exception as exc:  # openpyxl raises many unrelated types on a malformed package
        raise FileProblem("file_corrupt", detail=_reason(exc)) from None


def _merged_cells(archive: zipfile.ZipFile) -> int:
    """How many cells the merged ranges of the package's XML parts cover."""
    total = 0
    for info in archive.infolist():
        if info.filename.endswith(".xml"):
            for first_col, first_row, last_col, last_row in _MERGE_REF.findall(archive.read(info)):
                cols = _column(last_col) - _column(first_col)
                total += (abs(int(last_row) - int(first_row)) + 1) * (abs(cols) + 1)
    return total


def _column(letters: bytes) -> int:
    from openpyxl.utils import column_index_from_string
    return column_index_from_string(letters.decode().upper())


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    # zlib's exception is plainly called "error".
    return f"{type(exc).__module__}.{name}" if name == "error" else name


@dataclass(frozen=True)
class _Cell:
    """A cell's cleaned lines; `typed` for a number, date or time value, with the date of a date cell."""
    lines: tuple[str, ...]
    typed: bool = False
    date: dt.date | None = None

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class _SheetRow:
    """A sheet row's cells with text by column number (from 1): the row's own cells, and the
    cells a vertical merge from a row above fills; `spans` gives the last column of each of the
    row's horizontally merged cells by its first column."""
    row_no: int
    own: dict[int, _Cell]
    filled: dict[int, _Cell]
    spans: dict[int, int]

    def is_merged_across(self, col: int) -> bool:
        return col in self.spans


def _cell(value) -> _Cell:
    """A cell value as the user sees it: dates as "dd.mm.yyyy", whole numbers without ".0"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _Cell((value.strftime("%d.%m.%Y"),), True, value)
    if isinstance(value, str):
        return _text_cell(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, dt.time):
        value = value.strftime("%H:%M")
    return _Cell(tuple(clean_lines([str(value)])), True)


@lru_cache(maxsize=8192)
def _text_cell(text: str) -> _Cell:
    from openpyxl.utils.escape import unescape
    # Excel writes control characters (a carriage return in a cell) as "_x000D_".
    return _Cell(tuple(clean_lines([unescape(text)])))


def _values(sheet) -> dict[int, dict[int, object]]:
    """The sheet's values by row and column number, in order. Only the cells the file holds are
    visited: `iter_rows` walks the sheet's whole area, billions of cells for one stray cell at XFD1048576."""
    rows: dict[int, dict[int, object]] = {}
    for (row_no, col), cell in sorted(sheet._cells.items()):
        if cell.value is not None:
            rows.setdefault(row_no, {})[col] = cell.value
    return rows


def _sheet_rows(sheet) -> list[_SheetRow]:
    """The sheet's rows, a vertically merged value repeated in every row it covers; a run of
    blank rows is one blank row."""
    spans: dict[int, dict[int, int]] = {}
    covered: dict[int, list[tuple[int, int]]] = {}
    last_row = sheet.max_row
    for merge in sheet.merged_cells.ranges:
        for row_no in range(merge.min_row, min(merge.max_row, last_row) + 1):
            if merge.max_col > merge.min_col:
                spans.setdefault(row_no, {})[merge.min_col] = merge.max_col
            if row_no > merge.min_row:
                covered.setdefault(row_no, []).append((merge.min_col, merge.min_row))
    tops = {(top, col) for cells in covered.values() for col, top in cells}
    top_cells: dict[tuple[int, int], _Cell] = {}
    rows: list[_SheetRow] = []
    values = _values(sheet)
    previous = 0
    for row_no in sorted(values.keys() | covered.keys()):
        if row_no > previous + 1:
            rows.append(_SheetRow(previous + 1, {}, {}, {}))
        previous = row_no
        own = {}
        for col, value in values.get(row_no, {}).items():
            cell = _cell(value)
            if cell.lines:
                own[col] = cell
                if (row_no, col) in tops:
                    top_cells[row_no, col] = cell
        filled = {col: top_cells[top, col] for col, top in covered.get(row_no, ()) if (top, col) in top_cells}
        rows.append(_SheetRow(row_no, own, filled, spans.get(row_no, {})))
    return rows


@dataclass(frozen=True)
class _Header:
    """A header row: its first column, its cells as written and their column keys."""
    first_col: int
    cells: list[str]
    columns: list[str | None]


def _header(row: _SheetRow) -> _Header | None:
    """The row as a plan table's header row, else None."""
    own = row.own
    if len(own) < MIN_HEADER_CELLS or _looks_like_data(own.values()):
        return None
    first, last = min(own), max(own)
    last = max(last, row.spans.get(last, last))
    cells = [own[col].text if col in own else "" for col in range(first, last + 1)]
    columns = header_columns(cells)
    return _Header(first, cells, columns) if columns else None


def _looks_like_data(cells) -> bool:
    """Whether a row is surely data: it has a number or date value, or digits in two cells (a
    number and a date typed as text). Skipping those spares the costly fuzzy header match."""
    with_digits = 0
    for cell in cells:
        if cell.typed:
            return True
        with_digits += bool(_DIGIT.search(cell.text))
    return with_digits > 1


def _has_header_row(sheet) -> bool:
    return any(_header(row) for row in _sheet_rows(sheet))


def _is_column_numbering(row: _SheetRow) -> bool:
    """Whether the row only numbers the columns 1, 2, 3 ... as official forms do under the header."""
    cols = sorted(row.own)
    return (len(cols) >= MIN_HEADER_COLUMNS and cols[-1] - cols[0] == len(cols) - 1
            and [row.own[c].text for c in cols] == [str(n) for n in range(1, len(cols) + 1)])


@dataclass
class _Layout:
    """Where a header row's columns are on the sheet."""
    sheet: str
    header: _Header
    # Per header column: its key, a key spread over a merged header cell, or None if unknown.
    keys: list[str | None]
    # Per header column: the key its text goes to (the nearest known column to the left).
    into: list[str]

    def key_at(self, col: int) -> tuple[str, bool]:
        """The key a sheet column's text goes to, and whether the column is a known one."""
        index = col - self.header.first_col
        key = self.keys[index] if 0 <= index < len(self.keys) else None
        if key:
            return key, True
        return self.into[min(max(index, 0), len(self.into) - 1)], False

    def header_text(self, key: str) -> str:
        return self.header.cells[self.header.columns.index(key)] if key in self.header.columns else key


def _layout(sheet: str, header: _Header, header_row: _SheetRow) -> _Layout:
    covered = [False] * len(header.columns)
    for index in range(len(header.columns)):
        last = header_row.spans.get(header.first_col + index)
        if last:
            for spread in range(index + 1, min(last - header.first_col + 1, len(covered))):
                covered[spread] = True
    keys, into = column_keys(header.columns, covered)
    return _Layout(sheet, header, keys, into)


class _Reader:
    """Reads sheets in order, handing headings, header rows and rows to the assembler."""

    def __init__(self, name: str):
        self.name = name
        self.assembler = Assembler(name)
        self.layout: _Layout | None = None
        self.unknown_noted: set[int] = set()
        # Each sheet's plan content read so far, with the sheet's name.
        self.sheets_read: dict[tuple, str] = {}

    @property
    def notes(self) -> list[Note]:
        return self.assembler.notes

    def table_layout(self) -> _Layout:
        """The layout of the sheet's current header row (set with the assembler's run)."""
        if self.layout is None:
            raise RuntimeError("a data row before any header row")
        return self.layout

    def read_sheet_once(self, sheet) -> None:
        """Read a sheet; one that repeats the plan of a sheet read before (a backup copy) is
        dropped with a note naming both, its own notes with it."""
        assembler = self.assembler
        tables_before, notes_before = len(assembler.tables), len(assembler.notes)
        self.read_sheet(sheet)
        content = _content(assembler.tables[tables_before:])
        if not content:
            return
        original = self.sheets_read.get(content)
        if original is None:
            self.sheets_read[content] = sheet.title
            return
        del assembler.tables[tables_before:]
        del assembler.notes[notes_before:]
        self.unknown_noted = {n for n in self.unknown_noted if n <= tables_before}
        assembler.notes.append(Note(WARNING, "xlsx_sheet_copy", self.name,
                                    params={"sheet": sheet.title, "original": original}))

    def read_sheet(self, sheet) -> None:
        self.assembler.run = self.layout = None
        front_before = len(self.assembler.front_lines)
        sheet_has_header = False
        skipped: list[_SheetRow] = []
        for row in _sheet_rows(sheet):
            if not row.own:
                if not row.filled:
                    self.blank_row()
                continue
            if self.heading(row):
                continue
            header = _header(row)
            if header:
                sheet_has_header = True
                self.layout = _layout(sheet.title, header, row)
                self.assembler.start(header.columns, header.cells)
            elif self.in_table(row):
                self.data_row(row)
            elif not self.assembler.header_seen:
                self.assembler.front_line(" ".join(cell.text for cell in row.own.values()))
            else:
                skipped.append(row)
        self.note_skipped(sheet.title, skipped, sheet_has_header)
        if not sheet_has_header:
            self.table_without_plan(sheet, front_before)

    def table_without_plan(self, sheet, front_before: int) -> None:
        """A sheet with no plan header: its first table row is kept to name it if the file has no
        plan at all; a table (a grades journal) before the plan is not its front matter: the sheet
        is skipped with a note, while a sheet of single lines (a title page) stays front matter."""
        first = next((r for r in _sheet_rows(sheet) if len(r.own) > 1), None)
        if first is None:
            return
        self.assembler.not_a_header([c.text for _, c in sorted(first.own.items())])
        if len(self.assembler.front_lines) > front_before:
            assembler = self.assembler
            del assembler.front_lines[front_before:]
            assembler.waiting = {k: (text, i) for k, (text, i) in assembler.waiting.items()
                                 if i is not None and i < front_before}
            self.notes.append(Note(WARNING, "xlsx_sheet_skipped", self.name, params={"sheet": sheet.title}))

    def in_table(self, row: _SheetRow) -> bool:
        """Whether the row is a table's data row: under a header, or after a blank or heading row
        in a table when it has more than one cell."""
        assembler = self.assembler
        return assembler.run is not None and (not assembler.paused or len(row.own) > 1)

    def blank_row(self) -> None:
        if not self.assembler.header_seen:
            self.assembler.front_line("")
        self.assembler.pause()

    def heading(self, row: _SheetRow) -> bool:
        """Whether the row is a month or fraction heading (then kept for the next table).

        Inside a table only a cell merged across columns or standing in the first column is a
        heading; a lone title cell saying "Фракция отырысы" is an activity."""
        if len(row.own) != 1:
            return False
        (col, cell), = row.own.items()
        assembler = self.assembler
        if assembler.run and not assembler.paused and not (
                row.is_merged_across(col) or col == self.table_layout().header.first_col):
            return False
        return assembler.heading(cell.text)

    def data_row(self, row: _SheetRow) -> None:
        run = self.assembler.current()
        if run.rows == 0 and not self.assembler.paused and _is_column_numbering(row):
            return
        raw, unknown = _raw_row(self.table_layout(), row)
        if raw is None:
            return
        table = self.assembler.add(raw)
        if unknown and table.table_no not in self.unknown_noted:
            self.unknown_noted.add(table.table_no)
            self.note_unknown_column(table, row, unknown)

    def note_unknown_column(self, table: RawTable, row: _SheetRow, unknown: list[int]) -> None:
        layout = self.table_layout()
        col = unknown[0]
        index = col - layout.header.first_col
        written = layout.header.cells[index] if 0 <= index < len(layout.header.cells) else ""
        into, _ = layout.key_at(col)
        from openpyxl.utils import get_column_letter
        letter = get_column_letter(col)
        self.notes.append(Note(WARNING, "xlsx_unknown_column", self.name, table.table_no, row.row_no,
                               column=written or letter, value="\n".join(row.own[col].lines),
                               params={"sheet": layout.sheet, "letter": letter,
                                       "into": layout.header_text(into)}))

    def note_skipped(self, sheet: str, rows: list[_SheetRow], sheet_has_header: bool) -> None:
        """One note for a sheet without a plan table, else one per row of text outside the tables."""
        if rows and not sheet_has_header:
            self.notes.append(Note(WARNING, "xlsx_sheet_skipped", self.name, params={"sheet": sheet}))
            return
        for row in rows:
            self.notes.append(Note(WARNING, "xlsx_text_skipped", self.name, row=row.row_no,
                                   value=" ".join(cell.text for cell in row.own.values()),
                                   params={"sheet": sheet, "row": row.row_no}))


def _content(tables: list[RawTable]) -> tuple:
    """What a sheet's tables say, whatever rows they are on: headings, columns and cell text."""
    return tuple((t.month_heading, t.fraction_heading, tuple(t.columns),
                  tuple(tuple(sorted((k, tuple(v)) for k, v in r.cells.items())) for r in t.rows))
                 for t in tables if t.rows)


def _raw_row(layout: _Layout, row: _SheetRow) -> tuple[RawRow | None, list[int]]:
    """The row's cells by column key, and the columns of its own text under no known header.

    Text under an unknown column joins the nearest known column to its left; a row with no text
    of its own (only values merged down from above) is None."""
    cells: dict[str, list[str]] = {}
    dates: dict[str, dt.date] = {}
    own_keys: set[str] = set()
    filled_keys: set[str] = set()
    unknown: list[int] = []
    for col in sorted(row.own.keys() | row.filled.keys()):
        is_own = col in row.own
        cell = row.own[col] if is_own else row.filled[col]
        key, known = layout.key_at(col)
        cells.setdefault(key, []).extend(cell.lines)
        if cell.date and key not in dates:
            dates[key] = cell.date
        (own_keys if is_own else filled_keys).add(key)
        if is_own and not known:
            unknown.append(col)
    if not own_keys:
        return None, []
    anchor = Anchor(sheet=layout.sheet, row=row.row_no, first_col=layout.header.first_col)
    return RawRow(row_no=row.row_no, cells=cells, merged=filled_keys - own_keys, dates=dates, anchor=anchor), unknown
