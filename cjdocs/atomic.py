"""Writing so that nothing of the user's is lost: files whole or not at all, folders swapped in
only when complete, and only over what cjdocs wrote itself.

- `write_atomically`: one file, through a temporary file beside it renamed over it (builds and
  caches may run side by side; a reader never sees half a file); `write_output_file` writes
  so over a file only when it holds output of the same kind.
- `write_files`: a few files into a folder that holds other things too (`init`, `schema`):
  every path is checked first, then all are written, and a failure removes what it created.
- `replacing` / `write_folder`: a folder cjdocs owns as a whole (the site, an export): filled
  beside it, marked with a manifest of what it holds, and swapped in. A folder is replaced only
  when it is absent, empty or marked, and holds nothing besides what its manifest lists.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import NamedTuple

# Written into every folder cjdocs fills as a whole: what it wrote there, so that a later run
# may replace those files, and only those.
MANIFEST = ".cjdocs-manifest.json"
# Folders of a run beside its target: `.site.cjdocs-new-<pid>` is being filled,
# `.site.cjdocs-old-<pid>` is the previous one while the new one moves in.
_LEFTOVER = re.compile(r"\.(?P<name>.+)\.cjdocs-(?P<stage>new|old)-(?P<pid>[0-9]+)")
_SHOWN = 3  # names listed in a refusal before "and N more"


class Refused(Exception):
    """An output path cannot be used; the message says which and why. Nothing was changed."""


class InTheWay(Refused):
    """Files exist where `write_files` would write, and may not be replaced."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(", ".join(names))
        self.names = list(names)


class Protected(NamedTuple):
    """A folder an output must never replace: nor be, nor hold (nor lie inside, unless allowed)."""

    path: Path
    description: str
    inside_allowed: bool = True


# -- one file ---------------------------------------------------------------------------------


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


# How much of a file's beginning tells cjdocs' outputs apart: `{\n  "phases": [` for the JSON
# export, `<svg class="cj-` and `digraph "flow" ` for diagrams, the signature of a PNG.
_KIND_BYTES = 15


