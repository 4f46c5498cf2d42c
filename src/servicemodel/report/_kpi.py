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
    >>> section = build(hs, tz="Europe/Berlin")
    >>> section["overall"]["frt_p50"]["value"], section["overall"]["csat"]["n"]
    (1.0, 10)
    >>> list(section["by_week"])
    ['2026-W32', '2026-W33']
    >>> print(render(section)[3])
      CSAT (4-5 of 1-5)         100.0 %   [72.2, 100.0]          n=10
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
    Estimate,
    FirstContactResolution,
    FirstReplyTime,
    Ratings,
    ReopenRate,
    ResolutionTime,
    by,
    periods,
)
from servicemodel.kpi.tickets import ElapsedCalendar
from servicemodel.model import TicketHistory

__all__ = ["METRICS", "build", "render"]

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
class _Bundle:
    """The section's accumulators side by side, as one mergeable accumulator."""

    parts: tuple[tuple[str, Any], ...]

    def add(self, history: TicketHistory) -> _Bundle:
        return self.add_many((history,))

    def add_many(self, histories: Iterable[TicketHistory]) -> _Bundle:
        items = list(histories)
        return _Bundle(tuple((k, acc.add_many(items)) for k, acc in self.parts))

    def merge(self, other: _Bundle) -> _Bundle:
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


def _record(est: Estimate) -> dict[str, Any]:
    return {
        "value": est.value,
        "lower": est.lower,
        "upper": est.upper,
        "n": est.n,
        "missing": est.missing,
        "unit": est.unit,
    }


def _flatten(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for key in ("csat", "nps"):
        out[key] = _record(results[key])
    for key in ("frt", "resolution"):
        summary = results[key]
        out[f"{key}_p50"] = _record(summary["median"])
        out[f"{key}_p90"] = _record(summary["p90"])
    out["fcr"] = _record(results["fcr"])
    out["reopen_rate"] = _record(results["reopen_rate"])
    return out


def _zone_name(tz: tzinfo | str) -> str:
    if isinstance(tz, str):
        return tz
    if isinstance(tz, ZoneInfo):
        return tz.key
    if tz is UTC:
        return "UTC"
    raise InputTypeError(f"tz: expected an IANA zone name or ZoneInfo, got {tz!r}")


def build(
    histories: Sequence[TicketHistory],
    *,
    tz: tzinfo | str = "UTC",
    calendar: ElapsedCalendar | None = None,
    level: float = 0.95,
    unit: str = "h",
    fcr_window: timedelta = timedelta(days=3),
) -> dict[str, Any]:
    """Return the KPI section (JSON-ready): overall, by channel and by ISO week of creation.

    Examples:
        >>> build([])["overall"]["csat"]["value"] is None
        True
    """
    zone = _zone_name(tz)
    empty = _bundle(calendar, unit, fcr_window)
    overall = empty.add_many(histories).result(level)
    channels = by("channel", empty).add_many(histories).result(level)
    week_key = periods("week", tz=zone)
    weeks = by(week_key, empty).add_many(histories).result(level)
    return {
        "level": level,
        "tz": zone,
        "time_basis": "business" if calendar is not None else "calendar",
        "time_unit": unit,
        "fcr_window_hours": fcr_window / timedelta(hours=1),
        "tickets": len(histories),
        "overall": _flatten(overall),
        "by_channel": {str(k): _flatten(v) for k, v in channels.items()},
        "by_week": {week_key.label(k): _flatten(v) for k, v in weeks.items()},
    }


def _num(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f}"
    return f"{value:.1f}" if unit == "points" else f"{value:.2f}"


def _line(name: str, rec: dict[str, Any]) -> str:
    unit = rec["unit"]
    suffix = {"share": " %", "points": ""}.get(unit, f" {unit}")
    if rec["value"] is None:
        value, interval = "–", ""
    else:
        value = _num(rec["value"], unit) + suffix
        lo = "?" if rec["lower"] is None else _num(rec["lower"], unit)
        hi = "?" if rec["upper"] is None else _num(rec["upper"], unit)
        interval = f"[{lo}, {hi}]"
    missing = f"  missing={rec['missing']}" if rec["missing"] else ""
    return f"  {name:<24}{value:>10}   {interval:<20} n={rec['n']}{missing}"


def _block(title: str, metrics: dict[str, dict[str, Any]]) -> list[str]:
    return [title] + [_line(METRICS[key], metrics[key]) for key in METRICS]


def render(section: dict[str, Any]) -> list[str]:
    """Return the text lines of the KPI section.

    Examples:
        >>> render(build([]))[0]
        'KPIs (95 % intervals; times in calendar h)'
    """
    level = f"{100 * section['level']:g} %"
    head = f"KPIs ({level} intervals; times in {section['time_basis']} {section['time_unit']})"
    lines = [head, "=" * len(head)]
    lines += _block("Overall", section["overall"])
    lines += [
        "",
        "missing: tickets never replied to / not resolved (censored, not counted as 0)",
    ]
    for key, title in (("by_channel", "By channel"), ("by_week", "By ISO week of creation")):
        lines += ["", title, "-" * len(title)]
        for segment, metrics in section[key].items():
            lines += _block(segment, metrics)
    return lines
