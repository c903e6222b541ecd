"""Opportunities as a backlog, as a CX team meets it: pain points and opportunities written as
mappings, checked with plain messages (English and German), the Opportunities page of a real
MkDocs build, the CSV for spreadsheets and issue trackers, and `cjdocs diff` saying which
opportunities changed status."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cjdocs.definitions.validation import load_model
from conftest import EXAMPLE, FIXTURES, assemble, run_cjdocs

# The base fixtures' journey, with a backlog: a pain point of each kind, an opportunity of each.
BACKLOG = """\
kind: journey
id: first-purchase
name: First purchase
persona: anna
steps:
  - id: reads-newsletter
    name: Reads the newsletter
    phase: awareness
    touchpoints: [newsletter]
    emotion: 1
    pain_points:
      - The newsletter is long
      - text: The price is missing
        id: no-price
    opportunities:
      - Shorter newsletter
      - text: Show the price in the newsletter
        id: price-in-newsletter
        owner: CRM
        status: planned
        priority: 2
        link: https://tracker.example.com/issues/12
        solves: [no-price]
  - id: pays
    name: Pays at the desk
    phase: purchase
    touchpoints: [checkout-desk]
    emotion: 2
    pain_points:
      - text: The queue at the desk
        id: queue
    opportunities:
      - text: Self-checkout
        id: self-checkout
        status: idea
        priority: high
        solves: [queue]
      - text: Pay by phone
        status: done
        priority: low
        owner: Store team
"""

SITE_CONFIG = """\
site_name: Backlog site
theme:
  name: material
  language: {language}
plugins:
  - search
  - cjdocs
