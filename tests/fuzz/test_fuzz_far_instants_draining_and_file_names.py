"""Fuzz Freshdesk's SLA fields and ``freshdesk_verdicts`` at instants far in the past and future,
the draining simulation with odd rosters and calendars, stored count fields, file names in errors
and notices (``file_name``, ``ConfigError``'s origin), and ``servicemodel report``'s options.

Each harness checks the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang) and a law on
what valid input gives:

- ``freshdesk_verdicts`` on tickets whose every instant (creation, update, due times, stats)
  lies anywhere from year 1 to 9999, with offsets up to a day, fetched (``read_at``) anywhere
  in the supported range: verdicts or a ``RecordError`` naming the record, the ticket and the
  field; ``raise`` and ``collect`` agree on whether the ticket is bad; what is read goes
  through ``reconcile`` beside our business-hours clocks and through the report's section;
- ``zendesk_verdicts`` of metric events all moved centuries into the past or future (their
  order kept), or a few moved anywhere in years 1..9999, with any ``start_time``: verdicts and
  one-line errors (``collect``), and what is read goes through ``reconcile``;
- one broken record (an instant out of range, naive, before its ticket's creation) costs only
  itself: ``collect`` keeps every verdict of the good tickets around it, one error per broken
  ticket, each naming its ticket;
- ``simulate`` of desks with rosters that miss their calendar, calendars that never (or
  seldom) open, zones with DST, runs near either end of the supported range, handle times and
  patience from a microsecond to far past the range: a draining run ends within its budget,
  its contacts, histories and summary read, and every contact is answered, abandoned or
  censored exactly once; a desk whose agents are always on shift and whose calendar keeps
  opening serves its queue out; and draining changes nothing that happened before the end;
- every stored count field (the ``count_value`` converter, the ``count_field`` validator) on
  counts as a notebook gives them and on what is no count: the count as a Python int, or an
  error naming the field in one short line (a 5,000-digit int said by its size): a
  ``ConfigError`` for a number that is no count (-1, 2.5, NaN), an ``InputTypeError`` for
  anything else (a bool, text, a list);
- ``file_name`` / ``path_text`` and the origin of a ``ConfigError`` / ``RecordError`` for any
  file name: one line, the name as it is when it prints as one line, else quoted so that
  ``ast.literal_eval`` gives it back; the command line's error line starts with the name so
  shown and carries the message; ``distinct_files``' warnings are one line each;
- ``servicemodel report`` with options given twice, left without a value, given odd values
  (empty, ``--``, blanks, control characters, huge numbers, instants at and past the ends of
  the range, Unix times before 1970 and past 9999), run in-process: exit status 0, 2 or 3,
  never a traceback; a status of 2 is one error line naming the command;
- ``--vendor-start-time`` / ``--at`` / ``--vendor-read-at`` beside Zendesk's and Freshdesk's
  vendor files at instants far in the past and future: a report or one error line naming the
  option (or the file and the field).

Found and fixed (each with a regression test):

- ``simulate`` of a run near the end of the supported range whose drain ran past it (a roster
  with its agent on shift after 9998-12-31) returned a result whose ``contacts()`` refused the
  ``answered_at`` the run made, or raised an ``OutOfRangeError`` naming an internal ``t``; a
  handle time past the range (10**12 s) on an office calendar stepped night by night towards
  year 9998 (no end in sight), and without a calendar its ``solved_at`` was refused
  (``tests/test_simulate_drain.py``);
- a draining run stopped 53 weeks after its last answer though its agents were at work on
  handling longer than that, leaving contacts censored that they would have answered
  (``tests/test_simulate_drain.py``);
- ``reconcile`` (so the report's section) raised an ``OutOfRangeError`` naming an internal
  ``b`` for a Freshdesk due instant in the last microsecond of the supported range
  (9998-12-30T23:59:59.999999Z) beside a business-hours clock of ours: it looked a microsecond
  past the instant to tell whether it lies outside our hours
  (``tests/test_reconcile_far_instants.py``);
- ``servicemodel report -o`` naming a folder whose name holds a newline printed
  ``error: -o: cannot write the report to <folder>/out`` -- the line cut at the newline before
  the reason -- and a tab or an escape sequence in the path raw
  (``tests/test_cli_notice_file_names.py``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=300 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_far_instants_draining_and_file_names.py
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import math
import numbers
import pkgutil
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

import servicemodel
from servicemodel._cli_common import distinct_files, error_line, file_name, path_text
from servicemodel._numbers import count_field, count_value
from servicemodel.calendar import BusinessCalendar
from servicemodel.cli import main
from servicemodel.errors import (
    MAX_INSTANT,
    MIN_INSTANT,
    ConfigError,
    InputTypeError,
    RecordError,
    ServiceModelError,
)
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import freshdesk_verdicts, reconcile, zendesk_verdicts
from servicemodel.report import ReportOptions, build_report, render_text
from servicemodel.simulate import Exponential, LogNormal, Roster, SupportDesk, simulate
from servicemodel.sla import SLAPolicy, Target, evaluate_many

from .conftest import assert_contract, bounded_contract, folder, fuzz_settings, require, show

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday, 09:00
ZD = Path(__file__).resolve().parents[1] / "data" / "zendesk"
FD = Path(__file__).resolve().parents[1] / "data" / "freshdesk"

_DUE = ("fr_due_by", "due_by", "nr_due_by")
_FLAGS = ("fr_escalated", "is_escalated", "nr_escalated")
_STATS = ("first_responded_at", "resolved_at", "reopened_at", "closed_at")


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


# ---------------------------------------------------------------- instants far away

_OFFSETS = st.sampled_from([0, 0, 1, -1, 330, 1439, -1439]).map(
    lambda m: timezone(timedelta(minutes=m))
)
#: Instants near the ends of the datetime type and of the supported range, and ordinary ones.
_NEAR_ENDS = st.sampled_from(
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1, 1, 2, tzinfo=UTC),
        MIN_INSTANT - timedelta(microseconds=1),
        MIN_INSTANT,
        MIN_INSTANT + timedelta(days=1),
        datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        T0,
        MAX_INSTANT - timedelta(days=2),
        MAX_INSTANT - timedelta(microseconds=1),
        MAX_INSTANT,
        datetime(9999, 12, 30, tzinfo=UTC),
    ]
)
_INSTANTS = st.one_of(
    _NEAR_ENDS,
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ),
    st.integers(-20000, 20000).map(lambda m: T0 + timedelta(minutes=m)),
)


@st.composite
def _stamps(draw: st.DrawFn) -> str:
    """An ISO 8601 stamp of an instant anywhere in years 1..9999, in an offset up to a day."""
    when = draw(_INSTANTS)
    offset = draw(_OFFSETS)
    try:
        local = when.astimezone(offset)
    except OverflowError:  # past the datetime type in that offset: keep it in UTC
        local = when
    text = local.isoformat()
    if draw(st.integers(0, 5)) == 0:  # without an offset: read with tz=, else refused
        return when.replace(tzinfo=None).isoformat()
    return text.replace("+00:00", "Z") if draw(st.booleans()) else text


@st.composite
def _far_tickets(draw: st.DrawFn, tid: int = 7) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": tid,
        "created_at": draw(_stamps()),
        "updated_at": draw(st.one_of(st.none(), _stamps())),
        "status": draw(st.sampled_from([2, 3, 4, 5])),
        "priority": draw(st.sampled_from([1, 2, 3, 4])),
        "source": 1,
    }
    for due, flag in zip(_DUE, _FLAGS, strict=True):
        rec[due] = draw(st.one_of(st.none(), _stamps()))
        rec[flag] = draw(st.one_of(st.none(), st.booleans()))
    if draw(st.booleans()):
        rec["stats"] = {name: draw(st.one_of(st.none(), _stamps())) for name in _STATS}
    return rec


_OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
_OFFICE_POLICY = SLAPolicy(
    "office",
    {
        "normal": [
            Target("first_reply", "1h", business=True),
            Target("resolution", "8h", business=True),
            Target("next_reply", "2h", business=True),
        ]
    },
    calendar=_OFFICE,
    pause=(),
)


def _ours(created: datetime, at: datetime) -> list[Any]:
    """Our clocks of ticket 7 (business hours), created at ``created``, replied 30 min later."""
    history = TicketHistory(
        Ticket("7", created), [AgentReply("r", created + timedelta(minutes=30))]
    )
    return list(evaluate_many(_OFFICE_POLICY, [history], at=at))


@fuzz_settings(80)
@given(
    ticket=_far_tickets(),
    read_at=st.one_of(st.none(), _NEAR_ENDS, _INSTANTS.filter(lambda t: t >= MIN_INSTANT)),
    ours_at=st.sampled_from([MIN_INSTANT + timedelta(days=3), T0, MAX_INSTANT - timedelta(days=9)]),
    tz=st.sampled_from([None, None, "UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"]),
)
@example(
    {"id": 7, "created_at": "0002-01-02T00:00:00Z", "fr_due_by": "9998-12-30T23:59:59-23:59",
     "due_by": "0002-01-02T00:00:00+23:59",
     "stats": {"first_responded_at": "9998-12-30T00:00:00Z"}},
    MAX_INSTANT - timedelta(microseconds=1),
    T0,
    None,
)  # fmt: skip
@example(
    {"id": 7, "created_at": "0002-01-02T00:00:00Z", "status": 2, "stats": {},
     "due_by": "9998-12-30T23:59:59.999999Z"},
    None,
    MAX_INSTANT - timedelta(days=9),
    None,
)  # fmt: skip
def test_far_instants_in_every_freshdesk_field_give_verdicts_or_an_error_naming_them(
    ticket: dict[str, Any], read_at: datetime | None, ours_at: datetime, tz: str | None
) -> None:
    what = f"{show(ticket)} read_at={read_at} tz={tz}"
    if read_at is not None and not MIN_INSTANT <= read_at < MAX_INSTANT:
        got = assert_contract(freshdesk_verdicts, [[ticket]], read_at=read_at, tz=tz)
        require(
            isinstance(got, ServiceModelError) and str(got).startswith("read_at"),
            "READ_AT",
            f"{what}: {show(got)}",
            "a read_at outside the supported range is not refused naming read_at",
        )
        return
    got = assert_contract(freshdesk_verdicts, [[ticket]], read_at=read_at, tz=tz)
    collected = assert_contract(
        freshdesk_verdicts, [[ticket]], read_at=read_at, tz=tz, on_error="collect"
    )
    require(not isinstance(collected, ServiceModelError), "COLLECT", show(collected), "raised")
    verdicts, errors = collected
    require(
        (len(errors) == 1) == isinstance(got, ServiceModelError) and len(errors) <= 1,
        "COLLECT",
        f"{what}: raise gave {show(got)}, collect gave {show(errors)}",
        "raise and collect disagree on whether the ticket is bad",
    )
    if isinstance(got, ServiceModelError):
        text = str(got)
        require(
            isinstance(got, RecordError) and "ticket 7: " in text and "\n" not in text,
            "MESSAGE",
            f"{what}: {type(got).__name__}: {text}",
            "the error does not name the ticket on one line",
        )
        named = [n for n in ("created_at", "updated_at", *_DUE, *_STATS) if n in text]
        require(bool(named), "FIELD", f"{what}: {text}", "the error names no field")
        event("refused")
        return
    event("verdicts" if verdicts else "no verdict")
    for v in verdicts:
        require(v.due_at is not None, "DUE", show(v), "a verdict without its due instant")
    # Beside our business-hours clocks of the same ticket id, far from the vendor's instants.
    start = ours_at - timedelta(days=2)
    rec = assert_contract(reconcile, verdicts, _ours(start, ours_at))
    require(not isinstance(rec, ServiceModelError), "RECONCILE", f"{what}: {show(rec)}", "refused")
    assert_contract(str, rec)
    history = TicketHistory(Ticket("7", start), [AgentReply("r", start + timedelta(minutes=30))])
    options = ReportOptions(policies=_OFFICE_POLICY, at=ours_at, vendor_verdicts=verdicts)
    report = assert_contract(build_report, [history], options)
    require(not isinstance(report, ServiceModelError), "REPORT", f"{what}: {show(report)}", "")
    text = assert_contract(render_text, report)
    require(isinstance(text, str), "RENDER", show(text), "render_text")


_ZD_EVENTS = json.loads((ZD / "metric_events.json").read_text(encoding="utf-8"))[
    "ticket_metric_events"
]


@fuzz_settings(40)
@given(
    shift=st.one_of(
        st.just(timedelta(0)),
        st.sampled_from([MIN_INSTANT - T0, MAX_INSTANT - T0, MAX_INSTANT - T0 - timedelta(days=5)]),
        st.integers(-(10**6), 10**6).map(lambda d: timedelta(days=d)),
    ),
    moved=st.lists(st.tuples(st.integers(0, 26), _stamps()), max_size=3),
    start_time=st.one_of(st.none(), _NEAR_ENDS),
    ours_at=st.sampled_from([MIN_INSTANT + timedelta(days=3), T0, MAX_INSTANT - timedelta(days=9)]),
)
def test_zendesk_metric_events_far_in_the_past_or_future_give_verdicts_or_an_error(
    shift: timedelta, moved: list[tuple[int, str]], start_time: datetime | None, ours_at: datetime
) -> None:
    """Every event moved by ``shift`` (its order kept), a few moved anywhere: verdicts, or
    errors naming their records; whatever is read is put beside our business-hours clocks."""
    events = [dict(e) for e in _ZD_EVENTS]
    for e in events:
        when = datetime.fromisoformat(e["time"].replace("Z", "+00:00"))
        try:
            e["time"] = _iso(when + shift)
        except OverflowError:  # past the datetime type: a text no reader takes
            e["time"] = "+10000-01-01T00:00:00Z"
    for k, stamp in moved:
        events[k]["time"] = stamp
    what = f"shift {shift}, moved {moved}, start_time {start_time}"
    got = assert_contract(zendesk_verdicts, events, on_error="collect", start_time=start_time)
    if isinstance(got, ServiceModelError):
        require(
            str(got).startswith("start_time"),
            "COLLECT",
            f"{what}: {got}",
            "collect raised for something other than start_time",
        )
        return
    verdicts, errors = got
    for e in errors:
        require(len(str(e).splitlines()) == 1, "ONE LINE", str(e), "an error over several lines")
    event("errors" if errors else "verdicts" if verdicts else "nothing")
    start = ours_at - timedelta(days=2)
    histories = [
        TicketHistory(Ticket(str(i), start), [AgentReply(f"r{i}", start + timedelta(minutes=30))])
        for i in (1001, 1002, 1003)
    ]
    ours = list(evaluate_many(_OFFICE_POLICY, histories, at=ours_at))
    rec = assert_contract(reconcile, verdicts, ours)
    require(not isinstance(rec, ServiceModelError), "RECONCILE", f"{what}: {show(rec)}", "")
    assert_contract(str, rec)


_BREAKS = st.sampled_from(
    [
        ("created_at", "0001-01-01T00:00:00Z"),
        ("created_at", "9999-12-31T23:59:59-23:59"),
        ("created_at", "0001-01-01T00:00:00+23:59"),
        ("fr_due_by", "9999-12-31T00:00:00Z"),
        ("fr_due_by", "9998-12-31T00:00:00Z"),
        ("due_by", "0002-01-01T23:59:59Z"),
        ("nr_due_by", "+10000-01-01T00:00:00Z"),
        ("due_by", "2026-03-02T10:00:00"),
        ("updated_at", "9999-12-31T23:59:59Z"),
        ("stats", {"first_responded_at": "0001-01-01T00:00:00Z"}),
        ("stats", {"resolved_at": "9999-12-31T23:59:59Z"}),
        ("stats", {"first_responded_at": "2026-03-01T00:00:00Z"}),  # before its creation
    ]
)


@st.composite
def _good_far_ticket(draw: st.DrawFn, tid: int) -> dict[str, Any]:
    """A good ticket created anywhere in the range, its due times and stamps after it."""
    created = draw(
        st.sampled_from([MIN_INSTANT + timedelta(days=1), T0, MAX_INSTANT - timedelta(days=40)])
    ) + timedelta(minutes=draw(st.integers(0, 600)))
    rec: dict[str, Any] = {"id": tid, "created_at": _iso(created), "status": 2,
                           "updated_at": _iso(created + timedelta(hours=3))}  # fmt: skip
    for name in _DUE:
        minutes = draw(st.one_of(st.none(), st.integers(1, 30 * 24 * 60)))
        rec[name] = None if minutes is None else _iso(created + timedelta(minutes=minutes))
    rec["stats"] = {}
    if draw(st.booleans()):
        rec["stats"]["first_responded_at"] = _iso(created + timedelta(minutes=30))
    return rec


@fuzz_settings(50)
@given(
    good=st.integers(0, 5).flatmap(
        lambda n: st.tuples(*(_good_far_ticket(i + 1) for i in range(n)))
    ),
    broken=st.lists(_BREAKS, max_size=4),
    seed=st.randoms(use_true_random=False),
)
def test_one_broken_record_costs_only_itself_whatever_the_instants_around_it(
    good: tuple[dict[str, Any], ...], broken: list[tuple[str, Any]], seed: Any
) -> None:
    bad = []
    for k, (name, value) in enumerate(broken):
        rec = {"id": 1000 + k, "created_at": _iso(T0), "fr_due_by": _iso(T0 + timedelta(hours=1))}
        rec[name] = value
        bad.append(rec)
    records = [*good, *bad]
    seed.shuffle(records)
    got = assert_contract(freshdesk_verdicts, [records], on_error="collect")
    require(not isinstance(got, ServiceModelError), "COLLECT", show(got), "collect raised")
    verdicts, errors = got
    expected = sorted((str(r["id"]), f) for r in good for f in _DUE if r.get(f) is not None)
    require(
        sorted((v.ticket_id, v.metric) for v in verdicts) == expected,
        "COUNT",
        f"{show(broken)}: {show([(v.ticket_id, v.metric) for v in verdicts])} vs {expected}",
        "a good ticket's verdicts lost (or a broken ticket's kept)",
    )
    require(
        len(errors) == len(bad)
        and all(re.search(r"ticket 10\d\d: ", str(e)) is not None for e in errors),
        "COUNT",
        f"{show(broken)}: {show([str(e) for e in errors])}",
        "not one error naming its ticket per broken ticket",
    )


# ---------------------------------------------------------------- the draining simulation

_UTC_OFFICE = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
_CALENDARS = {
    "24/7": None,
    "office": _UTC_OFFICE,
    "never open": BusinessCalendar.weekly("UTC", {}),
    "one hour": BusinessCalendar.weekly("UTC", {}, overrides={"2026-03-02": ["09:00-10:00"]}),
    # Open one day a year (a day that falls on each weekday in turn): a long wait per opening.
    "once a year": BusinessCalendar.weekly(
        "UTC", {}, overrides={f"{y}-03-02": ["09:00-09:01"] for y in range(2026, 2032)}
    ),
    # An hour that the spring change skips and the autumn one repeats.
    "dst night": BusinessCalendar.weekly("Europe/Berlin", {"sun": "02:00-03:00"}),
    "night shift": BusinessCalendar.weekly("America/New_York", {"mon-sun": "22:00-06:00"}),
}
#: Where a run starts: near either end of the supported range, at a DST change, ordinary.
_STARTS = st.sampled_from(
    [
        MIN_INSTANT + timedelta(hours=9),
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # Berlin springs forward at 01:00 UTC
        T0,
        MAX_INSTANT - timedelta(days=9),
        MAX_INSTANT - timedelta(days=2, hours=6),
        MAX_INSTANT - timedelta(hours=7),
    ]
)


@st.composite
def _rosters(draw: st.DrawFn, agents: int) -> Roster | None:
    kind = draw(st.sampled_from(["none", "none", "sparse", "dense", "last slot"]))
    slots = draw(st.sampled_from([168, 336]))
    if kind == "none":
        return None
    counts = [0] * slots
    if kind == "last slot":
        counts[-1] = agents
    else:
        picks = draw(
            st.lists(st.integers(0, slots - 1), min_size=1, max_size=3 if kind == "sparse" else 60)
        )
        for s in picks:
            counts[s] = draw(st.integers(1, agents))
    tz = draw(
        st.sampled_from(["UTC", "Europe/Berlin", "Pacific/Kiritimati", "Australia/Lord_Howe"])
    )
    return Roster(counts, tz=tz)


@st.composite
def _odd_desks(draw: st.DrawFn) -> tuple[SupportDesk, str, bool]:
    """A desk, its calendar's name, and whether its handle times are long (past a week)."""
    agents = draw(st.integers(1, 3))
    roster = draw(_rosters(agents))
    calendar = draw(st.sampled_from(sorted(_CALENDARS)))
    # With a roster the run steps through every shift change while contacts wait: keep its
    # handling short; without one, any handle time (a microsecond to far past the range).
    means = [1e-6, 1.0, 60.0, 900.0, 7200.0, 86400.0]
    if roster is None:
        means += [90 * 86400.0, 1e9, 1e12, 1e300]
    mean = draw(st.sampled_from(means))
    handle = Exponential(mean) if draw(st.booleans()) else LogNormal(mean, 1.5)
    patience = draw(st.one_of(st.none(), st.sampled_from([1e-6, 30.0, 3600.0, 1e8, 1e15])))
    desk = SupportDesk(
        agents,
        draw(st.sampled_from([0.0, 0.5, 4.0, 20.0])),
        handle,
        patience=None if patience is None else Exponential(patience),
        calendar=_CALENDARS[calendar],
        roster=roster,
    )
    return desk, calendar, mean > 7 * 86400.0


