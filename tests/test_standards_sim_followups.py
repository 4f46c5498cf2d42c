"""Standards, simulation, escalation and journey values: what a value built by hand can get wrong.

- ``standards.measure`` counted a ticket given twice twice (its clocks in the attainment, its
  rating in CSAT); a reader refuses a ticket on two rows, and ``measure`` now refuses one given
  twice, naming the id and both places.
- ``EscalationStep`` and ``SimulationSummary`` took any value in any field (a naive instant, a
  negative count, a NaN wait, a service level of 1.5); each field is checked now, and the
  counts must add up. A ladder's own timeline builds its steps without the checks (its values
  are checked already), so listing 10,000 steps costs no more than before.
- ``JourneyReport.customers`` counts every customer with an event, placed in a stage or not;
  the funnel counts those placed, and ``unplaced`` is the difference.
- A NUL in a name (standards, stage, rule, touchpoint, level, target, group, ticket id prefix)
  is refused, as QA refuses it in a section's name.
"""

from __future__ import annotations

import math
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, NaiveDatetimeError
from servicemodel.escalation import EscalationLadder, EscalationLevel, EscalationStep, Trigger
from servicemodel.journey import Journey, JourneyEvent, JourneyStats, Stage, StageRule
from servicemodel.model import Ticket, TicketHistory
from servicemodel.simulate import SupportDesk, simulate
from servicemodel.sla import SLAPolicy, Target, evaluate
from servicemodel.standards import QualityBenchmark, ResponseStandard, ServiceStandards, measure
from servicemodel.strategies import histories, journey_events, journeys, service_standards

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

# ---------------------------------------------------------------- a ticket given twice


distinct_histories = st.lists(histories(), min_size=1, max_size=5, unique_by=lambda h: h.id)
# Every standard the strategy draws can be measured: a share closer to its worst value than the
# smallest normal float (5e-324), whose shortfall passed the float range, is refused when built.
measurable = service_standards()


@settings(max_examples=40, deadline=None)
@given(
    standards=measurable,
    hs=distinct_histories,
    data=st.data(),
)
def test_a_ticket_given_twice_is_named_never_counted_twice(
    standards: ServiceStandards, hs: list[TicketHistory], data: st.DataObject
) -> None:
    """Law: distinct histories are measured; the same list with one history repeated (at any
    place) is a ConfigError naming its ticket and both of its places, whatever the standards."""
    # At the last event (the default): every ticket was created by then, each counted once.
    assert measure(standards, hs).tickets == len(hs)
    twice = data.draw(st.integers(min_value=0, max_value=len(hs) - 1), label="repeated")
    where = data.draw(st.integers(min_value=0, max_value=len(hs)), label="inserted at")
    given_list = [*hs[:where], hs[twice], *hs[where:]]
    first = min(where, twice if twice < where else twice + 1)
    second = max(where, twice if twice < where else twice + 1)
    with pytest.raises(ConfigError) as info:
        measure(standards, given_list)
    assert repr(hs[twice].id) in str(info.value)
    assert info.value.path == f"histories[{second}]"
    assert f"also histories[{first}]" in str(info.value)


def test_a_ticket_given_twice_reads_as_its_id_and_places() -> None:
    h = TicketHistory(Ticket("T-1", T0), [])
    other = TicketHistory(Ticket("T-2", T0), [])
    with pytest.raises(ConfigError, match=r"histories\[2\]: ticket 'T-1' is given twice"):
        measure(ServiceStandards("x"), [h, other, h])


# ---------------------------------------------------------------- EscalationStep


STEP = EscalationStep("lead", 0, T0, ("team-lead",))


