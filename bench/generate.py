"""Writes a synthetic, valid set of definitions: N journeys of S steps, the same for one seed.

    python bench/generate.py OUT_DIR [--journeys 1000] [--steps 20] [--seed 1]

One file per journey (`journeys/journey-0001.yaml`) beside one file of personas, phases,
channels and touchpoints; every persona, phase, channel and touchpoint is used, and every
tenth step forks with `branches`, so the set exercises every check without a finding.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PHASES = ["awareness", "consideration", "purchase", "retention", "advocacy"]
FEELINGS = ["curious", "hopeful", "unsure", "annoyed", "relieved", "pleased", "delighted"]
WORDS = (
    "price delivery review store shelf advice mail newsletter app checkout voucher return "
    "support hotline video comparison warranty colour size stock parcel invoice bonus"
).split()


def _sentence(rng: random.Random, words: int = 8) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def catalog(personas: int = 10, channels: int = 10, touchpoints: int = 50) -> str:
    parts = []
    for order, phase in enumerate(PHASES, 1):
        parts.append(
            f"kind: phase\nid: {phase}\nname: {phase.title()}\norder: {order}\nkpis: [reach, share]\n"
        )
    for number in range(channels):
        kind = "online" if number % 2 else "offline"
        parts.append(f"kind: channel\nid: channel-{number}\nname: Channel {number}\ntype: {kind}\n")
    for number in range(touchpoints):
        phase = PHASES[number % len(PHASES)]
        parts.append(
            f"kind: touchpoint\nid: touchpoint-{number}\nname: Touchpoint {number}\n"
            f"channel: channel-{number % channels}\nowner: Team {number % 7}\nphases: [{phase}]\n"
            f"url: https://example.com/t/{number}\n"
        )
    for number in range(personas):
        parts.append(
            f"kind: persona\nid: persona-{number}\nname: Persona {number}\nsummary: A typical customer.\n"
            f"goals: [find a good offer, save time]\nchannels: [channel-{number % channels}]\n"
        )
    return "---\n".join(parts)


def journey(
    number: int, steps: int, rng: random.Random, personas: int = 10, touchpoints: int = 50
) -> str:
    lines = [
        "kind: journey",
        f"id: journey-{number:04d}",
        f"name: Journey {number}",
        f"persona: persona-{number % personas}",
        f"summary: {_quote(_sentence(rng))}",
        "goal: Buy the right thing",
        "timeframe: two weeks",
        "steps:",
    ]
    for index in range(steps):
        phase = PHASES[min(index * len(PHASES) // steps, len(PHASES) - 1)]
        used = sorted({rng.randrange(touchpoints) for _ in range(2)})
        lines += [
            f"  - id: step-{index + 1}",
            f"    name: Step {index + 1} {rng.choice(WORDS)}",
            f"    phase: {phase}",
            f"    action: {_quote(_sentence(rng))}",
            f"    touchpoints: [{', '.join(f'touchpoint-{t}' for t in used)}]",
            f"    emotion: {rng.randint(-2, 2)}",
            f"    feeling: {rng.choice(FEELINGS)}",
            f"    thoughts: {_quote(_sentence(rng, 10))}",
            f"    pain_points: [{_quote(_sentence(rng, 4))}]",
            f"    opportunities: [{_quote(_sentence(rng, 4))}]",
            f"    reach: {1000 - index * 10}",
        ]
        if index % 10 == 4 and index + 2 < steps:
            lines += [
                "    branches:",
                f"      - if: {_quote('offer accepted')}",
                f"        goto: step-{index + 2}",
                f"      - if: {_quote('offer ignored')}",
                f"        goto: step-{index + 3}",
            ]
    return "\n".join(lines) + "\n"


def generate(out: Path, journeys: int, steps: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    folder = out / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.yaml").write_text(catalog(), encoding="utf-8")
    written = []
    for number in range(1, journeys + 1):
        path = folder / f"journey-{number:04d}.yaml"
        path.write_text(journey(number, steps, rng), encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    generate(arguments.out, arguments.journeys, arguments.steps, arguments.seed)


if __name__ == "__main__":
    main()
