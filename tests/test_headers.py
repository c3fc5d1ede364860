"""Header rows other schools type: every column name of issue 10, in Kazakh and Russian."""
import pytest

from pipeline.read.headers import column_of, header_columns
from pipeline.read.headings import parse_fraction_heading


@pytest.mark.parametrize("header, key", [
    ("Күні", "date_text"), ("Мерзімі", "date_text"), ("Өткізілетін күні", "date_text"), ("Уақыты", "date_text"),
    ("Сроки", "date_text"), ("Срок", "date_text"), ("Дата", "date_text"), ("Дата проведения", "date_text"),
    ("Ай", "section_month"), ("Месяц", "section_month"),
    ("Іс-шара атауы", "title"), ("Іс-шаралар атауы", "title"), ("Мероприятие", "title"),
    ("Наименование мероприятия", "title"), ("Содержание", "title"), ("Мероприятия", "title"),
    ("Жауапты", "responsible"), ("Ответственный", "responsible"), ("Исполнитель", "responsible"),
    ("Сынып", "audience"), ("Қатысушылар", "audience"), ("Класс", "audience"), ("Участники", "audience"),
    ("Орындалуы", "evidence_text"), ("Белгі", "evidence_text"), ("Отметка о выполнении", "evidence_text"),
    ("Выполнение", "evidence_text"), ("Результат", "evidence_text"),
    ("Фракция", "fraction"), ("Бағыт", "fraction"), ("Направление", "fraction"), ("Палата", "fraction"),
    ("Палаты", "fraction"), ("Министерство", "fraction"),
    ("Р/с", "number"), ("п/п", "number"), ("№ п/п", "number"), ("з/п", "number"), ("№", "number"),
    ("Форма проведения", "extra"), ("Место проведения", "extra"), ("Примечание", "extra"),
    ("Содержание работы", "extra"),
    ("Направления проектной деятельности", "project"), ("Жобалық қызметінің бағыттары", "project"),
])
def test_column_names(header, key):
    assert column_of(header) == key


@pytest.mark.parametrize("cells, keys", [
    (["Дата", "Мероприятие", "Содержание работы"], ["date_text", "title", "extra"]),
    (["п/п", "Палаты", "Мероприятия"], ["number", "fraction", "title"]),
    (["Мероприятие", "Месяц"], ["title", "section_month"]),
    (["", "Іс-шара атауы", "Мерзімі", "Жауапты"], ["number", "title", "date_text", "responsible"]),
])
def test_header_rows_of_two_or_three_columns(cells, keys):
    assert header_columns(cells) == keys


@pytest.mark.parametrize("cells", [
    ["Мероприятие ко дню учителя", "в срок", "Иванова", "5А"],  # a data row that names two columns
    ["Іс-шара атауы", "Жауапты"],  # no date, month or section column, and only two columns
    ["Class", "Event", "Teacher"],
])
def test_rows_that_are_no_plan_header(cells):
    assert header_columns(cells) is None


@pytest.mark.parametrize("heading, parsed", [
    ("6. ДЕБАТ ҚОЗҒАЛЫСЫНЫҢ ФРАКЦИЯСЫ", (6, "ДЕБАТ ҚОЗҒАЛЫСЫ")),
    ("5. Еріктілердің фракциясы", (5, "Еріктілер")),
    ("2. АҚПАРАТ ФРАКЦИЯСЫ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", (2, "АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)")),
])
def test_a_fraction_named_in_the_genitive_is_named_in_the_nominative(heading, parsed):
    assert parse_fraction_heading(heading) == parsed
