"""Reads what the command line needs from a site's `mkdocs.yml` without importing MkDocs."""

from __future__ import annotations

from pathlib import Path

import yaml


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name:` tags only MkDocs may act on."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def _plugin_options(config: dict) -> dict | None:
    for entry in config.get("plugins") or ():
        if entry == "cjdocs":
            return {}
        if isinstance(entry, dict) and "cjdocs" in entry:
            return entry["cjdocs"] or {}
    return None


def configured_source(config_file: str, default: str) -> str:
    """The plugin's `source` folder, resolved against the config file; `default` without one."""
    path = Path(config_file)
    if not path.is_file():
        return default
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return default
    options = _plugin_options(config) if isinstance(config, dict) else None
    source = options.get("source", default) if isinstance(options, dict) else default
    if not isinstance(source, str):
        return default
    resolved = path.parent / source
    return resolved.as_posix() if path.parent != Path(".") else source
