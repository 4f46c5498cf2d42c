"""Agreement between raters: Cohen's κ, Fleiss' κ and Krippendorff's α, with intervals.

Formulas (sources in ``docs/qa.md``):

- **Cohen's κ** (Cohen 1960), two raters, nominal: ``κ = (p_o − p_e) / (1 − p_e)`` with
  ``p_e = Σ p_i· p_·i`` from each rater's own marginals. Standard error: the large-sample
  variance of Fleiss, Cohen & Everitt (1969, *Psychological Bulletin* 72(5)), the "ASE" SAS
  PROC FREQ prints; the interval is ``κ ± z·SE`` (clipped to [−1, 1]). Where that SE is 0
  (the raters agree on every subject, or one rater used one label) the large-sample variance
  has nothing to go on: the interval has no lower bound and 1 as its upper bound. The test of
  κ = 0 uses the variance under the null from the same paper.
- **Weighted κ** (Cohen 1968), two raters, ordinal: agreement weights ``w_ij = 1 − |i − j|/(k − 1)``
  (linear) or ``1 − ((i − j)/(k − 1))²`` (quadratic) over the ``k`` ordered categories, then
  ``κ_w = (p_o − p_e)/(1 − p_e)`` with ``p_o = Σ w_ij p_ij`` and ``p_e = Σ w_ij p_i· p_·j``; its
  standard errors are the weighted forms of the same Fleiss, Cohen & Everitt (1969) variances.
- **Fleiss' κ** (Fleiss 1971, *Psychological Bulletin* 76(5)), a fixed number ``m`` of
  ratings per subject (the raters may differ between subjects): ``κ = (P̄ − P̄e)/(1 − P̄e)``.
  The standard error under κ = 0 is Fleiss, Nee & Landis (1979, *Psychological Bulletin*
  86(5)) — what R ``irr::kappam.fleiss`` reports — and is used for the z test only: it is not
  a standard error of κ away from 0, so the interval is a percentile bootstrap over subjects.
- **Krippendorff's α** (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"),
  any number of raters, missing ratings allowed: ``α = 1 − D_o / D_e`` from the coincidence
  matrix, with the nominal, ordinal, interval or ratio difference function. No closed-form
  interval is published for α in general; the interval is a percentile bootstrap over units
  (a plain unit bootstrap, not the Hayes & Krippendorff 2007 macro's algorithm).

Bootstraps use ``resamples`` draws seeded with ``seed`` (default 1000 and seed 0), so a result
is reproducible, and each int seed, negative ones included, draws its own numbers;
``resamples=0`` gives no interval. Nor does one subject (unit): every resample is that one
again, and ``[κ, κ]`` would be certainty from one observation. Nor do fewer than two draws,
or fewer than half of them, with a defined coefficient.

The z tests (Cohen's κ, weighted κ, Fleiss' κ) are two-sided: ``p = 2·(1 − Φ(|z|))``.

Examples:
    >>> a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> round(cohen_kappa(a, b).value, 3)
    0.4
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import attrs

from servicemodel._config import one_of, safe_repr
from servicemodel._numbers import (
    count_field,
    count_value,
    integral,
    is_bool,
    read_seed,
    seeded_random,
)
from servicemodel._validators import instance_of, require_iterable
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi import Estimate, z_for_level
from servicemodel.kpi._shared import check_level, level_field, level_value

__all__ = ["Agreement", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha"]

Level = Literal["nominal", "ordinal", "interval", "ratio"]
_LEVELS = ("nominal", "ordinal", "interval", "ratio")


#: A coefficient's number, or ``None`` where it is undefined: another value would fail later,
#: in ``to_estimate`` or ``repr``.
_OPTIONAL_NUMBER = instance_of((int, float), optional=True)


@attrs.frozen(repr=False)
class Agreement:
    """A coefficient of agreement with its interval and how it was computed.

    ``value`` is ``None`` when the coefficient is undefined (every rating in one category: no
    disagreement could be told from chance). ``n`` counts the subjects (units) used,
    ``missing`` those left out; ``se`` is the standard error behind a closed-form interval (or
    ``None`` for a bootstrap); ``se_null``, ``z`` and ``p_value`` test "no agreement beyond
    chance" where a published null variance exists: ``z = value / se_null`` and a two-sided
    ``p_value = 2·(1 − Φ(|z|))``, so agreement worse than chance rejects it too. ``lower``
    and ``upper`` are ``None`` where there is no interval (a bootstrap over one subject);
    ``observed`` and ``expected`` are the observed and chance agreement (κ) or disagreement
    (α).

    Examples:
        >>> cohen_kappa(["a", "b", "a", "b"], ["a", "b", "a", "a"])
        Cohen's kappa 0.5 [-0.235, 1] (n=4, 95 %)
    """

    metric: str = attrs.field(validator=instance_of(str))
    value: float | None = attrs.field(validator=_OPTIONAL_NUMBER)
    n: int = attrs.field(converter=count_value, validator=count_field)
    lower: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    upper: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    # The one rule of a level (kpi's): any real number, as the decimal it prints as.
    level: float = attrs.field(default=0.95, converter=level_value, validator=level_field)
    method: str = attrs.field(default="", validator=instance_of(str))
    se: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    se_null: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    z: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    p_value: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    raters: int = attrs.field(default=0, converter=count_value, validator=count_field)
    missing: int = attrs.field(default=0, converter=count_value, validator=count_field)
    observed: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)
    expected: float | None = attrs.field(default=None, validator=_OPTIONAL_NUMBER)

    def to_estimate(self) -> Estimate:
        """The coefficient as a ``servicemodel.kpi.Estimate`` (for reports and tables).

        Examples:
            >>> cohen_kappa(["a", "b"], ["a", "b"]).to_estimate().value
            1.0
        """
        value = self.value
        lower = None if value is None or self.lower is None else min(self.lower, value)
        upper = None if value is None or self.upper is None else max(self.upper, value)
        return Estimate(
            self.metric,
            value,
            self.n,
            lower=lower,
            upper=upper,
            level=self.level,
            method=self.method,
            missing=self.missing,
            se=self.se,
        )

    def to_record(self) -> dict[str, Any]:
        """A flat ``dict`` of every field (one table row).

        Examples:
            >>> sorted(cohen_kappa(["a", "b"], ["a", "b"]).to_record())[:3]
            ['expected', 'level', 'lower']
        """
        return attrs.asdict(self)

    def __repr__(self) -> str:
        return repr(self.to_estimate())


def _test(value: float | None, se_null: float | None) -> tuple[float | None, float | None]:
    """``z = value / se_null`` and its two-sided p-value, ``2·(1 − Φ(|z|))``.

    Written ``erfc(|z|/√2)``, the same number: ``1 − Φ(|z|)`` rounds to 0 from ``|z|`` ≈ 8.3
    on, and a p-value of 0 would claim the impossible (Fleiss's 1971 example has z 17.65).
    """
    if value is None or se_null is None or not se_null > 0:
        return None, None
    z = value / se_null
    return z, min(1.0, math.erfc(abs(z) / math.sqrt(2)))


def _check_resamples(resamples: Any, seed: Any) -> tuple[int, int]:
    """Check the bootstrap's arguments; return them as Python ints (numpy ints too, as seeds)."""
    count = integral(resamples)
    if count is None:
        raise InputTypeError(
            f"resamples must be an int in 0..1000000, got {type(resamples).__name__} "
            f"{safe_repr(resamples)}"
        )
    if not 0 <= count <= 10**6:  # an int not allowed: a ValueError
        raise ConfigError(f"resamples must be an int in 0..1000000, got {safe_repr(resamples)}")
    return count, read_seed(seed)


def _check_level(level: Any, name: str) -> float:
    """A confidence level as the float it is read as (kpi's one rule, ``check_level``: a
    ``Decimal``, ``Fraction`` or numpy level is the decimal it prints as), else raise naming
    the argument (``level``, ``confidence``). Read before the bootstrap, whose percentiles
    took ``None``, text or an infinity as a bare TypeError or OverflowError, and a
    ``Decimal`` as a TypeError."""
    try:
        return check_level(level)
    except (ConfigError, InputTypeError) as exc:
        raise type(exc)(f"{name}{str(exc).removeprefix('level')}") from None


def _percentile_interval(
    items: Sequence[Any],
    statistic: Callable[[Sequence[Any]], float | None],
    level: float,
    resamples: int,
    seed: int,
) -> tuple[float | None, float | None]:
    """Percentile bootstrap over ``items``; draws where the statistic is undefined are skipped."""
    if resamples == 0 or len(items) < 2:
        return None, None
    rng = seeded_random(seed)
    n = len(items)
    draws = []
    for _ in range(resamples):
        value = statistic([items[rng.randrange(n)] for _ in range(n)])
        if value is not None:
            draws.append(value)
    if len(draws) < max(2, resamples // 2):
        return None, None  # mostly undefined resamples: no honest interval
    draws.sort()
    tail = (1 - level) / 2
    lo = draws[max(0, math.floor(tail * len(draws)))]
    hi = draws[min(len(draws) - 1, math.ceil((1 - tail) * len(draws)) - 1)]
    return lo, hi


# --- Cohen ------------------------------------------------------------------------------------


def _cohen(pairs: Sequence[tuple[Hashable, Hashable]]) -> dict[str, float] | None:
    # Exact fractions: the variance is zero exactly when it should be (see ``_stats``).
    n = len(pairs)
    table = Counter(pairs)
    rows = Counter(a for a, _ in pairs)
    cols = Counter(b for _, b in pairs)
    cats = set(rows) | set(cols)
    p_row = {c: Fraction(rows[c], n) for c in cats}
    p_col = {c: Fraction(cols[c], n) for c in cats}
    p_o = Fraction(sum(table[(c, c)] for c in cats), n)
    p_e = sum((p_row[c] * p_col[c] for c in cats), Fraction(0))
    if p_e >= 1:
        return None
    kappa = (p_o - p_e) / (1 - p_e)
    # Fleiss, Cohen & Everitt (1969), large-sample variance of kappa (SAS "ASE").
    diag = sum(
        (Fraction(table[(c, c)], n) * (1 - (p_row[c] + p_col[c]) * (1 - kappa)) ** 2 for c in cats),
        Fraction(0),
    )
    off = (1 - kappa) ** 2 * sum(
        (
            Fraction(count, n) * (p_col[a] + p_row[b]) ** 2
            for (a, b), count in table.items()
            if a != b
        ),
        Fraction(0),
    )
    var = (diag + off - (kappa - p_e * (1 - kappa)) ** 2) / (n * (1 - p_e) ** 2)
    var0 = (p_e + p_e**2 - sum(p_row[c] * p_col[c] * (p_row[c] + p_col[c]) for c in cats)) / (
        n * (1 - p_e) ** 2
    )
    return _stats(kappa, p_o, p_e, var, var0)


def _stats(
    kappa: Fraction, p_o: Fraction, p_e: Fraction, var: Fraction, var0: Fraction
) -> dict[str, float]:
    """The κ statistics as floats, from their exact values.

    The Fleiss–Cohen–Everitt variance is the variance, over the table's occupied cells, of
    each cell's term; it is zero when every occupied cell has the same term (the raters agree
    on every subject, or one rater used one label). Computed in fractions it is then exactly
    zero, not a rounding residue, so ``cohen_kappa`` can tell a degenerate SE from a small one.
    """
    return {
        "kappa": float(kappa),
        "p_o": float(p_o),
        "p_e": float(p_e),
        "se": math.sqrt(float(max(var, Fraction(0)))),
        "se0": math.sqrt(float(max(var0, Fraction(0)))),
    }


def _weighted_cohen(
    pairs: Sequence[tuple[Hashable, Hashable]], positions: dict[Hashable, int], power: int
) -> dict[str, float] | None:
    """Cohen's (1968) weighted κ and its Fleiss–Cohen–Everitt (1969) variances.

    ``positions`` places each category on the ordered scale (0..k-1); ``power`` is 1 for
    linear and 2 for quadratic weights.
    """
    n = len(pairs)
    k = len(positions)
    if k < 2:
        return None

    # Whole numbers where the sums run over pairs of categories (k² terms): the weight is
    # w_ab = W_ab / K with W_ab = K − |i − j|^power and K = (k − 1)^power, the marginals are
    # counts over n. Fractions there took seconds for a few hundred categories; the values
    # are the same exact ones.
    big_k = int((k - 1) ** power)

    def whole(a: Hashable, b: Hashable) -> int:
        return big_k - int(abs(positions[a] - positions[b]) ** power)

    def w(a: Hashable, b: Hashable) -> Fraction:
        return Fraction(whole(a, b), big_k)

    table = Counter(pairs)
    rows = Counter(a for a, _ in pairs)
    cols = Counter(b for _, b in pairs)
    p_o = Fraction(sum(count * whole(a, b) for (a, b), count in table.items()), n * big_k)
    # n·K·w̄_i· = Σ_j cols_j W_ij and n·K·w̄_·j = Σ_i rows_i W_ij, over every category of the
    # scale.
    row_sums = {c: sum(cols[b] * whole(c, b) for b in cols) for c in positions}
    col_sums = {c: sum(rows[a] * whole(a, c) for a in rows) for c in positions}
    p_e = Fraction(sum(rows[a] * row_sums[a] for a in rows), n * n * big_k)
    if p_e >= 1:
        return None
    kappa = (p_o - p_e) / (1 - p_e)
    zero = Fraction(0)
    w_row = {c: Fraction(row_sums[c], n * big_k) for c in positions}
    w_col = {c: Fraction(col_sums[c], n * big_k) for c in positions}
    var = (
        sum(
            (
                Fraction(count, n) * (w(a, b) - (w_row[a] + w_col[b]) * (1 - kappa)) ** 2
                for (a, b), count in table.items()
            ),
            zero,
        )
        - (kappa - p_e * (1 - kappa)) ** 2
    ) / (n * (1 - p_e) ** 2)
    # Σ p_i· p_·j (w_ij − w̄_i· − w̄_·j)², each term over n⁴·K²: in whole numbers.
    spread = sum(
        rows[a] * cols[b] * (n * whole(a, b) - row_sums[a] - col_sums[b]) ** 2
        for a in rows
        for b in cols
    )
    var0 = (Fraction(spread, n**4 * big_k**2) - p_e**2) / (n * (1 - p_e) ** 2)
    return _stats(kappa, p_o, p_e, var, var0)


_WEIGHTS = {"linear": 1, "quadratic": 2}


def _positions(
    pairs: Sequence[tuple[Hashable, Hashable]], categories: Iterable[Hashable] | None
) -> dict[Hashable, int]:
    """Each category's place on the ordered scale: ``categories``' order, else sorted labels."""
    if categories is None:
        labels = {x for pair in pairs for x in pair}
        for label in labels:
            number = not isinstance(label, bool) and isinstance(label, int | float)
            if not number or label != label:  # a NaN label: a number not allowed
                raise (ConfigError if number else InputTypeError)(
                    "weighted kappa needs ordered categories: pass categories=[...] in scale "
                    f"order, or numeric labels; got {safe_repr(label)}"
                )
        order: list[Hashable] = sorted(labels)  # type: ignore[type-var]
    else:
        order = list(require_iterable(categories, "categories"))
        if len(set(order)) != len(order):
            raise ConfigError(f"categories repeat a label: {safe_repr(order)}", path="categories")
        unknown = {x for pair in pairs for x in pair} - set(order)
        if unknown:
            shown = ", ".join(sorted(map(safe_repr, unknown)))
            raise ConfigError(f"labels not among the categories: {shown}", path="categories")
    return {c: i for i, c in enumerate(order)}


def cohen_kappa(
    first: Iterable[Hashable | None],
    second: Iterable[Hashable | None],
    *,
    level: float = 0.95,
    weights: Literal["linear", "quadratic"] | None = None,
    categories: Iterable[Hashable] | None = None,
) -> Agreement:
    """Cohen's κ of two raters' labels for the same subjects, in the same order.

    A pair where either rating is ``None`` is left out (counted in ``missing``). Labels are
    told apart by equality, so ``1`` and ``1.0`` are one label; bools mixed with numbers are
    refused (``True`` equals 1, ``False`` 0, and would count as one). The interval
    is ``κ ± z·SE`` with the Fleiss–Cohen–Everitt (1969) large-sample SE; where that SE is 0
    (two raters who agree on every subject, say) it is no certainty, and the interval has no
    lower bound (``None``) and 1 above. For an ordinal
    scale, ``weights="linear"`` or ``"quadratic"`` gives Cohen's (1968) weighted κ, partial
    credit for near misses; the scale's order is ``categories`` (every point of the scale, in
    order: unused points still set the spacing), else the labels sorted (numbers only).
    ``z`` and ``p_value`` test κ = 0 with the null variance of the same paper, two-sided.

    Examples:
        >>> k = cohen_kappa([1, 1, 2, 2, 3], [1, 2, 2, 2, 3])
        >>> round(k.value, 3), round(k.se, 3)
        (0.688, 0.271)
        >>> round(cohen_kappa([1, 1, 2, 2, 3], [1, 2, 2, 2, 3], weights="linear").value, 3)
        0.737
        >>> cohen_kappa(["a", "b", "a"], ["a", "b", "a"])
        Cohen's kappa 1 [?, 1] (n=3, 95 %)
    """
    a, b = list(require_iterable(first, "first")), list(require_iterable(second, "second"))
    if len(a) != len(b):  # ratings of the right type, not one pair per subject: a ValueError
        raise ConfigError(
            f"cohen_kappa needs two ratings per subject: got {len(a)} and {len(b)} ratings"
        )
    if weights is not None and not one_of(weights, tuple(_WEIGHTS)):
        raise ConfigError(
            f"expected 'linear', 'quadratic' or None, got {safe_repr(weights)}", path="weights"
        )
    if weights is None and categories is not None:
        raise ConfigError("categories order the scale of a weighted kappa: pass weights too")
    kinds = _LabelKinds()
    for name, ratings in (("first", a), ("second", b)):
        for i, rating in enumerate(ratings):
            if rating is not None:
                kinds.see(_nominal(rating, f"{name}[{i}]"), f"{name}[{i}]")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]
    missing = len(a) - len(pairs)
    level = _check_level(level, "level")
    z = z_for_level(level)
    name = "Cohen's kappa" if weights is None else f"Cohen's weighted kappa ({weights})"
    if weights is None:
        stats = _cohen(pairs) if pairs else None
    else:
        positions = _positions(pairs, categories)
        for i, category in enumerate(positions):
            kinds.see(category, f"categories[{i}]")
        stats = _weighted_cohen(pairs, positions, _WEIGHTS[weights]) if pairs else None
    common: dict[str, Any] = {"level": level, "raters": 2, "missing": missing}
    if stats is None:
        return Agreement(name, None, len(pairs), method="fleiss-cohen-everitt", **common)
    kappa, se = stats["kappa"], stats["se"]
    zval, p = _test(kappa, stats["se0"])
    # A zero large-sample SE (every subject agreed on, say) is not certainty: the asymptotic
    # variance has nothing to go on, so there is no lower bound, and 1 bounds κ above.
    lower = None if se == 0 else max(-1.0, kappa - z * se)
    upper = 1.0 if se == 0 else min(1.0, kappa + z * se)
    return Agreement(
        name,
        kappa,
        len(pairs),
        lower=lower,
        upper=upper,
        method="fleiss-cohen-everitt",
        se=se,
        se_null=stats["se0"],
        z=zval,
        p_value=p,
        observed=stats["p_o"],
        expected=stats["p_e"],
        **common,
    )


# --- Fleiss -----------------------------------------------------------------------------------


def _fleiss(
    subjects: Sequence[Counter[Hashable]], m: int
) -> tuple[float, float, float, float] | None:
    """Return (kappa, P̄, P̄e, SE under kappa = 0) or None when undefined."""
    n_subjects = len(subjects)
    totals: Counter[Hashable] = Counter()
    for counts in subjects:
        totals.update(counts)
    p = {c: t / (n_subjects * m) for c, t in totals.items()}
    p_bar = (
        sum((sum(k * k for k in counts.values()) - m) / (m * (m - 1)) for counts in subjects)
        / n_subjects
    )
    p_e = sum(x * x for x in p.values())
    # kappa from the integer counts, divided once: (P̄ - P̄e) / (1 - P̄e) times (Nm)²(m - 1)
    # above and below, so a kappa of exactly 0 (or 1) is 0 (or 1), not a float's remainder.
    nm = n_subjects * m
    squares = sum(t * t for t in totals.values())
    if squares >= nm * nm:
        return None
    pairs = sum(sum(k * k for k in counts.values()) for counts in subjects) - nm
    kappa = (pairs * nm - squares * (m - 1)) / ((nm * nm - squares) * (m - 1))
    pq = sum(x * (1 - x) for x in p.values())
    # Fleiss, Nee & Landis (1979): the variance of kappa when kappa = 0.
    var0 = (
        2
        / (pq**2 * n_subjects * m * (m - 1))
        * (pq**2 - sum(x * (1 - x) * ((1 - x) - x) for x in p.values()))
    )
    return kappa, p_bar, p_e, math.sqrt(max(var0, 0.0))


def fleiss_kappa(
    subjects: Iterable[Iterable[Hashable | None]],
    *,
    level: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
) -> Agreement:
    """Fleiss' κ: each subject's ratings (the same number per subject; raters may differ).

    ``subjects`` gives, per subject, the labels its raters chose (``None`` entries are
    ignored; bools mixed with numbers are refused, as ``True`` equals 1); every subject must
    then have the same number ``m ≥ 2`` of ratings — for unequal numbers use
    [`krippendorff_alpha`][servicemodel.qa.krippendorff_alpha]. The z test (two-sided) uses
    the Fleiss–Nee–Landis (1979) SE under κ = 0; the interval is a percentile bootstrap over
    subjects (``resamples`` draws, ``seed``), none for one subject.

    Examples:
        >>> k = fleiss_kappa([["a", "a", "a"], ["a", "b", "b"], ["b", "b", "b"], ["a", "a", "b"]])
        >>> round(k.value, 3)
        0.333
    """
    resamples, seed = _check_resamples(resamples, seed)
    level = _check_level(level, "level")
    kinds = _LabelKinds()

    def label(x: Any, where: str) -> Hashable:
        kinds.see(_nominal(x, where), where)
        return x  # type: ignore[no-any-return]

    rows = [
        Counter(
            label(x, f"subjects[{i}][{j}]")
            for j, x in enumerate(require_iterable(s, f"subjects[{i}]"))
            if x is not None
        )
        for i, s in enumerate(require_iterable(subjects, "subjects"))
    ]
    sizes = {sum(r.values()) for r in rows}
    if not rows:
        return Agreement("Fleiss' kappa", None, 0, level=level, method="bootstrap-subjects")
    if len(sizes) != 1 or min(sizes) < 2:
        raise ConfigError(
            "Fleiss' kappa needs the same number (at least 2) of ratings for every subject, "
            f"got {sorted(sizes)}; use krippendorff_alpha for unequal numbers",
            path="subjects",
        )
    m = sizes.pop()
    stats = _fleiss(rows, m)
    common: dict[str, Any] = {"level": level, "raters": m, "method": "bootstrap-subjects"}
    if stats is None:
        return Agreement("Fleiss' kappa", None, len(rows), **common)
    kappa, p_bar, p_e, se0 = stats
    zval, p = _test(kappa, se0)

    def statistic(sample: Sequence[Counter[Hashable]]) -> float | None:
        found = _fleiss(sample, m)
        return None if found is None else found[0]

    lo, hi = _percentile_interval(rows, statistic, level, resamples, seed)
    return Agreement(
        "Fleiss' kappa",
        kappa,
        len(rows),
        lower=lo,
        upper=hi,
        se_null=se0,
        z=zval,
        p_value=p,
        observed=p_bar,
        expected=p_e,
        **common,
    )


# --- Krippendorff -----------------------------------------------------------------------------


def _unit_pairs(values: Sequence[Hashable]) -> list[tuple[Hashable, Hashable, float]]:
    """One unit's contribution to the coincidence matrix: (c, k, weight) over ordered pairs."""
    m = len(values)
    counts = Counter(values)
    return [
        (c, k, counts[c] * (counts[k] - (c == k)) / (m - 1))
        for c in counts
        for k in counts
        if counts[c] * (counts[k] - (c == k))
    ]


def _delta(level: str, margins: dict[Hashable, float]) -> Callable[[Any, Any], float]:
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: float(c - k) ** 2
    if level == "ratio":
        return lambda c, k: 0.0 if c == k else float((c - k) / (c + k)) ** 2
    keys: list[Any] = list(margins)  # numbers (checked on the way in), hence sortable
    order = sorted(keys)
    cumulative: dict[Hashable, float] = {}
    running = 0.0
    for value in order:
        cumulative[value] = running  # Σ n_g for g below value
        running += margins[value]

    def ordinal(c: Any, k: Any) -> float:
        lo, hi = (c, k) if c <= k else (k, c)
        between = cumulative[hi] + margins[hi] - cumulative[lo]  # Σ_{g=lo}^{hi} n_g
        return (between - (margins[lo] + margins[hi]) / 2) ** 2

    return ordinal


def _alpha(
    units: Sequence[list[tuple[Hashable, Hashable, float]]], level: str
) -> tuple[float, float, float] | None:
    """Return (alpha, D_o, D_e) from the units' coincidence contributions, or None."""
    o: dict[tuple[Hashable, Hashable], float] = {}
    for pairs in units:
        for c, k, w in pairs:
            o[(c, k)] = o.get((c, k), 0.0) + w
    margins: dict[Hashable, float] = {}
    for (c, _), w in o.items():
        margins[c] = margins.get(c, 0.0) + w
    n = sum(margins.values())
    if n <= 1:
        return None
    delta = _delta(level, margins)
    observed = sum(w * delta(c, k) for (c, k), w in o.items()) / n
    expected = sum(margins[c] * margins[k] * delta(c, k) for c in margins for k in margins) / (
        n * (n - 1)
    )
    if expected == 0:
        return None
    return 1 - observed / expected, observed, expected


def _nominal(value: Any, where: str) -> Hashable:
    """A label to count: hashable, and no NaN-like value (``None`` is the missing rating).

    Two NaNs never compare equal, so each would be a category of its own, and ``pandas.NA``
    refuses to be compared at all (a bare TypeError inside the counting).
    """
    # A NaN is a number, of a label's type, with a value not allowed (a ValueError); pandas'
    # NA and NaT are no label at all.
    nan = (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, Decimal) and value.is_nan()
    )
    if nan or type(value).__name__ in ("NAType", "NaTType"):
        raise (ConfigError if nan else InputTypeError)(
            f"{where}: a rating must be a label, got {safe_repr(value)}; write None for a "
            "missing rating"
        )
    try:
        hash(value)
    except TypeError:
        raise InputTypeError(
            f"{where}: a rating must be hashable, got {safe_repr(value)}"
        ) from None
    return value  # type: ignore[no-any-return]


