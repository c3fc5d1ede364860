"""Every line the terminal shows, in the user's language: what each verb read, reported and wrote.

The verbs return results; these functions turn them into lines, and `TerminalProgress` draws a
batch's progress on stderr."""
from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from pipeline.base import labels
from pipeline.base.academic_year import AcademicYear
from pipeline.base.batch import Progress
from pipeline.base.notes import ERROR, Note
from pipeline.evaluate.stats import plan_fractions, scope_totals
from pipeline.normalize.understanding import layout_lines
from pipeline.read.discover import PLAN_SUFFIXES
from pipeline.write.words import percent, period_label
from schemas import Activities, FractionStats

if TYPE_CHECKING:  # the verbs' results; importing the verbs here would load every writer for `check`
    import pandas as pd

    from pipeline.check import CheckResult
    from pipeline.district import DistrictResult
    from pipeline.evaluate.report import PlanReport
    from pipeline.run import PlanOutcome, RunResult

# Notes of one code shown in the terminal before the rest are only counted.
NOTES_SHOWN_PER_CODE = 3
# Above this many files the terminal shows one line per file.
COMPACT_FROM = 8
BAR_WIDTH = 30
# A quarter younger than this has usually nothing due yet: the previous one is suggested.
FRESH_QUARTER = dt.timedelta(days=14)
# Notes said once at the top rather than under each plan.
ONCE_CODES = ("calendar_estimated",)
# Notes shown under their plan's lines, not only counted: the report may be incomplete.
PLAN_WARNING_CODES = ("plan_open",)


def nothing_found_lines(input_dir: Path, notes: list[Note], lang: str) -> list[str]:
    """Where the tool looked and what it expects, after the notes on what it saw there."""
    lines = [f"{n.file}: {n.message(lang)}" for n in notes]
    suffixes = ", ".join(s for s in PLAN_SUFFIXES if s in (".docx", ".xlsx"))
    return lines + [labels.text("console.nothing_found", lang, path=input_dir, suffixes=suffixes)]


def usage_error_lines(message: str, command_path: str, lang: str) -> list[str]:
    """A usage error: the error in one line, then the hint to `--help`."""
    return error_lines(message, lang) + [labels.text("cli.help_hint", lang, command=command_path)]


def error_lines(message: str, lang: str) -> list[str]:
    """An error that stops the command, in one line."""
    return [labels.text("click.error", lang).format(message=message)]


def calendar_lines(first_year: int, target: Path, written: bool, lang: str) -> list[str]:
    """What `plan-report calendar` did: wrote the estimate to `target`, or left an existing file."""
    if not written:
        return [labels.text("calendar.exists", lang, path=target)]
    return [labels.text("calendar.written", lang, year=AcademicYear(first_year).name, path=target)]


# --- check ---

def check_lines(result: CheckResult, lang: str, verbose: bool = False) -> list[str]:
    """Per file, its fractions with activity counts, then its notes; with `verbose`, how each of
    its tables was understood first."""
    ingested = result.ingested
    if result.nothing_found:
        return nothing_found_lines(result.input_dir, ingested.notes, lang)
    t = labels.translator(lang)
    sources = sorted([p.source for p in ingested.read] + list(ingested.failed))
    lines = [f"{n.file}: {n.message(lang)}" for n in ingested.notes if n.file not in sources]
    notes = ingested.notes_by_file()
    fractions_of = _fractions_by_plan(ingested.activities)
    for source in sources:
        if source in ingested.failed:
            lines.append(t("check.file_failed", file=source, message=ingested.failed[source].message(lang)))
            continue
        fractions = fractions_of.get(source, {})
        lines.append(t("check.file_read", file=source, fractions=len(fractions),
                       activities=sum(count for _, count in fractions.values())))
        if len(sources) > COMPACT_FROM:
            errors = sum(n.severity == ERROR for n in notes.get(source, []))
            lines[-1] += t("check.notes_compact", errors=errors, warnings=len(notes.get(source, [])) - errors)
            continue
        if verbose:
            plan = next(p for p in ingested.read if p.source == source)
            lines.extend(layout_lines(AcademicYear(plan.first_year).name if plan.first_year else None,
                                      plan.year_source, plan.layout, lang))
        for number, (name, count) in sorted(fractions.items()):
            lines.append(t("check.fraction_line", number=number, name=name or t("check.fraction_unnamed"), count=count))
        lines.extend(_note_lines(notes.get(source, []), lang))
    lines.extend(t("cli.written", path=path) for path in result.written)
    return lines


