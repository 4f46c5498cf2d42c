"""Customer journeys: ordered stages, rules that place events in them, and funnel analytics.

A [`Journey`][servicemodel.journey.Journey] is an ordered tuple of
[`Stage`][servicemodel.journey.Stage]s (default template: awareness, consideration, purchase,
onboarding, support, retention, advocacy) with their touchpoints and channels, rules that
classify a customer's [`JourneyEvent`][servicemodel.journey.JourneyEvent]s (or tickets) into
stages, and the transitions it allows: forward, plus the backward ones you declare. A journey
can be read from configuration ([`Journey.from_file`][servicemodel.journey.Journey.from_file]).
[`JourneyStats`][servicemodel.journey.JourneyStats] is a mergeable accumulator over customers'
paths: funnel counts with Wilson intervals for conversion, drop-off, time in stage (median and
p90), pain points (lowest CSAT, highest reopen rate), unclassified events and transitions the
journey does not allow.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> t0 = datetime(2026, 8, 3, tzinfo=timezone.utc)
    >>> journey = Journey.default()
    >>> events = [
    ...     JourneyEvent("ada", t0, "ad_view"),
    ...     JourneyEvent("ada", t0 + timedelta(days=2), "trial_signup"),
    ...     JourneyEvent("ada", t0 + timedelta(days=9), "purchase"),
    ...     JourneyEvent("bo", t0, "site_visit"),
    ...     JourneyEvent("bo", t0 + timedelta(days=1), "coupon_printed"),
    ... ]
    >>> report = JourneyStats.empty(journey).add_events(events).result()
    >>> report.funnel()[:4]
    (('awareness', 2), ('consideration', 2), ('purchase', 1), ('onboarding', 0))
    >>> report.stage("consideration").conversion
    conversion consideration→purchase 50.0 % ±40.5 (n=2, 95 %)
    >>> [e.kind for e in report.unclassified]
    ['coupon_printed']
"""

from servicemodel._public import publish
from servicemodel.journey._classify import CustomerPath, Visit
from servicemodel.journey._event import JourneyEvent, events_from_histories
from servicemodel.journey._journey import DEFAULT_STAGES, Journey, Stage, StageRule
from servicemodel.journey._report import JourneyReport, StageSummary
from servicemodel.journey._stats import JourneyStats

__all__ = [
    # the journey and its configuration
    "DEFAULT_STAGES",
    "Journey",
    "Stage",
    "StageRule",
    # events and where they fall
    "CustomerPath",
    "JourneyEvent",
    "Visit",
    "events_from_histories",
    # analytics
    "JourneyReport",
    "JourneyStats",
    "StageSummary",
]

publish(__name__, globals(), __all__)
