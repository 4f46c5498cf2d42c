"""Fuzz the SLA reconciliation at a snapshot, JSM's read instant and the report's
``--vendor-read-at``, count arguments, blank names, the live SLA state's argument errors and
stored rows, breached clocks without a policy, the staffing plan across DST changes and
Kaplan–Meier percentile intervals.

Each harness checks the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang) and a law on
what valid input gives:

- ``zendesk_verdicts`` over drawn metric events of several tickets, metrics and instances
  (reply, resolution, wait, work and pausable update clocks): the verdicts and
  ``reconcile``'s clocks (with ``vendor_instance``, cycles counted from 0 on both sides) do not
  depend on the order of the records; the report's reconciliation section at a snapshot is
  the same whether or not the records after the snapshot are read;
- ``jsm_verdicts(read_at=...)`` with hostile instants is an error naming ``read_at`` or a
  verdict whose state, breach and stop are those read without it;
- ``servicemodel report --vendor-read-at`` with hostile texts exits 0 or 2, never with a
  traceback, and an error line names the command;
- every count-taking function with hostile and huge counts: an ``InputTypeError`` (a
  ``ConfigError`` for a count past 2**53) naming the argument and the value, or a result; a
  whole float gives the int's result;
- blank, whitespace and unicode names for every ``require_nonblank`` caller: the one
  ``ConfigError`` message, or (text with something in it) the name kept;
- a live ``TicketSLA`` given hostile instants names the ticket and stays unchanged; a stored
  row with one hostile field is refused or loaded; live equals batch through a stretch with
  no matching policy (a breach kept under its policy);
- ``plan_week`` on drawn zones and weeks: every local day's rows cover its real length,
  ``ArrivalForecast.to_records`` gives the plan's rows; ``count_arrivals`` and ``check_plan``
  with hostile options keep the contract;
- Kaplan–Meier percentile intervals over hostile and censored samples: the interval holds the
  percentile, each limit is the first time its band is at or below ``1 - q/100``.

Found and fixed (each with a regression test in the matching test module):

- ``churn_rate``, ``retention_rate``, ``ratio_estimate`` and ``difference_interval`` refused a
  count past 2**53 by the name of the function they hand it to (``churn rate: n must be a
  count up to 2**53``; ``ratio_estimate`` named ``n`` with the sum of its counts), and
  ``difference_interval`` checked ``x <= n`` in ``wilson_interval``'s words; those and
  ``proportion``/``mean_estimate`` showed a huge whole float (``1e+300``) as the 301-digit int
  it reads as, ``order_statistic_ranks`` a negative ``-1.0`` as ``-1``;
- ``report --at``, ``--since``, ``--until`` and ``--vendor-read-at`` with an instant outside
  the supported range were refused as the library's ``at`` / ``read_at``, the last only after
  the export was read.

Known, now fixed: a ``VendorVerdict`` kept only the latest ``apply_sla``, so a report at a
snapshot before a clock's first SLA was applied (or before a later ``apply_sla`` removed it)
still compared the vendor's clock (or lost it); it now keeps every ``apply_sla`` in
``applied`` and ``at_snapshot`` reads the one in force then
(``test_a_clock_whose_sla_came_after_the_snapshot``, and the snapshot law over streams whose
SLA may come, change or go after the snapshot). ``order_statistic_ranks`` did work growing as
the square root of ``n`` (minutes at 2**53) and lost digits at huge ``n``; it now takes the
Edgeworth-corrected normal CDF past a variance of 1e7
(``test_order_statistic_ranks_of_a_huge_n``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=300 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_reconcile_at_snapshot_and_counts.py
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import math
import random
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from fractions import Fraction
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _deadline import cpu_time, scaled
from servicemodel._config import safe_repr
from servicemodel.blueprint import Blueprint
from servicemodel.cli import main
from servicemodel.errors import ConfigError, InputTypeError, OutOfRangeError, ServiceModelError
from servicemodel.escalation import EscalationLevel, Trigger
from servicemodel.feedback import ChannelMix, difference_interval, two_proportion_test
from servicemodel.forecast import ArrivalForecast, check_plan, count_arrivals, plan_week
from servicemodel.journey import JourneyEvent
from servicemodel.kpi import (
    SurvivalTimes,
    churn_rate,
    mean_estimate,
    nps_interval,
    order_statistic_ranks,
    proportion,
    ratio_estimate,
    retention_rate,
    wilson_interval,
)
from servicemodel.model import AgentReply, AssignmentChange, CustomerMessage, Ticket, TicketHistory
from servicemodel.reconcile import jsm_verdicts, reconcile, zendesk_verdicts
from servicemodel.report import ReportOptions, build_report
from servicemodel.selfservice import Session
from servicemodel.servqual import Instrument, ServqualResponse
from servicemodel.sla import (
    GroupIn,
    PolicySet,
    SLAPolicy,
    Target,
    TicketSLA,
    evaluate,
    evaluate_many,
)
from servicemodel.staffing import ServiceLevelTarget, erlang_b, erlang_c, scheduled_agents

from .conftest import assert_contract, bounded_contract, folder, fuzz_settings, require, show
from .hostile import scalars

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
DATA = Path(__file__).resolve().parents[1] / "data"
POLICY_FILE = Path(__file__).resolve().parents[2] / "examples" / "policies" / "standard.toml"

#: Hostile scalars: what a JSON file, a spreadsheet or a careless caller puts anywhere.
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "   ", "\u3000", "\u00a0", "\u200b", "٣", "ｘ"]),
    st.lists(st.integers(), max_size=2),
    st.just(datetime(2026, 3, 2, 9)),  # naive
    st.just(date(2026, 3, 2)),
    scalars(),
)

#: Instants a caller may pass: aware ones in several offsets, naive ones, and no instants.
INSTANTS = st.one_of(
    st.integers(-600, 6000).map(lambda m: T0 + timedelta(minutes=m)),
    st.integers(-600, 6000).map(
        lambda m: (T0 + timedelta(minutes=m)).astimezone(timezone(timedelta(hours=-7)))
    ),
    HOSTILE,
)


# ---------------------------------------------------------------- reconcile: Zendesk events

_METRICS = (
    "reply_time",
    "resolution_time",
    "requester_wait_time",
    "agent_work_time",
    "pausable_update_time",
)
_KINDS = ("activate", "fulfill", "pause", "breach", "update_status", "apply_sla")


def _stamp(minutes: int, offset: int) -> str:
    at = (T0 + timedelta(minutes=minutes)).astimezone(timezone(timedelta(hours=offset)))
    return at.isoformat().replace("+00:00", "Z")


@st.composite
def zendesk_event(draw: st.DrawFn, eid: int, low: int, high: int) -> dict[str, Any]:
    """One metric event between minutes ``low`` and ``high`` after T0."""
    kind = draw(st.sampled_from(_KINDS))
    metric = draw(st.sampled_from(_METRICS))
    ev: dict[str, Any] = {
        "id": eid,
        "ticket_id": draw(st.sampled_from([101, 102])),
        "metric": metric,
        "instance_id": draw(st.integers(0, 3)) if metric == "reply_time" else 1,
        "type": kind,
        "time": _stamp(draw(st.integers(low, high)), draw(st.sampled_from([0, 0, 2, -5]))),
    }
    if kind == "apply_sla":
        ev["sla"] = {
            "target": draw(st.sampled_from([15, 60, 480])),
            "business_hours": draw(st.booleans()),
            "policy": {"title": draw(st.sampled_from(["Gold", "Silver"]))},
        }
    elif kind == "update_status":
        ev["status"] = {
            "calendar": draw(st.integers(0, 600)),
            "business": draw(st.none() | st.integers(0, 600)),
        }
    return ev


@st.composite
def event_streams(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
    """Events up to a snapshot ``cut`` (minutes after T0), and events after it."""
    cut = draw(st.integers(0, 600))
    before = [draw(zendesk_event(i, 0, cut)) for i in range(draw(st.integers(1, 10)))]
    after = [
        draw(zendesk_event(100 + i, cut + 1, cut + 900)) for i in range(draw(st.integers(0, 6)))
    ]

    # A clock the later records speak of was activated by the snapshot: one first activated
    # later was not started then (the rule of ``at_snapshot``). Its SLA may be applied by the
    # snapshot or first (or again, or removed) after it: ``applied`` tells which. Only a clock
    # with a later breach and no ``apply_sla`` at all (one applied before the export's start,
    # Zendesk's breach being its only word) is given one by the snapshot: without any, the
    # records cannot say when its SLA came; so is one breached by the snapshot with no
    # apply_sla before it (read as one applied before the export's start, which a later
    # first apply_sla would contradict).
    def key(e: dict[str, Any]) -> tuple[Any, ...]:
        return e["ticket_id"], e["metric"], e["instance_id"]

    def of(events: list[dict[str, Any]], kind: str) -> set[tuple[Any, ...]]:
        return {key(e) for e in events if e["type"] == kind}

    unsaid = (of(after, "breach") - of(before + after, "apply_sla")) | (
        of(before, "breach") - of(before, "apply_sla")
    )
    clocks = {key(e) for e in after}
    for k, (tid, metric, instance) in enumerate(sorted(clocks, key=repr)):
        clock = {"ticket_id": tid, "metric": metric, "instance_id": instance, "time": _stamp(0, 0)}
        before.append({**clock, "id": 50 + 2 * k, "type": "activate"})
        if (tid, metric, instance) in unsaid or draw(st.booleans()):
            before.append(
                {
                    **clock,
                    "id": 51 + 2 * k,
                    "type": "apply_sla",
                    "sla": {"target": 60, "business_hours": False},
                }
            )
    return before, after, cut


_ZPOLICY = SLAPolicy(
    "Gold",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("next_reply", "1h", business=False),
            Target("requester_wait", "8h", business=False),
            Target("agent_work", "8h", business=False),
            Target("resolution", "8h", business=False),
        ]
    },
)
_ZHISTORIES = [
    TicketHistory(
        Ticket("101", T0),
        [
            AgentReply("r1", T0 + timedelta(minutes=90)),
            CustomerMessage("m1", T0 + timedelta(minutes=200)),
            AgentReply("r2", T0 + timedelta(minutes=230)),
        ],
    ),
    TicketHistory(Ticket("102", T0 + timedelta(minutes=30)), []),
]


def _clocks(result: Any) -> list[tuple[Any, ...]]:
    """A reconciliation's clocks as a sorted list (the order follows the vendor's records)."""
    return sorted(
        (c.ticket_id, c.metric, c.cycle, c.vendor_instance, c.vendor_state, c.our_state, c.reason)
        for c in result.clocks
    )


def _verdict_set(verdicts: Any) -> list[str]:
    return sorted(repr(v) for v in verdicts)


@fuzz_settings(40)
@given(streams=event_streams(), seed=st.integers(0, 2**32 - 1))
def test_zendesk_verdicts_and_reconcile_do_not_depend_on_record_order(
    streams: tuple[list[dict[str, Any]], list[dict[str, Any]], int], seed: int
) -> None:
    before, after, _cut = streams
    events = before + after
    got = assert_contract(zendesk_verdicts, events, on_error="collect")
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    again = assert_contract(zendesk_verdicts, shuffled, on_error="collect")
    if isinstance(got, ServiceModelError) or isinstance(again, ServiceModelError):
        require(type(got) is type(again), "ORDER", f"{show(got)} / {show(again)}", "error")
        return
    require(
        _verdict_set(got[0]) == _verdict_set(again[0]),
        "ORDER",
        f"events {show(events)} gave {show(got[0])}, shuffled {show(again[0])}",
        "zendesk verdicts depend on the order of the records",
    )
    measurements = list(evaluate_many(_ZPOLICY, _ZHISTORIES, at=T0 + timedelta(hours=30)))
    one = assert_contract(reconcile, got[0], measurements)
    two = assert_contract(reconcile, list(reversed(again[0])), measurements)
    if isinstance(one, ServiceModelError):
        require(isinstance(two, ServiceModelError), "ORDER", show(one), "reconcile error")
        return
    require(
        not isinstance(two, ServiceModelError) and _clocks(one) == _clocks(two),
        "ORDER",
        f"{show(got[0])}: {show(_clocks(one))} vs {show(two)}",
        "reconcile depends on the order of the verdicts",
    )
    for c in one.clocks:  # cycles from 0 on both sides: the vendor's instance n is cycle n - 1
        if c.vendor_instance is not None and c.metric not in ("first_reply", "next_reply"):
            require(
                c.cycle == c.vendor_instance - 1,
                "NUMBERING",
                f"{c} has vendor instance {c.vendor_instance}",
                "cycle is not the vendor instance - 1",
            )


def _section_key(report: Any) -> Any:
    section = report.reconciliation
    if section is None:
        return None
    rows = [
        (r.metric, r.compared, r.agreed, r.ours_only, r.vendor_only)
        for r in (section.overall, *section.by_metric)
    ]
    clocks = sorted(
        (c.ticket_id, c.metric, c.cycle, c.vendor_state, c.our_state, c.agrees)
        for c in section.disagreements
    )
    return rows, clocks


@fuzz_settings(30)
@given(streams=event_streams(), seed=st.integers(0, 2**32 - 1))
def test_the_report_at_a_snapshot_ignores_records_after_it(
    streams: tuple[list[dict[str, Any]], list[dict[str, Any]], int], seed: int
) -> None:
    """Law: the section's verdicts at ``at`` (agreements, disagreements, states) are the same
    whether the vendor's records after ``at`` are read or not, in any order."""
    before, after, cut = streams
    at = T0 + timedelta(minutes=cut)
    full = before + after
    random.Random(seed).shuffle(full)
    known = assert_contract(zendesk_verdicts, before, on_error="collect")
    every = assert_contract(zendesk_verdicts, full, on_error="collect")
    if isinstance(known, ServiceModelError) or isinstance(every, ServiceModelError):
        return
    reports = []
    for verdicts in (known[0], every[0]):
        options = assert_contract(ReportOptions, policies=_ZPOLICY, vendor_verdicts=verdicts, at=at)
        if isinstance(options, ServiceModelError):
            return
        reports.append(assert_contract(build_report, _ZHISTORIES, options))
    then, now = reports
    if isinstance(then, ServiceModelError) or isinstance(now, ServiceModelError):
        require(type(then) is type(now), "SNAPSHOT", f"{show(then)} / {show(now)}", "error")
        return
    require(
        _section_key(then) == _section_key(now),
        "SNAPSHOT",
        f"at {at}: before {show(before)} gave {show(_section_key(then))}; with the later "
        f"{show(after)} {show(_section_key(now))}",
        "records after the snapshot change the reconciliation at it",
    )


