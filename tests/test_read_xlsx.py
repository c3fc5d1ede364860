"""Reading Excel plans: the document layout, the flat layout, merges, cell values, files that are no plan."""
import datetime as dt
import random
import zipfile

import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from pipeline.base import labels
from pipeline.base.notes import FileProblem
from pipeline.read.excel import read_xlsx
from tests.xlsx_plans import KK_HEADER, RU_HEADER, TEMPLATE, build, plan_row, with_cached_formula_value

FRONT = ["«БЕКІТЕМІН»", "Көкшетау қаласының №2 МЛ-нің", "директоры ______ Байболова Р.Б", "2025 ж.",
         "«КЕЛІСЕМІН»", "Директордың тәрбие ісі жөніндегі орынбасары", "« » _____ 2025 ж.",
         "«Мектеп парламенті» іс-шара жоспары", "2025-2026 оқу жылы"]
NO_AUDIENCE_HEADER = KK_HEADER[:6] + KK_HEADER[7:]


def document_plan(tmp_path) -> bytes:
    """Laid out like the school's workbook: stamp and title rows, merged heading rows, a section
    with "мақсаты қатысушылар" and a project merged down, fraction 5 without an audience column,
    and a section with no headings at all."""
    header = KK_HEADER[:6] + ["мақсаты қатысушылар", KK_HEADER[7]]
    rows = [[line] for line in FRONT] + [
        [],                                                                       # 10
        ["ҚЫРКҮЙЕК АЙЫ"],                                                         # 11
        ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"],                                        # 12
        header,                                                                   # 13
        plan_row(1, "«ҚҰҚЫҚТЫ Қ МӘДЕНИЕТ » ЖОБАСЫ", "1. Кеңес құру\n2. Сайлау", "01-15.09. 2023ж"),  # 14
        plan_row(2, None, "Рейд", "Айына бір рет", evidence="Анықтама"),          # 15
        [],                                                                       # 16
        ["ҚАҢТАР АЙЫ"],                                                           # 17
        ["5. ҚАЙЫРЫМДЫЛЫҚ ФРАКЦИЯСЫ"],                                             # 18
        NO_AUDIENCE_HEADER,                                                       # 19
        [1, "«ЕРІКТІЛЕР» ЖОБАСЫ", "«Асар» челлендж", "04-08.01.2024ж.", "Фракция мүшелері", "Тәлімгер",
         "7-9 сынып білім алушылары Әлеуметтік желіге жариялау /Сілтеме/"],       # 20
        [],                                                                       # 21
        KK_HEADER,                                                                # 22
        plan_row(1, "«ЭКО STAR T» ЖОБАСЫ", "Суреттер байқауы", "06-07.04.2022 ж."),  # 23
        plan_row(None, None, "Колөнер көрмесі", "25-26.04.2022 ж."),              # 24
    ]
    merges = ["A11:H11", "A12:H12", "A17:G17", "A18:G18", "B14:B15"]
    return build(tmp_path / "plan.xlsx", rows, merges)


