"""What search reads of a journey's steps: the same words, in a fifth of the tags.

Material's search plugin reads every page's HTML with Python's HTML parser, tag by tag. A
journey of 20 steps writes each step's details as a definition list: about 30 tags a step,
600 a page, and reading them was the largest single part of building a site of hundreds of
journeys. Most of those tags say nothing search keeps: the index holds a section's words
and only a few tags (paragraphs, lists, code, sub- and superscripts), and leaves out what is
marked `data-search-exclude`.

`stand_in` writes, for such a section, HTML that search reads into exactly the same index
entries: the steps' headings and their `<div>`s as they are, and inside each definition
list only its words and the tags search keeps; what is excluded from search is dropped
whole. The plugin gives search this stand-in and puts the section as written into the page
after search has read it (as it does with diagrams), so readers see the full section.

Where joining two runs of text would change how search spaces them (a run of only
whitespace), an empty `<wbr>` keeps them apart: search skips it, as it does every element
without content. Where the HTML is anything but plain, well-nested markup (a heading or a
script inside a list, a comment, a tag left open), there is no stand-in and search reads
the section as written.
"""

from __future__ import annotations

import re

# The tags search keeps in its index (Material's search plugin); every other tag inside a
# definition list goes, its words stay.
KEPT = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})
# Elements search does not read into its index at all.
_SKIPPED = frozenset({"script", "style", "object"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements without content or end tag.
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
# A start or end tag: its name and attributes (quoted values may hold `>`).
_TAG = re.compile(r"""<(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_DETAILS = '<dl class="cj-details">'
_EXCLUDED = re.compile(r"""\sdata-search-exclude(?:[\s=/]|$)""", re.IGNORECASE)
# Code's line numbers, which search leaves out (rare here: such HTML gets no stand-in).
_LINE_NUMBERS = re.compile("linenodiv", re.IGNORECASE)


class _NotPlain(Exception):
    """The HTML is not what the stand-in can be sure of."""


def stand_in(html: str) -> str | None:
    """HTML search reads as it reads `html`, with the tags of each `<dl class="cj-details">`
    it would not keep left out; None where that cannot be sure."""
    if _DETAILS not in html or _LINE_NUMBERS.search(html):
        return None
    out: list[str] = []
    position = 0
    try:
        while (start := html.find(_DETAILS, position)) >= 0:
            # The list's own tags become `<wbr>`s: its text stays apart from the text
            # around it, as search reads it.
            out += (html[position:start], "<wbr>")
            text, position = _details(html, start + len(_DETAILS))
            out += (text, "<wbr>")
    except _NotPlain:
        return None
    out.append(html[position:])
    return "".join(out)


def _details(html: str, start: int) -> tuple[str, int]:
    """The stand-in for a definition list whose content begins at `start`, and where the
    HTML after its end tag begins."""
    runs: list[str] = []  # the runs of text since the last tag written
    out: list[str] = []
    open_tags: list[str] = []  # every element open inside the list, to check their nesting
    excluded = 0  # how many of them are left out of search, with all they hold
    marked: list[str] = []  # the names of those marked `data-search-exclude`
    position = start
    for match in _TAG.finditer(html, start):
        text = html[position : match.start()]
        if "<" in text:
            raise _NotPlain  # a comment, a declaration, a stray `<`
        if text and not excluded:
            runs.append(text)
        position = match.end()
        slash, name, attributes = match.group(1, 2, 3)
        closing, name = slash == "/", name.lower()
        if name in HEADINGS or name in _SKIPPED:
            raise _NotPlain
        if attributes and attributes.rstrip().endswith("/") and name not in VOID:
            raise _NotPlain  # `<li/>`: search opens and closes it, with its own quirks
        if not closing and name in VOID:
            continue  # search skips it; dropping it keeps the runs either side apart (below)
        if closing:
            if not open_tags:
                if name != "dl":
                    raise _NotPlain
                _write_runs(out, runs)
                return "".join(out), position
            if open_tags.pop() != name:
                raise _NotPlain
            if excluded:
                excluded -= 1
                if not excluded:
                    marked.clear()
                continue
        else:
            # Search ends an excluded element at the first end tag of its name, even one
            # nested inside it.
            if name in marked:
                raise _NotPlain
            marks = bool(attributes) and _EXCLUDED.search(attributes) is not None
            if excluded or marks:
                if marks:
                    marked.append(name)
                excluded += 1
                open_tags.append(name)
                continue
            open_tags.append(name)
        if name in KEPT:
            _write_runs(out, runs)
            out.append(match.group(0))
    raise _NotPlain  # the list never ends


def _write_runs(out: list[str], runs: list[str]) -> None:
    """The runs of text between two tags search reads, written as one where search would
    not tell them apart: it turns a run of only whitespace into one space, and skips it after
    another such run, so such a run keeps a `<wbr>` between itself and its neighbours."""
    for number, run in enumerate(runs):
        if number and (run.isspace() or runs[number - 1].isspace()):
            out.append("<wbr>")
        out.append(run)
    runs.clear()


class Reading:
    """HTML written piece by piece (`tag`, `text`...), and at once what `stand_in` would make
    of it: for HTML a writer puts together itself (`written.py`), parsing it back out
    would cost as much as writing it. Inside a definition list (`open_details` …
    `close_details`), `kept` is a tag search keeps, `tag` one it does not, `hidden` a whole
    element left out of search (`data-search-exclude`); outside, everything is read as it is.
    """

    def __init__(self) -> None:
        self._html: list[str] = []
        self._read: list[str] = []
        self._runs: list[str] = []  # the runs of text since the last kept tag
        self._words: list[str] = []  # the pieces of the run of text being written
        self._inside = False

    def tag(self, markup: str) -> None:
        self._html.append(markup)
        if self._inside:
            self._end_run()
        else:
            self._read.append(markup)

    def text(self, words: str) -> None:
        self._html.append(words)
        (self._words if self._inside else self._read).append(words)

    def kept(self, markup: str) -> None:
        self._html.append(markup)
        self._end_run()
        _write_runs(self._read, self._runs)
        self._read.append(markup)

    def hidden(self, markup: str) -> None:
        self._html.append(markup)
        self._end_run()

    def skipped(self, markup: str) -> None:
        """Markup written outside a list that search reads the same without (a writer's own
        wrapper around a whole section; tests/test_written.py holds search to it)."""
        self._html.append(markup)

    def open_details(self, *, apart: bool = True) -> None:
        """The list begins; without `apart`, its text is not kept apart from the text
        before it (where the writer knows that is whitespace, which search reads the same)."""
        self._html.append(_DETAILS)
        if apart:
            self._read.append("<wbr>")
        self._inside = True

    def close_details(self, *, apart: bool = True) -> None:
        self._end_run()
        _write_runs(self._read, self._runs)
        self._html.append("</dl>")
        if apart:
            self._read.append("<wbr>")
        self._inside = False

    def _end_run(self) -> None:
        if self._words:
            run = "".join(self._words)
            if run:
                self._runs.append(run)
            self._words.clear()

    def html(self) -> str:
        return "".join(self._html)

    def stand_in(self) -> str | None:
        """What search reads as it reads `self.html()`: `stand_in(self.html())` where nothing
        was `skipped` and every list kept `apart`."""
        if _LINE_NUMBERS.search(self.html()):
            return None
        return "".join(self._read)
