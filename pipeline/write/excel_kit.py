"""The Excel kit: cell looks, cells, tables, column widths and row heights, page set-up, bar
charts and workbook properties of the Excel reports, built on `xlsx_parts` (the workbook's XML
written directly); the workbooks (plan report, district summary, a Word chart's data) are built
from its pieces, in memory, and saved whole."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.base import labels
from pipeline.read.properties import REPORT_CREATOR
from pipeline.write.atomic import atomic_path
from pipeline.write.words import PERCENT_NUMBER_FORMAT, link_target
from pipeline.write.wrapping import wrapped_lines
from pipeline.write.xlsx_parts import Alignment, BarChart, Font, Look, Workbook, column_letter, quoted_sheet
from pipeline.write.xml_text import xml_text

DATE_FORMAT = "DD.MM.YYYY"
# Excel refuses longer cell text.
MAX_CELL_TEXT = 32767
MIN_WIDTH, MAX_WIDTH = 6, 60
BOLD_WIDTH = 1.15
# Points per line of 11 pt text, for the row height of wrapped text; a default row in centimetres.
LINE_HEIGHT = 15
ROW_CM = 0.53
CHART_TOP_GAP_CM = 0.1
CHART_WIDTH_CM = 22

_HEADER_FILL, _TOTAL_FILL = "D9E1F2", "F2F2F2"
_BORDER_COLOUR = "A6A6A6"
# A printed report's (left, right, top, bottom, header, footer) margins in inches.
_MARGINS = (0.5, 0.4, 0.6, 0.6, 0.3, 0.3)
# A sheet is fitted to the page's width only down to this scale, below which its 11 pt text
# prints too small to read; a wider sheet prints at this scale across pages, column A on each.
MIN_PRINT_SCALE = 60
_PRINT_WIDTH_INCHES = 297 / 25.4 - _MARGINS[0] - _MARGINS[1]
# A column `width` characters wide is width × 7 + 5 pixels of 96 to the inch (Calibri 11).
_DIGIT_PX, _COLUMN_PADDING_PX, _PX_PER_INCH = 7, 5, 96
A4_PAPER = 9
_BAR_COLOUR, _BAR_GAP = "4472C4", 60

TEXT, NUMBER, DATE, PERCENT = "text", "number", "date", "percent"


REGULAR = Font()
BOLD = Font(bold=True)
TITLE_FONT = Font(14, bold=True)
CAPTION_FONT = Font(12, bold=True)
_LINK_FONT = Font(colour="0563C1", underline=True)

# A header is centred both ways; text wraps at the top; numbers are centred at the top.
_HEADER_ALIGN = Alignment("center", "center", wrap=True)
_TEXT_ALIGN = Alignment(vertical="top", wrap=True)
_NUMBER_ALIGN = Alignment("center", "top")

HEADER_LOOK = Look(BOLD, _HEADER_FILL, _BORDER_COLOUR, _HEADER_ALIGN)
# The look of a table cell by the kind of value it holds.
KIND_LOOKS = {
    TEXT: Look(REGULAR, None, _BORDER_COLOUR, _TEXT_ALIGN),
    NUMBER: Look(REGULAR, None, _BORDER_COLOUR, _NUMBER_ALIGN),
    DATE: Look(REGULAR, None, _BORDER_COLOUR, _NUMBER_ALIGN, DATE_FORMAT),
    PERCENT: Look(REGULAR, None, _BORDER_COLOUR, _NUMBER_ALIGN, PERCENT_NUMBER_FORMAT),
}


@dataclass(frozen=True)
class Column:
    """A table column: its header, what kind of values it holds and its widest width."""
    header: str
    kind: str = TEXT
    cap: int = MAX_WIDTH


@dataclass(frozen=True)
class Styled:
    """A cell value with a fill colour ("C6EFCE"), a hyperlink target, or in the look of another
    kind of value than its column's (`PERCENT`)."""
    value: object
    fill: str | None = None
    link: str | None = None
    kind: str | None = None

    def look_on(self, look: Look | None) -> Look:
        """The cell's look in a column of `look`."""
        return _styled_look(look or Look(), self.kind, self.fill, bool(self.link))


