"""Channel preference: each channel's share of contacts, and whether the mix shifted.

[`ChannelMix`][servicemodel.feedback.ChannelMix] counts contacts per channel on the one
accumulator protocol; its result gives each channel's share with a Wilson interval (the
shares add up to 1). [`channel_shift`][servicemodel.feedback.channel_shift] tests whether
the mix differs between periods with Pearson's chi-square test of homogeneity on the
periods × channels table.

The small-count rule is Cochran's (1954, *Biometrics* 10(4), 417–451): the chi-square
approximation is trusted when no expected count is below 1 and at most 20 % of them are below
5. When the table breaks it, the two channels with the fewest contacts are pooled into one
column (``"(pooled)"``), then the channel with the fewest contacts left joins that column, and
again, until the rule holds; if it still fails with two columns left, no p-value is given
(``p_value`` is ``None`` and ``note`` says why). Periods with no contacts are left out of the
test.

Examples:
    >>> march = ChannelMix.empty().add_many(["email"] * 60 + ["chat"] * 40)
    >>> april = ChannelMix.empty().add_many(["email"] * 40 + ["chat"] * 60)
    >>> shift = channel_shift({"march": march, "april": april})
    >>> round(shift.statistic, 3), shift.df, shift.shifted
    (8.0, 1, True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import count_field, count_value
from servicemodel._validators import (
    instance_of,
    members_of,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.errors import ConfigError, InputTypeError, UnknownKeyError
from servicemodel.feedback._stats import between, chi_square_sf, name_counts
from servicemodel.kpi import Estimate, MergeOperators, proportion
from servicemodel.kpi._shared import (
    check_fraction,
    estimate_pairs,
    fraction_field,
    level_value,
)
from servicemodel.model import Ticket, TicketHistory

__all__ = ["POOLED", "ChannelMix", "ChannelShares", "ChannelShift", "channel_shift"]

#: Counts past 2**53 have no exact float (as in ``wilson_interval``).
_MAX_COUNT = 2**53

POOLED = "(pooled)"
"""The column name of channels pooled by the small-count rule."""


def _vocabulary(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if (
        isinstance(value, str)
        or not isinstance(value, Iterable)
        or getattr(value, "ndim", None) == 0  # a 0-d array: iterating it raises TypeError
    ):
        raise InputTypeError(f"channels: expected a list of channel names, got {safe_repr(value)}")
    names = []
    for i, item in enumerate(value):
        names.append(require_nonblank(item, f"channels[{i}]", "channel name").strip().lower())
    if not names:
        raise ConfigError("an empty channel list allows no contact", path="channels")
    return tuple(sorted(set(names)))


def _channel_of(record: Any) -> tuple[str, str]:
    """Return ``(channel, what)``: the contact's channel and how to name the record in errors."""
    if isinstance(record, TicketHistory):
        record = record.ticket
    if isinstance(record, Ticket):
        return record.channel, f"ticket {record.id!r}"
    if isinstance(record, str):
        # A blank cell is no channel: it would count as channel ''.
        return require_nonblank(record, "channel", "channel name").strip().lower(), "contact"
    raise InputTypeError(
        "expected a Ticket, TicketHistory or channel name, got "
        f"{type(record).__name__} {safe_repr(record)}"
    )


@attrs.frozen(repr=False)
class ChannelShares(Mapping[str, Estimate]):
    """Each channel's share of contacts (a mapping of channel to ``Estimate``), by name.

    Examples:
        >>> ChannelMix.empty(channels=["chat"]).result()["chat"].value is None
        True
    """

    estimates: tuple[tuple[str, Estimate], ...] = attrs.field(converter=estimate_pairs)
    n: int = attrs.field(converter=count_value, validator=count_field)

    def __getitem__(self, channel: str) -> Estimate:
        if not isinstance(channel, str):  # a channel is text; an array's == is no bool
            raise UnknownKeyError(safe_repr(channel))
        for key, est in self.estimates:
            if key == channel:
                return est
        raise UnknownKeyError(channel)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.estimates)

    def __len__(self) -> int:
        return len(self.estimates)

    def __repr__(self) -> str:
        return "\n".join([f"ChannelShares(n={self.n})", *(f"  {e!r}" for _, e in self.estimates)])

    def to_records(self) -> list[dict[str, Any]]:
        """One flat row per channel.

        Examples:
            >>> ChannelMix.empty().add("chat").result().to_records()[0]["channel"]
            'chat'
        """
        return [{"channel": c, **e.to_record()} for c, e in self.estimates]


