"""Private: search pages in, one history per issue out; comments joined by issue key."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, RecordError, ServiceModelError
from servicemodel.io._complete import SearchEnd
from servicemodel.io._files import as_paths, file_items
from servicemodel.io._frame_input import check_options
from servicemodel.io._observed import Updates
from servicemodel.io._repeats import once
from servicemodel.io._seen import SeenIds
from servicemodel.io._source import LoadResult
from servicemodel.io._unreadable import cannot_read
from servicemodel.io.eventlog import HistoryStream
from servicemodel.io.eventlog._shared import Incomplete, Item, OnError, Skipped
from servicemodel.io.jira._fields import MAPPING, Options, fail, instant, is_object, options
from servicemodel.io.jira._history import Head, Located, head, history, inline_comments
from servicemodel.io.jira._kinds import not_an_issue
from servicemodel.model import Status

__all__ = ["BOOL", "first_gap", "histories", "issues_of", "load", "short_page"]

Comments = Mapping[str, Any] | Callable[[str], Any]
Items = Iterator[Item]


def _is_page(raw: Any) -> bool:
    return isinstance(raw, MAPPING) and "issues" in raw


class InOrder:
    """The pages of one search read in order (``histories``): each offset page says where it
    starts, so a gap or an overlap means issues lost or doubled, and the last ``total`` given
    is the number of issues read."""

    def __init__(self) -> None:
        self.read = 0
        self.total: tuple[str, int] | None = None

    def bare(self) -> None:
        self.read += 1

    def add(self, page: Mapping[str, Any], where: str, count: int) -> Iterator[RecordError]:
        start = page.get("startAt")
        if isinstance(start, int) and not isinstance(start, bool) and start != self.read:
            yield fail(f"{where}.startAt", None, "startAt", start,
                       f"{self.read} issues came before this page: a page is missing or "
                       "repeated (issues changed while paging?)")  # fmt: skip
        total = page.get("total")
        if isinstance(total, int) and not isinstance(total, bool):
            self.total = (where, total)
        self.read += count

    def errors(self) -> Iterator[RecordError]:
        if self.total is not None and self.total[1] != self.read:
            where, total = self.total
            yield fail(f"{where}.total", None, "total", total,
                       f"the pages hold {self.read} issues, not {safe_repr(total)}")  # fmt: skip


class Coverage:
    """The places of offset pages in their search, checked once every page is read: for
    ``load``, which takes overlapping searches (two runs, pages given in any order).

    Pages may overlap (an issue read twice is read once); a place no page holds is a page
    missing, and so is a search ending short of its largest ``total``. A page without
    ``startAt`` (the ``nextPageToken`` style) follows the previous such page, unless it
    holds the issues of one read before (the same file given twice), whose place it takes.
    """

    def __init__(self) -> None:
        self.spans: list[tuple[int, int, str]] = []  # (start, end, page)
        self.total: tuple[int, str] | None = None  # the largest total, and its page
        self.flow = 0
        self.token_pages: dict[tuple[str, ...], int] = {}  # a token page's issues: its start

    def bare(self) -> None:
        """A bare issue has no place in a search."""

    def add(self, page: Mapping[str, Any], where: str, count: int) -> Iterator[RecordError]:
        start = page.get("startAt")
        if isinstance(start, int) and not isinstance(start, bool) and start < 0:
            yield fail(f"{where}.startAt", None, "startAt", start,
                       "expected the place of the page's first issue, 0 or more")  # fmt: skip
            return
        if isinstance(start, bool) or not isinstance(start, int):
            keys = tuple(_key(issue) or "" for issue in page["issues"])
            start = self.token_pages.get(keys) if keys else None
            if start is None:
                start, self.flow = self.flow, self.flow + count
                self.token_pages[keys] = start
        self.spans.append((start, start + count, where))
        total = page.get("total")
        if isinstance(total, int) and not isinstance(total, bool):
            self.total = max(self.total or (total, where), (total, where))

    def errors(self) -> Iterator[RecordError]:
        covered = 0
        for start, end, where in sorted(self.spans):
            if start > covered:
                why = f"no page holds issues {covered}..{safe_repr(start - 1)} of the search"
                yield fail(f"{where}.startAt", None, "startAt", start,
                           f"{why}: a page is missing")  # fmt: skip
            covered = max(covered, end)
        if self.total is not None and self.total[0] != covered:
            total, where = self.total
            why = f"the pages hold {safe_repr(covered)} issues, not {safe_repr(total)}"
            yield fail(f"{where}.total", None, "total", total, why)


def issues_of(
    items: Iterable[Any], pages: InOrder | Coverage | None = None, end: SearchEnd | None = None
) -> Iterator[tuple[str, Any] | RecordError]:
    """Each issue with its path, from search pages (``startAt`` or ``nextPageToken`` style) or
    bare issues; a malformed page is a ``RecordError`` in the stream. ``pages`` checks the
    pages' places: as one search read in order (the default), or ``Coverage`` (in any
    order, overlapping). ``end`` notes each page as read (``isLast``, ``nextPageToken``),
    for the warning of a token search stopped before its last page."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InputTypeError(
            f"issues: expected a list of issues or search pages, got {type(items).__name__} "
            f"{safe_repr(items)}"
        )
    checks = InOrder() if pages is None else pages
    for p, raw in enumerate(items):
        if isinstance(raw, RecordError):  # a file line that did not parse (see load)
            yield raw
            continue
        if not _is_page(raw):
            other = not_an_issue(raw) if is_object(raw) else None
            if other is not None:  # another API response saved beside the pages: no issue
                yield RecordError(f"not an issue: {other}", path=f"issues[{p}]")
                continue
            yield f"issues[{p}]", raw
            checks.bare()
            continue
        where = f"pages[{p}]"
        if end is not None:
            end.note(where, raw)
        if "isLast" in raw and not isinstance(raw["isLast"], bool):
            # The one rule of every Jira page's flag (short_page): exactly true or false. A
            # search page's issues are whole whatever it says: they are read, as beside a
            # startAt gap, and the page says nothing of its end (see SearchEnd).
            yield fail(f"{where}.isLast", None, "isLast", raw["isLast"], BOOL)
        issues = raw["issues"]
        if not isinstance(issues, list):
            yield fail(f"{where}.issues", None, "issues", issues, "expected a list of issues")
            continue
        yield from checks.add(raw, where, len(issues))
        for i, issue in enumerate(issues):
            yield f"{where}.issues[{i}]", issue
    yield from checks.errors()


