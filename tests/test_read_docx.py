"""Reading Word plans: headings, header recognition, merges, split tables, links."""
import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from pipeline.base.notes import FileProblem
from pipeline.read.word import W_NS, read_docx
from tests import hostile as h
from tests.docx_plans import KK_HEADER, RU_FRONT, RU_HEADER, Section, build_plan, row


def read(path):
    return read_docx(path.name, path.read_bytes())


def test_headings_attach_to_the_table_that_follows(tmp_path):
    path = build_plan(tmp_path / "p.docx", [
        Section([row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")]),
        Section([row(1, "", "Рейд", "Айына 1 рет")], month="ҚАЗАН АЙЫ", fraction="2. АҚПАРАТ ФРАКЦИЯСЫ"),
        Section([row(1, "", "Акция", "10.11.2025")], month=None, fraction=None),
    ])
    plan = read(path)
    assert [(t.table_no, t.month_heading, t.fraction_heading) for t in plan.tables] == [
        (1, "ҚЫРКҮЙЕК АЙЫ", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"),
        (2, "ҚАЗАН АЙЫ", "2. АҚПАРАТ ФРАКЦИЯСЫ"),
        (3, None, None),
    ]
    assert plan.front_lines[-1] == "2025-2026 оқу жылы"
    assert "ҚЫРКҮЙЕК АЙЫ" not in plan.front_lines


def test_cells_keep_paragraphs_as_lines_and_columns_are_found_by_name(tmp_path):
    path = build_plan(tmp_path / "p.docx", [Section([row(1, "«А» ЖОБАСЫ", "1. Кеңес құру\n2. Сайлау", "01.09.2025",
                                                         partners="ДТЖО\nТәлімгер")])])
    cells = read(path).tables[0].rows[0].cells
    assert cells["title"] == ["1. Кеңес құру", "2. Сайлау"]
    assert cells["partners"] == ["ДТЖО", "Тәлімгер"]
    assert cells["date_text"] == ["01.09.2025"]


def test_russian_header_in_another_order(tmp_path):
    order = [0, 2, 1, 3, 5, 4, 6, 7]
    header = [RU_HEADER[i] for i in order]
    values = [row(1, "Проект «Лидер»", "Выборы президента", "с 10 по 14 ноября")[i] for i in order]
    path = build_plan(tmp_path / "p.docx", [Section([values], month="НОЯБРЬ", fraction="1. Фракция «Право»",
                                                    header=header)], front=RU_FRONT)
    table = read(path).tables[0]
    assert table.columns == ["number", "title", "project", "date_text", "partners", "responsible", "audience",
                             "evidence_text"]
    assert table.rows[0].cells["project"] == ["Проект «Лидер»"]
    assert table.rows[0].cells["title"] == ["Выборы президента"]


def test_vertically_merged_project_fills_the_rows_it_spans(tmp_path):
    path = build_plan(tmp_path / "p.docx", [Section([
        row(1, "«А» ЖОБАСЫ", "Бір", "01.09.2025"),
        row(2, "", "Екі", "02.09.2025"),
        row(3, "«Б» ЖОБАСЫ", "Үш", "03.09.2025"),
    ], merge_project=True)])
    rows = read(path).tables[0].rows
    assert [r.cells.get("project") for r in rows] == [["«А» ЖОБАСЫ"], ["«А» ЖОБАСЫ"], ["«Б» ЖОБАСЫ"]]
    assert [("project" in r.merged) for r in rows] == [False, True, False]


def test_stamp_block_typed_as_a_borderless_table_is_front_matter(tmp_path):
    document = docx.Document()
    stamp = document.add_table(rows=1, cols=2)
    stamp.cell(0, 0).text = "«КЕЛІСЕМІН»"
    stamp.cell(0, 1).text = "«БЕКІТЕМІН»"
    document.add_paragraph("2025-2026 оқу жылы")
    document.add_paragraph("ҚЫРКҮЙЕК АЙЫ")
    table = document.add_table(rows=2, cols=len(KK_HEADER))
    for cell, text in zip(table.rows[0].cells, KK_HEADER):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, row(1, "", "Кездесу", "01.09.2025")):
        cell.text = text
    document.save(tmp_path / "p.docx")
    plan = read(tmp_path / "p.docx")
    assert plan.front_lines[:2] == ["«КЕЛІСЕМІН»", "«БЕКІТЕМІН»"]
    assert len(plan.tables) == 1 and plan.tables[0].month_heading == "ҚЫРКҮЙЕК АЙЫ"


def test_a_table_split_in_two_continues_with_a_note(tmp_path):
    path = build_plan(tmp_path / "p.docx", [Section([row(1, "", "Бір", "01.09.2025")])])
    document = docx.Document(path)
    extra = document.add_table(rows=1, cols=len(KK_HEADER))
    for cell, text in zip(extra.rows[0].cells, row(2, "", "Екі", "02.09.2025")):
        cell.text = text
    document.save(path)
    plan = read(path)
    assert len(plan.tables) == 1
    assert [r.cells["title"] for r in plan.tables[0].rows] == [["Бір"], ["Екі"]]
    assert [n.code for n in plan.notes] == ["table_continued"]


def test_horizontally_merged_cells_give_their_text_to_the_first_column(tmp_path):
    path = build_plan(tmp_path / "p.docx", [Section([row(1, "", "Бір", "01.09.2025")])])
    document = docx.Document(path)
    cells = document.tables[0].rows[1].cells
    merged = cells[4].merge(cells[5])
    merged.text = "Фракция мүшелері, ДТЖО"
    document.save(path)
    data_row = read(path).tables[0].rows[0]
    assert data_row.cells["responsible"] == ["Фракция мүшелері, ДТЖО"]
    assert "partners" not in data_row.cells
    assert data_row.cells["audience"] == ["5-9 сыныптар"]


def test_a_hyperlink_keeps_its_address(tmp_path):
    path = build_plan(tmp_path / "p.docx", [Section([row(1, "", "Бір", "01.09.2025", evidence="")])])
    document = docx.Document(path)
    paragraph = document.tables[0].rows[1].cells[7].paragraphs[0]
    rel = document.part.relate_to("https://www.instagram.com/p/abc/",
                                  "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
                                  is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "пост"
    run.append(text)
    link.append(run)
    paragraph._p.append(link)
    document.save(path)
    assert read(path).tables[0].rows[0].cells["evidence_text"] == ["пост https://www.instagram.com/p/abc/"]


def test_a_document_without_a_plan_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("Хат")
    document.save(tmp_path / "letter.docx")
    with pytest.raises(FileProblem) as problem:
        read(tmp_path / "letter.docx")
    assert problem.value.code == "file_not_plan"


def test_a_truncated_document(tmp_path):
    path = build_plan(tmp_path / "p.docx", [Section([row(1, "", "Бір", "01.09.2025")])])
    data = path.read_bytes()
    with pytest.raises(FileProblem) as problem:
        read_docx("p.docx", data[: len(data) // 2])
    assert problem.value.code == "file_corrupt"


def test_title_naming_the_fractions_is_the_title_and_keeps_the_academic_year(tmp_path):
    from pipeline.normalize.front_matter import read_front_matter

    front = ["Көкшетау қаласының №2 МЛ-нің", "«Мектеп парламенті» фракцияларының 2025-2026 оқу жылына арналған жоспары"]
    plan = read(build_plan(tmp_path / "p.docx", [Section([row(1, "«А» ЖОБАСЫ", "Кездесу", "01.09.2025")])], front))
    assert plan.front_lines == front
    assert plan.tables[0].fraction_heading == "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"
    assert read_front_matter(plan.front_lines).academic_year == 2025


def test_each_row_is_anchored_at_the_path_of_its_w_tr(tmp_path):
    rows = [h.values_row(r) for r in h.plan_rows(3)]
    # The third row written with another prefix of the same namespace: a path step of its own.
    rows[2] = rows[2].replace("<w:", "<v:").replace("</w:", "</v:").replace("<v:tr>", f'<v:tr xmlns:v="{W_NS}">', 1)
    data = h.docx_from_body(h.table(h.header_row(), *rows) + h.plan_section(h.plan_rows(12)))
    document = etree.fromstring(h.member(data, h.DOCUMENT))
    expected = [document.getroottree().getpath(tr) for tbl in document.iter(f"{{{W_NS}}}tbl")
                for tr in list(tbl.iterchildren(f"{{{W_NS}}}tr"))[1:]]
    plan = read_docx("plan.docx", data)
    assert [row.anchor.path for table in plan.tables for row in table.rows] == expected
    assert expected[2].endswith("/v:tr") and expected[-1].endswith("/w:tr[13]")
