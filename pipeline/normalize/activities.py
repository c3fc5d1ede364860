"""From a plan as read to one row per activity: fractions numbered, projects filled, dates,
frequency, audience and partners normalized, and every oddity placed as a note."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.base import vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.base.notes import ERROR, WARNING, Note, from_problem
from pipeline.normalize.audience import parse_audience, split_leading_audience
from pipeline.normalize.front_matter import FrontMatter, read_front_matter
from pipeline.normalize.partners import split_partners
from pipeline.normalize.when import PLAUSIBLE_YEARS, When, parse_when
from pipeline.read.headings import (
    fix_broken_words,
    month_of_heading,
    month_of_word,
    parse_fraction_heading,
)
from pipeline.read.raw import RawPlan, RawRow, RawTable
from schemas import Activities as A

PARTNER_SEPARATOR = "; "
# Codes of the when-parser's problems with the written date (not with the frequency).
DATE_PROBLEM_PREFIX = "date_"


@dataclass
class NormalizedPlan:
    """A plan's front matter, its activities as rows of `schemas.Activities`, and its notes."""
    source: str
    front: FrontMatter
    first_year: int | None
    activities: list[dict]
    notes: list[Note] = field(default_factory=list)


def normalize_plan(raw: RawPlan, first_year: int | None = None) -> NormalizedPlan:
    """Normalize every activity of `raw`; `first_year` (from `--year`) overrides the title's year."""
    front = read_front_matter(raw.front_lines)
    plan = NormalizedPlan(raw.source, front, first_year or front.academic_year, [], list(raw.notes))
    if plan.first_year is None:
        plan.first_year = _year_of_date_cells(raw)
        plan.notes.append(Note(WARNING, "academic_year_inferred", raw.source,
                               params={"year": AcademicYear(plan.first_year).name}) if plan.first_year
                          else Note(ERROR, "academic_year_missing", raw.source))
    elif first_year and front.academic_year and first_year != front.academic_year:
        plan.notes.append(Note(WARNING, "academic_year_overridden", raw.source,
                               params={"title": AcademicYear(front.academic_year).name, "used": AcademicYear(first_year).name}))
    positions: Counter[int] = Counter()
    fraction_no = 0
    for table in raw.tables:
        fraction_no = _fraction_number(table, fraction_no, plan)
        _TableReader(plan, table, fraction_no, positions).read()
    return plan


def _year_of_date_cells(raw: RawPlan) -> int | None:
    """The academic year most real date cells of a spreadsheet fall in, if it has any."""
    years = Counter(AcademicYear.of_day(d).first
                    for table in raw.tables for row in table.rows for d in row.dates.values()
                    if d.year in PLAUSIBLE_YEARS)
    return years.most_common(1)[0][0] if years else None


def _fraction_number(table: RawTable, previous: int, plan: NormalizedPlan) -> int:
    """The table's fraction number: from its heading, else the previous number + 1 (with a note)."""
    if table.fraction_heading:
        number, _ = parse_fraction_heading(table.fraction_heading)
        if number:
            return number
    plan.notes.append(Note(WARNING, "fraction_number_missing", plan.source, table.table_no,
                           value=table.fraction_heading or "", params={"number": previous + 1}))
    return previous + 1


