"""The plan handed back with its problems marked: a copy of the user's own Word or Excel file with
every data-quality note attached where it belongs, as a Word comment or an Excel cell comment in
the user's language. The copy is otherwise the user's document; the original is only read.

Where a note belongs comes from the reader's anchors (`read.raw.Anchor`): a note naming a table,
row and column sits on that cell; one naming a row, on the row's first cell; one naming a table,
on the heading above the table it names as its value ("АҚПАН АЙЫ"), else on the table's first
cell; any other on the document's title (a workbook's first cell)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.base import labels
from pipeline.base.batch import Progress, map_plans
from pipeline.base.notes import WARNING, Note
from pipeline.normalize.ingest import Ingested
from pipeline.read.discover import PlanFile, sniff
from pipeline.read.excel import read_xlsx
from pipeline.read.raw import Anchor, RawPlan, RawRow, RawTable
from pipeline.read.word import read_docx
from pipeline.write import excel_kit, word_kit
from pipeline.write.atomic import plan_folder

SUFFIXES = {"docx": ".docx", "xlsx": ".xlsx"}
_READERS = {"docx": read_docx, "xlsx": read_xlsx}


@dataclass(frozen=True)
class _Place:
    """Where one note goes: the table's anchor, the row's (None for the table itself), the grid
    column (None for the row's first cell) and, for a note about a table, the value it names
    (a heading above the table)."""
    table: Anchor | None
    row: Anchor | None
    column: int | None
    value: str = ""


def marked_name(plan_file: PlanFile, kind: str, lang: str) -> str:
    """"<plan>-ескертулер.docx" / "<plan>-замечания.xlsx": the copy's name, with the extension of
    what the file really is."""
    return f"{Path(plan_file.name).stem}-{labels.text('marked.suffix', lang)}{SUFFIXES[kind]}"


def mark_batch(ingested: Ingested, output_dir: Path, lang: str, jobs: int | None = None,
               progress: Progress | None = None) -> dict[str, Path]:
    """The marked copy of every plan the batch read, in its output folder (by plan name); a copy
    that could not be made becomes a warning note of the batch."""
    folders = {plan.source: output_dir / plan_folder(plan.source) for plan in ingested.read}
    written, failures = write_marked_plans(ingested.files, ingested.notes, folders, lang, jobs, progress)
    ingested.notes.extend(failures)
    return written


def write_marked_plans(files: list[PlanFile], notes: list[Note], folders: dict[str, Path], lang: str,
                       jobs: int | None = None, progress: Progress | None = None) -> tuple[dict[str, Path], list[Note]]:
    """For every file in `folders` (its name → the output folder) with notes, the marked copy
    written into its folder; the copies written by file name, and a note for each copy that could
    not be made (the other copies go on)."""
    by_file: dict[str, list[Note]] = {}
    for note in notes:
        by_file.setdefault(note.file, []).append(note)
    tasks = [(f, by_file[f.name], folders[f.name], lang) for f in files if f.name in folders and by_file.get(f.name)]
    results = list(map_plans(_mark_task, tasks, [task[0].name for task in tasks], jobs, progress, "write"))
    written = {task[0].name: result for task, result in zip(tasks, results) if isinstance(result, Path)}
    return written, [result for result in results if isinstance(result, Note)]


def _mark_task(task: tuple[PlanFile, list[Note], Path, str]) -> Path | Note:
    plan_file, notes, folder, lang = task
    try:
        return write_marked_plan(plan_file, notes, folder, lang)
    except Exception as exc:  # a file this program cannot mark: the reports go on without its copy
        return Note(WARNING, "marked_copy_failed", plan_file.name, value=f"{type(exc).__name__}: {exc}")


def write_marked_plan(plan_file: PlanFile, notes: list[Note], folder: Path, lang: str) -> Path:
    """The marked copy of `plan_file` in `folder`, whole or not at all: each of `notes` a comment
    by "plan-report" with its message in `lang`, where it belongs."""
    data = plan_file.path.read_bytes()
    kind = sniff(plan_file.name, data)
    raw = _READERS[kind](plan_file.name, data)
    target = folder / marked_name(plan_file, kind, lang)
    places = [(_place(raw, note), note.message(lang)) for note in notes]
    if kind == "docx":
        return word_kit.save(_marked_docx(plan_file.path, places), target)
    return excel_kit.save(_marked_xlsx(plan_file.path, raw, places), target)


def _place(raw: RawPlan, note: Note) -> _Place:
    """Where `note` belongs in the file `raw` was read from."""
    table = raw.tables[note.table - 1] if note.table and 0 < note.table <= len(raw.tables) else None
    if table is None:
        return _Place(None, None, None)
    row = next((r for r in table.rows if r.row_no == note.row), None) if note.row else None
    return _Place(_table_anchor(table), row.anchor if row else None, _column(table, row, note.column), note.value or "")


def _table_anchor(table: RawTable) -> Anchor | None:
    """The table's own anchor (a Word table), else its first row's (a sheet's table)."""
    return table.anchor or next((r.anchor for r in table.rows if r.anchor), None)


def _column(table: RawTable, row: RawRow | None, column: str | None) -> int | None:
    """The grid column a note names, by its header as written or by its column key."""
    if not column or row is None:
        return None
    for names in (table.header, table.columns):
        if column in names:
            return names.index(column)
    return None


def _marked_docx(path: Path, places: list[tuple[_Place, str]]):
    document = word_kit.open_document(path)
    title = word_kit.first_text_paragraph(document)
    for place, text in places:
        element = None
        if place.row is not None:
            element = word_kit.cell_in_row(word_kit.element_at(document, place.row.path), place.column)
        elif place.table is not None:
            table = word_kit.element_at(document, place.table.path)
            element = word_kit.heading_before(table, place.value)
            if element is None:
                element = word_kit.cell_in_row(word_kit.first_row(table), None)
        # a place the document does not have after all: the note goes on the title
        element = element if element is not None else title
        if element is not None:
            word_kit.add_comment(document, element, text)
    return document


def _marked_xlsx(path: Path, raw: RawPlan, places: list[tuple[_Place, str]]):
    workbook = excel_kit.open_workbook(path)
    first = next((t.rows[0].anchor for t in raw.tables if t.rows and t.rows[0].anchor), None)
    for place, text in places:
        anchor = place.row or place.table
        if anchor is not None and anchor.sheet in workbook.sheetnames:
            column = anchor.first_col + (place.column or 0) if place.row is not None else anchor.first_col
            excel_kit.add_comment(workbook[anchor.sheet], anchor.row, column, text)
        else:  # the plan as a whole: the first cell of its sheet, where its title is
            sheet = workbook[first.sheet] if first and first.sheet in workbook.sheetnames else workbook.worksheets[0]
            excel_kit.add_comment(sheet, 1, 1, text)
    return workbook