def _add_up(run: Any, what: str) -> None:
    contacts = assert_contract(run.contacts)
    require(not isinstance(contacts, ServiceModelError), "CONTACTS", f"{what}: {contacts}", "")
    histories = assert_contract(run.histories)
    require(not isinstance(histories, ServiceModelError), "HISTORIES", f"{what}: {histories}", "")
    s = assert_contract(run.summary)
    require(not isinstance(s, ServiceModelError), "SUMMARY", f"{what}: {s}", "")
    require(
        s.offered == s.answered + s.abandoned and s.offered + s.censored == run.size,
        "ADD UP",
        f"{what}: {s}",
        "answered, abandoned and censored do not add up to the contacts",
    )
    require(len(histories) == run.size, "HISTORIES", what, "not one history per contact")
    for c in contacts:
        ok = (c.answered_at is None or c.abandoned_at is None) and (
            c.solved_at is None or (c.answered_at is not None and c.solved_at >= c.answered_at)
        )
        require(
            ok, "CONTACT", f"{what}: {c}", "a contact answered and abandoned, or solved unanswered"
        )
        for t in (c.arrived_at, c.answered_at, c.solved_at, c.abandoned_at):
            require(t is None or MIN_INSTANT <= t < MAX_INSTANT, "RANGE", f"{what}: {c}", "range")


