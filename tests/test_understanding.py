"""`check --verbose`: how each table of a plan was understood, as the terminal shows it."""

from pipeline.normalize.ingest import ingest_folder
from pipeline.normalize.understanding import layout_lines
from tests.docx_plans import Table, build_document


def palaty_plan(folder):
    header = ["п/п", "Палаты", "Мероприятия", "Примечание"]
    build_document(folder / "plan.docx", ["План на 2025-2026 учебный год", "Сентябрь", Table(header, [
        ["1", "Досуг", "День знаний", ""], ["2", "", "Осенний бал", ""], ["3", "ЗОЖ", "Кросс", "перенос"]])])


def test_verbose_check_lists_columns_sources_and_row_counts(invoke, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    palaty_plan(folder)
    result = invoke("--lang", "ru", "check", "--verbose", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("plan.docx: фракций 2, мероприятий 3")
    assert lines[start + 1:start + 10] == [
        "  Учебный год: 2025-2026 (из заголовка)",
        "  Таблица 1: строк 2; раздел: из столбца «Палаты»: «Досуг»; месяц: из заголовка «Сентябрь»",
        "    «п/п» → номер по порядку",
        "    «Палаты» → фракция (раздел)",
        "    «Мероприятия» → мероприятие",
        "    «Примечание» → в отчёте не используется",
        "  Таблица 2: строк 1; раздел: из столбца «Палаты»: «ЗОЖ»; месяц: из заголовка «Сентябрь»",
        "    столбцы как в таблице 1",
        "  1. Досуг: мероприятий 2",
    ]


def test_without_verbose_no_table_lines(invoke, tmp_path):
    folder = tmp_path / "input"
    folder.mkdir()
    palaty_plan(folder)
    result = invoke("check", "--input", str(folder), "--output", str(tmp_path / "out"))
    assert not [line for line in result.output.splitlines() if line.startswith("  Кесте")]


def test_unrecognised_headers_and_year_sources_in_kazakh(tmp_path):
    build_document(tmp_path / "жоспар-2025-2026.docx", [Table(["Іс-шара атауы", "Күні", "Қосымша"], [
        ["Сайлау", "15.09", "а"]])])
    plan = ingest_folder(tmp_path).read[0]
    assert layout_lines("2025-2026", plan.year_source, plan.layout, "kk") == [
        "  Оқу жылы: 2025-2026 (файл атауынан)",
        "  Кесте 1: 1 жол; бөлім: жазылмаған (алдыңғы фракциядан кейінгі нөмір); ай: тек күндерден",
        "    «Іс-шара атауы» → іс-шара атауы",
        "    «Күні» → өткізу мерзімі",
        "    «Қосымша» → танылмады (мәтіні сол жақтағы бағанға қосылады)",
    ]
