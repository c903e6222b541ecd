"""Diagrams as DOT: the journey flow and the touchpoint network, and finishing Graphviz's SVG.

No repository is too large to build: a journey of many steps is drawn phase by phase, a network
of many touchpoints by channel (the strongest links, a diagram per channel), and a diagram that
Graphviz still cannot lay out is shown as a table of what it would show, with a warning.

Laying diagrams out, finishing them and putting tables in their place is `cjdocs.render.draw`'s
job; this module plans them: the DOT, how its SVG is finished, what table stands for it.

The DOT is written by `cjdocs.render.dot`, which quotes every name and value. User text reaches
it only as labels and tooltips, prepared by `label_text` and `tooltip_text` so that no text
can close a string or expand Graphviz's escapes (`\\N`, `\\G`). URLs and element ids are
built from validated ids only; no attribute or image ever comes from user text.

Layout: phases are columns from left to right in phase order, and the steps of a phase are
stacked inside its column, so a 20-step journey stays about as wide as its phases, not as
long as its steps.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cjdocs.catalogue import Catalogue, catalogue
from cjdocs.definitions.model import Channel, Journey, Model, Phase, Source, Step, Touchpoint
from cjdocs.render.css import svg_style
from cjdocs.render.dot import Graph, label_text, tooltip_text
from cjdocs.render.format import signed
from cjdocs.render.markup import xml_text
from cjdocs.render.palette import (
    EMOTION_COLOURS,
    EMOTION_TEXT_COLOURS,
    NO_EMOTION_COLOUR,
    TEXT_ON_LIGHT,
)
from cjdocs.render.wrapping import wrap

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
# Graphviz is handed no flow diagram of more steps than this: past it the picture is
# unreadable anyway, and layout time grows quickly.
MAX_STEPS = 250
# Characters per line in a step's box: narrow boxes keep five phase columns within a
# Material content column (about 600 pt) at a readable size.
NAME_WIDTH = 16
DETAIL_WIDTH = 20
CONDITION_WIDTH = 14


class TooLarge(Exception):
    """A journey too large to draw; the message says why."""


# -- the journey flow --------------------------------------------------------------------------


def _lines(text: str, width: int, limit: int) -> list[str]:
    """Text wrapped to `width` characters, cut after `limit` lines."""
    lines = wrap(" ".join(text.split()), width) or [""]
    if len(lines) > limit:
        lines = [*lines[: limit - 1], lines[limit - 1][: width - 1] + "…"]
    return lines


def _step_node(step: Step) -> tuple[dict[str, str], int]:
    """The attributes of a step's node, and how many lines of its label are its name."""
    name = _lines(step.name, NAME_WIDTH, 4)
    details = (
        _lines(", ".join(touchpoint.name for touchpoint in step.touchpoints), DETAIL_WIDTH, 2)
        if step.touchpoints
        else []
    )
    if step.emotion is None:
        fill, ink = NO_EMOTION_COLOUR, TEXT_ON_LIGHT
    else:
        fill, ink = EMOTION_COLOURS[step.emotion], EMOTION_TEXT_COLOURS[step.emotion]
        details.append(
            signed(step.emotion)
            + (f" · {_lines(step.feeling, DETAIL_WIDTH, 1)[0]}" if step.feeling else "")
        )
    # The name is set in bold after layout: reserve its width (Helvetica Bold, about 0.6 em a character).
    width = max(len(line) for line in name) * 0.6 * 10 / 72 + 0.2
    tooltip = " — ".join(part for part in (step.name, step.action, step.feeling) if part)
    attributes = {
        "label": label_text(name + details),
        "width": f"{width:.2f}",
        "fillcolor": fill,
        "fontcolor": ink,
        "style": "rounded,filled" if step.emotion is not None else "rounded,filled,dashed",
        "peripheries": "2" if step.ends else "1",
        "URL": f"#step-{step.id}",
        "target": "_top",
        "tooltip": tooltip_text(tooltip),
    }
    return attributes, len(name)


def _node_name(step: Step) -> str:
    return f"step-{step.id}"


def part_id(journey: Journey, phase: Phase) -> str:
    """The element id of one phase's flow diagram of a split journey (the link target)."""
    return f"cj-flow-{journey.id}-{phase.id}"


def journey_dot(journey: Journey, language: str | None = None) -> str:
    """The flow diagram of a whole journey as DOT text."""
    return _journey_graph(journey, language)[0]


