"""The Word report a methodologist sends to the district: one plan's completion in one period.

A4 portrait, Times New Roman, the margins of official documents (DOMAIN.md), a native Word bar
chart of completion by fraction, tables whose header rows repeat on every page, clickable links
and signature lines for the people in the plan's stamp block. Every text comes from the label
table, in the report's language."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import quote
from xml.sax.saxutils import escape

import numpy as np
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

from pipeline.base import labels
from pipeline.evaluate.report import PlanReport, estimate_line, grade_runs, period_label, period_name
from pipeline.write.atomic import atomic_path
from schemas import Activities, FractionStats, QuarterStatus

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
CHART_ROW_MM = 11               # room for a category label of two lines
CHART_BAR_MM = 6
ROTATED_HEADER_MM = 30          # height of a header row whose texts run bottom to top
LANGUAGE_TAGS = {"kk": "kk-KZ", "ru": "ru-RU"}
PROBLEM_STATUSES = ("not_held", "not_confirmed", "partial")
STATUS_ORDER = ("done", "partial", "not_held", "not_confirmed", "moved", "planned")
NO_VALUE = "—"
SIGNATURE_LINE = "_" * 16
# Paragraphs name their style by id: python-docx looks a style name up by comparing it with
# the document's default style, which costs more than the paragraph itself.
BODY_STYLE, BODY_STYLE_ID = "Report Body", "ReportBody"
CAPTION_STYLE, CAPTION_STYLE_ID = "Report Caption", "ReportCaption"
TABLE_TEXT_STYLE, TABLE_TEXT_STYLE_ID = "Report Table Text", "ReportTableText"
HEADING_STYLE_IDS = {1: "Heading1", 2: "Heading2"}  # "Heading 1", "Heading 2" of python-docx's template
DATE_FORMAT = "%d.%m.%Y"
CHART_PART = "/word/charts/chart1.xml"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
EMU_PER_MM = 36000

A, S, F = Activities, QuarterStatus, FractionStats
Links = tuple[str, ...]
CellValue = str | Links


def write_docx(report: PlanReport, target: Path) -> Path:
    """The report written to `target` as a .docx, whole or not at all (an existing file is
    replaced only once the new one is complete)."""
    document = build_document(report)
    with atomic_path(target) as tmp:
        document.save(str(tmp))
    return target


def build_document(report: PlanReport) -> DocumentObject:
    """The report as a python-docx document, in `report.lang`."""
    t = labels.translator(report.lang)
    report = xml_safe(report)
    document = Document()
    _set_page(document)
    _set_styles(document, report.lang)
    _add_page_numbers(document)
    _set_properties(document, report, t)
    view = ReportView.of(report)
    _add_title_block(document, report, t)
    _add_summary(document, report, view, t)
    _add_statistics(document, report, view, t)
    _add_activities(document, view, t)
    _add_problems(document, view, t)
    _add_signatures(document, report, t)
    return document


# --- what the report shows, from the frames ---------------------------------------------------

# Characters XML 1.0 cannot hold (control characters, lone surrogates): python-docx refuses them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def xml_safe(report: PlanReport) -> PlanReport:
    """The report with every text a document can hold: characters XML cannot carry removed
    from the plan's own words (they may come from any file the user has)."""
    def frame(data: pd.DataFrame) -> pd.DataFrame:
        unsafe = [column for column, values in data.items()
                  if (pd.api.types.is_string_dtype(values) or values.dtype == object)
                  and any(isinstance(v, str) and _NOT_XML.search(v) for v in values)]
        if not unsafe:
            return data
        data = data.copy()
        for column in unsafe:
            data[column] = data[column].map(lambda v: _xml_text(v) if isinstance(v, str) else v)
        return data
    return dataclasses.replace(
        report, school=_xml_text(report.school), plan_title=_xml_text(report.plan_title),
        academic_year=_xml_text(report.academic_year), approver=_xml_text(report.approver),
        agreer=_xml_text(report.agreer), activities=frame(report.activities), status=frame(report.status),
        fraction_stats=frame(report.fraction_stats))


