"""The `check` verb: read every plan, write its activities and notes as CSV."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.base import labels
from pipeline.base.batch import Progress, shared_workers
from pipeline.base.notes import has_errors, notes_frame
from pipeline.normalize.ingest import Ingested, ingest_folder
from pipeline.write.atomic import plan_folder
from pipeline.write.csv_files import write_csv_parts
from pipeline.write.marked_plan import mark_batch
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
    with shared_workers():  # the same worker processes read the plans and mark them
        ingested = ingest_folder(input_dir, files, first_year, jobs, progress, debug, skip=(output_dir,))
        marked = mark_batch(ingested, output_dir, lang, jobs, progress)
    folders = {plan.source: output_dir / plan_folder(plan.source) for plan in ingested.read}
    activities = write_csv_parts(ingested.activities, Activities.source,
                                 {source: folder / "activities.csv" for source, folder in folders.items()})
    notes = write_csv_parts(notes_frame(ingested.notes, lang), "file",
                            {source: folder / "notes.csv" for source, folder in folders.items()})
    written = [path for pair in zip(activities, notes) for path in pair]
    return CheckResult(ingested, written + list(marked.values()), input_dir)
