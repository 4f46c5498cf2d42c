"""Hostile input to the simulation, escalation ladders and customer journeys, as a new user
would give it: each case was an exception of another kind than the library's own, or an
answer that was silently wrong."""

from __future__ import annotations

import math
import random
import sys
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.escalation import EscalationLadder, Trigger
from servicemodel.journey import Journey, JourneyEvent, Stage, StageRule
from servicemodel.simulate import (
    Contact,
    Exponential,
    LogNormal,
    RateProfile,
    SupportDesk,
    simulate,
)
from servicemodel.simulate import _engine as engine
from servicemodel.simulate._desk import MAX_EXPONENTIAL_MEAN

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


# --- escalation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        lambda f: Trigger.at_fraction(f),
        lambda f: Trigger.from_config(f),
        lambda f: Trigger("fraction", f),
        lambda f: EscalationLadder.from_dict({"levels": [{"name": "a", "trigger": f}]}),
    ],
)
def test_a_fraction_past_the_float_range_is_a_config_error_naming_it(build: object) -> None:
    # The percent hint formatted the value as a float first: OverflowError.
    with pytest.raises(ConfigError, match=r"must be in \(0, 1\], got <int of about 401 digits>"):
        build(10**400)  # type: ignore[operator]


@settings(max_examples=50)
@given(f=st.integers(min_value=2) | st.floats(min_value=1, exclude_min=True))
def test_a_fraction_above_one_is_a_config_error_with_a_hint_only_for_percentages(
    f: float,
) -> None:
    with pytest.raises(ConfigError) as info:
        Trigger.at_fraction(f)
    assert info.value.path == "fraction"
    assert ("write " in info.value.message) == (2 <= f <= 100)


def test_a_percentage_written_as_a_fraction_keeps_its_hint() -> None:
    with pytest.raises(ConfigError, match=r"got 75 \(for 75 %, write 0.75 or '75%'\)"):
        Trigger.at_fraction(75)


@pytest.mark.parametrize("where", ["trigger", "repeat"])
@pytest.mark.parametrize("value", [np.array(["business", "calendar"]), np.array([1, 2]), 1])
def test_a_time_that_is_no_text_is_a_config_error_at_its_path(where: str, value: object) -> None:
    # ``value not in ("business", "calendar")`` asked the array's own ==: a ValueError.
    level: dict[str, object] = {"name": "a", "trigger": "breach"}
    data: dict[str, object] = {"levels": [level]}
    if where == "trigger":
        level["trigger"] = {"after_breach": "1h", "time": value}
        path = "levels[0].trigger.time"
    else:
        data["repeat"] = {"every": "1h", "time": value}
        path = "repeat.time"
    with pytest.raises(ConfigError) as info:
        EscalationLadder.from_dict(data)
    assert info.value.path == path
    assert info.value.message.startswith("expected 'business' or 'calendar', got ")


def test_a_str_subclass_time_reads_as_its_text() -> None:
    class Shouty(str):
        def __eq__(self, other: object) -> bool:
            return True

        __hash__ = str.__hash__

    ladder = EscalationLadder.from_dict(
        {"levels": [{"name": "a", "trigger": {"after_breach": "1h", "time": Shouty("calendar")}}]}
    )
    assert ladder.levels[0].trigger.business is False
    with pytest.raises(ConfigError, match=r"repeat\.time"):
        EscalationLadder.from_dict(
            {
                "levels": [{"name": "a", "trigger": "breach"}],
                "repeat": {"every": "1h", "time": Shouty("wall")},
            }
        )


# --- journey --------------------------------------------------------------------------------

scalars = st.booleans() | st.integers(-3, 3) | st.sampled_from([0.0, 1.0, -1.0, 2.0, 0.5])


@settings(max_examples=200)
@given(held=scalars, wanted=scalars)
def test_a_rule_attribute_matches_an_equal_value_and_a_bool_only_a_bool(
    held: object, wanted: object
) -> None:
    # True == 1 in Python: a rule for {"vip": True} took an event with vip = 1, and one for
    # {"seats": 0} an event with seats = False (a ticket's AttributeIn tells them apart).
    event = JourneyEvent("ada", T0, "ticket", attributes={"a": held})
    rule = StageRule(attributes={"a": wanted})
    same = held == wanted and isinstance(held, bool) is isinstance(wanted, bool)
    assert rule.matches(event) is same


