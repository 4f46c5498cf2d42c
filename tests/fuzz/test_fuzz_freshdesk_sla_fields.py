"""Fuzz Freshdesk's own SLA fields (``sla_fields``, ``freshdesk_verdicts``) and their
reconciliation with our clocks in the report's section,
``servicemodel report --vendor-start-time``, a file given twice on the command line, the
shortened values in ``LoadResult.warnings`` and the ``_shared`` re-export modules.

Each harness checks the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang) and a law on
what valid input gives:

- ``sla_fields`` / ``freshdesk_verdicts`` on a Freshdesk ticket with arbitrary JSON-ish values
  in every field (wrong types, naive, garbage and out-of-range timestamps, NaN, huge ints,
  nested junk, unicode, missing keys) and an arbitrary ``read_at``: a result, or a
  ``RecordError`` whose message names the record, the ticket (when its id is readable) and the
  field; ``on_error="collect"`` never raises for a bad ticket, and what it returns goes through
  ``reconcile`` and the report's section;
- the count law: among good tickets, broken ones (each bad in one field) cost only themselves:
  ``on_error="collect"`` keeps one verdict per due field of every good ticket and one error per
  broken ticket;
- the metamorphic law: a Freshdesk due time equal to our clock's ``due_at`` agrees with ours
  (``reconcile`` and the report's reconciliation section); shifted by ``d`` beyond the
  tolerance (calendar time) it disagrees, and the reason says the due instants differ; the same
  for ``nr_due_by`` beside our latest ``next_reply`` cycle (the others ours only);
- a consistent Freshdesk record fetched at any instant, taken back to any earlier report
  snapshot, agrees with ours there;
- a vendor due or breach instant anywhere in the supported range (0002..9998) beside a
  business-hours clock of ours: compared, never refused; centuries apart, a disagreement; on a
  business calendar two due instants agree exactly when the calendar counts no more than the
  tolerance between them (the calendar's own ``elapsed`` as the oracle);
- any ``tickets``, ``tz`` and ``on_error`` for ``sla_fields`` / ``freshdesk_verdicts``;
- a consistent ``--source freshdesk`` export on the command line (no ``--at``, no
  ``--vendor-read-at``): every first reply agrees with ours;
- ``due_by`` of a consistent export beside our resolution clock (open, resolved, closed, closed
  without ``resolved_at``): the verdicts agree; reopened since, the disagreement names our pause;
- a bad due field or flag in a ``--source freshdesk`` export: one error line naming the file,
  the ticket and the field; ``--skip-bad-records`` sets it aside;
- ``--vendor-start-time`` with arbitrary text: exit 0 or 2, one error line naming the option,
  never a traceback; a Unix time and the ISO 8601 instant it stands for give one report;
- a list of export files with repeats (the same path, or another spelling of it) gives the
  report of the list without them, but for the warnings that name the repeats (idempotence
  law), via ``main`` in-process; ``distinct_files`` of its own result is that result;
- ``LoadResult.warnings`` of ``freshdesk.load`` with a huge ``total`` and of ``zendesk.load``
  with a long cursor: short lines that do not quote the value whole (a total past 4,300
  digits makes its file unreadable: one bad record naming the limit);
- every name in each ``_shared.__all__`` resolves and is the object of its defining module.

Found and fixed (each with a regression test):

- ``reconcile`` (so the report's reconciliation section and ``servicemodel report``) raised a
  ``CalendarError`` naming neither ticket nor field for a vendor due or breach instant more
  than 200 years from ours (a placeholder 9999-12-31) beside a business-hours clock: the
  calendar answers no query across more than 200 years. Such instants now disagree, the gap
  named (``tests/test_reconcile_far_instants.py``);
- every command's option given ``--`` as its value (``--vendor-start-time=--``, ``--at=--``,
  ``--format=--``, ``-o=--``) got an empty list from argparse (Python 3.11 and 3.12; 3.13
  keeps the text) and raised ``TypeError``/``AttributeError`` with a traceback
  (``tests/test_cli_option_dashes.py``);
- ``servicemodel report --source freshdesk --policy`` without ``--vendor-read-at`` took each
  ticket's own ``updated_at`` as the instant it was fetched, so an unanswered ticket due after
  its own last update but before the export's latest one was "active" beside our breach at the
  report's default snapshot (the export's latest update): the export's tickets are now taken
  as fetched then (``tests/test_cli_freshdesk_fetch_instant.py``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=300 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest tests/fuzz/test_fuzz_freshdesk_sla_fields.py -p no:cacheprovider
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import os
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from _deadline import cpu_time, deadline, scaled
from servicemodel._cli_common import distinct_files
from servicemodel.calendar import BusinessCalendar
from servicemodel.cli import main
from servicemodel.errors import RecordError, ServiceModelError
from servicemodel.io import freshdesk, zendesk
from servicemodel.io._complete import filter_shortfall
from servicemodel.model import AgentReply, CustomerMessage, StatusChange, Ticket, TicketHistory
from servicemodel.reconcile import FRESHDESK_FIELDS, VendorVerdict, freshdesk_verdicts, reconcile
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.sla import SLAPolicy, Target, evaluate_many

from .conftest import assert_contract, bounded_contract, folder, fuzz_settings, require, show

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
SRC = Path(__file__).resolve().parents[2] / "src" / "servicemodel"
ZD = Path(__file__).resolve().parents[1] / "data" / "zendesk"

#: The fields of a Freshdesk ticket the SLA reader reads (``stats``' three inside it).
_DUE = ("fr_due_by", "due_by", "nr_due_by")
_FLAGS = ("fr_escalated", "is_escalated", "nr_escalated")
_STATS = ("first_responded_at", "resolved_at", "reopened_at")
_FIELDS = ("id", "created_at", "updated_at", *_DUE, *_FLAGS, "stats", *_STATS, "ticket")


def _iso(when: datetime) -> str:
    return when.isoformat().replace("+00:00", "Z")


_OFFSETS = st.sampled_from([0, 0, 60, -300, 330, 1439, -1439]).map(
    lambda m: timezone(timedelta(minutes=m))
)
_GOOD_STAMPS = st.builds(
    lambda m, tz: _iso((T0 + timedelta(minutes=m)).astimezone(tz)),
    st.integers(-2000, 20000),
    _OFFSETS,
)
_BAD_STAMPS = st.sampled_from(
    [
        "2026-03-02T10:00:00",  # naive
        "2026-03-02 10:00",
        "2026-02-30T10:00:00Z",
        "tomorrow morning",
        "",
        " ",
        "NaN",
        "nan",
        "Infinity",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "9998-12-31T23:59:59Z",
        "0002-01-02T00:00:00Z",
        "+275760-09-13T00:00:00Z",
        "2026-03-02T10:00:00+99:00",
        "2026-03-02T10:00:00Z" * 50,
        "١٢٣",
        "２０２６-03-02T10:00:00Z",
        "2026-03-02T25:00:00Z",
        "\x00",
        "\ud800",
    ]
)
_JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**5000, -(10**400), 2**63, 0]),
    st.floats(),
    st.text(max_size=20),
    _BAD_STAMPS,
    st.lists(st.one_of(st.integers(), st.text(max_size=3)), max_size=3),
    st.dictionaries(st.text(max_size=3), st.one_of(st.integers(), st.none()), max_size=2),
)
_MISSING = object()


def _bad(draw: st.DrawFn, value: Any, bad: bool) -> Any:
    """``value``, or (for a field drawn to be bad) junk or the field left out."""
    return draw(st.one_of(_JUNK, st.just(_MISSING))) if bad else value


@st.composite
def _fd_tickets(draw: st.DrawFn, tid: Any = None) -> dict[str, Any]:
    """A Freshdesk ticket whose fields are good but for a few drawn to be junk or missing
    (every field junk at once would leave no ticket to read)."""
    names = ["id", "created_at", "updated_at", *_DUE, *_FLAGS, "stats", *_STATS]
    bad = set(draw(st.lists(st.sampled_from(names), max_size=3)))
    good_id = st.one_of(st.integers(1, 10**6), st.sampled_from(["7", " 8 ", "X-1", "ü", "a|b"]))
    values: dict[str, Any] = {
        "id": tid if tid is not None else _bad(draw, draw(good_id), "id" in bad),
        "created_at": _bad(draw, _iso(T0), "created_at" in bad),
        "updated_at": _bad(draw, draw(_GOOD_STAMPS), "updated_at" in bad),
        "status": draw(st.sampled_from([2, 3, 4, 5])),
        "priority": draw(st.sampled_from([1, 2, 3, 4])),
        "source": 1,
    }
    for name in _DUE:
        values[name] = _bad(draw, draw(st.one_of(st.none(), _GOOD_STAMPS)), name in bad)
    for name in _FLAGS:
        values[name] = _bad(draw, draw(st.one_of(st.none(), st.booleans())), name in bad)
    # Stamps after the creation (T0), as Freshdesk writes them.
    later = st.integers(0, 20000).map(lambda m: _iso(T0 + timedelta(minutes=m)))
    stats = {n: _bad(draw, draw(st.one_of(st.none(), later)), n in bad) for n in _STATS}
    values["stats"] = _bad(draw, {k: v for k, v in stats.items() if v is not _MISSING},
                           "stats" in bad)  # fmt: skip
    return {k: v for k, v in values.items() if v is not _MISSING}


def _histories(pages: Any) -> list[TicketHistory]:
    return list(freshdesk.histories(pages, on_error="collect"))


_READ_AT = st.one_of(
    st.none(),
    st.none(),
    st.integers(-2000, 20000).map(lambda m: T0 + timedelta(minutes=m)),
    st.just(datetime(2026, 3, 2, 9)),  # naive
    st.sampled_from(["2026-03-02T09:00:00Z", 0, float("nan"), True]),
)


def _readable_id(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        text = str(value).strip()
    except ValueError:
        return None
    return text or None


def _check_record_error(err: Any, ticket: dict[str, Any], what: str) -> None:
    require(
        isinstance(err, RecordError),
        "TYPE",
        f"{what}: {type(err).__name__}: {show(str(err))}",
        "a bad ticket is no RecordError",
    )
    text = str(err)
    require(
        text.startswith("pages[0][0]"),
        "PATH",
        f"{what}: {show(text)}",
        "the error does not name the record",
    )
    require(
        any(re.search(rf"(^|[.:\] ]){re.escape(f)}\b", text) for f in _FIELDS),
        "FIELD",
        f"{what}: {show(text)}",
        "the error names no field",
    )
    tid = _readable_id(ticket.get("id"))
    if tid is not None and "out of range" not in text:
        require(
            f"ticket {tid}: " in text,
            "TICKET",
            f"{what}: {show(text)}",
            "the error does not name the ticket",
        )


@fuzz_settings(80)
@given(ticket=_fd_tickets(), read_at=_READ_AT, page=st.booleans())
@example({"id": 7, "created_at": "2026-03-02T09:00:00Z", "fr_due_by": "9999-12-31T23:59:59-23:59"},
         None, True)  # fmt: skip
@example({"id": 7, "created_at": "2026-03-02T09:00:00Z", "due_by": "2026-03-02T10:00:00Z",
          "stats": {"resolved_at": "0002-01-02T00:00:00Z"}}, None, True)  # fmt: skip
def test_arbitrary_values_in_every_field_give_verdicts_or_an_error_naming_ticket_and_field(
    ticket: dict[str, Any], read_at: Any, page: bool
) -> None:
    pages = [[ticket]] if page else [ticket]
    what = f"{show(ticket)} read_at={show(read_at)}"
    got = assert_contract(freshdesk_verdicts, pages, read_at=read_at)
    if isinstance(got, ServiceModelError):
        if "read_at" in str(got) and not str(got).startswith("pages"):
            require(read_at is not None, "READ_AT", f"{what}: {got}", "read_at named, not given")
            return
        if page:
            _check_record_error(got, ticket, what)
    collected = assert_contract(freshdesk_verdicts, pages, read_at=read_at, on_error="collect")
    if isinstance(collected, ServiceModelError):
        require(
            str(collected).startswith("read_at"),
            "COLLECT",
            f"{what}: {collected}",
            "collect raised for a bad ticket",
        )
        return
    verdicts, errors = collected
    require(
        (not errors) == (not isinstance(got, ServiceModelError)),
        "COLLECT",
        f"{what}: raise gave {show(got)}, collect gave {show(errors)}",
        "raise and collect disagree on whether the ticket is bad",
    )
    if errors and page:
        _check_record_error(errors[0], ticket, what)
    fields = assert_contract(freshdesk.sla_fields, pages, on_error="collect")
    require(
        not isinstance(fields, ServiceModelError) and len(fields[1]) == len(errors),
        "SLA_FIELDS",
        f"{what}: {show(fields)}",
        "sla_fields and freshdesk_verdicts set aside different records",
    )
    rec = assert_contract(reconcile, verdicts, [])
    require(not isinstance(rec, ServiceModelError), "RECONCILE", show(rec), "verdicts refused")
    assert_contract(str, rec)
    event("verdicts" if verdicts else "no verdict" if not errors else "set aside")
    if not verdicts:
        return
    # The report's section: beside no history (every verdict outside the selection), and
    # beside the histories Freshdesk's reader reads from the same tickets.
    loaded = assert_contract(_histories, pages)
    for histories in ([], [] if isinstance(loaded, ServiceModelError) else loaded):
        options = assert_contract(
            ReportOptions, policies=_POLICY, at=T0 + timedelta(days=30), vendor_verdicts=verdicts
        )
        if isinstance(options, ServiceModelError):
            return
        report = assert_contract(build_report, histories, options)
        if isinstance(report, ServiceModelError):
            continue
        # HTML without charts: drawing them (matplotlib) is not what is fuzzed here.
        for render in (render_text, render_json, render_markdown, render_html, render_csv):
            extra = {"charts": False} if render is render_html else {}
            out = assert_contract(render, report, **extra)
            require(isinstance(out, str), "RENDER", f"{render.__name__}: {show(out)}", "render")


# ---------------------------------------------------------------- count law under collect

_BREAKS = st.sampled_from(
    [
        ("fr_due_by", "tomorrow morning"),
        ("fr_due_by", "2026-03-02T10:00:00"),
        ("due_by", 12),
        ("nr_due_by", float("nan")),
        ("fr_escalated", "no"),
        ("is_escalated", 0),
        ("created_at", None),
        ("created_at", "9999-12-31T23:59:59-23:59"),
        ("updated_at", [1]),
        ("stats", [1]),
        ("stats", {"first_responded_at": "2026-03-01T00:00:00Z"}),  # before its creation
        ("stats", {"resolved_at": "yesterday"}),
    ]
)


@st.composite
def _good_ticket(draw: st.DrawFn, tid: int) -> dict[str, Any]:
    created = T0 + timedelta(minutes=draw(st.integers(0, 600)))
    rec: dict[str, Any] = {"id": tid, "created_at": _iso(created),
                           "updated_at": _iso(created + timedelta(hours=3))}  # fmt: skip
    for name, flag in zip(_DUE, _FLAGS, strict=True):
        if draw(st.booleans()):
            rec[name] = _iso(created + timedelta(minutes=draw(st.integers(1, 900))))
        else:
            rec[name] = None
        if draw(st.booleans()):
            rec[flag] = draw(st.booleans())
    # With stats (include=stats): without them a passed due time decides nothing.
    rec["stats"] = {}
    if draw(st.booleans()):
        rec["stats"]["first_responded_at"] = _iso(created + timedelta(minutes=30))
    return rec


@fuzz_settings(60)
@given(
    good=st.integers(0, 6).flatmap(lambda n: st.tuples(*(_good_ticket(i + 1) for i in range(n)))),
    broken=st.lists(_BREAKS, max_size=4),
    seed=st.randoms(use_true_random=False),
)
def test_collect_keeps_every_good_ticket_when_others_are_broken(
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
        len(errors) == len(bad),
        "COUNT",
        f"{show(broken)}: {show([str(e) for e in errors])}",
        "not one error per broken ticket",
    )
    for e in errors:
        require(
            re.search(r"ticket 10\d\d: ", str(e)) is not None,
            "TICKET",
            str(e),
            "an error does not name its ticket",
        )


# ---------------------------------------------------------------- due instants beside ours

_POLICY = SLAPolicy(
    "desk",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("resolution", "8h", business=False),
        ]
    },
    pause=(),
)


@fuzz_settings(60)
@given(
    created=st.integers(0, 600),
    reply=st.one_of(st.none(), st.integers(1, 200)),
    at=st.integers(1, 1200),
    shift=st.one_of(st.just(0), st.integers(-36000, 36000)),
    tolerance=st.sampled_from([timedelta(0), timedelta(seconds=1), timedelta(minutes=1)]),
    offset=_OFFSETS,
    flag=st.sampled_from(["missing", "null", "consistent"]),
)
@example(0, 60, 200, 0, timedelta(minutes=1), UTC, "consistent")  # replied at its due
@example(0, None, 60, 0, timedelta(0), UTC, "consistent")  # read at its due
@example(0, 30, 200, 61, timedelta(minutes=1), UTC, "missing")
def test_a_due_time_equal_to_ours_agrees_and_a_shifted_one_disagrees(
    created: int,
    reply: int | None,
    at: int,
    shift: int,
    tolerance: timedelta,
    offset: timezone,
    flag: str,
) -> None:
    start = T0 + timedelta(minutes=created)
    now = start + timedelta(minutes=at)
    events = (
        [] if reply is None or reply > at else [AgentReply("r", start + timedelta(minutes=reply))]
    )
    history = TicketHistory(Ticket("7", start), events)
    (ours,) = (
        m for m in evaluate_many(_POLICY, [history], at=now) if m.metric.value == "first_reply"
    )
    assert ours.due_at is not None
    due = ours.due_at + timedelta(seconds=shift)
    rec: dict[str, Any] = {"id": 7, "created_at": _iso(start), "updated_at": _iso(start),
                           "fr_due_by": _iso(due.astimezone(offset))}  # fmt: skip
    rec["stats"] = {"first_responded_at": _iso(events[0].at)} if events else {}
    stop = events[0].at if events else None
    late = (stop is not None and stop > due) or (stop is None and now > due)
    if flag != "missing":
        rec["fr_escalated"] = None if flag == "null" else late
    got = assert_contract(freshdesk_verdicts, [[rec]], read_at=now)
    if due < start:
        event("vendor due before the creation: refused")
        require(isinstance(got, RecordError), "EARLY", show(got), "an early due instant read")
        return
    require(not isinstance(got, ServiceModelError), "READ", show(got), "a good ticket refused")
    (verdict,), _ = got
    rec_ = assert_contract(reconcile, [verdict], [ours], tolerance=tolerance)
    require(not isinstance(rec_, ServiceModelError), "RECONCILE", show(rec_), "refused")
    (clock,) = rec_.clocks
    what = f"shift {shift} s, tolerance {tolerance}: {clock}"
    if abs(timedelta(seconds=shift)) <= tolerance:
        require(clock.agrees, "AGREE", what, "the same due instant disagrees")
    else:
        require(not clock.agrees, "DISAGREE", what, "a shifted due instant agrees")
        require(
            "due instants differ by" in (clock.reason or ""),
            "REASON",
            what,
            "the reason does not say the due instants differ",
        )
    if shift and abs(shift) <= 60:
        return  # the report's section compares with its own tolerance (1 min)
    options = ReportOptions(policies=_POLICY, at=now, vendor_verdicts=[verdict])
    report = assert_contract(build_report, [history], options)
    require(not isinstance(report, ServiceModelError), "REPORT", show(report), "refused")
    section = report.reconciliation
    require(section is not None, "REPORT", "no section", "no reconciliation section")
    row = next(r for r in section.by_metric if r.metric == "first_reply")
    require(
        row.compared == 1 and row.agreed == (1 if shift == 0 else 0),
        "REPORT",
        f"{what}: compared {row.compared}, agreed {row.agreed}",
        "the report's section counts the clock otherwise than reconcile",
    )


@fuzz_settings(60)
@given(
    reply=st.one_of(st.none(), st.integers(1, 600)),
    solved=st.one_of(st.none(), st.integers(1, 900)),
    now=st.integers(1, 1200),
    at=st.integers(0, 1200),
)
@example(30, None, 600, 20)  # replied after the snapshot
@example(None, None, 600, 60)  # the snapshot at the due instant itself
@example(90, 120, 600, 100)  # stopped late, the snapshot between the breach and the stop
def test_the_report_at_any_snapshot_agrees_with_a_consistent_freshdesk_record(
    reply: int | None, solved: int | None, now: int, at: int
) -> None:
    """Fetched at ``now``, Freshdesk's verdicts taken back to the report's snapshot agree with
    ours there: a breach at or after it, a stop after it, have not happened yet."""
    fetched = T0 + timedelta(minutes=now)
    snapshot = T0 + timedelta(minutes=min(at, now))
    events: list[Any] = []
    stats: dict[str, str] = {}
    if reply is not None and reply <= now:
        events.append(AgentReply("r", T0 + timedelta(minutes=reply)))
        stats["first_responded_at"] = _iso(events[-1].at)
    # Solved only after a reply: a ticket solved unanswered stops our first reply clock,
    # while Freshdesk states no first_responded_at for it (another rule, not this law).
    if solved is not None and events and reply is not None and reply < solved <= now:
        events.append(StatusChange("s", T0 + timedelta(minutes=solved), status="solved"))
        stats["resolved_at"] = _iso(events[-1].at)
    history = TicketHistory(Ticket("7", T0), events)
    rec = {"id": 7, "created_at": _iso(T0), "updated_at": _iso(fetched), "stats": stats,
           "fr_due_by": _iso(T0 + timedelta(hours=1)),
           "due_by": _iso(T0 + timedelta(hours=8))}  # fmt: skip
    got = assert_contract(freshdesk_verdicts, [[rec]], read_at=fetched)
    require(not isinstance(got, ServiceModelError), "READ", show(got), "a good ticket refused")
    options = ReportOptions(policies=_POLICY, at=snapshot, vendor_verdicts=got[0])
    report = assert_contract(build_report, [history], options)
    require(not isinstance(report, ServiceModelError), "REPORT", show(report), "refused")
    section = report.reconciliation
    require(section is not None, "REPORT", "no section", "no reconciliation section")
    require(
        section.overall.compared == section.overall.agreed,
        "SNAPSHOT",
        f"fetched {fetched}, snapshot {snapshot}, {events}: "
        f"{show([str(c) for c in section.disagreements])}",
        "a consistent record taken back to the snapshot disagrees with ours there",
    )


# ---------------------------------------------------------------- --vendor-start-time

_EXPORT = [str(ZD / n) for n in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
_SLA = ["--map", str(ZD / "map.toml"), "--policy", str(ZD / "policy.toml"),
        "--at", "2026-03-06T00:00:00Z", "--vendor-sla", str(ZD / "metric_events.json")]  # fmt: skip
_UNIX = 1772442000  # 2026-03-02T09:00:00Z


def _cli(argv: list[str], budget: float = 20) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = bounded_contract(budget, main, argv)
    require(isinstance(code, int), "EXIT", f"{argv}: {show(code)}", "main raised")
    text = err.getvalue()
    require("Traceback" not in text, "TRACEBACK", text, "a traceback")
    return code, out.getvalue(), text


_START_TEXTS = st.one_of(
    st.integers(-(10**12), 10**20).map(str),
    st.integers(0, 10**10).map(lambda n: f" {n} "),
    st.sampled_from(
        [
            "1772442000",
            "2026-03-02T09:00:00Z",
            "2026-03-02T09:00",
            "2026-03-02",
            "١٧٧٢٤٤٢٠٠٠",
            "１７７２４４２０００",
            "9" * 5000,
            "",
            " ",
            "-",
            "--",
            "nan",
            "1e9",
            "0x10",
            "+1772442000",
            "9999-12-31T23:59:59-23:59",
            "0001-01-01T00:00:00+23:59",
        ]
    ),
    st.text(max_size=30),
)


@fuzz_settings(25)
@given(text=_START_TEXTS)
@example("--")  # argparse stripped it from the value: the option got []
def test_vendor_start_time_reads_a_unix_time_or_an_instant_or_says_the_option(text: str) -> None:
    # --option=VALUE: a value that starts with "-" is the option's, not another option.
    argv = ["report", "--source", "zendesk", *_EXPORT, *_SLA[:-2], f"--vendor-start-time={text}",
            "--vendor-sla", _SLA[-1]]  # fmt: skip
    code, _, err = _cli(argv)
    require(code in (0, 2), "EXIT", f"{text!r}: {code} {err}", "exit status")
    if code == 2:
        lines = err.strip().splitlines()
        require(
            len(lines) == 1 and "--vendor-start-time" in lines[0],
            "MESSAGE",
            f"{text!r}: {err}",
            "a refused start time is not one line naming the option",
        )


@fuzz_settings(10)
@given(seconds=st.integers(_UNIX - 86400 * 30, _UNIX + 86400 * 30), offset=_OFFSETS)
@example(_UNIX, UTC)
def test_a_unix_start_time_and_its_instant_give_one_report(seconds: int, offset: timezone) -> None:
    base = ["report", "--source", "zendesk", *_EXPORT, *_SLA[:-2]]
    instant = datetime.fromtimestamp(seconds, UTC).astimezone(offset).isoformat()
    runs = [
        _cli([*base, f"--vendor-start-time={given}", "--vendor-sla", _SLA[-1]])
        for given in (str(seconds), instant)
    ]
    require(
        runs[0][0] == runs[1][0] == 0 and runs[0][1] == runs[1][1],
        "START",
        f"{seconds} vs {instant}: {runs[0][0]} {runs[1][0]}",
        "a Unix time and its instant give different reports",
    )


# ---------------------------------------------------------------- a file given twice

_FD_POLICY = """\
[[policies]]
name = "desk"
pause = []

