"""Fuzz the snapshot rule against the time a report or an assessment is made,
``TicketSLA.timers(since, past=True)``, ladder level names, JSM SLA copies without an id, and a
ticket known to be reopened whose reopen instants are lost.

Harnesses, each checking the error contract (``assert_contract``: a ``ServiceModelError`` with
a message, never another type, never a hang, never a NaN):

- ``ReportOptions(now=..., observed_until=...)`` and ``assess(now=...)`` with hostile values
  (naive, bools, strings, instants at the ends of the range and in a DST fold): a
  ``ServiceModelError`` naming the option, or a report whose scope follows
  ``default_snapshot`` (over the fixture's last instant up to ``now``: events after it are
  refused too, see ``latest_known``); the law: a report with a skewed ``updated`` equals the
  report without it but for ``Scope.refused_update``/``made_at``, and every renderer says the
  warning;
- ``TicketSLA.timers(since, past=True)`` with hostile ``since``/``past``: ordered timers at or
  after ``since``; at or after the last event the same as without ``past``;
- ``EscalationLadder.from_dict`` with duplicate level names and percentage triggers of any
  text, and ``level(name)`` with any name;
- JSM SLA pages whose copies of one SLA drop or change their ``id`` and ``_links`` or
  contradict each other's cycles: the whole response's verdicts, or the issue's own error;
  another issue never pays;
- ``servicemodel.reopens`` of any value on a ticket and its history, read from JSON Lines in
  collect mode (a bad one is its record's error only); the one-row reader's ``reopens`` /
  ``reopened`` cells and Freshdesk's ``stats.reopened_at`` placed anywhere (before creation,
  after or at the resolution, malformed): the other rows read as before; the reopen rate, FCR
  and the report over what is read; the law: the reopen rate over histories reduced to
  "reopened N times, instants lost" equals the rate over the full ones, in the report too;
- every value the strategies draw is accepted by the constructors and public functions.

Found and fixed: an export's count of reopens beside a complete history (no ``reopens`` lost)
broke every history cut to an earlier instant: a report or ``standards.measure`` with ``at``
before a counted reopen raised ``ConfigError`` for the whole report, and a live
``TicketSLA`` of such a ticket could not be stored (``to_dict``) or read back; the count is
dropped from a cut history (it told nothing its events do not) and stored beside the live
ticket. A count of 5,000 digits above the reopens shown raised ``ValueError`` from its
message (and from ``dump_jsonl``): a count past 2**53 is refused, and a one-row cell past it
is the row's error. JSM copies of one SLA whose id was ``2`` in one and ``"2"`` in the other,
or whose ``_links`` differed or were left out, were "given twice with different contents";
copies whose values are numpy arrays raised numpy's ambiguous-truth ``ValueError``, as did
``EscalationLadder.level`` given an array (any name that is no text is an
``InputTypeError`` now). The strategies' ``goals()`` drew share goals outside ``[0, 1]``,
which the report refuses (fixed in the strategies).

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=500 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest -p no:cacheprovider -x \
        tests/fuzz/test_fuzz_snapshot_now_and_reopen_counts.py
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._numbers import is_bool
from servicemodel.blueprint import Blueprint, assess
from servicemodel.blueprint import render_html as assessment_html
from servicemodel.blueprint import render_json as assessment_json
from servicemodel.blueprint import render_text as assessment_text
from servicemodel.errors import (
    MAX_INSTANT,
    MIN_INSTANT,
    CalendarError,
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    OutOfRangeError,
    PartialHistoryError,
    ServiceModelError,
    UnknownKeyError,
)
from servicemodel.escalation import EscalationLadder
from servicemodel.goals import SmartGoal
from servicemodel.io import dump_jsonl, freshdesk, load_jsonl, summary
from servicemodel.kpi import FirstContactResolution, LeaveOutPartial, ReopenRate
from servicemodel.model import (
    PARTIAL_ATTRIBUTE,
    REOPENS_ATTRIBUTE,
    AgentReply,
    Reopen,
    StatusChange,
    Ticket,
    TicketHistory,
    known_reopens,
    reopened,
)
from servicemodel.model._shared import plain_attribute
from servicemodel.reconcile import jsm_verdicts
from servicemodel.report import (
    ReportOptions,
    build_report,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._select import default_from, latest_known
from servicemodel.sla import SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.standards import ServiceStandards, measure
from servicemodel.strategies import (
    aware_datetimes,
    calendars,
    goals,
    histories,
    ladders,
    policies,
    policy_sets,
    tickets,
)

from .conftest import assert_contract, fuzz_settings, require, show
from .encode import to_json
from .hostile import HUGE, hostile

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).parent.parent / "data"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
H = timedelta(hours=1)
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")

#: Instants of every awkward kind: the range's ends (and just past them), DST folds and gaps
#: (both folds), offsets of nearly a day, naive ones.
_AWKWARD = [
    MIN_INSTANT,
    MAX_INSTANT - timedelta(microseconds=1),
    MAX_INSTANT,
    MIN_INSTANT - timedelta(microseconds=1),
    datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN),
    datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN),
    datetime(2026, 3, 29, 2, 30, tzinfo=BERLIN),  # in the spring gap
    datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK),
    datetime(2026, 3, 5, 23, 59, tzinfo=timezone(timedelta(hours=23, minutes=59))),
    datetime(2026, 3, 5, 9),
    datetime(2099, 3, 6, tzinfo=UTC),
]


def _instants() -> st.SearchStrategy[Any]:
    """An instant relative to the fixture's events, an awkward one, or any hostile value."""
    near = st.integers(-30 * 24 * 60, 30 * 24 * 60).map(lambda m: T0 + timedelta(minutes=m))
    zoned = st.tuples(near, st.sampled_from([UTC, BERLIN, NEW_YORK])).map(
        lambda p: p[0].astimezone(p[1])
    )
    return st.one_of(near, zoned, st.sampled_from(_AWKWARD), hostile(), st.none())


def _desk() -> list[TicketHistory]:
    out = []
    for i in range(4):
        created = T0 + i * H
        events: list[Any] = [AgentReply(f"r{i}", created + H)]
        if i % 2:
            events.append(StatusChange(f"s{i}", created + 2 * H, status="solved"))
        out.append(TicketHistory(Ticket(f"T{i}", created), events))
    return out


