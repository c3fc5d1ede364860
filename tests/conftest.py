"""Fixtures shared by the test modules."""
import pytest
from click.testing import CliRunner

from pipeline.cli import build_cli, requested_lang


@pytest.fixture
def invoke():
    """Run `plan-report ARGS…` as a user would: the help and messages in the language the
    arguments (or PLAN_REPORT_LANG) ask for; returns click's result (exit code, output)."""
    def run_cli(*args: str):
        return CliRunner().invoke(build_cli(requested_lang(list(args))), list(args))
    return run_cli
