"""The vendor SLA reading finds a file given both ways, and a record the export set aside, by
lookup: each file is looked up once, each error once, whatever their numbers.

Comparing every vendor path with every export file (``os.path.samefile``) and every vendor
error with every export error was quadratic: seconds for a glob of a few thousand pages given
both as the export and with ``--vendor-sla``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.report._vendor_files import (
    _not_exported,
    _record_of,
    _set_aside,
    _set_aside_by_export,
)


def _same_file(a: str, b: str) -> bool:
    # The pairwise rule the lookup keeps: the same text, or one file by the system's word.
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _files(tmp_path: Path) -> list[str]:
    """Spellings of a few files: plain, ``./``-prefixed, a link, a missing one, a NUL."""
    (tmp_path / "sub").mkdir(exist_ok=True)
    names = []
    for i in range(3):
        path = tmp_path / f"p{i}.json"
        path.write_text("[]", encoding="utf-8")
        names += [str(path), str(tmp_path / "sub" / ".." / f"p{i}.json")]
    link = tmp_path / "link.json"
    if not link.exists():
        link.symlink_to(tmp_path / "p0.json")
    return [*names, str(link), str(tmp_path / "missing.json"), "bad\x00name.json"]


def test_a_path_is_left_out_exactly_when_it_names_an_export_file(tmp_path: Path) -> None:
    files = _files(tmp_path)

    @settings(max_examples=100)
    @given(
        paths=st.lists(st.sampled_from(files), max_size=6),
        exported=st.lists(st.sampled_from(files), max_size=6),
    )
    def law(paths: list[str], exported: list[str]) -> None:
        expected = [p for p in paths if not any(_same_file(p, f) for f in exported)]
        assert _not_exported(paths, exported) == expected

    law()


def test_each_file_is_looked_up_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = []
    for i in range(60):
        path = tmp_path / f"page{i}.json"
        path.write_text("[]", encoding="utf-8")
        pages.append(str(path))
    looked: list[str] = []
    stat = os.stat

    def counted(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        looked.append(path)
        return stat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counted)
    others = [os.path.join(tmp_path, ".", Path(p).name) for p in pages]  # another spelling
    assert _not_exported(others, pages) == []
    assert len(looked) == len(pages) + len(others)  # not len(pages) * len(others)


_PATHS = st.lists(
    st.sampled_from(["[0]", "[1]", "results[2]", ".results", "status", "[0].results[2]"]),
    min_size=0,
    max_size=3,
).map(lambda parts: ".".join(parts).replace(".[", "["))
_ERRORS = st.builds(
    lambda path, source, line: RecordError("bad", path=path, source=source, line=line),
    _PATHS,
    st.sampled_from(["a.json", "b.jsonl"]),
    st.none() | st.integers(1, 3),
)


@settings(max_examples=300)
@given(
    located=st.builds(
        lambda path, source, line, field: RecordError(
            "bad due time",
            path=f"{path}.{field}" if path else f"tickets[0].{field}",
            source=source,
            line=line,
        ),
        _PATHS,
        st.sampled_from(["a.json", "b.jsonl"]),
        st.none() | st.integers(1, 3),
        st.sampled_from(["fr_due_by", "due_by", "fr_escalated"]),
    ),
    export_errors=st.lists(_ERRORS, max_size=6),
)
def test_the_set_aside_lookup_is_the_scan_of_every_export_error(
    located: RecordError, export_errors: list[RecordError]
) -> None:
    record = _record_of(located)
    scanned = any(
        e.source == located.source
        and e.line == located.line
        and (not record or e.path == record or e.path.startswith((f"{record}.", f"{record}[")))
        for e in export_errors
    )
    assert _set_aside_by_export(located, _set_aside(export_errors)) == scanned
