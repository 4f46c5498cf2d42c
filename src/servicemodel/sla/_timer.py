"""Private: timers -- what happens to a ticket's SLA clocks next, and when.

A [`Timer`][servicemodel.sla.Timer] is a warning, a breach or an escalation step at an
instant; [`TicketSLA.timers`][servicemodel.sla.TicketSLA.timers] lists them from
measurements, with an optional ladder (anything shaped like
[`LadderLike`][servicemodel.sla.LadderLike]: the escalation layer sits above this one).

Examples:
    >>> from datetime import datetime, timezone
    >>> t = Timer(datetime(2026, 3, 2, 11, tzinfo=timezone.utc), "T-1", Metric.NEXT_REPLY, 2,
    ...           "warning", fraction=0.75)
    >>> t.key
    ('T-1', 'next_reply', 2, 'warning', 0.75, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

import attrs

from servicemodel._numbers import count_field, count_value
from servicemodel._validators import instance_of
from servicemodel.errors import require_instant
from servicemodel.sla._clock import Memo
from servicemodel.sla._measurement import (
    Measurement,
    MeasurementState,
    Metric,
    warning_instants,
)

__all__ = ["LadderLike", "Timer", "timers_of"]

_METRIC_ORDER = {m: i for i, m in enumerate(Metric)}
_KIND_ORDER = {"warning": 0, "breach": 1, "escalation": 2}


def _aware(_instance: Any, attribute: Any, value: Any) -> None:
    """attrs validator: an aware datetime in the supported range, named in the error."""
    require_instant(value, attribute.name)


@attrs.frozen
class Timer:
    """Something that happens to a ticket's SLA clock at ``at``, unless an event comes first.

    ``kind`` is ``"warning"`` (the clock reaches ``fraction`` of its target), ``"breach"``
    (the clock passes its deadline: ``at`` is ``due_at``, the last instant a stop is still
    on time) or ``"escalation"`` (a ladder reaches ``level``; ``repeat`` is the repeat round).

    Examples:
        >>> from datetime import datetime, timezone
        >>> t = Timer(datetime(2026, 3, 2, 11, tzinfo=timezone.utc), "T-1",
        ...           Metric.FIRST_REPLY, 0, "breach")
        >>> t.kind, t.metric.value
        ('breach', 'first_reply')
    """

    at: datetime = attrs.field(validator=_aware)
    ticket_id: str = attrs.field(validator=instance_of(str))
    metric: Metric = attrs.field(validator=instance_of(Metric))
    cycle: int = attrs.field(converter=count_value, validator=count_field)
    kind: str = attrs.field(validator=instance_of(str))
    fraction: float | None = attrs.field(
        default=None, validator=instance_of((int, float), optional=True)
    )
    level: str | None = attrs.field(default=None, validator=instance_of(str, optional=True))
    repeat: int = attrs.field(default=0, converter=count_value, validator=count_field)

    @property
    def key(self) -> tuple[str, str, int, str, float | str | None, int]:
        """What identifies this timer across re-computations (everything but the instant).

        Examples:
            >>> from datetime import datetime, timezone
            >>> t = Timer(datetime(2026, 3, 2, tzinfo=timezone.utc), "T", Metric.RESOLUTION, 0,
            ...           "warning", fraction=0.5)
            >>> t.key
            ('T', 'resolution', 0, 'warning', 0.5, 0)
        """
        label = self.fraction if self.kind == "warning" else self.level
        return (self.ticket_id, self.metric.value, self.cycle, self.kind, label, self.repeat)

    def _order(self) -> tuple[datetime, int, int, int, float, int]:
        return (
            self.at,
            _METRIC_ORDER[self.metric],
            self.cycle,
            _KIND_ORDER[self.kind],
            self.fraction or 0.0,
            self.repeat,
        )


class _StepLike(Protocol):
    @property
    def at(self) -> datetime: ...
    @property
    def level(self) -> str: ...
    @property
    def repeat(self) -> int: ...


class LadderLike(Protocol):
    """What ``next_timer`` needs of an escalation ladder (``EscalationLadder`` is one)."""

    def timeline(self, measurement: Measurement) -> Iterable[_StepLike]:
        """The ladder's steps for one measurement, each with ``at``, ``level``, ``repeat``.

        The steps must not depend on ``measurement.evaluated_at``: a live state keeps a
        clock's steps until an event changes the clock.
        """
        ...


def timers_of(
    m: Measurement, since: datetime, ladder: LadderLike | None, memo: Memo | None = None
) -> list[Timer]:
    """The timers of one measurement at or after ``since``."""
    out = [
        Timer(x, m.ticket_id, m.metric, m.cycle, "warning", fraction=f)
        for f, x in warning_instants(m, memo)
        if x is not None and x >= since
    ]
    if m.state is MeasurementState.ACTIVE:
        breach = m.due_at
    elif m.state is MeasurementState.BREACHED:
        breach = m.breached_at
    else:
        breach = None
    if breach is not None and breach >= since:
        out.append(Timer(breach, m.ticket_id, m.metric, m.cycle, "breach"))
    # A paused clock that never ran has no spans, which a ladder reads as a measurement built
    # by hand (counted from ``started_at``): nothing escalates while a clock is paused.
    if ladder is not None and (m.spans or m.state is not MeasurementState.PAUSED):
        for step in ladder.timeline(m):
            if step.at >= since:
                out.append(
                    Timer(
                        step.at,
                        m.ticket_id,
                        m.metric,
                        m.cycle,
                        "escalation",
                        level=step.level,
                        repeat=step.repeat,
                    )
                )
    return out
