"""Issue 14, section 3: in her words and her language.

Places counted as people count them (`step 6 ('orders')`), the code at the end of the line,
no YAML jargon; German when the site is German (or `--lang de`), English otherwise; numbers as
the reader's locale writes them; `--format json` and `github` with stable English codes and the
machine path; `cjdocs explain CODE` for every code in both languages, and the guide's list of
checks made of the same words.
"""

from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

import pytest
from mistakes import JOURNEY, changed, make_project

from cjdocs.catalogue import catalogue, languages
from cjdocs.definitions.explanations import as_markdown, as_text, explanation
from cjdocs.definitions.findings import CODES
from cjdocs.definitions.kinds import KINDS
from conftest import FIXTURES, ROOT, run_cjdocs

GOLDEN = sorted((FIXTURES / "invalid").glob("*/expected*.txt"))
GUIDE = ROOT / "docs" / "guide" / "3-checks.md"


def _site(folder: Path, language: str) -> None:
    (folder / "mkdocs.yml").write_text(
        f"site_name: Test\ntheme:\n  name: material\n  language: {language}\n"
        "plugins:\n  - cjdocs\n",
        encoding="utf-8",
    )


# -- her words --------------------------------------------------------------------------------

LINE = re.compile(r"[^:]+:\d+:\d+: (error|warning): (?P<message>.+) \[(?P<code>[a-z-]+)\]")


@pytest.mark.parametrize("golden", GOLDEN, ids=[f"{p.parent.name}/{p.name}" for p in GOLDEN])
def test_every_line_ends_with_its_code_and_counts_places_from_one(golden):
    for line in golden.read_text(encoding="utf-8").splitlines():
        match = LINE.fullmatch(line)
        assert match, line
        assert match.group("code") in CODES
        # No machine path: steps and items are counted from 1, by their names.
        assert not re.search(r"\w\[\d+\]", match.group("message")), line


def test_a_step_is_named_by_its_number_and_id(tmp_path):
    folder = make_project(tmp_path, {"journey.yaml": changed(JOURNEY, "emotion: 2", "emotion: 5")})
    for language, place in (("en", "step 2 ('pays'): "), ("de", "Schritt 2 ('pays'): ")):
        result = run_cjdocs("validate", "--lang", language, "--format", "json", cwd=folder)
        (finding,) = json.loads(result.stdout)
        # The JSON path stays the machine's, counted from 0; the message counts from 1.
        assert finding["path"] == "steps[1].emotion"
        assert finding["message"].startswith(place)


JARGON = {
    "en": re.compile(r"\b(mappings?|scalars?|alias(es)?|documents?)\b", re.IGNORECASE),
    "de": re.compile(r"(Mapping|Skalar|Alias|Dokument)", re.IGNORECASE),
}


@pytest.mark.parametrize("language", languages())
def test_messages_speak_of_lists_values_and_definitions_not_yaml_jargon(language):
    words = catalogue(language)
    for key in words:
        if key.split(".")[0] in ("message", "cli", "explain"):
            for text in words.forms(key).values():
                assert not JARGON[language].search(text), (key, text)


# -- every message in every language ------------------------------------------------------------

SOURCES = sorted((ROOT / "cjdocs" / "definitions").glob("*.py"))
# A message's catalogue entry, named in the code: word("schema.url", ...) and the like.
NAMED = re.compile(r"""(?:word|words|self\.words|listing\.words)(?:\.count)?\(\s*f?"([^"]+)\"""")
# Entries named with a kind or a file kind in them, and every value those take.
FAMILIES = {
    "{kind}": (*KINDS, "step"),
    "{what}": ("folder", "fifo", "socket", "device", "special", "file"),
    "{item}": ("string", "integer", "number", "array", "object", "boolean", "null"),
}


def _named_entries() -> set[str]:
    entries = set()
    for source in SOURCES:
        for name in NAMED.findall(source.read_text(encoding="utf-8")):
            entries.add(re.sub(r"\{[^}]*\}", "{}", name))
    return entries


def _expanded(entry: str, words) -> list[str]:
    if "{}" not in entry:
        return [f"message.{entry}"]
    prefix = f"message.{entry.split('{}')[0]}"
    found = [key for key in words if key.startswith(prefix) and key.count(".") == prefix.count(".")]
    assert found, entry
    return found


