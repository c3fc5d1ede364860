import math
from datetime import date

import pandas as pd
import pytest

from pipeline.base import vocab
from pipeline.base.text import fold_plain
from pipeline.evaluate.school_year import load_school_year
from pipeline.evaluate.stats import form_of, forms_in, fraction_stats
from pipeline.evaluate.status import evaluate
from pipeline.write.words import percent
from schemas import Activities, QuarterStatus

FRACTIONS = {1: "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", 2: "АҚПАРАТ", 3: "СПОРТ"}


def activity(activity_id, title="Іс-шара", grades="", partners="", source="plan.docx", **extra):
    number = int(activity_id[1:].split("-")[0])
    row = {
        "activity_id": activity_id, "fraction_no": number, "fraction": FRACTIONS[number], "section_month": None,
        "project": "", "title": title, "date_text": "", "start_date": None, "end_date": None,
        "frequency": "once", "grade_min": None, "grade_max": None, "grades": grades, "responsible": "",
        "partners": partners, "evidence_text": "", "source": source, "table_no": number, "row_no": 1,
    }
    return {**row, **extra}


def plan(*rows):
    return Activities.validate(pd.DataFrame(list(rows), columns=list(Activities.to_schema().columns)))


def status(activity_id, quarter, year_to_date=None, links=(), source="plan.docx", moved_to=None,
           in_period=True, ytd_links=None):
    """A status row: `quarter` and `year_to_date` are (expected, due, held, status)."""
    expected, due, held, state = quarter
    ytd = year_to_date or quarter
    return {
        "source": source, "activity_id": activity_id, "quarter": "2", "in_period": in_period,
        "expected": expected, "due": due, "held": held, "status": state, "moved_to": moved_to,
        "evidence_links": "; ".join(links), "held_dates": "", "ytd_expected": ytd[0], "ytd_due": ytd[1], "ytd_held": ytd[2],
        "ytd_status": ytd[3], "ytd_evidence_links": "; ".join(links if ytd_links is None else ytd_links),
    }


def frame(*rows):
    return QuarterStatus.validate(pd.DataFrame(list(rows), columns=list(QuarterStatus.to_schema().columns)))


def stats_by(stats):
    return {(r["source"], r["fraction_no"], r["scope"]): r for r in stats.to_dict("records")}


ACTIVITIES = plan(
    activity("F1-01", "«Жомарт жүрек» акциясы", "5,6,7", "ДТЖО; Тәлімгер"),
    activity("F1-02", "«Таза мектеп» акциясы", "1,2,3,4", "Тәлімгер; Сынып жетекшілер"),
    activity("F1-03", "«Мен ерекше баламын» байқауы", "10,11", "Медбике"),
    activity("F1-04", "Құқық қорғау органдарымен кездесу", "8", "Педагог-психологтар"),
    activity("F2-01", "Парламент отырысы"),
    activity("F3-01", "«Мектеп Лигасы» спорттық іс-шаралар"),
)
STATUS = frame(
    status("F1-01", (2, 2, 3, "done"), (4, 4, 5, "done"), links=("https://t.me/a/1", "https://t.me/a/2", "https://t.me/a/3")),
    status("F1-02", (4, 2, 1, "partial"), (8, 6, 1, "partial"), links=("https://t.me/b/1",)),
    status("F1-03", (1, 1, 0, "not_confirmed"), (1, 1, 0, "not_confirmed")),
    status("F1-04", (0, 0, 0, "moved"), (1, 1, 1, "done")),
    status("F2-01", (1, 0, 0, "planned")),
)


def test_quarter_statistics_of_a_fraction():
    row = stats_by(fraction_stats(ACTIVITIES, STATUS))[("plan.docx", 1, "quarter")]
    assert {k: row[k] for k in ("fraction", "activities", "expected", "due", "held", "done", "partial",
                                "not_held", "not_confirmed", "moved", "planned", "links")} == {
        "fraction": "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "activities": 4, "expected": 7, "due": 5,
        "held": 3,                      # min(3, 2) + min(1, 4): evidence beyond the plan adds nothing
        "done": 1, "partial": 1, "not_held": 0, "not_confirmed": 1, "moved": 1, "planned": 0, "links": 4,
    }
    assert row["completion_rate"] == pytest.approx(3 / 5)   # (min(3, 2) + min(1, 2)) / 5 due
    assert row["grades"] == "1,2,3,4,5,6,7"                  # of the activities with something held
    assert row["partners"] == "ДТЖО; Тәлімгер; Сынып жетекшілер"
    assert row["forms"] == "акция: 2"                         # on the same basis: held activities only


