"""The `run` job: every plan in `input/` evaluated for a quarter and written as Word, Excel and CSV.

Plans are read in parallel, validated and evaluated as one batch per academic year (pandera's
fixed cost is paid once), and their reports written in parallel, one plan per task."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.base import labels
from pipeline.base.academic_year import AcademicYear
from pipeline.base.batch import Progress, map_plans
from pipeline.base.notes import ERROR, Note, has_errors, notes_frame
from pipeline.evaluate.quarters import earlier_quarters, next_quarter
from pipeline.evaluate.report import PlanReport
from pipeline.evaluate.school_year import CalendarError, SchoolYear, load_school_year
from pipeline.evaluate.stats import fraction_stats
from pipeline.evaluate.status import default_scope, evaluate, report_period
from pipeline.normalize.activities import NormalizedPlan
from pipeline.normalize.ingest import Ingested, ingest_folder
from pipeline.read.discover import plan_files
from pipeline.write.atomic import clear_leftovers, output_folders
from pipeline.write.csv_files import write_csv
from pipeline.write.marked_plan import write_marked_plans
from pipeline.write.plan_excel import write_xlsx
from pipeline.write.plan_word import write_docx
from pipeline.write.words import percent, period_label, stats_in
from schemas import Activities, FractionStats, Plans, QuarterStatus

# Above this many plans the terminal shows one line per plan.
COMPACT_FROM = 8


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


@dataclass(frozen=True)
class _Evaluated:
    """One plan evaluated: its report, and its status rows of the whole year to date."""
    report: PlanReport
    status: pd.DataFrame
    scope: str
    year: SchoolYear


def run(input_dir: Path, output_dir: Path, files: tuple[Path, ...] = (), scope: str | None = None,
        as_of: dt.date | None = None, lang: str = labels.DEFAULT_LANG, first_year: int | None = None,
        calendars: tuple[Path, ...] = (), jobs: int | None = None, progress: Progress | None = None,
        debug: bool = False) -> RunResult:
    """Evaluate every plan for `scope` ("1".."4", "year"; default: the latest quarter started by
    `as_of`, default today) and write its reports under `output_dir/<plan>/<year>-Q<n>/`."""
    as_of = as_of or dt.date.today()
    ingested = ingest_folder(input_dir, files, first_year, jobs, progress, debug)
    evaluated, failures = _evaluate_all(ingested, scope, as_of, lang, calendars)
    folders = output_folders([p.source for p in ingested.read])
    tasks = [(e.report, e.status, output_dir / folders[e.report.source] / _period_folder(e.year, e.scope))
             for e in evaluated]
    written = map_plans(_write_task, tasks, [e.report.source for e in evaluated], jobs, progress, "write")
    marked, failed_copies = write_marked_plans(plan_files(input_dir, files)[0], ingested.notes,
                                               {p.source: output_dir / folders[p.source] for p in ingested.read},
                                               lang, jobs, progress)
    ingested.notes.extend(failed_copies)
    outcomes = [PlanOutcome(source, failure=note) for source, note in {**ingested.failed, **failures}.items()]
    outcomes += [PlanOutcome(task[0].source, task[2], paths + ([marked[task[0].source]] if task[0].source in marked else []),
                             task[0]) for task, paths in zip(tasks, written)]
    order = {source: i for i, source in enumerate(_sources_in_order(ingested))}
    outcomes.sort(key=lambda o: order.get(o.source, len(order)))
    return RunResult(ingested, outcomes)


def _sources_in_order(ingested: Ingested) -> list[str]:
    return sorted([p.source for p in ingested.read] + list(ingested.failed))


def _evaluate_all(ingested: Ingested, scope: str | None, as_of: dt.date, lang: str,
                  calendars: tuple[Path, ...]) -> tuple[list[_Evaluated], dict[str, Note]]:
    """Every readable plan evaluated, one batch per academic year; plans without a usable
    calendar become failures."""
    failures: dict[str, Note] = {}
    batches: list[tuple] = []
    for first_year, plans in _by_year(ingested.read).items():
        if first_year is None:
            failures.update({p.source: Note(ERROR, "report_needs_year", p.source) for p in plans})
            continue
        try:
            year = load_school_year(first_year, calendars)
        except CalendarError as problem:
            message = {code: problem.message(code) for code in labels.LANGS}
            failures.update({p.source: Note(ERROR, "calendar_problem", p.source, params={"message": message})
                             for p in plans})
            continue
        batch_scope = scope or default_scope(year, as_of)
        sources = {p.source for p in plans}
        activities = ingested.activities[ingested.activities[Activities.source].isin(sources)]
        status, evidence_notes = evaluate(activities, year, batch_scope, as_of)
        ingested.notes.extend(evidence_notes)
        batches.append((year, batch_scope, plans, status, fraction_stats(activities, status),
                        next_quarter(activities, year, batch_scope, as_of),
                        earlier_quarters(activities, year, batch_scope, as_of)))
    notes = _split(notes_frame(ingested.notes, lang), "file")
    activities = _split(ingested.activities, Activities.source)
    plan_rows = ingested.plans.set_index(Plans.source)
    evaluated = []
    for year, batch_scope, plans, status, stats, (next_period, next_status), earlier in batches:
        status_of, stats_of = _split(status, QuarterStatus.source), _split(stats, FractionStats.source)
        next_of = _split(next_status, QuarterStatus.source) if next_status is not None else {}
        for plan in plans:
            plan_status = status_of.get(plan.source, status.iloc[0:0])
            report = PlanReport(
                source=plan.source, **_front(plan_rows.loc[plan.source]),
                period=report_period(year, batch_scope), as_of=as_of, lang=lang,
                activities=activities.get(plan.source, ingested.activities.iloc[0:0]),
                status=plan_status[plan_status[QuarterStatus.in_period]],
                fraction_stats=stats_of.get(plan.source, stats.iloc[0:0]),
                notes=notes.get(plan.source, notes_frame([], lang)),
                next_period=next_period,
                next_status=None if next_status is None else next_of.get(plan.source, next_status.iloc[0:0]),
                earlier_quarters=earlier.get(plan.source, ()),
            )
            evaluated.append(_Evaluated(report, plan_status, batch_scope, year))
    return evaluated, failures


def _by_year(plans: list[NormalizedPlan]) -> dict[int | None, list[NormalizedPlan]]:
    grouped: dict[int | None, list[NormalizedPlan]] = {}
    for plan in plans:
        grouped.setdefault(plan.first_year, []).append(plan)
    return grouped


def _split(frame: pd.DataFrame, column: str) -> dict[str, pd.DataFrame]:
    """The frame's rows per value of `column`, in one pass."""
    return {key: group for key, group in frame.groupby(column, sort=False)}


