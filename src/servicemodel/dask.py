"""Run any KPI accumulator or SLA attainment on Dask: fold each partition, then merge.

Every servicemodel accumulator follows one protocol,
[`Accumulator`][servicemodel.kpi.Accumulator] (``empty()``, ``add_many``, ``merge``,
``result``), so a distributed computation is the single-process one cut into pieces: each
partition is folded into a copy of the empty accumulator on a worker, and the partial
accumulators are merged in a tree (``Bag.reduction``). Merging is associative and commutative,
so the result is the very same accumulator — and ``result()`` the same
[`Estimate`][servicemodel.kpi.Estimate] — as one pass over all records in one process.

Inputs:

- a Dask **bag** of ticket records: dicts in the JSON Lines shape (parsed with
  [`history_from_dict`][servicemodel.io.history_from_dict]) or
  [`TicketHistory`][servicemodel.model.TicketHistory] objects; or a bag of plain values such
  as survey scores;
- a Dask **DataFrame** of survey answers or other values (``column="score"``), or of ticket
  rows in the CSV shape of [`load_csv`][servicemodel.io.load_csv] (one event per row).

``extract`` turns one record (or, for a DataFrame without ``column``, one partition's
histories) into the items the accumulator adds: the NPS scores of a ticket, the SLA
measurements of a ticket, and so on. Failures are never hidden: if one record of one
partition raises, or a worker dies, the computation raises and no number is returned.

Needs the ``dask`` extra (``pip install 'servicemodel[dask]'``); Dask is imported only when a
function here is called.

Examples:
    >>> import dask.bag as db
    >>> from servicemodel.kpi import NPS
    >>> scores = db.from_sequence([10, 9, 7, 3, 10, 6, 9, 8], npartitions=3)
    >>> estimate(scores, NPS.empty()) == NPS.empty().add_many([10, 9, 7, 3, 10, 6, 9, 8]).result()
    True
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from functools import partial, reduce
from typing import Any, TypeVar

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import instance_of
from servicemodel.errors import (
    ConfigError,
    InputTypeError,
    MissingExtraError,
    RecordError,
    ServiceModelError,
    require_aware,
)
from servicemodel.io import history_from_dict, load_csv
from servicemodel.kpi import Accumulator, SLAAttainment
from servicemodel.model import TicketHistory

__all__ = [
    "RatingScores",
    "accumulate",
    "as_history",
    "estimate",
    "rating_scores",
    "SLAMeasurements",
    "sla_attainment",
    "read_tickets",
    "to_histories",
]

A = TypeVar("A", bound=Accumulator[Any])

#: How many partial accumulators are merged per task of the reduction tree.
DEFAULT_SPLIT_EVERY = 8


def _require(feature: str) -> Any:
    try:
        import dask
        import dask.bag
    except ImportError as exc:
        raise MissingExtraError("dask", feature) from exc
    return dask


def _is_bag(data: Any) -> bool:
    try:
        import dask.bag as db
    except ImportError:  # pragma: no cover - guarded by _require
        return False
    return isinstance(data, db.Bag)


def _is_frame(data: Any) -> bool:
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask without the dataframe part
        return False
    return isinstance(data, dd.DataFrame | dd.Series)


def as_history(record: Any) -> Any:
    """Return ``record`` as a ``TicketHistory`` if it is a ticket dict; other values unchanged.

    Examples:
        >>> as_history({"id": "T-1", "created_at": "2026-03-02T09:00:00Z", "events": []}).id
        'T-1'
        >>> as_history(9)
        9
    """
    if isinstance(record, Mapping):
        return history_from_dict(record)
    return record


def _parsed(record: Any) -> Any:
    """``as_history(record)``, a bad ticket dict's error naming the ticket as read_tickets does.

    In a bag of millions of dicts, "priority: unknown priority 'urgnt'" alone does not say
    which record to fix; the error is a [`RecordError`][servicemodel.errors.RecordError] (a
    ``ConfigError``) starting with the ticket's id.
    """
    error: RecordError | None = None
    try:
        return as_history(record)
    except ConfigError as exc:
        ticket = record.get("id") if isinstance(record, Mapping) else None
        error = RecordError(f"ticket {safe_repr(ticket)}: {exc}")
    raise error


@attrs.frozen
class RatingScores:
    """Picklable ``extract`` function: the scores of a ticket's ratings of one ``survey``.

    Examples:
        >>> from servicemodel.io import history_from_dict
        >>> h = history_from_dict({"id": "T-1", "created_at": "2026-03-02T09:00:00Z", "events": [
        ...     {"kind": "satisfaction", "id": "r", "at": "2026-03-03T09:00:00Z", "score": 9,
        ...      "survey": "nps", "scale_min": 0, "scale_max": 10}]})
        >>> rating_scores("nps")(h), rating_scores("csat")(h)
        ([9.0], [])
    """

    survey: str = attrs.field(validator=instance_of(str))

    def __call__(self, history: TicketHistory) -> list[float]:
        """Return the scores of ``history``'s ratings of this survey, in time order."""
        if not isinstance(history, TicketHistory):
            raise InputTypeError(
                f"rating_scores: expected a TicketHistory, got {type(history).__name__}"
            )
        return [r.score for r in history.ratings(self.survey)]


