"""Every value reads the same in the Word report, the Excel report, the CSV files and the terminal:
one rounding of a rate, activity forms in the report's language, one link target."""
import dataclasses
import math

import docx
import openpyxl
import pandas as pd
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from pipeline.base import labels
from pipeline.console import run_lines
from pipeline.normalize.ingest import Ingested
from pipeline.run import PlanOutcome, RunResult, write_plan_report
from pipeline.write.plan_excel import write_xlsx
from pipeline.write.plan_word import write_docx
from pipeline.write.words import (
    PERCENT_NUMBER_FORMAT,
    activity_number,
    fraction_label,
    fraction_name,
    link_target,
    percent,
)
from tests import report_fixtures as fx
from tests.readback import rows

RU_FORMS = {1: "встреча: 1; рейд: 1; дебаты: 1", 2: "ток-шоу: 1; рейд: 1", 3: "акция: 1"}
KAZAKH_ONLY_FORMS = ("кездесу", "дебат:", "басқа")



def column_values(sheet, header: str) -> list:
    """The values under `header` in a sheet whose first row is its header."""
    col = next(c.column for c in sheet[1] if c.value == header)
    return [sheet.cell(r, col).value for r in range(2, sheet.max_row + 1)]


@pytest.mark.parametrize("rate, text", [
    (0.125, "13%"),           # half up, where Python's own "{:.0%}" gives "12%"
    (2 / 9, "22%"),
    (0.145, "15%"),           # 14.499999999999998 after "* 100", still 15% as Excel shows it
    (0.375, "38%"),
    (5 / 7, "71%"),
    (0.0, "0%"),
    (1.0, "100%"),
    (None, "—"),
    (math.nan, "—"),
])
def test_a_rate_is_written_in_whole_percent_rounded_half_up(rate, text):
    assert percent(rate) == text


def rated_report(lang: str = "kk"):
    """The sample report with the quarter's rates 1/8 (fraction 1) and 2/9 (fraction 2)."""
    report = fx.sample_report(lang)
    stats = report.fraction_stats.copy()
    quarter = stats["scope"] == "quarter"
    for number, due, held in ((1, 8, 1), (2, 9, 2)):
        row = quarter & (stats["fraction_no"] == number)
        stats.loc[row, ["due", "held", "completion_rate"]] = [due, held, held / due]
    return dataclasses.replace(report, fraction_stats=stats)


def test_one_rate_reads_the_same_in_word_excel_and_the_terminal(tmp_path):
    report = rated_report()
    completion = rows(docx.Document(write_docx(report, tmp_path / "r.docx")).tables[0])
    assert [completion[2][6], completion[3][6]] == ["13%", "22%"]
    assert completion[-1][6] == "17%"   # (1 + 2 + 0) / (8 + 9 + 1)

    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))["Жиынтық"]
    header_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "Фракция")
    cells = [sheet.cell(header_row + offset, 6) for offset in (1, 2, 4)]
    assert [c.value for c in cells] == [pytest.approx(0.125), pytest.approx(2 / 9), pytest.approx(3 / 18)]
    # a whole-percent number format: Excel shows 13%, 22%, 17% — the texts of the Word report
    assert {c.number_format for c in cells} == {PERCENT_NUMBER_FORMAT} == {"0%"}
    assert [percent(c.value) for c in cells[:2]] == ["13%", "22%"]

    lines = run_lines(RunResult(Ingested(pd.DataFrame(), pd.DataFrame(), []),
                                        [PlanOutcome(report.source, report=report)]), "kk")
    assert any(line.startswith("  1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП: 13% ") for line in lines), lines
    assert any(line.startswith("  2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ): 22% ") for line in lines), lines


