"""The data-quality notes frame."""
import pandera.pandas as pa
from pandera.typing import Series

from .base import Frame

SEVERITIES = ("error", "warning")


class Notes(Frame):
    """One problem found in a plan file, placed where the user can find it."""
    severity: Series[str] = pa.Field(isin=SEVERITIES)
    code: Series[str]
    message: Series[str]
    file: Series[str]
    table: Series[pa.Int64] = pa.Field(nullable=True, ge=1)
    row: Series[pa.Int64] = pa.Field(nullable=True, ge=1)
    column: Series[str]
    value: Series[str]
