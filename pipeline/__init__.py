"""plan-report: reads a school parliament's activity plan and reports on its completion.

The public API is the three verbs the command line offers, each a function with keyword-only
options, and what they return:

- `check(input_dir, output_dir, ...) -> CheckResult`: read the plans, write activities and notes;
- `run(input_dir, output_dir, ...) -> RunResult`: a completion report per plan for a period;
- `district(input_dir, output_dir, ...) -> DistrictResult`: `run`, then one district summary.

Each is imported when it is first asked for (`from pipeline import run`), so that importing the
package, or a command that needs one verb, does not load every stage's libraries.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.check import CheckResult, check
    from pipeline.district import DistrictResult, district
    from pipeline.run import PlanOutcome, RunResult, run

# Each public name and the module that defines it.
_HOMES = {"check": "pipeline.check", "CheckResult": "pipeline.check",
          "run": "pipeline.run", "RunResult": "pipeline.run", "PlanOutcome": "pipeline.run",
          "district": "pipeline.district", "DistrictResult": "pipeline.district"}

__all__ = ["check", "CheckResult", "run", "RunResult", "PlanOutcome", "district", "DistrictResult"]


class _Package(types.ModuleType):
    """The package, its verbs loaded on first use. `pipeline.run` stays the verb, not its module:
    importing the module `pipeline.run` would otherwise make it the package's attribute `run`
    (a test reaching the module uses `importlib.import_module("pipeline.run")`)."""

    def __getattr__(self, name: str):
        home = _HOMES.get(name)
        if home is None:
            raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
        value = getattr(importlib.import_module(home), name)
        super().__setattr__(name, value)
        return value

    def __setattr__(self, name: str, value) -> None:
        if name in _HOMES and isinstance(value, types.ModuleType):
            return  # the import system naming a verb's module: the verb keeps the name
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