@attrs.frozen
class ChannelMix(MergeOperators):
    """Accumulator of contacts per channel (mergeable, exact counts).

    ``add`` takes a ``Ticket``, a ``TicketHistory`` or a channel name. With ``channels`` (a
    list of names) any other channel is a ``ConfigError`` naming the record and the value, and
    every listed channel appears in the result even with no contacts; without it any channel
    is counted.

    Examples:
        >>> ChannelMix.empty(channels=["email", "chat"]).add("fax")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: channel: contact has unknown channel 'fax'; expected one of ['chat', 'email']
    """  # noqa: E501

    channels: tuple[str, ...] | None = attrs.field(default=None, converter=_vocabulary)
    n: int = attrs.field(default=0, converter=count_value, validator=count_field)
    counts: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=name_counts)

    def __attrs_post_init__(self) -> None:
        values = [k for _, k in self.counts]
        if any(isinstance(k, bool) or not isinstance(k, int) or k < 0 for k in values):
            raise InputTypeError(
                f"counts: expected counts adding up to n={safe_repr(self.n)}, got "
                f"{safe_repr(self.counts)}"
            )
        if sum(values) != self.n:  # counts that contradict n: a ValueError
            raise ConfigError(
                f"expected counts adding up to n={safe_repr(self.n)}, got {safe_repr(self.counts)}",
                path="counts",
            )
        # Counts given to the constructor name channels as add reads them (stripped, lower
        # case, from the channel list when there is one): else "Chat" and "chat" were two
        # channels after a merge, and a channel outside the list was counted all the same.
        for channel, _ in self.counts:
            if not channel.strip() or channel != channel.strip().lower():
                raise ConfigError(
                    f"expected a channel name as add reads it (non-blank, stripped, lower "
                    f"case), got {safe_repr(channel)}",
                    path="counts",
                )
            if self.channels is not None and channel not in self.channels:
                raise ConfigError(
                    f"unknown channel {safe_repr(channel)}; expected one of {list(self.channels)}",
                    path="counts",
                )

    @classmethod
    def empty(cls, *, channels: Iterable[str] | None = None) -> ChannelMix:
        """Return the accumulator with no contacts (optionally for a fixed channel list).

        Examples:
            >>> ChannelMix.empty(channels=["Chat", "email"]).channels
            ('chat', 'email')
        """
        return cls(channels)

    def _merge_params(self) -> Any:
        return self.channels

    def count(self, channel: str) -> int:
        """Return the number of contacts on ``channel``.

        Examples:
            >>> ChannelMix.empty().add_many(["chat", "chat"]).count("chat")
            2
        """
        return dict(self.counts).get(require_type(channel, str, "channel"), 0)

    def add(self, record: Any) -> ChannelMix:
        """Return a new accumulator with one more contact.

        Examples:
            >>> ChannelMix.empty().add("Chat").counts
            (('chat', 1),)
        """
        return self.add_many((record,))

    def add_many(self, records: Iterable[Any]) -> ChannelMix:
        """Return a new accumulator with all ``records`` added, in one pass.

        Examples:
            >>> ChannelMix.empty().add_many(["chat", "email", "chat"]).n
            3
        """
        counts = dict(self.counts)
        n = self.n
        allowed = self.channels
        for record in require_iterable(records, "records"):
            channel, what = _channel_of(record)
            if allowed is not None and channel not in allowed:
                raise ConfigError(
                    f"{what} has unknown channel {safe_repr(channel)}; expected one of "
                    f"{list(allowed)}",
                    path="channel",
                )
            counts[channel] = counts.get(channel, 0) + 1
            n += 1
        return ChannelMix(allowed, n, counts)

    def merge(self, other: ChannelMix) -> ChannelMix:
        """Return the accumulator of both inputs; channel lists must be equal.

        Examples:
            >>> (ChannelMix.empty().add("chat") + ChannelMix.empty().add("email")).n
            2
        """
        self._check_mergeable(other)
        counts = dict(self.counts)
        for channel, k in other.counts:
            counts[channel] = counts.get(channel, 0) + k
        return ChannelMix(self.channels, self.n + other.n, counts)

    def result(self, level: float = 0.95) -> ChannelShares:
        """Return each channel's share of contacts with its Wilson interval.

        Examples:
            >>> ChannelMix.empty().add_many(["chat", "email", "chat"]).result()["chat"]
            share chat 66.7 % [20.8, 93.9] (n=3, 95 %)
        """
        names = sorted(set(self.channels or ()) | {c for c, _ in self.counts})
        estimates = tuple(
            (c, proportion(self.count(c), self.n, metric=f"share {c}", level=level)) for c in names
        )
        return ChannelShares(estimates, self.n)


