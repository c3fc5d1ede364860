"""CSV outputs for anyone who wants to analyse further: UTF-8, one header row, ISO dates."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.write.atomic import atomic_path

DATE_FORMAT = "%Y-%m-%d"


def write_csv(frame: pd.DataFrame, target: Path) -> Path:
    """`frame` written atomically to `target` (dates as YYYY-MM-DD, missing values empty)."""
    with atomic_path(target) as tmp:
        frame.to_csv(tmp, index=False, encoding="utf-8", date_format=DATE_FORMAT, lineterminator="\n")
    return target
