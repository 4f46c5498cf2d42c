"""Read a Freshdesk export -- tickets, conversations, satisfaction ratings -- as histories.

[`histories`][servicemodel.io.freshdesk.histories] streams the tickets of Freshdesk's API v2
(``GET /api/v2/tickets`` pages, best with ``include=stats``) joined with their conversations
and satisfaction ratings; [`load`][servicemodel.io.freshdesk.load] reads the same from files.

Mapping decisions (the table is in the "Freshdesk" docs page):

- statuses 2 Open, 3 Pending, 4 Resolved, 5 Closed map to open, pending, solved, closed; an
  account's own statuses (ids 6 and up) need ``status_map`` (``{6: "on_hold"}``, or
  ``{6: ("pending", "Waiting on Customer")}`` to keep the name as the change's label), or
  the account's ticket fields (``ticket_fields=``, ``GET /api/v2/admin/ticket_fields``):
  each gets its agent label and, unless ``status_map`` names it, ``pending`` where its
  ``stop_sla_timer`` is true (as Freshdesk's Pending), else ``open``; one neither names is an
  error listing the known ids.
- priorities 1 Low, 2 Medium, 3 High, 4 Urgent map to low, normal, high, urgent; source 1
  Email and 10 Outbound Email to ``email``, 2 Portal and 9 Feedback Widget to ``web``, 3
  Phone to ``phone``, 5 Twitter and 6 Facebook to ``social``, 7 Chat to ``chat``, 4 Forum,
  8 Mobihelp, 11 E-commerce and 12 Bot to ``forum``, ``mobile_sdk``, ``ecommerce`` and
  ``bot``, any other code to ``other`` (``channel_map`` adds).
- the description is the first message: the customer's, or for an outbound email an agent's
  (the ticket is then ``created_by_agent``). Conversations: private ones, forwards (source 8,
  or 16 by an automation rule) and status, meta and summary records (3, 4, 13) are internal
  notes; a survey's remark (source 6) is no event (it asks for no reply; the score comes with
  ``ratings``); incoming public ones and the requester's own are customer messages, other
  outgoing public ones (replies, public notes) agent replies, automated for an automation
  rule's (15); with ``agents``, a public conversation is a reply when its ``user_id`` is an
  agent. A conversation that does not say ``private`` (and whose source does not make it a
  note) is no event, and the ticket lacks its replies: whether the customer saw it is unknown.
- ``ratings.default_question`` (-103 .. 103) is CSAT on a seven-point scale 1..7.
- deleted and spam tickets are skipped and listed with the reason.
- the vendor's own SLA state (``fr_due_by``, ``due_by``, ``nr_due_by`` and their escalation
  flags) is no part of a history: [`sla_fields`][servicemodel.io.freshdesk.sla_fields] reads
  it, and [`freshdesk_verdicts`][servicemodel.reconcile.freshdesk_verdicts] puts it beside
  our clocks.

**What is lost.** Freshdesk's API keeps no status history, only summary timestamps in
``stats``; the history rebuilds what they determine and marks the ticket with the facts it
lacks ([`lost_facts`][servicemodel.model.lost_facts]):

- the ticket is open from its creation; a resolved or closed ticket is solved at
  ``resolved_at`` and closed at ``closed_at``; a pending ticket is pending from
  ``pending_since``; a custom status holds from ``status_updated_at``;
- **every earlier pause is lost** (pending or custom-status intervals before the current one),
  so SLA clocks that pause, requester wait and agent work time cannot be computed
  (``pauses``), nor the order of intermediate statuses (``status_order``);
- ``reopened_at`` is the last reopen only: an unresolved ticket resolved at ``resolved_at`` and
  reopened at ``reopened_at`` gets that solve and that reopen, but earlier cycles, the reopen
  count and the first resolution of a reopened ticket are lost (``reopens``,
  ``first_resolution``); every ticket with a ``reopened_at``, resolved again since or not, is
  marked reopened at least once (the attribute
  [`REOPENS_ATTRIBUTE`][servicemodel.model.REOPENS_ATTRIBUTE] is 1), which the reopen rate and
  FCR read;
- without conversations, only the first reply (``first_responded_at``) is known: **every
  reply after the first is lost** (``next_reply``, ``periodic_update``);
- without ``stats``, the current status is taken at ``updated_at`` (``status_times``).

Examples:
    >>> page = [{"id": 7, "created_at": "2026-03-02T09:00:00Z", "updated_at": "2026-03-02T12:00:00Z",
    ...          "status": 4, "priority": 3, "source": 7, "requester_id": 50,
    ...          "stats": {"first_responded_at": "2026-03-02T09:20:00Z",
    ...                    "resolved_at": "2026-03-02T11:00:00Z"}}]
    >>> (h,) = histories([page])
    >>> h.ticket.channel, h.ticket.priority.value, h.first_reply_at().minute, h.solved_at().hour
    ('chat', 'high', 20, 11)
    >>> from servicemodel.io.summary import lost_facts
    >>> sorted(lost_facts(h))
    ['next_reply', 'pauses', 'periodic_update', 'status_order']
"""  # noqa: E501

from servicemodel._public import publish
from servicemodel.io.freshdesk._fields import PRIORITIES, SOURCES, STATUSES
from servicemodel.io.freshdesk._join import histories, load
from servicemodel.io.freshdesk._sla import SLA_FIELDS, TicketSLA, sla_fields

__all__ = [
    # reading
    "histories",
    "load",
    # the SLA state each ticket states (due times, escalation flags)
    "TicketSLA",
    "sla_fields",
    # Freshdesk's codes
    "PRIORITIES",
    "SOURCES",
    "STATUSES",
    "SLA_FIELDS",
]

publish(__name__, globals(), __all__)
