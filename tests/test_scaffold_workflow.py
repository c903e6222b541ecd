"""What `cjdocs init` sets a new team up with: the GitHub workflow, the pins it installs
cjdocs by, the pre-commit hook and the editor's schema mapping; and that the guide shows the
same files.

The workflow's shell steps are run here for real with bash as GitHub runs them
(`bash --noprofile --norc -eo pipefail`); only the GitHub API behind `gh` is played by a
small stand-in, as it cannot be reached from here. The workflow is checked against
SchemaStore's schema for GitHub workflows (tests/vendor/schemastore/).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cjdocs.definitions.loader import load_text
from cjdocs.workflow.origin import Origin, origin_of, pinned_files
from conftest import ROOT, run_cjdocs

TEMPLATES = ROOT / "cjdocs" / "workflow" / "templates" / "init"
WORKFLOW = TEMPLATES / "github" / "workflows" / "cjdocs.yml"
SCHEMASTORE = Path(__file__).parent / "vendor" / "schemastore"
COMMIT = "3f786850e387550fdab836ed7e6dc881de23001b"
PINNED = Origin("https://github.com/example-org/cjdocs", COMMIT, "v0.1.0")
MARKER = "<!-- cjdocs-diff -->"


def read_yaml(path: Path) -> Any:
    """The file as GitHub and pre-commit read it: YAML 1.2, where `on:` is a key, not true."""
    return load_text(path.read_text(encoding="utf-8"), path.name).documents[0].data


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    """A new repository, as `cjdocs init` writes it from this (editable) install."""
    folder = tmp_path_factory.mktemp("scaffold") / "journeys-site"
    result = run_cjdocs("init", str(folder), cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope="module")
def workflow(scaffold) -> dict:
    return read_yaml(scaffold / ".github" / "workflows" / "cjdocs.yml")


def step(job: dict, name: str) -> dict:
    (found,) = [step for step in job["steps"] if step.get("name") == name]
    return found


def action(job: dict, repository: str) -> dict:
    (found,) = [step for step in job["steps"] if step.get("uses", "").startswith(repository + "@")]
    return found


def run_step(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A `run:` script as GitHub runs it: bash, stopping at the first failing command."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- The scaffold, end to end ------------------------------------------------------------------


def test_init_makes_a_project_that_checks_and_builds_as_ci_will(scaffold, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(scaffold, project)
    names = sorted(path.relative_to(project).as_posix() for path in project.rglob("*"))
    assert [name for name in names if (project / name).is_file()] == [
        ".github/dependabot.yml",
        ".github/workflows/cjdocs.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "docs/index.md",
        "journeys/channels.yaml",
        "journeys/first-order.yaml",
        "journeys/persona.yaml",
        "journeys/phases.yaml",
        "journeys/touchpoints.yaml",
        "mkdocs.yml",
        "requirements.txt",
        "schemas/channel.schema.json",
        "schemas/cjdocs.schema.json",
        "schemas/journey.schema.json",
        "schemas/persona.schema.json",
        "schemas/phase.schema.json",
        "schemas/system.schema.json",
        "schemas/touchpoint.schema.json",
    ]
    validated = run_cjdocs("validate", "--format", "github", "--strict", cwd=project)
    assert validated.returncode == 0, validated.stdout
    built = run_cjdocs("build", "--strict", cwd=project, timeout=600)
    assert built.returncode == 0, built.stderr
    assert (project / "site" / "journeys" / "first-order" / "index.html").is_file()
    # The folder the workflow keeps between runs is where the build put its diagrams.
    cached = action(
        read_yaml(project / ".github/workflows/cjdocs.yml")["jobs"]["check"], "actions/cache"
    )
    assert any(path.is_file() for path in (project / cached["with"]["path"]).rglob("*"))


# -- The workflow --------------------------------------------------------------------------------


def test_the_workflow_is_valid_by_githubs_schema(workflow, scaffold):
    schema = json.loads((SCHEMASTORE / "github-workflow.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(workflow)) == []
    # The schema does catch what GitHub would refuse: a misspelt key in a job.
    misspelt = json.loads(json.dumps(workflow))
    misspelt["jobs"]["check"]["timeout-minute"] = misspelt["jobs"]["check"].pop("timeout-minutes")
    assert not jsonschema.Draft7Validator(schema).is_valid(misspelt)
    dependabot = json.loads((SCHEMASTORE / "dependabot-2.0.json").read_text(encoding="utf-8"))
    updates = read_yaml(scaffold / ".github" / "dependabot.yml")
    assert list(jsonschema.Draft7Validator(dependabot).iter_errors(updates)) == []
    assert updates["updates"][0]["package-ecosystem"] == "github-actions"


def test_the_workflow_is_the_template_as_it_is(scaffold):
    written = (scaffold / ".github" / "workflows" / "cjdocs.yml").read_text(encoding="utf-8")
    assert written == WORKFLOW.read_text(encoding="utf-8")


def test_a_pull_request_gets_the_strict_build_that_publish_deploys(workflow):
    assert set(workflow["on"]) == {"pull_request", "push"}  # never pull_request_target
    check, publish = workflow["jobs"]["check"], workflow["jobs"]["publish"]
    assert "if" not in check  # pull requests and pushes to main alike
    runs = [step.get("run") for step in check["steps"]]
    assert runs.index("cjdocs validate --format github") < runs.index("cjdocs build --strict")
    artifact = action(check, "actions/upload-artifact")
    assert (artifact["if"], artifact["with"]["path"]) == (
        "github.event_name == 'pull_request'",
        "site",
    )
    pages = action(check, "actions/upload-pages-artifact")
    assert (pages["if"], pages["with"]["path"]) == ("github.event_name == 'push'", "site")
    # publish deploys what check built and tested; it builds nothing itself.
    assert (publish["needs"], publish["if"]) == ("check", "github.event_name == 'push'")
    assert [step["uses"].split("@")[0] for step in publish["steps"]] == ["actions/deploy-pages"]


def test_cjdocs_is_installed_only_from_the_pinned_requirements(workflow):
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "CJDOCS_PACKAGE" not in text
    installs = [
        step["run"]
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "pip" in step.get("run", "")
    ]
    assert installs == ["pip install -r requirements.txt"]
    names = [step.get("name") or step["uses"] for step in workflow["jobs"]["check"]["steps"]]
    assert names.index("Check that requirements.txt pins cjdocs") < names.index("Install cjdocs")


def test_runs_are_cancelled_when_superseded_bounded_in_time_and_cached(workflow, scaffold):
    assert workflow["concurrency"] == {
        "group": "cjdocs-${{ github.event.pull_request.number || github.ref }}",
        "cancel-in-progress": "${{ github.event_name == 'pull_request' }}",
    }
    assert all(0 < job["timeout-minutes"] <= 30 for job in workflow["jobs"].values())
    check = workflow["jobs"]["check"]
    python = action(check, "actions/setup-python")["with"]
    assert (python["cache"], python["cache-dependency-path"]) == ("pip", "requirements.txt")
    (plugins,) = [
        entry["cjdocs"]
        for entry in read_yaml(scaffold / "mkdocs.yml")["plugins"]
        if isinstance(entry, dict) and "cjdocs" in entry
    ]
    assert action(check, "actions/cache")["with"]["path"] == plugins["cache_dir"] == ".cache/cjdocs"


def test_every_action_is_pinned_to_a_commit_with_its_version_named():
    uses = re.findall(r"uses: (\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert len(uses) == 6
    for reference, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+@[0-9a-f]{40}", reference), reference
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), reference


# -- The pin check: the workflow's first step ---------------------------------------------------

SHA256 = "9" * 64


@pytest.mark.parametrize(
    ("requirements", "pinned"),
    [
        (PINNED.requirement, True),
        (f"{PINNED.requirement}  # v0.1.0", True),
        (f"# our tools\nmkdocs-glightbox==0.4.0\n{PINNED.requirement}\n", True),
        (f"cjdocs@git+https://git.example.org/tools/cjdocs.git@{'b' * 64}", True),
        (f"cjdocs==0.1.0 \\\n    --hash=sha256:{SHA256}\n", True),
        ("cjdocs\n", False),
        ("cjdocs>=0.1\n", False),
        ("cjdocs==0.1.0\n", False),  # a version alone: anyone may publish one on the index
        ("cjdocs @ git+https://github.com/example-org/cjdocs\n", False),
        ("cjdocs @ git+https://github.com/example-org/cjdocs@main\n", False),
        (f"cjdocs @ git+https://github.com/example-org/cjdocs@{COMMIT[:12]}\n", False),
        (f"cjdocs @ git+ssh://git@github.com/example-org/cjdocs@{COMMIT}\n", False),
        (f"# {PINNED.requirement}\n", False),
        (f"cjdocs-theme @ git+https://github.com/example-org/cjdocs@{COMMIT}\n", False),
        ("", False),
        (None, False),  # no requirements.txt at all
    ],
)
def test_the_workflow_stops_first_unless_cjdocs_is_pinned(requirements, pinned, workflow, tmp_path):
    if requirements is not None:
        (tmp_path / "requirements.txt").write_text(requirements, encoding="utf-8")
    script = step(workflow["jobs"]["check"], "Check that requirements.txt pins cjdocs")["run"]
    result = run_step(script, tmp_path, {})
    if pinned:
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    else:
        assert result.returncode == 1
        assert result.stdout.startswith(
            "::error file=requirements.txt,title=cjdocs is not pinned::"
        )
        assert (
            "cjdocs @ git+https://<the repository your team keeps cjdocs in>@<commit>"
            in result.stdout
        )


def test_init_from_an_install_of_unknown_origin_leaves_the_pin_marked(scaffold, workflow):
    """This test runs from an editable install: init cannot know a repository and commit."""
    requirements = (scaffold / "requirements.txt").read_text(encoding="utf-8")
    assert "# TO DO: cjdocs init could not tell which repository and commit" in requirements
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == []
    script = step(workflow["jobs"]["check"], "Check that requirements.txt pins cjdocs")["run"]
    result = run_step(script, scaffold, {})
    assert result.returncode == 1
    assert "See the comment in requirements.txt." in result.stdout
    # The hook that works meanwhile: the cjdocs on PATH.
    config = read_yaml(scaffold / ".pre-commit-config.yaml")
    (hook,) = config["repos"][0]["hooks"]
    assert (config["repos"][0]["repo"], hook["language"], hook["entry"]) == (
        "local",
        "system",
        "cjdocs validate",
    )


def test_init_pins_cjdocs_to_the_commit_it_was_installed_from(tmp_path):
    files = pinned_files(PINNED)
    assert files["requirements.txt"].splitlines()[-1] == (
        f"cjdocs @ git+https://github.com/example-org/cjdocs@{COMMIT}"
    )
    config = files[".pre-commit-config.yaml"]
    assert f"rev: {COMMIT}  # frozen: v0.1.0\n" in config
    (tmp_path / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (repository,) = read_yaml(tmp_path / ".pre-commit-config.yaml")["repos"]
    assert repository == {
        "repo": "https://github.com/example-org/cjdocs",
        "rev": COMMIT,
        "hooks": [{"id": "cjdocs-validate"}],
    }
    (tmp_path / "requirements.txt").write_text(files["requirements.txt"], encoding="utf-8")
    script = step(read_yaml(WORKFLOW)["jobs"]["check"], "Check that requirements.txt pins cjdocs")[
        "run"
    ]
    assert run_step(script, tmp_path, {}).returncode == 0


def _direct_url(url: str, **vcs: str) -> str:
    return json.dumps({"url": url, "vcs_info": {"vcs": "git", **vcs}})


@pytest.mark.parametrize(
    ("record", "origin"),
    [
        # What pip records for `pip install "cjdocs @ git+https://...@v0.1.0"` (PEP 610).
        (
            _direct_url(
                "https://github.com/example-org/cjdocs",
                requested_revision="v0.1.0",
                commit_id=COMMIT,
            ),
            PINNED,
        ),
        (
            _direct_url("https://github.com/example-org/cjdocs", commit_id=COMMIT),
            Origin("https://github.com/example-org/cjdocs", COMMIT),
        ),
        (
            _direct_url(
                "https://github.com/example-org/cjdocs", requested_revision=COMMIT, commit_id=COMMIT
            ),
            Origin("https://github.com/example-org/cjdocs", COMMIT),
        ),
        (
            _direct_url(
                "https://github.com/example-org/cjdocs",
                requested_revision="v1\n  - evil",
                commit_id=COMMIT,
            ),
            Origin("https://github.com/example-org/cjdocs", COMMIT),
        ),
        # Nothing CI could install again by itself:
        ('{"url": "file:///home/anna/cjdocs", "dir_info": {"editable": true}}', None),
        ('{"url": "https://example.org/cjdocs-0.1.0-py3-none-any.whl", "archive_info": {}}', None),
        (_direct_url("file:///home/anna/cjdocs", commit_id=COMMIT), None),
        (_direct_url("ssh://git@github.com/example-org/cjdocs", commit_id=COMMIT), None),
        (_direct_url("https://anna@github.com/example-org/cjdocs", commit_id=COMMIT), None),
        (_direct_url("https://github.com/example-org/cjdocs", commit_id="main"), None),
        (_direct_url("https://github.com/example-org/cjdocs"), None),
        (
            json.dumps(
                {
                    "url": "https://github.com/example-org/tools",
                    "subdirectory": "cjdocs",
                    "vcs_info": {"vcs": "git", "commit_id": COMMIT},
                }
            ),
            None,
        ),
        (
            '{"url": "https://hg.example.org/cjdocs", "vcs_info": {"vcs": "hg", "commit_id": "'
            + COMMIT
            + '"}}',
            None,
        ),
        ("not json", None),
        (None, None),  # installed from a package index: pip records nothing
    ],
)
def test_init_knows_where_cjdocs_came_from_only_when_ci_can_install_it_again(record, origin):
    assert origin_of(record) == origin


# -- Describing the change on the pull request --------------------------------------------------


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Anna", "-c", "user.email=anna@example.org", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def test_the_change_is_described_in_the_summary(scaffold, workflow, tmp_path):
    """As on GitHub: the pull request's merge checked out, the base branch as origin/main."""
    project = tmp_path / "project"
    shutil.copytree(scaffold, project)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "Start")
    _git(project, "update-ref", "refs/remotes/origin/main", "HEAD")
    journey = project / "journeys" / "first-order.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace("emotion: 2", "emotion: -1"), encoding="utf-8"
    )
    (tmp_path / "summary.md").write_text("", encoding="utf-8")
    describe = step(workflow["jobs"]["check"], "Describe the change")
    assert describe["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    result = run_step(
        describe["run"],
        project,
        {
            "BASE_REF": "main",
            "RUNNER_TEMP": str(tmp_path),
            "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        },
    )
    assert result.returncode == 0, result.stderr
    changes = (tmp_path / "journey-changes.md").read_text(encoding="utf-8")
    assert "first-order" in changes
    assert "1 journey changed" in changes
    assert (tmp_path / "summary.md").read_text(encoding="utf-8") == changes


# Plays GitHub's REST API behind `gh api`: the listing (page by page, through the real jq, as
# gh's --jq does) from $PAGES, and every write recorded in $WRITES.
_GH = """\
import json, os, subprocess, sys
arguments = sys.argv[2:]
def option(name):
    return arguments[arguments.index(name) + 1] if name in arguments else None
method = option("--method") or "GET"
url = [a for a in arguments if a.startswith("repos/")][0]
if method == "GET":
    assert "--paginate" in arguments, "the listing must read every page"
    for page in json.loads(os.environ["PAGES"]):
        out = subprocess.run(["jq", "-r", option("--jq")], input=json.dumps(page), capture_output=True, text=True, check=True)
        sys.stdout.write(out.stdout)
else:
    with open(option("--input"), encoding="utf-8") as file:
        body = json.load(file)
    with open(os.environ["WRITES"], "a", encoding="utf-8") as log:
        log.write(json.dumps({"method": method, "url": url, "body": body}) + "\\n")
    print(json.dumps({"id": 1}))
"""


def _comment(user: str, number: int, body: str) -> dict:
    return {"id": number, "user": {"login": user}, "body": body}


BOT = "github-actions[bot]"


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ([[]], ("POST", "repos/example-org/journeys/issues/7/comments")),
        (
            [[_comment("anna", 11, "Looks good")], [_comment(BOT, 12, "Other bot text")]],
            ("POST", "repos/example-org/journeys/issues/7/comments"),
        ),
        # Someone quoting the marker does not get their comment replaced.
        (
            [[_comment("anna", 13, f"{MARKER}\nquoted")]],
            ("POST", "repos/example-org/journeys/issues/7/comments"),
        ),
        # Our comment from an earlier push, on the second page: updated in place.
        (
            [
                [_comment("anna", 11, "Looks good")],
                [_comment(BOT, 41, f"{MARKER}\nold"), _comment(BOT, 42, f"{MARKER}\nolder")],
            ],
            ("PATCH", "repos/example-org/journeys/issues/comments/41"),
        ),
    ],
)
def test_one_comment_per_pull_request_updated_on_each_push(pages, expected, workflow, tmp_path):
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    gh = bin_folder / "gh"
    gh.write_text(f"#!{sys.executable}\n{_GH}", encoding="utf-8")
    gh.chmod(0o755)
    (tmp_path / "journey-changes.md").write_text(
        "**1 journey changed.**\n\n- `first-order`\n", encoding="utf-8"
    )
    comment = step(workflow["jobs"]["check"], "Comment on the pull request")
    assert comment["env"]["MARKER"] == MARKER
    result = run_step(
        comment["run"],
        tmp_path,
        {
            "GH_TOKEN": "token",
            "PULL_REQUEST": "7",
            "MARKER": comment["env"]["MARKER"],
            "GITHUB_REPOSITORY": "example-org/journeys",
            "RUNNER_TEMP": str(tmp_path),
            "PAGES": json.dumps(pages),
            "WRITES": str(tmp_path / "writes.jsonl"),
            "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}",
        },
    )
    assert result.returncode == 0, result.stderr
    (write,) = [
        json.loads(line)
        for line in (tmp_path / "writes.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert (write["method"], write["url"]) == expected
    assert write["body"] == {"body": f"{MARKER}\n**1 journey changed.**\n\n- `first-order`\n"}


def test_no_comment_is_tried_on_a_pull_request_from_a_fork(workflow):
    condition = step(workflow["jobs"]["check"], "Comment on the pull request")["if"]
    assert "github.event.pull_request.head.repo.full_name == github.repository" in condition
    assert "steps.describe.outcome == 'success'" in condition
    # Never pull_request_target, which would run the fork's code with a write token.
    assert set(workflow["on"]) == {"pull_request", "push"}


# -- pre-commit ---------------------------------------------------------------------------------


def pre_commit(*arguments: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 60):
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *arguments],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_this_repository_offers_a_self_installing_hook_and_the_system_one():
    result = pre_commit("validate-manifest", ".pre-commit-hooks.yaml", cwd=ROOT)
    assert result.returncode == 0, result.stdout
    hooks = {hook["id"]: hook for hook in read_yaml(ROOT / ".pre-commit-hooks.yaml")}
    assert {name: hook["language"] for name, hook in hooks.items()} == {
        "cjdocs-validate": "python",
        "cjdocs-validate-system": "system",
    }
    for hook in hooks.values():
        assert hook["entry"] == "cjdocs validate"
        assert hook["pass_filenames"] is False  # references cross files: check the whole set
        assert hook["types"] == ["yaml"]  # .yaml and .yml alike


@pytest.mark.parametrize("origin", [PINNED, None], ids=["pinned", "unknown origin"])
def test_the_pre_commit_config_init_writes_is_valid(origin, tmp_path):
    (tmp_path / ".pre-commit-config.yaml").write_text(
        pinned_files(origin)[".pre-commit-config.yaml"], encoding="utf-8"
    )
    result = pre_commit("validate-config", ".pre-commit-config.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def _broken_project(scaffold: Path, folder: Path) -> Path:
    """The scaffold in a git repository, a misspelt touchpoint staged in its journey."""
    shutil.copytree(scaffold, folder)
    journey = folder / "journeys" / "first-order.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace("[reminder-mail]", "[reminder-mial]"),
        encoding="utf-8",
    )
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    return folder


# Without this test's virtual environment: the cjdocs of the hooks is not found by accident.
_BARE_PATH = "/usr/local/bin:/usr/bin:/bin"


def test_the_self_installing_hook_needs_no_cjdocs_on_path(scaffold, tmp_path):
    """pre-commit installs cjdocs from this repository (its working tree, as try-repo does)
    into an environment of its own, reaching PyPI for cjdocs' dependencies, and runs it."""
    project = _broken_project(scaffold, tmp_path / "project")
    assert shutil.which("cjdocs", path=_BARE_PATH) is None
    result = pre_commit(
        "try-repo", str(ROOT), "cjdocs-validate", "--all-files",
        cwd=project, env={"PATH": _BARE_PATH}, timeout=600,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Check customer journey definitions" in result.stdout
    assert (
        "journeys/first-order.yaml:36:19: error: step 4 ('gets-reminder'): no touchpoint "
        "'reminder-mial' (did you mean 'reminder-mail'?) [unknown-reference]"
    ) in result.stdout


def test_the_system_hook_runs_the_cjdocs_on_path(scaffold, tmp_path):
    project = _broken_project(scaffold, tmp_path / "project")
    arguments = ("try-repo", str(ROOT), "cjdocs-validate-system", "--all-files")
    venv_path = f"{Path(sys.executable).parent}{os.pathsep}{_BARE_PATH}"
    found = pre_commit(*arguments, cwd=project, env={"PATH": venv_path})
    assert found.returncode == 1
    assert "no touchpoint 'reminder-mial' (did you mean 'reminder-mail'?)" in found.stdout
    missing = pre_commit(*arguments, cwd=project, env={"PATH": _BARE_PATH})
    assert missing.returncode == 1
    assert "Executable `cjdocs` not found" in missing.stdout
    shutil.copyfile(
        scaffold / "journeys" / "first-order.yaml", project / "journeys" / "first-order.yaml"
    )
    _git(project, "add", "-A")
    fixed = pre_commit(*arguments, cwd=project, env={"PATH": venv_path})
    assert fixed.returncode == 0, fixed.stdout


# -- The editor ---------------------------------------------------------------------------------


def _glob(pattern: str) -> re.Pattern:
    """A VS Code glob: `**/` any folders (or none), `*` any name part, `{a,b}` either."""
    expression = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*", "[^/]*")
    expression = re.sub(
        r"\\\{(.*?)\\\}", lambda m: "(?:" + m.group(1).replace(",", "|") + ")", expression
    )
    return re.compile(expression)


def test_the_editor_checks_yaml_and_yml_files_against_the_schema(scaffold, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(scaffold, project)
    settings = json.loads((project / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ((schema_path, globs),) = settings["yaml.schemas"].items()
    schema = project / schema_path
    validator = jsonschema.Draft202012Validator(json.loads(schema.read_text(encoding="utf-8")))
    # A .yml file beside the scaffold's .yaml files, and one in a sub-folder, as SPEC allows.
    (project / "journeys" / "people").mkdir()
    personas = project / "journeys" / "people" / "personas.yml"
    personas.write_text(
        "kind: persona\nid: ben\nname: Ben\n---\nkind: persona\nid: eva\nnme: Eva\n",
        encoding="utf-8",
    )
    shutil.copyfile(project / "journeys" / "phases.yaml", project / "journeys" / "phases.yml")
    files = sorted((project / "journeys").rglob("*.y*ml"))
    assert len(files) == 7
    for path in files:
        name = path.relative_to(project).as_posix()
        assert any(_glob(pattern).fullmatch(name) for pattern in globs), name
    documents = load_text(personas.read_text(encoding="utf-8"), personas.name).documents
    assert [validator.is_valid(document.data) for document in documents] == [True, False]
    # The modeline the guide shows, for a file directly in journeys/, names the same schema.
    modeline = "../schemas/cjdocs.schema.json"
    assert (project / "journeys" / "phases.yml").parent.joinpath(
        modeline
    ).resolve() == schema.resolve()
    extensions = json.loads((scaffold / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert extensions == {"recommendations": ["redhat.vscode-yaml"]}


# -- The guide shows what init writes -----------------------------------------------------------


def _blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", path.read_text(encoding="utf-8"), re.M | re.S)


GUIDE = ROOT / "docs" / "guide" / "5-ci.md"
README = ROOT / "README.md"


def test_the_guide_shows_the_workflow_init_writes():
    template = WORKFLOW.read_text(encoding="utf-8")
    workflows = [block for block in _blocks(GUIDE, "yaml") if "\njobs:\n" in block]
    assert workflows == [template]
    # The README points to the guide and shows no workflow of its own to drift apart.
    assert "docs/guide/5-ci.md" in README.read_text(encoding="utf-8")
    assert [block for block in _blocks(README, "yaml") if "jobs:" in block] == []


def test_the_guide_shows_the_pins_init_writes():
    example = Origin(
        "https://github.com/your-org/cjdocs", "0123456789abcdef0123456789abcdef01234567", "v0.1.0"
    )
    files = pinned_files(example)
    blocks = _blocks(GUIDE, "yaml") + _blocks(GUIDE, "text")
    assert files[".pre-commit-config.yaml"] in blocks
    assert files["requirements.txt"] in blocks


def test_the_editor_set_up_shown_is_the_one_init_writes():
    settings = (TEMPLATES / "vscode" / "settings.json").read_text(encoding="utf-8")
    assert settings in _blocks(README, "json")
    assert settings in _blocks(GUIDE, "json")
    for path in (README, GUIDE):
        assert "# yaml-language-server: $schema=../schemas/cjdocs.schema.json" in path.read_text(
            encoding="utf-8"
        )
