"""The one configuration layer: every config type reads dicts, TOML, JSON and files here.

Each config type (calendar, policy set, escalation ladder, goals, journey, support model, …)
implements one pure ``from_dict``; this module gives it ``from_toml``, ``from_json`` and
``from_file`` through [`Configurable`][servicemodel._config.Configurable], and the helpers every
``from_dict`` uses to check shapes. One rule for unknown keys, one path format
(``policies[1].targets.urgent[0].within``), and an error that names the file when the
configuration came from one.

Examples:
    >>> fields({"tz": "UTC", "hourz": {}}, path="cal", required=("tz",), optional=("hours",))
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: cal.hourz: unknown key 'hourz'; expected one of ['hours', 'tz']
"""

from __future__ import annotations

import json
import math
import numbers
import os
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self, TypeGuard, TypeVar

from servicemodel.errors import ConfigError, InputTypeError

__all__ = [
    "Configurable",
    "as_list",
    "as_mapping",
    "fields",
    "finite_number",
    "in_source",
    "join",
    "one_of",
    "parse_json",
    "parse_toml",
    "read_config_file",
    "safe_repr",
]

T = TypeVar("T")

#: Config files larger than this are refused before they are read (a policy or calendar file
#: is a few kilobytes; a file of this size is a mistake, not a configuration).
MAX_CONFIG_BYTES = 16 * 1024 * 1024


def safe_repr(value: Any, limit: int = 80) -> str:
    """``repr(value)`` cut to ``limit`` characters; never fails, whatever the value.

    Examples:
        >>> safe_repr("x" * 100, limit=12)
        "'xxxxxxx…'"
        >>> safe_repr(10**5000)
        '<int of about 5001 digits>'
    """
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
            # str() of a huge int is slow or refused (over 4,300 digits): say its size instead.
            digits = math.floor(value.bit_length() * math.log10(2)) + 1
            return f"<int of about {digits} digits>"
        text = repr(value)
    except Exception:  # a repr that raises (or an int too long to print) must not hide the error
        return f"<{type(value).__name__}>"
    if len(text) > limit:
        text = text[: limit - 4] + "…" + text[-1]
    return text


def one_of(value: Any, options: Collection[str]) -> TypeGuard[str]:
    """Whether ``value`` is one of the string ``options``, safe for any value.

    ``value in options`` is not: an array compares element-wise (a tuple membership test then
    raises numpy's ambiguous-truth ``ValueError``) and an unhashable value raises ``TypeError``
    against a set or dict. Only a ``str`` can be one of the options.

    Examples:
        >>> one_of("h", ("s", "h")), one_of(["h"], ("s", "h")), one_of(1, {"s": 1})
        (True, False, False)
    """
    return isinstance(value, str) and value in options


def join(path: str, key: str | int) -> str:
    """The path of ``key`` inside ``path``: ``a.b``, ``a[1]``, or ``key`` at the top.

    Examples:
        >>> join("policies[1].targets", "urgent")
        'policies[1].targets.urgent'
        >>> join("policies", 1)
        'policies[1]'
        >>> join("", "tz")
        'tz'
    """
    if not isinstance(path, str):  # a label of the wrong kind is shown, never raised on
        path = "" if path is None else safe_repr(path)
    if isinstance(key, int):
        # An index past Python's int-to-text limit (4,300 digits) is shown cut, never a ValueError.
        return f"{path}[{key if -(10**18) < key < 10**18 else safe_repr(key)}]"
    if not isinstance(key, str):  # a key of the wrong kind (a deep list) is shown cut
        key = safe_repr(key)
    return f"{path}.{key}" if path else key


def as_mapping(data: Any, path: str, what: str = "a table") -> Mapping[str, Any]:
    """Check that ``data`` is a mapping with string keys (checked before anything iterates it).

    Examples:
        >>> as_mapping(5, "targets")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: targets: expected a table, got 5 (int)
        >>> as_mapping('{"name": "p"}', "policy")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: policy: expected a table, got '{"name": "p"}' (str); it is JSON text: read it with json.loads first
    """  # noqa: E501
    if not isinstance(data, Mapping):
        hint = ""
        if isinstance(data, str | bytes | bytearray) and data.lstrip()[:1] in ("{", b"{"):
            hint = "; it is JSON text: read it with json.loads first"
        raise ConfigError(
            f"expected {what}, got {safe_repr(data)} ({type(data).__name__}){hint}", path=path
        )
    for key in data:
        if not isinstance(key, str):
            raise ConfigError(f"keys must be strings, got {safe_repr(key)}", path=path)
    return data


