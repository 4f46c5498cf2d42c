"""``--source freshdesk --policy`` without ``--vendor-read-at``: when were the tickets fetched?

Freshdesk breaches a running clock when its due time passes; a verdict read from a ticket says
whether it had passed when the ticket was fetched. The export was pulled at or after the latest
``updated_at`` of its tickets -- the report's snapshot waits for that instant -- so each of its
tickets was fetched then at the earliest. Taking each ticket's own ``updated_at`` instead made
an unanswered ticket, due before the export's latest update but after its own, "active" beside
our breach at the snapshot: a disagreement the two sides' data do not have.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

from servicemodel.cli import main

POLICY = """\
[[policies]]
name = "desk"
pause = []

[policies.targets]
normal = [{ metric = "first_reply", within = "1h", time = "calendar" }]
"""


def _ticket(i: int, updated: str, **more: Any) -> dict[str, Any]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": updated, "status": 2,
            "priority": 2, "source": 1, "stats": {}, **more}  # fmt: skip


def _report(tmp_path: Path, *extra: str) -> dict[str, Any]:
    (tmp_path / "policy.toml").write_text(POLICY, encoding="utf-8")
    # Ticket 1, unanswered, was due at 10:00 and last updated at 09:30; ticket 2 was updated
    # at 15:00: the export was pulled then at the earliest.
    page = [_ticket(1, "2026-03-02T09:30:00Z", fr_due_by="2026-03-02T10:00:00Z",
                    fr_escalated=False),
            _ticket(2, "2026-03-02T15:00:00Z")]  # fmt: skip
    (tmp_path / "tickets.json").write_text(json.dumps(page), encoding="utf-8")
    argv = ["report", "--source", "freshdesk", str(tmp_path / "tickets.json"),
            "--policy", str(tmp_path / "policy.toml"), "--format", "json", *extra]  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(argv) == 0, err.getvalue()
    section: dict[str, Any] = json.loads(out.getvalue())["reconciliation"]
    return section


def _first_reply_of_1(section: dict[str, Any]) -> list[str]:
    return [c["reason"] for c in section["disagreements"]
            if (c["ticket"], c["metric"]) == ("1", "first_reply")]  # fmt: skip


def test_the_exports_latest_update_is_when_its_tickets_were_fetched(tmp_path: Path) -> None:
    section = _report(tmp_path)
    assert section["evaluated_at"] == "2026-03-02T15:00:00+00:00"
    assert _first_reply_of_1(section) == []  # both breached at 10:00
    first_reply = next(r for r in section["by_metric"] if r["metric"] == "first_reply")
    assert (first_reply["compared"], first_reply["agreed"]) == (1, 1)


def _as_of(fetched: str) -> str:
    """The reason of ticket 1's first reply, fetched at ``fetched``, before our 10:00 breach."""
    return (
        "verdict differs: vendor active, ours breached; the vendor's verdict is as of its "
        f"fetch at {fetched}, before the snapshot (2026-03-02T15:00:00+00:00): ours breached "
        "after the fetch, at 2026-03-02T10:00:00+00:00"
    )


def test_a_given_fetch_instant_is_the_one_read(tmp_path: Path) -> None:
    section = _report(tmp_path, "--vendor-read-at", "2026-03-02T09:45:00Z")
    assert _first_reply_of_1(section) == [_as_of("2026-03-02T09:45:00+00:00")]


def test_tickets_fetched_separately_say_only_their_own_update(tmp_path: Path) -> None:
    (tmp_path / "later.json").write_text(json.dumps([_ticket(3, "2026-03-02T16:00:00Z")]))
    section = _report(tmp_path, "--vendor-sla", str(tmp_path / "later.json"))
    assert _first_reply_of_1(section) == [_as_of("2026-03-02T09:30:00+00:00")]