def _journey_graph(journey: Journey, language: str | None) -> tuple[str, dict[str, int]]:
    """DOT text, and for each step's node id how many label lines are its name (set bold later)."""
    if len(journey.steps) > MAX_STEPS:
        raise TooLarge(
            f"journey '{journey.id}' has {len(journey.steps)} steps; diagrams are drawn for at most {MAX_STEPS}"
        )
    clusters = [
        (phase, [[step for step in journey.steps if step.phase.id == phase.id]])
        for phase in journey.phases
    ]
    return _flow_graph(journey, f"cj-flow-{journey.id}", clusters, language)


def _flow_graph(
    journey: Journey,
    prefix: str,
    clusters: list[tuple[Phase, list[list[Step]]]],
    language: str | None,
) -> tuple[str, dict[str, int]]:
    """The flow of the steps in `clusters` (a cluster per phase, columns of steps in each).

    Ways to steps outside the clusters (in another phase's part of a split journey) lead to
    a node naming that phase and linking to its diagram; ways in from outside come from one.
    """
    labels = catalogue(language)
    dot = Graph("flow")
    dot.defaults(
        "graph",
        id=prefix,
        rankdir="LR",
        newrank="true",
        nodesep="0.18",
        ranksep="0.3",
        bgcolor="transparent",
        fontname=FONT_BOLD,
        fontsize="12",
        pad="0.1",
    )
    dot.defaults(
        "node", shape="box", fontname=FONT, fontsize="10", margin="0.08,0.05", penwidth="1"
    )
    # 9 points: 12 px on screen, where the diagram is shown at its own size.
    dot.defaults("edge", fontname=FONT, fontsize="9", arrowsize="0.6", penwidth="1")

    bold_lines: dict[str, int] = {}
    shown = {step.id for _, columns in clusters for column in columns for step in column}
    for number, (phase, columns) in enumerate(clusters, 1):
        with dot.subgraph(
            f"cluster_{number}",
            label=label_text(_lines(phase.name, 18, 2)),
            id=f"{prefix}-phase-{phase.id}",
            style="rounded",
            margin="8",
        ):
            for steps in columns:
                with dot.subgraph(rank="same"):
                    for step in steps:
                        attributes, name_lines = _step_node(step)
                        node_id = f"{prefix}-step-{step.id}"
                        bold_lines[node_id] = name_lines
                        dot.node(_node_name(step), **attributes, id=node_id)
                # Journey order from top to bottom (in a left-to-right graph, a flat edge points up).
                for upper, lower in itertools.pairwise(steps):
                    dot.edge(_node_name(lower), _node_name(upper), style="invis")

    # The other phases of a split journey: where ways come in from (left), and lead on to (right).
    arriving: dict[str, Phase] = {}
    leaving: dict[str, Phase] = {}
    for step in journey.steps:
        for way in step.ways:
            target = journey.step(way.target)
            if step.id in shown and target.id not in shown:
                leaving.setdefault(target.phase.id, target.phase)
            elif step.id not in shown and target.id in shown:
                arriving.setdefault(step.phase.id, step.phase)
    for side, phases, word in (("from", arriving, "flow.from"), ("to", leaving, "flow.to")):
        if not phases:
            continue
        with dot.subgraph(rank="min" if side == "from" else "max"):
            for phase in sorted(phases.values(), key=lambda phase: (phase.order, phase.id)):
                text = labels[word].format(phase=phase.name)
                dot.node(
                    f"{side}-{phase.id}",
                    label=label_text(_lines(text, NAME_WIDTH, 3)),
                    style="rounded,dashed",
                    URL=f"#{part_id(journey, phase)}",
                    target="_top",
                    tooltip=tooltip_text(text),
                    id=f"{prefix}-{side}-{phase.id}",
                )

    # Columns in order, their first steps level with each other.
    firsts = [_node_name(column[0]) for _, columns in clusters for column in columns if column]
    if arriving:
        firsts.insert(0, f"from-{min(arriving.values(), key=lambda p: (p.order, p.id)).id}")
    if leaving:
        firsts.append(f"to-{min(leaving.values(), key=lambda p: (p.order, p.id)).id}")
    for left, right in itertools.pairwise(firsts):
        dot.edge(left, right, style="invis", weight="100")

    if journey.start.id in shown:
        dot.node(
            "start",
            label="",
            shape="circle",
            width="0.16",
            style="filled",
            id=f"{prefix}-start",
            tooltip=tooltip_text(labels["start"]),
        )
        dot.edge("start", _node_name(journey.start), id=f"{prefix}-edge-start")
    for step in journey.steps:
        for number, way in enumerate(step.ways):
            target = journey.step(way.target)
            if step.id not in shown and target.id not in shown:
                continue
            tail = _node_name(step) if step.id in shown else f"from-{step.phase.id}"
            head = _node_name(target) if target.id in shown else f"to-{target.phase.id}"
            attributes = {
                "id": f"{prefix}-edge-{step.id}-{number}",
                "weight": "0",
                "constraint": "false",
            }
            tooltip = f"{step.name} → {target.name}"
            if way.condition is not None:
                attributes["label"] = label_text(_lines(way.condition, CONDITION_WIDTH, 3))
                attributes["style"] = "dashed"
                tooltip += f" ({way.condition})"
            attributes["tooltip"] = tooltip_text(tooltip)
            dot.edge(tail, head, **attributes)
    return dot.source, bold_lines


