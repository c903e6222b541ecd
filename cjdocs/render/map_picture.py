"""The whole journey map as one picture: a self-contained SVG for slides, posters and the wall.

The same grid as the site's map (`map.py`: one column per step under its phase, the lanes in
the same order, the emotion curve drawn in its lane by the writers of `charts.py`), laid out
in pixels at a size where every text is at least 8 pt (11 px), with the journey's name, its
persona, its state, a date and the git revision it was made from in a footer. Everything it
needs is inside: colours as attributes, a few style rules, the fonts declared by name (any
sans-serif stands in); no links, no scripts, no images, nothing fetched.

A picture cannot ask a font how wide its text is, so lines are wrapped by an estimate of each
character's width (`charts.character_width`) that errs on the wide side: text may end a
little short of its column, never past it. The geometry (`layout`) is numbers, tested as such;
`map_svg` writes them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import Journey, Step
from cjdocs.render import charts
from cjdocs.render import map as grid
from cjdocs.render.charts import (
    SVG_NAMESPACE,
    arrow_markers,
    character_width,
    coordinate,
    join_path,
    level_lines,
    point_mark,
    svg_text,
    text_width,
)
from cjdocs.render.format import signed
from cjdocs.render.markup import xml_text
from cjdocs.render.pages import LANES  # the lanes, in the order of the site's map

# Named in this order: Material's font, then what slides and office machines have; the PNG
# export draws with Roboto (see cjdocs/workflow/export/map.py).
FONTS = "Roboto, 'Helvetica Neue', Helvetica, Arial, 'Noto Sans', 'DejaVu Sans', sans-serif"
INK = "#1a1a1a"
MUTED = "#555555"  # 7.5:1 on white
RULE = "#c8c8c8"
PHASE_RULE = "#8a8a8a"
HEAD_FILL = "#f1f3f5"
PHASE_FILL = "#e3eaf3"
PAPER = "#ffffff"

# Sizes in pixels (1 px = 0.75 pt): text 13 px (9.75 pt), small text 11 px (8.25 pt).
MARGIN = 24.0
LANES_WIDTH = 150.0
COLUMN = 200.0
PAD = (8.0, 8.0)  # a cell's padding: across, down
TEXT, SMALL, TITLE, PHASE_NAME = 13.0, 11.0, 20.0, 14.0
LEADING = 1.3  # a line's height, in its font size
INDENT = 12.0  # a listed item's text, right of its bullet
TITLE_ROOM = 44.0
FOOTER_GAP = 14.0
AXIS_ROOM = 36.0  # the emotion lane's scale, at the right of its name


# -- text ------------------------------------------------------------------------------------------


def wrap(text: str, width: float, size: float) -> list[str]:
    """`text` in lines no wider than `width` at font size `size` (estimated): broken between
    words, and inside a word only where the word alone is wider than the line. A line break
    in the text starts a new line."""
    lines: list[str] = []
    for paragraph in xml_text(text).splitlines() or [""]:
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            while text_width(word, size) > width:
                room, cut = width, 0
                for character in word:
                    room -= character_width(character) * size
                    if room < 0:
                        break
                    cut += 1
                cut = max(cut, 1)
                lines.append(word[:cut])
                word = word[cut:]
            current = word
        lines.append(current)
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text in a cell: its words, size, weight, style, colour and indent; `bullet`
    marks the first line of a listed item."""

    text: str
    size: float = TEXT
    bold: bool = False
    italic: bool = False
    muted: bool = False
    indent: float = 0.0
    bullet: bool = False

    @property
    def height(self) -> float:
        return self.size * LEADING


def _paragraph(
    text: str,
    width: float,
    *,
    size: float = TEXT,
    bold: bool = False,
    italic: bool = False,
    muted: bool = False,
    indent: float = 0.0,
) -> list[Line]:
    return [
        Line(part, size, bold, italic, muted, indent) for part in wrap(text, width - indent, size)
    ]


def _item(text: str, width: float) -> list[Line]:
    """A listed item: a bullet before its first line, every line indented."""
    lines = _paragraph(text, width, indent=INDENT)
    return [
        Line(line.text, line.size, indent=line.indent, bullet=number == 0)
        for number, line in enumerate(lines)
    ]


