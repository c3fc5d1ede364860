"""The CSV files are byte for byte what pandas' `to_csv` writes, for every column type the
pipeline's frames have, whole or split by a column."""
import datetime as dt

import numpy as np
import pandas as pd

from pipeline.write.csv_files import DATE_FORMAT, ENCODING, write_csv, write_csv_parts

FLOATS = [0.1 + 0.2, 1.0, 1e16, 1 / 3, float("nan"), 0.0, -0.5, 1e-7, 123456789.123, 0.44, 2 / 3 * 100]
AWKWARD = ["", "a", "a,b", 'say "hi"', "two\nlines", "cr\rhere", " lead", "trail ", "«Мектеп» №2", "None", "nan", None]


def a_frame(rows: int) -> pd.DataFrame:
    pick = [AWKWARD[i % len(AWKWARD)] for i in range(rows)]
    return pd.DataFrame({
        "text": pd.array(pick, dtype="str"),
        "whole": np.arange(rows, dtype="int64") * 10**11 - 5,
        "maybe": pd.array([[None, 1, 12][i % 3] for i in range(rows)], dtype="Int64"),
        "day": pd.to_datetime([[None, "2025-09-01", "2026-01-31 13:45"][i % 3] for i in range(rows)], format="mixed"),
        "flag": np.array([i % 2 == 0 for i in range(rows)], dtype=bool),
        "rate": np.array([FLOATS[i % len(FLOATS)] for i in range(rows)], dtype="float64"),
        "plan": pd.array([["a.docx", "b.docx"][i % 2] for i in range(rows)], dtype="str"),
    })


def pandas_bytes(frame: pd.DataFrame, path) -> bytes:
    frame.to_csv(path, index=False, encoding=ENCODING, date_format=DATE_FORMAT, lineterminator="\n")
    return path.read_bytes()


def test_a_frame_is_written_as_pandas_writes_it(tmp_path):
    for rows in (0, 1, 13):
        frame = a_frame(rows)
        assert write_csv(frame, tmp_path / "ours.csv").read_bytes() == pandas_bytes(frame, tmp_path / "theirs.csv")


def test_parts_are_the_rows_of_their_key_and_a_key_without_rows_gets_the_header(tmp_path):
    frame = a_frame(13)
    targets = {key: tmp_path / f"{key}.csv" for key in ("a.docx", "b.docx", "c.docx")}
    written = write_csv_parts(frame, "plan", targets)
    assert written == list(targets.values())
    for key, path in targets.items():
        assert path.read_bytes() == pandas_bytes(frame[frame["plan"] == key], tmp_path / "theirs.csv")


def test_other_column_types_are_left_to_pandas(tmp_path):
    frame = pd.DataFrame({"rate": [0.5, None, 1e20], "mixed": [dt.date(2025, 1, 2), None, "x"]})
    assert write_csv(frame, tmp_path / "ours.csv").read_bytes() == pandas_bytes(frame, tmp_path / "theirs.csv")
