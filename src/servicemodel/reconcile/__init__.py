"""Vendor SLA verdicts beside ours: where Zendesk, Jira Service Management or Freshdesk and servicemodel agree, and why not.

[`zendesk_verdicts`][servicemodel.reconcile.zendesk_verdicts] reads Zendesk's ticket metric
events, [`jsm_verdicts`][servicemodel.reconcile.jsm_verdicts] Jira Service Management's SLA
cycles, [`freshdesk_verdicts`][servicemodel.reconcile.freshdesk_verdicts] the due times and
escalation flags on Freshdesk's tickets (each verdict with the vendor's due instant, which
``reconcile`` puts beside ours), and [`attribute_verdicts`][servicemodel.reconcile.attribute_verdicts] an export's own
verdict columns kept as ticket attributes (Freshdesk's "Resolution status", ServiceNow's
``made_sla``), by [`VerdictRules`][servicemodel.reconcile.VerdictRules] read from a mapping
file's ``[sla_verdicts]`` table ([`mapped_verdicts`][servicemodel.reconcile.mapped_verdicts]),
into [`VendorVerdict`][servicemodel.reconcile.VendorVerdict]s, one per ticket, metric
and instance (or cycle), each with the history of the SLA on its clock as
[`Applied`][servicemodel.reconcile.Applied] entries; [`reconcile`][servicemodel.reconcile.reconcile] puts each beside our
[`Measurement`][servicemodel.sla.Measurement] of the same clock (from
[`evaluate_many`][servicemodel.sla.evaluate_many]), counts agreements and explains each
disagreement it can: the vendor has no clock for it, we have none (or it is a cycle we do not
run), the verdicts differ (and whether the targets, the business-hours flag, the pauses, the
counted time or a goal change differ too), or both breached at instants further apart than a
tolerance.

Zendesk's metrics and ours:

| Zendesk metric (instance) | ours (cycle) |
|---|---|
| ``reply_time`` (1) | ``first_reply`` (0) |
| ``reply_time`` (n >= 2) | ``next_reply`` (n - 2) |
| ``periodic_update_time`` (n) | ``periodic_update`` (n - 1) |
| ``requester_wait_time`` | ``requester_wait`` |
| ``agent_work_time`` | ``agent_work`` |
| ``resolution_time`` | ``resolution`` |
| ``pausable_update_time``, ``group_ownership_time`` | none: "we have no such metric" |

An instance 0 (Zendesk's ``measure`` instance) of any metric, ``reply_time`` included, is cycle
-1: no clock of ours, and never the first reply's.

Cycles are counted from 0 on both sides: a metric we have no such metric for is listed with
its instance *n* as cycle *n* - 1 too (``pausable_update_time#0`` is Zendesk's instance 1),
and each [`ClockComparison`][servicemodel.reconcile.ClockComparison] gives the vendor's own
number beside the cycle, as ``vendor_instance``.

An export's verdict column says which of our clocks it is about through its rule's metric
(cycle 0: one verdict per ticket); a rule with ``metric = ""`` is about none of ours.

JSM's SLAs are named by admins: ``Time to first response`` → ``first_reply`` and ``Time to
resolution`` → ``resolution`` by default (``JSM_SLA_NAMES``), others through ``names=``; JSM
cycle *n* is our cycle *n* − 1.

[`zendesk_ticket_metrics`][servicemodel.reconcile.zendesk_ticket_metrics] does the same for
durations: Zendesk's Ticket Metrics (first reply, first and full resolution, requester wait,
agent wait, on-hold time) beside our KPI times, as a
[`DurationReconciliation`][servicemodel.reconcile.DurationReconciliation].

Freshdesk's ``fr_due_by`` is ``first_reply``, ``due_by`` ``resolution`` (cycle 0 each) and
``nr_due_by`` the ticket's latest ``next_reply`` cycle (``FRESHDESK_FIELDS``).

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> from servicemodel.sla import SLAPolicy, Target, evaluate_many
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> h = TicketHistory(Ticket("7", t0), [AgentReply("r", t0 + timedelta(minutes=90))])
    >>> policy = SLAPolicy("gold", {"normal": [Target("first_reply", "1h", business=False)]})
    >>> vendor = [VendorVerdict("7", "reply_time", 1, "breached", "Gold", timedelta(hours=1),
    ...                         False, t0 + timedelta(hours=1))]
    >>> r = reconcile(vendor, evaluate_many(policy, [h]))
    >>> r.agreements, len(r.disagreements)
    (1, 0)
"""  # noqa: E501

from servicemodel._public import publish
from servicemodel.reconcile._attributes import (
    VerdictRule,
    VerdictRules,
    attribute_verdicts,
    mapped_verdicts,
)
from servicemodel.reconcile._compare import ClockComparison, Reconciliation, reconcile
from servicemodel.reconcile._durations import (
    ZENDESK_DURATIONS,
    DurationComparison,
    DurationReconciliation,
    zendesk_ticket_metrics,
)
from servicemodel.reconcile._freshdesk import FRESHDESK_FIELDS, freshdesk_verdicts
from servicemodel.reconcile._jsm import JSM_SLA_NAMES, jsm_verdicts
from servicemodel.reconcile._verdict import Applied, VendorVerdict
from servicemodel.reconcile._zendesk import ZENDESK_METRICS, zendesk_verdicts

__all__ = [
    # verdicts
    "VendorVerdict",
    "Applied",
    "attribute_verdicts",
    "freshdesk_verdicts",
    "jsm_verdicts",
    "mapped_verdicts",
    "zendesk_verdicts",
    # verdicts from an export's columns
    "VerdictRule",
    "VerdictRules",
    # side by side
    "ClockComparison",
    "Reconciliation",
    "reconcile",
    # durations: Zendesk's Ticket Metrics beside our KPI times
    "DurationComparison",
    "DurationReconciliation",
    "zendesk_ticket_metrics",
    # vocabularies
    "FRESHDESK_FIELDS",
    "JSM_SLA_NAMES",
    "ZENDESK_DURATIONS",
    "ZENDESK_METRICS",
]

publish(__name__, globals(), __all__)