@fuzz_settings(20)
@given(desk=_odd_desks(), start=_STARTS, hours=st.sampled_from([1, 6, 30]), seed=st.integers(0, 9))
def test_a_draining_simulation_always_ends_and_accounts_for_every_contact(
    desk: tuple[SupportDesk, str, bool], start: datetime, hours: int, seed: int
) -> None:
    desk_, calendar, long_handling = desk
    end = min(start + timedelta(hours=hours), MAX_INSTANT - timedelta(hours=1))
    what = f"{calendar} calendar, {show(desk_)}, {start} .. {end}, seed {seed}"
    run = bounded_contract(8, simulate, desk_, start, end, seed=seed)
    require(not isinstance(run, ServiceModelError), "SIMULATE", f"{what}: {run}", "refused")
    _add_up(run, what)
    event(f"{calendar}: {'all served' if run.summary().censored == 0 else 'some censored'}")
    keeps_opening = calendar in ("24/7", "office", "dst night", "night shift")
    if (
        desk_.roster is None
        and keeps_opening
        and desk_.patience is None
        and not long_handling
        and start < MAX_INSTANT - timedelta(days=30)
    ):
        require(
            run.summary().censored == 0,
            "SERVED",
            what,
            "agents always on shift, a calendar that keeps opening: contacts left censored",
        )


