"""Builders of bad and odd plan files, made at test time: damaged and disguised files, zip and cell
bombs, old and encrypted Office files, and Word documents written as raw XML (merges in every
direction, nested tables, text boxes) that python-docx cannot make."""
from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from functools import cache
from xml.sax.saxutils import escape

import docx

from tests.docx_plans import KK_FRONT, KK_HEADER, row

MB = 1024 * 1024
DOCUMENT = "word/document.xml"
SHEET = "xl/worksheets/sheet1.xml"


# --- damaged and disguised files ---

def random_bytes(size: int, seed: int = 0) -> bytes:
    """`size` bytes of noise, the same for the same seed."""
    return random.Random(seed).randbytes(size)


def rezip(data: bytes, replace: dict[str, bytes] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """The zip package `data` with members replaced by name and `extra` members added."""
    replace, extra = replace or {}, extra or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item)))
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def inflating_member(data: bytes, name: str, size: int) -> bytes:
    """`data` with member `name` padded by spaces so that it inflates to more than `size` bytes,
    while the package stays small (a zip bomb)."""
    content = member(data, name)
    head, _, tail = content.partition(b">")
    return rezip(data, {name: head + b">" + b" " * size + tail})


def many_members(data: bytes, count: int) -> bytes:
    """`data` with `count` extra empty members."""
    return rezip(data, extra={f"customXml/junk{i}.xml": b"" for i in range(count)})


def _patch_headers(data: bytes, name: str, local_field: int, central_field: int, fmt: str, value: int) -> bytes:
    """`data` with one field of the local and the central header of member `name` overwritten."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, name_length_at, name_at, field in ((b"PK\x03\x04", 26, 30, local_field),
                                                      (b"PK\x01\x02", 28, 46, central_field)):
        at = out.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", out, at + name_length_at)[0]
            if out[at + name_at:at + name_at + length] == encoded:
                struct.pack_into(fmt, out, at + field, value)
            at = out.find(signature, at + 4)
    return bytes(out)


def declared_size(data: bytes, name: str, size: int) -> bytes:
    """`data` whose headers claim that member `name` inflates to `size` bytes."""
    return _patch_headers(data, name, 22, 24, "<I", size)


def compression_method(data: bytes, name: str, method: int) -> bytes:
    """`data` whose headers say member `name` is packed with `method` (9: Deflate64, 99: AES)."""
    return _patch_headers(data, name, 8, 10, "<H", method)


def zip_encrypted_flag(data: bytes, name: str) -> bytes:
    """`data` whose headers say member `name` is password-protected (zip's own encryption)."""
    return _patch_headers(data, name, 6, 8, "<H", 1)


# Old Word files in Rich Text Format are often saved with a .doc name.
RTF = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times New Roman;}} \f0\fs28 Mektep parlamenti\par }"


def ole_file(streams: list[str], sector: int = 512) -> bytes:
    """A Compound File Binary (the container of .doc, .xls and password-protected .docx/.xlsx)
    holding empty streams with these names: a header, one FAT sector and one directory sector."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(sector)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 76, 0, *[free] * 108)
    fat = struct.pack(f"<{sector // 4}I", fat_sector, end, *[free] * (sector // 4 - 2))
    names = ["Root Entry", *streams]
    directory = bytearray(sector)
    for index, entry_name in enumerate(names[:sector // 128]):
        encoded = (entry_name + "\0").encode("utf-16-le")
        at = index * 128
        directory[at:at + len(encoded)] = encoded
        right = index + 1 if 0 < index < len(names) - 1 else no_stream
        child = 1 if index == 0 and len(names) > 1 else no_stream
        struct.pack_into("<HBBIII", directory, at + 64, len(encoded), 5 if index == 0 else 2, 1,
                         no_stream, right, child)
        struct.pack_into("<IQ", directory, at + 116, end, 0)
    return bytes(header) + fat + bytes(directory)


def encrypted_package(data: bytes, password: str = "1234") -> bytes:
    """`data` (.docx or .xlsx) encrypted with a password the way Office does (needs msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


# Nine levels of entities each repeating the last ten times: 10^9 copies when expanded.
BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10))
                  + b"]>")


def with_entity_bomb(xml: bytes, text_before: bytes) -> bytes:
    """An XML part with the billion-laughs DOCTYPE, the largest entity placed before `text_before`."""
    body = re.sub(rb"^<\?xml[^>]*\?>\s*", b"", xml)
    return BILLION_LAUGHS + body.replace(text_before, b"&lol9;" + text_before, 1)


