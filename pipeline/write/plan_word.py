"""The Word report a methodologist sends to the district: one plan's completion in one period.

Built from the Word kit (page, styles, tables, chart) with every value written by `words` and
every text from the label table, in the report's language: the title block, a summary in plain
words, the statistics (chart, completion, statuses, reach), the period's activities by fraction,
the activities not done, and signature lines for the people in the plan's stamp block."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.base import labels
from pipeline.evaluate.report import PlanReport, ReportHead
from pipeline.normalize.school_name import without_blanks
from pipeline.write import word_kit as kit
from pipeline.write.report_rows import ReportRows
from pipeline.write.tables import Table
from pipeline.write.word_kit import BODY_PT, BODY_STYLE_ID, CAPTION_STYLE_ID, NOTE_STYLE_ID, TEXT_WIDTH_MM, TITLE_PT
from pipeline.write.words import (
    NO_VALUE,
    activity_number,
    capital,
    date_text,
    estimate_line,
    evidence_items,
    forms_in,
    fraction_label,
    fraction_name,
    grade_ranges,
    list_lines,
    not_held_reasons,
    percent,
    period_line,
    period_name,
    rate_words,
    report_school,
    when_text,
)
from pipeline.write.xml_text import xml_safe_values, xml_text
from schemas import STATUSES, Activities, FractionStats, QuarterStatus

CHART_ROW_MM = 11               # room for a category label of two lines
CHART_BAR_MM = 6
# What was not done, as the district reads it: also what is still `planned` when the report is made.
PROBLEM_STATUSES = ("not_held", "not_confirmed", "partial", "planned")
# `unscheduled` is shown only when the plan has such activities: the Word table has no room to spare.
OPTIONAL_STATUSES = ("unscheduled",)
SIGNATURE_LINE = "_" * 16

A, S, F = Activities, QuarterStatus, FractionStats


def write_docx(report: PlanReport | ReportRows, target: Path) -> Path:
    """The report written to `target` as a .docx, whole or not at all (an existing file is
    replaced only once the new one is complete)."""
    return kit.save(build_document(report), target)


def build_document(report: PlanReport | ReportRows) -> kit.Document:
    """The report as a Word document, in its language."""
    rows = xml_safe(ReportRows.of(report))
    head = rows.head
    t = labels.translator(head.lang)
    document = kit.new_document(head.lang, title=t("report.title"), subject=head.plan_title,
                                author=report_school(head), as_of=head.as_of)
    view = ReportView.of(rows)
    _add_title_block(document, head, t)
    _add_summary(document, head, view, t)
    _add_statistics(document, head, view, t)
    _add_activities(document, head, view, t)
    _add_problems(document, head, view, t)
    _add_next_quarter(document, head, view, t)
    _add_signatures(document, head, t)
    return document


# --- what the report shows, from the tables ---------------------------------------------------

def xml_safe(rows: ReportRows) -> ReportRows:
    """The report with every text a document can hold: characters XML cannot carry removed
    from the plan's own words (they may come from any file the user has)."""
    x, head = xml_text, rows.head
    head = dataclasses.replace(head, school=x(head.school), plan_title=x(head.plan_title),
                               academic_year=x(head.academic_year), approver=x(head.approver), agreer=x(head.agreer))
    return dataclasses.replace(rows, head=head, activity_table=_xml_safe(rows.activity_table),
                               status_table=_xml_safe(rows.status_table), stats_table=_xml_safe(rows.stats_table))


def _xml_safe(table: Table) -> Table:
    return table.cleaned(xml_safe_values)


