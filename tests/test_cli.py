"""The command line as a user meets it: messages, exit codes, files written, input untouched."""
import hashlib

import pandas as pd
from click.testing import CliRunner

from pipeline.cli import build_cli
from tests import hostile as h
from tests.docx_plans import Section, build_plan, row, seed_like_sections


def make_input(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    build_plan(folder / "plan.docx", seed_like_sections())
    return folder


def test_check_prints_fractions_and_writes_csv(invoke, tmp_path):
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


def test_check_in_russian(invoke, tmp_path):
    folder = make_input(tmp_path)
    result = invoke("check", "--lang", "ru", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.output.splitlines()[0] == "plan.docx: фракций 5, мероприятий 13"
    notes = pd.read_csv(tmp_path / "out" / "plan" / "notes.csv", dtype=str, keep_default_na=False)
    assert "У строки нет номера; по месту в таблице она взята как мероприятие 2. Заполните столбец №." in set(notes["message"])


def test_help_follows_the_language(invoke):
    assert "Прочитать планы и показать замечания" in invoke("--lang", "ru", "--help").output
    assert "Жоспарларды оқып, ескертулерді көрсету" in invoke("--help").output


def test_every_word_of_help_is_kazakh_or_russian(invoke):
    kk = invoke("check", "--help").output.splitlines()
    assert kk[0] == "Қолданылуы: plan-report check [ОПЦИЯЛАР] [ФАЙЛДАР]..."
    assert "Опциялар:" in kk
    assert "  --input ҚАЛТА     Жоспар файлдары жатқан қалта.  [әдепкі: input]" in kk
    assert "  --year ЖЖЖЖ-ЖЖЖЖ  Оқу жылы, егер жоспар тақырыбында жоқ болса немесе қате" in kk
    assert "  -h, --help        Осы анықтаманы көрсетіп, шығу." in kk
    ru = invoke("--lang", "ru", "--help").output.splitlines()
    assert ru[0] == "Использование: plan-report [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]..."
    assert "Параметры:" in ru and "Команды:" in ru
    assert "  --version       Показать версию и выйти." in ru
    assert "  -h, --help      Показать эту справку и выйти." in ru
    assert "  calendar  Создать файл календаря учебного года" in ru
    for text in ("Usage", "Options", "Commands", "Show this", "default", "DIRECTORY", "INTEGER", "TEXT"):
        assert not any(text in line for line in kk + ru), text


def test_a_usage_error_is_one_line_and_the_hint_in_the_users_language(invoke, tmp_path):
    assert invoke("run", "--lang", "ru", "--quarter", "5").output.splitlines() == [
        "Ошибка: Неверное значение '--quarter': '5' не подходит, укажите одно из: '1', '2', '3', '4', 'year'.",
        "Справка: plan-report run --help"]
    result = invoke("check", "--no-such-option")
    assert (result.exit_code, result.output.splitlines()) == (2, [
        "Қате: '--no-such-option' деген опция жоқ.", "Көмек: plan-report check --help"])
    result = invoke("run", "--calendar", str(tmp_path / "nope.toml"))
    assert result.output.splitlines() == [
        f"Қате: '--calendar' мәні дұрыс емес: Файл '{tmp_path / 'nope.toml'}' табылмады.",
        "Көмек: plan-report run --help"]


def test_an_empty_input_says_where_it_looked(invoke, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    result = invoke("run", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert (result.exit_code, result.output.splitlines()) == (1, [
        f"{folder} қалтасында (ішкі қалталарымен бірге) жоспар файлы табылмады. Жоспарды (.docx, .xlsx) осы "
        "қалтаға салыңыз немесе --input арқылы басқа қалтаны беріңіз."])


def test_an_input_with_only_a_lock_file_is_nothing_to_do(invoke, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "~$plan.docx").write_bytes(b"lock")
    result = invoke("district", "--lang", "ru", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert (result.exit_code, result.output.splitlines()) == (1, [
        "~$plan.docx: Временный файл, который Word/Excel оставляет при открытом документе, пропущен.",
        f"В папке {folder} (включая вложенные папки) не найдено ни одного файла плана. Положите план "
        "(.docx, .xlsx) в эту папку или укажите другую папку через --input."])
    assert not (tmp_path / "out").exists()


def test_error_notes_give_exit_code_1(invoke, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    build_plan(folder / "plan.docx", [Section([row(1, "", "Бір", "31.02.2026")])])
    result = invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "қате (кесте 1, 1-жол, «Өткізу мерзімі»)" in result.output


def test_bad_files_are_reported_and_the_rest_still_read(invoke, tmp_path):
    folder = make_input(tmp_path)
    (folder / "empty.docx").write_bytes(b"")
    (folder / "noise.xlsx").write_bytes(b"\x00\x01 not a workbook")
    (folder / "old.doc").write_bytes(h.ole_file(["WordDocument", "1Table"]))
    (folder / "locked.xlsx").write_bytes(h.ole_file(["EncryptionInfo", "EncryptedPackage"]))
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
    assert ("    ескерту: Жоспар Word/Excel-де ашық тұр (~$plan.docx файлы бар): сақталмаған өзгерістер есепке "
            "кірмеді. Толық есеп үшін жоспарды сақтап, жауып, қайта іске қосыңыз.") in result.output.splitlines()
    assert "notes.txt: Бұл жоспар файлы емес" in out
    assert "Traceback" not in out


def test_input_files_are_never_modified(invoke, tmp_path):
    folder = make_input(tmp_path)
    before = hashlib.sha256((folder / "plan.docx").read_bytes()).hexdigest()
    invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert hashlib.sha256((folder / "plan.docx").read_bytes()).hexdigest() == before


def test_usage_errors_give_exit_code_2(invoke, tmp_path):
    result = invoke("check", "--input", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "Қалта табылмады" in result.output
    assert invoke("check", "--year", "2025-2027", "--input", str(tmp_path)).exit_code == 2
    assert invoke("check", "--no-such-option").exit_code == 2


def test_no_command_help_has_english_words(invoke):
    for lang in ("kk", "ru"):
        for command in ("check", "run", "district", "calendar"):
            lines = invoke(command, "--lang", lang, "--help").output.splitlines()
            assert lines[0].startswith(("Қолданылуы: plan-report ", "Использование: plan-report ")), lines[0]
            for text in ("Usage", "Options", "Show this", "default:", "DIRECTORY", "INTEGER", "PATH", "TEXT",
                         "FILE", "YYYY"):
                assert not any(text in line for line in lines), (lang, command, text)


def test_check_of_an_empty_input_is_nothing_to_do(invoke, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "2026-2027.toml").write_text("", encoding="utf-8")  # a calendar is not a plan
    result = invoke("check", "--lang", "ru", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"В папке {folder} (включая вложенные папки) не найдено ни одного файла плана. Положите план "
        "(.docx, .xlsx) в эту папку или укажите другую папку через --input."]


def test_the_command_alone_shows_the_help_in_the_language(invoke):
    result = CliRunner().invoke(build_cli("ru"), [])
    assert result.output.splitlines()[0] == "Использование: plan-report [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]..."
    assert "Ошибка" not in result.output
    assert invoke("--lang", "ru").output.splitlines() == ["Ошибка: Не указана команда.", "Справка: plan-report --help"]


def test_a_missing_value_hints_at_the_commands_help(invoke):
    assert invoke("run", "--quarter").output.splitlines() == [
        "Қате: '--quarter' опциясына мән керек.", "Көмек: plan-report run --help"]


def test_every_command_is_described_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name in build_cli("kk").commands:
        assert f"plan-report {name}" in readme, name


def test_a_bad_job_count_names_the_option_in_the_users_language(invoke):
    assert invoke("run", "--lang", "ru", "--jobs", "0").output.splitlines() == [
        "Ошибка: Неверное значение '--jobs': '0' не подходит; укажите число процессов целым числом от 1.",
        "Справка: plan-report run --help"]
    assert "x>=1" not in invoke("run", "--help").output
