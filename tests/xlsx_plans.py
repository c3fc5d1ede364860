"""Builds small plan workbooks with openpyxl, laid out as schools type them in Excel."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

KK_HEADER = ["№", "Жобалық қызметінің бағыттары", "Іс-шаралар атауы, өткізілу формасы", "Өткізу мерзімі",
             "Жауаптылар", "Серіктестер", "Мақсатты аудитория: қатысушылар", "Орындалуы туралы мәлімет"]
RU_HEADER = ["№", "Направления проектной деятельности", "Наименование мероприятия, форма проведения",
             "Сроки проведения", "Ответственные", "Партнёры", "Целевая аудитория: участники",
             "Информация о выполнении"]
TEMPLATE = "Әлеуметтік желіге жариялау /Сілтеме/"


def plan_row(number, project, title, when, audience="5-9 сыныптар", evidence=TEMPLATE,
             responsible="Фракция мүшелері", partners="ДТЖО\nТәлімгер") -> list:
    """One plan row, cells in the order of KK_HEADER; None leaves a cell empty."""
    return [number, project, title, when, responsible, partners, audience, evidence]


def build(path: Path, rows: list[list], merges=(), title: str = "Жоспар", sheets=()) -> bytes:
    """Saves a workbook whose first sheet holds `rows` (row 1 first, cells from column A, None
    for an empty cell) with `merges` ("A1:H1"), then each extra sheet given as
    (title, rows, merges, state); returns the file's bytes."""
    workbook = openpyxl.Workbook()
    _fill(workbook.active, title, rows, merges)
    for sheet_title, sheet_rows, sheet_merges, state in sheets:
        sheet = workbook.create_sheet()
        _fill(sheet, sheet_title, sheet_rows, sheet_merges)
        sheet.sheet_state = state
    workbook.save(path)
    return path.read_bytes()


def _fill(sheet, title: str, rows: list[list], merges) -> None:
    sheet.title = title
    for row_no, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=row_no, column=col, value=value)
    for merge in merges:
        sheet.merge_cells(merge)


def with_cached_formula_value(data: bytes, value: str) -> bytes:
    """The workbook with the text `value` as the cached result of its (single) formula, as Excel
    saves it; openpyxl itself writes formulas without one."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(b'"><f>', b'" t="str"><f>').replace(b"<v></v>", f"<v>{value}</v>".encode())
            target.writestr(item, content)
    return out.getvalue()
