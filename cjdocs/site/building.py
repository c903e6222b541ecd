"""Building a site so that a failure never costs the site that was there before.

MkDocs empties the site folder first and writes pages one by one: a failure midway left 47
of 49 files and no way back. We build into a new folder beside the target and swap the two
only when the build succeeded (with --strict, only when it ended without warnings).
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path


class BuildFailed(Exception):
    """The build stopped: errors in the definitions or pages, or warnings under --strict."""


class ConfigurationFailed(Exception):
    """mkdocs.yml itself is wrong: the command cannot run."""


def build_atomically(
    config_file: str, *, site_dir: str | None = None, strict: bool = False
) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    try:
        config = load_config(
            config_file, strict=strict, **({"site_dir": site_dir} if site_dir else {})
        )
    except ConfigurationError as error:
        raise ConfigurationFailed(error.format_message()) from None
    plugin = config.plugins.get("cjdocs")
    if plugin is not None and plugin.config.enabled:
        source = plugin.source_folder(config)
        if not source.is_dir():
            raise ConfigurationFailed(
                f"the definitions folder '{source}' does not exist (plugin option 'source')"
            )
    target = Path(config.site_dir).absolute()
    fresh = target.with_name(f".{target.name}.cjdocs-new-{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    config.site_dir = str(fresh)
    # Records of MkDocs' child loggers pass a parent's handlers, not its filters.
    naming = _TargetNames(str(fresh), str(target))
    handlers = list(logging.getLogger("mkdocs").handlers)
    for handler in handlers:
        handler.addFilter(naming)
    try:
        build(config)
    except (Abort, MkDocsException) as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise BuildFailed(
            error.format_message() if hasattr(error, "format_message") else str(error)
        ) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    finally:
        config.plugins.on_shutdown() if False else None
    _swap(fresh, target)
    return target


class _TargetNames(logging.Filter):
    """MkDocs' messages name the folder the site ends up in, not the one it is built in."""

    def __init__(self, temporary: str, target: str) -> None:
        super().__init__()
        self.temporary, self.target = temporary, target

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.temporary in message:
            record.msg, record.args = message.replace(self.temporary, self.target), ()
        return True


def _swap(fresh: Path, target: Path) -> None:
    """Put the new site in place of the old one, keeping the old one until the new one is there."""
    old = target.with_name(f".{target.name}.cjdocs-old-{os.getpid()}")
    if target.exists():
        target.rename(old)
    try:
        fresh.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)
