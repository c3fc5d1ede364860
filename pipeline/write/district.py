"""The district summary as the Word and Excel files the district department reads: schools
sorted by completion with a chart, each school's fractions, the totals and the files that got no
report. Both look like the plan reports: the same page setup, styles, tables and native charts
(the helpers of `write_docx` and `write_xlsx`)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter
from pathlib import Path, PurePosixPath

import pandas as pd
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.base import labels
from pipeline.evaluate.district import DistrictSummary, academic_year, rate
from pipeline.evaluate.report import period_label, period_name
from pipeline.read.excel import REPORT_CREATOR
from pipeline.write.atomic import atomic_path
from pipeline.write.plan_excel import (
    _CAPTION_FONT,
    _TITLE_FONT,
    KIND_STYLES,
    MIN_WIDTH,
    NUMBER,
    PERCENT,
    TEXT,
    _Column,
    _completion_chart,
    _finish_sheet,
    _named_styles,
    _stats_columns,
    _title_rows,
    _write_table,
)
from pipeline.write.plan_word import (
    BODY_PT,
    BODY_STYLE_ID,
    CAPTION_STYLE_ID,
    CHART_FRAME_MM,
    LANGUAGE_TAGS,
    NO_VALUE,
    TEXT_WIDTH_MM,
    TITLE_PT,
    _add_heading,
    _add_page_numbers,
    _add_paragraph,
    _add_row,
    _capital,
    _inline_chart,
    _merge,
    _new_table,
    _percent,
    _rate_words,
    _set_page,
    _set_styles,
    _xml_text,
    add_centered_lines,
    chart_xml,
)
from schemas import STATUSES
from schemas import DistrictFractions as DF
from schemas import DistrictSchools as D

# A Word chart holds at most this many schools, so that it fits on a page; more make more charts.
SCHOOLS_PER_CHART = 20
CHART_SCHOOL_MM = 10            # a bar and a school name of up to two lines
CHART_LABEL_CHARS = 60          # longer school names are cut in the chart (the tables have them whole)
# An Excel chart grows with the schools up to this height; Excel then skips some names.
MAX_XLSX_CHART_CM = 45
XLSX_CHART_COLUMN = "D"
ELLIPSIS = "…"


def write_district_docx(summary: DistrictSummary, target: Path) -> Path:
    """The summary written to `target` as a .docx, whole or not at all."""
    document = district_document(summary)
    with atomic_path(target) as tmp:
        document.save(str(tmp))
    return target


def write_district_xlsx(summary: DistrictSummary, target: Path) -> Path:
    """The summary written to `target` as an .xlsx, whole or not at all."""
    workbook = district_workbook(summary)
    with atomic_path(target) as tmp:
        workbook.save(tmp)
    return target


# --- what both files show ---------------------------------------------------------------------------

def school_names(schools: pd.DataFrame, lang: str) -> dict[str, str]:
    """Each plan's school as the summary names it, by source: the school from the plan's title;
    with the file name when another plan names the same school, with its subfolder when it is
    kept in one; the file name when the title names none."""
    t = labels.translator(lang)
    names = [str(s).strip() for s in schools[D.school]]
    folders = [PurePosixPath(source).parent.as_posix() for source in schools[D.source]]
    counts = Counter(name.casefold() for name in names)
    in_folder = Counter((name.casefold(), folder) for name, folder in zip(names, folders))
    shown = {}
    for source, name, folder in zip(schools[D.source], names, folders):
        # plans kept in a folder per school: the folder names the school too, unless it holds
        # another plan of the same school
        where = folder if folder != "." and in_folder[name.casefold(), folder] == 1 else None
        if not name:
            shown[source] = t("district.unnamed_school", file=source)
        elif counts[name.casefold()] > 1 and where is None:
            shown[source] = t("district.same_school", school=name, file=source)
        elif where is not None:
            shown[source] = t("district.same_school", school=name, file=where)
        else:
            shown[source] = name
    return shown


def fraction_numbers(summary: DistrictSummary) -> list[int]:
    """1..N, N the highest fraction number of any plan."""
    numbers = summary.fractions[DF.fraction_no]
    return list(range(1, int(numbers.max()) + 1)) if len(numbers) else []


def fraction_rates(summary: DistrictSummary) -> dict[tuple[str, int], float | None]:
    """Each plan's completion rate by fraction number, by (source, number)."""
    fractions = summary.fractions
    return {(source, int(number)): None if pd.isna(value) else float(value) for source, number, value
            in zip(fractions[DF.source], fractions[DF.fraction_no], fractions[DF.completion_rate])}


