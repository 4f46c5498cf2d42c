"""Private: reading export files for the adapters' ``load(paths)``, and naming where a record was.

An adapter's stream names a bad record by its place in the stream (``pages[3].tickets[0]``,
``rows[120].timestamp``). Reading several files, ``load`` needs the file and line instead: a
[`Locator`][servicemodel.io._files.Locator] remembers where each record of the stream came
from (sparsely: one entry per file plus one per line that is not the next one, so memory stays
flat) and rewrites an error's path into ``file: line N: field``.

Examples:
    >>> loc = Locator("rows")
    >>> loc.start("a.csv", first_line=2)
    >>> for i in range(3):
    ...     loc.record(i, line=2 + i)
    >>> loc.start("b.csv", first_line=2)
    >>> loc.record(3, line=2)
    >>> str(loc.locate(RecordError("bad", path="rows[3].timestamp")))
    'b.csv: line 2: timestamp: bad'
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import gc
import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError, RecordError, UnreadableFileError
from servicemodel.io._columns import delimiter_of, undecodable
from servicemodel.io._source import LoadResult
from servicemodel.io._unreadable import READ_ERRORS, as_record_error, cannot_read, json_error_text
from servicemodel.model import TicketHistory

if TYPE_CHECKING:
    from servicemodel.io.eventlog import HistoryStream

__all__ = [
    "Locator",
    "as_path",
    "as_paths",
    "bulk",
    "csv_headers",
    "csv_reader",
    "csv_file_rows",
    "csv_records",
    "csv_why",
    "widen_csv_fields",
    "csv_rows",
    "file_items",
    "gather",
    "json_records",
]

_INDEXED = re.compile(r"^(?P<kind>[a-z_]+)\[(?P<index>\d+)\]\.?(?P<rest>.*)$")


@contextlib.contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a loader builds many objects that all live on.

    A history is a few dozen small objects, none garbage; the collector's repeated passes over
    the growing set of live ones cost a loader about half its time (100,000 tickets: 33 s
    against 15 s on the benchmark machine). The histories hold no reference cycles, reference
    counting frees whatever a bad record leaves behind, and the collector's previous state is
    restored on the way out, also on error.

    On the way out, what was built is handed to the collector's oldest generation directly
    (``gc.freeze()`` then ``gc.unfreeze()``, which the ``gc`` docs define as moving every
    tracked object to the permanent generation and back to the oldest one). Otherwise the
    first young collection after re-enabling walks every object the loader made, and the next
    middle one walks them again, before they settle where long-lived objects go anyway: about
    a fifth of a load (20,000 tickets: 0.68 s against 0.54 s here). Young garbage of the
    caller's is then freed by the next full collection instead of a young one. When the
    caller froze objects of its own (``gc.get_freeze_count()`` is not 0), it is left alone:
    unfreezing would thaw them too. Python 3.12 keeps its own immortal objects in the
    permanent generation (each collection puts them back), which no count tells from a
    caller's: there a load only pauses the collector, without this last step.

    Examples:
        >>> with bulk():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def as_paths(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """One path or several, as a list of ``Path`` (a string is one path, never its letters).

    Examples:
        >>> [p.name for p in as_paths("a.json")], [p.name for p in as_paths(["a", "b"])]
        (['a.json'], ['a', 'b'])
    """
    if isinstance(paths, str | os.PathLike):
        return [as_path(paths, "paths")]
    if isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise InputTypeError(f"paths: expected a path or a list of paths, got {safe_repr(paths)}")
    out = []
    for i, p in enumerate(paths):
        if not isinstance(p, str | os.PathLike):
            raise InputTypeError(f"paths[{i}]: expected a path, got {safe_repr(p)}")
        out.append(as_path(p, f"paths[{i}]"))
    if not out:
        raise ConfigError("no files given", path="paths")
    return out


def as_path(value: str | os.PathLike[str], name: str) -> Path:
    """``Path(value)``, refusing a NUL character (``open`` raised a bare ``ValueError``)."""
    path = Path(value)
    if "\x00" in str(path):
        raise ConfigError(f"{name}: a path holds no NUL character, got {safe_repr(value)}")
    return path


class Locator:
    """Where each record of a stream came from: its file, and its line or its item.

    ``kind`` is the name the stream gives its records in error paths (``rows``, ``pages``,
    ``audits``). Records are numbered in stream order across files.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        # (first record index, file, label of its items or "" when lines name them, first line)
        self._files: list[tuple[int, str, str, int]] = []
        self._jumps: list[tuple[int, int]] = []  # (record index, its line): sparse
        self._next = 0
        self._expected: int | None = None

    def start(self, source: str, *, first_line: int = 1, items: str = "") -> None:
        """The next records come from ``source`` (``items``: they are items of a JSON list)."""
        self._files.append((self._next, source, items, first_line))
        self._expected = None if items else first_line

    def record(self, index: int, line: int | None = None) -> None:
        """Record ``index`` is the next one; ``line`` is its first line (for a line file)."""
        self._next = index + 1
        if line is None or line == self._expected:
            self._expected = None if line is None else line + 1
            return
        self._jumps.append((index, line))
        self._expected = line + 1

    def where(self, index: int) -> tuple[str, int | None, str]:
        """The file, line and item label (e.g. ``audits[4]``) of record ``index``."""
        k = bisect.bisect_right(self._files, index, key=lambda f: f[0]) - 1
        if k < 0:
            return "", None, f"{self.kind}[{index}]"
        first, source, items, first_line = self._files[k]
        if items:
            return source, None, f"{items}[{index - first}]" if items != "-" else ""
        at, line = first, first_line
        j = bisect.bisect_right(self._jumps, index, key=lambda jmp: jmp[0]) - 1
        if j >= 0 and self._jumps[j][0] >= first:
            at, line = self._jumps[j]
        return source, line + (index - at), ""

    def locate(self, error: RecordError) -> RecordError:
        """``error`` with its stream path (``rows[3].x``) turned into file, line and field."""
        m = _INDEXED.match(error.path or "")
        if m is None or m["kind"] != self.kind:
            return error
        source, line, label = self.where(int(m["index"]))
        path = ".".join(p for p in (label, m["rest"]) if p)
        return RecordError(error.message, path=path, line=line, source=source or None)


