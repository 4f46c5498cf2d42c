"""Hypothesis strategies for SLA policies and escalation ladders.

Examples:
    >>> from hypothesis import given
    >>> @given(policies(), ladders())
    ... def check(policy, ladder):
    ...     assert policy.metrics and ladder.levels
    >>> check()
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, Literal

from hypothesis import assume
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.escalation import EscalationLadder, EscalationLevel, Trigger, TriggerKind
from servicemodel.model import Priority, Status, TicketHistory
from servicemodel.sla import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    ChannelIn,
    Condition,
    GroupIn,
    HasTags,
    Measurement,
    Metric,
    Not,
    PolicySet,
    PriorityIn,
    SLAPolicy,
    Target,
    evaluate,
)
from servicemodel.sla._shared import is_calendar
from servicemodel.strategies._args import MOST, flag, names, strategy, whole
from servicemodel.strategies._model import PRIORITY_LABELS, STATUS_LABELS, histories

__all__ = [
    "conditions",
    "ladders",
    "levels",
    "measurements",
    "policies",
    "policy_sets",
    "targets",
    "triggers",
]

_OFFICE_HOURS = (
    BusinessCalendar.always(),
    BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"}),
    BusinessCalendar.weekly(
        "Europe/Berlin",
        {"mon-fri": ["08:00-12:00", "13:00-18:00"]},
        holidays=["2026-12-25", "2026-12-26", "2027-01-01"],
    ),
    BusinessCalendar.weekly("America/New_York", {"mon-sat": "22:00-06:00"}),
)


@functools.lru_cache(maxsize=64)
def _durations(max_hours: int) -> st.SearchStrategy[timedelta]:
    # Whole quarter hours first, so a duration shrinks to 15 minutes, not to one second.
    # Cached per ``max_hours``: a strategy made inside a draw is validated again each time.
    # ``builds`` with the minutes mapped: a failing example prints ``timedelta(minutes=15)``
    # (a map to the timedelta printed the lambda's body, ``timedelta(minutes=15 * 1)``).
    return st.one_of(
        st.builds(timedelta, minutes=st.integers(1, max_hours * 4).map(lambda q: 15 * q)),
        st.integers(1, max_hours * 3600).map(lambda s: timedelta(seconds=s)),
    )


@functools.lru_cache(maxsize=64)
def _some_metrics(chosen: tuple[Metric, ...]) -> st.SearchStrategy[list[Metric]]:
    # Made once per set of metrics, not inside each draw (see ``_durations``).
    return st.lists(st.sampled_from(chosen), min_size=1, unique=True)


def _conditions() -> st.SearchStrategy[Condition]:
    leaf: st.SearchStrategy[Condition] = st.one_of(
        st.builds(Always),
        st.builds(PriorityIn, st.lists(st.sampled_from(list(Priority)), min_size=1, max_size=3)),
        st.builds(ChannelIn, st.lists(st.sampled_from(["email", "chat", "phone"]), min_size=1)),
        st.builds(HasTags, st.lists(st.sampled_from(["vip", "bug"]), min_size=1)),
    )
    return st.one_of(leaf, leaf.map(Not))


_CONDITIONS = _conditions()
_MOST_HOURS = 24 * 366 * 10
# Which priorities a metric has targets at, as one draw per metric from every non-empty set of
# priorities, fewest first and ``low`` before higher ones: the shrinker lowers the index, so a
# metric shrinks to ``low`` alone, then to two priorities with ``low`` and ``normal``. The set
# of all four is listed 16 more times, so about half the metrics have a target at every
# priority, as most real policies do. One draw per metric, instead of a skip per priority and
# metric with a target added back for a metric left without one: fewer choices for Hypothesis
# to shrink, each of them meaning one thing.
_PRIORITY_SETS = tuple(
    frozenset(chosen) for k in range(1, 5) for chosen in itertools.combinations(Priority, k)
)
_PRIORITY_CHOICES = st.sampled_from(_PRIORITY_SETS + (_PRIORITY_SETS[-1],) * 16)
# Which clock a target counts: the policy's own calendar (the simplest, first, and the
# commonest), every hour (calendar time), or a calendar of its own; one draw, not three.
_CLOCKS = st.sampled_from(("policy",) * 5 + ("calendar",) * 2 + ("own",))
_OFFICE_CALENDARS = st.sampled_from(_OFFICE_HOURS)
_PAUSES = st.frozensets(st.sampled_from([Status.PENDING, Status.ON_HOLD, Status.NEW]))
# The default first, so a shrunk policy does not blame an unusual option for a failure.
_REOPEN = st.sampled_from(["final", "first"])
_WARN_AT = st.lists(st.floats(0.05, 0.95), max_size=3, unique=True)
_POLICY_NAMES = st.sampled_from(["standard", "vip", "p"])
# The desk's own names that ``histories()`` draws, so drawn policies and histories meet: status
# labels to pause on (a pending or on-hold one first, the usual; one of any category may be
# listed), priority labels to give targets of their own. Lists, not sets, drawn unique and
# empty first: a set's order of strings follows the hash seed, and a derandomized run would
# draw other targets in another process; a failing policy shrinks to no label at all.
_STATUS_LABEL_NAMES = tuple(
    dict.fromkeys(
        [
            *STATUS_LABELS[Status.PENDING],
            *STATUS_LABELS[Status.ON_HOLD],
            *(name for names in STATUS_LABELS.values() for name in names),
        ]
    )
)
_PAUSE_LABELS = st.lists(st.sampled_from(_STATUS_LABEL_NAMES), max_size=2, unique=True)
_PRIORITY_LABEL_NAMES = tuple(name for names in PRIORITY_LABELS.values() for name in names)
_TARGET_LABELS = st.lists(st.sampled_from(_PRIORITY_LABEL_NAMES), max_size=2, unique=True)


@st.composite
def policies(
    draw: st.DrawFn,
    *,
    calendars: st.SearchStrategy[Any] | None = None,
    metrics: Sequence[Metric] = tuple(Metric),
    conditions: bool = False,
    target_calendars: bool = True,
    max_hours: int = 72,
    labels: bool = True,
) -> SLAPolicy:
    """Valid [`SLAPolicy`][servicemodel.sla.SLAPolicy] values with targets for ``metrics``.

    Calendars come from ``calendars`` (default: a few fixed office calendars, 24/7 among
    them; any calendar a policy takes, such as ``combined_calendars()`` or
    ``schedule_histories()``): one or two drawn per policy and shared by its targets, as in
    a real configuration; targets are drawn per priority, some in calendar time, up to
    ``max_hours``.
    With ``conditions=False`` (the default) the policy matches every ticket; with
    ``target_calendars=False`` every target counts on the policy's own calendar.

    With ``labels=True`` (the default) a policy may also pause on up to two of the desk's own
    status names that [`histories`][servicemodel.strategies.histories] draws
    (``pause_labels``, ``"label:Awaiting Vendor"`` in a policy file), and give up to two of
    its own priority names targets of their own (``"label:P0"``), for some of ``metrics``;
    ``labels=False`` draws neither.

    A failing example shrinks towards one target per metric at ``low``, 15 minutes on the
    policy's calendar, the first calendar (24/7 by default), no condition, no label and
    default options.

    Examples:
        >>> from hypothesis import given
        >>> @given(policies(metrics=[Metric.FIRST_REPLY]))
        ... def check(p):
        ...     assert p.metrics == (Metric.FIRST_REPLY,)
        >>> check()
    """
    fn = "policies"
    strategy(fn, "calendars", calendars)
    metrics = names(fn, "metrics", [_metric(fn, m) for m in _listed(fn, "metrics", metrics)])
    flag(fn, "conditions", conditions)
    flag(fn, "target_calendars", target_calendars)
    flag(fn, "labels", labels)
    whole(fn, "max_hours", max_hours, minimum=1, maximum=_MOST_HOURS)
    cal_strategy = (
        _OFFICE_CALENDARS if calendars is None else st.sampled_from(_pool(draw, calendars, fn))
    )
    name = draw(_POLICY_NAMES)
    condition = draw(_CONDITIONS) if conditions else Always()
    chosen = tuple(dict.fromkeys(Metric(m) for m in metrics))
    parts = _parts(
        draw,
        cal_strategy,
        chosen,
        target_calendars=target_calendars,
        within=_durations(max_hours),
        labels=labels,
    )
    return SLAPolicy(name, condition=condition, **parts)


def _parts(
    draw: st.DrawFn,
    cal_strategy: st.SearchStrategy[Any],
    chosen: tuple[Metric, ...],
    *,
    target_calendars: bool,
    within: st.SearchStrategy[timedelta],
    labels: bool,
) -> dict[str, Any]:
    """A policy's targets, calendar and options: everything but its name and condition."""
    # Draws in the order the policy reads: which priorities each metric has (the shape),
    # then each target, then the policy's calendar and options. Every chosen metric has at
    # least one target, so ``policy.metrics`` is what was asked.
    where = {metric: draw(_PRIORITY_CHOICES) for metric in chosen}
    targets: dict[Priority | str, list[Target]] = {}

    def target(metric: Metric) -> Target:
        clock = draw(_CLOCKS) if target_calendars else "policy"
        cal = draw(cal_strategy) if clock == "own" else None
        return Target(metric, draw(within), clock != "calendar", cal)

    for prio in Priority:
        for metric in chosen:
            if prio in where[metric]:
                targets.setdefault(prio, []).append(target(metric))
    parts: dict[str, Any] = {
        "targets": targets,
        "calendar": draw(cal_strategy),
        "pause": draw(_PAUSES),
        "reopen": draw(_REOPEN),
        "warn_at": draw(_WARN_AT),
    }
    if not labels:
        return parts
    # Drawn after everything else, so a policy without labels draws as it always did.
    parts["pause_labels"] = draw(_PAUSE_LABELS)
    for name in draw(_TARGET_LABELS):
        # Some of the metrics (at least one), in metric order: a label's targets are the only
        # ones its tickets are measured by, so a metric it lacks goes unmeasured for them.
        some = set(draw(_some_metrics(chosen)))
        targets[f"label:{name}"] = [target(m) for m in chosen if m in some]
    return parts


