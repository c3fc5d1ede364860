"""The Excel kit: cell looks, cells, tables, column widths and row heights, page set-up, bar
charts and workbook properties of the Excel reports, written with XlsxWriter (a library made for
writing workbooks fast). The only module that touches XlsxWriter; the workbooks (plan report,
district summary, a Word chart's data) are built from its pieces, in memory, and saved whole.

A user's own workbook (the marked plan copy) is opened, commented and saved by openpyxl in
`user_workbook`, imported only when a copy is marked: writing a report never loads openpyxl."""
from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pipeline.base import labels
from pipeline.read.properties import REPORT_CREATOR
from pipeline.write.atomic import atomic_path
from pipeline.write.words import PERCENT_NUMBER_FORMAT, link_target

if TYPE_CHECKING:
    from openpyxl import Workbook as UserWorkbook
    from openpyxl.worksheet.worksheet import Worksheet as UserSheet
    from xlsxwriter.chart import Chart as XlsxChart
    from xlsxwriter.format import Format

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
_PX_PER_CM = 96 / 2.54
_PT_PER_PX = 0.75

# Fonts name their face and size: a font without them is drawn in another face by LibreOffice.
FONT_NAME, FONT_SIZE = "Calibri", 11
_HEADER_FILL, _TOTAL_FILL = "D9E1F2", "F2F2F2"
_BORDER_COLOUR = "A6A6A6"
# (left, right, top, bottom, header, footer) in inches: a printed report's, and a sheet's that is
# not set up for printing (Excel 2003's defaults, which those sheets have always had).
_MARGINS = (0.5, 0.4, 0.6, 0.6, 0.3, 0.3)
_PLAIN_MARGINS = (0.75, 0.75, 1.0, 1.0, 0.5, 0.5)
# A sheet is fitted to the page's width only down to this scale, below which its 11 pt text
# prints too small to read; a wider sheet prints at this scale across pages, column A on each.
MIN_PRINT_SCALE = 60
_PRINT_WIDTH_INCHES = 297 / 25.4 - _MARGINS[0] - _MARGINS[1]
# A column `width` characters wide is width × 7 + 5 pixels of 96 to the inch (Calibri 11).
_DIGIT_PX, _COLUMN_PADDING_PX, _PX_PER_INCH = 7, 5, 96
A4_PAPER = 9
# The control characters a cell cannot hold (XML 1.0 refuses them); they are left out.
_NOT_IN_CELLS = re.compile(r"[\000-\010\013\014\016-\037]")

TEXT, NUMBER, DATE, PERCENT = "text", "number", "date", "percent"


@dataclass(frozen=True)
class Font:
    """A cell's font: Calibri of `size` points, bold or not, in a colour or underlined."""
    size: float = FONT_SIZE
    bold: bool = False
    colour: str | None = None
    underline: bool = False


REGULAR = Font()
BOLD = Font(bold=True)
TITLE_FONT = Font(14, bold=True)
CAPTION_FONT = Font(12, bold=True)
_LINK_FONT = Font(colour="0563C1", underline=True)

# Alignments: a header's centred both ways; text wrapped at the top; numbers centred at the top.
_HEADER_ALIGN, _TEXT_ALIGN, _NUMBER_ALIGN = "header", "text", "number"
_ALIGNMENTS: dict[str, dict[str, object]] = {
    _HEADER_ALIGN: {"text_wrap": True, "valign": "vcenter", "align": "center"},
    _TEXT_ALIGN: {"text_wrap": True, "valign": "top"},
    _NUMBER_ALIGN: {"valign": "top", "align": "center"},
}


@dataclass(frozen=True)
class Look:
    """How a cell looks: its font (None: the workbook's default), fill colour, thin grey border,
    alignment and number format."""
    font: Font | None = None
    fill: str | None = None
    border: bool = False
    align: str | None = None
    number_format: str | None = None


