"""The model: typed, resolved definitions that diagrams and pages read.

It is built once, from documents that passed every check, so references are resolved to
objects, phases are ordered, and each journey's steps form a graph with one start. Nothing
downstream of the model touches YAML or raw documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import Document
from cjdocs.definitions.steps import Way, onward

# Ways through a journey are listed up to this many; loops and forks multiply them quickly.
MAX_PATHS = 200


@dataclass(frozen=True, slots=True)
class Source:
    """Where a definition stands: its file, and the line and column of its id."""

    file: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Channel:
    id: str
    name: str
    type: str  # "online" or "offline"
    description: str | None
    tags: tuple[str, ...]
    source: Source

    @property
    def online(self) -> bool:
        return self.type == "online"


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    name: str
    order: int
    description: str | None
    customer_goal: str | None
    business_goal: str | None
    kpis: tuple[str, ...]
    tags: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Touchpoint:
    id: str
    name: str
    channel: Channel
    description: str | None
    owner: str | None
    phases: tuple[Phase, ...]
    device: str | None
    url: str | None
    kpis: tuple[str, ...]
    tags: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Persona:
    id: str
    name: str
    summary: str | None
    description: str | None
    goals: tuple[str, ...]
    needs: tuple[str, ...]
    pain_points: tuple[str, ...]
    channels: tuple[Channel, ...]
    quote: str | None
    tags: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class System:
    """A system or supporting process behind the service (an ERP, a payment provider) that
    steps name in their support lane."""

    id: str
    name: str
    owner: str | None
    description: str | None
    url: str | None
    tags: tuple[str, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Support:
    """An entry of a step's support lane: what is done (`text`, None where only the system is
    named), and the system that does it (None for a plain text)."""

    text: str | None
    system: System | None = None


@dataclass(frozen=True, slots=True)
class PainPoint:
    """A pain point of a step, written as text or as `{text, id}`; `id` lets opportunities name it."""

    text: str
    id: str | None = None


# An opportunity's status, in the order work goes through them (the backlog's order).
STATUSES = ("idea", "planned", "in-progress", "done", "dropped")
# Priority as a rank, 1 the most urgent: `priority: high` and `priority: 1` are alike.
PRIORITIES = {"high": 1, "medium": 2, "low": 3}


@dataclass(frozen=True, slots=True)
class Opportunity:
    """An opportunity of a step: plain text, or an item of the backlog. `priority` is a rank
    from 1 (high) to 3 (low); `solves` the journey's pain points it solves."""

    text: str
    id: str | None = None
    owner: str | None = None
    status: str | None = None  # one of STATUSES; None for plain text
    priority: int | None = None
    link: str | None = None
    solves: tuple[PainPoint, ...] = ()

    @property
    def priority_name(self) -> str | None:
        """`high`, `medium` or `low`, however the priority was written."""
        names = {rank: name for name, rank in PRIORITIES.items()}
        return names.get(self.priority) if self.priority is not None else None


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    name: str
    phase: Phase
    action: str | None
    touchpoints: tuple[Touchpoint, ...]
    emotion: int | None
    feeling: str | None
    thoughts: str | None
    pain_points: tuple[PainPoint, ...]
    opportunities: tuple[Opportunity, ...]
    backstage: tuple[str, ...]
    duration: str | None
    reach: int | None
    ways: tuple[Way, ...]  # empty: the journey ends here
    branches: bool  # the ways are conditional branches, not `next`
    source: Source
    # The service blueprint's lanes below the customer (besides `backstage`): what staff or
    # systems do in the customer's sight, what supports the step, what the customer gets.
    frontstage: tuple[str, ...] = ()
    support: tuple[Support, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def ends(self) -> bool:
        return not self.ways

    @property
    def has_blueprint(self) -> bool:
        """Whether the step fills a lane that only the service blueprint shows."""
        return bool(self.frontstage or self.support or self.evidence)


@dataclass(frozen=True, slots=True)
class Journey:
    id: str
    name: str
    persona: Persona
    summary: str | None
    description: str | None
    goal: str | None
    timeframe: str | None
    state: str  # "current" or "future"
    owner: str | None
    tags: tuple[str, ...]
    steps: tuple[Step, ...]
    source: Source
    # The ids of the journeys to compare this one with (`compare`): ids, not objects, as two
    # journeys may name each other.
    compare: tuple[str, ...] = ()
    _by_id: dict[str, Step] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {step.id: step for step in self.steps})

    @property
    def start(self) -> Step:
        return self.steps[0]

    @property
    def ends(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.ends)

    def step(self, identifier: str) -> Step:
        return self._by_id[identifier]

    def successors(self, step: Step) -> tuple[Step, ...]:
        return tuple(self._by_id[way.target] for way in step.ways)

    @property
    def phases(self) -> tuple[Phase, ...]:
        """The phases this journey touches, in phase order."""
        return tuple(
            sorted({step.phase.id: step.phase for step in self.steps}.values(), key=_phase_key)
        )

    @property
    def average_emotion(self) -> float | None:
        return average_emotion(self.steps)

    @property
    def has_reach(self) -> bool:
        return any(step.reach is not None for step in self.steps)

    @property
    def has_blueprint(self) -> bool:
        return any(step.has_blueprint for step in self.steps)

    def paths(self, limit: int = MAX_PATHS) -> tuple[list[tuple[Step, ...]], bool]:
        """Every way from the start to an end, each step at most once per way (loops are shown
        by the diagram, not unrolled), in a stable order; and whether the list was cut at `limit`.
        """
        found: list[tuple[Step, ...]] = []
        stack: list[tuple[Step, tuple[Step, ...]]] = [(self.start, (self.start,))]
        while stack:
            step, trail = stack.pop()
            if step.ends:
                found.append(trail)
                if len(found) >= limit:
                    return found, True
                continue
            for following in reversed(self.successors(step)):
                # (By identity: comparing steps field by field took a tenth of a journey's map.)
                if not any(following is earlier for earlier in trail):
                    stack.append((following, (*trail, following)))
        return found, False


