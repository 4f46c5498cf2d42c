"""Private: ``load(paths)``: event-log CSV files as histories, errors naming file and line."""

from __future__ import annotations

import contextlib
import inspect
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from servicemodel.errors import EventOrderError, NaiveDatetimeError, RecordError
from servicemodel.io._columns import check_headers, encoding_of
from servicemodel.io._files import Locator, as_paths, csv_headers, csv_rows, gather
from servicemodel.io._frame_input import check_options
from servicemodel.io._source import LoadResult
from servicemodel.io._xes import XesLocator, xes_headers, xes_rows
from servicemodel.io._xlsx import Sheet, open_sheets, sheet_option
from servicemodel.io.eventlog._options import (
    REQUIRED,
    asked_columns,
    attribute_names,
    check_attributes,
    columns_of,
)
from servicemodel.io.eventlog._read import histories
from servicemodel.io.eventlog._stream import OnError
from servicemodel.model import Priority, Status, TicketHistory

__all__ = ["load"]

#: A naive timestamp's message from ``histories``: ``rows[N].<column>: timestamp ...`` (the
#: column may hold a colon itself, as ``time:timestamp`` does).
_ROW = re.compile(r"(?P<path>rows\[\d+\]\..*?): (?P<message>timestamp .*)", re.DOTALL)

#: A case that starts again, from ``histories``: ``rows[N]: case ... starts again ...``.
_STARTS_AGAIN = re.compile(r"(?P<path>rows\[\d+\]): (?P<message>case .*)", re.DOTALL)

Paths = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def load(
    paths: Paths,
    *,
    on_error: OnError = "raise",
    status_map: Mapping[str, str | Status] | None = None,
    priority_map: Mapping[str, str | Priority] | None = None,
    progress: Callable[[TicketHistory], None] | None = None,
    contiguous: bool = False,
    encoding: str = "utf-8",
    sla_verdicts: Mapping[str, Any] | None = None,
    sheet: str | None = None,
    **options: Any,
) -> LoadResult:
    """Load event-log files -- CSV (one row per event, header on each) or XES -- as histories.

    A file named ``*.xes`` or ``*.xes.gz`` is read as an XES log (IEEE 1849-2016), streamed:
    its rows are those of pm4py's table of the log (``case:concept:name``, ``concept:name``,
    ``time:timestamp``, ``lifecycle:transition``, ``org:resource``, each trace attribute as
    ``case:<key>``, each event attribute under its key), so a mapping written for pm4py's CSV
    of a log reads the log itself. A file named ``*.xlsx`` (or ``*.xlsm``) is an Excel
    workbook: its sheet named ``sheet`` (the first by default) is read with openpyxl (the
    ``excel`` extra), streamed, a date cell being a timestamp without a zone (it needs
    ``tz``); its errors name the file and sheet, and the sheet's row as their line: a number
    in a timestamp column (unless ``timestamp_unit`` reads numbers), an Excel error or a
    formula never calculated is its row's error, naming the cell. Any other file is CSV.

    The files are read one after another as one log (see
    [`histories`][servicemodel.io.eventlog.histories], whose options ``columns``,
    ``activity_map``, ``ignore``, ``tz``, ``dayfirst``, ``date_format``, ``month_names``, ``missing``,
    ``channel_map``, ``attributes`` and ``keep`` it takes). The whole log is loaded anyway, so its cases
    may interleave (a log sorted by time, as most exports are); ``contiguous=True`` streams the
    rows instead, in flat memory, and then a case's rows must be contiguous. An error names
    the file, the line and the column.
    ``progress`` is called with each history read.

    Each file's delimiter is read from its header (``,``, or ``;``, tab, ``|`` when the
    header uses one of them more), and the file is decoded as ``encoding`` (a UTF-8 byte
    order mark is dropped); an XES log's columns are its ``global`` keys and those of its
    first traces. A column ``columns`` names, or a required default one, that a
    header lacks is one [`ConfigError`][servicemodel.errors.ConfigError] before any row; so is
    an ``attributes`` column that no file's header has. ``sla_verdicts`` (a mapping file's
    rules for [`servicemodel.reconcile`][servicemodel.reconcile]) is not read here: it is
    taken so that a whole mapping file can be passed as options.

    Examples:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "log.csv").write_text("case:concept:name,concept:name,time:timestamp\\n"
        ...                                "C1,Done,2026-03-02T09:00:00Z\\nC2,Oops,2026-03-02T09:00:00Z\\n")
        >>> r = load(d / "log.csv", status_map={"Done": "solved"}, on_error="collect")
        >>> [h.id for h in r.histories], r.errors[0].line, r.errors[0].path
        (['C1'], 3, 'concept:name')
    """  # noqa: E501
    check_options(options, _TAKES, "load")  # a typo is named, as by the frame readers
    files, codec = as_paths(paths), encoding_of(encoding)
    chosen = sheet_option(sheet)
    with contextlib.ExitStack() as stack:
        sheets = open_sheets(stack, files, chosen, "eventlog.load")
        return _load(files, codec, sheets, status_map, priority_map, on_error, contiguous,
                     progress, options)  # fmt: skip


