"""The Excel report read back with openpyxl: sheets, period, statistics, chart, statuses, links,
the plan sheet the flat reader reads back, notes, layout, Russian, and atomic writing."""
import dataclasses
import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from pipeline.evaluate.report import ReportPeriod
from pipeline.normalize.activities import normalize_plan
from pipeline.read.excel import read_xlsx
from pipeline.read.headers import header_columns
from pipeline.write import excel_kit as module
from pipeline.write.plan_excel import write_xlsx
from pipeline.write.words import audience as audience_text
from pipeline.write.words import link_target, links_of
from schemas import Activities
from tests.report_fixtures import (
    LINK_CORNER_1,
    LINK_CORNER_2,
    LINK_MEETING,
    LINK_NEWS_1,
    LINK_NEWS_2,
    LINK_RAID,
    PLAN_TITLE,
    SCHOOL,
    sample_report,
)

KK_SHEETS = ["Жиынтық", "Фракциялар", "Іс-шаралар", "Сілтемелер", "Жоспар", "Ескертулер"]
RU_SHEETS = ["Сводка", "Фракции", "Мероприятия", "Ссылки", "План", "Замечания"]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    target = tmp_path_factory.mktemp("kk") / "report.xlsx"
    write_xlsx(sample_report("kk"), target)
    return openpyxl.load_workbook(target)


@pytest.fixture(scope="module")
def ru_book(tmp_path_factory):
    target = tmp_path_factory.mktemp("ru") / "report.xlsx"
    write_xlsx(sample_report("ru"), target)
    return openpyxl.load_workbook(target)


def column_a(sheet) -> list:
    return [cell.value for cell in sheet["A"]]


def row_of(sheet, first_cell: str, after: int = 0) -> int:
    """The first row below `after` whose first cell says `first_cell`."""
    return next(r for r in range(after + 1, sheet.max_row + 1) if sheet.cell(r, 1).value == first_cell)


def header_of(sheet, row: int) -> list:
    return [cell.value for cell in sheet[row]]


def records(sheet, header_row: int = 1) -> list[dict]:
    """The rows under a header row as dicts of header → cell."""
    header = header_of(sheet, header_row)
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=header_row + 1)]


def values(sheet, header_row: int = 1) -> list[dict]:
    """The rows under a header row as dicts of header → value."""
    return [{key: cell.value for key, cell in row.items()} for row in records(sheet, header_row)]


# --- summary ---

def test_sheets_are_named_in_the_report_language(book, ru_book):
    assert book.sheetnames == KK_SHEETS
    assert ru_book.sheetnames == RU_SHEETS


def test_summary_names_school_plan_year_period_and_as_of_date(book):
    lines = column_a(book["Жиынтық"])[:7]
    assert lines == [
        "Мектеп парламенті іс-шара жоспарының орындалуы туралы есеп",
        "Көкшетау қаласының №2 МЛ",
        PLAN_TITLE,
        "2025-2026 оқу жылы",
        "II тоқсан (03.11.2025 – 28.12.2025)",
        "20.12.2025 жағдай бойынша",
        "Жоспар файлы: mektep-parlamenti-2025-2026.docx",
    ]


def test_summary_statistics_of_the_quarter_with_totals(book):
    sheet = book["Жиынтық"]
    header_row = row_of(sheet, "Фракция")
    assert sheet.cell(header_row - 1, 1).value == "II тоқсан"
    assert header_of(sheet, header_row) == [
        "Фракция", "Іс-шаралар", "Жоспарланғаны", "Мерзімі келгені", "Өткізілгені", "Орындалу пайызы",
        "Мәртебесі: орындалды", "Мәртебесі: ішінара орындалды", "Мәртебесі: өткізілмеді",
        "Мәртебесі: расталмаған", "Мәртебесі: ауыстырылды", "Мәртебесі: жоспарда",
        "Мәртебесі: мерзімі анықталмаған", "Сілтемелер"]
    values = [[c.value for c in sheet[r]] for r in range(header_row + 1, header_row + 5)]
    assert values == [
        ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 3, 4, 4, 2, 0.5, 1, 1, 1, 0, 0, 0, 0, 2],
        ["2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", 4, 10, 8, 4, 0.375, 1, 1, 0, 0, 1, 1, 0, 4],
        ["3. (атауы жоқ)", 1, 1, 1, 0, 0.0, 0, 0, 0, 1, 0, 0, 0, 0],
        # held capped per activity (2 + 3 + 0) over due (4 + 8 + 1)
        ["Барлығы", 8, 15, 13, 6, pytest.approx(5 / 13), 2, 2, 1, 1, 1, 1, 0, 6],
    ]
    assert sheet.cell(header_row + 1, 6).number_format == "0%"
    assert sheet.cell(header_row + 4, 1).font.b


