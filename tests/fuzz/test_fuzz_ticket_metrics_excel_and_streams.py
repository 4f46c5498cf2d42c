"""Fuzz Zendesk's Ticket Metrics durations beside ours (``zendesk_ticket_metrics``,
``DurationComparison``, ``DurationReconciliation``, the report's ticket metrics section and
``servicemodel report --source zendesk`` with a Ticket Metrics file), Excel sheets
(``summary.load`` / ``eventlog.load`` with ``sheet=``), the streaming readers' completeness
warnings (``HistoryStream.warnings``) and the ISO timestamp check (``iso_datetime``).

Each harness checks the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang) and a law on
what valid input gives:

- ``zendesk_ticket_metrics`` on records whose durations are anything (huge and negative ints,
  NaN and infinities, numpy scalars, texts with NUL or lone surrogates, nested containers):
  comparisons or a ``RecordError`` naming the field; ``raise`` and ``collect`` agree on
  whether a record is bad; every comparison holds finite numbers of 0 or more; the counts
  (``agreements``, ``by_field``, ``to_records``) add up;
- a record whose minutes (or seconds) are ours made whole by the rounding agrees, and one a
  few minutes off disagrees with a reason; a ticket's later record wins; records of tickets
  outside the histories are errors naming the ticket, and cost the others nothing; pages in
  any order and empty pages give the same comparisons;
- its arguments (``calendar``, ``rounding``, ``shared_replies``, ``start_time``,
  ``on_error``, the histories and records themselves) given anything, and tickets created
  near either end of the supported range: a reconciliation or a ``ServiceModelError``;
- the value classes built from hostile fields: a ``ServiceModelError`` naming the field;
- ``build_report`` with ``ReportOptions(ticket_metrics=...)`` of hostile records: a report
  that renders in every format, or a ``ServiceModelError``;
- ``servicemodel report --source zendesk`` beside a Ticket Metrics file of hostile JSON text
  (numbers past the float range, ``NaN``, nesting past the recursion limit, NUL, escaped
  surrogates, empty pages, a broken first line): exit status 0 or 2, never a traceback; 2 is
  one error line, which names ``--skip-bad-records`` only when it was not given; with it, a
  file whose lines are bad only one by one is read;
- the streaming readers' completeness warnings (Zendesk's ``end_of_stream``, Freshdesk's
  filter ``total``, Jira's ``isLast`` / ``nextPageToken``) for pages in any order and with
  hostile values: as many warnings whatever the order (for Freshdesk, the same totals and
  shortfalls), each one line; a stream read to its end warns as often as ``load`` of the same
  pages in a file;
- ``iso_datetime`` of texts built from ISO 8601's parts (extended and basic forms, fractions
  of 1 to 9 digits, every offset form): the instant the parts say; any stray character put
  anywhere in one is a ``ValueError``, never a silently different instant, and the separator
  between date and time may be any character;
- ``summary.load`` / ``eventlog.load`` of an ``.xlsx`` sheet whose cells hold hostile values,
  with hostile ``sheet=`` names: histories or a ``ServiceModelError``.

Found and fixed (each with a regression test):

- ``zendesk_ticket_metrics`` (so the report's section, and the command line on a Ticket
  Metrics file holding a 1 and 400 zeros) raised ``OverflowError`` for an int duration past
  the float range; a list among ``shared_replies`` raised ``TypeError``; a numpy array as
  ``rounding=`` raised numpy's ambiguous-truth ``ValueError``, as one did as
  ``ReportOptions(ticket_metrics_on_error=...)``, where an array of one ``"raise"`` was taken
  as ``"raise"`` (``tests/test_ticket_metrics_hostile_arguments.py``);
- ``zendesk.load`` (so ``servicemodel report --skip-bad-records``) stopped at a JSON Lines
  file whose first line is not JSON, though it sets such a line aside anywhere else, and the
  error line told to give the ``--skip-bad-records`` just given; a broken line in a pages or
  audits file stopped the run (``on_error="raise"``) with the error of a page that is no page
  or of an audit without a ticket id, quoting the broken line's error as its value
  (``tests/test_zendesk_broken_lines.py``);
- ``freshdesk.histories`` raised ``ValueError`` (int-to-text digit limit) reading a filter
  page whose ticket id is an int of more than 4,300 digits, while counting its tickets for
  the completeness warning (``tests/test_freshdesk_filter_huge_ids.py``);
- every vendor adapter's error wrote a ticket (issue) id holding a newline or a control
  character raw, so the error broke over lines or sent an escape sequence to the terminal
  (``tests/test_vendor_error_ids_one_line.py``);
- a Ticket Metrics (or Jira) JSON file nested past the recursion limit, holding a number past
  the int-to-text limit or bytes that are no UTF-8 was said in Python's words ("maximum
  recursion depth exceeded while decoding", "use sys.set_int_max_str_digits()",
  "UnicodeDecodeError"); and a ``.json`` export file nested too deeply was a record error whose
  line told to give ``--skip-bad-records``, which cannot help
  (``tests/test_ticket_metrics_file_reasons.py``, ``tests/test_zendesk_broken_lines.py``);
- the report's ``TicketMetricsRow`` / ``TicketMetricsSection`` took more agreeing durations
  than compared, and the report said "-3 disagree" (its JSON a negative count)
  (``tests/test_ticket_metrics_hostile_arguments.py``).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=300 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_ticket_metrics_excel_and_streams.py
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from _deadline import cpu_time, deadline, scaled
from servicemodel._validators import iso_datetime
from servicemodel.cli import main
from servicemodel.errors import MAX_INSTANT, MIN_INSTANT, RecordError, ServiceModelError
from servicemodel.io import freshdesk, jira, zendesk
from servicemodel.io._complete import SearchEnd, StreamEnd, filter_shortfall
from servicemodel.model import AgentReply, StatusChange, Ticket, TicketHistory
from servicemodel.reconcile import (
    ZENDESK_DURATIONS,
    DurationComparison,
    DurationReconciliation,
    zendesk_ticket_metrics,
)
from servicemodel.report import (
    ReportOptions,
    TicketMetricsRow,
    TicketMetricsSection,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)

from .conftest import assert_contract, bounded_contract, folder, fuzz_settings, require, show
from .hostile import DEEP_JSON, HUGE, hostile, scalars

pytestmark = pytest.mark.fuzz

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)  # a Monday, 09:00
ZD = Path(__file__).resolve().parents[1] / "data" / "zendesk"
DURATIONS = ZD / "durations"
FIELDS = list(ZENDESK_DURATIONS)


def _history(
    tid: str = "7",
    reply_s: int = 42 * 60,
    solve_s: int | None = 3 * 3600,
    pend_s: int | None = 3600,
    created: datetime = T0,
) -> TicketHistory:
    """A ticket created at ``created``: a reply, pending from ``pend_s``, solved at ``solve_s``
    (seconds after its creation)."""
    events: list[Any] = [AgentReply(f"r{tid}", created + timedelta(seconds=reply_s))]
    if pend_s is not None:
        events.append(
            StatusChange(f"p{tid}", created + timedelta(seconds=pend_s), status="pending")
        )
    if solve_s is not None:
        events.append(
            StatusChange(f"s{tid}", created + timedelta(seconds=solve_s), status="solved")
        )
    return TicketHistory(Ticket(tid, created), events)


def _check_reconciliation(found: Any, what: str) -> None:
    """The counts of a reconciliation add up, and every number in it is finite, 0 or more."""
    if not isinstance(found, tuple):
        return
    r, errors = found
    require(isinstance(r, DurationReconciliation), "TYPE", show(r), "no reconciliation")
    require(all(isinstance(e, RecordError) for e in errors), "TYPE", show(errors), "errors")
    for c in r.comparisons:
        for name, x in (("vendor", c.vendor), ("ours", c.ours)):
            require(
                x is None or (math.isfinite(x) and x >= 0),
                "SILENT NUMBER",
                f"{what}: {name} {x!r} in {show(c)}",
                f"DurationComparison.{name}",
            )
        require((c.reason is None) == c.agrees, "REASON", show(c), "agrees without reason")
    per_field = r.by_field()
    require(
        sum(a for a, _ in per_field.values()) == r.agreements
        and sum(d for _, d in per_field.values()) == len(r.disagreements)
        and r.agreements + len(r.disagreements) == len(r.comparisons)
        and len(r.to_records()) == len(r.comparisons)
        and sum(r.reasons().values()) == len(r.disagreements),
        "COUNTS",
        show(r),
        "the counts of a reconciliation do not add up",
    )
    text = r.to_text()
    require(text.splitlines()[0] == r.summary(), "TEXT", show(text), "summary first")


# ------------------------------------------------------------- hostile durations and records


_VALUES = st.one_of(
    scalars(),
    st.integers(0, 10**6),
    st.floats(0, 1e6),
    st.sampled_from([10**400, 2**1024, 10**308, 1e308, -0.0, 5e-324, 41.9999999, 42.0000001]),
)


@st.composite
def _records(draw: st.DrawFn) -> list[Any]:
    """Records for tickets 7 and 8 (and others), with hostile durations and ids."""
    out: list[Any] = []
    for _ in range(draw(st.integers(1, 4))):
        rec: dict[str, Any] = {
            "ticket_id": draw(st.one_of(st.sampled_from([7, "7", 8, " 8 ", 9]), hostile()))
        }
        for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3, unique=True)):
            shape = draw(st.integers(0, 5))
            if shape == 0:
                rec[field] = draw(hostile())
            elif shape == 1:
                rec[field] = None
            else:
                rec[field] = {
                    clock: draw(_VALUES)
                    for clock in draw(
                        st.lists(st.sampled_from(["calendar", "business", "Calendar"]), max_size=2)
                    )
                }
        out.append(rec)
    return out


@fuzz_settings(80)
@given(records=_records(), rounding=st.sampled_from(["floor", "nearest"]))
@example([{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 10**400, "business": 1}}], "floor")
@example([{"ticket_id": 7, "reply_time_in_seconds": {"calendar": 2**1024}}], "nearest")
def test_ticket_metrics_of_hostile_records_compare_or_name_the_record(
    records: list[Any], rounding: str
) -> None:
    hs = [_history("7"), _history("8", reply_s=59, solve_s=None, pend_s=None)]
    collected = assert_contract(
        zendesk_ticket_metrics, hs, records, rounding=rounding, on_error="collect"
    )
    require(
        not isinstance(collected, ServiceModelError),
        "COLLECT",
        show(collected),
        "collect raised for a bad record",
    )
    _check_reconciliation(collected, "collect")
    raised = assert_contract(zendesk_ticket_metrics, hs, records, rounding=rounding)
    _, errors = collected
    require(
        isinstance(raised, RecordError) == bool(errors),
        "RAISE VS COLLECT",
        f"raise gave {show(raised)}, collect set aside {show(errors)}",
        "raise and collect disagree on whether a record is bad",
    )
    if errors:
        require(str(raised) == str(errors[0]), "FIRST ERROR", show(raised), "not the first")
    for e in errors:
        require(
            e.path.startswith("metric_records[") and "\n" not in e.message,
            "ERROR PATH",
            show(e),
            "an error names no record",
        )


@fuzz_settings(120)
@given(
    reply_s=st.integers(0, 10**7),
    solve_extra=st.one_of(st.none(), st.integers(0, 10**7)),
    rounding=st.sampled_from(["floor", "nearest"]),
    off=st.integers(2, 10**6),
    as_float=st.booleans(),
)
def test_minutes_equal_to_ours_agree_and_others_disagree(
    reply_s: int, solve_extra: int | None, rounding: str, off: int, as_float: bool
) -> None:
    solve_s = None if solve_extra is None else reply_s + solve_extra
    h = _history("7", reply_s=reply_s, solve_s=solve_s, pend_s=None)

    def whole(x: float) -> int:
        return math.floor(x) if rounding == "floor" else math.floor(x + 0.5)

    def number(n: int) -> float:
        return float(n) if as_float else n

    mins = whole(reply_s / 60)
    solved = None if solve_s is None else number(whole(solve_s / 60))
    rec = {
        "ticket_id": 7,
        "reply_time_in_minutes": {"calendar": number(mins)},
        "reply_time_in_seconds": {"calendar": number(whole(reply_s))},
        "full_resolution_time_in_minutes": {"calendar": solved},
    }
    r, errors = zendesk_ticket_metrics([h], [rec], rounding=rounding)
    require(
        errors == () and r.agreements == len(r.comparisons) == 3,
        "AGREE",
        show(r.disagreements),
        "a record with our minutes disagrees",
    )
    wrong = {"ticket_id": 7, "reply_time_in_minutes": {"calendar": number(mins + off)}}
    r, _ = zendesk_ticket_metrics([h], [wrong], rounding=rounding)
    (c,) = r.comparisons
    require(not c.agrees and bool(c.reason), "DISAGREE", show(c), "minutes off agree")
    # A ticket's later record wins, whatever came before it.
    r, _ = zendesk_ticket_metrics([h], [wrong, rec], rounding=rounding)
    require(r.agreements == 3, "LATER WINS", show(r), "the earlier record was compared")


@fuzz_settings(60)
@given(
    pages=st.lists(
        st.sampled_from(["records", "page", "metric_sets", "tickets", "empty", "end"]),
        min_size=1,
        max_size=5,
    ),
    unknown=st.lists(st.one_of(st.integers(10, 99), st.text(min_size=1, max_size=4)), max_size=3),
    seed=st.integers(0, 2**32 - 1),
)
@example(["records"], ["\r", 10], 0)
def test_pages_in_any_order_compare_alike_and_unknown_tickets_cost_nothing(
    pages: list[str], unknown: list[Any], seed: int
) -> None:
    hs = [_history(str(t), reply_s=60 * t + 7) for t in (7, 8, 9)]

    def rec(t: Any) -> dict[str, Any]:
        return {"ticket_id": t, "reply_time_in_minutes": {"calendar": 7, "business": 7}}

    shapes = {
        "records": [rec(7)],
        "page": {"ticket_metrics": [rec(8)]},
        "metric_sets": {"tickets": [], "metric_sets": [rec(9)]},
        "tickets": {"tickets": [{"id": 7, "metric_set": rec(7)}], "end_of_stream": False},
        "empty": {"ticket_metrics": []},
        "end": {"tickets": [], "end_of_stream": True},
    }
    given_ = []
    for p in pages:
        shape = shapes[p]
        given_ += shape if isinstance(shape, list) else [shape]
    strays = [rec(u) for u in unknown if str(u).strip() not in {"7", "8", "9"}]
    base, _ = zendesk_ticket_metrics(hs, given_)
    mixed = given_ + strays
    random.Random(seed).shuffle(mixed)
    found, errors = zendesk_ticket_metrics(hs, mixed, on_error="collect")
    key = sorted((c.ticket_id, c.field, c.clock, c.vendor, c.agrees) for c in base.comparisons)
    got = sorted((c.ticket_id, c.field, c.clock, c.vendor, c.agrees) for c in found.comparisons)
    require(
        key == got and found.unmatched == base.unmatched,
        "ORDER",
        f"{key} != {got}",
        "pages in another order, or records of other tickets, change the comparisons",
    )
    require(len(errors) == len(strays), "UNKNOWN", show(errors), "one error per stray record")
    for e in errors:  # a ticket outside the histories, or a blank id: no ticket
        said = str(e)
        require(
            "names no ticket among the histories" in said or "expected an id" in said,
            "UNKNOWN",
            show(e),
            "why",
        )


_EDGE_CREATED = st.sampled_from(
    [
        MIN_INSTANT,
        MIN_INSTANT + timedelta(microseconds=1),
        MAX_INSTANT - timedelta(days=1),
        MAX_INSTANT - timedelta(microseconds=1),
        datetime(1970, 1, 1, tzinfo=UTC),
        T0,
    ]
)


class _Calendar:
    """A calendar of one's own: ``elapsed`` answers whatever it is given."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def elapsed(self, a: datetime, b: datetime) -> Any:
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


