"""servicemodel.reconcile: Zendesk metric events -> vendor verdicts, and verdicts beside ours."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from servicemodel.errors import RecordError
from servicemodel.io import zendesk
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import (
    ClockComparison,
    Reconciliation,
    VendorVerdict,
    reconcile,
    zendesk_verdicts,
)
from servicemodel.sla import SLAPolicy, Target, evaluate_many

DATA = Path(__file__).parent / "data" / "zendesk"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def metric_events() -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = json.loads((DATA / "metric_events.json").read_text())[
        "ticket_metric_events"
    ]
    return events


def fixture_histories() -> list[TicketHistory]:
    pages = [json.loads((DATA / f"tickets_page{i}.json").read_text()) for i in (1, 2)]
    with open(DATA / "audits.jsonl", encoding="utf-8") as fh:
        audits = [json.loads(line) for line in fh]
    stream = zendesk.histories(pages, audits, status_map={"9002": "pending"}, on_error="collect")
    return list(stream)


def _t(metric: str, within: str) -> Target:
    return Target(metric, within, business=False)


STANDARD = [_t("first_reply", "1h"), _t("next_reply", "4h"), _t("requester_wait", "8h")]
POLICY = SLAPolicy(
    "standard",
    {
        "low": STANDARD,
        "normal": STANDARD,
        "high": STANDARD,
        "urgent": [_t("first_reply", "15m"), _t("requester_wait", "4h")],
    },
)
AT = datetime(2026, 3, 6, tzinfo=UTC)


# -- reading metric events -----------------------------------------------------------------


def test_fixture_verdicts() -> None:
    verdicts, errors = zendesk_verdicts(metric_events())
    assert errors == ()
    got = {(v.ticket_id, v.metric, v.instance): v for v in verdicts}
    assert sorted(got) == [
        ("1001", "pausable_update_time", 1),
        ("1001", "reply_time", 1),
        ("1001", "reply_time", 2),
        ("1001", "requester_wait_time", 1),
        ("1001", "resolution_time", 1),
        ("1002", "reply_time", 1),
        ("1002", "requester_wait_time", 1),
        ("1003", "reply_time", 1),
    ]  # 1003 agent_work_time was only activated: no SLA, no verdict
    first = got[("1001", "reply_time", 1)]
    assert (first.state, first.policy, first.target) == ("achieved", "Standard", timedelta(hours=1))
    assert first.elapsed == timedelta(minutes=40)
    assert first.fulfilled_at == datetime(2026, 3, 2, 9, 40, tzinfo=UTC)
    urgent = got[("1002", "reply_time", 1)]
    assert (urgent.state, urgent.breached_at) == (
        "breached",
        datetime(2026, 3, 2, 10, 15, tzinfo=UTC),
    )
    assert got[("1003", "reply_time", 1)].business is True


def test_a_deleted_breach_does_not_count() -> None:
    evs = [
        {"ticket_id": 1, "metric": "reply_time", "instance_id": 1, "type": "apply_sla",
         "time": "2026-03-02T09:00:00Z", "sla": {"target": 60}},
        {"ticket_id": 1, "metric": "reply_time", "instance_id": 1, "type": "breach",
         "time": "2026-03-02T10:00:00Z", "deleted": True},
        {"ticket_id": 1, "metric": "reply_time", "instance_id": 1, "type": "fulfill",
         "time": "2026-03-02T10:30:00Z"},
    ]  # fmt: skip
    ((v,), _) = zendesk_verdicts(evs)
    assert (v.state, v.breached_at) == ("achieved", None)


def test_target_in_seconds_wins_and_an_unfulfilled_clock_is_active() -> None:
    sla = {"target_in_seconds": 90, "target": 5}
    evs = [{"ticket_id": 1, "metric": "agent_work_time", "type": "apply_sla",
            "time": "2026-03-02T09:00:00+01:00", "sla": sla}]  # fmt: skip
    ((v,), _) = zendesk_verdicts(evs)
    assert (v.state, v.target, v.instance) == ("active", timedelta(seconds=90), 1)


@pytest.mark.parametrize(
    ("event", "path", "value"),
    [
        ({"metric": "reply_time", "type": "fulfill", "time": "2026-03-02T09:00:00Z"},
         "metric_events[0].ticket_id", "None"),
        ({"ticket_id": 1, "metric": "reply_time", "type": "fulfill", "time": "noon"},
         "metric_events[0].time", "'noon'"),
        ({"ticket_id": 1, "metric": "reply_time", "type": "apply_sla",
          "time": "2026-03-02T09:00:00Z", "sla": {"target": "1h"}},
         "metric_events[0].sla.target", "'1h'"),
        ({"ticket_id": 1, "metric": "reply_time", "instance_id": -1, "type": "fulfill",
          "time": "2026-03-02T09:00:00Z"}, "metric_events[0].instance_id", "-1"),
        (["not", "an", "event"], "metric_events[0]", "['not', 'an', 'event']"),
    ],
)  # fmt: skip
def test_bad_metric_events_name_path_and_value(event: Any, path: str, value: str) -> None:
    with pytest.raises(RecordError) as info:
        zendesk_verdicts([event])
    assert info.value.path == path
    assert value in str(info.value)
    verdicts, errors = zendesk_verdicts([event], on_error="collect")
    assert verdicts == ()
    assert [e.path for e in errors] == [path]


# -- reconciling ---------------------------------------------------------------------------


def test_fixture_reconciliation() -> None:
    verdicts, _ = zendesk_verdicts(metric_events())
    r = reconcile(verdicts, evaluate_many(POLICY, fixture_histories(), at=AT))
    assert (len(r.clocks), r.agreements) == (11, 5)
    assert r.reasons() == {
        "vendor has no clock for it": 3,
        "verdict differs": 1,
        "we have no clock for it": 1,
        "we have no such metric": 1,
    }
    differs = next(c for c in r.disagreements if c.reason and c.reason.startswith("verdict"))
    assert (differs.ticket_id, differs.metric, differs.cycle) == ("1003", "first_reply", 0)
    assert "vendor counts business time, ours calendar time" in (differs.reason or "")
    urgent = next(c for c in r.clocks if (c.ticket_id, c.metric) == ("1002", "first_reply"))
    assert urgent.agrees
    assert (
        urgent.vendor_breached_at
        == urgent.our_breached_at
        == datetime(2026, 3, 2, 10, 15, tzinfo=UTC)
    )
    text = r.to_text()
    # The one-sided clocks are counted apart, as the report's section counts them.
    assert text.splitlines()[0] == (
        "6 clocks compared: 5 agree, 1 disagree; 3 only ours, 2 only the vendor's"
    )
    assert text.splitlines()[1].startswith("  disagrees    ticket 1003 first_reply#0:")
    assert (
        "vendor only  ticket 1001 resolution#0: vendor achieved, ours - -- we have no clock for it"
        in text
    )


def _history(reply_after: timedelta) -> TicketHistory:
    return TicketHistory(Ticket("7", T0), [AgentReply("r", T0 + reply_after)])


def _policy(within: str) -> SLAPolicy:
    return SLAPolicy("p", {"normal": [_t("first_reply", within)]})


def test_breach_instants_beyond_the_tolerance_disagree() -> None:
    vendor = [
        VendorVerdict("7", "reply_time", 1, "breached", breached_at=T0 + timedelta(minutes=65))
    ]
    ours = list(evaluate_many(_policy("1h"), [_history(timedelta(hours=2))]))
    assert reconcile(vendor, ours, tolerance=timedelta(minutes=5)).agreements == 1
    (c,) = reconcile(vendor, ours).clocks
    assert c.reason == "breach instants differ by 0:05:00 (tolerance 0:01:00)"


def test_verdict_differs_names_the_targets() -> None:
    vendor = [VendorVerdict("7", "reply_time", 1, "achieved", target=timedelta(hours=4))]
    (c,) = reconcile(vendor, evaluate_many(_policy("1h"), [_history(timedelta(hours=2))])).clocks
    assert c.reason == (
        "verdict differs: vendor achieved, ours breached; "
        "targets differ: vendor 4:00:00, ours 1:00:00"
    )


def test_instances_map_to_cycles() -> None:
    vendor = [
        VendorVerdict("7", "reply_time", 2, "achieved"),
        VendorVerdict("7", "periodic_update_time", 1, "achieved"),
        VendorVerdict("7", "group_ownership_time", 1, "achieved"),
    ]
    r = reconcile(vendor, [])
    assert [(c.metric, c.cycle, c.reason) for c in r.clocks] == [
        ("next_reply", 0, "we have no clock for it"),
        ("periodic_update", 0, "we have no clock for it"),
        # A metric we lack is counted from 0 too: instance 1 is cycle 0, as for ours.
        ("group_ownership_time", 0, "we have no such metric"),
    ]
    assert [c.vendor_instance for c in r.clocks] == [2, 1, 1]


def test_active_and_paused_are_one_verdict() -> None:
    vendor = [VendorVerdict("7", "reply_time", 1, "active")]
    h = TicketHistory(Ticket("7", T0), [])
    r = reconcile(vendor, evaluate_many(_policy("8h"), [h], at=T0 + timedelta(hours=1)))
    assert r.agreements == 1


def test_a_reconciliation_is_a_frozen_picklable_value() -> None:
    r = Reconciliation((ClockComparison("7", "first_reply", 0, "achieved", "achieved"),))
    assert pickle.loads(pickle.dumps(r)) == r
    with pytest.raises(AttributeError):
        r.tolerance = timedelta(0)  # type: ignore[misc]
    assert str(r) == "1 clocks compared: 1 agree, 0 disagree; 0 only ours, 0 only the vendor's"


def test_vendor_state_is_checked() -> None:
    with pytest.raises(ValueError, match="state"):
        VendorVerdict("7", "reply_time", 1, "late")
