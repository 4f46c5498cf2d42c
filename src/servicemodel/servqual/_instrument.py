"""SERVQUAL instruments: dimensions, the items of each, reverse scoring, and dimension weights."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal

import attrs

from servicemodel._config import as_mapping, safe_repr
from servicemodel._numbers import is_bool, real_number
from servicemodel._validators import require_iterable, require_nonblank
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    ScaleError,
    ServiceModelError,
    UnknownKeyError,
)

__all__ = [
    "DIMENSIONS",
    "SERVQUAL_1988",
    "SERVQUAL_1991",
    "DimensionWeights",
    "Instrument",
    "standard_instrument",
]

DIMENSIONS: tuple[str, ...] = (
    "tangibles",
    "reliability",
    "responsiveness",
    "assurance",
    "empathy",
)
"""The five SERVQUAL dimensions, in instrument order."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _pairs_from_mapping(value: Any) -> tuple[tuple[Any, Any], ...]:
    if isinstance(value, Mapping):
        return tuple(value.items())
    try:
        if isinstance(value, str):
            raise TypeError
        # Text is iterable too: a member "ab" would read as the pair ("a", "b").
        members = list(value)
        pairs = tuple(tuple(pair) for pair in members if not isinstance(pair, str | bytes))
        if len(pairs) != len(members) or any(len(pair) != 2 for pair in pairs):
            raise TypeError
    except TypeError:
        raise InputTypeError(
            f"expected a mapping or a list of pairs, got {type(value).__name__} {safe_repr(value)}"
        ) from None
    return pairs


def _to_items(value: Any) -> tuple[tuple[int, str], ...]:
    return _pairs_from_mapping(value)


def _to_frozenset(value: Iterable[int]) -> frozenset[int]:
    members = tuple(require_iterable(value, "reverse_scored"))
    for i, member in enumerate(members):
        # A bool is an int that equals 1 or 0: True would reverse item 1.
        if not _is_int(member):
            raise ConfigError(
                f"expected item numbers (ints), got {type(member).__name__} {safe_repr(member)}",
                path=f"reverse_scored[{i}]",
            )
    return frozenset(members)


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(require_iterable(value, "dimensions"))


#: The largest scale end: every int up to it is a float exactly, so the means and intervals
#: (floats) of answers on the scale neither overflow nor round away a whole point.
_SCALE_LIMIT = 2**53


def _to_scale(value: Iterable[int]) -> tuple[int, int]:
    pair = tuple(require_iterable(value, "scale"))
    if len(pair) != 2 or not all(_is_int(v) for v in pair):
        raise ConfigError(f"must be (low, high) ints, got {safe_repr(pair)}", path="scale")
    for end in pair:
        if abs(end) > _SCALE_LIMIT:
            raise ConfigError(f"ends must lie within ±2**53, got {safe_repr(end)}", path="scale")
    return pair[0], pair[1]


def _check_dimensions(dimensions: tuple[str, ...]) -> None:
    if not dimensions:
        raise ConfigError("an instrument needs at least one dimension", path="dimensions")
    seen: set[str] = set()
    for i, dim in enumerate(dimensions):
        # Blank (" ") too: an item's dimension is found by its name, and " " names none.
        require_nonblank(dim, f"dimensions[{i}]", "dimension name")
        if dim in seen:
            raise ConfigError(f"duplicate dimension {safe_repr(dim)}", path=f"dimensions[{i}]")
        seen.add(dim)


def _check_items(items: tuple[tuple[int, str], ...], dimensions: tuple[str, ...]) -> set[int]:
    """Check the item -> dimension pairs; return the item numbers."""
    if not items:
        raise ConfigError("an instrument needs at least one item", path="items")
    seen: set[int] = set()
    for i, pair in enumerate(items):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise ConfigError(
                f"expected (item, dimension), got {safe_repr(pair)}", path=f"items[{i}]"
            )
        item, dim = pair
        if not _is_int(item) or item < 1:
            raise ConfigError(f"item must be an int ≥ 1, got {safe_repr(item)}", path=f"items[{i}]")
        if item in seen:
            raise ConfigError(f"duplicate item {item}", path=f"items[{i}]")
        if dim not in dimensions:
            raise ConfigError(
                f"item {item} maps to unknown dimension {safe_repr(dim)}; "
                f"dimensions are {list(dimensions)}",
                path=f"items[{i}]",
            )
        seen.add(item)
    used = {dim for _, dim in items}
    for i, dim in enumerate(dimensions):
        if dim not in used:
            raise ConfigError(f"dimension {safe_repr(dim)} has no items", path=f"dimensions[{i}]")
    return seen


