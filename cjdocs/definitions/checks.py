"""The cross-checks: what no single document shows, only the set of them.

Each document is first reduced to its facts (kind, id, references, the step graph, each with
its position), small enough to cross a process boundary cheaply. The checks then run over all
facts: `duplicate-id`, `unknown-reference`, `unreachable-step`, `no-end` and `unused`. Facts are
taken defensively, so a document that broke its schema still takes part as far as it can.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from cjdocs.definitions.findings import (
    ERROR,
    WARNING,
    Finding,
    closest,
    did_you_mean,
    format_path,
    quoted,
)
from cjdocs.definitions.kinds import KINDS, PLURALS
from cjdocs.definitions.loader import Document, Path
from cjdocs.definitions.steps import onward

# Where each kind of definition refers to others: (path pattern, kind referred to).
# `*` stands for any list index.
_REFERENCES = {
    "persona": ((("channels", "*"), "channel"),),
    "touchpoint": ((("channel",), "channel"), (("phases", "*"), "phase")),
    "journey": ((("persona",), "persona"), (("compare", "*"), "journey")),
}
_STEP_REFERENCES = ((("phase",), "phase"), (("touchpoints", "*"), "touchpoint"))

# References and steps are plain tuples, unpacked where they are used: they cross from worker
# processes to the parent by the hundred thousand, and plain tuples pickle about ten times
# faster than dataclasses or named tuples.
Reference = tuple[str, str, Path, int, int]
"""(kind, target, path, line, column): a reference to another definition or step."""
StepFacts = tuple["str | None", Path, int, int, list[Reference], bool]
"""(id, path, line, column, ways, ends): a step, the steps it leads to, whether it may end.
A way without `next` or `branches` leads to the following step: its target is that step's
index (an int), as ids may be missing or repeated while a file is being edited."""


@dataclass(slots=True)
class Facts:
    """What the cross-checks need to know of one document."""

    file: str
    kind: str
    id: str | None
    line: int
    column: int
    references: list[Reference] = field(default_factory=list)
    steps: list[StepFacts] = field(default_factory=list)
    # Passed its schema check; `unused` speaks only of clean definitions, to not pile on.
    clean: bool = True


def facts_of(document: Document, *, clean: bool = True) -> Facts | None:
    """The facts of a document, or None when it is not recognisably a definition."""
    data = document.data
    if not isinstance(data, dict) or data.get("kind") not in KINDS:
        return None  # not a definition, or of an unknown kind: the schema check says so
    kind = data["kind"]
    identifier = data.get("id") if isinstance(data.get("id"), str) else None
    line, column = document.locate(("id",))
    facts = Facts(document.file, kind, identifier, line, column, clean=clean)
    facts.references.extend(_references(document, data, (), _REFERENCES.get(kind, ())))
    if kind == "journey" and isinstance(data.get("steps"), list):
        facts.steps = _steps(document, data["steps"], facts.references)
    return facts


def _references(document: Document, mapping: dict, base: Path, patterns) -> Iterator[Reference]:
    for (key, *rest), kind in patterns:
        value = mapping.get(key)
        if rest and isinstance(value, list):  # a list of ids
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield _reference(document, kind, item, (*base, key, index))
        elif isinstance(value, str):  # (a single id where a list belongs still means that id)
            yield _reference(document, kind, value, (*base, key))


def _reference(document: Document, kind: str, target: str, path: Path) -> Reference:
    line, column = document.locate(path)
    return (kind, target, path, line, column)


def _steps(document: Document, steps: list, references: list[Reference]) -> list[StepFacts]:
    result = []
    for index, step in enumerate(steps):
        base: Path = ("steps", index)
        if not isinstance(step, dict):
            step = {}
        identifier = step.get("id") if isinstance(step.get("id"), str) else None
        line, column = document.locate((*base, "id"))
        references.extend(_references(document, step, base, _STEP_REFERENCES))
        leads = onward(steps, index, base)
        ways: list[Reference] = [
            ("step", way.target, way.path, line, column)
            if isinstance(way.target, int)
            else _reference(document, "step", way.target, way.path)
            for way in leads.ways
        ]
        result.append((identifier, base, line, column, ways, leads.ends))
    return result


# -- the checks --------------------------------------------------------------------------------


def cross_check(all_facts: Iterable[Facts], *, complete: bool = True) -> list[Finding]:
    """Every finding of the cross-checks over the whole set of definitions.

    When some file could not be read (`complete` false), what it defines and uses is
    unknown: `unused` stays silent rather than blame definitions that file may use.
    """
    all_facts = list(all_facts)
    known: dict[str, dict[str, Facts]] = defaultdict(dict)
    findings = list(_duplicates(all_facts, known))
    for facts in all_facts:
        findings.extend(_unknown_references(facts, known, complete))
        if facts.kind == "journey" and facts.steps:
            findings.extend(_step_graph(facts))
    if complete:
        findings.extend(_unused(all_facts, known))
    return findings


def _finding(
    file: str, line: int, column: int, code: str, path: str, message: str, severity: str = ERROR
) -> Finding:
    return Finding(file, line, column, severity, code, path, message)


def _duplicates(all_facts: list[Facts], known: dict[str, dict[str, Facts]]) -> Iterator[Finding]:
    """Fills `known` with the first definition of each id, reporting every later one."""
    later: dict[tuple[str, str], list[Facts]] = defaultdict(list)
    for facts in all_facts:
        if facts.id is None:
            continue
        first = known[facts.kind].setdefault(facts.id, facts)
        if first is not facts:
            later[(facts.kind, facts.id)].append(facts)
    for (kind, identifier), others in later.items():
        first = known[kind][identifier]
        places = [first, *others]
        for here, there in zip(places, [*places[1:], places[0]], strict=True):
            yield _finding(
                here.file,
                here.line,
                here.column,
                "duplicate-id",
                "id",
                f"{len(places)} {PLURALS[kind]} have the id {quoted(identifier)}; another one is at "
                f"{there.file}:{there.line}:{there.column}. Ids must be unique within a kind",
            )


def _unknown_references(
    facts: Facts, known: dict[str, dict[str, Facts]], complete: bool = True
) -> Iterator[Finding]:
    for kind, target, path, line, column in facts.references:
        if target not in known[kind]:
            yield _finding(
                facts.file,
                line,
                column,
                "unknown-reference",
                format_path(path),
                _no_such(kind, target, known[kind], known, complete=complete),
            )
    step_ids: dict[str, StepFacts] = {}
    for step in facts.steps:
        identifier, path, line, column, _, _ = step
        if identifier is None:
            continue
        first = step_ids.setdefault(identifier, step)
        if first is not step:
            _, first_path, first_line, *_ = first
            yield _finding(
                facts.file,
                line,
                column,
                "duplicate-id",
                format_path((*path, "id")),
                f"two steps of this journey have the id {quoted(identifier)}; the other one is "
                f"{format_path(first_path)} on line {first_line}. Step ids must be unique within their journey",
            )
    for *_, ways, _ends in facts.steps:
        for _, target, path, line, column in ways:
            if isinstance(target, str) and target not in step_ids:
                yield _finding(
                    facts.file,
                    line,
                    column,
                    "unknown-reference",
                    format_path(path),
                    _no_such("step", target, step_ids, {}, where=" in this journey"),
                )


def _no_such(
    kind: str,
    target: str,
    candidates,
    known: dict[str, dict[str, Facts]],
    where: str = "",
    complete: bool = True,
) -> str:
    message = f"no {kind} {quoted(target)}{where}"
    suggestion = did_you_mean(target, candidates)
    if suggestion:
        return message + suggestion
    elsewhere = [other for other, ids in known.items() if other != kind and target in ids]
    if elsewhere:
        return f"{message}: {quoted(target)} is a {elsewhere[0]}, but a {kind} id belongs here"
    if not complete:
        return f"{message} among the files that could be read"
    if not candidates:
        return f"{message}: there are no {PLURALS[kind]} yet (define one with 'kind: {kind}')"
    if len(candidates) <= 6:
        return f"{message} (the {PLURALS[kind]} are {', '.join(map(quoted, sorted(candidates)))})"
    return message


def _step_graph(facts: Facts) -> Iterator[Finding]:
    """`unreachable-step` and `no-end` for one journey."""
    by_id: dict[str, int] = {}
    for index, (identifier, *_) in enumerate(facts.steps):
        if identifier is not None:
            by_id.setdefault(identifier, index)
    # Where each step leads; a way to a step that does not exist is reported as an unknown
    # reference, and counts as an end here so that one typo is one finding.
    successors: list[list[int]] = []
    ends: list[bool] = []
    # For reachability only, a misspelt target leads where it most likely meant to: one typo,
    # one finding (the unknown reference), not also "unreachable" for the step it meant.
    meant: list[list[int]] = []
    for *_, ways, step_ends in facts.steps:
        targets = [
            target if isinstance(target, int) else by_id[target]
            for _, target, *_ in ways
            if target in by_id or isinstance(target, int)
        ]
        successors.append(targets)
        ends.append(step_ends or not ways or len(targets) < len(ways))
        guesses = [
            closest(target, by_id)
            for _, target, *_ in ways
            if isinstance(target, str) and target not in by_id
        ]
        meant.append(targets + [by_id[guess] for guess in guesses if guess is not None])

    reachable = _reach([0], meant)
    first_id, *_ = facts.steps[0]
    start = quoted(first_id or 1)
    for index, (identifier, path, line, column, *_) in enumerate(facts.steps):
        if index not in reachable:
            yield _finding(
                facts.file,
                line,
                column,
                "unreachable-step",
                format_path(path),
                f"step {quoted(identifier or index + 1)} can never be reached: no way from the first "
                f"step {start} leads to it",
            )

    predecessors: list[list[int]] = [[] for _ in facts.steps]
    for source, targets in enumerate(successors):
        for target in targets:
            predecessors[target].append(source)
    can_end = _reach([index for index, end in enumerate(ends) if end], predecessors)
    endless = reachable - can_end
    for trap in _traps(endless, successors):
        _, path, line, column, *_ = facts.steps[trap[0]]
        names = [quoted(_step_id(facts.steps[index]) or index + 1) for index in trap]
        if len(names) == 1:
            what = f"step {names[0]} leads only back to itself"
            fix = "Give it a way out"
        else:
            what = f"steps {', '.join(names[:-1])} and {names[-1]} lead only to each other"
            fix = "Give one of them a way out"
        yield _finding(
            facts.file,
            line,
            column,
            "no-end",
            format_path(path),
            f"{what}: a customer who gets there can never finish the journey. {fix} "
            "(a branch or next to another step, or next: [] to end here)",
        )


def _step_id(step: StepFacts) -> str | None:
    identifier, *_ = step
    return identifier


def _reach(starts: list[int], edges: list[list[int]]) -> set[int]:
    seen = set(starts)
    stack = list(starts)
    while stack:
        for target in edges[stack.pop()]:
            if target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _traps(endless: set[int], successors: list[list[int]]) -> list[list[int]]:
    """The loops with no way out: strongly connected groups of endless steps with no way onward.

    Every step that leads into a trap is endless too; reporting the traps alone names the
    places to fix. Tarjan's algorithm, without recursion (a journey may be long).
    """
    index_of: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in sorted(endless):
        if root in index_of:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = [target for target in successors[node] if target in endless]
            if position < len(targets):
                work.append((node, position + 1))
                target = targets[position]
                if target not in index_of:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index_of[target])
                continue
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    membership = {
        member: number for number, component in enumerate(components) for member in component
    }
    traps = [
        component
        for number, component in enumerate(components)
        if all(
            membership[target] == number for member in component for target in successors[member]
        )
    ]
    return sorted(traps)


def _unused(all_facts: list[Facts], known: dict[str, dict[str, Facts]]) -> Iterator[Finding]:
    used: dict[str, set[str]] = defaultdict(set)
    for facts in all_facts:
        if facts.kind == "journey":
            for kind, target, *_ in facts.references:
                # A misspelt reference already has its error; count the definition it most
                # likely meant as used rather than warn about that too.
                meant = target if target in known[kind] else closest(target, known[kind])
                used[kind].add(meant)
    for identifier in used["touchpoint"]:
        touchpoint = known["touchpoint"].get(identifier)
        if touchpoint is not None:
            used["channel"].update(
                target for kind, target, *_ in touchpoint.references if kind == "channel"
            )
    reasons = {
        "persona": "no journey is taken by persona {}",
        "phase": "no step of any journey is in phase {}",
        "channel": "no journey uses a touchpoint of channel {}",
        "touchpoint": "no step of any journey uses touchpoint {}",
    }
    for kind, reason in reasons.items():
        for identifier, facts in known[kind].items():
            if identifier not in used[kind] and facts.clean:
                yield _finding(
                    facts.file,
                    facts.line,
                    facts.column,
                    "unused",
                    "id",
                    reason.format(quoted(identifier)),
                    WARNING,
                )
