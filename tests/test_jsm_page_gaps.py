"""Service desk pages given without the first or a middle one, and page flags that are no bool.

The service desk API (``/rest/servicedeskapi/request/{key}/comment`` and ``.../sla``) pages
by ``start`` and ends with ``isLastPage`` true, and gives no total
(https://developer.atlassian.com/cloud/jira/service-desk/rest/intro/#pagination). The last
page alone, or the first and the last without the middle, ends with ``isLastPage`` true: the
comments or SLAs on the pages not given were lost silently (a first reply among them, and
the first reply time measured from a later one). The law: pages are read exactly when
together they hold every item from 0, in any order and overlapping, and then read as the
whole response.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import jira
from servicemodel.reconcile import jsm_verdicts

JIRA = Path(__file__).parent / "data" / "jira"
MAP = {"Awaiting Vendor": "on_hold"}


def _json(name: str) -> Any:
    return json.loads((JIRA / name).read_text(encoding="utf-8"))


def _search() -> list[dict[str, Any]]:
    return [_json(f"search_page{i}.json") for i in (1, 2)]


def _sd1(comments: Any) -> tuple[list[Any], list[str]]:
    """SD-1's events read with ``comments`` as its ``comments=``, and SD-1's errors."""
    stream = jira.histories(_search(), {"SD-1": comments}, status_map=MAP, on_error="collect")
    found = [h.events for h in stream if h.id == "SD-1"]
    return found, [str(e) for e in stream.errors if "SD-1" in str(e)]


def _comments() -> list[dict[str, Any]]:
    pages = _json("request_comments_pages.json")["SD-1"]
    return [c for page in pages for c in page["values"]]


def _paged(items: list[Any], size: int, overlap: int) -> list[dict[str, Any]]:
    """``items`` as service desk pages of ``size`` items, each also holding ``overlap`` of
    the previous page's (fetched again)."""
    pages = []
    for start in range(0, len(items), size):
        lo = max(0, start - overlap)
        values = items[lo : start + size]
        last = start + size >= len(items)
        pages.append({"start": lo, "size": len(values), "limit": size, "isLastPage": last,
                      "values": values})  # fmt: skip
    return pages


def test_the_last_comment_page_alone_is_refused_naming_what_is_missing() -> None:
    last = _json("request_comments_pages.json")["SD-1"][1]
    for given_ in (last, [last]):
        found, errors = _sd1(given_)
        assert found == []
        (err,) = errors
        assert "start 2: no page holds comments 0 to 1" in err
        assert "/rest/servicedeskapi/request/SD-1/comment?start=0" in err


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 3),
    overlap=st.integers(0, 2),
    drop=st.one_of(st.none(), st.integers(0, 2)),
    reverse=st.booleans(),
)
def test_comment_pages_read_exactly_when_they_hold_every_comment(
    size: int, overlap: int, drop: int | None, reverse: bool
) -> None:
    items = _comments()
    pages = _paged(items, size, overlap)
    if drop is not None and drop < len(pages) > 1:  # (no page at all: a list of no comments)
        del pages[drop]
    if reverse:
        pages.reverse()
    held = {c["id"] for page in pages for c in page["values"]}
    found, errors = _sd1(pages)
    if held == {c["id"] for c in items}:
        whole, _ = _sd1(items)
        assert (found, errors) == (whole, [])
    else:
        assert found == []
        assert len(errors) == 1


@pytest.mark.parametrize("flag", [None, "false", 0, 1])
def test_a_page_flag_that_is_no_bool_is_the_issues_error(flag: Any) -> None:
    found, errors = _sd1({"start": 0, "values": _comments(), "isLastPage": flag})
    assert found == []
    (err,) = errors
    assert f"isLastPage {flag!r}: expected true or false" in err


def test_a_changelog_page_flag_that_is_no_bool_is_the_issues_error() -> None:
    pages = _json("issue_changelog_pages.json")["SD-2"]
    for page in pages:
        page["isLast"] = None
    stream = jira.histories(_search(), changelogs={"SD-2": pages}, status_map=MAP,
                            on_error="collect")  # fmt: skip
    assert "SD-2" not in [h.id for h in stream]
    (err,) = [str(e) for e in stream.errors if "SD-2" in str(e)]
    assert "isLast None: expected true or false" in err


def _sla_pages(key: str) -> list[dict[str, Any]]:
    whole = _json("request_sla.json")[key]
    one, two = whole["values"]
    return [
        dict(whole, size=1, start=0, limit=1, isLastPage=False, values=[one]),
        dict(whole, size=1, start=1, limit=1, isLastPage=True, values=[two]),
    ]


def test_the_last_sla_page_alone_is_refused() -> None:
    _first, last = _sla_pages("SD-2")
    for given_ in (last, [last]):
        verdicts, errors = jsm_verdicts(sla={"SD-2": given_}, on_error="collect")
        assert verdicts == ()
        (err,) = errors
        assert "issue SD-2: start 1: no page holds SLAs 0 to 0" in str(err)
    both, errors = jsm_verdicts(sla={"SD-2": list(reversed(_sla_pages("SD-2")))})
    assert errors == ()
    assert both == jsm_verdicts(sla={"SD-2": _json("request_sla.json")["SD-2"]})[0]


def test_an_sla_page_short_of_the_last_in_a_list_names_that_page() -> None:
    first, _last = _sla_pages("SD-2")
    _, errors = jsm_verdicts(sla={"SD-2": [first]}, on_error="collect")
    (err,) = errors
    assert err.path == "sla['SD-2'][0].isLastPage"
    _, errors = jsm_verdicts(sla={"SD-2": dict(first, isLastPage=None)}, on_error="collect")
    assert "isLastPage None: expected true or false" in str(errors[0])
