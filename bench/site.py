"""How long building the site takes, beside plain MkDocs building the same pages.

    python bench/site.py [--sizes 250 500 1000] [--steps 20]

For each size N (journeys of `--steps` steps, from bench/generate.py), prints:
- `cjdocs build`, cold: an empty diagram cache (every diagram laid out);
- `cjdocs build`, warm: the same again (nothing laid out);
- rebuild: after one journey changed (one diagram laid out again), as `mkdocs serve` does;
- the floor: plain `mkdocs build` (no plugin) of the very same pages, written out by
  `cjdocs export --format markdown`;
and the ratio of the warm build to the floor (target: at most 1.25), and the time per
journey, which should stay flat as N grows (linear cost).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generate import generate

CONFIG = """\
site_name: Benchmark
theme:
  name: material
  font: false
plugins:
  - search
  - cjdocs
"""
FLOOR_CONFIG = """\
site_name: Benchmark
theme:
  name: material
  font: false
extra_css:
  - assets/cjdocs/cjdocs.css
plugins:
  - search
"""


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return elapsed


def measure(journeys: int, steps: int, folder: Path) -> dict[str, float]:
    project = folder / f"project-{journeys}"
    generate(project, journeys, steps, seed=1)
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    cjdocs = [sys.executable, "-m", "cjdocs"]
    figures = {"cold": timed([*cjdocs, "build"], project)}
    figures["warm"] = timed([*cjdocs, "build"], project)
    changed = project / "journeys" / "journey-0001.yaml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("name: Journey 1\n", "name: Journey one\n"),
        encoding="utf-8",
    )
    figures["rebuild"] = timed([*cjdocs, "build"], project)

    floor = folder / f"floor-{journeys}"
    floor.mkdir()
    (floor / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    timed(
        [
            *cjdocs,
            "export",
            "--format",
            "markdown",
            "-s",
            str(project / "journeys"),
            "-o",
            str(floor / "docs"),
        ],
        floor,
    )
    (floor / "docs" / "index.md").write_text("# Benchmark\n", encoding="utf-8")
    figures["floor"] = timed([sys.executable, "-m", "mkdocs", "build"], floor)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000])
    parser.add_argument("--steps", type=int, default=20)
    arguments = parser.parse_args()
    print(
        f"{'journeys':>8} {'cold s':>8} {'warm s':>8} {'rebuild s':>9} {'floor s':>8} {'warm/floor':>10} {'ms/journey':>10}"
    )
    with tempfile.TemporaryDirectory() as folder:
        for size in arguments.sizes:
            figures = measure(size, arguments.steps, Path(folder))
            print(
                f"{size:8,} {figures['cold']:8.2f} {figures['warm']:8.2f} {figures['rebuild']:9.2f} "
                f"{figures['floor']:8.2f} {figures['warm'] / figures['floor']:9.2f}x "
                f"{1000 * figures['warm'] / size:10.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
