"""Hypothesis strategies for feedback and self-service: themed tickets, ratings, sessions.

Examples:
    >>> from hypothesis import find
    >>> find(themed_tickets(), lambda t: "reason" in t.attributes).attributes["reason"]
    'billing'
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.model import SatisfactionRating, Ticket
from servicemodel.selfservice import Session
from servicemodel.strategies._args import MOST, drawn_instant, names, strategy, whole
from servicemodel.strategies._model import aware_datetimes

__all__ = ["help_sessions", "satisfaction_ratings", "themed_tickets"]

_THEMES = ("billing", "login", "bug", "how-to")
_CHANNELS = ("email", "chat", "phone", "social")
_CUSTOMERS = ("ann@example.com", "bob@example.com", "cy@example.com", "dee@example.com")
_IDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=10)


def themed_tickets(
    *,
    themes: Sequence[str] = _THEMES,
    channels: Sequence[str] = _CHANNELS,
    customers: Sequence[str] = _CUSTOMERS,
    created_at: st.SearchStrategy[datetime] | None = None,
) -> st.SearchStrategy[Ticket]:
    """Return a strategy for tickets tagged with ``themes``, with a ``reason`` attribute.

    Each ticket has up to three of ``themes`` as tags and one of ``themes`` (or none) as its
    ``reason`` attribute, drawn apart from the tags as a helpdesk's reason field is (so the
    reason need not be among the tags), a channel from ``channels`` and a requester from
    ``customers`` (or none).

    Examples:
        >>> from hypothesis import given
        >>> @given(themed_tickets(themes=["a", "b"]))
        ... def check(t):
        ...     assert t.tags <= {"a", "b"}
        >>> check()
    """
    fn = "themed_tickets"
    theme_names = names(fn, "themes", themes)
    channel_names = names(fn, "channels", channels)
    customer_names = names(fn, "customers", customers)
    strategy("themed_tickets", "created_at", created_at)
    when = created_at if created_at is not None else aware_datetimes()

    @st.composite
    def build(draw: st.DrawFn) -> Ticket:
        tags = draw(st.frozensets(st.sampled_from(theme_names), max_size=3))
        reason = draw(st.none() | st.sampled_from(theme_names))
        return Ticket(
            "T-" + draw(_IDS),
            drawn_instant(fn, "created_at", draw(when)),
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
    fn = "satisfaction_ratings"
    if not isinstance(survey, str) or not survey:
        raise InputTypeError(f"{fn}: survey must be a non-empty str, got {safe_repr(survey)}")
    pairs = names(fn, "scales", scales, kind=tuple)
    for pair in pairs:
        if len(pair) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in pair):
            raise InputTypeError(
                f"{fn}: scales must hold (low, high) int pairs, got {safe_repr(pair)}"
            )
        if pair[0] >= pair[1]:
            raise ConfigError(
                f"{fn}: scales holds {safe_repr(pair)}, whose low is not below its high"
            )
    strategy("satisfaction_ratings", "at", at)
    when = at if at is not None else aware_datetimes()

    @st.composite
    def build(draw: st.DrawFn) -> SatisfactionRating:
        low, high = draw(st.sampled_from(pairs))
        return SatisfactionRating(
            "r-" + draw(_IDS),
            drawn_instant(fn, "at", draw(when)),
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
    customer_names = names("help_sessions", "customers", customers)
    whole("help_sessions", "max_articles", max_articles, maximum=MOST)
    strategy("help_sessions", "started_at", started_at)
    when = (
        aware_datetimes()
        if started_at is None  # a user's instants checked as tickets' created_at are
        else started_at.map(lambda t: drawn_instant("help_sessions", "started_at", t))
    )
    articles = st.lists(_IDS.map(lambda s: "kb-" + s), max_size=max_articles)
    return st.builds(
        Session, _IDS.map(lambda s: "s-" + s), st.sampled_from(customer_names), when, articles
    )
