"""Plans laid out the way other schools type them (issue 10): each structure, built with
python-docx or openpyxl, read into activities with the right section, dates, frequency and
grades, and the notes a methodologist sees."""
import datetime as dt

import openpyxl
import pytest

from pipeline import check
from pipeline.base import labels
from pipeline.evaluate.school_year import load_school_year
from pipeline.evaluate.status import evaluate
from pipeline.normalize.ingest import ingest_folder
from tests.docx_plans import KK_FRONT, RU_FRONT, Table, build_document
from tests.xlsx_plans import build

RU_TITLE = ["План работы школьного парламента", "на 2025/2026 учебный год"]


def read(tmp_path):
    return ingest_folder(tmp_path)


def rows(ingested, *columns):
    """The activities' `columns`, dates as ISO text (None when empty)."""
    out = []
    for record in ingested.activities[list(columns)].itertuples(index=False):
        out.append(tuple(v.date().isoformat() if hasattr(v, "date") and v == v else (None if v != v else v)
                         for v in record))
    return out


def codes(ingested):
    return [n.code for n in ingested.notes]


def messages(ingested, lang="ru"):
    return [n.message(lang) for n in ingested.notes]


# --- Russian: Дата | Мероприятие | Содержание работы, tables per month, no fractions ---

def test_tables_per_month_without_fractions_are_sections_by_month(tmp_path):
    header = ["Дата", "Мероприятие", "Содержание работы"]
    build_document(tmp_path / "plan.docx", RU_TITLE + [
        "Сентябрь", Table(header, [["05.09", "Выборы президента школы", "Подготовка кандидатов"],
                                   ["12.09 – 19.09", "Неделя безопасности", "Классные часы"],
                                   ["каждую пятницу", "Заседание парламента", "Планирование"]]),
        "Октябрь", Table(header, [["1 неделя", "День учителя", "Концерт"],
                                  ["в течение октября", "Акция «Чистый двор»", "Субботник"]]),
    ])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction_no", "fraction", "title", "start_date", "end_date", "frequency") == [
        ("F1-01", 1, "Сентябрь", "Выборы президента школы", "2025-09-05", "2025-09-05", "once"),
        ("F1-02", 1, "Сентябрь", "Неделя безопасности", "2025-09-12", "2025-09-19", "once"),
        ("F1-03", 1, "Сентябрь", "Заседание парламента", None, None, "weekly"),
        ("F2-01", 2, "Октябрь", "День учителя", "2025-10-01", "2025-10-07", "once"),
        ("F2-02", 2, "Октябрь", "Акция «Чистый двор»", "2025-10-01", "2025-10-31", "once"),
    ]
    assert codes(ingested) == ["sections_are_months", "column_extra", "columns_missing"]
    assert messages(ingested)[2] == (
        "В таблицах плана нет таких столбцов: «Ответственные», «Целевая аудитория: участники», «Информация о выполнении». "
        "В отчёте эти сведения останутся пустыми; при необходимости добавьте столбцы в таблицу.")
    assert ingested.notes[1].column == "Содержание работы"


@pytest.mark.parametrize("when", ["в течение месяца", "В течение месяца.", "ай бойы", "Ай ішінде"])
def test_during_the_month_is_the_month_of_its_heading(tmp_path, when):
    header = ["Дата", "Мероприятие", "Содержание работы"]
    build_document(tmp_path / "plan.docx", RU_TITLE + ["Октябрь", Table(header, [[when, "Акция «Чистый двор»", "Субботник"]])])
    ingested = read(tmp_path)
    assert rows(ingested, "start_date", "end_date", "frequency") == [("2025-10-01", "2025-10-31", "once")]
    assert "date_missing" not in codes(ingested) and "frequency_unknown" not in codes(ingested)


# --- Russian: п/п | Палаты | Мероприятия, the section as a column filled on the first row of a run ---

