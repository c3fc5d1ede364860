"""From a plan as read to one row per activity: fractions numbered, projects filled, dates,
frequency, audience and partners normalized, and every oddity placed as a note."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from pipeline.base import labels, vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.base.notes import ERROR, WARNING, Note, Problem, from_problem
from pipeline.base.text import fold
from pipeline.normalize.audience import parse_audience, split_leading_audience
from pipeline.normalize.front_matter import FrontMatter, read_front_matter
from pipeline.normalize.partners import split_partners
from pipeline.normalize.understanding import TableLayout, table_layout
from pipeline.normalize.when import PLAUSIBLE_YEARS, When, means_this_month, parse_when
from pipeline.normalize.year_source import OPTION, YEAR_NOTES, plan_year
from pipeline.read.headers import leading_number
from pipeline.read.headings import (
    fix_broken_words,
    month_of_heading,
    month_of_word,
    parse_fraction_heading,
)
from pipeline.read.raw import RawPlan, RawRow, RawTable, TablePlaces
from schemas import Activities

# The activity columns by field name, as plain strings: a pandera model's attribute is a
# descriptor, and every activity reads them all.
A = SimpleNamespace(**{name: getattr(Activities, name) for name in Activities.__fields__})

PARTNER_SEPARATOR = "; "
# Codes of the when-parser's problems with the written date (not with the frequency).
DATE_PROBLEM_PREFIX = "date_"
_LEADING_NUMBER = re.compile(r"^\s*\d{1,3}\s*[.)]?\s*")


@dataclass
class NormalizedPlan:
    """A plan's front matter, its activities as rows of `schemas.Activities`, its notes, and where
    its academic year was read."""
    source: str
    front: FrontMatter
    first_year: int | None
    activities: list[dict]
    notes: list[Note] = field(default_factory=list)
    year_source: str | None = None  # see normalize.year_source
    layout: list[TableLayout] = field(default_factory=list)  # how each table was understood
    places: tuple[TablePlaces, ...] = ()  # where each table and row sits in the file (read.raw.table_places)


def normalize_plan(raw: RawPlan, first_year: int | None = None) -> NormalizedPlan:
    """Normalize every activity of `raw`; `first_year` (from `--year`) overrides the title's year."""
    front = read_front_matter(raw.front_lines)
    year = plan_year(raw, front.academic_year, first_year)
    plan = NormalizedPlan(raw.source, front, year.first, [], list(raw.notes), year.source)
    if year.first is None:
        plan.notes.append(Note(ERROR, "academic_year_missing", raw.source))
    elif year.source in YEAR_NOTES:   # a year from a fallback, not the title or --year
        plan.notes.append(Note(WARNING, YEAR_NOTES[year.source], raw.source,
                               params={"year": AcademicYear(year.first).name}))
    elif year.source == OPTION and front.academic_year and year.first != front.academic_year:
        plan.notes.append(Note(WARNING, "academic_year_overridden", raw.source,
                               params={"title": AcademicYear(front.academic_year).name, "used": AcademicYear(year.first).name}))
    sections = _Sections(plan, months_are_sections(raw), any(t.month_heading for t in raw.tables))
    if sections.by_month:
        plan.notes.append(Note(WARNING, "sections_are_months", raw.source))
    for table in raw.tables:
        _TableReader(plan, table, sections).read()
        plan.layout.append(table_layout(table, sections.by_month))
    _note_missing_columns(plan, raw)
    return plan


def months_are_sections(raw: RawPlan) -> bool:
    """Whether the plan has no fractions, only months (headings or a month column): each month's
    rows are then a section."""
    return (all(t.section_source == "none" and not t.fraction_heading for t in raw.tables)
            and any(month_of_heading(t.month_heading or "") or "section_month" in t.columns for t in raw.tables))


