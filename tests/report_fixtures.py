"""A realistic quarter report built by hand, for the tests of the report writers.

Quarter II of 2025-2026 as of 20 December 2025: three fractions (the third without a name, as in
the real plan), an activity of each status, activities with one, two and no links (one written
without "https://"), a once-a-week, a once-a-month and a once-a-quarter activity, an activity
outside the quarter (in the plan only), and two data-quality notes."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.evaluate.report import PlanReport, ReportPeriod
from schemas import Activities, FractionStats, Notes, QuarterStatus

SOURCE = "mektep-parlamenti-2025-2026.docx"
SCHOOL = "Көкшетау қаласының №2 МЛ-нің"
PLAN_TITLE = (f"{SCHOOL} «Мектеп парламенті» білім алушылардың өзін-өзі басқару органдарын дамыту "
              "тұжырымдамасын іске асыру үшін атқарылатын іс-шара жоспары")
AS_OF = dt.date(2025, 12, 20)
PERIOD = ReportPeriod(scope="2", start=dt.date(2025, 10, 27), end=dt.date(2025, 12, 28),
                      teaching_start=dt.date(2025, 11, 3), teaching_end=dt.date(2025, 12, 28))

LAW, PRESS, ECO = "ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", ""
LAW_PROJECT, PRESS_PROJECT, ECO_PROJECT = "«ҚҰҚЫҚТЫҚ МӘДЕНИЕТ» ЖОБАСЫ", "«ЖАҢАЛЫҚ ЖАРШЫСЫ» ЖОБАСЫ", "«ЭКО START» ЖОБАСЫ"
TEMPLATE = "Әлеуметтік желіге жариялау /Сілтеме/"
MEMBERS = "Фракция мүшелері"

LINK_RAID = "https://t.me/ml2_parlament/12"
LINK_MEETING = "https://www.instagram.com/p/ml2_kezdesu/"
LINK_NEWS_1 = "https://www.instagram.com/p/ml2_news_1/"
LINK_NEWS_2 = "t.me/ml2_parlament/15"
LINK_CORNER_1 = "https://www.facebook.com/ml2kokshetau/posts/2101"
LINK_CORNER_2 = "https://www.instagram.com/p/ml2_burysh/"


def _day(text: str | None):
    return pd.Timestamp(text) if text else pd.NaT


def _activity(activity_id, fraction, month, project, title, date_text, start, end, frequency, grades,
              partners, evidence, row_no):
    fraction_no = int(activity_id[1])
    numbers = [int(g) for g in grades.split(",") if g]
    return {
        "activity_id": activity_id, "fraction_no": fraction_no, "fraction": fraction, "section_month": month,
        "project": project, "title": title, "date_text": date_text, "start_date": _day(start),
        "end_date": _day(end), "frequency": frequency,
        "grade_min": min(numbers) if numbers else None, "grade_max": max(numbers) if numbers else None,
        "grades": grades, "responsible": MEMBERS, "partners": partners, "evidence_text": evidence,
        "source": SOURCE, "table_no": fraction_no, "row_no": row_no,
    }


def activities() -> pd.DataFrame:
    """The plan: nine activities in three fractions."""
    rows = [
        _activity("F1-01", LAW, 9, LAW_PROJECT, "Мектепішілік /мектеп формасы, оқулық/ рейд", "Айына бір рет",
                  None, None, "monthly", "1,2,3,4,5,6,7,8,9", "Педагог-ұйымдастырушы; Тәлімгер",
                  f"Анықтама 26.09.2025\nАнықтама 17.10.2025\nАнықтама 14.11.2025\n{LINK_RAID}", 1),
        _activity("F1-02", LAW, 9, LAW_PROJECT, "Құқық қорғау органдары қызметкерлерімен кездесу",
                  "Токсанына 1 рет", None, None, "quarterly", "5,6,7,8,9",
                  "Педагог-ұйымдастырушы; Мектеп инспекторы",
                  f"Өткізілді 10.10.2025\nӨткізілді 12.11.2025\n{LINK_MEETING}", 2),
        _activity("F1-03", LAW, 11, LAW_PROJECT, "«Құқық және біз» дебаты", "10.11. 2023ж.", "2025-11-10",
                  "2025-11-10", "once", "7,8,9", "ДТЖО", "Өткізілмеді: ауа райына байланысты", 3),
        _activity("F2-01", PRESS, 10, PRESS_PROJECT, "«Мектеп NEWS» апталық жаңалықтарды жариялау",
                  "Аптасына 1 рет", None, None, "weekly", "7,8,9", "Педагог-ұйымдастырушы",
                  f"{LINK_NEWS_1}\n{LINK_NEWS_2}", 1),
        _activity("F2-02", PRESS, 11, PRESS_PROJECT, "Ақпараттық бұрыш жасау.\n«Оқулықты күтіп ұста» рейді",
                  "04-08.11.2025ж.", "2025-11-04", "2025-11-08", "once", "1,2,3,4,5,6,7,8,9",
                  "ДТЖО; Педагог-ұйымдастырушы", f"{TEMPLATE}\n{LINK_CORNER_1}\n{LINK_CORNER_2}", 2),
        _activity("F2-03", PRESS, 12, PRESS_PROJECT, "«Жыл жаңалықтары» газетін шығару", "15.12.2025",
                  "2025-12-15", "2025-12-15", "once", "5,6,7", "Тәлімгер", "Ауыстырылды 15.01.2026", 3),
        _activity("F2-04", PRESS, 12, PRESS_PROJECT, "Жаңа жыл қарсаңындағы «Сұхбат» ток-шоуы", "24.12.2025",
                  "2025-12-24", "2025-12-24", "once", "8,9", "Педагог-ұйымдастырушы", TEMPLATE, 4),
        _activity("F3-01", ECO, 11, ECO_PROJECT, "«Таза мектеп - таза сынып» акциясы", "18-22.11.2025",
                  "2025-11-18", "2025-11-22", "once", "1,2,3,4,7,9", "Сынып жетекшілер", TEMPLATE, 1),
        _activity("F3-02", ECO, 4, ECO_PROJECT, "«Менің ағашым» көгалдандыру акциясы", "06-07.04.2022 ж.",
                  "2026-04-06", "2026-04-07", "once", "", "Сынып жетекшілер", TEMPLATE, 2),
    ]
    return Activities.validate(pd.DataFrame(rows, columns=list(Activities.to_schema().columns)))


def _status(activity_id, expected, due, held, status, links, ytd, ytd_status, moved_to=None):
    # Every activity here has something in the quarter; the earlier evidence has no links.
    return {
        "source": SOURCE, "activity_id": activity_id, "quarter": "2", "in_period": True, "expected": expected,
        "due": due, "held": held, "status": status, "moved_to": _day(moved_to), "evidence_links": "; ".join(links),
        "held_dates": "", "ytd_expected": ytd[0], "ytd_due": ytd[1], "ytd_held": ytd[2], "ytd_status": ytd_status,
        "ytd_evidence_links": "; ".join(links),
    }


def quarter_status() -> pd.DataFrame:
    """The quarter's evaluation: one activity of each status, and more."""
    rows = [
        _status("F1-01", 2, 2, 1, "partial", [LINK_RAID], (4, 4, 3), "partial"),
        _status("F1-02", 1, 1, 1, "done", [LINK_MEETING], (2, 2, 2), "done"),
        _status("F1-03", 1, 1, 0, "not_held", [], (1, 1, 0), "not_held"),
        _status("F2-01", 8, 7, 2, "partial", [LINK_NEWS_1, LINK_NEWS_2], (15, 14, 2), "partial"),
        _status("F2-02", 1, 1, 2, "done", [LINK_CORNER_1, LINK_CORNER_2], (1, 1, 2), "done"),
        _status("F2-03", 0, 0, 0, "moved", [], (0, 0, 0), "moved", moved_to="2026-01-15"),
        _status("F2-04", 1, 0, 0, "planned", [], (1, 0, 0), "planned"),
        _status("F3-01", 1, 1, 0, "not_confirmed", [], (1, 1, 0), "not_confirmed"),
    ]
    return QuarterStatus.validate(pd.DataFrame(rows, columns=list(QuarterStatus.to_schema().columns)))


