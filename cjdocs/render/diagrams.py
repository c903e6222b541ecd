"""Diagrams as DOT: the journey flow and the touchpoint network, and finishing Graphviz's SVG.

The DOT is written by `cjdocs.render.dot`, which quotes every name and value. User text reaches
it only as labels and tooltips, prepared by `label_text` and `tooltip_text` so that no text
can close a string or expand Graphviz's escapes (`\\N`, `\\G`). URLs and element ids are
built from validated ids only; no attribute or image ever comes from user text.

Layout: phases are columns from left to right in phase order, and the steps of a phase are
stacked inside its column, so a 20-step journey stays about as wide as its phases, not as
long as its steps.
"""

from __future__ import annotations

import html
import itertools
import re
import textwrap
from collections import Counter
from collections.abc import Callable

from cjdocs.catalogue import Catalogue, catalogue
from cjdocs.definitions.model import Journey, Model, Step, Touchpoint
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

FONT = "Helvetica"
FONT_BOLD = "Helvetica-Bold"
# Graphviz is handed no journey longer than this: past it the picture is unreadable anyway,
# and layout time grows quickly.
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
    lines = textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]
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


def journey_dot(journey: Journey, language: str | None = None) -> str:
    """The flow diagram of a journey as DOT text."""
    return _journey_graph(journey, language)[0]


def _journey_graph(journey: Journey, language: str | None) -> tuple[str, dict[str, int]]:
    """DOT text, and for each step's node id how many label lines are its name (set bold later)."""
    if len(journey.steps) > MAX_STEPS:
        raise TooLarge(
            f"journey '{journey.id}' has {len(journey.steps)} steps; diagrams are drawn for at most {MAX_STEPS}"
        )
    labels = catalogue(language)
    prefix = f"cj-flow-{journey.id}"
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
    columns = [
        [step for step in journey.steps if step.phase.id == phase.id] for phase in journey.phases
    ]
    for number, (phase, steps) in enumerate(zip(journey.phases, columns, strict=True), 1):
        with dot.subgraph(
            f"cluster_{number}",
            label=label_text(_lines(phase.name, 18, 2)),
            id=f"{prefix}-phase-{phase.id}",
            style="rounded",
            margin="8",
        ):
            with dot.subgraph(rank="same"):
                for step in steps:
                    attributes, name_lines = _step_node(step)
                    node_id = f"{prefix}-step-{step.id}"
                    bold_lines[node_id] = name_lines
                    dot.node(_node_name(step), **attributes, id=node_id)
            # Journey order from top to bottom (in a left-to-right graph, a flat edge points up).
            for upper, lower in itertools.pairwise(steps):
                dot.edge(_node_name(lower), _node_name(upper), style="invis")
    # Columns in phase order, their first steps level with each other.
    for left, right in itertools.pairwise(columns):
        dot.edge(_node_name(left[0]), _node_name(right[0]), style="invis", weight="100")

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
            dot.edge(_node_name(step), _node_name(target), **attributes)
    return dot.source, bold_lines


# -- the touchpoint network --------------------------------------------------------------------


def touchpoint_network_dot(
    model: Model, link: Callable[[Touchpoint], str], language: str | None = None
) -> str:
    """Which touchpoints lead to which over all journeys, grouped by channel, online apart from offline.

    `link` gives the URL of a touchpoint's page (relative to where the diagram is shown).
    """
    labels = catalogue(language)
    moves: Counter[tuple[str, str]] = Counter()
    for journey in model.journeys:
        for step in journey.steps:
            for following in journey.successors(step):
                for source in step.touchpoints:
                    for target in following.touchpoints:
                        if source.id != target.id:
                            moves[(source.id, target.id)] += 1
    used = {identifier for pair in moves for identifier in pair} | {
        touchpoint.id
        for journey in model.journeys
        for step in journey.steps
        for touchpoint in step.touchpoints
    }
    prefix = "cj-network"
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
    for online in (True, False):
        side = "online" if online else "offline"
        groups = [
            (
                channel,
                [
                    touchpoint
                    for touchpoint in model.touchpoints_on(channel)
                    if touchpoint.id in used
                ],
            )
            for channel in model.channels
            if channel.online == online
        ]
        groups = [(channel, touchpoints) for channel, touchpoints in groups if touchpoints]
        if not groups:
            continue
        with dot.subgraph(
            f"cluster_{side}",
            label=label_text([labels["network." + side]]),
            fontname=FONT_BOLD,
            id=f"{prefix}-{side}",
            style="rounded,dashed",
        ):
            for channel, touchpoints in groups:
                with dot.subgraph(
                    f"cluster_channel_{channel.id}",
                    label=label_text(_lines(channel.name, 24, 2)),
                    fontname=FONT,
                    id=f"{prefix}-channel-{channel.id}",
                    style="rounded",
                ):
                    for touchpoint in touchpoints:
                        dot.node(
                            f"tp-{touchpoint.id}",
                            label=label_text(_lines(touchpoint.name, 20, 3)),
                            URL=link(touchpoint),
                            target="_top",
                            tooltip=tooltip_text(f"{touchpoint.name} ({channel.name})"),
                            id=f"{prefix}-touchpoint-{touchpoint.id}",
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


# -- finishing Graphviz's SVG ------------------------------------------------------------------

_SVG_START = re.compile(r"<svg\b[^>]*>", re.DOTALL)
_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_SIZE = re.compile(r'\s(width|height)="([0-9.]+)pt"')
# Graphviz names every group in a <title> ("cluster_1", "step-a->step-b"), which browsers
# show as a tooltip: only our own title (first in the file) stays.
_GRAPHVIZ_TITLE = re.compile(r"^<title>[^<]*</title>\n", re.MULTILINE)
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
    svg = raw.decode("utf-8")
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


def flow_svgs(
    journeys: list[Journey],
    *,
    language: str | None = None,
    engine=None,
    cache=None,
    workers: int | None = None,
    standalone: bool = True,
) -> dict[str, str]:
    """The finished flow diagram of each journey, by journey id, laid out in parallel and cached.

    `standalone=False` for SVGs inline in the site's pages, whose stylesheet styles them.
    """
    from cjdocs.render.engine import layout_all

    labels = catalogue(language)
    graphs = {journey.id: _journey_graph(journey, language) for journey in journeys}
    dots = {f"journey '{identifier}'": dot for identifier, (dot, _) in graphs.items()}
    raw = layout_all(dots, engine=engine, cache=cache, workers=workers)
    legend = emotion_legend(labels)
    return {
        journey.id: finish_svg(
            raw[f"journey '{journey.id}'"],
            kind="flow",
            identifier=journey.id,
            title=labels["flow.title"].format(name=journey.name),
            description=flow_description(journey, labels),
            legend=legend,
            bold_lines=graphs[journey.id][1],
            standalone=standalone,
        )
        for journey in journeys
    }