@pytest.mark.parametrize(
    ("field", "value", "error", "words"),
    [
        ("level", "", ConfigError, "non-blank"),
        ("level", " ", ConfigError, "non-blank"),
        ("level", "le\x00ad", ConfigError, "NUL"),
        ("level", 3, InputTypeError, "level name"),
        ("index", -1, ConfigError, "0..99"),
        ("index", 100, ConfigError, "0..99"),
        ("index", True, InputTypeError, "bool"),
        ("index", 1.0, InputTypeError, "float"),
        ("at", datetime(2026, 3, 2, 9), NaiveDatetimeError, "naive"),
        ("at", "2026-03-02", InputTypeError, "str"),
        ("targets", ["ok", " "], ConfigError, "targets\\[1\\]"),
        ("targets", ["t\x00"], ConfigError, "NUL"),
        ("targets", [3], ConfigError, "int"),
        ("action", "page", ConfigError, "notify"),
        ("repeat", -1, ConfigError, "0..100"),
        ("repeat", 101, ConfigError, "0..100"),
        ("repeat", math.nan, InputTypeError, "float"),
        ("projected", 1, InputTypeError, "bool"),
    ],
)
def test_a_step_built_by_hand_refuses_what_no_ladder_gives(
    field: str, value: Any, error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        attrs.evolve(STEP, **{field: value})


def test_a_step_reads_its_targets_as_a_level_does() -> None:
    assert attrs.evolve(STEP, targets="lead").targets == ("lead",)
    assert attrs.evolve(STEP, targets=["a", "b"]).targets == ("a", "b")


@settings(max_examples=30, deadline=None)
@given(
    repeat_scope=st.sampled_from(["last", "ladder"]),
    n_levels=st.integers(min_value=1, max_value=4),
    repeat_times=st.integers(min_value=1, max_value=5),
    minutes=st.integers(min_value=1, max_value=90),
)
def test_a_timeline_step_is_the_step_built_by_hand(
    repeat_scope: str, n_levels: int, repeat_times: int, minutes: int
) -> None:
    """Law: every step a ladder lists (built without the checks) passes them, and equals the
    step built by hand from its fields."""
    levels = [
        EscalationLevel(
            f"L{i}",
            Trigger.after_breach(timedelta(minutes=minutes * (i + 1)), business=False),
            [f"team-{i}"],
        )
        for i in range(n_levels)
    ]
    ladder = EscalationLadder(
        levels,
        repeat_every=timedelta(minutes=minutes),
        repeat_times=repeat_times,
        repeat_business=False,
        repeat_scope=repeat_scope,  # type: ignore[arg-type]
    )
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h", business=False)]})
    (m,) = evaluate(policy, TicketHistory(Ticket("T", T0), []), at=T0 + timedelta(days=2))
    steps = ladder.timeline(m)
    # Nobody replies: the clock runs throughout, so every level and every repeat is listed.
    rounds = n_levels * (repeat_times + 1) if repeat_scope == "ladder" else None
    assert len(steps) == (rounds or n_levels + repeat_times)
    for step in steps:
        again = EscalationStep(**attrs.asdict(step, recurse=False))
        assert again == step
        assert hash(again) == hash(step)


# ---------------------------------------------------------------- SimulationSummary


RUN = simulate(
    SupportDesk(agents=2, arrivals=20, handle_time=300, patience=120),
    T0,
    T0 + timedelta(hours=6),
    seed=3,
)
SUMMARY = RUN.summary(within=30)


@pytest.mark.parametrize(
    ("changes", "error", "words"),
    [
        ({"within": -1.0}, ConfigError, "seconds ≥ 0"),
        ({"within": math.nan}, ConfigError, "NaN"),
        ({"within": math.inf}, ConfigError, "seconds ≥ 0"),
        ({"within": "20"}, InputTypeError, "str"),
        ({"asa": math.nan}, ConfigError, "NaN"),
        ({"asa": -0.5}, ConfigError, "seconds ≥ 0"),
        ({"short_abandon": -1}, ConfigError, "seconds ≥ 0"),
        ({"censored": -1}, ConfigError, "count"),
        ({"censored": 1.5}, ConfigError, "count"),
        ({"censored": True}, InputTypeError, "count"),
        ({"service_level": 1.5}, ConfigError, r"share in \[0, 1\]"),
        ({"service_level": -0.1}, ConfigError, r"share in \[0, 1\]"),
        ({"service_level": math.nan}, ConfigError, "NaN"),
        ({"abandonment_rate": 2}, ConfigError, r"share in \[0, 1\]"),
        ({"occupancy": math.inf}, ConfigError, r"share in \[0, 1\]"),
        ({"occupancy": -0.5}, ConfigError, r"share in \[0, 1\]"),
        ({"abandons": "sometimes"}, ConfigError, "missed"),
        ({"start": datetime(2026, 3, 2)}, NaiveDatetimeError, "naive"),
        ({"end": T0 - timedelta(hours=1)}, ConfigError, "before start"),
        ({"offered": SUMMARY.offered + 1}, ConfigError, "add up"),
        ({"answered_within": SUMMARY.answered + 1}, ConfigError, "more than answered"),
        ({"abandoned_within": SUMMARY.abandoned + 1}, ConfigError, "more than abandoned"),
        ({"short_abandoned": SUMMARY.abandoned + 1}, ConfigError, "more than abandoned"),
    ],
)
def test_a_summary_built_by_hand_refuses_what_no_run_gives(
    changes: dict[str, Any], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        attrs.evolve(SUMMARY, **changes)


def test_a_summary_takes_counts_from_a_frame_as_counts() -> None:
    np = pytest.importorskip("numpy")
    again = attrs.evolve(SUMMARY, censored=np.int64(SUMMARY.censored))
    assert again == SUMMARY
    assert type(again.censored) is int


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=2**32),
    within=st.floats(min_value=0, max_value=600),
    abandons=st.sampled_from(["missed", "ignored", "met_if_short", "excluded_if_short"]),
    short=st.floats(min_value=0, max_value=120),
)
def test_every_summary_a_run_gives_passes_the_checks(
    seed: int, within: float, abandons: str, short: float
) -> None:
    """Law: a run's summary (built with the checks) is rebuilt field by field as itself."""
    run = simulate(
        SupportDesk(agents=1, arrivals=15, handle_time=240, patience=90),
        T0,
        T0 + timedelta(hours=3),
        seed=seed,
    )
    s = run.summary(within=within, abandons=abandons, short_abandon=short)
    assert type(s)(**attrs.asdict(s, recurse=False)) == s


