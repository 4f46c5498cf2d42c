"""Zendesk ids given as text read as the ticket they name, spaces around them aside."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import zendesk

T0 = "2026-03-02T09:00:00Z"


def _ticket(tid: Any, updated: str = T0, status: str = "new") -> dict[str, Any]:
    return {"id": tid, "created_at": T0, "updated_at": updated, "status": status}


def _page(*tickets: dict[str, Any]) -> dict[str, Any]:
    return {"tickets": list(tickets), "end_of_stream": True}


spaces = st.text(alphabet=" \t", max_size=3)


@given(n=st.integers(1, 10**12), before=spaces, after=spaces)
def test_a_text_id_with_spaces_is_the_number_it_holds(n: int, before: str, after: str) -> None:
    (got,) = zendesk.histories([_page(_ticket(f"{before}{n}{after}"))])
    assert got.id == str(n)


def test_load_reads_1001_and_its_spaced_copy_as_one_ticket(tmp_path: Path) -> None:
    older = tmp_path / "a.json"
    newer = tmp_path / "b.json"
    older.write_text(json.dumps(_page(_ticket("1001 "))), encoding="utf-8")
    newer.write_text(
        json.dumps(_page(_ticket(1001, "2026-03-03T09:00:00Z", "open"))), encoding="utf-8"
    )
    got = zendesk.load([newer, older], on_error="collect")
    assert [h.id for h in got.histories] == ["1001"]
    assert [s.reason for s in got.skipped] == ["superseded by a later record of the ticket"]
    assert got.histories[0].ticket.created_at.isoformat() == "2026-03-02T09:00:00+00:00"


def test_an_id_of_spaces_alone_is_no_id() -> None:
    stream = zendesk.histories([_page(_ticket("   "))], on_error="collect")
    assert list(stream) == []
    (err,) = stream.errors
    assert "expected an id" in err.message
