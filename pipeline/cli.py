"""The `plan-report` command line: parses options, calls the library, prints what it did.

Help and messages come from the label table in the language of `--lang` (Kazakh by default);
the language is read from the command line before the commands are built so that `--help`
speaks it too."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from pipeline.base import labels
from pipeline.base.academic_year import AcademicYear
from pipeline.base.batch import Progress
from pipeline.check import check, summary_lines
from pipeline.evaluate.district import district_summary
from pipeline.run import run, run_summary_lines
from pipeline.write.district import write_district_reports

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
BAR_WIDTH = 30
LANG_ENV = "PLAN_REPORT_LANG"


def requested_lang(argv: list[str]) -> str:
    """The language asked for by `--lang X` / `--lang=X` in argv, else $PLAN_REPORT_LANG, else Kazakh."""
    for i, arg in enumerate(argv):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value in labels.LANGS:
            return value
    env = os.environ.get(LANG_ENV, "")
    return env if env in labels.LANGS else labels.DEFAULT_LANG


def parse_year(text: str | None, lang: str) -> int | None:
    """The first year of an academic year given as "2025-2026" or "2025"."""
    if not text:
        return None
    year = AcademicYear(int(text)) if text.strip().isdigit() else AcademicYear.parse(text)
    if year is None or not 2000 <= year.first <= 2100:
        raise click.BadParameter(labels.text("cli.bad_year", lang, value=text))
    return year.first


def build_cli(lang: str) -> click.Group:
    """The `plan-report` command group with help texts in `lang`."""
    t = labels.translator(lang)

    common = [
        click.option("--input", "input_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("input"), show_default=True, help=t("cli.opt_input")),
        click.option("--output", "output_dir", type=click.Path(file_okay=False, path_type=Path),
                     default=Path("output"), show_default=True, help=t("cli.opt_output")),
        click.option("--year", "year", metavar="YYYY-YYYY", help=t("cli.opt_year")),
        click.option("--lang", type=click.Choice(labels.LANGS), default=lang, show_default=True,
                     help=t("cli.opt_lang")),
        click.option("--jobs", type=click.IntRange(min=1), help=t("cli.opt_jobs")),
        click.option("--debug", is_flag=True, help=t("cli.opt_debug")),
    ]

    period = [
        click.option("--quarter", type=click.Choice(["1", "2", "3", "4", "year"]), help=t("cli.opt_quarter")),
        click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help=t("cli.opt_as_of")),
        click.option("--calendar", "calendars", multiple=True,
                     type=click.Path(exists=True, dir_okay=False, path_type=Path), help=t("cli.opt_calendar")),
    ]

    def with_common(command):
        for option in reversed(common):
            command = option(command)
        return command

    def with_period(command):
        for option in reversed(period):
            command = option(command)
        return command

    @click.group(help=t("cli.group_help"), context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(package_name="plan-report")
    @click.option("--lang", type=click.Choice(labels.LANGS), default=lang, show_default=True, help=t("cli.opt_lang"))
    def cli(lang):
        """The language was already taken from the command line to build the help texts."""

    @cli.command("check", help=t("cli.check_help"), short_help=t("cli.check_short"))
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
    @with_common
    @click.option("--verbose", "-v", is_flag=True, help=t("understood.opt_verbose"))
    def check_command(files, input_dir, output_dir, year, lang, jobs, debug, verbose):
        first_year = parse_year(year, lang)
        _require_input(input_dir, files, lang)
        result = _guarded(debug, lang, lambda: check(input_dir, output_dir, files, first_year, lang, jobs,
                                                       TerminalProgress(lang), debug))
        for line in summary_lines(result, lang, verbose):
            click.echo(line)
        for path in result.written:
            click.echo(labels.text("cli.written", lang, path=path))
        sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)

    @cli.command("run", help=t("cli.run_help"), short_help=t("cli.run_short"))
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
    @with_period
    @with_common
    def run_command(files, quarter, as_of, calendars, input_dir, output_dir, year, lang, jobs, debug):
        first_year = parse_year(year, lang)
        day = parse_day(as_of, lang)
        _require_input(input_dir, files, lang)
        result = _guarded(debug, lang, lambda: run(input_dir, output_dir, files, quarter, day, lang, first_year,
                                                     tuple(calendars), jobs, TerminalProgress(lang), debug))
        for line in run_summary_lines(result, lang):
            click.echo(line)
        sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)

    @cli.command("district", help=t("cli.district_help"), short_help=t("cli.district_short"))
    @click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
    @with_period
    @with_common
    def district_command(files, quarter, as_of, calendars, input_dir, output_dir, year, lang, jobs, debug):
        first_year = parse_year(year, lang)
        day = parse_day(as_of, lang)
        _require_input(input_dir, files, lang)

        def job():
            result = run(input_dir, output_dir, files, quarter, day, lang, first_year, tuple(calendars), jobs,
                         TerminalProgress(lang), debug)
            summary = district_summary(result, lang)
            return result, summary, write_district_reports(summary, output_dir)

        result, summary, written = _guarded(debug, lang, job)
        for line in district_lines(summary, lang):
            click.echo(line)
        for path in written:
            click.echo(labels.text("cli.written", lang, path=path))
        sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)

    return cli


def district_lines(summary, lang: str) -> list[str]:
    """The terminal summary of a district run: totals, then the files without a report."""
    t = labels.translator(lang)
    totals = summary.totals
    rate = "—" if totals["completion_rate"] is None else f"{totals['completion_rate']:.0%}"
    lines = [t("cli.district_totals", plans=totals["plans"], failed=totals["plans_failed"], rate=rate,
               held=totals["held"], due=totals["due"])]
    lines.extend(t("check.file_failed", file=r.source, message=r.message) for r in summary.failures.itertuples())
    return lines


def parse_day(text: str | None, lang: str) -> dt.date | None:
    """A date given as YYYY-MM-DD or DD.MM.YYYY."""
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(labels.text("cli.bad_date", lang, value=text))


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


def _require_input(input_dir: Path, files: tuple[Path, ...], lang: str) -> None:
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise click.UsageError(labels.text("cli.file_missing", lang, path=missing[0]))
    if not files and not input_dir.is_dir():
        raise click.UsageError(labels.text("cli.input_missing", lang, path=input_dir))


def _guarded(debug: bool, lang: str, job):
    """Run `job`; an unexpected failure is one line (the traceback with --debug)."""
    try:
        return job()
    except (KeyboardInterrupt, click.ClickException):
        raise
    except Exception as exc:  # a bug, not the user's mistake: say so in one line
        if debug:
            raise
        raise click.ClickException(labels.text("cli.internal_error", lang, detail=f"{type(exc).__name__}: {exc}")) from None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `plan-report` console script."""
    argv = sys.argv[1:] if argv is None else argv
    build_cli(requested_lang(argv))(args=argv, prog_name="plan-report")
