"""The MkDocs plugin checks the definitions on every real `mkdocs build`."""

from __future__ import annotations

import subprocess
import sys

from conftest import FIXTURES, assemble

CONFIG = "site_name: Test\ntheme:\n  name: material\nplugins:\n  - search\n  - cjdocs\n"


def build(folder):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_site(tmp_path, *cases):
    assemble(tmp_path, FIXTURES / "base", *cases)
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hello\n", encoding="utf-8")
    return tmp_path


def test_a_clean_set_builds(tmp_path):
    result = build(make_site(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


def test_errors_fail_the_build_with_the_validate_messages(tmp_path):
    result = build(make_site(tmp_path, FIXTURES / "invalid" / "out-of-range"))
    assert result.returncode == 1
    assert (
        "journeys/journey.yaml:10:14: error: step 1 ('reads-newsletter'): emotion must be "
        "between -2 and 2, not 3 [schema]" in result.stderr
    )
    assert "cjdocs: 2 errors in the definitions:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_german_site_fails_its_build_in_german(tmp_path):
    site = make_site(tmp_path, FIXTURES / "invalid" / "out-of-range")
    (site / "mkdocs.yml").write_text(
        CONFIG.replace("  name: material\n", "  name: material\n  language: de\n"),
        encoding="utf-8",
    )
    result = build(site)
    assert result.returncode == 1
    assert "cjdocs: 2 Fehler in den Definitionen:" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_source_folder_is_a_clear_error(tmp_path):
    site = make_site(tmp_path)
    (site / "mkdocs.yml").write_text(
        CONFIG.replace("  - cjdocs\n", "  - cjdocs:\n      source: nowhere\n"), encoding="utf-8"
    )
    result = build(site)
    assert result.returncode == 1
    assert "the source folder" in result.stderr and "nowhere" in result.stderr