@pytest.mark.parametrize("language", languages())
def test_every_message_the_checks_give_is_in_every_language(language):
    words = set(catalogue(language))
    english = catalogue("en")
    named = _named_entries()
    assert len(named) > 100
    for entry in named:
        for key in _expanded(entry, english):
            assert key in words, key
    # Families of entries (one per kind of definition, per kind of file) are complete.
    for kind in (*KINDS, "step"):
        for family in ("reference.none", "reference.none_yet", "reference.listed"):
            assert f"message.{family}.{kind}" in words
    for kind in KINDS:
        for family in ("duplicate", "schema.noun", "schema.this", "schema.a"):
            assert f"message.{family}.{kind}" in words
        if kind != "journey":
            assert f"message.unused.{kind}" in words


@pytest.mark.parametrize("language", languages())
def test_every_message_fills_its_placeholders(language):
    words = catalogue(language)
    for key in words:
        if key.split(".")[0] not in ("message", "cli"):
            continue
        for text in words.forms(key).values():
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            filled = text.format(**dict.fromkeys(names, "X"))
            assert "{" not in filled.replace("{if", "") or "{{" in text, (key, filled)


# -- her language -------------------------------------------------------------------------------

MISTAKE = {"journey.yaml": changed(JOURNEY, "emotion: 2", "emotion: 5")}
GERMAN = (
    "journeys/journey.yaml:15:14: error: Schritt 2 ('pays'): emotion muss zwischen -2 und 2 "
    "liegen, nicht 5 [schema]\n"
)
ENGLISH = (
    "journeys/journey.yaml:15:14: error: step 2 ('pays'): emotion must be between -2 and 2, "
    "not 5 [schema]\n"
)


def test_a_german_site_gets_german_messages_and_lang_overrides_it(tmp_path):
    folder = make_project(tmp_path, MISTAKE)
    _site(folder, "de")
    german = run_cjdocs("validate", cwd=folder)
    assert (german.returncode, german.stdout) == (1, GERMAN)
    assert german.stderr == "8 Definitionen in 2 Dateien: 1 Fehler, 0 Warnungen\n"
    english = run_cjdocs("validate", "--lang", "en", cwd=folder)
    assert (english.stdout, english.stderr) == (
        ENGLISH,
        "8 definitions in 2 files: 1 error, 0 warnings\n",
    )


def test_an_english_or_unknown_site_language_gets_english_messages(tmp_path):
    folder = make_project(tmp_path, MISTAKE)
    for language in ("en", "fr"):
        _site(folder, language)
        assert run_cjdocs("validate", cwd=folder).stdout == ENGLISH
    assert run_cjdocs("validate", "--lang", "de", cwd=folder).stdout == GERMAN


def test_a_german_build_fails_with_the_german_messages(tmp_path):
    folder = make_project(tmp_path, MISTAKE)
    _site(folder, "de")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Hallo\n", encoding="utf-8")
    result = run_cjdocs("build", cwd=folder, timeout=300)
    assert result.returncode == 1
    assert GERMAN.rstrip("\n") in result.stderr


def test_numbers_are_written_as_the_readers_locale_writes_them(tmp_path):
    channels = "".join(
        f"---\nkind: channel\nid: c{n}\nname: C{n}\ntype: online\n" for n in range(1200)
    )
    folder = make_project(tmp_path, {"channels.yaml": channels.removeprefix("---\n")})
    english = run_cjdocs("validate", "--lang", "en", cwd=folder)
    german = run_cjdocs("validate", "--lang", "de", cwd=folder)
    assert english.stderr.endswith("1,208 definitions in 3 files: 0 errors, 1,200 warnings\n")
    assert german.stderr.endswith("1.208 Definitionen in 3 Dateien: 0 Fehler, 1.200 Warnungen\n")
    assert "warning: no journey uses a touchpoint of channel 'c7' [unused]" in english.stdout
    assert "warning: keine Journey nutzt einen Touchpoint des Kanals 'c7' [unused]" in (
        german.stdout
    )


def test_json_and_github_keep_english_codes_and_the_machine_path(tmp_path):
    folder = make_project(tmp_path, MISTAKE)
    result = run_cjdocs("validate", "--lang", "de", "--format", "json", cwd=folder)
    assert json.loads(result.stdout) == [
        {
            "file": "journeys/journey.yaml",
            "line": 15,
            "column": 14,
            "severity": "error",
            "code": "schema",
            "path": "steps[1].emotion",
            "message": "Schritt 2 ('pays'): emotion muss zwischen -2 und 2 liegen, nicht 5",
        }
    ]
    github = run_cjdocs("validate", "--lang", "de", "--format", "github", cwd=folder)
    assert github.stdout == (
        "::error file=journeys/journey.yaml,line=15,col=14,title=schema::Schritt 2 ('pays'): "
        "emotion muss zwischen -2 und 2 liegen, nicht 5\n"
    )


