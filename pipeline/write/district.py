"""The district summary as the Word and Excel files the district department reads: schools
sorted by completion with a chart, each school's fractions, the totals and the files that got no
report. Both look like the plan reports: they are built from the same Word and Excel kits (page
set-up, styles, tables, native charts), every value written by `words`."""
from __future__ import annotations

import dataclasses
import math
from collections import Counter
from pathlib import Path, PurePosixPath

import pandas as pd

from pipeline.base import labels
from pipeline.evaluate.district import DistrictSummary, academic_year, rate
from pipeline.write import excel_kit, word_kit
from pipeline.write.excel_kit import NUMBER, PERCENT, TEXT, Book, Column, Sheet, Styled
from pipeline.write.plan_excel import RATE_COLUMN, stats_columns
from pipeline.write.word_kit import BODY_PT, BODY_STYLE_ID, CAPTION_STYLE_ID, TEXT_WIDTH_MM, TITLE_PT
from pipeline.write.words import (
    NO_VALUE,
    capital,
    date_text,
    estimate_line,
    fraction_label,
    fraction_name,
    percent,
    percent_number,
    period_label,
    period_line,
    period_name,
    quarter_name,
    rate_words,
)
from pipeline.write.xlsx_parts import BarChart
from schemas import STATUSES
from schemas import DistrictFractions as DF
from schemas import DistrictSchools as D

# A Word chart holds at most this many schools, so that it fits on a page; more make more charts.
SCHOOLS_PER_CHART = 20
# Up to this many schools the charts show each school; more are shown as the share of schools in
# each completion band (`completion_bands`), which stays readable for any number of schools.
MAX_SCHOOLS_CHARTED = 30
# Completion bands of that chart, highest first (as the schools are listed): [low, high] in whole percent.
BANDS = ((80, 100), (60, 79), (40, 59), (20, 39), (0, 19))
# An Excel chart as wide as a landscape A4 page's printed width.
XLSX_CHART_WIDTH_CM = 25
CHART_SCHOOL_MM = 10            # a bar and a school name of up to two lines
CHART_LABEL_CHARS = 60          # longer school names are cut in the chart (the tables have them whole)
# An Excel chart grows with the schools up to this height, which a landscape page prints whole.
MAX_XLSX_CHART_CM = 17
SCHOOL_MIN_MM = 45              # the school column of the schools table is never narrower
ELLIPSIS = "…"


def write_district_docx(summary: DistrictSummary, target: Path) -> Path:
    """The summary written to `target` as a .docx, whole or not at all."""
    return word_kit.save(district_document(summary), target)


def write_district_xlsx(summary: DistrictSummary, target: Path) -> Path:
    """The summary written to `target` as an .xlsx, whole or not at all."""
    return excel_kit.save(district_workbook(summary), target)


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
    fractions = summary.fractions
    sums: dict[int, tuple[int, int]] = {}
    # summed in plain Python: grouping the frame costs more than the few hundred rows it has
    for number, held, due in zip(fractions[DF.fraction_no].tolist(), fractions[DF.held].tolist(),
                                 fractions[DF.due].tolist()):
        before = sums.get(int(number), (0, 0))
        sums[int(number)] = (before[0] + int(held), before[1] + int(due))
    return {number: rate(*sums[number]) for number in sorted(sums)}


def common_fraction_names(summary: DistrictSummary) -> dict[int, str]:
    """By fraction number, the name the plans give it most often (plans name their fractions
    their own way; a plan without a name does not count)."""
    names: dict[int, Counter] = {}
    for number, name in zip(summary.fractions[DF.fraction_no], summary.fractions[DF.fraction]):
        if str(name).strip():
            names.setdefault(int(number), Counter())[fraction_name(name, summary.lang)] += 1
    return {number: counts.most_common(1)[0][0] for number, counts in sorted(names.items())}


