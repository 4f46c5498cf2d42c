"""A blank name is refused by one rule, with one message naming the value and the path.

Tiers, hand-offs and support models, service standards (read or built), blueprints and journey
stages all check their names with ``_validators.require_nonblank``; so do escalation levels and
their targets, journey customers, SERVQUAL respondents, instruments and dimensions, help-centre
sessions and their articles, the channel names of blueprints and channel mixes, a theme
selector's tags and themes, and a QA evaluation's ticket, agent, rater and team. Each is a
``ConfigError`` (a ``ValueError``) at its path: ``expected a non-blank <what>, got <value>``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel._validators import require_nonblank
from servicemodel.blueprint import Blueprint
from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLevel, Trigger
from servicemodel.feedback import ChannelMix, ThemeSelector
from servicemodel.journey import JourneyEvent, Stage
from servicemodel.qa import Evaluation
from servicemodel.selfservice import Session
from servicemodel.servqual import Instrument, ServqualResponse
from servicemodel.standards import ServiceStandards
from servicemodel.support import Tier

NAMED: dict[str, Callable[[Any], Any]] = {
    "Tier.from_dict": lambda name: Tier.from_dict({"name": name}),
    "ServiceStandards.from_dict": lambda name: ServiceStandards.from_dict({"name": name}),
    "ServiceStandards": ServiceStandards,
    "Blueprint.from_dict": lambda name: Blueprint.from_dict({"name": name}),
    "Stage": Stage,
}

blanks = st.text(alphabet=" \t\n\r\u00a0\u2003", max_size=5)


@pytest.mark.parametrize("where", sorted(NAMED))
@settings(max_examples=15)
@given(blank=blanks)
def test_a_blank_name_is_refused_alike(where: str, blank: str) -> None:
    with pytest.raises(ConfigError) as info:
        NAMED[where](blank)
    assert info.value.path == "name"
    assert info.value.message == f"expected a non-blank name, got {safe_repr(blank)}"


@settings(max_examples=50)
@given(value=st.one_of(st.text(), st.integers(), st.none()))
def test_require_nonblank_keeps_text_with_something_in_it(value: Any) -> None:
    if isinstance(value, str) and value.strip():
        assert require_nonblank(value, "name") is value
    else:
        with pytest.raises(ConfigError, match=r"^where\.name: expected a non-blank tier name"):
            require_nonblank(value, "where.name", "tier name")


T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)

#: Every other name refused when blank: (build with the blank, its path, what it names).
OTHER_NAMES: dict[str, tuple[Callable[[str], Any], str, str]] = {
    "EscalationLevel name": (
        lambda b: EscalationLevel(b, Trigger.at_breach(), ["team-lead"]),
        "name",
        "name",
    ),
    "EscalationLevel target": (
        lambda b: EscalationLevel("lead", Trigger.at_breach(), ["team-lead", b]),
        "targets[1]",
        "target name",
    ),
    "JourneyEvent customer": (lambda b: JourneyEvent(b, T0, "ticket"), "customer", "customer id"),
    "ServqualResponse respondent": (
        lambda b: ServqualResponse({1: 6}, {1: 5}, respondent=b),
        "respondent",
        "respondent label",
    ),
    "Instrument name": (lambda b: Instrument(b, ("a",), [(1, "a")]), "name", "name"),
    "Instrument dimension": (
        lambda b: Instrument("i", ("a", b), [(1, "a"), (2, b)]),
        "dimensions[1]",
        "dimension name",
    ),
    "Session id": (lambda b: Session(b, "ada", T0), "id", "session id"),
    "Session customer": (lambda b: Session("s1", b, T0), "customer", "customer id"),
    "Session article": (
        lambda b: Session("s1", "ada", T0, ("a1", b)),
        "articles[1]",
        "article id",
    ),
    "Blueprint channel": (
        lambda b: Blueprint.from_dict({"name": "b", "channels": ["email", b]}),
        "channels[1]",
        "channel name",
    ),
    "ChannelMix channels": (
        lambda b: ChannelMix.empty(channels=["chat", b]),
        "channels[1]",
        "channel name",
    ),
    "ChannelMix add": (lambda b: ChannelMix.empty().add(b), "channel", "channel name"),
    "ThemeSelector theme": (
        lambda b: ThemeSelector.parse({"refund": b}),
        "selector['refund']",
        "theme name",
    ),
    "Evaluation ticket_id": (
        lambda b: Evaluation(b, "ann", "rob", T0, {}),
        "ticket_id",
        "ticket id",
    ),
    "Evaluation agent": (lambda b: Evaluation("T1", b, "rob", T0, {}), "agent", "agent name"),
    "Evaluation rater": (lambda b: Evaluation("T1", "ann", b, T0, {}), "rater", "rater name"),
    "Evaluation team": (
        lambda b: Evaluation("T1", "ann", "rob", T0, {}, team=b),
        "team",
        "team name",
    ),
}


@pytest.mark.parametrize("where", sorted(OTHER_NAMES))
@settings(max_examples=10)
@given(blank=blanks)
def test_every_other_blank_name_is_refused_in_the_same_words(where: str, blank: str) -> None:
    # They said "a level needs a name that is not blank", "expected a non-blank string" (a
    # TypeError), "must be a non-empty string", "expected a channel name"...; an instrument
    # took " " as a name or a dimension.
    build, path, what = OTHER_NAMES[where]
    with pytest.raises(ConfigError) as info:
        build(blank)
    assert isinstance(info.value, ValueError)
    assert info.value.path == path
    assert info.value.message == f"expected a non-blank {what}, got {safe_repr(blank)}"


@settings(max_examples=10)
@given(blank=blanks)
def test_a_blank_tag_of_a_theme_map_is_refused_in_the_same_words(blank: str) -> None:
    # The tag and its theme both said "a theme must be a non-empty string".
    with pytest.raises(ConfigError) as info:
        ThemeSelector.parse({blank: "billing"})
    assert info.value.path == f"selector[{safe_repr(blank, 40)}]"
    assert info.value.message == f"expected a non-blank tag, got {safe_repr(blank)}"
