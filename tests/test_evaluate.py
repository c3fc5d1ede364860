from datetime import date

import pandas as pd
import pytest

from pipeline.evaluate.report import ReportPeriod
from pipeline.evaluate.school_year import load_school_year
from pipeline.evaluate.status import default_scope, evaluate, report_period, status_of
from schemas import Activities

Y2025 = load_school_year(2025)
END_OF_Q1 = date(2025, 10, 26)
WINTER_BREAK = date(2026, 1, 5)
LINK = "https://www.instagram.com/p/{}/"
TEMPLATE = "Әлеуметтік желіге жариялау /Сілтеме/"


def activity(activity_id="F1-01", frequency="once", start=None, end=None, month=None, evidence=(), **extra):
    """One Activities row; `evidence` are the completion cell's lines."""
    row = {
        "activity_id": activity_id, "fraction_no": int(activity_id[1:].split("-")[0]), "fraction": "ҚҰҚЫҚ",
        "section_month": month, "project": "", "title": "Іс-шара", "date_text": "",
        "start_date": start, "end_date": end or start, "frequency": frequency, "grade_min": None,
        "grade_max": None, "grades": "", "responsible": "", "partners": "",
        "evidence_text": "\n".join(evidence), "source": "plan.docx", "table_no": 1, "row_no": 1,
    }
    return {**row, **extra}


def plan(*rows):
    return Activities.validate(pd.DataFrame(list(rows), columns=list(Activities.to_schema().columns)))


def statuses(*rows, scope="1", as_of=END_OF_Q1):
    """The status rows by activity id."""
    frame = evaluate(plan(*rows), Y2025, scope, as_of)
    return {r["activity_id"]: r for r in frame.to_dict("records")}


def figures(row, *columns):
    return tuple(row[c] for c in columns)


QUARTER = ("expected", "due", "held", "status")
YEAR_TO_DATE = ("ytd_expected", "ytd_due", "ytd_held", "ytd_status")


# --- report periods and the default quarter ---

def test_report_period_of_a_quarter_starts_after_the_previous_quarter():
    assert report_period(Y2025, "2") == ReportPeriod(
        "2", date(2025, 10, 27), date(2025, 12, 28), date(2025, 11, 3), date(2025, 12, 28))


def test_report_period_of_quarter_four_runs_to_the_end_of_august():
    assert report_period(Y2025, "4") == ReportPeriod(
        "4", date(2026, 3, 19), date(2026, 8, 31), date(2026, 3, 30), date(2026, 5, 25))


def test_report_period_of_the_year():
    assert report_period(Y2025, "year") == ReportPeriod(
        "year", date(2025, 9, 1), date(2026, 8, 31), date(2025, 9, 1), date(2026, 5, 25))


def test_unknown_scope_is_a_code_error():
    with pytest.raises(ValueError):
        report_period(Y2025, "5")


@pytest.mark.parametrize("as_of, scope", [
    (date(2025, 8, 20), "1"),     # before the year
    (date(2025, 9, 1), "1"),
    (date(2025, 10, 30), "1"),    # autumn break
    (date(2025, 11, 3), "2"),
    (date(2025, 12, 29), "2"),    # winter break: quarter II is reported
    (date(2026, 1, 7), "2"),
    (date(2026, 1, 8), "3"),
    (date(2026, 3, 25), "3"),     # spring break
    (date(2026, 3, 30), "4"),
    (date(2026, 7, 1), "4"),      # summer
    (date(2026, 8, 31), "4"),     # the year's last day
    (date(2026, 9, 15), "year"),  # after the year: the whole year (rule 10)
])
def test_default_scope_is_the_latest_quarter_started(as_of, scope):
    assert default_scope(Y2025, as_of) == scope


# --- expected and due per frequency ---

