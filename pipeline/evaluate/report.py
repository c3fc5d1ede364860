"""What the report writers receive: one plan's evaluation for one report period."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from pipeline.base import labels


@dataclass(frozen=True)
class ReportPeriod:
    """The period a report covers: a quarter ("1".."4") or the whole year ("year").

    `start`..`end` is the report period (breaks belong to the quarter after them);
    `teaching_start`..`teaching_end` are the teaching days shown in the title."""
    scope: str
    start: dt.date
    end: dt.date
    teaching_start: dt.date
    teaching_end: dt.date


@dataclass(frozen=True)
class PlanReport:
    """Everything a writer needs to produce one plan's report, in one language.

    Frames are already validated: `activities` (schemas.Activities), `status`
    (schemas.QuarterStatus, the activities of this period), `fraction_stats`
    (schemas.FractionStats, both scopes) and `notes` (schemas.Notes), all of this plan only.
    `calendar_estimated`: the quarters' dates are the estimate, not a minister's order."""
    source: str
    school: str
    plan_title: str
    academic_year: str          # "2025-2026"
    approver: str               # the stamp block's lines, e.g. "№2 МЛ директоры ... Байболова Р.Б"
    agreer: str
    period: ReportPeriod
    as_of: dt.date
    lang: str
    activities: pd.DataFrame
    status: pd.DataFrame
    fraction_stats: pd.DataFrame
    notes: pd.DataFrame
    calendar_estimated: bool = False


ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
DATE_FORMAT = "%d.%m.%Y"


def period_name(period: ReportPeriod, lang: str) -> str:
    """"II тоқсан" / "II четверть", or "оқу жылы" / "учебный год" for the whole year."""
    if period.scope == "year":
        return labels.text("period.year", lang)
    return labels.text("period.quarter", lang, roman=ROMAN[period.scope])


def period_label(period: ReportPeriod, lang: str) -> str:
    """The period as a report title shows it: "II тоқсан (03.11.2025 – 28.12.2025)"."""
    return labels.text("period.quarter_dates", lang, name=period_name(period, lang),
                       start=period.teaching_start.strftime(DATE_FORMAT),
                       end=period.teaching_end.strftime(DATE_FORMAT))


def estimate_line(report: PlanReport) -> str:
    """The title line every report of an estimated calendar carries; empty otherwise."""
    if not report.calendar_estimated:
        return ""
    return labels.text("calendar.report_line", report.lang, year=report.academic_year)


def grade_runs(grades: str) -> list[tuple[int, int]]:
    """The grades "1,2,3,4,7,9" as runs of consecutive grades: [(1, 4), (7, 7), (9, 9)]."""
    runs: list[list[int]] = []
    for number in sorted({int(g) for g in str(grades).split(",") if g.strip().isdigit()}):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(low, high) for low, high in runs]