def _resolution_event(eid: int, kind: str, minutes: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": eid,
        "ticket_id": 102,
        "metric": "resolution_time",
        "instance_id": 1,
        "type": kind,
        "time": _stamp(minutes, 0),
        **extra,
    }


_GOLD = {"target": 480, "business_hours": False, "policy": {"title": "Gold"}}


@pytest.mark.parametrize(
    "later",
    [
        [_resolution_event(2, "apply_sla", 120, sla=_GOLD)],  # SLA first applied later
        [_resolution_event(3, "apply_sla", 120, sla=None)],  # SLA removed later
    ],
    ids=["applied later", "removed later"],
)
def test_a_clock_whose_sla_came_after_the_snapshot(later: list[dict[str, Any]]) -> None:
    before = [_resolution_event(1, "activate", 0)]
    if later[0]["sla"] is None:
        before.append(_resolution_event(4, "apply_sla", 0, sla=_GOLD))
    at = T0 + timedelta(minutes=60)
    keys = []
    for events in (before, before + later):
        verdicts, _ = zendesk_verdicts(events)
        options = ReportOptions(policies=_ZPOLICY, vendor_verdicts=verdicts, at=at)
        keys.append(_section_key(build_report(_ZHISTORIES, options)))
    assert keys[0] == keys[1]


