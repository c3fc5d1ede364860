"""Issue 8: quarter-end figures, rule by rule, derived by hand from the calendars.

Every case goes through a real plan (a Word file in Kazakh or Russian, read by the pipeline) and
is evaluated in the built-in calendars:
- 2025-2026: I 01.09-26.10 (Sun), break 27.10-02.11; II 03.11-28.12 (Sun), break 29.12-07.01;
  III 08.01-18.03 (Wed), break 19.03-29.03; IV 30.03-25.05 (Mon).
- 2024-2025: I 02.09-27.10 (Sun), break 28.10-03.11; II 04.11-29.12 (Sun), break 30.12-08.01;
  III 09.01-20.03 (Thu), break 21.03-31.03; IV 01.04-25.05 (Sun).
Report periods: a break belongs to the quarter after it, the summer to quarter IV."""
from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.check import check
from pipeline.cli import build_cli
from pipeline.console import check_lines, run_lines
from pipeline.evaluate.school_year import load_school_year
from pipeline.evaluate.stats import fraction_stats
from pipeline.evaluate.status import evaluate
from pipeline.normalize.ingest import ingest_folder
from pipeline.run import run
from tests.docx_plans import KK_FRONT, KK_HEADER, RU_FRONT, RU_HEADER, TEMPLATE, Section, build_plan, row

QUARTER = ("expected", "due", "held", "status")

WORDS = {
    "kk": {
        "weekly": "Аптасына 1 рет", "monthly": "Айына 1 рет", "quarterly": "Тоқсанына 1 рет", "ongoing": "Жыл бойы",
        "as_needed": "Қажеттілігіне қарай", "no_date": "Кесте бойынша",
        "held": "Өткізілді", "reference": "Анықтама", "not_held": "Өткізілмеді", "moved": "Ауыстырылды",
        "not_held_moved": "Өткізілмеді, {date} күніне ауыстырылды",
        "months": {3: "НАУРЫЗ АЙЫ", 9: "ҚЫРКҮЙЕК АЙЫ", 11: "ҚАРАША АЙЫ", 12: "ЖЕЛТОҚСАН АЙЫ"},
        "fraction": "{n}. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ", "audience": "5-9 сыныптар", "template": TEMPLATE,
    },
    "ru": {
        "weekly": "еженедельно", "monthly": "1 раз в месяц", "quarterly": "1 раз в четверть",
        "ongoing": "в течение года", "as_needed": "по мере необходимости", "no_date": "По графику",
        "held": "Проведено", "reference": "Справка", "not_held": "Не проведено", "moved": "Перенесено на",
        "not_held_moved": "Не проведено, перенесено на {date}",
        "months": {3: "МАРТ", 9: "СЕНТЯБРЬ", 11: "НОЯБРЬ", 12: "ДЕКАБРЬ"},
        "fraction": "{n}. Фракция права и порядка", "audience": "5-9 классы",
        "template": "Публикация в социальных сетях /Ссылка/",
    },
}
LANGS = ("kk", "ru")
YEARS = (2025, 2024)
PLANS = [(lang, year) for lang in LANGS for year in YEARS]

# Per quarter: its last teaching day, the first day of the break after it (for quarter IV the
# first day of summer), a week into the next quarter (for quarter IV a week into the summer).
QUARTER_ENDS = {
    2025: {1: (date(2025, 10, 26), date(2025, 10, 27), date(2025, 11, 10)),
           2: (date(2025, 12, 28), date(2025, 12, 29), date(2026, 1, 15)),
           3: (date(2026, 3, 18), date(2026, 3, 19), date(2026, 4, 6)),
           4: (date(2026, 5, 25), date(2026, 5, 26), date(2026, 6, 1))},
    2024: {1: (date(2024, 10, 27), date(2024, 10, 28), date(2024, 11, 11)),
           2: (date(2024, 12, 29), date(2024, 12, 30), date(2025, 1, 16)),
           3: (date(2025, 3, 20), date(2025, 3, 21), date(2025, 4, 8)),
           4: (date(2025, 5, 25), date(2025, 5, 26), date(2025, 6, 1))},
}


def y(first_year: int, day: int, month: int) -> date:
    """The date of day.month in the academic year starting in `first_year`."""
    return date(first_year if month >= 9 else first_year + 1, month, day)


def dmy(first_year: int, day: int, month: int) -> str:
    return y(first_year, day, month).strftime("%d.%m.%Y")


def iso(first_year: int, day: int, month: int) -> str:
    """A held date as `held_dates` keeps it."""
    return y(first_year, day, month).isoformat()


def front(lang: str, first_year: int) -> list[str]:
    name = f"{first_year}-{first_year + 1}"
    lines = KK_FRONT if lang == "kk" else RU_FRONT
    return [line.replace("2025-2026", name) for line in lines]


