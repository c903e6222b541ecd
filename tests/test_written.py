"""Fragments written in Python are the shipped templates' HTML, byte for byte.

A journey's steps are written in Python where the team keeps the shipped `step.html`
(cjdocs/render/written.py), with search's stand-in made at once. For steps of every shape,
with text that holds markup, entities, whitespace alone and characters XML forbids, the
HTML is what the template writes from the same values, and the stand-in is what
`searched.stand_in` makes of that HTML (itself held to Material's search in
tests/test_searched.py).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import (
    STATUSES,
    Opportunity,
    PainPoint,
    Phase,
    Source,
    Step,
    Support,
    System,
)
from cjdocs.definitions.steps import Way
from cjdocs.render import pages, written
from cjdocs.render.searched import stand_in
from cjdocs.render.templates import package_templates

SOURCE = Source("journeys/a.yaml", 1, 1)
# Text as definitions hold it: markup, entities, whitespace alone, what XML forbids, and the
# word that makes search's stand-in give up.
TEXT = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'\n\t\x00\ufffeü")), min_size=1, max_size=8
) | st.sampled_from([" ", "\n", "linenodiv", "LineNoDiv x"])
MAYBE = st.none() | TEXT
LINK = st.builds(pages.Link, TEXT, TEXT)
PHASE = st.builds(
    Phase, TEXT, TEXT, st.just(1), MAYBE, MAYBE, MAYBE, st.just(()), st.just(()), st.just(SOURCE)
)
SYSTEM = st.builds(System, TEXT, TEXT, MAYBE, MAYBE, MAYBE, st.just(()), st.just(SOURCE))


@st.composite
def step_values(draw, language: str = "en") -> dict:
    """What `step.html` receives for a step of any shape."""
    ways = tuple(Way(draw(TEXT), draw(MAYBE)) for _ in range(draw(st.integers(0, 3))))
    step = Step(
        id=draw(TEXT),
        name=draw(TEXT),
        phase=draw(PHASE),
        action=draw(MAYBE),
        touchpoints=(),
        emotion=draw(st.none() | st.integers(-2, 2)),
        feeling=draw(MAYBE),
        thoughts=draw(MAYBE),
        pain_points=tuple(draw(st.lists(st.builds(PainPoint, TEXT), max_size=2))),
        opportunities=tuple(
            draw(
                st.lists(
                    st.builds(Opportunity, TEXT, status=st.none() | st.sampled_from(STATUSES)),
                    max_size=2,
                )
            )
        ),
        backstage=tuple(draw(st.lists(TEXT, max_size=2))),
        duration=draw(MAYBE),
        reach=draw(st.none() | st.integers(0, 10**9)),
        ways=ways,
        branches=False,
        source=SOURCE,
        frontstage=tuple(draw(st.lists(TEXT, max_size=2))),
        support=tuple(draw(st.lists(st.builds(Support, MAYBE, st.none() | SYSTEM), max_size=2))),
        evidence=tuple(draw(st.lists(TEXT, max_size=2))),
    )
    labels = catalogue(language)
    emotion = pages.emotion(step.emotion, labels)
    return {
        "step": step,
        "number": draw(st.integers(1, 300)),
        "anchor": f"step-{step.id}",
        "phase": draw(LINK),
        "touchpoints": draw(st.lists(LINK, max_size=3)),
        "emotion": emotion,
        "reach": labels.number(step.reach) if step.reach is not None else None,
        "support": [
            pages.SupportUse(entry.text, draw(LINK) if entry.system else None)
            for entry in step.support
        ],
        "ways": [pages.Onward(way.condition, draw(LINK)) for way in ways],
        "labels": labels,
    }


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(values=st.sampled_from(["en", "de"]).flatmap(step_values))
def test_a_step_is_written_as_its_template_writes_it(values):
    html, reading = written.step(values)
    assert str(html) == str(package_templates().render("cjdocs/step.html", values))
    assert reading.stand_in() == stand_in(str(html))