# -- the touchpoint network --------------------------------------------------------------------

# Past this many touchpoints, or this many different moves between them, one picture of every
# touchpoint and every move is a tangle nobody reads (and past about 80 touchpoints and 5,000
# moves Graphviz gives up): the network is then drawn by channel, with a diagram per channel
# of its touchpoints' strongest links.
NETWORK_TOUCHPOINTS = 40
NETWORK_MOVES = 150
# The strongest links drawn between channels, and into and out of one channel's touchpoints.
CHANNEL_LINKS = 20
CHANNEL_DETAIL_LINKS = 8

# The link to a definition's page: (kind, id) -> URL, e.g. ("touchpoints", "newsletter").
Link = Callable[[str, str], str]


def touchpoint_moves(model: Model) -> Counter[tuple[str, str]]:
    """How often customers go from one touchpoint to another (by id) from a step to the next."""
    moves: Counter[tuple[str, str]] = Counter()
    for journey in model.journeys:
        for step in journey.steps:
            for following in journey.successors(step):
                for source in step.touchpoints:
                    for target in following.touchpoints:
                        if source.id != target.id:
                            moves[(source.id, target.id)] += 1
    return moves


def _used_touchpoints(model: Model) -> set[str]:
    return {
        touchpoint.id
        for journey in model.journeys
        for step in journey.steps
        for touchpoint in step.touchpoints
    }


def _strongest(counts: Counter, limit: int) -> list[tuple[Any, int]]:
    """The `limit` largest counts, ties in order of their keys, so that the choice is stable."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


def _network_graph(prefix: str) -> Graph:
    dot = Graph("network")
    dot.defaults(
        "graph",
        id=prefix,
        rankdir="LR",
        bgcolor="transparent",
        fontname=FONT,
        fontsize="12",
        nodesep="0.2",
        ranksep="0.6",
        pad="0.1",
    )
    dot.defaults(
        "node",
        shape="box",
        style="rounded,filled",
        fillcolor="#ffffff",
        fontcolor=TEXT_ON_LIGHT,
        fontname=FONT,
        fontsize="10",
        margin="0.08,0.04",
    )
    dot.defaults("edge", arrowsize="0.6", fontname=FONT, fontsize="8")
    return dot


def _sides(model: Model, channels: set[str]) -> list[tuple[str, list[Channel]]]:
    """The channels of `channels`, online apart from offline, in the model's order."""
    sides = []
    for online in (True, False):
        chosen = [
            channel
            for channel in model.channels
            if channel.online == online and channel.id in channels
        ]
        if chosen:
            sides.append(("online" if online else "offline", chosen))
    return sides


def _touchpoint_node(
    dot: Graph, prefix: str, touchpoint: Touchpoint, link: Link, *, channel: bool = False
) -> None:
    """A touchpoint's box, linked to its page; with `channel`, its channel named below its name."""
    lines = _lines(touchpoint.name, 20, 3)
    if channel:
        lines += _lines(f"({touchpoint.channel.name})", 20, 1)
    dot.node(
        f"tp-{touchpoint.id}",
        label=label_text(lines),
        URL=link("touchpoints", touchpoint.id),
        target="_top",
        tooltip=tooltip_text(f"{touchpoint.name} ({touchpoint.channel.name})"),
        id=f"{prefix}-touchpoint-{touchpoint.id}",
    )


