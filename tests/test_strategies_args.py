"""The shipped strategies' own options: a wrong one is a ServiceModelError, never another error.

Other projects' property-based suites call these strategies; a typo in an option
(``histories(max_events="5")``, ``tickets(channels="email")``) must fail with a message naming
the option and the value, not a ``TypeError`` from inside a draw or, worse, a silent
misreading (a lone string taken as a list of its letters).
"""

from __future__ import annotations

import inspect
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

import servicemodel.strategies as strategies
from servicemodel.errors import ConfigError, InputTypeError, MissingExtraError, ServiceModelError
from servicemodel.journey import Journey, Stage, StageRule
from servicemodel.kpi import NPS
from servicemodel.qa import Evaluation
from servicemodel.selfservice import Session
from servicemodel.sla import Always, PolicySet

#: Values of every wrong kind an option can get by mistake.
HOSTILE: list[Any] = [
    "5",
    "email",
    "",
    -1,
    0,
    10**30,
    1.5,
    float("nan"),
    True,
    None,
    [],
    ["nope"],
    [5],
    {},
    object(),
    timedelta(-1),
    timedelta(0),
    datetime(2026, 1, 1),
    datetime(2026, 1, 1, tzinfo=UTC),
    date(2031, 1, 1),
    st.just(5),
]

#: (strategy name, keyword) for every keyword option of every shipped strategy.
OPTIONS = [
    (name, keyword)
    for name in strategies.__all__
    for keyword, p in inspect.signature(getattr(strategies, name)).parameters.items()
    if p.kind is inspect.Parameter.KEYWORD_ONLY
]


JOURNEY = Journey([Stage("a", rules=[StageRule(kinds=["a"])])])


def _first(strategy: Any) -> Any:
    # The first value a strategy draws (``.example()`` is for interactive use only).
    return find(strategy, lambda _: True, settings=settings(database=None))


def _make(name: str, **options: Any) -> Any:
    fn = getattr(strategies, name)
    if name == "journey_events":  # the one positional argument: a journey to draw events for
        return fn(JOURNEY, **options)
    if name == "accumulators":  # the one positional argument: the class to draw
        return fn(NPS, **options)
    return fn(**options)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(OPTIONS), st.sampled_from(HOSTILE), st.data())
def test_a_wrong_option_is_a_servicemodel_error_or_a_valid_draw(
    option: tuple[str, str], value: Any, data: st.DataObject
) -> None:
    name, keyword = option
    try:
        data.draw(_make(name, **{keyword: value}))
    except ServiceModelError as err:
        message = str(err)
    else:
        return  # accepted: a value the option takes (``None`` for "drawn", 0 for a count ...)
    # A drawn value of a user's strategy is refused by the value's own check, which names
    # the field it fills (``calendar`` for ``calendars``).
    assert keyword in message or name in message or keyword.rstrip("s") in message


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: strategies.histories(max_events="5"), InputTypeError, "max_events"),
        (lambda: strategies.histories(min_events=3, max_events=1), ConfigError, "min_events"),
        (lambda: strategies.histories(max_gap=5), InputTypeError, "max_gap"),
        (lambda: strategies.tickets(channels="email"), InputTypeError, "channels"),
        (lambda: strategies.tickets(priorities=[]), InputTypeError, "priorities"),
        (lambda: strategies.events(kinds=["nope"]), ConfigError, "known"),
        (lambda: strategies.events(at=5), InputTypeError, "strategy"),
        (lambda: strategies.policies(metrics=["nope"]), ConfigError, "first_reply"),
        (lambda: strategies.ladders(max_levels=0), ConfigError, "max_levels"),
        (lambda: strategies.calendars(zones=[]), InputTypeError, "zones"),
        (lambda: strategies.calendars(zones=["Nowhere/Town"]), ConfigError, "Nowhere/Town"),
        (lambda: strategies.calendars(min_date=5), InputTypeError, "min_date"),
        (lambda: strategies.aware_datetimes(timezones=5), InputTypeError, "timezones"),
        (lambda: strategies.goals(max_duration=3), InputTypeError, "max_duration"),
        (lambda: strategies.goals(comparators=["=="]), ConfigError, "=="),
        (lambda: strategies.survey_scores(max_size="3"), InputTypeError, "max_size"),
        (lambda: strategies.qa_evaluations(raters="rob"), InputTypeError, "raters"),
        (lambda: strategies.help_sessions(started_at=5), InputTypeError, "started_at"),
        (lambda: strategies.policy_sets(max_policies=0), ConfigError, "max_policies"),
    ],
)
def test_each_wrong_option_names_itself(call: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        # A composite strategy checks its options at the first draw.
        _first(call())


def test_checks_keep_the_builtin_classes_of_before() -> None:
    # Code that caught ValueError (the class these checks raised before) still catches them.
    with pytest.raises(ValueError, match="min_events"):
        _first(strategies.histories(min_events=3, max_events=1))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.sampled_from([True, False, None]), st.data())
def test_policy_sets_are_ordered_uniquely_named_sets(
    most: int, fallback: bool | None, data: st.DataObject
) -> None:
    drawn = data.draw(strategies.policy_sets(max_policies=most, fallback=fallback))
    assert isinstance(drawn, PolicySet)
    assert [p.name for p in drawn.policies] == [f"p{i}" for i in range(len(drawn.policies))]
    assert 1 <= len(drawn.policies) <= most
    if fallback:
        assert isinstance(drawn.policies[-1].condition, Always)


@pytest.mark.parametrize("cls", [PolicySet, Evaluation, Session])
def test_new_registered_types_come_from_their_strategies(cls: type) -> None:
    @settings(max_examples=10, deadline=None)
    @given(st.from_type(cls))
    def check(value: Any) -> None:
        assert isinstance(value, cls)

    check()


def test_without_hypothesis_the_package_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    for name in [m for m in sys.modules if m.startswith("servicemodel.strategies")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "hypothesis", None)
    with pytest.raises(MissingExtraError, match=r"servicemodel\[hypothesis\]"):
        import servicemodel.strategies  # noqa: F401
