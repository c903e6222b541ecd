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

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import (
    Channel,
    Journey,
    Model,
    Persona,
    Phase,
    Source,
    Step,
    Touchpoint,
    average_emotion,
)
from cjdocs.render.format import average, emotion_key, signed
from cjdocs.render.markup import Markup, description_html, safe_url
from cjdocs.render.templates import Templates, package_templates


@dataclass(frozen=True, slots=True)
class Section:
    heading: str | None
    html: Markup


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


@dataclass(frozen=True, slots=True)
class Diagrams:
    """The SVG of each diagram, by journey id; missing ones are simply not shown."""

    flows: Mapping[str, str] = field(default_factory=dict)
    curves: Mapping[str, str] = field(default_factory=dict)
    funnels: Mapping[str, str] = field(default_factory=dict)
    network: str | None = None


# -- addresses ---------------------------------------------------------------------------------


def page_path(kind: str, identifier: str | None = None) -> str:
    """The docs path of a generated page: `journeys/index.md`, `journeys/laptop.md`, `insights.md`."""
    if kind == "insights":
        return "insights.md"
    return f"{kind}/{identifier}.md" if identifier else f"{kind}/index.md"


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL of a page's docs path, relative to the site root, as MkDocs makes it."""
    stem = path.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


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
        source = page_url(self.here, self.directory_urls)
        root = "../" * source.count("/")
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
class StepAction:
    step: Link
    action: str | None


@dataclass(frozen=True, slots=True)
class Feeling:
    emotion: Emotion | None
    feeling: str | None


@dataclass(frozen=True, slots=True)
class Lane:
    """A row of the journey map: one list of entries per phase."""

    name: str
    label: str
    cells: tuple[tuple[object, ...], ...]


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


# -- small pieces ------------------------------------------------------------------------------


def _link(
    links: Links, kind: str, definition: Phase | Persona | Touchpoint | Channel | Journey
) -> Link:
    return Link(links.definition(kind, definition.id), definition.name)


def _step_link(links: Links, journey: Journey, step: Step) -> Link:
    return Link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name)


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
) -> Markup:
    """A figure for a diagram, holding a placeholder that `fill_figures` replaces.

    A figure that may scroll sideways can take the keyboard's focus, so that it can be
    scrolled without a mouse; it is named by the diagram's title.
    """
    if not svg:
        return Markup("")
    figures[name] = svg
    return templates.render(
        "cjdocs/figure.html",
        {
            "name": name,
            "placeholder": Markup(figure_placeholder(name)),
            "label": _svg_title(svg) if scrolls else None,
        },
    )


def _svg_title(svg: str) -> str:
    import html

    start = svg.find(">", svg.find("<title")) + 1
    return html.unescape(svg[start : svg.find("</title>", start)])


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
    return templates.render(
        "cjdocs/index-table.html",
        {"headers": list(headers), "rows": list(rows), "empty": empty, "labels": labels},
    )


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
) -> Page:
    templates = templates or package_templates()
    path = page_path("journeys", journey.id)
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    summary = templates.render(
        "cjdocs/journey-summary.html",
        {
            "journey": journey,
            "persona": _link(links, "personas", journey.persona),
            "state": labels[f"state.{journey.state}"],
            "phases": [_link(links, "phases", phase) for phase in journey.phases],
            "average_emotion": average(journey.average_emotion, labels),
            "description": _description(journey.description),
            "labels": labels,
        },
    )
    sections = [Section(None, summary)]
    sections.append(
        Section(labels["flow"], _figure(templates, figures, "flow", diagrams.flows.get(journey.id)))
    )
    if journey.id in diagrams.curves:
        sections.append(
            Section(
                labels["emotion_curve"],
                _figure(templates, figures, "curve", diagrams.curves[journey.id]),
            )
        )
    sections.append(Section(labels["journey_map"], journey_map(journey, labels, links, templates)))
    sections.append(
        Section(
            labels["steps"],
            Markup("\n").join(
                _step(journey, step, number, labels, links, templates)
                for number, step in enumerate(journey.steps, 1)
            ),
        )
    )
    if journey.has_reach and journey.id in diagrams.funnels:
        sections.append(
            Section(
                labels["funnel"],
                _figure(templates, figures, "funnel", diagrams.funnels[journey.id]),
            )
        )
    sections.append(Section(labels["ways"], _ways(journey, labels, links, templates)))
    edit = edit_url(journey.source)
    if edit and safe_url(edit):
        sections.append(
            Section(
                None, templates.render("cjdocs/edit-link.html", {"href": edit, "labels": labels})
            )
        )
    return Page(path, journey.name, tuple(sections), journey.source, journey.tags, figures)


