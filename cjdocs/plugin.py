"""The `cjdocs` MkDocs plugin. For now it validates the definitions on every build; a build
with errors fails with the same file:line:column messages as `cjdocs validate`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from cjdocs.config import CjdocsConfig
from cjdocs.findings import report_text

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)


class CjdocsPlugin(BasePlugin[CjdocsConfig]):
    def source_folder(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent / self.config.source

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        from cjdocs.validation import SourceNotFound, validate

        source = self.source_folder(config)
        try:
            result = validate([source])
        except SourceNotFound:
            raise PluginError(f"cjdocs: the source folder '{source}' does not exist") from None
        for warning in result.warnings:
            log.warning(report_text([warning]).rstrip())
        if result.errors:
            raise PluginError(
                f"cjdocs: {len(result.errors)} error(s) in the definitions:\n"
                + report_text(result.errors)
            )
        return None