@fuzz_settings(20)
@given(desk=_odd_desks(), start=_STARTS, seed=st.integers(0, 9))
def test_draining_changes_nothing_that_happened_before_the_end(
    desk: tuple[SupportDesk, str, bool], start: datetime, seed: int
) -> None:
    desk_, calendar, _ = desk
    end = min(start + timedelta(hours=6), MAX_INSTANT - timedelta(hours=1))
    what = f"{calendar} calendar, {show(desk_)}, {start} .. {end}, seed {seed}"
    drained = bounded_contract(8, simulate, desk_, start, end, seed=seed)
    cut = bounded_contract(8, simulate, desk_, start, end, seed=seed, drain=False)
    if isinstance(drained, ServiceModelError) or isinstance(cut, ServiceModelError):
        require(type(drained) is type(cut), "DRAIN", f"{what}: {drained} / {cut}", "differ")
        return
    _add_up(cut, what)
    pairs = zip(drained.contacts(), cut.contacts(), strict=True)
    for a, b in pairs:
        before = [
            (t if t is not None and t < end else None) for t in (a.answered_at, a.abandoned_at)
        ]
        require(
            a.arrived_at == b.arrived_at
            and before == [b.answered_at, b.abandoned_at]
            and (b.solved_at is None or b.solved_at == a.solved_at),
            "DRAIN",
            f"{what}: drained {a}, not drained {b}",
            "draining changed what happened before the end",
        )


