"""Never lose the user's work: outputs whole or untouched, inputs untouched, outputs inside output/."""
import csv
import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from pipeline.write.atomic import atomic_path, plan_folder, safe_folder_name
from tests.test_run import filled_plan

ROOT = Path(__file__).resolve().parent.parent


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def assert_whole(path: Path) -> None:
    """The file opens as what its name says and is complete."""
    if path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
        docx.Document(path) if path.suffix == ".docx" else openpyxl.load_workbook(path)
    else:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        assert rows and rows[0]


def test_a_failure_while_writing_leaves_the_previous_file(tmp_path):
    target = tmp_path / "report.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half")
            raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_killed_runs_leave_previous_or_new_reports_never_broken_ones(tmp_path):
    for i in range(10):
        filled_plan(tmp_path / "input", name=f"school-{i}.docx")
    inputs = digest(tmp_path / "input")
    command = [sys.executable, "-m", "pipeline", "run", "--input", str(tmp_path / "input"),
               "--output", str(tmp_path / "out"), "--quarter", "1", "--jobs", "2"]
    subprocess.run(command + ["--as-of", "2025-10-01"], check=True, cwd=ROOT, capture_output=True)
    for delay in (0.4, 0.9, 1.4, 1.9, 2.4):
        process = subprocess.Popen(command + ["--as-of", "2025-10-27"], cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for path in (tmp_path / "out").rglob("*"):
            if path.is_file() and not path.name.endswith(".part"):
                assert_whole(path)
    assert digest(tmp_path / "input") == inputs
    subprocess.run(command + ["--as-of", "2025-10-27"], check=True, cwd=ROOT, capture_output=True)
    assert not list((tmp_path / "out").rglob("*.part"))


def killed_while_writing(target: Path) -> Path:
    """The temporary file a run killed while it writes `target` leaves beside it."""
    before = set(target.parent.iterdir())
    script = ("import os, sys; from pathlib import Path; from pipeline.write.atomic import atomic_path\n"
              "with atomic_path(Path(sys.argv[1])) as tmp:\n"
              "    tmp.write_bytes(b'PK half a copy')\n"
              "    os._exit(1)  # killed: nothing after this runs\n")
    subprocess.run([sys.executable, "-c", script, str(target)], cwd=ROOT)
    [leftover] = set(target.parent.iterdir()) - before
    return leftover


@pytest.mark.parametrize("verb", [["check"], ["run", "--as-of", "2025-10-27"]])
def test_the_leftover_of_a_killed_marked_copy_is_cleared_and_nothing_else(invoke, tmp_path, verb):
    filled_plan(tmp_path / "input")
    inputs = digest(tmp_path / "input")
    folder = tmp_path / "out" / "plan"
    folder.mkdir(parents=True)
    (folder / "менің жазбаларым.docx").write_bytes(b"the user's own file")
    (folder / ".settings").write_text("the user's hidden file")
    (folder / "plan.docx.part").write_text("the user's unfinished download")
    users = digest(folder)
    leftover = killed_while_writing(folder / "plan-ескертулер.docx")
    result = invoke(*verb, "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (folder / "plan-ескертулер.docx").exists() and not leftover.exists()
    assert {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in users} == users
    assert digest(tmp_path / "input") == inputs


def test_run_never_modifies_inputs(invoke, tmp_path):
    filled_plan(tmp_path / "input")
    before = digest(tmp_path / "input")
    invoke("run", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of", "2025-10-27")
    assert digest(tmp_path / "input") == before


@pytest.mark.parametrize("name, folder", [
    ("../../x.docx", "x"),
    ("..\\..\\evil.docx", "evil"),
    ("..docx", "plan"),
    ("план: 2025/2026?.docx", "2026"),
    ("a\nb*c.xlsx", "a_b_c"),
    ("mektep «№2».docx", "mektep «№2»"),
])
def test_output_folders_are_plain_names(name, folder):
    assert safe_folder_name(name) == folder


def test_a_plans_folder_depends_on_its_name_alone():
    assert [plan_folder(name).as_posix() for name in ("plan.docx", "plan.xlsx", "Мектеп 1/plan.docx",
                                                       "../../x.docx", "a/../b.xlsm")] == [
        "plan", "plan-xlsx", "Мектеп 1/plan", "x", "a/b-xlsm"]


def test_a_plan_named_outside_the_folder_writes_inside_output(invoke, tmp_path):
    outside = tmp_path / "elsewhere"
    filled_plan(outside, name="x.docx")
    (tmp_path / "input").mkdir()
    result = invoke("run", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of",
                    "2025-10-27", str(tmp_path / "input" / ".." / "elsewhere" / "x.docx"))
    assert result.exit_code == 0, result.output
    written = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix in (".docx", ".xlsx", ".csv")
               and "out" in p.relative_to(tmp_path).parts]
    assert written and all(p.resolve().is_relative_to((tmp_path / "out").resolve()) for p in written)
