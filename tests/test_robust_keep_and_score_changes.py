"""Regressions found by fuzzing the readers on real recorded shapes (``test_fuzz_real_shapes.py``):
``keep``, ``status_map`` and Zendesk's ``satisfaction_score`` changes.

Each test is one violation of the robustness contract, reduced to a few rows: expected values
are written from the input by hand, never taken from the reader.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog, zendesk
from servicemodel.model import SatisfactionRating

COLUMNS = {"case": "c", "activity": "a", "timestamp": "t", "status": "v"}
STATUS_MAP = {"open": "open", "solved": "solved"}
ROWS = [
    {"c": "T1", "a": "status", "t": "2026-05-04T08:00:00Z", "v": "open"},
    {"c": "T1", "a": "priority", "t": "2026-05-04T08:00:00Z", "v": "high"},
    {"c": "T1", "a": "Reply", "t": "2026-05-04T09:00:00Z", "v": ""},
    {"c": "T1", "a": "status", "t": "2026-05-04T10:00:00Z", "v": "solved"},
]


def read(**options: Any) -> list[Any]:
    options = {"columns": COLUMNS, "status_map": STATUS_MAP, "tz": UTC, **options}
    return list(eventlog.histories(ROWS, **options))


def test_a_keep_word_with_spaces_is_read_as_its_text() -> None:
    # Was: " status" never matched an activity (read stripped): every row left out, no ticket.
    (h,) = read(keep=[" status "])
    assert [e.status.value for e in h.events] == ["open", "solved"]


@pytest.mark.parametrize("keep", [[""], ["status", " "]])
def test_a_blank_keep_word_is_refused(keep: list[str]) -> None:
    with pytest.raises(ConfigError, match=r"keep\[\d\]: expected a non-blank string"):
        read(keep=keep)


def test_a_keep_matching_no_row_is_an_error_not_an_empty_log() -> None:
    # Was: keep=["Status"] over a log that writes "status" gave no ticket and no error.
    with pytest.raises(ConfigError, match=r"keep \['Status'\] matches no row .* all 4 rows"):
        read(keep=["Status"])


def test_keep_may_not_leave_out_an_activity_the_map_reads() -> None:
    # Was: the Reply rows were dropped while activity_map said the log records replies, so
    # the ticket read as never answered (first reply time missing, not "unknown").
    with pytest.raises(ConfigError, match=r"keep: \['status'\] leaves out \['Reply'\]"):
        read(keep=["status"], activity_map={"Reply": "agent_reply"})
    (h,) = read(keep=["status", "Reply"], activity_map={"Reply": "agent_reply"})
    assert [type(e).__name__ for e in h.events] == ["StatusChange", "AgentReply", "StatusChange"]


def test_status_map_names_are_activities_only_without_a_status_column() -> None:
    columns = {"case": "c", "activity": "a", "timestamp": "t"}
    rows = [{"c": "T1", "a": "Open", "t": "2026-05-04T08:00:00Z"}]
    with pytest.raises(ConfigError, match=r"leaves out \['Solved'\]"):
        eventlog.histories(rows, columns=columns, status_map={"Open": "open", "Solved": "solved"},
                           keep=["Open"])  # fmt: skip


def test_two_score_changes_in_one_audit_are_one_rating() -> None:
    # Was: each change a rating at the audit's instant -- CSAT n=2 for one answer.
    page = {"tickets": [{"id": 1, "created_at": "2026-05-04T08:00:00Z", "status": "solved",
                         "updated_at": "2026-05-05T08:00:00Z", "requester_id": 10}]}  # fmt: skip
    changes = [("good", "offered"), ("bad", "good")]
    events = [
        {"id": 50 + i, "type": "Change", "field_name": "satisfaction_score", "value": value,
         "previous_value": before}
        for i, (value, before) in enumerate(changes)
    ]  # fmt: skip
    audit = {"id": 5, "ticket_id": 1, "created_at": "2026-05-04T09:00:00Z", "author_id": 10,
             "events": events}  # fmt: skip
    (h,) = zendesk.histories([page], [audit])
    ratings = [(e.id, e.at, e.score) for e in h.events if isinstance(e, SatisfactionRating)]
    assert ratings == [("51", datetime(2026, 5, 4, 9, tzinfo=UTC), 0.0)]  # the audit's last


def test_an_unknown_score_before_the_last_is_still_the_tickets_error() -> None:
    page = {"tickets": [{"id": 1, "created_at": "2026-05-04T08:00:00Z", "status": "solved",
                         "requester_id": 10}]}  # fmt: skip
    events = [
        {"id": 51, "type": "Change", "field_name": "satisfaction_score", "value": "great"},
        {"id": 52, "type": "Change", "field_name": "satisfaction_score", "value": "good"},
    ]
    audit = {"id": 5, "ticket_id": 1, "created_at": "2026-05-04T09:00:00Z", "author_id": 10,
             "events": events}  # fmt: skip
    stream = zendesk.histories([page], [audit], on_error="collect")
    assert list(stream) == []
    (error,) = stream.errors
    assert error.path.endswith("events[0].value")
    assert "'great'" in str(error)
