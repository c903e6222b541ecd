"""Fragments written in Python, exactly as their shipped templates write them.

A journey's page holds each of its steps in detail (`step.html`): at 300 journeys of 20
steps that is 6,000 renders of a template of 40 lines, and Jinja, with its escaping and its
macros, took most of the time of making the pages. Where the team keeps the shipped
templates (`Templates.shipped`), the pages write a step here instead, from the very values
the template receives; a team's override of the template is rendered as ever.

Writing the HTML here also gives what search reads of it for free (`searched.Reading`): the
stand-in that `searched.stand_in` would otherwise parse back out of the HTML.

tests/test_written.py holds each writer to its template, byte for byte, for steps and
journeys of every shape and hostile text, and holds Material's search parser to the
stand-ins: it reads them into the index it reads the HTML into.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from cjdocs.render.searched import Reading
from cjdocs.render.templates import escaped

# The templates the writers stand for (with the macros they import): a team's override of any
# of them is rendered by Jinja.
STEP_TEMPLATES = ("cjdocs/step.html", "cjdocs/macros.html")


def step(values: Mapping[str, object]) -> tuple[Markup, Reading]:
    """What `step.html` writes given `values`, and what search reads of it."""
    labels = values["labels"]
    step = values["step"]
    read = Reading()
    # Search reads the step without its <div> and without keeping its details apart from
    # the line breaks around them: a section of 20 steps in 80 fewer tags.
    read.skipped('<div class="cj-step">')
    read.tag(f'\n<h3 id="{escaped(values["anchor"])}">')
    read.text(f"{escaped(values['number'])}. {escaped(step.name)}")
    read.tag("</h3>\n")
    read.open_details(apart=False)
    phase = values["phase"]
    read.hidden(
        f"<dt data-search-exclude>{escaped(labels['phase'])}</dt>"
        f"<dd data-search-exclude>{_link(phase)}</dd>"
    )
    if step.action:
        _row(read, labels["action"], escaped(step.action))
    touchpoints = values["touchpoints"]
    if touchpoints:
        read.hidden(
            f"<dt data-search-exclude>{escaped(labels['touchpoints'])}</dt>"
            "<dd data-search-exclude>" + ", ".join(_link(link) for link in touchpoints) + "</dd>"
        )
    emotion = values["emotion"]
    if emotion or step.feeling:
        read.tag("<dt>")
        read.text(escaped(labels["feeling"]))
        read.tag("</dt><dd>")
        if emotion:
            read.tag(f'<span class="cj-emotion cj-emotion-{escaped(emotion.key)}">')
            read.text(escaped(emotion.text))
            read.tag("</span>")
        if step.feeling:
            read.text(f" {escaped(step.feeling)}")
        read.tag("</dd>")
    if step.thoughts:
        _row(read, labels["thoughts"], escaped(step.thoughts))
    if step.pain_points:
        _list_row(read, labels["pain_points"], [item.text for item in step.pain_points])
    if step.opportunities:
        read.tag("<dt>")
        read.text(escaped(labels["opportunities"]))
        read.tag("</dt><dd>")
        read.kept("<ul>")
        for item in step.opportunities:
            read.kept("<li>")
            read.text(escaped(item.text))
            if item.status:
                read.text(" ")
                read.tag(f'<span class="cj-status cj-status-{escaped(item.status)}">')
                read.text(escaped(labels["backlog.status." + str(item.status)]))
                read.tag("</span>")
            read.kept("</li>")
        read.kept("</ul>")
        read.tag("</dd>")
    for key in ("backstage", "frontstage"):
        if getattr(step, key):
            _list_row(read, labels[key], getattr(step, key))
    support = values["support"]
    if support:
        read.tag("<dt>")
        read.text(escaped(labels["support"]))
        read.tag("</dt><dd>")
        read.kept("<ul>")
        for entry in support:
            read.kept("<li>")
            if entry.text:
                read.text(escaped(entry.text))
            if entry.system:
                if entry.text:
                    read.text(" ")
                    read.tag('<span class="cj-system">')
                read.tag(f'<a href="{escaped(entry.system.href)}">')
                read.text(escaped(entry.system.text))
                read.tag("</a>")
                if entry.text:
                    read.tag("</span>")
            read.kept("</li>")
        read.kept("</ul>")
        read.tag("</dd>")
    if step.evidence:
        _list_row(read, labels["evidence"], step.evidence)
    if step.duration:
        _row(read, labels["duration"], escaped(step.duration))
    if values["reach"]:
        read.hidden(
            f"<dt data-search-exclude>{escaped(labels['reach'])}</dt>"
            f"<dd data-search-exclude>{escaped(values['reach'])}</dd>"
        )
    onward = [f"<dt data-search-exclude>{escaped(labels['next'])}</dt><dd data-search-exclude>"]
    if step.ends:
        onward.append(escaped(labels["ends_here"]))
    else:
        onward.append("<ul>")
        for way in values["ways"]:
            onward.append("<li>")
            if way.condition:
                onward.append(f"{escaped(labels['if'])} <q>{escaped(way.condition)}</q> → ")
            else:
                onward.append("→ ")
            onward.append(f"{_link(way.target)}</li>")
        onward.append("</ul>")
    onward.append("</dd>")
    read.hidden("".join(onward))
    read.close_details(apart=False)
    read.tag("\n")
    read.skipped("</div>")
    return Markup(read.html()), read


def _row(read: Reading, label: str, value: str) -> None:
    read.tag("<dt>")
    read.text(escaped(label))
    read.tag("</dt><dd>")
    read.text(value)
    read.tag("</dd>")


def _list_row(read: Reading, label: str, items) -> None:
    read.tag("<dt>")
    read.text(escaped(label))
    read.tag("</dt><dd>")
    read.kept("<ul>")
    for item in items:
        read.kept("<li>")
        read.text(escaped(item))
        read.kept("</li>")
    read.kept("</ul>")
    read.tag("</dd>")


MAP_TEMPLATES = ("cjdocs/journey-map.html", "cjdocs/macros.html")


def journey_map(values: Mapping[str, object]) -> Markup:
    """What `journey-map.html` writes given `values`."""
    labels = values["labels"]
    label = escaped(values["label"])
    lanes = values["lanes"]
    out = [
        f'<div class="cj-map cj-print-{escaped(values["print_size"])}" style="--cj-steps: '
        f'{escaped(values["count"])}; --cj-print-columns: {escaped(values["print_columns"])}">\n'
    ]
    if values["compact"]:
        name = labels["curve.title"].format(name=values["journey"].name)
        out.append(
            f'<div class="cj-map-curve" tabindex="0" role="region" aria-label="{escaped(name)}">'
            f"{escaped(values['compact'])}</div>\n"
        )
    out.append(
        f'<div class="cj-map-frame" tabindex="0" role="region" aria-label="{label}">\n'
        '<div class="cj-map-grid">\n'
    )
    heads = "".join(
        f'<div class="cj-lane-head cj-row-{escaped(lane.name)}" aria-hidden="true"><span>'
        f"{escaped(lane.label)}</span>{escaped(lane.axis) if lane.axis else ''}</div>\n"
        for lane in lanes
    )
    # Each lane's start of a cell, empty or not.
    starts = {
        lane.name: (
            f'<div class="cj-cell cj-row-{escaped(lane.name)}',
            f'"><dt>{escaped(lane.label)}</dt><dd dir="auto">',
        )
        for lane in lanes
    }
    for page in values["pages"]:
        out.append(
            f'<div class="cj-map-page" style="--cj-page-steps: {escaped(page.count)}">\n'
            f'<div class="cj-lane-head cj-row-phase" aria-hidden="true"><span class="cj-map-name">'
            f"{label}</span></div>\n"
        )
        out.append(heads)
        for part in page.phases:
            continued = " cj-continued" if part.continued else ""
            out.append(
                '<div class="cj-map-phase">\n'
                f'<div class="cj-phase-head cj-row-phase{continued}" style="--cj-span: '
                f'{escaped(part.span)}; --cj-print-span: {escaped(part.count)}">\n'
                f'<p class="cj-phase-name">{_link(part.phase)}'
            )
            if part.continued:
                out.append(
                    f' <span class="cj-phase-more">{escaped(labels["map.continued"])}</span>'
                )
            out.append("</p>\n")
            if part.goal:
                out.append(f'<p class="cj-phase-goal">{escaped(part.goal)}</p>')
            out.append("</div>\n")
            for step in part.steps:
                out.append(f'<dl class="cj-map-step" id="{escaped(step.anchor)}">\n')
                for lane in lanes:
                    start, head = starts[lane.name]
                    out.append(start)
                    if lane.name == "step":
                        out += (head, _step_cell(step, labels))
                    else:
                        value = step.cells[lane.name]
                        if not value:
                            out += (' cj-empty" aria-hidden="true', head)
                        else:
                            out += (head, _cell(lane.name, value, labels))
                    out.append("</dd></div>\n")
                out.append("</dl>\n")
            out.append("</div>\n")
        out.append("</div>\n")
    out.append("</div>\n</div>\n</div>")
    return Markup("".join(out))


def _link(link) -> str:
    return f'<a href="{escaped(link.href)}">{escaped(link.text)}</a>'


def _step_cell(step, labels) -> str:
    out = []
    if step.start:
        out.append(f'<span class="cj-tag">{escaped(labels["start"])}</span> ')
    out.append(f'<span class="cj-step-number">{escaped(step.number)}.</span> {_link(step.link)}')
    if step.end:
        out.append(f' <span class="cj-tag">{escaped(labels["end"])}</span>')
    for condition in step.conditions:
        out.append(
            f'<span class="cj-condition">{escaped(labels["if"])} <q>{escaped(condition)}</q></span>'
        )
    return "".join(out)


def _cell(lane: str, value, labels) -> str:
    if lane == "touchpoints":
        items = "".join(
            f'<li>{_link(use.touchpoint)} <span class="cj-channel">{escaped(use.channel)}</span></li>'
            for use in value
        )
        return f"<ul>{items}</ul>"
    if lane == "emotion":
        words = value.emotion.text if value.emotion else labels["emotion.none"]
        gauge = escaped(value.gauge) if value.gauge else ""
        return f'{escaped(value.curve)}{gauge}<span class="cj-words">{escaped(words)}</span>'
    if lane == "feeling":
        feeling = f"<strong>{escaped(value.feeling)}</strong>" if value.feeling else ""
        thoughts = f" <q>{escaped(value.thoughts)}</q>" if value.thoughts else ""
        return feeling + thoughts
    if lane == "reach":
        change = f' <span class="cj-change">{escaped(value.change)}</span>' if value.change else ""
        return f"<strong>{escaped(value.reach)}</strong>{change}"
    if lane == "opportunities":
        return "<ul>" + "".join(_opportunity(item, labels) for item in value) + "</ul>"
    if isinstance(value, str):
        return escaped(value)
    return "<ul>" + "".join(f"<li>{escaped(item)}</li>" for item in value) + "</ul>"


def _opportunity(item, labels) -> str:
    status = ""
    if item.status:
        status = (
            f' <span class="cj-status cj-status-{escaped(item.status)}">'
            f"{escaped(labels['backlog.status.' + str(item.status)])}</span>"
        )
    return f"<li>{escaped(item.text)}{status}</li>"
