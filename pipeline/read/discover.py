"""Finding the plan files in a folder and telling by their bytes what each one really is."""
from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pipeline.base.notes import WARNING, FileProblem, Note

PLAN_SUFFIXES = (".docx", ".xlsx", ".xlsm", ".doc", ".xls", ".rtf")
# Compound File Binary (old Office files, and the wrapper of password-protected new ones).
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK"
RTF_MAGIC = b"{\\rtf"


CALENDAR_SUFFIX = ".toml"
# Files a plan folder holds besides plans, skipped without a note.
QUIET_NAMES = ("README.md", ".gitkeep", "desktop.ini", "Thumbs.db")


@dataclass(frozen=True)
class PlanFile:
    """A file to read as a plan, with the name notes and output folders use: its path relative
    to the input folder ("Мектеп 1/plan.docx"), or its file name when given by name."""
    path: Path
    name: str


def is_lock_file(name: str) -> bool:
    """Whether Word, Excel or LibreOffice left this file while a document is open."""
    return name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#"))


def locks(lock_name: str, plan_name: str) -> bool:
    """Whether the lock file `lock_name` belongs to the plan `plan_name` of the same folder.

    Excel and LibreOffice keep the whole name ("~$plan.xlsx", ".~lock.plan.docx#"); Word replaces
    the first one or two letters of a long name ("~$an-2025.docx" for "plan-2025.docx")."""
    if lock_name.startswith(".~lock."):
        return lock_name[len(".~lock."):-1] == plan_name
    rest = lock_name[2:]
    return plan_name == rest or (plan_name.endswith(rest) and len(plan_name) - len(rest) <= 2)


def plan_files(input_dir: Path, names: tuple[Path, ...] = (), skip: tuple[Path, ...] = ()
               ) -> tuple[list[PlanFile], list[Note]]:
    """The plan files to read: the given files, or every file under `input_dir` and its
    subfolders (sorted; hidden folders and the folders in `skip`, such as the output folder,
    left out). A lock file warns on the plan it belongs to (that plan is open); other lock
    files, hidden files and files of other kinds are left out, with a note where it helps."""
    if names:
        candidates = [(Path(n), Path(n).name) for n in names]
    else:
        candidates = [(path, path.relative_to(input_dir).as_posix()) for path in _walk(input_dir, skip)]
    files: list[PlanFile] = []
    lock_names: list[tuple[Path, str]] = []
    notes: list[Note] = []
    for path, name in candidates:
        if is_lock_file(path.name):
            lock_names.append((path, name))
        elif path.name.startswith(".") or path.name in QUIET_NAMES or path.suffix.lower() == CALENDAR_SUFFIX:
            continue
        elif path.suffix.lower() not in PLAN_SUFFIXES and not names:
            notes.append(Note(WARNING, "file_unsupported", name))
        else:
            files.append(PlanFile(path, name))
    for lock, name in lock_names:
        owners = [f for f in files if f.path.parent == lock.parent and locks(lock.name, f.path.name)]
        notes.extend(Note(WARNING, "plan_open", f.name, params={"lock": lock.name}) for f in owners)
        if not owners:
            notes.append(Note(WARNING, "file_lock", name))
    return files, notes


def calendar_files(input_dir: Path, skip: tuple[Path, ...] = ()) -> tuple[Path, ...]:
    """The calendar files (`*.toml`) under `input_dir`, sorted, read like `--calendar FILE`."""
    if not input_dir.is_dir():
        return ()
    return tuple(p for p in _walk(input_dir, skip) if p.suffix.lower() == CALENDAR_SUFFIX and not p.name.startswith("."))


def _walk(folder: Path, skip: tuple[Path, ...]) -> list[Path]:
    """Every file under `folder`, sorted by relative path; hidden folders and `skip` left out."""
    skipped = {s.resolve() for s in skip}
    found: list[Path] = []
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            # hidden folders, the output folder, and links (which could lead back up) are not plans
            if not entry.name.startswith(".") and not entry.is_symlink() and entry.resolve() not in skipped:
                found.extend(_walk(entry, skip))
        elif entry.is_file():
            found.append(entry)
    return found


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
        raise FileProblem("file_corrupt", detail="not a zip archive")  # the detail is for notes.csv and --debug
    raise FileProblem("file_unsupported")


# Stream names in an OLE file's directory that say what the file is.
OLE_KINDS = (("EncryptedPackage", "file_encrypted"), ("WordDocument", "file_old_doc"),
             ("Workbook", "file_old_xls"), ("Book", "file_old_xls"))


def _ole_kind(data: bytes) -> str:
    """The problem code for an OLE file, by the streams its directory names: a password-protected
    document, an old .doc or .xls, or another kind ("file_ole_other")."""
    names = ole_stream_names(data)
    for stream, code in OLE_KINDS:
        if stream in names:
            return code
    return "file_ole_other"


def ole_stream_names(data: bytes) -> set[str]:
    """The names in an OLE (Compound File Binary) file's directory, read by following the
    directory's sector chain through the file allocation table; empty for a broken file."""
    try:
        sector_size = 1 << struct.unpack_from("<H", data, 30)[0]
        fat_sectors = struct.unpack_from("<I", data, 44)[0]
        directory_sector = struct.unpack_from("<I", data, 48)[0]
        difat = list(struct.unpack_from("<109I", data, 76))
        next_difat, difat_count = struct.unpack_from("<II", data, 68)
        for _ in range(difat_count):  # the sectors that list the FAT beyond the header's 109
            if next_difat >= _MAX_SECTOR:
                break
            entries = struct.unpack_from(f"<{sector_size // 4}I", data, _offset(next_difat, sector_size))
            difat.extend(entries[:-1])
            next_difat = entries[-1]
        fat: list[int] = []
        for sector in difat[:fat_sectors]:
            fat.extend(struct.unpack_from(f"<{sector_size // 4}I", data, _offset(sector, sector_size)))
    except struct.error:
        return set()
    names: set[str] = set()
    sector, seen = directory_sector, set()
    while sector < min(len(fat), _MAX_SECTOR) and sector not in seen:
        seen.add(sector)
        block = data[_offset(sector, sector_size):_offset(sector, sector_size) + sector_size]
        for start in range(0, len(block) - 127, 128):
            length = struct.unpack_from("<H", block, start + 64)[0]
            if 2 <= length <= 64:
                names.add(block[start:start + length - 2].decode("utf-16-le", "replace"))
        sector = fat[sector]
    return names


_MAX_SECTOR = 0xFFFFFFFA  # above: free, end of chain and special sectors


def _offset(sector: int, sector_size: int) -> int:
    return (sector + 1) * sector_size
