"""The school calendar: quarters, their report periods, and the occurrences an activity owes each quarter.

A year's calendar is a TOML file in `data/calendars/` (its shape is described at the top of each
file); the user adds a year with a file of their own, and a year with no file gets the estimate
of `estimate.py`, marked as such. Report periods cover the whole year with no
gaps, so every day of the year belongs to exactly one quarter: a break belongs to the quarter after
it, the summer to quarter IV."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from pipeline.base import vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.evaluate.estimate import estimated_calendar

CALENDAR_DIR = vocab.DATA_DIR / "calendars"
QUARTER_NUMBERS = (1, 2, 3, 4)

_DAY = timedelta(days=1)
# The August before 1 September: a plan's preparation rows, reported with quarter I.
PREPARATION = timedelta(days=31)
_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Quarter:
    """One quarter: its teaching days as the minister's order sets them, and its report period."""
    number: int
    teaching_start: date
    teaching_end: date
    period_start: date
    period_end: date


@dataclass(frozen=True)
class SchoolYear:
    """One academic year, 1 September of `first_year` to 31 August of the next, in four quarters;
    `estimated` when no calendar file gave its dates."""
    first_year: int
    quarters: tuple[Quarter, Quarter, Quarter, Quarter]
    estimated: bool = False

    @property
    def start(self) -> date:
        """1 September of the first year."""
        return AcademicYear(self.first_year).start

    @property
    def end(self) -> date:
        """31 August of the second year."""
        return AcademicYear(self.first_year).end

    def quarter_of(self, day: date) -> Quarter | None:
        """The quarter whose report period holds `day`; None outside the year."""
        for quarter in self.quarters:
            if quarter.period_start <= day <= quarter.period_end:
                return quarter
        return None


class CalendarError(Exception):
    """A calendar file that cannot be used: a note code (`note.<code>`) and its parameters, which
    always name the file and the line to look at."""

    def __init__(self, code: str, file: Path, line: int = 1, **params):
        super().__init__(code)
        self.code = code
        self.params = {"file": str(file), "line": line, **params}


def load_school_year(first_year: int, extra_files: tuple[Path, ...] = ()) -> SchoolYear:
    """The school year starting in September of `first_year`.

    Every file in `extra_files` is read and checked; the last one for this year wins over the
    built-in file. With no file for the year, the estimate (`SchoolYear.estimated`). Raises
    `CalendarError` for a malformed file. Files are read on every call (not cached): the user
    corrects a calendar file between runs."""
    found = None
    for path in extra_files:
        year = _read_calendar(Path(path))
        if year.first_year == first_year:
            found = year
    if found is not None:
        return found
    builtin = CALENDAR_DIR / f"{AcademicYear(first_year).name}.toml"
    if builtin.is_file():
        return _read_calendar(builtin)
    return _school_year(estimated_calendar(first_year), Path(builtin.name), estimated=True)


ONE_TIME = ("once", "unknown")
RECURRING = ("weekly", "monthly", "quarterly", "ongoing")
AS_NEEDED = "as_needed"


@lru_cache(maxsize=65536)
def occurrence_windows(frequency: str, start: date | None, end: date | None,
                       section_month: int | None, quarter: Quarter, year: SchoolYear,
                       moved_to: date | None = None) -> tuple[tuple[date, date], ...]:
    """One (window_start, window_end) per occurrence of an activity expected in `quarter`'s period.

    `once` and `unknown` (one-time activities): one occurrence on the day it was moved to, else on
    its dates (a deadline "until 15.10" alone is its day), else in its section's month; it belongs
    to the quarter whose period holds that day (for a month: its 15th; a day of the August before
    the year, the preparation for it, belongs to quarter I). With no date and no month
    it expects nothing: `is_scheduled` says so. Recurring activities count from their section's
    month (or a later start date) to the end of the year: `weekly` one per Monday-Sunday week with
    a teaching day of the quarter on or after that start, `monthly` one per month whose 15th lies
    in the period and with a teaching day on or after the start, `quarterly` and `ongoing` the
    period itself (from the start, when it starts inside it). `as_needed` expects nothing.
    Values may come straight from a frame: timestamps, NaT, NA."""
    start, end, moved_to = frame_day(start), frame_day(end), frame_day(moved_to)
    section_month = frame_month(section_month)
    if frequency in ONE_TIME:
        return _once_windows(start, end, moved_to, section_month, quarter, year)
    if frequency == AS_NEEDED:
        return ()
    try:
        windows = _RECURRING[frequency](quarter, year)
    except KeyError:
        raise ValueError(f"unknown frequency {frequency!r}") from None
    active_start = _active_start(start, section_month, year)
    if frequency in _PERIOD_FREQUENCIES:
        return tuple((max(first, active_start), last) for first, last in windows if last >= active_start)
    return tuple(w for w in windows if _has_teaching_day(year, max(w[0], active_start), w[1]))


