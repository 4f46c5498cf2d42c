"""Private: what a record given as an issue holds when it is another Jira API response.

Users save every response their scripts fetch; a folder of them given to ``--source jira``
held, besides search pages, the pages of an issue's comments or changelog and JSM's request
and SLA responses. Each has no ``key`` and no ``fields`` and was refused as "key None". The
shapes recognised here are those of the published REST references (platform v2/v3
``/issue/{key}/comment`` and ``/issue/{key}/changelog``; JSM ``/rest/servicedeskapi/request``,
``/request/{key}/comment`` and ``/request/{key}/sla``) as recorded in public clients' test
responses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def _first(values: list[Any]) -> Mapping[str, Any] | None:
    first = values[0] if values else None
    return first if is_object(first) else None


def not_an_issue(raw: Mapping[str, Any]) -> str | None:
    """What ``raw`` holds when it is another known Jira response than an issue, else None."""
    if "key" in raw or "fields" in raw:
        return None
    comments = raw.get("comments")
    if isinstance(comments, list):
        return _COMMENTS.format(what="a page of comments (/issue/{key}/comment)")
    values = raw.get("values")
    first = _first(values) if isinstance(values, list) else None
    if first is None:
        return _one(raw)
    if "items" in first and "created" in first:
        return _CHANGELOG.format(what="a page of an issue's changelog (/issue/{key}/changelog)")
    if "issueKey" in first and ("currentStatus" in first or "requestTypeId" in first):
        return _REQUESTS
    if "completedCycles" in first or "ongoingCycle" in first:
        return _SLA
    if "body" in first and ("public" in first or "author" in first):
        return _COMMENTS.format(what="a page of comments (/request/{key}/comment)")
    return None


def _one(raw: Mapping[str, Any]) -> str | None:
    """What one record of such a page holds, saved alone or in a list of them."""
    if "items" in raw and "created" in raw:
        return _CHANGELOG.format(what="one entry of an issue's changelog")
    if "body" in raw and ("public" in raw or "author" in raw):
        return _COMMENTS.format(what="a comment")
    return None
