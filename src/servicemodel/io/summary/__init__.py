"""Read one-row-per-ticket exports (created, first reply, solved, rating...) as partial histories.

Many helpdesks export one row per ticket: its id, when it was created, first replied to,
solved and closed, its rating, channel, priority and group. Each row becomes a
[`TicketHistory`][servicemodel.model.TicketHistory] holding what the row says -- the first
reply as an [`AgentReply`][servicemodel.model.AgentReply], the solve and close as status
changes, the rating as a [`SatisfactionRating`][servicemodel.model.SatisfactionRating] -- so
first reply time, resolution time, resolution and backlog rates and CSAT work as on any
history, segmented by channel, priority, group or period with
[`servicemodel.kpi.by`][servicemodel.kpi.by].

What one row cannot say is **lost**, and the history says so: its ticket carries the
attribute [`PARTIAL_ATTRIBUTE`][servicemodel.model.PARTIAL_ATTRIBUTE] listing the lost
facts ([`lost_facts`][servicemodel.model.lost_facts]): the time spent pending or on hold
(so no SLA pause, requester wait or agent work time), every reply after the first (next reply,
periodic update), reopens and the first resolution of a reopened ticket, the order of
statuses. [`require_facts`][servicemodel.model.require_facts] and
[`require_for_policy`][servicemodel.io.summary.require_for_policy] refuse such a figure with a
[`PartialHistoryError`][servicemodel.errors.PartialHistoryError] instead of computing a
silently wrong one. The Freshdesk adapter marks its histories the same way.

Exports that give the first reply or the solve as a duration after creation (Zendesk's
"First reply time in minutes", Freshdesk's "First response time (in hrs)") map it to a
duration role (``first_reply_after_min``, ``solved_after_h``; units ``_s``, ``_min``, ``_h``),
read as calendar time after the creation. A survey offered but not answered (the words in
[`NO_RATING`][servicemodel.io.summary.NO_RATING]) is no rating.

Examples:
    >>> rows = [{"id": "1", "created_at": "2026-03-02T09:00:00Z",
    ...          "first_reply_at": "2026-03-02T09:30:00Z", "solved_at": "2026-03-02T12:00:00Z",
    ...          "rating": "4", "channel": "Email"}]
    >>> (h,) = histories(rows)
    >>> h.ticket.channel, h.first_reply_at().minute, h.solved_at().hour, h.ratings()[0].score
    ('email', 30, 12, 4.0)
    >>> require_facts(h, ["next_reply"], what="next reply time")
    Traceback (most recent call last):
    ...
    servicemodel.errors.PartialHistoryError: ticket '1': next reply time needs every reply ...
"""

from servicemodel._public import publish
from servicemodel.errors import PartialHistoryError as PartialHistoryError
from servicemodel.io.summary._api import from_pandas, from_polars, histories, load
from servicemodel.io.summary._partial import (
    LOST,
    PARTIAL_ATTRIBUTE,
    ExportLoad,
    lost_facts,
    require_facts,
    require_for_policy,
)
from servicemodel.io.summary._read import DEFAULT_COLUMNS, LOST_FACTS, NO_RATING

__all__ = [
    # reading
    "DEFAULT_COLUMNS",
    "NO_RATING",
    "from_pandas",
    "from_polars",
    "histories",
    "load",
    # partial histories
    "LOST",
    "LOST_FACTS",
    "PARTIAL_ATTRIBUTE",
    "lost_facts",
    "require_facts",
    "require_for_policy",
    # what load returns
    "ExportLoad",
]

# PartialHistoryError lives in servicemodel.errors (one exception tree); it is importable from
# here too, for code written against the first version of this module.
publish(__name__, globals(), __all__)
