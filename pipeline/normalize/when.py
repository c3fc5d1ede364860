"""The "when" cell (Өткізу мерзімі / Сроки проведения): dates placed in the academic year, and frequency.

The cell is read as a sequence of tokens (numeric dates, day numbers, month names, years,
recurrence phrases, range words) found in a folded copy of the text that keeps every character
at its place, so that what is reported back to the user is quoted as they wrote it."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.base import notes, vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.base.notes import Problem
from pipeline.base.text import clean_lines, fold_plain, plain_letters

_VOCAB = vocab.table("when")
_WORDS = _VOCAB["words"]
_PRIORITY = tuple(_VOCAB["frequency"])
_ONE = {plain_letters(w) for w in _WORDS["one"]}
_WORD_KIND = {plain_letters(word): kind for kind in ("from", "until", "filler") for word in _WORDS[kind]}
_WORD_KIND.update({plain_letters(word): "year_word" for word in _WORDS["year"]})
_WORD_KIND.update({plain_letters(word): "time_word" for word in _WORDS["time"]})
_MONTH_OF_STEM = {plain_letters(stem): int(n) for n, stems in vocab.table("months")["stems"].items() for stem in stems}
_MONTH_STEM = re.compile("|".join(map(re.escape, sorted(_MONTH_OF_STEM, key=len, reverse=True))))


_ONE_PATTERN = "(?:" + "|".join(map(re.escape, sorted(_ONE))) + ")"


# Where a frequency phrase may start: not inside a word, not after another count ("2 раз в месяц").
# Written once before all the phrases, so that each phrase is tried only where one may start.
_PHRASE_START = r"(?<![^\W_])(?<!\d\s)"


def _phrase_pattern(phrase: str) -> str:
    """A phrase's words with any separators between them, endings allowed."""
    words = re.findall(r"[^\W_]+", plain_letters(phrase))
    parts = [_ONE_PATTERN if w in _ONE else re.escape(w) for w in words]
    return r"[\W_]*".join(parts) + r"[^\W\d_]*"


def _weekday_phrases() -> list[str]:
    """"әр жұма сайын", "по пятницам"...: each weekday pattern of a language with each of its weekdays."""
    days = _VOCAB["weekdays"]
    return [pattern.replace("{day}", day) for lang, patterns in days["patterns"].items()
            for pattern in patterns for day in days[lang]]


_PHRASES = sorted(
    [(phrase, freq) for freq, phrases in _VOCAB["frequency"].items() for phrase in phrases]
    + [(phrase, "weekly") for phrase in _weekday_phrases()],
    key=lambda pair: len(pair[0]),
    reverse=True,
)


def _suffix_pattern(suffixes: list[str]) -> str:
    return r"-(?:" + "|".join(map(re.escape, sorted(map(plain_letters, suffixes), key=len, reverse=True))) + r")(?![^\W\d_])"


def _alternatives(words) -> str:
    return "(?:" + "|".join(map(re.escape, sorted({plain_letters(w) for w in words}, key=len, reverse=True))) + ")"


_PHRASE_TEXTS = [phrase for phrase, _ in _PHRASES]
# Each phrase on its own, in the same order: the first that matches where the phrase token starts
# is the one the token's alternation took (one group for them all lets the regex engine skip a
# phrase at its first letter).
_EACH_PHRASE = [(re.compile(_phrase_pattern(phrase)), freq) for phrase, freq in _PHRASES]


