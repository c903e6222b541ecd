"""Writing a file so that a reader never sees half of it: a temporary file beside it, renamed
over it when complete (builds and caches may run side by side)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole or not at all; raises OSError, leaving no temporary behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_folder(target: Path, files: dict[str, str], *, replace: bool = True) -> list[Path]:
    """Write text files into a folder: a fresh folder swapped in whole (`replace`), or files
    added beside what is there, each written atomically."""
    target = target.absolute()
    if not replace:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in sorted(files.items()):
            write_atomically(target / name, text.encode("utf-8"))
            written.append(target / name)
        return written
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, text in sorted(files.items()):
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        fresh.rename(target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return [target / name for name in sorted(files)]
