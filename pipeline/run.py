"""The `run` job: every plan in `input/` evaluated for a quarter and written as Word, Excel and CSV."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from schemas import Activities, FractionStats, Plans, QuarterStatus

from . import labels
from .atomic import output_folders
from .calendar import CalendarError, SchoolYear, load_school_year
from .evaluate import default_scope, evaluate, report_period
from .ingest import Ingested, ingest_folder
from .normalize import NormalizedPlan
from .notes import ERROR, Note, has_errors, notes_frame
from .report import PlanReport, period_label
from .stats import fraction_stats
from .write_csv import write_csv
from .write_docx import write_docx
from .write_xlsx import write_xlsx


@dataclass
class PlanOutcome:
    """One plan's report: the folder written, its files and the report; or why there is none."""
    source: str
    folder: Path | None = None
    written: list[Path] = field(default_factory=list)
    report: PlanReport | None = None
    failure: Note | None = None


@dataclass
class RunResult:
    """What `run` read, evaluated and wrote, plan by plan."""
    ingested: Ingested
    outcomes: list[PlanOutcome]

    @property
    def ok(self) -> bool:
        """Every plan got its report and no note is an error."""
        return all(o.failure is None for o in self.outcomes) and not has_errors(self.ingested.notes)


def run(input_dir: Path, output_dir: Path, files: tuple[Path, ...] = (), scope: str | None = None,
        as_of: dt.date | None = None, lang: str = labels.DEFAULT_LANG, first_year: int | None = None,
        calendars: tuple[Path, ...] = ()) -> RunResult:
    """Evaluate every plan for `scope` ("1".."4", "year"; default: the latest quarter started by
    `as_of`, default today) and write its reports under `output_dir/<plan>/<year>-Q<n>/`."""
    as_of = as_of or dt.date.today()
    ingested = ingest_folder(input_dir, files, first_year)
    folders = output_folders([p.source for p in ingested.read])
    outcomes = [PlanOutcome(source, failure=note) for source, note in ingested.failed.items()]
    for plan in ingested.read:
        outcomes.append(_plan_outcome(ingested, plan, output_dir / folders[plan.source], scope, as_of, lang, calendars))
    return RunResult(ingested, outcomes)


def _plan_outcome(ingested: Ingested, plan: NormalizedPlan, folder: Path, scope: str | None, as_of: dt.date,
                  lang: str, calendars: tuple[Path, ...]) -> PlanOutcome:
    """Evaluate one plan and write its reports; a plan without a usable calendar is a failure."""
    if plan.first_year is None:
        return PlanOutcome(plan.source, failure=Note(ERROR, "report_needs_year", plan.source))
    try:
        year = load_school_year(plan.first_year, calendars)
    except CalendarError as problem:
        message = {code: problem.message(code) for code in labels.LANGS}
        return PlanOutcome(plan.source, failure=Note(ERROR, "calendar_problem", plan.source,
                                                     params={"message": message}))
    scope = scope or default_scope(year, as_of)
    activities = ingested.activities[ingested.activities[Activities.source] == plan.source]
    status, evidence_notes = evaluate(activities, year, scope, as_of)
    ingested.notes.extend(evidence_notes)
    plan_row = ingested.plans[ingested.plans[Plans.source] == plan.source].iloc[0]
    report = PlanReport(
        source=plan.source,
        school=plan_row[Plans.school],
        plan_title=plan_row[Plans.plan_title],
        academic_year=plan_row[Plans.academic_year],
        approver=plan_row[Plans.approver],
        agreer=plan_row[Plans.agreer],
        period=report_period(year, scope),
        as_of=as_of,
        lang=lang,
        activities=activities,
        status=status[status[QuarterStatus.in_period]],
        fraction_stats=fraction_stats(activities, status),
        notes=notes_frame(ingested.notes_of(plan.source), lang),
    )
    folder = folder / _period_folder(year, scope)
    return PlanOutcome(plan.source, folder, write_plan_report(report, status, folder), report)


def _period_folder(year: SchoolYear, scope: str) -> str:
    name = f"{year.first_year}-{year.first_year + 1}"
    return f"{name}-year" if scope == "year" else f"{name}-Q{scope}"


def write_plan_report(report: PlanReport, status: pd.DataFrame, folder: Path) -> list[Path]:
    """The plan's Word and Excel reports and CSV files, each written whole or not at all;
    `quarter_status.csv` has every activity of the year to date (`status`), not only the period's."""
    stem = f"report-{report.period.scope}" if report.period.scope == "year" else f"report-Q{report.period.scope}"
    return [
        write_docx(report, folder / f"{stem}.docx"),
        write_xlsx(report, folder / f"{stem}.xlsx"),
        write_csv(report.activities, folder / "activities.csv"),
        write_csv(status, folder / "quarter_status.csv"),
        write_csv(report.fraction_stats[list(FractionStats.to_schema().columns)], folder / "fraction_stats.csv"),
        write_csv(report.notes, folder / "notes.csv"),
    ]


def run_summary_lines(result: RunResult, lang: str) -> list[str]:
    """The terminal summary: per plan, the period and each fraction's completion, or the failure."""
    t = labels.translator(lang)
    lines = [f"{n.file}: {n.message(lang)}" for n in result.ingested.notes
             if n.file not in {o.source for o in result.outcomes}]
    for outcome in result.outcomes:
        if outcome.report is None:
            lines.append(t("check.file_failed", file=outcome.source, message=outcome.failure.message(lang)))
            continue
        report = outcome.report
        lines.append(t("run.plan_line", file=outcome.source, period=period_label(report.period, lang)))
        stats = report.fraction_stats[report.fraction_stats[FractionStats.scope] == "quarter"]
        for row in stats.itertuples(index=False):
            rate = "—" if pd.isna(row.completion_rate) else f"{row.completion_rate:.0%}"
            lines.append(t("run.fraction_line", number=row.fraction_no, name=row.fraction or t("check.fraction_unnamed"),
                           rate=rate, held=row.held, due=row.due, expected=row.expected))
        errors = [n for n in result.ingested.notes_of(outcome.source) if n.severity == ERROR]
        if errors:
            lines.append(t("run.errors", count=len(errors)))
        lines.extend(t("cli.written", path=path) for path in outcome.written)
    return lines
