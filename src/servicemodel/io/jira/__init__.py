"""Read Jira Service Management issues -- changelog and comments -- as histories.

[`histories`][servicemodel.io.jira.histories] streams one
[`TicketHistory`][servicemodel.model.TicketHistory] per issue from search result pages fetched
with ``expand=changelog``; [`load`][servicemodel.io.jira.load] reads export files. JSM's own
SLA cycles are read by
[`servicemodel.reconcile.jsm_verdicts`][servicemodel.reconcile.jsm_verdicts].

Mapping decisions (the table is in the "Jira Service Management" docs page):

- workflows are admin-defined, so statuses map by name through ``status_map`` (names or ids)
  over the defaults in ``STATUSES`` -- the names of JSM's shipped workflows whose meaning is
  unambiguous -- and then by Jira's status category where that is sound
  (``STATUS_CATEGORIES``: ``new`` → open, ``done`` → solved; ``indeterminate`` has no default).
  Each status change keeps Jira's name as its ``label``.
- priorities Highest, High, Medium, Low, Lowest → urgent, high, normal, low, low, and the
  classic Blocker, Critical, Major, Minor, Trivial of Jira Server and Data Center by the same
  levels (``PRIORITIES``; extend with ``priority_map``); no priority → normal. Jira's own name is
  kept as ``Ticket.priority_label`` and ``PriorityChange.label`` (a policy's ``"label:P0"``).
- public comments by agents are replies, by anyone else customer messages; internal comments
  are internal notes. The description is the customer's opening message.

Examples:
    >>> issue = {"key": "SD-7", "fields": {
    ...     "created": "2026-03-02T09:00:00.000+0100", "priority": {"name": "High"},
    ...     "reporter": {"accountId": "c1"},
    ...     "status": {"id": "5", "name": "Resolved"},
    ...     "comment": {"comments": [{"id": "100", "created": "2026-03-02T09:30:00.000+0100",
    ...                               "author": {"accountId": "a1"}, "jsdPublic": True}]}},
    ...     "changelog": {"histories": [{"id": "1", "created": "2026-03-02T10:00:00.000+0100",
    ...         "items": [{"field": "status", "fromString": "Waiting for support", "from": "1",
    ...                    "toString": "Resolved", "to": "5"}]}]}}
    >>> (h,) = histories([issue])
    >>> h.id, h.ticket.priority.value, h.first_reply_at().isoformat()
    ('SD-7', 'high', '2026-03-02T09:30:00+01:00')
    >>> h.solved_at().isoformat()
    '2026-03-02T10:00:00+01:00'
"""

from servicemodel._public import publish
from servicemodel.io.jira._fields import PRIORITIES, STATUS_CATEGORIES, STATUSES
from servicemodel.io.jira._stream import histories, load

__all__ = [
    # reading
    "histories",
    "load",
    # vocabularies
    "PRIORITIES",
    "STATUSES",
    "STATUS_CATEGORIES",
]

publish(__name__, globals(), __all__)
