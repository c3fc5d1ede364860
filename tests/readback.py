"""Reading produced files and results back as a user sees them."""


def texts(document) -> list[str]:
    """The Word document's non-empty paragraphs, in order."""
    return [p.text for p in document.paragraphs if p.text]


def rows(table) -> list[list[str]]:
    """A Word table's cell texts, row by row."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def codes(ingested) -> list[str]:
    """The distinct codes of the notes a batch read gave."""
    return sorted({n.code for n in ingested.notes})
