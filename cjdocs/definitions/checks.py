"""The cross-checks: what no single document shows, only the set of them.

Each document is first reduced to its facts (kind, id, references, the step graph, each with
its position), small enough to cross a process boundary cheaply. The checks then run over all
facts: `duplicate-id`, `duplicate-order`, `unknown-reference`, `unreachable-step`, `no-end` and
`unused`. Facts are taken defensively, so a document that broke its schema still takes part as
far as it can, read as it was most likely meant (a misspelt kind, `next: a, b` as a list), and
what its schema findings already say is not said again: one mistake, one message.
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
    format_path,
    quoted,
)
from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import Document, Path
from cjdocs.definitions.messages import Words, place, slug, step_called, step_number, words
from cjdocs.definitions.schema import all_keys, as_meant
from cjdocs.definitions.steps import onward

# Where each kind of definition refers to others: (path pattern, kind referred to).
# `*` stands for any list index.
_REFERENCES = {
    "persona": ((("channels", "*"), "channel"),),
    "touchpoint": ((("channel",), "channel"), (("phases", "*"), "phase")),
    "journey": ((("persona",), "persona"), (("compare", "*"), "journey")),
}
_STEP_REFERENCES = (
    (("phase",), "phase"),
    (("touchpoints", "*"), "touchpoint"),
    # A support entry is a text, or {text, system}: only the second refers to a system.
    (("support", "*", "system"), "system"),
)

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
    # A phase's order, and where it is written: (order, line, column).
    order: tuple[int, int, int] | None = None


def facts_of(
    document: Document, *, clean: bool = True, flagged: frozenset[str] = frozenset()
) -> Facts | None:
    """The facts of a document, or None when it is not recognisably a definition.

    `flagged` are the paths (as `format_path` writes them) of the document's schema findings:
    a reference there is not checked again, and a way on written there is read as meant.
    """
    data = document.data
    if not isinstance(data, dict):
        return None  # not a definition: the schema check says so
    kind = _kind_meant(data)
    if kind is None:
        return None
    clean = clean and data.get("kind") == kind
    if not clean:
        data = as_meant(data, kind)
    identifier = data.get("id") if isinstance(data.get("id"), str) else None
    line, column = document.locate(("id",))
    facts = Facts(document.file, kind, identifier, line, column, clean=clean)
    references = _references(document, data, (), _REFERENCES.get(kind, ()))
    facts.references.extend(_unflagged(references, flagged))
    if kind == "journey" and isinstance(data.get("steps"), list):
        facts.steps = _steps(document, data["steps"], facts.references, flagged)
    order = data.get("order")
    if kind == "phase" and isinstance(order, int) and not isinstance(order, bool):
        facts.order = (order, *document.locate(("order",)))
    return facts


def _kind_meant(data: dict) -> str | None:
    """The kind a definition is, or most likely meant to be: `Touchpoint` is a touchpoint, and
    so is `kin: touchpoint`; None when it cannot be told."""
    kind = data.get("kind")
    if kind in KINDS:
        return kind
    if kind is None:
        known = all_keys()
        written = [
            value
            for key, value in data.items()
            if isinstance(key, str) and key not in known and closest(key, known) == "kind"
        ]
        kind = written[0] if written else None
    if not isinstance(kind, str):
        return None
    meant = kind.strip().lower()
    return meant if meant in KINDS else closest(meant, KINDS)


def _unflagged(references: Iterator[Reference], flagged: frozenset[str]) -> Iterable[Reference]:
    """The references a schema finding has not spoken of already."""
    if not flagged:
        return references
    return (reference for reference in references if format_path(reference[2]) not in flagged)


def _references(document: Document, mapping: dict, base: Path, patterns) -> Iterator[Reference]:
    for (key, *rest), kind in patterns:
        value = mapping.get(key)
        if rest[1:] and isinstance(value, list):  # a list of mappings, each holding an id
            inner = rest[1]
            for index, item in enumerate(value):
                if isinstance(item, dict) and isinstance(item.get(inner), str):
                    yield _reference(document, kind, item[inner], (*base, key, index, inner))
        elif rest and isinstance(value, list):  # a list of ids
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield _reference(document, kind, item, (*base, key, index))
        elif not rest[1:] and isinstance(value, str):
            # (a single id where a list of ids belongs still means that id)
            yield _reference(document, kind, value, (*base, key))


def _reference(document: Document, kind: str, target: str, path: Path) -> Reference:
    line, column = document.locate(path)
    return (kind, target, path, line, column)


def _steps(
    document: Document, steps: list, references: list[Reference], flagged: frozenset[str]
) -> list[StepFacts]:
    result = []
    for index, step in enumerate(steps):
        base: Path = ("steps", index)
        if not isinstance(step, dict):
            step = {}
        identifier = step.get("id") if isinstance(step.get("id"), str) else None
        line, column = document.locate((*base, "id"))
        references.extend(_unflagged(_references(document, step, base, _STEP_REFERENCES), flagged))
        leads = onward(steps, index, base)
        ways: list[Reference] = [
            ("step", way.target, way.path, line, column)
            if isinstance(way.target, int)
            else _reference(document, "step", way.target, way.path)
            for way in leads.ways
        ]
        ends = leads.ends
        if flagged:
            ways, ends = _ways_meant(document, steps, ways, ends, flagged)
        result.append((identifier, base, line, column, ways, ends))
    return result


def _ways_meant(
    document: Document, steps: list, ways: list[Reference], ends: bool, flagged: frozenset[str]
) -> tuple[list[Reference], bool]:
    """Ways on whose schema finding says what is wrong with them, read as meant (`next: a, b`
    as `[a, b]`, `next: Pays` as `pays`), so that the graph does not report follow-ups."""
    identifiers = {
        step["id"] for step in steps if isinstance(step, dict) and isinstance(step.get("id"), str)
    }
    meant: list[Reference] = []
    for way in ways:
        _, target, path, _, _ = way
        if isinstance(target, int) or format_path(path) not in flagged:
            meant.append(way)
            continue
        found = [slug(part) for part in target.split(",")]
        found = [identifier for identifier in found if identifier in identifiers]
        meant.extend(_reference(document, "step", identifier, path) for identifier in found)
        ends = ends or not found
    return meant, ends


# -- the checks --------------------------------------------------------------------------------


def cross_check(
    all_facts: Iterable[Facts],
    *,
    complete: bool = True,
    unread: Iterable[str | None] = (),
    language: str | None = None,
) -> list[Finding]:
    """Every finding of the cross-checks over the whole set of definitions, in `language`.

    `unread` are the ids of definitions that could not be read (None for one whose id is
    unknown): a reference to them is not checked, as what it refers to is unknown, and neither
    is any when one of them has no id that could be read. When some file could not be read
    (`complete` false), what it defines and uses is unknown: `unused` stays silent rather than
    blame definitions that file may use.
    """
    word = words(language)
    all_facts = list(all_facts)
    unread = set(unread)
    known: dict[str, dict[str, Facts]] = defaultdict(dict)
    findings = list(_duplicates(all_facts, known, word))
    findings.extend(_same_order(all_facts, word))
    for facts in all_facts:
        findings.extend(_unknown_references(facts, known, unread, word))
        if facts.kind == "journey" and facts.steps:
            findings.extend(_step_graph(facts, word))
    # A journey or touchpoint with errors may be the one that uses a definition as it stands:
    # `unused` would only repeat its error, so it waits until the errors are fixed.
    users_clean = all(facts.clean for facts in all_facts if facts.kind in ("journey", "touchpoint"))
    if complete and not unread and users_clean:
        findings.extend(_unused(all_facts, known, word))
    return findings


def _finding(
    file: str, line: int, column: int, code: str, path: str, message: str, severity: str = ERROR
) -> Finding:
    return Finding(file, line, column, severity, code, path, message)


def _where(word: Words, facts: Facts, path: Path) -> str:
    """The step (and branch) a path of a journey lies in, as people count them."""
    return place(
        word, path, lambda index: facts.steps[index][0] if index < len(facts.steps) else None
    )


def _duplicates(
    all_facts: list[Facts], known: dict[str, dict[str, Facts]], word: Words
) -> Iterator[Finding]:
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
                word.count(
                    f"duplicate.{kind}",
                    len(places),
                    id=quoted(identifier),
                    place=f"{there.file}:{there.line}:{there.column}",
                ),
            )


def _same_order(all_facts: list[Facts], word: Words) -> Iterator[Finding]:
    """`duplicate-order`: phases with one order, whose order on the site would be left to chance."""
    by_order: dict[int, list[Facts]] = defaultdict(list)
    for facts in all_facts:
        if facts.kind == "phase" and facts.order is not None:
            by_order[facts.order[0]].append(facts)
    for order, phases in by_order.items():
        first = phases[0]
        for phase in phases[1:]:
            _, line, column = phase.order
            yield _finding(
                phase.file,
                line,
                column,
                "duplicate-order",
                "order",
                word(
                    "order.same",
                    phase=quoted(phase.id or "?"),
                    other=quoted(first.id or "?"),
                    order=str(order),
                    place=f"{first.file}:{first.order[1]}",
                ),
            )


def _unknown_references(
    facts: Facts, known: dict[str, dict[str, Facts]], unread: set, word: Words
) -> Iterator[Finding]:
    for kind, target, path, line, column in facts.references:
        if target in known[kind] or target in unread or None in unread:
            continue
        yield _finding(
            facts.file,
            line,
            column,
            "unknown-reference",
            format_path(path),
            word.at(_where(word, facts, path), _no_such(word, kind, target, known[kind], known)),
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
                word(
                    "duplicate.step",
                    id=quoted(identifier),
                    other=step_called(word, first_path[1], identifier),
                    line=first_line,
                ),
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
                    word.at(
                        _where(word, facts, path),
                        _no_such(word, "step", target, step_ids, {}),
                    ),
                )


def _no_such(
    word: Words, kind: str, target: str, candidates, known: dict[str, dict[str, Facts]]
) -> str:
    message = word(f"reference.none.{kind}", target=quoted(target))
    suggestion = closest(target, candidates)
    if suggestion:
        return word("reference.did_you_mean", message=message, suggestion=quoted(suggestion))
    elsewhere = [other for other, ids in known.items() if other != kind and target in ids]
    if elsewhere:
        return word(
            "reference.other_kind",
            message=message,
            target=quoted(target),
            other=word(f"reference.a.{elsewhere[0]}"),
            wanted=word(f"reference.id_of.{kind}"),
        )
    if not candidates:
        return word(f"reference.none_yet.{kind}", message=message)
    if len(candidates) <= 6:
        return word(
            f"reference.listed.{kind}",
            message=message,
            ids=", ".join(map(quoted, sorted(candidates))),
        )
    return message


def _step_graph(facts: Facts, word: Words) -> Iterator[Finding]:
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
                word("unreachable", step=step_called(word, index, identifier), start=start),
            )

    predecessors: list[list[int]] = [[] for _ in facts.steps]
    for source, targets in enumerate(successors):
        for target in targets:
            predecessors[target].append(source)
    can_end = _reach([index for index, end in enumerate(ends) if end], predecessors)
    endless = reachable - can_end
    for trap in _traps(endless, successors):
        _, path, line, column, *_ = facts.steps[trap[0]]
        names = [step_number(word, index, facts.steps[index][0]) for index in trap]
        if len(names) == 1:
            message = word("no_end.self", step=names[0])
        else:
            message = word("no_end.loop", steps=word.join(names))
        yield _finding(facts.file, line, column, "no-end", format_path(path), message)


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


def _unused(
    all_facts: list[Facts], known: dict[str, dict[str, Facts]], word: Words
) -> Iterator[Finding]:
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
    for kind in ("persona", "phase", "channel", "touchpoint", "system"):
        for identifier, facts in known[kind].items():
            if identifier not in used[kind] and facts.clean:
                yield _finding(
                    facts.file,
                    facts.line,
                    facts.column,
                    "unused",
                    "id",
                    word(f"unused.{kind}", id=quoted(identifier)),
                    WARNING,
                )