def average_emotion(steps: Iterable[Step]) -> float | None:
    """The mean emotion of the steps that give one; None when none does."""
    emotions = [step.emotion for step in steps if step.emotion is not None]
    return sum(emotions) / len(emotions) if emotions else None


def _phase_key(phase: Phase) -> tuple[int, str]:
    return (phase.order, phase.id)


@dataclass(frozen=True, slots=True)
class Model:
    """Every definition of a repository, resolved. Phases in phase order, the rest by id."""

    personas: tuple[Persona, ...]
    phases: tuple[Phase, ...]
    channels: tuple[Channel, ...]
    touchpoints: tuple[Touchpoint, ...]
    journeys: tuple[Journey, ...]
    systems: tuple[System, ...] = ()
    # The steps each system supports, by system id, found in one pass over the journeys.
    _supported: dict[str, list[tuple[Journey, Step]]] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        supported: dict[str, list[tuple[Journey, Step]]] = {}
        for journey in self.journeys:
            for step in journey.steps:
                for identifier in dict.fromkeys(e.system.id for e in step.support if e.system):
                    supported.setdefault(identifier, []).append((journey, step))
        object.__setattr__(self, "_supported", supported)

    def journey(self, identifier: str) -> Journey:
        return next(journey for journey in self.journeys if journey.id == identifier)

    def journeys_of(self, persona: Persona) -> tuple[Journey, ...]:
        return tuple(journey for journey in self.journeys if journey.persona.id == persona.id)

    def steps_in(self, phase: Phase) -> Iterator[tuple[Journey, Step]]:
        for journey in self.journeys:
            for step in journey.steps:
                if step.phase.id == phase.id:
                    yield journey, step

    def steps_at(self, touchpoint: Touchpoint) -> Iterator[tuple[Journey, Step]]:
        for journey in self.journeys:
            for step in journey.steps:
                if any(used.id == touchpoint.id for used in step.touchpoints):
                    yield journey, step

    def steps_supported_by(self, system: System) -> Iterator[tuple[Journey, Step]]:
        """Every step the system supports, by journey: what breaks for customers when it is down."""
        yield from self._supported.get(system.id, ())

    def touchpoints_on(self, channel: Channel) -> tuple[Touchpoint, ...]:
        return tuple(
            touchpoint for touchpoint in self.touchpoints if touchpoint.channel.id == channel.id
        )


