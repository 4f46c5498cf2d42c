"""Private: the one numeric intake for scores, durations, levels, counts and staffing inputs.

Every user number reaches a float through [real_number][servicemodel._numbers.real_number]:
ints, floats, ``Decimal``, ``Fraction`` and numpy scalars are accepted; bools (Python's and
``numpy.bool_``), NaN (quiet or signalling), infinities, ``NaT`` and ints beyond the float range
are refused with a ``ServiceModelError`` subclass whose message shows the value through
``safe_repr`` (so a 5,000-digit int or a deeply nested list cannot break the message itself).
Counts go through [as_count][servicemodel._numbers.as_count]: ints, numpy ints, whole floats
such as 3.0 and whole ``Fraction``s and ``Decimal``s read as ints, by
[whole_number][servicemodel._numbers.whole_number]. A stored count
field reads its value by the same rule ([count_value][servicemodel._numbers.count_value] as its
converter, [count_field][servicemodel._numbers.count_field] as its validator) and holds a Python
int; [check_count][servicemodel._numbers.check_count] checks a value already held (a Python int
only).

Examples:
    >>> from decimal import Decimal
    >>> real_number(Decimal("2.5"), "score")
    2.5
    >>> real_number(10**400, "aht")
    Traceback (most recent call last):
    ...
    servicemodel.errors.ScaleError: aht: <int of about 401 digits> is too large (beyond the float range)
"""  # noqa: E501

from __future__ import annotations

import math
import numbers
import operator
import random
import sys
from decimal import Decimal
from typing import Any, cast

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, ScaleError, ServiceModelError

__all__ = [
    "as_count",
    "check_count",
    "column_hint",
    "count_field",
    "count_value",
    "count_value_up_to",
    "digits_order",
    "integral",
    "is_bool",
    "is_past_as_given",
    "level_percent",
    "number_type",
    "percent_hint",
    "plain_number",
    "read_seed",
    "real_number",
    "seeded_random",
    "two_decimals",
    "type_name",
    "whole_number",
    "whole_value",
]


def is_bool(value: Any) -> bool:
    """Whether ``value`` is a bool: Python's ``bool`` or numpy's ``bool_`` (which is no int).

    Examples:
        >>> is_bool(True), is_bool(1)
        (True, False)
    """
    if isinstance(value, bool):
        return True
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in ("bool_", "bool")


def _numpy_time(value: Any) -> bool:
    kind = type(value)
    return kind.__module__ == "numpy" and kind.__name__ in ("timedelta64", "datetime64")


def real_number(
    value: Any,
    what: str,
    *,
    error: type[ServiceModelError] = ScaleError,
    type_error: type[ServiceModelError] = InputTypeError,
    finite: bool = True,
) -> float:
    """Return ``value`` as a finite float, or raise naming ``what`` and the value.

    ``type_error`` is raised for something that is not a number at all (a string, a list, an
    array, a numpy time), ``error`` for a number that cannot be used (a bool, NaN, an infinity,
    an int or ``Fraction`` beyond the float range). ``finite=False`` returns NaN and
    infinities as floats instead, for callers whose own range check names the field.

    Examples:
        >>> real_number(float("nan"), "CSAT score")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ScaleError: CSAT score: NaN (nan) is not a number
    """
    if is_bool(value):
        raise error(f"{what}: a bool is not a number, got {safe_repr(value)}")
    out = _to_float(value, what, error, type_error)
    if not finite:
        return out
    if math.isnan(out):
        raise error(f"{what}: NaN ({safe_repr(value)}) is not a number")
    if not math.isfinite(out):
        raise error(f"{what}: {safe_repr(value)} is not a finite number")
    return out


