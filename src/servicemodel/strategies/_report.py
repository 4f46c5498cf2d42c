"""Hypothesis strategy for report options: what a report built from histories covers.

Examples:
    >>> from hypothesis import find
    >>> find(report_options(), lambda o: True) == ReportOptions(tz="UTC")
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

from servicemodel.calendar import zone
from servicemodel.report import ReportOptions
from servicemodel.strategies._args import flag, names
from servicemodel.strategies._calendar import DST_ZONES

__all__ = ["report_options"]

# Instants where histories() draws its tickets (2020-2030) and a little after.
_INSTANTS = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2032, 1, 1), timezones=st.just(UTC)
)
_BREAKDOWNS = st.sampled_from((None, "channel", "priority", "group", "agent", "tag", "attr:reason"))
_LEVELS = st.sampled_from((0.95, 0.9, 0.99, 0.8))
_SHARES = st.sampled_from((0.05, 0.2, 0.5, 1.0))


def report_options(
    *,
    zones: Sequence[str] = DST_ZONES,
    allow_policies: bool = True,
    allow_goals: bool = True,
) -> st.SearchStrategy[ReportOptions]:
    """Valid [`ReportOptions`][servicemodel.report.ReportOptions] for ``build_report``.

    A zone of ``zones``; now and then a snapshot ``at``, an ``observed_until``, a creation
    window ``since``/``until`` (in that order), instants in 2020-2031 where
    [`histories()`][servicemodel.strategies.histories] draws tickets; a confidence level, a
    breakdown (``channel``, ``priority``, ``group``, ``agent``, ``tag``, ``attr:reason``), the
    share of open tickets that flags a period partial and the flags; SLA policies from
    [`policy_sets()`][servicemodel.strategies.policy_sets] (``allow_policies``) and up to two
    goals from [`goals()`][servicemodel.strategies.goals] (``allow_goals``, unknown segments
    allowed). No vendor verdicts (draw them with your reconciliation's inputs). Shrinks to
    ``ReportOptions(tz="UTC")``.

    ``build_report`` may still refuse a drawn pair of options and histories, saying why: a
    breakdown no selected ticket has (``--by: no ticket of the 2 selected has a group``), or
    no ticket selected and no ``at`` to count at.

    Examples:
        >>> from hypothesis import given, settings
        >>> from servicemodel.errors import ServiceModelError
        >>> from servicemodel.report import build_report
        >>> from servicemodel.strategies import histories
        >>> desks = st.lists(histories(), max_size=3, unique_by=lambda h: h.id)
        >>> @settings(max_examples=10)
        ... @given(report_options(allow_policies=False), desks)
        ... def check(options, desk):
        ...     try:
        ...         build_report(desk, options)
        ...     except ServiceModelError as err:
        ...         assert "--by" in str(err) or "at=" in str(err)
        >>> check()
    """
    from servicemodel.strategies._planning import goals
    from servicemodel.strategies._sla import policy_sets

    fn = "report_options"
    zone_names = names(fn, "zones", zones)
    for name in zone_names:  # an unknown one named here, not at the draw as the report's 'tz'
        zone(name, f"{fn}: zones")
    tz_names = st.sampled_from(zone_names)
    policies = (
        (st.none() | policy_sets(max_policies=2))
        if flag(fn, "allow_policies", allow_policies)
        else st.none()
    )
    some_goals = (
        (st.none() | st.lists(goals(), min_size=1, max_size=2))
        if flag(fn, "allow_goals", allow_goals)
        else st.none()
    )
    maybe = st.none() | _INSTANTS

    @st.composite
    def build(draw: st.DrawFn) -> ReportOptions:
        tz = draw(tz_names)
        at, observed = draw(maybe), draw(maybe)
        since, until = draw(maybe), draw(maybe)
        if since is not None and until is not None and until <= since:
            since, until = until, since + timedelta(days=1)  # until after since
        chosen_goals = draw(some_goals)
        return ReportOptions(
            tz=tz,
            policies=draw(policies),
            goals=chosen_goals,
            at=at,
            level=draw(_LEVELS),
            since=since,
            until=until,
            finished_only=draw(st.booleans()),
            by=draw(_BREAKDOWNS),
            partial_open_share=draw(_SHARES),
            allow_unknown_segments=chosen_goals is not None,
            include_partial=draw(st.booleans()),
            observed_until=observed,
        )

    drawn: st.SearchStrategy[ReportOptions] = build()
    return drawn
