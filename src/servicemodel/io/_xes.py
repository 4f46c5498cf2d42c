"""Private: XES event logs (IEEE 1849-2016), read as the rows pm4py's table of them holds.

XES is the XML format process-mining data sets are published in (the BPI Challenge logs on
4TU.ResearchData, often as ``.xes.gz``). A log holds traces (cases), a trace holds events,
and each of the three carries typed attributes: ``<string key=... value=.../>``, and
likewise ``date``, ``int``, ``float``, ``boolean``, ``id`` and ``list`` (IEEE 1849-2016,
the XML schema on https://www.xes-standard.org/).
[`xes_rows`][servicemodel.io._xes.xes_rows] yields one row per event, with the columns
pm4py gives when it reads the file (``pm4py.read_xes``, its ``iterparse`` importer) and
turns it into a table: each event attribute under its key (``concept:name``,
``time:timestamp``, ``lifecycle:transition``, ``org:resource``, ...) and each attribute of
its trace under ``case:`` and the key (``case:concept:name``). So a mapping written for
pm4py's CSV of a log reads the XES file unchanged. As pm4py does:

- ``global`` declarations (an attribute every trace or event has, with a default value)
  give no value to a row: only an event's own attributes are in it.
- A nested attribute (an attribute inside an attribute, the items of a ``list``) is not in
  the row; the outer attribute's own value is. A ``list`` has no value of its own: its key
  is in the row with ``None`` (missing). A ``container`` (a type of the XES 2.0 draft, not
  of IEEE 1849-2016) and any other element are not read; log attributes, extensions and
  classifiers are not either.
- A namespace prefix (``xes:trace``) is no part of a name.

Values: ``int`` and ``float`` as numbers, ``boolean`` as a bool (``true``/``false`` in any
case, and ``1``/``0`` as ``xs:boolean`` allows -- where pm4py reads ``1`` as false),
``string`` and ``id`` as text. A ``date`` is kept as its text: the event-log reader parses
the timestamp column (``xs:dateTime`` is ISO 8601), applies ``tz=`` to a date without an
offset -- or refuses it as naive -- and an error quotes the file's own text. A value its
type cannot read (``<int value="n/a"/>``) is kept as its text too, where pm4py drops it: a
column mapped to it then fails with the value quoted, never silently missing.

An event outside any trace (the standard allows events directly in the log) and the events
of a trace without ``concept:name`` have no ``case:concept:name``: the event-log reader
refuses each as a case without an id, naming the file and the event's line (a mapping whose
case column is another attribute reads them).

The file is read in flat memory: ``pyexpat`` directly, not a tree, so each event's line is
known (``CurrentLineNumber`` at its start tag) and nothing but the trace being read is kept.
The events of a trace are yielded when the trace ends, because a trace attribute written
after an event still belongs to every event (as pm4py copies it). A file is gzip when it
starts with gzip's magic bytes, whatever its name. A file that cannot be read on -- not
XML, cut short, a broken gzip stream, a root element that is no ``<log>`` -- is an
[`UnreadableFileError`][servicemodel.errors.UnreadableFileError] naming the file and line.
Entity declarations are refused (XES has no use for them), so neither "billion laughs" nor
quadratic blow-up can expand (expat 2.4.1 and later also stops both by its amplification
limit); expat never fetches an external entity or DTD here.

Examples:
    >>> import gzip, pathlib, tempfile
    >>> log = '''<log xes.version="1.0">
    ...   <trace><string key="concept:name" value="1-364285768"/>
    ...     <event>
    ...       <string key="concept:name" value="Accepted"/>
    ...       <date key="time:timestamp" value="2010-03-31T16:59:42.000+02:00"/>
    ...       <int key="priority" value="2"/>
    ...     </event>
    ...   </trace>
    ... </log>'''
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.xes.gz"
    >>> _ = path.write_bytes(gzip.compress(log.encode()))
    >>> loc = XesLocator("rows")
    >>> rows = list(xes_rows([path], loc))
    >>> rows[0]["case:concept:name"], rows[0]["time:timestamp"], rows[0]["priority"]
    ('1-364285768', '2010-03-31T16:59:42.000+02:00', 2)
    >>> loc.where(0)[1]
    3
"""

from __future__ import annotations

import bisect
import gzip
import io
import pyexpat
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from servicemodel.errors import ConfigError, UnreadableFileError
from servicemodel.io._files import Locator

