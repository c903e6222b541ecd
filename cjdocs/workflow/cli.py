"""The `cjdocs` command: parses arguments, calls the library, maps results to exit statuses.

Exit statuses: 0 no errors (warnings allowed unless --strict), 1 errors found, 2 the command
itself could not run (bad arguments, a missing folder).
"""

from __future__ import annotations

import gc
import os
import sys

import click

from cjdocs.catalogue import catalogue, languages
from cjdocs.definitions.findings import REPORTERS, printable

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DEFAULT_SOURCE = "journeys"

# Options several commands share.
CONFIG_FILE = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False),
    default="mkdocs.yml",
    show_default=True,
    help="The site's configuration, where the defaults come from.",
)
SOURCE = click.option(
    "-s",
    "--source",
    type=click.Path(),
    help="The folder of definitions (default: from mkdocs.yml, else journeys).",
)
LANGUAGE = click.option(
    "--lang",
    "--language",
    "language",
    type=click.Choice(languages()),
    default=None,
    help="The language of labels and messages. Default: the site's (mkdocs.yml), else en.",
)


class _Problem(click.ClickException):
    """The command cannot run; exits with status 2 and a plain message."""

    exit_code = EXIT_USAGE

    def format_message(self) -> str:
        # Messages name paths from the command line, mkdocs.yml and the file system: shown on
        # one line, never obeyed.
        return printable(self.message)


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _language(language: str | None, config_file: str = "mkdocs.yml") -> str:
    """The language asked for, else the site's (mkdocs.yml), else English."""
    from cjdocs.workflow.config_file import configured_language

    return language or configured_language(config_file) or "en"


def _lint_levels(config_file: str, language: str) -> dict[str, str]:
    """The journey rules' levels from the plugin's `lint` option in mkdocs.yml; a rule or level
    that does not exist stops the command (status 2), naming the closest one."""
    from cjdocs.definitions.lint import LintConfigProblem, rule_levels
    from cjdocs.workflow.config_file import configured_lint

    try:
        return rule_levels(configured_lint(config_file), language)
    except LintConfigProblem as problem:
        raise _Problem(f"{config_file}: {problem}") from None


def _counted(language: str, entry: str, count: int, **values: object) -> str:
    """`3 files written to out/` in the site's language, with its plural form and numbers."""
    return catalogue(language).count(f"cli.{entry}", count, **values)


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
@LANGUAGE
@CONFIG_FILE
def validate(
    paths: tuple[str, ...],
    output_format: str,
    strict: bool,
    language: str | None,
    config_file: str,
) -> None:
    """Check journey definitions (files or folders; by default the plugin's source folder)."""
    from cjdocs.definitions.validation import SourceNotFound
    from cjdocs.definitions.validation import validate as run
    from cjdocs.workflow.config_file import configured_source

    if not paths:
        paths = (configured_source(config_file, DEFAULT_SOURCE),)
    language = _language(language, config_file)
    levels = _lint_levels(config_file, language)
    try:
        result = run(paths, language=language, lint_levels=levels)
    except SourceNotFound as error:
        raise _Problem(
            f"{error}. Give the folder of your definitions: cjdocs validate PATH"
        ) from None
    if result.files == 0:
        # Nothing to check is most often a wrong path: say so, and fail a CI job.
        raise _Problem(f"no definition files (*.yaml, *.yml) under {', '.join(paths)}")
    click.echo(REPORTERS[output_format](result.findings), nl=False)
    errors, warnings = len(result.errors), len(result.warnings)
    words = catalogue(language)
    # What could not be read is said once, not as a finding for each reference to it.
    if result.unread_files:
        click.echo(_counted(language, "unread.files", result.unread_files), err=True)
    if result.unread_definitions:
        click.echo(_counted(language, "unread.definitions", result.unread_definitions), err=True)
    summary = words["cli.summary"].format(
        definitions=_counted(language, "count.definitions", result.definitions),
        files=_counted(language, "count.files", result.files),
        errors=_counted(language, "count.errors", errors),
        warnings=_counted(language, "count.warnings", warnings),
    )
    if result.notes:  # shown, and counted, but never failing: not even with --strict
        summary += words["cli.notes"].format(
            notes=_counted(language, "count.notes", len(result.notes))
        )
    failed = errors > 0 or (strict and warnings > 0)
    click.echo(
        summary + (words["cli.strict"] if strict and warnings and not errors else ""), err=True
    )
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@main.command()
@click.argument("code", required=False)
@LANGUAGE
@CONFIG_FILE
def explain(code: str | None, language: str | None, config_file: str) -> None:
    """Explain a check: what its code means, why it matters, an example before and after.

    Without a CODE, list every code. Each finding ends with its code in brackets:
    `journeys/x.yaml:4:10: error: no persona 'ana' (did you mean 'anna'?) [unknown-reference]`.
    """
    from cjdocs.definitions.explanations import as_text, listing
    from cjdocs.definitions.findings import CODES, closest

    language = _language(language, config_file)
    if code is None:
        click.echo(listing(language), nl=False)
        return
    if code not in CODES:
        suggestion = closest(code, CODES)
        raise _Problem(
            catalogue(language)[
                "cli.explain.unknown_suggestion" if suggestion else "cli.explain.unknown"
            ].format(code=code, suggestion=suggestion, codes=", ".join(CODES))
        )
    click.echo(as_text(code, language), nl=False)


