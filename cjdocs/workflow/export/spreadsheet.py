"""A journey's steps as CSV, for people who live in spreadsheets.

One row per step, in the order of the map's columns (phase by phase, each phase in the order of
the journey's ways); one column per lane of the map, feeling and thoughts apart, after the
step's number and phase; a journey with a service blueprint gets its frontstage, support (each
entry with its system in brackets) and evidence lanes last. Written so that Excel opens it as it is:

- UTF-8 with a byte order mark: without it, Excel reads the file in the system's code page and
  an umlaut comes out as two wrong characters;
- the separator Excel expects in the language's countries: a comma in English, a semicolon in
  German (where the comma is the decimal point); rows end with CR LF (RFC 4180);
- emotions and reach as plain integers, so that they can be summed and charted;
- no text of a definition runs as a formula (CSV injection): a cell that begins with `=`, `+`,
  `-`, `@` (after any spaces), a tab or a line break gets an apostrophe before it, the mark
  spreadsheets themselves use for "this is text".
"""

from __future__ import annotations

import csv
import io

from cjdocs.catalogue import Catalogue
from cjdocs.definitions.model import Journey
from cjdocs.render import map as grid
from cjdocs.render.markup import xml_text

BOM = "\ufeff"
SEPARATORS = {"de": ";"}
_FORMULA_STARTS = ("=", "+", "-", "@")
_CONTROL_STARTS = ("\t", "\r", "\n")


def text_cell(text: str | None) -> str:
    """User text for a cell, never read as a formula (see the module's docstring)."""
    # Without the characters XML forbids (control characters, lone surrogates): invisible in
    # a cell, and a lone surrogate cannot even be written as UTF-8.
    text = xml_text(text or "")
    if not text:
        return ""
    if text.startswith(_CONTROL_STARTS) or text.lstrip(" ").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _lines(texts) -> str:
    """Several texts in one cell, a line each; the cell as a whole is made safe."""
    return text_cell("\n".join(texts))


def _support_text(entry) -> str:
    """A support entry as one line: its text and, in brackets, the system that does it."""
    if entry.system is None:
        return entry.text or ""
    return f"{entry.text} ({entry.system.name})" if entry.text else entry.system.name


def _blueprint_cells(step) -> list[str]:
    """The service blueprint's lanes of a step: frontstage, support, evidence."""
    return [
        _lines(step.frontstage),
        _lines(_support_text(entry) for entry in step.support),
        _lines(step.evidence),
    ]


def steps_csv(journey: Journey, labels: Catalogue) -> bytes:
    """The journey's steps as CSV (see the module's docstring), as bytes to write."""
    numbers = {step.id: number for number, step in enumerate(journey.steps, 1)}
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=SEPARATORS.get(labels.language, ","), lineterminator="\r\n"
    )
    writer.writerow(
        [
            labels["csv.number"],
            labels["phase"],
            labels["lane.step"],
            labels["csv.conditions"],
            labels["lane.action"],
            labels["lane.touchpoints"],
            labels["lane.emotion"],
            labels["feeling"],
            labels["thoughts"],
            labels["lane.pain_points"],
            labels["lane.opportunities"],
            labels["lane.backstage"],
            labels["lane.reach"],
            labels["lane.duration"],
            *(
                (labels["lane.frontstage"], labels["lane.support"], labels["lane.evidence"])
                if journey.has_blueprint
                else ()
            ),
        ]
    )
    for column in grid.columns(journey):
        step = column.step
        writer.writerow(
            [
                numbers[step.id],
                text_cell(step.phase.name),
                text_cell(step.name),
                _lines(column.conditions),
                text_cell(step.action),
                _lines(
                    f"{touchpoint.name} ({touchpoint.channel.name})"
                    for touchpoint in step.touchpoints
                ),
                "" if step.emotion is None else step.emotion,
                text_cell(step.feeling),
                text_cell(step.thoughts),
                _lines(pain.text for pain in step.pain_points),
                _lines(item.text for item in step.opportunities),
                _lines(step.backstage),
                "" if step.reach is None else step.reach,
                text_cell(step.duration),
                *(_blueprint_cells(step) if journey.has_blueprint else ()),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")
