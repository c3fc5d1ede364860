"""pandera schemas of every frame the pipeline hands on; column names are defined here once."""
from .activities import FREQUENCIES, Activities, Plans
from .notes import SEVERITIES, Notes

__all__ = ["Activities", "FREQUENCIES", "Notes", "Plans", "SEVERITIES"]