_CALENDARS = st.one_of(
    st.none(),
    hostile(),
    st.sampled_from(
        [
            _Calendar(timedelta(minutes=5)),
            _Calendar(-timedelta(minutes=5)),
            _Calendar(timedelta.max),
            _Calendar(5),
            _Calendar(ZeroDivisionError("x")),
            _Calendar(RecursionError("deep")),
        ]
    ),
)


@fuzz_settings(60)
@given(
    created=_EDGE_CREATED,
    reply_s=st.integers(0, 10**6),
    calendar=_CALENDARS,
    rounding=st.one_of(st.sampled_from(["floor", "nearest"]), hostile()),
    shared=st.one_of(st.lists(st.sampled_from(["r7", "x"])), hostile()),
    start=st.one_of(st.none(), _EDGE_CREATED, hostile()),
    on_error=st.one_of(st.sampled_from(["raise", "collect"]), hostile()),
    histories=st.sampled_from(["ok", "hostile", "twice"]),
    odd=hostile(),
)
@example(T0, 60, None, "floor", [["a"]], None, "raise", "ok", None)
@example(T0, 60, None, np.array(["floor", "x"]), [], None, "raise", "ok", None)
def test_hostile_arguments_and_instants_at_the_ends_of_the_range(
    created: datetime,
    reply_s: int,
    calendar: Any,
    rounding: Any,
    shared: Any,
    start: Any,
    on_error: Any,
    histories: str,
    odd: Any,
) -> None:
    if created + timedelta(seconds=reply_s + 7200) >= MAX_INSTANT:
        created = MAX_INSTANT - timedelta(seconds=reply_s + 7200)
    h = _history("7", reply_s=reply_s, solve_s=reply_s + 3600, pend_s=reply_s, created=created)
    hs: Any = {"ok": [h], "hostile": [h, odd], "twice": [h, h]}[histories]
    recs = [{"ticket_id": 7, **{f: {"calendar": 1, "business": 0} for f in FIELDS[:5]}}]
    found = assert_contract(
        zendesk_ticket_metrics,
        hs,
        recs,
        calendar=calendar,
        rounding=rounding,
        shared_replies=shared,
        start_time=start,
        on_error=on_error,
    )
    _check_reconciliation(found, "arguments")
    # The records themselves as anything.
    assert_contract(zendesk_ticket_metrics, [h], odd)
    assert_contract(zendesk_ticket_metrics, [h], [odd], on_error="collect")


