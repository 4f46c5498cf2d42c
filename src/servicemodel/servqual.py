"""SERVQUAL service-quality gaps: perception minus expectation, per item, dimension and overall.

Parasuraman, Zeithaml & Berry (1988, *J. Retailing* 64(1); revised 1991, *J. Retailing* 67(4)):
22 items on a 7-point Likert scale, each asked twice — what customers *expect* (E) of an
excellent firm and what they *perceive* (P) of this one — grouped into five dimensions. The
item gap is ``P − E``; a dimension score is the mean of its item gaps; the unweighted SERVQUAL
score is the mean of the five dimension scores, the weighted one ``Σ w_d · G_d`` with
importance weights summing to 1. Only the item → dimension map ships here, not the copyrighted
item wording.

[`Servqual`][servicemodel.servqual.Servqual] is a mergeable accumulator: it keeps integer sums
(answers are integers), so merging partitions in any order gives exactly one pass's result.

Examples:
    >>> from servicemodel.servqual import SERVQUAL_1991, Servqual, ServqualResponse
    >>> e = {i: 6 for i in range(1, 23)}
    >>> p = {i: (4 if 5 <= i <= 9 else 6) for i in range(1, 23)}  # reliability falls short
    >>> acc = Servqual.empty(instrument=SERVQUAL_1991).add(ServqualResponse(e, p))
    >>> acc.result().dimension("reliability").value
    -2.0
    >>> acc.result().unweighted.value  # mean of the five dimension scores
    -0.4
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal

import attrs

from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MergeError,
    RecordError,
    ScaleError,
)
from servicemodel.kpi import Estimate, t_quantile, z_for_level

__all__ = [
    "DIMENSIONS",
    "SERVQUAL_1988",
    "SERVQUAL_1991",
    "DimensionWeights",
    "Instrument",
    "Servqual",
    "ServqualResponse",
    "ServqualResult",
    "responses_from_rows",
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
    return tuple(tuple(pair) for pair in value)


def _to_items(value: Any) -> tuple[tuple[int, str], ...]:
    return _pairs_from_mapping(value)


def _to_frozenset(value: Iterable[int]) -> frozenset[int]:
    return frozenset(value)


def _to_names(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _to_scale(value: Iterable[int]) -> tuple[int, int]:
    pair = tuple(value)
    if len(pair) != 2 or not all(_is_int(v) for v in pair):
        raise ConfigError(f"must be (low, high) ints, got {pair!r}", path="scale")
    return pair[0], pair[1]


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
        if not isinstance(self.name, str) or not self.name:
            raise ConfigError(f"must be a non-empty string, got {self.name!r}", path="name")
        if not self.dimensions:
            raise ConfigError("an instrument needs at least one dimension", path="dimensions")
        seen_dims: set[str] = set()
        for i, dim in enumerate(self.dimensions):
            if not isinstance(dim, str) or not dim:
                raise ConfigError(
                    f"must be a non-empty string, got {dim!r}", path=f"dimensions[{i}]"
                )
            if dim in seen_dims:
                raise ConfigError(f"duplicate dimension {dim!r}", path=f"dimensions[{i}]")
            seen_dims.add(dim)
        if not self.items:
            raise ConfigError("an instrument needs at least one item", path="items")
        seen_items: set[int] = set()
        for i, pair in enumerate(self.items):
            if len(pair) != 2:
                raise ConfigError(f"expected (item, dimension), got {pair!r}", path=f"items[{i}]")
            item, dim = pair
            if not _is_int(item) or item < 1:
                raise ConfigError(f"item must be an int ≥ 1, got {item!r}", path=f"items[{i}]")
            if item in seen_items:
                raise ConfigError(f"duplicate item {item}", path=f"items[{i}]")
            if dim not in seen_dims:
                raise ConfigError(
                    f"item {item} maps to unknown dimension {dim!r}; "
                    f"dimensions are {list(self.dimensions)}",
                    path=f"items[{i}]",
                )
            seen_items.add(item)
        used = {dim for _, dim in self.items}
        for i, dim in enumerate(self.dimensions):
            if dim not in used:
                raise ConfigError(f"dimension {dim!r} has no items", path=f"dimensions[{i}]")
        unknown = sorted(i for i in self.reverse_scored if i not in seen_items)
        if unknown:
            raise ConfigError(f"not items of the instrument: {unknown}", path="reverse_scored")
        if self.scale[0] >= self.scale[1]:
            raise ConfigError(f"low must be below high, got {self.scale!r}", path="scale")

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
        items = [(item, dim) for dim, numbers in dimensions.items() for item in numbers]
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
            if number == item:
                return dim
        raise KeyError(f"item {item!r} is not in instrument {self.name!r}")

    def items_of(self, dimension: str) -> tuple[int, ...]:
        """The items of ``dimension``, in questionnaire order.

        Examples:
            >>> SERVQUAL_1991.items_of("tangibles")
            (1, 2, 3, 4)
        """
        if dimension not in self.dimensions:
            raise KeyError(f"dimension {dimension!r} is not in instrument {self.name!r}")
        return tuple(item for item, dim in self.items if dim == dimension)

    def reverse(self, item: int, answer: int) -> int:
        """The answer as scored: turned around on reverse-scored items, else unchanged.

        Examples:
            >>> SERVQUAL_1988.reverse(10, 2), SERVQUAL_1991.reverse(10, 2)
            (6, 2)
        """
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
    if version == 1991:
        return SERVQUAL_1991
    if version == 1988:
        return SERVQUAL_1988
    raise ConfigError(f"SERVQUAL version must be 1988 or 1991, got {version!r}", path="version")


def _check_weight(value: Any, path: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigError(f"must be a number, got {type(value).__name__} {value!r}", path=path)
    if not (math.isfinite(value) and 0 <= value <= 1):
        raise ConfigError(f"weight must be in [0, 1], got {value!r}", path=path)
    return Fraction(value)


@attrs.frozen
class DimensionWeights:
    """Importance weights per dimension, each in [0, 1], summing to 1 (within 1e-9).

    Examples:
        >>> w = DimensionWeights({"tangibles": 0.1, "reliability": 0.3, "responsiveness": 0.2,
        ...                       "assurance": 0.2, "empathy": 0.2})
        >>> w.weight("reliability")
        0.3
    """

    weights: tuple[tuple[str, float], ...] = attrs.field(converter=_pairs_from_mapping)

    def __attrs_post_init__(self) -> None:
        if not self.weights:
            raise ConfigError("no dimension weights given", path="weights")
        seen: set[str] = set()
        for dim, value in self.weights:
            if dim in seen:
                raise ConfigError(f"duplicate dimension {dim!r}", path="weights")
            seen.add(dim)
            _check_weight(value, f"weights.{dim}")
        total = math.fsum(value for _, value in self.weights)
        if abs(total - 1) > 1e-9:
            raise ConfigError(f"weights must sum to 1, got {total!r}", path="weights")

    @classmethod
    def from_points(cls, points: Mapping[str, float], *, total: float = 100) -> DimensionWeights:
        """Weights from points split across dimensions (the 1991 100-point allocation).

        Examples:
            >>> w = DimensionWeights.from_points({"tangibles": 10, "reliability": 30,
            ...     "responsiveness": 25, "assurance": 20, "empathy": 15})
            >>> w.weight("responsiveness")
            0.25
        """
        for dim, value in points.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(
                    f"must be a number, got {type(value).__name__} {value!r}", path=f"points.{dim}"
                )
            if not (math.isfinite(value) and value >= 0):
                raise ConfigError(f"points must be ≥ 0, got {value!r}", path=f"points.{dim}")
        given = math.fsum(points.values())
        if abs(given - total) > 1e-9 * max(1.0, abs(total)):
            raise ConfigError(f"points must sum to {total:g}, got {given:g}", path="points")
        return cls({dim: value / total for dim, value in points.items()})

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
            if dim == dimension:
                return value
        raise KeyError(f"no weight for dimension {dimension!r}")


def _likert(value: Any, where: str) -> int:
    if isinstance(value, bool):
        raise ScaleError(f"{where}: a bool is not a Likert answer, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value):
            raise ScaleError(f"{where}: answer is NaN")
        if not value.is_integer():
            raise ScaleError(f"{where}: Likert answers are whole numbers, got {value!r}")
        return int(value)
    raise InputTypeError(f"{where}: expected an int answer, got {type(value).__name__} {value!r}")


def _answers(value: Any, letter: str) -> tuple[tuple[int, int], ...]:
    pairs = _pairs_from_mapping(value)
    out: list[tuple[int, int]] = []
    for item, answer in pairs:
        if not _is_int(item):
            raise InputTypeError(f"item numbers must be ints, got {type(item).__name__} {item!r}")
        out.append((item, _likert(answer, f"{letter}{item}")))
    out.sort()
    for (a, _), (b, _) in itertools.pairwise(out):
        if a == b:
            raise RecordError(f"item {a} answered twice", path=f"{letter}{a}")
    return tuple(out)


def _expectations(value: Any) -> tuple[tuple[int, int], ...]:
    return _answers(value, "E")


def _perceptions(value: Any) -> tuple[tuple[int, int], ...]:
    return _answers(value, "P")


@attrs.frozen
class ServqualResponse:
    """One respondent's answers: ``{item: answer}`` for expectations and for perceptions.

    Answers must be whole numbers (a bool, NaN or 5.5 raises
    [`ScaleError`][servicemodel.errors.ScaleError]); the scale range and completeness are
    checked against the instrument when the response is added to a
    [`Servqual`][servicemodel.servqual.Servqual].

    Examples:
        >>> r = ServqualResponse({1: 7, 2: 6}, {1: 5, 2: 6}, respondent="r1")
        >>> r.gap(1)
        -2
    """

    expectations: tuple[tuple[int, int], ...] = attrs.field(converter=_expectations)
    perceptions: tuple[tuple[int, int], ...] = attrs.field(converter=_perceptions)
    respondent: str | None = attrs.field(default=None, kw_only=True)

    def expectation(self, item: int) -> int:
        """The expectation answer for ``item`` (raw, not reverse-scored).

        Examples:
            >>> ServqualResponse({1: 7}, {1: 5}).expectation(1)
            7
        """
        return dict(self.expectations)[item]

    def perception(self, item: int) -> int:
        """The perception answer for ``item`` (raw, not reverse-scored).

        Examples:
            >>> ServqualResponse({1: 7}, {1: 5}).perception(1)
            5
        """
        return dict(self.perceptions)[item]

    def gap(self, item: int) -> int:
        """The raw gap ``P − E`` for ``item`` (before any reverse scoring).

        Examples:
            >>> ServqualResponse({1: 3}, {1: 5}).gap(1)
            2
        """
        return self.perception(item) - self.expectation(item)

    def swapped(self) -> ServqualResponse:
        """The same respondent with expectations and perceptions exchanged.

        Examples:
            >>> ServqualResponse({1: 3}, {1: 5}).swapped().gap(1)
            -2
        """
        return ServqualResponse(self.perceptions, self.expectations, respondent=self.respondent)


@attrs.frozen(repr=False)
class ServqualResult:
    """Gap scores with n and intervals: per item, per dimension, unweighted and weighted.

    Every score is an [`Estimate`][servicemodel.kpi.Estimate] (value ``None`` when ``n == 0``).
    Dimension and overall intervals are taken over respondents' own scores, so the correlation
    between a respondent's items is accounted for. Weights are treated as fixed constants.

    Examples:
        >>> r = Servqual.empty().result()
        >>> r.n, r.unweighted.value
        (0, None)
    """

    instrument: Instrument
    n: int
    item_gaps: tuple[tuple[int, Estimate], ...]
    dimension_gaps: tuple[tuple[str, Estimate], ...]
    unweighted: Estimate
    weighted: Estimate | None
    expectation_means: tuple[tuple[str, float | None], ...]
    perception_means: tuple[tuple[str, float | None], ...]

    def item(self, number: int) -> Estimate:
        """The gap estimate for item ``number``.

        Examples:
            >>> Servqual.empty().result().item(22).n
            0
        """
        for key, est in self.item_gaps:
            if key == number:
                return est
        raise KeyError(f"item {number!r} is not in instrument {self.instrument.name!r}")

    def dimension(self, name: str) -> Estimate:
        """The gap estimate (mean of its item gaps) for dimension ``name``.

        Examples:
            >>> Servqual.empty().result().dimension("empathy").metric
            'SERVQUAL gap: empathy'
        """
        for key, est in self.dimension_gaps:
            if key == name:
                return est
        raise KeyError(f"dimension {name!r} is not in instrument {self.instrument.name!r}")

    def to_records(self) -> list[dict[str, Any]]:
        """One row per dimension plus the overall scores: E, P, gap, interval, n.

        Examples:
            >>> [row["dimension"] for row in Servqual.empty().result().to_records()][-1]
            'overall (unweighted)'
        """
        e_means, p_means = dict(self.expectation_means), dict(self.perception_means)
        rows: list[dict[str, Any]] = []
        for dim, est in self.dimension_gaps:
            rows.append(
                {
                    "dimension": dim,
                    "expectation": e_means[dim],
                    "perception": p_means[dim],
                    "gap": est.value,
                    "lower": est.lower,
                    "upper": est.upper,
                    "n": est.n,
                }
            )
        overall = [("overall (unweighted)", self.unweighted)]
        if self.weighted is not None:
            overall.append(("overall (weighted)", self.weighted))
        for label, est in overall:
            rows.append(
                {
                    "dimension": label,
                    "expectation": None,
                    "perception": None,
                    "gap": est.value,
                    "lower": est.lower,
                    "upper": est.upper,
                    "n": est.n,
                }
            )
        return rows

    def __repr__(self) -> str:
        dims = ", ".join(f"{d} {_short(e.value)}" for d, e in self.dimension_gaps)
        return f"ServqualResult(n={self.n}, overall {_short(self.unweighted.value)}; {dims})"


def _short(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def _zeros(k: int) -> tuple[int, ...]:
    return (0,) * k


def _add_tuples(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


@attrs.frozen
class Servqual:
    """Mergeable SERVQUAL accumulator: integer sums per item and per dimension.

    Holds, over respondents, the sums of expectation, perception, gap and squared gap per item
    (after reverse scoring), each dimension's sum of item gaps, and the cross products of those
    dimension sums (which give exact intervals for any weighted combination). All sums are
    integers, so merge is exactly associative and commutative and equals one pass.

    Examples:
        >>> e = {i: 6 for i in range(1, 23)}
        >>> a = Servqual.empty().add(ServqualResponse(e, {i: 5 for i in e}))
        >>> b = Servqual.empty().add(ServqualResponse(e, {i: 7 for i in e}))
        >>> total = sum([a, b])
        >>> total.n, total.result().unweighted.value
        (2, 0.0)
    """

    instrument: Instrument
    weights: DimensionWeights | None
    n: int
    expectation_sums: tuple[int, ...]
    perception_sums: tuple[int, ...]
    gap_sums: tuple[int, ...]
    gap_squares: tuple[int, ...]
    dimension_sums: tuple[int, ...]
    dimension_products: tuple[int, ...]

    @classmethod
    def empty(
        cls,
        *,
        instrument: Instrument = SERVQUAL_1991,
        weights: DimensionWeights | Mapping[str, float] | None = None,
    ) -> Servqual:
        """An accumulator with no responses for ``instrument`` (and optional ``weights``).

        ``weights`` must name exactly the instrument's dimensions; a plain mapping is checked
        as [`DimensionWeights`][servicemodel.servqual.DimensionWeights].

        Examples:
            >>> Servqual.empty(weights={"tangibles": 1}).n
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: weights: no weight for ['reliability', ...
        """
        if not isinstance(instrument, Instrument):
            raise InputTypeError(
                f"instrument must be an Instrument, got {type(instrument).__name__} {instrument!r}"
            )
        if weights is not None and not isinstance(weights, DimensionWeights):
            weights = DimensionWeights(weights)
        if weights is not None:
            missing = [d for d in instrument.dimensions if d not in weights.dimensions]
            extra = [d for d in weights.dimensions if d not in instrument.dimensions]
            if missing:
                raise ConfigError(f"no weight for {missing}", path="weights")
            if extra:
                raise ConfigError(f"not dimensions of {instrument.name!r}: {extra}", path="weights")
        k, d = len(instrument.items), len(instrument.dimensions)
        return cls(
            instrument,
            weights,
            0,
            _zeros(k),
            _zeros(k),
            _zeros(k),
            _zeros(k),
            _zeros(d),
            _zeros(d * d),
        )

    def add(self, response: ServqualResponse) -> Servqual:
        """Return a new accumulator that also holds ``response``.

        Every instrument item needs both answers, within the instrument's scale: a missing
        or unknown item raises [`RecordError`][servicemodel.errors.RecordError] naming it
        (e.g. ``P7``), an answer off the scale raises
        [`ScaleError`][servicemodel.errors.ScaleError].

        Examples:
            >>> Servqual.empty().add(ServqualResponse({1: 9}, {1: 5}))
            Traceback (most recent call last):
            ...
            servicemodel.errors.ScaleError: E1: 9 is outside the 1–7 scale
        """
        if not isinstance(response, ServqualResponse):
            raise InputTypeError(
                f"expected a ServqualResponse, got {type(response).__name__} {response!r}"
            )
        inst = self.instrument
        low, high = inst.scale
        who = f" (respondent {response.respondent!r})" if response.respondent is not None else ""
        answers = {"E": dict(response.expectations), "P": dict(response.perceptions)}
        for letter, given in answers.items():
            for item, value in given.items():
                if not low <= value <= high:
                    raise ScaleError(
                        f"{letter}{item}: {value} is outside the {low}–{high} scale{who}"
                    )
        numbers = set(inst.item_numbers)
        for letter, given in answers.items():
            unknown = sorted(set(given) - numbers)
            if unknown:
                raise RecordError(
                    f"item {unknown[0]} is not in instrument {inst.name!r}{who}",
                    path=f"{letter}{unknown[0]}",
                )
            for item in inst.item_numbers:
                if item not in given:
                    raise RecordError(f"missing answer{who}", path=f"{letter}{item}")
        e_new, p_new, g_new, g2_new = [], [], [], []
        dim_index = {dim: i for i, dim in enumerate(inst.dimensions)}
        dim_gap = [0] * len(inst.dimensions)
        for item, dim in inst.items:
            e = inst.reverse(item, answers["E"][item])
            p = inst.reverse(item, answers["P"][item])
            g = p - e
            e_new.append(e)
            p_new.append(p)
            g_new.append(g)
            g2_new.append(g * g)
            dim_gap[dim_index[dim]] += g
        products = tuple(a * b for a in dim_gap for b in dim_gap)
        return attrs.evolve(
            self,
            n=self.n + 1,
            expectation_sums=_add_tuples(self.expectation_sums, tuple(e_new)),
            perception_sums=_add_tuples(self.perception_sums, tuple(p_new)),
            gap_sums=_add_tuples(self.gap_sums, tuple(g_new)),
            gap_squares=_add_tuples(self.gap_squares, tuple(g2_new)),
            dimension_sums=_add_tuples(self.dimension_sums, tuple(dim_gap)),
            dimension_products=_add_tuples(self.dimension_products, products),
        )

    def add_many(self, responses: Iterable[ServqualResponse]) -> Servqual:
        """Return a new accumulator that also holds every response in ``responses``.

        Examples:
            >>> e = {i: 5 for i in range(1, 23)}
            >>> Servqual.empty().add_many([ServqualResponse(e, e)] * 3).n
            3
        """
        acc = self
        for response in responses:
            acc = acc.add(response)
        return acc

    def merge(self, other: Servqual) -> Servqual:
        """Combine two accumulators of the same instrument and weights (exact).

        Examples:
            >>> Servqual.empty().merge(Servqual.empty(instrument=SERVQUAL_1988))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge SERVQUAL of instrument ...
        """
        if not isinstance(other, Servqual):
            raise InputTypeError(f"cannot merge Servqual with {type(other).__name__}")
        if other.instrument != self.instrument:
            raise MergeError(
                f"cannot merge SERVQUAL of instrument {self.instrument.name!r} with "
                f"{other.instrument.name!r} (different instruments)"
            )
        if other.weights != self.weights:
            raise MergeError(
                f"cannot merge SERVQUAL with weights {self.weights!r} and {other.weights!r}"
            )
        return attrs.evolve(
            self,
            n=self.n + other.n,
            expectation_sums=_add_tuples(self.expectation_sums, other.expectation_sums),
            perception_sums=_add_tuples(self.perception_sums, other.perception_sums),
            gap_sums=_add_tuples(self.gap_sums, other.gap_sums),
            gap_squares=_add_tuples(self.gap_squares, other.gap_squares),
            dimension_sums=_add_tuples(self.dimension_sums, other.dimension_sums),
            dimension_products=_add_tuples(self.dimension_products, other.dimension_products),
        )

    def __add__(self, other: Servqual) -> Servqual:
        return self.merge(other)

    def __radd__(self, other: object) -> Servqual:
        # sum() starts from 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        if isinstance(other, Servqual):
            return other.merge(self)
        return NotImplemented

    def result(
        self, *, level: float = 0.95, interval: Literal["t", "normal"] = "t"
    ) -> ServqualResult:
        """Gap scores with their intervals (Student's t by default, or normal).

        Examples:
            >>> e = {i: 6 for i in range(1, 23)}
            >>> acc = Servqual.empty().add_many(
            ...     [ServqualResponse(e, {i: 5 for i in e}), ServqualResponse(e, {i: 6 for i in e})]
            ... )
            >>> acc.result().item(1)
            SERVQUAL gap: item 1 -0.5 ±6.353 (n=2, 95 %)
        """
        if interval not in ("t", "normal"):
            raise InputTypeError(f"interval must be 't' or 'normal', got {interval!r}")
        inst = self.instrument
        n = self.n
        crit = _critical(n, level, interval)
        items: list[tuple[int, Estimate]] = []
        for i, (item, _) in enumerate(inst.items):
            s, s2 = self.gap_sums[i], self.gap_squares[i]
            mean = Fraction(s, n) if n else None
            m2 = Fraction(s2) - Fraction(s * s, n) if n else None
            items.append(
                (item, _estimate(f"SERVQUAL gap: item {item}", mean, m2, n, crit, level, interval))
            )
        d = len(inst.dimensions)
        sizes = [len(inst.items_of(dim)) for dim in inst.dimensions]
        dims: list[tuple[str, Estimate]] = []
        for j, dim in enumerate(inst.dimensions):
            coef = [Fraction(0)] * d
            coef[j] = Fraction(1, sizes[j])
            dims.append(
                (dim, self._combination(f"SERVQUAL gap: {dim}", coef, crit, level, interval))
            )
        unweighted = self._combination(
            "SERVQUAL (unweighted)",
            [Fraction(1, d * k) for k in sizes],
            crit,
            level,
            interval,
        )
        weighted = None
        if self.weights is not None:
            weighted = self._combination(
                "SERVQUAL (weighted)",
                [
                    Fraction(self.weights.weight(dim)) / k
                    for dim, k in zip(inst.dimensions, sizes, strict=True)
                ],
                crit,
                level,
                interval,
            )
        e_means: list[tuple[str, float | None]] = []
        p_means: list[tuple[str, float | None]] = []
        for j, dim in enumerate(inst.dimensions):
            idx = [i for i, (_, dd) in enumerate(inst.items) if dd == dim]
            if n:
                e_means.append(
                    (dim, float(Fraction(sum(self.expectation_sums[i] for i in idx), n * sizes[j])))
                )
                p_means.append(
                    (dim, float(Fraction(sum(self.perception_sums[i] for i in idx), n * sizes[j])))
                )
            else:
                e_means.append((dim, None))
                p_means.append((dim, None))
        return ServqualResult(
            instrument=inst,
            n=n,
            item_gaps=tuple(items),
            dimension_gaps=tuple(dims),
            unweighted=unweighted,
            weighted=weighted,
            expectation_means=tuple(e_means),
            perception_means=tuple(p_means),
        )

    def _combination(
        self,
        metric: str,
        coef: Sequence[Fraction],
        crit: float | None,
        level: float,
        interval: str,
    ) -> Estimate:
        """Mean and spread over respondents of ``Σ coef_d · (respondent's gap sum in d)``."""
        n = self.n
        if n == 0:
            return _estimate(metric, None, None, 0, crit, level, interval)
        d = len(coef)
        sums = self.dimension_sums
        total = sum((c * s for c, s in zip(coef, sums, strict=True)), Fraction(0))
        m2 = Fraction(0)
        for a in range(d):
            if not coef[a]:
                continue
            for b in range(d):
                if not coef[b]:
                    continue
                centred = self.dimension_products[a * d + b] - Fraction(sums[a] * sums[b], n)
                m2 += coef[a] * coef[b] * centred
        return _estimate(metric, total / n, m2, n, crit, level, interval)


def _critical(n: int, level: float, interval: str) -> float | None:
    if n < 2:
        z_for_level(level)  # still validate the level
        return None
    if interval == "normal":
        return z_for_level(level)
    return t_quantile(0.5 + level / 2, n - 1)


def _estimate(
    metric: str,
    mean: Fraction | None,
    m2: Fraction | None,
    n: int,
    crit: float | None,
    level: float,
    interval: str,
) -> Estimate:
    if mean is None or m2 is None or n == 0:
        return Estimate(metric, None, 0, level=level, method=interval)
    value = float(mean)
    if crit is None:
        return Estimate(metric, value, n, level=level, method=interval)
    se = math.sqrt(float(max(m2, Fraction(0)) / (n - 1) / n))
    half = crit * se
    return Estimate(
        metric,
        value,
        n,
        lower=value - half,
        upper=value + half,
        level=level,
        method=interval,
        se=se,
    )


_COLUMN = re.compile(r"^([EP])(\d+)$")


def _cell(raw: Any, line: int, column: str) -> int:
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise RecordError("missing answer", path=column, line=line)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise RecordError(f"not a whole number: {raw!r}", path=column, line=line)
        return int(text)
    if raw is None:
        raise RecordError("missing answer", path=column, line=line)
    try:
        return _likert(raw, column)
    except (ScaleError, InputTypeError) as exc:
        raise RecordError(str(exc).split(": ", 1)[-1], path=column, line=line) from exc


def responses_from_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    instrument: Instrument = SERVQUAL_1991,
    start_line: int = 2,
) -> Iterator[ServqualResponse]:
    """Read responses from rows like ``{"respondent": "r1", "E1": "6", ..., "P22": "5"}``.

    Values may be ints or strings of digits (as ``csv.DictReader`` gives). Other columns are
    ignored, except ``E<k>``/``P<k>`` for an item not in the instrument. ``start_line`` is the
    line number of the first row (2 for a CSV file with a header line). Any problem — missing
    or non-numeric answer, value off the scale, unknown item — raises
    [`RecordError`][servicemodel.errors.RecordError] naming the line and the column.

    Examples:
        >>> rows = [{"respondent": "r1", **{f"E{i}": "6" for i in range(1, 23)},
        ...          **{f"P{i}": "5" for i in range(1, 23)}}]
        >>> [r.gap(3) for r in responses_from_rows(rows)]
        [-1]
        >>> next(responses_from_rows([{"E1": "6", "P1": "x"}]))
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: line 2: P1: not a whole number: 'x'
    """
    low, high = instrument.scale
    numbers = set(instrument.item_numbers)
    for offset, row in enumerate(rows):
        line = start_line + offset
        if not isinstance(row, Mapping):
            raise RecordError(f"expected a mapping, got {type(row).__name__}", line=line)
        answers: dict[str, dict[int, int]] = {"E": {}, "P": {}}
        for column, raw in row.items():
            match = _COLUMN.match(str(column))
            if match is None:
                continue
            letter, item = match.group(1), int(match.group(2))
            if item not in numbers:
                raise RecordError(
                    f"item {item} is not in instrument {instrument.name!r}", path=column, line=line
                )
            value = _cell(raw, line, column)
            if not low <= value <= high:
                raise RecordError(
                    f"{value} is outside the {low}–{high} scale", path=column, line=line
                )
            answers[letter][item] = value
        for item in instrument.item_numbers:
            for letter in ("E", "P"):
                if item not in answers[letter]:
                    raise RecordError("missing answer", path=f"{letter}{item}", line=line)
        respondent = row.get("respondent")
        yield ServqualResponse(
            answers["E"],
            answers["P"],
            respondent=None if respondent in (None, "") else str(respondent),
        )
