"""Builds small plan documents with python-docx, laid out as schools type them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH

KK_HEADER = ["№", "Жобалық қызметінің бағыттары", "Іс-шаралар атауы, өткізілу формасы", "Өткізу мерзімі",
             "Жауаптылар", "Серіктестер", "Мақсатты аудитория: қатысушылар", "Орындалуы туралы мәлімет"]
RU_HEADER = ["№", "Направления проектной деятельности", "Наименование мероприятия, форма проведения",
             "Сроки проведения", "Ответственные", "Партнёры", "Целевая аудитория: участники",
             "Информация о выполнении"]
KK_FRONT = ["«БЕКІТЕМІН»", "Көкшетау қаласының №2 МЛ-нің", "директоры ______ Байболова Р.Б", "2025 ж.", "",
            "«КЕЛІСЕМІН»", "Директордың тәрбие ісі жөніндегі орынбасары: ______ Елубай М.Е.", "« » _____ 2025 ж.", "",
            "Көкшетау қаласының №2 МЛ-нің", "«Мектеп парламенті» іс-шара жоспары", "2025-2026 оқу жылы"]
RU_FRONT = ["УТВЕРЖДАЮ", "Директор СОШ №7", "______ Иванова А.А.", "«__» ______ 2025 г.", "",
            "КГУ «Средняя школа №7 города Кокшетау»", "План работы школьного парламента",
            "на 2025-2026 учебный год"]
TEMPLATE = "Әлеуметтік желіге жариялау /Сілтеме/"


def row(number, project, title, when, audience="5-9 сыныптар", evidence=TEMPLATE,
        responsible="Фракция мүшелері", partners="ДТЖО\nПедагог-ұйымдастырушы") -> list[str]:
    """One plan row, cells in the order of KK_HEADER; "\n" in a cell makes separate paragraphs."""
    return [str(number), project, title, when, responsible, partners, audience, evidence]


@dataclass
class Section:
    """A fraction's part of the plan: its headings and its table."""
    rows: list[list[str]]
    month: str | None = "ҚЫРКҮЙЕК АЙЫ"
    fraction: str | None = "1. ҚҰҚЫҚ ЖӘНЕ ТӘРТІП ФРАКЦИЯСЫ"
    header: list[str] = field(default_factory=lambda: list(KK_HEADER))
    merge_project: bool = False  # merge the project column over the rows each name covers


def _fill(cell, text: str) -> None:
    lines = text.split("\n")
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _merge_projects(table, column: int) -> None:
    """Merge each project cell down over the following rows that have no name of their own."""
    rows = table.rows[1:]
    start = None
    for i, r in enumerate(rows + [None]):
        named = r is None or r.cells[column].text.strip()
        if named:
            if start is not None and i - 1 > start:
                top = rows[start].cells[column]
                text = top.text
                merged = top.merge(rows[i - 1].cells[column])
                for paragraph in merged.paragraphs[1:]:
                    paragraph._element.getparent().remove(paragraph._element)
                merged.paragraphs[0].text = text
            start = i if r is not None else None


def build_plan(path: Path, sections: list[Section], front: list[str] = KK_FRONT) -> Path:
    """A .docx plan at `path`: the front lines, then for each section its headings and table."""
    document = docx.Document()
    for line in front:
        paragraph = document.add_paragraph(line)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for section in sections:
        if section.month:
            document.add_paragraph(section.month)
        if section.fraction:
            document.add_paragraph(section.fraction)
        table = document.add_table(rows=1 + len(section.rows), cols=len(section.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, section.header):
            _fill(cell, text)
        for table_row, values in zip(table.rows[1:], section.rows):
            for cell, text in zip(table_row.cells, values):
                _fill(cell, text)
        if section.merge_project:
            _merge_projects(table, 1)
    document.save(path)
    return path


def seed_like_sections(merge_project: bool = False) -> list[Section]:
    """A plan with the real school plan's quirks, cut down: stale years, recurring phrases, a
    project named in its second row, a table without an audience column (audience in the
    completion cell), a fraction without headings, month headings that disagree with the dates,
    a stray word in a date cell and a row without a number."""
    no_audience = [h for h in KK_HEADER if "аудитория" not in h]

    def without_audience(r):
        return r[:6] + [r[6] + "\n" + r[7]]

    return [
        Section([
            row(1, "«ҚҰҚЫҚТЫ Қ МӘДЕНИЕТ » ЖОБАСЫ", "Жобалау кеңсесін құру", "01-15.09. 2023ж"),
            row(2, "", "Сайлау", "15-22.09. 2023ж", audience="1-9 сынып білім алушылары"),
            row(3, "", "Рейд", "Айына бір рет", evidence="Анықтама"),
            row(4, "", "Кездесу", "Токсанына 1 рет", audience="1-4 сыныптар 5-9 сыныптар"),
        ], merge_project=merge_project),
        Section([
            row(1, "", "Ақпараттық бұрыш", "04-08.10.2023ж."),
            row(2, "«ЖАҢАЛЫҚ ЖАРШЫСЫ» ЖОБАСЫ", "Парламент отырысы", "Айына 1 рет"),
            row(3, "", "Жарнамалар", "Аптасына 1 рет", audience="5-7 сынып білім алушылары"),
        ], month="ҚАЗАН АЙЫ", fraction="2. АҚПАРАТ ФРАКЦИЯСЫ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)", merge_project=merge_project),
        Section([
            without_audience(row(1, "«ЕРІКТІЛЕР» ЖОБАСЫ", "«Асар» челлендж", "04-08.01.2024ж.",
                                 audience="7-9 сынып білім алушылары")),
            without_audience(row(2, "", "«Қайырымдылық» іс-шара", "24-28.12.2024ж.")),
        ], month="ҚАҢТАР АЙЫ", fraction="3. ҚАЙЫРЫМДЫЛЫҚ ФРАКЦИЯСЫ", header=no_audience, merge_project=merge_project),
        Section([
            row(1, "", "«Қоғамдық негіздері» пікірталас", "тәртіп 04.03.2022 ж.", audience="7-сынып білім алушылары"),
            row(2, "«ҰШҚЫР ОЙ АЛАҢЫ» ЖОБАСЫ", "Дебат", "10.03.2022 ж."),
        ], month="АҚПАН АЙЫ", fraction="4. ДЕБАТ ҚОЗҒАЛЫСЫНЫҢ ФРАКЦИЯСЫ", merge_project=merge_project),
        Section([
            row(1, "«ЭКО STAR T» ЖОБАСЫ", "Суреттер байқауы", "06-07.04.2022 ж."),
            row("", "", "Көрме", "25-26.04.2022 ж."),
        ], month=None, fraction=None, merge_project=merge_project),
    ]


@dataclass
class Table:
    """A table as a school types it: its header and rows; a row given as a string is a heading row
    merged across the table, a row of cells may hold a heading in its first cell only."""
    header: list[str]
    rows: list[list[str] | str]


def build_document(path: Path, blocks: list[str | Table], author: str | None = None) -> Path:
    """A .docx at `path` from paragraphs (strings) and tables in order; `author` sets the
    document's creator (python-docx otherwise stamps its own name and a 2013 date)."""
    document = docx.Document()
    if author:
        document.core_properties.author = author
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, block.header):
            _fill(cell, text)
        for table_row, values in zip(table.rows[1:], block.rows):
            if isinstance(values, str):
                merged = table_row.cells[0].merge(table_row.cells[-1])
                merged.text = values
                continue
            for cell, text in zip(table_row.cells, values):
                _fill(cell, text)
    document.save(path)
    return path
