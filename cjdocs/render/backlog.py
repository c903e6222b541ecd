"""The opportunity backlog: every opportunity of every journey, grouped by status, then priority.

Opportunities are what a team could do better at a step; written as mappings they carry the
fields a backlog needs (`owner`, `status`, `priority`, `link`, `solves`). This module gathers
them over the model in a stable order (the shared source of the Opportunities page and the
CSV export) and writes the page: counts per status first, then a group per status in the
order work goes through them (idea → planned → in progress → done → dropped, then the ones
without a status), each sorted by priority. The page filters by status and priority without
script: radio buttons and CSS (`styles/backlog.css`), so it works wherever the page is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import STATUSES, Journey, Model, Opportunity, PainPoint, Step
from cjdocs.render.markup import safe_url
from cjdocs.render.pages import Link, Links, Page, Section
from cjdocs.render.templates import Templates, package_templates

PATH = "opportunities.md"
# The groups of the page, in the order work goes through them; `none` holds plain text.
GROUPS = (*STATUSES, "none")
# Priorities as the filter offers them (rank 1 is high); `none` for those without one.
PRIORITY_NAMES = ("high", "medium", "low")
# Opportunities without a status (plain text, mostly) listed at most; the rest are counted. A
# large repository has thousands, which every journey's page shows already: listed all, they
# would make the page many megabytes and bury the backlog the team works through.
UNTRACKED_LISTED = 200


@dataclass(frozen=True, slots=True)
class Entry:
    """One opportunity where it stands: its journey and step, and the pain points it solves
    with the step each stands at."""

    journey: Journey
    step: Step
    opportunity: Opportunity
    solves: tuple[tuple[PainPoint, Step], ...]


def entries(model: Model) -> Iterator[Entry]:
    """Every opportunity of every journey, journeys by id, then in the order of their steps."""
    for journey in model.journeys:
        where = {id(pain): step for step in journey.steps for pain in step.pain_points}
        for step in journey.steps:
            for opportunity in step.opportunities:
                solved = tuple((pain, where[id(pain)]) for pain in opportunity.solves)
                yield Entry(journey, step, opportunity, solved)


def group_of(opportunity: Opportunity) -> str:
    return opportunity.status or "none"


def _rank(entry: Entry) -> int:
    # Without a priority: after those with one.
    priority = entry.opportunity.priority
    return priority if priority is not None else len(PRIORITY_NAMES) + 1


# -- the page ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Row:
    """A row of the page: `priority` (words or none, and its key for the filter), the
    opportunity's `text` and `status`, `owner`, `journey` and `step` (links), `solves` (links
    to where each pain point stands, named by its text), `link` (the issue, or none)."""

    priority: str | None
    priority_key: str
    text: str
    identifier: str | None
    status: str | None
    owner: str | None
    journey: Link
    step: Link
    solves: tuple[Link, ...]
    link: Link | None


@dataclass(frozen=True, slots=True)
class Group:
    """The opportunities of one status: `key` (the status, or `none`), `label`, `rows`,
    `count` (all of them, listed or not) and `more` (the words for those not listed, or none)."""

    key: str
    label: str
    rows: tuple[Row, ...]
    count: int
    more: str | None = None


def backlog_page(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    """The Opportunities page (see the module's docstring)."""
    templates = templates or package_templates()
    links = Links(PATH, directory_urls)
    found = sorted(
        entries(model),
        key=lambda entry: (GROUPS.index(group_of(entry.opportunity)), _rank(entry)),
    )  # stable: journeys by id and steps in order, within a status and priority
    groups = []
    for key in GROUPS:
        members = [entry for entry in found if group_of(entry.opportunity) == key]
        listed = members if key != "none" else members[:UNTRACKED_LISTED]
        rest = len(members) - len(listed)
        groups.append(
            Group(
                key,
                labels[f"backlog.status.{key}"],
                tuple(_row(entry, labels, links) for entry in listed),
                len(members),
                labels.count("backlog.more", rest) if rest else None,
            )
        )
    html = templates.render(
        "cjdocs/opportunities.html",
        {
            "groups": [group for group in groups if group.rows],
            "counts": [(group.key, group.label, group.count) for group in groups],
            "total": len(found),
            "priorities": [(name, labels[f"backlog.priority.{name}"]) for name in PRIORITY_NAMES],
            "labels": labels,
        },
    )
    return Page(PATH, labels["backlog.title"], (Section(None, html),))


def _row(entry: Entry, labels: Catalogue, links: Links) -> Row:
    opportunity = entry.opportunity
    name = opportunity.priority_name
    journey = entry.journey

    def at(step: Step) -> str:
        return links.definition("journeys", journey.id, f"step-{step.id}")

    return Row(
        priority=labels[f"backlog.priority.{name}"] if name else None,
        priority_key=name or "none",
        text=opportunity.text,
        identifier=opportunity.id,
        status=opportunity.status,
        owner=opportunity.owner,
        journey=Link(links.definition("journeys", journey.id), journey.name),
        step=Link(at(entry.step), entry.step.name),
        solves=tuple(Link(at(step), pain.text) for pain, step in entry.solves),
        link=Link(opportunity.link, _short(opportunity.link))
        if opportunity.link and safe_url(opportunity.link)
        else None,
    )


def _short(url: str) -> str:
    """An issue's address as a reader scans it: without its scheme (`github.com/o/r/issues/7`)."""
    return url.split("://", 1)[-1].rstrip("/")
