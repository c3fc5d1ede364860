"""Text written into an XML part: the users' files may carry characters XML 1.0 cannot (control
characters but tab and line breaks, lone surrogates, U+FFFE and U+FFFF), which the Word and
Excel reports leave out; the characters XML gives a meaning to are written as entities."""
from __future__ import annotations

import re

# Named as they are: the class of those XML can hold takes long to compile.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML cannot hold."""
    return NOT_XML.sub("", text)


def xml_safe_values(values: list) -> list | None:
    """`values` with the characters XML cannot hold removed from their texts (other values as
    they are); None when no text has any (one search over them all first: most have none)."""
    if not NOT_XML.search("".join(v for v in values if isinstance(v, str))):
        return None
    return [xml_text(v) if isinstance(v, str) else v for v in values]


def xml_escaped(text: str) -> str:
    """`text` as XML character data: `&`, `<` and `>` as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attribute(text: str) -> str:
    """`text` as an XML attribute value in double quotes."""
    return xml_escaped(text).replace('"', "&quot;")
