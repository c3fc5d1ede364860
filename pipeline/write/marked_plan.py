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
from pipeline.base.batch import Progress, Started
from pipeline.base.notes import WARNING, Note
from pipeline.normalize.activities import NormalizedPlan
from pipeline.normalize.ingest import Ingested
from pipeline.read.discover import PlanFile, sniff
from pipeline.read.raw import Anchor, TablePlaces
from pipeline.write.atomic import atomic_path, clear_leftovers, plan_folder
from pipeline.write.word_comments import CommentedDocument, cell_in_row, first_row, heading_before

SUFFIXES = {"docx": ".docx", "xlsx": ".xlsx"}


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


def start_marking(ingested: Ingested, output_dir: Path, lang: str, jobs: int | None = None) -> MarkedCopies:
    """The marked copy of every plan the batch read, in its output folder, started now (on the
    workers of a `shared_workers` block), with the batch's notes as they are, while the caller
    goes on; `finish` waits for the copies and adds a warning to the batch's notes for each copy
    that could not be made."""
    return mark_plans(ingested.files, ingested.read, ingested.notes, output_dir, lang, jobs, failures=ingested.notes)


def mark_plans(files: list[PlanFile], plans: list[NormalizedPlan], notes: list[Note], output_dir: Path, lang: str,
               jobs: int | None = None, failures: list[Note] | None = None) -> MarkedCopies:
    """`start_marking` of `plans` (read from `files`) with `notes`; the warnings of the copies
    that could not be made go to `failures` (a list of their own when not given)."""
    folders = {plan.source: output_dir / plan_folder(plan.source) for plan in plans}
    places = {plan.source: plan.places for plan in plans}
    return start_marked_copies(files, notes, folders, lang, jobs, places, failures=failures)


def write_marked_plans(files: list[PlanFile], notes: list[Note], folders: dict[str, Path], lang: str,
                       jobs: int | None = None, progress: Progress | None = None,
                       places: dict[str, tuple[TablePlaces, ...]] | None = None
                       ) -> tuple[dict[str, Path], list[Note]]:
    """For every file in `folders` (its name → the output folder) with notes, the marked copy
    written into its folder, each note where `places` (by file name: where the file's tables sit,
    as its reader found them) puts it, else on the title; the copies written by file name, and a
    note for each copy that could not be made (the other copies go on)."""
    copies = start_marked_copies(files, notes, folders, lang, jobs, places)
    return copies.finish(progress), copies.failures


class MarkedCopies:
    """The marked copies of some plan files being made (`start_marked_copies`)."""

    def __init__(self, names: list[str], started: Started, failures: list[Note] | None = None):
        self._names, self._started = names, started
        self.failures: list[Note] = [] if failures is None else failures

    @property
    def running(self) -> bool:
        """Whether the copies are being made on the workers (else `finish` makes them)."""
        return self._started.running

    def finish(self, progress: Progress | None = None) -> dict[str, Path]:
        """The copies written, by file name, once all are done; a note for each copy that could
        not be made is added to `failures`."""
        results = list(self._started.results(progress, "write"))
        self.failures.extend(result for result in results if isinstance(result, Note))
        return {name: result for name, result in zip(self._names, results) if isinstance(result, Path)}


def start_marked_copies(files: list[PlanFile], notes: list[Note], folders: dict[str, Path], lang: str,
                        jobs: int | None = None, places: dict[str, tuple[TablePlaces, ...]] | None = None,
                        failures: list[Note] | None = None) -> MarkedCopies:
    """`write_marked_plans` started now (see `base.batch.Started`); the notes of the copies that
    could not be made go to `failures` (a list of their own when not given).

    The temporary files a killed run left in the files' folders are removed first, here, before
    any copy is started (and so before the caller writes anything else there): a copy being
    written is never taken for a leftover."""
    for folder in {folders[f.name] for f in files if f.name in folders}:
        clear_leftovers(folder)
    by_file: dict[str, list[Note]] = {}
    for note in notes:
        by_file.setdefault(note.file, []).append(note)
    tasks = [(f, by_file[f.name], folders[f.name], lang, (places or {}).get(f.name, ()))
             for f in files if f.name in folders and by_file.get(f.name)]
    names = [task[0].name for task in tasks]
    return MarkedCopies(names, Started(_mark_task, tasks, names, jobs), failures)


