"""One plan's evaluation for one report period, as the report writers take it (how its values
are written — period names, dates, rates — is `pipeline.write.words`; a batch hands its workers
the same report as plain tables, `pipeline.write.report_rows`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


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


@dataclass(frozen=True, kw_only=True)
class ReportHead:
    """What one plan's report says of the plan and its period, without the plan's rows: what a
    worker writing the report is sent beside the rows (`write.report_rows.ReportRows`).

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
    calendar_estimated: bool = False
    # The quarter after a quarter's period (None after quarter IV and for the whole year).
    next_period: ReportPeriod | None = None
    # The plan's (quarter, held, due) in each quarter of the year before the period ("1".."3";
    # all four for the whole year), held capped per activity as in the statistics.
    earlier_quarters: tuple[tuple[str, int, int], ...] = ()

    @property
    def estimated_years(self) -> tuple[str, ...]:
        """The academic years of this report whose calendar is the estimate: its own, or none."""
        return (self.academic_year,) if self.calendar_estimated else ()


@dataclass(frozen=True, kw_only=True)
class PlanReport(ReportHead):
    """One plan's report in one language, its head and the plan's frames: what the writers take
    from a caller of the library (and what a run keeps of each report, its frames but the
    statistics left empty).

    Frames are already validated: `activities` (schemas.Activities), `status`
    (schemas.QuarterStatus, the activities of this period), `fraction_stats`
    (schemas.FractionStats, both scopes) and `notes` (schemas.Notes), all of this plan only;
    `next_status`, the status rows (schemas.QuarterStatus) of the activities expected in the
    next period (None when there is none)."""
    activities: pd.DataFrame
    status: pd.DataFrame
    fraction_stats: pd.DataFrame
    notes: pd.DataFrame
    next_status: pd.DataFrame | None = None
