"""A Zendesk incremental export page that says nothing of the stream's end (no
``end_of_stream``, or one that is no boolean) does not hide an earlier page's
``end_of_stream: false``: the warning does not depend on the files' order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from servicemodel.io import zendesk


def _page(i: int, **extra: object) -> dict[str, object]:
    ticket = {"id": i, "created_at": "2026-03-02T09:00:00Z",
              "updated_at": "2026-03-02T10:00:00Z", "status": "open"}  # fmt: skip
    return {"tickets": [ticket], **extra}


@pytest.mark.parametrize("silent", [{}, {"end_of_stream": None}, {"end_of_stream": "true"}])
def test_a_silent_page_read_last_keeps_the_warning(
    tmp_path: Path, silent: dict[str, object]
) -> None:
    going = tmp_path / "page1.json"
    going.write_text(json.dumps(_page(1, end_of_stream=False, after_cursor="c1")))
    quiet = tmp_path / "page2.json"
    quiet.write_text(json.dumps(_page(2, **silent)))
    for files in ([going, quiet], [quiet, going]):
        r = zendesk.load(files)
        assert len(r) == 2
        (warning,) = r.warnings
        assert "page1.json" in warning
        assert "after_cursor 'c1'" in warning


def test_a_page_that_ends_the_stream_still_silences_it_in_any_order(tmp_path: Path) -> None:
    going = tmp_path / "page1.json"
    going.write_text(json.dumps(_page(1, end_of_stream=False, after_cursor="c1")))
    end = tmp_path / "page2.json"
    end.write_text(json.dumps(_page(2, end_of_stream=True)))
    quiet = tmp_path / "page3.json"
    quiet.write_text(json.dumps(_page(3)))
    assert zendesk.load([going, end, quiet]).warnings == ()
    assert zendesk.load([quiet, end, going]).warnings == ()
