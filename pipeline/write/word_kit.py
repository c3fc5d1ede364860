"""The Word kit: page set-up, styles, paragraphs, tables, links, native charts and document
properties of the Word reports, and the comments on a user's own document. The only module that
touches python-docx and WordprocessingML; the documents (plan report, district summary) are
built from its pieces.

A report is written as WordprocessingML text into python-docx's template package (its styles,
theme, settings and fonts), which is read from the installed python-docx once per process
without importing python-docx: its object layer costs more than the report, and a run that
writes reports need not load it. Only the comments on a user's document go through python-docx
(imported when a marked copy is written).

A4 portrait, Times New Roman, the margins of official documents (DOMAIN.md), tables whose header
rows repeat on every page, clickable links and native bar charts."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from lxml import etree

from pipeline.write.atomic import atomic_path
from pipeline.write.excel_kit import chart_data_workbook
from pipeline.write.words import link_label, link_target, percent_number
from pipeline.write.xml_text import xml_attribute, xml_escaped, xml_safe_values
from pipeline.write.zipped import Member, deflated, members_of, zip_bytes

FONT = "Times New Roman"
BODY_PT = 12
TITLE_PT = 14
TABLE_PT = 10
PAGE_MM = (210, 297)
MARGINS_MM = {"left": 30, "right": 15, "top": 20, "bottom": 20}
HEADER_FOOTER_MM = 10           # from the page's edge
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
BODY_STYLE_ID = "ReportBody"
CAPTION_STYLE_ID = "ReportCaption"
TABLE_TEXT_STYLE_ID = "ReportTableText"
NOTE_STYLE_ID = "ReportNote"
HEADING_STYLE_IDS = {1: "Heading1", 2: "Heading2"}  # "Heading 1", "Heading 2" of python-docx's template
TABLE_GRID_STYLE_ID = "TableGrid"                   # "Table Grid" of the same
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_MM = 36000

_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": CHART_URI,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
_W = "{%s}" % _NAMESPACES["w"]
_W_P, _W_T, _W_TBL, _W_TR, _W_TC = (f"{_W}{tag}" for tag in ("p", "t", "tbl", "tr", "tc"))
_W_VAL = f"{_W}val"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _declare(*prefixes: str) -> str:
    """The namespace declarations of `prefixes`, for the root of an XML part."""
    return " ".join(f'xmlns:{prefix}="{_NAMESPACES[prefix]}"' for prefix in prefixes)


def _mm_twips(mm: float) -> int:
    """`mm` in twentieths of a point, rounded as python-docx rounds `Mm(mm).twips`."""
    return round(int(mm * EMU_PER_MM) / 635)


def _pt_twips(pt: float) -> int:
    return round(int(pt * 12700) / 635)


@dataclass(frozen=True)
class Link:
    """A clickable paragraph of a cell: the link as written (see `words.link_target`)."""
    address: str


# A cell holds text (lines split at "\n"), or paragraphs: each a text or a clickable link.
Paragraphs = tuple["str | Link", ...]
CellValue = str | Paragraphs


# --- the package -----------------------------------------------------------------------------------
# python-docx's template gives every part a report does not write itself (theme, settings, fonts,
# numbering, its thumbnail and extended properties); a report writes its text, the relationships
# of its text, its styles (the template's, with the report's fonts and paragraph styles), its
# footer, its charts and its file properties.

_CONTENT_TYPES_PART, _CORE_PART = "[Content_Types].xml", "docProps/core.xml"
_MAIN_PART, _MAIN_RELATIONSHIPS = "word/document.xml", "word/_rels/document.xml.rels"
_STYLES_PART, _FOOTER_PART = "word/styles.xml", "word/footer1.xml"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_FOOTER_RELATIONSHIP, _CHART_RELATIONSHIP, _LINK_RELATIONSHIP, _PACKAGE_RELATIONSHIP = (
    f"{_NAMESPACES['r']}/{kind}" for kind in ("footer", "chart", "hyperlink", "package"))
_FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_CHART_DATA_ID = "rId1"         # a chart's relationship to its workbook, its only one
# The root of the main part and of the footer declares the namespaces python-docx's template does.
_WORD_ROOT_NAMESPACES = (
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:mo="http://schemas.microsoft.com/office/mac/office/2008/main" xmlns:mv="urn:schemas-microsoft-com:mac:vml" '
    f'xmlns:o="urn:schemas-microsoft-com:office:office" {_declare("r")} xmlns:v="urn:schemas-microsoft-com:vml" '
    f'{_declare("w")} xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    f'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" {_declare("wp")} '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 wp14"')
_CORE_NAMESPACES = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')


@dataclass(frozen=True)
class _Relationship:
    r_id: str
    kind: str
    target: str
    external: bool = False

    def xml(self) -> str:
        mode = ' TargetMode="External"' if self.external else ""
        return f'<Relationship Id="{self.r_id}" Type="{self.kind}" Target="{xml_attribute(self.target)}"{mode}/>'


def _relationships_xml(relationships: Sequence[_Relationship]) -> bytes:
    items = "".join(relationship.xml() for relationship in relationships)
    return f'{_XML_DECLARATION}<Relationships xmlns="{_PACKAGE_RELATIONSHIPS}">{items}</Relationships>'.encode()


@dataclass(frozen=True)
class _Template:
    """python-docx's default document: its members by name in its order (as stored: those a
    report takes as they are are never decompressed), the content types it declares, the
    relationships of its main part and its styles."""
    members: dict[str, Member]
    defaults: dict[str, str]
    overrides: dict[str, str]
    relationships: tuple[_Relationship, ...]
    styles: bytes


def _template_path() -> Path:
    """python-docx's default document, found without importing python-docx."""
    spec = importlib.util.find_spec("docx")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("python-docx is not installed", name="docx")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / "default.docx"