@attrs.frozen
class Instrument:
    """A SERVQUAL-style questionnaire: dimensions, the items of each, and reverse-scored items.

    ``items`` pairs each item number with its dimension, in questionnaire order. Answers to
    ``reverse_scored`` items (negatively worded) are turned around, ``low + high − x``, before
    gaps are taken. Build a custom one with
    [`Instrument.from_dimensions`][servicemodel.servqual.Instrument.from_dimensions].

    Examples:
        >>> SERVQUAL_1991.items_of("responsiveness")
        (10, 11, 12, 13)
        >>> SERVQUAL_1991.dimension_of(18)
        'empathy'
    """

    name: str
    dimensions: tuple[str, ...] = attrs.field(converter=_to_names)
    items: tuple[tuple[int, str], ...] = attrs.field(converter=_to_items)
    reverse_scored: frozenset[int] = attrs.field(default=frozenset(), converter=_to_frozenset)
    scale: tuple[int, int] = attrs.field(default=(1, 7), converter=_to_scale)

    def __attrs_post_init__(self) -> None:
        require_nonblank(self.name, "name")  # blank (" ") too, as every name
        _check_dimensions(self.dimensions)
        seen_items = _check_items(self.items, self.dimensions)
        unknown = [i for i in self.reverse_scored if i not in seen_items]
        if unknown:  # sorted by text: the unknown ones may be of any (mixed) type
            shown = ", ".join(sorted(safe_repr(i) for i in unknown))
            raise ConfigError(f"not items of the instrument: [{shown}]", path="reverse_scored")
        if self.scale[0] >= self.scale[1]:
            raise ConfigError(f"low must be below high, got {safe_repr(self.scale)}", path="scale")

    @classmethod
    def from_dimensions(
        cls,
        name: str,
        dimensions: Mapping[str, Iterable[int]],
        *,
        reverse_scored: Iterable[int] = (),
        scale: tuple[int, int] = (1, 7),
    ) -> Instrument:
        """Build an instrument from ``{dimension: item numbers}`` (items in the order given).

        Examples:
            >>> short = Instrument.from_dimensions(
            ...     "short", {"reliability": [1, 2], "empathy": [3]}, scale=(1, 5)
            ... )
            >>> short.items
            ((1, 'reliability'), (2, 'reliability'), (3, 'empathy'))
        """
        if not isinstance(dimensions, Mapping):
            raise InputTypeError(
                f"dimensions: expected a mapping of dimension to item numbers, got "
                f"{type(dimensions).__name__} {safe_repr(dimensions)}"
            )
        items = [
            (item, dim)
            for dim, numbers in dimensions.items()
            for item in require_iterable(numbers, f"dimensions[{safe_repr(dim)}]")
        ]
        return cls(name, tuple(dimensions), items, reverse_scored, scale)

    @property
    def item_numbers(self) -> tuple[int, ...]:
        """The item numbers in questionnaire order.

        Examples:
            >>> SERVQUAL_1991.item_numbers[:5]
            (1, 2, 3, 4, 5)
        """
        return tuple(item for item, _ in self.items)

    def dimension_of(self, item: int) -> str:
        """The dimension item ``item`` belongs to.

        Examples:
            >>> SERVQUAL_1991.dimension_of(5)
            'reliability'
        """
        for number, dim in self.items:
            if _is_int(item) and number == item:  # an int first: Decimal('sNaN') == 1 raises
                return dim
        raise UnknownKeyError(f"item {safe_repr(item)} is not in instrument {safe_repr(self.name)}")

    def items_of(self, dimension: str) -> tuple[int, ...]:
        """The items of ``dimension``, in questionnaire order.

        Examples:
            >>> SERVQUAL_1991.items_of("tangibles")
            (1, 2, 3, 4)
        """
        if not isinstance(dimension, str) or dimension not in self.dimensions:
            raise UnknownKeyError(
                f"dimension {safe_repr(dimension)} is not in instrument {safe_repr(self.name)}"
            )
        return tuple(item for item, dim in self.items if dim == dimension)

    def reverse(self, item: int, answer: int) -> int:
        """The answer as scored: turned around on reverse-scored items, else unchanged.

        The item must be one of the instrument's (else
        [`UnknownKeyError`][servicemodel.errors.UnknownKeyError]) and the answer on its scale
        (else [`ScaleError`][servicemodel.errors.ScaleError]), as ``Servqual.add`` requires:
        an answer of 99 turned around would be −91, a score no respondent can give.

        Examples:
            >>> SERVQUAL_1988.reverse(10, 2), SERVQUAL_1991.reverse(10, 2)
            (6, 2)
            >>> SERVQUAL_1988.reverse(10, 9)
            Traceback (most recent call last):
            ...
            servicemodel.errors.ScaleError: item 10: 9 is outside the 1–7 scale
        """
        if not _is_int(item) or not _is_int(answer):
            raise InputTypeError(
                f"expected an item number and an answer (ints), got {safe_repr(item)} and "
                f"{safe_repr(answer)}"
            )
        self.dimension_of(item)  # an item of the instrument, or an UnknownKeyError naming it
        low, high = self.scale
        if not low <= answer <= high:
            raise ScaleError(f"item {item}: {safe_repr(answer)} is outside the {low}–{high} scale")
        return self._reverse(item, answer)

    def _reverse(self, item: int, answer: int) -> int:
        """``reverse`` without its checks, for answers already checked (``Servqual.add``)."""
        if item in self.reverse_scored:
            return self.scale[0] + self.scale[1] - answer
        return answer


