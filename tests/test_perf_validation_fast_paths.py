"""The checks' fast paths decide as the checks they stand for, and skip none for a user.

Three places take a shortcut for values the library makes itself: ``members_of`` tests the
exact types of a tuple's members in one pass before testing each member; the survival rows
are checked column by column before row by row; ``build_curve`` builds its curve without the
constructor's per-point checks. Each is held here to the slow path it replaces.
"""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._validators import members_of
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import ResolutionTime, SurvivalCurve
from servicemodel.kpi._survival_curve import build_curve
from servicemodel.kpi._survival_fields import rows

MEMBERS = st.one_of(
    st.integers(-5, 5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.text(max_size=2),
    st.just(2**70),
)


@attrs.frozen
class _Numbers:
    values: tuple[Any, ...] = attrs.field(validator=members_of((int, float), tuple))


def _member_wise(values: tuple[Any, ...]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


@given(st.lists(MEMBERS, max_size=8).map(tuple))
def test_members_of_decides_as_the_member_wise_check(values: tuple[Any, ...]) -> None:
    if _member_wise(values):
        assert _Numbers(values).values == values
    else:
        with pytest.raises(InputTypeError):
            _Numbers(values)


def _row_ok(row: Any) -> bool:
    if not (isinstance(row, tuple) and len(row) == 3):
        return False
    time = row[0]
    numbers = isinstance(time, int | float) and not isinstance(time, bool)
    counts = all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in row[1:])
    return numbers and counts and not math.isnan(time) and 0 <= time < math.inf


ROWS = st.lists(
    st.one_of(
        st.tuples(st.floats(0, 1e6), st.integers(0, 9), st.integers(0, 9)),
        st.tuples(MEMBERS, MEMBERS, MEMBERS),
        st.tuples(st.floats(0, 9)),
        st.none(),
    ),
    max_size=6,
)


def _row_typed(row: Any) -> bool:
    """A triple of a number and two ints (no bool): of the right types, whatever it holds."""
    if not (isinstance(row, tuple) and len(row) == 3):
        return False
    number = isinstance(row[0], int | float) and not isinstance(row[0], bool)
    return number and all(isinstance(c, int) and not isinstance(c, bool) for c in row[1:])


@given(ROWS)
def test_survival_rows_are_checked_as_row_by_row(values: list[Any]) -> None:
    bad = [r for r in values if not _row_ok(r)]
    if not bad:
        assert rows(values) == tuple(values)
    else:
        # A triple of the right types holding a value not allowed: a ConfigError; anything
        # else an InputTypeError; the first bad row decides.
        error = ConfigError if _row_typed(bad[0]) else InputTypeError
        with pytest.raises(error):
            rows(values)


@given(
    st.lists(st.tuples(st.floats(0, 500), st.integers(0, 3), st.integers(0, 3)), max_size=12),
    st.sampled_from([0.8, 0.9, 0.95]),
)
def test_a_built_curve_passes_every_check_of_the_constructor(
    raw: list[tuple[float, int, int]], level: float
) -> None:
    table = tuple(sorted((t, e, c) for t, e, c in raw if e + c > 0))
    curve = build_curve(
        table, metric="resolution_time", unit="hours", level=level,
        percentiles=(50, 90), horizon=100.0,
    )  # fmt: skip
    assert isinstance(curve, SurvivalCurve)
    assert attrs.evolve(curve) == curve  # evolve runs every validator and converter


def test_a_curve_from_an_accumulator_passes_every_check() -> None:
    from datetime import UTC, datetime, timedelta

    from servicemodel.model import AgentReply, Status, StatusChange, Ticket, TicketHistory

    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hs = [
        TicketHistory(
            Ticket(f"T{i}", t0),
            [
                AgentReply(f"r{i}", t0 + timedelta(hours=1)),
                StatusChange(f"s{i}", t0 + timedelta(hours=i + 2), status=Status.SOLVED),
            ],
        )
        for i in range(5)
    ]
    assert ResolutionTime.empty().add_many(hs).result() is not None
    from servicemodel.kpi import ResolutionSurvival

    curve = ResolutionSurvival.empty(as_of=t0 + timedelta(days=1)).add_many(hs).result()
    assert attrs.evolve(curve) == curve
