"""Private: attrs validators that raise this library's errors, naming the field and the value.

``attrs.validators.instance_of`` raises a bare ``TypeError`` and ``in_`` a bare ``ValueError``
whose message ``repr``s the value (which fails for a 5,000-digit int); user input reaching an
attrs constructor goes through these instead.

Examples:
    >>> import attrs
    >>> @attrs.frozen
    ... class Box:
    ...     size: int = attrs.field(validator=instance_of(int))
    >>> Box("big")
    Traceback (most recent call last):
    ...
    servicemodel.errors.InputTypeError: size: expected int, got str 'big'
"""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar, overload

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, type_name
from servicemodel.errors import ConfigError, InputTypeError, ServiceModelError

__all__ = [
    "check_on_error",
    "in_",
    "instance_of",
    "iso_datetime",
    "iso_stray",
    "mapping_of",
    "members_of",
    "one_or_many",
    "real",
    "require_iterable",
    "require_nonblank",
    "require_type",
]

Validator = Callable[[Any, Any, Any], None]
_FLOAT_MAX = sys.float_info.max
T = TypeVar("T")
_fromiso = datetime.fromisoformat
#: A UTC offset as ``fromisoformat`` reads it and ISO 8601 means it: ``Z``, or hours with
#: minutes and seconds (a fraction after the seconds only, as Python writes an offset with
#: one). Minutes and seconds are under 60: ``fromisoformat`` reads ``+01:60`` as +02:00.
#: A fraction after the hours or the minutes (``+01.5``, ``+0100.5``) is ISO 8601's
#: fraction of an hour or a minute, which ``fromisoformat`` reads as one of a second.
_OFFSET = r"(?:Z|[+-]\d{2}(?::?[0-5]\d(?::?[0-5]\d(?:[.,]\d+)?)?)?)"
#: What ``fromisoformat`` reads as ISO 8601, written out (Python 3.11 docs of
#: ``datetime.fromisoformat``): a date (``2026-03-02``, ``20260302``, ``2026-W10-1``,
#: ``2026W101``), then a separator (no digit, and no sign: ``2026-03-02-05:00`` is a date
#: with an offset, which ``fromisoformat`` reads as the time 05:00) and a time whose
#: fraction, if any, follows its seconds (ISO 8601's fraction of an hour or a minute,
#: ``09,5``, it reads as one of a second), then an offset (``_OFFSET``).
_ISO_TEXT = re.compile(
    r"(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-W\d{2}(?:-\d)?|\d{4}W\d{2}\d?)"
    r"(?:[^\d+-]\d{2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?|\d{2}(?:\d{2}(?:[.,]\d+)?)?)?"
    + _OFFSET
    + r"?)?",
    re.ASCII,
).fullmatch


def _type_names(types: type | tuple[type, ...]) -> str:
    kinds = types if isinstance(types, tuple) else (types,)
    return " or ".join(k.__name__ for k in kinds)


def _got(value: Any, types: type | tuple[type, ...]) -> str:
    """The refused value with its type, as an error shows it after "got".

    numpy's bool is named ``bool`` too, so "expected bool, got bool np.True_" read as nonsense
    for a flag from a frame (``(frame.value > 0).any()``): a numpy type is named as numpy's,
    and a numpy bool where a bool belongs says how to make one.
    """
    hint = " (bool(value) gives a bool)" if types is bool and is_bool(value) else ""
    return f"{type_name(value)} {safe_repr(value)}{hint}"


def instance_of(
    types: type | tuple[type, ...],
    *,
    allow_bool: bool = False,
    optional: bool = False,
    error: type[ServiceModelError] = InputTypeError,
) -> Validator:
    """A validator: the value is an instance of ``types`` (a bool is no int unless allowed).

    ``optional=True`` also accepts ``None``.
    """

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if optional and value is None:
            return
        refused_bool = not allow_bool and types is not bool and is_bool(value)
        if not isinstance(value, types) or refused_bool:
            raise error(
                f"{attribute.name}: expected {_type_names(types)}, got {_got(value, types)}"
            )

    return check


