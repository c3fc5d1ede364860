"""At the methodologist's desk: reports that cannot be written, plans in subfolders, plans open in
Word, a batch started the Windows way, old Office files told apart, a bug in one plan."""
import datetime as dt
import errno
import importlib
import os
import stat
import struct

import docx
import openpyxl
import pandas as pd
import pytest

from pipeline import district, run
from pipeline.base import batch
from pipeline.read.discover import locks, ole_stream_names
from tests import hostile as h
from tests.test_run import filled_plan

AS_OF = "2025-10-27"
Q1 = "2025-2026-Q1"


def district_args(tmp_path, *extra):
    return ("district", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--quarter", "1",
            "--as-of", AS_OF, *extra)


def schools(tmp_path, count=3):
    for i in range(count):
        filled_plan(tmp_path / "input", name=f"school-{i}.docx")


def failures_sheet(tmp_path):
    workbook = openpyxl.load_workbook(tmp_path / "out" / f"district-{Q1}" / f"district-{Q1}.xlsx")
    return [[c.value for c in row] for row in workbook.worksheets[-1].iter_rows() if any(c.value for c in row)]


def assert_reports(folder, name):
    """The plan's Word and Excel reports are there and read back with its figures."""
    document = docx.Document(folder / f"{name}-{Q1}-kk.docx")
    assert any("I тоқсан (01.09.2025 – 26.10.2025)" in p.text for p in document.paragraphs)
    status = pd.read_csv(folder / "quarter_status.csv", dtype=str, keep_default_na=False)
    assert status.set_index("activity_id").loc["F1-01", "status"] == "done"


# --- one plan's failure is that plan's alone ---

def test_a_file_where_the_plans_folder_should_be(invoke, tmp_path):
    schools(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "school-1").write_text("not a folder")
    result = invoke(*district_args(tmp_path))
    assert result.exit_code == 1
    folder = tmp_path / "out" / "school-1"
    line = (f"school-1.docx: ЕСЕП ЖАСАЛМАДЫ. Есеп жазылмады: {folder} жолында қалтаның орнында файл тұр. "
            "Сол файлды өшіріңіз не атын өзгертіңіз, сосын қайта іске қосыңыз.")
    assert line in result.output.splitlines()
    for name in ("school-0", "school-2"):
        assert_reports(tmp_path / "out" / name / Q1, name)
    assert "Аудан: 2 жоспар, есебі жасалмағаны 1; орындалу пайызы 30% (өткізілді 6 / мерзімі келді 20)" in result.output
    assert failures_sheet(tmp_path)[1:] == [["school-1.docx", line.split("ЕСЕП ЖАСАЛМАДЫ. ")[1]]]


def test_a_report_open_in_word_is_that_plans_failure(invoke, tmp_path, monkeypatch):
    run_module = importlib.import_module("pipeline.run")  # `pipeline.run` names the verb

    schools(tmp_path)
    real = run_module.write_docx

    def open_in_word(report, target):
        if report.head.source == "school-0.docx":  # run hands the writers its rows
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"the report of last time")
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real(report, target)

    monkeypatch.setattr(run_module, "write_docx", open_in_word)
    result = invoke(*district_args(tmp_path, "--jobs", "1"))
    assert result.exit_code == 1
    assert ("school-0.docx: ЕСЕП ЖАСАЛМАДЫ. school-0-2025-2026-Q1-kk.docx файлы жазылмады: ол Word/Excel-де ашық. "
            "school-0-2025-2026-Q1-kk.docx файлын Word/Excel-де жауып, қайта іске қосыңыз.") in result.output.splitlines()
    for name in ("school-1", "school-2"):
        assert_reports(tmp_path / "out" / name / Q1, name)
    assert [row[0] for row in failures_sheet(tmp_path)[1:]] == ["school-0.docx"]
    assert "Traceback" not in result.output


def test_a_read_only_output_folder(invoke, tmp_path, monkeypatch):
    """A read-only folder: made so with the permission bits, and (as root ignores them) with the
    refusal the system gives then."""
    run_module = importlib.import_module("pipeline.run")  # `pipeline.run` names the verb

    schools(tmp_path, 2)
    locked = tmp_path / "out" / "school-1" / Q1
    locked.mkdir(parents=True)
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    real = run_module.write_csv

    def refused(frame, target):
        if target.parent == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(target))
        return real(frame, target)

    monkeypatch.setattr(run_module, "write_csv", refused)
    try:
        result = invoke(*district_args(tmp_path, "--jobs", "1", "--lang", "ru"))
    finally:
        locked.chmod(stat.S_IRWXU)
    assert result.exit_code == 1
    assert (f"school-1.docx: ОТЧЁТ НЕ ПОДГОТОВЛЕН. Отчёт не записан: нет права записи в папку {locked}. Снимите с "
            "папки «только чтение» или укажите другую папку через --output.") in result.output.splitlines()
    assert (tmp_path / "out" / "school-0" / Q1 / "school-0-2025-2026-Q1-ru.docx").is_file()
    assert [row[0] for row in failures_sheet(tmp_path)[1:]] == ["school-1.docx"]


