"""servicemodel.io.freshdesk: every ticket ``source`` code an export carries names a channel.

The API reference (https://developers.freshdesk.com/api/#tickets) lists 1 Email, 2 Portal,
3 Phone, 7 Chat, 9 Feedback Widget and 10 Outbound Email; exported tickets also carry the
helpdesk's other codes (4 Forum, 5 Twitter, 6 Facebook, 8 Mobihelp, 11 E-commerce, 12 Bot).
Each has a channel of its own instead of the catch-all ``other``; an unlisted code is still
``other``, its code kept in the ``source`` attribute. The fixture
``tests/data/freshdesk/sources/tickets.json`` is written by hand in the reference's shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import freshdesk

DATA = Path(__file__).parent / "data" / "freshdesk" / "sources"


def test_each_source_of_the_fixture_names_its_channel() -> None:
    found = freshdesk.load([DATA / "tickets.json"])
    assert not found.errors
    assert [(h.id, h.ticket.channel, h.ticket.attributes["source"]) for h in found.histories] == [
        ("901", "forum", 4),
        ("902", "mobile_sdk", 8),
        ("903", "ecommerce", 11),
        ("904", "bot", 12),
        ("905", "web", 9),
        ("906", "email", 10),
        ("907", "other", 99),
    ]
    assert [h.ticket.created_by_agent for h in found.histories] == [False] * 5 + [True, False]


@pytest.mark.parametrize(("code", "ours"), [(4, "forum"), (8, "mobile_sdk"), (12, "bot")])
def test_channel_map_still_overrides_a_source(code: int, ours: str) -> None:
    page = json.loads((DATA / "tickets.json").read_text())
    (rec,) = [t for t in page if t["source"] == code]
    (h,) = freshdesk.histories([[rec]])
    assert h.ticket.channel == ours
    (h,) = freshdesk.histories([[rec]], channel_map={code: "app"})
    assert h.ticket.channel == "app"


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=40))
def test_a_known_code_names_its_channel_and_any_other_is_other(code: int) -> None:
    rec = {"id": 1, "created_at": "2026-06-01T09:00:00Z", "status": 2, "priority": 1,
           "source": code, "requester_id": 5}  # fmt: skip
    (h,) = freshdesk.histories([[rec]])
    assert h.ticket.channel == freshdesk.SOURCES.get(code, "other")
    assert h.ticket.attributes["source"] == code