def completion_bands(summary: DistrictSummary) -> list[tuple[int, int, int, float]]:
    """How the schools with something due spread over the completion bands: per band (low, high,
    schools, share of those schools). A school falls in the band holding its rate in whole
    percent, as the tables write it."""
    percents = [p for p in (percent_number(r) for r in summary.schools[D.completion_rate]) if p is not None]
    return [(low, high, count, count / len(percents) if percents else 0.0)
            for low, high in BANDS for count in [sum(1 for p in percents if low <= p <= high)]]


def band_label(low: int, high: int, count: int, t) -> str:
    """A band as a chart names it: "80–100% (12 мектеп)"."""
    return t("district.more.band", low=low, high=high, count=count)


def charts_each_school(summary: DistrictSummary) -> bool:
    """Whether the charts show each school (few enough), or the completion bands."""
    return int(summary.schools[D.completion_rate].notna().sum()) <= MAX_SCHOOLS_CHARTED


def _quarter_names(summary: DistrictSummary) -> list[str]:
    """The earlier quarters' names, as the per-quarter columns are headed: "I тоқсан"."""
    return [quarter_name(q, summary.lang) for q in summary.quarters]


def _period_title(summary: DistrictSummary) -> str:
    return period_line(summary.period, summary.lang) if summary.period else ""


def _period_name(summary: DistrictSummary) -> str:
    return period_name(summary.period, summary.lang) if summary.period else ""


def _year_line(summary: DistrictSummary, t) -> str:
    return t("period.academic_year", year=academic_year(summary.period)) if summary.period else ""


# --- Word ---------------------------------------------------------------------------------------------

def district_document(summary: DistrictSummary) -> word_kit.Document:
    """The summary as a Word document, in `summary.lang`."""
    t = labels.translator(summary.lang)
    summary = _xml_safe(summary)
    names = school_names(summary.schools, summary.lang)
    document = word_kit.new_document(summary.lang, title=t("district.title"), subject=_period_title(summary),
                                     author="", as_of=summary.as_of)
    _add_title(document, summary, t)
    word_kit.add_heading(document, t("word.section_summary"), level=1)
    word_kit.add_paragraph(document, " ".join(summary_sentences(summary, names, t)), BODY_STYLE_ID)
    if len(summary.schools):
        word_kit.add_heading(document, t("district.section_schools"), level=1)
        if charts_each_school(summary):
            _add_charts(document, summary, names, t)
        else:
            _add_bands_chart(document, summary, t)
        _add_schools_table(document, summary, names, t)
        _add_fraction_chart(document, summary, t)
        _add_fractions_table(document, summary, names, t)
    _add_failures(document, summary, t)
    return document


def _xml_safe(summary: DistrictSummary) -> DistrictSummary:
    """The summary with only characters a document can hold in its texts (school and fraction
    names come from the users' files)."""
    return dataclasses.replace(summary, schools=word_kit.xml_safe_frame(summary.schools),
                               fractions=word_kit.xml_safe_frame(summary.fractions),
                               failures=word_kit.xml_safe_frame(summary.failures))


def _add_title(document: word_kit.Document, summary: DistrictSummary, t) -> None:
    """The centred title block: summary title, academic year, period, as-of date."""
    lines = [
        (t("district.title"), TITLE_PT, True, False),
        (_year_line(summary, t), BODY_PT, False, False),
        (_period_title(summary), BODY_PT, True, False),
        (t("period.as_of", date=date_text(summary.as_of)), BODY_PT, False, True),
        (estimate_line(summary.estimated_years, summary.lang), BODY_PT, True, True),
    ]
    word_kit.add_centered_lines(document, lines)


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
          rate=rate_words(totals["completion_rate"], summary.lang)),
        t("word.summary_statuses", counts=counts),
        t("word.summary_links", links=totals["links"]),
    ]
    if summary.period.scope != "year":
        sentences.append(t("word.summary_year_to_date", rate=rate_words(totals["ytd_completion_rate"], summary.lang)))
    if summary.other_period:
        shown = [name if source in name else t("district.same_school", school=name, file=source)
                 for source, name in ((s, names[s]) for s in summary.other_period)]
        sentences.append(t("district.summary_other_period", files=", ".join(shown)))
    return sentences