def _extra_comments(h: Head, comments: Comments | None, used: set[str]) -> list[Located] | None:
    """The issue's comments from ``comments=`` (by key, or a moved issue's old key), if any."""
    if comments is None:
        return None
    keys = [h.key]
    keys += [str(i.get("fromString")) for i in _key_items(h)]
    for key in keys:
        found = comments(key) if callable(comments) else comments.get(key)
        if found is None:
            continue
        used.add(key)
        where = f"comments[{key!r}]"
        if isinstance(found, MAPPING):  # one page: service desk "values", platform "comments"
            _complete(h, where, [(where, found)])
            found = _listed(found)
        elif isinstance(found, list) and found and all(map(_is_comment_page, found)):
            pages = [(f"{where}[{p}]", page) for p, page in enumerate(found)]
            _complete(h, where, pages)
            return [
                (f"{at}.{'values' if 'values' in page else 'comments'}[{i}]", c)
                for at, page in pages
                for i, c in enumerate(_listed(page) or ())
            ]
        if not isinstance(found, list):
            raise fail(where, h.key, "comments", found, "expected a list of comments or a page")
        return [(f"{where}[{i}]", c) for i, c in enumerate(found)]
    return None


def _extra_changelog(
    h: Head, changelogs: Comments | None, repeats: list[RecordError]
) -> list[Located] | None:
    """The issue's histories from ``changelogs=``: every page of
    ``/rest/api/3/issue/{key}/changelog`` (``values``, ``startAt``, ``total``, ``isLast``:
    https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/
    #api-rest-api-3-issue-issueidorkey-changelog-get) in a list, one page, or a list of
    histories. A history given twice (pages fetched again) is read once, by its ``id``; one
    given twice with different contents is an error in ``repeats`` (the first is kept)."""
    found = None
    if changelogs is not None:
        found = changelogs(h.key) if callable(changelogs) else changelogs.get(h.key)
    if found is None:
        return None
    where = f"changelogs[{h.key!r}]"
    one = isinstance(found, MAPPING)  # one page: its path is the key's
    if one:
        found = [found]
    if not isinstance(found, list):
        why = "expected the pages of /issue/{key}/changelog or a list of histories"
        raise fail(where, h.key, "changelog", found, why)
    if not (found and all(isinstance(p, MAPPING) and isinstance(p.get("values"), list)
                          for p in found)):  # fmt: skip
        return _once_by_id(h, [(f"{where}[{i}]", raw) for i, raw in enumerate(found)], repeats)
    pages = [(where if one else f"{where}[{p}]", page) for p, page in enumerate(found)]
    out = _once_by_id(h, [(f"{at}.values[{i}]", raw) for at, page in pages
                          for i, raw in enumerate(page["values"])], repeats)  # fmt: skip
    fetch = f"fetch the rest (/issue/{h.key}/changelog?startAt=N) and give every page as a list"
    short = short_page(pages, "isLast")
    if short is not None:
        at, flag = short
        why = f"the changelog page(s) end before the last one; {fetch}"
        raise fail(f"{at}.isLast", h.key, "isLast", flag, why if flag is False else BOOL)
    total = _largest_total(pages)
    if total is not None and total[0] > len(out):
        why = f"the changelog page(s) hold {len(out)} of {safe_repr(total[0])} histories; {fetch}"
        raise fail(f"{total[1]}.total", h.key, "total", total[0], why)
    return out


