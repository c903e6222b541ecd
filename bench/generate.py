"""Writes a synthetic, valid set of definitions: N journeys of S steps, the same for one seed.

    python bench/generate.py OUT_DIR [--journeys 1000] [--steps 20] [--seed 1]
                             [--touchpoints 50] [--channels 10] [--reuse dense|regular]

One file per journey (`journeys/journey-0001.yaml`) beside one file of personas, phases,
channels and touchpoints. Every tenth step forks with `branches`. Each step uses two
touchpoints:

- `dense`: picked at random (from the seed), so over many journeys nearly every touchpoint
  leads to nearly every other: the worst case for the touchpoint network;
- `regular`: journey n's step i uses touchpoints n + i and n + i + T/2 (modulo T), so the
  same few moves repeat: a repository where a team reuses its touchpoints in set ways.

Issue 10's repositories are `--touchpoints 80 --channels 16` (channels alternate online and
offline). From about ten journeys on, every persona, phase, channel and touchpoint is used,
so the set builds without a finding.
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
# Channel names alternate offline and online (channel-0 is offline), so that diagrams
# drawn from generated sets read like a real team's.
CHANNEL_NAMES = [
    "Store",
    "Website",
    "Hotline",
    "Online shop",
    "Print advertising",
    "App",
    "Trade fair",
    "Newsletter",
    "Field service",
    "Social media",
    "Catalogue",
    "Search ads",
    "Television",
    "Comparison portal",
    "Radio",
    "Live chat",
]
REUSE = ("dense", "regular")


def _sentence(rng: random.Random, words: int = 8) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def channel_name(number: int) -> str:
    name = CHANNEL_NAMES[number % len(CHANNEL_NAMES)]
    return name if number < len(CHANNEL_NAMES) else f"{name} {number // len(CHANNEL_NAMES) + 1}"


def catalog(personas: int = 10, channels: int = 10, touchpoints: int = 50) -> str:
    parts = []
    for order, phase in enumerate(PHASES, 1):
        parts.append(
            f"kind: phase\nid: {phase}\nname: {phase.title()}\norder: {order}\nkpis: [reach, share]\n"
        )
    for number in range(channels):
        kind = "online" if number % 2 else "offline"
        parts.append(
            f"kind: channel\nid: channel-{number}\nname: {channel_name(number)}\ntype: {kind}\n"
        )
    for number in range(touchpoints):
        phase = PHASES[number % len(PHASES)]
        channel = number % channels
        parts.append(
            f"kind: touchpoint\nid: touchpoint-{number}\n"
            f"name: {channel_name(channel)} {number // channels + 1}\n"
            f"channel: channel-{channel}\nowner: Team {number % 7}\nphases: [{phase}]\n"
            f"url: https://example.com/t/{number}\n"
        )
    for number in range(personas):
        parts.append(
            f"kind: persona\nid: persona-{number}\nname: Persona {number}\nsummary: A typical customer.\n"
            f"goals: [find a good offer, save time]\nchannels: [channel-{number % channels}]\n"
        )
    return "---\n".join(parts)


def _touchpoints_of_step(
    number: int, index: int, rng: random.Random, touchpoints: int, reuse: str
) -> list[int]:
    if reuse == "regular":
        first = (number + index) % touchpoints
        return sorted({first, (first + touchpoints // 2) % touchpoints})
    return sorted({rng.randrange(touchpoints) for _ in range(2)})


def journey(
    number: int,
    steps: int,
    rng: random.Random,
    personas: int = 10,
    touchpoints: int = 50,
    reuse: str = "dense",
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
        used = _touchpoints_of_step(number, index, rng, touchpoints, reuse)
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
            f"    reach: {max(1000 - index * 10, 0)}",
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


def generate(
    out: Path,
    journeys: int,
    steps: int,
    seed: int,
    *,
    touchpoints: int = 50,
    channels: int = 10,
    reuse: str = "dense",
) -> list[Path]:
    """Write the set under `out/journeys`; returns the journey files."""
    if reuse not in REUSE:
        raise ValueError(f"reuse must be one of {', '.join(REUSE)}, not {reuse!r}")
    rng = random.Random(seed)
    folder = out / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "catalog.yaml").write_text(
        catalog(channels=channels, touchpoints=touchpoints), encoding="utf-8"
    )
    written = []
    for number in range(1, journeys + 1):
        path = folder / f"journey-{number:04d}.yaml"
        path.write_text(
            journey(number, steps, rng, touchpoints=touchpoints, reuse=reuse), encoding="utf-8"
        )
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--touchpoints", type=int, default=50)
    parser.add_argument("--channels", type=int, default=10)
    parser.add_argument("--reuse", choices=REUSE, default="dense")
    arguments = parser.parse_args()
    generate(
        arguments.out,
        arguments.journeys,
        arguments.steps,
        arguments.seed,
        touchpoints=arguments.touchpoints,
        channels=arguments.channels,
        reuse=arguments.reuse,
    )


if __name__ == "__main__":
    main()
