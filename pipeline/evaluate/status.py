"""Evaluation of a plan against the school calendar: what each activity owed and held in a report
period, year to date, and its status there.

Expected occurrences come from `school_year.occurrence_windows`, held ones from the completion cell
(`evidence.read_evidence`; its problems are notes of the normalize stage, not of this one). The
rules, as the README's "How activities are counted" states them:
1. An occurrence is due when its own window has ended by the as-of date, or when the last teaching
   day of the quarter it is counted in has come, whichever is first (`school_year.due_day`): a
   closed quarter owes everything it expected, quarter IV's quarterly and ongoing ones from 25 May.
2. A report on a period that is over does not depend on the day it is made: every rule below
   places evidence by the calendar and the cell, and only evidence left over once each quarter's
   shortfall is filled goes to the quarter reached (the latest whose teaching has started).
3. Evidence (held or not held) dated after the as-of date is not counted.
4. A date outside the academic year (a later year; an earlier one is already moved into the year
   by the evidence reader) counts as undated: the occurrence is real, only its year is wrong.
6. A one-time activity (`once`, `unknown`) counts all its evidence, and its not-held marks, in its
   own quarter: the quarter of the date it was moved to, else of its dates, else of its section
   month; one without any of them is placed like a recurring one.
   A recurring activity counts dated evidence in the quarter holding the date; undated evidence
   first fills each quarter's shortfall (due minus dated held) from quarter I on, the rest counts
   in the quarter reached. Evidence is taken in cell order, so the same cell and as-of date always
   give the same counts. A dated not-held mark belongs to the quarter of its date; an undated one
   to the first quarter still short once the evidence is placed (else the quarter reached).
5. A one-time activity moved ("Ауыстырылды 20.10.2025", also "Өткізілмеді, 20.10.2025 күніне
   ауыстырылды") is expected on its new date; in the quarter of its old date it is `moved`.
   "Moved" marks of recurring activities change nothing.
9. An activity with no time of its own (`as_needed`, or one-time with no date and no section
   month) expects nothing; it has a row in every period, `unscheduled` until evidence makes it
   `done`."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from pipeline.evaluate.report import ReportPeriod
from pipeline.evaluate.school_year import (
    ONE_TIME,
    RECURRING,
    SchoolYear,
    due_day,
    frame_day,
    frame_month,
    is_scheduled,
    occurrence_windows,
)
from pipeline.normalize.evidence import Evidence, read_evidence
from schemas import Activities as A
from schemas import QuarterStatus as S

SCOPES = ("1", "2", "3", "4", "year")

_QUARTERS = range(4)   # quarter indices: 0 is quarter I
_SEPARATOR = "; "      # of links and held dates
_ACTIVITY_COLUMNS = (A.source, A.activity_id, A.frequency, A.start_date, A.end_date, A.section_month,
                     A.evidence_text)
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
    """The period reported when none is asked for: "year" once the academic year is over (after
    31 August), else the latest quarter whose teaching has started by `as_of` (a run in the winter
    break reports quarter II); "1" before quarter I starts (or before the year)."""
    as_of = _calendar_day(as_of)
    if as_of > year.end:
        return "year"
    return str(_quarter_reached(year, as_of) + 1)


def evaluate(activities: pd.DataFrame, year: SchoolYear, scope: str, as_of: dt.date) -> pd.DataFrame:
    """Each activity's figures and status in the report period `scope` of `year` at `as_of`, as a
    validated `schemas.QuarterStatus` frame (the rules: see the module).

    Rows, in the activities' order: every activity with something expected or held in the period
    or the year to date, moved out of it (a one-time activity moved into it is expected there), or
    with no time of its own (`unscheduled`, in every period); `in_period` marks those with
    something in the period itself (a row without has its year-to-date status). `held` counts all
    evidence counted in the period, also beyond what was expected; `evidence_links` are the links
    of that evidence and `held_dates` its dates (ISO, each once), in cell order. The `ytd_` columns are the same figures from
    1 September to the period's end (for "year", the same as the period's). `moved_to` is the date
    a one-time activity was moved to. Statuses: see `status_of`. All activities are evaluated in
    `year`."""
    quarters = _scope_quarters(scope)
    year_to_date = range(0, quarters.stop)
    records: list[tuple] = []
    for source, activity_id, activity, evidence in _assessed(activities, year, as_of):
        period = _figures(activity, quarters, evidence)
        ytd = period if year_to_date == quarters else _figures(activity, year_to_date, evidence)
        if not ytd.listed:
            continue
        # A row with nothing in the period takes its year-to-date status: "planned" would say that
        # its time in the period is still to come.
        status = period.status if period.listed else ytd.status
        records.append((source, activity_id, scope, period.listed, period.expected, period.due, period.held,
                        status, activity.moved_to, _SEPARATOR.join(period.links),
                        _SEPARATOR.join(period.dates), ytd.expected, ytd.due, ytd.held, ytd.status,
                        _SEPARATOR.join(ytd.links)))
    frame = pd.DataFrame.from_records(records, columns=_STATUS_COLUMNS)
    frame[S.moved_to] = pd.to_datetime(frame[S.moved_to].astype(object))
    return S.validate(frame, lazy=True)


def period_figures(activities: pd.DataFrame, year: SchoolYear, scope: str, as_of: dt.date
                   ) -> Iterator[tuple[str, int, int, int]]:
    """(source, expected, due, held) of each activity with something in the period `scope`: the
    figures of `evaluate`'s rows `in_period`, without the rest of its frame (its statuses, links,
    dates and year-to-date figures), for the quarters around a report."""
    quarters = _scope_quarters(scope)
    for source, _, activity, evidence in _assessed(activities, year, as_of):
        period = _figures(activity, quarters, evidence)
        if period.listed:
            yield source, period.expected, period.due, period.held


def _assessed(activities: pd.DataFrame, year: SchoolYear, as_of: dt.date) -> Iterator[tuple[str, str, _Year, Evidence]]:
    """Each activity's source, id, year quarter by quarter (`_assess`) and evidence, in order."""
    as_of = _calendar_day(as_of)
    for source, activity_id, frequency, start, end, month, text in zip(
            *(activities[c].tolist() for c in _ACTIVITY_COLUMNS)):
        activity = _assess(frequency, frame_day(start), frame_day(end), frame_month(month), text, year, as_of)
        yield source, activity_id, activity, _evidence(text, year.first_year)


