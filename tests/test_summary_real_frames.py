"""Frames as analysts load them: pandas nullable dtypes (``NA``), ``category``, polars nulls.

``pd.read_csv(..., dtype_backend="numpy_nullable")`` gives string, ``Int64`` and ``Float64``
columns whose missing cells are ``pd.NA`` -- neither equal nor unequal to itself, so a NaN
test misses it and it used to be read as the text ``"<NA>"`` (an unknown priority, a
timestamp that is no timestamp, a group named ``<NA>``). The law: the CSV, the pandas frame
read with nullable dtypes (and a ``category`` column) and the polars frame of the same file
give the same histories.
"""

from __future__ import annotations

import csv
import importlib.util
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import NaiveDatetimeError
from servicemodel.io import summary
from servicemodel.model import TicketHistory

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
HEADER = ["id", "created_at", "first_reply_at", "solved_at", "rating", "channel", "priority",
          "group", "Plan"]  # fmt: skip
OPTIONS: dict[str, Any] = {"attributes": ["Plan"]}


def _iso(minutes: int) -> str:
    return (T0 + timedelta(minutes=minutes)).isoformat()


@st.composite
def _rows(draw: st.DrawFn) -> list[dict[str, str]]:
    n = draw(st.integers(1, 8))
    numeric = draw(st.booleans())  # ids a frame reads as integers, or text ids
    ratings = draw(st.sampled_from(["numbers", "words"]))
    rows = []
    for i in range(n):
        start = draw(st.integers(0, 50_000))
        reply = draw(st.none() | st.integers(0, 5_000))
        solve = draw(st.none() | st.integers(0, 50_000))
        pool = ["1", "2", "3", "4", "5"] + (["Unoffered", "Offered"] if ratings == "words" else [])

        def maybe(values: st.SearchStrategy[str]) -> str | None:
            return draw(st.none() | values)

        rows.append({
            "id": str(100 + i) if numeric else f"T-{i}",
            "created_at": _iso(start),
            "first_reply_at": "" if reply is None else _iso(start + reply),
            "solved_at": "" if solve is None else _iso(start + (reply or 0) + solve),
            "rating": maybe(st.sampled_from(pool)) or "",
            "channel": maybe(st.sampled_from(["Email", "Chat", "Web form"])) or "",
            "priority": maybe(st.sampled_from(["Low", "Normal", "High", "Urgent"])) or "",
            "group": maybe(st.sampled_from(["Billing", "Support"])) or "",
            "Plan": maybe(st.sampled_from(["Free", "Pro"])) or "",
        })  # fmt: skip
    return rows


def _csv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        w.writerows(rows)


def _three_ways(path: Path) -> tuple[list[TicketHistory], ...]:
    from_csv = list(summary.load(path, **OPTIONS))
    df = pd.read_csv(path, dtype_backend="numpy_nullable")
    df["channel"] = df["channel"].astype("category")
    from_pandas = list(summary.from_pandas(df, **OPTIONS))
    from_polars = list(summary.from_polars(pl.read_csv(path), **OPTIONS))
    return from_csv, from_pandas, from_polars


