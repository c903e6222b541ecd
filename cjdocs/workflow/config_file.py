"""Reads what the command line needs from a site's `mkdocs.yml`: the plugin's options.

`cjdocs validate` runs on every pull request and in pre-commit hooks, so it reads mkdocs.yml
without importing MkDocs (which would double its start-up time), but as MkDocs reads it:
`plugins` as a list of names and `{name: options}` entries or as one mapping, `INHERIT` of a
parent file merged under it, `!ENV` tags (their default or None; only MkDocs acts on them)
and `!!python/name:` tags left alone. tests/test_config_file.py holds it to MkDocs' own loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cjdocs.catalogue import language_of

# Parents deeper than this are a loop (a file that inherits from itself), not a real site.
MAX_INHERIT = 10


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name:` tags only MkDocs may act on."""


def _environment_default(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # `!ENV [NAME, default]` or `!ENV NAME`: the default stands in; the variable itself is
    # MkDocs' to read at build time.
    if isinstance(node, yaml.SequenceNode) and len(node.value) > 1:
        return loader.construct_object(node.value[-1])
    return None


_TolerantLoader.add_constructor("!ENV", _environment_default)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def _merge(parent: dict, child: dict) -> dict:
    """`child` over `parent`, mappings merged key by key, anything else replaced (as MkDocs)."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read(path: Path, depth: int = 0) -> dict:
    if depth > MAX_INHERIT or not path.is_file():
        return {}
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError):
        return {}
    if not isinstance(config, dict):
        return {}
    parent = config.pop("INHERIT", None)
    if isinstance(parent, str):
        config = _merge(_read(path.parent / parent, depth + 1), config)
    return config


def _plugin_options(config: dict) -> dict | None:
    """The options of the `cjdocs` plugin ({} when enabled without any), None without it."""
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        entries: list = [{name: options} for name, options in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    else:
        return None
    for entry in entries:
        if entry == "cjdocs":
            return {}
        if isinstance(entry, dict) and "cjdocs" in entry:
            options = entry["cjdocs"]
            return options if isinstance(options, dict) else {}
    return None


def configured_language(config_file: str) -> str | None:
    """The site's language: the plugin's `language`, else the theme's; None without either."""
    config = _read(Path(config_file))
    options = _plugin_options(config) or {}
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    language = options.get("language") or theme.get("language")
    return language_of(language) if isinstance(language, str) else None


def configured_source(config_file: str, default: str) -> str:
    """The plugin's `source` folder, resolved against the config file; `default` without one."""
    path = Path(config_file)
    config = _read(path)
    if not config:
        return default
    options = _plugin_options(config) or {}
    source = options.get("source", default)
    if not isinstance(source, str):
        return default
    resolved = path.parent / source
    return resolved.as_posix() if path.parent != Path(".") else source


def configured_directory_urls(config_file: str) -> bool:
    """Whether the site's pages have folder URLs (`page/`) or file URLs (`page.html`)."""
    value = _read(Path(config_file)).get("use_directory_urls", True)
    return value if isinstance(value, bool) else True


def configured_lint(config_file: str) -> object:
    """The plugin's `lint` option as written (None without one): the journey rules' levels,
    checked by `cjdocs.definitions.lint.rule_levels`."""
    options = _plugin_options(_read(Path(config_file))) or {}
    return options.get("lint")
