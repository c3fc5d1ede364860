from datetime import date

import pytest

from pipeline.base.academic_year import AcademicYear


@pytest.mark.parametrize("text", ["2025-2026", "2025/2026", "2025 – 2026", " 2025 - 2026 "])
def test_parse_written_forms(text):
    assert AcademicYear.parse(text) == AcademicYear(2025)


@pytest.mark.parametrize("text", ["2025-2027", "2025", "оқу жылы", "x2025-2026y"])
def test_parse_refuses_other_text(text):
    assert AcademicYear.parse(text) is None


def test_find_in_a_title():
    assert AcademicYear.find("на 2024-2025 учебный год") == AcademicYear(2024)
    assert AcademicYear.find("2021-2024 жж., 2025/2026 оқу жылы") == AcademicYear(2025)


def test_days_and_months():
    year = AcademicYear(2025)
    assert (year.name, year.start, year.end) == ("2025-2026", date(2025, 9, 1), date(2026, 8, 31))
    assert (year.year_of_month(9), year.year_of_month(12), year.year_of_month(1), year.year_of_month(8)) == (2025, 2025, 2026, 2026)
    assert AcademicYear.of_day(date(2026, 8, 31)) == year == AcademicYear.of_day(date(2025, 9, 1))
    assert year.holds(date(2026, 5, 25)) and not year.holds(date(2026, 9, 1))
