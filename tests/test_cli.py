"""`cjdocs validate` as editors and CI run it: formats, exit statuses, defaults."""

from __future__ import annotations

import json

from conftest import EXAMPLE, FIXTURES, ROOT, assemble, run_cjdocs


def make_project(tmp_path, *cases):
    assemble(tmp_path, FIXTURES / "base", *cases)
    return tmp_path


def test_the_example_validates_with_no_finding():
    result = run_cjdocs("validate", str(EXAMPLE), cwd=ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_without_a_path_the_plugins_source_folder_is_checked(tmp_path):
    make_project(tmp_path / "defs", FIXTURES / "invalid" / "out-of-range")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nplugins:\n  - search\n  - cjdocs:\n      source: defs/journeys\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    result = run_cjdocs("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "defs/journeys/journey.yaml:10:14: error: step 1 ('reads-newsletter'): emotion must be "
        "between -2 and 2, not 3 [schema]\n"
    )


def test_without_a_path_or_config_journeys_is_checked(tmp_path):
    make_project(tmp_path)
    result = run_cjdocs("validate", cwd=tmp_path)
    assert result.returncode == 0
    assert "8 definitions in 2 files" in result.stderr


def test_json_format_lists_every_field(tmp_path):
    make_project(tmp_path, FIXTURES / "invalid" / "unknown-references")
    result = run_cjdocs("validate", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert findings[0] == {
        "file": "journeys/journey.yaml",
        "line": 4,
        "column": 10,
        "severity": "error",
        "code": "unknown-reference",
        "path": "persona",
        "message": "no persona 'ana' (did you mean 'anna'?)",
    }
    assert {finding["code"] for finding in findings} == {
        "unknown-reference",
        "unused",
    }


def test_github_format_is_the_default_in_github_actions(tmp_path):
    make_project(tmp_path / "a", FIXTURES / "invalid" / "missing-key")
    make_project(tmp_path / "b", FIXTURES / "invalid" / "unused")
    errors = run_cjdocs("validate", cwd=tmp_path / "a", env={"GITHUB_ACTIONS": "true"})
    warnings = run_cjdocs("validate", cwd=tmp_path / "b", env={"GITHUB_ACTIONS": "true"})
    # The title is the stable code; the message is the one the text format prints.
    assert errors.stdout.splitlines()[1] == (
        "::error file=journeys/journey.yaml,line=9,col=5,title=schema::step 2 ('kauf') has no "
        "phase (the id of the phase this step belongs to)"
    )
    assert errors.returncode == 1
    assert warnings.stdout.splitlines()[-1] == (
        "::warning file=journeys/more.yaml,line=16,col=5,title=unused::no step of any journey "
        "uses touchpoint 'radio-spot'"
    )
    assert warnings.returncode == 0


def test_github_format_escapes_what_would_break_a_workflow_command(tmp_path):
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    (journeys / "a,b:c.yaml").write_text("kind: persona\nid: 'x:y%'\nname: N\n", encoding="utf-8")
    result = run_cjdocs("validate", "--format", "github", cwd=tmp_path)
    (line,) = result.stdout.splitlines()
    # Properties escape `,` and `:`; the message escapes `%` (GitHub's workflow command rules).
    assert line == (
        "::error file=journeys/a%2Cb%3Ac.yaml,line=2,col=5,title=schema::'x:y%25' is not a valid "
        "id (only a-z, 0-9 and hyphens): write x-y"
    )


def test_warnings_pass_unless_strict(tmp_path):
    make_project(tmp_path, FIXTURES / "invalid" / "unused")
    relaxed = run_cjdocs("validate", cwd=tmp_path)
    strict = run_cjdocs("validate", "--strict", cwd=tmp_path)
    assert relaxed.returncode == 0
    assert strict.returncode == 1
    assert relaxed.stdout == strict.stdout
    assert "4 warnings" in strict.stderr and "--strict" in strict.stderr


def test_a_missing_folder_exits_2_with_a_plain_message(tmp_path):
    result = run_cjdocs("validate", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_exit_2(tmp_path):
    result = run_cjdocs("validate", "--format", "xml", cwd=tmp_path)
    assert result.returncode == 2
    assert "'xml' is not one of" in result.stderr


def test_an_empty_folder_fails_as_a_wrong_path_would(tmp_path):
    (tmp_path / "journeys").mkdir()
    result = run_cjdocs("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no definition files (*.yaml, *.yml) under journeys" in result.stderr


def test_validate_imports_neither_mkdocs_nor_graphviz(tmp_path):
    make_project(tmp_path)
    script = (
        "import sys\n"
        "from cjdocs.workflow.cli import main\n"
        "try:\n    main(['validate'])\nexcept SystemExit as exit:\n    code = exit.code\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] in ('mkdocs', 'material', 'graphviz'))\n"
        "print(code, loaded)\n"
    )
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.stdout.strip() == "0 []"
