"""The Word kit: page set-up, styles, paragraphs, tables, links, native charts and document
properties of the Word reports. The only module that touches python-docx and WordprocessingML
internals; the documents (plan report, district summary) are built from its pieces.

A4 portrait, Times New Roman, the margins of official documents (DOMAIN.md), tables whose header
rows repeat on every page, clickable links and native bar charts."""
from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.styles.styles import Styles
from docx.text.paragraph import Paragraph

from pipeline.write.atomic import atomic_path
from pipeline.write.excel_kit import chart_data_workbook
from pipeline.write.words import link_label, link_target, percent_number

FONT = "Times New Roman"
BODY_PT = 12
TITLE_PT = 14
TABLE_PT = 10
PAGE_MM = (210, 297)
MARGINS_MM = {"left": 30, "right": 15, "top": 20, "bottom": 20}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
FIRST_LINE_INDENT_MM = 12.5
CELL_PADDING_TWIPS = 57          # 1 mm on each side of a cell's text
HEADER_FILL = "D9D9D9"
TOTAL_FILL = "F2F2F2"
LINK_COLOR = "0563C1"
LINK_GAP_PT = 3
CHART_COLORS = ("2E75B6", "A5A5A5")
CHART_FRAME_MM = 30             # title, value axis and legend
ROTATED_HEADER_MM = 30          # height of a header row whose texts run bottom to top
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}
# Paragraphs name their style by id: python-docx looks a style name up by comparing it with
# the document's default style, which costs more than the paragraph itself.
BODY_STYLE, BODY_STYLE_ID = "Report Body", "ReportBody"
CAPTION_STYLE, CAPTION_STYLE_ID = "Report Caption", "ReportCaption"
TABLE_TEXT_STYLE, TABLE_TEXT_STYLE_ID = "Report Table Text", "ReportTableText"
NOTE_STYLE, NOTE_STYLE_ID = "Report Note", "ReportNote"
HEADING_STYLE_IDS = {1: "Heading1", 2: "Heading2"}  # "Heading 1", "Heading 2" of python-docx's template
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_MM = 36000



@dataclass(frozen=True)
class Link:
    """A clickable paragraph of a cell: the link as written (see `words.link_target`)."""
    address: str


# A cell holds text (lines split at "\n"), or paragraphs: each a text or a clickable link.
Paragraphs = tuple["str | Link", ...]
CellValue = str | Paragraphs


def new_document(lang: str) -> DocumentObject:
    """An empty report document: A4 page, the report's styles in `lang`, page numbers."""
    return Document(io.BytesIO(_empty_document(lang)))


