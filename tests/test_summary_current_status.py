"""A one-row export's current status, mapped and dated, is the ticket's status from then on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.io import summary
from servicemodel.model import Status
from servicemodel.report import build_report

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
COLUMNS = {"status": "State", "status_changed": "Since"}
WORDS = {"Done": "solved", "Open": "open", "Waiting": "pending", "Hold": "on_hold", "New": "new"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from([*WORDS, "Unmapped"]),
            st.integers(-600, 10_000),  # minutes from creation to the status change
            st.booleans(),  # the Since cell filled
            st.none() | st.integers(0, 10_000),  # minutes to the solve cell, or empty
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_not_done_row_takes_its_mapped_status_when_it_is_dated(cases: list[Any]) -> None:
    rows = []
    for i, (word, minutes, dated, solved) in enumerate(cases):
        created = T0 + timedelta(hours=i)
        since = (created + timedelta(minutes=minutes)).isoformat() if dated else ""
        solve = "" if solved is None else (created + timedelta(minutes=solved)).isoformat()
        if WORDS.get(word) == "solved" and solved is None and (not dated or minutes < 0):
            solve = created.isoformat()  # a done row needs an instant: give it its solve
        rows.append({"id": f"T{i}", "created_at": created.isoformat(), "State": word,
                     "Since": since, "solved_at": solve})  # fmt: skip
    got = list(summary.histories(rows, columns=COLUMNS, status_map=WORDS))
    for h, row, (word, minutes, dated, _) in zip(got, rows, cases, strict=True):
        mapped = WORDS.get(word)
        changes = [e for e in h.events if e.id == "status"]
        if row["solved_at"] or mapped in (None, "solved") or not dated or minutes < 0:
            assert changes == []  # done, unmapped, undated or dated before creation: nothing
            continue
        (change,) = changes
        assert change.status is Status.parse(mapped)
        assert change.at.astimezone(UTC) == h.created_at.astimezone(UTC) + timedelta(
            minutes=minutes
        )
        assert h.final_status() is Status.parse(mapped)
        assert h.solved_at() is None


def test_the_overview_counts_a_dated_open_row_as_open() -> None:
    rows = [
        {"id": "A", "created_at": T0.isoformat(), "State": "Open",
         "Since": (T0 + timedelta(hours=1)).isoformat(), "solved_at": ""},
        {"id": "B", "created_at": T0.isoformat(), "State": "Open", "Since": "", "solved_at": ""},
    ]  # fmt: skip
    report = build_report(list(summary.histories(rows, columns=COLUMNS, status_map=WORDS)))
    assert dict(report.overview.by_status) == {"open": 1, "not solved (status unknown)": 1}