def _once_by_id(h: Head, located: list[Located], repeats: list[RecordError]) -> list[Located]:
    """Each history once, by its ``id`` (pages that overlap give some twice); one given
    twice with different contents is an error in ``repeats``, the first kept (``once``)."""
    out, errors = once(located, "changelog history", h.key, fail)
    repeats.extend(errors)
    return out


def _largest_total(pages: list[tuple[str, Mapping[str, Any]]]) -> tuple[int, str] | None:
    """The largest ``total`` the pages give, and its page's path (``None``: none gives one)."""
    totals = [(n, at) for at, page in pages
              if isinstance(n := page.get("total"), int) and not isinstance(n, bool)]  # fmt: skip
    return max(totals) if totals else None


def _listed(page: Mapping[str, Any]) -> Any:
    return page.get("values", page.get("comments"))


def _is_comment_page(raw: Any) -> bool:
    """A page of ``/rest/servicedeskapi/request/{key}/comment`` (``values``) or of
    ``/rest/api/3/issue/{key}/comment`` (``comments``); a comment has neither."""
    return isinstance(raw, MAPPING) and isinstance(_listed(raw), list)


def _complete(h: Head, where: str, pages: list[tuple[str, Mapping[str, Any]]]) -> None:
    """Refuse comment pages that say more comments exist, as an issue's own ``comment.total``
    is refused: a history without its last comments would misread every reply after them.
    The service desk API says so with ``isLastPage`` (https://developer.atlassian.com/cloud/
    jira/service-desk/rest/intro/#pagination), the platform API with ``total``."""
    short = short_page(pages, "isLastPage")
    if short is not None:
        at, flag = short
        why = (f"the comment page(s) end before the last one; fetch the rest "
               f"(/rest/servicedeskapi/request/{h.key}/comment?start=N) and give every page "
               "as a list")  # fmt: skip
        raise fail(f"{at}.isLastPage", h.key, "isLastPage", flag, why if flag is False else BOOL)
    gap = first_gap(pages)
    if gap is not None:
        at, start, held = gap
        why = (f"no page holds comments {safe_repr(held)} to {safe_repr(start - 1)}; fetch "
               f"them (/rest/servicedeskapi/request/{h.key}/comment?start={safe_repr(held)}) "
               "and give every page as a list")  # fmt: skip
        raise fail(f"{at}.start", h.key, "start", start, why)
    largest = _largest_total(pages)
    if largest is not None:
        total, at = largest
        ids = set()
        for _, page in pages:
            for c in _listed(page) or ():
                cid = c.get("id") if isinstance(c, MAPPING) else None
                ids.add(safe_repr(cid) if cid is not None else object())
        if len(ids) < total:
            why = (f"the comment page(s) hold {len(ids)} of {safe_repr(total)} comments; "
                   f"fetch the rest (/issue/{h.key}/comment?startAt=N) and give every page "
                   "as a list")  # fmt: skip
            raise fail(f"{at}.total", h.key, "total", total, why)


