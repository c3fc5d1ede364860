"""How a plan file was understood, table by table: the columns recognised (header text → meaning),
where each table's section and month came from, and its row count — what `check --verbose` shows,
so a user sees at once why a plan was misread."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.base import labels
from pipeline.read.raw import RawTable

# Where a table's section came from (RawTable.section_source, plus "month" for a plan sectioned by month).
SECTION_BY_MONTH = "month"
# Where a table's months came from.
MONTH_HEADING, MONTH_COLUMN, MONTH_DATES = "heading", "column", "dates"


@dataclass(frozen=True)
class TableLayout:
    """One plan table as it was understood."""
    table_no: int
    columns: tuple[tuple[str, str | None], ...]  # (header as written, column key or None if not recognised)
    section_source: str
    section: str  # the fraction heading (or the month, for a plan sectioned by month) as written
    month_source: str
    month: str  # the month heading as written, "" when none
    rows: int


def table_layout(table: RawTable, by_month: bool) -> TableLayout:
    """How `table` was understood; `by_month` when the plan's months are its sections."""
    keys = set(table.columns)
    # A table split by its section column carries the month headings above it in its rows.
    carried = list(dict.fromkeys(" ".join(r.cells["section_month"]) for r in table.rows if r.cells.get("section_month")))
    month = table.month_heading or ""
    if "section_month" in keys:
        month_source, month = MONTH_COLUMN, month or ", ".join(carried)
    elif month or carried:
        month_source, month = MONTH_HEADING, month or ", ".join(carried)
    else:
        month_source = MONTH_DATES
    return TableLayout(
        table_no=table.table_no,
        columns=tuple((header, key) for header, key in zip(table.header, table.columns) if header or key),
        section_source=SECTION_BY_MONTH if by_month else table.section_source,
        section=(month if by_month else table.fraction_heading) or "",
        month_source=month_source,
        month=month,
        rows=len(table.rows),
    )


def layout_lines(year: str | None, year_source: str | None, layouts: list[TableLayout], lang: str) -> list[str]:
    """Terminal lines describing a plan: the academic year and where it was read, then each table:
    its rows, section and month sources, then its columns."""
    t = labels.translator(lang)
    lines = [t("understood.year", year=year or "—", source=t(f"understood.year_{year_source or 'none'}"))]
    previous: TableLayout | None = None  # the last table whose columns were listed
    for layout in layouts:
        header_of = {key: header for header, key in layout.columns if key}
        lines.append(t("understood.table", table=layout.table_no, rows=layout.rows,
                       section=t(f"understood.section_{layout.section_source}", text=layout.section,
                                 header=header_of.get("fraction") or header_of.get("fraction_no", "")),
                       month=t(f"understood.month_{layout.month_source}", text=layout.month,
                               header=header_of.get("section_month", ""))))
        if previous and previous.columns == layout.columns:
            lines.append(t("understood.more.columns_same", table=previous.table_no))
            continue
        previous = layout
        for header, key in layout.columns:
            meaning = t(f"understood.column_{key}") if key else t("understood.column_unknown")
            lines.append(t("understood.column", header=header or t("understood.header_blank"), meaning=meaning))
    return lines
