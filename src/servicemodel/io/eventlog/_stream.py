"""Private: what an adapter returns -- a stream of histories with its errors and skips."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

import attrs

from servicemodel._validators import check_on_error
from servicemodel.errors import RecordError
from servicemodel.io._source import Skipped
from servicemodel.model import TicketHistory

__all__ = ["ExportResult", "HistoryStream", "Item", "OnError", "Skipped"]

OnError = Literal["raise", "collect"]


@attrs.frozen
class ExportResult:
    """Everything one adapter read: the histories, the errors set aside, the records skipped.

    Examples:
        >>> from servicemodel.errors import RecordError
        >>> r = ExportResult((), (RecordError("bad", path="rows[3]"),), (Skipped("9", "deleted"),))
        >>> len(r), [str(e) for e in r.errors], r.skipped[0].reason
        (0, ['rows[3]: bad'], 'deleted')
    """

    histories: tuple[TicketHistory, ...]
    errors: tuple[RecordError, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    def __len__(self) -> int:
        return len(self.histories)

    def __iter__(self) -> Iterator[TicketHistory]:
        return iter(self.histories)


Item = TicketHistory | RecordError | Skipped


class HistoryStream(Iterator[TicketHistory]):
    """A one-pass stream of histories; the errors and skipped records are kept on it.

    With ``on_error="raise"`` the first bad record raises its
    [`RecordError`][servicemodel.errors.RecordError]; with ``"collect"`` it is set aside in
    ``errors`` and the stream goes on, so one broken record never loses the rest of an export.
    [`collect`][servicemodel.io.eventlog.HistoryStream.collect] reads what is left into an
    [`ExportResult`][servicemodel.io.eventlog.ExportResult].

    Examples:
        >>> s = histories([{"case:concept:name": "C", "concept:name": "x",
        ...                 "time:timestamp": "2026-03-02T09:00Z"}], on_error="collect")
        >>> s.collect().errors[0].path
        'rows[0].concept:name'
    """

    def __init__(self, items: Iterator[Item], *, on_error: OnError) -> None:
        check_on_error(on_error)
        self._items = items
        self._on_error = on_error
        self._errors: list[RecordError] = []
        self._skipped: list[Skipped] = []

    @property
    def errors(self) -> tuple[RecordError, ...]:
        """The errors set aside so far (``on_error="collect"``)."""
        return tuple(self._errors)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """The records skipped so far, with the reason."""
        return tuple(self._skipped)

    def __iter__(self) -> HistoryStream:
        return self

    def __next__(self) -> TicketHistory:
        for item in self._items:
            if isinstance(item, TicketHistory):
                return item
            if isinstance(item, Skipped):
                self._skipped.append(item)
            elif self._on_error == "raise":
                raise item
            else:
                self._errors.append(item)
        raise StopIteration

    def collect(self) -> ExportResult:
        """Read the rest of the stream into an [`ExportResult`][servicemodel.io.eventlog.ExportResult].

        Examples:
            >>> histories([]).collect()
            ExportResult(histories=(), errors=(), skipped=())
        """  # noqa: E501
        found = tuple(self)
        return ExportResult(found, self.errors, self.skipped)
