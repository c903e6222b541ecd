"""The generated pages: pure functions from the model to pages of sections.

A page is a title and a list of sections, each an optional heading (our own words, from
`labels`) and a block of HTML. This module decides what goes where (which sections, in which
order, which links, sorted how, which numbers); the HTML itself is written by the Jinja
templates in `templates/cjdocs/` (see `templates.py`), which escape every piece of definition
text they are given. The plugin puts the headings into the page's Markdown, so they feed the
table of contents and search, and the blocks in after Markdown has run; the Markdown export
writes the blocks inline. No I/O, no timestamps, everything in a stable order.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import (
    Channel,
    Journey,
    Model,
    Opportunity,
    Persona,
    Phase,
    Source,
    Step,
    Touchpoint,
    average_emotion,
)
from cjdocs.render import charts, searched, written
from cjdocs.render import compare as comparing
from cjdocs.render import map as grid
from cjdocs.render.format import average, emotion_key, signed
from cjdocs.render.map import Curve
from cjdocs.render.markup import Markup, description_html, safe_url
from cjdocs.render.templates import Templates, escaped, package_templates


@dataclass(frozen=True, slots=True)
class Section:
    heading: str | None
    html: Markup
    # False for what repeats text that search finds elsewhere (a journey's map grid and ways,
    # tables of steps on the other pages): Material's search leaves it out
    # (`data-search-exclude`), and the plugin puts it in after search has read the page (see
    # `set_apart`), so a step's words are indexed once, on its journey's page.
    searchable: bool = True
    # True for a long section of many tags (a journey's steps): search reads a stand-in of the
    # same words in fewer tags (`searched.stand_in`), and the plugin puts the section in
    # after search has read the page.
    stand_in: bool = False
    # The stand-in, where the section's writer made it with the HTML (`written.py`).
    searched_as: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # where the page stands among the docs, e.g. "journeys/laptop.md"
    title: str  # plain text
    sections: tuple[Section, ...]
    source: Source | None = None
    tags: tuple[str, ...] = ()
    # Diagrams by name: the HTML holds a placeholder for each (see `figure_placeholder`), so
    # that the plugin can put them in last, after search has indexed the page's text.
    figures: Mapping[str, str] = field(default_factory=dict)
    # Parts of Material's layout the page leaves out (front matter `hide`): a journey's page
    # gives the table of contents' room to its map.
    hide: tuple[str, ...] = ()
    # An index page's groups (definitions by persona, channel, ...), which the navigation
    # lists where the definitions themselves are too many.
    groups: tuple[Group, ...] = ()
    # What search reads where a figure goes in later (see `Section.stand_in`), by figure.
    stand_ins: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Group:
    """A group of definitions on an index page: the `anchor` of its heading, its `name`, and
    how many definitions it holds (`count`)."""

    anchor: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Diagrams:
    """The SVG of each diagram, by journey id; missing ones are simply not shown."""

    flows: Mapping[str, str] = field(default_factory=dict)
    funnels: Mapping[str, str] = field(default_factory=dict)
    network: str | None = None
    # By channel id: the channel's touchpoints and their strongest links, on its own page
    # (drawn where the network is too large to draw whole).
    channel_networks: Mapping[str, str] = field(default_factory=dict)
    # The journeys' flows, maps, funnels and ways are made after their pages (`Late`), not here.
    late: bool = False


@dataclass(frozen=True, slots=True)
class Late:
    """A part of a journey's page that search never reads, held in its figures to be made
    after the page (`assemble.LateParts`): its flow diagram, map, funnel or ways (`kind`),
    the same HTML `journey_page` makes in their place otherwise. A build of many journeys
    makes them while MkDocs renders the pages, on the cores MkDocs leaves idle."""

    kind: str  # one of LATE_KINDS
    journey: str  # the journey's id


LATE_KINDS = ("flow", "map", "funnel", "ways")


# -- addresses ---------------------------------------------------------------------------------


def page_path(kind: str, identifier: str | None = None) -> str:
    """The docs path of a generated page: `journeys/index.md`, `journeys/laptop.md`, `insights.md`."""
    if kind == "insights":
        return "insights.md"
    return f"{kind}/{identifier}.md" if identifier else f"{kind}/index.md"


def comparison_path(identifier: str) -> str:
    """The docs path of the page comparing a journey with those it names (`compare:`): beside
    the journeys' pages, in a folder no journey's page can take."""
    return f"journeys/compare/{identifier}.md"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of a page's docs path, relative to the site root, as MkDocs makes it."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@functools.lru_cache(maxsize=4096)
def _to_root(path: str, directory_urls: bool) -> str:
    """The climb from the page at `path` to the site root (`../../`)."""
    return "../" * page_url(path, directory_urls).count("/")


@dataclass(frozen=True, slots=True)
class Links:
    """Relative links from one generated page to others."""

    here: str  # the docs path of the page the links are written on
    directory_urls: bool = True

    def to(self, path: str, anchor: str | None = None) -> str:
        fragment = f"#{anchor}" if anchor else ""
        if path == self.here:
            # The page itself: its folder with folder URLs, its file's name with file URLs.
            own = "./" if self.directory_urls else page_url(path, False).rsplit("/", 1)[-1]
            return fragment or own
        # Every generated URL is relative to the site root: climb to it, then go down.
        root = _to_root(self.here, self.directory_urls)
        return (root + page_url(path, self.directory_urls) or "./") + fragment

    def definition(self, kind: str, identifier: str, anchor: str | None = None) -> str:
        return self.to(page_path(kind, identifier), anchor)


# -- what templates receive -----------------------------------------------------------------------
#
# Templates get plain values: text (escaped by the template), HTML that is safe already
# (`Markup`: a `description`, a fragment rendered before), and the small records below. Which
# values each template receives is listed at its top and in docs/guide/6-templates.md.


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    text: str


@dataclass(frozen=True, slots=True)
class Emotion:
    """An emotion as a badge shows it: `key` names its colour (m2, m1, 0, 1, 2), `text` says it."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class Onward:
    """Where a step leads: the step it goes to, and the condition of a branch."""

    condition: str | None
    target: Link


@dataclass(frozen=True, slots=True)
class MapLane:
    """A row of the journey map: its `name` (the key of the steps' `cells`), its `label`, and
    for the emotion lane the scale beside the curve (`axis`, SVG)."""

    name: str
    label: str
    axis: Markup | None = None


@dataclass(frozen=True, slots=True)
class TouchpointUse:
    touchpoint: Link
    channel: str


@dataclass(frozen=True, slots=True)
class SupportUse:
    """An entry of a step's support lane: what is done (text or none), and the system that does
    it (a link to its page, or none)."""

    text: str | None
    system: Link | None


def support_uses(step: Step, links: Links) -> list[SupportUse]:
    return [
        SupportUse(
            entry.text,
            Link(links.definition("systems", entry.system.id), entry.system.name)
            if entry.system
            else None,
        )
        for entry in step.support
    ]


