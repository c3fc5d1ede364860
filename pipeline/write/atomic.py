"""Writing output files so that a crash or Ctrl-C never leaves a half-written one."""
from __future__ import annotations

import errno
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pipeline.base.notes import ERROR, Note

PART_SUFFIX = ".part"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()
_UNSAFE = re.compile(r"[^\w\-. ()«»№]+")
MAX_NAME = 100


@contextmanager
def atomic_path(target: Path):
    """A temporary path beside `target` to write to; it replaces `target` only when the block
    finishes without an exception, and is removed otherwise."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=target.suffix + PART_SUFFIX, dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes the file private; reports are ordinary files
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clear_leftovers(folder: Path) -> None:
    """Remove the temporary files a killed run left in `folder` (its finished files stay)."""
    if folder.is_dir():
        for leftover in folder.glob(f".*{PART_SUFFIX}"):
            leftover.unlink(missing_ok=True)


def safe_folder_name(file_name: str) -> str:
    """A folder name for a plan's outputs: the file's stem with path separators and odd
    characters replaced, so that no output lands outside the output folder."""
    return _safe_part(Path(file_name.replace("\\", "/")).stem)


def plan_folder(source: str) -> Path:
    """The output folder of the plan `source` ("Мектеп 1/plan.docx"), relative to the output
    folder and decided by that name alone: its subfolders, then its stem ("Мектеп 1/plan"); a
    plan that is not a Word file adds its kind ("plan-xlsx"), so that plan.docx and plan.xlsx
    never share a folder."""
    path = Path(source.replace("\\", "/"))
    name = safe_folder_name(path.name)
    kind = path.suffix.lstrip(".").lower()
    if kind != "docx":
        name = f"{name}-{_safe_part(kind) if kind else 'file'}"
    return Path(*[_safe_part(part) for part in path.parent.parts if part not in ("", ".", "..", "/")], name)


def _safe_part(text: str) -> str:
    return _UNSAFE.sub("_", text).strip(" ._")[:MAX_NAME] or "plan"


# Windows error numbers: "the file is being used by another process", "path not found" (a
# path over 260 characters is reported so), "the file name or extension is too long".
_WIN_SHARING_VIOLATION, _WIN_PATH_NOT_FOUND, _WIN_NAME_TOO_LONG = 32, 3, 206
WINDOWS_MAX_PATH = 260


def write_failure(source: str, target: Path, exc: OSError) -> Note:
    """The error note of a plan whose report `target` could not be written, saying what to do:
    close the file (open in Word/Excel), allow writing to the folder, free disk space, shorten
    the path, or move the file that stands where a folder should be."""
    winerror = getattr(exc, "winerror", None)
    params = {"file": target.name, "folder": str(target.parent), "errno": exc.errno or winerror or ""}
    # Replacing a report Word or Excel holds open is refused for that file (`os.replace` names
    # it as its second file); a refused folder names the temporary file instead.
    refused = Path(exc.filename2 or exc.filename or "")
    if winerror == _WIN_SHARING_VIOLATION or (isinstance(exc, PermissionError) and refused == target and target.exists()):
        code = "write_file_open"
    elif isinstance(exc, PermissionError):
        code = "write_denied"
    elif exc.errno == errno.ENOSPC:
        code = "write_disk_full"
    elif exc.errno == errno.ENAMETOOLONG or winerror == _WIN_NAME_TOO_LONG or (
            isinstance(exc, FileNotFoundError) and len(str(target.absolute())) >= WINDOWS_MAX_PATH):
        code = "write_path_too_long"
    elif isinstance(exc, (NotADirectoryError, FileExistsError)) or winerror == _WIN_PATH_NOT_FOUND:
        code = "write_not_a_folder"
        params["folder"] = str(next((p for p in (target, *target.parents) if p.exists() and not p.is_dir()),
                                    target.parent))  # the file standing where a folder should be
    else:
        code = "write_failed"
    return Note(ERROR, code, source, params=params)
