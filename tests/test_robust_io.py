"""Bad input never escapes, never hangs, never loses a record (issue 11): readers and model.

One test per violation class of the first fuzzing pass (issue 11; classes 1,
2, 3, 5, 7, 10 and 11 for ``servicemodel.io`` and ``servicemodel.model``), parametrized over
the minimal inputs found, plus a property over mutated exports: every physical line is a
loaded record, part of one, blank, or set aside with an error that names it.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import (
    ConfigError,
    EventOrderError,
    InputTypeError,
    OutOfRangeError,
    RecordError,
    ScaleError,
    ServiceModelError,
)
from servicemodel.io import (
    LoadResult,
    dump_jsonl,
    history_from_dict,
    history_to_dict,
    iter_jsonl,
    load_csv,
    load_jsonl,
)
from servicemodel.model import (
    AgentReply,
    InternalNote,
    Reopen,
    SatisfactionRating,
    StatusChange,
    Ticket,
    TicketHistory,
)
from servicemodel.strategies import histories

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
GOOD = '{"id": "Z", "created_at": "2026-01-05T09:00:00Z"}'
GOOD_Y = '{"id": "Y", "created_at": "2026-01-05T09:00:00Z"}'
RECORD = {"id": "A", "created_at": "2026-01-05T09:00:00Z"}
HEADER = "ticket_id,created_at"
EAST = timezone(timedelta(hours=23, minutes=59))
WEST = timezone(-timedelta(hours=23, minutes=59))
#: Deeper than Python's recursion limit, and than that of CPython's C code: 3.13 reads JSON
#: and writes reprs 10,000 levels deep (3.11 and 3.12 stop at 1,000, as Python code does).
DEEP = 100_000


def _deep(depth: int = DEEP) -> list[Any]:
    x: list[Any] = []
    for _ in range(depth):
        x = [x]
    return x


# --- class 10a: an unclosed CSV quote swallows no later row -------------------------------


def test_unclosed_quote_costs_only_its_own_line() -> None:
    rows = [
        HEADER,
        "A,2026-01-05T09:00:00Z",
        'B,"oops',
        "C,2026-01-05T09:00:00Z",
        "D,2026-01-05T09:00:00Z",
    ]
    result = load_csv(rows, on_error="collect")
    assert [h.id for h in result] == ["A", "C", "D"]
    (err,) = result.errors
    assert (err.line, err.path) == (3, "created_at")
    assert "quoted field" in err.message
    assert "does not close" in err.message
    assert (result.lines_read, result.lines_set_aside) == (5, (3,))
    with pytest.raises(RecordError, match=r"^line 3: created_at: a quoted field"):
        load_csv(rows)


def test_unclosed_quote_sets_aside_its_whole_ticket() -> None:
    head = "ticket_id,created_at,event_id,event_kind,event_at"
    rows = [
        head,
        "B,2026-01-05T09:00:00Z,e1,agent_reply,2026-01-05T09:03:00Z",
        "C,2026-01-05T09:00:00Z,,,",
        'B,2026-01-05T09:00:00Z,e2,"agent_reply,2026-01-05T09:09:00Z',
        "B,2026-01-05T09:00:00Z,e3,agent_reply,2026-01-05T09:10:00Z",
    ]
    result = load_csv(rows, on_error="collect")
    # B lost a row, so none of B loads (a partial ticket would be wrong data): all its lines
    # are set aside, the error names the broken one.
    assert [h.id for h in result] == ["C"]
    assert [(e.line, e.path) for e in result.errors] == [(4, "event_kind")]
    assert result.lines_set_aside == (2, 4, 5)


def test_a_quoted_field_may_hold_commas_and_quotes_on_its_line() -> None:
    rows = ["ticket_id,created_at,attr_note", 'A,2026-01-05T09:00:00Z,"a, ""b"""']
    (h,) = load_csv(rows)
    assert h.ticket.attributes == {"note": 'a, "b"'}


