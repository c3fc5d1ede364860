"""The district summary of four plans and two failed files: the figures, their order and totals,
and the Word and Excel files read back."""
import datetime as dt
import math
import re
import zipfile

import docx
import openpyxl
import pandas as pd
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from pipeline.base.notes import ERROR, Note
from pipeline.evaluate.district import district_summary
from pipeline.evaluate.report import PlanReport, ReportPeriod
from pipeline.normalize.ingest import Ingested
from pipeline.run import PlanOutcome, RunResult
from pipeline.write.district import school_names, write_district_docx, write_district_xlsx
from schemas import Activities, FractionStats, Notes, QuarterStatus
from tests.readback import texts

AS_OF = dt.date(2025, 12, 20)
Q2 = ReportPeriod(scope="2", start=dt.date(2025, 10, 27), end=dt.date(2025, 12, 28),
                  teaching_start=dt.date(2025, 11, 3), teaching_end=dt.date(2025, 12, 28))
Q2_LAST_YEAR = ReportPeriod(scope="2", start=dt.date(2024, 10, 28), end=dt.date(2024, 12, 29),
                            teaching_start=dt.date(2024, 11, 4), teaching_end=dt.date(2024, 12, 29))
LAW, PRESS = "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "АҚПАРАТ"
ML2 = "Көкшетау қаласының №2 МЛ-нің"
# The school as the summary lists it: in the nominative.
ML2_NAME = "Көкшетау қаласының №2 МЛ"
GYMNASIUM = "№5 мектеп-гимназия"
ABAI = "Абай атындағы мектеп"


def fraction(number, name, quarter, ytd, statuses=(0, 0, 0, 0, 0, 0), links=0):
    """A fraction's two statistics rows: `quarter` and `ytd` are (activities, expected, due, held)."""
    def row(scope, counts):
        activities, expected, due, held = counts
        return {"fraction_no": number, "fraction": name, "scope": scope, "activities": activities,
                "expected": expected, "due": due, "held": held, "completion_rate": held / due if due else None,
                **dict(zip(("done", "partial", "not_held", "not_confirmed", "moved", "planned"), statuses)), "unscheduled": 0,
                "links": links, "grades": "", "partners": "", "forms": ""}
    return [row("quarter", quarter), row("year_to_date", ytd)]


def plan(source, school, fractions, period=Q2, year="2025-2026", lang="kk", earlier=()):
    rows = [{"source": source, **row} for rows in fractions for row in rows]
    stats = pd.DataFrame(rows, columns=list(FractionStats.to_schema().columns))
    stats["completion_rate"] = stats["completion_rate"].astype("float64")
    empty = {schema: pd.DataFrame(columns=list(schema.to_schema().columns))
             for schema in (Activities, QuarterStatus, Notes)}
    report = PlanReport(source=source, school=school, plan_title=f"{school} жоспары", academic_year=year,
                        approver="", agreer="", period=period, as_of=AS_OF, lang=lang,
                        activities=empty[Activities], status=empty[QuarterStatus],
                        fraction_stats=FractionStats.validate(stats), notes=empty[Notes],
                        earlier_quarters=earlier)
    return PlanOutcome(source, report=report)


def run_result(lang="kk") -> RunResult:
    """a: 7 of 12 due held; b and d: all held; c: the same school as a, nothing due yet;
    d evaluated for last year's quarter; two files without a report."""
    outcomes = [
        PlanOutcome("broken.docx", failure=Note(ERROR, "file_corrupt", "broken.docx", params={"detail": "zip"})),
        plan("a.docx", ML2, [
            fraction(1, LAW, (3, 4, 4, 3), (3, 7, 7, 5), (2, 1, 0, 0, 0, 0), links=3),
            fraction(2, PRESS, (4, 10, 8, 4), (4, 17, 15, 4), (1, 2, 0, 1, 0, 0), links=4)], lang=lang),
        plan("b.xlsx", GYMNASIUM, [fraction(1, LAW, (2, 2, 2, 2), (2, 4, 4, 4), (2, 0, 0, 0, 0, 0), links=2)],
             lang=lang),
        plan("c.docx", ML2, [
            fraction(1, LAW, (2, 3, 0, 0), (2, 3, 0, 0), (0, 0, 0, 0, 0, 2)),
            fraction(3, "", (1, 1, 0, 0), (1, 1, 0, 0), (0, 0, 0, 0, 0, 1))], lang=lang),
        plan("d.docx", ABAI, [
            fraction(1, LAW, (1, 1, 1, 1), (1, 1, 1, 1), (1, 0, 0, 0, 0, 0)),
            fraction(2, PRESS, (1, 2, 2, 2), (1, 2, 2, 2), (1, 0, 0, 0, 0, 0), links=1)],
             period=Q2_LAST_YEAR, year="2024-2025", lang=lang),
        PlanOutcome("old.docx", failure=Note(ERROR, "report_needs_year", "old.docx")),
    ]
    return RunResult(Ingested(pd.DataFrame(), pd.DataFrame(), []), outcomes)