@dataclass(frozen=True)
class ReportView:
    """The frames joined and ordered as the report shows them: the plan's fractions (number to
    name, "(атауы жоқ)" when the plan names none), this period's activities with their status,
    and the statistics by scope (a fraction's row as a dict: one lookup in a frame costs more
    than writing its table cell)."""
    fractions: dict[int, str]
    rows: pd.DataFrame
    stats: dict[str, dict[int, dict]]
    total_rates: dict[str, float | None]

    @classmethod
    def of(cls, report: PlanReport) -> ReportView:
        activities = report.activities
        unnamed = labels.text("check.fraction_unnamed", report.lang)
        fractions = {int(number): name.strip() or unnamed for number, name in
                     activities[[A.fraction_no, A.fraction]].drop_duplicates(A.fraction_no)
                     .sort_values(A.fraction_no).itertuples(index=False, name=None)}
        columns = [A.source, A.activity_id, A.fraction_no, A.fraction, A.title, A.date_text,
                   A.start_date, A.end_date, A.frequency]
        # Activities first: the join keeps the plan's own row order.
        rows = activities[columns].merge(report.status.drop(columns=[S.quarter]),
                                         on=[A.source, A.activity_id], how="inner")
        stats: dict[str, dict[int, dict]] = {}
        names = list(report.fraction_stats.columns)
        for values in report.fraction_stats.itertuples(index=False, name=None):
            row = dict(zip(names, values))
            stats.setdefault(row[F.scope], {})[row[F.fraction_no]] = row
        total_rates = {scope: _total_rate(by_fraction.values()) for scope, by_fraction in stats.items()}
        return cls(fractions, rows.reset_index(drop=True), stats, total_rates)

    def _stat(self, scope: str, fraction_no: int, column: str):
        row = self.stats.get(scope, {}).get(fraction_no)
        value = None if row is None else row[column]
        return None if value is None or pd.isna(value) else value

    def count(self, scope: str, fraction_no: int, column: str) -> int:
        """One fraction's count in `scope`, 0 when the statistics have no row for it."""
        return int(self._stat(scope, fraction_no, column) or 0)

    def rate(self, scope: str, fraction_no: int) -> float | None:
        """One fraction's completion rate in `scope`, None when nothing was due."""
        value = self._stat(scope, fraction_no, F.completion_rate)
        return None if value is None else float(value)

    def words(self, scope: str, fraction_no: int, column: str) -> str:
        """One fraction's text statistic (grades, partners, forms) in `scope`."""
        return str(self._stat(scope, fraction_no, column) or "")

    def total(self, scope: str, column: str) -> int:
        """A count summed over the fractions in `scope`."""
        return sum(int(row[column]) for row in self.stats.get(scope, {}).values())

    def total_rate(self, scope: str) -> float | None:
        """Held (capped per activity) over due for all fractions in `scope`."""
        return self.total_rates.get(scope)


def _total_rate(stats: Iterable[dict]) -> float | None:
    """Held (capped per activity) over due for all fractions: each fraction's rate weighted
    by its due occurrences, the same ratio as over the activities themselves."""
    counted = [(row[F.completion_rate], row[F.due]) for row in stats
               if not pd.isna(row[F.completion_rate]) and row[F.due] > 0]
    due = sum(count for _, count in counted)
    if not due:
        return None
    # summed by numpy, as pandas sums a column, so that the rate is the same to the last digit
    held = np.array([rate for rate, _ in counted]) * np.array([count for _, count in counted])
    return float(held.sum() / due)


# --- page, styles, properties -------------------------------------------------------------------

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


def _add_paragraph(document: DocumentObject, text: str, style_id: str) -> Paragraph:
    """A paragraph of `text` in the style with id `style_id`, at the end of the document."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def _add_heading(document: DocumentObject, text: str, level: int) -> Paragraph:
    """A heading of `level` 1 or 2, as python-docx's `add_heading` writes it."""
    return _add_paragraph(document, text, HEADING_STYLE_IDS[level])


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


