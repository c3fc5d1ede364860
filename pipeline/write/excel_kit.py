"""The Excel kit: named cell styles, cells, tables, column widths and row heights, page set-up,
bar charts and workbook properties of the Excel reports. The only module that touches openpyxl
internals; the workbooks (plan report, district summary) are built from its pieces."""
from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, OneCellAnchor, SpreadsheetDrawing
from openpyxl.drawing.xdr import XDRPositiveSize2D
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.units import cm_to_EMU
from openpyxl.worksheet import _writer as sheet_writer  # noqa: PLC2701 (see _InMemoryWriter)
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer import excel as excel_writer

from pipeline.base import labels
from pipeline.read.excel import REPORT_CREATOR
from pipeline.write.atomic import atomic_path
from pipeline.write.words import PERCENT_NUMBER_FORMAT, link_target
from pipeline.write.wrapping import wrapped_lines

DATE_FORMAT = "DD.MM.YYYY"
# Excel refuses longer cell text.
MAX_CELL_TEXT = 32767
MIN_WIDTH, MAX_WIDTH = 6, 60
BOLD_WIDTH = 1.15
# Points per line of 11 pt text, for the row height of wrapped text; a default row in centimetres.
LINE_HEIGHT = 15
ROW_CM = 0.53
CHART_TOP_GAP_CM = 0.1

_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
# Fonts name their face and size: a font without them is drawn in another face by LibreOffice.
FONT_NAME, FONT_SIZE = "Calibri", 11
REGULAR = Font(name=FONT_NAME, size=FONT_SIZE)
BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
CAPTION_FONT = Font(name=FONT_NAME, size=12, bold=True)
_LINK_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="0563C1", underline="single")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_TEXT_ALIGN = Alignment(wrap_text=True, vertical="top")
_NUMBER_ALIGN = Alignment(vertical="top", horizontal="center")
_MARGINS = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
# A sheet is fitted to the page's width only down to this scale, below which its 11 pt text
# prints too small to read; a wider sheet prints at this scale across pages, column A on each.
MIN_PRINT_SCALE = 60
_PRINT_WIDTH_INCHES = 297 / 25.4 - _MARGINS.left - _MARGINS.right
# A column `width` characters wide is width × 7 + 5 pixels of 96 to the inch (Calibri 11).
_DIGIT_PX, _COLUMN_PADDING_PX, _PX_PER_INCH = 7, 5, 96

TEXT, NUMBER, DATE, PERCENT = "text", "number", "date", "percent"
# Named cell styles by the kind of value: assigning a named style to a cell is much faster than
# assigning fonts, borders and alignments one by one.
HEADER_STYLE = "Report header"
KIND_STYLES = {TEXT: "Report text", NUMBER: "Report number", DATE: "Report date", PERCENT: "Report percent"}


@dataclass(frozen=True)
class Column:
    """A table column: its header, what kind of values it holds and its widest width."""
    header: str
    kind: str = TEXT
    cap: int = MAX_WIDTH


@dataclass(frozen=True)
class Styled:
    """A cell value with a fill colour or a hyperlink target."""
    value: object
    fill: PatternFill | None = None
    link: str | None = None


def rate_value(value) -> float | None:
    """A rate as a percent cell holds it; None (an empty cell) when nothing was due."""
    return None if value is None or pd.isna(value) else float(value)


def fill(colour: str) -> PatternFill:
    """A solid cell fill of `colour` ("C6EFCE")."""
    return PatternFill("solid", fgColor=colour)


def link_cell(text: str, link: str) -> Styled | str:
    """`text` opening `link` when clicked (see `words.link_target`); plain text when no report
    opens that link."""
    target = link_target(link)
    return Styled(text, link=target) if target else text