def _to_float(
    value: Any, what: str, error: type[ServiceModelError], type_error: type[ServiceModelError]
) -> float:
    """``float(value)`` for anything numeric (NaN for a Decimal NaN), else ``type_error``."""
    if isinstance(value, float):
        return float(value)  # numpy.float64 is a float subclass: hand on a plain float
    # A column is no number, even of one row: float() of a one-element pandas Series gave
    # its value (with a FutureWarning), so a Series passed for a number was read silently.
    column = getattr(value, "ndim", 0) != 0
    if (
        column
        or _numpy_time(value)
        or isinstance(value, str | bytes)
        or not hasattr(value, "__float__")
    ):
        raise type_error(f"{what}: expected a number, got {type_name(value)} {safe_repr(value)}")
    try:
        return float(value)
    except OverflowError:
        raise error(f"{what}: {safe_repr(value)} is too large (beyond the float range)") from None
    except (TypeError, ValueError):
        # Decimal('sNaN') refuses float(); a 2-element array refuses it too.
        if _is_nan_like(value):
            return math.nan
        raise type_error(
            f"{what}: expected a number, got {type_name(value)} {safe_repr(value)}"
        ) from None


def _is_nan_like(value: Any) -> bool:
    is_nan = getattr(value, "is_nan", None)  # Decimal, including the signalling NaN
    try:
        return bool(is_nan()) if callable(is_nan) else False
    except Exception:  # a foreign is_nan with another signature: not a Decimal
        return False


def plain_number(value: Any) -> Any:
    """A numpy number as the Python int or float it holds, anything else as it is.

    For the readers that check ``int | float`` themselves, with their own messages: a figure
    from a frame (``frame["calls"].sum()`` is a ``numpy.int64``, a float32 column's mean a
    ``numpy.float32``) is the number it holds there. numpy's bool and its times
    (``timedelta64``, an integer to numpy) are left as they are, to be refused.

    Examples:
        >>> import numpy as np
        >>> plain_number(np.int64(3)), plain_number(np.float32(0.5)), plain_number(np.True_)
        (3, 0.5, np.True_)
    """
    if not _numpy_number(value):
        return value
    return int(value) if isinstance(value, numbers.Integral) else float(value)


def _numpy_number(value: Any) -> bool:
    return (
        type(value).__module__ == "numpy"
        and isinstance(value, numbers.Real)
        and not is_bool(value)
        and not _numpy_time(value)
    )


def integral(value: Any) -> int | None:
    """``value`` as a Python int if it is an int or an integral numpy scalar, else ``None``.

    The one reading of a whole number given as an argument (a count from a frame's column
    arrives as ``numpy.int64``): ``operator.index`` takes ints and numpy ints but no float
    (not even 3.0), text, numpy time or array of several values; a bool (Python's or numpy's)
    is no whole number here.

    Examples:
        >>> integral(3), integral(3.0), integral(True), integral("3")
        (3, None, None, None)
    """
    if is_bool(value):
        return None
    try:
        return operator.index(value)
    except TypeError:
        return None


def whole_number(value: Any, name: str) -> int:
    """Return a whole-number argument as a Python int, else raise naming it and the value.

    The one reading of a count (or a number of agents) given to a public function: an int, an
    integral numpy scalar, or a real number holding a whole value -- ``3.0``, ``numpy.float64``
    from a DataFrame's column (pandas gives a column of counts with a gap as floats), a
    ``Fraction`` such as ``6/2``, a ``Decimal`` such as ``Decimal("3.0")`` (a ``Fraction`` or a
    ``Decimal`` within the float range, as a float is). A number of the right type that holds
    no whole value -- NaN, an infinity, ``3.5`` (as a float, a ``Fraction`` or a ``Decimal``), one
    past the float range -- is a ``ConfigError``; a bool, text, a numpy time or anything else
    that is no real number is an ``InputTypeError``. Both name ``name`` and the value. The range
    is the caller's to check.

    Examples:
        >>> import numpy as np
        >>> from decimal import Decimal
        >>> whole_number(np.float64(12.0), "n"), whole_number(Decimal("7.0"), "n")
        (12, 7)
        >>> whole_number(3.5, "successes")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: successes must be a whole number, got float 3.5
        >>> whole_number(True, "successes")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: successes must be a whole number, got bool True
    """
    if not is_bool(value):
        whole = integral(value)
        if whole is not None:
            return whole
        if isinstance(value, Decimal):  # no numbers.Real: a Decimal is read on its own
            # is_finite first: comparing a signalling NaN raises. Past the float range, a
            # Decimal is refused as a Fraction is (int() of Decimal("1e999999") is no count).
            finite = value.is_finite() and value.copy_abs() <= _DECIMAL_MAX
            if finite and value == value.to_integral_value():
                return int(value)
        elif isinstance(value, numbers.Real) and not _numpy_time(value):
            try:
                # math.floor is exact for numpy floats and Fractions too (their __floor__).
                floor = math.floor(cast(float, value)) if math.isfinite(value) else None
                if floor is not None and value == floor:
                    return floor
            except (OverflowError, TypeError, ValueError):  # a Fraction beyond the float range
                pass
    error = ConfigError if number_type(value) else InputTypeError
    raise error(f"{name} must be a whole number, got {type_name(value)} {safe_repr(value)}")


