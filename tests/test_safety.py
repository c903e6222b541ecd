"""No command deletes or replaces a file it did not create; every path a user gives is checked
before anything is written (issue 9, points 1-4, 16 and 19).

Each test drives the real `cjdocs` command on a real project (a git repository with pages,
definitions and a folder of the user's own), and compares every byte of the project before and
after a refusal. Tests run as root here, where permissions stop nothing: an unwritable place
is a path below a regular file, or one under /proc; a full disk is a file size limit
(RLIMIT_FSIZE, which makes writes fail as a full disk does).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, assemble, run_cjdocs

CONFIG = (
    "site_name: Safety\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - cjdocs\n"
)
NOTHING_CHANGED = "Nothing was changed"


def make_project(folder: Path) -> Path:
    """mkdocs.yml, docs/, journeys/ and notes/ (the user's own), committed to git."""
    folder.mkdir(parents=True, exist_ok=True)
    assemble(folder, FIXTURES / "base")
    (folder / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Our journeys\n", encoding="utf-8")
    (folder / "notes").mkdir()
    (folder / "notes" / "interview.txt").write_bytes(
        b"Anna, 12 May: \xe2\x80\x9cthe desk was slow\xe2\x80\x9d\n"
    )
    (folder / "afile").write_text("a file, where a folder would have to be\n", encoding="utf-8")
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"],
    ):
        subprocess.run(["git", *command], cwd=folder, check=True, capture_output=True)
    return folder


def snapshot(folder: Path) -> dict[str, object]:
    """Every entry under `folder`: a file's bytes, a symlink's target, a folder's presence."""
    found: dict[str, object] = {}
    for root, folders, names in os.walk(folder):
        for name in folders + names:
            path = Path(root, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = ("symlink", os.readlink(path))
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_bytes()
    return found


def cjdocs(*arguments: str, cwd: Path, file_size_limit: int | None = None):
    """The real command; with `file_size_limit`, writes past that many bytes fail (EFBIG)."""
    if file_size_limit is None:
        result = run_cjdocs(*arguments, cwd=cwd, timeout=600)
    else:
        # run_cjdocs has no way to set a limit in the child; this is the same command, limited.

        def limit() -> None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, not the process
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

        environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
        result = subprocess.run(
            [sys.executable, "-m", "cjdocs", *arguments],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=600,
            preexec_fn=limit,
        )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if ".cjdocs-" in path.name)


# -- 1. build -d ------------------------------------------------------------------------------

REFUSED_SITE_FOLDERS = [
    ("journeys", "it is the definitions folder (plugin option 'source')"),
    (".git", "it is a git folder (.git)"),
    (".", "it is the project folder (mkdocs.yml)"),
    ("docs", "it is the pages folder (docs_dir)"),
    ("notes", "it is not empty and was not written by cjdocs (it holds interview.txt)"),
    ("..", "it holds the project folder (mkdocs.yml)"),
    ("journeys/site", "it is inside the definitions folder (plugin option 'source')"),
]


@pytest.mark.parametrize(
    ("folder", "reason"), REFUSED_SITE_FOLDERS, ids=[f for f, _ in REFUSED_SITE_FOLDERS]
)
def test_build_refuses_a_site_folder_it_did_not_build(tmp_path, folder, reason):
    project = make_project(tmp_path / "project")
    before = snapshot(tmp_path)
    result = cjdocs("build", "-d", folder, cwd=project)
    assert result.returncode == 2, result.stderr
    assert (
        f"Error: cannot build the site into {folder}: {reason}. {NOTHING_CHANGED}." in result.stderr
    )
    assert "give another with -d" in result.stderr
    assert snapshot(tmp_path) == before


def test_build_replaces_only_a_site_it_or_mkdocs_built(tmp_path):
    project = make_project(tmp_path / "project")
    mkdocs = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert mkdocs.returncode == 0, mkdocs.stderr
    # A site plain MkDocs built (as cjdocs did before it marked its sites) is recognised ...
    result = cjdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / ".cjdocs-manifest.json").is_file()
    # ... and a site cjdocs built is replaced by the next build,
    assert cjdocs("build", cwd=project).returncode == 0
    # until it holds a file cjdocs did not write there.
    (project / "site" / "CNAME").write_text("journeys.example.com\n", encoding="utf-8")
    before = snapshot(tmp_path)
    refused = cjdocs("build", cwd=project)
    assert refused.returncode == 2
    assert (
        f"cannot build the site into {project / 'site'}: it holds files cjdocs did not write: CNAME."
        in refused.stderr
    )
    assert snapshot(tmp_path) == before


