"""The Excel report workbook: a summary with per-fraction statistics and a bar chart, the
statistics as data, the period's activities with status colours and clickable links, every link,
the whole normalized plan (laid out so that the flat Excel reader reads it back) and the notes."""
from __future__ import annotations

import datetime as dt
import math
import re
from copy import copy
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.base import vocab
from pipeline.base.labels import translator
from pipeline.evaluate.report import PlanReport, estimate_line, grade_runs, period_label, period_name
from pipeline.read.excel import REPORT_CREATOR
from pipeline.write.atomic import atomic_path
from schemas import STATUSES
from schemas import Activities as A
from schemas import FractionStats as F
from schemas import Notes as N
from schemas import QuarterStatus as Q

NUMBER_HEADER = "№"
DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0.0%"
# Excel refuses longer cell text and ignores longer hyperlink targets.
MAX_CELL_TEXT = 32767
MAX_LINK = 2000
MIN_WIDTH, MAX_WIDTH = 6, 60
BOLD_WIDTH = 1.15
# Points per line of 11 pt text, for the row height of wrapped text; a default row in centimetres.
LINE_HEIGHT = 15
ROW_CM = 0.53

# Status colours: green done, yellow partly done or still to come, red not held or not proven,
# blue moved to another period.
STATUS_COLOURS = {
    "done": "C6EFCE",
    "partial": "FFEB9C",
    "planned": "FFEB9C",
    "not_held": "FFC7CE",
    "not_confirmed": "FFC7CE",
    "moved": "BDD7EE",
}
SEVERITY_COLOURS = {"error": "FFC7CE", "warning": "FFEB9C"}

_STATUS_FILLS = {status: PatternFill("solid", fgColor=colour) for status, colour in STATUS_COLOURS.items()}
_SEVERITY_FILLS = {severity: PatternFill("solid", fgColor=colour) for severity, colour in SEVERITY_COLOURS.items()}
_HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
# Fonts name their face and size: a font without them is drawn in another face by LibreOffice.
FONT_NAME, FONT_SIZE = "Calibri", 11
_REGULAR = Font(name=FONT_NAME, size=FONT_SIZE)
_BOLD = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
_TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
_CAPTION_FONT = Font(name=FONT_NAME, size=12, bold=True)
_LINK_FONT = Font(name=FONT_NAME, size=FONT_SIZE, color="0563C1", underline="single")
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
_TEXT_ALIGN = Alignment(wrap_text=True, vertical="top")
_NUMBER_ALIGN = Alignment(vertical="top", horizontal="center")
_MARGINS = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)