[policies.targets]
normal = [
    { metric = "first_reply", within = "1h", time = "calendar" },
    { metric = "resolution", within = "8h", time = "calendar" },
]
low = [
    { metric = "first_reply", within = "1h", time = "calendar" },
]
"""


def _fd(i: int, created: str = "2026-03-02T09:00:00Z", **more: Any) -> dict[str, Any]:
    return {"id": i, "created_at": created, "updated_at": "2026-03-02T12:00:00Z", "status": 2,
            "priority": 1 + i % 2, "source": 1, **more}  # fmt: skip


def _fd_files(tmp: Path) -> list[Path]:
    due = {"fr_due_by": "2026-03-02T10:00:00Z", "due_by": "2026-03-02T17:00:00Z"}
    files = {
        "a.json": json.dumps([_fd(1, **due), _fd(2, "garbage"), _fd(3)]),
        "b.jsonl": json.dumps(_fd(4, **due)) + "\n{not json\n" + json.dumps(_fd(5)) + "\n",
        # ticket 1 again, updated later: it supersedes a.json's
        "c.json": json.dumps([_fd(1, **due, updated_at="2026-03-02T13:00:00Z"),
                              _fd(6, fr_due_by="2026-03-02T09:30:00Z", fr_escalated="no")]),
        "d.json": json.dumps({"results": [_fd(7, **due)], "total": 3}),
    }  # fmt: skip
    out = []
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8")
        out.append(tmp / name)
    return out


def _without_repeat_warnings(report: Any) -> Any:
    source = report["source"]
    source["warnings"] = [w for w in source["warnings"] if " read once" not in w]
    return report


@fuzz_settings(12)
@given(
    picks=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=7),
    vendor=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), max_size=4),
    fmt=st.sampled_from(["json", "text"]),
)
@example([(0, 0), (0, 0)], [], "json")
@example([(1, 0), (2, 0), (1, 1), (2, 2)], [(3, 0), (3, 1)], "json")
def test_a_list_with_repeats_reads_as_the_list_without_them(
    picks: list[tuple[int, int]], vendor: list[tuple[int, int]], fmt: str
) -> None:
    with folder() as tmp:
        files = _fd_files(tmp)
        policy = tmp / "policy.toml"
        policy.write_text(_FD_POLICY, encoding="utf-8")

        def spell(i: int, how: int) -> str:
            f = files[i]
            folder_ = str(tmp)
            ways = [
                str(f),
                os.path.join(folder_, ".", f.name),
                os.path.join(folder_, "x", "..", f.name),
            ]
            return ways[how]

        (tmp / "x").mkdir()
        given_paths = [spell(i, how) for i, how in picks]
        kept, said = distinct_files(given_paths)
        require(
            distinct_files(kept) == (kept, ()),
            "IDEMPOTENT",
            f"{given_paths}: {kept}",
            "distinct_files of its own result changes it",
        )
        first: dict[int, str] = {}
        for (i, _), p in zip(picks, given_paths, strict=True):
            first.setdefault(i, p)
        require(kept == list(first.values()), "KEPT", f"{given_paths}: {kept}", "kept files")
        require(
            len(said) == sum(1 for i in first if sum(j == i for j, _ in picks) > 1),
            "SAID",
            f"{given_paths}: {said}",
            "not one warning per file given again",
        )
        head = ["report", "--source", "freshdesk", "--policy", str(policy), "--skip-bad-records",
                "--at", "2026-03-03T00:00:00Z", "--format", fmt]  # fmt: skip
        start = cpu_time()
        # --vendor-sla (Freshdesk tickets fetched separately) with its own repeats.
        vendor_paths = [spell(i, how) for i, how in vendor]
        vendor_kept, vendor_said = distinct_files(vendor_paths, "--vendor-sla")
        more = ["--vendor-sla", *vendor_paths] if vendor else []
        fewer = ["--vendor-sla", *vendor_kept] if vendor else []
        twice = _cli([*head, *given_paths, *more])
        once = _cli([*head, *kept, *fewer])
        took = cpu_time() - start
    require(took < scaled(10), "SLOW", f"two reports took {took:.1f} s", "the CLI hangs")
    require(twice[0] == once[0], "EXIT", f"{given_paths}: {twice[0]} vs {once[0]}", "exit")
    repeats = [line for line in twice[2].splitlines() if line.endswith("read once")]
    require(
        len(repeats) == len(said) + len(vendor_said)
        and [line for line in twice[2].splitlines() if not line.endswith("read once")]
        == once[2].splitlines(),
        "STDERR",
        f"{given_paths} {vendor_paths}:\n{twice[2]}\nvs\n{once[2]}",
        "stderr says more than the repeats",
    )
    if fmt == "json" and twice[0] == 0:
        a, b = json.loads(twice[1]), json.loads(once[1])
        require(
            a["source"]["warnings"][: len(said)] == list(said),
            "WARNINGS",
            show(a["source"]["warnings"]),
            "the report's source warnings do not name the repeats first",
        )
        a, b = _without_repeat_warnings(a), _without_repeat_warnings(b)
        require(a == b, "REPORT", f"{given_paths} {vendor_paths}", "repeats change the report")
    elif twice[0] == 0:
        lines = [line for line in twice[1].splitlines() if "read once" not in line]
        require(lines == once[1].splitlines(), "REPORT", f"{given_paths}", "repeats change it")


@st.composite
def _consistent_exports(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Freshdesk tickets as one pull shows them: each answered (or not) by the pull, its
    fr_due_by one hour after its creation, fr_escalated set exactly when that passed
    unanswered by the pull (Freshdesk's escalation ran)."""
    n = draw(st.integers(1, 5))
    created = [T0 + timedelta(minutes=draw(st.integers(0, 600))) for _ in range(n)]
    updated = [c + timedelta(minutes=draw(st.integers(0, 900))) for c in created]
    pulled = max(updated)
    out = []
    for i, (c, u) in enumerate(zip(created, updated, strict=True)):
        reply = draw(st.one_of(st.none(), st.integers(1, 900)))
        answered = None if reply is None else min(c + timedelta(minutes=reply), u)
        due = c + timedelta(hours=1)
        late = (answered > due) if answered is not None else pulled > due
        stats = {} if answered is None else {"first_responded_at": _iso(answered)}
        rec = _fd(i + 1, _iso(c), updated_at=_iso(u), fr_due_by=_iso(due), priority=2,
                  stats=stats)  # fmt: skip
        if draw(st.booleans()):
            rec["fr_escalated"] = late
        out.append(rec)
    return out