@pytest.mark.parametrize("frequency, expected", [
    ("weekly", [8, 8, 11, 9]),
    ("monthly", [2, 2, 3, 2]),
    ("quarterly", [1, 1, 1, 1]),
    ("ongoing", [1, 1, 1, 1]),
])
def test_expected_per_quarter_of_recurring_activities_from_september(frequency, expected):
    rows = [statuses(activity(frequency=frequency, month=9), scope=str(q), as_of=date(2026, 8, 31))
            for q in range(1, 5)]
    assert [r["F1-01"]["expected"] for r in rows] == expected
    assert statuses(activity(frequency=frequency, month=9), scope="year",
                    as_of=date(2026, 8, 31))["F1-01"]["expected"] == sum(expected)


@pytest.mark.parametrize("as_of, due", [
    (date(2025, 10, 25), 7),      # Saturday: the week of 20-26 October has not ended
    (date(2025, 10, 26), 8),
])
def test_weekly_due_at_the_end_of_quarter_one(as_of, due):
    assert figures(statuses(activity(frequency="weekly", month=9), as_of=as_of)["F1-01"], "expected", "due") == (8, due)


@pytest.mark.parametrize("as_of, due", [
    (date(2026, 1, 10), 0),       # the first week of quarter III (5-11 January) is still running
    (date(2026, 1, 11), 1),
])
def test_weekly_after_the_winter_break(as_of, due):
    row = statuses(activity(frequency="weekly", month=9), scope="3", as_of=as_of)["F1-01"]
    assert figures(row, "expected", "due") == (11, due)


def test_monthly_due_when_the_month_has_ended_or_the_quarter_closed():
    row = statuses(activity(frequency="monthly", month=9), as_of=date(2025, 10, 25))["F1-01"]
    assert figures(row, "expected", "due") == (2, 1)   # September is over, October and quarter I are not
    row = statuses(activity(frequency="monthly", month=9))["F1-01"]
    assert figures(row, "expected", "due") == (2, 2)   # 26.10, quarter I's last day: October is owed
    row = statuses(activity(frequency="monthly", month=9), scope="2", as_of=WINTER_BREAK)["F1-01"]
    assert figures(row, "expected", "due") == (2, 2)


def test_quarterly_is_due_at_the_quarters_last_day():
    assert statuses(activity(frequency="quarterly"), scope="3", as_of=date(2026, 3, 17))["F1-01"]["due"] == 0
    assert statuses(activity(frequency="quarterly"), scope="3", as_of=date(2026, 3, 18))["F1-01"]["due"] == 1


def test_recurring_activity_counts_from_its_section_month():
    rows = statuses(activity(frequency="weekly", month=10), activity("F1-02", frequency="monthly", month=11))
    assert rows["F1-01"]["expected"] == 4       # the weeks from 29 September to 20 October
    assert "F1-02" not in rows                  # nothing expected in quarter I


def test_once_activity_in_the_autumn_break_belongs_to_quarter_two():
    row = activity(start=date(2025, 10, 29))
    assert statuses(row) == {}
    assert figures(statuses(row, scope="2", as_of=date(2025, 10, 30))["F1-01"], *QUARTER) == (1, 1, 0, "not_confirmed")


def test_once_activity_over_several_days_is_due_on_its_last_day():
    row = activity(start=date(2025, 9, 15), end=date(2025, 9, 22))
    assert statuses(row, as_of=date(2025, 9, 21))["F1-01"]["status"] == "planned"
    assert statuses(row, as_of=date(2025, 9, 22))["F1-01"]["status"] == "not_confirmed"


def test_activity_with_nothing_in_the_quarter_has_no_row():
    rows = statuses(activity(start=date(2025, 12, 2)), activity("F1-02", frequency="unknown", month=12))
    assert rows == {}


# --- statuses ---

