"""Tests for servicemodel.journey: classification, paths, and the mergeable funnel analytics."""

from __future__ import annotations

import itertools
import json
import pickle
import random
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from functools import reduce
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    JourneyError,
    MergeError,
    OutOfRangeError,
)
from servicemodel.io import load_jsonl
from servicemodel.journey import (
    DEFAULT_STAGES,
    Journey,
    JourneyEvent,
    JourneyStats,
    Stage,
    StageRule,
    events_from_histories,
)
from servicemodel.kpi import wilson_interval
from servicemodel.model import Ticket, TicketHistory
from servicemodel.strategies._planning import goals, journey_events, journeys

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2026, 8, 3, 9, tzinfo=UTC)


def ev(customer: str, hours: float, kind: str, **kw: object) -> JourneyEvent:
    return JourneyEvent(customer, T0 + timedelta(hours=hours), kind, **kw)  # type: ignore[arg-type]


def stats(journey: Journey, events: list[JourneyEvent]) -> JourneyStats:
    return JourneyStats.empty(journey).add_events(events)


# --- structure and classification -------------------------------------------------------------


def test_default_template() -> None:
    j = Journey.default()
    assert j.names == DEFAULT_STAGES
    assert all(s.touchpoints and s.channels and s.rules for s in j.stages)
    assert j.classify(ev("c", 0, "renewal")) == "retention"
    assert j.classify(ev("c", 0, "nothing_known")) is None


def test_rules_on_kind_channel_tags_and_attributes() -> None:
    j = Journey(
        [
            Stage("billing", rules=[StageRule(kinds=["ticket"], tags=["invoice", "refund"])]),
            Stage("vip", rules=[StageRule(attributes={"plan": "enterprise"})]),
            Stage("chat", rules=[StageRule(channels=["chat"])]),
        ]
    )
    assert j.classify(ev("c", 0, "ticket", tags=["refund"], channel="chat")) == "billing"
    assert j.classify(ev("c", 0, "call", tags=["refund"])) is None  # kind must match too
    assert j.classify(ev("c", 0, "ticket", attributes={"plan": "enterprise"})) == "vip"
    assert j.classify(ev("c", 0, "ticket", channel="CHAT")) == "chat"
    assert j.classify(ev("c", 0, "ticket", attributes={"plan": "team"})) is None


def test_journey_configuration_errors() -> None:
    with pytest.raises(ConfigError, match="at least one stage"):
        Journey([])
    with pytest.raises(ConfigError, match="duplicate stage name 'a'") as info:
        Journey([Stage("a"), Stage("a")])
    assert info.value.path == "stages[1].name"
    with pytest.raises(ConfigError, match="unknown stage 'zzz'"):
        Journey.default(backward=[("support", "zzz")])
    with pytest.raises(ConfigError, match="not a backward transition"):
        Journey.default(backward=[("awareness", "support")])
    with pytest.raises(ConfigError, match="at least one of"):
        StageRule()
    with pytest.raises(InputTypeError):
        StageRule(kinds="ticket")
    with pytest.raises(ConfigError, match="unknown stage"):
        Journey.default().index("nope")


def test_event_validation_and_dict_round_trip() -> None:
    from servicemodel.errors import NaiveDatetimeError

    with pytest.raises(NaiveDatetimeError):
        JourneyEvent("c", datetime(2026, 1, 1), "x")
    e = ev("c", 1, "Ticket", channel="Email", tags=["a"], attributes={"k": 1}, satisfied=True)
    assert JourneyEvent.from_dict(e.to_dict()) == e
    with pytest.raises(ConfigError, match="unknown key") as info:
        JourneyEvent.from_dict({**e.to_dict(), "colour": "red"})
    assert info.value.path == "colour"
    with pytest.raises(ConfigError) as info:
        JourneyEvent.from_dict({"customer": "c", "kind": "x"})
    assert info.value.path == "at"


# --- paths and transitions --------------------------------------------------------------------


