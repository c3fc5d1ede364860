"""The district summary: every plan's completion in the report period side by side, with totals
and the files that got no report."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Protocol

import pandas as pd

from pipeline.base.academic_year import AcademicYear
from pipeline.base.notes import Note
from pipeline.evaluate.report import PlanReport, ReportPeriod
from pipeline.normalize.school_name import school_nominative
from schemas import STATUSES, DistrictFractions, DistrictSchools
from schemas import FractionStats as F


class PlanOutcome(Protocol):
    """What the summary needs of one plan's run: its report, or why it has none."""
    source: str
    report: PlanReport | None
    failure: Note | None

D, DF = DistrictSchools, DistrictFractions
# Per plan: the period's figures summed over its fractions.
COUNTS = [F.activities, F.expected, F.due, F.held, *STATUSES, F.links]
FAILURE_COLUMNS = ["source", "message"]


@dataclass(frozen=True)
class DistrictSummary:
    """Every plan of a run in one summary, in one language.

    `period` is the period most plans were evaluated for (None when no plan got a report);
    `other_period` names the plans evaluated for another one. `schools` (schemas.DistrictSchools)
    has a row per plan with a report (the school as its title names it, in the nominative),
    sorted by completion; `fractions`
    (schemas.DistrictFractions) a row per plan and fraction; `failures` a row per plan without
    a report (`source`, `message` in `lang`); `totals` the district's figures: plans,
    plans_failed, activities, expected, due, held, completion_rate, ytd_completion_rate, the
    counts by status and links (a rate is None when nothing was due). `estimated_years` names
    the academic years whose plans were evaluated on the estimated calendar."""
    period: ReportPeriod | None
    as_of: dt.date
    lang: str
    schools: pd.DataFrame
    fractions: pd.DataFrame
    failures: pd.DataFrame
    totals: dict
    other_period: tuple[str, ...] = ()
    estimated_years: tuple[str, ...] = ()
    # The quarters of the year before the period ("1".."3"; all four for the whole year), each
    # plan's completion in each (by source, then quarter; None when nothing was due) and the
    # district's (by quarter): the view over the year beside the period's own figure.
    quarters: tuple[str, ...] = ()
    quarter_rates: dict[str, dict[str, float | None]] = field(default_factory=dict)
    district_quarter_rates: dict[str, float | None] = field(default_factory=dict)


def district_summary(outcomes: Iterable[PlanOutcome], lang: str) -> DistrictSummary:
    """The summary of every plan's outcome of a run: completion is held over due, summed over
    each plan's fractions (held is already capped at expected per activity); plans naming the
    same school keep a row each."""
    outcomes = list(outcomes)
    reports = [o.report for o in outcomes if o.report is not None]
    failed = [o for o in outcomes if o.report is None]
    period = _common_period(reports)
    quarters = tuple(dict.fromkeys(q for r in reports if r.period == period for q, _, _ in r.earlier_quarters))
    names = [school_nominative(r.plan_title, r.school) for r in reports]
    stats = _all_stats(reports, names)
    schools, ytd = _schools(reports, names, stats)
    failures = pd.DataFrame([(o.source, o.failure.message(lang) if o.failure else "") for o in failed],
                            columns=FAILURE_COLUMNS, dtype=str)
    return DistrictSummary(
        period=period,
        as_of=max((r.as_of for r in reports), default=None) or dt.date.today(),
        lang=lang,
        schools=schools,
        fractions=_fractions(schools, stats),
        failures=failures,
        totals=_totals(schools, ytd, len(failed)),
        other_period=tuple(r.source for r in reports if r.period != period),
        estimated_years=tuple(sorted({y for r in reports for y in r.estimated_years})),
        quarters=quarters,
        quarter_rates={r.source: {q: rate(held, due) for q, held, due in r.earlier_quarters} for r in reports},
        district_quarter_rates=_district_quarter_rates(reports, quarters),
    )


def academic_year(period: ReportPeriod) -> str:
    """The academic year a report period belongs to: "2025-2026" (periods run 1 September to
    31 August)."""
    return AcademicYear.of_day(period.start).name


def rate(held: int, due: int) -> float | None:
    """Held over due, None when nothing was due."""
    return held / due if due else None