def test_section_column_filled_on_the_first_row_of_a_run(tmp_path):
    header = ["п/п", "Палаты", "Мероприятия"]
    build_document(tmp_path / "plan.docx", ["План работы палат школьного парламента на 2025-2026 учебный год",
        "Сентябрь", Table(header, [["1", "Досуг", "День знаний"], ["2", "", "Осенний бал"],
                                   ["3", "ЗОЖ", "Кросс наций"], ["4", "Дисциплина", "Рейд «Форма»"]]),
        "Октябрь", Table(header, [["1", "Досуг", "День учителя"], ["2", "ЗОЖ", "Турнир"]]),
    ])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "section_month", "title", "start_date", "end_date", "frequency") == [
        ("F1-01", "Досуг", 9, "День знаний", "2025-09-01", "2025-09-30", "once"),
        ("F1-02", "Досуг", 9, "Осенний бал", "2025-09-01", "2025-09-30", "once"),
        ("F2-01", "ЗОЖ", 9, "Кросс наций", "2025-09-01", "2025-09-30", "once"),
        ("F3-01", "Дисциплина", 9, "Рейд «Форма»", "2025-09-01", "2025-09-30", "once"),
        ("F1-03", "Досуг", 10, "День учителя", "2025-10-01", "2025-10-31", "once"),
        ("F2-02", "ЗОЖ", 10, "Турнир", "2025-10-01", "2025-10-31", "once"),
    ]
    assert codes(ingested) == ["columns_missing"]


# --- Kazakh: one table for the whole year, fraction and month rows inside it ---

def test_one_table_for_the_year_with_fraction_and_month_rows_inside(tmp_path):
    header = ["Р/с", "Іс-шаралар", "Өткізілетін күні", "Жауапты", "Қатысушылар", "Белгі"]
    build_document(tmp_path / "plan.docx", [
        "«Мектеп парламенті» фракцияларының 2025-2026 оқу жылына арналған жоспары",
        Table(header, [
            ["1. Құқық және тәртіп фракциясы", "", "", "", "", ""],
            "ТАМЫЗ",
            ["1", "Жоспар құру", "Тамыз", "ДТЖО", "ата-аналар", ""],
            "ҚЫРКҮЙЕК",
            ["2", "Сайлау", "1-апта", "Тәлімгер", "5-11 сынып", "Өткізілді"],
            ["3", "Жиналыс", "әр жұма сайын", "Тәлімгер", "7 «А» сынып", ""],
            "2. Ақпарат фракциясы",
            "ҚАЗАН",
            ["1", "Мұғалімдер күні", "2-3 апта", "Тәлімгер", "барлық сыныптар", ""],
            ["2", "Дебат", "І жарты жылдық", "Тәлімгер", "10-11", ""],
            ["3", "Кезекшілік", "күнделікті", "Тәлімгер", "орта буын", ""],
        ]),
    ])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "section_month", "start_date", "end_date", "frequency", "grades") == [
        ("F1-01", "Құқық және тәртіп", 8, "2025-08-01", "2025-08-31", "once", ""),
        ("F1-02", "Құқық және тәртіп", 9, "2025-09-01", "2025-09-07", "once", "5,6,7,8,9,10,11"),
        ("F1-03", "Құқық және тәртіп", 9, None, None, "weekly", "7"),
        ("F2-01", "Ақпарат", 10, "2025-10-08", "2025-10-21", "once", "1,2,3,4,5,6,7,8,9,10,11"),
        ("F2-02", "Ақпарат", 10, "2025-09-01", "2025-12-31", "once", "10,11"),
        ("F2-03", "Ақпарат", 10, None, None, "ongoing", "5,6,7,8,9"),
    ]
    assert codes(ingested) == []
    # The August row is the preparation for the year: owed, and overdue, in the quarter I report.
    status = evaluate(ingested.activities, load_school_year(2025), "1", dt.date(2025, 10, 24)).set_index("activity_id")
    assert status.loc["F1-01", ["in_period", "expected", "due", "held", "status"]].tolist() == [
        True, 1, 1, 0, "not_confirmed"]


# --- Kazakh flat sheet: numbering restarts, audience in the completion cell, no title, a backup copy ---

FLAT = [["№", "Фракция", "Іс-шара атауы", "Мерзімі", "Жауапты", "Қатысушылар", "Орындалуы"],
        [1, "Құқық және тәртіп", "Рейд", "Айына 1 рет", "Фракция мүшелері", "5-9 сынып", "Өткізілді 15.09.2025"],
        [2, None, "Кездесу", "20.10", "Фракция мүшелері", "8-11 сынып", "Орындалды 20.10.2025"],
        [1, "Ақпарат", "Жаңалықтар", "апта сайын", "Фракция мүшелері", "барлық сыныптар", "https://t.me/x 03.11.2025"],
        [2, None, "Газет", "қазан", "Фракция мүшелері", None, "7-9 сынып білім алушылары\nАнықтама 10.10.2025"],
        [1, None, "Эко-акция", "1-апта қараша", "Фракция мүшелері", "бастауыш сынып", "Өткізілді 05.11.2025"],
        [2, None, "Сенбілік", "қыркүйек-қазан", "Фракция мүшелері", "жоғары сынып", None]]


