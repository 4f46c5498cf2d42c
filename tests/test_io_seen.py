"""servicemodel.io._seen: the readers' exact duplicate check, spilled to disk past a threshold."""

from __future__ import annotations

import gc
import json
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import EventOrderError, RecordError
from servicemodel.io import _seen, eventlog, iter_jsonl, load_jsonl, zendesk
from servicemodel.io._seen import SeenIds

T0 = "2026-03-02T09:00:00Z"

#: Short ids that collide often: repeats, the empty string, NUL, non-ASCII, a lone surrogate
#: (JSON "\ud800" reads as one) and a surrogate pair next to the character it stands for.
ids = st.text(
    alphabet=st.sampled_from(["a", "b", "\x00", "é", "😀", "\ud83d", "\ude00", "\ud800", " "]),
    max_size=3,
)
ops = st.lists(st.tuples(st.sampled_from(["add", "in"]), ids), max_size=200)


@given(
    ops=ops,
    spill_at=st.integers(1, 6),
    batch=st.integers(1, 4),
    bloom_bits=st.sampled_from([8, 16, 64, 1 << 12]),
)
def test_answers_exactly_as_a_set_does(
    ops: list[tuple[str, str]], spill_at: int, batch: int, bloom_bits: int
) -> None:
    # A tiny threshold and a tiny filter: spills happen, and so do Bloom false positives.
    model: set[str] = set()
    with SeenIds(spill_at=spill_at, batch=batch, bloom_bits=bloom_bits) as seen:
        for op, key in ops:
            if op == "add":
                seen.add(key)
                model.add(key)
            else:
                assert (key in seen) == (key in model), key
        for key in model:
            assert key in seen


def test_a_surrogate_pair_is_not_the_character_it_encodes() -> None:
    with SeenIds(spill_at=1, batch=1, bloom_bits=8) as seen:  # every id goes to the database
        seen.add("\ud83d\ude00")
        seen.add("x")
        assert "😀" not in seen
        assert "\ud83d\ude00" in seen
        seen.add("😀")
        seen.add("y")
        assert "😀" in seen


def test_false_positives_of_the_filter_are_confirmed_by_the_database() -> None:
    with SeenIds(spill_at=4, batch=4, bloom_bits=8) as seen:  # 8 bits: nearly all set
        for k in range(100):
            seen.add(f"T{k}")
        assert all(f"T{k}" in seen for k in range(100))
        assert not any(f"U{k}" in seen for k in range(100))


def test_without_sqlite3_the_ids_stay_in_a_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sqlite3", None)  # import sqlite3 -> ImportError
    with SeenIds(spill_at=2, batch=2, bloom_bits=8) as seen:
        for k in range(50):
            seen.add(str(k))
        assert all(str(k) in seen for k in range(50))
        assert "50" not in seen


def test_a_full_disk_keeps_the_ids_in_the_set() -> None:
    with SeenIds(spill_at=200, batch=200, bloom_bits=64) as seen:
        for k in range(200):
            seen.add(f"first-{k}")  # spilled
        db = seen._db
        assert db is not None
        # The database may not grow past its size now: the next spill fails as on a full disk.
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        db.execute(f"PRAGMA max_page_count = {pages}")
        for k in range(2000):
            seen.add(f"then-{k:04}-" + "x" * 50)
        assert all(f"first-{k}" in seen for k in range(200))
        assert all(f"then-{k:04}-" + "x" * 50 in seen for k in range(2000))
        assert "then-2000-" not in seen
        (stored,) = db.execute("SELECT count(*) FROM seen").fetchone()
        assert stored == 200  # the failed spill was rolled back


def test_bloom_bits_must_be_a_power_of_two() -> None:
    with pytest.raises(ValueError, match="power of two"):
        SeenIds(bloom_bits=100)


# -- the readers, far past the threshold ------------------------------------------------------


@pytest.fixture
def tiny(monkeypatch: pytest.MonkeyPatch) -> list[sqlite3.Connection]:
    """Spill after 8 ids, in batches of 4, through a 64-bit filter; the databases opened."""
    monkeypatch.setattr(_seen, "SPILL_AT", 8)
    monkeypatch.setattr(_seen, "BATCH", 4)
    monkeypatch.setattr(_seen, "BLOOM_BITS", 64)
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        db = connect(*args, **kwargs)
        opened.append(db)
        return db

    monkeypatch.setattr(sqlite3, "connect", recording)
    return opened


def is_closed(db: sqlite3.Connection) -> bool:
    try:
        db.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        return True
    return False


def shown(errors: Sequence[RecordError]) -> list[tuple[str, int | None, str | None]]:
    return [(str(e), e.line, e.path) for e in errors]


