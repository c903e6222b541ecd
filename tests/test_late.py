"""A large build makes its journeys' flows, maps and ways while MkDocs renders the pages.

Past `LATE_FROM` journeys, `build_pages(late=True)` leaves each journey's flow, map and ways
to `LateParts`: forked processes make them while MkDocs renders the pages one by one, and
the plugin puts each in as its page is finished (issue 10: the cores MkDocs leaves idle).
These tests hold what readers get to what they got before: the same site byte for byte, the
same warning for a flow shown as a table, a team's broken template named as before, and no
process left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_scale import _generator, _site

from cjdocs import forked
from cjdocs.definitions.validation import load_model
from cjdocs.render import assemble, diagrams, pages
from cjdocs.render.templates import Templates

JOURNEYS = assemble.LATE_FROM + 3
# A journey whose one phase has more steps than a diagram is drawn for: its flow is a table.
LONG = "kind: journey\nid: marathon\nname: Marathon\npersona: persona-1\nsteps:\n" + "".join(
    f"  - {{id: s{number}, name: Step {number}, phase: awareness}}\n"
    for number in range(1, diagrams.MAX_STEPS + 2)
)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("late")
    _generator().generate(folder, JOURNEYS, 6, seed=4, touchpoints=20, channels=4)
    (folder / "journeys" / "marathon.yaml").write_text(LONG, encoding="utf-8")
    return _site(folder)


@pytest.fixture(scope="module")
def model(repository):
    validation, model = load_model([repository / "journeys"], workers=1)
    assert model is not None, validation.errors
    return model


def late_parts(model, cache: Path, templates: Templates | None = None) -> assemble.LateParts:
    late = assemble.LateParts(
        model,
        language="en",
        directory_urls=True,
        cache_folder=cache,
        templates=templates,
        workers=2,
    )
    late.start()
    return late


def test_the_parts_made_meanwhile_are_those_made_with_the_page(model, tmp_path):
    findings: list = []
    whole = assemble.build_pages(model, cache_folder=tmp_path, workers=1, findings=findings)
    left = assemble.build_pages(model, cache_folder=tmp_path, workers=1, late=True)
    late = late_parts(model, tmp_path)
    try:
        warned = []
        for before, page in zip(whole, left, strict=True):
            made = {}
            for name, part in page.figures.items():
                if isinstance(part, pages.Late):
                    part, warnings = late.get(part)
                    warned += warnings
                made[name] = part
            assert made == dict(before.figures), page.path
            assert page.sections == before.sections and page.stand_ins == before.stand_ins
    finally:
        late.close()
    kinds = {
        part.kind for page in left for part in page.figures.values() if isinstance(part, pages.Late)
    }
    assert kinds == set(pages.LATE_KINDS)
    # The flow shown as a table warns as it did, once.
    assert [warning.message for warning in warned] == [
        warning.message for warning in findings if "marathon" in warning.message
    ]
    assert len(warned) == 1 and warned[0].file.endswith("marathon.yaml")


def test_while_a_child_lags_this_process_makes_journeys_from_the_end(model, tmp_path, monkeypatch):
    """When a page needs parts the child has not sent yet, this process makes the last journey
    no one has taken instead of waiting: each journey is made once, by one of the two, and
    every part is still the one made with the page."""
    whole = assemble.build_pages(model, cache_folder=tmp_path, workers=1)
    left = assemble.build_pages(model, cache_folder=tmp_path, workers=1, late=True)
    parent = os.getpid()
    made_here: list[int] = []
    real = assemble._make_late_parts

    def lagging(late, index):
        if os.getpid() == parent:
            made_here.append(index)
        else:
            time.sleep(0.05)  # a child slower than MkDocs (as past 300 journeys)
        return real(late, index)

    monkeypatch.setattr(assemble, "_make_late_parts", lagging)
    late = late_parts(model, tmp_path)
    try:
        for before, page in zip(whole, left, strict=True):
            for name, part in page.figures.items():
                if isinstance(part, pages.Late):
                    assert late.get(part)[0] == before.figures[name], (page.path, name)
    finally:
        late.close()
    journeys = len(model.journeys)
    assert made_here, "this process waited for every journey"
    assert len(set(made_here)) == len(made_here)  # each journey made here once
    # Taken from the back of each child's run: the last journeys, never the first.
    assert 0 not in made_here and max(made_here) == journeys - 1


def test_a_broken_template_is_named_and_no_process_is_left(model, tmp_path):
    import jinja2

    overrides = tmp_path / "overrides"
    (overrides / "cjdocs").mkdir(parents=True)
    (overrides / "cjdocs" / "ways.html").write_text("{{ 1 / 0 }}", encoding="utf-8")
    late = late_parts(model, tmp_path / "cache", Templates(jinja2.FileSystemLoader(str(overrides))))
    children = [child.pid for child in late._children]
    with pytest.raises(assemble.LateProblem, match="cannot be rendered: ZeroDivisionError"):
        late.get(pages.Late("ways", model.journeys[0].id))
    late.close()
    for pid in children:  # each was waited for: none is left running, nor as a zombie
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def build(repository: Path, site: str, *, one_core: bool) -> subprocess.CompletedProcess:
    """`cjdocs build` of the repository into `site`; with `one_core`, on one core, where
    nothing is made meanwhile."""
    return subprocess.run(
        [sys.executable, "-m", "cjdocs", "build", "--strict", "--site-dir", site],
        cwd=repository,
        capture_output=True,
        text=True,
        timeout=600,
        env={key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"},
        preexec_fn=(lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}))
        if one_core
        else None,
    )


def files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in site.rglob("*")
        if path.is_file()
    }


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or assemble.cores() < 2,
    reason="one core: nothing is made meanwhile here",
)
def test_a_large_site_is_the_same_byte_for_byte_made_meanwhile_or_not(tmp_path):
    _generator().generate(tmp_path, JOURNEYS, 6, seed=5, touchpoints=20, channels=4)
    repository = _site(tmp_path)
    meanwhile = build(repository, "site-meanwhile", one_core=False)
    alone = build(repository, "site-alone", one_core=True)
    assert meanwhile.returncode == 0, meanwhile.stderr
    assert alone.returncode == 0, alone.stderr
    made = files(repository / "site-meanwhile")
    assert made == files(repository / "site-alone")
    journey = made["journeys/journey-0001/index.html"].decode("utf-8")
    # The parts made meanwhile are in: the map, the flow diagram, the ways.
    assert journey.count('class="cj-map-grid"') == 1
    assert journey.count('<svg class="cj-diagram cj-flow"') == 1
    assert journey.count('<ol class="cj-ways">') == 1


@pytest.mark.skipif(
    assemble.cores() < 2 or not forked.can_fork(), reason="nothing runs in parallel here"
)
def test_work_handed_out_longest_first_comes_back_in_order():
    """The pages made from the whole model are begun first (`first`), each on its own; the
    pages still come back in their order, each once, and the ones begun first were begun
    before the rest by the process that took them."""
    count = assemble.PARALLEL_FROM * 2
    first = [count - 1, count // 2, 3]

    def work(index: int) -> tuple[int, int, float]:
        return index, os.getpid(), time.monotonic()

    made = assemble.in_parallel(work, count, 2, first=first)
    assert [index for index, _, _ in made] == list(range(count))
    by_process: dict[int, list[tuple[float, int]]] = {}
    for index, process, begun in made:
        by_process.setdefault(process, []).append((begun, index))
    assert os.getpid() not in by_process  # made by the workers
    for begun in by_process.values():
        order = [index for _, index in sorted(begun)]
        taken_first = [index for index in order if index in first]
        assert order[: len(taken_first)] == taken_first
