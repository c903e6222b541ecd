"""Shared helpers: fixture folders assembled into a project, and the real `cjdocs` command."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXAMPLE = ROOT / "journeys"


def assemble(target: Path, *folders: Path) -> Path:
    """Copy the definition files of `folders` into `target/journeys` (later folders win)."""
    journeys = target / "journeys"
    journeys.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml"):
                shutil.copyfile(path, journeys / path.name)
    return journeys


def run_cjdocs(*arguments: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120):
    """Run the installed `cjdocs` command as a user would, returning the completed process."""
    environment = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "cjdocs", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A project folder holding the valid base definitions plus the given case folders;
    the working folder is the project, so findings name `journeys/<file>`."""

    def make(*cases: Path) -> Path:
        assemble(tmp_path, FIXTURES / "base", *cases)
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make
