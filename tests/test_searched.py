"""Search reads a journey's steps through a stand-in of fewer tags, into the same index.

The stand-in (cjdocs/render/searched.py) is checked against the parser Material's search
plugin reads pages with: for any steps section, the sections, titles and texts it gives are
the ones it gives for the section as written. Where the HTML is not plain enough to be sure,
there is no stand-in.
"""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cjdocs.render.searched import stand_in

search = pytest.importorskip("material.plugins.search.plugin")


def indexed(markup: str) -> list[tuple]:
    """What Material's search makes of `markup`: each section's id, title, text."""
    parser = search.Parser()
    parser.feed(markup)
    parser.close()
    return [
        (section.id, "".join(section.title).strip(), "".join(section.text).strip())
        for section in parser.data
        if not section.is_excluded()
    ]


# Words as a definition holds them: spaces, line breaks, characters escaped for HTML.
WORDS = st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\t ü")), max_size=12).map(
    lambda text: html.escape(text, quote=False)
)
SPACES = st.sampled_from(["", " ", "\n", "  \n ", "\t"])
# What stands between a step's heading, its details and its end.
AROUND = st.lists(st.one_of(SPACES, WORDS, st.sampled_from(["<br>", "<p>x</p>"])), max_size=3).map(
    "".join
)


@st.composite
def contents(draw, depth: int = 0, excluded: frozenset = frozenset()) -> str:
    """The inside of an element: runs of words and elements, some left out of search."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(
            st.sampled_from(
                ["words", "spaces", "element", "void"] if depth < 3 else ["words", "spaces"]
            )
        )
        if kind == "words":
            parts.append(draw(WORDS))
        elif kind == "spaces":
            parts.append(draw(SPACES))
        elif kind == "void":
            parts.append(draw(st.sampled_from(["<br>", "<wbr>", '<img alt="x">'])))
        else:
            tag = draw(
                st.sampled_from(["ul", "li", "span", "a", "code", "q", "p", "dt", "dd", "em"])
            )
            if tag in excluded:
                continue  # search's own rule for such nesting is checked below, by hand
            marked = draw(st.booleans())
            inner = draw(contents(depth + 1, excluded | {tag} if marked else excluded))
            attribute = " data-search-exclude" if marked else ""
            parts.append(f'<{tag} class="x"{attribute}>{inner}</{tag}>')
    return "".join(parts)


@st.composite
def steps(draw) -> str:
    return "\n".join(
        f'<div class="cj-step">{draw(SPACES)}<h3 id="step-{number}">{number}. {draw(WORDS)}</h3>'
        f'{draw(AROUND)}<dl class="cj-details">{draw(contents())}</dl>{draw(AROUND)}</div>'
        for number in range(1, draw(st.integers(1, 3)) + 1)
    )


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(before=WORDS, section=steps())
# Where the list's own tags keep runs of spaces apart from the words inside it.
@example(
    before="",
    section='<div class="cj-step"><h3 id="s">S</h3>a <br> <dl class="cj-details"> b</dl> <br> </div>',
)
@example(
    before="",
    section='<div class="cj-step"><h3 id="s">S</h3><dl class="cj-details">a</dl> <br> <p>x</p></div>',
)
def test_search_reads_the_stand_in_as_it_reads_the_steps(before, section):
    page = f"<h1>Journey</h1>\n<p>{before}</p>\n<h2 id='steps'>Steps</h2>\n{section}\n<h2 id='end'>End</h2>"
    light = stand_in(page)
    assert light is not None
    assert indexed(light) == indexed(page)


def test_a_real_step_loses_most_of_its_tags_and_none_of_its_words():
    step = (
        '<div class="cj-step">\n<h3 id="step-pay">3. Pay</h3>\n<dl class="cj-details">'
        '<dt data-search-exclude>Phase</dt><dd data-search-exclude><a href="../p/">Buy</a></dd>'
        "<dt>Action</dt><dd>Pays by card &amp; waits.</dd>"
        '<dt>Feeling</dt><dd><span class="cj-emotion cj-emotion-1">+1 positive</span> calm</dd>'
        "<dt>Pain points</dt><dd><ul><li>Slow page</li><li>Fees</li></ul></dd>"
        '<dt data-search-exclude>Next</dt><dd data-search-exclude><ul><li>→ <a href="#x">X</a>'
        "</li></ul></dd></dl>\n</div>"
    )
    light = stand_in(step)
    assert light.count("<") < step.count("<") / 2
    assert "Buy" not in light and "X</a>" not in light
    assert indexed(light) == indexed(step)
    (_, (_, title, text)) = indexed(step)
    assert title == "3. Pay"
    assert (
        text
        == "ActionPays by card &amp; waits.Feeling+1 positive calmPain points<ul><li>Slow page</li><li>Fees</li></ul>"
    )


@pytest.mark.parametrize(
    "inside",
    [
        "<dt>Note</dt><dd><h4 id='x'>A heading</h4></dd>",  # a new search section
        "<dt>Note</dt><dd><!-- a comment --></dd>",
        "<dt>Note</dt><dd><script>x()</script></dd>",
        "<dt>Note</dt><dd><ul><li>left open</ul></dd>",
        "<dt>Note</dt><dd><li/></dd>",
        # Search ends an excluded element at the first end tag of its name.
        "<dd data-search-exclude><dd>inner</dd>after</dd>",
        '<dd><div class="linenodiv">1</div></dd>',
    ],
)
def test_html_that_is_not_plain_has_no_stand_in(inside):
    assert stand_in(f'<h3 id="s">S</h3><dl class="cj-details">{inside}</dl>') is None


def test_a_list_that_never_ends_has_no_stand_in():
    assert stand_in('<h3 id="s">S</h3><dl class="cj-details"><dt>Note</dt><dd>words</dd>') is None


def test_html_without_step_details_is_left_to_search():
    assert stand_in("<p>No steps here.</p>") is None
