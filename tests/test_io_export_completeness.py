"""An export visibly incomplete by its own pages' word is a warning on the load.

Freshdesk's filter API pages state the query's ``total``; Zendesk's incremental export pages
state ``end_of_stream``. The tickets read load as always; ``LoadResult.warnings`` says which
are missing and how to fetch them.
"""

from __future__ import annotations

import itertools
import json
import random
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import InputTypeError
from servicemodel.io import LoadResult, freshdesk, zendesk
from servicemodel.io._complete import filter_shortfall, unfinished_stream


def _fd(i: int) -> dict[str, object]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": 2, "priority": 1, "source": 1}  # fmt: skip


def _zd(i: int) -> dict[str, object]:
    return {"id": i, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T10:00:00Z",
            "status": "open"}  # fmt: skip


@st.composite
def _paged(draw: st.DrawFn, pages: int = 1) -> tuple[int, list[list[int]]]:
    """N ticket ids split into ``pages`` or more consecutive pages."""
    n = draw(st.integers(pages, 90))
    inner = st.integers(1, n - 1) if n > 1 else st.nothing()
    cuts = sorted(draw(st.sets(inner, min_size=pages - 1, max_size=8 if n > 1 else 0)))
    bounds = [0, *cuts, n]
    return n, [list(range(a + 1, b + 1)) for a, b in itertools.pairwise(bounds)]


@settings(max_examples=40, deadline=None)
@given(_paged(), st.data())
def test_filter_pages_holding_their_total_warn_of_nothing(
    paged: tuple[int, list[list[int]]], data: st.DataObject
) -> None:
    n, pages = paged
    given = [(f"p{k}", {"results": [{"id": i} for i in ids], "total": n})
             for k, ids in enumerate(pages)]  # fmt: skip
    # Pages in any order, one given twice (the same file read twice): still complete.
    given = data.draw(st.permutations(given))
    assert filter_shortfall([*given, given[0]]) == ()


@settings(max_examples=40, deadline=None)
@given(_paged(pages=2), st.data())
def test_a_filter_page_dropped_is_a_warning_naming_the_shortfall(
    paged: tuple[int, list[list[int]]], data: st.DataObject
) -> None:
    n, pages = paged
    dropped = data.draw(st.integers(0, len(pages) - 1))
    kept = [(f"p{k}", {"results": [{"id": i} for i in ids], "total": n})
            for k, ids in enumerate(pages) if k != dropped]  # fmt: skip
    read = n - len(pages[dropped])
    (warning,) = filter_shortfall(kept)
    assert f"{read} of its {n} tickets read, {len(pages[dropped])} missing" in warning
    assert "split" in warning
    assert "created_at" in warning


@settings(max_examples=40, deadline=None)
@given(_paged(), st.data())
def test_filter_pages_read_twice_warn_as_when_read_once(
    paged: tuple[int, list[list[int]]], data: st.DataObject
) -> None:
    # A file given twice (the same place read again) is one page, not two: the law is that
    # repeating any of the pages read changes no warning, whatever the shortfall.
    n, pages = paged
    total = n + data.draw(st.integers(0, 40))
    given = [(f"p{k}", {"results": [{"id": i} for i in ids], "total": total})
             for k, ids in enumerate(pages)]  # fmt: skip
    again = data.draw(st.lists(st.sampled_from(given), max_size=4))
    assert filter_shortfall([*given, *again]) == filter_shortfall(given)


def test_filter_queries_are_told_apart_by_their_total() -> None:
    a = ("a.json", {"results": [{"id": i} for i in range(1, 31)], "total": 30})
    b = ("b.json", {"results": [{"id": i} for i in range(100, 130)], "total": 75})
    (warning,) = filter_shortfall([a, b])
    assert warning.startswith("Freshdesk filter query (total 75, 1 page: b.json): 30 of its 75")


def test_freshdesk_load_warns_of_a_short_query_and_loads_what_it_read(tmp_path: Path) -> None:
    first = tmp_path / "page1.json"
    first.write_text(json.dumps({"results": [_fd(i) for i in range(1, 31)], "total": 330}))
    r = freshdesk.load([first])
    assert len(r) == 30
    assert r.errors == ()
    (warning,) = r.warnings
    assert "30 of its 330 tickets read, 300 missing" in warning
    assert "page1.json" in warning


def test_freshdesk_load_of_a_file_given_twice_names_its_page_once(tmp_path: Path) -> None:
    page = tmp_path / "page1.json"
    page.write_text(json.dumps({"results": [_fd(i) for i in range(1, 31)], "total": 45}))
    (warning,) = freshdesk.load([page, page]).warnings
    assert f"(total 45, 1 page: {page}: [0]): 30 of its 45 tickets read, 15 missing" in warning