def number_type(value: Any) -> bool:
    """Whether ``value`` is of a type a count or a whole number is read from: a real number.

    An int, a float, a ``Fraction``, a ``Decimal`` or a numpy int or float is of the right
    type, whatever it holds (a count of -1, 2.5 or NaN is then a ``ConfigError``); a bool
    (Python's or numpy's), text, a numpy time or a column is not (an ``InputTypeError``).

    Examples:
        >>> import numpy as np
        >>> number_type(-1), number_type(float("nan")), number_type(np.int64(2))
        (True, True, True)
        >>> number_type(True), number_type("3"), number_type(np.timedelta64(3, "s"))
        (False, False, False)
    """
    if is_bool(value) or _numpy_time(value) or getattr(value, "ndim", 0) != 0:
        return False
    return isinstance(value, numbers.Real | Decimal)


def whole_value(value: Any) -> Any:
    """attrs converter of a stored whole-number field (a scale's end): the int it holds.

    Read by [whole_number][servicemodel._numbers.whole_number], as counts and numbers of
    agents are: ``numpy.int64(7)`` and ``7.0`` are stored as ``7``. Anything else is handed on
    as it is, for the field's validator to refuse naming the field.

    Examples:
        >>> import numpy as np
        >>> whole_value(np.int16(-2)), whole_value(7.0), whole_value(7.5), whole_value(True)
        (-2, 7, 7.5, True)
    """
    if type(value) is int:
        return value
    try:
        return whole_number(value, "whole number")
    except (ConfigError, InputTypeError):
        return value


def as_count(value: Any, name: str) -> int:
    """Return a count argument (a whole number >= 0) as a Python int, else raise naming it.

    Read by [whole_number][servicemodel._numbers.whole_number]: numpy ints, whole floats
    (``12.0`` from a DataFrame) and whole ``Fraction``s and ``Decimal``s are counts. A number
    that is no count (negative, NaN, ``2.5``) is a ``ConfigError``, a bool or text an
    ``InputTypeError``, with one message naming the argument and the value.

    Examples:
        >>> import numpy as np
        >>> as_count(np.int64(7), "n"), as_count(7.0, "n")
        (7, 7)
        >>> as_count(-1, "n")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: n must be a count (a whole number >= 0), got int -1
        >>> as_count("3", "n")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: n must be a count (a whole number >= 0), got str '3'
    """
    try:
        whole = whole_number(value, name)
    except (ConfigError, InputTypeError):
        whole = -1
    if whole < 0:
        raise _count_error(value)(_not_a_count(name, value))
    return whole


