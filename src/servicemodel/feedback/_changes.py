"""Which complaint themes rose or fell between two periods, with a false-discovery-rate control.

Each theme seen in either period gets a pooled two-proportion z test of its share of tickets
before against after; the p-values of all themes are then adjusted together with the
Benjamini–Hochberg step-up procedure (Benjamini & Hochberg 1995), because testing twenty
themes at 5 % each would flag one by chance alone. A theme changed significantly when its
q-value is at most ``fdr``. The effect is the change in share (after − before) with Newcombe's
hybrid score interval (Newcombe 1998, method 10).

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.model import Ticket
    >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> def batch(n_bug, n_other):
    ...     return ThemeCounts.empty().add_many(
    ...         [Ticket(f"B{i}", t0, tags={"bug"}) for i in range(n_bug)]
    ...         + [Ticket(f"O{i}", t0, tags={"how-to"}) for i in range(n_other)])
    >>> changes = theme_changes(batch(10, 90), batch(30, 70))
    >>> sorted((c.theme, c.direction, c.significant) for c in changes)
    [('bug', 'rose', True), ('how-to', 'fell', True)]
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import instance_of, members_of
from servicemodel.errors import ConfigError, InputTypeError, MergeError, UnknownKeyError
from servicemodel.feedback._stats import (
    benjamini_hochberg,
    between,
    difference_interval,
    two_proportion_test,
)
from servicemodel.feedback._themes import ThemeCounts
from servicemodel.kpi import Estimate, proportion
from servicemodel.kpi._shared import (
    check_fraction,
    check_level,
    fraction_field,
    level_field,
    level_value,
)

__all__ = ["ThemeChange", "ThemeChanges", "theme_changes"]

#: A field holding a number: another value would fail later, in ``direction`` or ``repr``.
_NUMBER = instance_of((int, float))
_ESTIMATE = instance_of(Estimate)
#: A change in share: after − before, from −1 to 1.
_SHARE_CHANGE = between(-1, 1)


@attrs.frozen(repr=False)
class ThemeChange:
    """One theme's change in share from ``before`` to ``after``.

    ``difference`` is ``after − before`` (a share, −1..1) with Newcombe's interval
    ``[lower, upper]``; ``z`` and ``p_value`` are the pooled two-proportion z test; ``q_value``
    is the Benjamini–Hochberg adjusted p-value over all themes compared; ``direction`` is the
    observed sign (``"rose"``, ``"fell"`` or ``"same"``), ``significant`` whether
    ``q_value <= fdr``.

    Examples:
        >>> c = theme_changes(ThemeCounts(n=10, counts={"a": 2}, selector="tags"),
        ...                   ThemeCounts(n=10, counts={"a": 3}, selector="tags"))["a"]
        >>> c.direction, c.significant
        ('rose', False)
    """

    theme: str = attrs.field(validator=instance_of(str))
    before: Estimate = attrs.field(validator=_ESTIMATE)
    after: Estimate = attrs.field(validator=_ESTIMATE)
    difference: float = attrs.field(validator=[_NUMBER, _SHARE_CHANGE])
    lower: float = attrs.field(validator=[_NUMBER, _SHARE_CHANGE])
    upper: float = attrs.field(validator=[_NUMBER, _SHARE_CHANGE])
    z: float = attrs.field(validator=[_NUMBER, between(-math.inf, math.inf)])
    p_value: float = attrs.field(validator=[_NUMBER, between(0, 1)])
    q_value: float = attrs.field(validator=[_NUMBER, between(0, 1)])
    # The one rule of a level, alpha or fdr (kpi's): any real number, as the decimal it
    # prints as; NaN, an infinity, a bool or text refused naming the field.
    fdr: float = attrs.field(converter=level_value, validator=fraction_field)
    level: float = attrs.field(converter=level_value, validator=level_field)

    def __attrs_post_init__(self) -> None:
        # One built directly is held to what theme_changes gives: a NaN difference read as
        # "same", a q-value of 2 as not significant, silently.
        if not self.lower <= self.difference <= self.upper:
            raise ConfigError(
                f"expected lower <= difference <= upper, got {safe_repr(self.lower)}, "
                f"{safe_repr(self.difference)}, {safe_repr(self.upper)}",
                path="difference",
            )

    @property
    def direction(self) -> str:
        """``"rose"``, ``"fell"`` or ``"same"``: the sign of the observed change.

        Examples:
            >>> theme_changes(ThemeCounts(n=4, counts={"a": 1}, selector="tags"),
            ...               ThemeCounts(n=4, counts={"a": 1}, selector="tags"))["a"].direction
            'same'
        """
        if self.difference > 0:
            return "rose"
        return "fell" if self.difference < 0 else "same"

    @property
    def significant(self) -> bool:
        """Whether the change survives the false-discovery-rate control (``q <= fdr``).

        Examples:
            >>> theme_changes(ThemeCounts(n=4, counts={"a": 1}, selector="tags"),
            ...               ThemeCounts(n=4, counts={"a": 4}, selector="tags"))["a"].significant
            True
        """
        return self.q_value <= self.fdr

    def __repr__(self) -> str:
        sign = "+" if self.difference >= 0 else ""
        return (
            f"{self.theme}: {sign}{100 * self.difference:.1f} pts "
            f"[{100 * self.lower:.1f}, {100 * self.upper:.1f}] p={self.p_value:.3g} "
            f"q={self.q_value:.3g}{' *' if self.significant else ''}"
        )

    def to_record(self) -> dict[str, Any]:
        """Return a flat ``dict`` (one row of a table).

        Examples:
            >>> c = theme_changes(ThemeCounts(n=4, counts={"a": 1}, selector="tags"),
            ...                   ThemeCounts(n=4, counts={"a": 2}, selector="tags"))["a"]
            >>> sorted(c.to_record())[:4]
            ['after', 'after_count', 'after_n', 'before']
        """
        return {
            "theme": self.theme,
            "before": self.before.value,
            "before_count": self.before.count("successes"),
            "before_n": self.before.n,
            "after": self.after.value,
            "after_count": self.after.count("successes"),
            "after_n": self.after.n,
            "difference": self.difference,
            "lower": self.lower,
            "upper": self.upper,
            "z": self.z,
            "p_value": self.p_value,
            "q_value": self.q_value,
            "direction": self.direction,
            "significant": self.significant,
            "fdr": self.fdr,
            "level": self.level,
        }


@attrs.frozen(repr=False)
class ThemeChanges:
    """Every theme's change between two periods, most significant first.

    Iterating gives [`ThemeChange`][servicemodel.feedback.ThemeChange]s ordered by q-value,
    then p-value, then theme; ``changes[theme]`` finds one.

    Examples:
        >>> len(theme_changes(ThemeCounts(n=1, selector="tags"), ThemeCounts(n=1, selector="tags")))
        0
    """

    changes: tuple[ThemeChange, ...] = attrs.field(validator=members_of(ThemeChange, tuple))
    # Its changes' fdr, read by the same rule (an fdr of 5 or NaN was kept).
    fdr: float = attrs.field(converter=level_value, validator=fraction_field)

    def __iter__(self) -> Iterator[ThemeChange]:
        return iter(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def __getitem__(self, theme: str) -> ThemeChange:
        if isinstance(theme, str):  # themes are texts: pandas.NA or an array answer == in kind
            for change in self.changes:
                if change.theme == theme:
                    return change
        raise UnknownKeyError(
            f"no theme {safe_repr(theme)}; the themes are {safe_repr([c.theme for c in self])}"
        )

    def rose(self) -> list[str]:
        """The themes whose share rose significantly.

        Examples:
            >>> theme_changes(ThemeCounts(n=9, counts={"a": 0}, selector="tags"),
            ...               ThemeCounts(n=9, counts={"a": 9}, selector="tags")).rose()
            ['a']
        """
        return [c.theme for c in self.changes if c.significant and c.direction == "rose"]

    def fell(self) -> list[str]:
        """The themes whose share fell significantly.

        Examples:
            >>> theme_changes(ThemeCounts(n=9, counts={"a": 9}, selector="tags"),
            ...               ThemeCounts(n=9, counts={"a": 0}, selector="tags")).fell()
            ['a']
        """
        return [c.theme for c in self.changes if c.significant and c.direction == "fell"]

    def __repr__(self) -> str:
        lines = [f"ThemeChanges(fdr={self.fdr:g})"]
        lines += [f"  {c!r}" for c in self.changes]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per theme.

        Examples:
            >>> theme_changes(ThemeCounts(n=1, selector="tags"),
            ...               ThemeCounts(n=1, selector="tags")).to_records()
            []
        """
        return [c.to_record() for c in self.changes]


