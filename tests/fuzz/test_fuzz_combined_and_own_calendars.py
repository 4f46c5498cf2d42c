"""Fuzz SLA policies, targets, calendar selectors and live states on any calendar of the
calendar protocol: combined calendars (``a | b``, ``a & b``, ``a - b``), schedule histories,
and calendar classes of one's own, in code and in policy files.

Harnesses, each checking the error contract (``assert_contract``: a ``ServiceModelError`` with
a message, never another type, never a hang):

- every public entry point over a policy on drawn combined calendars and schedule histories
  (``evaluate`` at any instant, ``TicketSLA`` measurements, timers and escalation ladders,
  ``Measurement.to_dict``/``from_dict`` inline and with ``calendars=``); the laws: the live
  state fed one event at a time, stored and read back midway, equals ``evaluate``, and so does
  a state that received one event late through ``rebuild(stored + [late])``; a measurement
  read back from its dict equals it;
- ``PolicySet`` (with calendar selectors of combined calendars) round-trips through its dict,
  JSON text and TOML text;
- hostile policy files (a name combining itself or one defined below, nesting 10,000 levels,
  5,000 versions, versions out of order, non-table entries, bools, ints, NaN, lists where a
  calendar goes): a ``ConfigError`` whose message starts with the file and the path to the
  field;
- calendars of one's own whose queries raise, return naive datetimes, negative or too much
  open time, an ``add`` before its start, or answer differently each time: a ``CalendarError``
  naming the calendar, never a foreign exception or a verdict built on a broken answer.

Found and fixed: a combination nested a few hundred levels deep in a policy file (inline or
through names) raised ``RecursionError``; ``policies()``, ``policy_sets()``, ``targets()`` and
``calendar_selectors()`` refused calendars other than ``BusinessCalendar``; broken calendars
of one's own leaked their exceptions or made verdicts from impossible answers.

Long run::

    SERVICEMODEL_FUZZ_EXAMPLES=500 SERVICEMODEL_HYPOTHESIS=explore \
        .venv/bin/python -m pytest tests/fuzz/test_fuzz_combined_and_own_calendars.py -x
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import CalendarError, ConfigError, ServiceModelError
from servicemodel.escalation import EscalationLadder
from servicemodel.kpi import FirstReplyTime
from servicemodel.model import TicketHistory
from servicemodel.sla import Measurement, PolicySet, SLAPolicy, Target, TicketSLA, evaluate
from servicemodel.strategies import (
    calendar_selectors,
    combined_calendars,
    histories,
    ladders,
    policies,
    policy_sets,
    schedule_histories,
)

from .calendars import LEAVES
from .conftest import (
    BUDGET,
    assert_contract,
    bounded_contract,
    folder,
    fuzz_settings,
    require,
    show,
)

pytestmark = pytest.mark.fuzz

DERIVED = st.one_of(
    combined_calendars(calendars=LEAVES, max_operands=3),
    schedule_histories(calendars=LEAVES, max_versions=3),
    schedule_histories(calendars=combined_calendars(calendars=LEAVES, nested=False)),
)
ANY_CALENDAR = st.one_of(DERIVED, LEAVES)


@st.composite
def policy_cases(draw: st.DrawFn) -> tuple[SLAPolicy, TicketHistory]:
    """A policy on drawn calendars (now and then picked per ticket), and a ticket history."""
    policy = draw(policies(calendars=ANY_CALENDAR, max_hours=24))
    if draw(st.integers(0, 3)) == 0:
        selector = draw(calendar_selectors(calendars=ANY_CALENDAR))
        policy = SLAPolicy(
            policy.name,
            policy.targets,
            calendar=policy.calendar,
            pause=policy.pause,
            reopen=policy.reopen,
            warn_at=policy.warn_at,
            calendar_from=selector,
        )
    return policy, draw(histories(max_events=8))


def instants(h: TicketHistory) -> st.SearchStrategy[datetime]:
    created = h.created_at.astimezone(UTC)
    span = (h.last_event_at.astimezone(UTC) - created) + timedelta(days=3)
    return st.integers(0, span // timedelta(minutes=1)).map(
        lambda k: created + timedelta(minutes=k)
    )


def live(policy: SLAPolicy, h: TicketHistory, cut: int) -> tuple[Measurement, ...]:
    """The live state fed ``h`` one event at a time, stored as JSON and read back at ``cut``."""
    state = TicketSLA(policy, h.ticket)
    for ev in h.events[:cut]:
        state.apply(ev)
    state = TicketSLA.from_dict(json.loads(json.dumps(state.to_dict())), policy)
    for ev in h.events[cut:]:
        state.apply(ev)
    return state.measurements(ended=True)


def late(policy: SLAPolicy, h: TicketHistory, k: int) -> tuple[Any, Any]:
    """Every event but the ``k``-th applied live, then the ``k``-th inserted by ``rebuild``
    (as the docs say: ``state.rebuild(stored_events + [late])``); and ``evaluate`` of the
    history in the order that makes (a late event goes after the events of its instant)."""
    events = list(h.events)
    held = events.pop(k)
    state = TicketSLA(policy, h.ticket)
    for ev in events:
        state.apply(ev)
    got = state.rebuild([*events, held]).measurements(ended=True)
    order = sorted([*events, held], key=lambda e: e.at.astimezone(UTC))
    return got, evaluate(policy, TicketHistory(h.ticket, order))


def round_trip(m: Measurement) -> None:
    """``m`` read back from its JSON dict, inline or by the name of its calendar."""
    text = assert_contract(lambda: json.dumps(m.to_dict()))
    if isinstance(text, str):
        back = assert_contract(Measurement.from_dict, json.loads(text))
        require(back == m, "ROUND TRIP", f"{show(m)} read back as {show(back)}", "inline")
    named = {"it": m.calendar}
    data = assert_contract(m.to_dict, calendars=named)
    if not isinstance(data, dict):
        return
    # The calendar is written only where it is not what its absence means (the target's own).
    require(
        "it" in (data.get("calendar"), data["target"].get("calendar"))
        or m.calendar == m.target.calendar_in(BusinessCalendar.always()),
        "ROUND TRIP",
        f"to_dict(calendars=...) of {show(m)} gave {show(data)}",
        "named",
    )
    back = assert_contract(Measurement.from_dict, json.loads(json.dumps(data)), named)
    require(back == m, "ROUND TRIP", f"{show(m)} read back by name as {show(back)}", "named")


@fuzz_settings(60)
@given(policy_cases(), st.data())
def test_every_entry_point_on_combined_calendars_and_histories(
    case: tuple[SLAPolicy, TicketHistory], data: st.DataObject
) -> None:
    policy, h = case
    at = data.draw(st.none() | instants(h))
    batch = assert_contract(evaluate, policy, h)
    assert_contract(evaluate, policy, h, at=at)
    cut = data.draw(st.integers(0, len(h.events)))
    got = assert_contract(live, policy, h, cut)
    if isinstance(batch, ServiceModelError) or isinstance(got, ServiceModelError):
        require(
            type(got) is type(batch),
            "LIVE != BATCH",
            f"live gave {show(got)}, evaluate gave {show(batch)}",
            "error",
        )
        return
    require(got == batch, "LIVE != BATCH", f"live {show(got)} != evaluate {show(batch)}", "cut")
    if h.events:
        k = data.draw(st.integers(0, len(h.events) - 1))
        pair = assert_contract(late, policy, h, k)
        if isinstance(pair, tuple):
            rebuilt, expected = pair
            require(
                rebuilt == expected,
                "LATE != BATCH",
                f"event {k} delivered late gave {show(rebuilt)}, evaluate {show(expected)}",
                "late",
            )
    ladder: EscalationLadder = data.draw(ladders(max_levels=3))
    for m in batch:
        assert_contract(lambda m=m: m.warnings)
        assert_contract(ladder.timeline, m)
        round_trip(m)
    state = assert_contract(TicketSLA.from_history, policy, h)
    if isinstance(state, TicketSLA):
        assert_contract(state.timers)
        assert_contract(state.next_breach)
        assert_contract(state.measurements, at=None if at is None else max(at, h.last_event_at))


# -- policy files round-trip -----------------------------------------------------------------


def toml_value(value: Any) -> str:
    """``value`` as a TOML value (inline tables and arrays), for the round trip."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string takes JSON's escapes
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items() if v is not None)
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"no TOML form for {value!r}")