DESK = _desk()
LAST = max(h.last_event_at for h in DESK)


def _default(seen: Any, now: Any) -> tuple[Any, Any, Any]:
    """The default snapshot of ``DESK``, its basis and the update refused (the report's rule:
    the last instant up to ``now``, or the update where later and not after ``now``)."""
    lasts = [h.last_event_at.astimezone(UTC) for h in DESK]
    known = latest_known(DESK, lasts, _utc(now))
    return default_from(known, _utc(seen), _utc(now))[:3]


_ZONES = st.sampled_from(
    [None, UTC, BERLIN, NEW_YORK, timezone(timedelta(hours=23, minutes=59)), timezone(-H * 14)]
)


# -- 1. the snapshot against the time a report or an assessment is made ---------------------


def _utc(value: Any) -> Any:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


#: The report takes IANA zones only: the ones furthest from UTC both ways.
_IANA = st.sampled_from(
    [
        None,
        ZoneInfo("UTC"),
        BERLIN,
        NEW_YORK,
        ZoneInfo("Pacific/Kiritimati"),
        ZoneInfo("Etc/GMT+12"),
    ]
)


@given(seen=_instants(), now=_instants(), tz=_IANA)
@fuzz_settings(150)
def test_report_snapshot_with_any_update_and_now(seen: Any, now: Any, tz: Any) -> None:
    zone = {} if tz is None else {"tz": tz}
    options = assert_contract(ReportOptions, observed_until=seen, now=now, **zone)
    if isinstance(options, ServiceModelError):
        require(
            "observed_until" in str(options) or "now" in str(options),
            "UNNAMED",
            f"{show(seen)}, {show(now)}: {options}",
            "ReportOptions",
        )
        return
    report = assert_contract(build_report, DESK, options)
    if isinstance(report, ServiceModelError):
        require(False, "REFUSED", f"{show(seen)}, {show(now)}: {report}", "build_report")
        return
    scope = report.scope
    want = _default(seen, now)
    if now is None and seen is not None:  # the wall clock: only a far-future update is refused
        return
    got = (scope.as_of, scope.basis, scope.refused_update)
    require(got == want, "SNAPSHOT", f"{show(seen)}, {show(now)}: {got} != {want}", "scope")
    # Charts left out: matplotlib's layout takes seconds, and the warning is in the text.
    texts = [
        assert_contract(render, report) for render in (render_text, render_markdown, render_json)
    ]
    texts.append(assert_contract(render_html, report, charts=False))
    said = scope.refused_update is not None
    for text in texts:
        require(
            ("skewed helpdesk clock" in text) == said,
            "WARNING",
            f"{show(seen)}, {show(now)}: said={said}",
            "renderers",
        )
    if said:
        plain = build_report(DESK, ReportOptions(now=now, **zone))
        made = None if report.scope.refused_event is None else report.scope.made_at
        bare = attrs.evolve(report.scope, refused_update=None, made_at=made)
        require(
            attrs.evolve(report, scope=bare) == plain,
            "NOT THE SAME",
            f"{show(seen)}, {show(now)}",
            "skewed update",
        )


@given(seen=_instants(), now=_instants(), tz=_ZONES)
@fuzz_settings(100)
def test_assess_snapshot_with_any_update_and_now(seen: Any, now: Any, tz: Any) -> None:
    out = assert_contract(assess, Blueprint("x"), DESK, observed_until=seen, now=now, tz=tz)
    if isinstance(out, ServiceModelError):
        return
    for render in (assessment_json, assessment_text):
        assert_contract(render, out)
    assert_contract(assessment_html, out, charts=False)
    if now is None:
        return
    want = _default(seen, now)
    got = (_utc(out.at), out.basis if out.basis == "updated" else "last_event")
    require(
        got == (want[0], want[1] if want[1] == "updated" else "last_event"),
        "SNAPSHOT",
        f"{show(seen)}, {show(now)}: {got}",
        "assess",
    )
    require(out.refused_update == want[2], "REFUSED", f"{show(seen)}, {show(now)}", "assess")
    text = assert_contract(assessment_text, out)
    require(
        ("skewed helpdesk clock" in text) == (want[2] is not None),
        "WARNING",
        f"{show(seen)}, {show(now)}",
        "assessment text",
    )


# -- 2. timers behind the timer loop ---------------------------------------------------------

POLICY = SLAPolicy(
    "p",
    {
        "normal": [
            Target("first_reply", "4h", business=False),
            Target("resolution", "1d", business=False),
        ]
    },
)
LADDER = EscalationLadder.from_dict(
    {
        "levels": [
            {"name": "warn", "trigger": "50%", "targets": ["lead"]},
            {"name": "breach", "trigger": "breach", "targets": ["manager"]},
        ]
    }
)


def _live() -> TicketSLA:
    state = TicketSLA(POLICY, Ticket("T", T0))
    for ev in [AgentReply("r", T0 + 5 * H), StatusChange("s", T0 + 6 * H, status="solved")]:
        state.apply(ev)
    return state


LIVE = _live()


@given(since=_instants(), past=st.one_of(st.booleans(), hostile()), ladder=st.booleans())
@fuzz_settings(150)
def test_timers_since_any_instant(since: Any, past: Any, ladder: bool) -> None:
    kw: dict[str, Any] = {"ladder": LADDER} if ladder else {}
    out = assert_contract(LIVE.timers, since, past=past, **kw)
    if isinstance(out, ServiceModelError):
        return
    require(is_bool(past), "ACCEPTED", f"past={show(past)}", "past")
    ats = [t.at.astimezone(UTC) for t in out]
    require(ats == sorted(ats), "ORDER", show(out), "timers")
    if since is not None:
        first = since.astimezone(UTC)
        require(all(a >= first for a in ats), "BEFORE SINCE", show(out), "timers")
        if past and first >= LIVE_LAST:
            require(out == LIVE.timers(since, **kw), "PAST", show(since), "past=True")


LIVE_LAST = T0 + 6 * H