# ---------------------------------------------------------------- reconcile: JSM read instant


def _jsm_record(draw: st.DrawFn) -> dict[str, Any]:
    def iso(minutes: int) -> dict[str, Any]:
        return {
            "iso8601": _stamp(minutes, 0),
            "epochMillis": int((T0 + timedelta(minutes=minutes)).timestamp() * 1000),
        }

    goal = draw(st.sampled_from([60, 240]))
    started = draw(st.integers(0, 60))
    elapsed = draw(st.integers(0, 600))
    ongoing: dict[str, Any] = {
        "startTime": iso(started),
        "breachTime": iso(started + goal),
        "breached": draw(st.booleans()),
        "paused": draw(st.booleans()),
        "withinCalendarHours": True,
        "goalDuration": {"millis": goal * 60_000},
        "elapsedTime": {"millis": elapsed * 60_000},
        "remainingTime": {"millis": (goal - elapsed) * 60_000},
    }
    completed = [
        {
            "startTime": iso(0),
            "stopTime": iso(20),
            "breached": False,
            "goalDuration": {"millis": goal * 60_000},
            "elapsedTime": {"millis": 20 * 60_000},
            "remainingTime": {"millis": (goal - 20) * 60_000},
        }
    ]
    sla: dict[str, Any] = {
        "id": "1",
        "name": "Time to resolution",
        "completedCycles": completed if draw(st.booleans()) else [],
    }
    if draw(st.booleans()):
        sla["ongoingCycle"] = ongoing
    return {"SD-1": {"values": [sla]}}