@functools.cache
def _template() -> _Template:
    # dated as the report is, not as python-docx's template was
    members = {m.name: dataclasses.replace(m, date_time=None) for m in members_of(_template_path().read_bytes())}
    types = etree.fromstring(members[_CONTENT_TYPES_PART].data())
    relationships = etree.fromstring(members[_MAIN_RELATIONSHIPS].data())
    return _Template(
        members=members,
        defaults={d.get("Extension"): d.get("ContentType") for d in types.iter(f"{{{_CONTENT_TYPES}}}Default")},
        overrides={o.get("PartName"): o.get("ContentType") for o in types.iter(f"{{{_CONTENT_TYPES}}}Override")},
        relationships=tuple(_Relationship(r.get("Id"), r.get("Type"), r.get("Target"), r.get("TargetMode") == "External")
                            for r in relationships.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship")),
        styles=members[_STYLES_PART].data())


class Document:
    """A Word report being written: the blocks of its body (paragraphs and tables, in order), the
    relationships of its text (footer, charts, links), its charts and its file properties."""

    def __init__(self, lang: str, properties: bytes, created: dt.datetime) -> None:
        self.lang = lang
        self.blocks: list[_Paragraph | ReportTable] = []
        self._properties = properties
        self._created = created
        self._relationships = list(_template().relationships)
        self._ids = {relationship.r_id for relationship in self._relationships}
        self._links: dict[str, str] = {}
        self._charts: list[Member] = []         # each chart's part, its relationships and its workbook
        self._chart_count = 0
        self._footer_id = self._relate(_FOOTER_RELATIONSHIP, _FOOTER_PART.removeprefix("word/"))

    def _relate(self, kind: str, target: str, external: bool = False) -> str:
        """The id of a new relationship of the text to `target`: the first "rId<n>" not taken,
        as python-docx numbers them."""
        number = 1
        while f"rId{number}" in self._ids:
            number += 1
        r_id = f"rId{number}"
        self._ids.add(r_id)
        self._relationships.append(_Relationship(r_id, kind, target, external))
        return r_id

    def link_id(self, target: str) -> str:
        """The id of the relationship to the web address `target`: one for each address."""
        if target not in self._links:
            self._links[target] = self._relate(_LINK_RELATIONSHIP, target, external=True)
        return self._links[target]

    def add_chart(self, chart: bytes, workbook: bytes) -> tuple[int, str]:
        """A chart part and the workbook it names as its data; the chart's number and the id of
        the text's relationship to it."""
        self._chart_count += 1
        number = self._chart_count
        name = f"chart{number}.xml"
        data = _Relationship(_CHART_DATA_ID, _PACKAGE_RELATIONSHIP, f"../embeddings/Microsoft_Excel_Worksheet{number}.xlsx")
        self._charts += [deflated(f"word/charts/{name}", chart),
                         deflated(f"word/charts/_rels/{name}.rels", _relationships_xml([data])),
                         deflated(f"word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx", workbook)]
        return number, self._relate(_CHART_RELATIONSHIP, f"charts/{name}")

    def save(self, path: str) -> None:
        """The document written to `path`."""
        Path(path).write_bytes(self.package())

    def package(self) -> bytes:
        """The document as a .docx file: the template's members, with the report's own."""
        own = {
            _CONTENT_TYPES_PART: deflated(_CONTENT_TYPES_PART, self._content_types()),
            _CORE_PART: deflated(_CORE_PART, self._properties),
            _MAIN_PART: deflated(_MAIN_PART, self._main_xml()),
            _MAIN_RELATIONSHIPS: deflated(_MAIN_RELATIONSHIPS, _relationships_xml(self._relationships)),
            _STYLES_PART: _styles(self.lang),
        }
        members = [own.get(name, member) for name, member in _template().members.items()]
        return zip_bytes([*members, _footer(), *self._charts], self._created)

    def _content_types(self) -> bytes:
        """The template's content types and those of the footer and charts, sorted as python-docx sorts them."""
        template = _template()
        defaults = template.defaults | ({"xlsx": _WORKBOOK_TYPE} if self._chart_count else {})
        overrides = template.overrides | {f"/{_FOOTER_PART}": _FOOTER_TYPE}
        overrides |= {f"/word/charts/chart{number}.xml": _CHART_TYPE for number in range(1, self._chart_count + 1)}
        items = [f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in sorted(defaults.items())]
        items += [f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in sorted(overrides.items())]
        return f'{_XML_DECLARATION}<Types xmlns="{_CONTENT_TYPES}">{"".join(items)}</Types>'.encode()

    def _main_xml(self) -> bytes:
        body = "".join(block.xml() for block in self.blocks)
        return (f'{_XML_DECLARATION}<w:document {_WORD_ROOT_NAMESPACES}><w:body>{body}'
                f'{_section_xml(self._footer_id)}</w:body></w:document>').encode()


def new_document(lang: str, *, title: str, subject: str, author: str, as_of: dt.date) -> Document:
    """An empty report in `lang` (A4 page, the report's styles, page numbers) with the file
    properties a reader sees in Word; fixed timestamps keep the output reproducible."""
    created = dt.datetime.combine(as_of, dt.time())
    return Document(lang, _core_xml(title, subject, author, _language(lang), created), created)


def save(document: Document, target: Path) -> Path:
    """`document` written to `target`, whole or not at all
    (an existing file is replaced only once the new one is complete)."""
    with atomic_path(target) as tmp:
        document.save(str(tmp))
    return target


def _core_xml(title: str, subject: str, author: str, language: str, created: dt.datetime) -> bytes:
    """The file properties, in python-docx's order: the author also modified the file last."""
    when = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f'{_XML_DECLARATION}<cp:coreProperties {_CORE_NAMESPACES}>'
            f'<dc:title>{xml_escaped(title)}</dc:title><dc:subject>{xml_escaped(subject)}</dc:subject>'
            f'<dc:creator>{xml_escaped(author)}</dc:creator><cp:keywords/><dc:description/>'
            f'<cp:lastModifiedBy>{xml_escaped(author)}</cp:lastModifiedBy><cp:revision>1</cp:revision>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
            f'<cp:category/><dc:language>{xml_escaped(language)}</dc:language></cp:coreProperties>').encode()


