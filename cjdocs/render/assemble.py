"""The site's pages from the model: diagrams drawn (in parallel, cached), pages rendered.

Shared by the MkDocs plugin and the Markdown export, so nothing here imports MkDocs.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import mmap
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from cjdocs.catalogue import Catalogue, catalogue
from cjdocs.definitions.findings import Finding
from cjdocs.definitions.model import Journey, Model, Source
from cjdocs.forked import Fault, Forked, Stopped, can_fork
from cjdocs.render import charts, diagrams, pages
from cjdocs.render.css import site_stylesheet
from cjdocs.render.draw import draw_all, network_html
from cjdocs.render.engine import DiagramCache, get_engine
from cjdocs.render.markup import xml_text
from cjdocs.render.memory import Memory
from cjdocs.render.templates import TemplateProblem, Templates, package_templates

# Where the site's stylesheet stands among the docs, in a built site and in the export alike.
STYLESHEET = "assets/cjdocs/cjdocs.css"
T = TypeVar("T")


def draw(
    model: Model,
    *,
    language: str,
    directory_urls: bool,
    cache_folder: Path | None,
    workers: int | None = None,
    engine=None,
    findings: list[Finding] | None = None,
    templates: Templates | None = None,
    memory: Memory | None = None,
    late: bool = False,
) -> pages.Diagrams:
    """Every diagram of the site (each funnel drawn as its page asks for it). A diagram
    that cannot be drawn is shown as a table, and a warning saying so is added to
    `findings`. With a `memory` (`serve`), a journey's flow the last build had is used again
    where the journey is the same. With `late`, the journeys' flows are left to `LateParts`."""
    labels = catalogue(language)
    links = pages.Links(pages.page_path("insights"), directory_urls)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
    cache = DiagramCache(cache_folder)
    engine = engine or get_engine()
    journeys = () if late else model.journeys
    from_cache = _flows_from_cache(journeys, language, engine, cache, workers, memory)
    flows = {
        journey.id: diagrams.flow_diagrams(journey, language)
        for journey in journeys
        if journey.id not in from_cache
    }

    def networks() -> tuple[list[diagrams.Diagram], dict[str, diagrams.Diagram]]:
        # The overview links from the insights page, each channel's network from its own.
        channel_links = pages.Links(pages.page_path("channels", "any"), directory_urls)
        plans = diagrams.network_diagrams(
            model, links.definition, language, detail_link=channel_links.definition
        )
        return plans[:1], _channel_networks(model, plans[1:])

    # The networks are drawn from the journeys, touchpoints and channels (diagrams.py).
    made_from = (language, directory_urls, model.journeys, model.touchpoints, model.channels)
    network, channels = memory.networks(made_from, networks) if memory else networks()
    drawn, warnings = draw_all(
        [plan for plans in flows.values() for plan in plans] + network + list(channels.values()),
        language=language,
        templates=templates,
        engine=engine,
        cache=cache,
        workers=workers,
    )
    if findings is not None:
        findings.extend(warnings)
    finished = {
        journey.id: from_cache.get(journey.id)
        or "".join(drawn[plan.name] for plan in flows[journey.id])
        for journey in journeys
    }
    if memory is not None:
        for journey in journeys:
            # A flow drawn with a warning is drawn again, so that each build says so.
            if journey.id in from_cache or not warnings:
                memory.keep_flow(journey, language, finished[journey.id])
    return pages.Diagrams(
        flows=finished,
        funnels=Funnels(model.journeys, labels),
        network=network_html(network, drawn, templates) if network else None,
        channel_networks={identifier: drawn[plan.name] for identifier, plan in channels.items()},
        late=late,
    )


