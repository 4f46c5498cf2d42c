"""A duration written into a configuration reads back to the same duration.

``format_duration`` writes the durations of escalation triggers, escalation repeats and service
standards (SLA targets are written in ISO 8601). It used to drop the fraction of a second, so a
trigger 90.5 s after a breach came back as 90 s, and one of 0.25 s as ``"0s"``, which reading
refuses. The law: ``parse_duration(format_duration(d)) == d`` for every duration a configuration
may hold, and a ladder read from its own ``to_dict`` is the same ladder.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger
from servicemodel.sla._duration import MAX_DURATION, format_duration, parse_duration

durations = st.timedeltas(min_value=timedelta(microseconds=1), max_value=MAX_DURATION)


@given(durations)
def test_a_written_duration_reads_back_exactly(d: timedelta) -> None:
    assert parse_duration(format_duration(d)) == d


def test_fractions_of_a_second_are_written() -> None:
    assert format_duration(timedelta(seconds=90.5)) == "1m 30.5s"
    assert format_duration(timedelta(microseconds=250000)) == "0.25s"
    assert format_duration(timedelta(days=1, microseconds=1)) == "1d 0.000001s"
    assert format_duration(timedelta(hours=2)) == "2h"  # whole seconds as before


@given(durations, durations)
def test_a_ladder_with_sub_second_durations_reads_back_from_its_dict(
    delay: timedelta, every: timedelta
) -> None:
    ladder = EscalationLadder(
        [
            EscalationLevel("L1", Trigger.before_due(delay)),
            EscalationLevel("L2", Trigger.after_breach(delay)),
            EscalationLevel("L3", Trigger.after_previous(delay)),
        ],
        repeat_every=every,
        repeat_times=2,
    )
    assert EscalationLadder.from_dict(ladder.to_dict()) == ladder
