"""Service desk SLA pages given in any order, overlapping or contradicting, and page flags.

``/rest/servicedeskapi/request/{key}/sla`` pages by ``start`` and ends with ``isLastPage``
true (https://developer.atlassian.com/cloud/jira/service-desk/rest/intro/#pagination). The
laws: pages that together hold every SLA read as the whole response, whatever their order
and however they overlap with identical copies; an SLA given on two pages with different
contents (cycles that moved on between two fetches) is always the issue's error naming both
pages, never a silent pick of one; a page flag is exactly a JSON boolean, on every page.

Two records are one SLA when their ``id`` agrees, both having one, else when their ``name``
does. The ``id`` is the SLA metric's: a string in the REST API's SLA record
(https://mrrefactoring.github.io/jira.js/interfaces/ServiceDeskModels.SlaInformation.html,
"ID of the Service Level Agreement (SLA)"; one SLA is fetched by it from
``/request/{key}/sla/{slaMetricId}``), an Integer in the Java API
(https://docs.atlassian.com/jira-servicedesk/10.3.0/com/atlassian/servicedesk/api/sla/info/SlaInformation.html,
``getId()``: "the id of the SLA metric"). An SLA renamed between two fetches keeps its id.
The id is optional in the REST API's record, so a copy without one is the one SLA of its name,
compared with a copy that has the id on all but the id and its ``_links``.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.io import jira
from servicemodel.reconcile import jsm_verdicts

JIRA = Path(__file__).parent / "data" / "jira"


def _whole(key: str = "SD-2") -> dict[str, Any]:
    found: dict[str, Any] = json.loads((JIRA / "request_sla.json").read_text(encoding="utf-8"))
    return found[key]


def _paged(whole: dict[str, Any], size: int, overlap: int) -> list[dict[str, Any]]:
    """``whole``'s SLAs as pages of ``size``, each also holding ``overlap`` of the previous
    page's (fetched again, identical)."""
    items = whole["values"]
    pages = []
    for start in range(0, len(items), size):
        lo = max(0, start - overlap)
        values = copy.deepcopy(items[lo : start + size])
        last = start + size >= len(items)
        pages.append(dict(whole, start=lo, size=len(values), limit=size, isLastPage=last,
                          values=values))  # fmt: skip
    return pages


def _verdicts(pages: Any) -> tuple[tuple[Any, ...], list[str]]:
    verdicts, errors = jsm_verdicts(sla={"SD-2": pages}, on_error="collect")
    return verdicts, [str(e) for e in errors]


@settings(max_examples=40, deadline=None)
@given(size=st.integers(1, 2), overlap=st.integers(0, 2), data=st.data())
def test_pages_in_any_order_and_overlapping_copies_read_as_the_whole(
    size: int, overlap: int, data: st.DataObject
) -> None:
    whole = _whole()
    pages = data.draw(st.permutations(_paged(whole, size, overlap)))
    again = data.draw(st.lists(st.sampled_from(pages), max_size=2))  # pages fetched twice
    assert _verdicts([*pages, *copy.deepcopy(again)]) == _verdicts(whole)
    assert _verdicts(whole)[1] == []


_CHANGES = st.sampled_from(
    [
        ("breached", True),
        ("breached", False),
        ("elapsedTime", {"millis": 1}),
        ("goalDuration", {"millis": 60000}),
    ]
)


@settings(max_examples=40, deadline=None)
@given(change=_CHANGES, which=st.integers(0, 1), reverse=st.booleans())
def test_an_sla_given_twice_differently_is_always_the_issues_error(
    change: tuple[str, Any], which: int, reverse: bool
) -> None:
    whole = _whole()
    pages = _paged(whole, 1, 1)  # page 1 holds SLA 0 again, then SLA 1
    field, value = change
    if which == 0:  # the copy on the second page contradicts the first page's
        cycle = pages[1]["values"][0]["completedCycles"][0]
    else:  # the first page's record contradicts the second page's copy
        cycle = pages[0]["values"][0]["completedCycles"][0]
    same = cycle.get(field) == value
    cycle[field] = value
    if reverse:
        pages.reverse()
    verdicts, errors = _verdicts(pages)
    if same:  # nothing changed: an identical copy, read once
        assert (verdicts, errors) == _verdicts(whole)
        return
    assert verdicts == ()
    (err,) = errors
    assert "SLA 'Time to first response' is given twice with different contents" in err
    # Both pages named, in the order given (each page holds the SLA first).
    assert err.startswith("sla['SD-2'][1].values[0]: issue SD-2")
    assert "(first at sla['SD-2'][0].values[0])" in err


