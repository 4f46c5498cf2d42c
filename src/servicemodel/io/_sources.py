"""Private: the sources the command line reads (``--source``), and the mapping file (``--map``).

Each helpdesk adapter is imported only when its source is asked for, so ``--source freshdesk``
works as soon as ``servicemodel.io.freshdesk`` exists and says "not available" otherwise. Every
adapter has one file-level entry point, ``load(paths, *, on_error, status_map, priority_map,
...)``. A [`SourceMap`][servicemodel.io._sources.SourceMap] is the one mapping file: status,
priority, activity and column maps and the event-log reading options, read through the one
config layer, so an error names the file and the field (``mapping.toml: status_map.Done: ...``).

Examples:
    >>> m = SourceMap.from_dict({"status_map": {"Awaiting Vendor": "on_hold"},
    ...                          "priority_map": {"P1": "urgent"}})
    >>> m.options_for("zendesk")
    {'status_map': {'Awaiting Vendor': 'on_hold'}, 'priority_map': {'P1': 'urgent'}}
    >>> SourceMap.from_dict({"dayfirst": "yes"})
    Traceback (most recent call last):
    ...
    servicemodel.errors.ConfigError: dayfirst: expected true or false, got 'yes'
"""

from __future__ import annotations

import importlib
import inspect
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Self, TextIO

import attrs

from servicemodel._config import (
    Configurable,
    as_list,
    as_mapping,
    fields,
    finite_number,
    join,
    safe_repr,
)
from servicemodel.errors import ConfigError, RecordError, ServiceModelError
from servicemodel.io._columns import encoding_of, rating_scale_of
from servicemodel.io._csv import load_csv
from servicemodel.io._files import bulk
from servicemodel.io._jsonl import iter_jsonl, load_jsonl
from servicemodel.io._source import LoadResult, OnError, Skipped
from servicemodel.io.eventlog._shared import (
    date_formats,
    month_names_option,
    read_month_names,
    read_unit,
)
from servicemodel.model import TicketHistory

__all__ = ["MAP_KEYS", "SOURCES", "SourceMap", "load_source", "progress_bar", "skipped_of"]

#: Every ``--source``, with the module that reads it (``None``: our own formats).
SOURCES: Mapping[str, str | None] = {
    "jsonl": None,
    "csv": None,
    "zendesk": "servicemodel.io.zendesk",
    "freshdesk": "servicemodel.io.freshdesk",
    "jira": "servicemodel.io.jira",
    "eventlog": "servicemodel.io.eventlog",
    "summary": "servicemodel.io.summary",
}

_MAPS = ("columns", "status_map", "activity_map", "priority_map")
#: What the event log reads (the CSV readers' ``encoding`` too).
_EVENTLOG_KEYS = (
    *_MAPS, "channel_map", "ignore", "missing", "tz", "dayfirst", "date_format", "month_names",
    "encoding", "attributes", "keep", "timestamp_unit", "sheet",
)  # fmt: skip
#: What only the one-row-per-ticket reader reads: its ratings, channels, tags.
_SUMMARY_ONLY = (
    "rating_map", "rating_scale", "channel_map", "attributes", "tag_separator", "survey",
    "no_rating",
)  # fmt: skip
#: A table no reader takes: the rules that read the vendor's SLA verdicts from ticket
#: attributes, kept as written for ``servicemodel.reconcile`` (a layer above) to read.
_VERDICTS = "sla_verdicts"
#: ``status_map`` is passed on so that the reader says why a one-row export has none.
_SUMMARY_KEYS = (
    "columns", "status_map", "priority_map", "missing", "tz", "dayfirst", "date_format",
    "month_names", "encoding", "sheet", *_SUMMARY_ONLY,
)  # fmt: skip
#: Every key a mapping file may hold (the command line says a reader's ``key=`` hint as one).
MAP_KEYS = (*_EVENTLOG_KEYS, *(k for k in _SUMMARY_ONLY if k not in _EVENTLOG_KEYS))
#: The helpdesk adapters that read their API's JSON, not the CSV of its reporting screen.
_JSON_SOURCES = ("zendesk", "freshdesk", "jira")
#: What every helpdesk adapter's ``load`` takes.
_VENDOR_KEYS = ("status_map", "priority_map")

#: The mapping keys of the adapters whose readers are known here; any other adapter gets the
#: keys its ``load`` names (all of them for ``**options``: its reader checks them).
_TAKES: Mapping[str, tuple[str, ...]] = {
    "eventlog": _EVENTLOG_KEYS,
    "summary": _SUMMARY_KEYS,
    "zendesk": _VENDOR_KEYS,
}

Tick = Callable[[TicketHistory], None]


