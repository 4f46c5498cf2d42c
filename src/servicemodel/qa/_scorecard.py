"""Scorecards: weighted criteria in sections, each on a scale, some critical.

The scoring rule, stated once: every criterion has a scale of ordered points (``yes_no`` is
``no < yes``; ``1-5`` is ``1 < 2 < … < 5``); the answer's *value* is its rank on the scale as a
fraction, ``(index) / (points − 1)``, so the lowest point is 0 and the highest 1. The score of
an evaluation is ``100 · Σ wᵢ·vᵢ / Σ wᵢ`` over the criteria that apply (answers ``n/a`` drop
out and the weights of the others are re-normalised over what remains, so their *relative*
weights never change). A critical criterion answered with one of its failing points (by default
the lowest point of its scale) sets the score to the **fail score, 0**, whatever the rest. An
evaluation passes when no critical criterion failed and its score is at or above the scorecard's
``pass_mark`` (default 80); a critical failure never passes, even with ``pass_mark`` 0.

Weights must be positive finite numbers (a zero weight is a criterion that never counts: leave
it out instead); they need not sum to anything, as they are normalised per evaluation.

Examples:
    >>> card = Scorecard.from_toml('''
    ... name = "Support QA"
    ... [[sections]]
    ... name = "Opening"
    ... criteria = [{id = "greet", scale = "yes_no", weight = 1},
    ...             {id = "verify", scale = "yes_no", weight = 2, critical = true}]
    ... [[sections]]
    ... name = "Resolution"
    ... criteria = [{id = "accuracy", scale = "1-5", weight = 3}]
    ... ''')
    >>> [c.id for c in card.criteria]
    ['greet', 'verify', 'accuracy']
    >>> card.normalised_weights(applicable=["greet", "accuracy"])
    {'greet': 0.25, 'accuracy': 0.75}
"""

from __future__ import annotations

import numbers
import operator
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Self

import attrs

from servicemodel._config import (
    Configurable,
    as_list,
    fields,
    finite_number,
    join,
    safe_repr,
)
from servicemodel._validators import (
    as_tuple,
    instance_of,
    require_iterable,
    require_nonblank,
    require_type,
)
from servicemodel.errors import ConfigError, InputTypeError, ScaleError

__all__ = ["NA", "Criterion", "Scale", "Scorecard", "Section"]

#: The answer meaning "this criterion does not apply to this interaction".
NA = "n/a"

_RANGE = re.compile(r"^([0-9]{1,4})-([0-9]{1,4})$")
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
_MAX_POINTS = 101

Point = str | int


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_path(path: Any) -> None:
    """A ``path`` argument prefixes every message: a number there would fail in the message."""
    if not isinstance(path, str):
        raise InputTypeError(f"path: expected str, got {type(path).__name__} {safe_repr(path)}")


