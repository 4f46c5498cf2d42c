"""Complaint themes: which theme each ticket belongs to, and their counts and shares.

A [`ThemeSelector`][servicemodel.feedback.ThemeSelector] reads a ticket's themes from its tags
(``"tags"``), from one attribute such as a contact reason (``"attr:reason"``), or through a
mapping of tag to theme (``{"refund": "billing", "invoice": "billing"}``).
[`ThemeCounts`][servicemodel.feedback.ThemeCounts] counts tickets per theme on the one
accumulator protocol; its result gives each theme's share of the tickets counted, with a
Wilson interval. A ticket may carry several themes (several tags), so theme shares can add up
to more than 1; with an attribute selector each ticket has at most one theme and the shares,
with the unthemed share, add up to exactly 1.

Examples:
    >>> from datetime import datetime, timezone
    >>> from servicemodel.model import Ticket
    >>> t0 = datetime(2026, 3, 2, tzinfo=timezone.utc)
    >>> tickets = [Ticket(f"T{i}", t0, tags=tags)
    ...            for i, tags in enumerate([{"login"}, {"login", "bug"}, set(), {"bug"}])]
    >>> shares = ThemeCounts.empty("tags").add_many(tickets).result()
    >>> shares["login"]
    theme login 50.0 % ±35.0 (n=4, 95 %)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import (
    in_,
    instance_of,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.errors import ConfigError, InputTypeError, UnknownKeyError
from servicemodel.feedback._stats import name_counts
from servicemodel.kpi import Estimate, MergeOperators, proportion
from servicemodel.kpi._shared import estimate_pairs
from servicemodel.model import Ticket, TicketHistory

__all__ = ["ThemeCounts", "ThemeSelector", "ThemeShares", "ticket_of"]


def ticket_of(record: Any, what: str = "record") -> Ticket:
    """Return the ticket of a ``Ticket`` or ``TicketHistory``; anything else is an error.

    Examples:
        >>> ticket_of("T1")
        Traceback (most recent call last):
        ...
        servicemodel.errors.InputTypeError: record: expected a Ticket or TicketHistory, got str 'T1'
    """
    if isinstance(record, TicketHistory):
        return record.ticket
    if isinstance(record, Ticket):
        return record
    raise InputTypeError(
        f"{what}: expected a Ticket or TicketHistory, got {type(record).__name__} "
        f"{safe_repr(record)}"
    )


def _no_value(value: Any) -> bool:
    """Whether an attribute value means "no theme": missing, blank, or not a finite number.

    None or blank text. A ticket refuses NaN and the infinities when it is built (a frame's
    NaN, "no reason", is read as a missing value), but loading a pickle runs no converter
    (and the attributes dict can be changed in place), so a ticket may still hold one: as
    text NaN would become a theme "nan" and an infinity "inf", so both mean no theme. (A
    ticket's attribute values are str, int, float, bool or None; an int is always finite.)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, float) and not math.isfinite(value)


#: A whole float at or beyond this may not be the number it was written as (a float has 53 bits).
_EXACT_FLOAT = 2**53


def _code_text(value: Any) -> str:
    """The theme an attribute value names: text as it is, a flag as ``true``/``false``.

    A whole number is its digits, whether held as ``7`` or as ``7.0`` (a frame's integer
    column with a gap in it is read as floats): else one reason code would count as two
    themes, ``"7"`` and ``"7.0"``, across files read with and without a gap.

    Examples:
        >>> [_code_text(v) for v in ("billing", True, 7, 7.0, -0.0, 7.5, 1e300)]
        ['billing', 'true', '7', '7', '0', '7.5', '1e+300']
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOAT:
        return str(int(value))
    return str(value)


def _stripped(value: Any) -> Any:
    """An attribute name as ``parse`` reads it: without surrounding white space."""
    return value.strip() if isinstance(value, str) else value


def _tag_pairs(value: Any) -> tuple[tuple[str, str], ...]:
    """``(tag, theme)`` pairs of non-blank text (or a mapping of them), sorted; a tag once."""
    pairs = value.items() if isinstance(value, Mapping) else require_iterable(value, "mapping")
    out: dict[str, str] = {}
    for pair in pairs:
        if not (isinstance(pair, tuple | list) and len(pair) == 2):
            raise InputTypeError(f"mapping: expected (tag, theme) pairs, got {safe_repr(pair)}")
        path = f"mapping[{safe_repr(pair[0], 40)}]"
        tag = require_nonblank(pair[0], path, "tag")
        theme = require_nonblank(pair[1], path, "theme name")
        if out.get(tag, theme) != theme:
            raise ConfigError(
                f"tag {safe_repr(tag)} maps to two themes, {safe_repr(out[tag])} and "
                f"{safe_repr(theme)}",
                path="mapping",
            )
        out[tag] = theme
    return tuple(sorted(out.items()))


@attrs.frozen
class ThemeSelector:
    """Where a ticket's themes come from: its tags, one attribute, or a tag → theme mapping.

    Build one with [`ThemeSelector.parse`][servicemodel.feedback.ThemeSelector.parse]:
    ``"tags"`` (every tag is a theme), ``"attr:NAME"`` (the attribute ``NAME``, e.g. a contact
    reason; missing, ``None``, blank text, NaN or an infinity means no theme) or a mapping
    ``{tag: theme}`` (tags not in the mapping are ignored, so several tags can roll up into
    one theme).

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket
        >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), tags={"refund", "vip"},
        ...            attributes={"reason": "billing"})
        >>> sorted(ThemeSelector.parse({"refund": "billing"}).themes(t))
        ['billing']
        >>> sorted(ThemeSelector.parse("attr:reason").themes(t))
        ['billing']
    """

    kind: str = attrs.field(validator=in_(("tags", "attr", "map")))
    name: str = attrs.field(default="", converter=_stripped)
    mapping: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_tag_pairs)

    def __attrs_post_init__(self) -> None:
        # parse builds only valid selectors; one built directly is held to the same rules, or
        # a malformed mapping failed deep inside themes() and an unsorted one would not merge
        # with the same mapping read by parse.
        if not isinstance(self.name, str):
            raise InputTypeError(f"name: expected an attribute name, got {safe_repr(self.name)}")
        if self.kind == "attr" and not self.name:
            raise ConfigError("an attribute selector names no attribute", path="name")
        if self.kind != "attr" and self.name:
            raise ConfigError(
                f"only an attribute selector has a name, got {safe_repr(self.name)} for "
                f"{self.kind!r}",
                path="name",
            )
        if self.kind == "map" and not self.mapping:
            raise ConfigError("an empty tag → theme mapping selects nothing", path="mapping")
        if self.kind != "map" and self.mapping:
            raise ConfigError(
                f"only a mapping selector has a mapping, got one for {self.kind!r}",
                path="mapping",
            )

    @classmethod
    def parse(cls, spec: Any) -> ThemeSelector:
        """Return the selector ``spec`` names (a selector is returned as it is).

        Examples:
            >>> ThemeSelector.parse("attr:")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: selector: 'attr:' names no attribute; write attr:NAME
        """
        if isinstance(spec, ThemeSelector):
            return spec
        if isinstance(spec, Mapping):
            pairs = []
            for tag, theme in spec.items():
                path = f"selector[{safe_repr(tag, 40)}]"
                # A blank tag or theme names nothing, in the words of every blank name.
                pairs.append(
                    (
                        require_nonblank(tag, path, "tag"),
                        require_nonblank(theme, path, "theme name"),
                    )
                )
            if not pairs:
                raise ConfigError("an empty tag → theme mapping selects nothing", path="selector")
            return cls("map", "", tuple(pairs))
        if isinstance(spec, str) and spec == "tags":  # text first: an array answers == in kind
            return cls("tags")
        if isinstance(spec, str) and spec.startswith("attr:"):
            name = spec.removeprefix("attr:").strip()
            if not name:
                raise ConfigError(
                    f"{safe_repr(spec)} names no attribute; write attr:NAME", path="selector"
                )
            return cls("attr", name)
        raise ConfigError(
            f"unknown theme selector {safe_repr(spec)}; expected 'tags', 'attr:NAME' or a "
            "mapping of tag to theme",
            path="selector",
        )

    def themes(self, record: Any) -> frozenset[str]:
        """Return the themes of a ``Ticket`` or ``TicketHistory`` (empty: no theme).

        Examples:
            >>> from datetime import datetime, timezone
            >>> from servicemodel.model import Ticket
            >>> ThemeSelector.parse("tags").themes(
            ...     Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc)))
            frozenset()
        """
        ticket = ticket_of(record)
        if self.kind == "tags":
            return ticket.tags
        if self.kind == "attr":
            value = ticket.attributes.get(self.name)
            if _no_value(value):
                return frozenset()
            # A number or flag is still a reason code: kept as its text, never dropped.
            return frozenset({_code_text(value)})
        lookup = dict(self.mapping)
        return frozenset(lookup[tag] for tag in ticket.tags if tag in lookup)

    def __str__(self) -> str:
        if self.kind == "attr":
            return f"attr:{self.name}"
        return "tags" if self.kind == "tags" else f"mapping of {len(self.mapping)} tags"


def _selector(value: Any) -> ThemeSelector:
    return ThemeSelector.parse(value)


@attrs.frozen(repr=False)
class ThemeShares(Mapping[str, Estimate]):
    """Each theme's share of the tickets counted (a mapping of theme to ``Estimate``).

    Themes are ordered by count, largest first (ties by name). ``n`` is the number of tickets;
    ``unthemed`` is the share of tickets with no theme.

    Examples:
        >>> ThemeCounts.empty("tags").result().n
        0
    """

    estimates: tuple[tuple[str, Estimate], ...] = attrs.field(converter=estimate_pairs)
    n: int = attrs.field(converter=count_value, validator=count_field)
    unthemed: Estimate = attrs.field(validator=instance_of(Estimate))

    def __getitem__(self, theme: str) -> Estimate:
        if isinstance(theme, str):  # themes are texts: an array would answer == with an array
            for key, est in self.estimates:
                if key == theme:
                    return est
        raise UnknownKeyError(
            f"no theme {safe_repr(theme)}; the themes are {safe_repr(list(self))}"
        )

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.estimates)

    def __len__(self) -> int:
        return len(self.estimates)

    def __repr__(self) -> str:
        lines = [f"ThemeShares(n={self.n})"]
        lines += [f"  {est!r}" for _, est in self.estimates]
        return "\n".join(lines)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per theme (``theme``, ``count``, then the estimate's columns).

        Examples:
            >>> ThemeCounts.empty("tags").result().to_records()
            []
        """
        return [
            {"theme": theme, "count": est.count("successes"), **est.to_record()}
            for theme, est in self.estimates
        ]


