"""Golden test: the sample plans at a fixed `--as-of` give exactly the CSV files kept beside them.

The plans are the school's real plan (quarter I evidence filled in, and its Excel copy) in
`tests/golden/plans/`; the expected files are in `tests/golden/expected/`, laid out as the output folder. After a change
that is meant to alter the figures, regenerate them and review the diff:

    PLAN_REPORT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
PLANS = GOLDEN / "plans"
EXPECTED = GOLDEN / "expected"
# Quarter II, in the winter break: quarter I's evidence counts year to date, quarter II's is due.
ARGS = ["run", "--quarter", "2", "--as-of", "2025-12-30", "--lang", "kk"]
UPDATE = os.environ.get("PLAN_REPORT_UPDATE_GOLDEN") == "1"


def test_sample_plans_give_the_expected_csv_files(tmp_path):
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "pipeline", *ARGS, "--input", str(PLANS), "--output", str(out)],
                   check=False, capture_output=True, cwd=GOLDEN)
    produced = {p.relative_to(out).as_posix(): p for p in out.rglob("*.csv")}
    if UPDATE:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, path in produced.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, EXPECTED / name)
    expected = {p.relative_to(EXPECTED).as_posix(): p for p in EXPECTED.rglob("*.csv")}
    assert sorted(produced) == sorted(expected)
    for name, path in expected.items():
        assert read_lines(produced[name]) == read_lines(path), name


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()
