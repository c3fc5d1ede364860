"""Reports that tell the whole story: the filled sample plan's quarter I report read back (evidence
as written, moves, the plan's numbers, the next quarter, the signature block, the embedded chart
workbook), a Russian plan's school and signatures, and the plan handed back with its notes marked."""
import csv
import datetime as dt
import hashlib
import importlib
import io
import shutil
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.base.notes import Note
from pipeline.check import check
from pipeline.normalize.school_name import school_nominative
from pipeline.read.discover import PlanFile
from pipeline.run import run
from pipeline.write.marked_plan import write_marked_plans
from tests.docx_plans import RU_HEADER, Section, build_plan, row

GOLDEN = Path(__file__).parent / "golden" / "plans"
FILLED = "mektep-parlamenti-2025-2026-filled-q1.docx"
EXCEL = "mektep-parlamenti-2025-2026.xlsx"
Q1_AS_OF = dt.date(2025, 10, 31)


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("input")
    for name in (FILLED, EXCEL):
        shutil.copyfile(GOLDEN / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def q1(plans, tmp_path_factory) -> Path:
    """The output folder of quarter I's reports on the sample plans."""
    out = tmp_path_factory.mktemp("out")
    run(plans, out, scope="1", as_of=Q1_AS_OF, jobs=1)
    return out


@pytest.fixture(scope="module")
def word(q1):
    return docx.Document(q1 / "mektep-parlamenti-2025-2026-filled-q1" / "2025-2026-Q1" / "mektep-parlamenti-2025-2026-filled-q1-Q1-kk.docx")


@pytest.fixture(scope="module")
def book(q1):
    return openpyxl.load_workbook(q1 / "mektep-parlamenti-2025-2026-filled-q1" / "2025-2026-Q1"
                                  / "mektep-parlamenti-2025-2026-filled-q1-Q1-kk.xlsx")


def activity_tables(document) -> dict[str, list]:
    """Section 3's activity tables by the fraction heading above them."""
    tables, heading, in_section = {}, None, False
    for block in document.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            if block.style.name == "Heading 1":
                in_section = block.text.startswith("3.")
            elif block.style.name == "Heading 2":
                heading = block.text
        elif in_section and heading:
            tables[heading] = block
    return tables


def cell_paragraphs(cell) -> list[tuple[str, str | None]]:
    """A cell's paragraphs as (text, link address or None)."""
    return [(p.text, p.hyperlinks[0].address if p.hyperlinks else None) for p in cell.paragraphs]


def sheet_rows(sheet, header_row=1) -> list[dict]:
    header = [c.value for c in sheet[header_row]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=header_row + 1, values_only=True)]


# --- evidence as written, moves, the plan's numbers ----------------------------------------------

def test_word_activity_rows_show_the_plans_numbers_and_evidence_as_written(word):
    law = activity_tables(word)["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП"]
    rows = {r.cells[0].text: r.cells for r in law.rows[1:]}
    assert list(rows) == ["1", "2", "3", "4", "5"]
    assert cell_paragraphs(rows["2"][5]) == [
        ("Өткізілді 19.09.2025", None),
        ("www.facebook.com/ml2kokshetau/posts/2101", "https://www.facebook.com/ml2kokshetau/posts/2101")]
    assert cell_paragraphs(rows["3"][5]) == [("Өткізілмеді: ауа райына байланысты", None)]
    assert cell_paragraphs(rows["4"][5]) == [("Анықтама 26.09.2025", None), ("Анықтама 17.10.2025", None)]
    assert (rows["4"][3].text, rows["4"][4].text) == ("2 / 2", "орындалды")
    press = {r.cells[0].text: r.cells for r in activity_tables(word)["2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)"].rows[1:]}
    assert cell_paragraphs(press["2"][5]) == [("16.10.2025", None), ("t.me/ml2_parlament/3", "https://t.me/ml2_parlament/3")]


def test_word_shows_a_move_in_the_dates_column(word):
    press = {r.cells[0].text: r.cells for r in activity_tables(word)["2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)"].rows[1:]}
    assert press["1"][2].text == "04.10.2025 – 08.10.2025\n→ 20.10.2025 күніне ауыстырылды"


