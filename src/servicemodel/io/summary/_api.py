"""Private: the public readers of one-row-per-ticket exports (rows, frames, files)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import tzinfo
from pathlib import Path
from typing import Any

from servicemodel._config import safe_repr
from servicemodel._validators import check_on_error
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    NaiveDatetimeError,
    RecordError,
)
from servicemodel.io._columns import (
    check_columns,
    check_headers,
    close_enough,
    encoding_of,
    required_roles,
)
from servicemodel.io._files import as_path, csv_headers, csv_reader, reading_csv
from servicemodel.io._frame_input import (
    check_options,
    guarded_rows,
    pandas_cells,
    pandas_frame,
    polars_frame,
    polars_rows,
    read_columns,
    unique_columns,
)
from servicemodel.io._observed import Updates
from servicemodel.io._xlsx import Sheet, open_sheets, sheet_option
from servicemodel.io.eventlog._shared import (
    DayOrder,
    HistoryStream,
    Incomplete,
    Item,
    OnError,
    attribute_names,
    check_attributes,
)
from servicemodel.io.summary._partial import ExportLoad
from servicemodel.io.summary._read import (
    _REQUIRED,
    NO_RATING,
    Updated,
    _columns,
    _items,
    _Options,
    _options,
    stamp_columns,
)
from servicemodel.model import Priority, Status, TicketHistory

__all__ = ["from_pandas", "from_polars", "histories", "load"]


_DEFAULTS: dict[str, Any] = {
    "columns": None,
    "attributes": (),
    "priority_map": None,
    "channel_map": None,
    "rating_map": None,
    "rating_scale": (1, 5),
    "survey": "csat",
    "tz": None,
    "dayfirst": False,
    "date_format": None,
    "month_names": None,
    "missing": ("", "?"),
    "tag_separator": ";",
    "no_rating": NO_RATING,
    "status_map": None,
}


def histories(
    rows: Iterable[Mapping[str, Any]],
    *,
    columns: Mapping[str, str] | None = None,
    attributes: Iterable[str] = (),
    priority_map: Mapping[str, str | Priority] | None = None,
    channel_map: Mapping[str, str] | None = None,
    rating_map: Mapping[str, float] | None = None,
    rating_scale: tuple[int, int] = (1, 5),
    survey: str = "csat",
    tz: str | tzinfo | None = None,
    dayfirst: bool = False,
    missing: Iterable[str] = ("", "?"),
    tag_separator: str = ";",
    on_error: OnError = "raise",
    date_format: str | Sequence[str] | None = None,
    no_rating: Iterable[str] = NO_RATING,
    status_map: Mapping[str, str | Status] | None = None,
    month_names: str | Sequence[str | Sequence[str]] | None = None,
) -> HistoryStream:
    """Stream one partial [`TicketHistory`][servicemodel.model.TicketHistory] per row.

    ``rows`` are mappings (``csv.DictReader`` rows, dicts). ``columns`` maps roles to column
    names (defaults in [`DEFAULT_COLUMNS`][servicemodel.io.summary.DEFAULT_COLUMNS]): ``id`` and
    ``created`` are required; ``first_reply``, ``solved`` (the final resolution), ``closed``,
    ``rating`` with ``rated`` (its instant), ``channel``, ``priority``, ``group``,
    ``assignee``, ``requester`` and ``tags`` (split on ``tag_separator``) are read when present.
    ``attributes`` names further columns kept as ticket attributes. Ratings are numbers on
    ``rating_scale`` or words in ``rating_map`` (``{"good": 1, "bad": 0}`` with
    ``rating_scale=(0, 1)``); a word in ``no_rating`` (Zendesk's ``Offered``, ``Not
    Offered``, ``Unoffered`` by default: a survey sent, not answered) is no rating. The first
    reply and the solve may instead be durations after creation, in calendar time
    (``first_reply_after_min``, ``solved_after_h``, units ``_s``, ``_min``, ``_h``: numbers,
    ``H:MM:SS`` or timedeltas), read where the instant's own column has no value. A
    ``status`` column (the current status) with ``status_map`` (its words to ours) solves a
    row whose status maps to solved or closed and whose solve is empty at its
    ``status_changed`` instant (Jira leaves "Resolved" empty where no resolution is set).
    ``updated`` (the ticket's last update: Zendesk's "Updated at") is read by
    [`load`][servicemodel.io.summary.load] alone, into its ``observed_until``. A
    channel is its entry in ``channel_map`` (keys matched in lowercase), else its label as a
    name (``Self service`` is ``self_service``). Priorities are ours by name (and ``medium``
    → normal) or mapped by ``priority_map``. Timestamps and missing markers are read as by
    [`servicemodel.io.eventlog.histories`][servicemodel.io.eventlog.histories]: ISO 8601 or
    ``M/D/Y`` (``D/M/Y`` with ``dayfirst=True``), or ``date_format``'s ``strptime`` formats,
    whose ``%b``/``%B`` read ``month_names`` (``"es"``, or the 12 months' names) in an export
    written in another language; a naive one needs ``tz=``.

    Every history is marked partial (see
    [`lost_facts`][servicemodel.model.lost_facts]); each error names the row, the
    ticket, the column and the value. An empty cell of ``first_reply`` or ``solved`` means
    not replied to / not solved yet; a stream with **no column** for the role lacks the fact
    instead (``first_reply`` or ``resolution`` is added to its lost facts, and the figures that
    need it refuse). For rows given as mappings, the keys of the first row decide this for the
    whole stream; ``load`` decides it per file from the header, and the frame readers from
    the frame's columns.

    Examples:
        >>> rows = [{"id": "7", "created_at": "2026-03-02T09:00:00+01:00",
        ...          "first_reply_at": "2026-03-02T09:45:00+01:00", "solved_at": "?"}]
        >>> (h,) = histories(rows)
        >>> h.first_reply_at().isoformat(), h.solved_at(), sorted(lost_facts(h))[:2]
        ('2026-03-02T09:45:00+01:00', None, ['first_resolution', 'next_reply'])
        >>> (h,) = histories([{"id": "8", "created_at": "2026-03-02T09:00:00Z"}])
        >>> sorted(lost_facts(h) - LOST_FACTS)  # no such columns: unknown, not "never"
        ['first_reply', 'resolution']
    """
    opts = _options(
        columns=columns, attributes=attributes, priority_map=priority_map,
        channel_map=channel_map, rating_map=rating_map, rating_scale=rating_scale,
        survey=survey, tz=tz, dayfirst=dayfirst, missing=missing, tag_separator=tag_separator,
        date_format=date_format, no_rating=no_rating, status_map=status_map,
        month_names=month_names,
    )  # fmt: skip
    return HistoryStream(_said(rows, opts), on_error=on_error)


def _day_order(opts: _Options) -> DayOrder:
    """The check of the export's numeric dates (the creation and every instant column),
    unless ``dayfirst`` or ``date_format`` says how they read."""
    updated = [opts.columns["updated"]] if "updated" in opts.columns else []
    columns = sorted({*stamp_columns(opts), *updated})
    return DayOrder(columns, active=not (opts.dayfirst or opts.formats))


def _noted(rows: Iterable[Any], order: DayOrder) -> Iterator[Any]:
    """``rows`` as they are, each mapping's date cells noted in ``order`` on the way."""
    for raw in rows:
        if isinstance(raw, Mapping):
            order.see(raw)
        yield raw


def _said(rows: Iterable[Any], opts: _Options) -> Iterator[Item]:
    """The stream's items, then the warning of dates read month first that read either way.

    Examples:
        >>> stream = histories([{"id": "1", "created_at": "02/03/2026 09:00"}], tz="UTC")
        >>> print(stream.collect().warnings[0])  # doctest: +ELLIPSIS
        every numeric date of the export reads either way, and 1 was read month first ...
    """
    order = _day_order(opts)
    yield from _items(_noted(rows, order), opts)
    text = order.warning()
    if text is not None:
        yield Incomplete(text)


def _frame_rows(names: Sequence[Any], values: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
    cols = [str(c) for c in names]
    for row in values:
        yield dict(zip(cols, row, strict=True))


def _check_frame(names: Sequence[Any], options: Mapping[str, Any], feature: str) -> dict[str, Any]:
    """The options for ``histories``, checked with the frame's column labels ``names``
    (and, under ``_used``, the names of the columns the reader reads).

    Refuses, as ``load`` does, an option ``histories`` does not take (a mapping file's
    ``sla_verdicts`` are dropped), a frame that lacks a column ``columns``
    (or a required default) names or an ``attributes`` column, and a column read that the
    frame holds twice.
    """
    options = dict(options)
    options.pop("sla_verdicts", None)
    check_options(options, [*_DEFAULTS, "on_error"], feature)
    columns = options.get("columns")
    cols = _columns(columns)
    asked = _asked(columns, cols, [names])
    check_columns(names, cols, required_roles(_REQUIRED, asked), where="the frame")
    kept = attribute_names(options.get("attributes", ()))
    check_attributes([("", [str(n) for n in names])], kept, where="the frame")
    unique_columns(names, [*cols.values(), *kept])
    options["_used"] = [*cols.values(), *kept]
    return options


def from_pandas(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a pandas frame with one row per ticket.

    Takes the options of [`histories`][servicemodel.io.summary.histories]; NaN, NaT and the
    ``NA`` of nullable columns (``dtype_backend="numpy_nullable"``) are missing values, and
    datetime columns may be used as they are (aware, or naive with ``tz``). Another option, a
    column the reader reads that the frame holds twice, or something other than a pandas frame
    is an error before any row.

    Examples:
        >>> import pandas as pd
        >>> df = pd.DataFrame({"Ticket": [1, 2], "Created": ["02/03/2026 09:00", "02/03/2026 10:00"],
        ...                    "Rating": [5, None]})
        >>> hs = from_pandas(df, columns={"id": "Ticket", "created": "Created", "rating": "Rating"},
        ...                  dayfirst=True, tz="Europe/Berlin")
        >>> [(h.id, [r.score for r in h.ratings()]) for h in hs]
        [('1', [5.0]), ('2', [])]
    """  # noqa: E501
    df = pandas_frame(df, "servicemodel.io.summary.from_pandas")
    checked = _check_frame(list(df.columns), options, "from_pandas")
    df = read_columns(df, checked.pop("_used"))
    cells = guarded_rows(pandas_cells(df).itertuples(False, None), "pandas")
    return histories(_frame_rows(list(df.columns), cells), **checked)


def from_polars(df: Any, **options: Any) -> HistoryStream:
    """Stream the histories of a polars frame with one row per ticket.

    Takes the options of [`histories`][servicemodel.io.summary.histories] (a ``LazyFrame`` is
    collected first); a null is a
    missing value, and datetime and duration columns may be used as they are.

    Examples:
        >>> import polars as pl
        >>> df = pl.DataFrame({"id": ["A"], "created_at": ["2026-03-02T09:00:00Z"],
        ...                    "solved_at": ["2026-03-02T17:00:00Z"]})
        >>> [h.solved_at().hour for h in from_polars(df)]
        [17]
    """
    df = polars_frame(df, "servicemodel.io.summary.from_polars")
    checked = _check_frame(list(df.columns), options, "from_polars")
    df = read_columns(df, checked.pop("_used"))
    rows = guarded_rows(polars_rows(df), "polars")
    return histories(rows, **checked)


def _paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, str | Path):
        return [as_path(paths, "paths")]
    if isinstance(paths, bytes | bytearray) or not isinstance(paths, Iterable):
        raise InputTypeError(f"paths: expected a path or paths, got {safe_repr(paths)}")
    out = []
    for i, p in enumerate(paths):
        if not isinstance(p, str | Path):
            raise InputTypeError(f"paths: expected a path, got {safe_repr(p)}")
        out.append(as_path(p, f"paths[{i}]"))
    return out


def _located(err: RecordError, source: str, line: int) -> RecordError:
    # rows[i].column -> column: the line says which row.
    path = (
        err.path.split(".", 1)[1] if err.path.startswith("rows[") and "." in err.path else err.path
    )
    if path.startswith("rows["):
        path = ""
    return RecordError(err.message, path=path, line=line, source=source)


def _load_options(options: dict[str, Any]) -> tuple[_Options, str]:
    """The reading options of ``load``, checked: the rows' options and the codec."""
    # A mapping file's [sla_verdicts] rules are servicemodel.reconcile's, not the reader's: a
    # whole mapping file passed as options (load(path, **tomllib.load(fh))) still reads.
    options.pop("sla_verdicts", None)
    encoding = encoding_of(options.pop("encoding", "utf-8"))
    unknown = sorted(set(options) - set(_DEFAULTS))
    if unknown:
        raise ConfigError(
            f"unknown option(s) {unknown}; expected some of {sorted(_DEFAULTS)}", path=unknown[0]
        )
    return _options(**{**_DEFAULTS, **options}), encoding


def load(
    paths: str | Path | Iterable[str | Path],
    *,
    on_error: OnError = "raise",
    sheet: str | None = None,
    **options: Any,
) -> ExportLoad:
    """Load one-row-per-ticket CSV files or Excel sheets (each with a header) into partial
    histories.

    Takes the options of [`histories`][servicemodel.io.summary.histories], and ``encoding``
    (``"utf-8"`` by default; a byte order mark is dropped). Each file's delimiter is read from
    its header (``,``, or ``;``, tab, ``|`` when the header uses one of them more). A column
    ``columns`` names, or a required default one, that a header lacks is one
    [`ConfigError`][servicemodel.errors.ConfigError] before any row. Every other error names
    its file and line (the header is line 1). A ticket id on two rows, in one file or two, is
    an error for the later row.

    A file named ``*.xlsx`` (or ``*.xlsm``) is an Excel workbook: its sheet named ``sheet``
    (the first by default) is read with openpyxl (the ``excel`` extra), streamed, its cells'
    dates, numbers and durations as they are typed (a date cell has no zone: it needs
    ``tz=``); an error names the file and sheet, and the sheet's row as its line: a number in
    a timestamp column, an Excel error or a formula never calculated is its row's error,
    naming the cell (a column the reader does not read is not looked at).

    ``observed_until`` is the latest ``updated`` (column ``updated_at``, or the one
    ``columns`` names: Zendesk's "Updated at", Freshdesk's "Last update time") of the tickets
    that loaded, read as their other instants are (see
    [`LoadResult`][servicemodel.io.LoadResult]); a missing or unreadable cell is no
    observation, never an error, and a row set aside tells nothing. ``None`` without such a
    column.

    Examples:
        >>> cols = {"id": "Ticket ID", "created": "Created", "first_reply": "First Reply",
        ...         "solved": "Solved", "rating": "Rating", "priority": "Priority"}
        >>> r = load("tests/data/summary/tickets.csv", columns=cols, dayfirst=True,
        ...          tz="Europe/Berlin", on_error="collect")
        >>> len(r), r.errors[0].line, r.errors[0].path
        (4, 5, 'First Reply')
    """
    check_on_error(on_error)
    chosen = sheet_option(sheet)
    opts, encoding = _load_options(dict(options))
    files = _paths(paths)
    with contextlib.ExitStack() as stack:
        sheets = open_sheets(stack, files, chosen, "summary.load")
        texts = [path for path in files if path not in sheets]
        read = dict(zip(texts, csv_headers(texts, encoding), strict=True))
        headers = [(sheets[p].label, sheets[p].header) if p in sheets else read[p] for p in files]
        asked = _asked(options.get("columns"), opts.columns, [h for _, h in headers if h])
        check_headers(headers, opts.columns, _REQUIRED, asked)
        check_attributes(headers, opts.attributes, where="the header")
        merge = _repeated(headers, opts.columns, opts.tag_separator)
        found: list[TicketHistory] = []
        errors: list[RecordError] = []
        seen: set[str] = set()
        lines_read = 0
        updates, updated = Updates(), Updated()
        order = _day_order(opts)
        for path in files:
            if path in sheets:
                items = _sheet_items(sheets[path], opts, merge, updated, order)
            else:
                items = _csv_items(path, encoding, opts, merge, updated, order)
            for item, source, line in items:
                if line is None:  # the file's end: ``source`` is its count of lines
                    lines_read += int(source)
                    continue
                if isinstance(item, TicketHistory) and item.id in seen:
                    item = RecordError(
                        f"ticket {safe_repr(item.id)}: appears on two rows of the export",
                        path=opts.columns["id"],
                    )
                if isinstance(item, TicketHistory):
                    seen.add(item.id)
                    found.append(item)
                    updates.note(item.id, updated.at)
                    continue
                if isinstance(item, RecordError):
                    placed = _located(item, source, line)
                    if on_error == "raise":
                        raise placed
                    errors.append(placed)
    set_aside = tuple(e.line for e in errors if e.line is not None)
    said = order.warning()
    return ExportLoad(
        tuple(found), tuple(errors), lines_read, 0, set_aside,
        observed_until=updates.until(found), warnings=() if said is None else (said,),
    )  # fmt: skip


#: What a file's rows give ``load``: each item with its file (or sheet) and line, then
#: ``(None, str(lines), None)`` at the file's end.
_Placed = Iterator[tuple[Item | None, str, int | None]]


def _csv_items(
    path: Path,
    encoding: str,
    opts: _Options,
    merge: Mapping[str, str],
    updated: Updated,
    order: DayOrder,
) -> _Placed:
    with reading_csv(path, encoding) as place, open(path, newline="", encoding=encoding) as fh:
        reader = place.reader = csv_reader(fh, merge)
        # _items yields one item per row, right after reading it: first_line is the line
        # the row starts on (a quoted cell with a line break makes it span lines).
        # Each file's own header says which roles it has no column for (files may differ).
        have = reader.fieldnames or ()
        rows = _items(_noted(reader, order), opts, have=have, updated=updated)
        for item in _naive_located(rows, str(path), reader):
            yield item, str(path), reader.first_line
        yield None, str(reader.line_num), None


def _sheet_items(
    sheet: Sheet, opts: _Options, merge: Mapping[str, str], updated: Updated, order: DayOrder
) -> _Placed:
    """The items of a workbook's sheet, each with the sheet and its row number."""
    at = [sheet.header_line]
    used = [*opts.columns.values(), *opts.attributes]

    def rows() -> Iterator[dict[str, Any]]:
        ids = [opts.columns["id"]]
        for number, row in sheet.rows(used, stamp_columns(opts), merge, ids):
            at[0] = number
            yield row

    items = _items(_noted(rows(), order), opts, have=sheet.header, updated=updated)
    try:
        for item in items:
            yield item, sheet.label, at[0]
    except NaiveDatetimeError as exc:
        where, _, rest = str(exc).partition(".")
        if not where.startswith("rows[") or not rest:
            raise
        raise NaiveDatetimeError(f"{sheet.label}: line {at[0]}: {rest}") from None
    yield None, str(at[0]), None


def _naive_located(items: Iterator[Item], path: str, reader: Any) -> Iterator[Item]:
    """``items``, with a naive timestamp's error (the whole export needs ``tz=``) naming the
    file and the line instead of the row's index, as every other error of a file does."""
    try:
        yield from items
    except NaiveDatetimeError as exc:
        where, _, rest = str(exc).partition(".")
        if not where.startswith("rows[") or not rest:
            raise
        raise NaiveDatetimeError(f"{path}: line {reader.first_line}: {rest}") from None


def _asked(
    asked: Mapping[str, str] | None, columns: Mapping[str, str], headers: Sequence[Sequence[Any]]
) -> Mapping[str, str] | None:
    """The roles whose named columns must be found: every one ``asked`` names, except a
    ``tags`` column that no header (or frame) has and none resembles.

    Jira's CSV writes a multi-value field once per value (``Labels,Labels``), so an export
    in which no issue has a label has no ``Labels`` column at all -- three of four public Jira
    Cloud exports had none: its tickets have no tags. A column that resembles the name
    (``Label``, ``labels``) is still the error it was: a misspelt name, not an absent field.
    """
    if not asked or "tags" not in asked:
        return asked
    names = [str(c) for h in headers for c in h]
    if columns["tags"] in names or any(close_enough(columns["tags"], n) for n in names):
        return asked
    return {role: column for role, column in asked.items() if role != "tags"}


def _repeated(
    headers: Sequence[tuple[str, Sequence[str]]], columns: Mapping[str, str], separator: str
) -> dict[str, str]:
    """The repeated columns to join (``tags``: Jira's CSV writes ``Labels`` once per label);
    a header repeating the column of any other role is an error, not a silent last copy."""
    for source, header in headers:
        for role, column in columns.items():
            if role != "tags" and list(header).count(column) > 1:
                raise ConfigError(
                    f"column {safe_repr(column)} for {role} appears {list(header).count(column)} "
                    "times in the header; name a column that appears once (only tags may repeat: "
                    "their values are joined)",
                    path=f"columns.{role}",
                    source=source,
                )
    tags = columns.get("tags")
    return {} if tags is None else {tags: separator}