def test_freshdesk_load_of_a_whole_query_or_plain_pages_warns_of_nothing(
    tmp_path: Path,
) -> None:
    whole = tmp_path / "whole.json"
    whole.write_text(json.dumps({"results": [_fd(1), _fd(2)], "total": 2}))
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps([_fd(3)]))
    r = freshdesk.load([whole, plain])
    assert len(r) == 3
    assert r.warnings == ()


def test_zendesk_load_stopped_before_the_end_names_the_cursor(tmp_path: Path) -> None:
    page = tmp_path / "tickets1.json"
    url = "https://x.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=MTU4MDc1"
    page.write_text(json.dumps({"tickets": [_zd(1)], "after_cursor": "MTU4MDc1",
                                "after_url": url, "end_of_stream": False}))  # fmt: skip
    r = zendesk.load([page])
    assert len(r) == 1
    assert r.errors == ()
    (warning,) = r.warnings
    assert "tickets1.json" in warning
    assert "end_of_stream false" in warning
    assert "after_cursor 'MTU4MDc1'" in warning
    assert "cursor.json?cursor=MTU4MDc1" in warning


def test_zendesk_load_that_reached_the_end_warns_of_nothing_in_any_order(tmp_path: Path) -> None:
    one, two = tmp_path / "page1.json", tmp_path / "page2.json"
    one.write_text(json.dumps({"tickets": [_zd(1)], "after_cursor": "c1", "end_of_stream": False}))
    two.write_text(json.dumps({"tickets": [_zd(2)], "after_cursor": "c2", "end_of_stream": True}))
    assert zendesk.load([one, two]).warnings == ()
    assert zendesk.load([two, one]).warnings == ()  # a glob's order: the end is still read


def test_a_page_without_end_of_stream_says_nothing() -> None:
    assert unfinished_stream("p", {"tickets": []}) == ()
    assert "fetch the pages after it" in unfinished_stream("p", {"end_of_stream": False})[0]


def test_load_result_warnings_are_texts() -> None:
    assert LoadResult((), warnings=["a"]).warnings == ("a",)
    with pytest.raises(TypeError):
        LoadResult((), warnings=[1])
    assert attrs.evolve(LoadResult(()), warnings=("b",)).warnings == ("b",)


@pytest.mark.parametrize("value", ["one text", 3, None, [1], (b"x",)])
def test_load_result_refuses_warnings_that_are_no_texts_naming_them(value: object) -> None:
    # A text was split into its letters, a number raised a bare TypeError.
    with pytest.raises(InputTypeError, match=r"^warnings: expected "):
        LoadResult((), warnings=value)  # type: ignore[arg-type]


def _zendesk_pages(n: int) -> list[dict[str, object]]:
    """An incremental export of ``n`` pages of one ticket each; the last ends the stream."""
    return [{"tickets": [_zd(k + 1)], "after_cursor": f"c{k + 1}", "end_of_stream": k == n - 1}
            for k in range(n)]  # fmt: skip


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 6), st.data())
def test_zendesk_pages_in_any_order_warn_only_without_their_end(
    n: int, data: st.DataObject
) -> None:
    pages = _zendesk_pages(n)
    order = data.draw(st.permutations(range(n)))
    stop = data.draw(st.integers(1, n))  # the pages read before the user stopped
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k in order:
            path = Path(tmp) / f"page{k + 1}.json"
            path.write_text(json.dumps(pages[k]), encoding="utf-8")
            files.append(path)
        assert zendesk.load(files).warnings == ()
        read = zendesk.load([Path(tmp) / f"page{k + 1}.json" for k in range(stop)])
    assert len(read) == stop
    if stop == n:
        assert read.warnings == ()
    else:
        (warning,) = read.warnings
        assert f"page{stop}.json" in warning
        assert f"after_cursor 'c{stop}'" in warning


# ------------------------------------------------ long values quoted as errors quote them


def test_a_huge_filter_total_is_said_by_its_size_not_quoted_whole(tmp_path: Path) -> None:
    total = 10**1000
    (said,) = filter_shortfall([("a.json", {"results": [{"id": 1}], "total": total})])
    assert "total <int of about 1001 digits>, 1 page: a.json" in said
    assert "1 of its <int of about 1001 digits> tickets read, <int of about 100" in said
    assert len(said) < 400
    # Read from a file too (JSON reads an integer of up to 4,300 digits).
    page = tmp_path / "page1.json"
    page.write_text('{"results": [' + json.dumps(_fd(1)) + '], "total": 1' + "0" * 3999 + "}")
    (warning,) = freshdesk.load([page]).warnings
    assert "total <int of about 4000 digits>" in warning
    assert len(warning) < 500


