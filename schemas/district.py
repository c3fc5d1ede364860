"""The district summary frames: each plan's completion in the report period, and each of its fractions'."""
import pandera.pandas as pa
from pandera.typing import Series


class DistrictSchools(pa.DataFrameModel):
    """One row per plan that got its report: the school named in the plan's title, the period's
    counts summed over its fractions, `completion_rate` held over due (empty when nothing was
    due), counts by status, links, and `ytd_completion_rate` from 1 September.

    Rows are sorted by completion rate, highest first (empty last), then by school and file."""
    source: Series[str] = pa.Field(unique=True)
    school: Series[str]
    academic_year: Series[str] = pa.Field(nullable=True)
    activities: Series[int] = pa.Field(ge=0)
    expected: Series[int] = pa.Field(ge=0)
    due: Series[int] = pa.Field(ge=0)
    held: Series[int] = pa.Field(ge=0)
    completion_rate: Series[float] = pa.Field(nullable=True, ge=0, le=1)
    done: Series[int] = pa.Field(ge=0)
    partial: Series[int] = pa.Field(ge=0)
    not_held: Series[int] = pa.Field(ge=0)
    not_confirmed: Series[int] = pa.Field(ge=0)
    moved: Series[int] = pa.Field(ge=0)
    planned: Series[int] = pa.Field(ge=0)
    unscheduled: Series[int] = pa.Field(ge=0)
    links: Series[int] = pa.Field(ge=0)
    ytd_completion_rate: Series[float] = pa.Field(nullable=True, ge=0, le=1)

    class Config:
        strict = True
        coerce = True
        ordered = True


class DistrictFractions(pa.DataFrameModel):
    """One row per plan and fraction in the report period, in the order of `DistrictSchools`
    and then by fraction number."""
    source: Series[str]
    school: Series[str]
    fraction_no: Series[int] = pa.Field(ge=1)
    fraction: Series[str]
    expected: Series[int] = pa.Field(ge=0)
    due: Series[int] = pa.Field(ge=0)
    held: Series[int] = pa.Field(ge=0)
    completion_rate: Series[float] = pa.Field(nullable=True, ge=0, le=1)

    class Config:
        strict = True
        coerce = True
        ordered = True