def rating_scores(survey: str) -> RatingScores:
    """Return an ``extract`` function giving each ticket's scores of ``survey`` (e.g. ``"nps"``).

    Examples:
        >>> rating_scores("csat")
        RatingScores(survey='csat')
    """
    return RatingScores(survey)


@attrs.frozen
class SLAMeasurements:
    """Picklable ``extract`` function: a ticket's SLA measurements under ``policy`` at ``at``.

    Examples:
        >>> from servicemodel.sla import SLAPolicy, Target
        >>> from servicemodel.io import history_from_dict
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> h = history_from_dict({"id": "T-1", "created_at": "2026-03-02T09:00:00Z", "events": [
        ...     {"kind": "agent_reply", "id": "r", "at": "2026-03-02T09:20:00Z"}]})
        >>> [m.state.value for m in SLAMeasurements(p)(h)]
        ['achieved']
    """

    policy: Any
    at: datetime | None = None

    def __call__(self, history: TicketHistory) -> tuple[Any, ...]:
        """Return ``evaluate(policy, history, at)``."""
        from servicemodel.sla import evaluate

        return evaluate(self.policy, history, self.at)


def sla_attainment(
    data: Any,
    policy: Any,
    *,
    at: datetime | None = None,
    metric: str | None = None,
    **options: Any,
) -> Any:
    """SLA attainment of the tickets in ``data`` under ``policy`` (an SLAPolicy or PolicySet).

    The same [`Estimate`][servicemodel.kpi.Estimate] as
    ``SLAAttainment.empty(metric=metric).add_many(evaluate_many(policy, histories, at)).result()``
    in one process, provided each ticket is in one partition, once. ``options`` are those of
    [`accumulate`][servicemodel.dask.accumulate].

    A ticket is measured once: one met twice within a partition is a ``ConfigError`` naming
    it (``partition[i]``, its place in the partition), as ``evaluate_many`` refuses it. A
    ticket repeated *across* partitions is not seen -- each partition is folded on its own
    worker and only the counts travel -- and is counted once per partition. Telling it
    would take every ticket id to one place: a second pass over the data (about +45% CPU on
    40,000 tickets read from JSON Lines, and every distinct id held by one worker). So keep
    each ticket in one partition, once: read an export that writes each ticket once
    ([`read_tickets`][servicemodel.dask.read_tickets] of its files); for a bag that may hold
    a ticket twice (two overlapping exports), keep one history per ticket id first,
    ``bag.foldby(lambda h: h.id, pick).pluck(1)`` with ``pick(a, b)`` returning the one to
    keep (its latest); a DataFrame of ticket rows is regrouped by ``ticket_id`` (unless
    ``grouped=True``), so each ticket is one history in one partition. To list the repeated
    ids of a bag (that second pass):
    ``bag.map(lambda h: h.id).frequencies().filter(lambda kv: kv[1] > 1).compute()``.

    Examples:
        >>> import dask.bag as db
        >>> from servicemodel.sla import SLAPolicy, Target
        >>> p = SLAPolicy("p", {"normal": [Target("first_reply", "1h")]})
        >>> recs = [{"id": f"T-{i}", "created_at": "2026-03-02T09:00:00Z", "events": [
        ...     {"kind": "agent_reply", "id": "r", "at": f"2026-03-02T{9 + i:02d}:30:00Z"}]}
        ...     for i in range(3)]
        >>> sla_attainment(db.from_sequence(recs, npartitions=2), p).value  # 1 of 3 in time
        0.3333333333333333
    """
    if at is not None:
        require_aware(at, "at")
    extract = SLAMeasurements(policy, at)
    return estimate(data, SLAAttainment.empty(metric=metric), extract=extract, **options)