def status_of(expected: int, due: int, held: int, moved_out: bool, not_held_mark: bool,
              scheduled: bool = True) -> str:
    """An activity's status in a period, the first that applies:
    `done` — something held and at least what was expected (evidence for an activity expected
    elsewhere, or owing nothing, is also `done` where it is counted); `moved` — a one-time activity
    moved out of the period; `not_held` — a not-held mark in the period and less held than due;
    `not_confirmed` — something due and no evidence; `partial` — less held than due;
    `unscheduled` — an activity with no time of its own (not `scheduled`) and nothing held;
    `planned` — nothing overdue: its time has not come yet."""
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
    return "planned" if scheduled else "unscheduled"


@dataclass(frozen=True)
class _Year:
    """One activity's year, quarter by quarter (index 0 is quarter I)."""
    expected: tuple[int, ...]
    due: tuple[int, ...]
    held: tuple[tuple[int, ...], ...]       # indices of the evidence occurrences counted there
    not_held: tuple[bool, ...]
    scheduled: bool
    moved_to: dt.date | None                # one-time activities only
    moved_from: int | None                  # the quarter a one-time activity was moved out of
    moved_into: int | None                  # the quarter of `moved_to`; None outside the year


class _Figures(NamedTuple):
    expected: int
    due: int
    held: int
    links: tuple[str, ...]
    dates: tuple[str, ...]
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
    dates = tuple(dict.fromkeys(day.isoformat() for i in counted if (day := evidence.occurrences[i].date) is not None))
    moved_out = activity.moved_from in quarters and activity.moved_into not in quarters
    not_held = any(activity.not_held[q] for q in quarters)
    status = status_of(expected, due, len(counted), moved_out, not_held, activity.scheduled)
    listed = bool(expected or counted or moved_out or not activity.scheduled)
    return _Figures(expected, due, len(counted), links, dates, status, listed)


