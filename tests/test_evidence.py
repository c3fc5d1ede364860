import datetime as dt

import pytest

from pipeline.base import labels
from pipeline.base.notes import WARNING, Problem
from pipeline.normalize.evidence import Evidence, Occurrence, future_dates, read_evidence

NOTHING = Evidence(occurrences=(), not_held=(), moved_to=None, links=(), problems=())


def read(*lines, first_year=2025):
    return read_evidence(tuple(lines), first_year)


@pytest.mark.parametrize("template", [
    "Әлеуметтік желіге жариялау /Сілтеме/",
    "Әлеуметтік желіге жариялау",
    "Әлеуметтік желіге, БАҚ жариялау /Сілтеме/",
    "Анықтама",
    "Публикация в социальных сетях /Ссылка/",
    "Справка",
    "Сілтеме",
    "Ссылка",
    "  әлеуметтік ЖЕЛІГЕ жариялау / сілтеме / ",
    "Элеуметтик желиге жариялау /Силтеме/",
])
def test_template_text_is_not_evidence(template):
    assert read(template) == NOTHING


def test_empty_cell_is_nothing():
    assert read() == NOTHING


def test_link_below_template_is_one_undated_occurrence():
    link = "https://www.instagram.com/p/mektep2_parlament_saylau/"
    assert read("Әлеуметтік желіге жариялау", link) == Evidence(
        occurrences=(Occurrence(None, (link,), "link", link),),
        not_held=(), moved_to=None, links=(link,), problems=())


def test_link_after_template_on_same_line_counts():
    link = "https://t.me/ml2_parlament/7"
    evidence = read(f"Әлеуметтік желіге жариялау {link}")
    assert [(o.date, o.links) for o in evidence.occurrences] == [(None, (link,))]


def test_done_mark_above_link_is_one_dated_occurrence():
    link = "https://www.facebook.com/ml2kokshetau/posts/2101"
    assert read("Өткізілді 19.09.2025", link).occurrences == (
        Occurrence(dt.date(2025, 9, 19), (link,), "link", f"Өткізілді 19.09.2025 {link}"),)


def test_done_mark_below_link_dates_it_instead_of_counting_again():
    evidence = read("https://t.me/ml2_parlament/5", "Орындалды 03.10.2025")
    assert [(o.date, o.links) for o in evidence.occurrences] == [
        (dt.date(2025, 10, 3), ("https://t.me/ml2_parlament/5",))]


def test_done_mark_with_link_on_same_line_counts_once():
    evidence = read("Өткізілді 19.09.2025 https://t.me/ml2_parlament/1")
    assert [(o.date, o.kind) for o in evidence.occurrences] == [(dt.date(2025, 9, 19), "link")]


def test_not_held_with_reason():
    assert read("Өткізілмеді: ауа райына байланысты") == Evidence(
        occurrences=(), not_held=(None,), moved_to=None, links=(), problems=())


def test_not_held_with_date():
    assert read("Орындалмады 14.11.2025").not_held == (dt.date(2025, 11, 14),)


def test_two_dated_references():
    assert read("Анықтама 26.09.2025", "Анықтама 17.10.2025").occurrences == (
        Occurrence(dt.date(2025, 9, 26), (), "reference", "Анықтама 26.09.2025"),
        Occurrence(dt.date(2025, 10, 17), (), "reference", "Анықтама 17.10.2025"),
    )


def test_reference_with_number_and_date():
    assert read("Анықтама №2, 22.10.2025").occurrences == (
        Occurrence(dt.date(2025, 10, 22), (), "reference", "Анықтама №2, 22.10.2025"),)


def test_reference_with_number_only_is_undated():
    assert read("Анықтама №5").occurrences == (Occurrence(None, (), "reference", "Анықтама №5"),)


def test_moved_to_date():
    assert read("Ауыстырылды 20.10.2025") == Evidence(
        occurrences=(), not_held=(), moved_to=dt.date(2025, 10, 20), links=(), problems=())


def test_moved_to_date_with_suffix_and_last_moved_line_wins():
    evidence = read("Ауыстырылды: 10.12.2025 күнге", "Ауыстырылды 17.12.2025")
    assert evidence.moved_to == dt.date(2025, 12, 17)
    assert evidence.problems == ()


def test_moved_without_date_is_warned():
    assert read("Ауыстырылды").problems == (
        Problem(WARNING, "evidence_moved_no_date", {"line": "Ауыстырылды"}),)


