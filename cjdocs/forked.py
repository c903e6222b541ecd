"""Work done ahead by a forked process, its results sent back down a pipe as they are made.

MkDocs renders the pages one by one in one process. Work that needs only what that process
already holds can be done meanwhile on another core by a child forked from it: the child
inherits everything (nothing is pickled on the way there), makes its results in order and
sends each down its own pipe, which the parent reads only when it needs the next result (no
thread of ours in the parent: a thread receiving meanwhile would take turns with MkDocs for
the interpreter). In the child a thread writes, so that making the next result need not
wait for the parent to read.

Only where processes can be forked and no other thread runs (a fork could catch one holding
a lock): see `can_fork`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import multiprocessing
import os
import pickle
import queue
import select
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable


def can_fork() -> bool:
    """Whether a child can be forked safely here: the platform forks, and this process runs
    no other thread (`mkdocs serve` runs several)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


@dataclasses.dataclass(frozen=True)
class Fault:
    """What went wrong in a child, as its traceback said it."""

    text: str


class Stopped(Exception):
    """The child sent everything it had, or stopped."""


class Forked:
    """A child process running `work()`, which it inherited, and sending each result of it
    down a pipe; an exception in `work` ends the results with a `Fault`."""

    def __init__(self, work: Callable[[], Iterable[object]]) -> None:
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: does the work, and ends without cleaning up
            try:
                os.close(reading)
                _send(work, writing)
            finally:
                os._exit(0)
        os.close(writing)
        self.pid = pid
        self._running = True
        self._stream = os.fdopen(reading, "rb", buffering=0)

    def receive(self) -> object:
        """The next result; raises Stopped when there is none."""
        head = self._read(8)
        data = self._read(int.from_bytes(head, "little")) if len(head) == 8 else b""
        if not data:
            raise Stopped
        return pickle.loads(data)

    def ready(self) -> bool:
        """Whether a result (or the end) waits in the pipe: `receive` would not wait."""
        return bool(select.select([self._stream], [], [], 0)[0])

    def _read(self, size: int) -> bytes:
        # (The pipe is read unbuffered, so that `ready` sees all that is left unread.)
        parts = []
        while size > 0 and (part := self._stream.read(size)):
            parts.append(part)
            size -= len(part)
        return b"".join(parts)

    def stop(self) -> None:
        """End the child (done, or no longer needed) and close the pipe."""
        if not self._running:
            return
        self._running = False
        self._stream.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _send(work: Callable[[], Iterable[object]], writing: int) -> None:
    waiting: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()

    def write() -> None:
        with os.fdopen(writing, "wb") as stream:
            try:
                while (data := waiting.get()) is not None:
                    stream.write(len(data).to_bytes(8, "little") + data)
            except OSError:
                pass  # the parent stopped reading: the build ended

    writer = threading.Thread(target=write)
    writer.start()
    # The writer waits for the interpreter while the work runs: by default up to 5 ms after
    # each result, while the parent, which needs it, waited (at the end of a build of 300
    # journeys, 60 waits, 0.15 s in all; now 2, 0.005 s).
    sys.setswitchinterval(0.0002)
    try:
        for result in work():
            waiting.put(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # a fault of ours: the parent raises it, with where it was
        waiting.put(pickle.dumps(Fault(traceback.format_exc())))
    finally:
        waiting.put(None)
        writer.join()
