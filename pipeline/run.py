"""The `run` verb: every plan in `input/` evaluated for a quarter and written as Word, Excel and CSV.

Plans are read in parallel, validated and evaluated as one batch per academic year (pandera's
fixed cost is paid once), and their reports written in parallel, one plan per task. A plan that
cannot be evaluated or written is that plan's failure: the others go on."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.base import labels
from pipeline.base.academic_year import AcademicYear
from pipeline.base.batch import Progress, map_plans, shared_workers
from pipeline.base.notes import ERROR, WARNING, Note, has_errors, notes_frame
from pipeline.evaluate.quarters import earlier_quarters, next_quarter
from pipeline.evaluate.report import PlanReport, ReportHead, ReportPeriod
from pipeline.evaluate.school_year import CalendarError, SchoolYear, load_school_year
from pipeline.evaluate.stats import fraction_stats
from pipeline.evaluate.status import default_scope, evaluate, report_period
from pipeline.normalize.activities import NormalizedPlan
from pipeline.normalize.ingest import Ingested, ingest_folder
from pipeline.read.discover import calendar_files
from pipeline.write.atomic import clear_leftovers, plan_folder, safe_folder_name, write_failure
from pipeline.write.csv_files import write_csv
from pipeline.write.marked_plan import start_marking
from pipeline.write.plan_excel import write_xlsx
from pipeline.write.plan_word import write_docx
from pipeline.write.report_rows import ReportRows
from pipeline.write.tables import Table
from pipeline.write.words import stats_in
from schemas import Activities, FractionStats, Plans, QuarterStatus

DATE_FORMAT = "%d.%m.%Y"


@dataclass
class PlanOutcome:
    """One plan's report: the folder written, its files and the report; or why there is none
    (`failure`), and whether the plan was read at all (`read`). The report kept is its front,
    period and fraction statistics; its activities, status and notes are in the files written
    (`report.activities`, `.status`, `.notes` are empty), so that a run over thousands of plans
    does not hold every plan's rows."""
    source: str
    folder: Path | None = None
    written: list[Path] = field(default_factory=list)
    report: PlanReport | None = None
    failure: Note | None = None
    read: bool = True


@dataclass
class RunResult:
    """What `run` read, evaluated and wrote, plan by plan; `input_dir` is where it looked and
    `scope_given` whether the period was asked for (else it is the latest quarter started)."""
    ingested: Ingested
    outcomes: list[PlanOutcome]
    years_over: tuple[str, ...] = ()    # academic years reported whole because they are over
    input_dir: Path = Path("input")
    as_of: dt.date | None = None
    scope_given: bool = True

    @property
    def ok(self) -> bool:
        """Some plan was found, every plan got its report and no note is an error."""
        return bool(self.outcomes) and all(o.failure is None for o in self.outcomes) and not has_errors(
            self.ingested.notes)

    @property
    def nothing_found(self) -> bool:
        """No plan file was found (the input may still hold lock files or other files)."""
        return not self.outcomes