def as_list(data: Any, path: str, what: str = "a list") -> Sequence[Any]:
    """Check that ``data`` is a list or tuple (a string or a scalar is not a list).

    Examples:
        >>> as_list("urgent", "priorities")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: priorities: expected a list, got 'urgent' (str)
    """
    if not isinstance(data, list | tuple):
        raise ConfigError(
            f"expected {what}, got {safe_repr(data)} ({type(data).__name__})", path=path
        )
    return data


def fields(
    data: Any,
    *,
    path: str = "",
    required: Iterable[str] = (),
    optional: Iterable[str] = (),
    what: str = "a table",
) -> Mapping[str, Any]:
    """Check a table's shape: a mapping, no unknown key, every required key present.

    The one unknown-key rule of every config type: the error's path is the full path of the
    unknown key and the message lists the keys that are allowed there.

    Examples:
        >>> fields({"within": "4h"}, path="targets.urgent[0]", required=("within",))
        {'within': '4h'}
        >>> fields({}, path="targets.urgent[0]", required=("within",))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: targets.urgent[0].within: missing required key 'within'
    """
    table = as_mapping(data, path, what)
    req = tuple(required)
    allowed = sorted({*req, *optional})
    for key in table:
        if key not in allowed:
            raise ConfigError(
                f"unknown key {safe_repr(key)}; expected one of {allowed}", path=join(path, key)
            )
    for key in req:
        if key not in table:
            raise ConfigError(f"missing required key {key!r}", path=join(path, key))
    return table


def _translate_parse_error(exc: BaseException, fmt: str) -> ConfigError:
    if isinstance(exc, RecursionError):
        return ConfigError(f"{fmt} nested too deeply")
    if isinstance(exc, ValueError) and "digits" in str(exc):
        return ConfigError(f"{fmt} holds an integer too long to read ({exc})")
    return ConfigError(f"not valid {fmt}: {exc}")


def parse_toml(text: Any) -> dict[str, Any]:
    """Parse TOML text; every parser failure is a ``ConfigError``.

    Examples:
        >>> parse_toml("a = ")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: not valid TOML: Invalid value (at end of document)
    """
    if not isinstance(text, str):
        raise InputTypeError(f"TOML text must be a str, got {type(text).__name__}")
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError, ValueError, OverflowError) as exc:
        raise _translate_parse_error(exc, "TOML") from None


def _no_constants(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} is given twice in one object")
        out[key] = value
    return out


def parse_json(text: Any) -> Any:
    """Parse JSON text; every parser failure is a ``ConfigError`` (``NaN`` is refused).

    A key given twice in one object is refused, as TOML refuses it: JSON's own rule (RFC
    8259, section 4: names "SHOULD be unique") leaves readers to keep either value, and
    Python's keeps the last, so ``"tz"`` set twice silently took the second.

    Examples:
        >>> parse_json('{"a": NaN}')
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: not valid JSON: NaN is not a number JSON allows
        >>> parse_json('{"tz": "Europe/Berlin", "tz": "UTC"}')
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: not valid JSON: key 'tz' is given twice in one object
    """
    if not isinstance(text, str | bytes | bytearray):
        raise InputTypeError(f"JSON text must be a str, got {type(text).__name__}")
    try:
        value = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_no_repeats)
    except (ValueError, RecursionError, OverflowError) as exc:
        raise _translate_parse_error(exc, "JSON") from None
    return value