@fuzz_settings(120)
@given(
    fields=st.fixed_dictionaries(
        {
            "ticket_id": st.one_of(st.just("7"), hostile()),
            "field": st.one_of(st.sampled_from(FIELDS), hostile()),
            "clock": st.one_of(st.sampled_from(["calendar", "business"]), hostile()),
            "vendor": st.one_of(st.integers(0, 10**4), _VALUES, hostile()),
            "ours": st.one_of(st.floats(0, 1e4), _VALUES, hostile()),
        }
    ),
    reason=st.one_of(st.none(), st.text(max_size=10), hostile()),
    unmatched=st.one_of(st.integers(0, 5), hostile()),
    rounding=st.one_of(st.sampled_from(["floor", "nearest"]), hostile()),
)
@example(
    {"ticket_id": "7", "field": FIELDS[0], "clock": "calendar", "vendor": 2, "ours": 1.0},
    None,
    5,
    "floor",
)
def test_value_classes_refuse_hostile_fields_by_name(
    fields: dict[str, Any], reason: Any, unmatched: Any, rounding: Any
) -> None:
    c = assert_contract(DurationComparison, **fields, reason=reason)
    if isinstance(c, ServiceModelError):
        named = str(c).split(":", 1)[0]
        require(named in {*fields, "reason"}, "NAMES FIELD", show(c), "no field named")
        return
    for name in ("vendor", "ours"):
        x = getattr(c, name)
        require(x is None or (math.isfinite(x) and x >= 0), "SILENT NUMBER", show(c), name)
    assert_contract(str, c)
    r = assert_contract(DurationReconciliation, (c,), unmatched, rounding)
    if not isinstance(r, ServiceModelError):
        for method in (r.to_text, r.to_records, r.by_field, r.reasons, r.summary):
            assert_contract(method)
    # The report's rows and section of such counts: never a negative number disagreeing.
    for made in (
        assert_contract(
            TicketMetricsRow, fields["field"], fields["clock"], fields["vendor"], unmatched
        ),
        assert_contract(TicketMetricsSection, "", "floor", 1, 0, fields["vendor"], unmatched),
    ):
        if not isinstance(made, ServiceModelError):
            require(made.disagreed >= 0, "SILENT NUMBER", show(made), "disagreed < 0")


