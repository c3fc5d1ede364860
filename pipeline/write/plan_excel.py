"""The Excel report workbook: a summary with per-fraction statistics and a bar chart, the
statistics as data, the period's activities with status colours and clickable links, every link,
the whole normalized plan (laid out so that the flat Excel reader reads it back) and the notes.
Built from the Excel kit, every value written by `words`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.base.labels import translator
from pipeline.evaluate.report import PlanReport, ReportHead
from pipeline.write import excel_kit as kit
from pipeline.write.excel_kit import (
    BOLD,
    CAPTION_FONT,
    DATE,
    NUMBER,
    PERCENT,
    TEXT,
    TITLE_FONT,
    Book,
    Column,
    Font,
    Sheet,
    Styled,
)
from pipeline.write.report_rows import ReportRows
from pipeline.write.words import (
    activity_number,
    audience,
    date_text,
    estimate_line,
    evidence_items,
    forms_in,
    fraction_label,
    links_of,
    month_name,
    period_label,
    period_name,
    report_school,
    when_text,
)
from schemas import STATUSES
from schemas import Activities as A
from schemas import FractionStats as F
from schemas import Notes as N
from schemas import QuarterStatus as Q

NUMBER_HEADER = "№"

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


def write_xlsx(report: PlanReport | ReportRows, target: Path) -> Path:
    """The report workbook written atomically to `target`, every text in the report's language."""
    return kit.save(report_workbook(report), target)


def report_workbook(report: PlanReport | ReportRows) -> Book:
    """The report as an unsaved workbook."""
    rows = ReportRows.of(report)
    return _workbook(rows, [
        ("xlsx.sheet_summary", _summary_sheet),
        ("xlsx.sheet_fractions", _fractions_sheet),
        ("xlsx.sheet_activities", _activities_sheet),
        *([("xlsx.more.sheet_next", _next_sheet)] if rows.head.next_period is not None else []),
        ("xlsx.sheet_links", _links_sheet),
        ("xlsx.sheet_plan", _plan_sheet),
        ("xlsx.sheet_notes", _notes_sheet),
    ])

def _workbook(rows: ReportRows, sheets: list[tuple[str, SheetBuilder]]) -> Book:
    """A workbook with a sheet per (name label, builder); sheets are named before they are
    built, since a chart refers to its data by the sheet's name."""
    t = translator(rows.head.lang)
    book = Book(t("report.title"))
    for key, build in sheets:
        build(book.sheet(t(key)), rows.head, rows)
    return book


SheetBuilder = Callable[[Sheet, ReportHead, ReportRows], None]



# --- values ---

