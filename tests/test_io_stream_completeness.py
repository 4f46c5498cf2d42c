"""The streaming readers say an export is visibly incomplete as ``load`` does.

``histories()`` keeps the completeness warnings on the stream it returns, beside ``errors``
and ``skipped``: ``stream.warnings`` (and ``stream.collect().warnings``), known once the
last page is read. The law: for the same pages, they are ``load(...).warnings``, each page
named by its place in the stream (``pages[3]``, ``tickets[3]``) where ``load`` names its file.
"""

from __future__ import annotations

import itertools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import RecordError
from servicemodel.io import eventlog, freshdesk, jira, summary, zendesk
from servicemodel.io._complete import FilterTotals, filter_shortfall
from servicemodel.io.eventlog import ExportResult


def _fd(i: int) -> dict[str, Any]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": 2, "priority": 1, "source": 1}  # fmt: skip


def _zd(i: int) -> dict[str, Any]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": "open"}  # fmt: skip


def _write(tmp: str, pages: list[Any]) -> list[Path]:
    """Each page in its own file, in the order given."""
    files = []
    for k, page in enumerate(pages):
        path = Path(tmp) / f"page{k}.json"
        path.write_text(json.dumps(page), encoding="utf-8")
        files.append(path)
    return files


def _as_loaded(warnings: tuple[str, ...], name: str, places: list[str]) -> tuple[str, ...]:
    """The stream's warnings with each page's place in the stream (``pages[3]``) named as
    ``load`` names it (its file)."""
    pattern = re.compile(re.escape(name) + r"\[(\d+)\]")
    return tuple(pattern.sub(lambda m: places[int(m[1])], text) for text in warnings)


# ----------------------------------------------------------------------------------- Zendesk

_SAID = st.sampled_from([True, False, None, "true"])  # None: the page gives no end_of_stream


@st.composite
def _zendesk_pages(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(1, 5))
    out = []
    for k in range(n):
        page: dict[str, Any] = {"tickets": [_zd(k + 1)], "after_cursor": f"c{k + 1}"}
        said = draw(_SAID)
        if said is not None:
            page["end_of_stream"] = said
        out.append(page)
    return out


@settings(max_examples=40, deadline=None)
@given(_zendesk_pages())
def test_zendesk_streaming_warnings_are_the_loads(pages: list[dict[str, Any]]) -> None:
    # The law: whatever the pages say of the stream's end, and in whatever order they come,
    # the stream's warnings are load's for the same pages (each named where it was read).
    with tempfile.TemporaryDirectory() as tmp:
        files = _write(tmp, pages)
        loaded = zendesk.load(files)
    stream = zendesk.histories(pages)
    assert len(list(stream)) == len(loaded) == len(pages)
    assert _as_loaded(stream.warnings, "pages", [str(f) for f in files]) == loaded.warnings
    going = any(p.get("end_of_stream") is False for p in pages)
    ended = any(p.get("end_of_stream") is True for p in pages)
    assert len(stream.warnings) == (going and not ended)


def test_zendesk_stream_stopped_early_names_the_page_and_the_cursor() -> None:
    url = "https://x.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=MTU4"
    pages = [{"tickets": [_zd(1)], "after_cursor": "c1", "end_of_stream": False},
             {"tickets": [_zd(2)], "after_cursor": "MTU4", "after_url": url,
              "end_of_stream": False}]  # fmt: skip
    stream = zendesk.histories(pages)
    assert stream.warnings == ()  # nothing is known before the last page is read
    assert [h.id for h in stream] == ["1", "2"]
    (warning,) = stream.warnings
    assert warning == (
        "Zendesk incremental export stopped before its end: the last page read (pages[1]) "
        f"has end_of_stream false; continue from after_url {url!r}, after_cursor 'MTU4'"
    )
    assert stream.errors == ()