def section(lang, rows, month=9, number=1):
    w = WORDS[lang]
    return Section(
        [row(i, "«А» ЖОБАСЫ" if i == 1 else "", title, when, audience=w["audience"], evidence=evidence)
         for i, (title, when, evidence) in enumerate(rows, start=1)],
        month=w["months"][month] if month else None, fraction=w["fraction"].format(n=number),
        header=list(KK_HEADER if lang == "kk" else RU_HEADER))


def write_plan(folder, lang, first_year, sections, name="plan.docx"):
    folder.mkdir(parents=True, exist_ok=True)
    return build_plan(folder / name, sections, front=front(lang, first_year))


def read_plan(folder, lang, first_year, sections):
    write_plan(folder, lang, first_year, sections)
    ingested = ingest_folder(folder)
    assert ingested.plans["academic_year"].tolist() == [f"{first_year}-{first_year + 1}"]
    return ingested


def status_rows(activities, first_year, scope, as_of):
    frame = evaluate(activities, load_school_year(first_year), scope, as_of)
    return {r["activity_id"]: r for r in frame.to_dict("records")}


def figures(row):
    return tuple(row[c] for c in QUARTER)


# --- rule 1: a closed quarter owes everything it expected -------------------------------------------------

# From September: weekly one per Monday-Sunday week with teaching days, monthly one per month
# with teaching days whose 15th is in the period, quarterly/ongoing one per quarter.
# 2025-2026 weeks: I 01.09-26.10 = 8; II 03.11-28.12 = 8; III the week of 05.01 (08-09.01) to the
# week of 16.03 = 11; IV 30.03-25.05 = 9 (25.05 is a Monday: its week counts).
# 2024-2025 weeks: I 02.09-27.10 = 8; II 04.11-29.12 = 8; III the week of 06.01 (09-10.01) to the
# week of 17.03 = 11; IV the week of 31.03 (01-04.04) to the week of 19.05 (25.05 a Sunday) = 8.
# Months: I Sep, Oct; II Nov, Dec; III Jan, Feb, Mar; IV Apr, May (no teaching in summer).
EXPECTED = {
    2025: {"weekly": (8, 8, 11, 9), "monthly": (2, 2, 3, 2), "quarterly": (1, 1, 1, 1), "ongoing": (1, 1, 1, 1),
           "once": (1, 1, 1, 1)},
    2024: {"weekly": (8, 8, 11, 8), "monthly": (2, 2, 3, 2), "quarterly": (1, 1, 1, 1), "ongoing": (1, 1, 1, 1),
           "once": (1, 1, 1, 1)},
}
# The day before the last teaching day, only what has ended by its own time is due:
# weeks whose Sunday has passed (2025: 25.10 Sat -> 7; 27.12 Sat -> 7; 17.03 Tue -> 10 (to the
# week of 09.03); 24.05 Sun -> 8. 2024: 26.10 Sat -> 7; 28.12 Sat -> 7; 19.03 Wed -> 10;
# 24.05 Sat -> 7), the months over (Sep; Nov; Jan+Feb; Apr), no quarter, no once activity
# (each runs past its quarter's last day).
DUE_THE_DAY_BEFORE = {
    2025: {"weekly": (7, 7, 10, 8), "monthly": (1, 1, 2, 1), "quarterly": (0, 0, 0, 0), "ongoing": (0, 0, 0, 0),
           "once": (0, 0, 0, 0)},
    2024: {"weekly": (7, 7, 10, 7), "monthly": (1, 1, 2, 1), "quarterly": (0, 0, 0, 0), "ongoing": (0, 0, 0, 0),
           "once": (0, 0, 0, 0)},
}
# One-time activities that run past each quarter's last teaching day (written with their dates).
ONCE_DATES = {
    2025: ("24-31.10.2025", "25-30.12.2025", "16-20.03.2026", "20-29.05.2026"),
    2024: ("25-31.10.2024", "26-31.12.2024", "18-24.03.2025", "20-29.05.2025"),
}
RECURRING_IDS = {"weekly": "F1-01", "monthly": "F1-02", "quarterly": "F1-03", "ongoing": "F1-04"}


@pytest.fixture(scope="module", params=PLANS, ids=[f"{lang}-{year}" for lang, year in PLANS])
def schedule_plan(request, tmp_path_factory):
    lang, first_year = request.param
    w = WORDS[lang]
    recurring = [(f"Іс-шара {f}", w[f], w["template"]) for f in RECURRING_IDS]
    once = [(f"Бір реттік {q}", ONCE_DATES[first_year][q - 1], w["template"]) for q in range(1, 5)]
    ingested = read_plan(tmp_path_factory.mktemp(f"{lang}{first_year}"), lang, first_year,
                         [section(lang, recurring + once)])
    return first_year, ingested.activities


def _activity_id(frequency, quarter):
    return RECURRING_IDS[frequency] if frequency != "once" else f"F1-0{4 + quarter}"