def _in_file(err: RecordError, path: Path) -> RecordError:
    return RecordError(err.message, path=err.path, line=err.line, source=str(path))


def json_records(
    path: Path, locator: Locator, start: int, unwrap: str | None = None
) -> Iterator[Any]:
    """The records of a ``.json`` file (its value, or its list's items) or of JSON Lines.

    A ``.json`` file holding ``{unwrap: [...]}`` (an API response) yields the list's items. A
    line that is not JSON is yielded as its ``RecordError`` (file and line named), so one
    broken line is one bad record.
    """
    if path.suffix.lower() == ".json":
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise cannot_read(path, exc) from None
        except UnicodeDecodeError as exc:
            raise undecodable(path, "utf-8", exc, choosable=False) from None
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:  # one value: nothing after the error to read on
            if exc.msg == "Extra data" and exc.colno == 1:
                # A second value at the start of a line: JSON Lines named .json (Zendesk's
                # JSON export writes one ticket per line into export-*.json): read as such.
                yield from _json_lines(path, locator, start)
                return
            raise UnreadableFileError(
                json_error_text(exc), line=exc.lineno, source=str(path)
            ) from None
        except READ_ERRORS as exc:  # nested too deeply, an integer over Python's digit limit
            # One value: nothing of the file can be read, as for a JSON syntax error above.
            why = as_record_error(exc, 1).message
            raise UnreadableFileError(why, line=1, source=str(path)) from None
        label = locator.kind
        if unwrap is not None and isinstance(value, dict) and isinstance(value.get(unwrap), list):
            value, label = value[unwrap], unwrap
        items = value if isinstance(value, list) else [value]
        locator.start(str(path), items=label if isinstance(value, list) else "-")
        for i, item in enumerate(items):
            locator.record(start + i)
            yield item
        return
    yield from _json_lines(path, locator, start)


def _json_lines(path: Path, locator: Locator, start: int) -> Iterator[Any]:
    locator.start(str(path))
    index = start
    try:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                locator.record(index, line=lineno)
                index += 1
                try:
                    yield json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    why = (
                        json_error_text(exc)
                        if isinstance(exc, json.JSONDecodeError)
                        else "not valid JSON (not UTF-8 text)"
                    )
                    yield RecordError(why, line=lineno, source=str(path))
                except READ_ERRORS as exc:  # too deep, too many digits: this line's fault
                    yield _in_file(as_record_error(exc, lineno), path)
    except OSError as exc:
        raise cannot_read(path, exc) from None