@dataclass(frozen=True)
class ReportView:
    """The report's rows joined and ordered as the report shows them: the plan's fractions
    (number to name, "(атауы жоқ)" when the plan names none), this period's activities with
    their status, the statistics by scope (a fraction's row as a dict, by number) and their
    totals rows by scope (`stats.scope_totals`)."""
    lang: str
    fractions: dict[int, str]
    rows: list[dict]
    stats: dict[str, dict[int, dict]]
    totals: dict[str, dict]
    next_rows: list[dict] | None

    @classmethod
    def of(cls, rows: ReportRows) -> ReportView:
        report = rows.head
        names: dict[int, str] = {}
        for activity in rows.activities:
            names.setdefault(int(activity[A.fraction_no]), activity[A.fraction])
        fractions = {number: fraction_name(names[number], report.lang) for number in sorted(names)}
        stats: dict[str, dict[int, dict]] = {}
        for row in rows.fraction_stats:
            stats.setdefault(row[F.scope], {})[row[F.fraction_no]] = row
        next_rows = None if rows.next_table is None else rows.next_quarter
        return cls(report.lang, fractions, rows.period, stats, rows.totals, next_rows)

    def _stat(self, scope: str, fraction_no: int, column: str):
        row = self.stats.get(scope, {}).get(fraction_no)
        value = None if row is None else row[column]
        return None if value is None or pd.isna(value) else value

    def count(self, scope: str, fraction_no: int, column: str) -> int:
        """One fraction's count in `scope`, 0 when the statistics have no row for it."""
        return int(self._stat(scope, fraction_no, column) or 0)

    def rate(self, scope: str, fraction_no: int) -> float | None:
        """One fraction's completion rate in `scope`, None when nothing was due."""
        value = self._stat(scope, fraction_no, F.completion_rate)
        return None if value is None else float(value)

    def words(self, scope: str, fraction_no: int, column: str) -> str:
        """One fraction's text statistic (grades, partners, forms) in `scope`."""
        return str(self._stat(scope, fraction_no, column) or "")

    def total(self, scope: str, column: str) -> int:
        """A count summed over the fractions in `scope`."""
        return self.totals.get(scope, {}).get(column, 0)

    def total_rate(self, scope: str) -> float | None:
        """Held (capped per activity) over due for all fractions in `scope`."""
        return self.totals.get(scope, {}).get(F.completion_rate)


# --- the parts of the report ---------------------------------------------------------------------

def _add_title_block(document: kit.Document, report: ReportHead, t) -> None:
    """The centred title block: school, report title, plan title, academic year, period, as-of date."""
    lines = [
        (report_school(report), BODY_PT, True, False),
        (t("report.title"), TITLE_PT, True, False),
        (_plan_title_without_school(report), BODY_PT, False, False),
        (t("period.academic_year", year=report.academic_year) if report.academic_year else "", BODY_PT, False, False),
        (period_line(report.period, report.lang), BODY_PT, True, False),
        (t("period.as_of", date=date_text(report.as_of)), BODY_PT, False, True),
        (estimate_line(report.estimated_years, report.lang), BODY_PT, True, True),
    ]
    kit.add_centered_lines(document, lines)


def _plan_title_without_school(report: ReportHead) -> str:
    """The plan's title without the school name it usually starts with (shown just above)."""
    title, school = report.plan_title.strip(), report.school.strip()
    if school and title.startswith(school) and title[len(school):].strip():
        return title[len(school):].strip()
    return title


def _statuses(view: ReportView) -> tuple[str, ...]:
    """The statuses the report counts: all, but an optional one none of the period's activities has."""
    return tuple(s for s in STATUSES if s not in OPTIONAL_STATUSES or view.total("quarter", s))


def summary_sentences(report: ReportHead, view: ReportView, t) -> list[str]:
    """The summary in plain words: activities, due and held occurrences, the completion rate,
    activities by status, links counted and (for a quarter) the rate since 1 September."""
    scope = "quarter"
    counts = ", ".join(f"{t(f'status.{status}')} — {view.total(scope, status)}" for status in _statuses(view))
    sentences = [
        t("word.summary_scope", period=period_name(report.period, report.lang), activities=view.total(scope, F.activities)),
        t("word.summary_completion", due=view.total(scope, F.due), held=view.total(scope, F.held),
          rate=rate_words(view.total_rate(scope), report.lang)),
        t("word.summary_statuses", counts=counts),
        t("word.summary_links", links=view.total(scope, F.links)),
    ]
    if report.period.scope != "year":
        sentences.append(t("word.summary_year_to_date", rate=rate_words(view.total_rate("year_to_date"), report.lang)))
    return sentences


