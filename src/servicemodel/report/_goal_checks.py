"""The goals report's checks: which KPIs, statistics, units and segments it can compute.

A goal the report cannot compute (another KPI, a statistic or unit that does not apply, a
segment key it does not know, a share target outside ``[0, 1]``) is a
[`ConfigError`][servicemodel.errors.ConfigError] whose path names the field
(``goals[1].unit``); a segment value no ticket has is reported by ``check_segments``.

Examples:
    >>> sorted(KPIS)[:2]
    ['csat', 'first_reply_time']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from servicemodel._config import safe_repr
from servicemodel._numbers import percent_hint
from servicemodel.errors import ConfigError
from servicemodel.goals import SmartGoal
from servicemodel.kpi import NAMED_KEYS
from servicemodel.kpi._shared import percentile_label
from servicemodel.model import TicketHistory

__all__ = ["KPIS", "TIME_KPIS", "check_segments", "segment_filter", "statistic_of", "unit_of"]

KPIS: dict[str, str] = {
    "first_reply_time": "h",
    "resolution_time": "h",
    "csat": "share",
    "nps": "points",
    "reopen_rate": "share",
    "resolution_rate": "share",
}
_TIME_UNITS = ("s", "min", "h", "d")
_SEGMENT_KEYS = ("channel", "priority", "group", "agent", "tag")
TIME_KPIS = ("first_reply_time", "resolution_time")


def segment_filter(goal: SmartGoal, where: str) -> Callable[[TicketHistory], bool]:
    checks: list[Callable[[TicketHistory], bool]] = []
    for key, wanted in goal.segment:
        if key not in _SEGMENT_KEYS:
            raise ConfigError(
                f"the goals report cannot segment by {key!r}; it supports {list(_SEGMENT_KEYS)}",
                path=f"{where}.segment.{key}",
            )
        checks.append(_segment_check(key, wanted))

    def keep(history: TicketHistory) -> bool:
        return all(check(history) for check in checks)

    return keep


def _segment_check(key: str, wanted: str) -> Callable[[TicketHistory], bool]:
    fn = NAMED_KEYS[key]

    def check(history: TicketHistory) -> bool:
        value = fn(history)
        if key == "tag":
            return wanted in value
        return str(value) == wanted

    return check


def statistic_of(goal: SmartGoal, where: str) -> str:
    kpi, stat = goal.kpi, (goal.statistic or "").lower()
    if kpi not in KPIS:
        raise ConfigError(
            f"the goals report cannot compute KPI {kpi!r}; it supports {sorted(KPIS)}",
            path=f"{where}.kpi",
        )
    if kpi in ("first_reply_time", "resolution_time"):
        return _timestatistic_of(goal, where, stat or "mean")
    if kpi == "csat":
        if stat in ("", "share", "top-2-box", "top2", "satisfied"):
            return "share"
        if stat == "mean":
            return "mean"
        raise ConfigError(
            f"statistic {goal.statistic!r} for csat is not 'share' or 'mean'",
            path=f"{where}.statistic",
        )
    if stat not in ("", "score", "share", "rate", "value"):
        raise ConfigError(
            f"statistic {goal.statistic!r} does not apply to {kpi}", path=f"{where}.statistic"
        )
    return ""


def _timestatistic_of(goal: SmartGoal, where: str, stat: str) -> str:
    if stat in ("mean", "median"):
        return stat
    if stat.startswith("p"):
        try:
            q = float(stat[1:])
        except ValueError:
            q = -1.0
        if 0 < q < 100:
            # Named as the KPI summaries name it (percentile_label): p99.99999 was read as
            # p100, and the goal measured, and showed, another percentile than it asked for.
            return "median" if q == 50 else f"p{percentile_label(q)}"
        if q == 100:
            # The KPIs take p100; a goal does not: a goal's period needs a value, and the
            # Kaplan-Meier p100 has none whenever the longest wait is still open.
            raise ConfigError(
                f"statistic {goal.statistic!r} is the longest time, which one ticket decides "
                "and which has no estimate while the longest wait is still open; a goal's "
                "percentile is below 100: use p99 or p99.9",
                path=f"{where}.statistic",
            )
    raise ConfigError(
        f"statistic {goal.statistic!r} is not one of mean, median, pNN (e.g. p90)",
        path=f"{where}.statistic",
    )


def unit_of(goal: SmartGoal, where: str, statistic: str) -> str:
    kpi = goal.kpi or ""
    if kpi not in KPIS:
        raise ConfigError(
            f"the goals report cannot compute KPI {kpi!r}; it supports {sorted(KPIS)}",
            path=f"{where}.kpi",
        )
    if kpi in ("first_reply_time", "resolution_time"):
        unit = goal.unit or "h"
        if unit not in _TIME_UNITS:
            raise ConfigError(
                f"unit {goal.unit!r} is not a time unit {list(_TIME_UNITS)}", path=f"{where}.unit"
            )
        return unit
    expected = "" if kpi == "csat" and statistic == "mean" else KPIS[kpi]
    if goal.unit and goal.unit != expected:
        raise ConfigError(
            f"{kpi} is measured in {expected or 'scale points'!r}, not {goal.unit!r}",
            path=f"{where}.unit",
        )
    if expected == "share":
        for field in ("target", "baseline"):
            value = getattr(goal, field)
            if value is not None and not 0 <= value <= 1:
                # A percentage only where one reads as a share, as the goal itself says it.
                raise ConfigError(
                    f"{field} {safe_repr(value)} is not a share in [0, 1]{percent_hint(value)}",
                    path=f"{where}.{field}",
                )
    return expected


def check_segments(
    histories: Sequence[TicketHistory], goal: SmartGoal, where: str = "goal"
) -> tuple[str, ...]:
    """Return a message per segment value of ``goal`` that no ticket in ``histories`` has.

    Each message lists the values that do occur (at most 20), so a typo shows its fix.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> h = TicketHistory(Ticket("T", datetime(2026, 8, 3, 9, tzinfo=UTC), channel="email"), [])
        >>> import attrs
        >>> from servicemodel.report._goals import _doc_goal
        >>> check_segments([h], attrs.evolve(_doc_goal(), segment={"channel": "emial"}))
        ("goal.segment.channel: no ticket has channel 'emial'; the data has ['email']",)
    """
    problems = []
    for key, wanted in goal.segment:
        if key not in NAMED_KEYS:
            continue
        fn = NAMED_KEYS[key]
        seen: set[str] = set()
        for h in histories:
            value = fn(h)
            if key == "tag":
                seen.update(str(v) for v in value)
            elif value is not None:
                seen.add(str(value))
        if wanted not in seen:
            shown = sorted(seen)[:20]
            problems.append(
                f"{where}.segment.{key}: no ticket has {key} {safe_repr(wanted)}; "
                f"the data has {shown}"
            )
    return tuple(problems)