def _flows_from_cache(
    journeys: Sequence[Journey],
    language: str,
    engine,
    cache: DiagramCache,
    workers: int,
    memory: Memory | None = None,
) -> dict[str, str]:
    """The flow diagrams of the journeys whose every diagram is in the cache, finished, by
    journey id: on a large site, planned, read, checked and finished on all the cores (most
    of a build's diagram work once they are cached); with a `memory`, those of the journeys
    the last build had as they are. The others are drawn as before."""
    remembered = {}
    if memory is not None:
        remembered = {
            journey.id: svg
            for journey in journeys
            if (svg := memory.flow(journey, language)) is not None
        }
        journeys = [journey for journey in journeys if journey.id not in remembered]
    if (
        cache.folder is None
        or not cache.folder.is_dir()
        or not journeys
        or (memory is None and len(journeys) < PARALLEL_FROM)
    ):
        return remembered

    def from_cache(index: int) -> tuple[str, int] | None:
        finished = _cached(diagrams.flow_diagrams(journeys[index], language), engine, cache)
        return None if finished is None else ("".join(finished), len(finished))

    found = in_parallel(from_cache, len(journeys), workers)
    drawn = {
        journey.id: flow for journey, flow in zip(journeys, found, strict=True) if flow is not None
    }
    cache.hits += sum(count for _, count in drawn.values())
    return remembered | {identifier: svg for identifier, (svg, _) in drawn.items()}


def _cached(plans: Sequence[diagrams.Diagram], engine, cache: DiagramCache) -> list[str] | None:
    """The plans' diagrams finished from the cache; None where any is not in it."""
    finished = []
    for plan in plans:
        cached = None if plan.dot is None else cache.get(cache.key(engine, plan.dot, "svg"))
        if cached is None:
            return None
        finished.append(plan.finish(cached, standalone=False))
    return finished


def _channel_networks(
    model: Model, plans: Sequence[diagrams.Diagram]
) -> dict[str, diagrams.Diagram]:
    """Each channel's network (where the whole network is drawn by channel), by channel id,
    linked from the channels' pages, where it is shown: a reader finds a channel's links on
    its page, and the insights page stays the size of its overview."""
    by_name = {plan.name: plan for plan in plans}
    found = {}
    for channel in model.channels:
        plan = by_name.get(f"the network of channel '{channel.id}'")
        if plan is not None:
            subject = f"the network of channel '{channel.id}' on its page"
            found[channel.id] = dataclasses.replace(plan, subject=subject)
    return found


def build_pages(
    model: Model,
    *,
    language: str = "en",
    directory_urls: bool = True,
    edit_url: Callable[[Source], str | None] = lambda source: None,
    cache_folder: Path | None = None,
    workers: int | None = None,
    templates: Templates | None = None,
    findings: list[Finding] | None = None,
    print_size: str = "A4",
    memory: Memory | None = None,
    late: bool = False,
) -> list[pages.Page]:
    """Every generated page, its HTML written by `templates` (the package's own by default),
    journey maps printed on `print_size` paper; warnings about diagrams shown as tables are
    added to `findings`. Sections search should not read are set apart (`pages.set_apart`).
    With a `memory` (`serve`), what the last build made from the same is used again. With
    `late`, the journeys' flows, maps, funnels and ways are left in the pages' figures as
    `pages.Late`, for `LateParts` to make."""
    try:
        return _build_pages(
            model,
            language=language,
            directory_urls=directory_urls,
            edit_url=edit_url,
            cache_folder=cache_folder,
            workers=workers,
            templates=templates,
            findings=findings,
            print_size=print_size,
            memory=memory,
            late=late,
        )
    except BaseException:
        if memory is not None:
            memory.forget()
        raise


