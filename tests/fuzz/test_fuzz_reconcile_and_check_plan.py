"""Fuzz the SLA reconciliation and the staffing check with hostile input.

Harnesses, each checking the error contract (``assert_contract``: a result or a
``ServiceModelError`` with a message, never another exception type, never a hang):

- ``zendesk_verdicts`` over events of one instant whose ids are ints, digit texts (zero-padded,
  longer than ``int()`` takes), other texts, floats, bools, lists, repeated or missing on some
  events, with hostile payloads; the law: in collect mode the verdicts do not depend on the
  order of the events;
- ``VendorVerdict`` built by hand with hostile fields (``target_since``, ``stops`` of any
  shape, an instance that is text), given to ``reconcile`` and to the report
  (``build_report`` with ``at`` anywhere); verdicts drawn twice, as copies or changed;
- ``servicemodel report --vendor-sla`` over a file of hostile metric events, with and without
  ``--skip-bad-records``: exit 0 or 2, never a traceback;
- ``ratio_interval`` (the check's pooled level): the interval holds the pooled share, lies in
  [0, 1], is never narrower than Wilson's; the law: its standard error is the regenerative
  ratio estimator's of Law & Kelton (``s11 − 2 r s12 + r² s22``), the same number;
- ``check_plan`` with hostile options on a small plan whose rows may have no agents or no
  calls, and ``SupportDesk``/``LogNormal`` with hostile agents and cv;
- the ``staff`` command's ``--aht``, ``--target`` and ``--shrinkage`` texts.

Found and fixed: an event id of 5,000 digits raised
``ValueError`` from ``int()``; events of one instant with one id took the one read last;
``reconcile`` raised ``TypeError`` on an instance that is text; ``reply_time`` instance 0 was
the first reply's clock; a late snapshot rewrote a clock fulfilled twice in one stretch; a
conflicting clock stopped the whole report under ``--skip-bad-records``.

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=500 SERVICEMODEL_HYPOTHESIS=explore \\
        .venv/bin/python -m pytest -p no:cacheprovider \
        tests/fuzz/test_fuzz_reconcile_and_check_plan.py
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import random
import statistics
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._staff_cli import _aht, _shrinkage, _target
from servicemodel.cli import main
from servicemodel.errors import ServiceModelError
from servicemodel.forecast import check_plan
from servicemodel.forecast._check_week import ratio_interval
from servicemodel.kpi._intervals import t_quantile, wilson_interval
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.reconcile import VendorVerdict, reconcile, zendesk_verdicts
from servicemodel.report import ReportOptions, build_report
from servicemodel.simulate import LogNormal, SupportDesk
from servicemodel.sla import SLAPolicy, Target
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

from .conftest import assert_contract, folder, fuzz_settings, require, show
from .hostile import hostile, scalars

pytestmark = pytest.mark.fuzz

DATA = Path(__file__).resolve().parents[1] / "data" / "zendesk"
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

# -- (A) Zendesk metric events of one instant ---------------------------------------------------

IDS = st.one_of(
    st.none(),
    st.integers(0, 20),
    st.integers(0, 20).map(str),
    st.integers(0, 20).map(lambda n: f"0{n}"),
    st.sampled_from(["9" * 5000, "1" + "0" * 5000, "x", " 7 ", "", "٣"]),
    st.just(10**5000),
    scalars(),
)
TIMES = st.sampled_from(
    ["2026-03-02T09:00:00Z", "2026-03-02T10:00:00+01:00", "2026-03-02T09:00:01Z"]
)
KINDS = st.sampled_from(
    [
        "apply_sla",
        "apply_group_sla",
        "breach",
        "fulfill",
        "activate",
        "pause",
        "update_status",
        "measure",
    ]
)


@st.composite
def metric_events(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(KINDS)
    ev: dict[str, Any] = {
        "ticket_id": draw(st.sampled_from([1, "1", 2])),
        "metric": draw(st.sampled_from(["reply_time", "resolution_time", "agent_work_time"])),
        "instance_id": draw(st.sampled_from([0, 1, 2, None])),
        "type": kind,
        "time": draw(TIMES),
    }
    eid = draw(IDS)
    if eid is not None or draw(st.booleans()):
        ev["id"] = eid
    if draw(st.integers(0, 9)) == 0:
        ev["deleted"] = draw(st.one_of(st.booleans(), scalars()))
    if kind in ("apply_sla", "apply_group_sla"):
        payload = draw(st.one_of(
            st.builds(dict, target=st.integers(0, 600), business_hours=st.booleans(),
                      policy=st.one_of(st.builds(dict, title=st.text(max_size=4)), hostile())),
            hostile(),
        ))  # fmt: skip
        ev["sla" if kind == "apply_sla" else "group_sla"] = payload
    if kind == "update_status":
        ev["status"] = draw(st.one_of(
            st.builds(dict, calendar=st.integers(0, 600), business=st.integers(0, 600)),
            hostile(),
        ))  # fmt: skip
    return ev


def _verdict_key(result: Any) -> Any:
    """What must not depend on the order of the events: the verdicts, and which events erred
    (by message; an error names the event's place, which the order changes)."""
    verdicts, _errors = result
    return verdicts


@given(events=st.lists(metric_events(), min_size=1, max_size=8), seed=st.integers(0, 2**32 - 1))
@fuzz_settings(60)
def test_zendesk_events_of_one_instant_any_ids(events: list[dict[str, Any]], seed: int) -> None:
    got = assert_contract(zendesk_verdicts, events, on_error="collect")
    if isinstance(got, ServiceModelError):
        return
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    again = assert_contract(zendesk_verdicts, shuffled, on_error="collect")
    require(
        not isinstance(again, ServiceModelError) and _verdict_key(again) == _verdict_key(got),
        "ORDER",
        f"events {show(events)} gave {show(got)}, shuffled {show(again)}",
        "verdicts depend on the order of one instant's events",
    )
    verdicts = got[0]
    assert_contract(reconcile, verdicts, [])


# -- (A) verdicts built by hand: reconcile and the report -----------------------------------------

GOOD_INSTANTS = st.one_of(
    st.none(),
    st.integers(-2, 30).map(lambda h: T0 + timedelta(hours=h)),
    st.integers(-2, 30).map(
        lambda h: (T0 + timedelta(hours=h)).astimezone(timezone(timedelta(hours=5)))
    ),
)
BAD_INSTANTS = st.one_of(st.just(datetime(2026, 3, 2, 9)), scalars())  # naive, or no instant


def _mostly(draw: st.DrawFn, good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> Any:
    """A good value 19 times in 20, so that most verdicts reach the comparison."""
    return draw(bad) if draw(st.integers(0, 19)) == 0 else draw(good)


OUR_METRICS = st.sampled_from(["first_reply", "resolution", None])


@st.composite
def verdicts(draw: st.DrawFn) -> Any:
    source = draw(st.sampled_from(["zendesk", "jsm", "export"]))

    def instant() -> Any:
        return _mostly(draw, GOOD_INSTANTS, BAD_INSTANTS)

    stops = _mostly(
        draw,
        st.lists(st.tuples(GOOD_INSTANTS.filter(lambda w: w is not None), GOOD_INSTANTS),
                 max_size=3),
        st.one_of(st.lists(st.tuples(BAD_INSTANTS, GOOD_INSTANTS), max_size=2), hostile()),
    )  # fmt: skip
    fields: dict[str, Any] = {
        "ticket_id": _mostly(draw, st.sampled_from(["A", "B", "C"]), scalars()),
        "metric": draw(st.sampled_from(["reply_time", "resolution_time", "Time to resolution"])),
        "instance": _mostly(draw, st.integers(0, 2), st.sampled_from(["1", 1.0, True, 10**5000])),
        "state": _mostly(draw, st.sampled_from(["achieved", "breached", "active"]), scalars()),
        "target": _mostly(draw, st.none() | st.just(timedelta(hours=1)), scalars()),
        "breached_at": instant(),
        "fulfilled_at": instant(),
        "started_at": instant(),
        "target_since": instant(),
        "stops": stops,
        "source": source,
        "our_metric": None if source == "zendesk" else draw(OUR_METRICS),
        "our_cycle": _mostly(draw, st.none() | st.integers(-1, 1), scalars()),
    }
    return assert_contract(VendorVerdict, **fields)


_POLICY = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False),
                                     Target("resolution", "8h", business=False)]})  # fmt: skip