def test_a_vip_rule_does_not_take_a_customer_with_one_seat() -> None:
    journey = Journey(
        [
            Stage("vip", rules=[StageRule(attributes={"vip": True})]),
            Stage("other", rules=[StageRule(kinds=["ticket"])]),
        ]
    )
    assert journey.classify(JourneyEvent("ada", T0, "ticket", attributes={"vip": 1})) == "other"
    assert journey.classify(JourneyEvent("bo", T0, "ticket", attributes={"vip": True})) == "vip"


pads = st.sampled_from(["", " ", "\t", "  \n"])
names = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1).filter(
    str.strip
)


@settings(max_examples=100)
@given(name=names, left=pads, right=pads, left2=pads, right2=pads, upper=st.booleans())
def test_a_rule_kind_or_channel_matches_as_the_event_reads_its_own(
    name: str, left: str, right: str, left2: str, right2: str, upper: bool
) -> None:
    # The event's kind and channel are stripped and lower-cased; a rule's were only
    # lower-cased, so a rule's "Ticket " matched no event at all.
    written = left + (name.upper() if upper else name) + right
    event = JourneyEvent("ada", T0, left2 + name + right2, channel=left2 + name + right2)
    assert StageRule(kinds=[written]).matches(event)
    assert StageRule(channels=[written]).matches(event)
    assert StageRule.from_dict(StageRule(kinds=[written]).to_dict()) == StageRule(kinds=[written])


def test_a_padded_rule_kind_from_a_journey_file_matches() -> None:
    journey = Journey.from_dict(
        {"stages": [{"name": "support", "rules": [{"kinds": ["Ticket "], "channels": [" Chat"]}]}]}
    )
    assert journey.classify(JourneyEvent("ada", T0, "ticket", channel="chat")) == "support"


@pytest.mark.parametrize("blank", ["", " ", "\t\n"])
def test_blank_kinds_and_channels_are_config_errors_naming_them(blank: str) -> None:
    cases = [
        (lambda: JourneyEvent("ada", T0, blank), "kind", "kind"),
        (lambda: JourneyEvent("ada", T0, "x", channel=blank), "channel", "channel"),
        (lambda: StageRule(kinds=["ticket", blank]), "kinds", "name"),
        (lambda: StageRule(channels=[blank]), "channels", "name"),
        (lambda: Stage("s", channels=[blank]), "channels", "name"),
    ]
    for build, path, what in cases:
        with pytest.raises(ConfigError) as info:
            build()
        assert info.value.path == path
        assert info.value.message == f"expected a non-blank {what}, got {blank!r}"
    with pytest.raises(ConfigError) as info:
        Journey.from_dict({"stages": [{"name": "s", "rules": [{"channels": ["web", blank]}]}]})
    assert info.value.path in ("stages[0].rules[0].channels", "stages[0].rules[0].channels[1]")
    with pytest.raises(ConfigError) as info:
        JourneyEvent.from_dict({"customer": "ada", "at": "2026-03-02T09:00:00Z", "kind": blank})
    assert info.value.path == "kind"


@pytest.mark.parametrize("name", [np.array(["a", "b"]), 1, None, ("a",)])
def test_an_attribute_name_that_is_no_text_is_an_input_type_error(name: object) -> None:
    # An array's == in the loop raised ValueError.
    event = JourneyEvent("ada", T0, "x", attributes={"a": 1})
    with pytest.raises(InputTypeError, match="name: expected an attribute name"):
        event.attribute(name)  # type: ignore[arg-type]


# --- simulate -------------------------------------------------------------------------------


class _LargestDraws(random.Random):
    """A generator at the far end of what ``random.Random`` can draw."""

    def random(self) -> float:
        return 1.0 - 2.0**-53  # the largest random(): -log(1 - u) = 53 ln 2

    def normalvariate(self, mu: float = 0.0, sigma: float = 1.0) -> float:
        return mu + 2 * math.sqrt(53 * math.log(2)) * sigma  # Kinderman-Monahan's largest z