def test_a_bug_in_one_plans_evaluation_leaves_the_others(tmp_path, monkeypatch):
    run_module = importlib.import_module("pipeline.run")  # `pipeline.run` names the verb

    schools(tmp_path, 2)
    real = run_module.fraction_stats

    def buggy(activities, status):
        if "school-1.docx" in set(activities["source"]):
            raise KeyError("a bug")
        return real(activities, status)

    monkeypatch.setattr(run_module, "fraction_stats", buggy)
    result = run(tmp_path / "input", tmp_path / "out", scope="1", as_of=dt.date(2025, 10, 27), jobs=1)
    assert [(o.source, o.failure.code if o.failure else None) for o in result.outcomes] == [
        ("school-0.docx", None), ("school-1.docx", "report_internal_error")]
    assert not result.ok
    with pytest.raises(KeyError):
        run(tmp_path / "input", tmp_path / "out", scope="1", as_of=dt.date(2025, 10, 27), jobs=1, debug=True)


# --- folders and open plans ---

def test_plans_in_subfolders_are_found_and_their_folders_mirrored(invoke, tmp_path):
    filled_plan(tmp_path / "input" / "Мектеп 1", name="plan.docx")
    filled_plan(tmp_path / "input" / "Мектеп 2", name="plan.docx")
    filled_plan(tmp_path / "input" / ".hidden", name="plan.docx")
    filled_plan(tmp_path / "input" / "out", name="plan.docx")  # the output folder inside the input
    result = invoke("district", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "input" / "out"),
                    "--quarter", "1", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "  Көкшетау қаласының №2 МЛ (Мектеп 1): 30% (өткізілді 3 / мерзімі келді 10)" in lines
    assert "  Көкшетау қаласының №2 МЛ (Мектеп 2): 30% (өткізілді 3 / мерзімі келді 10)" in lines
    assert "Аудан: 2 жоспар, есебі жасалмағаны 0; орындалу пайызы 30% (өткізілді 6 / мерзімі келді 20)" in lines
    for school in ("Мектеп 1", "Мектеп 2"):
        assert_reports(tmp_path / "input" / "out" / school / "plan" / Q1, "plan")
    document = docx.Document(tmp_path / "input" / "out" / f"district-{Q1}" / f"district-{Q1}.docx")
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert "Көкшетау қаласының №2 МЛ (Мектеп 1)" in cells
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["1. Жалпы қорытынды", "2. Мектептер бойынша көрсеткіштер", "3. Есебі жасалмаған файлдар"]
    assert "Барлық файл бойынша есеп жасалды." in [p.text for p in document.paragraphs]


def test_only_failed_plans_number_the_sections_continuously(invoke, tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "broken.docx").write_bytes(b"not a zip")
    result = invoke(*district_args(tmp_path))
    assert result.exit_code == 1
    document = docx.Document(tmp_path / "out" / "district" / "district.docx")
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["1. Жалпы қорытынды", "2. Есебі жасалмаған файлдар"]
    assert "Барлық файл бойынша есеп жасалды." not in paragraphs


@pytest.mark.parametrize("lock, plan", [
    ("~$plan.docx", "plan.docx"), ("~$an-2025-2026.docx", "plan-2025-2026.docx"), ("~$plan.xlsx", "plan.xlsx"),
    (".~lock.plan.docx#", "plan.docx"), ("~$lan-2025.docx", "plan-2025.docx"),
])
def test_lock_files_are_matched_to_their_plan(lock, plan):
    assert locks(lock, plan)
    assert not locks(lock, "other.docx")


