"""The pandera models' own rules: text columns are checked as pandera checks `str` columns."""
import pandas as pd
import pandera.pandas as pa
import pytest
from pandera.errors import SchemaErrors
from pandera.typing import Series

from schemas import Notes
from schemas.base import Text


class _Loose(pa.DataFrameModel):
    """A text column without coercion, so that a value that is not text reaches the check."""
    name: Series[Text]


def test_a_text_column_passes_as_text():
    frame = Notes.validate(pd.DataFrame({"severity": ["error"], "code": ["c"], "message": ["m"], "file": ["f"],
                                         "table": [1], "row": [None], "column": [""], "value": ["v"]}))
    assert isinstance(frame["code"].dtype, pd.StringDtype)
    assert _Loose.validate(pd.DataFrame({"name": ["a", "b"]}))["name"].tolist() == ["a", "b"]


def test_a_text_column_fails_value_by_value():
    with pytest.raises(SchemaErrors) as caught:
        _Loose.validate(pd.DataFrame({"name": pd.Series(["a", 1, "b"], dtype=object)}), lazy=True)
    cases = caught.value.failure_cases
    assert cases[["column", "failure_case", "index"]].to_dict("records") == [
        {"column": "name", "failure_case": 1, "index": 1}]
