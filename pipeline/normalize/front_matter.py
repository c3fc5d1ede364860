"""Front matter: what the lines before the first plan table say (the stamp block with its
signatories, the title with the school's name and the academic year)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.base import vocab
from pipeline.base.academic_year import AcademicYear
from pipeline.base.text import fold_plain
from pipeline.read.headings import ACADEMIC_YEAR_PHRASE, academic_year_in


@dataclass(frozen=True)
class FrontMatter:
    """What the lines before the first plan table say: the stamp block and the title."""
    school: str
    plan_title: str
    academic_year: int | None
    approver: str
    agreer: str


_STAMP_WORDS = tuple(fold_plain(w) for w in vocab.table("headings")["stamp_words"])
_APPROVE_WORDS = _STAMP_WORDS[: vocab.table("headings")["approve_word_count"]]
# A stamp block closes with its date line: "2026 ж.", "« » _____ 2026 ж.", "«__» ____ 2025 г."
_STAMP_DATE = re.compile(r"20\d\d\s*(ж|г)\b", re.IGNORECASE)
_STAMP_MAX_LINES = 6


@lru_cache(maxsize=8192)
def _stamp_kind(line: str) -> str | None:
    words = fold_plain(line).split()
    if len(words) > 2 or not words or not words[0].startswith(_STAMP_WORDS):
        return None
    return "approver" if words[0].startswith(_APPROVE_WORDS) else "agreer"


_SCHOOL_WORDS = tuple(fold_plain(w) for w in vocab.table("headings")["school_words"])


def _school_name(lines: list[str]) -> str:
    """The first line that names a school ("№2 МЛ", "мектеп", "школа", "лицей"), else the first line."""
    for line in lines:
        if "№" in line or any(w.startswith(_SCHOOL_WORDS) for w in fold_plain(line).split()):
            return line
    return lines[0] if lines else ""


# A title line naming the academic year with at most this many other words ("2025-2026 оқу
# жылына арналған", "на 2025-2026 учебный год") is the year's line, not part of the plan's title.
_YEAR_LINE_WORDS = 3


def _year_only(line: str) -> bool:
    """Whether a title line only names the academic year (a title naming the school and the plan
    in the same line as the year stays the title)."""
    if not academic_year_in(line):
        return False
    rest = ACADEMIC_YEAR_PHRASE.sub(" ", line)
    return len(fold_plain(rest).split()) <= _YEAR_LINE_WORDS


def _bare_year(lines: list[str]) -> int | None:
    """The first academic year written as a bare range ("2025-2026", "2025/2026") in the title."""
    year = next(filter(None, map(AcademicYear.find, lines)), None)
    return year.first if year else None


def read_front_matter(lines: list[str]) -> FrontMatter:
    """The school, plan title, academic year and stamp signatories from the front lines."""
    stamps: dict[str, list[str]] = {"approver": [], "agreer": []}
    title: list[str] = []
    block: list[str] | None = None
    for line in lines:
        kind = _stamp_kind(line) if line else None
        if kind:
            block = stamps[kind]
        elif block is not None and line and len(block) < _STAMP_MAX_LINES:
            if _STAMP_DATE.search(line):
                block = None
            else:
                block.append(line)
        elif line:
            block = None
            title.append(line)
    year = next((y for y in map(academic_year_in, title) if y), None) or _bare_year(title)
    named = [t for t in title if not _year_only(t)]
    return FrontMatter(
        school=_school_name(named + stamps["approver"]),
        plan_title=" ".join(named),
        academic_year=year,
        approver=" ".join(stamps["approver"]),
        agreer=" ".join(stamps["agreer"]),
    )
