"""An estimated school calendar for a year whose minister's order the project does not hold.

The orders of the last years follow one pattern, and the estimate applies it:
- quarter I starts on the first weekday from 1 September and runs 8 weeks (Monday-based weeks,
  ending on a Sunday); the autumn break is the 7 days after it;
- quarter II runs 8 weeks from the Monday after the autumn break (it ends on 28 or 29 December);
  the winter break is the 10 days after it (to 7 or 8 January);
- quarter III runs from the day after the winter break to 19 March; the spring break is 20-30
  March (11 days around Nauryz, 21-23 March);
- quarter IV runs from 31 March to 25 May.
Against the 2024-2025 and 2025-2026 orders every boundary is within two days."""
from __future__ import annotations

from datetime import date, timedelta

from pipeline.base.academic_year import AcademicYear

QUARTER_WEEKS = 8
AUTUMN_BREAK_DAYS = 7
WINTER_BREAK_DAYS = 10
QUARTER_3_LAST_DAY = (3, 19)
QUARTER_4_FIRST_DAY = (3, 31)
YEAR_LAST_DAY = (5, 25)

_DAY = timedelta(days=1)


def estimated_calendar(first_year: int) -> dict:
    """The estimated calendar of the academic year starting in `first_year`, shaped like a parsed
    calendar file: {"academic_year": "YYYY-YYYY", "quarter": [{number, teaching_start,
    teaching_end, break_start, break_end}, ...]} (no break after quarter IV)."""
    second_year = first_year + 1
    q1_start = _first_weekday(date(first_year, 9, 1))
    q1_end = _week_start(q1_start) + timedelta(weeks=QUARTER_WEEKS) - _DAY
    autumn_end = q1_end + AUTUMN_BREAK_DAYS * _DAY
    q2_start = autumn_end + _DAY
    q2_end = q2_start + timedelta(weeks=QUARTER_WEEKS) - _DAY
    winter_end = q2_end + WINTER_BREAK_DAYS * _DAY
    q3_end = date(second_year, *QUARTER_3_LAST_DAY)
    q4_start = date(second_year, *QUARTER_4_FIRST_DAY)
    return {
        "academic_year": AcademicYear(first_year).name,
        "quarter": [
            _quarter(1, q1_start, q1_end, q1_end + _DAY, autumn_end),
            _quarter(2, q2_start, q2_end, q2_end + _DAY, winter_end),
            _quarter(3, winter_end + _DAY, q3_end, q3_end + _DAY, q4_start - _DAY),
            _quarter(4, q4_start, date(second_year, *YEAR_LAST_DAY)),
        ],
    }


def _quarter(number: int, start: date, end: date, break_start: date | None = None,
             break_end: date | None = None) -> dict:
    entry = {"number": number, "teaching_start": start, "teaching_end": end}
    if break_start is not None:
        entry.update(break_start=break_start, break_end=break_end)
    return entry


def _first_weekday(day: date) -> date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + (7 - day.weekday()) * _DAY if day.weekday() >= 5 else day


def _week_start(day: date) -> date:
    return day - day.weekday() * _DAY