HEADER_LOOK = Look(BOLD, _HEADER_FILL, True, _HEADER_ALIGN)
# The look of a table cell by the kind of value it holds.
KIND_LOOKS = {
    TEXT: Look(REGULAR, None, True, _TEXT_ALIGN),
    NUMBER: Look(REGULAR, None, True, _NUMBER_ALIGN),
    DATE: Look(REGULAR, None, True, _NUMBER_ALIGN, DATE_FORMAT),
    PERCENT: Look(REGULAR, None, True, _NUMBER_ALIGN, PERCENT_NUMBER_FORMAT),
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
        look = KIND_LOOKS[self.kind] if self.kind else look or Look()
        if self.fill:
            look = dataclasses.replace(look, fill=self.fill)
        if self.link:
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
    """`text` without the characters a cell cannot hold."""
    return _NOT_IN_CELLS.sub("", text)


# --- workbooks and sheets ---

class Book:
    """A report workbook being written in memory: XlsxWriter's workbook and the format of each
    look its cells have."""

    def __init__(self, title: str | None):
        """An empty workbook; with a `title`, its properties are that title and the creator that
        marks it as this tool's, so that a report put into input/ is not read as a plan."""
        self._buffer = io.BytesIO()
        self.workbook = xlsxwriter.Workbook(self._buffer, {"in_memory": True})
        self._formats: dict[Look, Format] = {}
        if title is not None:
            self.workbook.set_properties({"title": title, "author": REPORT_CREATOR})

    def sheet(self, name: str) -> Sheet:
        """A new sheet called `name`, after the others."""
        return Sheet(self, name)

    def format(self, look: Look) -> Format:
        """The workbook's format of `look`, made once."""
        cell_format = self._formats.get(look)
        if cell_format is None:
            cell_format = self._formats[look] = self.workbook.add_format(_format_properties(look))
        return cell_format

    def data(self) -> bytes:
        """The finished workbook as the bytes of its .xlsx file."""
        self.workbook.close()
        return self._buffer.getvalue()


def _format_properties(look: Look) -> dict:
    """XlsxWriter's properties of `look`. A font has only its name, size, weight, colour and
    underline: no theme colour, family or scheme, which XlsxWriter adds by default."""
    properties: dict[str, object] = {}
    font = look.font
    if font is not None:
        properties.update(font_name=FONT_NAME, font_size=font.size, bold=font.bold, font_family=0,
                          font_scheme="none", font_color=f"#{font.colour}" if font.colour else "automatic")
        if font.underline:
            properties["underline"] = 1
    if look.fill:
        properties.update(pattern=1, bg_color=f"#{look.fill}")
    if look.border:
        properties.update(border=1, border_color=f"#{_BORDER_COLOUR}")
    if look.align:
        properties.update(_ALIGNMENTS[look.align])
    if look.number_format:
        properties["num_format"] = look.number_format
    return properties


class Sheet:
    """A sheet being written: XlsxWriter's worksheet, its name, the texts written in it (which
    its row heights follow) and its page breaks. Rows and columns count from 1, as Excel shows them."""

    def __init__(self, book: Book, name: str):
        self.book = book
        self.name = name
        self.worksheet = book.workbook.add_worksheet(name)
        self.texts: list[tuple[int, int, str]] = []
        self.breaks: list[int] = []
        _set_margins(self, _PLAIN_MARGINS)


def save(book: Book | UserWorkbook, target: Path) -> Path:
    """`book` written to `target`, whole or not at all: a report built here, or a user's workbook
    opened by `open_workbook` (openpyxl)."""
    if not isinstance(book, Book):
        from pipeline.write import user_workbook
        return user_workbook.save(book, target)
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
    _put(sheet, row, col, value, sheet.book.format(look) if look else None)


def _put(sheet: Sheet, row: int, col: int, value, cell_format: Format | None) -> None:
    """One cell in `cell_format`; see `put`."""
    link = None
    if isinstance(value, Styled):
        value, link = value.value, value.link
    worksheet, r, c = sheet.worksheet, row - 1, col - 1
    kind = type(value)
    if kind is str:
        # "=..." or "#N/A" typed in a plan is text, not a formula or an error; no text, no value.
        text = cell_text(value)[:MAX_CELL_TEXT]
        if not text:
            worksheet.write_blank(r, c, None, cell_format)
            return
        sheet.texts.append((row, col, text))
        if link:
            worksheet.write_url(r, c, link, cell_format, text)
        else:
            worksheet.write_string(r, c, text, cell_format)
    elif kind is int:
        worksheet.write_number(r, c, value, cell_format)
    elif value is None or pd.isna(value):
        worksheet.write_blank(r, c, None, cell_format)
    elif isinstance(value, dt.date):
        worksheet.write_datetime(r, c, value, cell_format)
    else:
        worksheet.write_number(r, c, value, cell_format)


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
    header = book.format(HEADER_LOOK)
    for col, column in enumerate(columns, start=1):
        _put(sheet, top, col, column.header, header)
        # A header wraps between words, never inside one; bold letters are wider.
        longest_word = max(map(len, column.header.split()), default=0)
        widths[col] = max(widths.get(col, 0), min(math.ceil(longest_word * BOLD_WIDTH) + 2, MAX_WIDTH))
    looks = [KIND_LOOKS[column.kind] for column in columns]
    cells = [(column, look, book.format(look)) for column, look in zip(columns, looks)]
    row_no = top
    for values in rows:
        row_no += 1
        _write_row(sheet, row_no, cells, values, widths)
    if total is not None:
        row_no += 1
        totals = [dataclasses.replace(look, font=BOLD, fill=_TOTAL_FILL) for look in looks]
        _write_row(sheet, row_no, [(column, look, book.format(look)) for column, look in zip(columns, totals)],
                   total, widths)
    return row_no


def _write_row(sheet: Sheet, row_no: int, cells: list[tuple[Column, Look, Format]], values: list,
               widths: dict[int, int]) -> None:
    """One table row, each column's cells in the look of its kind of value, as wide as the
    column's kind measures them."""
    for col, ((column, look, cell_format), value) in enumerate(zip(cells, values), start=1):
        if isinstance(value, Styled):
            _put(sheet, row_no, col, value, sheet.book.format(value.look_on(look)))
        else:
            _put(sheet, row_no, col, value, cell_format)
        width = min(_text_width(value, column.kind) + 2, column.cap)
        if width > widths.get(col, 0):
            widths[col] = width


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
        worksheet.freeze_panes(header_row, 0 if readable else name_columns)
    if page_header is None:
        return
    _fit_row_heights(sheet, header_row, last_row, widths)
    if filtered:
        worksheet.autofilter(header_row - 1, 0, max(filter_last_row or last_row, header_row) - 1, max(columns, 1) - 1)
    if repeat_header:
        worksheet.repeat_rows(header_row - 1)
    worksheet.set_landscape()
    worksheet.set_paper(A4_PAPER)
    if readable:
        worksheet.fit_to_pages(1, 0)
    else:
        worksheet.set_print_scale(MIN_PRINT_SCALE)
        worksheet.repeat_columns(0, name_columns - 1)
    _set_margins(sheet, _MARGINS, f"&C{_header_footer_text(page_header)}", f"&C{labels.text('xlsx.page', lang)}")


def _set_margins(sheet: Sheet, margins: tuple[float, ...], header: str = "", footer: str = "") -> None:
    """The page margins (`_MARGINS`) and the page header and footer text."""
    left, right, top, bottom, header_margin, footer_margin = margins
    worksheet = sheet.worksheet
    worksheet.set_margins(left=left, right=right, top=top, bottom=bottom)
    worksheet.set_header(header, {"margin": header_margin})
    worksheet.set_footer(footer, {"margin": footer_margin})


def fit_scale(widths: dict[int, int]) -> int:
    """The print scale (percent, at most 100) at which columns `widths` wide fit the width of a
    landscape A4 page within the margins."""
    inches = sum((max(MIN_WIDTH, width) * _DIGIT_PX + _COLUMN_PADDING_PX) / _PX_PER_INCH for width in widths.values())
    return min(100, int(100 * _PRINT_WIDTH_INCHES / inches)) if inches else 100


def set_widths(sheet: Sheet, widths: dict[int, int]) -> None:
    """Each column as wide as `widths` says (characters), at least `MIN_WIDTH`."""
    for col, width in widths.items():
        _set_width(sheet, col, max(MIN_WIDTH, width))


def _set_width(sheet: Sheet, col: int, width: int) -> None:
    """Column `col` `width` characters wide as the file stores it (XlsxWriter's `set_column`
    would add a cell's padding to it)."""
    sheet.worksheet.set_column_pixels(col - 1, col - 1, width * _DIGIT_PX)


def _fit_row_heights(sheet: Sheet, first_row: int, last_row: int, widths: dict[int, int]) -> None:
    """Row heights that show every wrapped line: neither Excel nor LibreOffice reliably grows a
    row for wrapped text in a generated file."""
    lines: dict[int, int] = {}
    for row_no, col, text in sheet.texts:
        if first_row <= row_no <= last_row:
            lines[row_no] = max(lines.get(row_no, 1), wrapped_lines(text, max(MIN_WIDTH, widths.get(col, 0))))
    for row_no in sorted(lines):
        if lines[row_no] > 1:
            _set_height(sheet, row_no, LINE_HEIGHT * lines[row_no] + 2)


def _set_height(sheet: Sheet, row_no: int, points: int) -> None:
    """Row `row_no` `points` high, exactly (XlsxWriter's `set_row` rounds to whole pixels)."""
    sheet.worksheet.set_row_pixels(row_no - 1, points / _PT_PER_PX)


# A capital letter is wider than the digit a column's width is measured in (Cyrillic capitals
# most of all): "«ҚҰҚЫҚТЫҚ МӘДЕНИЕТ» ЖОБАСЫ" needs about a third more room than its length.
CAPITAL_WIDTH = 1.35


def _text_length(text: str) -> float:
    """How wide `text` is, in widths of a digit."""
    return len(text) + (CAPITAL_WIDTH - 1) * sum(map(str.isupper, text))


def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapped between words."""
    room = max(1, width - 1)
    if len(text) * CAPITAL_WIDTH <= room and "\n" not in text:
        return 1
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0.0
        for word in line.split():
            length = _text_length(word)
            if used and used + 1 + length > room:
                count += 1
                used = 0.0
            used += length + (1 if used else 0)
            while used > room:  # a word longer than the column breaks across lines
                count += 1
                used -= room
    return count


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
    if row_no not in sheet.breaks:
        sheet.breaks.append(row_no)
        sheet.worksheet.set_h_pagebreaks(sheet.breaks)


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
    _set_width(sheet, 1, min(MAX_WIDTH, max(map(len, categories), default=10) + 2))
    return book.data()


@dataclass(frozen=True)
class Chart:
    """A chart to place on a sheet, and its size."""
    chart: XlsxChart
    width_cm: float
    height_cm: float


def _cells_ref(sheet: Sheet, col: int, first_row: int, last_row: int | None = None) -> str:
    """A reference to column `col`'s cells from `first_row` to `last_row` ("='Жиынтық'!$F$11:$F$18",
    "='Жиынтық'!$F$11" for one), or to the header cell at `first_row` ("='Жиынтық'!F10")."""
    name = "'" + sheet.name.replace("'", "''") + "'"
    letter = xl_col_to_name(col - 1)
    if last_row is None:
        return f"={name}!{letter}{first_row}"
    cells = f"${letter}${first_row}" + (f":${letter}${last_row}" if last_row != first_row else "")
    return f"={name}!{cells}"


def completion_chart(sheet: Sheet, header_row: int, last_row: int, title: str, rate_col: int,
                     max_height_cm: float | None = None, width_cm: float = CHART_WIDTH_CM) -> Chart:
    """Horizontal bars of the completion rate by row (the names in column A, the rates in
    `rate_col` under the header at `header_row`), the first row on top, `width_cm` wide; a
    centimetre a bar, at most `max_height_cm` high."""
    chart = sheet.book.workbook.add_chart({"type": "bar"})
    chart.set_title({"name": title})
    chart.set_legend({"none": True})
    chart.add_series({
        "name": _cells_ref(sheet, rate_col, header_row),
        "categories": _cells_ref(sheet, 1, header_row + 1, last_row),
        "values": _cells_ref(sheet, rate_col, header_row + 1, last_row),
        "fill": {"color": "#4472C4"},
        "border": {"dash_type": "solid"},
        "data_labels": {"value": True, "num_format": PERCENT_NUMBER_FORMAT},
        "gap": 60,
    })
    no_ticks = {"major_tick_mark": "none", "minor_tick_mark": "none"}
    # A bar chart's x axis is its value axis, across; its y axis the rows, top-down, which the
    # value axis crosses at their end, so that it stays at the bottom.
    chart.set_x_axis({"min": 0, "max": 1, "num_format": PERCENT_NUMBER_FORMAT, "major_gridlines": {"visible": False},
                      **no_ticks})
    chart.set_y_axis({"reverse": True, "crossing": "max", **no_ticks})
    height = max(6.0, 2.5 + 1.0 * (last_row - header_row))
    if max_height_cm is not None:
        height = min(height, max_height_cm)
    return Chart(chart, width_cm, height)


def place_chart(sheet: Sheet, chart: Chart, row: int) -> int:
    """`chart` on `sheet` with its top left corner in column A a little below the top of `row`,
    moving with the cells but keeping its size; returns how many rows it covers."""
    chart.chart.set_size({"width": chart.width_cm * _PX_PER_CM, "height": chart.height_cm * _PX_PER_CM})
    # a frame exactly on a row's top edge prints that edge at the foot of the page above too
    sheet.worksheet.insert_chart(row - 1, 0, chart.chart, {"y_offset": CHART_TOP_GAP_CM * _PX_PER_CM,
                                                           "object_position": 2})
    return math.ceil((CHART_TOP_GAP_CM + chart.height_cm) / ROW_CM)


# --- comments on a user's workbook (openpyxl, in `user_workbook`) ---

def open_workbook(path: Path) -> UserWorkbook:
    """The user's workbook as openpyxl reads it, formulas as written (the file itself is only read)."""
    from pipeline.write import user_workbook
    return user_workbook.open_workbook(path)


def add_comment(sheet: UserSheet, row: int, col: int, text: str) -> None:
    """A cell comment by "plan-report" at (`row`, `col`) of a user's sheet; a cell already
    commented here gets `text` below the earlier text (a cell holds one comment)."""
    from pipeline.write import user_workbook
    user_workbook.add_comment(sheet, row, col, text)