@dataclass
class _YearBatch:
    """The plans of one academic year evaluated together: the batch's frames, and where each
    plan's rows are in them. A plan's report is cut from them when it is written, so that a
    batch of thousands of plans never holds every report at once."""
    plans: list[NormalizedPlan]
    year: SchoolYear
    scope: str
    period: ReportPeriod
    as_of: dt.date
    lang: str
    activities: pd.DataFrame
    status: pd.DataFrame
    period_status: pd.DataFrame              # the status rows with something in the period
    stats: pd.DataFrame
    notes: pd.DataFrame
    fronts: dict[str, dict]
    rows: dict[str, dict[str, slice | np.ndarray]]   # frame name -> source -> its rows (see `_positions`)
    # The quarter after the period and its expected activities' status rows (None after quarter IV
    # and for the year); each plan's (quarter, held, due) in the quarters before the period.
    next_period: ReportPeriod | None = None
    next_status: pd.DataFrame | None = None
    earlier: dict[str, tuple[tuple[str, int, int], ...]] = field(default_factory=dict)

    def head(self, source: str) -> ReportHead:
        """What the plan's report says of the plan and the period."""
        return ReportHead(source=source, **self.fronts[source], period=self.period, as_of=self.as_of, lang=self.lang,
                          calendar_estimated=self.year.estimated, next_period=self.next_period,
                          earlier_quarters=self.earlier.get(source, ()))

    def report_rows(self, source: str) -> ReportRows:
        """The plan's report as its writers read it, cut from the batch's tables."""
        next_table = self._cut("next_status", source) if self.next_status is not None else None
        return ReportRows(self.head(source), self._cut("activities", source), self._cut("period_status", source),
                          self._cut("stats", source), self._cut("notes", source), next_table)

    def kept_report(self, source: str) -> PlanReport:
        """What a run keeps of the plan's report once it is written: its head and statistics (the
        activities, status and notes left empty)."""
        empty, stats = self.empty, self.rows["stats"].get(source)
        return PlanReport(**vars(self.head(source)), activities=empty["activities"], status=empty["period_status"],
                          fraction_stats=empty["stats"] if stats is None else self.stats.iloc[stats], notes=empty["notes"],
                          next_status=empty["next_status"] if self.next_status is not None else None)

    def plan_status(self, source: str) -> Table:
        """The plan's status rows of the whole year to date (`quarter_status.csv`)."""
        return self._cut("status", source)

    def folder(self, output_dir: Path, source: str) -> Path:
        return output_dir / plan_folder(source) / period_code(self.year, self.scope)

    def _cut(self, name: str, source: str) -> Table:
        place = self.rows[name].get(source)
        table = self.tables[name]
        return table.take(slice(0, 0) if place is None else place)

    @cached_property
    def tables(self) -> dict[str, Table]:
        """Each frame as a table, made once for the batch: a plan's rows are cut from them."""
        return {name: Table.of(getattr(self, name)) for name in self.rows}

    @cached_property
    def empty(self) -> dict[str, pd.DataFrame]:
        """Each frame's columns without rows, made once for the plans that have none."""
        return {name: getattr(self, name).iloc[0:0].copy() for name in self.rows}


def run(input_dir: Path, output_dir: Path, *, files: tuple[Path, ...] = (), scope: str | None = None,
        as_of: dt.date | None = None, lang: str = labels.DEFAULT_LANG, first_year: int | None = None,
        calendars: tuple[Path, ...] = (), jobs: int | None = None, progress: Progress | None = None,
        debug: bool = False) -> RunResult:
    """Evaluate every plan for `scope` ("1".."4", "year"; default: the latest quarter started by
    `as_of`, default today, or the year once it is over) and write its reports under
    `output_dir/<plan>/<year>-Q<n>/`.

    Calendar files in the input folder are used like `calendars` (which win over them); a year
    with no calendar file is evaluated on the estimate, and each of its plans says so."""
    as_of = as_of or dt.date.today()
    with shared_workers():
        ingested = ingest_folder(input_dir, files, first_year, jobs, progress, debug, skip=(output_dir,))
        calendars = calendar_files(input_dir, skip=(output_dir,)) + tuple(calendars)
        years, failures = _school_years(ingested, calendars)
        # Every note is known once the years are: the marked copies are made while the plans are evaluated.
        marking = start_marking(ingested, output_dir, lang, jobs)
        batches = _evaluate_all(ingested, years, scope, as_of, lang, debug, failures)
        plans = [(batch, plan.source) for batch in batches for plan in batch.plans]
        # Reports are cut one at a time as workers take them, and only their figures are kept.
        tasks = ((batch.report_rows(source), batch.plan_status(source), batch.folder(output_dir, source), debug)
                 for batch, source in plans)
        written = map_plans(_write_task, tasks, [source for _, source in plans], jobs, progress, "write")
        outcomes = [PlanOutcome(source, failure=note, read=False) for source, note in ingested.failed.items()]
        outcomes += [PlanOutcome(source, failure=note) for source, note in failures.items()]
        for (batch, source), (paths, failure) in zip(plans, written):
            outcomes.append(PlanOutcome(source, batch.folder(output_dir, source), paths,
                                        batch.kept_report(source) if failure is None else None, failure))
        marked = marking.finish(progress)
    for outcome in outcomes:
        if outcome.source in marked and outcome.report is not None:
            outcome.written.append(marked[outcome.source])
    outcomes.sort(key=lambda o: o.source)
    years_over = () if scope else tuple(sorted({AcademicYear(b.year.first_year).name for b in batches
                                                if b.scope == "year"}))
    return RunResult(ingested, outcomes, years_over, input_dir, as_of, scope is not None)


