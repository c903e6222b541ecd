"""Exports of the resolved model: every generated page as plain Markdown for any MkDocs site.

The Markdown export writes what the plugin would generate, with the HTML blocks and diagrams
inline, plus the stylesheet: a folder that MkDocs (or anything that reads Markdown with raw
HTML) builds without the plugin. Teams can commit or restyle it, and the benchmark builds it
with plain MkDocs as the floor our plugin is measured against.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cjdocs.atomic import write_atomically
from cjdocs.definitions.model import Model
from cjdocs.render.assemble import STYLESHEET, build_pages, page_markdown, stylesheet


def export_markdown(
    model: Model,
    target: Path,
    *,
    language: str = "en",
    directory_urls: bool = True,
    cache_folder: Path | None = None,
) -> list[Path]:
    """Write every generated page into `target` (replaced whole, or not at all)."""
    pages = build_pages(
        model, language=language, directory_urls=directory_urls, cache_folder=cache_folder
    )
    files = {page.path: page_markdown(page, inline=True)[0] for page in pages}
    files[STYLESHEET] = stylesheet()
    return write_folder(target, files)


def write_folder(target: Path, files: dict[str, str], *, replace: bool = True) -> list[Path]:
    """Write text files into a folder: a fresh folder swapped in whole (`replace`), or files
    added beside what is there, each written atomically."""
    target = target.absolute()
    if not replace:
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, text in sorted(files.items()):
            write_atomically(target / name, text.encode("utf-8"))
            written.append(target / name)
        return written
    target.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for name, text in sorted(files.items()):
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        fresh.rename(target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return [target / name for name in sorted(files)]


# -- JSON ----------------------------------------------------------------------------------------


def model_json(model: Model) -> str:
    """The resolved model as JSON: references as ids, phases in order, each step's ways."""
    import json

    def source(definition) -> dict:
        return {
            "file": definition.source.file,
            "line": definition.source.line,
            "column": definition.source.column,
        }

    data = {
        "phases": [
            {
                "id": p.id,
                "name": p.name,
                "order": p.order,
                "description": p.description,
                "customer_goal": p.customer_goal,
                "business_goal": p.business_goal,
                "kpis": list(p.kpis),
                "tags": list(p.tags),
                "source": source(p),
            }
            for p in model.phases
        ],
        "channels": [
            {
                "id": c.id,
                "name": c.name,
                "type": c.type,
                "description": c.description,
                "tags": list(c.tags),
                "source": source(c),
            }
            for c in model.channels
        ],
        "touchpoints": [
            {
                "id": t.id,
                "name": t.name,
                "channel": t.channel.id,
                "description": t.description,
                "owner": t.owner,
                "phases": [p.id for p in t.phases],
                "device": t.device,
                "url": t.url,
                "kpis": list(t.kpis),
                "tags": list(t.tags),
                "source": source(t),
            }
            for t in model.touchpoints
        ],
        "personas": [
            {
                "id": p.id,
                "name": p.name,
                "summary": p.summary,
                "description": p.description,
                "goals": list(p.goals),
                "needs": list(p.needs),
                "pain_points": list(p.pain_points),
                "channels": [c.id for c in p.channels],
                "quote": p.quote,
                "tags": list(p.tags),
                "source": source(p),
            }
            for p in model.personas
        ],
        "journeys": [
            {
                "id": j.id,
                "name": j.name,
                "persona": j.persona.id,
                "summary": j.summary,
                "description": j.description,
                "goal": j.goal,
                "timeframe": j.timeframe,
                "state": j.state,
                "owner": j.owner,
                "tags": list(j.tags),
                "phases": [p.id for p in j.phases],
                "average_emotion": j.average_emotion,
                "source": source(j),
                "steps": [
                    {
                        "id": s.id,
                        "name": s.name,
                        "phase": s.phase.id,
                        "action": s.action,
                        "touchpoints": [t.id for t in s.touchpoints],
                        "emotion": s.emotion,
                        "feeling": s.feeling,
                        "thoughts": s.thoughts,
                        "pain_points": list(s.pain_points),
                        "opportunities": list(s.opportunities),
                        "backstage": list(s.backstage),
                        "duration": s.duration,
                        "reach": s.reach,
                        "ways": [{"to": w.target, "if": w.condition} for w in s.ways],
                        "ends": s.ends,
                        "source": source(s),
                    }
                    for s in j.steps
                ],
            }
            for j in model.journeys
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# -- Mermaid -------------------------------------------------------------------------------------

# Mermaid's journey syntax splits a task line at colons and ends a line at a line break; its
# sections and titles run to the end of the line. User text is kept on one line and colons,
# semicolons and hashes (which Mermaid reads as syntax or comments) become look-alikes.
_MERMAID_LOOKALIKES = str.maketrans({":": "꞉", ";": "⁏", "#": "＃", "%": "٪", "{": "(", "}": ")"})


def _mermaid_text(text: str) -> str:
    return " ".join(text.split()).translate(_MERMAID_LOOKALIKES) or "–"


def mermaid_journey(journey) -> str:
    """A journey as a Mermaid `journey` diagram: a section per run of steps in one phase, a task
    per step, emotion -2..2 as Mermaid's score 1..5 (3 when not given), the persona as actor."""
    lines = ["journey", f"    title {_mermaid_text(journey.name)}"]
    current = None
    for step in journey.steps:
        if step.phase.id != current:
            current = step.phase.id
            lines.append(f"    section {_mermaid_text(step.phase.name)}")
        score = 3 if step.emotion is None else step.emotion + 3
        lines.append(
            f"      {_mermaid_text(step.name)}: {score}: {_mermaid_text(journey.persona.name)}"
        )
    return "\n".join(lines) + "\n"


def mermaid_journeys(model: Model) -> dict[str, str]:
    return {journey.id: mermaid_journey(journey) for journey in model.journeys}
