"""Reading the completion cell ("Орындалуы туралы мәлімет"): which occurrences of an activity were
held and what proves them, which were not held, and where the activity was moved."""
from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base import vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.base.notes import WARNING, Problem
from pipeline.base.text import clean_lines, fold_plain
from pipeline.normalize.when import PLAUSIBLE_YEARS, written_year

LINK = "link"
REFERENCE = "reference"
MARK = "mark"

# Kinds of a line that never make an occurrence by themselves.
_NOT_HELD = "not_held"
_MOVED = "moved"
_DATE = "date"          # only a date (maybe with template text): dates the links next to it
_TEMPLATE = "template"
_UNCLEAR = "unclear"

def _words(phrases) -> re.Pattern:
    keys = sorted({fold_plain(p) for p in phrases} - {""}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")


_VOCAB = vocab.table("evidence")
_TEMPLATE_WORDS = _words(_VOCAB["template"]["phrases"])
_FILLER_WORDS = _words(_VOCAB["filler"]["words"])
_REFERENCE_WORDS = _words(_VOCAB["reference"]["words"])
_DONE_WORDS = _words(_VOCAB["done"]["phrases"])
_NOT_HELD_WORDS = _words(_VOCAB["not_held"]["phrases"])
_MOVED_WORDS = _words(_VOCAB["moved"]["phrases"])
_TRACKING = tuple(_VOCAB["links"]["tracking_parameters"])
_SITE_PREFIXES = tuple(_VOCAB["links"]["site_prefixes"])
_DONE_SYMBOL = re.compile(
    r"(?<!\S)(?:" + "|".join(map(re.escape, _VOCAB["done"]["symbols"])) + r")\ufe0f?(?!\S)")

_LINK = re.compile(
    r"(?:https?://|www\.)[^\s«»<>\"]+"
    r"|(?<![\w@./-])(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s«»<>\"]*",  # "t.me/…", "instagram.com/…"
    re.IGNORECASE)
_LINK_TAIL = ".,;:!?)]}'\"»"
_LINK_PREFIX = re.compile(r"^(?:https?://)?(?:www\.)?", re.IGNORECASE)
# dd.mm.yyyy, dd.mm.yy, dd.mm; a day range "15-19.09.2025" is read as its first day.
_DATE_TEXT = re.compile(
    r"(?<![\d.])(?:(\d{1,2})\s*-\s*)?(\d{1,2})[./](\d{1,2})(?:[./]\s?(\d{4}|\d{2}))?(?!\d)")
_REFERENCE_NUMBER = re.compile(r"(?:№|#|\bN[oо]?\.?)\s*\d+")
DATE_FORMAT = "%d.%m.%Y"   # of the dates quoted in notes


@dataclass(frozen=True)
class Occurrence:
    """One held occurrence of the activity: when (if written), the links proving it, how it was
    recorded ("link", "reference" or "mark") and the cell text it was read from."""
    date: dt.date | None
    links: tuple[str, ...]
    kind: str
    line: str


@dataclass(frozen=True)
class Evidence:
    """What a completion cell says: held occurrences, not-held lines (with their dates if any),
    the date the activity was last moved to, every link in the cell and the problems found."""
    occurrences: tuple[Occurrence, ...]
    not_held: tuple[dt.date | None, ...]
    moved_to: dt.date | None
    links: tuple[str, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Line:
    """One cell line as read: its kind, links, readable dates and whether any date was written."""
    text: str
    kind: str
    links: tuple[str, ...]
    dates: tuple[dt.date, ...]
    has_date: bool
    problems: tuple[Problem, ...]


def read_evidence(lines: tuple[str, ...], first_year: int | None) -> Evidence:
    """The evidence in a completion cell's `lines`, for the academic year starting in `first_year`.

    Template text ("Әлеуметтік желіге жариялау /Сілтеме/", "Анықтама", "Справка" …) is not
    evidence. Held occurrences come from:
    - links, one event per line: links to different sites on one line are one event (the same
      post on Instagram and Facebook, noted as `evidence_links_one_event`), several links to the
      same site are one post each; a dated line is at most one occurrence per distinct date on it.
      A link already counted in the cell is not counted again (compared without scheme, "www.",
      a final "/" and share/tracking parameters such as "?igsh=…", "utm_*"). A line with a done
      mark or a reference and links counts its links: the mark never counts on top;
    - a reference with a number or a date ("Анықтама №2, 22.10.2025"), or a done mark ("Өткізілді",
      "Проведено", "+"): one occurrence per distinct date on the line, or one undated.
    A line with a date, a mark or a reference pairs with the undated link lines right after it (or,
    if none follow and it has no link, right before it): they are the same event, so
    "Өткізілді 19.09.2025" above a link is one occurrence of 19.09.2025 with that link. Events of an
    entry take its dates in order when there are as many dates as events, else its first date.
    Dates: dd.mm.yyyy, dd.mm.yy, dd.mm (placed in the academic year; left undated when
    `first_year` is None). A year earlier than the academic year's is replaced like the plan's own
    dates ("14.11.2023" in 2025-2026 is 14.11.2025, noted as `evidence_date_year_replaced`); a
    later year is kept (`evidence_date_outside_year`). "Өткізілмеді"/"Не проведено" lines go to
    `not_held`, "Ауыстырылды DATE" sets `moved_to` (the line's last date), also when the line says
    not held too ("Өткізілмеді, 10.12.2025 күніне ауыстырылды": the not-held is the old date). Any
    other text, and a lone date, is reported as `evidence_unclear` and does not count. Items of
    `lines` that are not text are skipped."""
    return _read_cell(_text_lines(lines), _year_or_none(first_year))


def _text_lines(lines) -> tuple[str, ...]:
    if isinstance(lines, str):
        return (lines,)
    try:
        return tuple(line for line in lines if isinstance(line, str))
    except TypeError:
        return ()


def _year_or_none(first_year) -> int | None:
    try:
        year = operator.index(first_year)
    except TypeError:
        return None
    return year if 1 <= year <= 9998 else None


@lru_cache(maxsize=8192)
def _read_cell(lines: tuple[str, ...], first_year: int | None) -> Evidence:
    parsed = [_read_line(line, first_year) for line in clean_lines(lines)]
    occurrences: list[Occurrence] = []
    not_held: list[dt.date | None] = []
    moved_to = None
    problems: list[Problem] = []
    counted: set[str] = set()
    for entry in _entries(parsed):
        head = _head(entry)
        problems.extend(problem for line in entry for problem in line.problems)
        if head.kind == _NOT_HELD:
            not_held.append(head.dates[0] if head.dates else None)
        elif head.kind == _MOVED:
            if head.dates:
                moved_to = head.dates[-1]
            elif not head.has_date:
                problems.append(Problem(WARNING, "evidence_moved_no_date", {"line": head.text}))
        elif head.kind == _UNCLEAR or (head.kind == _DATE and len(entry) == 1):
            problems.append(Problem(WARNING, "evidence_unclear", {"line": head.text}))
        elif head.kind != _TEMPLATE:
            held, link_problems = _occurrences(entry, head, counted)
            occurrences.extend(held)
            problems.extend(link_problems)
    return Evidence(
        occurrences=tuple(occurrences),
        not_held=tuple(not_held),
        moved_to=moved_to,
        links=tuple(_distinct_links(link for line in parsed for link in line.links)),
        problems=tuple(problems),
    )


@lru_cache(maxsize=16384)  # a cell's lines are read again for its future dates, and template lines recur
def _read_line(text: str, first_year: int | None) -> _Line:
    links = tuple(_distinct_links(m.group().rstrip(_LINK_TAIL) for m in _LINK.finditer(text)))
    rest = _LINK.sub(" ", text)
    dates, has_date, problems = _read_dates(rest, text, first_year)
    rest = _DATE_TEXT.sub(" ", rest)
    return _Line(text, _line_kind(rest, links, has_date), links, dates, has_date, problems)


def _line_kind(rest: str, links: tuple[str, ...], has_date: bool) -> str:
    """What a line says, from its text without links and dates. Moved is checked first ("not held,
    moved to 10.12" is a move), then not held before done: "Не проведено" contains "проведено"."""
    key = fold_plain(rest)
    if _MOVED_WORDS.search(key):
        return _MOVED
    if _NOT_HELD_WORDS.search(key):
        return _NOT_HELD
    if _REFERENCE_WORDS.search(key) and (has_date or _REFERENCE_NUMBER.search(rest)):
        return REFERENCE
    if _DONE_WORDS.search(key) or _DONE_SYMBOL.search(rest):
        return MARK
    if links:
        return LINK
    if _FILLER_WORDS.sub(" ", _TEMPLATE_WORDS.sub(" ", key)).strip():
        return _UNCLEAR
    return _DATE if has_date else _TEMPLATE


def _read_dates(text: str, line: str, first_year: int | None):
    """The readable dates written in `text`, whether any date was written, and date problems."""
    dates: list[dt.date] = []
    problems: list[Problem] = []
    has_date = False
    for match in _DATE_TEXT.finditer(text):
        first_day, last_day, month, year_text = match.groups()
        if year_text is None and not 1 <= int(month) <= 12:
            continue  # "10.30" without a year is a number, not a date
        has_date = True
        year = _year(year_text, int(month), first_year)
        if year is None:
            continue
        day = int(first_day) if first_day and int(first_day) <= int(last_day) else int(last_day)
        written = match.group().strip()
        written_year, year = year, _academic_year_of(year, int(month), first_year)
        date = _calendar_date(year, int(month), day)
        if date is None:
            problems.append(Problem(WARNING, "evidence_date_invalid", {"date": written, "line": line}))
            continue
        if year != written_year:
            problems.append(Problem(WARNING, "evidence_date_year_replaced", {
                "date": written, "used": date.strftime(DATE_FORMAT), "line": line}))
        elif first_year is not None and not AcademicYear(first_year).holds(date):
            problems.append(Problem(WARNING, "evidence_date_outside_year", {
                "date": written, "year": AcademicYear(first_year).name, "line": line}))
        dates.append(date)
    return tuple(dates), has_date, tuple(problems)


def _calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, if it exists and its year is a plausible one ("2925" is a typo)."""
    if year not in PLAUSIBLE_YEARS:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _year(year_text: str | None, month: int, first_year: int | None) -> int | None:
    """The year of a date: as written (two digits are 20yy), else placed in the academic year."""
    if year_text is not None:
        return written_year(year_text)
    if first_year is None:
        return None
    return AcademicYear(first_year).year_of_month(month)


def _academic_year_of(year: int, month: int, first_year: int | None) -> int:
    """A plausible written year earlier than the academic year (a stale year copied from an old
    plan: 2023 in 2025-2026) is replaced by the month's year in the academic year; any other
    year is kept."""
    if first_year is None or year not in PLAUSIBLE_YEARS or year >= first_year:
        return year
    return AcademicYear(first_year).year_of_month(month)


def future_dates(lines: tuple[str, ...], first_year: int | None, today: dt.date) -> tuple[Problem, ...]:
    """A warning per date of the completion cell later than `today`, as the evidence reader reads
    it ("the date is in the future: check it"); the date a line moves the activity to may well
    be later, and is not warned about."""
    problems: list[Problem] = []
    for text in clean_lines(_text_lines(lines)):
        line = _read_line(text, _year_or_none(first_year))
        if line.kind == _MOVED:
            continue
        problems.extend(Problem(WARNING, "evidence_date_future", {"date": day.strftime(DATE_FORMAT), "line": text})
                        for day in dict.fromkeys(line.dates) if day > today)
    return tuple(problems)


def _opens_entry(line: _Line) -> bool:
    return line.kind in (MARK, REFERENCE, _DATE) or (line.kind == LINK and line.has_date)


def _is_bare_link(line: _Line) -> bool:
    return line.kind == LINK and not line.has_date


def _entries(parsed: list[_Line]) -> list[tuple[_Line, ...]]:
    """The lines grouped by event: a dated, marked or reference line with the undated link lines
    right after it (or right before it, when none follow and it has no link); others alone."""
    entries: list[tuple[_Line, ...]] = []
    i = 0
    while i < len(parsed):
        line = parsed[i]
        i += 1
        if not _opens_entry(line):
            entries.append((line,))
            continue
        followers = []
        while i < len(parsed) and _is_bare_link(parsed[i]):
            followers.append(parsed[i])
            i += 1
        if followers or line.links:
            entries.append((line, *followers))
            continue
        before: list[_Line] = []
        while entries and len(entries[-1]) == 1 and _is_bare_link(entries[-1][0]):
            before.insert(0, entries.pop()[0])
        entries.append((*before, line))
    return entries


def _head(entry: tuple[_Line, ...]) -> _Line:
    """The line that says what an entry is: its one line that is not a bare link, if any."""
    return next((line for line in entry if not _is_bare_link(line)), entry[0])


def _occurrences(entry: tuple[_Line, ...], head: _Line,
                 counted: set[str]) -> tuple[list[Occurrence], list[Problem]]:
    """The held occurrences of one entry, one per event of each of its lines (see `_events`);
    `counted` holds the keys of links already counted in the cell."""
    events: list[tuple[tuple[str, ...], _Line]] = []
    problems: list[Problem] = []
    for line in entry:
        line_events = _events(line, len(set(line.dates)) if line is head else 0)
        if len(line.links) > 1 and len(line_events) == 1:
            problems.append(Problem(WARNING, "evidence_links_one_event",
                                    {"line": line.text, "count": len(line.links)}))
        for links in line_events:
            fresh = tuple(link for link in links if _link_key(link) not in counted)
            counted.update(map(_link_key, fresh))
            if fresh:
                events.append((fresh, line))
    if not any(line.links for line in entry):
        return [Occurrence(date, (), head.kind, head.text) for date in _distinct_dates(head.dates)], problems
    dates = _distinct_dates(head.dates)
    out = []
    for k, (links, line) in enumerate(events):
        date = dates[k] if len(dates) == len(events) else dates[0]
        text = " ".join(part.text for part in entry if part is line or part is head)
        out.append(Occurrence(date, links, LINK, text))
    return out, problems


def _events(line: _Line, dates: int) -> list[tuple[str, ...]]:
    """The links of one line grouped by event: the n-th link to each site is the n-th event (the
    same event posted on several sites is one). A line with `dates` distinct dates has at most
    that many events, the extra links joining the last one."""
    by_site: dict[str, list[str]] = {}
    for link in line.links:
        by_site.setdefault(_site(link), []).append(link)
    count = max(map(len, by_site.values()), default=0)
    events = [tuple(links[n] for links in by_site.values() if n < len(links)) for n in range(count)]
    if dates and len(events) > dates:
        events[dates - 1:] = [tuple(link for event in events[dates - 1:] for link in event)]
    return events


def _distinct_dates(dates: tuple[dt.date, ...]) -> tuple[dt.date | None, ...]:
    return tuple(dict.fromkeys(dates)) or (None,)


def _distinct_links(links) -> list[str]:
    """The links in order, each once (compared without scheme, "www.", host case, final "/")."""
    seen: dict[str, str] = {}
    for link in links:
        if link:
            seen.setdefault(_link_key(link), link)
    return list(seen.values())


def _link_key(link: str) -> str:
    """The link without its scheme, "www.", host case, share/tracking parameters, fragment and
    final "/": the same post pasted twice has one key."""
    address, _, _ = link.partition("#")
    address, _, query = address.partition("?")
    host, slash, path = _LINK_PREFIX.sub("", address).partition("/")
    kept = [p for p in query.split("&") if p and not _is_tracking(p.partition("=")[0])]
    return host.casefold() + slash + path.rstrip("/") + ("?" + "&".join(kept) if kept else "")


def _is_tracking(name: str) -> bool:
    name = name.casefold()
    return any(name.startswith(t[:-1]) if t.endswith("*") else name == t for t in _TRACKING)


def _site(link: str) -> str:
    """The site a link points to: its host without "www."/"m." ("instagram.com", "t.me")."""
    host = _link_key(link).partition("/")[0]
    for prefix in _SITE_PREFIXES:
        host = host.removeprefix(prefix)
    return host