def test_path_visits_transitions_and_unclassified() -> None:
    j = Journey.default(backward=[("retention", "support")])
    events = [
        ev("ada", 0, "ad_view"),
        ev("ada", 5, "site_visit"),
        ev("ada", 6, "mystery"),
        ev("ada", 7, "pricing_view"),
        ev("ada", 30, "purchase"),
        ev("ada", 50, "renewal"),
        ev("ada", 60, "ticket"),
    ]
    random.Random(1).shuffle(events)
    p = j.path(events)
    assert [v.stage for v in p.visits] == [
        "awareness",
        "consideration",
        "purchase",
        "retention",
        "support",
    ]
    assert [v.events for v in p.visits] == [1, 2, 1, 1, 1]
    assert p.visits[1].end is not None
    assert (p.visits[1].end - p.visits[1].start) == timedelta(hours=25)
    assert p.visits[-1].end is None
    assert [e.kind for e in p.unclassified] == ["mystery"]
    assert p.disallowed == ()
    assert p.furthest == j.index("retention")


def test_disallowed_transitions_are_counted_or_raised() -> None:
    j = Journey.default()
    events = [ev("ada", 0, "purchase"), ev("ada", 1, "site_visit"), ev("ada", 2, "purchase")]
    p = j.path(events)
    assert [(a, b) for a, b, _ in p.disallowed] == [("purchase", "consideration")]
    report = stats(j, events).result()
    assert report.disallowed == {("purchase", "consideration"): 1}
    assert report.transitions == {
        ("purchase", "consideration"): 1,
        ("consideration", "purchase"): 1,
    }
    with pytest.raises(JourneyError, match="'ada' moved from 'purchase' to 'consideration'"):
        j.path(events, strict=True)
    with pytest.raises(JourneyError):
        JourneyStats.empty(j).add_events(events, strict=True)
    no_skips = Journey.default(allow_skips=False)
    skip = no_skips.path([ev("bo", 0, "ad_view"), ev("bo", 1, "purchase")])
    assert [(a, b) for a, b, _ in skip.disallowed] == [("awareness", "purchase")]


def test_path_takes_one_customer() -> None:
    with pytest.raises(InputTypeError, match="one customer"):
        Journey.default().path([ev("a", 0, "search"), ev("b", 0, "search")])


# --- analytics: examples -----------------------------------------------------------------------


def small_journey() -> Journey:
    return Journey([Stage(n, rules=[StageRule(kinds=[n])]) for n in ("a", "b", "c")])


def test_funnel_conversion_and_drop_off_by_hand() -> None:
    j = small_journey()
    events = []
    # 10 customers reach a, 6 reach b (one enters directly at b), 2 reach c.
    for i in range(10):
        events.append(ev(f"c{i}", 0, "a" if i != 9 else "b"))
    for i in range(4, 9):
        events.append(ev(f"c{i}", 10, "b"))
    for i in range(7, 9):
        events.append(ev(f"c{i}", 20, "c"))
    report = stats(j, events).result()
    assert report.funnel() == (("a", 10), ("b", 6), ("c", 2))
    a, b, c = report.stages
    assert a.visited == 9
    assert b.visited == 6
    assert a.conversion is not None
    assert a.conversion.value == pytest.approx(0.6)
    assert (a.conversion.lower, a.conversion.upper) == pytest.approx(wilson_interval(6, 10))
    assert b.conversion is not None
    assert b.conversion.value == pytest.approx(2 / 6)
    assert (a.dropped, b.dropped, c.dropped) == (4, 4, 2)
    assert a.drop_off is not None
    assert a.drop_off.value == pytest.approx(0.4)
    assert c.conversion is None
    assert c.drop_off is None


def test_time_in_stage_median_and_p90() -> None:
    j = small_journey()
    events = []
    for i, hours in enumerate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]):
        events += [ev(f"c{i}", 0, "a"), ev(f"c{i}", hours, "b")]
    events.append(ev("open", 0, "a"))
    a = stats(j, events).result().stage("a")
    # Nearest rank: median is the 5th of 10 sorted values, p90 the 9th.
    assert a.time_median.value == 5
    assert a.time_p90.value == 9
    assert a.time_median.n == 10
    assert a.open_visits == 1
    assert a.time_median.lower is not None
    assert a.time_median.upper is not None
    assert a.time_median.lower <= 5 <= a.time_median.upper
    assert stats(j, events).result().stage("b").time_median.value is None  # all still open


