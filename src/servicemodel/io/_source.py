"""Where records come from: lines of a file or an iterable, and what a loader returns."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

import attrs

from servicemodel.errors import RecordError
from servicemodel.model import TicketHistory

__all__ = ["LoadResult", "OnError", "lines"]


@attrs.frozen
class LoadResult:
    """What a loader read: the good histories, and the bad records it set aside.

    Examples:
        >>> r = load_jsonl(['{"id": "A", "created_at": "2026-01-05T09:00:00Z"}', "{oops"],
        ...                on_error="collect")
        >>> len(r.histories), [e.line for e in r.errors]
        (1, [2])
    """

    histories: tuple[TicketHistory, ...]
    errors: tuple[RecordError, ...] = ()

    def __len__(self) -> int:
        return len(self.histories)

    def __iter__(self) -> Iterator[TicketHistory]:
        return iter(self.histories)


OnError = Literal["raise", "collect"]


# A lone CR ends a line too (old Mac exports), as in text mode with universal newlines.
_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


def lines(source: str | Path | Iterable[str]) -> Iterator[tuple[str, RecordError | None]]:
    """Yield each line with the error that decoding it raised, if any.

    Files are decoded line by line, so one line that is not UTF-8 is one bad record rather
    than a traceback that loses the rest of the file. A UTF-8 byte order mark is dropped.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as fh:
            lineno = 0
            for raw in fh:
                if lineno == 0:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                try:
                    text, error = raw.decode("utf-8"), None
                except UnicodeDecodeError as exc:
                    text = raw.decode("utf-8", errors="replace")
                    error = (exc, raw[exc.start : exc.end])
                for part in _LONE_CR.split(text) if "\r" in text else (text,):
                    lineno += 1
                    bad = None
                    if error is not None:
                        bad = RecordError(
                            f"not UTF-8 text: bytes {error[1]!r} ({error[0].reason})", line=lineno
                        )
                    yield part, bad
    else:
        for i, line in enumerate(source):
            yield (line.removeprefix("\ufeff") if i == 0 else line), None
