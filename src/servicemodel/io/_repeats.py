"""Private: a ticket's child records read twice by overlapping exports, read once.

Two overlapping runs of an export read together (yesterday's and today's incremental export,
or a paginated walk during which a ticket changed and so came on two pages) give some child
records twice: a Zendesk audit, a Freshdesk conversation or rating, a Jira comment, each
under its own ``id``. Read twice, each would be two events. [`once`][servicemodel.io._repeats
.once] keeps one record per id: a copy identical to the one already read is dropped; two
different records under one id keep the newer where the adapter can tell (``newer``: a
Freshdesk conversation's ``updated_at``), else they are an error naming both places -- never
a silent pick, never a doubled event.

One dictionary lookup a record, and the records' equality is compared only for a repeated
id: the readers' speed is unchanged where nothing repeats.

Examples:
    >>> from servicemodel.errors import RecordError
    >>> def fail(path, tid, field, value, why):
    ...     return RecordError(f"ticket {tid}: {field} {value!r}: {why}", path=path)
    >>> a, b = {"id": 1, "body": "hi"}, {"id": 1, "body": "hello"}
    >>> kept, errors = once([("c[0]", a), ("c[1]", dict(a))], "conversation", "7", fail)
    >>> kept, errors
    ([('c[0]', {'id': 1, 'body': 'hi'})], [])
    >>> kept, errors = once([("c[0]", a), ("c[1]", b)], "conversation", "7", fail)
    >>> [p for p, _ in kept], str(errors[0])
    (['c[0]'], 'c[1].id: ticket 7: id 1: conversation 1 is read twice with different contents (first at c[0]); the first is kept')
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from servicemodel._config import safe_repr
from servicemodel.errors import RecordError

__all__ = ["once"]

Fail = Callable[[str, str | None, str, Any, str], RecordError]


def _same(path: str) -> str:
    return path


def once(
    records: Sequence[tuple[str, Any]],
    what: str,
    owner: str | None,
    fail: Fail,
    *,
    newer: Callable[[Any], Any] | None = None,
    place: Callable[[str], str] = _same,
) -> tuple[list[tuple[str, Any]], list[RecordError]]:
    """``records`` (path, record) with each ``id`` once, and the errors of the ones refused.

    A record without a usable ``id`` (not a mapping, or an id that is no ``int`` or ``str``
    as JSON gives them) is kept as it is: its reader names what is wrong with it. A repeated
    id whose record equals the first is dropped. Two different records under one id:
    ``newer(record)`` (a comparable value, or ``None`` when it cannot tell) keeps the later
    one, in the first one's place; where it cannot tell, the first is kept and the second is
    an error (``fail``'s shape, at the second's path) naming where the first was (``place``
    turns a stream path into the file and line). The order of the records is kept.
    """
    if len(records) < 2:  # the usual ticket with one audit or none: nothing to compare
        return list(records), []
    kept: list[tuple[str, Any]] = []
    at: dict[str | int, int] = {}
    errors: list[RecordError] = []
    for one in records:
        path, rec = one
        # Hot (every child record): exact type tests first, the ABC only for other mappings.
        rid: Any = rec.get("id") if type(rec) is dict or isinstance(rec, Mapping) else None
        kind = type(rid)
        if kind is str:
            key = rid.strip()
        elif kind is int:  # never a bool: type() is exact; never str(): it may be too long
            key = rid
        else:  # no usable id (or an int or str subclass): its reader says what is wrong
            kept.append(one)
            continue
        k = at.get(key)
        if k is None:
            at[key] = len(kept)
            kept.append(one)
            continue
        first_path, first = kept[k]
        if _equal(first, rec):
            continue
        order = _order(first, rec, newer)
        if order is not None:
            if order:
                kept[k] = (path, rec)
            continue
        why = (
            f"{what} {safe_repr(rid)} is read twice with different contents (first at "
            f"{place(first_path)}); the first is kept"
        )
        errors.append(fail(f"{path}.id", owner, "id", rid, why))
    return kept, errors


def _equal(first: Any, second: Any) -> bool:
    """Whether two records are equal; records whose values cannot be compared (an array or
    a signalling decimal given from Python) are not, so the second is named as an error."""
    try:
        return bool(first == second)
    except Exception:  # a value's own __eq__ or __bool__ refused: numpy, decimal, a user type
        return False


def _order(first: Any, second: Any, newer: Callable[[Any], Any] | None) -> bool | None:
    """Whether ``second`` is newer than ``first`` (``None``: it cannot be told)."""
    if newer is None:
        return None
    a, b = newer(first), newer(second)
    if a is None or b is None or a == b:
        return None
    return bool(b > a)
