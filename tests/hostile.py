"""A definition set whose every text field is hostile: markup, quotes, escapes, emoji, length.

Used wherever text from definitions lands (DOT, SVG, Markdown, HTML) to show that it is shown
as written and never interpreted.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# Each reaches a different trap: HTML and SVG markup, DOT quoting and escapes (`\N`, a
# trailing backslash, a label shaped like an HTML-like label), Markdown links and tables,
# newlines, non-ASCII and very long text.
NASTY = [
    '<script>alert("x")</script>',
    '<x>] ; evil [label="pwned" URL="javascript:alert(1)"] ; y [label=<z>',
    'quote " and \\" and \\N and \\G and a trailing backslash \\',
    "ampersand & entity &amp; &lt;b&gt; <img src=x onerror=alert(1)>",
    "[click](javascript:alert(1)) | pipe | **bold** {onclick=alert(1)}",
    "line one\nline two\r\nline three",
    "»Anführung« ünïcödé – emoji 😀🛒",
    "long " * 120,
]


def text(number: int) -> str:
    return NASTY[number % len(NASTY)]


def hostile_definitions() -> list[dict]:
    phases = [
        {
            "kind": "phase",
            "id": f"phase-{n}",
            "name": text(n),
            "order": n,
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
            "duration": text(n + 7),
            "reach": 1000 - 100 * n,
        }
        steps.append(step)
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