def _stats(fraction_no, fraction, scope, counts, rate, by_status, links, grades, partners, forms):
    activities_count, expected, due, held = counts
    return {
        "source": SOURCE, "fraction_no": fraction_no, "fraction": fraction, "scope": scope,
        "activities": activities_count, "expected": expected, "due": due, "held": held, "completion_rate": rate,
        **dict(zip(("done", "partial", "not_held", "not_confirmed", "moved", "planned"), by_status)), "unscheduled": 0,
        "links": links, "grades": grades, "partners": partners, "forms": forms,
    }


def fraction_stats() -> pd.DataFrame:
    """Per fraction, for the quarter and the year to date (rates: held capped at due, over due)."""
    law_partners = "Педагог-ұйымдастырушы; Тәлімгер; Мектеп инспекторы; ДТЖО"
    press_partners = "Педагог-ұйымдастырушы; ДТЖО; Тәлімгер"
    rows = [
        _stats(1, LAW, "quarter", (3, 4, 4, 2), 0.5, (1, 1, 1, 0, 0, 0), 2, "1,2,3,4,5,6,7,8,9", law_partners,
               "кездесу: 1; рейд: 1; дебат: 1"),
        _stats(2, PRESS, "quarter", (4, 10, 8, 4), 0.375, (1, 1, 0, 0, 1, 1), 4, "1,2,3,4,5,6,7,8,9",
               press_partners, "ток-шоу: 1; рейд: 1"),
        _stats(3, ECO, "quarter", (1, 1, 1, 0), 0.0, (0, 0, 0, 1, 0, 0), 0, "1,2,3,4,7,9", "Сынып жетекшілер",
               "акция: 1"),
        _stats(1, LAW, "year_to_date", (3, 7, 7, 5), 5 / 7, (1, 1, 1, 0, 0, 0), 2, "1,2,3,4,5,6,7,8,9",
               law_partners, "кездесу: 1; рейд: 1; дебат: 1"),
        _stats(2, PRESS, "year_to_date", (4, 17, 15, 4), 3 / 15, (1, 1, 0, 0, 1, 1), 4, "1,2,3,4,5,6,7,8,9",
               press_partners, "ток-шоу: 1; рейд: 1"),
        _stats(3, ECO, "year_to_date", (1, 1, 1, 0), 0.0, (0, 0, 0, 1, 0, 0), 0, "1,2,3,4,7,9",
               "Сынып жетекшілер", "акция: 1"),
    ]
    return FractionStats.validate(pd.DataFrame(rows, columns=list(FractionStats.to_schema().columns)))


