"""Reading goals from configuration: one goal table, a goals file, TOML or JSON text.

Every reader goes through the one config layer (``servicemodel._config``): one unknown-key
rule, one path format (``goals[1].deadline``) and, for a file, errors that name the file.
Each check builds the path of the field it checks where it raises.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import attrs

from servicemodel._config import (
    as_list,
    as_mapping,
    fields,
    finite_number,
    in_source,
    join,
    one_of,
    parse_toml,
    read_config_file,
    safe_repr,
)
from servicemodel._numbers import column_hint
from servicemodel._validators import iso_datetime
from servicemodel.calendar import zone
from servicemodel.errors import ConfigError, GoalError, InputTypeError
from servicemodel.goals._goal import (
    _PERIODS,
    SmartGoal,
    _letter_problems,
    _optional_comparator,
    _segment,
)
from servicemodel.kpi._shared import local_day_start

__all__ = ["goal_from_dict", "goals_from_dict", "goals_from_file", "goals_from_toml"]


def _text(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(
            f"expected a string, got {type(value).__name__} {safe_repr(value)}", path=path
        )
    return value.strip() or None


def _number(value: Any, path: str) -> float | None:
    # finite_number reads numpy numbers (a figure from a frame, in a dict built in Python) as
    # SmartGoal(...) does; a column (a pandas Series) is named as one, as SmartGoal does.
    column = column_hint(value)
    if column is not None:
        raise ConfigError(f"expected a number, got {column}", path=path)
    return None if value is None else finite_number(value, path)


def _segment_table(value: Any, path: str) -> tuple[tuple[str, str], ...]:
    table = as_mapping(value, path, "a table of names to values")
    for key, item in table.items():
        if not isinstance(item, str) or not item:
            raise ConfigError(
                f"expected a non-empty string, got {safe_repr(item)}", path=join(path, key)
            )
    return _segment(table)


def _period(value: Any, path: str) -> str:
    if not one_of(value, _PERIODS):
        raise ConfigError(f"expected one of {list(_PERIODS)}, got {safe_repr(value)}", path=path)
    return str(value)


def _unit(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(
            f"expected a string, got {type(value).__name__} {safe_repr(value)}", path=path
        )
    return value


def _comparator(value: Any, path: str) -> Any:
    try:
        return _optional_comparator(value)
    except GoalError as exc:
        raise ConfigError(str(exc), path=path) from None


def _zone(value: Any, path: str) -> ZoneInfo:
    return zone(value, path)


def _parse_date_or_time(value: Any, path: str) -> Any:
    if not isinstance(value, str):
        return value
    text = value.strip()
    # fromisoformat would read a bare date as a naive midnight; keep it a date.
    parse = date.fromisoformat if len(text) == 10 else iso_datetime
    try:
        return parse(text)
    except ValueError:
        raise ConfigError(
            f"not an ISO 8601 date or timestamp: {safe_repr(text)}", path=path
        ) from None


def _instant(value: Any, path: str, tz: ZoneInfo | None) -> datetime:
    value = _parse_date_or_time(value, path)
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            return value
        if tz is None:
            raise ConfigError(
                f"naive datetime {value.isoformat()} has no time zone; add an offset "
                "or give the goal a 'tz'",
                path=path,
            )
        return value.replace(tzinfo=tz)
    if isinstance(value, date):
        if tz is None:
            raise ConfigError(
                f"the date {value.isoformat()} needs a time zone: give the goal a 'tz' "
                '(e.g. tz = "Europe/Berlin") or use a timestamp with an offset',
                path=path,
            )
        # Its first instant: on a day whose midnight a DST change skips, the wall time the gap
        # moves midnight to (01:00-03:00 in Santiago on 2024-09-08), not a 00:00-04:00 no clock
        # shows, which compared unequal to its own instant.
        return local_day_start(value, tz)
    raise ConfigError(
        f"expected a date or timestamp, got {type(value).__name__} {safe_repr(value)}", path=path
    )


_FIELD_CHECKS: dict[str, Callable[[Any, str], Any]] = {
    "name": _text,
    "kpi": _text,
    "statistic": _text,
    "segment": _segment_table,
    "unit": _unit,
    "period": _period,
    "comparator": _comparator,
    "target": _number,
    "baseline": _number,
    "max_improvement": _number,
    "objective": _text,
    "serves": _text,
}
_INSTANTS = ("start", "deadline")
_KEYS = (*_FIELD_CHECKS, *_INSTANTS, "tz")
_DEFAULTS = {f.name: f.default for f in attrs.fields(SmartGoal)}


def goal_from_dict(data: Any, path: str = "", *, cls: type[SmartGoal] = SmartGoal) -> SmartGoal:
    """Build one goal (of class ``cls``) from its table; errors carry the field's path."""
    table = fields(data, path=path, optional=_KEYS, what="a goal table")
    tz = _zone(table["tz"], join(path, "tz")) if "tz" in table else None
    values: dict[str, Any] = {}
    for key, check in _FIELD_CHECKS.items():
        if key in table:
            values[key] = check(table[key], join(path, key))
    for key in _INSTANTS:
        if key in table:
            values[key] = _instant(table[key], join(path, key), tz)
    # The SMART letters are checked here with the constructor's own checks, so the error's
    # path is the field each check is about.
    for field, message in _letter_problems({**_DEFAULTS, **values}):
        raise ConfigError(message, path=join(path, field))
    try:
        return cls(**values)
    except (GoalError, InputTypeError, ValueError) as exc:  # a rule the letters do not cover
        raise ConfigError(str(exc), path=path) from None