def _build_pages(
    model: Model,
    *,
    language: str,
    directory_urls: bool,
    edit_url: Callable[[Source], str | None],
    cache_folder: Path | None,
    workers: int | None,
    templates: Templates | None,
    findings: list[Finding] | None,
    print_size: str,
    memory: Memory | None,
    late: bool,
) -> list[pages.Page]:
    drawn = draw(
        model,
        language=language,
        directory_urls=directory_urls,
        cache_folder=cache_folder,
        workers=workers,
        findings=findings,
        templates=templates,
        memory=memory,
        late=late,
    )
    makers = pages.page_makers(
        model,
        catalogue(language),
        drawn,
        directory_urls=directory_urls,
        edit_url=edit_url,
        templates=templates,
        print_size=print_size,
    )
    if memory is not None:
        memory.journeys(model.journeys)
    known = [pages.made_from(make) if memory is not None else None for make in makers]
    found = [memory.page(recipe) if recipe is not None else None for recipe in known]
    missing = [index for index, page in enumerate(found) if page is None]
    made = in_parallel(
        lambda number: pages.set_apart(makers[missing[number]]()),
        len(missing),
        workers if workers is not None else min(os.cpu_count() or 1, 8),
        # The pages made from the whole model (its first argument: the insights, the
        # backlog, the indexes) are the longest to make: begun first, each on its own, so
        # that no process is left making one of them at the end while the others wait (the
        # insights of 1,000 journeys take 0.45 s).
        first=[
            number
            for number, index in enumerate(missing)
            if getattr(makers[index], "args", ())[:1] == (model,)
        ],
    )
    for index, page in zip(missing, made, strict=True):
        found[index] = page
    if memory is not None:
        for recipe, page in zip(known, found, strict=True):
            if recipe is not None:
                memory.keep_page(recipe, page)
        memory.done(reused=len(makers) - len(missing), made=len(missing))
    return found


