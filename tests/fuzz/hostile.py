"""Hostile values and mutations of valid-shaped data, shared by the fuzz harnesses."""

from __future__ import annotations

import copy
import math
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st

try:  # optional: numpy scalars are a classic source of surprises (bool_, int64, timedelta64)
    import numpy as np
except ImportError:  # pragma: no cover - numpy is installed with the dev extras
    np = None

HUGE = 10**5000
#: Deeper than Python's recursion limit, and than that of CPython's C code: 3.13 reads JSON
#: and writes reprs 10,000 levels deep (3.11 and 3.12 stop at 1,000, as Python code does).
DEPTH = 100_000


class Deep(list):  # type: ignore[type-arg]
    """A list nested DEPTH levels deep, with a short repr (failure reports must stay readable)."""

    def __repr__(self) -> str:
        return f"<list nested {DEPTH} deep>"

    def __deepcopy__(self, _memo: Any) -> Deep:
        return self  # copy.deepcopy recurses and would hit the recursion limit


def deep_list(depth: int = DEPTH) -> Deep:
    inner: list[Any] = []
    for _ in range(depth - 1):
        inner = [inner]
    return Deep([inner])


DEEP = deep_list()
DEEP_JSON = "[" * DEPTH + "]" * DEPTH

LONG_ZONE = "Europe/" + "X" * 300
_MINUS = timezone(-timedelta(hours=23, minutes=59))
_PLUS = timezone(timedelta(hours=23, minutes=59))

#: Timestamps at the ends of the datetime range, with offsets that push them off the range in UTC.
EDGE_INSTANTS = [
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=_PLUS),
    datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(9999, 12, 31, 23, 59, tzinfo=_MINUS),
    datetime(9999, 12, 31, 12, tzinfo=timezone(-timedelta(hours=14))),
]
EDGE_STAMPS = [
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59.999999+00:00",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59",
    "2026-02-30T09:00:00+00:00",
    "２０２６-01-05T09:00:00+00:00",
    "2026-01-05T09:00:00+00:00\x00",
]

_SPECIAL: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1,
    2**63,
    HUGE,
    -HUGE,
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    -1e308,
    -0.0,
    1e-320,
    Decimal("sNaN"),
    Decimal("NaN"),
    Decimal("Infinity"),
    Decimal("1e999999"),
    Fraction(1, 3),
    complex(1, 1),
    "",
    " ",
    "\x00",
    "a\x00b",
    "١",
    "٣٠",
    "1e999",
    "nan",
    "-0",
    "x" * 300,
    LONG_ZONE,
    "\udcff",
    b"\xff\xfe",
    [],
    {},
    [None],
    {"": None},
    set(),
    DEEP,
    date(1, 1, 1),
    timedelta.max,
    timedelta.min,
    timedelta(0),
    *EDGE_INSTANTS,
    *EDGE_STAMPS,
]
if np is not None:
    _SPECIAL += [
        np.bool_(True),
        np.int64(7),
        np.int64(-(2**63)),
        np.float64("nan"),
        np.float32(3.5),
        np.timedelta64(90, "s"),
        np.timedelta64("NaT", "ns"),
        np.datetime64("NaT", "ns"),
        np.array([1, 2]),
    ]

SPECIAL = _SPECIAL


def specials() -> st.SearchStrategy[Any]:
    return st.sampled_from(SPECIAL)


def numbers() -> st.SearchStrategy[Any]:
    """Numbers of every kind, mostly hostile."""
    numeric = [
        v
        for v in SPECIAL
        if isinstance(v, int | float | Decimal | Fraction | complex)
        or type(v).__module__ == "numpy"
    ]
    return st.one_of(
        st.sampled_from(numeric),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(),
    )


def scalars() -> st.SearchStrategy[Any]:
    """Any hostile leaf value: specials, numbers, short text with odd characters."""
    return st.one_of(
        specials(),
        numbers(),
        st.text(max_size=12),
        st.sampled_from(["30m", "1h", "PT4H", "2d 4h", "09:00-17:00", "urgent", "breach", "75%"]),
    )


def hostile() -> st.SearchStrategy[Any]:
    """A leaf, or a small container of leaves (a list where a scalar goes and vice versa)."""
    return st.one_of(
        scalars(),
        st.lists(scalars(), max_size=3),
        st.dictionaries(
            st.one_of(st.text(max_size=6), st.sampled_from(["name", "kind", "at"])),
            scalars(),
            max_size=2,
        ),
    )


def _slots(
    obj: Any, out: list[tuple[Any, Any]], opaque: set[int], depth: int = 0
) -> list[tuple[Any, Any]]:
    """Every (container, key) pair of a nested dict/list structure.

    Hostile values put in by an earlier edit are ``opaque``: they may be shared constants (the
    DEPTH-deep list), so no edit reaches inside them; editing one would change what later
    examples draw, which Hypothesis rightly reports as a flaky strategy.
    """
    if depth > 12 or id(obj) in opaque:
        return out
    if isinstance(obj, dict):
        for k, v in obj.items():
            out.append((obj, k))
            _slots(v, out, opaque, depth + 1)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out.append((obj, i))
            _slots(v, out, opaque, depth + 1)
    return out


@st.composite
def mutated(draw: st.DrawFn, base: Any, max_mutations: int = 3) -> Any:
    """A deep copy of ``base`` with 1..max_mutations random edits at random paths.

    Edits: replace a value with a hostile one, delete it, wrap it in a list, put a scalar for a
    container, add an unknown key, or copy another part of the config there (valid shape,
    wrong place).
    """
    root = {"root": copy.deepcopy(base)}
    opaque: set[int] = set()
    for _ in range(draw(st.integers(1, max_mutations))):
        slots = _slots(root, [], opaque)
        container, key = draw(st.sampled_from(slots))
        op = draw(st.sampled_from(["replace", "replace", "delete", "wrap", "extra", "transplant"]))
        if op == "replace":
            container[key] = draw(hostile())
            opaque.add(id(container[key]))
        elif op == "delete" and container is not root:
            del container[key]
        elif op == "wrap":
            container[key] = [container[key]]
        elif (
            op == "extra" and isinstance(container[key], dict) and id(container[key]) not in opaque
        ):
            container[key][draw(st.sampled_from(["colour", "", "\x00", "x" * 300]))] = 1
        elif op == "transplant":
            source, source_key = draw(st.sampled_from(slots))
            value = source[source_key]
            if id(value) in opaque:
                container[key] = value  # shared, never edited: no copy needed (or possible)
            else:
                container[key] = copy.deepcopy(value)
    return root["root"]


def as_text(value: Any) -> str:
    """``str(value)``, also for ints past the int-to-text digit limit."""
    try:
        return str(value)
    except ValueError:
        return "1" + "0" * 5000