def test_flat_sheet_restart_audience_in_completion_cell_year_from_evidence_and_backup_copy(tmp_path):
    build(tmp_path / "plan.xlsx", FLAT, sheets=[("Көшірме", FLAT, (), "visible")])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "start_date", "end_date", "frequency", "grades", "evidence_text") == [
        ("F1-01", "Құқық және тәртіп", None, None, "monthly", "5,6,7,8,9", "Өткізілді 15.09.2025"),
        ("F1-02", "Құқық және тәртіп", "2025-10-20", "2025-10-20", "once", "8,9,10,11", "Орындалды 20.10.2025"),
        ("F2-01", "Ақпарат", None, None, "weekly", "1,2,3,4,5,6,7,8,9,10,11", "https://t.me/x 03.11.2025"),
        ("F2-02", "Ақпарат", "2025-10-01", "2025-10-31", "once", "7,8,9", "Анықтама 10.10.2025"),
        ("F3-01", "", "2025-11-01", "2025-11-07", "once", "1,2,3,4", "Өткізілді 05.11.2025"),
        ("F3-02", "", "2025-09-01", "2025-10-31", "once", "10,11", ""),
    ]
    assert [(n.code, n.table, n.row) for n in ingested.notes] == [
        ("section_restarted", 3, 6), ("xlsx_sheet_copy", None, None), ("academic_year_from_evidence", None, None)]
    assert messages(ingested, "kk")[1] == ("«Көшірме» парағы «Жоспар» парағындағы жоспардың көшірмесі, ол екінші рет "
                                           "оқылмады. Көшірме қажет болмаса, оны жойыңыз.")
    assert ingested.notes[2].params == {"year": "2025-2026"}


# --- Russian workbook: a month column, no date column, no № column, numbers typed in the title ---

def test_month_column_without_date_or_number_columns(tmp_path):
    sheet = [["План школьного парламента"], ["ІІ полугодие 2025 – 2026 учебного года"], [],
             ["Месяц", "Мероприятие", "Ответственный", "Участники", "Отметка о выполнении"],
             ["Январь", "1. Конкурс «Лидер»", "Иванова А.А.", "старшеклассники", None],
             [None, "2. Акция «Покормите птиц»", "Петров Б.Б.", "начальные классы", "Выполнено"],
             ["февраль", "3. Встреча с ветеранами", "Сидорова", "все классы", None],
             [None, "4. Родительское собрание", "Классные руководители", "родители", None]]
    build(tmp_path / "plan.xlsx", sheet)
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "section_month", "title", "start_date", "end_date", "grades") == [
        ("F1-01", "Январь", 1, "Конкурс «Лидер»", "2026-01-01", "2026-01-31", "10,11"),
        ("F1-02", "Январь", 1, "Акция «Покормите птиц»", "2026-01-01", "2026-01-31", "1,2,3,4"),
        ("F2-01", "февраль", 2, "Встреча с ветеранами", "2026-02-01", "2026-02-28", "1,2,3,4,5,6,7,8,9,10,11"),
        ("F2-02", "февраль", 2, "Родительское собрание", "2026-02-01", "2026-02-28", ""),
    ]
    assert codes(ingested) == ["sections_are_months"]


# --- columns in any order, a section column in Kazakh, a month column beside the date column ---

def test_kazakh_section_column_and_month_beside_dates_in_any_order(tmp_path):
    header = ["Іс-шара атауы", "Ай", "Күні", "Бағыт", "Жауаптылар", "Сынып", "Орындалуы"]
    build_document(tmp_path / "plan.docx", KK_FRONT + [Table(header, [
        ["Сайлау", "Қыркүйек", "15.09", "Құқық", "Тәлімгер", "5-9", "Өткізілді"],
        ["Рейд", "", "22.09", "", "Тәлімгер", "7А, 7Б", ""],
        ["Газет", "Қазан", "05.10", "Ақпарат", "Тәлімгер", "12 сынып", ""],
    ])])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "section_month", "start_date", "grades", "evidence_text") == [
        ("F1-01", "Құқық", 9, "2025-09-15", "5,6,7,8,9", "Өткізілді"),
        ("F1-02", "Құқық", 9, "2025-09-22", "7", ""),
        ("F2-01", "Ақпарат", 10, "2025-10-05", "12", ""),
    ]
    assert codes(ingested) == []


