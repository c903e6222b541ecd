"""The diff: what changed in the definitions between two git revisions, by meaning, not by lines.

Each side (a revision, or the working tree) is read into its definitions, every document that is
a mapping with a known `kind` and a text `id`, even one that breaks its schema, and is checked as
`cjdocs validate` checks it, so a side with errors is reported and still compared. `compare`
then pairs the definitions by kind and id and says which were added, removed, moved to another
file or changed, down to the steps of journeys: added, removed, moved in the list, emotions that
rose or fell, touchpoints and ways on (`next`, `branches`, or the step after it) that changed.
Reading (git, the disk) is kept apart from comparing and rendering, which are pure.
"""

from __future__ import annotations

from collections.abc import Callable

from cjdocs.workflow.diff.compare import Diff
from cjdocs.workflow.diff.json import diff_json
from cjdocs.workflow.diff.markdown import diff_markdown

RENDERERS: dict[str, Callable[[Diff], str]] = {"markdown": diff_markdown, "json": diff_json}
