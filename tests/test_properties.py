"""Property tests of the cell parsers: they never raise on any text, return what they promise,
and read generated well-formed values back to the same values."""
import datetime as dt
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from pipeline.base import labels, vocab
from pipeline.base.notes import Note, Problem, from_problem
from pipeline.normalize.audience import HIGHEST_GRADE, LOWEST_GRADE, Audience, parse_audience, split_leading_audience
from pipeline.normalize.evidence import Evidence, read_evidence
from pipeline.normalize.ingest import ingest_files
from pipeline.normalize.partners import split_partners
from pipeline.normalize.when import PLAUSIBLE_YEARS, When, parse_when
from pipeline.read.discover import PlanFile
from schemas import FREQUENCIES
from tests import hostile as h
from tests.xlsx_plans import KK_HEADER as XLSX_HEADER
from tests.xlsx_plans import build

FIRST_YEAR = 2025
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the cells people write, and characters that break naive matching.
PIECES = [
    "01", "1", "15", "29", "31", "32", "13", "09", "12", "0", "2025", "2026", "2023", "25", "2925", "1925", "99999",
    ".", ". ", "-", "–", "—", "/", ",", ";", ":", " ", "  ", "\n", "\t", "«", "»", "(", ")", "№", "+", "✓",
    "\u00a0", "\u00ad", "\u200b", "\u200e", "\u200f", "\u202e", "\ufeff", "А", "A", "С", "C",
    "ж.", "жылы", "г.", "года", "қыркүйек", "Қазан", "сентября", "мая", "айы", "айына", "Айына 1 рет", "бір", "рет",
    "аптасына", "апта сайын", "тоқсан", "Токсанына", "ежемесячно", "1 раз в четверть", "в течение года", "жыл бойы",
    "бастап", "дейін", "-ға", "-тан", "с", "по", "до", "сағ", "10:00", "10.30",
    "сынып", "сыныптар", "классы", "кл", "білім алушылары", "обучающиеся", "барлық сыныптар", "және", "и",
    "5-9", "1-4", "12-1", "0", "11", "7А", "7 «А»",
    "https://t.me/ml2/", "www.instagram.com/p/x", "t.me/", "Өткізілді", "Орындалды", "Өткізілмеді", "Не проведено",
    "Ауыстырылды", "Перенесено на", "Анықтама", "Справка", "№2", "Әлеуметтік желіге жариялау /Сілтеме/",
    "ДТЖО", "Педагог-ұйымдастырушы", "Тәлімгер", "Сынып жетекшілер", "Медбике", "«Болашақ»",
]
cell_text = st.one_of(st.text(), st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
cell_lines = st.lists(cell_text, max_size=5)
first_years = st.one_of(st.none(), st.just(FIRST_YEAR), st.integers(min_value=1, max_value=9998))


def assert_problems_render(problems) -> None:
    """Each problem (or note) has a message with every placeholder filled in each language."""
    for problem in problems:
        assert isinstance(problem, (Problem, Note))
        note = from_problem(problem, file="plan.docx") if isinstance(problem, Problem) else problem
        for lang in labels.LANGS:
            template = labels.text(f"note.{note.code}", lang)  # without parameters: as written
            assert {field for _, field, _, _ in string.Formatter().parse(template) if field} <= set(note.params)
            assert note.message(lang)


def assert_optional_date(value) -> None:
    assert value is None or (type(value) is dt.date and value.year in PLAUSIBLE_YEARS)


# --- never raise, and return the documented types ---

@SETTINGS
@given(cell_text, first_years)
def test_parse_when_reads_any_text(text, first_year):
    when = parse_when(text, first_year)
    assert isinstance(when, When) and when.frequency in FREQUENCIES
    assert_optional_date(when.start)
    assert_optional_date(when.end)
    if when.start and when.end:
        assert when.start <= when.end
    assert_problems_render(when.problems)


@SETTINGS
@given(cell_text)
def test_parse_audience_reads_any_text(text):
    audience = parse_audience(text)
    assert isinstance(audience, Audience)
    grades = audience.grades
    assert isinstance(grades, tuple) and list(grades) == sorted(set(grades))
    assert all(type(g) is int and LOWEST_GRADE <= g <= HIGHEST_GRADE for g in grades)
    assert (audience.grade_min, audience.grade_max) == ((grades[0], grades[-1]) if grades else (None, None))
    assert_problems_render(audience.problems)


@SETTINGS
@given(cell_lines)
def test_split_leading_audience_reads_any_lines(lines):
    audience, rest = split_leading_audience(lines)
    assert isinstance(audience, str) and isinstance(rest, list) and all(isinstance(line, str) for line in rest)
    if not audience:
        assert rest == lines


@SETTINGS
@given(cell_lines, first_years)
def test_read_evidence_reads_any_lines(lines, first_year):
    evidence = read_evidence(tuple(lines), first_year)
    assert isinstance(evidence, Evidence)
    for occurrence in evidence.occurrences:
        assert_optional_date(occurrence.date)
        assert occurrence.kind in ("link", "reference", "mark")
        assert all(isinstance(link, str) and link for link in occurrence.links)
        assert set(occurrence.links) <= set(evidence.links)
    for day in (*evidence.not_held, evidence.moved_to):
        assert_optional_date(day)
    assert len(set(evidence.links)) == len(evidence.links)
    assert_problems_render(evidence.problems)


@SETTINGS
@given(cell_lines)
def test_split_partners_reads_any_lines(lines):
    partners = split_partners(lines)
    assert isinstance(partners, tuple)
    assert all(isinstance(name, str) and name.strip() for name in partners)
    assert len(set(partners)) == len(partners)


# --- generated well-formed values read back ---

academic_days = st.dates(min_value=dt.date(FIRST_YEAR, 9, 1), max_value=dt.date(FIRST_YEAR + 1, 8, 31))
year_words = st.sampled_from(["", "ж", "ж.", " ж.", " жыл", "г", "г.", " г.", " года"])
spaces = st.sampled_from(["", " ", "\u00a0"])


def written(day: dt.date, year: int | None, word: str, dot: str = ".") -> str:
    return f"{day:%d.%m}" + (f"{dot}{year}{word}" if year is not None else "")


@st.composite
def written_periods(draw):
    """A date or a range in the academic year written as "dd.mm.yyyy", "dd-dd.mm.yyyy",
    "dd.mm-dd.mm" or "dd.mm.yyyy-dd.mm.yyyy" (years right or stale, with or without "ж."/"г."),
    and its first and last days."""
    start = draw(academic_days)
    shape = draw(st.sampled_from(["day", "days", "months", "full"]))
    if shape == "day":
        end = start
    elif shape == "days":
        end = draw(st.dates(min_value=start, max_value=max(start, dt.date(start.year, start.month, 28))))
    else:
        end = draw(st.dates(min_value=start, max_value=dt.date(FIRST_YEAR + 1, 8, 31)))
    stale = draw(st.integers(min_value=0, max_value=4))
    year = draw(st.one_of(st.none(), st.just(end.year - stale), st.just((end.year - stale) % 100)))
    # A space after the month's dot is read before a four-digit year only ("01.09. 2023").
    word, gap, dot = draw(year_words), draw(spaces), draw(st.sampled_from([".", ". "] if year and year > 99 else ["."]))
    if shape == "day":
        text = written(start, year, word, dot)
    elif shape == "days":
        text = f"{start:%d}{gap}-{gap}" + written(end, year, word, dot)
    elif shape == "months":
        text = f"{start:%d.%m}{gap}-{gap}" + written(end, year, word, dot)
    else:
        first_year_written = None if year is None else start.year - stale
        text = written(start, first_year_written, "") + f"{gap}-{gap}" + written(end, year, word, dot)
    return text, start, end


@SETTINGS
@given(written_periods())
def test_a_written_date_or_range_reads_back(period):
    text, start, end = period
    when = parse_when(text, FIRST_YEAR)
    assert (when.start, when.end, when.frequency) == (start, end, "once")
    assert {p.code for p in when.problems} <= {"date_year_replaced"}


@SETTINGS
@given(st.dates(min_value=dt.date(PLAUSIBLE_YEARS.start, 1, 1), max_value=dt.date(PLAUSIBLE_YEARS.stop - 1, 12, 31)))
def test_a_date_with_its_year_reads_back_without_an_academic_year(day):
    assert (parse_when(f"{day:%d.%m.%Y}", None).start, parse_when(f"{day:%d.%m.%Y}ж.", None).end) == (day, day)


GRADE_WORDS = ["сынып", "сыныптар", "сынып білім алушылары", "сыныптың оқушылары", "классы", "классов", "класс"]


@st.composite
def written_grades(draw):
    """Grade groups written as "a-b сынып", "a-b, c классы", "обучающиеся a-b, c-d классов", and
    the grades they name."""
    groups = draw(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)).map(sorted), min_size=1, max_size=3))
    separator = draw(st.sampled_from([", ", ",", "; ", " және ", " и "]))
    listed = separator.join(f"{low}-{high}" if low < high else f"{low}" for low, high in groups)
    word = draw(st.sampled_from(GRADE_WORDS))
    lead = draw(st.sampled_from(["", "обучающиеся ", "Мақсатты аудитория: "]))
    grades = sorted({g for low, high in groups for g in range(low, high + 1)})
    return f"{lead}{listed}{draw(st.sampled_from([' ', '-', chr(0xA0)]))}{word}", grades


