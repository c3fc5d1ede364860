from datetime import date

import pandas as pd
import pytest

from pipeline.base.notes import ERROR, Note
from pipeline.evaluate import school_year as calendar
from pipeline.evaluate.school_year import (
    CalendarError,
    load_school_year,
    occurrence_windows,
)
from schemas import FREQUENCIES

Y2025 = load_school_year(2025)
Q1, Q2, Q3, Q4 = Y2025.quarters

USER_2026 = """
academic_year = "2026-2027"
source = "test"

[[quarter]]
number = 1
teaching_start = 2026-09-01
teaching_end = 2026-10-25
break_start = 2026-10-26
break_end = 2026-11-01

[[quarter]]
number = 2
teaching_start = 2026-11-02
teaching_end = 2026-12-27
break_start = 2026-12-28
break_end = 2027-01-06

[[quarter]]
number = 3
teaching_start = 2027-01-07
teaching_end = 2027-03-17
break_start = 2027-03-18
break_end = 2027-03-28

[[quarter]]
number = 4
teaching_start = 2027-03-29
teaching_end = 2027-05-25
"""


def periods(year):
    return [(q.number, q.period_start, q.period_end) for q in year.quarters]


def counts(frequency, year=Y2025, start=None, end=None, section_month=None, moved_to=None):
    return [len(occurrence_windows(frequency, start, end, section_month, q, year, moved_to))
            for q in year.quarters]


