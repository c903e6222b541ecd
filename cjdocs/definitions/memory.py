"""`serve`: each definition file's check as the last build made it, used again while the
file's bytes are the same.

Reading and checking every file (YAML, then each definition against its schema) was a
quarter of a rebuild of a few hundred journeys, though an edit changes one file. The check of
a file depends on its bytes alone (and its name and the language of the messages): a
`FileMemory` keeps each file's outcome with the bytes it was made from, and the next build
reads each file's bytes and checks again only those that differ. What compares files with
each other (`cross_check`, the journey rules) runs on every build. The model is made again
too, but a definition whose document (the very object kept with the file) and references
are those of the last build is the last build's object (`model.Built`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cjdocs.definitions.loader import MAX_FILE_BYTES
from cjdocs.definitions.model import Built

if TYPE_CHECKING:
    from cjdocs.definitions.validation import FileOutcome


class FileMemory:
    def __init__(self) -> None:
        self._outcomes: dict[tuple, tuple[bytes, FileOutcome]] = {}
        # The definitions made from the documents (`model.build_model`).
        self.built = Built()

    def check(
        self, jobs: Sequence[tuple], run: Callable[[list[tuple]], list[FileOutcome]]
    ) -> list[FileOutcome]:
        """The outcome of each job (path, display name, ...) in order: as the last build had
        it where the file's bytes are the same, else from `run` (given the jobs left)."""
        before = [contents(job[0]) for job in jobs]
        outcomes: list[FileOutcome | None] = []
        for job, data in zip(jobs, before, strict=True):
            kept = self._outcomes.get(job)
            outcomes.append(
                kept[1] if kept is not None and data is not None and kept[0] == data else None
            )
        missing = [index for index, outcome in enumerate(outcomes) if outcome is None]
        for index, outcome in zip(missing, run([jobs[index] for index in missing]), strict=True):
            outcomes[index] = outcome
        again = set(missing)
        self._outcomes = {
            job: (data, outcome)
            for index, (job, data, outcome) in enumerate(zip(jobs, before, outcomes, strict=True))
            # A file saved while it was being checked is checked again next time.
            if data is not None and (index not in again or contents(job[0]) == data)
        }
        return outcomes  # type: ignore[return-value]

    def forget(self) -> None:
        self._outcomes = {}
        self.built = Built()


def contents(path: str) -> bytes | None:
    """The bytes of a regular file (at most one more than the loader reads); None for
    anything else, or what cannot be read: such a path is checked every time, by the loader,
    which says what is wrong with it. Opened as the loader opens it: never a pipe or a device."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None
            return handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
