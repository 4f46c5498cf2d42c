"""The one translation layer of the readers: whatever reading one record raises, a RecordError.

The parsers underneath (``json``, ``csv``) and the record builder raise more than their
documented errors on hostile input: ``RecursionError`` for deeply nested JSON,
``ValueError`` for an integer literal over Python's 4,300-digit limit, ``csv.Error`` for a
field over the csv module's size limit, ``OverflowError`` for a number or instant out of
range. Each is a fault of that one record, so it becomes a
[`RecordError`][servicemodel.errors.RecordError] for its line and collect mode keeps going.
"""

from __future__ import annotations

import csv
import json

from servicemodel.errors import ConfigError, RecordError, ServiceModelError

__all__ = ["READ_ERRORS", "as_record_error", "cannot_read", "json_error_text"]


def cannot_read(path: object, exc: OSError) -> ConfigError:
    """The error for a file that cannot be opened: its name and the system's reason.

    Every reader says it the same way (a missing file, a directory, no permission), never
    with the ``FileNotFoundError`` of whichever ``open`` met it first.

    Examples:
        >>> str(cannot_read("exports/t.jsonl", FileNotFoundError(2, "No such file or directory")))
        'exports/t.jsonl: cannot read: No such file or directory'
    """
    return ConfigError(f"cannot read: {exc.strerror or exc}", source=str(path))


def json_error_text(exc: json.JSONDecodeError) -> str:
    """The reason ``exc`` gives, with its column, for a ``not valid JSON (...)`` message.

    Some of ``json``'s messages end in "at" awaiting the position ("Unterminated string
    starting at"), others do not ("Expecting value"): the position is joined once either way.

    Examples:
        >>> try:
        ...     json.loads('{"a": "b')
        ... except json.JSONDecodeError as exc:
        ...     json_error_text(exc)
        'not valid JSON (Unterminated string starting at column 7)'
    """
    return f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})"


#: What reading one record may raise; everything else is a bug and propagates.
READ_ERRORS = (ServiceModelError, RecursionError, ValueError, OverflowError, csv.Error)


def as_record_error(exc: BaseException, line: int) -> RecordError:
    """The error ``exc``, raised while reading the record on ``line``, as a ``RecordError``."""
    if isinstance(exc, ConfigError):
        return RecordError(exc.message, path=exc.path, line=line)
    if isinstance(exc, ServiceModelError):
        return RecordError(str(exc), line=line)
    return RecordError(_reason(exc), line=line)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply to read (more levels than Python's recursion limit)"
    text = str(exc).splitlines()[0] if str(exc) else ""
    if isinstance(exc, ValueError) and "integer string conversion" in text:
        return "a whole number with more than 4300 digits (Python's limit for reading one)"
    if isinstance(exc, csv.Error):
        return f"not readable as CSV ({text})"
    if isinstance(exc, OverflowError):
        return f"a number or an instant out of range ({text})"
    return f"unreadable record ({type(exc).__name__}: {text[:200]})"
