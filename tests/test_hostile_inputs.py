"""Bad and odd plan files: each is refused with a clear message or read with data-quality notes,
never a crash, and no activity row that exists in the file is dropped without a note."""
import datetime as dt
import io
import string
import struct
import zipfile

import pandas as pd
import pytest

from pipeline.base import labels
from pipeline.normalize.evidence import read_evidence
from pipeline.normalize.ingest import ingest_files
from pipeline.read.discover import PlanFile
from pipeline.read.excel import MAX_MERGED_CELLS
from pipeline.read.word import MAX_XML_BYTES
from tests import hostile as h
from tests.docx_plans import KK_HEADER, Section, build_plan, row
from tests.readback import codes
from tests.xlsx_plans import KK_HEADER as XLSX_HEADER
from tests.xlsx_plans import build, plan_row

TITLE = "2025-2026 оқу жылы"
# Notes that stand for a row of the file that did not become an activity.
ROW_NOT_READ = ("row_empty", "table_not_read", "xlsx_text_skipped")


def ingest(tmp_path, name: str, data: bytes):
    """The file read as a batch of its own, every note's message checked."""
    path = tmp_path / name
    path.write_bytes(data)
    ingested = ingest_files([PlanFile(path, name)])
    assert_messages_render(ingested.notes)
    return ingested


def assert_messages_render(notes) -> None:
    """Each note's message exists in each language with every placeholder filled."""
    for note in notes:
        for lang in labels.LANGS:
            template = labels.text(f"note.{note.code}", lang)  # without parameters: as written
            assert {field for _, field, _, _ in string.Formatter().parse(template) if field} <= set(note.params)
            assert note.message(lang)


def refusal(tmp_path, name: str, data: bytes) -> tuple[str, dict]:
    """The code and parameters of the note refusing the file (which must be refused)."""
    ingested = ingest(tmp_path, name, data)
    assert list(ingested.failed) == [name] and ingested.activities.empty
    note = ingested.failed[name]
    return note.code, note.params



def assert_every_row_accounted_for(ingested, rows_in_file: int) -> None:
    """Each data row of the file is an activity or has a note naming its row (and its table)."""
    not_read = [n for n in ingested.notes if n.code in ROW_NOT_READ]
    assert all(n.row is not None and (n.table is not None or n.params) for n in not_read)
    assert len(ingested.activities) + len(not_read) == rows_in_file