def test_excel_activities_show_the_plans_numbers_and_evidence_as_written(book):
    rows = {r["Коды"]: r for r in sheet_rows(book["Іс-шаралар"])}
    assert [rows[code]["№"] for code in ("F1-01", "F1-04", "F2-02")] == [1, 4, 2]
    assert rows["F1-02"]["Дәлел / сілтеме"] == "Өткізілді 19.09.2025\nhttps://www.facebook.com/ml2kokshetau/posts/2101"
    assert rows["F1-04"]["Дәлел / сілтеме"] == "Анықтама 26.09.2025\nАнықтама 17.10.2025"
    assert rows["F1-03"]["Дәлел / сілтеме"] == "Өткізілмеді: ауа райына байланысты"


def moved_plan(folder: Path) -> Path:
    """A plan whose quarter I meeting was moved into quarter II, with a not-held reason."""
    folder.mkdir(parents=True, exist_ok=True)
    return build_plan(folder / "plan.docx", [Section([
        row(1, "«А» ЖОБАСЫ", "Сайлау", "01-15.09.2025", evidence="Өткізілді 12.09.2025"),
        row(2, "", "Кездесу", "06.10.2025", evidence="Ауыстырылды 10.12.2025"),
        row(3, "", "Рейд", "12.11.2025", evidence="Өткізілмеді: ауа райына байланысты"),
    ])])


def test_a_move_shows_in_both_quarters_and_in_the_not_done_list(tmp_path):
    moved_plan(tmp_path / "input")
    for quarter, as_of in (("1", dt.date(2025, 10, 31)), ("2", dt.date(2025, 12, 30))):
        run(tmp_path / "input", tmp_path / "out", scope=quarter, as_of=as_of, jobs=1)
    q1 = docx.Document(tmp_path / "out" / "plan" / "2025-2026-Q1" / "plan-2025-2026-Q1-kk.docx")
    q2 = docx.Document(tmp_path / "out" / "plan" / "2025-2026-Q2" / "plan-2025-2026-Q2-kk.docx")
    moved = "06.10.2025\n→ 10.12.2025 күніне ауыстырылды"
    q1_rows = {r.cells[0].text: [c.text for c in r.cells] for r in activity_tables(q1)["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП"].rows[1:]}
    assert q1_rows["2"][2:5] == [moved, "0 / 0", "ауыстырылды"]
    q2_rows = {r.cells[0].text: [c.text for c in r.cells] for r in activity_tables(q2)["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП"].rows[1:]}
    assert list(q2_rows) == ["2", "3"]
    assert q2_rows["2"][2:5] == [moved, "1 / 0", "расталмаған"]
    not_done = next(t for t in q2.tables if [c.text for c in t.rows[0].cells][1:3] == ["Фракция", "Іс-шара атауы"])
    assert [[c.text for c in r.cells] for r in not_done.rows[1:]] == [
        ["2", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "Кездесу", moved, "расталмаған"],
        ["3", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "Рейд", "12.11.2025", "өткізілмеді: ауа райына байланысты"],
    ]


# --- the next quarter ---------------------------------------------------------------------------------

def test_the_next_quarter_section_lists_each_fractions_activities(word, book):
    texts = [p.text for p in word.paragraphs]
    start = texts.index("5. Келесі тоқсанда жоспарланған іс-шаралар")
    assert texts[start + 1] == "II тоқсан (03.11.2025 – 28.12.2025)"
    after = [t for t in word.tables if [c.text for c in t.rows[0].cells][3:4] == ["Жоспарланғаны"]]
    law = [[c.text for c in r.cells] for r in after[0].rows[1:]]
    assert law == [["4", "Мектепішілік /мектеп формасы, оқулық, суық қару, т.б./ рейд", "айына 1 рет", "2",
                    "Фракция мүшелері"],
                   ["5", "Құқық қорғау органдары қызметкерлерімен кездесу", "тоқсанына 1 рет", "1", "Фракция мүшелері"]]
    sheet = book["Келесі тоқсан"]
    assert sheet["A1"].value == "5. Келесі тоқсанда жоспарланған іс-шаралар"
    rows = sheet_rows(sheet, header_row=4)
    first = rows[0]
    assert (first["Фракция"], first["№"], first["Коды"], first["Өткізу мерзімі"], first["Жоспарланғаны"]) == (
        "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 4, "F1-04", "айына 1 рет", 2)
    assert {r["Коды"] for r in rows} >= {"F1-04", "F1-05", "F3-01"}


def test_no_next_quarter_after_quarter_four(plans, tmp_path):
    run(plans, tmp_path, files=(plans / FILLED,), scope="4", as_of=dt.date(2026, 5, 25), jobs=1)
    folder = tmp_path / "mektep-parlamenti-2025-2026-filled-q1" / "2025-2026-Q4"
    document = docx.Document(folder / "mektep-parlamenti-2025-2026-filled-q1-Q4-kk.docx")
    assert "5. Келесі тоқсанда жоспарланған іс-шаралар" not in [p.text for p in document.paragraphs]
    workbook = openpyxl.load_workbook(folder / "mektep-parlamenti-2025-2026-filled-q1-Q4-kk.xlsx")
    assert "Келесі тоқсан" not in workbook.sheetnames


# --- layout: signatures, school name -------------------------------------------------------------

def test_signature_block_is_kept_together_and_with_the_text_before_it(word):
    body = word.element.body
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]
    signatures = blocks[-1]
    assert signatures.tag == qn("w:tbl")
    rows = signatures.findall(qn("w:tr"))
    keep = [all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in tr.iter(qn("w:p"))) for tr in rows]
    assert keep == [True] * (len(rows) - 1) + [False]
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    spacer, before = blocks[-2], blocks[-3]
    assert spacer.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
    last_row = before.findall(qn("w:tr"))[-1] if before.tag == qn("w:tbl") else before
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in last_row.iter(qn("w:p")))
    cells = [[c.text for c in r.cells] for r in word.tables[-1].rows]
    assert cells[0] == ["Көкшетау қаласының №2 МЛ-нің директоры", "_" * 16, "Байболова Р.Б."]


