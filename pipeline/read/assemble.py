"""The table assembler both readers feed: headings waiting for the next table, header rows that
start a run of rows, data rows placed in the table they belong to.

A reader finds lines, header rows and data rows in its own file format and hands them over in
document order; the assembler decides which table each row goes to:
- month and fraction headings (before a table or typed as rows inside it) name the rows below;
  written before any row of a run they name it, written after rows they start a new table with
  the run's columns, a heading not rewritten holding over;
- a run whose header has a section column (фракция, палата, бағыт, направление...) is split into
  one table per section: an empty section cell continues the section above, unless the row
  numbering restarts at 1, which starts the next section (unnamed);
- headings written before the first header row are front matter until a table takes them."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.base.notes import WARNING, FileProblem, Note
from pipeline.base.text import clean_line, fold
from pipeline.read import headings
from pipeline.read.headers import SECTION_KEYS, leading_number
from pipeline.read.raw import Anchor, RawRow, RawTable

MONTH, FRACTION = "month", "fraction"
# Tables named when a file has no plan table.
MAX_OTHER_HEADERS = 3


@lru_cache(maxsize=65536)
def heading_kind(text: str) -> str | None:
    """MONTH or FRACTION for a heading line, else None; a line naming the academic year is the
    plan's title even when it names the fractions ("…фракцияларының 2025-2026 оқу жылына арналған
    жоспары")."""
    if headings.month_of_heading(text):
        return MONTH
    if headings.is_fraction_heading(text) and not headings.academic_year_in(text):
        return FRACTION
    return None


def column_keys(columns: list[str | None], covered: list[bool]) -> tuple[list[str | None], list[str]]:
    """Per grid column of a header: its key (a header cell merged over several grid columns names
    them all; `covered[i]` says grid column i is covered by the merge of the cell to its left), and
    the key its text goes to (the nearest known column to the left, the first known for those
    before it), so no text is lost."""
    keys: list[str | None] = []
    current: str | None = None
    for col, key in enumerate(columns):
        current = key if key or not (col < len(covered) and covered[col]) else current
        keys.append(current)
    known = [k for k in keys if k]
    into, last = [], known[0] if known else "title"
    for key in keys:
        last = key or last
        into.append(last)
    return keys, into


@dataclass
class Run:
    """A header row and the rows read under it: the table they go to now, the headings above it."""
    columns: list[str | None]
    header: list[str]
    month: str | None
    fraction: str | None
    table: RawTable | None = None
    rows: int = 0
    # The section column's tables by section key, the table of the last row read and its number
    # (a row numbered 1 after a higher number, its section cell empty, starts the next section).
    sections: dict[str, RawTable] = field(default_factory=dict)
    last_section: RawTable | None = None
    last_number: int | None = None

    sectioned: bool = field(init=False)   # whether each row names its own section (fraction) in a column

    def __post_init__(self) -> None:
        self.sectioned = bool(SECTION_KEYS & set(self.columns))