@pytest.mark.parametrize("frequency", ["weekly", "monthly", "quarterly", "ongoing", "once"])
@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_closed_quarter_owes_everything_it_expected(schedule_plan, quarter, frequency):
    first_year, activities = schedule_plan
    expected = EXPECTED[first_year][frequency][quarter - 1]
    activity_id = _activity_id(frequency, quarter)
    last_day, break_day, next_week = QUARTER_ENDS[first_year][quarter]
    for as_of in (last_day, break_day, next_week):
        row = status_rows(activities, first_year, str(quarter), as_of)[activity_id]
        assert figures(row) == (expected, expected, 0, "not_confirmed"), as_of
    before = status_rows(activities, first_year, str(quarter), last_day - pd.Timedelta(days=1).to_pytimedelta())
    due = DUE_THE_DAY_BEFORE[first_year][frequency][quarter - 1]
    assert figures(before[activity_id])[:2] == (expected, due)
    assert before[activity_id]["status"] == ("planned" if due == 0 else "not_confirmed")


def test_year_report_owes_each_quarter_by_the_same_rule(schedule_plan):
    first_year, activities = schedule_plan
    last_day = QUARTER_ENDS[first_year][4][0]
    rows = status_rows(activities, first_year, "year", last_day)
    for frequency, activity_id in RECURRING_IDS.items():
        total = sum(EXPECTED[first_year][frequency])
        assert figures(rows[activity_id]) == (total, total, 0, "not_confirmed"), frequency
    # 26.05 is summer: quarter IV's quarterly and ongoing occurrences were owed from 25.05 on, not 31.08.
    summer = status_rows(activities, first_year, "4", QUARTER_ENDS[first_year][4][1])
    assert figures(summer["F1-03"]) == figures(summer["F1-04"]) == (1, 1, 0, "not_confirmed")


# --- rule 2: a report on a period that is over does not depend on the day it is made ------------------------

def _invariant_rows(lang, first_year):
    w = WORDS[lang]
    links = [f"https://www.instagram.com/p/news{n}/" for n in range(10)]
    return [
        # monthly from Sep: Sep, Oct dated in I; Nov dated in II; an undated not-held mark: the
        # first quarter short is II (1 of 2) -> not_held in II, whatever the day.  II: 2, 2, 1
        ("Рейд", w["monthly"], "\n".join([f"{w['reference']} {dmy(first_year, 26, 9)}",
                                          f"{w['reference']} {dmy(first_year, 17, 10)}",
                                          f"{w['held']} {dmy(first_year, 14, 11)}", w["not_held"]])),
        # weekly from Sep, ten undated posts: eight fill quarter I (8 due), two quarter II.  II: 8, 8, 2
        ("Жаңалықтар", w["weekly"], "\n".join(links)),
        # quarterly: an undated mark fills quarter I, a dated one is quarter II's.  II: 1, 1, 1
        ("Кездесу", w["quarterly"], f"{w['held']}\n{w['held']} {dmy(first_year, 12, 11)}"),
        # ongoing, nothing held.  II: 1, 1, 0
        ("Кезекшілік", w["ongoing"], w["template"]),
        # once, 25-30.12, runs past the last teaching day: due on it.  II: 1, 1, 0
        ("Жаңа жыл", f"25-30.12.{first_year}", w["template"]),
        # once in November, held early on 20.10: counts where it is expected.  II: 1, 1, 1
        ("Байқау", f"20.11.{first_year}", f"{w['held']} {dmy(first_year, 20, 10)}"),
        # once in December, marked not held.  II: 1, 1, 0, not_held
        ("Акция", f"10.12.{first_year}", w["not_held"]),
    ]


@pytest.mark.parametrize("lang, first_year", PLANS)
def test_quarter_two_report_is_the_same_on_every_day_after_it(tmp_path, lang, first_year):
    activities = read_plan(tmp_path, lang, first_year, [section(lang, _invariant_rows(lang, first_year))]).activities
    expected = {
        "F1-01": (2, 2, 1, "not_held"), "F1-02": (8, 8, 2, "partial"), "F1-03": (1, 1, 1, "done"),
        "F1-04": (1, 1, 0, "not_confirmed"), "F1-05": (1, 1, 0, "not_confirmed"), "F1-06": (1, 1, 1, "done"),
        "F1-07": (1, 1, 0, "not_held"),
    }
    last_day = QUARTER_ENDS[first_year][2][0]
    days = [last_day, y(first_year, 29, 12) if first_year == 2025 else y(first_year, 30, 12),
            y(first_year, 5, 1), y(first_year, 14, 1), y(first_year, 1, 3), y(first_year, 1, 6)]
    rates = set()
    for as_of in days:
        frame = evaluate(activities, load_school_year(first_year), "2", as_of)
        rows = {r["activity_id"]: r for r in frame.to_dict("records") if r["in_period"]}
        assert {k: figures(r) for k, r in rows.items()} == expected, as_of
        stats = fraction_stats(activities, frame)
        quarter = stats[stats["scope"] == "quarter"].iloc[0]
        rates.add((quarter["expected"], quarter["due"], quarter["held"], round(quarter["completion_rate"], 9)))
    # 2 + 8 + 1 + 1 + 1 + 1 + 1 = 15 expected and due; held 1 + 2 + 1 + 0 + 0 + 1 + 0 = 5; 5/15
    assert rates == {(15, 15, 5, round(5 / 15, 9))}


