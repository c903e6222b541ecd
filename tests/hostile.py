"""A definition set whose every text field is hostile: markup, quotes, escapes, emoji, length,
control characters; and hostile file names to keep it in.

Used wherever text from definitions lands (DOT, SVG, Markdown, HTML, JSON, Mermaid, a
terminal) to show that it is shown as written and never interpreted.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# Each reaches a different trap: HTML and SVG markup, DOT quoting and escapes (`\N`, a
# trailing backslash, a label shaped like an HTML-like label), Markdown links and tables,
# newlines, non-ASCII and very long text, and characters that XML forbids, that end a C string
# (NUL) or that a terminal obeys (ESC sequences: OSC 0 sets the window title; CSI; BEL; the
# right-to-left override), all of which YAML lets an editor write as escapes ("\0", "\e").
NASTY = [
    '<script>alert("x")</script>',
    '<x>] ; evil [label="pwned" URL="javascript:alert(1)"] ; y [label=<z>',
    'quote " and \\" and \\N and \\G and a trailing backslash \\',
    "ampersand & entity &amp; &lt;b&gt; <img src=x onerror=alert(1)>",
    "[click](javascript:alert(1)) | pipe | **bold** {onclick=alert(1)}",
    "line one\nline two\r\nline three",
    "»Anführung« ünïcödé – emoji 😀🛒",
    "long " * 120,
    "control \x00 nul \x01 \x07 bell \x1b]0;pwned\x07 title \x1b[31mred\x1b[0m \x7f \x9b \u202e \ufffe end",
]
CONTROL = NASTY[-1]

# File names that reach an `href` (the edit links), a terminal (findings), GitHub's workflow
# commands and JSON: markup, a line break that would start a forged finding or annotation,
# escape sequences, Markdown and percent signs, and bytes that are not UTF-8 at all.
FILE_NAMES = (
    'x"><img src=x onerror=alert(1)>.yaml',
    "line\nbreak\rjourneys∕forged.yaml:1:1: error[schema]: x ::error file=x::forged.yaml",
    "escape \x1b]0;pwned\x07 \x1b[31mred\x1b[0m \u202e.yaml",
    "[md](javascript:alert(1)) `tick` %0A %25 & #1 ü 😀.yaml",
    # The bytes b"caf\xe9" (Latin-1), as Python names them.
    "latin-1 caf\udce9.yaml",
)


def text(number: int) -> str:
    return NASTY[number % len(NASTY)]


def hostile_definitions() -> list[dict]:
    phases = [
        {
            "kind": "phase",
            "id": f"phase-{n}",
            "name": text(n),
            "order": 100 + n,  # (after the example's phases: two phases never share an order)
            "description": text(n + 1),
            "customer_goal": text(n + 2),
            "business_goal": text(n + 3),
            "kpis": [text(n + 4)],
            "tags": [text(n + 5)],
        }
        for n in range(1, 4)
    ]
    channels = [
        {"kind": "channel", "id": "web", "name": text(0), "type": "online", "description": text(1)},
        {
            "kind": "channel",
            "id": "shop",
            "name": text(1),
            "type": "offline",
            "description": text(2),
        },
    ]
    touchpoints = [
        {
            "kind": "touchpoint",
            "id": f"tp-{n}",
            "name": text(n),
            "channel": "web" if n % 2 else "shop",
            "description": text(n + 1),
            "owner": text(n + 2),
            "phases": ["phase-1"],
            "device": text(n + 3),
            "url": 'https://example.com/?q=<script>&x="y"',
            "kpis": [text(n + 4)],
            "tags": [text(n + 5)],
        }
        for n in range(4)
    ]
    persona = {
        "kind": "persona",
        "id": "mallory",
        "name": text(0),
        "summary": text(1),
        "description": text(2),
        "goals": [text(3)],
        "needs": [text(4)],
        "pain_points": [text(5)],
        "channels": ["web"],
        "quote": text(6),
        "tags": [text(7)],
    }
    steps = []
    for n in range(8):
        step = {
            "id": f"step-{n}",
            "name": text(n),
            "phase": f"phase-{1 + n * 3 // 8}",
            "action": text(n + 1),
            "touchpoints": [f"tp-{n % 4}", f"tp-{(n + 1) % 4}"],
            "emotion": n % 5 - 2,
            "feeling": text(n + 2),
            "thoughts": text(n + 3),
            "pain_points": [text(n + 4)],
            "opportunities": [text(n + 5)],
            "backstage": [text(n + 6)],
            "frontstage": [text(n + 7)],
            "support": [text(n + 8)],
            "evidence": [text(n + 1)],
            "duration": text(n + 7),
            "reach": 1000 - 100 * n,
        }
        steps.append(step)
    # Half the steps keep a backlog: pain points and opportunities written as mappings, whose
    # text, owner and issue address are as hostile as the rest.
    statuses = ("idea", "planned", "in-progress", "done", "dropped")
    for n in range(0, 8, 2):
        steps[n]["pain_points"] = [{"text": text(n + 4), "id": f"pain-{n}"}]
        steps[n]["opportunities"] = [
            {
                "text": text(n + 5),
                "id": f"opportunity-{n}",
                "owner": text(n + 2),
                "status": statuses[n // 2],
                "priority": 1 + n // 2 % 3,
                "link": 'https://example.com/issues/?q=<script>&x="y"',
                "solves": [f"pain-{n}"],
            }
        ]
    steps[2]["branches"] = [{"if": text(3), "goto": "step-3"}, {"if": text(4), "goto": "step-5"}]
    steps[7]["next"] = []
    journey = {
        "kind": "journey",
        "id": "hostile",
        "name": text(0),
        "persona": "mallory",
        "summary": text(1),
        "description": text(4),
        "goal": text(2),
        "timeframe": text(3),
        "owner": text(5),
        "tags": [text(6)],
        "steps": steps,
    }
    return [*phases, *channels, *touchpoints, persona, journey]


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.yaml"
    path.write_text(
        yaml.safe_dump_all(hostile_definitions(), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return folder


def write_hostile_files(folder: Path, definitions: list[dict] | None = None) -> dict[str, Path]:
    """Definitions (by default the hostile ones) spread over files with hostile names, one per
    kind (the journey in the first); returns the file of each kind."""
    folder.mkdir(parents=True, exist_ok=True)
    definitions = hostile_definitions() if definitions is None else definitions
    kinds = ("journey", "persona", "touchpoint", "phase", "channel")
    files = {}
    for kind, name in zip(kinds, FILE_NAMES, strict=True):
        of_kind = [d for d in definitions if d["kind"] == kind]
        files[kind] = folder / name
        files[kind].write_text(
            yaml.safe_dump_all(of_kind, allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    return files
