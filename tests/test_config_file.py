"""cjdocs reads the plugin's options from mkdocs.yml as MkDocs itself does (without importing
MkDocs, so that `cjdocs validate` starts fast): every way of writing it, checked against
MkDocs' own loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config

from cjdocs.workflow.config_file import configured_language, configured_source
from conftest import run_cjdocs

BASE = "site_name: Test\ntheme:\n  name: material\n  language: de\n"
CASES = {
    "a list of names": "plugins:\n  - search\n  - cjdocs\n",
    "a list with options": "plugins:\n  - search\n  - cjdocs:\n      source: defs\n      language: en\n",
    "a mapping": "plugins:\n  search: {}\n  cjdocs:\n    source: defs\n",
    "a mapping without options": "plugins:\n  search:\n  cjdocs:\n",
    "environment tags": "plugins:\n  - cjdocs:\n      source: !ENV [CJDOCS_NEVER_SET_HERE, defs]\n",
}


def _write(folder: Path, text: str) -> Path:
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "defs").mkdir(exist_ok=True)
    (folder / "journeys").mkdir(exist_ok=True)
    path = folder / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("plugins", CASES.values(), ids=CASES.keys())
def test_source_and_language_are_read_as_mkdocs_reads_them(tmp_path, plugins):
    path = _write(tmp_path, BASE + plugins)
    mkdocs = load_config(str(path))
    plugin = mkdocs.plugins["cjdocs"]
    assert Path(configured_source(str(path), "journeys")).resolve() == Path(plugin.config.source)
    expected = plugin.config.language or mkdocs.theme["language"]
    assert configured_language(str(path)) == expected


def test_an_inherited_configuration_is_merged_under_the_site_own(tmp_path):
    (tmp_path / "base.yml").write_text(
        BASE + "plugins:\n  - cjdocs:\n      source: defs\n", encoding="utf-8"
    )
    path = _write(tmp_path, "INHERIT: base.yml\nsite_name: Child\n")
    plugin = load_config(str(path)).plugins["cjdocs"]
    assert Path(configured_source(str(path), "journeys")).resolve() == Path(plugin.config.source)
    assert configured_language(str(path)) == "de"


def test_a_file_that_inherits_from_itself_is_no_hang(tmp_path):
    path = _write(tmp_path, "INHERIT: mkdocs.yml\n" + BASE + "plugins:\n  - cjdocs\n")
    assert configured_source(str(path), "journeys").endswith("journeys")


def test_validate_finds_the_definitions_of_a_mapping_of_plugins(tmp_path):
    _write(tmp_path, BASE + CASES["a mapping"])
    (tmp_path / "defs" / "broken.yaml").write_text("kind: persona\nid: Ben\n", encoding="utf-8")
    result = run_cjdocs("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "defs/broken.yaml:2:5" in result.stdout
