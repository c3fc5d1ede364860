"""CSV outputs for anyone who wants to analyse further: UTF-8 with a byte-order mark (so that
Excel on Windows shows Cyrillic), one header row, ISO dates."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.write.atomic import atomic_path

DATE_FORMAT = "%Y-%m-%d"
ENCODING = "utf-8-sig"  # UTF-8 with the byte-order mark Excel needs to read it as UTF-8


def write_csv(frame: pd.DataFrame, target: Path) -> Path:
    """`frame` written atomically to `target` (dates as YYYY-MM-DD, missing values empty)."""
    with atomic_path(target) as tmp:
        frame.to_csv(tmp, index=False, encoding=ENCODING, date_format=DATE_FORMAT, lineterminator="\n")
    return target
