"""Reading plan files into validated frames: discover → read → normalize → validate."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import pandas as pd

from pipeline.base.academic_year import AcademicYear
from pipeline.base.batch import Progress, map_plans
from pipeline.base.notes import ERROR, FileProblem, Note, from_problem
from pipeline.normalize.activities import NormalizedPlan, normalize_plan
from pipeline.normalize.evidence import future_dates, read_evidence
from pipeline.normalize.validate import validate_activities, validate_plans
from pipeline.read.discover import PlanFile, plan_files, sniff
from pipeline.read.raw import RawPlan, table_places
from schemas import Activities, Plans

EVIDENCE_COLUMN = "evidence_text"


@dataclass
class Ingested:
    """Every plan read in one batch: plans and activities frames, all notes, and the files that
    could not be read at all (by file name, with the note saying why). The plans `read` have
    their activities in the frame only (their own lists are left empty): a batch of thousands
    of plans does not hold every activity twice."""
    plans: pd.DataFrame
    activities: pd.DataFrame
    notes: list[Note]
    failed: dict[str, Note] = field(default_factory=dict)
    read: list[NormalizedPlan] = field(default_factory=list)
    files: list[PlanFile] = field(default_factory=list)   # the plan files the batch read

    def notes_by_file(self) -> dict[str, list[Note]]:
        """Every note, grouped by the file it is about, in order."""
        grouped: dict[str, list[Note]] = {}
        for note in self.notes:
            grouped.setdefault(note.file, []).append(note)
        return grouped


def read_plan(plan_file: PlanFile, first_year: int | None = None, debug: bool = False) -> NormalizedPlan | Note:
    """One plan file normalized, or the error note saying why it could not be read; a failure of
    this program's own (a bug) is a note too, so the other files go on, unless `debug`.

    The file is opened read-only and read whole once; it is never written."""
    try:
        return _read_plan(plan_file, first_year)
    except Exception as exc:  # a bug: reported for this file, the batch goes on
        if debug:
            raise
        return Note(ERROR, "file_internal_error", plan_file.name, params={"detail": f"{type(exc).__name__}: {exc}"})


def _read_task(task: tuple[PlanFile, int | None, bool]) -> NormalizedPlan | Note:
    return read_plan(*task)


def _read_plan(plan_file: PlanFile, first_year: int | None) -> NormalizedPlan | Note:
    try:
        data = plan_file.path.read_bytes()
    except OSError as exc:
        return Note(ERROR, "file_unreadable", plan_file.name, params={"detail": exc.strerror or type(exc).__name__})
    try:
        raw = reader(sniff(plan_file.name, data))(plan_file.name, data)
    except FileProblem as problem:
        return Note(ERROR, problem.code, plan_file.name, params=problem.params)
    plan = replace(normalize_plan(raw, first_year), places=table_places(raw))
    plan.notes.extend(evidence_notes(plan, raw, dt.date.today()))
    return plan


def reader(kind: str) -> Callable[[str, bytes], RawPlan]:
    """The reader of a kind of plan file ("docx", "xlsx"), its module imported when a file of
    that kind is first met: a batch of Word plans never loads openpyxl."""
    if kind == "xlsx":
        from pipeline.read.excel import read_xlsx
        return read_xlsx
    from pipeline.read.word import read_docx
    return read_docx


def evidence_notes(plan: NormalizedPlan, raw: RawPlan, today: dt.date) -> list[Note]:
    """The problems of every activity's completion cell, read in the plan's academic year, as
    notes placed in that cell (its header as written), each with the line it is about; a date
    later than `today` is a warning too."""
    headers = {table.table_no: dict(zip(table.columns, table.header)) for table in raw.tables}
    notes: list[Note] = []
    for activity in plan.activities:
        lines = tuple(activity[Activities.evidence_text].split("\n"))
        problems = read_evidence(lines, plan.first_year).problems + future_dates(lines, plan.first_year, today)
        column = headers.get(activity[Activities.table_no], {}).get(EVIDENCE_COLUMN) or EVIDENCE_COLUMN
        notes.extend(from_problem(p, file=plan.source, table=activity[Activities.table_no],
                                  row=activity[Activities.row_no], column=column,
                                  value=p.params.get("line", activity[Activities.evidence_text]))
                     for p in problems)
    return notes


def read_files(files: list[PlanFile], first_year: int | None = None, jobs: int | None = None,
               progress: Progress | None = None, debug: bool = False) -> list[NormalizedPlan | Note]:
    """Each of `files` read and normalized (`read_plan`; in parallel for a large batch), in order."""
    tasks = [(f, first_year, debug) for f in files]
    return list(map_plans(_read_task, tasks, [f.name for f in files], jobs, progress, "read"))


def ingest_files(files: list[PlanFile], first_year: int | None = None, skipped: list[Note] | None = None,
                 jobs: int | None = None, progress: Progress | None = None, debug: bool = False) -> Ingested:
    """Read and normalize `files` (in parallel for a large batch), then validate them in one go."""
    return ingested(files, read_files(files, first_year, jobs, progress, debug), skipped or [])


def ingested(files: list[PlanFile], results: list[NormalizedPlan | Note], skipped: list[Note]) -> Ingested:
    """The batch of `files` from their `read_files` results, validated in one go."""
    return replace(combine(results, skipped), files=list(files))


def ingest_folder(input_dir: Path, names: tuple[Path, ...] = (), first_year: int | None = None,
                  jobs: int | None = None, progress: Progress | None = None, debug: bool = False,
                  skip: tuple[Path, ...] = ()) -> Ingested:
    """Every plan file under `input_dir` (folders in `skip` left out), or the given files, read
    as one batch."""
    files, skipped = plan_files(input_dir, names, skip=skip)
    return ingest_files(files, first_year, skipped, jobs, progress, debug)


def combine(results: list[NormalizedPlan | Note], skipped: list[Note]) -> Ingested:
    """One validated batch from per-file results, in the order given."""
    notes = list(skipped)
    failed: dict[str, Note] = {}
    plans: list[NormalizedPlan] = []
    for result in results:
        if isinstance(result, Note):
            failed[result.file] = result
            notes.append(result)
        else:
            plans.append(result)
            notes.extend(result.notes)
    activities = pd.DataFrame([a for p in plans for a in p.activities], columns=Activities.to_schema().columns)
    activities, activity_notes = validate_activities(activities)
    plans_frame, plan_notes = validate_plans(pd.DataFrame([_plan_row(p) for p in plans], columns=list(Plans.to_schema().columns)))
    return Ingested(plans_frame, activities, notes + plan_notes + activity_notes, failed,
                    [replace(plan, activities=[]) for plan in plans])


def _plan_row(plan: NormalizedPlan) -> dict:
    return {
        Plans.source: plan.source,
        Plans.school: plan.front.school,
        Plans.plan_title: plan.front.plan_title,
        Plans.academic_year: AcademicYear(plan.first_year).name if plan.first_year else None,
        Plans.approver: plan.front.approver,
        Plans.agreer: plan.front.agreer,
    }