def _touchpoint_clusters(
    dot: Graph,
    model: Model,
    prefix: str,
    shown: set[str],
    link: Link,
    labels: Catalogue,
) -> None:
    """The touchpoints of `shown` (ids) in a cluster per channel, online apart from offline."""
    by_channel = {
        channel.id: [tp for tp in model.touchpoints_on(channel) if tp.id in shown]
        for channel in model.channels
    }
    present = {identifier for identifier, touchpoints in by_channel.items() if touchpoints}
    for side, channels in _sides(model, present):
        with dot.subgraph(
            f"cluster_{side}",
            label=label_text([labels["network." + side]]),
            fontname=FONT_BOLD,
            id=f"{prefix}-{side}",
            style="rounded,dashed",
        ):
            for channel in channels:
                with dot.subgraph(
                    f"cluster_channel_{channel.id}",
                    label=label_text(_lines(channel.name, 24, 2)),
                    fontname=FONT,
                    id=f"{prefix}-channel-{channel.id}",
                    style="rounded",
                ):
                    for touchpoint in by_channel[channel.id]:
                        _touchpoint_node(dot, prefix, touchpoint, link)


def _pen(count: int, strongest: int) -> str:
    """A line's width by its share of the strongest link drawn: from 0.75 to 3."""
    return f"{0.75 + 2.25 * count / max(strongest, 1):.1f}"


def touchpoint_network_dot(
    model: Model, link: Callable[[Touchpoint], str], language: str | None = None
) -> str:
    """Which touchpoints lead to which over all journeys, grouped by channel, online apart from offline.

    Every touchpoint and every move: for small sets (see `network_diagrams`). `link` gives the
    URL of a touchpoint's page (relative to where the diagram is shown).
    """
    labels = catalogue(language)
    moves = touchpoint_moves(model)
    touchpoints = {touchpoint.id: touchpoint for touchpoint in model.touchpoints}
    used = {identifier for pair in moves for identifier in pair} | _used_touchpoints(model)
    prefix = "cj-network"
    dot = _network_graph(prefix)
    _touchpoint_clusters(
        dot, model, prefix, used, lambda kind, identifier: link(touchpoints[identifier]), labels
    )
    for (source, target), count in sorted(moves.items()):
        dot.edge(
            f"tp-{source}",
            f"tp-{target}",
            penwidth=str(min(1 + 0.5 * (count - 1), 4)),
            id=f"{prefix}-move-{source}-{target}",
            tooltip=tooltip_text(f"{count}×"),
        )
    return dot.source


def channel_network_dot(
    model: Model,
    moves: Counter[tuple[str, str]],
    link: Link,
    language: str | None = None,
    *,
    limit: int = CHANNEL_LINKS,
) -> tuple[str, int, int]:
    """The network by channel: a node per channel, an arrow for the moves from a touchpoint of
    one to a touchpoint of another, numbered; only the `limit` strongest arrows.

    Returns the DOT text, how many links are drawn and how many there are.
    """
    labels = catalogue(language)
    touchpoints = {touchpoint.id: touchpoint for touchpoint in model.touchpoints}
    between: Counter[tuple[str, str]] = Counter()
    within: Counter[str] = Counter()
    for (source, target), count in moves.items():
        first, second = touchpoints[source].channel.id, touchpoints[target].channel.id
        if first == second:
            within[first] += count
        else:
            between[(first, second)] += count
    used = _used_touchpoints(model)
    counts = Counter(touchpoints[identifier].channel.id for identifier in used)
    strongest = _strongest(between, limit)
    prefix = "cj-network"
    dot = _network_graph(prefix)
    for side, channels in _sides(model, set(counts)):
        with dot.subgraph(
            f"cluster_{side}",
            label=label_text([labels["network." + side]]),
            fontname=FONT_BOLD,
            id=f"{prefix}-{side}",
            style="rounded,dashed",
        ):
            for channel in channels:
                details = [labels.count("count.touchpoints", counts[channel.id])]
                if within[channel.id]:
                    details.append(labels.count("network.within", within[channel.id]))
                dot.node(
                    f"channel-{channel.id}",
                    label=label_text([*_lines(channel.name, 20, 2), *details]),
                    URL=link("channels", channel.id),
                    target="_top",
                    tooltip=tooltip_text(f"{channel.name}: {', '.join(details)}"),
                    id=f"{prefix}-channel-{channel.id}",
                )
    names = {channel.id: channel.name for channel in model.channels}
    top = strongest[0][1] if strongest else 1
    for (source, target), count in strongest:
        moved = labels.count("count.moves", count)
        dot.edge(
            f"channel-{source}",
            f"channel-{target}",
            label=labels.number(count),
            penwidth=_pen(count, top),
            id=f"{prefix}-move-{source}-{target}",
            tooltip=tooltip_text(f"{names[source]} → {names[target]}: {moved}"),
        )
    return dot.source, len(strongest), len(between)