def test_a_dated_row_under_the_wrong_month_names_the_month_cell_it_was_read_from(tmp_path):
    header = ["№", "Іс-шара атауы", "Ай", "Күні", "Фракция"]
    build_document(tmp_path / "plan.docx", KK_FRONT + [Table(header, [
        ["1", "Сайлау", "Қыркүйек", "15.10", "Құқық"], ["2", "Рейд", "", "22.09", ""]])])
    ingested = read(tmp_path)
    mismatch = [n for n in ingested.notes if n.code == "section_month_cell_mismatch"]
    assert [(n.row, n.message("kk")) for n in mismatch] == [
        (1, "Күн «Ай» бағанындағы «Қыркүйек» айында емес (қазан). Күнді немесе айды тексеріңіз.")]


# --- the academic year: how it is written, and where it comes from when it is not ---

@pytest.mark.parametrize("title", ["2025-2026 оқу жылы", "2025/2026 оқу жылы", "2025 – 2026 оқу жылы",
                                   "«Мектеп парламенті» 2025-2026 оқу жылына арналған жоспар",
                                   "План на 2025-2026 учебный год", "Жоспар 2025-2026"])
def test_academic_year_written_in_the_title(tmp_path, title):
    build_document(tmp_path / "plan.docx", [title, Table(["Іс-шара атауы", "Күні"], [["Сайлау", "15.09"]])])
    ingested = read(tmp_path)
    assert rows(ingested, "start_date") == [("2025-09-15",)]
    assert not [c for c in codes(ingested) if c.startswith("academic_year")]


def no_title_table():
    return Table(["Іс-шара атауы", "Күні", "Орындалуы"], [["Сайлау", "15.09", "Өткізілді"]])


def test_year_from_the_file_properties(tmp_path):
    build_document(tmp_path / "plan.docx", [no_title_table()], author="Әдіскер")
    document_created = tmp_path / "plan.docx"
    import docx

    document = docx.Document(document_created)
    document.core_properties.created = dt.datetime(2025, 8, 20)
    document.save(document_created)
    ingested = read(tmp_path)
    assert rows(ingested, "start_date") == [("2025-09-15",)]
    assert [(n.code, n.params) for n in ingested.notes if n.code.startswith("academic_year")] == [
        ("academic_year_from_properties", {"year": "2025-2026"})]