@attrs.frozen(repr=False)
class Scale:
    """An ordered set of answer points: ``Scale.parse("yes_no")`` or ``Scale.parse("1-5")``.

    Examples:
        >>> Scale.parse("1-5").value(4)
        Fraction(3, 4)
        >>> Scale.parse("yes_no").read("Yes")
        'yes'
        >>> Scale.parse("1-5").read(7)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ScaleError: answer: 7 is outside the scale 1-5
    """

    name: str
    points: tuple[Point, ...]

    def __repr__(self) -> str:
        return f"Scale({self.name!r})"

    @classmethod
    def parse(cls, spec: Any, path: str = "scale") -> Scale:
        """Read a scale name: ``"yes_no"`` or ``"<low>-<high>"`` (whole numbers, low < high).

        Examples:
            >>> Scale.parse("0-10").points[-1]
            10
        """
        _check_path(path)
        if isinstance(spec, str) and spec == "yes_no":  # text first: an array answers == in kind
            return cls("yes_no", ("no", "yes"))
        match = _RANGE.match(spec) if isinstance(spec, str) else None
        if match is None:
            raise ConfigError(
                f"expected 'yes_no' or a range like '1-5', got {safe_repr(spec)}", path=path
            )
        low, high = int(match.group(1)), int(match.group(2))
        if not low < high or high - low + 1 > _MAX_POINTS:
            raise ConfigError(
                f"a range scale needs low < high and at most {_MAX_POINTS} points, "
                f"got {safe_repr(spec)}",
                path=path,
            )
        return cls(spec, tuple(range(low, high + 1)))

    def read(self, answer: Any, path: str = "answer") -> Point:
        """Return ``answer`` as a point of this scale, or raise ``ScaleError`` naming it.

        Text is read leniently (``" Yes "`` is ``"yes"``, ``"4"`` is 4), a numpy integer as the
        int it holds; a bool, a float or a value off the scale is refused.

        Examples:
            >>> Scale.parse("1-5").read("4")
            4
        """
        _check_path(path)
        if self.name == "yes_no":
            text = answer.strip().lower() if isinstance(answer, str) else None
            if text not in ("yes", "no"):
                raise ScaleError(
                    f"expected 'yes' or 'no' (or {NA!r}), got {safe_repr(answer)}", path=path
                )
            return text
        if isinstance(answer, str) and re.fullmatch(r"\s*[0-9]{1,6}\s*", answer):
            answer = int(answer)
        if isinstance(answer, numbers.Integral) and not isinstance(answer, bool):
            answer = operator.index(answer)  # a numpy integer, as a frame's column gives
        if not _is_int(answer):
            raise ScaleError(
                f"expected a whole number on the scale {self.name} (or {NA!r}), "
                f"got {safe_repr(answer)}",
                path=path,
            )
        if answer not in self.points:
            raise ScaleError(f"{safe_repr(answer)} is outside the scale {self.name}", path=path)
        return int(answer)

    def value(self, point: Point) -> Fraction:
        """The point's rank as an exact fraction of the scale: lowest 0, highest 1.

        ``point`` is a point as [`read`][servicemodel.qa.Scale.read] gives it: an int of a
        range scale (a numpy integer too), ``'yes'`` or ``'no'``. Anything else is a
        [`ScaleError`][servicemodel.errors.ScaleError], even if it equals a point: ``True``
        equals 1 and 5.0 equals 5, but neither is an answer (``read`` refuses both).

        Examples:
            >>> Scale.parse("yes_no").value("yes")
            Fraction(1, 1)
            >>> Scale.parse("1-5").value(True)
            Traceback (most recent call last):
            ...
            servicemodel.errors.ScaleError: point: True is not a point of the scale '1-5'
        """
        if isinstance(point, numbers.Integral) and not isinstance(point, bool):
            point = operator.index(point)  # a numpy integer, as read takes it
        kind = str if self.name == "yes_no" else int
        if type(point) is not kind:
            raise ScaleError(
                f"{safe_repr(point)} is not a point of the scale {self.name!r}", path="point"
            )
        try:
            rank = self.points.index(point)
        # ValueError: not among the points (or an array's truth value); ArithmeticError: a
        # Decimal('sNaN') signals when compared.
        except (ValueError, ArithmeticError):
            raise ScaleError(
                f"{safe_repr(point)} is not a point of the scale {self.name!r}", path="point"
            ) from None
        return Fraction(rank, len(self.points) - 1)


def _criterion_id(_instance: Any, _attribute: Any, value: Any) -> None:
    if not isinstance(value, str) or not _ID.match(value) or value.lower() == NA:
        raise ConfigError(
            "a criterion id is a name of letters, digits, '_', '.' or '-' starting with a "
            f"letter or '_' (at most 64 characters), got {safe_repr(value)}",
            path="id",
        )


def _positive_weight(value: Any) -> float:
    # A converter (attrs runs converters before validators): float() alone would let a
    # string or NaN through or raise a bare ValueError.
    weight = finite_number(value, "weight", what="a positive number")
    if not weight > 0:
        raise ConfigError(
            f"must be a positive number (leave a criterion that never counts out), "
            f"got {safe_repr(value)}",
            path="weight",
        )
    return weight


def _str_field(name: str) -> Any:
    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            raise ConfigError(f"expected text, got {safe_repr(value)}", path=name)

    return check


