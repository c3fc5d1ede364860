"""An .xlsx workbook written as its XML parts directly, in memory, and zipped once: sheets of
cells (inline text, numbers, dates) in cell looks, column widths, row heights, a frozen header,
a filter, print set-up, page breaks, hyperlinks and bar charts anchored at one cell, and the
document properties. A library's object layer costs more per cell than the report takes to
write; the parts are laid out as openpyxl laid out the reports' parts before."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from pipeline.base.vocab import DATA_DIR
from pipeline.write.xml_text import xml_attribute, xml_escaped
from pipeline.write.zipped import Member, deflated, zip_bytes

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
_DRAWINGML = "http://schemas.openxmlformats.org/drawingml/2006/main"
_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_OFFICE_CT = "application/vnd.openxmlformats-officedocument"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_EMU_PER_CM = 360000
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_SECONDS_PER_DAY = 86400
# Excel's own number formats by code; any other gets an id from 164 on.
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "0%": 9, "0.00%": 10}
_FIRST_CUSTOM_FORMAT = 164
_LAST_COLUMN = 16383
_DEFAULT_FONT = ('<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
                 '<scheme val="minor"/></font>')


@dataclass(frozen=True)
class Font:
    """A cell's font: Calibri of `size` points, bold or not, in a colour ("0563C1") or underlined."""
    size: float = 11
    bold: bool = False
    colour: str | None = None
    underline: bool = False


@dataclass(frozen=True)
class Alignment:
    """Where a cell's text sits ("center", "top"...) and whether it wraps."""
    horizontal: str | None = None
    vertical: str | None = None
    wrap: bool = False


@dataclass(frozen=True)
class Look:
    """How a cell looks: its font (None: the workbook's default, Calibri 11), solid fill colour,
    thin border colour on all four sides, alignment and number format."""
    font: Font | None = None
    fill: str | None = None
    border: str | None = None
    alignment: Alignment | None = None
    number_format: str | None = None


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars of one series: its name's cell, categories' and values' cells (references
    such as "'Жиынтық'!$F$11:$F$18"), the rows top-down, values 0 to 1 in `number_format`, each
    labelled with its value; `width_cm` by `height_cm`."""
    title: str
    name_ref: str
    categories_ref: str
    values_ref: str
    number_format: str
    colour: str
    gap: int
    width_cm: float
    height_cm: float


def column_letter(col: int) -> str:
    """The letters of column `col` (1 is "A")."""
    return _COLUMN_LETTERS[col] if col < _LETTERED else _letters(col)


def _letters(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# The letters of columns A to ZZ, computed once.
_LETTERED = 703
_COLUMN_LETTERS = [""] + [_letters(col) for col in range(1, _LETTERED)]


def _text(text: str) -> str:
    """`text` as XML element text, its carriage returns kept (`_returns_kept`)."""
    return _returns_kept(xml_escaped(text))


def _inline_text(text: str) -> str:
    """A cell's text element; spaces at either end are kept (unless there is nothing else)."""
    if text and (text[0].isspace() or text[-1].isspace()) and not text.isspace():
        return f'<t xml:space="preserve">{_text(text)}</t>'
    return f"<t>{_text(text)}</t>"


def _attribute(text: str) -> str:
    """`text` as an XML attribute value, its carriage returns kept (`_returns_kept`)."""
    return _returns_kept(xml_attribute(text))


def _returns_kept(xml: str) -> str:
    """Escaped text with each carriage return as `&#13;`, as openpyxl's lxml writes it: a literal
    one would be read back as a line feed (XML's end-of-line rule)."""
    return xml.replace("\r", "&#13;") if "\r" in xml else xml


def _number(value) -> str:
    """A number as a cell holds it: 16 significant digits."""
    return f"{value:.16g}"


def quoted_sheet(name: str) -> str:
    """A sheet's name as a reference writes it: "'Жиынтық'"."""
    return "'" + name.replace("'", "''") + "'"