def to_toml(data: dict[str, Any]) -> str:
    return "\n".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in data.items() if v is not None)


@fuzz_settings(40)
@given(policy_sets(calendars=ANY_CALENDAR, max_policies=2, max_hours=24))
def test_a_policy_set_on_any_calendar_round_trips_through_dict_json_and_toml(
    ps: PolicySet,
) -> None:
    data = assert_contract(ps.to_dict)
    require(isinstance(data, dict), "NO DICT", f"{show(ps)}.to_dict() gave {show(data)}", "dict")
    assert isinstance(data, dict)
    for text, read in (
        (json.dumps(data), PolicySet.from_json),
        (to_toml(data), PolicySet.from_toml),
    ):
        back = assert_contract(read, text)
        require(back == ps, "ROUND TRIP", f"{show(ps)} read back as {show(back)}", read.__name__)


# -- hostile policy files --------------------------------------------------------------------

OFFICE = {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}}
HOSTILE_VALUES: list[Any] = [
    True,
    0,
    -1,
    math.nan,
    math.inf,
    1e308,
    "",
    [],
    [OFFICE],
    {},
    {"union": []},
    {"union": [OFFICE]},
    {"union": "office"},
    {"union": [OFFICE, True]},
    {"union": [OFFICE, math.nan]},
    {"union": [OFFICE, None]},
    {"difference": [OFFICE, OFFICE, OFFICE]},
    {"union": [OFFICE, OFFICE], "intersection": [OFFICE, OFFICE]},
    {"union": [OFFICE, OFFICE], "versions": [{"calendar": OFFICE}]},
    {"versions": []},
    {"versions": True},
    {"versions": [True]},
    {"versions": [OFFICE]},
    {"versions": [{"calendar": "office"}]},
    {"versions": [{"calendar": {"union": [OFFICE, OFFICE]}}]},
    {"versions": [{"calendar": OFFICE}, {"calendar": OFFICE}]},
    {"versions": [{"calendar": OFFICE}, {"since": math.nan, "calendar": OFFICE}]},
    {"versions": [{"calendar": OFFICE}, {"since": 1, "calendar": OFFICE}]},
    {"versions": [{"calendar": OFFICE}, {"since": "2026-03-01T00:00:00", "calendar": OFFICE}]},
    {
        "versions": [
            {"calendar": OFFICE},
            {"since": "9999-12-31T23:59:59-23:59", "calendar": OFFICE},
        ]
    },
    {
        "versions": [
            {"calendar": OFFICE},
            {"since": "2026-03-02T00:00:00+00:00", "calendar": OFFICE},
            {"since": "2026-03-01T00:00:00+00:00", "calendar": OFFICE},
        ]
    },
    {
        "versions": [
            {"calendar": OFFICE},
            {"since": "2026-03-01T00:00:00+00:00", "calendar": OFFICE},
            {"since": "2026-03-01T01:00:00+01:00", "calendar": OFFICE},
        ]
    },
    "itself",
    "below",
    "nowhere",
]