TEXT, NUMBER, DATE, PERCENT = "text", "number", "date", "percent"
# Named cell styles by the kind of value: assigning a named style to a cell is much faster than
# assigning fonts, borders and alignments one by one.
HEADER_STYLE = "Report header"
KIND_STYLES = {TEXT: "Report text", NUMBER: "Report number", DATE: "Report date", PERCENT: "Report percent"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_LINK_SEPARATORS = re.compile(r"\s+")
_LINK_TRIM = ";,"


@dataclass(frozen=True)
class _Column:
    """A table column: its header, what kind of values it holds and its widest width."""
    header: str
    kind: str = TEXT
    cap: int = MAX_WIDTH


@dataclass(frozen=True)
class _Styled:
    """A cell value with a fill colour or a hyperlink target."""
    value: object
    fill: PatternFill | None = None
    link: str | None = None


def write_xlsx(report: PlanReport, target: Path) -> Path:
    """The report workbook written atomically to `target`, every text in `report.lang`."""
    workbook = report_workbook(report)
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


def write_plan_xlsx(report: PlanReport, target: Path) -> Path:
    """A workbook holding only the normalized plan sheet, which the flat Excel reader reads back
    into the same activities (the plan kept in Excel from now on), written atomically."""
    workbook = _workbook(report, [("xlsx.sheet_plan", _plan_sheet)])
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


def report_workbook(report: PlanReport) -> Workbook:
    """The report as an unsaved workbook."""
    return _workbook(report, [
        ("xlsx.sheet_summary", _summary_sheet),
        ("xlsx.sheet_fractions", _fractions_sheet),
        ("xlsx.sheet_activities", _activities_sheet),
        ("xlsx.sheet_links", _links_sheet),
        ("xlsx.sheet_plan", _plan_sheet),
        ("xlsx.sheet_notes", _notes_sheet),
    ])


def _workbook(report: PlanReport, sheets: list[tuple[str, SheetBuilder]]) -> Workbook:
    """A workbook with a sheet per (name label, builder); sheets are named before they are
    built, since a chart refers to its data by the sheet's name."""
    t = translator(report.lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for style in _named_styles():
        workbook.add_named_style(style)
    workbook.properties.title = t("report.title")
    workbook.properties.creator = REPORT_CREATOR
    rows = _ReportRows(report)
    for key, build in sheets:
        build(workbook.create_sheet(t(key)), report, rows)
    return workbook


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows of `frame` as dicts by column, values as iterating a column gives them."""
    names = list(frame.columns)
    columns = [values.tolist() for _, values in frame.items()]
    return [dict(zip(names, values)) for values in zip(*columns)]


class _ReportRows:
    """The report's frames as rows (dicts by column), each frame read once for all sheets:
    pandas takes longer to hand out a row than openpyxl takes to write it."""

    def __init__(self, report: PlanReport):
        self._report = report

    @cached_property
    def activities(self) -> list[dict]:
        return _records(self._report.activities)

    @cached_property
    def period(self) -> list[dict]:
        """The activities with something in the period, each joined with its status, in plan order."""
        status: dict[tuple, list[dict]] = {}
        for row in _records(self._report.status):
            if row[Q.in_period]:
                status.setdefault((row[A.source], row[A.activity_id]), []).append(row)
        return [{**activity, **row} for activity in self.activities
                for row in status.get((activity[A.source], activity[A.activity_id]), ())]

    @cached_property
    def notes(self) -> list[dict]:
        return _records(self._report.notes)

    def stats(self, scope: str) -> list[dict]:
        """The statistics of `scope`, in fraction order."""
        return sorted((row for row in self._stats if row[F.scope] == scope), key=lambda row: row[F.fraction_no])

    @cached_property
    def _stats(self) -> list[dict]:
        return _records(self._report.fraction_stats)


SheetBuilder = Callable[[Worksheet, PlanReport, _ReportRows], None]


def _named_styles() -> list[NamedStyle]:
    """The report's cell styles, made anew for each workbook (a named style belongs to one)."""
    numbers = {"font": _REGULAR, "alignment": _NUMBER_ALIGN, "border": _BORDER}
    return [
        NamedStyle(HEADER_STYLE, font=_BOLD, fill=_HEADER_FILL, alignment=_HEADER_ALIGN, border=_BORDER),
        NamedStyle(KIND_STYLES[TEXT], font=_REGULAR, alignment=_TEXT_ALIGN, border=_BORDER),
        NamedStyle(KIND_STYLES[NUMBER], **numbers),
        NamedStyle(KIND_STYLES[DATE], number_format=DATE_FORMAT, **numbers),
        NamedStyle(KIND_STYLES[PERCENT], number_format=PERCENT_FORMAT, **numbers),
    ]


# --- words shown in the report ---

def audience_text(grades: str, lang: str) -> str:
    """The grades "1,2,3,4,7,9" as an audience the plan reader understands: "1-4, 7, 9 сынып";
    empty when there are none."""
    runs = grade_runs(grades)
    if not runs:
        return ""
    written = ", ".join(str(low) if low == high else f"{low}-{high}" for low, high in runs)
    return translator(lang)("xlsx.grades", grades=written)


def _fraction_text(number, name: str, t) -> str:
    """A fraction as people name it: "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "7. (атауы жоқ)"."""
    return f"{number}. {name or t('check.fraction_unnamed')}"


def _month_name(month, lang: str) -> str:
    if month is None or pd.isna(month):
        return ""
    return vocab.table("months")["names"][lang][str(int(month))]


# --- values ---

def _day(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _day_text(value) -> str:
    day = _day(value)
    return day.strftime("%d.%m.%Y") if day else ""


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _rate(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def links_of(text: str) -> list[str]:
    """The links of an `evidence_links` value, whatever separates them (spaces, lines, "; ")."""
    if not isinstance(text, str):
        return []
    links = (part.strip(_LINK_TRIM) for part in _LINK_SEPARATORS.split(text))
    return [link for link in links if link]


def link_target(link: str) -> str | None:
    """The address a link opens: "https://" added when no scheme is written; None for a scheme
    other than http(s) or an address too long for Excel."""
    match = _SCHEME.match(link)
    if match and not link.lower().startswith(("http://", "https://")):
        return None
    target = link if match else f"https://{link}"
    return target if len(target) <= MAX_LINK else None


# --- writing cells and tables ---

def _named_styles_of(sheet: Worksheet) -> dict[str, StyleArray]:
    """The workbook's named cell styles as the style arrays its cells hold. A cell given its
    style by name looks the name up among the workbook's styles, which takes longer than
    writing the cell; copying the array is what openpyxl itself does after that lookup."""
    return {style.name: style.as_tuple() for style in sheet.parent._named_styles}


def _put(sheet: Worksheet, row: int, col: int, value, style: StyleArray | None = None):
    """One cell in a named style: text as text (never a formula), a missing value empty."""
    styled = value if isinstance(value, _Styled) else None
    if styled:
        value = styled.value
    cell = sheet.cell(row, col)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_TEXT]
        cell.data_type = "s"  # "=..." or "#N/A" typed in a plan is text, not a formula or an error
    elif value is not None and not pd.isna(value):
        cell.value = value
    if style is not None:
        cell._style = copy(style)
    if styled and styled.fill:
        cell.fill = styled.fill
    if styled and styled.link:
        cell.hyperlink = styled.link
        cell.font = _LINK_FONT
    return cell


def _text_width(value, kind: str) -> int:
    if isinstance(value, _Styled):
        value = value.value
    if value is None:
        return 0
    if kind == DATE:
        return 10
    if kind == PERCENT:
        return 6
    text = str(value)
    return max(map(len, text.split("\n"))) if "\n" in text else len(text)


def _write_table(sheet: Worksheet, top: int, columns: list[_Column], rows: list[list],
                 widths: dict[int, int], total: list | None = None) -> int:
    """A header row at `top`, then `rows` (and a bold `total` row); returns the last row written.
    `widths` collects the width each sheet column needs."""
    styles = _named_styles_of(sheet)
    header = styles[HEADER_STYLE]
    kinds = [(column, styles[KIND_STYLES[column.kind]]) for column in columns]
    for col, column in enumerate(columns, start=1):
        _put(sheet, top, col, column.header, header)
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
            cell.font, cell.fill = _BOLD, _TOTAL_FILL
    return row_no


def _write_row(sheet: Worksheet, row_no: int, kinds: list[tuple[_Column, StyleArray]], values: list,
               widths: dict[int, int]) -> None:
    """One table row, each column's cells in the named style of its kind of value."""
    for col, ((column, style), value) in enumerate(zip(kinds, values), start=1):
        _put(sheet, row_no, col, value, style)
        width = min(_text_width(value, column.kind) + 2, column.cap)
        if width > widths.get(col, 0):
            widths[col] = width


def _finish_sheet(sheet: Worksheet, header_row: int, columns: int, last_row: int, widths: dict[int, int],
                  report: PlanReport, filter_last_row: int | None = None, repeat_header: bool = True) -> None:
    """Column widths, frozen header, filter and landscape A4 print setup (the header row printed
    on every page when `repeat_header`)."""
    t = translator(report.lang)
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, width)
    _fit_row_heights(sheet, header_row, last_row, widths)
    last_col = get_column_letter(max(columns, 1))
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last_col}{max(filter_last_row or last_row, header_row)}"
    if repeat_header:
        sheet.print_title_rows = f"{header_row}:{header_row}"
    setup = sheet.page_setup
    setup.orientation = sheet.ORIENTATION_LANDSCAPE
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = _MARGINS
    sheet.oddHeader.center.text = _header_footer_text(period_label(report.period, report.lang))
    sheet.oddFooter.center.text = t("xlsx.page")


def _fit_row_heights(sheet: Worksheet, first_row: int, last_row: int, widths: dict[int, int]) -> None:
    """Row heights that show every wrapped line: neither Excel nor LibreOffice reliably grows a
    row for wrapped text in a generated file."""
    lines: dict[int, int] = {}
    # The cells written so far; iter_rows would create every empty cell of the range.
    for (row_no, col), cell in sheet._cells.items():
        if first_row <= row_no <= last_row and isinstance(cell.value, str):
            lines[row_no] = max(lines.get(row_no, 1), _wrapped_lines(cell.value, max(MIN_WIDTH, widths.get(col, 0))))
    for row_no in sorted(lines):
        if lines[row_no] > 1:
            sheet.row_dimensions[row_no].height = LINE_HEIGHT * lines[row_no] + 2


def _wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapped between words."""
    room = max(1, width - 1)
    if len(text) <= room and "\n" not in text:
        return 1
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0
        for word in line.split():
            if used and used + 1 + len(word) > room:
                count += 1
                used = 0
            used += len(word) + (1 if used else 0)
            while used > room:  # a word longer than the column breaks across lines
                count += 1
                used -= room
    return count


def _header_footer_text(text: str) -> str:
    # "&" starts a code in Excel page headers.
    return text.replace("&", "&&")


def _title_rows(sheet: Worksheet, lines: list[tuple[str, Font | None]], first_row: int = 1) -> int:
    """Single cells in column A, one a row, not wrapped so that they run across the columns;
    returns the next free row."""
    row_no = first_row
    for text, font in lines:
        if text:
            cell = _put(sheet, row_no, 1, text)
            if font:
                cell.font = font
        row_no += 1
    return row_no


# --- the sheets ---

_COUNTS = (F.activities, F.expected, F.due, F.held)


def _stats_columns(lang: str) -> list[_Column]:
    t = translator(lang)
    return ([_Column(t("column.fraction"), cap=40)]
            + [_Column(t(f"column.{name}"), NUMBER, 14) for name in _COUNTS]
            + [_Column(t("column.completion_rate"), PERCENT, 14)]
            + [_Column(f'{t("column.status")}: {t(f"status.{s}")}', NUMBER, 14) for s in STATUSES]
            + [_Column(t("column.links"), NUMBER, 14)])


def _stats_rows(stats: list[dict], lang: str) -> list[list]:
    t = translator(lang)
    rows = []
    for row in stats:
        values = [_fraction_text(row[F.fraction_no], row[F.fraction], t)]
        values += [_int(row[name]) for name in _COUNTS]
        values.append(_rate(row[F.completion_rate]))
        values += [_int(row[s]) for s in STATUSES]
        values.append(_int(row[F.links]))
        rows.append(values)
    return rows


def _stats_total(stats: list[dict], lang: str) -> list:
    """The totals row: counts summed; the rate is held (capped per activity) over due, as for a
    fraction, rebuilt from each fraction's rate times its due count."""
    def total(column: str) -> int:
        return sum(int(row[column]) for row in stats)
    due = total(F.due)
    rated = [row for row in stats if not pd.isna(row[F.completion_rate])]
    # summed by numpy, as pandas sums a column, so that the rate is the same to the last digit
    held_capped = (np.array([row[F.completion_rate] for row in rated], dtype=float)
                   * np.array([row[F.due] for row in rated], dtype=float)).sum()
    rate = float(held_capped / due) if due else None
    return ([translator(lang)("xlsx.total")] + [total(name) for name in _COUNTS] + [rate]
            + [total(s) for s in STATUSES] + [total(F.links)])


def _summary_sheet(sheet: Worksheet, report: PlanReport, rows: _ReportRows) -> None:
    """Who and which period; the period's statistics and their chart on the first page, the
    year to date's statistics on the next."""
    t = translator(report.lang)
    lang = report.lang
    name = period_name(report.period, lang)
    row_no = _title_rows(sheet, [
        (t("report.title"), _TITLE_FONT),
        (report.school, _BOLD),
        (report.plan_title, None),
        (t("period.academic_year", year=report.academic_year), None),
        (period_label(report.period, lang), _CAPTION_FONT),
        (t("period.as_of", date=_day_text(report.as_of)), None),
        (t("xlsx.source", file=report.source), None),
        *[(line, _BOLD) for line in [estimate_line(report)] if line],
    ])
    columns = _stats_columns(lang)
    widths: dict[int, int] = {}
    period_stats = rows.stats("quarter")
    _title_rows(sheet, [(name, _CAPTION_FONT)], row_no + 1)
    header_row = row_no + 2
    last_fraction_row = header_row + len(period_stats)
    last_row = _write_table(sheet, header_row, columns, _stats_rows(period_stats, lang), widths,
                            _stats_total(period_stats, lang))
    if len(period_stats):
        chart = _completion_chart(sheet, header_row, last_fraction_row, t("xlsx.chart_title", period=name))
        sheet.add_chart(chart, f"A{last_row + 2}")
        last_row += 2 + math.ceil(chart.height / ROW_CM)
    if report.period.scope != "year":
        sheet.row_breaks.append(Break(id=last_row))
        year_stats = rows.stats("year_to_date")
        _title_rows(sheet, [(t("period.scope_year_to_date"), _CAPTION_FONT)], last_row + 1)
        last_row = _write_table(sheet, last_row + 2, columns, _stats_rows(year_stats, lang), widths,
                                _stats_total(year_stats, lang))
    # The year to date's table has its own header on its own page.
    _finish_sheet(sheet, header_row, len(columns), last_row, widths, report, filter_last_row=last_fraction_row,
                  repeat_header=False)


def _completion_chart(sheet: Worksheet, header_row: int, last_row: int, title: str) -> BarChart:
    """Horizontal bars of the completion rate by fraction (the statistics table's rate column),
    the first fraction on top."""
    rate_col = 1 + len(_COUNTS) + 1
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
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.y_axis.crosses = "max"  # with the categories top-down, keeps the value axis at the bottom
    chart.series[0].graphicalProperties.solidFill = "4472C4"
    chart.dataLabels = DataLabelList(numFmt="0%", showVal=True, showSerName=False, showCatName=False,
                                     showLegendKey=False, showPercent=False)
    chart.gapWidth = 60
    chart.width = 22
    chart.height = max(6.0, 2.5 + 1.0 * (last_row - header_row))
    return chart


def _fractions_sheet(sheet: Worksheet, report: PlanReport, rows: _ReportRows) -> None:
    """The statistics as data, both scopes, with grades reached, partners and forms."""
    t = translator(report.lang)
    lang = report.lang
    columns = ([_Column(t("column.scope"), cap=20)] + _stats_columns(lang)
               + [_Column(t("column.grades"), cap=30), _Column(t("column.partners"), cap=45),
                  _Column(t("column.forms"), cap=45)])
    scopes = {"quarter": period_name(report.period, report.lang), "year_to_date": t("period.scope_year_to_date")}
    table = []
    for scope, name in scopes.items():
        stats = rows.stats(scope)
        for values, row in zip(_stats_rows(stats, lang), stats):
            table.append([name] + values + [audience_text(row[F.grades], lang),
                                           row[F.partners], row[F.forms]])
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, table, widths)
    _finish_sheet(sheet, 1, len(columns), last_row, widths, report)


