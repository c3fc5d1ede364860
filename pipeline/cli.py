"""The `plan-report` command line: parses options, calls a verb, prints the console's lines.

Each command imports its verb (and the console's lines) when it runs, so that `--help` and a
usage error load click and the label table only, not pandas or the writers.

Help and messages come from the label table in the language of `--lang` (Kazakh by default);
the language is read from the command line before the commands are built so that `--help`
speaks it too, and so do click's own words (usage line, section titles, errors): click takes
them from `gettext`, and `speak` hands it the label table instead."""
from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import sys
from pathlib import Path

import click

from pipeline.base import labels
from pipeline.base.academic_year import AcademicYear

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# click 8.2+ raises this for a group called without a command (older click prints the help itself).
NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())
LANG_ENV = "PLAN_REPORT_LANG"

# click's English messages (its gettext message ids) and the labels that say them; placeholders
# stay as click fills them.
CLICK_WORDS = {
    "Usage:": "click.usage",
    "Options": "click.options",
    "Commands": "click.commands",
    "Show this message and exit.": "click.help",
    "Show the version and exit.": "click.version",
    "%(prog)s, version %(version)s": "click.version_line",
    "default: {default}": "click.default",
    "required": "click.required",
    "Error: {message}": "click.error",
    "Try '{command} {option}' for help.": "click.try_help",
    "No such option {name!r}.": "click.no_such_option",
    "No such option: {name}": "click.no_such_option",  # click before 8.2
    "No such command {name!r}.": "click.no_such_command",
    "Did you mean {possibility}?": "click.did_you_mean",
    "(Did you mean one of: {possibilities}?)": "click.did_you_mean_one_of",
    "Invalid value for {param_hint}: {message}": "click.invalid_value_for",
    "Invalid value: {message}": "click.invalid_value",
    "{value!r} is not {choice}.": "click.not_choice",
    "{value!r} is not one of {choices}.": "click.not_one_of",
    "{value!r} is not a valid integer.": "click.not_integer",
    "{value} is not in the range {range}.": "click.not_in_range",
    "Missing argument": "click.missing_argument",
    "Missing option": "click.missing_option",
    "Missing parameter": "click.missing_parameter",
    "Missing command.": "click.missing_command",
    "Got unexpected extra argument ({args})": "click.extra_argument",
    "Got unexpected extra arguments ({args})": "click.extra_arguments",
    "Option {name!r} requires an argument.": "click.option_needs_value",
    "Option {name!r} does not take a value.": "click.option_takes_no_value",
    "Choose from:\n\t{choices}": "click.choose_from",
    "file": "click.file",
    "directory": "click.directory",
    "path": "click.path",
    "{name} {filename!r} does not exist.": "click.does_not_exist",
    "{name} {filename!r} is a file.": "click.is_a_file",
    "{name} {filename!r} is a directory.": "click.is_a_directory",
    "{name} {filename!r} is not readable.": "click.not_readable",
    "Aborted!": "click.aborted",
}
# The click modules that call `gettext` / `ngettext` for their words.
CLICK_MODULES = ("click.core", "click.exceptions", "click.formatting", "click.types", "click.decorators",
                 "click.parser")


def speak(lang: str) -> None:
    """Make click say its own words in `lang`: every click module's `_` and `ngettext` look the
    message up in `CLICK_WORDS` (a message not listed stays as click wrote it)."""
    def gettext(message: str) -> str:
        key = CLICK_WORDS.get(message)
        return labels.text(key, lang) if key else message

    def ngettext(singular: str, plural: str, count: int) -> str:
        return gettext(singular if count == 1 else plural)

    for name in CLICK_MODULES:
        module = sys.modules.get(name)
        if module is not None:
            module._ = gettext  # type: ignore[attr-defined]
            module.ngettext = ngettext  # type: ignore[attr-defined]