def test_document_layout_gives_front_matter_and_one_table_per_section(tmp_path):
    plan = read_xlsx("plan.xlsx", document_plan(tmp_path))
    assert plan.source == "plan.xlsx"
    assert plan.front_lines == FRONT + [""]
    assert [(t.table_no, t.month_heading, t.fraction_heading, [r.row_no for r in t.rows]) for t in plan.tables] == [
        (1, "ҚЫРКҮЙЕК АЙЫ", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ", [14, 15]),
        (2, "ҚАҢТАР АЙЫ", "5. ҚАЙЫРЫМДЫЛЫҚ ФРАКЦИЯСЫ", [20]),
        (3, None, None, [23, 24]),
    ]
    assert plan.notes == []


def test_document_layout_cells_are_lines_by_column_key(tmp_path):
    first = read_xlsx("plan.xlsx", document_plan(tmp_path)).tables[0]
    assert first.columns == ["number", "project", "title", "date_text", "responsible", "partners",
                             "audience", "evidence_text"]
    assert first.header[6] == "мақсаты қатысушылар"
    assert first.rows[0].cells == {
        "number": ["1"],
        "project": ["«ҚҰҚЫҚТЫ Қ МӘДЕНИЕТ » ЖОБАСЫ"],
        "title": ["1. Кеңес құру", "2. Сайлау"],
        "date_text": ["01-15.09. 2023ж"],
        "responsible": ["Фракция мүшелері"],
        "partners": ["ДТЖО", "Тәлімгер"],
        "audience": ["5-9 сыныптар"],
        "evidence_text": [TEMPLATE],
    }
    assert first.rows[0].dates == {}


def test_vertically_merged_project_fills_every_row_it_covers(tmp_path):
    rows = read_xlsx("plan.xlsx", document_plan(tmp_path)).tables[0].rows
    assert [r.cells["project"] for r in rows] == [["«ҚҰҚЫҚТЫ Қ МӘДЕНИЕТ » ЖОБАСЫ"]] * 2
    assert [r.merged for r in rows] == [set(), {"project"}]


def test_table_without_audience_column_keeps_the_text_where_it_is_written(tmp_path):
    table = read_xlsx("plan.xlsx", document_plan(tmp_path)).tables[1]
    assert table.columns == ["number", "project", "title", "date_text", "responsible", "partners", "evidence_text"]
    assert table.header == NO_AUDIENCE_HEADER
    assert "audience" not in table.rows[0].cells
    assert table.rows[0].cells["evidence_text"] == ["7-9 сынып білім алушылары Әлеуметтік желіге жариялау /Сілтеме/"]


def test_row_without_number_is_kept(tmp_path):
    row = read_xlsx("plan.xlsx", document_plan(tmp_path)).tables[2].rows[1]
    assert row.row_no == 24
    assert "number" not in row.cells and "project" not in row.cells
    assert row.cells["title"] == ["Колөнер көрмесі"]


def test_russian_header_in_another_column_order(tmp_path):
    header = [RU_HEADER[i] for i in (2, 0, 3, 4, 5, 1, 6, 7)]
    rows = [["ПЛАН РАБОТЫ ШКОЛЬНОГО ПАРЛАМЕНТА"], ["на 2025-2026 учебный год"], ["СЕНТЯБРЬ"],
            ["1. ФРАКЦИЯ ПРАВА И ПОРЯДКА"], header,
            ["Выборы президента", 1, "15.09.2025", "Члены фракции", "ЗДВР", "«ЛИДЕР» ПРОЕКТ", "5-9 классы",
             "Публикация в социальных сетях /Ссылка/"]]
    plan = read_xlsx("ru.xlsx", build(tmp_path / "ru.xlsx", rows))
    table = plan.tables[0]
    assert plan.front_lines == ["ПЛАН РАБОТЫ ШКОЛЬНОГО ПАРЛАМЕНТА", "на 2025-2026 учебный год"]
    assert (table.month_heading, table.fraction_heading) == ("СЕНТЯБРЬ", "1. ФРАКЦИЯ ПРАВА И ПОРЯДКА")
    assert table.columns == ["title", "number", "date_text", "responsible", "partners", "project", "audience",
                             "evidence_text"]
    assert table.rows[0].cells == {
        "title": ["Выборы президента"], "number": ["1"], "date_text": ["15.09.2025"],
        "responsible": ["Члены фракции"], "partners": ["ЗДВР"], "project": ["«ЛИДЕР» ПРОЕКТ"],
        "audience": ["5-9 классы"], "evidence_text": ["Публикация в социальных сетях /Ссылка/"],
    }


def test_cell_values_read_as_the_user_sees_them(tmp_path):
    title = CellRichText([TextBlock(InlineFont(b=True), "«Асар»"), " челлендж\nакциясы"])
    rows = [KK_HEADER, plan_row(1.0, "«А» ЖОБАСЫ", title, dt.datetime(2025, 9, 15),
                                evidence="=1+1", audience=7, partners="ДТЖО_x000D_\nТәлімгер")]
    data = with_cached_formula_value(build(tmp_path / "v.xlsx", rows), "Орындалды")
    row = read_xlsx("v.xlsx", data).tables[0].rows[0]
    assert row.row_no == 2
    assert row.cells["number"] == ["1"]
    assert row.cells["title"] == ["«Асар» челлендж", "акциясы"]
    assert row.cells["date_text"] == ["15.09.2025"]
    assert row.dates == {"date_text": dt.date(2025, 9, 15)}
    assert row.cells["audience"] == ["7"]
    assert row.cells["partners"] == ["ДТЖО", "Тәлімгер"]
    assert row.cells["evidence_text"] == ["Орындалды"]


def test_flat_layout_gives_one_table_per_fraction_in_order_of_first_appearance(tmp_path):
    header = ["Фракция №", "Фракция", "Ай", "Іс-шаралар атауы", "Басталуы", "Аяқталуы", "Жауаптылар",
              "Орындалуы туралы мәлімет"]
    rows = [
        header,
        [1, "Құқық және тәртіп", "қыркүйек", "Рейд", dt.date(2025, 9, 15), dt.date(2025, 9, 19), "Фракция мүшелері",
         "Анықтама"],
        [2, "Ақпарат", 10, "Радиолинейка", dt.date(2025, 10, 6), None, "Фракция мүшелері", TEMPLATE],
        [1, "Құқық және тәртіп", "қазан", "Кездесу", "Токсанына 1 рет", None, "Фракция мүшелері", "Анықтама"],
        [2, "Ақпарат", "қараша", "Газет шығару", "Аптасына 1 рет", None, "Фракция мүшелері", TEMPLATE],
        [None, None, "қараша", "Жарнама жасау", dt.date(2025, 11, 20), None, "Фракция мүшелері", TEMPLATE],
    ]
    plan = read_xlsx("flat.xlsx", build(tmp_path / "flat.xlsx", rows))
    assert [(t.table_no, t.month_heading, t.fraction_heading, [r.row_no for r in t.rows]) for t in plan.tables] == [
        (1, None, "1. Құқық және тәртіп", [2, 4]),
        (2, None, "2. Ақпарат", [3, 5, 6]),
    ]
    first, second = plan.tables
    assert first.columns == ["fraction_no", "fraction", "section_month", "title", "start_date", "end_date",
                             "responsible", "evidence_text"]
    assert first.header == header
    assert [r.cells["section_month"] for r in second.rows] == [["10"], ["қараша"], ["қараша"]]
    assert first.rows[0].cells["start_date"] == ["15.09.2025"]
    assert first.rows[0].dates == {"start_date": dt.date(2025, 9, 15), "end_date": dt.date(2025, 9, 19)}
    assert first.rows[1].cells["start_date"] == ["Токсанына 1 рет"]
    assert first.rows[1].dates == {}
    assert plan.notes == []


def test_flat_layout_with_only_a_fraction_name_or_number(tmp_path):
    rows = [["Фракция", "Ай", "Іс-шаралар атауы", "Өткізу мерзімі", "Жауаптылар"],
            ["2. АҚПАРАТ ФРАКЦИЯСЫ", "қазан", "Радиолинейка", "06.10.2025", "Фракция мүшелері"],
            ["Экология", "сәуір", "Көгалдандыру", "20.04.2026", "Фракция мүшелері"]]
    plan = read_xlsx("flat.xlsx", build(tmp_path / "flat.xlsx", rows))
    assert [t.fraction_heading for t in plan.tables] == ["2. АҚПАРАТ ФРАКЦИЯСЫ", "Экология"]
    rows = [["Фракция №", "Ай", "Іс-шаралар атауы", "Өткізу мерзімі", "Жауаптылар"],
            [3, "қараша", "Акция", "10.11.2025", "Фракция мүшелері"]]
    assert read_xlsx("flat.xlsx", build(tmp_path / "flat2.xlsx", rows)).tables[0].fraction_heading == "3."


def test_flat_layout_under_month_heading_rows_takes_the_month_from_them(tmp_path):
    rows = [["ҚЫРКҮЙЕК АЙЫ"], ["Фракция", "Іс-шаралар атауы", "Өткізу мерзімі", "Жауаптылар"],
            ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "Рейд", "Айына бір рет", "Фракция мүшелері"],
            ["ҚАЗАН АЙЫ"],
            ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "Кездесу", "Токсанына 1 рет", "Фракция мүшелері"]]
    plan = read_xlsx("flat.xlsx", build(tmp_path / "flat.xlsx", rows, ["A1:D1", "A4:D4"]))
    assert [(t.table_no, t.month_heading, t.fraction_heading) for t in plan.tables] == [
        (1, None, "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП")]
    assert [(r.row_no, r.cells["section_month"]) for r in plan.tables[0].rows] == [
        (3, ["ҚЫРКҮЙЕК АЙЫ"]), (5, ["ҚАЗАН АЙЫ"])]


