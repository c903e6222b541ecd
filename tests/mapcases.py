"""Journeys that try the journey map's edges, written beside the example's definitions.

Each is a journey a team might really write: one step, sixty steps, nothing but branches, a
loop, steps on no touchpoint, no emotions at all, 300-character step names, right-to-left and
emoji text, and a full eight-step journey that must print on one A4 landscape page. They use
the example's phases, persona and touchpoints (journeys/), so they are written into a copy of
the example.
"""

from __future__ import annotations

from pathlib import Path

import yaml

PHASES = ("awareness", "consideration", "purchase", "retention", "advocacy")
TOUCHPOINTS = (
    "tassenwerk-instagram-ad",
    "newsletter-signup-popup",
    "welcome-email",
    "tassenwerk-collection-pages",
    "tassenwerk-cart-checkout",
    "order-confirmation-email",
    "dhl-parcel",
    "review-request-email",
)


def _journey(identifier: str, name: str, steps: list[dict]) -> dict:
    return {
        "kind": "journey",
        "id": identifier,
        "name": name,
        "persona": "gift-buyer",
        "steps": steps,
    }


def _step(number: int, phase: str, **more: object) -> dict:
    return {"id": f"step-{number}", "name": f"Step {number}", "phase": phase, **more}


# A full step as the example writes them: every lane filled with text of a real length.
def _full(number: int, phase: str, **more: object) -> dict:
    return _step(
        number,
        phase,
        name=f"Does the {number}. thing of the first order",
        action="Looks at the mugs in the shop, tries her colleague's name in the print preview "
        "and compares two designs before she decides.",
        touchpoints=[TOUCHPOINTS[number % len(TOUCHPOINTS)]],
        emotion=(number % 5) - 2,
        feeling="curious",
        thoughts="With his name on it, that will make the whole office laugh.",
        pain_points=["The preview is slow on mobile data"],
        opportunities=["Suggest designs by occasion and recipient"],
        backstage=["Viewed products are stored for the reminder mails"],
        reach=1000 - number * 100,
        duration="ten minutes",
        **more,
    )


def map_cases() -> dict[str, dict]:
    """Each case's journey definition, by journey id."""
    long_name = ("Compares every personalised farewell mug in the collection " * 6)[:300]
    return {
        "map-one-step": _journey(
            "map-one-step",
            "One step",
            [_step(1, "purchase", emotion=1, touchpoints=["dhl-parcel"])],
        ),
        "map-sixty-steps": _journey(
            "map-sixty-steps",
            "Sixty steps",
            [
                _step(
                    number,
                    PHASES[(number - 1) * len(PHASES) // 60],
                    emotion=(number % 5) - 2,
                    touchpoints=[TOUCHPOINTS[number % len(TOUCHPOINTS)]],
                )
                for number in range(1, 61)
            ],
        ),
        "map-only-branches": _journey(
            "map-only-branches",
            "Only branches",
            [
                _step(
                    1,
                    "awareness",
                    emotion=1,
                    branches=[
                        {"if": "opens the mail", "goto": "step-2"},
                        {"if": "ignores the mail", "goto": "step-3"},
                    ],
                ),
                _step(
                    2,
                    "consideration",
                    emotion=2,
                    branches=[
                        {"if": "buys", "goto": "step-4"},
                        {"if": "waits", "goto": "step-3"},
                    ],
                ),
                _step(
                    3,
                    "consideration",
                    emotion=-1,
                    branches=[{"if": "buys later", "goto": "step-4"}],
                ),
                _step(4, "purchase", emotion=2),
            ],
        ),
        "map-loop": _journey(
            "map-loop",
            "A loop",
            [
                _step(1, "retention", emotion=0),
                _step(2, "retention", emotion=-1),
                _step(
                    3,
                    "retention",
                    emotion=0,
                    branches=[
                        {"if": "reacts", "goto": "step-4"},
                        {"if": "no reaction, fewer than three mails", "goto": "step-2"},
                        {"if": "waits another day", "goto": "step-3"},
                    ],
                ),
                _step(4, "purchase", emotion=2),
            ],
        ),
        "map-no-touchpoints": _journey(
            "map-no-touchpoints",
            "No touchpoints",
            [
                _step(1, "awareness", emotion=1),
                _step(2, "purchase", emotion=0),
                _step(3, "retention"),
            ],
        ),
        "map-no-emotions": _journey(
            "map-no-emotions",
            "No emotions",
            [
                _step(1, "awareness", touchpoints=["welcome-email"], action="Reads the mail"),
                _step(2, "purchase", touchpoints=["tassenwerk-cart-checkout"]),
            ],
        ),
        "map-long-names": _journey(
            "map-long-names",
            "Long names",
            [
                _step(1, "awareness", name=long_name, emotion=1, action="x" * 300),
                _step(2, "purchase", name=long_name.replace(" ", ""), emotion=-2),
            ],
        ),
        "map-rtl-emoji": _journey(
            "map-rtl-emoji",
            "رحلة العميل 🛒",
            [
                _step(1, "awareness", name="يكتشف المتجر 😀", emotion=1, feeling="فضولي 🤔"),
                _step(
                    2, "purchase", name="שלב שני עם אמוג׳י 🎁🎉", emotion=2, action="קונה ספל ☕"
                ),
            ],
        ),
        "map-eight-steps": _journey(
            "map-eight-steps",
            "Eight full steps",
            [_full(number, PHASES[(number - 1) * len(PHASES) // 8]) for number in range(1, 9)],
        ),
    }


def write_map_cases(journeys: Path) -> list[str]:
    """Write every case into the definitions folder `journeys`; their journey ids."""
    cases = map_cases()
    folder = journeys / "map-cases"
    folder.mkdir(parents=True, exist_ok=True)
    for identifier, definition in cases.items():
        (folder / f"{identifier}.yaml").write_text(
            yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return list(cases)