@st.composite
def jsm_records(draw: st.DrawFn) -> dict[str, Any]:
    return _jsm_record(draw)


def _jsm_key(v: Any) -> tuple[Any, ...]:
    return (
        v.ticket_id,
        v.metric,
        v.instance,
        v.state,
        v.breached_at,
        v.fulfilled_at,
        v.stops,
        v.target,
        v.started_at,
    )


@fuzz_settings(60)
@given(record=jsm_records(), read_at=INSTANTS)
def test_jsm_read_at_is_refused_naming_it_or_changes_only_the_counted_time(
    record: dict[str, Any], read_at: Any
) -> None:
    plain = assert_contract(jsm_verdicts, sla=record, on_error="collect")
    read = assert_contract(jsm_verdicts, sla=record, read_at=read_at, on_error="collect")
    if isinstance(read, ServiceModelError):
        require("read_at" in str(read), "UNNAMED", f"{show(read_at)}: {read}", "read_at not named")
        aware = isinstance(read_at, datetime) and read_at.utcoffset() is not None
        require(
            not aware or isinstance(read, OutOfRangeError),
            "REFUSED",
            f"{show(read_at)}: {read}",
            "an aware read_at in range refused",
        )
        return
    if read_at is None:
        return
    require(
        isinstance(read_at, datetime) and read_at.utcoffset() is not None,
        "ACCEPTED",
        f"read_at={show(read_at)} gave {show(read)}",
        "a read_at that is no aware instant accepted",
    )
    if isinstance(plain, ServiceModelError):
        return
    require(
        [_jsm_key(v) for v in plain[0]] == [_jsm_key(v) for v in read[0]],
        "READ_AT",
        f"{show(plain[0])} vs {show(read[0])}",
        "read_at changed more than the counted time",
    )
    for was, v in zip(plain[0], read[0], strict=True):
        # Only an ongoing cycle's counted time is read at read_at (a completed one's is
        # counted to its stop, with or without it).
        if v.elapsed_at != was.elapsed_at:
            require(v.elapsed_at == read_at, "READ_AT", show(v), "elapsed_at is not read_at")


_READ_AT_TEXTS = st.one_of(
    st.sampled_from(
        [
            "2026-03-05T00:00:00+00:00",
            "2026-03-05T00:00:00",
            "2026-03-05",
            "2999-01-01T00:00:00Z",
            "0001-01-01T00:00:00+23:59",
            "",
            " ",
            "x",
            "2026-03-05T00:00:00+25:00",
            "2026-02-30T00:00:00Z",
            "\u3000",
            "２０２６-03-05T00:00:00Z",
            "2026-03-05T00:00:00Z\x00",
            "nan",
            "-1",
        ]
    ),
    st.text(max_size=30),
)


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@fuzz_settings(10)
@given(text=_READ_AT_TEXTS, source=st.sampled_from(["jira", "jira", "zendesk"]))
@example(text="2026-03-05T00:00:00+00:00", source="jira")  # read: exit 0
@example(text="0001-01-01T00:00:00+23:59", source="jira")  # out of range, after notices
def test_report_vendor_read_at_hostile_texts(text: str, source: str) -> None:
    if "\x00" in text:
        return  # no argv holds a NUL
    with folder() as where:
        mapping = where / "map.toml"
        mapping.write_text(
            '[status_map]\n"Awaiting Vendor" = "on_hold"\n[priority_map]\nP1 = "urgent"\n',
            encoding="utf-8",
        )
        if source == "jira":
            files = [DATA / "jira" / "search_page1.json", DATA / "jira" / "search_page2.json"]
            sla = DATA / "jira" / "request_sla.json"
        else:
            z = DATA / "zendesk"
            files = [z / "tickets_page1.json", z / "tickets_page2.json", z / "audits.jsonl"]
            mapping = z / "map.toml"
            sla = z / "metric_events.json"
        argv = [
            "report",
            "--source",
            source,
            *map(str, files),
            "--skip-bad-records",
            "--map",
            str(mapping),
            "--policy",
            str(POLICY_FILE),
            "--at",
            "2026-03-06T00:00:00+00:00",
            "--format",
            "json",
            f"--vendor-read-at={text}",
            "--vendor-sla",
            str(sla),
        ]
        code, out, err = bounded_contract(20, _cli, argv)
    require(code in (0, 2), "EXIT", f"{text!r}: exit {code}: {err[-300:]}", "exit code")
    require("Traceback" not in err, "TRACEBACK", err[-500:], "traceback")
    lines = err.splitlines()
    require(
        all(line.startswith("servicemodel report: ") for line in lines),
        "NOTICE LINE",
        f"{text!r}: {err[:300]!r}",
        "a line on standard error that does not name the command",
    )
    if code == 2:
        require(
            bool(lines) and lines[-1].startswith("servicemodel report: error: "),
            "ERROR LINE",
            f"{text!r}: {err[:300]!r}",
            "no error line naming the command",
        )
        if "outside the supported range" in err or "UTC offset" in err:
            require("--vendor-read-at" in err, "OPTION", err, "the option is not named")
    else:
        require(source == "jira", "ACCEPTED", f"zendesk took {text!r}", "zendesk read instant")
        json.loads(out)


