"""Charts of a journey written as SVG by hand: the emotion curve and the funnel.

No plotting library: the pictures are small, and writing the SVG ourselves keeps every
character of user text under our escaping and every byte the same from build to build.

Both charts are inline SVG meant for a Material page: text and lines take the page's text
colour (`currentColor`), fills come from CSS custom properties with fallbacks, and every
colour-bearing element also carries the same colour as a presentation attribute, so the chart
still reads without its stylesheet. The rules live in `styles/charts.css`, part of the site's
stylesheet; a standalone chart carries them in its own <style>, where they would apply to a
whole page it stood in, hence every rule is scoped to `svg.cj-chart`.
"""

from __future__ import annotations

import html
import itertools
import math
import unicodedata

from cjdocs.catalogue import Catalogue, catalogue
from cjdocs.definitions.model import Journey, Step
from cjdocs.render.css import svg_style
from cjdocs.render.format import emotion_key, signed
from cjdocs.render.markup import xml_text
from cjdocs.render.palette import EMOTION_COLOURS, EMOTION_TEXT_COLOURS

__all__ = ["EMOTION_COLOURS", "emotion_curve", "funnel"]


SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Shown where a share cannot be computed (a reach of 0 to compare with).
NO_SHARE = "—"
# Fallback fills that read on light and dark backgrounds alike: grey at low opacity (the same
# as the custom properties' fallbacks in styles/charts.css).
BAND_A = "rgba(128,128,128,.07)"
BAND_B = "rgba(128,128,128,.17)"
TRACK = "rgba(128,128,128,.16)"
GRID = "rgba(128,128,128,.35)"
INK = "#808080"
BAR = "#4393c3"  # RdBu's mid blue: legible on white and on Material's slate


# -- text and numbers --------------------------------------------------------------------------


def _escape(text: str) -> str:
    """Text for element content or an attribute value, read back exactly as written.

    Line breaks and tabs become character references: a parser keeps them (it would turn a
    raw CR LF into LF, and a raw line break in an attribute into a space), and a blank line
    in user text cannot end the HTML block the SVG stands in when it sits in Markdown.
    """
    escaped = html.escape(xml_text(text), quote=True)
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


_NARROW = frozenset(" fijlrt.,;:'!|()[]-/")
_WIDE = frozenset("mwMW@%")


def _character_width(character: str) -> float:
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


def _text_width(text: str, size: float) -> float:
    """The width of `text` at font size `size`, estimated without a font (generously)."""
    return sum(_character_width(character) for character in text) * size


def _shorten(text: str, width: float, size: float) -> str:
    """`text` on one line, cut with an ellipsis to fit `width`."""
    text = " ".join(xml_text(text).split())
    if _text_width(text, size) <= width:
        return text
    room = width - _text_width("…", size)
    kept = []
    for character in text:
        room -= _character_width(character) * size
        if room < 0:
            break
        kept.append(character)
    return "".join(kept).rstrip() + "…"


def _number(value: float) -> str:
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
    title_id = _escape(f"cj-{kind}-{journey.id}-title")
    description_id = _escape(f"cj-{kind}-{journey.id}-desc")
    return [
        f'<svg class="cj-chart cj-{kind}" width="{_number(width)}" height="{_number(height)}" '
        f'viewBox="0 0 {_number(width)} {_number(height)}" role="group" '
        f'aria-labelledby="{title_id} {description_id}" xmlns="{SVG_NAMESPACE}">',
        f'<title id="{title_id}">{_escape(title)}</title>',
        f'<desc id="{description_id}">{_escape(description)}</desc>',
        *([svg_style("charts")] if standalone else []),
    ]


def _step_link(step: Step) -> str:
    return f'<a class="cj-step" href="#step-{_escape(step.id)}">'


# -- the emotion curve -------------------------------------------------------------------------

PITCH = 38.0  # horizontal room per step: narrow, as step names stand at 45°
LEVEL = 34.0  # vertical room per emotion level
RADIUS = 11.0
LABEL_SIZE = 11.0
LABEL_WIDTH = 150.0  # longest step name before it is cut
BAND_LABEL_SIZE = 11.0
BAND_ROW = 16.0
BOLD = 1.08  # bold text is this much wider
OVERHANG = 90.0  # how far the last phase name may run on past the plot
TICKS = 30.0  # room for the tick labels left of the plot
RIGHT = 10.0
SLANT = math.sqrt(0.5)  # cos 45° = sin 45°