def _side(value: Any, name: str) -> ThemeCounts:
    if not isinstance(value, ThemeCounts):
        raise InputTypeError(
            f"{name}: expected a ThemeCounts accumulator, got {type(value).__name__} "
            f"{safe_repr(value)}"
        )
    if value.n == 0:
        raise ConfigError("has no tickets; there is nothing to compare", path=name)
    return value


def theme_changes(
    before: ThemeCounts, after: ThemeCounts, *, fdr: float = 0.05, level: float = 0.95
) -> ThemeChanges:
    """Test every theme's change in share from ``before`` to ``after``, controlling the FDR.

    Both accumulators must read themes the same way and hold at least one ticket. Every theme
    seen in either is tested (a theme absent from one side has count 0 there); the p-values
    are adjusted together with Benjamini–Hochberg, and ``fdr`` is the false discovery rate
    at which a change counts as significant. ``level`` is the level of the effect intervals.

    Examples:
        >>> theme_changes(ThemeCounts.empty(), ThemeCounts.empty())
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: before: has no tickets; there is nothing to compare
    """
    a, b = _side(before, "before"), _side(after, "after")
    if a.selector != b.selector:
        raise MergeError(
            f"cannot compare themes read by {a.selector} with themes read by {b.selector}"
        )
    fdr = check_fraction(fdr, "fdr")
    level = check_level(level)
    themes = sorted(set(a.themes) | set(b.themes))
    tests = []
    for theme in themes:
        x1, x2 = a.count(theme), b.count(theme)
        z, p = two_proportion_test(x1, a.n, x2, b.n)
        lo, hi = difference_interval(x1, a.n, x2, b.n, level)
        tests.append((theme, x1, x2, z, p, lo, hi))
    qs = benjamini_hochberg([t[4] for t in tests])
    changes = [
        ThemeChange(
            theme,
            proportion(x1, a.n, metric=f"theme {theme}", level=level),
            proportion(x2, b.n, metric=f"theme {theme}", level=level),
            x2 / b.n - x1 / a.n,
            lo,
            hi,
            z,
            p,
            q,
            float(fdr),
            level,
        )
        for (theme, x1, x2, z, p, lo, hi), q in zip(tests, qs, strict=True)
    ]
    changes.sort(key=lambda c: (c.q_value, c.p_value, c.theme))
    return ThemeChanges(tuple(changes), float(fdr))