# -- the layout ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lane:
    """A lane (row): its `name` (as in `pages.LANES`), its label's lines, each column's lines,
    where it starts down the picture and how high it is."""

    name: str
    label: tuple[Line, ...]
    cells: tuple[tuple[Line, ...], ...]
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class PhaseHead:
    span: grid.PhaseSpan
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """The picture in numbers: its size, the columns, the phase headers' row (at `head_top`,
    `head_height` high), the lanes, the curve (None without emotions) and the footer."""

    width: float
    height: float
    title: tuple[Line, ...]
    placed: tuple[grid.Column, ...]
    head_top: float
    head_height: float
    heads: tuple[PhaseHead, ...]
    lanes: tuple[Lane, ...]
    curve: grid.Curve | None
    footer: tuple[Line, ...]
    footer_top: float

    def column_x(self, at: float) -> float:
        """Pixels from the left of a place `at` in columns (column `c` runs from `c` to `c + 1`)."""
        return MARGIN + LANES_WIDTH + at * COLUMN


def _height(lines: Sequence[Line]) -> float:
    return sum(line.height for line in lines)


def _quoted(text: str, labels: Catalogue) -> str:
    return labels["map.quoted"].format(text=text)


def _cell(
    lane: str,
    journey: Journey,
    column: grid.Column,
    number: int,
    before: list[Step],
    labels: Catalogue,
) -> list[Line]:
    """What one step puts into a lane, as lines; empty where it has nothing."""
    step, width = column.step, COLUMN - 2 * PAD[0]
    lines: list[Line] = []
    if lane == "step":
        if step.id == journey.start.id:
            lines.append(Line(labels["start"].upper(), SMALL, bold=True, muted=True))
        lines += _paragraph(f"{number}. {step.name}", width, bold=True)
        if step.ends:
            lines.append(Line(labels["end"].upper(), SMALL, bold=True, muted=True))
        for condition in column.conditions:
            text = f"{labels['if']} {_quoted(condition, labels)}"
            lines += _paragraph(text, width, size=SMALL, italic=True)
    elif lane == "action" and step.action:
        lines += _paragraph(step.action, width)
    elif lane == "touchpoints":
        for touchpoint in step.touchpoints:
            lines += _item(touchpoint.name, width)
            lines += _paragraph(
                touchpoint.channel.name, width, size=SMALL, muted=True, indent=INDENT
            )
    elif lane == "feeling":
        if step.feeling:
            lines += _paragraph(step.feeling, width, bold=True)
        if step.thoughts:
            lines += _paragraph(_quoted(step.thoughts, labels), width, italic=True)
    elif lane in ("pain_points", "backstage"):
        for item in getattr(step, lane):
            lines += _item(getattr(item, "text", item), width)
    elif lane == "opportunities":
        for opportunity in step.opportunities:
            lines += _item(opportunity.text, width)
            if opportunity.status:
                status = labels[f"backlog.status.{opportunity.status}"]
                lines += _paragraph(status, width, size=SMALL, muted=True, indent=INDENT)
    elif lane == "reach" and step.reach is not None:
        lines += _paragraph(labels.number(step.reach), width, bold=True)
        change, _ = charts.change_from(before, step.reach, labels)
        if change != charts.NO_SHARE:
            lines += _paragraph(change, width, size=SMALL, muted=True)
    elif lane == "duration" and step.duration:
        lines += _paragraph(step.duration, width)
    return lines


def layout(journey: Journey, labels: Catalogue, footer: str) -> Layout:
    """Where everything of the picture stands. `footer`: the words beneath the map."""
    placed = grid.columns(journey)
    curve = grid.curve(journey, placed)
    numbers = {step.id: number for number, step in enumerate(journey.steps, 1)}
    before = charts.steps_before(journey)
    grid_width = LANES_WIDTH + len(placed) * COLUMN
    width = 2 * MARGIN + grid_width

    title = tuple(
        _paragraph(labels["map.title"].format(name=journey.name), grid_width, size=TITLE, bold=True)
    )
    top = MARGIN + max(TITLE_ROOM, _height(title) + 12)

    heads = []
    for span in grid.phase_spans(placed):
        room = span.count * COLUMN - 2 * PAD[0]
        lines = _paragraph(span.phase.name, room, size=PHASE_NAME, bold=True)
        if span.phase.customer_goal:
            lines += _paragraph(span.phase.customer_goal, room, size=SMALL, muted=True)
        heads.append(PhaseHead(span, tuple(lines)))
    head_height = max(_height(head.lines) for head in heads) + 2 * PAD[1]
    head_top, top = top, top + head_height

    lanes = []
    for name in LANES:
        if name == "emotion":
            if curve is None:
                continue
            label = _paragraph(
                labels[f"lane.{name}"], LANES_WIDTH - 2 * PAD[0] - AXIS_ROOM, bold=True
            )
            height = max(curve.height, _height(label) + 2 * PAD[1])
            lanes.append(Lane(name, tuple(label), (), top, height))
            top += height
            continue
        cells = tuple(
            tuple(
                _cell(
                    name, journey, column, numbers[column.step.id], before[column.step.id], labels
                )
            )
            for column in placed
        )
        if name != "step" and not any(cells):
            continue
        label = _paragraph(labels[f"lane.{name}"], LANES_WIDTH - 2 * PAD[0], bold=True)
        height = max(_height(lines) for lines in (label, *cells)) + 2 * PAD[1]
        lanes.append(Lane(name, tuple(label), cells, top, height))
        top += height

    footer_lines = tuple(_paragraph(footer, grid_width, size=SMALL, muted=True))
    footer_top = top + FOOTER_GAP
    # A whole number of pixels: resvg draws a picture as many pixels high as its height
    # rounded down, so a PNG has the size promised only for whole heights.
    height = math.ceil(footer_top + _height(footer_lines) + MARGIN)
    return Layout(
        width,
        height,
        title,
        placed,
        head_top,
        head_height,
        tuple(heads),
        tuple(lanes),
        curve,
        footer_lines,
        footer_top,
    )