def channel_detail_dot(
    model: Model,
    channel: Channel,
    moves: Counter[tuple[str, str]],
    link: Link,
    language: str | None = None,
    *,
    limit: int = CHANNEL_DETAIL_LINKS,
    used: set[str] | None = None,
) -> tuple[str, int, int]:
    """One channel's touchpoints, and the `limit` strongest moves out of them and into them;
    `used`: the touchpoints steps use, where the caller knows them already.

    Returns the DOT text, how many moves are drawn and how many there are.
    """
    labels = catalogue(language)
    touchpoints = {touchpoint.id: touchpoint for touchpoint in model.touchpoints}
    used = used if used is not None else _used_touchpoints(model)
    own = {tp.id for tp in model.touchpoints_on(channel)} & used
    leaving = Counter({pair: count for pair, count in moves.items() if pair[0] in own})
    arriving = Counter(
        {pair: count for pair, count in moves.items() if pair[1] in own and pair[0] not in own}
    )
    strongest = sorted(
        _strongest(leaving, limit) + _strongest(arriving, limit),
        key=lambda item: (-item[1], item[0]),
    )
    others = sorted({identifier for pair, _ in strongest for identifier in pair} - own)
    prefix = f"cj-network-of-{channel.id}"
    dot = _network_graph(prefix)
    with dot.subgraph(
        f"cluster_channel_{channel.id}",
        label=label_text(_lines(channel.name, 24, 2)),
        fontname=FONT_BOLD,
        id=f"{prefix}-channel-{channel.id}",
        style="rounded",
        penwidth="2",
    ):
        for touchpoint in model.touchpoints_on(channel):
            if touchpoint.id in own:
                _touchpoint_node(dot, prefix, touchpoint, link)
    # Touchpoints of other channels say their channel in their box, not in a box around them:
    # fewer boxes, a drawing half as tall.
    for identifier in others:
        _touchpoint_node(dot, prefix, touchpoints[identifier], link, channel=True)
    top = strongest[0][1] if strongest else 1
    for (source, target), count in strongest:
        moved = labels.count("count.moves", count)
        dot.edge(
            f"tp-{source}",
            f"tp-{target}",
            label=labels.number(count),
            penwidth=_pen(count, top),
            id=f"{prefix}-move-{source}-{target}",
            tooltip=tooltip_text(
                f"{touchpoints[source].name} → {touchpoints[target].name}: {moved}"
            ),
        )
    return dot.source, len(strongest), len(leaving) + len(arriving)


# -- finishing Graphviz's SVG ------------------------------------------------------------------

_SVG_START = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_SIZE = re.compile(r'\s(width|height)="([0-9.]+)pt"')
# Graphviz names every group in a <title> ("cluster_1", "step-a->step-b"), which browsers
# show as a tooltip: only our own title (first in the file) stays.
# (Written from the line break before it, not from `^` of a line: then a search for the
# literal, not a try at every position of the text; five times faster.)
_GRAPHVIZ_TITLE = re.compile(r"\n<title>[^<]*</title>(?=\n)")
_BACKGROUND = re.compile(r'<polygon fill="(?:white|transparent)" stroke="none"[^>]*/>\n')