def test_order_and_time_in_stage_use_real_elapsed_time_across_dst() -> None:
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    j = small_journey()
    # 2026-10-25: 02:40 CEST (00:40 UTC) happens before 02:10 CET (01:10 UTC).
    first = JourneyEvent("c", datetime(2026, 10, 25, 2, 40, tzinfo=berlin), "a")
    second = JourneyEvent("c", datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=berlin), "b")
    path = j.path([second, first])
    assert [v.stage for v in path.visits] == ["a", "b"]
    assert path.disallowed == ()
    # Midnight to midnight across the change is 25 hours, not the 24 the wall clock shows.
    day = [
        JourneyEvent("d", datetime(2026, 10, 25, tzinfo=berlin), "a"),
        JourneyEvent("d", datetime(2026, 10, 26, tzinfo=berlin), "b"),
    ]
    assert stats(j, day).result().stage("a").time_median.value == 25


def test_pain_points_rank_by_csat_and_reopen_rate() -> None:
    j = small_journey()
    events = []
    for i in range(8):
        events.append(ev(f"x{i}", 0, "a", satisfied=i < 7, reopened=False))
        events.append(ev(f"x{i}", 1, "b", satisfied=i < 3, reopened=i < 4))
        events.append(ev(f"x{i}", 2, "c"))
    report = stats(j, events).result()
    assert [s.name for s in report.pain_points("csat")] == ["b", "a"]  # c has no answers
    assert [s.name for s in report.pain_points("reopen_rate")] == ["b", "a"]
    assert report.stage("b").csat.value == pytest.approx(3 / 8)
    assert report.stage("b").reopen_rate.value == pytest.approx(4 / 8)
    # A text that names no ranking is a value not allowed; something that is no text, a type.
    with pytest.raises(ConfigError, match="by must be 'csat' or 'reopen_rate', got 'nps'"):
        report.pain_points("nps")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="got 5"):
        report.pain_points(5)  # type: ignore[arg-type]


def test_report_to_dict_is_json_ready() -> None:

    events = [ev("a", 0, "search"), ev("a", 1, "mystery"), ev("a", 2, "purchase", satisfied=True)]
    record = json.loads(json.dumps(stats(Journey.default(), events).result().to_dict()))
    assert record["customers"] == 1
    assert record["stages"][0]["name"] == "awareness"
    assert record["unclassified"][0]["kind"] == "mystery"
    assert record["pain_points"]["csat"] == ["purchase"]
    assert record["unplaced"] == 0


def test_report_to_dict_counts_unplaced_customers() -> None:
    # "bob" has only an event no stage takes: a customer, not in the funnel, and the JSON
    # record says so as the report does (customers = first stage reached + unplaced).
    events = [ev("a", 0, "search"), ev("bob", 1, "mystery")]
    report = stats(Journey.default(), events).result()
    record = json.loads(json.dumps(report.to_dict()))
    assert (record["customers"], record["unplaced"]) == (2, 1)
    assert record["customers"] == record["stages"][0]["reached"] + record["unplaced"]


def test_merge_guards() -> None:
    a = stats(Journey.default(), [ev("ada", 0, "search")])
    with pytest.raises(MergeError, match="'ada' is in both parts"):
        a.merge(stats(Journey.default(), [ev("ada", 5, "purchase")]))
    with pytest.raises(MergeError, match="different journeys"):
        a.merge(JourneyStats.empty(small_journey()))
    # One accumulator protocol (servicemodel.kpi.MergeOperators): anything but another
    # JourneyStats is a MergeError, and only 0 (as sum() starts) may be added on the left.
    with pytest.raises(MergeError):
        a.merge(3)  # type: ignore[arg-type]
    with pytest.raises(MergeError, match="cannot add False"):
        _ = False + a
    with pytest.raises(MergeError):
        _ = 1 + a
    assert sum([a]) == a
    assert 0 + a == a
    assert pickle.loads(pickle.dumps(a)) == a
    path = Journey.default().path([ev("bo", 0, "review")])
    with pytest.raises(MergeError, match="'bo' is in both parts"):
        a.add(path).add(path)