def _load(
    files: Sequence[Path],
    codec: str,
    sheets: Mapping[Path, Sheet],
    status_map: Mapping[str, str | Status] | None,
    priority_map: Mapping[str, str | Priority] | None,
    on_error: OnError,
    contiguous: bool,
    progress: Callable[[TicketHistory], None] | None,
    options: dict[str, Any],
) -> LoadResult:
    # An XES event spans lines: its locator keeps runs of them in a few bytes (CSV too).
    locator = XesLocator("rows") if any(map(is_xes, files)) else Locator("rows")
    columns = options.get("columns")
    cells = _Cells(sheets, columns, options)
    stream = histories(  # checks the options now; reads the rows when gathered
        _rows(files, locator, codec, cells),
        status_map=status_map,
        priority_map=priority_map,
        on_error=on_error,
        contiguous=contiguous,
        **options,
    )
    headers = _headers(files, codec, sheets)
    check_headers(headers, columns_of(columns), REQUIRED, asked_columns(columns))
    check_attributes(headers, attribute_names(options.get("attributes", ())), where="the header")
    try:
        loaded = gather(stream, [locator], progress)
        # The stream's warnings (rows repeated exactly) name rows: said as file and line.
        said = tuple(_ROW_REF.sub(lambda m: _line_of(locator, m), w) for w in stream.warnings)
        return attrs.evolve(loaded, warnings=(*loaded.warnings, *said))
    except NaiveDatetimeError as exc:
        # Not a record error (the whole export needs tz), but it still names file and line.
        m = _ROW.match(str(exc))
        if m is None:
            raise
        located = locator.locate(RecordError(m["message"], path=m["path"]))
        raise NaiveDatetimeError(str(located)) from None
    except EventOrderError as exc:
        # contiguous=True: a case that starts again stops the stream; say where, as above.
        m = _STARTS_AGAIN.match(str(exc))
        if m is None:
            raise
        located = locator.locate(RecordError(m["message"], path=m["path"]))
        raise EventOrderError(str(located)) from None


#: The pair of rows a stream's warning names: ``rows[12] repeats rows[3]``, closing the
#: parenthesis after the case id (which may itself read ``rows[0]``: it is left as written).
_ROW_REF = re.compile(r"rows\[(\d+)\] repeats rows\[(\d+)\](?=\): each is read)")


def _line_of(locator: Locator, m: re.Match[str]) -> str:
    """The pair of rows of a warning as files and lines (``log.csv line 14``), as errors say
    them."""
    return f"{_where(locator, int(m[1]))} repeats {_where(locator, int(m[2]))}"


def _where(locator: Locator, index: int) -> str:
    source, line, label = locator.where(index)
    at = label if line is None else f"line {line}"
    return f"{source} {at}".strip() if source else f"rows[{index}]"


#: Every option ``load`` takes: its own and those it hands to ``histories``.
_TAKES = (
    *(k for k, p in inspect.signature(load).parameters.items() if p.kind is p.KEYWORD_ONLY),
    *tuple(inspect.signature(histories).parameters)[1:],
)


def is_xes(path: Path) -> bool:
    """Whether ``path`` is read as an XES log (``.xes``, or gzip ``.xes.gz``) rather than CSV.

    Examples:
        >>> is_xes(Path("BPI_Challenge_2013_incidents.xes.gz")), is_xes(Path("log.csv"))
        (True, False)
    """
    name = path.name.lower()
    return name.endswith((".xes", ".xes.gz"))


class _Cells:
    """The open sheets of a load, and which of their columns the reader reads: ``used`` (a
    faulty cell elsewhere is nothing), ``stamps`` (timestamps: a number there is refused,
    unless ``timestamp_unit`` reads numbers) and ``ids`` (the case: a date or a boolean there
    is refused)."""

    def __init__(
        self, sheets: Mapping[Path, Sheet], columns: Any, options: Mapping[str, Any]
    ) -> None:
        self.sheets = sheets
        if not sheets:
            return
        cols = columns_of(columns)
        self.used = [*cols.values(), *attribute_names(options.get("attributes", ()))]
        unit = options.get("timestamp_unit")
        self.stamps = () if unit else [cols[r] for r in ("timestamp", "created") if r in cols]
        self.ids = [cols["case"]]


def _rows(
    files: Sequence[Path], locator: Locator, codec: str, cells: _Cells
) -> Iterator[dict[str, Any]]:
    """Every file's rows, files in order, numbered on across them: XES by suffix, a
    workbook's sheet, else CSV."""
    index = 0
    for path in files:
        sheet = cells.sheets.get(path)
        if sheet is not None:
            rows = _sheet_rows(sheet, locator, cells, index)
        elif is_xes(path):
            rows = xes_rows([path], locator, start=index)
        else:
            rows = csv_rows([path], locator, encoding=codec, start=index)
        for row in rows:
            index += 1
            yield row


def _sheet_rows(sheet: Sheet, locator: Locator, cells: _Cells, start: int) -> Iterator[Any]:
    locator.start(sheet.label, first_line=sheet.header_line + 1)
    index = start
    for number, row in sheet.rows(cells.used, cells.stamps, ids=cells.ids):
        locator.record(index, line=number)
        index += 1
        yield row


def _headers(
    files: Sequence[Path], codec: str, sheets: Mapping[Path, Sheet]
) -> list[tuple[str, list[str]]]:
    """Each file's columns: a CSV's header, a sheet's, an XES log's declared and first keys."""
    out = []
    for path in files:
        sheet = sheets.get(path)
        if sheet is not None:
            out.append((sheet.label, sheet.header))
        else:
            out.append((xes_headers([path]) if is_xes(path) else csv_headers([path], codec))[0])
    return out