# ---------------------------------------------------------------- stored count fields


def _count_fields() -> list[tuple[str, Any]]:
    found: dict[str, Any] = {}
    for module in pkgutil.walk_packages(servicemodel.__path__, "servicemodel."):
        # Public modules (their classes are the private modules' re-exported), not the
        # command line's entry point (``__main__`` runs it).
        if module.name.rsplit(".", 1)[-1].startswith("_") or module.name == "servicemodel.dask":
            continue
        try:
            mod = importlib.import_module(module.name)
        except ImportError:  # an optional extra not installed
            continue
        for cls in vars(mod).values():
            if not (isinstance(cls, type) and attrs.has(cls)):
                continue
            for f in attrs.fields(cls):
                if f.converter is count_value and f.validator is count_field:
                    found[f"{cls.__module__}.{cls.__qualname__}.{f.name}"] = f
    return sorted(found.items())


_COUNT_FIELDS = _count_fields()


def _numpy_counts() -> st.SearchStrategy[Any]:
    np = pytest.importorskip("numpy")
    return st.one_of(
        st.integers(0, 2**31).map(np.int64),
        st.integers(0, 255).map(np.uint8),
        st.integers(-(2**31), -1).map(np.int32),
        st.sampled_from([np.float64(3.0), np.float32(2.5), np.float64("nan"), np.bool_(True)]),
    )


