"""How long laying out every flow diagram of 1,000 journeys of 20 steps takes.

    python bench/diagrams.py [--journeys 1000] [--steps 20] [--engine wasm|dot]

Prints four figures: cold (empty cache) and warm (every diagram cached), each serial (one
thread) and parallel (one thread per core). Building the DOT text and finishing the SVG are
included; loading the definitions is not (see bench/validate.py).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from generate import generate

from cjdocs.definitions.validation import load_model
from cjdocs.render.diagrams import flow_svgs
from cjdocs.render.engine import DiagramCache, get_engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--engine", choices=("wasm", "dot"), default="wasm")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), arguments.journeys, arguments.steps, seed=1)
        _, model = load_model([Path(folder, "journeys")])
        journeys = list(model.journeys)
        start = time.perf_counter()
        engine = get_engine(arguments.engine)
        print(
            f"engine {engine.name} ({engine.version}): ready in {time.perf_counter() - start:.2f} s"
        )
        print(f"{len(journeys):,} journeys of {arguments.steps} steps; {os.cpu_count()} cores")
        print(f"{'run':<22} {'seconds':>8} {'ms/diagram':>11} {'laid out':>9}")
        for workers in (1, os.cpu_count() or 1):
            cache_folder = Path(folder, f"cache-{workers}")
            for state in ("cold", "warm"):
                cache = DiagramCache(cache_folder)
                start = time.perf_counter()
                flow_svgs(journeys, engine=engine, cache=cache, workers=workers)
                seconds = time.perf_counter() - start
                name = f"{state}, {'serial' if workers == 1 else f'{workers} threads'}"
                print(
                    f"{name:<22} {seconds:8.2f} {1000 * seconds / len(journeys):11.2f} {cache.misses:9,}"
                )


if __name__ == "__main__":
    main()
