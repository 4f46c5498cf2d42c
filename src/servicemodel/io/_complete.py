"""Private: is the export complete? What a vendor's own pages say about tickets not read.

A page that says how many tickets its query holds (Freshdesk's filter API ``total``), or
whether the stream has more (Zendesk's incremental export ``end_of_stream``), lets the reader
say when the tickets given are visibly fewer: a warning, not an error (the tickets read are
fine; the numbers made from them describe fewer tickets than the analyst asked for). A
value the vendor's page gives is quoted as the library's errors quote one (``safe_repr``): a
huge ``total`` by its number of digits, a long cursor or URL cut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from servicemodel._config import safe_repr

__all__ = ["filter_shortfall", "unfinished_stream"]


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _ticket_id(rec: Any) -> str | None:
    tid = rec.get("id") if isinstance(rec, Mapping) else None
    if isinstance(tid, bool) or not isinstance(tid, int | str):
        return None
    return str(tid).strip() or None


def filter_shortfall(pages: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[str, ...]:
    """Warnings for Freshdesk filter queries whose pages hold fewer tickets than they state.

    ``pages`` are ``(place, page)`` pairs of ``/api/v2/search/tickets`` responses
    (``{"results": [...], "total": N}``). A page does not name its query, so the pages are
    told apart by the ``total`` they state: the pages of one query state one total, and the
    distinct ticket ids read from them are compared with it. Two queries with the same total
    read together are one group (their tickets counted together: a shortfall may then be
    hidden, never invented); a query whose total changed while it was paged is two groups.
    A page read twice from the same place (a file given twice) is one page: the warnings are
    those of reading it once.

    Examples:
        >>> full = [("a.json", {"results": [{"id": 1}, {"id": 2}], "total": 2})]
        >>> filter_shortfall(full)
        ()
        >>> print(filter_shortfall([("a.json", {"results": [{"id": 1}], "total": 40})])[0])
        Freshdesk filter query (total 40, 1 page: a.json): 1 of its 40 tickets read, 39 missing; ...
    """
    # The places as first read (a dict keeps order): a file given twice is one page, not two.
    groups: dict[int, tuple[set[str], dict[str, None]]] = {}
    for place, page in pages:
        total = _count(page.get("total"))
        results = page.get("results")
        if total is None or not isinstance(results, list):
            continue
        ids, places = groups.setdefault(total, (set(), {}))
        ids.update(tid for tid in map(_ticket_id, results) if tid is not None)
        places[place] = None
    out = []
    for total, (ids, places) in sorted(groups.items()):
        if len(ids) >= total:
            continue
        shown = ", ".join(list(places)[:3]) + (", ..." if len(places) > 3 else "")
        pages_word = "1 page" if len(places) == 1 else f"{len(places)} pages"
        # A total of thousands of digits is said by its size, as an error says such a number.
        said, missing = safe_repr(total), safe_repr(total - len(ids))
        out.append(
            f"Freshdesk filter query (total {said}, {pages_word}: {shown}): {len(ids)} of its "
            f"{said} tickets read, {missing} missing; fetch every page, or split "
            "the query (the filter API returns a limited number of pages per query), e.g. "
            "by created_at ranges, until each query's pages hold its total"
        )
    return tuple(out)


#: The longest cursor or URL quoted whole: a real ``after_url`` (subdomain, path, cursor and
#: parameters) is well under it; a longer value is cut, as ``safe_repr`` cuts one.
_QUOTED = 300


def unfinished_stream(place: str, page: Mapping[str, Any]) -> tuple[str, ...]:
    """A warning when the last Zendesk incremental export page read says the stream goes on.

    ``end_of_stream`` is ``true`` when the request returned every result up to the current
    time, ``false`` otherwise; the page's ``after_url`` / ``after_cursor`` (cursor export) or
    ``next_page`` (time export) is where to continue. A page without ``end_of_stream`` (a
    list of tickets, a test fixture) says nothing.

    Examples:
        >>> unfinished_stream("p.json", {"tickets": [], "end_of_stream": True})
        ()
        >>> print(unfinished_stream("p.json", {"tickets": [], "end_of_stream": False,
        ...                                    "after_cursor": "MTU4"})[0])
        Zendesk incremental export stopped before its end: the last page read (p.json) has end_of_stream false; continue from after_cursor 'MTU4'
    """  # noqa: E501
    if page.get("end_of_stream") is not False:
        return ()
    # Cut as an error quotes a value, but long enough for a real after_url to be used whole.
    where = [
        f"{key} {safe_repr(page[key], limit=_QUOTED)}"
        for key in ("after_url", "after_cursor", "next_page")
        if isinstance(page.get(key), str) and page[key]
    ]
    then = "; continue from " + ", ".join(where) if where else "; fetch the pages after it"
    return (
        "Zendesk incremental export stopped before its end: the last page read "
        f"({place}) has end_of_stream false{then}",
    )