@fuzz_settings(40)
@given(records=_records(), on_error=st.sampled_from(["raise", "collect"]))
def test_the_report_section_of_hostile_records_renders_in_every_format(
    records: list[Any], on_error: str
) -> None:
    hs = [_history("7"), _history("8", reply_s=59, solve_s=None, pend_s=None)]
    options = assert_contract(
        ReportOptions, ticket_metrics=records, ticket_metrics_on_error=on_error
    )
    if isinstance(options, ServiceModelError):
        return
    report = assert_contract(build_report, hs, options)
    if isinstance(report, ServiceModelError):
        require(on_error == "raise", "COLLECT", show(report), "collect raised")
        return
    section = report.ticket_metrics
    require(section is not None, "SECTION", show(report), "no ticket metrics section")
    for render in (render_text, render_markdown, render_csv):
        assert_contract(render, report)
    assert_contract(render_html, report, charts=False)  # (the section's tables, not the charts)
    data = json.loads(assert_contract(render_json, report))
    require("ticket_metrics" in data, "JSON", show(data), "no ticket_metrics in the JSON")


_CONTENTS = st.sampled_from(
    [
        b"[" * 5000 + b"]" * 5000,
        b'{"ticket_id": 7, "reopens": 1' + b"0" * 5000 + b"}",
        b'{"ticket_id": 7, "x": "\xff"}',
        b"\xef\xbb\xbf" + b'{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42}}',
        b"\x1f\x8b\x08\x00" + bytes(range(256)),
        b"{broken",
        b"",
        b"null",
        b'"x"',
        b'{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 1e400}}',
        b'{"ticket_id": 7, "reply_time_in_minutes": {"calendar": 42}}',
    ]
)