@functools.cache
def _empty_document(lang: str) -> bytes:
    """The empty report document as a file, made once per language: opening it costs less than
    setting up python-docx's template page and styles again."""
    document = Document()
    _set_page(document)
    _set_styles(document, lang)
    _add_page_numbers(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def save(document: DocumentObject, target: Path) -> Path:
    """`document` written to `target`, whole or not at all (an existing file is replaced only
    once the new one is complete)."""
    with atomic_path(target) as tmp:
        document.save(str(tmp))
    return target


def set_properties(document: DocumentObject, *, title: str, subject: str, author: str, lang: str,
                   as_of: dt.date) -> None:
    """File properties a reader sees in Word; fixed timestamps keep the output reproducible."""
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = props.last_modified_by = author
    props.comments = props.keywords = ""
    props.language = LANGUAGE_TAGS.get(lang, lang)
    props.created = props.modified = dt.datetime.combine(as_of, dt.time())
    props.revision = 1


# --- text a document can hold ---------------------------------------------------------------------

# Characters XML 1.0 cannot hold (control characters, lone surrogates): python-docx refuses them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)



def xml_safe_frame(data: pd.DataFrame) -> pd.DataFrame:
    """`data` with the characters XML cannot carry removed from its texts (they come from the
    users' files); `data` itself when it has none."""
    unsafe = [column for column, values in data.items()
              if (pd.api.types.is_string_dtype(values) or values.dtype == object)
              and any(isinstance(v, str) and _NOT_XML.search(v) for v in values)]
    if not unsafe:
        return data
    data = data.copy()
    for column in unsafe:
        data[column] = data[column].map(lambda v: xml_text(v) if isinstance(v, str) else v)
    return data


# --- page, styles, paragraphs ---------------------------------------------------------------------

def _set_page(document: DocumentObject) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.header_distance = section.footer_distance = Mm(10)


def _set_run_fonts(r_pr, size_pt: float | None, lang: str | None = None) -> None:
    """Times New Roman for every script slot, so that Cyrillic (which Word may treat as
    East-Asian or complex script text) never falls back to a theme font."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            _child(r_pr, tag).set(qn("w:val"), str(int(size_pt * 2)))
    if lang is not None:
        _child(r_pr, "w:lang").set(qn("w:val"), LANGUAGE_TAGS.get(lang, lang))


def _child(parent, tag: str):
    """`parent`'s child `tag`, appended when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def _set_styles(document: DocumentObject, lang: str) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    _set_run_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), BODY_PT, lang)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_run_fonts(normal.element.get_or_add_rPr(), BODY_PT, lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    for name, size, before in (("Heading 1", TITLE_PT - 1, 12), ("Heading 2", BODY_PT, 10)):
        heading = styles[name]
        _set_run_fonts(heading.element.get_or_add_rPr(), size)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        heading.font.bold = True
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True

    cell_style = _new_paragraph_style(styles, TABLE_TEXT_STYLE, TABLE_TEXT_STYLE_ID)
    cell_style.base_style = normal
    cell_style.font.size = Pt(TABLE_PT)
    cell_style.paragraph_format.space_after = Pt(0)

    caption = _new_paragraph_style(styles, CAPTION_STYLE, CAPTION_STYLE_ID)
    caption.base_style = normal
    caption.font.bold = True
    caption.paragraph_format.space_before = Pt(10)
    caption.paragraph_format.space_after = Pt(4)
    caption.paragraph_format.keep_with_next = True

    note = _new_paragraph_style(styles, NOTE_STYLE, NOTE_STYLE_ID)
    note.base_style = normal
    note.font.size = Pt(TABLE_PT)
    note.font.italic = True
    note.paragraph_format.space_before = Pt(3)
    note.paragraph_format.space_after = Pt(6)

    body = _new_paragraph_style(styles, BODY_STYLE, BODY_STYLE_ID)
    body.base_style = normal
    body.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.space_after = Pt(3)
    body.paragraph_format.line_spacing = 1.15


def _new_paragraph_style(styles: Styles, name: str, style_id: str) -> ParagraphStyle:
    """A new paragraph style (python-docx's `add_style` first compares `name` with the name
    of every style in the document, which costs milliseconds and which a new document with
    the report's own names does not need)."""
    style = ParagraphStyle(styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False))
    style.style_id = style_id
    return style


def add_paragraph(document: DocumentObject, text: str, style_id: str,
                  space_before_pt: float | None = None) -> Paragraph:
    """A paragraph of `text` in the style with id `style_id`, at the end of the document (with
    `space_before_pt` above it instead of the style's)."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    if space_before_pt is not None:
        paragraph.paragraph_format.space_before = Pt(space_before_pt)
    return paragraph


def add_spacer(document: DocumentObject, height_pt: float, keep_with_next: bool = False) -> None:
    """An empty paragraph `height_pt` high, before a block that should stand apart (and, with
    `keep_with_next`, on its page)."""
    paragraph_format = document.add_paragraph().paragraph_format
    paragraph_format.space_before = Pt(height_pt)
    if keep_with_next:
        paragraph_format.keep_with_next = True


def add_heading(document: DocumentObject, text: str, level: int) -> Paragraph:
    """A heading of `level` 1 or 2, as python-docx's `add_heading` writes it."""
    return add_paragraph(document, text, HEADING_STYLE_IDS[level])