def test_year_from_the_workbook_properties(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.properties.creator = "Завуч"
    workbook.properties.created = dt.datetime(2024, 9, 2)
    workbook.active.append(["Мероприятие", "Дата"])
    workbook.active.append(["Выборы", "15.09"])
    workbook.save(tmp_path / "plan.xlsx")
    ingested = read(tmp_path)
    assert rows(ingested, "start_date") == [("2024-09-15",)]
    assert [c for c in codes(ingested) if c.startswith("academic_year")] == ["academic_year_from_properties"]


def test_year_from_the_file_name_when_nothing_else_names_it(tmp_path):
    build_document(tmp_path / "жоспар 2025-2026.docx", [no_title_table()])  # python-docx's own properties
    ingested = read(tmp_path)
    assert rows(ingested, "start_date") == [("2025-09-15",)]
    assert [n.message("kk") for n in ingested.notes if n.code.startswith("academic_year")] == [
        "Жоспарда оқу жылы жазылмаған; файл атауы бойынша 2025-2026 оқу жылы алынды. "
        "Тақырыпқа оқу жылын жазыңыз немесе --year беріңіз."]


def test_evidence_dates_of_two_years_give_no_year_and_the_year_is_missing(tmp_path):
    build_document(tmp_path / "plan.docx", [Table(["Іс-шара атауы", "Күні", "Орындалуы"], [
        ["Сайлау", "15.09", "Өткізілді 15.09.2025"], ["Рейд", "15.10", "Өткізілді 15.10.2026"]])])
    ingested = read(tmp_path)
    assert codes(ingested)[0] == "academic_year_missing"


def test_year_option_wins_over_every_source(tmp_path):
    build_document(tmp_path / "plan.docx", [Table(["Іс-шара атауы", "Күні", "Орындалуы"], [
        ["Сайлау", "15.09", "Өткізілді 15.09.2025"]])])
    ingested = ingest_folder(tmp_path, first_year=2026)
    assert rows(ingested, "start_date") == [("2026-09-15",)]
    assert not [c for c in codes(ingested) if c.startswith("academic_year")]


# --- what cannot be read is named precisely ---

def test_a_table_in_another_language_is_named_by_its_headers(tmp_path):
    build_document(tmp_path / "plan.docx", RU_FRONT + [Table(["Class", "Event", "Teacher"], [["5A", "Meeting", "Smith"]])])
    ingested = read(tmp_path)
    note = ingested.failed["plan.docx"]
    assert note.code == "file_not_plan_headers"
    assert note.message("kk").startswith(
        "Файлда жоспар кестесі табылмады. Кестелердің тақырып жолдары: «Class | Event | Teacher».")


def test_every_new_note_has_both_languages():
    for code in ("academic_year_from_evidence", "academic_year_from_properties", "academic_year_from_file_name",
                 "section_restarted", "sections_are_months", "column_extra", "xlsx_sheet_copy"):
        for lang in labels.LANGS:
            assert "{" not in labels.text(f"note.{code}", lang, year="2025-2026", sheet="A", original="B")


# --- Excel: one table for the year, fraction rows merged across, month rows in the first cell ---

def test_excel_one_table_with_fraction_rows_merged_and_month_rows_in_the_first_cell(tmp_path):
    sheet = [["План работы школьного парламента на 2025-2026 учебный год"], [],
             ["№ п/п", "Наименование мероприятия", "Сроки проведения", "Ответственные", "Участники", "Отметка о выполнении"],
             ["1. Фракция права и порядка"], ["Сентябрь"],
             [1, "Выборы", "1-2 неделя", "Вожатая", "5-11 классы", "Проведено"],
             [2, "Рейд", "по понедельникам", "Фракция", "обучающиеся 5-9 классов", None],
             ["Октябрь"],
             [3, "День самоуправления", "05.10", "Вожатая", "старшеклассники", None],
             ["2. Фракция «Информация»"],
             [1, "Выпуск газеты", "ежемесячно", "Редколлегия", "все классы", None],
             [2, "Конкурс", "в течение октября", "Редколлегия", "7А, 7Б", None]]
    build(tmp_path / "plan.xlsx", sheet, merges=["A4:F4", "A10:F10"])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "section_month", "start_date", "end_date", "frequency", "grades") == [
        ("F1-01", "Фракция права и порядка", 9, "2025-09-01", "2025-09-14", "once", "5,6,7,8,9,10,11"),
        ("F1-02", "Фракция права и порядка", 9, None, None, "weekly", "5,6,7,8,9"),
        ("F1-03", "Фракция права и порядка", 10, "2025-10-05", "2025-10-05", "once", "10,11"),
        ("F2-01", "«Информация»", 10, None, None, "monthly", "1,2,3,4,5,6,7,8,9,10,11"),
        ("F2-02", "«Информация»", 10, "2025-10-01", "2025-10-31", "once", "7"),
    ]
    assert codes(ingested) == []


