"""How every value is written in the reports and on the terminal, in the report's language: dates,
periods, rates, grades, fraction names, activity forms and links. The Word and Excel writers (and
the terminal lines) take their texts from here, so that a value reads the same everywhere."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

import pandas as pd

from pipeline.base import labels, vocab
from pipeline.evaluate.evidence_lines import NOT_HELD, evidence_lines
from pipeline.evaluate.report import ReportHead, ReportPeriod
from pipeline.evaluate.stats import forms_in
from pipeline.normalize.school_name import school_nominative
from pipeline.write.tables import Table
from schemas import FractionStats as F

__all__ = [
    "DATE_FORMAT", "NO_VALUE", "PERCENT_NUMBER_FORMAT", "ROMAN", "activity_number", "audience", "capital", "date_text",
    "estimate_line", "evidence_items", "forms_in", "fraction_label", "fraction_name", "grade_ranges", "grade_runs",
    "link_label", "link_target", "links_of", "list_lines", "month_name", "not_held_reasons", "percent", "percent_number",
    "period_label", "period_line", "period_name", "quarter_name", "rate_words", "report_school", "stats_in", "when_text",
]

ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
DATE_FORMAT = "%d.%m.%Y"
NO_VALUE = "—"
# The Excel number format of a rate: whole percent, which Excel and LibreOffice round half up
# from the value's 15 significant digits, as `percent` does.
PERCENT_NUMBER_FORMAT = "0%"
# Longer link targets are ignored by Excel and by many browsers.
MAX_LINK = 2000


# --- periods and dates ---------------------------------------------------------------------------

def period_name(period: ReportPeriod, lang: str) -> str:
    """"II тоқсан" / "II четверть", or "оқу жылы" / "учебный год" for the whole year."""
    if period.scope == "year":
        return labels.text("period.year", lang)
    return quarter_name(period.scope, lang)


def quarter_name(quarter: str, lang: str) -> str:
    """A quarter ("1".."4") by its name: "I тоқсан" / "I четверть"."""
    return labels.text("period.quarter", lang, roman=ROMAN[quarter])


def period_label(period: ReportPeriod, lang: str) -> str:
    """The period with its teaching days: "II тоқсан (03.11.2025 – 28.12.2025)"."""
    return labels.text("period.quarter_dates", lang, name=period_name(period, lang),
                       start=period.teaching_start.strftime(DATE_FORMAT),
                       end=period.teaching_end.strftime(DATE_FORMAT))


def period_line(period: ReportPeriod, lang: str) -> str:
    """The period label as a title line shows it, capitalised: "II тоқсан (03.11.2025 – 28.12.2025)"."""
    return capital(period_label(period, lang))


def estimate_line(estimated_years: tuple[str, ...], lang: str) -> str:
    """The title line of a report on academic years whose calendar is estimated; empty for none."""
    if not estimated_years:
        return ""
    return labels.text("calendar.report_line", lang, year=", ".join(estimated_years))


def report_school(report: ReportHead) -> str:
    """The school as a report heads it: named by the plan's title, in the nominative
    ("Көкшетау қаласының №2 МЛ"; see `school_name.school_nominative`)."""
    return school_nominative(report.plan_title, report.school)


def date_text(value) -> str:
    """A date (or timestamp) as "24.09.2025"; empty when missing."""
    if value is None or pd.isna(value):
        return ""
    return pd.Timestamp(value).strftime(DATE_FORMAT)


def when_text(frequency: str, start, end, written: str, moved_to, t) -> str:
    """When an activity takes place, as the plan's own "when" column says it: its frequency
    ("айына 1 рет") for a recurring activity, its dates ("24.09.2025", "01.09.2025 – 15.09.2025"),
    both on two lines when it has both; the `written` text when neither was read. A moved
    activity adds its new date on a line of its own ("→ 10.12.2025 күніне ауыстырылды"). `t` is
    the report language's translator."""
    first, last = date_text(start), date_text(end)
    lines = [t(f"frequency.{frequency}")] if frequency not in ("once", "unknown") else []
    if first:
        lines.append(first if not last or last == first else f"{first} – {last}")
    lines = lines or [(written if isinstance(written, str) else "").strip() or NO_VALUE]
    if date_text(moved_to):
        lines.append(t("word.more.moved_line", date=date_text(moved_to)))
    return "\n".join(lines)


def month_name(month, lang: str) -> str:
    """A month number (9) by its name in `lang` ("қыркүйек"); empty when missing."""
    if month is None or pd.isna(month):
        return ""
    return vocab.table("months")["names"][lang][str(int(month))]


def capital(text: str) -> str:
    """`text` with its first letter upper-case."""
    return text[:1].upper() + text[1:]


# --- rates -----------------------------------------------------------------------------------------

