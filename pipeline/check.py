"""The `check` verb: read every plan, write its activities and notes as CSV."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.base import labels
from pipeline.base.batch import Progress, shared_workers
from pipeline.base.notes import Note, has_errors, notes_frame
from pipeline.normalize.activities import NormalizedPlan
from pipeline.normalize.ingest import Ingested, ingested, read_files
from pipeline.read.discover import plan_files
from pipeline.write.atomic import plan_folder
from pipeline.write.csv_files import write_csv_parts
from pipeline.write.marked_plan import mark_plans
from schemas import Activities


@dataclass
class CheckResult:
    """What `check` read and wrote; `input_dir` is where it looked."""
    ingested: Ingested
    written: list[Path]
    input_dir: Path = Path("input")

    @property
    def nothing_found(self) -> bool:
        """No plan file was found."""
        return not self.ingested.read and not self.ingested.failed

    @property
    def ok(self) -> bool:
        """Some plan was found, no file failed and no note is an error."""
        return not self.nothing_found and not self.ingested.failed and not has_errors(self.ingested.notes)


def check(input_dir: Path, output_dir: Path, *, files: tuple[Path, ...] = (), first_year: int | None = None,
          lang: str = labels.DEFAULT_LANG, jobs: int | None = None, progress: Progress | None = None,
          debug: bool = False) -> CheckResult:
    """Read the plans under `input_dir` (or `files`) and write `<output>/<plan>/activities.csv`,
    `notes.csv` and the plan's copy with its notes marked (`marked_plan`)."""
    with shared_workers():
        plans, skipped = plan_files(input_dir, files, skip=(output_dir,))
        results = read_files(plans, first_year, jobs, progress, debug)
        read = [result for result in results if isinstance(result, NormalizedPlan)]
        # On the workers, the copies start as soon as the plans are read, with the notes of their
        # reading, while the batch is validated and its CSV files written.
        early = mark_plans(plans, read, [note for plan in read for note in plan.notes], output_dir, lang, jobs)
        batch = ingested(plans, results, skipped)
        folders = {plan.source: output_dir / plan_folder(plan.source) for plan in batch.read}
        notes = notes_frame(batch.notes, lang)   # made (and validated) before any CSV file is written
        copies = early if early.running else mark_plans(plans, read, batch.notes, output_dir, lang, jobs)
        activities = write_csv_parts(batch.activities, Activities.source,
                                     {source: folder / "activities.csv" for source, folder in folders.items()})
        notes_files = _write_notes(notes, folders)
        marked = copies.finish(progress)
        failures = copies.failures
        if copies is early:
            marked, failures = _marked_again(batch, read, marked, failures, output_dir, lang, jobs)
    # A copy that could not be made is one of its plan's notes: that plan's notes file again.
    batch.notes.extend(failures)
    failed = {note.file for note in failures}
    if failed:
        _write_notes(notes_frame([n for n in batch.notes if n.file in failed], lang),
                     {source: folder for source, folder in folders.items() if source in failed})
    written = [path for pair in zip(activities, notes_files) for path in pair]
    return CheckResult(batch, written + list(marked.values()), input_dir)


def _marked_again(batch: Ingested, read: list[NormalizedPlan], marked: dict[str, Path], failures: list[Note],
                  output_dir: Path, lang: str, jobs: int | None) -> tuple[dict[str, Path], list[Note]]:
    """The copies and copy failures once the plans the batch's validation gave notes of their
    own are marked again with all their notes (after the first copies, which they replace; a
    plan whose second copy fails keeps no copy)."""
    by_file = batch.notes_by_file()
    again = {plan.source for plan in read if len(by_file.get(plan.source, [])) != len(plan.notes)}
    if not again:
        return marked, failures
    copies = mark_plans(batch.files, [plan for plan in read if plan.source in again],
                        [note for note in batch.notes if note.file in again], output_dir, lang, jobs)
    remarked = copies.finish()
    for name in again - remarked.keys():
        if name in marked:
            marked.pop(name).unlink(missing_ok=True)
    return {**marked, **remarked}, [n for n in failures if n.file not in again] + copies.failures


def _write_notes(notes: pd.DataFrame, folders: dict[str, Path]) -> list[Path]:
    """Each plan's `notes.csv` in its folder (by plan), from the batch's notes."""
    return write_csv_parts(notes, "file", {source: folder / "notes.csv" for source, folder in folders.items()})
