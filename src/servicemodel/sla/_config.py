"""Private: reading SLA configuration values, through the one config layer.

Every reader here checks one field of a policy file and returns a plain value; the classes'
``from_dict`` methods (``Target``, ``SLAPolicy``, ``PolicySet``) put them together. Tables are
checked with [`fields`][servicemodel._config.fields] (one unknown-key rule), lists with
``as_list``, and errors carry the full path, e.g. ``policies[1].targets.urgent[0].within``.

Examples:
    >>> read_pause(["pending", "on-hold"], path="pause") == {Status.PENDING, Status.ON_HOLD}
    True
    >>> condition_from_dict({"any": [{"tags": "vip"}, {"prio": "high"}]})
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: any[1].prio: unknown key 'prio'; expected one of [...]
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from servicemodel._config import as_list, as_mapping, fields, join, one_of, safe_repr
from servicemodel._validators import one_or_many
from servicemodel.calendar import BusinessCalendar, CalendarLike, CombinedCalendar, ScheduleHistory
from servicemodel.calendar._algebra import MAX_NESTING
from servicemodel.calendar._history import read_since
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import Status
from servicemodel.sla._condition import (
    AllOf,
    Always,
    AnyOf,
    AttributeIn,
    ChannelIn,
    Condition,
    GroupIn,
    HasTags,
    Not,
    PriorityIn,
)
from servicemodel.sla._duration import parse_duration
from servicemodel.sla._measurement import Metric

__all__ = [
    "calendar_from_dict",
    "calendar_ref",
    "calendar_to_dict",
    "is_calendar",
    "require_calendar",
    "condition_from_dict",
    "read_business_time",
    "read_calendars",
    "read_metric",
    "read_name",
    "read_optional_calendar",
    "LABEL_PREFIX",
    "read_pause",
    "read_pause_items",
    "read_pause_labels",
    "read_reopen",
    "read_warn_at",
    "read_within",
]

_TIMES = ("business", "calendar")


def read_metric(value: Any, path: str = "") -> Metric:
    """A [`Metric`][servicemodel.sla.Metric] from its name (case and spaces ignored).

    Examples:
        >>> read_metric(" First_Reply ")
        <Metric.FIRST_REPLY: 'first_reply'>
    """
    if isinstance(value, Metric):
        return value
    try:
        return Metric(str(value).strip().lower())
    except ValueError:
        raise ConfigError(
            f"unknown metric {safe_repr(value)}; expected one of {[m.value for m in Metric]}",
            path=path,
        ) from None


def read_within(value: Any, path: str = "") -> timedelta:
    """A target's positive duration (see ``parse_duration`` for the forms)."""
    return parse_duration(value, path=path)


def read_business_time(value: Any, path: str) -> bool:
    """``time = "business"`` (the default) or ``"calendar"``: whether a clock counts open hours.

    Examples:
        >>> read_business_time("calendar", "time")
        False
    """
    if not one_of(value, _TIMES):
        raise ConfigError(f"expected 'business' or 'calendar', got {safe_repr(value)}", path=path)
    return bool(value == "business")


#: What a calendar may be, as error messages say it.
CALENDAR_KINDS = (
    "a BusinessCalendar or another calendar (CombinedCalendar, ScheduleHistory, or any "
    "CalendarLike: is_always_open, elapsed(a, b), add(t, d))"
)
#: The calendar algebra's operations as a calendar table names them (``union = [a, b]``).
_ALGEBRA = ("union", "intersection", "difference")


def is_calendar(value: Any) -> bool:
    """Whether ``value`` is a calendar an SLA clock can count on (``CalendarLike``).

    A ``BusinessCalendar`` (its fast paths), or anything with ``is_always_open`` and callable
    ``elapsed`` and ``add``: the clocks then ask it those queries and nothing else.

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> office = BusinessCalendar.weekly("UTC", {"mon-fri": "09:00-17:00"})
        >>> is_calendar(office), is_calendar(office | office), is_calendar(BusinessCalendar)
        (True, True, False)
    """
    if type(value) is BusinessCalendar:
        return True
    try:
        return (
            not isinstance(value, type)  # the class itself has the attributes too
            and isinstance(value, CalendarLike)
            and callable(getattr(value, "elapsed", None))
            and callable(getattr(value, "add", None))
        )
    except Exception:  # an attribute that raises (a property): not a calendar to count on
        return False