def test_a_contradicting_sla_costs_only_its_issue() -> None:
    pages = _paged(_whole(), 1, 1)
    pages[1]["values"][0]["completedCycles"][0]["breached"] = False
    verdicts, errors = jsm_verdicts(sla={"SD-2": pages, "SD-3": _whole("SD-3")}, on_error="collect")
    assert {v.ticket_id for v in verdicts} == {"SD-3"}
    (err,) = errors
    assert "issue SD-2" in str(err)
    with pytest.raises(Exception, match="given twice with different contents"):
        jsm_verdicts(sla={"SD-2": pages})


_NO_BOOL = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.lists(st.booleans(), max_size=2),
)


@settings(max_examples=60, deadline=None)
@given(flag=_NO_BOOL, at=st.integers(0, 1), others=st.booleans())
def test_a_page_flag_that_is_no_json_boolean_is_refused_on_any_page(
    flag: Any, at: int, others: bool
) -> None:
    pages = _paged(_whole(), 1, 0)
    pages[1 - at]["isLastPage"] = others  # the other page says true or false
    pages[at]["isLastPage"] = flag
    verdicts, errors = _verdicts(pages)
    assert verdicts == ()
    (err,) = errors
    assert f"sla['SD-2'][{at}].isLastPage" in err
    assert "expected true or false" in err


@pytest.mark.parametrize("flag", [1, 0, "true", None])
def test_a_changelog_page_flag_beside_a_last_page_is_refused(flag: Any) -> None:
    pages = json.loads((JIRA / "issue_changelog_pages.json").read_text(encoding="utf-8"))["SD-2"]
    pages[0]["isLast"] = flag
    pages[-1]["isLast"] = True
    search = [json.loads((JIRA / f"search_page{i}.json").read_text()) for i in (1, 2)]
    status_map = {"Awaiting Vendor": "on_hold"}
    stream = jira.histories(
        search, changelogs={"SD-2": pages}, status_map=status_map, on_error="collect"
    )
    assert "SD-2" not in [h.id for h in stream]
    (err,) = [str(e) for e in stream.errors if "SD-2" in str(e)]
    assert f"isLast {flag!r}: expected true or false" in err


# -- one SLA by its id, else by its name -------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(which=st.integers(0, 1), reverse=st.booleans(), as_int=st.booleans())
def test_an_sla_renamed_between_fetches_is_one_sla_given_twice_differently(
    which: int, reverse: bool, as_int: bool
) -> None:
    """A copy with the same id and another name is the same SLA, so the pages contradict
    each other: the issue's error naming both places (it read as two SLAs, silently)."""
    pages = _paged(_whole(), 1, 1)  # page 1 holds SLA 0 again, then SLA 1
    pages[which]["values"][0]["name"] = "First response"  # renamed in one fetch
    if as_int:  # the Java API's Integer id names the same SLA as the REST API's string
        pages[1 - which]["values"][0]["id"] = int(pages[1 - which]["values"][0]["id"])
    if reverse:
        pages.reverse()
    verdicts, errors = _verdicts(pages)
    assert verdicts == ()
    (err,) = errors
    assert err.startswith("sla['SD-2'][1].values[0]: issue SD-2")
    assert "is given twice with different contents (first at sla['SD-2'][0].values[0], named" in err
    assert "with the same id" in err


@settings(max_examples=30, deadline=None)
@given(size=st.integers(1, 2), overlap=st.integers(0, 2), data=st.data())
def test_records_without_ids_are_told_apart_by_name(
    size: int, overlap: int, data: st.DataObject
) -> None:
    whole = _whole()
    for sla in whole["values"]:
        del sla["id"]
    pages = data.draw(st.permutations(_paged(whole, size, overlap)))
    assert _verdicts(pages) == _verdicts(_whole())
    assert _verdicts(pages)[1] == []


def _without(sla: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in sla.items() if k not in keys}