def test_the_report_heads_the_school_in_the_nominative(word, book):
    assert word.paragraphs[0].text == "Көкшетау қаласының №2 МЛ"
    assert book["Жиынтық"]["A2"].value == "Көкшетау қаласының №2 МЛ"


RU_TITLE = ["УТВЕРЖДАЮ", "Директор КГУ «Школа-лицей №2»", "______ Иванова А.А.", "«__» ______ 2025 г.", "",
            "План работы школьного парламента КГУ «Школа-лицей №2» г. Кокшетау",
            "на 2025-2026 учебный год"]


def test_a_russian_plan_names_its_school_in_the_nominative_and_signs_without_the_stamps_blanks(tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    build_plan(folder / "plan.docx", [Section([row(1, "«А»", "Выборы президента", "15.09.2025")],
                                              month="СЕНТЯБРЬ", fraction="1. ФРАКЦИЯ ПРАВА И ПОРЯДКА",
                                              header=list(RU_HEADER))], front=RU_TITLE)
    run(folder, tmp_path / "out", scope="1", as_of=dt.date(2025, 10, 31), lang="ru", jobs=1)
    document = docx.Document(tmp_path / "out" / "plan" / "2025-2026-Q1" / "plan-2025-2026-Q1-ru.docx")
    assert document.paragraphs[0].text == "КГУ «Школа-лицей №2» г. Кокшетау"
    signatures = [[c.text for c in r.cells] for r in document.tables[-1].rows]
    assert signatures[0] == ["Директор КГУ «Школа-лицей №2»", "_" * 16, "Иванова А.А."]


@pytest.mark.parametrize("title, school", [
    ("Көкшетау қаласының №2 МЛ-нің «Мектеп парламенті» іс-шара жоспары", "Көкшетау қаласының №2 МЛ"),
    ("Астана қаласының №45 мектеп-лицейінің «Мектеп парламенті» жоспары", "Астана қаласының №45 мектеп-лицейі"),
    ("План работы школьного парламента КГУ «Школа-лицей №2» г. Кокшетау на 2025-2026 учебный год",
     "КГУ «Школа-лицей №2» г. Кокшетау"),
    ("План работы школьного парламента средней школы №7 г.Кокшетау", "средняя школа №7 г.Кокшетау"),
    ("Директор КГУ «Школа-лицей №2»", "КГУ «Школа-лицей №2»"),
])
def test_school_nominative_of_kazakh_and_russian_titles(title, school):
    assert school_nominative(title) == school


def test_a_title_without_a_school_falls_back_to_the_school_line_without_blanks():
    assert school_nominative("«Мектеп парламенті» жоспары", "Ақсу ______ ауылы") == "Ақсу ауылы"


# --- the chart's own workbook ------------------------------------------------------------------------

def test_the_word_chart_embeds_its_data_workbook(word):
    chart = next(rel.target_part for rel in word.part.rels.values() if rel.reltype == RT.CHART)
    embedded = [rel for rel in chart.rels.values() if rel.reltype == RT.PACKAGE]
    assert len(embedded) == 1
    assert f'<c:externalData r:id="{embedded[0].rId}">' in chart.blob.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(embedded[0].target_part.blob))["Sheet1"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == (None, "I тоқсан", "Жыл басынан бері")
    assert values[1:] == [("1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 67, 67), ("2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", 21, 21)]
    assert "<c:v>67</c:v>" in chart.blob.decode()


# --- the plan handed back, marked ---------------------------------------------------------------------

def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def checked(plans, tmp_path_factory):
    before = {name: digest(plans / name) for name in (FILLED, EXCEL)}
    out = tmp_path_factory.mktemp("checked")
    result = check(plans, out, jobs=1)
    return result, out, before


def comment_anchors(document) -> dict[str, str]:
    """Each comment's id → the text of the cell (or paragraph) its range starts in."""
    anchors = {}
    for start in document.element.body.iter(qn("w:commentRangeStart")):
        holder = start.getparent()
        while holder.tag not in (qn("w:tc"), qn("w:body")) and holder.getparent().tag != qn("w:body"):
            holder = holder.getparent()
        anchors[start.get(qn("w:id"))] = "".join(t.text or "" for t in holder.iter(qn("w:t")))
    return anchors


def test_check_hands_the_word_plan_back_with_a_comment_per_note(plans, checked):
    result, out, before = checked
    notes = [n for n in result.ingested.notes if n.file == FILLED]
    copy = out / "mektep-parlamenti-2025-2026-filled-q1" / "mektep-parlamenti-2025-2026-filled-q1-ескертулер.docx"
    assert copy in result.written
    document = docx.Document(copy)
    comments = list(document.comments)
    assert len(comments) == len(notes) == 39
    assert {c.author for c in comments} == {"plan-report"}
    assert [c.text for c in comments] == [n.message("kk") for n in notes]
    anchors = comment_anchors(document)
    by_text = {c.text: anchors[str(c.comment_id)] for c in comments}
    assert by_text[notes[1].message("kk")] == "01-15.09. 2023ж"          # the date cell of table 1, row 1
    assert by_text[notes[0].message("kk")] == "«ҚҰҚЫҚТЫ Қ МӘДЕНИЕТ » ЖОБАСЫ"
    missing_number = next(n for n in notes if n.code == "row_number_missing")
    assert by_text[missing_number.message("kk")] == ""                   # the empty № cell
    month = next(n for n in notes if n.code == "section_month_mismatch_all")
    assert by_text[month.message("kk")] == "АҚПАН АЙЫ"                    # the heading above the table
    unnamed = next(n for n in notes if n.code == "fraction_heading_missing")
    assert by_text[unnamed.message("kk")] == "№"                          # the table's first cell
    assert digest(plans / FILLED) == before[FILLED]


def test_the_marked_word_copy_is_otherwise_the_users_document(plans, checked):
    _, out, _ = checked
    original = docx.Document(plans / FILLED)
    copy = docx.Document(out / "mektep-parlamenti-2025-2026-filled-q1" / "mektep-parlamenti-2025-2026-filled-q1-ескертулер.docx")
    assert [p.text for p in copy.paragraphs] == [p.text for p in original.paragraphs]
    assert [[[c.text for c in r.cells] for r in t.rows] for t in copy.tables] == \
        [[[c.text for c in r.cells] for r in t.rows] for t in original.tables]


def test_check_hands_the_excel_plan_back_with_cell_comments(plans, checked):
    result, out, before = checked
    notes = [n for n in result.ingested.notes if n.file == EXCEL]
    copy = out / "mektep-parlamenti-2025-2026-xlsx" / "mektep-parlamenti-2025-2026-ескертулер.xlsx"
    workbook = openpyxl.load_workbook(copy)
    original = openpyxl.load_workbook(plans / EXCEL)
    comments = {(s.title, c.coordinate): c for s in workbook.worksheets for r in s.iter_rows() for c in r if c.comment}
    texts = [part for c in comments.values() for part in c.comment.text.split("\n\n")]
    assert sorted(texts) == sorted(n.message("kk") for n in notes)
    assert {c.comment.author for c in comments.values()} == {"plan-report"}
    first_date = next(n for n in notes if n.code == "date_year_replaced")
    cell = next(c for c in comments.values() if first_date.message("kk") in c.comment.text)
    assert cell.value == "01-15.09. 2023ж"
    assert [[c.value for c in r] for s in workbook.worksheets for r in s.iter_rows()] == \
        [[c.value for c in r] for s in original.worksheets for r in s.iter_rows()]
    assert digest(plans / EXCEL) == before[EXCEL]


def test_the_marked_copy_speaks_russian_and_is_named_so(plans, tmp_path):
    result = check(plans, tmp_path, files=(plans / FILLED,), lang="ru", jobs=1)
    copy = tmp_path / "mektep-parlamenti-2025-2026-filled-q1" / "mektep-parlamenti-2025-2026-filled-q1-замечания.docx"
    notes = [n for n in result.ingested.notes if n.file == FILLED]
    assert [c.text for c in docx.Document(copy).comments] == [n.message("ru") for n in notes]


def test_run_writes_the_marked_copy_beside_the_period_folders(q1):
    folder = q1 / "mektep-parlamenti-2025-2026-filled-q1"
    assert (folder / "mektep-parlamenti-2025-2026-filled-q1-ескертулер.docx").exists()
    with zipfile.ZipFile(folder / "mektep-parlamenti-2025-2026-filled-q1-ескертулер.docx") as archive:
        assert "word/comments.xml" in archive.namelist()


def test_check_lists_a_copy_that_cannot_be_made_in_that_plans_notes_file(plans, tmp_path, monkeypatch):
    marked_plan = importlib.import_module("pipeline.write.marked_plan")

    def refused(data, comments):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(marked_plan, "_marked_docx", refused)
    result = check(plans, tmp_path, files=(plans / FILLED,), jobs=1)
    with open(tmp_path / "mektep-parlamenti-2025-2026-filled-q1" / "notes.csv", encoding="utf-8-sig") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["code"] for row in rows] == [n.code for n in result.ingested.notes if n.file == FILLED]
    assert rows[-1]["code"] == "marked_copy_failed"
    assert rows[-1]["message"] == ("Ескертулер белгіленген жоспар көшірмесі жасалмады. Есептер мен notes.csv файлы "
                                   "әдеттегідей жазылды.")
    assert rows[-1]["value"] == "PermissionError: [Errno 13] Permission denied"
    assert not list((tmp_path / "mektep-parlamenti-2025-2026-filled-q1").glob("*ескертулер*"))


@pytest.mark.parametrize("jobs", [1, 2])   # with two workers the copies start before the validation
def test_a_note_the_batch_validation_adds_is_in_the_marked_copy_too(plans, tmp_path, monkeypatch, jobs):
    ingest = importlib.import_module("pipeline.normalize.ingest")
    real = ingest.validate_activities
    added = Note("error", "schema_failed", FILLED, 1, 1, column="title", value="x",
                 params={"column": "title", "check": "str_length(1, None)", "value": "x"})

    def with_a_note(frame):
        validated, notes = real(frame)
        return validated, notes + [added]

    monkeypatch.setattr(ingest, "validate_activities", with_a_note)
    result = check(plans, tmp_path, files=(plans / FILLED, plans / EXCEL), jobs=jobs)
    notes = [n for n in result.ingested.notes if n.file == FILLED]
    assert notes[-1] == added
    copy = tmp_path / "mektep-parlamenti-2025-2026-filled-q1" / "mektep-parlamenti-2025-2026-filled-q1-ескертулер.docx"
    assert [c.text for c in docx.Document(copy).comments] == [n.message("kk") for n in notes]


def test_a_copy_that_cannot_be_made_is_a_warning_and_the_others_go_on(plans, tmp_path):
    gone = PlanFile(tmp_path / "gone.docx", "gone.docx")
    present = PlanFile(plans / FILLED, FILLED)
    notes = [Note("warning", "row_number_missing", "gone.docx", 1, 1), Note("warning", "row_number_missing", FILLED, 1, 1)]
    written, failures = write_marked_plans([gone, present], notes, {"gone.docx": tmp_path, FILLED: tmp_path}, "kk", jobs=1)
    assert list(written) == [FILLED]
    assert [(n.severity, n.code, n.file) for n in failures] == [("warning", "marked_copy_failed", "gone.docx")]
    assert failures[0].message("kk") == (
        "Ескертулер белгіленген жоспар көшірмесі жасалмады. Есептер мен notes.csv файлы әдеттегідей жазылды.")
    assert failures[0].value.startswith("FileNotFoundError")