class Workbook:
    """A workbook being written: its sheets in order, the looks of its cells (each an index into
    its style sheet) and its properties."""

    def __init__(self, title: str | None = None, creator: str | None = None):
        self.title = title
        self.creator = creator
        self.sheets: list[Worksheet] = []
        self._styles: dict[Look, int] = {Look(): 0}

    def add_sheet(self, name: str) -> Worksheet:
        """A new sheet called `name`, after the others."""
        sheet = Worksheet(name, len(self.sheets))
        self.sheets.append(sheet)
        return sheet

    def style(self, look: Look) -> int:
        """The style index of `look` (0, the default, for a plain `Look()`), numbered as first asked for."""
        index = self._styles.get(look)
        if index is None:
            index = self._styles[look] = len(self._styles)
        return index

    def to_bytes(self) -> bytes:
        """The workbook as the bytes of its .xlsx file."""
        charts = [chart for sheet in self.sheets for chart, _, _ in sheet.charts]
        drawings = [sheet for sheet in self.sheets if sheet.charts]
        parts: dict[str, str | Member] = {
            "[Content_Types].xml": _content_types(len(self.sheets), len(drawings), len(charts)),
            "_rels/.rels": _relationships([("officeDocument", "xl/workbook.xml"),
                                           ("core", "docProps/core.xml"), ("app", "docProps/app.xml")]),
            "docProps/app.xml": _APP_XML,
            "docProps/core.xml": _core_xml(self.title, self.creator),
            "xl/workbook.xml": _workbook_xml(self.sheets),
            "xl/_rels/workbook.xml.rels": _relationships(
                [("worksheet", f"/xl/worksheets/sheet{n}.xml") for n in range(1, len(self.sheets) + 1)]
                + [("styles", "styles.xml"), ("theme", "theme/theme1.xml")]),
            "xl/styles.xml": _styles_xml(self._styles),
            "xl/theme/theme1.xml": _theme(),
        }
        chart_no = 0
        for drawing_no, sheet in enumerate(drawings, start=1):
            first = chart_no + 1
            chart_no += len(sheet.charts)
            sheet.drawing_no = drawing_no
            parts[f"xl/drawings/drawing{drawing_no}.xml"] = _drawing_xml(sheet.charts)
            parts[f"xl/drawings/_rels/drawing{drawing_no}.xml.rels"] = _relationships(
                [("chart", f"/xl/charts/chart{n}.xml") for n in range(first, chart_no + 1)])
        for number, sheet in enumerate(self.sheets, start=1):
            parts[f"xl/worksheets/sheet{number}.xml"] = sheet.xml()
            relations = sheet.relations()
            if relations:
                parts[f"xl/worksheets/_rels/sheet{number}.xml.rels"] = relations
        for number, chart in enumerate(charts, start=1):
            parts[f"xl/charts/chart{number}.xml"] = _chart_xml(chart)
        members = [part if isinstance(part, Member) else _deflated(name, part.encode()) for name, part in parts.items()]
        return zip_bytes(members, dt.datetime.now())