def test_text_under_an_unknown_column_joins_the_column_to_its_left_with_one_note(tmp_path):
    rows = [KK_HEADER + ["Ескерту"],
            plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет") + ["Мектеп сайтында"],
            plan_row(2, None, "Кездесу", "10.10.2025") + ["Ауыстырылды"]]
    plan = read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows))
    table = plan.tables[0]
    assert table.columns[-1] is None
    assert table.header[-1] == "Ескерту"
    assert [r.cells["evidence_text"] for r in table.rows] == [[TEMPLATE, "Мектеп сайтында"], [TEMPLATE, "Ауыстырылды"]]
    assert [(n.severity, n.code, n.table, n.row, n.column, n.value, n.params) for n in plan.notes] == [
        ("warning", "xlsx_unknown_column", 1, 2, "Ескерту", "Мектеп сайтында",
         {"sheet": "Жоспар", "letter": "I", "into": "Орындалуы туралы мәлімет"}),
    ]


def test_text_beyond_the_header_is_kept_and_noted(tmp_path):
    rows = [KK_HEADER, plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет") + [None, "https://t.me/mektep/12"]]
    plan = read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows))
    assert plan.tables[0].rows[0].cells["evidence_text"] == [TEMPLATE, "https://t.me/mektep/12"]
    assert [(n.code, n.column, n.params["letter"]) for n in plan.notes] == [("xlsx_unknown_column", "J", "J")]