# -- building ----------------------------------------------------------------------------------


def build_model(documents: Iterable[Document], memory: Built | None = None) -> Model:
    """The model of documents that passed every check (anything else is a bug, and raises).
    With `memory` (`serve`), a definition whose document and whose references are the very
    objects of the last build is that build's object again."""
    by_kind: dict[str, list[Document]] = {kind: [] for kind in KINDS}
    for document in documents:
        by_kind[document.data["kind"]].append(document)
    built = memory if memory is not None else Built()

    def each(kind: str, make, *depends: dict) -> dict:
        uses = tuple(value for found in depends for value in found.values())
        return {
            doc.data["id"]: built.definition(kind, doc, uses, lambda doc=doc: make(doc))
            for doc in by_kind[kind]
        }

    channels = each("channel", lambda doc: _channel(doc.data, _source(doc)))
    phases = each("phase", lambda doc: _phase(doc.data, _source(doc)))
    touchpoints = each(
        "touchpoint",
        lambda doc: _touchpoint(doc.data, _source(doc), channels, phases),
        channels,
        phases,
    )
    personas = each("persona", lambda doc: _persona(doc.data, _source(doc), channels), channels)
    systems = each("system", lambda doc: _system(doc.data, _source(doc)))
    journeys = each(
        "journey",
        lambda doc: _journey(doc, personas, phases, touchpoints, systems),
        personas,
        phases,
        touchpoints,
        systems,
    )
    built.done()
    return Model(
        personas=_sorted(personas),
        phases=tuple(sorted(phases.values(), key=_phase_key)),
        channels=_sorted(channels),
        touchpoints=_sorted(touchpoints),
        journeys=_sorted(journeys),
        systems=_sorted(systems),
    )