@dataclass
class Worksheet:
    """A sheet being written; rows and columns count from 1, as Excel shows them. Cells are kept
    as (value, style index) by row and column (a cell written again replaces the earlier one)."""
    name: str
    index: int
    rows: dict[int, dict[int, tuple[str | float | None, int]]] = field(default_factory=dict)
    widths: dict[int, int] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    frozen: tuple[int, int] | None = None           # rows and columns kept in sight
    filter_ref: str | None = None
    title_rows: tuple[int, int] | None = None       # printed on every page
    title_columns: tuple[int, int] | None = None
    landscape: bool = False
    paper: int | None = None
    fit_width: bool = False                         # one page wide, as many high as it takes
    scale: int | None = None
    # left, right, top, bottom, header, footer, in inches: Excel 2003's, unless set up for printing
    margins: tuple[float, ...] = (0.75, 0.75, 1, 1, 0.5, 0.5)
    header: str = ""
    footer: str = ""
    breaks: list[int] = field(default_factory=list)    # a page ends after each of these rows
    links: list[tuple[str, str]] = field(default_factory=list)
    charts: list[tuple[BarChart, int, float]] = field(default_factory=list)  # chart, row, offset in cm
    drawing_no: int = 0

    # --- cells ---

    def write(self, row: int, col: int, value: str | float | None, style: int = 0) -> None:
        """A cell: text (never a formula, whatever it starts with), a number, or empty (None: no
        cell at all in the default look)."""
        cells = self.rows.get(row)
        if cells is None:
            cells = self.rows[row] = {}
        cells[col] = (value, style)

    def write_date(self, row: int, col: int, value: dt.date, style: int = 0) -> None:
        """A date (or a date and time) as the day number Excel counts from 30 December 1899."""
        moment = value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)
        days = moment - _EXCEL_EPOCH
        self.write(row, col, days.days + (days.seconds + days.microseconds / 1e6) / _SECONDS_PER_DAY, style)

    def write_link(self, row: int, col: int, text: str, target: str, style: int = 0) -> None:
        """Text that opens `target` when clicked."""
        self.write(row, col, text, style)
        self.links.append((f"{column_letter(col)}{row}", target))

    # --- the sheet's XML ---

    def xml(self) -> str:
        """The sheet's part, its elements in the order the schema wants them."""
        xml = [_DECLARATION, f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
               '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>',
               '<pageSetUpPr fitToPage="1"/>' if self.fit_width else "<pageSetUpPr/>", "</sheetPr>",
               f'<dimension ref="{self._dimension()}"/>', "<sheetViews>", self._view(), "</sheetViews>",
               '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>']
        if self.widths:
            xml.append("<cols>")
            xml += [f'<col min="{col}" max="{col}" width="{_number(width)}" customWidth="1"/>'
                    for col, width in sorted(self.widths.items())]
            xml.append("</cols>")
        xml.append(self._sheet_data())
        if self.filter_ref:
            xml.append(f'<autoFilter ref="{self.filter_ref}"/>')
        if self.links:
            xml.append("<hyperlinks>")
            xml += [f'<hyperlink ref="{ref}" r:id="rId{n}"/>' for n, (ref, _) in enumerate(self.links, start=1)]
            xml.append("</hyperlinks>")
        left, right, top, bottom, header, footer = map(_number, self.margins)
        xml.append(f'<pageMargins left="{left}" right="{right}" top="{top}" bottom="{bottom}" header="{header}"'
                   f' footer="{footer}"/>')
        xml.append(self._page_setup())
        if self.header or self.footer:
            xml.append("<headerFooter>")
            if self.header:
                xml.append(f"<oddHeader>{_text(self.header)}</oddHeader>")
            if self.footer:
                xml.append(f"<oddFooter>{_text(self.footer)}</oddFooter>")
            xml.append("</headerFooter>")
        if self.breaks:
            xml.append(f'<rowBreaks count="{len(self.breaks)}" manualBreakCount="{len(self.breaks)}">')
            xml += [f'<brk id="{row}" min="0" max="{_LAST_COLUMN}" man="1"/>' for row in self.breaks]
            xml.append("</rowBreaks>")
        if self.charts:
            xml.append(f'<drawing r:id="rId{len(self.links) + 1}"/>')
        xml.append("</worksheet>")
        return "".join(xml)

    def relations(self) -> str:
        """The sheet's relationships part: its hyperlinks' targets, then its drawing; "" without."""
        if not self.links and not self.charts:
            return ""
        relations = [(f"{_REL}/hyperlink", target, True) for _, target in self.links]
        if self.charts:
            relations.append((f"{_REL}/drawing", f"/xl/drawings/drawing{self.drawing_no}.xml", False))
        return _relationship_xml(relations)

    def _dimension(self) -> str:
        if not self.rows:
            return "A1:A1"
        cols = [col for cells in self.rows.values() for col in cells]
        return f"{column_letter(min(cols))}{min(self.rows)}:{column_letter(max(cols))}{max(self.rows)}"

    def _view(self) -> str:
        """The sheet view: the frozen rows and columns, the cursor in A1."""
        cursor = 'activeCell="A1" sqref="A1"'
        if self.frozen is None:
            return f'<sheetView workbookViewId="0"><selection {cursor}/></sheetView>'
        rows, cols = self.frozen
        corner = f"{column_letter(cols + 1)}{rows + 1}"
        splits = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
        if rows and cols:
            pane, selections = "bottomRight", '<selection pane="topRight"/><selection pane="bottomLeft"/>'
        else:
            pane, selections = ("bottomLeft" if rows else "topRight"), ""
        return (f'<sheetView workbookViewId="0"><pane{splits} topLeftCell="{corner}" activePane="{pane}"'
                f' state="frozen"/>{selections}<selection pane="{pane}" {cursor}/></sheetView>')

    def _sheet_data(self) -> str:
        """The rows of cells, each cell as openpyxl wrote it: `<c r="A1" s="3" t="inlineStr">`."""
        xml = ["<sheetData>"]
        append = xml.append
        heights = self.heights
        for row in sorted(self.rows):
            height = heights.get(row)
            append(f'<row r="{row}" ht="{_number(height)}" customHeight="1">' if height else f'<row r="{row}">')
            cells = self.rows[row]
            for col in sorted(cells):
                value, style = cells[col]
                ref = f'<c r="{column_letter(col)}{row}" s="{style}"' if style else f'<c r="{column_letter(col)}{row}"'
                if value is None:
                    append(f'{ref} t="n"/>')
                elif value.__class__ is str:
                    append(f'{ref} t="inlineStr"><is>{_inline_text(value)}</is></c>')
                else:
                    append(f'{ref} t="n"><v>{value:.16g}</v></c>')
            append("</row>")
        append("</sheetData>")
        return "".join(xml)

    def _page_setup(self) -> str:
        if not self.landscape and self.paper is None:
            return ""
        attributes = ' orientation="landscape"' if self.landscape else ""
        if self.paper is not None:
            attributes += f' paperSize="{self.paper}"'
        if self.fit_width:
            attributes += ' fitToWidth="1" fitToHeight="0"'
        if self.scale is not None:
            attributes += f' scale="{self.scale}"'
        return f"<pageSetup{attributes}/>"