def _language(lang: str) -> str:
    return LANGUAGE_TAGS.get(lang, lang)


# --- text a document can hold ---------------------------------------------------------------------

def xml_safe_frame(data: pd.DataFrame) -> pd.DataFrame:
    """`data` with the characters XML cannot carry removed from its texts (they come from the
    users' files); `data` itself when it has none."""
    unsafe = {column: cleaned for column, values in data.items()
              if (pd.api.types.is_string_dtype(values) or values.dtype == object)
              and (cleaned := xml_safe_values(values.tolist())) is not None}
    if not unsafe:
        return data
    data = data.copy()
    for column, cleaned in unsafe.items():
        data[column] = pd.Series(cleaned, index=data.index, dtype=data[column].dtype)
    return data


# --- page and styles ------------------------------------------------------------------------------

def _section_xml(footer_id: str) -> str:
    """A4 portrait with the official margins, the footer (page numbers) on every page; the
    section's revision ids and columns as python-docx's template has them."""
    width, height = (_mm_twips(mm) for mm in PAGE_MM)
    top, right, bottom, left = (_mm_twips(MARGINS_MM[side]) for side in ("top", "right", "bottom", "left"))
    edge = _mm_twips(HEADER_FOOTER_MM)
    return (f'<w:sectPr w:rsidR="00FC693F" w:rsidRPr="0006063C" w:rsidSect="00034616">'
            f'<w:footerReference w:type="default" r:id="{footer_id}"/><w:pgSz w:w="{width}" w:h="{height}"/>'
            f'<w:pgMar w:top="{top}" w:right="{right}" w:bottom="{bottom}" w:left="{left}" w:header="{edge}" '
            f'w:footer="{edge}" w:gutter="0"/><w:cols w:space="720"/><w:docGrid w:linePitch="360"/></w:sectPr>')