def _chart_label(name: str) -> str:
    return name if len(name) <= CHART_LABEL_CHARS else name[:CHART_LABEL_CHARS - 1].rstrip() + ELLIPSIS


def _add_charts(document: word_kit.Document, summary: DistrictSummary, names: dict[str, str], t) -> None:
    """Native Word bar charts of the completion rate by school, highest on top, for the schools
    that had something due; as few charts as hold `SCHOOLS_PER_CHART` schools each, the schools
    shared evenly between them. Beside a quarter's bar, the quarter before it (who is improving)."""
    rated = summary.schools[summary.schools[D.completion_rate].notna()]
    parts = math.ceil(len(rated) / SCHOOLS_PER_CHART)
    size = math.ceil(len(rated) / parts) if parts else 0
    series_name = capital(_period_name(summary))
    scope = summary.period.scope if summary.period else "year"
    previous = summary.quarters[-1] if summary.quarters and scope != "year" else None
    for part in range(parts):
        chunk = rated.iloc[part * size:(part + 1) * size]
        title = t("district.chart_title")
        if parts > 1:
            title = t("district.chart_part", title=title, part=part + 1, parts=parts)
        series = [(series_name, list(chunk[D.completion_rate]))]
        if previous:
            series.append((capital(quarter_name(previous, summary.lang)),
                           [summary.quarter_rates.get(s, {}).get(previous) for s in chunk[D.source]]))
        word_kit.add_rate_chart(document, title, [_chart_label(names[s]) for s in chunk[D.source]], series,
                                summary.lang, word_kit.CHART_FRAME_MM + len(chunk) * CHART_SCHOOL_MM)


def _add_bands_chart(document: word_kit.Document, summary: DistrictSummary, t) -> None:
    """One bar per completion band: the share of the schools with something due in it."""
    bands = completion_bands(summary)
    word_kit.add_rate_chart(document, t("district.more.bands_chart_title"),
                            [band_label(low, high, count, t) for low, high, count, _ in bands],
                            [(t("district.more.schools_share"), [share for *_, share in bands])], summary.lang,
                            word_kit.CHART_FRAME_MM + len(bands) * CHART_SCHOOL_MM)


def _add_fraction_chart(document: word_kit.Document, summary: DistrictSummary, t) -> None:
    """The district's completion by fraction number (all plans' held over due), named as the
    plans most often name each fraction."""
    rates = district_fraction_rates(summary)
    rated = [number for number in fraction_numbers(summary) if rates.get(number) is not None]
    if not rated:
        return
    common = common_fraction_names(summary)
    categories = [_chart_label(fraction_label(n, common.get(n, ""), summary.lang)) for n in rated]
    word_kit.add_rate_chart(document, t("district.more.fraction_chart_title"), categories,
                            [(capital(_period_name(summary)), [rates[n] for n in rated])], summary.lang,
                            word_kit.CHART_FRAME_MM + len(rated) * CHART_SCHOOL_MM)


_SCHOOL_COUNTS = (D.activities, D.expected, D.due, D.held)


