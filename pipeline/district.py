"""The `district` verb: every plan's report (as `run` writes it), then one Word and Excel summary
across them. Nothing found means no summary: it would claim a success that did not happen."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.base import labels
from pipeline.base.batch import Progress
from pipeline.base.notes import Note
from pipeline.evaluate.district import DistrictSummary, district_summary
from pipeline.run import RunResult, run
from pipeline.write.atomic import write_failure
from pipeline.write.district import write_district_reports

DISTRICT_SOURCE = "district"


@dataclass
class DistrictResult:
    """The plans' run, the summary made of it (None when no plan was found), the summary files
    written, and why they could not be (`failure`)."""
    run: RunResult
    summary: DistrictSummary | None
    written: list[Path] = field(default_factory=list)
    failure: Note | None = None

    @property
    def ok(self) -> bool:
        """Every plan got its report and the summary was written."""
        return self.run.ok and self.failure is None


def district(input_dir: Path, output_dir: Path, *, files: tuple[Path, ...] = (), scope: str | None = None,
             as_of: dt.date | None = None, lang: str = labels.DEFAULT_LANG, first_year: int | None = None,
             calendars: tuple[Path, ...] = (), jobs: int | None = None, progress: Progress | None = None,
             debug: bool = False) -> DistrictResult:
    """`run` over the plans, then the district summary in `output_dir/district-<year>-<period>/`;
    plans that failed (read, evaluation or writing) are listed in it."""
    result = run(input_dir, output_dir, files=files, scope=scope, as_of=as_of, lang=lang, first_year=first_year,
                 calendars=calendars, jobs=jobs, progress=progress, debug=debug)
    if result.nothing_found:
        return DistrictResult(result, None)
    summary = district_summary(result.outcomes, lang)
    try:
        return DistrictResult(result, summary, write_district_reports(summary, output_dir))
    except OSError as exc:
        if debug:
            raise
        target = Path(exc.filename) if exc.filename else output_dir
        return DistrictResult(result, summary, failure=write_failure(DISTRICT_SOURCE, target, exc))
