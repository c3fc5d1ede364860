from datetime import date

import pytest

from pipeline.base import labels
from pipeline.base.notes import ERROR, WARNING
from pipeline.normalize.when import When, parse_when

YEAR = 2025  # the 2025-2026 academic year


def codes(when: When) -> list[str]:
    return [p.code for p in when.problems]


@pytest.mark.parametrize("text, start, end", [
    ("01-15.09. 2023ж", date(2025, 9, 1), date(2025, 9, 15)),
    ("15-22.09. 2023ж", date(2025, 9, 15), date(2025, 9, 22)),
    ("24.09. 2023ж.", date(2025, 9, 24), date(2025, 9, 24)),
    ("04-08.10.2023ж.", date(2025, 10, 4), date(2025, 10, 8)),
    ("02-03.12. 2023ж.", date(2025, 12, 2), date(2025, 12, 3)),
    ("24-28.12.2024ж.", date(2025, 12, 24), date(2025, 12, 28)),
    ("17-21.01.2024ж.", date(2026, 1, 17), date(2026, 1, 21)),
    ("10.03.2022 ж.", date(2026, 3, 10), date(2026, 3, 10)),
    ("14.03.2022ж.", date(2026, 3, 14), date(2026, 3, 14)),
    ("28.02.2022 ж", date(2026, 2, 28), date(2026, 2, 28)),
    ("25-26.04.2022 ж.", date(2026, 4, 25), date(2026, 4, 26)),
    ("24.09 2023ж", date(2025, 9, 24), date(2025, 9, 24)),
])
def test_stale_year_is_replaced_by_the_academic_year(text, start, end):
    when = parse_when(text, YEAR)
    assert (when.start, when.end, when.frequency) == (start, end, "once")
    assert codes(when) == ["date_year_replaced"]
    assert when.problems[0].severity == WARNING


def test_year_replaced_names_the_written_and_the_used_year():
    when = parse_when("01-15.09. 2023ж", YEAR)
    assert when.problems[0].params == {"text": "01-15.09. 2023", "year": "2023", "used": "2025"}


def test_year_replaced_once_per_cell_with_every_year():
    when = parse_when("29.12.2023-05.01.2024", YEAR)
    assert (when.start, when.end) == (date(2025, 12, 29), date(2026, 1, 5))
    assert codes(when) == ["date_year_replaced"]
    assert when.problems[0].params["year"] == "2023, 2024"
    assert when.problems[0].params["used"] == "2025, 2026"


def test_stray_word_before_the_date():
    when = parse_when("тәртіп 04.03.2022 ж.", YEAR)
    assert (when.start, when.end, when.frequency) == (date(2026, 3, 4), date(2026, 3, 4), "once")
    assert codes(when) == ["date_year_replaced", "date_extra_text"]
    assert when.problems[1].params == {"extra": "тәртіп"}


@pytest.mark.parametrize("text, start, end", [
    ("01.09.2025", date(2025, 9, 1), date(2025, 9, 1)),
    ("1.9.25", date(2025, 9, 1), date(2025, 9, 1)),
    ("01.09-15.10.2025", date(2025, 9, 1), date(2025, 10, 15)),
    ("29.09 - 03.10", date(2025, 9, 29), date(2025, 10, 3)),
    ("01.09.2025-15.10.2025", date(2025, 9, 1), date(2025, 10, 15)),
    ("29.12-05.01", date(2025, 12, 29), date(2026, 1, 5)),
    ("10.11.2025 г.", date(2025, 11, 10), date(2025, 11, 10)),
    ("10.11.2025 года", date(2025, 11, 10), date(2025, 11, 10)),
    ("10.11.2025 жыл", date(2025, 11, 10), date(2025, 11, 10)),
    ("15.05", date(2026, 5, 15), date(2026, 5, 15)),
])
def test_numeric_dates_in_the_year(text, start, end):
    assert parse_when(text, YEAR) == When(start, end, "once", ())


