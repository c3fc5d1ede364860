"""The plans and the normalized activities frames: one row per plan, one row per plan activity."""
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .base import Frame, Text

FREQUENCIES = ("once", "weekly", "monthly", "quarterly", "ongoing", "as_needed", "unknown")


class Plans(Frame):
    """One row per plan file: who it belongs to and which academic year it covers."""
    source: Series[Text] = pa.Field(unique=True)
    school: Series[Text]
    plan_title: Series[Text]
    academic_year: Series[Text] = pa.Field(nullable=True, str_matches=r"^\d{4}-\d{4}$")
    approver: Series[Text]
    agreer: Series[Text]


class Activities(Frame):
    """One row per activity in a plan's tables, with its dates, frequency and audience normalized.

    Lists are joined with "; " (partners) or "," (grades); `evidence_text` keeps the completion
    cell's lines joined with newlines."""
    activity_id: Series[Text] = pa.Field(str_matches=r"^F\d+-\d{2,}$")
    fraction_no: Series[int] = pa.Field(ge=1)
    fraction: Series[Text]
    section_month: Series[pa.Int64] = pa.Field(nullable=True, ge=1, le=12)
    project: Series[Text]
    title: Series[Text]
    date_text: Series[Text]
    start_date: Series[pa.DateTime] = pa.Field(nullable=True)
    end_date: Series[pa.DateTime] = pa.Field(nullable=True)
    frequency: Series[Text] = pa.Field(isin=FREQUENCIES)
    grade_min: Series[pa.Int64] = pa.Field(nullable=True, ge=0, le=12)
    grade_max: Series[pa.Int64] = pa.Field(nullable=True, ge=0, le=12)
    grades: Series[Text] = pa.Field(str_matches=r"^(\d{1,2}(,\d{1,2})*)?$")
    responsible: Series[Text]
    partners: Series[Text]
    evidence_text: Series[Text]
    source: Series[Text]
    table_no: Series[int] = pa.Field(ge=1)
    row_no: Series[int] = pa.Field(ge=1)

    @pa.dataframe_check(error="grade_min is above grade_max")
    def grades_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["grade_min"].isna() | df["grade_max"].isna() | (df["grade_min"] <= df["grade_max"])

    @pa.dataframe_check(error="start_date is after end_date")
    def dates_ordered(cls, df: pd.DataFrame) -> Series[bool]:
        return df["start_date"].isna() | df["end_date"].isna() | (df["start_date"] <= df["end_date"])

    @pa.dataframe_check(error="activity_id is not unique within its plan")
    def ids_unique_per_plan(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["source", "activity_id"], keep=False)