# ---------------------------------------------------------------- counts

_COUNT_CALLS: dict[str, tuple[Callable[..., Any], tuple[str, ...]]] = {
    "proportion": (lambda a, b, c: proportion(a, b, missing=c), ("successes", "n", "missing")),
    "mean_estimate": (lambda a, b, c: mean_estimate(a, 2.5, 1.0, missing=b), ("n", "missing")),
    "ratio_estimate": (
        lambda a, b, c: ratio_estimate(a, b, metric="r", missing=c),
        ("numerator", "denominator", "missing"),
    ),
    "wilson_interval": (lambda a, b, c: wilson_interval(a, b), ("successes", "n")),
    "nps_interval": (nps_interval, ("promoters", "detractors", "n")),
    "order_statistic_ranks": (lambda a, b, c: order_statistic_ranks(a, 0.5), ("n",)),
    "retention_rate": (
        lambda a, b, c: retention_rate(start=a, end=b, new=c),
        ("start", "end", "new"),
    ),
    "churn_rate": (lambda a, b, c: churn_rate(start=a, lost=b), ("start", "lost")),
    "difference_interval": (lambda a, b, c: difference_interval(a, b, c, b), ("x1", "n1", "x2")),
    "two_proportion_test": (lambda a, b, c: two_proportion_test(a, b, c, b), ("x1", "n1", "x2")),
    "erlang_b": (lambda a, b, c: erlang_b(a, 2.5), ("agents",)),
    "erlang_c": (lambda a, b, c: erlang_c(a, 2.5), ("agents",)),
    "scheduled_agents": (lambda a, b, c: scheduled_agents(a, 0.3), ("agents",)),
}

COUNTS = st.one_of(
    st.integers(0, 40),
    st.integers(0, 40).map(float),
    st.sampled_from(
        [
            10**6,
            2**53 + 1,
            10**18,
            10**300,
            10**5000,
            1e300,
            1.7e308,
            2.0**80,
            Fraction(6, 2),
            Fraction(10**400, 1),
            -1,
            -1.0,
            -0.0,
            0.5,
            2.5,
        ]
    ),
    HOSTILE,
)


@fuzz_settings(150)
@given(name=st.sampled_from(sorted(_COUNT_CALLS)), args=st.tuples(COUNTS, COUNTS, COUNTS))
def test_count_arguments_are_read_by_one_rule(name: str, args: tuple[Any, Any, Any]) -> None:
    call, names = _COUNT_CALLS[name]
    got = bounded_contract(5, call, *args)
    # No count: an InputTypeError; a count past 2**53: a ConfigError. Either names it.
    if isinstance(got, InputTypeError | ConfigError):
        message = str(got)
        # The refused argument is named with its value.
        named = [
            n
            for n, a in zip(names, args, strict=False)
            if f"{n} must be a" in message and safe_repr(a) in message
        ]
        require(
            bool(named) or "must be a" not in message,
            "UNNAMED",
            f"{name}{show(args)}: {message}",
            f"{name}: a refused count is not named",
        )
        return
    if isinstance(got, ServiceModelError):
        return
    # Accepted: each count read is a whole number, and the whole floats give the ints' result.
    ints = []
    for a in args:
        if isinstance(a, float) and math.isfinite(a) and a.is_integer() and abs(a) < 2**53:
            ints.append(int(a))
        else:
            ints.append(a)
    if ints != list(args):
        again = bounded_contract(5, call, *ints)
        require(
            repr(again) == repr(got),
            "WHOLE FLOAT",
            f"{name}{show(args)} gave {show(got)}, as ints {show(again)}",
            f"{name}: a whole float reads unlike its int",
        )


def test_order_statistic_ranks_of_a_huge_n() -> None:
    # It summed its binomial window term by term (minutes at 2**53) and, from lgamma(n + 1),
    # lost every digit of the probabilities at such n: (8112, 8113) for q = 1e-12.
    assert bounded_contract(2, order_statistic_ranks, 2**53, 0.5) == (
        4503599534364065,
        4503599720376928,
    )
    # Poisson(2**53 * 1e-12 = 9007.2) quantiles 8822 and 9194, so ranks 8822 and 9195.
    assert bounded_contract(2, order_statistic_ranks, 2**53, 1e-12) == (8822, 9195)