def _add_summary(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    kit.add_heading(document, t("word.section_summary"), level=1)
    kit.add_paragraph(document, " ".join(summary_sentences(report, view, t)), BODY_STYLE_ID)


def _add_statistics(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    kit.add_heading(document, t("word.section_stats"), level=1)
    _add_chart(document, report, view, t)
    _add_completion_table(document, report, view, t)
    _add_status_table(document, report, view, t)
    _add_reach_table(document, report, view, t)


def _scopes(report: ReportHead, t) -> list[tuple[str, str]]:
    """The statistics scopes shown, with their names: the period, and the year to date
    beside a quarter (for the whole year both are the same)."""
    period = capital(period_name(report.period, report.lang))
    if report.period.scope == "year":
        return [("quarter", period)]
    return [("quarter", period), ("year_to_date", t("period.scope_year_to_date"))]


def _add_completion_table(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    scopes = _scopes(report, t)
    quarter_columns = [F.activities, F.expected, F.due, F.held, F.completion_rate]
    ytd_columns = [F.expected, F.due, F.held, F.completion_rate]
    groups = [(scopes[0], quarter_columns)] + ([(scopes[1], ytd_columns)] if len(scopes) > 1 else [])
    numbers = sum(len(columns) for _, columns in groups)
    number_width = 12.0
    widths = [8.0, TEXT_WIDTH_MM - 8.0 - number_width * numbers] + [number_width] * numbers

    kit.add_paragraph(document, t("word.table_completion"), CAPTION_STYLE_ID)
    table = kit.new_table(document, widths)
    top = [t("word.number"), t("column.fraction")]
    second = ["", ""]
    for (_, name), columns in groups:
        top += [name] + [""] * (len(columns) - 1)
        second += [t(f"column.{column}") for column in columns]
    kit.add_row(table, top, header=True)
    kit.add_row(table, second, header=True, rotate=range(2, len(widths)))
    kit.merge(table, (0, 0), (1, 0))
    kit.merge(table, (0, 1), (1, 1))
    start = 2
    for _, columns in groups:
        kit.merge(table, (0, start), (0, start + len(columns) - 1))
        start += len(columns)

    def figures(number: int | None) -> list[str]:
        """One fraction's figures by scope, or the totals when `number` is None."""
        cells = []
        for (scope, _), columns in groups:
            for column in columns:
                if column == F.completion_rate:
                    cells.append(percent(view.total_rate(scope) if number is None else view.rate(scope, number)))
                else:
                    cells.append(str(view.total(scope, column) if number is None else view.count(scope, number, column)))
        return cells

    for number, name in view.fractions.items():
        kit.add_row(table, [str(number), name] + figures(number), numeric_from=2, centered=(0,))
    kit.add_row(table, ["", t("word.total")] + figures(None), total=True, numeric_from=2, centered=(0,))
    kit.keep_together(table)


def _add_status_table(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    statuses = _statuses(view)
    columns = list(statuses) + [F.links]
    number_width = 14.0
    widths = [8.0, TEXT_WIDTH_MM - 8.0 - number_width * len(columns)] + [number_width] * len(columns)
    kit.add_paragraph(document, t("word.table_statuses", period=period_name(report.period, report.lang)), CAPTION_STYLE_ID)
    table = kit.new_table(document, widths)
    headers = [t(f"status.{c}") if c in statuses else t(f"column.{c}") for c in columns]
    kit.add_row(table, [t("word.number"), t("column.fraction")] + [capital(h) for h in headers],
                header=True, rotate=range(2, len(widths)))
    for number, name in view.fractions.items():
        kit.add_row(table, [str(number), name] + [str(view.count("quarter", number, c)) for c in columns],
                    numeric_from=2, centered=(0,))
    kit.add_row(table, ["", t("word.total")] + [str(view.total("quarter", c)) for c in columns],
                total=True, numeric_from=2, centered=(0,))
    kit.keep_together(table)


def _add_reach_table(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    """Per fraction, what its held activities reached: grades, partners and forms (named in the
    report's language)."""
    widths = [8.0, 40.0, 24.0, 50.0, TEXT_WIDTH_MM - 122.0]
    kit.add_paragraph(document, t("word.table_reach", period=period_name(report.period, report.lang)), CAPTION_STYLE_ID)
    table = kit.new_table(document, widths)
    kit.add_row(table, [t("word.number"), t("column.fraction"), t("column.grades"), t("column.partners"),
                        t("column.forms")], header=True)
    for number, name in view.fractions.items():
        grades, partners, forms = (view.words("quarter", number, c) for c in (F.grades, F.partners, F.forms))
        kit.add_row(table, [str(number), name, grade_ranges(grades) or NO_VALUE, list_lines(partners) or NO_VALUE,
                            list_lines(forms_in(forms, report.lang)) or NO_VALUE], centered=(0,))
    kit.keep_together(table)
    kit.add_paragraph(document, t("word.more.reach_basis"), NOTE_STYLE_ID)


def _add_activities(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    """Each fraction's activities of the period, numbered as in the plan, with what was counted
    for them (see `evidence_cell`)."""
    kit.add_heading(document, t("word.section_activities"), level=1)
    widths = [8.0, 42.0, 25.0, 16.0, 28.0, TEXT_WIDTH_MM - 119.0]
    headers = [t("word.number"), t("column.title"), t("column.date_text"), t("word.expected_held"),
               t("column.status"), t("column.evidence_links")]
    by_fraction = _by_fraction(view.rows)
    for number, name in view.fractions.items():
        kit.add_heading(document, fraction_label(number, name, view.lang), level=2)
        rows = by_fraction.get(number)
        if not rows:
            kit.add_paragraph(document, t("word.no_activities"), BODY_STYLE_ID)
            continue
        table = kit.new_table(document, widths)
        kit.add_row(table, headers, header=True)
        for row in rows:
            kit.add_row(table, [
                activity_number(row[A.activity_id]), row[A.title], activity_when(row, t), f"{row[S.expected]} / {row[S.held]}",
                status_text(row, t), evidence_cell(row, report),
            ], centered=(0, 3))


def _by_fraction(rows: list[dict]) -> dict[int, list[dict]]:
    by_fraction: dict[int, list[dict]] = {}
    for row in rows:
        by_fraction.setdefault(row[A.fraction_no], []).append(row)
    return by_fraction


def _add_problems(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    """The not-done list: the period's activities not held, not confirmed or partly done, with
    the plan's numbers, a move's new date and the reason given for not holding one."""
    kit.add_heading(document, t("word.section_problems"), level=1)
    problems = [row for row in view.rows if row[S.status] in PROBLEM_STATUSES]
    if not problems:
        kit.add_paragraph(document, t("word.no_problems"), BODY_STYLE_ID)
        return
    widths = [8.0, 40.0, 58.0, 26.0, TEXT_WIDTH_MM - 132.0]
    table = kit.new_table(document, widths)
    kit.add_row(table, [t("word.number"), t("column.fraction"), t("column.title"), t("column.date_text"),
                        t("column.status")], header=True)
    for row in problems:
        fraction = fraction_label(row[A.fraction_no], view.fractions[row[A.fraction_no]], view.lang)
        reasons = not_held_reasons(row[A.evidence_text], row[S.evidence_links], row[S.held], report.period)
        kit.add_row(table, [activity_number(row[A.activity_id]), fraction, row[A.title], activity_when(row, t),
                            status_with_reasons(status_text(row, t), reasons)], centered=(0,))


def _add_next_quarter(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    """What each fraction's leaders have ahead: the activities expected in the next quarter, with
    their dates or frequency, how many times and who is responsible. None after quarter IV."""
    if report.next_period is None or view.next_rows is None:
        return
    kit.add_heading(document, t("word.more.section_next"), level=1)
    kit.add_paragraph(document, period_line(report.next_period, report.lang), CAPTION_STYLE_ID)
    by_fraction = _by_fraction(view.next_rows)
    if not by_fraction:
        kit.add_paragraph(document, t("word.more.no_next"), BODY_STYLE_ID)
        return
    widths = [8.0, 60.0, 28.0, 30.0, TEXT_WIDTH_MM - 126.0]
    headers = [t("word.number"), t("column.title"), t("column.date_text"), t("column.expected"),
               t("column.responsible")]
    for number, name in view.fractions.items():
        rows = by_fraction.get(number)
        if not rows:
            continue
        kit.add_heading(document, fraction_label(number, name, view.lang), level=2)
        table = kit.new_table(document, widths)
        kit.add_row(table, headers, header=True)
        for row in rows:
            kit.add_row(table, [activity_number(row[A.activity_id]), row[A.title], activity_when(row, t), str(row[S.expected]),
                                row[A.responsible].strip() or NO_VALUE], centered=(0, 3))


def _add_signatures(document: kit.Document, report: ReportHead, t) -> None:
    """Signature lines for the stamp block's people and the compiler, as one block that stays on
    the page of the text before it."""
    kit.keep_with_next_block(document)
    kit.add_spacer(document, 18, keep_with_next=True)
    lines = [signature(text) for text in (report.approver, report.agreer) if text.strip()]
    lines.append((t("word.compiler") + ":", ""))
    widths = [80.0, 40.0, TEXT_WIDTH_MM - 120.0]
    table = kit.new_table(document, widths, borders=False)
    for position, (role, name) in enumerate(lines, start=1):
        # body text size, not the tables' smaller one
        kit.add_row(table, [role, SIGNATURE_LINE, name], v_align="bottom", text_style=None, space_before_pt=12,
                    keep_with_next=position < len(lines))


# --- cell texts -----------------------------------------------------------------------------------

def activity_when(row, t) -> str:
    """The activity's dates or frequency, and a move's new date (`words.when_text`)."""
    return when_text(row[A.frequency], row[A.start_date], row[A.end_date], row[A.date_text], row[S.moved_to], t)


def status_text(row, t) -> str:
    """The status label (a move's new date is in the dates column)."""
    return t(f"status.{row[S.status]}")


def status_with_reasons(status: str, reasons: list[str]) -> str:
    """The status and the reasons given for not holding the activity, the status word said once:
    a reason that starts with it continues it ("өткізілмеді: ауа райына байланысты"), one that is
    the word alone adds nothing, any other follows on a line of its own."""
    continued, others = [], []
    for reason in reasons:
        if reason.casefold().startswith(status.casefold()):
            rest = reason[len(status):].lstrip(" :;,.-–—")
            if rest:
                continued.append(f"{status}: {rest}")
        else:
            others.append(reason)
    return "\n".join((continued or [status]) + others)


def evidence_cell(row, report: ReportHead) -> kit.Paragraphs:
    """What was counted for the activity in the period (`words.evidence_items`), links clickable;
    a dash when there is none."""
    items = evidence_items(row[A.evidence_text], row[S.evidence_links], row[S.held], report.period)
    return tuple(kit.Link(text) if is_link else text for text, is_link in items) or (NO_VALUE,)


# --- signatures -----------------------------------------------------------------------------------

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"
_SURNAME = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"
_INITIALS = rf"[{_UPPER}]\.\s?[{_UPPER}]\.?|[{_UPPER}]\."
# "Байболова Р.Б." (surname first) and "Р.Б. Байболова" (initials first)
_NAME_SURNAME_FIRST = re.compile(rf"(?<![\w.])(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})(?!\w)")
_NAME_INITIALS_FIRST = re.compile(rf"(?<![\w.])(?P<initials>{_INITIALS})\s*(?P<surname>{_SURNAME})(?!\w)")
_INITIAL = re.compile(rf"[{_UPPER}]")
_ROLE_EDGES = " \t*:;,.-–—"


def signature(text: str) -> tuple[str, str]:
    """A stamp-block line as (role, "Surname I.I."): the role is the text before the first
    mention of the person; without a recognizable name, the whole text and no name.

    The name is the last one written ("директоры Р.Б. Байболова Байболова Р.Б" signs as
    "Байболова Р.Б."); in "Директор А.Б. Иванова" the role word followed by initials also looks
    like "Surname I.", so a mention overlapping the name does not end the role."""
    text = without_blanks(text.replace("*", " "))
    found = [*_NAME_SURNAME_FIRST.finditer(text), *_NAME_INITIALS_FIRST.finditer(text)]
    if not found:
        return text, ""
    named = max(found, key=lambda m: (m.end(), m.re is _NAME_SURNAME_FIRST))
    role_end = min([m.start() for m in found if m.end() <= named.start()] + [named.start()])
    initials = "".join(f"{letter}." for letter in _INITIAL.findall(named["initials"]))
    return capital(text[:role_end].strip(_ROLE_EDGES)), f"{named['surname']} {initials}"


# --- chart ----------------------------------------------------------------------------------------

def _add_chart(document: kit.Document, report: ReportHead, view: ReportView, t) -> None:
    """A native Word bar chart of the completion rate by fraction (one series per scope), for
    the fractions that had something due; no chart when none had."""
    scopes = _scopes(report, t)
    rated = [number for number in view.fractions
             if any(view.rate(scope, number) is not None for scope, _ in scopes)]
    if not rated:
        return
    categories = [fraction_label(number, view.fractions[number], report.lang) for number in rated]
    series = [(name, [view.rate(scope, number) for number in rated]) for scope, name in scopes]
    height_mm = kit.CHART_FRAME_MM + len(categories) * max(CHART_ROW_MM, CHART_BAR_MM * len(series))
    kit.add_rate_chart(document, t("word.chart_title"), categories, series, report.lang, height_mm)
