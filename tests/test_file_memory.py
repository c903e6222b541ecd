"""`serve` checks again only the definition files whose bytes changed (definitions/memory.py)."""

from __future__ import annotations

import os

from cjdocs.definitions.memory import FileMemory
from cjdocs.definitions.validation import check_file

PERSONA = "kind: persona\nid: anna\nname: Anna\n"


def _checker(runs: list[list[str]]):
    def run(jobs: list[tuple]) -> list:
        runs.append([os.path.basename(job[0]) for job in jobs])
        return [check_file(*job) for job in jobs]

    return run


def test_only_a_file_whose_bytes_changed_is_checked_again(tmp_path):
    files = [tmp_path / name for name in ("a.yaml", "b.yaml")]
    for path in files:
        path.write_text(PERSONA.replace("anna", path.stem), encoding="utf-8")
    jobs = [(str(path), path.name, True, None) for path in files]
    memory, runs = FileMemory(), []
    first = memory.check(jobs, _checker(runs))
    again = memory.check(jobs, _checker(runs))
    assert runs == [["a.yaml", "b.yaml"], []]
    assert again == first
    # The same length, the same time stamp: only the bytes tell the edit.
    stamp = os.stat(files[1]).st_mtime_ns
    files[1].write_text(PERSONA.replace("anna", "c"), encoding="utf-8")
    os.utime(files[1], ns=(stamp, stamp))
    changed = memory.check(jobs, _checker(runs))
    assert runs[-1] == ["b.yaml"]
    assert (first[1].facts[0].id, changed[1].facts[0].id) == ("b", "c")
    assert changed[0] is first[0]


def test_a_file_that_cannot_be_read_is_checked_every_time(tmp_path):
    missing = tmp_path / "gone.yaml"
    jobs = [(str(missing), missing.name, True, None)]
    memory, runs = FileMemory(), []
    outcome = memory.check(jobs, _checker(runs))
    memory.check(jobs, _checker(runs))
    assert runs == [["gone.yaml"], ["gone.yaml"]]
    assert outcome[0].findings and "gone.yaml" in outcome[0].findings[0].file
