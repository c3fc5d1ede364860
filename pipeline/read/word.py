"""Reading a plan from a Word (.docx) document.

Works on the document XML with lxml rather than python-docx's object model: a plan is read
once per run and per district batch, and walking `row.cells` costs several times more than
the XML walk it wraps."""
from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from pipeline.base.notes import WARNING, FileProblem, Note
from pipeline.base.text import clean_lines
from pipeline.read.assemble import Assembler, column_keys, heading_kind
from pipeline.read.headers import header_columns
from pipeline.read.properties import by_a_program, file_dates
from pipeline.read.raw import Anchor, RawPlan, RawRow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BODY = f"{W}body"
_BR = f"{W}br"
_CR = f"{W}cr"
_CUSTOMXML = f"{W}customXml"
_DELTEXT = f"{W}delText"
_GRIDBEFORE = f"{W}gridBefore"
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
_TRPR = f"{W}trPr"
_TXBXCONTENT = f"{W}txbxContent"
_VMERGE = f"{W}vMerge"
_VAL = f"{W}val"
_RID = f"{R}id"
DOCUMENT = "word/document.xml"
DOCUMENT_RELS = "word/_rels/document.xml.rels"
CORE = "docProps/core.xml"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
# Inflated size beyond which a document is refused (a real plan is well under 1 MB of XML).
MAX_XML_BYTES = 64 * 1024 * 1024
# Word tables have at most 63 columns: a larger span or indent is a damaged (or hostile) file.
MAX_GRID_COLUMNS = 64

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def read_docx(name: str, data: bytes) -> RawPlan:
    """The plan tables of a .docx file, with the headings before each table and the front matter."""
    body, links, file_dates = _load(data)
    walker = _Walker(name, links)
    walker.walk(body)
    assembler = walker.assembler
    if not assembler.tables:
        raise assembler.no_plan()
    return RawPlan(source=name, front_lines=assembler.front_lines, tables=assembler.tables, notes=assembler.notes,
                   file_dates=file_dates)


