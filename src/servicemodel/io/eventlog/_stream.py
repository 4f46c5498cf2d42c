"""Private: what an adapter returns -- a stream of histories with its errors, skips and
completeness warnings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs

from servicemodel._validators import as_tuple, check_on_error, members_of
from servicemodel.errors import RecordError
from servicemodel.io._source import Skipped
from servicemodel.model import TicketHistory

__all__ = ["ExportResult", "HistoryStream", "Incomplete", "Item", "OnError", "Skipped"]

OnError = Literal["raise", "collect"]


def _texts(value: Any) -> tuple[str, ...]:
    # as_tuple: a text would be split into its letters, a number a bare TypeError.
    return as_tuple(value, "warnings")


@attrs.frozen
class ExportResult:
    """Everything one adapter read: the histories, the errors set aside, the records skipped,
    and where the export is visibly incomplete (``warnings``, as
    [`LoadResult.warnings`][servicemodel.io.LoadResult] says them).

    Examples:
        >>> from servicemodel.errors import RecordError
        >>> r = ExportResult((), (RecordError("bad", path="rows[3]"),), (Skipped("9", "deleted"),))
        >>> len(r), [str(e) for e in r.errors], r.skipped[0].reason
        (0, ['rows[3]: bad'], 'deleted')
    """

    histories: tuple[TicketHistory, ...]
    errors: tuple[RecordError, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    #: Where the export is visibly incomplete (tickets missing), one text each; not errors.
    warnings: tuple[str, ...] = attrs.field(
        default=(), converter=_texts, validator=members_of(str, tuple)
    )

    def __len__(self) -> int:
        return len(self.histories)

    def __iter__(self) -> Iterator[TicketHistory]:
        return iter(self.histories)


@attrs.frozen
class Incomplete:
    """An item of a reader's stream saying the export is visibly incomplete (a warning).

    A reader yields it once it has read enough to know (after the last page); the stream
    keeps its text in ``warnings`` and goes on.
    """

    text: str


Item = TicketHistory | RecordError | Skipped | Incomplete


class HistoryStream(Iterator[TicketHistory]):
    """A one-pass stream of histories; the errors, skipped records and warnings are kept on it.

    With ``on_error="raise"`` the first bad record raises its
    [`RecordError`][servicemodel.errors.RecordError]; with ``"collect"`` it is set aside in
    ``errors`` and the stream goes on, so one broken record never loses the rest of an export.
    ``warnings`` say where the export is visibly incomplete by its own pages' word, in the
    words of the matching ``load``'s [`LoadResult.warnings`][servicemodel.io.LoadResult] (a
    Zendesk incremental export stopped before ``end_of_stream``, a Freshdesk filter query
    whose pages hold fewer tickets than its ``total``, a Jira issue search whose token pages
    stop before ``isLast: true``); they are no errors, never raise, and are known only once
    the last page is read: read them when the stream is done. Readers whose input states no
    such thing (event logs, one row per ticket; Jira offset pages that do not add up are an
    error instead) never warn.
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
        self._warnings: list[str] = []

    @property
    def errors(self) -> tuple[RecordError, ...]:
        """The errors set aside so far (``on_error="collect"``)."""
        return tuple(self._errors)

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        """The records skipped so far, with the reason."""
        return tuple(self._skipped)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The completeness warnings found so far: all of them once the stream is done.

        Examples:
            >>> from servicemodel.io import zendesk
            >>> page = {"tickets": [], "end_of_stream": False, "after_cursor": "MTU4"}
            >>> stream = zendesk.histories([page])
            >>> stream.warnings, list(stream)
            ((), [])
            >>> print(stream.warnings[0])
            Zendesk incremental export stopped before its end: the last page read (pages[0]) has end_of_stream false; continue from after_cursor 'MTU4'
        """  # noqa: E501
        return tuple(self._warnings)

    def __iter__(self) -> HistoryStream:
        return self

    def __next__(self) -> TicketHistory:
        for item in self._items:
            if isinstance(item, TicketHistory):
                return item
            if isinstance(item, Skipped):
                self._skipped.append(item)
            elif isinstance(item, Incomplete):
                self._warnings.append(item.text)
            elif self._on_error == "raise":
                raise item
            else:
                self._errors.append(item)
        raise StopIteration

    def collect(self) -> ExportResult:
        """Read the rest of the stream into an [`ExportResult`][servicemodel.io.eventlog.ExportResult].

        Examples:
            >>> histories([]).collect()
            ExportResult(histories=(), errors=(), skipped=(), warnings=())
        """  # noqa: E501
        found = tuple(self)
        return ExportResult(found, self.errors, self.skipped, self.warnings)
