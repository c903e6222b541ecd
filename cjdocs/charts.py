"""Charts of a journey written as SVG by hand: the emotion curve and the funnel.

No plotting library: the pictures are small, and writing the SVG ourselves keeps every
character of user text under our escaping and every byte the same from build to build.

Both charts are inline SVG meant for a Material page: text and lines take the page's text
colour (`currentColor`), fills come from CSS custom properties with fallbacks, and every
colour-bearing element also carries the same colour as a presentation attribute, so the chart
still reads where its <style> is stripped. The <style> of an inline SVG applies to the whole
page, hence every rule is scoped to `svg.cj-chart`.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass

from cjdocs.model import Journey, Step
from cjdocs.palette import EMOTION_COLOURS, EMOTION_TEXT_COLOURS

__all__ = ["EMOTION_COLOURS", "ENGLISH", "GERMAN", "Labels", "emotion_curve", "funnel"]


@dataclass(frozen=True, slots=True)
class Labels:
    """The words and number formats the charts write."""

    emotion_curve_title: str = "Emotion curve of {name}"
    funnel_title: str = "Funnel of {name}"
    step: str = "Step"
    # The emotions from -2 to 2, in words.
    emotions: tuple[str, str, str, str, str] = (
        "very negative",
        "negative",
        "neutral",
        "positive",
        "very positive",
    )
    no_emotion: str = "no emotion given"
    reach: str = "Reach"
    reached: str = "reached"
    of_first: str = "of first step"
    from_previous: str = "from previous step"
    kept: str = "kept"
    lost: str = "lost"
    grew: str = "grew by"
    not_comparable: str = "not comparable, the step before reached 0"
    thousands_separator: str = ","
    decimal_separator: str = "."
    percent: str = "{number}%"


ENGLISH = Labels()
GERMAN = Labels(
    emotion_curve_title="Emotionskurve von {name}",
    funnel_title="Trichter von {name}",
    step="Schritt",
    emotions=("sehr negativ", "negativ", "neutral", "positiv", "sehr positiv"),
    no_emotion="keine Emotion angegeben",
    reach="Reichweite",
    reached="erreicht",
    of_first="vom ersten Schritt",
    from_previous="zum vorigen Schritt",
    kept="gehalten",
    lost="verloren",
    grew="gewachsen um",
    not_comparable="nicht vergleichbar, der Schritt davor erreichte 0",
    thousands_separator=".",
    decimal_separator=",",
    # DIN 5008: a space between number and per cent sign.
    percent="{number} %",
)

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
# Shown where a share cannot be computed (a reach of 0 to compare with).
NO_SHARE = "—"
# Fallback fills that read on light and dark backgrounds alike: grey at low opacity.
BAND_A = "rgba(128,128,128,.07)"
BAND_B = "rgba(128,128,128,.17)"
TRACK = "rgba(128,128,128,.16)"
GRID = "rgba(128,128,128,.35)"
INK = "#808080"
BAR = "#4393c3"  # RdBu's mid blue: legible on white and on Material's slate


def _emotion_key(emotion: int) -> str:
    """The emotion as it appears in class and custom property names: m2, m1, 0, 1, 2."""
    return f"m{-emotion}" if emotion < 0 else str(emotion)


STYLE = "\n".join(
    [
        "svg.cj-chart { max-width: 100%; height: auto; font-family: var(--md-text-font-family, Helvetica, Arial, sans-serif); }",
        "svg.cj-chart text { fill: currentColor; font-size: 12px; }",
        "svg.cj-chart .cj-tick, svg.cj-chart .cj-header, svg.cj-chart .cj-change { font-size: 11px; fill-opacity: .8; }",
        "svg.cj-chart .cj-band-label { font-size: 11px; font-weight: bold; fill-opacity: .85; }",
        "svg.cj-chart .cj-label { font-size: 11px; }",
        "svg.cj-chart .cj-missing { fill-opacity: .6; font-style: italic; }",
        f"svg.cj-chart .cj-band-a {{ fill: var(--cj-band-a, {BAND_A}); }}",
        f"svg.cj-chart .cj-band-b {{ fill: var(--cj-band-b, {BAND_B}); }}",
        "svg.cj-chart .cj-grid { stroke: currentColor; stroke-opacity: .14; }",
        "svg.cj-chart .cj-zero { stroke: currentColor; stroke-opacity: .65; stroke-width: 1.5; }",
        "svg.cj-chart .cj-line { fill: none; stroke: currentColor; stroke-opacity: .7; stroke-width: 2; stroke-linejoin: round; }",
        "svg.cj-chart .cj-line-gap { stroke-opacity: .4; stroke-dasharray: 4 4; }",
        "svg.cj-chart .cj-point { stroke: currentColor; stroke-width: 1; }",
        "svg.cj-chart .cj-value { font-size: 10px; font-weight: bold; }",
        *(
            f"svg.cj-chart .cj-point.cj-emotion-{_emotion_key(emotion)} "
            f"{{ fill: var(--cj-emotion-{_emotion_key(emotion)}, {colour}); }}\n"
            f"svg.cj-chart .cj-value.cj-emotion-{_emotion_key(emotion)} "
            f"{{ fill: var(--cj-emotion-text-{_emotion_key(emotion)}, {EMOTION_TEXT_COLOURS[emotion]}); fill-opacity: 1; }}"
            for emotion, colour in sorted(EMOTION_COLOURS.items())
        ),
        f"svg.cj-chart .cj-track {{ fill: var(--cj-track, {TRACK}); }}",
        f"svg.cj-chart .cj-bar {{ fill: var(--cj-bar, {BAR}); }}",
        "svg.cj-chart a:hover .cj-label, svg.cj-chart a:focus .cj-label { text-decoration: underline; }",
        "svg.cj-chart a:focus .cj-point, svg.cj-chart a:focus .cj-bar { stroke: currentColor; stroke-width: 3; }",
    ]
)


# -- text and numbers --------------------------------------------------------------------------

# Characters XML 1.0 does not allow, even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _escape(text: str) -> str:
    """Text for element content or an attribute value, read back exactly as written.

    Line breaks and tabs become character references: a parser keeps them (it would turn a
    raw CR LF into LF, and a raw line break in an attribute into a space), and a blank line
    in user text cannot end the HTML block the SVG stands in when it sits in Markdown.
    """
    escaped = html.escape(_NOT_XML.sub("", text), quote=True)
    return escaped.replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#9;")


def _character_width(character: str) -> float:
    if unicodedata.combining(character):
        return 0.0
    if unicodedata.east_asian_width(character) in "WF":
        return 1.1  # emoji and CJK take about a full em
    return 0.6 if character.isupper() else 0.55


def _text_width(text: str, size: float) -> float:
    """The width of `text` at font size `size`, estimated without a font (generously)."""
    return sum(_character_width(character) for character in text) * size


def _shorten(text: str, width: float, size: float) -> str:
    """`text` on one line, cut with an ellipsis to fit `width`."""
    text = " ".join(_NOT_XML.sub("", text).split())
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


def _signed(emotion: int) -> str:
    return f"+{emotion}" if emotion > 0 else str(emotion).replace("-", "−")


def _integer(value: int, labels: Labels) -> str:
    return f"{value:,}".replace(",", labels.thousands_separator)


def _percent(value: float, labels: Labels) -> str:
    """A share in per cent, one decimal at most, in the labels' number format."""
    text = f"{value:,.1f}".removesuffix(".0")
    text = text.translate(
        {ord(","): labels.thousands_separator, ord("."): labels.decimal_separator}
    )
    return labels.percent.format(number=text)