# --- the workbook's parts ---

# LibreOffice reads a file as Excel 2007 wrote it (its row heights, its charts' defaults) when
# the application says so: the reports have always said it (as openpyxl wrote them).
_APP_XML = (f'{_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Microsoft Excel Compatible / plan-report</Application><AppVersion>12.0000</AppVersion>"
            "</Properties>")

_RELATION_TYPES = {
    "officeDocument": f"{_REL}/officeDocument",
    "core": f"{_PACKAGE_REL}/metadata/core-properties",
    "app": f"{_REL}/extended-properties",
    "worksheet": f"{_REL}/worksheet",
    "styles": f"{_REL}/styles",
    "theme": f"{_REL}/theme",
    "chart": f"{_REL}/chart",
}


def _relationships(relations: list[tuple[str, str]]) -> str:
    """A relationships part of (kind, target) pairs, numbered rId1, rId2..."""
    return _relationship_xml([(_RELATION_TYPES[kind], target, False) for kind, target in relations])


def _relationship_xml(relations: list[tuple[str, str, bool]]) -> str:
    """A relationships part of (type, target, external) triples, numbered rId1, rId2..."""
    xml = [_DECLARATION, f'<Relationships xmlns="{_PACKAGE_REL}">']
    for number, (kind, target, external) in enumerate(relations, start=1):
        mode = ' TargetMode="External"' if external else ""
        xml.append(f'<Relationship Id="rId{number}" Type="{kind}" Target="{_attribute(target)}"{mode}/>')
    xml.append("</Relationships>")
    return "".join(xml)


def _content_types(sheets: int, drawings: int, charts: int) -> str:
    sml = f"{_OFFICE_CT}.spreadsheetml"
    overrides = [("/xl/workbook.xml", f"{sml}.sheet.main+xml"), ("/xl/styles.xml", f"{sml}.styles+xml"),
                 ("/xl/theme/theme1.xml", f"{_OFFICE_CT}.theme+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
                 ("/docProps/app.xml", f"{_OFFICE_CT}.extended-properties+xml")]
    overrides += [(f"/xl/worksheets/sheet{n}.xml", f"{sml}.worksheet+xml") for n in range(1, sheets + 1)]
    overrides += [(f"/xl/drawings/drawing{n}.xml", f"{_OFFICE_CT}.drawing+xml") for n in range(1, drawings + 1)]
    overrides += [(f"/xl/charts/chart{n}.xml", f"{_OFFICE_CT}.drawingml.chart+xml") for n in range(1, charts + 1)]
    return "".join([
        _DECLARATION, '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
        '<Default Extension="xml" ContentType="application/xml"/>',
        *[f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides], "</Types>"])


def _core_xml(title: str | None, creator: str | None) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    w3c = 'xsi:type="dcterms:W3CDTF"'
    return "".join([
        _DECLARATION,
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
        f"<dc:creator>{_text(creator)}</dc:creator>" if creator else "",
        f"<dc:title>{_text(title)}</dc:title>" if title else "",
        f"<dcterms:created {w3c}>{now}</dcterms:created><dcterms:modified {w3c}>{now}</dcterms:modified>",
        "</cp:coreProperties>"])


def _workbook_xml(sheets: list[Worksheet]) -> str:
    """The workbook part: the sheets in order, each one's filter range and print titles."""
    names = []
    for sheet in sheets:
        quoted = quoted_sheet(sheet.name)
        if sheet.filter_ref:
            first, last = sheet.filter_ref.split(":")
            names.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{sheet.index}" hidden="1">'
                         f"{_text(quoted)}!{_absolute(first)}:{_absolute(last)}</definedName>")
        titles = []
        if sheet.title_rows:
            titles.append(f"{quoted}!${sheet.title_rows[0]}:${sheet.title_rows[1]}")
        if sheet.title_columns:
            first_col, last_col = map(column_letter, sheet.title_columns)
            titles.append(f"{quoted}!${first_col}:${last_col}")
        if titles:
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{sheet.index}">'
                         f'{_text(",".join(titles))}</definedName>')
    return "".join([
        _DECLARATION, f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>',
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>',
        *[f'<sheet name="{_attribute(sheet.name)}" sheetId="{sheet.index + 1}" r:id="rId{sheet.index + 1}"/>'
          for sheet in sheets],
        "</sheets>", f"<definedNames>{''.join(names)}</definedNames>" if names else "",
        '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'])