def _add_schools_table(document: word_kit.Document, summary: DistrictSummary, names: dict[str, str], t) -> None:
    """Per school, highest completion first: activities, expected, due and held occurrences,
    the rate of each earlier quarter of the year and of the period, the year to date's, links;
    the district's totals last."""
    headers = ([t(f"column.{c}") for c in _SCHOOL_COUNTS] + _quarter_names(summary)
               + [t("column.completion_rate"), t("district.ytd_completion_rate"), t("column.links")])
    number_width = min(13.0, (TEXT_WIDTH_MM - 8.0 - SCHOOL_MIN_MM) / len(headers))
    widths = [8.0, TEXT_WIDTH_MM - 8.0 - number_width * len(headers)] + [number_width] * len(headers)
    word_kit.add_paragraph(document, t("district.table_schools", period=_period_name(summary)), CAPTION_STYLE_ID)
    table = word_kit.new_table(document, widths)
    word_kit.add_row(table, [t("word.number"), t("district.school")] + headers, header=True,
                     rotate=range(2, len(widths)))
    for position, row in enumerate(summary.schools.itertuples(index=False), start=1):
        earlier = summary.quarter_rates.get(row.source, {})
        word_kit.add_row(table, [str(position), names[row.source]]
                         + [str(getattr(row, c)) for c in _SCHOOL_COUNTS]
                         + [percent(earlier.get(q)) for q in summary.quarters]
                         + [percent(row.completion_rate), percent(row.ytd_completion_rate),
                            str(row.links)], numeric_from=2, centered=(0,))
    totals = summary.totals
    word_kit.add_row(table, ["", t("word.total")] + [str(totals[c]) for c in _SCHOOL_COUNTS]
                     + [percent(summary.district_quarter_rates.get(q)) for q in summary.quarters]
                     + [percent(totals["completion_rate"]), percent(totals["ytd_completion_rate"]), str(totals["links"])],
                     total=True, numeric_from=2, centered=(0,))


def _add_fractions_table(document: word_kit.Document, summary: DistrictSummary, names: dict[str, str], t) -> None:
    """School × fraction number: each fraction's completion rate, the district's by fraction
    last; the names the plans most often give the fractions below."""
    numbers = fraction_numbers(summary)
    if not numbers:
        return
    school_width = max(40.0, TEXT_WIDTH_MM - 8.0 - 14.0 * len(numbers))
    number_width = (TEXT_WIDTH_MM - 8.0 - school_width) / len(numbers)
    widths = [8.0, school_width] + [number_width] * len(numbers)
    word_kit.add_paragraph(document, t("district.table_fractions", period=_period_name(summary)), CAPTION_STYLE_ID)
    table = word_kit.new_table(document, widths)
    word_kit.add_row(table, [t("word.number"), t("district.school"), t("column.fraction")] + [""] * (len(numbers) - 1),
                     header=True)
    word_kit.add_row(table, ["", ""] + [str(n) for n in numbers], header=True)
    word_kit.merge(table, (0, 0), (1, 0))
    word_kit.merge(table, (0, 1), (1, 1))
    word_kit.merge(table, (0, 2), (0, 1 + len(numbers)))
    rates = fraction_rates(summary)
    for position, source in enumerate(summary.schools[D.source], start=1):
        word_kit.add_row(table, [str(position), names[source]] + [percent(rates.get((source, n))) for n in numbers],
                         numeric_from=2, centered=(0,))
    district = district_fraction_rates(summary)
    word_kit.add_row(table, ["", t("word.total")] + [percent(district.get(n)) for n in numbers],
                     total=True, numeric_from=2, centered=(0,))
    common = common_fraction_names(summary)
    if common:
        legend = "; ".join(f"{number} — {name}" for number, name in common.items())
        word_kit.add_paragraph(document, t("district.fraction_names", names=legend), BODY_STYLE_ID, space_before_pt=6)


def _add_failures(document: word_kit.Document, summary: DistrictSummary, t) -> None:
    """The files that got no report, each with the reason in the user's language."""
    number = 3 if len(summary.schools) else 2  # section 2 (the schools) is left out without plans
    word_kit.add_heading(document, t("district.section_failures", number=number), level=1)
    if summary.failures.empty:
        word_kit.add_paragraph(document, t("district.no_failures"), BODY_STYLE_ID)
        return
    widths = [8.0, 55.0, TEXT_WIDTH_MM - 63.0]
    word_kit.add_paragraph(document, t("district.table_failures"), CAPTION_STYLE_ID)
    table = word_kit.new_table(document, widths)
    word_kit.add_row(table, [t("word.number"), t("column.file"), t("district.reason")], header=True)
    for position, row in enumerate(summary.failures.itertuples(index=False), start=1):
        word_kit.add_row(table, [str(position), row.source, row.message or NO_VALUE], centered=(0,))


