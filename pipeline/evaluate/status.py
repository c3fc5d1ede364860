"""Evaluation of a plan against the school calendar: what each activity owed and held in a report
period, year to date, and its status there.

Expected occurrences come from `calendar.occurrence_windows`, held ones from the completion cell
(`evidence.read_evidence`). The rules, in the order they are applied:
- An occurrence is due when its window has ended by the as-of date.
- A dated occurrence counts in the quarter whose report period holds its date. A date outside
  the academic year (a stale "2023" the evidence reader already warned about) counts as undated:
  the occurrence is real, only its year is wrong.
- The quarter reached by the as-of date is the latest whose teaching has started (quarter II in
  the winter break, quarter I before the year).
- Undated occurrences of a `once` (or `unknown`) activity count in its own quarter: the quarter of
  the date it was moved to, else of its start date, else of its section month's 15th, else the
  quarter reached. Undated occurrences of a recurring activity first fill each quarter's shortfall
  (due minus dated held) from quarter I on; the rest count in the quarter reached. Evidence is
  taken in cell order, so the same cell and as-of date always give the same counts.
- A not-held mark belongs to the quarter holding its date; an undated one to the activity's own
  quarter (`once`) or to the quarter reached (recurring).
- A `once` activity moved ("Ауыстырылды 20.10.2025") is expected on its new date; in the quarter of
  its old date it is `moved`. "Moved" marks of recurring activities change nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from pipeline.base.academic_year import AcademicYear
from pipeline.base.notes import Note, from_problem
from pipeline.evaluate.report import ReportPeriod
from pipeline.evaluate.school_year import SchoolYear, occurrence_windows
from pipeline.normalize.evidence import Evidence, read_evidence
from schemas import Activities as A
from schemas import QuarterStatus as S

SCOPES = ("1", "2", "3", "4", "year")
RECURRING = ("weekly", "monthly", "quarterly", "ongoing")

_QUARTERS = range(4)   # quarter indices: 0 is quarter I
_LINK_SEPARATOR = "; "
_ACTIVITY_COLUMNS = (A.source, A.activity_id, A.frequency, A.start_date, A.end_date, A.section_month,
                     A.evidence_text, A.table_no, A.row_no)
_EVIDENCE_COLUMN = A.evidence_text
# The order of the values of a status row.
_STATUS_COLUMNS = list(S.to_schema().columns)


def report_period(year: SchoolYear, scope: str) -> ReportPeriod:
    """The report period of `scope` ("1".."4" or "year") in `year`: its days and teaching days.

    The year runs from 1 September to 31 August, teaching from quarter I's first lesson to
    quarter IV's last. Raises ValueError for another scope."""
    quarters = _scope_quarters(scope)
    first, last = year.quarters[quarters.start], year.quarters[quarters.stop - 1]
    return ReportPeriod(scope, first.period_start, last.period_end, first.teaching_start, last.teaching_end)


def default_scope(year: SchoolYear, as_of: dt.date) -> str:
    """The latest quarter whose teaching has started by `as_of`: a run in the winter break reports
    quarter II. "1" before quarter I starts (or before the year), "4" from quarter IV on."""
    as_of = _day(as_of)
    started = [q.number for q in year.quarters if q.teaching_start <= as_of]
    return str(started[-1]) if started else "1"