@lru_cache(maxsize=1024)
def _styled_look(look: Look, kind: str | None, fill: str | None, linked: bool) -> Look:
    """`look` as a `Styled` value changes it: another kind's look, a fill, a link's font."""
    look = KIND_LOOKS[kind] if kind else look
    if fill:
        look = dataclasses.replace(look, fill=fill)
    if linked:
        look = dataclasses.replace(look, font=_LINK_FONT)
    return look


def rate_value(value) -> float | None:
    """A rate as a percent cell holds it; None (an empty cell) when nothing was due."""
    return None if value is None or pd.isna(value) else float(value)


def link_cell(text: str, link: str) -> Styled | str:
    """`text` opening `link` when clicked (see `words.link_target`); plain text when no report
    opens that link."""
    target = link_target(link)
    return Styled(text, link=target) if target else text


def cell_text(text: str) -> str:
    """`text` without the characters a cell cannot hold (which are none of them printable)."""
    return text if text.isprintable() else xml_text(text)


# --- workbooks and sheets ---

class Book:
    """A report workbook being written in memory."""

    def __init__(self, title: str | None):
        """An empty workbook; with a `title`, its properties are that title and the creator that
        marks it as this tool's, so that a report put into input/ is not read as a plan."""
        self.workbook = Workbook(title, REPORT_CREATOR if title is not None else None)

    def sheet(self, name: str) -> Sheet:
        """A new sheet called `name`, after the others."""
        return Sheet(self, name)

    def style(self, look: Look) -> int:
        """The workbook's style index of `look`."""
        return self.workbook.style(look)

    def data(self) -> bytes:
        """The finished workbook as the bytes of its .xlsx file."""
        return self.workbook.to_bytes()


class Sheet:
    """A sheet being written: its part (`xlsx_parts.Worksheet`), its name and the texts written
    in it, which its row heights follow. Rows and columns count from 1, as Excel shows them."""

    def __init__(self, book: Book, name: str):
        self.book = book
        self.name = name
        self.worksheet = book.workbook.add_sheet(name)
        self.texts: list[tuple[int, int, str]] = []


def save(book: Book, target: Path) -> Path:
    """`book` written to `target`, whole or not at all."""
    data = book.data()
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


# --- writing cells and tables ---

def put(sheet: Sheet, row: int, col: int, value, look: Look | None = None) -> None:
    """One cell in `look` (a `Styled` value in its own): text as text (never a formula), a
    missing value empty."""
    if isinstance(value, Styled):
        look = value.look_on(look)
    _put(sheet, row, col, value, sheet.book.style(look) if look else 0)


def _put(sheet: Sheet, row: int, col: int, value, style: int) -> None:
    """One cell in the look of style index `style`; see `put`."""
    link = None
    if isinstance(value, Styled):
        value, link = value.value, value.link
    kind = type(value)
    if kind is str:
        # "=..." or "#N/A" typed in a plan is text, not a formula or an error; no text, no value.
        text = cell_text(value)[:MAX_CELL_TEXT]
        if not text:
            sheet.worksheet.write(row, col, None, style)
        elif link:
            sheet.texts.append((row, col, text))
            sheet.worksheet.write_link(row, col, text, link, style)
        else:
            sheet.texts.append((row, col, text))
            sheet.worksheet.write(row, col, text, style)
    elif kind is int:
        sheet.worksheet.write(row, col, value, style)
    elif value is None or pd.isna(value):
        sheet.worksheet.write(row, col, None, style)
    elif isinstance(value, dt.date):
        sheet.worksheet.write_date(row, col, value, style)
    else:  # a number; an infinite one is no number a cell can hold
        number = float(value)
        sheet.worksheet.write(row, col, number if math.isfinite(number) else None, style)


def _text_width(value, kind: str) -> int:
    if isinstance(value, Styled):
        value = value.value
    if value is None:
        return 0
    if kind == DATE:
        return 10
    if kind == PERCENT:
        return 6
    text = str(value)
    return max(map(len, text.split("\n"))) if "\n" in text else len(text)