class PlanReportGroup(click.Group):
    """The command group; a usage error is one line and the hint to `--help`, in the user's
    language (click's own layout adds the usage line and English around it)."""

    lang = labels.DEFAULT_LANG

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except NO_ARGS_IS_HELP as shown:  # `plan-report` alone: the help, as click gives it
            click.echo(shown.ctx.get_help())
            sys.exit(EXIT_USAGE)
        except click.UsageError as error:
            from pipeline import console
            path = error.ctx.command_path if error.ctx is not None else self._command_path(args, prog_name)
            _echo(console.usage_error_lines(error.format_message(), path, self.lang), err=True)
            sys.exit(EXIT_USAGE)
        except click.ClickException as error:
            from pipeline import console
            _echo(console.error_lines(error.format_message(), self.lang), err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            _echo([labels.text("click.aborted", self.lang)], err=True)
            sys.exit(EXIT_PROBLEMS)
        sys.exit(code if isinstance(code, int) else EXIT_OK)

    def _command_path(self, args, prog_name) -> str:
        """"plan-report run" for an error click raised without its context (a missing value)."""
        command = next((a for a in args or sys.argv[1:] if a in self.commands), None)
        return " ".join(part for part in (prog_name or "plan-report", command) if part)


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
        raise click.BadParameter(labels.text("cli.bad_year", lang, value=text), param_hint="'--year'")
    return year.first


def parse_day(text: str | None, lang: str) -> dt.date | None:
    """A date given as YYYY-MM-DD or DD.MM.YYYY."""
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise click.BadParameter(labels.text("cli.bad_date", lang, value=text), param_hint="'--as-of'")


def _job_count(lang: str, context: click.Context, parameter: click.Parameter, value: str | None) -> int | None:
    """The `--jobs` value: a whole number from 1 (click's own range check would print its range in the help)."""
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise click.BadParameter(labels.text("cli.bad_jobs", lang, value=value), param_hint="'--jobs'")
    return int(value)


def build_cli(lang: str) -> click.Group:
    """The `plan-report` command group with help texts, and click's words, in `lang`."""
    speak(lang)
    t = labels.translator(lang)
    options_metavar = t("cli.metavar_options")
    folder = click.Path(file_okay=False, path_type=Path)

    common = [
        click.option("--input", "input_dir", type=folder, default=Path("input"), show_default=True,
                     metavar=t("cli.metavar_folder"), help=t("cli.opt_input")),
        click.option("--output", "output_dir", type=folder, default=Path("output"), show_default=True,
                     metavar=t("cli.metavar_folder"), help=t("cli.opt_output")),
        click.option("--year", "year", metavar=t("cli.metavar_year"), help=t("cli.opt_year")),
        click.option("--lang", type=click.Choice(labels.LANGS), default=lang, show_default=True,
                     help=t("cli.opt_lang")),
        click.option("--jobs", callback=functools.partial(_job_count, lang), metavar=t("cli.metavar_number"), help=t("cli.opt_jobs")),
        click.option("--debug", is_flag=True, help=t("cli.opt_debug")),
    ]
    period = [
        click.option("--quarter", type=click.Choice(["1", "2", "3", "4", "year"]), help=t("cli.opt_quarter")),
        click.option("--as-of", "as_of", metavar=t("cli.metavar_day"), help=t("cli.opt_as_of")),
        click.option("--calendar", "calendars", multiple=True, metavar=t("cli.metavar_file"),
                     type=click.Path(exists=True, dir_okay=False, path_type=Path), help=t("cli.opt_calendar")),
    ]
    files_argument = click.argument("files", nargs=-1, metavar=t("cli.metavar_files"),
                                    type=click.Path(dir_okay=False, path_type=Path))

    @click.group("plan-report", cls=PlanReportGroup, help=t("cli.group_help"), options_metavar=options_metavar,
                 subcommand_metavar=t("cli.metavar_command"),
                 context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(package_name="plan-report")
    @click.option("--lang", type=click.Choice(labels.LANGS), default=lang, show_default=True, help=t("cli.opt_lang"))
    def cli(lang):
        """The language was already taken from the command line to build the help texts."""
    cli.lang = lang

    @cli.command("check", help=t("cli.check_help"), short_help=t("cli.check_short"), options_metavar=options_metavar)
    @files_argument
    @with_options(common)
    @click.option("--verbose", "-v", is_flag=True, help=t("understood.opt_verbose"))
    def check_command(files, input_dir, output_dir, year, lang, jobs, debug, verbose):
        from pipeline import console
        from pipeline.check import check
        first_year = parse_year(year, lang)
        _require_input(input_dir, files, lang)
        result = _guarded(debug, lang, lambda: check(
            input_dir, output_dir, files=files, first_year=first_year, lang=lang, jobs=jobs,
            progress=console.TerminalProgress(lang), debug=debug))
        _echo(console.check_lines(result, lang, verbose))
        sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)

    def period_command(name: str):
        """A command over a report period: the plan files, the period options and the common ones."""
        def register(function):
            command = cli.command(name, help=t(f"cli.{name}_help"), short_help=t(f"cli.{name}_short"),
                                  options_metavar=options_metavar)
            return command(files_argument(with_options(period + common)(function)))
        return register

    @period_command("run")
    def run_command(**options):
        from pipeline import console
        from pipeline.run import run
        _period_verb(run, console.run_lines, **options)

    @period_command("district")
    def district_command(**options):
        from pipeline import console
        from pipeline.district import district
        _period_verb(district, console.district_lines, **options)

    @cli.command("calendar", help=t("cli.calendar_help"), short_help=t("cli.calendar_short"),
                 options_metavar=options_metavar)
    @click.argument("year", metavar=t("cli.metavar_year"))
    @click.option("--output", "target", metavar=t("cli.metavar_file"), type=click.Path(dir_okay=False, path_type=Path),
                  help=t("cli.opt_calendar_output"))
    @click.option("--lang", type=click.Choice(labels.LANGS), default=lang, show_default=True, help=t("cli.opt_lang"))
    def calendar_command(year, target, lang):
        from pipeline import console
        from pipeline.write.calendar_file import write_calendar_file
        first_year = parse_year(year, lang)
        target = target or Path("input") / f"{AcademicYear(first_year).name}.toml"
        if target.exists():  # the methodologist's corrections are never overwritten
            _echo(console.calendar_lines(first_year, target, False, lang))
            sys.exit(EXIT_PROBLEMS)
        write_calendar_file(first_year, target, lang)
        _echo(console.calendar_lines(first_year, target, True, lang))
        sys.exit(EXIT_OK)

    return cli


def with_options(options):
    """A decorator adding `options` to a command, in the order listed."""
    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


def _period_verb(verb, lines_of, *, files, quarter, as_of, calendars, input_dir, output_dir, year, lang, jobs,
                 debug) -> None:
    """A verb over a report period (`run`, `district`) called with the command's options, checked
    first (a usage error for a bad value); its result's lines printed, and the exit code set."""
    from pipeline import console
    day, first_year = parse_day(as_of, lang), parse_year(year, lang)
    _require_input(input_dir, files, lang)
    result = _guarded(debug, lang, lambda: verb(
        input_dir, output_dir, files=files, scope=quarter, as_of=day, lang=lang, first_year=first_year,
        calendars=tuple(calendars), jobs=jobs, debug=debug, progress=console.TerminalProgress(lang)))
    _echo(lines_of(result, lang))
    sys.exit(EXIT_OK if result.ok else EXIT_PROBLEMS)


def _echo(lines: list[str], err: bool = False) -> None:
    for line in lines:
        click.echo(line, err=err)


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
    except Exception:  # a bug, not the user's mistake: say so in one line
        if debug:
            raise
        raise click.ClickException(labels.text("cli.internal_error", lang)) from None


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `plan-report` console script.

    Whatever is still alive when the command is done stays until the process ends: it is frozen
    out of the garbage collector (`gc.freeze`), so that the interpreter's collection at exit does
    not walk every object of pandas, pandera and the other libraries (a quarter of a second for
    `run` on one plan) only for the process to end. Files are closed and workers stopped before."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        build_cli(requested_lang(argv))(args=argv, prog_name="plan-report")
    finally:
        gc.freeze()
