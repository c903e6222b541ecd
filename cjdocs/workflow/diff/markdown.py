"""The diff as a pull-request comment in Markdown."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from typing import Any

from cjdocs.definitions.findings import Finding, printable
from cjdocs.workflow.diff.chart import emotion_chart
from cjdocs.workflow.diff.compare import (
    Change,
    Diff,
    FieldChange,
    Side,
    StatusChange,
    StepChange,
    Way,
    as_text,
    emotion_trend,
    minus,
    problems,
    review_notes,
)

# Text longer than this is cut short in the Markdown, or only its edited part shown.
SHORT_TEXT = 80
# Errors listed in the Markdown per side; `cjdocs validate` lists them all.
LISTED_ERRORS = 20
# GitHub refuses a comment longer than 65,536 characters; the comment stays well under it.
COMMENT_LIMIT = 60_000

# Fields whose values are ids of other definitions: shown as code, not as quoted text.
_REFERENCE_FIELDS = {"channels", "channel", "phases", "persona", "phase", "touchpoints"}

# -- Markdown -----------------------------------------------------------------------------------

_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# What can open inline Markdown (GitHub's too: tables, strikethrough, math) in running text;
# `<`, `>` and `&` are left to html.escape. Line-start markers (`#`, `-`, `1.`) cannot occur, as
# a value never starts a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")
# `@team` and `#12` in a comment would notify a team or link an issue; a word joiner stops that.
_MENTION = re.compile(r"([@#])(?=\w)")

_ICONS = {"added": "➕", "removed": "➖", "renamed": "📁", "changed": "✏️"}
_VERBS = {
    "added": "added",
    "removed": "removed",
    "renamed": "moved to another file",
    "changed": "changed",
}


def _one_line(text: str, limit: int) -> str:
    # Line breaks shown as such; other control characters (escape sequences, which a terminal
    # showing the comment would obey) written out as `\x1b`.
    text = printable(_LINE_BREAK.sub(" ↵ ", text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _markdown_text(text: str, limit: int = SHORT_TEXT) -> str:
    """Text shown as written in running Markdown: no markup, no mention, on one line."""
    text = _MENTION.sub("\\1\u2060", _one_line(text, limit))
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def _html_text(text: str, limit: int = SHORT_TEXT) -> str:
    """Text shown as written inside an HTML block (`<summary>`), where Markdown may or may not
    be read: numeric character references are literal text to both."""
    text = html.escape(_MENTION.sub("\\1\u2060", _one_line(text, limit)), quote=False)
    return _MARKDOWN_SPECIAL.sub(lambda match: f"&#{ord(match.group())};", text)


def _code(value: Any, escape: Callable[[str, int], str] = _markdown_text) -> str:
    return f"<code>{escape(as_text(value), SHORT_TEXT)}</code>"


def _quote(value: Any, limit: int = SHORT_TEXT) -> str:
    return f"“{_markdown_text(as_text(value), limit)}”"


def _signed(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"+{value}" if value > 0 else str(value)
    return "not set" if value is None else _code(value)


def _is_short(value: Any) -> bool:
    if isinstance(value, (dict, list)):
        return False
    return len(as_text(value)) <= SHORT_TEXT


def _show(value: Any, field: str) -> str:
    """A short value as a reader knows it: ids of other definitions as code, text in quotes."""
    if isinstance(value, str) and field not in _REFERENCE_FIELDS:
        return _quote(value)
    return _code(value)


def _field_line(change: FieldChange) -> str:
    name, old, new = _markdown_text(change.field), change.old, change.new
    if change.field in _BACKLOG_FIELDS and isinstance(old, list) and isinstance(new, list):
        # Pain points and opportunities written as mappings are named by their text; what
        # else changed in them (a status, an owner) is said apart, or as their details.
        old, new = [_item_text(item) for item in old], [_item_text(item) for item in new]
        if not minus(new, old) and not minus(old, new) and old == new:
            return f"{name}: details changed (status, owner, priority, link or solves)"
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and not any(isinstance(item, (dict, list)) for item in old + new)
    ):
        gained = minus(new, old)
        lost = minus(old, new)
        parts = []
        if gained:
            parts.append("added " + ", ".join(_show(item, change.field) for item in gained))
        if lost:
            parts.append("removed " + ", ".join(_show(item, change.field) for item in lost))
        return f"{name}: {'; '.join(parts) if parts else 'order changed'}"
    if old is None:
        return f"{name}: set to {_show(new, change.field)}" if _is_short(new) else f"{name}: added"
    if new is None:
        return (
            f"{name}: removed (was {_show(old, change.field)})"
            if _is_short(old)
            else f"{name}: removed"
        )
    if _is_short(old) and _is_short(new):
        return f"{name}: {_show(old, change.field)} → {_show(new, change.field)}"
    excerpts = _excerpts(old, new) if isinstance(old, str) and isinstance(new, str) else None
    if excerpts:
        return (
            f"{name}: {_quote(excerpts[0], 3 * SHORT_TEXT)} → {_quote(excerpts[1], 3 * SHORT_TEXT)}"
        )
    return f"{name}: changed"


# Step fields whose items may be text or a mapping with a `text`.
_BACKLOG_FIELDS = ("pain_points", "opportunities")


def _item_text(item: Any) -> Any:
    if isinstance(item, dict) and isinstance(item.get("text"), str):
        return item["text"]
    return item


def _excerpts(old: str, new: str, context: int = 30) -> tuple[str, str] | None:
    """The part of two long texts that differs, with some context on each side; None when the
    text was rewritten rather than edited."""
    start = _common_prefix(old, new)
    end = _common_prefix(old[start:][::-1], new[start:][::-1])

    def excerpt(text: str) -> str:
        # Context up to whole words, looking at most 15 characters further for a space.
        left = max(0, start - context)
        space = text.rfind(" ", max(0, left - 15), left)
        left = space + 1 if space >= 0 else left
        right = len(text) - end + context
        space = text.find(" ", right, right + 15)
        right = space if space >= 0 else right
        return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")

    pieces = excerpt(old), excerpt(new)
    return pieces if max(map(len, pieces)) <= 2 * SHORT_TEXT else None


def _common_prefix(first: str, second: str) -> int:
    for index, (one, other) in enumerate(zip(first, second, strict=False)):
        if one != other:
            return index
    return min(len(first), len(second))


def _way_text(way: Way) -> str:
    target = f"→ {_code(way.target)}"
    return target if way.condition is None else f"if {_quote(way.condition)} {target}"


def _ways_text(ways: Sequence[Way]) -> str:
    return ", ".join(map(_way_text, ways)) if ways else "ends the journey"


def _ways_line(old: Sequence[Way], new: Sequence[Way]) -> str:
    if len(old) <= 1 and len(new) <= 1:
        return f"ways on: {_ways_text(new)} (was {_ways_text(old)})"
    gained, lost = list(minus(new, old)), list(minus(old, new))
    parts = []
    # A branch whose condition stayed and whose target changed reads as one change.
    for way in tuple(gained):
        earlier = next((item for item in lost if item.condition == way.condition), None)
        if earlier is not None and way.condition is not None:
            parts.append(f"{_way_text(way)} (was → {_code(earlier.target)})")
            gained.remove(way)
            lost.remove(earlier)
    if gained:
        parts.append("added " + ", ".join(map(_way_text, gained)))
    if lost:
        parts.append("removed " + ", ".join(map(_way_text, lost)))
    return f"ways on: {'; '.join(parts) if parts else 'order changed'}"


def _emotion_text(old: Any, new: Any) -> str:
    trend = emotion_trend(old, new)
    return f"emotion {_signed(old)} → {_signed(new)}" + (f" ({trend})" if trend else "")


def _step_lines(step: StepChange) -> list[str]:
    title = f"step {_code(step.id)}" + (f" {_quote(step.name)}" if step.name is not None else "")
    if step.change in ("added", "removed"):
        about = []
        if step.phase is not None:
            about.append(f"phase {_code(step.phase)}")
        old_emotion, new_emotion = step.emotion or (None, None)
        emotion = new_emotion if step.change == "added" else old_emotion
        if emotion is not None:
            about.append(f"emotion {_signed(emotion)}")
        where = (
            f"added at position {step.new_position}"
            if step.change == "added"
            else f"removed from position {step.old_position}"
        )
        return [
            f"- {_ICONS[step.change]} {title} {where}" + (f" ({', '.join(about)})" if about else "")
        ]
    details = []
    if step.moved:
        details.append(f"moved from position {step.old_position} to {step.new_position}")
    if step.emotion is not None:
        details.append(_emotion_text(*step.emotion))
    if step.touchpoints_added or step.touchpoints_removed:
        parts = []
        if step.touchpoints_added:
            parts.append("added " + ", ".join(map(_code, step.touchpoints_added)))
        if step.touchpoints_removed:
            parts.append("removed " + ", ".join(map(_code, step.touchpoints_removed)))
        details.append(f"touchpoints: {'; '.join(parts)}")
    if step.ways is not None:
        details.append(_ways_line(*step.ways))
    details.extend(map(_field_line, step.fields))
    if len(details) == 1:
        return [f"- {title}: {details[0]}"]
    return [f"- {title}:", *(f"  - {detail}" for detail in details)]


def _status(value: Any) -> str:
    return "no status" if value is None else _code(value)


def _status_line(change: StatusChange) -> str:
    """`- “Repair service” (step `repair`): `planned` → `in-progress``."""
    where = f" (step {_code(change.step)})" if change.step is not None else ""
    return f"- {_quote(change.text)}{where}: {_status(change.old)} → {_status(change.new)}"


def _change_block(
    change: Change, unreadable_side: str | None, chart: Sequence[str] = ()
) -> list[str]:
    """The folded details of one definition; `unreadable_side` names the side where the file of
    an added or removed definition has a YAML error, so it may not be new or gone at all."""
    name = f" “{_html_text(as_text(change.name))}”" if change.name is not None else ""
    summary = (
        f"{_ICONS[change.change]} {change.kind.capitalize()} {_code(change.id, _html_text)}{name} "
        f"{_VERBS[change.change]}"
    )
    if unreadable_side:
        summary += f" (or unreadable: its file has a YAML error at {unreadable_side})"
    lines = [f"<details><summary>{summary}</summary>", ""]
    if change.change == "renamed":
        lines.append(
            f"Moved from {_code(change.old_file)} to {_code(change.file)}; its content is unchanged."
        )
    elif change.change == "changed" and change.old_file != change.file:
        lines.append(f"Moved from {_code(change.old_file)} to {_code(change.file)}.")
    elif change.change == "added":
        lines.append(f"New in {_code(change.file)}.")
    elif change.change == "removed":
        lines.append(f"Was in {_code(change.file)}.")
    else:
        lines.append(f"In {_code(change.file)}.")
    body = [f"- {_field_line(field)}" for field in change.fields]
    for step in change.steps:
        body.extend(_step_lines(step))
    if change.opportunities:
        body += ["", "Opportunities whose status changed:", ""]
        body.extend(map(_status_line, change.opportunities))
    if body:
        lines += ["", *body]
    if chart:
        lines += ["", *chart]
    return [*lines, "", "</details>"]


def summary_sentence(diff: Diff) -> str:
    """'2 journeys changed, 1 touchpoint added', or that nothing changed."""
    parts = [
        f"{count:,} {kind}{'' if count == 1 else 's'} {_VERBS[change]}"
        for kind, counts in diff.counts().items()
        for change, count in counts.items()
        if count
    ]
    return ", ".join(parts) + "." if parts else "No changes to the definitions."


def _problem_block(message: str, errors: Sequence[Finding]) -> list[str]:
    if not errors:
        return [f"⚠️ {_markdown_text(message, 1000)}.", ""]
    lines = [
        f"<details><summary>⚠️ {_html_text(message, 1000)}</summary>",
        "",
        "The definitions that could be read are compared anyway; "
        "`cjdocs validate` lists every problem.",
        "",
    ]
    for error in errors[:LISTED_ERRORS]:
        where = _code(f"{error.file}:{error.line}:{error.column}")
        lines.append(f"- {where} {_markdown_text(error.message, 300)}")
    if len(errors) > LISTED_ERRORS:
        lines.append(f"- … and {len(errors) - LISTED_ERRORS:,} more")
    return [*lines, "", "</details>", ""]


_SEVERITY_ICONS = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}


def _review_block(notes: Sequence[Finding]) -> list[str]:
    """The journey rules' new warnings and notes at HEAD: what a CX lead asks in review."""
    if not notes:
        return []
    count = len(notes)
    lines = [
        f"<details><summary>💬 {count:,} review note{'' if count == 1 else 's'} from the "
        "journey rules, new in this change</summary>",
        "",
        "Warnings fail the check only with <code>--strict</code>, notes (ℹ️) never; "
        "<code>cjdocs explain CODE</code> says what each rule asks for.",
        "",
    ]
    for note in notes[:LISTED_ERRORS]:
        where = _code(f"{note.file}:{note.line}:{note.column}")
        icon = _SEVERITY_ICONS.get(note.severity, "")
        lines.append(f"- {icon} {where} {_markdown_text(note.message, 300)} {_code(note.code)}")
    if count > LISTED_ERRORS:
        lines.append(f"- … and {count - LISTED_ERRORS:,} more")
    return [*lines, "", "</details>", ""]


