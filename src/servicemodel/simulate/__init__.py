"""A small discrete-event simulation of a support queue that produces canonical ticket histories.

Contacts arrive as a Poisson process whose rate follows an hour-of-week profile (a
non-homogeneous Poisson process, drawn by thinning: Lewis & Shedler 1979), wait in one FIFO
queue, and are answered by ``N`` identical agents who work only while a business calendar is
open (24/7 by default). Handle times are exponential (the Erlang C assumption) or lognormal;
customers may abandon after a random patience. Work in hand when the calendar closes pauses and
resumes at the next opening.

Every contact becomes a [`TicketHistory`][servicemodel.model.TicketHistory]: a
``CustomerMessage`` at arrival, an ``AssignmentChange`` and a public ``AgentReply`` when an
agent picks it up (the answer), and a ``StatusChange`` to ``solved`` when handling ends; an
abandoned contact is ``closed`` at the moment it gives up and carries
``attributes["abandoned"] = True``. So SLA clocks, KPIs and goals all run on simulated data.

The run is seeded and deterministic: arrivals, handle times and patience come from three
``random.Random`` streams derived from ``seed``, so the same contacts are offered whatever the
number of agents (common random numbers make staffing comparisons smooth).

Examples:
    >>> from datetime import datetime, timezone
    >>> desk = SupportDesk(agents=14, arrivals=200, handle_time=180)  # 200/h, AHT 180 s
    >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> run = simulate(desk, t0, t0.replace(day=3), seed=7)
    >>> s = run.summary(within=20)
    >>> s.offered == len(run.contacts()) and 0.7 < s.service_level <= 1
    True
    >>> run.histories()[0].events[0].kind
    'customer_message'
"""

from servicemodel._public import publish
from servicemodel.simulate._desk import Exponential, LogNormal, RateProfile, SupportDesk
from servicemodel.simulate._engine import simulate
from servicemodel.simulate._result import Contact, SimulationResult, SimulationSummary
from servicemodel.simulate._roster import Roster

__all__ = [
    # the desk
    "Exponential",
    "LogNormal",
    "RateProfile",
    "Roster",
    "SupportDesk",
    # running it
    "simulate",
    # what it produced
    "Contact",
    "SimulationResult",
    "SimulationSummary",
]

publish(__name__, globals(), __all__)