def write_output_file(path: Path, data: bytes) -> None:
    """Write the output file a user named: a new file, or one holding output of the same kind,
    which begins with the same bytes (a diagram drawn before, an earlier export). Any other file
    there is the user's own: Refused, and nothing written. A symlink is followed."""
    place = Path(os.path.realpath(path))
    if os.path.lexists(place):
        if not place.is_file():  # never opened: reading a FIFO would wait forever
            raise Refused("it is a folder" if place.is_dir() else "it is not a regular file")
        try:
            with place.open("rb") as file:
                beginning = file.read(_KIND_BYTES)
        except OSError:
            beginning = b""
        if beginning != data[:_KIND_BYTES]:
            raise Refused("the file exists and does not hold this kind of cjdocs output")
    write_atomically(place, data)


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing folder above `path` when it is not a folder (a file, a FIFO)."""
    for parent in Path(path).parents:  # as given, so that a message names it as the user did
        if os.path.lexists(parent):
            return None if parent.is_dir() else parent
    return None


def explain(error: OSError, path: Path | str) -> str:
    """A plain sentence for a write that failed: the path, and why."""
    blocker = file_in_the_way(Path(path))
    if blocker is not None:
        return f"cannot write {path}: {_display(blocker)} is a file, not a folder"
    # The path the user gave, not a temporary beside it or a file deep inside it.
    return f"cannot write {path}: {error.strerror or error}"


def _display(path: Path) -> str:
    """A path as short as the user would write it: relative when inside the working folder."""
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            return path.relative_to(Path.cwd()).as_posix() or "."
    return str(path)


def _shown(names: Sequence[str]) -> str:
    listed = ", ".join(names[:_SHOWN])
    return listed + (f" and {len(names) - _SHOWN} more" if len(names) > _SHOWN else "")


# -- a few files beside others ----------------------------------------------------------------


def write_files(
    folder: Path, files: Mapping[str, str], *, replaceable: Callable[[Path], bool]
) -> list[Path]:
    """Write text files (relative names) into `folder`, all or none.

    Checks every path before writing anything: a file on the way to a folder, a folder where a
    file goes, or a file that exists and is not `replaceable` refuses the whole write. Then
    writes each file to a temporary beside it and renames them all into place; if anything
    fails, the temporaries, the new files and the folders it made are removed, and files it
    replaced get their old content back.
    """
    paths = {name: folder / name for name in sorted(files)}
    for path in paths.values():
        blocker = file_in_the_way(path)
        if blocker is not None:
            raise Refused(f"{_display(blocker)} is a file, not a folder")
        if path.is_dir():
            raise Refused(f"{_display(path)} is a folder, not a file")
        if os.path.lexists(path) and not path.is_file():
            raise Refused(f"{_display(path)} is not a regular file")
    in_the_way = [name for name, path in paths.items() if path.exists() and not replaceable(path)]
    if in_the_way:
        raise InTheWay(in_the_way)
    made: list[Path] = []  # folders this call created, outermost first
    temporaries: dict[Path, str] = {}
    replaced: dict[Path, bytes | None] = {}  # old content (None: there was no file)
    try:
        for name, path in paths.items():
            _make_folders(path.parent, made)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
            temporaries[path] = temporary
            with os.fdopen(handle, "wb") as file:
                file.write(files[name].encode("utf-8"))
        for path, temporary in temporaries.items():
            replaced[path] = path.read_bytes() if path.exists() else None
            os.replace(temporary, path)
    except BaseException:
        for temporary in temporaries.values():
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        for path, before in replaced.items():
            with contextlib.suppress(OSError):
                if before is None:
                    path.unlink()
                else:
                    write_atomically(path, before)
        for created in reversed(made):
            with contextlib.suppress(OSError):
                created.rmdir()
        raise
    return list(paths.values())


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Create `folder` and its missing parents, adding each to `made` once it exists."""
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir()
        made.append(created)


# -- a folder of its own ----------------------------------------------------------------------


def check_output_folder(
    target: Path,
    *,
    protected: Sequence[Protected] = (),
    recognise: Callable[[Path], bool] | None = None,
) -> None:
    """Raise Refused (saying why) unless `target` may be replaced whole by a folder cjdocs fills.

    It may when it is absent, empty, or marked by cjdocs and holding nothing its manifest does
    not list (or unmarked and `recognise`d, e.g. a site MkDocs built), and when it is none of the
    `protected` folders, holds none of them, and is not, holds, or lies inside a git folder.
    A symlink is judged by the folder it points to.
    """
    place = Path(os.path.realpath(target))
    if os.path.lexists(place) and not place.is_dir():
        raise Refused("it is a file, not a folder")
    blocker = file_in_the_way(target)
    if blocker is not None:
        raise Refused(f"{_display(blocker)} is a file, not a folder")
    for folder in protected:
        guarded = Path(os.path.realpath(folder.path))
        if place == guarded:
            raise Refused(f"it is {folder.description}")
        if guarded.is_relative_to(place):
            raise Refused(f"it holds {folder.description}")
        if not folder.inside_allowed and place.is_relative_to(guarded):
            raise Refused(f"it is inside {folder.description}")
    if ".git" in place.parts:
        raise Refused(
            "it is a git folder (.git)"
            if place.name == ".git"
            else "it is inside a git folder (.git)"
        )
    if os.path.lexists(place / ".git"):
        raise Refused("it is a git repository (it holds .git)")
    if not place.exists():
        return
    listed = _manifest(place)
    foreign = _entries(place, skip=listed or set())
    if listed is not None:
        if foreign:
            raise Refused(f"it holds files cjdocs did not write: {_shown(foreign)}")
        return
    if foreign and not (recognise is not None and recognise(place)):
        raise Refused(f"it is not empty and was not written by cjdocs (it holds {_shown(foreign)})")