#: Why a page's ``isLast`` or ``isLastPage`` that is neither true nor false is refused.
BOOL = "expected true or false (whether the page is the last)"


def short_page(pages: Sequence[tuple[str, Any]], flag: str) -> tuple[str, Any] | None:
    """The first page giving ``flag`` (``isLast``, ``isLastPage``) that is no JSON boolean,
    and its value; else, when pages give it and none says true, the first page giving it:
    the pages end before the last one.

    A flag is exactly ``true`` or ``false``: ``1``, ``"true"`` or ``null`` on any page is
    refused, whatever the other pages say (``1`` beside a page saying true was read as true,
    and beside pages saying false the error named the false page, not the 1).

    Examples:
        >>> short_page([("[0]", {"isLast": False}), ("[1]", {"isLast": True})], "isLast")
        >>> short_page([("[0]", {"isLastPage": False})], "isLastPage")
        ('[0]', False)
        >>> short_page([("[0]", {"isLast": True}), ("[1]", {"isLast": 1})], "isLast")
        ('[1]', 1)
    """
    flags = [(at, page[flag]) for at, page in pages if isinstance(page, MAPPING) and flag in page]
    for at, value in flags:
        if not isinstance(value, bool):
            return at, value
    if not flags or any(value for _, value in flags):
        return None
    return flags[0]


def first_gap(pages: Sequence[tuple[str, Any]]) -> tuple[str, int, int] | None:
    """The first page of a service desk response that starts after the items the pages
    before it hold: its path, its ``start`` and how many items those pages hold from 0.

    The service desk API pages by ``start`` (the index of a page's first item) and ends with
    ``isLastPage`` true (https://developer.atlassian.com/cloud/jira/service-desk/rest/intro/
    #pagination), and gives no total: without a page starting at 0, or one in the middle,
    the items before it are lost, however the pages end. Pages may overlap and come in any
    order. ``None``: no gap, or a page without a ``start`` (nothing to tell it by).

    Examples:
        >>> first_gap([("[0]", {"start": 0, "values": [1, 2]}),
        ...            ("[1]", {"start": 4, "values": [5]})])
        ('[1]', 4, 2)
        >>> first_gap([("[0]", {"start": 2, "values": [3]}), ("[1]", {"start": 0, "values": [1, 2]})])
    """  # noqa: E501
    found = []
    for at, page in pages:
        start = page.get("start") if isinstance(page, MAPPING) else None
        if not isinstance(start, int) or isinstance(start, bool):
            return None
        values = page.get("values")
        found.append((start, len(values) if isinstance(values, list) else 0, at))
    held = 0
    for start, n, at in sorted(found, key=lambda f: f[0]):
        if start > held:
            return at, start, held
        held = max(held, start + n)
    return None