#: Stands for a nested calendar in a file, written as text (``json.dumps`` of a 10,000 deep
#: table would itself raise RecursionError).
NESTED = "@nested@"


def nested_text(levels: int, kind: str) -> str:
    """A calendar nested ``levels`` deep, as JSON or TOML text, built without recursion."""
    office = json.dumps(OFFICE) if kind == "json" else toml_value(OFFICE)
    eq = ": " if kind == "json" else " = "
    ops = ("union", "intersection", "difference")
    head = "".join(f'{{"{ops[i % 3]}"{eq}[' for i in reversed(range(levels)))
    return head + office + f", {office}]}}" * levels


def versions(n: int, *, backwards: bool = False) -> dict[str, Any]:
    t0 = datetime(2020, 1, 1, tzinfo=UTC)
    sinces = [t0 + timedelta(minutes=i) for i in range(1, n)]
    if backwards:
        sinces.reverse()
    return {
        "versions": [{"calendar": OFFICE}]
        + [{"since": s.isoformat(), "calendar": OFFICE} for s in sinces]
    }


HOSTILE_LARGE = st.sampled_from(
    ["nested 10000", "nested 40", "versions 5000", "backwards 5000", "versions 12000", "doubled 30"]
)
#: Where a calendar goes in a policy file.
PLACES = ("policy", "target", "table", "operand", "version", "selector")