_HISTORIES = [
    TicketHistory(Ticket("A", T0), [AgentReply("r", T0 + timedelta(minutes=90))]),
    TicketHistory(Ticket("B", T0 + timedelta(hours=1)), []),
]


@given(
    drawn=st.lists(verdicts(), max_size=5),
    copies=st.lists(st.tuples(st.integers(0, 4), st.booleans()), max_size=3),
    at=st.none() | st.integers(-1, 30).map(lambda h: T0 + timedelta(hours=h)),
)
@fuzz_settings(60)
def test_hand_built_verdicts_in_reconcile_and_the_report(
    drawn: list[Any], copies: list[tuple[int, bool]], at: datetime | None
) -> None:
    found = [v for v in drawn if isinstance(v, VendorVerdict)]
    for i, changed in copies:  # a copy counts once; a changed one is a conflict
        if found:
            v = found[i % len(found)]
            found.append(attrs.evolve(v, paused=True) if changed else v)
    assert_contract(reconcile, found, [])
    options = assert_contract(ReportOptions, policies=_POLICY, vendor_verdicts=found, at=at)
    if isinstance(options, ServiceModelError):
        return
    report = assert_contract(build_report, _HISTORIES, options)
    if not isinstance(report, ServiceModelError):
        require(report.reconciliation is not None, "NO SECTION", show(found), "no section")