def _phase_runs(journey: Journey) -> list[tuple[str, int, int]]:
    """Consecutive steps in one phase, as (phase name, first slot, slot after the last)."""
    runs: list[tuple[str, int, int]] = []
    previous = None
    for index, step in enumerate(journey.steps):
        if step.phase.id == previous:
            name, first, _ = runs[-1]
            runs[-1] = (name, first, index + 1)
        else:
            runs.append((step.phase.name, index, index + 1))
        previous = step.phase.id
    return runs


def _band_labels(runs: list[tuple[str, int, int]]) -> tuple[list[str], int]:
    """The phase names as they fit above their bands, and how many rows they take.

    One row when every name fits its band; otherwise the names alternate between two rows,
    so each may run on over the next band, whose name stands in the other row. The last
    name may run on past the plot by `OVERHANG`.
    """
    room = [(end - first) * PITCH - 8 for _, first, end in runs]
    room[-1] += OVERHANG
    size = BAND_LABEL_SIZE * BOLD
    if all(
        _text_width(name, size) <= width for (name, _, _), width in zip(runs, room, strict=True)
    ):
        return [_shorten(name, math.inf, size) for name, _, _ in runs], 1
    wider = [
        width + (room[index + 1] + 8 if index + 1 < len(room) else 0)
        for index, width in enumerate(room)
    ]
    return [_shorten(name, width, size) for (name, _, _), width in zip(runs, wider, strict=True)], 2


def _emotion_words(step: Step, labels: Catalogue) -> str:
    if step.emotion is None:
        return labels["emotion.none"]
    words = f"{signed(step.emotion)} {labels[f'emotion.{step.emotion}']}"
    return f"{words} ({step.feeling})" if step.feeling else words


