"""The data-quality notes frame."""
import pandera.pandas as pa
from pandera.typing import Series

from .base import Frame, Text

SEVERITIES = ("error", "warning")


class Notes(Frame):
    """One problem found in a plan file, placed where the user can find it."""
    severity: Series[Text] = pa.Field(isin=SEVERITIES)
    code: Series[Text]
    message: Series[Text]
    file: Series[Text]
    table: Series[pa.Int64] = pa.Field(nullable=True, ge=1)
    row: Series[pa.Int64] = pa.Field(nullable=True, ge=1)
    column: Series[Text]
    value: Series[Text]