def write_table(sheet: Sheet, top: int, columns: list[Column], rows: list[list],
                widths: dict[int, int], total: list | None = None) -> int:
    """A header row at `top`, then `rows` (and a bold `total` row); returns the last row written.
    `widths` collects the width each sheet column needs."""
    book = sheet.book
    header = book.style(HEADER_LOOK)
    for col, column in enumerate(columns, start=1):
        _put(sheet, top, col, column.header, header)
        # A header wraps between words, never inside one; bold letters are wider.
        longest_word = max(map(len, column.header.split()), default=0)
        widths[col] = max(widths.get(col, 0), min(math.ceil(longest_word * BOLD_WIDTH) + 2, MAX_WIDTH))
    looks = [KIND_LOOKS[column.kind] for column in columns]
    styles = [book.style(look) for look in looks]
    row_no = top
    for values in rows:
        row_no += 1
        _write_row(sheet, row_no, columns, looks, styles, values, widths)
    if total is not None:
        row_no += 1
        totals = [dataclasses.replace(look, font=BOLD, fill=_TOTAL_FILL) for look in looks]
        _write_row(sheet, row_no, columns, totals, [book.style(look) for look in totals], total, widths)
    return row_no


def _write_row(sheet: Sheet, row_no: int, columns: list[Column], looks: list[Look], styles: list[int], values: list,
               widths: dict[int, int]) -> None:
    """One table row, each column's cells in its look (of style index `styles`), as wide as the
    column's kind measures them (a column as wide as its cap grows no more)."""
    for col, (column, look, style, value) in enumerate(zip(columns, looks, styles, values), start=1):
        if isinstance(value, Styled):
            style = sheet.book.style(value.look_on(look))
        _put(sheet, row_no, col, value, style)
        width = widths.get(col, 0)
        if width < column.cap:
            widths[col] = max(width, min(_text_width(value, column.kind) + 2, column.cap))


def finish_sheet(sheet: Sheet, header_row: int, columns: int, last_row: int, widths: dict[int, int], *,
                 page_header: str | None, lang: str, filter_last_row: int | None = None,
                 repeat_header: bool = True, name_columns: int = 1, filtered: bool = True) -> None:
    """Column widths and, when `filtered`, a frozen header; unless `page_header` is None, also
    row heights, a filter (when `filtered`) and landscape A4 print set-up with `page_header` on
    every page (and the header row, when `repeat_header`). A sheet fitted to the page width would
    print too small to read is printed at `MIN_PRINT_SCALE` across pages instead, its first
    `name_columns` (what names a row) on every page and frozen on screen."""
    worksheet = sheet.worksheet
    set_widths(sheet, widths)
    readable = fit_scale(widths) >= MIN_PRINT_SCALE
    if filtered:
        worksheet.frozen = (header_row, 0 if readable else name_columns)
    if page_header is None:
        return
    _fit_row_heights(sheet, header_row, last_row, widths)
    if filtered:
        worksheet.filter_ref = f"A{header_row}:{column_letter(max(columns, 1))}{max(filter_last_row or last_row, header_row)}"
    if repeat_header:
        worksheet.title_rows = (header_row, header_row)
    worksheet.landscape = True
    worksheet.paper = A4_PAPER
    if readable:
        worksheet.fit_width = True
    else:
        worksheet.scale = MIN_PRINT_SCALE
        worksheet.title_columns = (1, name_columns)
    worksheet.margins = _MARGINS
    worksheet.header = f"&C{_header_footer_text(page_header)}"
    worksheet.footer = f"&C{labels.text('xlsx.page', lang)}"


def fit_scale(widths: dict[int, int]) -> int:
    """The print scale (percent, at most 100) at which columns `widths` wide fit the width of a
    landscape A4 page within the margins."""
    inches = sum((max(MIN_WIDTH, width) * _DIGIT_PX + _COLUMN_PADDING_PX) / _PX_PER_INCH for width in widths.values())
    return min(100, int(100 * _PRINT_WIDTH_INCHES / inches)) if inches else 100


def set_widths(sheet: Sheet, widths: dict[int, int]) -> None:
    """Each column as wide as `widths` says (characters), at least `MIN_WIDTH`."""
    for col, width in widths.items():
        sheet.worksheet.widths[col] = max(MIN_WIDTH, width)


