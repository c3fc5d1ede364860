"""Reading a plan from an Excel workbook (.xlsx).

Each visible sheet is read top to bottom like a document: rows before the first header row are
the front matter, heading rows ("ҚЫРКҮЙЕК АЙЫ", "1. ... ФРАКЦИЯСЫ") name the table that follows,
a header row starts a table and data rows fill it. A header row with a fraction column is the
flat layout (one sheet row per activity), handed on as one table per fraction."""
from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from io import BytesIO

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.escape import unescape

from pipeline.base import labels
from pipeline.base.notes import WARNING, FileProblem, Note
from pipeline.base.text import clean_line, clean_lines, fold
from pipeline.read import headings
from pipeline.read.headers import MIN_HEADER_COLUMNS, header_columns, is_flat
from pipeline.read.raw import Anchor, RawPlan, RawRow, RawTable

# Inflated size of the workbook's parts beyond which it is refused (a real plan is well under 1 MB).
MAX_XML_BYTES = 64 * 1024 * 1024
_MB = 1024 * 1024
# Cells that merged ranges may cover: openpyxl makes an object for each (a merge of whole columns
# is millions); a real plan merges a few thousand.
MAX_MERGED_CELLS = 100_000
_MERGE_REF = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)\"", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
# The creator this tool writes into its report workbooks (see write_xlsx).
REPORT_CREATOR = "plan-report"


def read_xlsx(name: str, data: bytes) -> RawPlan:
    """The plan tables of an .xlsx workbook's visible sheets, with the headings before each table
    and the front matter; raises `FileProblem` for a corrupt workbook or one without a plan table."""
    workbook = _load(data)
    reader = _Reader(name)
    for sheet in _plan_sheets(workbook):
        if sheet.sheet_state == "visible":
            reader.read_sheet(sheet)
        elif _has_header_row(sheet):
            reader.notes.append(Note(WARNING, "xlsx_hidden_sheet", name, params={"sheet": sheet.title}))
    if not reader.tables:
        raise FileProblem("file_not_plan")
    return RawPlan(source=name, front_lines=reader.front_lines, tables=reader.tables, notes=reader.notes)


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
    if len(own) < MIN_HEADER_COLUMNS or _looks_like_data(own.values()):
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


def _heading_kind(text: str) -> str | None:
    """"month" or "fraction" for a heading line, else None; a line naming the academic year is
    the plan's title even when it says "фракция"."""
    if headings.month_of_heading(text):
        return "month"
    if headings.is_fraction_heading(text) and not headings.academic_year_in(text):
        return "fraction"
    return None


def _is_column_numbering(row: _SheetRow) -> bool:
    """Whether the row only numbers the columns 1, 2, 3 ... as official forms do under the header."""
    cols = sorted(row.own)
    return (len(cols) >= MIN_HEADER_COLUMNS and cols[-1] - cols[0] == len(cols) - 1
            and [row.own[c].text for c in cols] == [str(n) for n in range(1, len(cols) + 1)])


@dataclass
class _Section:
    """A header row and the rows read under it since the last heading, blank row or sheet start."""
    sheet: str
    header: _Header
    month: str | None
    fraction: str | None
    flat: bool
    table: RawTable | None = None
    row_count: int = 0
    # Per header column: its key, a key spread over a merged header cell, or None if unknown.
    keys: list[str | None] = field(default_factory=list)
    # Per header column: the key its text goes to (the nearest known column to the left).
    into: list[str] = field(default_factory=list)

    def key_at(self, col: int) -> tuple[str, bool]:
        """The key a sheet column's text goes to, and whether the column is a known one."""
        index = col - self.header.first_col
        if 0 <= index < len(self.keys) and self.keys[index]:
            return self.keys[index], True
        return self.into[min(max(index, 0), len(self.into) - 1)], False

    def header_text(self, key: str) -> str:
        return self.header.cells[self.header.columns.index(key)] if key in self.header.columns else key