def _key_items(h: Head) -> list[Mapping[str, Any]]:
    log = h.raw.get("changelog")
    hist = log.get("histories") if isinstance(log, MAPPING) else None
    if h.log is not None:
        hist = [raw for _, raw in h.log]
    out = []
    for rec in hist if isinstance(hist, list) else ():
        items = rec.get("items") if isinstance(rec, MAPPING) else None
        for item in items if isinstance(items, list) else ():
            if isinstance(item, MAPPING) and str(item.get("field", "")).casefold() == "key":
                out.append(item)
    return out


def _one(path: str, raw: Any, related: _Related, used: set[str], opts: Options) -> Items:
    comments, changelogs = related
    try:
        h = head(raw, path)
    except RecordError as exc:
        yield exc
        return
    try:
        if isinstance(changelogs, MAPPING) and h.key in changelogs:
            used.add(f"changelog:{h.key}")
        repeats: list[RecordError] = []
        h.log = _extra_changelog(h, changelogs, repeats)
        yield from repeats
        extra = _extra_comments(h, comments, used)
        # A comment read twice (comment pages fetched again, overlapping) is read once.
        mine, errors = once(inline_comments(h) if extra is None else extra, "comment", h.key,
                            fail)  # fmt: skip
        yield from errors
        yield history(h, mine, opts)
    except RecordError as exc:
        yield exc
    except ServiceModelError as exc:  # the model refused a value: same error shape
        yield RecordError(f"issue {h.key}: {exc}", path=h.path)


_NEVER = datetime.min.replace(tzinfo=UTC)


def _updated(raw: Any) -> datetime:
    """An issue's ``fields.updated`` in UTC, read as the issues' times are, to order its
    versions; an unreadable one is older than any readable one (its own errors are told
    when that version is read)."""
    fields = raw.get("fields") if is_object(raw) else None
    value = fields.get("updated") if is_object(fields) else None
    try:
        return instant(value, "updated", None, "updated").astimezone(UTC)
    except (RecordError, OverflowError):
        return _NEVER


def _key(raw: Any) -> str | None:
    """An issue's key as its reader reads it (``_fields.text``: a number is its decimal
    text), or ``None`` when it has none it can read."""
    key = raw.get("key") if is_object(raw) else None
    if isinstance(key, str):
        return key if key.strip() else None
    if isinstance(key, int) and not isinstance(key, bool):
        with contextlib.suppress(ValueError):  # past the int-to-text digit limit: no key
            return str(key)
    return None


def _latest(found: list[tuple[str, Any] | RecordError]) -> dict[str, int]:
    """Each issue key's latest record (its index in ``found``): the latest ``fields.updated``
    in UTC, then the last read -- so files given in any order keep the same version."""
    last: dict[str, tuple[datetime, int]] = {}
    for k, one in enumerate(found):
        key = None if isinstance(one, RecordError) else _key(one[1])
        if key is not None:
            version = (_updated(one[1]), k)  # type: ignore[index]
            last[key] = max(last.get(key, version), version)
    return {key: k for key, (_, k) in last.items()}


# An issue's comments and changelog given beside the pages (``comments=``, ``changelogs=``).
_Related = tuple[Comments | None, Comments | None]