@functools.cache
def _footer() -> Member:
    """A centred page number (a PAGE field) in the footer style of the template."""
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    xml = (f'{_XML_DECLARATION}<w:ftr {_WORD_ROOT_NAMESPACES}><w:p><w:pPr><w:pStyle w:val="Footer"/>'
           f'<w:jc w:val="center"/></w:pPr>{field}</w:p></w:ftr>')
    return deflated(_FOOTER_PART, xml.encode())


# Times New Roman for every script slot, so that Cyrillic (which Word may treat as East Asian or
# complex script text) never falls back to a theme font.
_FONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
_SINGLE_LINES = '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'


def _size(pt: float, complex_script: bool = True) -> str:
    """A font size (and the same for complex script text)."""
    half_points = round(pt * 2)
    return f'<w:sz w:val="{half_points}"/>' + (f'<w:szCs w:val="{half_points}"/>' if complex_script else "")


def _spacing(before_pt: float | None = None, after_pt: float | None = None, line: float | None = None) -> str:
    """Space above and below a paragraph, and its line height in lines."""
    before = "" if before_pt is None else f' w:before="{_pt_twips(before_pt)}"'
    after = "" if after_pt is None else f' w:after="{_pt_twips(after_pt)}"'
    height = "" if line is None else f' w:line="{round(line * 240)}" w:lineRule="auto"'
    return f"<w:spacing{before}{after}{height}/>"


def _document_defaults(lang: str) -> str:
    """Body text in the report's language (East Asian and right-to-left text in the template's),
    single lines, no space after a paragraph."""
    return (f'<w:docDefaults><w:rPrDefault><w:rPr>{_FONTS}{_size(BODY_PT)}<w:lang w:val="{_language(lang)}" '
            f'w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
            f'<w:pPrDefault><w:pPr>{_SINGLE_LINES}</w:pPr></w:pPrDefault></w:docDefaults>')


def _heading_properties(size_pt: float, before_pt: float, level: int) -> str:
    """A heading: bold, upright and black, on the page of what follows it."""
    return (f'<w:pPr><w:keepNext/><w:keepLines/>{_spacing(before_pt, 6)}<w:outlineLvl w:val="{level}"/></w:pPr>'
            f'<w:rPr>{_FONTS}<w:b/><w:bCs/><w:i w:val="0"/><w:color w:val="000000"/>{_size(size_pt)}</w:rPr>')


def _template_style_properties(lang: str) -> dict[str, str]:
    """The paragraph and run properties the report gives the template's styles it uses, by style id."""
    normal = f'<w:pPr>{_SINGLE_LINES}</w:pPr><w:rPr>{_FONTS}{_size(BODY_PT)}<w:lang w:val="{_language(lang)}"/></w:rPr>'
    return {"Normal": normal, HEADING_STYLE_IDS[1]: _heading_properties(TITLE_PT - 1, 12, 0),
            HEADING_STYLE_IDS[2]: _heading_properties(BODY_PT, 10, 1)}


