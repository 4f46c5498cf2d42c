"""A help-centre session: who visited, when, and which articles they read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import require_nonblank
from servicemodel.errors import InputTypeError, require_aware, require_instant

__all__ = ["Session"]


def _text(field: str, what: str) -> Any:
    def check(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, str):
            raise InputTypeError(
                f"{field}: expected a string, got {type(value).__name__} {safe_repr(value)}"
            )
        require_nonblank(value, field, what)

    return check


def _instant(_inst: object, _attr: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, datetime):
        raise InputTypeError(
            f"started_at: expected an aware datetime, got {type(value).__name__} {safe_repr(value)}"
        )
    require_aware(value, "started_at")
    require_instant(value, "started_at")


def _articles(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise InputTypeError(f"articles: expected a list of ids, got the string {safe_repr(value)}")
    try:
        items = tuple(value)
    except TypeError:
        raise InputTypeError(f"articles: expected a list of ids, got {safe_repr(value)}") from None
    for i, item in enumerate(items):
        require_nonblank(item, f"articles[{i}]", "article id")
    return items


def _utc_eq(value: datetime) -> datetime:
    return value.astimezone(UTC)


@attrs.frozen
class Session:
    """One help-centre visit: ``id``, the ``customer`` who made it, ``started_at`` and articles.

    ``customer`` must be the same identifier tickets carry as their requester (or the ticket
    attribute chosen in [`SelfService`][servicemodel.selfservice.SelfService]), since sessions
    and tickets are joined on it. ``started_at`` is an aware datetime; ``at`` is the same
    instant (the name period keys read).

    Examples:
        >>> from datetime import datetime, timezone
        >>> s = Session("s1", "c@example.com", datetime(2026, 3, 2, 9, tzinfo=timezone.utc),
        ...             articles=["kb-12"])
        >>> s.articles
        ('kb-12',)
        >>> Session("s2", "", s.started_at)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: customer: expected a non-blank customer id, got ''
    """

    id: str = attrs.field(validator=_text("id", "session id"))
    customer: str = attrs.field(validator=_text("customer", "customer id"))
    started_at: datetime = attrs.field(validator=_instant, eq=_utc_eq)
    articles: tuple[str, ...] = attrs.field(default=(), converter=_articles)

    @property
    def at(self) -> datetime:
        """The instant the session started (what ``periods(...)`` reads).

        Examples:
            >>> from datetime import datetime, timezone
            >>> Session("s", "c", datetime(2026, 3, 2, tzinfo=timezone.utc)).at.day
            2
        """
        return self.started_at
