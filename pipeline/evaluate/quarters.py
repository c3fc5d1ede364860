"""The quarters around a report period: the activities expected in the next quarter, and each
plan's figures in the quarters before the period (for the district's view over the year)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.evaluate.report import ReportPeriod
from pipeline.evaluate.school_year import SchoolYear
from pipeline.evaluate.stats import capped_held
from pipeline.evaluate.status import evaluate, period_figures, report_period
from schemas import QuarterStatus as S

QUARTERS = ("1", "2", "3", "4")


def next_quarter(activities: pd.DataFrame, year: SchoolYear, scope: str,
                 as_of: dt.date) -> tuple[ReportPeriod | None, pd.DataFrame | None]:
    """The quarter after `scope` and the status rows of the activities expected in it (moves
    applied, as its own report will count them); (None, None) after quarter IV and for the year."""
    if scope not in QUARTERS[:-1]:
        return None, None
    following = QUARTERS[QUARTERS.index(scope) + 1]
    status = evaluate(activities, year, following, as_of)
    expected = status[status[S.in_period] & (status[S.expected] > 0)]
    return report_period(year, following), expected.reset_index(drop=True)


def earlier_quarters(activities: pd.DataFrame, year: SchoolYear, scope: str,
                     as_of: dt.date) -> dict[str, tuple[tuple[str, int, int], ...]]:
    """Per plan (source), its (quarter, held, due) in every quarter of the year before `scope`
    (all four for "year"): held capped per activity at what was expected, as the statistics count
    it (`stats.capped_held`). Each quarter is evaluated on its own at `as_of`."""
    quarters = QUARTERS if scope == "year" else QUARTERS[:QUARTERS.index(scope)]
    figures: dict[str, list[tuple[str, int, int]]] = {source: [] for source in activities[S.source].unique()}
    for quarter in quarters:
        sums = {source: [0, 0] for source in figures}
        for source, expected, due, held in period_figures(activities, year, quarter, as_of):
            sums[source][0] += capped_held(held, expected)
            sums[source][1] += due
        for source, (held, due) in sums.items():
            figures[source].append((quarter, held, due))
    return {source: tuple(rows) for source, rows in figures.items()}