LANES = (
    "actions",
    "touchpoints",
    "feelings",
    "thoughts",
    "pain_points",
    "opportunities",
    "backstage",
)


def _lane_entries(lane: str, step: Step, labels: Catalogue, links: Links) -> list[object]:
    """What one step puts into a cell of the journey map's lane."""
    if lane == "actions":
        return [StepAction(Link(links.to(links.here, f"step-{step.id}"), step.name), step.action)]
    if lane == "touchpoints":
        return [_link(links, "touchpoints", touchpoint) for touchpoint in step.touchpoints]
    if lane == "feelings":
        if step.emotion is None and not step.feeling:
            return []
        return [Feeling(emotion(step.emotion, labels), step.feeling)]
    if lane == "thoughts":
        return [step.thoughts] if step.thoughts else []
    return list(getattr(step, lane))


def journey_map(
    journey: Journey, labels: Catalogue, links: Links, templates: Templates | None = None
) -> Markup:
    """The grid: phases as columns in phase order, lanes as rows; each cell lists its steps.

    A lane no step has anything for is left out.
    """
    by_phase: dict[str, list[Step]] = defaultdict(list)
    for step in journey.steps:
        by_phase[step.phase.id].append(step)
    lanes = []
    for lane in LANES:
        cells = tuple(
            tuple(
                entry
                for step in by_phase[phase.id]
                for entry in _lane_entries(lane, step, labels, links)
            )
            for phase in journey.phases
        )
        if any(cells):
            lanes.append(Lane(lane, labels[f"lane.{lane}"], cells))
    return (templates or package_templates()).render(
        "cjdocs/journey-map.html",
        {
            "phases": [_link(links, "phases", phase) for phase in journey.phases],
            "lanes": lanes,
            "labels": labels,
        },
    )


def _step(
    journey: Journey,
    step: Step,
    number: int,
    labels: Catalogue,
    links: Links,
    templates: Templates,
) -> Markup:
    return templates.render(
        "cjdocs/step.html",
        {
            "step": step,
            "number": number,
            "anchor": f"step-{step.id}",
            "phase": _link(links, "phases", step.phase),
            "touchpoints": [_link(links, "touchpoints", tp) for tp in step.touchpoints],
            "emotion": emotion(step.emotion, labels),
            "reach": labels.number(step.reach) if step.reach is not None else None,
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
        },
    )


def _ways(journey: Journey, labels: Catalogue, links: Links, templates: Templates) -> Markup:
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
    rows = [
        (
            _link(links, "journeys", journey),
            _link(links, "personas", journey.persona),
            [_link(links, "phases", phase) for phase in journey.phases],
            str(len(journey.steps)),
            average(journey.average_emotion, labels),
            labels[f"state.{journey.state}"],
        )
        for journey in model.journeys
    ]
    headers = (
        labels["journey"],
        labels["persona"],
        labels["phases"],
        labels["steps"],
        labels["average_emotion"],
        labels["state"],
    )
    table = _index_table(templates or package_templates(), labels, headers, rows)
    return Page(path, labels["journeys"], (Section(None, table),))


def _simple_index(
    kind: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    labels: Catalogue,
    templates: Templates | None,
) -> Page:
    table = _index_table(templates or package_templates(), labels, headers, rows)
    return Page(page_path(kind), title, (Section(None, table),))


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
            (_link(links, "personas", p), p.summary or "", str(len(model.journeys_of(p))))
            for p in model.personas
        ),
        labels,
        templates,
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
    journeys = model.journeys_of(persona)
    pains = [
        (text, _link(links, "journeys", journey), _step_link(links, journey, step))
        for journey in journeys
        for step in journey.steps
        for text in step.pain_points
    ]
    sections = (
        Section(None, card),
        Section(
            labels["journeys"],
            _link_list(templates, labels, (_link(links, "journeys", j) for j in journeys)),
        ),
        Section(
            labels["pain_points_all"],
            _index_table(
                templates,
                labels,
                (labels["pain_points"], labels["journey"], labels["step"]),
                pains,
                labels["none"],
            ),
        ),
    )
    return Page(path, persona.name, sections, persona.source, persona.tags)