def is_scheduled(frequency: str, start: date | None, end: date | None, section_month: int | None) -> bool:
    """Whether the activity has a time of its own: a recurring frequency, or a one-time activity
    with a date or a section month. "As needed" and a one-time activity with neither are not."""
    if frequency == AS_NEEDED:
        return False
    if frequency in ONE_TIME:
        return frame_day(start) is not None or frame_day(end) is not None or frame_month(section_month) is not None
    return True


def due_day(window: tuple[date, date], quarter: Quarter) -> date:
    """The day an occurrence of `quarter` becomes due: the end of its own window, or the quarter's
    last teaching day when that comes first (a closed quarter owes everything it expected). A
    window that starts after the last teaching day (a summer activity) is due at its own end."""
    first, last = window
    return min(last, max(first, quarter.teaching_end))


def _once_windows(start, end, moved_to, section_month, quarter, year):
    if moved_to is not None:
        window, home = (moved_to, moved_to), moved_to
    elif start is not None or end is not None:
        window = (start or end, end or start)
        home = window[0]
    elif section_month is not None:
        first = date(AcademicYear(year.first_year).year_of_month(section_month), section_month, 1)
        window, home = (first, _next_month(first) - _DAY), first.replace(day=15)
    else:
        return ()
    return (window,) if year.quarter_of(_with_preparation(home, year)) == quarter else ()


def _with_preparation(day: date, year: SchoolYear) -> date:
    """`day`, or the year's first day for a day of the August before it: the preparation for the
    year a plan may open with is reported with quarter I."""
    return year.start if year.start - PREPARATION <= day < year.start else day


def _weekly_windows(quarter: Quarter, year: SchoolYear) -> list[tuple[date, date]]:
    monday = quarter.teaching_start - timedelta(days=quarter.teaching_start.weekday())
    windows = []
    while monday <= quarter.teaching_end:
        sunday = monday + 6 * _DAY
        if _has_weekday(max(monday, quarter.teaching_start), min(sunday, quarter.teaching_end)):
            windows.append((monday, sunday))
        monday += _WEEK
    return windows


def _monthly_windows(quarter: Quarter, year: SchoolYear) -> list[tuple[date, date]]:
    windows = []
    for first in _month_starts(year):
        last = _next_month(first) - _DAY
        if year.quarter_of(first.replace(day=15)) == quarter and _has_teaching_day(year, first, last):
            windows.append((first, last))
    return windows


def _period_window(quarter: Quarter, year: SchoolYear) -> list[tuple[date, date]]:
    return [(quarter.period_start, quarter.period_end)]


_RECURRING = {
    "weekly": _weekly_windows,
    "monthly": _monthly_windows,
    "quarterly": _period_window,
    "ongoing": _period_window,
}
_PERIOD_FREQUENCIES = ("quarterly", "ongoing")


def _active_start(start: date | None, section_month: int | None, year: SchoolYear) -> date:
    """First day a recurring activity is active: its section month's 1st, or its later start date."""
    if section_month is None:
        section_start = year.start
    else:
        section_start = date(AcademicYear(year.first_year).year_of_month(section_month), section_month, 1)
    return max(section_start, start) if start is not None else section_start


def _has_teaching_day(year: SchoolYear, first: date, last: date) -> bool:
    return any(_has_weekday(max(first, q.teaching_start), min(last, q.teaching_end)) for q in year.quarters)


def _has_weekday(first: date, last: date) -> bool:
    """Whether first..last is not empty and holds a Monday-Friday (any three days in a row do)."""
    return first <= last and ((last - first).days >= 2 or first.weekday() < 5 or last.weekday() < 5)


def _month_starts(year: SchoolYear) -> list[date]:
    months = [year.start]
    while (following := _next_month(months[-1])) <= year.end:
        months.append(following)
    return months


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def frame_day(value) -> date | None:
    """A date from a date, datetime or pandas timestamp; None for no date (None, NaT, NA)."""
    if not isinstance(value, date) or value != value:  # NaT is a datetime not equal to itself
        return None
    return value.date() if isinstance(value, datetime) else value