def test_a_line_break_inside_an_item_is_a_new_physical_line() -> None:
    # The quoted cell goes on to line 3 and closes there: one error for the row, on the line
    # it starts on, with both its lines set aside (line 3 is no row of its own).
    text = (
        'ticket_id,created_at,attr_note\nA,2026-01-05T09:00:00Z,"x\ny"\nB,2026-01-05T09:00:00Z,z\n'
    )
    result = load_csv([text], on_error="collect")
    assert [h.id for h in result] == ["B"]
    assert [e.line for e in result.errors] == [2]
    assert result.lines_set_aside == (2, 3)
    assert result.lines_read == 4


# --- classes 10b/10c, 2b, 3, 7, 5: one unreadable line is one error -----------------------


@pytest.fixture
def small_csv_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A field limit of 1,000 characters (ours is 64 MiB: too big to exceed in a test)."""
    before = csv.field_size_limit()
    monkeypatch.setattr("servicemodel.io._files.FIELD_LIMIT", 1000)
    csv.field_size_limit(1000)
    yield
    csv.field_size_limit(before)


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        pytest.param("[" * DEEP + "]" * DEEP, "nested too deeply", id="c2b-deep-array"),
        pytest.param('{"id": 1' + "0" * 5000 + "}", "more than 4300 digits", id="c3-huge-literal"),
        pytest.param(
            '{"id": "A", "created_at": "0001-01-01T00:00:00+23:59"}',
            "created_at: timestamp: 0001-01-01T00:00:00+23:59 is outside the supported range",
            id="c7-year-1",
        ),
        pytest.param(
            '{"id": "A", "created_at": "9999-12-31T23:59:59-23:59"}',
            "created_at: timestamp: 9999-12-31T23:59:59-23:59 is outside the supported range",
            id="c7-year-9999",
        ),
        pytest.param(
            json.dumps(
                {
                    **RECORD,
                    "events": [{"kind": "reopen", "id": "e", "at": "0001-01-01T00:00:00+23:59"}],
                }
            ),
            "events[0].at: timestamp: 0001-01-01T00:00:00+23:59 is outside",
            id="c7-event-at",
        ),
        pytest.param(b'{"id": "A", "created_at": "2026-\xff"}', "not UTF-8", id="non-utf8-bytes"),
        pytest.param(None, "expected a line of text, got NoneType None", id="c5-none-line"),
        pytest.param(42, "expected a line of text, got int 42", id="c5-int-line"),
    ],
)
def test_an_unreadable_jsonl_line_is_one_record_error(line: Any, fragment: str) -> None:
    result = load_jsonl([GOOD_Y, line, GOOD], on_error="collect")
    assert [h.id for h in result] == ["Y", "Z"]
    (err,) = result.errors
    assert err.line == 2
    assert fragment in str(err)
    assert result.lines_set_aside == (2,)
    with pytest.raises(RecordError, match=r"^line 2: "):
        load_jsonl([GOOD_Y, line, GOOD])


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        pytest.param(
            "x" * 2000 + ",2026-01-05T09:00:00Z", "field larger than", id="c10b-big-field"
        ),
        pytest.param(None, "got NoneType None", id="c5-none-row"),
        pytest.param(b"A,2026-01-05T09:00:00Z\xff", "not UTF-8", id="non-utf8-bytes"),
        pytest.param(
            "A,0001-01-01T00:00:00+23:59",
            "created_at: timestamp: 0001-01-01T00:00:00+23:59 is outside",
            id="c7-year-1",
        ),
    ],
)
@pytest.mark.usefixtures("small_csv_limit")
def test_an_unreadable_csv_line_is_one_record_error(line: Any, fragment: str) -> None:
    result = load_csv([HEADER, line, "C,2026-01-05T09:00:00Z"], on_error="collect")
    assert [h.id for h in result] == ["C"]
    (err,) = result.errors
    assert err.line == 2
    assert fragment in str(err)
    with pytest.raises(RecordError, match=r"^line 2: "):
        load_csv([HEADER, line, "C,2026-01-05T09:00:00Z"])


def test_csv_huge_whole_number_in_an_event_column() -> None:
    rows = [
        "ticket_id,created_at,event_id,event_kind,event_at,event_score,event_scale_max",
        "A,2026-01-05T09:00:00Z,r,satisfaction,2026-01-05T10:00:00Z,4," + "9" * 5000,
    ]
    (err,) = load_csv(rows, on_error="collect").errors
    assert (err.line, err.path) == (2, "event_scale_max")
    assert "not a valid scale_max" in err.message
    assert len(err.message) < 200


@pytest.mark.parametrize(
    ("source", "error", "fragment"),
    [
        pytest.param(None, InputTypeError, "got NoneType None", id="c5-none"),
        pytest.param(42, InputTypeError, "got int 42", id="c5-int"),
        pytest.param(b'{"id": "A"}', InputTypeError, "got bytes", id="c5-bytes"),
        pytest.param(
            "a\x00b.jsonl", ConfigError, "'a\\x00b.jsonl' contains a NUL byte", id="c11-nul-path"
        ),
    ],
)
@pytest.mark.parametrize("loader", [load_jsonl, load_csv])
def test_a_source_that_is_not_lines_is_an_error(
    loader: Callable[..., LoadResult], source: Any, error: type[Exception], fragment: str
) -> None:
    with pytest.raises(error, match=r"^source: ") as info:
        loader(source, on_error="collect")
    assert fragment in str(info.value)


def test_bytes_lines_read_like_a_file() -> None:
    rows = [GOOD.encode(), b"\xef\xbb\xbf" + GOOD_Y.encode()]
    # A byte order mark is dropped on the first line only: on the second it is not JSON.
    assert [h.id for h in load_jsonl([b"\xef\xbb\xbf" + GOOD.encode()])] == ["Z"]
    result = load_jsonl(rows, on_error="collect")
    assert [h.id for h in result] == ["Z"]
    assert [e.line for e in result.errors] == [2]


def test_iter_jsonl_streams_past_unreadable_lines() -> None:
    errors: list[RecordError] = []
    lines = ["[" * DEEP + "]" * DEEP, GOOD]
    assert [h.id for h in iter_jsonl(lines, on_error="collect", errors=errors)] == ["Z"]
    assert [e.line for e in errors] == [1]


# --- the accounting ------------------------------------------------------------------------


def test_load_result_accounts_for_every_line() -> None:
    result = load_jsonl([GOOD, "", "  ", "{oops", GOOD], on_error="collect")
    assert (result.lines_read, result.blank_lines, result.lines_set_aside) == (5, 2, (4, 5))
    assert [(e.line, "duplicate" in e.message) for e in result.errors] == [(4, False), (5, True)]
    assert len(result) == result.lines_read - result.blank_lines - len(result.lines_set_aside)


def test_csv_error_found_after_sorting_names_the_line_of_its_event() -> None:
    head = "ticket_id,created_at,event_id,event_kind,event_at,event_status"
    rows = [
        head,
        "A,2026-01-05T09:00:00Z,s,status_change,2026-01-05T11:00:00Z,solved",
        "A,2026-01-05T09:00:00Z,o,reopen,2026-01-05T10:00:00Z,",  # before the solve
        "B,2026-01-05T09:00:00Z,e,agent_reply,2026-01-05T10:00:00Z,",
        "B,2026-01-05T09:00:00Z,e,agent_reply,2026-01-05T10:00:00Z,",  # duplicated row
    ]
    result = load_csv(rows, on_error="collect")
    assert len(result) == 0
    assert [(e.line, e.message.split(":")[1].strip()[:14]) for e in result.errors] == [
        (3, "reopen event '"),
        (5, "events[1] repe"),
    ]
    assert result.lines_set_aside == (2, 3, 4, 5)


# --- the property: mutated exports ----------------------------------------------------------

#: The columns load_csv documents, ``priority_label`` and ``event_label`` (the source's own
#: names, which drawn histories carry) included.
_CSV_COLUMNS = [
    "ticket_id", "created_at", "requester", "channel", "priority", "priority_label", "group",
    "assignee", "tags", "created_by_agent", "first_contact", "event_id", "event_kind",
    "event_at", "event_agent", "event_status", "event_priority", "event_label", "event_group",
    "event_assignee", "event_score", "event_survey", "event_scale_min", "event_scale_max",
]  # fmt: skip


def _csv_rows(h: TicketHistory) -> list[dict[str, str]]:
    """The rows of one history in the CSV shape load_csv documents (one row per event)."""
    rec = history_to_dict(h)
    base = {"ticket_id": rec["id"], "created_at": rec["created_at"], "tags": ";".join(rec["tags"])}
    for col in ("requester", "channel", "priority", "priority_label", "group", "assignee"):
        base[col] = rec.get(col) or ""
    for col in ("created_by_agent", "first_contact"):
        base[col] = "" if rec[col] is None else str(rec[col]).lower()
    for key, value in rec["attributes"].items():
        base[f"attr_{key}"] = "" if value is None else str(value)
    rows = []
    for ev in rec["events"] or [None]:
        row = dict(base)
        for key, value in (ev or {}).items():
            row[f"event_{key}"] = "" if value is None else str(value)
        rows.append(row)
    return rows


def _csv_lines(hs: list[TicketHistory]) -> tuple[str, list[tuple[str, str]]]:
    """The header and the (line, ticket id) pairs of a CSV export of ``hs``."""
    per_ticket = [(h.id, _csv_rows(h)) for h in hs]
    attr_cols = sorted(
        {k for _, rows in per_ticket for r in rows for k in r if k.startswith("attr_")}
    )
    columns = _CSV_COLUMNS + attr_cols

    def line(values: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(values)
        return buf.getvalue()

    body = [(line([r.get(c, "") for c in columns]), tid) for tid, rows in per_ticket for r in rows]
    return line(columns), body


def _as_csv_loaded(h: TicketHistory) -> TicketHistory:
    # CSV cells are text: attributes come back as strings, and empty ones are absent.
    text = {k: str(v) for k, v in h.ticket.attributes.items() if v is not None}
    return TicketHistory(attrs.evolve(h.ticket, attributes=text), h.events)


_GARBAGE = st.text(
    st.characters(blacklist_categories=["Cs", "Zl", "Zp", "Cc"], blacklist_characters="T"),
    max_size=30,
)
_MUTATIONS = ("truncate", "quote", "duplicate", "garbage", "deep", "huge", "year1", "bytes")


@st.composite
def _mutated(
    draw: st.DrawFn, fmt: str
) -> tuple[list[Any], list[tuple[str | None, bool]], dict[str, TicketHistory]]:
    """An export of generated histories with random lines mutated.

    Returns the lines (text, or bytes when a mutation inserted non-UTF-8 bytes), for each line
    its owner ticket (``None`` for the header) and whether it was mutated, and the originals.
    """
    hs = draw(st.lists(histories(max_events=4), min_size=1, max_size=5))
    # Fixed-width ids: no truncation or edit of one id can spell another.
    hs = [TicketHistory(attrs.evolve(h.ticket, id=f"T{i:04d}"), h.events) for i, h in enumerate(hs)]
    if fmt == "jsonl":
        body = [(line, h.id) for line, h in zip(dump_jsonl(hs).splitlines(), hs, strict=True)]
        header: list[tuple[Any, str | None, bool]] = []
    else:
        head, body = _csv_lines(hs)
        header = [(head, None, False)]
    entries: list[tuple[Any, str | None, bool]] = [(line, tid, False) for line, tid in body]
    created = {h.id: history_to_dict(h)["created_at"] for h in hs}
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(entries) - 1))
        line, tid, _mut = entries[i]
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        kind = draw(st.sampled_from(_MUTATIONS))
        new: Any
        if kind == "truncate":
            new = text[: draw(st.integers(0, max(len(text) - 1, 0)))]
        elif kind == "quote":
            k = draw(st.integers(0, len(text)))
            new = text[:k] + '"' + text[k:]
        elif kind == "duplicate":
            entries.insert(i + 1, (line, tid, True))
            continue
        elif kind == "garbage":
            new = draw(_GARBAGE)
        elif kind == "deep":
            new = "[" * 3000 + "]" * 3000
        elif kind == "huge":
            new = '{"id": 1' + "0" * 5000 + "}" if fmt == "jsonl" else f"{tid},{'9' * 5000}"
        elif kind == "year1":
            new = text.replace(created[tid or ""], "0001-01-01T00:00:00+23:59", 1)
        else:
            raw = text.encode()
            k = draw(st.integers(0, len(raw)))
            new = raw[:k] + b"\xff" + raw[k:]
        entries[i] = (new, tid, True)
    lines = [e[0] for e in header + entries]
    owners = [(e[1], e[2]) for e in header + entries]
    return lines, owners, {h.id: h for h in hs}


def _is_blank(line: Any) -> bool:
    return (
        isinstance(line, str | bytes)
        and not line.strip()
        and b"\xff" not in bytes(line if isinstance(line, bytes) else line.encode())
    )


def _check_accounting(
    result: LoadResult,
    lines: list[Any],
    owners: list[tuple[str | None, bool]],
    originals: dict[str, TicketHistory],
    loaded_line: Callable[[Any, dict[str, TicketHistory]], bool],
    expect: Callable[[TicketHistory], TicketHistory],
) -> None:
    loaded = {h.id: h for h in result.histories}
    set_aside = set(result.lines_set_aside)
    assert result.lines_read == len(lines)
    assert len(set_aside) == len(result.lines_set_aside)
    assert {e.line for e in result.errors} <= set_aside
    mutated_tickets = {tid for tid, mutated in owners if mutated}
    # Every ticket none of whose lines was touched loads, equal to the original.
    for tid, h in originals.items():
        if tid not in mutated_tickets:
            assert loaded.get(tid) == expect(h), tid
    first = 1 if owners and owners[0][0] is None else 0
    blank = 0
    for lineno, (line, (tid, mutated)) in enumerate(zip(lines, owners, strict=True), start=1):
        if lineno <= first:
            continue
        if _is_blank(line):
            blank += 1
            assert lineno not in set_aside
        elif lineno not in set_aside:
            # Not set aside: then the line really is (part of) a loaded record.
            assert loaded_line(line, loaded), (lineno, line)
        else:
            # Set aside: only a mutated line, or a line of a ticket with a mutated line.
            assert mutated or tid in mutated_tickets, (lineno, line)
    assert result.blank_lines == blank


def _jsonl_loaded(line: Any, loaded: dict[str, TicketHistory]) -> bool:
    h = history_from_dict(json.loads(line))
    return loaded.get(h.id) == h


def _csv_loaded(line: Any, loaded: dict[str, TicketHistory]) -> bool:
    text = line.decode() if isinstance(line, bytes) else line
    return next(csv.reader([text]))[0] in loaded


@given(_mutated("jsonl"))
def test_mutated_jsonl_loses_no_record(case: Any) -> None:
    lines, owners, originals = case
    try:
        result = load_jsonl(lines, on_error="collect")
    except ServiceModelError as exc:  # pragma: no cover - shown if it ever happens
        raise AssertionError(f"collect mode raised {exc!r}") from exc
    _check_accounting(result, lines, owners, originals, _jsonl_loaded, lambda h: h)
    # One record per line: the histories are exactly the lines neither blank nor set aside.
    assert len(result) == result.lines_read - result.blank_lines - len(result.lines_set_aside)


@given(_mutated("csv"))
def test_mutated_csv_loses_no_record(case: Any) -> None:
    lines, owners, originals = case
    try:
        result = load_csv(lines, on_error="collect")
    except ServiceModelError as exc:  # pragma: no cover - shown if it ever happens
        raise AssertionError(f"collect mode raised {exc!r}") from exc
    _check_accounting(result, lines, owners, originals, _csv_loaded, _as_csv_loaded)


# --- classes 1, 2a, 4, 7: the model names the field, whatever the value ---------------------


@pytest.mark.parametrize(
    ("record", "error", "fragment"),
    [
        pytest.param([1, 10**5000], ConfigError, "must be a mapping, got list", id="c1-record"),
        pytest.param(
            {**RECORD, "events": [10**5000]},
            ConfigError,
            "events[0]: an event must be a mapping, got int <int of about 5001 digits>",
            id="c1-event",
        ),
        pytest.param(
            {**RECORD, "id": 10**5000},
            ConfigError,
            "id: expected a string, got int <int of about 5001",
            id="c1-id",
        ),
        pytest.param(
            {**RECORD, "created_at": 10**5000},
            ConfigError,
            "created_at: expected an ISO 8601 timestamp, got int <int",
            id="c1-created-at",
        ),
        pytest.param(
            {**RECORD, "tags": [10**5000]},
            ConfigError,
            "tags: every tag must be a non-empty string, got <int",
            id="c1-tags",
        ),
        pytest.param(
            {**RECORD, "events": [_deep()]},
            ConfigError,
            "events[0]: an event must be a mapping, got list",
            id="c2a-event",
        ),
        pytest.param(
            {**RECORD, "id": _deep()}, ConfigError, "id: expected a string, got list", id="c2a-id"
        ),
        pytest.param(
            {**RECORD, "attributes": {"k": _deep()}},
            ConfigError,
            "attributes.k: expected an attribute value (str, int, float, bool or None), got list",
            id="c2a-attribute",
        ),
        pytest.param(
            {
                **RECORD,
                "events": [
                    {
                        "kind": "satisfaction",
                        "id": "e",
                        "at": "2026-01-05T10:00:00Z",
                        "score": 10**5000,
                    }
                ],
            },
            ScaleError,
            "events[0].score: score must be finite, got <int of about 5001 digits>",
            id="c4-score",
        ),
        pytest.param(
            {
                **RECORD,
                "events": [
                    {
                        "kind": "satisfaction",
                        "id": "e",
                        "at": "2026-01-05T10:00:00Z",
                        "score": 3,
                        "scale_min": 10**5000,
                    }
                ],
            },
            ConfigError,
            "scale_min: scale_min <int of about 5001 digits> is past the largest scale end",
            id="c1-scale-min",
        ),
        pytest.param(
            {**RECORD, "created_at": datetime(1, 1, 1, tzinfo=EAST)},
            ConfigError,
            "created_at: timestamp: 0001-01-01T00:00:00+23:59 is outside the supported range",
            id="c7-created-at",
        ),
        pytest.param(
            {**RECORD, "created_at": "9999-12-31T23:59:59-23:59"},
            ConfigError,
            "created_at: timestamp: 9999-12-31T23:59:59-23:59 is outside the supported range",
            id="c7-created-at-9999",
        ),
    ],
)
def test_bad_values_are_named_never_a_traceback(
    record: Any, error: type[ServiceModelError], fragment: str
) -> None:
    with pytest.raises(error) as info:
        history_from_dict(record)
    assert fragment in str(info.value)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize(
    ("build", "path"),
    [
        pytest.param(
            lambda: Ticket("T", datetime(1, 1, 1, tzinfo=EAST)), "created_at", id="ticket"
        ),
        pytest.param(
            lambda: AgentReply("r", datetime(9999, 12, 31, 23, tzinfo=WEST)), "at", id="event"
        ),
        # Convertible to UTC, but outside the one range the calendars and clocks support.
        pytest.param(lambda: Ticket("T", datetime(1, 6, 1, tzinfo=UTC)), "created_at", id="year-1"),
        pytest.param(lambda: InternalNote("n", datetime(9998, 12, 31, tzinfo=UTC)), "at", id="end"),
        pytest.param(
            lambda: TicketHistory(Ticket("T", T0), []).status_at(datetime(1, 1, 1, tzinfo=EAST)),
            "t",
            id="status-at",
        ),
        pytest.param(
            lambda: TicketHistory(Ticket("T", T0), []).priority_at(datetime(1, 1, 1, tzinfo=EAST)),
            "t",
            id="priority-at",
        ),
    ],
)
def test_instants_outside_the_supported_range_are_out_of_range_errors(
    build: Callable[[], Any], path: str
) -> None:
    with pytest.raises(OutOfRangeError, match=f"^{path}: .* is outside the supported range"):
        build()


def test_model_messages_survive_huge_and_deep_values() -> None:
    with pytest.raises(
        InputTypeError, match="created_at: expected an aware datetime, got int <int"
    ):
        Ticket("T", 10**5000)  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match=r"attributes\.k: .* got list <list>"):
        Ticket("T", T0, attributes={"k": _deep()})
    with pytest.raises(InputTypeError, match="tags: expected a collection of strings"):
        Ticket("T", T0, tags=5)  # type: ignore[arg-type]
    with pytest.raises(ScaleError, match="score must be finite, got <int of about 5001 digits>"):
        SatisfactionRating("r", T0, score=10**5000)
    with pytest.raises(ConfigError, match=r"scale_max <int of about 5001 digits> is past"):
        SatisfactionRating("r", T0, score=3, scale_min=1, scale_max=-(10**5000))


# --- histories a helpdesk could not produce ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "status"),
    [
        pytest.param([], "new", id="never-solved"),
        pytest.param([StatusChange("p", T0, status="pending")], "pending", id="pending"),
        pytest.param(
            [StatusChange("s", T0, status="solved"), Reopen("o1", T0)], "open", id="reopened-twice"
        ),
    ],
)
def test_reopen_of_an_unresolved_ticket_is_an_event_order_error(
    before: list[Any], status: str
) -> None:
    events = [*before, Reopen("o", T0 + timedelta(hours=1))]
    with pytest.raises(EventOrderError) as info:
        TicketHistory(Ticket("T-1", T0), events)
    message = str(info.value)
    assert "reopen event 'o'" in message
    assert f"a ticket that is {status}," in message
    assert "2026-01-05T10:00:00+00:00" in message


@pytest.mark.parametrize("resolved", ["solved", "closed"])
def test_reopen_of_a_resolved_ticket_is_valid(resolved: str) -> None:
    h = TicketHistory(
        Ticket("T", T0),
        [StatusChange("s", T0, status=resolved), InternalNote("n", T0), Reopen("o", T0)],
    )
    assert h.reopen_count() == 1


def test_a_bad_reopen_in_a_record_is_a_record_error_for_its_line() -> None:
    rec = {**RECORD, "events": [{"kind": "reopen", "id": "o", "at": "2026-01-05T10:00:00Z"}]}
    result = load_jsonl([json.dumps(rec), GOOD], on_error="collect")
    assert [h.id for h in result] == ["Z"]
    assert [e.line for e in result.errors] == [1]
    assert "reopen event 'o'" in str(result.errors[0])


@given(histories())
def test_every_generated_history_is_valid(h: TicketHistory) -> None:
    assert TicketHistory(h.ticket, h.events) == h
    status = "new"
    for ev in h.events:
        if isinstance(ev, Reopen):
            assert status in ("solved", "closed")
            status = "open"
        elif isinstance(ev, StatusChange):
            status = ev.status.value


@given(histories(kinds=["reopen", "agent_reply"], min_events=1))
def test_reopens_need_a_way_to_resolve(h: TicketHistory) -> None:
    assert not any(isinstance(ev, Reopen) for ev in h.events)


def test_histories_of_reopens_alone_are_refused() -> None:
    @given(histories(kinds=["reopen"], min_events=1))
    def draw(h: TicketHistory) -> None:
        raise AssertionError("never drawn")

    with pytest.raises(ValueError, match="only a solved ticket can be reopened"):
        draw()


# --- class 11: the command line says one line and exits 2 --------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "extra"),
    [
        ("deep.jsonl", "[" * DEEP + "]" * DEEP + "\n", []),
        ("deep.jsonl", "[" * DEEP + "]" * DEEP + "\n", ["--skip-bad-records"]),
        ("big.csv", HEADER + "\n" + "x" * 2000 + ",2026-01-05T09:00:00Z\n", []),
    ],
)
@pytest.mark.usefixtures("small_csv_limit")
def test_cli_reports_unreadable_records_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, extra: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main(["report", str(path), *extra])
    err = capsys.readouterr().err
    if extra:
        # The bad record is skipped and named; nothing is left to report, which the CLI says
        # with its "empty selection" status (3) rather than an empty report.
        assert code == 3
        assert "no tickets" in err
    else:
        assert code == 2
        assert err.count("\n") == 1
        assert err.startswith(f"servicemodel report: error: {path}: line ")


def test_cli_nul_path(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "a\x00b.jsonl"]) == 2
    assert "contains a NUL byte" in capsys.readouterr().err
