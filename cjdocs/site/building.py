"""Building a site so that a failure never costs the site that was there before, and a build never
costs a folder of the user's.

MkDocs empties the site folder first and writes pages one by one: a failure midway left 47
of 49 files and no way back. We build into a new folder beside the target and swap the two
only when the build succeeded (with --strict, only when it ended without warnings). The site
folder is replaced only when cjdocs wrote it (or MkDocs did, before cjdocs marked its sites),
never when it is or holds the project, its definitions, its pages or a git repository
(`cjdocs.atomic.replacing`).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from cjdocs.atomic import Protected, Refused, explain, replacing

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# What every page of a site MkDocs built says in its head (Material and MkDocs' own themes).
_GENERATOR = '<meta name="generator" content="mkdocs-'


class BuildFailed(Exception):
    """The build stopped: errors in the definitions or pages, or warnings under --strict."""


class ConfigurationFailed(Exception):
    """mkdocs.yml itself is wrong, or the site folder cannot be used: the command cannot run."""


def load_site_config(config_file: str, **options: object) -> MkDocsConfig:
    """mkdocs.yml read and checked by MkDocs (`options` override it, as MkDocs' command line
    does); a wrong setting raises ConfigurationFailed after MkDocs has logged what is wrong."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(config_file, **options)
    except (ConfigurationError, Abort) as error:  # an Abort follows MkDocs' own messages
        raise ConfigurationFailed(
            f"{config_file}: {error.format_message()} Fix the settings named above; "
            "nothing was built"
        ) from None


def check_site_config(config_file: str, **options: object) -> None:
    """Raise ConfigurationFailed when MkDocs cannot use mkdocs.yml. MkDocs' messages are shown
    only then: when it can, the command that follows reads it again and shows them itself."""
    held: list[logging.LogRecord] = []
    logger = logging.getLogger("mkdocs.config")

    def hold(record: logging.LogRecord) -> bool:
        held.append(record)
        return False

    logger.addFilter(hold)
    try:
        load_site_config(config_file, **options)
    except ConfigurationFailed:
        logger.removeFilter(hold)
        for record in held:
            logger.handle(record)
        raise
    finally:
        logger.removeFilter(hold)


def build_atomically(
    config_file: str, *, site_dir: str | None = None, strict: bool = False
) -> Path:
    """Build the site into its site folder, swapped in whole; raises ConfigurationFailed when
    the configuration or the folder cannot be used, BuildFailed when the build fails, OSError
    when writing fails. In each case the previous site is left as it was."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    config = load_site_config(config_file, strict=strict)
    if site_dir:
        # Set after MkDocs' checks, so that our own say why a folder cannot be the site's;
        # relative to mkdocs.yml, as MkDocs resolves it.
        config.site_dir = os.path.join(os.path.dirname(config.config_file_path), site_dir)
    plugin = config.plugins.get("cjdocs")
    if plugin is not None and plugin.config.enabled:
        source = plugin.source_folder(config)
        if not source.is_dir():
            raise ConfigurationFailed(
                f"the definitions folder '{source}' does not exist (plugin option 'source')"
            )
    target = Path(config.site_dir).absolute()
    shown = site_dir or str(target)
    try:
        with replacing(target, protected=_protected(config), recognise=_built_by_mkdocs) as fresh:
            config.site_dir = str(fresh)
            # The same lifetime around the build as MkDocs' own `build` command gives plugins.
            config.plugins.on_startup(command="build", dirty=False)
            try:
                with _naming_the_target(fresh, target):
                    build(config)
            except (Abort, MkDocsException) as error:
                raise BuildFailed(
                    error.format_message() if hasattr(error, "format_message") else str(error)
                ) from None
            finally:
                config.plugins.on_shutdown()
    except Refused as refusal:
        raise ConfigurationFailed(
            f"cannot build the site into {shown}: {refusal}. Nothing was changed. cjdocs "
            "replaces the site folder as a whole, so it builds only into a new or empty folder, "
            "or one it built before: give another with -d (or site_dir in mkdocs.yml)"
        ) from None
    except OSError as error:  # a folder that cannot be written, a full disk
        raise ConfigurationFailed(
            f"{explain(error, shown)}. The previous site was left as it was"
        ) from None
    return target


def _protected(config: MkDocsConfig) -> list[Protected]:
    """The folders a site folder must never replace: the project, its pages, its definitions."""
    folders = [
        Protected(Path(config.config_file_path or ".").parent, "the project folder (mkdocs.yml)"),
        Protected(Path(config.docs_dir), "the pages folder (docs_dir)", inside_allowed=False),
    ]
    plugin = config.plugins.get("cjdocs")
    if plugin is not None:
        folders.append(
            Protected(
                plugin.source_folder(config),
                "the definitions folder (plugin option 'source')",
                inside_allowed=False,
            )
        )
    return folders


def _built_by_mkdocs(folder: Path) -> bool:
    """A site that MkDocs (or cjdocs before it marked its sites) built: it has MkDocs' sitemap,
    its home or error page names MkDocs as generator, and it holds nothing a build never writes
    (hidden files, Markdown pages, a mkdocs.yml). Anything else is refused, not guessed at."""
    if not (folder / "sitemap.xml").is_file():
        return False
    heads = []
    for page in ("index.html", "404.html"):
        if not (folder / page).is_file():
            continue
        with (
            contextlib.suppress(OSError),
            (folder / page).open(encoding="utf-8", errors="replace") as file,
        ):
            heads.append(file.read(16_384))
    if not any(_GENERATOR in head for head in heads):
        return False
    if any((folder / name).exists() for name in ("mkdocs.yml", "mkdocs.yaml")):
        return False
    for _root, folders, names in os.walk(folder):
        for name in folders + names:
            if name.startswith(".") or name.endswith(".md"):
                return False
    return True


@contextlib.contextmanager
def _naming_the_target(temporary: Path, target: Path) -> Iterator[None]:
    """MkDocs' messages name the folder the site ends up in, not the one it is built in.

    MkDocs names the site folder in one message, from the logger of its build command; a
    filter on that logger (not on anyone's handlers) rewrites it for this build only.
    """
    logger = logging.getLogger("mkdocs.commands.build")

    def rename(record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if str(temporary) in message:
            record.msg, record.args = message.replace(str(temporary), str(target)), ()
        return True

    logger.addFilter(rename)
    try:
        yield
    finally:
        logger.removeFilter(rename)
