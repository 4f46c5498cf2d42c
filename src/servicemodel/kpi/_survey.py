"""Survey-score accumulators: NPS, CSAT and CES, mergeable and exact.

Each accumulator keeps one count per point of its scale (so memory is O(scale) and merges are
exact), plus a count of missing answers. Scores must be whole numbers on the scale; ``9.0`` is
accepted as 9, ``9.5``, NaN, a bool or anything off the scale raises
[ScaleError][servicemodel.errors.ScaleError] naming the value.

Missing answers: ``add`` never accepts ``None``/NaN. ``add_many`` on a pandas / polars / numpy
column skips missing values (``None``, NaN, ``NA``, null) and counts them in ``missing`` —
a column's null means "not answered"; on a plain Python iterable they raise, unless
``skip_missing=True``. Missing answers are never counted as scores and never enter ``n``.

"Net Promoter", "NPS" and "Net Promoter Score" are trademarks of Bain & Company, Satmetrix
Systems and Fred Reichheld.

Examples:
    >>> from servicemodel.kpi import NPS
    >>> NPS.empty().add_many([10, 9, 8, 3, 10]).result()
    NPS 40.0 [-29.8, 79.8] (n=5, 95 %)
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import (
    count_field,
    count_value,
    is_bool,
    number_type,
    type_name,
    whole_value,
)
from servicemodel._validators import as_tuple, in_
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.kpi._estimate import Estimate, mean_estimate, proportion
from servicemodel.kpi._intervals import nps_interval
from servicemodel.kpi._score_counter import MAX_SCALE_END as _MAX_SCALE_END
from servicemodel.kpi._score_counter import ScoreCounter as _ScoreCounter
from servicemodel.kpi._score_counter import check_counts as _check_counts
from servicemodel.kpi._score_counter import scale_ends_ok as _scale_ends_ok
from servicemodel.kpi._score_counter import stats as _stats

__all__ = ["CES", "CSAT", "NPS"]


def _counts(value: Any) -> tuple[int, ...]:
    # Each count read as a stored count is (count_value): a numpy int or a whole float, as a
    # frame's value_counts() gives them, is the Python int it holds.
    counts = as_tuple(value, "counts")
    if all(type(c) is int for c in counts):
        return counts
    return tuple(count_value(c) for c in counts)


@attrs.frozen
class NPS(_ScoreCounter):
    """Net Promoter Score accumulator: 0–10 scores; promoters 9–10, detractors 0–6.

    ``result()`` gives ``100·(P − D)/n`` in points with the adjusted-Wald interval of Rocks
    (2016), clipped to [−100, 100] (and widened to include the observed NPS in small-sample
    extremes). Net Promoter is a trademark of Bain & Co., Satmetrix and F. Reichheld.

    Examples:
        >>> parts = [NPS.empty().add_many([10, 9, 7]), NPS.empty().add_many([2, 10])]
        >>> total = sum(parts, NPS.empty())
        >>> total.result().value
        40.0
    """

    _what: ClassVar[str] = "NPS"
    counts: tuple[int, ...] = attrs.field(default=(0,) * 11, converter=_counts)
    missing: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def __attrs_post_init__(self) -> None:
        _check_counts(self, 0, 10)

    @property
    def low(self) -> int:
        """Lowest score (0).

        Examples:
            >>> NPS.empty().low
            0
        """
        return 0

    @property
    def high(self) -> int:
        """Highest score (10).

        Examples:
            >>> NPS.empty().high
            10
        """
        return 10

    def _merge_params(self) -> tuple[Any, ...]:
        return ()

    @classmethod
    def empty(cls) -> NPS:
        """Return the accumulator with no scores (the identity of ``merge``).

        Examples:
            >>> NPS.empty().n
            0
        """
        return cls()

    @property
    def promoters(self) -> int:
        """Number of 9s and 10s.

        Examples:
            >>> NPS.empty().add_many([9, 10, 8]).promoters
            2
        """
        return self.counts[9] + self.counts[10]

    @property
    def passives(self) -> int:
        """Number of 7s and 8s.

        Examples:
            >>> NPS.empty().add_many([9, 7, 8]).passives
            2
        """
        return self.counts[7] + self.counts[8]

    @property
    def detractors(self) -> int:
        """Number of scores 0–6.

        Examples:
            >>> NPS.empty().add_many([0, 6, 7]).detractors
            2
        """
        return sum(self.counts[:7])

    def result(self, level: float = 0.95) -> Estimate:
        """Return the NPS in points with its adjusted-Wald interval.

        Examples:
            >>> NPS.empty().result().value is None
            True
        """
        p, d, n = self.promoters, self.detractors, self.n
        lo, hi, se = nps_interval(p, d, n, level)
        counts = (("promoters", p), ("passives", self.passives), ("detractors", d))
        common: dict[str, Any] = {
            "level": level,
            "method": "nps-adjusted-wald",
            "unit": "points",
            "missing": self.missing,
            "counts": counts,
            "se": se,
        }
        if n == 0:  # no value, so no standard error of one
            return Estimate("NPS", None, 0, **{**common, "se": None})
        value = 100 * (p - d) / n
        return Estimate("NPS", value, n, lower=min(lo, value), upper=max(hi, value), **common)


def _statistic(value: Any) -> str:
    """Return ``value`` if it is ``"mean"`` or ``"share"``, else raise naming it.

    Text first: an array compared with ``==`` answers with an array, which ``if`` refuses.
    """
    if not isinstance(value, str):
        raise InputTypeError(
            f"statistic must be 'mean' or 'share', got {type_name(value)} {safe_repr(value)}"
        )
    if value not in ("mean", "share"):  # text not allowed: a ValueError
        raise ConfigError(f"statistic must be 'mean' or 'share', got {safe_repr(value)}")
    return value


def _scale_end(value: Any) -> Any:
    """attrs converter of a CSAT scale end: the int a whole number holds (``whole_value``).

    A whole number past ``MAX_SCALE_END`` other than an int is kept as given, for
    ``_positive_int`` to refuse as the caller wrote it: ``1e308`` read as its int was shown as
    "<int of about 309 digits>".
    """
    whole = whole_value(value)
    if type(whole) is int and type(value) is not int and abs(whole) > _MAX_SCALE_END:
        return value
    return whole


def _positive_int(_instance: Any, attribute: Any, value: Any) -> None:
    if type(value) is not int and not is_bool(value) and number_type(value):
        whole = whole_value(value)  # a whole float past the limit, kept as given
        if type(whole) is int and abs(whole) > _MAX_SCALE_END:
            raise ConfigError(
                f"{attribute.name} must be within ±{_MAX_SCALE_END}, got {safe_repr(value)}"
            )
    if is_bool(value) or not isinstance(value, int):
        # 2.5 or NaN is a number that is no whole number (7.0 was read as 7): a ValueError.
        error = ConfigError if number_type(value) else InputTypeError
        raise error(
            f"{attribute.name} must be a whole number, got {type_name(value)} {safe_repr(value)}"
        )
    if abs(value) > _MAX_SCALE_END:  # a whole number not allowed: a ValueError
        raise ConfigError(
            f"{attribute.name} must be within ±{_MAX_SCALE_END}, got {safe_repr(value)}"
        )


#: The most points a CSAT scale may have (its largest end is ``MAX_SCALE_END``): the counts
#: hold one int per point, so a scale of 10⁹ points would be gigabytes of zeros.
_MAX_SCALE_POINTS = 1001


@attrs.frozen
class CSAT(_ScoreCounter):
    """Customer satisfaction accumulator: share of scores ``>= satisfied_from`` on ``low..high``.

    Default: 1–5 scale, satisfied = 4–5 (top-2-box). ``result()`` gives the share with a Wilson
    interval (``statistic="share"``) or the mean rating with a t interval (``"mean"``); the
    denominator is every answered survey (missing answers are counted apart).

    Examples:
        >>> CSAT.empty().add_many([5, 4, 3, 5]).result()
        CSAT 75.0 % [30.1, 95.4] (n=4, 95 %)
        >>> CSAT.empty(low=1, high=7, satisfied_from=6).add(6).result().value
        1.0
    """

    _what: ClassVar[str] = "CSAT"
    # Whole numbers as counts are read (whole_value): np.int64(7) and 7.0 from a frame are 7.
    low: int = attrs.field(default=1, converter=_scale_end, validator=_positive_int)
    high: int = attrs.field(default=5, converter=_scale_end, validator=_positive_int)
    satisfied_from: int = attrs.field(default=4, converter=_scale_end, validator=_positive_int)
    counts: tuple[int, ...] = attrs.field(converter=_counts)
    missing: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @counts.default
    def _zero_counts(self) -> tuple[int, ...]:
        points = self.high - self.low + 1 if _scale_ends_ok(self.low, self.high) else 0
        return (0,) * min(max(points, 0), _MAX_SCALE_POINTS)

    def __attrs_post_init__(self) -> None:
        # Whole numbers that contradict each other: a ValueError.
        if not self.low < self.high:
            raise ConfigError(f"CSAT scale needs low < high, got {self.low}..{self.high}")
        if self.high - self.low + 1 > _MAX_SCALE_POINTS:
            raise ConfigError(
                f"CSAT scale {self.low}..{self.high} has more than {_MAX_SCALE_POINTS} points"
            )
        if not self.low < self.satisfied_from <= self.high:
            raise ConfigError(
                f"satisfied_from={self.satisfied_from} must lie in {self.low + 1}..{self.high}"
            )
        _check_counts(self, self.low, self.high)

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.low, self.high, self.satisfied_from)

    @classmethod
    def empty(cls, *, low: int = 1, high: int = 5, satisfied_from: int = 4) -> CSAT:
        """Return an empty accumulator for the scale ``low..high``.

        Examples:
            >>> CSAT.empty(high=7, satisfied_from=6).high
            7
        """
        # The fields read whole numbers (np.int64(7) and 7.0 from a frame are 7) and refuse
        # anything else with their own messages.
        return cls(low=low, high=high, satisfied_from=satisfied_from)

    @property
    def satisfied(self) -> int:
        """Number of scores at or above ``satisfied_from``.

        Examples:
            >>> CSAT.empty().add_many([4, 5, 2]).satisfied
            2
        """
        return sum(self.counts[self.satisfied_from - self.low :])

    def result(
        self, level: float = 0.95, *, statistic: Literal["share", "mean"] = "share"
    ) -> Estimate:
        """Return the satisfied share (Wilson interval) or the mean rating (t interval).

        Examples:
            >>> CSAT.empty().add_many([5, 4, 3, 5]).result(statistic="mean").value
            4.25
        """
        if _statistic(statistic) == "share":
            return proportion(
                self.satisfied, self.n, metric="CSAT", level=level, missing=self.missing
            )
        n, mean, m2 = _stats(self.counts, self.low)
        return mean_estimate(
            n,
            mean,
            m2,
            metric="CSAT mean",
            level=level,
            missing=self.missing,
            bounds=(self.low, self.high),
        )


_CES_VERSIONS: dict[str, tuple[int, int, int, int]] = {
    # version: (low, high, first good score, last good score)
    "2.0": (1, 7, 5, 7),  # agreement with "made it easy"; high is good
    "1.0": (1, 5, 1, 2),  # effort; low is good
}


@attrs.frozen
class CES(_ScoreCounter):
    """Customer Effort Score accumulator; the version fixes the scale so versions never mix.

    ``version="2.0"`` (default): 1–7 agreement with "the company made it easy", good = 5–7.
    ``version="1.0"``: 1–5 effort, low is good, good = 1–2. ``result()`` gives the mean with a
    t interval (``statistic="mean"``) or the share of good scores with a Wilson interval
    (``"share"``).

    Examples:
        >>> CES.empty().add_many([7, 6, 5, 2]).result(statistic="share").value
        0.75
    """

    _what: ClassVar[str] = "CES"
    version: Literal["2.0", "1.0"] = attrs.field(default="2.0", validator=in_(tuple(_CES_VERSIONS)))
    counts: tuple[int, ...] = attrs.field(converter=_counts)
    missing: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @counts.default
    def _zero_counts(self) -> tuple[int, ...]:
        known = isinstance(self.version, str) and self.version in _CES_VERSIONS
        low, high, _, _ = _CES_VERSIONS[self.version] if known else (1, 1, 1, 1)
        return (0,) * (high - low + 1)

    def __attrs_post_init__(self) -> None:
        _check_counts(self, self.low, self.high)

    @property
    def low(self) -> int:
        """Lowest score of this version's scale.

        Examples:
            >>> CES.empty().low
            1
        """
        return _CES_VERSIONS[self.version][0]

    @property
    def high(self) -> int:
        """Highest score of this version's scale.

        Examples:
            >>> CES.empty(version="1.0").high
            5
        """
        return _CES_VERSIONS[self.version][1]

    def _merge_params(self) -> tuple[Any, ...]:
        return (self.version,)

    @classmethod
    def empty(cls, *, version: Literal["2.0", "1.0"] = "2.0") -> CES:
        """Return an empty accumulator for CES ``version``.

        Examples:
            >>> CES.empty(version="1.0").version
            '1.0'
        """
        return cls(version=version)

    @property
    def good(self) -> int:
        """Number of good scores (5–7 agreeing for 2.0; 1–2 low effort for 1.0).

        Examples:
            >>> CES.empty().add_many([7, 5, 4]).good
            2
        """
        _, _, first, last = _CES_VERSIONS[self.version]
        return sum(self.counts[first - self.low : last - self.low + 1])

    def result(
        self, level: float = 0.95, *, statistic: Literal["mean", "share"] = "mean"
    ) -> Estimate:
        """Return the mean score (t interval) or the share of good scores (Wilson interval).

        Examples:
            >>> CES.empty().add_many([7, 6, 5, 2]).result().value
            5.0
        """
        metric = f"CES {self.version}"
        if _statistic(statistic) == "share":
            return proportion(
                self.good, self.n, metric=f"{metric} share", level=level, missing=self.missing
            )
        n, mean, m2 = _stats(self.counts, self.low)
        return mean_estimate(
            n,
            mean,
            m2,
            metric=metric,
            level=level,
            missing=self.missing,
            bounds=(self.low, self.high),
        )
