"""A plan report as the writers read it: its head and its frames as tables, joined in plain Python."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pipeline.evaluate.report import PlanReport, ReportHead
from pipeline.evaluate.stats import scope_totals
from pipeline.write.tables import Table
from schemas import Activities as A
from schemas import FractionStats as F
from schemas import QuarterStatus as Q


@dataclass(frozen=True)
class ReportRows:
    """One plan's report: the head, and the frames of `PlanReport` as tables (`status_table`
    holds this period's status rows, `next_table` those of the next period, None when there is
    none), each read once for all the parts built of it: pandas takes longer to hand out a row,
    or to join two frames, than a writer takes to write it. Plain values: cheap to send to the
    process that writes the report."""
    head: ReportHead
    activity_table: Table
    status_table: Table
    stats_table: Table
    notes_table: Table
    next_table: Table | None = None

    @classmethod
    def of(cls, report: PlanReport | ReportRows) -> ReportRows:
        """The rows of a report (of rows, themselves)."""
        if isinstance(report, ReportRows):
            return report
        return cls(report, Table.of(report.activities), Table.of(report.status), Table.of(report.fraction_stats),
                   Table.of(report.notes), None if report.next_status is None else Table.of(report.next_status))

    @cached_property
    def activities(self) -> list[dict]:
        return self.activity_table.records()

    @cached_property
    def period(self) -> list[dict]:
        """The activities with something in the period, each joined with its status, in plan order."""
        status: dict[tuple, list[dict]] = {}
        for row in self.status_table.records():
            if row[Q.in_period]:
                status.setdefault((row[A.source], row[A.activity_id]), []).append(row)
        return [{**activity, **row} for activity in self.activities
                for row in status.get((activity[A.source], activity[A.activity_id]), ())]

    @cached_property
    def next_quarter(self) -> list[dict]:
        """The activities expected in the next quarter, each joined with its status there, in plan order."""
        if self.next_table is None:
            return []
        status = {(row[A.source], row[A.activity_id]): row for row in self.next_table.records()}
        return [{**activity, **status[key]} for activity in self.activities
                if (key := (activity[A.source], activity[A.activity_id])) in status]

    @cached_property
    def notes(self) -> list[dict]:
        return self.notes_table.records()

    def stats(self, scope: str) -> list[dict]:
        """The statistics of `scope`, in fraction order."""
        return sorted((row for row in self.fraction_stats if row[F.scope] == scope), key=lambda row: row[F.fraction_no])

    @cached_property
    def totals(self) -> dict[str, dict]:
        """The statistics' totals row of each scope (`stats.scope_totals`), computed once."""
        return scope_totals(self.stats_table.columns)

    @cached_property
    def fraction_stats(self) -> list[dict]:
        return self.stats_table.records()