@attrs.frozen
class _Fold:
    """Fold one partition (an iterable of records, or a pandas object) into the accumulator."""

    accumulator: Accumulator[Any]
    extract: Callable[[Any], Iterable[Any]] | None
    column: str | None
    parse: bool

    def __call__(self, partition: Any) -> Accumulator[Any]:
        error: ServiceModelError | None = None
        try:
            return self._fold(partition)
        except ServiceModelError as exc:
            error = _portable(exc)
        # Raised outside the handler so that no chained context travels with it.
        raise error

    def _fold(self, partition: Any) -> Accumulator[Any]:
        if _is_pandas(partition):
            return self._frame(partition)
        records: Iterable[Any] = partition
        if self.parse:
            records = map(_parsed, records)
        if self.extract is not None:
            extract = self.extract
            records = [item for record in self._once(records) for item in extract(record)]
            return self.accumulator.add_many(records)
        # Each record is looked at as it streams past: a ticket anywhere in the partition (not
        # only first, after a few plain scores) is what adding refused.
        tickets: list[bool] = []

        def watched(items: Iterable[Any]) -> Iterable[Any]:
            for item in items:
                if not tickets and isinstance(item, TicketHistory):
                    tickets.append(True)
                yield item

        try:
            return self.accumulator.add_many(watched(records))
        except InputTypeError as exc:
            # Tickets handed to a survey or value accumulator: say how to take their scores.
            if tickets:
                raise InputTypeError(f"{exc}; {_tickets_hint(self.accumulator)}") from None
            raise

    def _frame(self, frame: Any) -> Accumulator[Any]:
        values = None
        if self.column is not None:
            values = frame[self.column]
        elif _is_series(frame):
            values = frame
        if values is not None:
            if self.extract is not None:
                # Each value is a record, as in a bag: extract gives the items it adds.
                extract = self.extract
                return self.accumulator.add_many(
                    [i for v in self._once(values) for i in extract(v)]
                )
            return self.accumulator.add_many(values)
        histories = _frame_histories(frame)
        if self.extract is not None:
            extract = self.extract
            return self.accumulator.add_many([i for h in histories for i in extract(h)])
        return self.accumulator.add_many(histories)

    def _once(self, records: Iterable[Any]) -> Iterable[Any]:
        """``records``, a ticket met twice in this partition refused as ``evaluate_many``
        refuses it, where they are measured (``SLAMeasurements``): its measurements would
        count twice in the attainment. Across partitions nothing is checked (see
        ``sla_attainment``)."""
        if not isinstance(self.extract, SLAMeasurements):
            return records
        from servicemodel.sla._shared import once_each

        return once_each(records, where="partition")


def _tickets_hint(accumulator: Any) -> str:
    """What to pass when tickets reach an accumulator of values (scores, durations)."""
    name = type(accumulator).__name__
    survey = {"NPS": "nps", "CSAT": "csat", "CES": "ces"}.get(name)
    if survey is None:
        return f"{name} adds values, not tickets: pass extract= to give each ticket's values"
    return (
        f"{name} adds scores, not tickets: pass extract=rating_scores({survey!r}) to add each "
        f"ticket's {survey} scores"
    )


def _portable(exc: ServiceModelError) -> ServiceModelError:
    """The same error without its traceback and chained causes, so it pickles back to the client.

    Errors from record parsing can chain cattrs exception groups whose tracebacks are too deep
    for distributed to serialise; the worker would then send a bare ``Exception`` with the
    message instead of the [`ConfigError`][servicemodel.errors.ConfigError] users catch.
    """
    clean = copy.copy(exc)
    clean.__cause__ = None
    clean.__context__ = None
    clean.__traceback__ = None
    return clean


def _is_pandas(value: Any) -> bool:
    module = type(value).__module__
    return module.startswith("pandas") and hasattr(value, "iloc")


def _is_series(value: Any) -> bool:
    return _is_pandas(value) and getattr(value, "ndim", 2) == 1


def _frame_histories(frame: Any) -> list[TicketHistory]:
    """Ticket histories from a pandas frame of CSV-shaped rows (one event per row)."""
    _check_ticket_rows(frame.columns)
    # Each row one line given to load_csv. The text's lines (str.splitlines) cut a cell
    # holding U+2028 or a form feed, and the row's error named another cell (or none). A cell
    # with \n or \r stays inside its quotes, and load_csv refuses it as it refuses a line
    # break in a field, naming its column; "\r\n" ends a row so that a bare \r is quoted too
    # (the csv module quotes only the characters of its line terminator).
    text = _as_text(frame).to_csv(index=False, lineterminator="\r\n")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lines: list[str] = []
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow(row)
        lines.append(out.getvalue().removesuffix("\r\n"))
        out.seek(0)
        out.truncate()
    return list(load_csv(lines).histories)


