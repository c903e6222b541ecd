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

from cjdocs.definitions.loader import load_text
from conftest import FIXTURES, assemble, run_cjdocs

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
        f"journeys/evil.yaml:1:1: error: this is a symbolic link to '{target}', outside "
        f"the project ('{os.path.realpath(site)}'); cjdocs reads only files inside the project, "
        "so put the file itself here instead of a link [yaml]\n"
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
    assert result.stdout.startswith("journeys/:1:1: error: this is a symbolic link to")
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
    assert "journeys/input.yaml:1:1: error: this is a symbolic link to '/" in stdout


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


def test_a_file_that_is_no_definition_is_not_quoted_past_its_first_line(site):
    (site / "journeys" / "notes.yaml").write_text(SECRET, encoding="utf-8")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert result.stdout == (
        "journeys/notes.yaml:1:1: error: this is text, but a definition is key: value pairs "
        "starting with 'kind:' and 'id:' [schema]\n"
    )


def test_a_link_leading_nowhere_is_named(site):
    (site / "journeys" / "gone.yaml").symlink_to("moved-away.yaml")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert (
        "journeys/gone.yaml:1:1: error: this is a symbolic link to "
        f"'{os.path.realpath(site)}/journeys/moved-away.yaml', which does not exist; "
        "fix the link or delete it [yaml]\n"
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
    assert "journeys/evil.yaml:1:1: error: this is a symbolic link to" in result.stderr
    assert "SECRET" not in _output(result)
    assert not (site / "site").exists()


# -- pipes, sockets, devices ----------------------------------------------------------------------


def test_a_named_pipe_is_a_finding_not_a_hang(site):
    os.mkfifo(site / "journeys" / "pipe.yaml")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert (
        "journeys/pipe.yaml:1:1: error: this file cannot be read: it is a named pipe "
        "(FIFO), and definitions are read from regular files only; remove it, or rename it so "
        "that its name does not end in .yaml or .yml [yaml]\n"
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
        "journeys/socket.yaml:1:1: error: this file cannot be read: it is a socket, "
    ) in result.stdout


def test_a_device_is_a_finding_and_is_not_opened(site):
    device = site / "journeys" / "zero.yaml"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # /dev/zero's numbers
    except (PermissionError, AttributeError):
        pytest.skip("making a device needs root (and a system that allows it here)")
    result = run_cjdocs("validate", cwd=site, timeout=60)
    assert result.returncode == 1
    assert "journeys/zero.yaml:1:1: error: this file cannot be read: it is a device" in (
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
        "journeys/locked/:1:1: error: this folder cannot be read (Permission denied), so "
        "the definitions in it were not checked; let the user who runs cjdocs read it, or move "
        "it out of the source folder [yaml]\n"
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


# -- numbers ----------------------------------------------------------------------------------------
# Every number below is tried in every place a definition holds one (and in a text field, and in
# a key of your own): validate gives each either no finding or `schema` findings at the number,
# never a traceback or a hang; and whatever validate accepts, build, export, render and diff
# handle. The property tests cover more than numbers.

NUMBERS = [
    "0",
    "2",
    "-2",
    "+1",
    "007",
    "0o17",
    "0x1F",
    "9007199254740991",
    "9007199254740992",
    "-9007199254740991",
    "1" * 40,
    "1" * 41,
    "0" * 60 + "1",
    "9" * 5000,
    "0x" + "f" * 40,
    "0x" + "f" * 5000,
    "!!int 12",
    "!!float 12",
    "!!int " + "1" * 41,
    "!!float " + "1" * 41,
    "!!int 0x" + "f" * 5000,
    "1.0",
    "18.000",
    "1.5",
    "1e3",
    "1.0e308",
    "1e999",
    "-1e999",
    "1" * 400 + ".5",
    ".nan",
    ".inf",
    "-.inf",
    "1e-999",
    "-0.0",
]
PLACES = ("emotion", "reach", "order", "x-note", "name")
DEFAULTS = {"emotion": "0", "reach": "10", "order": "{n}", "x-note": "plain", "name": "Step"}


def _variant(n: int, values: dict[str, str]) -> str:
    """A phase and a journey using it, with the given numbers in their places."""
    # (Default orders stand far from the numbers tried, so that no two phases share one.)
    value = {place: values.get(place, DEFAULTS[place]).format(n=n + 1000) for place in PLACES}
    return (
        f"kind: phase\nid: p{n}\nname: Phase {n}\norder: {value['order']}\n---\n"
        f"kind: journey\nid: j{n}\nname: Journey {n}\npersona: anna\nsteps:\n"
        f"  - id: s\n    name: {value['name']}\n    phase: p{n}\n"
        f"    emotion: {value['emotion']}\n    reach: {value['reach']}\n"
        f"    x-note: {value['x-note']}\n"
    )


# Where each place stands in a variant: (line, path in its document).
WHERE = {
    "order": (4, "order"),
    "name": (12, "steps[0].name"),
    "emotion": (14, "steps[0].emotion"),
    "reach": (15, "steps[0].reach"),
    "x-note": (16, "steps[0].x-note"),
}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[tuple[str, str], list]:
    """validate's findings for each (place, number), each in a project of its own."""
    from cjdocs.definitions.validation import validate

    results = {}
    for place in PLACES:
        for number in NUMBERS:
            folder = tmp_path_factory.mktemp("number")
            journeys = assemble(folder, FIXTURES / "base")
            (journeys / "variant.yaml").write_text(_variant(0, {place: number}), encoding="utf-8")
            # (A note of the journey rules, severity info, is no verdict on a number.)
            findings = validate([journeys], workers=1).findings
            results[place, number] = [f for f in findings if f.severity != "info"]
    return results


def test_every_number_validate_refuses_is_a_schema_finding_at_the_number(verdicts):
    for (place, number), findings in verdicts.items():
        line, path = WHERE[place]
        # (An order the base's phases have already is a duplicate-order finding, not a refusal.)
        for finding in (finding for finding in findings if finding.code != "duplicate-order"):
            assert finding.file.endswith("journeys/variant.yaml"), (place, number, finding)
            assert (finding.code, finding.line, finding.path) == ("schema", line, path), (
                place,
                number,
                finding,
            )
            assert len(finding.message) < 200


def test_validate_refuses_what_no_count_can_be(verdicts):
    refused = {key for key, findings in verdicts.items() if findings}
    for number in ("1" * 41, "9" * 5000, "0x" + "f" * 5000, "!!int " + "1" * 41, "1e999"):
        for place in PLACES:
            assert (place, number) in refused
    for number in (".nan", ".inf", "-.inf", "1.5", "9007199254740992", "1.0e308"):
        assert ("reach", number) in refused
        assert ("emotion", number) in refused
    assert ("order", "1" * 40) in refused
    assert ("reach", "9007199254740991") not in refused
    assert ("x-note", ".nan") not in refused


@pytest.mark.parametrize(
    ("place", "number", "message"),
    [
        (
            "reach",
            "1" * 41,
            "reach is a number of 41 digits, too large for cjdocs to work with; write a "
            "smaller number, or put it in quotes to keep it as text",
        ),
        ("reach", "!!float " + "1" * 41, "reach is a number of 41 digits, too large"),
        ("reach", "0x" + "f" * 5000, "reach is a number of 5,000 digits, too large"),
        ("name", "9" * 5000, "name is a number of 5,000 digits, too large"),
        ("x-note", "1e999", "x-note is the number '1e999', too large"),
        ("emotion", ".nan", "emotion must be a whole number, not the number nan"),
        ("order", "-.inf", "order must be a whole number, not the number -inf"),
        (
            "reach",
            "9007199254740992",
            "reach must be at most 9,007,199,254,740,991, the largest number cjdocs works "
            "with, not 9,007,199,254,740,992",
        ),
        ("reach", "1.0e308", "reach must be at most 9,007,199,254,740,991, the largest"),
    ],
    ids=[
        "41-digits",
        "float-tag-41-digits",
        "hex-5000-digits",
        "name-5000-digits",
        "past-float",
        "nan",
        "minus-infinity",
        "past-json",
        "float-past-json",
    ],
)
def test_a_number_out_of_reach_is_told_plainly(verdicts, place, number, message):
    (finding,) = verdicts[place, number]
    # (In a step, the message first names the step: "step 1 ('s'): reach is …".)
    assert finding.message.removeprefix("step 1 ('s'): ").startswith(message)


def _git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *arguments],
        cwd=folder,
        check=True,
        capture_output=True,
    )


