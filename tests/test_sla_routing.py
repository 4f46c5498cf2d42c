"""Which SLA policy applies to a ticket, at every instant of its life.

Zendesk, Freshdesk and Jira Service Management all order their policies (goals) and apply the
first whose conditions match; Zendesk matches again whenever the ticket is updated. The laws
here replay a history field by field and route with a plain first-match loop.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.model import AssignmentChange, PriorityChange, Ticket, TicketHistory
from servicemodel.sla import ChannelIn, PolicySet, TicketSLA, condition_from_dict, evaluate
from servicemodel.strategies import histories, policy_sets

_EXAMPLE = Path(__file__).parent.parent / "examples" / "policies" / "standard.toml"
_T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _first_match(policies: PolicySet, ticket: Ticket) -> str | None:
    for p in policies.policies:
        if p.condition.matches(ticket):
            return p.name
    return None


@given(policy_sets(max_policies=4), histories())
def test_the_policy_in_force_is_the_first_match_on_the_fields_now(
    policies: PolicySet, history: TicketHistory
) -> None:
    ticket = history.ticket
    state = TicketSLA(policies, ticket)
    want = _first_match(policies, ticket)
    assert (state.policy.name if state.policy else None) == want
    for event in history.events:
        if isinstance(event, PriorityChange):
            ticket = attrs.evolve(ticket, priority=event.priority, priority_label=event.label)
        elif isinstance(event, AssignmentChange):
            ticket = attrs.evolve(ticket, group=event.group, assignee=event.assignee)
        state.apply(event)
        want = _first_match(policies, ticket)
        assert (state.policy.name if state.policy else None) == want, event
    # Batch and live agree: a running clock counts under the policy in force at the end, and a
    # ticket no policy matches any more has none.
    running = [m.policy for m in evaluate(policies, history) if m.state == "active"]
    assert running == [want] * len(running)


def _routes_at(policies: PolicySet, history: TicketHistory, at: datetime) -> set[str | None]:
    """The policies in force at ``at``: before its events, and after each of them."""
    ticket = history.ticket
    out: set[str | None] = set()
    for event in history.events:
        if event.at > at:
            break
        if event.at == at and not out:
            out.add(_first_match(policies, ticket))
        if isinstance(event, PriorityChange):
            ticket = attrs.evolve(ticket, priority=event.priority, priority_label=event.label)
        elif isinstance(event, AssignmentChange):
            ticket = attrs.evolve(ticket, group=event.group, assignee=event.assignee)
        if event.at == at:
            out.add(_first_match(policies, ticket))
    return out or {_first_match(policies, ticket)}


@given(policy_sets(max_policies=4), histories())
def test_a_stopped_clock_keeps_the_policy_it_stopped_or_breached_under(
    policies: PolicySet, history: TicketHistory
) -> None:
    for m in evaluate(policies, history):
        if m.stopped_at is None:
            continue
        in_force = _routes_at(policies, history, m.stopped_at)
        if m.breached_at is not None:  # a breach is final, under the policy it happened in
            in_force |= _routes_at(policies, history, m.breached_at)
        assert m.policy in in_force, m


@given(st.sampled_from(["any", "all.0.any", "not.any"]))
def test_an_empty_any_is_refused_with_its_path(where: str) -> None:
    condition: object = {"any": []}
    for key in reversed(where.split(".")[:-1]):
        condition = [condition] if key.isdigit() else {key: condition}
    path = where.replace(".0", "[0]")
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict({"policies": [{"name": "p", "targets": {}, "condition": condition}]})
    assert err.value.path == f"policies[0].condition.{path}"
    assert "matches no ticket" in err.value.message


def test_an_empty_any_in_a_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text('[[policies]]\nname = "p"\ncondition = { any = [] }\ntargets = {}\n')
    with pytest.raises(ConfigError) as err:
        PolicySet.from_file(path)
    assert str(err.value).startswith(f"{path}: policies[0].condition.any: an empty 'any' list")


def test_an_empty_all_still_matches_every_ticket() -> None:
    assert condition_from_dict({"all": []}).matches(Ticket("T", _T0))


def test_names_in_conditions_are_literal_not_patterns() -> None:
    pattern = condition_from_dict({"group": ["tier-.*"]})
    assert not pattern.matches(Ticket("T", _T0, group="tier-1"))
    assert pattern.matches(Ticket("T", _T0, group="tier-.*"))


@given(st.sampled_from(["^chat$", "chat|phone", "*", "web chat", "ch@t"]))
def test_a_channel_no_ticket_can_have_is_refused(name: str) -> None:
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(
            {"policies": [{"name": "p", "targets": {}, "condition": {"channel": ["chat", name]}}]}
        )
    assert err.value.path == "policies[0].condition.channel"
    assert repr(name) in err.value.message
    with pytest.raises(ConfigError):
        Ticket("T", _T0, channel=name)  # the same rule as the ticket's own channel


@pytest.mark.parametrize(
    ("ticket", "policy"),
    [
        (Ticket("T", _T0, tags=["vip"]), "enterprise"),
        (Ticket("T", _T0, tags=["enterprise"]), "enterprise"),
        (Ticket("T", _T0, attributes={"plan": "enterprise"}), "enterprise"),
        (Ticket("T", _T0, attributes={"plan": "pro"}), "standard"),
        (Ticket("T", _T0), "standard"),
    ],
)
def test_the_shipped_policy_file_routes_as_its_comments_say(ticket: Ticket, policy: str) -> None:
    policies = PolicySet.from_file(_EXAMPLE)
    chosen = policies.policy_for(TicketHistory(ticket, []))
    assert chosen is not None
    assert chosen.name == policy


@given(st.text(max_size=8))
def test_a_channel_condition_takes_exactly_the_channels_a_ticket_can_have(name: str) -> None:
    try:
        channel = Ticket("T", _T0, channel=name).channel
    except ConfigError:
        channel = None
    try:
        condition = ChannelIn([name])
    except ConfigError:
        assert channel is None
    else:
        assert condition.channels == (channel,)


@pytest.mark.parametrize(
    ("ticket", "due"),
    [
        # Urgent counts around the clock: Saturday 2026-03-07 23:00 Berlin (22:00 UTC) + 30m.
        (
            Ticket("T", datetime(2026, 3, 7, 22, tzinfo=UTC), priority="urgent", tags=["vip"]),
            datetime(2026, 3, 7, 22, 30, tzinfo=UTC),
        ),
        # Normal counts office hours: Christmas Day is a holiday and the 26th a Saturday, so
        # 2h from Christmas Eve 11:00 (one hour left that morning) ends Monday 09:00 Berlin.
        (
            Ticket("T", datetime(2026, 12, 24, 10, tzinfo=UTC), tags=["vip"]),
            datetime(2026, 12, 28, 8, tzinfo=UTC),
        ),
    ],
)
def test_the_shipped_policy_file_counts_the_hours_its_comments_say(
    ticket: Ticket, due: datetime
) -> None:
    measurements = evaluate(PolicySet.from_file(_EXAMPLE), TicketHistory(ticket, []))
    (first_reply,) = [m for m in measurements if m.metric == "first_reply"]
    assert first_reply.policy == "enterprise"
    assert first_reply.due_at == due


@given(st.sampled_from([[float("nan")], ["gold", float("nan")], float("nan")]))
def test_a_nan_attribute_value_is_refused(values: object) -> None:
    # NaN equals nothing: the condition could match no ticket, whatever its attributes.
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(
            {"policies": [{"name": "p", "targets": {}, "condition": {"attributes": {"n": values}}}]}
        )
    # A value in a list is named by its place in it.
    place = f"[{len(values) - 1}]" if isinstance(values, list) else ""
    assert err.value.path == f"policies[0].condition.attributes.n{place}"
    assert "NaN" in err.value.message