def test_year_to_date_statistics_use_the_year_to_date_columns():
    row = stats_by(fraction_stats(ACTIVITIES, STATUS))[("plan.docx", 1, "year_to_date")]
    assert (row["activities"], row["expected"], row["due"], row["held"]) == (4, 14, 12, 6)
    assert row["completion_rate"] == pytest.approx((4 + 1 + 0 + 1) / 12)
    assert (row["done"], row["partial"], row["not_confirmed"], row["moved"]) == (2, 1, 1, 0)
    assert row["grades"] == "1,2,3,4,5,6,7,8"
    assert row["partners"] == "ДТЖО; Тәлімгер; Сынып жетекшілер; Педагог-психологтар"


def test_nothing_due_has_no_completion_rate():
    row = stats_by(fraction_stats(ACTIVITIES, STATUS))[("plan.docx", 2, "quarter")]
    assert (row["activities"], row["expected"], row["due"], row["planned"]) == (1, 1, 0, 1)
    assert math.isnan(row["completion_rate"])


def test_a_fraction_with_nothing_in_the_period_keeps_its_rows():
    row = stats_by(fraction_stats(ACTIVITIES, STATUS))[("plan.docx", 3, "quarter")]
    assert (row["fraction"], row["activities"], row["expected"], row["links"], row["forms"]) == ("СПОРТ", 0, 0, 0, "")


def test_rows_by_plan_scope_and_fraction():
    activities = plan(activity("F2-01", source="b.docx"), activity("F1-01", source="b.docx"),
                      activity("F1-01", source="a.docx"))
    stats = fraction_stats(activities, frame(status("F1-01", (1, 1, 1, "done"), source="a.docx")))
    assert list(zip(stats["source"], stats["scope"], stats["fraction_no"])) == [
        ("b.docx", "quarter", 1), ("b.docx", "quarter", 2), ("b.docx", "year_to_date", 1),
        ("b.docx", "year_to_date", 2), ("a.docx", "quarter", 1), ("a.docx", "year_to_date", 1)]
    assert stats["done"].tolist() == [0, 0, 0, 0, 1, 1]


def test_statistics_of_an_evaluated_plan():
    activities = plan(
        activity("F1-01", "Мектепішілік рейд", "5,6", "ДТЖО", frequency="monthly", section_month=9,
                 evidence_text="Анықтама 26.09.2025\nАнықтама 17.10.2025\nӨткізілді\nhttps://t.me/p/1"),
        activity("F1-02", "Құқық қорғау органдарымен кездесу", "7", "Тәлімгер", frequency="quarterly"),
    )
    status_frame = evaluate(activities, load_school_year(2025), "2", date(2026, 1, 5))
    row = stats_by(fraction_stats(activities, status_frame))[("plan.docx", 1, "quarter")]
    assert (row["expected"], row["due"], row["held"], row["done"], row["not_confirmed"]) == (3, 3, 1, 0, 1)
    assert (row["partial"], row["links"], row["grades"], row["forms"]) == (1, 1, "5,6", "рейд: 1")
    assert row["completion_rate"] == pytest.approx(1 / 3)


def test_no_activities_give_an_empty_valid_frame():
    assert fraction_stats(plan(), frame()).empty


# --- forms ---