@pytest.mark.parametrize("lang, first_year", PLANS)
@pytest.mark.parametrize("quarter", [1, 3, 4])
def test_every_closed_quarter_is_the_same_on_every_day_after_it(tmp_path, lang, first_year, quarter):
    activities = read_plan(tmp_path, lang, first_year, [section(lang, _invariant_rows(lang, first_year))]).activities
    year = load_school_year(first_year)
    last_day, break_day, next_week = QUARTER_ENDS[first_year][quarter]
    later = [next_week + pd.Timedelta(days=n).to_pytimedelta() for n in (30, 90)]

    def in_period(as_of):
        frame = evaluate(activities, year, str(quarter), as_of)
        return {r["activity_id"]: (r["expected"], r["due"], r["status"]) for r in frame.to_dict("records")
                if r["in_period"]}

    reference = in_period(last_day)
    assert reference and all(due == expected for expected, due, _ in reference.values())
    for as_of in (break_day, next_week, *later):
        assert in_period(as_of) == reference, as_of


# --- rule 3: evidence dated after the as-of date is not counted ---------------------------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_evidence_dated_after_the_as_of_date_is_not_counted(tmp_path, lang, first_year):
    w = WORDS[lang]
    activities = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Рейд", w["monthly"], f"{w['held']} {dmy(first_year, 20, 10)}"),
        ("Сайлау", f"20.10.{first_year}", f"{w['held']} {dmy(first_year, 20, 10)}"),
    ])]).activities
    # 15.10: Sep is due (0 of 1 held: the 20.10 post is not yet), the once activity not yet.
    early = status_rows(activities, first_year, "1", y(first_year, 15, 10))
    assert (figures(early["F1-01"]), figures(early["F1-02"])) == ((2, 1, 0, "not_confirmed"), (1, 0, 0, "planned"))
    # From quarter I's last day on both count: Sep + Oct due, one held.
    for as_of in QUARTER_ENDS[first_year][1]:
        late = status_rows(activities, first_year, "1", as_of)
        assert (figures(late["F1-01"]), figures(late["F1-02"])) == ((2, 2, 1, "partial"), (1, 1, 1, "done"))


@pytest.mark.parametrize("lang, first_year", PLANS)
@pytest.mark.parametrize("quarter", [1, 2, 3, 4])
def test_evidence_of_the_last_teaching_day_counts_from_that_day(tmp_path, lang, first_year, quarter):
    w = WORDS[lang]
    last_day = QUARTER_ENDS[first_year][quarter][0]
    activities = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Кездесу", w["quarterly"], f"{w['held']} {last_day:%d.%m.%Y}"),
    ])]).activities
    # The day before: the post is later than the as-of date, and the quarter is not over yet.
    day_before = last_day - pd.Timedelta(days=1).to_pytimedelta()
    assert figures(status_rows(activities, first_year, str(quarter), day_before)["F1-01"]) == (1, 0, 0, "planned")
    for as_of in QUARTER_ENDS[first_year][quarter]:
        assert figures(status_rows(activities, first_year, str(quarter), as_of)["F1-01"]) == (1, 1, 1, "done")


def test_a_date_later_than_today_is_a_warning(tmp_path):
    plan = front("kk", 2099)
    write_plan(tmp_path / "input", "kk", 2099, [section("kk", [("Сайлау", "15.09.2099", "Өткізілді 15.09.2099")])])
    assert plan  # the plan is for 2099-2100: its evidence date is later than any day the tests run on
    result = check(tmp_path / "input", tmp_path / "out")
    notes = pd.read_csv(tmp_path / "out" / "plan" / "notes.csv", dtype=str, keep_default_na=False)
    future = notes[notes["code"] == "evidence_date_future"]
    assert future[["table", "row", "column", "value"]].values.tolist() == [
        ["1", "1", "Орындалуы туралы мәлімет", "Өткізілді 15.09.2099"]]
    assert future["message"].iloc[0] == ("Орындалуы туралы мәліметтегі 15.09.2099 күні әлі келген жоқ: "
                                         "«Өткізілді 15.09.2099». Күнін тексеріңіз.")
    assert any("15.09.2099 күні әлі келген жоқ" in line for line in check_lines(result, "kk"))


