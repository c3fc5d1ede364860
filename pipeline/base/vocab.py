"""Vocabularies (month names, phrases, header names, labels) kept as data files in `pipeline/data`."""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent.parent / "data"


@cache
def table(name: str) -> dict:
    """The parsed `pipeline/data/<name>.toml` vocabulary."""
    with open(DATA_DIR / f"{name}.toml", "rb") as f:
        return tomllib.load(f)