def test_date_before_link_dates_it():
    link = "https://t.me/ml2_parlament/3"
    assert read(f"16.10.2025 {link}") == Evidence(
        occurrences=(Occurrence(dt.date(2025, 10, 16), (link,), "link", f"16.10.2025 {link}"),),
        not_held=(), moved_to=None, links=(link,), problems=())


def test_two_links_on_two_lines_are_two_undated_occurrences():
    first, second = "https://www.instagram.com/p/DA1/", "https://www.instagram.com/p/DA2/"
    assert read(first, second).occurrences == (
        Occurrence(None, (first,), "link", first),
        Occurrence(None, (second,), "link", second),
    )


def test_links_without_scheme_and_same_link_twice_counts_once():
    # One line, two sites: one event (noted); the same Instagram post again on the next line: nothing.
    evidence = read("instagram.com/p/x1, t.me/ml2/4.", "https://www.instagram.com/p/x1/")
    assert evidence.links == ("instagram.com/p/x1", "t.me/ml2/4")
    assert [o.links for o in evidence.occurrences] == [("instagram.com/p/x1", "t.me/ml2/4")]
    assert [p.code for p in evidence.problems] == ["evidence_links_one_event"]


def test_russian_cell():
    evidence = read(
        "Публикация в социальных сетях /Ссылка/",
        "Проведено 12.11.2025",
        "https://t.me/school/9",
        "Справка №3 от 20.11.2025",
        "Не проведено",
        "Перенесено на 10.12.2025",
    )
    assert [(o.date, o.kind, o.links) for o in evidence.occurrences] == [
        (dt.date(2025, 11, 12), "link", ("https://t.me/school/9",)),
        (dt.date(2025, 11, 20), "reference", ()),
    ]
    assert evidence.not_held == (None,)
    assert evidence.moved_to == dt.date(2025, 12, 10)
    assert evidence.problems == ()


def test_russian_done_mark_alone():
    assert read("Выполнено").occurrences == (Occurrence(None, (), "mark", "Выполнено"),)


def test_done_mark_typed_with_russian_letters_and_short_date():
    assert read("откизилди 19.09").occurrences == (
        Occurrence(dt.date(2025, 9, 19), (), "mark", "откизилди 19.09"),)


def test_short_dates_fall_in_the_academic_year():
    evidence = read("Өтті 05.02", "Өтті 10.12.25")
    assert [o.date for o in evidence.occurrences] == [dt.date(2026, 2, 5), dt.date(2025, 12, 10)]


def test_short_date_without_academic_year_is_undated():
    assert read("Өткізілді 19.09", first_year=None).occurrences[0].date is None


def test_unclear_text_is_warned_and_not_counted():
    assert read("Оқушылар қатысты") == Evidence(
        occurrences=(), not_held=(), moved_to=None, links=(),
        problems=(Problem(WARNING, "evidence_unclear", {"line": "Оқушылар қатысты"}),))


def test_lone_date_is_unclear():
    assert [p.code for p in read("19.09.2025").problems] == ["evidence_unclear"]


def test_stale_year_is_replaced_like_the_plans_own_dates():
    # Rule 4: 2023 is earlier than 2025-2026: day and month are placed in the academic year.
    evidence = read("Өткізілді 14.11.2023")
    assert evidence.occurrences[0].date == dt.date(2025, 11, 14)
    assert evidence.problems == (Problem(WARNING, "evidence_date_year_replaced", {
        "date": "14.11.2023", "used": "14.11.2025", "line": "Өткізілді 14.11.2023"}),)
    assert read("Ауыстырылды 10.12.2023").moved_to == dt.date(2025, 12, 10)
    assert read("Өткізілді 14.05.23").occurrences[0].date == dt.date(2026, 5, 14)   # May of 2025-2026
    # 2025 is not earlier than 2025-2026: 14.05.2025 is kept, outside the year.
    assert [p.code for p in read("Өткізілді 14.05.2025").problems] == ["evidence_date_outside_year"]


def test_a_date_later_than_today_is_warned_but_not_a_move_date():
    cell = ("Өткізілді 05.12.2026", "Өткізілді 01.12.2026", "Ауыстырылды 20.12.2026")
    assert future_dates(cell, 2026, dt.date(2026, 12, 1)) == (Problem(WARNING, "evidence_date_future", {
        "date": "05.12.2026", "line": "Өткізілді 05.12.2026"}),)


def test_later_year_is_warned_and_kept():
    evidence = read("Ауыстырылды 10.09.2026")
    assert evidence.moved_to == dt.date(2026, 9, 10)
    assert evidence.problems == (Problem(WARNING, "evidence_date_outside_year", {
        "date": "10.09.2026", "year": "2025-2026", "line": "Ауыстырылды 10.09.2026"}),)