def _nan_not_float(value: Any) -> bool:
    """Whether ``value`` is a NaN other than a Python float's: numpy's or a ``Decimal``'s."""
    if type(value) is float or type(value) is int or value is None or is_bool(value):
        return False
    if isinstance(value, Decimal):
        return value.is_nan()  # the signalling NaN too, which math.isnan refuses
    if not isinstance(value, numbers.Real):  # text, arrays, None: the type check names them
        return False
    try:
        return math.isnan(value)
    except (TypeError, ValueError, OverflowError):  # an int past the float range
        return False


def real(
    *,
    optional: bool = False,
    error: type[ServiceModelError] = InputTypeError,
    value_error: type[ServiceModelError] = ConfigError,
) -> Validator:
    """A validator: the value is an int or float (no bool) that a float can hold.

    ``instance_of((int, float))`` let a 5,000-digit int in, and the first ``float()`` of it
    (a sum, a division) raised ``OverflowError``. A Python float's NaN and infinities pass,
    as floats. Something of another type (text, a bool, a ``Decimal``, a numpy float32 --
    its NaN too) is refused with ``error``; a value of the right type that is not allowed --
    numpy's ``float64`` NaN (a float subclass), an int past the float range -- with
    ``value_error``. Both name the field and the value.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Run:
        ...     warmup: float = attrs.field(validator=real())
        >>> Run(10**400)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: warmup: <int of about 401 digits> is beyond the float range
        >>> import numpy as np
        >>> Run(np.float64("nan"))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: warmup: np.float64(nan) is not a number (NaN)
        >>> Run("10")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: warmup: expected int or float, got str '10'
    """
    kinds = instance_of((int, float), optional=optional, error=error)

    def check(instance: Any, attribute: Any, value: Any) -> None:
        # Before the range check, where numpy's NaN (a float subclass) compared false with
        # both ends and was said to be "beyond the float range"; before the type check, where
        # a float32 or Decimal NaN was named by its type alone.
        if _nan_not_float(value):
            right_type = isinstance(value, int | float)  # numpy's float64 NaN
            raise (value_error if right_type else error)(
                f"{attribute.name}: {safe_repr(value)} is not a number (NaN)"
            )
        kinds(instance, attribute, value)
        if type(value) is float or value is None:
            return
        if not -_FLOAT_MAX <= value <= _FLOAT_MAX:  # an int compares exactly with a float
            raise value_error(f"{attribute.name}: {safe_repr(value)} is beyond the float range")

    return check


def in_(options: Iterable[Any], *, error: type[ServiceModelError] = ConfigError) -> Validator:
    """A validator: the value is one of ``options`` (compared by equality, bools by identity)."""
    allowed = tuple(options)

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        try:
            ok = any(value == o and type(value) is type(o) for o in allowed)
        except Exception:  # an object whose == raises is not one of the options
            ok = False
        if not ok:
            raise error(
                f"{attribute.name}: expected one of {list(allowed)}, got {safe_repr(value)}"
            )

    return check


def one_or_many(
    value: Any, single: type | tuple[type, ...] = str, what: str = "names"
) -> list[Any]:
    """``[value]`` for one ``single`` value, the items of a list (any iterable), else raise.

    A scalar, ``None``, text or a table where a list is expected is a ``ConfigError``.

    Examples:
        >>> one_or_many(5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: expected names (one, or a list), got 5 (int)
    """
    if isinstance(value, single):
        return [value]
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise ConfigError(
            f"expected {what} (one, or a list), got {safe_repr(value)} ({type(value).__name__})"
        )
    return list(value)