def test_a_plan_open_in_word_is_reported_with_a_warning(invoke, tmp_path):
    filled_plan(tmp_path / "input", name="mektep-parlamenti.docx")
    (tmp_path / "input" / "~$ktep-parlamenti.docx").write_bytes(b"\x00" * 162)
    result = invoke("run", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    notes = pd.read_csv(tmp_path / "out" / "mektep-parlamenti" / Q1 / "notes.csv", dtype=str, keep_default_na=False)
    warning = notes[notes["code"] == "plan_open"].iloc[0]
    assert (warning["file"], warning["message"]) == ("mektep-parlamenti.docx", (
        "Жоспар Word/Excel-де ашық тұр (~$ktep-parlamenti.docx файлы бар): сақталмаған өзгерістер есепке кірмеді. "
        "Толық есеп үшін жоспарды сақтап, жауып, қайта іске қосыңыз."))
    # the terminal says it too, under the plan's figures: the report may be incomplete
    assert "  Ескерту: " + warning["message"] in result.output.splitlines()


# --- files people can open and keep apart ---

def test_both_languages_and_many_schools_keep_distinct_report_names(invoke, tmp_path):
    schools(tmp_path, 2)
    for lang in ("kk", "ru"):
        invoke("run", "--lang", lang, "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"),
               "--quarter", "1", "--as-of", AS_OF)
    names = sorted(p.name for p in (tmp_path / "out").rglob("*-Q1-*.*x"))
    assert names == sorted(f"school-{i}-2025-2026-Q1-{lang}.{kind}" for i in range(2) for lang in ("kk", "ru")
                           for kind in ("docx", "xlsx"))


def test_csv_files_start_with_a_byte_order_mark(invoke, tmp_path):
    filled_plan(tmp_path / "input")
    invoke("run", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of", AS_OF)
    for path in (tmp_path / "out" / "plan" / Q1).glob("*.csv"):
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), path.name
        assert data[3:].decode("utf-8").split(",")[0] != ""