def _load_model(source: str | None, config_file: str, language: str = "en"):
    """The model of the definitions, or exit 1 printing the findings that prevent it."""
    from cjdocs.definitions.validation import SourceNotFound, load_model
    from cjdocs.workflow.config_file import configured_source

    source = source or configured_source(config_file, DEFAULT_SOURCE)
    try:
        validation, model = load_model(
            [source], language=language, lint_levels=_lint_levels(config_file, language)
        )
    except SourceNotFound as error:
        raise _Problem(f"{error}. Give the folder of your definitions with --source") from None
    if model is None:
        click.echo(REPORTERS["text"](validation.errors), err=True, nl=False)
        click.echo(
            catalogue(language)["cli.cannot_draw"].format(
                errors=_counted(language, "count.errors", len(validation.errors))
            ),
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    return model


def _write_output(data: bytes, output: str | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from pathlib import Path

    from cjdocs.atomic import Refused, explain, write_output_file

    try:
        write_output_file(Path(output), data)
    except Refused as refusal:
        raise _Problem(
            f"cannot write {output}: {refusal}; nothing was written. Give a new file name with"
            " -o, or move that file away first"
        ) from None
    except OSError as error:
        raise _Problem(explain(error, output)) from None


@main.command()
@click.argument("journey_id")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("svg", "dot", "png")),
    default="svg",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout."
)
@SOURCE
@click.option(
    "--engine",
    type=click.Choice(("wasm", "dot")),
    default=None,
    help="Graphviz built in (wasm, the default) or the system's dot (needed for png).",
)
@LANGUAGE
@CONFIG_FILE
def render(
    journey_id: str,
    output_format: str,
    output: str | None,
    source: str | None,
    engine: str | None,
    language: str | None,
    config_file: str,
) -> None:
    """Draw the flow diagram of one journey."""
    from cjdocs.definitions.findings import did_you_mean

    language = _language(language, config_file)
    model = _load_model(source, config_file, language)
    journeys = {journey.id: journey for journey in model.journeys}
    if journey_id not in journeys:
        hint = did_you_mean(journey_id, journeys) or (
            f"; the journeys are {', '.join(sorted(journeys))}" if 0 < len(journeys) <= 12 else ""
        )
        raise _Problem(f"no journey '{journey_id}'{hint}")
    journey = journeys[journey_id]

    from cjdocs.render.diagrams import TooLarge
    from cjdocs.render.draw import journey_output
    from cjdocs.render.engine import DiagramCache, LayoutError, default_diagram_folder

    try:
        data = journey_output(
            journey,
            output_format,
            language=language,
            engine=engine,
            cache=DiagramCache(default_diagram_folder()),
        )
    except (LayoutError, TooLarge) as error:
        raise _Problem(f"cannot draw: {printable(str(error))}") from None
    _write_output(data, output)