class Funnels(Mapping):
    """Each journey's funnel by journey id, drawn when first asked for: by the process that
    makes the journey's page (see `in_parallel`)."""

    def __init__(self, journeys: Sequence[Journey], labels: Catalogue) -> None:
        self._journeys = {journey.id: journey for journey in journeys}
        self._labels = labels
        self._drawn: dict[str, str] = {}

    def __getitem__(self, identifier: str) -> str:
        if identifier not in self._drawn:
            journey = self._journeys[identifier]
            self._drawn[identifier] = charts.funnel(journey, self._labels, standalone=False)
        if not self._drawn[identifier]:
            raise KeyError(identifier)
        return self._drawn[identifier]

    def __iter__(self) -> Iterator[str]:
        return (identifier for identifier in self._journeys if identifier in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
# The work of the worker processes of `in_parallel`, which they inherit as they are forked.
_WORK: Callable[[int], object] | None = None


def _work(indexes: Sequence[int]) -> list:
    return [_WORK(index) for index in indexes]


def in_parallel(
    work: Callable[[int], T], count: int, workers: int, first: Sequence[int] = ()
) -> list[T]:
    """`work(0)` … `work(count - 1)`, in that order, on `workers` forked processes for a
    large site (a page is made in pure Python: threads would wait for each other); the
    indexes `first` (the longest to do) are handed out first, one by one. In one process
    when small, where processes cannot be forked, and inside a threaded host (`mkdocs
    serve`): forking a process with threads can deadlock."""
    global _WORK
    if workers <= 1 or count < PARALLEL_FROM or not can_fork():
        return [work(index) for index in range(count)]
    size = -(-count // (workers * 8))
    early = [index for index in dict.fromkeys(first) if 0 <= index < count]
    left = sorted(set(range(count)) - set(early))
    chunks = [[index] for index in early]
    chunks += [left[start : start + size] for start in range(0, len(left), size)]
    _WORK = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_work, chunks, chunksize=1)
    finally:
        _WORK = None
    results: list = [None] * count
    for chunk, made in zip(chunks, done, strict=True):
        for index, result in zip(chunk, made, strict=True):
            results[index] = result
    return results


# From this many journeys on, their flows, maps, funnels and ways are made while MkDocs
# renders the pages (`LateParts`), where processes can be forked.
LATE_FROM = 32


def cores() -> int:
    """How many cores this process may run on (a container or `taskset` may allow fewer
    than the machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_make_late(journeys: int, workers: int | None = None) -> bool:
    """Whether `LateParts` can make the late parts of this many journeys: a large site, more
    than one core, processes that can be forked, and no thread that a fork could catch
    holding a lock (`mkdocs serve` has several)."""
    workers = workers if workers is not None else min(cores(), 8)
    return journeys >= LATE_FROM and workers > 1 and can_fork()


class LateProblem(Exception):
    """A late part could not be made: a team's template cannot be read or rendered."""


class LateParts:
    """The parts of the journeys' pages left as `pages.Late` by `build_pages(late=True)`: each
    journey's flow diagram, map, funnel and ways, made by forked processes while MkDocs goes
    on rendering the pages, and asked for (`get`) as each page is finished. MkDocs renders
    the pages one by one in one process; meanwhile the other cores were idle. Each part is
    the HTML `journey_page` would have made in its place (tests/test_late.py compares the
    two sites). A flow drawn as a table comes with the warning `draw` would have given.

    Each process makes a run of journeys, in the order of the pages, and sends each one's
    parts down its own pipe, which this process reads only when a page asks (forked.py).
    """

    def __init__(
        self,
        model: Model,
        *,
        language: str,
        directory_urls: bool,
        cache_folder: Path | None,
        templates: Templates | None = None,
        print_size: str = "A4",
        workers: int | None = None,
        engine=None,
    ) -> None:
        self._journeys = model.journeys
        self._index = {journey.id: index for index, journey in enumerate(model.journeys)}
        self._language = language
        self._directory_urls = directory_urls
        self._cache = DiagramCache(cache_folder)
        self._templates = templates or package_templates()
        self._print_size = print_size
        # One core fewer than there are: MkDocs renders on the one left.
        self._workers = workers if workers is not None else max(min(cores(), 8) - 1, 1)
        self._engine = engine
        self._children: list[Forked] = []
        self._runs: list[_Run] = []
        self._owners: dict[int, tuple[Forked, _Run]] = {}
        self._made: dict[int, tuple[dict[str, str], list[Finding]] | str] = {}

    def start(self) -> None:
        """Fork the processes, each with its run of journeys."""
        self._engine = self._engine or get_engine()
        count = len(self._journeys)
        size = -(-count // max(self._workers, 1)) if count else 1
        for first in range(0, count, size):
            run = _Run(first, min(first + size, count))
            child = Forked(functools.partial(self._parts, run))
            self._children.append(child)
            self._runs.append(run)
            self._owners.update(dict.fromkeys(range(run.first, run.end), (child, run)))

    def _parts(self, run: _Run) -> Iterator[tuple[int, object]]:
        """In a child: each journey's parts, in turn, but those this process took (a fault of
        ours is raised by the parent, with where it was)."""
        for index in range(run.first, run.end):
            if not run.take(index):
                continue
            try:
                made = _make_late_parts(self, index)
            except Exception:
                made = Fault(traceback.format_exc())
            yield index, made

    def get(self, part: pages.Late) -> tuple[str, list[Finding]]:
        """The HTML of `part`, and the warnings that come with it (each given once: with the
        first part of its journey asked for). Raises LateProblem for a template that
        cannot be read or rendered."""
        index = self._index[part.journey]
        while index not in self._made:
            owner = self._owners.get(index)
            if owner is None:  # not started: made here
                self._made[index] = _make_late_parts(self, index)
                break
            child, run = owner
            if not child.ready() and (last := run.take_last()) is not None:
                # Rather than wait for the child, make the last journey of its run no one
                # has taken (past 300 journeys the child had more to do than MkDocs).
                self._made[last] = _make_late_parts(self, last)
                continue
            try:
                received, made = child.receive()
            except Stopped:
                raise RuntimeError(
                    "a process making the journeys' maps and flows stopped"
                ) from None
            self._made[received] = made
        made = self._made[index]
        if isinstance(made, str):
            raise LateProblem(made)
        if isinstance(made, Fault):
            raise RuntimeError(f"making the parts of journey '{part.journey}' failed:\n{made.text}")
        parts, warnings = made
        # Each part is asked for once, by its page: what was given is let go.
        html = parts.pop(part.kind)
        self._made[index] = (parts, [])
        return html, warnings

    def close(self) -> None:
        """Stop the processes (at the end of a build, or when it fails)."""
        for child in self._children:
            child.stop()
        for run in self._runs:
            run.close()
        self._children.clear()
        self._runs.clear()
        self._owners.clear()

    def _make(self, index: int) -> tuple[dict[str, str], list[Finding]]:
        journey = self._journeys[index]
        links = pages.Links(pages.page_path("journeys", journey.id), self._directory_urls)
        labels = catalogue(self._language)
        flow, warnings = self._flow(journey)
        parts = {
            "flow": flow,
            "map": str(
                pages.journey_map(
                    journey, labels, links, self._templates, print_size=self._print_size
                )
            ),
            "ways": str(pages.ways(journey, labels, links, self._templates)),
        }
        if journey.has_reach:
            parts["funnel"] = charts.funnel(journey, labels, standalone=False)
        return parts, warnings

    def _flow(self, journey: Journey) -> tuple[str, list[Finding]]:
        """What `draw` makes of the journey's flow: read from the cache, else drawn."""
        plans = diagrams.flow_diagrams(journey, self._language)
        finished = _cached(plans, self._engine, self._cache)
        if finished is not None:
            return "".join(finished), []
        drawn, warnings = draw_all(
            plans,
            language=self._language,
            templates=self._templates,
            engine=self._engine,
            cache=self._cache,
            workers=1,
        )
        return "".join(drawn[plan.name] for plan in plans), warnings


class _Run:
    """A run of journeys (`first` up to `end`) shared by the process that makes their parts,
    from the front, and this one, which takes them from the back while it would otherwise
    wait for the child. Each journey is made once: a flag per journey, in memory both
    processes share, set under a lock."""

    def __init__(self, first: int, end: int) -> None:
        self.first = first
        self.end = end
        self._back = end  # (only this process takes from the back)
        self._taken = mmap.mmap(-1, max(end - first, 1))  # anonymous: shared with the child
        self._lock = multiprocessing.get_context("fork").Lock()

    def take(self, index: int) -> bool:
        """Whether `index` was free: it is taken now."""
        with self._lock:
            if self._taken[index - self.first]:
                return False
            self._taken[index - self.first] = 1
            return True

    def take_last(self) -> int | None:
        """The last journey of the run no one has taken, taken now; None when the child has
        taken every one left."""
        if self._back <= self.first:
            return None
        self._back -= 1
        if self.take(self._back):
            return self._back
        self._back = self.first  # the child got there: every journey is taken
        return None

    def close(self) -> None:
        self._taken.close()


def _make_late_parts(late: LateParts, index: int) -> tuple[dict[str, str], list[Finding]] | str:
    try:
        return late._make(index)
    except TemplateProblem as problem:
        return str(problem)  # (its message: the exception itself does not cross processes)


def placeholder(number: int) -> str:
    return f'<div data-cj-block="{number}"></div>'


def page_markdown(page: pages.Page, *, inline: bool = False) -> tuple[str, list[str]]:
    """The Markdown of a generated page, and its HTML blocks.

    The title goes into the front matter already escaped (MkDocs and Material print page
    titles into HTML as they are), and into the page as its <h1>: Material then leaves out
    the one it would add, and themes that take the heading from the page (MkDocs' own
    `mkdocs` and `readthedocs`) show it too. Section headings are our own words. With `inline`, the blocks are
    written into the Markdown (for the export); otherwise placeholders stand in for them and
    the plugin puts the blocks in after Markdown has run, which spares Markdown the work.
    """
    lines = ["---", f"title: {json.dumps(html.escape(xml_text(page.title)), ensure_ascii=False)}"]
    if page.tags:
        lines.append(
            f"tags: {json.dumps([html.escape(xml_text(tag)) for tag in page.tags], ensure_ascii=False)}"
        )
    if page.hide:
        lines.append(f"hide: {json.dumps(list(page.hide))}")
    title = html.escape(xml_text(page.title), quote=False)
    lines += ["---", "", f"<h1>{title}</h1>", ""]
    blocks: list[str] = []
    for section in page.sections:
        if section.heading:
            lines += [f"## {section.heading}", ""]
        if section.html:
            block = (
                pages.fill_figures(str(section.html), page.figures) if inline else str(section.html)
            )
            lines += [block if inline else placeholder(len(blocks)), ""]
            blocks.append(block)
    return "\n".join(lines), blocks


def stylesheet() -> str:
    """The CSS of every generated page and its diagrams (package data, read once)."""
    return site_stylesheet()