def _paragraph_style(style_id: str, name: str, paragraph: str, run: str = "") -> str:
    """A paragraph style of the report's own, based on Normal."""
    run_properties = f"<w:rPr>{run}</w:rPr>" if run else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:pPr>{paragraph}</w:pPr>{run_properties}</w:style>')


_REPORT_STYLES = "".join([
    _paragraph_style(TABLE_TEXT_STYLE_ID, "Report Table Text", _spacing(after_pt=0), _size(TABLE_PT, False)),
    _paragraph_style(CAPTION_STYLE_ID, "Report Caption", f"<w:keepNext/>{_spacing(10, 4)}", "<w:b/>"),
    _paragraph_style(NOTE_STYLE_ID, "Report Note", _spacing(3, 6), f"<w:i/>{_size(TABLE_PT, False)}"),
    _paragraph_style(BODY_STYLE_ID, "Report Body", f'{_spacing(after_pt=3, line=1.15)}'
                     f'<w:ind w:firstLine="{_mm_twips(FIRST_LINE_INDENT_MM)}"/><w:jc w:val="both"/>'),
])


def _elements(xml: str) -> list:
    """The elements of a WordprocessingML fragment."""
    return list(etree.fromstring(f'<w:fragment {_declare("w")}>{xml}</w:fragment>'))


