"""Private: what a record given as an issue holds when it is another Jira API response.

Users save every response their scripts fetch; a folder of them given to ``--source jira``
held, besides search pages, the pages of an issue's comments or changelog and JSM's request
and SLA responses. Each has no ``key`` and no ``fields`` and was refused as "key None". The
shapes recognised here are those of the published REST references (platform v2/v3
``/issue/{key}/comment`` and ``/issue/{key}/changelog``; JSM ``/rest/servicedeskapi/request``,
``/request/{key}/comment`` and ``/request/{key}/sla``) as recorded in public clients' test
responses. So is a mapping from issue keys to such pages (``{"SD-2": [page, ...]}``), the
shape ``comments=``, ``changelogs=`` and ``--vendor-sla`` take, saved as it was built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.io.jira._fields import is_object

__all__: list[str] = []

_COMMENTS = (
    "{what}: it does not say which issue it belongs to; fetch the issues with their comments "
    "(the comment field comes with a search's default fields) or pass the comments as "
    "comments={{issue key: page}} to servicemodel.io.jira.histories"
)
_CHANGELOG = (
    "{what}: it does not say which issue it belongs to; fetch the issues with "
    "expand=changelog, or pass the pages as changelogs={{issue key: [page, ...]}} to "
    "servicemodel.io.jira.histories"
)
_REQUESTS = (
    "a page of JSM customer requests (/rest/servicedeskapi/request): requests carry no "
    "status history; fetch the same issues with a JQL search and expand=changelog"
)
_SLA = (
    "a JSM SLA response (/request/{key}/sla): it holds the vendor's SLA verdicts, which go "
    "beside the export with --vendor-sla (servicemodel.reconcile.jsm_verdicts)"
)


#: What each kind of page is, given as an issue.
_SAID = {
    "comments": _COMMENTS,
    "changelogs": _CHANGELOG,
    "requests": _REQUESTS,
    "sla": _SLA,
}
#: A mapping from issue keys to pages, by the kind of its pages: what they are, where it goes.
_BY_KEY = {
    "comments": (
        "comment pages",
        "pass it as comments= to servicemodel.io.jira.histories or load, not as a file of issues",
    ),
    "changelogs": (
        "changelog pages",
        "pass it as changelogs= to servicemodel.io.jira.histories or load, not as a file of issues",
    ),
    "sla": (
        "JSM SLA responses (/request/{key}/sla)",
        "give the file with --vendor-sla, after the export's files "
        "(servicemodel.reconcile.jsm_verdicts, sla=)",
    ),
}


def _first(values: list[Any]) -> Mapping[str, Any] | None:
    first = values[0] if values else None
    return first if is_object(first) else None


def not_an_issue(raw: Mapping[str, Any]) -> str | None:
    """What ``raw`` holds when it is another known Jira response than an issue, else None."""
    if "key" in raw or "fields" in raw:
        return None
    found = _page(raw)
    if found is None:
        values = raw.get("values")
        return None if isinstance(values, list) and values else _one(raw) or _by_key(raw)
    kind, what = found
    return _SAID[kind].format(what=what) if what else _SAID[kind]


def _page(raw: Mapping[str, Any]) -> tuple[str, str] | None:
    """The kind of page ``raw`` is (a key of ``_SAID``) and what it is, if a known one."""
    if isinstance(raw.get("comments"), list):
        return "comments", "a page of comments (/issue/{key}/comment)"
    values = raw.get("values")
    first = _first(values) if isinstance(values, list) else None
    if first is None:
        return None
    if "items" in first and "created" in first:
        return "changelogs", "a page of an issue's changelog (/issue/{key}/changelog)"
    if "issueKey" in first and ("currentStatus" in first or "requestTypeId" in first):
        return "requests", ""
    if "completedCycles" in first or "ongoingCycle" in first:
        return "sla", ""
    if "body" in first and ("public" in first or "author" in first):
        return "comments", "a page of comments (/request/{key}/comment)"
    return None


def _by_key(raw: Mapping[str, Any]) -> str | None:
    """What a mapping from issue keys to such pages holds (``{"SD-2": [page, ...]}``).

    It is the shape ``comments=``, ``changelogs=`` and ``jsm_verdicts(sla=)`` take, saved as
    built; read as an issue, it was refused as "key None".
    """
    key = next(iter(raw), None)
    value = raw[key] if isinstance(key, str) else None
    page = _first(value) if isinstance(value, list) else value
    found = _page(page) if is_object(page) and "key" not in page else None
    if found is None or found[0] not in _BY_KEY:
        return None
    what, fix = _BY_KEY[found[0]]
    return f"a mapping from issue keys ({safe_repr(key)}, ...) to their {what}: {fix}"


def _one(raw: Mapping[str, Any]) -> str | None:
    """What one record of such a page holds, saved alone or in a list of them."""
    if "items" in raw and "created" in raw:
        return _CHANGELOG.format(what="one entry of an issue's changelog")
    if "body" in raw and ("public" in raw or "author" in raw):
        return _COMMENTS.format(what="a comment")
    return None