def _strict_json(text: str):
    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def test_every_number_validate_accepts_builds_exports_renders_and_diffs(verdicts, site):
    accepted = [key for key, findings in verdicts.items() if not findings]
    # Two phases with one order are an error of their own (duplicate-order): of the numbers
    # accepted as an order, one per value goes into the one site.
    orders = set()
    for key in [key for key in accepted if key[0] == "order"]:
        value = load_text(f"order: {key[1]}\n", "o.yaml").documents[0].data["order"]
        if value in orders:
            accepted.remove(key)
        orders.add(value)
    assert len(accepted) > 20
    # Committed with plain numbers, then every accepted number in the working tree.
    for n, _ in enumerate(accepted):
        (site / "journeys" / f"variant-{n}.yaml").write_text(_variant(n, {}), encoding="utf-8")
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "plain numbers")
    for n, (place, number) in enumerate(accepted):
        (site / "journeys" / f"variant-{n}.yaml").write_text(
            _variant(n, {place: number}), encoding="utf-8"
        )

    validated = run_cjdocs("validate", "--format", "json", cwd=site, timeout=120)
    assert validated.returncode == 0, validated.stdout
    built = run_cjdocs("build", cwd=site, timeout=600)
    assert built.returncode == 0, built.stderr
    assert (site / "site" / "journeys" / "j0" / "index.html").is_file()
    exported = run_cjdocs("export", "--format", "json", cwd=site, timeout=300)
    assert exported.returncode == 0, exported.stderr
    _strict_json(exported.stdout)
    for output_format in ("markdown", "mermaid"):
        result = run_cjdocs(
            "export", "--format", output_format, "-o", f"out-{output_format}", cwd=site, timeout=300
        )
        assert result.returncode == 0, result.stderr
    largest = accepted.index(("reach", "9007199254740991"))
    rendered = run_cjdocs("render", f"j{largest}", cwd=site, timeout=120)
    assert rendered.returncode == 0, rendered.stderr
    for output_format in ("markdown", "json"):
        compared = run_cjdocs("diff", "HEAD", "--format", output_format, cwd=site, timeout=300)
        assert compared.returncode == 0, compared.stderr
    _strict_json(compared.stdout)
    assert "Traceback" not in built.stderr + exported.stderr + compared.stderr


def test_numbers_validate_refuses_fail_the_build_alike_and_still_diff(verdicts, site):
    refused = [key for key, findings in verdicts.items() if findings]
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "base")
    for n, (place, number) in enumerate(refused):
        (site / "journeys" / f"variant-{n}.yaml").write_text(
            _variant(n, {place: number}), encoding="utf-8"
        )
    validated = run_cjdocs("validate", cwd=site, timeout=120)
    assert validated.returncode == 1
    built = run_cjdocs("build", cwd=site, timeout=600)
    assert built.returncode == 1
    for line in validated.stdout.splitlines():
        assert line in built.stderr
    compared = run_cjdocs("diff", "HEAD", "--format", "json", cwd=site, timeout=300)
    assert compared.returncode == 0, compared.stderr
    _strict_json(compared.stdout)
    for output in (validated, built, compared):
        assert "Traceback" not in output.stdout + output.stderr
