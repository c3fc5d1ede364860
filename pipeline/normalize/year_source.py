"""Which academic year a plan is for, and where that was read: the title, else the dates written
in its completion cells, else its real date cells, else the file's own properties, else a year
range in the file's name. `--year` overrides them all."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.base.academic_year import AcademicYear
from pipeline.normalize.when import PLAUSIBLE_YEARS
from pipeline.read.raw import RawPlan

TITLE, OPTION = "title", "option"
# Where a year came from when the title names none, in the order they are tried, and the code of
# the warning that says so.
EVIDENCE, DATE_CELLS, PROPERTIES, FILE_NAME = "evidence", "date_cells", "properties", "file_name"
YEAR_NOTES = {EVIDENCE: "academic_year_from_evidence", DATE_CELLS: "academic_year_inferred",
              PROPERTIES: "academic_year_from_properties", FILE_NAME: "academic_year_from_file_name"}
# A full date in a completion cell: "22.10.2025", "22.10.2025ж".
_FULL_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(20\d\d)(?!\d)")
# A plan is typed in the summer for the year starting in September: a file made from June on
# belongs to the academic year that starts that September.
_PLANNING_LEAD = dt.timedelta(days=92)


@dataclass(frozen=True)
class YearSource:
    """The plan's academic year (its first calendar year, None when nothing names it) and where it came from."""
    first: int | None
    source: str | None


def evidence_year(raw: RawPlan) -> int | None:
    """The academic year every full date written in the completion cells falls in, when they agree."""
    years = {AcademicYear.of_day(day).first
             for table in raw.tables for row in table.rows for line in row.cells.get("evidence_text", [])
             for day in _full_dates(line)}
    return years.pop() if len(years) == 1 else None


def _full_dates(line: str) -> list[dt.date]:
    days = []
    for day, month, year in _FULL_DATE.findall(line):
        try:
            days.append(dt.date(int(year), int(month), int(day)))
        except ValueError:
            continue
    return days


def date_cells_year(raw: RawPlan) -> int | None:
    """The academic year most real date cells of a spreadsheet fall in, if it has any."""
    years = Counter(AcademicYear.of_day(d).first
                    for table in raw.tables for row in table.rows for d in row.dates.values()
                    if d.year in PLAUSIBLE_YEARS)
    return years.most_common(1)[0][0] if years else None


def properties_year(raw: RawPlan) -> int | None:
    """The academic year the file was made for, by its created (else modified) date."""
    for day in raw.file_dates:
        if day.year in PLAUSIBLE_YEARS:
            return AcademicYear.of_day(day + _PLANNING_LEAD).first
    return None


def file_name_year(raw: RawPlan) -> int | None:
    """The academic year written in the file's name ("жоспар-2025-2026.docx")."""
    year = AcademicYear.find(raw.source)
    return year.first if year else None


_FALLBACKS = ((EVIDENCE, evidence_year), (DATE_CELLS, date_cells_year), (PROPERTIES, properties_year),
              (FILE_NAME, file_name_year))


def plan_year(raw: RawPlan, title_year: int | None, option_year: int | None) -> YearSource:
    """The year to read the plan's dates in: `--year`, else the title's, else the first fallback that gives one."""
    if option_year:
        return YearSource(option_year, OPTION)
    if title_year:
        return YearSource(title_year, TITLE)
    for source, find in _FALLBACKS:
        year = find(raw)
        if year:
            return YearSource(year, source)
    return YearSource(None, None)