def require_calendar(value: Any, what: str) -> CalendarLike:
    """``value`` when it is a calendar (``is_calendar``), else an ``InputTypeError`` naming it.

    Examples:
        >>> require_calendar("mon-fri 9-5", "calendar")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: calendar: expected a BusinessCalendar or another calendar (CombinedCalendar, ScheduleHistory, or any CalendarLike: is_always_open, elapsed(a, b), add(t, d)), got str 'mon-fri 9-5'
    """  # noqa: E501
    if not is_calendar(value):
        raise InputTypeError(
            f"{what}: expected {CALENDAR_KINDS}, got {type(value).__name__} {safe_repr(value)}"
        )
    return value  # type: ignore[no-any-return]


def calendar_from_dict(
    value: Any, path: str, calendars: Mapping[str, CalendarLike] | None = None, depth: int = 0
) -> CalendarLike:
    """A calendar read from its config table, with errors under ``path``.

    A ``BusinessCalendar`` table; a table with ``versions`` is a ``ScheduleHistory`` (its
    ``from_dict`` shape); a table with one key ``union``, ``intersection`` or ``difference``
    lists the calendars it combines (tables, or names in ``calendars``).

    Examples:
        >>> calendar_from_dict({"union": [{"tz": "UTC"}]}, "calendars.both")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: calendars.both.union: a union needs at least two calendars, got 1
    """  # noqa: E501
    if isinstance(value, Mapping):
        ops = [op for op in _ALGEBRA if op in value]
        if (ops or "versions" in value) and depth >= MAX_NESTING:
            # Said before reading deeper, so a file nested 10,000 deep is no RecursionError.
            raise ConfigError(
                f"calendars built from calendars may be nested at most {MAX_NESTING} levels deep",
                path=path,
            )
        if ops:
            return _combined_from_dict(value, ops[0], path, calendars, depth + 1)
        if "versions" in value:
            return _history_from_dict(value, path, calendars, depth + 1)
    try:
        return BusinessCalendar.from_dict(value)
    except ConfigError as exc:
        raise exc.at(path) from None


def _combined_from_dict(
    value: Mapping[str, Any],
    op: str,
    path: str,
    calendars: Mapping[str, CalendarLike] | None,
    depth: int,
) -> CombinedCalendar:
    """``{op: [calendar, ...]}``: a ``CombinedCalendar`` of the calendars listed."""
    table = fields(value, path=path, required=(op,), what="a combined calendar")
    here = join(path, op)
    listed = as_list(table[op], here, "a list of calendars")
    operands = [
        calendar_ref(item, calendars, join(here, i), depth) for i, item in enumerate(listed)
    ]
    if op == "difference" and len(operands) != 2:
        raise ConfigError(
            f"a difference takes two calendars (open time, then the time taken out), got "
            f"{len(operands)}",
            path=here,
        )
    if len(operands) < 2:
        raise ConfigError(f"a {op} needs at least two calendars, got {len(operands)}", path=here)
    for i, o in enumerate(operands):
        if o is None:
            raise ConfigError(
                "expected a calendar table or a calendar name, got None", path=join(here, i)
            )
    try:
        return CombinedCalendar(op, operands)  # type: ignore[arg-type]
    except InputTypeError as exc:  # nested too deep through names defined above
        raise ConfigError(str(exc), path=here) from None


def _history_from_dict(
    value: Mapping[str, Any], path: str, calendars: Mapping[str, CalendarLike] | None, depth: int
) -> ScheduleHistory:
    """``{"versions": [{"since", "calendar"}, ...]}``: ``ScheduleHistory.from_dict``'s shape,
    whose versions may be any calendar table (a combination too) or a name in ``calendars``."""
    table = fields(value, path=path, required=("versions",), what="a schedule history")
    here = join(path, "versions")
    out: list[tuple[datetime | None, CalendarLike]] = []
    for i, item in enumerate(as_list(table["versions"], here)):
        at = join(here, i)
        version = fields(item, path=at, required=("calendar",), optional=("since",))
        since = read_since(version.get("since"), join(at, "since"), first=i == 0)
        cal = calendar_ref(version["calendar"], calendars, join(at, "calendar"), depth)
        if cal is None:
            raise ConfigError(
                "expected a calendar table or a calendar name, got None", path=join(at, "calendar")
            )
        before = out[-1][0] if out else None
        if since is not None and before is not None and since <= before:
            raise ConfigError(
                f"{since.isoformat()} is not after the version before", path=join(at, "since")
            )
        out.append((since, cal))
    if not out:
        raise ConfigError("a schedule history needs at least one version", path=here)
    try:
        return ScheduleHistory(out)
    except InputTypeError as exc:  # nested too deep through names defined above
        raise ConfigError(str(exc), path=here) from None


