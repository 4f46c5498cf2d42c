"""The Dask layer at its edges: reduction trees of every width, empty partitions, the line a
bad record is named by, and the arguments refused before anything is computed.

Expected values follow docs/scaling.md and the docstrings of ``servicemodel.dask``: the result
is the one in-process pass whatever the partitioning; ``split_every`` is an int >= 2; a bad
line read with ``read_tickets`` is named by file and line only when each file is one partition.
Everything runs on Dask's synchronous scheduler (no cluster): the folding and merging are ours.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

dask = pytest.importorskip("dask")
pd = pytest.importorskip("pandas")
import dask.bag as db  # noqa: E402 - after the importorskip that guards it
import dask.dataframe as dd  # noqa: E402

from servicemodel.dask import accumulate, estimate, read_tickets, sla_attainment  # noqa: E402
from servicemodel.errors import (  # noqa: E402
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    RecordError,
)
from servicemodel.kpi import CSAT, NPS  # noqa: E402


@pytest.fixture(autouse=True)
def _synchronous() -> Iterator[None]:
    with dask.config.set(scheduler="synchronous"):
        yield


scores = st.lists(st.integers(0, 10), min_size=1, max_size=40)


@settings(max_examples=30)
@given(scores, st.integers(1, 12), st.integers(2, 4))
def test_a_frame_of_any_number_of_partitions_merges_every_one(
    values: list[int], npartitions: int, split_every: int
) -> None:
    frame = dd.from_pandas(pd.DataFrame({"score": values}), npartitions=npartitions)
    one_pass = NPS.empty().add_many(values)
    merged = accumulate(frame, NPS.empty(), column="score", split_every=split_every)
    assert merged == one_pass
    assert estimate(frame["score"], NPS.empty(), split_every=split_every) == one_pass.result()


@settings(max_examples=30)
@given(scores, st.integers(1, 12), st.integers(2, 4))
def test_a_bag_of_any_number_of_partitions_merges_every_one(
    values: list[int], npartitions: int, split_every: int
) -> None:
    bag = db.from_sequence(values, npartitions=npartitions)
    assert accumulate(bag, NPS.empty(), split_every=split_every) == NPS.empty().add_many(values)


def test_empty_partitions_give_the_empty_accumulator() -> None:
    bag = db.from_sequence([], npartitions=1)
    assert accumulate(bag, CSAT.empty()) == CSAT.empty()
    # Some partitions empty, some not: the non-empty ones count, once.
    mixed = db.from_sequence([5, 4], npartitions=2).filter(lambda v: v == 5)
    assert accumulate(mixed, CSAT.empty()) == CSAT.empty().add_many([5])


@pytest.mark.parametrize("split_every", [1, 0, -3])
def test_split_every_below_two_is_a_value_not_allowed(split_every: int) -> None:
    bag = db.from_sequence([5, 4], npartitions=2)
    with pytest.raises(ConfigError, match=r"split_every must be an int ≥ 2"):
        accumulate(bag, CSAT.empty(), split_every=split_every)


@pytest.mark.parametrize("split_every", [True, False, 2.0, "8"])
def test_split_every_of_another_type_is_a_type_error(split_every: object) -> None:
    bag = db.from_sequence([5, 4], npartitions=2)
    with pytest.raises(InputTypeError, match=r"split_every must be an int ≥ 2"):
        accumulate(bag, CSAT.empty(), split_every=split_every)


def test_estimate_always_computes() -> None:
    bag = db.from_sequence([5, 4], npartitions=2)
    with pytest.raises(InputTypeError, match=r"estimate always computes"):
        estimate(bag, CSAT.empty(), compute=False)


def test_column_is_for_a_frame_not_a_bag() -> None:
    bag = db.from_sequence([{"score": 5}], npartitions=1)
    with pytest.raises(InputTypeError, match=r"column= applies to a DataFrame, not a bag"):
        accumulate(bag, CSAT.empty(), column="score", parse=False)


def test_a_naive_at_is_refused_before_anything_is_computed() -> None:
    from servicemodel.sla import SLAPolicy, Target

    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
    bag = db.from_sequence([], npartitions=1)
    with pytest.raises(NaiveDatetimeError, match=r"^at: naive datetime"):
        sla_attainment(bag, policy, at=datetime(2026, 3, 2, 9))


# -- the line a bad JSON Lines record is named by -------------------------------------------

GOOD = {"id": "T-{}", "created_at": "2026-03-02T09:00:00Z", "events": []}


def write_lines(path: Path, bad_at: int, n: int, blanks: tuple[int, ...] = ()) -> None:
    lines = []
    for i in range(1, n + 1):
        if i in blanks:
            lines.append("")
        elif i == bad_at:
            lines.append("{not json")
        else:
            lines.append(json.dumps({**GOOD, "id": f"T-{i}"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@settings(max_examples=20)
@given(st.integers(1, 8), st.integers(0, 4))
def test_a_bad_line_is_named_by_its_line_in_the_file(bad_at: int, extra: int) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.jsonl"
        blanks = tuple(i for i in (1, 2) if i != bad_at)[: extra % 2]
        write_lines(path, bad_at, bad_at + extra, blanks)
        with pytest.raises(RecordError) as info:
            accumulate(read_tickets(str(path)), CSAT.empty(), extract=lambda h: [])
        assert info.value.line == bad_at  # counted from 1, blank lines counted
        assert str(info.value).startswith(f"{path}: line {bad_at}: not valid JSON")


def test_with_blocksize_a_bad_line_is_named_by_its_file_only(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    write_lines(path, 3, 6)
    with pytest.raises(RecordError) as info:
        accumulate(read_tickets(str(path), blocksize=64), CSAT.empty(), extract=lambda h: [])
    assert info.value.line is None
    assert str(info.value).startswith(f"{path}: not valid JSON")
