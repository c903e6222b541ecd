"""The generated pages' Markdown as real files, in a folder of their own outside the repository.

Other plugins read a page's source file (mkdocs-static-i18n copies it per language, others
look at its modification time): a page with no file behind it crashed them. So each page is
written into a temporary folder that lives as long as the run (a build, or all of `serve`)
and is removed at its end; a file is rewritten only when its text changed, so its time stamp
says whether the page changed since the last build.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from cjdocs.atomic import write_atomically


class PageSources:
    def __init__(self) -> None:
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="cjdocs-pages-"))
            atexit.register(self.remove)
        return self._folder

    def write(self, texts: Mapping[str, str]) -> dict[str, Path]:
        """Each text at its docs path in the folder; files of pages no longer generated go."""
        folder = self.folder
        written: dict[str, Path] = {}
        for path, text in texts.items():
            target = folder / path
            data = text.encode("utf-8")
            if not (target.is_file() and target.read_bytes() == data):
                write_atomically(target, data)
            written[path] = target
        for stale in sorted(folder.rglob("*"), reverse=True):
            relative = stale.relative_to(folder).as_posix()
            if stale.is_file() and relative not in written:
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()):
                stale.rmdir()
        return written

    def remove(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