def docx_plan(tmp_path) -> bytes:
    """A sound one-activity Word plan."""
    return build_plan(tmp_path / "base.docx", [Section([row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")])]).read_bytes()


def xlsx_plan(tmp_path) -> bytes:
    """A sound one-activity workbook plan."""
    activity = plan_row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")
    return build(tmp_path / "base.xlsx", [[TITLE], ["ҚЫРКҮЙЕК АЙЫ"], ["1. ҚҰҚЫҚ ФРАКЦИЯСЫ"], XLSX_HEADER, activity])


def compressed_start(data: bytes, name: str) -> int:
    """Where the compressed bytes of member `name` start in the package."""
    at = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
    return at + 30 + name_length + extra_length


# --- files that cannot be read at all ---

@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx"])
def test_an_empty_file(tmp_path, name):
    assert refusal(tmp_path, name, b"") == ("file_empty", {})


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("kept", [2, 100, 0.5, 0.99])
def test_a_truncated_file(tmp_path, kind, kept):
    data = docx_plan(tmp_path) if kind == "docx" else xlsx_plan(tmp_path)
    cut = kept if isinstance(kept, int) else int(len(data) * kept)
    assert refusal(tmp_path, f"plan.{kind}", data[:cut]) == ("file_corrupt", {"detail": "BadZipFile"})


@pytest.mark.parametrize("name", ["plan.docx", "plan.xlsx"])
def test_random_bytes_with_a_plan_name(tmp_path, name):
    assert refusal(tmp_path, name, h.random_bytes(5000)) == ("file_corrupt", {"detail": "not a zip archive"})
    assert refusal(tmp_path, name, b"PK" + h.random_bytes(5000)) == ("file_corrupt", {"detail": "BadZipFile"})


@pytest.mark.parametrize("kind, member", [("docx", h.DOCUMENT), ("xlsx", h.SHEET)])
def test_damaged_compressed_data(tmp_path, kind, member):
    data = bytearray(docx_plan(tmp_path) if kind == "docx" else xlsx_plan(tmp_path))
    data[compressed_start(bytes(data), member)] = 0xFF  # a deflate block of the reserved type
    assert refusal(tmp_path, f"plan.{kind}", bytes(data)) == ("file_corrupt", {"detail": "zlib.error"})


@pytest.mark.parametrize("kind, member", [("docx", h.DOCUMENT), ("xlsx", h.SHEET)])
def test_zip_features_python_cannot_read(tmp_path, kind, member):
    data = docx_plan(tmp_path) if kind == "docx" else xlsx_plan(tmp_path)
    for damaged, detail in ((h.compression_method(data, member, 9), "NotImplementedError"),  # Deflate64
                            (h.compression_method(data, member, 99), "NotImplementedError"),  # AES
                            (h.zip_encrypted_flag(data, member), "RuntimeError")):
        assert refusal(tmp_path, f"plan.{kind}", damaged) == ("file_corrupt", {"detail": detail})


def test_a_zip_needing_a_newer_zip_version(tmp_path):
    data = bytearray(docx_plan(tmp_path))
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 0xFF  # "version needed to extract": 25.5
    assert refusal(tmp_path, "plan.docx", bytes(data)) == ("file_corrupt", {"detail": "NotImplementedError"})


def test_a_zip_that_is_no_office_document(tmp_path):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert refusal(tmp_path, "plan.docx", out.getvalue()) == ("file_unsupported", {})


# --- zip and XML bombs ---

def test_a_document_inflating_beyond_the_limit_is_refused(tmp_path):
    bomb = h.inflating_member(docx_plan(tmp_path), h.DOCUMENT, MAX_XML_BYTES)
    assert len(bomb) < 1024 * 1024
    assert refusal(tmp_path, "plan.docx", bomb) == ("file_too_large", {"size_mb": 64})


def test_a_bomb_in_the_document_links_is_refused(tmp_path):
    bomb = h.inflating_member(docx_plan(tmp_path), "word/_rels/document.xml.rels", MAX_XML_BYTES)
    assert refusal(tmp_path, "plan.docx", bomb) == ("file_too_large", {"size_mb": 64})


def test_a_workbook_inflating_beyond_the_limit_is_refused(tmp_path):
    bomb = h.inflating_member(xlsx_plan(tmp_path), h.SHEET, MAX_XML_BYTES)
    assert refusal(tmp_path, "plan.xlsx", bomb) == ("file_too_large", {"size_mb": 64})


def test_a_bomb_that_hides_its_size_stops_at_the_declared_size(tmp_path):
    bomb = h.inflating_member(docx_plan(tmp_path), h.DOCUMENT, MAX_XML_BYTES)
    lying = h.declared_size(bomb, h.DOCUMENT, 100_000)
    assert refusal(tmp_path, "plan.docx", lying) == ("file_corrupt", {"detail": "BadZipFile"})


@pytest.mark.parametrize("kind, member, size_mb", [("docx", h.DOCUMENT, 4095), ("xlsx", h.SHEET, 4096)])
def test_an_absurd_declared_size_is_refused(tmp_path, kind, member, size_mb):
    data = docx_plan(tmp_path) if kind == "docx" else xlsx_plan(tmp_path)
    assert refusal(tmp_path, f"plan.{kind}", h.declared_size(data, member, 0xFFFFFFFF)) == \
        ("file_too_large", {"size_mb": size_mb})


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_thousands_of_members_are_read(tmp_path, kind):
    data = docx_plan(tmp_path) if kind == "docx" else xlsx_plan(tmp_path)
    ingested = ingest(tmp_path, f"plan.{kind}", h.many_members(data, 5000))
    assert list(ingested.activities["title"]) == ["Кездесу"]


def test_entity_expansion_is_refused(tmp_path):
    data = docx_plan(tmp_path)
    bomb = h.rezip(data, {h.DOCUMENT: h.with_entity_bomb(h.member(data, h.DOCUMENT), "Кездесу".encode())})
    assert refusal(tmp_path, "plan.docx", bomb) == ("file_corrupt", {"detail": "XMLSyntaxError"})
    data = xlsx_plan(tmp_path)
    bomb = h.rezip(data, {h.SHEET: h.with_entity_bomb(h.member(data, h.SHEET), b"<row ")})
    assert refusal(tmp_path, "plan.xlsx", bomb) == ("file_corrupt", {"detail": "ParseError"})


def test_entity_expansion_in_the_document_links_loses_only_the_links(tmp_path):
    data = docx_plan(tmp_path)
    rels = "word/_rels/document.xml.rels"
    bomb = h.rezip(data, {rels: h.with_entity_bomb(h.member(data, rels), b"</Relationships>")})
    assert list(ingest(tmp_path, "plan.docx", bomb).activities["title"]) == ["Кездесу"]


def test_xml_nested_too_deep_is_refused(tmp_path):
    deep = h.paragraph("", "<w:r>" * 5000 + "</w:r>" * 5000)
    assert refusal(tmp_path, "plan.docx", h.docx_from_body(deep)) == ("file_corrupt", {"detail": "XMLSyntaxError"})


def test_absurd_column_spans_are_capped(tmp_path):
    cells = [h.cell(v) for v in row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")[:7]]
    spanning = h.table(h.header_row(), h.table_row(*cells, h.cell("Өткізілді", span=2_000_000_000)))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(spanning))
    assert list(ingested.activities["evidence_text"]) == ["Өткізілді"]
    indented = h.table(h.header_row(), h.table_row('<w:trPr><w:gridBefore w:val="2000000000"/></w:trPr>', *cells))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(indented))
    assert ingested.activities.empty
    assert [(n.code, n.table, n.row) for n in ingested.notes if n.code == "cell_outside_columns"] == [
        ("cell_outside_columns", 1, 1)] * 7


def test_merged_cells_covering_whole_columns_are_refused(tmp_path):
    bomb = h.with_merge(xlsx_plan(tmp_path), "J1:J1048576")
    assert refusal(tmp_path, "plan.xlsx", bomb) == ("file_too_many_merged_cells", {"cells": 1048576})
    assert refusal(tmp_path, "plan.xlsx", h.with_merge(xlsx_plan(tmp_path), "A1:XFD1048576")) == \
        ("file_too_many_merged_cells", {"cells": 16384 * 1048576})


def test_merged_cells_under_the_limit_are_read(tmp_path):
    data = h.with_merge(xlsx_plan(tmp_path), f"J10:J{10 + MAX_MERGED_CELLS - 2}")
    assert list(ingest(tmp_path, "plan.xlsx", data).activities["title"]) == ["Кездесу"]


def test_a_stray_cell_at_the_sheet_end_costs_nothing(tmp_path):
    ingested = ingest(tmp_path, "plan.xlsx", h.with_far_cell(xlsx_plan(tmp_path), "XFD1048576"))
    assert list(ingested.activities["title"]) == ["Кездесу"]
    assert [(n.code, n.row, n.value) for n in ingested.notes if n.code == "xlsx_text_skipped"] == [
        ("xlsx_text_skipped", 1048576, "x")]
    ingested = ingest(tmp_path, "plan.xlsx", h.with_styled_empty_cell(xlsx_plan(tmp_path), "XFD1048576"))
    assert list(ingested.activities["title"]) == ["Кездесу"]
    assert "xlsx_text_skipped" not in codes(ingested)


# --- old, encrypted and disguised files ---

def test_an_old_word_file(tmp_path):
    assert refusal(tmp_path, "plan.doc", h.ole_file(["WordDocument", "1Table", "\x05SummaryInformation"])) == \
        ("file_old_doc", {})
    assert refusal(tmp_path, "plan.docx", h.ole_file(["WordDocument", "1Table"])) == ("file_old_doc", {})


def test_rich_text_saved_as_doc(tmp_path):
    assert refusal(tmp_path, "plan.doc", h.RTF) == ("file_old_doc", {})


def test_an_old_excel_file(tmp_path):
    assert refusal(tmp_path, "plan.xls", h.ole_file(["Workbook"])) == ("file_old_xls", {})


def test_a_password_protected_file_shaped_like_office_saves_it(tmp_path):
    package = h.ole_file(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])
    assert refusal(tmp_path, "plan.xlsx", package) == ("file_encrypted", {})


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_password_protected_file(tmp_path, kind):
    pytest.importorskip("msoffcrypto")
    data = docx_plan(tmp_path) if kind == "docx" else xlsx_plan(tmp_path)
    assert refusal(tmp_path, f"plan.{kind}", h.encrypted_package(data)) == ("file_encrypted", {})


def test_files_are_told_apart_by_content_not_by_name(tmp_path):
    assert list(ingest(tmp_path, "plan.xlsx", docx_plan(tmp_path)).activities["title"]) == ["Кездесу"]
    assert list(ingest(tmp_path, "plan.docx", xlsx_plan(tmp_path)).activities["title"]) == ["Кездесу"]


# --- tables as people really make them ---

def plan_file(kind: str, tmp_path, rows: list[list[str]], header: list[str] = KK_HEADER,
              headings: tuple[str, ...] = ("ҚЫРКҮЙЕК АЙЫ", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ")) -> bytes:
    """A plan with one table, as a Word document or as a workbook laid out like it."""
    if kind == "docx":
        plan_table = h.table(h.values_row(header), *map(h.values_row, rows))
        return h.docx_from_body("".join(map(h.paragraph, headings)) + plan_table)
    return build(tmp_path / "plan.xlsx", [[TITLE], *([line] for line in headings), header, *rows])


def activities(ingested, *columns: str) -> list[tuple]:
    frame = ingested.activities
    return [tuple(values) for values in frame[list(columns)].itertuples(index=False)]


def placed(ingested, *codes_wanted: str) -> list[tuple]:
    return [(n.code, n.table, n.row) for n in ingested.notes if n.code in codes_wanted]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_missing_columns(tmp_path, kind):
    header = ["№", "Іс-шаралар атауы, өткізілу формасы", "Жауаптылар", "Орындалуы туралы мәлімет"]
    rows = [["1", "Кездесу", "Фракция мүшелері", "5-9 сынып Өткізілді"]]
    ingested = ingest(tmp_path, f"plan.{kind}", plan_file(kind, tmp_path, rows, header))
    # With no date column, the month heading is the activity's date (issue 10).
    assert activities(ingested, "title", "grades", "evidence_text", "frequency", "start_date", "end_date") == [
        ("Кездесу", "5,6,7,8,9", "Өткізілді", "once", dt.datetime(2025, 9, 1), dt.datetime(2025, 9, 30))]
    assert placed(ingested, "date_missing", "audience_column_missing") == [("audience_column_missing", 1, None)]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_an_extra_column_joins_the_column_to_its_left(tmp_path, kind):
    values = row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")
    header = KK_HEADER[:4] + ["Ескерту"] + KK_HEADER[4:]
    data = plan_file(kind, tmp_path, [values[:4] + ["жабық"] + values[4:]], header)
    ingested = ingest(tmp_path, f"plan.{kind}", data)
    assert activities(ingested, "date_text", "start_date", "responsible") == [
        ("01.09.2025 жабық", dt.datetime(2025, 9, 1), "Фракция мүшелері")]
    unknown = "column_unknown" if kind == "docx" else "xlsx_unknown_column"
    assert [n.code for n in ingested.notes] == [unknown, "date_extra_text"]


def test_a_column_written_twice(tmp_path):
    values = row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")
    header = KK_HEADER[:4] + ["Өткізу мерзімі"] + KK_HEADER[4:]
    data = plan_file("docx", tmp_path, [values[:4] + ["02.09.2025"] + values[4:]], header)
    ingested = ingest(tmp_path, "plan.docx", data)
    assert activities(ingested, "start_date", "end_date") == [(dt.datetime(2025, 9, 1), dt.datetime(2025, 9, 2))]
    assert [(n.code, n.column) for n in ingested.notes] == [("column_unknown", "Өткізу мерзімі"),
                                                            ("date_several", "Өткізу мерзімі")]


C = h.cell
HEADINGS = h.paragraph("ҚЫРКҮЙЕК АЙЫ") + h.paragraph("1. ҚҰҚЫҚ ФРАКЦИЯСЫ")


def test_vertical_merges_across_number_project_and_title(tmp_path):
    body = HEADINGS + h.table(
        h.header_row(),
        h.table_row(C("1", vmerge="restart"), C("«А» ЖОБАСЫ", vmerge="restart"), C("Рейд", vmerge="restart"),
                    C("01.09.2025"), C("Фракция мүшелері"), C("ДТЖО"), C("5-9 сынып"), C("Өткізілді")),
        h.table_row(C(vmerge="continue"), C(vmerge="continue"), C(vmerge="continue"),
                    C("08.09.2025"), C("Тәлімгер"), C("ДТЖО"), C("5-9 сынып"), C("Өткізілді")),
        # Only merged cells go on: the merge's end, not a row of its own.
        h.table_row(C(vmerge="continue"), C(vmerge="continue"), C(vmerge="continue"), C(), C(), C(), C(), C()),
        h.table_row(C("2"), C(vmerge="continue"), C("Кездесу"), C("15.09.2025"), C("Тәлімгер"), C(), C("7 сынып"),
                    C()))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(body))
    assert activities(ingested, "activity_id", "project", "title", "start_date", "grades") == [
        ("F1-01", "«А» ЖОБАСЫ", "Рейд", dt.datetime(2025, 9, 1), "5,6,7,8,9"),
        ("F1-02", "«А» ЖОБАСЫ", "Рейд", dt.datetime(2025, 9, 8), "5,6,7,8,9"),
        ("F1-03", "«А» ЖОБАСЫ", "Кездесу", dt.datetime(2025, 9, 15), "7"),
    ]
    assert ingested.notes == []


def test_horizontal_merges_in_the_header_and_in_data_rows(tmp_path):
    header = h.table_row(C("№", span=2), *map(C, KK_HEADER[1:5]), C("Серіктестер", span=2), *map(C, KK_HEADER[6:]))
    data = h.table_row(C("1"), C("а"), C("«А» ЖОБАСЫ"), C("Кездесу"), C("01.09.2025"), C("Фракция мүшелері", span=2),
                       C("Тәлімгер"), C("7 сынып", span=2))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(HEADINGS + h.table(header, data)))
    assert activities(ingested, "title", "responsible", "partners", "grades", "evidence_text") == [
        ("Кездесу", "Фракция мүшелері", "Тәлімгер", "7", "")]
    assert ingested.notes == []


def test_merged_blocks_in_a_workbook(tmp_path):
    header = XLSX_HEADER[:3] + [None] + XLSX_HEADER[3:]
    rows = [[TITLE], ["ҚЫРКҮЙЕК АЙЫ"], ["1. ҚҰҚЫҚ ФРАКЦИЯСЫ"], header,
            [1, "«А» ЖОБАСЫ", "Рейд", None, "01.09.2025", "Фракция мүшелері", "ДТЖО", "5-9 сынып", "Өткізілді"],
            [2, None, None, None, "08.09.2025", "Тәлімгер", None, "5-9 сынып", "Өткізілді"],
            [3, None, "Кездесу", "(онлайн)", "15.09.2025", "Тәлімгер", None, "7 сынып", None],
            [4, None, "Жиын", None, "22.09.2025", None, None, None, None]]  # F8:G8 merged, empty
    merges = ["A2:I2", "A3:I3", "C4:D4", "B5:B8", "C5:D6", "F6:G6", "H7:I8", "F8:G8"]
    ingested = ingest(tmp_path, "plan.xlsx", build(tmp_path / "plan.xlsx", rows, merges))
    assert activities(ingested, "project", "title", "responsible", "partners", "grades", "evidence_text", "row_no") == [
        ("«А» ЖОБАСЫ", "Рейд", "Фракция мүшелері", "ДТЖО", "5,6,7,8,9", "Өткізілді", 5),
        ("«А» ЖОБАСЫ", "Рейд", "Тәлімгер", "", "5,6,7,8,9", "Өткізілді", 6),
        ("«А» ЖОБАСЫ", "Кездесу\n(онлайн)", "Тәлімгер", "", "7", "", 7),
        ("«А» ЖОБАСЫ", "Жиын", "", "", "7", "", 8),
    ]
    assert ingested.notes == []


def test_tables_split_and_headings_typed_inside_tables(tmp_path):
    V = h.values_row
    body = (HEADINGS
            + h.table(h.header_row(), V(row(1, "«А» ЖОБАСЫ", "Бір", "01.09.2025")), V(row(2, "", "Екі", "02.09.2025")))
            + h.table(V(row(3, "", "Үш", "03.09.2025")))  # the rest of the table, split off
            + h.paragraph("ҚАЗАН АЙЫ") + h.paragraph("2. АҚПАРАТ ФРАКЦИЯСЫ")
            + h.table(V(row(1, "«Б» ЖОБАСЫ", "Төрт", "01.10.2025")))  # no header, the same columns
            + h.table(V(row(2, "", "Бес", "02.10.2025")[1:]), V(row(3, "", "Алты", "03.10.2025")[1:]))  # a column fewer
            + h.table(V(["ҚАРАША АЙЫ"])) + h.table(V(["3. ЕРІКТІЛЕР ФРАКЦИЯСЫ"]))  # headings typed in tables
            + h.table(h.header_row(), V(row(1, "«В» ЖОБАСЫ", "Жеті", "03.11.2025")),
                      h.table_row(C("ЖЕЛТОҚСАН АЙЫ", span=8)), V(row(2, "", "Сегіз", "01.12.2025")),
                      h.table_row(C("4. ДЕБАТ ФРАКЦИЯСЫ", span=8)), h.table_row(C("ҚАҢТАР АЙЫ", span=8)),
                      V(row(1, "«Г» ЖОБАСЫ", "Тоғыз", "12.01.2026")))
            + h.table(h.table_row(C("АҚПАН АЙЫ", span=8)), h.table_row(C("5. ЭКО ФРАКЦИЯСЫ", span=8)),
                      h.header_row(), V(row(1, "«Д» ЖОБАСЫ", "Он", "02.02.2026"))))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(body))
    assert activities(ingested, "activity_id", "fraction", "section_month", "title", "table_no", "row_no") == [
        ("F1-01", "ҚҰҚЫҚ", 9, "Бір", 1, 1),
        ("F1-02", "ҚҰҚЫҚ", 9, "Екі", 1, 2),
        ("F1-03", "ҚҰҚЫҚ", 9, "Үш", 1, 3),
        ("F2-01", "АҚПАРАТ", 10, "Төрт", 2, 1),
        ("F3-01", "ЕРІКТІЛЕР", 11, "Жеті", 3, 1),
        ("F3-02", "ЕРІКТІЛЕР", 12, "Сегіз", 4, 1),
        ("F4-01", "ДЕБАТ", 1, "Тоғыз", 5, 1),
        ("F5-01", "ЭКО", 2, "Он", 6, 1),
    ]
    assert [(n.code, n.table, n.row, n.params) for n in ingested.notes] == [
        ("table_continued", 1, None, {}),
        ("table_header_missing", 2, None, {}),
        ("table_not_read", None, 1, {"position": 4, "row": 1}),
        ("table_not_read", None, 2, {"position": 4, "row": 2}),
    ]
    assert ingested.notes[2].value.startswith("Бес | 02.10.2025 | Фракция мүшелері")
    assert_every_row_accounted_for(ingested, 10)


def test_nested_tables_in_cells_are_read_as_lines_of_the_cell(tmp_path):
    posts = ["19.09.2025", "https://t.me/ml2/10", "26.09.2025", "https://t.me/ml2/11"]
    links = h.table(h.values_row(posts[:2]), h.values_row(posts[2:]))
    weekly = row(1, "«А» ЖОБАСЫ", "Рейд", "Аптасына 1 рет")
    meeting = row(2, "", "", "10.09.2025")
    body = HEADINGS + h.table(
        h.header_row(),
        h.table_row(*map(C, weekly[:7]), C(weekly[7], inner=links)),
        h.table_row(*map(C, meeting[:2]), C(inner=h.table(h.values_row(["Кездесу", "(онлайн)"]))),
                    *map(C, meeting[3:])))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(body))
    assert activities(ingested, "title", "frequency", "evidence_text") == [
        ("Рейд", "weekly", "\n".join([weekly[7], *posts])),
        ("Кездесу\n(онлайн)", "once", meeting[7]),
    ]
    evidence = read_evidence(tuple(ingested.activities["evidence_text"][0].split("\n")), 2025)
    assert [(o.date, o.links) for o in evidence.occurrences] == [
        (dt.date(2025, 9, 19), ("https://t.me/ml2/10",)), (dt.date(2025, 9, 26), ("https://t.me/ml2/11",))]


