"""Build a whole report document from ticket histories and the report's options.

Examples:
    >>> from servicemodel.report import ReportOptions, build_report
    >>> report = build_report([], ReportOptions(tz="Europe/Berlin"))
    >>> report.kpi.tz, report.sla is None
    ('Europe/Berlin', True)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel.calendar import zone
from servicemodel.errors import InputTypeError, require_instant
from servicemodel.goals import SmartGoal
from servicemodel.model import TicketHistory
from servicemodel.report._document import Report, Source
from servicemodel.report._goals import build_goals
from servicemodel.report._kpi import build_kpi
from servicemodel.report._overview import build_overview
from servicemodel.report._sla import build_sla
from servicemodel.sla import PolicySet, SLAPolicy

__all__ = ["ReportOptions", "build_report"]


def _zone(value: Any) -> tzinfo:
    if isinstance(value, tzinfo):
        return value
    if not isinstance(value, str):
        raise InputTypeError(f"tz: expected an IANA zone name or tzinfo, got {safe_repr(value)}")
    return zone(value, "tz")


def _at(_: Any, __: Any, value: Any) -> None:
    # Checked where the instant enters (``--at``): SLA clocks and goals convert it to UTC.
    if value is not None:
        require_instant(value, "at")


def _goals(value: Any) -> tuple[SmartGoal, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen
class ReportOptions:
    """What a report covers: its time zone, SLA policies, goals and evaluation instant.

    ``tz`` (an IANA name or ``ZoneInfo``) sets weeks and periods; ``policies`` adds the SLA
    section and ``goals`` the goals section; ``at`` evaluates SLA clocks and goals at that
    instant instead of the export's end; ``level`` is the intervals' confidence level.

    Examples:
        >>> ReportOptions(tz="Europe/Berlin").tz
        zoneinfo.ZoneInfo(key='Europe/Berlin')
        >>> ReportOptions(tz="Mars/Olympus")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: tz: unknown time zone 'Mars/Olympus'
    """

    tz: tzinfo = attrs.field(default=UTC, converter=_zone)
    policies: PolicySet | SLAPolicy | None = None
    goals: tuple[SmartGoal, ...] | None = attrs.field(default=None, converter=_goals)
    at: datetime | None = attrs.field(default=None, validator=_at)
    level: float = 0.95


def build_report(
    histories: Sequence[TicketHistory],
    options: ReportOptions | None = None,
    *,
    source: Source | None = None,
) -> Report:
    """Build the report document of ``histories``: overview, KPIs, and SLA and goals if asked.

    Each section is computed once, from the library's primitives (the KPI accumulators,
    [`evaluate`][servicemodel.sla.evaluate],
    [`SmartGoal.evaluate`][servicemodel.goals.SmartGoal.evaluate]); render the result with
    [`render_text`][servicemodel.report.render_text] or
    [`render_json`][servicemodel.report.render_json].

    Examples:
        >>> build_report([]).source
        Source(file='', bad_records=())
    """
    opts = options if options is not None else ReportOptions()
    return Report(
        source=source if source is not None else Source(""),
        overview=build_overview(histories, tz=opts.tz),
        kpi=build_kpi(histories, tz=opts.tz, level=opts.level),
        sla=None
        if opts.policies is None
        else build_sla(histories, opts.policies, at=opts.at, level=opts.level),
        goals=None
        if opts.goals is None
        else build_goals(histories, opts.goals, at=opts.at, level=opts.level),
    )
