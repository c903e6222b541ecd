"""Where a step leads: the one rule for `next`, `branches` and the step after it.

A step goes on by `next` (a step id or a list of them; `next: []` ends the journey there), by
`branches` (a list of `{if, goto}`), or, with neither, to the step after it in the list; the
last step ends the journey. The checks read this from documents as written (ids may be
missing, repeated or misspelt while a file is being edited), the model from documents that
passed every check, and the diff from either side of a change: all three ask `onward`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cjdocs.definitions.loader import Path


@dataclass(frozen=True, slots=True)
class Way:
    """One way on from a step.

    `target` is the id written in `next` or `goto`; for the step after it in the list, which
    may have no usable id yet, it is that step's index. `condition` is the branch's `if`
    (None for `next` and the following step); `path` is where the target is written in the
    document (the step's own path for the following step).
    """

    target: str | int
    condition: Any = None
    # Where it is written is not part of what it is: two ways to one step on one condition
    # are the same way.
    path: Path = field(default=(), compare=False)

    @property
    def branch(self) -> bool:
        return self.condition is not None


@dataclass(frozen=True, slots=True)
class Onward:
    """The ways on from a step, and whether a customer may end the journey there.

    `ends` is also true where the way on is written so badly that it cannot be followed (the
    schema check reports it): one mistake, one finding.
    """

    ways: tuple[Way, ...]
    ends: bool


def onward(steps: Sequence[Any], index: int, base: Path = ()) -> Onward:
    """Where step `index` of a journey's `steps` (as written) leads; `base` is the path of the
    step in its document, e.g. `("steps", 2)`."""
    step = steps[index] if isinstance(steps[index], dict) else {}
    if "next" in step:
        targets = step["next"]
        if isinstance(targets, str):
            return Onward((Way(targets, None, (*base, "next")),), False)
        if isinstance(targets, list):
            ways = tuple(
                Way(target, None, (*base, "next", position))
                for position, target in enumerate(targets)
                if isinstance(target, str)
            )
            return Onward(ways, not targets)
        return Onward((), True)
    if "branches" in step:
        branches = step["branches"]
        if not isinstance(branches, list) or not branches:
            return Onward((), True)
        ways = []
        ends = False
        for position, branch in enumerate(branches):
            if isinstance(branch, dict) and isinstance(branch.get("goto"), str):
                condition = branch.get("if")
                ways.append(
                    Way(
                        branch["goto"],
                        "" if condition is None else condition,
                        (*base, "branches", position, "goto"),
                    )
                )
            else:
                ends = True
        return Onward(tuple(ways), ends)
    if index + 1 < len(steps):
        return Onward((Way(index + 1, None, base),), False)
    return Onward((), True)