def _set_properties(document: DocumentObject, report: PlanReport, t) -> None:
    """File properties a reader sees in Word; fixed timestamps keep the output reproducible."""
    props = document.core_properties
    props.title = t("report.title")
    props.subject = report.plan_title
    props.author = report.school
    props.last_modified_by = report.school
    props.comments = ""
    props.keywords = ""
    props.language = LANGUAGE_TAGS.get(report.lang, report.lang)
    stamp = dt.datetime.combine(report.as_of, dt.time())
    props.created = props.modified = stamp
    props.revision = 1


# --- the parts of the report ---------------------------------------------------------------------

def period_line(report: PlanReport) -> str:
    """"II тоқсан (03.11.2025 – 28.12.2025)": the period with its teaching days, capitalised."""
    return _capital(period_label(report.period, report.lang))


def _add_title_block(document: DocumentObject, report: PlanReport, t) -> None:
    lines = [
        (report.school, BODY_PT, True, False),
        (t("report.title"), TITLE_PT, True, False),
        (_plan_title_without_school(report), BODY_PT, False, False),
        (t("period.academic_year", year=report.academic_year) if report.academic_year else "", BODY_PT, False, False),
        (period_line(report), BODY_PT, True, False),
        (t("period.as_of", date=_date(report.as_of)), BODY_PT, False, True),
        (estimate_line(report), BODY_PT, True, True),
    ]
    add_centered_lines(document, lines)


def add_centered_lines(document: DocumentObject, lines: list[tuple[str, float, bool, bool]]) -> None:
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
    paragraph.paragraph_format.space_after = Pt(12)


def _plan_title_without_school(report: PlanReport) -> str:
    """The plan's title without the school name it usually starts with (shown just above)."""
    title, school = report.plan_title.strip(), report.school.strip()
    if school and title.startswith(school) and title[len(school):].strip():
        return title[len(school):].strip()
    return title


def summary_sentences(report: PlanReport, view: ReportView, t) -> list[str]:
    """The summary in plain words: activities, due and held occurrences, the completion rate,
    activities by status, links counted and (for a quarter) the rate since 1 September."""
    scope = "quarter"
    counts = ", ".join(f"{t(f'status.{status}')} — {view.total(scope, status)}" for status in STATUS_ORDER)
    sentences = [
        t("word.summary_scope", period=period_name(report.period, report.lang), activities=view.total(scope, F.activities)),
        t("word.summary_completion", due=view.total(scope, F.due), held=view.total(scope, F.held),
          rate=_rate_words(view.total_rate(scope), t)),
        t("word.summary_statuses", counts=counts),
        t("word.summary_links", links=view.total(scope, F.links)),
    ]
    if report.period.scope != "year":
        sentences.append(t("word.summary_year_to_date", rate=_rate_words(view.total_rate("year_to_date"), t)))
    return sentences


def _add_summary(document: DocumentObject, report: PlanReport, view: ReportView, t) -> None:
    _add_heading(document, t("word.section_summary"), level=1)
    _add_paragraph(document, " ".join(summary_sentences(report, view, t)), BODY_STYLE_ID)


def _add_statistics(document: DocumentObject, report: PlanReport, view: ReportView, t) -> None:
    _add_heading(document, t("word.section_stats"), level=1)
    _add_chart(document, report, view, t)
    _add_completion_table(document, report, view, t)
    _add_status_table(document, report, view, t)
    _add_reach_table(document, report, view, t)


def _scopes(report: PlanReport, t) -> list[tuple[str, str]]:
    """The statistics scopes shown, with their names: the period, and the year to date
    beside a quarter (for the whole year both are the same)."""
    period = period_name(report.period, report.lang)
    period = period[:1].upper() + period[1:]
    if report.period.scope == "year":
        return [("quarter", period)]
    return [("quarter", period), ("year_to_date", t("period.scope_year_to_date"))]


def _fraction_label(number: int, name: str) -> str:
    return f"{number}. {name}"