def test_header_cell_merged_over_two_columns_names_both(tmp_path):
    rows = [KK_HEADER, plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет") + ["https://t.me/mektep/12"]]
    plan = read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows, ["H1:I1"]))
    assert plan.tables[0].rows[0].cells["evidence_text"] == [TEMPLATE, "https://t.me/mektep/12"]
    assert plan.tables[0].header == KK_HEADER + [""]
    assert plan.notes == []


def test_month_rows_inside_one_table_split_it_and_the_fraction_holds_over(tmp_path):
    rows = [["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"], KK_HEADER, [1, 2, 3, 4, 5, 6, 7, 8],
            ["Қыркүйек"], plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет"),
            [None, None, "Фракция отырысы", "20.09.2025"],
            ["Қазан"], plan_row(1, None, "Кездесу", "10.10.2025")]
    plan = read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows, ["A4:H4", "A7:H7"]))
    assert [(t.table_no, t.month_heading, t.fraction_heading, [r.row_no for r in t.rows]) for t in plan.tables] == [
        (1, "Қыркүйек", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ", [5, 6]),
        (2, "Қазан", "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ", [8]),
    ]
    assert plan.tables[0].rows[1].cells == {"title": ["Фракция отырысы"], "date_text": ["20.09.2025"]}


def test_blank_rows_inside_a_table_are_skipped(tmp_path):
    rows = [KK_HEADER, plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет"), [], [],
            plan_row(2, None, "Кездесу", "10.10.2025")]
    plan = read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows))
    assert [[r.row_no for r in t.rows] for t in plan.tables] == [[2, 5]]


def test_title_naming_fractions_stays_in_the_front_matter(tmp_path):
    rows = [["Мектеп парламенті фракцияларының жұмыс жоспары"], ["Көкшетау қаласының №2 МЛ"],
            ["ҚЫРКҮЙЕК АЙЫ"], ["1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"], KK_HEADER,
            plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет")]
    plan = read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows))
    assert plan.front_lines == ["Мектеп парламенті фракцияларының жұмыс жоспары", "Көкшетау қаласының №2 МЛ"]
    assert plan.tables[0].fraction_heading == "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"


