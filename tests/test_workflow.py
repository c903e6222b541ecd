"""The pull-request loop: schemas for editors, `init` refusing to overwrite, exports.

(What `init` writes, and the hook, are in test_scaffold_workflow.py.)
"""

from __future__ import annotations

import json
import re
import shutil

import jsonschema
import pytest
import yaml

from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import load_file
from cjdocs.definitions.schema import check_document
from conftest import EXAMPLE, FIXTURES, assemble, run_cjdocs


@pytest.fixture(scope="module")
def schemas(tmp_path_factory):
    folder = tmp_path_factory.mktemp("schemas")
    result = run_cjdocs("schema", "-o", str(folder), cwd=folder)
    assert result.returncode == 0, result.stderr
    return {
        path.name: json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")
    }


def test_schema_writes_one_per_kind_and_a_combined_one(schemas):
    assert sorted(schemas) == sorted(
        [f"{kind}.schema.json" for kind in KINDS] + ["cjdocs.schema.json"]
    )
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)


def test_the_combined_schema_accepts_the_example():
    from cjdocs.workflow.schema_export import combined_schema

    validator = jsonschema.Draft202012Validator(combined_schema())
    documents = [
        document
        for path in sorted(EXAMPLE.rglob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text(encoding="utf-8"))
    ]
    assert len(documents) == 77
    assert [list(validator.iter_errors(document)) for document in documents] == [[]] * 77


INVALID = sorted(path for path in (FIXTURES / "invalid").iterdir() if path.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=[case.name for case in INVALID])
def test_the_exported_schema_rejects_what_validate_rejects(case, schemas):
    """Document by document, the combined schema and validate's schema check agree.

    One check is beyond JSON Schema, whose numbers have no notation: `reach: 18.000` is 18
    to a schema, and an error to validate (see schema_check._written_with_a_point).
    """
    validator = jsonschema.Draft202012Validator(schemas["cjdocs.schema.json"])
    for path in sorted(case.glob("*.yaml")):
        for document in load_file(str(path)).documents:
            findings = [
                f for f in check_document(document) if "written without a point" not in f.message
            ]
            rejected_by_validate = bool(findings)
            rejected_by_schema = not validator.is_valid(document.data)
            assert rejected_by_schema == rejected_by_validate, (path, document.data)


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    result = run_cjdocs("init", cwd=tmp_path)
    assert result.returncode == 2
    assert "mkdocs.yml already exist" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    forced = run_cjdocs("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert "cjdocs" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")


def test_export_json_is_the_resolved_model(tmp_path):
    assemble(tmp_path, FIXTURES / "base")
    result = run_cjdocs("export", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    assert [phase["id"] for phase in model["phases"]] == ["awareness", "purchase"]
    (journey,) = model["journeys"]
    assert journey["persona"] == "anna"
    assert journey["steps"][0]["ways"] == [{"to": "pays", "if": None}]
    assert journey["steps"][1]["ends"] is True
    assert journey["source"] == {"file": "journeys/journey.yaml", "line": 2, "column": 5}


# Mermaid's documented journey grammar: a `journey` line, an optional title, sections, and
# tasks written `name: score: actor, actor` with a score from 1 to 5.
_MERMAID_LINE = re.compile(
    r"(journey|    title [^\n:;#]+|    section [^\n:;#]+|      [^\n:;#]+: [1-5]: [^\n:;#]+(, [^\n:;#]+)*)"
)


def test_export_mermaid_follows_the_journey_grammar(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "journeys")
    from hostile import write_hostile

    write_hostile(tmp_path / "journeys" / "hostile")
    result = run_cjdocs("export", "--format", "mermaid", "-o", "mermaid", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = sorted((tmp_path / "mermaid").glob("*.mmd"))
    assert [path.stem for path in files] == [
        "hostile",
        "laptop-omnichannel-purchase",
        "laptop-purchase-future",
        "mug-shop-first-order",
        "voltwerk-win-back",
    ]
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "journey"
        for line in lines:
            assert _MERMAID_LINE.fullmatch(line), (path.name, line)
    mug = (
        (tmp_path / "mermaid" / "mug-shop-first-order.mmd").read_text(encoding="utf-8").splitlines()
    )
    assert mug[1] == "    title First order in the mug shop"
    assert mug[2] == "    section Awareness"
    assert mug[3].endswith(": 4: Sabine Krüger")  # emotion +1 is Mermaid's 4


def test_export_markdown_builds_with_plain_mkdocs(tmp_path):
    shutil.copytree(EXAMPLE, tmp_path / "journeys")
    result = run_cjdocs("export", "--format", "markdown", "-o", "docs", cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Plain\ntheme:\n  name: material\n  font: false\nextra_css:\n  - assets/cjdocs/cjdocs.css\n",
        encoding="utf-8",
    )
    import subprocess
    import sys

    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "journeys" / "mug-shop-first-order" / "index.html").read_text(
        encoding="utf-8"
    )
    assert '<svg class="cj-diagram cj-flow"' in page
    assert 'id="step-cart-reminder"' in page