def test_counted_command_messages_take_plural_forms_and_the_site_language(tmp_path):
    _site(tmp_path, "de")
    german = run_cjdocs("schema", "-o", "out", cwd=tmp_path)
    assert german.stderr == "7 Schemas nach out/ geschrieben\n"
    english = run_cjdocs("schema", "-o", "out", cwd=tmp_path / "out")
    assert english.stderr == "7 schemas written to out/\n"
    one = make_project(tmp_path / "one", {"journey.yaml": JOURNEY.replace("persona: anna", "")})
    result = run_cjdocs("validate", "--lang", "de", cwd=one)
    assert result.stderr == "8 Definitionen in 2 Dateien: 1 Fehler, 0 Warnungen\n"
    drawn = run_cjdocs("render", "first-purchase", "--lang", "de", cwd=one)
    assert drawn.stderr.endswith("kann nicht zeichnen: 1 Fehler in den Definitionen\n")


# -- cjdocs explain CODE -------------------------------------------------------------------------


@pytest.mark.parametrize("language", languages())
@pytest.mark.parametrize("code", CODES)
def test_explain_says_what_a_check_means_why_and_shows_before_and_after(code, language):
    words = catalogue(language)
    text = as_text(code, language)
    severity = words[f"explain.severity.{CODES[code]}"]
    assert text.startswith(f"{code} ({severity}): {words[f'explain.{code}.summary']}\n\n")
    for heading in ("explain.why", "explain.before", "explain.after"):
        assert f"{words[heading]}:" in text
    before, after = words[f"explain.{code}.before"], words[f"explain.{code}.after"]
    assert before != after
    for line in (before + after).splitlines():
        assert f"    {line}".rstrip() in text.splitlines()


def test_the_explain_command_prints_in_the_sites_language(tmp_path):
    _site(tmp_path, "de")
    german = run_cjdocs("explain", "split-text", cwd=tmp_path)
    assert german.returncode == 0
    assert german.stdout == as_text("split-text", "de")
    assert german.stdout.startswith("split-text (Warnung): ein Text, den sein Komma in zwei teilt")
    english = run_cjdocs("explain", "unknown-reference", "--lang", "en", cwd=tmp_path)
    assert english.stdout.startswith("unknown-reference (error): an id that refers to nothing\n")


def test_explain_without_a_code_lists_every_code(tmp_path):
    result = run_cjdocs("explain", cwd=tmp_path)
    assert result.returncode == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == list(CODES)
    assert re.search(
        r"^diagram-too-large +a diagram too large to draw, shown as a table$", result.stdout, re.M
    )


def test_explain_of_an_unknown_code_exits_2_and_suggests_one(tmp_path):
    result = run_cjdocs("explain", "unknown-refrence", cwd=tmp_path)
    assert result.returncode == 2
    assert "no check 'unknown-refrence' (did you mean 'unknown-reference'?)" in result.stderr


# -- the guide ------------------------------------------------------------------------------------

BLOCK = re.compile(r"<!-- explain (?P<code>[a-z-]+) -->\n(?P<text>.*?)<!-- /explain -->\n", re.S)


def test_the_guide_explains_every_code_in_the_words_of_cjdocs_explain():
    """docs/guide/3-checks.md holds, under each code's heading, what `cjdocs explain CODE`
    says (as Markdown). CJDOCS_UPDATE_GOLDEN=1 writes them anew from the catalogue."""
    guide = GUIDE.read_text(encoding="utf-8")
    if os.environ.get("CJDOCS_UPDATE_GOLDEN"):
        guide = BLOCK.sub(
            lambda match: (
                f"<!-- explain {match['code']} -->\n{as_markdown(match['code'], 'en')}"
                "<!-- /explain -->\n"
            ),
            guide,
        )
        GUIDE.write_text(guide, encoding="utf-8")
    blocks = {match["code"]: match["text"] for match in BLOCK.finditer(guide)}
    assert list(blocks) == list(CODES)
    for code, text in blocks.items():
        assert text == as_markdown(code, "en"), code
        assert f"### {code}\n\n<!-- explain {code} -->" in guide
        # The list of checks says what `cjdocs explain` lists.
        summary = explanation(code, "en").summary
        assert f"| [`{code}`](#{code}) | {CODES[code]} | {summary} |\n" in guide