@st.composite
def _members(
    draw: st.DrawFn,
    shared: st.SearchStrategy[Any] | None,
    chosen: tuple[Metric, ...],
    within: st.SearchStrategy[timedelta],
    labels: bool,
) -> dict[str, Any]:
    # One policy of a set, all but its name: its condition drawn with the rest of it.
    cal_strategy = (
        _OFFICE_CALENDARS if shared is None else st.sampled_from(_pool(draw, shared, "policy_sets"))
    )
    condition = draw(_CONDITIONS)
    return {
        "condition": condition,
        **_parts(draw, cal_strategy, chosen, target_calendars=True, within=within, labels=labels),
    }


def _pool(draw: st.DrawFn, calendars: st.SearchStrategy[Any], fn: str) -> list[Any]:
    # One or two calendars per policy, shared by its targets as in a real configuration. A
    # calendar per target (up to 24 from a user's ``calendars()``, each with holidays and
    # overrides) made one policy take a tenth of a second and overrun Hypothesis' buffer, so
    # ``policies(calendars=calendars())`` failed the too_slow health check.
    pool = draw(st.lists(calendars, min_size=1, max_size=2))
    for calendar in pool:
        if not is_calendar(calendar):
            raise InputTypeError(
                f"{fn}: calendars drew {safe_repr(calendar)}, not a "
                "BusinessCalendar or another calendar (CalendarLike)"
            )
    return pool


