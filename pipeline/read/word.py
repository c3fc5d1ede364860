"""Reading a plan from a Word (.docx) document.

Works on the document XML with lxml rather than python-docx's object model: a plan is read
once per run and per district batch, and walking `row.cells` costs several times more than
the XML walk it wraps. The text of the paragraphs and table cells the walker meets is taken
in one XSLT pass over the document (`_RECORDS`, in C, a few times faster than walking each
cell's runs in Python); the walker goes over the body's paragraphs and tables in order, each
with its record."""
from __future__ import annotations

import datetime as dt
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import Iterator

from lxml import etree

from pipeline.base.notes import WARNING, FileProblem, Note
from pipeline.base.text import clean_lines
from pipeline.read.assemble import Assembler, column_keys, heading_kind
from pipeline.read.headers import header_columns
from pipeline.read.properties import by_a_program, file_dates
from pipeline.read.raw import Anchor, RawPlan, RawRow

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = f"{{{W_NS}}}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BODY = f"{W}body"
_CUSTOMXML = f"{W}customXml"
_P = f"{W}p"
_SDT = f"{W}sdt"
_SDTCONTENT = f"{W}sdtContent"
_TBL = f"{W}tbl"
_TR = f"{W}tr"
_TC = f"{W}tc"
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
    walker.walk(body, _RECORDS(body.getparent()).getroot().iterchildren())
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
    if root.getroottree().docinfo.doctype:
        _entities_as_instructions(root)
    body = root.find(_BODY)
    if body is None:
        raise FileProblem("file_corrupt", detail="w:body")
    return body, _hyperlinks(rels), _file_dates(core)


def _entities_as_instructions(root: etree._Element) -> None:
    """Each entity reference (left unexpanded) made a processing instruction, which the text
    records treat alike: no text, and the end of a w:t's text (XSLT does not see references)."""
    for entity in list(root.iter(etree.Entity)):
        instruction = etree.PI("entity")
        instruction.tail = entity.tail
        entity.getparent().replace(entity, instruction)


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


# The records of a document's body, one per paragraph and table the walker meets, in the order it
# meets them (content controls and custom XML are transparent): a <p> holds the paragraph's text;
# a <t> an <r> per row (b: its w:gridBefore as written) with a <c> per cell (s: its w:gridSpan as
# written; m: it continues a vertical merge), a cell's text being its paragraphs' (nested
# tables' too, not a text box's own) each followed by a line break; a table holding tables (a
# layout table: the plan placed in a cell) has after its rows a <w> per cell of its rows, the
# records of the cell's content.
# A paragraph's visible text: w:t (its text up to any child), w:tab a space, w:br and w:cr a line
# break. A paragraph with a hyperlink child or a text box is read part by part ("slow"): there a
# text box's paragraphs are lines of their own, deleted text is left out and each hyperlink is an
# <h> (i: its relationship id) for `_text` to append its address to.
# A w:t's text: its text nodes up to its first other child (lxml's `.text`). Paragraph and run
# properties hold no text: they are not walked.
_LEADING_TEXT = ('<xsl:for-each select="text()[not(preceding-sibling::node()[not(self::text())])]">'
                 '<xsl:value-of select="."/></xsl:for-each>')