def read_config_file(path: str | os.PathLike[str]) -> Any:
    """Read a ``.toml`` or ``.json`` file into plain data; errors name the file.

    Examples:
        >>> read_config_file("no/such/file.toml")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: no/such/file.toml: cannot read: No such file or directory
    """
    if not isinstance(path, str | os.PathLike):
        raise InputTypeError(f"a config path must be a str or a Path, got {type(path).__name__}")
    name = os.fspath(path)
    source = safe_repr(name, limit=200)[1:-1] if "\x00" in name else name
    suffix = Path(name.replace("\x00", "")).suffix.lower()
    if "\x00" not in name and os.path.isdir(name):  # as every reader says it, whatever its name
        raise ConfigError("cannot read: Is a directory", source=source)
    if suffix not in (".toml", ".json"):
        raise ConfigError(f"unknown config format {suffix!r}; use .toml or .json", source=source)
    try:
        if os.path.getsize(name) > MAX_CONFIG_BYTES:
            raise ConfigError(f"larger than {MAX_CONFIG_BYTES} bytes", source=source)
        raw = Path(name).read_bytes()
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot read: {reason}", source=source) from None
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ConfigError(
            "not UTF-8 text but UTF-16 (it starts with a UTF-16 byte order mark); "
            "save the file as UTF-8",
            source=source,
        )
    try:
        # A UTF-8 byte order mark (Windows Notepad writes one) is read as no part of the text,
        # as RFC 8259 (section 8.1) lets a JSON reader do; the text after it is UTF-8 as TOML
        # and JSON ask.
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save the file as UTF-8",
            source=source,
        ) from None
    if "\x00" in text:  # neither TOML nor JSON allows one: UTF-16 text without its mark
        raise ConfigError(
            f"holds a NUL character (offset {text.index(chr(0))}): not UTF-8 text but "
            "probably UTF-16 saved without a byte order mark; save the file as UTF-8",
            source=source,
        )
    try:
        return parse_toml(text) if suffix == ".toml" else parse_json(text)
    except ConfigError as exc:
        raise exc.in_file(source) from None


def in_source(source: str, build: Callable[[], T]) -> T:
    """Run ``build()``; a ``ConfigError`` it raises is re-raised naming the file ``source``."""
    try:
        return build()
    except ConfigError as exc:
        raise exc.in_file(source) from None
    except RecursionError:
        raise ConfigError("nested too deeply", source=source) from None


def finite_number(value: Any, path: str, *, what: str = "a number") -> float:
    """A real number as a finite float (bools, NaN, infinities and huge integers refused).

    A config read from a file holds Python ints and floats; one built in Python may hold
    numpy numbers from a frame (``numpy.int64``, ``numpy.float32``) or a ``Fraction``, each
    read as its float. numpy's bool and its times (``timedelta64``, an integer to numpy) are
    no numbers here.

    Examples:
        >>> finite_number(10**400, "target")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: target: expected a finite number, got <int of about ...>
    """
    if isinstance(value, bool) or not isinstance(value, int | float | numbers.Real):
        raise ConfigError(f"expected {what}, got {safe_repr(value)}", path=path)
    if type(value).__module__ == "numpy" and type(value).__name__ == "timedelta64":
        raise ConfigError(f"expected {what}, got {safe_repr(value)}", path=path)
    try:
        out = float(value)
    except OverflowError:
        out = math.inf
    if not math.isfinite(out):
        raise ConfigError(f"expected a finite number, got {safe_repr(value)}", path=path)
    return out


class Configurable:
    """Mixin: ``from_toml``, ``from_json`` and ``from_file`` from the class's ``from_dict``.

    A config type defines ``from_dict(data)`` (pure, raising ``ConfigError`` with the path of
    the offending field) and inherits the rest, so every config type reads every format the
    same way.
    """

    __slots__ = ()

    if TYPE_CHECKING:  # every subclass defines it; declared here for the type checker only

        @classmethod
        def from_dict(cls, data: Mapping[str, Any]) -> Self: ...

    @classmethod
    def from_toml(cls, text: str) -> Self:
        """Read the configuration from TOML text."""
        return cls.from_dict(parse_toml(text))

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Read the configuration from JSON text."""
        return cls.from_dict(parse_json(text))

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Self:
        """Read the configuration from a ``.toml`` or ``.json`` file; errors name the file."""
        data = read_config_file(path)
        return in_source(os.fspath(path), lambda: cls.from_dict(data))