class Built:
    """The definitions one build made, each with the document and the definitions it was made
    from, for the next build of a `serve` run (see definitions/memory.py): where those are
    the very same objects, so is the definition, and comparing it with the last build's
    (which `serve` does for each journey) takes no time."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str], tuple[Document, tuple, Any]] = {}
        self._next: dict[tuple[str, str], tuple[Document, tuple, Any]] = {}

    def definition(self, kind: str, document: Document, uses: tuple, make) -> Any:
        key = (kind, document.data["id"])
        last = self._last.get(key)
        if (
            last is not None
            and last[0] is document
            and len(last[1]) == len(uses)
            and all(old is new for old, new in zip(last[1], uses, strict=True))
        ):
            made = last[2]
        else:
            made = make()
        self._next[key] = (document, uses, made)
        return made

    def done(self) -> None:
        self._last, self._next = self._next, {}


def _sorted(definitions: dict[str, Any]) -> tuple:
    return tuple(definitions[identifier] for identifier in sorted(definitions))


def _text(data: dict, key: str) -> str | None:
    value = data.get(key)
    return value if value else None


def _texts(data: dict, key: str) -> tuple[str, ...]:
    return tuple(data.get(key) or ())


def _channel(data: dict, source: Source) -> Channel:
    return Channel(
        id=data["id"],
        name=data["name"],
        type=data["type"],
        description=_text(data, "description"),
        tags=_texts(data, "tags"),
        source=source,
    )


def _phase(data: dict, source: Source) -> Phase:
    return Phase(
        id=data["id"],
        name=data["name"],
        order=int(data["order"]),
        description=_text(data, "description"),
        customer_goal=_text(data, "customer_goal"),
        business_goal=_text(data, "business_goal"),
        kpis=_texts(data, "kpis"),
        tags=_texts(data, "tags"),
        source=source,
    )


def _touchpoint(
    data: dict, source: Source, channels: dict[str, Channel], phases: dict[str, Phase]
) -> Touchpoint:
    return Touchpoint(
        id=data["id"],
        name=data["name"],
        channel=channels[data["channel"]],
        description=_text(data, "description"),
        owner=_text(data, "owner"),
        phases=tuple(
            sorted(
                (phases[identifier] for identifier in dict.fromkeys(_texts(data, "phases"))),
                key=_phase_key,
            )
        ),
        device=_text(data, "device"),
        url=_text(data, "url"),
        kpis=_texts(data, "kpis"),
        tags=_texts(data, "tags"),
        source=source,
    )


def _persona(data: dict, source: Source, channels: dict[str, Channel]) -> Persona:
    return Persona(
        id=data["id"],
        name=data["name"],
        summary=_text(data, "summary"),
        description=_text(data, "description"),
        goals=_texts(data, "goals"),
        needs=_texts(data, "needs"),
        pain_points=_texts(data, "pain_points"),
        channels=tuple(channels[identifier] for identifier in _texts(data, "channels")),
        quote=_text(data, "quote"),
        tags=_texts(data, "tags"),
        source=source,
    )


def _system(data: dict, source: Source) -> System:
    return System(
        id=data["id"],
        name=data["name"],
        owner=_text(data, "owner"),
        description=_text(data, "description"),
        url=_text(data, "url"),
        tags=_texts(data, "tags"),
        source=source,
    )


def _support(entries: list, systems: dict[str, System]) -> tuple[Support, ...]:
    return tuple(
        Support(entry)
        if isinstance(entry, str)
        else Support(entry.get("text") or None, systems[entry["system"]])
        for entry in entries
    )


def _source(document: Document, path: tuple = ("id",)) -> Source:
    line, column = document.locate(path)
    return Source(document.file, line, column)


def _journey(
    document: Document,
    personas: dict[str, Persona],
    phases: dict[str, Phase],
    touchpoints: dict[str, Touchpoint],
    systems: dict[str, System],
) -> Journey:
    data = document.data
    raw_steps = data["steps"]
    pains = {
        step["id"]: tuple(_pain_point(item) for item in step.get("pain_points") or ())
        for step in raw_steps
    }
    named = {pain.id: pain for found in pains.values() for pain in found if pain.id}
    steps = []
    for index, step in enumerate(raw_steps):
        leads = onward(raw_steps, index, ("steps", index))
        ways = tuple(
            Way(raw_steps[way.target]["id"], way.condition, way.path)
            if isinstance(way.target, int)
            else way
            for way in leads.ways
        )
        emotion = step.get("emotion")
        steps.append(
            Step(
                id=step["id"],
                name=step["name"],
                phase=phases[step["phase"]],
                action=_text(step, "action"),
                touchpoints=tuple(
                    touchpoints[identifier] for identifier in _texts(step, "touchpoints")
                ),
                emotion=None if emotion is None else int(emotion),
                feeling=_text(step, "feeling"),
                thoughts=_text(step, "thoughts"),
                pain_points=pains[step["id"]],
                opportunities=tuple(
                    _opportunity(item, named) for item in step.get("opportunities") or ()
                ),
                backstage=_texts(step, "backstage"),
                duration=_text(step, "duration"),
                reach=step.get("reach"),
                ways=ways,
                branches="branches" in step,
                source=_source(document, ("steps", index, "id")),
                frontstage=_texts(step, "frontstage"),
                support=_support(step.get("support") or [], systems),
                evidence=_texts(step, "evidence"),
            )
        )
    return Journey(
        id=data["id"],
        name=data["name"],
        persona=personas[data["persona"]],
        summary=_text(data, "summary"),
        description=_text(data, "description"),
        goal=_text(data, "goal"),
        timeframe=_text(data, "timeframe"),
        state=data.get("state", "current"),
        owner=_text(data, "owner"),
        tags=_texts(data, "tags"),
        steps=tuple(steps),
        source=_source(document),
        compare=_texts(data, "compare"),
    )


def _pain_point(item: str | dict) -> PainPoint:
    if isinstance(item, str):
        return PainPoint(item)
    return PainPoint(item["text"], item.get("id"))


def _opportunity(item: str | dict, pain_points: dict[str, PainPoint]) -> Opportunity:
    if isinstance(item, str):
        return Opportunity(item)
    priority = item.get("priority")
    return Opportunity(
        text=item["text"],
        id=item.get("id"),
        owner=_text(item, "owner"),
        status=item.get("status"),
        priority=PRIORITIES.get(priority, priority),
        link=_text(item, "link"),
        solves=tuple(
            pain_points[identifier] for identifier in dict.fromkeys(_texts(item, "solves"))
        ),
    )
