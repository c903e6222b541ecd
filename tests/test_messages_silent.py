"""Issue 14, section 1: mistakes YAML would pass silently, changing the text the site shows.

A sentence split at its comma in a `[ ]` list, text cut off by `#`, a file with no definition,
two phases with one order: each is said, at its place, with the line to type, in English and
German. What only looks alike (a list item in lower case, a comment after an id, a `#` in
quotes) is left alone.
"""

from __future__ import annotations

import pytest
from mistakes import CATALOG, JOURNEY, Mistake, changed, ids, make_project, said

from conftest import run_cjdocs

MISTAKES = [
    Mistake(
        "a-sentence-split-at-its-comma",
        {"catalog.yaml": CATALOG + "goals: [Ein Gerät, das fünf Jahre hält]\n"},
        "journeys/catalog.yaml:40:20: warning: YAML splits this text at its commas into 2 "
        "items: 'Ein Gerät' and 'das fünf Jahre hält'; if it is one text, write "
        'goals: ["Ein Gerät, das fünf Jahre hält"] [split-text]\n',
        "journeys/catalog.yaml:40:20: warning: YAML teilt diesen Text an seinen Kommas in 2 "
        "Einträge: 'Ein Gerät' und 'das fünf Jahre hält'; wenn es ein Text ist, so schreiben: "
        'goals: ["Ein Gerät, das fünf Jahre hält"] [split-text]\n',
    ),
    Mistake(
        "text-after-a-hash-cut-off",
        {
            "journey.yaml": changed(
                JOURNEY, "    emotion: 1\n", "    emotion: 1\n    feeling: neugierig #neu\n"
            )
        },
        "journeys/journey.yaml:11:24: warning: step 1 ('reads-newsletter'): the text after '#' "
        "is read as a comment and left out, so feeling is only 'neugierig'; to keep it, write "
        'feeling: "neugierig #neu" [comment-in-text]\n',
        "journeys/journey.yaml:11:24: warning: Schritt 1 ('reads-newsletter'): der Text nach "
        "'#' wird als Kommentar gelesen und weggelassen, feeling ist also nur 'neugierig'; um "
        'ihn zu behalten, so schreiben: feeling: "neugierig #neu" [comment-in-text]\n',
    ),
    Mistake(
        "an-empty-file",
        {"notes.yaml": ""},
        "journeys/notes.yaml:1:1: warning: this file holds no definition; write one (it starts "
        "with kind: and id:) or delete the file [empty-file]\n",
        "journeys/notes.yaml:1:1: warning: diese Datei enthält keine Definition; eine schreiben "
        "(sie beginnt mit kind: und id:) oder die Datei löschen [empty-file]\n",
    ),
    Mistake(
        "a-file-of-comments-only",
        {"notes.yaml": "# Personas kommen später\n# (siehe Wiki)\n"},
        "journeys/notes.yaml:1:1: warning: this file holds no definition; write one (it starts "
        "with kind: and id:) or delete the file [empty-file]\n",
        "journeys/notes.yaml:1:1: warning: diese Datei enthält keine Definition; eine schreiben "
        "(sie beginnt mit kind: und id:) oder die Datei löschen [empty-file]\n",
    ),
    Mistake(
        "two-phases-with-one-order",
        {"catalog.yaml": changed(CATALOG, "order: 2", "order: 1")},
        "journeys/catalog.yaml:9:8: error: phase 'purchase' has the order 1, as phase "
        "'awareness' does (journeys/catalog.yaml:4), so the site would show the two in no fixed "
        "order; give each phase its own order [duplicate-order]\n",
        "journeys/catalog.yaml:9:8: error: Phase 'purchase' hat die order 1 wie Phase "
        "'awareness' (journeys/catalog.yaml:4), die Website zeigte die beiden also in keiner "
        "festen Reihenfolge; jeder Phase eine eigene order geben [duplicate-order]\n",
    ),
]

# What only looks like those mistakes, and is said by nobody.
FINE = {
    "list-items-in-lower-case": {
        "catalog.yaml": CATALOG
        + "pain_points: [Lieferzeit zu lang, keine Sendungsverfolgung, zu teuer]\n"
    },
    "comments-after-ids-and-numbers-and-hashes-in-quotes": {
        "journey.yaml": changed(
            changed(JOURNEY, "phase: awareness", "phase: awareness  # the first phase"),
            "    emotion: 1\n",
            "    emotion: 1  # gut\n"
            "    # a comment on its own line\n"
            '    feeling: "neugierig #neu"\n'
            "    thoughts: 'Was kostet #das?'\n"
            "    pain_points:\n"
            "      - Preis#1 ist zu hoch\n"
            "    opportunities: [Rabatt#2]\n",
        )
    },
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=ids(MISTAKES))
def test_a_silent_change_is_said_where_it_happens_in_english_and_german(mistake, tmp_path):
    folder = make_project(tmp_path, mistake.files)
    assert said(folder, "en") == mistake.english
    assert said(folder, "de") == mistake.german


@pytest.mark.parametrize("files", FINE.values(), ids=FINE.keys())
def test_what_only_looks_like_a_silent_change_is_left_alone(files, tmp_path):
    folder = make_project(tmp_path, files)
    assert said(folder, "en") == ""


def test_silent_changes_are_warnings_and_fail_only_strict_checks(tmp_path):
    folder = make_project(tmp_path, MISTAKES[0].files)
    relaxed = run_cjdocs("validate", cwd=folder)
    strict = run_cjdocs("validate", "--strict", cwd=folder)
    assert relaxed.returncode == 0
    assert strict.returncode == 1
    assert relaxed.stdout == MISTAKES[0].english
    assert relaxed.stderr == "8 definitions in 2 files: 0 errors, 1 warning\n"


def test_two_phases_with_one_order_fail_the_check(tmp_path):
    folder = make_project(tmp_path, MISTAKES[-1].files)
    result = run_cjdocs("validate", "--lang", "de", cwd=folder)
    assert result.returncode == 1
    assert result.stdout == MISTAKES[-1].german
    assert result.stderr == "8 Definitionen in 2 Dateien: 1 Fehler, 0 Warnungen\n"