def _section(sheet: str, header: _Header, header_row: _SheetRow, month, fraction) -> _Section:
    keys = list(header.columns)
    for index, key in enumerate(header.columns):
        last = header_row.spans.get(header.first_col + index)
        if key and last:
            for spread in range(index + 1, min(last - header.first_col + 1, len(keys))):
                keys[spread] = keys[spread] or key
    known = [k for k in keys if k]
    into, current = [], known[0]
    for key in keys:
        current = key or current
        into.append(current)
    return _Section(sheet, header, month, fraction, is_flat(header.columns), keys=keys, into=into)


@dataclass
class _Reader:
    """Reads sheets in order, keeping the headings seen since the last table."""
    name: str
    front_lines: list[str] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    header_seen: bool = False
    # Headings waiting for the next table, each with its index in `front_lines` while in the front matter.
    waiting_month: tuple[str, int | None] | None = None
    waiting_fraction: tuple[str, int | None] | None = None
    section: _Section | None = None
    last: _Section | None = None
    flat_tables: dict[str, RawTable] = field(default_factory=dict)
    last_flat: RawTable | None = None
    unknown_noted: set[int] = field(default_factory=set)

    def read_sheet(self, sheet) -> None:
        self.section = self.last = self.last_flat = None
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
                self.open(sheet.title, header, row)
            elif self.section or (self.last and len(row.own) > 1):
                self.data_row(row)
            elif not self.header_seen:
                self.front_line(" ".join(cell.text for cell in row.own.values()))
            else:
                skipped.append(row)
        self.note_skipped(sheet.title, skipped, sheet_has_header)

    def blank_row(self) -> None:
        if not self.header_seen:
            self.front_lines.append("")
        if self.section:
            self.last, self.section = self.section, None

    def front_line(self, line: str) -> None:
        # A heading-like line followed by more front text is part of the title, not a heading.
        self.waiting_month = self.waiting_fraction = None
        self.front_lines.append(line)

    def heading(self, row: _SheetRow) -> bool:
        """Whether the row is a month or fraction heading (then kept for the next table).

        Inside a table only a cell merged across columns or standing in the first column is a
        heading; a lone title cell saying "Фракция отырысы" is an activity."""
        if len(row.own) != 1:
            return False
        (col, cell), = row.own.items()
        section = self.section
        if section and not (row.is_merged_across(col) or col == section.header.first_col):
            return False
        kind = _heading_kind(cell.text)
        if kind is None:
            return False
        if section and section.row_count == 0:
            setattr(section, kind, cell.text)
            return True
        if section:
            self.last, self.section = section, None
        front_index = None
        if not self.header_seen:
            front_index = len(self.front_lines)
            self.front_lines.append(cell.text)
        setattr(self, f"waiting_{kind}", (cell.text, front_index))
        return True

    def take_headings(self) -> tuple[str | None, str | None]:
        """The waiting month and fraction headings, taken out of the front matter."""
        waiting = (self.waiting_month, self.waiting_fraction)
        for index in sorted((h[1] for h in waiting if h and h[1] is not None), reverse=True):
            del self.front_lines[index]
        self.waiting_month = self.waiting_fraction = None
        month, fraction = (h[0] if h else None for h in waiting)
        return month, fraction

    def open(self, sheet: str, header: _Header, row: _SheetRow) -> None:
        month, fraction = self.take_headings()
        self.header_seen = True
        self.section = _section(sheet, header, row, month, fraction)
        self.last = None

    def reopen(self) -> _Section:
        """The last section, continued after a blank row, or under the headings written since
        (a table with month rows inside it); a heading not rewritten holds over."""
        last = self.last
        if self.waiting_month or self.waiting_fraction:
            month, fraction = self.take_headings()
            last = replace(last, month=month or last.month, fraction=fraction or last.fraction,
                           table=None, row_count=0)
        self.section, self.last = last, None
        return last

    def data_row(self, row: _SheetRow) -> None:
        section = self.section or self.reopen()
        if section.row_count == 0 and _is_column_numbering(row):
            return
        raw, unknown = _raw_row(section, row)
        if raw is None:
            return
        if section.flat:
            table = self.flat_table(section, raw)
        else:
            section.table = section.table or self.new_table(section)
            table = section.table
        table.rows.append(raw)
        section.row_count += 1
        if unknown and table.table_no not in self.unknown_noted:
            self.unknown_noted.add(table.table_no)
            self.note_unknown_column(section, table, row, unknown)

    def new_table(self, section: _Section, fraction: str | None = None) -> RawTable:
        flat = section.flat
        table = RawTable(
            table_no=len(self.tables) + 1,
            month_heading=None if flat else section.month,
            fraction_heading=fraction if flat else section.fraction,
            columns=list(section.header.columns),
            header=list(section.header.cells),
            rows=[],
        )
        self.tables.append(table)
        return table

    def flat_table(self, section: _Section, raw: RawRow) -> RawTable:
        """The table of the row's fraction: found by its number, else by its name; a row without
        a fraction belongs to the row above. The section's month heading stands for a missing month."""
        if section.month and not raw.cells.get("section_month"):
            raw.cells["section_month"] = [section.month]
        number = clean_line(" ".join(raw.cells.get("fraction_no", []))).strip("№#. ")
        name = clean_line(" ".join(raw.cells.get("fraction", [])))
        by_number, by_name = f"no:{number}" if number else "", f"name:{fold(name)}" if name else ""
        table = self.flat_tables.get(by_number or by_name) if (number or name) else self.last_flat
        if table is None:
            table = self.new_table(section, _fraction_heading(number, name) or section.fraction)
        for key in (by_number, by_name):
            if key:
                self.flat_tables.setdefault(key, table)
        self.last_flat = table
        return table

    def note_unknown_column(self, section: _Section, table: RawTable, row: _SheetRow, unknown: list[int]) -> None:
        col = unknown[0]
        index = col - section.header.first_col
        written = section.header.cells[index] if 0 <= index < len(section.header.cells) else ""
        into, _ = section.key_at(col)
        letter = get_column_letter(col)
        self.notes.append(Note(WARNING, "xlsx_unknown_column", self.name, table.table_no, row.row_no,
                               column=written or letter, value="\n".join(row.own[col].lines),
                               params={"sheet": section.sheet, "letter": letter,
                                       "into": section.header_text(into)}))

    def note_skipped(self, sheet: str, rows: list[_SheetRow], sheet_has_header: bool) -> None:
        """One note for a sheet without a plan table, else one per row of text outside the tables."""
        if rows and not sheet_has_header:
            self.notes.append(Note(WARNING, "xlsx_sheet_skipped", self.name, params={"sheet": sheet}))
            return
        for row in rows:
            self.notes.append(Note(WARNING, "xlsx_text_skipped", self.name, row=row.row_no,
                                   value=" ".join(cell.text for cell in row.own.values()),
                                   params={"sheet": sheet, "row": row.row_no}))


def _raw_row(section: _Section, row: _SheetRow) -> tuple[RawRow | None, list[int]]:
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
        key, known = section.key_at(col)
        cells.setdefault(key, []).extend(cell.lines)
        if cell.date and key not in dates:
            dates[key] = cell.date
        (own_keys if is_own else filled_keys).add(key)
        if is_own and not known:
            unknown.append(col)
    if not own_keys:
        return None, []
    anchor = Anchor(sheet=section.sheet, row=row.row_no, first_col=section.header.first_col)
    return RawRow(row_no=row.row_no, cells=cells, merged=filled_keys - own_keys, dates=dates, anchor=anchor), unknown


def _fraction_heading(number: str, name: str) -> str | None:
    """A fraction heading composed from the flat layout's number and name cells ("1. ҚҰҚЫҚ")."""
    if number and name:
        written_number, _ = headings.parse_fraction_heading(name)
        return name if str(written_number) == number else f"{number}. {name}"
    if number:
        return f"{number}."
    return name or None
