"""Fuzzing as an attacker would: generated definition sets full of hostile text and numbers.

For every set hypothesis makes (text with control characters, escapes, markup of HTML, SVG,
DOT and Markdown, right-to-left and emoji, huge and odd numbers, odd file names):
- `validate` never raises, and whatever it accepts builds: every page and diagram is made;
- every SVG is well-formed XML, every page is free of executable markup;
- a real `cjdocs build` agrees with `validate` (exit 0 when it accepts, 1 when it refuses)
  and writes nothing outside its site folder.

The number of examples is modest by default (CI); `CJDOCS_FUZZ=thorough` runs many more
(`CJDOCS_FUZZ=thorough .venv/bin/python -m pytest tests/test_fuzz.py`).
"""

from __future__ import annotations

import os
import re
import tempfile
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cjdocs.definitions.validation import load_model
from cjdocs.render.assemble import build_pages, page_markdown
from conftest import run_cjdocs
from hostile import NASTY

THOROUGH = os.environ.get("CJDOCS_FUZZ") == "thorough"
IN_PROCESS = 400 if THOROUGH else 25
REAL_BUILDS = 40 if THOROUGH else 4
# In CI the same examples every run (a failure is reproducible, never a fluke of the day);
# the thorough run draws new ones each time.
SETTINGS = {
    "deadline": None,
    "derandomize": not THOROUGH,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

# Pieces an attacker (or a slip of the keyboard) puts into text: markup of every target,
# escapes, control and invisible characters, and the odd corners of Unicode.
PIECES = [
    *NASTY,
    "</svg><script>alert(1)</script>",
    "<![CDATA[ ]]> <!-- x --> <?xml ?>",
    '" onmouseover="alert(1)',
    "javascript:alert(1)",
    "\\N \\G \\E \\T \\H \\L \\l \\r \\n",
    "{{ config }} {% raw %} ${x}",
    "&#0; &#x1b; &#xD800; &bogus;",
    "\u0000\u0008\u000b\u000c\u001f\u007f\u0085\u00a0\u2028\u2029\ufeff\uffff",
    "\u202e\u2066\u2069 عربى עברית",
    "e\u0301\u0301\u0301 zalgo",
    "# heading\n\n---\n\n| a | b |\n|---|---|\n",
    "x" * 3000,
    "%s %n %x {0} {name}",
]
text = st.one_of(
    st.sampled_from(PIECES),
    st.text(min_size=1, max_size=40),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map(" ".join),
)
numbers = st.one_of(
    st.integers(-3, 3),
    st.integers(-(10**45), 10**45),
    st.sampled_from([0, 2**53 - 1, 2**53, 2**63, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["0x" + "f" * 300, "1e400", ".nan", "-.inf", "18.000", "1_000"]),
)
identifiers = st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}\Z")


@st.composite
def definition_sets(draw) -> list[dict]:
    """A set of definitions that is valid in shape, with hostile values in every text field,
    and now and then a hostile number."""
    phase_ids = draw(st.lists(identifiers, min_size=1, max_size=3, unique=True))
    channel_ids = draw(st.lists(identifiers, min_size=1, max_size=2, unique=True))
    touchpoint_ids = draw(st.lists(identifiers, min_size=1, max_size=3, unique=True))
    persona = draw(identifiers)
    maybe = lambda strategy: draw(st.one_of(st.none(), strategy))  # noqa: E731

    def rarely(odd, usual):
        """Mostly a usual value, one time in ten an odd one: most sets must pass validate,
        or the rendering is never reached."""
        # (hypothesis favours small numbers: the odd case is the largest)
        return draw(odd) if draw(st.integers(0, 9)) == 9 else draw(usual)

    definitions: list[dict] = [
        {
            "kind": "phase",
            "id": phase,
            "name": draw(text),
            "order": rarely(numbers, st.just(number)),
            "description": maybe(text),
            "customer_goal": maybe(text),
        }
        for number, phase in enumerate(phase_ids, 1)
    ]
    definitions += [
        {
            "kind": "channel",
            "id": channel,
            "name": draw(text),
            "type": draw(st.sampled_from(["online", "offline"])),
        }
        for channel in channel_ids
    ]
    definitions += [
        {
            "kind": "touchpoint",
            "id": touchpoint,
            "name": draw(text),
            "channel": draw(st.sampled_from(channel_ids)),
            "owner": maybe(text),
            "url": maybe(
                st.sampled_from(
                    [
                        "https://example.com/a%20b",
                        "https://x.test/?q=<script>",
                        "http://[",
                        "https://" + "".join(draw(text).split()),
                    ]
                )
            )
            if draw(st.integers(0, 9)) < 9
            else draw(st.sampled_from(["javascript:alert(1)", "data:text/html,x", draw(text)])),
        }
        for touchpoint in touchpoint_ids
    ]
    definitions.append(
        {
            "kind": "persona",
            "id": persona,
            "name": draw(text),
            "quote": maybe(text),
            "goals": [draw(text)],
        }
    )
    step_ids = draw(st.lists(identifiers, min_size=1, max_size=6, unique=True))
    steps = []
    for index, step in enumerate(step_ids):
        entry = {
            "id": step,
            "name": draw(text),
            "phase": draw(st.sampled_from(phase_ids)),
            "action": maybe(text),
            "touchpoints": draw(st.lists(st.sampled_from(touchpoint_ids), max_size=2)),
            "emotion": rarely(numbers, st.one_of(st.none(), st.integers(-2, 2))),
            "feeling": maybe(text),
            "pain_points": draw(st.lists(text, max_size=2)),
            "reach": rarely(numbers, st.one_of(st.none(), st.integers(0, 10**12))),
        }
        later = step_ids[index + 1 :]
        if later and draw(st.booleans()):
            # The first branch goes on to the next step, so that no step is left unreachable.
            targets = [later[0], *draw(st.lists(st.sampled_from(later), max_size=1))]
            entry["branches"] = [{"if": draw(text), "goto": target} for target in targets]
        steps.append({key: value for key, value in entry.items() if value is not None})
    definitions.append(
        {
            "kind": "journey",
            "id": draw(identifiers),
            "name": draw(text),
            "persona": persona,
            "description": maybe(text),
            "steps": steps,
        }
    )
    return [
        {key: value for key, value in definition.items() if value is not None}
        for definition in definitions
    ]


def _write(folder: Path, definitions: list[dict], file_name: str) -> None:
    journeys = folder / "journeys"
    journeys.mkdir(parents=True, exist_ok=True)
    (journeys / file_name).write_text(
        yaml.safe_dump_all(definitions, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


class _Markup(HTMLParser):
    """What in a page could run script: elements and attributes of that kind."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.dangers: list[str] = []

    def handle_starttag(self, tag, attributes):
        if tag in ("script", "iframe", "object", "embed", "foreignobject"):
            self.dangers.append(tag)
        for name, value in attributes:
            if name.startswith("on"):
                self.dangers.append(f"{tag} {name}")
            if name in ("href", "src", "xlink:href") and re.match(
                r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE
            ):
                self.dangers.append(f"{tag} {name}={value}")


def _dangers(html: str) -> list[str]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.dangers


@settings(max_examples=IN_PROCESS, **SETTINGS)
@given(definition_sets())
def test_whatever_validate_accepts_renders_to_safe_well_formed_pages(definitions):
    with tempfile.TemporaryDirectory() as folder:
        _write(Path(folder), definitions, "set.yaml")
        validation, model = load_model([Path(folder) / "journeys"], workers=1)
        assert all(finding.line >= 1 and finding.message for finding in validation.findings)
        if model is None:
            assert validation.errors
            return
        for page in build_pages(model, cache_folder=Path(folder) / "cache", workers=1):
            markdown, blocks = page_markdown(page, inline=True)
            for name, figure in page.figures.items():
                if name.startswith("part-"):  # a section set apart from search: HTML
                    assert _dangers(figure) == [], page.path
                else:
                    ET.fromstring(figure)  # a diagram: well-formed XML, or this raises
            for block in blocks:
                assert _dangers(block) == [], page.path
            assert _dangers(markdown) == [], page.path


FILE_NAMES = st.sampled_from(
    ['x"><img src=x onerror=alert(1)>.yaml', "ü 😀 [x](y).yaml", "plain.yaml", "a\tb.yml"]
)


# A real build takes seconds: a failure is reported as found, not shrunk build by build.
@settings(
    max_examples=REAL_BUILDS, phases=[Phase.explicit, Phase.reuse, Phase.generate], **SETTINGS
)
@given(definition_sets(), FILE_NAMES)
def test_a_real_build_agrees_with_validate_and_writes_only_its_site(definitions, file_name):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        _write(project, definitions, file_name)
        (project / "docs").mkdir()
        (project / "docs" / "index.md").write_text("# Fuzz\n", encoding="utf-8")
        (project / "mkdocs.yml").write_text(
            "site_name: Fuzz\ntheme:\n  name: material\nplugins:\n  - search\n  - cjdocs\n",
            encoding="utf-8",
        )
        before = {path for path in project.rglob("*")}
        checked = run_cjdocs("validate", cwd=project)
        built = run_cjdocs("build", cwd=project, timeout=300)
        assert "Traceback" not in checked.stderr + built.stderr
        assert checked.returncode in (0, 1), checked.stderr
        assert built.returncode == checked.returncode, (checked.stdout, built.stderr)
        site = project / "site"
        written = {path for path in project.rglob("*")} - before
        assert all(path == site or site in path.parents for path in written)
        for page in site.rglob("*.html") if built.returncode == 0 else ():
            html = page.read_text(encoding="utf-8")
            article = html[html.find("<article") : html.find("</article>")]
            assert _dangers(article) == [], page
            for svg in re.findall(r"<svg\b.*?</svg>", html, re.DOTALL):
                ET.fromstring(svg)