def notes() -> pd.DataFrame:
    """A warning and an error about the plan file."""
    rows = [
        {"severity": "warning", "code": "date_year_replaced", "file": SOURCE, "table": 1, "row": 3,
         "column": "Өткізу мерзімі", "value": "10.11. 2023ж.",
         "message": "«10.11. 2023ж.» күні 2023 жылмен жазылған, оқу жылы бойынша 2025 жыл алынды. "
                    "Жоспардағы жылды түзетіңіз."},
        {"severity": "error", "code": "academic_year_missing", "file": SOURCE, "table": None, "row": None,
         "column": "", "value": "",
         "message": "Жоспардың тақырыбында оқу жылы жоқ («2025-2026 оқу жылы»), күндер жазылған жылымен алынды."},
    ]
    return Notes.validate(pd.DataFrame(rows, columns=list(Notes.to_schema().columns)))


def sample_report(lang: str = "kk") -> PlanReport:
    """The quarter II report of the sample plan in `lang`."""
    return PlanReport(
        source=SOURCE,
        school=SCHOOL,
        plan_title=PLAN_TITLE,
        academic_year="2025-2026",
        approver=f"{SCHOOL} директоры Байболова Р.Б",
        agreer="Директордың тәрбие ісі жөніндегі орынбасары Елубай М.Е.",
        period=PERIOD,
        as_of=AS_OF,
        lang=lang,
        activities=activities(),
        status=quarter_status(),
        fraction_stats=fraction_stats(),
        notes=notes(),
    )