def file_items(path: Path) -> Iterator[tuple[Any, int | None] | RecordError]:
    """The items of one JSON file (its value, or its list's items) or of JSON Lines, each with
    its line (``None`` in a JSON file); what cannot be read is yielded as its ``RecordError``
    (the file unnamed: the caller names it). The Jira loader reads its pages or issues so, the
    Ticket Metrics readers their records."""
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        with open(path, "rb") as fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield json.loads(line), n
                except json.JSONDecodeError as exc:
                    yield RecordError(f"not JSON: {exc.msg} (column {exc.colno})", line=n)
                except UnicodeDecodeError:
                    yield RecordError("not JSON: not UTF-8 text", line=n)
                except READ_ERRORS as exc:  # nested too deeply, a number past the digit limit
                    yield as_record_error(exc, n)
        return
    try:
        doc = json.loads(path.read_bytes())
    except READ_ERRORS as exc:
        yield RecordError(f"not readable as JSON: {_json_reason(exc)}")
        return
    for item in doc if isinstance(doc, list) else [doc]:
        yield item, None


def _json_reason(exc: BaseException) -> str:
    """Why a JSON text cannot be read, in the library's words: not Python's, which name its
    recursion limit or ``sys.set_int_max_str_digits``, or a ``UnicodeDecodeError``."""
    if isinstance(exc, json.JSONDecodeError):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    return as_record_error(exc, 1).message  # nested too deeply, a number past the digit limit


class CsvPlace:
    """Where a CSV read is: set ``reader`` once the file is open, for the line of an error."""

    reader: csv.DictReader[str] | None = None

    def line(self) -> int:
        """The line being read (0 before the header)."""
        return 0 if self.reader is None else self.reader.line_num + 1


@contextlib.contextmanager
def reading_csv(path: Path, encoding: str = "utf-8-sig") -> Iterator[CsvPlace]:
    """Turn what reading the CSV file ``path`` may raise into our errors, naming the file.

    A file that cannot be opened or decoded stops the load (there is no next row to resync
    on); the error names the line and the byte that is not in ``encoding``. A field the csv
    module refuses (over its size limit) names its line.
    """
    place = CsvPlace()
    widen_csv_fields()
    try:
        yield place
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except UnicodeDecodeError as exc:
        raise undecodable(path, encoding, exc) from None
    except UnicodeError as exc:  # a decoder's own check: utf-16 without a byte order mark
        raise UnreadableFileError(
            f"not {encoding} text ({exc}); pass the file's encoding with encoding=",
            line=max(place.line(), 1),  # the header, when the decoder fails at the start
            source=str(path),
        ) from None
    except csv.Error as exc:
        raise UnreadableFileError(
            f"not readable as CSV ({exc})", line=place.line(), source=str(path)
        ) from None


#: The largest CSV field read. The csv module's own limit, 128 KiB, is a size a ticket's
#: description (a pasted log, a long e-mail thread) exceeds; a real export holds such rows.
FIELD_LIMIT = 64 * 1024 * 1024


def widen_csv_fields() -> None:
    """Let the csv module read fields up to ``FIELD_LIMIT`` (never lowering its limit).

    The limit is the csv module's, one for the whole process. It is raised for good, not for
    the time a file is read: a stream left unfinished would leave it raised anyway, and every
    reader of ours must read the same file the same way whatever else is open.

    Examples:
        >>> widen_csv_fields()
        >>> csv.field_size_limit() >= FIELD_LIMIT
        True
    """
    if csv.field_size_limit() < FIELD_LIMIT:
        csv.field_size_limit(FIELD_LIMIT)


def csv_reader(fh: TextIO, merge: Mapping[str, str] | None = None) -> LinedReader:
    """A ``DictReader`` of an open CSV file, with the delimiter its header line uses.

    Excel writes ``;`` where the decimal mark is a comma, and a byte order mark (dropped by
    ``utf-8-sig``); see [`delimiter_of`][servicemodel.io._columns.delimiter_of]. A column
    named in ``merge`` that the header repeats (Jira's CSV writes ``Labels`` once per label)
    holds every non-empty value of its copies, joined by its separator in ``merge``; a plain
    ``DictReader`` keeps the last copy only. The reader's ``first_line`` is the line the last
    row read starts on.

    Examples:
        >>> import io
        >>> text = "Key,Labels,Labels,Labels\\nSUP-1,vpn,,network\\n"
        >>> list(csv_reader(io.StringIO(text), {"Labels": ";"}))
        [{'Key': 'SUP-1', 'Labels': 'vpn;network'}]
        >>> list(csv_reader(io.StringIO(text)))
        [{'Key': 'SUP-1', 'Labels': 'network'}]
    """
    first = fh.readline()
    lines = itertools.chain((first,), fh) if first else iter(())
    delimiter = delimiter_of(first)
    names = next(csv.reader([first], delimiter=delimiter), []) if merge else []
    repeated = {
        name: [i for i, n in enumerate(names) if n == name]
        for name in (merge or {})
        if names.count(name) > 1
    }
    if repeated:
        assert merge is not None
        joins = {name: (at, merge[name]) for name, at in repeated.items()}
        return LinedReader(lines, delimiter=delimiter, joins=joins)
    return LinedReader(lines, delimiter=delimiter)


