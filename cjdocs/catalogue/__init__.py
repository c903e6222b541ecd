"""Every word cjdocs writes, in each language it speaks: one YAML file per language.

Pages, diagrams, charts and messages take their words from a `Catalogue`: a read-only mapping
from keys to text, plus the few things words alone cannot do right: plural forms ("1 step",
"2 steps"; "1 Kanal", "3 Kanälen"), and numbers and shares written as the reader's locale
writes them ("48,000" and "12.5%" in English, "48.000" and "12,5 %" in German). Plural rules
and number formats come from Babel (CLDR data, installed with Material), so a third language
is a file (`fr.yaml`), not code.

Babel is imported on the first number or plural, not before: `cjdocs validate` on a clean
repository writes no number and starts without it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Any

import yaml

DEFAULT = "en"


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages there is a catalogue file for, English first."""
    found = sorted(
        entry.name.removesuffix(".yaml")
        for entry in resources.files(__package__).iterdir()
        if entry.name.endswith(".yaml")
    )
    return tuple(sorted(found, key=lambda language: language != DEFAULT))


def language_of(code: str | None) -> str:
    """The catalogue language for a code such as `de`, `de_AT` or `en-GB`; English otherwise."""
    base = (code or DEFAULT).replace("-", "_").split("_")[0].lower()
    return base if base in languages() else DEFAULT


class Catalogue(Mapping[str, str]):
    """The words of one language. `catalogue[key]` is plain text; `count` picks a plural form."""

    def __init__(self, language: str, entries: Mapping[str, Any]) -> None:
        self.language = language
        self._entries = entries

    def __getitem__(self, key: str) -> str:
        value = self._entries[key]
        if isinstance(value, Mapping):
            raise KeyError(f"{key!r} has plural forms: use count({key!r}, number)")
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def forms(self, key: str) -> Mapping[str, str]:
        """The plural forms of a key (`one`, `other`, ...), for checking the catalogue."""
        value = self._entries[key]
        return value if isinstance(value, Mapping) else {"other": value}

    def count(self, key: str, number: int, **values: object) -> str:
        """The entry for `number` things in its plural form, `{count}` written as a number."""
        forms = self.forms(key)
        form = _locale(self.language).plural_form(number)
        text = forms.get(form, forms["other"])
        return text.format(count=self.number(number), **values)

    def number(self, value: int | float, digits: int = 0) -> str:
        """A number as the locale writes it: `48,000` / `48.000`; `digits` after the point."""
        return _number(self.language, value, digits)

    def percent(self, share: float, digits: int = 1) -> str:
        """A share (0.125) as a percentage, `12.5%` / `12,5 %`, trailing zeros dropped."""
        return _percent(self.language, share, digits)


# A site writes the same few numbers (reach, counts, emotions) tens of thousands of times;
# Babel reads its pattern anew for each. `typed`: 1 and 1.0 are kept apart.
@functools.lru_cache(maxsize=8192, typed=True)
def _number(language: str, value: int | float, digits: int) -> str:
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(language))


@functools.lru_cache(maxsize=8192, typed=True)
def _percent(language: str, share: float, digits: int) -> str:
    from babel.numbers import format_percent

    pattern = _locale(language).percent_formats[None].pattern
    # The locale's own pattern (its spacing and sign), with up to `digits` decimals.
    pattern = pattern.replace("0", "0" + "." + "#" * digits, 1) if digits else pattern
    return format_percent(share, format=pattern, locale=_locale(language))


@functools.cache
def _locale(language: str):
    from babel import Locale

    return Locale.parse(language)


@functools.cache
def catalogue(language: str | None = None) -> Catalogue:
    """The catalogue of a language (`de`, `de_AT`, ...); English for any language without one."""
    chosen = language_of(language)
    text = (resources.files(__package__) / f"{chosen}.yaml").read_text(encoding="utf-8")
    entries = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    entries.pop("language", None)
    return Catalogue(chosen, entries)