@lru_cache(maxsize=65536)
def _assess(frequency: str, start: dt.date | None, end: dt.date | None, section_month: int | None,
            evidence_text: str, year: SchoolYear, as_of: dt.date) -> _Year:
    """What one activity expects, owes by `as_of` and held, quarter by quarter (module rules)."""
    evidence = _evidence(evidence_text, year.first_year)
    one_time = frequency in ONE_TIME
    moved_to = evidence.moved_to if one_time else None
    expected, due = _schedule(frequency, start, end, section_month, moved_to, year, as_of)
    home = _home_quarter(expected) if one_time else None
    held = _place_held(evidence, year, due, home, frequency in RECURRING, as_of)
    marked = _not_held_quarters(evidence, year, due, held, home, as_of)
    return _Year(
        expected=expected,
        due=due,
        held=held,
        not_held=tuple(q in marked for q in _QUARTERS),
        scheduled=is_scheduled(frequency, start, end, section_month),
        moved_to=moved_to,
        moved_from=_index(year, start or end) if moved_to is not None else None,
        moved_into=_index(year, moved_to),
    )


@lru_cache(maxsize=65536)
def _schedule(frequency: str, start: dt.date | None, end: dt.date | None, section_month: int | None,
              moved_to: dt.date | None, year: SchoolYear, as_of: dt.date) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The occurrences expected in each quarter, and those of them due by `as_of`."""
    expected, due = [], []
    for quarter in year.quarters:
        windows = occurrence_windows(frequency, start, end, section_month, quarter, year, moved_to)
        expected.append(len(windows))
        due.append(sum(1 for w in windows if due_day(w, quarter) <= as_of))
    return tuple(expected), tuple(due)


def _home_quarter(expected: tuple[int, ...]) -> int | None:
    """The quarter a one-time activity is expected in; None when it is expected nowhere."""
    return next((q for q in _QUARTERS if expected[q]), None)


def _place_held(evidence: Evidence, year: SchoolYear, due: tuple[int, ...], home: int | None,
                fill_shortfalls: bool, as_of: dt.date) -> tuple[tuple[int, ...], ...]:
    """The indices of the held occurrences counted in each quarter, leaving out those dated after
    `as_of`. All go to `home` when given; else dated ones to the quarter of their date, undated
    ones first fill the quarters' shortfalls from quarter I on when `fill_shortfalls`, the rest go
    to the quarter reached by `as_of`."""
    placed: list[list[int]] = [[] for _ in _QUARTERS]
    undated: list[int] = []
    for i, occurrence in enumerate(evidence.occurrences):
        if occurrence.date is not None and occurrence.date > as_of:
            continue
        quarter = home if home is not None else _index(year, occurrence.date)
        (undated if quarter is None else placed[quarter]).append(i)
    if fill_shortfalls and undated:
        for quarter in _QUARTERS:
            shortfall = max(0, due[quarter] - len(placed[quarter]))
            placed[quarter].extend(undated[:shortfall])
            del undated[:shortfall]
    placed[_quarter_reached(year, as_of)].extend(undated)
    return tuple(tuple(sorted(p)) for p in placed)


def _not_held_quarters(evidence: Evidence, year: SchoolYear, due: tuple[int, ...],
                       held: tuple[tuple[int, ...], ...], home: int | None, as_of: dt.date) -> set[int]:
    """The quarters with a not-held mark, leaving out marks dated after `as_of`: all in `home`
    when given; else a dated mark in the quarter of its date, an undated one in the first quarter
    still short of what is due (else the quarter reached)."""
    short = next((q for q in _QUARTERS if len(held[q]) < due[q]), _quarter_reached(year, as_of))
    quarters = set()
    for day in evidence.not_held:
        if day is not None and day > as_of:
            continue
        quarter = home if home is not None else _index(year, day)
        quarters.add(short if quarter is None else quarter)
    return quarters


def _quarter_reached(year: SchoolYear, day: dt.date) -> int:
    """The index of the latest quarter whose teaching has started by `day` (quarter II in the
    winter break, quarter IV after the year); quarter I before the year."""
    started = [i for i, q in enumerate(year.quarters) if q.teaching_start <= day]
    return started[-1] if started else 0


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


def _calendar_day(day: dt.date) -> dt.date:
    """The calendar day of a date or datetime (an as-of date may come as either)."""
    return day.date() if isinstance(day, dt.datetime) else day
