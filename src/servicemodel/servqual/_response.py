"""SERVQUAL responses: one respondent's answers, and responses read from rows (CSV)."""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from servicemodel._config import safe_repr
from servicemodel._numbers import is_bool, real_number
from servicemodel._validators import require_iterable, require_nonblank, require_type
from servicemodel.errors import InputTypeError, RecordError, ScaleError, UnknownKeyError
from servicemodel.servqual._instrument import (
    SERVQUAL_1991,
    Instrument,
    _is_int,
    _pairs_from_mapping,
)

__all__ = ["ServqualResponse", "responses_from_rows"]


def _likert(value: Any, where: str) -> int:
    if is_bool(value):
        raise ScaleError(f"{where}: a bool is not a Likert answer, got {safe_repr(value)}")
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        raise InputTypeError(f"{where}: expected an int answer, got str {safe_repr(value)}")
    if hasattr(value, "__index__"):  # numpy ints
        try:
            return operator.index(value)
        except TypeError:  # an array of answers (numpy arrays have __index__ too)
            raise InputTypeError(
                f"{where}: expected one whole-number answer, got {type(value).__name__} "
                f"{safe_repr(value)}"
            ) from None
    number = real_number(value, where)
    if not number.is_integer():
        raise ScaleError(f"{where}: Likert answers are whole numbers, got {safe_repr(value)}")
    return int(number)


def _answers(value: Any, letter: str) -> tuple[tuple[int, int], ...]:
    pairs = _pairs_from_mapping(value)
    out: list[tuple[int, int]] = []
    for item, answer in pairs:
        if not _is_int(item):
            raise InputTypeError(
                f"item numbers must be ints, got {type(item).__name__} {safe_repr(item)}"
            )
        out.append((item, _likert(answer, f"{letter}{item}")))
    out.sort()
    for (a, _), (b, _) in itertools.pairwise(out):
        if a == b:
            raise RecordError(f"item {a} answered twice", path=f"{letter}{a}")
    return tuple(out)


def _expectations(value: Any) -> tuple[tuple[int, int], ...]:
    return _answers(value, "E")


def _perceptions(value: Any) -> tuple[tuple[int, int], ...]:
    return _answers(value, "P")


def _respondent(_instance: Any, _attribute: Any, value: Any) -> None:
    # Only a label, but one that error messages print: NaN or an object there was a mistake.
    if value is not None and not isinstance(value, str):
        raise InputTypeError(
            f"respondent: expected text or None, got {type(value).__name__} {safe_repr(value)}"
        )
    # A blank label names nobody, yet a Servqual counts each label once: two responses
    # labelled "" would be one respondent twice (as a JourneyEvent refuses a blank customer).
    if value is not None:
        require_nonblank(value, "respondent", "respondent label")


@attrs.frozen
class ServqualResponse:
    """One respondent's answers: ``{item: answer}`` for expectations and for perceptions.

    Answers must be whole numbers (a bool, NaN or 5.5 raises
    [`ScaleError`][servicemodel.errors.ScaleError]); the scale range and completeness are
    checked against the instrument when the response is added to a
    [`Servqual`][servicemodel.servqual.Servqual].

    Examples:
        >>> r = ServqualResponse({1: 7, 2: 6}, {1: 5, 2: 6}, respondent="r1")
        >>> r.gap(1)
        -2
    """

    expectations: tuple[tuple[int, int], ...] = attrs.field(converter=_expectations)
    perceptions: tuple[tuple[int, int], ...] = attrs.field(converter=_perceptions)
    respondent: str | None = attrs.field(default=None, kw_only=True, validator=_respondent)

    def expectation(self, item: int) -> int:
        """The expectation answer for ``item`` (raw, not reverse-scored).

        Examples:
            >>> ServqualResponse({1: 7}, {1: 5}).expectation(1)
            7
        """
        return _answer(self.expectations, item, "expectation")

    def perception(self, item: int) -> int:
        """The perception answer for ``item`` (raw, not reverse-scored).

        Examples:
            >>> ServqualResponse({1: 7}, {1: 5}).perception(1)
            5
        """
        return _answer(self.perceptions, item, "perception")

    def gap(self, item: int) -> int:
        """The raw gap ``P − E`` for ``item`` (before any reverse scoring).

        Examples:
            >>> ServqualResponse({1: 3}, {1: 5}).gap(1)
            2
        """
        return self.perception(item) - self.expectation(item)

    def swapped(self) -> ServqualResponse:
        """The same respondent with expectations and perceptions exchanged.

        Examples:
            >>> ServqualResponse({1: 3}, {1: 5}).swapped().gap(1)
            -2
        """
        return ServqualResponse(self.perceptions, self.expectations, respondent=self.respondent)


_COLUMN = re.compile(r"^([EP])([0-9]+)$")  # ASCII digits: int() also reads "١" as 1


#: More digits than any scale's end has (at most 2**53, 16 digits): such a cell is off the
#: scale, and int() refuses text of more than 4300 digits with a bare ValueError.
_MAX_DIGITS = 20


def _cell(raw: Any, line: int, column: str, scale: tuple[int, int]) -> int:
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            raise RecordError("missing answer", path=column, line=line)
        # ASCII digits only: int() would also read "١" (Arabic-Indic one) as 1.
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise RecordError(f"not a whole number: {safe_repr(raw)}", path=column, line=line)
        if len(text.lstrip("+-").lstrip("0")) > _MAX_DIGITS:
            raise RecordError(
                f"{safe_repr(raw)} is outside the {scale[0]}–{scale[1]} scale",
                path=column,
                line=line,
            )
        return int(text)
    if raw is None:
        raise RecordError("missing answer", path=column, line=line)
    try:
        return _likert(raw, column)
    except (ScaleError, InputTypeError) as exc:
        raise RecordError(str(exc).split(": ", 1)[-1], path=column, line=line) from exc