@pytest.fixture(scope="module")
def summary():
    return district_summary(run_result().outcomes, "kk")


@pytest.fixture(scope="module")
def ru_summary():
    return district_summary(run_result("ru").outcomes, "ru")


# --- the figures --------------------------------------------------------------------------------------

def test_schools_are_sorted_by_completion_then_school_nothing_due_last(summary):
    assert summary.schools["source"].tolist() == ["d.docx", "b.xlsx", "a.docx", "c.docx"]
    assert summary.schools["school"].tolist() == [ABAI, GYMNASIUM, ML2_NAME, ML2_NAME]


def test_school_completion_is_held_over_due_summed_over_its_fractions(summary):
    a = summary.schools.set_index("source").loc["a.docx"]
    assert (a["activities"], a["expected"], a["due"], a["held"]) == (7, 14, 12, 7)
    assert a["completion_rate"] == pytest.approx(7 / 12)
    assert a["ytd_completion_rate"] == pytest.approx(9 / 22)
    assert (a["done"], a["partial"], a["not_held"], a["not_confirmed"], a["links"]) == (3, 3, 0, 1, 7)
    assert a["academic_year"] == "2025-2026"


def test_nothing_due_has_no_rate(summary):
    c = summary.schools.set_index("source").loc["c.docx"]
    assert (c["due"], c["planned"]) == (0, 3)
    assert pd.isna(c["completion_rate"]) and pd.isna(c["ytd_completion_rate"])


def test_district_totals(summary):
    assert summary.totals == {
        "plans": 4, "plans_failed": 2, "activities": 14, "expected": 23, "due": 17, "held": 12,
        "done": 7, "partial": 3, "not_held": 0, "not_confirmed": 1, "moved": 0, "planned": 3, "unscheduled": 0, "links": 10,
        "completion_rate": pytest.approx(12 / 17), "ytd_completion_rate": pytest.approx(16 / 29),
    }


def test_fractions_follow_the_schools_order_then_fraction_number(summary):
    fractions = summary.fractions
    assert list(zip(fractions["source"], fractions["fraction_no"])) == [
        ("d.docx", 1), ("d.docx", 2), ("b.xlsx", 1), ("a.docx", 1), ("a.docx", 2), ("c.docx", 1), ("c.docx", 3)]
    a_press = fractions[(fractions["source"] == "a.docx") & (fractions["fraction_no"] == 2)].iloc[0]
    assert (a_press["school"], a_press["fraction"], a_press["due"], a_press["held"]) == (ML2_NAME, PRESS, 8, 4)
    assert a_press["completion_rate"] == 0.5


def test_failures_say_why_in_the_language(summary, ru_summary):
    assert summary.failures["source"].tolist() == ["broken.docx", "old.docx"]
    assert summary.failures["message"].iloc[0].startswith("Файлды оқу мүмкін емес")
    assert "zip" not in summary.failures["message"].iloc[0]  # the English detail is for --debug only
    assert ru_summary.failures["message"].iloc[1].startswith("Отчёт не подготовлен: неизвестен учебный год")


def test_period_is_the_one_most_plans_were_evaluated_for(summary):
    assert summary.period == Q2
    assert summary.other_period == ("d.docx",)
    assert summary.as_of == AS_OF
    assert summary.lang == "kk"


def test_plans_naming_the_same_school_are_told_apart_by_file(summary):
    names = school_names(summary.schools, "kk")
    assert names["a.docx"] == f"{ML2_NAME} (a.docx)"
    assert names["c.docx"] == f"{ML2_NAME} (c.docx)"
    assert names["b.xlsx"] == GYMNASIUM


