"""The loader: YAML 1.2 values with positions, and every hostile file refused with a position."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cjdocs.definitions.loader import MAX_ALIAS_VALUES, load_file, load_text
from conftest import run_cjdocs


def load(text: str):
    result = load_text(text, "test.yaml")
    return [document.data for document in result.documents], result.findings


def write(tmp_path: Path, content: bytes | str, name: str = "definitions.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("2024-05-01", "2024-05-01"),
        ("2024-13-45", "2024-13-45"),
        ("10:30", "10:30"),
        ("1_000", "1_000"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("null", None),
        ("42", 42),
        ("-2", -2),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        (".inf", math.inf),
        ("'42'", "42"),
        ('"no"', "no"),
        ("!!str 5", "5"),
        ("!!int 7", 7),
    ],
)
def test_values_are_read_as_yaml_1_2_reads_them(text, value):
    documents, findings = load(f"value: {text}\n")
    assert findings == []
    assert documents == [{"value": value}]
    assert type(documents[0]["value"]) is type(value)


def test_every_value_keeps_its_line_and_column():
    text = "kind: journey\nsteps:\n  - id: first\n    touchpoints: [mail, shop]\n"
    document = load_text(text, "j.yaml").documents[0]
    assert document.locate(("kind",)) == (1, 7)
    assert document.locate(("steps", 0)) == (3, 5)
    assert document.locate(("steps", 0, "id")) == (3, 9)
    assert document.locate(("steps", 0, "touchpoints", 1)) == (4, 25)
    assert document.locate_key(("steps", 0, "touchpoints")) == (4, 5)
    # A value that is missing is located at its parent.
    assert document.locate(("steps", 0, "phase")) == (3, 5)


def test_keys_are_text_and_never_collapse():
    documents, findings = load("1: one\ntrue: yes\n'1.0': x\n")
    assert findings == []
    assert documents == [{"1": "one", "true": "yes", "1.0": "x"}]


def test_empty_documents_are_skipped():
    text = "---\n# only a comment\n---\nkind: phase\n---\n---\n"
    documents, findings = load(text)
    assert findings == []
    assert documents == [{"kind": "phase"}]


def test_documents_before_a_broken_one_are_kept():
    text = "kind: phase\nid: a\n---\nkind: [broken\n"
    result = load_text(text, "x.yaml")
    assert [document.data for document in result.documents] == [{"kind": "phase", "id": "a"}]
    assert [(f.line, f.column, f.message) for f in result.findings] == [
        (4, 7, "the list opened here with [ is not closed, or a comma is missing in it")
    ]


def test_a_small_alias_is_welcome():
    text = "a: &shared [mail, shop]\nb: *shared\n"
    documents, findings = load(text)
    assert findings == []
    assert documents == [{"a": ["mail", "shop"], "b": ["mail", "shop"]}]


def test_an_alias_that_contains_itself_is_refused():
    documents, findings = load("a: &loop [1, *loop]\n")
    assert documents == []
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml", 1, 4)]
    assert "stands inside the value it copies, a loop without end" in findings[0].message


def test_alias_bomb_is_refused_while_loading():
    levels = ["a: &a [" + ",".join(['"lol"'] * 9) + "]"]
    for number in range(1, 12):  # 9**12 values if expanded
        previous, name = chr(ord("a") + number - 1), chr(ord("a") + number)
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    documents, findings = load("\n".join(levels) + "\n")
    assert documents == []
    assert len(findings) == 1
    assert f"more than {MAX_ALIAS_VALUES:,} values" in findings[0].message
    assert "'billion laughs' attack" in findings[0].message
    assert "alias" not in findings[0].message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "the tag !!python/object/apply:os.system is not allowed",
        ),
        ("a: !!binary aGVsbG8=\n", "the tag !!binary is not allowed"),
        ("a: !custom x\n", "the tag !custom is not allowed"),
        ("a: !!set {x}\n", "the tag !!set is not allowed"),
        ("a: !!int many\n", "'many' is not what its tag !!int says; remove the tag"),
    ],
)
def test_unsafe_or_wrong_tags_are_refused(text, words):
    documents, findings = load(text)
    assert documents == []
    assert len(findings) == 1
    assert findings[0].code == "yaml"
    assert (findings[0].line, findings[0].column) == (1, 4)
    assert words in findings[0].message


def test_nesting_too_deep_is_refused():
    documents, findings = load("a: " + "[" * 500 + "]" * 500 + "\n")
    assert documents == []
    assert findings[0].code == "yaml"
    assert "nested more than 64 levels deep" in findings[0].message


def test_extreme_nesting_gives_a_finding_not_a_crash(tmp_path):
    # libyaml's C composer crashes the interpreter past some 50,000 levels.
    write(tmp_path, "a: " + "[" * 200_000 + "\n")
    result = run_cjdocs("validate", "definitions.yaml", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith("definitions.yaml:1:")
    assert result.stdout.rstrip().endswith("[yaml]")
    assert "Traceback" not in result.stderr


def test_a_huge_file_is_refused_before_parsing(tmp_path):
    path = write(tmp_path, b"a: " + b"x" * (50 * 1024 * 1024) + b"\n")
    result = load_file(str(path), "big.yaml")
    assert result.documents == []
    assert [finding.message for finding in result.findings] == [
        "this file is larger than 10 MB; split the definitions over several files"
    ]


def test_ten_thousand_definitions_in_one_file_are_all_checked(tmp_path):
    text = "\n---\n".join(
        f"kind: channel\nid: channel-{n}\nname: Channel {n}\ntype: online" for n in range(10_000)
    )
    write(tmp_path, text + "\n---\nkind: channel\nid: channel-7\nname: Again\ntype: online\n")
    result = run_cjdocs("validate", "definitions.yaml", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert "10,001 definitions in 1 file" in result.stderr
    assert result.stdout.count('"duplicate-id"') == 2


def test_utf8_with_byte_order_mark_and_windows_line_ends_is_read(tmp_path):
    path = write(tmp_path, "\ufeffkind: phase\r\nname: Kauf für Großeltern\r\n".encode())
    result = load_file(str(path))
    assert result.findings == []
    assert result.documents[0].data == {"kind": "phase", "name": "Kauf für Großeltern"}
    assert result.documents[0].locate(("name",)) == (2, 7)


def test_latin1_file_is_refused_at_the_bad_byte(tmp_path):
    path = write(tmp_path, "kind: persona\nname: J\xfcrgen\n".encode("latin-1"))
    (finding,) = load_file(str(path), "p.yaml").findings
    assert (finding.line, finding.column) == (2, 8)
    assert "not UTF-8" in finding.message


def test_control_character_is_located(tmp_path):
    path = write(tmp_path, b"kind: persona\nname: A\x07B\n")
    (finding,) = load_file(str(path), "p.yaml").findings
    assert (finding.line, finding.column) == (2, 8)
    assert "U+0007" in finding.message


def test_a_folder_given_as_a_file_is_a_finding_not_a_crash(tmp_path):
    folder = tmp_path / "odd.yaml"
    folder.mkdir()
    result = load_file(str(folder), "odd.yaml")
    assert result.findings[0].message.startswith("this file cannot be read")


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("kind: persona\nid: a\n name: b\n", 3, 6, "indented further than the key above it"),
        ("name: Anna: the buyer\n", 1, 11, 'put the text in quotes: write name: "Anna: the buyer"'),
        ("steps:\n  - id: a\n    name: b\n   - id: c\n", 4, 4, "not lined up with the list items"),
        ('name: "unterminated\nid: x\n', 1, 7, 'the quote " opened here is never closed'),
        ("name: {a: 1\n", 1, 7, "the key: value pairs opened here with { are not closed"),
        ("name: @anna\n", 1, 7, "cannot start a value; put the text in quotes"),
        ("a: *nope\n", 1, 4, "refers to no value marked &name above it"),
        ("a: 1\n\tb: 2\n", 2, 1, "a tab (→) at column 1: indent with spaces"),
    ],
)
def test_syntax_errors_are_explained_in_plain_words(text, line, column, words):
    _documents, findings = load(text)
    assert [(f.code, f.line, f.column) for f in findings] == [("yaml", line, column)]
    assert words in findings[0].message
    assert "this is not valid YAML" not in findings[0].message