# ---------------------------------------------------------------- blank names

_NAME_TAKERS: dict[str, Callable[[Any], Any]] = {
    "EscalationLevel name": lambda b: EscalationLevel(b, Trigger.at_breach(), ["team-lead"]),
    "EscalationLevel target": lambda b: EscalationLevel("l", Trigger.at_breach(), ["a", b]),
    "JourneyEvent customer": lambda b: JourneyEvent(b, T0, "ticket"),
    "ServqualResponse respondent": lambda b: ServqualResponse({1: 6}, {1: 5}, respondent=b),
    "Instrument name": lambda b: Instrument(b, ("a",), [(1, "a")]),
    "Instrument dimension": lambda b: Instrument("i", ("a", b), [(1, "a"), (2, b)]),
    "Session id": lambda b: Session(b, "ada", T0),
    "Session customer": lambda b: Session("s1", b, T0),
    "Session article": lambda b: Session("s1", "ada", T0, ("a1", b)),
    "Blueprint channel": lambda b: Blueprint.from_dict({"name": "b", "channels": ["email", b]}),
    "ChannelMix channels": lambda b: ChannelMix.empty(channels=["chat", b]),
    "ChannelMix add": lambda b: ChannelMix.empty().add(b),
}

NAMES = st.one_of(
    st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u1680\u2000\u2028\u3000\u205f\ufeff\u200b", max_size=4),
    st.text(max_size=8),
    st.sampled_from(["ada", " ada ", "ǅ", "٣", "\u0301", "a\x00b"]),
    HOSTILE,
)


@fuzz_settings(150)
@given(where=st.sampled_from(sorted(_NAME_TAKERS)), name=NAMES)
def test_blank_names_are_refused_in_one_message(where: str, name: Any) -> None:
    got = assert_contract(_NAME_TAKERS[where], name)
    blank = isinstance(name, str) and not name.strip()
    if blank:
        require(
            isinstance(got, ConfigError)
            and isinstance(got, ValueError)
            and "expected a non-blank" in str(got)
            and safe_repr(name) in str(got),
            "BLANK",
            f"{where} given {show(name)}: {show(got)}",
            f"{where}: a blank name is not refused in the one message",
        )
    elif name is not None and not isinstance(name, str):  # None: anonymous where allowed
        require(
            isinstance(got, ServiceModelError),
            "ACCEPTED",
            f"{where}: {show(name)}",
            f"{where}: a name that is no text accepted",
        )


# ---------------------------------------------------------------- live SLA state

_LIVE_POLICY = SLAPolicy(
    "p", {"normal": [Target("first_reply", "4h", business=False), Target("resolution", "1d")]}
)


@fuzz_settings(80)
@given(
    ticket_id=st.sampled_from(["T-1", "ü 9", "x" * 40]),
    last=st.integers(0, 3000),
    at=INSTANTS,
    call=st.sampled_from(["measurements", "ended", "timers", "past", "next_timer"]),
)
def test_live_state_argument_errors_name_the_ticket(
    ticket_id: str, last: int, at: Any, call: str
) -> None:
    state = TicketSLA(_LIVE_POLICY, Ticket(ticket_id, T0))
    state.apply(CustomerMessage("m1", T0 + timedelta(minutes=last)))
    before = json.dumps(state.to_dict())
    fn = {
        "measurements": lambda: state.measurements(at),
        "ended": lambda: state.measurements(at, ended=True),
        "timers": lambda: state.timers(at),
        "past": lambda: state.timers(at, past=True),
        "next_timer": lambda: state.next_timer(at),
    }[call]
    got = assert_contract(fn)
    if isinstance(got, ServiceModelError):
        require(
            str(got).startswith(f"ticket {ticket_id!r}: "),
            "UNNAMED",
            f"{call}({show(at)}): {got}",
            "a live state's argument error does not name the ticket",
        )
    require(
        json.dumps(state.to_dict()) == before, "MUTATED", f"{call}({show(at)})", "state changed"
    )


@st.composite
def stored_rows(draw: st.DrawFn) -> Any:
    """A stored live row with one field hostile, dropped or set to ``rematched``."""
    state = TicketSLA.replay(
        _GAP_POLICIES,
        Ticket("T-9", T0, group="tier-1"),
        [
            AssignmentChange("a", T0 + timedelta(minutes=5), group="tier-2"),
            AgentReply("r", T0 + timedelta(minutes=20)),
        ],
    )
    data: dict[str, Any] = json.loads(json.dumps(state.to_dict()))
    key = draw(st.sampled_from(sorted(data)))
    how = draw(st.sampled_from(["hostile", "drop", "rematched"]))
    if how == "drop":
        data.pop(key)
    elif how == "rematched":
        data["rematched"] = True
        for gone in draw(st.lists(st.sampled_from(["matches", "created_fields"]), max_size=2)):
            data.pop(gone, None)
    else:
        data[key] = draw(HOSTILE)
    return data


# A ticket of tier-1 has a policy; tier-2 and no group have none.
_GAP_POLICIES = PolicySet(
    [
        SLAPolicy(
            "t1",
            {
                "normal": [
                    Target("first_reply", "15m", business=False),
                    Target("next_reply", "30m", business=False),
                    Target("resolution", "2h", business=False),
                ]
            },
            condition=GroupIn(["tier-1"]),
        ),
    ]
)