if TYPE_CHECKING:
    _DictReader = csv.DictReader[str]
else:  # not subscriptable at run time before Python 3.12
    _DictReader = csv.DictReader


class LinedReader(_DictReader):
    """A ``DictReader`` that knows the line each row starts on (``first_line``), and whose
    repeated columns in ``joins`` (name: positions, separator) hold the non-empty values of
    all their copies, joined. A blank row is skipped: a blank line, as ``DictReader`` skips
    it, and a row whose every field is empty or white space (``,,,``: Excel's CSV of an
    empty row of the sheet), as a sheet's empty row is.

    ``line_num`` is the row's *last* line: a quoted cell with a line break in it (a ticket's
    subject or description, a Jira comment) makes a row span lines, and an error named by
    ``line_num`` would point into the middle of the row.

    Examples:
        >>> import io
        >>> reader = LinedReader(io.StringIO('id,subject\\n1,"two\\nlines"\\n\\n2,one\\n, \\n'))
        >>> [(row["id"], reader.first_line, reader.line_num) for row in reader]
        [('1', 2, 3), ('2', 5, 5)]
    """

    def __init__(
        self,
        lines: Iterable[str],
        *,
        delimiter: str = ",",
        joins: Mapping[str, tuple[list[int], str]] | None = None,
    ) -> None:
        self._exhausted = False
        super().__init__(self._watch(lines), delimiter=delimiter)
        self._joins = dict(joins or {})
        self.first_line = 0

    def _watch(self, lines: Iterable[str]) -> Iterator[str]:
        # The csv module asks for a line past the end only inside a quoted field: a row that
        # ends in the usual way stops at its own line break. So a row read while the lines
        # ran out holds a quote left open, and (leniently parsed) the rest of the file.
        yield from lines
        self._exhausted = True

    def __next__(self) -> dict[str | Any, str | Any]:
        # DictReader's own steps (csv.py), with the row's first line, then the joins.
        names = list(self.fieldnames or ())  # reads the header on the first call
        self.first_line = self.reader.line_num + 1
        row = next(self.reader)
        # A blank row: the next starts after it. (Its first field is asked first: a row of
        # data has one, and the whole test costs ten times more, for every row read.)
        while not (row and row[0].strip()) and not any(field.strip() for field in row):
            self.first_line = self.reader.line_num + 1
            row = next(self.reader)
        self.line_num = self.reader.line_num
        if self._exhausted:
            raise csv.Error(
                f"a quoted field opened on line {self.first_line} does not close before the "
                "end of the file; it would swallow every line after it"
            )
        out: dict[str | Any, str | Any] = dict(zip(names, row, strict=False))
        if len(row) > len(names):
            out[self.restkey] = row[len(names) :]
        for name in names[len(row) :]:
            out[name] = self.restval
        for name, (at, sep) in self._joins.items():
            out[name] = sep.join(row[i].strip() for i in at if i < len(row) and row[i].strip())
        return out