def new_workbook(title: str) -> Workbook:
    """An empty workbook with the report's named cell styles and properties: its `title`, and the
    creator that marks it as this tool's, so that a report put into input/ is not read as a plan."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for style in _named_styles():
        workbook.add_named_style(style)
    workbook.properties.title = title
    workbook.properties.creator = REPORT_CREATOR
    return workbook


def save(workbook: Workbook, target: Path) -> Path:
    """`workbook` written to `target`, whole or not at all."""
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


class _InMemoryWriter(excel_writer.ExcelWriter):
    """openpyxl's writer with each sheet's XML kept in memory: openpyxl writes every sheet to a
    temporary file of its own, reads it back and removes it, which costs more than writing the
    sheet. The parts written are the same."""

    def write_worksheet(self, ws):
        if self.workbook.write_only:
            return super().write_worksheet(ws)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = sheet_writer.WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


# `Workbook.save` builds its writer by this name: every workbook saved in a process that loaded this
# module (reports, chart data, the marked Excel plans of a run) is written in memory.
excel_writer.ExcelWriter = _InMemoryWriter


def _named_styles() -> list[NamedStyle]:
    """The report's cell styles, made anew for each workbook (a named style belongs to one)."""
    numbers = {"font": REGULAR, "alignment": _NUMBER_ALIGN, "border": _BORDER}
    return [
        NamedStyle(HEADER_STYLE, font=BOLD, fill=_HEADER_FILL, alignment=_HEADER_ALIGN, border=_BORDER),
        NamedStyle(KIND_STYLES[TEXT], font=REGULAR, alignment=_TEXT_ALIGN, border=_BORDER),
        NamedStyle(KIND_STYLES[NUMBER], **numbers),
        NamedStyle(KIND_STYLES[DATE], number_format=DATE_FORMAT, **numbers),
        NamedStyle(KIND_STYLES[PERCENT], number_format=PERCENT_NUMBER_FORMAT, **numbers),
    ]


# --- writing cells and tables ---

def _named_styles_of(sheet: Worksheet) -> dict[str, StyleArray]:
    """The workbook's named cell styles as the style arrays its cells hold. A cell given its
    style by name looks the name up among the workbook's styles, which takes longer than
    writing the cell; copying the array is what openpyxl itself does after that lookup."""
    return {style.name: style.as_tuple() for style in sheet.parent._named_styles}


def put(sheet: Worksheet, row: int, col: int, value, style: StyleArray | None = None):
    """One cell in a named style: text as text (never a formula), a missing value empty."""
    styled = value if isinstance(value, Styled) else None
    if styled:
        value = styled.value
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        # Set as openpyxl's value setter would once it has checked the text, which is done here
        # (the check costs more than the cell): "=..." or "#N/A" typed in a plan is text, not a
        # formula or an error.
        cell._value = str(ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT])
        cell.data_type = "s"
    elif value is not None and not pd.isna(value):
        cell.value = value
    if style is not None:
        cell._style = StyleArray(style)
    if styled and styled.fill:
        cell.fill = styled.fill
    if styled and styled.link:
        cell.hyperlink = styled.link
        cell.font = _LINK_FONT
    return cell


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


def write_table(sheet: Worksheet, top: int, columns: list[Column], rows: list[list],
                 widths: dict[int, int], total: list | None = None) -> int:
    """A header row at `top`, then `rows` (and a bold `total` row); returns the last row written.
    `widths` collects the width each sheet column needs."""
    styles = _named_styles_of(sheet)
    header = styles[HEADER_STYLE]
    kinds = [(column, styles[KIND_STYLES[column.kind]]) for column in columns]
    for col, column in enumerate(columns, start=1):
        put(sheet, top, col, column.header, header)
        # A header wraps between words, never inside one; bold letters are wider.
        longest_word = max(map(len, column.header.split()), default=0)
        widths[col] = max(widths.get(col, 0), min(math.ceil(longest_word * BOLD_WIDTH) + 2, MAX_WIDTH))
    row_no = top
    for values in rows:
        row_no += 1
        _write_row(sheet, row_no, kinds, values, widths)
    if total is not None:
        row_no += 1
        _write_row(sheet, row_no, kinds, total, widths)
        for col in range(1, len(columns) + 1):
            cell = sheet.cell(row=row_no, column=col)
            cell.font, cell.fill = BOLD, _TOTAL_FILL
    return row_no