def _front(row: pd.Series) -> dict:
    return {
        "school": row[Plans.school],
        "plan_title": row[Plans.plan_title],
        "academic_year": row[Plans.academic_year],
        "approver": row[Plans.approver],
        "agreer": row[Plans.agreer],
    }


def _period_folder(year: SchoolYear, scope: str) -> str:
    name = AcademicYear(year.first_year).name
    return f"{name}-year" if scope == "year" else f"{name}-Q{scope}"


def _write_task(task: tuple[PlanReport, pd.DataFrame, Path]) -> list[Path]:
    return write_plan_report(*task)


def write_plan_report(report: PlanReport, status: pd.DataFrame, folder: Path) -> list[Path]:
    """The plan's Word and Excel reports and CSV files, each written whole or not at all;
    `quarter_status.csv` has every activity of the year to date (`status`), not only the period's."""
    stem = "report-year" if report.period.scope == "year" else f"report-Q{report.period.scope}"
    clear_leftovers(folder)
    return [
        write_docx(report, folder / f"{stem}.docx"),
        write_xlsx(report, folder / f"{stem}.xlsx"),
        write_csv(report.activities, folder / "activities.csv"),
        write_csv(status, folder / "quarter_status.csv"),
        write_csv(stats_in(report.fraction_stats, report.lang), folder / "fraction_stats.csv"),
        write_csv(report.notes, folder / "notes.csv"),
    ]


def run_summary_lines(result: RunResult, lang: str) -> list[str]:
    """The terminal summary: per plan, the period and each fraction's completion, or the failure;
    for a large batch one line per plan, failures listed again at the end."""
    t = labels.translator(lang)
    reported = {o.source for o in result.outcomes}
    lines = [f"{n.file}: {n.message(lang)}" for n in result.ingested.notes if n.file not in reported]
    notes = result.ingested.notes_by_file()
    compact = len(result.outcomes) > COMPACT_FROM
    for outcome in result.outcomes:
        if outcome.report is None:
            lines.append(_failure_line(outcome, lang))
            continue
        errors = sum(n.severity == ERROR for n in notes.get(outcome.source, []))
        lines.extend(_compact_lines(outcome, errors, lang) if compact else _plan_lines(outcome, errors, lang))
    failures = [o for o in result.outcomes if o.report is None]
    if compact and failures:
        lines.append(t("run.failures", count=len(failures), total=len(result.outcomes)))
        lines.extend("  " + _failure_line(o, lang) for o in failures)
    return lines


def _failure_line(outcome: PlanOutcome, lang: str) -> str:
    return labels.text("check.file_failed", lang, file=outcome.source, message=outcome.failure.message(lang))


def _plan_lines(outcome: PlanOutcome, errors: int, lang: str) -> list[str]:
    t = labels.translator(lang)
    report = outcome.report
    lines = [t("run.plan_line", file=outcome.source, period=period_label(report.period, lang))]
    stats = report.fraction_stats[report.fraction_stats[FractionStats.scope] == "quarter"]
    for row in stats.itertuples(index=False):
        lines.append(t("run.fraction_line", number=row.fraction_no, name=row.fraction or t("check.fraction_unnamed"),
                       rate=percent(row.completion_rate), held=row.held, due=row.due, expected=row.expected))
    if errors:
        lines.append(t("run.errors", count=errors))
    lines.extend(t("cli.written", path=path) for path in outcome.written)
    return lines


def _compact_lines(outcome: PlanOutcome, errors: int, lang: str) -> list[str]:
    stats = outcome.report.fraction_stats
    quarter = stats[stats[FractionStats.scope] == "quarter"]
    held, due = int(quarter[FractionStats.held].sum()), int(quarter[FractionStats.due].sum())
    line = labels.text("run.plan_compact", lang, file=outcome.source, rate=percent(held / due if due else None),
                       held=held, due=due, folder=outcome.folder)
    return [line + (labels.text("run.errors_compact", lang, count=errors) if errors else "")]