def test_past_timers_are_the_batch_views() -> None:
    # From creation on, past=True lists what evaluate lists for the history, breaches first
    # reached after the loop: here the first reply, five hours after creation.
    out = LIVE.timers(T0, past=True)
    breaches = [t for t in out if t.kind == "breach"]
    history = TicketHistory(
        Ticket("T", T0),
        [AgentReply("r", T0 + 5 * H), StatusChange("s", T0 + 6 * H, status="solved")],
    )
    found = evaluate(POLICY, history)
    missed = {m.metric for m in found if m.breached_at is not None}
    require({t.metric for t in breaches} == missed, "BREACHES", show(out), "timers")


# -- 3. ladder level names and percentage triggers -------------------------------------------

_NAMES = st.one_of(st.sampled_from(["a", "b", "a ", "A", ""]), hostile())
_TRIGGERS = st.one_of(
    st.sampled_from(["breach", "50%", "100%", "150%", "0%", "-5%", "nan%", "inf%", "1e-400%"]),
    st.sampled_from(["1_0%", " 75 %", "75%%", "%", "1" * 5000 + "%", "0x10%", "١٠%"]),
    st.floats(allow_nan=True),
    hostile(),
)


#: Mostly valid levels (names, in order, percentages rising), so that ladders get built.
_GOOD_LEVELS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", "a ", "A", "\u00e9", "x" * 300]),
        st.sampled_from(["10%", "50%", " 75 %", "99.9999%", "100%", "1e-3%", "breach"]),
    ),
    min_size=1,
    max_size=4,
).map(lambda levels: sorted(levels, key=lambda lv: lv[1] == "breach"))


@given(
    st.one_of(_GOOD_LEVELS, st.lists(st.tuples(_NAMES, _TRIGGERS), min_size=1, max_size=4)),
    _NAMES,
)
@fuzz_settings(200)
def test_ladders_with_any_names_and_triggers(levels: list[Any], name: Any) -> None:
    table = {"levels": [{"name": n, "trigger": t, "targets": ["x"]} for n, t in levels]}
    ladder = assert_contract(EscalationLadder.from_dict, table)
    if isinstance(ladder, ServiceModelError):
        require(isinstance(ladder, ConfigError), "WRONG ERROR", repr(ladder), "from_dict")
        return
    names = [lv.name for lv in ladder.levels]
    require(len(set(names)) == len(names), "DUPLICATE", show(names), "level names")
    for lv in ladder.levels:
        require(ladder.level(lv.name) is lv, "LEVEL", show(lv.name), "level")
        f = lv.trigger.fraction
        require(f is None or 0 < f <= 1, "FRACTION", f"{show(levels)}: {f}", "trigger")
    found = assert_contract(ladder.level, name)
    if not isinstance(found, ServiceModelError):
        require(found.name == name, "WRONG LEVEL", show(name), "level")
    # Every timer a live state lists names a level the ladder finds.
    timers = assert_contract(LIVE.timers, T0, ladder=ladder, past=True)
    if isinstance(timers, ServiceModelError):
        require(False, "TIMERS", f"{show(table)}: {timers}", "timers with a ladder")
        return
    for timer in timers:
        if timer.level is not None:
            require(ladder.level(timer.level).name == timer.level, "LEVEL", show(timer), "timer")


# -- 4. JSM SLA copies -----------------------------------------------------------------------

_JSM = json.loads((DATA / "jira" / "request_sla.json").read_text(encoding="utf-8"))
_BASE = jsm_verdicts(sla=_JSM)[0]

_COPY_EDITS = st.sampled_from(
    ["same", "no id", "no links", "neither", "other id", "int id", "cycle", "links", "hostile id"]
)


