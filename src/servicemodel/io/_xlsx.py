"""Private: one sheet of an Excel workbook (``.xlsx``) read as the rows of a CSV file.

Helpdesks and BI tools export Excel as often as CSV (Freshdesk's ticket export, Zendesk
Explore, Jira), and analysts re-save CSVs as workbooks. The one-row-per-ticket and event-log
readers read a sheet directly, with openpyxl (the ``excel`` extra) in read-only mode: rows are
streamed, in flat memory, and each cell's value is the one Excel last saved
(``data_only=True``: a formula's cached result, never the formula).

A sheet's cells carry types a CSV's text does not, and the rules for them are these:

- Text is read as a CSV's text is, by the same parsers (a timestamp with an offset, ``M/D/Y``
  with ``dayfirst``, a ``date_format``).
- A date cell is a ``datetime`` without a zone -- Excel stores none -- so it needs ``tz=`` as
  a naive text does, and without it is the same
  [`NaiveDatetimeError`][servicemodel.errors.NaiveDatetimeError]; it is never guessed.
- A number in a timestamp column is refused, naming the cell: it is a date whose number
  format openpyxl does not recognise as one (Excel stores a date as days since 1900), or a
  number that is no date at all, and reading it as either would be a guess. Give the column
  a date format in Excel, or write the dates as text. (An event log with ``timestamp_unit``
  reads numbers as counts since the Unix epoch, as in CSV.)
- A duration cell (``[h]:mm:ss``) is a ``timedelta``, read where the reader takes durations;
  a time-of-day cell (``h:mm``) is its text (``01:30:00``); numbers and booleans are numbers
  and booleans.
- A cell holding an Excel error (``#N/A``, ``#VALUE!``), or a formula whose value was never
  saved (a workbook written by a program that does not calculate, never opened in Excel), is
  the error of its row when the reader reads its column, naming the cell; in a column it
  does not read it is nothing. So is a number in a date format past the dates openpyxl reads
  (it would be openpyxl's ``#VALUE!``): the error names the number.
- The header is the first row that is not empty. A column whose header cell is blank (the
  other cells of a merged one, a column of notes right of the table) names nothing and is
  not read: a sheet's cells cannot shift into another column, as a CSV's can. An empty row
  (every cell empty, or text that is only white space) is skipped, as its CSV row ``,,,``
  is, and a blank line of a CSV: an empty row in the middle of a hand-edited sheet, or the
  formatted empty rows many sheets end in, is no record. A row with content only in such a
  column (a "Total" note beside the table) is read, as its CSV row ``,Total,`` is: a row
  without an id, the row's error.
- An id cell holding a date, a time, a duration or a boolean is its row's error, naming the
  cell: it is most likely another column mapped as the id, and its text (``2026-03-02
  09:00:00``, ``True``) would differ from the CSV's. A whole number is read as its id.

Errors name the file and the sheet as their source and the sheet's row number as their line
(``tickets.xlsx: sheet 'Tickets': line 7: Created: ...``), as a CSV's errors name its file and
line.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zipfile
import zlib
from collections.abc import Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import (
    ConfigError,
    MissingExtraError,
    UnreadableFileError,
)
from servicemodel.io._unreadable import cannot_read

__all__ = [
    "WORKBOOK_SUFFIXES",
    "FaultyRow",
    "Sheet",
    "is_workbook",
    "open_sheet",
    "open_sheets",
    "refusal",
    "sheet_option",
]

#: The suffixes read as a workbook (openpyxl reads the Office Open XML spreadsheets).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

#: The start of an OLE2 compound file: an old binary workbook (``.xls``), or any workbook
#: saved with a password (Excel encrypts it into such a file).
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: What to do with a workbook openpyxl cannot read.
_OLD_OR_LOCKED = (
    "the file is an old binary Excel workbook (.xls) or one saved with a password: open it in "
    "Excel and save it as .xlsx without a password, or save the sheet as CSV"
)

#: What openpyxl raises on a broken workbook: a zip that is none or is cut short, a part
#: missing (``KeyError``), XML that does not parse (``ParseError`` is a ``SyntaxError``), a
#: cell whose value is not its type's (``ValueError``, a shared string's ``IndexError``), a
#: part it does not expect (``AttributeError``: a chartsheet without a chart).
_BROKEN = (
    zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError, IndexError,
    AttributeError, SyntaxError,
)  # fmt: skip


def is_workbook(path: Path) -> bool:
    """Whether ``path`` is read as an Excel workbook (by its suffix), not as CSV.

    Examples:
        >>> is_workbook(Path("Tickets.XLSX")), is_workbook(Path("tickets.csv"))
        (True, False)
    """
    return path.suffix.lower() in WORKBOOK_SUFFIXES


def refusal(start: bytes) -> str | None:
    """Why a file starting with ``start`` is a workbook no reader reads, else ``None``.

    Examples:
        >>> refusal(OLE2 + b"rest")
        'the file is an old binary Excel workbook (.xls) or one saved with a password: ...'
        >>> refusal(b"PK\\x03\\x04") is None
        True
    """
    return _OLD_OR_LOCKED if start.startswith(OLE2) else None


class FaultyRow(dict[str, Any]):
    """A sheet's row with a cell the reader may not read (an Excel error, a formula without
    a saved value, a number in a timestamp column): its cells (the faulty one ``None``),
    and the first such cell's column and why.

    The readers read the row's id first, so the error names its ticket or case -- and an
    event log sets the whole case aside, as for any bad row of a case.
    """

    __slots__ = ("column", "why")

    def __init__(self, cells: Mapping[str, Any], column: str, why: str) -> None:
        super().__init__(cells)
        self.column = column
        self.why = why


def _openpyxl(feature: str) -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise MissingExtraError("excel", feature, "openpyxl") from None
    return openpyxl


def _start(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(OLE2))
    except OSError as exc:
        raise cannot_read(path, exc) from None


def _open(path: Path, feature: str) -> Any:
    """The workbook at ``path`` (read-only, cached values), or an ``UnreadableFileError``
    saying what the file is instead and what to do."""
    openpyxl = _openpyxl(feature)
    start = _start(path)
    why = refusal(start)
    if why is None and not start.startswith(b"PK\x03\x04"):
        why = (
            "not an Excel workbook (.xlsx), as its name says: a workbook is a zip archive; a "
            "CSV file is read as one when named .csv"
        )
    if why is not None:
        raise UnreadableFileError(why, source=str(path))
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise cannot_read(path, exc) from None
    except _BROKEN as exc:
        # KeyError: a zip without a workbook's parts (an export zipped for download).
        detail = _detail(exc)
        raise UnreadableFileError(
            f"the file is a zip archive but no Excel workbook openpyxl reads ({detail}): unzip "
            "it, or save the sheet as CSV",
            source=str(path),
        ) from None


class Sheet:
    """One sheet being read: its ``label`` (file and sheet, the errors' source), its header
    and its rows (``rows``), each with its row number as Excel shows it."""

    def __init__(self, workbook: Any, sheet: Any, path: Path) -> None:
        self._book, self._sheet = workbook, sheet
        self.label = f"{path}: sheet {safe_repr(sheet.title)}"
        self._cells = self._parsed()
        self.header: list[str] = []
        self.header_line = 0
        for number, cells in self._cells:
            if not all(map(_blank, cells)):
                self.header = _header(cells)
                self.header_line = number
                break

    def _parsed(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """Each row's number and cells (``row``, ``column``, ``value``, ``data_type``), read
        by openpyxl's sheet parser with a formula that has no saved value marked (data type
        ``"f"``): its read-only cells show such a formula as an empty cell."""
        try:
            from openpyxl.worksheet._reader import (  # type: ignore[import-untyped]
                FORMULA_TAG,
                VALUE_TAG,
                WorkSheetParser,
            )

            book, sheet = self._book, self._sheet
            opened = sheet._get_source
            strings = sheet._shared_strings
            formats = (book.epoch, book._date_formats, book._timedelta_formats)
        except (ImportError, AttributeError):  # another openpyxl: its public rows, unmarked
            try:
                yield from _public_rows(self._sheet)
            except _BROKEN as exc:
                raise self._broken(exc, None) from None
            return

        class _Parser(WorkSheetParser):  # type: ignore[misc]
            def parse_cell(self, element: Any) -> dict[str, Any]:
                cell: dict[str, Any] = super().parse_cell(element)
                if cell["value"] is None and element.find(FORMULA_TAG) is not None:
                    cell["data_type"] = "f"
                elif cell["data_type"] == "e" and element.get("t") != "e":
                    # openpyxl's own "#VALUE!" for a number in a date format past the dates
                    # it reads: the number, told apart from an Excel error.
                    cell["data_type"], cell["value"] = "x", element.findtext(VALUE_TAG)
                return cell

        with contextlib.closing(opened()) as source:
            epoch, dates, durations = formats
            parser = _Parser(
                source,
                strings,
                data_only=True,
                epoch=epoch,
                date_formats=dates,
                timedelta_formats=durations,
            )
            try:
                yield from parser.parse()
            except _BROKEN as exc:  # a broken sheet: no row past this one can be read
                # XML is parsed ahead of the rows given: its error's row is not known.
                line = None if isinstance(exc, SyntaxError) else parser.row_counter
                raise self._broken(exc, line) from None

    def _broken(self, exc: BaseException, line: int | None) -> UnreadableFileError:
        """The error of a sheet openpyxl fails to read at row ``line``."""
        return UnreadableFileError(
            f"the sheet cannot be read ({_detail(exc)}): open the workbook in Excel or "
            "LibreOffice and save it again, or save the sheet as CSV",
            source=self.label,
            line=line or None,
        )

    def rows(
        self,
        used: Collection[str],
        stamps: Collection[str] = (),
        merge: Mapping[str, str] | None = None,
        ids: Collection[str] = (),
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """Each non-empty row after the header (one with a cell not ``_blank``): its number
        and its cells by column name.

        ``used``: the columns the reader reads (a faulty cell elsewhere is nothing);
        ``stamps``: those that hold timestamps (a number there is a faulty cell); ``merge``:
        repeated columns whose non-empty values are joined by the separator given (Jira's
        ``Labels``), as in CSV; ``ids``: those that hold ids (a date, time or boolean there is
        a faulty cell: most likely another column mapped as the id).
        """
        header = self.header
        width = len(header)
        joins = {
            name: (at, sep)
            for name, sep in (merge or {}).items()
            if len(at := [i for i, n in enumerate(header) if n == name]) > 1
        }
        for number, cells in self._cells:
            row: dict[Any, Any] = dict.fromkeys(header)
            fault: tuple[str, str] | None = None
            values: list[Any] = [None] * width
            empty = True
            for cell in cells:
                k = cell["column"] - 1
                if _blank(cell):
                    continue
                value, kind = cell["value"], cell["data_type"]
                empty = False
                if k >= width or not header[k]:  # a column the header names not: not read
                    continue
                name = header[k]
                bad = _fault(value, kind, name in stamps, name in ids)
                if bad is not None:
                    if fault is None and name in used:
                        fault = (name, f"cell {_coordinate(k, number)} {bad}")
                    value = None
                else:
                    value = _plain(value)
                values[k] = value
                row[name] = value
            if empty:
                continue
            for name, (at, sep) in joins.items():
                texts = (str(values[i]).strip() for i in at if values[i] is not None)
                row[name] = sep.join(t for t in texts if t)
            yield number, (row if fault is None else FaultyRow(row, *fault))


def _blank(cell: Mapping[str, Any]) -> bool:
    """Whether a cell is empty: no value (and no formula without one), or text that is only
    white space -- as a CSV's field is blank when it is empty or white space."""
    value = cell["value"]
    if value is None:
        return bool(cell["data_type"] != "f")
    return isinstance(value, str) and cell["data_type"] not in ("e", "x") and not value.strip()


