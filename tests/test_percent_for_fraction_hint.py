"""A percentage written where a fraction goes names the fraction to write.

``warn_at = [75]`` and an escalation trigger of ``75`` are the usual slips (OTRS states its
notifications in percent, and a ladder's config takes ``"75%"``); the errors said only that
the value must lie in (0, 1).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder, Trigger
from servicemodel.sla import SLAPolicy


def test_a_ladder_trigger_of_75_says_write_0_75_or_75_percent() -> None:
    with pytest.raises(ConfigError) as err:
        EscalationLadder.from_dict({"levels": [{"name": "lead", "trigger": 75}]})
    assert str(err.value) == (
        "levels[0].trigger.fraction: a fraction of the target must be in (0, 1], got 75 "
        "(for 75 %, write 0.75 or '75%')"
    )


def test_a_warning_threshold_of_75_says_write_0_75() -> None:
    with pytest.raises(ConfigError) as err:
        SLAPolicy.from_dict({"name": "p", "warn_at": [0.5, 75], "targets": {}})
    assert str(err.value) == (
        "warn_at[1]: a warning threshold is a fraction in (0, 1), got 75 (for 75 %, write 0.75)"
    )


@settings(max_examples=50)
@given(st.integers(2, 100) | st.floats(2, 100))
def test_the_fraction_suggested_is_taken(percent: float) -> None:
    with pytest.raises(ConfigError) as err:
        Trigger.at_fraction(percent)
    written = str(err.value).rsplit("write ", 1)[1].split(" or ")[0]
    assert Trigger.at_fraction(float(written)).fraction == pytest.approx(percent / 100, rel=1e-5)


@pytest.mark.parametrize("value", [0, -5, 1.5, 101, 1000])
def test_values_no_percentage_explains_get_no_suggestion(value: float) -> None:
    with pytest.raises(ConfigError) as err:
        Trigger.at_fraction(value)
    assert "write" not in str(err.value)


@settings(max_examples=30)
@given(st.integers(2, 99))
def test_staffing_slas_and_ladders_suggest_the_share_alike(percent: int) -> None:
    # One rule (servicemodel._numbers.percent_hint) for the three places a share is written:
    # the staffing target, the SLA warning thresholds and a ladder's fraction trigger.
    from servicemodel.errors import StaffingError
    from servicemodel.staffing import ServiceLevelTarget

    said = f"(for {percent} %, write {percent / 100:g}"
    with pytest.raises(StaffingError) as staffing:
        ServiceLevelTarget(fraction=percent, within=20)
    with pytest.raises(ConfigError) as sla:
        SLAPolicy.from_dict({"name": "p", "warn_at": [percent], "targets": {}})
    with pytest.raises(ConfigError) as ladder:
        EscalationLadder.from_dict({"levels": [{"name": "lead", "trigger": percent}]})
    assert str(staffing.value).endswith(f"{said})")
    assert str(sla.value).endswith(f"{said})")
    assert str(ladder.value).endswith(f"{said} or '{percent}%')")


@settings(max_examples=30)
@given(st.integers(2, 100) | st.floats(2, 100))
def test_goals_and_standards_suggest_the_share_as_the_rest_do(percent: float) -> None:
    # The goals, a report's goal check and the service standards said "write 0.85 for 85 %"
    # in a wording of their own; they now use percent_hint too.
    from datetime import UTC, datetime

    from servicemodel._numbers import percent_hint
    from servicemodel.errors import GoalError
    from servicemodel.goals import SmartGoal
    from servicemodel.standards import QualityBenchmark

    said = percent_hint(percent)
    assert said.startswith(f" (for {percent:g} %, write {percent / 100:g}")
    fields: dict[str, object] = {
        "name": "CSAT",
        "kpi": "csat",
        "comparator": ">=",
        "target": percent,
        "baseline": 0.5,
        "objective": "keep customers",
        "start": datetime(2026, 8, 3, tzinfo=UTC),
        "deadline": datetime(2026, 11, 2, tzinfo=UTC),
    }
    with pytest.raises(GoalError) as smart:
        SmartGoal(**fields, unit="share")  # type: ignore[arg-type]
    # With no unit, a CSAT goal is a share as the report reads it: the goal itself refuses 85
    # (the report's own check never sees it).
    with pytest.raises(GoalError) as bare:
        SmartGoal(**fields, unit="")  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as standards:
        QualityBenchmark(None, "csat", percent)
    for error in (smart, bare, standards):
        assert said in str(error.value)
        assert "for" not in str(error.value).replace(said, "")  # said once, in one wording


@pytest.mark.parametrize("value", [-5, 1.5, 101, 1000])
def test_goals_and_standards_suggest_no_share_where_none_is_meant(value: float) -> None:
    from servicemodel.standards import QualityBenchmark

    with pytest.raises(ConfigError) as err:
        QualityBenchmark(None, "csat", value)
    assert "write" not in str(err.value)


@settings(max_examples=20)
@given(st.integers(2, 99))
def test_a_measurements_warning_threshold_suggests_the_share_as_a_policys_does(
    percent: int,
) -> None:
    # A policy's warn_at said '(for 75 %, write 0.75)'; a stored measurement's (from_dict)
    # and one built directly said only the range.
    from datetime import UTC, datetime

    import attrs

    from servicemodel.model import Ticket, TicketHistory
    from servicemodel.sla import Measurement, Target, evaluate

    said = f" (for {percent} %, write {percent / 100:g})"
    policy = SLAPolicy("p", {"normal": [Target("first_reply", "4h", business=False)]})
    (m,) = evaluate(policy, TicketHistory(Ticket("T", datetime(2026, 3, 2, 9, tzinfo=UTC)), []))
    with pytest.raises(ConfigError) as stored:
        Measurement.from_dict({**m.to_dict(), "warn_at": [0.5, percent]})
    with pytest.raises(ConfigError) as built:
        attrs.evolve(m, warn_at=(0.5, float(percent)))
    assert str(stored.value) == (
        f"warn_at[1]: a warning threshold is a fraction in (0, 1), got {percent}{said}"
    )
    assert str(built.value).endswith(f"got {float(percent)!r}{said}")