def frame_month(value) -> int | None:
    """A month number from an int or a pandas integer; None for no month (None, NA)."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _read_calendar(path: Path) -> SchoolYear:
    """The school year a calendar file describes; `CalendarError` naming the file and line when malformed."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except OSError:
        raise CalendarError("calendar_unreadable", path) from None
    except UnicodeDecodeError:
        raise CalendarError("calendar_not_text", path) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise CalendarError("calendar_syntax", path, int(found.group(1)) if found else 1) from None
    try:
        return _school_year(data, path)
    except CalendarError as problem:
        problem.params["line"] = _line_of(text, problem.params.get("quarter"), problem.params.get("field"))
        raise


def _line_of(text: str, quarter: int | None, field: str | None) -> int:
    """The line of `text` to point the user at: the quarter's `field` line, else its `number`
    line, else the `academic_year` line, else the first line."""
    fallback, current = 1, None
    for number, line in enumerate(text.splitlines(), start=1):
        key, _, value = line.partition("=")
        key, value = key.strip(), value.split("#")[0].strip()
        if key == "academic_year" and quarter is None:
            return number
        if key == "number":
            current = value
            if value == str(quarter):
                fallback = number
        elif current == str(quarter) and key == field:
            return number
    return fallback


def _school_year(data: dict, path: Path, estimated: bool = False) -> SchoolYear:
    """The school year of a parsed calendar; `CalendarError` when its dates do not make one."""
    first_year = _first_year(data, path)
    entries = _quarter_entries(data, path)
    year_start, year_end = AcademicYear(first_year).start, AcademicYear(first_year).end
    previous_end = None
    quarters: list[Quarter] = []
    for number in QUARTER_NUMBERS:
        entry = entries[number]
        teaching_start = _date_field(entry, "teaching_start", path, number)
        teaching_end = _date_field(entry, "teaching_end", path, number)
        break_days = _break_days(entry, path, number)
        days = (teaching_start, teaching_end, *break_days)
        if not all(year_start <= day <= year_end for day in days):
            raise CalendarError("calendar_outside_year", path, quarter=number, year=AcademicYear(first_year).name)
        if not _in_order(teaching_start, teaching_end, break_days):
            raise CalendarError("calendar_dates_out_of_order", path, quarter=number)
        if previous_end is not None and teaching_start <= previous_end:
            raise CalendarError("calendar_quarters_overlap", path, quarter=number, field="teaching_start")
        period_start = year_start if number == 1 else quarters[-1].teaching_end + _DAY
        period_end = year_end if number == 4 else teaching_end
        quarters.append(Quarter(number, teaching_start, teaching_end, period_start, period_end))
        previous_end = days[-1]
    return SchoolYear(first_year, (quarters[0], quarters[1], quarters[2], quarters[3]), estimated)


def _first_year(data: dict, path: Path) -> int:
    year = AcademicYear.parse(str(data.get("academic_year", "")))
    if year is None:
        raise CalendarError("calendar_year_invalid", path)
    return year.first


def _quarter_entries(data: dict, path: Path) -> dict[int, dict]:
    entries: dict[int, dict] = {}
    listed = data.get("quarter")
    for entry in listed if isinstance(listed, list) else ():
        if not isinstance(entry, dict):
            continue
        number = entry.get("number")
        if number not in QUARTER_NUMBERS or isinstance(number, bool) or number in entries:
            raise CalendarError("calendar_quarter_extra", path, quarter=number)
        entries[number] = entry
    for number in QUARTER_NUMBERS:
        if number not in entries:
            raise CalendarError("calendar_quarter_missing", path, quarter=number)
    return entries


def _in_order(teaching_start: date, teaching_end: date, break_days: tuple[date, ...]) -> bool:
    """Whether teaching_start <= teaching_end < break_start <= break_end."""
    if teaching_start > teaching_end:
        return False
    return not break_days or teaching_end < break_days[0] <= break_days[1]


def _break_days(entry: dict, path: Path, number: int) -> tuple[date, ...]:
    """The break's first and last day, or nothing when the quarter has no break written."""
    if "break_start" not in entry and "break_end" not in entry:
        return ()
    return (_date_field(entry, "break_start", path, number), _date_field(entry, "break_end", path, number))


def _date_field(entry: dict, field: str, path: Path, number: int) -> date:
    """A quarter's date field; a quoted ISO date is accepted too."""
    value = entry.get(field)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            pass
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise CalendarError("calendar_date_invalid", path, quarter=number, field=field)
