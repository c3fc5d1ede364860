import pytest

from pipeline.base import labels
from pipeline.base.notes import ERROR, WARNING
from pipeline.normalize.audience import Audience, parse_audience, split_leading_audience


def grades(text):
    return parse_audience(text).grades


def codes(text):
    return [(p.severity, p.code) for p in parse_audience(text).problems]


def test_kazakh_range_of_grades():
    audience = parse_audience("5-9 сыныптар")
    assert (audience.grade_min, audience.grade_max) == (5, 9)
    assert audience.grades == (5, 6, 7, 8, 9)
    assert audience.problems == ()


def test_grades_with_learner_words():
    audience = parse_audience("1-9 сынып білім алушылары")
    assert (audience.grade_min, audience.grade_max) == (1, 9)
    assert audience.problems == ()


def test_single_grade_with_hyphenated_word():
    audience = parse_audience("7-сынып білім алушылары")
    assert (audience.grade_min, audience.grade_max, audience.grades) == (7, 7, (7,))


def test_two_groups_of_grades():
    audience = parse_audience("1-4 сыныптар 5-9 сыныптар")
    assert (audience.grade_min, audience.grade_max) == (1, 9)
    assert audience.grades == tuple(range(1, 10))


def test_range_and_single_grade_leave_a_gap():
    audience = parse_audience("5-7 сыныптар, 9 сынып")
    assert audience.grades == (5, 6, 7, 9)
    assert (audience.grade_min, audience.grade_max) == (5, 9)


def test_list_of_grades():
    assert grades("5,6,7 сыныптар") == (5, 6, 7)
    assert grades("1-4 және 5-9 сыныптар") == tuple(range(1, 10))


def test_russian_grades():
    assert grades("5-9 классы") == (5, 6, 7, 8, 9)
    assert grades("обучающиеся 1-4, 5-9 классов") == tuple(range(1, 10))
    assert grades("8 класс") == (8,)
    assert grades("учащиеся 10-11 классов") == (10, 11)
    assert grades("1-4 и 5-9 классы") == tuple(range(1, 10))
    assert grades("5-9 кл.") == (5, 6, 7, 8, 9)
    assert grades("классы: 5-9") == (5, 6, 7, 8, 9)


def test_all_grades():
    assert grades("барлық сыныптар") == tuple(range(1, 12))
    assert grades("все классы") == tuple(range(1, 12))


def test_preschool_class_is_grade_zero():
    assert grades("0 сынып") == (0,)
    assert grades("предшкольный класс") == (0,)
    assert grades("предшкольный класс, 1-4 классы") == (0, 1, 2, 3, 4)


def test_class_letters_and_misspelt_kazakh_letters():
    assert grades("7А сынып") == (7,)
    assert grades("5 «Б» класс") == (5,)
    assert grades("5-9 сынып білім алушылары") == grades("5-9 сынып билим алушылары")


def test_bare_numbers_are_grades():
    assert grades("5-9") == (5, 6, 7, 8, 9)


def test_grade_out_of_range_is_an_error():
    audience = parse_audience("5-19 сыныптар")
    assert audience.grades == ()
    assert (audience.grade_min, audience.grade_max) == (None, None)
    assert codes("5-19 сыныптар") == [(ERROR, "grades_out_of_range")]
    assert audience.problems[0].params["grades"] == "5-19"
    assert codes("100 сынып") == [(ERROR, "grades_out_of_range")]


def test_valid_group_is_kept_beside_one_out_of_range():
    assert grades("1-4, 5-19 сыныптар") == (1, 2, 3, 4)


def test_reversed_range_is_swapped_with_a_warning():
    audience = parse_audience("9-5 сыныптар")
    assert audience.grades == (5, 6, 7, 8, 9)
    assert codes("9-5 сыныптар") == [(WARNING, "grades_reversed")]
    assert audience.problems[0].params == {"grades": "9-5", "fixed": "5-9"}


def test_text_without_grades_is_a_warning():
    for text in ("", "30 оқушы", "сынып 5", "белсенді оқушылар"):
        audience = parse_audience(text)
        assert (audience.grade_min, audience.grade_max, audience.grades) == (None, None, ())
        assert codes(text) == [(WARNING, "grades_missing")]


