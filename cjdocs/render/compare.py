"""Journeys compared: the emotions of up to five journeys side by side, phase by phase.

A comparison stands on a persona's page (that persona's journeys) and on a page of its own for
every journey that names others with `compare:` (a future state and its current one, or the
same task for several personas). Each journey is one line, told apart from the others by its
colour, its line style, the shape of its points and its number; the lines are aligned by
phase: every phase is one column, and inside it each journey's steps are spread evenly, in the
order of its map. A table beneath gives each journey's average emotion per phase.

The numbers (`comparison`, `label_places`) are computed and tested here; `comparison_svg` and
`swatch` only write them, in the way of `charts.py` (our escaping, stable bytes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import Journey, Model, Persona, Phase, Step, average_emotion
from cjdocs.render import map as grid
from cjdocs.render.charts import GRID, INK, SVG_NAMESPACE, coordinate, shorten, svg_text
from cjdocs.render.format import signed

# More lines than this cannot be told apart (UXPressia's limit, too).
MAX_JOURNEYS = 5


@dataclass(frozen=True, slots=True)
class LineStyle:
    """How one journey's line looks: its colour, its dashes (an SVG `stroke-dasharray`, empty
    for a solid line) and the shape of its points."""

    colour: str
    dashes: str
    shape: str


# Okabe and Ito's colours for colour-blind readers, and a brown for the fifth: each has a
# contrast of at least 3:1 on white and on Material's dark slate, so a line reads in both
# schemes. Colour is never alone: each line also has its own dashes and point shape.
STYLES = (
    LineStyle("#0072b2", "", "circle"),
    LineStyle("#d55e00", "9 5", "square"),
    LineStyle("#009e73", "2 5", "diamond"),
    LineStyle("#cc79a7", "12 4 2 4", "triangle"),
    LineStyle("#a6761d", "5 3", "triangle-down"),
)


# -- the numbers ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ComparedPoint:
    """A step with an emotion: `x` in phase columns (phase column `p` runs from `p` to `p + 1`)."""

    step: Step
    emotion: int
    x: float


@dataclass(frozen=True, slots=True)
class ComparedLine:
    """One journey's line. `key`: its number (from 1), the label it wears; `joins`: pairs of
    indices into `points`, the journey's ways forward from one step with an emotion to the
    next (a dead end ends the line, a branch forks it; ways back are the map's to show);
    `averages`: the mean emotion in each phase of the comparison, None where there is none."""

    journey: Journey
    key: int
    style: LineStyle
    points: tuple[ComparedPoint, ...]
    joins: tuple[tuple[int, int], ...]
    averages: tuple[float | None, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    phases: tuple[Phase, ...]
    lines: tuple[ComparedLine, ...]


def shared_phase(journeys: Sequence[Journey]) -> bool:
    """Whether some phase holds steps of at least two of the journeys."""
    seen: set[str] = set()
    for journey in journeys:
        phases = {phase.id for phase in journey.phases}
        if seen & phases:
            return True
        seen |= phases
    return False


def comparison(journeys: Sequence[Journey]) -> Comparison:
    """The lines of the journeys (at most `MAX_JOURNEYS`, in the order given) over the phases
    any of them touches, in phase order."""
    if len(journeys) > MAX_JOURNEYS:
        raise ValueError(f"at most {MAX_JOURNEYS} journeys can be compared, not {len(journeys)}")
    phases = {phase.id: phase for journey in journeys for phase in journey.phases}
    ordered = tuple(sorted(phases.values(), key=lambda phase: (phase.order, phase.id)))
    where = {phase.id: number for number, phase in enumerate(ordered)}
    return Comparison(
        ordered,
        tuple(
            _line(journey, key, STYLES[key - 1], ordered, where)
            for key, journey in enumerate(journeys, 1)
        ),
    )


def _line(
    journey: Journey,
    key: int,
    style: LineStyle,
    phases: tuple[Phase, ...],
    where: dict[str, int],
) -> ComparedLine:
    placed = grid.columns(journey)
    # Each step's place inside its phase column: its steps spread evenly, in the map's order.
    counts: dict[str, int] = {}
    for column in placed:
        counts[column.step.phase.id] = counts.get(column.step.phase.id, 0) + 1
    x: dict[int, float] = {}
    seen: dict[str, int] = {}
    for column in placed:
        phase = column.step.phase.id
        place = seen.get(phase, 0)
        seen[phase] = place + 1
        x[column.index] = where[phase] + (place + 0.5) / counts[phase]
    curve = grid.curve(journey, placed)
    points: list[ComparedPoint] = []
    joins: list[tuple[int, int]] = []
    if curve is not None:
        number = {point.column: index for index, point in enumerate(curve.points)}
        points = [
            ComparedPoint(placed[point.column].step, point.emotion, x[point.column])
            for point in curve.points
        ]
        joins = [
            (number[join.source], number[join.target])
            for join in curve.joins
            if join.route != grid.BACK
        ]
    averages = tuple(
        average_emotion(step for step in journey.steps if step.phase.id == phase.id)
        for phase in phases
    )
    return ComparedLine(journey, key, style, tuple(points), tuple(joins), averages)


# -- where the comparisons stand -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ComparedSet:
    """Journeys compared on a page of their own: the journey that names the others (`compare:`)
    first. `identifier`: that journey's id, which names the page."""

    identifier: str
    journeys: tuple[Journey, ...]


def named_sets(model: Model) -> tuple[ComparedSet, ...]:
    """The sets the journeys name with `compare:`, each once: a journey naming itself or a
    journey twice counts it once, and a set two journeys both name gets one page (the first
    journey's, by id)."""
    by_id = {journey.id: journey for journey in model.journeys}
    found: list[ComparedSet] = []
    seen: set[frozenset[str]] = set()
    for journey in model.journeys:
        members = tuple(dict.fromkeys((journey.id, *journey.compare)))
        if len(members) < 2 or frozenset(members) in seen:
            continue
        seen.add(frozenset(members))
        found.append(ComparedSet(journey.id, tuple(by_id[member] for member in members)))
    return tuple(found)


def persona_journeys(model: Model, persona: Persona) -> tuple[tuple[Journey, ...], int]:
    """The persona's journeys compared on its page (the first `MAX_JOURNEYS`), and how many it
    has; none when fewer than two of them share a phase."""
    journeys = model.journeys_of(persona)
    if len(journeys) < 2 or not shared_phase(journeys[:MAX_JOURNEYS]):
        return (), len(journeys)
    return journeys[:MAX_JOURNEYS], len(journeys)


# -- the picture ---------------------------------------------------------------------------------

# Five phases fit the content column of a page with its table of contents (about 690 px).
AXIS = 40.0  # room for the scale, left of the first phase
PHASE_WIDTH = 124.0
HEAD = 40.0  # room for the phase names, above the levels
LEVEL = 34.0  # between two emotions
MARGIN = 18.0  # above +2 and below −2
LABELS = 28.0  # room right of the last phase for the labels of lines that end there
POINT = 5.5  # a point's half width
TEXT = 12.0
LABEL_GAP = (18.0, 15.0)  # labels closer than this across and down would overlap


def plot_x(x: float) -> float:
    """Pixels from the left of a place `x` in phase columns."""
    return AXIS + x * PHASE_WIDTH


def plot_y(emotion: float) -> float:
    """Pixels from the top of an emotion: +2 highest."""
    return HEAD + MARGIN + (2 - emotion) * LEVEL


def size(compared: Comparison) -> tuple[float, float]:
    return AXIS + len(compared.phases) * PHASE_WIDTH + LABELS, plot_y(-2) + MARGIN


def label_places(compared: Comparison) -> dict[int, tuple[float, float]]:
    """Where each line's number stands (pixels, the text's start and baseline): right of its
    last point, moved down past the numbers of lines before it that would overlap it. Lines
    without points have none."""
    places: dict[int, tuple[float, float]] = {}
    for line in compared.lines:
        if not line.points:
            continue
        last = line.points[-1]
        x, y = plot_x(last.x) + POINT + 4, plot_y(last.emotion) + 4
        while any(
            abs(x - other_x) < LABEL_GAP[0] and abs(y - other_y) < LABEL_GAP[1]
            for other_x, other_y in places.values()
        ):
            y += LABEL_GAP[1]
        places[line.key] = (x, y)
    return places


def _shape(shape: str, x: float, y: float, colour: str) -> str:
    """A point of the given shape centred on (x, y), filled with the line's colour."""
    r = POINT
    fill = (
        f'class="cj-compare-point cj-shape-{shape}" fill="{colour}" stroke="#ffffff" '
        'stroke-width="1.5"'
    )
    if shape == "circle":
        return f'<circle cx="{coordinate(x)}" cy="{coordinate(y)}" r="{coordinate(r)}" {fill}/>'
    if shape == "square":
        side = r * 1.7
        return (
            f'<rect x="{coordinate(x - side / 2)}" y="{coordinate(y - side / 2)}" '
            f'width="{coordinate(side)}" height="{coordinate(side)}" {fill}/>'
        )
    corners = {
        "diamond": ((0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)),
        "triangle": ((0, -1.3), (1.2, 0.9), (-1.2, 0.9)),
        "triangle-down": ((0, 1.3), (1.2, -0.9), (-1.2, -0.9)),
    }[shape]
    points = " ".join(f"{coordinate(x + dx * r)},{coordinate(y + dy * r)}" for dx, dy in corners)
    return f'<polygon points="{points}" {fill}/>'


def _stroke(style: LineStyle) -> str:
    dashes = f' stroke-dasharray="{style.dashes}"' if style.dashes else ""
    return f'stroke="{style.colour}" stroke-width="2.5" stroke-linecap="round"{dashes}'


def comparison_svg(
    compared: Comparison,
    labels: Catalogue,
    *,
    identifier: str,
    step_href: Callable[[Journey, Step], str],
    phase_name: Callable[[Phase], str] = lambda phase: phase.name,
) -> str:
    """The comparison as an inline SVG at its own size (its frame scrolls sideways on a narrow
    screen, so its text never shrinks): the phases as columns, the levels +2 to −2, each
    journey's line with its points (links to their steps, named by journey, step and emotion)
    and its number. `identifier` makes its element ids unique on the page."""
    width, height = size(compared)
    names = ", ".join(f"{line.key}. {line.journey.name}" for line in compared.lines)
    title_id = svg_text(f"cj-compare-{identifier}-title")
    description_id = svg_text(f"cj-compare-{identifier}-desc")
    parts = [
        f'<svg class="cj-chart cj-compare" width="{coordinate(width)}" height="{coordinate(height)}" '
        f'viewBox="0 0 {coordinate(width)} {coordinate(height)}" role="group" '
        f'aria-labelledby="{title_id} {description_id}" xmlns="{SVG_NAMESPACE}">',
        f'<title id="{title_id}">{svg_text(labels["compare.chart"].format(names=names))}</title>',
        f'<desc id="{description_id}">{svg_text(labels["compare.description"])}</desc>',
    ]
    # The phase columns: a rule between two, the phase's name above.
    for number, phase in enumerate(compared.phases):
        left = plot_x(number)
        parts.append(
            f'<line class="cj-compare-rule" x1="{coordinate(left)}" x2="{coordinate(left)}" '
            f'y1="4" y2="{coordinate(height)}" stroke="{GRID}"/>'
        )
        name = phase_name(phase)
        parts.append(
            f'<text class="cj-compare-phase" x="{coordinate(left + PHASE_WIDTH / 2)}" y="24" '
            f'text-anchor="middle"><title>{svg_text(name)}</title>'
            f"{svg_text(shorten(name, PHASE_WIDTH - 12, TEXT))}</text>"
        )
    last = plot_x(len(compared.phases))
    parts.append(
        f'<line class="cj-compare-rule" x1="{coordinate(last)}" x2="{coordinate(last)}" y1="4" '
        f'y2="{coordinate(height)}" stroke="{GRID}"/>'
    )
    for emotion in (2, 1, 0, -1, -2):
        y = plot_y(emotion)
        kind = "cj-zero" if emotion == 0 else "cj-grid"
        parts += [
            f'<line class="{kind}" x1="{coordinate(AXIS)}" x2="{coordinate(last)}" y1="{coordinate(y)}" '
            f'y2="{coordinate(y)}" stroke="{INK if emotion == 0 else GRID}"/>',
            f'<text class="cj-tick" x="{coordinate(AXIS - 8)}" y="{coordinate(y + 4)}" '
            f'text-anchor="end">{signed(emotion)}</text>',
        ]
    places = label_places(compared)
    for line in compared.lines:
        style = line.style
        parts.append(f'<g class="cj-compare-line cj-compare-line-{line.key}">')
        for source, target in line.joins:
            start, end = line.points[source], line.points[target]
            parts.append(
                f'<line x1="{coordinate(plot_x(start.x))}" y1="{coordinate(plot_y(start.emotion))}" '
                f'x2="{coordinate(plot_x(end.x))}" y2="{coordinate(plot_y(end.emotion))}" '
                f"{_stroke(style)}/>"
            )
        for point in line.points:
            words = (
                f"{line.key}. {line.journey.name}: {point.step.name}, "
                f"{signed(point.emotion)} {labels[f'emotion.{point.emotion}']}"
            )
            parts += [
                f'<a href="{svg_text(step_href(line.journey, point.step))}">'
                f"<title>{svg_text(words)}</title>",
                _shape(style.shape, plot_x(point.x), plot_y(point.emotion), style.colour),
                "</a>",
            ]
        if line.key in places:
            x, y = places[line.key]
            parts.append(
                f'<text class="cj-compare-key" x="{coordinate(x)}" y="{coordinate(y)}" '
                f'fill="{style.colour}">{line.key}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def swatch(style: LineStyle) -> str:
    """A short piece of a line in its style with one point, for the table's key column."""
    return (
        f'<svg class="cj-compare-swatch" width="44" height="14" aria-hidden="true" '
        f'focusable="false" xmlns="{SVG_NAMESPACE}">'
        f'<line x1="2" y1="7" x2="42" y2="7" {_stroke(style)}/>'
        f"{_shape(style.shape, 22, 7, style.colour)}</svg>"
    )
