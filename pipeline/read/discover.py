"""Finding the plan files in a folder and telling by their bytes what each one really is."""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pipeline.base.notes import WARNING, FileProblem, Note

PLAN_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".doc", ".xls")
# Compound File Binary (old Office files, and the wrapper of password-protected new ones).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
RTF_MAGIC = b"{\\rtf"


@dataclass(frozen=True)
class PlanFile:
    """A file to read as a plan, with the name notes and output folders use."""
    path: Path
    name: str


def is_lock_file(name: str) -> bool:
    """Whether Word, Excel or LibreOffice left this file while a document is open."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def plan_files(input_dir: Path, names: tuple[Path, ...] = ()) -> tuple[list[PlanFile], list[Note]]:
    """The plan files to read: the given files, or every file in `input_dir` (sorted by name);
    lock files, hidden files and files of other kinds are left out with a note."""
    candidates = [Path(n) for n in names] if names else sorted(p for p in input_dir.iterdir() if p.is_file())
    files: list[PlanFile] = []
    notes: list[Note] = []
    for path in candidates:
        name = path.name
        if is_lock_file(name):
            notes.append(Note(WARNING, "file_lock", name))
        elif name.startswith(".") or name in ("README.md", ".gitkeep"):
            continue
        elif path.suffix.lower() not in PLAN_SUFFIXES and not names:
            notes.append(Note(WARNING, "file_unsupported", name))
        else:
            files.append(PlanFile(path, name))
    return files, notes


def sniff(name: str, data: bytes) -> str:
    """What the bytes are, "docx" or "xlsx", whatever the name says; otherwise raises
    `FileProblem` saying what to do."""
    if not data:
        raise FileProblem("file_empty")
    if data.startswith(OLE_MAGIC):
        raise FileProblem(_ole_kind(data))
    if data.startswith(RTF_MAGIC):
        raise FileProblem("file_old_doc")
    if data.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
            raise FileProblem("file_corrupt", detail=type(exc).__name__) from None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        raise FileProblem("file_unsupported")
    if Path(name).suffix.lower() in (".docx", ".xlsx", ".xlsm"):
        raise FileProblem("file_corrupt", detail="not a zip archive")
    raise FileProblem("file_unsupported")


def _ole_kind(data: bytes) -> str:
    """The problem code for an OLE file: a password-protected document, an old .doc or .xls."""
    head = data[: 1024 * 1024]
    if "EncryptedPackage".encode("utf-16-le") in head:
        return "file_encrypted"
    if "WordDocument".encode("utf-16-le") in head:
        return "file_old_doc"
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "file_old_xls"
    return "file_unsupported"

