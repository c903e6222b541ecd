"""Charts of a journey written as SVG by hand: the emotion curve of the journey map (its lane,
the compact curve for phones, the gauge of a step card) and the funnel.

No plotting library: the pictures are small, and writing the SVG ourselves keeps every
character of user text under our escaping and every byte the same from build to build. The
curve's numbers come from `map.py`; this module only writes them.

The charts are inline SVG meant for a Material page: text and lines take the page's text
colour (`currentColor`), fills come from CSS custom properties with fallbacks, and every
colour-bearing element also carries the same colour as a presentation attribute, so the chart
still reads without its stylesheet. The rules live in `styles/charts.css`, part of the site's
stylesheet; a standalone chart carries them in its own <style>, where they would apply to a
whole page it stood in, hence every rule is scoped to `svg.cj-chart`.
"""

from __future__ import annotations

import functools
import html
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from cjdocs.catalogue import Catalogue, catalogue
from cjdocs.definitions.model import Journey, Step
from cjdocs.render.css import svg_style
from cjdocs.render.format import emotion_key, signed
from cjdocs.render.map import BACK, OVER, STRAIGHT, Column, Curve, Join, Point
from cjdocs.render.markup import xml_text
from cjdocs.render.palette import EMOTION_COLOURS, EMOTION_TEXT_COLOURS

__all__ = [
    "EMOTION_COLOURS",
    "change_from",
    "compact_curve",
    "emotion_gauge",
    "funnel",
    "lane_axis",
    "lane_cell",
    "steps_before",
]


SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Shown where a share cannot be computed (a reach of 0 to compare with).
NO_SHARE = "—"
# Fallback fills that read on light and dark backgrounds alike: grey at low opacity (the same
# as the custom properties' fallbacks in styles/charts.css).
TRACK = "rgba(128,128,128,.16)"
GRID = "rgba(128,128,128,.35)"
INK = "#808080"
BAR = "#4393c3"  # RdBu's mid blue: legible on white and on Material's slate


# -- text and numbers --------------------------------------------------------------------------


def svg_text(text: str) -> str:
    """Text for element content or an attribute value, read back exactly as written.

    Line breaks and tabs become character references: a parser keeps them (it would turn a
    raw CR LF into LF, and a raw line break in an attribute into a space), and a blank line
    in user text cannot end the HTML block the SVG stands in when it sits in Markdown.
    """
    escaped = html.escape(xml_text(text), quote=True)
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


_NARROW = frozenset(" fijlrt.,;:'!|()[]-/")
_WIDE = frozenset("mwMW@%")


@functools.lru_cache(maxsize=4096)
def character_width(character: str) -> float:
    """A character's width in em, rounded up from Helvetica's and Roboto's."""
    if unicodedata.combining(character):
        return 0.0
    if unicodedata.east_asian_width(character) in "WF":
        return 1.15  # emoji and CJK: a full em and some
    if character in _NARROW:
        return 0.34
    if character in _WIDE:
        return 0.88
    if character.isupper():
        return 0.7
    return 0.56


def text_width(text: str, size: float) -> float:
    """The width of `text` at font size `size`, estimated without a font (generously)."""
    return sum(character_width(character) for character in text) * size


def shorten(text: str, width: float, size: float) -> str:
    """`text` on one line, cut with an ellipsis to fit `width`."""
    text = " ".join(xml_text(text).split())
    if text_width(text, size) <= width:
        return text
    room = width - text_width("…", size)
    kept = []
    for character in text:
        room -= character_width(character) * size
        if room < 0:
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"