# --- Word documents written as XML ---

def text(value: str) -> str:
    return escape(value)


def run(value: str) -> str:
    """A run of text, kept exactly (spaces included)."""
    return f'<w:r><w:t xml:space="preserve">{text(value)}</w:t></w:r>'


def paragraph(value: str = "", inner: str = "") -> str:
    """A paragraph with one run of `value`, then `inner` XML."""
    return f"<w:p>{run(value) if value else ''}{inner}</w:p>"


def cell(value: str = "", span: int = 1, vmerge: str | None = None, inner: str = "") -> str:
    """A table cell; "\n" in `value` makes separate paragraphs; `vmerge` is "restart" or "continue"."""
    props = ""
    if span > 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    paragraphs = "".join(paragraph(line) for line in value.split("\n")) if value else ("" if inner else paragraph())
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}{inner}</w:tc>"


def table_row(*cells: str) -> str:
    return f"<w:tr>{''.join(cells)}</w:tr>"


def table(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/>{''.join(rows)}</w:tbl>"


def values_row(values: list[str]) -> str:
    """A row of plain cells."""
    return table_row(*(cell(v) for v in values))


def header_row(header: list[str] = KK_HEADER) -> str:
    return values_row(header)


def text_box(value: str) -> str:
    """A run holding a floating text box as Word saves it: the drawing, and a VML copy of the same
    text for old readers."""
    content = f"<w:txbxContent>{paragraph(value)}</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
            '<wp:extent cx="1828800" cy="457200"/><wp:docPr id="1" name="Text Box 1"/><a:graphic '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
            'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>'
            f"{content}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>")


@cache
def _template() -> tuple[bytes, bytes]:
    """A blank python-docx package and its document.xml start tag (every namespace declared)."""
    out = io.BytesIO()
    docx.Document().save(out)
    data = out.getvalue()
    start = re.search(rb"<w:document[^>]*>", member(data, DOCUMENT)).group()
    return data, start


def docx_from_body(body: str, front: list[str] = KK_FRONT) -> bytes:
    """A .docx whose body is the `front` lines as paragraphs, then `body` (XML)."""
    data, start = _template()
    xml = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + start + b"<w:body>"
           + "".join(paragraph(line) for line in front).encode() + body.encode() + b"</w:body></w:document>")
    return rezip(data, {DOCUMENT: xml})


def plan_rows(count: int, month: int = 9, first: int = 1) -> list[list[str]]:
    """`count` plan rows numbered from `first`, one activity a day cycling through the month."""
    return [row(n, "«А» ЖОБАСЫ" if n == first else "", f"Іс-шара {n}", f"{(n - 1) % 28 + 1:02d}.{month:02d}.2025")
            for n in range(first, first + count)]


def plan_section(rows: list[list[str]], month: str | None = "ҚЫРКҮЙЕК АЙЫ",
                 fraction: str | None = "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ", header: list[str] = KK_HEADER) -> str:
    """Headings and a plan table of plain cells, as XML."""
    headings = "".join(paragraph(h) for h in (month, fraction) if h)
    return headings + table(header_row(header), *map(values_row, rows))


# --- Excel workbooks patched as XML ---

def with_sheet_xml(data: bytes, old: bytes, new: bytes) -> bytes:
    """The workbook with the first `old` of its first sheet's XML replaced by `new`."""
    return rezip(data, {SHEET: member(data, SHEET).replace(old, new, 1)})


def with_far_cell(data: bytes, ref: str, value: str = "x") -> bytes:
    """The workbook with one more text cell at `ref` (such as "XFD1048576"), after the others."""
    row_no = re.search(r"\d+", ref).group()
    return with_sheet_xml(data, b"</sheetData>", f'<row r="{row_no}"><c r="{ref}" t="inlineStr"><is><t>{value}</t>'
                                                 f"</is></c></row></sheetData>".encode())


def with_merge(data: bytes, ref: str) -> bytes:
    """The workbook with a merged range `ref` on its first sheet."""
    return with_sheet_xml(data, b"</sheetData>",
                          f'</sheetData><mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'.encode())


def with_styled_empty_cell(data: bytes, ref: str) -> bytes:
    """The workbook with an empty but formatted cell at `ref`, as some programs save a column format."""
    row_no = re.search(r"\d+", ref).group()
    return with_sheet_xml(data, b"</sheetData>", f'<row r="{row_no}"><c r="{ref}" s="0"/></row></sheetData>'.encode())
