"""Reads what the command line needs from a site's `mkdocs.yml` without importing MkDocs."""

from __future__ import annotations

from pathlib import Path

import yaml

from cjdocs.catalogue import language_of


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


def _read(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return {}
    return config if isinstance(config, dict) else {}


def configured_language(config_file: str) -> str | None:
    """The site's language: the plugin's `language`, else the theme's; None without either."""
    config = _read(Path(config_file))
    options = _plugin_options(config) or {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    language = options.get("language") if isinstance(options, dict) else None
    language = language or theme.get("language")
    return language_of(language) if isinstance(language, str) else None


def configured_source(config_file: str, default: str) -> str:
    """The plugin's `source` folder, resolved against the config file; `default` without one."""
    path = Path(config_file)
    config = _read(path)
    if not config:
        return default
    options = _plugin_options(config)
    source = options.get("source", default) if isinstance(options, dict) else default
    if not isinstance(source, str):
        return default
    resolved = path.parent / source
    return resolved.as_posix() if path.parent != Path(".") else source
