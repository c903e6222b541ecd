"""The opportunity backlog as CSV, for spreadsheets and for importing into issue trackers.

One row per opportunity of every journey, in the order of the model (journeys by id, then their
steps), plain-text opportunities included with their backlog fields empty. The columns have
fixed English names, as tools importing the file map them by name: journey, step, id, text,
status, priority, owner, link, solves. `journey` and `step` are ids, `priority` is `high`,
`medium` or `low` however it was written, `solves` the pain point ids, joined by `, `. The file
is written as the journey map's CSV is (see `spreadsheet.py`): UTF-8 with a byte order mark, the
separator Excel expects in the language's countries, and no text of a definition run as a
formula.
"""

from __future__ import annotations

import csv
import io

from cjdocs.definitions.model import Model
from cjdocs.render.backlog import entries
from cjdocs.workflow.export.spreadsheet import BOM, SEPARATORS, text_cell

COLUMNS = ("journey", "step", "id", "text", "status", "priority", "owner", "link", "solves")


def opportunities_csv(model: Model, language: str = "en") -> bytes:
    """Every opportunity as a row of CSV (see the module's docstring), as bytes to write."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATORS.get(language, ","), lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in entries(model):
        opportunity = entry.opportunity
        writer.writerow(
            [
                entry.journey.id,
                entry.step.id,
                opportunity.id or "",
                text_cell(opportunity.text),
                opportunity.status or "",
                opportunity.priority_name or "",
                text_cell(opportunity.owner),
                text_cell(opportunity.link),
                ", ".join(pain.id or "" for pain in opportunity.solves),
            ]
        )
    return (BOM + buffer.getvalue()).encode("utf-8")
