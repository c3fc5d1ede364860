"""Cleaning of cell text as people type it in Word and Excel."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters that render as nothing or as a plain space but break matching.
_UNIFY = {
    **dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff")),
    **dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2009\u2002\u2003\u3000\t"), " "),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-"),
}

# Latin letters that look like Cyrillic ones; typed by accident inside Cyrillic words.
_LATIN_TO_CYRILLIC = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_MIXED_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
_MULTISPACE = re.compile(r" {2,}")


def _fix_lookalikes(word: re.Match) -> str:
    text = word.group(0)
    if _CYRILLIC.search(text) and _LATIN.search(text):
        return text.translate(_LATIN_TO_CYRILLIC)
    return text


@lru_cache(maxsize=65536)
def clean_line(text: str) -> str:
    """One line of cell text with invisible characters dropped, spaces and dashes unified,
    Latin look-alike letters inside Cyrillic words replaced, and outer spaces stripped."""
    text = unicodedata.normalize("NFC", text).translate(_UNIFY)
    if _LATIN.search(text) and _CYRILLIC.search(text):
        text = _MIXED_WORD.sub(_fix_lookalikes, text)
    return _MULTISPACE.sub(" ", text).strip()


def clean_lines(lines) -> list[str]:
    """Non-empty cleaned lines of a cell, in order."""
    out = []
    for line in lines:
        for part in str(line).replace("\r", "\n").replace("\v", "\n").split("\n"):
            part = clean_line(part)
            if part:
                out.append(part)
    return out


def fold(text: str) -> str:
    """A key for comparing words whatever their case, spacing and punctuation."""
    text = clean_line(text).casefold()
    text = re.sub(r"[^\w]+", " ", text)
    return text.replace("ё", "е").strip()


# Kazakh letters typed as their Russian look-alikes on a keyboard without a Kazakh layout
# ("ә" also as "э", "і" as the Latin "i").
_PLAIN_LETTERS = str.maketrans("әэіiңғүұқөһё", "ааиингуукохе")


def plain_letters(text: str) -> str:
    """`text` lowercased with Kazakh letters replaced by the Russian ones typed instead
    (қ→к, ә→а, і→и, ё→е), one character for each character of `text`, so that a match in
    the result is a match at the same place in `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower()[:1] for ch in text)
    return lowered.translate(_PLAIN_LETTERS)


def fold_plain(text: str) -> str:
    """`fold` with Kazakh letters replaced by their Russian look-alikes, so that text typed
    without a Kazakh keyboard compares equal."""
    return plain_letters(fold(text))
