"""What stands where a definition file is expected: links leading out of the project, pipes,
sockets and devices, folders that cannot be read, and very many small definitions in one file.
Each gets a finding naming it, never a hang, a silent skip or a quote of someone else's file."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cjdocs

MKDOCS_YML = "site_name: Journeys\ntheme:\n  name: material\nplugins:\n  - cjdocs\n"
SECRET = "root:x:0:0:TOPSECRET-7f3a:/root:/bin/bash\ndaemon:x:1:1:ALSOSECRET:/usr/sbin\n"


@pytest.fixture
def site(project):
    """The base definitions in a project with a mkdocs.yml: the project root is its folder."""
    root = project()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Journeys\n", encoding="utf-8")
    return root


@pytest.fixture
def elsewhere(tmp_path_factory) -> Path:
    """A folder outside the project, holding a file that is not the project's business."""
    folder = tmp_path_factory.mktemp("elsewhere")
    (folder / "passwd").write_text(SECRET, encoding="utf-8")
    (folder / "journey.yaml").write_text(
        "kind: persona\nid: outsider\nname: TOPSECRET-7f3a\n", encoding="utf-8"
    )
    return folder


def _output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


# -- links ----------------------------------------------------------------------------------------


def test_a_file_linking_out_of_the_project_is_refused_unread(site, elsewhere):
    (site / "journeys" / "evil.yaml").symlink_to(elsewhere / "passwd")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    target = os.path.realpath(elsewhere / "passwd")
    assert (
        f"journeys/evil.yaml:1:1: error[yaml]: this is a symbolic link to '{target}', outside "
        f"the project ('{os.path.realpath(site)}'); cjdocs reads only files inside the project, "
        "so put the file itself here instead of a link\n"
    ) in result.stdout
    assert "SECRET" not in _output(result)
    assert "root:x" not in _output(result)


def test_a_folder_linking_out_of_the_project_is_refused_unread(site, elsewhere):
    (site / "journeys" / "shared").symlink_to(elsewhere, target_is_directory=True)
    result = run_cjdocs("validate", "--format", "json", cwd=site, timeout=60)
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)
    assert finding["file"] == "journeys/shared/"
    assert finding["code"] == "yaml"
    assert finding["message"].startswith(
        f"this is a symbolic link to '{os.path.realpath(elsewhere)}', outside the project"
    )
    assert "put the folder itself here" in finding["message"]
    assert "SECRET" not in _output(result)
    assert "outsider" not in _output(result)


def test_a_source_folder_that_is_a_link_out_of_the_project_is_refused(site, elsewhere):
    shutil.rmtree(site / "journeys")
    (site / "journeys").symlink_to(elsewhere, target_is_directory=True)
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert result.stdout.startswith("journeys/:1:1: error[yaml]: this is a symbolic link to")
    assert "SECRET" not in _output(result)