def _absolute(cell: str) -> str:
    """"A10" as "$A$10"."""
    digits = next(i for i, char in enumerate(cell) if char.isdigit())
    return f"${cell[:digits]}${cell[digits:]}"


def _styles_xml(styles: dict[Look, int]) -> str:
    """The style sheet: the default look, then each look (a cell's style index) by its font,
    fill, border and number format, each of them listed once."""
    fonts: list[str] = [_DEFAULT_FONT]
    fills: list[str] = ["<fill><patternFill/></fill>", '<fill><patternFill patternType="gray125"/></fill>']
    borders: list[str] = ["<border><left/><right/><top/><bottom/><diagonal/></border>"]
    formats: dict[str, int] = {}
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    for look in list(styles)[1:]:   # in index order, after the default
        code = look.number_format or "General"
        number = _BUILTIN_FORMATS.get(code)
        if number is None:
            number = formats.setdefault(code, _FIRST_CUSTOM_FORMAT + len(formats))
        font = _listed(fonts, _font_xml(look.font)) if look.font else 0
        fill = _listed(fills, _fill_xml(look.fill)) if look.fill else 0
        border = _listed(borders, _border_xml(look.border)) if look.border else 0
        xf = (f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="{border}" xfId="0"'
              f' applyNumberFormat="{int(number != 0)}" applyFont="{int(font != 0)}" applyFill="{int(fill != 0)}"'
              f' applyBorder="{int(border != 0)}"')
        alignment = look.alignment
        if alignment is None:
            xfs.append(f"{xf}/>")
            continue
        align = "".join([f' horizontal="{alignment.horizontal}"' if alignment.horizontal else "",
                         f' vertical="{alignment.vertical}"' if alignment.vertical else "",
                         ' wrapText="1"' if alignment.wrap else ""])
        xfs.append(f'{xf} applyAlignment="1"><alignment{align}/></xf>')
    formats_xml = "".join(f'<numFmt numFmtId="{number}" formatCode="{_attribute(code)}"/>'
                          for code, number in formats.items())
    return "".join([
        _DECLARATION, f'<styleSheet xmlns="{_MAIN}">',
        f'<numFmts count="{len(formats)}">{formats_xml}</numFmts>' if formats else "",
        f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>',
        f'<fills count="{len(fills)}">{"".join(fills)}</fills>',
        f'<borders count="{len(borders)}">{"".join(borders)}</borders>',
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>',
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
        '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9"'
        ' defaultPivotStyle="PivotStyleLight16"/></styleSheet>'])


def _listed(items: list[str], item: str) -> int:
    """The index of `item` in `items`, added at the end when not there yet."""
    if item not in items:
        items.append(item)
    return items.index(item)


def _font_xml(font: Font) -> str:
    """A font naming its face and size (a font without them is drawn in another face by
    LibreOffice), not the theme's colour, family or scheme."""
    return "".join(['<font><name val="Calibri"/>', '<b val="1"/>' if font.bold else "",
                    f'<color rgb="00{font.colour}"/>' if font.colour else "", f'<sz val="{_number(font.size)}"/>',
                    '<u val="single"/>' if font.underline else "", "</font>"])


def _fill_xml(colour: str) -> str:
    return f'<fill><patternFill patternType="solid"><fgColor rgb="00{colour}"/></patternFill></fill>'


