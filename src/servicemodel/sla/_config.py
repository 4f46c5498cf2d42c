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
from datetime import timedelta
from typing import Any

from servicemodel._config import as_list, as_mapping, fields, join, one_of, safe_repr
from servicemodel._numbers import percent_hint, plain_number
from servicemodel._validators import one_or_many
from servicemodel.calendar import CalendarLike
from servicemodel.calendar._shared import (
    CALENDAR_KINDS,
    calendar_from_dict,
    calendar_ref,
    calendar_to_dict,
    is_calendar,
)
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import Status
from servicemodel.sla._condition import (
    MAX_NESTING,
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
    "CALENDAR_KINDS",
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
        raise ConfigError(f"expected a non-blank source label, got {safe_repr(text)}", path=path)
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
    # A numpy number (an array of thresholds) is the number it holds.
    items = tuple(map(plain_number, value))
    for i, f in enumerate(items):
        if isinstance(f, bool) or not isinstance(f, int | float) or not 0 < f < 1:
            # 75 for 75 %: the usual slip (OTRS states its notifications in percent).
            hint = ""
            if not isinstance(f, bool) and isinstance(f, int | float):
                hint = percent_hint(f, hundred=False)
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
    """A policy's name: text that is not blank and holds no NUL (a name nobody could type or
    find, which a report printed and a state stored as it came)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"a policy needs a non-blank name, got {safe_repr(value)}", path=path)
    if "\x00" in value:
        raise ConfigError(f"a policy name cannot hold a NUL, got {safe_repr(value)}", path=path)
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
#: few levels deep; the limit keeps a hostile one from exhausting Python's recursion. It is
#: the bound on conditions built in code (``MAX_NESTING``), so that every condition a policy
#: holds reads back from its ``to_dict`` (a table of one key per level).
MAX_CONDITION_DEPTH = MAX_NESTING


def condition_from_dict(data: Any, path: str = "", *, _depth: int = 0) -> Condition:
    """Read a condition from config: keys of one mapping must all hold.

    Keys: ``priority``, ``channel``, ``group``, ``tags`` (any of), ``tags_all``,
    ``attributes`` (``{name: value or [values]}``), ``all`` / ``any`` (lists of conditions),
    ``not`` (a condition). A name or a list of names is accepted where names are expected.
    An empty mapping (or ``None``) matches every ticket. Errors carry the field path.
    Conditions nest at most ``MAX_CONDITION_DEPTH`` (200) levels.

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
        if key == "any" and not items:
            # "At least one of none" never holds: the policy would silently apply to no ticket,
            # where an admin migrating from Zendesk expects an empty "any" block to restrict
            # nothing. Refuse it rather than guess which was meant.
            raise ConfigError(
                "an empty 'any' list matches no ticket, so the policy would never apply; "
                "list at least one condition, or remove 'any' to match every ticket",
                path=path,
            )
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
        if isinstance(name, str) and "\x00" in name:  # (a path through it would hide it)
            raise ConfigError(
                f"an attribute name cannot hold a NUL, got {safe_repr(name)}", path=path
            )
        try:
            out.append(AttributeIn(name, values))
        except ConfigError as exc:
            raise exc.at(join(path, name)) from None
    return out
