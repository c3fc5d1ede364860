"""The calendar file `plan-report calendar YEAR` writes: the estimate, for the methodologist to
correct from the minister's order, commented in the user's language."""
from __future__ import annotations

from pathlib import Path

from pipeline.base import labels
from pipeline.evaluate.estimate import estimated_calendar
from pipeline.write.atomic import atomic_path

FIELDS = ("number", "teaching_start", "teaching_end", "break_start", "break_end")


def calendar_text(first_year: int, lang: str) -> str:
    """The TOML text of the estimated calendar of the year starting in `first_year`."""
    calendar = estimated_calendar(first_year)
    year = calendar["academic_year"]
    lines = [labels.text("calendar.template", lang, year=year).rstrip("\n"), "",
             f'academic_year = "{year}"', f'source = "{labels.text("calendar.source", lang)}"']
    for quarter in calendar["quarter"]:
        lines += ["", "[[quarter]]"]
        lines += [f"{name} = {quarter[name]}" for name in FIELDS if name in quarter]
    return "\n".join(lines) + "\n"


def write_calendar_file(first_year: int, target: Path, lang: str) -> Path:
    """The estimated calendar written whole to `target` (UTF-8)."""
    with atomic_path(target) as tmp:
        tmp.write_text(calendar_text(first_year, lang), encoding="utf-8")
    return target
