"""One road from DOT to what a page or a file shows: every diagram of cjdocs is drawn here.

A diagram is planned in `cjdocs.render.diagrams` (its DOT, how Graphviz's SVG is finished,
the table that stands in its place). Here plans are laid out together (cached, in parallel),
finished, and where Graphviz cannot lay one out, its table is shown with a warning instead:
for the site's pages, for the Markdown export, and for `cjdocs render` alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cjdocs.catalogue import catalogue
from cjdocs.definitions.findings import WARNING, Finding
from cjdocs.definitions.model import Journey
from cjdocs.render.diagrams import DIAGRAM_TOO_LARGE, Diagram, TooLarge, journey_dot, whole_flow
from cjdocs.render.engine import DiagramCache, LayoutError, get_engine, layout_each
from cjdocs.render.markup import Markup
from cjdocs.render.templates import Templates, package_templates

FORMATS = ("svg", "dot", "png")


def lay_out(
    plans: Sequence[Diagram],
    *,
    engine=None,
    cache: DiagramCache | None = None,
    workers: int | None = None,
    output_format: str = "svg",
) -> dict[str, bytes | str]:
    """Each diagram's layout by name, or why there is none (a sentence)."""
    results: dict[str, bytes | str] = {
        plan.name: plan.too_large for plan in plans if plan.dot is None
    }
    laid_out = layout_each(
        {plan.name: plan.dot for plan in plans if plan.dot is not None},
        engine=engine,
        cache=cache,
        output_format=output_format,
        workers=workers,
    )
    for name, result in laid_out.items():
        results[name] = str(result) if isinstance(result, LayoutError) else result
    return results


def draw_all(
    plans: Sequence[Diagram],
    *,
    language: str | None = None,
    templates: Templates | None = None,
    engine=None,
    cache: DiagramCache | None = None,
    workers: int | None = None,
    standalone: bool = False,
) -> tuple[dict[str, str], list[Finding]]:
    """Each diagram's HTML by name: its finished SVG, or where it cannot be drawn its table,
    with a warning saying so. SVGs are for pages that style them (`standalone` embeds the
    rules)."""
    labels = catalogue(language)
    templates = templates or package_templates()
    laid_out = lay_out(plans, engine=engine, cache=cache, workers=workers)
    drawn: dict[str, str] = {}
    findings: list[Finding] = []
    for plan in plans:
        result = laid_out[plan.name]
        if isinstance(result, bytes):
            drawn[plan.name] = plan.finish(result, standalone=standalone)
            continue
        drawn[plan.name] = str(
            templates.render("cjdocs/diagram-table.html", {"table": plan.table(), "labels": labels})
        )
        findings.append(
            Finding(
                file=plan.source.file,
                line=plan.source.line,
                column=plan.source.column,
                severity=WARNING,
                code=DIAGRAM_TOO_LARGE,
                path="",
                message=labels["message.diagram.too_large"].format(
                    subject=plan.subject, reason=result.rstrip("."), advice=plan.advice
                ),
            )
        )
    return drawn, findings


def network_html(
    plans: Sequence[Diagram], drawn: Mapping[str, str], templates: Templates | None = None
) -> str:
    """The network's diagrams as drawn: the first, then each further one folded away under
    its heading (a reader opens the channel they care about)."""
    first, *more = plans
    return str(
        (templates or package_templates()).render(
            "cjdocs/network.html",
            {
                "overview": Markup(drawn[first.name]),
                "channels": [(plan.heading, Markup(drawn[plan.name])) for plan in more],
            },
        )
    )


def flow_svgs(
    journeys: Sequence[Journey],
    *,
    language: str | None = None,
    engine=None,
    cache: DiagramCache | None = None,
    workers: int | None = None,
    standalone: bool = True,
) -> dict[str, str]:
    """Each journey's whole flow diagram as finished SVG, by journey id, laid out together.
    Raises TooLarge or LayoutError naming the first journey that cannot be drawn."""
    plans = {journey.id: whole_flow(journey, language) for journey in journeys}
    laid_out = lay_out(list(plans.values()), engine=engine, cache=cache, workers=workers)
    finished = {}
    for identifier, plan in plans.items():
        result = laid_out[plan.name]
        if isinstance(result, str):
            raise TooLarge(result) if plan.dot is None else LayoutError(f"{plan.name}: {result}")
        finished[identifier] = plan.finish(result, standalone=standalone)
    return finished


def journey_output(
    journey: Journey,
    output_format: str = "svg",
    *,
    language: str | None = None,
    engine: str | None = None,
    cache: DiagramCache | None = None,
) -> bytes:
    """One journey's whole flow diagram as a file: DOT as written, PNG as Graphviz lays it out
    (the system's `dot`), or SVG finished to stand alone. Raises TooLarge or LayoutError."""
    if output_format == "dot":
        return journey_dot(journey, language).encode("utf-8")
    chosen = get_engine(engine or ("dot" if output_format == "png" else "wasm"))
    if output_format == "svg":
        return flow_svgs([journey], language=language, engine=chosen, cache=cache)[
            journey.id
        ].encode("utf-8")
    plan = whole_flow(journey, language)
    (result,) = lay_out([plan], engine=chosen, cache=cache, output_format=output_format).values()
    if isinstance(result, str):
        raise TooLarge(result) if plan.dot is None else LayoutError(f"{plan.name}: {result}")
    return result
