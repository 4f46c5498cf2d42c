"""Private: what the table readers share -- the columns asked for, the delimiter, ids and bytes.

The event-log and one-row-per-ticket readers read tables: CSV files and data frames. Four
things go wrong there the same way for both, so each is decided once, here:

- a column named in ``columns=`` (or a required default) that the table does not have is one
  error before any row, naming the role, the column and the columns there are
  ([`check_columns`][servicemodel.io._columns.check_columns]);
- a spreadsheet's CSV may be separated by ``;`` (Excel in many locales), a tab or ``|``
  ([`delimiter_of`][servicemodel.io._columns.delimiter_of]);
- a frame holds an id column with a missing value as floats, so ``12`` arrives as ``12.0``,
  and a float above 2**53 has lost digits ([`id_text`][servicemodel.io._columns.id_text]);
- a file that is not in its encoding names the line and the byte
  ([`undecodable`][servicemodel.io._columns.undecodable]).

Examples:
    >>> delimiter_of('"Case ID";Activity;Timestamp\\r\\n')
    ';'
    >>> id_text(12.0, "Ticket", "rows[0]")
    '12'
    >>> check_columns(["Case ID", "Activity"], {"case": "case_id"}, [("case", True)])
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: columns.case: column 'case_id' for case is not in the header, which has ['Case ID', 'Activity'] (did you mean 'Case ID'?); columns= must name one of them
"""  # noqa: E501

from __future__ import annotations

import codecs
import difflib
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, RecordError, UnreadableFileError

__all__ = [
    "UNKNOWN_CHANNEL",
    "attribute_value",
    "cell_value",
    "channel_name",
    "check_columns",
    "check_headers",
    "columns_over",
    "columns_table",
    "delimiter_of",
    "encoding_of",
    "id_text",
    "no_text",
    "rating_scale_of",
    "read_channel_map",
    "read_table",
    "read_words",
    "required_roles",
    "undecodable",
    "zoneinfo_of_pytz",
]

#: A ticket's channel when the table has none for it: one of the model's ``KNOWN_CHANNELS``,
#: as the Jira reader uses (the model's default, ``email``, would be a guess).
UNKNOWN_CHANNEL = "other"

#: The separators a spreadsheet writes: comma, semicolon (Excel where the decimal mark is a
#: comma), tab, pipe. The first is the default when the header does not decide.
DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"[^"]*"')
#: The largest float every integer up to which is exact: a float id at or above it may be
#: another integer rounded (2**53 + 1 reads as 2**53), so only ids below it are trusted.
_EXACT = 2**53


def _normal(name: str) -> str:
    # ``case_id`` and ``Case ID`` are the same name to a reader: compare letters and digits.
    return "".join(c for c in name.casefold() if c.isalnum())


def _close(column: str, names: Sequence[str]) -> str | None:
    by_normal = {_normal(n): n for n in reversed(names)}  # the first of equal names wins
    found = difflib.get_close_matches(_normal(column), list(by_normal), n=1, cutoff=0.6)
    return by_normal[found[0]] if found else None


def close_enough(column: str, name: str) -> bool:
    """Whether ``name`` looks like a misspelling of ``column`` (letters and digits compared,
    case aside, at least 80 % alike).

    Examples:
        >>> close_enough("Labels", "labels"), close_enough("Labels", "Label")
        (True, True)
        >>> close_enough("Labels", "Sprint"), close_enough("Labels", "Lables")
        (False, True)
    """
    a, b = _normal(column), _normal(name)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def read_table(value: Any, path: str) -> Mapping[Any, Any]:
    """An option that is a table (``None``: an empty one), or a ``ConfigError`` naming it.

    Examples:
        >>> read_table(None, "status_map"), read_table({"Done": "solved"}, "status_map")
        ({}, {'Done': 'solved'})
        >>> read_table("Done=solved", "status_map")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: status_map: expected a table, got 'Done=solved'
    """
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ConfigError(f"expected a table, got {safe_repr(value)}", path=path)
    return value