def _school_years(ingested: Ingested, calendars: tuple[Path, ...]
                  ) -> tuple[list[tuple[SchoolYear, list[NormalizedPlan]]], dict[str, Note]]:
    """The readable plans by academic year, each year's calendar loaded (a plan of a year on the
    estimated calendar gets a note saying so); plans without a usable calendar or year become
    failures."""
    failures: dict[str, Note] = {}
    years: list[tuple[SchoolYear, list[NormalizedPlan]]] = []
    for first_year, plans in _by_year(ingested.read).items():
        if first_year is None:
            failures.update({p.source: Note(ERROR, "report_needs_year", p.source) for p in plans})
            continue
        try:
            year = load_school_year(first_year, calendars)
        except CalendarError as problem:
            failures.update({p.source: Note(ERROR, problem.code, p.source, params=problem.params) for p in plans})
            continue
        if year.estimated:
            ingested.notes.extend(_estimate_note(p.source, year) for p in plans)
        years.append((year, plans))
    return years, failures


def _evaluate_all(ingested: Ingested, years: list[tuple[SchoolYear, list[NormalizedPlan]]], scope: str | None,
                  as_of: dt.date, lang: str, debug: bool, failures: dict[str, Note]) -> list[_YearBatch]:
    """Every year's plans evaluated as one batch (a batch that fails is evaluated plan by plan,
    so that only the plan at fault fails, its failure added to `failures`)."""
    evaluated: list[_YearBatch] = []
    for year, plans in years:
        batch_scope = scope or default_scope(year, as_of)
        try:
            evaluated.append(_evaluate_batch(ingested, plans, year, batch_scope, as_of, lang))
        except Exception:
            if debug:
                raise
            for plan in plans:  # find the plan at fault; the others still get their reports
                try:
                    evaluated.append(_evaluate_batch(ingested, [plan], year, batch_scope, as_of, lang))
                except Exception as exc:  # a bug, reported on this plan only
                    failures[plan.source] = _internal_error(plan.source, exc)
    return evaluated


def _evaluate_batch(ingested: Ingested, plans: list[NormalizedPlan], year: SchoolYear, scope: str,
                    as_of: dt.date, lang: str) -> _YearBatch:
    """The plans of one academic year evaluated together."""
    sources = {p.source for p in plans}
    activities = ingested.activities[ingested.activities[Activities.source].isin(sources)]
    status = evaluate(activities, year, scope, as_of)
    period_status = status[status[QuarterStatus.in_period]]
    stats = fraction_stats(activities, status)
    notes = notes_frame(_notes_by_plan(ingested.notes, plans), lang)
    plan_rows = ingested.plans.set_index(Plans.source)
    next_period, next_status = next_quarter(activities, year, scope, as_of)
    rows = {"activities": _positions(activities, Activities.source), "status": _positions(status, QuarterStatus.source),
            "period_status": _positions(period_status, QuarterStatus.source),
            "stats": _positions(stats, FractionStats.source), "notes": _positions(notes, "file")}
    if next_status is not None:
        rows["next_status"] = _positions(next_status, QuarterStatus.source)
    return _YearBatch(plans, year, scope, report_period(year, scope), as_of, lang, activities, status, period_status,
                      stats, notes, {p.source: _front(plan_rows.loc[p.source]) for p in plans}, rows,
                      next_period, next_status, earlier_quarters(activities, year, scope, as_of))


def _estimate_note(source: str, year: SchoolYear) -> Note:
    """The warning that `source` was evaluated on the estimated calendar, with its quarters."""
    dates = {}
    for quarter in year.quarters:
        dates[f"q{quarter.number}_start"] = quarter.teaching_start.strftime(DATE_FORMAT)
        dates[f"q{quarter.number}_end"] = quarter.teaching_end.strftime(DATE_FORMAT)
    return Note(WARNING, "calendar_estimated", source, params={"year": AcademicYear(year.first_year).name, **dates})


def _internal_error(source: str, exc: Exception) -> Note:
    return Note(ERROR, "report_internal_error", source, params={"detail": f"{type(exc).__name__}: {exc}"})


def _by_year(plans: list[NormalizedPlan]) -> dict[int | None, list[NormalizedPlan]]:
    grouped: dict[int | None, list[NormalizedPlan]] = {}
    for plan in plans:
        grouped.setdefault(plan.first_year, []).append(plan)
    return grouped