_MAYBE_COUNTS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from([10**5000, -(10**5000), 2**63, 2**64 + 1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([True, False, None, "3", "", b"3", [3], (3,), {3: 3}, 3j, 1e308, -0.0]),
    _numpy_counts(),
)


@fuzz_settings(120)
@given(pick=st.sampled_from([name for name, _ in _COUNT_FIELDS] or ["none"]), value=_MAYBE_COUNTS)
def test_every_stored_count_field_stores_a_count_or_refuses_naming_the_field(
    pick: str, value: Any
) -> None:
    assert len(_COUNT_FIELDS) > 50, "the walk found too few stored count fields"
    field = dict(_COUNT_FIELDS)[pick]

    def store() -> Any:
        stored = field.converter(value)
        field.validator(None, field, stored)
        return stored

    got = assert_contract(store)
    # Text, bools (numpy's too) and complex numbers are no whole numbers, whatever they spell.
    no_number = isinstance(value, str | bytes | complex) or type(value).__name__ in _BOOLS
    whole = None if no_number else _as_whole(value)
    # A real number of any kind is of a count's type: one that is no count is a ConfigError.
    error = InputTypeError if no_number or not isinstance(value, numbers.Real) else ConfigError
    if isinstance(got, ServiceModelError):
        text = str(got)
        require(
            type(got) is error
            and text.startswith(f"{field.name} must be a count (a whole number >= 0), got ")
            and "\n" not in text
            and len(text) < 300,
            "MESSAGE",
            f"{pick}={show(value)}: {type(got).__name__}: {show(text)}",
            "a stored count refused otherwise than naming the field in one short line",
        )
        require(
            whole is None or whole < 0,
            "REFUSED",
            f"{pick}={show(value)}: {text}",
            "a count refused",
        )
        return
    require(
        type(got) is int and whole is not None and got == whole and got >= 0,
        "STORED",
        f"{pick}={show(value)}: stored {show(got)}",
        "what is no count stored, or a count stored as another type",
    )


_BOOLS = ("bool", "bool_")


def _as_whole(value: Any) -> int | None:
    """The whole number ``value`` is (ints, integral floats, numpy scalars), else ``None``."""
    try:
        if isinstance(value, int):
            return int(value)
        if hasattr(value, "dtype") and value.dtype.kind in "iu":
            return int(value)
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number) or not number.is_integer():
        return None
    return int(number)


# ---------------------------------------------------------------- file names in messages

_NAMES = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=20).map(
        lambda t: f"pages/{t}.json"
    ),
    st.sampled_from(
        ["a\nb.json", "a\tb", "x\u2028y", "\x1b[31mred", "tickets\r\n", "\x85", "-", "—", "a" * 500]
    ),
)


_ONE_LINE_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=30
)