def _fractions_by_plan(activities: pd.DataFrame) -> dict[str, dict[int, tuple[str, int]]]:
    """Per plan, its fractions by number: their names (`stats.plan_fractions`) and how many
    activities each has (in one pass: a plan's rows cut from the batch's frame cost more)."""
    counts = Counter(zip(activities[Activities.source].tolist(), activities[Activities.fraction_no].tolist()))
    plans: dict[str, dict[int, tuple[str, int]]] = {}
    for (source, number), name in plan_fractions(activities).items():
        plans.setdefault(source, {})[number] = (name, counts[(source, number)])
    return plans


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


# --- run ---

def run_lines(result: RunResult, lang: str) -> list[str]:
    """Per plan: the period, each fraction's completion, the plan's overall rate, its notes and
    where they are, the files written; or why it has no report. For a large batch one line per
    plan, failures listed again at the end. In a quarter's first two weeks with nothing due, a
    hint to report the previous quarter."""
    if result.nothing_found:
        return nothing_found_lines(result.input_dir, result.ingested.notes, lang)
    t = labels.translator(lang)
    reported = {o.source for o in result.outcomes}
    notes = result.ingested.notes_by_file()
    lines = [t("run.year_over", year=year) for year in result.years_over]
    lines += [f"{n.file}: {n.message(lang)}" for n in result.ingested.notes if n.file not in reported]
    lines += _said_once(result.ingested.notes, lang)
    compact = len(result.outcomes) > COMPACT_FROM
    for outcome in result.outcomes:
        if outcome.report is None:
            lines.append(failure_line(outcome, lang))
            continue
        plan_notes = notes.get(outcome.source, [])
        shown = _compact_lines if compact else _plan_lines
        lines.extend(shown(outcome, outcome.report, plan_notes, lang))
    failures = [o for o in result.outcomes if o.report is None]
    if compact and failures:
        lines.append(t("run.failures", count=len(failures), total=len(result.outcomes)))
        lines.extend("  " + failure_line(o, lang) for o in failures)
    return lines + _previous_quarter_hint(result, lang)


def failure_line(outcome: PlanOutcome, lang: str) -> str:
    """A plan without a report: "not read" only when the file could not be read."""
    key = "check.file_failed" if not outcome.read else "console.report_failed"
    return labels.text(key, lang, file=outcome.source, message=outcome.failure.message(lang) if outcome.failure else "")


def _said_once(notes: list[Note], lang: str) -> list[str]:
    """The notes that concern many plans alike (the estimated calendar), each message once."""
    messages = dict.fromkeys(n.message(lang) for n in notes if n.code in ONCE_CODES)
    return [labels.text("console.warning", lang, message=m) for m in messages]


def _quarter_totals(report: PlanReport) -> tuple[int, int]:
    """The plan's held and due occurrences in the period."""
    totals = scope_totals(report.fraction_stats).get("quarter", {})
    return totals.get(FractionStats.held, 0), totals.get(FractionStats.due, 0)