def _listed(fn: str, name: str, value: Any, what: str = "Metric values") -> list[Any]:
    # A lone string (or a non-collection) is refused before its letters are taken as items.
    return list(names(fn, name, value, kind=object, what=what))


def _metric(fn: str, value: Any) -> Metric:
    try:
        return Metric(value)
    except ValueError:
        known = ", ".join(m.value for m in Metric)
        raise ConfigError(f"{fn}: metrics holds {safe_repr(value)}; known: {known}") from None


@st.composite
def policy_sets(
    draw: st.DrawFn,
    *,
    max_policies: int = 3,
    calendars: st.SearchStrategy[Any] | None = None,
    metrics: Sequence[Metric] = tuple(Metric),
    fallback: bool | None = None,
    max_hours: int = 72,
    labels: bool = True,
) -> PolicySet:
    """Valid [`PolicySet`][servicemodel.sla.PolicySet] values: ordered, uniquely named policies.

    Up to ``max_policies`` policies from [`policies`][servicemodel.strategies.policies], each
    with a condition (so a set routes different tickets to different policies), named
    ``p0``, ``p1``, … in order. ``fallback=True`` makes the last one match every ticket, as a
    catch-all does in a real configuration; ``False`` leaves every condition as drawn (a
    ticket may then match none); ``None`` (the default) draws which. ``metrics`` and
    ``max_hours`` are passed on to each policy, and so is ``labels`` (pauses on and targets
    for the desk's own status and priority names, as ``policies`` draws them); one or two
    calendars are drawn from ``calendars`` for the whole set and shared by its policies.

    A failing example shrinks towards one policy, as simple as ``policies()`` shrinks to.

    Examples:
        >>> from hypothesis import given
        >>> @given(policy_sets(max_policies=2, fallback=True))
        ... def check(ps):
        ...     assert [p.name for p in ps.policies][:1] == ["p0"] and len(ps.policies) <= 2
        >>> check()
    """
    fn = "policy_sets"
    whole(fn, "max_policies", max_policies, minimum=1, maximum=MOST)
    # Checked here too, so a wrong one names policy_sets, the strategy the user called.
    metrics = names(fn, "metrics", [_metric(fn, m) for m in _listed(fn, "metrics", metrics)])
    whole(fn, "max_hours", max_hours, minimum=1, maximum=_MOST_HOURS)
    flag(fn, "labels", labels)
    catch_all = draw(st.booleans()) if fallback is None else flag(fn, "fallback", fallback)
    strategy(fn, "calendars", calendars)
    # Drawn once for the whole set and shared (see ``_pool``).
    shared = None if calendars is None else st.sampled_from(_pool(draw, calendars, fn))
    chosen = tuple(dict.fromkeys(metrics))
    # Each policy's parts are drawn as one element of a list, so the shrinker deletes a whole
    # policy at once; each policy is then built once, with its final name (and, for the last
    # with ``fallback``, its catch-all condition), not built and rebuilt (``attrs.evolve``).
    members = _members(shared, chosen, _durations(max_hours), labels)
    drawn = draw(st.lists(members, min_size=1, max_size=max_policies))
    if catch_all:
        drawn[-1] = {**drawn[-1], "condition": Always()}
    return PolicySet([SLAPolicy(f"p{i}", **parts) for i, parts in enumerate(drawn)])