def _notes_by_plan(notes: list[Note], plans: list[NormalizedPlan]) -> list[Note]:
    """The notes of `plans`, plan by plan (each plan's in their order), so that each plan's rows
    of the batch's notes frame are together."""
    by_file: dict[str, list[Note]] = {plan.source: [] for plan in plans}
    for note in notes:
        if note.file in by_file:
            by_file[note.file].append(note)
    return [note for plan_notes in by_file.values() for note in plan_notes]


def _positions(frame: pd.DataFrame, column: str) -> dict[str, slice | np.ndarray]:
    """The rows of each value of `column`, in one pass: a slice where they are together, as a
    batch's frames hold each plan's rows (a plan's frames are then cut without copying), else
    their positions."""
    places: dict[str, slice | np.ndarray] = {}
    for value, positions in frame.groupby(column, sort=False).indices.items():
        first, last = int(positions[0]), int(positions[-1])
        places[value] = slice(first, last + 1) if last - first + 1 == len(positions) else positions
    return places


def _front(row: pd.Series) -> dict:
    return {
        "school": row[Plans.school],
        "plan_title": row[Plans.plan_title],
        "academic_year": row[Plans.academic_year],
        "approver": row[Plans.approver],
        "agreer": row[Plans.agreer],
    }


def period_code(year: SchoolYear | int, scope: str) -> str:
    """The period in file and folder names: "2025-2026-Q2", "2025-2026-year"."""
    return f"{AcademicYear(year if isinstance(year, int) else year.first_year).name}-{_scope_code(scope)}"


def _scope_code(scope: str) -> str:
    return "year" if scope == "year" else f"Q{scope}"


def _write_task(task: tuple[ReportRows, Table, Path, bool]) -> tuple[list[Path], Note | None]:
    """One plan's reports written, or the note saying why they could not be (the batch goes on)."""
    rows, status, folder, debug = task
    try:
        return write_plan_report(rows, status, folder), None
    except ReportNotWritten as failure:
        if debug:
            raise
        return [], write_failure(rows.head.source, failure.target, failure.error)
    except Exception as exc:  # a bug, reported on this plan only
        if debug:
            raise
        return [], _internal_error(rows.head.source, exc)


class ReportNotWritten(Exception):
    """The operating system refused to write `target` (`error` says why)."""

    def __init__(self, target: Path, error: OSError):
        super().__init__(str(target))
        self.target = target
        self.error = error


def report_name(report: ReportHead) -> str:
    """The report files' name: plan, period and language, "plan-2025-2026-Q2-kk"; a plan whose
    name already has the academic year is not given it twice ("plan-2025-2026-Q2-kk" too)."""
    plan = safe_folder_name(report.source)
    year = AcademicYear.of_day(report.period.start)
    period = _scope_code(report.period.scope) if year.name in plan else period_code(year.first, report.period.scope)
    return f"{plan}-{period}-{report.lang}"


def write_plan_report(report: PlanReport | ReportRows, status: pd.DataFrame | Table, folder: Path) -> list[Path]:
    """The plan's Word and Excel reports (named by `report_name`) and CSV files, each written
    whole or not at all, from the report or its rows (as a batch hands them to its workers);
    `quarter_status.csv` has every activity of the year to date (`status`, a frame or its
    table), not only the period's. Raises `ReportNotWritten` naming the file the system refused."""
    rows = ReportRows.of(report)
    head = rows.head
    stem = report_name(head)
    outputs = [
        (folder / f"{stem}.docx", lambda target: write_docx(rows, target)),
        (folder / f"{stem}.xlsx", lambda target: write_xlsx(rows, target)),
        (folder / "activities.csv", lambda target: write_csv(rows.activity_table, target)),
        (folder / "quarter_status.csv", lambda target: write_csv(status, target)),
        (folder / "fraction_stats.csv", lambda target: write_csv(stats_in(rows.stats_table, head.lang), target)),
        (folder / "notes.csv", lambda target: write_csv(rows.notes_table, target)),
    ]
    written: list[Path] = []
    for target, write in outputs:
        try:
            if not written:
                clear_leftovers(folder)
            written.append(write(target))
        except OSError as exc:
            raise ReportNotWritten(target, exc) from exc
    return written
