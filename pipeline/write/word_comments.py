"""Comments added to a user's Word file at the XML level: each comment's range and reference in
the document part, its text in the comments part (the file's own, extended, or a new one), that
part's relationship and content type; every other member of the package is copied as stored
(`zipped`). The XML added is what python-docx adds for `Document.add_comment` (its range on
whole runs, an empty run where there is none, the comment's paragraphs in the "CommentText"
style), so that Word shows the comments as it did when the copy was made with python-docx."""
from __future__ import annotations

import copy
import datetime as dt
import posixpath
import re
import zipfile
from functools import partial
from io import BytesIO

from lxml import etree

from pipeline.write.xml_text import xml_escaped
from pipeline.write.zipped import Member, members_of, replaced

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_P, _R, _T = f"{W}p", f"{W}r", f"{W}t"
_TBL, _TR, _TC, _TRPR, _TCPR = f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}trPr", f"{W}tcPr"
_BODY, _HYPERLINK, _NOBREAKHYPHEN = f"{W}body", f"{W}hyperlink", f"{W}noBreakHyphen"
_GRIDBEFORE, _GRIDSPAN, _VAL, _ID = f"{W}gridBefore", f"{W}gridSpan", f"{W}val", f"{W}id"
_COMMENT = f"{W}comment"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
DOCUMENT, DOCUMENT_RELS, CONTENT_TYPES = "word/document.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"
NEW_COMMENTS = "word/comments.xml"
COMMENT_AUTHOR, COMMENT_INITIALS = "plan-report", "PR"
LARGEST_ID = 2**31 - 1   # a comment id is a signed 32-bit number

# The comments part Word starts a document's comments with (python-docx's template).
_EMPTY_COMMENTS = (
    '<w:comments xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    ' xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
    ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    f' xmlns:w="{W_NS}"'
    ' xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main"'
    ' xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
    ' xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas"/>').encode()
_EMPTY_RELS = f'<Relationships xmlns="{REL_NS}"/>'.encode()

_PARAGRAPH_START = '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
_ANNOTATION = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
# The range's start and end, and the run with the comment's reference, that a comment adds.
_MARKERS = tuple(etree.fromstring(f'<w:{tag} xmlns:w="{W_NS}">{inner}</w:{tag}>') for tag, inner in (
    ("commentRangeStart", ""), ("commentRangeEnd", ""),
    ("r", '<w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference/>')))
_BREAKS = re.compile(r"([\t\r\n])")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


class CommentedDocument:
    """A user's Word file being commented: its document XML, found elements by the reader's
    anchors, and the comments added; `package()` is the file with them."""

    def __init__(self, data: bytes):
        self._members = members_of(data)
        parts = {member.name: member for member in self._members}
        read = partial(_part, data, parts)
        self.root = etree.fromstring(read(DOCUMENT), _PARSER)
        self._rels = etree.fromstring(read(DOCUMENT_RELS) if DOCUMENT_RELS in parts else _EMPTY_RELS, _PARSER)
        self._comments_name = self._related_comments()
        comments = _EMPTY_COMMENTS if self._comments_name is None else read(self._comments_name)
        self._comments = etree.fromstring(comments, _PARSER)
        self._types = etree.fromstring(read(CONTENT_TYPES), _PARSER)
        # the ids of the comments part's comments: the file's, then those added (as XML, `_added`)
        self._ids = [int(c.get(_ID)) for c in self._comments.iterchildren(_COMMENT) if c.get(_ID) is not None]
        self._added: list[str] = []
        self._now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        namespaces = {prefix: uri for prefix, uri in self.root.nsmap.items() if prefix}
        self._xpath = etree.XPathDocumentEvaluator(self.root.getroottree(), namespaces=namespaces)

    def element_at(self, path: str):
        """The document's element at `path` (an lxml `getpath` of the same XML), or None."""
        try:
            found = self._xpath(path)
        except Exception:  # lxml raises several kinds for a path that does not fit this document
            return None
        return found[0] if found else None

    def title(self):
        """The document's first paragraph with text (its title, usually), else its first paragraph."""
        body = next(self.root.iterchildren(_BODY), None)
        paragraphs = [] if body is None else list(body.iterchildren(_P))
        return next((p for p in paragraphs if _has_text(p)), paragraphs[0] if paragraphs else None)

    def add_comment(self, element, text: str) -> None:
        """A comment by "plan-report" on `element` (a table cell or a paragraph), its range on all
        the runs of its paragraphs; on an empty run added at the end of its last paragraph when it
        has no run of its own, which leaves its text as it was."""
        paragraphs = [element] if element.tag == _P else list(element.iter(_P))
        if not paragraphs:
            return
        runs = [run for paragraph in paragraphs for run in paragraph.iterchildren(_R)]
        if not runs:
            runs = [etree.SubElement(paragraphs[-1], _R)]
        comment_id = _next_id(self._ids)
        self._ids.append(comment_id)
        self._added.append(_comment_xml(comment_id, text, self._now))
        start, end, reference = (copy.deepcopy(marker) for marker in _MARKERS)
        for marker in (start, end, reference[-1]):
            marker.set(_ID, str(comment_id))
        runs[0].addprevious(start)
        runs[-1].addnext(reference)
        runs[-1].addnext(end)

    def package(self) -> bytes:
        """The Word file with the comments added; the file's other members as they were."""
        if not self._added:
            return replaced(self._members, {}, dt.datetime.now())
        self._comments.extend(etree.fromstring(f'<w:comments xmlns:w="{W_NS}">{"".join(self._added)}</w:comments>',
                                               _PARSER))
        members = {DOCUMENT: _xml(self.root)}
        if self._comments_name is None:
            self._relate_comments()
            members[DOCUMENT_RELS] = _xml(self._rels)
            members[CONTENT_TYPES] = _xml(self._types)
        members[self._comments_name or NEW_COMMENTS] = _xml(self._comments)
        # the quickest compression: the copy is the user's working file, not an archive
        return replaced(self._members, members, dt.datetime.now(), level=1)

    def _related_comments(self) -> str | None:
        """The member name of the comments part the document relates to, if any."""
        for rel in self._rels.iterchildren(f"{{{REL_NS}}}Relationship"):
            if rel.get("Type") == COMMENTS_REL and rel.get("TargetMode") != "External":
                return posixpath.normpath(posixpath.join("/word", rel.get("Target", ""))).lstrip("/")
        return None

    def _relate_comments(self) -> None:
        """The new comments part's relationship (the first free "rIdN") and content type."""
        used = {rel.get("Id") for rel in self._rels.iterchildren(f"{{{REL_NS}}}Relationship")}
        rel_id = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        etree.SubElement(self._rels, f"{{{REL_NS}}}Relationship", Id=rel_id, Type=COMMENTS_REL,
                         Target=posixpath.basename(NEW_COMMENTS))
        part_name = f"/{NEW_COMMENTS}"
        override = next((o for o in self._types.iterchildren(f"{{{TYPES_NS}}}Override")
                         if o.get("PartName", "").lower() == part_name), None)
        if override is None:
            etree.SubElement(self._types, f"{{{TYPES_NS}}}Override", PartName=part_name, ContentType=COMMENTS_TYPE)
        else:
            override.set("ContentType", COMMENTS_TYPE)


