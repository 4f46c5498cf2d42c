"""SLA policies and the clocks that measure a ticket history against them.

An [`SLAPolicy`][servicemodel.sla.SLAPolicy] says which tickets it applies to (a
[`Condition`][servicemodel.sla.Condition]), on which business calendar its clocks count, which
statuses pause them, and its [`Target`][servicemodel.sla.Target]s per priority. A
[`PolicySet`][servicemodel.sla.PolicySet] is an ordered list of policies; the first whose
condition matches a ticket applies. [`evaluate`][servicemodel.sla.evaluate] turns a
[`TicketHistory`][servicemodel.model.TicketHistory] into one
[`Measurement`][servicemodel.sla.Measurement] per clock.

The one boundary rule: ``due_at`` is the calendar's ``add(start, target)`` pushed out by paused
time, and a clock that stops **at or before** ``due_at`` is achieved; after it, breached.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> policy = SLAPolicy.from_dict({
    ...     "name": "standard",
    ...     "calendar": {"tz": "UTC", "hours": {"mon-fri": "09:00-17:00"}},
    ...     "targets": {"normal": [{"metric": "first_reply", "within": "2h"}]},
    ... })
    >>> t0 = datetime(2026, 3, 6, 16, 0, tzinfo=timezone.utc)  # a Friday, one hour before close
    >>> h = TicketHistory(Ticket("T-1", t0), [AgentReply("r", t0 + timedelta(days=3))])
    >>> (m,) = evaluate(policy, h)
    >>> m.due_at.isoformat(), m.state.value, m.elapsed
    ('2026-03-09T10:00:00+00:00', 'breached', datetime.timedelta(seconds=28800))
"""

from __future__ import annotations

# Layout (private modules, public names re-exported here):
#   _duration     durations as written in config ("4h", "PT4H", minutes)
#   _condition    which tickets a policy applies to
#   _config       reading policy values from dicts, through servicemodel._config
#   _measurement  Metric, MeasurementState, Measurement
#   _verdict      a Measurement as plain JSON types (to_dict, from_dict), and back
#   _policy       Target, SLAPolicy, PolicySet
#   _select       CalendarSelector: a calendar per ticket, named by a ticket field
#   _clock        clock arithmetic over the intervals a clock runs, on a calendar
#   _facts        the engine's running facts about one ticket, applied event by event
#   _runs         the intervals a clock runs, read off the status timeline
#   _plain        the fast path: one-off measurements of the usual ticket
#   _engine       measuring those facts; evaluate, evaluate_many (folding them over a history)
#   _partial      partial histories: measured on the clocks they can run, the others counted
#   _state        the live state as plain JSON types, with a schema version
#   _timer        Timer, and the timers of a measurement
#   _live         TicketSLA, the live state
from servicemodel._public import publish
from servicemodel.sla._condition import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    ChannelIn,
    Condition,
    GroupIn,
    HasTags,
    Not,
    PriorityIn,
)
from servicemodel.sla._config import condition_from_dict
from servicemodel.sla._duration import parse_duration
from servicemodel.sla._engine import evaluate, evaluate_many
from servicemodel.sla._live import TicketSLA
from servicemodel.sla._measurement import Measurement, MeasurementState, Metric
from servicemodel.sla._partial import SLALeftOut
from servicemodel.sla._policy import PolicySet, SLAPolicy, Target
from servicemodel.sla._select import CalendarSelector
from servicemodel.sla._timer import LadderLike, Timer

__all__ = [
    # policies
    "CalendarSelector",
    "PolicySet",
    "SLAPolicy",
    "Target",
    "parse_duration",
    # conditions
    "AllOf",
    "Always",
    "AnyOf",
    "AttributeIn",
    "ChannelIn",
    "Condition",
    "GroupIn",
    "HasTags",
    "Not",
    "PriorityIn",
    "condition_from_dict",
    # measuring
    "Measurement",
    "MeasurementState",
    "Metric",
    "SLALeftOut",
    "evaluate",
    "evaluate_many",
    # running live
    "LadderLike",
    "TicketSLA",
    "Timer",
]

publish(__name__, globals(), __all__)