def _name_field(what: str) -> Any:
    """A name's check, the same built in Python or read from a file: text, not blank (``" "``),
    no NUL (a name nobody could find, or type, in a report or a file)."""

    def check(_instance: Any, _attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            raise ConfigError(f"expected text, got {safe_repr(value)}", path="name")
        require_nonblank(value, "name", what)
        if "\x00" in value:
            raise ConfigError(f"a {what} cannot hold a NUL, got {safe_repr(value)}", path="name")

    return check


def _fail_on(value: Any) -> tuple[Point, ...] | None:
    return None if value is None else as_tuple(value, "fail_on")


@attrs.frozen
class Criterion:
    """One question of a scorecard: its scale, weight, and whether failing it fails the whole.

    ``fail_on`` lists the points that count as failing a *critical* criterion (default: the
    lowest point of its scale, ``"no"`` for ``yes_no``).

    Examples:
        >>> c = Criterion("verify", Scale.parse("yes_no"), critical=True)
        >>> c.fails("no"), c.fails("yes")
        (True, False)
    """

    id: str = attrs.field(validator=_criterion_id)
    scale: Scale = attrs.field(validator=instance_of(Scale))
    weight: float = attrs.field(default=1.0, converter=_positive_weight)
    critical: bool = attrs.field(default=False)
    label: str = attrs.field(default="", validator=_str_field("label"))
    fail_on: tuple[Point, ...] = attrs.field(default=None, converter=_fail_on)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.critical, bool):
            raise ConfigError(
                f"expected true or false, got {safe_repr(self.critical)}", path="critical"
            )
        if self.fail_on is None:
            object.__setattr__(self, "fail_on", (self.scale.points[0],))
        # Kept as the points the answers are read to: a fail_on of "Yes" or "2" (text from a
        # config file) compared with the answer 'yes' or 2 would never fail.
        points = tuple(self.scale.read(p, join("fail_on", i)) for i, p in enumerate(self.fail_on))
        object.__setattr__(self, "fail_on", tuple(dict.fromkeys(points)))
        if len(set(self.fail_on)) == len(self.scale.points):
            raise ConfigError("every point of the scale fails: nothing could pass", path="fail_on")
        if self.critical and not self.fail_on:
            # A critical criterion that no answer fails is a plain one, said two ways.
            raise ConfigError(
                "a critical criterion needs a point that fails it, got an empty fail_on "
                "(leave fail_on out for the scale's lowest point, or set critical = false)",
                path="fail_on",
            )

    def fails(self, point: Point) -> bool:
        """Whether ``point`` fails this criterion (only decisive when it is critical).

        Examples:
            >>> Criterion("accuracy", Scale.parse("1-5"), fail_on=(1, 2)).fails(2)
            True
        """
        try:
            return point in self.fail_on
        except (ValueError, ArithmeticError):  # an array, a Decimal('sNaN'): compared in vain
            raise ScaleError(
                f"{safe_repr(point)} is not a point of the scale {self.scale.name!r}",
                path="point",
            ) from None

    @classmethod
    def from_dict(cls, data: Any, path: str = "") -> Criterion:
        """Read a criterion table: ``id``, ``scale``; optional ``weight``, ``critical``, ``label``, ``fail_on``.

        Examples:
            >>> Criterion.from_dict({"id": "greet", "scale": "yes_no", "weight": 0})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: weight: must be a positive number ...
        """  # noqa: E501
        _check_path(path)
        table = fields(
            data,
            path=path,
            required=("id", "scale"),
            optional=("weight", "critical", "label", "fail_on"),
        )
        try:
            fail_on = table.get("fail_on")
            return cls(
                table["id"],
                Scale.parse(table["scale"]),
                weight=table.get("weight", 1.0),
                critical=table.get("critical", False),
                label=table.get("label", ""),
                fail_on=None if fail_on is None else tuple(as_list(fail_on, "fail_on")),
            )
        except ConfigError as exc:  # paths inside a criterion are relative: put ours in front
            raise exc.at(path) if path else exc from None


def _criteria(value: Iterable[Criterion]) -> tuple[Criterion, ...]:
    items = tuple(require_iterable(value, "criteria"))
    for item in items:
        if not isinstance(item, Criterion):
            raise ConfigError(f"expected a Criterion, got {safe_repr(item)}", path="criteria")
    return items


@attrs.frozen
class Section:
    """A named group of criteria (for reading the scorecard; scoring is over all criteria).

    Examples:
        >>> Section("Opening", [Criterion("greet", Scale.parse("yes_no"))]).criteria[0].id
        'greet'
    """

    name: str = attrs.field(validator=_name_field("section name"))
    criteria: tuple[Criterion, ...] = attrs.field(converter=_criteria)


def _sections(value: Iterable[Section]) -> tuple[Section, ...]:
    items = tuple(require_iterable(value, "sections"))
    for item in items:
        if not isinstance(item, Section):
            raise ConfigError(f"expected a Section, got {safe_repr(item)}", path="sections")
    return items


def _pass_mark(value: Any) -> float:
    mark = finite_number(value, "pass_mark")
    if not 0 <= mark <= 100:
        raise ConfigError(f"must lie in 0..100, got {safe_repr(value)}", path="pass_mark")
    return mark