def _order(name: str) -> tuple[int, int]:
    # d0, d1, ... first, in order, so each names only the ones above it; then the others.
    if name[:1] == "d" and name[1:].isdigit():
        return (0, int(name[1:]))
    return (1, 0)


def place(where: str, value: Any) -> tuple[dict[str, Any], str]:
    """A policy file with ``value`` where a calendar goes, and the path of that place."""
    calendars: dict[str, Any] = {"office": OFFICE}
    target: dict[str, Any] = {"metric": "first_reply", "within": "4h"}
    policy: dict[str, Any] = {"name": "p", "targets": {"normal": [target]}}
    if value == "itself":
        calendars["loop"] = {"union": ["loop", "office"]}
        value = "loop"
    elif value == "below":
        calendars["early"] = {"intersection": ["office", "late"]}
        calendars["late"] = OFFICE
        value = "early"
    if where == "policy":
        policy["calendar"], path = value, "policies[0].calendar"
    elif where == "target":
        target["calendar"], path = value, "policies[0].targets.normal[0].calendar"
    elif where == "table":
        calendars["x"], path = value, "calendars.x"
        policy["calendar"] = "x"
    elif where == "operand":
        policy["calendar"], path = {"union": ["office", value]}, "policies[0].calendar.union[1]"
    elif where == "version":
        policy["calendar"] = {"versions": [{"calendar": value}]}
        path = "policies[0].calendar.versions[0].calendar"
    else:
        policy["calendar_from"] = {"from": "attr:region", "calendars": {"emea": value}}
        path = "policies[0].calendar_from.calendars.emea"
    return {"calendars": calendars, "policies": [policy]}, path


@fuzz_settings(60)
@given(
    st.sampled_from(PLACES),
    st.sampled_from(HOSTILE_VALUES) | HOSTILE_LARGE,
    st.sampled_from(["json", "toml"]),
)
def test_a_hostile_calendar_in_a_policy_file_is_a_config_error_naming_file_and_path(
    where: str, value: Any, kind: str
) -> None:
    levels = 0
    doubled = 0
    if isinstance(value, str) and value.split()[:1] in (
        ["nested"],
        ["versions"],
        ["backwards"],
        ["doubled"],
    ):
        word, n = value.split()
        if word == "nested":
            value, levels = NESTED, int(n)
        elif word == "doubled":
            value, doubled = f"d{n}", int(n)
        else:
            value = versions(int(n), backwards=word == "backwards")
    data, path = place(where, value)
    # Names that each use the one above twice: 2**n calendars in all from n short lines.
    for i in range(1, doubled + 1):
        data["calendars"][f"d{i}"] = {("union", "intersection")[i % 2]: [f"d{i - 1}"] * 2}
    if doubled:
        data["calendars"]["d0"] = OFFICE
        data["calendars"] = {k: data["calendars"][k] for k in sorted(data["calendars"], key=_order)}
    with folder() as tmp:
        if kind == "json":
            text = json.dumps(data)  # NaN is written as JSON's NaN literal, which JSON reads back
        else:
            try:
                text = to_toml(data)
            except TypeError:
                return
        if levels:
            text = text.replace(json.dumps(NESTED), nested_text(levels, kind))
        file = Path(tmp) / f"policies.{kind}"
        file.write_text(text, encoding="utf-8")
        # 5,000 versions take tomllib about a second to parse alone: a budget for the size.
        budget = 10.0 if len(text) > 100_000 else BUDGET
        got = bounded_contract(budget, PolicySet.from_file, file)
    if isinstance(got, PolicySet):
        # What was read is a real policy set: it must be one a valid file describes.
        back = bounded_contract(budget, PolicySet.from_dict, got.to_dict())
        require(back == got, "ROUND TRIP", f"{show(value)} read as {show(got)}", "hostile")
        return
    require(
        isinstance(got, ConfigError) and str(got).startswith(f"{file}: "),
        "NO FILE",
        f"{show(value)} at {path} gave {show(got)}",
        "file",
    )
    said = str(got).removeprefix(f"{file}: ")
    # Text nested past what the file reader parses has no field path yet: the parser says so.
    require(
        said.startswith((path, "calendars."))
        or (levels > 0 and "nested too deeply" in said)
        or said.startswith(("not valid JSON: NaN", "not valid JSON: Infinity")),  # before a path
        "NO PATH",
        f"{show(value)} at {path} gave {show(got)}",
        f"{where}",
    )