def _as_text(frame: Any) -> Any:
    """``frame`` with every float column written as the CSV export had it.

    ``dd.read_csv`` reads a column of whole numbers with empty cells (``event_score``,
    ``event_scale_min``) as floats, which ``to_csv`` would write as ``1.0``: the reader then
    refused ``'1.0'`` as a scale end, though the file said ``1``. A whole float is written as
    the integer it holds, a missing one as an empty cell, any other as it is.
    """
    floats = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    if not floats:
        return frame
    frame = frame.copy()
    for column in floats:
        frame[column] = [_float_text(v) for v in frame[column]]
    return frame


def _float_text(value: float) -> str:
    if value != value:  # NaN: an empty cell
        return ""
    return str(int(value)) if value.is_integer() else repr(float(value))


def _check_ticket_rows(columns: Iterable[Any]) -> None:
    """Refuse, on the client, a frame without column= that holds no ticket rows.

    A frame of survey answers often has a ``ticket_id`` too: checked for that column alone,
    it failed on a worker with the CSV reader's "header lacks required columns".
    """
    names = list(columns)
    missing = [c for c in ("ticket_id", "created_at") if c not in names]
    if missing:
        raise InputTypeError(
            "a DataFrame without column= must hold ticket rows in the CSV shape (with the "
            f"columns 'ticket_id' and 'created_at'); got columns {names!r}, without "
            f"{missing!r}; to add the values of one column (survey scores, durations), "
            "name it with column=, e.g. column='score'"
        )


def _merge_all(parts: Iterable[A], empty: A | None = None) -> A:
    items = list(parts)
    if not items:
        # A bag whose partitions are all empty: Dask hands its aggregate no part at all.
        if empty is None:  # pragma: no cover - the DataFrame path always merges some parts
            raise InputTypeError("nothing to merge")
        return empty
    return reduce(_merge_two, items)


def _merge_two(a: A, b: A) -> A:
    return a.merge(b)


def _check_empty(accumulator: Any) -> None:
    # A tally such as sla.SLALeftOut adds and merges like any accumulator but has no
    # result(): it is its own figure, so accumulate takes it and estimate does not.
    if not all(callable(getattr(accumulator, m, None)) for m in ("add_many", "merge")):
        raise InputTypeError(
            "accumulator: expected an empty servicemodel accumulator (with add_many/merge/"
            f"result), got {type(accumulator).__name__} {safe_repr(accumulator)}"
        )
    # Every partition starts from this value, so anything already in it would count once per
    # partition; the empty accumulator is the only value that merges with itself unchanged.
    if accumulator.merge(accumulator) != accumulator:
        raise InputTypeError(
            f"accumulator must be empty (e.g. {type(accumulator).__name__}.empty()), "
            f"got {safe_repr(accumulator)}"
        )