def _day(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _int(value) -> int | None:
    if type(value) is int:
        return value
    return None if value is None or pd.isna(value) else int(value)


def _finish(sheet: Sheet, header_row: int, columns: int, last_row: int, widths: dict[int, int],
            report: ReportHead, **options) -> None:
    """The kit's sheet finish with the report period in the page header."""
    kit.finish_sheet(sheet, header_row, columns, last_row, widths,
                     page_header=period_label(report.period, report.lang), lang=report.lang, **options)


# --- the sheets ---

_COUNTS = (F.activities, F.expected, F.due, F.held)
# The statistics table's rate column, which the chart draws.
RATE_COLUMN = 1 + len(_COUNTS) + 1


def stats_columns(lang: str) -> list[Column]:
    """The statistics table's columns (the district's schools sheet shows the same)."""
    t = translator(lang)
    return ([Column(t("column.fraction"), cap=40)]
            + [Column(t(f"column.{name}"), NUMBER, 14) for name in _COUNTS]
            + [Column(t("column.completion_rate"), PERCENT, 14)]
            + [Column(f'{t("column.status")}: {t(f"status.{s}")}', NUMBER, 14) for s in STATUSES]
            + [Column(t("column.links"), NUMBER, 14)])


def _stats_rows(stats: list[dict], lang: str) -> list[list]:
    """One row per fraction of the statistics table."""
    rows = []
    for row in stats:
        values: list[str | int | float | None] = [fraction_label(row[F.fraction_no], row[F.fraction], lang)]
        values += [_int(row[name]) for name in _COUNTS]
        values.append(kit.rate_value(row[F.completion_rate]))
        values += [_int(row[s]) for s in STATUSES]
        values.append(_int(row[F.links]))
        rows.append(values)
    return rows


def _stats_total(rows: ReportRows, scope: str, lang: str) -> list:
    """The totals row of `scope` (`stats.scope_totals`): counts summed, the rate held (capped per
    activity) over due."""
    total = rows.totals.get(scope, {})
    return ([translator(lang)("xlsx.total")] + [total.get(name, 0) for name in _COUNTS]
            + [total.get(F.completion_rate)] + [total.get(s, 0) for s in STATUSES] + [total.get(F.links, 0)])


def _summary_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """Who and which period; the period's statistics and their chart on the first page, the
    year to date's statistics on the next."""
    t = translator(report.lang)
    lang = report.lang
    name = period_name(report.period, lang)
    row_no = kit.title_rows(sheet, [
        (t("report.title"), TITLE_FONT),
        (report_school(report), BOLD),
        (report.plan_title, None),
        (t("period.academic_year", year=report.academic_year), None),
        (period_label(report.period, lang), CAPTION_FONT),
        (t("period.as_of", date=date_text(report.as_of)), None),
        (t("xlsx.source", file=report.source), None),
        *[(line, BOLD) for line in [estimate_line(report.estimated_years, report.lang)] if line],
    ])
    columns = stats_columns(lang)
    widths: dict[int, int] = {}
    period_stats = rows.stats("quarter")
    kit.title_rows(sheet, [(name, CAPTION_FONT)], row_no + 1)
    header_row = row_no + 2
    last_fraction_row = header_row + len(period_stats)
    last_row = kit.write_table(sheet, header_row, columns, _stats_rows(period_stats, lang), widths,
                               _stats_total(rows, "quarter", lang))
    if len(period_stats):
        chart = kit.completion_chart(sheet, header_row, last_fraction_row, t("xlsx.chart_title", period=name),
                                     RATE_COLUMN)
        last_row += 2 + kit.place_chart(sheet, chart, last_row + 2)
    if report.period.scope != "year":
        kit.page_break_after(sheet, last_row)
        year_stats = rows.stats("year_to_date")
        kit.title_rows(sheet, [(t("period.scope_year_to_date"), CAPTION_FONT)], last_row + 1)
        last_row = kit.write_table(sheet, last_row + 2, columns, _stats_rows(year_stats, lang), widths,
                                   _stats_total(rows, "year_to_date", lang))
    # The year to date's table has its own header on its own page.
    _finish(sheet, header_row, len(columns), last_row, widths, report, filter_last_row=last_fraction_row,
                  repeat_header=False)


def _fractions_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """The statistics as data, both scopes, with grades reached, partners and forms."""
    t = translator(report.lang)
    lang = report.lang
    columns = ([Column(t("column.scope"), cap=20)] + stats_columns(lang)
               + [Column(t("column.grades"), cap=30), Column(t("column.partners"), cap=45),
                  Column(t("column.forms"), cap=45)])
    scopes = {"quarter": period_name(report.period, report.lang), "year_to_date": t("period.scope_year_to_date")}
    table = []
    for scope, name in scopes.items():
        stats = rows.stats(scope)
        for values, row in zip(_stats_rows(stats, lang), stats):
            table.append([name] + values + [audience(row[F.grades], lang),
                                           row[F.partners], forms_in(row[F.forms], lang)])
    widths: dict[int, int] = {}
    last_row = kit.write_table(sheet, 1, columns, table, widths)
    # the period and the fraction name a row
    _finish(sheet, 1, len(columns), last_row, widths, report, name_columns=2)


def _status_cell(status: str, t) -> Styled:
    return Styled(t(f"status.{status}"), fill=STATUS_COLOURS.get(status))


def _evidence_cell(row: dict, report: ReportHead) -> Styled | str:
    """What was counted for the activity in the period, line by line as typed (`words.evidence_items`),
    the first link clickable (a cell holds one hyperlink)."""
    items = evidence_items(row[A.evidence_text], row[Q.evidence_links], row[Q.held], report.period)
    text = "\n".join(item for item, _ in items)
    links = [item for item, is_link in items if is_link]
    return kit.link_cell(text, links[0]) if links else text


def _activities_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """One row per activity of the period: what it is, expected, due, held and its status."""
    t = translator(report.lang)
    names = [Q.expected, Q.due, Q.held]
    columns = ([Column(t("column.activity_id"), cap=10), Column(NUMBER_HEADER, NUMBER, 5),
                Column(t("column.fraction"), cap=24), Column(t("column.project"), cap=22),
                Column(t("column.title"), cap=40),
                Column(t("column.start_date"), DATE), Column(t("column.end_date"), DATE),
                Column(t("column.frequency"), cap=18)]
               + [Column(t(f"column.{n}"), NUMBER, 14) for n in names]
               + [Column(t("column.status"), cap=20), Column(t("column.moved_to"), DATE)]
               + [Column(t(f"column.ytd_{n}"), NUMBER, 14) for n in names]
               + [Column(t("column.ytd_status"), cap=20), Column(t("column.evidence_links"), cap=45)])
    table = []
    for row in rows.period:
        table.append(
            [row[A.activity_id], int(activity_number(row[A.activity_id])),
             fraction_label(row[A.fraction_no], row[A.fraction], report.lang),
             row[A.project], row[A.title], _day(row[A.start_date]),
             _day(row[A.end_date]), t(f"frequency.{row[A.frequency]}")]
            + [_int(row[n]) for n in names]
            + [_status_cell(row[Q.status], t), _day(row[Q.moved_to])]
            + [_int(row[f"ytd_{n}"]) for n in names]
            + [_status_cell(row[Q.ytd_status], t), _evidence_cell(row, report)])
    widths: dict[int, int] = {}
    last_row = kit.write_table(sheet, 1, columns, table, widths)
    _finish(sheet, 1, len(columns), last_row, widths, report)


def _next_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """The activities expected in the next quarter, fraction by fraction: dates or frequency, how
    many times, who is responsible."""
    t = translator(report.lang)
    if report.next_period is None:
        return
    header_row = kit.title_rows(sheet, [(t("word.more.section_next"), CAPTION_FONT),
                                        (period_label(report.next_period, report.lang), None)]) + 1
    columns = [Column(t("column.fraction"), cap=28), Column(NUMBER_HEADER, NUMBER, 5),
               Column(t("column.activity_id"), cap=10), Column(t("column.title"), cap=50),
               Column(t("column.date_text"), cap=26), Column(t("column.expected"), NUMBER, 14),
               Column(t("column.responsible"), cap=30)]
    table = [[fraction_label(row[A.fraction_no], row[A.fraction], report.lang), int(activity_number(row[A.activity_id])),
              row[A.activity_id], row[A.title],
              when_text(row[A.frequency], row[A.start_date], row[A.end_date], row[A.date_text], row[Q.moved_to], t),
              _int(row[Q.expected]), row[A.responsible]] for row in rows.next_quarter]
    widths: dict[int, int] = {}
    last_row = kit.write_table(sheet, header_row, columns, table, widths)
    _finish(sheet, header_row, len(columns), last_row, widths, report)


def _links_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """One clickable row per evidence link of the period."""
    t = translator(report.lang)
    columns = [Column(t("column.activity_id"), cap=10), Column(t("column.title"), cap=50),
               Column(t("xlsx.link"), cap=60)]
    table = []
    for row in rows.period:
        for link in links_of(row[Q.evidence_links]):
            table.append([row[A.activity_id], row[A.title], kit.link_cell(link, link)])
    widths: dict[int, int] = {}
    last_row = kit.write_table(sheet, 1, columns, table, widths)
    _finish(sheet, 1, len(columns), last_row, widths, report)


# Plan sheet columns: the plan table's own, with the flat layout's (code, fraction, month, dates,
# frequency) among them.
PLAN_COLUMNS = (A.activity_id, A.fraction_no, A.fraction, A.section_month, "number", A.project, A.title,
                A.date_text, A.start_date, A.end_date, A.frequency, "audience", A.responsible, A.partners,
                A.evidence_text)
_PLAN_KINDS = {A.fraction_no: NUMBER, "number": NUMBER, A.start_date: DATE, A.end_date: DATE}
_PLAN_CAPS = {A.activity_id: 10, A.fraction: 28, A.section_month: 12, A.project: 26, A.title: 45,
              A.date_text: 18, A.frequency: 18, "audience": 22, A.responsible: 22, A.partners: 30,
              A.evidence_text: 50}


def _plan_front_lines(report: ReportHead) -> list[tuple[str, Font | None]]:
    """The stamp block, the school, the title and the academic year, as the plan reader expects:
    the title's first line names the school, a dated line closes the stamp block."""
    t = translator(report.lang)
    lines: list[tuple[str, Font | None]] = []
    stamps = [(t("xlsx.approve"), report.approver), (t("xlsx.agree"), report.agreer)]
    for heading, signatory in stamps:
        if signatory:
            lines += [(heading, BOLD), (signatory, None)]
    if lines:
        lines += [(t("xlsx.stamp_date", year=report.academic_year[:4]), None), ("", None)]
    school, title = report.school, report.plan_title
    if school and title.startswith(school):
        title = title[len(school):].strip()
    lines += [(text, BOLD) for text in (school, title) if text]
    lines.append((t("period.academic_year", year=report.academic_year), BOLD))
    return lines


def _plan_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """The whole normalized plan, one row per activity under one header row, after title rows."""
    t = translator(report.lang)
    lang = report.lang
    columns = [Column(NUMBER_HEADER if key == "number" else t(f"column.{key}"), _PLAN_KINDS.get(key, TEXT),
                       _PLAN_CAPS.get(key, 14)) for key in PLAN_COLUMNS]
    header_row = kit.title_rows(sheet, _plan_front_lines(report)) + 1
    table = []
    positions: dict[int, int] = {}
    for row in rows.activities:
        fraction_no = int(row[A.fraction_no])
        positions[fraction_no] = positions.get(fraction_no, 0) + 1
        table.append([
            row[A.activity_id], fraction_no, row[A.fraction],
            month_name(row[A.section_month], lang), positions[fraction_no],
            row[A.project], row[A.title], row[A.date_text],
            _day(row[A.start_date]), _day(row[A.end_date]),
            t(f"frequency.{row[A.frequency]}"), audience(row[A.grades], lang),
            row[A.responsible], row[A.partners], row[A.evidence_text],
        ])
    widths: dict[int, int] = {}
    last_row = kit.write_table(sheet, header_row, columns, table, widths)
    _finish(sheet, header_row, len(columns), last_row, widths, report)


_NOTE_COLUMNS = (N.severity, N.message, N.table, N.row, N.column, N.value, N.code, N.file)
_NOTE_KINDS = {N.table: NUMBER, N.row: NUMBER}
_NOTE_CAPS = {N.severity: 16, N.message: 60, N.column: 24, N.value: 40, N.code: 24, N.file: 30}


def _notes_sheet(sheet: Sheet, report: ReportHead, rows: ReportRows) -> None:
    """The data-quality notes, errors in red and warnings in yellow."""
    t = translator(report.lang)
    columns = [Column(t(f"column.{key}"), _NOTE_KINDS.get(key, TEXT), _NOTE_CAPS.get(key, 10))
               for key in _NOTE_COLUMNS]
    table = []
    for note in rows.notes:
        severity = note[N.severity]
        values: list[Styled | str | int | None] = [Styled(t(f"severity.{severity}"), fill=SEVERITY_COLOURS.get(severity))]
        for key in _NOTE_COLUMNS[1:]:
            value = note[key]
            values.append(_int(value) if key in _NOTE_KINDS else value)
        table.append(values)
    widths: dict[int, int] = {}
    last_row = kit.write_table(sheet, 1, columns, table, widths)
    _finish(sheet, 1, len(columns), last_row, widths, report)