def test_zendesk_stream_warns_with_audits_by_function_and_with_ticket_events() -> None:
    page = {"tickets": [_zd(1)], "after_cursor": "c1", "end_of_stream": False}
    by_function = zendesk.histories([page], lambda tid: [])
    assert len(list(by_function)) == 1
    event = {"id": 5, "ticket_id": 1, "created_at": "2026-03-02T09:00:00Z",
             "child_events": [], "event_type": "Audit"}  # fmt: skip
    in_memory = zendesk.histories([page], ticket_events=[{"ticket_events": [event]}],
                                  on_error="collect")  # fmt: skip
    assert len(in_memory.collect()) == 1
    assert in_memory.warnings == by_function.warnings
    assert (
        "(pages[0]) has end_of_stream false; continue from after_cursor 'c1'"
        in (by_function.warnings[0])
    )


def test_zendesk_stream_that_reached_the_end_in_any_order_warns_of_nothing() -> None:
    pages = [{"tickets": [_zd(1)], "end_of_stream": False, "after_cursor": "c1"},
             {"tickets": [_zd(2)], "end_of_stream": True}, {"tickets": [_zd(3)]}]  # fmt: skip
    for order in itertools.permutations(pages):
        result = zendesk.histories(list(order)).collect()
        assert (len(result), result.warnings) == (3, ())


def test_a_stream_that_raised_has_not_read_its_last_page_and_warns_of_nothing() -> None:
    bad = {**_zd(1), "status": "escalated"}
    stream = zendesk.histories([{"tickets": [bad], "end_of_stream": False, "after_cursor": "c"}])
    with pytest.raises(RecordError, match="unknown status"):
        list(stream)
    assert stream.warnings == ()


# --------------------------------------------------------------------------------- Freshdesk


@st.composite
def _freshdesk_pages(draw: st.DrawFn) -> list[Any]:
    """Filter pages of one to three queries (some pages dropped, totals over or at their
    tickets), perhaps plain ticket pages, in any order; every ticket id distinct."""
    pages: list[Any] = []
    first = 1
    for _ in range(draw(st.integers(1, 3))):
        n = draw(st.integers(1, 12))
        total = n + draw(st.sampled_from([0, 0, 1, 5]))
        ids = list(range(first, first + n))
        first += n
        cuts = sorted(draw(st.sets(st.integers(1, n - 1), max_size=3)) if n > 1 else [])
        for a, b in itertools.pairwise([0, *cuts, n]):
            if not draw(st.booleans()) or not pages:  # keep most pages, drop some
                pages.append({"results": [_fd(i) for i in ids[a:b]], "total": total})
    if draw(st.booleans()):
        pages.append([_fd(first)])  # a plain page: no total, never compared
    return draw(st.permutations(pages))


@settings(max_examples=40, deadline=None)
@given(_freshdesk_pages())
def test_freshdesk_streaming_warnings_are_the_loads(pages: list[Any]) -> None:
    # The law: the stream's warnings are load's for the same pages, a filter page named by
    # its place in the stream (tickets[3]) where load names its file and record ([0]).
    with tempfile.TemporaryDirectory() as tmp:
        files = _write(tmp, pages)
        loaded = freshdesk.load(files)
    stream = freshdesk.histories(pages)
    assert len(list(stream)) == len(loaded)
    assert stream.errors == loaded.errors == ()
    places = [f"{f}: [0]" for f in files]
    assert _as_loaded(stream.warnings, "tickets", places) == loaded.warnings
    filters = [(f"tickets[{k}]", p) for k, p in enumerate(pages) if isinstance(p, dict)]
    assert stream.warnings == filter_shortfall(filters)


def test_freshdesk_stream_of_a_short_query_names_its_pages() -> None:
    pages = [{"results": [_fd(i) for i in range(1, 31)], "total": 45},
             [_fd(100)],
             {"results": [_fd(i) for i in range(31, 36)], "total": 45}]  # fmt: skip
    stream = freshdesk.histories(pages)
    assert stream.warnings == ()
    result = stream.collect()
    assert len(result) == 36
    assert result.warnings == stream.warnings
    (warning,) = result.warnings
    assert warning.startswith(
        "Freshdesk filter query (total 45, 2 pages: tickets[0], tickets[2]): 35 of its 45 "
        "tickets read, 10 missing; fetch every page, or split the query"
    )