# --- Excel --------------------------------------------------------------------------------------------

def district_workbook(summary: DistrictSummary) -> Book:
    """The summary as an unsaved workbook: summary, schools, school × fraction, fractions and
    the files without a report."""
    t = labels.translator(summary.lang)
    book = Book(t("district.title"))
    names = school_names(summary.schools, summary.lang)
    summary_sheet = book.sheet(t("xlsx.sheet_summary"))
    schools_sheet = book.sheet(t("district.sheet_schools"))
    _schools_sheet(schools_sheet, summary, names)
    _summary_sheet(summary_sheet, summary, schools_sheet)
    _matrix_sheet(book.sheet(t("district.sheet_matrix")), summary, names)
    _fractions_sheet(book.sheet(t("xlsx.sheet_fractions")), summary, names)
    _failures_sheet(book.sheet(t("district.sheet_failures")), summary)
    return book


def _finish(sheet: Sheet, header_row: int, columns: int, last_row: int, widths: dict[int, int],
            summary: DistrictSummary, **options) -> None:
    """The plan report's finish (widths, frozen header, filter, landscape A4 with the period in
    the page header); without a period, when no plan got a report, widths and frozen header only."""
    page_header = period_label(summary.period, summary.lang) if summary.period else None
    excel_kit.finish_sheet(sheet, header_row, columns, last_row, widths, page_header=page_header, lang=summary.lang,
                           **options)


def _summary_sheet(sheet: Sheet, summary: DistrictSummary, schools_sheet: Sheet) -> None:
    """Title, period and as-of date; the district's totals, and beside them the bar chart of
    completion by school (from the schools sheet)."""
    t = labels.translator(summary.lang)
    header_row = excel_kit.title_rows(sheet, [
        (t("district.title"), excel_kit.TITLE_FONT),
        (_period_title(summary), excel_kit.CAPTION_FONT),
        (_year_line(summary, t), None),
        (t("period.as_of", date=date_text(summary.as_of)), None),
        *[(line, excel_kit.CAPTION_FONT) for line in [estimate_line(summary.estimated_years, summary.lang)] if line],
    ]) + 1
    totals = summary.totals
    rows = [[t("district.plans"), totals["plans"]], [t("district.plans_failed"), totals["plans_failed"]]]
    rows += [[t(f"column.{c}"), totals[c]] for c in _SCHOOL_COUNTS]
    rates = [(t("column.completion_rate"), totals["completion_rate"]),
             (t("district.ytd_completion_rate"), totals["ytd_completion_rate"])]
    rates += [(f'{name}: {t("report.completion")}', summary.district_quarter_rates.get(q))
              for q, name in zip(summary.quarters, _quarter_names(summary))]
    rows += [[name, Styled(rate, kind=PERCENT)] for name, rate in rates]
    rows += [[f'{t("column.status")}: {t(f"status.{s}")}', totals[s]] for s in STATUSES]
    rows.append([t("column.links"), totals["links"]])
    columns = [Column(t("district.indicator"), cap=40), Column(t("district.value"), NUMBER, 14)]
    widths: dict[int, int] = {}
    last_row = excel_kit.write_table(sheet, header_row, columns, rows, widths)
    rated = int(summary.schools[D.completion_rate].notna().sum())
    # Each chart starts a printed page, so that none is cut by a page break.
    excel_kit.page_break_after(sheet, last_row)
    if rated and charts_each_school(summary):
        # The schools sheet's rate column is where the plan report's chart reads its rates.
        chart = _wide_chart(schools_sheet, 1, 1 + rated, t("district.xlsx_chart_title", period=_period_name(summary)),
                            RATE_COLUMN)
        last_row += _place_wide_chart(sheet, chart, last_row + 1)
    elif rated:
        last_row = _bands_table(sheet, summary, last_row + 2, widths, t)
    excel_kit.page_break_after(sheet, last_row)
    last_row = _fraction_rates_table(sheet, summary, last_row + 2, widths, t)
    # A two-column list of totals needs neither a filter nor a frozen header.
    _finish(sheet, header_row, len(columns), last_row, widths, summary, repeat_header=False, filtered=False)


