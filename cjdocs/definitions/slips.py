"""Text that YAML reads differently from what it looks like: warnings before the site shows it.

Three slips change what an editor wrote without any error: a comma inside a `[ ]` list splits
one sentence into two items (`goals: [Ein Gerät, das fünf Jahre hält]`), a list item whose
`- ` or line break was lost joins the item after it (`- re-activation` and `loop` read as
`re-activation loop`), and `#` after a space starts a comment that cuts the text short
(`feeling: neugierig #neu`). The loader notes where
either may have happened, from the positions it has anyway; here they are judged by field (only
free text: a comment after an id or a number is a comment) and said with the line to type.
"""

from __future__ import annotations

from typing import Any

from cjdocs.definitions.findings import WARNING, Finding, format_path, quoted
from cjdocs.definitions.kinds import KINDS
from cjdocs.definitions.loader import Document, LargeNumber, Path
from cjdocs.definitions.messages import Words, where, yaml_item, yaml_text
from cjdocs.definitions.schema import is_free_text


def check_text(document: Document, word: Words) -> list[Finding]:
    """`comment-in-text`, `split-text` and `joined-items` warnings for the document's free text."""
    data = document.data
    if not document.slips or not isinstance(data, dict) or data.get("kind") not in KINDS:
        return []
    kind = data["kind"]
    findings = []
    splits: dict[Path, list[int]] = {}
    for slip in document.slips:
        if slip[0] == "comment":
            _, path, line, column, comment = slip
            value = _value_at(data, path)
            if _is_text(value) and is_free_text(kind, path):
                findings.append(_comment(document, word, path, line, column, value, comment))
        elif slip[0] == "joined":
            _, path, line, column = slip
            value = _value_at(data, path)
            if _is_text(value) and is_free_text(kind, path):
                findings.append(_joined(document, word, path, line, column, value))
        else:
            _, path, index, line, column = slip
            if is_free_text(kind, (*path, index)):
                splits.setdefault(path, []).append(index)
    for path, indexes in splits.items():
        items = _value_at(data, path)
        if isinstance(items, list) and all(_is_text(item) for item in items):
            findings.extend(_split(document, word, path, items, indexes))
    return findings


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and not isinstance(value, LargeNumber)


def _value_at(data: Any, path: Path) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _field(word: Words, path: Path) -> str:
    if isinstance(path[-1], int):
        return word("schema.item", number=path[-1] + 1, field=path[-2])
    return str(path[-1])


def _comment(
    document: Document, word: Words, path: Path, line: int, column: int, value: str, comment: str
) -> Finding:
    whole = value + comment.rstrip()
    key = "- " if isinstance(path[-1], int) else f"{path[-1]}: "
    message = word(
        "comment.cut",
        field=_field(word, path),
        kept=quoted(value),
        fix=key + yaml_text(whole),
    )
    message = word.at(where(word, document.data, path), message)
    return Finding(
        document.file, line, column, WARNING, "comment-in-text", format_path(path), message
    )


def _joined(
    document: Document, word: Words, path: Path, line: int, column: int, value: str
) -> Finding:
    message = word("joined.items", field=_field(word, path), value=quoted(value))
    message = word.at(where(word, document.data, path), message)
    return Finding(document.file, line, column, WARNING, "joined-items", format_path(path), message)


def _split(
    document: Document, word: Words, path: Path, items: list[str], indexes: list[int]
) -> list[Finding]:
    """One warning per run of items that look like one text split at its commas."""
    runs: list[list[int]] = []
    for index in sorted(indexes):
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index - 1, index])
    merged: list[str] = []
    position = 0
    for run in runs:
        merged.extend(yaml_item(item) for item in items[position : run[0]])
        merged.append(yaml_text(", ".join(items[run[0] : run[-1] + 1])))
        position = run[-1] + 1
    merged.extend(yaml_item(item) for item in items[position:])
    fix = f"{path[-1]}: [{', '.join(merged)}]"
    findings = []
    for run in runs:
        parts = [quoted(item) for item in items[run[0] : run[-1] + 1]]
        line, column = document.locate((*path, run[1]))
        message = word.count("split.comma", len(parts), parts=word.join(parts), fix=fix)
        message = word.at(where(word, document.data, path), message)
        findings.append(
            Finding(
                document.file,
                line,
                column,
                WARNING,
                "split-text",
                format_path((*path, run[1])),
                message,
            )
        )
    return findings