def district_fraction_rates(summary: DistrictSummary) -> dict[int, float | None]:
    """The district's completion rate by fraction number: held over due of every plan's
    fraction with that number."""
    sums = summary.fractions.groupby(DF.fraction_no)[[DF.held, DF.due]].sum()
    return {int(number): rate(int(row[DF.held]), int(row[DF.due])) for number, row in sums.iterrows()}


def common_fraction_names(summary: DistrictSummary) -> dict[int, str]:
    """By fraction number, the name the plans give it most often (plans name their fractions
    their own way; a plan without a name does not count)."""
    names: dict[int, Counter] = {}
    for number, name in zip(summary.fractions[DF.fraction_no], summary.fractions[DF.fraction]):
        if str(name).strip():
            names.setdefault(int(number), Counter())[str(name).strip()] += 1
    return {number: counts.most_common(1)[0][0] for number, counts in sorted(names.items())}


def _rate_value(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _period_title(summary: DistrictSummary) -> str:
    return _capital(period_label(summary.period, summary.lang)) if summary.period else ""


def _period_name(summary: DistrictSummary) -> str:
    return period_name(summary.period, summary.lang) if summary.period else ""


def _year_line(summary: DistrictSummary, t) -> str:
    return t("period.academic_year", year=academic_year(summary.period)) if summary.period else ""


# --- Word ---------------------------------------------------------------------------------------------

def district_document(summary: DistrictSummary) -> DocumentObject:
    """The summary as a python-docx document, in `summary.lang`."""
    t = labels.translator(summary.lang)
    summary = _xml_safe(summary)
    names = school_names(summary.schools, summary.lang)
    document = Document()
    _set_page(document)
    _set_styles(document, summary.lang)
    _add_page_numbers(document)
    _set_properties(document, summary, t)
    _add_title(document, summary, t)
    _add_heading(document, t("word.section_summary"), level=1)
    _add_paragraph(document, " ".join(summary_sentences(summary, names, t)), BODY_STYLE_ID)
    if len(summary.schools):
        _add_heading(document, t("district.section_schools"), level=1)
        _add_charts(document, summary, names, t)
        _add_schools_table(document, summary, names, t)
        _add_fractions_table(document, summary, names, t)
    _add_failures(document, summary, t)
    return document


def _xml_safe(summary: DistrictSummary) -> DistrictSummary:
    """The summary with only characters a document can hold in its texts (school and fraction
    names come from the users' files)."""
    def frame(data: pd.DataFrame) -> pd.DataFrame:
        data = data.copy()
        for column in data.columns:
            if pd.api.types.is_string_dtype(data[column]) or data[column].dtype == object:
                data[column] = data[column].map(lambda v: _xml_text(v) if isinstance(v, str) else v)
        return data
    return dataclasses.replace(summary, schools=frame(summary.schools), fractions=frame(summary.fractions),
                               failures=frame(summary.failures))


def _set_properties(document: DocumentObject, summary: DistrictSummary, t) -> None:
    """File properties; fixed timestamps keep the output reproducible."""
    props = document.core_properties
    props.title = t("district.title")
    props.subject = _period_title(summary)
    props.author = props.last_modified_by = props.comments = props.keywords = ""
    props.language = LANGUAGE_TAGS.get(summary.lang, summary.lang)
    props.created = props.modified = dt.datetime.combine(summary.as_of, dt.time())
    props.revision = 1


def _add_title(document: DocumentObject, summary: DistrictSummary, t) -> None:
    lines = [
        (t("district.title"), TITLE_PT, True, False),
        (_year_line(summary, t), BODY_PT, False, False),
        (_period_title(summary), BODY_PT, True, False),
        (t("period.as_of", date=summary.as_of.strftime("%d.%m.%Y")), BODY_PT, False, True),
        (_estimate_line(summary, t), BODY_PT, True, True),
    ]
    add_centered_lines(document, lines)


def _estimate_line(summary: DistrictSummary, t) -> str:
    """The line saying the quarters' dates are estimated, when some plan's year had no calendar."""
    years = ", ".join(summary.estimated_years)
    return t("calendar.report_line", year=years) if years else ""


def summary_sentences(summary: DistrictSummary, names: dict[str, str], t) -> list[str]:
    """The summary in plain words: plans summed up and files without a report; for the plans,
    activities, due and held occurrences, the completion rate, activities by status, links and
    (for a quarter) the rate since 1 September; the schools (and files) of plans evaluated for
    another period."""
    totals = summary.totals
    sentences = [t("district.summary_plans", plans=totals["plans"], failed=totals["plans_failed"])]
    if summary.period is None:
        return sentences + [t("district.no_plans")]
    counts = ", ".join(f"{t(f'status.{status}')} — {totals[status]}" for status in STATUSES)
    sentences += [
        t("district.summary_scope", period=_period_name(summary), activities=totals["activities"]),
        t("word.summary_completion", due=totals["due"], held=totals["held"],
          rate=_rate_words(totals["completion_rate"], t)),
        t("word.summary_statuses", counts=counts),
        t("word.summary_links", links=totals["links"]),
    ]
    if summary.period.scope != "year":
        sentences.append(t("word.summary_year_to_date", rate=_rate_words(totals["ytd_completion_rate"], t)))
    if summary.other_period:
        shown = [name if source in name else t("district.same_school", school=name, file=source)
                 for source, name in ((s, names[s]) for s in summary.other_period)]
        sentences.append(t("district.summary_other_period", files=", ".join(shown)))
    return sentences


def _chart_label(name: str) -> str:
    return name if len(name) <= CHART_LABEL_CHARS else name[:CHART_LABEL_CHARS - 1].rstrip() + ELLIPSIS


def _add_charts(document: DocumentObject, summary: DistrictSummary, names: dict[str, str], t) -> None:
    """Native Word bar charts of the completion rate by school, highest on top, for the schools
    that had something due; as few charts as hold `SCHOOLS_PER_CHART` schools each, the schools
    shared evenly between them."""
    rated = summary.schools[summary.schools[D.completion_rate].notna()]
    parts = math.ceil(len(rated) / SCHOOLS_PER_CHART)
    size = math.ceil(len(rated) / parts) if parts else 0
    series_name = _capital(_period_name(summary))
    lang = LANGUAGE_TAGS.get(summary.lang, summary.lang)
    for part in range(parts):
        chunk = rated.iloc[part * size:(part + 1) * size]
        title = t("district.chart_title")
        if parts > 1:
            title = t("district.chart_part", title=title, part=part + 1, parts=parts)
        blob = chart_xml(title, [_chart_label(names[s]) for s in chunk[D.source]],
                         [(series_name, [round(r * 100, 1) for r in chunk[D.completion_rate]])], lang)
        chart = Part(PackURI(f"/word/charts/chart{part + 1}.xml"), CT.DML_CHART, blob, document.part.package)
        drawing = _inline_chart(document.part.relate_to(chart, RT.CHART), TEXT_WIDTH_MM,
                                CHART_FRAME_MM + len(chunk) * CHART_SCHOOL_MM)
        # Every drawing of a document needs its own id.
        properties = drawing.find(f".//{qn('wp:docPr')}")
        properties.set("id", str(part + 1))
        properties.set("name", f"Chart {part + 1}")
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.add_run()._r.append(drawing)


_SCHOOL_COUNTS = (D.activities, D.expected, D.due, D.held)


def _add_schools_table(document: DocumentObject, summary: DistrictSummary, names: dict[str, str], t) -> None:
    """Per school, highest completion first: activities, expected, due and held occurrences,
    the rates of the period and the year to date, links; the district's totals last."""
    headers = ([t(f"column.{c}") for c in _SCHOOL_COUNTS]
               + [t("column.completion_rate"), t("district.ytd_completion_rate"), t("column.links")])
    number_width = 13.0
    widths = [8.0, TEXT_WIDTH_MM - 8.0 - number_width * len(headers)] + [number_width] * len(headers)
    _add_paragraph(document, t("district.table_schools", period=_period_name(summary)), CAPTION_STYLE_ID)
    table = _new_table(document, widths)
    _add_row(table, [t("word.number"), t("district.school")] + headers, header=True,
             rotate=range(2, len(widths)))
    for position, row in enumerate(summary.schools.itertuples(index=False), start=1):
        _add_row(table, [str(position), names[row.source]]
                 + [str(getattr(row, c)) for c in _SCHOOL_COUNTS]
                 + [_percent(_rate_value(row.completion_rate)), _percent(_rate_value(row.ytd_completion_rate)),
                    str(row.links)], numeric_from=2, centered=(0,))
    totals = summary.totals
    _add_row(table, ["", t("word.total")] + [str(totals[c]) for c in _SCHOOL_COUNTS]
             + [_percent(totals["completion_rate"]), _percent(totals["ytd_completion_rate"]), str(totals["links"])],
             total=True, numeric_from=2, centered=(0,))


def _add_fractions_table(document: DocumentObject, summary: DistrictSummary, names: dict[str, str], t) -> None:
    """School × fraction number: each fraction's completion rate, the district's by fraction
    last; the names the plans most often give the fractions below."""
    numbers = fraction_numbers(summary)
    if not numbers:
        return
    school_width = max(40.0, TEXT_WIDTH_MM - 8.0 - 14.0 * len(numbers))
    number_width = (TEXT_WIDTH_MM - 8.0 - school_width) / len(numbers)
    widths = [8.0, school_width] + [number_width] * len(numbers)
    _add_paragraph(document, t("district.table_fractions", period=_period_name(summary)), CAPTION_STYLE_ID)
    table = _new_table(document, widths)
    _add_row(table, [t("word.number"), t("district.school"), t("column.fraction")] + [""] * (len(numbers) - 1),
             header=True)
    _add_row(table, ["", ""] + [str(n) for n in numbers], header=True)
    _merge(table, (0, 0), (1, 0))
    _merge(table, (0, 1), (1, 1))
    _merge(table, (0, 2), (0, 1 + len(numbers)))
    rates = fraction_rates(summary)
    for position, source in enumerate(summary.schools[D.source], start=1):
        _add_row(table, [str(position), names[source]] + [_percent(rates.get((source, n))) for n in numbers],
                 numeric_from=2, centered=(0,))
    district = district_fraction_rates(summary)
    _add_row(table, ["", t("word.total")] + [_percent(district.get(n)) for n in numbers],
             total=True, numeric_from=2, centered=(0,))
    common = common_fraction_names(summary)
    if common:
        legend = "; ".join(f"{number} — {name}" for number, name in common.items())
        paragraph = _add_paragraph(document, t("district.fraction_names", names=legend), BODY_STYLE_ID)
        paragraph.paragraph_format.space_before = Pt(6)


def _add_failures(document: DocumentObject, summary: DistrictSummary, t) -> None:
    """The files that got no report, each with the reason in the user's language."""
    number = 3 if len(summary.schools) else 2  # section 2 (the schools) is left out without plans
    _add_heading(document, t("district.section_failures", number=number), level=1)
    if summary.failures.empty:
        _add_paragraph(document, t("district.no_failures"), BODY_STYLE_ID)
        return
    widths = [8.0, 55.0, TEXT_WIDTH_MM - 63.0]
    _add_paragraph(document, t("district.table_failures"), CAPTION_STYLE_ID)
    table = _new_table(document, widths)
    _add_row(table, [t("word.number"), t("column.file"), t("district.reason")], header=True)
    for position, row in enumerate(summary.failures.itertuples(index=False), start=1):
        _add_row(table, [str(position), row.source, row.message or NO_VALUE], centered=(0,))


# --- Excel --------------------------------------------------------------------------------------------

def district_workbook(summary: DistrictSummary) -> Workbook:
    """The summary as an unsaved workbook: summary, schools, school × fraction, fractions and
    the files without a report."""
    t = labels.translator(summary.lang)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for style in _named_styles():
        workbook.add_named_style(style)
    workbook.properties.title = t("district.title")
    # Marks the workbook as this tool's, so that one put into input/ is not read as a plan.
    workbook.properties.creator = REPORT_CREATOR
    names = school_names(summary.schools, summary.lang)
    summary_sheet = workbook.create_sheet(t("xlsx.sheet_summary"))
    schools_sheet = workbook.create_sheet(t("district.sheet_schools"))
    _schools_sheet(schools_sheet, summary, names)
    _summary_sheet(summary_sheet, summary, schools_sheet)
    _matrix_sheet(workbook.create_sheet(t("district.sheet_matrix")), summary, names)
    _fractions_sheet(workbook.create_sheet(t("xlsx.sheet_fractions")), summary, names)
    _failures_sheet(workbook.create_sheet(t("district.sheet_failures")), summary)
    return workbook


def _finish(sheet: Worksheet, header_row: int, columns: int, last_row: int, widths: dict[int, int],
            summary: DistrictSummary, **options) -> None:
    """The plan report's finish (widths, frozen header, filter, landscape A4 with the period in
    the page header); without a period, when no plan got a report, widths and frozen header only."""
    if summary.period is not None:
        _finish_sheet(sheet, header_row, columns, last_row, widths, summary, **options)
        return
    for col, width in widths.items():
        sheet.column_dimensions[get_column_letter(col)].width = max(MIN_WIDTH, width)
    sheet.freeze_panes = f"A{header_row + 1}"


def _summary_sheet(sheet: Worksheet, summary: DistrictSummary, schools_sheet: Worksheet) -> None:
    """Title, period and as-of date; the district's totals, and beside them the bar chart of
    completion by school (from the schools sheet)."""
    t = labels.translator(summary.lang)
    header_row = _title_rows(sheet, [
        (t("district.title"), _TITLE_FONT),
        (_period_title(summary), _CAPTION_FONT),
        (_year_line(summary, t), None),
        (t("period.as_of", date=summary.as_of.strftime("%d.%m.%Y")), None),
        *[(line, _CAPTION_FONT) for line in [_estimate_line(summary, t)] if line],
    ]) + 1
    totals = summary.totals
    rows = [[t("district.plans"), totals["plans"]], [t("district.plans_failed"), totals["plans_failed"]]]
    rows += [[t(f"column.{c}"), totals[c]] for c in _SCHOOL_COUNTS]
    rate_rows = [len(rows), len(rows) + 1]
    rows += [[t("column.completion_rate"), totals["completion_rate"]],
             [t("district.ytd_completion_rate"), totals["ytd_completion_rate"]]]
    rows += [[f'{t("column.status")}: {t(f"status.{s}")}', totals[s]] for s in STATUSES]
    rows.append([t("column.links"), totals["links"]])
    columns = [_Column(t("district.indicator"), cap=40), _Column(t("district.value"), NUMBER, 14)]
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, header_row, columns, rows, widths)
    for index in rate_rows:
        sheet.cell(row=header_row + 1 + index, column=2).style = KIND_STYLES[PERCENT]
    rated = int(summary.schools[D.completion_rate].notna().sum())
    if rated:
        # The schools sheet's rate column is where the plan report's chart reads its rates.
        chart = _completion_chart(schools_sheet, 1, 1 + rated,
                                  t("district.xlsx_chart_title", period=_period_name(summary)))
        chart.height = min(chart.height, MAX_XLSX_CHART_CM)
        sheet.add_chart(chart, f"{XLSX_CHART_COLUMN}{header_row}")
    _finish(sheet, header_row, len(columns), last_row, widths, summary, repeat_header=False)
    # A two-column list of totals needs neither a filter nor a frozen header.
    sheet.auto_filter.ref = None
    sheet.freeze_panes = None