_STANDARD_MAP: dict[str, range] = {
    "tangibles": range(1, 5),
    "reliability": range(5, 10),
    "responsiveness": range(10, 14),
    "assurance": range(14, 18),
    "empathy": range(18, 23),
}

SERVQUAL_1991: Instrument = Instrument.from_dimensions("SERVQUAL 1991", _STANDARD_MAP)
"""The revised 22-item instrument (1991): all items positively worded."""

SERVQUAL_1988: Instrument = Instrument.from_dimensions(
    "SERVQUAL 1988",
    _STANDARD_MAP,
    # The 1988 wording states items 10-13 and 18-22 negatively.
    reverse_scored=[*range(10, 14), *range(18, 23)],
)
"""The original 22-item instrument (1988): items 10–13 and 18–22 are reverse-scored."""


def standard_instrument(version: Literal[1988, 1991] = 1991) -> Instrument:
    """The standard 22-item SERVQUAL instrument of the 1988 or the 1991 wording.

    Examples:
        >>> sorted(standard_instrument(1988).reverse_scored)[:4]
        [10, 11, 12, 13]
    """
    if _is_int(version) and version == 1991:  # an int first: an array's == is an array
        return SERVQUAL_1991
    if _is_int(version) and version == 1988:
        return SERVQUAL_1988
    raise ConfigError(
        f"SERVQUAL version must be 1988 or 1991, got {safe_repr(version)}", path="version"
    )


def _plain(value: Any) -> Any:
    """A real number of another type (numpy, ``Decimal``, ``Fraction``) as a float, else ``value``.

    The shared numeric intake ([real_number][servicemodel._numbers.real_number]) reads any
    real number; the checks below then see an int or a float. A numpy float narrower than a
    float (``float32``, ``float16``) is read as the shortest decimal it stands for, as numpy
    prints it: ``np.float32(0.2)`` is 0.2, not 0.20000000298023224, so weights of 0.1, 0.3,
    0.2, 0.2, 0.2 in ``float32`` still sum to 1. Anything else (a bool, text, an array) is
    handed on unchanged, for the checks to refuse by name.
    """
    if is_bool(value) or type(value) in (int, float):
        return value
    try:
        number = real_number(value, "weight", finite=False)
    except ServiceModelError:
        return value
    kind = type(value)
    if kind.__module__ == "numpy" and getattr(value, "itemsize", 8) < 8 and math.isfinite(number):
        return float(str(value))
    return number


_FLOAT_MAX = Fraction(sys.float_info.max)


def _number(value: Any, path: str) -> float:
    """A finite real number from config, or a ``ConfigError`` at ``path``."""
    value = _plain(value)
    if is_bool(value) or not isinstance(value, int | float):
        raise ConfigError(
            f"must be a number, got {type(value).__name__} {safe_repr(value)}", path=path
        )
    try:
        return real_number(value, "value")
    except ServiceModelError as exc:
        raise ConfigError(str(exc).split(": ", 1)[-1], path=path) from None


def _unsigned_zero(value: Any) -> Any:
    """``value``, with a float −0.0 as 0.0: a weight of −0 reads as a negative weight."""
    if type(value) is float and value == 0:
        return 0.0
    return value


