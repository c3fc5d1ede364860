"""Reading a plan from a Word (.docx) document.

Works on the document XML with lxml rather than python-docx's object model: a plan is read
once per run and per district batch, and walking `row.cells` costs several times more than
the XML walk it wraps."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from . import headings
from .headers import header_columns
from .notes import WARNING, FileProblem, Note
from .raw import RawPlan, RawRow, RawTable
from .text import clean_lines

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_BODY = f"{W}body"
_BR = f"{W}br"
_CR = f"{W}cr"
_CUSTOMXML = f"{W}customXml"
_DELTEXT = f"{W}delText"
_GRIDSPAN = f"{W}gridSpan"
_HYPERLINK = f"{W}hyperlink"
_P = f"{W}p"
_SDT = f"{W}sdt"
_SDTCONTENT = f"{W}sdtContent"
_T = f"{W}t"
_TAB = f"{W}tab"
_TBL = f"{W}tbl"
_TC = f"{W}tc"
_TCPR = f"{W}tcPr"
_TR = f"{W}tr"
_VMERGE = f"{W}vMerge"
_VAL = f"{W}val"
_RID = f"{R}id"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
# Inflated size beyond which a document is refused (a real plan is well under 1 MB of XML).
MAX_XML_BYTES = 64 * 1024 * 1024

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def read_docx(name: str, data: bytes) -> RawPlan:
    """The plan tables of a .docx file, with the headings before each table and the front matter."""
    body, links = _load(data)
    walker = _Walker(name, links)
    walker.walk(body)
    if not walker.tables:
        raise FileProblem("file_not_plan")
    return RawPlan(source=name, front_lines=walker.front_lines, tables=walker.tables, notes=walker.notes)


def _load(data: bytes) -> tuple[etree._Element, dict[str, str]]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            info = archive.getinfo(DOCUMENT)
            if info.file_size > MAX_XML_BYTES:
                raise FileProblem("file_too_large", size_mb=info.file_size // (1024 * 1024))
            root = etree.fromstring(_read_limited(archive, DOCUMENT), _PARSER)
            rels = archive.read(DOCUMENT_RELS) if DOCUMENT_RELS in archive.namelist() else b""
    except FileProblem:
        raise
    except KeyError:
        raise FileProblem("file_corrupt", detail="word/document.xml") from None
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError, ValueError) as exc:
        raise FileProblem("file_corrupt", detail=type(exc).__name__) from None
    body = root.find(_BODY)
    if body is None:
        raise FileProblem("file_corrupt", detail="w:body")
    return body, _hyperlinks(rels)


def _read_limited(archive: zipfile.ZipFile, member: str) -> bytes:
    """The member's bytes, refusing archives whose declared size lies (zip bombs)."""
    with archive.open(member) as stream:
        data = stream.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise FileProblem("file_too_large", size_mb=MAX_XML_BYTES // (1024 * 1024))
    return data


def _hyperlinks(rels: bytes) -> dict[str, str]:
    if not rels:
        return {}
    try:
        root = etree.fromstring(rels, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    return {rel.get("Id"): rel.get("Target", "") for rel in root.iter(f"{REL}Relationship")
            if rel.get("TargetMode") == "External"}


_TEXT_TAGS = (_T, _TAB, _BR, _CR)
_TEXT_OF = {_TAB: " ", _BR: "\n", _CR: "\n"}


def _paragraph_text(p: etree._Element, links: dict[str, str]) -> str:
    """A paragraph's visible text; a hyperlink whose address is not in its text gets it appended."""
    if p.find(_HYPERLINK) is None:
        return "".join(el.text or "" if el.tag == _T else _TEXT_OF[el.tag] for el in p.iter(*_TEXT_TAGS))
    parts: list[str] = []
    _collect_text(p, links, parts)
    return "".join(parts)


def _collect_text(el: etree._Element, links: dict[str, str], parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append(" ")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _HYPERLINK:
            start = len(parts)
            _collect_text(child, links, parts)
            target = links.get(child.get(_RID), "")
            if target and target not in "".join(parts[start:]):
                parts.append(f" {target} ")
        elif tag != _DELTEXT:
            _collect_text(child, links, parts)


def _cell_lines(tc: etree._Element, links: dict[str, str]) -> list[str]:
    """Each paragraph of a cell (nested tables included) as cleaned lines."""
    return clean_lines(_paragraph_text(p, links) for p in tc.iter(_P))


@dataclass
class _GridCell:
    lines: list[str]
    merged_from_above: bool = False


def _grid(tbl: etree._Element, links: dict[str, str]) -> list[list[_GridCell | None]]:
    """The table as a grid: one entry per grid column, `None` where a horizontal merge covers it;
    a vertically merged cell repeats the text of the cell that starts the merge."""
    rows: list[list[_GridCell | None]] = []
    for tr in tbl.iterchildren(_TR):
        row: list[_GridCell | None] = []
        before = tr.find(f"{W}trPr/{W}gridBefore")
        if before is not None:
            row.extend([_GridCell([])] * _int(before.get(_VAL), 0))
        for tc in tr.iterchildren(_TC, _SDT):
            for cell in ([tc] if tc.tag == _TC else tc.iter(_TC)):
                col = len(row)
                props = cell.find(_TCPR)
                span = _int(_attr(props, _GRIDSPAN), 1)
                vmerge = None if props is None else props.find(_VMERGE)
                continues = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
                if continues and rows and col < len(rows[-1]) and rows[-1][col] is not None:
                    row.append(_GridCell(rows[-1][col].lines, merged_from_above=True))
                else:
                    row.append(_GridCell(_cell_lines(cell, links)))
                row.extend([None] * (span - 1))
        rows.append(row)
    return rows


def _attr(el: etree._Element | None, path: str) -> str | None:
    found = None if el is None else el.find(path)
    return None if found is None else found.get(_VAL)


def _int(text: str | None, default: int) -> int:
    try:
        return max(1, int(text)) if text is not None else default
    except ValueError:
        return default


@dataclass
class _Walker:
    """Walks the body in document order, keeping the headings seen since the last plan table."""
    name: str
    links: dict[str, str]
    front_lines: list[str] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    month_heading: str | None = None
    fraction_heading: str | None = None
    text_since_table: bool = False

    def walk(self, parent: etree._Element) -> None:
        for el in parent.iterchildren():
            if el.tag == _P:
                self.paragraph(_paragraph_text(el, self.links))
            elif el.tag == _TBL:
                self.table(el)
            elif el.tag in (_SDT, _SDTCONTENT, _CUSTOMXML):
                # Content controls and custom XML wrap ordinary paragraphs and tables.
                self.walk(el)

    def paragraph(self, text: str) -> None:
        lines = clean_lines([text])
        for line in lines:
            if not self.heading(line) and not self.tables:
                self.front_lines.append(line)
        if not lines and not self.tables:
            self.front_lines.append("")

    def heading(self, line: str) -> bool:
        """Whether the line is a month or fraction heading (then kept for the next table)."""
        if headings.month_of_heading(line):
            self.month_heading = line
        elif headings.is_fraction_heading(line):
            self.fraction_heading = line
        else:
            return False
        self.text_since_table = True
        return True

    def table(self, tbl: etree._Element) -> None:
        grid = _grid(tbl, self.links)
        for index, row in enumerate(grid[:3]):
            columns = header_columns([c.lines[0] if c and c.lines else "" for c in row]) if row else None
            if columns:
                self.plan_table(grid, index, columns)
                return
        if self.tables and not self.text_since_table and self.continues_last(grid):
            return
        if not self.tables:
            # A borderless table before the plan (the stamp block) is front matter.
            for row in grid:
                for cell in row:
                    for line in (cell.lines if cell else []):
                        if not self.heading(line):
                            self.front_lines.append(line)

    def plan_table(self, grid, header_index: int, columns: list[str | None]) -> None:
        header_row = grid[header_index]
        header = [" ".join(c.lines) if c else "" for c in header_row]
        keys = _spread_keys(columns, header_row)
        for col, text in enumerate(header):
            if text and columns[col] is None:
                self.notes.append(Note(WARNING, "column_unknown", self.name, len(self.tables) + 1,
                                       column=text, params={"into": header[keys.index(keys[col])] if keys[col] else ""}))
        table = RawTable(
            table_no=len(self.tables) + 1,
            month_heading=self.month_heading,
            fraction_heading=self.fraction_heading,
            columns=columns,
            header=header,
            rows=[],
        )
        self.tables.append(table)
        self.month_heading = self.fraction_heading = None
        self.text_since_table = False
        self.add_rows(table, grid[header_index + 1:], keys)

    def continues_last(self, grid) -> bool:
        """Rows of a table split in two (no header, no heading between): appended to the last table."""
        last = self.tables[-1]
        width = len(last.columns)
        if not grid or any(len(row) != width for row in grid):
            return False
        self.add_rows(last, grid, _spread_keys(last.columns, [_GridCell([])] * width))
        self.notes.append(Note(WARNING, "table_continued", self.name, last.table_no))
        return True

    def add_rows(self, table: RawTable, grid, keys: list[str | None]) -> None:
        for row in grid:
            cells: dict[str, list[str]] = {}
            merged: set[str] = set()
            for col, cell in enumerate(row):
                if cell is None or not cell.lines:
                    continue
                if col >= len(keys) or keys[col] is None:
                    self.notes.append(Note(WARNING, "cell_outside_columns", self.name, table.table_no,
                                           len(table.rows) + 1, value="\n".join(cell.lines)))
                    continue
                key = keys[col]
                cells.setdefault(key, []).extend(cell.lines)
                if cell.merged_from_above:
                    merged.add(key)
            if any(cells.get(k) for k in cells if k not in merged):
                table.rows.append(RawRow(row_no=len(table.rows) + 1, cells=cells, merged=merged))


def _spread_keys(columns: list[str | None], header_row) -> list[str | None]:
    """A column key per grid column: a header cell spanning several grid columns names them all,
    and a grid column under no recognised header takes the key to its left, so no text is lost."""
    keys: list[str | None] = []
    current: str | None = None
    for col, cell in enumerate(header_row):
        if cell is not None:
            current = columns[col] if col < len(columns) and columns[col] else current
        keys.append(current)
    return keys