@settings(max_examples=30, deadline=None)
@given(
    which=st.integers(0, 1),
    reverse=st.booleans(),
    links=st.booleans(),
    again=st.integers(0, 2),
    as_int=st.booleans(),
)
def test_a_copy_without_an_id_agreeing_with_one_that_has_it_is_one_sla(
    which: int, reverse: bool, links: bool, again: int, as_int: bool
) -> None:
    """``id`` is optional in the REST API's SLA record (``SlaInformationDTO``), so a copy
    without it is the one SLA of its name when what it holds agrees -- its ``id`` and the
    ``_links`` that address it aside: read once, never "given twice with different
    contents"."""
    pages = _paged(_whole(), 1, 1)  # page 1 holds SLA 0 again, then SLA 1
    for page in pages:
        record = page["values"][0]
        if links:  # the REST API's self link, which ends in the SLA metric's id
            self_link = f"https://x/rest/servicedeskapi/request/SD-2/sla/{record['id']}"
            record["_links"] = {"self": self_link}
        if as_int:
            record["id"] = int(record["id"])
    pages[which]["values"][0] = _without(pages[which]["values"][0], "id", "_links")
    # The same pages fetched again, with or without the id: every copy agrees.
    pages += copy.deepcopy(pages[:again])
    if reverse:
        pages.reverse()
    assert _verdicts(pages) == _verdicts(_whole())


@settings(max_examples=30, deadline=None)
@given(change=_CHANGES, which=st.integers(0, 1), reverse=st.booleans())
def test_a_copy_without_an_id_that_holds_other_cycles_is_still_the_issues_error(
    change: tuple[str, Any], which: int, reverse: bool
) -> None:
    pages = _paged(_whole(), 1, 1)
    pages[which]["values"][0] = _without(pages[which]["values"][0], "id")
    field, value = change
    cycle = pages[1 - which]["values"][0]["completedCycles"][0]
    same = cycle.get(field) == value
    cycle[field] = value
    if reverse:
        pages.reverse()
    verdicts, errors = _verdicts(pages)
    if same:
        assert (verdicts, errors) == _verdicts(_whole())
        return
    assert verdicts == ()
    (err,) = errors
    assert "SLA 'Time to first response' is given twice with different contents" in err
    assert "(first at sla['SD-2'][0].values[0])" in err


def test_a_copy_without_an_id_is_matched_by_name() -> None:
    # Once a leftover: the copies differed by the id alone and were reported as contradicting.
    pages = _paged(_whole(), 1, 1)
    pages[1]["values"][0] = _without(pages[1]["values"][0], "id")
    assert _verdicts(pages) == _verdicts(_whole())
    # A copy with the id after one without it: later copies compare with the one with the id.
    pages = _paged(_whole(), 1, 1)
    pages[0]["values"][0] = _without(pages[0]["values"][0], "id")
    pages.append(copy.deepcopy(pages[1]))
    assert _verdicts(pages) == _verdicts(_whole())


def test_a_copy_without_an_id_beside_two_slas_of_its_name_is_the_issues_error() -> None:
    # The name cannot say which of two SLAs it is; two ids under one name are refused.
    # The copy without an id comes first and takes the id of the copy that agrees with it.
    whole = _whole()
    whole["values"].insert(0, _without(whole["values"][0], "id"))
    whole["values"][2]["name"] = whole["values"][0]["name"]
    verdicts, errors = _verdicts(whole)
    assert verdicts == ()
    (err,) = errors
    assert err.startswith("sla['SD-2'].values[2]: issue SD-2: id '1': two SLAs named")
    assert "different ids (2 at sla['SD-2'].values[1], 1 here)" in err


def test_two_copies_without_ids_and_different_links_stay_apart() -> None:
    # Neither has an id: compared whole, so links to two SLA metrics are two records.
    whole = _whole()
    first = _without(whole["values"][0], "id")
    whole["values"] = [
        dict(first, _links={"self": "https://x/rest/servicedeskapi/request/SD-2/sla/2"}),
        dict(first, _links={"self": "https://x/rest/servicedeskapi/request/SD-2/sla/7"}),
    ]
    verdicts, errors = _verdicts(whole)
    assert verdicts == ()
    (err,) = errors
    assert "is given twice with different contents" in err


def test_two_slas_of_one_name_and_different_ids_are_the_issues_error() -> None:
    whole = _whole()
    whole["values"][1]["name"] = whole["values"][0]["name"]
    verdicts, errors = _verdicts(whole)
    assert verdicts == ()
    (err,) = errors
    assert err.startswith("sla['SD-2'].values[1]: issue SD-2: id '1': two SLAs named")
    assert "different ids (2 at sla['SD-2'].values[0], 1 here)" in err