_WEEKS = _VOCAB["weeks"]
_WEEK_OF_ORDINAL = {plain_letters(word): n for n, words in enumerate(_WEEKS["ordinals"], start=1) for word in words}
_WEEK_WORD = _alternatives(_WEEKS["words"]) + r"(?![^\W\d_])"
_HALVES = _VOCAB["halves"]
_FIRST_HALF = {plain_letters(w) for w in _HALVES["first"]}
_TOKEN = re.compile(
    _PHRASE_START + "(?P<phrase>" + "|".join(map(_phrase_pattern, _PHRASE_TEXTS)) + ")"
    # A week of a month: "1-апта", "2-3 апта", "1-ші апта", "1-я неделя", "вторая неделя".
    + rf"|(?P<week>(?:(?<!\d)(?P<w1>[1-5])(?:\s*-\s*(?P<w2>[1-5]))?(?:\s*-?\s*(?:ші|шы|інші|ыншы|я|ая))?"
    rf"|(?<![^\W_])(?P<wo>{_alternatives(_WEEK_OF_ORDINAL)}))\s*-?\s*{_WEEK_WORD})"
    # A half of the year: "і жарты жылдық", "2 полугодие", "второе полугодие".
    + rf"|(?P<half>(?<![^\W\d_])(?P<hn>{_alternatives(_HALVES['first'] + _HALVES['second'])})"
    rf"(?:\s*-?\s*(?:ші|шы))?\s*-?\s*{_alternatives(_HALVES['words'])}[^\W\d_]*)"
    + r"|(?P<clock>(?<!\d)\d{1,2}:\d{2}(?!\d))"
    # dd.mm with an optional year: ".2023", ". 2023" or ".23".
    + r"|(?P<numeric>(?<!\d)(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})"
    r"(?:\.(?P<y>\d{4}|\d{2})(?!\d)|\.\s+(?P<y4>\d{4})(?!\d))?(?!\d))"
    r"|(?P<year>(?<!\d)\d{4}(?!\d))"
    r"|(?P<day>(?<!\d)\d{1,2}(?!\d))"
    + f"|(?P<suffix_from>{_suffix_pattern(_VOCAB['suffixes']['from'])})"
    + f"|(?P<suffix>{_suffix_pattern(_VOCAB['suffixes']['other'])})"
    + r"|(?P<dash>-)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<number>\d+)"
)


@dataclass(frozen=True)
class When:
    """The activity's dates and how often it happens, with the problems found in the cell.

    `start`/`end` are None when not written (or not usable: see `problems`). A single date gives
    start == end; "from 15.09" gives no end; "until 15.10" gives no start."""
    start: dt.date | None
    end: dt.date | None
    frequency: str  # "once" | "weekly" | "monthly" | "quarterly" | "ongoing" | "as_needed" | "unknown"
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class _Token:
    """One recognised piece of the cell. Items ("date", "month", "day") carry what was written."""
    kind: str
    start: int
    end: int
    day: int | None = None
    month: int | None = None
    year: int | None = None
    frequency: str | None = None
    weeks: tuple[int, int] | None = None  # a "week" token's first and last week of the month


@dataclass(frozen=True)
class _Period:
    """One date, range or open period written in the cell, as its first and last items."""
    first: _Token
    last: _Token
    open_end: bool = False  # "from X": no end
    open_start: bool = False  # "until X": no start


@dataclass(frozen=True)
class _Placed:
    """A period's dates, or the error that stops them, and the years written vs. used."""
    start: dt.date | None = None
    end: dt.date | None = None
    error: str | None = None
    replaced: tuple[tuple[int, int], ...] = ()


_ITEMS = ("date", "month", "day")
# Years a plan's dates can fall in: a year beyond them is a typo ("01.09.2925"), and would not
# fit a pandas timestamp either.
PLAUSIBLE_YEARS = range(2000, 2100)


def written_year(digits: str) -> int:
    """A year as written in a date: four digits, or two meaning 20yy ("23" is 2023)."""
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _word_token(match: re.Match) -> _Token:
    word = match.group()
    stem = _MONTH_STEM.match(word)
    if stem:
        return _Token("month", match.start(), match.end(), month=_MONTH_OF_STEM[stem.group()])
    return _Token(_WORD_KIND.get(word, "extra"), match.start(), match.end())


def _phrase_frequency(match: re.Match) -> str:
    """The frequency of the phrase a phrase token matched."""
    return next(freq for pattern, freq in _EACH_PHRASE if pattern.match(match.string, match.start()))