# --- the test of homogeneity ---------------------------------------------------------------


#: A test's statistic or p-value: a number, or ``None`` when no test was run.
_OPTIONAL_NUMBER = instance_of((int, float), optional=True)


@attrs.frozen(repr=False)
class ChannelShift:
    """Pearson's chi-square test of whether the channel mix differs between periods.

    ``periods`` and ``channels`` label the rows and columns of ``observed`` (after the
    small-count rule pooled channels, listed in ``pooled``); ``p_value`` is ``None`` when the
    test could not be done, with the reason in ``note``. ``shifted`` is ``p_value < alpha``
    (``None`` without a p-value).

    Examples:
        >>> channel_shift([ChannelMix.empty().add("chat")]).note
        'needs at least two periods with contacts'
    """

    periods: tuple[Any, ...]
    channels: tuple[str, ...]
    observed: tuple[tuple[int, ...], ...]
    statistic: float | None = attrs.field(
        validator=[_OPTIONAL_NUMBER, between(0, math.inf, optional=True)]
    )
    df: int | None = attrs.field(
        validator=[instance_of(int, optional=True), between(1, math.inf, optional=True)]
    )
    p_value: float | None = attrs.field(validator=[_OPTIONAL_NUMBER, between(0, 1, optional=True)])
    # The one rule of an alpha (kpi's): any real number, as the decimal it prints as.
    alpha: float = attrs.field(converter=level_value, validator=fraction_field)
    pooled: tuple[str, ...] = attrs.field(default=(), validator=members_of(str, tuple))
    note: str = attrs.field(default="", validator=instance_of(str))

    def __attrs_post_init__(self) -> None:
        # One built directly is held to what channel_shift gives: a p-value of 5 printed as a
        # result, a test with a p-value but no statistic.
        given = (self.statistic is None, self.df is None, self.p_value is None)
        if len(set(given)) != 1:
            raise ConfigError(
                f"statistic, df and p_value come together (a test) or are all None (no test), "
                f"got {safe_repr(self.statistic)}, {safe_repr(self.df)}, "
                f"{safe_repr(self.p_value)}",
                path="p_value",
            )

    @property
    def shifted(self) -> bool | None:
        """Whether the mix shifted at level ``alpha`` (``None``: no test).

        Examples:
            >>> channel_shift([ChannelMix.empty().add("chat")]).shifted is None
            True
        """
        return None if self.p_value is None else self.p_value < self.alpha

    def __repr__(self) -> str:
        if self.p_value is None:
            return f"ChannelShift(no test: {self.note})"
        pooled = f", pooled {list(self.pooled)}" if self.pooled else ""
        return (
            f"ChannelShift(chi2={self.statistic:.4g}, df={self.df}, p={self.p_value:.3g}{pooled})"
        )


def _table(mixes: Any) -> tuple[list[Any], list[ChannelMix]]:
    if hasattr(mixes, "parts") and isinstance(mixes.parts, Mapping):  # a Segmented accumulator
        mixes = mixes.parts
    if isinstance(mixes, Mapping):
        labels, values = list(mixes.keys()), list(mixes.values())
    elif (
        isinstance(mixes, Iterable)
        and not isinstance(mixes, str)
        and getattr(mixes, "ndim", None) != 0  # a 0-d array: iterating it raises TypeError
    ):
        values = list(mixes)
        labels = list(range(len(values)))
    else:
        raise InputTypeError(
            f"expected ChannelMix accumulators (a mapping, a list or by(...)), got "
            f"{safe_repr(mixes)}"
        )
    for label, value in zip(labels, values, strict=True):
        if not isinstance(value, ChannelMix):
            raise InputTypeError(
                f"period {safe_repr(label)}: expected a ChannelMix, got {type(value).__name__}"
            )
        # As every count the library reads: past 2**53 a count has no exact float (and a
        # table of such counts overflowed the float range computing its expected counts).
        if value.n > _MAX_COUNT:
            raise ConfigError(
                f"period {safe_repr(label)}: n must be a count up to 2**53, got "
                f"{safe_repr(value.n)}",
                path="mixes",
            )
    return labels, values