# The attribute value in context, as the output attribute named {}.
_AS_ATTRIBUTE = '<xsl:attribute name="{}"><xsl:value-of select="."/></xsl:attribute>'
_RECORDS = etree.XSLT(etree.XML(f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:w="{W_NS}" xmlns:r="{R_NS}">
 <xsl:template match="/"><d><xsl:apply-templates select="/*/w:body[1]/*" mode="walk"/></d></xsl:template>
 <xsl:template match="w:p" mode="walk"><p><xsl:apply-templates select="." mode="paragraph"/></p></xsl:template>
 <xsl:template match="w:sdt | w:sdtContent | w:customXml" mode="walk"><xsl:apply-templates select="*" mode="walk"/></xsl:template>
 <xsl:template match="w:tbl" mode="walk"><t>
  <xsl:for-each select="w:tr"><r>
   <xsl:for-each select="(w:trPr/w:gridBefore)[1]/@w:val">{_AS_ATTRIBUTE.format("b")}</xsl:for-each>
   <xsl:for-each select="w:tc | w:sdt/descendant::w:tc"><c>
    <xsl:for-each select="w:tcPr[1]/w:gridSpan[1]/@w:val">{_AS_ATTRIBUTE.format("s")}</xsl:for-each>
    <xsl:if test="w:tcPr[1]/w:vMerge[1][not(@w:val) or @w:val = 'continue']">
     <xsl:attribute name="m">1</xsl:attribute>
    </xsl:if>
    <xsl:for-each select="descendant::w:p[not(parent::w:txbxContent)]">
     <xsl:apply-templates select="." mode="paragraph"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
   </c></xsl:for-each>
  </r></xsl:for-each>
  <xsl:if test="w:tr/w:tc/w:tbl">
   <xsl:for-each select="w:tr/w:tc"><w><xsl:apply-templates select="*" mode="walk"/></w></xsl:for-each>
  </xsl:if>
 </t></xsl:template>
 <xsl:template match="*" mode="walk"/>

 <xsl:template match="w:p[w:hyperlink or descendant::w:txbxContent]" mode="paragraph"><xsl:apply-templates mode="slow"/></xsl:template>
 <xsl:template match="w:p" mode="paragraph"><xsl:apply-templates mode="fast"/></xsl:template>

 <xsl:template match="w:t" mode="fast">{_LEADING_TEXT}<xsl:apply-templates mode="fast"/></xsl:template>
 <xsl:template match="w:tab" mode="fast"><xsl:text> </xsl:text><xsl:apply-templates mode="fast"/></xsl:template>
 <xsl:template match="w:br | w:cr" mode="fast"><xsl:text>&#10;</xsl:text><xsl:apply-templates mode="fast"/></xsl:template>
 <xsl:template match="w:pPr | w:rPr" mode="fast"/>
 <xsl:template match="*" mode="fast"><xsl:apply-templates mode="fast"/></xsl:template>
 <xsl:template match="text()" mode="fast"/>

 <xsl:template match="w:t" mode="slow">{_LEADING_TEXT}</xsl:template>
 <xsl:template match="w:tab" mode="slow"><xsl:text> </xsl:text></xsl:template>
 <xsl:template match="w:br | w:cr" mode="slow"><xsl:text>&#10;</xsl:text></xsl:template>
 <xsl:template match="w:p" mode="slow"><xsl:text>&#10;</xsl:text><xsl:apply-templates mode="slow"/><xsl:text>&#10;</xsl:text></xsl:template>
 <xsl:template match="w:hyperlink" mode="slow"><h>
  <xsl:for-each select="@r:id">{_AS_ATTRIBUTE.format("i")}</xsl:for-each>
  <xsl:apply-templates mode="slow"/>
 </h></xsl:template>
 <xsl:template match="w:delText" mode="slow"/>
 <xsl:template match="w:pPr | w:rPr" mode="slow"/>
 <xsl:template match="*" mode="slow"><xsl:apply-templates mode="slow"/></xsl:template>
 <xsl:template match="text()" mode="slow"/>

</xsl:stylesheet>"""))


def _text(record: etree._Element, links: dict[str, str]) -> str:
    """A record's text, each hyperlink's address appended to it when its text does not show it."""
    if not len(record):
        return record.text or ""
    parts = [record.text or ""]
    for link in record:
        text = _text(link, links)
        target = links.get(link.get("i"), "")
        parts.append(f"{text} {target} " if target and target not in text else text)
        parts.append(link.tail or "")
    return "".join(parts)


@dataclass
class _GridCell:
    lines: tuple[str, ...]
    merged_from_above: bool = False


@lru_cache(maxsize=65536)
def _cell_lines(text: str) -> tuple[str, ...]:
    """A cell's cleaned lines (most cells' text recurs: headers, partners, the evidence template)."""
    return tuple(clean_lines([text]))


def _grid(record: etree._Element, links: dict[str, str]) -> list[list[_GridCell | None]]:
    """A table's record as a grid: one entry per grid column, `None` where a horizontal merge
    covers it; a vertically merged cell repeats the text of the cell that starts the merge."""
    rows: list[list[_GridCell | None]] = []
    for tr in record.iterchildren("r"):
        row: list[_GridCell | None] = []
        before = tr.get("b")
        if before is not None:
            row.extend([_GridCell(())] * _int(before, 0))
        for cell in tr:
            col = len(row)
            above = rows[-1][col] if cell.get("m") and rows and col < len(rows[-1]) else None
            if above is not None:
                row.append(_GridCell(above.lines, merged_from_above=True))
            else:
                row.append(_GridCell(_cell_lines(_text(cell, links))))
            row.extend([None] * (_int(cell.get("s"), 1) - 1))
        rows.append(row)
    return rows


_GENERIC = "*"   # an element in the default namespace: its path step names no element


def _row_paths(tbl: etree._Element) -> list[str]:
    """The path of each of the table's w:tr rows as lxml's `getpath` (libxml2's xmlGetNodePath)
    gives it, found in one pass: getpath counts a row's siblings each time, which is quadratic in
    a table's rows. A step is "prefix:name" (no prefix: the name; the default namespace: "*"),
    indexed among the siblings it is counted with (the same name and prefix; "*" with all of
    them) when there is more than one."""
    base = tbl.getroottree().getpath(tbl)
    siblings = [(child, _path_step(child)) for child in tbl.iterchildren() if isinstance(child.tag, str)]
    totals: dict[str, int] = {}
    for _, step in siblings:
        totals[step] = totals.get(step, 0) + 1
    paths, seen = [], dict.fromkeys(totals, 0)
    for position, (child, step) in enumerate(siblings):
        before, total = (position, len(siblings)) if step == _GENERIC else (seen[step], totals[step])
        seen[step] += 1
        if child.tag == _TR:
            paths.append(f"{base}/{step}[{before + 1}]" if total > 1 else f"{base}/{step}")
    return paths


def _path_step(element: etree._Element) -> str:
    qname = etree.QName(element)
    if qname.namespace is None:
        return qname.localname
    return _GENERIC if element.prefix is None else f"{element.prefix}:{qname.localname}"


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
        self.row_paths: list[str] = []   # where the rows of the table being read are (`_row_paths`)

    @property
    def notes(self) -> list[Note]:
        return self.assembler.notes

    def walk(self, parent: etree._Element, records: Iterator[etree._Element]) -> None:
        """The paragraphs and tables of `parent`, each with its record, the next of `records`."""
        for el in parent.iterchildren():
            if el.tag == _P:
                self.paragraph(_text(next(records), self.links))
            elif el.tag == _TBL:
                self.table(el, next(records))
            elif el.tag in (_SDT, _SDTCONTENT, _CUSTOMXML):
                # Content controls and custom XML wrap ordinary paragraphs and tables.
                self.walk(el, records)

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

    def table(self, tbl: etree._Element, record: etree._Element) -> None:
        self.tables_seen += 1
        self.row_paths = _row_paths(tbl)
        self.assembler.anchor = Anchor(path=tbl.getroottree().getpath(tbl))
        grid = _grid(record, self.links)
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
        contents = list(record.iterchildren("w"))
        if contents:
            # A layout table (the plan placed in a cell): its cells are read like the body.
            cells = (tc for tr in tbl.iterchildren(_TR) for tc in tr.iterchildren(_TC))
            for tc, content in zip(cells, contents):
                self.walk(tc, content.iterchildren())
            return
        if self.assembler.header_seen:
            self.not_read(grid)
            return
        if len(grid) > 1 and grid[0]:
            self.assembler.not_a_header([" ".join(c.lines) for c in grid[0] if c])
        # A borderless table before the plan (the stamp block) is front matter.
        for row in grid:
            for cell in row:
                for line in (cell.lines if cell else ()):
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
        for row, path in zip(grid, self.row_paths[first:]):
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
                anchor = Anchor(path=path)
                table = self.assembler.add(RawRow(row_no=0, cells=cells, merged=merged, anchor=anchor))
                table_no, row_no = table.table_no, table.rows[-1].row_no
            else:
                current = self.assembler.current().table
                table_no = current.table_no if current else len(self.assembler.tables) + 1
                row_no = len(current.rows) + 1 if current else 1
            for value in outside:
                self.notes.append(Note(WARNING, "cell_outside_columns", self.name, table_no, row_no, value=value))