def evaluate(activities: pd.DataFrame, year: SchoolYear, scope: str,
             as_of: dt.date) -> tuple[pd.DataFrame, list[Note]]:
    """Each activity's figures and status in the report period `scope` of `year` at `as_of`, as a
    validated `schemas.QuarterStatus` frame, and the evidence problems of every activity as notes
    placed in the completion cell (file, table, row, column "evidence_text").

    Rows, in the activities' order: every activity with something expected or held in the period
    or the year to date, or moved out of it (a `once` activity moved into it is expected there);
    `in_period` marks those with something in the period itself. `held` counts all
    evidence counted in the period, also beyond what was expected; `evidence_links` are the links
    of that evidence, in cell order. The `ytd_` columns are the same figures from 1 September to
    the period's end (for "year", the same as the period's). `moved_to` is the date a `once`
    activity was moved to. Statuses: see `status_of`. All activities are evaluated in `year`."""
    quarters = _scope_quarters(scope)
    year_to_date = range(0, quarters.stop)
    as_of = _day(as_of)
    records: list[tuple] = []
    notes: list[Note] = []
    for source, activity_id, frequency, start, end, month, text, table, row in zip(
            *(activities[c].tolist() for c in _ACTIVITY_COLUMNS)):
        evidence = _evidence(text, year.first_year)
        notes.extend(from_problem(p, file=source, table=table, row=row, column=_EVIDENCE_COLUMN,
                                  value=p.params.get("line", text)) for p in evidence.problems)
        activity = _assess(frequency, _day(start), _day(end), _month(month), text, year, as_of)
        period = _figures(activity, quarters, evidence)
        ytd = period if year_to_date == quarters else _figures(activity, year_to_date, evidence)
        if not ytd.listed:
            continue
        records.append((source, activity_id, scope, period.listed, period.expected, period.due, period.held,
                        period.status, activity.moved_to, _LINK_SEPARATOR.join(period.links),
                        ytd.expected, ytd.due, ytd.held, ytd.status, _LINK_SEPARATOR.join(ytd.links)))
    frame = pd.DataFrame.from_records(records, columns=_STATUS_COLUMNS)
    frame[S.moved_to] = pd.to_datetime(frame[S.moved_to].astype(object))
    return S.validate(frame, lazy=True), notes


def status_of(expected: int, due: int, held: int, moved_out: bool, not_held_mark: bool) -> str:
    """An activity's status in a period, the first that applies:
    `done` — something held and at least what was expected (evidence for an activity expected
    elsewhere is also `done` where it is counted); `moved` — a `once` activity moved out of the
    period; `not_held` — a not-held mark in the period and less held than due; `not_confirmed` —
    something due and no evidence; `partial` — less held than due; `planned` — nothing overdue."""
    if held > 0 and held >= expected:
        return "done"
    if moved_out:
        return "moved"
    if not_held_mark and held < due:
        return "not_held"
    if due > 0 and held == 0:
        return "not_confirmed"
    if held < due:
        return "partial"
    return "planned"


@dataclass(frozen=True)
class _Year:
    """One activity's year, quarter by quarter (index 0 is quarter I)."""
    expected: tuple[int, ...]
    due: tuple[int, ...]
    held: tuple[tuple[int, ...], ...]       # indices of the evidence occurrences counted there
    not_held: tuple[bool, ...]
    moved_to: dt.date | None                # `once` activities only
    moved_from: int | None                  # the quarter a `once` activity was moved out of
    moved_into: int | None                  # the quarter of `moved_to`; None outside the year


class _Figures(NamedTuple):
    expected: int
    due: int
    held: int
    links: tuple[str, ...]
    status: str
    listed: bool


def _figures(activity: _Year, quarters: range, evidence: Evidence) -> _Figures:
    """The activity's figures summed over `quarters`, its status there, and whether it has a row."""
    expected = sum(activity.expected[q] for q in quarters)
    counted = sorted(i for q in quarters for i in activity.held[q])
    # An occurrence already held counts as due even before its time has come, so that held over
    # due is the completion rate as the report shows it.
    due = max(sum(activity.due[q] for q in quarters), min(len(counted), expected))
    links = tuple(link for i in counted for link in evidence.occurrences[i].links)
    moved_out = activity.moved_from in quarters and activity.moved_into not in quarters
    not_held = any(activity.not_held[q] for q in quarters)
    status = status_of(expected, due, len(counted), moved_out, not_held)
    return _Figures(expected, due, len(counted), links, status, bool(expected or counted or moved_out))


@lru_cache(maxsize=65536)
def _assess(frequency: str, start: dt.date | None, end: dt.date | None, section_month: int | None,
            evidence_text: str, year: SchoolYear, as_of: dt.date) -> _Year:
    """What one activity expects, owes by `as_of` and held, quarter by quarter (module rules)."""
    evidence = _evidence(evidence_text, year.first_year)
    once = frequency not in RECURRING
    moved_to = evidence.moved_to if frequency == "once" else None
    expected, due = _schedule(frequency, start, end, section_month, moved_to, year, as_of)
    now = _quarter_at(year, as_of)
    undated_home = _own_quarter(year, (moved_to, start, _mid_month(year, section_month)), now) if once else now
    marked = _not_held_quarters(evidence, year, undated_home)
    return _Year(
        expected=expected,
        due=due,
        held=_place_held(evidence, year, due, not once, undated_home),
        not_held=tuple(q in marked for q in _QUARTERS),
        moved_to=moved_to,
        moved_from=_index(year, start) if moved_to is not None else None,
        moved_into=_index(year, moved_to),
    )


