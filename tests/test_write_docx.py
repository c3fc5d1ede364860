import dataclasses
import datetime as dt
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from pipeline.evaluate.report import ReportPeriod
from pipeline.write import word_kit
from pipeline.write.plan_word import signature, write_docx
from pipeline.write.words import grade_ranges, link_target, links_of
from tests import report_fixtures as fx
from tests.readback import rows, texts

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
FONT = "Times New Roman"


@pytest.fixture(scope="module")
def kk_doc(tmp_path_factory):
    return docx.Document(write_docx(fx.sample_report("kk"), tmp_path_factory.mktemp("kk") / "report.docx"))


@pytest.fixture(scope="module")
def ru_doc(tmp_path_factory):
    return docx.Document(write_docx(fx.sample_report("ru"), tmp_path_factory.mktemp("ru") / "report.docx"))




def bordered_tables(document):
    return [t for t in document.tables if t.style is not None and t.style.name == "Table Grid"]


def table_headed(document, first_header: str, column: int = 1):
    return next(t for t in document.tables if t.rows[0].cells[column].text == first_header)


def test_title_block_names_school_report_plan_year_period_and_as_of_date(kk_doc):
    assert texts(kk_doc)[:6] == [
        "Көкшетау қаласының №2 МЛ",
        "Мектеп парламенті іс-шара жоспарының орындалуы туралы есеп",
        "«Мектеп парламенті» білім алушылардың өзін-өзі басқару органдарын дамыту тұжырымдамасын іске "
        "асыру үшін атқарылатын іс-шара жоспары",
        "2025-2026 оқу жылы",
        "II тоқсан (03.11.2025 – 28.12.2025)",
        "20.12.2025 жағдай бойынша",
    ]


def test_summary_gives_the_quarter_counts_rate_links_and_year_to_date_rate(kk_doc):
    # 8 activities; due 4 + 8 + 1; held 2 + 4 + 0; rate (0.5·4 + 0.375·8 + 0·1) / 13 = 38.5%;
    # year to date (5 + 3 + 0) / (7 + 15 + 1) = 34.8%
    assert ("Есептік кезеңде (II тоқсан) жоспардағы 8 іс-шараның орындалуы қаралды. "
            "Мерзімі келген өткізулер саны — 13, оның ішінде өткізілгені — 6; орындалу пайызы — 38%. "
            "Іс-шаралардың мәртебесі: орындалды — 2, ішінара орындалды — 2, өткізілмеді — 1, "
            "расталмаған — 1, ауыстырылды — 1, жоспарда — 1. "
            "Орындалуын растайтын сілтемелер саны — 6. "
            "Оқу жылының басынан бергі орындалу пайызы — 35%.") in texts(kk_doc)


