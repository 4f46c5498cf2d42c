"""Read a Zendesk export -- incremental ticket export pages and ticket audits -- as histories.

[`histories`][servicemodel.io.zendesk.histories] joins the pages of a cursor-based incremental
ticket export (``{"tickets": [...], "after_cursor": ..., "end_of_stream": ...}``) with each
ticket's audits and streams one [`TicketHistory`][servicemodel.model.TicketHistory] per ticket.
The incremental ticket event export (``/incremental/ticket_events``, best with
``include=comment_events``) is read as the audits: each ticket event is one audit
(``ticket_events=``, or its files given to ``load``).
Ticket metric events (Zendesk's own SLA verdicts) are read by
[`servicemodel.reconcile.zendesk_verdicts`][servicemodel.reconcile.zendesk_verdicts].

Mapping decisions (the table is in the "Real exports" docs page):

- statuses new, open, pending, solved, closed map to ours by name; **hold maps to on_hold**
  (Zendesk's agent work time pauses on it, as ours does). ``status_map`` adds admin-defined
  custom statuses (keys: a ``status`` value or a ``custom_status_id``) or overrides a mapping.
  A mapped custom status is in force from the change (or the Create) that sets it until a
  change to an unmapped one (Zendesk's own statuses have ids too), when the ``status`` field's
  status is in force again; a ``custom_status_id`` that is no id (a list, a float, a bool) is
  the ticket's error. A deletion and a restore (a ``status`` change to ``deleted`` and
  back) are no status of ours: a restored ticket keeps the status it had.
- a comment's author is an agent when ``agents`` contains the author's id; without ``agents``,
  anyone but the requester is taken for an agent (a CC'd end user would then count as one:
  pass ``agents`` when that matters). Public agent comments are replies, public end-user
  comments customer messages, private comments internal notes. A ticket whose first comment
  is a public agent comment was created by an agent.
- a public agent comment made by a trigger, an automation or Answer Bot -- its own ``via``,
  else its audit's, has the channel ``rule`` or an Answer Bot channel, or ``source.rel``
  ``trigger`` / ``automation`` -- is an ``AgentReply(automated=True)``: no first reply
  (Zendesk's first reply time leaves out "automated or bot-related actions"), and a reply
  clock stops at it unless the SLA policy's ``automated_replies`` is ``"ignore"``.
- satisfaction ``good`` / ``bad`` is a two-point CSAT rating: score 1 / 0 on the scale 0..1,
  read from SatisfactionRating events and from changes of the ``satisfaction_score``
  field (one rating per audit); a ticket without audits keeps its ``satisfaction_rating``.
- deleted tickets (status ``deleted``) and merged tickets (closed with Zendesk's
  ``closed_by_merge`` tag or a ``merged`` tag, or by an audit whose ``via.source.rel`` is
  ``merge``) are skipped and listed in ``skipped``: a merged ticket lives on in the ticket
  it was merged into, and counting its closure as a resolution would count the request twice.

Examples:
    >>> page = {"tickets": [{"id": 7, "created_at": "2026-03-02T09:00:00Z", "status": "solved",
    ...                      "priority": "high", "requester_id": 1, "via": {"channel": "email"}}],
    ...         "after_cursor": "c1", "end_of_stream": True}
    >>> audits = [{"id": 69, "ticket_id": 7, "created_at": "2026-03-02T09:00:00Z", "author_id": 1,
    ...            "events": [{"id": 691, "type": "Comment", "public": True}]},
    ...           {"id": 70, "ticket_id": 7, "created_at": "2026-03-02T09:30:00Z", "author_id": 5,
    ...            "events": [{"id": 701, "type": "Comment", "public": True, "author_id": 5},
    ...                       {"id": 702, "type": "Change", "field_name": "status",
    ...                        "value": "solved", "previous_value": "new"}]}]
    >>> (h,) = histories([page], audits)
    >>> h.id, h.ticket.channel, h.ticket.priority.value, h.first_reply_at().isoformat()
    ('7', 'email', 'high', '2026-03-02T09:30:00+00:00')
"""

from servicemodel._public import publish
from servicemodel.io.zendesk._fields import CHANNELS, STATUSES
from servicemodel.io.zendesk._join import histories
from servicemodel.io.zendesk._load import load

__all__ = ["CHANNELS", "STATUSES", "histories", "load"]

publish(__name__, globals(), __all__)
