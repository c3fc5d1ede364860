"""What a report shows as an activity's evidence in a period: the completion cell's lines as they
were typed, read with the same evidence reader the evaluation counts with."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base.academic_year import AcademicYear
from pipeline.base.text import clean_lines
from pipeline.evaluate.report import ReportPeriod
from pipeline.normalize.evidence import LINK, read_evidence

HELD, NOT_HELD = "held", "not_held"


@dataclass(frozen=True)
class EvidenceLine:
    """One line a report shows: the text as typed without its links ("Анықтама №3, 25.11.2025",
    "Өткізілді 15.12.2025", empty for a bare link), the links it names (each clickable) and
    whether it proves something held (`HELD`) or says why not (`NOT_HELD`)."""
    text: str
    links: tuple[str, ...]
    kind: str


def evidence_lines(evidence_text, counted_links: tuple[str, ...], held: int,
                   period: ReportPeriod) -> tuple[EvidenceLine, ...]:
    """The evidence of one activity counted in `period`, in cell order:
    - each link the evaluation counted there (`counted_links`), under the text typed with it (a
      done mark, a reference, a date), each once;
    - each reference or done mark without a link dated inside the period, and, when something
      was held there (`held` > 0), those without a date;
    - each not-held line ("Өткізілмеді: ауа райына байланысты") dated inside the period or undated.
    Template text, unclear lines and moves (which the activity's dates show) are left out."""
    text = evidence_text if isinstance(evidence_text, str) else ""
    return _lines(text, tuple(counted_links), held > 0, period)


@lru_cache(maxsize=16384)
def _lines(text: str, counted: tuple[str, ...], anything_held: bool, period: ReportPeriod) -> tuple[EvidenceLine, ...]:
    first_year = AcademicYear.of_day(period.start).first
    evidence = read_evidence(tuple(text.split("\n")), first_year)
    shown: list[EvidenceLine] = []
    for occurrence in evidence.occurrences:
        if occurrence.kind == LINK:
            links = tuple(link for link in occurrence.links if link in counted)
            if links:
                _add(shown, EvidenceLine(_without(occurrence.line, occurrence.links), links, HELD))
        elif _in_period(occurrence.date, period, undated=anything_held):
            _add(shown, EvidenceLine(occurrence.line, (), HELD))
    written = {link for line in shown for link in line.links}
    for link in counted:
        if link not in written:  # counted, though not read from this text: shown all the same
            _add(shown, EvidenceLine("", (link,), HELD))
    for line in clean_lines([text]):
        not_held = read_evidence((line,), first_year).not_held
        if not_held and any(_in_period(day, period, undated=True) for day in not_held):
            _add(shown, EvidenceLine(line, (), NOT_HELD))
    return tuple(_merged(shown))


def _in_period(day: dt.date | None, period: ReportPeriod, undated: bool) -> bool:
    return undated if day is None else period.start <= day <= period.end


def _without(line: str, links: tuple[str, ...]) -> str:
    """`line` without the links written in it."""
    for link in links:
        line = line.replace(link, " ")
    return " ".join(line.split())


def _add(shown: list[EvidenceLine], line: EvidenceLine) -> None:
    if line not in shown:
        shown.append(line)


def _merged(shown: list[EvidenceLine]) -> list[EvidenceLine]:
    """Links written under the same text (two posts of one event) as one line with both links."""
    merged: list[EvidenceLine] = []
    for line in shown:
        previous = merged[-1] if merged else None
        if previous and line.links and previous.links and line.text == previous.text:
            merged[-1] = EvidenceLine(previous.text, previous.links + line.links, previous.kind)
        else:
            merged.append(line)
    return merged