def _triggers(business: st.SearchStrategy[bool]) -> st.SearchStrategy[Trigger]:
    # At breach first: the commonest trigger and one choice, so a level shrinks to it. Built
    # with the class, not ``Trigger.after_breach``: Hypothesis prints a failing example as the
    # call that built it, and a bare ``after_breach(...)`` does not paste back as code.
    def delayed(kind: TriggerKind) -> st.SearchStrategy[Trigger]:
        return st.builds(Trigger, st.just(kind), delay=_durations(8), business=business)

    return st.one_of(
        st.just(Trigger.at_breach()),
        st.floats(0.01, 1.0).map(Trigger.at_fraction),
        delayed(TriggerKind.AFTER_BREACH),
        delayed(TriggerKind.AFTER_PREVIOUS),
        delayed(TriggerKind.BEFORE_DUE),
    )


# Made once, for each value of the ``business`` option. Business time (the default of
# ``Trigger`` and ``EscalationLadder``) first, so a shrunk ladder keeps the defaults.
_FLAGS: dict[bool | None, st.SearchStrategy[bool]] = {
    None: st.sampled_from((True, False)),
    True: st.just(True),
    False: st.just(False),
}
_TRIGGERS = {business: _triggers(flags) for business, flags in _FLAGS.items()}
_LEVEL_TARGETS = st.lists(st.sampled_from(["team-lead", "tier-2", "duty-manager"]), max_size=2)
_ACTIONS = st.sampled_from(["notify", "assign"])
_REPEAT_EVERY = _durations(4)
_REPEAT_TIMES = st.integers(1, 5)
_SCOPES = ("last", "ladder")
_REPEAT_SCOPES: dict[str | None, st.SearchStrategy[Any]] = {
    None: st.sampled_from(_SCOPES),
    "last": st.just("last"),
    "ladder": st.just("ladder"),
}


