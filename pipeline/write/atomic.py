"""Writing output files so that a crash or Ctrl-C never leaves a half-written one."""
from __future__ import annotations

import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

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
    stem = Path(file_name.replace("\\", "/")).stem
    stem = _UNSAFE.sub("_", stem).strip(" ._")
    return stem[:MAX_NAME] or "plan"


def output_folders(sources: list[str]) -> dict[str, str]:
    """A distinct output folder name for each source file; files with the same stem
    ("plan.docx", "plan.xlsx") get the extension added."""
    names = {s: safe_folder_name(s) for s in sources}
    taken: dict[str, int] = {}
    for name in names.values():
        taken[name] = taken.get(name, 0) + 1
    out = {}
    for source, name in names.items():
        if taken[name] > 1:
            name = f"{name}-{Path(source).suffix.lstrip('.').lower() or 'file'}"
        out[source] = name
    return out