def _district_quarter_rates(reports: list[PlanReport], quarters: tuple[str, ...]) -> dict[str, float | None]:
    """The district's completion in each of `quarters`: held over due of every plan."""
    sums = {q: [0, 0] for q in quarters}
    for report in reports:
        for quarter, held, due in report.earlier_quarters:
            if quarter in sums:
                sums[quarter][0] += held
                sums[quarter][1] += due
    return {q: rate(held, due) for q, (held, due) in sums.items()}


def _common_period(reports: list[PlanReport]) -> ReportPeriod | None:
    """The period most plans were evaluated for; the latest of those tied."""
    counts = Counter(r.period for r in reports)
    return max(counts, key=lambda p: (counts[p], p.end), default=None)


def _all_stats(reports: list[PlanReport], names: list[str]) -> pd.DataFrame:
    """Every plan's fraction statistics in one frame, with the school (`names`, by report)
    beside each row. The frames are joined as they are and the school set once: a column added
    to each frame first makes the join several times slower."""
    kept = [(r.fraction_stats, name) for r, name in zip(reports, names) if len(r.fraction_stats)]
    if not kept:
        return pd.DataFrame(columns=[*F.to_schema().columns, D.school])
    stats = pd.concat([frame for frame, _ in kept], ignore_index=True)
    return stats.assign(**{D.school: [name for frame, name in kept for _ in range(len(frame))]})


def _schools(reports: list[PlanReport], names: list[str], stats: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The validated schools frame, sorted; and the year to date's due and held per plan."""
    plans = pd.DataFrame({D.source: [r.source for r in reports],
                          D.school: names,
                          D.academic_year: [r.academic_year or None for r in reports]})
    quarter = stats[stats[F.scope] == "quarter"].groupby(F.source, sort=False)[COUNTS].sum()
    ytd = stats[stats[F.scope] == "year_to_date"].groupby(F.source, sort=False)[[F.due, F.held]].sum()
    # A plan without fractions has zeros, not a missing row.
    quarter = quarter.reindex(plans[D.source], fill_value=0).reset_index(drop=True)
    ytd = ytd.reindex(plans[D.source], fill_value=0)
    frame = pd.concat([plans, quarter], axis=1)
    frame[D.completion_rate] = [rate(h, d) for h, d in zip(frame[F.held], frame[F.due])]
    frame[D.ytd_completion_rate] = [rate(h, d) for h, d in zip(ytd[F.held], ytd[F.due])]
    for column in (D.completion_rate, D.ytd_completion_rate):
        frame[column] = frame[column].astype("float64")
    frame = frame[list(D.to_schema().columns)]
    frame = frame.sort_values([D.completion_rate, D.school, D.source], ascending=[False, True, True],
                              na_position="last", key=_sort_key, kind="stable")
    return D.validate(frame.reset_index(drop=True), lazy=True), ytd


def _sort_key(column: pd.Series) -> pd.Series:
    """Names compare without case; numbers as they are."""
    return column.str.casefold() if pd.api.types.is_string_dtype(column) else column


def _fractions(schools: pd.DataFrame, stats: pd.DataFrame) -> pd.DataFrame:
    """The period's statistics per plan and fraction, plans in the schools' order."""
    order = {source: i for i, source in enumerate(schools[D.source])}
    quarter = stats[stats[F.scope] == "quarter"]
    quarter = quarter.assign(_order=quarter[F.source].map(order)).sort_values(["_order", F.fraction_no],
                                                                                kind="stable")
    frame = quarter[list(DF.to_schema().columns)].reset_index(drop=True)
    frame[DF.completion_rate] = frame[DF.completion_rate].astype("float64")
    return DF.validate(frame, lazy=True)


def _totals(schools: pd.DataFrame, ytd: pd.DataFrame, failed: int) -> dict:
    """The district's figures as plain Python values."""
    sums = {column: int(schools[column].sum()) for column in COUNTS}
    return {
        "plans": len(schools),
        "plans_failed": failed,
        **sums,
        "completion_rate": rate(sums[F.held], sums[F.due]),
        "ytd_completion_rate": rate(int(ytd[F.held].sum()), int(ytd[F.due].sum())),
    }