@dataclass(frozen=True, slots=True)
class MapEmotion:
    """A step's emotion in the map: `emotion` (badge, or none), `curve` (the lane's drawing in
    the step's column, SVG) and `gauge` (the small gauge of a step card, SVG, or none)."""

    emotion: Emotion | None
    curve: Markup
    gauge: Markup | None


@dataclass(frozen=True, slots=True)
class MapFeeling:
    feeling: str | None
    thoughts: str | None


@dataclass(frozen=True, slots=True)
class MapReach:
    """A step's reach as written, and how it changed from the step its customers come from
    (`change`, none where that cannot be said)."""

    reach: str
    change: str | None


@dataclass(frozen=True, slots=True)
class MapStep:
    """A step's column in the map, a card on a phone. `anchor`: the card's id; `number`: the
    step's place in the journey's file; `conditions`: the conditions of the branches that
    alone lead to it; `cells`: by lane name, what the step puts into each lane shown;
    `start` and `end`: the journey starts, or may end, here."""

    anchor: str
    number: int
    link: Link
    conditions: tuple[str, ...]
    cells: Mapping[str, object]
    start: bool = False
    end: bool = False


@dataclass(frozen=True, slots=True)
class MapPhase:
    """A phase header and its steps. On screen a header spans `span` columns (the whole
    phase); printed, `count` (the part of the phase on that page; `continued` when the
    phase began on the page before)."""

    phase: Link
    goal: str | None
    span: int
    count: int
    continued: bool
    steps: tuple[MapStep, ...]


@dataclass(frozen=True, slots=True)
class MapPage:
    """The columns printed on one page: `count` of them, in `phases`."""

    count: int
    phases: tuple[MapPhase, ...]


@dataclass(frozen=True, slots=True)
class CoverageRow:
    channel: Link
    counts: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class CoverageGroup:
    type: str
    channels: tuple[CoverageRow, ...]


@dataclass(frozen=True, slots=True)
class LowPoint:
    emotion: Emotion
    step: Link
    journey: Link
    phase: Link
    feeling: str | None


@dataclass(frozen=True, slots=True)
class Note:
    kind: str  # pain_points or opportunities
    text: str
    step: Link
    journey: Link
    phase: Link
    status: str | None = None  # an opportunity's, where it has one


@dataclass(frozen=True, slots=True)
class ComparedRow:
    """A journey's row under a comparison: `key` (its line's number), `swatch` (its line, SVG),
    `averages` (per phase, as text) and `whole` (over all its steps)."""

    key: int
    swatch: Markup
    journey: Link
    persona: Link
    state: str
    averages: tuple[str, ...]
    whole: str


# -- what the pages look up, once per build ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Uses:
    """Where each definition is used, found in one pass over the steps: the pages look here
    instead of walking every journey again for each persona, phase and touchpoint, which made
    a build grow with the square of the repository."""

    at: Mapping[str, tuple[tuple[Journey, Step], ...]]  # touchpoint id -> (journey, step)
    within: Mapping[str, tuple[tuple[Journey, Step], ...]]  # phase id -> (journey, step)
    journeys: Mapping[str, tuple[Journey, ...]]  # persona id -> journeys


_USES: list[tuple[Model, Uses]] = []


def uses(model: Model) -> Uses:
    """The uses of `model`'s definitions (kept for the last model asked about)."""
    if _USES and _USES[0][0] is model:
        return _USES[0][1]
    at: dict[str, list] = defaultdict(list)
    within: dict[str, list] = defaultdict(list)
    journeys: dict[str, list] = defaultdict(list)
    for journey in model.journeys:
        journeys[journey.persona.id].append(journey)
        for step in journey.steps:
            within[step.phase.id].append((journey, step))
            for touchpoint in dict.fromkeys(tp.id for tp in step.touchpoints):
                at[touchpoint].append((journey, step))
    found = Uses(
        {key: tuple(value) for key, value in at.items()},
        {key: tuple(value) for key, value in within.items()},
        {key: tuple(value) for key, value in journeys.items()},
    )
    _USES[:] = [(model, found)]
    return found


# -- small pieces ------------------------------------------------------------------------------


def _link(
    links: Links, kind: str, definition: Phase | Persona | Touchpoint | Channel | Journey
) -> Link:
    return Link(links.definition(kind, definition.id), definition.name)


def _step_link(links: Links, journey: Journey, step: Step) -> Link:
    return Link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name)


def _web_address(url: str | None) -> Link | str | None:
    """A definition's `url` as its page shows it: a link where a browser may follow it, else
    the address as text (a `javascript:` address is never a link)."""
    return Link(url, url) if url and safe_url(url) else url


def _description(text: str | None) -> Markup | None:
    return description_html(text) if text else None


def emotion(value: int | None, labels: Catalogue) -> Emotion | None:
    """An emotion as a badge shows it: its value and word (colour is never alone)."""
    if value is None:
        return None
    return Emotion(emotion_key(value), f"{signed(value)} {labels[f'emotion.{value}']}")


def figure_placeholder(name: str) -> str:
    return f'<div data-cj-figure="{name}"></div>'


def _figure(
    templates: Templates,
    figures: dict[str, str],
    name: str,
    svg: str | None,
    *,
    scrolls: bool = False,
    label: str | None = None,
    full_size: str | None = None,
    labels: Catalogue | None = None,
) -> Markup:
    """A figure for a diagram, holding a placeholder that `fill_figures` replaces.

    A figure that may scroll sideways can take the keyboard's focus, so that it can be
    scrolled without a mouse; it is named by `label`, or with `scrolls` by the diagram's
    title. With `full_size` (the link's words), a link opens the diagram over the whole
    window, and another closes it.
    """
    if not svg:
        return Markup("")
    figures[name] = svg
    return templates.render(
        "cjdocs/figure.html",
        {
            "name": name,
            "placeholder": Markup(figure_placeholder(name)),
            "label": label or (_svg_title(svg) if scrolls else None),
            "full_size": full_size,
            "close": labels["figure.close"] if full_size and labels else None,
        },
    )


def _svg_title(svg: str) -> str:
    import html

    start = svg.find(">", svg.find("<title")) + 1
    return html.unescape(svg[start : svg.find("</title>", start)])


