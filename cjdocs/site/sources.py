"""The generated pages' Markdown as real files, in a folder of their own outside the repository.

Other plugins read a page's source file (mkdocs-static-i18n copies it per language, others
look at its modification time): a page with no file behind it crashed them. So each page is
written into a temporary folder that lives as long as the run (a build, or all of `serve`)
and is removed at its end; a file is rewritten only when its text changed, so its time stamp
says whether the page changed since the last build.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cjdocs.atomic import running


class PageSources:
    def __init__(self) -> None:
        self._folder: Path | None = None
        # The docs paths the last `write` wrote, by their files.
        self._written: dict[str, Path] = {}
        # Whether the folder is in memory (see `_in_memory`); False for good once memory had
        # no room (a container's /dev/shm is often small).
        self._in_memory = True

    @property
    def folder(self) -> Path:
        if self._folder is None:
            place = _in_memory() if self._in_memory else None
            self._in_memory = place is not None
            self._folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=place))
            atexit.register(self.remove)
            _remove_leftovers(self._folder.parent)
        return self._folder

    def write(self, texts: Mapping[str, str]) -> dict[str, Path]:
        """Each text at its docs path in the folder; files of pages no longer generated go.

        Written in place, not through a temporary file: the folder is this run's own, and
        nothing reads a file while it is written (420 files at 300 journeys took 0.08 s
        through temporary files, in the part of a build one process does alone)."""
        try:
            return self._write(texts)
        except OSError:
            if not self._in_memory:
                raise
            self.remove()  # memory had no room: on disk from now on
            self._in_memory = False
            return self._write(texts)

    def _write(self, texts: Mapping[str, str]) -> dict[str, Path]:
        folder = self.folder
        written: dict[str, Path] = {}
        made: set[Path] = set()
        for path, text in texts.items():
            target = folder / path
            data = text.encode("utf-8")
            if path in self._written and target.is_file() and target.read_bytes() == data:
                written[path] = target  # unchanged: its time stamp says so
                continue
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(data)
            written[path] = target
        for path in sorted(set(self._written) - set(written), reverse=True):
            stale = self._written[path]
            stale.unlink(missing_ok=True)
            for parent in stale.parents:
                if parent == folder or any(parent.iterdir()):
                    break
                parent.rmdir()
        self._written = written
        return written

    def remove(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
        self._written = {}


# A folder of generated pages is named after the process it belongs to.
PREFIX = "cjdocs-pages-"
_LEFTOVER = re.compile(rf"{PREFIX}(\d+)-[^/]+")


def _remove_leftovers(parent: Path) -> None:
    """Remove the folders of generated pages that runs killed before they could (a process
    stopped with SIGKILL, a machine that lost power) left in `parent`: only folders named as
    ours, this user's, of processes that no longer run. In a folder kept in memory they
    would hold memory until the machine restarts."""
    owner = os.getuid() if hasattr(os, "getuid") else None
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            match = _LEFTOVER.fullmatch(entry.name)
            if (
                match
                and int(match[1]) != os.getpid()
                and not running(int(match[1]))
                and entry.is_dir()
                and not entry.is_symlink()
                and (owner is None or entry.stat().st_uid == owner)
            ):
                shutil.rmtree(entry, ignore_errors=True)


def _in_memory() -> str | None:
    """A folder for temporary files kept in memory, where the system has one: the user's
    runtime folder (XDG_RUNTIME_DIR), else /dev/shm; None for the usual temporary folder.
    Creating 420 small files in a temporary folder on disk (ext4) took 0.07 s, in memory
    0.004 s; the files are a few megabytes at most, and removed at the end of the run."""
    for candidate in (os.environ.get("XDG_RUNTIME_DIR"), "/dev/shm"):
        if candidate and os.path.isdir(candidate) and os.access(candidate, os.W_OK | os.X_OK):
            return candidate
    return None