def _write_row(sheet: Worksheet, row_no: int, kinds: list[tuple[Column, StyleArray]], values: list,
               widths: dict[int, int]) -> None:
    """One table row, each column's cells in the named style of its kind of value."""
    for col, ((column, style), value) in enumerate(zip(kinds, values), start=1):
        put(sheet, row_no, col, value, style)
        width = min(_text_width(value, column.kind) + 2, column.cap)
        if width > widths.get(col, 0):
            widths[col] = width


def finish_sheet(sheet: Worksheet, header_row: int, columns: int, last_row: int, widths: dict[int, int], *,
                 page_header: str | None, lang: str, filter_last_row: int | None = None,
                 repeat_header: bool = True, name_columns: int = 1) -> None:
    """Column widths and frozen header; unless `page_header` is None, also row heights, a filter
    and landscape A4 print set-up with `page_header` on every page (and the header row, when
    `repeat_header`). A sheet fitted to the page width would print too small to read is printed
    at `MIN_PRINT_SCALE` across pages instead, its first `name_columns` (what names a row) on
    every page and frozen on screen."""
    set_widths(sheet, widths)
    scale = fit_scale(widths)
    readable = scale >= MIN_PRINT_SCALE
    sheet.freeze_panes = f"{get_column_letter(1 if readable else name_columns + 1)}{header_row + 1}"
    if page_header is None:
        return
    _fit_row_heights(sheet, header_row, last_row, widths)
    last_col = get_column_letter(max(columns, 1))
    sheet.auto_filter.ref = f"A{header_row}:{last_col}{max(filter_last_row or last_row, header_row)}"
    if repeat_header:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.orientation = sheet.ORIENTATION_LANDSCAPE
    setup.paperSize = sheet.PAPERSIZE_A4
    if readable:
        setup.fitToWidth = 1
        setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        setup.scale = MIN_PRINT_SCALE
        sheet.print_title_cols = f"A:{get_column_letter(name_columns)}"
    sheet.page_margins = _MARGINS
    sheet.oddHeader.center.text = _header_footer_text(page_header)
    sheet.oddFooter.center.text = labels.text("xlsx.page", lang)


def fit_scale(widths: dict[int, int]) -> int:
    """The print scale (percent, at most 100) at which columns `widths` wide fit the width of a
    landscape A4 page within the margins."""
    inches = sum((max(MIN_WIDTH, width) * _DIGIT_PX + _COLUMN_PADDING_PX) / _PX_PER_INCH for width in widths.values())
    return min(100, int(100 * _PRINT_WIDTH_INCHES / inches)) if inches else 100


def set_widths(sheet: Worksheet, widths: dict[int, int]) -> None:
    """Each column as wide as `widths` says (characters), at least `MIN_WIDTH`."""
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, width)


def _fit_row_heights(sheet: Worksheet, first_row: int, last_row: int, widths: dict[int, int]) -> None:
    """Row heights that show every wrapped line: neither Excel nor LibreOffice reliably grows a
    row for wrapped text in a generated file."""
    lines: dict[int, int] = {}
    # The cells written so far; iter_rows would create every empty cell of the range.
    for (row_no, col), cell in sheet._cells.items():
        if first_row <= row_no <= last_row and isinstance(cell.value, str):
            lines[row_no] = max(lines.get(row_no, 1), wrapped_lines(cell.value, max(MIN_WIDTH, widths.get(col, 0))))
    for row_no in sorted(lines):
        if lines[row_no] > 1:
            sheet.row_dimensions[row_no].height = LINE_HEIGHT * lines[row_no] + 2