@pytest.mark.parametrize("args, status", [
    ((1, 1, 1, False, False), "done"),
    ((2, 0, 3, False, False), "done"),
    ((0, 0, 1, False, False), "done"),          # held although expected elsewhere
    ((0, 0, 0, True, False), "moved"),
    ((1, 1, 0, False, True), "not_held"),
    ((8, 8, 3, False, True), "not_held"),
    ((1, 1, 0, False, False), "not_confirmed"),
    ((8, 8, 3, False, False), "partial"),
    ((8, 3, 3, False, False), "planned"),
    ((1, 0, 0, False, True), "planned"),        # marked not held before its time: nothing overdue
])
def test_status_rules(args, status):
    assert status_of(*args) == status


def test_each_status_from_a_plan():
    rows = statuses(
        activity("F1-01", start=date(2025, 9, 19), evidence=(TEMPLATE, "Өткізілді 19.09.2025", LINK.format("a"))),
        activity("F1-02", frequency="weekly", month=9, evidence=[LINK.format(n) for n in range(3)]),
        activity("F1-03", start=date(2025, 9, 24), evidence=("Өткізілмеді: ауа райына байланысты",)),
        activity("F1-04", start=date(2025, 10, 6), evidence=(TEMPLATE,)),
        activity("F1-05", start=date(2025, 10, 6), end=date(2025, 10, 8), evidence=("Ауыстырылды 12.11.2025",)),
        activity("F1-06", start=date(2025, 10, 20), evidence=(TEMPLATE,)),
        as_of=date(2025, 10, 10),
    )
    assert {k: figures(r, *QUARTER) for k, r in rows.items()} == {
        "F1-01": (1, 1, 1, "done"),
        "F1-02": (8, 5, 3, "partial"),
        "F1-03": (1, 1, 0, "not_held"),
        "F1-04": (1, 1, 0, "not_confirmed"),
        "F1-05": (0, 0, 0, "moved"),
        "F1-06": (1, 0, 0, "planned"),
    }
    assert rows["F1-05"]["moved_to"] == pd.Timestamp(2025, 11, 12)
    assert pd.isna(rows["F1-01"]["moved_to"])


def test_moved_activity_is_expected_in_the_quarter_of_its_new_date():
    row = activity(start=date(2025, 10, 6), evidence=("Ауыстырылды 12.11.2025",))
    assert figures(statuses(row, scope="2", as_of=date(2025, 11, 11))["F1-01"], *QUARTER) == (1, 0, 0, "planned")
    moved_in = statuses(row, scope="2", as_of=date(2025, 11, 12))["F1-01"]
    assert figures(moved_in, *QUARTER) == (1, 1, 0, "not_confirmed")
    assert moved_in["moved_to"] == pd.Timestamp(2025, 11, 12)


def test_moved_within_the_quarter_is_not_moved_out():
    row = activity(start=date(2025, 10, 4), evidence=("Ауыстырылды 20.10.2025", "Өткізілді", LINK.format("x")))
    assert figures(statuses(row)["F1-01"], *QUARTER) == (1, 1, 1, "done")


def test_moved_out_of_the_year_stays_moved_in_the_year_to_date():
    row = activity(start=date(2025, 10, 6), evidence=("Перенесено на 10.09.2026",))
    result = statuses(row, scope="year", as_of=WINTER_BREAK)["F1-01"]
    assert figures(result, *QUARTER) == (0, 0, 0, "moved")
    assert figures(result, *YEAR_TO_DATE) == (0, 0, 0, "moved")


def test_moved_mark_of_a_recurring_activity_changes_nothing():
    row = statuses(activity(frequency="monthly", month=9, evidence=("Ауыстырылды 12.11.2025",)))["F1-01"]
    assert figures(row, *QUARTER) == (2, 2, 0, "not_confirmed")
    assert pd.isna(row["moved_to"])


# --- held: dated and undated evidence ---

