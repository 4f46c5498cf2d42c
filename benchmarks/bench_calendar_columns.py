"""Benchmark: elapsed_many / add_many on whole columns against the scalar loop and pandas.

Same calendar as bench_calendar.py: 09:00-17:00 Monday to Friday in UTC with the German public
holidays of 2025-2033. One million (start, end) pairs and (start, whole hours) pairs (seed
2026), held as pandas columns with a time zone, as an analyst holds them. Compared with

- the scalar loop, ``[cal.elapsed(a, b) for a, b in zip(...)]`` over the same instants as Python
  datetimes (the way without ``elapsed_many``);
- pandas' business-hour offsets, ``ts + h * CustomBusinessHour(...)``, which can express
  ``add`` by whole hours (pandas has no "business time between" for ``elapsed``); timed on the
  first ``--peer-pairs`` pairs and compared per operation.

Every column answer is checked to equal the scalar answer. A script, not a test:

    .venv/bin/python benchmarks/bench_calendar_columns.py [--pairs 1000000] [--peer-pairs 2000]
"""

from __future__ import annotations

import argparse
import time
import warnings
from datetime import UTC, date, datetime, timedelta

import holidays as pyholidays
import numpy as np
import pandas as pd

from servicemodel.calendar import BusinessCalendar

START = datetime(2026, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 2 * 365 * 86400


def best(fn, repeat: int = 3):  # type: ignore[no-untyped-def]
    """Best of ``repeat`` runs in seconds (the machine is shared), and the last answer."""
    top, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        top = min(top, time.perf_counter() - t0)
    return top, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--peer-pairs", type=int, default=2_000)
    args = parser.parse_args()
    n, m = args.pairs, min(args.peer_pairs, args.pairs)

    days: list[date] = sorted(pyholidays.country_holidays("DE", years=range(2025, 2034)))
    cal = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}, holidays=days)
    rng = np.random.default_rng(2026)
    start_s = rng.integers(0, SPAN_SECONDS, n)
    end_s = start_s + rng.integers(0, 30 * 86400, n)
    hours = rng.integers(1, 81, n)
    epoch = pd.Timestamp(START)
    starts = pd.Series(epoch + pd.to_timedelta(start_s, unit="s"))
    ends = pd.Series(epoch + pd.to_timedelta(end_s, unit="s"))
    deltas = pd.Series(pd.to_timedelta(hours, unit="h"))
    py_starts = [START + timedelta(seconds=int(s)) for s in start_s]
    py_ends = [START + timedelta(seconds=int(s)) for s in end_s]
    py_deltas = [timedelta(hours=int(h)) for h in hours]
    cal.elapsed(START - timedelta(days=1), START + timedelta(days=800))  # builds the tables

    print(f"calendar: Mon-Fri 09:00-17:00 UTC, {len(days)} holidays (DE 2025-2033)")
    print(f"pairs: {n:,} as pandas columns (UTC); pandas offsets timed on {m:,}")

    col_el, el = best(lambda: cal.elapsed_many(starts, ends))
    loop_el, loop_el_out = best(
        lambda: [cal.elapsed(a, b) for a, b in zip(py_starts, py_ends, strict=True)], 1
    )
    col_add, added = best(lambda: cal.add_many(starts, deltas))
    loop_add, loop_add_out = best(
        lambda: [cal.add(a, d) for a, d in zip(py_starts, py_deltas, strict=True)], 1
    )
    list_el, _ = best(lambda: cal.elapsed_many(py_starts, py_ends), 1)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cbh = pd.offsets.CustomBusinessHour(
            start="09:00",
            end="17:00",
            holidays=days,
            weekmask="Mon Tue Wed Thu Fri",  # type: ignore[call-arg]  # pandas-stubs lag
        )
        stamps = [pd.Timestamp(a.replace(tzinfo=None)) for a in py_starts[:m]]
        pd_add, pd_out = best(
            lambda: [s + int(h) * cbh for s, h in zip(stamps, hours[:m], strict=True)], 1
        )

    same_el = int((el.to_numpy() == np.array(loop_el_out, dtype="timedelta64[ns]")).sum())
    ours = added.dt.tz_convert("UTC").dt.tz_localize(None)
    same_add = sum(a == b.replace(tzinfo=None) for a, b in zip(ours, loop_add_out, strict=True))
    same_pd = sum(a == b for a, b in zip(ours[:m], pd_out, strict=True))

    us = 1e6
    print()
    print(f"{'operation':<48}{'per pair':>12}{'speed-up':>10}")
    print(f"{'elapsed: scalar loop over datetimes':<48}{loop_el / n * us:>9.3f} µs")
    print(
        f"{'elapsed_many on pandas columns':<48}{col_el / n * us:>9.3f} µs{loop_el / col_el:>9.1f}x"
    )
    name = "elapsed_many on lists of datetimes"
    print(f"{name:<48}{list_el / n * us:>9.3f} µs{loop_el / list_el:>9.1f}x")
    print(f"{'add: scalar loop over datetimes':<48}{loop_add / n * us:>9.3f} µs")
    print(
        f"{'add_many on pandas columns':<48}{col_add / n * us:>9.3f} µs{loop_add / col_add:>9.1f}x"
    )
    print(f"{'add: pandas ts + h * CustomBusinessHour':<48}{pd_add / m * us:>9.3f} µs")
    print(
        f"{'add_many vs pandas business-hour offsets':<48}{'':>12}"
        f"{(pd_add / m) / (col_add / n):>9.0f}x"
    )
    print()
    print(f"equal to the scalar answers: elapsed {same_el:,}/{n:,}, add {same_add:,}/{n:,}")
    print(f"agreement with pandas CustomBusinessHour: {same_pd:,}/{m:,}")


if __name__ == "__main__":
    main()
