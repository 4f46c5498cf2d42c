"""Service standards: response-time targets per channel and quality benchmarks, measured.

A support team writes its standards down once in a
[`ServiceStandards`][servicemodel.standards.ServiceStandards] value (read from TOML or JSON):
response-time targets per channel (and per priority where given), each with the share of
tickets that must meet it, and quality benchmarks (CSAT ≥, NPS ≥, FCR ≥, reopen rate ≤,
resolution rate ≥). The standards *compile* into the library's own machinery, so nothing is
computed twice: the response targets into an SLA [`PolicySet`][servicemodel.sla.PolicySet]
(one policy per channel, with a channel condition), the quality benchmarks into SMART goals.
[`measure`][servicemodel.standards.measure] gives the compliance view: per channel, each
standard's measured value with its interval and a [`Verdict`][servicemodel.standards.Verdict]
(met, at risk, missed), and its [`shortfall`][servicemodel.standards.shortfall], a distance
from the standard comparable across metrics.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, Ticket, TicketHistory
    >>> standards = ServiceStandards.from_toml('''
    ... name = "Acme"
    ... attainment = 0.8
    ... [channels.email]
    ... first_reply = { within = "1h", time = "calendar" }
    ... ''')
    >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0), [AgentReply("r", t0 + timedelta(minutes=5 * i))])
    ...       for i in range(1, 16)]
    >>> (check,) = measure(standards, hs).by_channel()["email"]
    >>> check.estimate.value, check.verdict.value
    (0.8, 'at_risk')
"""

from servicemodel._public import publish
from servicemodel.standards._compliance import Compliance, StandardCheck, measure, quality_estimate
from servicemodel.standards._standards import GOAL_KPIS, ServiceStandards
from servicemodel.standards._values import (
    QUALITY_METRICS,
    QualityBenchmark,
    QualityMetric,
    ResponseStandard,
    Verdict,
    shortfall,
    verdict,
)

__all__ = [
    # the standards
    "GOAL_KPIS",
    "QUALITY_METRICS",
    "QualityBenchmark",
    "QualityMetric",
    "ResponseStandard",
    "ServiceStandards",
    # judging a measured value
    "Verdict",
    "shortfall",
    "verdict",
    # the compliance view
    "Compliance",
    "StandardCheck",
    "measure",
    "quality_estimate",
]

publish(__name__, globals(), __all__)