def test_only_failures_give_an_empty_summary_without_period(tmp_path):
    failed = RunResult(Ingested(pd.DataFrame(), pd.DataFrame(), []),
                       [PlanOutcome("old.docx", failure=Note(ERROR, "report_needs_year", "old.docx"))])
    summary = district_summary(failed.outcomes, "kk")
    assert summary.period is None
    assert summary.schools.empty and summary.fractions.empty
    assert summary.totals["plans"] == 0 and summary.totals["plans_failed"] == 1
    assert summary.totals["completion_rate"] is None
    book = openpyxl.load_workbook(write_district_xlsx(summary, tmp_path / "district.xlsx"))
    assert book["Есебі жоқ файлдар"]["A2"].value == "old.docx"
    document = docx.Document(write_district_docx(summary, tmp_path / "district.docx"))
    assert document.tables[-1].rows[1].cells[1].text == "old.docx"


# --- the Excel file -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def xlsx_path(summary, tmp_path_factory):
    return write_district_xlsx(summary, tmp_path_factory.mktemp("kk") / "district.xlsx")


@pytest.fixture(scope="module")
def book(xlsx_path):
    return openpyxl.load_workbook(xlsx_path)


def rows(sheet, first=1):
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=first)]


def test_workbook_sheets(book):
    assert book.sheetnames == ["Жиынтық", "Мектептер", "Мектеп × фракция", "Фракциялар", "Есебі жоқ файлдар"]


def test_summary_sheet_has_title_period_and_totals(book):
    sheet = book["Жиынтық"]
    assert [sheet.cell(r, 1).value for r in range(1, 5)] == [
        "«Мектеп парламенті» жоспарларының орындалуы туралы аудандық жиынтық есеп",
        "II тоқсан (03.11.2025 – 28.12.2025)", "2025-2026 оқу жылы", "20.12.2025 жағдай бойынша"]
    totals = {row[0]: row[1] for row in rows(sheet, 7)}
    assert totals["Жиынтыққа енген жоспарлар"] == 4
    assert totals["Есебі жасалмаған файлдар"] == 2
    assert totals["Мерзімі келгені"] == 17
    assert totals["Орындалу пайызы"] == pytest.approx(12 / 17)
    assert totals["Мәртебесі: жоспарда"] == 3
    rate_cell = next(row[1] for row in sheet.iter_rows(min_row=7) if row[0].value == "Орындалу пайызы")
    assert rate_cell.number_format == "0%"