def _mkdocs_logging(verbose: bool = False) -> None:
    """Show MkDocs' messages as its own command does (its logger has no handler of its own)."""
    import logging

    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "_cjdocs", False) for handler in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._cjdocs = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)


@main.command()
@CONFIG_FILE
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False),
    help="Where to write the site (default: from mkdocs.yml): a new or empty folder, or one cjdocs built before.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-v", "--verbose", is_flag=True)
def build(config_file: str, site_dir: str | None, strict: bool, verbose: bool) -> None:
    """Build the site; a failed build leaves the previous site as it was."""
    from pathlib import Path

    if not Path(config_file).is_file():
        raise _Problem(
            f"{config_file}: no such file. Run cjdocs in the folder of your mkdocs.yml, or give it with -f"
        )
    from cjdocs.site.building import BuildFailed, ConfigurationFailed, build_atomically

    _mkdocs_logging(verbose)
    # The cyclic garbage collector stays paused for the whole run (the plugin pauses it for
    # each build, see `_pause_collector`, and turns it on again after: its first collection
    # then walked every object the build had made, 0.08 s at 300 journeys, for memory that
    # ending the process frees anyway).
    gc.disable()
    try:
        target = build_atomically(config_file, site_dir=site_dir, strict=strict)
    except ConfigurationFailed as error:
        raise _Problem(str(error)) from None
    except BuildFailed as error:
        if "Aborted with" not in str(error):  # MkDocs' own words when it has logged the cause above
            click.echo(f"Error: {printable(str(error), lines=True)}", err=True)
        click.echo("The build failed (see above); the previous site was left as it was.", err=True)
        sys.exit(EXIT_FINDINGS)
    click.echo(f"Site written to {printable(str(target))}", err=True)
    # The process ends here: Python's last collection on the way out would walk every
    # object the build left (a thirtieth of a build of 300 journeys), for nothing as well.
    gc.freeze()


@main.command()
@CONFIG_FILE
@click.option(
    "-a",
    "--dev-addr",
    metavar="HOST:PORT",
    default=None,
    help="Where to serve (default: from mkdocs.yml, 127.0.0.1:8000).",
)
@click.option("-v", "--verbose", is_flag=True)
def serve(config_file: str, dev_addr: str | None, verbose: bool) -> None:
    """Serve the site and rebuild it whenever a page or a definition changes."""
    from pathlib import Path

    if not Path(config_file).is_file():
        raise _Problem(
            f"{config_file}: no such file. Run cjdocs in the folder of your mkdocs.yml, or give it with -f"
        )
    from mkdocs.exceptions import MkDocsException

    from cjdocs.site.serving import serve as serve_site

    _mkdocs_logging(verbose)
    options = {"dev_addr": dev_addr} if dev_addr else {}
    from mkdocs.exceptions import Abort

    from cjdocs.site.building import ConfigurationFailed, check_site_config

    try:
        check_site_config(config_file, **options)
    except ConfigurationFailed as error:
        raise _Problem(str(error)) from None

    try:
        serve_site(config_file, **options)
    except Abort:
        click.echo(
            "The site could not be built (see above); fix the definitions and serve again.",
            err=True,
        )
        sys.exit(EXIT_FINDINGS)
    except MkDocsException as error:
        raise _Problem(error.format_message()) from None
    except OSError as error:  # the address is taken, or not this machine's
        raise _Problem(
            f"cannot serve on {dev_addr or 'the configured address'}: {error.strerror or error}"
        ) from None


def _date(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    """A date as YYYY-MM-DD, checked."""
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date written YYYY-MM-DD, e.g. 2025-03-31"
        ) from None