def check_count(value: Any, name: str) -> int:
    """Return ``value`` if it is a count held as an int, else raise naming it and the value.

    For a value already held (read by [as_count][servicemodel._numbers.as_count] when it was
    given): an int >= 0, not a bool. The message is the one of every count argument, and so
    is the error: a number that is no count (a negative int, 2.5) is a ``ConfigError``, a bool
    or anything else an ``InputTypeError``.

    Examples:
        >>> check_count(True, "missing")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: missing must be a count (a whole number >= 0), got bool True
    """  # noqa: E501
    if is_bool(value) or not isinstance(value, int) or value < 0:
        raise _count_error(value)(_not_a_count(name, value))
    return value


def _count_error(value: Any) -> type[ServiceModelError]:
    """The error of a value that is no count: ``ConfigError`` for a number, else a type error."""
    return ConfigError if number_type(value) else InputTypeError


def _not_a_count(name: str, value: Any) -> str:
    """The one refusal of a count, naming it and the value."""
    return (
        f"{name} must be a count (a whole number >= 0), got {type_name(value)} {safe_repr(value)}"
    )


def count_value(value: Any) -> Any:
    """attrs converter of a stored count field: a count as the Python int it holds.

    The field reads its value as every count argument is read
    ([as_count][servicemodel._numbers.as_count]): ``numpy.int64(5)`` (a frame's column),
    ``5.0`` (a column of counts with a gap) and ``Decimal("5")`` are stored as ``5``. Anything
    else is handed on
    as it is, for the field's validator ([count_field][servicemodel._numbers.count_field]) to
    refuse naming the field (a converter is not told the field's name).

    Examples:
        >>> import numpy as np
        >>> count_value(np.int64(5)), count_value(5.0), count_value(2.5), count_value(True)
        (5, 5, 2.5, True)
    """
    if type(value) is int:
        return value  # the common case, without the checks
    try:
        return as_count(value, "count")
    except (ConfigError, InputTypeError):
        return value


def is_past_as_given(value: Any, whole: Any, most: int) -> bool:
    """Whether ``whole``, the int a count ``value`` was read as, is past ``most`` while
    ``value`` was given otherwise than as an int: a refusal must then name ``value`` as given.

    Read as a whole number, a float of ``1e308`` is an int of 309 digits, which a message
    shows as ``'<int of about 309 digits>'``: the caller refuses it naming ``value`` instead
    (``f"{type_name(value)} {safe_repr(value)}"``: ``float 1e+308``). An int, a numpy int or
    a value not read as an int (``whole`` is not one) is no such case.

    Examples:
        >>> is_past_as_given(1e308, int(1e308), 10**6), is_past_as_given(10**400, 10**400, 10**6)
        (True, False)
        >>> is_past_as_given(5.0, 5, 10**6)
        False
    """
    return type(whole) is int and whole > most and integral(value) is None


def count_value_up_to(value: Any, most: int) -> Any:
    """attrs converter body of a stored count field that holds at most ``most``.

    As [count_value][servicemodel._numbers.count_value], except that a count past ``most``
    given otherwise than as an int (``1e308``, ``Decimal("1e400")``) is handed on as given
    ([is_past_as_given][servicemodel._numbers.is_past_as_given]): the field's validator
    then refuses it named as given (``float 1e+308``), not as the int it reads as
    (``<int of about 309 digits>``). The field's converter is a named function calling it
    (``def count_in(value): return count_value_up_to(value, MAX_COUNT)``), which the attrs
    plugin of mypy reads.

    Examples:
        >>> count_value_up_to(7.0, 10), count_value_up_to(1e308, 10), count_value_up_to(10**20, 10)
        (7, 1e+308, 100000000000000000000)
    """
    count = count_value(value)
    return value if is_past_as_given(value, count, most) else count