def _goal_tables(data: Any) -> tuple[str, Any]:
    """The list of goal tables in ``data`` and its path (``goals``, or the top for a list)."""
    if isinstance(data, Mapping):
        table = fields(data, optional=("goals",), what="a goals table")
        return "goals", as_list(table.get("goals", []), "goals", "a list of goal tables")
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise ConfigError(
            f"expected a goals table or a list of goal tables, got {safe_repr(data)}",
            path="goals",
        )
    return "goals", list(data)


def _check_references(goals: list[SmartGoal], path: str) -> None:
    """Names unique; each ``serves`` names a goal of the set, with no cycle."""
    index: dict[str, int] = {}
    for i, g in enumerate(goals):
        assert g.name is not None
        if g.name in index:
            raise ConfigError(
                f"duplicate goal name {g.name!r} (also {join(path, index[g.name])})",
                path=join(join(path, i), "name"),
            )
        index[g.name] = i
    for i, g in enumerate(goals):
        seen = {g.name}
        current: SmartGoal | None = g
        while current is not None and current.serves is not None:
            if current.serves not in index:
                raise ConfigError(
                    f"serves {current.serves!r}, which is not a goal in this set",
                    path=join(join(path, index[current.name or ""]), "serves"),
                )
            if current.serves in seen:
                raise ConfigError(
                    f"goal {g.name!r} serves itself through a cycle of 'serves' references",
                    path=join(join(path, i), "serves"),
                )
            seen.add(current.serves)
            current = goals[index[current.serves]]


def goals_from_dict(data: Mapping[str, Any] | Iterable[Mapping[str, Any]]) -> tuple[SmartGoal, ...]:
    """Build several goals from ``{"goals": [...]}`` (or a list of goal tables).

    Names must be unique and every ``serves`` must name another goal in the set (no cycles);
    errors are [`ConfigError`][servicemodel.errors.ConfigError]s with paths like
    ``goals[1].deadline``.

    Examples:
        >>> base = {"kpi": "csat", "comparator": ">=", "target": 0.9, "baseline": 0.8,
        ...         "start": "2026-08-03T00:00:00Z", "deadline": "2026-11-02T00:00:00Z"}
        >>> gs = goals_from_dict({"goals": [dict(base, name="retain", objective="keep customers"),
        ...                                 dict(base, name="csat", serves="retain")]})
        >>> [g.serves for g in gs]
        [None, 'retain']
        >>> goals_from_dict({"goals": [dict(base, name="csat", serves="nope")]})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: goals[0].serves: serves 'nope', which is not a goal ...
    """
    path, tables = _goal_tables(data)
    goals = [goal_from_dict(item, join(path, i)) for i, item in enumerate(tables)]
    _check_references(goals, path)
    return tuple(goals)


def goals_from_toml(text: str) -> tuple[SmartGoal, ...]:
    """Parse goals from TOML text with ``[[goals]]`` tables (see ``examples/goals.toml``).

    Examples:
        >>> gs = goals_from_toml('''
        ... [[goals]]
        ... name = "CSAT 90 %"
        ... kpi = "csat"
        ... comparator = ">="
        ... target = 0.9
        ... baseline = 0.82
        ... objective = "keep customers"
        ... start = 2026-08-03T00:00:00+02:00
        ... deadline = 2026-11-02T00:00:00+01:00
        ... ''')
        >>> gs[0].describe()
        'csat >= 0.9 by 2026-11-02 (baseline 0.82)'
    """
    return goals_from_dict(parse_toml(text))


def goals_from_file(path: str | os.PathLike[str]) -> tuple[SmartGoal, ...]:
    """Read goals from a ``.toml`` or ``.json`` file; every error names the file.

    An empty file (or ``{}``) is refused: given as a report's ``--goals`` it would leave the
    goals section out without a word. A file that says there are none holds ``goals = []``.

    Examples:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "goals.toml"
        >>> _ = p.write_text('[[goals]]\\nname = "x"\\ncolour = "red"\\n')
        >>> goals_from_file(p)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: .../goals.toml: goals[0].colour: unknown key 'colour'; ...
    """
    data = read_config_file(path)
    if isinstance(data, Mapping) and not data:  # an empty file: no report should go on silently
        raise ConfigError(
            "the file holds no goals: expected [[goals]] tables (write goals = [] for a file "
            "that lists none)",
            source=os.fspath(path),
        )
    return in_source(os.fspath(path), lambda: goals_from_dict(data))