def accumulate(
    data: Any,
    accumulator: Any,
    *,
    extract: Callable[[Any], Iterable[Any]] | None = None,
    column: str | None = None,
    parse: bool = True,
    grouped: bool = False,
    split_every: int = DEFAULT_SPLIT_EVERY,
    compute: bool = True,
) -> Any:
    """Fold every partition of ``data`` into ``accumulator`` and merge the parts.

    ``data`` is a Dask bag or DataFrame (see the module docs); ``accumulator`` an empty
    accumulator such as ``NPS.empty()``, ``FirstReplyTime.empty(...)`` or a segmented one from
    ``servicemodel.kpi.by``, or a tally without ``result()`` such as
    ``sla.SLALeftOut.empty(policy)``. With ``parse=True`` dict records in a bag are parsed as
    tickets (a bad one raises a ``RecordError`` naming its id).
    ``extract(record)`` returns the items to add for one record (one ticket history for ticket
    data, one value of a column or Series); without it the records themselves are added. For a
    DataFrame, ``column`` names the column of values to add; without it the rows are ticket
    rows in the CSV shape, and unless ``grouped=True`` promises that every ticket's rows share
    one partition, they are first shuffled by ``ticket_id``. ``compute=False`` returns the
    lazy Dask object instead; computing it is then the caller's, and so is one error Dask
    raises before any of this module's tasks runs: the "Mismatched dtypes found in
    pd.read_csv" ``ValueError`` of a ``dd.read_csv`` frame whose column was typed from rows
    where it was empty, which ``compute=True`` raises as a
    [`ConfigError`][servicemodel.errors.ConfigError] naming the columns. It cannot be told
    from the frame's dtypes without reading it (such a column is ``float64`` whether or not
    text follows, and an all-empty one is read correctly): read ticket rows as text,
    ``dd.read_csv(path, dtype=str, keep_default_na=False)``.

    Functions shipped to a process-based cluster must be picklable: module-level functions
    are safest.

    Examples:
        >>> import dask.bag as db
        >>> from servicemodel.kpi import CSAT
        >>> acc = accumulate(db.from_sequence([5, 4, 2, 5], npartitions=2), CSAT.empty())
        >>> acc.n, acc.satisfied
        (4, 3)
    """
    _require("servicemodel.dask.accumulate")
    _check_empty(accumulator)
    if isinstance(split_every, bool) or not isinstance(split_every, int):
        raise InputTypeError(
            f"split_every must be an int ≥ 2, got {type(split_every).__name__} "
            f"{safe_repr(split_every)}"
        )
    if split_every < 2:  # an int not allowed: a ValueError
        raise ConfigError(f"split_every must be an int ≥ 2, got {safe_repr(split_every)}")
    if extract is not None and not callable(extract):
        raise InputTypeError(f"extract must be callable, got {extract!r}")
    fold = _Fold(accumulator, extract, column, parse)
    if _is_bag(data):
        if column is not None:
            raise InputTypeError("column= applies to a DataFrame, not a bag")
        # reduction() fuses reading, parsing and folding a partition into one task: the
        # partition's records never leave the worker that read them.
        lazy = data.reduction(fold, partial(_merge_all, empty=accumulator), split_every=split_every)
    elif _is_frame(data):
        lazy = _frame_reduction(data, fold, grouped=grouped, split_every=split_every)
    else:
        raise InputTypeError(
            f"data: expected a dask Bag or DataFrame, got {type(data).__name__}; for data in "
            "memory call accumulator.add_many(...) directly"
        )
    if not compute:
        return lazy
    try:
        return lazy.compute()
    except ValueError as exc:
        columns = _mismatched_columns(exc)
        if not columns:
            raise
        raise ConfigError(
            f"the DataFrame's partitions disagree on the types of the columns {columns!r} "
            "(dd.read_csv guesses each column's type from its first rows, and a column empty "
            "there is read as numbers); read the rows as text: dd.read_csv(path, dtype=str, "
            "keep_default_na=False)",
            path="data",
        ) from exc


def _mismatched_columns(exc: ValueError) -> list[str]:
    """The columns Dask names in its "Mismatched dtypes found in pd.read_csv" error, if it is one.

    Dask raises it from inside a task, as a bare ``ValueError`` with a table of the columns
    whose type a later block contradicts.
    """
    if isinstance(exc, ServiceModelError):
        return []
    text = str(exc)
    if not text.startswith("Mismatched dtypes found"):
        return []
    rows = (line.split("|") for line in text.splitlines() if line.startswith("|"))
    names = [cells[1].strip() for cells in rows if len(cells) > 3]
    return [name for name in names if name and name != "Column"]


def _frame_reduction(data: Any, fold: _Fold, *, grouped: bool, split_every: int) -> Any:
    from dask.delayed import delayed

    if fold.column is not None:
        if _is_series_collection(data):
            raise InputTypeError(
                f"column={fold.column!r} applies to a DataFrame; a Series is its own column"
            )
        if fold.column not in data.columns:
            raise InputTypeError(
                f"column {fold.column!r} is not in the DataFrame's columns {list(data.columns)!r}"
            )
        data = data[[fold.column]]
    elif not _is_series_collection(data) and not grouped:
        _check_ticket_rows(data.columns)
        data = data.shuffle(on="ticket_id")
    level = [delayed(fold)(part) for part in data.to_delayed()]
    merge = delayed(_merge_all)
    while len(level) > 1:
        level = [merge(level[i : i + split_every]) for i in range(0, len(level), split_every)]
    return level[0]


def _is_series_collection(data: Any) -> bool:
    import dask.dataframe as dd

    return isinstance(data, dd.Series)


