"""How a site of hundreds of journeys builds, previews and weighs, beside MkDocs' own floor.

    python bench/scale.py [--sizes 100 300 1000] [--reuse dense|regular] [--steps 20]
                          [--touchpoints 80] [--channels 16] [--runs 5] [--keep FOLDER]

For each size N: a repository of N journeys of 20 steps over 80 touchpoints on 16 channels
(bench/generate.py; `dense`: each step on two touchpoints at random, the same for the same
seed), then, in one table:

- cold: `cjdocs build` of a fresh project (its own diagram cache, empty: every diagram laid
  out, in parallel on the cores); warm: the same build again (every diagram from the cache),
  the median of `--runs` builds, run in turn with the floor's;
- floor: MkDocs with Material (the same theme, `font: false`, the search plugin) building as
  many trivial pages (a title and a paragraph each) as the cjdocs site has, in this run (the
  median of `--runs`, each run right after a warm build); its
  navigation lists the first 40 pages, as the plugin's lists at most 40 of a kind
  (Material writes the whole navigation into every page: a navigation of every page would
  make the floor grow with the square of the pages, 430 pages 3.5 times slower);
- cold/floor, warm/floor: what we quote (the issue's goal: at most 3);
- rebuild: a full `cjdocs build` after one journey's name changed;
- preview: `cjdocs serve` running, the seconds from writing a changed journey name into its
  YAML file to its page showing the new name over HTTP; the same with `mkdocs serve`, which
  looks for saved files every half second (`cjdocs serve` every tenth);
- the largest page (bytes and which), `search/search_index.json`, the whole site;
- ms/journey (warm build): flat as N grows means cost grows linearly.

Wall seconds depend on what else the machine runs; a second table gives the CPU seconds of
the same commands (user + system, all their threads), which a busy machine disturbs less.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from generate import REUSE, generate

# The diagram cache lives in the project, so that a fresh project's first build lays out
# every diagram (cold), whatever earlier runs left in the user's cache.
CONFIG = """\
site_name: Benchmark
theme:
  name: material
  font: false
plugins:
  - search
  - cjdocs:
      cache_dir: diagram-cache
"""
FLOOR_CONFIG = """\
site_name: Floor
theme:
  name: material
  font: false
plugins:
  - search
"""
# The floor's navigation lists this many pages besides the home page.
NAVIGATION = 40
ENVIRONMENT = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENVIRONMENT.pop("GITHUB_ACTIONS", None)
# Timed as installed: pip compiles a package's bytecode when it installs it, and Python
# writes it on first import; a shell that forbids writing it would have every build of an
# editable install compile cjdocs' source again, while MkDocs and Material come compiled.
# `compiled` compiles it before the runs.
ENVIRONMENT.pop("PYTHONDONTWRITEBYTECODE", None)
# How long a build or the first page served may take before the benchmark gives up.
PATIENCE_SECONDS = 3600


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system seconds of the command and its threads


@dataclass
class Figures:
    journeys: int
    pages: int
    cold: Timing
    warm: Timing
    floor: Timing
    rebuild: Timing
    preview: float
    preview_mkdocs: float
    largest: tuple[int, str]
    search_index: int
    site: int


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> Timing:
    cpu = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=ENVIRONMENT, timeout=PATIENCE_SECONDS
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{result.stderr[-3000:]}")
    return Timing(wall, _children_cpu() - cpu)


def compiled() -> None:
    """cjdocs' bytecode written, as `pip install` writes it (see ENVIRONMENT)."""
    spec = importlib.util.find_spec("cjdocs")
    if spec is None or spec.origin is None:
        raise SystemExit("cjdocs is not installed here: pip install -e .")
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def median(timings: list[Timing]) -> Timing:
    """The median wall and the median CPU seconds of several runs of one command."""
    return Timing(
        statistics.median(timing.wall for timing in timings),
        statistics.median(timing.cpu for timing in timings),
    )


def rename(journey: Path, old: str, new: str) -> None:
    text = journey.read_text(encoding="utf-8")
    if f"\nname: {old}\n" not in text:
        raise SystemExit(f"{journey}: no 'name: {old}' to change")
    journey.write_text(text.replace(f"\nname: {old}\n", f"\nname: {new}\n"), encoding="utf-8")


def project(folder: Path, journeys: int, arguments: argparse.Namespace) -> Path:
    generate(
        folder,
        journeys,
        arguments.steps,
        arguments.seed,
        touchpoints=arguments.touchpoints,
        channels=arguments.channels,
        reuse=arguments.reuse,
    )
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text(
        "# Benchmark\n\nGenerated journeys.\n", encoding="utf-8"
    )
    return folder