@fuzz_settings(40)
@given(
    contents=st.lists(_CONTENTS, min_size=1, max_size=3),
    suffix=st.sampled_from([".json", ".jsonl", ".ndjson", ".txt"]),
)
def test_a_ticket_metrics_file_of_hostile_bytes_says_why_in_the_librarys_words(
    contents: list[bytes], suffix: str
) -> None:
    with folder() as tmp:
        path = tmp / f"ticket_metrics{suffix}"
        path.write_bytes(b"\n".join(contents) + b"\n")
        found = assert_contract(zendesk_ticket_metrics, [_history("7")], [path], on_error="collect")
    errors = (found,) if isinstance(found, ServiceModelError) else found[1]
    for e in errors:
        said = str(e)
        require(
            len(said.splitlines()) == 1
            and not any(w in said for w in ("sys.", "Error:", "maximum recursion depth")),
            "PYTHON'S WORDS",
            said,
            "an unreadable file is said in Python's words, or on more than one line",
        )


# ------------------------------------------------------------------ the command line


def _cli(argv: list[str], budget: float = 30) -> tuple[int, str, str]:
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


#: Lines of a Ticket Metrics file, each bad (or odd) by itself: a line of its own.
_LINES = st.sampled_from(
    [
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 1%s, "business": 1}}'
        % ("0" * 400),
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 1e400, "business": 1}}',
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": NaN, "business": -1}}',
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": -Infinity}}',
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 41.99999, "business": 1e-300}}',
        '{"ticket_id": 9102, "full_resolution_time_in_minutes": {"calendar": 1e308}}',
        '{"ticket_id": "9101\\u0000", "reply_time_in_minutes": {"calendar": 1}}',
        '{"ticket_id": "\\ud800", "reply_time_in_minutes": {"calendar": 1}}',
        '{"ticket_id": 1%s, "reopens": 0}' % ("0" * 5000),
        '{"ticket_id": 424242, "reply_time_in_minutes": {"calendar": 1}}',
        '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 42, "business": 42}}',
        '{"ticket_id": 9101, "reply_time_in_minutes": {}}',
        '{"ticket_id": 9101, "reply_time_in_minutes": [1, 2]}',
        '{"ticket_metrics": []}',
        '{"ticket_metrics": [{"ticket_id": 9103, "reopens": 0, "on_hold_time_in_minutes": '
        '{"calendar": 0, "business": 0}}]}',
        '{"ticket_metric": {"ticket_id": 9104, "reopens": 1}}',
        '{"reopens": 0, "reply_time_in_minutes": {"calendar": 1}}',
        '{"tickets": [], "end_of_stream": true}',
        "{broken",
        DEEP_JSON,
        '{"ticket_id": 9101, "x": ' + "[" * 3000 + "]" * 3000 + "}",
        "",
    ]
)


