"""Fragments written in Python are the shipped templates' HTML, byte for byte.

A journey's steps are written in Python where the team keeps the shipped `step.html`
(cjdocs/render/written.py), with search's stand-in made at once. For steps of every shape,
with text that holds markup, entities, whitespace alone and characters XML forbids, the
HTML is what the template writes from the same values, and the stand-in is what
`searched.stand_in` makes of that HTML (itself held to Material's search in
tests/test_searched.py).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mapcases import write_map_cases
from test_searched import indexed

from cjdocs.catalogue import catalogue
from cjdocs.definitions.model import (
    STATUSES,
    Channel,
    Journey,
    Opportunity,
    PainPoint,
    Persona,
    Phase,
    Source,
    Step,
    Support,
    System,
    Touchpoint,
)
from cjdocs.definitions.steps import Way
from cjdocs.definitions.validation import load_model
from cjdocs.render import pages, written
from cjdocs.render.searched import stand_in
from cjdocs.render.templates import package_templates
from hostile import write_hostile

EXAMPLE = Path(__file__).resolve().parent.parent / "journeys"

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
    html, _ = written.step(values)
    assert str(html) == str(package_templates().render("cjdocs/step.html", values))


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(steps=st.lists(step_values(), min_size=1, max_size=3))
def test_search_reads_the_steps_stand_in_as_it_reads_the_steps(steps):
    """As the plugin gives them to search: the stand-in inside a slot, in place of the section
    search used to read."""
    readings = [written.step(values) for values in steps]
    html = "\n".join(str(html) for html, _ in readings)
    stand_ins = [reading.stand_in() for _, reading in readings]
    if None in stand_ins:
        assert stand_in(html) is None  # HTML search's own rules treat apart (see searched.py)
        return
    light = "\n".join(stand_ins)
    assert light.count("<") < html.count("<")

    def page(section: str) -> str:
        return f"<h1>J</h1>\n<p>a</p>\n<h2 id='steps'>Steps</h2>\n{section}\n<h2 id='end'>End</h2>"

    assert indexed(page(f"<cjdocs-0f-part-3>{light}</cjdocs-0f-part-3>")) == indexed(page(html))


CHANNEL = st.builds(
    Channel, TEXT, TEXT, st.sampled_from(["online", "offline"]), MAYBE, st.just(()), st.just(SOURCE)
)
TOUCHPOINT = st.builds(
    Touchpoint,
    TEXT,
    TEXT,
    CHANNEL,
    MAYBE,
    MAYBE,
    st.just(()),
    MAYBE,
    MAYBE,
    st.just(()),
    st.just(()),
    st.just(SOURCE),
)
PERSONA = Persona("p", "P", None, None, (), (), (), (), None, (), SOURCE)


@st.composite
def journeys(draw) -> Journey:
    """A journey of any shape the map draws: branches, loops back, steps in any phase, every
    lane filled or empty, with hostile text."""
    phases = [
        Phase(f"phase-{order}", draw(TEXT), order, None, draw(MAYBE), None, (), (), SOURCE)
        for order in range(1, draw(st.integers(1, 3)) + 1)
    ]
    count = draw(st.integers(1, 12))
    ids = [f"s{number}" for number in range(count)]
    steps = []
    for index, identifier in enumerate(ids):
        ways: tuple[Way, ...] = ()
        if index + 1 < count:
            # On to the next step (every step is reached), and now and then branches elsewhere,
            # back included.
            ways = (Way(ids[index + 1], draw(MAYBE)),)
            ways += tuple(
                Way(target, draw(TEXT))
                for target in draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
                if target != ids[index + 1]
            )
        values = draw(step_values())
        step = dataclasses.replace(
            values["step"],
            id=identifier,
            phase=draw(st.sampled_from(phases)),
            touchpoints=tuple(draw(st.lists(TOUCHPOINT, max_size=2))),
            ways=ways,
            branches=len(ways) > 1,
        )
        steps.append(step)
    return Journey(
        id="j",
        name=draw(TEXT),
        persona=PERSONA,
        summary=None,
        description=None,
        goal=None,
        timeframe=None,
        state="current",
        owner=None,
        tags=(),
        steps=tuple(steps),
        source=SOURCE,
    )


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    journey=journeys(),
    language=st.sampled_from(["en", "de"]),
    size=st.sampled_from(["A4", "A3", "A0"]),
)
def test_a_journey_map_is_written_as_its_template_writes_it(journey, language, size):
    values = pages.map_values(
        journey, catalogue(language), pages.Links("journeys/j.md"), print_size=size
    )
    written_map = written.journey_map(values)
    assert str(written_map) == str(package_templates().render("cjdocs/journey-map.html", values))


def test_the_map_cases_are_written_as_their_template_writes_them(tmp_path):
    """The journeys that try the map's edges (tests/mapcases.py: one step, sixty steps, loops,
    no emotions, long names), beside the example's."""
    folder = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, folder)
    write_map_cases(folder)
    _, model = load_model([folder])
    assert len(model.journeys) > 8
    for journey in model.journeys:
        for language, size in (("en", "A4"), ("de", "A3")):
            values = pages.map_values(
                journey,
                catalogue(language),
                pages.Links(f"journeys/{journey.id}.md"),
                print_size=size,
            )
            expected = package_templates().render("cjdocs/journey-map.html", values)
            assert str(written.journey_map(values)) == str(expected), journey.id


def _journey_models(tmp_path: Path) -> list:
    """The example with the map cases beside it, and the hostile set."""
    folder = tmp_path / "journeys"
    shutil.copytree(EXAMPLE, folder)
    write_map_cases(folder)
    models = [load_model([folder])[1], load_model([write_hostile(tmp_path / "hostile")])[1]]
    assert None not in models
    return models


def test_search_reads_every_journey_page_as_it_reads_the_page_written_whole(tmp_path):
    """Every stand-in of a journey's page at once (its summary's list, its steps), as the
    plugin gives them to search: in slots, where the page would hold the sections whole. (The
    sections search leaves out are left out of both: search is not to read them at all.)"""
    from cjdocs.render.assemble import Funnels

    labels = catalogue("en")
    for model in _journey_models(tmp_path):
        drawn = pages.Diagrams(flows={}, funnels=Funnels(model.journeys, labels))
        for journey in model.journeys:
            page = pages.journey_page(journey, labels, drawn)
            apart = pages.set_apart(page)
            assert apart.stand_ins, journey.id
            whole = _searched_page(journey.id, page, {})
            given = _searched_page(journey.id, apart, apart.stand_ins)
            assert indexed(given) == indexed(whole), journey.id


def _searched_page(title: str, page: pages.Page, stand_ins: dict[str, str]) -> str:
    """The page as search reads it: each section under its heading; a section left out of
    search empty, a figure's slot holding its stand-in (or nothing: a diagram goes in after
    search has read the page)."""
    parts = [f"<h1>{title}</h1>"]
    for number, section in enumerate(page.sections):
        if section.heading:
            parts.append(f'<h2 id="h{number}">{section.heading}</h2>')
        html = str(section.html) if section.searchable else "<div data-search-exclude></div>"
        for name in page.figures:
            slot = f"cjdocs-0f-{name}"
            light = stand_ins.get(name, "")
            html = html.replace(pages.figure_placeholder(name), f"<{slot}>{light}</{slot}>")
        parts.append(html)
    return "\n".join(parts)