def _manifest(folder: Path) -> set[str] | None:
    """The files cjdocs listed as written into `folder`; None when it has no (readable) manifest."""
    if not (folder / MANIFEST).is_file():
        return None
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {name for name in data["files"] if isinstance(name, str)}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _entries(folder: Path, *, skip: AbstractSet[str] = frozenset()) -> list[str]:
    """Everything in `folder` but folders (files, symlinks, FIFOs ...), as sorted relative
    names, leaving out the manifest and the names in `skip`. An unreadable subfolder counts as
    an entry: what it holds cannot be vouched for."""
    found: list[str] = []

    def unreadable(error: OSError) -> None:
        found.append(os.path.relpath(error.filename, folder).replace(os.sep, "/") + "/")

    for root, folders, names in os.walk(folder, onerror=unreadable):
        relative = os.path.relpath(root, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        # A symlink to a folder is an entry, not a folder to descend into.
        links = [name for name in folders if os.path.islink(os.path.join(root, name))]
        folders[:] = [name for name in folders if name not in links]
        for name in names + links:
            entry = prefix + name
            if entry != MANIFEST and entry not in skip:
                found.append(entry)
    return sorted(found)


@contextlib.contextmanager
def replacing(
    target: Path,
    *,
    protected: Sequence[Protected] = (),
    recognise: Callable[[Path], bool] | None = None,
) -> Iterator[Path]:
    """A new empty folder to fill, beside `target` (beside the folder a symlink points to, so the
    symlink stays). When the block ends without error, the folder gets a manifest of what it
    holds and is swapped in for the target; otherwise it is removed and the target untouched.

    Raises Refused first, changing nothing, unless `check_output_folder` allows the target;
    then cleans what earlier runs that were killed left (see `_clean_leftovers`).
    """
    check_output_folder(target, protected=protected, recognise=recognise)
    place = Path(os.path.realpath(target))
    place.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(place)
    fresh = place.with_name(f".{place.name}.cjdocs-new-{os.getpid()}")
    fresh.mkdir()
    try:
        yield fresh
        (fresh / MANIFEST).write_text(
            json.dumps({"written by": "cjdocs", "files": _entries(fresh)}, indent=0) + "\n",
            encoding="utf-8",
        )
        _swap(fresh, place)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def write_folder(
    target: Path, files: Mapping[str, str], *, protected: Sequence[Protected] = ()
) -> list[Path]:
    """Write text files into a folder of their own, replacing it whole (see `replacing`)."""
    with replacing(target, protected=protected) as fresh:
        for name, text in sorted(files.items()):
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return [target / name for name in sorted(files)]


def _swap(fresh: Path, place: Path) -> None:
    """Put the new folder in place of the old one, keeping the old one until the new one is in."""
    old = place.with_name(f".{place.name}.cjdocs-old-{os.getpid()}")
    if os.path.lexists(place):
        place.rename(old)
    try:
        fresh.rename(place)
    except OSError:
        if os.path.lexists(old):
            old.rename(place)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _clean_leftovers(place: Path) -> None:
    """Remove what killed runs left beside `place`: only folders named as ours, and only of
    processes that no longer run. A run killed between the two renames of `_swap` left the
    previous folder as `-old-`: it is put back first, so the previous site stays usable."""
    stale: dict[str, list[Path]] = {"new": [], "old": []}
    with contextlib.suppress(OSError):
        for entry in place.parent.iterdir():
            match = _LEFTOVER.fullmatch(entry.name)
            if match and match["name"] == place.name and not running(int(match["pid"])):
                stale[match["stage"]].append(entry)
    if stale["old"] and not os.path.lexists(place):
        newest = max(stale["old"], key=lambda path: path.stat().st_mtime)
        newest.rename(place)
        stale["old"].remove(newest)
    for leftover in stale["new"] + stale["old"]:
        shutil.rmtree(leftover, ignore_errors=True)


def running(pid: int) -> bool:
    """Whether a process of that id runs (our own id is from an earlier process: not running)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OverflowError, OSError):
        return True  # another user's process, or a number we cannot ask about: keep it
    return True