# -- (A) the report command with a hostile --vendor-sla file -------------------------------------

ZD_ARGS = [
    "report", "--source", "zendesk", str(DATA / "tickets_page1.json"),
    str(DATA / "tickets_page2.json"), str(DATA / "audits.jsonl"), "--map", str(DATA / "map.toml"),
    "--policy", str(DATA / "policy.toml"), "--format", "json",
]  # fmt: skip


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@given(
    events=st.lists(metric_events(), max_size=6),
    lines=st.booleans(),
    skip=st.booleans(),
)
@fuzz_settings(25)
def test_report_vendor_sla_file_of_hostile_events(
    events: list[dict[str, Any]], lines: bool, skip: bool
) -> None:
    base = json.loads((DATA / "metric_events.json").read_text())["ticket_metric_events"]
    for ev in events:  # on the fixture's tickets and clocks
        ev["ticket_id"] = random.Random(len(events)).choice([1001, 1002, "1003"])
    records = base + events
    with folder() as where:
        path = where / ("events.jsonl" if lines else "events.json")
        try:
            text = (
                "\n".join(json.dumps(r, default=str) for r in records)
                if lines
                else json.dumps({"ticket_metric_events": records}, default=str)
            )
        except ValueError:  # a 5,000-digit int has no JSON text
            return
        path.write_text(text, encoding="utf-8")
        argv = [*ZD_ARGS, "--vendor-sla", str(path), *(["--skip-bad-records"] if skip else [])]
        code, out, err = assert_contract(_cli, argv)
    require(code in (0, 2), "EXIT", f"{show(events)}: exit {code}: {err[-300:]}", "exit code")
    require("Traceback" not in err, "TRACEBACK", err[-500:], "traceback")
    if code == 0:
        require("reconciliation" in json.loads(out), "NO SECTION", show(events), "no section")


# -- (B) the pooled level's interval -------------------------------------------------------------


@st.composite
def batches(draw: st.DrawFn) -> tuple[list[int], list[int]]:
    offered = draw(st.lists(st.integers(0, 60), min_size=2, max_size=12))
    if sum(offered) == 0:
        offered[0] = 1
    met = [draw(st.integers(0, n)) for n in offered]
    return met, offered


