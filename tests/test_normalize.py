"""Normalizing a plan: ids, fractions, projects, dates, frequency, audience, partners and notes."""
import datetime as dt

import pytest

from pipeline.normalize.ingest import ingest_folder
from tests.docx_plans import RU_FRONT, RU_HEADER, Section, build_plan, row, seed_like_sections
from tests.readback import codes


@pytest.fixture(params=[False, True], ids=["plain", "merged"])
def seed_like(tmp_path, request):
    build_plan(tmp_path / "plan.docx", seed_like_sections(merge_project=request.param))
    return ingest_folder(tmp_path)


def activity(ingested, activity_id):
    frame = ingested.activities
    return frame[frame["activity_id"] == activity_id].iloc[0]



def test_fractions_and_ids(seed_like):
    frame = seed_like.activities
    assert frame.groupby("fraction_no").size().to_dict() == {1: 4, 2: 3, 3: 2, 4: 2, 5: 2}
    assert list(frame["activity_id"][:4]) == ["F1-01", "F1-02", "F1-03", "F1-04"]
    assert activity(seed_like, "F5-02")["fraction"] == ""
    assert activity(seed_like, "F2-01")["fraction"] == "АҚПАРАТ (МЕКТЕПТІҢ БАСПАСӨЗ ҚЫЗМЕТІ)"


def test_projects_fill_down_and_up(seed_like):
    assert activity(seed_like, "F1-04")["project"] == "«ҚҰҚЫҚТЫҚ МӘДЕНИЕТ» ЖОБАСЫ"
    assert activity(seed_like, "F2-01")["project"] == "«ЖАҢАЛЫҚ ЖАРШЫСЫ» ЖОБАСЫ"
    assert activity(seed_like, "F5-02")["project"] == "«ЭКО START» ЖОБАСЫ"


def test_dates_are_placed_in_the_academic_year(seed_like):
    f1 = activity(seed_like, "F1-01")
    assert (f1["start_date"].date(), f1["end_date"].date()) == (dt.date(2025, 9, 1), dt.date(2025, 9, 15))
    f3 = activity(seed_like, "F3-02")
    assert (f3["start_date"].date(), f3["end_date"].date()) == (dt.date(2025, 12, 24), dt.date(2025, 12, 28))
    assert activity(seed_like, "F4-01")["start_date"].date() == dt.date(2026, 3, 4)


def test_frequencies(seed_like):
    assert [activity(seed_like, i)["frequency"] for i in ["F1-01", "F1-03", "F1-04", "F2-02", "F2-03"]] == [
        "once", "monthly", "quarterly", "monthly", "weekly"]


def test_audience_and_partners(seed_like):
    f1 = activity(seed_like, "F1-04")
    assert (f1["grade_min"], f1["grade_max"], f1["grades"]) == (1, 9, "1,2,3,4,5,6,7,8,9")
    assert activity(seed_like, "F4-01")["grades"] == "7"
    assert activity(seed_like, "F1-01")["partners"] == "ДТЖО; Педагог-ұйымдастырушы"


def test_audience_read_from_the_completion_cell_when_the_column_is_missing(seed_like):
    f3 = activity(seed_like, "F3-01")
    assert (f3["grade_min"], f3["grade_max"]) == (7, 9)
    assert f3["evidence_text"] == "Әлеуметтік желіге жариялау /Сілтеме/"


def test_the_real_quirks_are_noted(seed_like):
    assert {"fraction_heading_missing", "fraction_number_missing", "month_heading_missing",
            "date_year_replaced", "section_month_mismatch", "section_month_mismatch_all",
            "audience_column_missing", "date_extra_text", "row_number_missing",
            "project_spaces_fixed"} <= set(codes(seed_like))
    stray = [n for n in seed_like.notes if n.code == "date_extra_text"]
    assert [(n.table, n.row, n.column, n.value) for n in stray] == [(4, 1, "Өткізу мерзімі", "тәртіп 04.03.2022 ж.")]
    mismatch = [n for n in seed_like.notes if n.code == "section_month_mismatch"]
    assert [(n.table, n.row) for n in mismatch] == [(3, 2)]


def test_messages_in_russian(seed_like):
    note = next(n for n in seed_like.notes if n.code == "row_number_missing")
    assert note.message("ru") == "У строки нет номера; по месту в таблице она взята как мероприятие 2. Заполните столбец №."


def test_a_russian_plan(tmp_path):
    build_plan(tmp_path / "ru.docx", [Section([
        row(1, "Проект «Лидер»", "Выборы президента", "с 10 по 14 ноября", audience="обучающиеся 1-4, 5-9 классов",
            partners="ЗДВР, классные руководители", responsible="Члены фракции"),
        row(2, "", "Рейд", "ежемесячно", audience="5-9 классы"),
    ], month="НОЯБРЬ", fraction="1. Фракция «Право и порядок»", header=RU_HEADER)], front=RU_FRONT)
    ingested = ingest_folder(tmp_path)
    first = activity(ingested, "F1-01")
    assert (first["start_date"].date(), first["end_date"].date()) == (dt.date(2025, 11, 10), dt.date(2025, 11, 14))
    assert first["grades"] == "1,2,3,4,5,6,7,8,9"
    assert first["fraction"] == "«Право и порядок»"
    assert activity(ingested, "F1-02")["frequency"] == "monthly"
    assert ingested.plans.iloc[0]["academic_year"] == "2025-2026"
    assert ingested.plans.iloc[0]["school"] == "КГУ «Средняя школа №7 города Кокшетау»"


def test_an_impossible_date_is_an_error_and_the_row_is_kept(tmp_path):
    build_plan(tmp_path / "p.docx", [Section([row(1, "", "Бір", "31.02.2026"), row(2, "", "Екі", "01.09.2025")])])
    ingested = ingest_folder(tmp_path)
    assert list(ingested.activities["activity_id"]) == ["F1-01", "F1-02"]
    assert pytest.approx(0) == ingested.activities["start_date"].notna().iloc[0]
    errors = [(n.code, n.row) for n in ingested.notes if n.severity == "error"]
    assert errors == [("date_impossible", 1)]


def test_year_option_overrides_the_title(tmp_path):
    build_plan(tmp_path / "p.docx", [Section([row(1, "", "Бір", "01.09.2023")])])
    ingested = ingest_folder(tmp_path, first_year=2026)
    assert activity(ingested, "F1-01")["start_date"].date() == dt.date(2026, 9, 1)
    assert "academic_year_overridden" in codes(ingested)


def test_a_one_line_title_naming_school_and_year_is_the_title_and_names_the_school():
    from pipeline.normalize.front_matter import read_front_matter
    from pipeline.normalize.school_name import school_nominative
    title = "План работы школьного парламента КГУ «Школа-лицей №2» г. Кокшетау на 2025-2026 учебный год"
    front = read_front_matter([title])
    assert (front.plan_title, front.academic_year) == (title, 2025)
    assert school_nominative(front.plan_title, front.school) == "КГУ «Школа-лицей №2» г. Кокшетау"
    # a line that only names the year is not part of the title
    assert read_front_matter(["План работы парламента", "на 2025-2026 учебный год"]).plan_title == "План работы парламента"