def emotion_curve(
    journey: Journey, labels: Catalogue | None = None, *, standalone: bool = True
) -> str | None:
    """The steps' emotions as a line over the steps, in journey order, on phase bands.

    None when no step has an emotion. A step without one keeps its slot; the line bridges it
    with a dashed segment. `standalone=False` leaves out the <style> (`styles/charts.css`),
    for a chart inline in the site's pages, whose stylesheet holds the rules.
    """
    labels = labels or catalogue("en")
    steps = journey.steps
    if all(step.emotion is None for step in steps):
        return None

    names = [_shorten(step.name, LABEL_WIDTH, LABEL_SIZE) for step in steps]
    # A name stands at 45°, ending under its slot, so it reaches down and to the left.
    reaches = [_text_width(name, LABEL_SIZE) * SLANT for name in names]
    left = max(
        TICKS,
        *(reach - PITCH * index - PITCH / 2 + 4 for index, reach in enumerate(reaches)),
    )
    runs = _phase_runs(journey)
    band_names, band_rows = _band_labels(runs)
    top = band_rows * BAND_ROW + 10 + RADIUS  # the line of emotion +2
    axis = top + 4 * LEVEL + RADIUS + 8
    height = axis + 10 + max(reaches) + 6
    plot_end = left + PITCH * len(steps)
    last_name_end = (
        left + runs[-1][1] * PITCH + 4 + _text_width(band_names[-1], BAND_LABEL_SIZE * BOLD)
    )
    width = max(plot_end + RIGHT, last_name_end + 4)

    def x_of(index: int) -> float:
        return left + PITCH * index + PITCH / 2

    def y_of(emotion: int) -> float:
        return top + (2 - emotion) * LEVEL

    description = "; ".join(
        f"{labels['step']} {index}, {step.name}: {_emotion_words(step, labels)}"
        for index, step in enumerate(steps, start=1)
    )
    lines = _svg_open(
        "emotion-curve",
        journey,
        width,
        height,
        labels["curve.title"].format(name=journey.name),
        description + ".",
        standalone,
    )

    for number, ((name, first, end), shown) in enumerate(zip(runs, band_names, strict=True)):
        band, fill = ("cj-band-a", BAND_A) if number % 2 == 0 else ("cj-band-b", BAND_B)
        row = number % band_rows
        lines += [
            f'<g class="cj-band {band}"><title>{_escape(name)}</title>',
            f'<rect x="{_number(left + first * PITCH)}" y="0" width="{_number((end - first) * PITCH)}" '
            f'height="{_number(axis)}" fill="{fill}"/>',
            f'<text class="cj-band-label" x="{_number(left + first * PITCH + 4)}" '
            f'y="{_number(13 + row * BAND_ROW)}">{_escape(shown)}</text>',
            "</g>",
        ]

    lines.append('<g class="cj-axis">')
    for emotion in (2, 1, 0, -1, -2):
        y = _number(y_of(emotion))
        kind = "cj-zero" if emotion == 0 else "cj-grid"
        lines += [
            f'<line class="{kind}" x1="{_number(left)}" y1="{y}" x2="{_number(plot_end)}" '
            f'y2="{y}" stroke="{INK if emotion == 0 else GRID}"/>',
            f'<text class="cj-tick" x="{_number(left - 6)}" y="{_number(y_of(emotion) + 4)}" '
            f'text-anchor="end">{signed(emotion)}</text>',
        ]
    lines.append("</g>")

    known = [(index, step.emotion) for index, step in enumerate(steps) if step.emotion is not None]
    solid, gaps = [], []
    for (before, emotion_before), (after, emotion_after) in itertools.pairwise(known):
        segment = (
            f"{_number(x_of(before))} {_number(y_of(emotion_before))} "
            f"L{_number(x_of(after))} {_number(y_of(emotion_after))}"
        )
        (solid if after == before + 1 else gaps).append(f"M{segment}")
    if solid:
        lines.append(
            f'<path class="cj-line" d="{" ".join(solid)}" fill="none" stroke="{INK}" stroke-width="2"/>'
        )
    if gaps:
        lines.append(
            f'<path class="cj-line cj-line-gap" d="{" ".join(gaps)}" fill="none" stroke="{INK}" '
            'stroke-dasharray="4 4"/>'
        )

    for index, (step, name) in enumerate(zip(steps, names, strict=True)):
        x = _number(x_of(index))
        label_y = _number(axis + 10)
        lines += [
            _step_link(step),
            f"<title>{_escape(step.name)}&#10;{_escape(_emotion_words(step, labels))}</title>",
        ]
        if step.emotion is not None:
            key = emotion_key(step.emotion)
            y = y_of(step.emotion)
            lines += [
                f'<circle class="cj-point cj-emotion-{key}" cx="{x}" cy="{_number(y)}" '
                f'r="{_number(RADIUS)}" fill="{EMOTION_COLOURS[step.emotion]}" stroke="{INK}"/>',
                f'<text class="cj-value cj-emotion-{key}" x="{x}" y="{_number(y + 3.5)}" '
                f'text-anchor="middle" fill="{EMOTION_TEXT_COLOURS[step.emotion]}">'
                f"{signed(step.emotion)}</text>",
            ]
        missing = "" if step.emotion is not None else " cj-missing"
        lines += [
            f'<text class="cj-label{missing}" x="{x}" y="{label_y}" text-anchor="end" '
            f'transform="rotate(-45 {x} {label_y})">{_escape(name)}</text>',
            "</a>",
        ]
    lines.append("</svg>")
    return "\n".join(lines) + "\n"


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


def _steps_before(journey: Journey) -> dict[str, list[Step]]:
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


def _change_from(before: list[Step], reach: int, labels: Catalogue) -> tuple[str, str]:
    """The change from the one step the customers come from; none to name when they come
    from several steps (the shares would overlap) or from none with a reach."""
    if not before:
        return NO_SHARE, labels["funnel.none_before"]
    if len(before) > 1:
        return NO_SHARE, labels["funnel.several_before"]
    shown, words = _change(before[0].reach, reach, labels)
    return shown, f"{labels['funnel.from_step'].format(name=before[0].name)}: {words}"