def _detail(exc: BaseException) -> str:
    """What openpyxl's ``exc`` says, short, for an error's reason."""
    # A KeyError's text is the repr of its key: the key's own text reads better.
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    return (text.strip() or type(exc).__name__)[:200]


def _public_rows(sheet: Any) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """A read-only sheet's rows through openpyxl's public API (no formula is marked).

    The dimension the sheet claims (``A1:XFD1048576`` from some writers) is dropped first:
    openpyxl pads every row to its last column, 16,384 empty cells a row."""
    reset = getattr(sheet, "reset_dimensions", None)
    if callable(reset):
        reset()
    for number, cells in enumerate(sheet.iter_rows(min_row=1), start=1):
        found = [
            {"column": k, "value": c.value, "data_type": c.data_type}
            for k, c in enumerate(cells, start=1)
            if c.value is not None
        ]
        yield number, found


def _header(cells: list[dict[str, Any]]) -> list[str]:
    """A header row's column names: each cell's text, a blank one ``""``; none past the last
    named column (a sheet formatted further right)."""
    names: dict[int, str] = {}
    for cell in cells:
        value = cell["value"]
        if value is not None and cell["data_type"] not in ("e", "f", "x"):
            text = value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)
            if text.strip():
                names[cell["column"] - 1] = text
    width = max(names, default=-1) + 1
    return [names.get(k, "") for k in range(width)]