def test_build_says_where_the_site_goes_not_where_it_is_built(tmp_path):
    project = make_project(tmp_path / "project")
    result = cjdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert f"Building documentation to directory: {project / 'site'}\n" in result.stderr
    assert ".cjdocs-new" not in result.stderr


# -- 2. export -o, schema -o ------------------------------------------------------------------

REFUSED_EXPORT_FOLDERS = [
    ("markdown", ".", "it is the project folder (mkdocs.yml)"),
    ("markdown", "journeys", "it is the definitions folder"),
    ("markdown", "docs", "it is not empty and was not written by cjdocs (it holds index.md)"),
    ("mermaid", ".", "it is the project folder (mkdocs.yml)"),
    ("mermaid", "journeys", "it is the definitions folder"),
    ("mermaid", "docs", "it is not empty and was not written by cjdocs (it holds index.md)"),
    ("mermaid", ".git", "it is a git folder (.git)"),
]


@pytest.mark.parametrize(
    ("output_format", "folder", "reason"),
    REFUSED_EXPORT_FOLDERS,
    ids=[f"{f}-{o}" for f, o, _ in REFUSED_EXPORT_FOLDERS],
)
def test_export_refuses_a_folder_it_did_not_write(tmp_path, output_format, folder, reason):
    project = make_project(tmp_path / "project")
    before = snapshot(tmp_path)
    result = cjdocs("export", "--format", output_format, "-o", folder, cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"Error: cannot export into {folder}: {reason}. {NOTHING_CHANGED}." in result.stderr
    assert snapshot(tmp_path) == before


def test_export_replaces_its_own_folder_and_nothing_else(tmp_path):
    project = make_project(tmp_path / "project")
    first = cjdocs("export", "--format", "mermaid", "-o", "mermaid", cwd=project)
    assert first.returncode == 0, first.stderr
    assert sorted(path.name for path in (project / "mermaid").iterdir()) == [
        ".cjdocs-manifest.json",
        "first-purchase.mmd",
    ]
    journey = project / "journeys" / "journey.yaml"
    journey.write_text(
        journey.read_text(encoding="utf-8").replace("id: first-purchase", "id: first-order"),
        encoding="utf-8",
    )
    again = cjdocs("export", "--format", "mermaid", "-o", "mermaid", cwd=project)
    assert again.returncode == 0, again.stderr
    # The diagram of the renamed journey went: cjdocs wrote it.
    assert sorted(path.name for path in (project / "mermaid").iterdir()) == [
        ".cjdocs-manifest.json",
        "first-order.mmd",
    ]
    (project / "mermaid" / "my-edit.mmd").write_text("journey\n", encoding="utf-8")
    before = snapshot(tmp_path)
    refused = cjdocs("export", "--format", "mermaid", "-o", "mermaid", cwd=project)
    assert refused.returncode == 2
    assert (
        "cannot export into mermaid: it holds files cjdocs did not write: my-edit.mmd."
        in refused.stderr
    )
    assert snapshot(tmp_path) == before


def test_schema_never_overwrites_a_file_it_did_not_write(tmp_path):
    project = make_project(tmp_path / "project")
    (project / "schemas").mkdir()
    (project / "schemas" / "persona.schema.json").write_text(
        '{"title": "Our persona rules"}\n', encoding="utf-8"
    )
    (project / "schemas" / "notes.json").write_text("{}\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = cjdocs("schema", cwd=project)
    assert result.returncode == 2
    assert (
        "Error: persona.schema.json in schemas is not a schema cjdocs wrote, and would be "
        "overwritten; nothing was written." in result.stderr
    )
    assert snapshot(tmp_path) == before
    # A schema an earlier cjdocs wrote is brought up to date; other files stay as they are.
    (project / "schemas" / "persona.schema.json").write_text(
        '{"title": "cjdocs persona"}\n', encoding="utf-8"
    )
    updated = cjdocs("schema", cwd=project)
    assert updated.returncode == 0, updated.stderr
    assert '"required"' in (project / "schemas" / "persona.schema.json").read_text(encoding="utf-8")
    assert (project / "schemas" / "notes.json").read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize(
    ("arguments", "victim"),
    [
        (("export", "--format", "json", "-o"), "mkdocs.yml"),
        (("render", "first-purchase", "-o"), "docs/index.md"),
        (("render", "first-purchase", "--format", "dot", "-o"), "journeys/journey.yaml"),
    ],
    ids=["export-json", "render-svg", "render-dot"],
)
def test_an_output_file_replaces_only_output_of_its_kind(tmp_path, arguments, victim):
    project = make_project(tmp_path / "project")
    before = snapshot(tmp_path)
    result = cjdocs(*arguments, victim, cwd=project)
    assert result.returncode == 2, result.stderr
    assert (
        f"Error: cannot write {victim}: the file exists and does not hold this kind of cjdocs "
        "output; nothing was written." in result.stderr
    )
    assert snapshot(tmp_path) == before
    # Written again, the same output replaces its earlier self.
    for _ in range(2):
        assert cjdocs(*arguments, "out", cwd=project).returncode == 0


# -- 3. a symlinked site folder, a killed build -----------------------------------------------


def test_a_symlinked_site_folder_stays_a_symlink(tmp_path):
    project = make_project(tmp_path / "project")
    published = tmp_path / "published"
    published.mkdir()
    (project / "site").symlink_to(published / "current")
    for _ in range(2):
        result = cjdocs("build", cwd=project)
        assert result.returncode == 0, result.stderr
        assert (project / "site").is_symlink()
        assert os.readlink(project / "site") == str(published / "current")
        assert (published / "current" / "journeys" / "first-purchase" / "index.html").is_file()
        assert leftovers(project) == [] and leftovers(published) == []


def test_a_killed_build_leaves_the_site_and_the_next_build_cleans_up(tmp_path):
    project = make_project(tmp_path / "project")
    assert cjdocs("build", cwd=project).returncode == 0
    site = snapshot(project / "site")
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    build = subprocess.Popen(
        [sys.executable, "-m", "cjdocs", "build"],
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    fresh = project / f".site.cjdocs-new-{build.pid}"
    deadline = time.monotonic() + 120
    while not (fresh.is_dir() and any(fresh.iterdir())) and build.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.005)
    build.send_signal(signal.SIGKILL)  # while MkDocs writes the new site
    build.wait()
    assert build.returncode == -signal.SIGKILL
    assert snapshot(project / "site") == site
    assert leftovers(project) == [fresh.name]
    # A build running now (this test's own process stands for it) keeps its folder;
    # folders of other names are no leftovers of this site.
    running = project / f".site.cjdocs-new-{os.getpid()}"
    running.mkdir()
    other = project / f".sites.cjdocs-new-{dead_pid()}"
    other.mkdir()
    result = cjdocs("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == sorted([running.name, other.name])


def test_a_build_killed_while_swapping_gets_the_previous_site_back(tmp_path):
    project = make_project(tmp_path / "project")
    assert cjdocs("build", cwd=project).returncode == 0
    site = snapshot(project / "site")
    # Killed between its two renames: the site is away as `-old-`, the new one not yet in.
    (project / "site").rename(project / f".site.cjdocs-old-{dead_pid()}")
    (project / "journeys" / "broken.yaml").write_text("kind: persona\nid: x\n", encoding="utf-8")
    result = cjdocs("build", cwd=project)
    assert result.returncode == 1
    assert "the previous site was left as it was" in result.stderr
    assert snapshot(project / "site") == site
    assert leftovers(project) == []


# -- 4. init ----------------------------------------------------------------------------------


def test_init_checks_everything_before_it_writes(tmp_path):
    (tmp_path / "new" / "docs").mkdir(parents=True)
    (tmp_path / "new" / "docs" / "index.md").mkdir()  # a folder where the scaffold puts a file
    (tmp_path / "afile").write_text("not a folder\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for folder, message in (
        ("new", "cannot start a repository in new: new/docs/index.md is a folder, not a file"),
        ("afile/new", "cannot start a repository in afile/new: afile is a file, not a folder"),
    ):
        for force in ((), ("--force",)):
            result = cjdocs("init", folder, *force, cwd=tmp_path)
            assert result.returncode == 2
            assert f"Error: {message}; nothing was written" in result.stderr
            assert snapshot(tmp_path) == before


def test_a_failed_init_leaves_nothing_behind(tmp_path):
    result = cjdocs("init", "new", cwd=tmp_path, file_size_limit=1024)
    assert result.returncode == 2
    assert "Error: cannot write new: File too large; nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []
    # With --force, the files it would have replaced keep their content.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    (tmp_path / "mine" / "plan.txt").write_text("ours\n", encoding="utf-8")
    before = snapshot(tmp_path)
    forced = cjdocs("init", "mine", "--force", cwd=tmp_path, file_size_limit=1024)
    assert forced.returncode == 2
    assert snapshot(tmp_path) == before


def test_init_force_replaces_only_the_scaffolds_own_files(tmp_path):
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "ours.yaml").write_text("kind: channel\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    result = cjdocs("init", "--force", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "cjdocs" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert (tmp_path / "journeys" / "ours.yaml").read_text(encoding="utf-8") == "kind: channel\n"


# -- 16. unwritable output paths --------------------------------------------------------------

UNWRITABLE = [
    (("init", "{path}"), "cannot start a repository in afile/x: afile is a file, not a folder"),
    (
        ("schema", "-o", "{path}"),
        "cannot write the schemas into afile/x: afile is a file, not a folder",
    ),
    (
        ("build", "-d", "{path}"),
        "cannot build the site into afile/x: afile is a file, not a folder",
    ),
    (
        ("export", "--format", "mermaid", "-o", "{path}"),
        "cannot export into afile/x: afile is a file, not a folder",
    ),
    (
        ("export", "--format", "json", "-o", "{path}"),
        "cannot write afile/x: afile is a file, not a folder",
    ),
    (
        ("render", "first-purchase", "--format", "dot", "-o", "{path}"),
        "cannot write afile/x: afile is a file, not a folder",
    ),
]


UNWRITABLE_IDS = ["init", "schema", "build", "export-mermaid", "export-json", "render"]


@pytest.mark.parametrize(("arguments", "message"), UNWRITABLE, ids=UNWRITABLE_IDS)
def test_a_path_below_a_file_is_refused_with_its_name(tmp_path, arguments, message):
    project = make_project(tmp_path / "project")
    before = snapshot(tmp_path)
    result = cjdocs(*(argument.format(path="afile/x") for argument in arguments), cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"Error: {message}" in result.stderr
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize(("arguments", "message"), UNWRITABLE, ids=UNWRITABLE_IDS)
def test_a_folder_that_cannot_be_written_is_named(tmp_path, arguments, message):
    # /proc takes no new files or folders, not even from root.
    project = make_project(tmp_path / "project")
    before = snapshot(tmp_path)
    result = cjdocs(
        *(argument.format(path="/proc/cjdocs-out") for argument in arguments), cwd=project
    )
    assert result.returncode == 2, result.stderr
    assert "Error: cannot write /proc/cjdocs-out: " in result.stderr
    assert snapshot(tmp_path) == before


def test_a_full_disk_during_a_build_keeps_the_previous_site(tmp_path):
    project = make_project(tmp_path / "project")
    assert cjdocs("build", cwd=project).returncode == 0
    site = snapshot(project / "site")
    result = cjdocs("build", cwd=project, file_size_limit=64 * 1024)
    assert result.returncode == 2, result.stderr
    assert (
        f"Error: cannot write {project / 'site'}: File too large. The previous site was left as it was"
        in result.stderr
    )
    assert snapshot(project / "site") == site
    assert leftovers(project) == []


# -- 19. an invalid mkdocs.yml ----------------------------------------------------------------

INVALID_CONFIGS = [
    (
        "theme:\n  name: material\n",
        "theme:\n  name: materiel\n",
        (),
        "Unrecognised theme name: 'materiel'",
    ),
    (
        "  - cjdocs\n",
        "  - cjdocs:\n      nav_limit: many\n",
        (),
        "Plugin 'cjdocs' option 'nav_limit'",
    ),
    (
        "plugins:",
        "colour: blue\nplugins:",
        ("--strict",),
        "Unrecognised configuration name: colour",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "options", "message"),
    INVALID_CONFIGS,
    ids=["theme", "plugin-option", "strict-key"],
)
def test_an_invalid_mkdocs_yml_exits_2_with_mkdocs_message(tmp_path, old, new, options, message):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    before = snapshot(tmp_path)
    result = cjdocs("build", *options, cwd=project)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Error: mkdocs.yml: Aborted with" in result.stderr
    assert snapshot(tmp_path) == before


def test_serve_with_an_invalid_mkdocs_yml_exits_2(tmp_path):
    project = make_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("name: material", "name: materiel"),
        encoding="utf-8",
    )
    result = cjdocs("serve", "-a", "127.0.0.1:0", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Unrecognised theme name: 'materiel'" in result.stderr
