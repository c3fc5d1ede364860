"""The `check` job: read every plan, write its activities and notes as CSV, summarise for the terminal."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.base import labels
from pipeline.base.batch import Progress
from pipeline.base.notes import ERROR, Note, has_errors, notes_frame
from pipeline.normalize.ingest import Ingested, ingest_folder
from pipeline.read.discover import plan_files
from pipeline.write.atomic import output_folders
from pipeline.write.csv_files import write_csv
from pipeline.write.marked_plan import write_marked_plans
from schemas import Activities

# Notes of one code shown in the terminal before the rest are only counted.
NOTES_SHOWN_PER_CODE = 3
# Above this many files the terminal shows one line per file.
COMPACT_FROM = 8


@dataclass
class CheckResult:
    """What `check` read and wrote."""
    ingested: Ingested
    written: list[Path]

    @property
    def ok(self) -> bool:
        """No file failed and no note is an error."""
        return not self.ingested.failed and not has_errors(self.ingested.notes)


def check(input_dir: Path, output_dir: Path, files: tuple[Path, ...] = (), first_year: int | None = None,
          lang: str = labels.DEFAULT_LANG, jobs: int | None = None, progress: Progress | None = None,
          debug: bool = False) -> CheckResult:
    """Read the plans in `input_dir` (or `files`) and write `<output>/<plan>/activities.csv`, `notes.csv`
    and the plan's copy with its notes marked (`marked_plan`)."""
    ingested = ingest_folder(input_dir, files, first_year, jobs, progress, debug)
    folders = output_folders([p.source for p in ingested.read])
    marked, failures = write_marked_plans(plan_files(input_dir, files)[0], ingested.notes,
                                          {p.source: output_dir / folders[p.source] for p in ingested.read}, lang,
                                          jobs, progress)
    ingested.notes.extend(failures)
    activities = dict(tuple(ingested.activities.groupby(Activities.source, sort=False)))
    notes = dict(tuple(notes_frame(ingested.notes, lang).groupby("file", sort=False)))
    written = []
    for plan in ingested.read:
        folder = output_dir / folders[plan.source]
        written.append(write_csv(activities.get(plan.source, ingested.activities.iloc[0:0]), folder / "activities.csv"))
        written.append(write_csv(notes.get(plan.source, notes_frame([], lang)), folder / "notes.csv"))
    return CheckResult(ingested, written + list(marked.values()))


def summary_lines(result: CheckResult, lang: str) -> list[str]:
    """The terminal summary: per file, its fractions with activity counts, then its notes."""
    t = labels.translator(lang)
    lines: list[str] = []
    ingested = result.ingested
    sources = [p.source for p in ingested.read] + list(ingested.failed)
    loose = [n for n in ingested.notes if n.file not in sources]
    for note in loose:
        lines.append(f"{note.file}: {note.message(lang)}")
    notes = ingested.notes_by_file()
    for source in sources:
        if source in ingested.failed:
            lines.append(t("check.file_failed", file=source, message=ingested.failed[source].message(lang)))
            continue
        activities = ingested.activities[ingested.activities[Activities.source] == source]
        fractions = activities.groupby(Activities.fraction_no, sort=True)
        lines.append(t("check.file_read", file=source, fractions=fractions.ngroups, activities=len(activities)))
        if len(sources) > COMPACT_FROM:
            errors = sum(n.severity == ERROR for n in notes.get(source, []))
            lines[-1] += t("check.notes_compact", errors=errors, warnings=len(notes.get(source, [])) - errors)
            continue
        for number, group in fractions:
            name = group[Activities.fraction].iloc[0] or t("check.fraction_unnamed")
            lines.append(t("check.fraction_line", number=number, name=name, count=len(group)))
        lines.extend(_note_lines(notes.get(source, []), lang))
    return lines


def _note_lines(notes: list[Note], lang: str) -> list[str]:
    t = labels.translator(lang)
    if not notes:
        return [t("check.no_notes")]
    errors = sum(n.severity == ERROR for n in notes)
    lines = [t("check.notes_count", errors=errors, warnings=len(notes) - errors)]
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for note in sorted(notes, key=lambda n: n.severity != ERROR):
        if shown.get(note.code, 0) >= NOTES_SHOWN_PER_CODE:
            hidden[note.code] = hidden.get(note.code, 0) + 1
            continue
        shown[note.code] = shown.get(note.code, 0) + 1
        lines.append("    " + note_line(note, lang))
    for code, count in hidden.items():
        lines.append("    " + t("check.more_notes", count=count, code=code))
    return lines


def note_line(note: Note, lang: str) -> str:
    """One note as a terminal line: severity, where, message, value seen."""
    t = labels.translator(lang)
    where = []
    if note.table:
        where.append(t("where.table", n=note.table))
    if note.row:
        where.append(t("where.row", n=note.row))
    if note.column:
        where.append(f"«{note.column}»")
    place = f" ({', '.join(where)})" if where else ""
    value = f" [{note.value}]" if note.value and note.value not in note.message(lang) else ""
    return f"{t('severity.' + note.severity)}{place}: {note.message(lang)}{value}"

