"""The command line as a user meets it: messages, exit codes, files written, input untouched."""
import hashlib

import pandas as pd
from click.testing import CliRunner

from pipeline.cli import build_cli, requested_lang
from tests.docx_plans import Section, build_plan, row, seed_like_sections


def invoke(*args):
    return CliRunner().invoke(build_cli(requested_lang(list(args))), list(args))


def make_input(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    build_plan(folder / "plan.docx", seed_like_sections())
    return folder


def test_check_prints_fractions_and_writes_csv(tmp_path):
    folder = make_input(tmp_path)
    result = invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "plan.docx: 5 фракция, 13 іс-шара"
    assert lines[1] == "  1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП: 4 іс-шара"
    assert "  5. (атауы жоқ): 2 іс-шара" in lines
    activities = pd.read_csv(tmp_path / "out" / "plan" / "activities.csv", dtype=str, keep_default_na=False)
    first = activities.iloc[0]
    assert (first["activity_id"], first["start_date"], first["end_date"], first["grades"]) == (
        "F1-01", "2025-09-01", "2025-09-15", "5,6,7,8,9")
    notes = pd.read_csv(tmp_path / "out" / "plan" / "notes.csv", dtype=str, keep_default_na=False)
    assert list(notes.columns) == ["severity", "code", "message", "file", "table", "row", "column", "value"]
    assert "fraction_heading_missing" in set(notes["code"])


def test_check_in_russian(tmp_path):
    folder = make_input(tmp_path)
    result = invoke("check", "--lang", "ru", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.output.splitlines()[0] == "plan.docx: фракций 5, мероприятий 13"
    notes = pd.read_csv(tmp_path / "out" / "plan" / "notes.csv", dtype=str, keep_default_na=False)
    assert "У строки нет номера; по месту в таблице она взята как мероприятие 2. Заполните столбец №." in set(notes["message"])


def test_help_follows_the_language():
    assert "Прочитать планы и показать замечания" in invoke("--lang", "ru", "--help").output
    assert "Жоспарларды оқып, ескертулерді көрсету" in invoke("--help").output


def test_error_notes_give_exit_code_1(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    build_plan(folder / "plan.docx", [Section([row(1, "", "Бір", "31.02.2026")])])
    result = invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "қате (кесте 1, 1-жол, «Өткізу мерзімі»)" in result.output


def test_bad_files_are_reported_and_the_rest_still_read(tmp_path):
    folder = make_input(tmp_path)
    (folder / "empty.docx").write_bytes(b"")
    (folder / "noise.xlsx").write_bytes(b"\x00\x01 not a workbook")
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    (folder / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    (folder / "~$plan.docx").write_bytes(b"lock")
    (folder / "notes.txt").write_text("hello")
    result = invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.exit_code == 1
    out = result.output
    assert "plan.docx: 5 фракция, 13 іс-шара" in out
    assert "empty.docx: ОҚЫЛМАДЫ. Файл бос (0 байт)." in out
    assert "noise.xlsx: ОҚЫЛМАДЫ. Файлды оқу мүмкін емес" in out
    assert "old.doc: ОҚЫЛМАДЫ. Бұл ескі Word форматы (.doc)." in out
    assert "soffice --headless --convert-to docx" in out
    assert "locked.xlsx: ОҚЫЛМАДЫ. Файл құпиясөзбен қорғалған." in out
    assert "~$plan.docx: Word/Excel ашық құжат кезінде қалдыратын уақытша файл" in out
    assert "notes.txt: Бұл жоспар файлы емес" in out
    assert "Traceback" not in out


def test_input_files_are_never_modified(tmp_path):
    folder = make_input(tmp_path)
    before = hashlib.sha256((folder / "plan.docx").read_bytes()).hexdigest()
    invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert hashlib.sha256((folder / "plan.docx").read_bytes()).hexdigest() == before


def test_usage_errors_give_exit_code_2(tmp_path):
    result = invoke("check", "--input", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "Қалта табылмады" in result.output
    assert invoke("check", "--year", "2025-2027", "--input", str(tmp_path)).exit_code == 2
    assert invoke("check", "--no-such-option").exit_code == 2