def responses_from_rows(
    rows: Iterable[Mapping[str, Any]],
    *,
    instrument: Instrument = SERVQUAL_1991,
    start_line: int = 2,
) -> Iterator[ServqualResponse]:
    """Read responses from rows like ``{"respondent": "r1", "E1": "6", ..., "P22": "5"}``.

    Values may be ints or strings of digits (as ``csv.DictReader`` gives). Other columns are
    ignored, except ``E<k>``/``P<k>`` for an item not in the instrument. ``start_line`` is the
    line number of the first row (2 for a CSV file with a header line). Any problem — missing
    or non-numeric answer, value off the scale, unknown item, a ``respondent`` seen on an
    earlier row — raises [`RecordError`][servicemodel.errors.RecordError] naming the line and
    the column.

    Examples:
        >>> rows = [{"respondent": "r1", **{f"E{i}": "6" for i in range(1, 23)},
        ...          **{f"P{i}": "5" for i in range(1, 23)}}]
        >>> [r.gap(3) for r in responses_from_rows(rows)]
        [-1]
        >>> next(responses_from_rows([{"E1": "6", "P1": "x"}]))
        Traceback (most recent call last):
        ...
        servicemodel.errors.RecordError: line 2: P1: not a whole number: 'x'
    """
    # Checked here, when called, not when the first response is drawn: the rows are read
    # lazily, by _responses.
    rows = require_iterable(rows, "rows")
    require_type(instrument, Instrument, "instrument")
    if not _is_int(start_line):
        raise InputTypeError(
            f"start_line: expected an int (a line number), got {type(start_line).__name__} "
            f"{safe_repr(start_line)}"
        )
    return _responses(rows, instrument, start_line)


def lined_responses(
    rows: Iterable[Mapping[str, Any]], first_line: Callable[[], int], instrument: Instrument
) -> Iterator[ServqualResponse]:
    """``responses_from_rows`` of a CSV file's rows, each named by the line it starts on.

    ``first_line()`` is the line of the row just drawn (``LinedReader.first_line``): a quoted
    cell with a line break makes a row span lines, and a blank line is skipped, so a row's
    place in the file is not ``start_line`` plus its index.
    """
    require_type(instrument, Instrument, "instrument")
    return _responses(rows, instrument, 2, first_line)


def _responses(
    rows: Iterable[Any],
    instrument: Instrument,
    start_line: int,
    first_line: Callable[[], int] | None = None,
) -> Iterator[ServqualResponse]:
    """``responses_from_rows`` once its arguments are checked: one response per row."""
    low, high = instrument.scale
    numbers = set(instrument.item_numbers)
    read_on: dict[str, int] = {}  # respondent -> the line it was read on
    for offset, row in enumerate(rows):
        line = start_line + offset if first_line is None else first_line()
        if not isinstance(row, Mapping):
            raise RecordError(f"expected a mapping, got {type(row).__name__}", line=line)
        answers: dict[str, dict[int, int]] = {"E": {}, "P": {}}
        for key, raw in row.items():
            # A byte-order mark (a spreadsheet's "CSV UTF-8" read as utf-8) is no part of a name.
            match = _COLUMN.match(str(key).removeprefix("\ufeff"))
            if match is None:
                continue
            column = match.group(0)
            letter, item = match.group(1), int(match.group(2))
            if item not in numbers:
                raise RecordError(
                    f"item {item} is not in instrument {safe_repr(instrument.name)}",
                    path=column,
                    line=line,
                )
            value = _cell(raw, line, column, instrument.scale)
            if not low <= value <= high:
                raise RecordError(
                    f"{safe_repr(value)} is outside the {low}–{high} scale", path=column, line=line
                )
            answers[letter][item] = value
        for item in instrument.item_numbers:
            for letter in ("E", "P"):
                if item not in answers[letter]:
                    raise RecordError("missing answer", path=f"{letter}{item}", line=line)
        label = _label(row, line, read_on)
        yield ServqualResponse(answers["E"], answers["P"], respondent=label)


def _label(row: Mapping[str, Any], line: int, first_line: dict[str, int]) -> str | None:
    """The row's respondent (``None`` for none), refused if an earlier row had it."""
    # A byte-order mark (a spreadsheet's "CSV UTF-8" read as utf-8) is no part of the name:
    # the label was lost, and a respondent read twice was not noticed.
    raw = row.get("respondent", row.get("\ufeffrespondent"))
    # A blank cell (" ") is no label, as an empty one: not one respondent on every such row.
    label = None if raw is None or not str(raw).strip() else str(raw)
    if label is not None:
        if label in first_line:
            raise RecordError(
                f"{safe_repr(label)} was already read on line {first_line[label]}; "
                f"each respondent counts once",
                path="respondent",
                line=line,
            )
        first_line[label] = line
    return label


def _answer(answers: tuple[tuple[int, int], ...], item: object, side: str) -> int:
    """The answer to ``item`` among ``answers``; a missing item is named with those there are."""
    for number, value in answers:
        if _is_int(item) and number == item:  # an int first: Decimal('sNaN') == 1 raises
            return value
    known = [number for number, _ in answers]
    raise UnknownKeyError(f"no {side} answer for item {safe_repr(item)}; answered: {known}")