def _add_page_numbers(document: DocumentObject) -> None:
    """A centred page number in the footer of every page (a PAGE field)."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field_char(paragraph, "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph, "separate")
    paragraph.add_run("1")
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def add_centered_lines(document: DocumentObject, lines: Sequence[tuple[str, float, bool, bool]]) -> None:
    """A title block: each non-empty (text, size in pt, bold, italic) line centred, with a gap after."""
    paragraph = None
    for text, size, bold, italic in lines:
        if not text:
            continue
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = Pt(size), bold, italic
    if paragraph is not None:
        paragraph.paragraph_format.space_after = Pt(12)



# --- tables ---------------------------------------------------------------------------------------
# Tables are written as WordprocessingML text and parsed a row at a time: python-docx's row, cell
# and merge objects cost milliseconds per row, and a district run writes hundreds of reports.

TABLE_GRID_STYLE_ID = "TableGrid"  # "Table Grid" in python-docx's default template
ROTATED_HEADER_TWIPS = Mm(ROTATED_HEADER_MM).twips
LINK_GAP_TWIPS = Pt(LINK_GAP_PT).twips
_NAMESPACES = nsdecls("w", "r")
_CELL_MARGINS = (f'<w:tblCellMar><w:left w:w="{CELL_PADDING_TWIPS}" w:type="dxa"/>'
                 f'<w:right w:w="{CELL_PADDING_TWIPS}" w:type="dxa"/></w:tblCellMar>')
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')
_W_P, _W_R, _W_TR, _W_TC = qn("w:p"), qn("w:r"), qn("w:tr"), qn("w:tc")
_W_TCPR, _W_TCW, _W_GRIDSPAN, _W_VAL, _W_W = qn("w:tcPr"), qn("w:tcW"), qn("w:gridSpan"), qn("w:val"), qn("w:w")
_RUN_BREAK = re.compile(r"([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


@dataclass(frozen=True)
class ReportTable:
    """A table in the document: its `w:tbl` element, its column widths in twips and the part
    that holds its links."""
    element: BaseOxmlElement
    widths: list[int]
    part: DocumentPart


def new_table(document: DocumentObject, widths_mm: list[float], borders: bool = True) -> ReportTable:
    """An empty table, centred, with fixed column widths filling the text width."""
    widths = [Mm(width).twips for width in widths_mm]
    style = f'<w:tblStyle w:val="{TABLE_GRID_STYLE_ID}"/>' if borders else ""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    # a fixed layout: the widths hold whatever the cells contain
    element = parse_xml(
        f'<w:tbl {_NAMESPACES}><w:tblPr>{style}<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:jc w:val="center"/>'
        f'<w:tblLayout w:type="fixed"/>{_CELL_MARGINS}{_TABLE_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid></w:tbl>')
    document.element.body._insert_tbl(element)
    return ReportTable(element, widths, document.part)


def add_row(table: ReportTable, values: Sequence[CellValue], *, header: bool = False, total: bool = False,
             rotate=(), numeric_from: int | None = None, centered=(), v_align: str | None = None,
             text_style: str | None = TABLE_TEXT_STYLE_ID, space_before_pt: float | None = None,
             keep_with_next: bool = False) -> None:
    """A row that never splits across pages; header rows repeat on each page, bold, shaded and
    centred in their cells, and stay on the page of the row after them (a header never ends a
    page alone). Every cell's paragraphs are in `text_style` (None: body text) with
    `space_before_pt`, and sit at `v_align` ("bottom") in the cell; with `keep_with_next` they
    stay on the page of what follows. A row whose texts run bottom to top (`rotate`) is as
    high as its longest text needs, in lines as wide as the column."""
    height = ""
    if rotate:
        needed = max(rotated_height_mm(str(values[i]), table.widths[i]) for i in rotate if i < len(values))
        height = f'<w:trHeight w:val="{max(ROTATED_HEADER_TWIPS, Mm(needed).twips)}" w:hRule="atLeast"/>'
    xml = [f'<w:tr {_NAMESPACES}><w:trPr><w:cantSplit/>{height}{"<w:tblHeader/>" if header else ""}</w:trPr>']
    fill = HEADER_FILL if header else TOTAL_FILL if total else None
    v_align = "center" if header else v_align
    style = f'<w:pStyle w:val="{text_style}"/>' if text_style else ""
    style += "<w:keepNext/>" if keep_with_next or header else ""
    before = f' w:before="{Pt(space_before_pt).twips}"' if space_before_pt is not None else ""
    for index, (value, width) in enumerate(zip(values, table.widths)):
        # tcPr children in schema order: tcW, shd, textDirection, vAlign
        xml.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/>')
        if fill:
            xml.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>')
        if index in rotate:
            xml.append('<w:textDirection w:val="btLr"/>')
        if v_align:
            xml.append(f'<w:vAlign w:val="{v_align}"/>')
        xml.append("</w:tcPr>")
        is_number = numeric_from is not None and index >= numeric_from
        align = "center" if header or is_number or index in centered else "left"
        xml.append(_cell_text(table, value, style, before, align, header or total))
        xml.append("</w:tc>")
    xml.append("</w:tr>")
    table.element.append(parse_xml("".join(xml).encode()))  # lxml parses UTF-8 bytes faster than str


# A bold table letter is about 0.55 em wide on average (Cyrillic capitals are wider than that,
# small letters narrower); a line of table text is 1.15 em high. Both in mm at TABLE_PT.
_CHAR_MM = TABLE_PT * 0.55 * 25.4 / 72
_LINE_MM = TABLE_PT * 1.15 * 25.4 / 72
_ROTATED_PADDING_MM = 4.0


def rotated_height_mm(text: str, width_twips: int) -> float:
    """The height a text running bottom to top needs in a column `width_twips` wide: its words
    wrapped into as many lines as the column holds, each line never broken inside a word."""
    lines = max(1, int((width_twips / Mm(1).twips - 2 * CELL_PADDING_TWIPS / Mm(1).twips) // _LINE_MM))
    words = text.split() or [""]
    length = max(map(len, words))
    while _wrapped_count(words, length) > lines:
        length += 1
    return length * _CHAR_MM + _ROTATED_PADDING_MM


def _wrapped_count(words: list[str], length: int) -> int:
    """How many lines of at most `length` characters `words` take, wrapped between words."""
    count, used = 1, 0
    for word in words:
        if used and used + 1 + len(word) > length:
            count, used = count + 1, 0
        used += len(word) + (1 if used else 0)
    return count


def keep_with_next_block(document: DocumentObject) -> None:
    """The last block of the document (a paragraph, or a table's last row) kept on the page of
    what follows it."""
    body = document.element.body
    last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
    paragraphs = list(last.findall(_W_TR)[-1].iter(_W_P)) if last.tag == qn("w:tbl") else [last]
    for paragraph in paragraphs:
        Paragraph(paragraph, document).paragraph_format.keep_with_next = True


def keep_together(table: ReportTable) -> None:
    """`table` on one page: every row but the last kept on the page of the row after it (its
    rows never split, and a caption keeps with the table), for tables short enough to fit."""
    for row in table.element.findall(_W_TR)[:-1]:
        for paragraph in row.iter(_W_P):
            p_pr = paragraph.get_or_add_pPr()
            if p_pr.find(qn("w:keepNext")) is None:
                p_pr.keepNext_val = True


def merge(table: ReportTable, first: tuple[int, int], last: tuple[int, int]) -> None:
    """The cells from `first` to `last` (row, grid column) as one, showing the first cell's text;
    the others' texts are dropped (as python-docx's merge leaves them, with the moved paragraphs
    taken out again)."""
    (top, left), (bottom, right) = first, last
    rows = table.element.findall(_W_TR)
    for row_no in range(top, bottom + 1):
        cell = _cell_at(rows[row_no], left)
        span = _span(cell)
        while span < right - left + 1:
            swallowed = cell.getnext()
            span += _span(swallowed)
            swallowed.getparent().remove(swallowed)
        properties = cell.find(_W_TCPR)
        properties.find(_W_TCW).set(_W_W, str(sum(table.widths[left:left + span])))
        properties.grid_span = span
        if bottom > top:
            properties.vMerge_val = "restart" if row_no == top else "continue"
        if row_no > top and _has_text(cell):
            for block in [child for child in cell if child is not properties]:
                cell.remove(block)
            cell.append(OxmlElement("w:p"))


def _cell_at(row, column: int):
    """The `w:tc` of `row` that starts at grid `column`."""
    offset = 0
    for cell in row.iterchildren(_W_TC):
        if offset == column:
            return cell
        offset += _span(cell)
    raise IndexError(f"no cell starts at grid column {column}")


def _span(cell) -> int:
    span = cell.find(f"{_W_TCPR}/{_W_GRIDSPAN}")
    return 1 if span is None else int(span.get(_W_VAL))


def _has_text(cell) -> bool:
    blocks = [child for child in cell if child.tag != _W_TCPR]
    return len(blocks) > 1 or blocks[0].tag != _W_P or blocks[0].find(_W_R) is not None


def _cell_text(table: ReportTable, value: CellValue, style: str, space_before: str, align: str, bold: bool) -> str:
    """A cell's paragraphs: one per line of text, or its paragraphs (texts and clickable links),
    a small gap after each link that another paragraph follows."""
    lines = list(value) if isinstance(value, tuple) else str(value).split("\n")
    last = len(lines) - 1
    xml = []
    for number, line in enumerate(lines or [""]):
        gap = f' w:after="{LINK_GAP_TWIPS}"' if isinstance(line, Link) and number < last else ""
        spacing = f"<w:spacing{gap}{space_before}/>" if gap or space_before else ""
        content = _hyperlink(table, line.address) if isinstance(line, Link) else _run(line, bold) if line else ""
        xml.append(f'<w:p><w:pPr>{style}{spacing}<w:jc w:val="{align}"/></w:pPr>{content}</w:p>')
    return "".join(xml)


def _run(text: str, bold: bool) -> str:
    """A run of `text` as python-docx writes it: a tab as `w:tab`, a line break as `w:br`, and
    the spaces at either end of a piece kept."""
    xml = ["<w:r><w:rPr><w:b/></w:rPr>" if bold else "<w:r>"]
    for piece in _RUN_BREAK.split(text):
        if piece in _BREAK_XML:
            xml.append(_BREAK_XML[piece])
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            xml.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    xml.append("</w:r>")
    return "".join(xml)


def _hyperlink(table: ReportTable, link: str) -> str:
    """A blue underlined link, a real w:hyperlink to an external relationship (see
    `words.link_target`); the text shown leaves out "https://" so that it wraps at its "/" in a
    narrow column. A link no report opens is plain text."""
    target = link_target(link)
    if target is None:
        return _run(link, False)
    r_id = table.part.relate_to(target, RT.HYPERLINK, is_external=True)
    return (f'<w:hyperlink r:id="{r_id}"><w:r><w:rPr><w:color w:val="{LINK_COLOR}"/><w:u w:val="single"/>'
            f'</w:rPr><w:t xml:space="preserve">{escape(link_label(link))}</w:t></w:r></w:hyperlink>')


# --- charts ---------------------------------------------------------------------------------------

def add_rate_chart(document: DocumentObject, title: str, categories: list[str],
                   series: list[tuple[str, list[float | None]]], lang: str, height_mm: float) -> None:
    """A native bar chart of completion rates (one bar per category and series, as whole percent
    like every rate the report writes), centred in its own paragraph, the full text width wide."""
    number = 1 + sum(1 for rel in document.part.rels.values() if rel.reltype == RT.CHART)
    percents = [(name, [percent_number(r) for r in rates]) for name, rates in series]
    package = document.part.package
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CT.DML_CHART, b"", package)
    # The chart's own workbook, which Word opens for "Edit data".
    data = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"), CT.SML_SHEET,
                chart_data_workbook(categories, percents), package)
    part._blob = chart_xml(title, categories, percents, LANGUAGE_TAGS.get(lang, lang),
                           data_r_id=part.relate_to(data, RT.PACKAGE))
    r_id = document.part.relate_to(part, RT.CHART)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run()._r.append(_inline_chart(r_id, number, TEXT_WIDTH_MM, height_mm))


def _inline_chart(r_id: str, number: int, width_mm: float, height_mm: float):
    """A chart drawing in the text; every drawing of a document needs its own id (`number`)."""
    cx, cy = int(width_mm * EMU_PER_MM), int(height_mm * EMU_PER_MM)
    return parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "c", "r")}>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="Chart {number}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{r_id}"/></a:graphicData></a:graphic>'
        f'</wp:inline></w:drawing>')


def _text_props(size_pt: float, lang: str, bold: bool = False) -> str:
    font = f'<a:latin typeface="{FONT}"/><a:ea typeface="{FONT}"/><a:cs typeface="{FONT}"/>'
    b = ' b="1"' if bold else ' b="0"'
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{int(size_pt * 100)}"{b}>{font}'
            f'</a:defRPr></a:pPr><a:endParaRPr lang="{lang}"/></a:p></c:txPr>')


def _str_cache(ref: str, values: Sequence[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>'


def _num_cache(ref: str, values: Sequence[float | None]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v:g}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return (f'<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>0</c:formatCode>'
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>')


def chart_xml(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], lang: str,
              data_r_id: str | None = None) -> bytes:
    """A chart part (c:chartSpace) with horizontal bars: one bar per category and series, values
    in percent; the cached categories and values are all Word and LibreOffice need to draw it.
    `data_r_id` names the relationship to the embedded workbook holding the same values."""
    last = len(categories) + 1
    sers = []
    for index, (name, values) in enumerate(series):
        column = chr(ord("B") + index)
        sers.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f'<c:tx>{_str_cache(f"Sheet1!${column}$1", [name])}</c:tx>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{CHART_COLORS[index % len(CHART_COLORS)]}"/></a:solidFill></c:spPr>'
            f'<c:invertIfNegative val="0"/>'
            f'<c:dLbls><c:numFmt formatCode="0&quot;%&quot;" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
            f'{_text_props(9, lang)}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
            f'<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>'
            f'<c:cat>{_str_cache(f"Sheet1!$A$2:$A${last}", categories)}</c:cat>'
            f'<c:val>{_num_cache(f"Sheet1!${column}$2:${column}${last}", values)}</c:val>'
            f'</c:ser>')
    title_font = f'<a:latin typeface="{FONT}"/><a:ea typeface="{FONT}"/><a:cs typeface="{FONT}"/>'
    xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace {nsdecls("c", "a", "r")}>'
        f'<c:lang val="{lang}"/><c:roundedCorners val="0"/>'
        f'<c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1">{title_font}</a:defRPr></a:pPr>'
        f'<a:r><a:rPr lang="{lang}" sz="1200" b="1">{title_font}</a:rPr><a:t>{escape(title)}</a:t></a:r></a:p></c:rich></c:tx>'
        f'<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        f'<c:plotArea><c:layout/>'
        f'<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        f'{"".join(sers)}<c:gapWidth val="50"/><c:axId val="100001"/><c:axId val="100002"/></c:barChart>'
        # Categories top to bottom in plan order; the value axis then crosses at the last one,
        # which keeps it at the bottom.
        f'<c:catAx><c:axId val="100001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/>'
        f'<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>'
        f'<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>{_text_props(10, lang)}'
        f'<c:crossAx val="100002"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        f'<c:lblOffset val="100"/><c:tickLblSkip val="1"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="100002"/><c:scaling><c:orientation val="minMax"/><c:max val="100"/><c:min val="0"/>'
        f'</c:scaling><c:delete val="0"/><c:axPos val="b"/>'
        f'<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>'
        f'<c:numFmt formatCode="0" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_text_props(9, lang)}<c:crossAx val="100001"/><c:crosses val="max"/>'
        f'<c:crossBetween val="between"/><c:majorUnit val="20"/></c:valAx>'
        f'</c:plotArea>'
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{_text_props(10, lang)}</c:legend>'
        f'<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        f'</c:chart>'
        f'<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_text_props(10, lang)}'
        + (f'<c:externalData r:id="{data_r_id}"><c:autoUpdate val="0"/></c:externalData>' if data_r_id else '')
        + '</c:chartSpace>')
    return xml.encode("utf-8")