def test_a_plan_placed_inside_a_layout_table(tmp_path):
    plan = HEADINGS + h.table(h.header_row(), h.values_row(row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")))
    layout = h.table(h.table_row(C("Мектеп парламенті"), C(inner=plan)))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(layout))
    assert activities(ingested, "activity_id", "fraction", "section_month", "title") == [
        ("F1-01", "ҚҰҚЫҚ", 9, "Кездесу")]
    assert ingested.notes == []


def test_headings_and_evidence_in_text_boxes(tmp_path):
    values = row(1, "«А» ЖОБАСЫ", "Рейд", "01.09.2025")
    # Each box is anchored at the start of a paragraph that has text of its own after it.
    body = (h.paragraph("", h.text_box("ҚЫРКҮЙЕК АЙЫ") + h.run("«Мектеп парламенті»"))
            + h.paragraph("", h.text_box("1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ") + h.run("Кесте 1"))
            + h.table(h.header_row(),
                      h.table_row(*map(C, values[:7]), C(inner=h.paragraph("", h.text_box("Өткізілді"))))))
    ingested = ingest(tmp_path, "plan.docx", h.docx_from_body(body))
    assert activities(ingested, "fraction", "section_month", "title", "evidence_text") == [
        ("ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 9, "Рейд", "Өткізілді")]
    assert ingested.notes == []


ODD_HEADER = ["№", "Жобалық\u00a0қызметінің бағыттары", "Іс-шаралар ата\u00adуы, өткізілу формасы",
              "\u200fӨткізу мерзімі\u200f", "Жауап\u200bтылар", "Cеріктестер",  # a Latin "C"
              "Мақсатты aудитория:\u00a0қатысушылар", "Орындалуы туралы мәлімет\ufeff"]


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_unusual_unicode_in_headers_headings_dates_and_grades(tmp_path, kind):
    rows = [row(1, "«А»\u00a0ЖОБАСЫ", "Рейд", "01.09\u200b.2025", audience="5\u20139 сынып"),
            row(2, "", "Кездесу", "01\u00a0-\u00a015.09.2025", audience="7\u2011сынып білім алушылары"),
            row(3, "", "Жиын", "\u200f15.09.2025\u200e", audience="5-9 cыныптар"),  # a Latin "c"
            row(4, "", "Акция", "Айына\u00a01\u00a0рет", audience="1-4 сын\u00adып"),
            row(5, "", "Сайлау", "22.09.2025 ж\u200b.", audience="\u202e5-9 сынып\u202c")]
    headings = ("ҚЫРКҮЙЕК\u00a0А\u00adЙЫ", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРAКЦИЯCЫ")  # Latin "A" and "C"
    ingested = ingest(tmp_path, f"plan.{kind}", plan_file(kind, tmp_path, rows, ODD_HEADER, headings))
    september = [dt.datetime(2025, 9, d) for d in (1, 15, 22)]
    assert activities(ingested, "fraction", "section_month", "project") == [("ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 9, "«А» ЖОБАСЫ")] * 5
    assert activities(ingested, "title", "start_date", "end_date", "frequency", "grades") == [
        ("Рейд", september[0], september[0], "once", "5,6,7,8,9"),
        ("Кездесу", september[0], september[1], "once", "7"),
        ("Жиын", september[1], september[1], "once", "5,6,7,8,9"),
        ("Акция", pd.NaT, pd.NaT, "monthly", "1,2,3,4"),
        ("Сайлау", september[2], september[2], "once", "5,6,7,8,9"),
    ]
    assert ingested.notes == []


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_a_table_of_two_thousand_rows_is_read_whole(tmp_path, kind):
    rows = h.plan_rows(2000)
    if kind == "docx":
        data = h.docx_from_body(h.plan_section(rows))
    else:
        headings = [[TITLE], ["ҚЫРКҮЙЕК АЙЫ"], ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"]]
        sheet = [*headings, XLSX_HEADER, *(plan_row(*r[:4]) for r in rows)]
        data = build(tmp_path / "plan.xlsx", sheet, merges=[f"B{5 + 4 * i}:B{8 + 4 * i}" for i in range(500)])
    ingested = ingest(tmp_path, f"plan.{kind}", data)
    frame = ingested.activities
    assert len(frame) == 2000 and frame["activity_id"].is_unique
    assert list(frame["activity_id"].iloc[[0, 99, 1999]]) == ["F1-01", "F1-100", "F1-2000"]
    assert list(frame["title"]) == [f"Іс-шара {n}" for n in range(1, 2001)]
    assert frame["start_date"].dt.day.tolist() == [(n - 1) % 28 + 1 for n in range(1, 2001)]
    assert set(frame["project"]) == {"«А» ЖОБАСЫ"}
    assert ingested.notes == []


# --- dates no calendar has ---

IMPOSSIBLE_DATES = ["31.02.2026", "15.13", "32-35.09", "01.09.1925", "01.09.2925"]


def test_impossible_and_far_off_dates_with_the_academic_year_known(tmp_path):
    rows = [row(n, "«А» ЖОБАСЫ", f"Іс {n}", text) for n, text in enumerate(IMPOSSIBLE_DATES, start=1)]
    ingested = ingest(tmp_path, "plan.docx", plan_file("docx", tmp_path, rows))
    september = dt.datetime(2025, 9, 1)
    assert activities(ingested, "date_text", "start_date", "end_date") == [
        ("31.02.2026", pd.NaT, pd.NaT), ("15.13", pd.NaT, pd.NaT), ("32-35.09", pd.NaT, pd.NaT),
        ("01.09.1925", september, september), ("01.09.2925", september, september)]
    assert [(n.code, n.row, n.params) for n in ingested.notes] == [
        ("date_impossible", 1, {"text": "31.02.2026"}),
        ("date_impossible", 2, {"text": "15.13"}),
        ("date_impossible", 3, {"text": "32-35.09"}),
        ("date_year_replaced", 4, {"text": "01.09.1925", "year": "1925", "used": "2025"}),
        ("date_year_replaced", 5, {"text": "01.09.2925", "year": "2925", "used": "2025"}),
    ]


def test_impossible_and_far_off_dates_without_an_academic_year(tmp_path):
    rows = [row(n, "«А» ЖОБАСЫ", f"Іс {n}", text) for n, text in enumerate(IMPOSSIBLE_DATES, start=1)]
    data = h.docx_from_body(h.plan_section(rows), front=["«Мектеп парламенті» іс-шара жоспары"])
    ingested = ingest(tmp_path, "plan.docx", data)
    assert ingested.activities["start_date"].isna().all() and ingested.activities["end_date"].isna().all()
    assert [(n.code, n.row, n.params) for n in ingested.notes] == [
        ("academic_year_missing", None, {}),
        ("date_impossible", 1, {"text": "31.02.2026"}),
        ("date_impossible", 2, {"text": "15.13"}),
        ("date_impossible", 3, {"text": "32-35.09"}),
        ("date_year_far", 4, {"text": "01.09.1925"}),
        ("date_year_far", 5, {"text": "01.09.2925"}),
    ]


FLAT_HEADER = ["Фракция №", "Фракция", "Іс-шаралар атауы", "Басталуы", "Аяқталуы", "Жауаптылар"]


def test_a_far_off_year_in_a_date_cell(tmp_path):
    rows = [[TITLE], FLAT_HEADER,
            [1, "Құқық", "Рейд", dt.date(2925, 9, 15), dt.date(2925, 9, 19), "Фракция мүшелері"],
            [1, "Құқық", "Кездесу", dt.date(2025, 10, 6), None, "Фракция мүшелері"]]
    for title in (TITLE, "Жоспар"):  # without a title year, the other date cell gives it
        ingested = ingest(tmp_path, "plan.xlsx", build(tmp_path / "plan.xlsx", [[title], *rows[1:]]))
        assert activities(ingested, "start_date", "end_date") == [
            (dt.datetime(2025, 9, 15), dt.datetime(2025, 9, 19)), (dt.datetime(2025, 10, 6),) * 2]
        assert [(n.code, n.params) for n in ingested.notes if n.code.startswith("date_")] == [
            ("date_year_replaced", {"text": "15.09.2925-19.09.2925", "year": "2925", "used": "2025"})]
    ingested = ingest(tmp_path, "plan.xlsx", build(tmp_path / "plan.xlsx", [["Жоспар"], *rows[1:3]]))
    assert activities(ingested, "start_date", "end_date") == [(pd.NaT, pd.NaT)]
    assert [(n.code, n.params) for n in ingested.notes if n.code.startswith(("date_", "academic_year"))] == [
        ("academic_year_missing", {}), ("date_year_far", {"text": "15.09.2925-19.09.2925"})]


def test_a_far_off_year_in_the_completion_cell():
    evidence = read_evidence(("Ауыстырылды 10.12.2925", "Өткізілді 01.10.0001"), 2025)
    assert evidence.moved_to is None
    assert [(o.kind, o.date) for o in evidence.occurrences] == [("mark", None)]
    assert [(p.code, p.params["date"]) for p in evidence.problems] == [
        ("evidence_date_invalid", "10.12.2925"), ("evidence_date_invalid", "01.10.0001")]


# --- no row lost without a note ---

def messy_docx(tmp_path) -> tuple[bytes, int]:
    """A Word plan with rows in every odd place, and how many data rows it has."""
    V = h.values_row
    body = (HEADINGS
            + h.table(h.header_row(), V(row(1, "«А» ЖОБАСЫ", "Бір", "01.09.2025")),
                      V(["2"] + [""] * 7),  # a number and nothing else
                      h.table_row(C("3"), C(), C("Үш", span=2), C("03.09.2025"), C(), C(), C(), C("артық")))
            + h.table(V(row(4, "", "Төрт", "04.09.2025")))
            + h.paragraph("ҚАЗАН АЙЫ")
            + h.table(V(["Бес", "05.10.2025", "Фракция мүшелері"]), V(["Алты", "06.10.2025", "Фракция мүшелері"]))
            + h.table(h.values_row(KK_HEADER), V(row(1, "«Б» ЖОБАСЫ", "Жеті", "Айына 1 рет")),
                      h.table_row(C("ҚАРАША АЙЫ", span=8)), V(row(2, "", "Сегіз", "")),
                      h.table_row(C(inner=h.table(V(["9"]))), *map(C, row(9, "", "Тоғыз", "01.11.2025")[1:]))))
    return h.docx_from_body(body), 9


def messy_xlsx(tmp_path) -> tuple[bytes, int]:
    """A workbook plan with rows in every odd place, and how many data rows it has."""
    rows = [[TITLE], ["ҚЫРКҮЙЕК АЙЫ"], ["1. ҚҰҚЫҚ ФРАКЦИЯСЫ"], XLSX_HEADER,
            plan_row(1, "«А» ЖОБАСЫ", "Бір", "01.09.2025"),
            [2],  # a number and nothing else
            [3, None, "Үш", "03.09.2025", None, None, None, None, "артық"],
            [],
            plan_row(4, None, "Төрт", "04.09.2025"),  # after a blank row
            [],
            [None, None, "Бес"],  # a lone cell after the table
            ["ҚАЗАН АЙЫ"], ["2. АҚПАРАТ ФРАКЦИЯСЫ"],
            plan_row(1, "«Б» ЖОБАСЫ", "Алты", "06.10.2025"),  # under new headings, no header
            ["ҚАРАША АЙЫ"],
            plan_row(2, None, "Жеті", "07.11.2025")]
    return build(tmp_path / "plan.xlsx", rows, ["B5:B7"]), 7


@pytest.mark.parametrize("messy", [messy_docx, messy_xlsx])
def test_no_row_is_dropped_without_a_note(tmp_path, messy):
    data, rows_in_file = messy(tmp_path)
    kind = "docx" if messy is messy_docx else "xlsx"
    ingested = ingest(tmp_path, f"plan.{kind}", data)
    assert not ingested.failed
    assert_every_row_accounted_for(ingested, rows_in_file)
