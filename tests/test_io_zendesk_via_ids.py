"""servicemodel.io.zendesk: a ``via.channel`` given as a via id.

Zendesk's "Via object reference" types ``channel`` as "string or integer" (a via type or a
via id: ``"channel": 8``, ``"channel": 56``), and its "Via types reference" shows the same
email via as ``"channel": 4`` and ``"channel": "4"``
(https://developer.zendesk.com/documentation/ticketing/reference-guides/via-types). A ticket
whose channel is an id is read with the channel its via type names, never refused.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import zendesk
from servicemodel.io.zendesk._fields import CHANNELS, VIA_IDS, automated_via
from servicemodel.model import AgentReply
from test_io_zendesk import audit, comment, page, ticket

DATA = Path(__file__).parent / "data" / "zendesk" / "via_ids"


def repr_id(value: Any) -> str:
    return "huge" if isinstance(value, int) and value > 10**9 else repr(value)


def channel_of(channel: Any, **kw: Any) -> str:
    (h,) = zendesk.histories([page(ticket(via={"channel": channel}))], [], **kw)
    return h.ticket.channel


def test_the_fixture_reads_every_via_id_as_its_channel() -> None:
    found = zendesk.load([DATA / "tickets.json"])
    assert not found.errors
    assert [(h.id, h.ticket.channel) for h in found.histories] == [
        ("8101", "email"),  # 4 mail
        ("8102", "email"),  # "4": the id as text
        ("8103", "mobile"),  # 56 mobile
        ("8104", "phone"),  # 34 phone_call_inbound
        ("8105", "sms"),  # 57 sms
    ]


@pytest.mark.parametrize(
    ("channel", "ours"),
    [
        (0, "web"),
        (4, "email"),
        (5, "api"),
        (29, "chat"),
        (30, "social"),
        (33, "phone"),
        (45, "phone"),
        (49, "mobile_sdk"),
        (55, "any_channel"),
        ("mail", "email"),
        ("web_service", "api"),
        ("phone_call_outbound", "phone"),
        ("facebook_message", "social"),
    ],
)
def test_a_via_id_and_a_via_type_name_their_channel(channel: Any, ours: str) -> None:
    assert channel_of(channel) == ours


def test_an_id_the_reference_does_not_list_keeps_its_digits_and_can_be_mapped() -> None:
    assert channel_of(9999) == "9999"
    assert channel_of(9999, channel_map={"9999": "chat"}) == "chat"
    # A mapping of the via type applies to its id too; one of the id itself wins.
    assert channel_of(57, channel_map={"sms": "phone"}) == "phone"
    assert channel_of(57, channel_map={"sms": "phone", "57": "text"}) == "text"


@pytest.mark.parametrize("channel", [True, -1, 10**5000, 4.0, "", ["web"]], ids=repr_id)
def test_no_channel_and_no_via_id_is_the_tickets_error(channel: Any) -> None:
    stream = zendesk.histories([page(ticket(via={"channel": channel}))], [], on_error="collect")
    assert list(stream) == []
    (err,) = stream.errors
    assert isinstance(err, RecordError)
    assert err.path == "pages[0].tickets[0].via.channel"
    assert "expected a channel name or a via id" in err.message


def test_a_rules_comment_given_by_via_id_as_text_is_automated() -> None:
    assert automated_via({"channel": "8"})
    assert automated_via({"channel": 8})
    assert automated_via({"channel": "rule"})
    assert not automated_via({"channel": "5"})
    opened = audit(1, "2026-03-02T09:00:00Z", comment(11, 100))
    rule = audit(2, "2026-03-02T09:01:00Z", comment(21, 7), via={"channel": "8"})
    (h,) = zendesk.histories([page(ticket(requester_id=100))], [opened, rule])
    (reply,) = [e for e in h.events if isinstance(e, AgentReply)]
    assert reply.automated


# -- the law: an id reads as the via type it stands for -------------------------------------


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(VIA_IDS)), st.booleans())
def test_an_id_reads_as_its_via_type(number: int, as_text: bool) -> None:
    name = VIA_IDS[number]
    by_id = channel_of(str(number) if as_text else number)
    assert by_id == channel_of(name) == CHANNELS.get(name, name)
    assert automated_via({"channel": number}) == automated_via({"channel": name})


def test_the_docs_page_says_a_channel_may_be_a_via_id() -> None:
    text = (Path(__file__).parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    assert "via id" in text
    page_json = json.loads((DATA / "tickets.json").read_text())
    assert {type(t["via"]["channel"]) for t in page_json["tickets"]} == {int, str}


@pytest.mark.parametrize(
    ("channel", "ours"),
    [("Mail", "email"), (" mail", "email"), ("Voice", "phone"), ("4 ", "email"), (" 34", "phone")],
)
def test_a_via_channel_in_capitals_or_with_spaces_reads_as_the_channel_it_names(
    channel: str, ours: str
) -> None:
    # Looked up as sent, "Mail" missed its via type and the ticket then lowered it to the
    # channel 'mail', beside 'email' for "mail"; "4 " became the channel '4'.
    assert channel_of(channel) == ours
    if not channel.strip().isdigit():  # a channel_map key written as sent still wins
        assert channel_of(channel, channel_map={channel: "exact"}) == "exact"


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(set(VIA_IDS.values()) | set(CHANNELS)) + [str(k) for k in VIA_IDS]),
    st.sampled_from([str.upper, str.title, lambda s: f" {s}", lambda s: f"{s}\t"]),
)
def test_a_via_channel_reads_as_its_trimmed_lower_case_text(name: str, spell: Any) -> None:
    # Law: the channel is the one the text names as a ticket reads it (trimmed, lower case).
    assert channel_of(spell(name)) == channel_of(name)
    assert automated_via({"channel": spell(name)}) == automated_via({"channel": name})
