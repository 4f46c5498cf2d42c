"""Regression tests for bad input found by fuzzing the real-export columns (durations, event log
cells, table and word options; ``test_fuzz_readers_export_columns.py``).

Each bad input is a ``ServiceModelError`` naming the record or option and the value, never
another exception, a silently wrong instant or a dropped value: a duration cell holding
numpy's ``True`` or a complex number (``float()`` read them as 1); an event log cell holding
``False`` (read as a missing value, as pandas' ``NA`` is); ``channel_map``, ``priority_map``,
``rating_map``, ``columns``, ``status_map`` and ``activity_map`` that are no table
(``AttributeError``/``ValueError``); ``no_rating``, ``missing`` and ``ignore`` given as one
string (read letter by letter) or a number (``TypeError``); a one-row ``channel_map`` whose
value is no channel name (taken as its text).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import eventlog, summary

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
UNITS = {"s": 1, "min": 60, "h": 3600}


def _summary(value: Any, role: str) -> Any:
    rows = [
        {"id": "1", "created": T0.isoformat(), "d": value},
        {"id": "2", "created": T0.isoformat(), "d": "5"},
    ]
    columns = {"id": "id", "created": "created", role: "d"}
    return summary.histories(rows, columns=columns, on_error="collect").collect()


# -- duration cells: a flag or a complex number is no amount of time -----------------------------


@given(
    value=st.sampled_from([np.bool_(True), np.bool_(False), True, np.complex128(1 + 0j)]),
    role=st.sampled_from([f"{r}_after_{u}" for r in ("first_reply", "solved") for u in UNITS]),
)
def test_a_flag_or_complex_duration_is_the_tickets_error(value: Any, role: str) -> None:
    loaded = _summary(value, role)
    # The other ticket is read: five units after its creation, by the unit in the role's name.
    (other,) = loaded.histories
    stop = other.first_reply_at() if role.startswith("first_reply") else other.solved_at()
    assert other.id == "2"
    assert stop == T0 + timedelta(seconds=5 * UNITS[role.rsplit("_", 1)[1]])
    (error,) = loaded.errors
    assert error.path == "rows[0].d"
    assert "expected a duration" in str(error)
    # A numpy cell is named as the Python value it holds, as a polars cell is.
    shown = value.item() if isinstance(value, np.generic) else value
    assert repr(shown) in str(error)


@given(minutes=st.integers(0, 10**6), kind=st.sampled_from([np.int64, np.float32, np.uint32]))
def test_numpy_numbers_are_still_durations(minutes: int, kind: Any) -> None:
    value = kind(minutes)
    (h, _other) = _summary(value, "first_reply_after_min").histories
    assert h.first_reply_at() == T0 + timedelta(minutes=float(value))


# -- event log cells: False is a value, not a missing one ----------------------------------------

COLUMNS = {"case": "c", "activity": "a", "timestamp": "t", "lifecycle": "lc", "resource": "r"}


def _log(cell: dict[str, Any]) -> Any:
    rows = []
    for case in "AB":
        for act, minutes in (("Open", 0), ("Reply", 30), ("Resolved", 60)):
            row = {"c": case, "a": act, "t": T0 + timedelta(minutes=minutes)}
            row |= {"lc": "complete", "r": "Ann"}
            rows.append(row | cell if (case, act) == ("A", "Reply") else row)
    return eventlog.histories(
        rows,
        columns=COLUMNS,
        status_map={"Open": "open", "Resolved": "solved"},
        activity_map={"Reply": "agent_reply"},
        on_error="collect",
    ).collect()


@pytest.mark.parametrize("flag", [False, np.bool_(False)])
def test_a_false_lifecycle_is_the_cases_error_not_a_missing_value(flag: Any) -> None:
    loaded = _log({"lc": flag})
    assert [h.id for h in loaded.histories] == ["B"]
    (error,) = loaded.errors
    assert f"lifecycle {flag!r} is not a transition of the XES standard lifecycle" in str(error)
    assert error.path == "rows[1].lc"


@pytest.mark.parametrize("flag", [False, np.bool_(False)])
def test_a_false_cell_is_its_text_elsewhere(flag: Any) -> None:
    # A resource column of flags (a frame's bool column) is read as its text, as True always was.
    loaded = _log({"r": flag})
    assert not loaded.errors
    a = next(h for h in loaded.histories if h.id == "A")
    assert a.events[1].agent == "False"


def test_pandas_na_is_still_missing() -> None:
    import pandas as pd

    loaded = _log({"lc": pd.NA, "r": pd.NA})
    a = next(h for h in loaded.histories if h.id == "A")
    assert not loaded.errors
    assert len(a.events) == 3
    assert a.events[1].agent is None


# -- the one-row reader's table options: a value that is no table is a ConfigError --------------

NOT_TABLES = [Decimal("1.5"), ["IVR"], "IVR=phone", 3, {"IVR"}]


@pytest.mark.parametrize("option", ["channel_map", "priority_map", "rating_map"])
@pytest.mark.parametrize("value", NOT_TABLES, ids=repr)
def test_a_summary_option_that_is_no_table_is_a_config_error(option: str, value: Any) -> None:
    rows = [{"id": "1", "created": T0.isoformat()}]
    with pytest.raises(ConfigError, match="expected a table") as info:
        summary.histories(rows, on_error="collect", **{option: value}).collect()
    assert info.value.path == option
    assert repr(value)[:10] in str(info.value)


@pytest.mark.parametrize("reader", ["summary", "eventlog"])
def test_a_channel_map_value_that_is_no_name_is_a_config_error(reader: str) -> None:
    # The one-row reader read {"web": 5} as the channel "5"; both readers now say so.
    rows = [{"id": "1", "created": T0.isoformat(), "case:concept:name": "1"}]
    load = summary.histories if reader == "summary" else eventlog.histories
    with pytest.raises(ConfigError, match="expected a channel name, got 5") as info:
        load(rows, channel_map={"Web": 5}).collect()
    assert info.value.path == "channel_map.Web"


@given(
    pairs=st.dictionaries(
        st.text(min_size=1, max_size=8).filter(str.strip),
        st.sampled_from(["web", "phone", "chat", "self_service"]),
        max_size=4,
    )
)
def test_both_readers_map_channels_alike(pairs: dict[str, str]) -> None:
    rows = [{"id": str(n), "created": T0.isoformat(), "ch": k} for n, k in enumerate(pairs)]
    got = summary.histories(
        rows, columns={"id": "id", "created": "created", "channel": "ch"}, channel_map=pairs,
        on_error="collect",
    ).collect()  # fmt: skip
    # The key's text, stripped and in lowercase, finds its channel (the last of equal keys).
    want = {k.strip().lower(): v for k, v in pairs.items()}
    assert {h.ticket.channel for h in got.histories} <= set(want.values())
    keys = list(pairs)
    for h in got.histories:
        assert h.ticket.channel == want[keys[int(h.id)].strip().lower()]
    assert len(got.histories) == len(pairs)


# -- options that list words: a lone string or a number is a ConfigError ------------------------

SUMMARY_ROWS = [{"id": "1", "created": T0.isoformat(), "rating": "Offered"}]
LOG_ROWS = [{"case:concept:name": "1", "concept:name": "Done", "time:timestamp": T0}]


@pytest.mark.parametrize(
    ("reader", "option"),
    [("summary", "no_rating"), ("summary", "missing"), ("log", "missing"), ("log", "ignore")],
)
@pytest.mark.parametrize("value", ["Offered", 5, None, Decimal(1), b"NA", {"NA": 1}], ids=repr)
def test_a_word_option_that_is_no_list_is_a_config_error(
    reader: str, option: str, value: Any
) -> None:
    # no_rating=5 raised TypeError; no_rating="Offered" was the letters O, f, e, r, d.
    def run() -> Any:
        if reader == "summary":
            return summary.histories(SUMMARY_ROWS, **{option: value}).collect()
        return eventlog.histories(LOG_ROWS, status_map={"Done": "solved"}, **{option: value})

    with pytest.raises(ConfigError, match="expected a list of strings") as info:
        run()
    assert info.value.path == option


@pytest.mark.parametrize("value", [[5], ["Offered", None], [["x"]]], ids=repr)
def test_a_word_that_is_no_string_is_named(value: list[Any]) -> None:
    with pytest.raises(ConfigError, match="expected a string") as info:
        summary.histories(SUMMARY_ROWS, no_rating=value).collect()
    assert info.value.path == f"no_rating[{len(value) - 1}]"


COLS = {"id": "id", "created": "created", "rating": "rating"}


@given(words=st.sets(st.text(min_size=1, max_size=8).filter(str.strip), max_size=4))
def test_no_rating_words_in_any_collection_read_alike(words: set[str]) -> None:
    rows = [{"id": str(i), "created": T0.isoformat(), "rating": w} for i, w in enumerate(words)]
    got = [
        summary.histories(rows, columns=COLS, no_rating=kind(words), on_error="collect").collect()
        for kind in (list, tuple, set, frozenset)
    ]
    # Every word is no rating, whatever the collection: no rating event, no error.
    for loaded in got:
        assert not loaded.errors
        assert len(loaded.histories) == len(words)
        assert all(not h.events for h in loaded.histories)


# -- the event log's table options: a value that is no table is a ConfigError -------------------


@pytest.mark.parametrize("option", ["columns", "status_map", "activity_map"])
@pytest.mark.parametrize("value", ["case=number", ["case"], 3, Decimal("1.5")], ids=repr)
def test_an_event_log_option_that_is_no_table_is_a_config_error(option: str, value: Any) -> None:
    # columns=["case"] raised ValueError (dict() of a list), status_map="x" AttributeError.
    options: dict[str, Any] = {"status_map": {"Done": "solved"}, option: value}
    with pytest.raises(ConfigError, match="expected a table") as info:
        eventlog.histories(LOG_ROWS, **options)
    assert info.value.path == option


@pytest.mark.parametrize("value", ["Id", ["id"], 3], ids=repr)
def test_a_summary_columns_option_that_is_no_table_is_a_config_error(value: Any) -> None:
    with pytest.raises(ConfigError, match="expected a table") as info:
        summary.histories(SUMMARY_ROWS, columns=value).collect()
    assert info.value.path == "columns"