__all__ = ["XesLocator", "xes_headers", "xes_rows"]

#: Bytes handed to the parser at a time: the rows of one chunk are held, no more.
CHUNK = 1 << 16
#: The first bytes of every gzip stream (RFC 1952).
GZIP_MAGIC = b"\x1f\x8b"
#: The prefix pm4py gives a trace attribute's column.
CASE = "case:"

_NO_ELEMENTS = pyexpat.errors.codes[pyexpat.errors.XML_ERROR_NO_ELEMENTS]
_STRUCTURE = frozenset({"log", "trace", "event"})
#: Where each may be: a trace in the log; an event in a trace, or in the log (IEEE 1849-2016
#: allows events outside traces).
_PARENTS = {"trace": ("log",), "event": ("log", "trace")}


def _text(value: str | None) -> Any:
    return value


def _int(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:  # not a whole number, or over Python's 4,300-digit limit
        return value


def _float(value: str | None) -> Any:
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        return value


_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _boolean(value: str | None) -> Any:
    if value is None:
        return None
    return _BOOLEANS.get(value.strip().lower(), value)


def _list(value: str | None) -> Any:
    return None  # a list's value is its items, which are nested attributes


#: Each attribute type's reading of its ``value`` (IEEE 1849-2016: ``xs:string``,
#: ``xs:dateTime``, ``xs:long``, ``xs:double``, ``xs:boolean``).
_READ: dict[str, Callable[[str | None], Any]] = {
    "string": _text,
    "id": _text,
    "date": _text,
    "int": _int,
    "float": _float,
    "boolean": _boolean,
    "list": _list,
}


class _Stop(Exception):
    """Raised by a handler to end a sample read early (``xes_headers``)."""


class _Parse:
    """The parser of one file and what it has read: finished rows with their lines, and
    (for ``xes_headers``) the keys the log's ``global`` declarations name."""

    def __init__(self, source: str, *, until: int | None = None) -> None:
        self.source = source
        self.until = until
        self.parser = p = pyexpat.ParserCreate()
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.EntityDeclHandler = self._entity
        self.rows: list[tuple[int, dict[str, Any]]] = []
        self.declared: list[str] = []
        self.read_rows = 0
        self._stack: list[str] = []  # the open log, trace, event or global
        self._skip = 0  # depth inside an element that is not read (an attribute's children)
        self._skipped = ""  # the outermost such element
        self._scope: str | None = None
        self._trace: dict[str, Any] | None = None
        self._events: list[tuple[int, dict[str, Any]]] = []
        self._event: dict[str, Any] = {}
        self._line = 0
        self._in_event = False

    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def _fail(self, message: str) -> UnreadableFileError:
        return UnreadableFileError(message, line=self.line(), source=self.source)

    def _entity(self, name: str, *_: Any) -> None:
        raise self._fail(
            f"declares the entity {name!r}: XES logs declare none, and entities are not "
            "expanded (a file that does could blow up in memory)"
        )

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        # The hot path, most elements of a log: an unprefixed attribute of an event.
        read = _READ.get(name)
        if read is not None and not self._skip and self._in_event:
            key = attrs.get("key")
            if key is not None:
                value = attrs.get("value")
                self._event[key] = value if read is _text else read(value)
            self._skip, self._skipped = 1, name  # its own attributes are nested: not read
            return
        self._other(name.rpartition(":")[2], attrs)

    def _other(self, local: str, attrs: dict[str, str]) -> None:
        if self._skip:
            if local in _STRUCTURE:
                raise self._misplaced(local)
            self._skip += 1
            return
        where = self._stack[-1] if self._stack else ""
        read = _READ.get(local)
        if read is not None and where in ("event", "trace", "global"):
            self._attribute(where, attrs, read)
            self._skip, self._skipped = 1, local  # its own attributes are nested: not read
        elif local in _STRUCTURE or not where:
            self._open(local, where)
        elif where == "log" and local == "global":
            self._scope = attrs.get("scope")
            self._stack.append("global")
        else:  # a log attribute, extension, classifier, container, foreign element
            self._skip, self._skipped = 1, local

    def _attribute(self, where: str, attrs: dict[str, str], read: Callable[..., Any]) -> None:
        key = attrs.get("key")
        if key is None:  # no column can name it
            return
        if where == "event":
            self._event[key] = read(attrs.get("value"))
        elif where == "trace":
            assert self._trace is not None
            self._trace[CASE + key] = read(attrs.get("value"))
        elif self._scope in ("event", "trace"):
            self.declared.append(key if self._scope == "event" else CASE + key)

    def _open(self, local: str, where: str) -> None:
        if not where:
            if local != "log":
                raise self._fail(
                    f"not an XES event log: the root element is <{local}>, not <log>"
                    + (" (a web page saved under the log's name?)" if local == "html" else "")
                )
        elif where not in _PARENTS.get(local, ()):
            raise self._misplaced(local)
        elif local == "trace":
            self._trace, self._events = {}, []
        else:  # an event, in a trace or directly in the log
            self._event, self._line, self._in_event = {}, self.line(), True
        self._stack.append(local)

    def _misplaced(self, local: str) -> UnreadableFileError:
        inside = self._skipped if self._skip else self._stack[-1]
        return self._fail(
            f"<{local}> inside <{inside}>: not the XES structure (a log holds traces, a "
            "trace holds events, events and attributes hold no traces or events)"
        )

    def _end(self, name: str) -> None:
        if self._skip:
            self._skip -= 1
            return
        done = self._stack.pop()
        if done == "event":
            self._in_event = False
            if self._trace is None:  # directly in the log: no case
                self.rows.append((self._line, self._event))
            else:
                self._events.append((self._line, self._event))
        elif done == "trace":
            case = self._trace or {}
            for line, event in self._events:
                event.update(case)  # after the event's own: pm4py's order
                self.rows.append((line, event))
            self.read_rows += len(self._events)
            self._trace, self._events = None, []
            if self.until is not None and self.read_rows >= self.until:
                raise _Stop

    def feed(self, data: bytes, final: bool = False) -> None:
        """Parse ``data``; an XML error is an ``UnreadableFileError`` for its line."""
        try:
            self.parser.Parse(data, final)
        except pyexpat.ExpatError as exc:
            raise UnreadableFileError(
                self._xml_reason(exc, final), line=exc.lineno, source=self.source
            ) from None

    def _xml_reason(self, exc: pyexpat.ExpatError, final: bool) -> str:
        # expat's "not well-formed (invalid token)": the token is what is worth saying.
        reason = (pyexpat.ErrorString(exc.code) or "unreadable").removeprefix("not well-formed ")
        reason = reason.removeprefix("(").removesuffix(")")
        if not self._stack and not self._skip and exc.code == _NO_ELEMENTS:
            return "not an XES event log: no XML element in the file (an empty file?)"
        if not self._stack and exc.lineno == 1 and exc.offset == 0:
            return f"not an XES event log: not XML ({reason} at its first byte)"
        if final and self._stack:
            return (
                f"the file ends inside <{self._stack[-1]}> ({reason}): it is cut short "
                "(an interrupted download or copy?)"
            )
        return f"not well-formed XML ({reason} at column {exc.offset + 1})"


def _opened(path: Path) -> gzip.GzipFile | io.BufferedReader:
    raw = open(path, "rb")  # noqa: SIM115 -- closed by the caller, through the gzip file too
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    if magic == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")
    return raw


def _read(path: Path, parse: _Parse) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    """The rows of ``path`` a chunk at a time; what reading it raises, as our errors."""
    try:
        with _opened(path) as fh:
            while chunk := fh.read(CHUNK):
                parse.feed(chunk)
                if parse.rows:
                    yield parse.rows
                    parse.rows = []
            parse.feed(b"", final=True)
    except _Stop:
        pass
    except EOFError:
        raise parse._fail(
            "the gzip stream ends early: the file is cut short (an interrupted download?)"
        ) from None
    except (zlib.error, gzip.BadGzipFile) as exc:
        raise parse._fail(f"not a readable gzip file ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    except (UnicodeError, LookupError) as exc:  # an 8-bit encoding's codec refuses a byte
        raise parse._fail(f"not readable in its declared encoding ({exc})") from None
    if parse.rows:
        yield parse.rows
        parse.rows = []


def xes_rows(
    paths: Sequence[Path], locator: Locator, *, start: int = 0
) -> Iterator[dict[str, Any]]:
    """The rows of XES files (``.xes``, or gzip ``.xes.gz``), one per event, files in order.

    Each row holds its event's attributes under their keys and its trace's under ``case:``
    and the key, the columns of pm4py's table of the log (see the module docs for what is
    read and how each type's value is kept). ``locator`` learns each row's file and the
    line of its ``<event>`` tag, so an error names them; an
    [`XesLocator`][servicemodel.io._xes.XesLocator] keeps that in a few bytes per trace.
    ``start`` is the first row's number in the locator (the rows read before, from other
    files of the same load).
    """
    index = start
    for path in paths:
        locator.start(str(path))
        for rows in _read(path, _Parse(str(path))):
            for line, row in rows:
                locator.record(index, line=line)
                index += 1
                yield row


def xes_headers(paths: Sequence[Path], *, sample: int = 1000) -> list[tuple[str, list[str]]]:
    """Each file's name and the columns its rows have, as far as a cheap read can tell.

    XES has no header: a key may first appear in any event. The columns given are the
    keys the log's ``global`` declarations promise (scope ``event``, and ``trace`` under
    ``case:``) and every key of the rows of the first traces, until ``sample`` events or
    more are read (at least one trace: a trace's rows are made when it ends). A column
    in none of them is missing from the globals and from the start of the file: most likely
    mistyped. A log without events has no columns (as an empty CSV file has no header).

    Examples:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "log.xes"
        >>> _ = path.write_text('<log><global scope="event"><string key="org:group" value="?"/>'
        ...     '</global><trace><string key="concept:name" value="C1"/><event>'
        ...     '<string key="concept:name" value="Queued"/></event></trace></log>')
        >>> [sorted(h) for _, h in xes_headers([path])]
        [['case:concept:name', 'concept:name', 'org:group']]
    """
    out: list[tuple[str, list[str]]] = []
    for path in paths:
        parse = _Parse(str(path), until=sample)
        keys: dict[str, None] = {}
        for rows in _read(path, parse):
            for _, row in rows:
                keys.update(dict.fromkeys(row))
        if keys:
            keys.update(dict.fromkeys(parse.declared))
        out.append((str(path), list(keys)))
    return out


class XesLocator(Locator):
    """A [`Locator`][servicemodel.io._files.Locator] for records of several lines each.

    An XES event spans several lines, so nearly every record's line differs from the one
    after the last; a plain ``Locator`` keeps an entry for each (about 100 bytes). This one
    keeps runs of evenly spaced records instead (first record, its line, the step; 24 bytes
    each): a writer that gives each event the same attributes starts one run per trace.
    Records of a JSON list (``items=``) are located as a ``Locator`` does.

    Examples:
        >>> loc = XesLocator("rows")
        >>> loc.start("a.xes")
        >>> for i, line in enumerate([3, 8, 13, 20, 25]):
        ...     loc.record(i, line=line)
        >>> [loc.where(i)[1] for i in range(5)], len(loc._at)
        ([3, 8, 13, 20, 25], 2)
    """

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self._at = array("q")  # each run's first record
        self._line = array("q")  # its line
        self._step = array("q")  # lines from one record of the run to the next
        # The record that would go on the last run, and its line (-1: any, the run has one).
        self._want, self._want_line = -1, -1
        self._run_line, self._run_step = 0, 0  # the last run's first line and step

    def start(self, source: str, *, first_line: int = 1, items: str = "") -> None:
        super().start(source, first_line=first_line, items=items)
        self._want = -1  # no run goes on into another file

    def record(self, index: int, line: int | None = None) -> None:
        self._next = index + 1
        if line is None:
            super().record(index, line)
            self._want = -1
            return
        if index == self._want:
            if line == self._want_line:  # the next of the run (most records)
                self._want, self._want_line = index + 1, line + self._run_step
                return
            if self._want_line < 0:  # the run's second record sets its step
                self._step[-1] = self._run_step = line - self._run_line
                self._want, self._want_line = index + 1, line + self._run_step
                return
        self._at.append(index)
        self._line.append(line)
        self._step.append(0)
        self._run_line, self._run_step = line, 0
        self._want, self._want_line = index + 1, -1  # lines are >= 1: no line is -1

    def where(self, index: int) -> tuple[str, int | None, str]:
        k = bisect.bisect_right(self._files, index, key=lambda f: f[0]) - 1
        j = bisect.bisect_right(self._at, index) - 1
        if k < 0 or self._files[k][2] or j < 0 or self._at[j] < self._files[k][0]:
            return super().where(index)
        line = self._line[j] + (index - self._at[j]) * self._step[j]
        return self._files[k][1], line, ""