def _expected(rows: list[list[int]]) -> list[list[float]]:
    total = sum(map(sum, rows))
    col_totals = [sum(col) for col in zip(*rows, strict=True)]
    return [[sum(row) * c / total for c in col_totals] for row in rows]


def _cochran_ok(expected: list[list[float]]) -> bool:
    cells = [e for row in expected for e in row]
    return min(cells) >= 1 and sum(e < 5 for e in cells) <= 0.2 * len(cells)


def _pool(rows: list[list[int]], names: list[str]) -> tuple[list[list[int]], list[str], list[str]]:
    """Pool small channels until Cochran's rule holds or two columns are left.

    The two channels with the fewest contacts form the one ``"(pooled)"`` column; after that
    the channel with the fewest contacts joins it, one at a time. (Pooling the two smallest
    columns each time made a second column also named ``"(pooled)"`` when both were channels,
    which hid which channels each held.)
    """
    pooled: list[str] = []
    while len(names) > 2 and not _cochran_ok(_expected(rows)):
        totals = [sum(col) for col in zip(*rows, strict=True)]
        channels = sorted(
            (j for j, name in enumerate(names) if name != POOLED),
            key=lambda j: (totals[j], names[j]),
        )
        merge = {names.index(POOLED), channels[0]} if POOLED in names else set(channels[:2])
        pooled += [names[k] for k in sorted(merge) if names[k] != POOLED]
        rows = [
            [*(v for k, v in enumerate(r) if k not in merge), sum(r[k] for k in merge)]
            for r in rows
        ]
        names = [*(n for k, n in enumerate(names) if k not in merge), POOLED]
    return rows, names, sorted(pooled)


def channel_shift(mixes: Any, *, alpha: float = 0.05) -> ChannelShift:
    """Test whether the channel mix differs between periods (chi-square test of homogeneity).

    ``mixes`` is a mapping of period to [`ChannelMix`][servicemodel.feedback.ChannelMix], a list
    of them, or a segmented accumulator ``by(periods(...), ChannelMix.empty())``. The
    statistic is ``Σ (O − E)² / E`` over the periods × channels table with
    ``E = row total · column total / n``, on ``(rows − 1)(columns − 1)`` degrees of freedom;
    the small-count rule (Cochran 1954) is described in the module docstring.

    Examples:
        >>> a = ChannelMix.empty().add_many(["email"] * 3 + ["chat"] * 2)
        >>> channel_shift([a, a]).note
        "Cochran's rule fails (an expected count below 1, or over 20 % below 5) even with two columns"
    """  # noqa: E501
    alpha = check_fraction(alpha, "alpha")
    labels, values = _table(mixes)
    kept = [(label, mix) for label, mix in zip(labels, values, strict=True) if mix.n > 0]
    names = sorted({c for _, mix in kept for c, k in mix.counts if k > 0})
    rows = [[mix.count(c) for c in names] for _, mix in kept]
    periods = tuple(label for label, _ in kept)

    def no_test(note: str, pooled: tuple[str, ...] = ()) -> ChannelShift:
        return ChannelShift(
            periods, tuple(names), tuple(map(tuple, rows)), None, None, None, alpha, pooled, note
        )

    if len(kept) < 2:
        return no_test("needs at least two periods with contacts")
    if len(names) < 2:
        return no_test("needs at least two channels with contacts")
    rows, names, pooled = _pool(rows, names)
    if not _cochran_ok(_expected(rows)):
        return no_test(
            "Cochran's rule fails (an expected count below 1, or over 20 % below 5) even "
            "with two columns",
            tuple(pooled),
        )
    expected = _expected(rows)
    statistic = sum(
        (o - e) ** 2 / e
        for row, erow in zip(rows, expected, strict=True)
        for o, e in zip(row, erow, strict=True)
    )
    df = (len(rows) - 1) * (len(names) - 1)
    return ChannelShift(
        periods,
        tuple(names),
        tuple(map(tuple, rows)),
        statistic,
        df,
        chi_square_sf(statistic, df),
        float(alpha),
        tuple(pooled),
    )
