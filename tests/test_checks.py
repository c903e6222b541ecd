"""The cross-checks on journeys' step graphs: where a journey starts, goes and ends."""

from __future__ import annotations

import yaml

from cjdocs.definitions.checks import cross_check, facts_of
from cjdocs.definitions.loader import load_text


def graph_findings(steps: list[dict]) -> list[tuple[str, str, str]]:
    journey = {"kind": "journey", "id": "j", "name": "J", "persona": "p", "steps": steps}
    document = load_text(yaml.safe_dump(journey, sort_keys=False), "j.yaml").documents[0]
    findings = cross_check([facts_of(document)])
    return [
        (f.code, f.path, f.message)
        for f in findings
        if f.code in ("unreachable-step", "no-end", "unknown-reference")
        and "persona" not in f.path
        and "phase" not in f.path
    ]


def step(identifier: str, **ways) -> dict:
    return {"id": identifier, "name": identifier.upper(), "phase": "x", **ways}


def test_steps_without_ways_follow_the_list_and_the_last_ends():
    assert graph_findings([step("a"), step("b"), step("c")]) == []


def test_next_empty_ends_the_journey_early():
    findings = graph_findings([step("a", next=[]), step("b")])
    assert findings == [
        (
            "unreachable-step",
            "steps[1]",
            "step 2 ('b') can never be reached: no way from the first step ('a') leads to it. "
            "Lead to it with next or a branch, or delete it",
        )
    ]


def test_a_loop_with_a_way_out_is_fine():
    steps = [
        step("mail"),
        step(
            "wait",
            branches=[{"if": "opened", "goto": "buy"}, {"if": "ignored", "goto": "reminder"}],
        ),
        step("reminder", next="wait"),
        step("buy"),
    ]
    assert graph_findings(steps) == []


def test_a_loop_without_a_way_out_is_named_once_at_its_first_step():
    steps = [
        step(
            "mail",
            branches=[{"if": "opened", "goto": "buy"}, {"if": "ignored", "goto": "reminder"}],
        ),
        step("reminder", next="wait"),
        step("wait", next="again"),
        step("again", next="reminder"),
        step("buy"),
    ]
    (finding,) = graph_findings(steps)
    assert finding[:2] == ("no-end", "steps[1]")
    assert finding[2].startswith(
        "steps 2 ('reminder'), 3 ('wait') and 4 ('again') lead only to each other"
    )


def test_two_separate_traps_are_two_findings():
    steps = [
        step(
            "start",
            branches=[
                {"if": "x", "goto": "left"},
                {"if": "y", "goto": "right"},
                {"if": "z", "goto": "end"},
            ],
        ),
        step("left", next="left"),
        step("right", next="right-b"),
        step("right-b", next="right"),
        step("end", next=[]),
    ]
    assert [(code, path) for code, path, _ in graph_findings(steps)] == [
        ("no-end", "steps[1]"),
        ("no-end", "steps[2]"),
    ]


def test_steps_leading_into_a_trap_are_not_blamed():
    steps = [step("a"), step("b"), step("c", next="d"), step("d", next="c")]
    assert [(code, path) for code, path, _ in graph_findings(steps)] == [("no-end", "steps[2]")]


def test_a_typo_in_next_is_one_finding():
    # The step it meant is not also reported unreachable.
    findings = graph_findings([step("a", next="bb"), step("b")])
    assert findings == [
        (
            "unknown-reference",
            "steps[0].next",
            "step 1 ('a'): no step 'bb' in this journey (did you mean 'b'?)",
        )
    ]


def test_a_long_journey_is_checked_without_recursion_limits():
    steps = [step(f"s{n}", next=f"s{n + 1}") for n in range(3000)] + [step("s3000", next="s0")]
    (finding,) = graph_findings(steps)
    assert finding[:2] == ("no-end", "steps[0]")
    assert "lead only to each other" in finding[2]


def test_documents_of_an_unknown_kind_take_no_part_in_cross_checks(tmp_path):
    from cjdocs.definitions.validation import validate

    (tmp_path / "odd.yaml").write_text(
        "kind: first-purchase\nid: a\n---\nkind: first-purchase\nid: a\n", encoding="utf-8"
    )
    findings = validate([tmp_path], workers=1).findings
    assert [(f.code, f.line) for f in findings] == [("schema", 1), ("schema", 4)]
    assert all("unknown kind 'first-purchase'" in f.message for f in findings)