def percent_number(rate: float | None) -> int | None:
    """A completion rate in whole percent, half up (0.125 → 13, 0.2222 → 22); None when nothing
    was due. The rate is read to 15 significant digits first, as a spreadsheet shows a number, so
    that a rate the arithmetic left at 0.14499999999999999 is 15% here and in the "0%" cell."""
    if rate is None or pd.isna(rate):
        return None
    return int((Decimal(f"{float(rate):.15g}") * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(rate: float | None) -> str:
    """A completion rate as every report and terminal line writes it: "13%" (whole percent, half
    up; see `percent_number`), or a dash when nothing was due."""
    number = percent_number(rate)
    return NO_VALUE if number is None else f"{number}%"


def rate_words(rate: float | None, lang: str) -> str:
    """A rate in a sentence: "13%", or words saying it is not computed when nothing was due."""
    return labels.text("word.rate_none", lang) if percent_number(rate) is None else percent(rate)


# --- grades, fractions, forms, lists ----------------------------------------------------------------

def grade_runs(grades: str) -> list[tuple[int, int]]:
    """The grades "1,2,3,4,7,9" as runs of consecutive grades: [(1, 4), (7, 7), (9, 9)]."""
    runs: list[list[int]] = []
    for number in sorted({int(g) for g in str(grades).split(",") if g.strip().isdigit()}):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return [(low, high) for low, high in runs]


def grade_ranges(grades: str, dash: str = "–") -> str:
    """"1,2,3,4,7,8,9" as "1–4, 7–9" (`dash` between the first and last grade of a run)."""
    return ", ".join(str(low) if low == high else f"{low}{dash}{high}" for low, high in grade_runs(grades))


def audience(grades: str, lang: str) -> str:
    """The grades "1,2,3,4,7,9" as an audience the plan reader understands: "1-4, 7, 9 сынып";
    empty when there are none."""
    written = grade_ranges(grades, dash="-")
    return labels.text("xlsx.grades", lang, grades=written) if written else ""


def fraction_label(number, name: str, lang: str) -> str:
    """A fraction as people name it: "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП", "7. (атауы жоқ)"; the number once,
    also when the name repeats it ("6. ДЕБАТ…")."""
    return f"{number}. {fraction_name(name, lang)}"


# A number a fraction's name starts with ("6. ДЕБАТ…", "6) …"): the report writes the number itself.
_LEADING_NUMBER = re.compile(r"^\d+\s*[.)]\s*")


def fraction_name(name, lang: str) -> str:
    """A fraction's name as written, without a number it starts with, or "(атауы жоқ)" /
    "(без названия)" when the plan gives none."""
    name = _LEADING_NUMBER.sub("", name.strip()) if isinstance(name, str) else ""
    return name or labels.text("check.fraction_unnamed", lang)


def activity_number(activity_id: str) -> str:
    """The activity's number in its fraction's table, as the plan numbers its rows: "F1-04" → "4"."""
    _, _, number = str(activity_id).rpartition("-")
    return str(int(number)) if number.isdigit() else str(activity_id)


def list_lines(text: str) -> str:
    """A "; "-joined list ("акция: 2; байқау: 1") as one item per line."""
    return "\n".join(part.strip() for part in text.split(";") if part.strip())


def stats_in(stats: Table, lang: str) -> Table:
    """A `schemas.FractionStats` table as a file in `lang` shows it: the forms named in `lang`
    (the statistics count them by their Kazakh names)."""
    if not len(stats):
        return stats
    return stats.with_column(F.forms, [forms_in(forms, lang) for forms in stats.columns[F.forms]])


# --- links -----------------------------------------------------------------------------------------

_WEB_SCHEME = re.compile(r"^https?://", re.IGNORECASE)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # "site.kz:8080/" has a port
_OPENED_SCHEMES = ("http", "https", "mailto")
# Characters kept as written in a link target; everything else (spaces, Cyrillic) is %-encoded,
# since Word refuses to open a document whose hyperlink target is not a valid URI.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"
_LINK_EDGES = ",;"


def links_of(text) -> tuple[str, ...]:
    """The links of an `evidence_links` value, each once, in order, whatever separates them
    (spaces, lines, "," or ";")."""
    if not isinstance(text, str):
        return ()
    links = (token.strip(_LINK_EDGES) for token in text.split())
    return tuple(dict.fromkeys(link for link in links if link))


def evidence_items(evidence_text, evidence_links, held: int, period: ReportPeriod) -> tuple[tuple[str, bool], ...]:
    """What was counted for an activity in `period`, as (text, is a link) lines in the order a
    cell shows them: each reference or mark as typed ("Анықтама №3, 25.11.2025", "Өткізілді
    15.12.2025"), each link under the text written with it, the reason given for not holding it
    (see `evidence_lines.evidence_lines`); `evidence_links` are the links the evaluation counted."""
    items: list[tuple[str, bool]] = []
    for line in evidence_lines(evidence_text, links_of(evidence_links), held, period):
        if line.text:
            items.append((line.text, False))
        items.extend((link, True) for link in line.links)
    return tuple(items)


def not_held_reasons(evidence_text, evidence_links, held: int, period: ReportPeriod) -> list[str]:
    """The not-held lines of an activity's completion cell in `period`, as typed."""
    return [line.text for line in evidence_lines(evidence_text, links_of(evidence_links), held, period)
            if line.kind == NOT_HELD]


def link_target(link: str) -> str | None:
    """The address a written link opens, for Word and Excel alike: "https://" added when no
    scheme is written ("t.me/a/1"), %-encoded (Cyrillic, spaces); None (shown as text, not
    clickable) for a scheme other than http(s) and mailto, or an address longer than `MAX_LINK`."""
    scheme = _OTHER_SCHEME.match(link)
    if scheme and scheme.group()[:-1].lower() not in _OPENED_SCHEMES:
        return None
    target = quote(link if scheme else f"https://{link}", safe=_URL_SAFE)
    return target if len(target) <= MAX_LINK else None


def link_label(link: str) -> str:
    """A link as a narrow cell shows it: without "https://", so that it wraps at its "/"."""
    return _WEB_SCHEME.sub("", link)
