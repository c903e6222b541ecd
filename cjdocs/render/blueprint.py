"""The service blueprint of a journey, and the pages of the systems that support its steps.

The blueprint is the journey map's grid (`map.py`: the same step columns, in the order of the
journey's ways, under the same phase headers) with the blueprint's lanes as rows, top to
bottom: the evidence the customer gets, the customer's actions, the touchpoints; below the
line of interaction what staff and systems do in the customer's sight (frontstage); below the
line of visibility what they do out of it (backstage); below the line of internal interaction
the processes and systems that support them. A lane no step fills is left out, and so is a
line with no lane below it; lines that meet with no lane between them are drawn as one.

Printed, the blueprint takes one landscape page of the site's paper size: its text as large
as fits (`print_font`). A system's page lists every step it supports, by journey: what breaks
for customers when it is down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import Journey, Model, Step, System
from cjdocs.render import map as grid
from cjdocs.render.markup import Markup
from cjdocs.render.pages import (
    Emotion,
    Link,
    Links,
    MapPage,
    MapPhase,
    MapStep,
    Page,
    Section,
    TouchpointUse,
    _description,
    _index_table,
    _link,
    _step_link,
    _web_address,
    emotion,
    page_path,
    support_uses,
)
from cjdocs.render.templates import Templates, package_templates

# The blueprint's rows, top to bottom: lanes, and the three lines (True) between them.
ROWS = (
    ("evidence", False),
    ("step", False),
    ("touchpoints", False),
    ("interaction", True),
    ("frontstage", False),
    ("visibility", True),
    ("backstage", False),
    ("internal", True),
    ("support", False),
)
# The lanes whose entries are lists (printed as indented items).
LISTED = ("evidence", "touchpoints", "frontstage", "backstage", "support")

# Printed text sizes tried, largest first: the first at which the blueprint fits one page.
PRINT_FONTS = (8.0, 7.5, 7.0, 6.5, 6.0, 5.5, 5.0)


@dataclass(frozen=True, slots=True)
class BlueprintLane:
    """A row of the blueprint: a lane (`name` is the key of the steps' `cells`) or, with
    `line`, one of the three lines (`name`: interaction, visibility or internal; a line that
    stands for several names the lowest, and its `label` says each)."""

    name: str
    label: str
    line: bool = False


def blueprint_lanes(filled: Iterable[str], labels: Catalogue) -> list[BlueprintLane]:
    """The rows shown when the steps fill the lanes `filled`: the customer's lane always, a line
    only with a lane below it, lines with no lane between them as one."""
    filled = set(filled)
    shown: list[BlueprintLane] = []
    waiting: list[str] = []
    for name, line in ROWS:
        if line:
            waiting.append(name)
            continue
        if name != "step" and name not in filled:
            continue
        if waiting:
            text = " · ".join(labels[f"blueprint.line.{waited}"] for waited in waiting)
            shown.append(BlueprintLane(waiting[-1], text, line=True))
            waiting = []
        shown.append(
            BlueprintLane(name, labels["lane.customer" if name == "step" else f"lane.{name}"])
        )
    return shown


def _cells(step: Step, links: Links, labels: Catalogue) -> dict[str, object]:
    """What one step puts into each lane; empty where it has nothing for it. `lines`: the
    lines its card on a phone draws (by the lowest line each stands for: its label), by the
    rule of the whole blueprint applied to the step's own lanes."""
    cells: dict[str, object] = {
        "action": step.action,
        "evidence": list(step.evidence),
        "touchpoints": [
            TouchpointUse(_link(links, "touchpoints", touchpoint), touchpoint.channel.name)
            for touchpoint in step.touchpoints
        ],
        "frontstage": list(step.frontstage),
        "backstage": list(step.backstage),
        "support": support_uses(step, links),
    }
    filled = [lane for lane in LISTED if cells[lane]]
    cells["lines"] = {
        lane.name: lane.label for lane in blueprint_lanes(filled, labels) if lane.line
    }
    return cells


# -- print ------------------------------------------------------------------------------------


def _print_lanes(
    steps: list[MapStep], lanes: list[BlueprintLane], title: str, placed: tuple[grid.Column, ...]
) -> tuple[grid.PrintLane, ...]:
    """The blueprint's text, lane by lane, for estimating how high it prints; the phase
    headers' row first. A line is one line of text high (its label)."""

    def texts(lane: str, step: MapStep) -> tuple[str, ...]:
        if lane == "step":
            action = step.cells.get("action")
            return (
                f"{step.number}. {step.link.text}",
                *(f"↳ if “{c}”" for c in step.conditions),
                *((action,) if action else ()),
            )
        value = step.cells.get(lane) or []
        if lane == "touchpoints":
            return tuple(f"{use.touchpoint.text} · {use.channel}" for use in value)
        if lane == "support":
            return tuple(
                " ".join(part for part in (use.text, use.system and use.system.text) if part)
                for use in value
            )
        return tuple(value)

    phases = tuple(
        (column.step.phase.name, column.step.phase.customer_goal or "") for column in placed
    )
    printed = [grid.PrintLane(title, phases)]
    for lane in lanes:
        if lane.line:
            printed.append(grid.PrintLane("", (), fixed=grid.PRINT_LINE + grid.PRINT_PADDING[0]))
        else:
            printed.append(
                grid.PrintLane(
                    lane.label,
                    tuple(texts(lane.name, step) for step in steps),
                    listed=lane.name in LISTED,
                )
            )
    return tuple(printed)


def print_font(lanes: tuple[grid.PrintLane, ...], count: int, size: str) -> float:
    """The largest text size (in points, from `PRINT_FONTS`) at which `count` step columns of
    the lanes fit across and down one landscape page of `size`; the smallest when none does.

    Every printed length of the blueprint (lines, padding) is in em, so at `font` points the
    blueprint is the one at 8 pt scaled by `font / 8`, with its columns as wide as
    `8 / font` times theirs."""
    across = (grid.PAPER_WIDTHS[size] - 2 * grid.PRINT_MARGIN - grid.PRINT_LANES) / count
    down = grid.PAPER[size][1] - 2 * grid.PRINT_MARGIN - grid.PRINT_SAFETY
    for font in PRINT_FONTS:
        scale = font / 8
        if grid.print_height(lanes, across / scale) * scale <= down:
            return font
    return PRINT_FONTS[-1]


# -- the blueprint ----------------------------------------------------------------------------


def blueprint_anchor(step: Step) -> str:
    """The id of a step's column in the blueprint (its card on a phone)."""
    return f"cj-blueprint-{step.id}"


def journey_blueprint(
    journey: Journey,
    labels: Catalogue,
    links: Links,
    templates: Templates | None = None,
    *,
    print_size: str = "A4",
) -> Markup:
    """The grid: the journey map's step columns under its phase headers, the blueprint's lanes
    as rows with the three lines between them; on a phone a card per step with the lines drawn
    in it. Printed on one page."""
    placed = grid.columns(journey)
    number = {step.id: position for position, step in enumerate(journey.steps, 1)}
    steps = [
        MapStep(
            blueprint_anchor(column.step),
            number[column.step.id],
            Link(links.to(links.here, f"step-{column.step.id}"), column.step.name),
            column.conditions,
            _cells(column.step, links, labels),
            start=column.step.id == journey.start.id,
            end=column.step.ends,
        )
        for column in placed
    ]
    filled = [lane for lane in LISTED if any(step.cells[lane] for step in steps)]
    lanes = blueprint_lanes(filled, labels)
    title = labels["blueprint.title"].format(name=journey.name)
    font = print_font(_print_lanes(steps, lanes, title, placed), len(steps), print_size)
    page = MapPage(
        len(steps),
        tuple(
            MapPhase(
                _link(links, "phases", span.phase),
                span.phase.customer_goal,
                span.count,
                span.count,
                False,
                tuple(steps[span.first : span.first + span.count]),
            )
            for span in grid.phase_spans(placed)
        ),
    )
    return (templates or package_templates()).render(
        "cjdocs/blueprint.html",
        {
            "journey": journey,
            "label": title,
            "count": len(steps),
            "lanes": lanes,
            "page": page,
            "print_size": print_size.lower(),
            "print_font": f"{font:g}pt",
            "labels": labels,
        },
    )


# -- the systems --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SupportedStep:
    """A step a system supports: the step (link), its phase (link), what the system does there
    (the texts of its support entries naming it; none where an entry only names the system)
    and the customer's emotion (badge or none)."""

    step: Link
    phase: Link
    does: tuple[str, ...]
    emotion: Emotion | None


@dataclass(frozen=True, slots=True)
class SupportedJourney:
    journey: Link
    persona: Link
    steps: tuple[SupportedStep, ...]


def systems_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("systems"), directory_urls)
    rows = []
    for system in model.systems:
        supported = list(model.steps_supported_by(system))
        rows.append(
            (
                _link(links, "systems", system),
                system.owner or "",
                str(len({journey.id for journey, _ in supported})),
                str(len(supported)),
            )
        )
    headers = (labels["system"], labels["owner"], labels["journeys"], labels["steps"])
    table = _index_table(templates or package_templates(), labels, headers, rows)
    return Page(page_path("systems"), labels["systems"], (Section(None, table),))