def _token(match: re.Match) -> _Token:
    kind = match.lastgroup or "extra"   # every alternative of _TOKEN is a named group: never None
    start, end = match.span()
    if kind == "phrase":
        return _Token("phrase", start, end, frequency=_phrase_frequency(match))
    if kind == "week":
        first = int(match.group("w1")) if match.group("w1") else _WEEK_OF_ORDINAL[match.group("wo")]
        last = int(match.group("w2")) if match.group("w2") else first
        return _Token("week", start, end, weeks=(first, last))
    if kind == "half":
        months = _HALVES["first_months" if match.group("hn") in _FIRST_HALF else "second_months"]
        return _Token("half", start, end, month=months[0], day=months[1])
    if kind == "numeric":
        written = match.group("y") or match.group("y4")
        return _Token("date", start, end, day=int(match.group("d")), month=int(match.group("m")),
                      year=written_year(written) if written else None)
    if kind == "year":
        return _Token("year", start, end, year=int(match.group()))
    if kind == "day":
        return _Token("day", start, end, day=int(match.group()))
    if kind == "word":
        return _word_token(match)
    if kind == "number":
        return _Token("extra", start, end)
    return _Token(kind, start, end)


def _is_clock(token: _Token, previous: _Token | None) -> bool:
    """Whether a dd.mm token is a time of day: "сағ 10.00", "в 14.30" (minutes that are no month)."""
    return (token.kind == "date" and token.year is None and previous is not None
            and previous.kind == "time_word" and token.month is not None and not 1 <= token.month <= 12)


def _tokens(folded: str, month: int | None) -> list[_Token]:
    """The cell's tokens, a day number directly followed by a month name merged into a date, a
    half-year as its first and last months, a week as the range of its days (see `_week_range`)."""
    out: list[_Token] = []
    for token in map(_token, _TOKEN.finditer(folded)):
        if token.kind == "month" and out and out[-1].kind == "day":
            day = out.pop()
            token = replace(token, kind="date", start=day.start, day=day.day)
        elif token.kind == "month" and out and out[-1].kind == "week" and out[-1].month is None:
            out[-1] = replace(out[-1], month=token.month, end=token.end)  # "1 неделя октября"
            continue
        elif _is_clock(token, out[-1] if out else None):
            token = replace(token, kind="clock")
        if token.kind == "half":
            out += [replace(token, kind="month", day=None), _Token("dash", token.end, token.end),
                    replace(token, kind="month", month=token.day, day=None)]
            continue
        out.append(token)
    return [part for token in out for part in _week_range(token, month)]


def _week_range(token: _Token, month: int | None) -> list[_Token]:
    """A week token as the range of its days in its month (week N: days 7N-6 to 7N; week 5 to the
    month's end); a week with no month is left as it is (a problem of its own)."""
    month = token.month or month if token.kind == "week" else None
    if month is None or token.weeks is None:   # a week token always has its weeks
        return [token]
    first, last = token.weeks
    end = (replace(token, kind="month", month=month, day=None) if last >= 5
           else replace(token, kind="date", month=month, day=7 * last))
    return [replace(token, kind="date", month=month, day=7 * first - 6), _Token("dash", token.end, token.end), end]


def _neighbour_item(tokens: list[_Token], i: int, step: int) -> int | None:
    """Index of the item next to token `i` in direction `step`, past year words only."""
    j = i + step
    while 0 <= j < len(tokens) and tokens[j].kind == "year_word":
        j += step
    if 0 <= j < len(tokens) and tokens[j].kind in _ITEMS and tokens[j].year is None:
        return j
    return None


def _attach_years(tokens: list[_Token]) -> list[_Token]:
    """Written years joined to the item before them ("24.09 2023ж"), else after ("2025 ж. 10 қазан").

    A year with no item next to it becomes extra text."""
    tokens = list(tokens)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.kind == "year":
            j = _neighbour_item(tokens, i, -1)
            if j is None:
                j = _neighbour_item(tokens, i, +1)
            if j is None:
                tokens[i] = replace(token, kind="extra")
            else:
                item = tokens[j]
                tokens[j] = replace(item, year=token.year, start=min(item.start, token.start),
                                    end=max(item.end, token.end))
                del tokens[i]
                continue
        i += 1
    return tokens


def _joined(between: list[_Token]) -> bool:
    return any(t.kind in ("dash", "until", "suffix_from") for t in between)


def _periods(tokens: list[_Token]) -> tuple[list[_Period], list[_Token]]:
    """The dates, ranges and open periods of the cell, and day numbers that belong to none."""
    items = [i for i, t in enumerate(tokens) if t.kind in _ITEMS]
    periods: list[_Period] = []
    stray: list[_Token] = []
    k = 0
    while k < len(items):
        i = items[k]
        nxt = items[k + 1] if k + 1 < len(items) else None
        if nxt is not None and _joined(tokens[i + 1:nxt]) and tokens[nxt].kind != "day":
            periods.append(_Period(tokens[i], tokens[nxt]))
            k += 2
            continue
        if tokens[i].kind == "day":
            stray.append(tokens[i])
        else:
            periods.append(_open_period(tokens, i, items[k - 1] if k else -1, nxt))
        k += 1
    return periods, stray