def set_apart(page: Page) -> Page:
    """The page with each section search should not read (`searchable=False`) moved into its
    figures: the section holds a placeholder inside `<div data-search-exclude>`, filled in
    as the diagrams are. Search then neither reads nor indexes repeated text, which was most
    of a build's time and of the search index's weight. A section search reads through a
    stand-in (`stand_in=True`) moves into the figures too, with its stand-in beside it."""
    if all(
        (section.searchable and not section.stand_in) or not section.html
        for section in page.sections
    ):
        return page
    figures = dict(page.figures)
    stand_ins = dict(page.stand_ins)
    sections = []
    for number, section in enumerate(page.sections):
        if (section.searchable and not section.stand_in) or not section.html:
            sections.append(section)
            continue
        name = f"part-{number}"
        if isinstance(section.html, Late):
            figures[name] = section.html  # made later; it holds no figure of its own
            apart = Markup(f"<div data-search-exclude>{figure_placeholder(name)}</div>")
            sections.append(Section(section.heading, apart))
            continue
        html = str(section.html)
        light = None
        if section.searchable:
            light = (
                section.searched_as if section.searched_as is not None else searched.stand_in(html)
            )
        if section.searchable and light is None:
            sections.append(section)  # search reads it as it is
            continue
        for name in [name for name in figures if figure_placeholder(name) in html]:
            html = html.replace(figure_placeholder(name), figures.pop(name), 1)
        name = f"part-{number}"
        figures[name] = html
        if light is None:
            apart = Markup(f"<div data-search-exclude>{figure_placeholder(name)}</div>")
        else:
            stand_ins[name] = light
            apart = Markup(figure_placeholder(name))
        sections.append(Section(section.heading, apart))
    return replace(page, sections=tuple(sections), figures=figures, stand_ins=stand_ins)


def fill_figures(html: str, figures: Mapping[str, str]) -> str:
    for name, svg in figures.items():
        html = html.replace(figure_placeholder(name), svg, 1)
    return html


def _index_table(
    templates: Templates,
    labels: Catalogue,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    empty: str | None = None,
) -> Markup:
    """An index table of the rows; with `empty`, a sentence saying so where there are none."""
    rows = list(rows)
    shipped = templates.shipped("cjdocs/index-table.html", "cjdocs/macros.html")
    if shipped and all(type(cell) in _PLAIN for row in rows for cell in row):
        return _plain_table(headers, rows, empty)
    return templates.render(
        "cjdocs/index-table.html",
        {"headers": list(headers), "rows": rows, "empty": empty, "labels": labels},
    )


# The cells `_plain_table` writes as `index-table.html` does.
_PLAIN = frozenset({Link, str, Markup, type(None), Emotion})