@pytest.mark.parametrize("text, start, end", [
    ("10 қазан", date(2025, 10, 10), date(2025, 10, 10)),
    ("10-14 қараша", date(2025, 11, 10), date(2025, 11, 14)),
    ("2025 жылғы 10 қазан", date(2025, 10, 10), date(2025, 10, 10)),
    ("қыркүйек айы", date(2025, 9, 1), date(2025, 9, 30)),
    ("ҚЫРКҮЙЕК АЙЫ", date(2025, 9, 1), date(2025, 9, 30)),
    ("қыркүйекте", date(2025, 9, 1), date(2025, 9, 30)),
    ("қазан айында", date(2025, 10, 1), date(2025, 10, 31)),
    ("ақпанның", date(2026, 2, 1), date(2026, 2, 28)),
    ("акпан", date(2026, 2, 1), date(2026, 2, 28)),
    ("қыркүйек-қазан", date(2025, 9, 1), date(2025, 10, 31)),
    ("желтоқсан - қаңтар", date(2025, 12, 1), date(2026, 1, 31)),
    ("15.09-тан 20.10-ға дейін", date(2025, 9, 15), date(2025, 10, 20)),
])
def test_kazakh_month_names(text, start, end):
    assert parse_when(text, YEAR) == When(start, end, "once", ())


@pytest.mark.parametrize("text, start, end", [
    ("с 10 по 14 ноября", date(2025, 11, 10), date(2025, 11, 14)),
    ("10 ноября 2025 г.", date(2025, 11, 10), date(2025, 11, 10)),
    ("10-14 ноября", date(2025, 11, 10), date(2025, 11, 14)),
    ("15 сентября - 20 октября", date(2025, 9, 15), date(2025, 10, 20)),
    ("в течение сентября", date(2025, 9, 1), date(2025, 9, 30)),
    ("в сентябре", date(2025, 9, 1), date(2025, 9, 30)),
    ("февраль", date(2026, 2, 1), date(2026, 2, 28)),
    ("сентябрь - май", date(2025, 9, 1), date(2026, 5, 31)),
    ("20 мая", date(2026, 5, 20), date(2026, 5, 20)),
])
def test_russian_month_names(text, start, end):
    assert parse_when(text, YEAR) == When(start, end, "once", ())


@pytest.mark.parametrize("text", ["31.02", "15.13", "32-35.09", "29.02", "00.09.2025"])
def test_impossible_date(text):
    when = parse_when(text, YEAR)
    assert (when.start, when.end, when.frequency) == (None, None, "once")
    assert codes(when) == ["date_impossible"]
    assert when.problems[0].severity == ERROR
    assert when.problems[0].params == {"text": text}


@pytest.mark.parametrize("text", ["15-10.09", "15.10-01.09", "05.01-29.12"])
def test_range_ending_before_it_starts(text):
    when = parse_when(text, YEAR)
    assert (when.start, when.end) == (None, None)
    assert codes(when) == ["date_range_reversed"]
    assert when.problems[0].severity == ERROR


@pytest.mark.parametrize("text, frequency", [
    ("Айына бір рет", "monthly"),
    ("Айына 1 рет", "monthly"),
    ("ай сайын", "monthly"),
    ("ежемесячно", "monthly"),
    ("1 раз в месяц", "monthly"),
    ("раз в месяц", "monthly"),
    ("Аптасына 1 рет", "weekly"),
    ("апта сайын", "weekly"),
    ("еженедельно", "weekly"),
    ("1 раз в неделю", "weekly"),
    ("Тоқсанына 1 рет", "quarterly"),
    ("Токсанына 1 рет", "quarterly"),
    ("тоқсан сайын", "quarterly"),
    ("1 раз в четверть", "quarterly"),
    ("ежеквартально", "quarterly"),
    ("жыл бойы", "ongoing"),
    ("оқу жылы бойы", "ongoing"),
    ("үнемі", "ongoing"),
    ("в течение года", "ongoing"),
    ("в течение учебного года", "ongoing"),
    ("постоянно", "ongoing"),
])
def test_frequency_phrases(text, frequency):
    assert parse_when(text, YEAR) == When(None, None, frequency, ())


@pytest.mark.parametrize("text, frequency", [
    ("АЙЫНА БIР РЕТ", "monthly"),  # Latin "I"
    ("айына бiр рет", "monthly"),  # Latin "i"
    ("Айына  1   рет.", "monthly"),
    ("Айына1рет", "monthly"),
    ("токсанына бир рет", "quarterly"),
    ("аптасына бир рет", "weekly"),
    ("оку жылы бойы", "ongoing"),
    ("унеми", "ongoing"),
    ("жыл бойына", "ongoing"),
    ("Ежемесячно", "monthly"),
])
def test_frequency_phrases_as_typed(text, frequency):
    assert parse_when(text, YEAR) == When(None, None, frequency, ())


def test_phrase_with_a_start_date():
    when = parse_when("Айына 1 рет, 15.09-тан бастап", YEAR)
    assert when == When(date(2025, 9, 15), None, "monthly", ())


