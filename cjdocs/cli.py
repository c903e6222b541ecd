"""The `cjdocs` command: parses arguments, calls the library, maps results to exit statuses.

Exit statuses: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 the command
itself could not run (bad arguments, a missing folder).
"""

from __future__ import annotations

import os
import sys

import click

from cjdocs.findings import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_SOURCE = "journeys"


class _Problem(click.ClickException):
    """The command cannot run; exits with status 2 and a plain message."""

    exit_code = EXIT_USAGE


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cjdocs")
def main() -> None:
    """cjdocs: customer journeys as code."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default=_default_format,
    show_default="text; github when GITHUB_ACTIONS=true",
    help="How findings are printed.",
)
@click.option("--strict", is_flag=True, help="Count warnings as errors.")
@click.option(
    "--config-file",
    "-f",
    type=click.Path(dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="Where to read the default source folder from, when no PATH is given.",
)
def validate(paths: tuple[str, ...], output_format: str, strict: bool, config_file: str) -> None:
    """Check journey definitions (files or folders; by default the plugin's source folder)."""
    from cjdocs.config_file import configured_source
    from cjdocs.validation import SourceNotFound
    from cjdocs.validation import validate as run

    if not paths:
        paths = (configured_source(config_file, DEFAULT_SOURCE),)
    try:
        result = run(paths)
    except SourceNotFound as error:
        raise _Problem(
            f"{error}. Give the folder of your definitions: cjdocs validate PATH"
        ) from None
    click.echo(REPORTERS[output_format](result.findings), nl=False)
    errors, warnings = len(result.errors), len(result.warnings)
    summary = (
        f"{_plural(result.definitions, 'definition')} in {_plural(result.files, 'file')}: "
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    )
    failed = errors > 0 or (strict and warnings > 0)
    if result.files == 0:
        summary = f"no definition files (*.yaml, *.yml) under {', '.join(paths)}"
    click.echo(
        summary
        + (" (warnings count as errors: --strict)" if strict and warnings and not errors else ""),
        err=True,
    )
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)