@st.composite
def ladders(
    draw: st.DrawFn,
    *,
    max_levels: int = 5,
    business: bool | None = None,
    repeat_scope: Literal["last", "ladder"] | None = None,
) -> EscalationLadder:
    """Valid [`EscalationLadder`][servicemodel.escalation.EscalationLadder] values.

    Fraction triggers are drawn in non-decreasing order, other triggers anywhere, with an
    optional bounded repeat. Delays and repeats count business time with ``business=True``,
    calendar time with ``business=False``, either by default. ``repeat_scope="ladder"``
    draws only ladders that repeat whole (from the first level), ``"last"`` only ladders
    that repeat their last level or do not repeat; by default, any of these.

    Examples:
        >>> from hypothesis import given
        >>> @given(ladders(max_levels=2))
        ... def check(ladder):
        ...     assert 1 <= len(ladder.levels) <= 2
        >>> check()
    """
    whole("ladders", "max_levels", max_levels, minimum=1, maximum=MOST)
    if business is not None:
        flag("ladders", "business", business)
    if repeat_scope is not None and not any(
        isinstance(repeat_scope, str) and repeat_scope == scope for scope in _SCOPES
    ):
        raise (ConfigError if isinstance(repeat_scope, str) else InputTypeError)(
            f"ladders: repeat_scope must be 'last', 'ladder' or None, got {safe_repr(repeat_scope)}"
        )
    flags = _FLAGS[business]
    triggers = draw(st.lists(_TRIGGERS[business], min_size=1, max_size=max_levels))
    fractions = iter(sorted(t.fraction for t in triggers if t.fraction is not None))
    ordered = [
        Trigger.at_fraction(next(fractions)) if t.fraction is not None else t for t in triggers
    ]
    levels = [
        EscalationLevel(
            f"L{i + 1}",
            trig,
            draw(_LEVEL_TARGETS),
            action=draw(_ACTIONS),
        )
        for i, trig in enumerate(ordered)
    ]
    if repeat_scope == "ladder" or draw(st.booleans()):
        return EscalationLadder(
            levels,
            repeat_every=draw(_REPEAT_EVERY),
            repeat_times=draw(_REPEAT_TIMES),
            repeat_business=draw(flags),
            repeat_scope=draw(_REPEAT_SCOPES[repeat_scope]),
        )
    return EscalationLadder(levels)


def _business(fn: str, business: bool | None) -> bool | None:
    if business is not None:
        flag(fn, "business", business)
    return business