@pytest.mark.parametrize(
    "build",
    [
        lambda: Exponential(1.7e308),
        lambda: LogNormal(1e308, cv=10),
        lambda: LogNormal(1e305),
        lambda: SupportDesk(agents=1, arrivals=5, handle_time=1.7e308),
    ],
)
def test_a_distribution_whose_draws_pass_the_float_range_is_refused_by_name(
    build: object,
) -> None:
    # Its handle times were inf: simulate() then failed on "handle: expected finite numbers,
    # got float inf", naming neither the desk nor the mean.
    with pytest.raises(ConfigError, match=r"must be at most .* got 1e\+30[58]|got 1\.7e\+308"):
        build()  # type: ignore[operator]


def test_a_huge_handle_time_a_desk_takes_still_runs() -> None:
    desk = SupportDesk(agents=1, arrivals=5, handle_time=LogNormal(1e300, cv=1.5), patience=1e300)
    run = simulate(desk, T0, T0 + timedelta(hours=2), seed=1)
    assert len(run.histories()) == run.size > 0


@settings(max_examples=200)
@given(
    exponent=st.floats(-300, math.log10(sys.float_info.max)),
    cv=st.none() | st.floats(1e-6, 1e154),
)
def test_every_draw_of_a_distribution_that_is_built_is_finite(
    exponent: float, cv: float | None
) -> None:
    mean = 10.0**exponent
    try:
        dist = Exponential(mean) if cv is None else LogNormal(mean, cv=cv)
    except ConfigError as exc:
        refused_at: str | None = exc.path
    else:
        refused_at = None
        assert math.isfinite(dist.sample(_LargestDraws()))
    assert refused_at in (None, "mean")


def test_the_largest_exponential_mean_draws_finite_seconds() -> None:
    assert math.isfinite(Exponential(MAX_EXPONENTIAL_MEAN).sample(_LargestDraws()))


@pytest.mark.parametrize("prefix", [None, 5, b"SIM-"])
def test_an_id_prefix_that_is_no_text_is_refused_before_the_run(
    prefix: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It was refused by the result, after every contact had been simulated.
    def no_run(*_args: object) -> None:
        raise AssertionError("the run started")

    monkeypatch.setattr(engine, "_Run", no_run)
    desk = SupportDesk(agents=1, arrivals=5, handle_time=60)
    with pytest.raises(InputTypeError, match="id_prefix: expected str"):
        simulate(desk, T0, T0 + timedelta(hours=1), id_prefix=prefix)  # type: ignore[arg-type]


def _contact(**changes: object) -> Contact:
    fields: dict[str, object] = {
        "id": "SIM-1",
        "arrived_at": T0,
        "handle": 60.0,
        "answered_at": None,
        "solved_at": None,
        "abandoned_at": None,
        "agent": None,
    }
    fields.update(changes)
    return Contact(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("handle", [math.nan, math.inf, -5.0, 10**400])
def test_a_contact_handle_time_is_a_finite_duration(handle: float) -> None:
    with pytest.raises(ConfigError) as info:
        _contact(handle=handle)
    assert info.value.path == "handle"
    assert info.value.message == f"must be a finite duration ≥ 0, got {safe_repr(handle)}"


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"answered_at": T0 - timedelta(seconds=1)}, "answered_at"),
        ({"abandoned_at": T0 - timedelta(hours=1)}, "abandoned_at"),
        ({"answered_at": T0, "abandoned_at": T0}, "abandoned_at"),
        ({"solved_at": T0}, "solved_at"),
        (
            {"answered_at": T0 + timedelta(hours=1), "solved_at": T0 + timedelta(minutes=1)},
            "solved_at",
        ),
    ],
)
def test_a_contact_out_of_order_is_refused(changes: dict[str, object], path: str) -> None:
    # An answer before the arrival gave a negative wait; answered and abandoned counted as
    # abandoned.
    with pytest.raises(ConfigError) as info:
        _contact(**changes)
    assert info.value.path == path


@settings(max_examples=100)
@given(
    wait=st.integers(0, 10**6),
    handle=st.floats(0, 1e6),
    outcome=st.sampled_from(["answered", "solved", "abandoned", "censored"]),
    zone=st.sampled_from([UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("Pacific/Chatham")]),
)
def test_a_contact_in_order_has_a_wait_of_at_least_zero(
    wait: int, handle: float, outcome: str, zone: ZoneInfo
) -> None:
    end = (T0 + timedelta(seconds=wait)).astimezone(zone)
    contact = _contact(
        handle=handle,
        answered_at=end if outcome in ("answered", "solved") else None,
        solved_at=end + timedelta(seconds=handle) if outcome == "solved" else None,
        abandoned_at=end if outcome == "abandoned" else None,
    )
    assert contact.wait == (None if outcome == "censored" else wait)
    assert contact.abandoned is (outcome == "abandoned")