@SETTINGS
@given(written_grades())
def test_written_grades_read_back(case):
    text, grades = case
    audience = parse_audience(text)
    assert (list(audience.grades), audience.grade_min, audience.grade_max) == (grades, grades[0], grades[-1])
    assert audience.problems == ()


FREQUENCY_PHRASES = [(phrase, frequency) for frequency, phrases in vocab.table("when")["frequency"].items()
                     for phrase in phrases]
ONE_WORDS = vocab.table("when")["words"]["one"]
RUSSIAN_LOOKALIKES = str.maketrans("әіңғүұқө", "аиңгуукө")


@st.composite
def written_frequencies(draw):
    """A recurrence phrase of when.toml as people type it: any case, "1" as "бір"/"один", Kazakh
    letters typed as Russian ones, odd spaces around; and its frequency."""
    phrase, frequency = draw(st.sampled_from(FREQUENCY_PHRASES))
    words = [draw(st.sampled_from(ONE_WORDS)) if word in ONE_WORDS else word for word in phrase.split()]
    text = " ".join(words)
    if draw(st.booleans()):
        text = text.translate(RUSSIAN_LOOKALIKES)
    text = draw(st.sampled_from([str.lower, str.upper, str.capitalize, str]))(text)
    return f"{draw(spaces)}{text}{draw(spaces)}", frequency


