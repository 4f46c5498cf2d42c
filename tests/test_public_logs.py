"""The mapping for the public Helpdesk event log (4TU.ResearchData) reads a log in its shape."""

from __future__ import annotations

import json
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import PartialHistoryError
from servicemodel.io import eventlog
from servicemodel.kpi import FirstReplyTime
from servicemodel.model import InternalNote, Status, lost_facts

ROOT = Path(__file__).resolve().parents[1]
MAPPING = ROOT / "examples" / "mappings" / "helpdesk-4tu.toml"
LOG = ROOT / "tests" / "data" / "eventlog" / "helpdesk_shape.csv"


def _options() -> dict[str, object]:
    with open(MAPPING, "rb") as fh:
        return tomllib.load(fh)


def test_the_mapping_reads_every_case_with_its_statuses_and_notes() -> None:
    result = eventlog.load(LOG, **_options())  # type: ignore[arg-type]
    assert (len(result.histories), result.errors) == (3, ())
    by_id = {h.id: h for h in result.histories}
    # The log's local times are Italian: 14:50:17 on 9 October 2012 is 12:50:17 UTC (CEST).
    created = by_id["Case 1"].ticket.created_at
    assert created.astimezone(UTC) == datetime(2012, 10, 9, 12, 50, 17, tzinfo=UTC)
    # Case 2 waits (pending), then is solved after the end of summer time (+01:00).
    statuses = [s.status for s in by_id["Case 2"].status_spans()]
    assert statuses == [Status.NEW, Status.OPEN, Status.PENDING, Status.SOLVED, Status.CLOSED]
    case3 = by_id["Case 3"]
    assert case3.reopen_count() == 1
    assert [type(e) for e in case3.events].count(InternalNote) == 1  # "Require upgrade"
    assert case3.ticket.group == "Value 2"


def test_the_report_runs_on_it_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--source", "eventlog", str(LOG), "--map", str(MAPPING),
                 "--format", "json"])  # fmt: skip
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    report = json.loads(captured.out)
    assert report["overview"]["tickets"] == 3


def test_a_log_without_replies_says_its_reply_figures_are_not_available(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The Helpdesk log records work, not messages: no ticket is "not answered yet".
    code = main(["report", "--source", "eventlog", str(LOG), "--map", str(MAPPING)])
    out = capsys.readouterr().out
    assert code == 0
    first_reply = next(line for line in out.splitlines() if "First reply p50" in line)
    assert "not available from this export (lost: first_reply" in first_reply
    assert "not reached yet" not in first_reply
    resolution = next(line for line in out.splitlines() if "Resolution p50" in line)
    assert " h " in resolution  # resolution times are in the log


_KINDS = ["customer_message", "agent_reply", "internal_note", "reopen"]


@given(
    st.lists(st.sampled_from(_KINDS), max_size=4),
    st.sampled_from(["solved", "closed", "pending", "open"]),
)
def test_what_the_mapping_cannot_say_is_lost_never_guessed(kinds: list[str], done: str) -> None:
    activities = {f"act {i}": kind for i, kind in enumerate(kinds)}
    rows = [
        {"case:concept:name": "C1", "concept:name": "Done", "time:timestamp": "2026-03-02T09:00Z"},
        *(
            {
                "case:concept:name": "C1",
                "concept:name": name,
                "time:timestamp": f"2026-03-02T1{i}:00Z",
            }
            for i, name in enumerate(activities)
            if activities[name] != "reopen"
        ),
    ]
    (h,) = eventlog.histories(rows, activity_map=activities, status_map={"Done": done})
    lost = lost_facts(h)
    # Exactly what the mapping makes unknowable, nothing more.
    assert ("first_reply" in lost) is ("agent_reply" not in kinds)
    assert ("next_reply" in lost) is ("agent_reply" not in kinds or "customer_message" not in kinds)
    assert ("resolution" in lost) is (done not in ("solved", "closed"))
    if "first_reply" in lost:
        with pytest.raises(PartialHistoryError):
            FirstReplyTime.empty().add(h)
    else:
        FirstReplyTime.empty().add(h)  # measured (answered or not), never refused