def _load(data: bytes) -> tuple[etree._Element, dict[str, str], tuple[dt.date, ...]]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            info = archive.getinfo(DOCUMENT)
            if info.file_size > MAX_XML_BYTES:
                raise FileProblem("file_too_large", size_mb=info.file_size // (1024 * 1024))
            root = etree.fromstring(_read_limited(archive, DOCUMENT), _PARSER)
            rels = _read_limited(archive, DOCUMENT_RELS) if DOCUMENT_RELS in archive.namelist() else b""
            core = _read_limited(archive, CORE) if CORE in archive.namelist() else b""
    except FileProblem:
        raise
    except KeyError:
        raise FileProblem("file_corrupt", detail="word/document.xml") from None
    except zlib.error:
        raise FileProblem("file_corrupt", detail="zlib.error") from None
    # NotImplementedError: a compression method zipfile lacks; RuntimeError: a zip-encrypted member.
    except (zipfile.BadZipFile, etree.XMLSyntaxError, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise FileProblem("file_corrupt", detail=type(exc).__name__) from None
    # A text box is saved twice: as a drawing, and as a VML fallback for old readers.
    for fallback in list(root.iter(f"{MC}Fallback")):
        fallback.getparent().remove(fallback)
    body = root.find(_BODY)
    if body is None:
        raise FileProblem("file_corrupt", detail="w:body")
    return body, _hyperlinks(rels), _file_dates(core)


def _read_limited(archive: zipfile.ZipFile, member: str) -> bytes:
    """The member's bytes, refusing archives whose declared size lies (zip bombs)."""
    with archive.open(member) as stream:
        data = stream.read(MAX_XML_BYTES + 1)
    if len(data) > MAX_XML_BYTES:
        raise FileProblem("file_too_large", size_mb=MAX_XML_BYTES // (1024 * 1024))
    return data


def _file_dates(core: bytes) -> tuple[dt.date, ...]:
    """The created and modified dates of the document's core properties, unless the creator is a
    program writing its template's defaults (python-docx stamps 2013 on every file it makes)."""
    try:
        root = etree.fromstring(core, _PARSER) if core else None
    except etree.XMLSyntaxError:
        return ()
    if root is None or by_a_program(root.findtext(f"{DC}creator")):
        return ()
    return file_dates(root.findtext(f"{DCTERMS}{name}") for name in ("created", "modified"))


def _hyperlinks(rels: bytes) -> dict[str, str]:
    if not rels:
        return {}
    try:
        root = etree.fromstring(rels, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    return {rel.get("Id"): rel.get("Target", "") for rel in root.iter(f"{REL}Relationship")
            if rel.get("TargetMode") == "External"}


_TEXT_TAGS = (_T, _TAB, _BR, _CR, _TXBXCONTENT)
_TEXT_OF = {_TAB: " ", _BR: "\n", _CR: "\n"}


def _paragraph_text(p: etree._Element, links: dict[str, str]) -> str:
    """A paragraph's visible text, the paragraphs of its text boxes as lines of their own; a
    hyperlink whose address is not in its text gets it appended."""
    parts: list[str]
    if _child(p, _HYPERLINK) is None:
        parts = []
        for el in p.iter(*_TEXT_TAGS):
            if el.tag == _TXBXCONTENT:
                break
            parts.append(el.text or "" if el.tag == _T else _TEXT_OF[el.tag])
        else:
            return "".join(parts)
    parts = []
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
        elif tag == _P:  # a text box's paragraph
            parts.append("\n")
            _collect_text(child, links, parts)
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
    """Each paragraph of a cell (nested tables included) as cleaned lines; a text box's paragraphs
    come with the paragraph holding the box."""
    return clean_lines(_paragraph_text(p, links) for p in tc.iter(_P) if p.getparent().tag != _TXBXCONTENT)


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
        before = next((b for pr in tr.iterchildren(_TRPR) for b in pr.iterchildren(_GRIDBEFORE)), None)
        if before is not None:
            row.extend([_GridCell([])] * _int(before.get(_VAL), 0))
        for tc in tr.iterchildren(_TC, _SDT):
            for cell in ([tc] if tc.tag == _TC else tc.iter(_TC)):
                col = len(row)
                props = _child(cell, _TCPR)
                span = _int(_attr(props, _GRIDSPAN), 1)
                vmerge = None if props is None else _child(props, _VMERGE)
                continues = vmerge is not None and vmerge.get(_VAL, "continue") == "continue"
                above = rows[-1][col] if continues and rows and col < len(rows[-1]) else None
                if above is not None:
                    row.append(_GridCell(above.lines, merged_from_above=True))
                else:
                    row.append(_GridCell(_cell_lines(cell, links)))
                row.extend([None] * (span - 1))
        rows.append(row)
    return rows


def _attr(el: etree._Element | None, tag: str) -> str | None:
    found = None if el is None else _child(el, tag)
    return None if found is None else found.get(_VAL)


def _int(text: str | None, default: int) -> int:
    """A count of grid columns as written, from 1 to MAX_GRID_COLUMNS."""
    try:
        return min(max(1, int(text)), MAX_GRID_COLUMNS) if text is not None else default
    except ValueError:
        return default


class _Walker:
    """Walks the body in document order, handing headings, header rows and rows to the assembler."""

    def __init__(self, name: str, links: dict[str, str]):
        self.name, self.links = name, links
        self.assembler = Assembler(name, number_rows=True)
        self.tables_seen = 0
        self.rows_xml: list[etree._Element] = []   # the `w:tr` elements of the table being read

    @property
    def notes(self) -> list[Note]:
        return self.assembler.notes

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
        """A paragraph's lines: headings are kept for the next table; other lines before the
        plan's first table are front matter, after it they are not part of the plan."""
        assembler = self.assembler
        lines = clean_lines([text])
        for line in lines:
            if not assembler.heading(line) and not assembler.header_seen:
                assembler.front_line(line)
        if not lines and not assembler.header_seen:
            assembler.front_line("")

    def table(self, tbl: etree._Element) -> None:
        self.tables_seen += 1
        self.rows_xml = list(tbl.iterchildren(_TR))
        self.assembler.anchor = Anchor(path=tbl.getroottree().getpath(tbl))
        grid = _grid(tbl, self.links)
        for index, row in enumerate(grid[:3]):
            columns = header_columns([c.lines[0] if c and c.lines else "" for c in row]) if row else None
            if columns:
                # Rows above the header are read like paragraphs: a heading typed in the table.
                for above in grid[:index]:
                    self.paragraph("\n".join(line for c in above if c for line in c.lines))
                self.plan_table(grid, index, columns)
                self.assembler.pause()
                return
        if self.assembler.header_seen and self.continues_last(grid):
            self.assembler.pause()
            return
        if _holds_tables(tbl):
            # A layout table (the plan placed in a cell): its cells are read like the body.
            for tr in tbl.iterchildren(_TR):
                for tc in tr.iterchildren(_TC):
                    self.walk(tc)
            return
        if self.assembler.header_seen:
            self.not_read(grid)
            return
        if len(grid) > 1 and grid[0]:
            self.assembler.not_a_header([" ".join(c.lines) for c in grid[0] if c])
        # A borderless table before the plan (the stamp block) is front matter.
        for row in grid:
            for cell in row:
                for line in (cell.lines if cell else []):
                    if not self.assembler.heading(line):
                        self.assembler.front_line(line)

    def plan_table(self, grid, header_index: int, columns: list[str | None]) -> None:
        header_row = grid[header_index]
        header = [" ".join(c.lines) if c else "" for c in header_row]
        keys, into = column_keys(columns, [c is None for c in header_row])
        table_no = len(self.assembler.tables) + 1
        for col, text in enumerate(header):
            if text and columns[col] is None:
                self.notes.append(Note(WARNING, "column_unknown", self.name, table_no, column=text,
                                       params={"into": header[columns.index(into[col])] if into[col] in columns else ""}))
        self.assembler.start(columns, header, table_now=True)
        self.add_rows(grid[header_index + 1:], [k or i for k, i in zip(keys, into)], header_index + 1)

    def continues_last(self, grid) -> bool:
        """Rows without a header as wide as the last table: the rest of a table split in two
        (appended to it), or, under headings of their own, a table with the last one's columns."""
        run = self.assembler.current()
        width = len(run.columns)
        if not grid or any(len(row) != width for row in grid):
            return False
        keys, into = column_keys(run.columns, [False] * width)
        new_table = bool(self.assembler.waiting)
        self.add_rows(grid, [k or i for k, i in zip(keys, into)])
        table_no = self.assembler.tables[-1].table_no if self.assembler.tables else 1
        self.notes.append(Note(WARNING, "table_header_missing" if new_table else "table_continued", self.name, table_no))
        return True

    def not_read(self, grid) -> None:
        """The rows of a table after the plan's start that is neither a plan table nor the rest of
        one: headings are kept for the next table, any other row of text gets a note naming the
        table by its place in the document."""
        for row_no, row in enumerate(grid, start=1):
            lines = [line for c in row if c and not c.merged_from_above for line in c.lines]
            if lines and all(heading_kind(line) for line in lines):
                for line in lines:
                    self.assembler.heading(line)
            elif lines:
                text = " | ".join(" ".join(c.lines) for c in row if c and c.lines and not c.merged_from_above)
                self.notes.append(Note(WARNING, "table_not_read", self.name, row=row_no, value=text,
                                       params={"position": self.tables_seen, "row": row_no}))

    def heading_row(self, row) -> bool:
        """Whether a table row only holds month or fraction headings, in one cell that starts the
        row or spans columns ("ҚАЗАН АЙЫ" typed across the table); they are kept for the rows below."""
        filled = [col for col, c in enumerate(row) if c is not None and c.lines and not c.merged_from_above]
        if len(filled) != 1:
            return False
        col = filled[0]
        lines = row[col].lines
        spans = col + 1 < len(row) and row[col + 1] is None
        if not (col == 0 or spans) or not all(heading_kind(line) for line in lines):
            return False
        for line in lines:
            self.assembler.heading(line)
        return True

    def add_rows(self, grid, keys: list[str], first: int = 0) -> None:
        """The rows of `grid` (the current table's rows from `first` on) handed to the assembler,
        each with its place in the document."""
        for row, tr in zip(grid, self.rows_xml[first:]):
            if self.heading_row(row):
                continue
            cells: dict[str, list[str]] = {}
            merged: set[str] = set()
            outside: list[str] = []
            for col, cell in enumerate(row):
                if cell is None or not cell.lines:
                    continue
                if col >= len(keys):
                    outside.append("\n".join(cell.lines))
                    continue
                key = keys[col]
                cells.setdefault(key, []).extend(cell.lines)
                if cell.merged_from_above:
                    merged.add(key)
            if any(cells.get(k) for k in cells if k not in merged):
                anchor = Anchor(path=tr.getroottree().getpath(tr))
                table = self.assembler.add(RawRow(row_no=0, cells=cells, merged=merged, anchor=anchor))
                table_no, row_no = table.table_no, table.rows[-1].row_no
            else:
                current = self.assembler.current().table
                table_no = current.table_no if current else len(self.assembler.tables) + 1
                row_no = len(current.rows) + 1 if current else 1
            for value in outside:
                self.notes.append(Note(WARNING, "cell_outside_columns", self.name, table_no, row_no, value=value))


def _holds_tables(tbl: etree._Element) -> bool:
    return any(_child(tc, _TBL) is not None for tr in tbl.iterchildren(_TR) for tc in tr.iterchildren(_TC))


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child of `el` named `tag`, or None: what `el.find(tag)` gives, through lxml's own
    child filter rather than ElementPath (a few times faster, and the reader asks for every cell)."""
    return next(el.iterchildren(tag), None)
