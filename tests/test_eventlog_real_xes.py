"""XES lifecycles that are lifecycles, and sub-statuses that are not (BPI Challenge 2013).

The lifecycle transitions are those of the XES standard lifecycle model (IEEE 1849-2016, the
lifecycle extension; https://www.xes-standard.org/). ``tests/data/eventlog/bpic2013_shape.csv``
holds four incidents written by hand in the shape pm4py writes the BPI Challenge 2013
incident log (4TU.ResearchData, doi:10.4121/uuid:500573e6-accc-4b0c-9576-aa5468b10cee) to CSV:
its columns and vocabulary, not its data.
"""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import RecordError
from servicemodel.io import eventlog
from servicemodel.model import AgentReply, Priority, Status

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "data" / "eventlog" / "bpic2013_shape.csv"
MAP = ROOT / "examples" / "mappings" / "bpic2013-incidents.toml"

#: The standard model's transitions, written out here from the standard (not imported).
STANDARD = ["schedule", "assign", "reassign", "start", "suspend", "resume", "withdraw",
            "ate_abort", "pi_abort", "complete", "autoskip", "manualskip", "unknown"]  # fmt: skip
#: The BPI Challenge 2013 sub-statuses pm4py writes in lifecycle:transition.
SUB_STATUSES = ["In Progress", "Awaiting Assignment", "Assigned", "Wait", "Wait - User",
                "Wait - Customer", "Wait - Implementation", "Wait - Vendor", "Resolved",
                "Closed", "Cancelled", "Unmatched"]  # fmt: skip


def mapping() -> dict[str, Any]:
    with MAP.open("rb") as fh:
        return tomllib.load(fh)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# -- the fixture ----------------------------------------------------------------------------------


def test_without_the_mapping_every_incident_is_an_error_not_a_silent_drop() -> None:
    # Before, every row was "not complete" and dropped: four empty, open tickets.
    result = eventlog.load(FIXTURE, on_error="collect")
    assert len(result) == 0
    assert len(result.errors) == 4
    for err in result.errors:
        assert err.path == "lifecycle:transition"
        assert "columns.status" in str(err)
        assert 'columns.lifecycle = ""' in str(err)
    assert "'Awaiting Assignment'" in str(result.errors[0])


def test_the_mapping_reads_each_sub_status_as_a_status() -> None:
    by_id = {h.id: h for h in eventlog.load(FIXTURE, **mapping())}
    assert sorted(by_id) == ["1-364285768", "1-467153946", "1-506543271", "1-602212985"]
    h = by_id["1-364285768"]
    assert h.ticket.priority is Priority.NORMAL  # impact Medium
    assert (h.ticket.group, h.ticket.channel) == ("N10", "other")
    assert h.status_at(at("2010-04-07 12:00:00+02:00")) is Status.PENDING  # Wait - User
    solved = h.solved_at()
    assert solved is not None
    assert solved.astimezone(UTC) == at("2010-04-08 11:50:06+02:00")
    assert h.final_status() is Status.CLOSED
    h = by_id["1-467153946"]  # resolved, worked on again, resolved: a reopen, across DST
    assert h.ticket.priority is Priority.HIGH
    assert h.reopen_count() == 1
    assert h.status_at(at("2010-03-28 12:00:00+02:00")) is Status.ON_HOLD  # Implementation
    assert h.created_at.astimezone(UTC) == at("2010-03-26 16:21:01+01:00")
    h = by_id["1-506543271"]
    assert h.ticket.priority is Priority.URGENT  # impact Major
    labels = [e.label for e in h.events if hasattr(e, "label")]
    assert "Unmatched" not in labels  # ignored: it sets no status
    assert h.status_at(at("2012-05-03 10:00:00+02:00")) is Status.OPEN
    assert h.status_at(at("2012-05-04 12:00:00+02:00")) is Status.ON_HOLD  # Wait
    assert h.final_status() is Status.PENDING  # Wait - Customer
    h = by_id["1-602212985"]
    assert h.final_status() is Status.CLOSED  # Cancelled


def test_cli_reads_the_fixture_with_the_mapping_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--source", "eventlog", str(FIXTURE), "--map", str(MAP),
                 "--format", "json"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["overview"]["tickets"] == 4


