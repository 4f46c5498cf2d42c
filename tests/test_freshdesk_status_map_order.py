"""freshdesk: a (status, label) pair written the other way round says which comes first."""

from __future__ import annotations

import pytest

from servicemodel.errors import ConfigError
from servicemodel.io import freshdesk

PAGE = [{"id": 1, "created_at": "2026-03-02T09:00:00Z", "status": 7, "source": 1,
         "stats": {"status_updated_at": "2026-03-02T11:00:00Z"}}]  # fmt: skip


def test_a_label_before_its_status_names_the_order() -> None:
    with pytest.raises(ConfigError) as caught:
        freshdesk.histories([PAGE], status_map={7: ("Awaiting Customer", "pending")})
    assert caught.value.path == "status_map.7"
    assert str(caught.value) == (
        "status_map.7: (status, label) takes our status first: ['pending', 'Awaiting Customer'],"
        " got ['Awaiting Customer', 'pending']"
    )


def test_a_pair_in_order_reads_the_status_and_keeps_the_label() -> None:
    (h,) = freshdesk.histories([PAGE], status_map={7: ("pending", "Awaiting Customer")})
    assert (h.events[-1].status.value, h.events[-1].label) == ("pending", "Awaiting Customer")


def test_a_label_that_is_also_a_status_name_is_still_a_label() -> None:
    # "Open" is a fine agent label for a status that our taxonomy reads as pending.
    (h,) = freshdesk.histories([PAGE], status_map={7: ("pending", "Open")})
    assert (h.events[-1].status.value, h.events[-1].label) == ("pending", "Open")


def test_neither_a_status_is_the_unknown_status_error() -> None:
    with pytest.raises(ConfigError, match="unknown status 'Awaiting'"):
        freshdesk.histories([PAGE], status_map={7: ("Awaiting", "Customer")})