def test_statistics_table_shows_quarter_and_year_to_date_per_fraction_with_totals(kk_doc):
    table = table_headed(kk_doc, "Фракция")
    grid = rows(table)
    assert grid[0] == ["№", "Фракция"] + ["II тоқсан"] * 5 + ["Жыл басынан бері"] * 4
    assert grid[1][2:] == ["Іс-шаралар", "Жоспарланғаны", "Мерзімі келгені", "Өткізілгені", "Орындалу пайызы",
                           "Жоспарланғаны", "Мерзімі келгені", "Өткізілгені", "Орындалу пайызы"]
    assert grid[2:] == [
        ["1", "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "3", "4", "4", "2", "50%", "7", "7", "5", "71%"],
        ["2", "АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "4", "10", "8", "4", "38%", "17", "15", "4", "20%"],
        ["3", "(атауы жоқ)", "1", "1", "1", "0", "0%", "1", "1", "0", "0%"],
        ["", "Барлығы", "8", "15", "13", "6", "38%", "25", "23", "9", "35%"],
    ]


def test_status_and_reach_tables_per_fraction(kk_doc):
    statuses = kk_doc.tables[1]
    assert rows(statuses)[0][2:] == ["Орындалды", "Ішінара орындалды", "Өткізілмеді", "Расталмаған",
                                     "Ауыстырылды", "Жоспарда", "Сілтемелер"]
    assert rows(statuses)[2] == ["2", "АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "1", "1", "0", "0", "1", "1", "4"]
    assert rows(statuses)[-1] == ["", "Барлығы", "2", "2", "1", "1", "1", "1", "6"]
    reach = kk_doc.tables[2]
    assert rows(reach)[3] == ["3", "(атауы жоқ)", "1–4, 7, 9", "Сынып жетекшілер", "акция: 1"]
    assert rows(reach)[1][3] == "Педагог-ұйымдастырушы\nТәлімгер\nМектеп инспекторы\nДТЖО"


def test_each_fraction_has_a_heading_and_its_activities_with_status_labels(kk_doc):
    headings = [p.text for p in kk_doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "3. (атауы жоқ)"]
    law, press, eco = kk_doc.tables[3:6]
    assert rows(law)[0] == ["№", "Іс-шара атауы", "Өткізу мерзімі", "Жоспар / нақты", "Мәртебесі", "Дәлел / сілтеме"]
    assert [r[:5] for r in rows(law)[1:]] == [
        ["1", "Мектепішілік /мектеп формасы, оқулық/ рейд", "айына 1 рет", "2 / 1", "ішінара орындалды"],
        ["2", "Құқық қорғау органдары қызметкерлерімен кездесу", "тоқсанына 1 рет", "1 / 1", "орындалды"],
        ["3", "«Құқық және біз» дебаты", "10.11.2025", "1 / 0", "өткізілмеді"],
    ]
    assert [r[2:5] for r in rows(press)[1:]] == [
        ["аптасына 1 рет", "8 / 2", "ішінара орындалды"],
        ["04.11.2025 – 08.11.2025", "1 / 2", "орындалды"],
        ["15.12.2025\n→ 15.01.2026 күніне ауыстырылды", "0 / 0", "ауыстырылды"],
        ["24.12.2025", "1 / 0", "жоспарда"],
    ]
    assert rows(eco)[1][4] == "расталмаған"


def test_links_are_clickable_hyperlinks_to_their_addresses(kk_doc):
    press = kk_doc.tables[4]
    links = [(h.address, h.text) for p in press.rows[1].cells[5].paragraphs for h in p.hyperlinks]
    assert links == [(fx.LINK_NEWS_1, "www.instagram.com/p/ml2_news_1/"),
                     ("https://t.me/ml2_parlament/15", "t.me/ml2_parlament/15")]
    targets = {rel.target_ref for rel in kk_doc.part.rels.values() if rel.reltype == RT.HYPERLINK}
    assert targets == {fx.LINK_RAID, fx.LINK_MEETING, fx.LINK_NEWS_1, "https://t.me/ml2_parlament/15",
                       fx.LINK_CORNER_1, fx.LINK_CORNER_2}
    assert all(rel.is_external for rel in kk_doc.part.rels.values() if rel.reltype == RT.HYPERLINK)


def test_link_run_is_blue_and_underlined(kk_doc):
    hyperlink = next(h for p in kk_doc.tables[3].rows[1].cells[5].paragraphs for h in p.hyperlinks)
    run = hyperlink.runs[0]
    assert (str(run.font.color.rgb), run.font.underline) == ("0563C1", True)


def test_problem_list_names_fraction_date_and_status_of_what_was_not_done(kk_doc):
    problems = table_headed(kk_doc, "Іс-шара атауы", column=2)
    assert rows(problems) == [
        ["№", "Фракция", "Іс-шара атауы", "Өткізу мерзімі", "Мәртебесі"],
        ["1", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "Мектепішілік /мектеп формасы, оқулық/ рейд", "айына 1 рет", "ішінара орындалды"],
        ["3", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "«Құқық және біз» дебаты", "10.11.2025",
         "өткізілмеді: ауа райына байланысты"],
        ["1", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "«Мектеп NEWS» апталық жаңалықтарды жариялау",
         "аптасына 1 рет", "ішінара орындалды"],
        # planned rows are listed too: the district must see what has not been done yet
        ["4", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "Жаңа жыл қарсаңындағы «Сұхбат» ток-шоуы", "24.12.2025",
         "жоспарда"],
        ["1", "3. (атауы жоқ)", "«Таза мектеп - таза сынып» акциясы", "18.11.2025 – 22.11.2025", "расталмаған"],
    ]


def test_signature_lines_for_the_stamp_block_and_the_compiler(kk_doc):
    signatures = kk_doc.tables[-1]
    assert rows(signatures) == [
        ["Көкшетау қаласының №2 МЛ-нің директоры", "_" * 16, "Байболова Р.Б."],
        ["Директордың тәрбие ісі жөніндегі орынбасары", "_" * 16, "Елубай М.Е."],
        ["Орындаған:", "_" * 16, ""],
    ]


@pytest.mark.parametrize("text, expected", [
    ("Көкшетау қаласының №2 МЛ-нің директоры *Р.Б. Байболова* Байболова Р.Б",
     ("Көкшетау қаласының №2 МЛ-нің директоры", "Байболова Р.Б.")),
    ("Директордың тәрбие ісі жөніндегі орынбасары: *М.Е. Елубай* Елубай М.Е.",
     ("Директордың тәрбие ісі жөніндегі орынбасары", "Елубай М.Е.")),
    ("Директор школы-лицея №2 А.Б. Иванова-Петрова", ("Директор школы-лицея №2", "Иванова-Петрова А.Б.")),
    ("Директор А.Б. Иванова", ("Директор", "Иванова А.Б.")),
    ("заместитель директора по ВР Смагулова Ж. Т.", ("Заместитель директора по ВР", "Смагулова Ж.Т.")),
    ("Мектеп директоры", ("Мектеп директоры", "")),
    ("Байболова Р.Б.", ("", "Байболова Р.Б.")),
    ("", ("", "")),
])
def test_signature_splits_role_and_surname_with_initials(text, expected):
    assert signature(text) == expected


def test_report_file_is_a_whole_package_every_part_named_in_its_content_types(tmp_path):
    target = write_docx(fx.sample_report("kk"), tmp_path / "report.docx")
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # well-formed
    defaults = {d.get("Extension") for d in types if d.tag.endswith("Default")}
    overrides = {o.get("PartName") for o in types if o.tag.endswith("Override")}
    assert names[0] == "[Content_Types].xml"
    assert {"word/document.xml", "word/styles.xml", "word/footer1.xml", "docProps/core.xml"} <= set(names)
    assert all(f"/{name}" in overrides or name.rsplit(".", 1)[-1] in defaults
               for name in names if name != "[Content_Types].xml")
    assert overrides <= {f"/{name}" for name in names}


def test_writing_reports_does_not_load_python_docx(tmp_path):
    script = ("import sys\n"
              "from pathlib import Path\n"
              "from tests import report_fixtures\n"
              "from pipeline.write.plan_word import write_docx\n"
              f"write_docx(report_fixtures.sample_report('kk'), Path({str(tmp_path / 'r.docx')!r}))\n"
              "assert 'docx' not in sys.modules, 'python-docx was imported'\n")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).parent.parent)


def test_chart_part_is_a_native_bar_chart_with_cached_categories_and_rates(tmp_path):
    target = write_docx(fx.sample_report("kk"), tmp_path / "report.docx")
    with zipfile.ZipFile(target) as archive:
        chart = etree.fromstring(archive.read("word/charts/chart1.xml"))
        content_types = archive.read("[Content_Types].xml").decode()
        document_xml = archive.read("word/document.xml")
        rels = archive.read("word/_rels/document.xml.rels").decode()
    assert 'PartName="/word/charts/chart1.xml"' in content_types
    assert "drawingml.chart+xml" in content_types
    assert 'Target="charts/chart1.xml"' in rels
    r_id = etree.fromstring(document_xml).find(f".//{C}chart").get(qn("r:id"))
    assert f'Id="{r_id}"' in rels
    bar = chart.find(f"{C}chart/{C}plotArea/{C}barChart")
    assert bar.find(f"{C}barDir").get("val") == "bar"
    series = bar.findall(f"{C}ser")
    assert [s.findtext(f"{C}tx//{C}v") for s in series] == ["II тоқсан", "Жыл басынан бері"]
    assert [v.text for v in series[0].findall(f"{C}cat/{C}strRef/{C}strCache/{C}pt/{C}v")] == [
        "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "3. (атауы жоқ)"]
    values = [[float(v.text) for v in s.findall(f"{C}val/{C}numRef/{C}numCache/{C}pt/{C}v")] for s in series]
    # whole percent, as every rate the report writes (the labels show the value)
    assert values == [[50.0, 38.0, 0.0], [71.0, 20.0, 0.0]]


def test_chart_leaves_out_fractions_with_nothing_due(tmp_path):
    report = fx.sample_report("kk")
    stats = report.fraction_stats.copy()
    eco = stats["fraction_no"] == 3
    stats.loc[eco, ["due", "completion_rate"]] = [0, None]
    target = write_docx(dataclasses.replace(report, fraction_stats=stats), tmp_path / "report.docx")
    with zipfile.ZipFile(target) as archive:
        chart = etree.fromstring(archive.read("word/charts/chart1.xml"))
    first = chart.find(f".//{C}ser")
    assert [v.text for v in first.findall(f"{C}cat//{C}pt/{C}v")] == [
        "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)"]


def test_page_is_a4_portrait_with_official_margins_and_page_numbers(kk_doc):
    section = kk_doc.sections[0]
    size = [round(x.mm) for x in (section.page_width, section.page_height, section.left_margin,
                                   section.right_margin, section.top_margin, section.bottom_margin)]
    assert size == [210, 297, 30, 15, 20, 20]
    footer = section.footer.paragraphs[0]._p
    assert [i.text for i in footer.iter(qn("w:instrText"))] == [" PAGE "]


def test_normal_style_is_times_new_roman_12_for_every_script(kk_doc):
    normal = kk_doc.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == (FONT, 12)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}
    heading = kk_doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts"))
    assert heading.get(qn("w:asciiTheme")) is None and heading.get(qn("w:eastAsia")) == FONT


def test_tables_repeat_header_rows_never_split_rows_and_shade_headers(kk_doc):
    tables = bordered_tables(kk_doc)
    assert len(tables) == 7  # statistics, statuses, reach, three fractions, problems
    for table in tables:
        first = table.rows[0]._tr
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
        shading = first.tc_lst[0].tcPr.find(qn("w:shd"))
        assert shading.get(qn("w:fill")) == "D9D9D9"
        assert all(run.bold for p in table.rows[0].cells[0].paragraphs for run in p.runs)
    # the statistics table's two header rows both repeat
    assert tables[0].rows[1]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_russian_report_speaks_russian_and_is_marked_ru(ru_doc):
    lines = texts(ru_doc)
    assert lines[1:6] == [
        "Отчёт о выполнении плана мероприятий школьного парламента",
        "«Мектеп парламенті» білім алушылардың өзін-өзі басқару органдарын дамыту тұжырымдамасын іске "
        "асыру үшін атқарылатын іс-шара жоспары",
        "2025-2026 учебный год",
        "II четверть (03.11.2025 – 28.12.2025)",
        "по состоянию на 20.12.2025",
    ]
    assert ("За отчётный период (II четверть) рассмотрено мероприятий плана: 8. "
            "Проведений, срок которых наступил: 13; из них проведено: 6; процент выполнения — 38%. "
            "Статусы мероприятий: выполнено — 2, выполнено частично — 2, не проведено — 1, "
            "не подтверждено — 1, перенесено — 1, запланировано — 1. "
            "Учтено ссылок, подтверждающих выполнение: 6. "
            "Процент выполнения с начала учебного года — 35%.") in lines
    assert [r[4] for r in rows(ru_doc.tables[4])[1:]] == [
        "выполнено частично", "выполнено", "перенесено", "запланировано"]
    assert rows(ru_doc.tables[4])[3][2] == "15.12.2025\n→ перенесено на 15.01.2026"
    assert rows(ru_doc.tables[-1])[-1] == ["Исполнитель:", "_" * 16, ""]
    lang = ru_doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "ru-RU"
    assert ru_doc.core_properties.language == "ru-RU"


def test_year_report_names_the_academic_year_and_has_one_scope(tmp_path):
    year = ReportPeriod(scope="year", start=dt.date(2025, 9, 1), end=dt.date(2026, 8, 31),
                        teaching_start=dt.date(2025, 9, 1), teaching_end=dt.date(2026, 5, 25))
    report = dataclasses.replace(fx.sample_report("ru"), period=year)
    document = docx.Document(write_docx(report, tmp_path / "year.docx"))
    assert "Учебный год (01.09.2025 – 25.05.2026)" in texts(document)
    assert rows(document.tables[0])[0][2:] == ["Учебный год"] * 5
    assert not any("с начала учебного года" in line for line in texts(document))


def test_period_with_nothing_due_says_so(tmp_path):
    report = fx.sample_report("kk")
    report = dataclasses.replace(report, status=report.status.iloc[0:0],
                                 fraction_stats=report.fraction_stats.iloc[0:0])
    document = docx.Document(write_docx(report, tmp_path / "empty.docx"))
    lines = texts(document)
    assert "Орындалмаған немесе расталмаған іс-шара жоқ." in lines
    assert lines.count("Бұл кезеңде фракцияның іс-шарасы жоқ.") == 3
    assert any("орындалу пайызы — есептелмейді (мерзімі келген іс-шара жоқ)" in line for line in lines)
    assert rows(document.tables[0])[2] == ["1", "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "0", "0", "0", "0", "—", "0", "0", "0", "—"]
    assert not any(rel.reltype == RT.CHART for rel in document.part.rels.values())


def test_failed_write_leaves_no_file_and_keeps_the_previous_report(tmp_path, monkeypatch):
    target = tmp_path / "report.docx"
    target.write_bytes(b"previous report")

    def broken_save(self, path):
        with open(path, "wb") as f:
            f.write(b"PK half a document")
        raise OSError("disk full")

    monkeypatch.setattr(word_kit.Document, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        write_docx(fx.sample_report("kk"), target)
    assert [p.name for p in tmp_path.iterdir()] == ["report.docx"]
    assert target.read_bytes() == b"previous report"


def test_links_of_a_cell_split_on_whitespace_and_separators():
    assert links_of("https://a.kz/1\nt.me/x/2; https://a.kz/1,") == ("https://a.kz/1", "t.me/x/2")
    assert links_of("") == ()


def test_link_targets_get_a_scheme_and_percent_encoding():
    assert link_target("t.me/ml2/15") == "https://t.me/ml2/15"
    assert link_target("https://site.kz/жаңалық 1?a=1&b=2") == \
        "https://site.kz/%D0%B6%D0%B0%D2%A3%D0%B0%D0%BB%D1%8B%D2%9B%201?a=1&b=2"


def test_grade_ranges_collapse_consecutive_grades():
    assert grade_ranges("1,2,3,4,7,9,10,11") == "1–4, 7, 9–11"
    assert grade_ranges("") == ""


def test_control_characters_from_the_plan_do_not_stop_the_report(tmp_path):
    report = fx.sample_report("kk")
    activities = report.activities.copy()
    activities.loc[0, "title"] = "Рейд\x0b мектеп\x00 формасы"
    activities.loc[activities["fraction_no"] == 1, "fraction"] = "ҚҰҚЫҚ\x07 ЖӘНЕ ТӘРТІП"
    report = dataclasses.replace(report, school="№2 МЛ\x1f", activities=activities)
    document = docx.Document(write_docx(report, tmp_path / "report.docx"))
    assert texts(document)[0] == "Көкшетау қаласының №2 МЛ"
    assert rows(document.tables[3])[1][1] == "Рейд мектеп формасы"
    assert "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП" in [p.text for p in document.paragraphs]


def test_cell_text_keeps_markup_characters_tabs_and_edge_spaces(tmp_path):
    report = fx.sample_report("kk")
    activities = report.activities.copy()
    activities.loc[0, "title"] = "  «A & B» <рейд>\tекі "
    document = docx.Document(write_docx(dataclasses.replace(report, activities=activities), tmp_path / "r.docx"))
    assert rows(document.tables[3])[1][1] == "  «A & B» <рейд>\tекі "


def test_statistics_header_merges_number_and_fraction_down_and_each_scope_across(kk_doc):
    first, second = kk_doc.tables[0].rows[0]._tr, kk_doc.tables[0].rows[1]._tr
    spans = [(tc.grid_span, tc.tcPr.vMerge_val) for tc in first.tc_lst]
    assert spans == [(1, "restart"), (1, "restart"), (5, None), (4, None)]
    assert [tc.tcPr.vMerge_val for tc in second.tc_lst[:3]] == ["continue", "continue", None]
    assert first.tc_lst[2].width == sum((tc.width for tc in second.tc_lst[2:7]), start=0)


def test_merged_cells_show_the_first_cells_text_and_kept_rows_keep_every_paragraph(tmp_path):
    document = word_kit.new_document("kk", title="t", subject="s", author="a", as_of=dt.date(2025, 12, 20))
    table = word_kit.new_table(document, [20.0, 30.0, 30.0])
    word_kit.add_row(table, ["a", "b", ""], header=True)
    word_kit.add_row(table, ["dropped", "c", "also dropped"])
    word_kit.add_row(table, ["d", "e", "f"])
    word_kit.merge(table, (0, 0), (1, 0))
    word_kit.merge(table, (1, 1), (1, 2))
    word_kit.keep_together(table)
    result = docx.Document(word_kit.save(document, tmp_path / "t.docx")).tables[0]
    first, second, _ = (row._tr for row in result.rows)
    assert [(tc.grid_span, tc.tcPr.vMerge_val, tc.width) for tc in second.tc_lst] == [
        (1, "continue", first.tc_lst[0].width), (2, None, first.tc_lst[1].width + first.tc_lst[2].width)]
    assert rows(result) == [["a", "b", ""], ["a", "c", "c"], ["d", "e", "f"]]
    # the continued cell's own text is gone, its one bare paragraph kept with the next row like the others
    assert [p.text for p in second.tc_lst[0].p_lst] == [""]
    assert [all(keeps_with_next(row)) or not any(keeps_with_next(row)) for row in result.rows] == [True] * 3
    assert [second.tc_lst[0].p_lst[0].pPr.keepNext is not None, any(keeps_with_next(result.rows[2]))] == [True, False]


def test_signature_lines_are_body_text_at_the_bottom_of_their_cells(kk_doc):
    cells = [cell for row in kk_doc.tables[-1].rows for cell in row.cells]
    assert {cell.vertical_alignment for cell in cells} == {WD_CELL_VERTICAL_ALIGNMENT.BOTTOM}
    paragraphs = [p for cell in cells for p in cell.paragraphs]
    assert {(p.style.name, p.paragraph_format.space_before.pt) for p in paragraphs} == {("Normal", 12.0)}


def keeps_with_next(row) -> list[bool]:
    """For each paragraph of a table row: whether it stays on the page of what follows."""
    return [p.paragraph_format.keep_with_next is True for cell in row.cells for p in cell.paragraphs]


def test_statistics_tables_stay_whole_on_one_page_with_their_caption(kk_doc):
    for table in kk_doc.tables[:3]:
        caption = docx.text.paragraph.Paragraph(table._tbl.getprevious(), kk_doc)
        assert caption.text.startswith("Кесте ") and caption.paragraph_format.keep_with_next is not False \
            and caption.style.paragraph_format.keep_with_next, caption.text
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows), caption.text
        assert all(all(keeps_with_next(row)) for row in table.rows[:-1]), caption.text
        assert not any(keeps_with_next(table.rows[-1])), caption.text


def test_an_activity_table_may_split_but_its_header_never_ends_a_page_alone(kk_doc):
    table = table_headed(kk_doc, "Іс-шара атауы")
    assert all(keeps_with_next(table.rows[0]))
    assert not any(any(keeps_with_next(row)) for row in table.rows[1:])
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
