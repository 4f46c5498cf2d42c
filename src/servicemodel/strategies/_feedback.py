"""Hypothesis strategies for feedback and self-service: themed tickets, ratings, sessions.

Examples:
    >>> from hypothesis import find
    >>> find(themed_tickets(), lambda t: "reason" in t.attributes).attributes["reason"]
    'billing'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hypothesis import strategies as st

from servicemodel.errors import InputTypeError
from servicemodel.model import SatisfactionRating, Ticket
from servicemodel.selfservice import Session
from servicemodel.strategies._args import strategy
from servicemodel.strategies._model import aware_datetimes

__all__ = ["help_sessions", "satisfaction_ratings", "themed_tickets"]

_THEMES = ("billing", "login", "bug", "how-to")
_CHANNELS = ("email", "chat", "phone", "social")
_CUSTOMERS = ("ann@example.com", "bob@example.com", "cy@example.com", "dee@example.com")
_IDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)


def _names(value: Any, name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise InputTypeError(f"{name} must be a non-empty sequence of names, got {value!r}")
    if not all(isinstance(v, str) and v for v in value):
        raise InputTypeError(f"{name} must hold non-empty strings, got {value!r}")
    return tuple(value)


def themed_tickets(
    *,
    themes: Sequence[str] = _THEMES,
    channels: Sequence[str] = _CHANNELS,
    customers: Sequence[str] = _CUSTOMERS,
    created_at: st.SearchStrategy[datetime] | None = None,
) -> st.SearchStrategy[Ticket]:
    """Return a strategy for tickets tagged with ``themes``, with a ``reason`` attribute.

    Each ticket has up to three of ``themes`` as tags, one of them (or none) as its
    ``reason`` attribute, a channel from ``channels`` and a requester from ``customers`` (or
    none).

    Examples:
        >>> from hypothesis import given
        >>> @given(themed_tickets(themes=["a", "b"]))
        ... def check(t):
        ...     assert t.tags <= {"a", "b"}
        >>> check()
    """
    theme_names = _names(themes, "themes")
    channel_names = _names(channels, "channels")
    customer_names = _names(customers, "customers")
    strategy("themed_tickets", "created_at", created_at)
    when = created_at if created_at is not None else aware_datetimes()

    @st.composite
    def build(draw: st.DrawFn) -> Ticket:
        tags = draw(st.frozensets(st.sampled_from(theme_names), max_size=3))
        reason = draw(st.none() | st.sampled_from(theme_names))
        return Ticket(
            "T-" + draw(_IDS),
            draw(when),
            requester=draw(st.none() | st.sampled_from(customer_names)),
            channel=draw(st.sampled_from(channel_names)),
            tags=tags,
            attributes={} if reason is None else {"reason": reason},
        )

    return build()


def satisfaction_ratings(
    *,
    survey: str = "csat",
    scales: Sequence[tuple[int, int]] = ((1, 5), (0, 1), (0, 10)),
    at: st.SearchStrategy[datetime] | None = None,
) -> st.SearchStrategy[SatisfactionRating]:
    """Return a strategy for rating events of ``survey`` on one of ``scales`` (whole scores).

    Examples:
        >>> from hypothesis import given
        >>> @given(satisfaction_ratings(scales=[(1, 5)]))
        ... def check(r):
        ...     assert 1 <= r.score <= 5
        >>> check()
    """
    if not isinstance(survey, str) or not survey:
        raise InputTypeError(f"survey must be a non-empty string, got {survey!r}")
    if isinstance(scales, (str, bytes)) or not isinstance(scales, Sequence):
        raise InputTypeError(f"scales must be a list of (low, high) int pairs, got {scales!r}")
    if not scales or not all(
        isinstance(s, tuple) and len(s) == 2 and all(isinstance(v, int) for v in s) and s[0] < s[1]
        for s in scales
    ):
        raise InputTypeError(
            f"scales must be (low, high) int pairs with low < high, got {scales!r}"
        )
    strategy("satisfaction_ratings", "at", at)
    when = at if at is not None else aware_datetimes()

    @st.composite
    def build(draw: st.DrawFn) -> SatisfactionRating:
        low, high = draw(st.sampled_from(list(scales)))
        return SatisfactionRating(
            "r-" + draw(_IDS),
            draw(when),
            score=draw(st.integers(low, high)),
            survey=survey,
            scale_min=low,
            scale_max=high,
        )

    return build()


def help_sessions(
    *,
    customers: Sequence[str] = _CUSTOMERS,
    started_at: st.SearchStrategy[datetime] | None = None,
    max_articles: int = 3,
) -> st.SearchStrategy[Session]:
    """Return a strategy for help-centre [`Session`][servicemodel.selfservice.Session]s.

    Ids are drawn freely: for a log, draw ``st.lists(help_sessions(), unique_by=lambda s:
    s.id)`` since a log never repeats a session id.

    Examples:
        >>> from hypothesis import given, strategies as st
        >>> @given(st.lists(help_sessions(customers=["ann"]), unique_by=lambda s: s.id))
        ... def check(log):
        ...     assert all(s.customer == "ann" for s in log)
        >>> check()
    """
    customer_names = _names(customers, "customers")
    if isinstance(max_articles, bool) or not isinstance(max_articles, int) or max_articles < 0:
        raise InputTypeError(f"max_articles must be an int >= 0, got {max_articles!r}")
    strategy("help_sessions", "started_at", started_at)
    when = started_at if started_at is not None else aware_datetimes()
    articles = st.lists(_IDS.map(lambda s: "kb-" + s), max_size=max_articles)
    return st.builds(
        Session, _IDS.map(lambda s: "s-" + s), st.sampled_from(customer_names), when, articles
    )