def floor_project(folder: Path, pages: int) -> Path:
    """As many trivial pages as the cjdocs site has (the home page among them)."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Floor\n\nThe home page.\n", encoding="utf-8")
    names = [f"page-{number:04d}.md" for number in range(1, pages)]
    for number, name in enumerate(names, 1):
        (docs / name).write_text(
            f"# Page {number}\n\nA paragraph of plain text on page {number}.\n", encoding="utf-8"
        )
    listed = "".join(f"  - {name}\n" for name in ["index.md", *names[:NAVIGATION]])
    (folder / "mkdocs.yml").write_text(FLOOR_CONFIG + "nav:\n" + listed, encoding="utf-8")
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def preview_latency(folder: Path, program: str, old: str, new: str) -> float:
    """Seconds from saving journey 2 renamed from `old` to `new` to `program serve` (cjdocs
    or mkdocs) serving its page with the new name."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/journeys/journey-0002/"
    server = subprocess.Popen(
        [sys.executable, "-m", program, "serve", "-a", f"127.0.0.1:{port}"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENVIRONMENT,
    )
    try:
        deadline = time.monotonic() + PATIENCE_SECONDS
        while old not in page_text(url):
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{program} serve never served {url}")
            time.sleep(0.5)
        time.sleep(1)  # let the watcher settle after the first build
        rename(folder / "journeys" / "journey-0002.yaml", old, new)
        written = time.perf_counter()
        while new not in page_text(url):
            if server.poll() is not None or time.perf_counter() - written > PATIENCE_SECONDS:
                raise SystemExit(f"{program} serve never showed the change at {url}")
            time.sleep(0.05)
        return time.perf_counter() - written
    finally:
        _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """Stop the server as Ctrl-C would, and only then harder."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=60)
            return
        except subprocess.TimeoutExpired:
            server.terminate()
    try:
        server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate()


def weigh(site: Path) -> tuple[int, tuple[int, str], int, int]:
    """Pages, the largest page (bytes, where), the search index's bytes, the site's bytes."""
    files = [path for path in site.rglob("*") if path.is_file()]
    pages = [path for path in files if path.name == "index.html"]
    largest = max(pages, key=lambda path: path.stat().st_size)
    index = site / "search" / "search_index.json"
    return (
        len(pages),
        (largest.stat().st_size, largest.parent.relative_to(site).as_posix() + "/"),
        index.stat().st_size if index.exists() else 0,
        sum(path.stat().st_size for path in files),
    )


def measure(journeys: int, folder: Path, arguments: argparse.Namespace) -> Figures:
    cjdocs = [sys.executable, "-m", "cjdocs", "build"]
    here = project(folder / f"cjdocs-{journeys}", journeys, arguments)
    cold = timed(cjdocs, here)
    warm_runs = [timed(cjdocs, here)]
    pages, largest, search_index, site = weigh(here / "site")
    floor_folder = floor_project(folder / f"floor-{journeys}", pages)
    floor_command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    floor_runs = [timed(floor_command, floor_folder)]
    for _ in range(arguments.runs - 1):  # in turn, so that both meet the same machine
        warm_runs.append(timed(cjdocs, here))
        floor_runs.append(timed(floor_command, floor_folder))
    warm, floor = median(warm_runs), median(floor_runs)
    rename(here / "journeys" / "journey-0001.yaml", "Journey 1", "Journey 1 renamed")
    rebuild = timed(cjdocs, here)
    preview = preview_latency(here, "cjdocs", "Journey 2", "Journey 2 edited while serving")
    preview_mkdocs = preview_latency(
        here, "mkdocs", "Journey 2 edited while serving", "Journey 2 edited again"
    )
    return Figures(
        journeys,
        pages,
        cold,
        warm,
        floor,
        rebuild,
        preview,
        preview_mkdocs,
        largest,
        search_index,
        site,
    )


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


def print_tables(rows: list[Figures]) -> None:
    print(
        f"{'journeys':>8} {'pages':>6} {'cold s':>7} {'warm s':>7} {'floor s':>7} "
        f"{'cold/fl':>7} {'warm/fl':>7} {'rebuild s':>9} {'preview s':>9} {'mkdocs s':>8} "
        f"{'largest page':>34} {'search idx':>10} {'site':>9} {'ms/journey':>10}"
    )
    for row in rows:
        size, where = row.largest
        print(
            f"{row.journeys:8,} {row.pages:6,} {row.cold.wall:7.2f} {row.warm.wall:7.2f} "
            f"{row.floor.wall:7.2f} {row.cold.wall / row.floor.wall:6.2f}x "
            f"{row.warm.wall / row.floor.wall:6.2f}x {row.rebuild.wall:9.1f} {row.preview:9.1f} "
            f"{row.preview_mkdocs:8.1f} "
            f"{_megabytes(size) + ' ' + where:>34} {_megabytes(row.search_index):>10} "
            f"{_megabytes(row.site):>9} {1000 * row.warm.wall / row.journeys:10.1f}"
        )
    print("\nCPU seconds (user + system) of the same commands:")
    print(
        f"{'journeys':>8} {'cold':>7} {'warm':>7} {'floor':>7} {'cold/fl':>7} {'warm/fl':>7} "
        f"{'rebuild':>7} {'ms/journey':>10}"
    )
    for row in rows:
        print(
            f"{row.journeys:8,} {row.cold.cpu:7.1f} {row.warm.cpu:7.1f} {row.floor.cpu:7.1f} "
            f"{row.cold.cpu / row.floor.cpu:6.1f}x {row.warm.cpu / row.floor.cpu:6.1f}x "
            f"{row.rebuild.cpu:7.1f} {1000 * row.warm.cpu / row.journeys:10.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--reuse", choices=REUSE, default="dense")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--touchpoints", type=int, default=80)
    parser.add_argument("--channels", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--runs",
        type=int,
        default=5,
        help="Warm builds and floor builds, in turn; the medians are quoted (default 5).",
    )
    parser.add_argument(
        "--keep", type=Path, help="Build in this (new) folder and keep it, to look at the sites."
    )
    arguments = parser.parse_args()
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    if any(size < 2 for size in arguments.sizes):
        parser.error("every size must be at least 2 journeys (the preview edits journey 2)")

    load = os.getloadavg()[0]
    print(
        f"{arguments.reuse} repositories: journeys of {arguments.steps} steps, "
        f"{arguments.touchpoints} touchpoints on {arguments.channels} channels, seed {arguments.seed}; "
        f"{os.cpu_count()} cores, load {load:.1f} at the start"
    )
    compiled()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = arguments.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for size in arguments.sizes:
            started = time.perf_counter()
            rows.append(measure(size, folder, arguments))
            print(
                f"  {size:,} journeys measured in {time.perf_counter() - started:.0f} s", flush=True
            )
    print()
    print_tables(rows)
    print(f"load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
