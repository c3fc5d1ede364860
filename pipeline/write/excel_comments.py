"""Cell comments added to a user's workbook: the workbook read and written whole by openpyxl,
each note a comment box sized to its text. Imported only when an Excel plan is marked, so that
marking Word plans never loads openpyxl."""
from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.worksheet import _writer as sheet_writer  # noqa: PLC2701 (see _InMemoryWriter)
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer import excel as excel_writer

from pipeline.write.atomic import atomic_path
from pipeline.write.wrapping import wrapped_lines

COMMENT_AUTHOR = "plan-report"
COMMENT_WIDTH_PT = 320
COMMENT_LINE_CHARS = 55   # the characters of a comment box's line


class _InMemoryWriter(excel_writer.ExcelWriter):
    """openpyxl's writer with each sheet's XML kept in memory: openpyxl writes every sheet to a
    temporary file of its own, reads it back and removes it, which costs more than writing the
    sheet. The parts written are the same."""

    def write_worksheet(self, ws):
        if self.workbook.write_only:
            return super().write_worksheet(ws)
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = sheet_writer.WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.read())
        self.manifest.append(ws)


# `Workbook.save` builds its writer by this name: every workbook openpyxl saves in this process
# is written in memory.
excel_writer.ExcelWriter = _InMemoryWriter


def open_workbook(path: Path) -> Workbook:
    """The user's workbook as openpyxl reads it, formulas as written (the file itself is only read)."""
    return load_workbook(path)


def add_comment(sheet: Worksheet, row: int, col: int, text: str) -> None:
    """A cell comment by "plan-report" at (`row`, `col`); a cell already commented here gets `text`
    below the earlier text (a cell holds one comment)."""
    cell = sheet.cell(row=row, column=col)
    if cell.comment is not None and cell.comment.author == COMMENT_AUTHOR:
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(ILLEGAL_CHARACTERS_RE.sub("", text), COMMENT_AUTHOR)
    comment.width = COMMENT_WIDTH_PT
    comment.height = max(80, 16 * wrapped_lines(text, COMMENT_LINE_CHARS) + 10)
    cell.comment = comment


def save(workbook: Workbook, target: Path) -> Path:
    """`workbook` written to `target`, whole or not at all."""
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target