def test_phrase_with_a_period():
    assert parse_when("Ежемесячно\nсентябрь-май", YEAR) == When(date(2025, 9, 1), date(2026, 5, 31), "monthly", ())


def test_ongoing_phrase_gives_way_to_a_periodic_one():
    assert parse_when("жыл бойы, айына 1 рет", YEAR) == When(None, None, "monthly", ())


def test_two_periodic_phrases_keep_the_most_frequent():
    when = parse_when("Айына 1 рет\nАптасына 1 рет", YEAR)
    assert when.frequency == "weekly"
    assert codes(when) == ["frequency_several"]
    assert when.problems[0].params == {"phrases": "Айына 1 рет; Аптасына 1 рет", "used": "Аптасына 1 рет"}


def test_open_periods():
    assert parse_when("с 15.09", YEAR) == When(date(2025, 9, 15), None, "ongoing", ())
    assert parse_when("до 15.10", YEAR) == When(None, date(2025, 10, 15), "once", ())
    assert parse_when("15.10-ға дейін", YEAR) == When(None, date(2025, 10, 15), "once", ())


def test_several_dates_span_from_first_to_last():
    when = parse_when("10.09.2025, 15.10.2025", YEAR)
    assert (when.start, when.end, when.frequency) == (date(2025, 9, 10), date(2025, 10, 15), "once")
    assert codes(when) == ["date_several"]
    assert when.problems[0].params == {"text": "10.09.2025; 15.10.2025", "start": "10.09.2025", "end": "15.10.2025"}


def test_time_of_day_is_not_a_date():
    assert parse_when("15.09.2025 сағ 10.00", YEAR) == When(date(2025, 9, 15), date(2025, 9, 15), "once", ())
    assert parse_when("15.09.2025, 10:00", YEAR) == When(date(2025, 9, 15), date(2025, 9, 15), "once", ())


@pytest.mark.parametrize("text", ["", "   ", "-", "\n"])
def test_empty_cell(text):
    when = parse_when(text, YEAR)
    assert (when.start, when.end, when.frequency) == (None, None, "unknown")
    assert codes(when) == ["date_missing"]
    assert when.problems[0].severity == ERROR


@pytest.mark.parametrize("text", ["Өткізу мерзімі", "2 раза в месяц", "айына екі рет", "2026 ж."])
def test_unknown_frequency(text):
    when = parse_when(text, YEAR)
    assert (when.start, when.end, when.frequency) == (None, None, "unknown")
    assert codes(when) == ["frequency_unknown"]
    assert when.problems[0].params == {"text": text}


@pytest.mark.parametrize("text, start, end", [
    ("01.09.2025", date(2025, 9, 1), date(2025, 9, 1)),
    ("10.03.2022 ж.", date(2022, 3, 10), date(2022, 3, 10)),
    ("01.09-15.10.2025", date(2025, 9, 1), date(2025, 10, 15)),
    ("29.12-05.01.2026", date(2025, 12, 29), date(2026, 1, 5)),
    ("10 ноября 2025 г.", date(2025, 11, 10), date(2025, 11, 10)),
    ("қыркүйек 2025", date(2025, 9, 1), date(2025, 9, 30)),
])
def test_no_academic_year_uses_the_written_year(text, start, end):
    assert parse_when(text, None) == When(start, end, "once", ())


@pytest.mark.parametrize("text", ["10 қазан", "15.09", "01-15.09"])
def test_no_academic_year_and_no_written_year(text):
    when = parse_when(text, None)
    assert (when.start, when.end, when.frequency) == (None, None, "once")
    assert codes(when) == ["date_no_year"]
    assert when.problems[0].severity == ERROR


def test_no_academic_year_checks_leap_years():
    assert codes(parse_when("29.02.2025", None)) == ["date_impossible"]
    assert parse_when("29.02.2024", None).start == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["1" * 500, "31.31.31.31", "--..--", "\ud800", "İİİ 01.09", "с по до", "9999-99.99.9999"])
def test_never_raises(text):
    assert parse_when(text, YEAR).frequency in {"once", "weekly", "monthly", "quarterly", "ongoing", "unknown"}
    assert parse_when(text, None).frequency in {"once", "weekly", "monthly", "quarterly", "ongoing", "unknown"}