def test_dated_evidence_counts_in_the_quarter_of_its_date():
    row = activity(frequency="monthly", month=9, evidence=(
        "Анықтама 26.09.2025", "Анықтама 17.11.2025", "Анықтама 15.12.2025"))
    q1 = statuses(row, as_of=WINTER_BREAK)["F1-01"]
    q2 = statuses(row, scope="2", as_of=WINTER_BREAK)["F1-01"]
    assert figures(q1, *QUARTER) == (2, 2, 1, "partial")
    assert figures(q2, *QUARTER) == (2, 2, 2, "done")
    assert figures(q2, *YEAR_TO_DATE) == (4, 4, 3, "partial")


def test_one_time_evidence_counts_in_the_quarter_the_activity_is_expected_in():
    # Planned 06.10 (quarter I), held late on 05.11: it counts in quarter I, quarter II has no row.
    row = activity(start=date(2025, 10, 6), evidence=("Өткізілді 05.11.2025",))
    assert figures(statuses(row, as_of=WINTER_BREAK)["F1-01"], *QUARTER) == (1, 1, 1, "done")
    assert statuses(row, as_of=WINTER_BREAK)["F1-01"]["held_dates"] == "2025-11-05"
    later = statuses(row, scope="2", as_of=WINTER_BREAK)["F1-01"]
    assert (later["in_period"], figures(later, *YEAR_TO_DATE)) == (False, (1, 1, 1, "done"))


def test_undated_evidence_of_a_once_activity_counts_in_its_own_quarter():
    row = activity(start=date(2025, 9, 19), evidence=(TEMPLATE, LINK.format("a")))
    assert figures(statuses(row, as_of=WINTER_BREAK)["F1-01"], *QUARTER) == (1, 1, 1, "done")
    later = statuses(row, scope="2", as_of=WINTER_BREAK)["F1-01"]
    assert (later["in_period"], later["ytd_held"], later["ytd_status"]) == (False, 1, "done")


def test_undated_evidence_of_a_moved_activity_counts_in_the_quarter_moved_to():
    row = activity(start=date(2025, 10, 6), evidence=("Ауыстырылды 12.11.2025", LINK.format("a")))
    assert figures(statuses(row, as_of=WINTER_BREAK)["F1-01"], *QUARTER) == (0, 0, 0, "moved")
    assert figures(statuses(row, scope="2", as_of=WINTER_BREAK)["F1-01"], *QUARTER) == (1, 1, 1, "done")


def test_undated_evidence_of_a_recurring_activity_fills_shortfalls_from_quarter_one():
    # Monthly from September; at the winter break September to December are due (2 + 2).
    # Four undated links and one dated in November: two undated fill quarter I, one fills
    # quarter II, the last one goes to the quarter reached (II: quarter III has not started).
    links = [LINK.format(n) for n in range(4)]
    row = activity(frequency="monthly", month=9, evidence=(*links, "10.11.2025 " + LINK.format("nov")))
    q1 = statuses(row, as_of=WINTER_BREAK)["F1-01"]
    q2 = statuses(row, scope="2", as_of=WINTER_BREAK)["F1-01"]
    assert figures(q1, *QUARTER) == (2, 2, 2, "done")
    assert q1["evidence_links"] == f"{links[0]}; {links[1]}"
    assert figures(q2, *QUARTER) == (2, 2, 3, "done")
    assert q2["evidence_links"] == f"{links[2]}; {links[3]}; {LINK.format('nov')}"
    assert statuses(row, scope="3", as_of=WINTER_BREAK)["F1-01"]["held"] == 0


def test_undated_evidence_beyond_what_is_due_counts_in_the_quarter_reached():
    row = activity(frequency="weekly", month=9, evidence=[LINK.format(n) for n in range(5)])
    assert figures(statuses(row, as_of=date(2025, 9, 14))["F1-01"], *QUARTER) == (8, 5, 5, "planned")