def system_page(
    system: System,
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    """A system: who owns it, and every step it supports, grouped by journey."""
    templates = templates or package_templates()
    path = page_path("systems", system.id)
    links = Links(path, directory_urls)
    url = _web_address(system.url)
    intro = templates.render(
        "cjdocs/system-summary.html",
        {
            "system": system,
            "url": url,
            "description": _description(system.description),
            "labels": labels,
        },
    )
    groups: dict[str, SupportedJourney] = {}
    for journey, step in model.steps_supported_by(system):
        group = groups.setdefault(
            journey.id,
            SupportedJourney(
                _link(links, "journeys", journey), _link(links, "personas", journey.persona), ()
            ),
        )
        does = tuple(
            entry.text
            for entry in step.support
            if entry.text and entry.system and entry.system.id == system.id
        )
        supported = SupportedStep(
            _step_link(links, journey, step),
            _link(links, "phases", step.phase),
            does,
            emotion(step.emotion, labels),
        )
        groups[journey.id] = SupportedJourney(
            group.journey, group.persona, (*group.steps, supported)
        )
    steps = templates.render(
        "cjdocs/system-steps.html",
        {
            "system": system,
            "journeys": list(groups.values()),
            "intro": labels["system.steps.description"].format(name=system.name),
            "labels": labels,
        },
    )
    return Page(
        path,
        system.name,
        (Section(None, intro), Section(labels["system.steps"], steps)),
        system.source,
        system.tags,
    )