@fuzz_settings(200)
@given(name=_NAMES, message=_ONE_LINE_TEXT)
@example("a\nb.json", "bad")
@example("-", "bad")
def test_a_file_name_in_a_message_is_one_line_that_gives_the_name_back(
    name: str, message: str
) -> None:
    message = message.strip() or "bad"
    for shown in (file_name(name), path_text(name)):
        require("\n" not in shown and len(shown.splitlines()) == 1, "ONE LINE", show(shown), "")
    if name == "-":
        require(file_name(name) == "standard input" and path_text(name) == "-", "DASH", "", "")
    elif name.isprintable():
        require(file_name(name) == name == path_text(name), "AS IS", show(name), "changed")
    else:
        shown = file_name(name)
        if not shown.endswith("…'") and "…" not in shown[:-2]:
            require(
                ast.literal_eval(shown) == name, "QUOTED", show(shown), "quoted name not given back"
            )
    for exc in (
        ConfigError(message, path="field", source=name),
        RecordError(message, line=3, source=name),
    ):
        text = assert_contract(str, exc)
        require(len(text.splitlines()) == 1, "ONE LINE", show(text), f"{type(exc).__name__}")
        line = error_line(exc, "servicemodel report")
        require(len(line.splitlines()) == 1, "ERROR LINE", show(line), "not one line")
        require(
            line.endswith(message)
            and line.startswith(f"servicemodel report: error: {file_name(name)}: "),
            "ERROR LINE",
            f"{show(name)}: {show(line)}",
            "the error line does not start with the file name shown and end with the message",
        )
    kept, said = distinct_files([name, name, "other.json"])
    require(
        kept == [name, "other.json"]
        and len(said) == 1
        and len(said[0].splitlines()) == 1
        and said[0].startswith(file_name(name)),
        "TWICE",
        show(said),
        "a name given twice is not one one-line warning",
    )


# ---------------------------------------------------------------- servicemodel report options


def _cli(argv: list[str], budget: float = 20) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()

    def run() -> Any:
        try:
            return main(argv)
        except SystemExit as exc:  # argparse's usage errors
            return exc.code

    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = bounded_contract(budget, run)
    text = err.getvalue()
    require(isinstance(code, int), "EXIT", f"{argv}: {show(code)}", "main raised")
    require("Traceback" not in text, "TRACEBACK", text, "a traceback")
    return code, out.getvalue(), text