def _add_completion_table(document: DocumentObject, report: PlanReport, view: ReportView, t) -> None:
    scopes = _scopes(report, t)
    quarter_columns = [F.activities, F.expected, F.due, F.held, F.completion_rate]
    ytd_columns = [F.expected, F.due, F.held, F.completion_rate]
    groups = [(scopes[0], quarter_columns)] + ([(scopes[1], ytd_columns)] if len(scopes) > 1 else [])
    numbers = sum(len(columns) for _, columns in groups)
    number_width = 12.0
    widths = [8.0, TEXT_WIDTH_MM - 8.0 - number_width * numbers] + [number_width] * numbers

    _add_paragraph(document, t("word.table_completion"), CAPTION_STYLE_ID)
    table = _new_table(document, widths)
    top = [t("word.number"), t("column.fraction")]
    second = ["", ""]
    for (_, name), columns in groups:
        top += [name] + [""] * (len(columns) - 1)
        second += [t(f"column.{column}") for column in columns]
    _add_row(table, top, header=True)
    _add_row(table, second, header=True, rotate=range(2, len(widths)))
    _merge(table, (0, 0), (1, 0))
    _merge(table, (0, 1), (1, 1))
    start = 2
    for _, columns in groups:
        _merge(table, (0, start), (0, start + len(columns) - 1))
        start += len(columns)

    def figures(number: int | None) -> list[str]:
        """One fraction's figures by scope, or the totals when `number` is None."""
        cells = []
        for (scope, _), columns in groups:
            for column in columns:
                if column == F.completion_rate:
                    cells.append(_percent(view.total_rate(scope) if number is None else view.rate(scope, number)))
                else:
                    cells.append(str(view.total(scope, column) if number is None else view.count(scope, number, column)))
        return cells

    for number, name in view.fractions.items():
        _add_row(table, [str(number), name] + figures(number), numeric_from=2, centered=(0,))
    _add_row(table, ["", t("word.total")] + figures(None), total=True, numeric_from=2, centered=(0,))


def _add_status_table(document: DocumentObject, report: PlanReport, view: ReportView, t) -> None:
    columns = list(STATUS_ORDER) + [F.links]
    number_width = 14.0
    widths = [8.0, TEXT_WIDTH_MM - 8.0 - number_width * len(columns)] + [number_width] * len(columns)
    _add_paragraph(document, t("word.table_statuses", period=period_name(report.period, report.lang)), CAPTION_STYLE_ID)
    table = _new_table(document, widths)
    headers = [t(f"status.{c}") if c in STATUS_ORDER else t(f"column.{c}") for c in columns]
    _add_row(table, [t("word.number"), t("column.fraction")] + [_capital(h) for h in headers],
             header=True, rotate=range(2, len(widths)))
    for number, name in view.fractions.items():
        _add_row(table, [str(number), name] + [str(view.count("quarter", number, c)) for c in columns],
                 numeric_from=2, centered=(0,))
    _add_row(table, ["", t("word.total")] + [str(view.total("quarter", c)) for c in columns],
             total=True, numeric_from=2, centered=(0,))


def _add_reach_table(document: DocumentObject, report: PlanReport, view: ReportView, t) -> None:
    widths = [8.0, 40.0, 24.0, 50.0, TEXT_WIDTH_MM - 122.0]
    _add_paragraph(document, t("word.table_reach", period=period_name(report.period, report.lang)), CAPTION_STYLE_ID)
    table = _new_table(document, widths)
    _add_row(table, [t("word.number"), t("column.fraction"), t("column.grades"), t("column.partners"),
                     t("column.forms")], header=True)
    for number, name in view.fractions.items():
        grades, partners, forms = (view.words("quarter", number, c) for c in (F.grades, F.partners, F.forms))
        _add_row(table, [str(number), name, grade_ranges(grades) or NO_VALUE,
                         _list_lines(partners) or NO_VALUE, _list_lines(forms) or NO_VALUE], centered=(0,))