def phases_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("phases"), directory_urls)
    counts = {phase.id: sum(1 for _ in model.steps_in(phase)) for phase in model.phases}
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
    steps = list(model.steps_in(phase))
    rows = [
        (
            _link(links, "journeys", journey),
            _step_link(links, journey, step),
            emotion(step.emotion, labels),
        )
        for journey, step in steps
    ]
    used = {tp.id: tp for _, step in steps for tp in step.touchpoints}
    sections = (
        Section(None, intro),
        Section(
            labels["steps"],
            _index_table(
                templates,
                labels,
                (labels["journey"], labels["step"], labels["emotion"]),
                rows,
                labels["none"],
            ),
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


def touchpoints_index(
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    links = Links(page_path("touchpoints"), directory_urls)
    rows = []
    for tp in model.touchpoints:
        uses = list(model.steps_at(tp))
        rows.append(
            (
                _link(links, "touchpoints", tp),
                _link(links, "channels", tp.channel),
                tp.owner or "",
                str(len(uses)),
                average(average_emotion(step for _, step in uses), labels),
            )
        )
    headers = (
        labels["touchpoint"],
        labels["channel"],
        labels["owner"],
        labels["steps"],
        labels["average_emotion"],
    )
    return _simple_index("touchpoints", labels["touchpoints"], headers, rows, labels, templates)


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
    uses = list(model.steps_at(touchpoint))
    # An address a browser may not follow (javascript:) is shown as text, never as a link.
    url = (
        Link(touchpoint.url, touchpoint.url)
        if touchpoint.url and safe_url(touchpoint.url)
        else touchpoint.url
    )
    intro = templates.render(
        "cjdocs/touchpoint-summary.html",
        {
            "touchpoint": touchpoint,
            "channel": _link(links, "channels", touchpoint.channel),
            "url": url,
            "phases": [_link(links, "phases", p) for p in touchpoint.phases],
            "average_emotion": average(average_emotion(step for _, step in uses), labels),
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
        for journey, step in uses
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
        (Section(None, intro), Section(labels["used_in"], table)),
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
    rows = (
        (
            _link(links, "channels", c),
            labels[f"type.{c.type}"],
            str(len(model.touchpoints_on(c))),
        )
        for c in sorted(model.channels, key=lambda c: (c.type, c.id))
    )
    return _simple_index(
        "channels",
        labels["channels"],
        (labels["channel"], labels["type"], labels["touchpoints"]),
        rows,
        labels,
        templates,
    )


def channel_page(
    channel: Channel,
    model: Model,
    labels: Catalogue,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    templates = templates or package_templates()
    path = page_path("channels", channel.id)
    links = Links(path, directory_urls)
    touchpoints = model.touchpoints_on(channel)
    covered = {step.phase.id: step.phase for tp in touchpoints for _, step in model.steps_at(tp)}
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
    return Page(path, channel.name, sections, channel.source, channel.tags)


# -- insights ----------------------------------------------------------------------------------


def insights_page(
    model: Model,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    templates: Templates | None = None,
) -> Page:
    templates = templates or package_templates()
    path = page_path("insights")
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    sections = [Section(labels["coverage"], _coverage(model, labels, links, templates))]
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
        for value, journey, step in lows
    ]
    sections.append(
        Section(
            labels["low_points"],
            templates.render(
                "cjdocs/insights-low-points.html", {"low_points": low_points, "labels": labels}
            ),
        )
    )
    notes = [
        Note(
            kind,
            text,
            _step_link(links, journey, step),
            _link(links, "journeys", journey),
            _link(links, "phases", step.phase),
        )
        for journey in model.journeys
        for step in journey.steps
        for kind in ("pain_points", "opportunities")
        for text in getattr(step, kind)
    ]
    sections.append(
        Section(
            labels["pain_points_and_opportunities"],
            templates.render("cjdocs/insights-notes.html", {"notes": notes, "labels": labels}),
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
) -> list[Page]:
    """Every generated page of the site, in a stable order."""
    options = {"directory_urls": directory_urls, "templates": templates or package_templates()}
    pages = [journeys_index(model, labels, **options)]
    pages += [
        journey_page(j, labels, diagrams, edit_url=edit_url, **options) for j in model.journeys
    ]
    pages.append(personas_index(model, labels, **options))
    pages += [persona_page(p, model, labels, **options) for p in model.personas]
    pages.append(phases_index(model, labels, **options))
    pages += [phase_page(p, model, labels, **options) for p in model.phases]
    pages.append(touchpoints_index(model, labels, **options))
    pages += [touchpoint_page(t, model, labels, **options) for t in model.touchpoints]
    pages.append(channels_index(model, labels, **options))
    pages += [channel_page(c, model, labels, **options) for c in model.channels]
    pages.append(insights_page(model, labels, diagrams, **options))
    return pages