# ---------------------------------------------------------------- journey customers


@settings(max_examples=60, deadline=None)
@given(data=st.data(), journey=journeys())
def test_customers_are_the_funnel_and_the_unplaced(data: st.DataObject, journey: Journey) -> None:
    """Law: ``customers`` counts every customer with an event; the first stage's ``reached``
    those with an event in a stage; ``unplaced`` those with none, whose events are all in
    ``unclassified``."""
    events = data.draw(journey_events(journey))
    report = JourneyStats.empty(journey).add_events(events).result()
    placed = {e.customer for e in events if any(s.matches(e) for s in journey.stages)}
    everyone = {e.customer for e in events}
    assert report.customers == len(everyone)
    assert report.funnel()[0][1] == len(placed)
    assert report.unplaced == len(everyone - placed)
    unclassified = {e.customer for e in report.unclassified}
    assert everyone - placed <= unclassified


def test_a_customer_whose_events_fit_no_stage_is_a_customer_not_in_the_funnel() -> None:
    journey = Journey(
        [Stage("a", rules=[StageRule(kinds=["x"])]), Stage("b", rules=[StageRule(kinds=["y"])])]
    )
    events = [JourneyEvent("ann", T0, "x"), JourneyEvent("bob", T0, "spam")]
    report = JourneyStats.empty(journey).add_events(events).result()
    assert report.customers == 2
    assert report.funnel() == (("a", 1), ("b", 0))
    assert report.unplaced == 1
    assert [e.customer for e in report.unclassified] == ["bob"]


def test_a_report_built_by_hand_has_no_fewer_customers_than_its_funnel() -> None:
    journey = Journey([Stage("a", rules=[StageRule(kinds=["x"])])])
    report = JourneyStats.empty(journey).add_events([JourneyEvent("ann", T0, "x")]).result()
    with pytest.raises(ConfigError, match="fewer than the 1 who reached"):
        attrs.evolve(report, customers=0)


# ---------------------------------------------------------------- NUL in names


