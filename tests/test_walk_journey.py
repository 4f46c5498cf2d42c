"""Arrival backtests recomputed from their definitions (Hyndman & Koehler 2006).

MAE and MASE are recomputed from the weekly counts with a brute-force loop written here;
the edge cases (a held-out stretch with no open slot, a ``recent`` the forecast refuses) come
from an independent walk through the forecast module.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from statistics import fmean

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError, StaffingError
from servicemodel.forecast import backtest, count_arrivals, forecast_arrivals
from servicemodel.model import Ticket

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
ZONES = ["UTC", "Pacific/Chatham", "America/Santiago"]

# Contacts at whole half hours over seven weeks: few distinct slots, so counts repeat and differ.
histories = st.lists(
    st.tuples(
        st.integers(0, 7 * 7 * 48 - 1),
        st.sampled_from(["email", "chat"]),
    ),
    min_size=1,
    max_size=120,
).map(
    lambda rows: [
        Ticket(f"T{i}", MONDAY + timedelta(minutes=30 * slot), channel=channel)
        for i, (slot, channel) in enumerate(rows)
    ]
)


def _brute_force(
    tickets: list[Ticket], weeks: int, recent: int | None, tz: str
) -> dict[str, tuple[int, float, float, list[float], float]]:
    """Per channel, by loops: (slots, MAE, naive MAE, each held-out week's in-sample scale,
    and Hyndman & Koehler's mean of errors each scaled by its own week's scale, or NaN)."""
    until = MONDAY + timedelta(weeks=7)
    counts = count_arrivals(tickets, tz=tz, since=MONDAY, until=until)
    n = len(counts.weeks)
    out = {}
    for channel in ["all", *counts.channels]:
        grids = counts.counts.values() if channel == "all" else [counts.counts[channel]]
        y = [[sum(g[w][s] for g in grids) for s in range(336)] for w in range(n)]
        errors, naive, scales, scaled = [], [], [], []
        # A half hour a DST change skipped or repeated in a week is no observation there
        # (``counts.open``, as for a closed one): left out of errors and scales alike.
        is_open = counts.open
        for h in range(n - weeks, n):
            train = range(0 if recent is None else max(0, h - recent), h)
            diffs = [
                abs(y[w][s] - y[w - 1][s])
                for w in range(1, h)
                for s in range(336)
                if is_open[w][s] and is_open[w - 1][s]
            ]
            scales.append(fmean(diffs) if diffs else 0.0)
            for s in range(336):
                if not is_open[h][s]:
                    continue
                seen = [y[w][s] for w in train if is_open[w][s]]
                errors.append(abs(y[h][s] - (fmean(seen) if seen else 0.0)))
                naive.append(abs(y[h][s] - y[h - 1][s]))
                scaled.append(errors[-1] / scales[-1] if scales[-1] else math.nan)
        out[channel] = (len(errors), fmean(errors), fmean(naive), scales, fmean(scaled))
    return out


@settings(max_examples=15, deadline=None)
@given(
    tickets=histories,
    weeks=st.integers(1, 3),
    recent=st.sampled_from([None, 2, 3]),
    tz=st.sampled_from(ZONES),
)
def test_backtest_errors_match_a_brute_force_recomputation(
    tickets: list[Ticket], weeks: int, recent: int | None, tz: str
) -> None:
    until = MONDAY + timedelta(weeks=7)
    try:
        bt = backtest(tickets, weeks=weeks, recent=recent, tz=tz, since=MONDAY, until=until)
    except StaffingError:  # a far zone can leave fewer full weeks than the backtest needs
        assert len(count_arrivals(tickets, tz=tz, since=MONDAY, until=until).weeks) < weeks + 2
        return
    expected = _brute_force(tickets, weeks, recent, tz)
    for row in bt.rows:
        slots, mae, naive, scales, textbook = expected[row.channel]
        assert (row.slots, row.mae, row.naive_mae) == (
            slots,
            pytest.approx(mae, abs=1e-12),
            pytest.approx(naive, abs=1e-12),
        )
        scale = fmean(scales)
        if scale > 0:
            assert row.mase == pytest.approx(mae / scale, rel=1e-12)
            assert row.naive_mase == pytest.approx(naive / scale, rel=1e-12)
        else:
            assert math.isnan(row.mase)
            assert math.isnan(row.naive_mase)
        if weeks == 1 and scale > 0:
            # One held-out week: Hyndman & Koehler's mean of scaled errors, exactly (with more,
            # the pooled ratio the docstring describes differs where the weeks' scales differ).
            assert row.mase == pytest.approx(textbook, rel=1e-12)


@given(
    recent=st.integers(-3, 1)
    | st.booleans()
    | st.floats(2, 9).filter(lambda x: not x.is_integer())
    | st.just("8")
)
def test_backtest_refuses_the_recent_that_forecast_arrivals_refuses(recent: object) -> None:
    # backtest took recent=1 (or True) and trained on one week, which forecast_arrivals refuses.
    # A bool or text is of the wrong type; 1 or 2.5 is a number that is no recent.
    tickets = [Ticket(f"T{i}", MONDAY + timedelta(hours=5 * i)) for i in range(300)]
    error = InputTypeError if isinstance(recent, bool | str) else ConfigError
    said = r"^recent must be a whole number ≥ 2 or None, got "
    with pytest.raises(error, match=said):
        backtest(tickets, weeks=1, recent=recent)  # type: ignore[arg-type]
    with pytest.raises(error, match=said):
        forecast_arrivals(tickets, recent=recent)  # type: ignore[arg-type]


@given(held_out=st.integers(1, 2), closed_from=st.integers(0, 3))
def test_a_held_out_stretch_with_no_open_slot_has_no_error_not_zero(
    held_out: int, closed_from: int
) -> None:
    # The calendar is closed for every held-out week: MAE was reported as 0.000.
    weeks = 6
    holidays = [
        (MONDAY + timedelta(days=d)).date() for d in range(7 * (weeks - held_out), 7 * weeks)
    ]
    calendar = BusinessCalendar.weekly("UTC", {"mon-fri": "08:00-18:00"}, holidays=holidays)
    tickets = [Ticket(f"T{i}", MONDAY + timedelta(hours=7 * i + closed_from)) for i in range(150)]
    bt = backtest(
        tickets,
        weeks=held_out,
        calendar=calendar,
        since=MONDAY,
        until=MONDAY + timedelta(weeks=weeks),
    )
    for row in bt.rows:
        assert row.slots == 0
        assert math.isnan(row.mae)
        assert math.isnan(row.naive_mae)
        assert math.isnan(row.coverage)