@pytest.mark.parametrize("title, form", [
    ("«Жомарт жүрек» акциясы", "акция"),
    ("Акция «Чистая школа»", "акция"),
    ("«BALA DAUYSY» байқауы", "байқау"),
    ("Конкурс чтецов", "байқау"),
    ("«Білім артық па, байлық артық па?» дебат", "дебат"),
    ("«Әлемде мейірімділік бар ма?» пікірталас", "дебат"),
    ("«Мектеп денсаулық ортасы бола ала ма?» ток-шоу", "ток-шоу"),
    ("Медицина мамандарымен кездесу ұйымдастыру", "кездесу"),
    ("Встреча с ветеранами", "кездесу"),
    ("Мектепішілік /мектеп формасы, оқулық, суық қару, т.б./ рейд", "рейд"),
    ("«Асар» челлендж", "челлендж"),
    ("«Біз өнерлі жастармыз!» флеш-моб", "флешмоб"),
    ("«Әдеп - ең қымбат мирас» дөңгелек үстел", "дөңгелек үстел"),
    ("Круглый стол «Право и закон»", "дөңгелек үстел"),
    ("«Ағаның қамқорлығы» видеоролик сайысы", "сайыс"),
    ("колөнер көрмесі", "көрме"),
    ("Парламент отырысын өткізу", "жиналыс"),
    ("Заседание парламента", "жиналыс"),
    ("«Қоқысты қайта өңдеу мүмкін бе?» танымдық сабақ", "сабақ"),
    ("Ұлы тұлғаларға арналған поэзиялық кеш", "кеш"),
    ("«30 үздік көшбасшы» марапаттау", "марапаттау"),
    ("Мектеп Парламенті президентін сайлау", "сайлау"),
    ("Байкауы «Жас талант»", "байқау"),              # Kazakh typed with Russian letters
    ("«Дебат» клубының сабағы", "сабақ"),            # the form outside the quotes wins
    ("«Дебат»", "дебат"),                            # else the one inside
    ("Спорт кешені", "басқа"),                       # whole words only
    ("«Қайырымдылық - қайырлы іс» іс-шара", "басқа"),
    ("", "басқа"),
])
def test_form_of_title(title, form):
    assert form_of(title) == form


def test_form_of_text_that_is_not_a_title():
    assert form_of(None) == "басқа"


def test_forms_in_russian():
    assert forms_in("акция: 2; байқау: 1; басқа: 1", "ru") == "акция: 2; конкурс: 1; другое: 1"
    assert forms_in("акция: 2; байқау: 1", "kk") == "акция: 2; байқау: 1"
    assert forms_in("", "ru") == ""


def test_every_form_word_belongs_to_one_form():
    forms = vocab.table("forms")["form"]
    owners = {}
    for form in forms:
        for word in form["words"]:
            owners.setdefault(fold_plain(word), set()).add(form["key"])
    assert {w: o for w, o in owners.items() if len(o) > 1} == {}
    assert all(form_of(form["kk"]) == form["kk"] and form_of(form["ru"]) == form["kk"] for form in forms)


def test_year_to_date_counts_activities_of_earlier_quarters():
    activities = plan(activity("F1-01", title="Сайлау"), activity("F1-02", title="«Таза мектеп» акциясы"))
    rows = frame(
        status("F1-01", (0, 0, 0, "done"), (1, 1, 1, "done"), in_period=False, ytd_links=["https://t.me/a/1"]),
        status("F1-02", (2, 2, 1, "partial")),
    )
    stats = stats_by(fraction_stats(activities, rows))
    quarter, ytd = stats[("plan.docx", 1, "quarter")], stats[("plan.docx", 1, "year_to_date")]
    assert (quarter["activities"], quarter["expected"], quarter["held"]) == (1, 2, 1)
    assert (ytd["activities"], ytd["expected"], ytd["held"], ytd["links"]) == (2, 3, 2, 1)
    assert ytd["completion_rate"] == pytest.approx(2 / 3)


@pytest.mark.parametrize("rate, text", [
    (1 / 8, "13%"),         # half up, as the Word report prints it (Python's "{:.0%}" gives "12%")
    (1 / 3, "33%"),
    (2 / 3, "67%"),
    (1.0, "100%"),
    (0.0, "0%"),
    (None, "—"),
    (float("nan"), "—"),
])
def test_one_rate_text_for_every_output(rate, text):
    assert percent(rate) == text
