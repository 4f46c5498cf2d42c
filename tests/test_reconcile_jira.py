"""servicemodel.reconcile: JSM SLA cycles -> vendor verdicts, and verdicts beside ours."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import jira
from servicemodel.reconcile import VendorVerdict, jsm_verdicts, reconcile
from servicemodel.sla import SLAPolicy, Target, evaluate_many

DATA = Path(__file__).parent / "data" / "jira"
AT = datetime(2026, 3, 6, tzinfo=UTC)
H = timedelta(hours=1)


def pages() -> list[dict[str, Any]]:
    return [json.loads((DATA / f"search_page{i}.json").read_text()) for i in (1, 2)]


def sla() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((DATA / "request_sla.json").read_text())
    return found


def histories() -> list[Any]:
    comments = json.loads((DATA / "request_comments.json").read_text())
    stream = jira.histories(
        pages(), comments, status_map={"Awaiting Vendor": "on_hold"}, on_error="collect"
    )
    return list(stream)


def _t(metric: str, within: str) -> Target:
    return Target(metric, within, business=False)


STANDARD = [_t("first_reply", "1h"), _t("resolution", "8h")]
POLICY = SLAPolicy(
    "standard",
    {"low": STANDARD, "normal": STANDARD, "high": STANDARD,
     "urgent": [_t("first_reply", "30m"), _t("resolution", "4h")]},
)  # fmt: skip


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# -- reading SLA records ---------------------------------------------------------------------


def test_fixture_verdicts_from_fields_and_from_the_sla_api() -> None:
    verdicts, errors = jsm_verdicts(pages(), sla=sla(), on_error="collect")
    assert [e.path for e in errors] == ["pages[1].issues[2].fields"]  # SD-6, deleted
    got = {(v.ticket_id, v.metric, v.instance): v for v in verdicts}
    assert sorted(got) == [
        ("SD-1", "Time to close after resolution", 1),
        ("SD-1", "Time to first response", 1),
        ("SD-1", "Time to resolution", 1),
        ("SD-2", "Time to first response", 1),
        ("SD-2", "Time to resolution", 1),
        ("SD-2", "Time to resolution", 2),
        ("SD-3", "Time to first response", 1),
        ("SD-3", "Time to resolution", 1),
        ("SD-4", "Time to first response", 1),
        ("SD-4", "Time to resolution", 1),
    ]
    first = got[("SD-2", "Time to first response", 1)]
    assert (first.state, first.target, first.elapsed) == ("breached", H / 2, 2 * H)
    assert first.breached_at == _utc("2026-03-02T14:30:00-05:00")
    assert (first.our_metric, first.our_cycle, first.source) == ("first_reply", 0, "jsm")
    met = got[("SD-2", "Time to resolution", 1)]
    assert (met.state, met.breached_at) == ("achieved", None)  # a projected breach is no breach
    assert met.fulfilled_at == _utc("2026-03-03T10:00:00-05:00")
    assert met.notes == ("the vendor's goal changed between cycles (8:00:00, 4:00:00)",)
    paused = got[("SD-3", "Time to resolution", 1)]
    # withinCalendarHours false: read while outside its working hours, so a business clock.
    assert (paused.state, paused.paused, paused.business) == ("active", True, True)
    assert got[("SD-1", "Time to close after resolution", 1)].our_metric is None


def test_names_map_more_slas_and_refuse_unknown_metrics() -> None:
    names = {"Time to close after resolution": "resolution", "Time to resolution": None}
    verdicts, _ = jsm_verdicts(pages()[0]["issues"], names=names)
    by = {v.metric: v.our_metric for v in verdicts}
    assert by == {"Time to close after resolution": "resolution",
                  "Time to first response": "first_reply", "Time to resolution": None}  # fmt: skip
    with pytest.raises(ConfigError) as info:
        jsm_verdicts(names={"X": "close_time"})
    assert info.value.path == "names.X"


@pytest.mark.parametrize(
    ("mutate", "path", "value"),
    [
        (lambda c: c.update(breached="no"), "completedCycles[0].breached", "'no'"),
        (lambda c: c.update(startTime={"friendly": "Today"}), "completedCycles[0].startTime",
         "Today"),
        (lambda c: c.update(goalDuration={"friendly": "1h"}), "completedCycles[0].goalDuration",
         "'1h'"),
    ],
)  # fmt: skip
def test_every_sla_error_names_path_issue_and_value(mutate: Any, path: str, value: str) -> None:
    records = sla()
    bad = copy.deepcopy(records["SD-3"])
    mutate(bad["values"][0]["completedCycles"][0])
    records["SD-3"] = bad
    with pytest.raises(RecordError) as info:
        jsm_verdicts(sla=records)
    assert info.value.path == f"sla['SD-3'].values[0].{path}"
    assert value in str(info.value)
    assert "issue SD-3" in str(info.value)
    verdicts, errors = jsm_verdicts(sla=records, on_error="collect")
    # One bad SLA record costs only its own cycles: SD-3's resolution and the others stay.
    assert len(verdicts) == 6
    assert [e.path for e in errors] == [info.value.path]


# -- side by side ----------------------------------------------------------------------------


def test_fixture_reconciliation_explains_every_disagreement() -> None:
    # Fetched at the snapshot: the ongoing cycles' elapsedTime is JSM's figure at AT.
    verdicts, _ = jsm_verdicts(pages(), sla=sla(), read_at=AT, on_error="collect")
    r = reconcile(verdicts, evaluate_many(POLICY, histories(), at=AT))
    # 4 issues x 2 of our clocks, plus SD-2's second resolution cycle and SD-1's close SLA.
    assert (len(r.clocks), r.agreements) == (10, 6)
    assert r.reasons() == {
        "breach instants differ": 1,
        "verdict differs": 1,
        "a cycle we do not run": 1,
        "we have no such metric": 1,
    }
    why = {(c.ticket_id, c.metric, c.cycle): c.reason for c in r.disagreements}
    # SD-4 was created 08:00 UTC with a 1 h first reply target: ours breached at 09:00 on a
    # 24/7 clock; JSM's business calendar opened at 09:00 and breached at 10:00.
    assert why[("SD-4", "first_reply", 0)] == (
        "breach instants differ by 1:00:00 (tolerance 0:01:00); "
        "counted time differs: vendor 8:00:00, ours 16:00:00"
    )
    assert "vendor clock paused, ours running: the pause statuses differ" in (
        why[("SD-4", "resolution", 0)] or ""
    )
    assert (why[("SD-2", "resolution", 1)] or "").startswith(
        "a cycle we do not run: vendor 'Time to resolution' cycle 2"
    )
    # The urgent first-reply goal ran out at 19:30 UTC on both sides, before the priority fell.
    sd2 = next(c for c in r.clocks if (c.ticket_id, c.metric) == ("SD-2", "first_reply"))
    assert sd2.agrees
    assert sd2.vendor_breached_at == sd2.our_breached_at == _utc("2026-03-02T14:30:00-05:00")


def _history_with_reply(after: timedelta) -> Any:
    from servicemodel.model import AgentReply, Ticket, TicketHistory

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return TicketHistory(Ticket("SD-9", t0), [AgentReply("r", t0 + after)])


GOALS = "the vendor's goal changed between cycles (4:00:00, 1:00:00)"


def test_goal_change_and_counted_time_explain_a_verdict() -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    v = VendorVerdict("SD-9", "Time to first response", 1, "achieved", target=4 * H,
                      fulfilled_at=t0 + 2 * H, started_at=t0, elapsed=H, source="jsm",
                      our_metric="first_reply", our_cycle=0,
                      notes=(GOALS,))  # fmt: skip
    policy = SLAPolicy("p", {"normal": [_t("first_reply", "1h")]})
    (c,) = reconcile([v], evaluate_many(policy, [_history_with_reply(2 * H)])).clocks
    assert c.reason == (
        "verdict differs: vendor achieved, ours breached; targets differ: vendor 4:00:00, ours "
        "1:00:00; counted time differs: vendor 1:00:00, ours 2:00:00 (the vendor left 1:00:00 "
        "of its 2:00:00 span out: its calendar or pauses); the vendor's goal changed between "
        "cycles (4:00:00, 1:00:00)"
    )


@given(
    reply=st.integers(min_value=1, max_value=600),
    target=st.integers(min_value=1, max_value=600),
)
def test_a_vendor_that_counts_like_us_always_agrees(reply: int, target: int) -> None:
    """A JSM cycle computed by the published rule (24/7, no pauses) agrees with ours."""
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    stop, goal = t0 + timedelta(minutes=reply), timedelta(minutes=target)
    breached = stop > t0 + goal
    cycle = {"startTime": t0.isoformat(), "stopTime": stop.isoformat(), "breached": breached,
             "breachTime": (t0 + goal).isoformat(), "goalDuration": {"millis": target * 60000},
             "elapsedTime": {"millis": reply * 60000}}  # fmt: skip
    record = {"name": "Time to first response", "completedCycles": [cycle]}
    verdicts, _ = jsm_verdicts(sla={"SD-9": [record]})
    policy = SLAPolicy("p", {"normal": [Target("first_reply", goal, business=False)]})
    r = reconcile(verdicts, evaluate_many(policy, [_history_with_reply(stop - t0)]))
    assert r.agreements == len(r.clocks) == 1