def test_undated_evidence_is_counted_the_same_every_time():
    rows = [activity(f"F1-0{n}", frequency=f, month=9, evidence=[LINK.format(k) for k in range(n)])
            for n, f in enumerate(("weekly", "monthly", "quarterly", "ongoing"), start=1)]
    first = evaluate(plan(*rows), Y2025, "2", WINTER_BREAK)
    second = evaluate(plan(*reversed(rows)), Y2025, "2", WINTER_BREAK)
    pd.testing.assert_frame_equal(first, second.iloc[::-1].reset_index(drop=True))


def test_evidence_dated_in_a_later_year_counts_as_undated():
    # 10.10.2026 is kept (a later year), outside 2025-2026: undated, so it fills quarter I's shortfall.
    row = activity(frequency="quarterly", evidence=("Өткізілді 10.10.2026",))
    assert figures(statuses(row, as_of=date(2026, 12, 1))["F1-01"], *QUARTER) == (1, 1, 1, "done")


def test_not_held_mark_counts_in_the_quarter_of_its_date():
    row = activity(frequency="monthly", month=9, evidence=("Өткізілмеді 12.11.2025",))
    assert statuses(row, as_of=WINTER_BREAK)["F1-01"]["status"] == "not_confirmed"
    assert statuses(row, scope="2", as_of=WINTER_BREAK)["F1-01"]["status"] == "not_held"


def test_links_of_marks_and_references_are_in_cell_order():
    row = activity(frequency="weekly", month=9, evidence=(
        "Анықтама №2", LINK.format("b"), "Өткізілді 15.09.2025", LINK.format("a")))
    result = statuses(row)["F1-01"]
    assert result["held"] == 2
    assert result["evidence_links"] == f"{LINK.format('b')}; {LINK.format('a')}"


# --- year scope, year to date, the frame ---

def test_year_scope_covers_all_quarters():
    row = statuses(activity(frequency="weekly", month=9, evidence=("Өткізілді 10.11.2025",)),
                   scope="year", as_of=WINTER_BREAK)["F1-01"]
    assert row["quarter"] == "year"
    assert figures(row, *QUARTER) == (36, 16, 1, "partial")
    assert figures(row, *YEAR_TO_DATE) == (36, 16, 1, "partial")


def test_year_to_date_runs_from_september_to_the_quarters_end():
    row = statuses(activity(frequency="monthly", month=9, evidence=("Өткізілді 15.09.2025", "Өткізілді 15.10.2025")),
                   scope="2", as_of=WINTER_BREAK)["F1-01"]
    assert figures(row, *QUARTER) == (2, 2, 0, "not_confirmed")
    assert figures(row, *YEAR_TO_DATE) == (4, 4, 2, "partial")


def test_year_to_date_of_quarter_one_is_the_quarter():
    row = statuses(activity(frequency="weekly", month=9, evidence=("Өткізілді 10.09.2025",)))["F1-01"]
    assert figures(row, *YEAR_TO_DATE) == figures(row, *QUARTER) == (8, 8, 1, "partial")


def test_rows_keep_the_plans_and_activities_order_and_every_plan():
    frame = evaluate(plan(
        activity("F2-01", frequency="ongoing", source="b.docx"),
        activity("F1-01", frequency="ongoing", source="a.docx"),
        activity("F1-02", start=date(2026, 2, 1), source="a.docx"),
    ), Y2025, "1", END_OF_Q1)
    assert list(zip(frame["source"], frame["activity_id"], frame["quarter"])) == [
        ("b.docx", "F2-01", "1"), ("a.docx", "F1-01", "1")]


def test_no_activities_give_an_empty_valid_frame():
    frame = evaluate(plan(), Y2025, "year", END_OF_Q1)
    assert frame.empty
    assert list(frame.columns)[:3] == ["source", "activity_id", "quarter"]


def test_as_of_may_be_a_timestamp():
    frame = evaluate(plan(activity(frequency="weekly", month=9)), Y2025, "1", pd.Timestamp(2025, 10, 26))
    assert frame["due"].tolist() == [8]
