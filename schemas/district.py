"""The district summary frames: each plan's completion in the report period, and each of its fractions'."""
import pandera.pandas as pa
from pandera.typing import Series

from .base import Frame, Text
from .report import Counts


class _SchoolKey(Frame):
    source: Series[Text] = pa.Field(unique=True)
    school: Series[Text]
    academic_year: Series[Text] = pa.Field(nullable=True)


class DistrictSchools(Counts, _SchoolKey):
    """One row per plan that got its report: the school named in the plan's title, the period's
    `Counts` summed over its fractions, and `ytd_completion_rate` from 1 September.

    Rows are sorted by completion rate, highest first (empty last), then by school and file."""
    ytd_completion_rate: Series[float] = pa.Field(nullable=True, ge=0, le=1)


class DistrictFractions(Frame):
    """One row per plan and fraction in the report period, in the order of `DistrictSchools`
    and then by fraction number."""
    source: Series[Text]
    school: Series[Text]
    fraction_no: Series[int] = pa.Field(ge=1)
    fraction: Series[Text]
    expected: Series[int] = pa.Field(ge=0)
    due: Series[int] = pa.Field(ge=0)
    held: Series[int] = pa.Field(ge=0)
    completion_rate: Series[float] = pa.Field(nullable=True, ge=0, le=1)