def _add_activities(document: DocumentObject, view: ReportView, t) -> None:
    _add_heading(document, t("word.section_activities"), level=1)
    widths = [7.0, 48.0, 25.0, 15.0, 27.0, TEXT_WIDTH_MM - 122.0]
    headers = [t("word.number"), t("column.title"), t("column.date_text"), t("word.expected_held"),
               t("column.status"), t("column.evidence_links")]
    by_fraction: dict[int, list] = {}
    for row in view.rows.itertuples(index=False):
        by_fraction.setdefault(row.fraction_no, []).append(row)
    for number, name in view.fractions.items():
        _add_heading(document, _fraction_label(number, name), level=2)
        rows = by_fraction.get(number)
        if not rows:
            _add_paragraph(document, t("word.no_activities"), BODY_STYLE_ID)
            continue
        table = _new_table(document, widths)
        _add_row(table, headers, header=True)
        for position, row in enumerate(rows, start=1):
            _add_row(table, [
                str(position), row.title, activity_when(row, t), f"{row.expected} / {row.held}",
                status_text(row, t), evidence_links(row.evidence_links),
            ], centered=(0, 3))


def _add_problems(document: DocumentObject, view: ReportView, t) -> None:
    _add_heading(document, t("word.section_problems"), level=1)
    problems = [row for row in view.rows.itertuples(index=False) if row.status in PROBLEM_STATUSES]
    if not problems:
        _add_paragraph(document, t("word.no_problems"), BODY_STYLE_ID)
        return
    widths = [7.0, 44.0, 62.0, 25.0, TEXT_WIDTH_MM - 138.0]
    table = _new_table(document, widths)
    _add_row(table, [t("word.number"), t("column.fraction"), t("column.title"), t("column.date_text"),
                     t("column.status")], header=True)
    for position, row in enumerate(problems, start=1):
        _add_row(table, [str(position), _fraction_label(row.fraction_no, view.fractions[row.fraction_no]), row.title,
                         activity_when(row, t), status_text(row, t)], centered=(0,))


def _add_signatures(document: DocumentObject, report: PlanReport, t) -> None:
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_before = Pt(18)
    lines = [signature(text) for text in (report.approver, report.agreer) if text.strip()]
    lines.append((t("word.compiler") + ":", ""))
    widths = [80.0, 40.0, TEXT_WIDTH_MM - 120.0]
    table = _new_table(document, widths, borders=False)
    for role, name in lines:
        # body text size, not the tables' smaller one
        _add_row(table, [role, SIGNATURE_LINE, name], v_align="bottom", text_style=None, space_before_pt=12)


# --- cell texts -----------------------------------------------------------------------------------

def _date(value) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime(DATE_FORMAT)


def activity_when(row, t) -> str:
    """When the activity takes place, as the plan's own "when" column says it: its frequency
    ("айына 1 рет") for a recurring activity, its dates ("24.09.2025", "01.09.2025 – 15.09.2025"),
    both on two lines when it has both; the written text when neither was read."""
    start, end = _date(row.start_date), _date(row.end_date)
    lines = [t(f"frequency.{row.frequency}")] if row.frequency not in ("once", "unknown") else []
    if start:
        lines.append(start if not end or end == start else f"{start} – {end}")
    return "\n".join(lines) or row.date_text.strip() or NO_VALUE


def status_text(row, t) -> str:
    """The status label; a moved activity says its new date."""
    if row.status == "moved" and _date(row.moved_to):
        return t("word.moved_to", date=_date(row.moved_to))
    return t(f"status.{row.status}")


_LINK_EDGES = ",;"


def evidence_links(text: str) -> Links:
    """The links of an `evidence_links` cell, each once, in order (any whitespace, "," or ";"
    between them)."""
    seen: dict[str, None] = {}
    for token in text.split():
        link = token.strip(_LINK_EDGES)
        if link:
            seen.setdefault(link, None)
    return tuple(seen)


def _rate_words(rate: float | None, t) -> str:
    return t("word.rate_none") if rate is None else _percent(rate)


