"""Report section: KPIs with intervals, overall, per channel, per ISO week and per breakdown.

CSAT (the share of satisfied ratings, the ticket's latest ``"csat"`` rating judged on its own
scale by [`Ratings.satisfied_share`][servicemodel.kpi.Ratings.satisfied_share]: 4-5 of 1-5,
6-7 of 1-7, "good" of Zendesk's good/bad), NPS (the latest ``"nps"`` rating, which must be on
0-10: another scale is a ``ScaleError`` naming the ticket), first reply time and full
resolution time (median and p90), first contact resolution (3-day window, at most one public
reply) and reopen rate. Every value comes with its interval at ``level`` and its ``n``. A
ticket and its ratings count in the ISO week it was created (in ``tz``); weeks without tickets
are listed with no value.

Times are in one base, named in the section (business hours of the calendar given, else
calendar time), and by default are Kaplan-Meier estimates as of the snapshot ``as_of``
([`FirstReplySurvival`][servicemodel.kpi.FirstReplySurvival],
[`ResolutionSurvival`][servicemodel.kpi.ResolutionSurvival]): a ticket still waiting counts as
censored at its time so far, so open tickets are not dropped. ``finished_only=True`` gives the
older figures over finished tickets only (the open ones reported as ``missing``), biased
toward fast tickets wherever many are still open. FCR is judged as of the snapshot too: a
ticket solved less than the review window before it may still be reopened, so it is not
judged yet (``missing``) rather than counted as resolved on first contact. Weeks the data does
not cover completely,
or with many tickets still open, are flagged as partial (see ``_partial``).

A partial history (a ticket of a summary export, a Zendesk ticket without audits) that lacks
a fact a figure needs is left out of that figure, and counted: the figure stands on the
tickets that hold the fact, its ``missing`` and its ``left_out`` count include the ones left
out, and its method ends with "12 tickets left out: partial history (lost: first_reply)" (see
``_left_out``). A scope (overall, a channel, a week, a segment) where no ticket holds the
fact shows the figure as "not available from this export (lost: first_reply)".

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
    >>> [(scope.label, scope.partial) for scope in section.by_week]
    [('2026-W32', None), ('2026-W33', 'ends after the snapshot 2026-08-12T14:00:00+02:00')]
    >>> section.estimator, section.base.label
    ('kaplan-meier', 'calendar time')
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import (
    NAMED_KEYS,
    NPS,
    ElapsedCalendar,
    Estimate,
    FirstContactResolution,
    FirstReplySurvival,
    FirstReplyTime,
    MergeOperators,
    Periods,
    Ratings,
    ReopenRate,
    ResolutionSurvival,
    ResolutionTime,
    by,
    periods,
)
from servicemodel.model import PARTIAL_ATTRIBUTE, TicketHistory
from servicemodel.report._base import base_of
from servicemodel.report._document import KPIScope, KPISection
from servicemodel.report._left_out import Supported
from servicemodel.report._partial import PartialRule
from servicemodel.report._passes import OnePass, one_pass

__all__ = ["BREAKDOWNS", "METRICS", "build_kpi", "breakdown_key", "kpi_parts"]

#: Metric keys of the section, with their display names.
METRICS: dict[str, str] = {
    "csat": "CSAT (satisfied share)",
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

    def _add_read(self, items: Sequence[TicketHistory], reads: Sequence[Any]) -> _Bundle:
        # ``add_many`` of histories whose instants the single pass has read (``_passes.Read``):
        # the ticket clocks take them instead of reading them again.
        parts: list[tuple[str, Any]] = []
        rated: list[Any] | None = None  # the histories with a rating, found once for all Ratings
        for k, acc in self.parts:
            if type(acc) is Ratings:
                if rated is None:
                    rated = Ratings._rated(items)
                parts.append((k, acc._add_rated(rated)))
                continue
            add_read = getattr(acc, "_add_read", None)
            parts.append((k, acc.add_many(items) if add_read is None else add_read(items, reads)))
        return _Bundle(tuple(parts))

    def merge(self, other: _Bundle) -> _Bundle:
        self._check_mergeable(other)
        return _Bundle(
            tuple((k, a.merge(b)) for (k, a), (_, b) in zip(self.parts, other.parts, strict=True))
        )

    def result(self, level: float = 0.95) -> dict[str, Any]:
        return {k: acc.result(level) for k, acc in self.parts}


#: What each figure needs that a summary export may lack (``servicemodel.model.lost_facts``):
#: an export without a first-reply or a solved column lacks even the first reply or the solve.
_NEEDS: dict[str, frozenset[str]] = {
    "frt": frozenset({"first_reply"}),
    "resolution": frozenset({"resolution"}),
    "fcr": frozenset({"reopens", "next_reply", "resolution"}),
    "reopen_rate": frozenset({"reopens", "resolution"}),
}
#: What FCR needs of a ticket whose helpdesk flagged first contact itself: only the solve
#: (its denominator is the solved tickets).
_FLAGGED_FCR_NEEDS = frozenset({"resolution"})
#: The statistics the section reads of a time figure (``frt``, ``resolution``).
_TIME_STATISTICS = ("median", "p90")


#: The breakdowns ``build_kpi(by=...)`` knows; ``attr:NAME`` reads a ticket attribute.
BREAKDOWNS = ("channel", "priority", "group", "agent", "tag", "attr:NAME")


def breakdown_key(name: str) -> Callable[[TicketHistory], Any]:
    """Return the function that puts a ticket in its segment for the breakdown ``name``.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> h = TicketHistory(Ticket("T", datetime(2026, 1, 5, tzinfo=UTC), attributes={"plan": "pro"}), [])
        >>> breakdown_key("attr:plan")(h), breakdown_key("group")(h)
        ('pro', None)
        >>> breakdown_key("colour")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --by: unknown breakdown 'colour'; expected one of ['channel', 'priority', 'group', 'agent', 'tag', 'attr:NAME']
    """  # noqa: E501
    if not isinstance(name, str):
        raise ConfigError(
            f"expected a breakdown name (text), got {type(name).__name__} {safe_repr(name)}",
            path="--by",
        )
    if name.startswith("attr:") and len(name) > len("attr:"):
        attr = name[len("attr:") :]

        def attribute(history: TicketHistory) -> Any:
            value = history.ticket.attributes.get(attr)
            return None if value is None else str(value)

        return attribute
    if name in NAMED_KEYS and name in BREAKDOWNS:
        return NAMED_KEYS[name]
    raise ConfigError(
        f"unknown breakdown {name!r}; expected one of {list(BREAKDOWNS)}", path="--by"
    )


#: The breakdown's label for the tickets without a value (no group, no such attribute).
NO_VALUE = "(none)"


def _check_breakdown(
    breakdown: str, results: Mapping[Any, Any], histories: Sequence[TicketHistory]
) -> None:
    """Refuse a breakdown no ticket has a value for: one segment of every ticket is no breakdown.

    A misspelt ``attr:Plan`` (the attribute is ``plan``) would otherwise be reported as one
    segment holding every ticket, looking like a breakdown that found one plan.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from servicemodel.model import Ticket
        >>> h = TicketHistory(Ticket("T", datetime(2026, 1, 5, tzinfo=UTC), attributes={"plan": "pro"}), [])
        >>> _check_breakdown("attr:Plan", {None: 1}, [h])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --by: no ticket of the 1 selected has the attribute 'Plan'; the tickets' attributes are ['plan'] (did you mean 'plan'?)
    """  # noqa: E501
    if not histories or any(key is not None for key in results):
        return
    n = len(histories)
    if breakdown.startswith("attr:"):
        names = sorted(
            {str(k) for h in histories for k in h.ticket.attributes} - {PARTIAL_ATTRIBUTE}
        )
        have = f"the tickets' attributes are {names}" if names else "they have no attributes"
        raise ConfigError(
            f"no ticket of the {n} selected has the attribute {safe_repr(breakdown[5:])}; {have}"
            f"{_attribute_hint(breakdown[5:], names)}",
            path="--by",
        )
    article = "an" if breakdown[0] in "aeiou" else "a"  # "an agent", "a group"
    raise ConfigError(f"no ticket of the {n} selected has {article} {breakdown}", path="--by")


#: ``--by`` keys that are a ticket's own fields, which a mapping's role columns fill.
_OWN_KEYS = ("group", "agent", "assignee", "channel", "priority", "tag", "tags")


def _attribute_hint(name: str, names: list[str]) -> str:
    """What to do when no ticket has the attribute ``name``: the close one there is, a role's
    own ``--by`` key, or keep the column with ``attributes`` in the mapping file.

    Examples:
        >>> _attribute_hint("Plan", ["plan"]), _attribute_hint("Group", [])
        (" (did you mean 'plan'?)", '; a column read as the group is --by group')
        >>> _attribute_hint("cmdb_ci", ["category"])
        "; a column of an event log or a one-row export is an attribute when the --map file keeps it (add 'cmdb_ci' to attributes)"
    """  # noqa: E501
    close = [n for n in names if n.casefold() == name.casefold()]
    close = close or difflib.get_close_matches(name, names, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    key = name.strip().lower()
    if key in _OWN_KEYS:
        own = {"assignee": "agent", "tags": "tag"}.get(key, key)
        return f"; a column read as the {own} is --by {own}"
    return (
        "; a column of an event log or a one-row export is an attribute when the --map file "
        f"keeps it (add {safe_repr(name)} to attributes)"
    )


def _bundle(
    calendar: ElapsedCalendar | None,
    unit: str,
    fcr_window: timedelta,
    as_of: datetime,
    finished_only: bool,
    partial: bool = False,
) -> _Bundle:
    """The section's accumulators; with ``partial`` (some history is partial), each figure
    that needs a fact such a history may lack is over the histories that hold it, the others
    counted (``_left_out.Supported``)."""
    if finished_only:
        frt: Any = FirstReplyTime.empty(calendar=calendar, unit=unit)
        resolution: Any = ResolutionTime.empty(calendar=calendar, unit=unit)
    else:
        # Kaplan-Meier: a ticket still waiting at the snapshot is censored at its time so far.
        frt = FirstReplySurvival.empty(as_of=as_of, calendar=calendar, unit=unit)
        resolution = ResolutionSurvival.empty(as_of=as_of, calendar=calendar, unit=unit)
    parts: tuple[tuple[str, Any], ...] = (
        ("csat", Ratings.satisfied_share()),
        ("nps", Ratings.empty(NPS.empty())),
        ("frt", frt),
        ("resolution", resolution),
        # Judged at the snapshot: a ticket whose review window is still open is pending, not
        # a first-contact resolution yet (a reopen may still come).
        ("fcr", FirstContactResolution.empty(window=fcr_window, as_of=as_of)),
        ("reopen_rate", ReopenRate.empty()),
    )
    if not partial:  # a complete export: nothing to leave out, nothing to check per ticket
        return _Bundle(parts)
    return _Bundle(tuple((k, _supported(k, acc)) for k, acc in parts))


def _supported(key: str, acc: Any) -> Any:
    """The bundle's part ``key`` over the histories that hold what it needs (CSAT and NPS
    need nothing an export may lack)."""
    needs = _NEEDS.get(key)
    if needs is None:
        return acc
    flagged = _FLAGGED_FCR_NEEDS if key == "fcr" else None
    if key in ("frt", "resolution"):  # a time: the section reads its median and p90
        return Supported(acc, needs, METRICS[f"{key}_p50"][:-4], _TIME_STATISTICS, flagged)
    return Supported(acc, needs, METRICS[key], flagged=flagged)


def _any_partial(histories: Sequence[TicketHistory]) -> bool:
    return any(PARTIAL_ATTRIBUTE in h.ticket.attributes for h in histories)


def _scope(label: str, results: dict[str, Any], partial: str | None = None) -> KPIScope:
    figures: list[tuple[str, Estimate]] = [("csat", results["csat"]), ("nps", results["nps"])]
    for key in ("frt", "resolution"):
        summary = results[key]
        figures += [(f"{key}_p50", summary["median"]), (f"{key}_p90", summary["p90"])]
    figures += [("fcr", results["fcr"]), ("reopen_rate", results["reopen_rate"])]
    return KPIScope(label, tuple(figures), partial)


def _weeks(
    done: OnePass, week_key: Periods, rule: PartialRule, level: float
) -> tuple[KPIScope, ...]:
    scopes = []
    for k, v in done.weeks.result(level).items():
        start = week_key.period_start(k)
        end = week_key.period_start(k + week_key.step)
        why = rule.reason(start, end, tickets=done.tickets[k], open_tickets=done.still_open[k])
        scopes.append(_scope(week_key.label(k), v, why))
    return tuple(scopes)


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
    as_of: datetime | None = None,
    finished_only: bool = False,
    breakdown: str | None = None,
    partial: PartialRule | None = None,
) -> KPISection:
    """Return the KPI section: overall, by channel, by ISO week of creation (and a breakdown).

    ``as_of`` is the snapshot the Kaplan-Meier times are read at and FCR is judged at
    (default: the latest event); ``finished_only`` uses the finished tickets only instead;
    ``breakdown`` (one of ``BREAKDOWNS``) adds a scope per value; ``partial`` is the rule
    flagging partial weeks.

    Examples:
        >>> build_kpi([]).overall.figure("csat").value is None
        True
    """
    return kpi_parts(
        histories,
        tz=tz,
        calendar=calendar,
        level=level,
        unit=unit,
        fcr_window=fcr_window,
        as_of=as_of,
        finished_only=finished_only,
        breakdown=breakdown,
        partial=partial,
    )[0]


def kpi_parts(
    histories: Sequence[TicketHistory],
    *,
    tz: tzinfo | str = "UTC",
    calendar: ElapsedCalendar | None = None,
    level: float = 0.95,
    unit: str = "h",
    fcr_window: timedelta = timedelta(days=3),
    as_of: datetime | None = None,
    finished_only: bool = False,
    breakdown: str | None = None,
    partial: PartialRule | None = None,
) -> tuple[KPISection, OnePass]:
    """Return the KPI section and the accumulators it was read from (overall, per channel).

    ``build_report`` hands the first-reply and resolution curves accumulated here to the
    detail's charts, instead of accumulating every history again.

    Examples:
        >>> kpi_parts([])[1].tickets.total()
        0
    """
    zone = _zone_name(tz)
    when = as_of if as_of is not None else _latest(histories)
    rule = partial if partial is not None else PartialRule(as_of=when, tz=ZoneInfo(zone))
    partial_histories = _any_partial(histories)
    empty = _bundle(calendar, unit, fcr_window, when, finished_only, partial_histories)
    # One pass: each history is accumulated once; overall, channels and weeks are merges.
    week_key: Periods = periods("week", tz=zone)
    done = one_pass(histories, empty, week_key, rule.as_of)
    overall = done.overall.result(level)
    channels = done.channels.result(level)
    done = done._replace(read=(level, overall, channels))  # the detail's curves reuse them
    extra: tuple[KPIScope, ...] = ()
    if breakdown is not None:
        segments = by(breakdown_key(breakdown), empty, name=breakdown).add_many(histories)
        results = segments.result(level)
        _check_breakdown(breakdown, results, histories)
        # The segments in the result's order (priorities low to urgent, as the overview lists
        # them; names alphabetically), the tickets without a value first. Sorting the labels
        # as text listed the priorities high, low, normal, urgent.
        extra = tuple(
            _scope(NO_VALUE if k is None else str(k), v)
            for k, v in sorted(results.items(), key=lambda kv: kv[0] is not None)
        )
    section = KPISection(
        level=level,
        tz=zone,
        time_basis=base_of(calendar).kind,
        time_unit=unit,
        fcr_window=fcr_window,
        tickets=len(histories),
        overall=_scope("Overall", overall),
        by_channel=tuple(_scope(str(k), v) for k, v in channels.items()),
        by_week=_weeks(done, week_key, rule, level),
        base=base_of(calendar),
        estimator="finished-only" if finished_only else "kaplan-meier",
        as_of=when.astimezone(ZoneInfo(zone)),
        breakdown=breakdown,
        by_breakdown=extra,
    )
    return section, done


def _latest(histories: Sequence[TicketHistory]) -> datetime:
    # With no ticket there is nothing to censor: any instant gives the same (empty) figures.
    if not histories:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return max(h.last_event_at.astimezone(UTC) for h in histories)