# --- analytics: laws ---------------------------------------------------------------------------


@st.composite
def journeys_with_events(
    draw: st.DrawFn, backward: bool = True
) -> tuple[Journey, list[JourneyEvent]]:
    j = draw(journeys(backward=backward))
    return j, draw(journey_events(j))


@given(journeys_with_events(backward=False))
def test_funnel_never_increases_for_forward_only_journeys(
    case: tuple[Journey, list[JourneyEvent]],
) -> None:
    j, events = case
    report = stats(j, events).result()
    counts = [n for _, n in report.funnel()]
    assert all(x >= y for x, y in itertools.pairwise(counts))
    assert counts[0] == len({e.customer for e in events if j.classify(e) is not None})


@given(journeys_with_events(), st.integers(1, 4), st.randoms(use_true_random=False))
def test_merging_partitions_by_customer_equals_one_pass(
    case: tuple[Journey, list[JourneyEvent]], parts: int, rnd: random.Random
) -> None:
    j, events = case
    one_pass = stats(j, events)
    customers = sorted({e.customer for e in events})
    bucket = {c: rnd.randrange(parts) for c in customers}
    pieces = [stats(j, [e for e in events if bucket[e.customer] == k]) for k in range(parts)]
    rnd.shuffle(pieces)
    assert sum(pieces) == one_pass
    assert reduce(lambda x, y: x + y, reversed(pieces)) == one_pass
    assert one_pass.result() == sum(pieces).result()  # type: ignore[union-attr]


@given(journeys_with_events())
def test_empty_is_identity_and_unclassified_are_kept(
    case: tuple[Journey, list[JourneyEvent]],
) -> None:
    j, events = case
    s = stats(j, events)
    empty = JourneyStats.empty(j)
    assert s + empty == s
    assert empty + s == s
    report = s.result()
    assert len(report.unclassified) == sum(1 for e in events if j.classify(e) is None)
    assert sum(report.disallowed.values()) <= sum(report.transitions.values())


@given(journeys_with_events())
def test_the_repr_shows_the_reports_counts_and_not_the_customers(
    case: tuple[Journey, list[JourneyEvent]],
) -> None:
    # The repr printed the whole journey and every customer id: thousands of characters.
    j, events = case
    s = stats(j, events)
    report = s.result()
    assert repr(s) == (
        f"JourneyStats(customers={report.customers}, stages={len(j.stages)}, "
        f"reached={dict(report.funnel())!r}, transitions={sum(report.transitions.values())}, "
        f"disallowed={sum(report.disallowed.values())}, unclassified={len(report.unclassified)})"
    )
    assert not any(repr(e.customer) in repr(s) for e in events if e.customer not in j.names)


def test_the_repr_of_stats_built_with_wrong_fields_still_prints() -> None:
    wrong = attrs.evolve(JourneyStats.empty(), customer_ids=3, reached="x", transitions=((1,),))
    assert repr(wrong) == (
        "JourneyStats(customers=?, stages=7, reached='x', transitions=?, disallowed=0, "
        "unclassified=0)"
    )


def test_the_repr_of_stats_with_counts_that_refuse_to_add_still_prints() -> None:
    # Decimal('sNaN') refuses arithmetic with InvalidOperation (an ArithmeticError), and a
    # len past sys.maxsize is an OverflowError: the repr raised them.
    class Huge:
        def __len__(self) -> int:
            return 2**63

    wrong = attrs.evolve(
        JourneyStats.empty(), customer_ids=Huge(), transitions=(("a", "b", Decimal("sNaN")),)
    )
    assert repr(wrong) == (
        "JourneyStats(customers=?, stages=7, reached={'awareness': 0, 'consideration': 0, "
        "'purchase': 0, 'onboarding': 0, 'support': 0, 'retention': 0, 'advocacy': 0}, "
        "transitions=?, disallowed=0, unclassified=0)"
    )