MAP_FORMATS = ("map-svg", "map-png", "map-csv")


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("json", "mermaid", "markdown", *MAP_FORMATS, "opportunities-csv")),
    default="json",
    show_default=True,
    help="json: the model; mermaid: journey diagrams; markdown: every page; map-svg, map-png: "
    "each journey's whole map as one picture; map-csv: each journey's steps for spreadsheets; "
    "opportunities-csv: every opportunity of every journey, a row each, for spreadsheets and "
    "issue trackers.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Where to write: a file (json, opportunities-csv), a folder (the others); default stdout, 'generated' for markdown and 'maps' for the maps.",
)
@click.option(
    "--journey",
    "journey_ids",
    multiple=True,
    metavar="ID",
    help="Maps: only this journey (repeat for more); default every journey.",
)
@click.option(
    "--date",
    callback=_date,
    metavar="YYYY-MM-DD",
    help="map-svg, map-png: the date in the footer (default: of the last commit that changed the journey's file).",
)
@click.option(
    "--dpi",
    type=click.FloatRange(min=24, max=1200),
    help="map-png: dots per inch at the map's natural size (default 192: twice its size on screen).",
)
@click.option(
    "--width",
    type=click.IntRange(min=100, max=32000),
    metavar="PIXELS",
    help="map-png: every picture this many pixels wide, instead of --dpi.",
)
@click.option(
    "--font",
    "fonts",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    metavar="FILE",
    help="map-png: a font file (.ttf, .otf) for scripts Roboto lacks, such as Arabic, Hebrew or emoji (repeat for more).",
)
@SOURCE
@LANGUAGE
@CONFIG_FILE
def export(
    output_format: str,
    output: str | None,
    journey_ids: tuple[str, ...],
    date: str | None,
    dpi: float | None,
    width: int | None,
    fonts: tuple[str, ...],
    source: str | None,
    language: str,
    config_file: str,
) -> None:
    """Export the resolved model: as JSON, as Mermaid journey diagrams, as plain Markdown pages,
    each journey's map as a picture (SVG, PNG) or a spreadsheet (CSV), or the opportunity
    backlog as a spreadsheet (CSV)."""
    from pathlib import Path

    from cjdocs.atomic import Refused, explain, write_folder
    from cjdocs.render.engine import LayoutError, default_diagram_folder
    from cjdocs.workflow.config_file import configured_directory_urls
    from cjdocs.workflow.export.json import model_json
    from cjdocs.workflow.export.markdown import export_markdown
    from cjdocs.workflow.export.mermaid import mermaid_journeys

    _check_map_options(output_format, journey_ids, date, dpi, width, fonts)
    language = _language(language, config_file)
    model = _load_model(source, config_file, language)
    if output_format in MAP_FORMATS:
        _export_maps(
            model,
            output_format,
            output or "maps",
            journey_ids=journey_ids,
            language=language,
            date=date,
            dpi=dpi,
            width=width,
            fonts=fonts,
            protected=_project_folders(source, config_file),
        )
        return
    if output_format == "json":
        _write_output(model_json(model).encode("utf-8"), output)
        if output:
            click.echo(f"the model written to {output}", err=True)
        return
    if output_format == "opportunities-csv":
        from cjdocs.workflow.export.backlog import opportunities_csv

        _write_output(opportunities_csv(model, language), output)
        if output:
            click.echo(f"the opportunities written to {output}", err=True)
        return
    try:
        if output_format == "mermaid":
            diagrams = mermaid_journeys(model)
            if output is None:
                _write_output("\n".join(diagrams.values()).encode("utf-8"), None)
                return
            written = write_folder(
                Path(output),
                {f"{identifier}.mmd": text for identifier, text in diagrams.items()},
                protected=_project_folders(source, config_file),
            )
            click.echo(
                _counted(language, "written.diagrams", len(written), folder=f"{output}/"),
                err=True,
            )
            return
        target = Path(output or "generated")
        written = export_markdown(
            model,
            target,
            language=language,
            directory_urls=configured_directory_urls(config_file),
            cache_folder=default_diagram_folder(),
            protected=_project_folders(source, config_file),
        )
    except LayoutError as error:
        raise _Problem(f"cannot draw: {error}") from None
    except Refused as refusal:
        raise _Problem(
            f"cannot export into {output or 'generated'}: {refusal}. Nothing was changed. "
            "Export replaces its folder as a whole, so it writes only into a new or empty "
            "folder, or one it wrote before: give another with -o"
        ) from None
    except OSError as error:
        raise _Problem(explain(error, output or "generated")) from None
    click.echo(_counted(language, "written.pages", len(written), folder=f"{target}/"), err=True)


