"""The backlog's checks, within one journey: pain point and opportunity ids, and what opportunities solve.

A pain point or opportunity may be written as a mapping with an `id`; an opportunity names the
pain points it solves by theirs (`solves: [slow-repair]`). Ids are unique within their journey,
one list for pain points and one for opportunities, and every id in `solves` names a pain point
of the same journey (`unknown-reference`, with the closest id). Values the schema check already
found wrong (an id that breaks the rule) are not checked again.
"""

from __future__ import annotations

from collections.abc import Iterator

from cjdocs.definitions.findings import ERROR, Finding, closest, format_path, quoted
from cjdocs.definitions.loader import Document, Path
from cjdocs.definitions.messages import Words, item_called

# A journey's `solves` lists more pain point ids than this in a message: only the closest.
_LISTED = 6


def check_backlog(document: Document, word: Words, flagged: frozenset[str]) -> list[Finding]:
    """`duplicate-id` and `unknown-reference` findings for the backlog of a journey document;
    `flagged`: the paths (as `format_path` writes them) of its schema findings."""
    data = document.data
    if not isinstance(data, dict) or data.get("kind") != "journey":
        return []
    steps = data.get("steps")
    if not isinstance(steps, list):
        return []
    findings: list[Finding] = []
    pain_points = _ids(document, steps, "pain_points", word, flagged, findings)
    _ids(document, steps, "opportunities", word, flagged, findings)
    for path, target in _solved(steps):
        if target in pain_points or format_path(path) in flagged:
            continue
        line, column = document.locate(path)
        findings.append(
            Finding(
                document.file,
                line,
                column,
                ERROR,
                "unknown-reference",
                format_path(path),
                word.at(item_called(word, data, path), _no_pain_point(word, target, pain_points)),
            )
        )
    return findings


def _items(steps: list, lane: str) -> Iterator[tuple[Path, dict]]:
    """Each item of `lane` written as a mapping, with its path."""
    for index, step in enumerate(steps):
        items = step.get(lane) if isinstance(step, dict) else None
        if isinstance(items, list):
            for number, item in enumerate(items):
                if isinstance(item, dict):
                    yield ("steps", index, lane, number), item


def _ids(
    document: Document,
    steps: list,
    lane: str,
    word: Words,
    flagged: frozenset[str],
    findings: list[Finding],
) -> dict[str, Path]:
    """The ids of `lane`'s items, each with the path of the first item that has it; a later
    item with the same id is a `duplicate-id` finding."""
    first: dict[str, Path] = {}
    noun = "pain_point" if lane == "pain_points" else "opportunity"
    for path, item in _items(steps, lane):
        identifier = item.get("id")
        if not isinstance(identifier, str) or format_path((*path, "id")) in flagged:
            continue
        earlier = first.setdefault(identifier, path)
        if earlier is path:
            continue
        line, column = document.locate((*path, "id"))
        findings.append(
            Finding(
                document.file,
                line,
                column,
                ERROR,
                "duplicate-id",
                format_path((*path, "id")),
                word.at(
                    item_called(word, document.data, path),
                    word(
                        f"duplicate.{noun}",
                        id=quoted(identifier),
                        other=item_called(word, document.data, earlier),
                        line=document.locate((*earlier, "id"))[0],
                    ),
                ),
            )
        )
    return first


def _solved(steps: list) -> Iterator[tuple[Path, str]]:
    """Every pain point id an opportunity says it solves, with its path."""
    for path, item in _items(steps, "opportunities"):
        solves = item.get("solves")
        if isinstance(solves, list):
            for number, target in enumerate(solves):
                if isinstance(target, str):
                    yield (*path, "solves", number), target


def _no_pain_point(word: Words, target: str, pain_points: dict[str, Path]) -> str:
    message = word("reference.none.pain_point", target=quoted(target))
    suggestion = closest(target, pain_points)
    if suggestion:
        return word("reference.did_you_mean", message=message, suggestion=quoted(suggestion))
    if not pain_points:
        return word("reference.none_yet.pain_point", message=message)
    if len(pain_points) <= _LISTED:
        return word(
            "reference.listed.pain_point",
            message=message,
            ids=", ".join(map(quoted, sorted(pain_points))),
        )
    return message