# -- the footer ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stamp:
    """Where a picture's data comes from, for its footer: the `date` (YYYY-MM-DD) and the git
    `revision` of the journey's file; `changed` when the file has changes not yet committed;
    `in_git` false when it is in no git repository (or git cannot be asked)."""

    date: str | None = None
    revision: str | None = None
    changed: bool = False
    in_git: bool = True


def footer_words(journey: Journey, labels: Catalogue, stamp: Stamp) -> str:
    """The footer: the journey, its persona and state, the date and the git revision."""
    parts = [
        journey.name,
        f"{labels['persona']}: {journey.persona.name}",
        f"{labels['state']}: {labels[f'state.{journey.state}']}",
    ]
    if stamp.date:
        parts.append(labels["map.as_of"].format(date=stamp.date))
    if not stamp.in_git:
        parts.append(labels["map.no_git"])
    elif stamp.revision is None:
        parts.append(labels["map.not_committed"])
    else:
        key = "map.revision_changed" if stamp.changed else "map.revision"
        parts.append(labels[key].format(revision=stamp.revision))
    return " · ".join(parts)


# -- the SVG ---------------------------------------------------------------------------------------

# The few rules the curve's writers rely on, for a picture that has no site around it.
STYLE = "<style>.cj-value{font-weight:700;font-size:12px}.cj-tick{font-size:12px}</style>"


def _text(lines: Sequence[Line], x: float, top: float) -> list[str]:
    """The lines as <text> elements, the first one's top at `top`."""
    parts = []
    for line in lines:
        top += line.height
        baseline = top - line.height + line.size * 1.02
        attributes = [f'font-size="{coordinate(line.size)}"']
        if line.bold:
            attributes.append('font-weight="700"')
        if line.italic:
            attributes.append('font-style="italic"')
        attributes.append(f'fill="{MUTED if line.muted else INK}"')
        if line.bullet:
            parts.append(
                f'<text x="{coordinate(x)}" y="{coordinate(baseline)}" {" ".join(attributes)}>•</text>'
            )
        if line.text:
            parts.append(
                f'<text x="{coordinate(x + line.indent)}" y="{coordinate(baseline)}" '
                f"{' '.join(attributes)}>{svg_text(line.text)}</text>"
            )
    return parts


def _rule(x1: float, y1: float, x2: float, y2: float, colour: str = RULE, width: float = 1) -> str:
    return (
        f'<line x1="{coordinate(x1)}" y1="{coordinate(y1)}" x2="{coordinate(x2)}" y2="{coordinate(y2)}" '
        f'stroke="{colour}" stroke-width="{coordinate(width)}"/>'
    )


@dataclass(frozen=True, slots=True)
class Picture:
    """A map's SVG and its size in pixels (CSS pixels: 96 to the inch)."""

    svg: str
    width: float
    height: float