@SETTINGS
@given(written_frequencies())
def test_written_frequencies_read_back(case):
    text, frequency = case
    when = parse_when(text, FIRST_YEAR)
    assert (when.frequency, when.start, when.end, when.problems) == (frequency, None, None, ())


TEMPLATES = ["Әлеуметтік желіге жариялау /Сілтеме/", "Әлеуметтік желіге, БАҚ жариялау",
             "Публикация в социальных сетях /Ссылка/"]
MARKS = ["Өткізілді", "Орындалды", "Проведено", "Выполнено"]
post_ids = st.text("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789_-", min_size=5, max_size=11)
links = st.lists(st.one_of(st.integers(1, 10_000).map("https://t.me/ml2kokshetau/{}".format),
                           post_ids.map("https://www.instagram.com/p/{}/".format)),
                 min_size=0, max_size=4, unique=True)


@st.composite
def evidence_cells(draw):
    """A completion cell: the template text, then either a dated mark with k link lines under it,
    or k lines of "date link"; and the occurrences it records as (date, link) pairs."""
    cell_links = draw(links)
    template = draw(st.sampled_from(TEMPLATES))
    if draw(st.booleans()):
        day = draw(academic_days)
        lines = [template, f"{draw(st.sampled_from(MARKS))} {day:%d.%m.%Y}", *cell_links]
        held = [(day, link) for link in cell_links] or [(day, None)]
    else:
        days = draw(st.lists(academic_days, min_size=len(cell_links), max_size=len(cell_links)))
        lines = [template, *(f"{day:%d.%m.%Y} {link}" for day, link in zip(days, cell_links))]
        held = list(zip(days, cell_links))
    return lines, held


@SETTINGS
@given(evidence_cells())
def test_generated_evidence_reads_back(case):
    lines, held = case
    evidence = read_evidence(tuple(lines), FIRST_YEAR)
    assert [(o.date, o.links[0] if o.links else None) for o in evidence.occurrences] == held
    assert list(evidence.links) == [link for _, link in held if link]
    assert (evidence.not_held, evidence.moved_to, evidence.problems) == ((), None, ())


ROLES = vocab.table("partners")["role"]


@SETTINGS
@given(st.lists(st.sampled_from(range(len(ROLES))), min_size=1, max_size=4, unique=True),
       st.sampled_from(["kk", "ru"]), st.sampled_from([", ", "; ", "\n", " / "]))
def test_known_partners_read_back_by_their_names(indices, lang, separator):
    names = [ROLES[i][lang] for i in indices]
    assert list(split_partners(separator.join(names).split("\n"))) == names


# --- whole tables of arbitrary cells ---

def storable(text: str) -> str:
    """`text` without the control characters Word and Excel cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r", "")


table_rows = st.lists(st.lists(cell_text.map(storable), min_size=7, max_size=7), min_size=1, max_size=6)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table_rows, st.sampled_from(["docx", "xlsx"]))
def test_every_row_of_arbitrary_text_becomes_an_activity(tmp_path_factory, rows, kind):
    """Whatever the cells say, a row with a number and a title is an activity, in order."""
    plan = [[str(n), cells[0], f"Іс {n}\n{cells[1]}", *cells[2:]] for n, cells in enumerate(rows, start=1)]
    path = tmp_path_factory.mktemp("plan") / f"plan.{kind}"
    if kind == "docx":
        path.write_bytes(h.docx_from_body(h.plan_section(plan)))
    else:
        typed_numbers = ([n, *cells[1:]] for n, cells in enumerate(plan, start=1))
        build(path, [["2025-2026 оқу жылы"], ["ҚЫРКҮЙЕК АЙЫ"], XLSX_HEADER, *typed_numbers])
    ingested = ingest_files([PlanFile(path, path.name)])
    assert not ingested.failed
    titles = [title.split("\n")[0] for title in ingested.activities["title"]]
    assert titles == [f"Іс {n}" for n in range(1, len(rows) + 1)]
    assert_problems_render(ingested.notes)