def _wide_chart(sheet: Sheet, header_row: int, last_row: int, title: str, rate_col: int) -> BarChart:
    """The kit's completion chart as wide as the printed page, at most as high as a page holds."""
    return excel_kit.completion_chart(sheet, header_row, last_row, title, rate_col, max_height_cm=MAX_XLSX_CHART_CM,
                                      width_cm=XLSX_CHART_WIDTH_CM)


def _place_wide_chart(sheet: Sheet, chart: BarChart, row: int) -> int:
    """`chart` at column A of `row`, starting a printed page that holds it whole; the rows it covers."""
    excel_kit.page_break_after(sheet, row - 1)
    return excel_kit.place_chart(sheet, chart, row)


def _bands_table(sheet: Sheet, summary: DistrictSummary, top: int, widths: dict[int, int], t) -> int:
    """The completion bands (schools and their share) under a caption, and their chart below;
    the last row used."""
    excel_kit.title_rows(sheet, [(t("district.more.bands_chart_title"), excel_kit.CAPTION_FONT)], top)
    columns = [Column(t("district.more.band_column"), cap=40), Column(t("district.more.schools_share"), PERCENT, 14),
               Column(t("district.more.schools"), NUMBER, 14)]
    bands = completion_bands(summary)
    rows = [[band_label(low, high, count, t), share, count] for low, high, count, share in bands]
    last_row = excel_kit.write_table(sheet, top + 1, columns, rows, widths)
    chart = _wide_chart(sheet, top + 1, last_row, t("district.more.bands_chart_title"), 2)
    return last_row + 1 + _place_wide_chart(sheet, chart, last_row + 2)


def _fraction_rates_table(sheet: Sheet, summary: DistrictSummary, top: int, widths: dict[int, int], t) -> int:
    """The district's completion by fraction under a caption, and its chart below; the last row used."""
    rates = district_fraction_rates(summary)
    numbers = fraction_numbers(summary)
    if not numbers:
        return top - 2
    common = common_fraction_names(summary)
    excel_kit.title_rows(sheet, [(t("district.more.fraction_chart_title"), excel_kit.CAPTION_FONT)], top)
    columns = [Column(t("column.fraction"), cap=40), Column(t("column.completion_rate"), PERCENT, 14)]
    rows = [[fraction_label(n, common.get(n, ""), summary.lang), rates.get(n)] for n in numbers]
    last_row = excel_kit.write_table(sheet, top + 1, columns, rows, widths)
    chart = _wide_chart(sheet, top + 1, last_row, t("district.more.fraction_chart_title"), 2)
    return last_row + 1 + _place_wide_chart(sheet, chart, last_row + 2)