def jsonl(n: int, again: int) -> list[str]:
    """``n`` tickets T0..T(n-1), then T<again> once more, then one more new ticket."""
    tickets = [f"T{k}" for k in range(n)] + [f"T{again}", f"T{n}"]
    return [json.dumps({"id": t, "created_at": T0}) for t in tickets]


def test_jsonl_reports_a_duplicate_after_a_spill(tiny: list[sqlite3.Connection]) -> None:
    lines = jsonl(100, again=3)
    errors: list[RecordError] = []
    got = [h.id for h in iter_jsonl(lines, on_error="collect", errors=errors)]
    assert len(tiny) == 1
    assert got == [f"T{k}" for k in range(101)]
    assert [(str(e), e.line) for e in errors] == [("line 101: id: duplicate ticket id 'T3'", 101)]
    with pytest.raises(RecordError) as raised:
        list(iter_jsonl(lines))
    assert str(raised.value) == "line 101: id: duplicate ticket id 'T3'"
    assert shown(load_jsonl(lines, on_error="collect").errors) == shown(errors)
    assert all(is_closed(db) for db in tiny)


def read_all(lines: list[str]) -> tuple[list[str], list[RecordError]]:
    errors: list[RecordError] = []
    return [h.id for h in iter_jsonl(lines, on_error="collect", errors=errors)], errors


def test_jsonl_reports_the_same_errors_with_or_without_a_spill(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = jsonl(60, again=59) + jsonl(60, again=0)  # 1 duplicate, then 62 more
    plain_ids, plain_errors = read_all(lines)
    monkeypatch.setattr(_seen, "SPILL_AT", 2)
    monkeypatch.setattr(_seen, "BATCH", 3)
    monkeypatch.setattr(_seen, "BLOOM_BITS", 8)
    spilled_ids, spilled_errors = read_all(lines)
    assert spilled_ids == plain_ids
    assert shown(spilled_errors) == shown(plain_errors)
    assert len(plain_errors) == 63


def test_load_jsonl_keeps_its_ids_in_a_set(tiny: list[sqlite3.Connection]) -> None:
    # It returns every history: the ids are a small part of that, and faster in a set.
    result = load_jsonl(jsonl(100, again=3), on_error="collect")
    assert len(result.histories) == 101
    assert shown(result.errors) == [("line 101: id: duplicate ticket id 'T3'", 101, "id")]
    assert tiny == []


def zendesk_pages(ids: list[int]) -> Iterator[dict[str, Any]]:
    for start in range(0, len(ids), 10):
        tickets = [
            {"id": i, "created_at": T0, "updated_at": T0, "status": "new"}
            for i in ids[start : start + 10]
        ]
        yield {"tickets": tickets, "after_cursor": "x", "end_of_stream": False}


def test_zendesk_reports_a_duplicate_after_a_spill(tiny: list[sqlite3.Connection]) -> None:
    ids = [*range(1, 101), 7, 101]
    stream = zendesk.histories(zendesk_pages(ids), on_error="collect")
    assert [h.id for h in stream] == [str(i) for i in range(1, 102)]
    (err,) = stream.errors
    assert str(err) == (
        "pages[10].tickets[0]: ticket 7: id 7: ticket appears twice in the export"
        " (zendesk.load keeps the latest record of a repeated ticket)"
    )
    with pytest.raises(RecordError) as raised:
        list(zendesk.histories(zendesk_pages(ids)))
    assert str(raised.value) == str(err)
    assert len(tiny) == 2
    assert is_closed(tiny[0])
    # The stream raised a yielded error: its reader, paused at that yield, is dropped and
    # closed with the traceback that holds it.
    del raised
    gc.collect()
    assert is_closed(tiny[1])


def test_an_event_log_case_met_again_after_a_spill_is_refused(
    tiny: list[sqlite3.Connection],
) -> None:
    rows = [
        {"case:concept:name": f"C{k}", "concept:name": "x", "time:timestamp": T0}
        for k in [*range(100), 3]
    ]
    stream = eventlog.histories(rows, activity_map={"x": "customer_message"}, on_error="collect")
    with pytest.raises(EventOrderError, match=r"^rows\[100\]: case 'C3' starts again after"):
        list(stream)
    (db,) = tiny
    assert is_closed(db)


def test_the_database_is_closed_when_a_reader_stops_early(
    tiny: list[sqlite3.Connection],
) -> None:
    stream = iter_jsonl(jsonl(100, again=3))
    for _ in range(50):
        next(stream)
    (db,) = tiny
    assert not is_closed(db)
    stream.close()
    assert is_closed(db)


def test_the_database_is_closed_when_a_reader_is_abandoned(
    tiny: list[sqlite3.Connection],
) -> None:
    stream = zendesk.histories(zendesk_pages(list(range(1, 101))))
    for _ in range(50):
        next(stream)
    (db,) = tiny
    del stream
    gc.collect()
    assert is_closed(db)