@fuzz_settings(10)
@given(tickets=_consistent_exports())
def test_a_consistent_freshdesk_export_agrees_with_ours_on_the_command_line(
    tickets: list[dict[str, Any]],
) -> None:
    """``--source freshdesk --policy`` without ``--at`` or ``--vendor-read-at``: the snapshot
    and the tickets' fetch are the export's latest update, and every first reply agrees."""
    with folder() as tmp:
        policy = tmp / "policy.toml"
        policy.write_text(_FD_POLICY, encoding="utf-8")
        page = tmp / "tickets.json"
        page.write_text(json.dumps(tickets), encoding="utf-8")
        code, out, err = _cli(["report", "--source", "freshdesk", "--policy", str(policy),
                               "--format", "json", str(page)])  # fmt: skip
    require(code == 0, "EXIT", f"{show(tickets)}: {code} {err}", "a consistent export refused")
    section = json.loads(out)["reconciliation"]
    row = next(r for r in section["by_metric"] if r["metric"] == "first_reply")
    require(
        row["compared"] == len(tickets) and row["agreed"] == row["compared"],
        "AGREE",
        f"{show(tickets)}: {show(section['disagreements'])}",
        "a consistent export's first replies disagree with ours",
    )


@st.composite
def _resolved_exports(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Freshdesk tickets with ``due_by`` 8 hours after creation, resolved (status 4, or closed,
    5) or open, some resolved and reopened since (status 2), all by one pull."""
    out = []
    for i in range(draw(st.integers(1, 4))):
        c = T0 + timedelta(minutes=draw(st.integers(0, 600)))
        reply = c + timedelta(minutes=draw(st.integers(1, 120)))
        stats: dict[str, str] = {"first_responded_at": _iso(reply)}
        kind = draw(st.sampled_from(["open", "resolved", "closed", "reopened", "closed only"]))
        last = reply
        status = 2
        if kind == "closed only":  # closed without a resolution stamp
            done = reply + timedelta(minutes=draw(st.integers(1, 900)))
            stats["closed_at"] = _iso(done)
            last, status = done, 5
        elif kind != "open":
            done = reply + timedelta(minutes=draw(st.integers(1, 900)))
            stats["resolved_at"] = _iso(done)
            last, status = done, 4
            if kind == "closed":
                stats["closed_at"] = _iso(done + timedelta(minutes=draw(st.integers(0, 60))))
                last, status = datetime.fromisoformat(stats["closed_at"]), 5
            if kind == "reopened":
                again = done + timedelta(minutes=draw(st.integers(1, 300)))
                stats["reopened_at"] = _iso(again)
                last, status = again, 2
        updated = last + timedelta(minutes=draw(st.integers(0, 300)))
        out.append(_fd(i + 1, _iso(c), updated_at=_iso(updated), status=status, priority=2,
                       due_by=_iso(c + timedelta(hours=8)), stats=stats))  # fmt: skip
    return out


@fuzz_settings(10)
@given(tickets=_resolved_exports())
def test_a_consistent_freshdesk_exports_resolution_agrees_with_ours(
    tickets: list[dict[str, Any]],
) -> None:
    """``due_by`` beside our resolution clock, resolved or closed by the export's own stats,
    or open: the verdicts agree; reopened since, a disagreement names our pause."""
    with folder() as tmp:
        policy = tmp / "policy.toml"
        policy.write_text(_FD_POLICY, encoding="utf-8")
        page = tmp / "tickets.json"
        page.write_text(json.dumps(tickets), encoding="utf-8")
        code, out, err = _cli(["report", "--source", "freshdesk", "--policy", str(policy),
                               "--format", "json", str(page)])  # fmt: skip
    require(code == 0, "EXIT", f"{show(tickets)}: {code} {err}", "a consistent export refused")
    section = json.loads(out)["reconciliation"]
    # A reopened ticket: our clock stood still from its resolution to the reopen and its due
    # instant moved by that, Freshdesk's due_by as fetched may not have (the reason says so).
    reopened = {str(t["id"]) for t in tickets if "reopened_at" in t["stats"]}
    bad = [c for c in section["disagreements"]
           if c["metric"] == "resolution" and c["side"] == "both"
           and (c["ticket"] not in reopened or "paused for" not in c["reason"])]  # fmt: skip
    require(
        not bad,
        "AGREE",
        f"{show([(t['id'], t['status'], t['stats']) for t in tickets])}: {show(bad)}",
        "a consistent export's resolution disagrees with ours",
    )


_OFFICE = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
_OFFICE_POLICY = SLAPolicy(
    "office",
    {"normal": [Target("first_reply", "1h"), Target("resolution", "8h")]},
    calendar=_OFFICE,
    pause=(),
)
#: Anywhere in the supported range, near ours, and at the calendar's reach (200 years).
_ANY_INSTANT = st.one_of(
    st.datetimes(datetime(2, 1, 3), datetime(9998, 12, 30), timezones=st.just(UTC)),
    st.integers(-(10**6), 10**6).map(lambda m: T0 + timedelta(minutes=m)),
    st.integers(190, 210).map(lambda y: T0.replace(year=2026 + y)),
)


@fuzz_settings(30)
@given(
    due=_ANY_INSTANT,
    breach=_ANY_INSTANT,
    reply=st.one_of(st.none(), st.integers(1, 3000)),
    metric=st.sampled_from(["fr_due_by", "due_by"]),
)
@example(datetime(9998, 12, 30, tzinfo=UTC), datetime(9998, 12, 30, tzinfo=UTC), None, "fr_due_by")
@example(datetime(2300, 1, 1, tzinfo=UTC), datetime(2300, 1, 1, tzinfo=UTC), 300, "fr_due_by")
def test_a_vendor_instant_anywhere_in_range_beside_a_business_hours_clock(
    due: datetime, breach: datetime, reply: int | None, metric: str
) -> None:
    """A due or breach instant centuries from ours (a placeholder 9999-12-31) is compared, not
    refused: the calendar answers at most 200 years, and the instants then disagree."""
    events = [] if reply is None else [AgentReply("r", T0 + timedelta(minutes=reply))]
    history = TicketHistory(Ticket("7", T0), events)
    at = T0 + timedelta(days=3)
    ours = list(evaluate_many(_OFFICE_POLICY, [history], at=at))
    stats = {} if reply is None else {"first_responded_at": _iso(events[0].at)}
    rec = {"id": 7, "created_at": _iso(T0), "updated_at": _iso(at), metric: _iso(due),
           "stats": stats}  # fmt: skip
    got = assert_contract(freshdesk_verdicts, [[rec]], read_at=at)
    zendesk_like = VendorVerdict("7", "reply_time", 1, "breached", breached_at=breach)
    if due < T0:
        # Before the ticket's creation: no due instant Freshdesk can state, the ticket's error.
        require(
            isinstance(got, RecordError) and "before the ticket's creation" in str(got),
            "EARLY", show(got), "a due instant before the creation read",
        )  # fmt: skip
        got = ((), ())
    require(not isinstance(got, ServiceModelError), "READ", show(got), "a good ticket refused")
    for verdicts in (list(got[0]), [zendesk_like]):
        rec_ = assert_contract(reconcile, verdicts, ours)
        require(not isinstance(rec_, ServiceModelError), "RECONCILE", show(rec_), "refused")
        for clock in rec_.clocks:
            if clock.vendor_state is None or clock.our_state is None:
                continue
            mine = next(m for m in ours if m.metric.value == clock.metric)
            theirs = verdicts[0].due_at or verdicts[0].breached_at
            mine_at = mine.due_at if verdicts[0].due_at else mine.breached_at
            if theirs is None or mine_at is None or clock.vendor_state != clock.our_state:
                continue
            if abs(theirs - mine_at) > timedelta(days=366 * 200):
                require(
                    not clock.agrees,
                    "FAR",
                    f"{theirs} vs {mine_at}: {clock}",
                    "instants centuries apart agree",
                )
        options = ReportOptions(policies=_OFFICE_POLICY, at=at, vendor_verdicts=verdicts)
        report = assert_contract(build_report, [history], options)
        require(not isinstance(report, ServiceModelError), "REPORT", show(report), "refused")


@fuzz_settings(50)
@given(
    created=st.integers(0, 7 * 24 * 60),
    shift=st.integers(-4 * 24 * 60, 4 * 24 * 60),
    reply=st.one_of(st.none(), st.integers(1, 3000)),
    metric=st.sampled_from(["fr_due_by", "due_by"]),
)
@example(0, 7 * 60 + 59, None, "fr_due_by")  # due 10:00 Berlin... vendor at the close
@example(8 * 60, 16 * 60, None, "fr_due_by")  # due at an opening, vendor at the close before
def test_due_instants_agree_exactly_when_our_calendar_counts_no_time_between_them(
    created: int, shift: int, reply: int | None, metric: str
) -> None:
    """On a business calendar, a vendor due instant agrees with ours exactly when the calendar
    counts at most the tolerance between them (one deadline: a target that runs out at a close
    is due at the next opening, and a vendor may state the close)."""
    start = T0 + timedelta(minutes=created)
    events = [] if reply is None else [AgentReply("r", start + timedelta(minutes=reply))]
    history = TicketHistory(Ticket("7", start), events)
    at = start + timedelta(days=6)
    ours = [m for m in evaluate_many(_OFFICE_POLICY, [history], at=at)
            if m.metric.value == FRESHDESK_FIELDS[metric][1].value]  # fmt: skip
    (mine,) = ours
    if mine.due_at is None:
        event("no due instant of ours")
        return
    theirs = mine.due_at + timedelta(minutes=shift)
    # Stamps as Freshdesk writes them: whole seconds.
    stats = {} if reply is None else {"first_responded_at": _iso(events[0].at)}
    rec = {"id": 7, "created_at": _iso(start), "updated_at": _iso(at), metric: _iso(theirs),
           "stats": stats}  # fmt: skip
    got = assert_contract(freshdesk_verdicts, [[rec]], read_at=at)
    if theirs < start:
        event("vendor due before the creation: refused")
        require(isinstance(got, RecordError), "EARLY", show(got), "an early due instant read")
        return
    require(not isinstance(got, ServiceModelError), "READ", show(got), "a good ticket refused")
    (verdict,), _ = got
    (clock,) = reconcile([verdict], ours).clocks
    lo, hi = sorted((theirs, mine.due_at))
    counted = _OFFICE.elapsed(max(lo, start), max(hi, start))
    one = counted <= timedelta(minutes=1)
    event("one deadline" if one else "two deadlines")
    what = f"ours {mine.due_at}, vendor {theirs}, counted {counted}: {clock}"
    if verdict.state == mine.state.value:
        require(clock.agrees == one, "DUE", what, "agreement is not 'no counted time between'")
    if not one:
        require("due instants differ by" in (clock.reason or ""), "REASON", what, "reason")


@st.composite
def _next_reply_histories(draw: st.DrawFn) -> TicketHistory:
    """A ticket with a few customer messages and replies: several next_reply cycles."""
    events: list[Any] = []
    at = T0
    for k in range(draw(st.integers(0, 4))):
        at += timedelta(minutes=draw(st.integers(1, 300)))
        events.append(CustomerMessage(f"c{k}", at))
        if draw(st.booleans()):
            at += timedelta(minutes=draw(st.integers(1, 300)))
            events.append(AgentReply(f"r{k}", at))
    return TicketHistory(Ticket("7", T0), events)


_NEXT_POLICY = SLAPolicy(
    "next",
    {
        "normal": [
            Target("first_reply", "1h", business=False),
            Target("next_reply", "2h", business=False),
        ]
    },
    pause=(),
)


@fuzz_settings(60)
@given(history=_next_reply_histories(), shift=st.one_of(st.just(0), st.integers(-20000, 20000)))
def test_nr_due_by_is_compared_with_our_latest_next_reply_cycle(
    history: TicketHistory, shift: int
) -> None:
    at = T0 + timedelta(days=2)
    ours = list(evaluate_many(_NEXT_POLICY, [history], at=at))
    cycles = [m for m in ours if m.metric.value == "next_reply"]
    due = cycles[-1].due_at if cycles and cycles[-1].due_at else T0 + timedelta(hours=5)
    rec = {"id": 7, "created_at": _iso(T0), "updated_at": _iso(at), "stats": {},
           "nr_due_by": _iso(due + timedelta(seconds=shift))}  # fmt: skip
    if cycles and cycles[-1].state.value == "breached" and shift == 0:
        rec["nr_escalated"] = True
    got = assert_contract(freshdesk_verdicts, [[rec]], read_at=at)
    require(not isinstance(got, ServiceModelError), "READ", show(got), "a good ticket refused")
    rec_ = assert_contract(reconcile, got[0], ours)
    require(not isinstance(rec_, ServiceModelError), "RECONCILE", show(rec_), "refused")
    nexts = [c for c in rec_.clocks if c.metric == "next_reply"]
    what = f"{len(cycles)} cycles, shift {shift}: {show([str(c) for c in nexts])}"
    # The report's section (one ticket at a time) counts the clocks as reconcile does.
    report = assert_contract(
        build_report, [history], ReportOptions(policies=_NEXT_POLICY, at=at, vendor_verdicts=got[0])
    )
    require(not isinstance(report, ServiceModelError), "REPORT", show(report), "refused")
    section = report.reconciliation
    row = (
        None
        if section is None
        else next((r for r in section.by_metric if r.metric == "next_reply"), None)
    )
    compared = [c for c in nexts if c.vendor_state is not None and c.our_state is not None]
    require(
        row is not None
        and (row.compared, row.agreed, row.ours_only, row.vendor_only)
        == (
            len(compared),
            sum(c.agrees for c in compared),
            sum(c.vendor_state is None for c in nexts),
            sum(c.our_state is None for c in nexts),
        ),
        "REPORT",
        f"{what}: {show(row)}",
        "the report's section counts next_reply otherwise than reconcile",
    )
    # One vendor verdict: beside our last cycle (the others ours only), or vendor only.
    require(
        sum(c.vendor_state is not None for c in nexts) == 1 and len(nexts) == max(1, len(cycles)),
        "LATEST",
        what,
        "nr_due_by is not one clock beside our latest next_reply cycle",
    )
    if cycles:
        last = nexts[[c.cycle for c in nexts].index(cycles[-1].cycle)]
        require(last.vendor_state is not None, "LATEST", what, "not beside our latest cycle")
        # Freshdesk states nr_due_by for the response it awaits: a consistent record has
        # one only while our latest cycle runs (once answered, Freshdesk's is null).
        if cycles[-1].stopped_at is not None:
            return
        if shift == 0 and cycles[-1].due_at is not None:
            require(last.agrees, "AGREE", what, "the same due instant disagrees")
        elif abs(shift) > 60 and cycles[-1].due_at is not None:
            require(not last.agrees, "DISAGREE", what, "a shifted due instant agrees")


_TZS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "Europe/Berlin",
            "UTC",
            "Nowhere/City",
            "",
            "../etc/passwd",
            "\x00",
            "Europe/Berlin\n",
            7,
            1.5,
            True,
            ["UTC"],
            timezone(timedelta(hours=3)),
        ]
    ),
    st.text(max_size=20),
)


@fuzz_settings(60)
@given(
    tickets=st.one_of(
        _JUNK,
        st.lists(st.one_of(_JUNK, st.lists(_JUNK, max_size=3), _fd_tickets()), max_size=3),
        st.dictionaries(st.text(max_size=4), st.lists(_fd_tickets(), max_size=2), max_size=2),
    ),
    tz=_TZS,
    on_error=st.sampled_from(["raise", "collect", "skip", None, 1]),
)
def test_any_tickets_tz_and_on_error_give_verdicts_or_an_error(
    tickets: Any, tz: Any, on_error: Any
) -> None:
    for fn in (freshdesk_verdicts, freshdesk.sla_fields):
        got = assert_contract(fn, tickets, tz=tz, on_error=on_error)
        if isinstance(got, ServiceModelError):
            continue
        require(
            on_error in ("raise", "collect"),
            "ON_ERROR",
            f"on_error={on_error!r} accepted by {fn.__name__}",
            "an unknown on_error accepted",
        )
        assert_contract(reconcile, got[0] if fn is freshdesk_verdicts else [], [])


@fuzz_settings(15)
@given(
    field=st.sampled_from([*_DUE, *_FLAGS]),
    value=st.one_of(_BAD_STAMPS, st.sampled_from([1, 2.5, [], {}, "yes", "true"])),
)
@example("fr_due_by", "2026-03-02T10:00:00")
def test_a_bad_due_field_in_a_freshdesk_export_is_one_error_line_naming_file_ticket_and_field(
    field: str, value: Any
) -> None:
    with folder() as tmp:
        policy = tmp / "policy.toml"
        policy.write_text(_FD_POLICY, encoding="utf-8")
        page = tmp / "page.json"
        rec = _fd(7, **{"fr_due_by": "2026-03-02T10:00:00Z", field: value, "stats": {}})
        page.write_text(json.dumps([rec, _fd(8, stats={})]), encoding="utf-8")
        head = ["report", "--source", "freshdesk", "--policy", str(policy), "--at",
                "2026-03-03T00:00:00Z", "--format", "json", str(page)]  # fmt: skip
        code, _, err = _cli(head)
        skipped = _cli([*head, "--skip-bad-records"])
    if code == 0:
        return  # a value the reader reads (a flag of false, a due time it can read)
    require(code == 2, "EXIT", f"{field}={value!r}: {code} {err}", "exit status")
    lines = err.strip().splitlines()
    require(
        len(lines) == 1 and str(page) in lines[0] and "ticket 7" in lines[0] and field in lines[0],
        "MESSAGE",
        f"{field}={show(value)}: {err}",
        "the error does not name the file, the ticket and the field",
    )
    require(skipped[0] == 0, "SKIP", skipped[2], "--skip-bad-records still refuses")
    data = json.loads(skipped[1])
    require(
        data["overview"]["tickets"] >= 1 or data.get("overview") is not None,
        "SKIP",
        show(data.get("overview")),
        "the good ticket lost",
    )


# ---------------------------------------------------------------- shortened warning values


@fuzz_settings(30)
@given(
    total=st.one_of(
        st.integers(2, 10**6),
        st.integers(10**300, 10**320),
        st.sampled_from([5000, 4299, 4301]).map(lambda n: "1" + "0" * n),
    ),
    cursor=st.one_of(st.text(min_size=1, max_size=40), st.text(min_size=290, max_size=2000)),
    key=st.sampled_from(["after_cursor", "after_url", "next_page"]),
)
def test_completeness_warnings_are_short_and_never_quote_a_huge_value_whole(
    total: int | str, cursor: str, key: str
) -> None:
    # A total past 4,300 digits cannot be written by json.dumps (nor read back by int()'s
    # default limit): it is given as its digits, written into the page's text.
    digits = total if isinstance(total, str) else str(total)
    with folder() as tmp:
        fd = tmp / "filter.json"
        text = json.dumps({"results": [_fd(1)], "total": 0}).replace(
            '"total": 0', f'"total": {digits}'
        )
        fd.write_text(text, encoding="utf-8")
        zd = tmp / "page.json"
        page = {"tickets": [{"id": 1, "created_at": "2026-03-02T09:00:00Z",
                             "updated_at": "2026-03-02T10:00:00Z", "status": "open"}],
                "end_of_stream": False, key: cursor}  # fmt: skip
        zd.write_text(json.dumps(page), encoding="utf-8")
        got_fd = assert_contract(freshdesk.load, [fd], on_error="collect")
        got_zd = assert_contract(zendesk.load, [zd], on_error="collect")
    cases = [(got_fd, digits, "total"), (got_zd, cursor, "cursor")]
    if len(digits) > 4300:
        # Past Python's limit for reading a whole number the file is unreadable: one bad
        # record naming the limit, and nothing read to fall short of a total.
        require(
            not isinstance(got_fd, ServiceModelError)
            and not got_fd.warnings
            and [("4300 digits" in str(e)) for e in got_fd.errors] == [True],
            "LIMIT",
            show(got_fd),
            "a total past the digit limit is not one bad file naming the limit",
        )
        cases = cases[1:]
        # Given from Python, such a total is said by its size.
        (said,) = assert_contract(
            filter_shortfall, [("p", {"results": [{"id": 1}], "total": 10**5000})]
        )
        require(
            "<int of about 5001 digits>" in said and len(said) < 1200, "HUGE", said, "huge total"
        )
    for got, value, what in cases:
        require(not isinstance(got, ServiceModelError), "LOAD", show(got), f"a {what} refused")
        require(len(got.warnings) == 1, "WARNING", show(got.warnings), f"no warning ({what})")
        (warning,) = got.warnings
        require(len(warning) < 1200, "LONG", f"{len(warning)} characters", f"a long {what}")
        if len(value) > 300:
            require(value not in warning, "WHOLE", show(warning), f"the {what} quoted whole")


# ---------------------------------------------------------------- _shared re-exports

_SHARED = sorted(
    ".".join(("servicemodel", *p.relative_to(SRC).with_suffix("").parts))
    for p in SRC.rglob("_shared.py")
)


@pytest.mark.parametrize("module", _SHARED)
def test_every_shared_name_is_the_object_of_its_defining_module(module: str) -> None:
    with deadline(10, f"importing {module}"):
        shared = importlib.import_module(module)
    origin = shared.__file__
    assert origin is not None
    tree = ast.parse(Path(origin).read_text(encoding="utf-8"))
    defined: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            for alias in node.names:
                defined[alias.asname or alias.name] = (node.module, alias.name)
    names = list(shared.__all__)
    assert names, module
    assert len(set(names)) == len(names), f"{module}.__all__ names one twice"
    for name in names:
        assert name in defined, f"{module}.{name} is not imported from a defining module"
        source, original = defined[name]
        assert getattr(shared, name) is getattr(importlib.import_module(source), original), (
            f"{module}.{name} is not {source}.{original}"
        )