@given(journeys_with_events())
def test_strict_raises_exactly_when_something_is_disallowed(
    case: tuple[Journey, list[JourneyEvent]],
) -> None:
    j, events = case
    lenient = stats(j, events).result()
    if lenient.disallowed:
        with pytest.raises(JourneyError):
            JourneyStats.empty(j).add_events(events, strict=True)
    else:
        assert JourneyStats.empty(j).add_events(events, strict=True).result() == lenient


@given(goals())
def test_goals_strategy_gives_valid_goals(goal: object) -> None:
    from servicemodel.goals import SmartGoal

    assert isinstance(goal, SmartGoal)
    assert goal.progress(goal.target_value) == pytest.approx(1.0)


# --- tickets ----------------------------------------------------------------------------------


def test_ticket_events_from_the_sample_data() -> None:
    histories = load_jsonl(ROOT / "examples" / "data" / "tickets.jsonl").histories
    events = events_from_histories(histories)
    assert len(events) == len(histories)
    journey = Journey(
        [
            Stage("onboarding", rules=[StageRule(tags=["how-to", "login", "integration"])]),
            Stage("billing", rules=[StageRule(tags=["invoice", "refund"])]),
            Stage("support", rules=[StageRule(tags=["bug", "outage"])]),
            Stage("advocacy", rules=[StageRule(tags=["feature-request"])]),
        ],
        backward=[("support", "onboarding"), ("advocacy", "support")],
    )
    report = JourneyStats.empty(journey).add_events(events).result()
    assert report.customers == len({h.ticket.requester for h in histories})
    untagged = sum(1 for h in histories if not h.ticket.tags - {"public"})
    assert len(report.unclassified) == untagged
    rated = sum(1 for h in histories if h.ratings("csat"))
    assert sum(s.csat.n for s in report.stages) == rated - sum(
        1 for e in report.unclassified if e.satisfied is not None
    )
    counts = [n for _, n in report.funnel()]
    assert counts == sorted(counts, reverse=True)


def test_ticket_without_requester_needs_a_customer() -> None:
    h = TicketHistory(Ticket("T-1", T0), [])
    with pytest.raises(ConfigError, match="no requester"):
        events_from_histories([h])
    assert events_from_histories([h], customer=lambda x: "acct-1")[0].customer == "acct-1"


# --- shipped example ---------------------------------------------------------------------------


def _load_example(name: str) -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "examples" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_journey_data_file_is_reproducible() -> None:

    maker = _load_example("make_journey_data")
    lines = [json.dumps(e, sort_keys=True) for e in maker.generate()]  # type: ignore[attr-defined]
    shipped = (ROOT / "examples" / "data" / "journeys.jsonl").read_text(encoding="utf-8")
    assert shipped == "\n".join(lines) + "\n"


def test_journey_example_runs() -> None:
    lines = _load_example("journey_example").main()  # type: ignore[attr-defined]
    assert lines[0].startswith("Touchpoint journey")
    assert any(
        line.startswith("transitions the journey does not allow: purchase→consideration")
        for line in lines
    )
    assert any(line.startswith("unclassified events: ") for line in lines)


# --- configuration ------------------------------------------------------------------------------


