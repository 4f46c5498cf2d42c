"""A Freshdesk file of conversations by ticket id: a record under another ticket's id.

``load`` reads a JSON object from ticket ids to their conversations as the per-ticket files;
a conversation whose own ``ticket_id`` names another ticket than its key is an error naming
both and the file, as ``histories`` reads the same mapping, not a conversation silently
moved to the other ticket.
"""

from __future__ import annotations

import json
from pathlib import Path

from servicemodel.io import freshdesk

FD = Path(__file__).parent / "data" / "freshdesk"
TICKETS = [FD / "tickets_page1.json", FD / "tickets_page2.json"]


def test_a_conversation_under_another_tickets_id_is_an_error_naming_both(tmp_path: Path) -> None:
    by_id = json.loads((FD / "by_ticket" / "conversations.json").read_text("utf-8"))
    moved = {"101": by_id["101"] + by_id["102"][:1]}  # 102's first conversation, under 101
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(moved), encoding="utf-8")
    got = freshdesk.load([*TICKETS, path], status_map={6: "on_hold"}, on_error="collect")
    (err,) = [e for e in got.errors if e.source == str(path)]
    assert err.path == f"['101'][{len(by_id['101'])}].ticket_id"
    assert str(err).endswith(
        "ticket 101: ticket_id 102: the conversation is given under ticket 101 but names another"
    )
    right = tmp_path / "right.json"
    right.write_text(json.dumps({"101": by_id["101"]}), encoding="utf-8")
    want = freshdesk.load([*TICKETS, right], status_map={6: "on_hold"}, on_error="collect")
    assert got.histories == want.histories  # ticket 102 has none of 101's conversations
