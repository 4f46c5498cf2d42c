"""Private: is the export complete? What a vendor's own pages say about tickets not read.

A page that says how many tickets its query holds (Freshdesk's filter API ``total``), or
whether the stream has more (Zendesk's incremental export ``end_of_stream``, Jira's issue
search ``isLast`` and ``nextPageToken``), lets the reader
say when the tickets given are visibly fewer: a warning, not an error (the tickets read are
fine; the numbers made from them describe fewer tickets than the analyst asked for). A
value the vendor's page gives is quoted as the library's errors quote one (``safe_repr``): a
huge ``total`` by its number of digits, a long cursor, token or URL cut.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from servicemodel._config import safe_repr

__all__ = [
    "FilterTotals",
    "SearchEnd",
    "StreamEnd",
    "filter_shortfall",
    "ticket_id_of",
    "unfinished_search",
    "unfinished_stream",
    "unsaid_search",
]


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def ticket_id_of(rec: Any) -> str | None:
    """The id of a Freshdesk ticket record as its reader reads one (an int or a stripped
    non-blank text), or ``None`` where the reader would refuse it."""
    tid = rec.get("id") if isinstance(rec, Mapping) else None
    if isinstance(tid, bool) or not isinstance(tid, int | str):
        return None
    try:
        return str(tid).strip() or None
    except ValueError:  # an int past the int-to-text digit limit (4,300): no id (its reader says)
        return None


class FilterTotals:
    """Freshdesk filter query pages read one by one, compared with their ``total`` at the end.

    What ``filter_shortfall`` says of all the
    pages at once, said of pages given as they are read (a streaming reader): ``add`` each
    ``(place, page)``, then ``warnings()``. A query's ids are kept only while they are fewer
    than its total: once its pages hold it, more pages cannot make it short, so what is kept
    is bounded by the tickets of the queries still short.

    Examples:
        >>> totals = FilterTotals()
        >>> totals.add("tickets[0]", {"results": [{"id": 1}], "total": 2})
        >>> print(totals.warnings()[0][:70])
        Freshdesk filter query (total 2, 1 page: tickets[0]): 1 of its 2 ticke
        >>> totals.add("tickets[1]", {"results": [{"id": 2}], "total": 2})
        >>> totals.warnings()
        ()
    """

    __slots__ = ("_groups",)

    def __init__(self) -> None:
        # By total: the distinct ids read and the places as first read (a dict keeps order: a
        # file given twice is one page, not two); ``None`` once the pages hold the total.
        self._groups: dict[int, tuple[set[str], dict[str, None]] | None] = {}

    def add(self, place: str, page: Mapping[str, Any]) -> None:
        """Note one page (a page without a usable ``total`` or ``results`` says nothing)."""
        total = _count(page.get("total"))
        results = page.get("results")
        if total is None or not isinstance(results, list):
            return
        if total not in self._groups:
            self._groups[total] = (set(), {})
        group = self._groups[total]
        if group is None:  # already whole: more pages cannot make it short
            return
        ids, places = group
        ids.update(tid for tid in map(ticket_id_of, results) if tid is not None)
        places[place] = None
        if len(ids) >= total:
            self._groups[total] = None

    def warnings(self) -> tuple[str, ...]:
        """One warning per query whose pages read so far hold fewer tickets than its total."""
        out = []
        for total, group in sorted(self._groups.items()):
            if group is None:
                continue
            ids, places = group
            shown = ", ".join(list(places)[:3]) + (", ..." if len(places) > 3 else "")
            pages_word = "1 page" if len(places) == 1 else f"{len(places)} pages"
            # A total of thousands of digits is said by its size, as an error says such a number.
            said, missing = safe_repr(total), safe_repr(total - len(ids))
            out.append(
                f"Freshdesk filter query (total {said}, {pages_word}: {shown}): {len(ids)} of "
                f"its {said} tickets read, {missing} missing; fetch every page, or split "
                "the query (the filter API returns a limited number of pages per query), e.g. "
                "by created_at ranges, until each query's pages hold its total"
            )
        return tuple(out)


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
    totals = FilterTotals()
    for place, page in pages:
        totals.add(place, page)
    return totals.warnings()


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


def _stream_says(page: Mapping[str, Any]) -> bool | None:
    """Whether a Zendesk export page says the stream goes on (``end_of_stream: false``),
    ends (``true``), or says neither (``None``: no ``end_of_stream``, or one that is no
    boolean)."""
    said = page.get("end_of_stream")
    return not said if isinstance(said, bool) else None


class _PagesEnd(ABC):
    """Pages read one by one, and whether the last says there are more: what ``StreamEnd``
    and ``SearchEnd`` share.

    It keeps the last page read that says there are more and its place (``pages[3]``), and
    whether any page read is the end. A subclass names the list its pages hold
    (``_items``), what a page says (``_says``: more ``True``, the end ``False``, neither
    ``None``) and the warning (``_unfinished``).
    """

    __slots__ = ("ended", "page", "path")
    _items: ClassVar[str]

    def __init__(self) -> None:
        self.page: Mapping[str, Any] | None = None
        self.path = ""
        self.ended = False

    @staticmethod
    @abstractmethod
    def _says(page: Mapping[str, Any]) -> bool | None: ...

    @staticmethod
    @abstractmethod
    def _unfinished(place: str, page: Mapping[str, Any]) -> tuple[str, ...]: ...

    def note(self, path: str, page: Any) -> None:
        """Note one page read, at ``path`` (anything but a page holding ``_items`` says
        nothing)."""
        if isinstance(page, Mapping) and self._items in page:
            said = self._says(page)
            if said is True:
                self.page, self.path = page, path
            self.ended = self.ended or said is False

    def warnings(self, place: Callable[[str], str] = str) -> tuple[str, ...]:
        """Said when a page read says there are more and no page read is the end: the export
        was stopped early. Pages given out of order (a glob sorting page10 before page2) hold
        the end somewhere else: no warning then. ``place`` names the page's path where it was
        read (a file and line)."""
        if self.page is None or self.ended:
            return ()
        return self._unfinished(place(self.path), self.page)


class StreamEnd(_PagesEnd):
    """Zendesk incremental export pages read one by one, and whether the last says the
    stream goes on.

    It keeps the last page read that says the stream goes on (``end_of_stream: false``), its
    place (``pages[3]``), and whether any page read is the stream's end
    (``end_of_stream: true``). A page that says neither (no ``end_of_stream``, or one that is
    no boolean) says nothing: read last, it does not hide an earlier page's ``false``, so the
    pages' order changes no warning.

    Examples:
        >>> end = StreamEnd()
        >>> end.note("pages[0]", {"tickets": [], "end_of_stream": False, "after_cursor": "c1"})
        >>> print(end.warnings()[0])
        Zendesk incremental export stopped before its end: the last page read (pages[0]) has end_of_stream false; continue from after_cursor 'c1'
        >>> end.note("pages[1]", {"tickets": [], "end_of_stream": True})
        >>> end.warnings()
        ()
    """  # noqa: E501

    __slots__ = ()
    _items = "tickets"
    _says = staticmethod(_stream_says)
    _unfinished = staticmethod(unfinished_stream)


def _search_says(page: Mapping[str, Any]) -> bool | None:
    """Whether a Jira token page says the search goes on (``True``), ends (``False``), or
    says neither (``None``): an offset page (judged by its ``startAt`` and ``total``), or a
    page without a boolean ``isLast`` and without a ``nextPageToken`` key (``_unsaid``).

    ``isLast`` says it when it is a JSON boolean (one that is not is the page's error, and
    is read here as absent); else the ``nextPageToken`` does: a token to fetch goes on, a
    ``null`` (or empty) one is the last page, as Jira writes it ("If this result represents
    the last or the only page this token will be null").
    """
    if _is_int(page.get("startAt")):
        return None
    said = page.get("isLast")
    if isinstance(said, bool):
        return not said
    if "nextPageToken" not in page:
        return None
    token = page["nextPageToken"]
    return isinstance(token, str) and token != ""


def _unsaid(page: Mapping[str, Any]) -> bool:
    """Whether a Jira search page says nothing of the pages after it: no ``startAt`` and no
    ``total`` (an offset page's), no boolean ``isLast``, no ``nextPageToken`` key. The last
    page of early ``/search/jql`` responses left the token out (JRACLOUD-92184), and so does
    a page saved by hand or cut down by a tool: which one a page is, it cannot say."""
    return not (
        _is_int(page.get("startAt"))
        or _is_int(page.get("total"))
        or isinstance(page.get("isLast"), bool)
        or "nextPageToken" in page
    )


def unfinished_search(place: str, page: Mapping[str, Any]) -> tuple[str, ...]:
    """A warning when the last Jira issue search page read says the search goes on.

    A page of ``/rest/api/3/search/jql`` (the token pages: no ``startAt``, no ``total``)
    ends the search with ``isLast: true``; one with ``isLast: false``, or with a
    ``nextPageToken`` and no ``isLast``, has pages after it, fetched with that token, which
    "will expire in 7 days" (Atlassian, "Search for issues using JQL enhanced search":
    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
    #api-rest-api-3-search-jql-get). Any other page says nothing.

    Examples:
        >>> unfinished_search("p.json", {"issues": [], "isLast": True})
        ()
        >>> print(unfinished_search("p.json", {"issues": [], "isLast": False,
        ...                                    "nextPageToken": "CAEaAggD"})[0])
        Jira issue search stopped before its end: the last page read (p.json) has isLast false; continue from nextPageToken 'CAEaAggD' (a token expires 7 days after its search: then search again)
    """  # noqa: E501
    if _search_says(page) is not True:
        return ()
    said = "isLast false" if page.get("isLast") is False else "a nextPageToken and no isLast"
    token = page.get("nextPageToken")
    then = (
        f"; continue from nextPageToken {safe_repr(token, limit=_QUOTED)} (a token expires 7 "
        "days after its search: then search again)"
        if isinstance(token, str) and token
        else "; fetch the pages after it"
    )
    return (
        f"Jira issue search stopped before its end: the last page read ({place}) has {said}{then}",
    )


def unsaid_search(
    place: str, count: int, going: tuple[str, Mapping[str, Any]] | None = None
) -> tuple[str, ...]:
    """The warning for Jira issue search pages that say nothing of the pages after them
    (``_unsaid``), when no page read ends the search: ``count`` such pages, the last read
    at ``place``; ``going`` is the last page read that says the search goes on, if any, and
    its place.

    Examples:
        >>> print(unsaid_search("p.json", 1)[0])
        Jira issue search may have stopped before its end: a page read (p.json) has no isLast true or false and no nextPageToken, so it does not say whether pages follow it, and no page read says isLast true; its issues are read. Give every page as fetched, up to the one with isLast true (the last page of early responses had neither key: if this is that page, the search is whole)
    """  # noqa: E501
    many = f"{count} pages read (the last: {place}) have"
    pages = f"a page read ({place}) has" if count == 1 else many
    then = ""
    if going is not None:
        at, page = going
        token = page.get("nextPageToken")
        said = "isLast false" if page.get("isLast") is False else "a nextPageToken"
        then = f"; the last page read that goes on ({at}) has {said}" + (
            f": continue from nextPageToken {safe_repr(token, limit=_QUOTED)} (a token "
            "expires 7 days after its search: then search again)"
            if isinstance(token, str) and token
            else ""
        )
    return (
        f"Jira issue search may have stopped before its end: {pages} no isLast true or "
        "false and no nextPageToken, so it does not say whether pages follow it, and no page "
        f"read says isLast true; its issues are read{then}. Give every page as fetched, up "
        "to the one with isLast true (the last page of early responses had neither key: if "
        "this is that page, the search is whole)",
    )


class SearchEnd(_PagesEnd):
    """Jira issue search pages read one by one, and whether the last says the search goes on.

    What ``StreamEnd`` is to Zendesk's ``end_of_stream``, for the token pages of
    ``/rest/api/3/search/jql`` (``isLast``, ``nextPageToken``; see ``unfinished_search``):
    it keeps the last page read that says the search goes on and its place (``pages[3]``),
    and whether any page read ends the search. Pages may come in any order (files sorted
    by name, two runs of one search): a warning is said only when no page read ends the
    search, so the pages' order changes no warning, and a shortfall may be hidden (a run
    that ended beside one that stopped), never invented. Offset pages (``startAt``) say
    nothing here: a gap among them, or pages short of their ``total``, is an error.

    A page that says nothing of the pages after it (``_unsaid``: no boolean ``isLast``, no
    ``nextPageToken``, no ``startAt`` or ``total``) does not end the search: when no page
    read ends it, the warning says so, naming the last such page (``unsaid_search``): read
    as the search's end, it would hide, without a word, a page before it that goes on.

    Examples:
        >>> end = SearchEnd()
        >>> end.note("pages[0]", {"issues": [], "isLast": False, "nextPageToken": "t1"})
        >>> print(end.warnings()[0][:90])
        Jira issue search stopped before its end: the last page read (pages[0]) has isLast false;
        >>> end.note("pages[1]", {"issues": [], "isLast": True})
        >>> end.warnings()
        ()
        >>> quiet = SearchEnd()
        >>> quiet.note("pages[0]", {"issues": []})
        >>> print(quiet.warnings()[0][:70])
        Jira issue search may have stopped before its end: a page read (pages[
    """

    __slots__ = ("unsaid", "unsaid_path")
    _items = "issues"
    _says = staticmethod(_search_says)
    _unfinished = staticmethod(unfinished_search)

    def __init__(self) -> None:
        super().__init__()
        self.unsaid = 0
        self.unsaid_path = ""

    def note(self, path: str, page: Any) -> None:
        """Note one page read, at ``path``; a page that says nothing of the pages after it is
        counted, and the last one's path kept."""
        super().note(path, page)
        if isinstance(page, Mapping) and self._items in page and _unsaid(page):
            self.unsaid, self.unsaid_path = self.unsaid + 1, path

    def warnings(self, place: Callable[[str], str] = str) -> tuple[str, ...]:
        """``_PagesEnd.warnings``; when a page read says nothing of the pages after it and no
        page read ends the search, ``unsaid_search``'s warning instead (it names the page
        that goes on too, if one does)."""
        if self.ended or not self.unsaid:
            return super().warnings(place)
        going = None if self.page is None else (place(self.path), self.page)
        return unsaid_search(place(self.unsaid_path), self.unsaid, going)