def test_every_problem_has_a_message_in_both_languages():
    texts = ["", "что-то", "31.02", "15-10.09", "01-15.09. 2023ж", "тәртіп 04.03.2022 ж.", "10.09, 15.10",
             "Айына 1 рет, апта сайын"]
    problems = [p for text in texts for p in parse_when(text, YEAR).problems]
    problems += parse_when("10 қазан", None).problems
    assert {p.code for p in problems} == {
        "date_missing", "frequency_unknown", "date_impossible", "date_range_reversed", "date_year_replaced",
        "date_extra_text", "date_several", "frequency_several", "date_no_year",
    }
    for problem in problems:
        for lang in labels.LANGS:
            message = labels.text(f"note.{problem.code}", lang, **problem.params)
            assert "{" not in message and "\n" not in message


# --- when-cells other schools write (issue 10) ---

@pytest.mark.parametrize("text, start, end", [
    ("09.01", date(2026, 1, 9), date(2026, 1, 9)),
    ("05.09 – 12.09", date(2025, 9, 5), date(2025, 9, 12)),
    ("Қазан", date(2025, 10, 1), date(2025, 10, 31)),
    ("ҚАЗАН", date(2025, 10, 1), date(2025, 10, 31)),
    ("қазан айы бойы", date(2025, 10, 1), date(2025, 10, 31)),
    ("в течение октября", date(2025, 10, 1), date(2025, 10, 31)),
    ("январь", date(2026, 1, 1), date(2026, 1, 31)),
    ("қыркүйек-қазан", date(2025, 9, 1), date(2025, 10, 31)),
    ("1 неделя октября", date(2025, 10, 1), date(2025, 10, 7)),
    ("2-апта, қараша", date(2025, 11, 8), date(2025, 11, 14)),
    ("І жарты жылдық", date(2025, 9, 1), date(2025, 12, 31)),
    ("ІІ полугодие", date(2026, 1, 1), date(2026, 5, 31)),
    ("II полугодие", date(2026, 1, 1), date(2026, 5, 31)),
    ("второе полугодие", date(2026, 1, 1), date(2026, 5, 31)),
])
def test_dates_without_a_year_months_ranges_weeks_and_halves_are_once(text, start, end):
    when = parse_when(text, YEAR)
    assert (when.start, when.end, when.frequency, codes(when)) == (start, end, "once", [])


@pytest.mark.parametrize("text, month, start, end", [
    ("1-апта", 10, date(2025, 10, 1), date(2025, 10, 7)),
    ("2-3 апта", 10, date(2025, 10, 8), date(2025, 10, 21)),
    ("вторая неделя", 11, date(2025, 11, 8), date(2025, 11, 14)),
    ("1-2 неделя", 9, date(2025, 9, 1), date(2025, 9, 14)),
    ("4-апта", 2, date(2026, 2, 22), date(2026, 2, 28)),
    ("5-апта", 11, date(2025, 11, 29), date(2025, 11, 30)),
    ("последняя неделя", 12, date(2025, 12, 29), date(2025, 12, 31)),
])
def test_a_week_takes_the_rows_month(text, month, start, end):
    when = parse_when(text, YEAR, month)
    assert (when.start, when.end, when.frequency, codes(when)) == (start, end, "once", [])


def test_a_week_without_any_month_is_an_error_that_quotes_it():
    when = parse_when("2-3 апта", YEAR)
    assert (when.start, when.end, codes(when)) == (None, None, ["date_week_month_missing"])
    assert labels.text("note.date_week_month_missing", "ru", **when.problems[0].params) == (
        "Неизвестно, к какому месяцу относится неделя «2-3 апта» (в строке нет ни месяца, ни заголовка месяца). "
        "Укажите месяц, например «1 неделя октября».")


@pytest.mark.parametrize("text, frequency", [
    ("әр жұма сайын", "weekly"), ("жұма сайын", "weekly"), ("әр дүйсенбі", "weekly"), ("по пятницам", "weekly"),
    ("каждый понедельник", "weekly"), ("каждую среду", "weekly"), ("по средам", "weekly"),
    ("күнделікті", "ongoing"), ("күн сайын", "ongoing"), ("ежедневно", "ongoing"), ("каждый день", "ongoing"),
    ("постоянно", "ongoing"), ("в течение года", "ongoing"),
])
def test_weekday_and_daily_recurrences(text, frequency):
    when = parse_when(text, YEAR)
    assert (when.start, when.end, when.frequency, codes(when)) == (None, None, frequency, [])


def test_words_that_only_look_like_a_weekday_are_no_recurrence():
    assert parse_when("по средствам связи", YEAR).frequency == "unknown"
