"""Private: a CSV row with more cells than its header, found before any cell is read.

``csv.DictReader`` (and ``io._files.csv_reader``, which builds rows the same way) puts the
cells past the header's last column under the key ``None``. A value holding an unquoted
delimiter (``Smith, John``) makes such a row and shifts every cell after it one column to the
right: read on, the row would give another column's value for the timestamp, the agent or the
channel, silently. Apromore's log importer tests keep a file of this shape
(``test7-record-invalid.csv``); it was read as if nothing were wrong. Empty extra cells (a
trailing delimiter, as spreadsheets write) shift nothing and are no error.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import RecordError

__all__ = ["extra_cells"]


def extra_cells(row: Mapping[Any, Any], where: str) -> RecordError | None:
    """The error of a row with non-empty cells past its header's columns, else None.

    Examples:
        >>> extra_cells({"a": "1", None: ["", " "]}, "rows[0]") is None
        True
        >>> print(extra_cells({"a": "1", None: ["x"]}, "rows[3]"))
        rows[3]: the row has 1 cell more than the header (['x']): a value with an unquoted delimiter shifts every cell after it; quote that value
    """  # noqa: E501
    if None not in row:
        return None
    extra = row[None]
    cells = extra if isinstance(extra, list) else [extra]
    if all(isinstance(c, str) and not c.strip() for c in cells):
        return None
    more = f"{len(cells)} cell{'s' if len(cells) != 1 else ''} more"
    return RecordError(
        f"the row has {more} than the header ({safe_repr(cells)}): a value with an unquoted "
        "delimiter shifts every cell after it; quote that value",
        path=where,
    )