@given(_rows())
def test_csv_nullable_pandas_and_polars_give_the_same_histories(rows: list[dict[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tickets.csv"
        _csv(rows, path)
        a, b, c = _three_ways(path)
    assert a == b
    assert a == c
    assert len(a) == len(rows)
    for h in a:  # nothing was read as the text of a missing cell
        t = h.ticket
        assert "<NA>" not in {t.group, t.channel, *map(str, t.attributes.values())}


def test_a_nullable_frame_s_missing_cells_are_missing() -> None:
    df = pd.DataFrame({
        "id": pd.array([1, 2], dtype="Int64"),
        "created_at": pd.array(["2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"], dtype="string"),
        "solved_at": pd.array([pd.NA, "2026-03-02T11:00:00Z"], dtype="string"),
        "rating": pd.array([pd.NA, 4.0], dtype="Float64"),
        "priority": pd.array([pd.NA, "High"], dtype="string"),
        "group": pd.Series([None, "Billing"], dtype="category"),
        "Plan": pd.array([pd.NA, "Pro"], dtype="string"),
    })  # fmt: skip
    first, second = summary.from_pandas(df, attributes=["Plan"])
    assert (first.id, first.solved_at(), list(first.ratings())) == ("1", None, [])
    assert (first.ticket.group, str(first.ticket.priority)) == (None, "normal")
    assert "Plan" not in first.ticket.attributes
    assert (second.id, second.ticket.group, second.ticket.attributes["Plan"]) == (
        "2", "Billing", "Pro",
    )  # fmt: skip


def test_duration_columns_of_frames_may_be_timedeltas() -> None:
    created = ["2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"]
    waits = [timedelta(minutes=45), None]
    after = pd.Series(waits, dtype="timedelta64[ns]")
    pdf = pd.DataFrame({"id": ["a", "b"], "created_at": created, "first_reply_after_s": after})
    plf = pl.DataFrame({"id": ["a", "b"], "created_at": created, "first_reply_after_s": waits})
    for hs in (list(summary.from_pandas(pdf)), list(summary.from_polars(plf))):
        replies = [h.first_reply_at() for h in hs]
        assert replies[0] is not None
        assert replies[0].astimezone(UTC) == datetime(2026, 3, 2, 9, 45, tzinfo=UTC)
        assert replies[1] is None


@given(
    st.lists(
        st.tuples(st.none() | st.integers(-(2**53), 2**53), st.none() | st.floats(-1e9, 1e9)),
        min_size=1,
        max_size=6,
    )
)
def test_numeric_attributes_read_alike_from_pandas_and_polars(
    cells: list[tuple[int | None, float | None]],
) -> None:
    # pandas' nullable Int64 and Float64 cells are numpy scalars: an attribute was the text
    # "0" (Int64) or a numpy.float64 (Float64) where polars gives the int 0 and the float.
    ids = [str(i) for i in range(len(cells))]
    created = [T0 + timedelta(minutes=i) for i in range(len(cells))]
    counts, scores = [c for c, _ in cells], [s for _, s in cells]
    pandas_df = pd.DataFrame({
        "id": ids, "created_at": created,
        "count": pd.array(counts, dtype="Int64"), "score": pd.array(scores, dtype="Float64"),
    })  # fmt: skip
    polars_df = pl.DataFrame(
        {"id": ids, "created_at": created, "count": counts, "score": scores},
        schema={"id": pl.String, "created_at": pl.Datetime("us", "UTC"),
                "count": pl.Int64, "score": pl.Float64},
    )  # fmt: skip
    options = {"attributes": ["count", "score"]}
    from_pandas = list(summary.from_pandas(pandas_df, **options))
    from_polars = list(summary.from_polars(polars_df, **options))
    assert from_pandas == from_polars
    for h, (count, score) in zip(from_pandas, cells, strict=True):
        kept = {k: v for k, v in h.ticket.attributes.items() if k in ("count", "score")}
        expected = {"count": count, "score": score}
        assert kept == {k: v for k, v in expected.items() if v is not None}
        assert all(type(v) in (int, float) for v in kept.values())


@given(
    rating=st.integers(6, 2**62),
    minutes_before=st.integers(1, 10**6),
    microseconds=st.integers(0, 999_999),
)
def test_an_error_names_a_cell_alike_from_pandas_and_polars(
    rating: int, minutes_before: int, microseconds: int
) -> None:
    # pandas' cells are numpy scalars and Timestamps: an error named "rating np.int64(9)"
    # or "solved_at Timestamp('...')" where the polars frame's says "rating 9" and
    # "solved_at datetime.datetime(...)".
    created = datetime(2026, 3, 8, 9, 0, 0, microseconds)
    solved = created - timedelta(minutes=minutes_before)
    data = {"id": ["1", "2"], "created_at": [created, created], "solved_at": [None, solved],
            "rating": [rating, 5]}  # fmt: skip
    pandas_df = pd.DataFrame(data).astype({"rating": "int64", "solved_at": "datetime64[ns]"})
    polars_df = pl.DataFrame(data)
    options: dict[str, Any] = {"tz": "America/New_York", "on_error": "collect"}
    from_pandas = summary.from_pandas(pandas_df, **options).collect()
    from_polars = summary.from_polars(polars_df, **options).collect()
    assert [str(e) for e in from_pandas.errors] == [str(e) for e in from_polars.errors]
    assert [e.path for e in from_pandas.errors] == ["rows[0].rating", "rows[1].solved_at"]
    assert f"rating {rating}:" in str(from_pandas.errors[0])
    without_tz = {"on_error": "collect"}
    with pytest.raises(NaiveDatetimeError) as pandas_error:
        summary.from_pandas(pandas_df, **without_tz).collect()
    with pytest.raises(NaiveDatetimeError) as polars_error:
        summary.from_polars(polars_df, **without_tz).collect()
    assert str(pandas_error.value) == str(polars_error.value)


@given(
    seconds=st.lists(st.none() | st.integers(0, 10**7), min_size=1, max_size=5),
    pandas_unit=st.sampled_from(["ns", "us", "ms", "s"]),
    polars_unit=st.sampled_from(["ns", "us", "ms"]),
)
def test_a_duration_column_in_any_unit_gives_the_creation_plus_it(
    seconds: list[int | None], pandas_unit: str, polars_unit: str
) -> None:
    # pandas adds a Timedelta of a column in "ms" or "s" to a datetime as no time at all:
    # every first reply of such a column was placed at its ticket's creation.
    n = len(seconds)
    created = [T0 + timedelta(hours=i) for i in range(n)]
    spans = [None if s is None else timedelta(seconds=s) for s in seconds]
    pandas_df = pd.DataFrame({
        "id": [str(i) for i in range(n)],
        "created_at": pd.Series(created, dtype="datetime64[ns, UTC]"),
        "first_reply_after_min": pd.Series(spans, dtype=f"timedelta64[{pandas_unit}]"),
    })  # fmt: skip
    polars_df = pl.DataFrame(
        {"id": [str(i) for i in range(n)], "created_at": created, "first_reply_after_min": spans},
        schema={"id": pl.String, "created_at": pl.Datetime("us", "UTC"),
                "first_reply_after_min": pl.Duration(polars_unit)},  # type: ignore[arg-type]
    )  # fmt: skip
    expected = [[] if s is None else [c + s] for c, s in zip(created, spans, strict=True)]
    for read in (summary.from_pandas(pandas_df), summary.from_polars(polars_df)):
        assert [[e.at for e in h.events] for h in read] == expected


_YEAR_1_US = -62135596800000000  # 0001-01-01T00:00:00Z, in microseconds after 1970
_YEAR_10000_US = 253402300800000000  # 10000-01-01T00:00:00Z


@given(
    st.lists(
        st.one_of(
            st.integers(_YEAR_1_US + 86_400_000_000, _YEAR_10000_US - 86_400_000_000),
            st.integers(_YEAR_10000_US, 2**62),
            st.integers(-(2**62), _YEAR_1_US - 1),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_an_instant_past_the_datetime_years_is_one_error_from_every_frame(
    counts: list[int],
) -> None:
    # The same cell said "past the years a datetime holds" from a pandas column and "not a
    # timestamp ... (ISO 8601, D/M/Y ...)" from a polars or pyarrow-backed one.
    ids = [f"T{i}" for i in range(len(counts))]
    raw = pd.Series(counts, dtype="int64").to_numpy().view("datetime64[us]")
    numpy_column = pd.Series(raw).dt.tz_localize("UTC")
    polars_column = pl.Series(counts, dtype=pl.Int64).cast(pl.Datetime("us", "UTC"))
    frames = [
        summary.from_pandas(
            pd.DataFrame({"id": ids, "created_at": numpy_column}), on_error="collect"
        ),
        summary.from_polars(
            pl.DataFrame({"id": ids, "created_at": polars_column}), on_error="collect"
        ),
    ]
    if importlib.util.find_spec("pyarrow") is not None:
        arrow = pd.DataFrame(
            {"id": ids, "created_at": numpy_column.astype("timestamp[us, tz=UTC][pyarrow]")}
        )
        frames.append(summary.from_pandas(arrow, on_error="collect"))
    read = []
    for stream in frames:
        result = stream.collect()
        read.append((list(result.histories), [(e.path, str(e)) for e in result.errors]))
    assert all(r == read[0] for r in read)
    far = [i for i, c in enumerate(counts) if not _YEAR_1_US <= c < _YEAR_10000_US]
    assert [path for path, _ in read[0][1]] == [f"rows[{i}].created_at" for i in far]
    assert all("past the years a datetime holds" in message for _, message in read[0][1])