@given(drawn=batches(), level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
@fuzz_settings(60)
def test_ratio_interval_is_law_and_keltons_ratio_estimator(
    drawn: tuple[list[int], list[int]], level: float
) -> None:
    met, offered = drawn
    pooled, low, high = assert_contract(ratio_interval, met, offered, level)
    total = sum(offered)
    require(math.isclose(pooled, sum(met) / total), "POOLED", show(drawn), "pooled share")
    require(0 <= low <= pooled <= high <= 1, "BOUNDS", f"{show(drawn)}: {low, pooled, high}",
            "interval outside [0, 1] or without the share")  # fmt: skip
    w_low, w_high = wilson_interval(sum(met), total, level)
    require(
        low <= w_low + 1e-12 and high >= w_high - 1e-12,
        "NARROW",
        f"{show(drawn)}: {low, high} inside Wilson {w_low, w_high}",
        "narrower than Wilson",
    )
    # Law & Kelton, Simulation Modeling and Analysis, ch. 9 (the regenerative method): for a ratio
    # r = E[Y]/E[tau] from n i.i.d. cycles, s^2 = s11 - 2 r s12 + r^2 s22 and the half width
    # is z sqrt(s^2 / n) / tau-bar (here with t, n - 1 degrees of freedom).
    b = len(offered)
    s11 = statistics.variance(met)
    s22 = statistics.variance(offered)
    s12 = statistics.covariance(met, offered)
    s2 = max(0.0, s11 - 2 * pooled * s12 + pooled**2 * s22)
    half = t_quantile(0.5 + level / 2, b - 1) * math.sqrt(s2 / b) / (total / b)
    want_low = max(0.0, min(pooled - half, w_low))
    want_high = min(1.0, max(pooled + half, w_high))
    require(
        math.isclose(low, want_low, abs_tol=1e-9) and math.isclose(high, want_high, abs_tol=1e-9),
        "FORMULA",
        f"{show(drawn)}: {low, high}, Law & Kelton {want_low, want_high}",
        "ratio interval differs from the regenerative estimator",
    )


# -- (B) check_plan, the desk and the staff command's texts --------------------------------------

OPTION = st.one_of(st.integers(-1, 4), st.floats(allow_nan=True, allow_infinity=True), scalars())


@st.composite
def check_options(draw: st.DrawFn) -> dict[str, Any]:
    """``check_plan``'s options, each hostile one time in twenty (most calls simulate)."""
    return {
        "batches": _mostly(draw, st.integers(2, 4), OPTION),
        "hours_per_batch": _mostly(draw, st.sampled_from([0.1, 0.25]), OPTION),
        "level": _mostly(draw, st.sampled_from([0.9, 0.95]), OPTION),
        "seed": _mostly(draw, st.integers(0, 5), OPTION),
        "intervals": _mostly(
            draw,
            st.none() | st.lists(st.integers(0, 2), max_size=2),
            st.lists(st.integers(-1, 3), max_size=2) | hostile(),
        ),
    }


@given(
    calls=st.lists(st.sampled_from([0, 0.4, 3, 20]), min_size=1, max_size=3),
    agents=st.lists(st.integers(0, 3), min_size=3, max_size=3),
    options=check_options(),
)
@fuzz_settings(40)
def test_check_plan_hostile_options(
    calls: list[float], agents: list[int], options: dict[str, Any]
) -> None:
    plan = plan_intervals(calls, aht=180, targets=[ServiceLevelTarget(0.8, 20)])
    rows = [attrs.evolve(r, agents=agents[i]) for i, r in enumerate(plan.rows)]
    edited = assert_contract(attrs.evolve, plan, rows=tuple(rows))
    if isinstance(edited, ServiceModelError):
        return
    # Any edit of a plan's agents is checked with good options: a row with agents and no
    # forecast contacts, or contacts and no agents, is a row of the check, never an error.
    plain = assert_contract(check_plan, edited, batches=2, hours_per_batch=0.1)
    require(
        not isinstance(plain, ServiceModelError),
        "REFUSED",
        f"calls {calls} agents {agents}: {plain!r}",
        "check_plan refused an edited plan",
    )
    got = assert_contract(check_plan, edited, **options)
    if isinstance(got, ServiceModelError):
        return
    for c in got.intervals:
        require(
            all(math.isfinite(x) for x in (c.simulated, c.low, c.high))
            and 0 <= c.low <= c.simulated <= c.high <= 1,
            "CHECK",
            f"{show(calls)} agents {agents}: {c!r}",
            "interval check out of bounds",
        )
        row = edited.rows[c.index]
        if row.agents == 0 and row.calls > 0:
            require(c.short, "UNSTAFFED", f"{c!r}", "an unstaffed busy row not short")
    for i, row in enumerate(edited.rows):  # a row with neither agents nor calls is left out
        if row.agents == 0 and row.calls == 0:
            require(all(c.index != i for c in got.intervals), "EMPTY ROW", repr(row), "empty row")


@given(
    agents=st.one_of(st.integers(), st.sampled_from([10**6, 10**6 + 1, 10**400]), scalars()),
    cv=st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(), scalars()),
)
@fuzz_settings(60)
def test_desk_agents_and_lognormal_cv(agents: Any, cv: Any) -> None:
    assert_contract(SupportDesk, agents=agents, arrivals=10, handle_time=180)
    dist = assert_contract(LogNormal, 180, cv)
    if isinstance(dist, LogNormal):
        sample = assert_contract(dist.sample, random.Random(0))
        require(
            isinstance(sample, float) and math.isfinite(sample),
            "SAMPLE",
            f"LogNormal(180, {show(cv)}) sampled {show(sample)}",
            "lognormal sample",
        )


TEXTS = st.one_of(
    st.text(alphabet="chatemil=,0123456789msh. %-inwtPTHM", max_size=24),
    st.sampled_from(["=3m", "chat=3m,", "chat=3m,Chat=5m", "chat=3m=4m", "chat=,email=5m",
                     "chat=0s", "chat=-3m", "chat=1e400s", "3m", "0", "", " , ", "chat = 3m"]),
    st.text(max_size=12),
)  # fmt: skip


@given(aht=TEXTS, target=TEXTS, shrinkage=TEXTS, channel=st.none() | st.sampled_from(["chat", ""]))
@fuzz_settings(60)
def test_staff_command_texts(aht: str, target: str, shrinkage: str, channel: str | None) -> None:
    got = assert_contract(_aht, aht, [], channel)
    if not isinstance(got, ServiceModelError):
        require(isinstance(got, float) and math.isfinite(got), "AHT",
                f"--aht {aht!r} gave {show(got)}", "aht not a finite number")  # fmt: skip
    assert_contract(_target, target)
    assert_contract(_shrinkage, shrinkage)
