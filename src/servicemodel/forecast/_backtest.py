"""Backtest of the weekly arrival forecast on the last weeks: MASE against seasonal naive."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value, level_percent
from servicemodel._validators import instance_of, members_of, real
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import StaffingError
from servicemodel.forecast._arrivals import (
    MIN_WEEKS,
    SLOTS,
    HistoryTooShortError,
    WeeklyCounts,
    _check_level,
    _check_recent,
    _level_field,
    count_arrivals,
    profile,
    read_count,
)
from servicemodel.kpi._shared import level_value


@attrs.frozen
class BacktestRow:
    """Backtest errors for one channel (or ``"all"``, the channels added up).

    ``mae`` is the forecast's mean absolute error over the held-out weeks' open slots, and
    ``mase`` that error divided by the in-sample mean absolute error of the seasonal-naive
    forecast (same slot, previous week; Hyndman & Koehler 2006). Each held-out week has its
    own in-sample scale, over every week before it; the divisor is the mean of those scales,
    so with one held-out week this is Hyndman & Koehler's mean of scaled errors exactly, and
    with several it is the pooled ratio (the mean of errors each scaled by its own week's
    scale differs by a little where the scales differ). ``naive_mase`` is the same ratio for
    the seasonal-naive forecast of the held-out weeks. Below 1 beats the naive in-sample
    scale; below ``naive_mase`` beats seasonal naive out of sample. ``coverage`` is the share
    of held-out counts inside the forecast interval. A figure with nothing to average (no
    open slot in the held-out weeks, or a zero in-sample scale) is NaN, never 0.
    """

    channel: str = attrs.field(validator=instance_of(str))
    slots: int = attrs.field(converter=count_value, validator=count_field)
    mae: float = attrs.field(validator=real())
    naive_mae: float = attrs.field(validator=real())
    mase: float = attrs.field(validator=real())
    naive_mase: float = attrs.field(validator=real())
    coverage: float = attrs.field(validator=real())


@attrs.frozen
class Backtest:
    """Rolling-origin backtest over the last ``weeks`` full weeks of a history.

    Each held-out week is forecast from the weeks before it (the last ``recent`` of them).
    ``str()`` prints the table. It holds at least one week, a ``level`` in (0, 1) and
    ``BacktestRow`` rows (else an error naming the field).
    """

    weeks: tuple[date, ...] = attrs.field(validator=members_of(date, tuple))
    level: float = attrs.field(converter=level_value, validator=_level_field)
    rows: tuple[BacktestRow, ...] = attrs.field(validator=members_of(BacktestRow, tuple))

    def __attrs_post_init__(self) -> None:
        if not self.weeks:  # str() starts with the first week (an IndexError without one)
            raise StaffingError("weeks: a backtest holds at least one held-out week, got ()")

    def __str__(self) -> str:
        head = (
            f"backtest on {len(self.weeks)} weeks from {self.weeks[0].isoformat()}: "
            f"{level_percent(self.level)} % intervals"
        )
        lines = [head, f"{'channel':<12}{'slots':>7}{'MAE':>8}{'MASE':>8}{'naive':>8}{'cover':>8}"]
        for r in self.rows:
            lines.append(
                f"{r.channel:<12}{r.slots:>7}{r.mae:>8.3f}{r.mase:>8.3f}{r.naive_mase:>8.3f}"
                f"{r.coverage:>8.1%}"
            )
        return "\n".join(lines)


def _series(counts: WeeklyCounts, channel: str) -> list[tuple[int, ...]]:
    if channel != "all":
        return list(counts.counts[channel])
    grids = list(counts.counts.values())
    return [
        tuple(map(sum, zip(*(g[w] for g in grids), strict=True))) for w in range(len(counts.weeks))
    ]


def _naive_scale(counts: WeeklyCounts, series: list[tuple[int, ...]], train: range) -> float:
    diffs = [
        abs(series[w][s] - series[w - 1][s])
        for w in train
        if w - 1 in train
        for s in range(SLOTS)
        if counts.open[w][s] and counts.open[w - 1][s]
    ]
    return sum(diffs) / len(diffs) if diffs else 0.0


def _row(
    counts: WeeklyCounts, channel: str, first: int, recent: int | None, level: float
) -> BacktestRow:
    series = _series(counts, channel)
    errors, naive_errors, covered, scales = [], [], 0, []
    for h in range(first, len(counts.weeks)):
        train = range(0 if recent is None else max(0, h - recent), h)
        sub = attrs.evolve(counts, counts={"x": tuple(series)})
        mean, low, high = profile(sub, train, level)
        scales.append(_naive_scale(counts, series, range(0, h)))
        for s in range(SLOTS):
            if not counts.open[h][s]:
                continue
            actual = series[h][s]
            errors.append(abs(actual - mean["x"][s]))
            naive_errors.append(abs(actual - series[h - 1][s]))
            covered += low["x"][s] <= actual <= high["x"][s]
    scale = sum(scales) / len(scales)
    # No open slot held out: no error was measured, which is no error of 0.
    mae = sum(errors) / len(errors) if errors else float("nan")
    naive = sum(naive_errors) / len(naive_errors) if naive_errors else float("nan")
    return BacktestRow(
        channel=channel,
        slots=len(errors),
        mae=mae,
        naive_mae=naive,
        mase=mae / scale if scale > 0 else float("nan"),
        naive_mase=naive / scale if scale > 0 else float("nan"),
        coverage=covered / len(errors) if errors else float("nan"),
    )


def backtest(
    tickets: Iterable[Any],
    *,
    weeks: int = 4,
    calendar: BusinessCalendar | None = None,
    tz: str | tzinfo | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    recent: int | None = 8,
    level: float = 0.8,
) -> Backtest:
    """Forecast each of the last ``weeks`` full weeks from the weeks before it; report MASE.

    Needs ``weeks + 2`` full weeks (two training weeks for the first held-out one), else
    [`HistoryTooShortError`][servicemodel.forecast.HistoryTooShortError] says how many.
    ``weeks`` is a whole number ≥ 1 and ``recent`` is read as in ``forecast_arrivals`` (a
    whole number ≥ 2, or None for every week), ``level`` in (0, 1): an int, a numpy int or
    ``4.0`` is a count; a bool or text is an ``InputTypeError``, and 0, 2.5 or NaN a
    ``ConfigError``, each naming the argument, the value and what is allowed.

    Examples:
        >>> from datetime import datetime, timedelta, timezone
        >>> from servicemodel.forecast import backtest
        >>> from servicemodel.model import Ticket
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> ts = [Ticket(f"T{i}-{k}", t0 + timedelta(weeks=i, minutes=k))
        ...       for i in range(6) for k in range(i % 3 + 1)]
        >>> bt = backtest(ts, weeks=2)
        >>> [r.channel for r in bt.rows], bt.rows[0].slots
        (['all', 'email'], 672)
    """
    weeks = read_count(weeks, "weeks", 1)
    lvl = _check_level(level)
    recent = _check_recent(recent)
    counts = count_arrivals(tickets, calendar=calendar, tz=tz, since=since, until=until)
    n = len(counts.weeks)
    if n < weeks + MIN_WEEKS:
        raise HistoryTooShortError(
            # safe_repr: a 5,000-digit weeks is past Python's int-to-text limit (ValueError).
            f"a backtest on {safe_repr(weeks)} weeks needs at least "
            f"{safe_repr(weeks + MIN_WEEKS)} full weeks of "
            f"history ({MIN_WEEKS} to train on before the first held-out week); this one has {n}"
        )
    first = n - weeks
    channels = ["all", *counts.channels]
    rows = tuple(_row(counts, ch, first, recent, lvl) for ch in channels)
    return Backtest(weeks=counts.weeks[first:], level=lvl, rows=rows)