@fuzz_settings(60)
@given(stored_rows())
def test_a_stored_row_with_a_hostile_field_is_refused_or_loaded(data: Any) -> None:
    got = assert_contract(TicketSLA.from_dict, data, _GAP_POLICIES)
    if isinstance(got, TicketSLA):
        assert_contract(got.measurements, T0 + timedelta(hours=5))
        back = assert_contract(TicketSLA.from_dict, got.to_dict(), _GAP_POLICIES)
        require(isinstance(back, TicketSLA), "ROUND TRIP", show(data), "a loaded row reloads")


@st.composite
def gap_histories(draw: st.DrawFn) -> TicketHistory:
    """A tier-1 ticket that moves to groups no policy matches and back, with replies."""
    n = draw(st.integers(1, 8))
    minutes = sorted(draw(st.lists(st.integers(1, 300), min_size=n, max_size=n)))
    events: list[Any] = []
    for i, m in enumerate(minutes):
        at = T0 + timedelta(minutes=m)
        kind = draw(st.sampled_from(["move", "move", "reply", "message"]))
        if kind == "move":
            group = draw(st.sampled_from(["tier-1", "tier-2", None]))
            events.append(AssignmentChange(f"e{i}", at, group=group))
        elif kind == "reply":
            events.append(AgentReply(f"e{i}", at))
        else:
            events.append(CustomerMessage(f"e{i}", at))
    return TicketHistory(Ticket("T-gap", T0, group="tier-1"), events)


@fuzz_settings(50)
@given(history=gap_histories(), later=st.integers(0, 400))
def test_live_equals_batch_through_a_stretch_without_a_policy(
    history: TicketHistory, later: int
) -> None:
    """Law: at every prefix of the events, the live state measures what ``evaluate`` of the
    same events does, breached clocks kept breached while the ticket matches no policy."""
    for k in range(len(history.events) + 1):
        events = list(history.events[:k])
        last = events[-1].at if events else history.ticket.created_at
        at = last + timedelta(minutes=later)
        state = assert_contract(TicketSLA.replay, _GAP_POLICIES, history.ticket, events)
        live = assert_contract(state.measurements, at)
        batch = assert_contract(
            evaluate, _GAP_POLICIES, TicketHistory(history.ticket, events), at=at
        )
        require(
            live == batch,
            "LIVE != BATCH",
            f"{show(events)} at {at}: live {show(live)}, batch {show(batch)}",
            "live differs from batch through a stretch without a policy",
        )


# ---------------------------------------------------------------- staffing across DST

_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "Asia/Tehran",
    "UTC",
)
_SL = ServiceLevelTarget(fraction=0.8, within=20)
_HALF = timedelta(minutes=30)


def _forecast(start: datetime, seed: int) -> ArrivalForecast:
    rng = random.Random(seed)
    mean = tuple(float(rng.randint(0, 6)) for _ in range(336))
    return ArrivalForecast(
        start, 0.8, 2, {"chat": mean}, {"chat": mean}, {"chat": mean}, (True,) * 336
    )


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=tz)


MONDAYS = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 24)),
    # weeks holding a change in most zones
    st.sampled_from(
        [
            date(2026, 3, 23),
            date(2026, 10, 19),
            date(2026, 3, 2),
            date(2026, 10, 26),
            date(2026, 4, 1),
            date(2026, 9, 21),
            date(2011, 12, 26),
        ]
    ),
).map(lambda d: d - timedelta(days=d.weekday()))


@fuzz_settings(25)
@given(name=st.sampled_from(_ZONES), monday=MONDAYS, seed=st.integers(0, 9))
def test_plan_rows_cover_each_day_and_records_are_the_plans_rows(
    name: str, monday: date, seed: int
) -> None:
    tz = ZoneInfo(name)
    forecast = _forecast(_midnight(monday, tz), seed)
    plan = assert_contract(plan_week, forecast, aht=120, targets=[_SL])
    require(not isinstance(plan, ServiceModelError), "REFUSED", f"{name} {monday}: {plan}", "plan")
    rows = list(plan.rows)
    utc = [r.start.astimezone(UTC) for r in rows]
    require(
        all(b - a == _HALF for a, b in itertools.pairwise(utc)),
        "GAP",
        f"{name} {monday}",
        "rows are not consecutive real half hours",
    )
    for k in range(7):
        day = monday + timedelta(days=k)
        length = _midnight(day + timedelta(days=1), tz).astimezone(UTC) - _midnight(
            day, tz
        ).astimezone(UTC)
        mine = [r for r in rows if r.start.astimezone(tz).date() == day]
        require(
            len(mine) * _HALF == length,
            "DAY",
            f"{name} {day}: {len(mine)} rows for {length}",
            "a day's rows do not cover its real length",
        )
    records = assert_contract(forecast.to_records)
    starts = [r["start"] for r in records if r.get("channel", "chat") == "chat"]
    require(
        [s.astimezone(UTC) if isinstance(s, datetime) else s for s in starts] == utc,
        "RECORDS",
        f"{name} {monday}: {len(starts)} records, {len(rows)} rows",
        "to_records' starts are not the plan's rows",
    )
    means = [r["mean"] for r in records if r.get("channel", "chat") == "chat"]
    require(means == [r.calls for r in rows], "RECORDS", f"{name} {monday}", "record means")


_TICKET_TIMES = st.one_of(
    st.integers(-3000, 40000).map(lambda m: T0 + timedelta(minutes=m)),
    HOSTILE,
)