def _plan_lines(outcome: PlanOutcome, report: PlanReport, notes: list[Note], lang: str) -> list[str]:
    t = labels.translator(lang)
    lines = [t("run.plan_line", file=outcome.source, period=period_label(report.period, lang))]
    stats = report.fraction_stats[report.fraction_stats[FractionStats.scope] == "quarter"]
    for row in stats.itertuples(index=False):
        lines.append(t("run.fraction_line", number=row.fraction_no, name=row.fraction or t("check.fraction_unnamed"),
                       rate=percent(row.completion_rate), held=row.held, due=row.due, expected=row.expected))
    held, due = _quarter_totals(report)
    errors = sum(n.severity == ERROR for n in notes)
    lines.append(t("console.plan_total", rate=percent(held / due if due else None), held=held, due=due))
    lines.extend(_plan_warnings(notes, lang))
    if notes and outcome.folder is not None:
        lines.append(t("console.plan_notes", errors=errors, warnings=len(notes) - errors,
                       path=outcome.folder / "notes.csv"))
    lines.extend(t("cli.written", path=path) for path in outcome.written)
    return lines


def _compact_lines(outcome: PlanOutcome, report: PlanReport, notes: list[Note], lang: str) -> list[str]:
    held, due = _quarter_totals(report)
    errors = sum(n.severity == ERROR for n in notes)
    line = labels.text("run.plan_compact", lang, file=outcome.source, rate=percent(held / due if due else None),
                       held=held, due=due, folder=outcome.folder)
    return [line + (labels.text("run.errors_compact", lang, count=errors) if errors else ""), *_plan_warnings(notes, lang)]


def _plan_warnings(notes: list[Note], lang: str) -> list[str]:
    """The plan's notes that say its report may be incomplete (it is open in Word or Excel)."""
    return ["  " + labels.text("console.warning", lang, message=n.message(lang)) for n in notes if n.code in PLAN_WARNING_CODES]


def _previous_quarter_hint(result: RunResult, lang: str) -> list[str]:
    reports = [o.report for o in result.outcomes if o.report is not None]
    if result.scope_given or not reports or result.as_of is None:
        return []
    period = reports[0].period
    if period.scope in ("1", "year") or result.as_of - period.teaching_start >= FRESH_QUARTER:
        return []
    if any(_quarter_totals(report)[1] for report in reports):
        return []
    return [labels.text("console.previous_quarter", lang, quarter=int(period.scope) - 1)]


# --- district ---

def district_lines(result: DistrictResult, lang: str) -> list[str]:
    """One line per school, the district's totals, the plans without a report, the files written."""
    summary = result.summary
    if result.run.nothing_found or summary is None:
        return nothing_found_lines(result.run.input_dir, result.run.ingested.notes, lang)
    t = labels.translator(lang)
    # The summary's own naming rule; its module is the district writer, loaded by `district` anyway.
    from pipeline.write.district import school_names

    lines = _said_once(result.run.ingested.notes, lang)
    names = school_names(summary.schools, lang)
    for row in summary.schools.itertuples(index=False):
        lines.append(t("console.school_line", school=names[row.source], rate=percent(row.completion_rate),
                       held=row.held, due=row.due))
    totals = summary.totals
    lines.append(t("cli.district_totals", plans=totals["plans"], failed=totals["plans_failed"],
                   rate=percent(totals["completion_rate"]), held=totals["held"], due=totals["due"]))
    lines.extend(failure_line(o, lang) for o in result.run.outcomes if o.report is None)
    if result.failure is not None:
        lines.append(labels.text("console.district_not_written", lang, message=result.failure.message(lang)))
    lines.extend(t("cli.written", path=path) for path in result.written)
    return lines


class TerminalProgress(Progress):
    """Progress of a batch on stderr: a bar redrawn in place on a terminal, a plain line per plan
    elsewhere (a log, a pipe); nothing for a single plan."""

    def __init__(self, lang: str):
        self.lang = lang
        self.tty = sys.stderr.isatty()

    def step(self, phase: str, done: int, total: int, name: str) -> None:
        if total < 2:
            return
        label = labels.text(f"progress.{phase}", self.lang)
        if self.tty:
            filled = BAR_WIDTH * done // total
            bar = "#" * filled + "-" * (BAR_WIDTH - filled)
            click.echo(f"\r{label} [{bar}] {done}/{total}", nl=done == total, err=True)
        else:
            click.echo(f"{label} {done}/{total}: {name}", err=True)
