"""pandera schemas of every frame the pipeline hands on; column names are defined here once."""
from .activities import FREQUENCIES, Activities, Plans
from .district import DistrictFractions, DistrictSchools
from .notes import SEVERITIES, Notes
from .report import SCOPES, STATUSES, FractionStats, QuarterStatus

__all__ = ["Activities", "DistrictFractions", "DistrictSchools", "FREQUENCIES", "FractionStats", "Notes", "Plans",
           "QuarterStatus", "SCOPES",
           "SEVERITIES", "STATUSES"]
