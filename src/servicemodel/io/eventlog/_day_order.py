"""Private: whether every numeric date of an export read month first would read day first too.

Without ``dayfirst`` a numeric date is ``M/D/Y`` (the readers' documented rule): ``30/11/2026``
is refused, but ``02/03/2026`` is 3 February. A day-first export whose dates all fall on the
1st to the 12th is then read wrong, every date of it, and no error can tell. The readers keep
the rule and say so: one date whose second part is over 12 (``03/15/2026``) settles the order;
with none, and some date that reads otherwise day first (``05/05`` reads the same), the load
warns. With ``dayfirst``, ``date_format`` or ``timestamp_unit`` the user has said how the
dates read, and nothing is checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from servicemodel.io.eventlog._time import _NUMERIC

__all__ = ["DayOrder"]

#: What may follow a numeric date's first part (``_NUMERIC``'s ``[/.-]``).
_SEPARATORS = frozenset("/.-")
_MONTHS = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


class DayOrder:
    """The numeric dates of an export's date ``columns`` seen so far, and what they settle.

    Examples:
        >>> order = DayOrder(["Created"], active=True)
        >>> order.see({"Created": "02/03/2026 09:00"})
        >>> print(order.warning())  # doctest: +ELLIPSIS
        every numeric date of the export reads either way, and 1 was read month first ...
        >>> order.see({"Created": "03/15/2026"})  # only month first: settled
        >>> order.warning() is None
        True
    """

    def __init__(self, columns: Iterable[str], *, active: bool, what: str = "export") -> None:
        self.columns = tuple(columns)
        self.active = active
        self.what = what
        self.ambiguous = 0
        self.settled = False
        self.example: str | None = None

    def see(self, row: Mapping[str, Any]) -> None:
        """Note the row's date cells (text only: a frame's datetime has no order to choose)."""
        if not self.active or self.settled:
            return
        for column in self.columns:
            raw = row.get(column)
            if not isinstance(raw, str):
                continue
            text = raw.strip()
            # A numeric date's first part is one or two digits, then its separator: the usual
            # ISO date (four digits first) is passed over without the pattern.
            if text[1:2] not in _SEPARATORS and text[2:3] not in _SEPARATORS:
                continue
            m = _NUMERIC.fullmatch(text)
            if m is None:
                continue
            month, day = int(m[1]), int(m[2])
            if day > 12 and 1 <= month <= 12:
                self.settled = True
                return
            # Both parts a month (1..12) and different: the other order reads another date.
            # A part over 12 or a 0 is no date month first: that row is refused, not kept.
            if month != day and 1 <= month <= 12 and 1 <= day <= 12:
                self.ambiguous += 1
                if self.example is None:
                    self.example = text

    def warning(self) -> str | None:
        """The warning, or ``None`` when the order is settled or no date reads otherwise."""
        if not self.active or self.settled or self.example is None:
            return None
        m = _NUMERIC.fullmatch(self.example)
        assert m is not None  # the example matched when it was kept
        first, second, year = int(m[1]), int(m[2]), m[3]
        was = "was" if self.ambiguous == 1 else "were"
        return (
            f"every numeric date of the {self.what} reads either way, and {self.ambiguous} "
            f"{was} read month first (M/D/Y: {self.example!r} is {second} {_MONTHS[first]} "
            f"{year}, not {first} {_MONTHS[second]} {year}); if the export writes days first, "
            "set dayfirst = true in the mapping (dayfirst=True in Python)"
        )