def _items(
    issues: Iterable[Any],
    comments: Comments | None,
    opts: Options,
    *,
    latest: bool = False,
    changelogs: Comments | None = None,
    place: Callable[[str], str] = str,
) -> Items:
    """The issues' histories. ``latest`` (``load``): pages may overlap and come in any order,
    and a repeated issue is read from its latest record, the others skipped as superseded;
    else a repeat is an error. Once every page is read, a token search stopped before its
    last page is an ``Incomplete`` warning naming the page by ``place`` of its stream path
    (``pages[3]``; ``load`` names the file and line)."""
    used: set[str] = set()
    end = SearchEnd()
    found: Iterable[tuple[str, Any] | RecordError]
    keep = None
    if latest:
        found = list(issues_of(issues, Coverage(), end))
        keep = _latest(found)
    else:
        found = issues_of(issues, end=end)
    with SeenIds() as seen:
        for k, one in enumerate(found):
            if isinstance(one, RecordError):
                yield one
                continue
            path, raw = one
            key = _key(raw)
            if keep is not None and key is not None and keep[key] != k:
                yield Skipped(key, "superseded by a later record of the ticket")
            elif key is not None and key in seen:
                yield fail(f"{path}.key", key, "key", key, "issue appears twice in the pages "
                           "(jira.load keeps the latest record of a repeated ticket)")  # fmt: skip
            else:
                if key is not None:
                    seen.add(key)
                yield from _one(path, raw, (comments, changelogs), used, opts)
    yield from _unused(comments, changelogs, used)
    for text in end.warnings(place):
        yield Incomplete(text)


def _unused(comments: Comments | None, changelogs: Comments | None, used: set[str]) -> Items:
    """An error for each key of ``comments=`` or ``changelogs=`` that no issue read."""
    if isinstance(comments, MAPPING):
        for key in comments:
            if key not in used:
                why = "comments for an issue that never appears in the pages (deleted?)"
                yield fail(f"comments[{key!r}]", str(key), "key", key, why)
    if isinstance(changelogs, MAPPING):
        for key in changelogs:
            if f"changelog:{key}" not in used:
                why = "a changelog for an issue that never appears in the pages (deleted?)"
                yield fail(f"changelogs[{key!r}]", str(key), "key", key, why)


def histories(
    issues: Iterable[Mapping[str, Any]],
    comments: Comments | None = None,
    *,
    agents: Iterable[int | str] | None = None,
    status_map: Mapping[str, str | Status] | None = None,
    priority_map: Mapping[str, str] | None = None,
    statuses: Iterable[Mapping[str, Any]] | None = None,
    channel_field: str | None = None,
    changelogs: Comments | None = None,
    on_error: OnError = "raise",
) -> HistoryStream:
    """Stream one [`TicketHistory`][servicemodel.model.TicketHistory] per Jira issue.

    ``issues`` are search result pages as parsed JSON (``{"issues": [...], "startAt",
    "maxResults", "total"}`` or the ``nextPageToken`` style), or bare issues, fetched with
    ``expand=changelog``. Comments come from each issue's ``fields.comment``, or from
    ``comments``: a mapping or a function from an issue key to that issue's comments (a list,
    or one page of the service-desk ``/request/{key}/comment`` or platform
    ``/issue/{key}/comment`` API, or every page in a list), which then replaces the inline
    ones. ``changelogs`` does the same for the changelog: a mapping or a function from an
    issue key to the pages of ``/rest/api/3/issue/{key}/changelog`` (one, or every page in a
    list) or a list of histories, for an issue whose search result holds only part of it
    (``changelog.total`` larger than its histories). One issue is held at a time.

    ``status_map`` maps a workflow's status names or ids to ours (see ``STATUSES`` for the
    defaults); ``statuses`` is Jira's status list (``/rest/api/2/status``), whose categories
    settle statuses the maps do not name where a category is sound (``STATUS_CATEGORIES``);
    ``priority_map`` extends ``PRIORITIES``; ``agents`` are agent account ids (without them,
    anyone but the reporter and ``customer`` accounts is an agent); ``channel_field`` names
    a field holding the channel. Every error names the path (``pages[1].issues[0].changelog
    .histories[2].items[0].toString``), the issue key, the field and the value.

    Once the stream is done, its ``warnings`` say whether a token search (the pages of
    ``/rest/api/3/search/jql``: ``nextPageToken``, ``isLast``, no ``total``) was stopped
    before its last page, as [`load`][servicemodel.io.jira.load]'s do and as the Zendesk
    stream says an incremental export stopped before ``end_of_stream``: a page read has
    ``isLast: false`` (or a ``nextPageToken`` and no ``isLast``) and no page read ends the
    search (``isLast: true``, or a ``null`` token and no ``isLast``), in whatever order the
    pages come. A page with neither a boolean ``isLast`` nor a ``nextPageToken`` (nor
    ``startAt`` or ``total``) does not say whether pages follow it: when no page read ends
    the search, that is a warning too. A warning names the page by its place in the stream
    (``pages[3]``) and the token to continue from; it is no error, so the issues stream as
    usual. Offset pages whose ``startAt`` leaves a gap, or that do not add up to ``total``,
    are errors (the issues missing are named), not warnings; so are an issue's changelog or
    comment pages that end before their last (they would misread the issue itself). Any
    page's ``isLast`` (or ``isLastPage``) that is not exactly ``true`` or ``false`` is an
    error: a search page's, whose issues are still read; a comment or changelog page's,
    that issue's.

    Examples:
        >>> page = {"startAt": 0, "total": 1, "issues": [{"key": "SD-1", "fields": {
        ...     "created": "2026-03-02T09:00:00.000+0100",
        ...     "status": {"id": "7", "name": "Triage"}}}]}
        >>> list(histories([page]))
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: pages[0].issues[0].fields.status.name: issue SD-1: status 'Triage': unknown status; expected one of [...
        >>> [h.id for h in histories([page], status_map={"Triage": "new"})]
        ['SD-1']
        >>> token = {"issues": page["issues"], "isLast": False, "nextPageToken": "CAEaAggD"}
        >>> stream = histories([token], status_map={"Triage": "new"})
        >>> [h.id for h in stream], stream.warnings[0][:98]
        (['SD-1'], 'Jira issue search stopped before its end: the last page read (pages[0]) has isLast false; continue')
    """  # noqa: E501
    opts = options(status_map, priority_map, agents, statuses, channel_field)
    logs = _comments(changelogs, "changelogs", "changelog")
    return HistoryStream(_items(issues, _comments(comments), opts, changelogs=logs),
                         on_error=on_error)  # fmt: skip


