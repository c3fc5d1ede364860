"""plan-report: reads a school parliament's activity plan and reports on its completion.

The public API is the three verbs the command line offers, each a function with keyword-only
options, and what they return:

- `check(input_dir, output_dir, ...) -> CheckResult`: read the plans, write activities and notes;
- `run(input_dir, output_dir, ...) -> RunResult`: a completion report per plan for a period;
- `district(input_dir, output_dir, ...) -> DistrictResult`: `run`, then one district summary.
"""
from pipeline.check import CheckResult, check
from pipeline.district import DistrictResult, district
from pipeline.run import PlanOutcome, RunResult, run

__all__ = ["check", "CheckResult", "run", "RunResult", "PlanOutcome", "district", "DistrictResult"]