def _status_cell(status: str, t) -> _Styled:
    return _Styled(t(f"status.{status}"), fill=_STATUS_FILLS.get(status))


def _links_cell(links: list[str]) -> _Styled | str:
    """All links as text, the first one clickable (a cell holds one hyperlink)."""
    target = link_target(links[0]) if links else None
    return _Styled("\n".join(links), link=target) if target else "\n".join(links)


def _activities_sheet(sheet: Worksheet, report: PlanReport, rows: _ReportRows) -> None:
    """One row per activity of the period: what it is, expected, due, held and its status."""
    t = translator(report.lang)
    names = [Q.expected, Q.due, Q.held]
    columns = ([_Column(t("column.activity_id"), cap=10), _Column(t("column.fraction"), cap=24),
                _Column(t("column.project"), cap=22), _Column(t("column.title"), cap=40),
                _Column(t("column.start_date"), DATE), _Column(t("column.end_date"), DATE),
                _Column(t("column.frequency"), cap=18)]
               + [_Column(t(f"column.{n}"), NUMBER, 14) for n in names]
               + [_Column(t("column.status"), cap=20), _Column(t("column.moved_to"), DATE)]
               + [_Column(t(f"column.ytd_{n}"), NUMBER, 14) for n in names]
               + [_Column(t("column.ytd_status"), cap=20), _Column(t("column.evidence_links"), cap=45)])
    table = []
    for row in rows.period:
        table.append(
            [row[A.activity_id], _fraction_text(row[A.fraction_no], row[A.fraction], t),
             row[A.project], row[A.title], _day(row[A.start_date]),
             _day(row[A.end_date]), t(f"frequency.{row[A.frequency]}")]
            + [_int(row[n]) for n in names]
            + [_status_cell(row[Q.status], t), _day(row[Q.moved_to])]
            + [_int(row[f"ytd_{n}"]) for n in names]
            + [_status_cell(row[Q.ytd_status], t), _links_cell(links_of(row[Q.evidence_links]))])
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, table, widths)
    _finish_sheet(sheet, 1, len(columns), last_row, widths, report)