class _LabelKinds:
    """Refuses labels that mix bools with numbers, naming one of each and where it was.

    ``True == 1 == 1.0`` and ``False == 0`` (and they hash alike), so a nominal label ``True``
    and a label ``1`` would count as one category: a column of yes/no answers with a stray
    number (or numbers with a stray bool) would agree where the data are wrong. All bools are
    fine, and so are ints with floats: ``1`` and ``1.0`` are one number, as a column read with
    a missing value gives floats.
    """

    def __init__(self) -> None:
        self.bool: tuple[Any, str] | None = None
        self.number: tuple[Any, str] | None = None

    def see(self, value: Any, where: str) -> None:
        if is_bool(value):  # numpy's too, which is no numbers.Number
            if self.bool is None:
                self.bool = (value, where)
        elif isinstance(value, numbers.Number):
            if self.number is None:
                self.number = (value, where)
        else:
            return
        if self.bool is not None and self.number is not None:
            (flag, at_flag), (number, at_number) = self.bool, self.number
            raise InputTypeError(
                f"labels mix true/false with numbers: {safe_repr(flag)} ({at_flag}) and "
                f"{safe_repr(number)} ({at_number}); True equals 1 and False equals 0, so they "
                "would count as one label: use one kind of label"
            )


_MAX_RATING = 1e100