class _Sections:
    """Numbers the plan's sections in order: a fraction by its heading's number (else the previous
    number + 1), a section column's section by its name (the same name, the same section, in any
    table), a month by the month, in a plan whose months are its sections."""

    def __init__(self, plan: NormalizedPlan, by_month: bool, month_headed: bool):
        self.plan, self.by_month, self.month_headed = plan, by_month, month_headed
        self.last = 0
        self.named: dict[str, int] = {}
        # Activities numbered so far in each section, for their ids.
        self.positions: Counter[int] = Counter()
        self.extra_noted: set[str] = set()  # headers of unused columns already noted

    def of_table(self, table: RawTable) -> int:
        """The table's fraction number (with a note when the plan does not give one)."""
        number = parse_fraction_heading(table.fraction_heading)[0] if table.fraction_heading else None
        if number is None and table.section_source == "column" and table.fraction_heading:
            number = self.named.get(fold(table.fraction_heading))
            if number is None:
                number = self.named[fold(table.fraction_heading)] = self.last + 1
        if number is None:
            number = self.last + 1
            if table.section_source in ("heading", "none"):
                self.plan.notes.append(Note(WARNING, "fraction_number_missing", self.plan.source, table.table_no,
                                            value=table.fraction_heading or "", params={"number": number}))
        self.last = max(self.last, number)
        return number

    def of_month(self, month: int | None) -> int:
        """The section of a month, in a plan whose months are its sections."""
        key = f"month:{month or 0}"
        if key not in self.named:
            self.named[key] = self.last = self.last + 1
        return self.named[key]


# Columns a plan table may lack: each missing one is named once per plan (activities keep it empty).
OPTIONAL_COLUMNS = ("responsible", "audience", "evidence_text")


def _note_missing_columns(plan: NormalizedPlan, raw: RawPlan) -> None:
    absent = {key for key in OPTIONAL_COLUMNS if raw.tables and all(key not in t.columns for t in raw.tables)}
    if "evidence_text" not in absent:
        absent.discard("audience")  # read from the completion cell, with a note of its own
    missing = [key for key in OPTIONAL_COLUMNS if key in absent]
    if missing:
        names = {lang: ", ".join(f"«{labels.text('column.' + key, lang)}»" for key in missing) for lang in labels.LANGS}
        plan.notes.append(Note(WARNING, "columns_missing", plan.source, params={"columns": names}))