def _links_sheet(sheet: Worksheet, report: PlanReport, rows: _ReportRows) -> None:
    """One clickable row per evidence link of the period."""
    t = translator(report.lang)
    columns = [_Column(t("column.activity_id"), cap=10), _Column(t("column.title"), cap=50),
               _Column(t("xlsx.link"), cap=60)]
    table = []
    for row in rows.period:
        for link in links_of(row[Q.evidence_links]):
            target = link_target(link)
            table.append([row[A.activity_id], row[A.title],
                          _Styled(link, link=target) if target else link])
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, table, widths)
    _finish_sheet(sheet, 1, len(columns), last_row, widths, report)


# Plan sheet columns: the plan table's own, with the flat layout's (code, fraction, month, dates,
# frequency) among them.
PLAN_COLUMNS = (A.activity_id, A.fraction_no, A.fraction, A.section_month, "number", A.project, A.title,
                A.date_text, A.start_date, A.end_date, A.frequency, "audience", A.responsible, A.partners,
                A.evidence_text)
_PLAN_KINDS = {A.fraction_no: NUMBER, "number": NUMBER, A.start_date: DATE, A.end_date: DATE}
_PLAN_CAPS = {A.activity_id: 10, A.fraction: 28, A.section_month: 12, A.project: 26, A.title: 45,
              A.date_text: 18, A.frequency: 18, "audience": 22, A.responsible: 22, A.partners: 30,
              A.evidence_text: 50}