def _open_period(tokens: list[_Token], i: int, previous: int, following: int | None) -> _Period:
    """A single item, open at one side when "from"/"until" words are next to it."""
    before = [t.kind for t in tokens[previous + 1:i]]
    after = [t.kind for t in tokens[i + 1:following]]
    item = tokens[i]
    if "from" in before or "from" in after or "suffix_from" in after:
        return _Period(item, item, open_end=True)
    if "until" in before or "until" in after:
        return _Period(item, item, open_start=True)
    return _Period(item, item)


def _months(period: _Period) -> tuple[int, int] | None:
    """The months of the period's first and last days: a first day number ("15-20 қазан") is in
    the last item's month. None only for a period with no month at all, which the tokens never
    make (a period ends with a date or a month, and each of those names its month)."""
    last = period.last.month
    if last is None:
        return None
    return period.first.month or last, last


def _years(period: _Period, months: tuple[int, int], first_year: int | None) -> tuple[int, int] | None:
    """The calendar years of the period's first and last items, or None when unknown."""
    first_month, last_month = months
    if first_year is not None:
        year = AcademicYear(first_year)
        return year.year_of_month(first_month), year.year_of_month(last_month)
    first, last = period.first.year, period.last.year
    # A year written on one side only also holds for the other, unless the period crosses New Year.
    same_year = (first_month, period.first.day or 1) <= (last_month, period.last.day or 1)
    if first is None and last is not None:
        first = last if same_year else last - 1
    elif last is None and first is not None:
        last = first if same_year else first + 1
    if first is None or last is None:
        return None
    return first, last


def _first_day(item: _Token, month: int, year: int) -> dt.date:
    return dt.date(year, month, item.day if item.day is not None else 1)


def _last_day(item: _Token, month: int, year: int) -> dt.date:
    day = item.day if item.day is not None else calendar.monthrange(year, month)[1]
    return dt.date(year, month, day)


def _exists(period: _Period, months: tuple[int, int]) -> bool:
    """Whether the period's first and last days exist in some year (a leap year has them all)."""
    try:
        _first_day(period.first, months[0], 2000)
        _last_day(period.last, months[1], 2000)
    except ValueError:
        return False
    return True


def _place(period: _Period, first_year: int | None) -> _Placed:
    """The period's dates in the academic year (or the written year when it is unknown)."""
    months = _months(period)
    if months is None:
        return _Placed(error="date_impossible")
    years = _years(period, months, first_year)
    if years is None:
        # A day or month that no year has ("15.13") is told before the missing year.
        return _Placed(error="date_no_year" if _exists(period, months) else "date_impossible")
    if not (years[0] in PLAUSIBLE_YEARS and years[1] in PLAUSIBLE_YEARS):
        return _Placed(error="date_year_far")
    try:
        start = _first_day(period.first, months[0], years[0])
        end = _last_day(period.last, months[1], years[1])
    except (ValueError, OverflowError):
        return _Placed(error="date_impossible")
    if end < start:
        return _Placed(error="date_range_reversed")
    written = ((period.first.year, years[0]), (period.last.year, years[1]))
    replaced = tuple((w, used) for w, used in dict.fromkeys(written) if w is not None and w != used)
    return _Placed(None if period.open_start else start, None if period.open_end else end, replaced=replaced)


def _quote(text: str, tokens: list[_Token]) -> str:
    return " ".join(text[t.start:t.end] for t in tokens)


def _span(text: str, period: _Period) -> str:
    return text[period.first.start:period.last.end]