def test_text_outside_tables_and_sheets_without_a_plan_are_noted(tmp_path):
    rows = [KK_HEADER, plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет"), [],
            ["Педагог-ұйымдастырушы: ______ Иванова А."]]
    data = build(tmp_path / "x.xlsx", rows, sheets=[("Лист2", [["Ескертпелер"], ["тексерілді"]], [], "visible")])
    plan = read_xlsx("x.xlsx", data)
    assert [[r.row_no for r in t.rows] for t in plan.tables] == [[2]]
    assert [(n.code, n.row, n.value, n.params) for n in plan.notes] == [
        ("xlsx_text_skipped", 4, "Педагог-ұйымдастырушы: ______ Иванова А.", {"sheet": "Жоспар", "row": 4}),
        ("xlsx_sheet_skipped", None, "", {"sheet": "Лист2"}),
    ]


def test_hidden_sheets_are_skipped_with_a_note_when_they_hold_a_plan(tmp_path):
    hidden = [KK_HEADER, plan_row(1, "«Б» ЖОБАСЫ", "Ескі жоспар", "01.09.2024")]
    data = build(tmp_path / "x.xlsx", [KK_HEADER, plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет")],
                 sheets=[("Ескі", hidden, [], "hidden"), ("Бос", [["жазба"]], [], "veryHidden")])
    plan = read_xlsx("x.xlsx", data)
    assert [r.cells["title"] for t in plan.tables for r in t.rows] == [["Рейд"]]
    assert [(n.code, n.params) for n in plan.notes] == [("xlsx_hidden_sheet", {"sheet": "Ескі"})]


def test_tables_are_numbered_across_sheets(tmp_path):
    second = [["ҚАЗАН АЙЫ"], ["2. АҚПАРАТ ФРАКЦИЯСЫ"], KK_HEADER, plan_row(1, None, "Радиолинейка", "06.10.2025")]
    data = build(tmp_path / "x.xlsx", [KK_HEADER, plan_row(1, "«А» ЖОБАСЫ", "Рейд", "Айына 1 рет")],
                 sheets=[("Қазан", second, [], "visible")])
    plan = read_xlsx("x.xlsx", data)
    assert [(t.table_no, t.month_heading, t.fraction_heading, [r.row_no for r in t.rows]) for t in plan.tables] == [
        (1, None, None, [2]), (2, "ҚАЗАН АЙЫ", "2. АҚПАРАТ ФРАКЦИЯСЫ", [4])]


def test_random_bytes_are_a_corrupt_file():
    with pytest.raises(FileProblem) as problem:
        read_xlsx("x.xlsx", random.Random(1).randbytes(4000))
    assert (problem.value.code, problem.value.params) == ("file_corrupt", {"detail": "BadZipFile"})


def test_a_zip_that_is_no_workbook_is_a_corrupt_file(tmp_path):
    with zipfile.ZipFile(tmp_path / "x.xlsx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(FileProblem) as problem:
        read_xlsx("x.xlsx", (tmp_path / "x.xlsx").read_bytes())
    assert problem.value.code == "file_corrupt"


def test_a_workbook_without_a_plan_table_is_not_a_plan(tmp_path):
    rows = [["Сынып", "Оқушы саны", "Жетекші"], ["5А", 25, "Иванова"]]
    with pytest.raises(FileProblem) as problem:
        read_xlsx("x.xlsx", build(tmp_path / "x.xlsx", rows))
    assert (problem.value.code, problem.value.params) == ("file_not_plan_headers", {"headers": "«Сынып | Оқушы саны | Жетекші»"})
    assert labels.text("note.file_not_plan_headers", "ru", **problem.value.params).startswith(
        "В файле не найдена таблица плана. Заголовки найденных таблиц: «Сынып | Оқушы саны | Жетекші».")