def _comments(comments: Any, name: str = "comments", what: str = "comments") -> Comments | None:
    if comments is not None and not (callable(comments) or isinstance(comments, MAPPING)):
        raise ConfigError(
            f"{name} must be a mapping or a function from an issue key to its {what}", path=name
        )
    return comments  # type: ignore[no-any-return]


def _loading(
    issues: Iterable[Any],
    comments: Comments | None = None,
    *,
    agents: Iterable[int | str] | None = None,
    status_map: Mapping[str, str | Status] | None = None,
    priority_map: Mapping[str, str] | None = None,
    statuses: Iterable[Mapping[str, Any]] | None = None,
    channel_field: str | None = None,
    changelogs: Comments | None = None,
    place: Callable[[str], str] = str,
) -> HistoryStream:
    """``load``'s stream: ``histories``' options, pages checked in any order and a repeated
    issue read from its latest record (``_items(latest=True)``) instead of refused; ``place``
    names a page's stream path (``pages[3]``) where it was read, for warnings."""
    opts = options(status_map, priority_map, agents, statuses, channel_field)
    logs = _comments(changelogs, "changelogs", "changelog")
    stream = _items(issues, _comments(comments), opts, latest=True, changelogs=logs,
                    place=place)  # fmt: skip
    return HistoryStream(stream, on_error="collect")


#: The options ``load`` takes: ``histories``' own.
_LOAD_OPTIONS = (
    "comments", "agents", "status_map", "priority_map", "statuses", "channel_field", "changelogs",
)  # fmt: skip


# -- files -----------------------------------------------------------------------------------