def _header_footer_text(text: str) -> str:
    # "&" starts a code in Excel page headers.
    return text.replace("&", "&&")


def title_rows(sheet: Worksheet, lines: list[tuple[str, Font | None]], first_row: int = 1) -> int:
    """Single cells in column A, one a row, not wrapped so that they run across the columns;
    returns the next free row."""
    row_no = first_row
    for text, font in lines:
        if text:
            cell = put(sheet, row_no, 1, text)
            if font:
                cell.font = font
        row_no += 1
    return row_no


def drop_filter_and_frozen_header(sheet: Worksheet) -> None:
    """No filter and no frozen header row (a short list of figures needs neither)."""
    sheet.auto_filter.ref = None
    sheet.freeze_panes = None


def set_kind(sheet: Worksheet, row: int, col: int, kind: str) -> None:
    """The cell at (`row`, `col`) in the named style of another kind of value (`PERCENT`)."""
    sheet.cell(row=row, column=col).style = KIND_STYLES[kind]


def page_break_after(sheet: Worksheet, row_no: int) -> None:
    """The printed page ends after `row_no` (once, however often asked)."""
    if all(existing.id != row_no for existing in sheet.row_breaks.brk):
        sheet.row_breaks.append(Break(id=row_no))


# --- charts ---

def chart_data_workbook(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]) -> bytes:
    """The data of a Word chart as the .xlsx file Word opens with "Edit data": categories in
    column A of "Sheet1" under an empty corner cell, each series in the next column under its
    name (the cells the chart's references name)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for col, (name, values) in enumerate(series, start=2):
        put(sheet, 1, col, name)
        for row, value in enumerate(values, start=2):
            put(sheet, row, col, value)
    for row, category in enumerate(categories, start=2):
        put(sheet, row, 1, category)
    sheet.column_dimensions["A"].width = min(MAX_WIDTH, max(map(len, categories), default=10) + 2)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def completion_chart(sheet: Worksheet, header_row: int, last_row: int, title: str, rate_col: int,
                     max_height_cm: float | None = None) -> BarChart:
    """Horizontal bars of the completion rate by row (the names in column A, the rates in
    `rate_col` under the header at `header_row`), the first row on top; a centimetre a bar, at
    most `max_height_cm` high."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=rate_col, min_row=header_row, max_row=last_row), titles_from_data=True)
    names = Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row)
    chart.series[0].cat = AxDataSource(strRef=StrRef(f=str(names)))
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.y_axis.number_format = PERCENT_NUMBER_FORMAT
    chart.y_axis.majorGridlines = None
    chart.y_axis.crosses = "max"  # with the categories top-down, keeps the value axis at the bottom
    chart.series[0].graphicalProperties.solidFill = "4472C4"
    chart.dataLabels = DataLabelList(numFmt=PERCENT_NUMBER_FORMAT, showVal=True, showSerName=False, showCatName=False,
                                     showLegendKey=False, showPercent=False)
    chart.gapWidth = 60
    chart.width = 22
    chart.height = max(6.0, 2.5 + 1.0 * (last_row - header_row))
    if max_height_cm is not None:
        chart.height = min(chart.height, max_height_cm)
    return chart


def place_chart(sheet: Worksheet, chart: BarChart, cell: str) -> int:
    """`chart` on `sheet` with its top left corner a little below the top of `cell` ("A12");
    returns how many rows it covers."""
    letters, row = coordinate_from_string(cell)
    # a frame exactly on a row's top edge prints that edge at the foot of the page above too
    top = AnchorMarker(col=column_index_from_string(letters) - 1, row=row - 1, rowOff=cm_to_EMU(CHART_TOP_GAP_CM))
    sheet.add_chart(chart, OneCellAnchor(_from=top, ext=XDRPositiveSize2D(cm_to_EMU(chart.width), cm_to_EMU(chart.height))))
    return math.ceil((CHART_TOP_GAP_CM + chart.height) / ROW_CM)