def test_an_xlsx_beside_the_docx_leaves_the_docx_folder_alone(invoke, tmp_path):
    filled_plan(tmp_path / "input")
    invoke("run", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of", AS_OF)
    (tmp_path / "input" / "plan.xlsx").write_bytes(b"PK not really")
    invoke("run", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of", AS_OF)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["plan"]


# --- Windows: a batch under "spawn" ---

def test_a_parallel_batch_works_under_spawn(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "START_METHOD", "spawn")
    schools(tmp_path, 3)
    result = district(tmp_path / "input", tmp_path / "out", scope="1", as_of=dt.date(2025, 10, 27), jobs=2)
    assert result.ok
    assert [o.source for o in result.run.outcomes if o.report is not None] == [f"school-{i}.docx" for i in range(3)]
    for i in range(3):
        assert_reports(tmp_path / "out" / f"school-{i}" / Q1, f"school-{i}")
    assert (result.summary.totals["held"], result.summary.totals["due"]) == (9, 30)


# --- old formats recognised by what they are ---

def refusal(invoke, tmp_path, name, data, lang="kk"):
    (tmp_path / "input").mkdir(exist_ok=True)
    (tmp_path / "input" / name).write_bytes(data)
    result = invoke("check", "--lang", lang, "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"))
    (tmp_path / "input" / name).unlink()
    return result.output.splitlines()


def test_an_old_word_file_with_a_picture_is_a_word_file(invoke, tmp_path):
    # a picture's stream ("Data") and an embedded workbook do not make a .doc an Excel file
    data = h.ole_file(["WordDocument", "Data", "Workbook"])
    assert ole_stream_names(data) >= {"WordDocument", "Workbook", "Root Entry"}
    assert refusal(invoke, tmp_path, "plan.doc", data)[0].startswith("plan.doc: ОҚЫЛМАДЫ. Бұл ескі Word форматы (.doc).")


def ole_directory_after(streams: list[str], filler_sectors: int) -> bytes:
    """An OLE file whose directory sector comes after `filler_sectors` sectors of noise (a .doc
    whose pictures come first), its FAT spread over as many sectors as that takes."""
    sector, end, free, fat_mark = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    total = filler_sectors + 1
    fat_count = -(-(total + -(-total // 127)) // 128) + 1
    directory_at = fat_count + filler_sectors
    fat = [fat_mark] * fat_count + [free] * filler_sectors + [end]
    fat += [free] * (fat_count * 128 - len(fat))
    header = bytearray(sector)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, fat_count, directory_at, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, *range(fat_count), *[free] * (109 - fat_count))
    directory = bytearray(sector)
    for index, name in enumerate(["Root Entry", *streams]):
        encoded = (name + "\0").encode("utf-16-le")
        directory[index * 128:index * 128 + len(encoded)] = encoded
        struct.pack_into("<H", directory, index * 128 + 64, len(encoded))
    return bytes(header) + struct.pack(f"<{len(fat)}I", *fat) + os.urandom(filler_sectors * sector) + bytes(directory)


def test_the_directory_is_read_whatever_the_files_size(invoke, tmp_path):
    big = ole_directory_after(["WordDocument", "Data"], filler_sectors=6000)  # 3 MB of pictures first
    assert len(big) > 3_000_000
    assert "WordDocument" in ole_stream_names(big)
    assert refusal(invoke, tmp_path, "plan.docx", big)[0].startswith("plan.docx: ОҚЫЛМАДЫ. Бұл ескі Word форматы (.doc).")


def test_an_old_excel_file_under_a_new_extension(invoke, tmp_path):
    assert refusal(invoke, tmp_path, "plan.xlsx", h.ole_file(["Workbook"]), "ru")[0].startswith(
        "plan.xlsx: НЕ ПРОЧИТАН. Это старый формат Excel (.xls).")


def test_another_ole_file(invoke, tmp_path):
    assert refusal(invoke, tmp_path, "plan.doc", h.ole_file(["PowerPoint Document"]))[0] == (
        "plan.doc: ОҚЫЛМАДЫ. Бұл ескі Office файлы, бірақ Word құжаты да, Excel кітабы да емес. Жоспарды Word-та "
        ".docx немесе Excel-де .xlsx түрінде сақтап, input/ қалтасына салыңыз.")


@pytest.mark.parametrize("name", ["plan.rtf", "plan.docx"])
def test_rich_text_gets_the_conversion_advice(invoke, tmp_path, name):
    assert refusal(invoke, tmp_path, name, h.RTF)[0].startswith(f"{name}: ОҚЫЛМАДЫ. Бұл ескі Word форматы (.doc).")


def test_no_english_detail_in_a_corrupt_files_message(invoke, tmp_path):
    line = refusal(invoke, tmp_path, "plan.docx", b"\x00\x01 not a zip")[0]
    assert line == ("plan.docx: ОҚЫЛМАДЫ. Файлды оқу мүмкін емес: ол бүлінген немесе толық сақталмаған. "
                    "Файлды Word/Excel-де ашып, қайта сақтаңыз.")


def test_the_district_summary_of_an_estimated_year_says_so(invoke, tmp_path):
    from tests.docx_plans import KK_FRONT, Section, build_plan, row

    front = [line.replace("2025-2026", "2026-2027") for line in KK_FRONT]
    (tmp_path / "input").mkdir()
    build_plan(tmp_path / "input" / "plan.docx", [Section([row(1, "«А» ЖОБАСЫ", "Сайлау", "10.11.2026")])], front=front)
    result = invoke("district", "--input", str(tmp_path / "input"), "--output", str(tmp_path / "out"), "--as-of",
                    "2026-12-01")
    assert result.exit_code == 0, result.output
    line = ("Тоқсан күндері болжамды: 2026-2027 оқу жылының ресми күнтізбесі енгізілмеген "
            "(ауыстыру үшін: plan-report calendar 2026-2027).")
    folder = tmp_path / "out" / "district-2026-2027-Q2"
    assert line in [p.text for p in docx.Document(folder / "district-2026-2027-Q2.docx").paragraphs]
    sheet = openpyxl.load_workbook(folder / "district-2026-2027-Q2.xlsx").worksheets[0]
    assert line in [c.value for c in sheet["A"]]


def test_replacing_a_report_word_holds_open_is_told_apart_from_a_locked_folder(tmp_path):
    from pipeline.write.atomic import write_failure

    target = tmp_path / "plan-2025-2026-Q2-kk.docx"
    target.write_bytes(b"old")
    part = tmp_path / ".plan-2025-2026-Q2-kk.abc.docx.part"
    replaced = PermissionError(errno.EACCES, "Permission denied", str(part), None, str(target))
    assert write_failure("plan.docx", target, replaced).code == "write_file_open"
    created = PermissionError(errno.EACCES, "Permission denied", str(part))
    assert write_failure("plan.docx", target, created).code == "write_denied"
    full = OSError(errno.ENOSPC, "No space left on device", str(part))
    assert write_failure("plan.docx", target, full).message("ru") == (
        f"Отчёт не записан: на диске нет места ({tmp_path}). Освободите место и запустите заново.")
    long_name = OSError(errno.ENAMETOOLONG, "File name too long", str(part))
    assert write_failure("plan.docx", target, long_name).code == "write_path_too_long"


def test_a_district_summary_that_cannot_be_written(invoke, tmp_path):
    schools(tmp_path, 2)
    (tmp_path / "out").mkdir()
    blocker = tmp_path / "out" / f"district-{Q1}"
    blocker.write_text("a file where the summary's folder goes")
    result = invoke(*district_args(tmp_path))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Аудандық жиынтық есеп жазылмады. Есеп жазылмады: {blocker} жолында қалтаның орнында файл тұр. "
        "Сол файлды өшіріңіз не атын өзгертіңіз, сосын қайта іске қосыңыз.")
    for name in ("school-0", "school-1"):
        assert_reports(tmp_path / "out" / name / Q1, name)
