"""The estimated calendar of a year the project has no order for, against the years it has."""
from datetime import date, timedelta

import pytest

from pipeline.evaluate.estimate import estimated_calendar
from pipeline.evaluate.school_year import CALENDAR_DIR, load_school_year

FIELDS = ("teaching_start", "teaching_end", "break_start", "break_end")
# "Within a few days" of the real orders, at every boundary.
TOLERANCE = timedelta(days=2)


def boundaries(entries):
    return {(e["number"], f): e[f] for e in entries for f in FIELDS if f in e}


@pytest.mark.parametrize("first_year", [2024, 2025])
def test_the_estimate_lands_near_the_real_calendar(first_year):
    import tomllib

    real = tomllib.loads((CALENDAR_DIR / f"{first_year}-{first_year + 1}.toml").read_text(encoding="utf-8"))
    estimate = boundaries(estimated_calendar(first_year)["quarter"])
    actual = boundaries(real["quarter"])
    assert set(estimate) == set(actual)
    far = {key: (estimate[key], actual[key]) for key in actual if abs(estimate[key] - actual[key]) > TOLERANCE}
    assert far == {}


def test_the_estimate_of_2026_2027():
    quarters = estimated_calendar(2026)["quarter"]
    assert [(q["teaching_start"], q["teaching_end"]) for q in quarters] == [
        (date(2026, 9, 1), date(2026, 10, 25)),
        (date(2026, 11, 2), date(2026, 12, 27)),
        (date(2027, 1, 7), date(2027, 3, 19)),
        (date(2027, 3, 31), date(2027, 5, 25)),
    ]


@pytest.mark.parametrize("first_year", [y for y in range(2018, 2041) if y not in (2024, 2025)])
def test_every_year_without_a_file_gets_a_valid_estimate(first_year):
    year = load_school_year(first_year)
    assert year.estimated
    assert year.quarters[0].teaching_start.weekday() < 5
    assert year.quarters[3].teaching_end == date(first_year + 1, 5, 25)