def members_of(
    member: type | tuple[type, ...],
    container: type[Iterable[Any]],
    *,
    error: type[ServiceModelError] = InputTypeError,
) -> Validator:
    """A validator: the value is a ``container`` whose every member is a ``member``.

    The library's ``attrs.validators.deep_iterable``: the error names the field and the value.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Days:
        ...     days: frozenset[int] = attrs.field(validator=members_of(int, frozenset))
        >>> Days(frozenset({"mon"}))
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: days: expected int members, got str 'mon'
    """

    # The usual value holds exactly these types (no subclass, no bool unless asked for): one
    # pass of ``type`` in C decides it, where an isinstance per member would cost a curve of
    # thousands of points a millisecond per field. Anything else takes the member-wise check.
    exact = frozenset(member if isinstance(member, tuple) else (member,))

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, container):
            raise error(
                f"{attribute.name}: expected {_type_names(container)}, got "
                f"{type_name(value)} {safe_repr(value)}"
            )
        if exact.issuperset(map(type, value)):
            return
        for item in value:
            if not isinstance(item, member) or (member is not bool and is_bool(item)):
                raise error(
                    f"{attribute.name}: expected {_type_names(member)} members, got "
                    f"{type_name(item)} {safe_repr(item)}"
                )

    return check


def _is_text(key: Any) -> bool:
    return isinstance(key, str)


def mapping_of(
    kinds: type | tuple[type, ...],
    *,
    what: str | None = None,
    keys: Callable[[Any], bool] = _is_text,
    keys_what: str = "names",
    container: type[Mapping[Any, Any]] = Mapping,
    allow_bool: bool = False,
    condition: Callable[[Any], bool] | None = None,
    error: type[ServiceModelError] = InputTypeError,
) -> Validator:
    """A validator: the value is a mapping of names (text) to values of ``kinds``.

    A bool is no value of ``kinds`` unless ``allow_bool``. ``what`` names the values in the
    message (default: the names of ``kinds``). ``keys`` decides which keys are allowed
    (default: text) and ``keys_what`` names them; ``container`` is the mapping type required
    (default any ``Mapping``); ``condition``, if given, must hold for every value too (e.g.
    ``n >= 0``). The error names the field and the first offending key and value.

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Team:
        ...     sizes: dict[str, int] = attrs.field(validator=mapping_of(int))
        >>> Team({"email": 3, 7: 2})
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: sizes: expected names mapped to int, got 7: 2
    """
    shown = _type_names(kinds) if what is None else what
    whole = f"a {container.__name__.lower()} of {keys_what} to {shown}"
    refuse_bool = not allow_bool and kinds is not bool

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, container):
            raise error(
                f"{attribute.name}: expected {whole}, got {type_name(value)} {safe_repr(value)}"
            )
        for key, item in value.items():
            ok = keys(key) and isinstance(item, kinds) and not (refuse_bool and is_bool(item))
            if not ok or (condition is not None and not condition(item)):
                raise error(
                    f"{attribute.name}: expected {keys_what} mapped to {shown}, got "
                    f"{safe_repr(key)}: {safe_repr(item)}"
                )

    return check


@overload
def require_type(value: Any, types: type[T], name: str) -> T: ...
@overload
def require_type(value: Any, types: tuple[type, ...], name: str) -> Any: ...
def require_type(value: Any, types: type | tuple[type, ...], name: str) -> Any:
    """Return ``value`` if it is an instance of ``types``, else raise ``InputTypeError``.

    For arguments of public functions typed with a library class (a history, a report, a
    measurement): another object would fail later with an ``AttributeError`` deep inside.

    Examples:
        >>> require_type("T-1", int, "history")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: history: expected int, got str 'T-1'
    """
    if not isinstance(value, types) or (types is not bool and is_bool(value)):
        raise InputTypeError(f"{name}: expected {_type_names(types)}, got {_got(value, types)}")
    return value


def require_nonblank(value: Any, path: str, what: str = "name") -> str:
    """Return ``value`` if it is text with something besides white space, else ``ConfigError``.

    A blank name (``" "``) names nothing a reader could find, and a file that wrote one is
    refused, so a value holding one could not be written back.

    Examples:
        >>> require_nonblank(" ", "name")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: name: expected a non-blank name, got ' '
    """
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"expected a non-blank {what}, got {safe_repr(value)}", path=path)
    return value