def _to_weights(value: Any) -> tuple[tuple[Any, Any], ...]:
    return tuple(
        (dim, _unsigned_zero(_plain(weight))) for dim, weight in _pairs_from_mapping(value)
    )


def _check_weight(value: Any, path: str) -> Fraction:
    if is_bool(value) or not isinstance(value, int | float):
        raise ConfigError(
            f"must be a number, got {type(value).__name__} {safe_repr(value)}", path=path
        )
    try:
        ok = 0 <= real_number(value, "weight") <= 1
    except ServiceModelError:  # NaN, an infinity, a huge int
        ok = False
    if not ok:
        raise ConfigError(f"weight must be in [0, 1], got {safe_repr(value)}", path=path)
    return Fraction(value)


@attrs.frozen
class DimensionWeights:
    """Importance weights per dimension, each in [0, 1], summing to 1 (within 1e-9).

    A weight may be any real number (an int, a float, a numpy scalar such as ``float32``,
    a ``Decimal`` or a ``Fraction``); it is kept as a float (an int as given).

    Examples:
        >>> w = DimensionWeights({"tangibles": 0.1, "reliability": 0.3, "responsiveness": 0.2,
        ...                       "assurance": 0.2, "empathy": 0.2})
        >>> w.weight("reliability")
        0.3
    """

    weights: tuple[tuple[str, float], ...] = attrs.field(converter=_to_weights)

    def __attrs_post_init__(self) -> None:
        if not self.weights:
            raise ConfigError("no dimension weights given", path="weights")
        seen: set[str] = set()
        for dim, value in self.weights:
            if not isinstance(dim, str):
                raise ConfigError(
                    f"expected dimension names, got {type(dim).__name__} {safe_repr(dim)}",
                    path="weights",
                )
            if dim in seen:
                raise ConfigError(f"duplicate dimension {safe_repr(dim)}", path="weights")
            seen.add(dim)
            _check_weight(value, f"weights.{dim}")
        total = math.fsum(value for _, value in self.weights)
        if abs(total - 1) > 1e-9:
            raise ConfigError(f"weights must sum to 1, got {safe_repr(total)}", path="weights")

    @classmethod
    def from_points(cls, points: Mapping[str, float], *, total: float = 100) -> DimensionWeights:
        """Weights from points split across dimensions (the 1991 100-point allocation).

        Examples:
            >>> w = DimensionWeights.from_points({"tangibles": 10, "reliability": 30,
            ...     "responsiveness": 25, "assurance": 20, "empathy": 15})
            >>> w.weight("responsiveness")
            0.25
        """
        points = as_mapping(points, "points")
        floats = {dim: _number(value, f"points.{dim}") for dim, value in points.items()}
        for dim, value in floats.items():
            if value < 0:
                raise ConfigError(
                    f"points must be ≥ 0, got {safe_repr(value)}", path=f"points.{dim}"
                )
        total = _number(total, "total")
        if total <= 0:
            raise ConfigError(f"total must be positive, got {safe_repr(total)}", path="total")
        # Exactly, as fractions: points near the float maximum overflow a float sum (fsum
        # raises OverflowError), though each one and the total are finite.
        given = sum((Fraction(value) for value in floats.values()), Fraction(0))
        exact_total = Fraction(total)
        if abs(given - exact_total) > Fraction(1e-9) * max(Fraction(1), abs(exact_total)):
            shown = f"{float(given):g}" if abs(given) <= _FLOAT_MAX else "more than 1.8e+308"
            raise ConfigError(f"points must sum to {total:g}, got {shown}", path="points")
        return cls({dim: value / total for dim, value in floats.items()})

    @property
    def dimensions(self) -> tuple[str, ...]:
        """The dimensions weighted, in the order given.

        Examples:
            >>> DimensionWeights({"a": 0.5, "b": 0.5}).dimensions
            ('a', 'b')
        """
        return tuple(dim for dim, _ in self.weights)

    def weight(self, dimension: str) -> float:
        """The weight of ``dimension``.

        Examples:
            >>> DimensionWeights({"a": 0.25, "b": 0.75}).weight("b")
            0.75
        """
        for dim, value in self.weights:
            if isinstance(dimension, str) and dim == dimension:  # an array's == is no bool
                return value
        raise UnknownKeyError(f"no weight for dimension {safe_repr(dimension)}")