# --- rule 4: stale years in evidence and move dates -----------------------------------------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_stale_evidence_and_move_years_are_read_in_the_academic_year(tmp_path, lang, first_year):
    w = WORDS[lang]
    stale = first_year - 2
    ingested = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Рейд", w["monthly"], f"{w['held']} 14.11.{stale}"),
        ("Кездесу", f"06.10.{first_year}", f"{w['moved']} 10.12.{stale}"),
        ("Дебат", f"08.10.{first_year}", f"{w['moved']} 10.09.{first_year + 1}"),
    ])])
    activities = ingested.activities
    # 14.11.<stale> counts on 14.11 of the academic year: nothing for quarter I, one for quarter II.
    for as_of in QUARTER_ENDS[first_year][1]:
        q1 = status_rows(activities, first_year, "1", as_of)
        assert figures(q1["F1-01"]) == (2, 2, 0, "not_confirmed")
        # The move to 10.12.<stale> is a move to 10.12 of the year: moved out of I, expected in II.
        assert figures(q1["F1-02"]) == (0, 0, 0, "moved")
        # A later year is kept: moved out of this year.
        assert figures(q1["F1-03"]) == (0, 0, 0, "moved")
    for as_of in QUARTER_ENDS[first_year][2]:
        q2 = status_rows(activities, first_year, "2", as_of)
        assert figures(q2["F1-01"]) == (2, 2, 1, "partial")
        assert figures(q2["F1-02"]) == (1, 1, 0, "not_confirmed")
        assert q2["F1-02"]["moved_to"] == pd.Timestamp(y(first_year, 10, 12))
        assert q2["F1-01"]["held_dates"] == iso(first_year, 14, 11)
    replaced = [n for n in ingested.notes if n.code == "evidence_date_year_replaced"]
    assert [(n.row, n.params["date"], n.params["used"]) for n in replaced] == [
        (1, f"14.11.{stale}", dmy(first_year, 14, 11)), (2, f"10.12.{stale}", dmy(first_year, 10, 12))]


# --- rule 5: "not held, moved" on one line is a move ---------------------------------------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_not_held_and_moved_on_one_line_is_a_move(tmp_path, lang, first_year):
    w = WORDS[lang]
    new_date = "10.12" if lang == "ru" else dmy(first_year, 10, 12)
    activities = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Кездесу", f"20.10.{first_year}", w["not_held_moved"].format(date=new_date)),
    ])]).activities
    last_one, break_one, next_week = QUARTER_ENDS[first_year][1]
    for as_of in (last_one, break_one, next_week):
        # Not `not_held` in quarter I: the not-held refers to the old date, the activity moved.
        assert figures(status_rows(activities, first_year, "1", as_of)["F1-01"]) == (0, 0, 0, "moved")
    # In quarter II it is expected on 10.12: due from then on.
    assert figures(status_rows(activities, first_year, "2", y(first_year, 9, 12))["F1-01"]) == (1, 0, 0, "planned")
    for as_of in QUARTER_ENDS[first_year][2]:
        row = status_rows(activities, first_year, "2", as_of)["F1-01"]
        assert (figures(row), row["moved_to"]) == ((1, 1, 0, "not_confirmed"), pd.Timestamp(y(first_year, 10, 12)))


# --- rule 6: a one-time activity's evidence counts where the activity is expected ----------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_a_november_activity_held_early_is_done_in_quarter_two(tmp_path, lang, first_year):
    w = WORDS[lang]
    activities = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Байқау", f"20.11.{first_year}", f"{w['held']} {dmy(first_year, 20, 10)}"),
        ("Сайлау", f"15.10.{first_year}", f"{w['held']} {dmy(first_year, 5, 11)}"),
    ])]).activities
    # Quarter I: the October activity held late (05.11) is done there; the November one has no row.
    for as_of in QUARTER_ENDS[first_year][1][1:]:
        rows = status_rows(activities, first_year, "1", as_of)
        assert "F1-01" not in rows or not rows["F1-01"]["in_period"]
    q1 = status_rows(activities, first_year, "1", QUARTER_ENDS[first_year][1][2])
    assert (figures(q1["F1-02"]), q1["F1-02"]["held_dates"]) == ((1, 1, 1, "done"), iso(first_year, 5, 11))
    for as_of in QUARTER_ENDS[first_year][2]:
        row = status_rows(activities, first_year, "2", as_of)["F1-01"]
        assert (figures(row), row["held_dates"]) == ((1, 1, 1, "done"), iso(first_year, 20, 10))
        assert status_rows(activities, first_year, "2", as_of)["F1-02"]["in_period"] is False


# --- rule 7: one event per line, one post once ---------------------------------------------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_one_event_per_line_and_one_post_once(tmp_path, lang, first_year):
    w = WORDS[lang]
    ig_a, fb = "https://www.instagram.com/p/A1/", "https://facebook.com/ml2/posts/1"
    ig_b, ig_c = "https://instagram.com/p/B2", "https://instagram.com/p/C3/?igsh=MWx0"
    ingested = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Жаңалықтар", w["weekly"], "\n".join([
            f"{w['held']} {dmy(first_year, 19, 9)} {ig_a} {fb}",     # one event on two sites
            f"{ig_b} {ig_c}",                                         # two posts of one site
            "http://instagram.com/p/A1?igsh=abc&utm_source=ig_web",  # A1 again: already counted
            f"{w['held']} {dmy(first_year, 26, 9)} {ig_b}/",          # B2 again: already counted
        ])),
    ])])
    # 1 + 2 occurrences; quarter I owes 8 weeks.
    for as_of in QUARTER_ENDS[first_year][1]:
        row = status_rows(ingested.activities, first_year, "1", as_of)["F1-01"]
        assert figures(row) == (8, 8, 3, "partial")
        assert row["evidence_links"] == "; ".join([ig_a, fb, ig_b, ig_c])
    one_event = [n for n in ingested.notes if n.code == "evidence_links_one_event"]
    assert [(n.row, n.params["count"]) for n in one_event] == [(1, 2)]