@functools.cache
def _styles(lang: str) -> Member:
    """The template's styles with the report's defaults, its fonts in Normal and the headings, and
    its own paragraph styles after the others; made once per language."""
    root = etree.fromstring(_template().styles, etree.XMLParser(remove_blank_text=True))
    root.replace(root.find(f"{_W}docDefaults"), _elements(_document_defaults(lang))[0])
    for style_id, properties in _template_style_properties(lang).items():
        style = root.xpath("w:style[@w:styleId=$id]", namespaces=_NAMESPACES, id=style_id)[0]
        for old in [*style.iterchildren(f"{_W}pPr", f"{_W}rPr")]:
            style.remove(old)
        style.extend(_elements(properties))
    root.extend(_elements(_REPORT_STYLES))
    return deflated(_STYLES_PART, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# --- paragraphs -------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Paragraph:
    """A paragraph of the body: its style id, whether it stays on the page of what follows, its
    other properties (spacing, indent, alignment, in schema order) and its runs."""
    style: str = ""
    keep_next: bool = False
    properties: str = ""
    content: str = ""

    def xml(self) -> str:
        style = f'<w:pStyle w:val="{self.style}"/>' if self.style else ""
        properties = style + ("<w:keepNext/>" if self.keep_next else "") + self.properties
        return f"<w:p><w:pPr>{properties}</w:pPr>{self.content}</w:p>" if properties else f"<w:p>{self.content}</w:p>"


def add_paragraph(document: Document, text: str, style_id: str, space_before_pt: float | None = None) -> None:
    """A paragraph of `text` in the style with id `style_id`, at the end of the document (with
    `space_before_pt` above it instead of the style's)."""
    spacing = "" if space_before_pt is None else _spacing(space_before_pt)
    document.blocks.append(_Paragraph(style_id, properties=spacing, content=_run(text) if text else ""))


def add_spacer(document: Document, height_pt: float, keep_with_next: bool = False) -> None:
    """An empty paragraph `height_pt` high, before a block that should stand apart (and, with
    `keep_with_next`, on its page)."""
    document.blocks.append(_Paragraph(keep_next=keep_with_next, properties=_spacing(height_pt)))


def add_heading(document: Document, text: str, level: int) -> None:
    """A heading of `level` 1 or 2."""
    add_paragraph(document, text, HEADING_STYLE_IDS[level])


def add_centered_lines(document: Document, lines: Sequence[tuple[str, float, bool, bool]]) -> None:
    """A title block: each non-empty (text, size in pt, bold, italic) line centred, with a gap after."""
    shown = [line for line in lines if line[0]]
    for number, (text, size, bold, italic) in enumerate(shown, start=1):
        run = ("<w:b/>" if bold else '<w:b w:val="0"/>') + ("<w:i/>" if italic else '<w:i w:val="0"/>') + _size(size, False)
        after = 12 if number == len(shown) else 2
        document.blocks.append(_Paragraph(properties=f'{_spacing(after_pt=after)}<w:jc w:val="center"/>',
                                          content=_run(text, run)))


_RUN_BREAK = re.compile(r"([\t\r\n])")
_BREAK_XML = {"\t": "<w:tab/>", "\r": "<w:br/>", "\n": "<w:br/>"}


def _run(text: str, properties: str = "") -> str:
    """A run of `text` (with run `properties`) as python-docx writes it: a tab as `w:tab`, a line
    break as `w:br`, and the spaces at either end of a piece kept."""
    start = f"<w:r><w:rPr>{properties}</w:rPr>" if properties else "<w:r>"
    if text and "\t" not in text and "\n" not in text and "\r" not in text:  # most texts: one piece
        keep = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
        return f"{start}<w:t{keep}>{xml_escaped(text)}</w:t></w:r>"
    xml = [start]
    for piece in _RUN_BREAK.split(text):
        if piece in _BREAK_XML:
            xml.append(_BREAK_XML[piece])
        elif piece:
            keep = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            xml.append(f"<w:t{keep}>{xml_escaped(piece)}</w:t>")
    xml.append("</w:r>")
    return "".join(xml)


def _hyperlink(document: Document, link: str) -> str:
    """A blue underlined link, a real w:hyperlink to an external relationship (see
    `words.link_target`); the text shown leaves out "https://" so that it wraps at its "/" in a
    narrow column. A link no report opens is plain text."""
    target = link_target(link)
    if target is None:
        return _run(link)
    return (f'<w:hyperlink r:id="{document.link_id(target)}"><w:r><w:rPr><w:color w:val="{LINK_COLOR}"/>'
            f'<w:u w:val="single"/></w:rPr><w:t xml:space="preserve">{xml_escaped(link_label(link))}</w:t></w:r></w:hyperlink>')


def keep_with_next_block(document: Document) -> None:
    """The last block of the document (a paragraph, or a table's last row) kept on the page of
    what follows it."""
    last = document.blocks[-1]
    if isinstance(last, ReportTable):
        last.rows[-1].kept = True
    else:
        last.keep_next = True


# --- tables ---------------------------------------------------------------------------------------
# A table keeps its rows and cells until the document is written: merging cells and keeping rows
# together change rows written before.

ROTATED_HEADER_TWIPS = _mm_twips(ROTATED_HEADER_MM)
LINK_GAP_TWIPS = _pt_twips(LINK_GAP_PT)
_CELL_MARGINS = (f'<w:tblCellMar><w:left w:w="{CELL_PADDING_TWIPS}" w:type="dxa"/>'
                 f'<w:right w:w="{CELL_PADDING_TWIPS}" w:type="dxa"/></w:tblCellMar>')
_TABLE_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
               'w:noVBand="1" w:val="04A0"/>')


@dataclass(slots=True)
class _Cell:
    """A cell: its width in twips, the grid columns it spans, its part in a vertical merge
    ("restart", "continue" or None), its look (shading, text direction, vertical alignment, as
    XML), and its paragraphs, each without the start its row gives it (None: the bare paragraph of
    a merged cell whose text was dropped); `empty` when it is one paragraph without text."""
    width: int
    look: str
    paragraphs: list[str] | None
    empty: bool
    span: int = 1
    merge: str | None = None

    def xml(self, start: str, kept: bool) -> str:
        # tcPr children in schema order: tcW, gridSpan, vMerge, then the look: shd, textDirection, vAlign
        span = f'<w:gridSpan w:val="{self.span}"/>' if self.span > 1 else ""
        merge = "" if self.merge is None else '<w:vMerge w:val="restart"/>' if self.merge == "restart" else "<w:vMerge/>"
        if self.paragraphs is None:
            text = "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>" if kept else "<w:p/>"
        else:
            text = start + start.join(self.paragraphs)
        return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.width}"/>{span}{merge}{self.look}</w:tcPr>{text}</w:tc>'


