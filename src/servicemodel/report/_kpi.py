"""Report section: KPIs with intervals, overall, per channel and per ISO week of creation.

CSAT (share of 4-5 on 1-5, the ticket's latest ``"csat"`` rating), NPS (the latest ``"nps"``
rating, 0-10), first reply time and full resolution time (median and p90; business time when a
calendar is given, else calendar time; tickets never replied to / unresolved are censored and
reported as ``missing``), first contact resolution (3-day window, at most one public reply)
and reopen rate. Every value comes with its interval at ``level`` and its ``n``. A ticket and
its ratings count in the ISO week it was created (in ``tz``); weeks without tickets are listed
with no value.

Examples:
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicemodel.model import AgentReply, SatisfactionRating, StatusChange, Ticket
    >>> from servicemodel.model import TicketHistory
    >>> t0 = datetime(2026, 8, 3, 9, tzinfo=timezone.utc)
    >>> hs = [TicketHistory(Ticket(f"T{i}", t0 + timedelta(days=i), channel="chat"), [
    ...     AgentReply("r", t0 + timedelta(days=i, hours=1)),
    ...     StatusChange("s", t0 + timedelta(days=i, hours=2), status="solved"),
    ...     SatisfactionRating("c", t0 + timedelta(days=i, hours=3), score=4 + i % 2)])
    ...     for i in range(10)]
    >>> section = build_kpi(hs, tz="Europe/Berlin")
    >>> section.overall.figure("frt_p50").value, section.overall.figure("csat").n
    (1.0, 10)
    >>> [scope.label for scope in section.by_week]
    ['2026-W32', '2026-W33']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicemodel.errors import InputTypeError
from servicemodel.kpi import (
    CSAT,
    NPS,
    ElapsedCalendar,
    Estimate,
    FirstContactResolution,
    FirstReplyTime,
    MergeOperators,
    Ratings,
    ReopenRate,
    ResolutionTime,
    by,
    periods,
)
from servicemodel.model import TicketHistory
from servicemodel.report._document import KPIScope, KPISection

__all__ = ["METRICS", "build_kpi"]

#: Metric keys of the section, with their display names.
METRICS: dict[str, str] = {
    "csat": "CSAT (4-5 of 1-5)",
    "nps": "NPS",
    "frt_p50": "First reply p50",
    "frt_p90": "First reply p90",
    "resolution_p50": "Resolution p50",
    "resolution_p90": "Resolution p90",
    "fcr": "FCR",
    "reopen_rate": "Reopen rate",
}


@attrs.frozen
class _Bundle(MergeOperators):
    """The section's accumulators side by side, as one mergeable accumulator."""

    parts: tuple[tuple[str, Any], ...]

    def _merge_params(self) -> Any:
        return tuple(k for k, _ in self.parts)

    def add(self, history: TicketHistory) -> _Bundle:
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> _Bundle:
        items = list(histories)
        return _Bundle(tuple((k, acc.add_many(items)) for k, acc in self.parts))

    def merge(self, other: _Bundle) -> _Bundle:
        self._check_mergeable(other)
        return _Bundle(
            tuple((k, a.merge(b)) for (k, a), (_, b) in zip(self.parts, other.parts, strict=True))
        )

    def result(self, level: float = 0.95) -> dict[str, Any]:
        return {k: acc.result(level) for k, acc in self.parts}


def _bundle(calendar: ElapsedCalendar | None, unit: str, fcr_window: timedelta) -> _Bundle:
    return _Bundle(
        (
            ("csat", Ratings.empty(CSAT.empty())),
            ("nps", Ratings.empty(NPS.empty())),
            ("frt", FirstReplyTime.empty(calendar=calendar, unit=unit)),
            ("resolution", ResolutionTime.empty(calendar=calendar, unit=unit)),
            ("fcr", FirstContactResolution.empty(window=fcr_window)),
            ("reopen_rate", ReopenRate.empty()),
        )
    )


def _scope(label: str, results: dict[str, Any]) -> KPIScope:
    figures: list[tuple[str, Estimate]] = [("csat", results["csat"]), ("nps", results["nps"])]
    for key in ("frt", "resolution"):
        summary = results[key]
        figures += [(f"{key}_p50", summary["median"]), (f"{key}_p90", summary["p90"])]
    figures += [("fcr", results["fcr"]), ("reopen_rate", results["reopen_rate"])]
    return KPIScope(label, tuple(figures))


def _zone_name(tz: tzinfo | str) -> str:
    if isinstance(tz, str):
        return tz
    if isinstance(tz, ZoneInfo):
        return tz.key
    if tz is UTC:
        return "UTC"
    raise InputTypeError(f"tz: expected an IANA zone name or ZoneInfo, got {tz!r}")


def build_kpi(
    histories: Sequence[TicketHistory],
    *,
    tz: tzinfo | str = "UTC",
    calendar: ElapsedCalendar | None = None,
    level: float = 0.95,
    unit: str = "h",
    fcr_window: timedelta = timedelta(days=3),
) -> KPISection:
    """Return the KPI section: overall, by channel and by ISO week of creation.

    Examples:
        >>> build_kpi([]).overall.figure("csat").value is None
        True
    """
    zone = _zone_name(tz)
    empty = _bundle(calendar, unit, fcr_window)
    overall = empty.add_many(histories).result(level)
    channels = by("channel", empty).add_many(histories).result(level)
    week_key = periods("week", tz=zone)
    weeks = by(week_key, empty).add_many(histories).result(level)
    return KPISection(
        level=level,
        tz=zone,
        time_basis="business" if calendar is not None else "calendar",
        time_unit=unit,
        fcr_window=fcr_window,
        tickets=len(histories),
        overall=_scope("Overall", overall),
        by_channel=tuple(_scope(str(k), v) for k, v in channels.items()),
        by_week=tuple(_scope(week_key.label(k), v) for k, v in weeks.items()),
    )
