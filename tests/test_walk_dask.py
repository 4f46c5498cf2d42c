"""servicemodel.dask as an analyst with a large export uses it: the findings of a walk.

Each law is checked on the synchronous scheduler (no cluster: tests/test_dask.py has that),
with a handful of Hypothesis examples, since every example builds a Dask graph.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("dask")

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from servicemodel.dask import accumulate, estimate
from servicemodel.errors import ConfigError, InputTypeError, RecordError, ServiceModelError
from servicemodel.io import history_to_dict, load_csv
from servicemodel.kpi import CSAT, NPS, Ratings, ResolutionRate
from servicemodel.model import TicketHistory
from servicemodel.sla import SLALeftOut
from servicemodel.strategies import histories, policies

WALK = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _bag(parts: list[list[Any]]) -> Any:
    """A bag with exactly these partitions (empty ones included), in this order."""
    from dask.bag.core import Bag

    name = f"walk-{id(parts)}"
    return Bag({(name, i): part for i, part in enumerate(parts)}, name, len(parts))


def _split(items: list[Any], cuts: list[int]) -> list[list[Any]]:
    """``items`` cut at ``cuts`` (positions, repeats give empty partitions)."""
    edges = [0, *sorted(min(c, len(items)) for c in cuts), len(items)]
    return [items[a:b] for a, b in itertools.pairwise(edges)]


@WALK
@given(
    policy=policies(),
    tickets=st.lists(histories(max_events=5), max_size=12, unique_by=lambda h: h.id),
    cuts=st.lists(st.integers(0, 12), max_size=5),
    order=st.randoms(use_true_random=False),
)
def test_sla_left_out_merges_on_dask_as_in_one_pass(
    policy: Any, tickets: list[TicketHistory], cuts: list[int], order: Any
) -> None:
    # SLALeftOut adds and merges but has no result(): accumulate refused it as "expected an
    # empty servicemodel accumulator (with add_many/merge/result)".
    parts = _split([history_to_dict(h) for h in tickets], cuts)
    order.shuffle(parts)
    with dask.config.set(scheduler="sync"):
        got = accumulate(_bag(parts), SLALeftOut.empty(policy))
    assert got == SLALeftOut.empty(policy).add_many(tickets)


def test_a_bag_of_empty_partitions_gives_the_empty_accumulator() -> None:
    # Dask hands the aggregate of a bag whose partitions are all empty no part at all; that
    # was "nothing to merge" instead of the empty figure.
    from servicemodel.kpi import CSAT
    from servicemodel.sla import SLAPolicy, Target

    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
    with dask.config.set(scheduler="sync"):
        for parts in ([[]], [[], []], [[], [], []]):
            assert accumulate(_bag(parts), CSAT.empty()) == CSAT.empty()
            assert accumulate(_bag(parts), SLALeftOut.empty(policy)) == SLALeftOut.empty(policy)


def test_estimate_says_a_tally_is_its_own_figure() -> None:
    from servicemodel.sla import SLAPolicy, Target

    policy = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
    with pytest.raises(InputTypeError, match=r"SLALeftOut has no result\(\)"):
        estimate(db.from_sequence([], npartitions=1), SLALeftOut.empty(policy))


def _csv_text(tickets: list[TicketHistory]) -> str:
    """The CSV shape of io.load_csv (one row per event), as an export would write it."""
    rows = []
    for h in tickets:
        rec = history_to_dict(h)
        base: dict[str, Any] = {"ticket_id": rec["id"], "created_at": rec["created_at"]}
        for ev in rec["events"] or [None]:
            row = dict(base)
            if ev is not None:
                row.update(event_id=ev["id"], event_kind=ev["kind"], event_at=ev["at"])
                for key, value in ev.items():
                    if key not in ("id", "kind", "at") and value is not None:
                        row[f"event_{key}"] = value
            rows.append(row)
    return pd.DataFrame(rows, dtype=object).to_csv(index=False)


@WALK
@given(
    tickets=st.lists(histories(max_events=5), min_size=1, max_size=10, unique_by=lambda h: h.id),
    npartitions=st.integers(1, 4),
)
def test_ticket_rows_read_with_inferred_dtypes_give_the_file_s_tickets(
    tickets: list[TicketHistory], npartitions: int
) -> None:
    # pd.read_csv / dd.read_csv read a column of whole numbers with empty cells (event_score,
    # event_scale_min) as floats; the rows were written back as '1.0' and refused as a scale
    # end, though the file said 1.
    text = _csv_text(tickets)
    frame = pd.read_csv(io.StringIO(text))  # default dtypes, as an analyst reads it
    in_process = load_csv(text.splitlines()).histories
    ddf = dd.from_pandas(frame, npartitions=npartitions, sort=False)
    with dask.config.set(scheduler="sync"):
        for empty in (ResolutionRate.empty(), Ratings.empty(NPS.empty())):
            assert accumulate(ddf, empty) == empty.add_many(in_process)


def test_a_whole_float_scale_end_reads_as_the_integer_the_file_holds() -> None:
    text = (
        "ticket_id,created_at,event_id,event_kind,event_at,event_score,event_survey,"
        "event_scale_min,event_scale_max\n"
        "A,2026-01-05T09:00:00Z,r,satisfaction,2026-01-05T10:00:00Z,4,csat,1,5\n"
        "B,2026-01-05T09:00:00Z,,,,,,,\n"
    )
    ddf = dd.from_pandas(pd.read_csv(io.StringIO(text)), npartitions=2)
    assert ddf["event_scale_min"].dtype.kind == "f"  # the case this guards
    with dask.config.set(scheduler="sync"):
        got = accumulate(ddf, Ratings.empty(CSAT.empty()))
    assert got == Ratings.empty(CSAT.empty()).add_many(load_csv(text.splitlines()).histories)
    assert got.result().n == 1


@WALK
@given(
    n=st.integers(1, 30),
    bad=st.data(),
    cuts=st.lists(st.integers(0, 30), max_size=6),
    field=st.sampled_from(
        [
            ("priority", "urgnt", "urgnt"),
            ("created_at", "2026-03-02T09:00:00", "naive datetime"),
            ("prio", "high", "unknown field"),
        ]
    ),
)
def test_a_bad_ticket_dict_in_one_partition_is_named_by_its_id(
    n: int, bad: Any, cuts: list[int], field: tuple[str, str, str]
) -> None:
    # The error named the field and value but not the record: in a bag of millions of dicts,
    # "priority: unknown priority 'urgnt'" did not say which ticket to fix.
    records: list[dict[str, Any]] = [
        {"id": f"T-{i}", "created_at": "2026-03-02T09:00:00Z", "events": []} for i in range(n)
    ]
    where = bad.draw(st.integers(0, n - 1))
    key, value, said = field
    records[where] = records[where] | {key: value}
    with pytest.raises(RecordError) as err, dask.config.set(scheduler="sync"):
        accumulate(_bag(_split(records, cuts)), ResolutionRate.empty())
    assert isinstance(err.value, ConfigError)  # what the docs say to catch
    message = str(err.value)
    assert message.startswith(f"ticket 'T-{where}': ")
    assert said in message


@WALK
@given(
    n=st.integers(1, 20),
    data=st.data(),
    blank=st.lists(st.integers(0, 20), max_size=4),
    broken=st.sampled_from(['{"id": "T-x", ', '{"id": "T-x", "created_at": "soon", "events": []}']),
)
def test_a_bad_jsonl_line_is_named_by_file_and_line(
    n: int, data: Any, blank: list[int], broken: str
) -> None:
    # The error named the ticket (or the text of the line) but neither file nor line.
    import tempfile
    from pathlib import Path

    from servicemodel.dask import read_tickets

    lines = [
        f'{{"id": "T-{i}", "created_at": "2026-03-02T09:00:00Z", "events": []}}' for i in range(n)
    ]
    lines[data.draw(st.integers(0, n - 1))] = broken
    for at in sorted(blank, reverse=True):  # blank lines count as lines of the file
        lines.insert(min(at, len(lines)), "   ")
    expected = lines.index(broken) + 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with pytest.raises(RecordError) as err, dask.config.set(scheduler="sync"):
            accumulate(read_tickets(str(path)), ResolutionRate.empty())
    assert err.value.line == expected
    assert err.value.source is not None
    assert err.value.source.endswith("export.jsonl")
    assert f"export.jsonl: line {expected}: " in str(err.value)


def test_a_persisted_bag_of_tickets_can_be_used_twice(tmp_path: Any) -> None:
    # Parsed partition by partition as a generator, a persisted bag held spent generators: a
    # second computation on it found no tickets ("nothing to merge").
    from servicemodel.dask import read_tickets

    path = tmp_path / "export.jsonl"
    path.write_text(
        "".join(
            f'{{"id": "T-{i}", "created_at": "2026-03-02T09:00:00Z", "events": []}}\n'
            for i in range(7)
        ),
        encoding="utf-8",
    )
    with dask.config.set(scheduler="sync"):
        bag = read_tickets(str(path), blocksize=100).persist()
        assert bag.count().compute() == 7
        assert accumulate(bag, ResolutionRate.empty()).created == 7
        assert [h.id for h in bag.compute()] == [f"T-{i}" for i in range(7)]


def _rows_typed_late(tmp_path: Any) -> Any:
    """Ticket rows whose ``assignee`` is empty in the rows Dask types it from, text later."""
    rows = [f"T-{i},2026-03-02T09:00:00Z,," for i in range(30)]
    rows += ["T-30,2026-03-02T09:00:00Z,alice,"]
    path = tmp_path / "rows.csv"
    path.write_text("ticket_id,created_at,assignee,group\n" + "\n".join(rows) + "\n")
    return path


def test_ticket_rows_whose_csv_types_disagree_name_the_columns_and_the_fix(
    tmp_path: Any,
) -> None:
    # dd.read_csv guesses types from the first rows: a column empty there and filled later
    # failed with Dask's bare ValueError from inside a task.
    path = _rows_typed_late(tmp_path)
    with pytest.raises(ConfigError) as err, dask.config.set(scheduler="sync"):
        accumulate(dd.read_csv(str(path)), ResolutionRate.empty())
    assert "['assignee']" in str(err.value)
    assert "dtype=str, keep_default_na=False" in str(err.value)
    as_text = dd.read_csv(str(path), dtype=str, keep_default_na=False)
    with dask.config.set(scheduler="sync"):
        assert accumulate(as_text, ResolutionRate.empty()).created == 31


def test_with_compute_false_a_csv_type_mismatch_is_dasks_own_error_as_documented(
    tmp_path: Any,
) -> None:
    # Documented in accumulate's docstring and docs/scaling.md: the error comes from Dask's
    # reading task, before any task of ours, and the frame's dtypes do not show it (the
    # column is float64 in both the failing and the working frame), so it cannot be turned
    # into a ConfigError without computing. Reading as text works lazily too.
    path = _rows_typed_late(tmp_path)
    frame = dd.read_csv(str(path))
    assert str(frame.dtypes["assignee"]) == str(frame.dtypes["group"]) == "float64"
    with dask.config.set(scheduler="sync"):
        lazy = accumulate(frame, ResolutionRate.empty(), compute=False)
        with pytest.raises(ValueError, match="Mismatched dtypes found") as err:
            dask.compute(lazy)
        assert not isinstance(err.value, ServiceModelError)
        as_text = dd.read_csv(str(path), dtype=str, keep_default_na=False)
        (acc,) = dask.compute(accumulate(as_text, ResolutionRate.empty(), compute=False))
    assert acc.created == 31