def test_summary_statistics_of_the_year_to_date(book):
    sheet = book["Жиынтық"]
    caption_row = row_of(sheet, "Жыл басынан бері")
    rows = [[c.value for c in sheet[r]][:6] for r in range(caption_row + 2, caption_row + 6)]
    assert rows == [
        ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 3, 7, 7, 5, pytest.approx(5 / 7)],
        ["2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", 4, 17, 15, 4, pytest.approx(0.2)],
        ["3. (атауы жоқ)", 1, 1, 1, 0, 0.0],
        ["Барлығы", 8, 25, 23, 9, pytest.approx(8 / 23)],
    ]
    assert sheet.cell(caption_row + 2, 6).number_format == "0%"


def test_bar_chart_of_the_quarter_completion_by_fraction(book):
    sheet = book["Жиынтық"]
    header_row = row_of(sheet, "Фракция")
    chart, = sheet._charts
    assert chart.tagname == "barChart"
    title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r)
    assert title == "Фракциялар бойынша орындалу пайызы: II тоқсан"
    series, = chart.series
    first, last = header_row + 1, header_row + 3
    assert series.val.numRef.f == f"'Жиынтық'!$F${first}:$F${last}"
    assert series.cat.strRef.f == f"'Жиынтық'!$A${first}:$A${last}"
    # below the quarter's totals; the year to date's table starts the next page, below the chart
    chart_row = chart.anchor._from.row + 1
    year_row = row_of(sheet, "Жыл басынан бері")
    assert row_of(sheet, "Барлығы") < chart_row < year_row
    chart_cm = chart.anchor.ext.height / 360000  # EMU
    assert chart_row + chart_cm / 0.53 < year_row
    assert [b.id for b in sheet.row_breaks.brk] == [year_row - 1]


