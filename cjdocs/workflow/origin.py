"""Where the running cjdocs came from, written as the pins a new repository installs it by.

`cjdocs init` writes requirements.txt (what CI installs) and .pre-commit-config.yaml (the
hook) naming cjdocs at one exact commit of the git repository it came from, never by its bare
name: cjdocs is not published on the package index, and anyone could publish a package under
that name there. pip records where it installed a package from (direct_url.json, PEP 610);
an install from a git repository over https names both the repository and the commit. Any
other install (a folder, a wheel file, a package index) leaves the line to the team, marked,
and the workflow stops at its first step saying so.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, distribution
from urllib.parse import urlsplit

# A git commit id in full: SHA-1, or SHA-256 in repositories that use it.
_COMMIT = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
_REVISION = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+-]{0,99}")


@dataclass(frozen=True, slots=True)
class Origin:
    """A git repository (an https address) and the commit of it that cjdocs was installed at."""

    repository: str
    commit: str
    # The tag or branch asked for at install time, when it was not the commit itself.
    revision: str | None = None

    @property
    def requirement(self) -> str:
        return f"cjdocs @ git+{self.repository}@{self.commit}"


def origin_of(direct_url: str | None) -> Origin | None:
    """The repository and commit a direct_url.json names, if CI can install from them again.

    Only git over https qualifies: a local folder or file is not there in CI, and an address
    with a user name or a subdirectory would need more than requirements.txt can say.
    """
    try:
        record = json.loads(direct_url or "")
    except ValueError:
        return None
    if not isinstance(record, dict) or not isinstance(record.get("vcs_info"), dict):
        return None
    vcs, url = record["vcs_info"], record.get("url")
    commit, revision = vcs.get("commit_id"), vcs.get("requested_revision")
    if vcs.get("vcs") != "git" or record.get("subdirectory") is not None:
        return None
    if not isinstance(commit, str) or not _COMMIT.fullmatch(commit) or not isinstance(url, str):
        return None
    address = urlsplit(url)
    if address.scheme != "https" or not address.hostname or address.query or address.fragment:
        return None
    # "@" would end the address in a requirement (and means a user name); spaces end the line.
    if "@" in url or any(character.isspace() for character in url):
        return None
    # The tag asked for is kept only for a comment; anything odd in it is left out.
    if not isinstance(revision, str) or revision == commit or not _REVISION.fullmatch(revision):
        revision = None
    return Origin(url, commit, revision)


def installed_origin() -> Origin | None:
    try:
        return origin_of(distribution("cjdocs").read_text("direct_url.json"))
    except PackageNotFoundError:
        return None


_REQUIREMENTS_ABOUT = """\
# What CI installs to check and build the site (.github/workflows/cjdocs.yml); install the
# same on your computer with: pip install -r requirements.txt
#
# cjdocs is pinned to one commit of the git repository it comes from. Never write the bare
# name "cjdocs" here: it is not published on the package index, and anyone could publish a
# package under that name. To upgrade, write a newer commit.
"""

_REQUIREMENTS_TO_FILL = """\
#
# TO DO: cjdocs init could not tell which repository and commit it was installed from.
# Write them on a line of their own, like the one below without its "# ", with the address
# where your team keeps cjdocs and the full id of the commit to use. Until then the
# workflow stops at its first step and says so.
# cjdocs @ git+https://github.com/YOUR-ORGANISATION/cjdocs@COMMIT
"""

_PRE_COMMIT_ABOUT = """\
# Checks the definitions before each commit: pip install pre-commit && pre-commit install
"""

_PRE_COMMIT_PINNED = """\
# pre-commit installs cjdocs by itself, from the same repository and commit as
# requirements.txt: change both together.
repos:
  - repo: {repository}
    rev: {commit}{frozen}
    hooks:
      - id: cjdocs-validate
"""

_PRE_COMMIT_LOCAL = """\
# This hook runs the cjdocs installed on your computer: activate its environment before you
# commit. Once requirements.txt names where your team keeps cjdocs, let pre-commit install
# cjdocs by itself instead, from the same repository and commit, with these lines in place
# of the ones under "repos:":
#
#   - repo: https://github.com/YOUR-ORGANISATION/cjdocs
#     rev: COMMIT
#     hooks:
#       - id: cjdocs-validate
repos:
  - repo: local
    hooks:
      - id: cjdocs-validate
        name: Check journey definitions
        entry: cjdocs validate
        language: system
        files: \\.ya?ml$
        pass_filenames: false
"""


def pinned_files(origin: Origin | None) -> dict[str, str]:
    """requirements.txt and .pre-commit-config.yaml, pinned to `origin` or marked to be."""
    if origin is None:
        return {
            "requirements.txt": _REQUIREMENTS_ABOUT + _REQUIREMENTS_TO_FILL,
            ".pre-commit-config.yaml": _PRE_COMMIT_ABOUT + _PRE_COMMIT_LOCAL,
        }
    # pre-commit's own notation for a commit that stands for a tag (autoupdate --freeze).
    frozen = f"  # frozen: {origin.revision}" if origin.revision else ""
    return {
        "requirements.txt": _REQUIREMENTS_ABOUT + origin.requirement + "\n",
        ".pre-commit-config.yaml": _PRE_COMMIT_ABOUT
        + _PRE_COMMIT_PINNED.format(
            repository=origin.repository, commit=origin.commit, frozen=frozen
        ),
    }