# -- calendars of one's own with broken queries ----------------------------------------------


class Broken:
    """A calendar of one's own, open at every instant, with one query broken as ``kind`` says;
    ``lied`` records whether it has given a wrong answer (or raised) since it was reset."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.calls = 0
        self.lied = False

    def __repr__(self) -> str:
        if self.kind == "repr raises":
            raise RuntimeError("no repr")
        return f"Broken({self.kind!r})"

    def _lie(self, answer: Any) -> Any:
        self.lied = True
        return answer

    @property
    def is_always_open(self) -> Any:
        if self.kind == "not a bool":
            return self._lie("no")
        if self.kind == "flag raises":
            self.lied = True
            raise RuntimeError("is_always_open")
        return False

    def elapsed(self, a: datetime, b: datetime) -> Any:
        kind = self.kind
        self.calls += 1
        right = b - a
        if kind in ("raises", "repr raises"):
            self.lied = True
            return 1 / 0
        if kind == "negative" and right:
            return self._lie(-right)
        if kind == "too much":
            return self._lie(right * 2 + timedelta(microseconds=1))
        if kind == "seconds":
            return self._lie(right.total_seconds())
        if kind == "changes" and right and self.calls % 2 == 0:  # differs from call to call
            return self._lie(right / 2)
        return right

    def add(self, t: datetime, d: timedelta) -> Any:
        kind = self.kind
        if kind == "naive":
            return self._lie((t + d).replace(tzinfo=None))
        if kind == "before":
            return self._lie(t - d - timedelta(hours=1))
        if kind == "add raises":
            self.lied = True
            raise KeyError(kind)
        if kind == "none":
            return self._lie(None)
        if kind == "disagrees":  # an add that its own elapsed contradicts
            return self._lie(t + d + timedelta(minutes=1))
        return t + d


BROKEN = (
    "raises",
    "repr raises",
    "negative",
    "too much",
    "seconds",
    "changes",
    "naive",
    "before",
    "add raises",
    "none",
    "disagrees",
    "not a bool",
    "flag raises",
)


@fuzz_settings(60)
@given(
    st.sampled_from(BROKEN),
    policies(metrics=["first_reply", "resolution"], target_calendars=False, max_hours=24),
    histories(max_events=6),
    ladders(max_levels=2, business=True),
)
def test_a_broken_calendar_of_ones_own_is_a_calendar_error_naming_it(
    kind: str, drawn: SLAPolicy, h: TicketHistory, ladder: EscalationLadder
) -> None:
    cal = Broken(kind)
    # Every target counts business time on the broken calendar, so each clock asks it.
    targets = {
        key: tuple(Target(t.metric, t.within, True) for t in ts)
        for key, ts in drawn.targets.items()
    }
    policy = assert_contract(SLAPolicy, "p", targets, calendar=cal)
    if isinstance(policy, ServiceModelError):  # refused as no calendar: said by name
        require("Broken" in str(policy), "UNNAMED", f"{kind}: {show(policy)}", kind)
        return
    named = "calendar <Broken object>" if kind == "repr raises" else f"calendar {cal!r}"
    calls = {
        "evaluate": lambda: evaluate(policy, h),
        "live timers": lambda: TicketSLA.from_history(policy, h).timers(),
        "ladder": lambda: [ladder.timeline(m) for m in evaluate(policy, h, at=h.created_at)],
        "first reply time": lambda: FirstReplyTime(calendar=cal).add(h),
    }
    for what, call in calls.items():
        cal.lied = False
        got = assert_contract(call)
        if isinstance(got, ServiceModelError):
            require(
                isinstance(got, CalendarError) and named in str(got),
                "UNNAMED",
                f"{kind}, {what}: {show(got)}",
                kind,
            )
        else:
            # A calendar that answers one query differently from call to call is caught only
            # when its answers contradict each other (an add against its own elapsed).
            require(
                not cal.lied or kind == "changes",
                "SILENT VERDICT",
                f"{kind}, {what}: a result {show(got)} built on a broken answer",
                kind,
            )