@dataclass
class Assembler:
    """Collects one file's front lines, plan tables and the notes about how they were put together."""
    source: str
    number_rows: bool = False  # rows numbered by position in their table (Word), else as given
    front_lines: list[str] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    header_seen: bool = False
    run: Run | None = None
    paused: bool = False
    # Headings waiting for the next table, each with its index in `front_lines` while in the front matter.
    waiting: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    # The first rows of tables that were not plan tables, to name them when the file has none.
    other_headers: list[str] = field(default_factory=list)
    # Where the table being read sits in its file (a Word table), given to the tables made of it.
    anchor: Anchor | None = None

    def not_a_header(self, cells: list[str]) -> None:
        """Remember the first row of a table that is no plan table (at most MAX_OTHER_HEADERS)."""
        text = " | ".join(c for c in (clean_line(c) for c in cells) if c)
        if text and len(self.other_headers) < MAX_OTHER_HEADERS and text not in self.other_headers:
            self.other_headers.append(text)

    def no_plan(self) -> FileProblem:
        """Why the file has no plan table: the headers of the tables it does have, if any."""
        if self.other_headers:
            return FileProblem("file_not_plan_headers", headers="; ".join(f"«{h}»" for h in self.other_headers))
        return FileProblem("file_not_plan")

    def front_line(self, line: str) -> None:
        """A line of the front matter."""
        self.front_lines.append(line)

    def heading(self, text: str) -> bool:
        """Whether `text` is a month or fraction heading (then kept for the rows that follow)."""
        kind = heading_kind(text)
        if kind is None:
            return False
        run = self.run
        if run and not self.paused and run.rows == 0 and not self.waiting:
            setattr(run, kind, text)
            if run.table is not None:  # made at the header row: it takes the heading too
                run.table.month_heading, run.table.fraction_heading = run.month, run.fraction
                run.table.section_source = "heading" if run.fraction else "none"
            return True
        if run:
            self.paused = True
        front_index = None
        if not self.header_seen:
            front_index = len(self.front_lines)
            self.front_lines.append(text)
        self.waiting[kind] = (text, front_index)
        return True

    def take_headings(self) -> tuple[str | None, str | None]:
        """The waiting month and fraction headings, taken out of the front matter."""
        for index in sorted((i for _, i in self.waiting.values() if i is not None), reverse=True):
            del self.front_lines[index]
        month, fraction = (self.waiting[k][0] if k in self.waiting else None for k in (MONTH, FRACTION))
        self.waiting.clear()
        return month, fraction

    def start(self, columns: list[str | None], header: list[str], table_now: bool = False) -> Run:
        """A new run of rows under a header row, named by the headings waiting for it; its table is
        made at its first row, or at once with `table_now` (a Word table is a plan table even empty)."""
        month, fraction = self.take_headings()
        self.header_seen = True
        self.run = Run(list(columns), list(header), month, fraction)
        self.paused = False
        if table_now and not self.run.sectioned:
            self.run.table = self._new_table(self.run)
        return self.run

    def pause(self) -> None:
        """The run is interrupted (a blank row): later rows continue it or take new headings."""
        if self.run:
            self.paused = True

    def current(self) -> Run:
        """The run being read. Readers hand over data rows only after a header row."""
        if self.run is None:
            raise RuntimeError("a data row before any header row")
        return self.run

    def resume(self) -> Run:
        """The last run, continued, under the headings written since if any (then in a new table)."""
        run = self.current()
        if self.waiting:
            month, fraction = self.take_headings()
            run.month, run.fraction = month or run.month, fraction or run.fraction
            # A sectioned run keeps its sections: the month goes to each row's month cell.
            run.table, run.rows = (run.table if run.sectioned else None), 0
        self.paused = False
        return run

    def add(self, row: RawRow) -> RawTable:
        """Place a data row of the current run in its table and return that table."""
        run = self.resume()
        table = self._section_table(run, row) if run.sectioned else run.table or self._new_table(run)
        run.table = table
        if self.number_rows:
            row.row_no = len(table.rows) + 1
        table.rows.append(row)
        run.rows += 1
        return table

    def _new_table(self, run: Run, fraction: str | None = None, section_source: str = "heading") -> RawTable:
        table = RawTable(
            table_no=len(self.tables) + 1,
            month_heading=None if run.sectioned else run.month,
            fraction_heading=fraction if run.sectioned else run.fraction,
            columns=list(run.columns),
            header=list(run.header),
            rows=[],
            section_source=section_source if run.sectioned else ("heading" if run.fraction else "none"),
            anchor=self.anchor,
        )
        self.tables.append(table)
        return table

    def _section_table(self, run: Run, row: RawRow) -> RawTable:
        """The table of the row's section: found by its number, else by its name; a row without one
        continues the section above, unless its number is 1 after numbered rows (a new section)."""
        if run.month and not row.cells.get("section_month"):
            row.cells["section_month"] = [run.month]
        number = clean_line(" ".join(row.cells.get("fraction_no", []))).strip("№#. ")
        name = clean_line(" ".join(row.cells.get("fraction", [])))
        by_number, by_name = f"no:{number}" if number else "", f"name:{fold(name)}" if name else ""
        if number or name:
            table = run.sections.get(by_number or by_name)
        elif run.last_section is not None and _row_number(row) == 1 and (run.last_number or 0) > 1:
            table = None
            # numbered by the reader, the row will be the first of the new table
            where = 1 if self.number_rows else row.row_no
            self.notes.append(Note(WARNING, "section_restarted", self.source, len(self.tables) + 1, where,
                                   value=" ".join(row.cells.get("title", [])[:1])))
        else:
            table = run.last_section
        if table is None:
            composed = _fraction_heading(number, name)
            table = self._new_table(run, composed or run.fraction, "column" if composed else "restart")
        for key in (by_number, by_name):
            if key:
                run.sections.setdefault(key, table)
        run.last_section, run.last_number = table, _row_number(row)
        return table


def _row_number(row: RawRow) -> int | None:
    """The number the row is given in its № cell, else at the start of its title."""
    written = " ".join(row.cells.get("number", [])) or " ".join(row.cells.get("title", [])[:1])
    return leading_number(written)


def _fraction_heading(number: str, name: str) -> str | None:
    """A fraction heading composed from a section column's number and name cells ("1. ҚҰҚЫҚ")."""
    if number and name:
        written_number, _ = headings.parse_fraction_heading(name)
        return name if str(written_number) == number else f"{number}. {name}"
    if number:
        return f"{number}."
    return name or None