def _coordinate(index: int, number: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    return f"{get_column_letter(index + 1)}{number}"


def _fault(value: Any, kind: str, stamp: bool, ident: bool = False) -> str | None:
    """Why a cell may not be read (``None``: it may)."""
    if kind == "e":
        return (
            f"holds the Excel error {safe_repr(value)} (a formula that failed); fix it or clear it"
        )
    if kind == "x":
        return (
            f"holds the number {value} in a date format, past the dates Excel and Python "
            "read (years 1900 to 9999); fix it or clear it"
        )
    if kind == "f":
        return (
            "holds a formula whose value was never saved (the workbook was written by a program "
            "that does not calculate formulas); open it in Excel or LibreOffice and save it"
        )
    if ident and kind not in ("e", "x", "f"):
        what = _not_an_id(value)
        if what is not None:
            return (
                f"holds {what}, not an id: a date, time or boolean in the id column is most "
                "likely another column mapped as the id; map the column of ids, or write the "
                "id as text"
            )
    if stamp and isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f"holds the number {safe_repr(value)}, not a date: a date without a date format "
            "reads as Excel's count of days, and no count is read as a date; give the column "
            "a date format in Excel, or write its dates as text"
        )
    return None


def _not_an_id(value: Any) -> str | None:
    """What an id cell holds that no id is (a typed date, time, duration or boolean), as
    Excel shows it; ``None`` for text and numbers (a whole number is read as its id)."""
    if isinstance(value, bool):
        return f"the boolean {str(value).upper()}"
    if isinstance(value, dt.datetime):
        return f"the date {value.isoformat(' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time {value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"the duration {value}"
    return None