def _side_text(side: Side) -> str:
    if side.revision is None:
        return "the working tree"
    commit = f" ({_code(side.commit[:12])})" if side.commit else ""
    return f"{_code(side.revision)}{commit}"


def _chart(diff: Diff, change: Change) -> list[str]:
    """The emotion curve before and after, for a journey whose emotions changed."""
    if change.kind != "journey" or change.change != "changed":
        return []
    old = diff.base.definitions.get(("journey", change.id))
    new = diff.head.definitions.get(("journey", change.id))
    if old is None or new is None:
        return []
    name = change.name if isinstance(change.name, str) else change.id
    return emotion_chart(name, old.data.get("steps"), new.data.get("steps"))


def _within_limit(blocks: list[list[str]], changes: Sequence[Change], used: int) -> list[str]:
    """The changes' folded blocks while the comment stays under GitHub's limit; past it, one
    line for each change left, and past that a count of the rest."""
    lines: list[str] = []
    budget = COMMENT_LIMIT - used - 400  # room for the closing lines
    shown = 0
    for block in blocks:
        text = "\n".join(block)
        if len(text) + 1 > budget:
            break
        lines += [*block, ""]
        budget -= len(text) + 2
        shown += 1
    rest = changes[shown:]
    if not rest:
        return lines
    lines += [
        f"**{len(rest):,} more change{'' if len(rest) == 1 else 's'}**, in short "
        "(the whole list: `cjdocs diff` on your machine, or this run's summary):",
        "",
    ]
    for number, change in enumerate(rest):
        line = f"- {_ICONS[change.change]} {change.kind} {_code(change.id)} {_VERBS[change.change]}"
        if len(line) + 1 > budget:
            lines.append(f"- … and {len(rest) - number:,} more")
            break
        lines.append(line)
        budget -= len(line) + 1
    return [*lines, ""]