def coordinate(value: float) -> str:
    """A coordinate: one decimal at most, so output does not depend on float noise."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _svg_open(
    kind: str,
    journey: Journey,
    width: float,
    height: float,
    title: str,
    description: str,
    standalone: bool,
) -> list[str]:
    title_id = svg_text(f"cj-{kind}-{journey.id}-title")
    description_id = svg_text(f"cj-{kind}-{journey.id}-desc")
    return [
        f'<svg class="cj-chart cj-{kind}" width="{coordinate(width)}" height="{coordinate(height)}" '
        f'viewBox="0 0 {coordinate(width)} {coordinate(height)}" role="group" '
        f'aria-labelledby="{title_id} {description_id}" xmlns="{SVG_NAMESPACE}">',
        f'<title id="{title_id}">{svg_text(title)}</title>',
        f'<desc id="{description_id}">{svg_text(description)}</desc>',
        *([svg_style("charts")] if standalone else []),
    ]


def _step_link(step: Step) -> str:
    return f'<a class="cj-step" href="#step-{svg_text(step.id)}">'


# -- the emotion curve of the journey map -------------------------------------------------------
#
# The curve is drawn on the map's grid (see `map.py` for its numbers): in the map's emotion lane
# each step's cell holds an SVG of the column's width whose point stands at its centre, and the
# lines from that point reach the other columns in per cent of one column (every column is
# equally wide), so points stay over their columns at any width. On a phone a compact curve of
# the whole journey stands above the step cards, each point a link to its card.


def _emotion_words(step: Step, labels: Catalogue) -> str:
    if step.emotion is None:
        return labels["emotion.none"]
    words = f"{signed(step.emotion)} {labels[f'emotion.{step.emotion}']}"
    return f"{words} ({step.feeling})" if step.feeling else words


def _percent(value: float) -> str:
    return coordinate(value * 100) + "%"


ARROW = 8.0  # an arrowhead's length and width, in pixels


def arrow_markers(prefix: str, curve: Curve) -> str:
    """The arrowhead and the loop that routed joins wear (SVG markers: shapes in pixels placed
    at a point given in per cent), named after `prefix`, which is unique on the page."""
    radius, loop = curve.scale.radius, curve.scale.radius * 0.6
    # The loop hangs from the bottom of its point down to the first return track and back.
    depth = curve.track_y(Join(0, 0, BACK, 0)) - curve.y(0) - radius
    return (
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 {coordinate(ARROW)} {coordinate(ARROW)}" '
        f'refX="{coordinate(ARROW)}" refY="{coordinate(ARROW / 2)}" markerWidth="{coordinate(ARROW)}" '
        f'markerHeight="{coordinate(ARROW)}" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path class="cj-arrow" d="M0 0L{coordinate(ARROW)} {coordinate(ARROW / 2)}L0 {coordinate(ARROW)}z" '
        f'fill="{INK}"/></marker>'
        f'<marker id="{prefix}-loop" markerUnits="userSpaceOnUse" markerWidth="1" '
        f'markerHeight="1" overflow="visible">'
        f'<path class="cj-loop" d="M{coordinate(loop)} 0V{coordinate(depth)}H{coordinate(-loop)}V{coordinate(ARROW)}" '
        f'fill="none" stroke="{INK}" stroke-width="2"/>'
        f'<path class="cj-arrow" d="M{coordinate(-loop - ARROW / 2)} {coordinate(ARROW)}L{coordinate(-loop)} 0'
        f'L{coordinate(-loop + ARROW / 2)} {coordinate(ARROW)}z" fill="{INK}"/></marker></defs>'
    )


def join_path(curve: Curve, join: Join, x: Callable[[float], str], prefix: str) -> list[str]:
    """The SVG of one join: a straight line to a later column, a line over the curve into a
    later column past other points, or a return arrow below the curve (see `map.Join`); the
    routed ones wear the markers of `arrow_markers(prefix, ...)`."""
    source, target = curve.point(join.source), curve.point(join.target)
    kind = f"cj-join cj-{join.route}" + (" cj-bridged" if join.bridged else "")
    dashes = ' stroke-dasharray="4 4"' if join.bridged else ""
    stroke = f'stroke="{INK}" stroke-width="2"{dashes}'
    if join.route == STRAIGHT:
        return [
            f'<line class="{kind}" x1="{x(source.x)}" y1="{coordinate(source.y)}" '
            f'x2="{x(target.x)}" y2="{coordinate(target.y)}" {stroke}/>'
        ]
    radius, track = curve.scale.radius, curve.track_y(join)
    side = -1 if join.route == OVER else 1  # over the curve: from the top of the points
    start, end = source.y + side * radius, target.y + side * radius
    if join.source == join.target:
        # A step that leads back to itself: a loop under its own point.
        bottom = coordinate(source.y + radius)
        return [
            f'<line class="{kind}" x1="{x(source.x)}" y1="{bottom}" x2="{x(source.x)}" '
            f'y2="{bottom}" stroke="none" marker-start="url(#{prefix}-loop)"/>'
        ]
    return [
        f'<g class="{kind}">'
        f'<line x1="{x(source.x)}" y1="{coordinate(start)}" x2="{x(source.x)}" y2="{coordinate(track)}" {stroke}/>'
        f'<line x1="{x(source.x)}" y1="{coordinate(track)}" x2="{x(target.x)}" y2="{coordinate(track)}" {stroke}/>'
        f'<line x1="{x(target.x)}" y1="{coordinate(track)}" x2="{x(target.x)}" y2="{coordinate(end)}" '
        f'{stroke} marker-end="url(#{prefix}-arrow)"/>'
        "</g>"
    ]


def point_mark(curve: Curve, point: Point, x: Callable[[float], str]) -> list[str]:
    """A point, its colour and its value written in it (colour is never alone)."""
    key = emotion_key(point.emotion)
    return [
        f'<circle class="cj-point cj-emotion-{key}" cx="{x(point.x)}" cy="{coordinate(point.y)}" '
        f'r="{coordinate(curve.scale.radius)}" fill="{EMOTION_COLOURS[point.emotion]}" stroke="{INK}"/>',
        f'<text class="cj-value cj-emotion-{key}" x="{x(point.x)}" y="{coordinate(point.y + 4.5)}" '
        f'text-anchor="middle" fill="{EMOTION_TEXT_COLOURS[point.emotion]}">'
        f"{signed(point.emotion)}</text>",
    ]


def level_lines(curve: Curve) -> list[str]:
    """The zero line and faint lines at the other emotions, across the whole drawing."""
    return [
        f'<line class="{"cj-zero" if emotion == 0 else "cj-grid"}" x1="0" x2="100%" '
        f'y1="{coordinate(curve.y(emotion))}" y2="{coordinate(curve.y(emotion))}" '
        f'stroke="{INK if emotion == 0 else GRID}"/>'
        for emotion in (2, 1, 0, -1, -2)
    ]


def lane_cell(curve: Curve, column: int, prefix: str = "cj-lane") -> str:
    """The emotion lane's drawing in one step's column: the levels, the joins that start at the
    step, and its point. As wide as the column; the joins reach into the columns beside it.
    Hidden from screen readers: the cell says the emotion in words. `prefix` names its
    markers: unique on the page, with the column's number added."""

    def x(at: float) -> str:
        return _percent(at - column)

    parts = [
        f'<svg class="cj-curve cj-lane" width="100%" height="{coordinate(curve.height)}" overflow="visible" '
        f'aria-hidden="true" focusable="false" xmlns="{SVG_NAMESPACE}">',
        *level_lines(curve),
    ]
    routed = [join for join in curve.joins if join.source == column]
    name = svg_text(f"{prefix}-{column}")
    if any(join.route != STRAIGHT for join in routed):
        parts.append(arrow_markers(name, curve))
    for join in routed:
        parts += join_path(curve, join, x, name)
    point = curve.point(column)
    if point is not None:
        parts += point_mark(curve, point, x)
    parts.append("</svg>")
    return "".join(parts)