def _check_value(value: Any, level: str) -> Hashable:
    if level == "nominal":
        return _nominal(value, "nominal rating")
    if isinstance(value, bool) or not isinstance(value, int | float):
        # Ordinal too: Krippendorff's ordinal metric ranks an ordered set of values, and text
        # has no order of its own (sorted, "excellent" would come before "fair").
        hint = (
            "; give ordered labels as their ranks on the scale (1, 2, 3, ...)"
            if level == "ordinal"
            else ""
        )
        raise InputTypeError(
            f"{level} ratings must be finite numbers, got {type(value).__name__} "
            f"{safe_repr(value)}{hint}"
        )
    # A number not allowed (NaN, an infinity, a negative ratio, one so large that squared
    # differences leave the float range): a ValueError. An int is sized before isfinite,
    # which cannot take one past the float range.
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"{level} ratings must be finite numbers, got {safe_repr(value)}")
    if not -_MAX_RATING <= value <= _MAX_RATING:
        raise ConfigError(
            f"{level} ratings must be numbers of at most {_MAX_RATING:g} in size (their squared "
            f"differences must fit in a float), got {safe_repr(value)}"
        )
    if level == "ratio" and value < 0:
        raise ConfigError(f"ratio ratings must be non-negative, got {safe_repr(value)}")
    return value


