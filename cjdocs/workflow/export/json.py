"""The resolved model as JSON: references as ids, phases in order, each step's ways."""

from __future__ import annotations

from cjdocs.definitions.findings import json_text
from cjdocs.definitions.model import Model


def model_json(model: Model) -> str:
    """The resolved model as JSON: references as ids, phases in order, each step's ways."""

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
                "compare": list(j.compare),
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
                        # Texts, however they were written; the backlog's fields beside them.
                        "pain_points": [p.text for p in s.pain_points],
                        "opportunities": [o.text for o in s.opportunities],
                        "pain_point_items": [{"text": p.text, "id": p.id} for p in s.pain_points],
                        "opportunity_items": [
                            {
                                "text": o.text,
                                "id": o.id,
                                "owner": o.owner,
                                "status": o.status,
                                "priority": o.priority_name,
                                "link": o.link,
                                "solves": [p.id for p in o.solves],
                            }
                            for o in s.opportunities
                        ],
                        "backstage": list(s.backstage),
                        "frontstage": list(s.frontstage),
                        "support": [
                            {"text": e.text, "system": e.system.id if e.system else None}
                            for e in s.support
                        ],
                        "evidence": list(s.evidence),
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
        "systems": [
            {
                "id": system.id,
                "name": system.name,
                "owner": system.owner,
                "description": system.description,
                "url": system.url,
                "tags": list(system.tags),
                "source": source(system),
            }
            for system in model.systems
        ],
    }
    return json_text(data)