@given(st.data(), st.lists(_COPY_EDITS, min_size=1, max_size=4), st.randoms(use_true_random=False))
@fuzz_settings(150)
def test_jsm_copies_with_and_without_ids(data: Any, edits: list[str], rnd: Any) -> None:
    whole = copy.deepcopy(_JSM["SD-2"])
    for sla in whole["values"]:
        sla["_links"] = {"self": f"https://x/rest/servicedeskapi/request/1/sla/{sla['id']}"}
    k = data.draw(st.integers(0, len(whole["values"]) - 1))
    original = whole["values"][k]
    copies = []
    benign = True
    for edit in edits:
        c = copy.deepcopy(original)
        if edit in ("no id", "neither"):
            del c["id"]
        if edit in ("no links", "neither"):
            del c["_links"]
        if edit == "other id":
            c["id"] = "99"
            benign = False
        elif edit == "int id":
            c["id"] = int(c["id"])
        elif edit == "cycle":
            c["completedCycles"][0]["breached"] = not c["completedCycles"][0]["breached"]
            benign = False
        elif edit == "links":
            c["_links"] = {"self": "https://x/elsewhere"}
        elif edit == "hostile id":
            c["id"] = data.draw(hostile())
            benign = False
        copies.append(c)
    values = [*whole["values"], *copies]
    rnd.shuffle(values)
    pages = [
        dict(whole, values=values[: len(values) // 2]),
        dict(whole, values=values[len(values) // 2 :]),
    ]
    sla = {"SD-2": pages, "SD-3": _JSM["SD-3"], "SD-4": _JSM["SD-4"]}
    out = assert_contract(jsm_verdicts, sla=sla, on_error="collect")
    if isinstance(out, ServiceModelError):
        require(False, "WHOLE CALL", f"{edits}: {out}", "jsm_verdicts")
        return
    verdicts, errors = out
    others = [v for v in _BASE if v.ticket_id != "SD-2"]
    require(
        [v for v in verdicts if v.ticket_id != "SD-2"] == others,
        "COST OTHERS",
        f"{edits}: {show(errors)}",
        "jsm",
    )
    require(all("SD-2" in str(e) for e in errors), "UNNAMED", show(errors), "jsm")
    if benign:
        require(not errors, "REFUSED COPY", f"{edits}: {show(errors)}", "jsm")
        mine = [v for v in verdicts if v.ticket_id == "SD-2"]
        require(mine == [v for v in _BASE if v.ticket_id == "SD-2"], "VERDICTS", str(edits), "jsm")


def _two_copies(edit: Any) -> dict[str, Any]:
    whole = copy.deepcopy(_JSM["SD-2"])
    again = copy.deepcopy(whole["values"][0])
    edit(whole["values"][0], again)
    return {"SD-2": [whole, dict(whole, values=[again])], "SD-3": _JSM["SD-3"]}


def test_copies_of_one_sla_differing_only_in_address_are_one_sla() -> None:
    # The id written as an int by one fetch and a string by another, and _links of another
    # base URL or left out, were "given twice with different contents".
    def int_id(first: dict[str, Any], again: dict[str, Any]) -> None:
        again["id"] = int(again["id"])

    def links(first: dict[str, Any], again: dict[str, Any]) -> None:
        first["_links"] = {"self": "https://a/rest/servicedeskapi/request/10002/sla/2"}
        again["_links"] = {"self": "https://b/rest/servicedeskapi/request/SD-2/sla/2"}

    def one_link(first: dict[str, Any], again: dict[str, Any]) -> None:
        del again["id"]
        first["_links"] = {"self": "https://a/rest/servicedeskapi/request/10002/sla/2"}

    for edit in (int_id, links, one_link):
        verdicts, errors = jsm_verdicts(sla=_two_copies(edit), on_error="collect")
        assert errors == ()
        assert verdicts == jsm_verdicts(sla={"SD-2": _JSM["SD-2"], "SD-3": _JSM["SD-3"]})[0]


def test_copies_without_ids_and_different_links_are_still_refused() -> None:
    def links(first: dict[str, Any], again: dict[str, Any]) -> None:
        del first["id"], again["id"]
        first["_links"] = {"self": "https://a/rest/servicedeskapi/request/1/sla/2"}
        again["_links"] = {"self": "https://a/rest/servicedeskapi/request/1/sla/7"}

    verdicts, errors = jsm_verdicts(sla=_two_copies(links), on_error="collect")
    (err,) = errors
    assert "given twice with different contents" in str(err)
    assert {v.ticket_id for v in verdicts} == {"SD-3"}


def test_copies_whose_ids_are_arrays_are_compared_without_raising() -> None:
    np = pytest.importorskip("numpy")

    def arrays(first: dict[str, Any], again: dict[str, Any]) -> None:
        first["id"] = np.array([1, 2])
        again["id"] = np.array([1, 2])

    def differ(first: dict[str, Any], again: dict[str, Any]) -> None:
        arrays(first, again)
        again["completedCycles"][0]["breached"] = not again["completedCycles"][0]["breached"]

    # Comparing the two copies raised numpy's ambiguous-truth ValueError. No id to tell the
    # SLA by (an array is none): one SLA by name, the same on what it holds, or the issue's
    # error when that differs.
    verdicts, errors = jsm_verdicts(sla=_two_copies(arrays), on_error="collect")
    assert errors == ()
    assert {v.ticket_id for v in verdicts} == {"SD-2", "SD-3"}
    verdicts, errors = jsm_verdicts(sla=_two_copies(differ), on_error="collect")
    (err,) = errors
    assert "issue SD-2" in str(err)
    assert {v.ticket_id for v in verdicts} == {"SD-3"}


# -- 5. a ticket known to be reopened ---------------------------------------------------------


def _counts() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(-2, 4),
        st.sampled_from([True, False, 2.0, "2", HUGE, 2**63, None]),
        hostile(),
    )


def _lost() -> st.SearchStrategy[Any]:
    return st.sampled_from([None, "reopens", "reopens,first_resolution", "pauses", "reopen"])


_SOLVED = [
    AgentReply("r", T0 + H),
    StatusChange("s", T0 + 2 * H, status="solved"),
    Reopen("o", T0 + 3 * H),
    StatusChange("s2", T0 + 4 * H, status="solved"),
]
_SHAPES = [_SOLVED, _SOLVED[:2], [], _SOLVED[:3]]


@given(_counts(), _lost(), st.sampled_from(range(len(_SHAPES))), st.data())
@fuzz_settings(250)
def test_a_reopen_count_of_any_value(count: Any, lost: Any, shape: int, data: Any) -> None:
    attributes: dict[str, Any] = {REOPENS_ATTRIBUTE: count}
    if lost is not None:
        attributes[PARTIAL_ATTRIBUTE] = lost
    ticket = assert_contract(Ticket, "B", T0, attributes=attributes)
    good = TicketHistory(Ticket("A", T0), _SHAPES[shape])
    if isinstance(ticket, ServiceModelError):
        # An attribute of the wrong type (a Decimal, a list) is an InputTypeError; one of an
        # attribute's types that is no count of reopens (-1, "2", 2.0) a ConfigError.
        typed = isinstance(plain_attribute(count), str | int | float | bool | None)
        expected = ConfigError if typed else InputTypeError
        require(isinstance(ticket, expected), "WRONG ERROR", repr(ticket), "Ticket")
        return
    h = assert_contract(TicketHistory, ticket, _SHAPES[shape])
    if isinstance(h, ServiceModelError):
        require(REOPENS_ATTRIBUTE in str(h), "UNNAMED", str(h), "TicketHistory")
        return
    # What loads reads: rate, FCR, snapshots at every instant, stored and read back.
    n = assert_contract(known_reopens, h)
    require(isinstance(n, int) and n >= 0, "COUNT", show(n), "known_reopens")
    assert_contract(reopened, h)
    assert_contract(ReopenRate.empty().add_many, [h, good])
    assert_contract(FirstContactResolution.empty().add_many, [h, good])
    at = T0 + data.draw(st.integers(0, 5)) * H
    report = assert_contract(build_report, [h, good], ReportOptions(at=at))
    require(
        not isinstance(report, ServiceModelError), "REPORT", f"{show(attributes)}: {report}", "at"
    )
    m = assert_contract(measure, ServiceStandards("x"), [h, good], at=at)
    require(not isinstance(m, ServiceModelError), "MEASURE", f"{m}", "measure")
    state = assert_contract(TicketSLA, POLICY, ticket)
    if not isinstance(state, ServiceModelError):
        for ev in _SHAPES[shape]:
            state.apply(ev)
        row = assert_contract(state.to_dict)
        require(not isinstance(row, ServiceModelError), "STORE", show(row), "to_dict")
        back = assert_contract(TicketSLA.from_dict, json.loads(json.dumps(row)), POLICY)
        require(back == state, "ROUND TRIP", show(attributes), "from_dict")
    # JSON Lines in collect mode: the record stands or falls alone.
    lines = dump_jsonl([good, h]).splitlines()
    loaded = assert_contract(load_jsonl, lines, on_error="collect")
    require([x.id for x in loaded] == ["A", "B"], "LOST", show(attributes), "load_jsonl")


def test_a_snapshot_before_a_counted_reopen_keeps_the_report() -> None:
    # A count beside a complete history is no more than the reopens it shows; cut to an
    # instant before the reopen, the history shows none, and the count was refused there.
    ticket = Ticket("B", T0, attributes={REOPENS_ATTRIBUTE: 1})
    h = TicketHistory(ticket, _SOLVED)
    at = T0 + 2 * H + H / 2
    report = build_report([h], ReportOptions(at=at))
    assert report.scope is not None
    assert report.scope.selected == 1
    assert measure(ServiceStandards("x"), [h], at=at).tickets == 1
    full = build_report([h])
    assert full == build_report([TicketHistory(Ticket("B", T0), _SOLVED)])


def test_a_live_ticket_with_a_count_is_stored_and_read_back() -> None:
    ticket = Ticket("B", T0, attributes={REOPENS_ATTRIBUTE: 1, "plan": "gold"})
    state = TicketSLA(POLICY, ticket)
    for ev in _SOLVED:
        state.apply(ev)
    back = TicketSLA.from_dict(json.loads(json.dumps(state.to_dict())), POLICY)
    assert back == state
    assert back.ticket.attributes[REOPENS_ATTRIBUTE] == 1
    row = state.to_dict()
    row["ticket"]["attributes"][REOPENS_ATTRIBUTE] = "1"
    with pytest.raises(ConfigError, match=r"servicemodel\.reopens"):
        TicketSLA.from_dict(row, POLICY)


def test_a_huge_count_is_a_config_error() -> None:
    # It raised ValueError from its message above the reopens shown, and from dump_jsonl.
    for count in (HUGE, 2**53 + 1):
        with pytest.raises(ConfigError, match=r"2\*\*53") as caught:
            Ticket("B", T0, attributes={PARTIAL_ATTRIBUTE: "reopens", REOPENS_ATTRIBUTE: count})
        assert caught.value.path == f"attributes.{REOPENS_ATTRIBUTE}"
    ticket = Ticket("B", T0, attributes={REOPENS_ATTRIBUTE: 2**53})
    with pytest.raises(ConfigError, match="9007199254740992 reopens counted"):
        TicketHistory(ticket, _SOLVED)
    rows = [{"id": "A", "created_at": "2026-03-02T09:00:00Z", "reopens": "1e300"}]
    stream = summary.histories(rows, on_error="collect")
    assert list(stream) == []
    (err,) = stream.errors
    assert err.path == "rows[0].reopens"
    assert "at most 2**53" in str(err)


# -- the one-row reader's reopen columns, Freshdesk's reopened_at ---------------------------

_CELLS = st.one_of(
    st.sampled_from(["", "0", "1", "3", " 2 ", "2.0", "-1", "1.5", "many", "1e3", "nan"]),
    st.sampled_from([0, 2, 2.0, True, None, 10**400, float("inf")]),
    hostile(),
)
_STAMPS = st.one_of(
    st.sampled_from(
        [
            "",
            "2026-03-01T09:00:00Z",  # before creation
            "2026-03-02T10:00:00Z",
            "2026-03-02T12:00:00Z",  # at the solve
            "2026-03-03T09:00:00Z",  # after it
            "2026-13-01T09:00:00Z",
            "9999-12-31T23:59:59Z",
            "0001-01-01T00:00:00Z",
            "2026-10-25T02:30:00",
        ]
    ),
    hostile(),
)


def _rows(reopens: Any, reopened_at: Any, where: int) -> list[dict[str, Any]]:
    rows = [
        {"id": f"R{i}", "created_at": "2026-03-02T09:00:00Z", "solved_at": "2026-03-02T12:00:00Z"}
        for i in range(3)
    ]
    if reopens is not ...:
        rows[where]["reopens"] = reopens
    if reopened_at is not ...:
        rows[where]["reopened_at"] = reopened_at
    return rows


_PLAIN = {
    h.id: h
    for h in summary.histories(
        [
            {
                "id": f"R{i}",
                "created_at": "2026-03-02T09:00:00Z",
                "solved_at": "2026-03-02T12:00:00Z",
                "reopens": "0",
            }
            for i in range(3)
        ]
    )
}


@given(st.one_of(st.just(...), _CELLS), st.one_of(st.just(...), _STAMPS), st.integers(0, 2))
@fuzz_settings(250)
def test_one_row_reopen_cells_of_any_value(reopens: Any, reopened_at: Any, where: int) -> None:
    rows = _rows(reopens, reopened_at, where)
    for i, row in enumerate(rows):
        if i != where:
            row["reopens"] = "0"
    stream = assert_contract(summary.histories, rows, on_error="collect")
    if isinstance(stream, ServiceModelError):
        require(False, "WHOLE LOAD", f"{show(reopens)}, {show(reopened_at)}: {stream}", "summary")
        return
    got = assert_contract(list, stream)
    if isinstance(got, ServiceModelError):
        # A time without an offset is the export's (pass tz=), as for every other column.
        naive = isinstance(got, NaiveDatetimeError)
        require(naive, "WHOLE LOAD", f"{show(reopens)}, {show(reopened_at)}: {got}", "summary")
        return
    by_id = {h.id: h for h in got}
    for tid, h in _PLAIN.items():
        if tid != f"R{where}":
            require(by_id.get(tid) == h, "COST OTHERS", f"{show(reopens)}", "summary")
    mine = by_id.get(f"R{where}")
    if mine is None:
        require(len(stream.errors) == 1, "ERRORS", show(stream.errors), "summary")
        return
    rate = assert_contract(ReopenRate.empty().add_many, got)
    fcr = assert_contract(FirstContactResolution.empty().add_many, got)
    for out in (rate, fcr):  # a ticket that cannot say is refused, never guessed
        if isinstance(out, ServiceModelError):
            require(isinstance(out, PartialHistoryError), "WRONG ERROR", repr(out), "figures")
    report = assert_contract(build_report, got)
    require(not isinstance(report, ServiceModelError), "REFUSED", f"{report}", "report")
    if isinstance(rate, ReopenRate):
        require(rate.reopened == bool(known_reopens(mine)), "RATE", show(reopens), "summary")
        require(rate.solved == 3, "SOLVED", show(reopens), "summary")
    else:
        require(reopened(mine) is None, "REFUSED KNOWN", show(reopens), "summary")


def _freshdesk_page(status: int, stats: dict[str, Any]) -> list[dict[str, Any]]:
    def one(tid: int, s: int, st_: dict[str, Any]) -> dict[str, Any]:
        return {"id": tid, "created_at": "2026-03-02T09:00:00Z",
                "updated_at": "2026-03-09T09:00:00Z", "status": s, "source": 1,
                "requester_id": 7, "stats": st_}  # fmt: skip

    plain = {"resolved_at": "2026-03-02T12:00:00Z", "status_updated_at": "2026-03-02T12:00:00Z"}
    return [one(1, 4, dict(plain)), one(2, status, stats), one(3, 4, dict(plain))]


_FD_PLAIN = {h.id: h for h in freshdesk.histories([_freshdesk_page(4, {})])}


@given(
    st.sampled_from([2, 3, 4, 5]),
    st.one_of(st.just(...), _STAMPS),
    st.one_of(st.just(...), _STAMPS),
    st.one_of(st.just(...), _STAMPS),
)
@fuzz_settings(250)
def test_freshdesk_reopened_at_anywhere(
    status: int, reopened_at: Any, resolved: Any, upd: Any
) -> None:
    stats: dict[str, Any] = {}
    for key, value in (
        ("reopened_at", reopened_at),
        ("resolved_at", resolved),
        ("status_updated_at", upd),
    ):
        if value is not ...:
            stats[key] = value
    stream = assert_contract(
        freshdesk.histories, [_freshdesk_page(status, stats)], on_error="collect"
    )
    if isinstance(stream, ServiceModelError):
        require(False, "WHOLE LOAD", f"{show(stats)}: {stream}", "freshdesk")
        return
    got = assert_contract(list, stream)
    if isinstance(got, ServiceModelError):
        naive = isinstance(got, NaiveDatetimeError)
        require(naive, "WHOLE LOAD", f"{show(stats)}: {got}", "freshdesk")
        return
    by_id = {h.id: h for h in got}
    for tid in ("1", "3"):
        require(by_id.get(tid) == _FD_PLAIN[tid], "COST OTHERS", show(stats), "freshdesk")
    mine = by_id.get("2")
    if mine is None:
        require(len(stream.errors) == 1, "ERRORS", show(stream.errors), "freshdesk")
        require("2" in str(stream.errors[0]), "UNNAMED", str(stream.errors[0]), "freshdesk")
        return
    if (
        isinstance(reopened_at, str)
        and reopened_at
        and "reopens" in str(mine.ticket.attributes.get(PARTIAL_ATTRIBUTE, ""))
    ):
        require(reopened(mine) is True, "NOT REOPENED", show(stats), "freshdesk")
    rate = assert_contract(ReopenRate.empty().add_many, got)
    require(not isinstance(rate, ServiceModelError), "REFUSED", f"{show(stats)}: {rate}", "rate")
    fcr = assert_contract(FirstContactResolution.empty().add_many, got)  # next_reply lost
    require(isinstance(fcr, PartialHistoryError), "FCR", f"{show(stats)}: {fcr}", "fcr")
    report = assert_contract(build_report, got)
    require(not isinstance(report, ServiceModelError), "REPORT", f"{report}", "report")


# -- laws over reduced histories ---------------------------------------------------------------


def _reduced(h: TicketHistory) -> TicketHistory:
    """``h`` as an export that says only "reopened N times" keeps it: no status changes but the
    final solve, the reopens lost and counted."""
    count = h.reopen_count()
    attributes = {k: v for k, v in h.ticket.attributes.items() if not k.startswith("servicemodel.")}
    if not count:
        return TicketHistory(attrs.evolve(h.ticket, attributes=attributes), h.events)
    attributes[PARTIAL_ATTRIBUTE] = "first_resolution,reopens"
    attributes[REOPENS_ATTRIBUTE] = count
    events = [e for e in h.events if not isinstance(e, StatusChange | Reopen)]
    solved = h.solved_at()
    if solved is not None:
        events.append(StatusChange("final", solved, status=h.final_status()))
    return TicketHistory.from_unsorted(attrs.evolve(h.ticket, attributes=attributes), events)


@st.composite
def _desks(draw: st.DrawFn) -> list[TicketHistory]:
    hs = draw(st.lists(histories(max_events=8), min_size=1, max_size=4))
    return [TicketHistory(attrs.evolve(h.ticket, id=f"T{i}"), h.events) for i, h in enumerate(hs)]


@given(_desks())
@fuzz_settings(80)
def test_the_reopen_rate_over_reduced_histories_is_the_full_one(hs: list[TicketHistory]) -> None:
    reduced = [_reduced(h) for h in hs]
    full = ReopenRate.empty().add_many(hs)
    require(ReopenRate.empty().add_many(reduced) == full, "RATE", show(hs), "reduced")
    a = assert_contract(build_report, hs)
    b = assert_contract(build_report, reduced)
    if isinstance(a, ServiceModelError) or isinstance(b, ServiceModelError):
        require(type(a) is type(b), "REFUSED", f"{a} / {b}", "report")
        return
    ra, rb = dict(a.kpi.overall.figures)["reopen_rate"], dict(b.kpi.overall.figures)["reopen_rate"]
    require(
        (ra.value, ra.n) == (rb.value, rb.n), "REPORT RATE", f"{ra} != {rb}", "report reopen rate"
    )


@given(_desks(), st.integers(1, 60 * 24 * 400), st.sampled_from([UTC, BERLIN, NEW_YORK]))
@fuzz_settings(60)
def test_a_future_skewed_update_changes_nothing_but_the_warning(
    hs: list[TicketHistory], ahead: int, zone: Any
) -> None:
    last = max(h.last_event_at.astimezone(UTC) for h in hs)
    now = last + timedelta(minutes=ahead)
    seen = min(now + timedelta(minutes=ahead), MAX_INSTANT - timedelta(days=1))
    if seen <= now:
        return
    # With an SLA section too: its open clocks would run to a taken update.
    base = {"now": now.astimezone(zone), "policies": POLICY}
    plain = assert_contract(build_report, hs, ReportOptions(**base))
    skewed = assert_contract(
        build_report, hs, ReportOptions(**base, observed_until=seen.astimezone(zone))
    )
    if isinstance(plain, ServiceModelError):
        require(type(skewed) is type(plain), "DIFFERENT ERROR", f"{skewed}", "skewed")
        return
    require(skewed.scope.refused_update == seen, "NOT REFUSED", show(seen), "skewed")
    bare = attrs.evolve(skewed.scope, refused_update=None, made_at=None)
    require(attrs.evolve(skewed, scope=bare) == plain, "NOT THE SAME", show(seen), "skewed")


# -- the strategies' values are accepted ------------------------------------------------------


@given(st.lists(histories(max_events=6), max_size=3), policies(), ladders(), tickets())
@fuzz_settings(60)
def test_drawn_values_are_accepted(hs: list[Any], policy: Any, ladder: Any, ticket: Any) -> None:
    hs = [TicketHistory(attrs.evolve(h.ticket, id=f"T{i}"), h.events) for i, h in enumerate(hs)]
    for h in hs:
        out = assert_contract(evaluate, policy, h)
        require(not isinstance(out, ServiceModelError), "REFUSED", f"{out}", "evaluate")
        if not isinstance(out, ServiceModelError):
            for m in out:
                assert_contract(ladder.timeline, m)
    out = assert_contract(build_report, hs, ReportOptions(policies=policy))
    require(not isinstance(out, ServiceModelError), "REFUSED", f"{out}", "build_report")
    state = assert_contract(TicketSLA, policy, ticket)
    require(not isinstance(state, ServiceModelError), "REFUSED", f"{state}", "TicketSLA")
    if not isinstance(state, ServiceModelError):
        assert_contract(state.timers, ticket.created_at, ladder=ladder, past=True)
        row = assert_contract(state.to_dict)
        require(not isinstance(row, ServiceModelError), "REFUSED", f"{row}", "to_dict")


# -- Freshdesk desks: the reopen rate, FCR and a reopen-rate goal in the report ---------------

_GOAL = SmartGoal.from_dict(
    {"name": "reopens", "objective": "fewer reopens", "kpi": "reopen_rate", "unit": "share",
     "comparator": "<=", "target": 0.5, "baseline": 0.6, "tz": "Europe/Berlin",
     "start": "2026-03-02", "deadline": "2026-03-30"}
)  # fmt: skip
_FD_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _stamp(hours: int | None) -> str | None:
    return None if hours is None else (_FD_T0 + hours * H).isoformat().replace("+00:00", "Z")


@st.composite
def _freshdesk_desks(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tickets whose stats put resolved_at and reopened_at anywhere (before creation, at the
    resolution, after it), with one public reply each or none."""
    tickets, conversations = [], []
    offsets = st.one_of(st.none(), st.integers(-5, 200))
    for tid in range(1, draw(st.integers(1, 6)) + 1):
        status = draw(st.sampled_from([2, 3, 4, 5]))
        resolved, reopened_, moved = draw(offsets), draw(offsets), draw(offsets)
        stats = {
            k: v
            for k, v in (
                ("resolved_at", _stamp(resolved)),
                ("reopened_at", _stamp(reopened_)),
                ("status_updated_at", _stamp(moved)),
            )
            if v is not None or draw(st.booleans())
        }
        tickets.append(
            {
                "id": tid,
                "created_at": _stamp(0),
                "updated_at": _stamp(400),
                "status": status,
                "source": 1,
                "requester_id": 7,
                "stats": stats,
            }
        )
        if draw(st.booleans()):
            conversations.append(
                {
                    "id": 10 * tid,
                    "ticket_id": tid,
                    "created_at": _stamp(1),
                    "incoming": False,
                    "private": False,
                    "user_id": 99,
                }
            )
    return tickets, conversations


@given(_freshdesk_desks(), _instants())
@fuzz_settings(120)
def test_freshdesk_desks_reopen_rate_fcr_and_goal(desk: Any, as_of: Any) -> None:
    tickets, conversations = desk
    stream = assert_contract(
        freshdesk.histories, [tickets], conversations or None, on_error="collect"
    )
    got = assert_contract(list, stream)
    if isinstance(got, ServiceModelError):
        require(False, "WHOLE LOAD", f"{show(tickets)}: {got}", "freshdesk")
        return
    require(len(got) + len(stream.errors) == len(tickets), "LOST", show(stream.errors), "freshdesk")
    for h in got:
        n = known_reopens(h)
        said = h.ticket.attributes.get(REOPENS_ATTRIBUTE)
        require(said in (None, 1), "COUNT", show(h.ticket.attributes), "freshdesk")
        require(n >= (said or 0), "KNOWN", show(h), "freshdesk")
    rate = assert_contract(ReopenRate.empty().add_many, got)
    if isinstance(rate, ServiceModelError):
        require(isinstance(rate, PartialHistoryError), "WRONG ERROR", repr(rate), "rate")
        return
    fcr = assert_contract(LeaveOutPartial(FirstContactResolution.empty()).add_many, got)
    require(not isinstance(fcr, ServiceModelError), "FCR", f"{fcr}", "fcr")
    # As of any instant (before a ticket's last event its reopen may not have happened yet).
    early = assert_contract(FirstContactResolution.empty, as_of=as_of)
    if not isinstance(early, ServiceModelError):
        out = assert_contract(LeaveOutPartial(early).add_many, got)
        require(not isinstance(out, ServiceModelError), "FCR AS OF", f"{out}", "fcr as_of")
        if not isinstance(out, ServiceModelError):
            assert_contract(out.result)
    if not got:  # every ticket its own error: no report without at=
        return
    report = assert_contract(build_report, got, ReportOptions(goals=(_GOAL,)))
    if isinstance(report, ServiceModelError):
        require(False, "REPORT", f"{show(tickets)}: {report}", "report")
        return
    shown = dict(report.kpi.overall.figures)["reopen_rate"]
    want = rate.result()
    require(
        (shown.n, shown.value) == (want.n, want.value),
        "REPORT RATE",
        f"{shown} != {want}",
        "report reopen rate",
    )
    for render in (render_text, render_markdown, render_json):
        assert_contract(render, report)


#: Bounds at the ends of the supported range, which the strategies take.
_EDGE_HISTORIES = histories(
    tickets=tickets(
        created_at=aware_datetimes(
            min_value=datetime(9998, 12, 20), max_value=datetime(9998, 12, 29)
        )
    ),
    max_events=6,
    max_gap=timedelta(days=30),
)


@given(
    st.one_of(_EDGE_HISTORIES, histories(max_events=6)),
    calendars(),
    goals(kpis=("first_reply_time", "resolution_time", "nps")),  # shares: below
    policy_sets(max_policies=2),
)
@fuzz_settings(60)
def test_drawn_edge_values_are_accepted(h: Any, calendar: Any, goal: Any, policy: Any) -> None:
    out = assert_contract(evaluate, policy, h)
    # A deadline past the supported range's end, from a ticket near it: OutOfRangeError.
    ok = not isinstance(out, ServiceModelError) or isinstance(out, OutOfRangeError)
    require(ok, "REFUSED", f"evaluate: {out}", "evaluate")
    start = h.ticket.created_at
    for fn, args in ((calendar.add, (start, H)), (calendar.elapsed, (start, h.last_event_at))):
        got = assert_contract(fn, *args)
        # Open time may run past the supported range's end from an instant near it, and a
        # drawn holiday rule (from 2018 on) is enumerated some thousand years only: both a
        # CalendarError naming the limit, as for any calendar used so far from its dates.
        ok = not isinstance(got, ServiceModelError) or isinstance(got, CalendarError)
        require(ok, "REFUSED", f"calendar: {got}", "calendar")
    report = assert_contract(build_report, [h], ReportOptions(goals=(goal,)))
    require(not isinstance(report, ServiceModelError), "REFUSED", f"report: {report}", "goals")


@given(goals(kpis=("csat", "reopen_rate", "resolution_rate")))
@fuzz_settings(100)
def test_drawn_share_goals_are_accepted_by_the_report(goal: Any) -> None:
    # goals() drew share targets and baselines anywhere in +-1e6, which the report refused.
    report = assert_contract(build_report, [], ReportOptions(goals=(goal,), at=T0))
    require(not isinstance(report, ServiceModelError), "REFUSED", f"{goal!r}: {report}", "goals")


def test_a_level_name_that_is_no_text_is_a_type_error() -> None:
    # A numpy array raised its ambiguous-truth ValueError from the name comparison.
    np = pytest.importorskip("numpy")
    for name in (np.array([1, 2]), None, 1):
        with pytest.raises(InputTypeError, match="name: expected str"):
            LADDER.level(name)
    with pytest.raises(UnknownKeyError, match="no level named 'manager'"):
        LADDER.level("manager")


_GOOD_LINE = dump_jsonl([TicketHistory(Ticket("A", T0), _SHAPES[1])]).strip()


@given(_counts(), _lost(), st.sampled_from(range(len(_SHAPES))))
@fuzz_settings(200)
def test_a_json_lines_reopen_count_of_any_value(count: Any, lost: Any, shape: int) -> None:
    record = json.loads(dump_jsonl([TicketHistory(Ticket("B", T0), _SHAPES[shape])]))
    record["attributes"][REOPENS_ATTRIBUTE] = "@COUNT@"
    if lost is not None:
        record["attributes"][PARTIAL_ATTRIBUTE] = lost
    line = json.dumps(record).replace('"@COUNT@"', to_json(count))
    loaded = assert_contract(load_jsonl, [_GOOD_LINE, line, _GOOD_LINE.replace('"A"', '"C"')],
                             on_error="collect")  # fmt: skip
    if isinstance(loaded, ServiceModelError):
        require(False, "WHOLE LOAD", f"{show(count)}: {loaded}", "load_jsonl")
        return
    ids = [h.id for h in loaded]
    require(ids[0] == "A" and ids[-1] == "C", "COST OTHERS", f"{show(count)}: {ids}", "jsonl")
    if "B" not in ids:
        (err,) = loaded.errors
        require(
            "servicemodel.reopens" in str(err)
            or "servicemodel.partial" in str(err)
            or "line 2" in str(err)
            or "[1]" in str(err),
            "UNNAMED",
            str(err),
            "jsonl",
        )


@given(
    policies(),
    histories(max_events=6),
    ladders(max_levels=3),
    st.integers(0, 3000),
    st.booleans(),
)
@fuzz_settings(60)
def test_past_timers_from_the_last_event_on_are_the_timers_at_it(
    policy: Any, h: TicketHistory, ladder: Any, minutes: int, escalate: bool
) -> None:
    # timers(since, past=True) adds the timers before the last event to those from it on.
    state = TicketSLA.from_history(policy, h)
    kw: dict[str, Any] = {"ladder": ladder} if escalate else {}
    last = h.last_event_at.astimezone(UTC)
    since = max(h.created_at.astimezone(UTC), last - timedelta(minutes=minutes))
    early = assert_contract(state.timers, since, past=True, **kw)
    if isinstance(early, ServiceModelError):
        require(isinstance(early, OutOfRangeError), "REFUSED", f"{early}", "timers past")
        return
    tail = tuple(t for t in early if t.at.astimezone(UTC) >= last)
    require(tail == state.timers(last, **kw), "TAIL", f"{show(h)} since {since}", "timers")


def test_a_column_named_as_the_reopen_count_is_refused_up_front() -> None:
    # Copied as an attribute, it was each row's error ("5 reopens counted, yet its history
    # shows 0", for a column the reader's own count had said was 0), or a count never read.
    rows = [{"id": "A", "created_at": "2026-03-02T09:00:00Z", REOPENS_ATTRIBUTE: 5, "reopens": "0"}]
    with pytest.raises(ConfigError, match=r"rename the column") as caught:
        summary.histories(rows, attributes=[REOPENS_ATTRIBUTE], on_error="collect")
    assert caught.value.path == "attributes[0]"
