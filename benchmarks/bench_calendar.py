"""Benchmark: BusinessCalendar against businesstimedelta and pandas CustomBusinessHour.

Same calendar for all three: 09:00-17:00 Monday to Friday in UTC, with the German public
holidays of 2025-2033. Same random (start, end) pairs and (start, duration) pairs (seed 2026).
Prints time per operation, the ratios, and how many answers agree. A script, not a test:

    .venv/bin/python benchmarks/bench_calendar.py [--pairs 100000] [--peer-pairs 2000]
"""

from __future__ import annotations

import argparse
import gc
import random
import time
import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from typing import Any

import holidays as pyholidays

from servicemodel.calendar import BusinessCalendar

START = datetime(2026, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 2 * 365 * 86400


def per_op(fn: Callable[[], Any], n: int, repeat: int = 5) -> tuple[float, Any]:
    """Best of ``repeat`` runs (the machine is shared), per operation, and the answers.

    The garbage collector is off while timing, as in ``timeit``, for every library alike.
    """
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter()
            out = fn()
            best = min(best, time.perf_counter() - t0)
    finally:
        gc.enable()
    return best / n, out


def fmt(seconds: float) -> str:
    return f"{seconds * 1e6:9.2f} µs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=100_000)
    parser.add_argument("--peer-pairs", type=int, default=2_000, help="for the slow peers")
    args = parser.parse_args()
    n, m = args.pairs, min(args.peer_pairs, args.pairs)

    import businesstimedelta as btd
    import pandas as pd

    # Holidays well past the queried range: businesstimedelta fails when it finds no holiday
    # within five years of a query.
    days: list[date] = sorted(pyholidays.country_holidays("DE", years=range(2025, 2034)))
    rng = random.Random(2026)
    starts = [START + timedelta(seconds=rng.randrange(SPAN_SECONDS)) for _ in range(n)]
    ends = [s + timedelta(seconds=rng.randrange(30 * 86400)) for s in starts]
    minutes = [timedelta(minutes=rng.randrange(1, 80 * 60)) for _ in range(n)]
    hours = [rng.randrange(1, 81) for _ in range(n)]

    print(f"calendar: Mon-Fri 09:00-17:00 UTC, {len(days)} holidays (DE 2025-2033)")
    print(f"pairs: {n:,} for servicemodel; {m:,} for the peers (the first {m:,} of the same)")

    t0 = time.perf_counter()
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}, holidays=days)
    cal.elapsed(START - timedelta(days=1), START + timedelta(days=800))  # builds the tables
    print(f"servicemodel one-time table build (3 years): {(time.perf_counter() - t0) * 1e3:.1f} ms")

    # -- elapsed ---------------------------------------------------------------------------------
    ours_el, our_elapsed = per_op(
        lambda: [cal.elapsed(a, b) for a, b in zip(starts, ends, strict=True)], n
    )
    workday = btd.WorkDayRule(start_time=dtime(9), end_time=dtime(17), working_days=range(5))
    rules = btd.Rules([workday, btd.HolidayRule(set(days))])
    btd_el, btd_elapsed = per_op(
        lambda: [
            rules.difference(a, b).timedelta for a, b in zip(starts[:m], ends[:m], strict=True)
        ],
        m,
    )
    agree_el = sum(x == y for x, y in zip(our_elapsed, btd_elapsed, strict=False))

    # -- add ---------------------------------------------------------------------------------------
    ours_add, our_sums = per_op(
        lambda: [cal.add(a, d) for a, d in zip(starts, minutes, strict=True)], n
    )
    deltas = [btd.BusinessTimeDelta(rules, timedelta=d) for d in minutes[:m]]
    btd_add, btd_sums = per_op(lambda: [a + d for a, d in zip(starts[:m], deltas, strict=True)], m)
    # businesstimedelta stops AT a close when the budget runs out there; we go on to the next
    # opening (pandas and biz do too). Both are the same amount of open time, so count those.
    same_btd = sum(x == y for x, y in zip(our_sums, btd_sums, strict=False))
    same_btd_modulo_close = sum(
        x == cal.next_open(y) for x, y in zip(our_sums, btd_sums, strict=False)
    )

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cbh = pd.offsets.CustomBusinessHour(
            start="09:00",
            end="17:00",
            holidays=days,
            weekmask="Mon Tue Wed Thu Fri",  # type: ignore[call-arg]  # pandas-stubs lag
        )
        stamps = [pd.Timestamp(a.replace(tzinfo=None)) for a in starts[:m]]
        # The idiom from pandas' docs: multiply the offset. Then pandas' best case: one offset
        # per distinct n built before timing (not how code is usually written).
        pd_add, pd_sums = per_op(
            lambda: [s + h * cbh for s, h in zip(stamps, hours[:m], strict=True)], m
        )
        prebuilt = {h: h * cbh for h in set(hours[:m])}
        pd_best, pd_best_sums = per_op(
            lambda: [s + prebuilt[h] for s, h in zip(stamps, hours[:m], strict=True)], m
        )
        assert pd_best_sums == pd_sums
    # Inputs are built before timing for every library (pandas' Timestamps, our timedeltas).
    hour_deltas = [timedelta(hours=h) for h in hours]
    ours_hours, our_hour_sums = per_op(
        lambda: [cal.add(a, d) for a, d in zip(starts, hour_deltas, strict=True)], n
    )
    same_pd = sum(
        x.replace(tzinfo=None) == y.to_pydatetime()
        for x, y in zip(our_hour_sums, pd_sums, strict=False)
    )

    print()
    print(f"{'operation':<36}{'servicemodel':>14}{'peer':>14}{'speed-up':>10}")
    rows = [
        ("elapsed vs businesstimedelta", ours_el, btd_el),
        ("add (minutes) vs businesstimedelta", ours_add, btd_add),
        ("add (hours) vs pandas: ts + h*cbh", ours_hours, pd_add),
        ("add (hours) vs pandas: prebuilt", ours_hours, pd_best),
    ]
    for name, ours, peer in rows:
        print(f"{name:<36}{fmt(ours):>14}{fmt(peer):>14}{peer / ours:>9.0f}x")
    print()
    print(f"agreement, elapsed vs businesstimedelta: {agree_el:,}/{m:,}")
    print(
        f"agreement, add vs businesstimedelta: {same_btd:,}/{m:,} identical, "
        f"{same_btd_modulo_close:,}/{m:,} once its answers at a close are moved to the next opening"
    )
    print(f"agreement, add vs pandas CustomBusinessHour: {same_pd:,}/{m:,}")


if __name__ == "__main__":
    main()