# --- rule 8: weekly activities owe only weeks with a teaching day on or after their start ---------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_a_march_weekly_activity_owes_no_february_week(tmp_path, lang, first_year):
    activities = read_plan(tmp_path, lang, first_year,
                           [section(lang, [("Жаңалықтар", WORDS[lang]["weekly"], TEMPLATE)], month=3)]).activities
    # 2025-2026: 01.03.2026 is a Sunday: the week 23.02-01.03 has no teaching day from March on;
    # weeks of 02.03, 09.03, 16.03 (16-18.03 taught) = 3.  2024-2025: 01.03.2025 is a Saturday:
    # weeks of 03.03, 10.03, 17.03 = 3.  Quarter IV: all its weeks (9 and 8, see rule 1).
    for as_of in QUARTER_ENDS[first_year][3]:
        assert figures(status_rows(activities, first_year, "3", as_of)["F1-01"]) == (3, 3, 0, "not_confirmed")
    quarter_four = 9 if first_year == 2025 else 8
    for as_of in QUARTER_ENDS[first_year][4]:
        row = status_rows(activities, first_year, "4", as_of)["F1-01"]
        assert figures(row) == (quarter_four, quarter_four, 0, "not_confirmed")


# --- rule 9: no activity vanishes from a report ---------------------------------------------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_an_activity_without_a_usable_date_is_expected_in_its_months_quarter(tmp_path, lang, first_year):
    w = WORDS[lang]
    ingested = read_plan(tmp_path, lang, first_year, [section(lang, [("Жиналыс", w["no_date"], w["template"])],
                                                              month=12)])
    activities = ingested.activities
    # December: quarter II (15.12 in it), the month runs past the last teaching day: due on it.
    assert figures(status_rows(activities, first_year, "2", y(first_year, 27, 12))["F1-01"]) == (1, 0, 0, "planned")
    for as_of in QUARTER_ENDS[first_year][2]:
        assert figures(status_rows(activities, first_year, "2", as_of)["F1-01"]) == (1, 1, 0, "not_confirmed")
    assert [n.code for n in ingested.notes if n.row == 1 and n.table == 1] == ["frequency_unknown"]


@pytest.mark.parametrize("lang, first_year", PLANS)
def test_without_any_month_an_activity_is_unscheduled_in_every_report(tmp_path, lang, first_year):
    w = WORDS[lang]
    activities = read_plan(tmp_path, lang, first_year, [section(lang, [
        ("Жиналыс", w["no_date"], w["template"]),
        ("Кеңес", w["as_needed"], f"{w['held']} {dmy(first_year, 12, 11)}"),
    ], month=None)]).activities
    year = load_school_year(first_year)
    for quarter in (1, 2, 3, 4):
        for as_of in QUARTER_ENDS[first_year][quarter]:
            frame = evaluate(activities, year, str(quarter), as_of)
            rows = {r["activity_id"]: r for r in frame.to_dict("records")}
            assert (rows["F1-01"]["in_period"], figures(rows["F1-01"])) == (True, (0, 0, 0, "unscheduled"))
            # As needed: nothing owed; its evidence (12.11) counts as held in quarter II.
            assert figures(rows["F1-02"]) == ((0, 0, 1, "done") if quarter == 2 else (0, 0, 0, "unscheduled"))
            stats = fraction_stats(activities, frame)
            quarter_stats = stats[stats["scope"] == "quarter"].iloc[0]
            assert (quarter_stats["activities"], quarter_stats["expected"], quarter_stats["due"]) == (2, 0, 0)
            assert quarter_stats["unscheduled"] == (1 if quarter == 2 else 2)
    rows = status_rows(activities, first_year, "year", QUARTER_ENDS[first_year][4][0])
    assert figures(rows["F1-01"]) == (0, 0, 0, "unscheduled") and figures(rows["F1-02"]) == (0, 0, 1, "done")


# --- rule 10: a plan whose year is over gets the year report by default ---------------------------------------