def estimate(data: Any, accumulator: Accumulator[Any], **options: Any) -> Any:
    """Return ``accumulate(data, accumulator, **options).result()``: the in-process Estimate.

    Examples:
        >>> import dask.bag as db
        >>> from servicemodel.kpi import NPS
        >>> round(estimate(db.from_sequence([10, 10, 3], npartitions=2), NPS.empty()).value, 2)
        33.33
    """
    _require("servicemodel.dask.estimate")  # without Dask, name this function, not accumulate
    if options.get("compute") is False:
        raise InputTypeError("estimate always computes; use accumulate(..., compute=False)")
    if not callable(getattr(accumulator, "result", None)):
        raise InputTypeError(
            f"estimate: {type(accumulator).__name__} has no result(); it is its own figure: "
            "call accumulate(...) and read the merged value"
        )
    return accumulate(data, accumulator, **options).result()


def _parse_line(
    line: str, *, number: int | None = None, source: str | None = None
) -> TicketHistory:
    """One JSON Lines record; an error names the file and, when known, the line."""
    text = line.strip()
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(
            f"not valid JSON: {exc.msg} in {text[:60]!r}", line=number, source=source
        ) from None
    error: RecordError | None = None
    try:
        return history_from_dict(record)
    except ServiceModelError as exc:
        ticket = record.get("id") if isinstance(record, Mapping) else None
        error = RecordError(f"ticket {ticket!r}: {exc}", line=number, source=source)
    raise error


@attrs.frozen
class _ParseLines:
    """Parse one partition of ``(line, path)`` pairs, skipping blank lines, as it streams.

    ``numbered``: the partition is a whole file, so its lines are the file's lines; a block
    of a file (``blocksize``) does not know how many lines came before it.
    """

    numbered: bool

    def __call__(self, pairs: Iterable[tuple[str, str]]) -> Iterable[TicketHistory]:
        for number, (line, path) in enumerate(pairs, 1):
            if line.strip():
                yield _parse_line(line, number=number if self.numbered else None, source=path)


def read_tickets(urlpath: Any, *, blocksize: int | str | None = None) -> Any:
    """Return a Dask bag of ``TicketHistory`` read from JSON Lines file(s) (globs allowed).

    ``blocksize`` splits large files into partitions (e.g. ``"64MiB"``); by default each file
    is one partition. Blank lines are skipped; a bad line raises a
    [`RecordError`][servicemodel.errors.RecordError] naming the file, the ticket and (when each
    file is one partition, the default) the line, when computed.

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "t.jsonl")
        >>> _ = open(path, "w").write(
        ...     '{"id": "T-1", "created_at": "2026-03-02T09:00:00Z", "events": []}\\n')
        >>> [h.id for h in read_tickets(path).compute()]
        ['T-1']
    """
    dask = _require("servicemodel.dask.read_tickets")
    if not isinstance(urlpath, str | os.PathLike | list | tuple):
        raise InputTypeError(
            f"urlpath: expected a path, a glob or a list of them, got {type(urlpath).__name__} "
            f"{safe_repr(urlpath)}"
        )
    try:
        lines = dask.bag.read_text(urlpath, blocksize=blocksize, include_path=True)
    except (OSError, ValueError, TypeError, AttributeError, OverflowError) as exc:
        # fsspec and dask refuse a missing file, a bad glob or a bad blocksize with their own
        # errors (OverflowError: a blocksize of "1e999" bytes); the message keeps theirs and
        # names what was asked for.
        raise ConfigError(
            f"cannot read {safe_repr(urlpath)} (blocksize {safe_repr(blocksize)}): "
            f"{type(exc).__name__}: {safe_repr(str(exc))}",
            path="urlpath",
        ) from exc
    parsed = lines.map_partitions(_ParseLines(numbered=blocksize is None))
    # A partition of map_partitions is the generator itself, which .persist() would keep spent
    # after one use. Bag.map wraps its partition in dask's reify, which the bag optimiser drops
    # where the partition streams into a fold (reduction) and keeps where the bag is stored.
    return parsed.map(_same)


def _same(history: TicketHistory) -> TicketHistory:
    return history


def to_histories(bag: Any) -> Any:
    """Return ``bag`` with every ticket dict parsed into a ``TicketHistory`` (lazily).

    Examples:
        >>> import dask.bag as db
        >>> rec = {"id": "T-1", "created_at": "2026-03-02T09:00:00Z", "events": []}
        >>> to_histories(db.from_sequence([rec])).compute()[0].created_at.year
        2026
    """
    _require("servicemodel.dask.to_histories")
    if not _is_bag(bag):
        raise InputTypeError(f"expected a dask Bag, got {type(bag).__name__}")
    return bag.map(as_history)
