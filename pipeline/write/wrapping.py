"""How much room a text takes in a spreadsheet column: its width in widths of a digit (the unit
of a column's width) and its lines when wrapped between words, for row heights and comment boxes."""
from __future__ import annotations

from functools import lru_cache

# A capital letter is wider than the digit a column's width is measured in (Cyrillic capitals
# most of all): "«ҚҰҚЫҚТЫҚ МӘДЕНИЕТ» ЖОБАСЫ" needs about a third more room than its length.
CAPITAL_WIDTH = 1.35


@lru_cache(maxsize=65536)
def text_length(text: str) -> float:
    """How wide `text` is, in widths of a digit (words recur: each is measured once)."""
    return len(text) + (CAPITAL_WIDTH - 1) * sum(map(str.isupper, text))


@lru_cache(maxsize=16384)
def wrapped_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a column `width` characters wide, wrapped between words
    (the same texts recur in a report's columns: each is measured once)."""
    room = max(1, width - 1)
    if len(text) * CAPITAL_WIDTH <= room and "\n" not in text:
        return 1
    count = 0
    for line in text.split("\n"):
        count += 1
        used = 0.0
        for word in line.split():
            length = text_length(word)
            if used and used + 1 + length > room:
                count += 1
                used = 0.0
            used += length + (1 if used else 0)
            while used > room:  # a word longer than the column breaks across lines
                count += 1
                used -= room
    return count