def require_iterable(value: Any, name: str) -> Iterable[Any]:
    """Return ``value`` if it is a collection of items (no text, bytes or mapping), else raise.

    Examples:
        >>> require_iterable(7, "histories")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: histories: expected an iterable of items, got int 7
    """
    if (
        isinstance(value, str | bytes | Mapping)
        or not hasattr(value, "__iter__")
        # A 0-d numpy array has __iter__ but iterating it raises a bare TypeError.
        or getattr(value, "ndim", None) == 0
    ):
        raise InputTypeError(
            f"{name}: expected an iterable of items, got {type_name(value)} {safe_repr(value)}"
        )
    return value  # type: ignore[no-any-return]


def check_on_error(on_error: Any) -> str:
    """Return ``on_error`` if it is ``"raise"`` or ``"collect"``, else raise ``ConfigError``.

    The one check of every loader's ``on_error`` option. Text is tested first: ``in`` compares
    with ``==``, which a numpy array answers with an array (whose truth value raises).

    Examples:
        >>> check_on_error("collect")
        'collect'
        >>> check_on_error(["raise"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: on_error must be 'raise' or 'collect', got ['raise']
    """
    if not isinstance(on_error, str) or on_error not in ("raise", "collect"):
        raise ConfigError(f"on_error must be 'raise' or 'collect', got {safe_repr(on_error)}")
    return on_error


def as_tuple(value: Any, name: str) -> tuple[Any, ...]:
    """``tuple(value)`` for an attrs converter, refusing what is no collection.

    ``converter=tuple`` raised a bare ``TypeError`` for a number, outside any library frame.
    (attrs' mypy plugin needs a named function as converter: each field has a small one.)

    Examples:
        >>> as_tuple([1, 2], "counts")
        (1, 2)
        >>> as_tuple(3, "counts")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: counts: expected an iterable of items, got int 3
    """
    return tuple(require_iterable(value, name))


def as_dict(value: Any, name: str) -> dict[Any, Any]:
    """``dict(value)`` of a mapping or of (key, value) pairs, for an attrs converter; else raise.

    Examples:
        >>> as_dict([("a", 1)], "parts")
        {'a': 1}
        >>> as_dict(0, "parts")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: parts: expected a mapping, got int 0
    """
    try:
        return dict(value)
    except (TypeError, ValueError):
        raise InputTypeError(
            f"{name}: expected a mapping, got {type_name(value)} {safe_repr(value)}"
        ) from None


def iso_datetime(text: str) -> datetime:
    """``datetime.fromisoformat(text)``, refusing what it reads past, with ``ValueError``.

    The one reading of an ISO 8601 text by every reader of one: records, the vendors' exports,
    event logs, help-centre sessions, QA evaluations, journeys, stored SLA verdicts, schedule
    and goal configuration, the command line's ``--at``. CPython's ``fromisoformat`` (its C
    implementation, as in 3.11; gh-130959 and gh-152157 are CPython's reports of its kin)
    skips one character of any kind between a time without a fraction and its offset, and a
    NUL at the end: ``2026-03-02T09:00:00 Z`` and ``2026-03-02T09:00:00\\x00Z`` read as
    09:00 UTC, and ``2026-03-02T09:00:001Z`` as 09:00:00, its last digit dropped. It also
    reads past anything after a fraction's sixth digit (``09:00:00.123456,7Z``), and reads
    a fraction of an hour or a minute as one of a second (``09,5`` as 09:00:00.5, which ISO
    8601 reads as 09:30), in the offset too (``+0100.5`` as +01:00:00.5). It reads an
    offset's minutes or seconds past 59 (``+01:60`` as +02:00), and a sign as the separator
    of a date and a time (``2026-03-02-05:00``, a date with its offset, as 05:00 on that
    day). Each of these is a ``ValueError`` here, as any other text that is no ISO 8601
    timestamp, so that the caller refuses it with its usual message naming the value. An
    offset with seconds, and a fraction of them, is read (``+01:00:30.5``, as Python writes
    such an offset).

    Examples:
        >>> iso_datetime("2026-03-02T09:00:00.5+01:00").isoformat()
        '2026-03-02T09:00:00.500000+01:00'
        >>> iso_datetime("2026-03-02T09:00:00 Z")
        Traceback (most recent call last):
        ...
        ValueError: not an ISO 8601 timestamp: '2026-03-02T09:00:00 Z'
    """
    parsed = _fromiso(text)
    if iso_stray(text, parsed):
        raise ValueError(f"not an ISO 8601 timestamp: {safe_repr(text)}")
    return parsed