def test_fractions_sheet_holds_both_scopes_with_grades_partners_and_forms(book):
    rows = values(book["Фракциялар"])
    assert [(r["Кезең"], r["Фракция"], r["Орындалу пайызы"]) for r in rows] == [
        ("II тоқсан", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 0.5),
        ("II тоқсан", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", 0.375),
        ("II тоқсан", "3. (атауы жоқ)", 0.0),
        ("Жыл басынан бері", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", pytest.approx(5 / 7)),
        ("Жыл басынан бері", "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", pytest.approx(0.2)),
        ("Жыл басынан бері", "3. (атауы жоқ)", 0.0),
    ]
    eco = rows[2]
    assert (eco["Сыныптар"], eco["Серіктестер"], eco["Өткізу түрлері"]) == (
        "1-4, 7, 9 сынып", "Сынып жетекшілер", "акция: 1")


# --- activities and links ---

def test_activities_of_the_quarter_with_status_labels_and_colours(book):
    rows = {r["Коды"].value: r for r in records(book["Іс-шаралар"])}
    assert list(rows) == ["F1-01", "F1-02", "F1-03", "F2-01", "F2-02", "F2-03", "F2-04", "F3-01"]
    statuses = {key: (r["Мәртебесі"].value, r["Мәртебесі"].fill.fgColor.rgb[-6:]) for key, r in rows.items()}
    assert statuses == {
        "F1-01": ("ішінара орындалды", "FFEB9C"),
        "F1-02": ("орындалды", "C6EFCE"),
        "F1-03": ("өткізілмеді", "FFC7CE"),
        "F2-01": ("ішінара орындалды", "FFEB9C"),
        "F2-02": ("орындалды", "C6EFCE"),
        "F2-03": ("ауыстырылды", "BDD7EE"),
        "F2-04": ("жоспарда", "FFEB9C"),
        "F3-01": ("расталмаған", "FFC7CE"),
    }
    weekly = rows["F2-01"]
    assert [weekly[h].value for h in ("Фракция", "Жиілігі", "Жоспарланғаны", "Мерзімі келгені", "Өткізілгені",
                                      "Жыл басынан: жоспар", "Жыл басынан: мерзімі келгені",
                                      "Жыл басынан: өткізілгені", "Жыл басынан: мәртебесі")] == [
        "2. АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", "аптасына 1 рет", 8, 7, 2, 15, 14, 2, "ішінара орындалды"]
    assert rows["F2-03"]["Жыл басынан: мәртебесі"].fill.fgColor.rgb[-6:] == "BDD7EE"


def test_activities_with_nothing_in_the_period_count_only_in_the_year_to_date(tmp_path):
    report = sample_report()
    earlier = report.status.iloc[[0]].assign(activity_id="F1-03", in_period=False, expected=0, due=0, held=0,
                                              status="planned", evidence_links="", ytd_evidence_links=LINK_RAID)
    status = pd.concat([report.status[report.status["activity_id"] != "F1-03"], earlier], ignore_index=True)
    workbook = openpyxl.load_workbook(write_xlsx(dataclasses.replace(report, status=status), tmp_path / "r.xlsx"))
    assert "F1-03" not in [r["Коды"] for r in values(workbook["Іс-шаралар"])]
    assert [r["Коды"] for r in values(workbook["Сілтемелер"])].count("F1-01") == 1


def test_activity_dates_are_real_date_cells(book):
    rows = {r["Коды"].value: r for r in records(book["Іс-шаралар"])}
    corner = rows["F2-02"]
    assert (corner["Басталуы"].value, corner["Аяқталуы"].value) == (dt.datetime(2025, 11, 4), dt.datetime(2025, 11, 8))
    assert corner["Басталуы"].is_date and corner["Басталуы"].number_format == "DD.MM.YYYY"
    assert rows["F2-03"]["Ауыстырылған күні"].value == dt.datetime(2026, 1, 15)
    assert rows["F1-01"]["Басталуы"].value is None


def test_evidence_cell_lists_every_link_and_opens_the_first(book):
    rows = {r["Коды"].value: r["Дәлел / сілтеме"] for r in records(book["Іс-шаралар"])}
    assert rows["F2-02"].value == f"{LINK_CORNER_1}\n{LINK_CORNER_2}"
    assert rows["F2-02"].hyperlink.target == LINK_CORNER_1
    assert rows["F1-02"].hyperlink.target == LINK_MEETING
    assert rows["F1-02"].value == f"Өткізілді 12.11.2025\n{LINK_MEETING}"
    assert rows["F1-03"].value == "Өткізілмеді: ауа райына байланысты" and rows["F1-03"].hyperlink is None


def test_links_sheet_has_one_clickable_row_per_link(book):
    rows = records(book["Сілтемелер"])
    assert [(r["Коды"].value, r["Сілтеме"].value, r["Сілтеме"].hyperlink.target) for r in rows] == [
        ("F1-01", LINK_RAID, LINK_RAID),
        ("F1-02", LINK_MEETING, LINK_MEETING),
        ("F2-01", LINK_NEWS_1, LINK_NEWS_1),
        ("F2-01", LINK_NEWS_2, "https://t.me/ml2_parlament/15"),
        ("F2-02", LINK_CORNER_1, LINK_CORNER_1),
        ("F2-02", LINK_CORNER_2, LINK_CORNER_2),
    ]
    assert rows[0]["Іс-шара атауы"].value == "Мектепішілік /мектеп формасы, оқулық/ рейд"


# --- the plan sheet ---

def test_plan_sheet_starts_with_stamp_block_school_title_and_year(book):
    lines = column_a(book["Жоспар"])[:11]
    assert lines == [
        "«БЕКІТЕМІН»", f"{SCHOOL} директоры Байболова Р.Б",
        "«КЕЛІСЕМІН»", "Директордың тәрбие ісі жөніндегі орынбасары Елубай М.Е.",
        "«___» ____________ 2025 ж.", None,
        SCHOOL, PLAN_TITLE[len(SCHOOL) + 1:], "2025-2026 оқу жылы", None, "Коды",
    ]


def test_plan_sheet_header_is_the_flat_layout_the_reader_recognises(book, ru_book):
    for sheet in (book["Жоспар"], ru_book["План"]):
        columns = header_columns(header_of(sheet, 11))
        assert columns == ["activity_id", "fraction_no", "fraction", "section_month", "number", "project", "title",
                           "date_text", "start_date", "end_date", "frequency", "audience", "responsible",
                           "partners", "evidence_text"]


def test_plan_sheet_has_one_row_per_activity_as_normalized(book):
    rows = {r["Коды"]: r for r in values(book["Жоспар"], 11)}
    assert list(rows) == ["F1-01", "F1-02", "F1-03", "F2-01", "F2-02", "F2-03", "F2-04", "F3-01", "F3-02"]
    eco = rows["F3-01"]
    assert eco == {
        "Коды": "F3-01", "Фракция №": 3, "Фракция": None, "Ай": "қараша", "№": 1,
        "Жоба": "«ЭКО START» ЖОБАСЫ", "Іс-шара атауы": "«Таза мектеп - таза сынып» акциясы",
        "Өткізу мерзімі": "18-22.11.2025", "Басталуы": dt.datetime(2025, 11, 18),
        "Аяқталуы": dt.datetime(2025, 11, 22), "Жиілігі": "бір рет",
        "Мақсатты аудитория: қатысушылар": "1-4, 7, 9 сынып", "Жауаптылар": "Фракция мүшелері",
        "Серіктестер": "Сынып жетекшілер", "Орындалуы туралы мәлімет": "Әлеуметтік желіге жариялау /Сілтеме/",
    }
    assert rows["F3-02"]["Мақсатты аудитория: қатысушылар"] is None
    assert rows["F2-04"]["№"] == 4
    assert rows["F1-01"]["Орындалуы туралы мәлімет"].split("\n") == [
        "Анықтама 26.09.2025", "Анықтама 17.10.2025", "Анықтама 14.11.2025", LINK_RAID]
    assert rows["F1-01"]["Серіктестер"] == "Педагог-ұйымдастырушы; Тәлімгер"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_plan_workbook_reads_back_into_the_same_activities(tmp_path, lang):
    report = sample_report(lang)
    target = write_xlsx(report, tmp_path / "plan.xlsx")  # the reader takes its plan sheet only
    plan = normalize_plan(read_xlsx(target.name, target.read_bytes()))
    back = Activities.validate(pd.DataFrame(plan.activities, columns=list(Activities.to_schema().columns)))
    compared = [c for c in Activities.to_schema().columns if c not in ("source", "table_no", "row_no")]
    pd.testing.assert_frame_equal(back[compared], report.activities[compared])
    assert (plan.front.school, plan.front.plan_title, plan.front.academic_year) == (SCHOOL, PLAN_TITLE, 2025)
    assert (plan.front.approver, plan.front.agreer) == (report.approver, report.agreer)


# --- notes, layout, language ---

def test_notes_sheet_translates_headers_and_severity(book):
    rows = records(book["Ескертулер"])
    assert header_of(book["Ескертулер"], 1) == ["Деңгейі", "Хабар", "Кесте", "Жол", "Баған", "Мәні", "Коды", "Файл"]
    assert [(r["Деңгейі"].value, r["Коды"].value, r["Кесте"].value, r["Жол"].value) for r in rows] == [
        ("ескерту", "date_year_replaced", 1, 3), ("қате", "academic_year_missing", None, None)]
    assert rows[1]["Деңгейі"].fill.fgColor.rgb[-6:] == "FFC7CE"


def fit_scale(sheet) -> int:
    """The scale at which `sheet`'s columns, as read back, fit one landscape page width."""
    return module.fit_scale({col: sheet.column_dimensions[get_column_letter(col)].width or 0
                             for col in range(1, sheet.max_column + 1)})


def test_every_sheet_freezes_its_header_filters_and_prints_landscape_a4(book):
    summary_header = row_of(book["Жиынтық"], "Фракция")
    header_rows = {"Жиынтық": summary_header, "Фракциялар": 1, "Іс-шаралар": 1, "Сілтемелер": 1, "Жоспар": 11,
                   "Ескертулер": 1}
    too_wide_to_fit = {"Фракциялар", "Іс-шаралар", "Жоспар"}
    for name, header_row in header_rows.items():
        sheet = book[name]
        name_columns = 2 if name == "Фракциялар" else 1   # the period and the fraction
        frozen = get_column_letter(name_columns + 1) if name in too_wide_to_fit else "A"
        assert sheet.freeze_panes == f"{frozen}{header_row + 1}", name
        assert sheet.auto_filter.ref.startswith(f"A{header_row}:"), name
        assert sheet.print_title_rows == (None if name == "Жиынтық" else f"${header_row}:${header_row}"), name
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9, name
        if name in too_wide_to_fit:
            # fitted to one page width it would print at under 60%: readable pages, the names on each
            assert not sheet.sheet_properties.pageSetUpPr.fitToPage, name
            assert sheet.page_setup.scale == module.MIN_PRINT_SCALE == 60, name
            assert sheet.print_title_cols == f"$A:${get_column_letter(name_columns)}", name
        else:
            assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage, name
            assert fit_scale(sheet) >= module.MIN_PRINT_SCALE, name
        header = sheet.cell(header_row, 1)
        assert header.font.b and header.fill.fgColor.rgb[-6:] == "D9E1F2" and header.alignment.wrap_text, name
        assert all(d.width <= module.MAX_WIDTH for d in sheet.column_dimensions.values()), name
    # the filter of the summary leaves the totals row out of sorting
    assert book["Жиынтық"].auto_filter.ref == f"A{summary_header}:N{summary_header + 3}"


def test_russian_report(ru_book):
    summary = column_a(ru_book["Сводка"])
    assert summary[3:6] == ["2025-2026 учебный год", "II четверть (03.11.2025 – 28.12.2025)", "по состоянию на 20.12.2025"]
    assert "Итого" in summary
    statuses = [r["Статус"].value for r in records(ru_book["Мероприятия"])]
    assert statuses[:3] == ["выполнено частично", "выполнено", "не проведено"]
    plan = ru_book["План"]
    assert [plan.cell(r, 1).value for r in (1, 3, 5, 9)] == [
        "«УТВЕРЖДАЮ»", "«СОГЛАСОВАНО»", "«___» ____________ 2025 г.", "2025-2026 учебный год"]
    eco = values(plan, 11)[7]
    assert (eco["Месяц"], eco["Периодичность"], eco["Целевая аудитория: участники"]) == (
        "ноябрь", "однократно", "1-4, 7, 9 класс")
    assert [c.value for c in ru_book["Замечания"][2]][0] == "предупреждение"


def test_year_report_titles_the_academic_year_and_has_no_second_table(tmp_path):
    year = ReportPeriod(scope="year", start=dt.date(2025, 9, 1), end=dt.date(2026, 8, 31),
                        teaching_start=dt.date(2025, 9, 1), teaching_end=dt.date(2026, 5, 25))
    report = dataclasses.replace(sample_report(), period=year)
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "year.xlsx"))["Жиынтық"]
    lines = column_a(sheet)
    assert lines[3:5] == ["2025-2026 оқу жылы", "оқу жылы (01.09.2025 – 25.05.2026)"]
    assert "Жыл басынан бері" not in lines
    assert lines.count("Барлығы") == 1