_ODD_VALUES = st.one_of(
    st.sampled_from(
        [
            "", " ", "--", "-", "-5", "0", "nan", "inf", "\n", "\t", "\x00x", "é", "x" * 3000,
            "10" * 300, "2026-03-06T00:00:00Z", "2026-03-06", "9998-12-30T23:59:59Z",
            "9998-12-31T00:00:00Z", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
            "0002-01-02T00:00:00Z", "1969-12-31T23:59:59Z", "-62135596800", "253402300800",
            "1e20", "Europe/Berlin", "Nowhere/City", "group", "attr:", "attr:\n", "json",
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip
_OPTIONS = [
    "--source", "--map", "--format", "--tz", "--policy", "--vendor-sla", "--vendor-read-at",
    "--vendor-start-time", "--goals", "--at", "--since", "--until", "--by", "-o",
]  # fmt: skip
_FLAGS_ = ["--finished-only", "--include-partial", "--allow-unknown-segments", "--skip-bad-records"]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
#: Values each option takes (so that a run gets past the parser), beside the odd ones.
_GOOD = {
    "--source": ["jsonl", "zendesk", "freshdesk", "summary"],
    "--map": [str(ZD / "map.toml")],
    "--format": ["text", "json", "markdown", "csv"],
    "--tz": ["UTC", "Europe/Berlin", "Pacific/Kiritimati"],
    "--policy": [str(ZD / "policy.toml")],
    "--vendor-sla": [str(ZD / "metric_events.json"), str(FD / "sla" / "tickets.json")],
    "--goals": [str(EXAMPLES / "goals.toml")],
    "--by": ["group", "priority", "channel", "attr:plan"],
    "-o": ["{tmp}/report.txt", "{tmp}", "{tmp}/no/r.txt", "{tmp}/tickets.jsonl"],
}


@st.composite
def _argv(draw: st.DrawFn) -> list[str]:
    argv = ["report", "{tmp}/tickets.jsonl"]
    for _ in range(draw(st.integers(0, 4))):
        option = draw(st.sampled_from(_OPTIONS + _FLAGS_))
        if option in _FLAGS_:
            argv.append(option)
            continue
        good = _GOOD.get(option, ["2026-03-06T00:00:00Z", "2026-01-01T00:00:00+01:00"])
        values = st.one_of(st.sampled_from(good), _ODD_VALUES)
        if option == "-o":  # written inside the run's folder, never the working directory
            values = st.one_of(st.sampled_from(good), _ODD_VALUES.map(lambda v: "{tmp}/" + v))
        value = draw(values)
        argv += [f"{option}={value}"] if draw(st.booleans()) else [option, value]
        if draw(st.integers(0, 3)) == 0:  # the same option again
            argv += [option, draw(values)]
    files = [str(ZD / "tickets_page1.json"), str(FD / "tickets_page1.json"), "{tmp}/tickets.jsonl"]
    argv += draw(st.lists(st.sampled_from([*files, "", "{tmp}/missing.jsonl"]), max_size=2))
    if draw(st.integers(0, 4)) == 0:
        argv.append(draw(st.sampled_from(_OPTIONS)))  # an option without its value, at the end
    return argv


#: Thirty tickets of the example export: a report of them is quick.
_TICKETS = "".join(
    (EXAMPLES / "data" / "tickets.jsonl").read_text(encoding="utf-8").splitlines(True)[:30]
)


@fuzz_settings(25)
@given(argv=_argv())
@example(["report", "--at", "--", "{tmp}/tickets.jsonl"])
@example(["report", "--tz", "UTC", "--tz", "Nowhere/City", "{tmp}/tickets.jsonl"])
@example(["report", "{tmp}/tickets.jsonl", "-o", "{tmp}/tickets.jsonl"])
def test_report_options_given_twice_odd_or_missing_give_a_status_and_at_most_one_error_line(
    argv: list[str],
) -> None:
    with folder() as tmp:
        (tmp / "tickets.jsonl").write_text(_TICKETS, encoding="utf-8")
        argv = [a.replace("{tmp}", str(tmp)) for a in argv]
        code, out, err = _cli(argv)
        written = [p for p in tmp.rglob("*") if p.is_file() and p.name != "tickets.jsonl"]
        export_kept = (tmp / "tickets.jsonl").read_text(encoding="utf-8") == _TICKETS
    event(f"exit {code}")
    require(code in (0, 2, 3), "EXIT", f"{argv}: {code} {show(err)}", "an unexpected status")
    require(export_kept, "OVERWRITE", f"{argv}: {code}", "the export was overwritten")
    lines = err.strip().splitlines()
    if code == 2:
        require(
            len([ln for ln in lines if ": error: " in ln]) == 1
            and lines[-1].startswith("servicemodel report: error: "),
            "ERROR LINE",
            f"{argv}: {show(err)}",
            "bad input is not one error line naming the command",
        )
        require(not out and not written, "OUTPUT", f"{argv}: {show(out)}", "a report on error")
    elif code == 0:
        require(bool(out) or written, "OUTPUT", f"{argv}: {show(err)}", "no report written")
    for ln in lines:
        require(ln.startswith("servicemodel report"), "NOTICE", f"{argv}: {show(ln)}", "unnamed")


_FAR_TEXTS = st.one_of(
    st.sampled_from(
        [
            "0002-01-02T00:00:00Z", "0002-01-01T23:59:59Z", "9998-12-30T23:59:59Z",
            "9998-12-31T00:00:00Z", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59",
            "1900-01-01T00:00:00Z", "-1", "0", "253402214400", "253402300799", "-62135596800",
            str(10**30),
        ]
    ),
    st.datetimes(
        min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
    ).map(lambda d: d.isoformat()),
)  # fmt: skip


@fuzz_settings(12)
@given(
    option=st.sampled_from(["--vendor-start-time", "--at", "--vendor-read-at"]),
    value=_FAR_TEXTS,
    source=st.sampled_from(["zendesk", "freshdesk"]),
)
@example("--at", "9998-12-30T23:59:59Z", "zendesk")
@example("--vendor-start-time", "253402300799", "zendesk")
def test_vendor_instants_far_in_the_past_or_future_give_a_report_or_one_line_naming_the_option(
    option: str, value: str, source: str
) -> None:
    if source == "zendesk":
        export = [str(ZD / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
        extra = ["--map", str(ZD / "map.toml"), "--policy", str(ZD / "policy.toml"),
                 "--vendor-sla", str(ZD / "metric_events.json")]  # fmt: skip
        if option == "--vendor-read-at":
            option = "--vendor-start-time"  # Zendesk's metric events carry their own instants
    else:
        export = [str(FD / "sla" / "tickets.json")]
        extra = ["--policy", str(ZD / "policy.toml")]
        if option == "--vendor-start-time":
            option = "--vendor-read-at"
    code, out, err = _cli(["report", "--source", source, *export, *extra, f"{option}={value}"])
    what = f"{source} {option}={value}: {code} {show(err)}"
    require(code in (0, 2, 3), "EXIT", what, "an unexpected status")
    if code == 2:
        lines = [ln for ln in err.splitlines() if ": error: " in ln]
        require(
            len(lines) == 1 and option in lines[0],
            "OPTION",
            what,
            "a far instant refused without naming the option",
        )
    elif code == 0:
        require(bool(out.strip()), "REPORT", what, "no report written")
    event(f"{option}: exit {code}")


def test_the_harness_files_are_there() -> None:
    # The harnesses read these fixtures: a moved file would make every example exit 2.
    for path in (ZD / "tickets_page1.json", ZD / "policy.toml", FD / "sla" / "tickets.json"):
        assert path.is_file(), path
    assert json.loads((FD / "sla" / "tickets.json").read_text(encoding="utf-8"))
