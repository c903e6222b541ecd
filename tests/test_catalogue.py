"""The catalogue: every language says everything, keeps every placeholder, and counts right."""

from __future__ import annotations

import re
import string

import pytest
from babel import Locale

from cjdocs.catalogue import catalogue, language_of, languages

OTHERS = [language for language in languages() if language != "en"]


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_german_is_there_beside_english():
    assert languages() == ("en", "de")


@pytest.mark.parametrize("language", OTHERS)
def test_every_language_has_every_key_of_english(language):
    assert sorted(catalogue(language)) == sorted(catalogue("en"))


@pytest.mark.parametrize("language", OTHERS)
def test_every_text_keeps_the_placeholders_of_its_english_one(language):
    english, other = catalogue("en"), catalogue(language)
    for key in english:
        wanted = set().union(*map(_placeholders, english.forms(key).values()))
        for form, text in other.forms(key).items():
            assert _placeholders(text) == wanted, (key, form)


@pytest.mark.parametrize("language", languages())
def test_a_counted_text_has_every_plural_form_its_language_needs(language):
    words = catalogue(language)
    needed = set(Locale.parse(language).plural_form.tags) | {"other"}
    for key in words:
        forms = words.forms(key)
        if len(forms) > 1 or "one" in forms:
            assert needed <= set(forms), (key, needed - set(forms))


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("en", 1, "1 touchpoint on 1 channel"),
        ("en", 1200, "1,200 touchpoints on 1,200 channels"),
        ("de", 1, "1 Touchpoint auf 1 Kanal"),
        ("de", 3, "3 Touchpoints auf 3 Kanälen"),
        ("de", 48000, "48.000 Touchpoints auf 48.000 Kanälen"),
    ],
)
def test_counts_take_the_plural_form_and_the_number_format_of_the_language(
    language, count, expected
):
    words = catalogue(language)
    text = f"{words.count('count.touchpoints', count)} {words.count('count.channels.on', count)}"
    assert text == expected


def test_shares_are_written_as_each_language_writes_them():
    assert catalogue("en").percent(0.125) == "12.5%"
    # German puts a (non-breaking) space between the number and the per cent sign.
    assert catalogue("de").percent(0.125) == "12,5\xa0%"
    assert catalogue("de").percent(1.0) == "100\xa0%"


@pytest.mark.parametrize(
    ("code", "language"),
    [("de", "de"), ("de_AT", "de"), ("de-CH", "de"), ("EN", "en"), ("fr", "en"), (None, "en")],
)
def test_a_site_language_picks_its_catalogue_or_english(code, language):
    assert language_of(code) == language
    assert catalogue(code).language == language


def test_a_text_with_plural_forms_is_not_read_as_plain_text_by_mistake():
    with pytest.raises(KeyError, match="plural forms"):
        catalogue("en")["count.steps"]


def test_no_english_word_is_left_in_german_labels_by_copy():
    english, german = catalogue("en"), catalogue("de")
    same = [
        key
        for key in english
        if english.forms(key) == german.forms(key)
        # (placeholders such as {definitions} are no words of either language)
        and re.search(r"[a-z]{5,}", re.sub(r"{\w+}", "", " ".join(english.forms(key).values())))
    ]
    # Words German uses as they are (Journey, Touchpoint, Persona, Emotion, Start, ...).
    shared = {
        "Journey",
        "Journeys",
        "Persona",
        "Personas",
        "Emotion",
        "Touchpoint",
        "Touchpoints",
        "Start",
        "Online",
        "Offline",
        "online",
        "offline",
        "neutral",
        "System",
    }
    assert [key for key in same if english[key] not in shared] == []
