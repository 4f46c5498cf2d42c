"""The one accumulator protocol, and the one implementation of its operators.

Every accumulator (survey scores, durations, ticket rates, SLA attainment, segments, SERVQUAL,
journey stats) is a frozen value with ``empty()``, ``add()``, ``add_many()``, ``merge()`` and
``result()``; ``a + b`` is ``a.merge(b)`` and ``sum(parts)`` works because ``0 + a`` is ``a``.
The same code therefore runs over a list, a stream, or Dask partitions.

Operator semantics, the same for all (from [`MergeOperators`][servicemodel.kpi.MergeOperators]):

- ``a + b`` merges; ``b`` of another type, or with other parameters, is a ``MergeError``.
- ``0 + a`` is ``a`` (so ``sum()`` starts right); any other left operand — ``False``, ``1``,
  a string — is a ``MergeError`` naming it, never a silent ``0`` or a bare ``TypeError``.

Examples:
    >>> from servicemodel.kpi import NPS, Accumulator
    >>> parts = [NPS.empty().add(9), NPS.empty().add(3)]
    >>> sum(parts).n
    2
    >>> isinstance(parts[0], Accumulator)
    True
    >>> False + parts[0]
    Traceback (most recent call last):
    ...
    servicemodel.errors.MergeError: cannot add False to NPS: ...
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, Self, TypeVar, runtime_checkable

import attrs

from servicemodel._config import safe_repr
from servicemodel.errors import MergeError

__all__ = ["Accumulator", "MergeOperators"]

R_co = TypeVar("R_co", covariant=True)


@runtime_checkable
class Accumulator(Protocol[R_co]):
    """What every accumulator offers (structural: no base class needed).

    ``empty`` is a class method taking the accumulator's parameters; ``add`` and ``add_many``
    return new accumulators; ``merge`` (and ``+``) combine two with the same parameters;
    ``result`` gives the figure (an ``Estimate`` or a richer summary).
    """

    def add(self, item: Any, /) -> Self: ...

    def add_many(self, items: Iterable[Any], /) -> Self: ...

    def merge(self, other: Self, /) -> Self: ...

    def result(self, level: float = 0.95) -> R_co: ...

    def __add__(self, other: Self, /) -> Self: ...

    def __radd__(self, other: Any, /) -> Self: ...


def _type_name(value: Any) -> str:
    return type(value).__name__


def _differing(
    mine: Any, theirs: Any, found: list[tuple[Any, Any, tuple[int, ...]]], at: tuple[int, ...] = ()
) -> None:
    """Append to ``found`` the innermost pairs of parameters that differ, each with its
    position in the parameters (tuples of one length are compared item by item; anything
    else is one parameter)."""
    if (
        type(mine) is tuple
        and type(theirs) is tuple
        and len(mine) == len(theirs)
        and not hasattr(mine, "_fields")
    ):
        for i, (a, b) in enumerate(zip(mine, theirs, strict=True)):
            _differing(a, b, found, (*at, i))
    elif mine != theirs:
        found.append((mine, theirs, at))


def _positional_name(owner: Any, at: tuple[int, ...]) -> str | None:
    """The name of the parameter at position ``at``, by the ``_merge_param_names`` of
    ``owner`` (and of the nested accumulator a name leads to): for a parameter no field holds
    as it is, such as a ``relative_accuracy`` that counts only in sketch mode.

    Examples:
        >>> from servicemodel.kpi import Durations
        >>> _positional_name(Durations.empty(), (3,))
        'relative_accuracy'
        >>> _positional_name(Durations.empty(), (7,)) is None
        True
    """
    parts: list[str] = []
    try:
        for i in at:
            names = getattr(owner, "_merge_param_names", None)
            names = names() if callable(names) else None
            if not isinstance(names, tuple) or not 0 <= i < len(names):
                break
            parts.append(names[i])
            owner = getattr(owner, names[i], None)
    except Exception:  # a field that cannot be read: named as far as it could be
        pass
    return ".".join(parts) or None


def _show_parameter(value: Any) -> str:
    """A parameter as a message shows it: an instant in ISO form, anything else by repr."""
    if isinstance(value, datetime):
        return value.isoformat()
    return safe_repr(value, 120)


def _field_names(value: Any) -> tuple[str, ...]:
    """The public fields of an accumulator (an attrs class), or none."""
    if not attrs.has(type(value)):
        return ()
    return tuple(f.name for f in attrs.fields(type(value)) if not f.name.startswith("_"))


def _parameter_names(
    left: Any, right: Any, a: Any, b: Any, depth: int = 1
) -> tuple[list[str], list[str]]:
    """The fields of ``left`` and ``right`` holding ``a`` and ``b`` (the very objects
    ``_merge_params`` returned), in field order: the accumulators' own, and those of one
    level of nested accumulators (as ``field.inner``)."""
    names: list[str] = []
    nested: list[str] = []
    for name in _field_names(left):
        mine, theirs = getattr(left, name, None), getattr(right, name, None)
        if mine is a and theirs is b:
            names.append(name)
        elif depth > 0 and type(mine) is type(theirs) and _field_names(mine):
            own, deeper = _parameter_names(mine, theirs, a, b, depth - 1)
            nested.extend(f"{name}.{each}" for each in own + deeper)
    return names, nested


def _parameter_differences(
    mine: Any, theirs: Any, most: int = 3, left: Any = None, right: Any = None
) -> str:
    """The parameters two accumulators disagree on, each as ``mine vs theirs``: only those
    that differ, not every parameter the two hold (a long tuple of equal calendars and
    percentiles hid the one instant that differed).

    Examples:
        >>> from datetime import UTC, datetime
        >>> a, b = datetime(2026, 11, 2, 7, tzinfo=UTC), datetime(2026, 11, 2, 6, tzinfo=UTC)
        >>> _parameter_differences((a, None, "min", (50.0, 90.0)), (b, None, "min", (50.0, 90.0)))
        '2026-11-02T07:00:00+00:00 vs 2026-11-02T06:00:00+00:00'
        >>> _parameter_differences(("2.0",), ("1.0",))
        "'2.0' vs '1.0'"
    """
    found: list[tuple[Any, Any, tuple[int, ...]]] = []
    try:
        _differing(mine, theirs, found)
    except Exception:  # a parameter whose == raises: show both whole
        found = []
    if not found:  # unequal as wholes only (e.g. a == that raises): show both whole
        return f"{safe_repr(mine, 200)} vs {safe_repr(theirs, 200)}"
    # The k-th of equal pairs is named by the k-th field holding them, when as many do.
    seen: dict[tuple[int, int], int] = {}
    shown_pairs = []
    for a, b, at in found:
        key = (id(a), id(b))
        k = seen[key] = seen.get(key, -1) + 1
        total = sum(1 for x, y, _ in found if x is a and y is b)
        shown_pairs.append(_show_pair(a, b, left, right, k, total, at))
    pairs = list(dict.fromkeys(shown_pairs))  # each once
    shown = "; ".join(pairs[:most])
    more = len(pairs) - most
    return shown + (f" (and {more} more)" if more > 0 else "")


def _show_pair(
    a: Any, b: Any, left: Any, right: Any, k: int, total: int, at: tuple[int, ...] = ()
) -> str:
    """``name a vs b``, named by the field that holds them where one does (the ``k``-th of
    ``total`` equal pairs by the ``k``-th such field, when as many fields hold them), else by
    its position ``at`` in the parameters (see ``_positional_name``)."""
    try:
        own, nested = ([], []) if left is None else _parameter_names(left, right, a, b)
    except Exception:  # a field that cannot be read: leave the pair unnamed
        own, nested = [], []
    both = own + nested
    if len(own) == total:
        name: str | None = own[k]
    elif len(own) == 1:  # a nested copy of the accumulator's own field: named by that field
        name = own[0]
    elif len(both) == total:
        name = both[k]
    else:
        name = None if left is None else _positional_name(left, at)
    pair = f"{_show_parameter(a)} vs {_show_parameter(b)}"
    return pair if name is None else f"{name} {pair}"


class MergeOperators:
    """Mixin: ``+``, ``sum()`` and the merge compatibility check, the same for every accumulator.

    A subclass defines ``merge`` (which calls ``self._check_mergeable(other)`` first) and, when
    it has parameters that must agree, ``_merge_params()``.
    """

    __slots__ = ()

    def _merge_params(self) -> Any:
        """Parameters two accumulators must share to be merged (none by default)."""
        return ()

    def _merge_param_names(self) -> tuple[str, ...] | None:
        """The name of each of ``_merge_params()``'s parameters, in order, or ``None``.

        A merge error names a differing parameter by the field that holds it; one no field
        holds as it is (a value derived from fields) is named by its place in this tuple. A
        name that is also a field holding an accumulator names that accumulator's own
        parameters after it (``durations.relative_accuracy``).
        """
        return None

    def _check_mergeable(self, other: Any) -> None:
        """Raise ``MergeError`` unless ``other`` is the same kind with the same parameters."""
        if type(other) is not type(self):
            raise MergeError(
                f"cannot merge {_type_name(self)} with {_type_name(other)}: "
                "only accumulators of the same kind merge"
            )
        mine, theirs = self._merge_params(), other._merge_params()
        if mine != theirs:
            raise MergeError(
                f"cannot merge {_type_name(self)} with different parameters: "
                + _parameter_differences(mine, theirs, left=self, right=other)
            )

    if TYPE_CHECKING:  # every subclass defines it; declared here for the type checker only

        def merge(self, other: Self) -> Self: ...

    def __add__(self, other: Self) -> Self:
        return self.merge(other)

    def __radd__(self, other: Any) -> Self:
        if type(other) is int and other == 0:  # sum() starts from 0; bool is not a count
            return self
        raise MergeError(
            f"cannot add {safe_repr(other, 40)} to {_type_name(self)}: only another "
            f"{_type_name(self)}, or 0 (as sum() starts), can be added"
        )