def test_freshdesk_stream_of_whole_queries_and_plain_pages_warns_of_nothing() -> None:
    pages = [{"results": [_fd(1), _fd(2)], "total": 2}, [_fd(3)], _fd(4)]
    stream = freshdesk.histories(pages)
    assert len(list(stream)) == 4
    assert stream.warnings == ()


# ------------------------------------------------------------------ FilterTotals, one by one


def _reference(pages: list[tuple[str, dict[str, Any]]]) -> dict[int, tuple[set[str], list[str]]]:
    """Every id and place of each query, kept whole: the short ones are those to warn of."""
    groups: dict[int, tuple[set[str], list[str]]] = {}
    for place, page in pages:
        ids, places = groups.setdefault(page["total"], (set(), []))
        ids.update(str(r["id"]) for r in page["results"])
        if place not in places:
            places.append(place)
    return groups


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "e"]),
            st.integers(0, 8),
            st.lists(st.integers(1, 10), max_size=6),
        ),
        max_size=10,
    )
)
def test_filter_totals_forget_a_whole_query_and_warn_as_if_they_kept_every_id(
    drawn: list[tuple[str, int, list[int]]],
) -> None:
    # The law: keeping a query's ids only while they are short of its total changes no
    # warning: each short query (and only those) is warned of, counted and named as if
    # every id and page had been kept.
    pages = [(place, {"results": [{"id": i} for i in ids], "total": total})
             for place, total, ids in drawn]  # fmt: skip
    totals = FilterTotals()
    for place, page in pages:
        totals.add(place, page)
    short = {t: g for t, g in _reference(pages).items() if len(g[0]) < t}
    warnings = totals.warnings()
    assert len(warnings) == len(short)
    for text, (total, (ids, places)) in zip(warnings, sorted(short.items()), strict=True):
        word = "1 page" if len(places) == 1 else f"{len(places)} pages"
        shown = ", ".join(places[:3]) + (", ..." if len(places) > 3 else "")
        assert text.startswith(
            f"Freshdesk filter query (total {total}, {word}: {shown}): {len(ids)} of its "
            f"{total} tickets read, {total - len(ids)} missing"
        )


# ------------------------------------------------------------ readers whose input says nothing


def test_a_jira_search_short_of_its_total_is_an_error_not_a_warning() -> None:
    issue = {"key": "SD-1", "fields": {"created": "2026-03-02T09:00:00.000+0100",
                                       "status": {"id": "1", "name": "Open"}}}  # fmt: skip
    stream = jira.histories([{"startAt": 0, "total": 3, "issues": [issue]}], on_error="collect")
    result = stream.collect()
    assert [h.id for h in result] == ["SD-1"]
    assert [e.path for e in result.errors] == ["pages[0].total"]
    assert result.warnings == stream.warnings == ()


def test_event_log_and_one_row_per_ticket_streams_never_warn() -> None:
    rows = [{"case:concept:name": "C", "concept:name": "Opened",
             "time:timestamp": "2026-03-02T09:00Z"}]  # fmt: skip
    log = eventlog.histories(rows, activity_map={"Opened": "customer_message"})
    assert len(list(log)) == 1
    assert log.warnings == ()
    table = summary.histories([{"id": "A", "created_at": "2026-03-02T09:00Z", "status": "open"}])
    assert len(list(table)) == 1
    assert table.warnings == ()


def test_export_result_warnings_are_texts() -> None:
    assert ExportResult((), warnings=["a"]).warnings == ("a",)
    with pytest.raises(TypeError, match="warnings"):
        ExportResult((), warnings=[1])  # type: ignore[list-item]