def test_impossible_date_is_warned_and_undated():
    evidence = read("Өткізілді 31.09.2025")
    assert evidence.occurrences == (Occurrence(None, (), "mark", "Өткізілді 31.09.2025"),)
    assert evidence.problems == (Problem(WARNING, "evidence_date_invalid", {
        "date": "31.09.2025", "line": "Өткізілді 31.09.2025"}),)


def test_every_problem_has_a_message_in_both_languages():
    cell = ("Ауыстырылды", "Оқушылар қатысты", "Өтті 31.09.2025", "Өтті 01.10.2021", "Өтті 01.10.2027",
            "https://t.me/a/1 https://instagram.com/p/a")
    problems = read(*cell).problems + future_dates(cell, 2025, dt.date(2026, 12, 1))
    assert [p.code for p in problems] == [
        "evidence_moved_no_date", "evidence_unclear", "evidence_date_invalid", "evidence_date_year_replaced",
        "evidence_date_outside_year", "evidence_links_one_event", "evidence_date_future"]
    for problem in problems:
        for lang in labels.LANGS:
            assert labels.text(f"note.{problem.code}", lang, **problem.params)


@pytest.mark.parametrize("lines", [None, "Өткізілді", ["Өткізілді", None, 3.5], ("\x00", "")])
def test_odd_input_does_not_raise(lines):
    assert isinstance(read_evidence(lines, None), Evidence)


# --- one event per line, one post once (issue 8, rule 7) ---

def test_same_event_on_two_sites_is_one_occurrence_with_both_links():
    ig, fb = "https://www.instagram.com/p/A1/", "https://m.facebook.com/ml2/posts/7"
    evidence = read(f"Өткізілді 19.09.2025 {ig} {fb}")
    assert [(o.date, o.links) for o in evidence.occurrences] == [(dt.date(2025, 9, 19), (ig, fb))]
    assert evidence.problems == (Problem(WARNING, "evidence_links_one_event", {
        "line": f"Өткізілді 19.09.2025 {ig} {fb}", "count": 2}),)


def test_several_posts_of_one_site_on_one_line_are_one_each():
    first, second = "https://t.me/ml2/1", "https://t.me/ml2/2"
    evidence = read(f"{first} {second}")
    assert [o.links for o in evidence.occurrences] == [(first,), (second,)]
    assert evidence.problems == ()


def test_a_dated_line_is_at_most_one_occurrence_per_date():
    # Two posts of one site and one date: one event on that date, both links kept.
    first, second = "https://t.me/ml2/1", "https://t.me/ml2/2"
    evidence = read(f"Өткізілді 19.09.2025 {first} {second}")
    assert [(o.date, o.links) for o in evidence.occurrences] == [(dt.date(2025, 9, 19), (first, second))]
    assert [p.code for p in evidence.problems] == ["evidence_links_one_event"]
    # Two dates, two posts: one each.
    two = read(f"19.09.2025, 26.09.2025 {first} {second}")
    assert [(o.date, o.links) for o in two.occurrences] == [
        (dt.date(2025, 9, 19), (first,)), (dt.date(2025, 9, 26), (second,))]


@pytest.mark.parametrize("variant", [
    "https://www.instagram.com/p/DA1/?igsh=MWx0c2Z4",
    "http://instagram.com/p/DA1",
    "instagram.com/p/DA1/?utm_source=ig_web_copy_link&utm_medium=share",
    "https://www.INSTAGRAM.com/p/DA1/#comments",
])
def test_the_same_post_with_a_share_tail_counts_once(variant):
    evidence = read("https://www.instagram.com/p/DA1/", variant)
    assert [o.links for o in evidence.occurrences] == [("https://www.instagram.com/p/DA1/",)]
    assert evidence.links == ("https://www.instagram.com/p/DA1/",)


def test_a_query_that_names_the_post_is_kept():
    evidence = read("https://www.facebook.com/story.php?story_fbid=1&id=9",
                    "https://www.facebook.com/story.php?story_fbid=2&id=9")
    assert len(evidence.occurrences) == 2


@pytest.mark.parametrize("line, moved_to", [
    ("Өткізілмеді, 10.12.2025 күніне ауыстырылды", dt.date(2025, 12, 10)),
    ("Не проведено, перенесено на 10.12", dt.date(2025, 12, 10)),
])
def test_not_held_and_moved_on_one_line_is_a_move(line, moved_to):
    evidence = read(line)
    assert (evidence.moved_to, evidence.not_held, evidence.occurrences) == (moved_to, (), ())