@st.composite
def targets(
    draw: st.DrawFn,
    *,
    metrics: Sequence[Metric] = tuple(Metric),
    calendars: st.SearchStrategy[Any] | None = None,
    max_hours: int = 72,
) -> Target:
    """Valid [`Target`][servicemodel.sla.Target] values, one of ``metrics`` each.

    Drawn as [`policies`][servicemodel.strategies.policies] draws its targets: within up to
    ``max_hours`` (whole quarter hours first), on the policy's calendar (``calendar=None``),
    in calendar time, or on a calendar of its own from ``calendars`` (default: a few fixed
    office calendars). Shrinks towards ``Target(Metric.FIRST_REPLY, timedelta(minutes=15))``.

    Examples:
        >>> from hypothesis import given
        >>> @given(targets(metrics=[Metric.RESOLUTION]))
        ... def check(target):
        ...     assert SLAPolicy("p", {"normal": [target]}).metrics == (Metric.RESOLUTION,)
        >>> check()
    """
    fn = "targets"
    chosen = names(fn, "metrics", [_metric(fn, m) for m in _listed(fn, "metrics", metrics)])
    strategy(fn, "calendars", calendars)
    whole(fn, "max_hours", max_hours, minimum=1, maximum=_MOST_HOURS)
    metric = draw(st.sampled_from(tuple(dict.fromkeys(chosen))))
    within = draw(_durations(max_hours))
    clock = draw(_CLOCKS)
    calendar = None
    if clock == "own":
        calendar = draw(_OFFICE_CALENDARS if calendars is None else calendars)
        if not is_calendar(calendar):
            raise InputTypeError(
                f"{fn}: calendars drew {safe_repr(calendar)}, not a "
                "BusinessCalendar or another calendar (CalendarLike)"
            )
    return Target(metric, within, clock != "calendar", calendar)


def triggers(*, business: bool | None = None) -> st.SearchStrategy[Trigger]:
    """Valid escalation [`Trigger`][servicemodel.escalation.Trigger]s of every kind.

    At breach, at a fraction of the target, or a delay after breach, after the previous level
    or before the due instant; delays count business time with ``business=True``, calendar
    time with ``False``, either by default. Shrinks towards ``Trigger.at_breach()``.

    Examples:
        >>> from hypothesis import given
        >>> @given(triggers(business=False))
        ... def check(trigger):
        ...     assert trigger.delay is None or not trigger.business
        >>> check()
    """
    return _TRIGGERS[_business("triggers", business)]


@st.composite
def levels(draw: st.DrawFn, *, business: bool | None = None) -> EscalationLevel:
    """Valid [`EscalationLevel`][servicemodel.escalation.EscalationLevel]s (a ladder's rungs).

    A name ``L1``..``L5``, a trigger from [`triggers`][servicemodel.strategies.triggers], up
    to two targets and an action (``notify`` or ``assign``). Any level makes a one-level
    ladder; for a ladder of several, use [`ladders`][servicemodel.strategies.ladders], which
    keeps fraction triggers in order.

    Examples:
        >>> from hypothesis import given
        >>> @given(levels())
        ... def check(level):
        ...     assert EscalationLadder([level]).levels == (level,)
        >>> check()
    """
    business = _business("levels", business)
    return EscalationLevel(
        draw(_LEVEL_NAMES),
        draw(_TRIGGERS[business]),
        draw(_LEVEL_TARGETS),
        action=draw(_ACTIONS),
    )


_LEVEL_NAMES = st.sampled_from([f"L{i}" for i in range(1, 6)])


@st.composite
def measurements(
    draw: st.DrawFn,
    *,
    policies: st.SearchStrategy[SLAPolicy | PolicySet] | None = None,
    histories: st.SearchStrategy[TicketHistory] | None = None,
) -> Measurement:
    """[`Measurement`][servicemodel.sla.Measurement]s made the honest way: by ``evaluate``.

    Each example draws a policy (from ``policies``, default
    [`policies()`][servicemodel.strategies.policies]) and a history (from ``histories``, default
    [`histories()`][servicemodel.strategies.histories]), evaluates the one over the other at
    the history's last instant, and draws one of the measurements; its fields therefore
    never contradict each other. A pair that yields none (no clock ran) is drawn again.

    Examples:
        >>> from hypothesis import given
        >>> from servicemodel.kpi import SLAAttainment
        >>> @given(measurements())
        ... def check(m):
        ...     counted = SLAAttainment.empty().add(m)
        ...     assert counted.achieved + counted.breached + counted.active + counted.paused == 1
        >>> check()
    """
    fn = "measurements"
    strategy(fn, "policies", policies)
    strategy(fn, "histories", histories)
    chosen = draw(_DEFAULT_POLICIES if policies is None else policies)
    if not isinstance(chosen, SLAPolicy | PolicySet):
        raise InputTypeError(
            f"{fn}: policies drew {safe_repr(chosen)}, not an SLAPolicy or PolicySet"
        )
    history = draw(_DEFAULT_HISTORIES if histories is None else histories)
    if not isinstance(history, TicketHistory):
        raise InputTypeError(f"{fn}: histories drew {safe_repr(history)}, not a TicketHistory")
    found = evaluate(chosen, history, history.last_event_at)
    # No clock ran (no target at the ticket's priority): Hypothesis draws another example.
    assume(bool(found))
    return draw(st.sampled_from(found))