def calendar_to_dict(cal: CalendarLike, what: str) -> dict[str, Any]:
    """``cal`` in the shape ``calendar_from_dict`` reads; an ``InputTypeError`` naming ``what``
    and the calendar for one that has no such shape (a calendar class of your own).

    Examples:
        >>> from servicemodel.calendar import BusinessCalendar
        >>> a = BusinessCalendar.weekly("UTC", {"mon": "09:00-17:00"})
        >>> calendar_from_dict(calendar_to_dict(a | a, "calendar"), "calendar") == a | a
        True
    """
    if isinstance(cal, BusinessCalendar):
        return cal.to_dict()
    if isinstance(cal, CombinedCalendar):
        here = join(what, cal.op)
        return {cal.op: [calendar_to_dict(o, join(here, i)) for i, o in enumerate(cal.operands)]}
    if isinstance(cal, ScheduleHistory):
        here = join(what, "versions")
        versions: list[dict[str, Any]] = []
        for i, (since, version) in enumerate(cal.versions):
            entry: dict[str, Any] = {"calendar": calendar_to_dict(version, join(here, i))}
            if since is not None:
                entry["since"] = since.isoformat()
            versions.append(entry)
        return {"versions": versions}
    raise InputTypeError(
        f"{what}: this calendar has no dict form (only a BusinessCalendar, and combinations "
        f"and schedule histories of such calendars, have one), got "
        f"{type(cal).__name__} {safe_repr(cal)}"
    )


def read_optional_calendar(value: Any) -> CalendarLike | None:
    """A calendar, a calendar mapping, or ``None`` (the converter of ``Target.calendar``)."""
    if value is None or is_calendar(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, Mapping):
        return calendar_from_dict(value, "")
    raise InputTypeError(
        f"calendar: expected {CALENDAR_KINDS} or a mapping, got {type(value).__name__} "
        f"{safe_repr(value)}"
    )


def calendar_ref(
    value: Any, calendars: Mapping[str, CalendarLike] | None, path: str, depth: int = 0
) -> CalendarLike | None:
    """A calendar given inline, or by its name in the set's ``calendars`` table.

    Examples:
        >>> calendar_ref("office", {}, "policies[0].calendar")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: policies[0].calendar: unknown calendar 'office'; defined calendars: []
    """  # noqa: E501
    if value is None or is_calendar(value):
        return value  # type: ignore[no-any-return]
    if isinstance(value, str):
        if calendars is None or value not in calendars:
            known = sorted(calendars) if calendars else []
            raise ConfigError(
                f"unknown calendar {safe_repr(value)}; defined calendars: {known}", path=path
            )
        return calendars[value]
    if isinstance(value, Mapping):
        return calendar_from_dict(value, path, calendars, depth)
    raise ConfigError(
        f"expected a calendar mapping or a calendar name, got {safe_repr(value)}", path=path
    )


def read_calendars(value: Any, path: str) -> dict[str, CalendarLike]:
    """The set's ``calendars`` table: ``{name: calendar}``.

    A combined calendar may name the calendars defined above it in the table.
    """
    table = as_mapping(value, path, "a table of name to calendar")
    out: dict[str, CalendarLike] = {}
    for name, cal in table.items():
        try:
            out[name] = calendar_from_dict(cal, join(path, name), out)
        except ConfigError as exc:
            if exc.message.startswith(f"unknown calendar {safe_repr(name)};"):
                raise ConfigError(
                    f"calendar {safe_repr(name)} names itself; a combined calendar names only "
                    "the calendars defined above it",
                    path=exc.path,
                ) from None
            below = [n for n in table if n not in out and n != name]
            for n in below:
                if exc.message.startswith(f"unknown calendar {safe_repr(n)};"):
                    raise ConfigError(
                        f"calendar {safe_repr(n)} is defined below this one; a combined "
                        f"calendar names only the calendars defined above it",
                        path=exc.path,
                    ) from None
            raise
    return out