@fuzz_settings(25)
@given(
    lines=st.lists(_LINES, min_size=1, max_size=4),
    skip=st.booleans(),
    form=st.sampled_from(["text", "json"]),
)
@example(
    ["{broken", '{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 42}}'], True, "text"
)
@example([DEEP_JSON, '{"ticket_id": 9101, "reopens": 0}'], True, "json")
@example(
    ['{"ticket_id": 9101, "reply_time_in_minutes": {"calendar": 1%s}}' % ("0" * 400)], False, "text"
)
def test_report_beside_a_hostile_ticket_metrics_file_reports_or_says_one_line(
    lines: list[str], skip: bool, form: str
) -> None:
    with folder() as tmp:
        path = tmp / "ticket_metrics.jsonl"
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        argv = [
            "report",
            "--source",
            "zendesk",
            "--format",
            form,
            *(["--skip-bad-records"] if skip else []),
            str(DURATIONS / "tickets.json"),
            str(DURATIONS / "audits.json"),
            str(path),
        ]
        code, out, err = _cli(argv)
    require(code in (0, 2), "EXIT", f"{code}: {err}", f"exit status {code}")
    if code == 2:
        errors = [x for x in err.splitlines() if ": error: " in x]
        require(len(errors) == 1, "ERROR LINE", err, "not one error line")
        require(
            not (skip and "--skip-bad-records sets" in errors[0]),
            "SKIP HINT",
            errors[0],
            "the error tells to give the --skip-bad-records just given",
        )
    first = _first_record(lines)
    if skip and isinstance(first, dict) and "ticket_id" in first and "x" not in first:
        # A Ticket Metrics file (its first record says so) whose bad lines are each a
        # record's error: set aside, the rest reported.
        require(code == 0, "SKIPPED", err, "--skip-bad-records did not read the rest")
    if code == 0 and form == "json":
        json.loads(out)


def _first_record(lines: list[str]) -> Any:
    """The first line that is JSON, read (``None``: none is)."""
    for line in lines:
        try:
            return json.loads(line)
        except (ValueError, RecursionError):
            continue
    return None


# ------------------------------------------------------- streaming completeness warnings


_END = st.one_of(st.booleans(), st.none(), hostile())
_CURSOR = st.one_of(st.none(), st.text(max_size=8), st.just("x" * 5000), hostile())


@st.composite
def _zendesk_pages(draw: st.DrawFn) -> list[dict[str, Any]]:
    pages = []
    for k in range(draw(st.integers(1, 5))):
        page: dict[str, Any] = {"tickets": []}
        if draw(st.booleans()):
            page["end_of_stream"] = draw(_END)
        if draw(st.booleans()):
            page["after_cursor"] = draw(_CURSOR)
        if draw(st.booleans()):
            page["after_url"] = draw(_CURSOR)
        if draw(st.integers(0, 3)) == 0:
            page["tickets"] = [{"id": draw(st.one_of(st.just(100 + k), hostile()))}]
        pages.append(page)
    return pages


@st.composite
def _freshdesk_pages(draw: st.DrawFn) -> list[dict[str, Any]]:
    ids = st.one_of(st.integers(1, 6), st.sampled_from([HUGE, "1", " 2 ", "", True]), hostile())
    return [
        {
            "results": [{"id": draw(ids)} for _ in range(draw(st.integers(0, 3)))],
            "total": draw(st.one_of(st.integers(0, 6), st.sampled_from([HUGE, -1]), hostile())),
        }
        for _ in range(draw(st.integers(1, 4)))
    ]


@st.composite
def _jira_pages(draw: st.DrawFn) -> list[dict[str, Any]]:
    pages = []
    for _ in range(draw(st.integers(1, 4))):
        page: dict[str, Any] = {"issues": []}
        if draw(st.booleans()):
            page["isLast"] = draw(_END)
        if draw(st.booleans()):
            page["nextPageToken"] = draw(_CURSOR)
        if draw(st.integers(0, 4)) == 0:
            page["startAt"] = draw(st.one_of(st.integers(0, 3), hostile()))
        pages.append(page)
    return pages


def _stream_warnings(pages: list[Any], end: StreamEnd | SearchEnd) -> tuple[str, ...]:
    for k, page in enumerate(pages):
        end.note(f"pages[{k}]", page)
    return end.warnings()


def _one_line(warnings: Any, what: str) -> None:
    for w in warnings:
        require(
            isinstance(w, str) and len(w.splitlines()) == 1 and len(w) < 2000,
            "WARNING",
            show(w),
            f"{what}: a warning is not one short line",
        )