def load(
    paths: str | Path | Iterable[str | Path], *, on_error: OnError = "raise", **options: Any
) -> LoadResult:
    """Read Jira export files into histories: a [`LoadResult`][servicemodel.io.LoadResult].

    Each file is JSON (a search page, a list of pages or issues, or one issue) or JSON Lines
    (``.jsonl``/``.ndjson``: one page or issue a line). Files may come in any order and
    overlap (two runs of a search, or pages that shifted while they were fetched): offset
    pages are checked together (a place in the search that no page holds, or pages ending
    short of ``total``, is a page missing), and an issue that appears again is read from its
    latest record (latest ``fields.updated``, then the last read), the others in ``skipped``
    as superseded; ``observed_until`` is the latest readable ``fields.updated`` of the loaded
    issues (see [`LoadResult`][servicemodel.io.LoadResult]). Token pages
    (``nextPageToken``, ``isLast``) state no total: when one says the search goes on, or
    says neither (no ``isLast``, no ``nextPageToken``), and no page read ends it,
    ``warnings`` say so, naming the page's file (and line) and the token to continue from,
    as the stream of [`histories`][servicemodel.io.jira.histories] does.
    ``options`` are those of ``histories``. Every error names its file (and line, in JSON
    Lines) and its path within that file.

    Examples:
        >>> load([], on_error="collect").histories
        ()
    """
    # A misspelt option named the private _loading in a TypeError.
    check_options(options, _LOAD_OPTIONS, "jira.load")
    # as_paths names a value that is no path; an empty list stays an empty load.
    files = [] if isinstance(paths, list | tuple) and not paths else as_paths(paths)
    for path in files:  # each file is checked before any is read, as the others' loaders do
        try:
            path.open("rb").close()
        except OSError as exc:
            raise cannot_read(path, exc) from None
        except ValueError:  # a NUL byte in the name: open() says only "embedded null byte"
            raise ConfigError(
                f"not a usable file name: {safe_repr(str(path))} contains a NUL byte"
            ) from None
    # Item n of the stream: its file, its index in that file and its line (JSON Lines).
    origin: list[tuple[str, int, int | None]] = []
    updates = Updates()

    def place(path: str) -> str:  # a page's stream path (pages[3]) as its file and line
        return str(_located(RecordError("", path=path), origin)).rstrip(": ")

    stream = _loading(_noted(_files_items(files, origin), updates), place=place, **options)
    found = []
    for one in stream:
        if on_error == "raise" and stream.errors:
            break
        found.append(one)
    errors = [_located(err, origin) for err in stream.errors]
    if on_error == "raise" and errors:
        raise errors[0]
    return LoadResult(tuple(found), tuple(errors), skipped=stream.skipped,
                      observed_until=updates.until(found), warnings=stream.warnings)  # fmt: skip


def _noted(items: Iterable[Any], updates: Updates) -> Iterator[Any]:
    """The pages or issues as read, each issue's ``fields.updated`` noted on the way (an
    unreadable one is not: the reader tells its error where it needs it)."""
    for item in items:
        issues = item.get("issues") if _is_page(item) else [item]
        for raw in issues if isinstance(issues, list) else ():
            at = _updated(raw)
            updates.note(_key(raw), None if at == _NEVER else at)
        yield item


def _files_items(files: Sequence[Path], origin: list[tuple[str, int, int | None]]) -> Iterator[Any]:
    """The pages or issues of every file in turn, noting where each came from in ``origin``."""
    for path in files:
        for n, got in enumerate(file_items(path)):
            if isinstance(got, RecordError):
                origin.append((str(path), n, got.line))
                yield got.in_file(str(path))  # issues_of passes it through
                continue
            origin.append((str(path), n, got[1]))
            yield got[0]


def _located(err: RecordError, origin: Sequence[tuple[str, int, int | None]]) -> RecordError:
    """``err`` naming the file, the line and the path in that file of its stream item."""
    if err.source is not None:  # a line that did not parse: its file and line are known
        return err
    for prefix in ("pages[", "issues["):
        if err.path.startswith(prefix):
            index, rest = err.path[len(prefix) :].split("]", 1)
            source, n, line = origin[int(index)]
            return RecordError(err.message, path=f"{prefix}{n}]{rest}", line=line, source=source)
    return err
