"""A table's channel labels become channel names: mapped, or the label made a name."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ServiceModelError
from servicemodel.io import summary
from servicemodel.io._columns import channel_name
from servicemodel.model import Ticket

AT = datetime(2026, 3, 2, 9, tzinfo=UTC)


@given(st.text(max_size=30))
def test_a_label_is_a_channel_the_model_takes_or_is_refused_by_name(label: str) -> None:
    name = channel_name(label, {})
    try:
        ticket = Ticket("t", AT, channel=name)
    except ServiceModelError:
        # Nothing in the label could be a name: it is passed on as it was, for the model to
        # refuse by name.
        assert name == label.strip()
    else:
        assert ticket.channel == name
        assert name == name.lower()


@given(st.text(min_size=1, max_size=20), st.sampled_from(["web", "phone", "chat"]))
def test_a_mapped_label_is_its_entry_whatever_its_case(label: str, ours: str) -> None:
    assert channel_name(f" {label.upper()} ", {label.upper().strip().lower(): ours}) == ours


@pytest.mark.parametrize(
    ("label", "name"),
    [("Self service", "self_service"), ("Direct opening", "direct_opening"),
     ("IVR", "ivr"), ("E-mail", "e-mail"), ("Web / Portal", "web_portal")],
)  # fmt: skip
def test_servicenow_contact_types(label: str, name: str) -> None:
    rows = [{"id": "INC1", "created_at": "2016-02-29T01:16:00Z", "channel": label}]
    (history,) = summary.histories(rows)
    assert history.ticket.channel == name