@fuzz_settings(50)
@given(
    zd=_zendesk_pages(),
    fd=_freshdesk_pages(),
    jr=_jira_pages(),
    seed=st.integers(0, 2**32 - 1),
)
@example([{"tickets": []}], [{"results": [{"id": HUGE}], "total": 3}], [{"issues": []}], 0)
def test_completeness_warnings_do_not_depend_on_the_pages_order(
    zd: list[Any], fd: list[Any], jr: list[Any], seed: int
) -> None:
    rng = random.Random(seed)
    for pages, make in ((zd, StreamEnd), (jr, SearchEnd)):
        said = assert_contract(_stream_warnings, pages, make())
        shuffled = pages[:]
        rng.shuffle(shuffled)
        again = assert_contract(_stream_warnings, shuffled, make())
        require(
            len(said) == len(again),
            "ORDER",
            f"{show(said)} vs {show(again)}",
            f"{make.__name__}: the pages' order changes the warnings",
        )
        _one_line(said, make.__name__)
    pairs = [(f"tickets[{k}]", p) for k, p in enumerate(fd)]
    said = assert_contract(filter_shortfall, pairs)
    shuffled = pairs[:]
    rng.shuffle(shuffled)
    again = assert_contract(filter_shortfall, shuffled)

    def figures(ws: Any) -> list[str]:  # the totals and shortfalls, without the page names
        return sorted(w.split("(total ", 1)[1].split(",", 1)[0] + w.split(":", 2)[2] for w in ws)

    require(
        figures(said) == figures(again),
        "ORDER",
        f"{show(said)} vs {show(again)}",
        "filter_shortfall: the pages' order changes the totals or shortfalls",
    )
    _one_line(said, "filter_shortfall")
    # The streaming readers keep them on the stream, read to its end, whatever the records.
    for stream in (
        lambda: zendesk.histories(zd, on_error="collect"),
        lambda: freshdesk.histories(fd, on_error="collect"),
        lambda: jira.histories(jr, on_error="collect"),
    ):
        s = assert_contract(stream)
        if isinstance(s, ServiceModelError):
            continue
        got = assert_contract(lambda s=s: (s.collect(), s.warnings)[1])
        if not isinstance(got, ServiceModelError):
            _one_line(got, "stream")


_SAYS = st.one_of(st.booleans(), st.none(), st.integers(0, 1), st.just("false"))


