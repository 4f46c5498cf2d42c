"""Configuration pieces of SLA policies: durations, conditions, round trips (issue 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given

from servicemodel.sla._duration import format_duration
from servicemodel.errors import ConfigError
from servicemodel.model import Ticket
from servicemodel.sla import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    Not,
    PolicySet,
    SLAPolicy,
    condition_from_dict,
    parse_duration,
)
from servicemodel.strategies._sla import policies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4h", timedelta(hours=4)),
        ("30m", timedelta(minutes=30)),
        ("2d 4h", timedelta(days=2, hours=4)),
        ("1h30m", timedelta(minutes=90)),
        ("1H, 15M", timedelta(minutes=75)),
        ("1w", timedelta(days=7)),
        ("45s", timedelta(seconds=45)),
        ("1.5h", timedelta(minutes=90)),
        ("PT4H", timedelta(hours=4)),
        ("P1DT2H30M", timedelta(days=1, hours=2, minutes=30)),
        ("pt15m", timedelta(minutes=15)),
        ("90", timedelta(minutes=90)),
        (90, timedelta(minutes=90)),
        (2.5, timedelta(seconds=150)),
        (timedelta(hours=1), timedelta(hours=1)),
    ],
)
def test_durations(text: object, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "bad", ["", "4 hours", "h", "P", "PT", "4h x", "x 4h", "-1h", 0, -5, True, None, [], "P1Y"]
)
def test_bad_durations(bad: object) -> None:
    with pytest.raises(ConfigError) as err:
        parse_duration(bad, path="within")
    assert err.value.path == "within"


def test_format_duration_inverts_parse() -> None:
    for text in ("4h", "2d 4h", "1h 30m", "45s", "1d"):
        assert format_duration(parse_duration(text)) == text


def test_condition_config_round_trip() -> None:
    data = {
        "any": [
            {"tags_all": ["vip", "bug"]},
            {"not": {"channel": ["phone"]}},
            {"group": "billing", "priority": ["high", "urgent"]},
            {"attributes": {"plan": ["pro", 3, True]}},
        ]
    }
    cond = condition_from_dict(data)
    assert isinstance(cond, AnyOf)
    assert condition_from_dict(cond.to_dict()) == cond
    assert condition_from_dict({}) == Always()
    assert condition_from_dict(None) == Always()
    assert isinstance(condition_from_dict({"tags": "a", "channel": "chat"}), AllOf)
    assert isinstance(condition_from_dict({"not": {}}), Not)


def test_attribute_values_keep_their_types() -> None:
    t0 = datetime(2026, 3, 2, tzinfo=UTC)
    one = Ticket("T", t0, attributes={"seats": 1, "beta": True})
    assert AttributeIn("seats", [1]).matches(one)
    assert AttributeIn("seats", [1.0]).matches(one)
    assert not AttributeIn("seats", [True]).matches(one)
    assert AttributeIn("beta", [True]).matches(one)
    assert not AttributeIn("beta", [1]).matches(one)
    assert not AttributeIn("missing", [None]).matches(one)


def test_condition_errors() -> None:
    for data, path in [
        ({"all": {"priority": "low"}}, "all"),
        ({"any": [{"tags": [""]}]}, "any[0].tags"),
        ({"attributes": {"plan": [{"nested": 1}]}}, "attributes.plan"),
        ({"priority": []}, "priority"),
        ("vip", ""),
    ]:
        with pytest.raises(ConfigError) as err:
            condition_from_dict(data)
        assert err.value.path == path, data


@given(policies(conditions=True))
def test_generated_policies_round_trip(policy: SLAPolicy) -> None:
    assert SLAPolicy.from_dict(policy.to_dict()) == policy
    assert PolicySet.from_dict(PolicySet([policy]).to_dict()) == PolicySet([policy])
