"""Private: what NPS, CSAT and CES share -- one exact count per point of a scale.

A survey accumulator keeps one count per point of its scale (memory O(scale), exact merges) and
a count of missing answers; a score off the scale, fractional, NaN or a bool is a
[ScaleError][servicemodel.errors.ScaleError] naming the value. The three accumulators are in
``_survey``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Self

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    check_count,
    integral,
    is_bool,
    number_type,
    real_number,
    type_name,
)
from servicemodel.errors import ConfigError, InputTypeError, ScaleError
from servicemodel.kpi._accumulator import MergeOperators
from servicemodel.kpi._columns import distinct_counts, skip_option

__all__ = ["MAX_SCALE_END", "ScoreCounter", "check_counts", "scale_ends_ok", "stats"]

#: The largest scale end a survey accumulator takes (its counts are one per point).
MAX_SCALE_END = 10**6


def scale_ends_ok(low: Any, high: Any) -> bool:
    # The counts default runs before the validators: guard it against non-int or huge ends.
    return all(
        isinstance(x, int) and not is_bool(x) and abs(x) <= MAX_SCALE_END for x in (low, high)
    )


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, Decimal):
        return value.is_nan()  # != would raise for a signalling NaN
    # pandas.NA / NaT / numpy.nan-likes: missing if they are not equal to themselves or are NA.
    name = type(value).__name__
    return name in {"NAType", "NaTType"} or (hasattr(value, "__float__") and value != value)


def _score_index(value: Any, low: int, high: int, what: str) -> int:
    """Return ``value - low`` for a whole-number score on ``low..high``, or raise."""
    if is_bool(value):
        raise ScaleError(f"a bool is not a {what} score: got {safe_repr(value)}")
    if isinstance(value, str):
        # int("١") reads Arabic-Indic digits; a score is a number, never text.
        raise InputTypeError(f"a {what} score must be a number, got str {safe_repr(value)}")
    whole = integral(value)  # an int or a numpy int, as a count is read
    if whole is not None:
        score = whole
    else:
        as_float = real_number(value, f"{what} score")
        if not as_float.is_integer():
            raise ScaleError(
                f"{what} scores are whole numbers {low}..{high}, got {safe_repr(value)}"
            )
        score = int(as_float)
    if not low <= score <= high:
        raise ScaleError(f"{what} score {safe_repr(value)} is outside the scale {low}..{high}")
    return score - low


def check_counts(instance: Any, low: int, high: int) -> None:
    counts = instance.counts
    if len(counts) != high - low + 1:  # a tuple of the wrong length: a value not allowed
        raise ConfigError(
            f"{type(instance).__name__}: counts must have {high - low + 1} entries for the "
            f"scale {low}..{high}, got {len(counts)}"
        )
    for i, c in enumerate(counts):
        if is_bool(c) or not isinstance(c, int) or c < 0:
            # Worded as every count's refusal, naming the entry: "counts must be an int >= 0,
            # got 2.5" named no entry, and 2.0 or np.int64(2) is read as a count here. A number
            # that is no count (-1, 2.5, NaN) is a ConfigError, a bool or text a type error.
            error = ConfigError if number_type(c) else InputTypeError
            raise error(
                f"{type(instance).__name__}: counts[{i}] must be a count (a whole number "
                f">= 0), got {type_name(c)} {safe_repr(c)}"
            )
    check_count(instance.missing, f"{type(instance).__name__}: missing")


def stats(counts: tuple[int, ...], low: int) -> tuple[int, float, float]:
    """Return (n, mean, m2) of a score distribution given as counts from ``low``."""
    n = sum(counts)
    if n == 0:
        return 0, 0.0, 0.0
    mean = sum((low + i) * c for i, c in enumerate(counts)) / n
    m2 = sum(c * (low + i - mean) ** 2 for i, c in enumerate(counts))
    return n, mean, m2


class ScoreCounter(MergeOperators):
    """Shared behaviour of the survey accumulators (counts per scale point + missing)."""

    __slots__ = ()
    _what: ClassVar[str] = "score"
    counts: tuple[int, ...]
    missing: int

    if TYPE_CHECKING:
        # Every subclass defines these (as fields or properties); declared for the type
        # checker only, so a subclass that forgot one fails loudly instead of reaching a stub.
        @property
        def low(self) -> int: ...

        @property
        def high(self) -> int: ...

        def _merge_params(self) -> tuple[Any, ...]: ...

    @property
    def n(self) -> int:
        """Number of scores counted (missing answers excluded).

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> NPS.empty().add(9).add(3).n
            2
        """
        return sum(self.counts)

    def count_of(self, score: int) -> int:
        """Return how many times ``score`` was given.

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> NPS.empty().add_many([9, 9, 3]).count_of(9)
            2
        """
        return self.counts[_score_index(score, self.low, self.high, self._what)]

    def add(self, score: Any) -> Self:
        """Return a new accumulator with one more ``score``.

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> NPS.empty().add(10).count_of(10)
            1
            >>> NPS.empty().add(None)
            Traceback (most recent call last):
            ...
            servicemodel.errors.ScaleError: None is not a NPS score; ...
        """
        # A missing answer (None, pandas' NA or NaT) is refused as add_many refuses it in a
        # list, a ScaleError, not as a value of the wrong type (NaN is refused below as ever).
        if score is None or type(score).__name__ in {"NAType", "NaTType"}:
            raise ScaleError(
                f"{safe_repr(score)} is not a {self._what} score; a missing answer is no "
                "score (add_many(..., skip_missing=True) counts it in .missing)"
            )
        i = _score_index(score, self.low, self.high, self._what)
        counts = list(self.counts)
        counts[i] += 1
        return attrs.evolve(self, counts=tuple(counts))  # type: ignore[misc]

    def add_many(self, scores: Iterable[Any], *, skip_missing: bool | None = None) -> Self:
        """Return a new accumulator with all ``scores`` added, in one pass.

        ``scores`` may be any iterable of numbers, or a pandas / polars Series or numpy array.
        ``skip_missing=None`` skips missing values for columns and rejects them for plain
        iterables; ``True``/``False`` force either behaviour. Skipped values go to ``missing``.

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> import pandas as pd
            >>> acc = NPS.empty().add_many(pd.Series([10, None, 3]))
            >>> acc.n, acc.missing
            (2, 1)
        """
        skip_missing = skip_option(skip_missing)
        pairs, is_column = distinct_counts(scores, (self.low, self.high))
        skip = is_column if skip_missing is None else skip_missing
        counts = list(self.counts)
        missing = self.missing
        low, high, what = self.low, self.high, self._what
        for value, count in pairs:
            if _is_missing(value):
                if not skip:
                    raise ScaleError(
                        f"{safe_repr(value)} is not a {what} score; pass skip_missing=True "
                        "to count missing answers in .missing"
                    )
                missing += count
                continue
            counts[_score_index(value, low, high, what)] += count
        return attrs.evolve(self, counts=tuple(counts), missing=missing)  # type: ignore[misc]

    def merge(self, other: Self) -> Self:
        """Return the accumulator of both inputs; parameters must match.

        Examples:
            >>> from servicemodel.kpi import NPS
            >>> (NPS.empty().add(9).merge(NPS.empty().add(3))).n
            2
        """
        self._check_mergeable(other)
        counts = tuple(a + b for a, b in zip(self.counts, other.counts, strict=True))
        return attrs.evolve(  # type: ignore[misc]
            self, counts=counts, missing=self.missing + other.missing
        )