def diff_markdown(diff: Diff) -> str:
    """A pull-request comment: a summary first, then each definition's changes folded."""
    lines = [
        "### Changes to the customer journey definitions",
        "",
        f"Comparing {_side_text(diff.base)} with {_side_text(diff.head)}.",
        "",
        f"**{summary_sentence(diff)}**",
        "",
    ]
    statuses = sum(len(change.opportunities) for change in diff.changes)
    if statuses:
        # Said at the top too: past the comment's limit, the folded blocks are cut short.
        plural = "opportunity" if statuses == 1 else "opportunities"
        lines += [f"{statuses:,} {plural} of the backlog changed status.", ""]
    for _, message, errors in problems(diff):
        lines += _problem_block(message, errors)
    lines += _review_block(review_notes(diff))
    unreadable = {
        "added": ("BASE", {error.file for error in diff.base.errors if error.code == "yaml"}),
        "removed": ("HEAD", {error.file for error in diff.head.errors if error.code == "yaml"}),
    }
    blocks = []
    for change in diff.changes:
        side, files = unreadable.get(change.change, ("", set()))
        blocks.append(
            _change_block(change, side if change.file in files else None, _chart(diff, change))
        )
    lines += _within_limit(blocks, diff.changes, len("\n".join(lines)))
    return "\n".join(lines).rstrip("\n") + "\n"