def test_a_link_to_the_terminal_input_is_refused_without_waiting_for_it(site):
    (site / "journeys" / "input.yaml").symlink_to("/dev/stdin")
    # The command's input stays open and empty: reading it would wait for ever.
    process = subprocess.Popen(
        [sys.executable, "-m", "cjdocs", "validate"],
        cwd=site,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert process.returncode == 1
    assert "journeys/input.yaml:1:1: error[yaml]: this is a symbolic link to '/" in stdout


def test_links_inside_the_project_are_followed_and_each_folder_read_once(site):
    shared = site / "shared"
    shared.mkdir()
    (shared / "second.yaml").write_text(
        (site / "journeys" / "journey.yaml")
        .read_text(encoding="utf-8")
        .replace("first-purchase", "second-purchase"),
        encoding="utf-8",
    )
    (site / "journeys" / "shared").symlink_to("../shared", target_is_directory=True)
    (site / "journeys" / "again").symlink_to(".", target_is_directory=True)  # a loop
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    # The base's 8 definitions and the journey through the link, each once.
    assert result.stderr == "9 definitions in 3 files: 0 errors, 0 warnings\n"


def test_a_link_leading_nowhere_is_named(site):
    (site / "journeys" / "gone.yaml").symlink_to("moved-away.yaml")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert (
        "journeys/gone.yaml:1:1: error[yaml]: this is a symbolic link to "
        f"'{os.path.realpath(site)}/journeys/moved-away.yaml', which does not exist; "
        "fix the link or delete it\n"
    ) in result.stdout


def test_without_mkdocs_yml_the_folder_given_is_the_project(tmp_path, elsewhere):
    folder = tmp_path / "loose"
    folder.mkdir()
    (folder / "evil.yaml").symlink_to(elsewhere / "journey.yaml")
    result = run_cjdocs("validate", str(folder), cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert f"outside the project ('{os.path.realpath(folder)}')" in result.stdout
    assert "outsider" not in _output(result)


def test_the_build_refuses_a_link_out_of_the_project_too(site, elsewhere):
    (site / "journeys" / "evil.yaml").symlink_to(elsewhere / "passwd")
    result = run_cjdocs("build", cwd=site, timeout=300)
    assert result.returncode == 1
    assert "journeys/evil.yaml:1:1: error[yaml]: this is a symbolic link to" in result.stderr
    assert "SECRET" not in _output(result)
    assert not (site / "site").exists()


# -- pipes, sockets, devices ----------------------------------------------------------------------


def test_a_named_pipe_is_a_finding_not_a_hang(site):
    os.mkfifo(site / "journeys" / "pipe.yaml")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert (
        "journeys/pipe.yaml:1:1: error[yaml]: this file cannot be read: it is a named pipe "
        "(FIFO), and definitions are read from regular files only; remove it, or rename it so "
        "that its name does not end in .yaml or .yml\n"
    ) in result.stdout


def test_a_socket_is_a_finding(site):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        # Relative to the project (the working folder): unix socket paths are short.
        listener.bind("journeys/socket.yaml")
        listener.listen(1)
        result = run_cjdocs("validate", cwd=site, timeout=60)
    finally:
        listener.close()
    assert result.returncode == 1
    assert (
        "journeys/socket.yaml:1:1: error[yaml]: this file cannot be read: it is a socket, "
    ) in result.stdout


def test_a_device_is_a_finding_and_is_not_opened(site):
    device = site / "journeys" / "zero.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero's numbers
    except (PermissionError, AttributeError):
        pytest.skip("making a device needs root (and a system that allows it here)")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert "journeys/zero.yaml:1:1: error[yaml]: this file cannot be read: it is a device" in (
        result.stdout
    )


# -- folders that cannot be read ------------------------------------------------------------------


def _without_read_override() -> list[str]:
    """A command prefix under which a folder of mode 000 really cannot be read.

    Root reads it anyway, through the capabilities CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH;
    setpriv drops them for the command it runs (the user stays root, so the project's files,
    owned by root, stay readable)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and without setpriv nothing here is unreadable to root")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_a_folder_that_cannot_be_read_is_a_finding(site):
    locked = site / "journeys" / "locked"
    locked.mkdir()
    (locked / "more.yaml").write_text("kind: persona\nid: ben\nname: Ben\n", encoding="utf-8")
    locked.chmod(0)
    try:
        prefix = _without_read_override()
        probe = subprocess.run([*prefix, "ls", str(locked)], capture_output=True, timeout=30)
        if probe.returncode == 0:
            pytest.skip("this system lets the test read a folder of mode 000")
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "cjdocs", "validate"],
            cwd=site,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        locked.chmod(0o755)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "journeys/locked/:1:1: error[yaml]: this folder cannot be read (Permission denied), so "
        "the definitions in it were not checked; let the user who runs cjdocs read it, or move "
        "it out of the source folder\n"
    )


# -- many definitions in one file -----------------------------------------------------------------


def test_tens_of_thousands_of_small_definitions_are_no_alias_bomb(site):
    # Each with lists: the alias counter once took the reused identity of a freed list for an
    # alias, and refused such a file as an alias bomb after some 27,000 definitions.
    (site / "journeys" / "many.yaml").write_text(
        "".join(
            f"---\nkind: journey\nid: j{n}\nname: Journey {n}\npersona: anna\ntags: [a, b]\n"
            "steps:\n  - id: s\n    name: S\n    phase: awareness\n"
            "    touchpoints: [newsletter, checkout-desk]\n"
            for n in range(40_000)
        ),
        encoding="utf-8",
    )
    result = run_cjdocs("validate", cwd=site, timeout=300)
    assert result.returncode == 0, result.stdout[:2000]
    assert result.stdout == ""
    assert result.stderr == "40,008 definitions in 3 files: 0 errors, 0 warnings\n"