def _table(value: Any, path: str) -> dict[str, Any]:
    table = as_mapping(value, path, "a table of source value to ours")
    for key, item in table.items():
        ok = isinstance(item, str) or (
            isinstance(item, list) and all(isinstance(x, str) for x in item)
        )
        if not ok:
            raise ConfigError(f"expected a name, got {safe_repr(item)}", path=join(path, key))
    return dict(table)


def _names(value: Any, path: str) -> tuple[str, ...]:
    items = as_list(value, path, "a list of names")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise ConfigError(f"expected a name, got {safe_repr(item)}", path=join(path, i))
    return tuple(items)


def _scores(value: Any, path: str) -> dict[str, float]:
    """``rating_map``: the source's words for a rating (``"good"``) to scores."""
    table = as_mapping(value, path, "a table of rating word to score")
    # finite_number: an infinity or a number past the float range is no score either (inf
    # passed here and was refused by the reader later, naming no file).
    return {key: finite_number(item, join(path, key)) for key, item in table.items()}


#: The scale a one-row-per-ticket export's ratings are read on when no rating_scale is given
#: (the summary reader's own default).
_SUMMARY_SCALE = (1, 5)


def _scores_on_scale(scores: Mapping[str, float], scale: tuple[int, int] | None) -> None:
    """Refuse a ``rating_map`` score outside ``rating_scale``: every row with that word fails.

    Said here, naming the word and the scale, not row by row as a bad record of the export.
    """
    low, high = _SUMMARY_SCALE if scale is None else scale
    hint = " (the default: set rating_scale to the scale of these scores)" if scale is None else ""
    for word, score in scores.items():
        if not low <= score <= high:
            raise ConfigError(
                f"score {score:g} is outside rating_scale [{low}, {high}]{hint}",
                path=join("rating_map", word),
            )


def _renames(value: Any, path: str) -> dict[str, str]:
    """``channel_map``: the source's channel names to ours, one name each."""
    table = as_mapping(value, path, "a table of source channel to ours")
    for key, item in table.items():
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"expected a name, got {safe_repr(item)}", path=join(path, key))
    return dict(table)


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"expected a non-empty string, got {safe_repr(value)}", path=path)
    return value


def _zone_name(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"expected an IANA zone name, got {safe_repr(value)}", path=path)
    return value


def _flag(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"expected true or false, got {safe_repr(value)}", path=path)
    return value


def _codec(value: Any, path: str) -> str:
    encoding_of(value)  # an unknown codec is this file's error, not the export's
    return str(value)


#: How each key of the mapping file is read and checked (each error names the key's path).
_READ: Mapping[str, Callable[[Any, str], Any]] = {
    **dict.fromkeys(_MAPS, _table),
    "ignore": _names,
    "keep": _names,
    "missing": _names,
    "attributes": _names,
    "no_rating": _names,
    "date_format": date_formats,
    "month_names": month_names_option,
    "timestamp_unit": read_unit,
    "tz": _zone_name,
    "dayfirst": _flag,
    "encoding": _codec,
    "rating_map": _scores,
    "channel_map": _renames,
    "rating_scale": rating_scale_of,
    "tag_separator": _text,
    "survey": _text,
    "sheet": _text,
}


