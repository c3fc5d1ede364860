"""The plan's marked copy made at the XML level: the comments are those python-docx's
`Document.add_comment` adds, every other member of the package is copied as stored, a file that
has comments keeps them, and an archive after a prefix is copied whole."""
import datetime as dt
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from pipeline.write.word_comments import COMMENT_AUTHOR, COMMENT_INITIALS, CommentedDocument
from pipeline.write.zipped import replaced
from tests.docx_plans import Table, build_document

TABLE = "/w:document/w:body/w:tbl[1]"
MARKS = [  # (where, text): a cell, the same cell again, an empty cell, a paragraph, a cell of two lines
    (f"{TABLE}/w:tr[2]/w:tc[2]", "Күні жоқ.\nКүнін жазыңыз."),
    (f"{TABLE}/w:tr[2]/w:tc[2]", "\tБасында қойынды,\n\nбос жол және  соңында бос орын "),
    (f"{TABLE}/w:tr[3]/w:tc[3]", "Бос ұяшық"),
    ("/w:document/w:body/w:p[1]", "\nЖоспардың өзі туралы"),
    (f"{TABLE}/w:tr[3]/w:tc[2]", "Екі жолды ұяшық"),
]
CHANGED = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
_DATE = re.compile(rb' w:date="[^"]*"')


@pytest.fixture
def plan(tmp_path) -> Path:
    """A small plan whose last date cell has a paragraph without runs, as Word leaves an empty cell."""
    path = build_document(tmp_path / "plan.docx", ["2025-2026 оқу жылының жоспары", Table(
        ["№", "Іс-шара", "Мерзімі"], [["1", "Сайлау", "15.09.2025"], ["2", "Рейд\nкездесу", ""]])])
    document = docx.Document(str(path))
    empty = document.tables[0].rows[2].cells[2].paragraphs[0]._p
    for run in empty.findall(qn("w:r")):
        empty.remove(run)
    document.save(str(path))
    return path


def marked_here(data: bytes, marks) -> bytes:
    document = CommentedDocument(data)
    for path, text in marks:
        document.add_comment(document.element_at(path), text)
    return document.package()


def marked_by_python_docx(path: Path, marks) -> bytes:
    """The copy as python-docx marks it: a comment on all the runs of the element's paragraphs,
    on a new empty run when they have none."""
    document = docx.Document(str(path))
    root = document.element
    for where, text in marks:
        element = root.xpath(where)[0]
        paragraphs = [Paragraph(p, document) for p in ([element] if element.tag == qn("w:p") else element.iter(qn("w:p")))]
        runs = [run for paragraph in paragraphs for run in paragraph.runs] or [paragraphs[-1].add_run()]
        document.add_comment(runs, text=text, author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def part(data: bytes, name: str) -> bytes:
    """A part's XML, canonical, without the comments' times of writing."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read(name)
    return _DATE.sub(b"", etree.tostring(etree.fromstring(xml), method="c14n"))


def test_the_comments_are_those_python_docx_adds(plan):
    ours, theirs = marked_here(plan.read_bytes(), MARKS), marked_by_python_docx(plan, MARKS)
    for name in ("word/document.xml", "word/comments.xml"):
        assert part(ours, name) == part(theirs, name), name
    comments = docx.Document(io.BytesIO(ours)).comments
    assert [(c.author, c.initials, c.text) for c in comments] == [(COMMENT_AUTHOR, "PR", text) for _, text in MARKS]


def test_the_other_members_are_copied_as_stored(plan):
    original, marked = zipfile.ZipFile(plan), zipfile.ZipFile(io.BytesIO(marked_here(plan.read_bytes(), MARKS)))
    assert marked.testzip() is None
    assert set(marked.namelist()) == set(original.namelist()) | {"word/comments.xml"}
    for info in original.infolist():
        if info.filename not in CHANGED:
            copy = marked.getinfo(info.filename)
            assert (copy.CRC, copy.compress_size, copy.compress_type, copy.date_time) == (
                info.CRC, info.compress_size, info.compress_type, info.date_time), info.filename


def test_a_file_with_comments_keeps_them_and_gets_the_new_ones_after(plan):
    twice = marked_here(marked_here(plan.read_bytes(), MARKS[:2]), MARKS[2:])
    comments = docx.Document(io.BytesIO(twice)).comments
    assert [(c.comment_id, c.text) for c in comments] == [(i, text) for i, (_, text) in enumerate(MARKS)]
    archive = zipfile.ZipFile(io.BytesIO(twice))
    assert archive.read("word/_rels/document.xml.rels").count(b"/comments") == 1
    assert archive.read("[Content_Types].xml").count(b"/word/comments.xml") == 1


def test_an_archive_after_a_prefix_is_copied_whole(plan):
    data = plan.read_bytes()
    prefixed = b"a prefix zipfile reads past" + data
    new = {"word/document.xml": b"<new/>", "extra.xml": b"<added/>"}
    when = dt.datetime(2025, 12, 20)
    stored, rewritten = (zipfile.ZipFile(io.BytesIO(replaced(d, new, when))) for d in (data, prefixed))
    assert rewritten.testzip() is None
    assert rewritten.namelist() == stored.namelist()
    assert all(rewritten.read(name) == stored.read(name) for name in stored.namelist())
    assert stored.read("word/document.xml") == b"<new/>" and stored.namelist()[-1] == "extra.xml"


def test_marking_a_word_plan_loads_neither_python_docx_nor_openpyxl_nor_xml_sax():
    script = ("import sys, pipeline.write.marked_plan; "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'docx', 'openpyxl'} | "
              "{m for m in sys.modules if m.startswith('xml.sax')}))")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout == "[]\n"