def test_cli_without_the_mapping_says_what_to_map(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--source", "eventlog", str(FIXTURE)])
    _, err = capsys.readouterr()
    assert code != 0
    assert "line 2" in err
    assert "columns.status" in err


def test_cli_lifecycle_off_in_a_mapping_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # TOML has no null: an empty column name switches the role off.
    m = tmp_path / "m.toml"
    m.write_text('ignore = ["Accepted", "Queued", "Completed", "Unmatched"]\n'
                 '[columns]\nlifecycle = ""\n')  # fmt: skip
    code = main(["report", "--source", "eventlog", str(FIXTURE), "--map", str(m),
                 "--format", "json"])  # fmt: skip
    out, _ = capsys.readouterr()
    assert code == 0
    assert json.loads(out)["overview"]["tickets"] == 4


# -- laws ------------------------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
STATUS_MAP = dict.fromkeys(("In Progress", "Awaiting Assignment", "Assigned"), "open") | {
    "Wait": "on_hold", "Wait - User": "pending", "Wait - Customer": "pending",
    "Wait - Implementation": "on_hold", "Wait - Vendor": "on_hold", "Resolved": "solved",
    "Closed": "closed", "Cancelled": "closed",
}  # fmt: skip
steps = st.lists(
    st.tuples(st.sampled_from(SUB_STATUSES), st.integers(0, 5_000)), min_size=1, max_size=8
)


def bpic_rows(cases: list[list[tuple[str, int]]], column: str) -> list[dict[str, str]]:
    rows = []
    for i, case in enumerate(cases):
        for sub, minutes in case:
            stamp = (T0 + timedelta(minutes=minutes)).isoformat()
            rows.append({"case:concept:name": f"C{i}", "concept:name": "Accepted",
                         column: sub, "time:timestamp": stamp})  # fmt: skip
    return rows


@given(st.lists(steps, min_size=1, max_size=3))
def test_a_status_column_that_is_the_lifecycle_column_reads_as_lifecycle_off(
    cases: list[list[tuple[str, int]]],
) -> None:
    options: dict[str, Any] = {"status_map": STATUS_MAP, "ignore": ["Unmatched"]}
    own = eventlog.histories(
        bpic_rows(cases, "lifecycle:transition"),
        columns={"status": "lifecycle:transition"},
        **options,
    ).collect()
    off = eventlog.histories(
        bpic_rows(cases, "lifecycle:transition"),
        columns={"status": "lifecycle:transition", "lifecycle": ""},
        **options,
    ).collect()
    # The reference: the same log with the sub-status in a column of its own, no lifecycle.
    renamed = eventlog.histories(
        bpic_rows(cases, "sub_status"), columns={"status": "sub_status"}, **options
    ).collect()
    assert own == off == renamed
    assert len(own) == len(cases)


def reply_rows(transitions: list[str | None]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for i, transition in enumerate(transitions):
        rows.append({"case:concept:name": "C1", "concept:name": "Reply", "org:resource": "a1",
                     "time:timestamp": (T0 + timedelta(minutes=i)).isoformat(),
                     "lifecycle:transition": transition})  # fmt: skip
    return rows


def cased(word: str, upper: list[bool]) -> str:
    flags = [*upper, *[False] * len(word)]
    return "".join(c.upper() if u else c for c, u in zip(word, flags, strict=False))


@given(
    st.lists(
        st.tuples(st.sampled_from([*STANDARD, None, ""]), st.lists(st.booleans(), max_size=12)),
        min_size=1,
        max_size=8,
    )
)
def test_only_complete_and_unknown_say_an_activity_happened(
    drawn: list[tuple[str | None, list[bool]]],
) -> None:
    transitions = [t if t is None else cased(t, up) for t, up in drawn]
    (h,) = eventlog.histories(reply_rows(transitions), activity_map={"Reply": "agent_reply"})
    happened = [t for t in transitions if t is None or t.lower() in ("", "complete", "unknown")]
    assert len([e for e in h.events if isinstance(e, AgentReply)]) == len(happened)


@given(
    value=st.text(min_size=1, max_size=20).filter(
        lambda s: s.strip().casefold() not in {*STANDARD, "", "?"}
    ),
    position=st.integers(0, 3),
)
def test_a_value_outside_the_lifecycle_model_is_its_cases_error(value: str, position: int) -> None:
    good = reply_rows(["complete"])
    bad = [{**r, "case:concept:name": "C2"} for r in reply_rows(["complete"] * 4)]
    bad[position]["lifecycle:transition"] = value
    result = eventlog.histories(
        [*good, *bad], activity_map={"Reply": "agent_reply"}, on_error="collect"
    ).collect()
    assert [h.id for h in result] == ["C1"]
    (err,) = result.errors
    assert err.path == f"rows[{1 + position}].lifecycle:transition"
    assert "'C2'" in str(err)
    assert "columns.status" in str(err)
    with pytest.raises(RecordError, match="XES standard lifecycle model"):
        list(eventlog.histories(bad, activity_map={"Reply": "agent_reply"}))


@given(st.lists(st.sampled_from([*SUB_STATUSES, *STANDARD]), min_size=1, max_size=6))
def test_lifecycle_off_reads_as_a_log_without_the_column(transitions: list[str]) -> None:
    rows = reply_rows(list(transitions))
    (off,) = eventlog.histories(
        rows, columns={"lifecycle": ""}, activity_map={"Reply": "agent_reply"}
    )
    for row in rows:
        del row["lifecycle:transition"]
    (without,) = eventlog.histories(rows, activity_map={"Reply": "agent_reply"})
    assert off == without
    assert len(off.events) == len(transitions)


def test_a_status_value_named_in_ignore_sets_no_status() -> None:
    rows = bpic_rows([[("In Progress", 0), ("Unmatched", 5), ("Resolved", 9)]], "sub")
    (h,) = eventlog.histories(
        rows, columns={"status": "sub"}, status_map=STATUS_MAP, ignore=["Unmatched"]
    )
    assert [e.label for e in h.events if hasattr(e, "label")] == ["In Progress", "Resolved"]
