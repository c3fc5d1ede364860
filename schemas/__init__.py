"""pandera schemas of every frame the pipeline hands on; column names are defined here once."""
from .activities import FREQUENCIES, Activities, Plans
from .base import GRADE_SEPARATOR, LIST_SEPARATOR, PERIODS, join_grades, join_list, split_grades, split_list
from .district import DistrictFractions, DistrictSchools
from .notes import SEVERITIES, Notes
from .report import SCOPES, STATUSES, Counts, FractionStats, QuarterStatus

__all__ = ["Activities", "Counts", "DistrictFractions", "DistrictSchools", "FREQUENCIES", "FractionStats",
           "GRADE_SEPARATOR", "LIST_SEPARATOR", "Notes", "PERIODS", "Plans", "QuarterStatus", "SCOPES",
           "SEVERITIES", "STATUSES", "join_grades", "join_list", "split_grades", "split_list"]