def _plain_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], empty: str | None
) -> Markup:
    """What `index-table.html` writes for cells of links, text, emotions and nothing, written
    here: a phase's table lists every step of it, thousands of cells, and Jinja took five
    times as long (tests/test_pages.py holds the two to the same HTML)."""
    if not rows and empty is not None:
        return Markup(f"<p>{escaped(empty)}</p>")
    out = ['<table class="cj-index"><thead><tr>']
    out += [f"<th>{escaped(header)}</th>" for header in headers]
    out.append("</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>")
        for cell in row:
            if isinstance(cell, Link):
                cell = f'<a href="{escaped(cell.href)}">{escaped(cell.text)}</a>'
            elif isinstance(cell, Emotion):
                cell = (
                    f'<span class="cj-emotion cj-emotion-{escaped(cell.key)}">'
                    f"{escaped(cell.text)}</span>"
                )
            else:
                cell = escaped(cell) if cell is not None else ""
            out.append(f"    <td>{cell}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return Markup("".join(out))


# Past this many rows an index page groups its table (by persona, channel, type or initial),
# each group under a heading that says how many it holds: the navigation's default limit.
GROUPED_PAST = 40


def _grouped_table(
    templates: Templates,
    labels: Catalogue,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    keys: Sequence[tuple[str, str]],
) -> tuple[Markup, tuple[Group, ...]]:
    """The index table of the rows; past `GROUPED_PAST` rows, a table per group, the groups
    in the order of their first row, each under a heading with its count. `keys` gives each
    row's group: an anchor and a name."""
    if len(rows) <= GROUPED_PAST:
        return _index_table(templates, labels, headers, rows), ()
    members: dict[tuple[str, str], list[Sequence[object]]] = {}
    for key, row in zip(keys, rows, strict=True):
        members.setdefault(key, []).append(row)
    groups = tuple(Group(anchor, name, len(found)) for (anchor, name), found in members.items())
    html = templates.render(
        "cjdocs/index-groups.html",
        {
            "groups": [
                (
                    group,
                    labels["index.group"].format(name=group.name, count=labels.number(group.count)),
                    _index_table(templates, labels, headers, found),
                )
                for group, found in zip(groups, members.values(), strict=True)
            ],
            "labels": labels,
        },
    )
    return html, groups


def _initial(name: str) -> tuple[str, str]:
    """A name's group by its first letter: the anchor and the letter."""
    letter = (name.strip()[:1] or "#").upper()
    return f"cj-group-letter-{ord(letter):x}", letter


def _link_list(templates: Templates, labels: Catalogue, links: Iterable[Link]) -> Markup:
    return templates.render(
        "cjdocs/link-list.html", {"links": list(links), "empty": labels["none"], "labels": labels}
    )


# -- the journey -------------------------------------------------------------------------------


def journey_page(
    journey: Journey,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
    templates: Templates | None = None,
    print_size: str = "A4",
    comparisons: Sequence[comparing.ComparedSet] = (),
) -> Page:
    """A journey's page. `comparisons`: the sets of journeys compared (`compare:`) that it is
    one of, linked from its summary."""
    templates = templates or package_templates()
    path = page_path("journeys", journey.id)
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    summary = templates.render(
        "cjdocs/journey-summary.html",
        {
            "compared": [
                Link(
                    links.to(comparison_path(compared.identifier)),
                    labels["compare.title"].format(name=compared.journeys[0].name),
                )
                for compared in comparisons
            ],
            "journey": journey,
            "persona": _link(links, "personas", journey.persona),
            "state": labels[f"state.{journey.state}"],
            "phases": [_link(links, "phases", phase) for phase in journey.phases],
            "average_emotion": average(journey.average_emotion, labels),
            "description": _description(journey.description),
            "labels": labels,
        },
    )
    # Search reads the summary's list through a stand-in too (see `set_apart`).
    sections = [Section(None, summary, stand_in=True)]
    late = diagrams.late
    sections.append(
        Section(
            labels["journey_map"],
            Late("map", journey.id)
            if late
            else journey_map(journey, labels, links, templates, print_size=print_size),
            searchable=False,
        )
    )
    if journey.has_blueprint:
        # (imported here: the blueprint builds on this module's records)
        from cjdocs.render.blueprint import journey_blueprint

        sections.append(
            Section(
                labels["blueprint"],
                journey_blueprint(journey, labels, links, templates, print_size=print_size),
            )
        )
    flow = Late("flow", journey.id) if late else diagrams.flows.get(journey.id)
    sections.append(
        Section(
            labels["flow"],
            _figure(
                templates,
                figures,
                "flow",
                flow,
                label=labels["flow.title"].format(name=journey.name),
                full_size=labels["figure.full_size"],
                labels=labels,
            ),
        )
    )
    sections.append(_steps(journey, labels, links, templates))
    if journey.has_reach and (late or journey.id in diagrams.funnels):
        sections.append(
            Section(
                labels["funnel"],
                _figure(
                    templates,
                    figures,
                    "funnel",
                    Late("funnel", journey.id) if late else diagrams.funnels[journey.id],
                    label=labels["funnel.title"].format(name=journey.name),
                ),
            )
        )
    sections.append(
        Section(
            labels["ways"],
            Late("ways", journey.id) if late else ways(journey, labels, links, templates),
            searchable=False,
        )
    )
    edit = edit_url(journey.source)
    if edit and safe_url(edit):
        sections.append(
            Section(
                None, templates.render("cjdocs/edit-link.html", {"href": edit, "labels": labels})
            )
        )
    return Page(
        path, journey.name, tuple(sections), journey.source, journey.tags, figures, hide=("toc",)
    )


# The lanes of the journey map, top to bottom; a lane no step fills is left out (the step
# lane never is).
LANES = (
    "step",
    "action",
    "touchpoints",
    "emotion",
    "feeling",
    "pain_points",
    "opportunities",
    "backstage",
    "reach",
    "duration",
)


def map_anchor(step: Step) -> str:
    """The id of a step's column in the map (its card on a phone)."""
    return f"cj-map-{step.id}"


def _map_cells(
    step: Step,
    column: int,
    curve: Curve | None,
    before: list[Step],
    labels: Catalogue,
    links: Links,
) -> dict[str, object]:
    """What one step puts into each lane; a lane's value is empty (None, or an empty list)
    where the step has nothing for it."""
    reach = None
    if step.reach is not None:
        # The funnel's words for the change; none where there is no one step to compare with.
        change, _ = charts.change_from(before, step.reach, labels)
        reach = MapReach(labels.number(step.reach), None if change == charts.NO_SHARE else change)
    return {
        "action": step.action,
        "touchpoints": [
            TouchpointUse(_link(links, "touchpoints", touchpoint), touchpoint.channel.name)
            for touchpoint in step.touchpoints
        ],
        "emotion": MapEmotion(
            emotion(step.emotion, labels),
            Markup(charts.lane_cell(curve, column, f"cj-lane-{step.id}")),
            Markup(charts.emotion_gauge(step.emotion)) if step.emotion is not None else None,
        )
        if curve is not None
        else None,
        "feeling": MapFeeling(step.feeling, step.thoughts)
        if step.feeling or step.thoughts
        else None,
        "pain_points": [pain.text for pain in step.pain_points],
        "opportunities": list(step.opportunities),
        "backstage": list(step.backstage),
        "reach": reach,
        "duration": step.duration,
    }


def _opportunity_line(opportunity: Opportunity, labels: Catalogue) -> str:
    """An opportunity as one line of text: its text, and its status where it has one."""
    if opportunity.status is None:
        return opportunity.text
    return f"{opportunity.text} · {labels[f'backlog.status.{opportunity.status}']}"


# The emotion lane prints at nine tenths of its size on screen (styles/cjdocs.css).
PRINTED_CURVE = 0.9 * 25.4 / 96


def _print_lanes(
    placed: tuple[grid.Column, ...],
    steps: list[MapStep],
    lanes: list[MapLane],
    curve: Curve | None,
    title: str,
    labels: Catalogue,
) -> tuple[grid.PrintLane, ...]:
    """The map's text, lane by lane, for estimating how high it prints (`map.print_columns`);
    the phase headers' row first, the map's name in its corner."""

    def texts(lane: str, step: MapStep) -> tuple[str, ...]:
        value = step.cells.get(lane)
        if lane == "step":
            tags = " Start" * step.start + " End" * step.end
            return (
                f"{step.number}. {step.link.text}{tags}",
                *(f"↳ if “{c}”" for c in step.conditions),
            )
        if not value:
            return ()
        if lane == "touchpoints":
            return tuple(f"{use.touchpoint.text} · {use.channel}" for use in value)
        if lane == "feeling":
            return (f"{value.feeling or ''} “{value.thoughts or ''}”",)
        if lane == "reach":
            return (value.reach, value.change) if value.change else (value.reach,)
        if lane == "opportunities":
            return tuple(_opportunity_line(item, labels) for item in value)
        return tuple(value) if isinstance(value, list) else (value,)

    phases = tuple(
        (column.step.phase.name, column.step.phase.customer_goal or "") for column in placed
    )
    printed = [grid.PrintLane(title, phases)]
    for lane in lanes:
        if lane.name == "emotion":
            height = curve.height * PRINTED_CURVE if curve else 0.0
            printed.append(grid.PrintLane(lane.label, (), fixed=height))
        else:
            printed.append(
                grid.PrintLane(
                    lane.label,
                    tuple(texts(lane.name, step) for step in steps),
                    listed=lane.name
                    in ("touchpoints", "pain_points", "opportunities", "backstage"),
                )
            )
    return tuple(printed)


def journey_map(
    journey: Journey,
    labels: Catalogue,
    links: Links,
    templates: Templates | None = None,
    *,
    print_size: str = "A4",
) -> Markup:
    """The grid: one column per step under its phase's header, one lane (row) per kind of
    entry, the emotion lane drawn as the curve (numbers from `map.py`); on a phone a list of
    step cards under a compact curve. A lane no step fills is left out. Written in Python
    where the team keeps the shipped template (`written.py`)."""
    values = map_values(journey, labels, links, print_size=print_size)
    templates = templates or package_templates()
    if templates.shipped(*written.MAP_TEMPLATES):
        return written.journey_map(values)
    return templates.render("cjdocs/journey-map.html", values)


def map_values(
    journey: Journey, labels: Catalogue, links: Links, *, print_size: str = "A4"
) -> dict[str, object]:
    """What `journey-map.html` receives."""
    placed = grid.columns(journey)
    curve = grid.curve(journey, placed)
    number = {step.id: position for position, step in enumerate(journey.steps, 1)}
    before = charts.steps_before(journey)
    steps = [
        MapStep(
            map_anchor(column.step),
            number[column.step.id],
            Link(links.to(links.here, f"step-{column.step.id}"), column.step.name),
            column.conditions,
            _map_cells(column.step, column.index, curve, before[column.step.id], labels, links),
            start=column.step.id == journey.start.id,
            end=column.step.ends,
        )
        for column in placed
    ]
    shown = ["step"] + [lane for lane in LANES[1:] if any(step.cells[lane] for step in steps)]
    lanes = [
        MapLane(
            lane,
            labels[f"lane.{lane}"],
            Markup(charts.lane_axis(curve)) if lane == "emotion" and curve else None,
        )
        for lane in shown
    ]
    spans = {span.phase.id: span for span in grid.phase_spans(placed)}
    title = labels["map.title"].format(name=journey.name)
    columns = grid.print_columns(
        _print_lanes(placed, steps, lanes, curve, title, labels), print_size
    )
    pages = [
        MapPage(
            page.count,
            tuple(
                MapPhase(
                    _link(links, "phases", piece.phase),
                    piece.phase.customer_goal,
                    spans[piece.phase.id].count,
                    piece.count,
                    piece.continued,
                    tuple(steps[piece.first : piece.first + piece.count]),
                )
                for piece in page.pieces
            ),
        )
        for page in grid.print_pages(tuple(spans.values()), columns)
    ]
    compact = (
        Markup(
            charts.compact_curve(
                journey,
                placed,
                grid.curve(journey, placed, grid.COMPACT),
                lambda step: f"#{map_anchor(step)}",
                labels,
            )
        )
        if curve
        else None
    )
    return {
        "journey": journey,
        "label": title,
        "count": len(steps),
        "print_columns": columns,
        "lanes": lanes,
        "pages": pages,
        "compact": compact,
        "print_size": print_size.lower(),
        "labels": labels,
    }


def _steps(journey: Journey, labels: Catalogue, links: Links, templates: Templates) -> Section:
    """A journey's steps in detail, each as `step.html` writes it (in Python where the team
    keeps the shipped template: `written.py`), read by search through a stand-in."""
    values = [
        _step_values(journey, step, number, labels, links)
        for number, step in enumerate(journey.steps, 1)
    ]
    if not templates.shipped(*written.STEP_TEMPLATES):
        html = Markup("\n").join(templates.render("cjdocs/step.html", each) for each in values)
        return Section(labels["steps"], html, stand_in=True)
    readings = [written.step(each) for each in values]
    html = Markup("\n").join(html for html, _ in readings)
    stand_ins = [reading.stand_in() for _, reading in readings]
    light = None if None in stand_ins else "\n".join(stand_ins)
    return Section(labels["steps"], html, stand_in=True, searched_as=light)


def _step_values(
    journey: Journey, step: Step, number: int, labels: Catalogue, links: Links
) -> dict[str, object]:
    """What `step.html` receives."""
    return {
        "step": step,
        "number": number,
        "anchor": f"step-{step.id}",
        "phase": _link(links, "phases", step.phase),
        "touchpoints": [_link(links, "touchpoints", tp) for tp in step.touchpoints],
        "emotion": emotion(step.emotion, labels),
        "reach": labels.number(step.reach) if step.reach is not None else None,
        "support": support_uses(step, links),
        "ways": [
            Onward(
                way.condition,
                Link(links.to(links.here, f"step-{way.target}"), journey.step(way.target).name),
            )
            for way in step.ways
        ]
        if not step.ends
        else [],
        "labels": labels,
    }


def ways(journey: Journey, labels: Catalogue, links: Links, templates: Templates) -> Markup:
    """Every way from the journey's start to an end, as lists of linked steps."""
    paths, cut = journey.paths()
    return templates.render(
        "cjdocs/ways.html",
        {
            "ways": [
                [Link(links.to(links.here, f"step-{step.id}"), step.name) for step in path]
                for path in paths
            ],
            "cut": labels["ways.cut"].format(count=len(paths)) if cut else None,
            "labels": labels,
        },
    )


# -- comparisons -------------------------------------------------------------------------------


def _comparison(
    journeys: Sequence[Journey],
    labels: Catalogue,
    links: Links,
    templates: Templates,
    figures: dict[str, str],
    *,
    note: str | None = None,
) -> Markup:
    """The emotion lines of the journeys over their phases (see `compare.py`), in a figure that
    scrolls sideways on a narrow screen, and their average emotion per phase beneath."""
    compared = comparing.comparison(journeys)
    svg = comparing.comparison_svg(
        compared,
        labels,
        identifier=page_url(links.here).strip("/").replace("/", "-") or "index",
        step_href=lambda journey, step: links.definition("journeys", journey.id, f"step-{step.id}"),
    )
    names = ", ".join(line.journey.name for line in compared.lines)
    rows = [
        ComparedRow(
            line.key,
            Markup(comparing.swatch(line.style)),
            _link(links, "journeys", line.journey),
            _link(links, "personas", line.journey.persona),
            labels[f"state.{line.journey.state}"],
            tuple(average(value, labels) for value in line.averages),
            average(line.journey.average_emotion, labels),
        )
        for line in compared.lines
    ]
    return templates.render(
        "cjdocs/comparison.html",
        {
            "figure": _figure(
                templates,
                figures,
                "compare",
                svg,
                label=labels["compare.chart"].format(names=names),
            ),
            "phases": [_link(links, "phases", phase) for phase in compared.phases],
            "rows": rows,
            "note": note,
            "labels": labels,
        },
    )


def comparison_page(
    compared: comparing.ComparedSet,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    """A journey compared with the journeys it names (`compare:`)."""
    templates = templates or package_templates()
    path = comparison_path(compared.identifier)
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    block = _comparison(compared.journeys, labels, links, templates, figures)
    title = labels["compare.title"].format(name=compared.journeys[0].name)
    return Page(
        path,
        title,
        (Section(None, block),),
        compared.journeys[0].source,
        figures=figures,
        hide=("toc",),
    )


def _comparisons_list(
    model: Model, labels: Catalogue, links: Links, templates: Templates
) -> Markup | None:
    """Links to every comparison: the pages of the journeys that name others, and the
    comparisons on the personas' pages; None when there is none."""
    found = [
        Link(
            links.to(comparison_path(compared.identifier)),
            labels["compare.title"].format(name=compared.journeys[0].name),
        )
        for compared in comparing.named_sets(model)
    ]
    found += [
        Link(
            links.definition("personas", persona.id, "cj-compare"),
            labels["compare.persona"].format(name=persona.name),
        )
        for persona in model.personas
        if comparing.persona_journeys(model, persona)[0]
    ]
    return _link_list(templates, labels, found) if found else None


# -- indexes and the other kinds -----------------------------------------------------------------


def journeys_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    path = page_path("journeys")
    links = Links(path, directory_urls)
    # Grouped by persona past `GROUPED_PAST`; a short list keeps the order of the files.
    place = {persona.id: number for number, persona in enumerate(model.personas)}
    journeys = (
        sorted(model.journeys, key=lambda journey: place[journey.persona.id])
        if len(model.journeys) > GROUPED_PAST
        else model.journeys
    )
    rows = [
        (
            _link(links, "journeys", journey),
            _link(links, "personas", journey.persona),
            [_link(links, "phases", phase) for phase in journey.phases],
            str(len(journey.steps)),
            average(journey.average_emotion, labels),
            labels[f"state.{journey.state}"],
        )
        for journey in journeys
    ]
    headers = (
        labels["journey"],
        labels["persona"],
        labels["phases"],
        labels["steps"],
        labels["average_emotion"],
        labels["state"],
    )
    templates = templates or package_templates()
    keys = [(f"cj-group-persona-{j.persona.id}", j.persona.name) for j in journeys]
    table, groups = _grouped_table(templates, labels, headers, rows, keys)
    sections = [Section(None, table, searchable=False)]
    comparisons = _comparisons_list(model, labels, links, templates)
    if comparisons:
        sections.append(Section(labels["compare.all"], comparisons))
    return Page(path, labels["journeys"], tuple(sections), groups=groups)


def _simple_index(
    kind: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    labels: Catalogue,
    templates: Templates | None,
    keys: Sequence[tuple[str, str]],
) -> Page:
    """An index page: one table, grouped by `keys` (see `_grouped_table`) when it is long."""
    table, groups = _grouped_table(
        templates or package_templates(), labels, headers, list(rows), keys
    )
    return Page(page_path(kind), title, (Section(None, table, searchable=False),), groups=groups)


def personas_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("personas"), directory_urls)
    return _simple_index(
        "personas",
        labels["personas"],
        (labels["persona"], labels["summary"], labels["journeys"]),
        (
            (
                _link(links, "personas", p),
                p.summary or "",
                str(len(uses(model).journeys.get(p.id, ()))),
            )
            for p in model.personas
        ),
        labels,
        templates,
        [_initial(p.name) for p in model.personas],
    )


def persona_page(
    persona: Persona,
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    templates = templates or package_templates()
    path = page_path("personas", persona.id)
    links = Links(path, directory_urls)
    card = templates.render(
        "cjdocs/persona-card.html",
        {
            "persona": persona,
            "channels": [_link(links, "channels", channel) for channel in persona.channels],
            "description": _description(persona.description),
            "labels": labels,
        },
    )
    journeys = uses(model).journeys.get(persona.id, ())
    pains = [
        (text, _link(links, "journeys", journey), _step_link(links, journey, step))
        for journey in journeys
        for step in journey.steps
        for text in (pain.text for pain in step.pain_points)
    ]
    figures: dict[str, str] = {}
    compared, total = comparing.persona_journeys(model, persona)
    comparison = (
        Section(
            labels["compare"],
            _comparison(
                compared,
                labels,
                links,
                templates,
                figures,
                note=labels["compare.first"].format(shown=len(compared), total=total)
                if total > len(compared)
                else None,
            ),
            searchable=False,
        )
        if compared
        else None
    )
    sections = (
        Section(None, card),
        Section(
            labels["journeys"],
            _link_list(templates, labels, (_link(links, "journeys", j) for j in journeys)),
        ),
        *([comparison] if comparison else []),
        Section(
            labels["pain_points_all"],
            _index_table(
                templates,
                labels,
                (labels["pain_points"], labels["journey"], labels["step"]),
                pains,
                labels["none"],
            ),
            searchable=False,
        ),
    )
    return Page(path, persona.name, sections, persona.source, persona.tags, figures)


def phases_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("phases"), directory_urls)
    counts = {phase.id: len(uses(model).within.get(phase.id, ())) for phase in model.phases}
    return _simple_index(
        "phases",
        labels["phases"],
        (labels["phase"], labels["customer_goal"], labels["business_goal"], labels["steps"]),
        (
            (
                _link(links, "phases", p),
                p.customer_goal or "",
                p.business_goal or "",
                str(counts[p.id]),
            )
            for p in model.phases
        ),
        labels,
        templates,
        [_initial(p.name) for p in model.phases],
    )


def phase_page(
    phase: Phase,
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    templates = templates or package_templates()
    path = page_path("phases", phase.id)
    links = Links(path, directory_urls)
    intro = templates.render(
        "cjdocs/phase-summary.html",
        {"phase": phase, "description": _description(phase.description), "labels": labels},
    )
    steps = uses(model).within.get(phase.id, ())
    used = {tp.id: tp for _, step in steps for tp in step.touchpoints}
    sections = (
        Section(None, intro),
        Section(
            labels["steps"],
            _phase_steps(steps, labels, links, templates),
            searchable=False,
        ),
        Section(
            labels["used_touchpoints"],
            _link_list(
                templates,
                labels,
                (
                    _link(links, "touchpoints", tp)
                    for tp in sorted(used.values(), key=lambda tp: tp.id)
                ),
            ),
        ),
    )
    return Page(path, phase.name, sections, phase.source, phase.tags)


# Past this many steps a phase's page lists its journeys, not every step: with a thousand
# journeys a phase held four thousand steps, a page of a megabyte, larger with every journey.
PHASE_ROWS = 200


def _phase_steps(
    steps: Sequence[tuple[Journey, Step]], labels: Catalogue, links: Links, templates: Templates
) -> Markup:
    """The steps in a phase, each with its journey and emotion; past `PHASE_ROWS`, each
    journey with how many of its steps are in the phase, their average emotion and the lowest
    of them (the first of the lowest), under a sentence saying so."""
    if len(steps) <= PHASE_ROWS:
        rows = [
            (
                _link(links, "journeys", journey),
                _step_link(links, journey, step),
                emotion(step.emotion, labels),
            )
            for journey, step in steps
        ]
        headers = (labels["journey"], labels["step"], labels["emotion"])
        return _index_table(templates, labels, headers, rows, labels["none"])
    by_journey: dict[str, tuple[Journey, list[Step]]] = {}
    for journey, step in steps:
        by_journey.setdefault(journey.id, (journey, []))[1].append(step)
    rows = []
    for journey, found in by_journey.values():
        felt = [step for step in found if step.emotion is not None]
        lowest = min(felt, key=lambda step: step.emotion) if felt else None
        rows.append(
            (
                _link(links, "journeys", journey),
                labels.number(len(found)),
                average(average_emotion(found), labels),
                _step_link(links, journey, lowest) if lowest else None,
                emotion(lowest.emotion, labels) if lowest else None,
            )
        )
    headers = (
        labels["journey"],
        labels["phase.journeys.steps"],
        labels["average_emotion"],
        labels["phase.journeys.lowest"],
        labels["emotion"],
    )
    note = labels["phase.journeys.summary"].format(
        steps=labels.count("count.steps", len(steps)),
        journeys=labels.count("count.journeys", len(by_journey)),
    )
    return _summary(templates, note, _index_table(templates, labels, headers, rows))


def touchpoints_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("touchpoints"), directory_urls)
    # Grouped by channel past `GROUPED_PAST`; a short list keeps the order of the files.
    place = {channel.id: number for number, channel in enumerate(model.channels)}
    touchpoints = (
        sorted(model.touchpoints, key=lambda tp: place[tp.channel.id])
        if len(model.touchpoints) > GROUPED_PAST
        else model.touchpoints
    )
    rows = []
    for tp in touchpoints:
        found = uses(model).at.get(tp.id, ())
        rows.append(
            (
                _link(links, "touchpoints", tp),
                _link(links, "channels", tp.channel),
                tp.owner or "",
                str(len(found)),
                average(average_emotion(step for _, step in found), labels),
            )
        )
    headers = (
        labels["touchpoint"],
        labels["channel"],
        labels["owner"],
        labels["steps"],
        labels["average_emotion"],
    )
    keys = [(f"cj-group-channel-{tp.channel.id}", tp.channel.name) for tp in touchpoints]
    return _simple_index(
        "touchpoints", labels["touchpoints"], headers, rows, labels, templates, keys
    )


def touchpoint_page(
    touchpoint: Touchpoint,
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    templates = templates or package_templates()
    path = page_path("touchpoints", touchpoint.id)
    links = Links(path, directory_urls)
    used = uses(model).at.get(touchpoint.id, ())
    url = _web_address(touchpoint.url)
    intro = templates.render(
        "cjdocs/touchpoint-summary.html",
        {
            "touchpoint": touchpoint,
            "channel": _link(links, "channels", touchpoint.channel),
            "url": url,
            "phases": [_link(links, "phases", p) for p in touchpoint.phases],
            "average_emotion": average(average_emotion(step for _, step in used), labels),
            "description": _description(touchpoint.description),
            "labels": labels,
        },
    )
    rows = [
        (
            _link(links, "journeys", journey),
            _step_link(links, journey, step),
            _link(links, "phases", step.phase),
            emotion(step.emotion, labels),
        )
        for journey, step in used
    ]
    table = _index_table(
        templates,
        labels,
        (labels["journey"], labels["step"], labels["phase"], labels["emotion"]),
        rows,
        labels["none"],
    )
    return Page(
        path,
        touchpoint.name,
        (Section(None, intro), Section(labels["used_in"], table, searchable=False)),
        touchpoint.source,
        touchpoint.tags,
    )


def channels_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("channels"), directory_urls)
    channels = sorted(model.channels, key=lambda c: (c.type, c.id))
    rows = (
        (
            _link(links, "channels", c),
            labels[f"type.{c.type}"],
            str(len(model.touchpoints_on(c))),
        )
        for c in channels
    )
    return _simple_index(
        "channels",
        labels["channels"],
        (labels["channel"], labels["type"], labels["touchpoints"]),
        rows,
        labels,
        templates,
        [(f"cj-group-type-{c.type}", labels[f"type.{c.type}"]) for c in channels],
    )


def channel_page(
    channel: Channel,
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
    diagrams: Diagrams | None = None,
) -> Page:
    templates = templates or package_templates()
    path = page_path("channels", channel.id)
    links = Links(path, directory_urls)
    touchpoints = model.touchpoints_on(channel)
    at = uses(model).at
    covered = {step.phase.id: step.phase for tp in touchpoints for _, step in at.get(tp.id, ())}
    phases = sorted(covered.values(), key=lambda phase: (phase.order, phase.id))
    intro = templates.render(
        "cjdocs/channel-summary.html",
        {
            "channel": channel,
            "type": labels[f"type.{channel.type}"],
            "description": _description(channel.description),
            "labels": labels,
        },
    )
    sections = (
        Section(None, intro),
        Section(
            labels["touchpoints"],
            _link_list(templates, labels, (_link(links, "touchpoints", tp) for tp in touchpoints)),
        ),
        Section(
            labels["covered_phases"],
            _link_list(templates, labels, (_link(links, "phases", p) for p in phases)),
        ),
    )
    figures: dict[str, str] = {}
    network = diagrams.channel_networks.get(channel.id) if diagrams else None
    if network:
        figure = _figure(templates, figures, "network", network, scrolls=True)
        sections += (Section(labels["network.title"], figure),)
    return Page(path, channel.name, sections, channel.source, channel.tags, figures)


# -- insights ----------------------------------------------------------------------------------


# Past this many rows a list on the insights page is summarised: the rows that matter most,
# counts by group, and where the whole list stands.
INSIGHTS_ROWS = 200


def insights_page(
    model: Model,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    """The coverage matrix, the low points, the pain points and opportunities, the network.
    Up to `INSIGHTS_ROWS` rows a list is shown whole; past it, the page grows with the
    groups (phases, personas), not with the steps: counts by group and the rows that matter
    most, the whole lists on the phases', personas' and journeys' pages."""
    templates = templates or package_templates()
    path = page_path("insights")
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    sections = [
        Section(labels["coverage"], _coverage(model, labels, links, templates), searchable=False)
    ]
    sections.append(
        Section(
            labels["low_points"], _low_points(model, labels, links, templates), searchable=False
        )
    )
    sections.append(
        Section(
            labels["pain_points_and_opportunities"],
            _notes(model, labels, links, templates),
            searchable=False,
        )
    )
    if diagrams.network:
        sections.append(
            Section(
                labels["network.title"],
                _figure(templates, figures, "network", diagrams.network, scrolls=True),
            )
        )
    return Page(path, labels["insights"], tuple(sections), figures=figures)


def _low_points(model: Model, labels: Catalogue, links: Links, templates: Templates) -> Markup:
    """Every step with a negative emotion, lowest first; past `INSIGHTS_ROWS`, the lowest of
    them after a count per phase (each phase's page shows its steps' emotions)."""
    lows = sorted(
        (
            (step.emotion, journey, step)
            for journey in model.journeys
            for step in journey.steps
            if step.emotion is not None and step.emotion < 0
        ),
        key=lambda item: (item[0], item[1].id, item[2].id),
    )
    low_points = [
        LowPoint(
            emotion(value, labels),
            _step_link(links, journey, step),
            _link(links, "journeys", journey),
            _link(links, "phases", step.phase),
            step.feeling,
        )
        for value, journey, step in lows[:INSIGHTS_ROWS]
    ]
    table = templates.render(
        "cjdocs/insights-low-points.html", {"low_points": low_points, "labels": labels}
    )
    if len(lows) <= INSIGHTS_ROWS:
        return table
    counts: dict[tuple[str, int], int] = defaultdict(int)
    for value, _, step in lows:
        counts[(step.phase.id, value)] += 1
    by_phase = _index_table(
        templates,
        labels,
        (
            labels["phase"],
            f"{signed(-2)} {labels['emotion.-2']}",
            f"{signed(-1)} {labels['emotion.-1']}",
        ),
        (
            (
                _link(links, "phases", phase),
                labels.number(counts[(phase.id, -2)]),
                labels.number(counts[(phase.id, -1)]),
            )
            for phase in model.phases
        ),
    )
    note = labels["low_points.summary"].format(
        shown=labels.number(INSIGHTS_ROWS), total=labels.number(len(lows))
    )
    return _summary(templates, note, by_phase, table)


def _notes(model: Model, labels: Catalogue, links: Links, templates: Templates) -> Markup:
    """Every pain point and opportunity with where it stands; past `INSIGHTS_ROWS`, the count
    of each per persona (whose page lists its journeys' pain points), then those named most
    often, with how often and where first."""
    notes = [
        (kind, item, journey, step)
        for journey in model.journeys
        for step in journey.steps
        for kind in ("pain_points", "opportunities")
        for item in getattr(step, kind)
    ]
    if len(notes) <= INSIGHTS_ROWS:
        return templates.render(
            "cjdocs/insights-notes.html",
            {
                "notes": [
                    Note(
                        kind,
                        item.text,
                        _step_link(links, journey, step),
                        _link(links, "journeys", journey),
                        _link(links, "phases", step.phase),
                        getattr(item, "status", None),
                    )
                    for kind, item, journey, step in notes
                ],
                "labels": labels,
            },
        )
    counted: dict[tuple[str, str], list] = {}
    per_persona: dict[tuple[str, str], int] = defaultdict(int)
    for kind, item, journey, step in notes:
        counted.setdefault((kind, item.text), []).append((journey, step))
        per_persona[(journey.persona.id, kind)] += 1
    journeys = uses(model).journeys
    by_persona = _index_table(
        templates,
        labels,
        (labels["persona"], labels["journeys"], labels["pain_points"], labels["opportunities"]),
        (
            (
                _link(links, "personas", persona),
                labels.number(len(journeys.get(persona.id, ()))),
                labels.number(per_persona[(persona.id, "pain_points")]),
                labels.number(per_persona[(persona.id, "opportunities")]),
            )
            for persona in model.personas
        ),
    )
    often = sorted(counted.items(), key=lambda item: (-len(item[1]), item[0]))[:INSIGHTS_ROWS]
    top = _index_table(
        templates,
        labels,
        (labels["type"], labels["description"], labels["notes.times"], labels["notes.first"]),
        (
            (
                labels[kind],
                text,
                labels.number(len(places)),
                [_link(links, "journeys", places[0][0]), _step_link(links, *places[0])],
            )
            for (kind, text), places in often
        ),
    )
    note = labels["notes.summary"].format(
        pain_points=labels.count("count.pain_points", sum(k == "pain_points" for k, *_ in notes)),
        opportunities=labels.count(
            "count.opportunities", sum(k == "opportunities" for k, *_ in notes)
        ),
        shown=labels.number(len(often)),
    )
    return _summary(templates, note, by_persona, top)


def _summary(templates: Templates, note: str, *tables: Markup) -> Markup:
    """A summarised list: the sentence saying what is listed and where the rest is, then
    its tables."""
    return templates.render("cjdocs/summary.html", {"note": note, "tables": list(tables)})


def _coverage(model: Model, labels: Catalogue, links: Links, templates: Templates) -> Markup:
    """How many steps use each channel in each phase, channels grouped online, then offline."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for journey in model.journeys:
        for step in journey.steps:
            for channel_id in sorted({tp.channel.id for tp in step.touchpoints}):
                counts[(channel_id, step.phase.id)] += 1
    groups = []
    for kind in ("online", "offline"):
        channels = [channel for channel in model.channels if channel.type == kind]
        if channels:
            rows = tuple(
                CoverageRow(
                    _link(links, "channels", channel),
                    tuple(counts.get((channel.id, phase.id), 0) for phase in model.phases),
                )
                for channel in channels
            )
            groups.append(CoverageGroup(labels[f"type.{kind}"], rows))
    return templates.render(
        "cjdocs/coverage.html",
        {"phases": [phase.name for phase in model.phases], "groups": groups, "labels": labels},
    )


# -- every page --------------------------------------------------------------------------------


def all_pages(
    model: Model,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
    templates: Templates | None = None,
    print_size: str = "A4",
) -> list[Page]:
    """Every generated page of the site, in a stable order. `print_size`: the paper a journey
    map is printed on (A4 to A0, landscape)."""
    return [
        make()
        for make in page_makers(
            model,
            labels,
            diagrams,
            directory_urls=directory_urls,
            edit_url=edit_url,
            templates=templates,
            print_size=print_size,
        )
    ]


@dataclass(frozen=True, slots=True)
class Recipe:
    """What a page is made from (see `memory.py`): its docs path, the values it is made from
    besides the journeys (compared by value), and the ids of the journeys it shows."""

    path: str
    values: Hashable
    journeys: tuple[str, ...]


def made_from(make: Callable[[], Page]) -> Recipe | None:
    """What the page of a maker of `page_makers` is made from, for the pages that show one
    definition and the journeys that use it (a journey's, a touchpoint's, a phase's, a
    persona's: nearly all the work of making a site's pages); None for the others, which are
    made from the whole model. Each is checked by reading its maker below."""
    if not isinstance(make, functools.partial):
        return None
    options = make.keywords
    shared = (options["directory_urls"], options["templates"].fingerprint)
    if make.func is journey_page:
        journey, labels, diagrams = make.args
        values = (
            labels.language,
            diagrams.flows.get(journey.id),
            options["comparisons"],
            options["edit_url"](journey.source),
            options["print_size"],
            *shared,
        )
        return Recipe(page_path("journeys", journey.id), values, (journey.id,))
    if make.func in (touchpoint_page, phase_page):
        definition, model, labels = make.args
        found = uses(model)
        kind, steps = (
            ("touchpoints", found.at) if make.func is touchpoint_page else ("phases", found.within)
        )
        used = steps.get(definition.id, ())
        # The steps, in order: each names its journey's file and place (its `source`).
        values = (definition, labels.language, tuple(step for _, step in used), *shared)
        return Recipe(
            page_path(kind, definition.id), values, tuple(dict.fromkeys(j.id for j, _ in used))
        )
    if make.func is persona_page:
        persona, model, labels = make.args
        journeys = tuple(j.id for j in uses(model).journeys.get(persona.id, ()))
        return Recipe(
            page_path("personas", persona.id),
            (persona, labels.language, journeys, *shared),
            journeys,
        )
    return None


def page_makers(
    model: Model,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
    templates: Templates | None = None,
    print_size: str = "A4",
) -> list[Callable[[], Page]]:
    """What makes each page of `all_pages`, in its order: each maker is independent of the
    others, so that a large site's pages can be made on every core."""
    # Imported here: the systems' pages and the backlog are written with this module's pieces.
    from cjdocs.render.backlog import backlog_page
    from cjdocs.render.blueprint import system_page, systems_index

    options = {"directory_urls": directory_urls, "templates": templates or package_templates()}
    compared = comparing.named_sets(model)
    each = functools.partial
    return [
        each(journeys_index, model, labels, **options),
        *(
            each(
                journey_page,
                j,
                labels,
                diagrams,
                edit_url=edit_url,
                print_size=print_size,
                comparisons=tuple(s for s in compared if any(x.id == j.id for x in s.journeys)),
                **options,
            )
            for j in model.journeys
        ),
        *(each(comparison_page, s, labels, **options) for s in compared),
        each(personas_index, model, labels, **options),
        *(each(persona_page, p, model, labels, **options) for p in model.personas),
        each(phases_index, model, labels, **options),
        *(each(phase_page, p, model, labels, **options) for p in model.phases),
        each(touchpoints_index, model, labels, **options),
        *(each(touchpoint_page, t, model, labels, **options) for t in model.touchpoints),
        each(channels_index, model, labels, **options),
        *(
            each(channel_page, c, model, labels, diagrams=diagrams, **options)
            for c in model.channels
        ),
        *((each(systems_index, model, labels, **options),) if model.systems else ()),
        *(each(system_page, s, model, labels, **options) for s in model.systems),
        each(insights_page, model, labels, diagrams, **options),
        each(backlog_page, model, labels, **options),
    ]