"""


def make_project(folder: Path, journey: str = BACKLOG, *, language: str = "en") -> Path:
    assemble(folder, FIXTURES / "base")
    (folder / "journeys" / "journey.yaml").write_text(journey, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(SITE_CONFIG.format(language=language), encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    return folder


def validate(folder: Path, *arguments: str) -> subprocess.CompletedProcess:
    result = run_cjdocs("validate", "journeys", *arguments, cwd=folder)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def lines_of(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("journeys/")]


def with_backlog(*replacements: tuple[str, str]) -> str:
    text = BACKLOG
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


# -- the format and its checks -------------------------------------------------------------------


def test_a_backlog_written_as_mappings_beside_plain_text_is_clean(tmp_path):
    folder = make_project(tmp_path)
    result = validate(folder, "--strict")
    assert result.returncode == 0, result.stdout
    assert "8 definitions in 2 files: 0 errors, 0 warnings" in result.stderr


def test_the_example_keeps_a_backlog_with_an_opportunity_in_every_status():
    _, model = load_model([EXAMPLE])
    assert model is not None
    statuses = {
        opportunity.status
        for journey in model.journeys
        for step in journey.steps
        for opportunity in step.opportunities
    }
    assert {"idea", "planned", "in-progress", "done", "dropped"} <= statuses
    assert None in statuses  # plain text stays beside them


def test_the_model_gives_every_pain_point_and_opportunity_a_text_whichever_form_was_written(
    tmp_path,
):
    make_project(tmp_path)
    _, model = load_model([tmp_path / "journeys"])
    journey = model.journey("first-purchase")
    first, last = journey.steps
    assert [pain.text for pain in first.pain_points] == [
        "The newsletter is long",
        "The price is missing",
    ]
    plain, planned = first.opportunities
    assert (plain.text, plain.status, plain.priority, plain.solves) == (
        "Shorter newsletter",
        None,
        None,
        (),
    )
    assert planned.status == "planned" and planned.owner == "CRM"
    assert planned.solves == (first.pain_points[1],)
    # `priority: high` and `priority: 1` are one priority; `low` and `3` another.
    assert [(item.priority, item.priority_name) for item in last.opportunities] == [
        (1, "high"),
        (3, "low"),
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("solves: [no-price]", "solves: [no-prize]"),
            "journeys/journey.yaml:23:18: error[unknown-reference]: "
            "steps[0].opportunities[1].solves[0]: step 1 ('reads-newsletter'), opportunity 2: "
            "no pain point with the id 'no-prize' in this journey (did you mean 'no-price'?)",
        ),
        (
            ("solves: [queue]", "solves: [waiting]"),
            "journeys/journey.yaml:37:18: error[unknown-reference]: "
            "steps[1].opportunities[0].solves[0]: step 2 ('pays'), opportunity 1: "
            "no pain point with the id 'waiting' in this journey "
            "(the pain points with an id are 'no-price', 'queue')",
        ),
        (
            ("status: planned", "status: in progress"),
            "journeys/journey.yaml:20:17: error[schema]: steps[0].opportunities[1].status: "
            "step 1 ('reads-newsletter'), opportunity 2: status must be 'idea', 'planned', "
            "'in-progress', 'done' or 'dropped', not 'in progress' (did you mean 'in-progress'?)",
        ),
        (
            ("priority: 2", "priority: urgent"),
            "journeys/journey.yaml:21:19: error[schema]: steps[0].opportunities[1].priority: "
            "step 1 ('reads-newsletter'), opportunity 2: priority must be 1, 2, 3, 'high', "
            "'medium' or 'low', not the text 'urgent'",
        ),
        (
            ("link: https://tracker.example.com/issues/12", "link: javascript:alert(1)"),
            "journeys/journey.yaml:22:15: error[schema]: steps[0].opportunities[1].link: "
            "step 1 ('reads-newsletter'), opportunity 2: link must be a web address starting "
            "with http:// or https://, not 'javascript:alert(1)'",
        ),
        (
            ("        id: self-checkout\n", "        id: price-in-newsletter\n"),
            "journeys/journey.yaml:34:13: error[duplicate-id]: steps[1].opportunities[0].id: "
            "step 2 ('pays'), opportunity 1: two opportunities of this journey have the id "
            "'price-in-newsletter'; the other one is step 1 ('reads-newsletter'), opportunity 2 "
            "on line 18. Ids of opportunities must be unique within their journey",
        ),
        (
            ("      - text: Show the price in the newsletter\n", "      - x-note: to do\n"),
            "journeys/journey.yaml:17:9: error[schema]: steps[0].opportunities[1]: "
            "step 1 ('reads-newsletter'), opportunity 2 has no text",
        ),
        (
            ("      - Shorter newsletter\n", "      - Shorter newsletter: half as long\n"),
            "journeys/journey.yaml:16:9: error[schema]: steps[0].opportunities[0]: "
            "step 1 ('reads-newsletter'): the colon makes this a key; put the text in quotes: "
            'write - "Shorter newsletter: half as long"',
        ),
    ],
    ids=[
        "solves-typo",
        "solves-unknown",
        "status",
        "priority",
        "link",
        "duplicate-opportunity",
        "no-text",
        "colon-in-text",
    ],
)
def test_a_mistake_in_the_backlog_is_one_plain_message_at_its_place(tmp_path, change, expected):
    folder = make_project(tmp_path, with_backlog(change))
    result = validate(folder, "--format", "json")
    assert result.returncode == 1
    findings = [
        f"{item['file']}:{item['line']}:{item['column']}: {item['severity']}[{item['code']}]: "
        f"{item['path']}: {item['message']}"
        for item in json.loads(result.stdout)
    ]
    assert findings == [expected]
    # As a terminal shows it: the place, the message, the code.
    place, rest = expected.split(": error[", 1)
    code, rest = rest.split("]: ", 1)
    message = rest.split(": ", 1)[1]
    assert lines_of(validate(folder)) == [f"{place}: error: {message} [{code}]"]


def test_two_pain_points_of_a_journey_with_one_id_are_named_both(tmp_path):
    journey = with_backlog(
        ("        id: queue\n", "        id: no-price\n"), ("solves: [queue]", "solves: [no-price]")
    )
    folder = make_project(tmp_path, journey)
    result = validate(folder)
    assert result.returncode == 1
    assert lines_of(result) == [
        "journeys/journey.yaml:31:13: error: step 2 ('pays'), pain point 1: two pain points of "
        "this journey have the id 'no-price'; the other one is step 1 ('reads-newsletter'), "
        "pain point 2 on line 14. Ids of pain points must be unique within their journey "
        "[duplicate-id]"
    ]


def test_the_messages_come_in_german_when_the_site_is_german(tmp_path):
    journey = with_backlog(
        ("solves: [no-price]", "solves: [no-prize]"), ("status: idea", "status: ide")
    )
    folder = make_project(tmp_path, journey, language="de")
    result = validate(folder)
    assert result.returncode == 1
    assert lines_of(result) == [
        "journeys/journey.yaml:23:18: error: Schritt 1 ('reads-newsletter'), Chance 2: "
        "kein Schmerzpunkt mit der ID 'no-prize' in dieser Journey (meinten Sie 'no-price'?) "
        "[unknown-reference]",
        "journeys/journey.yaml:35:17: error: Schritt 2 ('pays'), Chance 1: status muss 'idea', "
        "'planned', 'in-progress', 'done' oder 'dropped' sein, nicht 'ide' "
        "(meinten Sie 'idea'?) [schema]",
    ]


def test_solves_names_pain_points_of_its_own_journey_only(tmp_path):
    other = BACKLOG.replace("id: first-purchase", "id: second-purchase").replace(
        "        solves: [no-price]\n", "        solves: [no-price]\n", 1
    )
    folder = make_project(tmp_path)
    other = other.replace("      - text: The price is missing\n        id: no-price\n", "")
    (folder / "journeys" / "second.yaml").write_text(other, encoding="utf-8")
    result = validate(folder)
    assert result.returncode == 1
    assert [line.split(": error")[0] for line in lines_of(result)] == ["journeys/second.yaml:21:18"]
    assert "no pain point with the id 'no-price' in this journey" in result.stdout


def test_the_schema_for_editors_knows_the_backlog(tmp_path):
    result = run_cjdocs("schema", "-o", "schemas", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    schema = json.loads((tmp_path / "schemas" / "journey.schema.json").read_text())
    opportunity = schema["$defs"]["opportunity"]
    assert opportunity["type"] == ["string", "object"]
    assert opportunity["properties"]["status"]["enum"] == [
        "idea",
        "planned",
        "in-progress",
        "done",
        "dropped",
    ]
    combined = json.loads((tmp_path / "schemas" / "cjdocs.schema.json").read_text())
    assert "opportunity" in combined["$defs"]["journey"]["$defs"]


# -- the site ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The backlog project built in English and in German by the real `cjdocs build`."""
    sites = {}
    for language in ("en", "de"):
        folder = make_project(tmp_path_factory.mktemp(language), language=language)
        result = run_cjdocs("build", cwd=folder, timeout=600)
        assert result.returncode == 0, result.stderr
        sites[language] = folder / "site"
    return sites


