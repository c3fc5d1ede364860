"""The academic year: 1 September of its first calendar year to 31 August of the next."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FIRST_MONTH = 9  # September opens the year; January-August fall in the second calendar year

# "2025-2026", "2025/2026", "2025 – 2026" (any dash), with or without spaces.
_WRITTEN = re.compile(r"(?<!\d)(20\d\d)\s*[-/\u2010-\u2015\u2212]\s*(20\d\d)(?!\d)")


@dataclass(frozen=True, order=True)
class AcademicYear:
    """One academic year, named by its first calendar year (2025 for 2025-2026)."""
    first: int

    @classmethod
    def parse(cls, text: str) -> AcademicYear | None:
        """The year `text` is, written "2025-2026", "2025/2026" or "2025 – 2026"; None otherwise
        (also when the two years are not consecutive)."""
        match = _WRITTEN.fullmatch((text or "").strip())
        return cls._of_match(match) if match else None

    @classmethod
    def find(cls, text: str) -> AcademicYear | None:
        """The first academic year written anywhere in `text`, as `parse` reads it; None if none."""
        return next(filter(None, map(cls._of_match, _WRITTEN.finditer(text or ""))), None)

    @classmethod
    def _of_match(cls, match: re.Match[str]) -> AcademicYear | None:
        first, second = int(match.group(1)), int(match.group(2))
        return cls(first) if second == first + 1 else None

    @classmethod
    def of_day(cls, day: dt.date) -> AcademicYear:
        """The academic year holding `day`."""
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @property
    def name(self) -> str:
        """"2025-2026"."""
        return f"{self.first}-{self.first + 1}"

    @property
    def start(self) -> dt.date:
        """1 September of the first year."""
        return dt.date(self.first, FIRST_MONTH, 1)

    @property
    def end(self) -> dt.date:
        """31 August of the second year."""
        return dt.date(self.first + 1, FIRST_MONTH - 1, 31)

    def year_of_month(self, month: int) -> int:
        """The calendar year `month` falls in: September-December the first, January-August the second."""
        return self.first if month >= FIRST_MONTH else self.first + 1

    def holds(self, day: dt.date) -> bool:
        """Whether `day` lies inside the year."""
        return self.start <= day <= self.end
