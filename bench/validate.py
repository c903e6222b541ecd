"""How long `cjdocs validate` takes on 1,000 journeys of 20 steps, beside two references.

    python bench/validate.py [--journeys 1000] [--steps 20] [--repeat 3]

References, measured in the same run on the same files:
- libyaml's C loader (`yaml.CSafeLoader`) merely parsing every file: no positions, no checks;
- `check-jsonschema` checking the journey files against our journey schema (install it with
  `pip install -e '.[bench]'`).
Each figure is the best wall time of `--repeat` runs of the whole command, start-up included.
Targets: at most 1.5 times the C parse, and faster than check-jsonschema.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from generate import generate

PARSE_ONLY = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    list(yaml.load_all(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader))
"""


def best_time(command: list[str], repeat: int, expect: tuple[int, ...] = (0,)) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode not in expect:
            raise SystemExit(
                f"{command[:3]} failed ({result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}"
            )
        best = min(best, elapsed)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        files = generate(Path(folder), arguments.journeys, arguments.steps, seed=1)
        source = Path(folder, "journeys")
        size = sum(path.stat().st_size for path in source.iterdir()) / 1e6
        print(
            f"{arguments.journeys:,} journeys of {arguments.steps} steps, {size:.1f} MB in {len(files) + 1:,} files"
        )

        rows = []
        ours = best_time(
            [sys.executable, "-m", "cjdocs", "validate", str(source)], arguments.repeat
        )
        rows.append(("cjdocs validate (all checks, positions)", ours))
        parse = best_time([sys.executable, "-c", PARSE_ONLY, str(source)], arguments.repeat)
        rows.append(("yaml.CSafeLoader, parse only", parse))
        checker = shutil.which("check-jsonschema") or str(
            Path(sys.executable).with_name("check-jsonschema")
        )
        if Path(checker).exists():
            schema = resources.files("cjdocs.definitions") / "schemas" / "journey.schema.json"
            with resources.as_file(schema) as schema_path:
                command = [checker, "--schemafile", str(schema_path), *map(str, files)]
                rows.append(
                    ("check-jsonschema (journey schema only)", best_time(command, arguments.repeat))
                )
        else:
            print("check-jsonschema is not installed: pip install -e '.[bench]'")

        print(f"{'command':<44} {'seconds':>8} {'vs C parse':>11}")
        for name, seconds in rows:
            print(f"{name:<44} {seconds:8.2f} {seconds / parse:10.2f}x")
        print(
            f"target: cjdocs validate at most 1.50x the C parse: {'met' if ours <= 1.5 * parse else 'NOT met'}"
        )
        if len(rows) == 3:
            print(
                f"target: faster than check-jsonschema: {'met' if ours < rows[2][1] else 'NOT met'} ({rows[2][1] / ours:.1f}x)"
            )


if __name__ == "__main__":
    main()