@attrs.frozen
class ThemeCounts(MergeOperators):
    """Accumulator of tickets per theme (mergeable, exact counts).

    ``add`` takes a ``Ticket`` or ``TicketHistory``; ``n`` counts tickets, ``counts`` the
    tickets per theme, ``unthemed`` those with none. Segment by period with
    ``by(periods("month"), ThemeCounts.empty("tags"))``; compare two periods with
    [`theme_changes`][servicemodel.feedback.theme_changes].

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket
        >>> t = Ticket("T", datetime(2026, 3, 2, tzinfo=timezone.utc), tags={"bug"})
        >>> (ThemeCounts.empty("tags").add(t) + ThemeCounts.empty("tags").add(t)).count("bug")
        2
    """

    selector: ThemeSelector = attrs.field(converter=_selector)
    n: int = attrs.field(default=0, converter=count_value, validator=count_field)
    counts: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=name_counts)
    unthemed: int = attrs.field(default=0, converter=count_value, validator=count_field)

    def __attrs_post_init__(self) -> None:
        for theme, k in (*self.counts, ("(unthemed)", self.unthemed)):
            if isinstance(k, bool) or not isinstance(k, int) or k < 0:
                raise InputTypeError(
                    f"counts: {theme!r} has {type(k).__name__} {safe_repr(k)} tickets, expected "
                    f"a count of at most n={safe_repr(self.n)}"
                )
            if k > self.n:  # a count that contradicts n: a ValueError
                raise ConfigError(
                    # safe_repr: str() of an int past 4,300 digits raises a bare ValueError.
                    f"{theme!r} has {safe_repr(k)} tickets, expected a count of at most "
                    f"n={safe_repr(self.n)}",
                    path="counts",
                )
        # Counts given to the constructor are held to what add could have counted: a theme
        # has a name, a ticket with a theme is not unthemed, and read from one attribute a
        # ticket has at most one theme (else the shares, documented to add up to 1 with the
        # unthemed share, added up to more).
        for theme, k in self.counts:
            if not theme.strip():
                raise ConfigError(f"expected a non-blank theme name, got {theme!r}", path="counts")
            if k + self.unthemed > self.n:
                raise ConfigError(
                    f"{theme!r} has {safe_repr(k)} tickets and {safe_repr(self.unthemed)} are "
                    f"unthemed, more than n={safe_repr(self.n)}",
                    path="counts",
                )
        themed = sum(k for _, k in self.counts)
        if self.selector.kind == "attr" and themed + self.unthemed != self.n:
            raise ConfigError(
                f"themes read from one attribute give each ticket at most one: expected counts "
                f"and unthemed={safe_repr(self.unthemed)} adding up to n={safe_repr(self.n)}, got "
                f"{safe_repr(self.counts)}",
                path="counts",
            )

    @classmethod
    def empty(cls, selector: Any = "tags") -> ThemeCounts:
        """Return the accumulator with no tickets, reading themes with ``selector``.

        Examples:
            >>> ThemeCounts.empty("attr:reason").selector.name
            'reason'
        """
        return cls(selector)

    def _merge_params(self) -> Any:
        return self.selector

    def count(self, theme: str) -> int:
        """Return the number of tickets with ``theme`` (0 if never seen).

        Examples:
            >>> ThemeCounts.empty().count("login")
            0
        """
        return dict(self.counts).get(require_type(theme, str, "theme"), 0)

    @property
    def themes(self) -> tuple[str, ...]:
        """The themes seen, sorted by name.

        Examples:
            >>> ThemeCounts.empty().themes
            ()
        """
        return tuple(theme for theme, _ in self.counts)

    def add(self, record: Any) -> ThemeCounts:
        """Return a new accumulator with one more ticket.

        Examples:
            >>> ThemeCounts.empty().add(42)
            Traceback (most recent call last):
            ...
            servicemodel.errors.InputTypeError: record: expected a Ticket or TicketHistory, got int 42
        """  # noqa: E501
        return self.add_many((record,))

    def add_many(self, records: Iterable[Any]) -> ThemeCounts:
        """Return a new accumulator with all ``records`` added, in one pass.

        Examples:
            >>> ThemeCounts.empty().add_many([]).n
            0
        """
        counts = dict(self.counts)
        n, unthemed = self.n, self.unthemed
        for record in require_iterable(records, "records"):
            themes = self.selector.themes(record)
            n += 1
            if not themes:
                unthemed += 1
            for theme in themes:
                counts[theme] = counts.get(theme, 0) + 1
        return ThemeCounts(self.selector, n, counts, unthemed)

    def merge(self, other: ThemeCounts) -> ThemeCounts:
        """Return the accumulator of both inputs; their selectors must be equal.

        Examples:
            >>> ThemeCounts.empty("tags").merge(ThemeCounts.empty("attr:reason"))
            Traceback (most recent call last):
            ...
            servicemodel.errors.MergeError: cannot merge ThemeCounts with different parameters: ...
        """
        self._check_mergeable(other)
        counts = dict(self.counts)
        for theme, k in other.counts:
            counts[theme] = counts.get(theme, 0) + k
        return ThemeCounts(self.selector, self.n + other.n, counts, self.unthemed + other.unthemed)

    def result(self, level: float = 0.95) -> ThemeShares:
        """Return each theme's share of the tickets with its Wilson interval.

        Examples:
            >>> ThemeCounts.empty().result().unthemed.value is None
            True
        """
        ranked = sorted(self.counts, key=lambda kv: (-kv[1], kv[0]))
        estimates = tuple(
            (theme, proportion(k, self.n, metric=f"theme {theme}", level=level))
            for theme, k in ranked
        )
        unthemed = proportion(self.unthemed, self.n, metric="unthemed", level=level)
        return ThemeShares(estimates, self.n, unthemed)