@pytest.mark.parametrize("lang, first_year", PLANS)
def test_after_the_year_the_default_report_is_the_year(tmp_path, lang, first_year):
    w = WORDS[lang]
    write_plan(tmp_path / "input", lang, first_year, [section(lang, [("Рейд", w["monthly"], w["template"])])])
    result = run(tmp_path / "input", tmp_path / "out", as_of=date(first_year + 1, 9, 15), lang=lang)
    outcome = result.outcomes[0]
    assert outcome.report.period.scope == "year"
    assert outcome.folder.name == f"{first_year}-{first_year + 1}-year"
    name = f"{first_year}-{first_year + 1}"
    line = {"kk": f"{name} оқу жылы аяқталды: бүкіл жылдың есебі жасалды; тоқсан есебі үшін --quarter N беріңіз.",
            "ru": f"{name} учебный год закончился: отчёт за весь год; для отчёта за четверть укажите --quarter N."}
    assert run_lines(result, lang)[0] == line[lang]
    # Sep to May: 2 + 2 + 3 + 2 months, all owed.
    status = pd.read_csv(outcome.written[0].parent / "quarter_status.csv", dtype=str)
    assert status[["expected", "due", "status"]].values.tolist() == [["9", "9", "not_confirmed"]]
    # Asked for a quarter, the quarter is reported and nothing is said; before the year: quarter I.
    asked = run(tmp_path / "input", tmp_path / "out", scope="2", as_of=date(first_year + 1, 9, 15), lang=lang)
    assert asked.outcomes[0].report.period.scope == "2" and not asked.years_over
    before = run(tmp_path / "input", tmp_path / "out", as_of=date(first_year, 8, 20), lang=lang)
    assert before.outcomes[0].report.period.scope == "1" and not before.years_over


def test_the_terminal_says_the_year_is_over(tmp_path):
    write_plan(tmp_path / "input", "kk", 2025, [section("kk", [("Рейд", WORDS["kk"]["monthly"], TEMPLATE)])])
    result = CliRunner().invoke(build_cli("kk"), ["run", "--input", str(tmp_path / "input"), "--output",
                                                  str(tmp_path / "out"), "--as-of", "2026-09-15"])
    assert result.output.splitlines()[0] == (
        "2025-2026 оқу жылы аяқталды: бүкіл жылдың есебі жасалды; тоқсан есебі үшін --quarter N беріңіз.")
    assert "plan.docx: оқу жылы (01.09.2025 – 25.05.2026)" in result.output
    assert (tmp_path / "out" / "plan" / "2025-2026-year" / "plan-2025-2026-year-kk.docx").is_file()


# --- the sample check, on a filled plan of its kind ------------------------------------------------------------

def _filled_plan(folder, lang="kk"):
    """A plan filled as on the first day of quarter II's winter break: monthly and weekly
    activities with dated and undated posts, one-time activities held, not held and not yet
    confirmed, one of them in December without evidence."""
    w = WORDS[lang]
    first = [
        ("Рейд", w["monthly"], f"{w['reference']} 26.09.2025\n{w['reference']} 17.10.2025\n"
                               f"{w['held']} 14.11.2025 https://t.me/ml2/12"),
        ("Жаңалықтар", w["weekly"], "https://www.instagram.com/p/n1/\nhttps://www.instagram.com/p/n2/\n"
                                    "24.10.2025 https://www.instagram.com/p/n3/"),
        ("Кездесу", w["quarterly"], f"{w['held']} 10.10.2025\n{w['held']} 12.11.2025"),
        ("Сайлау", "15-22.09.2025", f"{w['held']} 19.09.2025"),
        ("Дебат", "24.10.2025", w["not_held"]),
    ]
    second = [
        ("Бұрыш", "04-08.11.2025", "https://www.facebook.com/ml2/posts/1"),
        ("Газет", "24.12.2025", w["template"]),
        ("Ток-шоу", "26-30.12.2025", w["template"]),
    ]
    write_plan(folder, lang, 2025, [section(lang, first), section(lang, second, month=12, number=2)])


def test_quarter_one_report_on_27_10_and_05_11_is_the_same(tmp_path):
    _filled_plan(tmp_path / "input")
    tables = []
    for as_of in (date(2025, 10, 27), date(2025, 11, 5)):
        out = tmp_path / f"out-{as_of:%m%d}"
        run(tmp_path / "input", out, scope="1", as_of=as_of)
        folder = out / "plan" / "2025-2026-Q1"
        tables.append({name: (folder / name).read_bytes() for name in ("quarter_status.csv", "fraction_stats.csv")})
    assert tables[0] == tables[1]
    status = pd.read_csv(tmp_path / "out-1027" / "plan" / "2025-2026-Q1" / "quarter_status.csv", dtype=str)
    rows = {r["activity_id"]: (r["expected"], r["due"], r["held"], r["status"]) for r in status.to_dict("records")
            if r["in_period"] == "True"}
    # monthly: Sep, Oct referenced; weekly: 8 weeks, 3 posts (one dated 24.10, two undated);
    # quarterly: 10.10; Сайлау held 19.09; Дебат not held.
    assert rows == {"F1-01": ("2", "2", "2", "done"), "F1-02": ("8", "8", "3", "partial"),
                    "F1-03": ("1", "1", "1", "done"), "F1-04": ("1", "1", "1", "done"),
                    "F1-05": ("1", "1", "0", "not_held")}