def write(tmp_path, text, name="2026-2027.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_2025_report_periods_cover_the_year_breaks_going_to_the_next_quarter():
    assert periods(Y2025) == [
        (1, date(2025, 9, 1), date(2025, 10, 26)),
        (2, date(2025, 10, 27), date(2025, 12, 28)),
        (3, date(2025, 12, 29), date(2026, 3, 18)),
        (4, date(2026, 3, 19), date(2026, 8, 31)),
    ]
    assert [(q.teaching_start, q.teaching_end) for q in Y2025.quarters] == [
        (date(2025, 9, 1), date(2025, 10, 26)),
        (date(2025, 11, 3), date(2025, 12, 28)),
        (date(2026, 1, 8), date(2026, 3, 18)),
        (date(2026, 3, 30), date(2026, 5, 25)),
    ]


def test_2024_report_periods():
    assert periods(load_school_year(2024)) == [
        (1, date(2024, 9, 1), date(2024, 10, 27)),
        (2, date(2024, 10, 28), date(2024, 12, 29)),
        (3, date(2024, 12, 30), date(2025, 3, 20)),
        (4, date(2025, 3, 21), date(2025, 8, 31)),
    ]


def test_quarter_of_day():
    assert Y2025.quarter_of(date(2025, 9, 1)) == Q1
    assert Y2025.quarter_of(date(2025, 10, 30)) == Q2  # autumn break
    assert Y2025.quarter_of(date(2026, 1, 1)) == Q3  # winter break
    assert Y2025.quarter_of(date(2026, 3, 25)) == Q4  # spring break
    assert Y2025.quarter_of(date(2026, 7, 15)) == Q4  # summer
    assert Y2025.quarter_of(date(2025, 8, 31)) is None
    assert Y2025.quarter_of(date(2026, 9, 1)) is None


def test_weekly_counts_2025():
    # I: 1 Sep (Mon) - 26 Oct (Sun): weeks from 1, 8, 15, 22, 29 Sep, 6, 13, 20 Oct = 8
    # II: 3 Nov (Mon) - 28 Dec (Sun): weeks from 3, 10, 17, 24 Nov, 1, 8, 15, 22 Dec = 8
    # III: 8 Jan (Thu) - 18 Mar (Wed): weeks from 5, 12, 19, 26 Jan, 2, 9, 16, 23 Feb,
    #      2, 9, 16 Mar = 11
    # IV: 30 Mar (Mon) - 25 May (Mon): weeks from 30 Mar, 6, 13, 20, 27 Apr, 4, 11, 18, 25 May = 9
    assert counts("weekly") == [8, 8, 11, 9]
    windows = occurrence_windows("weekly", None, None, None, Q3, Y2025)
    assert windows[0] == (date(2026, 1, 5), date(2026, 1, 11))
    assert windows[-1] == (date(2026, 3, 16), date(2026, 3, 22))


def test_weekly_counts_2024():
    # I: 2 Sep (Mon) - 27 Oct (Sun): weeks from 2, 9, 16, 23, 30 Sep, 7, 14, 21 Oct = 8
    # II: 4 Nov (Mon) - 29 Dec (Sun): weeks from 4, 11, 18, 25 Nov, 2, 9, 16, 23 Dec = 8
    # III: 9 Jan (Thu) - 20 Mar (Thu): weeks from 6, 13, 20, 27 Jan, 3, 10, 17, 24 Feb,
    #      3, 10, 17 Mar = 11
    # IV: 1 Apr (Tue) - 25 May (Sun): weeks from 31 Mar, 7, 14, 21, 28 Apr, 5, 12, 19 May = 8
    assert counts("weekly", load_school_year(2024)) == [8, 8, 11, 8]


def test_monthly_counts_by_the_15th_and_only_months_with_teaching():
    # I: Sep, Oct; II: Nov, Dec; III: Jan, Feb, Mar (15 Mar is before 18 Mar); IV: Apr, May
    assert counts("monthly") == [2, 2, 3, 2]
    assert occurrence_windows("monthly", None, None, None, Q3, Y2025) == (
        (date(2026, 1, 1), date(2026, 1, 31)),
        (date(2026, 2, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2026, 3, 31)),
    )


def test_quarterly_and_ongoing_take_the_whole_period():
    assert counts("quarterly") == [1, 1, 1, 1]
    assert occurrence_windows("ongoing", None, None, None, Q2, Y2025) == (
        (date(2025, 10, 27), date(2025, 12, 28)),)


def test_recurring_activity_starts_in_its_section_month():
    assert counts("weekly", section_month=1) == [0, 0, 11, 9]
    assert counts("monthly", section_month=10) == [1, 2, 3, 2]
    assert counts("monthly", section_month=4) == [0, 0, 0, 2]
    assert counts("quarterly", section_month=2) == [0, 0, 1, 1]
    # December section: quarter III's period starts on 29 Dec, so it overlaps
    assert counts("ongoing", section_month=12) == [0, 1, 1, 1]


def test_recurring_activity_starts_at_its_later_start_date():
    # from Wednesday 17 Sep: weeks from 15, 22, 29 Sep, 6, 13, 20 Oct = 6
    assert counts("weekly", start=date(2025, 9, 17), section_month=9) == [6, 8, 11, 9]
    # a start date before the section month does not move the start earlier
    assert counts("monthly", start=date(2025, 9, 17), section_month=11) == [0, 2, 3, 2]


def test_once_in_the_quarter_whose_period_holds_its_start():
    assert counts("once", start=date(2025, 10, 30)) == [0, 1, 0, 0]  # autumn break
    assert occurrence_windows("once", date(2025, 9, 1), date(2025, 9, 15), None, Q1, Y2025) == (
        (date(2025, 9, 1), date(2025, 9, 15)),)
    assert occurrence_windows("once", date(2025, 9, 24), None, None, Q1, Y2025) == (
        (date(2025, 9, 24), date(2025, 9, 24)),)
    assert counts("once") == [0, 0, 0, 0]
    assert counts("once", start=date(2023, 9, 24)) == [0, 0, 0, 0]  # another year


def test_moved_once_counts_in_the_quarter_of_its_new_date():
    moved = counts("once", start=date(2025, 10, 22), moved_to=date(2025, 12, 10))
    assert moved == [0, 1, 0, 0]
    assert occurrence_windows("once", date(2025, 10, 22), None, None, Q2, Y2025, date(2025, 12, 10)) == (
        (date(2025, 12, 10), date(2025, 12, 10)),)


def test_activity_without_a_usable_date_is_expected_in_its_section_months_quarter():
    # Rule 9: "Кесте бойынша" in a table under "ЖЕЛТОҚСАН": once, in quarter II (15.12 is in it).
    assert counts("unknown", section_month=12) == [0, 1, 0, 0]
    assert counts("once", section_month=10) == [1, 0, 0, 0]       # 15.10 is in quarter I
    assert counts("unknown") == counts("as_needed", section_month=9) == [0, 0, 0, 0]
    assert not calendar.is_scheduled("unknown", None, None, None)
    assert not calendar.is_scheduled("as_needed", None, None, 9)
    assert calendar.is_scheduled("unknown", None, None, 12)


def test_deadline_alone_is_the_day_of_a_one_time_activity():
    assert counts("once", end=date(2025, 10, 15)) == [1, 0, 0, 0]   # "15.10-ға дейін"


def test_every_schema_frequency_is_handled():
    for frequency in FREQUENCIES:
        occurrence_windows(frequency, None, None, None, Q1, Y2025)
    with pytest.raises(ValueError):
        occurrence_windows("daily", None, None, None, Q1, Y2025)


def test_values_straight_from_a_frame_are_accepted():
    assert occurrence_windows("once", pd.Timestamp("2025-10-30"), pd.NaT, None, Q2, Y2025) == (
        (date(2025, 10, 30), date(2025, 10, 30)),)
    assert occurrence_windows("once", pd.NaT, pd.NaT, None, Q2, Y2025) == ()
    section = pd.array([1, None], dtype="Int64")
    assert len(occurrence_windows("weekly", pd.NaT, pd.NaT, section[0], Q2, Y2025)) == 0
    assert len(occurrence_windows("weekly", pd.NaT, pd.NaT, section[1], Q2, Y2025)) == 8


def test_a_year_without_a_file_gets_the_estimate():
    year = load_school_year(2031)
    assert year.estimated and year.first_year == 2031
    assert not load_school_year(2025).estimated


def test_user_file_adds_a_year(tmp_path):
    year = load_school_year(2026, (write(tmp_path, USER_2026),))
    assert periods(year) == [
        (1, date(2026, 9, 1), date(2026, 10, 25)),
        (2, date(2026, 10, 26), date(2026, 12, 27)),
        (3, date(2026, 12, 28), date(2027, 3, 17)),
        (4, date(2027, 3, 18), date(2027, 8, 31)),
    ]


def test_user_file_overrides_a_built_in_year(tmp_path):
    built_in = (calendar.CALENDAR_DIR / "2025-2026.toml").read_text(encoding="utf-8")
    text = built_in.replace("teaching_end = 2025-10-26", "teaching_end = 2025-10-19")
    year = load_school_year(2025, (write(tmp_path, text, "mine.toml"),))
    assert year.quarters[0].teaching_end == date(2025, 10, 19)
    assert load_school_year(2025).quarters[0].teaching_end == date(2025, 10, 26)


def test_user_file_for_another_year_leaves_the_built_in(tmp_path):
    assert load_school_year(2025, (write(tmp_path, USER_2026),)) == Y2025


@pytest.mark.parametrize("change, code, params", [
    (("[[quarter]]\nnumber = 4", "[[other]]\nnumber = 4"), "calendar_quarter_missing", {"quarter": 4}),
    (("number = 3", "number = 2"), "calendar_quarter_extra", {"quarter": 2}),
    (("number = 3", "number = 5"), "calendar_quarter_extra", {"quarter": 5}),
    (("teaching_end = 2027-03-17", "teaching_end = 2027-01-06"), "calendar_dates_out_of_order", {"quarter": 3}),
    (("break_start = 2026-10-26", "break_start = 2026-10-25"), "calendar_dates_out_of_order", {"quarter": 1}),
    (("teaching_start = 2026-11-02", "teaching_start = 2026-10-30"), "calendar_quarters_overlap",
     {"quarter": 2, "field": "teaching_start"}),
    (("teaching_end = 2027-05-25", "teaching_end = 2028-05-25"), "calendar_outside_year",
     {"quarter": 4, "year": "2026-2027"}),
    (("teaching_start = 2027-03-29", "teaching_start = \"29.03.2027\""), "calendar_date_invalid",
     {"quarter": 4, "field": "teaching_start"}),
    (("break_end = 2026-11-01\n", "\n"), "calendar_date_invalid", {"quarter": 1, "field": "break_end"}),
    (('"2026-2027"', '"2026-2028"'), "calendar_year_invalid", {}),
])
def test_malformed_user_file_names_the_file_and_the_problem(tmp_path, change, code, params):
    path = write(tmp_path, USER_2026.replace(*change, 1))
    with pytest.raises(CalendarError) as caught:
        load_school_year(2026, (path,))
    assert caught.value.code == code
    line = caught.value.params.pop("line")
    assert caught.value.params == {"file": str(path), **params}
    message = Note(ERROR, code, "plan.docx", params={**caught.value.params, "line": line}).message("ru")
    assert message.startswith(f"{path}, строка {line}: ")


def test_a_date_error_points_at_its_line(tmp_path):
    path = write(tmp_path, USER_2026.replace("teaching_start = 2027-03-29", 'teaching_start = "29.03.2027"'))
    with pytest.raises(CalendarError) as caught:
        load_school_year(2026, (path,))
    line = USER_2026.splitlines().index("teaching_start = 2027-03-29") + 1
    assert caught.value.params["line"] == line
    assert Note(ERROR, caught.value.code, "plan.docx", params=caught.value.params).message("kk") == (
        f"{path}, {line}-жол: number = 4 тоқсанының teaching_start күні жоқ не қате жазылған. "
        "Күнді 2026-09-01 түрінде жазыңыз.")


def test_a_syntax_error_is_one_line_in_the_users_language(tmp_path):
    path = write(tmp_path, 'academic_year = "2026-2027"\nsource = "x"\n[[quarter]]\nnumber = = 1\n')
    with pytest.raises(CalendarError) as caught:
        load_school_year(2026, (path,))
    assert caught.value.code == "calendar_syntax"
    assert Note(ERROR, caught.value.code, "plan.docx", params=caught.value.params).message("ru") == (
        f"{path}, строка 4: ошибка записи в файле календаря. Запишите строку как в образце: "
        "teaching_start = 2026-09-01 (текст в кавычках, дата без кавычек).")


def test_a_file_that_is_not_text(tmp_path):
    path = tmp_path / "2026-2027.toml"
    path.write_bytes("academic_year = '2026-2027'".encode("utf-16"))
    with pytest.raises(CalendarError) as caught:
        load_school_year(2026, (path,))
    assert caught.value.code == "calendar_not_text"


def test_quoted_iso_dates_are_accepted(tmp_path):
    text = USER_2026.replace("teaching_start = 2026-09-01", 'teaching_start = "2026-09-01"')
    year = load_school_year(2026, (write(tmp_path, text),))
    assert year.quarters[0].teaching_start == date(2026, 9, 1)


def test_built_in_files_are_named_after_their_year():
    for path in calendar.CALENDAR_DIR.glob("*.toml"):
        year = load_school_year(int(path.stem[:4]))
        assert f"{year.first_year}-{year.first_year + 1}" == path.stem


def test_an_august_preparation_row_before_the_year_counts_in_quarter_one():
    # 25.08.2025 is before 1 September: the preparation for 2025-2026, reported with quarter I.
    assert counts("once", start=date(2025, 8, 25), end=date(2025, 8, 29)) == [1, 0, 0, 0]
    # A day of July is no preparation: outside the year, expected nowhere.
    assert counts("once", start=date(2025, 7, 25)) == [0, 0, 0, 0]