def _check_map_options(
    output_format: str,
    journey_ids: tuple[str, ...],
    date: str | None,
    dpi: float | None,
    width: int | None,
    fonts: tuple[str, ...],
) -> None:
    """Refuse options that the format does not use, rather than ignore what the user asked."""
    given = {
        "--journey": bool(journey_ids) and output_format not in MAP_FORMATS,
        "--date": date is not None and output_format not in ("map-svg", "map-png"),
        "--dpi": dpi is not None and output_format != "map-png",
        "--width": width is not None and output_format != "map-png",
        "--font": bool(fonts) and output_format != "map-png",
    }
    for option, unused in given.items():
        if unused:
            raise _Problem(f"{option} does not apply to --format {output_format}; leave it out")
    if dpi is not None and width is not None:
        raise _Problem("give either --dpi or --width, not both")


def _export_maps(
    model, output_format: str, output: str, *, journey_ids: tuple[str, ...], protected, **options
) -> None:
    """Write each journey's map (or the ones named) as `output_format` into the folder `output`."""
    from pathlib import Path

    from cjdocs.atomic import Refused, explain
    from cjdocs.definitions.findings import did_you_mean
    from cjdocs.workflow.export.map import (
        PictureTooLarge,
        PngSize,
        PngUnavailable,
        export_maps,
    )

    journeys = {journey.id: journey for journey in model.journeys}
    for identifier in journey_ids:
        if identifier not in journeys:
            hint = did_you_mean(identifier, journeys) or (
                f"; the journeys are {', '.join(sorted(journeys))}"
                if 0 < len(journeys) <= 12
                else ""
            )
            raise _Problem(f"no journey '{identifier}'{hint}; nothing was written")
    chosen = [journeys[i] for i in dict.fromkeys(journey_ids)] if journey_ids else model.journeys
    dpi, width, fonts = options.pop("dpi"), options.pop("width"), options.pop("fonts")
    missing: dict[str, list[str]] = {}
    try:
        written = export_maps(
            chosen,
            Path(output),
            output_format,
            protected=protected,
            size=PngSize(dpi, width),
            fonts=[Path(font) for font in fonts],
            missing=missing,
            **options,
        )
    except PngUnavailable as error:
        raise _Problem(f"{error}; nothing was written") from None
    except PictureTooLarge as error:
        raise _Problem(
            f"{error}, too large to draw; nothing was written. Give a lower --dpi or a --width"
        ) from None
    except Refused as refusal:
        raise _Problem(
            f"cannot export into {output}: {refusal}. Nothing was changed. Export replaces its "
            "folder as a whole, so it writes only into a new or empty folder, or one it wrote "
            "before: give another with -o"
        ) from None
    except OSError as error:
        raise _Problem(explain(error, output)) from None
    for identifier, characters in missing.items():
        shown = " ".join(characters[:12]) + (" …" if len(characters) > 12 else "")
        click.echo(
            printable(
                f"warning: the map of {identifier} has characters no font here has ({shown}): "
                "the PNG shows them as empty boxes. Give a font that has them with --font FILE"
            ),
            err=True,
        )
    kind = {"map-svg": "SVG", "map-png": "PNG", "map-csv": "CSV"}[output_format]
    click.echo(
        _counted(options["language"], "written.maps", len(written), kind=kind, folder=f"{output}/"),
        err=True,
    )