def test_quarter_two_report_in_the_break_shows_nothing_planned_of_a_month_that_is_over(tmp_path):
    _filled_plan(tmp_path / "input")
    run(tmp_path / "input", tmp_path / "out", as_of=date(2025, 12, 30))
    status = pd.read_csv(tmp_path / "out" / "plan" / "2025-2026-Q2" / "quarter_status.csv", dtype=str)
    rows = {r["activity_id"]: (r["expected"], r["due"], r["held"], r["status"]) for r in status.to_dict("records")
            if r["in_period"] == "True"}
    # monthly: Nov held (14.11), Dec owed (quarter closed 28.12): partial, not planned; weekly: 8
    # weeks, no post of quarter II; Газет (24.12) and Ток-шоу (26-30.12, past the last day) owed.
    assert rows == {"F1-01": ("2", "2", "1", "partial"), "F1-02": ("8", "8", "0", "not_confirmed"),
                    "F1-03": ("1", "1", "1", "done"), "F2-01": ("1", "1", "1", "done"),
                    "F2-02": ("1", "1", "0", "not_confirmed"), "F2-03": ("1", "1", "0", "not_confirmed")}
    assert "planned" not in status["status"].tolist()


# --- issue 9: `check` shows the completion cell's problems, `run` does not repeat them ---------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_check_lists_a_bad_evidence_date(tmp_path, lang):
    w = WORDS[lang]
    write_plan(tmp_path / "input", lang, 2025, [section(lang, [("Сайлау", "19.09.2025", f"{w['held']} 31.09.2025")])])
    result = check(tmp_path / "input", tmp_path / "out", lang=lang)
    notes = pd.read_csv(tmp_path / "out" / "plan" / "notes.csv", dtype=str, keep_default_na=False)
    bad = notes[notes["code"] == "evidence_date_invalid"]
    column = "Орындалуы туралы мәлімет" if lang == "kk" else "Информация о выполнении"
    assert bad[["severity", "table", "row", "column", "value"]].values.tolist() == [
        ["warning", "1", "1", column, f"{w['held']} 31.09.2025"]]
    message = {"kk": f"Орындалуы туралы мәліметте мүмкін емес күн «31.09.2025» бар: «{w['held']} 31.09.2025». "
                     "Күнді КК.АА.ЖЖЖЖ түрінде дұрыс жазыңыз.",
               "ru": f"В информации о выполнении невозможная дата «31.09.2025»: «{w['held']} 31.09.2025». "
                     "Исправьте дату в формате ДД.ММ.ГГГГ."}[lang]
    assert bad["message"].tolist() == [message]
    assert any(message in line for line in check_lines(result, lang))
    run(tmp_path / "input", tmp_path / "run", scope="1", as_of=date(2025, 10, 27), lang=lang)
    run_notes = pd.read_csv(tmp_path / "run" / "plan" / "2025-2026-Q1" / "notes.csv", dtype=str)
    assert run_notes["code"].tolist().count("evidence_date_invalid") == 1


def test_the_readme_worked_example(tmp_path):
    cell = "Анықтама 26.09.2025\nАнықтама 17.10.2025\nӨткізілді 14.11.2023 https://t.me/ml2_parlament/12\nӨткізілмеді"
    write_plan(tmp_path / "input", "kk", 2025, [section("kk", [("Мектепішілік рейд", "Айына бір рет", cell)])])
    # No --quarter in the winter break: quarter II; on 14.01 quarter III has started: --quarter 2.
    for as_of, scope in ((date(2025, 12, 30), None), (date(2026, 1, 5), None), (date(2026, 1, 14), "2")):
        result = run(tmp_path / "input", tmp_path / "out", scope=scope, as_of=as_of)
        folder = result.outcomes[0].folder
        assert folder.name == "2025-2026-Q2"
        status = pd.read_csv(folder / "quarter_status.csv", dtype=str).iloc[0]
        assert status[["expected", "due", "held", "status", "held_dates"]].tolist() == [
            "2", "2", "1", "not_held", "2025-11-14"]
        assert status[["ytd_expected", "ytd_due", "ytd_held"]].tolist() == ["4", "4", "3"]
        lines = run_lines(result, "kk")
        assert "  1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП: 50% (өткізілді 1 / мерзімі келді 2; кезеңге жоспарланған 2)" in lines
        stats = pd.read_csv(folder / "fraction_stats.csv")
        assert stats.set_index("scope").loc["year_to_date", "completion_rate"] == pytest.approx(3 / 4)
    before = run(tmp_path / "input", tmp_path / "before", as_of=date(2025, 12, 26))
    status = pd.read_csv(before.outcomes[0].folder / "quarter_status.csv", dtype=str).iloc[0]
    assert status[["expected", "due", "held", "status"]].tolist() == ["2", "1", "1", "planned"]