def _percent(rate: float | None) -> str:
    """"75%" (half up), or a dash when nothing was due."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return NO_VALUE
    return f"{math.floor(rate * 100 + 0.5)}%"


def grade_ranges(grades: str) -> str:
    """"1,2,3,4,7,8,9" as "1–4, 7–9"."""
    return ", ".join(str(low) if low == high else f"{low}–{high}" for low, high in grade_runs(grades))


def _list_lines(text: str) -> str:
    """A "; "-joined list as one item per line."""
    return "\n".join(part.strip() for part in text.split(";") if part.strip())


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- signatures -----------------------------------------------------------------------------------

_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
_LOWER = "a-zа-яёәғқңөұүһі"
_SURNAME = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?"
_INITIALS = rf"[{_UPPER}]\.\s?[{_UPPER}]\.?|[{_UPPER}]\."
# "Байболова Р.Б." (surname first) and "Р.Б. Байболова" (initials first)
_NAME_SURNAME_FIRST = re.compile(rf"(?<![\w.])(?P<surname>{_SURNAME})\s+(?P<initials>{_INITIALS})(?!\w)")
_NAME_INITIALS_FIRST = re.compile(rf"(?<![\w.])(?P<initials>{_INITIALS})\s*(?P<surname>{_SURNAME})(?!\w)")
_INITIAL = re.compile(rf"[{_UPPER}]")
_ROLE_EDGES = " \t*:;,.-–—"


def signature(text: str) -> tuple[str, str]:
    """A stamp-block line as (role, "Surname I.I."): the role is the text before the first
    mention of the person; without a recognizable name, the whole text and no name.

    The name is the last one written ("директоры Р.Б. Байболова Байболова Р.Б" signs as
    "Байболова Р.Б."); in "Директор А.Б. Иванова" the role word followed by initials also looks
    like "Surname I.", so a mention overlapping the name does not end the role."""
    text = " ".join(text.replace("*", " ").split())
    found = [*_NAME_SURNAME_FIRST.finditer(text), *_NAME_INITIALS_FIRST.finditer(text)]
    if not found:
        return text, ""
    named = max(found, key=lambda m: (m.end(), m.re is _NAME_SURNAME_FIRST))
    role_end = min([m.start() for m in found if m.end() <= named.start()] + [named.start()])
    initials = "".join(f"{letter}." for letter in _INITIAL.findall(named["initials"]))
    return _capital(text[:role_end].strip(_ROLE_EDGES)), f"{named['surname']} {initials}"


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


def _new_table(document: DocumentObject, widths_mm: list[float], borders: bool = True) -> ReportTable:
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


def _add_row(table: ReportTable, values: list[CellValue], *, header: bool = False, total: bool = False,
             rotate=(), numeric_from: int | None = None, centered=(), v_align: str | None = None,
             text_style: str | None = TABLE_TEXT_STYLE_ID, space_before_pt: float | None = None) -> None:
    """A row that never splits across pages; header rows repeat on each page, bold, shaded and
    centred in their cells. Every cell's paragraphs are in `text_style` (None: body text) with
    `space_before_pt`, and sit at `v_align` ("bottom") in the cell."""
    height = f'<w:trHeight w:val="{ROTATED_HEADER_TWIPS}" w:hRule="atLeast"/>' if rotate else ""
    xml = [f'<w:tr {_NAMESPACES}><w:trPr><w:cantSplit/>{height}{"<w:tblHeader/>" if header else ""}</w:trPr>']
    fill = HEADER_FILL if header else TOTAL_FILL if total else None
    v_align = "center" if header else v_align
    style = f'<w:pStyle w:val="{text_style}"/>' if text_style else ""
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


def _merge(table: ReportTable, first: tuple[int, int], last: tuple[int, int]) -> None:
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
    """A cell's paragraphs: one per line of text, or its links as clickable hyperlinks, one a
    paragraph with a small gap between them."""
    is_links = isinstance(value, tuple)
    lines = list(value) if is_links else str(value).split("\n")
    last = len(lines) - 1
    xml = []
    for number, line in enumerate(lines or [""]):
        is_link = is_links and bool(line)
        gap = f' w:after="{LINK_GAP_TWIPS}"' if is_link and number < last else ""
        spacing = f"<w:spacing{gap}{space_before}/>" if gap or space_before else ""
        content = _hyperlink(table, line) if is_link else _run(line, bold) if line else ""
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


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# Characters kept as written in a link target; everything else (spaces, Cyrillic) is %-encoded,
# since Word refuses to open a document whose hyperlink target is not a valid URI.
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"


def link_target(link: str) -> str:
    """The address a written link opens: "https://" added when it has no scheme, %-encoded."""
    address = link if _SCHEME.match(link) else f"https://{link}"
    return quote(address, safe=_URL_SAFE)


def _hyperlink(table: ReportTable, link: str) -> str:
    """A blue underlined link, a real w:hyperlink to an external relationship; the text shown
    leaves out "https://" so that it wraps at its "/" in a narrow column."""
    r_id = table.part.relate_to(link_target(link), RT.HYPERLINK, is_external=True)
    return (f'<w:hyperlink r:id="{r_id}"><w:r><w:rPr><w:color w:val="{LINK_COLOR}"/><w:u w:val="single"/>'
            f'</w:rPr><w:t xml:space="preserve">{escape(_SCHEME.sub("", link))}</w:t></w:r></w:hyperlink>')


# --- chart ----------------------------------------------------------------------------------------

def _add_chart(document: DocumentObject, report: PlanReport, view: ReportView, t) -> None:
    """A native Word bar chart of the completion rate by fraction (one series per scope), for
    the fractions that had something due; no chart when none had."""
    scopes = _scopes(report, t)
    rated = [number for number in view.fractions
             if any(view.rate(scope, number) is not None for scope, _ in scopes)]
    if not rated:
        return
    categories = [_fraction_label(number, view.fractions[number]) for number in rated]
    series = []
    for scope, name in scopes:
        rates = [view.rate(scope, number) for number in rated]
        series.append((name, [None if r is None else round(r * 100, 1) for r in rates]))
    blob = chart_xml(t("word.chart_title"), categories, series, LANGUAGE_TAGS.get(report.lang, report.lang))
    part = Part(PackURI(CHART_PART), CT.DML_CHART, blob, document.part.package)
    r_id = document.part.relate_to(part, RT.CHART)
    height_mm = CHART_FRAME_MM + len(categories) * max(CHART_ROW_MM, CHART_BAR_MM * len(series))
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.add_run()._r.append(_inline_chart(r_id, TEXT_WIDTH_MM, height_mm))


def _inline_chart(r_id: str, width_mm: float, height_mm: float):
    cx, cy = int(width_mm * EMU_PER_MM), int(height_mm * EMU_PER_MM)
    return parse_xml(
        f'<w:drawing {nsdecls("w", "wp", "a", "c", "r")}>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="1" name="Chart 1"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{CHART_URI}"><c:chart r:id="{r_id}"/></a:graphicData></a:graphic>'
        f'</wp:inline></w:drawing>')


def _text_props(size_pt: float, lang: str, bold: bool = False) -> str:
    font = f'<a:latin typeface="{FONT}"/><a:ea typeface="{FONT}"/><a:cs typeface="{FONT}"/>'
    b = ' b="1"' if bold else ' b="0"'
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{int(size_pt * 100)}"{b}>{font}'
            f'</a:defRPr></a:pPr><a:endParaRPr lang="{lang}"/></a:p></c:txPr>')


def _str_cache(ref: str, values: list[str]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>'


def _num_cache(ref: str, values: list[float | None]) -> str:
    points = "".join(f'<c:pt idx="{i}"><c:v>{v:g}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return (f'<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>0</c:formatCode>'
            f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>')


def chart_xml(title: str, categories: list[str], series: list[tuple[str, list[float | None]]], lang: str) -> bytes:
    """A chart part (c:chartSpace) with horizontal bars: one bar per category and series, values
    in percent; the cached categories and values are all Word and LibreOffice need to draw it."""
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
        f'</c:chartSpace>')
    return xml.encode("utf-8")
