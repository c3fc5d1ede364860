"""Golden test: the sample plans at a fixed `--as-of` give exactly the CSV files kept beside them.

The plans are the school's real plan (quarter I evidence filled in, and its Excel copy) in
`tests/golden/plans/`; the expected files are in `tests/golden/expected/<plan>/`. After a change
that is meant to alter the figures, regenerate them and review the diff:

    PLAN_REPORT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
PLANS = GOLDEN / "plans"
EXPECTED = GOLDEN / "expected"
# Quarter II, in the winter break: quarter I's evidence counts year to date, quarter II's is due.
ARGS = ["run", "--quarter", "2", "--as-of", "2025-12-30", "--lang", "kk"]
UPDATE = os.environ.get("PLAN_REPORT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> Path:
    """The output folder of one run over the golden plans."""
    out = tmp_path_factory.mktemp("golden-out")
    subprocess.run([sys.executable, "-m", "pipeline", *ARGS, "--input", str(PLANS), "--output", str(out)],
                   check=False, capture_output=True, cwd=GOLDEN)
    return out


def csv_files(out: Path, plan: str) -> dict[str, Path]:
    """The CSV files written for `plan`, by file name."""
    return {p.name: p for p in out.rglob("*.csv") if plan in p.relative_to(out).parts}


@pytest.mark.parametrize("plan", sorted(p.stem for p in PLANS.iterdir()))
def test_sample_plan_gives_the_expected_csv_files(produced, plan):
    files = csv_files(produced, plan)
    expected_dir = EXPECTED / plan
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        expected_dir.mkdir(parents=True)
        for name, path in files.items():
            shutil.copyfile(path, expected_dir / name)
    expected = {p.name: p for p in expected_dir.glob("*.csv")}
    assert sorted(files) == sorted(expected)
    for name, path in expected.items():
        assert files[name].read_text(encoding="utf-8-sig").splitlines() == path.read_text(encoding="utf-8-sig").splitlines(), name