def finish_svg(
    raw: bytes,
    *,
    kind: str,
    identifier: str,
    title: str,
    description: str,
    legend: tuple[str, float] | None = None,
    bold_lines: dict[str, int] | None = None,
    standalone: bool = True,
) -> str:
    """Graphviz's SVG made fit for a page: no prolog, comments or version, a text alternative,
    theme-following colours, and an optional legend below the drawing.

    Its look is `styles/diagrams.css`: part of the site's stylesheet, so an SVG inline in a
    page (`standalone=False`) carries no <style>; a standalone one embeds the rules.
    """
    svg = raw.decode("utf-8", "replace")
    svg = svg[svg.index("<svg") :]
    svg = _COMMENT.sub("", svg)
    svg = _GRAPHVIZ_TITLE.sub("", svg)
    svg = _BACKGROUND.sub("", svg, count=1)
    if bold_lines:
        svg = _NODE.sub(lambda match: _embolden(match, bold_lines), svg)
    start = _SVG_START.search(svg)
    header = start.group(0)
    sizes = {name: float(value) for name, value in _SIZE.findall(header)}
    width, height = sizes.get("width", 0.0), sizes.get("height", 0.0)
    legend_svg, legend_width = legend or ("", 0.0)
    width = max(width, legend_width)
    total = height + (28.0 if legend_svg else 0.0)
    title_id = f"{kind}-{identifier}-title"
    description_id = f"{kind}-{identifier}-desc"
    new_header = (
        f'<svg class="cj-diagram cj-{kind}" width="{_number(width)}pt" height="{_number(total)}pt" '
        f'viewBox="0 0 {_number(width)} {_number(total)}" role="group" '
        f'aria-labelledby="{title_id} {description_id}" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        f'<title id="{title_id}">{html.escape(xml_text(title), quote=False)}</title>\n'
        f'<desc id="{description_id}">{html.escape(xml_text(description), quote=False)}</desc>\n'
    ) + (svg_style("diagrams") + "\n" if standalone else "")
    body = svg[start.end() :].rstrip()
    closing = body.rindex("</svg>")
    legend_group = (
        f'<g class="cj-legend" transform="translate(0 {_number(height)})">{legend_svg}</g>\n'
        if legend_svg
        else ""
    )
    return new_header + body[:closing].strip("\n") + "\n" + legend_group + "</svg>\n"


_NODE = re.compile(r'<g id="([^"]+)" class="node">.*?\n</g>\n', re.DOTALL)
_TEXT = re.compile(r"<text ")


def _embolden(match: re.Match, bold_lines: dict[str, int]) -> str:
    """Set the first lines of a node's label (its name) in bold, the rest a size smaller."""
    count = bold_lines.get(html.unescape(match.group(1)))
    if count is None:
        return match.group(0)
    seen = 0

    def one(_: re.Match) -> str:
        nonlocal seen
        seen += 1
        return '<text font-weight="bold" ' if seen <= count else '<text class="cj-detail" '

    return _TEXT.sub(one, match.group(0))


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def emotion_legend(labels: Catalogue) -> tuple[str, float]:
    """The emotion scale as SVG, for the strip below a flow diagram, and its width."""
    parts = []
    x = 8.0
    parts.append(
        f'<text x="{_number(x)}" y="17" font-size="10" font-weight="bold">{html.escape(labels["flow.legend"])}</text>'
    )
    x += 52
    for value in range(-2, 3):
        name = f"{signed(value)} {labels[f'emotion.{value}']}"
        parts.append(
            f'<rect x="{_number(x)}" y="7" width="14" height="14" rx="3" fill="{EMOTION_COLOURS[value]}"/>'
        )
        parts.append(
            f'<text x="{_number(x + 18)}" y="17" font-size="10">{html.escape(name)}</text>'
        )
        x += 24 + 6.2 * len(name)
    parts.append(
        f'<rect x="{_number(x)}" y="7" width="14" height="14" rx="3" fill="none" stroke-width="3" stroke-dasharray="none"/>'
    )
    end = labels["flow.legend.end"]
    parts.append(f'<text x="{_number(x + 18)}" y="17" font-size="10">{html.escape(end)}</text>')
    return "".join(parts), x + 26 + 5.6 * len(end)


def flow_description(journey: Journey, labels: Catalogue) -> str:
    ends = f" {labels['or']} ".join(step.name for step in journey.ends)
    return labels["flow.description"].format(
        steps=labels.count("count.steps", len(journey.steps)),
        phases=labels.count("count.phases", len(journey.phases)),
        start=journey.start.name,
        ends=ends,
    )


# -- a site's diagrams: planned, laid out together, a table where one cannot be drawn -----------

# A journey of more steps than this is drawn phase by phase: one diagram per phase, its steps
# in columns of at most COLUMN_STEPS, each diagram linking to the phases before and after.
SPLIT_STEPS = 60
COLUMN_STEPS = 12
# The code of the warning a build gives for a diagram it shows as a table.
DIAGRAM_TOO_LARGE = "diagram-too-large"


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    href: str | None = None  # built from ids only


