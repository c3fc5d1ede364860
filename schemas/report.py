"""The evaluation frames: each activity's status in a report period, and per-fraction statistics."""
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from .base import PERIODS, Frame, Text

STATUSES = ("done", "partial", "not_held", "not_confirmed", "moved", "planned", "unscheduled")
SCOPES = ("quarter", "year_to_date")


class QuarterStatus(Frame):
    """One row per activity that has something in the report period or the year to date, or
    that has no time of its own (`unscheduled`, in every period): expected, due, held, status.

    `quarter` is "1".."4" or "year"; `in_period` says whether the activity has something in the
    period itself (the report's activity lists show only those; a row without it has its
    year-to-date status as `status`); `expected` counts the occurrences planned in the period,
    `due` those whose time has come by the as-of date (their own window over, or the last
    teaching day of their quarter reached) or that were already held, `held` the evidence counted
    in the period, `held_dates` the dates of that evidence ("2025-09-19; 2025-11-14", each once).
    The `ytd_` columns give the same from 1 September to the period's end (`due` bounded by the
    as-of date)."""
    source: Series[Text]
    activity_id: Series[Text]
    quarter: Series[Text] = pa.Field(isin=PERIODS)
    in_period: Series[bool]
    expected: Series[int] = pa.Field(ge=0)
    due: Series[int] = pa.Field(ge=0)
    held: Series[int] = pa.Field(ge=0)
    status: Series[Text] = pa.Field(isin=STATUSES)
    moved_to: Series[pa.DateTime] = pa.Field(nullable=True)
    evidence_links: Series[Text]
    held_dates: Series[Text]
    ytd_expected: Series[int] = pa.Field(ge=0)
    ytd_due: Series[int] = pa.Field(ge=0)
    ytd_held: Series[int] = pa.Field(ge=0)
    ytd_status: Series[Text] = pa.Field(isin=STATUSES)
    ytd_evidence_links: Series[Text]

    @pa.dataframe_check(error="due is above expected")
    def due_within_expected(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["due"] <= df["expected"]) & (df["ytd_due"] <= df["ytd_expected"])


class Counts(Frame):
    """The counts a set of activities is summed to (a plan's fraction, a whole plan).

    `completion_rate` is held (capped at expected per activity) over due, from 0 to 1, empty when
    nothing was due; then the activities by status and the links counted."""
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


class _FractionKey(Frame):
    source: Series[Text]
    fraction_no: Series[int] = pa.Field(ge=1)
    fraction: Series[Text]
    scope: Series[Text] = pa.Field(isin=SCOPES)


class FractionStats(Counts, _FractionKey):
    """Per plan and fraction, for the report period (`scope` "quarter") and the year to date: the
    `Counts`, then `grades` every grade reached ("1,2,3"), `partners` the distinct partner roles
    ("; ") and `forms` the activities by form ("акция: 2; байқау: 1")."""
    grades: Series[Text]
    partners: Series[Text]
    forms: Series[Text]