def count_field(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: the field holds a count (an int >= 0, not a bool), named in the error.

    After [count_value][servicemodel._numbers.count_value] as the field's converter, only what
    is no count reaches here unconverted; the message and the error are those of every count
    argument (a ``ConfigError`` for a number that is no count, an ``InputTypeError`` for a
    bool or text).

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Tally:
        ...     n: int = attrs.field(converter=count_value, validator=count_field)
        >>> Tally(5.0).n
        5
        >>> Tally(2.5)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: n must be a count (a whole number >= 0), got float 2.5
        >>> Tally(True)
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: n must be a count (a whole number >= 0), got bool True
    """
    if is_bool(value) or not isinstance(value, int) or value < 0:
        raise _count_error(value)(_not_a_count(attribute.name, value))


def column_hint(value: Any) -> str | None:
    """For a column given where one number goes, the words saying so; ``None`` for another value.

    A pandas Series or a numpy array (``ndim`` past 0), even of one value, is no number; its
    repr would spread the column over many lines of the message.

    Examples:
        >>> import numpy as np
        >>> column_hint(np.array([0.8])), column_hint(np.float64(0.8))
        ('numpy.ndarray of 1 value: a column is no number, take one value (e.g. .iloc[-1])', None)
    """
    if getattr(value, "ndim", 0) == 0:
        return None
    size = getattr(value, "size", None)
    many = f" of {size:,} value{'' if size == 1 else 's'}" if isinstance(size, int) else ""
    return f"{type_name(value)}{many}: a column is no number, take one value (e.g. .iloc[-1])"


def percent_hint(value: float, *, hundred: bool = True, also: str = "") -> str:
    """`` (for 80 %, write 0.8)`` for a percentage written where a share goes, else ``""``.

    Values from 2 to 100 read as percentages (100 only where a share of 1 is allowed:
    ``hundred``); 1.5 is as likely a slip of another kind, so it gets no suggestion. ``also``
    is another way to write it, offered after the share (``'80%'`` where text is read).

    Examples:
        >>> percent_hint(80.0), percent_hint(80, also="'80%'")
        (' (for 80 %, write 0.8)', " (for 80 %, write 0.8 or '80%')")
        >>> percent_hint(1.5), percent_hint(100.0, hundred=False)
        ('', '')
    """
    if 2 <= value < 100 or (hundred and value == 100):
        other = f" or {also}" if also else ""
        return f" (for {value:g} %, write {value / 100:g}{other})"
    return ""


def level_percent(level: float) -> str:
    """A confidence level as the percentage shown beside an interval (``95`` for 0.95).

    Six significant digits, as ``:g`` gives them; a level short of 1 that those would round
    to ``100`` is written out in full instead (the shortest decimal that reads back as it),
    so it never reads as a 100 % interval, which no level below 1 is.

    Examples:
        >>> level_percent(0.95), level_percent(0.999), level_percent(1)
        ('95', '99.9', '100')
        >>> level_percent(0.999999999999)
        '99.9999999999'
    """
    text = f"{100 * level:g}"
    if text == "100" and level != 1:
        text = format(Decimal(repr(float(level))).scaleb(2).normalize(), "f")
    return text


#: From here on a float is written with an exponent (``repr(1e16)`` is ``'1e+16'``) and holds
#: no fraction: ``two_decimals`` names such a number as given.
_AS_GIVEN = 1e16


def two_decimals(x: float) -> str:
    """``x`` to two decimals at most, without trailing zeros or a bare point: how a duration
    is shown beside another (the Ticket Metrics text, CSV notes and tables).

    A number from 1e16 up, where a float holds no fraction at all (and ``str(int(x))`` of
    ``1e300`` spelt out 301 digits of binary noise), is named as given: a float as Python
    writes it (``1e+300``), an int by ``safe_repr`` (its digits, or its size past 60 or so).

    Examples:
        >>> two_decimals(30.5), two_decimals(42.001), two_decimals(42.0), two_decimals(0.125)
        ('30.5', '42', '42', '0.12')
        >>> two_decimals(1e300), two_decimals(10**300), two_decimals(12345678901234567)
        ('1e+300', '<int of about 301 digits>', '12345678901234567')
    """
    if not abs(x) < _AS_GIVEN:  # NaN and the infinities too: repr names them
        return safe_repr(x) if isinstance(x, int) else repr(float(x))
    if float(x).is_integer():
        return str(int(x))
    # 42.001 is "42.00" to two decimals: its zeros and then its point go ("42.", no "42").
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text  # -0.001: no sign on a zero


def type_name(value: Any) -> str:
    """The name of ``value``'s type as an error shows it: numpy's types as numpy's.

    numpy's bool is named ``bool`` too, and its ints ``int64``: "expected an int, got int64"
    read as if the library did not know its own numbers.

    Examples:
        >>> import numpy as np
        >>> type_name(np.bool_(True)), type_name(np.int64(3)), type_name(3)
        ('numpy.bool', 'numpy.int64', 'int')
    """
    kind = type(value)
    return f"numpy.{kind.__name__}" if kind.__module__ == "numpy" else kind.__name__


def read_seed(value: Any, name: str = "seed") -> int:
    """A random seed argument as a Python int, else ``InputTypeError`` naming it and the value.

    The one reading of the seeds of ``simulate``, ``check_plan`` and the QA bootstraps: an int
    or a numpy int (replications over ``np.arange(10)``), read by
    [integral][servicemodel._numbers.integral]; a bool, a float (even 3.0) or text is no
    seed. Read as a Python int, ``seed + i`` cannot wrap around as a numpy int would.

    Examples:
        >>> import numpy as np
        >>> read_seed(np.int64(-7))
        -7
        >>> read_seed(True)
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: seed: expected an int, got bool True
    """
    seed = integral(value)
    if seed is None:
        raise InputTypeError(f"{name}: expected an int, got {type_name(value)} {safe_repr(value)}")
    return seed


def seeded_random(seed: int) -> random.Random:
    """A ``random.Random`` of its own for every int ``seed``, negative ones included.

    CPython seeds ``random.Random(n)`` with ``abs(n)``, so ``-7`` and ``7`` would draw the
    same numbers and replications over ``range(-50, 50)`` would hold twins. A negative seed
    seeds with its decimal text instead (hashed with SHA-512: the same in every process); a
    seed >= 0 is given to ``random.Random`` as it is, so its draws never change. A negative
    seed of more than 640 digits seeds with its bytes after a NUL, which no decimal text
    holds: Python may refuse to write so long an int as text (``sys.set_int_max_str_digits``;
    past 4,300 digits by default), and a seed's numbers must not depend on that setting.

    Examples:
        >>> seeded_random(7).random() == random.Random(7).random()
        True
        >>> seeded_random(-7).random() == seeded_random(7).random()
        False
        >>> seeded_random(-(10**5000)).random() == seeded_random(10**5000).random()
        False
    """
    if seed >= 0:
        return random.Random(seed)
    if -seed < _TEXT_ALWAYS:
        return random.Random(str(seed))
    size = (-seed).bit_length() // 8 + 1
    return random.Random(b"-\0" + (-seed).to_bytes(size, "big"))


#: The largest finite float as a Decimal: a whole Decimal past it is refused, as a Fraction is.
_DECIMAL_MAX = Decimal(sys.float_info.max)

#: Ints below this are always written as text (``sys.int_info.str_digits_check_threshold``:
#: the int-to-text limit can be set no lower than 640 digits).
_TEXT_ALWAYS = 10**640


def digits_order(text: str) -> tuple[int, str] | None:
    """An all-digit text's place among whole numbers: the count of its digits without leading
    zeros, then those digits (``"007"`` is 7); ``None`` for any other text.

    Compared so, never by ``int()``: an id of more than 4,300 digits is past Python's
    int-from-text limit, and ``int(text)`` raises its ``ValueError``. Ticket ids and event
    ids are ordered by it wherever their number decides.

    Examples:
        >>> sorted(["10", "9", "007", "1" * 5000], key=digits_order)[:3]
        ['007', '9', '10']
        >>> digits_order("A-1") is None, digits_order("\u0661") is None  # ASCII digits only
        (True, True)
    """
    if text.isascii() and text.isdigit():
        number = text.lstrip("0")
        return len(number), number
    return None