@lru_cache(maxsize=65536)
def _schedule(frequency: str, start: dt.date | None, end: dt.date | None, section_month: int | None,
              moved_to: dt.date | None, year: SchoolYear, as_of: dt.date) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The occurrences expected in each quarter, and those of them due by `as_of`."""
    windows = [occurrence_windows(frequency, start, end, section_month, q, year, moved_to)
               for q in year.quarters]
    return tuple(len(w) for w in windows), tuple(sum(1 for _, last in w if last <= as_of) for w in windows)


def _place_held(evidence: Evidence, year: SchoolYear, due: tuple[int, ...], fill_shortfalls: bool,
                undated_home: int) -> tuple[tuple[int, ...], ...]:
    """The indices of the held occurrences counted in each quarter. Undated ones first fill the
    quarters' shortfalls from quarter I on when `fill_shortfalls`; the rest go to `undated_home`."""
    placed: list[list[int]] = [[] for _ in _QUARTERS]
    undated: list[int] = []
    for i, occurrence in enumerate(evidence.occurrences):
        quarter = _index(year, occurrence.date)
        (undated if quarter is None else placed[quarter]).append(i)
    if fill_shortfalls and undated:
        for quarter in _QUARTERS:
            shortfall = max(0, due[quarter] - len(placed[quarter]))
            placed[quarter].extend(undated[:shortfall])
            del undated[:shortfall]
    placed[undated_home].extend(undated)
    return tuple(tuple(sorted(p)) for p in placed)


def _not_held_quarters(evidence: Evidence, year: SchoolYear, undated_home: int) -> set[int]:
    quarters = {_index(year, day) for day in evidence.not_held}
    return {undated_home if q is None else q for q in quarters}


def _own_quarter(year: SchoolYear, days: tuple[dt.date | None, ...], fallback: int) -> int:
    """The quarter of the first of `days` inside the year, else `fallback`."""
    for day in days:
        quarter = _index(year, day)
        if quarter is not None:
            return quarter
    return fallback


def _mid_month(year: SchoolYear, month: int | None) -> dt.date | None:
    """The 15th of a section's month in the academic year."""
    if month is None:
        return None
    return dt.date(AcademicYear(year.first_year).year_of_month(month), month, 15)


def _quarter_at(year: SchoolYear, day: dt.date) -> int:
    """The quarter reached by `day`: the latest whose teaching has started (quarter II in the winter
    break), quarter I before the year."""
    return int(default_scope(year, day)) - 1


def _index(year: SchoolYear, day: dt.date | None) -> int | None:
    quarter = year.quarter_of(day) if day is not None else None
    return None if quarter is None else quarter.number - 1


def _scope_quarters(scope: str) -> range:
    """The quarter indices a scope covers."""
    if scope == "year":
        return range(0, 4)
    if scope in SCOPES:
        return range(int(scope) - 1, int(scope))
    raise ValueError(f"unknown report scope {scope!r}; expected one of {', '.join(SCOPES)}")


@lru_cache(maxsize=16384)
def _evidence(text: str, first_year: int) -> Evidence:
    """The evidence of a completion cell's text."""
    return read_evidence(tuple(text.split("\n")) if isinstance(text, str) else (), first_year)


def _day(value) -> dt.date | None:
    """A date from a date, datetime or pandas timestamp; None for no date (None, NaT)."""
    if isinstance(value, dt.datetime):
        return None if value is pd.NaT else value.date()
    return value if isinstance(value, dt.date) else None


def _month(value) -> int | None:
    """A month number from an int or a pandas integer; None for no month (None, NA)."""
    return None if value is None or pd.isna(value) else int(value)