def test_a_date_is_not_read_as_grades():
    assert grades("04.03.2022 5 сынып") == (5,)


def test_problem_messages_exist_in_both_languages():
    for problem in (
        parse_audience("5-19 сыныптар").problems[0],
        parse_audience("9-5 сыныптар").problems[0],
        parse_audience("белсенді оқушылар").problems[0],
    ):
        for lang in ("kk", "ru"):
            message = labels.text(f"note.{problem.code}", lang, **problem.params)
            assert "{" not in message and "\n" not in message


def test_audience_on_its_own_line_before_evidence():
    lines = ["7-9 сынып білім алушылары", "Әлеуметтік желіге жариялау /Сілтеме/"]
    assert split_leading_audience(lines) == (
        "7-9 сынып білім алушылары", ["Әлеуметтік желіге жариялау /Сілтеме/"])


def test_audience_run_together_with_evidence():
    assert split_leading_audience(["5-9 сыныптар Әлеуметтік желіге жариялау /Сілтеме/"]) == (
        "5-9 сыныптар", ["Әлеуметтік желіге жариялау /Сілтеме/"])
    assert split_leading_audience(
        ["1-7 сынып білім алушылары Әлеуметтік желіге жариялау /Сілтеме/"]
    ) == ("1-7 сынып білім алушылары", ["Әлеуметтік желіге жариялау /Сілтеме/"])


def test_audience_over_two_lines():
    assert split_leading_audience(["7-9 сынып", "білім алушылары", "Анықтама"]) == (
        "7-9 сынып білім алушылары", ["Анықтама"])
    assert split_leading_audience(["1-4 сыныптар", "5-9 сыныптар Анықтама"]) == (
        "1-4 сыныптар 5-9 сыныптар", ["Анықтама"])


def test_cell_that_is_only_the_audience():
    assert split_leading_audience(["7-9 сынып білім алушылары"]) == ("7-9 сынып білім алушылары", [])


def test_cell_without_leading_audience_is_unchanged():
    for lines in (
        ["Әлеуметтік желіге жариялау /Сілтеме/", "5-9 сыныптар"],
        ["04.03.2022 5 сынып", "Өткізілді"],
        ["https://t.me/school/12 5-9 сыныптар"],
        ["оқушылар арасында сауалнама"],
        [],
    ):
        assert split_leading_audience(lines) == ("", lines)


def test_date_after_the_audience_stays_evidence():
    assert split_leading_audience(["7 сынып", "15.10.2025 Өткізілді"]) == (
        "7 сынып", ["15.10.2025 Өткізілді"])


def test_never_raises_on_odd_text():
    for text in (None, "-", "5-", "-9 сынып", "сынып:", "1 " * 3000 + "x", "\u200b\u00ad", "٥-٩ сынып"):
        parse_audience(text)
        split_leading_audience([text])


@pytest.mark.parametrize(("text", "expected"), [
    ("5-11 сынып", tuple(range(5, 12))), ("10-11", (10, 11)), ("барлық сыныптар", tuple(range(1, 12))),
    ("все классы", tuple(range(1, 12))), ("бастауыш сынып", (1, 2, 3, 4)), ("начальные классы", (1, 2, 3, 4)),
    ("орта буын", tuple(range(5, 10))), ("жоғары сынып оқушылары", (10, 11)), ("старшеклассники", (10, 11)),
    ("7 «А» сынып", (7,)), ("7А, 7Б", (7,)), ("12 сынып", (12,)), ("обучающиеся 10-12 классов", (10, 11, 12)),
])
def test_audience_forms_other_schools_write(text, expected):
    audience = parse_audience(text)
    assert (audience.grades, audience.problems) == (expected, ())


@pytest.mark.parametrize("text", ["ата-аналар", "мұғалімдер", "Родители", "классные руководители", "педагогтар"])
def test_adults_as_the_audience_keep_no_grades_without_a_warning(text):
    assert parse_audience(text) == Audience(None, None, (), ())


def test_a_named_group_starts_the_completion_cell():
    assert split_leading_audience(["бастауыш сынып оқушылары", "Өткізілді"]) == ("бастауыш сынып оқушылары", ["Өткізілді"])