def soup_of(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def test_the_opportunities_page_groups_by_status_in_lifecycle_order_then_priority(built):
    page = soup_of(built["en"], "opportunities")
    backlog = page.select_one(".cj-backlog")
    groups = [
        (group["data-status"], [text_of(row.select("td")[1]) for row in group.select("tbody tr")])
        for group in backlog.select("section.cj-backlog-group")
    ]
    assert groups == [
        ("idea", ["Self-checkout"]),
        ("planned", ["Show the price in the newsletter"]),
        ("done", ["Pay by phone"]),
        ("none", ["Shorter newsletter"]),
    ]
    counts = [text_of(item) for item in backlog.select(".cj-backlog-counts li")]
    assert counts == [
        "Idea 1",
        "Planned 1",
        "In progress 0",
        "Done 1",
        "Dropped 0",
        "No status yet 1",
        "Total 4",
    ]
    assert page.select_one("h1").get_text() == "Opportunities"


def test_a_row_names_priority_owner_journey_step_the_pain_points_solved_and_the_issue(built):
    page = soup_of(built["en"], "opportunities")
    headers = [text_of(th) for th in page.select("section[data-status=planned] thead th")]
    assert headers == ["Priority", "Opportunity", "Owner", "Journey", "Step", "Solves", "Issue"]
    (row,) = page.select("section[data-status=planned] tbody tr")
    cells = row.select("td")
    assert [text_of(cell) for cell in cells] == [
        "medium",
        "Show the price in the newsletter",
        "CRM",
        "First purchase",
        "Reads the newsletter",
        "The price is missing",
        "tracker.example.com/issues/12",
    ]
    assert cells[3].a["href"] == "../journeys/first-purchase/"
    assert cells[4].a["href"] == "../journeys/first-purchase/#step-reads-newsletter"
    assert cells[5].a["href"] == "../journeys/first-purchase/#step-reads-newsletter"
    assert cells[6].a["href"] == "https://tracker.example.com/issues/12"
    # Each link leads to a page and an anchor that exist.
    journey = soup_of(built["en"], "journeys/first-purchase")
    assert journey.select_one("#step-reads-newsletter") is not None


def test_the_page_is_in_the_navigation_before_the_insights(built):
    page = soup_of(built["en"], "opportunities")
    titles = [
        text_of(link)
        for link in page.select(
            "nav.md-nav--primary > ul > li > a.md-nav__link, "
            "nav.md-nav--primary > ul > li > label.md-nav__link"
        )
    ]
    assert titles[-2:] == ["Opportunities", "Insights"]


def test_the_filter_is_labelled_radio_buttons_for_every_status_shown_and_every_priority(built):
    page = soup_of(built["en"], "opportunities")
    legends = [text_of(legend) for legend in page.select(".cj-backlog-filter legend")]
    assert legends == ["Show the status", "Show the priority"]
    radios = page.select(".cj-backlog-filter input[type=radio]")
    labelled = [
        (radio["name"], radio["value"], text_of(page.select_one(f"label[for={radio['id']}]")))
        for radio in radios
    ]
    assert labelled == [
        ("cj-backlog-status", "all", "All"),
        ("cj-backlog-status", "idea", "Idea"),
        ("cj-backlog-status", "planned", "Planned"),
        ("cj-backlog-status", "done", "Done"),
        ("cj-backlog-status", "none", "No status yet"),
        ("cj-backlog-priority", "all", "All"),
        ("cj-backlog-priority", "high", "high"),
        ("cj-backlog-priority", "medium", "medium"),
        ("cj-backlog-priority", "low", "low"),
        ("cj-backlog-priority", "none", "None given"),
    ]
    css = (built["en"] / "assets" / "cjdocs" / "cjdocs.css").read_text(encoding="utf-8")
    assert ".cj-backlog:has(#cj-filter-status-planned:checked)" in css


def test_the_page_speaks_german_on_a_german_site(built):
    page = soup_of(built["de"], "opportunities")
    assert page.select_one("h1").get_text() == "Chancen"
    groups = [text_of(heading) for heading in page.select(".cj-backlog-group h3")]
    assert groups == ["Idee (1)", "Geplant (1)", "Erledigt (1)", "Noch ohne Status (1)"]
    headers = [text_of(th) for th in page.select("section[data-status=planned] thead th")]
    assert headers == [
        "Priorität",
        "Chance",
        "Verantwortlich",
        "Journey",
        "Schritt",
        "Löst",
        "Ticket",
    ]
    assert text_of(page.select_one("section[data-status=planned] tbody td")) == "mittel"


def test_the_journey_page_shows_the_texts_and_each_status_in_words(built):
    page = soup_of(built["en"], "journeys/first-purchase")
    step = page.select_one("#step-reads-newsletter").find_parent(class_="cj-step")
    details = text_of(step)
    assert "The newsletter is long The price is missing" in details
    assert "Shorter newsletter Show the price in the newsletter Planned" in details
    cell = page.select_one("#cj-map-reads-newsletter").find_parent(class_="cj-map-step") or page
    statuses = [text_of(badge) for badge in page.select(".cj-map .cj-status")]
    assert statuses == ["Planned", "Idea", "Done"]
    assert cell is not None
    insights = soup_of(built["en"], "insights")
    assert "Show the price in the newsletter Planned" in text_of(insights)
    assert "{'text'" not in insights.decode() and "{'text'" not in page.decode()


def test_text_in_the_backlog_is_shown_as_written_never_as_markup(tmp_path):
    journey = with_backlog(
        ("text: Show the price in the newsletter", "text: '<img src=x onerror=alert(1)>'"),
        ("owner: CRM", "owner: <b>CRM</b>"),
    )
    folder = make_project(tmp_path, journey)
    result = run_cjdocs("build", cwd=folder, timeout=600)
    assert result.returncode == 0, result.stderr
    html = (folder / "site" / "opportunities" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;b&gt;CRM&lt;/b&gt;" in html


# -- the CSV ---------------------------------------------------------------------------------------


def csv_rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads UTF-8
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def test_the_csv_has_a_row_for_every_opportunity_plain_text_included(tmp_path):
    folder = make_project(tmp_path)
    result = subprocess.run(
        [*run_args(), "export", "--format", "opportunities-csv"],
        cwd=folder,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert csv_rows(result.stdout) == [
        ["journey", "step", "id", "text", "status", "priority", "owner", "link", "solves"],
        ["first-purchase", "reads-newsletter", "", "Shorter newsletter", "", "", "", "", ""],
        [
            "first-purchase",
            "reads-newsletter",
            "price-in-newsletter",
            "Show the price in the newsletter",
            "planned",
            "medium",
            "CRM",
            "https://tracker.example.com/issues/12",
            "no-price",
        ],
        [
            "first-purchase",
            "pays",
            "self-checkout",
            "Self-checkout",
            "idea",
            "high",
            "",
            "",
            "queue",
        ],
        ["first-purchase", "pays", "", "Pay by phone", "done", "low", "Store team", "", ""],
    ]


def run_args() -> list[str]:
    return [sys.executable, "-m", "cjdocs"]


def test_no_text_of_the_backlog_runs_as_a_formula_in_a_spreadsheet(tmp_path):
    journey = with_backlog(
        ("text: Self-checkout", 'text: \'=HYPERLINK("http://evil.example","click")\''),
        ("owner: Store team", "owner: '@SUM(1+1)'"),
        ("      - Shorter newsletter\n", "      - '+49 40 1234'\n      - '-1 step'\n"),
    )
    folder = make_project(tmp_path, journey)
    result = run_cjdocs("export", "--format", "opportunities-csv", "-o", "backlog.csv", cwd=folder)
    assert result.returncode == 0, result.stderr
    rows = csv_rows((folder / "backlog.csv").read_bytes())
    texts = [row[3] for row in rows[1:]]
    assert texts == [
        "'+49 40 1234",
        "'-1 step",
        "Show the price in the newsletter",
        '\'=HYPERLINK("http://evil.example","click")',
        "Pay by phone",
    ]
    assert rows[-1][6] == "'@SUM(1+1)"


def test_a_german_csv_is_separated_by_semicolons_as_german_excel_expects(tmp_path):
    folder = make_project(tmp_path, language="de")
    result = run_cjdocs("export", "--format", "opportunities-csv", "-o", "chancen.csv", cwd=folder)
    assert result.returncode == 0, result.stderr
    rows = csv_rows((folder / "chancen.csv").read_bytes(), ";")
    assert rows[0][:3] == ["journey", "step", "id"]
    assert len(rows) == 5


def test_the_csv_refuses_to_replace_a_file_it_did_not_write(tmp_path):
    folder = make_project(tmp_path)
    mine = folder / "backlog.csv"
    mine.write_text("my own notes\n", encoding="utf-8")
    result = run_cjdocs("export", "--format", "opportunities-csv", "-o", "backlog.csv", cwd=folder)
    assert result.returncode == 2
    assert "nothing was written" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes\n"


def test_the_json_export_keeps_texts_and_adds_the_backlogs_fields(tmp_path):
    folder = make_project(tmp_path)
    result = run_cjdocs("export", "--format", "json", cwd=folder)
    assert result.returncode == 0, result.stderr
    (journey,) = json.loads(result.stdout)["journeys"]
    step = journey["steps"][0]
    assert step["pain_points"] == ["The newsletter is long", "The price is missing"]
    assert step["opportunities"] == ["Shorter newsletter", "Show the price in the newsletter"]
    assert step["opportunity_items"][1] == {
        "text": "Show the price in the newsletter",
        "id": "price-in-newsletter",
        "owner": "CRM",
        "status": "planned",
        "priority": "medium",
        "link": "https://tracker.example.com/issues/12",
        "solves": ["no-price"],
    }
    assert step["pain_point_items"][1] == {"text": "The price is missing", "id": "no-price"}


def test_the_mermaid_and_map_csv_exports_still_work_with_a_backlog(tmp_path):
    folder = make_project(tmp_path)
    mermaid = run_cjdocs("export", "--format", "mermaid", cwd=folder)
    assert mermaid.returncode == 0, mermaid.stderr
    maps = run_cjdocs("export", "--format", "map-csv", "-o", "maps", cwd=folder)
    assert maps.returncode == 0, maps.stderr
    rows = csv_rows((folder / "maps" / "first-purchase.csv").read_bytes())
    assert rows[1][10] == "Shorter newsletter\nShow the price in the newsletter"


# -- the diff --------------------------------------------------------------------------------------

GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.com"]
GIT += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(folder: Path, *arguments: str) -> None:
    subprocess.run([*GIT, *arguments], cwd=folder, check=True, capture_output=True)


def test_the_diff_lists_opportunities_whose_status_changed(tmp_path):
    folder = make_project(tmp_path)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "base")
    changed = with_backlog(
        ("status: planned", "status: in-progress"),
        # Plain text given a status is followed by its text.
        (
            "      - Shorter newsletter\n",
            "      - text: Shorter newsletter\n        status: idea\n",
        ),
        # An opportunity whose text changed but whose status did not: not listed.
        ("text: Self-checkout", "text: Self-checkout at every desk"),
    )
    (folder / "journeys" / "journey.yaml").write_text(changed, encoding="utf-8")

    markdown = run_cjdocs("diff", "HEAD", cwd=folder)
    assert markdown.returncode == 0, markdown.stderr
    assert "Opportunities whose status changed:" in markdown.stdout
    assert "\n2 opportunities of the backlog changed status.\n" in markdown.stdout
    assert (
        "- “Shorter newsletter” (step <code>reads-newsletter</code>): no status → <code>idea</code>"
        in markdown.stdout
    )
    assert (
        "- “Show the price in the newsletter” (step <code>reads-newsletter</code>): "
        "<code>planned</code> → <code>in-progress</code>" in markdown.stdout
    )
    assert "Self-checkout" not in markdown.stdout.split("Opportunities whose status changed:")[1]

    report = run_cjdocs("diff", "HEAD", "--format", "json", cwd=folder)
    assert report.returncode == 0, report.stderr
    (change,) = json.loads(report.stdout)["changes"]
    assert change["opportunities"] == [
        {
            "id": None,
            "text": "Shorter newsletter",
            "step": "reads-newsletter",
            "status": {"old": None, "new": "idea"},
        },
        {
            "id": "price-in-newsletter",
            "text": "Show the price in the newsletter",
            "step": "reads-newsletter",
            "status": {"old": "planned", "new": "in-progress"},
        },
    ]


def test_an_opportunity_moved_to_another_step_keeps_its_history_by_its_id(tmp_path):
    folder = make_project(tmp_path)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "base")
    moved = BACKLOG.replace(
        "      - text: Show the price in the newsletter\n"
        "        id: price-in-newsletter\n"
        "        owner: CRM\n"
        "        status: planned\n"
        "        priority: 2\n"
        "        link: https://tracker.example.com/issues/12\n"
        "        solves: [no-price]\n",
        "",
    ).replace(
        "        solves: [queue]\n",
        "        solves: [queue]\n"
        "      - text: Show the price at the desk\n"
        "        id: price-in-newsletter\n"
        "        status: dropped\n",
    )
    (folder / "journeys" / "journey.yaml").write_text(moved, encoding="utf-8")
    report = run_cjdocs("diff", "HEAD", "--format", "json", cwd=folder)
    assert report.returncode == 0, report.stderr
    (change,) = json.loads(report.stdout)["changes"]
    assert change["opportunities"] == [
        {
            "id": "price-in-newsletter",
            "text": "Show the price at the desk",
            "step": "pays",
            "status": {"old": "planned", "new": "dropped"},
        }
    ]


def test_the_example_site_builds_with_its_backlog(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "journeys")
    (tmp_path / "mkdocs.yml").write_text(SITE_CONFIG.format(language="en"), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Example\n", encoding="utf-8")
    result = run_cjdocs("build", "--strict", cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    page = soup_of(tmp_path / "site", "opportunities")
    shown = [group["data-status"] for group in page.select("section.cj-backlog-group")]
    assert shown == ["idea", "planned", "in-progress", "done", "dropped", "none"]


def test_a_comment_on_sixty_journeys_status_changes_stays_under_githubs_limit(tmp_path):
    folder = make_project(tmp_path)
    long_text = "A much longer opportunity text that makes every block heavier " * 3
    for number in range(60):
        journey = BACKLOG.replace("id: first-purchase", f"id: journey-{number:02}").replace(
            "text: Show the price in the newsletter", f"text: {long_text.strip()} {number}"
        )
        (folder / "journeys" / f"journey-{number:02}.yaml").write_text(journey, encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "base")
    for number in range(60):
        path = folder / "journeys" / f"journey-{number:02}.yaml"
        text = path.read_text(encoding="utf-8")
        for step in range(12):  # many changed steps, so that the blocks are cut short
            text += (
                f"  - id: added-{step}\n    name: {long_text}\n    phase: purchase\n"
                f"    opportunities:\n      - {long_text}\n"
            )
        path.write_text(text.replace("status: planned", "status: done"), encoding="utf-8")
    result = run_cjdocs("diff", "HEAD", cwd=folder, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout) < 65_536
    assert "\n60 opportunities of the backlog changed status.\n" in result.stdout
    assert "more changes**, in short" in result.stdout


def test_the_opportunities_page_matches_its_golden_file_and_never_varies(tmp_path):
    from cjdocs.catalogue import catalogue
    from cjdocs.render.backlog import backlog_page

    make_project(tmp_path)
    _, model = load_model([tmp_path / "journeys"])
    first, again = (str(backlog_page(model, catalogue("en")).sections[0].html) for _ in range(2))
    assert first == again
    expected = FIXTURES / "backlog" / "opportunities.html"
    if os.environ.get("CJDOCS_UPDATE_GOLDEN"):
        expected.parent.mkdir(exist_ok=True)
        expected.write_text(first, encoding="utf-8")
    assert first == expected.read_text(encoding="utf-8")


def test_the_markdown_export_has_the_opportunities_page_for_sites_without_the_plugin(tmp_path):
    folder = make_project(tmp_path)
    result = run_cjdocs("export", "--format", "markdown", "-o", "generated", cwd=folder)
    assert result.returncode == 0, result.stderr
    page = (folder / "generated" / "opportunities.md").read_text(encoding="utf-8")
    assert "<h1>Opportunities</h1>" in page
    assert 'data-status="planned"' in page
    css = (folder / "generated" / "assets" / "cjdocs" / "cjdocs.css").read_text(encoding="utf-8")
    assert "#cj-filter-priority-high:checked" in css


def test_thousands_of_opportunities_without_a_status_are_counted_not_all_listed(tmp_path):
    from cjdocs.catalogue import catalogue
    from cjdocs.render.backlog import UNTRACKED_LISTED, backlog_page

    plain = "".join(f"      - Idea number {number}\n" for number in range(UNTRACKED_LISTED + 5))
    journey = with_backlog(("      - Shorter newsletter\n", plain))
    make_project(tmp_path, journey)
    _, model = load_model([tmp_path / "journeys"])
    page = BeautifulSoup(str(backlog_page(model, catalogue("en")).sections[0].html), "html.parser")
    untracked = page.select_one("section[data-status=none]")
    assert text_of(untracked.h3) == f"No status yet ({UNTRACKED_LISTED + 5})"
    assert len(untracked.select("tbody tr")) == UNTRACKED_LISTED
    assert text_of(untracked.select_one(".cj-backlog-more")).startswith(
        "And 5 more opportunities without a status"
    )
    # The backlog the team works through is listed whole.
    assert len(page.select("section[data-status=planned] tbody tr")) == 1


def test_the_diff_names_pain_points_and_opportunities_by_their_text(tmp_path):
    folder = make_project(tmp_path)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", "base")
    changed = with_backlog(
        ("      - The newsletter is long\n", ""),
        ("priority: 2", "priority: 1"),
        ("        id: queue\n", "        id: queue\n      - text: No card payment\n"),
    )
    (folder / "journeys" / "journey.yaml").write_text(changed, encoding="utf-8")
    result = run_cjdocs("diff", "HEAD", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "pain\\_points: removed “The newsletter is long”" in result.stdout
    assert "opportunities: details changed (status, owner, priority, link or solves)" in (
        result.stdout
    )
    assert "pain\\_points: added “No card payment”" in result.stdout
    assert "{" not in result.stdout.split("In <code>")[1]  # no mapping printed as JSON