class _TableReader:
    """Turns one plan table's rows into activity rows of `plan`."""

    def __init__(self, plan: NormalizedPlan, table: RawTable, sections: _Sections):
        self.plan, self.table, self.sections = plan, table, sections
        self.header = {key: text for key, text in zip(table.columns, table.header) if key}
        self.by_month, self.month_headed = sections.by_month, sections.month_headed
        if self.by_month:
            self.fraction_no, self.fraction = 0, ""  # set per row, by its month
        else:
            self.fraction_no = sections.of_table(table)
            self.fraction = self._fraction_name()
        self.section_month = self._section_month()
        self.projects = self._projects()
        self.audience_noted = False
        # A month column is written on the first row of a run of rows in that month.
        self.run_month: tuple[int, str] | None = None
        self._note_extra_column()

    def _note_extra_column(self) -> None:
        """A column the report does not use is noted once per plan (by its header)."""
        header = self.header.get("extra")
        if header and header not in self.sections.extra_noted and any(r.cells.get("extra") for r in self.table.rows):
            self.sections.extra_noted.add(header)
            self.note(WARNING, "column_extra", None, "extra")

    def note(self, severity: str, code: str, row: RawRow | None = None, column: str | None = None,
             value: str = "", **params) -> None:
        self.plan.notes.append(Note(severity, code, self.plan.source, self.table.table_no,
                                    row.row_no if row else None, self.header.get(column, column) if column else "",
                                    value, params))

    def _fraction_name(self) -> str:
        if self.table.fraction_heading:
            _, name = parse_fraction_heading(self.table.fraction_heading)
            if name:
                return name
        if self.table.section_source != "restart":
            self.note(WARNING, "fraction_heading_missing", number=self.fraction_no)
        return ""

    def _section_month(self) -> int | None:
        """The month of the table's heading; a fraction's table typed under no month heading (and
        with no month column) in a plan whose other tables have one is noted."""
        month = month_of_heading(self.table.month_heading or "")
        if (month is None and self.month_headed and not self.by_month and self.table.section_source in ("heading", "none")
                and not any(r.cells.get("section_month") for r in self.table.rows)):
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
        month_misses: list[tuple[RawRow, str, int, str]] = []
        dated = 0
        for row, project in zip(self.table.rows, self.projects):
            activity = self._activity(row, project)
            if activity is None:
                continue
            self.plan.activities.append(activity)
            start = activity[A.start_date]
            month = activity[A.section_month]
            if start is not None and activity[A.frequency] == "once" and activity[A.date_text]:
                dated += 1
                # The preparation in August is dated before the year: its heading is rightly September.
                preparation = start.month == 8 and start.year == self.plan.first_year
                if month and not _overlaps_month(start, activity[A.end_date] or start, month) and not preparation:
                    month_misses.append((row, activity[A.date_text], start.month, self._month_written(row)))
        self._note_month_mismatches(month_misses, dated)

    def _month_written(self, row: RawRow) -> str:
        """The month heading or month cell a row's month was read from, as written."""
        written = " ".join(row.cells.get("section_month", []))
        return written or (self.run_month[1] if self.run_month else "") or self.table.month_heading or ""

    def _note_month_mismatches(self, misses: list[tuple[RawRow, str, int, str]], dated: int) -> None:
        """One note for the table when every date disagrees with its month heading, else one a row."""
        if not misses:
            return
        month_column = self.header.get("section_month")
        headings = {w for *_, w in misses}
        months = sorted({m for _, _, m, _ in misses})
        if not month_column and len(headings) == 1 and len(misses) == dated and dated > 1:
            heading = headings.pop()
            self.note(WARNING, "section_month_mismatch_all", None, "date_text", heading,
                      heading=heading, count=dated, months=_month_names(months))
            return
        for row, text, month, written in misses:
            # A month read from the month column is named as that column's value, not as a heading.
            code = "section_month_cell_mismatch" if month_column else "section_month_mismatch"
            self.note(WARNING, code, row, "date_text", text, heading=written, month=_month_name(month),
                      month_column=month_column or "")

    def _activity(self, row: RawRow, project: str) -> dict | None:
        cells = row.cells
        if not any(cells.get(k) for k in cells if k not in ("number", "project")):
            self.note(WARNING, "row_empty", row, "number", " ".join(cells.get("number", [])))
            return None
        row_month = self._row_month(row)
        date_text = " ".join(cells.get("date_text", []))
        when = self._when(row, date_text, row_month)
        if self.by_month:
            self.fraction_no = self.sections.of_month(row_month)
            self.fraction = fix_broken_words(self._month_written(row))
        elif self._month_carried(row) and row_month is not None and when.start and when.frequency == "once" \
                and not _overlaps_month(when.start, when.end or when.start, row_month):
            # A month cell left empty under another month: the row's own date says its month.
            row_month = when.start.month
        positions = self.sections.positions
        positions[self.fraction_no] += 1
        position = positions[self.fraction_no]
        title = "\n".join(self._title_lines(row))
        if not cells.get("number") and "number" in self.table.columns:
            self.note(WARNING, "row_number_missing", row, "number", position=position)
        if not title:
            self.note(ERROR, "title_missing", row, "title")
        for problem in when.problems:
            self.plan.notes.append(self._placed(problem, row, "date_text", date_text))
        audience_text, evidence = self._audience_and_evidence(row)
        audience = parse_audience(audience_text or "")
        if audience_text is not None:
            for problem in audience.problems:
                self.plan.notes.append(self._placed(problem, row, "audience", audience_text))
        return {
            A.activity_id: f"F{self.fraction_no}-{position:02d}",
            A.fraction_no: self.fraction_no,
            A.fraction: self.fraction,
            A.section_month: row_month,
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

    def _title_lines(self, row: RawRow) -> list[str]:
        """The activity's lines; with no № column, a number typed at the start of the title is
        the row's number, not part of its name."""
        lines = list(row.cells.get("title", []))
        if lines and "number" not in self.table.columns and leading_number(lines[0]) is not None:
            lines[0] = _LEADING_NUMBER.sub("", lines[0], count=1).strip()
            lines = [line for line in lines if line]
        return lines

    def _when(self, row: RawRow, date_text: str, month: int | None) -> When:
        """The row's dates and frequency; real start/end date cells (a flat sheet) win over the text.
        A row with no date written is dated by its month (the month column or heading); an August
        date before any other dated row is the preparation before the year, in its first year."""
        when = self._written_when(row, date_text, month)
        first_year = self.plan.first_year
        if when.start and first_year is not None and _is_preparation(when.start, first_year) and not self._dated_before():
            when = replace(when, start=when.start.replace(year=first_year),
                           end=when.end.replace(year=first_year) if when.end and when.end.month == 8 else when.end)
        return when

    def _dated_before(self) -> bool:
        return any(a[A.start_date] is not None and a[A.start_date].month != 8 for a in self.plan.activities)

    def _written_when(self, row: RawRow, date_text: str, month: int | None) -> When:
        if (not date_text or means_this_month(date_text)) and not row.dates and month:
            return parse_when(_month_name(month)["kk"], self.plan.first_year)
        when = parse_when(date_text, self.plan.first_year, month)
        start: dt.date | None
        end: dt.date | None   # the date cells', else (a year typo) as read from their text
        start = row.dates.get("start_date")
        if start is None:
            return when
        end = row.dates.get("end_date", start)
        cell_problems: tuple[Problem, ...] = ()
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

    def _audience_and_evidence(self, row: RawRow) -> tuple[str | None, list[str]]:
        """The audience text and the evidence lines. The audience is its cell's; else, with the cell
        left empty or no audience column, the start of the completion cell (a missing column noted
        once per table); else the grades named in the activity's title ("Сайлау, 5-9 сынып"). None
        when the table has neither column and the title names no grades."""
        audience, evidence = self._written_audience(row)
        if not audience:
            title = " ".join(row.cells.get("title", []))
            found = parse_audience(title)
            if found.grades and not found.problems:
                return title, evidence
        return audience, evidence

    def _written_audience(self, row: RawRow) -> tuple[str | None, list[str]]:
        evidence = row.cells.get("evidence_text", [])
        if "audience" in self.table.columns:
            written = " ".join(row.cells.get("audience", []))
            if written or "audience" in row.merged:
                return written, evidence
            # The audience cell left empty, the audience typed at the start of the completion cell.
            audience, rest = split_leading_audience(list(evidence))
            return (audience, rest) if audience else ("", evidence)
        if "evidence_text" not in self.table.columns:
            return None, evidence  # neither column: the plan names no audience (noted once per plan)
        audience, rest = split_leading_audience(list(evidence))
        if not self.audience_noted:
            self.audience_noted = True
            self.note(WARNING, "audience_column_missing", None, "evidence_text",
                      found=self.header.get("evidence_text", ""))
        return audience, rest

    def _month_carried(self, row: RawRow) -> bool:
        """Whether the row's month is the month cell of a row above it (its own left empty)."""
        return "section_month" in self.table.columns and not row.cells.get("section_month") and bool(self.run_month)

    def _row_month(self, row: RawRow) -> int | None:
        """The row's month: its month cell, else the month cell above it in the table (a month
        written on the first row of its run), else the table's month heading."""
        written = " ".join(row.cells.get("section_month", []))
        if not written:
            return self.run_month[0] if self.run_month else self.section_month
        month: int | None
        if written.isdigit() and 1 <= int(written) <= 12:
            month = int(written)
        else:
            month = month_of_word(written.split()[0])
        if month is None:
            self.note(WARNING, "section_month_unclear", row, "section_month", written)
            return self.section_month
        self.run_month = (month, written)
        return month


def _overlaps_month(start, end, month: int) -> bool:
    """Whether the period from `start` to `end` has a day in `month` (a range of months, a half-year)."""
    day, last = start.replace(day=1), end
    while day <= last:
        if day.month == month:
            return True
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return False


def _is_preparation(day: dt.date, first_year: int) -> bool:
    """Whether a date is in the August at the end of the academic year starting in `first_year`."""
    return day.month == 8 and day.year == first_year + 1


def _month_name(month: int) -> dict[str, str]:
    """The month's name in each language, for a note's message."""
    names = vocab.table("months")["names"]
    return {lang: names[lang][str(month)] for lang in names}


def _month_names(months: list[int]) -> dict[str, str]:
    names = [_month_name(m) for m in months]
    return {lang: ", ".join(n[lang] for n in names) for lang in names[0]}
