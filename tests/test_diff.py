"""`cjdocs diff` as a reviewer meets it: real git repositories, real commits, the real command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cjdocs.definitions.steps import Way
from cjdocs.workflow.diff.compare import Change, Diff, FieldChange, Side, StepChange
from cjdocs.workflow.diff.markdown import diff_markdown
from conftest import EXAMPLE, FIXTURES, run_cjdocs
from hostile import NASTY

IDENTITY = (
    "-c",
    "user.name=Editor",
    "-c",
    "user.email=editor@example.com",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "init.defaultBranch=main",
)

# A journey of four steps over the base fixtures' phases and touchpoints.
JOURNEY = """\
kind: journey
id: first-purchase
name: First purchase
persona: anna
steps:
  - id: sees-ad
    name: Sees an ad
    phase: awareness
    touchpoints: [newsletter]
    emotion: 0
  - id: reads-newsletter
    name: Reads the newsletter
    phase: awareness
    touchpoints: [newsletter]
    emotion: -1
  - id: visits-store
    name: Visits the store
    phase: purchase
    touchpoints: [checkout-desk]
    emotion: 1
  - id: pays
    name: Pays at the desk
    phase: purchase
    touchpoints: [checkout-desk]
    emotion: 2
"""


def git(repo: Path, *arguments: str) -> str:
    done = subprocess.run(
        ["git", *IDENTITY, *arguments], cwd=repo, capture_output=True, text=True, check=True
    )
    return done.stdout


def commit(repo: Path, message: str = "change") -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def write(repo: Path, name: str, text: str) -> None:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write_steps(repo: Path, *steps: str) -> None:
    """Write the journey with the given steps of JOURNEY (by id), or new steps (as YAML)."""

    def text(step: str) -> str:
        if step.startswith("  - id:"):
            return step
        start = JOURNEY.index(f"  - id: {step}\n")
        end = JOURNEY.find("  - id:", start + 1)
        return JOURNEY[start : end if end > 0 else None]

    head = JOURNEY[: JOURNEY.index("  - id:")]
    write(repo, "journeys/journey.yaml", head + "".join(map(text, steps)))


def remove(repo: Path, name: str, text: str) -> None:
    edit(repo, name, text, "")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose first commit holds the base fixtures in `journeys/`, with the
    four-step journey in place of the base one."""
    folder = tmp_path / "repo"
    (folder / "journeys").mkdir(parents=True)
    for path in sorted((FIXTURES / "base").iterdir()):
        shutil.copyfile(path, folder / "journeys" / path.name)
    write(folder, "journeys/journey.yaml", JOURNEY)
    git(folder, "init", "-q")
    commit(folder, "base")
    return folder