def _date_text(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "…"


def _date_problems(text: str, periods: list[_Period], placed: list[_Placed]) -> list[Problem]:
    """Errors of unusable periods (one per code), the replaced years, and several periods."""
    problems = []
    for code in dict.fromkeys(p.error for p in placed if p.error):
        quoted = "; ".join(_span(text, period) for period, p in zip(periods, placed) if p.error == code)
        problems.append(Problem(notes.ERROR, code, {"text": quoted}))
    replaced = [(period, p) for period, p in zip(periods, placed) if p.replaced]
    if replaced:
        pairs = dict.fromkeys(pair for _, p in replaced for pair in p.replaced)
        problems.append(Problem(notes.WARNING, "date_year_replaced", {
            "text": "; ".join(_span(text, period) for period, _ in replaced),
            "year": ", ".join(dict.fromkeys(str(w) for w, _ in pairs)),
            "used": ", ".join(dict.fromkeys(str(u) for _, u in pairs)),
        }))
    if len(periods) > 1 and not any(p.error for p in placed):
        start, end = _bounds(placed)
        problems.append(Problem(notes.WARNING, "date_several", {
            "text": "; ".join(_span(text, period) for period in periods),
            "start": _date_text(start), "end": _date_text(end),
        }))
    return problems


def _bounds(placed: list[_Placed]) -> tuple[dt.date | None, dt.date | None]:
    """The earliest start and latest end, None at a side any period leaves open."""
    if not placed or any(p.error for p in placed):
        return None, None
    starts = [p.start for p in placed if p.start is not None]
    ends = [p.end for p in placed if p.end is not None]
    return (min(starts) if len(starts) == len(placed) else None), (max(ends) if len(ends) == len(placed) else None)


def _frequency(text: str, phrases: list[_Token], periods: list[_Period]) -> tuple[str, list[Problem]]:
    """The frequency named by the phrases (first by priority), else implied by the dates."""
    named = {t.frequency for t in phrases}
    periodic = [f for f in _PRIORITY if f in named and f != "ongoing"]
    if periodic:
        problems = []
        if len(periodic) > 1:
            chosen = next(t for t in phrases if t.frequency == periodic[0])
            problems.append(Problem(notes.WARNING, "frequency_several", {
                "phrases": "; ".join(text[t.start:t.end] for t in phrases),
                "used": text[chosen.start:chosen.end],
            }))
        return periodic[0], problems
    if named:
        return "ongoing", []
    if len(periods) == 1 and periods[0].open_end:
        return "ongoing", []
    if periods:
        return "once", []
    return "unknown", [Problem(notes.ERROR, "frequency_unknown", {"text": " ".join(text.split())})]


_EMPTY = When(None, None, "unknown", (Problem(notes.ERROR, "date_missing"),))


_THIS_MONTH = frozenset(fold_plain(p) for p in _VOCAB["this_month"]["phrases"])


@lru_cache(maxsize=8192)
def means_this_month(text: str) -> bool:
    """Whether a when-cell says only "during the month" ("в течение месяца", "ай бойы"), which
    dates the row by its month heading or month column."""
    return fold_plain(text) in _THIS_MONTH


@lru_cache(maxsize=8192)
def parse_when(text: str, first_year: int | None, month: int | None = None) -> When:
    """The dates and frequency written in a "when" cell, each dd.mm placed in the academic year
    starting in `first_year` (Sep-Dec in it, Jan-Aug in the next) whatever year is written;
    `month` (the row's month) is the month of a week written without one ("2-апта").

    Never raises: what cannot be read is reported in `problems`."""
    text = "\n".join(clean_lines([text]))
    if not any(c.isalnum() for c in text):
        return _EMPTY
    tokens = _attach_years(_tokens(plain_letters(text), month))
    weeks = [t for t in tokens if t.kind == "week"]
    if weeks:
        return When(None, None, "once", (Problem(notes.ERROR, "date_week_month_missing", {"text": _quote(text, weeks)}),))
    periods, stray = _periods(tokens)
    placed = [_place(period, first_year) for period in periods]
    phrases = [t for t in tokens if t.kind == "phrase"]
    frequency, frequency_problems = _frequency(text, phrases, periods)
    problems = _date_problems(text, periods, placed)
    extra = [t for t in tokens if t.kind == "extra"] + stray
    if extra and (periods or phrases):
        extra.sort(key=lambda t: t.start)
        problems.append(Problem(notes.WARNING, "date_extra_text", {"extra": _quote(text, extra)}))
    start, end = _bounds(placed)
    return When(start, end, frequency, tuple(problems + frequency_problems))