def map_picture(journey: Journey, labels: Catalogue, stamp: Stamp = Stamp()) -> Picture:
    """The journey's whole map as one self-contained SVG (see the module's docstring)."""
    footer = footer_words(journey, labels, stamp)
    drawn = layout(journey, labels, footer)
    width, height = drawn.width, drawn.height
    left, right = MARGIN, width - MARGIN
    grid_left = MARGIN + LANES_WIDTH
    bottom = drawn.lanes[-1].top + drawn.lanes[-1].height
    title = labels["map.title"].format(name=journey.name)
    parts = [
        f'<svg xmlns="{SVG_NAMESPACE}" width="{coordinate(width)}" height="{coordinate(height)}" '
        f'viewBox="0 0 {coordinate(width)} {coordinate(height)}" font-family="{FONTS}" '
        f'role="img" aria-labelledby="cj-map-title cj-map-desc">',
        f'<title id="cj-map-title">{svg_text(title)}</title>',
        f'<desc id="cj-map-desc">{svg_text(footer)}</desc>',
        STYLE,
        f'<rect width="{coordinate(width)}" height="{coordinate(height)}" fill="{PAPER}"/>',
    ]
    parts += _text(drawn.title, left, MARGIN)
    # Backgrounds: the lane names' column and the phase headers' row.
    parts.append(
        f'<rect x="{coordinate(left)}" y="{coordinate(drawn.head_top)}" width="{coordinate(LANES_WIDTH)}" '
        f'height="{coordinate(bottom - drawn.head_top)}" fill="{HEAD_FILL}"/>'
    )
    parts.append(
        f'<rect x="{coordinate(grid_left)}" y="{coordinate(drawn.head_top)}" '
        f'width="{coordinate(right - grid_left)}" height="{coordinate(drawn.head_height)}" fill="{PHASE_FILL}"/>'
    )
    for head in drawn.heads:
        x = drawn.column_x(head.span.first)
        parts += _text(head.lines, x + PAD[0], drawn.head_top + PAD[1])
    # The lanes: their names, each column's cell, the curve in the emotion lane.
    for lane in drawn.lanes:
        parts.append(_rule(left, lane.top, right, lane.top))
        parts += _text(lane.label, left + PAD[0], lane.top + PAD[1])
        if lane.name == "emotion" and drawn.curve is not None:
            parts += _curve(drawn, journey, lane)
            continue
        for column, lines in zip(drawn.placed, lane.cells, strict=True):
            parts += _text(lines, drawn.column_x(column.index) + PAD[0], lane.top + PAD[1])
    # Rules between the columns, heavier between phases, and the frame.
    firsts = {head.span.first for head in drawn.heads}
    for column in drawn.placed:
        x = drawn.column_x(column.index)
        if column.index in firsts:
            parts.append(_rule(x, drawn.head_top, x, bottom, PHASE_RULE, 1.5))
        else:
            parts.append(_rule(x, drawn.head_top + drawn.head_height, x, bottom))
    parts.append(
        f'<rect x="{coordinate(left)}" y="{coordinate(drawn.head_top)}" width="{coordinate(right - left)}" '
        f'height="{coordinate(bottom - drawn.head_top)}" fill="none" stroke="{PHASE_RULE}" stroke-width="1.5"/>'
    )
    parts += _text(drawn.footer, left, drawn.footer_top)
    parts.append("</svg>")
    return Picture("\n".join(parts) + "\n", width, height)


def _curve(drawn: Layout, journey: Journey, lane: Lane) -> list[str]:
    """The emotion curve across the step columns (the site's writers, in pixels), and its
    scale beside the lane's name."""
    curve = drawn.curve
    assert curve is not None
    offset = (lane.height - curve.height) / 2
    parts = []
    for emotion in (2, 1, 0, -1, -2):
        parts.append(
            f'<text class="cj-tick" x="{coordinate(MARGIN + LANES_WIDTH - 8)}" '
            f'y="{coordinate(lane.top + offset + curve.y(emotion) + 4.5)}" text-anchor="end" '
            f'fill="{MUTED}">{signed(emotion)}</text>'
        )
    width = len(drawn.placed) * COLUMN

    def x(at: float) -> str:
        return coordinate(at * COLUMN)

    prefix = svg_text(f"cj-map-{journey.id}")
    parts.append(
        f'<svg class="cj-curve" x="{coordinate(MARGIN + LANES_WIDTH)}" y="{coordinate(lane.top + offset)}" '
        f'width="{coordinate(width)}" height="{coordinate(curve.height)}" overflow="visible">'
    )
    parts += level_lines(curve)
    if any(join.route != grid.STRAIGHT for join in curve.joins):
        parts.append(arrow_markers(prefix, curve))
    for join in curve.joins:
        parts += join_path(curve, join, x, prefix)
    for point in curve.points:
        parts += point_mark(curve, point, x)
    parts.append("</svg>")
    return parts
