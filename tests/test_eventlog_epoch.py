"""Event logs whose timestamps are counts since the Unix epoch (``timestamp_unit``).

Laws: a count in seconds or milliseconds, as an ``int``, a ``float`` or text, is the instant
that many units after 1970-01-01T00:00:00Z, exactly to the microsecond; every other cell is a
``RecordError`` for its case, naming the row, the column and the value, and the other cases
are read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, InputTypeError, OutOfRangeError, RecordError
from servicemodel.io import eventlog
from servicemodel.io._sources import SourceMap
from servicemodel.io.eventlog._epoch import epoch_instant

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
STATUS = {"Open": "open", "Done": "solved"}
#: Microseconds since the epoch of instants in years 2..9998 (inside the supported range).
US = st.integers(
    min_value=(datetime(3, 1, 1, tzinfo=UTC) - EPOCH) // timedelta(microseconds=1),
    max_value=(datetime(9997, 1, 1, tzinfo=UTC) - EPOCH) // timedelta(microseconds=1),
)


@settings(max_examples=200, deadline=None)
@given(us=US)
def test_a_count_is_the_instant_that_many_units_after_the_epoch(us: int) -> None:
    expected = EPOCH + timedelta(microseconds=us)
    ms, rest = divmod(us, 1000)
    if rest == 0:  # a whole number of milliseconds: int, text and float say the same
        assert epoch_instant(ms, "ms") == expected
        assert epoch_instant(str(ms), "ms") == expected
        assert epoch_instant(f"  {ms}\t", "ms") == expected
    # Exact to the microsecond as text, in either unit (no binary float in between).
    assert epoch_instant(str(Decimal(us).scaleb(-6)), "s") == expected
    assert epoch_instant(str(Decimal(us).scaleb(-3)), "ms") == expected
    assert epoch_instant(us // 1_000_000, "s") == EPOCH + timedelta(seconds=us // 1_000_000)
    assert epoch_instant(ms, "ms").tzinfo is UTC


@settings(max_examples=100, deadline=None)
@given(seconds=st.integers(min_value=0, max_value=2**31))
def test_a_float_count_reads_as_its_exact_value(seconds: int) -> None:
    # pandas holds an integer column with a missing value as float64: whole floats read exactly.
    assert epoch_instant(float(seconds), "s") == EPOCH + timedelta(seconds=seconds)
    assert epoch_instant(float(seconds) * 1000, "ms") == EPOCH + timedelta(seconds=seconds)


@pytest.mark.parametrize(
    ("value", "error", "pattern"),
    [
        ("2026-03-02", ConfigError, r"not a count of milliseconds .*'2026-03-02'"),
        ("", ConfigError, r"not a count of milliseconds .*''"),
        ("1e12", ConfigError, r"'1e12'"),
        ("12 34", ConfigError, r"'12 34'"),
        ("9" * 5000, ConfigError, r"not a count"),
        (True, InputTypeError, r"got bool True"),
        (None, InputTypeError, r"got NoneType None"),
        (float("nan"), InputTypeError, r"got float nan"),
        (float("inf"), InputTypeError, r"got float inf"),
        ([1], InputTypeError, r"got list \[1\]"),
        (10**30, OutOfRangeError, r"milliseconds since the Unix epoch lies outside"),
        (-(10**30), OutOfRangeError, r"outside the supported range"),
    ],
)
def test_anything_else_is_a_specific_error_naming_the_value(
    value: Any, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        epoch_instant(value, "ms")


def test_a_bad_cell_costs_its_case_only_and_is_named() -> None:
    rows = [
        {"case:concept:name": "C1", "concept:name": "Open", "time:timestamp": "1772442000123"},
        {"case:concept:name": "C1", "concept:name": "Done", "time:timestamp": 1772445600000},
        {"case:concept:name": "C2", "concept:name": "Done", "time:timestamp": "2026-03-02"},
        {"case:concept:name": "C3", "concept:name": "Done", "time:timestamp": 1772449200000.0},
    ]
    stream = eventlog.histories(rows, status_map=STATUS, timestamp_unit="ms", on_error="collect")
    found = {h.id: h for h in stream}
    assert sorted(found) == ["C1", "C3"]
    assert found["C1"].created_at == datetime(2026, 3, 2, 9, 0, 0, 123000, tzinfo=UTC)
    assert found["C1"].solved_at() == datetime(2026, 3, 2, 10, tzinfo=UTC)
    (err,) = stream.errors
    assert isinstance(err, RecordError)
    assert str(err).startswith("rows[2].time:timestamp: case 'C2': not a count of milliseconds")


def test_the_zone_plays_no_part() -> None:
    rows = [{"case:concept:name": "C1", "concept:name": "Done", "time:timestamp": 0}]
    (h,) = eventlog.histories(rows, status_map=STATUS, timestamp_unit="s", tz="Europe/Berlin")
    assert h.created_at == EPOCH


def test_a_mapping_file_sets_it_and_a_csv_is_read_with_it(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "case:concept:name,concept:name,time:timestamp\n"
        "C1,Open,1772442000000\nC1,Done,1772445600000\n",
        encoding="utf-8",
    )
    options = SourceMap.from_dict({"status_map": STATUS, "timestamp_unit": "ms"}).options
    result = eventlog.load(log, **options)
    (h,) = result.histories
    assert h.solved_at() == datetime(2026, 3, 2, 10, tzinfo=UTC)
    with pytest.raises(ConfigError, match=r"^timestamp_unit: unknown unit 'millis'"):
        SourceMap.from_dict({"timestamp_unit": "millis"})
    with pytest.raises(ConfigError, match=r"timestamp_unit: unknown unit 3"):
        eventlog.load(log, status_map=STATUS, timestamp_unit=3)