def diff(repo: Path, *arguments: str, env: dict[str, str] | None = None):
    result = run_cjdocs("diff", *arguments, cwd=repo, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def diff_json(repo: Path, *arguments: str) -> dict:
    result = diff(repo, *arguments, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def changes_of(report: dict) -> list[tuple]:
    return [
        (change["kind"], change["id"], change["change"], change["file"], change["old_file"])
        for change in report["changes"]
    ]


def steps_of(report: dict, journey: str = "first-purchase") -> dict[str, dict]:
    (change,) = [change for change in report["changes"] if change["id"] == journey]
    return {step["id"]: step for step in change["steps"]}


def summary_line(markdown: str) -> str:
    return next(line for line in markdown.splitlines() if line.startswith("**"))


# -- definitions ---------------------------------------------------------------------------------


def test_nothing_changed_says_so(repo):
    result = diff(repo, "HEAD")
    assert result.returncode == 0
    assert summary_line(result.stdout) == "**No changes to the definitions.**"
    assert "<details>" not in result.stdout
    report = diff_json(repo, "HEAD")
    assert report["changes"] == []
    assert report["problems"] == []


def test_rewriting_a_file_without_changing_its_meaning_is_no_change(repo):
    # Key order, flow or block lists, quotes and a `next` that names the following step anyway.
    write(
        repo,
        "journeys/journey.yaml",
        JOURNEY.replace(
            "touchpoints: [newsletter]\n    emotion: 0",
            "emotion: 0\n    touchpoints:\n      - 'newsletter'\n    next: reads-newsletter",
        ).replace("name: First purchase\npersona: anna", 'persona: anna\nname: "First purchase"'),
    )
    commit(repo)
    assert diff_json(repo, "HEAD~1", "HEAD")["changes"] == []


def test_definitions_added_removed_moved_to_another_file_and_changed(repo):
    write(repo, "journeys/ben.yaml", "kind: persona\nid: ben\nname: Ben\n")
    commit(repo, "ben")
    (repo / "journeys/ben.yaml").unlink()
    write(repo, "journeys/personas/carla.yaml", "kind: persona\nid: carla\nname: Carla\n")
    awareness = "kind: phase\nid: awareness\nname: Awareness\norder: 1\n---\n"
    remove(repo, "journeys/catalog.yaml", awareness)
    write(repo, "journeys/phases.yaml", awareness)
    edit(repo, "journeys/catalog.yaml", "name: E-mail", "name: Newsletter mail")
    commit(repo, "personas and phases")

    report = diff_json(repo, "HEAD~1", "HEAD")
    assert changes_of(report) == [
        ("persona", "ben", "removed", "journeys/ben.yaml", "journeys/ben.yaml"),
        ("persona", "carla", "added", "journeys/personas/carla.yaml", None),
        ("phase", "awareness", "renamed", "journeys/phases.yaml", "journeys/catalog.yaml"),
        ("channel", "email", "changed", "journeys/catalog.yaml", "journeys/catalog.yaml"),
    ]
    email = report["changes"][3]
    assert email["fields"] == [{"field": "name", "old": "E-mail", "new": "Newsletter mail"}]
    assert email["name"] == "Newsletter mail"
    assert report["summary"]["kinds"]["persona"] == {
        "added": 1,
        "removed": 1,
        "renamed": 0,
        "changed": 0,
    }
    assert (report["summary"]["added"], report["summary"]["renamed"]) == (1, 1)

    markdown = diff(repo, "HEAD~1", "HEAD").stdout
    assert summary_line(markdown) == (
        "**1 persona added, 1 persona removed, 1 phase moved to another file, 1 channel changed.**"
    )
    assert "- name: “E-mail” → “Newsletter mail”" in markdown
    assert (
        "Moved from <code>journeys/catalog.yaml</code> to <code>journeys/phases.yaml</code>; "
        "its content is unchanged." in markdown
    )


def test_fields_of_lists_say_what_was_added_and_removed(repo):
    edit(repo, "journeys/catalog.yaml", "phases: [awareness]", "phases: [purchase]\ndevice: laptop")
    commit(repo)
    report = diff_json(repo, "HEAD~1", "HEAD")
    (newsletter,) = report["changes"]
    assert newsletter["fields"] == [
        {"field": "phases", "old": ["awareness"], "new": ["purchase"]},
        {"field": "device", "old": None, "new": "laptop"},
    ]
    markdown = diff(repo, "HEAD~1", "HEAD").stdout
    assert "- device: set to “laptop”" in markdown
    assert "- phases: added <code>purchase</code>; removed <code>awareness</code>" in markdown


# -- steps ---------------------------------------------------------------------------------------


def test_steps_added_and_removed(repo):
    receipt = (
        "  - id: gets-receipt\n    name: Gets the receipt\n    phase: purchase\n    emotion: 1\n"
    )
    write_steps(repo, "sees-ad", "visits-store", "pays", receipt)
    commit(repo)
    steps = steps_of(diff_json(repo, "HEAD~1", "HEAD"))
    assert steps["reads-newsletter"]["change"] == "removed"
    assert steps["reads-newsletter"]["position"] == {"old": 2, "new": None}
    assert steps["gets-receipt"]["change"] == "added"
    assert steps["gets-receipt"]["position"] == {"old": None, "new": 4}
    assert steps["gets-receipt"]["emotion"] == {"old": None, "new": 1, "trend": None}
    # The ways on changed with them: the step before the removed one now leads past it, and the
    # last step no longer ends the journey.
    assert steps["sees-ad"]["ways"]["new"] == [{"if": None, "goto": "visits-store"}]
    assert steps["sees-ad"]["ways"]["old"] == [{"if": None, "goto": "reads-newsletter"}]
    assert steps["pays"]["ways"]["old"] == []
    assert not any(step["moved"] for step in steps.values())

    markdown = diff(repo, "HEAD~1", "HEAD").stdout
    assert (
        "- ➖ step <code>reads-newsletter</code> “Reads the newsletter” removed from position 2 "
        "(phase <code>awareness</code>, emotion -1)" in markdown
    )
    assert "- ➕ step <code>gets-receipt</code> “Gets the receipt” added at position 4" in markdown
    assert (
        "step <code>pays</code> “Pays at the desk”: ways on: → <code>gets-receipt</code> "
        "(was ends the journey)" in markdown
    )


def test_a_step_moved_in_the_list(repo):
    write_steps(repo, "reads-newsletter", "visits-store", "sees-ad", "pays")
    commit(repo)
    steps = steps_of(diff_json(repo, "HEAD~1", "HEAD"))
    assert steps["sees-ad"]["moved"] is True
    assert steps["sees-ad"]["position"] == {"old": 1, "new": 3}
    assert [key for key, step in steps.items() if step["moved"]] == ["sees-ad"]
    assert "moved from position 1 to 3" in diff(repo, "HEAD~1", "HEAD").stdout


def test_emotions_rose_and_fell_and_touchpoints_changed(repo):
    edit(repo, "journeys/journey.yaml", "emotion: -1", "emotion: 1")
    edit(repo, "journeys/journey.yaml", "emotion: 2", "emotion: 0")
    edit(
        repo,
        "journeys/journey.yaml",
        "    touchpoints: [newsletter]\n    emotion: 1",
        "    touchpoints: [checkout-desk]\n    emotion: 1",
    )
    commit(repo)
    steps = steps_of(diff_json(repo, "HEAD~1", "HEAD"))
    assert steps["reads-newsletter"]["emotion"] == {"old": -1, "new": 1, "trend": "rose"}
    assert steps["reads-newsletter"]["touchpoints"] == {
        "added": ["checkout-desk"],
        "removed": ["newsletter"],
    }
    assert steps["pays"]["emotion"] == {"old": 2, "new": 0, "trend": "fell"}
    assert steps["pays"]["touchpoints"] == {"added": [], "removed": []}
    assert set(steps) == {"reads-newsletter", "pays"}

    markdown = diff(repo, "HEAD~1", "HEAD").stdout
    assert "  - emotion -1 → +1 (rose)" in markdown
    assert "  - touchpoints: added <code>checkout-desk</code>; removed <code>newsletter</code>" in (
        markdown
    )
    assert "- step <code>pays</code> “Pays at the desk”: emotion +2 → 0 (fell)" in markdown


def test_branches_changed(repo):
    edit(
        repo,
        "journeys/journey.yaml",
        "    emotion: 0\n",
        "    emotion: 0\n    branches:\n      - if: opens the mail\n        goto: reads-newsletter\n"
        "      - if: ignores it\n        goto: pays\n",
    )
    commit(repo, "branches")
    edit(
        repo,
        "journeys/journey.yaml",
        "if: ignores it\n        goto: pays",
        "if: ignores it\n        goto: visits-store",
    )
    edit(
        repo,
        "journeys/journey.yaml",
        "    emotion: 2\n",
        "    emotion: 2\n    action: Pays by card\n",
    )
    commit(repo, "other branch")
    steps = steps_of(diff_json(repo, "HEAD~1", "HEAD"))
    ways = steps["sees-ad"]["ways"]
    assert ways["added"] == [{"if": "ignores it", "goto": "visits-store"}]
    assert ways["removed"] == [{"if": "ignores it", "goto": "pays"}]
    assert ways["new"] == [
        {"if": "opens the mail", "goto": "reads-newsletter"},
        {"if": "ignores it", "goto": "visits-store"},
    ]
    assert steps["pays"]["fields"] == [{"field": "action", "old": None, "new": "Pays by card"}]

    markdown = diff(repo, "HEAD~1", "HEAD").stdout
    assert (
        "ways on: if “ignores it” → <code>visits-store</code> (was → <code>pays</code>)" in markdown
    )
    assert "- step <code>pays</code> “Pays at the desk”: action: set to “Pays by card”" in markdown


# -- the working tree, sources and revisions -------------------------------------------------------


def test_the_working_tree_is_head_by_default(repo):
    edit(repo, "journeys/catalog.yaml", "name: Store", "name: Flagship store")
    write(repo, "journeys/untracked.yaml", "kind: persona\nid: dora\nname: Dora\n")
    report = diff_json(repo, "HEAD")
    assert report["head"]["revision"] is None
    assert report["head"]["commit"] is None
    assert report["base"]["revision"] == "HEAD"
    assert report["base"]["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert changes_of(report) == [
        ("persona", "dora", "added", "journeys/untracked.yaml", None),
        ("channel", "store", "changed", "journeys/catalog.yaml", "journeys/catalog.yaml"),
    ]
    assert "with the working tree." in diff(repo, "HEAD").stdout


def test_the_source_comes_from_mkdocs_yml_or_the_option(repo):
    shutil.move(repo / "journeys", repo / "defs")
    write(repo, "mkdocs.yml", "site_name: Test\nplugins:\n  - cjdocs:\n      source: defs\n")
    commit(repo, "moved to defs")
    edit(repo, "defs/catalog.yaml", "name: Store", "name: Flagship store")
    report = diff_json(repo, "HEAD")
    assert changes_of(report) == [
        ("channel", "store", "changed", "defs/catalog.yaml", "defs/catalog.yaml")
    ]
    assert report["base"]["source"] == "defs"
    # Compared with the commit before, every definition moved from journeys/ to defs/.
    moved = diff_json(repo, "HEAD~1", "HEAD", "--source", "defs")
    assert {change["change"] for change in moved["changes"]} == {"added"}
    assert moved["problems"] == [
        {
            "side": "base",
            "message": "BASE (HEAD~1) has no definition files (*.yaml, *.yml) under defs",
            "findings": [],
        }
    ]


def test_it_runs_in_a_sub_folder_of_the_repository(repo):
    edit(repo, "journeys/catalog.yaml", "name: Store", "name: Flagship store")
    report = diff_json(repo / "journeys", "HEAD", "-s", ".")
    assert changes_of(report) == [
        ("channel", "store", "changed", "journeys/catalog.yaml", "journeys/catalog.yaml")
    ]


def test_two_revisions_ignore_the_working_tree(repo):
    edit(repo, "journeys/catalog.yaml", "name: Store", "name: Flagship store")
    commit(repo)
    edit(repo, "journeys/catalog.yaml", "name: Flagship store", "name: Pop-up store")
    (change,) = diff_json(repo, "HEAD~1", "HEAD")["changes"]
    assert change["fields"] == [{"field": "name", "old": "Store", "new": "Flagship store"}]
    git(repo, "tag", "v1", "HEAD~1")
    assert diff_json(repo, "v1", "main")["changes"][0]["fields"] == change["fields"]


# -- sides that do not validate --------------------------------------------------------------------


def test_a_side_with_errors_is_reported_and_still_compared(repo):
    edit(repo, "journeys/journey.yaml", "emotion: 2", "emotion: 5")
    edit(
        repo,
        "journeys/journey.yaml",
        "touchpoints: [checkout-desk]\n    emotion: 1",
        "touchpoints: [checkout-dek]\n    emotion: 1",
    )
    result = diff(repo, "HEAD")
    assert result.returncode == 0
    assert (
        "<details><summary>⚠️ HEAD (the working tree) has 2 errors in the definitions</summary>"
        in (result.stdout)
    )
    assert "no touchpoint &#39;checkout-dek&#39;" not in result.stdout  # quotes stay readable
    assert "no touchpoint 'checkout-dek' (did you mean 'checkout-desk'?)" in result.stdout
    assert "- step <code>pays</code> “Pays at the desk”: emotion +2 → +5 (rose)" in (result.stdout)

    report = diff_json(repo, "HEAD")
    assert report["head"]["errors"] == 2
    (problem,) = report["problems"]
    assert problem["side"] == "head"
    assert problem["message"] == "HEAD (the working tree) has 2 errors in the definitions"
    assert {(finding["file"], finding["code"]) for finding in problem["findings"]} == {
        ("journeys/journey.yaml", "schema"),
        ("journeys/journey.yaml", "unknown-reference"),
    }
    assert steps_of(report)["pays"]["emotion"] == {"old": 2, "new": 5, "trend": "rose"}


def test_errors_at_base_are_reported_too(repo):
    edit(repo, "journeys/catalog.yaml", "type: offline", "type: ofline")
    commit(repo, "typo")
    edit(repo, "journeys/catalog.yaml", "type: ofline", "type: offline")
    report = diff_json(repo, "HEAD")
    assert [problem["message"] for problem in report["problems"]] == [
        "BASE (HEAD) has 1 error in the definitions"
    ]
    assert report["changes"][0]["fields"] == [{"field": "type", "old": "ofline", "new": "offline"}]


def test_a_file_that_is_not_yaml_any_more_is_named_as_the_cause(repo):
    (repo / "journeys/catalog.yaml").write_text("kind: [\n", encoding="utf-8")
    result = diff(repo, "HEAD")
    assert result.returncode == 0
    assert "HEAD (the working tree) has" in result.stdout
    assert (
        "➖ Phase <code>awareness</code> “Awareness” removed (or unreadable: its file has a YAML "
        "error at HEAD)</summary>" in result.stdout
    )


# -- Markdown --------------------------------------------------------------------------------------


def test_markdown_leads_with_the_summary_and_folds_each_definition(repo):
    edit(repo, "journeys/catalog.yaml", "name: Store", "name: Flagship store")
    edit(repo, "journeys/journey.yaml", "emotion: -1", "emotion: 1")
    markdown = diff(repo, "HEAD").stdout
    lines = markdown.splitlines()
    assert lines[0] == "### Changes to the customer journey definitions"
    assert lines[4] == "**1 channel changed, 1 journey changed.**"
    assert markdown.count("<details><summary>") == 2 == markdown.count("</details>")
    assert markdown.index("**1 channel") < markdown.index("<details>")
    assert (
        "<details><summary>✏️ Channel <code>store</code> “Flagship store” changed</summary>" in lines
    )
    # GitHub reads Markdown inside <details> only after a blank line.
    for index, line in enumerate(lines):
        if line.startswith("<details>"):
            assert lines[index + 1] == ""
        if line == "</details>":
            assert lines[index - 1] == ""


def test_hostile_names_are_shown_as_text(repo):
    name = NASTY[0] + " " + NASTY[4] + " `tick` @marketing-team #12 $x$\nsecond line"
    edit(repo, "journeys/catalog.yaml", "name: Store", f"name: {json.dumps(name)}")
    edit(repo, "journeys/catalog.yaml", "name: Anna", f"name: {json.dumps(NASTY[3])}")
    edit(repo, "journeys/journey.yaml", "name: Pays at the desk", f"name: {json.dumps(NASTY[4])}")
    markdown = diff(repo, "HEAD").stdout
    assert "<script" not in markdown.lower()
    assert "<img" not in markdown.lower()
    assert "&lt;script&gt;" in markdown
    assert "@marketing" not in markdown  # a word joiner keeps GitHub from notifying the team
    assert not re.search("(?<!&)#12", markdown)
    # Each piece of text stays on its line, and only our own tags are tags.
    allowed_starts = ("###", "Comparing", "**", "<details><summary>", "</details>", "- ", "In ")
    for line in markdown.splitlines():
        assert not line or line.startswith(allowed_starts), line
        assert not re.sub(r"</?(code|details|summary)>", "", line).count("<"), line
        if line.startswith("- "):
            # In running Markdown every pipe, star, backtick and bracket is escaped.
            assert not re.search(r"(?<!\\)[|*`\[]", line), line
        if line.startswith("<details>"):
            assert not re.search(r"[|*`\[]", line), line  # character references there
    assert "&#124; pipe &#124;" in markdown


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(max_size=20), st.integers(-3, 3), st.integers(-3, 3))
def test_any_text_renders_as_text(name, condition, old_emotion, new_emotion):
    side = Side("main", "0" * 40, "journeys", 1, {}, ())
    step = StepChange(
        name,
        name,
        name,
        "changed",
        1,
        2,
        moved=True,
        emotion=(old_emotion, new_emotion),
        touchpoints_added=(name,),
        ways=((Way(name, condition),), (Way("x"), Way(name, name))),
        fields=(FieldChange(name, name, [name]),),
    )
    change = Change("journey", name, "changed", name, name, "journeys/old.yaml", (), (step,))
    markdown = diff_markdown(Diff(side, side, (change,)))
    for line in markdown.splitlines():
        assert not re.sub(r"</?(code|details|summary)>", "", line).count("<"), line
        if line.startswith(("- ", "  - ")):
            assert not re.search(r"(?<!\\)[|*`\[_~$]", line), line


# -- JSON ------------------------------------------------------------------------------------------


def test_json_has_its_documented_structure(repo):
    edit(repo, "journeys/journey.yaml", "emotion: -1", "emotion: 1")
    report = diff_json(repo, "HEAD")
    assert list(report) == ["base", "head", "summary", "changes", "problems", "review"]
    assert list(report["base"]) == [
        "revision",
        "commit",
        "source",
        "files",
        "definitions",
        "errors",
    ]
    assert report["base"]["files"] == 2
    assert report["base"]["definitions"] == 8
    assert list(report["summary"]) == ["added", "removed", "renamed", "changed", "kinds"]
    assert list(report["summary"]["kinds"]) == [
        "persona",
        "phase",
        "channel",
        "touchpoint",
        "journey",
        "system",
    ]
    (change,) = report["changes"]
    assert list(change) == [
        "kind",
        "id",
        "name",
        "change",
        "file",
        "old_file",
        "fields",
        "steps",
        "opportunities",
    ]
    (step,) = change["steps"]
    assert step == {
        "id": "reads-newsletter",
        "name": "Reads the newsletter",
        "phase": "awareness",
        "change": "changed",
        "position": {"old": 2, "new": 2},
        "moved": False,
        "emotion": {"old": -1, "new": 1, "trend": "rose"},
        "touchpoints": {"added": [], "removed": []},
        "ways": None,
        "fields": [],
    }


# -- when the command cannot run --------------------------------------------------------------------


def test_an_unknown_revision_exits_2_with_a_plain_message(repo):
    result = diff(repo, "no-such-branch")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "unknown revision 'no-such-branch'" in result.stderr
    assert "fetch-depth: 0" in result.stderr
    # A revision is never read as an option of git.
    result = diff(repo, "--", "--output=x")
    assert result.returncode == 2
    assert "unknown revision '--output=x'" in result.stderr


def test_outside_a_git_repository_exits_2(tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    environment = {"GIT_CEILING_DIRECTORIES": str(tmp_path)}
    result = diff(folder, "HEAD", env=environment)
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr


def test_a_source_outside_the_repository_exits_2(repo, tmp_path):
    result = diff(repo, "HEAD", "-s", str(tmp_path))
    assert result.returncode == 2
    assert "is outside the git repository" in result.stderr


def test_validate_still_does_not_import_the_diff():
    # The diff's modules load only when `cjdocs diff` runs.
    code = "import sys, cjdocs.workflow.cli; print('cjdocs.workflow.diff' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_the_example_mug_shop_journey_reads_well(tmp_path):
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder / "journeys")
    git(folder, "init", "-q")
    commit(folder, "example")
    journey = "journeys/mug-shop-first-order.yaml"
    edit(
        folder,
        journey,
        "    emotion: 0\n    feeling: reminded",
        "    emotion: 1\n    feeling: reminded",
    )
    edit(
        folder,
        journey,
        "leads a new subscriber to a first order",
        "leads a new subscriber to her first order",
    )
    edit(
        folder, journey, "      - dhl-parcel\n      - package-insert-card\n", "      - dhl-parcel\n"
    )
    result = diff(folder, "HEAD")
    assert result.returncode == 0
    assert summary_line(result.stdout) == "**1 journey changed.**"
    assert "Problems" not in result.stdout and "⚠️" not in result.stdout
    assert (
        "- step <code>cart-reminder</code> “Gets a reminder mail about her cart”: "
        "emotion 0 → +1 (rose)" in result.stdout
    )
    assert (
        "- description: “…automation leads a new subscriber to a first order. ↵ Most steps are "
        "triggered…” → “…automation leads a new subscriber to her first order. ↵ Most steps are "
        "triggered…”" in result.stdout
    )
    assert (
        "- step <code>parcel-arrives</code> “Unpacks the parcel”: touchpoints: removed "
        "<code>package-insert-card</code>" in result.stdout
    )


# -- the review at a glance ----------------------------------------------------------------------


def _mermaid_blocks(markdown: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", markdown, re.DOTALL)


def test_a_journey_whose_emotions_changed_shows_both_curves_in_one_chart(tmp_path):
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder / "journeys")
    git(folder, "init", "-q")
    commit(folder, "example")
    journey = "journeys/mug-shop-first-order.yaml"
    edit(
        folder,
        journey,
        "    emotion: 0\n    feeling: reminded",
        "    emotion: 2\n    feeling: reminded",
    )
    result = diff(folder, "HEAD")
    (chart,) = _mermaid_blocks(result.stdout)
    assert "xychart-beta" in chart and 'y-axis "Emotion" -2 --> 2' in chart
    (before,) = re.findall(r"^    bar \[(.*)\]$", chart, re.MULTILINE)
    (after,) = re.findall(r"^    line \[(.*)\]$", chart, re.MULTILINE)
    changed = [
        index
        for index, (old, new) in enumerate(zip(before.split(", "), after.split(", "), strict=True))
        if old != new
    ]
    assert len(changed) == 1
    assert (before.split(", ")[changed[0]], after.split(", ")[changed[0]]) == ("0", "2")
    assert "Emotion before (bars) and after (line)" in result.stdout


def test_no_chart_where_no_emotion_changed(repo):
    edit(repo, "journeys/journey.yaml", "Reads the newsletter", "Opens the newsletter")
    assert _mermaid_blocks(diff(repo, "HEAD").stdout) == []


@pytest.mark.needs_mermaid
def test_mermaid_itself_reads_the_chart_as_both_curves(tmp_path):
    from cjdocs.workflow.diff.chart import emotion_chart
    from conftest import MERMAID

    old = [
        {"id": "a", "name": 'Sees "ad" `x` : #1 %% {y}', "emotion": 1},
        {"id": "b", "name": "Compares\nprices", "emotion": -2},
        {"id": "c", "name": "Buys", "emotion": 0},
    ]
    new = [dict(step, emotion=2) if step["id"] == "b" else step for step in old]
    chart = emotion_chart('A "quoted" journey', old, new)
    text = "\n".join(chart[chart.index("```mermaid") + 1 : chart.index("```")])
    parsed = subprocess.run(
        ["node", str(MERMAID / "parse.mjs")],
        input=json.dumps([text]),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (result,) = json.loads(parsed.stdout)
    assert "error" not in result, result
    assert result["type"] == "xychart"
    assert result["plots"] == [
        {"type": "bar", "values": [1, -2, 0]},
        {"type": "line", "values": [1, 2, 0]},
    ]
    assert len(result["categories"]) == 3


def test_a_change_to_fifty_journeys_stays_under_github_comment_limit(repo):
    steps = "".join(
        f"  - id: s{number}\n    name: {'A long step name ' * 6}{number}\n    phase: awareness\n"
        f"    emotion: {number % 5 - 2}\n    action: {'does many things ' * 8}\n"
        for number in range(30)
    )
    for number in range(50):
        write(
            repo,
            f"journeys/many-{number:02}.yaml",
            f"kind: journey\nid: many-{number:02}\nname: Journey {number}\npersona: anna\n"
            f"steps:\n{steps}",
        )
    commit(repo, "fifty journeys")
    for number in range(50):
        edit(repo, f"journeys/many-{number:02}.yaml", "does many things", "does other things")
        edit(repo, f"journeys/many-{number:02}.yaml", "emotion: -2", "emotion: 2")
    markdown = diff(repo, "HEAD").stdout
    assert len(markdown) < 65_536
    assert "**50 journeys changed.**" in markdown
    assert "more changes**, in short" in markdown
    assert markdown.count("<details>") < 50
