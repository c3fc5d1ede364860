"""The `check` verb: read every plan, write its activities and notes as CSV."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.base import labels
from pipeline.base.batch import Progress, shared_workers
from pipeline.base.notes import has_errors, notes_frame
from pipeline.normalize.ingest import Ingested, ingest_folder
from pipeline.write.atomic import plan_folder
from pipeline.write.csv_files import write_csv_parts
from pipeline.write.marked_plan import start_marking
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
        ingested = ingest_folder(input_dir, files, first_year, jobs, progress, debug, skip=(output_dir,))
        folders = {plan.source: output_dir / plan_folder(plan.source) for plan in ingested.read}
        notes = notes_frame(ingested.notes, lang)   # made (and validated) before any file is written
        # The marked copies are made on the workers that read the plans while the CSV files are written.
        marking = start_marking(ingested, output_dir, lang, jobs)
        known = len(ingested.notes)
        activities = write_csv_parts(ingested.activities, Activities.source,
                                     {source: folder / "activities.csv" for source, folder in folders.items()})
        notes_files = _write_notes(notes, folders)
        marked = marking.finish(progress)
    # A copy that could not be made is one of its plan's notes: that plan's notes file again.
    failed = {note.file for note in ingested.notes[known:]}
    if failed:
        _write_notes(notes_frame([n for n in ingested.notes if n.file in failed], lang),
                     {source: folder for source, folder in folders.items() if source in failed})
    written = [path for pair in zip(activities, notes_files) for path in pair]
    return CheckResult(ingested, written + list(marked.values()), input_dir)


def _write_notes(notes: pd.DataFrame, folders: dict[str, Path]) -> list[Path]:
    """Each plan's `notes.csv` in its folder (by plan), from the batch's notes."""
    return write_csv_parts(notes, "file", {source: folder / "notes.csv" for source, folder in folders.items()})
