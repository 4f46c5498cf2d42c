"""The overview's final status of a log whose events share the creation instant.

pm4py's test log ``11_tickets`` stamps every event ``1980-01-01 01:01:01``: its status changes
all happen at creation, so the status timeline has one span -- closed -- and the overview used
to take "one span" for "no status given" and counted every ticket "not solved (status
unknown)". The law: a partial history with any status event is counted by its final status,
whenever its events happen; one without any is "status unknown".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import eventlog
from servicemodel.report._overview import UNKNOWN_STATUS, build_overview

T0 = datetime(1980, 1, 1, 1, 1, 1, tzinfo=UTC)
MAP = {"Take": "open", "Wait": "pending", "Resolve": "solved", "Close": "closed"}


@given(
    steps=st.lists(st.sampled_from([*MAP, "Note"]), min_size=1, max_size=6),
    gaps=st.lists(st.integers(0, 3), min_size=6, max_size=6),
)
def test_the_overview_counts_the_final_status_whenever_the_events_happen(
    steps: list[str], gaps: list[int]
) -> None:
    at, rows = T0, []
    for step, gap in zip(steps, gaps, strict=False):
        at += timedelta(minutes=gap)  # 0: the same instant as the one before
        rows.append({"case:concept:name": "C1", "concept:name": step, "time:timestamp": at})
    (history,) = eventlog.histories(rows, status_map=MAP, ignore=["Note"]).collect().histories
    ((status, n),) = build_overview([history], tz=UTC).by_status
    assert n == 1
    if any(step in MAP for step in steps):
        assert status == history.final_status().value
    else:
        assert status == UNKNOWN_STATUS