def _plan_front_lines(report: PlanReport) -> list[tuple[str, Font | None]]:
    """The stamp block, the school, the title and the academic year, as the plan reader expects:
    the title's first line names the school, a dated line closes the stamp block."""
    t = translator(report.lang)
    lines: list[tuple[str, Font | None]] = []
    stamps = [(t("xlsx.approve"), report.approver), (t("xlsx.agree"), report.agreer)]
    for heading, signatory in stamps:
        if signatory:
            lines += [(heading, _BOLD), (signatory, None)]
    if lines:
        lines += [(t("xlsx.stamp_date", year=report.academic_year[:4]), None), ("", None)]
    school, title = report.school, report.plan_title
    if school and title.startswith(school):
        title = title[len(school):].strip()
    lines += [(text, _BOLD) for text in (school, title) if text]
    lines.append((t("period.academic_year", year=report.academic_year), _BOLD))
    return lines


def _plan_sheet(sheet: Worksheet, report: PlanReport, rows: _ReportRows) -> None:
    """The whole normalized plan, one row per activity under one header row, after title rows."""
    t = translator(report.lang)
    lang = report.lang
    columns = [_Column(NUMBER_HEADER if key == "number" else t(f"column.{key}"), _PLAN_KINDS.get(key, TEXT),
                       _PLAN_CAPS.get(key, 14)) for key in PLAN_COLUMNS]
    header_row = _title_rows(sheet, _plan_front_lines(report)) + 1
    table = []
    positions: dict[int, int] = {}
    for row in rows.activities:
        fraction_no = int(row[A.fraction_no])
        positions[fraction_no] = positions.get(fraction_no, 0) + 1
        table.append([
            row[A.activity_id], fraction_no, row[A.fraction],
            _month_name(row[A.section_month], lang), positions[fraction_no],
            row[A.project], row[A.title], row[A.date_text],
            _day(row[A.start_date]), _day(row[A.end_date]),
            t(f"frequency.{row[A.frequency]}"), audience_text(row[A.grades], lang),
            row[A.responsible], row[A.partners], row[A.evidence_text],
        ])
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, header_row, columns, table, widths)
    _finish_sheet(sheet, header_row, len(columns), last_row, widths, report)


_NOTE_COLUMNS = (N.severity, N.message, N.table, N.row, N.column, N.value, N.code, N.file)
_NOTE_KINDS = {N.table: NUMBER, N.row: NUMBER}
_NOTE_CAPS = {N.severity: 16, N.message: 60, N.column: 24, N.value: 40, N.code: 24, N.file: 30}


def _notes_sheet(sheet: Worksheet, report: PlanReport, rows: _ReportRows) -> None:
    """The data-quality notes, errors in red and warnings in yellow."""
    t = translator(report.lang)
    columns = [_Column(t(f"column.{key}"), _NOTE_KINDS.get(key, TEXT), _NOTE_CAPS.get(key, 10))
               for key in _NOTE_COLUMNS]
    table = []
    for note in rows.notes:
        severity = note[N.severity]
        values = [_Styled(t(f"severity.{severity}"), fill=_SEVERITY_FILLS.get(severity))]
        for key in _NOTE_COLUMNS[1:]:
            value = note[key]
            values.append(_int(value) if key in _NOTE_KINDS else value)
        table.append(values)
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, table, widths)
    _finish_sheet(sheet, 1, len(columns), last_row, widths, report)