@dataclass(slots=True)
class _Row:
    """A row: its properties, the style of its paragraphs, whether they stay on the page of what
    follows as added (`keep_next`) and since (`kept`: the row kept with the next), its cells."""
    properties: str
    style: str
    keep_next: bool
    cells: list[_Cell]
    kept: bool = False

    def xml(self) -> str:
        keep = "<w:keepNext/>" if self.keep_next or self.kept else ""
        start = f"<w:p><w:pPr>{self.style}{keep}"
        cells = "".join([cell.xml(start, self.kept) for cell in self.cells])
        return f"<w:tr>{self.properties}{cells}</w:tr>"


@dataclass
class ReportTable:
    """A table in the document: its properties and grid, its column widths in twips and its
    rows; links in its cells are relationships of `document`."""
    document: Document
    start: str
    widths: list[int]
    rows: list[_Row] = field(default_factory=list)

    def xml(self) -> str:
        return f"<w:tbl>{self.start}{''.join([row.xml() for row in self.rows])}</w:tbl>"


def new_table(document: Document, widths_mm: list[float], borders: bool = True) -> ReportTable:
    """An empty table, centred, with fixed column widths filling the text width."""
    widths = [_mm_twips(width) for width in widths_mm]
    style = f'<w:tblStyle w:val="{TABLE_GRID_STYLE_ID}"/>' if borders else ""
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    # a fixed layout: the widths hold whatever the cells contain
    start = (f'<w:tblPr>{style}<w:tblW w:type="dxa" w:w="{sum(widths)}"/><w:jc w:val="center"/>'
             f'<w:tblLayout w:type="fixed"/>{_CELL_MARGINS}{_TABLE_LOOK}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>')
    table = ReportTable(document, start, widths)
    document.blocks.append(table)
    return table


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
        height = f'<w:trHeight w:val="{max(ROTATED_HEADER_TWIPS, _mm_twips(needed))}" w:hRule="atLeast"/>'
    properties = f'<w:trPr><w:cantSplit/>{height}{"<w:tblHeader/>" if header else ""}</w:trPr>'
    fill = HEADER_FILL if header else TOTAL_FILL if total else None
    v_align = "center" if header else v_align
    look = (f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else "",
            f'<w:vAlign w:val="{v_align}"/>' if v_align else "")
    style = f'<w:pStyle w:val="{text_style}"/>' if text_style else ""
    before = f' w:before="{_pt_twips(space_before_pt)}"' if space_before_pt is not None else ""
    bold = "<w:b/>" if header or total else ""
    cells = []
    for index, (value, width) in enumerate(zip(values, table.widths)):
        is_number = numeric_from is not None and index >= numeric_from
        align = "center" if header or is_number or index in centered else "left"
        direction = '<w:textDirection w:val="btLr"/>' if index in rotate else ""
        if isinstance(value, tuple):
            paragraphs = _cell_paragraphs(table.document, value, before, align, bold)
            empty = len(value) <= 1 and not (value and value[0])
        else:
            text = str(value)
            paragraphs, empty = _text_paragraphs(text, before, align, bold), not text
        cells.append(_Cell(width, f"{look[0]}{direction}{look[1]}", paragraphs, empty))
    table.rows.append(_Row(properties, style, keep_with_next or header, cells))


def _text_paragraphs(text: str, space_before: str, align: str, bold: str) -> list[str]:
    """A cell's text as paragraphs after their style, one a line."""
    spacing = f"<w:spacing{space_before}/>" if space_before else ""
    end = f'{spacing}<w:jc w:val="{align}"/></w:pPr>'
    return [f"{end}{_run(line, bold)}</w:p>" if line else f"{end}</w:p>" for line in text.split("\n")]


def _cell_paragraphs(document: Document, lines: Paragraphs, space_before: str, align: str, bold: str) -> list[str]:
    """A cell's paragraphs after their style: one per text or link, a small gap after each link
    that another paragraph follows."""
    last = len(lines) - 1
    paragraphs = []
    for number, line in enumerate(lines or ("",)):
        gap = f' w:after="{LINK_GAP_TWIPS}"' if isinstance(line, Link) and number < last else ""
        spacing = f"<w:spacing{gap}{space_before}/>" if gap or space_before else ""
        content = _hyperlink(document, line.address) if isinstance(line, Link) else _run(line, bold) if line else ""
        paragraphs.append(f'{spacing}<w:jc w:val="{align}"/></w:pPr>{content}</w:p>')
    return paragraphs