def _schools_sheet(sheet: Worksheet, summary: DistrictSummary, names: dict[str, str]) -> None:
    """One row per school, highest completion first, as the plan report's statistics table (so
    that its chart reads the rates), with the year to date's rate, academic year and file; the
    district's totals last."""
    t = labels.translator(summary.lang)
    stats = _stats_columns(summary.lang)
    columns = ([_Column(t("district.school"), cap=45)] + stats[1:6]
               + [_Column(t("district.ytd_completion_rate"), PERCENT, 14)] + stats[6:]
               + [_Column(t("district.academic_year"), cap=12), _Column(t("column.file"), cap=40)])
    rows = [[names[row[D.source]]] + [int(row[c]) for c in _SCHOOL_COUNTS]
            + [_rate_value(row[D.completion_rate]), _rate_value(row[D.ytd_completion_rate])]
            + [int(row[s]) for s in STATUSES] + [int(row[D.links]), row[D.academic_year], row[D.source]]
            for row in summary.schools.to_dict("records")]
    totals = summary.totals
    total = ([t("xlsx.total")] + [totals[c] for c in _SCHOOL_COUNTS]
             + [totals["completion_rate"], totals["ytd_completion_rate"]]
             + [totals[s] for s in STATUSES] + [totals["links"], "", ""])
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, rows, widths, total)
    _finish(sheet, 1, len(columns), last_row, widths, summary, filter_last_row=1 + len(rows))


