"""A calendar per ticket (issue 16): a policy takes its calendar from a ticket field."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError
from servicemodel.model import AgentReply, PriorityChange, Ticket, TicketHistory
from servicemodel.sla import (
    CalendarSelector,
    PolicySet,
    PriorityIn,
    SLAPolicy,
    Target,
    TicketSLA,
    evaluate,
)
from servicemodel.strategies import histories
from servicemodel.strategies._sla import policies

EMEA = BusinessCalendar.weekly("Europe/Berlin", {"mon-fri": "09:00-17:00"})
APAC = BusinessCalendar.weekly("Asia/Singapore", {"mon-fri": "09:00-18:00"})
T0 = datetime(2026, 3, 2, 7, tzinfo=UTC)  # Monday: 08:00 Berlin, 15:00 Singapore

SET = """
[calendars]
emea = { tz = "Europe/Berlin", hours = { mon-fri = "09:00-17:00" } }
apac = { tz = "Asia/Singapore", hours = { mon-fri = "09:00-18:00" } }

[[policies]]
name = "regional"
calendar_from = "attr:region"
calendar = "emea"
targets.normal = [{ metric = "first_reply", within = "2h" }]
"""


def ticket(region: Any = None, **kw: Any) -> Ticket:
    attributes = {} if region is None else {"region": region}
    return Ticket("T-1", T0, attributes=attributes, **kw)


# -- config ---------------------------------------------------------------------------------


def test_the_policy_set_names_the_calendars_a_ticket_chooses_from() -> None:
    ps = PolicySet.from_toml(SET)
    selector = ps.policies[0].calendar_from
    assert selector == CalendarSelector("attr:region", {"emea": EMEA, "apac": APAC})
    assert ps.policies[0].calendar == EMEA  # the default
    assert PolicySet.from_dict(json.loads(json.dumps(ps.to_dict()))) == ps
    assert CalendarSelector.from_dict(selector.to_dict()) == selector


def test_the_table_form_may_name_the_sets_calendars() -> None:
    ps = PolicySet.from_dict(
        {
            "calendars": {"emea": EMEA.to_dict()},
            "policies": [
                {
                    "name": "p",
                    "targets": {},
                    "calendar_from": {
                        "from": "channel",
                        "calendars": {"phone": "emea", "chat": APAC.to_dict()},
                    },
                }
            ],
        }
    )
    assert ps.policies[0].calendar_from == CalendarSelector(
        "channel", {"phone": EMEA, "chat": APAC}
    )


@pytest.mark.parametrize(
    ("policy", "calendars", "message"),
    [
        (
            {"calendar_from": "attr:region"},
            None,
            "policies[0].calendar_from: takes its calendar from a ticket field, but the "
            "policy set defines no calendars",
        ),
        (
            {"calendar_from": "group"},
            {"emea": EMEA.to_dict()},
            "policies[0].calendar_from: a calendar is taken from 'attr:NAME' (a ticket "
            "attribute), 'channel' or 'requester', got 'group'",
        ),
        (
            {"calendar_from": {"from": "channel", "calendars": {"chat": "mars"}}},
            {"emea": EMEA.to_dict()},
            "policies[0].calendar_from.calendars.chat: unknown calendar 'mars'; defined "
            "calendars: ['emea']",
        ),
        (
            {"calendar_from": {"from": "attr:", "calendars": {"x": "emea"}}},
            {"emea": EMEA.to_dict()},
            "policies[0].calendar_from.from: a calendar is taken from",
        ),
        (
            {"calendar_from": {"from": "channel"}},
            {"emea": EMEA.to_dict()},
            "policies[0].calendar_from.calendars: missing required key 'calendars'",
        ),
    ],
)
def test_config_errors_name_the_field(
    policy: dict[str, Any], calendars: dict[str, Any] | None, message: str
) -> None:
    data: dict[str, Any] = {"policies": [{"name": "p", "targets": {}, **policy}]}
    if calendars is not None:
        data["calendars"] = calendars
    with pytest.raises(ConfigError) as info:
        PolicySet.from_dict(data)
    assert str(info.value).startswith(message)


def test_a_selector_needs_calendars() -> None:
    with pytest.raises(ConfigError, match="at least one named calendar"):
        CalendarSelector("channel", {})
    with pytest.raises(ConfigError, match=r"calendars\.x: expected a BusinessCalendar"):
        CalendarSelector("channel", {"x": "emea"})


# -- measuring ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("region", "calendar"), [("emea", EMEA), ("apac", APAC), (None, EMEA)])
def test_each_ticket_counts_on_its_own_calendar(
    region: str | None, calendar: BusinessCalendar
) -> None:
    ps = PolicySet.from_toml(SET)
    h = TicketHistory(ticket(region), [])
    (m,) = evaluate(ps, h)
    # The reference: the chosen calendar's own arithmetic.
    assert m.due_at == calendar.add(T0, timedelta(hours=2))
    assert m.calendar == calendar
    assert m.policy == "regional"
    assert TicketSLA(ps, h.ticket).measurements() == (m,)


def test_the_two_regions_give_the_published_deadlines() -> None:
    ps = PolicySet.from_toml(SET)
    (emea,) = evaluate(ps, TicketHistory(ticket("emea"), []))
    (apac,) = evaluate(ps, TicketHistory(ticket("apac"), []))
    # Berlin opens at 09:00 (08:00 UTC): due 11:00 Berlin. Singapore, 15:00 at creation:
    # 15:00-17:00 is two hours, due 17:00 Singapore (09:00 UTC).
    assert emea.due_at == datetime(2026, 3, 2, 10, tzinfo=UTC)
    assert apac.due_at == datetime(2026, 3, 2, 9, tzinfo=UTC)


def test_an_unknown_calendar_name_is_an_error_listing_the_known_ones() -> None:
    ps = PolicySet.from_toml(SET)
    h = TicketHistory(ticket("mars"), [])
    message = (
        "attributes.region: ticket 'T-1' selects calendar 'mars' (attr:region), which is not "
        "one of ['apac', 'emea']"
    )
    with pytest.raises(ConfigError) as info:
        evaluate(ps, h)
    assert str(info.value) == message
    with pytest.raises(ConfigError, match="not one of"):
        TicketSLA(ps, h.ticket)
    with pytest.raises(ConfigError, match="selects calendar 7"):
        evaluate(ps, TicketHistory(ticket(7), []))


def test_a_failed_rematch_leaves_the_live_state_unchanged() -> None:
    # Only urgent tickets take the regional policy; this one names an unknown region.
    ps = PolicySet(
        [
            SLAPolicy(
                "urgent",
                {"urgent": [Target("first_reply", "1h")]},
                condition=PriorityIn(["urgent"]),
                calendar_from=CalendarSelector("attr:region", {"emea": EMEA}),
            ),
            SLAPolicy("rest", {"normal": [Target("first_reply", "8h", business=False)]}),
        ]
    )
    state = TicketSLA(ps, ticket("mars"))
    before = state.to_dict()
    with pytest.raises(ConfigError, match="'mars'"):
        state.apply(PriorityChange("c", T0 + timedelta(minutes=5), priority="urgent"))
    assert state.to_dict() == before
    assert state.apply(AgentReply("r", T0 + timedelta(hours=1)))


# -- the law ------------------------------------------------------------------------------------


@given(
    policies(conditions=True),
    histories(),
    st.sampled_from([EMEA, APAC, BusinessCalendar.always()]),
    st.sampled_from(["attr:cal", "channel", "requester"]),
)
def test_a_selector_that_always_picks_c_equals_the_policy_on_c(
    policy: SLAPolicy, h: TicketHistory, c: BusinessCalendar, source: str
) -> None:
    name = "c-1"
    if source == "attr:cal":
        t = attrs.evolve(h.ticket, attributes={**h.ticket.attributes, "cal": name})
    else:
        changes: dict[str, Any] = {source: name}
        t = attrs.evolve(h.ticket, **changes)
    h = TicketHistory(t, h.events)
    on_c = attrs.evolve(policy, calendar=c)
    other = APAC if c != APAC else EMEA
    selecting = attrs.evolve(
        policy, calendar=other, calendar_from=CalendarSelector(source, {name: c, "x": other})
    )
    expected = evaluate(on_c, h)
    assert evaluate(selecting, h) == expected
    assert TicketSLA.from_history(selecting, h).measurements(ended=True) == expected
    assert PolicySet.from_dict(PolicySet([selecting]).to_dict()) == PolicySet([selecting])