#: How a policy file's ``pause`` list names a source's own status (a ``StatusChange.label``).
LABEL_PREFIX = "label:"


def read_pause(value: Any, path: str = "") -> frozenset[Status]:
    """The statuses that pause a policy's clocks (never a resolved one).

    Examples:
        >>> read_pause(["solved"], path="pause")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: pause[0]: 'solved' cannot pause a clock: resolving stops clocks
    """  # noqa: E501
    statuses, labels = read_pause_items(value, path)
    if labels:
        first = sorted(labels)[0]
        raise ConfigError(
            f"{safe_repr(LABEL_PREFIX + first)} is a source label: pass it in pause_labels "
            f"(pause_labels=[{first!r}])",
            path=path,
        )
    return statuses


def read_pause_items(value: Any, path: str = "") -> tuple[frozenset[Status], frozenset[str]]:
    """A policy file's ``pause`` list: our statuses, and source labels written ``label:NAME``.

    A label is a helpdesk's own status name (``StatusChange.label``), matched exactly; the
    prefix keeps a misspelt status from passing silently as a label that never matches.

    Examples:
        >>> read_pause_items(["pending", "label:Awaiting Vendor"], path="pause")
        (frozenset({<Status.PENDING: 'pending'>}), frozenset({'Awaiting Vendor'}))
        >>> read_pause_items(["pendng"], path="pause")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: pause[0]: unknown status 'pendng'; expected one of [...
    """
    try:
        items = one_or_many(value, str, "statuses")
    except ConfigError as exc:
        raise exc.at(path) from None
    out: set[Status] = set()
    labels: set[str] = set()
    for i, item in enumerate(items):
        text = _text_item(item, join(path, i))
        if text.startswith(LABEL_PREFIX):
            labels.add(_label(text.removeprefix(LABEL_PREFIX), join(path, i)))
            continue
        try:
            status = Status(text.strip().lower().replace("-", "_").replace(" ", "_"))
        except ValueError:
            raise ConfigError(
                f"unknown status {safe_repr(item)}; expected one of {[s.value for s in Status]} "
                f"(a source's own status name is written '{LABEL_PREFIX}NAME')",
                path=join(path, i),
            ) from None
        if status.is_resolved:
            raise ConfigError(
                f"{status.value!r} cannot pause a clock: resolving stops clocks",
                path=join(path, i),
            )
        out.add(status)
    return frozenset(out), frozenset(labels)


def read_pause_labels(value: Any, path: str = "") -> frozenset[str]:
    """Source labels (``StatusChange.label`` values) that pause a policy's clocks.

    Examples:
        >>> sorted(read_pause_labels(["Awaiting Vendor", "label:On Site Visit"]))
        ['Awaiting Vendor', 'On Site Visit']
    """
    try:
        items = one_or_many(value, str, "source status labels")
    except ConfigError as exc:
        raise exc.at(path) from None
    return frozenset(
        _label(_text_item(item, join(path, i)).removeprefix(LABEL_PREFIX), join(path, i))
        for i, item in enumerate(items)
    )


def _text_item(item: Any, path: str) -> str:
    """``item`` if it is text (a status or label name), else a ``ConfigError`` at ``path``.

    ``str()`` of anything else named no status, made ``None`` a label ``'None'``, and raised
    for a 5,000-digit int (ValueError) or a deeply nested list (RecursionError).
    """
    if not isinstance(item, str):
        raise ConfigError(
            f"expected a status or label name (text), got {type(item).__name__} {safe_repr(item)}",
            path=path,
        )
    return item


def _label(text: str, path: str) -> str:
    if not text.strip():
        raise ConfigError(f"empty source label {safe_repr(text)}", path=path)
    return text


def read_warn_at(value: Any, path: str = "") -> tuple[float, ...]:
    """Warning thresholds: fractions in (0, 1), sorted, without repeats.

    Examples:
        >>> read_warn_at([0.75, 0.5, 0.75])
        (0.5, 0.75)
    """
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise ConfigError(
            f"expected a list of fractions, got {safe_repr(value)} ({type(value).__name__})",
            path=path,
        )
    items = tuple(value)
    for i, f in enumerate(items):
        if isinstance(f, bool) or not isinstance(f, int | float) or not 0 < f < 1:
            # 75 for 75 %: the usual slip (OTRS states its notifications in percent).
            hint = ""
            if not isinstance(f, bool) and isinstance(f, int | float) and 2 <= f < 100:
                hint = f" (for {f:g} %, write {f / 100:g})"
            raise ConfigError(
                f"a warning threshold is a fraction in (0, 1), got {safe_repr(f)}{hint}",
                path=join(path, i),
            )
    return tuple(sorted(float(f) for f in set(items)))


