"""The model that diagrams and pages read: resolved references, ordered phases, step graphs."""

from __future__ import annotations

import dataclasses

import pytest

from cjdocs.definitions.steps import Way
from cjdocs.definitions.validation import load_model
from conftest import FIXTURES, assemble

LOOP_JOURNEY = """\
kind: journey
id: reactivation
name: Win back
persona: anna
state: future
steps:
  - id: reminder
    name: Gets a reminder
    phase: purchase
    touchpoints: [newsletter, checkout-desk]
    emotion: -1
    reach: 400
  - id: decides
    name: Decides
    phase: awareness
    reach: 200
    branches:
      - if: comes back
        goto: buys
      - if: still away
        goto: reminder
      - if: unsubscribes
        goto: leaves
  - id: leaves
    name: Leaves
    phase: awareness
    next: []
  - id: buys
    name: Buys again
    phase: purchase
    emotion: 2
"""


@pytest.fixture
def model(tmp_path):
    journeys = assemble(tmp_path, FIXTURES / "base")
    (journeys / "loop.yaml").write_text(LOOP_JOURNEY, encoding="utf-8")
    validation, model = load_model([journeys], workers=1)
    assert validation.errors == []
    return model


def test_references_are_resolved_to_definitions(model):
    journey = model.journey("reactivation")
    assert journey.persona.name == "Anna"
    assert [touchpoint.channel.type for touchpoint in journey.start.touchpoints] == [
        "online",
        "offline",
    ]
    assert model.touchpoints[0].phases[0].name in ("Awareness", "Purchase")
    assert model.personas[0].channels[0].id == "email"


def test_phases_are_in_phase_order(model):
    assert [phase.id for phase in model.phases] == ["awareness", "purchase"]
    # The journey starts in "purchase" but its phases read in phase order.
    assert [phase.id for phase in model.journey("reactivation").phases] == ["awareness", "purchase"]


def test_steps_form_a_graph(model):
    journey = model.journey("reactivation")
    decides = journey.step("decides")
    assert decides.branches
    assert decides.ways == (
        Way("buys", "comes back"),
        Way("reminder", "still away"),
        Way("leaves", "unsubscribes"),
    )
    assert [step.id for step in journey.successors(journey.start)] == ["decides"]
    assert [step.id for step in journey.ends] == ["leaves", "buys"]
    paths, cut = journey.paths()
    assert not cut
    assert [[step.id for step in path] for path in paths] == [
        ["reminder", "decides", "buys"],
        ["reminder", "decides", "leaves"],
    ]


def test_values_and_defaults(model):
    journey = model.journey("reactivation")
    first = model.journey("first-purchase")
    assert journey.state == "future" and first.state == "current"
    assert journey.average_emotion == pytest.approx(0.5)
    assert journey.has_reach and not first.has_reach
    assert journey.step("leaves").emotion is None
    assert journey.step("decides").source.line == 13


def test_the_model_is_frozen(model):
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.journeys[0].name = "changed"


def test_no_model_when_there_are_errors(tmp_path):
    journeys = assemble(tmp_path, FIXTURES / "base", FIXTURES / "invalid" / "no-end")
    validation, model = load_model([journeys], workers=1)
    assert model is None
    assert [finding.code for finding in validation.errors] == ["no-end"]
