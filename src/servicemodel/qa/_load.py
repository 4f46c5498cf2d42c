"""Reading evaluations from CSV: one row per evaluation, one column per criterion.

The layout (chosen because a QA sheet is filled in that way, one line per review)::

    ticket_id,agent,rater,date,team,greet,verify,accuracy
    T1001,ann,rob,2026-03-02,north,yes,yes,4
    T1002,bo,rob,2026-03-02T14:05:00+01:00,south,no,n/a,3

``ticket_id``, ``agent``, ``rater`` and ``date`` are required, ``team`` optional; ``date`` is an
ISO date or an ISO datetime with an offset (``Z`` or ``+01:00``). Every criterion of the
scorecard needs a column; its cells hold a point of the criterion's scale (``yes``/``no`` or a
whole number) or ``n/a``. Any other column is an error (a misspelt criterion would otherwise be
lost). In a file, a quoted cell may hold a line break (a spreadsheet writes one for a
multi-line cell): the row then spans lines, and its errors name the line it starts on. Lines
given in Python are one row each. Errors are [`RecordError`][servicemodel.errors.RecordError]s
naming the line and the column.

Examples:
    >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
    >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
    >>> rows = ["ticket_id,agent,rater,date,tone", "T1,ann,rob,2026-03-02,4",
    ...         "T2,ann,rob,2026-03-02,9"]
    >>> loaded = load_evaluations(rows, card, on_error="collect")
    >>> len(loaded), str(loaded.errors[0])
    (1, 'line 3: tone: 9 is outside the scale 1-5')
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any, Literal

import attrs

from servicemodel._config import safe_repr
from servicemodel._validators import check_on_error, iso_datetime, require_type
from servicemodel.errors import ConfigError, InputTypeError, RecordError, ServiceModelError
from servicemodel.io._shared import csv_file_rows, csv_why, widen_csv_fields
from servicemodel.qa._evaluation import Evaluation, score
from servicemodel.qa._scorecard import Scorecard

__all__ = ["EVALUATION_COLUMNS", "LoadedEvaluations", "load_evaluations"]

#: The columns every evaluation CSV has (besides one per criterion and the optional ``team``).
EVALUATION_COLUMNS = ("ticket_id", "agent", "rater", "date")


@attrs.frozen
class LoadedEvaluations:
    """The evaluations read from a CSV, and (in collect mode) the errors of the rows set aside.

    Iterating gives the evaluations. ``lines_read`` counts every line, the header included.

    Examples:
        >>> LoadedEvaluations((), (), 1).evaluations
        ()
    """

    evaluations: tuple[Evaluation, ...]
    errors: tuple[RecordError, ...]
    lines_read: int

    def __iter__(self) -> Iterator[Evaluation]:
        return iter(self.evaluations)

    def __len__(self) -> int:
        return len(self.evaluations)


def _lines(source: Any) -> tuple[Iterable[str], str | None]:
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        try:
            # utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte-order mark, which
            # would otherwise be part of the first column's name (as the io readers do).
            # newline="": a line break inside a quoted cell is kept as written (\r\n).
            with open(name, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise ConfigError(f"cannot read: {reason}", source=name) from None
        # The file's own lines, each with its line break: a quoted cell may hold one, and the
        # csv module joins the lines of such a row (str.splitlines would also split at U+2028,
        # a form feed, ..., which a cell may hold).
        return io.StringIO(text, newline=""), name
    if isinstance(source, bytes | bytearray) or not isinstance(source, Iterable):
        raise InputTypeError(
            f"expected a path or an iterable of lines, got {type(source).__name__}"
        )
    return source, None


def _fields(line: Any, lineno: int) -> list[str]:
    if not isinstance(line, str):
        raise RecordError(f"expected a line of text, got {safe_repr(line)}", line=lineno)
    try:
        # Strict, as a file is read: a quote left open or text after a closing quote is an
        # error, not a value with the quote dropped.
        return next(csv.reader([line.rstrip("\r\n")], strict=True), [])
    except csv.Error as exc:
        raise RecordError(f"not valid CSV: {csv_why(exc, 'on this line')}", line=lineno) from None


def _given_rows(lines: Iterable[Any]) -> Iterator[tuple[int, list[str] | RecordError]]:
    """The fields of lines given in Python: each one row, numbered by its place."""
    for lineno, line in enumerate(lines, start=1):
        if lineno == 1 and isinstance(line, str):  # lines read elsewhere may keep the BOM
            line = line.removeprefix("\ufeff")
        if isinstance(line, str) and not line.strip():
            continue
        try:
            yield lineno, _fields(line, lineno)
        except RecordError as exc:
            yield lineno, exc


def _header(fields: list[str], card: Scorecard) -> list[str]:
    allowed = {*EVALUATION_COLUMNS, "team", *(c.id for c in card.criteria)}
    for column in fields:
        if column not in allowed:
            raise RecordError(
                f"unknown column {safe_repr(column)}; expected {list(EVALUATION_COLUMNS)}, "
                f"'team' and the criteria {[c.id for c in card.criteria]}",
                path=column,
                line=1,
            )
    if len(set(fields)) != len(fields):
        twice = sorted({c for c in fields if fields.count(c) > 1})
        raise RecordError(f"columns appear twice: {twice}", line=1)
    for column in (*EVALUATION_COLUMNS, *(c.id for c in card.criteria)):
        if column not in fields:
            raise RecordError(f"missing column {column!r}", path=column, line=1)
    return fields


def _when(text: str, lineno: int) -> date | datetime:
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        value = iso_datetime(text)
    except ValueError:
        raise RecordError(
            f"expected an ISO date or datetime, got {safe_repr(text)}", path="date", line=lineno
        ) from None
    if value.tzinfo is None:
        raise RecordError(
            f"datetime {safe_repr(text)} has no offset; add one (Z, +01:00) or give a date",
            path="date",
            line=lineno,
        )
    return value


def _row(fields: list[str], header: list[str], card: Scorecard, lineno: int) -> Evaluation:
    if len(fields) > len(header):
        raise RecordError(
            f"row has more fields than the header: {safe_repr(fields[len(header) :])}",
            line=lineno,
        )
    row = dict(zip(header, fields, strict=False))
    for column in EVALUATION_COLUMNS:
        if not row.get(column, "").strip():
            raise RecordError("missing value", path=column, line=lineno)
    team = row.get("team", "").strip() or None
    answers = {c.id: row.get(c.id, "").strip() or None for c in card.criteria}
    try:
        evaluation = Evaluation(
            row["ticket_id"].strip(),
            row["agent"].strip(),
            row["rater"].strip(),
            _when(row["date"].strip(), lineno),
            answers,
            team=team,
        )
    except RecordError:
        raise
    except ServiceModelError as exc:  # the instant's range: the only check left to fail here
        raise RecordError(str(exc).removeprefix("at: "), path="date", line=lineno) from None
    try:
        scored = score(card, evaluation)
    except ConfigError as exc:
        # The line names the record here: drop the "evaluation of ticket …" prefix.
        message = exc.message.removeprefix(f"{evaluation.describe()}: ")
        column = exc.path.removeprefix("answers.") if exc.path != "answers" else "answers"
        raise RecordError(message, path=column, line=lineno) from None
    # Keep the checked points ("4" read as 4, " Yes" as "yes"), not the cells' text.
    return attrs.evolve(evaluation, answers=dict(scored.points))


def load_evaluations(
    source: str | os.PathLike[str] | Iterable[str],
    scorecard: Scorecard,
    *,
    on_error: Literal["raise", "collect"] = "raise",
) -> LoadedEvaluations:
    """Read evaluations from a CSV file (a path) or its lines, checked against ``scorecard``.

    With ``on_error="raise"`` the first bad row raises its ``RecordError`` (line, column and,
    for a file, the file name); with ``"collect"`` bad rows are set aside with their errors
    and the good ones kept. A rater scoring the same ticket twice is an error on the later
    row (column ``rater``), naming the earlier line. A bad header always raises.

    Examples:
        >>> from servicemodel.qa import Criterion, Scale, Scorecard, Section
        >>> card = Scorecard("c", [Section("s", [Criterion("tone", Scale.parse("1-5"))])])
        >>> load_evaluations(["ticket_id,agent,rater,date,tone", "T1,a,rob,2026-03-02,4",
        ...                   "T1,a,rob,2026-03-03,5"], card)
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: line 3: rater: rater 'rob' already scored ticket 'T1' on line 2
    """  # noqa: E501
    check_on_error(on_error)
    require_type(scorecard, Scorecard, "scorecard")  # the header is read against it
    lines, name = _lines(source)
    evaluations: list[Evaluation] = []
    errors: list[RecordError] = []
    seen: dict[tuple[str, str], int] = {}
    header: list[str] | None = None
    counted = 0

    def counting() -> Iterator[Any]:
        nonlocal counted
        for line in lines:
            counted += 1
            yield line

    widen_csv_fields()  # a long cell is a field, as the other CSV readers read it
    rows = csv_file_rows(counting()) if name is not None else _given_rows(counting())
    for lineno, fields in rows:
        try:
            if isinstance(fields, RecordError):
                raise fields
            if header is None:
                header = _header(fields, scorecard)
                continue
            evaluation = _row(fields, header, scorecard, lineno)
            if evaluation.key in seen:
                raise RecordError(
                    f"rater {safe_repr(evaluation.rater)} already scored ticket "
                    f"{safe_repr(evaluation.ticket_id)} on line {seen[evaluation.key]}",
                    path="rater",
                    line=lineno,
                )
            seen[evaluation.key] = lineno
            evaluations.append(evaluation)
        except RecordError as exc:
            error = exc.in_file(name) if name else exc
            if on_error == "raise" or header is None:
                raise error from None
            errors.append(error)
    if header is None:
        error = RecordError("no header line", line=1)
        raise error.in_file(name) if name else error
    return LoadedEvaluations(tuple(evaluations), tuple(errors), counted)
