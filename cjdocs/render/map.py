"""The journey map's geometry: the numbers behind the grid and its emotion curve.

Which step stands in which column, which steps each phase header spans, where each point of
the emotion curve stands, which points are joined and how, and how the columns are cut into
printed pages. Numbers only, no markup: the page's template and the SVG writers in `charts.py`
turn them into HTML and SVG, and a standalone picture of the map can use the same numbers.

Units. Across, a step's place is its column: column `c` runs from `c` to `c + 1`, and its
point stands at `centre(c) = c + 0.5`. A writer multiplies by its column width (pixels in a
standalone SVG, per cent of one column in the page, where every column is equally wide). Down,
the curve's numbers are pixels from the top of the emotion lane (`Scale`).
"""

from __future__ import annotations

from dataclasses import dataclass

from cjdocs.definitions.model import Journey, Phase, Step
from cjdocs.render.wrapping import line_count

# -- columns ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A step's column. `conditions`: the conditions of the branches that lead to it when a
    branch is the only way there (empty otherwise, and for the first step)."""

    index: int
    step: Step
    conditions: tuple[str, ...] = ()


def way_order(journey: Journey) -> tuple[Step, ...]:
    """The steps as the journey's ways meet them from the first step: each way followed to its
    end before the next way of the same step (the first way of a branch first, then the other
    branches), each step once. Steps no way reaches (the checks forbid them) come last, in
    file order."""
    seen: set[str] = set()
    order: list[Step] = []
    waiting = [journey.start]
    while waiting:
        step = waiting.pop()
        if step.id in seen:
            continue
        seen.add(step.id)
        order.append(step)
        waiting.extend(reversed(journey.successors(step)))
    order += [step for step in journey.steps if step.id not in seen]
    return tuple(order)


def columns(journey: Journey) -> tuple[Column, ...]:
    """One column per step: phases in phase order, and inside a phase the order of the ways."""
    order = way_order(journey)
    rank = {step.id: number for number, step in enumerate(order)}
    placed = sorted(order, key=lambda step: (step.phase.order, step.phase.id, rank[step.id]))
    conditions = _branch_conditions(journey, rank)
    return tuple(
        Column(index, step, conditions.get(step.id, ())) for index, step in enumerate(placed)
    )


def _branch_conditions(journey: Journey, rank: dict[str, int]) -> dict[str, tuple[str, ...]]:
    """For each step that only branches lead to, their conditions, in the order of the ways."""
    leading: dict[str, list[tuple[int, str | None]]] = {step.id: [] for step in journey.steps}
    for step in journey.steps:
        for way in step.ways:
            condition = None if way.condition is None else str(way.condition).strip()
            leading[way.target].append((rank[step.id], condition))
    found = {}
    for step in journey.steps:
        ways = sorted(leading[step.id], key=lambda item: item[0])
        # The first step is where the journey starts, whatever leads back to it.
        if step.id == journey.start.id or any(condition is None for _, condition in ways):
            continue
        written = tuple(dict.fromkeys(condition for _, condition in ways if condition))
        if written:
            found[step.id] = written
    return found


def centre(column: int) -> float:
    """Where a column's point stands across, in columns from the map's first step column."""
    return column + 0.5


@dataclass(frozen=True, slots=True)
class PhaseSpan:
    """The columns a phase header spans: `count` columns from `first`."""

    phase: Phase
    first: int
    count: int


def phase_spans(placed: tuple[Column, ...]) -> tuple[PhaseSpan, ...]:
    spans: list[PhaseSpan] = []
    for column in placed:
        if spans and spans[-1].phase.id == column.step.phase.id:
            last = spans[-1]
            spans[-1] = PhaseSpan(last.phase, last.first, last.count + 1)
        else:
            spans.append(PhaseSpan(column.step.phase, column.index, 1))
    return tuple(spans)


# -- the emotion curve --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Scale:
    """The curve's sizes down the lane, in pixels: `level` between two emotions, a point's
    `radius`, `margin` above +2 and below −2, and `track` between two routed lines."""

    level: float = 24.0
    radius: float = 12.0
    margin: float = 18.0
    track: float = 9.0


# The emotion lane of the map, and the compact curve above the step cards on a phone.
LANE = Scale()
COMPACT = Scale(level=18.0, radius=11.0, margin=14.0, track=7.0)

# How a join is drawn: a straight line to a later column when no other point stands between
# the two; over the top of the curve when one does (a line never passes over another step's
# point); as a return arrow below the curve to a column at or left of its own.
STRAIGHT, OVER, BACK = "straight", "over", "back"


@dataclass(frozen=True, slots=True)
class Point:
    column: int
    emotion: int
    x: float  # columns
    y: float  # pixels from the top of the lane


@dataclass(frozen=True, slots=True)
class Join:
    """A line from the point of `source` to the point of `target` (columns).

    `route`: STRAIGHT, OVER (up from the source to track `track` above the curve, across, and
    down into the target) or BACK (a way back or a loop: down to track `track` below the
    curve, back, and up into the target). Tracks count from the curve outwards, from 0; a
    straight join has track -1. `bridged`: the way passes steps without an emotion (drawn
    dashed).
    """

    source: int
    target: int
    route: str = STRAIGHT
    track: int = -1
    bridged: bool = False


@dataclass(frozen=True, slots=True)
class Curve:
    scale: Scale
    points: tuple[Point, ...]  # in column order; a step without an emotion has none
    joins: tuple[Join, ...]  # by source, then target
    over: int  # how many tracks above the curve the joins take
    under: int  # and below it

    def y(self, emotion: int) -> float:
        return level_y(emotion, self.scale, self.over)

    def point(self, column: int) -> Point | None:
        """The point of the step in `column`; None when the step has no emotion."""
        return next((point for point in self.points if point.column == column), None)

    def track_y(self, join: Join) -> float:
        """Where a routed join runs across: its track above +2 or below −2."""
        gap = self.scale.radius + 6 + join.track * self.scale.track
        return self.y(2) - gap if join.route == OVER else self.y(-2) + gap

    @property
    def height(self) -> float:
        bottom = self.y(-2) + self.scale.margin
        if self.under:
            last = self.y(-2) + self.scale.radius + 6 + (self.under - 1) * self.scale.track
            bottom = max(bottom, last + 6)
        return bottom


def level_y(emotion: int, scale: Scale = LANE, over: int = 0) -> float:
    """How far down the lane the points of `emotion` stand: +2 at the top, −2 at the bottom,
    below the `over` tracks that joins over the curve take."""
    top = scale.margin
    if over:
        top = max(top, scale.radius + 12 + (over - 1) * scale.track)
    return top + (2 - emotion) * scale.level


def curve(journey: Journey, placed: tuple[Column, ...], scale: Scale = LANE) -> Curve | None:
    """The emotion curve over the columns; None when no step has an emotion.

    Points are joined only along the journey's ways: a step is joined to the steps it leads to,
    looking past steps without an emotion (a bridged join). So a dead end ends its line, a
    branch forks it, and a way back (a loop) is a return arrow, never a line in file order.
    """
    where = {column.step.id: column.index for column in placed}
    felt = [column.index for column in placed if column.step.emotion is not None]
    if not felt:
        return None
    joins: list[Join] = []
    for source in felt:
        for target, bridged in _felt_successors(journey, placed[source].step):
            column = where[target.id]
            if column <= source:
                route = BACK
            elif any(source < between < column for between in felt):
                route = OVER
            else:
                route = STRAIGHT
            joins.append(Join(source, column, route, bridged=bridged))
    joins.sort(key=lambda join: (join.source, join.target))
    joins, over = _tracks(joins, OVER)
    joins, under = _tracks(joins, BACK)
    points = tuple(
        Point(column, placed[column].step.emotion, centre(column), 0.0) for column in felt
    )
    drawn = Curve(scale, points, tuple(joins), over, under)
    return Curve(
        scale,
        tuple(
            Point(point.column, point.emotion, point.x, drawn.y(point.emotion)) for point in points
        ),
        drawn.joins,
        over,
        under,
    )


def _felt_successors(journey: Journey, step: Step) -> list[tuple[Step, bool]]:
    """The steps with an emotion that `step` leads to, each once: directly (False) or past
    steps without one (True); a step reached both ways counts as direct."""
    found: dict[str, tuple[Step, bool]] = {}
    for following in journey.successors(step):
        if following.emotion is not None:
            found[following.id] = (following, False)
    seen = {step.id}
    waiting = [following for following in journey.successors(step) if following.emotion is None]
    waiting.reverse()
    while waiting:
        current = waiting.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        for following in journey.successors(current):
            if following.emotion is not None:
                found.setdefault(following.id, (following, True))
        waiting.extend(
            following
            for following in reversed(journey.successors(current))
            if following.emotion is None
        )
    return list(found.values())


def _tracks(joins: list[Join], route: str) -> tuple[list[Join], int]:
    """Each join of `route` gets the nearest track that no join overlapping it across uses,
    the shortest joins first, so that they nest and never share a stretch of line; and how
    many tracks that takes."""
    routed = sorted(
        (join for join in joins if join.route == route),
        key=lambda join: (abs(join.source - join.target), join.source, join.target),
    )
    taken: list[list[tuple[int, int]]] = []
    placed: dict[tuple[int, int], int] = {}
    for join in routed:
        low, high = sorted((join.source, join.target))
        track = next(
            (
                number
                for number, spans in enumerate(taken)
                if all(high < start or low > end for start, end in spans)
            ),
            len(taken),
        )
        if track == len(taken):
            taken.append([])
        taken[track].append((low, high))
        placed[(join.source, join.target)] = track
    return [
        Join(join.source, join.target, route, placed[(join.source, join.target)], join.bridged)
        if join.route == route
        else join
        for join in joins
    ], len(taken)


# -- print --------------------------------------------------------------------------------------

# Landscape paper in millimetres, and what a printed map needs: a margin on each side, the
# lane names (as wide as in styles/cjdocs.css), and per step column room for a dozen words a
# line at 8 pt.
PAPER = {"A4": (297, 210), "A3": (420, 297), "A2": (594, 420), "A1": (841, 594), "A0": (1189, 841)}
PAPER_WIDTHS = {size: width for size, (width, _) in PAPER.items()}
PRINT_MARGIN = 10
PRINT_LANES = 22
PRINT_COLUMN = 30
# Printed text: 8 pt, lines of 1.2 em; an average character of Helvetica or Roboto takes about
# half an em; a cell's padding and rule; a list item's indent.
POINT = 25.4 / 72
PRINT_LINE = 8 * 1.2 * POINT
PRINT_CHARACTER = 8 * 0.5 * POINT
PRINT_PADDING = (2 * 0.8 + 0.3, 2 * 1.2)  # down (with the rule), across
PRINT_INDENT = 8 * 1.1 * POINT
# The estimate is kept this far from the page's foot: a browser's fonts are not ours to know.
PRINT_SAFETY = 6


def print_capacity(size: str) -> int:
    """How many step columns one landscape page of `size` holds across with its text at 8 pt."""
    room = PAPER_WIDTHS[size] - 2 * PRINT_MARGIN - PRINT_LANES
    return max(1, room // PRINT_COLUMN)


def print_lines(text: str, width: float) -> int:
    """How many lines `text` takes in a printed cell `width` millimetres wide (an estimate)."""
    characters = max(1, int(width / PRINT_CHARACTER))
    return line_count(text, characters)


@dataclass(frozen=True, slots=True)
class PrintLane:
    """What a lane holds, for estimating its printed height: its `label` (in the lane names'
    column), each step's texts, one for each line that starts anew (a name, an action, each
    item of a list, `listed` when they are indented as items). `fixed`: a lane that does not
    wrap (the emotion curve) is this many millimetres high."""

    label: str
    texts: tuple[tuple[str, ...], ...]
    listed: bool = False
    fixed: float = 0.0


def print_height(lanes: tuple[PrintLane, ...], width: float) -> float:
    """The estimated height in millimetres of a printed map whose step columns are `width`
    millimetres wide: each lane as high as its fullest cell."""
    room = width - PRINT_PADDING[1]
    height = 0.0
    for lane in lanes:
        across = room - (PRINT_INDENT if lane.listed else 0)
        lines = max(
            (sum(print_lines(text, across) for text in texts) for texts in lane.texts), default=0
        )
        label = print_lines(lane.label, PRINT_LANES - PRINT_PADDING[1]) if lane.label else 0
        height += max(lane.fixed, PRINT_PADDING[0] + PRINT_LINE * max(lines, label))
    return height


def print_columns(lanes: tuple[PrintLane, ...], size: str) -> int:
    """How many step columns a printed page of `size` shows: as many as fit across at 8 pt,
    fewer where the map would not fit down the page (with fewer columns each is wider, and
    its text takes fewer lines), never fewer than one."""
    across = PAPER_WIDTHS[size] - 2 * PRINT_MARGIN - PRINT_LANES
    down = PAPER[size][1] - 2 * PRINT_MARGIN - PRINT_SAFETY
    for columns in range(print_capacity(size), 1, -1):
        if print_height(lanes, across / columns) <= down:
            return columns
    return 1


@dataclass(frozen=True, slots=True)
class PrintPiece:
    """The part of a phase on one printed page; `continued` when it began on the page before."""

    phase: Phase
    first: int
    count: int
    continued: bool = False


@dataclass(frozen=True, slots=True)
class PrintPage:
    pieces: tuple[PrintPiece, ...]

    @property
    def first(self) -> int:
        return self.pieces[0].first

    @property
    def count(self) -> int:
        return sum(piece.count for piece in self.pieces)


def print_pages(spans: tuple[PhaseSpan, ...], capacity: int) -> tuple[PrintPage, ...]:
    """The map cut into pages of at most `capacity` columns, between phases: whole phases
    share a page while they fit; a phase wider than a page starts one and is cut between its
    steps, never through one. A map that fits is one page."""
    pages: list[list[PrintPiece]] = [[]]

    def room() -> int:
        return capacity - sum(piece.count for piece in pages[-1])

    for span in spans:
        if span.count > room() and pages[-1]:
            pages.append([])
        first, left, continued = span.first, span.count, False
        while left:
            if not room():
                pages.append([])
            count = min(left, room())
            pages[-1].append(PrintPiece(span.phase, first, count, continued))
            first, left, continued = first + count, left - count, True
    return tuple(PrintPage(tuple(pieces)) for pieces in pages if pieces)