def read_words(value: Any, path: str) -> frozenset[str]:
    """An option that lists texts (``missing``, ``ignore``, ``no_rating``) as a set.

    A list, tuple or set of strings; a lone string is refused (``"NA"`` would be the words
    ``N`` and ``A``), and so is an item that is no string (a cell is compared as text).

    Examples:
        >>> sorted(read_words(["", "?"], "missing"))
        ['', '?']
        >>> read_words("NA", "missing")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: missing: expected a list of strings, got 'NA' (str)
    """
    return frozenset(read_texts(value, path))


def read_texts(value: Any, path: str, *, blank: bool = True) -> tuple[str, ...]:
    """An option that lists texts, in the order given (``blank=False``: none blank).

    Examples:
        >>> read_texts(["Within SLA", "OK"], "achieved")
        ('Within SLA', 'OK')
        >>> read_texts(["Within SLA", " "], "achieved", blank=False)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: achieved[1]: expected a non-blank string, got ' '
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise ConfigError(
            f"expected a list of strings, got {safe_repr(value)} ({type(value).__name__})",
            path=path,
        )
    items = tuple(value)
    for i, item in enumerate(items):
        if not isinstance(item, str) or not (blank or item.strip()):
            which = "a string" if blank else "a non-blank string"
            raise ConfigError(f"expected {which}, got {safe_repr(item)}", path=f"{path}[{i}]")
    return items


def read_channel_map(channel_map: Mapping[str, str] | None) -> dict[str, str]:
    """``channel_map`` with its keys in lowercase (a label is matched whatever its case).

    Examples:
        >>> read_channel_map({" IVR ": "phone"})
        {'ivr': 'phone'}
        >>> read_channel_map(["IVR"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: channel_map: expected a table of source channel to ours, got ['IVR']
    """  # noqa: E501
    if channel_map is not None and not isinstance(channel_map, Mapping):
        raise ConfigError(
            f"expected a table of source channel to ours, got {safe_repr(channel_map)}",
            path="channel_map",
        )
    out: dict[str, str] = {}
    for raw, ours in (channel_map or {}).items():
        if not isinstance(ours, str) or not ours.strip():
            raise ConfigError(f"expected a channel name, got {safe_repr(ours)}",
                              path=f"channel_map.{raw}")  # fmt: skip
        out[str(raw).strip().lower()] = ours.strip()
    return out


def channel_name(raw: Any, channels: Mapping[str, str]) -> str:
    """The channel a table's label names: its entry in ``channels`` (keys lowercase), else the
    label as a channel name -- lowercase, each run of characters a name cannot hold (spaces,
    ``/``) one ``_``. ServiceNow's ``Self service`` is ``self_service``, ``E-mail`` stays
    ``e-mail``; a label with nothing left (``???``) is returned as it is, for the model to
    refuse by name.

    Examples:
        >>> channel_name("Self service", {}), channel_name(" Web/Portal ", {})
        ('self_service', 'web_portal')
        >>> channel_name("Self Service", {"self service": "web"})
        'web'
    """
    text = str(raw).strip()
    mapped = channels.get(text.lower())
    if mapped is not None:
        return mapped
    kept = "".join(c if c.isalnum() or c in "_-." else " " for c in text.lower())
    return "_".join(kept.split()) or text


def required_roles(
    required: Sequence[str], columns: Mapping[str, str] | None
) -> list[tuple[str, bool]]:
    """The roles a table must have, each with whether ``columns`` named its column: the
    ``required`` ones, and every other role the user mapped (a default optional column that
    is absent stays silently unused; one the user asked for is an error).

    Examples:
        >>> required_roles(("id", "created"), {"created": "Created", "rating": "Score"})
        [('id', False), ('created', True), ('rating', True)]
    """
    asked = dict(columns or {})
    optional = [(role, True) for role in asked if role not in required]
    return [(role, role in asked) for role in required] + optional


def check_columns(
    have: Iterable[Any],
    columns: Mapping[str, str],
    roles: Iterable[tuple[str, bool]],
    *,
    where: str = "the header",
    source: str | None = None,
) -> None:
    """Refuse, before any row, a role whose column ``have`` (the header, the frame) lacks.

    ``roles`` are ``(role, asked)`` pairs: the roles that must be there, each with whether the
    user named its column (else it is the reader's default). The error names the role, the
    column, the columns there are and the closest of them. It is the mapping's error, at
    ``columns.<role>``: the data file ``source`` is named in its message, and the error's own
    source is left for the file the mapping was read from (the command line's ``--map``
    names it), so that ``mapping.toml: columns.timestamp: column 'tmie' for timestamp is not
    in the header of log.csv, which has [...]`` names both files.

    Examples:
        >>> check_columns(["id", "created_at"], {"id": "id", "created": "created_at"},
        ...               [("id", False), ("created", False)])
        >>> check_columns(["Ticket"], {"id": "id"}, [("id", False)], where="the frame")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: columns.id: column 'id' (the default for id) is not in the frame, which has ['Ticket']; columns= must name one of them
    """  # noqa: E501
    names = [str(c) for c in have]
    present = set(names)
    for role, asked in roles:
        column = columns[role]
        if column in present:
            continue
        if names and _MARKUP.match(names[0]):
            # Markup read as CSV: an XES log (or an HTML page) under a CSV-like name.
            raise ConfigError(
                f"this file is XML or HTML, not CSV (its first line starts "
                f"{safe_repr(names[0], limit=40)}); an XES event log is read when its name "
                "ends .xes or .xes.gz: rename it",
                source=source,
            )
        which = f"for {role}" if asked else f"(the default for {role})"
        place = where if source is None else f"{where} of {source}"
        close = _close(column, names)
        hint = "" if close is None else f" (did you mean {safe_repr(close)}?)"
        if close is not None and "business" in close.lower() and "business" not in column.lower():
            # Zendesk's "First reply time in minutes within business hours" is the closest
            # name to its calendar twin, and the one column never to map in its place.
            hint = (
                f" (not {safe_repr(close)}: a business-hours duration is another clock; "
                f"without the calendar-time column, leave columns.{role} out)"
            )
        raise ConfigError(
            f"column {safe_repr(column)} {which} is not in {place}, which has "
            f"{safe_repr(names, limit=300)}{hint}; columns= must name one of them",
            path=f"columns.{role}",
        )


def check_headers(
    headers: Sequence[tuple[str, Sequence[str]]],
    columns: Mapping[str, str],
    required: Sequence[str],
    asked: Mapping[str, str] | None,
) -> None:
    """Refuse files (name, header) that lack a column, before any row: a ``required`` role's
    column must be in every header, and a column the user ``asked`` for another role in at
    least one (files of one export may differ in their optional columns).

    Examples:
        >>> check_headers([("a.csv", ["id", "Score"]), ("b.csv", ["id"])], {"id": "id",
        ...               "rating": "Score"}, ["id"], {"rating": "Score"})
        >>> check_headers([("a.csv", ["id"])], {"id": "id", "rating": "Score"}, ["id"],
        ...               {"rating": "Score"})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: columns.rating: column 'Score' for rating is not in the header of a.csv, which has ['id']; columns= must name one of them
    """  # noqa: E501
    chosen = dict(asked or {})
    for source, header in headers:
        if header:  # an empty file has no rows to read
            roles = [(role, role in chosen) for role in required]
            check_columns(header, columns, roles, source=source)
    read = [(source, header) for source, header in headers if header]
    for role in chosen:
        if role not in required and read and not any(columns[role] in h for _, h in read):
            check_columns(read[0][1], columns, [(role, True)], source=read[0][0])


def delimiter_of(header: str) -> str:
    """The delimiter of a CSV file, from its header line: the one of ``, ; tab |`` found most
    often outside quotes; a comma when none is, or two are found equally often.

    Examples:
        >>> delimiter_of("case:concept:name,concept:name"), delimiter_of("id\\tcreated_at")
        (',', '\\t')
        >>> delimiter_of("a;b,c"), delimiter_of("id")
        (',', ',')
    """
    bare = _QUOTED.sub("", header)
    counts = sorted(((bare.count(d), d) for d in DELIMITERS), reverse=True)
    (most, best), (second, _) = counts[0], counts[1]
    return best if most > second else ","


def encoding_of(encoding: Any) -> str:
    """The codec to open a file with: ``encoding``, with UTF-8 read as ``utf-8-sig`` (a byte
    order mark, which Excel writes, is dropped rather than read into the first column's name).

    Examples:
        >>> encoding_of("UTF8"), encoding_of("cp1252")
        ('utf-8-sig', 'cp1252')
        >>> encoding_of("klingon")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: encoding: unknown encoding 'klingon'; expected a codec name such as 'utf-8' or 'cp1252'
    """  # noqa: E501
    if not isinstance(encoding, str):
        raise ConfigError(
            f"expected a codec name such as 'utf-8', got {safe_repr(encoding)}", path="encoding"
        )
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        info = None
    # Bytes-to-bytes codecs (hex, base64, rot13) are found but cannot open a text file.
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise ConfigError(
            f"unknown encoding {safe_repr(encoding)}; expected a codec name such as 'utf-8' or "
            "'cp1252'",
            path="encoding",
        )
    return "utf-8-sig" if info.name == "utf-8" else encoding


def _is_float(value: Any) -> bool:
    # A Python float, or numpy's float types (a frame's cells), which register as Real.
    return isinstance(value, float) or (
        isinstance(value, numbers.Real)
        and not isinstance(value, numbers.Integral | bool)
        and type(value).__module__ == "numpy"
    )


#: numpy's scalar kinds that are a Python bool, int or float (``dtype.kind``).
_NUMPY_NUMBERS = frozenset("biuf")


def cell_value(value: Any) -> Any:
    """A frame's cell as the Python value polars gives for it, to name it in a message.

    pandas gives numpy scalars (``np.int64(9)``) and ``Timestamp``s where polars gives
    ``9`` and a ``datetime``: an error names one cell alike from either library. A
    ``Timestamp`` past the ``datetime`` years, or anything else, is ``value`` itself.

    Examples:
        >>> import numpy as np, pandas as pd
        >>> cell_value(np.int64(9)), cell_value(pd.Timestamp("2026-03-02 09:00:00.0000015"))
        (9, datetime.datetime(2026, 3, 2, 9, 0, 0, 1))
    """
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind in _NUMPY_NUMBERS and getattr(value, "ndim", None) == 0:
        return value.item()
    if hasattr(value, "to_pydatetime") and hasattr(value, "nanosecond"):  # pandas.Timestamp
        try:  # past microseconds cut, as the readers cut them; pytz's zone as a ZoneInfo
            return zoneinfo_of_pytz(value.replace(nanosecond=0).to_pydatetime())
        except (ValueError, OverflowError):  # past the datetime years: its count, as polars'
            try:
                return f"{int(value.asm8.view('i8'))} {value.unit} after 1970-01-01T00:00:00Z"
            except Exception:  # (a Timestamp without its count: named as it is)
                return value
    return value


def zoneinfo_of_pytz(parsed: datetime) -> datetime:
    """``parsed`` in the ``ZoneInfo`` of its pytz zone's name; any other zone kept.

    A pandas column's zone is pytz's under pandas 2 with pytz installed, where polars gives
    a ``ZoneInfo``: the same instant, now with the same zone from either frame -- and one
    whose local times stay right after arithmetic (a pytz time plus a day across a DST
    change keeps the old offset until ``normalize``).
    """
    own = parsed.tzinfo
    name = getattr(own, "zone", None)
    if own is None or not hasattr(type(own), "localize") or not isinstance(name, str):
        return parsed
    try:
        return parsed.astimezone(ZoneInfo(name))
    except (ZoneInfoNotFoundError, ValueError, OSError, OverflowError):
        return parsed


def attribute_value(value: Any) -> Any:
    """A cell's value as a ticket attribute: text, a number or a bool, else its text.

    A frame's numpy scalar is the Python number it holds -- pandas gives ``numpy.int64`` and
    ``numpy.float64`` cells from nullable ``Int64`` and ``Float64`` columns, where polars and
    pyarrow give ``int`` and ``float`` -- so one column reads alike from either library.

    Examples:
        >>> import numpy as np
        >>> attribute_value(np.int64(3)), attribute_value(np.float64(1.5)), attribute_value("x")
        (3, 1.5, 'x')
    """
    kind = getattr(getattr(value, "dtype", None), "kind", None)
    if kind in _NUMPY_NUMBERS and getattr(value, "ndim", None) == 0:  # a scalar, no array
        value = value.item()  # numpy.int64(3) -> 3, numpy.bool_(True) -> True
    return value if isinstance(value, str | int | float | bool) else str(value)


def no_text(value: Any) -> bool:
    """Whether ``str`` refuses ``value``: an int past Python's int-to-text digit limit, or a
    list, dict or fraction holding one (a data frame's object cell may hold anything).

    Examples:
        >>> no_text(10**5000), no_text([1, -10**5000]), no_text(10**50), no_text("7")
        (True, True, False, False)
    """
    if isinstance(value, str | float | datetime):  # the usual cells: text, numbers, times
        return False
    if isinstance(value, int) and value.bit_length() < 14_000:  # under 4,215 digits
        return False
    try:
        str(value)
    except ValueError:
        return True
    return False


def id_text(value: Any, column: str, where: str) -> str:
    """An id cell as text: a float id (a frame's id column with a gap is float) as the integer
    it holds, if it holds one exactly; else a ``RecordError`` naming the row and the value.

    Every integer below 2**53 is an exact float, so such a float is the integer's text
    (``12.0`` is ``'12'``, as the CSV says); a larger one may be a neighbour rounded (two
    tickets read as one), and ``12.5`` is no id.

    Examples:
        >>> id_text("A-1", "id", "rows[0]"), id_text(7, "id", "rows[0]")
        ('A-1', '7')
        >>> id_text(90071992547409931.0, "id", "rows[3]")
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: rows[3].id: id 9.007199254740994e+16: an id read as a float loses digits: read the column as text or integers (a frame's dtype=str; in Excel, a column formatted as Text)
    """  # noqa: E501
    if not _is_float(value):
        if no_text(value):
            raise RecordError(
                f"{column} {safe_repr(value)}: no id (a number of more than 4,300 digits)",
                path=f"{where}.{column}",
            )
        return str(value)
    number = float(value)
    if number.is_integer() and abs(number) < _EXACT:
        return str(int(number))
    raise RecordError(
        f"{column} {safe_repr(value)}: an id read as a float loses digits: read the column as "
        "text or integers (a frame's dtype=str; in Excel, a column formatted as Text)",
        path=f"{where}.{column}",
    )


def undecodable(
    path: Path, encoding: str, exc: UnicodeDecodeError, *, choosable: bool = True
) -> RecordError:
    """The error for a file not in ``encoding``: its line, the byte in hex, what to do.

    ``choosable``: the reader takes ``encoding=`` (CSV); a JSON file is UTF-8 by its standard
    (RFC 8259), so there the one fix is to save it as UTF-8.

    The decoder reads in chunks, so its offset says neither the line nor the file's byte: the
    file is read again as bytes, line by line, through one decoder as the reader's (a UTF-16
    file without its byte order mark is refused at line 1, as Python 3.13 refuses it), to find
    the first line that does not decode.
    """
    bad = exc.object[exc.start : exc.end]
    line: int | None = None
    decoder = codecs.getincrementaldecoder(encoding)()
    number = 0
    try:
        with open(path, "rb") as fh:
            for number, raw in enumerate(fh, start=1):  # noqa: B007  # the last one is used
                decoder.decode(raw)
            decoder.decode(b"", final=True)  # a character cut off at the end: the last line
    except UnicodeError as found:  # 3.11's UTF-16 decoder: a bare UnicodeError for the mark
        line = max(number, 1)
        if isinstance(found, UnicodeDecodeError):
            bad = found.object[found.start : found.end]
    except OSError:  # gone since: the line stays unknown
        pass
    packed = _packed(path)
    if packed is not None:
        return UnreadableFileError(f"not text: {packed}", line=line, source=str(path))
    shown = " ".join(f"0x{b:02x}" for b in bytes(bad)[:4])
    utf8 = codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    what = "UTF-8" if utf8 else encoding
    if not choosable:
        todo = "save the file as UTF-8 (JSON text is UTF-8)"
    elif utf8:
        todo = (
            "save the file as UTF-8, or pass the file's encoding with encoding= (cp1252 for "
            "most Windows exports)"
        )
    else:
        todo = "pass the file's encoding with encoding= (or save the file as UTF-8)"
    return UnreadableFileError(
        f"not {what} text (byte {shown}); {todo}", line=line, source=str(path)
    )


#: The start of an XML or HTML document read as a CSV header.
_MARKUP = re.compile(r"\s*<(\?xml|!doctype|html|log)\b", re.IGNORECASE)

#: File signatures of archives that are read as text by mistake, each with what to do.
_PACKED = (
    (b"\x1f\x8b", "the file is gzip-compressed: decompress it first (gunzip); an XES log "
     "may stay compressed, named .xes.gz"),
    (b"PK\x03\x04", "the file is a zip archive (an Excel workbook, or an export zipped for "
     "download): unzip it, or save the sheet as CSV; the one-row-per-ticket and event-log "
     "readers read a workbook named .xlsx (pip install 'servicemodel[excel]')"),
    (b"\xd0\xcf\x11\xe0", "the file is an old binary Excel workbook (.xls) or one saved with a "
     "password: save it in Excel as .xlsx without a password, or save the sheet as CSV"),
)  # fmt: skip


def _packed(path: Path) -> str | None:
    """What to do when ``path`` is an archive (by its first bytes), else ``None``."""
    try:
        with open(path, "rb") as fh:
            start = fh.read(4)
    except OSError:
        return None
    return archive_reason(start)


def archive_reason(start: bytes) -> str | None:
    """What to do when a file starting with the bytes ``start`` is an archive, else ``None``.

    Examples:
        >>> archive_reason(b"PK\x03\x04rest")
        "the file is a zip archive (an Excel workbook, ...): unzip it, or save the sheet as ..."
        >>> archive_reason(bytes.fromhex("d0cf11e0a1b11ae1"))
        'the file is an old binary Excel workbook (.xls) or one saved with a password: ...'
        >>> archive_reason(b'{"id": "A"}') is None
        True
    """
    return next((why for magic, why in _PACKED if start.startswith(magic)), None)


def rating_scale_of(value: Any, path: str = "rating_scale") -> tuple[int, int]:
    """A ``rating_scale``: ``(low, high)`` (a list in a mapping file), whole numbers, low < high."""
    ok = (
        isinstance(value, tuple | list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and value[0] < value[1]
    )
    if not ok:
        raise ConfigError(
            f"expected [low, high], two whole numbers with low < high, got {safe_repr(value)}",
            path=path,
        )
    return (int(value[0]), int(value[1]))


def columns_table(columns: Mapping[str, str] | None) -> dict[Any, Any]:
    """A copy of a ``columns=`` option (``None``: no columns named), or a ``ConfigError``.

    Examples:
        >>> columns_table(None), columns_table({"id": "Ticket ID"})
        ({}, {'id': 'Ticket ID'})
        >>> columns_table(["id"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: columns: expected a table of role to column name, got ['id']
    """  # noqa: E501
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise ConfigError(
            f"expected a table of role to column name, got {safe_repr(columns)}", path="columns"
        )
    return dict(columns)


def columns_over(
    defaults: Mapping[str, str], roles: Iterable[str], columns: Mapping[str, str] | None
) -> dict[str, str]:
    """The column of each role: ``columns`` (a mapping file's or a caller's) over ``defaults``,
    each key a known role and each value a column name, else a ``ConfigError`` at
    ``columns.<role>``."""
    known = sorted(roles)
    cols = dict(defaults)
    for role, name in columns_table(columns).items():
        if role not in known:
            raise ConfigError(
                f"unknown key {safe_repr(role)}; expected one of {known}", path=f"columns.{role}"
            )
        if not isinstance(name, str) or not name:
            raise ConfigError(
                f"expected a column name, got {safe_repr(name)}", path=f"columns.{role}"
            )
        cols[role] = name
    return cols