def csv_records(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """The rows of a CSV file, each with the line it starts on; blank lines skipped.

    ``lines`` are the file's lines with their line breaks, as a file opened with
    ``newline=""`` gives them: a quoted cell may then hold a line break (RFC 4180; a
    spreadsheet writes one for a multi-line comment), and the row spans lines. Its number is
    its first line, as [`LinedReader`][servicemodel.io._files.LinedReader]'s ``first_line``:
    ``line_num`` is the last. Quoting is strict, so that a stray quote is an error and not a
    silently different value: a quote left open at the end of the file, or text after a
    closing quote, is a ``csv.Error`` given for the row's first line (see ``csv_why``); the
    reading goes on at the next line.

    Examples:
        >>> import io
        >>> text = 'id,note\\r\\n1,"two\\r\\nlines"\\r\\n\\r\\n2,x"y\\r\\n3,"open\\r\\n'
        >>> [(n, row if isinstance(row, list) else csv_why(row))
        ...  for n, row in csv_records(io.StringIO(text, newline=""))]
        [(1, ['id', 'note']), (2, ['1', 'two\\r\\nlines']), (5, ['2', 'x"y']), (6, 'a quoted field does not close before the end of the file')]
    """  # noqa: E501
    reader = csv.reader(lines, strict=True)
    while True:
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield first, exc
            if reader.line_num < first:  # nothing read: no next line to go on at
                return
            continue
        if len(row) > 1 or (row and row[0].strip()):
            yield first, row


def csv_file_rows(lines: Iterable[str]) -> Iterator[tuple[int, list[str] | RecordError]]:
    """[`csv_records`][servicemodel.io._files.csv_records] with each row the csv module refused
    given as a ``RecordError`` naming its first line: the rows of a file for a loader that
    collects or raises record errors (QA evaluations, self-service sessions).

    Examples:
        >>> import io
        >>> [(n, row if isinstance(row, list) else str(row))
        ...  for n, row in csv_file_rows(io.StringIO('a,b\\n1,"2\\n3"\\n4,"open\\n', newline=""))]
        [(1, ['a', 'b']), (2, ['1', '2\\n3']), (4, 'line 4: not valid CSV: a quoted field does not close before the end of the file')]
    """  # noqa: E501
    for lineno, row in csv_records(lines):
        if isinstance(row, csv.Error):
            yield lineno, RecordError(f"not valid CSV: {csv_why(row)}", line=lineno)
        else:
            yield lineno, row


def csv_why(exc: csv.Error, where: str = "before the end of the file") -> str:
    """Why the csv module refused a row, said for a reader of ours (``where``: the place a
    quoted field should have closed).

    Examples:
        >>> csv_why(csv.Error("unexpected end of data"), "on this line")
        'a quoted field does not close on this line'
    """
    text = str(exc)
    return f"a quoted field does not close {where}" if "end of data" in text else text


def csv_headers(paths: Sequence[Path], encoding: str) -> list[tuple[str, list[str]]]:
    """Each file's name and header (its column names; none for an empty file), read before
    any row, so that a column asked for and missing is one error before any row."""
    out: list[tuple[str, list[str]]] = []
    for path in paths:
        with reading_csv(path, encoding) as place, open(path, newline="", encoding=encoding) as fh:
            reader = place.reader = csv_reader(fh)
            out.append((str(path), list(reader.fieldnames or ())))
    return out


def csv_rows(
    paths: Sequence[Path], locator: Locator, *, encoding: str = "utf-8-sig", start: int = 0
) -> Iterator[dict[str, Any]]:
    """The rows of CSV files, one after another (each file has its own header).

    ``start`` is the first row's number in the locator (rows read before, from other files
    of the same load).
    """
    index = start
    for path in paths:
        locator.start(str(path), first_line=2)
        with (
            reading_csv(path, encoding) as place,
            open(path, newline="", encoding=encoding) as fh,
        ):
            reader = place.reader = csv_reader(fh)
            for row in reader:
                # The line the row starts on (a quoted line break makes a row span lines).
                locator.record(index, line=reader.first_line)
                index += 1
                yield row


def gather(
    stream: HistoryStream,
    locators: Sequence[Locator],
    tick: Callable[[TicketHistory], None] | None = None,
) -> LoadResult:
    """Read a stream to the end; every error names its file and line (``tick`` sees each)."""

    def place(err: RecordError) -> RecordError:
        for loc in locators:
            located = loc.locate(err)
            if located is not err:
                return located
        return err

    out: list[TicketHistory] = []
    with bulk():
        _drain(stream, out, place, tick)
    errors = tuple(place(e) for e in stream.errors)
    return LoadResult(tuple(out), errors, skipped=stream.skipped)


def _drain(
    stream: HistoryStream,
    out: list[TicketHistory],
    place: Callable[[RecordError], RecordError],
    tick: Callable[[TicketHistory], None] | None,
) -> None:
    while True:
        try:
            history = next(stream)
        except StopIteration:
            break
        except RecordError as exc:  # on_error="raise": the first bad record, placed
            raise place(exc) from None
        out.append(history)
        if tick is not None:
            tick(history)