def _border_xml(colour: str) -> str:
    side = f'style="thin"><color rgb="00{colour}"/>'
    return f"<border><left {side}</left><right {side}</right><top {side}</top><bottom {side}</bottom><diagonal/></border>"


def _deflated(name: str, data: bytes) -> Member:
    """A part with the quickest compression: a tenth larger than the default, in half the time."""
    return deflated(name, data, level=1)


@cache
def _theme() -> Member:
    """The standard Office theme (as openpyxl wrote it), whose colour and font the default font
    names: the same in every workbook, compressed once."""
    return _deflated("xl/theme/theme1.xml", (DATA_DIR / "xlsx_theme.xml").read_bytes())


def _drawing_xml(charts: list[tuple[BarChart, int, float]]) -> str:
    """A sheet's drawing: each chart's top left corner in column A, `offset` cm below its row's
    top edge, its size its own (it moves with the cells but is not resized with them)."""
    xml = [_DECLARATION, f'<wsDr xmlns="{_DRAWING}" xmlns:a="{_DRAWINGML}">']
    for number, (chart, row, offset_cm) in enumerate(charts, start=1):
        cx, cy = round(chart.width_cm * _EMU_PER_CM), round(chart.height_cm * _EMU_PER_CM)
        xml.append(
            f"<oneCellAnchor><from><col>0</col><colOff>0</colOff><row>{row - 1}</row>"
            f'<rowOff>{round(offset_cm * _EMU_PER_CM)}</rowOff></from><ext cx="{cx}" cy="{cy}"/>'
            f'<graphicFrame><nvGraphicFramePr><cNvPr id="{number}" name="Chart {number}"/><cNvGraphicFramePr/>'
            f'</nvGraphicFramePr><xfrm/><a:graphic><a:graphicData uri="{_CHART}">'
            f'<c:chart xmlns:c="{_CHART}" xmlns:r="{_REL}" r:id="rId{number}"/></a:graphicData></a:graphic>'
            "</graphicFrame><clientData/></oneCellAnchor>")
    xml.append("</wsDr>")
    return "".join(xml)


def _chart_xml(chart: BarChart) -> str:
    """A bar chart's part: the title, no legend, the bars in `colour` labelled with their values,
    the rows top-down, the value axis across the bottom from 0 to 1 without gridlines."""
    number_format = _attribute(chart.number_format)
    no_ticks = '<majorTickMark val="none"/><minorTickMark val="none"/>'
    return "".join([
        _DECLARATION, f'<chartSpace xmlns="{_CHART}" xmlns:a="{_DRAWINGML}"><chart>',
        "<title><tx><rich><a:bodyPr/><a:p><a:pPr><a:defRPr/></a:pPr>",
        f"<a:r><a:t>{_text(chart.title)}</a:t></a:r></a:p></rich></tx></title>",
        '<plotArea><barChart><barDir val="bar"/><grouping val="clustered"/><ser><idx val="0"/><order val="0"/>',
        f"<tx><strRef><f>{_text(chart.name_ref)}</f></strRef></tx>",
        f'<spPr><a:solidFill><a:srgbClr val="{chart.colour}"/></a:solidFill><a:ln><a:prstDash val="solid"/></a:ln>'
        "</spPr>",
        f"<cat><strRef><f>{_text(chart.categories_ref)}</f></strRef></cat>",
        f"<val><numRef><f>{_text(chart.values_ref)}</f></numRef></val></ser>",
        f'<dLbls><numFmt formatCode="{number_format}" sourceLinked="0"/><showLegendKey val="0"/><showVal val="1"/>'
        '<showCatName val="0"/><showSerName val="0"/><showPercent val="0"/></dLbls>',
        f'<gapWidth val="{chart.gap}"/><axId val="10"/><axId val="100"/></barChart>',
        '<catAx><axId val="10"/><scaling><orientation val="maxMin"/></scaling><delete val="0"/><axPos val="l"/>',
        f'{no_ticks}<crossAx val="100"/><lblOffset val="100"/></catAx>',
        '<valAx><axId val="100"/><scaling><orientation val="minMax"/><max val="1"/><min val="0"/></scaling>',
        f'<delete val="0"/><axPos val="l"/><numFmt formatCode="{number_format}" sourceLinked="0"/>{no_ticks}',
        '<crossAx val="10"/><crosses val="max"/></valAx></plotArea>',
        '<plotVisOnly val="1"/><dispBlanksAs val="gap"/></chart></chartSpace>'])