def _project_folders(source: str | None, config_file: str) -> list:
    """The folders an export must never replace: the definitions, and the site's project."""
    from pathlib import Path

    from cjdocs.atomic import Protected
    from cjdocs.workflow.config_file import configured_source

    folders = []
    if Path(config_file).is_file():
        folders.append(Protected(Path(config_file).parent, "the project folder (mkdocs.yml)"))
    definitions = Path(source or configured_source(config_file, DEFAULT_SOURCE))
    return [*folders, Protected(definitions, "the definitions folder", inside_allowed=False)]


@main.command()
@click.option(
    "-o", "--output", type=click.Path(file_okay=False), default="schemas", show_default=True
)
def schema(output: str) -> None:
    """Write the JSON Schemas, one per kind and one for any definition, for editors."""
    from pathlib import Path

    from cjdocs.atomic import InTheWay, Refused, explain, write_files
    from cjdocs.workflow.schema_export import schema_files, written_by_cjdocs

    try:
        written = write_files(Path(output), schema_files(), replaceable=written_by_cjdocs)
    except InTheWay as refusal:
        one = len(refusal.names) == 1
        raise _Problem(
            f"{', '.join(refusal.names)} in {output} {'is' if one else 'are'} not a schema"
            f" cjdocs wrote, and would be overwritten; nothing was written. Rename or move"
            f" {'it' if one else 'them'}, or write the schemas into another folder with -o"
        ) from None
    except Refused as refusal:
        raise _Problem(f"cannot write the schemas into {output}: {refusal}") from None
    except OSError as error:
        raise _Problem(explain(error, output)) from None
    click.echo(
        _counted(_language(None), "written.schemas", len(written), folder=f"{output}/"), err=True
    )


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option(
    "--force", is_flag=True, help="Overwrite the scaffold's files where they exist (nothing else)."
)
def init(folder: str, force: bool) -> None:
    """Start a new repository of journeys: mkdocs.yml, an example, CI and a pre-commit hook."""
    from pathlib import Path

    from cjdocs.atomic import Refused, explain
    from cjdocs.workflow.scaffold import scaffold

    try:
        written = scaffold(Path(folder), force=force)
    except Refused as refusal:
        raise _Problem(str(refusal)) from None
    except OSError as error:
        raise _Problem(f"{explain(error, folder)}; nothing was written") from None
    for path in written:
        click.echo(f"  {path}", err=True)
    language = _language(None, str(Path(folder) / "mkdocs.yml"))
    click.echo(_counted(language, "written.files", len(written), folder=folder), err=True)


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(("markdown", "json")),
    default="markdown",
    show_default=True,
    help="Markdown for a pull-request comment, JSON for tools.",
)
@SOURCE
@CONFIG_FILE
def diff(
    base: str, head: str | None, output_format: str, source: str | None, config_file: str
) -> None:
    """Compare the definitions at git revision BASE with HEAD (default: the working tree).

    Compares by meaning: definitions added, removed, moved to another file or changed; in
    journeys, steps added, removed or moved, emotions that rose or fell, touchpoints and ways
    on. A side whose definitions have errors is reported and still compared. Exit status 0
    when the diff was made, changes or not; 2 when it could not be.
    """
    from cjdocs.workflow.config_file import configured_source
    from cjdocs.workflow.diff import RENDERERS
    from cjdocs.workflow.diff.compare import compare
    from cjdocs.workflow.diff.git import (
        GitProblem,
        find_repository,
        read_revision,
        read_worktree,
        repository_path,
    )

    source = source or configured_source(config_file, DEFAULT_SOURCE)
    levels = _lint_levels(config_file, "en")
    try:
        repo = find_repository(".")
        inside = repository_path(repo, source)
        base_side = read_revision(repo, base, inside, levels)
        head_side = (
            read_revision(repo, head, inside, levels)
            if head
            else read_worktree(repo, inside, levels)
        )
    except GitProblem as error:
        raise _Problem(str(error)) from None
    click.echo(RENDERERS[output_format](compare(base_side, head_side)), nl=False)