def funnel(
    journey: Journey, labels: Catalogue | None = None, *, standalone: bool = True
) -> str | None:
    """The reach of every step that has one, in journey order, as bars relative to the
    largest reach; beside each its number, its share of the first reach and, from the second
    on, the share kept and lost from the step its customers come from. None when no step
    has a reach. `standalone` as for `emotion_curve`."""
    labels = labels or catalogue("en")
    rows = [
        (index, step) for index, step in enumerate(journey.steps, start=1) if step.reach is not None
    ]
    if not rows:
        return None
    first = rows[0][1].reach
    largest = max(step.reach for _, step in rows)
    before = _steps_before(journey)

    figures: list[tuple[str, str, str, str]] = []  # number, share of first, change, change in words
    for row, (_, step) in enumerate(rows):
        share = labels.percent(step.reach / first) if first else NO_SHARE
        change, words = ("", "") if row == 0 else _change_from(before[step.id], step.reach, labels)
        figures.append((labels.number(step.reach), share, change, words))

    def column(header: str, texts: list[str]) -> float:
        return max(_text_width(text, FIGURE_SIZE) for text in [header, *texts])

    number_column = column(labels["reach"], [f[0] for f in figures])
    share_column = column(labels["funnel.of_first"], [f[1] for f in figures])
    change_column = column(labels["funnel.from_previous"], [f[2] for f in figures])
    figures_width = 3 * GUTTER + 4 + number_column + share_column + change_column + 8
    bar_length = min(max(FUNNEL_WIDTH - BAR_X - figures_width, BAR_LENGTHS[0]), BAR_LENGTHS[1])
    number_right = BAR_X + bar_length + GUTTER + number_column
    share_right = number_right + GUTTER + share_column
    change_left = share_right + GUTTER + 4
    width = change_left + change_column + 8
    height = HEADER + ROW * len(rows) + 4

    description = ". ".join(
        f"{labels['step']} {index}, {step.name}: {number} {labels['funnel.reached']}, {share} {labels['funnel.of_first']}"
        + (f", {words}" if words else "")
        for (index, step), (number, share, _, words) in zip(rows, figures, strict=True)
    )
    lines = _svg_open(
        "funnel",
        journey,
        width,
        height,
        labels["funnel.title"].format(name=journey.name),
        description + ".",
        standalone,
    )
    lines += [
        f'<text class="cj-header" x="{_number(number_right)}" y="14" text-anchor="end">{_escape(labels["reach"])}</text>',
        f'<text class="cj-header" x="{_number(share_right)}" y="14" text-anchor="end">{_escape(labels["funnel.of_first"])}</text>',
        f'<text class="cj-header" x="{_number(change_left)}" y="14">{_escape(labels["funnel.from_previous"])}</text>',
    ]
    for row, ((_, step), (number, share, change, words)) in enumerate(
        zip(rows, figures, strict=True)
    ):
        top = HEADER + row * ROW + (ROW - BAR_HEIGHT) / 2
        text_y = _number(top + BAR_HEIGHT / 2 + 4)
        length = bar_length * step.reach / largest if largest else 0.0
        lines += [
            _step_link(step),
            f"<title>{_escape(step.name)}</title>",
            f'<text class="cj-label" x="0" y="{text_y}">{_escape(_shorten(step.name, NAME_WIDTH, NAME_SIZE))}</text>',
            f'<rect class="cj-track" x="{_number(BAR_X)}" y="{_number(top)}" width="{_number(bar_length)}" '
            f'height="{_number(BAR_HEIGHT)}" fill="{TRACK}"/>',
            f'<rect class="cj-bar" x="{_number(BAR_X)}" y="{_number(top)}" width="{_number(length)}" '
            f'height="{_number(BAR_HEIGHT)}" fill="{BAR}"/>',
            "</a>",
            f'<text class="cj-figure" x="{_number(number_right)}" y="{text_y}" text-anchor="end">{_escape(number)}</text>',
            f'<text class="cj-figure" x="{_number(share_right)}" y="{text_y}" text-anchor="end">{_escape(share)}</text>',
        ]
        if change:
            lines.append(
                f'<text class="cj-change" x="{_number(change_left)}" y="{text_y}">{_escape(change)}'
                f"<title>{_escape(words)}</title></text>"
            )
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
