"""`cjdocs init`: a new repository of journeys, ready to validate, build and publish."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from cjdocs.workflow.origin import installed_origin, pinned_files
from cjdocs.workflow.schema_export import schema_files

# Template files are stored without their leading dot (package data skips dotfiles).
_RENAMES = {
    "github": ".github",
    "gitignore": ".gitignore",
    "vscode": ".vscode",
}


class Exists(Exception):
    """Files of the scaffold exist already and --force was not given."""


def _templates() -> dict[str, str]:
    root = resources.files("cjdocs.workflow") / "templates" / "init"
    files: dict[str, str] = {}

    def walk(node: Traversable, parts: tuple[str, ...]) -> None:
        for child in sorted(node.iterdir(), key=lambda child: child.name):
            name = _RENAMES.get(child.name, child.name) if not parts else child.name
            if child.is_dir():
                walk(child, (*parts, name))
            elif not child.name.endswith(".pyc"):
                files["/".join((*parts, name))] = child.read_text(encoding="utf-8")

    walk(root, ())
    # Made, not copied: the pins of where this cjdocs came from, and the schemas that
    # .vscode/settings.json maps the definitions to.
    files.update(pinned_files(installed_origin()))
    files.update({f"schemas/{name}": text for name, text in schema_files().items()})
    return files


def scaffold(folder: Path, *, force: bool = False) -> list[Path]:
    """Write the scaffold into `folder`; refuse, writing nothing, if any of its files exist."""
    files = _templates()
    existing = sorted(name for name in files if (folder / name).exists())
    if existing and not force:
        raise Exists(
            f"{', '.join(existing)} already exist in {folder}; nothing was written. Use --force to overwrite them"
        )
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