def lane_axis(curve: Curve) -> str:
    """The emotion lane's scale, +2 to −2, for the lane's header beside the cells."""
    parts = [
        f'<svg class="cj-curve cj-lane-axis" width="36" height="{coordinate(curve.height)}" '
        f'aria-hidden="true" focusable="false" xmlns="{SVG_NAMESPACE}">'
    ]
    for emotion in (2, 1, 0, -1, -2):
        parts.append(
            f'<text class="cj-tick" x="32" y="{coordinate(curve.y(emotion) + 4.5)}" '
            f'text-anchor="end">{signed(emotion)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


COMPACT_PITCH = 30.0  # the least room per step in the compact curve, in pixels


def compact_curve(
    journey: Journey,
    placed: tuple[Column, ...],
    curve: Curve,
    anchor: Callable[[Step], str],
    labels: Catalogue | None = None,
) -> str:
    """The whole curve in one SVG as wide as its frame (the page's stylesheet gives it at least
    `COMPACT_PITCH` pixels a step, and its frame scrolls sideways beyond that),
    each point a link to `anchor(step)`, named by the step (its number in the journey, as its
    details are) and its emotion in words."""
    labels = labels or catalogue("en")
    count = len(placed)

    def x(at: float) -> str:
        return _percent(at / count)

    title_id = svg_text(f"cj-compact-{journey.id}-title")
    parts = [
        f'<svg class="cj-curve cj-compact-curve" width="100%" '
        f'height="{coordinate(curve.height)}" overflow="visible" role="group" '
        f'aria-labelledby="{title_id}" xmlns="{SVG_NAMESPACE}">',
        f'<title id="{title_id}">{svg_text(labels["curve.title"].format(name=journey.name))}</title>',
        *level_lines(curve),
    ]
    name = svg_text(f"cj-compact-{journey.id}")
    if any(join.route != STRAIGHT for join in curve.joins):
        parts.append(arrow_markers(name, curve))
    for join in curve.joins:
        parts += join_path(curve, join, x, name)
    numbers = {step.id: number for number, step in enumerate(journey.steps, 1)}
    for point in curve.points:
        step = placed[point.column].step
        words = f"{numbers[step.id]}. {step.name}: {_emotion_words(step, labels)}"
        parts += [
            f'<a class="cj-step" href="{svg_text(anchor(step))}"><title>{svg_text(words)}</title>',
            *point_mark(curve, point, x),
            "</a>",
        ]
    parts.append("</svg>")
    return "".join(parts)


def emotion_gauge(value: int) -> str:
    """A small gauge of the five emotions, the step's one filled and marked; the words stand
    beside it in the page."""
    parts = [
        f'<svg class="cj-curve cj-gauge" width="84" height="20" aria-hidden="true" focusable="false" '
        f'xmlns="{SVG_NAMESPACE}">'
    ]
    for position, emotion in enumerate(range(-2, 3)):
        chosen = emotion == value
        key = emotion_key(emotion)
        fill = EMOTION_COLOURS[emotion] if chosen else TRACK
        parts.append(
            f'<rect class="cj-gauge-{"on cj-emotion-" + key if chosen else "off"}" '
            f'x="{position * 17 + 1}" y="{2 if chosen else 6}" width="14" '
            f'height="{16 if chosen else 8}" rx="2" fill="{fill}"'
            + (f' stroke="{INK}"' if chosen else "")
            + "/>"
        )
    parts.append("</svg>")
    return "".join(parts)


# -- the funnel --------------------------------------------------------------------------------

ROW = 30.0
BAR_HEIGHT = 18.0
NAME_SIZE = 12.0
NAME_WIDTH = 160.0
BAR_X = 170.0
# Bars take what the figures leave of this width, within these bounds.
FUNNEL_WIDTH = 720.0
BAR_LENGTHS = (160.0, 300.0)
FIGURE_SIZE = 12.0
HEADER = 22.0
GUTTER = 12.0


def _change(previous: int, reach: int, labels: Catalogue) -> tuple[str, str]:
    """How the reach changed from the step before: as shown, and in words."""
    if previous == 0:
        return NO_SHARE, labels["funnel.not_comparable"]
    if reach > previous:
        grown = labels.percent((reach - previous) / previous)
        return f"+{grown}", f"{labels['funnel.grew']} {grown}"
    kept = round(reach / previous * 100, 1)
    # The lost share from the rounded kept one, so the two shown always add up to 100.
    text = f"{labels['funnel.kept']} {labels.percent(kept / 100)}, {labels['funnel.lost']} {labels.percent((100 - kept) / 100)}"
    return text, text


def steps_before(journey: Journey) -> dict[str, list[Step]]:
    """For each step, the steps with a reach its customers come from: the steps leading to it,
    looking past steps without a reach, in journey order.

    In a linear journey that is the previous step with a reach; after a fork it is the step
    that forked, not the sibling branch that happens to stand above in the list.
    """
    leading: dict[str, list[Step]] = {step.id: [] for step in journey.steps}
    for step in journey.steps:
        for following in dict.fromkeys(way.target for way in step.ways):
            leading[following].append(step)
    before: dict[str, list[Step]] = {}
    for step in journey.steps:
        found: list[Step] = []
        seen = {step.id}
        waiting = list(reversed(leading[step.id]))
        while waiting:
            candidate = waiting.pop()
            if candidate.id in seen:
                continue
            seen.add(candidate.id)
            if candidate.reach is not None:
                found.append(candidate)
            else:
                waiting.extend(reversed(leading[candidate.id]))
        before[step.id] = found
    return before


def change_from(before: list[Step], reach: int, labels: Catalogue) -> tuple[str, str]:
    """The change from the one step the customers come from; none to name when they come
    from several steps (the shares would overlap) or from none with a reach."""
    if not before:
        return NO_SHARE, labels["funnel.none_before"]
    if len(before) > 1:
        return NO_SHARE, labels["funnel.several_before"]
    shown, words = _change(before[0].reach, reach, labels)
    return shown, f"{labels['funnel.from_step'].format(name=before[0].name)}: {words}"


@dataclass(frozen=True, slots=True)
class FunnelRow:
    step: Step
    number: int  # the step's place in the journey, from 1
    reach: str  # as the reader's locale writes it
    share: str  # of the first step's reach
    change: str  # from the step its customers come from, as shown ("" on the first row)
    words: str  # the same change in words, for the tooltip and the text alternative
    top: float  # the bar's top
    length: float  # the bar's length, relative to the largest reach


@dataclass(frozen=True, slots=True)
class FunnelLayout:
    """The funnel's geometry: every number of the picture, and nothing of its SVG."""

    rows: tuple[FunnelRow, ...]
    bar_length: float  # the longest bar's length
    number_right: float  # where the column of reaches ends
    share_right: float  # where the column of shares ends
    change_left: float  # where the column of changes starts
    width: float
    height: float


def funnel_layout(journey: Journey, labels: Catalogue) -> FunnelLayout | None:
    """Where everything of the funnel stands; None when no step has a reach."""
    rows = [
        (index, step) for index, step in enumerate(journey.steps, start=1) if step.reach is not None
    ]
    if not rows:
        return None
    first = rows[0][1].reach
    largest = max(step.reach for _, step in rows)
    before = steps_before(journey)
    figures: list[tuple[str, str, str, str]] = []  # number, share of first, change, change in words
    for row, (_, step) in enumerate(rows):
        share = labels.percent(step.reach / first) if first else NO_SHARE
        change, words = ("", "") if row == 0 else change_from(before[step.id], step.reach, labels)
        figures.append((labels.number(step.reach), share, change, words))

    def column(header: str, texts: list[str]) -> float:
        return max(text_width(text, FIGURE_SIZE) for text in [header, *texts])

    number_column = column(labels["reach"], [f[0] for f in figures])
    share_column = column(labels["funnel.of_first"], [f[1] for f in figures])
    change_column = column(labels["funnel.from_previous"], [f[2] for f in figures])
    figures_width = 3 * GUTTER + 4 + number_column + share_column + change_column + 8
    bar_length = min(max(FUNNEL_WIDTH - BAR_X - figures_width, BAR_LENGTHS[0]), BAR_LENGTHS[1])
    number_right = BAR_X + bar_length + GUTTER + number_column
    share_right = number_right + GUTTER + share_column
    change_left = share_right + GUTTER + 4
    return FunnelLayout(
        rows=tuple(
            FunnelRow(
                step=step,
                number=index,
                reach=reach,
                share=share,
                change=change,
                words=words,
                top=HEADER + row * ROW + (ROW - BAR_HEIGHT) / 2,
                length=bar_length * step.reach / largest if largest else 0.0,
            )
            for row, ((index, step), (reach, share, change, words)) in enumerate(
                zip(rows, figures, strict=True)
            )
        ),
        bar_length=bar_length,
        number_right=number_right,
        share_right=share_right,
        change_left=change_left,
        width=change_left + change_column + 8,
        height=HEADER + ROW * len(rows) + 4,
    )


def funnel(
    journey: Journey, labels: Catalogue | None = None, *, standalone: bool = True
) -> str | None:
    """The reach of every step that has one, in journey order, as bars relative to the
    largest reach; beside each its number, its share of the first reach and, from the second
    on, the share kept and lost from the step its customers come from. None when no step
    has a reach. `standalone` embeds the chart's style rules."""
    labels = labels or catalogue("en")
    layout = funnel_layout(journey, labels)
    if layout is None:
        return None
    description = ". ".join(
        f"{labels['step']} {row.number}, {row.step.name}: {row.reach} {labels['funnel.reached']}, "
        f"{row.share} {labels['funnel.of_first']}" + (f", {row.words}" if row.words else "")
        for row in layout.rows
    )
    lines = _svg_open(
        "funnel",
        journey,
        layout.width,
        layout.height,
        labels["funnel.title"].format(name=journey.name),
        description + ".",
        standalone,
    )
    lines += [
        f'<text class="cj-header" x="{coordinate(layout.number_right)}" y="14" text-anchor="end">{svg_text(labels["reach"])}</text>',
        f'<text class="cj-header" x="{coordinate(layout.share_right)}" y="14" text-anchor="end">{svg_text(labels["funnel.of_first"])}</text>',
        f'<text class="cj-header" x="{coordinate(layout.change_left)}" y="14">{svg_text(labels["funnel.from_previous"])}</text>',
    ]
    for row in layout.rows:
        text_y = coordinate(row.top + BAR_HEIGHT / 2 + 4)
        lines += [
            _step_link(row.step),
            f"<title>{svg_text(row.step.name)}</title>",
            f'<text class="cj-label" x="0" y="{text_y}">{svg_text(shorten(row.step.name, NAME_WIDTH, NAME_SIZE))}</text>',
            f'<rect class="cj-track" x="{coordinate(BAR_X)}" y="{coordinate(row.top)}" width="{coordinate(layout.bar_length)}" '
            f'height="{coordinate(BAR_HEIGHT)}" fill="{TRACK}"/>',
            f'<rect class="cj-bar" x="{coordinate(BAR_X)}" y="{coordinate(row.top)}" width="{coordinate(row.length)}" '
            f'height="{coordinate(BAR_HEIGHT)}" fill="{BAR}"/>',
            "</a>",
            f'<text class="cj-figure" x="{coordinate(layout.number_right)}" y="{text_y}" text-anchor="end">{svg_text(row.reach)}</text>',
            f'<text class="cj-figure" x="{coordinate(layout.share_right)}" y="{text_y}" text-anchor="end">{svg_text(row.share)}</text>',
        ]
        if row.change:
            lines.append(
                f'<text class="cj-change" x="{coordinate(layout.change_left)}" y="{text_y}">{svg_text(row.change)}'
                f"<title>{svg_text(row.words)}</title></text>"
            )
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
