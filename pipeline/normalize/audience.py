"""Target audience: the grades an activity is for, read from text such as "5-9 сыныптар"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base import vocab
from pipeline.base.notes import ERROR, WARNING, Problem
from pipeline.base.text import clean_line, plain_letters


@dataclass(frozen=True)
class Audience:
    """The grades an activity is for, and what was wrong in how they were written."""
    grade_min: int | None
    grade_max: int | None
    grades: tuple[int, ...]  # each grade reached, sorted, no duplicates
    problems: tuple[Problem, ...]


_VOCAB = vocab.table("audience")
LOWEST_GRADE: int = _VOCAB["grades"]["lowest"]
HIGHEST_GRADE: int = _VOCAB["grades"]["highest"]
EVERY_GRADE = tuple(range(_VOCAB["grades"]["every"][0], _VOCAB["grades"]["every"][1] + 1))
PRESCHOOL_GRADE: int = _VOCAB["grades"]["preschool"]


def _phrases(phrases: list[str]) -> str:
    """A pattern matching any of `phrases` as whole words in a spelling key, longest first."""
    keys = sorted({plain_letters(clean_line(p)) for p in phrases}, key=len, reverse=True)
    alternatives = (r"[\s-]+".join(map(re.escape, key.split())) for key in keys)
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


def _number(name: str = "") -> str:
    # Digits not inside a date ("04.03.2022"), optionally with a class letter ("7А", "7 «А»").
    digits = rf"(?P<{name}>\d{{1,3}})" if name else r"\d{1,3}"
    return rf"(?<![\w.]){digits}(?:-?[а-я](?!\w)|\s*[«\"][а-я][»\"])?(?!\w|\.\d)"


_GROUPS = [(re.compile(_phrases(group["phrases"])), range(group["grades"][0], group["grades"][1] + 1))
           for group in _VOCAB["group"]]
_ADULTS = re.compile(_phrases(_VOCAB["adults"]))
_GRADE_WORD = _phrases(_VOCAB["grade_words"])
_JOINER = _phrases(_VOCAB["joiners"])
_ALL_GRADES = _phrases(_VOCAB["all_grades"])
_PRESCHOOL = _phrases(_VOCAB["preschool"])
_ITEM = rf"{_number()}(?:\s*-\s*{_number()})?"
# Atomic, so a long run of numbers is read once, not retried from each of its numbers.
_LIST = rf"(?>{_ITEM}(?:(?:\s*[,;/+]\s*|\s+{_JOINER}\s+|\s+){_ITEM})*)"
_GROUP = rf"{_LIST}\s*-?\s*{_GRADE_WORD}|{_GRADE_WORD}\s*:\s*{_LIST}"

_ITEM_RE = re.compile(rf"{_number('low')}(?:\s*-\s*{_number('high')})?")
_LIST_RE = re.compile(_LIST)
_BARE_LIST_RE = re.compile(rf"\s*({_LIST})[\s.]*")
_AFTER_LIST_RE = re.compile(rf"\s*-?\s*{_GRADE_WORD}")
_BEFORE_LIST_RE = re.compile(rf"{_GRADE_WORD}\s*:\s*")
_GRADE_WORD_RE = re.compile(_GRADE_WORD)
_ALL_GRADES_RE = re.compile(_ALL_GRADES)
_PRESCHOOL_RE = re.compile(_PRESCHOOL)
_NAMED_GROUPS = "|".join(pattern.pattern for pattern, _ in _GROUPS)
_GRADE_INFO_RE = re.compile(rf"{_GROUP}|{_ALL_GRADES}|{_PRESCHOOL}|{_NAMED_GROUPS}")
_AUDIENCE_PART_RE = re.compile(
    rf"{_GROUP}|{_ALL_GRADES}|{_PRESCHOOL}|{_NAMED_GROUPS}|{_phrases(_VOCAB['learner_words'])}|(?P<joiner>{_JOINER})"
)
_PART_GAP_RE = re.compile(r"[\s,;:.]*")
_REST_LEAD = " ,;:.-"


def parse_audience(text: str) -> Audience:
    """The grades named in `text` ("5-9 сыныптар", "обучающиеся 1-4, 5-9 классов", "все
    классы", "бастауыш сынып", "старшеклассники"), with an error for a grade outside 0-12, a
    warning for a reversed range and a warning when no grade is named (unless the audience is
    adults: parents, teachers). Never raises."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _parse_audience(text)


@lru_cache(maxsize=4096)
def _parse_audience(text: str) -> Audience:
    text = clean_line(text)
    key = plain_letters(text)
    grades: set[int] = set()
    problems: list[Problem] = []
    found = False
    for start, end in _grade_lists(key):
        found = True
        for item in _ITEM_RE.finditer(key, start, end):
            reached, problem = _item_grades(text[item.start():item.end()], item)
            grades.update(reached)
            if problem:
                problems.append(problem)
    if _ALL_GRADES_RE.search(key):
        found = True
        grades.update(EVERY_GRADE)
    if _PRESCHOOL_RE.search(key):
        found = True
        grades.add(PRESCHOOL_GRADE)
    for pattern, group in _GROUPS:
        if pattern.search(key):
            found = True
            grades.update(group)
    if not found and not _ADULTS.search(key):
        problems.append(Problem(WARNING, "grades_missing", {}))
    ordered = tuple(sorted(grades))
    return Audience(
        grade_min=ordered[0] if ordered else None,
        grade_max=ordered[-1] if ordered else None,
        grades=ordered,
        problems=tuple(problems),
    )


def _grade_lists(key: str) -> list[tuple[int, int]]:
    """The (start, end) spans of `key` that list grade numbers: those next to a grade word
    ("5-9 сыныптар", "классы: 5-9"), or the whole text when it is nothing but numbers ("5-9")."""
    after_grade_word = {m.end() for m in _BEFORE_LIST_RE.finditer(key)}
    spans = [
        found.span() for found in _LIST_RE.finditer(key)
        if found.start() in after_grade_word or _AFTER_LIST_RE.match(key, found.end())
    ]
    if not spans and not _GRADE_WORD_RE.search(key):
        bare = _BARE_LIST_RE.fullmatch(key)
        if bare:
            spans.append(bare.span(1))
    return spans


def _item_grades(written: str, item: re.Match) -> tuple[range, Problem | None]:
    """The grades of one number or range ("7", "5-9"), with its problem if any."""
    low = int(item.group("low"))
    high = int(item.group("high")) if item.group("high") else low
    if not (LOWEST_GRADE <= low <= HIGHEST_GRADE and LOWEST_GRADE <= high <= HIGHEST_GRADE):
        return range(0), Problem(
            ERROR, "grades_out_of_range",
            {"grades": written, "lowest": LOWEST_GRADE, "highest": HIGHEST_GRADE},
        )
    if high < low:
        return range(high, low + 1), Problem(
            WARNING, "grades_reversed", {"grades": written, "fixed": f"{high}-{low}"}
        )
    return range(low, high + 1), None


def split_leading_audience(lines: list[str]) -> tuple[str, list[str]]:
    """For tables with no audience column: the audience written at the start of the completion
    cell ("7-9 сынып білім алушылары") and the cell's lines after it. A cell that does not start
    with grades gives ("", lines unchanged); a line that starts with a date or a link is never
    taken. Never raises."""
    if isinstance(lines, str):
        lines = [lines]
    lines = ["" if line is None else str(line) for line in lines or []]
    taken: list[str] = []
    for index, raw_line in enumerate(lines):
        line = clean_line(raw_line)
        key = plain_letters(line)
        end = _audience_prefix_end(key)
        rest = line[end:].lstrip(_REST_LEAD)
        names_grades = end > 0 and _GRADE_INFO_RE.search(key, 0, end) is not None
        # A later line joins the audience only when it is all audience words ("білім алушылары").
        if not (names_grades or (taken and end > 0 and not rest)):
            break
        taken.append(line[:end])
        if rest:
            return " ".join(taken), [rest, *lines[index + 1:]]
    return " ".join(taken), lines[len(taken):]


def _audience_prefix_end(key: str) -> int:
    """Where the run of audience words (grades, learner words) at the start of `key` ends;
    0 when `key` does not start with one."""
    end = pos = 0
    while part := _AUDIENCE_PART_RE.match(key, pos):
        if part.end() == pos:
            break
        if part.group("joiner") is None:
            end = part.end()
        gap = _PART_GAP_RE.match(key, part.end())   # matches the empty string too: never None
        pos = gap.end() if gap else part.end()
    return end