_DEFAULT_POLICIES = policies()
_DEFAULT_HISTORIES = histories()


# One strategy per kind of condition, the simplest first; a combination holds leaves only.
_LEAVES: dict[type[Condition], st.SearchStrategy[Condition]] = {
    Always: st.builds(Always),
    PriorityIn: st.builds(
        PriorityIn, st.lists(st.sampled_from(list(Priority)), min_size=1, max_size=3, unique=True)
    ),
    ChannelIn: st.builds(
        ChannelIn, st.lists(st.sampled_from(["email", "chat", "phone"]), min_size=1, unique=True)
    ),
    GroupIn: st.builds(
        GroupIn, st.lists(st.sampled_from(["tier-1", "tier-2", "billing"]), min_size=1, unique=True)
    ),
    HasTags: st.builds(
        HasTags,
        st.lists(st.sampled_from(["vip", "bug"]), min_size=1, unique=True),
        require_all=st.booleans(),
    ),
    AttributeIn: st.builds(
        AttributeIn,
        st.sampled_from(["plan", "region"]),
        st.lists(st.sampled_from(["gold", "eu", 1, True]), min_size=1, max_size=2, unique=True),
    ),
}
_ANY_LEAF = st.one_of(list(_LEAVES.values()))
_COMBINED: dict[type[Condition], st.SearchStrategy[Condition]] = {
    Not: st.builds(Not, _ANY_LEAF),
    AllOf: st.builds(AllOf, st.lists(_ANY_LEAF, min_size=1, max_size=3)),
    AnyOf: st.builds(AnyOf, st.lists(_ANY_LEAF, min_size=1, max_size=3)),
}
_CONDITION_KINDS = {**_LEAVES, **_COMBINED}


def conditions(
    *, kinds: Sequence[type[Condition]] = tuple(_CONDITION_KINDS)
) -> st.SearchStrategy[Condition]:
    """Valid SLA [`Condition`][servicemodel.sla.Condition]s of the given ``kinds`` (classes).

    Every kind by default: ``Always``, ``PriorityIn``, ``ChannelIn``, ``GroupIn``,
    ``HasTags``, ``AttributeIn``, and ``Not``, ``AllOf`` and ``AnyOf`` of up to three of those
    (one level deep). Names are drawn from a few fixed ones (``vip``, ``tier-1``, ``plan``), so
    drawn tickets often match. Shrinks towards ``Always()``.

    Examples:
        >>> from hypothesis import given
        >>> @given(conditions(kinds=[PriorityIn, Not]))
        ... def check(condition):
        ...     assert SLAPolicy("p", {}, condition=condition).condition == condition
        >>> check()
    """
    fn = "conditions"
    chosen = names(fn, "kinds", kinds, kind=object, what="condition classes")
    for kind in chosen:
        if kind not in _CONDITION_KINDS:
            known = ", ".join(k.__name__ for k in _CONDITION_KINDS)
            raise (ConfigError if isinstance(kind, type) else InputTypeError)(
                f"{fn}: kinds holds {safe_repr(kind)}; known: {known}"
            )
    return st.one_of([_CONDITION_KINDS[k] for k in dict.fromkeys(chosen)])
