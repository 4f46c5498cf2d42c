"""Private: the checks of the report's document fields and of its public functions' arguments.

A report value built by hand (or changed with ``attrs.evolve``) with a field of the wrong kind
used to be accepted and then fail in a renderer with an ``AttributeError`` far from the cause;
these refuse it at construction, naming the field and the value.

Examples:
    >>> counts_of({"chat": 2}, "by_channel")
    (('chat', 2),)
    >>> counts_of([("chat", "2")], "by_channel")
    Traceback (most recent call last):
    ...
    servicemodel.errors.InputTypeError: by_channel[0]: expected a (name, count) pair, got ('chat', '2')
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._numbers import count_value_up_to, is_bool, type_name
from servicemodel._validators import as_tuple, require_iterable, require_type
from servicemodel.errors import ConfigError, InputTypeError, ScaleError
from servicemodel.kpi._shared import check_fraction, check_level
from servicemodel.model import TicketHistory

__all__ = [
    "count",
    "count_in",
    "counts_of",
    "histories_of",
    "level",
    "members",
    "of",
    "optional",
    "texts",
]

#: The largest count a report holds: far beyond any export, and printable (``str`` of an int
#: past 4,300 digits raises), so a count is always shown as it is.
MAX_COUNT = 2**63 - 1


def count_in(value: Any) -> Any:
    """attrs converter of a report's count: a numpy int or a whole float is the int it holds
    (``count_value``); one past ``MAX_COUNT`` given otherwise than as an int (``1e308``) is
    handed on as given, so that [count][servicemodel.report._checks.count] names it so, not
    as '<int of about 309 digits>' (``count_value_up_to``)."""
    return count_value_up_to(value, MAX_COUNT)


def _is_count(value: Any) -> bool:
    return not is_bool(value) and isinstance(value, int) and 0 <= value <= MAX_COUNT


def count(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: the field is a count (an int from 0 to ``MAX_COUNT``, not a bool).

    With [count_in][servicemodel.report._checks.count_in] as the converter: a numpy int or a
    whole float is the int, and a float past ``MAX_COUNT`` is named as given.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Row:
        ...     tickets: int = attrs.field(converter=count_in, validator=count)
        >>> Row(3.0).tickets
        3
        >>> Row(1e308)
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: tickets: expected a count (a whole number from 0 to 2**63 - 1), got float 1e+308
    """  # noqa: E501
    if not _is_count(value):
        raise InputTypeError(
            f"{attribute.name}: expected a count (a whole number from 0 to 2**63 - 1), got "
            f"{type(value).__name__} {safe_repr(value)}"
        )


def level(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: the field is a confidence level strictly between 0 and 1.

    The library's one rule of a level (kpi's ``check_level``), with the report's message:
    any real number is of the right type, read as the decimal it prints as (with kpi's
    ``level_value`` as the converter, a ``Decimal``, ``Fraction`` or numpy level is stored as
    that float: ``numpy.float32(0.95)`` as 0.95); NaN, an infinity or a number outside (0, 1)
    is a ``ScaleError``, a bool or text an ``InputTypeError``.
    """
    message = f"{attribute.name}: expected a level in (0, 1), got {safe_repr(value)}"
    try:
        number = check_fraction(value, attribute.name)
    except InputTypeError:
        raise InputTypeError(
            f"{attribute.name}: expected a level in (0, 1), got {type_name(value)} "
            f"{safe_repr(value)}"
        ) from None
    except ConfigError:  # the right type, a value not allowed
        raise ScaleError(message) from None
    try:
        check_level(number)
    except ConfigError:  # 1 - 1e-16: 0.5 + level / 2 rounds to 1, which has no quantile
        raise ScaleError(
            f"{message}, too close to 1 for a critical value to exist in floating point"
        ) from None


def optional(kind: type | tuple[type, ...]) -> Any:
    """attrs validator: the field is ``None`` or an instance of ``kind`` (a bool is no int)."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if value is not None:
            require_type(value, kind, attribute.name)

    return check


def of(kind: type | tuple[type, ...]) -> Any:
    """attrs validator: the field is an instance of ``kind`` (a bool is no int)."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        require_type(value, kind, attribute.name)

    return check


def members(value: Any, kind: type | tuple[type, ...], name: str) -> tuple[Any, ...]:
    """``value`` as a tuple whose every member is a ``kind``, else ``InputTypeError``."""
    items = as_tuple(value, name)
    for i, item in enumerate(items):
        require_type(item, kind, f"{name}[{i}]")
    return items


def texts(value: Any, name: str) -> tuple[str, ...]:
    """``value`` as a tuple of texts, else ``InputTypeError``."""
    return members(value, str, name)


def counts_of(value: Any, name: str) -> tuple[tuple[str, int], ...]:
    """``(name, count)`` pairs from a mapping or an iterable of pairs, else ``InputTypeError``."""
    items = tuple(value.items()) if isinstance(value, Mapping) else as_tuple(value, name)
    for i, item in enumerate(items):
        ok = isinstance(item, tuple | list) and len(item) == 2
        if not (ok and isinstance(item[0], str) and _is_count(item[1])):
            raise InputTypeError(
                f"{name}[{i}]: expected a (name, count) pair, got {safe_repr(item)}"
            )
    return tuple((k, n) for k, n in items)


def histories_of(value: Any, name: str = "histories") -> list[TicketHistory]:
    """``value`` as a list of ``TicketHistory``, else ``InputTypeError`` naming the item."""
    items = list(require_iterable(value, name))
    for i, item in enumerate(items):
        if type(item) is not TicketHistory:  # the common case, without isinstance's MRO walk
            require_type(item, TicketHistory, f"{name}[{i}]")
    return items