@attrs.frozen
class Scorecard(Configurable):
    """A QA scorecard: sections of weighted criteria and the score needed to pass.

    Read one with ``Scorecard.from_toml``/``from_json``/``from_file`` (keys: ``name``,
    ``pass_mark``, ``[[sections]]`` with ``name`` and ``criteria``). Criterion ids are unique
    across the scorecard. See the module docs for the scoring rule.

    Examples:
        >>> card = Scorecard("mini", [Section("all", [Criterion("greet", Scale.parse("yes_no"))])])
        >>> card.criterion("greet").scale
        Scale('yes_no')
        >>> Scorecard.from_dict({"name": "x", "sections": [{"name": "s", "criteria": [
        ...     {"id": "a", "scale": "1-5", "wieght": 2}]}]})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: sections[0].criteria[0].wieght: unknown key 'wieght'; ...
    """

    name: str = attrs.field(validator=_name_field("scorecard name"))
    sections: tuple[Section, ...] = attrs.field(converter=_sections)
    pass_mark: float = attrs.field(default=80.0, converter=_pass_mark)
    _index: Mapping[str, Criterion] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Criterion] = {}
        where: dict[str, str] = {}
        for s, section in enumerate(self.sections):
            for c, criterion in enumerate(section.criteria):
                path = f"sections[{s}].criteria[{c}].id"
                if criterion.id in index:
                    raise ConfigError(
                        f"duplicate criterion id {criterion.id!r} (also at {where[criterion.id]})",
                        path=path,
                    )
                index[criterion.id] = criterion
                where[criterion.id] = path
        if not index:
            raise ConfigError("a scorecard needs at least one criterion", path="sections")
        object.__setattr__(self, "_index", index)

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every criterion, in scorecard order.

        Examples:
            >>> len(Scorecard("x", [Section("s", [Criterion("a", Scale.parse("1-5"))])]).criteria)
            1
        """
        return tuple(self._index.values())

    def criterion(self, criterion_id: str) -> Criterion:
        """The criterion with this id; an unknown id is a ``ConfigError`` listing the known ones.

        Examples:
            >>> Scorecard("x", [Section("s", [Criterion("a", Scale.parse("1-5"))])]).criterion("b")
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: b: unknown criterion 'b'; expected one of ['a']
        """
        found = self._index.get(criterion_id) if isinstance(criterion_id, str) else None
        if found is None:
            raise ConfigError(
                f"unknown criterion {safe_repr(criterion_id)}; expected one of {list(self._index)}",
                path=criterion_id if isinstance(criterion_id, str) else safe_repr(criterion_id),
            )
        return found

    def normalised_weights(self, applicable: Iterable[str] | None = None) -> dict[str, float]:
        """The weights of the ``applicable`` criteria (default all), scaled to sum to 1.

        Examples:
            >>> five = Scale.parse("1-5")
            >>> card = Scorecard("x", [Section("s", [Criterion("a", five, weight=1),
            ...                                      Criterion("b", five, weight=3)])])
            >>> card.normalised_weights()
            {'a': 0.25, 'b': 0.75}
        """
        ids = list(
            self._index if applicable is None else require_iterable(applicable, "applicable")
        )
        for i, cid in enumerate(ids):
            require_type(cid, str, f"applicable[{i}]")
        weights = {cid: Fraction(self.criterion(cid).weight) for cid in ids}
        total = sum(weights.values(), Fraction(0))
        if total == 0:
            raise ConfigError("no applicable criterion: nothing to weigh", path="applicable")
        return {cid: float(w / total) for cid, w in weights.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a scorecard from plain data (what ``from_toml``/``from_json`` parse).

        Examples:
            >>> Scorecard.from_dict({"name": "x", "pass_mark": 120, "sections": []})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: pass_mark: must lie in 0..100, got 120
        """
        table = fields(data, required=("name", "sections"), optional=("pass_mark",))
        name = table["name"]
        _name_field("scorecard name")(None, None, name)  # as the constructor checks it, first
        pass_mark = _pass_mark(table.get("pass_mark", 80.0))
        sections = []
        for s, raw in enumerate(as_list(table["sections"], "sections")):
            spath = join("sections", s)
            stable = fields(raw, path=spath, required=("name", "criteria"))
            try:
                _name_field("section name")(None, None, stable["name"])
            except ConfigError as exc:
                raise exc.at(spath) from None
            cpath = join(spath, "criteria")
            criteria = [
                Criterion.from_dict(c, join(cpath, i))
                for i, c in enumerate(as_list(stable["criteria"], cpath))
            ]
            sections.append(Section(stable["name"], criteria))
        return cls(name, sections, pass_mark=pass_mark)