def _schools_sheet(sheet: Sheet, summary: DistrictSummary, names: dict[str, str]) -> None:
    """One row per school, highest completion first, as the plan report's statistics table (so
    that its chart reads the rates), with the year to date's rate, academic year and file; the
    district's totals last."""
    t = labels.translator(summary.lang)
    stats = stats_columns(summary.lang)
    columns = ([Column(t("district.school"), cap=45)] + stats[1:6]
               + [Column(t("district.ytd_completion_rate"), PERCENT, 14)]
               + [Column(name, PERCENT, 14) for name in _quarter_names(summary)] + stats[6:]
               + [Column(t("district.academic_year"), cap=12), Column(t("column.file"), cap=40)])
    rows = [[names[row[D.source]]] + [int(row[c]) for c in _SCHOOL_COUNTS]
            + [excel_kit.rate_value(row[D.completion_rate]), excel_kit.rate_value(row[D.ytd_completion_rate])]
            + [summary.quarter_rates.get(row[D.source], {}).get(q) for q in summary.quarters]
            + [int(row[s]) for s in STATUSES] + [int(row[D.links]), row[D.academic_year], row[D.source]]
            for row in summary.schools.to_dict("records")]
    totals = summary.totals
    total = ([t("xlsx.total")] + [totals[c] for c in _SCHOOL_COUNTS]
             + [totals["completion_rate"], totals["ytd_completion_rate"]]
             + [summary.district_quarter_rates.get(q) for q in summary.quarters]
             + [totals[s] for s in STATUSES] + [totals["links"], "", ""])
    widths: dict[int, int] = {}
    last_row = excel_kit.write_table(sheet, 1, columns, rows, widths, total)
    _finish(sheet, 1, len(columns), last_row, widths, summary, filter_last_row=1 + len(rows))


def _matrix_sheet(sheet: Sheet, summary: DistrictSummary, names: dict[str, str]) -> None:
    """School × fraction number: each fraction's completion rate, schools in the schools
    sheet's order, the district's rate by fraction last."""
    t = labels.translator(summary.lang)
    numbers = fraction_numbers(summary)
    columns = ([Column(t("district.school"), cap=45)]
               + [Column(t("district.fraction_number", number=n), PERCENT, 14) for n in numbers]
               + [Column(t("column.file"), cap=40)])
    rates = fraction_rates(summary)
    rows = [[names[source]] + [rates.get((source, n)) for n in numbers] + [source]
            for source in summary.schools[D.source]]
    district = district_fraction_rates(summary)
    total = [t("xlsx.total")] + [district.get(n) for n in numbers] + [""]
    widths: dict[int, int] = {}
    last_row = excel_kit.write_table(sheet, 1, columns, rows, widths, total if rows else None)
    _finish(sheet, 1, len(columns), last_row, widths, summary, filter_last_row=1 + len(rows))


def _fractions_sheet(sheet: Sheet, summary: DistrictSummary, names: dict[str, str]) -> None:
    """One row per plan and fraction with its figures, for sorting and filtering."""
    t = labels.translator(summary.lang)
    counts = (DF.expected, DF.due, DF.held)
    columns = ([Column(t("district.school"), cap=45), Column(t("column.fraction_no"), NUMBER, 12),
                Column(t("column.fraction"), cap=40)]
               + [Column(t(f"column.{c}"), NUMBER, 14) for c in counts]
               + [Column(t("column.completion_rate"), PERCENT, 14), Column(t("column.file"), cap=40)])
    rows = [[names[row[DF.source]], int(row[DF.fraction_no]), fraction_name(row[DF.fraction], summary.lang)]
            + [int(row[c]) for c in counts] + [excel_kit.rate_value(row[DF.completion_rate]), row[DF.source]]
            for row in summary.fractions.to_dict("records")]
    widths: dict[int, int] = {}
    last_row = excel_kit.write_table(sheet, 1, columns, rows, widths)
    _finish(sheet, 1, len(columns), last_row, widths, summary)


def _failures_sheet(sheet: Sheet, summary: DistrictSummary) -> None:
    """The files that got no report and why."""
    t = labels.translator(summary.lang)
    columns = [Column(t("column.file"), TEXT, 40), Column(t("district.reason"), TEXT, 90)]
    rows = [[row.source, row.message] for row in summary.failures.itertuples(index=False)]
    widths: dict[int, int] = {}
    last_row = excel_kit.write_table(sheet, 1, columns, rows, widths)
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