def test_empty_period_writes_headers_and_no_chart(tmp_path):
    report = sample_report()
    report = dataclasses.replace(report, status=report.status.iloc[0:0], fraction_stats=report.fraction_stats.iloc[0:0],
                                 notes=report.notes.iloc[0:0])
    workbook = openpyxl.load_workbook(write_xlsx(report, tmp_path / "empty.xlsx"))
    assert workbook["Жиынтық"]._charts == []
    assert workbook["Іс-шаралар"].max_row == 1
    assert workbook["Жоспар"].max_row == 20


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    report = sample_report()
    activities = report.activities.copy()
    activities.loc[0, "title"] = "=HYPERLINK(\"http://evil\")"
    activities.loc[1, "title"] = "#N/A"
    target = write_xlsx(dataclasses.replace(report, activities=activities), tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(target)["Жоспар"]
    assert (sheet["G12"].value, sheet["G12"].data_type) == ("=HYPERLINK(\"http://evil\")", "s")
    assert (sheet["G13"].value, sheet["G13"].data_type) == ("#N/A", "s")


def test_characters_a_cell_cannot_hold_are_left_out_and_the_rest_kept(tmp_path):
    report = sample_report()
    activities = report.activities.copy()
    activities.loc[0, "title"] = "  «A & B» <рейд>\x0b\x00\ufffe\tекі "
    report = dataclasses.replace(report, school="Көкшетау қаласының №2 МЛ\x1f", activities=activities)
    workbook = openpyxl.load_workbook(write_xlsx(report, tmp_path / "plan.xlsx"))
    assert workbook["Жоспар"]["G12"].value == "  «A & B» <рейд>\tекі "
    assert workbook["Жиынтық"]["A2"].value == "Көкшетау қаласының №2 МЛ"


# --- writing atomically ---

def test_failed_write_leaves_no_file_and_no_part(tmp_path, monkeypatch):
    def half_write(self, data):
        with open(self, "wb") as out:
            out.write(data[:len(data) // 2])
        raise OSError("disk full")
    monkeypatch.setattr(Path, "write_bytes", half_write)
    target = tmp_path / "out" / "report.xlsx"
    with pytest.raises(OSError):
        write_xlsx(sample_report(), target)
    assert list(target.parent.iterdir()) == []


def test_failed_write_keeps_the_previous_report_whole(tmp_path, monkeypatch):
    target = write_xlsx(sample_report(), tmp_path / "report.xlsx")
    before = target.read_bytes()
    monkeypatch.setattr(Path, "write_bytes", lambda self, data: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_xlsx(sample_report("ru"), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


# --- helpers ---

@pytest.mark.parametrize("grades, lang, expected", [
    ("1,2,3,4,7,9", "kk", "1-4, 7, 9 сынып"),
    ("1,2,3,4,7,9", "ru", "1-4, 7, 9 класс"),
    ("5,6", "kk", "5-6 сынып"),
    ("0,1,2,3,4,5,6,7,8,9,10,11", "kk", "0-11 сынып"),
    ("7", "ru", "7 класс"),
    ("", "kk", ""),
])
def test_audience_text_compresses_runs_of_grades(grades, lang, expected):
    assert audience_text(grades, lang) == expected


def test_links_are_split_whatever_separates_them():
    assert links_of("https://a.kz/1\nt.me/x/2; https://b.kz/3 ") == ("https://a.kz/1", "t.me/x/2", "https://b.kz/3")
    assert links_of("") == ()


@pytest.mark.parametrize("link, target", [
    ("https://t.me/a/1", "https://t.me/a/1"),
    ("www.instagram.com/p/x/", "https://www.instagram.com/p/x/"),
    ("t.me/a/1", "https://t.me/a/1"),
    ("javascript:alert(1)", None),
    ("file:///etc/passwd", None),
    ("https://a.kz/" + "x" * 3000, None),
])
def test_link_target_opens_only_web_addresses(link, target):
    assert link_target(link) == target


def test_a_report_workbook_dropped_into_input_reads_as_its_plan_only(tmp_path):
    from pipeline.normalize.ingest import ingest_folder

    report = sample_report()
    folder = tmp_path / "input"
    write_xlsx(report, folder / "report-Q2.xlsx")
    ingested = ingest_folder(folder)
    assert ingested.failed == {}
    assert list(ingested.activities["activity_id"]) == list(report.activities["activity_id"])


def test_rows_of_wrapped_text_are_tall_enough_for_every_line(book):
    sheet = book["Жоспар"]
    rows = {r["Коды"].value: r for r in records(sheet, 11)}
    # four lines of evidence (three notes and a link) in F1-01; one short line in F3-02
    assert sheet.row_dimensions[rows["F1-01"]["Коды"].row].height == 15 * 4 + 2
    assert sheet.row_dimensions[rows["F3-02"]["Коды"].row].height is None



def test_rows_are_high_enough_for_capital_project_names_and_the_last_row(tmp_path):
    """A project name in capitals wraps into more lines than its length says; the last row of the
    activities sheet gets its height like the others."""
    report = sample_report()
    activities = report.activities.copy()
    activities.loc[activities["activity_id"] == "F3-01", "project"] = "«МЕН САЛАУАТТЫ ӨМІР САЛТЫН ҚОЛДАЙМЫН!» ЖОБАСЫ"
    workbook = openpyxl.load_workbook(write_xlsx(dataclasses.replace(report, activities=activities), tmp_path / "r.xlsx"))
    sheet = workbook["Іс-шаралар"]
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "F3-01"
    width = sheet.column_dimensions["D"].width
    assert width <= 22
    # counted as narrow letters the name takes 3 lines of 21; its capitals make it 4:
    # «МЕН САЛАУАТТЫ | ӨМІР САЛТЫН | ҚОЛДАЙМЫН!» | ЖОБАСЫ
    assert sheet.row_dimensions[last].height >= 4 * 15
