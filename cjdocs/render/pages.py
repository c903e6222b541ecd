"""The generated pages: pure functions from the model to pages of sections.

A page is a title and a list of sections, each an optional heading (our own words, from
`labels`) and a block of HTML in which every piece of definition text is escaped (see
`markup`). The plugin puts the headings into the page's Markdown, so they feed the table of
contents and search, and the blocks in after Markdown has run; the Markdown export writes
the blocks inline. No I/O, no timestamps, everything in a stable order.
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
from cjdocs.render.markup import Markup, description_html, element, escape, safe_url


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
            return fragment or "./"
        # Every generated URL is relative to the site root: climb to it, then go down.
        source = page_url(self.here, self.directory_urls)
        root = "../" * source.count("/")
        return (root + page_url(path, self.directory_urls) or "./") + fragment

    def definition(self, kind: str, identifier: str, anchor: str | None = None) -> str:
        return self.to(page_path(kind, identifier), anchor)


# -- small pieces ------------------------------------------------------------------------------


def _concat(items: Iterable[str | Markup]) -> Markup:
    """Parts joined into one piece of HTML; parts that are not Markup are escaped."""
    return Markup("").join(items)


def _link(href: str, text: str) -> Markup:
    return element("a", text, href=href)


def _list(items: Iterable[str | Markup], class_: str | None = None) -> Markup:
    rows = [element("li", item) for item in items]
    return element("ul", _concat(rows), class_=class_) if rows else Markup("")


def _join(items: Iterable[Markup], separator: str = ", ") -> Markup:
    return Markup(escape(separator).join(items))


def _details(rows: Sequence[tuple[str, str | Markup | None]]) -> Markup:
    """A definition list of the rows that have a value."""
    items = [
        Markup(element("dt", label) + element("dd", value))
        for label, value in rows
        if value not in (None, "", Markup(""))
    ]
    return element("dl", _concat(items), class_="cj-details") if items else Markup("")


def _block(*parts: Markup | str, class_: str) -> Markup:
    """A block-level element of our own around escaped parts, on lines of its own."""
    return (
        Markup(f'<div class="{class_}">\n')
        + Markup("\n").join(escape(part) for part in parts if part)
        + Markup("\n</div>")
    )


def _description(text: str | None) -> Markup:
    return (
        Markup(f'<div class="cj-description">{description_html(text)}</div>')
        if text
        else Markup("")
    )


def figure_placeholder(name: str) -> str:
    return f'<div data-cj-figure="{name}"></div>'


def _figure(
    figures: dict[str, str], name: str, svg: str | None, *, scrolls: bool = False
) -> Markup:
    """A figure for a diagram, holding a placeholder that `fill_figures` replaces.

    A figure that may scroll sideways can take the keyboard's focus, so that it can be
    scrolled without a mouse; it is named by the diagram's title.
    """
    if not svg:
        return Markup("")
    figures[name] = svg
    focus = f' tabindex="0" aria-label="{escape(_svg_title(svg))}"' if scrolls else ""
    return Markup(
        f'<figure class="cj-figure cj-{name}-figure"{focus}>{figure_placeholder(name)}</figure>'
    )


def _svg_title(svg: str) -> str:
    import html

    start = svg.find(">", svg.find("<title")) + 1
    return html.unescape(svg[start : svg.find("</title>", start)])


def fill_figures(html: str, figures: Mapping[str, str]) -> str:
    for name, svg in figures.items():
        html = html.replace(figure_placeholder(name), svg, 1)
    return html


def emotion_badge(value: int | None, labels: Catalogue) -> Markup:
    """An emotion as a coloured badge that also says its value and word (colour is never alone)."""
    if value is None:
        return Markup("")
    word = labels[f"emotion.{value}"]
    return element(
        "span", f"{signed(value)} {word}", class_=f"cj-emotion cj-emotion-{emotion_key(value)}"
    )


def _table_or(headers: Sequence[str], rows: Sequence[Sequence[str | Markup]], empty: str) -> Markup:
    """An index table of the rows, or a sentence saying there are none."""
    return _table(headers, rows, "cj-index") if rows else element("p", empty)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str | Markup]], class_: str) -> Markup:
    head = _concat(element("th", header) for header in headers)
    body = _concat(element("tr", _concat(element("td", cell) for cell in row)) for row in rows)
    return Markup(
        f'<table class="{class_}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


# -- the journey -------------------------------------------------------------------------------


def journey_page(
    journey: Journey,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
) -> Page:
    path = page_path("journeys", journey.id)
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    phases = _join(
        _link(links.definition("phases", phase.id), phase.name) for phase in journey.phases
    )
    state = labels[f"state.{journey.state}"]
    summary = _block(
        element("p", journey.summary, class_="cj-lead") if journey.summary else "",
        _details(
            [
                (
                    labels["persona"],
                    _link(links.definition("personas", journey.persona.id), journey.persona.name),
                ),
                (labels["goal"], journey.goal),
                (labels["timeframe"], journey.timeframe),
                (labels["state"], state),
                (labels["owner"], journey.owner),
                (labels["phases_covered"], phases),
                (labels["average_emotion"], average(journey.average_emotion, labels)),
            ]
        ),
        _description(journey.description),
        class_="cj-summary",
    )
    sections = [Section(None, summary)]
    sections.append(
        Section(labels["flow"], _figure(figures, "flow", diagrams.flows.get(journey.id)))
    )
    if journey.id in diagrams.curves:
        sections.append(
            Section(labels["emotion_curve"], _figure(figures, "curve", diagrams.curves[journey.id]))
        )
    sections.append(Section(labels["journey_map"], journey_map(journey, labels, links)))
    sections.append(
        Section(
            labels["steps"],
            Markup("\n").join(
                _step(journey, step, number, labels, links)
                for number, step in enumerate(journey.steps, 1)
            ),
        )
    )
    if journey.has_reach and journey.id in diagrams.funnels:
        sections.append(
            Section(labels["funnel"], _figure(figures, "funnel", diagrams.funnels[journey.id]))
        )
    sections.append(Section(labels["ways"], _ways(journey, labels, links)))
    edit = edit_url(journey.source)
    if edit and safe_url(edit):
        sections.append(
            Section(
                None,
                _block(
                    element("p", _link(edit, labels["edit_source"]), class_="cj-edit"),
                    class_="cj-source",
                ),
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


def journey_map(journey: Journey, labels: Catalogue, links: Links) -> Markup:
    """The grid: phases as columns in phase order, lanes as rows; each cell lists its steps."""
    by_phase: dict[str, list[Step]] = defaultdict(list)
    for step in journey.steps:
        by_phase[step.phase.id].append(step)

    def cell(lane: str, steps: list[Step]) -> Markup:
        items: list[Markup] = []
        for step in steps:
            anchor = links.to(links.here, f"step-{step.id}")
            if lane == "actions":
                items.append(
                    Markup(
                        _link(anchor, step.name)
                        + (Markup(": ") + escape(step.action) if step.action else "")
                    )
                )
            elif lane == "touchpoints":
                items.extend(
                    _link(links.definition("touchpoints", tp.id), tp.name)
                    for tp in step.touchpoints
                )
            elif lane == "feelings":
                if step.emotion is not None or step.feeling:
                    items.append(
                        Markup(
                            emotion_badge(step.emotion, labels)
                            + (Markup(" ") + escape(step.feeling) if step.feeling else "")
                        )
                    )
            elif lane == "thoughts":
                if step.thoughts:
                    items.append(escape(step.thoughts))
            else:
                items.extend(escape(text) for text in getattr(step, lane))
        return _list(items)

    head = _concat(
        [
            element("td", ""),
            *(
                element("th", _link(links.definition("phases", phase.id), phase.name), scope="col")
                for phase in journey.phases
            ),
        ]
    )
    rows = []
    for lane in LANES:
        cells = [cell(lane, by_phase[phase.id]) for phase in journey.phases]
        if not any(cells):
            continue
        header = element("th", labels[f"lane.{lane}"], scope="row")
        rows.append(element("tr", header + _concat(element("td", content) for content in cells)))
    return Markup(
        f'<div class="cj-map-wrapper"><table class="cj-map"><thead><tr>{head}</tr></thead><tbody>{_concat(rows)}</tbody></table></div>'
    )


def _step(journey: Journey, step: Step, number: int, labels: Catalogue, links: Links) -> Markup:
    touchpoints = _join(
        _link(links.definition("touchpoints", tp.id), tp.name) for tp in step.touchpoints
    )
    feeling = Markup(
        emotion_badge(step.emotion, labels)
        + (Markup(" ") + escape(step.feeling) if step.feeling else "")
    )
    if step.ends:
        onward: Markup | str = labels["ends_here"]
    else:
        onward = _list(
            Markup(
                (
                    escape(labels["if"]) + Markup(" ") + element("q", way.condition) + Markup(" → ")
                    if way.condition
                    else Markup("→ ")
                )
                + _link(links.to(links.here, f"step-{way.target}"), journey.step(way.target).name)
            )
            for way in step.ways
        )
    reach = labels.number(step.reach) if step.reach is not None else None
    body = _details(
        [
            (labels["phase"], _link(links.definition("phases", step.phase.id), step.phase.name)),
            (labels["action"], step.action),
            (labels["touchpoints"], touchpoints),
            (labels["feeling"], feeling),
            (labels["thoughts"], step.thoughts),
            (labels["pain_points"], _list(step.pain_points)),
            (labels["opportunities"], _list(step.opportunities)),
            (labels["backstage"], _list(step.backstage)),
            (labels["duration"], step.duration),
            (labels["reach"], reach),
            (labels["next"], onward),
        ]
    )
    heading = element("h3", f"{number}. {step.name}", id=f"step-{step.id}")
    return Markup(f'<div class="cj-step">\n{heading}\n{body}\n</div>')


def _ways(journey: Journey, labels: Catalogue, links: Links) -> Markup:
    paths, cut = journey.paths()
    items = [
        _join((_link(links.to(links.here, f"step-{step.id}"), step.name) for step in path), " → ")
        for path in paths
    ]
    note = element("p", labels["ways.cut"].format(count=len(paths))) if cut else Markup("")
    return Markup(
        element("ol", _concat(element("li", item) for item in items), class_="cj-ways") + note
    )


# -- indexes and the other kinds -----------------------------------------------------------------


def journeys_index(model: Model, labels: Catalogue, *, directory_urls: bool = True) -> Page:
    path = page_path("journeys")
    links = Links(path, directory_urls)
    rows = [
        (
            _link(links.definition("journeys", journey.id), journey.name),
            _link(links.definition("personas", journey.persona.id), journey.persona.name),
            _join(
                _link(links.definition("phases", phase.id), phase.name) for phase in journey.phases
            ),
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
    return Page(path, labels["journeys"], (Section(None, _table(headers, rows, "cj-index")),))


def _simple_index(
    kind: str, title: str, headers: Sequence[str], rows: Iterable[Sequence[str | Markup]]
) -> Page:
    return Page(page_path(kind), title, (Section(None, _table(headers, list(rows), "cj-index")),))


def personas_index(model: Model, labels: Catalogue, *, directory_urls: bool = True) -> Page:
    links = Links(page_path("personas"), directory_urls)
    return _simple_index(
        "personas",
        labels["personas"],
        (labels["persona"], labels["summary"], labels["journeys"]),
        (
            (
                _link(links.definition("personas", p.id), p.name),
                p.summary or "",
                str(len(model.journeys_of(p))),
            )
            for p in model.personas
        ),
    )


def persona_page(
    persona: Persona, model: Model, labels: Catalogue, *, directory_urls: bool = True
) -> Page:
    path = page_path("personas", persona.id)
    links = Links(path, directory_urls)
    card = _block(
        element("p", persona.summary, class_="cj-lead") if persona.summary else "",
        element("blockquote", element("p", persona.quote), class_="cj-quote")
        if persona.quote
        else "",
        _details(
            [
                (labels["goals"], _list(persona.goals)),
                (labels["needs"], _list(persona.needs)),
                (labels["pain_points"], _list(persona.pain_points)),
                (
                    labels["preferred_channels"],
                    _join(
                        _link(links.definition("channels", c.id), c.name) for c in persona.channels
                    ),
                ),
            ]
        ),
        _description(persona.description),
        class_="cj-card",
    )
    journeys = model.journeys_of(persona)
    journey_list = _list(
        _link(links.definition("journeys", j.id), j.name) for j in journeys
    ) or element("p", labels["none"])
    pains = [
        (
            text,
            _link(links.definition("journeys", journey.id), journey.name),
            _link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name),
        )
        for journey in journeys
        for step in journey.steps
        for text in step.pain_points
    ]
    pain_table = _table_or(
        (labels["pain_points"], labels["journey"], labels["step"]), pains, labels["none"]
    )
    sections = (
        Section(None, card),
        Section(labels["journeys"], journey_list),
        Section(labels["pain_points_all"], pain_table),
    )
    return Page(path, persona.name, sections, persona.source, persona.tags)


def phases_index(model: Model, labels: Catalogue, *, directory_urls: bool = True) -> Page:
    links = Links(page_path("phases"), directory_urls)
    counts = {phase.id: sum(1 for _ in model.steps_in(phase)) for phase in model.phases}
    return _simple_index(
        "phases",
        labels["phases"],
        (labels["phase"], labels["customer_goal"], labels["business_goal"], labels["steps"]),
        (
            (
                _link(links.definition("phases", p.id), p.name),
                p.customer_goal or "",
                p.business_goal or "",
                str(counts[p.id]),
            )
            for p in model.phases
        ),
    )


def phase_page(
    phase: Phase, model: Model, labels: Catalogue, *, directory_urls: bool = True
) -> Page:
    path = page_path("phases", phase.id)
    links = Links(path, directory_urls)
    intro = _block(
        _details(
            [
                (labels["customer_goal"], phase.customer_goal),
                (labels["business_goal"], phase.business_goal),
                (labels["kpis"], _list(phase.kpis)),
            ]
        ),
        _description(phase.description),
        class_="cj-summary",
    )
    steps = list(model.steps_in(phase))
    rows = [
        (
            _link(links.definition("journeys", journey.id), journey.name),
            _link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name),
            emotion_badge(step.emotion, labels),
        )
        for journey, step in steps
    ]
    step_table = _table_or(
        (labels["journey"], labels["step"], labels["emotion"]), rows, labels["none"]
    )
    used = {tp.id: tp for _, step in steps for tp in step.touchpoints}
    touchpoints = _list(
        _link(links.definition("touchpoints", tp.id), tp.name)
        for tp in sorted(used.values(), key=lambda tp: tp.id)
    )
    sections = (
        Section(None, intro),
        Section(labels["steps"], step_table),
        Section(labels["used_touchpoints"], touchpoints or element("p", labels["none"])),
    )
    return Page(path, phase.name, sections, phase.source, phase.tags)


def touchpoints_index(model: Model, labels: Catalogue, *, directory_urls: bool = True) -> Page:
    links = Links(page_path("touchpoints"), directory_urls)
    rows = []
    for tp in model.touchpoints:
        uses = list(model.steps_at(tp))
        rows.append(
            (
                _link(links.definition("touchpoints", tp.id), tp.name),
                _link(links.definition("channels", tp.channel.id), tp.channel.name),
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
    return _simple_index("touchpoints", labels["touchpoints"], headers, rows)


def touchpoint_page(
    touchpoint: Touchpoint, model: Model, labels: Catalogue, *, directory_urls: bool = True
) -> Page:
    path = page_path("touchpoints", touchpoint.id)
    links = Links(path, directory_urls)
    uses = list(model.steps_at(touchpoint))
    url = (
        _link(touchpoint.url, touchpoint.url)
        if touchpoint.url and safe_url(touchpoint.url)
        else touchpoint.url
    )
    intro = _block(
        _details(
            [
                (
                    labels["channel"],
                    _link(
                        links.definition("channels", touchpoint.channel.id), touchpoint.channel.name
                    ),
                ),
                (labels["owner"], touchpoint.owner),
                (labels["device"], touchpoint.device),
                (labels["url"], url),
                (
                    labels["phases"],
                    _join(
                        _link(links.definition("phases", p.id), p.name) for p in touchpoint.phases
                    ),
                ),
                (labels["kpis"], _list(touchpoint.kpis)),
                (
                    labels["average_emotion"],
                    average(average_emotion(step for _, step in uses), labels),
                ),
            ]
        ),
        _description(touchpoint.description),
        class_="cj-summary",
    )
    rows = [
        (
            _link(links.definition("journeys", journey.id), journey.name),
            _link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name),
            _link(links.definition("phases", step.phase.id), step.phase.name),
            emotion_badge(step.emotion, labels),
        )
        for journey, step in uses
    ]
    table = _table_or(
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


def channels_index(model: Model, labels: Catalogue, *, directory_urls: bool = True) -> Page:
    links = Links(page_path("channels"), directory_urls)
    rows = (
        (
            _link(links.definition("channels", c.id), c.name),
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
    )


def channel_page(
    channel: Channel, model: Model, labels: Catalogue, *, directory_urls: bool = True
) -> Page:
    path = page_path("channels", channel.id)
    links = Links(path, directory_urls)
    touchpoints = model.touchpoints_on(channel)
    covered = {step.phase.id: step.phase for tp in touchpoints for _, step in model.steps_at(tp)}
    phases = sorted(covered.values(), key=lambda phase: (phase.order, phase.id))
    intro = _block(
        _details([(labels["type"], labels[f"type.{channel.type}"])]),
        _description(channel.description),
        class_="cj-summary",
    )
    sections = (
        Section(None, intro),
        Section(
            labels["touchpoints"],
            _list(_link(links.definition("touchpoints", tp.id), tp.name) for tp in touchpoints)
            or element("p", labels["none"]),
        ),
        Section(
            labels["covered_phases"],
            _list(_link(links.definition("phases", p.id), p.name) for p in phases)
            or element("p", labels["none"]),
        ),
    )
    return Page(path, channel.name, sections, channel.source, channel.tags)


# -- insights ----------------------------------------------------------------------------------


def insights_page(
    model: Model, labels: Catalogue, diagrams: Diagrams, *, directory_urls: bool = True
) -> Page:
    path = page_path("insights")
    links = Links(path, directory_urls)
    figures: dict[str, str] = {}
    sections = [Section(labels["coverage"], _coverage(model, labels, links))]
    lows = sorted(
        (
            (step.emotion, journey, step)
            for journey in model.journeys
            for step in journey.steps
            if step.emotion is not None and step.emotion < 0
        ),
        key=lambda item: (item[0], item[1].id, item[2].id),
    )
    rows = [
        (
            emotion_badge(emotion, labels),
            _link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name),
            _link(links.definition("journeys", journey.id), journey.name),
            _link(links.definition("phases", step.phase.id), step.phase.name),
            step.feeling or "",
        )
        for emotion, journey, step in lows
    ]
    lows_table = _table_or(
        (
            labels["emotion"],
            labels["step"],
            labels["journey"],
            labels["phase"],
            labels["feeling"],
        ),
        rows,
        labels["low_points.none"],
    )
    sections.append(Section(labels["low_points"], lows_table))
    notes = [
        (
            element("span", labels[kind], class_=f"cj-note cj-note-{kind.replace('_', '-')}"),
            text,
            _link(links.definition("journeys", journey.id, f"step-{step.id}"), step.name),
            _link(links.definition("journeys", journey.id), journey.name),
            _link(links.definition("phases", step.phase.id), step.phase.name),
        )
        for journey in model.journeys
        for step in journey.steps
        for kind in ("pain_points", "opportunities")
        for text in getattr(step, kind)
    ]
    notes_table = _table_or(
        (
            labels["type"],
            labels["description"],
            labels["step"],
            labels["journey"],
            labels["phase"],
        ),
        notes,
        labels["none"],
    )
    sections.append(Section(labels["pain_points_and_opportunities"], notes_table))
    if diagrams.network:
        sections.append(
            Section(
                labels["network.title"], _figure(figures, "network", diagrams.network, scrolls=True)
            )
        )
    return Page(path, labels["insights"], tuple(sections), figures=figures)


def _coverage(model: Model, labels: Catalogue, links: Links) -> Markup:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for journey in model.journeys:
        for step in journey.steps:
            for channel_id in sorted({tp.channel.id for tp in step.touchpoints}):
                counts[(channel_id, step.phase.id)] += 1
    head = [labels["channel"], *(phase.name for phase in model.phases)]
    rows = []
    for kind in ("online", "offline"):
        channels = [channel for channel in model.channels if channel.type == kind]
        if not channels:
            continue
        rows.append(
            element(
                "tr",
                element("th", labels[f"type.{kind}"], colspan=str(len(head)), scope="colgroup"),
            )
        )
        for channel in channels:
            cells = [
                element(
                    "th", _link(links.definition("channels", channel.id), channel.name), scope="row"
                )
            ]
            for phase in model.phases:
                count = counts.get((channel.id, phase.id), 0)
                cells.append(
                    element(
                        "td",
                        str(count) if count else "·",
                        class_="cj-covered" if count else "cj-gap",
                    )
                )
            rows.append(element("tr", _concat(cells)))
    header = _concat(element("th", text, scope="col") for text in head)
    description = element("p", labels["coverage.description"])
    return Markup(
        f'{description}<table class="cj-coverage"><thead><tr>{header}</tr></thead><tbody>{_concat(rows)}</tbody></table>'
    )


# -- every page --------------------------------------------------------------------------------


def all_pages(
    model: Model,
    labels: Catalogue,
    diagrams: Diagrams,
    *,
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
) -> list[Page]:
    """Every generated page of the site, in a stable order."""
    options = {"directory_urls": directory_urls}
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
