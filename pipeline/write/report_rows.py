"""A plan report's frames as rows, for the writers: read once, joined in plain Python."""
from __future__ import annotations

from functools import cached_property

import pandas as pd

from pipeline.evaluate.report import PlanReport
from pipeline.evaluate.stats import scope_totals
from schemas import Activities as A
from schemas import FractionStats as F
from schemas import QuarterStatus as Q


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of `frame` as dicts by column, values as iterating a column gives them."""
    names = list(frame.columns)
    columns = [values.tolist() for _, values in frame.items()]
    return [dict(zip(names, values)) for values in zip(*columns)]


class ReportRows:
    """The report's frames as rows (dicts by column), each frame read once for all its parts:
    pandas takes longer to hand out a row, or to join two frames, than a writer takes to write it."""

    def __init__(self, report: PlanReport):
        self._report = report

    @cached_property
    def activities(self) -> list[dict]:
        return records(self._report.activities)

    @cached_property
    def period(self) -> list[dict]:
        """The activities with something in the period, each joined with its status, in plan order."""
        status: dict[tuple, list[dict]] = {}
        for row in records(self._report.status):
            if row[Q.in_period]:
                status.setdefault((row[A.source], row[A.activity_id]), []).append(row)
        return [{**activity, **row} for activity in self.activities
                for row in status.get((activity[A.source], activity[A.activity_id]), ())]

    @cached_property
    def next_quarter(self) -> list[dict]:
        """The activities expected in the next quarter, each joined with its status there, in plan order."""
        if self._report.next_status is None:
            return []
        status = {(row[A.source], row[A.activity_id]): row for row in records(self._report.next_status)}
        return [{**activity, **status[key]} for activity in self.activities
                if (key := (activity[A.source], activity[A.activity_id])) in status]

    @cached_property
    def notes(self) -> list[dict]:
        return records(self._report.notes)

    def stats(self, scope: str) -> list[dict]:
        """The statistics of `scope`, in fraction order."""
        return sorted((row for row in self.fraction_stats if row[F.scope] == scope), key=lambda row: row[F.fraction_no])

    @cached_property
    def totals(self) -> dict[str, dict]:
        """The statistics' totals row of each scope (`stats.scope_totals`), computed once."""
        return scope_totals(self._report.fraction_stats)

    @cached_property
    def fraction_stats(self) -> list[dict]:
        return records(self._report.fraction_stats)