NUL_NAMES = [
    ("standards name", lambda: ServiceStandards("de\x00sk")),
    ("standards name in a file", lambda: ServiceStandards.from_dict({"name": "de\x00sk"})),
    ("stage name", lambda: Stage("a\x00", rules=[StageRule(kinds=["x"])])),
    ("touchpoint", lambda: Stage("a", touchpoints=["t\x00"])),
    ("stage channel", lambda: Stage("a", channels=["c\x00"])),
    ("rule kind", lambda: StageRule(kinds=["k\x00"])),
    ("rule channel", lambda: StageRule(channels=["c\x00"])),
    ("rule tag", lambda: StageRule(tags=["t\x00"])),
    ("level name", lambda: EscalationLevel("L\x00", Trigger.at_breach())),
    ("target", lambda: EscalationLevel("L", Trigger.at_breach(), ["t\x00"])),
    ("step level", lambda: EscalationStep("L\x00", 0, T0)),
    ("desk group", lambda: SupportDesk(agents=1, arrivals=1, handle_time=60, group="g\x00")),
    (
        "ticket id prefix",
        lambda: simulate(
            SupportDesk(agents=1, arrivals=1, handle_time=60),
            T0,
            T0 + timedelta(hours=1),
            id_prefix="S\x00",
        ),
    ),
]


@pytest.mark.parametrize(("what", "build"), NUL_NAMES, ids=[w for w, _ in NUL_NAMES])
def test_a_name_holding_a_nul_is_refused(what: str, build: Any) -> None:
    with pytest.raises(ConfigError, match=r"cannot hold a NUL, got '.*\\x00.*'"):
        build()


@pytest.mark.parametrize(
    ("table", "path"),
    [
        ({"stages": [{"name": "a\x00", "rules": [{"kinds": ["x"]}]}]}, "stages[0].name"),
        ({"stages": [{"name": "a", "rules": [{"kinds": ["x", "y\x00"]}]}]},
         "stages[0].rules[0].kinds[1]"),
        ({"stages": [{"name": "a", "rules": [{"tags": ["t\x00"]}]}]},
         "stages[0].rules[0].tags[0]"),
        ({"stages": [{"name": "a", "touchpoints": ["t\x00"], "rules": [{"kinds": ["x"]}]}]},
         "stages[0].touchpoints[0]"),
    ],
)  # fmt: skip
def test_a_journey_file_names_the_nul_by_its_path(table: dict[str, Any], path: str) -> None:
    with pytest.raises(ConfigError, match="NUL") as info:
        Journey.from_dict(table)
    assert info.value.path == path


@settings(max_examples=40, deadline=None)
@given(name=st.text(min_size=1, max_size=8).filter(lambda s: s.strip()))
def test_a_name_is_refused_exactly_when_it_holds_a_nul(name: str) -> None:
    """Law: a non-blank name is taken by the standards, a stage and a level unless it holds a
    NUL, and then each refuses it the same way."""
    builders = [
        lambda: ServiceStandards(name),
        lambda: Stage(name, rules=[StageRule(kinds=["x"])]),
        lambda: EscalationLevel(name, Trigger.at_breach()),
    ]
    for build in builders:
        if "\x00" in name:
            with pytest.raises(ConfigError, match="NUL"):
                build()
        else:
            assert build().name == name


# ---------------------------------------------------------------- shares too close to the worst


@given(st.floats(min_value=0.0, max_value=sys.float_info.min, exclude_max=True, exclude_min=True))
def test_a_subnormal_attainment_or_threshold_is_refused_when_built(tiny: float) -> None:
    with pytest.raises(ConfigError, match=r"^attainment: .*smallest normal float"):
        ResponseStandard("email", "first_reply", "8h", attainment=tiny)
    with pytest.raises(ConfigError, match=r"^threshold: .*smallest normal float"):
        QualityBenchmark(None, "resolution_rate", tiny)
    with pytest.raises(ConfigError, match=r"channels\.email\.attainment: .*smallest normal"):
        ServiceStandards.from_dict({"name": "x", "channels": {"email": {"attainment": tiny}}})


@settings(max_examples=60, deadline=None)
@given(service_standards(), st.lists(histories(), min_size=1, max_size=3, unique_by=lambda h: h.id))
def test_every_drawn_standard_is_measured_without_an_error(
    standards: ServiceStandards, hs: list[TicketHistory]
) -> None:
    compliance = measure(standards, hs)
    assert compliance.tickets == len(hs)
    for check in compliance.checks:
        assert check.shortfall is None or math.isfinite(check.shortfall)
