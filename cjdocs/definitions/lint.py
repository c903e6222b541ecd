"""The journey rules: what a CX lead asks in review, beyond what makes the definitions valid.

Each rule has a code and a default severity (`findings.CODES`); a site changes them in the
plugin's options of mkdocs.yml (`lint: {phase-gap: warning, stale-future: off}`, read by
`rule_levels`), and an editor silences one in place with `x-cjdocs-ignore: [code]` on the
persona, touchpoint, journey or step it is about (on a journey, for all of its steps).

- `pain-without-opportunity`: a pain point no opportunity addresses;
- `emotion-drop-unexplained`: the emotion falls by 2 or more from a step to a step it leads to,
  and the lower step names no pain point that says why;
- `phase-gap`: a journey skips a phase (by phase order) between its first and its last phase;
- `touchpoint-without-owner`: a touchpoint that journeys use names no owner;
- `step-without-touchpoint`: a step names no touchpoint;
- `stale-future`: a future-state journey without an owner.

The rules that read one definition alone run where its file is read, on any core
(`summarise`); what the rules across definitions need (a phase's order, a touchpoint's owner,
the phases and touchpoints a journey uses) crosses to the process that checks them all, as a
small `Summary` (`lint`). Only definitions that passed their schema check take part, and
`validate` runs the rules only once the definitions have no errors: a rule never piles onto
an error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from cjdocs.definitions.findings import CODES, SEVERITIES, Finding, closest, format_path, quoted
from cjdocs.definitions.loader import Document, Path
from cjdocs.definitions.messages import Words, step_called, words
from cjdocs.definitions.steps import onward

RULES = (
    "pain-without-opportunity",
    "emotion-drop-unexplained",
    "phase-gap",
    "touchpoint-without-owner",
    "step-without-touchpoint",
    "stale-future",
)
# The codes the journey rules give: theirs, and `unknown-rule` for an ignore naming none.
LINT_CODES = frozenset({*RULES, "unknown-rule"})
OFF = "off"
LEVELS = (OFF, *reversed(SEVERITIES))  # off, info, warning, error
IGNORE_KEY = "x-cjdocs-ignore"
# How far the emotion must fall from one step to the next to need a pain point that says why.
EMOTION_DROP = 2

Position = tuple[int, int]


class LintConfigProblem(ValueError):
    """The `lint` option of mkdocs.yml names a rule or a level that does not exist."""


def rule_levels(options: Any = None, language: str | None = None) -> dict[str, str]:
    """The severity of each rule (or `off`): its default, changed by the `lint` option of the
    plugin in mkdocs.yml, `{code: off | info | warning | error}`. Raises LintConfigProblem,
    naming the closest rule or level, for anything else."""
    levels = {rule: CODES[rule] for rule in RULES}
    if options is None:
        return levels
    word = words(language)
    if not isinstance(options, dict):
        raise LintConfigProblem(word("lint.config.not_pairs", rules=", ".join(RULES)))
    for code, level in options.items():
        if code not in RULES:
            suggestion = closest(str(code), RULES)
            entry = (
                "lint.config.unknown_rule_suggestion" if suggestion else "lint.config.unknown_rule"
            )
            raise LintConfigProblem(
                word(
                    entry, code=quoted(code), suggestion=quoted(suggestion), rules=", ".join(RULES)
                )
            )
        if level is False:
            level = OFF  # MkDocs reads mkdocs.yml as YAML 1.1, where a plain `off` is false
        if level not in LEVELS:
            suggestion = closest(str(level), LEVELS)
            entry = "lint.config.level_suggestion" if suggestion else "lint.config.level"
            raise LintConfigProblem(
                word(
                    entry,
                    code=code,
                    level=quoted(level),
                    suggestion=quoted(suggestion),
                    levels=", ".join(LEVELS),
                )
            )
        levels[code] = level
    return levels


# -- what the rules read of each document -----------------------------------------------------


@dataclass(slots=True)
class Item:
    """A pain point or an opportunity: a plain text today; `{text, id, solves}` once pain points
    and opportunities may be written as objects (issue 16.2)."""

    text: str
    id: str | None
    solves: tuple[str, ...] | None  # None: it says nothing of which pain points it solves
    position: Position


@dataclass(slots=True)
class StepContent:
    index: int
    id: str | None
    position: Position
    phase: str | None
    phase_position: Position
    touchpoints: tuple[str, ...]
    emotion: int | None
    emotion_position: Position
    pain_points: list[Item]
    opportunities: list[Item]
    ways: tuple[str | int, ...]
    ignored: tuple[tuple[str, Path, int, int], ...]

    @property
    def ignore(self) -> frozenset[str]:
        return frozenset(code for code, *_ in self.ignored)


@dataclass(slots=True)
class Content:
    """What the rules need of one definition."""

    file: str
    kind: str
    id: str | None
    position: Position
    ignored: tuple[tuple[str, Path, int, int], ...] = ()
    owner: bool = False
    future: bool = False
    state_position: Position = (1, 1)
    order: int | None = None
    steps: list[StepContent] = field(default_factory=list)

    @property
    def ignore(self) -> frozenset[str]:
        return frozenset(code for code, *_ in self.ignored)


def _text(item: Any) -> str | None:
    """The words of a pain point or opportunity, written plain or as `{text: ...}`."""
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return item["text"]
    return None


def _item_id(item: Any) -> str | None:
    return item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else None


def _solves(item: Any) -> tuple[str, ...] | None:
    """The pain point ids an opportunity says it solves; None when it says nothing of them."""
    if not isinstance(item, dict) or "solves" not in item:
        return None
    solves = item["solves"]
    solves = [solves] if isinstance(solves, str) else solves
    return (
        tuple(value for value in solves if isinstance(value, str))
        if isinstance(solves, list)
        else ()
    )


def _items(document: Document, mapping: dict, path: Path, key: str) -> list[Item]:
    values = mapping.get(key)
    if not isinstance(values, list):
        return []
    items = []
    for index, value in enumerate(values):
        text = _text(value)
        if text is not None:
            position = document.locate((*path, key, index))
            items.append(Item(text, _item_id(value), _solves(value), position))
    return items


def _owned(mapping: dict) -> bool:
    owner = mapping.get("owner")
    return isinstance(owner, str) and bool(owner.strip())


def _ignored(
    document: Document, mapping: dict, path: Path
) -> tuple[tuple[str, Path, int, int], ...]:
    values = mapping.get(IGNORE_KEY)
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return ()
    return tuple(
        (value, (*path, IGNORE_KEY, index), *document.locate((*path, IGNORE_KEY, index)))
        for index, value in enumerate(values)
        if isinstance(value, str)
    )


def content_of(document: Document, kind: str) -> Content:
    """What the rules read of a definition of `kind` that passed its schema check."""
    data = document.data
    identifier = data.get("id") if isinstance(data.get("id"), str) else None
    content = Content(
        document.file,
        kind,
        identifier,
        document.locate(("id",)),
        _ignored(document, data, ()),
        owner=_owned(data),
    )
    if kind == "phase" and isinstance(data.get("order"), int):
        content.order = data["order"]
    if kind == "journey":
        content.future = data.get("state") == "future"
        content.state_position = document.locate(("state",))
        steps = data.get("steps") if isinstance(data.get("steps"), list) else []
        content.steps = [_step(document, steps, index) for index in range(len(steps))]
    return content


def _step(document: Document, steps: list, index: int) -> StepContent:
    step = steps[index] if isinstance(steps[index], dict) else {}
    path: Path = ("steps", index)
    emotion = step.get("emotion")
    touchpoints = step.get("touchpoints")
    return StepContent(
        index,
        step.get("id") if isinstance(step.get("id"), str) else None,
        document.locate((*path, "id")),
        step.get("phase") if isinstance(step.get("phase"), str) else None,
        document.locate((*path, "phase")),
        tuple(touchpoints) if isinstance(touchpoints, list) else (),
        emotion if isinstance(emotion, int) and not isinstance(emotion, bool) else None,
        document.locate((*path, "emotion")),
        _items(document, step, path, "pain_points"),
        _items(document, step, path, "opportunities"),
        tuple(way.target for way in onward(steps, index).ways),
        _ignored(document, step, path),
    )


# -- the rules -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    code: str
    content: Content
    step: StepContent | None
    path: Path
    position: Position
    message: str

    @property
    def ignored(self) -> bool:
        return self.code in self.content.ignore or (
            self.step is not None and self.code in self.step.ignore
        )

    def finding(self, severity: str) -> Finding:
        line, column = self.position
        return Finding(
            self.content.file,
            line,
            column,
            severity,
            self.code,
            format_path(self.path),
            self.message,
        )


FirstStep = tuple[int, "str | None", int, int, frozenset[str]]
"""(index, id, line, column, codes it ignores): the first step of a journey in a phase."""


@dataclass(slots=True)
class Summary:
    """One definition as the rules across definitions need it, with what the rules within it
    found: small, as it crosses from the process that read the file to the one that checks all.

    `found` holds the findings of the rules that read one definition alone, at their default
    severity, with what it ignores left out; `phases` the first step in each phase (journeys),
    `uses` how many steps use each touchpoint (journeys)."""

    file: str
    kind: str
    id: str | None
    position: Position
    ignore: frozenset[str]
    owner: bool
    order: int | None
    found: list[Finding]
    phases: dict[str, FirstStep]
    uses: dict[str, int]


def summarise(document: Document, kind: str, language: str | None = None) -> Summary:
    """What the journey rules make of a definition of `kind` that passed its schema check; the
    messages in `language`."""
    content = content_of(document, kind)
    word = words(language)
    found = list(_unknown_rules(content, word))
    phases: dict[str, FirstStep] = {}
    uses: dict[str, int] = defaultdict(int)
    if kind == "journey":
        for rule in (_pains_without_opportunity, _emotion_drops, _steps_without_touchpoint):
            found.extend(
                item.finding(CODES[item.code]) for item in rule(content, word) if not item.ignored
            )
        found.extend(
            item.finding(CODES[item.code])
            for item in _stale_future(content, word)
            if not item.ignored
        )
        for step in content.steps:
            if step.phase is not None and step.phase not in phases:
                phases[step.phase] = (step.index, step.id, *step.phase_position, step.ignore)
            for identifier in dict.fromkeys(step.touchpoints):
                uses[identifier] += 1
    return Summary(
        content.file,
        kind,
        content.id,
        content.position,
        content.ignore,
        content.owner,
        content.order,
        found,
        phases,
        dict(uses),
    )


def lint(
    summaries: Iterable[Summary],
    levels: Mapping[str, str] | None = None,
    language: str | None = None,
) -> list[Finding]:
    """The findings of the journey rules over every definition, at the severity `levels` gives
    each rule (by default its own), leaving out rules that are off and findings that their
    definition or step ignores."""
    levels = levels if levels is not None else rule_levels()
    word = words(language)
    summaries = list(summaries)
    found = [finding for summary in summaries for finding in summary.found]
    found.extend(_phase_gaps(summaries, word))
    found.extend(_touchpoints_without_owner(summaries, word))
    findings = []
    for finding in found:
        level = levels.get(finding.code, CODES[finding.code])
        if level == OFF:
            continue
        findings.append(finding if finding.severity == level else replace(finding, severity=level))
    return findings


def _unknown_rules(content: Content, word: Words) -> Iterator[Finding]:
    """`unknown-rule`: an `x-cjdocs-ignore` that names no rule, so it silences nothing."""
    for code, path, line, column in (
        *content.ignored,
        *(entry for step in content.steps for entry in step.ignored),
    ):
        if code in RULES:
            continue
        suggestion = closest(code, RULES)
        entry = "lint.unknown_rule_suggestion" if suggestion else "lint.unknown_rule"
        message = word(
            entry, code=quoted(code), suggestion=quoted(suggestion), rules=", ".join(RULES)
        )
        yield Finding(
            content.file,
            line,
            column,
            CODES["unknown-rule"],
            "unknown-rule",
            format_path(path),
            message,
        )


def _at(word: Words, step: StepContent, text: str) -> str:
    return word.at(step_called(word, step.index, step.id), text)


def _pains_without_opportunity(journey: Content, word: Words) -> Iterator[_Found]:
    """A pain point counts as addressed when an opportunity on its own step says nothing of
    which pain points it solves (plain text, as all of them are today), or when an opportunity
    anywhere in the journey names the pain point's id in its `solves` (the object form of
    issue 16.2). An opportunity with `solves` addresses exactly the pain points it names."""
    solved = {
        identifier
        for step in journey.steps
        for opportunity in step.opportunities
        for identifier in opportunity.solves or ()
    }
    for step in journey.steps:
        open_ended = any(opportunity.solves is None for opportunity in step.opportunities)
        for index, pain in enumerate(step.pain_points):
            if open_ended or (pain.id is not None and pain.id in solved):
                continue
            entry = "lint.pain_without_opportunity" + ("_id" if pain.id else "")
            yield _Found(
                "pain-without-opportunity",
                journey,
                step,
                ("steps", step.index, "pain_points", index),
                pain.position,
                _at(word, step, word(entry, text=quoted(pain.text), id=quoted(pain.id))),
            )


def _emotion_drops(journey: Content, word: Words) -> Iterator[_Found]:
    """A step whose emotion lies 2 or more below that of a step leading to it (by the journey's
    ways: `next`, `branches`, the step after it), and which names no pain point. Said once per
    step, for the step before it with the steepest fall."""
    steps = journey.steps
    by_id = {step.id: step for step in reversed(steps) if step.id is not None}
    steepest: dict[int, StepContent] = {}
    for step in steps:
        if step.emotion is None:
            continue
        for target in step.ways:
            lower = steps[target] if isinstance(target, int) else by_id.get(target)
            if lower is None or lower.emotion is None or lower.pain_points:
                continue
            if step.emotion - lower.emotion >= EMOTION_DROP:
                before = steepest.get(lower.index)
                if before is None or step.emotion > before.emotion:
                    steepest[lower.index] = step
    for index in sorted(steepest):
        lower, before = steps[index], steepest[index]
        yield _Found(
            "emotion-drop-unexplained",
            journey,
            lower,
            ("steps", index, "emotion"),
            lower.emotion_position,
            _at(
                word,
                lower,
                word(
                    "lint.emotion_drop",
                    before=_signed(before.emotion),
                    after=_signed(lower.emotion),
                    step=step_called(word, before.index, before.id),
                ),
            ),
        )


def _signed(emotion: int) -> str:
    return f"+{emotion}" if emotion > 0 else str(emotion)


def _first_of_kind(summaries: list[Summary], kind: str) -> dict[str, Summary]:
    """The definitions of a kind by id; the first wins where ids repeat (as the checks say)."""
    found: dict[str, Summary] = {}
    for summary in summaries:
        if summary.kind == kind and summary.id is not None:
            found.setdefault(summary.id, summary)
    return found


def _phase_gaps(summaries: list[Summary], word: Words) -> Iterator[Finding]:
    """Each run of phases (by their order) that a journey skips between its first and its last
    phase, said at the first step in the phase after the gap."""
    ordered = sorted(
        (phase.order, identifier)
        for identifier, phase in _first_of_kind(summaries, "phase").items()
        if phase.order is not None
    )
    for journey in summaries:
        if journey.kind != "journey" or "phase-gap" in journey.ignore:
            continue
        visited = [
            index for index, (_, identifier) in enumerate(ordered) if identifier in journey.phases
        ]
        for lower, upper in pairwise(visited):
            skipped = [identifier for _, identifier in ordered[lower + 1 : upper]]
            before, after = ordered[lower][1], ordered[upper][1]
            index, step_id, line, column, ignore = journey.phases[after]
            if not skipped or "phase-gap" in ignore:
                continue
            message = word.count(
                "lint.phase_gap",
                len(skipped),
                before=quoted(before),
                after=quoted(after),
                skipped=word.join([quoted(identifier) for identifier in skipped]),
            )
            yield Finding(
                journey.file,
                line,
                column,
                CODES["phase-gap"],
                "phase-gap",
                format_path(("steps", index, "phase")),
                word.at(step_called(word, index, step_id), message),
            )


def _steps_without_touchpoint(journey: Content, word: Words) -> Iterator[_Found]:
    for step in journey.steps:
        if not step.touchpoints:
            yield _Found(
                "step-without-touchpoint",
                journey,
                step,
                ("steps", step.index),
                step.position,
                word("lint.step_without_touchpoint", step=step_called(word, step.index, step.id)),
            )


def _stale_future(journey: Content, word: Words) -> Iterator[_Found]:
    if journey.future and not journey.owner:
        yield _Found(
            "stale-future",
            journey,
            None,
            ("state",),
            journey.state_position,
            word("lint.stale_future", id=quoted(journey.id or "?")),
        )


def _touchpoints_without_owner(summaries: list[Summary], word: Words) -> Iterator[Finding]:
    uses: dict[str, int] = defaultdict(int)
    for journey in summaries:
        for identifier, count in journey.uses.items():
            uses[identifier] += count
    touchpoints = _first_of_kind(summaries, "touchpoint")
    for identifier in sorted(uses):
        touchpoint = touchpoints.get(identifier)
        if (
            touchpoint is None
            or touchpoint.owner
            or "touchpoint-without-owner" in touchpoint.ignore
        ):
            continue
        line, column = touchpoint.position
        yield Finding(
            touchpoint.file,
            line,
            column,
            CODES["touchpoint-without-owner"],
            "touchpoint-without-owner",
            "id",
            word.count("lint.touchpoint_without_owner", uses[identifier], id=quoted(identifier)),
        )