def _fit_row_heights(sheet: Sheet, first_row: int, last_row: int, widths: dict[int, int]) -> None:
    """Row heights that show every wrapped line: neither Excel nor LibreOffice reliably grows a
    row for wrapped text in a generated file."""
    columns = {col: max(MIN_WIDTH, width) for col, width in widths.items()}
    lines: dict[int, int] = {}
    for row_no, col, text in sheet.texts:
        if first_row <= row_no <= last_row:
            count = wrapped_lines(text, columns.get(col, MIN_WIDTH))
            if count > lines.get(row_no, 1):
                lines[row_no] = count
    for row_no in sorted(lines):
        sheet.worksheet.heights[row_no] = LINE_HEIGHT * lines[row_no] + 2


def _header_footer_text(text: str) -> str:
    # "&" starts a code in Excel page headers.
    return text.replace("&", "&&")


def title_rows(sheet: Sheet, lines: list[tuple[str, Font | None]], first_row: int = 1) -> int:
    """Single cells in column A, one a row, not wrapped so that they run across the columns;
    returns the next free row."""
    row_no = first_row
    for text, font in lines:
        if text:
            put(sheet, row_no, 1, text, Look(font) if font else None)
        row_no += 1
    return row_no


def page_break_after(sheet: Sheet, row_no: int) -> None:
    """The printed page ends after `row_no` (once, however often asked)."""
    breaks = sheet.worksheet.breaks
    if row_no not in breaks:
        breaks.append(row_no)


# --- charts ---

def chart_data_workbook(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> bytes:
    """The data of a Word chart as the .xlsx file Word opens with "Edit data": categories in
    column A of "Sheet1" under an empty corner cell, each series in the next column under its
    name (the cells the chart's references name)."""
    book = Book(None)
    sheet = book.sheet("Sheet1")
    for col, (name, values) in enumerate(series, start=2):
        put(sheet, 1, col, name)
        for row, value in enumerate(values, start=2):
            put(sheet, row, col, value)
    for row, category in enumerate(categories, start=2):
        put(sheet, row, 1, category)
    sheet.worksheet.widths[1] = min(MAX_WIDTH, max(map(len, categories), default=10) + 2)
    return book.data()


def _cells_ref(sheet: Sheet, col: int, first_row: int, last_row: int | None = None) -> str:
    """A reference to column `col`'s cells from `first_row` to `last_row` ("'Жиынтық'!$F$11:$F$18",
    "'Жиынтық'!$F$11" for one), or to the header cell at `first_row` ("'Жиынтық'!F10")."""
    letter = column_letter(col)
    if last_row is None:
        return f"{quoted_sheet(sheet.name)}!{letter}{first_row}"
    cells = f"${letter}${first_row}" + (f":${letter}${last_row}" if last_row != first_row else "")
    return f"{quoted_sheet(sheet.name)}!{cells}"


def completion_chart(sheet: Sheet, header_row: int, last_row: int, title: str, rate_col: int,
                     max_height_cm: float | None = None, width_cm: float = CHART_WIDTH_CM) -> BarChart:
    """Horizontal bars of the completion rate by row (the names in column A, the rates in
    `rate_col` under the header at `header_row`), the first row on top, `width_cm` wide; a
    centimetre a bar, at most `max_height_cm` high."""
    height = max(6.0, 2.5 + 1.0 * (last_row - header_row))
    if max_height_cm is not None:
        height = min(height, max_height_cm)
    return BarChart(title, _cells_ref(sheet, rate_col, header_row), _cells_ref(sheet, 1, header_row + 1, last_row),
                    _cells_ref(sheet, rate_col, header_row + 1, last_row), PERCENT_NUMBER_FORMAT, _BAR_COLOUR,
                    _BAR_GAP, width_cm, height)


def place_chart(sheet: Sheet, chart: BarChart, row: int) -> int:
    """`chart` on `sheet` with its top left corner in column A a little below the top of `row`,
    moving with the cells but keeping its size; returns how many rows it covers."""
    # a frame exactly on a row's top edge prints that edge at the foot of the page above too
    sheet.worksheet.charts.append((chart, row, CHART_TOP_GAP_CM))
    return math.ceil((CHART_TOP_GAP_CM + chart.height_cm) / ROW_CM)