def test_journey_reads_from_config_and_round_trips() -> None:
    j = Journey.default(backward=[("retention", "support")], allow_skips=False)
    assert Journey.from_dict(j.to_dict()) == j
    toml = """
    allow_skips = false
    [[stages]]
    name = "support"
    rules = [{kinds = ["ticket"], attributes = {plan = "vip"}}]
    [[stages]]
    name = "retention"
    rules = [{channels = ["Email"]}]
    """
    read = Journey.from_toml(toml)
    assert read.names == ("support", "retention")
    assert read.stage("support").rules[0].attributes == (("plan", "vip"),)
    assert read.stage("retention").rules[0].channels == frozenset({"email"})


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        (
            {
                "stages": [
                    {"name": "a", "rules": [{"kinds": ["x"]}]},
                    {"name": "b", "rules": [{"kind": ["x"]}]},
                ]
            },
            "stages[1].rules[0].kind",
            "unknown key 'kind'; expected one of ['attributes', 'channels', 'kinds', 'tags']",
        ),
        (
            {"stages": [{"name": "a", "touchpoint": []}]},
            "stages[0].touchpoint",
            "unknown key 'touchpoint'; expected one of "
            "['channels', 'name', 'rules', 'touchpoints']",
        ),
        ({"stage": []}, "stage", "unknown key 'stage'; expected one of"),
        ({"stages": 5}, "stages", "expected a list of stages, got 5"),
        ({"stages": [{"name": "a", "rules": 5}]}, "stages[0].rules", "expected a list of rules"),
        (
            {"stages": [{"name": "a", "rules": [{"kinds": "x"}]}]},
            "stages[0].rules[0].kinds",
            "expected a list",
        ),
        ({"stages": [{"name": "a", "rules": [{}]}]}, "stages[0].rules[0]", "at least one of"),
        (
            {"stages": [{"name": "a", "rules": [{"kinds": [3]}]}]},
            "stages[0].rules[0].kinds[0]",
            "non-empty string",
        ),
        ({"stages": [{"name": "a"}], "backward": [["a"]]}, "backward[0]", "pair"),
        ({"stages": [{"name": "a"}], "allow_skips": "yes"}, "allow_skips", "true or false"),
        ({"stages": [{"name": "a"}, {"name": "a"}]}, "stages[1].name", "duplicate stage name"),
        ({"stages": [{}]}, "stages[0].name", "missing required key 'name'"),
    ],
)
def test_journey_config_errors_carry_the_full_path(
    data: dict[str, object], path: str, message: str
) -> None:
    with pytest.raises(ConfigError) as info:
        Journey.from_dict(data)
    assert info.value.path == path
    assert message in info.value.message
    assert str(info.value).startswith(f"{path}: ")


def test_journey_config_error_from_a_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "journey.toml"
    bad.write_text('[[stages]]\nname = "a"\n[[stages.rules]]\nkinds = ["x"]\ncolour = "red"\n')
    with pytest.raises(ConfigError) as info:
        Journey.from_file(bad)
    assert info.value.source == str(bad)
    assert info.value.path == "stages[0].rules[0].colour"
    assert str(info.value).startswith(f"{bad}: stages[0].rules[0].colour: unknown key 'colour'")
    good = tmp_path / "journey.json"
    good.write_text(__import__("json").dumps(Journey.default().to_dict()), encoding="utf-8")
    assert Journey.from_file(good) == Journey.default()


# --- edges found by an independent recomputation ---------------------------------------------


@given(
    offset=st.integers(min_value=-23 * 60, max_value=23 * 60),
    far=st.sampled_from(
        [datetime(1, 1, 1), datetime(2, 1, 1), datetime(9999, 1, 1, 12), datetime(9999, 12, 31)]
    ),
)
def test_an_instant_outside_the_supported_range_is_refused_when_the_event_is_built(
    offset: int, far: datetime
) -> None:
    # Year 9999 at -05:00 has no UTC time: sorting a customer's events by instant raised a bare
    # OverflowError inside add_events. The event now refuses it, naming the value.
    at = far.replace(tzinfo=timezone(timedelta(minutes=offset)))
    with pytest.raises(OutOfRangeError, match=r"^at: "):
        JourneyEvent("ada", at, "ticket")
    with pytest.raises(ConfigError, match="outside the supported range"):
        JourneyEvent.from_dict({"customer": "ada", "at": at.isoformat(), "kind": "ticket"})


@given(
    journey_events(Journey.default(backward=[("retention", "support")])),
    st.randoms(use_true_random=False),
)
def test_events_at_distinct_instants_give_one_report_in_any_order(
    events: list[JourneyEvent], rnd: random.Random
) -> None:
    # Sorted by instant, a customer's path does not depend on the order events come in...
    j = Journey.default(backward=[("retention", "support")])
    seen: set[tuple[str, datetime]] = set()
    distinct = []
    for e in events:
        key = (e.customer, e.at.astimezone(UTC))
        if key not in seen:
            seen.add(key)
            distinct.append(e)
    shuffled = list(distinct)
    rnd.shuffle(shuffled)
    assert stats(j, shuffled).result() == stats(j, distinct).result()