@fuzz_settings(40)
@given(
    created=st.lists(_TICKET_TIMES, max_size=12),
    tz=st.one_of(st.sampled_from(_ZONES), HOSTILE),
    since=st.one_of(st.none(), st.just(T0), INSTANTS),
    until=st.one_of(st.none(), st.just(T0 + timedelta(days=21)), INSTANTS),
)
def test_count_arrivals_hostile(created: list[Any], tz: Any, since: Any, until: Any) -> None:
    tickets = []
    for i, at in enumerate(created):
        ticket = assert_contract(Ticket, f"T{i}", at)
        tickets.append(ticket if isinstance(ticket, Ticket) else at)
    got = bounded_contract(10, count_arrivals, tickets, tz=tz, since=since, until=until)
    if isinstance(got, ServiceModelError):
        return
    for week in got.counts.values():
        for slots in week:
            require(
                all(isinstance(c, int) and c >= 0 for c in slots),
                "COUNT",
                show(slots),
                "a count that is no whole number >= 0",
            )


@fuzz_settings(12)
@given(
    hours=st.one_of(st.sampled_from([0.5, 1, 2, 2.0, 4]), HOSTILE),
    batches=st.one_of(st.sampled_from([2, 5, 20]), HOSTILE),
    mode=st.sampled_from(["steady", "week"]),
)
def test_check_plan_batches_hostile(hours: Any, batches: Any, mode: str) -> None:
    forecast = _forecast(datetime(2026, 10, 19, tzinfo=ZoneInfo("Europe/Berlin")), 1)
    plan = plan_week(forecast, aht=120, targets=[_SL])
    got = bounded_contract(
        30,
        check_plan,
        plan,
        batches=batches,
        hours_per_batch=hours,
        mode=mode,
        weeks=1,
        intervals=[0, 292, 294],
    )
    if not isinstance(got, ServiceModelError):
        require(
            [c.start for c in got.intervals] == [plan.rows[i].start for i in (0, 292, 294)],
            "INTERVALS",
            show(got.intervals),
            "checked intervals are not the rows asked",
        )
        for c in got.intervals:  # the simulated level and its interval are shares
            shares = [x for x in (c.simulated, c.low, c.high) if x is not None]
            require(all(0 <= x <= 1 for x in shares), "LEVEL", show(c), "a level outside [0, 1]")
            require(
                c.low is None or c.high is None or c.low <= c.high,
                "LEVEL",
                show(c),
                "an interval upside down",
            )


# ---------------------------------------------------------------- Kaplan–Meier percentiles

_KM_TIMES = st.one_of(
    st.integers(0, 30).map(float),
    st.floats(0, 1e6, allow_nan=False),
    st.sampled_from([1e-300, 5e-324, 1e300, 1.7e308]),
)
_KM_ITEMS = st.one_of(
    st.tuples(_KM_TIMES, st.booleans()),
    st.tuples(HOSTILE, st.booleans()),
    st.tuples(_KM_TIMES, HOSTILE),
    HOSTILE,
)
_QS = st.one_of(st.sampled_from([1, 10, 25, 33.3, 50, 66.7, 75, 90, 99, 100]), HOSTILE)


@fuzz_settings(80)
@given(
    items=st.one_of(
        st.lists(st.tuples(_KM_TIMES, st.booleans()), max_size=30), st.lists(_KM_ITEMS, max_size=6)
    ),
    q=_QS,
)
def test_km_percentile_intervals_hold_the_percentile_and_invert_the_band(
    items: list[Any], q: Any
) -> None:
    acc = assert_contract(SurvivalTimes.empty, percentiles=(50, 90))
    acc = assert_contract(acc.add_many, items)
    if isinstance(acc, ServiceModelError):
        return
    curve = assert_contract(acc.result)
    if isinstance(curve, ServiceModelError):
        return
    got = assert_contract(curve.percentile, q)
    if isinstance(got, ServiceModelError):
        return
    est, _reason = got
    if est.value is None:
        return
    require(
        (est.lower is None or est.lower <= est.value)
        and (est.upper is None or est.value <= est.upper),
        "INTERVAL",
        f"{show(items)} q={show(q)}: {est!r}",
        "a percentile interval that does not hold the percentile",
    )
    limit = float(1 - Fraction(repr(float(q))) / 100)
    first = next((t for t, b in zip(curve.times, curve.lower, strict=True) if b <= limit), None)
    require(
        est.lower == first,
        "BAND",
        f"{show(items)} q={show(q)}: {est!r}, band {first}",
        "lower limit",
    )
    # The upper curve where the band is defined (S > 0): at S = 0 nobody is at risk.
    first = next(
        (
            t
            for t, b, s in zip(curve.times, curve.upper, curve.survival, strict=True)
            if b <= limit and s > 0
        ),
        None,
    )
    require(
        est.upper == first,
        "BAND",
        f"{show(items)} q={show(q)}: {est!r}, band {first}",
        "upper limit",
    )


def test_a_dst_week_is_planned_in_a_moment() -> None:
    # A hang guard for the weekly plan itself (its rows are stepped in real time, 334 here).
    start = cpu_time()
    plan = plan_week(
        _forecast(datetime(2026, 3, 23, tzinfo=ZoneInfo("Europe/Berlin")), 0),
        aht=120,
        targets=[_SL],
    )
    assert cpu_time() - start < scaled(5)
    assert len(plan.rows) == 334