def iso_stray(text: str, parsed: datetime) -> bool:
    """Whether ``fromisoformat`` read ``text`` as ``parsed`` past a stray character.

    For the hot paths that call ``fromisoformat`` themselves (see
    [iso_datetime][servicemodel._validators.iso_datetime]): a NUL anywhere; a character
    between a time and its offset (``09:00:00 Z``, ``09:00:001Z``) or after a fraction's
    sixth digit (``09:00:00.123456,7Z``: CPython reads six digits, skips more, then reads
    past anything up to the offset); a fraction of an hour or a minute (``T09,5``, which
    ISO 8601 reads as 09:30, and ``fromisoformat`` as half a second past 09:00), in the
    time or in the offset (``+0100.5``); an offset's minutes or seconds past 59
    (``+01:60``); a sign as the separator of the date and the time (``2026-03-02-05:00``).
    The usual texts are decided in a few steps; every other one by the whole pattern, which
    the few steps agree with (a property test holds them to it).

    Examples:
        >>> text = "2026-03-02T09:00:00\\x00Z"
        >>> iso_stray(text, datetime.fromisoformat(text))
        True
        >>> text = "2026-03-02T09,5+01:00"
        >>> datetime.fromisoformat(text).time(), iso_stray(text, datetime.fromisoformat(text))
        (datetime.time(9, 0, 0, 500000), True)
    """
    if "\x00" in text:
        return True
    size = len(text)
    if size > 19 and text[13] == ":" and text[16] == ":":
        # The usual ``YYYY-MM-DDTHH:MM:SS`` (checked in a few steps: loaders read millions);
        # any other by the whole pattern.
        if text[10] in "+-":  # a sign as the separator: the date's offset read as a time
            return True
        if size == 25 and text[22] == ":" and text[19] in "+-":  # the most usual: +01:00
            return text[23] not in "012345"
        return not _usual(text, size) and _ISO_TEXT(text) is None
    # No offset and no fraction after ``YYYY-MM-DD`` (no week date): only a NUL, or a sign as
    # the separator that follows the date, is read past.
    naive = parsed.tzinfo is None
    if naive and size > 7 and text[7] == "-" and "." not in text and "," not in text:
        return size > 10 and text[10] in "+-"
    return _ISO_TEXT(text) is None


def _usual(text: str, size: int) -> bool:
    """Whether a ``YYYY-MM-DDTHH:MM:SS`` text that ``fromisoformat`` read is one of the usual,
    decided by a few characters: no fraction, or one of three or six digits (Jira's
    ``.000+0100``, Python's ``.123456+00:00``), then the end or ``Z``, ``+01:00``, ``+0100``
    or ``+01`` with minutes under 60 (``fromisoformat`` checked that the offset's other
    characters are digits). ``False`` leaves it to the whole pattern."""
    at = 19  # where the offset starts
    if text[19] in ".,":
        at = 23 if size == 23 or (size > 23 and text[23] in "Z+-") else 0
        if not at:
            at = 26 if size == 26 or (size > 26 and text[26] in "Z+-") else 0
        digits = text[20:at]
        if not (at and digits.isdigit() and digits.isascii()):
            return False
    tail = size - at
    if tail < 2:
        return tail == 0 or text[at] == "Z"
    if text[at] not in "+-":
        return False
    if tail == 6:  # +01:00
        return text[at + 3] == ":" and text[at + 4] in "012345"
    return tail == 3 or (tail == 5 and text[at + 3] in "012345")  # +01, +0100 (not +01.5)