def krippendorff_alpha(
    units: Iterable[Iterable[Any]],
    *,
    level: Level = "nominal",
    confidence: float = 0.95,
    resamples: int = 1000,
    seed: int = 0,
) -> Agreement:
    """Krippendorff's α over units (each unit: its ratings, ``None`` for missing).

    ``level`` picks the difference function: ``"nominal"`` (any hashable labels, though not
    bools mixed with numbers: ``True`` equals 1), ``"ordinal"`` (numbers, of which only the
    order counts: their ranks, weighted by how often the values between are used; text has no
    order of its own, so give ordered labels as their ranks, ``{"poor": 1, "fair": 2, ...}``),
    ``"interval"`` (squared difference) or ``"ratio"``. Units with fewer than two
    ratings are not pairable and are left out (counted in ``missing``). The interval is a
    percentile bootstrap over the pairable units, none for one pairable unit.

    Examples:
        >>> units = [[1, 1, None], [2, 2, 2], [3, 3, 2], [1, 2, 1]]
        >>> round(krippendorff_alpha(units, level="interval").value, 3)
        0.677
    """
    if not one_of(level, _LEVELS):
        raise ConfigError(
            f"level must be one of {list(_LEVELS)}, got {safe_repr(level)}", path="level"
        )
    resamples, seed = _check_resamples(resamples, seed)
    confidence = _check_level(confidence, "confidence")
    all_units = [
        [_check_value(v, level) for v in require_iterable(u, f"units[{i}]") if v is not None]
        for i, u in enumerate(require_iterable(units, "units"))
    ]
    if level == "nominal":  # the other levels take numbers only, never a bool
        kinds = _LabelKinds()
        for i, unit in enumerate(all_units):
            for value in unit:
                kinds.see(value, f"units[{i}]")
    pairable = [_unit_pairs(u) for u in all_units if len(u) >= 2]
    raters = max((len(u) for u in all_units), default=0)
    common: dict[str, Any] = {
        "level": confidence,
        "raters": raters,
        "missing": len(all_units) - len(pairable),
        "method": "bootstrap-units",
    }
    metric = f"Krippendorff's alpha ({level})"
    found = _alpha(pairable, level) if pairable else None
    if found is None:
        return Agreement(metric, None, len(pairable), **common)

    def statistic(sample: Sequence[list[tuple[Hashable, Hashable, float]]]) -> float | None:
        again = _alpha(sample, level)
        return None if again is None else again[0]

    lo, hi = _percentile_interval(pairable, statistic, confidence, resamples, seed)
    alpha, observed, expected = found
    return Agreement(
        metric,
        alpha,
        len(pairable),
        lower=lo,
        upper=hi,
        observed=observed,
        expected=expected,
        **common,
    )