def test_a_russian_report_names_the_forms_in_russian_in_word_excel_and_csv(tmp_path):
    report = fx.sample_report("ru")
    written = write_plan_report(report, report.status, tmp_path)
    by_suffix = {path.suffix: path for path in written if path.name != "notes.csv"}

    reach = rows(docx.Document(by_suffix[".docx"]).tables[2])
    assert reach[0][4] == labels.text("column.forms", "ru")
    assert [row[4] for row in reach[1:]] == [RU_FORMS[n].replace("; ", "\n") for n in (1, 2, 3)]

    sheet = openpyxl.load_workbook(by_suffix[".xlsx"])[labels.text("xlsx.sheet_fractions", "ru")]
    assert column_values(sheet, labels.text("column.forms", "ru")) == [RU_FORMS[n] for n in (1, 2, 3)] * 2

    stats = pd.read_csv(tmp_path / "fraction_stats.csv")
    assert list(stats["forms"]) == [RU_FORMS[n] for n in (1, 2, 3)] * 2
    assert not any(word in text for text in stats["forms"] for word in KAZAKH_ONLY_FORMS)


def test_a_kazakh_report_keeps_the_kazakh_forms_in_the_csv(tmp_path):
    report = fx.sample_report("kk")
    write_plan_report(report, report.status, tmp_path)
    assert list(pd.read_csv(tmp_path / "fraction_stats.csv")["forms"]) == list(report.fraction_stats["forms"])


MAIL = "mailto:parlament@ml2.kz"
CYRILLIC = "https://ml2.kz/жаңалықтар/сайлау"
CYRILLIC_TARGET = ("https://ml2.kz/%D0%B6%D0%B0%D2%A3%D0%B0%D0%BB%D1%8B%D2%9B%D1%82%D0%B0%D1%80/"
                   "%D1%81%D0%B0%D0%B9%D0%BB%D0%B0%D1%83")


def test_word_and_excel_open_the_same_link_targets(tmp_path):
    report = fx.sample_report("kk")
    status = report.status.copy()
    status.loc[status["activity_id"] == "F1-01", "evidence_links"] = f"{MAIL}; {CYRILLIC}"
    report = dataclasses.replace(report, status=status)
    assert link_target(MAIL) == MAIL and link_target(CYRILLIC) == CYRILLIC_TARGET

    document = docx.Document(write_docx(report, tmp_path / "r.docx"))
    word_targets = {rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK}
    raid = document.tables[3].rows[1].cells[5]
    assert [(h.address, h.text) for p in raid.paragraphs for h in p.hyperlinks] == [
        (MAIL, MAIL), (CYRILLIC_TARGET, "ml2.kz/жаңалықтар/сайлау")]

    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))
    sheet = book[labels.text("xlsx.sheet_links", "kk")]
    excel_targets = {row[2].hyperlink.target for row in sheet.iter_rows(min_row=2) if row[2].hyperlink}
    assert {MAIL, CYRILLIC_TARGET} <= excel_targets
    assert excel_targets == word_targets
    assert not any(target.startswith("https://mailto") for target in word_targets | excel_targets)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "file:///etc/passwd"])
def test_a_link_no_report_opens_is_text_in_word_and_excel(tmp_path, link):
    report = fx.sample_report("kk")
    status = report.status.copy()
    status.loc[status["activity_id"] == "F1-01", "evidence_links"] = link
    report = dataclasses.replace(report, status=status)
    document = docx.Document(write_docx(report, tmp_path / "r.docx"))
    raid = document.tables[3].rows[1].cells[5]
    assert raid.text == link and not any(p.hyperlinks for p in raid.paragraphs)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "r.xlsx"))[labels.text("xlsx.sheet_links", "kk")]
    cell = next(row[2] for row in sheet.iter_rows(min_row=2) if row[2].value == link)
    assert cell.hyperlink is None


def test_a_fraction_label_names_its_number_once():
    assert fraction_label(6, "6. ДЕБАТ ҚОЗҒАЛЫСЫ", "kk") == "6. ДЕБАТ ҚОЗҒАЛЫСЫ"
    assert fraction_label(100, "100. ФРАКЦИЯ", "ru") == "100. ФРАКЦИЯ"
    assert fraction_name("6) ДЕБАТ", "kk") == "ДЕБАТ"
    assert fraction_label(7, "", "ru") == "7. (без названия)"
    assert [activity_number(code) for code in ("F1-04", "F12-10")] == ["4", "10"]