@attrs.frozen
class SourceMap(Configurable):
    """One mapping file for a source: maps and reading options, each checked with its path.

    ``status_map``, ``priority_map`` (every source), ``activity_map``, ``columns``,
    ``channel_map``, ``ignore``, ``missing``, ``tz``, ``dayfirst``, ``date_format``,
    ``month_names`` and ``encoding`` (event logs, and any adapter whose ``load`` takes them;
    ``timestamp_unit`` for event logs);
    ``rating_map``, ``rating_scale`` (``[0, 1]``), ``no_rating`` (rating words that are no
    rating, such as ``Offered``), ``channel_map``, ``attributes``, ``tag_separator`` and
    ``survey`` for one-row-per-ticket exports (``--source summary``, which also reads
    ``columns``, ``priority_map``, ``missing``, ``tz``, ``dayfirst``, ``date_format``,
    ``month_names`` and ``encoding``); ``attributes`` and ``keep`` for event logs too; ``sheet``
    (the sheet of an ``.xlsx`` workbook to read; the first by default; an error with no
    workbook) for both. Only the
    keys a file sets are passed on. The
    ``[sla_verdicts]`` table is no reader's: it is kept, checked to be a table, in
    ``sla_verdicts`` (``servicemodel.reconcile.mapped_verdicts`` reads its rules).

    Examples:
        >>> SourceMap.from_dict({"colums": {}})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: colums: unknown key 'colums'; expected one of [...]
    """

    options: Mapping[str, Any] = attrs.field(factory=dict)
    sla_verdicts: Mapping[str, Any] = attrs.field(factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read the mapping; errors name the field (and the file, through ``from_file``)."""
        table = fields(data, optional=(*MAP_KEYS, _VERDICTS), what="a mapping table")
        verdicts = dict(as_mapping(table.get(_VERDICTS, {}), _VERDICTS))
        options = {key: _READ[key](value, key) for key, value in table.items() if key in _READ}
        if "month_names" in options:  # names no %b reads: this file's error, not the export's
            read_month_names(options["month_names"], options.get("date_format"))
        if "rating_map" in options:  # a word no row can be read with: this file's error too
            _scores_on_scale(options["rating_map"], options.get("rating_scale"))
        return cls(options, verdicts)

    def options_for(self, source: str, accepts: Sequence[str] = _VENDOR_KEYS) -> dict[str, Any]:
        """The options to pass to ``source``'s ``load``; a key it does not take is an error."""
        for key in self.options:
            if key not in accepts:
                table = " (a CSV export, one row per ticket, is --source summary)"
                raise ConfigError(
                    f"--source {source} does not read {key!r}; it reads {sorted(accepts)}"
                    f"{table if source in _JSON_SOURCES else ''}",
                    path=key,
                )
        return dict(self.options)


def _module(source: str) -> Any:
    if source not in SOURCES:
        raise ConfigError(
            f"unknown source {safe_repr(source)}; expected one of {list(SOURCES)}", path="--source"
        )
    name = SOURCES[source]
    try:
        module = importlib.import_module(str(name))
    except ModuleNotFoundError as exc:
        if exc.name is not None and str(name).startswith(exc.name):
            raise ConfigError(
                f"{source} is not available in this version of servicemodel ({name} is missing)",
                path="--source",
            ) from None
        raise
    if not callable(getattr(module, "load", None)):
        raise ConfigError(
            f"{source} is not available in this version of servicemodel ({name}.load is missing)",
            path="--source",
        )
    return module


def _accepts(source: str, module: Any) -> tuple[str, ...]:
    if source in _TAKES:
        return _TAKES[source]
    params = inspect.signature(module.load).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        # ``**options`` are handed to the adapter's ``histories``: the keys it names (a key it
        # lacks is this file's error, said here, not a TypeError from deep inside the load).
        reader = getattr(module, "histories", None)
        if not callable(reader):
            return MAP_KEYS
        params = inspect.signature(reader).parameters
    named = [k for k, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY]
    return tuple(k for k in MAP_KEYS if k in named or k in _VENDOR_KEYS)


def _own(
    source: str, paths: Sequence[str], on_error: OnError, tick: Tick | None, stdin: TextIO
) -> LoadResult:
    """Our JSON Lines or CSV, from several files one after another; errors name the file."""
    if len(paths) == 1 and tick is None:  # one file: the loader's own result, tally and all
        src: Path | TextIO = stdin if paths[0] == "-" else Path(paths[0])
        label = "standard input" if paths[0] == "-" else paths[0]
        try:
            result = (load_csv if source == "csv" else load_jsonl)(src, on_error=on_error)
        except RecordError as exc:
            raise exc.in_file(label) from None
        # Name the file in each error, as with several files: "line 4" alone says not where.
        return attrs.evolve(result, errors=tuple(e.in_file(label) for e in result.errors))
    found: list[TicketHistory] = []
    errors: list[RecordError] = []
    seen: set[str] = set()
    for name in paths:
        src = stdin if name == "-" else Path(name)
        label = "standard input" if name == "-" else name
        part: list[RecordError] = []
        try:
            if source == "csv":
                loaded = load_csv(src, on_error=on_error)
                batch: Iterator[TicketHistory] = iter(loaded.histories)
                part.extend(loaded.errors)
            else:
                batch = iter_jsonl(src, on_error=on_error, errors=part)
            for history in batch:
                if history.id in seen:
                    dup = RecordError(f"ticket {safe_repr(history.id)} is in an earlier file")
                    if on_error == "raise":
                        raise dup
                    part.append(dup)
                    continue
                seen.add(history.id)
                found.append(history)
                if tick is not None:
                    tick(history)
        except RecordError as exc:
            raise exc.in_file(label) from None
        errors.extend(e.in_file(label) for e in part)
    return LoadResult(tuple(found), tuple(errors))


def load_source(
    source: str,
    paths: Sequence[str],
    *,
    on_error: OnError = "raise",
    mapping: SourceMap | None = None,
    map_file: str | None = None,
    progress: Tick | None = None,
    stdin: TextIO | None = None,
) -> LoadResult:
    """Load ``paths`` with the adapter of ``source``; a mapping error names ``map_file``.

    Examples:
        >>> load_source("freshdesk2", ["x.json"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --source: unknown source 'freshdesk2'; expected one of [...]
    """  # noqa: E501
    if SOURCES.get(source, "") is None:
        if mapping is not None and mapping.options:
            raise ConfigError(
                f"--map applies to helpdesk exports and event logs, not to --source {source}",
                path="--map",
            )
        with bulk():
            return _own(source, paths, on_error, progress, stdin or sys.stdin)
    module = _module(source)
    if "-" in paths:
        raise ConfigError(f"--source {source} reads files, not standard input", path="PATH")
    _refuse_tables(source, paths)
    load = module.load
    accepts = _accepts(source, module)
    try:
        options = (mapping or SourceMap()).options_for(source, accepts)
    except ConfigError as exc:
        raise exc if map_file is None else exc.in_file(map_file) from None
    if "progress" in inspect.signature(load).parameters and progress is not None:
        options["progress"] = progress
    return _call(load, paths, on_error, options, source, map_file)


#: What a spreadsheet or a reporting screen exports: never an API's JSON.
_TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xls")


def _refuse_tables(source: str, paths: Sequence[str]) -> None:
    """Refuse a CSV given to an adapter of API JSON, before reading it as JSON line by line.

    Examples:
        >>> _refuse_tables("zendesk", ["tickets.csv"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --source: tickets.csv: --source zendesk reads Zendesk's API export (JSON); a CSV or Excel export (one row per ticket) is --source summary with a --map file naming its columns, e.g. examples/mappings/zendesk-csv.toml in the project's repository
    """  # noqa: E501
    if source not in _JSON_SOURCES:
        return
    for path in paths:
        if Path(path).suffix.lower() in _TABLE_SUFFIXES:
            raise ConfigError(
                f"{path}: --source {source} reads {source.capitalize()}'s API export (JSON); "
                "a CSV or Excel export (one row per ticket) is --source summary with a --map file "
                f"naming its columns, e.g. examples/mappings/{source}-csv.toml in the project's "
                "repository",
                path="--source",
            )


def _call(
    load: Callable[..., LoadResult],
    paths: Sequence[str],
    on_error: OnError,
    options: dict[str, Any],
    source: str,
    map_file: str | None,
) -> LoadResult:
    """Run an adapter's ``load``; an option it refuses is a mapping error naming the file."""
    try:
        return load(list(paths), on_error=on_error, **options)
    except RecordError:
        raise
    except ConfigError as exc:
        # An option the adapter refused (``status_map.Done: unknown status``, or an item of
        # a list, ``attributes[0]: ...``): name the file.
        if map_file is not None and exc.source is None and _key_of(exc.path) in MAP_KEYS:
            raise exc.in_file(map_file) from None
        raise
    except TypeError as exc:
        if map_file is None or not options or isinstance(exc, ServiceModelError):
            raise
        # An option the adapter's reader has no parameter for: a mapping mistake.
        raise ConfigError(f"--source {source} cannot take it: {exc}", source=map_file) from None


def _key_of(path: str) -> str:
    """The mapping key a field's path starts with (``attributes[0]`` -> ``attributes``).

    Examples:
        >>> _key_of("status_map.Done"), _key_of("attributes[0]"), _key_of("")
        ('status_map', 'attributes', '')
    """
    return path.split(".", 1)[0].split("[", 1)[0]


def skipped_of(result: LoadResult) -> tuple[Skipped, ...]:
    """The records an adapter skipped on purpose (deleted, merged), if it says which.

    Examples:
        >>> skipped_of(LoadResult(()))
        ()
    """
    return tuple(getattr(result, "skipped", ()))


def progress_bar(stream: TextIO | None = None) -> tuple[Tick | None, Callable[[], None]]:
    """A tick counting tickets (and events) on ``stream``, and a close; silent when it is not
    a terminal or tqdm (the ``progress`` extra) is not installed.

    Examples:
        >>> import io
        >>> progress_bar(io.StringIO())[0] is None
        True
    """
    out = sys.stderr if stream is None else stream
    try:
        interactive = out.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream: no bar
        interactive = False
    if not interactive:
        return None, lambda: None
    try:
        from tqdm import tqdm
    except ImportError:  # the progress extra is optional: no bar without it
        return None, lambda: None
    bar = tqdm(file=out, unit=" tickets", mininterval=0.5, desc="loading", leave=False)
    events = [0]

    def tick(history: TicketHistory) -> None:
        events[0] += len(history.events)
        bar.update(1)
        if bar.n % 1000 == 0:
            bar.set_postfix(events=events[0], refresh=False)

    return tick, bar.close