class _TableReader:
    """Turns one plan table's rows into activity rows of `plan`."""

    def __init__(self, plan: NormalizedPlan, table: RawTable, fraction_no: int, positions: Counter):
        self.plan, self.table, self.fraction_no, self.positions = plan, table, fraction_no, positions
        self.header = {key: text for key, text in zip(table.columns, table.header) if key}
        self.fraction = self._fraction_name()
        self.section_month = self._section_month()
        self.projects = self._projects()
        self.audience_noted = False

    def note(self, severity: str, code: str, row: RawRow | None = None, column: str | None = None,
             value: str = "", **params) -> None:
        self.plan.notes.append(Note(severity, code, self.plan.source, self.table.table_no,
                                    row.row_no if row else None, self.header.get(column, column or ""),
                                    value, params))

    def _fraction_name(self) -> str:
        if self.table.fraction_heading:
            _, name = parse_fraction_heading(self.table.fraction_heading)
            if name:
                return name
        self.note(WARNING, "fraction_heading_missing", number=self.fraction_no)
        return ""

    def _section_month(self) -> int | None:
        month = month_of_heading(self.table.month_heading or "")
        if month is None and not any(r.cells.get("section_month") for r in self.table.rows):
            self.note(WARNING, "month_heading_missing", number=self.fraction_no)
        return month

    def _projects(self) -> list[str]:
        """Each row's project: a name holds down to the next name; rows above the first name
        take the first name (a merged cell already carries its name into the rows it spans)."""
        names = [fix_broken_words(" ".join(r.cells.get("project", []))) for r in self.table.rows]
        for row, name in zip(self.table.rows, names):
            original = " ".join(row.cells.get("project", []))
            if name and name != original and "project" not in row.merged:
                self.note(WARNING, "project_spaces_fixed", row, "project", original, fixed=name)
        first = next((n for n in names if n), "")
        current = first
        filled = []
        for name in names:
            current = name or current
            filled.append(current)
        return filled

    def read(self) -> None:
        month_misses: list[tuple[RawRow, str, int]] = []
        dated = 0
        for row, project in zip(self.table.rows, self.projects):
            activity = self._activity(row, project)
            if activity is None:
                continue
            self.plan.activities.append(activity)
            start = activity[A.start_date]
            month = activity[A.section_month]
            if start is not None and activity[A.frequency] == "once":
                dated += 1
                if month and start.month != month:
                    month_misses.append((row, activity[A.date_text], start.month))
        self._note_month_mismatches(month_misses, dated)

    def _note_month_mismatches(self, misses: list[tuple[RawRow, str, int]], dated: int) -> None:
        """One note for the table when every date disagrees with its month heading, else one a row."""
        if not misses:
            return
        heading = self.table.month_heading or ""
        months = sorted({m for _, _, m in misses})
        if len(misses) == dated and dated > 1:
            self.note(WARNING, "section_month_mismatch_all", None, "date_text", heading,
                      heading=heading, count=dated, months=_month_names(months))
        else:
            for row, text, month in misses:
                self.note(WARNING, "section_month_mismatch", row, "date_text", text,
                          heading=heading, month=_month_name(month))

    def _activity(self, row: RawRow, project: str) -> dict | None:
        cells = row.cells
        if not any(cells.get(k) for k in cells if k not in ("number", "project")):
            self.note(WARNING, "row_empty", row, "number", " ".join(cells.get("number", [])))
            return None
        self.positions[self.fraction_no] += 1
        position = self.positions[self.fraction_no]
        if not cells.get("number"):
            self.note(WARNING, "row_number_missing", row, "number", position=position)
        title = "\n".join(cells.get("title", []))
        if not title:
            self.note(ERROR, "title_missing", row, "title")
        date_text = " ".join(cells.get("date_text", []))
        when = self._when(row, date_text)
        for problem in when.problems:
            self.plan.notes.append(self._placed(problem, row, "date_text", date_text))
        audience_text, evidence = self._audience_and_evidence(row)
        audience = parse_audience(audience_text)
        for problem in audience.problems:
            self.plan.notes.append(self._placed(problem, row, "audience", audience_text))
        return {
            A.activity_id: f"F{self.fraction_no}-{position:02d}",
            A.fraction_no: self.fraction_no,
            A.fraction: self.fraction,
            A.section_month: self._row_month(row),
            A.project: project,
            A.title: title,
            A.date_text: date_text,
            A.start_date: when.start,
            A.end_date: when.end,
            A.frequency: when.frequency,
            A.grade_min: audience.grade_min,
            A.grade_max: audience.grade_max,
            A.grades: ",".join(map(str, audience.grades)),
            A.responsible: PARTNER_SEPARATOR.join(cells.get("responsible", [])),
            A.partners: PARTNER_SEPARATOR.join(split_partners(tuple(cells.get("partners", [])))),
            A.evidence_text: "\n".join(evidence),
            A.source: self.plan.source,
            A.table_no: self.table.table_no,
            A.row_no: row.row_no,
        }

    def _when(self, row: RawRow, date_text: str) -> When:
        """The row's dates and frequency; real start/end date cells (a flat sheet) win over the text."""
        when = parse_when(date_text, self.plan.first_year)
        start = row.dates.get("start_date")
        if start is None:
            return when
        end = row.dates.get("end_date", start)
        cell_problems = ()
        if not (start.year in PLAUSIBLE_YEARS and end.year in PLAUSIBLE_YEARS):
            # A typo in a date cell's year ("2925") is read as if the dates were typed as text.
            typed = "-".join(dict.fromkeys(f"{d.day:02d}.{d.month:02d}.{d.year}" for d in (start, end)))
            cells = parse_when(typed, self.plan.first_year)
            start, end, cell_problems = cells.start, cells.end, cells.problems
        return When(start=start, end=end,
                    frequency=when.frequency if when.frequency != "unknown" else "once",
                    problems=tuple(p for p in when.problems if not p.code.startswith(DATE_PROBLEM_PREFIX))
                    + cell_problems)

    def _placed(self, problem, row: RawRow, column: str, value: str) -> Note:
        return from_problem(problem, file=self.plan.source, table=self.table.table_no, row=row.row_no,
                            column=self.header.get(column, column), value=value)

    def _audience_and_evidence(self, row: RawRow) -> tuple[str, list[str]]:
        """The audience text and the evidence lines; a table without an audience column has the
        audience at the start of the completion cell (noted once per table)."""
        evidence = row.cells.get("evidence_text", [])
        if "audience" in self.table.columns:
            return " ".join(row.cells.get("audience", [])), evidence
        audience, rest = split_leading_audience(list(evidence))
        if not self.audience_noted:
            self.audience_noted = True
            self.note(WARNING, "audience_column_missing", None, "evidence_text",
                      found=self.header.get("evidence_text", ""))
        return audience, rest

    def _row_month(self, row: RawRow) -> int | None:
        written = " ".join(row.cells.get("section_month", []))
        if not written:
            return self.section_month
        if written.isdigit() and 1 <= int(written) <= 12:
            return int(written)
        month = month_of_word(written.split()[0])
        if month is None:
            self.note(WARNING, "section_month_unclear", row, "section_month", written)
        return month or self.section_month


def _month_name(month: int) -> dict[str, str]:
    """The month's name in each language, for a note's message."""
    names = vocab.table("months")["names"]
    return {lang: names[lang][str(month)] for lang in names}


def _month_names(months: list[int]) -> dict[str, str]:
    names = [_month_name(m) for m in months]
    return {lang: ", ".join(n[lang] for n in names) for lang in names[0]}