@dataclass(frozen=True, slots=True)
class Table:
    """What a diagram shows, as rows: the page shows it in the diagram's place when the
    diagram cannot be drawn."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True, slots=True)
class Diagram:
    """One diagram to lay out, how its SVG is finished, and what stands in its place."""

    name: str  # unique in a site, for the cache and messages: "journey 'laptop'"
    subject: str  # a warning's subject: "the flow diagram of journey 'laptop'"
    advice: str  # a warning's last words: what brings the diagram back
    source: Source  # where a warning points
    dot: str | None  # None: too large to hand to Graphviz at all (`too_large` says why)
    finish: Callable[..., str]  # (SVG from Graphviz, standalone=...) -> the finished SVG
    table: Callable[[], Table]
    too_large: str = ""
    heading: str = ""  # where a page shows it among others, e.g. a channel's network


def whole_flow(journey: Journey, language: str | None) -> Diagram:
    labels = catalogue(language)
    dot, bold_lines = _journey_graph(journey, language)
    return Diagram(
        name=f"journey '{journey.id}'",
        subject=labels["message.diagram.flow"].format(id=journey.id),
        advice=labels["message.diagram.split"],
        source=journey.source,
        dot=dot,
        finish=functools.partial(
            finish_svg,
            kind="flow",
            identifier=journey.id,
            title=labels["flow.title"].format(name=journey.name),
            description=flow_description(journey, labels),
            legend=emotion_legend(labels),
            bold_lines=bold_lines,
        ),
        table=functools.partial(flow_table, journey, journey.steps, labels),
    )


def flow_diagrams(
    journey: Journey,
    language: str | None = None,
    *,
    split: int = SPLIT_STEPS,
    largest: int = MAX_STEPS,
) -> list[Diagram]:
    """A journey's flow: one diagram, or past `split` steps one per phase, in phase order.

    A phase of more than `largest` steps is not handed to Graphviz: a table stands in for it.
    """
    if len(journey.steps) <= split:
        return [whole_flow(journey, language)]
    labels = catalogue(language)
    parts = []
    for phase in journey.phases:
        steps = [step for step in journey.steps if step.phase.id == phase.id]
        identifier = f"{journey.id}-{phase.id}"
        dot, bold_lines, too_large = None, {}, ""
        if len(steps) > largest:
            too_large = labels["message.diagram.phase_steps"].format(
                phase=phase.id, steps=labels.number(len(steps)), largest=labels.number(largest)
            )
        else:
            columns = [steps[at : at + COLUMN_STEPS] for at in range(0, len(steps), COLUMN_STEPS)]
            dot, bold_lines = _flow_graph(
                journey, part_id(journey, phase), [(phase, columns)], language
            )
        parts.append(
            Diagram(
                name=f"journey '{journey.id}', phase '{phase.id}'",
                subject=labels["message.diagram.flow_phase"].format(id=journey.id, phase=phase.id),
                advice=labels["message.diagram.split"],
                source=journey.source,
                dot=dot,
                finish=functools.partial(
                    finish_svg,
                    kind="flow",
                    identifier=identifier,
                    title=labels["flow.part.title"].format(name=journey.name, phase=phase.name),
                    description=labels["flow.part.description"].format(
                        steps=labels.count("count.steps", len(steps)),
                        total=labels.number(len(journey.steps)),
                        phase=phase.name,
                    ),
                    legend=emotion_legend(labels),
                    bold_lines=bold_lines,
                ),
                table=functools.partial(flow_table, journey, steps, labels),
                too_large=too_large,
            )
        )
    return parts


def flow_table(journey: Journey, steps: Sequence[Step], labels: Catalogue) -> Table:
    """The steps of a flow diagram as rows: step (linked to its details), phase, emotion, next."""
    rows = []
    for step in steps:
        ways = []
        for way in step.ways:
            target = journey.step(way.target).name
            ways.append(f"{target} ({labels['if']} {way.condition})" if way.condition else target)
        rows.append(
            (
                Cell(step.name, f"#step-{step.id}"),
                Cell(step.phase.name),
                Cell(signed(step.emotion) if step.emotion is not None else ""),
                Cell("; ".join(ways) if ways else labels["ends_here"]),
            )
        )
    headers = (labels["step"], labels["phase"], labels["emotion"], labels["next"])
    return Table(headers, tuple(rows))


def network_diagrams(
    model: Model, link: Link, language: str | None = None, *, detail_link: Link | None = None
) -> list[Diagram]:
    """The touchpoint network: one diagram of every touchpoint and move for a small set, else
    the network by channel followed by a diagram per channel (in the model's order), whose
    links are made by `detail_link` where given (they stand on another page)."""
    labels = catalogue(language)
    moves = touchpoint_moves(model)
    used = _used_touchpoints(model)
    if not used:
        return []
    touchpoints = {touchpoint.id: touchpoint for touchpoint in model.touchpoints}
    advice = labels["message.diagram.smaller"]
    if len(used) <= NETWORK_TOUCHPOINTS and len(moves) <= NETWORK_MOVES:
        description = labels["network.description"].format(
            touchpoints=labels.count("count.touchpoints", len(model.touchpoints)),
            channels=labels.count("count.channels.on", len(model.channels)),
        )
        return [
            Diagram(
                name="the touchpoint network",
                subject=labels["message.diagram.network"],
                advice=advice,
                source=touchpoints[min(used)].source,
                dot=touchpoint_network_dot(
                    model, lambda touchpoint: link("touchpoints", touchpoint.id), language
                ),
                finish=functools.partial(
                    finish_svg,
                    kind="network",
                    identifier="all",
                    title=labels["network.title"],
                    description=description,
                ),
                table=functools.partial(
                    _moves_table, moves, touchpoints, "touchpoints", link, labels
                ),
            )
        ]
    channels = {channel.id: channel for channel in model.channels}
    dot, shown, total = channel_network_dot(model, moves, link, language)
    note = _left_out(shown, total, labels)
    description = labels["network.channels.description"].format(
        channels=labels.count("count.channels", len({touchpoints[t].channel.id for t in used})),
        touchpoints=labels.count("count.touchpoints", len(used)),
    )
    plans = [
        Diagram(
            name="the network of channels",
            subject=labels["message.diagram.channels"],
            advice=advice,
            source=model.channels[0].source,
            dot=dot,
            finish=functools.partial(
                finish_svg,
                kind="network",
                identifier="all",
                title=labels["network.channels.title"],
                description=" ".join(filter(None, (description, note))),
                legend=_note(note),
            ),
            table=functools.partial(
                _moves_table, _channel_moves(moves, touchpoints), channels, "channels", link, labels
            ),
        )
    ]
    link = detail_link or link
    for channel in model.channels:
        if not any(touchpoints[identifier].channel.id == channel.id for identifier in used):
            continue
        dot, shown, total = channel_detail_dot(model, channel, moves, link, language, used=used)
        note = _left_out(shown, total, labels)
        own = {tp.id for tp in model.touchpoints_on(channel)}
        plans.append(
            Diagram(
                name=f"the network of channel '{channel.id}'",
                subject=labels["message.diagram.channel"].format(id=channel.id),
                advice=advice,
                source=channel.source,
                dot=dot,
                finish=functools.partial(
                    finish_svg,
                    kind="network",
                    identifier=f"channel-{channel.id}",
                    title=labels["network.channel.title"].format(name=channel.name),
                    description=" ".join(
                        filter(
                            None,
                            (
                                labels["network.channel.description"].format(name=channel.name),
                                note,
                            ),
                        )
                    ),
                    legend=_note(note),
                ),
                heading=labels["network.channel.summary"].format(name=channel.name),
                table=functools.partial(
                    _moves_table,
                    Counter(
                        {pair: n for pair, n in moves.items() if pair[0] in own or pair[1] in own}
                    ),
                    touchpoints,
                    "touchpoints",
                    link,
                    labels,
                ),
            )
        )
    return plans


def _channel_moves(
    moves: Counter[tuple[str, str]], touchpoints: Mapping[str, Touchpoint]
) -> Counter[tuple[str, str]]:
    between: Counter[tuple[str, str]] = Counter()
    for (source, target), count in moves.items():
        pair = (touchpoints[source].channel.id, touchpoints[target].channel.id)
        if pair[0] != pair[1]:
            between[pair] += count
    return between


def _moves_table(
    moves: Counter[tuple[str, str]],
    definitions: Mapping[str, Touchpoint | Channel],
    kind: str,
    link: Link,
    labels: Catalogue,
) -> Table:
    """Moves as rows, the strongest first: from, to, how many."""
    rows = tuple(
        (
            Cell(definitions[source].name, link(kind, source)),
            Cell(definitions[target].name, link(kind, target)),
            Cell(labels.number(count)),
        )
        for (source, target), count in _strongest(moves, len(moves))
    )
    return Table((labels["from"], labels["to"], labels["moves"]), rows)


def _left_out(shown: int, total: int, labels: Catalogue) -> str:
    if shown >= total:
        return ""
    return labels["network.left_out"].format(
        shown=labels.number(shown),
        total=labels.number(total),
        left_out=labels.number(total - shown),
    )


def _note(text: str) -> tuple[str, float] | None:
    """A line of text for the strip below a diagram, and its width."""
    if not text:
        return None
    return (
        f'<text x="8" y="17" font-size="10">{html.escape(text, quote=False)}</text>',
        16 + 5.4 * len(text),
    )
