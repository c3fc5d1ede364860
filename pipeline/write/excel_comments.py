"""Cell comments added to a user's workbook: the workbook read and written whole by openpyxl,
each note a comment box sized to its text. Imported only when an Excel plan is marked, so that
marking Word plans never loads openpyxl."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.write.atomic import atomic_path
from pipeline.write.wrapping import wrapped_lines

COMMENT_AUTHOR = "plan-report"
COMMENT_WIDTH_PT = 320
COMMENT_LINE_CHARS = 55   # the characters of a comment box's line


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