def _matrix_sheet(sheet: Worksheet, summary: DistrictSummary, names: dict[str, str]) -> None:
    """School × fraction number: each fraction's completion rate, schools in the schools
    sheet's order, the district's rate by fraction last."""
    t = labels.translator(summary.lang)
    numbers = fraction_numbers(summary)
    columns = ([_Column(t("district.school"), cap=45)]
               + [_Column(t("district.fraction_number", number=n), PERCENT, 14) for n in numbers]
               + [_Column(t("column.file"), cap=40)])
    rates = fraction_rates(summary)
    rows = [[names[source]] + [rates.get((source, n)) for n in numbers] + [source]
            for source in summary.schools[D.source]]
    district = district_fraction_rates(summary)
    total = [t("xlsx.total")] + [district.get(n) for n in numbers] + [""]
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, rows, widths, total if rows else None)
    _finish(sheet, 1, len(columns), last_row, widths, summary, filter_last_row=1 + len(rows))


def _fractions_sheet(sheet: Worksheet, summary: DistrictSummary, names: dict[str, str]) -> None:
    """One row per plan and fraction with its figures, for sorting and filtering."""
    t = labels.translator(summary.lang)
    counts = (DF.expected, DF.due, DF.held)
    columns = ([_Column(t("district.school"), cap=45), _Column(t("column.fraction_no"), NUMBER, 12),
                _Column(t("column.fraction"), cap=40)]
               + [_Column(t(f"column.{c}"), NUMBER, 14) for c in counts]
               + [_Column(t("column.completion_rate"), PERCENT, 14), _Column(t("column.file"), cap=40)])
    unnamed = t("check.fraction_unnamed")
    rows = [[names[row[DF.source]], int(row[DF.fraction_no]), row[DF.fraction] or unnamed]
            + [int(row[c]) for c in counts] + [_rate_value(row[DF.completion_rate]), row[DF.source]]
            for row in summary.fractions.to_dict("records")]
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, rows, widths)
    _finish(sheet, 1, len(columns), last_row, widths, summary)


def _failures_sheet(sheet: Worksheet, summary: DistrictSummary) -> None:
    """The files that got no report and why."""
    t = labels.translator(summary.lang)
    columns = [_Column(t("column.file"), TEXT, 40), _Column(t("district.reason"), TEXT, 90)]
    rows = [[row.source, row.message] for row in summary.failures.itertuples(index=False)]
    widths: dict[int, int] = {}
    last_row = _write_table(sheet, 1, columns, rows, widths)
    _finish(sheet, 1, len(columns), last_row, widths, summary)


def write_district_reports(summary: DistrictSummary, output_dir: Path) -> list[Path]:
    """The district summary's Word and Excel files in `output_dir/district-<year>-<period>/`."""
    if summary.period is None:
        name = "district"
    else:
        scope = summary.period.scope
        name = f"district-{academic_year(summary.period)}-{'year' if scope == 'year' else 'Q' + scope}"
    folder = output_dir / name
    return [write_district_docx(summary, folder / f"{name}.docx"), write_district_xlsx(summary, folder / f"{name}.xlsx")]