def _plain(value: Any) -> Any:
    """A cell's value as the readers take it: a time of day as its text (a duration under a
    day in an ``h:mm`` format), anything else as it is."""
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


@contextlib.contextmanager
def open_sheet(path: Path, sheet: str | None, feature: str) -> Iterator[Sheet]:
    """The sheet named ``sheet`` of the workbook at ``path`` (``None``: the first), open.

    A name the workbook lacks, or names a sheet that is no table (a chart sheet), is a
    ``ConfigError`` at ``sheet`` saying so and listing the worksheets it has.
    """
    book = _open(path, f"{feature} of an .xlsx workbook")
    try:
        sheets = book.worksheets
        if sheet is None:
            if not sheets:
                raise ConfigError("the workbook has no worksheet", source=str(path))
            chosen = sheets[0]
        else:
            named = [s for s in sheets if s.title == sheet]
            if not named:
                raise ConfigError(_not_a_worksheet(book, sheet, path), path="sheet")
            chosen = named[0]
        yield Sheet(book, chosen, path)
    finally:
        book.close()


def _not_a_worksheet(book: Any, sheet: str, path: Path) -> str:
    """Why ``sheet`` of ``book`` is not read: no sheet of that name, or one that holds no
    table (a chart sheet) -- each with the worksheets the workbook has."""
    worksheets = safe_repr([s.title for s in book.worksheets], limit=300)
    if sheet not in getattr(book, "sheetnames", ()):
        return f"no sheet {safe_repr(sheet)} in {path}; it has {worksheets}"
    charts = {s.title for s in getattr(book, "chartsheets", ())}
    kind = "a chart sheet" if sheet in charts else "not a worksheet"
    return (
        f"sheet {safe_repr(sheet)} in {path} is {kind}, not a table of rows; name one of its "
        f"worksheets: {worksheets}"
    )


def open_sheets(
    stack: contextlib.ExitStack[Any], files: Sequence[Path], sheet: str | None, feature: str
) -> dict[Path, Sheet]:
    """The sheet named ``sheet`` (``None``: the first) of each workbook among ``files``, open
    until ``stack`` closes.

    A ``sheet`` named when no file is a workbook would be read from nothing: it is a
    ``ConfigError`` at ``sheet`` naming the files, never an option silently ignored.
    """
    if sheet is not None and not any(map(is_workbook, files)):
        names = [str(p) for p in files]
        raise ConfigError(
            f"{safe_repr(sheet)} names the sheet of an Excel workbook (.xlsx) to read, but no "
            f"file is one: {safe_repr(names, limit=300)} are not workbooks; give no sheet for "
            "CSV files, or give the workbook",
            path="sheet",
        )
    return {
        path: stack.enter_context(open_sheet(path, sheet, feature))
        for path in files
        if is_workbook(path)
    }


def sheet_option(value: Any) -> str | None:
    """The ``sheet`` option: a sheet's name, or ``None`` for the first sheet.

    Examples:
        >>> sheet_option("Tickets"), sheet_option(None)
        ('Tickets', None)
        >>> sheet_option(2)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: sheet: expected a sheet's name, got 2
    """
    if value is None or (isinstance(value, str) and value):
        return value
    raise ConfigError(f"expected a sheet's name, got {safe_repr(value)}", path="sheet")