def _comment_xml(comment_id: int, text: str, date: str) -> str:
    """A `w:comment` of `text`, a paragraph per line in the "CommentText" style, the first
    starting with the comment's mark; its first line in a run of its own (an empty one when the
    text starts with a line break), each later line in one unless it is empty."""
    paragraphs = [_PARAGRAPH_START + _ANNOTATION]
    if text:
        lines = text.split("\n")
        paragraphs[0] += _run_xml(lines[0])
        paragraphs += [_PARAGRAPH_START + (_run_xml(line) if line else "") for line in lines[1:]]
    return (f'<w:comment w:id="{comment_id}" w:author="{COMMENT_AUTHOR}" w:initials="{COMMENT_INITIALS}" '
            f'w:date="{date}">' + "".join(f"{p}</w:p>" for p in paragraphs) + "</w:comment>")


def _run_xml(text: str) -> str:
    """A run of `text`: a tab as `w:tab`, a line break as `w:br`, the rest as `w:t`, its spaces
    kept when it starts or ends with one."""
    parts = []
    for piece in _BREAKS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{xml_escaped(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>"


def _next_id(used: list[int]) -> int:
    """The next comment id: one past the largest, else the first unused from 0."""
    largest = max(used, default=-1) + 1
    if largest <= LARGEST_ID:
        return largest
    return next((expected for expected, actual in enumerate(sorted(used)) if expected != actual), len(used))


def _has_text(paragraph) -> bool:
    """Whether a paragraph's runs (its hyperlinks' too) show more than white space."""
    for child in paragraph.iterchildren(_R, _HYPERLINK):
        for run in ([child] if child.tag == _R else child.iterchildren(_R)):
            for part in run.iterchildren(_T, _NOBREAKHYPHEN):
                if part.tag == _NOBREAKHYPHEN or (part.text or "").strip():
                    return True
    return False


def first_row(table):
    """A `w:tbl` element's first row, or None."""
    return None if table is None else table.find(_TR)


def cell_in_row(row, column: int | None):
    """The `w:tc` of a `w:tr` covering grid `column` (its first cell when `column` is None or past
    the row's end); None without a row."""
    if row is None:
        return None
    cells = list(row.iterchildren(_TC))
    if not cells:
        return None
    before = _grandchild(row, _TRPR, _GRIDBEFORE)
    offset = int(before.get(_VAL)) if before is not None and str(before.get(_VAL)).isdigit() else 0
    for cell in cells:
        span = _grandchild(cell, _TCPR, _GRIDSPAN)
        offset += 1 if span is None else int(span.get(_VAL))
        if column is not None and column < offset:
            return cell
    return cells[0]


def _grandchild(element, child: str, grandchild: str):
    """The first `grandchild` of `element`'s first `child`, or None."""
    found = next(element.iterchildren(child), None)
    return None if found is None else next(found.iterchildren(grandchild), None)


def heading_before(table, text: str):
    """The paragraph between `table` and the table before it whose text is `text` (the month or
    fraction heading a note names), or None."""
    wanted = " ".join(text.split())
    sibling = None if table is None or not wanted else table.getprevious()
    while sibling is not None and sibling.tag != _TBL:
        if sibling.tag == _P and " ".join("".join(t.text or "" for t in sibling.iter(_T)).split()) == wanted:
            return sibling
        sibling = sibling.getprevious()
    return None


def _part(data: bytes, members: dict[str, Member], name: str) -> bytes:
    """The member `name` of the Word file `data` (KeyError when it has none): from its stored
    bytes, or read by `zipfile` when compressed by a method other than deflate."""
    try:
        return members[name].data()
    except NotImplementedError:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return archive.read(name)


def _xml(root) -> bytes:
    """A part's XML as python-docx and Word write it (declared standalone)."""
    return etree.tostring(root, encoding="UTF-8", standalone=True)