def test_simulated_contacts_are_in_order() -> None:
    desk = SupportDesk(agents=2, arrivals=30, handle_time=LogNormal(600, cv=2), patience=120)
    run = simulate(desk, T0, T0 + timedelta(hours=6), seed=11, drain=False)
    contacts = run.contacts()
    assert contacts
    assert all(c.wait is None or c.wait >= 0 for c in contacts)


def test_a_contact_across_the_autumn_change_is_in_order_by_instant() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    arrived = datetime(2026, 10, 25, 2, 30, tzinfo=berlin)  # 00:30 UTC, the first 02:30
    answered = datetime(2026, 10, 25, 2, 10, fold=1, tzinfo=berlin)  # 01:10 UTC, wall clock earlier
    contact = _contact(arrived_at=arrived, answered_at=answered, solved_at=answered)
    assert contact.wait == 40 * 60
    with pytest.raises(ConfigError, match="answered_at"):
        _contact(arrived_at=answered, answered_at=arrived)


@pytest.mark.parametrize(
    ("hourly", "days", "path", "message"),
    [
        ([1.0] * 23 + [-1], [1] * 7, "hourly[23]", "must be a finite number ≥ 0, got -1.0"),
        ([1.0] * 24, [1] * 6 + [-0.5], "days[6]", "must be a finite number ≥ 0, got -0.5"),
        (
            [1e308] * 24,
            [1] * 6 + [10],
            "days",
            "hourly[0] × days[6] = 1e+308 × 10.0 is past the float range",
        ),
    ],
)
def test_a_weekly_profile_names_the_hour_or_day_it_was_given(
    hourly: list[float], days: list[float], path: str, message: str
) -> None:
    # Its errors named per_hour[i], which the caller never wrote, and the product (inf).
    with pytest.raises(ConfigError) as info:
        RateProfile.weekly(hourly, days=days)
    assert (info.value.path, info.value.message) == (path, message)


@settings(max_examples=50)
@given(
    hourly=st.lists(st.floats(0, 1e6), min_size=24, max_size=24),
    days=st.lists(st.floats(0, 10), min_size=7, max_size=7),
)
def test_a_weekly_profile_is_the_hourly_shape_times_the_day(
    hourly: list[float], days: list[float]
) -> None:
    profile = RateProfile.weekly(hourly, days=days)
    assert profile.per_hour == tuple(h * d for d in days for h in hourly)


@settings(max_examples=50)
@given(rate=st.floats(1e300, sys.float_info.max), share=st.integers(1, 168))
def test_the_mean_of_rates_near_the_float_maximum_is_finite(rate: float, share: int) -> None:
    # Their sum overflowed: the mean read inf.
    profile = RateProfile([rate] * share + [0.0] * (168 - share))
    assert profile.mean == pytest.approx(rate / 168 * share, rel=1e-12)


@pytest.mark.parametrize("times", [np.int64(3), 3.0, np.float64(3.0)])
def test_repeat_times_from_a_table_reads_a_whole_number_as_the_constructor_does(
    times: object,
) -> None:
    # It was "repeat.times: expected 1..100, got 3", a reason the value did not have, while
    # EscalationLadder(repeat_times=numpy.int64(3)) took it.
    data = {
        "levels": [{"name": "a", "trigger": "breach"}],
        "repeat": {"every": "1h", "times": times},
    }
    ladder = EscalationLadder.from_dict(data)
    assert type(ladder.repeat_times) is int
    assert ladder.repeat_times == 3
    assert ladder == EscalationLadder.from_dict(ladder.to_dict())


@pytest.mark.parametrize("times", [2.5, True, 0, 101, np.float64("nan"), "3"])
def test_repeat_times_from_a_table_outside_1_to_100_is_refused(times: object) -> None:
    data = {
        "levels": [{"name": "a", "trigger": "breach"}],
        "repeat": {"every": "1h", "times": times},
    }
    with pytest.raises(ConfigError) as info:
        EscalationLadder.from_dict(data)
    assert info.value.path == "repeat.times"
    assert info.value.message == f"expected 1..100, got {safe_repr(times)}"
