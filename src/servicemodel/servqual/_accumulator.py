"""The mergeable SERVQUAL accumulator: exact integer sums per item and per dimension."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any, Literal, Self

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import check_count
from servicemodel._validators import require_iterable, require_type
from servicemodel.errors import ConfigError, InputTypeError, MergeError, RecordError, ScaleError
from servicemodel.kpi import Estimate, MergeOperators
from servicemodel.servqual._instrument import (
    SERVQUAL_1991,
    DimensionWeights,
    Instrument,
)
from servicemodel.servqual._response import ServqualResponse
from servicemodel.servqual._result import ServqualResult, _critical, _estimate

__all__ = ["Servqual"]


def _zeros(k: int) -> tuple[int, ...]:
    return (0,) * k


def _add_tuples(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


#: The per-item and per-dimension sums, in field order.
_SUMS = (
    "expectation_sums",
    "perception_sums",
    "gap_sums",
    "gap_squares",
    "dimension_sums",
    "dimension_products",
)


def _twice(label: str) -> MergeError:
    return MergeError(
        f"respondent {safe_repr(label)} was already added; each respondent counts once"
    )


@attrs.frozen
class Servqual(MergeOperators):
    """Mergeable SERVQUAL accumulator: integer sums per item and per dimension.

    Holds, over respondents, the sums of expectation, perception, gap and squared gap per item
    (after reverse scoring), each dimension's sum of item gaps, and the cross products of those
    dimension sums (which give exact intervals for any weighted combination). All sums are
    integers, so merge is exactly associative and commutative and equals one pass.

    It also keeps the labels of the respondents added (``ServqualResponse(...,
    respondent="r1")``): a respondent counts once, so adding one a second time, or merging
    parts that both hold one, raises [`MergeError`][servicemodel.errors.MergeError] naming
    it (as [`JourneyStats`][servicemodel.journey.JourneyStats] does for a customer).
    Responses without a label cannot be told apart and are not checked.

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
    #: The labels of the respondents added (those with one), so that none counts twice.
    respondents: frozenset[str] = frozenset()
    # The sums are checked where they are read (add, merge and result, see _check), not when
    # built: add rebuilds the accumulator for every response.

    def _check(self) -> None:
        """Refuse an accumulator whose fields are of the wrong kind (built by hand, evolved)."""
        self._check_sums()
        if not all(type(label) is str for label in self.respondents):
            raise InputTypeError(
                f"respondents: expected a frozenset of labels (str), got "
                f"{safe_repr(self.respondents)}"
            )

    def _check_sums(self) -> None:
        """``_check`` but each label: the instrument, weights, n and sums, and the kind of
        the labels' container; in time independent of the respondents, for ``add``."""
        require_type(self.instrument, Instrument, "instrument")
        if self.weights is not None:
            require_type(self.weights, DimensionWeights, "weights")
        check_count(self.n, "n")
        k, d = len(self.instrument.items), len(self.instrument.dimensions)
        sizes = (k, k, k, k, d, d * d)
        for name, size in zip(_SUMS, sizes, strict=True):
            value = getattr(self, name)
            if (
                type(value) is not tuple
                or len(value) != size
                or not all(type(v) is int for v in value)
            ):
                raise InputTypeError(
                    f"{name}: expected {size} integer sums, got {safe_repr(value)}"
                )
        if type(self.respondents) is not frozenset:
            raise InputTypeError(
                f"respondents: expected a frozenset of labels (str), got "
                f"{safe_repr(self.respondents)}"
            )

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
                f"instrument must be an Instrument, got {type(instrument).__name__} "
                f"{safe_repr(instrument)}"
            )
        if weights is not None and not isinstance(weights, DimensionWeights):
            weights = DimensionWeights(weights)
        if weights is not None:
            missing = [d for d in instrument.dimensions if d not in weights.dimensions]
            extra = [d for d in weights.dimensions if d not in instrument.dimensions]
            if missing:
                raise ConfigError(f"no weight for {missing}", path="weights")
            if extra:
                raise ConfigError(
                    f"not dimensions of {safe_repr(instrument.name)}: {extra}", path="weights"
                )
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
        [`ScaleError`][servicemodel.errors.ScaleError]. A respondent already added (by its
        label) raises [`MergeError`][servicemodel.errors.MergeError].

        Examples:
            >>> Servqual.empty().add(ServqualResponse({1: 9}, {1: 5}))
            Traceback (most recent call last):
            ...
            servicemodel.errors.ScaleError: E1: 9 is outside the 1–7 scale
            >>> e = {i: 6 for i in range(1, 23)}
            >>> once = Servqual.empty().add(ServqualResponse(e, e, respondent="r1"))
            >>> once.add(ServqualResponse(e, e, respondent="r1"))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: respondent 'r1' was already added; each respondent counts once
        """  # noqa: E501
        # An accumulator built by hand or evolved, with n None or sums of another length,
        # was a bare TypeError or ValueError in the sums below.
        self._check_sums()
        acc = self._add_answers(response)
        label = response.respondent
        if label is None:
            return acc
        if label in self.respondents:
            raise _twice(label)
        return attrs.evolve(acc, respondents=self.respondents | {label})

    def _add_answers(self, response: ServqualResponse) -> Servqual:
        """``add`` without the respondent's label: the checks and the sums."""
        if not isinstance(response, ServqualResponse):
            raise InputTypeError(
                f"expected a ServqualResponse, got {type(response).__name__} {safe_repr(response)}"
            )
        inst = self.instrument
        low, high = inst.scale
        who = (
            f" (respondent {safe_repr(response.respondent)})"
            if response.respondent is not None
            else ""
        )
        answers = {"E": dict(response.expectations), "P": dict(response.perceptions)}
        for letter, given in answers.items():
            for item, value in given.items():
                if not low <= value <= high:
                    raise ScaleError(
                        f"{letter}{item}: {safe_repr(value)} is outside the {low}–{high} scale{who}"
                    )
        numbers = set(inst.item_numbers)
        for letter, given in answers.items():
            unknown = sorted(set(given) - numbers)
            if unknown:
                raise RecordError(
                    f"item {unknown[0]} is not in instrument {safe_repr(inst.name)}{who}",
                    path=f"{letter}{unknown[0]}",
                )
            for item in inst.item_numbers:
                if item not in given:
                    raise RecordError(f"missing answer{who}", path=f"{letter}{item}")
        e_new, p_new, g_new, g2_new = [], [], [], []
        dim_index = {dim: i for i, dim in enumerate(inst.dimensions)}
        dim_gap = [0] * len(inst.dimensions)
        for item, dim in inst.items:
            e = inst._reverse(item, answers["E"][item])
            p = inst._reverse(item, answers["P"][item])
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
        # The labels are gathered in a set and frozen once: a frozenset union per response
        # would copy every label so far, quadratic in the respondents.
        acc = self
        self._check_sums()
        labels = set(self.respondents)
        for response in require_iterable(responses, "responses"):
            acc = acc._add_answers(response)
            label = response.respondent
            if label is not None:
                if label in labels:
                    raise _twice(label)
                labels.add(label)
        if len(labels) == len(self.respondents):
            return acc
        return attrs.evolve(acc, respondents=frozenset(labels))

    def _merge_params(self) -> tuple[Instrument, DimensionWeights | None]:
        return (self.instrument, self.weights)

    def _check_mergeable(self, other: Any) -> None:
        # Name what differs (an instrument or the weights) rather than print both in full.
        if type(other) is type(self) and other.instrument != self.instrument:
            raise MergeError(
                f"cannot merge SERVQUAL of instrument {safe_repr(self.instrument.name)} with "
                f"{safe_repr(other.instrument.name)} (different instruments)"
            )
        if type(other) is type(self) and other.weights != self.weights:
            raise MergeError(
                f"cannot merge SERVQUAL with weights {safe_repr(self.weights)} and "
                f"{safe_repr(other.weights)}"
            )
        super()._check_mergeable(other)

    def merge(self, other: Self) -> Self:
        """Combine two accumulators of the same instrument and weights (exact).

        The parts hold different respondents: a label in both raises
        [`MergeError`][servicemodel.errors.MergeError] naming it.

        Examples:
            >>> from servicemodel.servqual import SERVQUAL_1988
            >>> Servqual.empty().merge(Servqual.empty(instrument=SERVQUAL_1988))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge SERVQUAL of instrument ...
        """
        self._check()
        if type(other) is type(self):
            other._check()
        self._check_mergeable(other)
        shared = self.respondents & other.respondents
        if shared:
            raise MergeError(
                f"respondent {safe_repr(min(shared))} is in both parts; partition the "
                f"responses by respondent"
            )
        return attrs.evolve(
            self,
            respondents=self.respondents | other.respondents,
            n=self.n + other.n,
            expectation_sums=_add_tuples(self.expectation_sums, other.expectation_sums),
            perception_sums=_add_tuples(self.perception_sums, other.perception_sums),
            gap_sums=_add_tuples(self.gap_sums, other.gap_sums),
            gap_squares=_add_tuples(self.gap_squares, other.gap_squares),
            dimension_sums=_add_tuples(self.dimension_sums, other.dimension_sums),
            dimension_products=_add_tuples(self.dimension_products, other.dimension_products),
        )

    def result(
        self, *, level: float = 0.95, interval: Literal["t", "normal"] = "t"
    ) -> ServqualResult:
        """Gap scores with their intervals (Student's t by default, or normal).

        Each interval is clipped to the values its score can take: a gap P − E lies in
        [low − high, high − low] of the instrument's scale (−6 to 6 on 1–7), and so does a
        dimension's or the unweighted score; the weighted one in that range times Σw.

        Examples:
            >>> e = {i: 6 for i in range(1, 23)}
            >>> acc = Servqual.empty().add_many(
            ...     [ServqualResponse(e, {i: 5 for i in e}), ServqualResponse(e, {i: 6 for i in e})]
            ... )
            >>> acc.result().item(1)
            SERVQUAL gap: item 1 -0.5 [-6, 5.853] (n=2, 95 %)
        """
        if not isinstance(interval, str):
            raise InputTypeError(
                f"interval must be 't' or 'normal', got {type(interval).__name__} "
                f"{safe_repr(interval)}"
            )
        if interval not in ("t", "normal"):  # text naming no interval: a ValueError
            raise ConfigError(f"interval must be 't' or 'normal', got {safe_repr(interval)}")
        self._check()
        inst = self.instrument
        n = self.n
        crit = _critical(n, level, interval)
        # A gap P − E lies in [low − high, high − low]: the intervals are clipped to it.
        span = Fraction(inst.scale[1] - inst.scale[0])
        items: list[tuple[int, Estimate]] = []
        for i, (item, _) in enumerate(inst.items):
            s, s2 = self.gap_sums[i], self.gap_squares[i]
            mean = Fraction(s, n) if n else None
            m2 = Fraction(s2) - Fraction(s * s, n) if n else None
            metric = f"SERVQUAL gap: item {item}"
            items.append(
                (item, _estimate(metric, mean, m2, n, crit, level, interval, (-span, span)))
            )
        d = len(inst.dimensions)
        counts = Counter(dim for _, dim in inst.items)  # one pass, not one per dimension
        sizes = [counts[dim] for dim in inst.dimensions]
        dims: list[tuple[str, Estimate]] = []
        for j, dim in enumerate(inst.dimensions):
            coef = [Fraction(0)] * d
            coef[j] = Fraction(1, sizes[j])
            dims.append(
                (
                    dim,
                    self._combination(f"SERVQUAL gap: {dim}", coef, crit, level, interval, sizes),
                )
            )
        unweighted = self._combination(
            "SERVQUAL (unweighted)",
            [Fraction(1, d * k) for k in sizes],
            crit,
            level,
            interval,
            sizes,
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
                sizes,
            )
        e_means = self._dimension_means(self.expectation_sums)
        p_means = self._dimension_means(self.perception_sums)
        return ServqualResult(
            instrument=inst,
            n=n,
            item_gaps=tuple(items),
            dimension_gaps=tuple(dims),
            unweighted=unweighted,
            weighted=weighted,
            expectation_means=e_means,
            perception_means=p_means,
        )

    def _dimension_means(self, sums: tuple[int, ...]) -> tuple[tuple[str, float | None], ...]:
        """Mean answer per dimension from per-item ``sums`` (``None`` with no responses)."""
        inst, n = self.instrument, self.n
        out: list[tuple[str, float | None]] = []
        totals: Counter[str] = Counter()
        counts: Counter[str] = Counter()
        for (_, dim), total in zip(inst.items, sums, strict=True):  # one pass over the items
            totals[dim] += total
            counts[dim] += 1
        for dim in inst.dimensions:
            mean = float(Fraction(totals[dim], n * counts[dim])) if n else None
            out.append((dim, mean))
        return tuple(out)

    def _combination(
        self,
        metric: str,
        coef: Sequence[Fraction],
        crit: float | None,
        level: float,
        interval: str,
        sizes: Sequence[int],
    ) -> Estimate:
        """Mean and spread over respondents of ``Σ coef_d · (respondent's gap sum in d)``.

        Each item gap lies in [−span, span] (span = high − low), so the combination lies in
        ``±span · Σ coef_d · k_d`` with k_d = ``sizes[d]`` the items of dimension d (the
        weights are ≥ 0):
        ±span for a dimension and the unweighted score, ±span · Σw for the weighted one.
        """
        inst, n = self.instrument, self.n
        # Only the dimensions the combination uses: a dimension's score uses one, and
        # going over all of them for each made result() cubic in the dimensions (an
        # instrument of 1000 took half a minute).
        used = [a for a, c in enumerate(coef) if c]
        span = Fraction(inst.scale[1] - inst.scale[0])
        reach = span * sum((coef[a] * sizes[a] for a in used), Fraction(0))
        bounds = (-reach, reach)
        if n == 0:
            return _estimate(metric, None, None, 0, crit, level, interval, bounds)
        # In integers, exactly: with coef_d = u_d / den,
        #   m2 = Σ_ab coef_a·coef_b·(P_ab − S_a·S_b/n)
        #      = (n·Σ_ab u_a·u_b·P_ab − (Σ_a u_a·S_a)²) / (n·den²).
        # Fractions term by term took seconds for the unweighted score of 1000 dimensions.
        d = len(coef)
        sums, products = self.dimension_sums, self.dimension_products
        den = math.lcm(*(coef[a].denominator for a in used)) if used else 1
        u = {a: coef[a].numerator * (den // coef[a].denominator) for a in used}
        linear = sum(u[a] * sums[a] for a in used)
        cross = sum(u[a] * sum(u[b] * products[a * d + b] for b in used) for a in used)
        total = Fraction(linear, den)
        m2 = Fraction(n * cross - linear * linear, n * den * den)
        return _estimate(metric, total / n, m2, n, crit, level, interval, bounds)