@given(st.permutations([("purchase", 0), ("site_visit", 1)]))
def test_events_at_one_instant_keep_the_order_given(order: list[tuple[str, int]]) -> None:
    # ...but events of one customer at one instant keep the order they are given in (a stable
    # sort, as documented): the order decides the transition between them.
    events = [ev("ada", 0, kind, id=str(i)) for kind, i in order]
    report = stats(Journey.default(), events).result()
    first, second = (Journey.default().classify(e) for e in events)
    assert report.transitions == {(first, second): 1}
    assert report.stage(second).open_visits == 1


@given(blank=st.sampled_from(["", " ", "\t\n"]), through=st.sampled_from(["requester", "customer"]))
def test_a_blank_requester_places_no_customer(blank: str, through: str) -> None:
    # Every ticket with a blank requester became one customer '' with all their tickets.
    ticket = Ticket("T-1", T0, requester=blank if through == "requester" else "ada")
    history = TicketHistory(ticket, [])
    customer = None if through == "requester" else (lambda _h: blank)
    with pytest.raises(ConfigError, match="has no requester"):
        events_from_histories([history], customer=customer)


@given(blank=st.text(" \t\n\r\u00a0\u2003", max_size=3))
def test_an_event_built_directly_refuses_a_blank_customer(blank: str) -> None:
    # events_from_histories refused a blank requester, but JourneyEvent itself took '' (or
    # ' '), and every such event became one customer with all their events.
    # A ConfigError (a ValueError: the type is right), in the words of every blank name.
    with pytest.raises(ConfigError, match=r"^customer: expected a non-blank customer id, got "):
        JourneyEvent(blank, T0, "ticket")
    with pytest.raises(ConfigError, match=r"^customer: expected a non-blank customer id"):
        JourneyEvent.from_dict({"customer": blank, "at": T0.isoformat(), "kind": "ticket"})
    assert JourneyEvent(f"{blank}ada", T0, "ticket").customer == f"{blank}ada"


@given(
    st.data(),
    journeys(min_stages=2, backward=False),
    st.permutations(range(7)),
    st.booleans(),
)
def test_a_path_placed_by_another_journey_is_refused_or_keeps_the_funnel_sound(
    data: st.DataObject, journey: Journey, order: list[int], skips: bool
) -> None:
    # A path carries the furthest stage as an index in the order of the journey that placed
    # it: added to stats of a journey with another order, a stage was visited but never
    # reached. Such a path is a MergeError; one both journeys agree on is counted.
    stages = [journey.stages[i] for i in order if i < len(journey.stages)]
    other = Journey(stages, allow_skips=skips)
    events = data.draw(journey_events(journey, customers=("ada",), unclassified=False))
    path = other.path(events)
    furthest = max((journey.index(v.stage) for v in path.visits), default=None)
    agrees = furthest == path.furthest and all(
        journey.allows(a, b) == ((a, b, at) not in path.disallowed) for a, b, at in path.transitions
    )
    if not agrees:
        with pytest.raises(MergeError, match="placed by another journey"):
            JourneyStats.empty(journey).add(path)
        return
    report = JourneyStats.empty(journey).add(path).result()
    reached = [s.reached for s in report.stages]
    assert reached == sorted(reached, reverse=True)
    assert all(s.visited <= s.reached for s in report.stages)


@given(value=st.sampled_from([float("nan"), -float("nan")]), name=st.sampled_from(["plan", "x"]))
def test_a_rule_on_a_nan_attribute_is_refused_not_silently_empty(value: float, name: str) -> None:
    # NaN equals nothing, itself included: the rule matched no event, without a word.
    with pytest.raises(ConfigError, match="NaN"):
        StageRule(attributes={name: value})
    table = {"stages": [{"name": "a", "rules": [{"attributes": {name: value}}]}]}
    with pytest.raises(ConfigError, match=rf"stages\[0\]\.rules\[0\]\.attributes\.{name}"):
        Journey.from_dict(table)