def test_flat_sheet_with_a_merged_fraction_cell_and_a_month_column_left_empty_below(tmp_path):
    sheet = [["Жоспар 2025-2026 оқу жылы"],
             ["№", "Фракция", "Ай", "Іс-шара атауы", "Күні", "Жауапты", "Қатысушылар", "Орындалуы"],
             [1, "Құқық және тәртіп", "Қыркүйек", "Сайлау", "12.09", "Тәлімгер", "5-9 сынып", "Өткізілді"],
             [2, None, None, "Рейд", "15.10", "Тәлімгер", "7-9 сынып", None],
             [3, None, "Қазан", "Кездесу", "20.10", "Тәлімгер", "8 сынып", None],
             [1, "Ақпарат", "Қараша", "Газет", "2-апта", "Тәлімгер", "барлық сыныптар", None]]
    build(tmp_path / "plan.xlsx", sheet, merges=["B3:B5"])
    ingested = read(tmp_path)
    # The empty month cell under "Қыркүйек" takes the month of the row's own date, with no note.
    assert rows(ingested, "activity_id", "fraction", "section_month", "start_date", "end_date") == [
        ("F1-01", "Құқық және тәртіп", 9, "2025-09-12", "2025-09-12"),
        ("F1-02", "Құқық және тәртіп", 10, "2025-10-15", "2025-10-15"),
        ("F1-03", "Құқық және тәртіп", 10, "2025-10-20", "2025-10-20"),
        ("F2-01", "Ақпарат", 11, "2025-11-08", "2025-11-14"),
    ]
    assert codes(ingested) == []


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_both_readers_share_the_section_column_rules(tmp_path, kind):
    header = ["№", "Фракция", "Іс-шара атауы", "Мерзімі"]
    body = [["1", "Құқық", "Рейд", "15.09"], ["2", "", "Кездесу", "20.10"], ["1", "", "Акция", "05.11"],
            ["1", "Ақпарат", "Газет", "10.11"]]
    if kind == "docx":
        build_document(tmp_path / "plan.docx", ["2025-2026 оқу жылы", Table(header, body)])
    else:
        build(tmp_path / "plan.xlsx", [["2025-2026 оқу жылы"], header, *body])
    ingested = read(tmp_path)
    assert rows(ingested, "activity_id", "fraction", "title", "start_date") == [
        ("F1-01", "Құқық", "Рейд", "2025-09-15"), ("F1-02", "Құқық", "Кездесу", "2025-10-20"),
        ("F2-01", "", "Акция", "2025-11-05"), ("F3-01", "Ақпарат", "Газет", "2025-11-10")]
    restart_row = 1 if kind == "docx" else 5  # the row of the new table, or of the sheet
    assert [(n.code, n.table, n.row) for n in ingested.notes] == [
        ("section_restarted", 2, restart_row), ("columns_missing", None, None)]
    # the note is written with its place, in notes.csv and on the marked copy
    result = check(tmp_path, tmp_path / "out", lang="kk")
    notes_csv = next(path for path in result.written if path.name == "notes.csv")
    assert ",section_restarted," in notes_csv.read_text(encoding="utf-8-sig")
    assert any(path.name.startswith("plan") and path.suffix == f".{kind}" for path in result.written)


def test_a_section_column_table_under_a_month_heading_names_the_heading_when_a_date_disagrees(tmp_path):
    header = ["п/п", "Палаты", "Мероприятия", "Дата"]
    build_document(tmp_path / "plan.docx", ["План на 2025-2026 учебный год", "Сентябрь", Table(header, [
        ["1", "Досуг", "День знаний", "01.09"], ["2", "ЗОЖ", "Кросс", "10.10"]])])
    ingested = read(tmp_path)
    notes = [n for n in ingested.notes if n.code.startswith("section_month")]
    assert [n.message("ru") for n in notes] == [
        "Дата не в месяце заголовка «Сентябрь» (октябрь). Проверьте дату или заголовок месяца."]


def test_a_grades_journal_before_the_plan_is_skipped_and_a_title_page_is_front_matter(tmp_path):
    journal = [["Сынып", "Оқушы саны", "Жетекші"], ["5А", 25, "Иванова"]]
    title_page = [["Көкшетау қаласының №2 МЛ"], ["«Мектеп парламенті» жоспары"], ["2025-2026 оқу жылы"]]
    plan = [["Іс-шара атауы", "Күні"], ["Сайлау", "15.09"]]
    data = build(tmp_path / "plan.xlsx", journal, title="Журнал",
                 sheets=[("Титул", title_page, (), "visible"), ("Жоспар", plan, (), "visible")])
    from pipeline.read.excel import read_xlsx

    raw = read_xlsx("plan.xlsx", data)
    assert raw.front_lines == ["Көкшетау қаласының №2 МЛ", "«Мектеп парламенті» жоспары", "2025-2026 оқу жылы"]
    assert [(n.code, n.params) for n in raw.notes] == [("xlsx_sheet_skipped", {"sheet": "Журнал"})]


def test_the_audience_named_in_the_title_only(tmp_path):
    build_document(tmp_path / "plan.docx", ["2025-2026 оқу жылы", Table(["Іс-шара атауы", "Күні", "Орындалуы"], [
        ["Сайлау (5-9 сынып)", "15.09", "Өткізілді"], ["Рейд", "16.09", "7-сынып білім алушылары"]])])
    ingested = read(tmp_path)
    assert rows(ingested, "title", "grades", "evidence_text") == [
        ("Сайлау (5-9 сынып)", "5,6,7,8,9", "Өткізілді"), ("Рейд", "7", "")]
