"""Configuration pieces of SLA policies: durations, conditions, round trips (issue 4)."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.sla import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    ChannelIn,
    HasTags,
    Not,
    PolicySet,
    SLAPolicy,
    Target,
    condition_from_dict,
    evaluate,
    parse_duration,
)
from servicemodel.sla._duration import format_duration
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
        ({"any": [{"tags": [""]}]}, "any[0].tags[0]"),
        ({"attributes": {"plan": [{"nested": 1}]}}, "attributes.plan[0]"),
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


# --- one config layer: unknown keys, files, pickles ------------------------------------------


def _two_policies(target: dict[str, object]) -> dict[str, object]:
    return {
        "policies": [
            {"name": "a", "targets": {}},
            {"name": "b", "targets": {"urgent": [target]}},
        ]
    }


def test_unknown_key_at_depth_names_the_full_path() -> None:
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(_two_policies({"metric": "first_reply", "withn": "1h"}))
    assert err.value.path == "policies[1].targets.urgent[0].withn"
    assert str(err.value) == (
        "policies[1].targets.urgent[0].withn: unknown key 'withn'; "
        "expected one of ['calendar', 'metric', 'time', 'within']"
    )
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict({"policies": [{"name": "a", "targets": {}, "condition": {
            "any": [{"tags": "vip"}, {"prio": "high"}]}}]})  # fmt: skip
    assert err.value.path == "policies[0].condition.any[1].prio"
    assert err.value.message.startswith("unknown key 'prio'; expected one of ['all', 'any',")
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict({"policies": [], "calendar": {}})
    assert (
        str(err.value)
        == "calendar: unknown key 'calendar'; expected one of ['calendars', 'policies']"
    )


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_policy_file_errors_name_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"policies{suffix}"
    if suffix == ".toml":
        path.write_text(
            '[[policies]]\nname = "a"\n'
            'targets.urgent = [{ metric = "first_reply", withn = "1h" }]\n'
        )
    else:
        path.write_text(json.dumps(_two_policies({"metric": "first_reply", "withn": "1h"})))
    with pytest.raises(ConfigError) as err:
        PolicySet.from_file(path)
    index = 0 if suffix == ".toml" else 1
    assert err.value.source == str(path)
    assert str(err.value).startswith(f"{path}: policies[{index}].targets.urgent[0].withn: ")


def test_config_types_read_every_format_through_the_one_layer() -> None:
    data = _two_policies({"metric": "first_reply", "within": "1h"})
    from_json = PolicySet.from_json(json.dumps(data))
    assert from_json == PolicySet.from_dict(data)
    assert Target.from_toml('metric = "resolution"\nwithin = "2d"') == Target("resolution", "2d")
    assert SLAPolicy.from_json('{"name": "p", "targets": {}}') == SLAPolicy("p", {})


def test_pickles_of_policies_and_measurements_name_public_modules_only() -> None:
    office = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "08:00-18:00"})
    condition = (HasTags(["vip"]) & ~ChannelIn(["phone"])) | AttributeIn("plan", ["pro"])
    policy = SLAPolicy(
        "vip",
        {
            "urgent": [Target("first_reply", "1h", business=False)],
            "normal": [Target("resolution", "8h")],
        },
        condition=condition,
        calendar=office,
    )
    ps = PolicySet([policy, SLAPolicy("rest", {}, condition=Always())])
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    history = TicketHistory(
        Ticket("T", t0, tags=["vip"], priority="urgent"), [AgentReply("r", t0 + timedelta(hours=2))]
    )
    # Pickled before evaluating: a calendar that has been used also carries its lookup table,
    # which belongs to servicemodel.calendar, not to this layer. The measurement is 24/7.
    pickles: list[tuple[object, bytes]] = [(v, pickle.dumps(v)) for v in (ps, condition)]
    measured = evaluate(ps, history)
    assert [m.metric for m in measured] == ["first_reply"]
    pickles.append((measured, pickle.dumps(measured)))
    for value, data in pickles:
        assert b"servicemodel._" not in data, value
        assert pickle.loads(data) == value