def _mark_task(task: tuple[PlanFile, list[Note], Path, str, tuple[TablePlaces, ...]]) -> Path | Note:
    plan_file, notes, folder, lang, places = task
    try:
        return write_marked_plan(plan_file, notes, folder, lang, places)
    except Exception as exc:  # a file this program cannot mark: the reports go on without its copy
        return Note(WARNING, "marked_copy_failed", plan_file.name, value=f"{type(exc).__name__}: {exc}")


def write_marked_plan(plan_file: PlanFile, notes: list[Note], folder: Path, lang: str,
                      places: tuple[TablePlaces, ...] = ()) -> Path:
    """The marked copy of `plan_file` in `folder`, whole or not at all: each of `notes` a comment
    by "plan-report" with its message in `lang`, where `places` (the file's tables, as its reader
    found them) puts it."""
    data = plan_file.path.read_bytes()
    kind = sniff(plan_file.name, data)
    target = folder / marked_name(plan_file, kind, lang)
    comments = [(_place(places, note), note.message(lang)) for note in notes]
    if kind == "docx":
        marked = _marked_docx(data, comments)
        with atomic_path(target) as tmp:
            tmp.write_bytes(marked)
        return target
    return _write_marked_xlsx(plan_file.path, places, comments, target)


def _place(tables: tuple[TablePlaces, ...], note: Note) -> _Place:
    """Where `note` belongs in the file whose tables sit at `tables`."""
    table = tables[note.table - 1] if note.table and 0 < note.table <= len(tables) else None
    if table is None:
        return _Place(None, None, None)
    row = table.rows.get(note.row) if note.row else None
    return _Place(table.anchor, row, _column(table, row, note.column), note.value or "")


def _column(table: TablePlaces, row: Anchor | None, column: str | None) -> int | None:
    """The grid column a note names, by its header as written or by its column key."""
    if not column or row is None:
        return None
    for names in (table.header, table.columns):
        if column in names:
            return names.index(column)
    return None


def _marked_docx(data: bytes, comments: list[tuple[_Place, str]]) -> bytes:
    """The Word file `data` with each comment where it belongs."""
    document = CommentedDocument(data)
    title = document.title()
    for place, text in comments:
        element = None
        if place.row is not None:
            element = cell_in_row(document.element_at(place.row.path), place.column)
        elif place.table is not None:
            table = document.element_at(place.table.path)
            element = heading_before(table, place.value)
            if element is None:
                element = cell_in_row(first_row(table), None)
        # a place the document does not have after all: the note goes on the title
        element = element if element is not None else title
        if element is not None:
            document.add_comment(element, text)
    return document.package()


def _write_marked_xlsx(path: Path, tables: tuple[TablePlaces, ...], comments: list[tuple[_Place, str]],
                       target: Path) -> Path:
    """The workbook at `path` with each comment where it belongs, written to `target`."""
    from pipeline.write import excel_comments  # openpyxl, only for an Excel plan

    workbook = excel_comments.open_workbook(path)
    first = next((anchor for table in tables if (anchor := _first_row(table)) is not None), None)
    for place, text in comments:
        anchor = place.row or place.table
        if anchor is not None and anchor.sheet in workbook.sheetnames:
            column = anchor.first_col + (place.column or 0) if place.row is not None else anchor.first_col
            excel_comments.add_comment(workbook[anchor.sheet], anchor.row, column, text)
        else:  # the plan as a whole: the first cell of its sheet, where its title is
            sheet = workbook[first.sheet] if first and first.sheet in workbook.sheetnames else workbook.worksheets[0]
            excel_comments.add_comment(sheet, 1, 1, text)
    return excel_comments.save(workbook, target)


def _first_row(table: TablePlaces) -> Anchor | None:
    """The anchor of the table's first row, if it has rows."""
    return next(iter(table.rows.values()), None)