# A bold table letter is about 0.55 em wide on average (Cyrillic capitals are wider than that,
# small letters narrower); a line of table text is 1.15 em high. Both in mm at TABLE_PT.
_CHAR_MM = TABLE_PT * 0.55 * 25.4 / 72
_LINE_MM = TABLE_PT * 1.15 * 25.4 / 72
_ROTATED_PADDING_MM = 4.0


def rotated_height_mm(text: str, width_twips: int) -> float:
    """The height a text running bottom to top needs in a column `width_twips` wide: its words
    wrapped into as many lines as the column holds, each line never broken inside a word."""
    lines = max(1, int((width_twips / _mm_twips(1) - 2 * CELL_PADDING_TWIPS / _mm_twips(1)) // _LINE_MM))
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


def keep_together(table: ReportTable) -> None:
    """`table` on one page: every row but the last kept on the page of the row after it (its
    rows never split, and a caption keeps with the table), for tables short enough to fit."""
    for row in table.rows[:-1]:
        row.kept = True


def merge(table: ReportTable, first: tuple[int, int], last: tuple[int, int]) -> None:
    """The cells from `first` to `last` (row, grid column) as one, showing the first cell's text;
    the others' texts are dropped (as python-docx's merge leaves them, with the moved paragraphs
    taken out again)."""
    (top, left), (bottom, right) = first, last
    for row_no in range(top, bottom + 1):
        cells = table.rows[row_no].cells
        index = _cell_index(cells, left)
        cell = cells[index]
        while cell.span < right - left + 1:
            cell.span += cells.pop(index + 1).span
        cell.width = sum(table.widths[left:left + cell.span])
        if bottom > top:
            cell.merge = "restart" if row_no == top else "continue"
        if row_no > top and not cell.empty:
            cell.paragraphs, cell.empty = None, True


def _cell_index(cells: list[_Cell], column: int) -> int:
    """The index of the cell that starts at grid `column`."""
    offset = 0
    for index, cell in enumerate(cells):
        if offset == column:
            return index
        offset += cell.span
    raise IndexError(f"no cell starts at grid column {column}")


# --- charts ---------------------------------------------------------------------------------------

def add_rate_chart(document: Document, title: str, categories: list[str],
                   series: list[tuple[str, list[float | None]]], lang: str, height_mm: float) -> None:
    """A native bar chart of completion rates (one bar per category and series, as whole percent
    like every rate the report writes), centred in its own paragraph, the full text width wide,
    with its own workbook, which Word opens for "Edit data"."""
    percents = [(name, [percent_number(r) for r in rates]) for name, rates in series]
    chart = chart_xml(title, categories, percents, _language(lang), data_r_id=_CHART_DATA_ID)
    number, r_id = document.add_chart(chart, chart_data_workbook(categories, percents))
    document.blocks.append(_Paragraph(properties=f'{_spacing(after_pt=6)}<w:jc w:val="center"/>',
                                      content=f"<w:r>{_inline_chart(r_id, number, TEXT_WIDTH_MM, height_mm)}</w:r>"))


def _inline_chart(r_id: str, number: int, width_mm: float, height_mm: float) -> str:
    """A chart drawing in the text; every drawing of a document needs its own id (`number`)."""
    cx, cy = int(width_mm * EMU_PER_MM), int(height_mm * EMU_PER_MM)
    return (f'<w:drawing {_declare("a", "c")}>'
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
    points = "".join(f'<c:pt idx="{i}"><c:v>{xml_escaped(v)}</c:v></c:pt>' for i, v in enumerate(values))
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
        f'<c:chartSpace {_declare("c", "a", "r")}>'
        f'<c:lang val="{lang}"/><c:roundedCorners val="0"/>'
        f'<c:chart>'
        f'<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1200" b="1">{title_font}</a:defRPr></a:pPr>'
        f'<a:r><a:rPr lang="{lang}" sz="1200" b="1">{title_font}</a:rPr><a:t>{xml_escaped(title)}</a:t></a:r></a:p></c:rich></c:tx>'
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