def test_summary_sheet_has_a_native_bar_chart_of_the_rated_schools(xlsx_path):
    with zipfile.ZipFile(xlsx_path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        chart = archive.read(charts[0]).decode()
        summary_rels = archive.read("xl/worksheets/_rels/sheet1.xml.rels").decode()
    assert len(charts) == 2   # the schools, and the district's fractions
    assert "drawing1.xml" in summary_rels
    assert '<barDir val="bar"/>' in chart
    # three schools with something due, the rates in column F of the schools sheet
    assert "'Мектептер'!$F$2:$F$4" in chart


def test_schools_sheet_sorted_with_percentages_frozen_header_and_filter(book):
    sheet = book["Мектептер"]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == ["Мектеп", "Іс-шаралар", "Жоспарланғаны", "Мерзімі келгені", "Өткізілгені",
                          "Орындалу пайызы", "Жыл басынан: орындалу пайызы"]
    assert header[-2:] == ["Оқу жылы", "Файл"]
    body = rows(sheet, 2)
    assert [row[0] for row in body] == [ABAI, GYMNASIUM, f"{ML2_NAME} (a.docx)", f"{ML2_NAME} (c.docx)", "Барлығы"]
    assert body[2][1:7] == [7, 14, 12, 7, pytest.approx(7 / 12), pytest.approx(9 / 22)]
    assert body[3][5] is None
    assert body[4][3:6] == [17, 12, pytest.approx(12 / 17)]
    assert [row[-2:] for row in body[:4]] == [["2024-2025", "d.docx"], ["2025-2026", "b.xlsx"],
                                              ["2025-2026", "a.docx"], ["2025-2026", "c.docx"]]
    assert sheet["F2"].number_format == "0%" and sheet["G2"].number_format == "0%"
    # too wide for one readable page: the school names stay in sight on screen and on every page
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == "A1:Q5"
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.scale == 60 and sheet.print_title_cols == "$A:$A"
    assert sheet.page_setup.orientation == "landscape"


def test_matrix_sheet_gives_each_school_its_fractions_rates(book):
    sheet = book["Мектеп × фракция"]
    assert [cell.value for cell in sheet[1]] == ["Мектеп", "1-фракция", "2-фракция", "3-фракция", "Файл"]
    body = rows(sheet, 2)
    assert body[2] == [f"{ML2_NAME} (a.docx)", 0.75, 0.5, None, "a.docx"]
    assert body[4] == ["Барлығы", pytest.approx(6 / 7), pytest.approx(6 / 10), None, None]
    assert sheet["B2"].number_format == "0%"


def test_fractions_sheet_has_a_row_per_plan_and_fraction(book):
    body = rows(book["Фракциялар"], 2)
    assert len(body) == 7
    assert body[6] == [f"{ML2_NAME} (c.docx)", 3, "(атауы жоқ)", 1, 0, 0, None, "c.docx"]


def test_failures_sheet_lists_files_and_reasons(book):
    body = rows(book["Есебі жоқ файлдар"], 2)
    assert [row[0] for row in body] == ["broken.docx", "old.docx"]
    assert body[1][1].startswith("Оқу жылы белгісіз болғандықтан есеп жасалмады")


def test_russian_workbook(ru_summary, tmp_path):
    book = openpyxl.load_workbook(write_district_xlsx(ru_summary, tmp_path / "district.xlsx"))
    assert book.sheetnames == ["Сводка", "Школы", "Школа × фракция", "Фракции", "Файлы без отчёта"]
    assert book["Сводка"]["A1"].value == "Сводный отчёт района о выполнении планов «Мектеп парламенті»"
    assert book["Школа × фракция"]["B1"].value == "Фракция 1"
    assert book["Школы"].cell(6, 1).value == "Итого"


# --- the Word file ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_path(summary, tmp_path_factory):
    return write_district_docx(summary, tmp_path_factory.mktemp("kk") / "district.docx")


@pytest.fixture(scope="module")
def document(docx_path):
    return docx.Document(docx_path)



def table_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_word_title_period_and_as_of(document):
    assert texts(document)[:4] == [
        "«Мектеп парламенті» жоспарларының орындалуы туралы аудандық жиынтық есеп",
        "2025-2026 оқу жылы", "II тоқсан (03.11.2025 – 28.12.2025)", "20.12.2025 жағдай бойынша"]


def test_word_summary_gives_plans_failures_rate_and_other_period(document):
    summary = next(text for text in texts(document) if text.startswith("Жиынтыққа"))
    assert summary.startswith("Жиынтыққа 4 жоспар енді; 2 файл бойынша есеп жасалмады.")
    assert "Мерзімі келген өткізулер саны — 17, оның ішінде өткізілгені — 12; орындалу пайызы — 71%." in summary
    assert "Оқу жылының басынан бергі орындалу пайызы — 55%." in summary
    assert summary.endswith(f"Басқа кезең бойынша бағаланған жоспарлар: {ABAI} (d.docx).")


def test_word_schools_table_sorted_with_totals(document):
    table = table_rows(document.tables[0])
    assert table[0][:2] == ["№", "Мектеп"]
    assert [row[1] for row in table[1:]] == [ABAI, GYMNASIUM, f"{ML2_NAME} (a.docx)", f"{ML2_NAME} (c.docx)", "Барлығы"]
    assert table[3][2:] == ["7", "14", "12", "7", "58%", "41%", "7"]
    assert table[4][6:8] == ["—", "—"]
    assert table[5][2:] == ["14", "23", "17", "12", "71%", "55%", "10"]


def test_word_fraction_table_school_by_fraction_number(document):
    table = table_rows(document.tables[1])
    assert table[1][2:] == ["1", "2", "3"]
    assert table[4] == ["3", f"{ML2_NAME} (a.docx)", "75%", "50%", "—"]
    assert table[6] == ["", "Барлығы", "86%", "60%", "—"]
    legend = next(text for text in texts(document) if text.startswith("Фракциялардың"))
    assert legend == f"Фракциялардың жоспарлардағы жиі кездесетін атаулары: 1 — {LAW}; 2 — {PRESS}."


def test_word_lists_failed_files_and_why(document):
    table = table_rows(document.tables[2])
    assert [row[1] for row in table[1:]] == ["broken.docx", "old.docx"]
    assert table[2][2].startswith("Оқу жылы белгісіз болғандықтан есеп жасалмады")


def test_word_chart_bars_schools_by_completion(docx_path):
    with zipfile.ZipFile(docx_path) as archive:
        chart = archive.read("word/charts/chart1.xml").decode()
    categories = chart.split("<c:cat>")[1].split("</c:cat>")[0]
    assert categories.index(ABAI) < categories.index(GYMNASIUM) < categories.index(f"{ML2_NAME} (a.docx)")
    assert "(c.docx)" not in categories
    assert "<c:v>58</c:v>" in chart   # 7 of 12: whole percent, as the schools table writes it


def many_schools(count: int):
    outcomes = [plan(f"p{i:03}.docx", f"№{i} мектеп", [fraction(1, LAW, (1, 2, 2, i % 3), (1, 2, 2, i % 3))])
                for i in range(count)]
    return district_summary(outcomes, "kk")


def chart_parts(path) -> tuple[list[str], str]:
    with zipfile.ZipFile(path) as archive:
        charts = sorted(name for name in archive.namelist() if re.fullmatch(r"(word|xl)/charts/chart\d+\.xml", name))
        return [archive.read(name).decode() for name in charts], archive.read("word/document.xml").decode() \
            if "word/document.xml" in archive.namelist() else ""


def test_up_to_thirty_schools_make_charts_of_twenty_and_a_fraction_chart(tmp_path):
    charts, body = chart_parts(write_district_docx(many_schools(25), tmp_path / "district.docx"))
    assert len(charts) == 3 and body.count('<wp:docPr id="') == 3 and '<wp:docPr id="3"' in body
    assert [chart.count("<c:pt idx=") // 2 for chart in charts[:2]] == [13, 12]   # categories and values
    assert "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП" in charts[2]


def test_three_hundred_schools_are_charted_by_completion_band(tmp_path):
    summary = many_schools(300)   # rates 0%, 50%, 100% in turn
    charts, _ = chart_parts(write_district_docx(summary, tmp_path / "district.docx"))
    assert len(charts) == 2
    bands = charts[0].split("<c:cat>")[1].split("</c:cat>")[0]
    assert [label in bands for label in ("0–19% (100 мектеп)", "40–59% (100 мектеп)", "80–100% (100 мектеп)",
                                         "20–39% (0 мектеп)")] == [True] * 4
    assert "<c:v>33</c:v>" in charts[0]   # a third of the schools in each of three bands
    book = openpyxl.load_workbook(write_district_xlsx(summary, tmp_path / "district.xlsx"))
    sheet = book["Жиынтық"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(max_col=3)]
    assert ["80–100% (100 мектеп)", pytest.approx(1 / 3), 100] in cells
    assert ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", pytest.approx(300 / 600), None] in cells
    xlsx_charts, _ = chart_parts(tmp_path / "district.xlsx")
    assert len(xlsx_charts) == 2


def test_word_is_a4_times_new_roman(document):
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_russian_word_report(ru_summary, tmp_path):
    document = docx.Document(write_district_docx(ru_summary, tmp_path / "district.docx"))
    assert texts(document)[:4] == [
        "Сводный отчёт района о выполнении планов «Мектеп парламенті»", "2025-2026 учебный год",
        "II четверть (03.11.2025 – 28.12.2025)", "по состоянию на 20.12.2025"]
    assert table_rows(document.tables[0])[0][1] == "Школа"
    assert table_rows(document.tables[0])[-1][1] == "Итого"
    assert "3. Файлы, по которым отчёт не подготовлен" in texts(document)


def test_existing_files_are_replaced_whole(summary, tmp_path):
    for write, name in ((write_district_docx, "district.docx"), (write_district_xlsx, "district.xlsx")):
        target = tmp_path / name
        target.write_bytes(b"old")
        write(summary, target)
        assert zipfile.is_zipfile(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["district.docx", "district.xlsx"]


def test_district_command_with_a_bad_file_mixed_in(tmp_path):
    import openpyxl
    from click.testing import CliRunner

    from pipeline.cli import build_cli
    from tests.test_run import filled_plan

    for i in range(3):
        filled_plan(tmp_path / "input", name=f"school-{i}.docx")
    (tmp_path / "input" / "broken.docx").write_bytes(b"not a zip")
    result = CliRunner().invoke(build_cli("kk"), ["district", "--input", str(tmp_path / "input"), "--output",
                                                  str(tmp_path / "out"), "--quarter", "1", "--as-of", "2025-10-27"])
    assert result.exit_code == 1
    assert "Аудан: 3 жоспар, есебі жасалмағаны 1" in result.output
    assert "broken.docx: ОҚЫЛМАДЫ." in result.output
    workbook = openpyxl.load_workbook(tmp_path / "out" / "district-2025-2026-Q1" / "district-2025-2026-Q1.xlsx")
    failures = [c.value for row in workbook.worksheets[-1].iter_rows() for c in row if c.value]
    assert "broken.docx" in failures


def test_each_school_shows_its_earlier_quarters_beside_the_period(tmp_path):
    """Quarter II: a improved from 1 of 4 in quarter I to 3 of 4; b had nothing due in quarter I."""
    outcomes = [plan("a.docx", ML2, [fraction(1, LAW, (2, 4, 4, 3), (4, 8, 8, 4))], earlier=(("1", 1, 4),)),
                plan("b.docx", GYMNASIUM, [fraction(1, LAW, (1, 2, 2, 1), (1, 2, 2, 1))], earlier=(("1", 0, 0),))]
    summary = district_summary(outcomes, "kk")
    assert summary.quarters == ("1",)
    document = docx.Document(write_district_docx(summary, tmp_path / "district.docx"))
    table = table_rows(document.tables[0])
    assert table[0][6:8] == ["I тоқсан", "Орындалу пайызы"]
    assert [row[1:2] + row[6:8] for row in table[1:]] == [
        [ML2_NAME, "25%", "75%"], [GYMNASIUM, "—", "50%"], ["Барлығы", "25%", "67%"]]
    book = openpyxl.load_workbook(write_district_xlsx(summary, tmp_path / "district.xlsx"))
    sheet = book["Мектептер"]
    header = [cell.value for cell in sheet[1]]
    assert header[5:8] == ["Орындалу пайызы", "Жыл басынан: орындалу пайызы", "I тоқсан"]
    assert [[c.value for c in row][7] for row in sheet.iter_rows(min_row=2, max_row=4)] == [0.25, None, 0.25]
    assert sheet.cell(2, 8).number_format == "0%"
    totals = {row[0]: row[1] for row in book["Жиынтық"].iter_rows(values_only=True) if row[0]}
    assert totals["I тоқсан: орындалу пайызы"] == pytest.approx(0.25)
    charts, _ = chart_parts(tmp_path / "district.docx")
    series = charts[0].split("<c:ser>")[1:]
    assert ["<c:v>II тоқсан</c:v>" in series[0], "<c:v>I тоқсан</c:v>" in series[1]] == [True, True]
    assert "<c:v>75</c:v>" in series[0] and "<c:v>25</c:v>" in series[1]


def test_russian_vertical_headers_are_high_enough_for_their_words(tmp_path):
    document = docx.Document(write_district_docx(district_summary(run_result("ru").outcomes, "ru"), tmp_path / "d.docx"))
    header = document.tables[0].rows[0]
    heights = header._tr.find(qn("w:trPr")).find(qn("w:trHeight"))
    # "С начала года: процент выполнения" in two lines of a 13 mm column needs more than 30 mm
    assert int(heights.get(qn("w:val"))) > Mm(30).twips


def test_each_summary_chart_starts_a_printed_page_and_fits_on_it(xlsx_path, book):
    with zipfile.ZipFile(xlsx_path) as archive:
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    starts = [int(row) for row in re.findall(r"<from><col>\d+</col><colOff>\d+</colOff><row>(\d+)</row>", drawing)]
    heights_cm = [int(cy) / 360000 for cy in re.findall(r'<ext cx="\d+" cy="(\d+)"/>', drawing)]
    breaks = sorted(b.id for b in book["Жиынтық"].row_breaks.brk)
    assert len(starts) == len(heights_cm) == 2
    for start, height in zip(starts, heights_cm):
        # a chart anchored at 0-based row `start` sits in row start + 1: a page ends just above it
        assert start in breaks
        assert height <= 17
        covered = math.ceil(height / 0.53)
        assert not [b for b in breaks if start < b < start + covered]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_summary_that_cannot_be_written_is_the_runs_failure_and_names_what_stands_in_the_way(tmp_path, jobs):
    """The plans' reports are written (in one process or on workers) and the refusal to write
    the summary is the note naming the file that stands where the summary's folder should be."""
    from pipeline.district import district
    from tests.test_run import filled_plan

    for i in range(2):
        filled_plan(tmp_path / "input", name=f"school-{i}.docx")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "district-2025-2026-Q1").write_text("a file where the folder goes")
    result = district(tmp_path / "input", tmp_path / "out", scope="1", as_of=dt.date(2025, 10, 27), jobs=jobs)
    assert not result.ok and result.written == []
    assert all(o.report is not None for o in result.run.outcomes)
    assert (result.failure.code, result.failure.params["folder"]) == (
        "write_not_a_folder", str(tmp_path / "out" / "district-2025-2026-Q1"))