@fuzz_settings(30)
@given(
    zd=st.lists(
        st.fixed_dictionaries(
            {"tickets": st.just([])},
            optional={"end_of_stream": _SAYS, "after_cursor": st.text(max_size=5)},
        ),
        min_size=1,
        max_size=4,
    ),
    jr=st.lists(
        st.fixed_dictionaries(
            {"issues": st.just([])},
            optional={"isLast": _SAYS, "nextPageToken": st.one_of(st.none(), st.text(max_size=4))},
        ),
        min_size=1,
        max_size=4,
    ),
    fd=st.lists(
        st.fixed_dictionaries(
            {
                "results": st.lists(st.fixed_dictionaries({"id": st.integers(1, 4)}), max_size=3),
                "total": st.integers(0, 5),
            }
        ),
        min_size=1,
        max_size=3,
    ),
)
def test_a_stream_read_to_its_end_warns_as_load_does(
    zd: list[Any], jr: list[Any], fd: list[Any]
) -> None:
    def warned(read: Any, *args: Any) -> Any:
        found = assert_contract(read, *args, on_error="collect")
        if isinstance(found, ServiceModelError):
            return type(found).__name__
        if not hasattr(found, "collect"):
            return len(found.warnings)
        return len(assert_contract(found.collect).warnings)

    with folder() as tmp:
        for name, module, pages in (("zd", zendesk, zd), ("jr", jira, jr), ("fd", freshdesk, fd)):
            path = tmp / f"{name}.jsonl"
            path.write_text("".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
            streamed, loaded = warned(module.histories, pages), warned(module.load, [path])
            require(
                streamed == loaded,
                "STREAM VS LOAD",
                f"{name}: {show(pages)}: stream {streamed}, load {loaded}",
                "a stream read to its end warns otherwise than load",
            )


# --------------------------------------------------------------------- ISO 8601 texts


@st.composite
def _iso_texts(draw: st.DrawFn) -> tuple[str, datetime]:
    """An ISO 8601 text built from its parts, and the instant the parts say."""
    day = draw(
        st.dates(min_value=datetime(1, 1, 2).date(), max_value=datetime(9999, 12, 30).date())
    )
    hour, minute, second = (
        draw(st.integers(0, 23)),
        draw(st.integers(0, 59)),
        draw(st.integers(0, 59)),
    )
    basic = draw(st.booleans())
    date_text = (
        f"{day.year:04d}{day.month:02d}{day.day:02d}"
        if basic
        else f"{day.year:04d}-{day.month:02d}-{day.day:02d}"
    )
    precision = draw(st.sampled_from(["hour", "minute", "second", "fraction"]))
    fraction, micro = "", 0
    if precision == "fraction":
        digits = draw(st.text(alphabet="0123456789", min_size=1, max_size=9))
        fraction = draw(st.sampled_from([".", ","])) + digits
        micro = int((digits + "000000")[:6])
    if precision == "hour":
        minute = second = 0
        time_text = f"{hour:02d}"
    elif precision == "minute":
        second = 0
        time_text = f"{hour:02d}{minute:02d}" if basic else f"{hour:02d}:{minute:02d}"
    else:
        sep = "" if basic else ":"
        time_text = f"{hour:02d}{sep}{minute:02d}{sep}{second:02d}{fraction}"
    offset = draw(st.sampled_from(["", "Z", "hh", "hhmm", "hh:mm"]))
    zone = None
    if offset == "Z":
        zone = UTC
    elif offset:
        minutes = draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
        if offset == "hh":
            minutes = int(minutes / 60) * 60  # (toward zero: within a day)
        sign = "-" if minutes < 0 else "+"
        h, m = divmod(abs(minutes), 60)
        offset = {
            "hh": f"{sign}{h:02d}",
            "hhmm": f"{sign}{h:02d}{m:02d}",
            "hh:mm": f"{sign}{h:02d}:{m:02d}",
        }[offset]
        zone = timezone(timedelta(minutes=minutes))
    text = f"{date_text}T{time_text}{offset}"
    when = datetime(day.year, day.month, day.day, hour, minute, second, micro, tzinfo=zone)
    return text, when


_STRAY = st.sampled_from([" ", "x", "/", "_", "\x00", "é", "\t", "a", "\n", ";", "\u2028", "١"])


@fuzz_settings(200)
@given(parts=_iso_texts(), stray=_STRAY, where=st.integers(0, 40), sep=st.characters())
@example(("2026-03-02T09:00:00Z", datetime(2026, 3, 2, 9, tzinfo=UTC)), " ", 19, "T")
@example(("2026-03-02T09:00:00Z", datetime(2026, 3, 2, 9, tzinfo=UTC)), "\x00", 20, " ")
def test_iso_text_reads_as_its_parts_and_a_stray_character_is_refused(
    parts: tuple[str, datetime], stray: str, where: int, sep: str
) -> None:
    text, when = parts
    got = assert_contract(iso_datetime, text)
    require(
        got == when and got.utcoffset() == when.utcoffset(),
        "ISO",
        f"{text!r}: {got!r}",
        f"not {when!r}",
    )
    at = min(where, len(text))
    mutated = text[:at] + stray + text[at:]
    with deadline(scaled(2), "iso_datetime"):
        try:
            silently = iso_datetime(mutated)
        except ValueError:
            silently = None
    require(
        silently is None,
        "SILENT INSTANT",
        f"{mutated!r} read as {silently!r}",
        "a stray character was read past",
    )
    # The separator between the date and the time may be any one character but a NUL.
    split = text.index("T")
    other = text[:split] + sep + text[split + 1 :]
    if sep != "\x00" and not sep.isdigit():
        try:
            again = iso_datetime(other)
        except ValueError:
            return  # (a separator the date's basic form takes as its own: refused, never misread)
        require(again == when, "SEPARATOR", f"{other!r}: {again!r}", f"not {when!r}")


# ----------------------------------------------------------------------- Excel sheets


_CELLS = st.one_of(
    st.none(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(
        [
            "2026-03-02T09:00:00Z",
            "2026-03-02 09:00",
            "#N/A",
            "=1+1",
            True,
            False,
            datetime(2026, 3, 2, 9),
            datetime(1900, 1, 1),
            datetime(9999, 12, 31, 23, 59),
            timedelta(hours=2),
            timedelta(days=9000),
            46083.375,
            10**15,
            -1,
            0.5,
        ]
    ),
)


@fuzz_settings(12)
@given(
    rows=st.lists(st.lists(_CELLS, min_size=1, max_size=4), max_size=5),
    kind=st.sampled_from(["summary", "eventlog"]),
    sheet=st.one_of(st.none(), st.sampled_from(["Tickets", "Other", "", " ", "x" * 40]), hostile()),
    on_error=st.sampled_from(["raise", "collect"]),
)
def test_a_sheet_of_hostile_cells_reads_or_names_the_cell(
    rows: list[list[Any]], kind: str, sheet: Any, on_error: str
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from servicemodel.io import eventlog, summary

    if kind == "summary":
        header = ["id", "created_at", "first_reply_at", "rating"]
        load: Any = summary.load
        more: dict[str, Any] = {"tz": "UTC"}
    else:
        header = ["case:concept:name", "concept:name", "time:timestamp", "x"]
        load = eventlog.load
        more = {"tz": "UTC", "activity_map": {"Opened": "customer_message"}}
    with folder() as tmp:
        path = tmp / "t.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Tickets"
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.create_sheet("Other").append(header)
        wb.save(path)
        started = cpu_time()
        found = bounded_contract(10, load, path, sheet=sheet, on_error=on_error, **more)
        require(cpu_time() - started < scaled(10), "SLOW", show(rows), "a small sheet was slow")
        # A sheet named beside no workbook is refused naming the option, never ignored.
        text = tmp / "t.csv"
        text.write_text(",".join(header) + "\n", encoding="utf-8")
        beside = assert_contract(load, text, sheet=sheet, on_error=on_error, **more)
        if sheet is not None:
            require(
                isinstance(beside, ServiceModelError) and "sheet" in str(beside),
                "SHEET",
                show(beside),
                "a sheet named for a CSV file was not refused naming the option",
            )
    if not isinstance(found, ServiceModelError):
        read = getattr(found, "histories", found)
        require(len(read) <= len(rows), "ROWS", show(found), "more histories than rows")