def test_a_long_zendesk_cursor_is_cut_and_a_real_after_url_is_quoted_whole() -> None:
    cursor = "MTU4" * 5000
    (said,) = unfinished_stream("p.json", {"tickets": [], "end_of_stream": False,
                                           "after_cursor": cursor})  # fmt: skip
    assert "after_cursor 'MTU4MTU4" in said
    assert said.endswith("…'")
    assert len(said) < 500
    url = ("https://acme-support.zendesk.com/api/v2/incremental/tickets/cursor.json"
           "?cursor=MTU3NjYxMzUzOS4wfHw0Njd8&include=metric_sets&per_page=1000")  # fmt: skip
    (whole,) = unfinished_stream("p.json", {"tickets": [], "end_of_stream": False,
                                            "after_url": url})  # fmt: skip
    assert whole.endswith(f"continue from after_url {url!r}")


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=2000), st.integers(0, 10**2000))
def test_a_warning_quotes_a_value_whole_up_to_a_bound_and_stays_short(
    cursor: str, total: int
) -> None:
    # The law: a value the page gives is quoted whole when its repr fits the bound (300
    # characters), cut otherwise; a total is quoted whole up to 200 bits, said by its size
    # beyond. Either way the warning's length is bounded, whatever the value.
    (said,) = unfinished_stream("p.json", {"tickets": [], "end_of_stream": False,
                                           "next_page": cursor})  # fmt: skip
    assert len(said) <= 120 + 300
    assert (repr(cursor) in said) == (len(repr(cursor)) <= 300)
    short = filter_shortfall([("a.json", {"results": [], "total": total})])
    assert len(short) == (total > 0)
    for text in short:
        assert len(text) < 500
        assert (f"(total {total}," in text) == (total.bit_length() <= 200)


@st.composite
def _queries(draw: st.DrawFn) -> list[tuple[int, list[list[int]], list[bool]]]:
    """One to four filter queries, each with its total, its tickets (ids of its own) split
    into pages, and which pages were fetched; totals are drawn from a few values so that
    queries often share one."""
    out = []
    first = 1
    for _ in range(draw(st.integers(1, 4))):
        total = draw(st.sampled_from([3, 5, 40]))
        ids = list(range(first, first + total))
        first += total
        cuts = sorted(draw(st.sets(st.integers(1, total - 1), max_size=3)))
        bounds = [0, *cuts, total]
        pages = [ids[a:b] for a, b in itertools.pairwise(bounds)]
        fetched = draw(st.lists(st.booleans(), min_size=len(pages), max_size=len(pages)))
        out.append((total, pages, fetched))
    return out


@settings(max_examples=60, deadline=None)
@given(_queries(), st.randoms(use_true_random=False))
def test_queries_sharing_a_total_may_hide_a_shortfall_never_invent_one(
    queries: list[tuple[int, list[list[int]], list[bool]]], rnd: random.Random
) -> None:
    # A filter page names no query, so the pages are grouped by the total they state: two
    # queries with one total are counted together. The law: the warning for a total is said
    # exactly when the tickets read from all the queries stating it are fewer than it; so a
    # warning always means some query of that total is short (never invented), a query whose
    # total no other states is judged exactly, and every query read whole warns of nothing.
    given = [(f"q{q}p{k}", {"results": [{"id": i} for i in ids], "total": total})
             for q, (total, pages, fetched) in enumerate(queries)
             for k, (ids, got) in enumerate(zip(pages, fetched, strict=True)) if got]  # fmt: skip
    rnd.shuffle(given)
    warned = {int(w.split("(total ", 1)[1].split(",", 1)[0]) for w in filter_shortfall(given)}
    read: dict[int, int] = {}
    short: dict[int, bool] = {}
    sharing: dict[int, int] = {}
    for total, pages, fetched in queries:
        got = sum(len(ids) for ids, ok in zip(pages, fetched, strict=True) if ok)
        if got:  # a query none of whose pages was read states nothing
            read[total] = read.get(total, 0) + got
            short[total] = short.get(total, False) or got < total
            sharing[total] = sharing.get(total, 0) + 1
    assert warned == {t for t, n in read.items() if n < t}
    assert all(short[t] for t in warned)  # never invented
    assert all(t in warned for t in short if short[t] and sharing[t] == 1)  # exact alone