def read_reopen(value: Any, path: str = "") -> str:
    """Which resolution a reopened ticket's clocks measure: ``"first"`` or ``"final"``."""
    if not one_of(value, ("first", "final")):
        raise ConfigError(f"expected 'first' or 'final', got {safe_repr(value)}", path=path)
    return str(value)


def read_automated(value: Any, path: str = "") -> str:
    """Whether automated replies stop reply clocks: ``"count"`` or ``"ignore"``."""
    if not one_of(value, ("count", "ignore")):
        raise ConfigError(f"expected 'count' or 'ignore', got {safe_repr(value)}", path=path)
    return str(value)


def read_name(value: Any, path: str = "") -> str:
    """A policy's non-empty name."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"a policy needs a non-empty name, got {safe_repr(value)}", path=path)
    return value


# --- conditions ------------------------------------------------------------------------------

_CONDITION_KEYS = (
    "priority",
    "channel",
    "group",
    "tags",
    "tags_all",
    "attributes",
    "all",
    "any",
    "not",
)


#: The deepest nesting of ``all``/``any``/``not`` a condition may have: real conditions are a
#: few levels deep; the limit keeps a hostile one from exhausting Python's recursion.
MAX_CONDITION_DEPTH = 50


def condition_from_dict(data: Any, path: str = "", *, _depth: int = 0) -> Condition:
    """Read a condition from config: keys of one mapping must all hold.

    Keys: ``priority``, ``channel``, ``group``, ``tags`` (any of), ``tags_all``,
    ``attributes`` (``{name: value or [values]}``), ``all`` / ``any`` (lists of conditions),
    ``not`` (a condition). A name or a list of names is accepted where names are expected.
    An empty mapping (or ``None``) matches every ticket. Errors carry the field path.
    Conditions nest at most ``MAX_CONDITION_DEPTH`` (50) levels.

    Examples:
        >>> condition_from_dict({"priority": ["urgent", "high"], "not": {"channel": "phone"}})
        AllOf(conditions=(PriorityIn(priorities=(<Priority.HIGH: 'high'>, ...)), Not(...)))
        >>> condition_from_dict({"any": [{"tags": "vip"}, {"prio": "high"}]})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: any[1].prio: unknown key 'prio'; expected one of [...]
    """
    if data is None:
        return Always()
    if isinstance(data, Condition):
        return data
    if _depth > MAX_CONDITION_DEPTH:
        raise ConfigError(
            f"condition nested more than {MAX_CONDITION_DEPTH} levels deep", path=path
        )
    table = fields(data, path=path, optional=_CONDITION_KEYS, what="a condition table")
    parts: list[Condition] = []
    for key, value in table.items():
        parts.extend(_condition_part(key, value, join(path, key), _depth + 1))
    if not parts:
        return Always()
    return parts[0] if len(parts) == 1 else AllOf(parts)


def _condition_part(key: str, value: Any, path: str, depth: int) -> list[Condition]:
    """The conditions one key of a condition table stands for."""
    if key == "attributes":
        return _attribute_conditions(value, path)
    if key in ("all", "any"):
        items = as_list(value, path, "a list of conditions")
        subs = [
            condition_from_dict(item, join(path, i), _depth=depth) for i, item in enumerate(items)
        ]
        return [AllOf(subs) if key == "all" else AnyOf(subs)]
    if key == "not":
        return [Not(condition_from_dict(value, path, _depth=depth))]
    try:
        if key == "priority":
            return [PriorityIn(value)]
        if key == "channel":
            return [ChannelIn(value)]
        if key == "group":
            return [GroupIn(value)]
        return [HasTags(value, require_all=key == "tags_all")]
    except ConfigError as exc:
        raise exc.at(path) from None


def _attribute_conditions(value: Any, path: str) -> list[Condition]:
    table = as_mapping(value, path, "a table of attribute name to values")
    out: list[Condition] = []
    for name, values in table.items():
        try:
            out.append(AttributeIn(name, values))
        except ConfigError as exc:
            raise exc.at(join(path, name)) from None
    return out
