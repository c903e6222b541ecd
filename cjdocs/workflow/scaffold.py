"""`cjdocs init`: a new repository of journeys, ready to validate, build and publish."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from cjdocs.atomic import InTheWay, Refused, write_files
from cjdocs.workflow.origin import installed_origin, pinned_files
from cjdocs.workflow.schema_export import schema_files

# Template files are stored without their leading dot (package data skips dotfiles).
_RENAMES = {
    "github": ".github",
    "gitignore": ".gitignore",
    "vscode": ".vscode",
}


class Exists(Refused):
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
    """Write the scaffold into `folder`, all of it or nothing.

    Every path is checked before anything is written: a file where a folder must go, a folder
    where a file goes, or (without `force`) a scaffold file that exists refuses the whole init
    (Refused). `force` replaces the scaffold's own files and touches nothing else. A write that
    fails midway (a full disk) removes what it created and restores what it replaced (OSError).
    """
    try:
        return write_files(folder, _templates(), replaceable=lambda path: force)
    except InTheWay as refusal:
        raise Exists(
            f"{', '.join(refusal.names)} already exist in {folder}; nothing was written. "
            "Use --force to overwrite them"
        ) from None
    except Refused as refusal:
        raise Refused(
            f"cannot start a repository in {folder}: {refusal}; nothing was written"
        ) from None