def _svg_open(kind: str, journey: Journey, width: float, height: float, title: str, description: str) -> list[str]:
    title_id = _escape(f"cj-{kind}-{journey.id}-title")
    description_id = _escape(f"cj-{kind}-{journey.id}-desc")
    return [
        f'<svg class="cj-chart cj-{kind}" width="{_number(width)}" height="{_number(height)}" '
        f'viewBox="0 0 {_number(width)} {_number(height)}" role="img" '
        f'aria-labelledby="{title_id} {description_id}" xmlns="{SVG_NAMESPACE}">',
        f'<title id="{title_id}">{_escape(title)}</title>',
        f'<desc id="{description_id}">{_escape(description)}</desc>',
        f"<style>\n{STYLE}\n</style>",
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
    so each may run on over the next band, whose name stands in the other row.
    """
    room = [(end - first) * PITCH - 8 for _, first, end in runs]
    if all(
        _text_width(name, BAND_LABEL_SIZE) <= width
        for (name, _, _), width in zip(runs, room, strict=True)
    ):
        return [" ".join(name.split()) for name, _, _ in runs], 1
    wider = [width + (room[index + 1] + 8 if index + 1 < len(room) else RIGHT) for index, width in enumerate(room)]
    return [
        _shorten(name, width, BAND_LABEL_SIZE) for (name, _, _), width in zip(runs, wider, strict=True)
    ], 2


def _emotion_words(step: Step, labels: Labels) -> str:
    if step.emotion is None:
        return labels.no_emotion
    words = f"{_signed(step.emotion)} {labels.emotions[step.emotion + 2]}"
    return f"{words} ({step.feeling})" if step.feeling else words


def emotion_curve(journey: Journey, labels: Labels | None = None) -> str | None:
    """The steps' emotions as a line over the steps, in journey order, on phase bands.

    None when no step has an emotion. A step without one keeps its slot; the line bridges it
    with a dashed segment.
    """
    labels = labels or ENGLISH
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
    width = left + PITCH * len(steps) + RIGHT

    def x_of(index: int) -> float:
        return left + PITCH * index + PITCH / 2

    def y_of(emotion: int) -> float:
        return top + (2 - emotion) * LEVEL

    description = "; ".join(
        f"{labels.step} {index}, {step.name}: {_emotion_words(step, labels)}"
        for index, step in enumerate(steps, start=1)
    )
    lines = _svg_open(
        "emotion-curve",
        journey,
        width,
        height,
        labels.emotion_curve_title.format(name=journey.name),
        description + ".",
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
            f'<line class="{kind}" x1="{_number(left)}" y1="{y}" x2="{_number(width - RIGHT)}" '
            f'y2="{y}" stroke="{INK if emotion == 0 else GRID}"/>',
            f'<text class="cj-tick" x="{_number(left - 6)}" y="{_number(y_of(emotion) + 4)}" '
            f'text-anchor="end">{_signed(emotion)}</text>',
        ]
    lines.append("</g>")

    known = [(index, step.emotion) for index, step in enumerate(steps) if step.emotion is not None]
    solid, gaps = [], []
    for (before, emotion_before), (after, emotion_after) in zip(known, known[1:]):
        segment = (
            f"{_number(x_of(before))} {_number(y_of(emotion_before))} "
            f"L{_number(x_of(after))} {_number(y_of(emotion_after))}"
        )
        (solid if after == before + 1 else gaps).append(f"M{segment}")
    if solid:
        lines.append(f'<path class="cj-line" d="{" ".join(solid)}" fill="none" stroke="{INK}" stroke-width="2"/>')
    if gaps:
        lines.append(
            f'<path class="cj-line cj-line-gap" d="{" ".join(gaps)}" fill="none" stroke="{INK}" '
            'stroke-dasharray="4 4"/>'
        )

    for index, (step, name) in enumerate(zip(steps, names, strict=True)):
        x = _number(x_of(index))
        label_y = _number(axis + 10)
        lines += [_step_link(step), f"<title>{_escape(step.name)}&#10;{_escape(_emotion_words(step, labels))}</title>"]
        if step.emotion is not None:
            key = _emotion_key(step.emotion)
            y = y_of(step.emotion)
            lines += [
                f'<circle class="cj-point cj-emotion-{key}" cx="{x}" cy="{_number(y)}" '
                f'r="{_number(RADIUS)}" fill="{EMOTION_COLOURS[step.emotion]}" stroke="{INK}"/>',
                f'<text class="cj-value cj-emotion-{key}" x="{x}" y="{_number(y + 3.5)}" '
                f'text-anchor="middle" fill="{EMOTION_TEXT_COLOURS[step.emotion]}">'
                f"{_signed(step.emotion)}</text>",
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
NAME_WIDTH = 170.0
BAR_X = 180.0
BAR_LENGTH = 260.0
FIGURE_SIZE = 12.0
HEADER = 22.0
GUTTER = 12.0


def _change(previous: int, reach: int, labels: Labels) -> tuple[str, str]:
    """How the reach changed from the step before: as shown, and in words."""
    if previous == 0:
        return NO_SHARE, labels.not_comparable
    if reach > previous:
        grown = _percent((reach - previous) / previous * 100, labels)
        return f"+{grown}", f"{labels.grew} {grown}"
    kept = round(reach / previous * 100, 1)
    # The lost share from the rounded kept one, so the two shown always add up to 100.
    text = (
        f"{labels.kept} {_percent(kept, labels)}, "
        f"{labels.lost} {_percent(round(100 - kept, 1), labels)}"
    )
    return text, text


def funnel(journey: Journey, labels: Labels | None = None) -> str | None:
    """The reach of every step that has one, in journey order, as bars relative to the
    largest reach; beside each its number, its share of the first reach and, from the second
    on, the share kept and lost from the step before. None when no step has a reach."""
    labels = labels or ENGLISH
    rows = [(index, step) for index, step in enumerate(journey.steps, start=1) if step.reach is not None]
    if not rows:
        return None
    first = rows[0][1].reach
    largest = max(step.reach for _, step in rows)

    figures: list[tuple[str, str, str, str]] = []  # number, share of first, change, change in words
    previous: int | None = None
    for _, step in rows:
        share = _percent(step.reach / first * 100, labels) if first else NO_SHARE
        change, words = ("", "") if previous is None else _change(previous, step.reach, labels)
        figures.append((_integer(step.reach, labels), share, change, words))
        previous = step.reach

    def column(header: str, texts: list[str]) -> float:
        return max(_text_width(text, FIGURE_SIZE) for text in [header, *texts])

    number_right = BAR_X + BAR_LENGTH + GUTTER + column(labels.reach, [f[0] for f in figures])
    share_right = number_right + GUTTER + column(labels.of_first, [f[1] for f in figures])
    change_left = share_right + GUTTER + 4
    width = change_left + column(labels.from_previous, [f[2] for f in figures]) + 8
    height = HEADER + ROW * len(rows) + 4

    description = ". ".join(
        f"{labels.step} {index}, {step.name}: {number} {labels.reached}, {share} {labels.of_first}"
        + (f", {labels.from_previous}: {words}" if words else "")
        for (index, step), (number, share, _, words) in zip(rows, figures, strict=True)
    )
    lines = _svg_open(
        "funnel", journey, width, height, labels.funnel_title.format(name=journey.name), description + "."
    )
    lines += [
        f'<text class="cj-header" x="{_number(number_right)}" y="14" text-anchor="end">{_escape(labels.reach)}</text>',
        f'<text class="cj-header" x="{_number(share_right)}" y="14" text-anchor="end">{_escape(labels.of_first)}</text>',
        f'<text class="cj-header" x="{_number(change_left)}" y="14">{_escape(labels.from_previous)}</text>',
    ]
    for row, ((_, step), (number, share, change, _)) in enumerate(zip(rows, figures, strict=True)):
        top = HEADER + row * ROW + (ROW - BAR_HEIGHT) / 2
        text_y = _number(top + BAR_HEIGHT / 2 + 4)
        length = BAR_LENGTH * step.reach / largest if largest else 0.0
        lines += [
            _step_link(step),
            f"<title>{_escape(step.name)}</title>",
            f'<text class="cj-label" x="0" y="{text_y}">{_escape(_shorten(step.name, NAME_WIDTH, NAME_SIZE))}</text>',
            f'<rect class="cj-track" x="{_number(BAR_X)}" y="{_number(top)}" width="{_number(BAR_LENGTH)}" '
            f'height="{_number(BAR_HEIGHT)}" fill="{TRACK}"/>',
            f'<rect class="cj-bar" x="{_number(BAR_X)}" y="{_number(top)}" width="{_number(length)}" '
            f'height="{_number(BAR_HEIGHT)}" fill="{BAR}"/>',
            "</a>",
            f'<text class="cj-figure" x="{_number(number_right)}" y="{text_y}" text-anchor="end">{number}</text>',
            f'<text class="cj-figure" x="{_number(share_right)}" y="{text_y}" text-anchor="end">{_escape(share)}</text>',
        ]
        if change:
            lines.append(f'<text class="cj-change" x="{_number(change_left)}" y="{text_y}">{_escape(change)}</text>')
    lines.append("</svg>")
    return "\n".join(lines) + "\n"
