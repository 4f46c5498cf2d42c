"""The ``servicemodel`` command line: ``servicemodel report FILE``.

It only parses arguments: they become [`ReportOptions`][servicemodel.report.ReportOptions],
the export is loaded (``-`` reads standard input; ``--source`` names a helpdesk export or an
event log, ``--map`` its mapping file; a progress bar shows on a terminal),
[`build_report`][servicemodel.report.build_report] builds the document and it is rendered as
text or JSON (to ``-o FILE`` or standard output).

Exit status: 0 a report was written; 2 bad input (a one-line error); 3 the selection is empty
(no ticket in the export, all created after ``--at``, or none in ``[--since, --until)``): a
one-line message says which, and no report is written.

Examples:
    >>> main(["report", "no/such/file.jsonl"])
    2
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TextIO, TypeVar

import attrs

from servicemodel._cli_common import (
    EXIT_BAD_INPUT,
    CommandParser,
    a_file,
    a_path,
    check_output,
    distinct_files,
    error_line,
    file_name,
    notice,
    path_text,
    refuse_overwriting,
    write_output,
)
from servicemodel._cli_vendor import (
    SKIP,
    check_read_at,
    check_start_time,
    metric_options,
    note_metric_files,
    said,
    vendor_options,
)
from servicemodel._config import safe_repr
from servicemodel._validators import iso_datetime
from servicemodel._version import __version__
from servicemodel.calendar import zone
from servicemodel.errors import (
    ConfigError,
    NaiveDatetimeError,
    PartialHistoryError,
    RecordError,
    ServiceModelError,
    UnreadableFileError,
    require_aware,
    require_instant,
)
from servicemodel.goals import goals_from_file
from servicemodel.io import LoadResult, OnError
from servicemodel.io._shared import (
    MAP_KEYS,
    SOURCES,
    SourceMap,
    load_source,
    progress_bar,
    skipped_of,
)
from servicemodel.report import (
    Report,
    ReportOptions,
    Source,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    render_text,
)
from servicemodel.report._shared import (
    check_vendor_files,
    check_verdict_rules,
    date_order_warning,
    have_matplotlib,
)
from servicemodel.sla import PolicySet

#: Exit status when no ticket is selected (see the module docstring).
EXIT_EMPTY = 3

#: How the report command names itself on standard error, in its errors and its notices.
PROG = "servicemodel report"


def _parser(report_hint: str = "") -> argparse.ArgumentParser:
    # Long but flat: one add_argument per option, in the order ``--help`` lists them. The
    # subcommands' parsers are CommandParsers too: a usage error is one line naming the command.
    parser = CommandParser(
        prog="servicemodel", description="Typed building blocks for customer-support software."
    )
    parser.add_argument("--version", action="version", version=f"servicemodel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    # ``staff`` has a parser of its own (servicemodel._staff_cli); main() hands it the rest of
    # the arguments, so this entry only lists it in --help.
    sub.add_parser(
        "staff",
        help="a weekly staffing plan from a ticket export (Erlang C or A)",
        add_help=False,
    )
    # ``assess`` too (servicemodel._assess_cli): a blueprint's gap analysis on an export.
    sub.add_parser(
        "assess",
        help="measure a service blueprint's standards and goals on a ticket export; rank the gaps",
        add_help=False,
    )
    report = sub.add_parser(
        "report",
        hint=report_hint,
        help="print a report on a ticket export (ours, or a helpdesk's with --source)",
        description="Read a ticket export (ours: JSON Lines or CSV; or a helpdesk's export, an "
        "event log or one row per ticket, with --source) and print a report.",
    )
    report.add_argument(
        "file",
        nargs="+",
        type=a_file,
        metavar="PATH",
        help="the export file(s): .jsonl / .json lines or .csv (- reads standard input), or a "
        "helpdesk's export files with --source (event logs: .csv, .xes, .xes.gz or .xlsx; one "
        "row per ticket: .csv or .xlsx); a file given twice is read once, with a warning",
    )
    report.add_argument(
        "--source",
        choices=tuple(SOURCES),
        help="what the files are: our jsonl or csv (default: from the suffix; jsonl for -), a "
        "helpdesk export (zendesk, freshdesk, jira), an event log (eventlog, CSV or XES) or one "
        "row per ticket (summary)",
    )
    report.add_argument(
        "--map",
        type=a_path,
        metavar="MAPPING",
        help="mapping file (TOML or JSON): status_map, priority_map; for event logs also "
        "columns (case, activity, timestamp, created, status, lifecycle ...), activity_map, "
        "channel_map, ignore, keep, attributes, tz, dayfirst, date_format, month_names, "
        "timestamp_unit, missing, encoding, sheet (of an .xlsx workbook; the first by default); "
        "for one row per ticket also rating_map, "
        "rating_scale, no_rating, channel_map, attributes, tag_separator, survey; with --policy "
        "also sla_verdicts, the export's own SLA verdicts "
        "(examples/mappings has files for real exports)",
    )
    report.add_argument(
        "--input-format",
        choices=("jsonl", "csv"),
        help="deprecated: the same as --source jsonl|csv",
    )
    report.add_argument(
        "-o", "--output", type=a_path, help="write the report to this file (default: stdout)"
    )
    report.add_argument(
        "--format",
        choices=("text", "json", "html", "markdown", "csv"),
        default="text",
        help="output format (default: text); html is one self-contained page with charts",
    )
    report.add_argument(
        "--tz", default="UTC", help="IANA time zone for weeks and periods (default: UTC)"
    )
    report.add_argument(
        "--policy",
        type=a_path,
        help="SLA policy set (TOML or JSON): adds the SLA attainment section",
    )
    report.add_argument(
        "--vendor-sla",
        nargs="+",
        type=a_file,
        action="extend",
        metavar="FILE",
        help="the helpdesk's own SLA records, put beside ours in a vendor SLA reconciliation "
        "section (needs --policy): Zendesk ticket metric events with --source zendesk, JSM "
        "/request/{key}/sla responses with --source jira (whose issues' SLA fields are read "
        "anyway), Freshdesk tickets with --source freshdesk (whose due times, fr_due_by and "
        "due_by, the export's own tickets give anyway); the vendor's records are taken back "
        "to --at (or the default snapshot): events "
        "after it are not read into the vendor's verdict (a later breach, fulfilment, pause, "
        "counted time or target), and a vendor clock started after it is left out; give it "
        "after the export's files",
    )
    report.add_argument(
        "--vendor-read-at",
        metavar="INSTANT",
        help="with --source jira and --policy: when the Jira Service Management SLA records "
        "(the issues' SLA fields, the --vendor-sla responses) were fetched, ISO 8601 with "
        "offset: an ongoing cycle's elapsedTime and paused are JSM's figures then, and its "
        "counted time is compared with ours at that instant (without it, not compared; a "
        "completed cycle's always is, to its stopTime); with --source freshdesk: when the "
        "tickets were fetched, a due time passed then being a breach (without it, the "
        "export's latest updated_at but never later than the time the report is made, or "
        "with --vendor-sla each ticket's own); refused with "
        "other sources (Zendesk's metric events carry their own instants)",
    )
    report.add_argument(
        "--vendor-start-time",
        metavar="INSTANT",
        help="with --source zendesk and --vendor-sla: the start_time the incremental export "
        "was asked for, ISO 8601 with offset or the Unix time of its URL (start_time="
        "1772442000): a breach with no apply_sla before it whose clock began before this (its "
        "first activate earlier, or not among the events) is said to have had its SLA applied "
        "before the export (without it: the vendor's policy unknown); refused after now, "
        "and with other sources",
    )
    report.add_argument(
        "--goals", type=a_path, help="SMART goals (TOML or JSON): adds each goal's status"
    )
    report.add_argument(
        "--at",
        help="snapshot instant, ISO 8601 with offset, for every section: tickets created later "
        "are left out and later events unknown (default: the export's last event, or the "
        "tickets' latest update where a helpdesk export states a later one; neither after "
        "the clock: one after it is refused with a warning)",
    )
    report.add_argument(
        "--since", help="only tickets created at or after this ISO 8601 instant (with offset)"
    )
    report.add_argument(
        "--until", help="only tickets created before this ISO 8601 instant (with offset)"
    )
    report.add_argument(
        "--finished-only",
        action="store_true",
        help="time KPIs over finished tickets only (biased toward fast tickets) instead of "
        "Kaplan-Meier estimates with open tickets censored",
    )
    report.add_argument(
        "--by",
        metavar="group|agent|tag|priority|channel|attr:NAME",
        help="add a breakdown of the KPIs by this key",
    )
    report.add_argument(
        "--include-partial",
        action="store_true",
        help="let goals use partial periods (flagged either way; left out by default)",
    )
    report.add_argument(
        "--allow-unknown-segments",
        action="store_true",
        help="a goal segment value no ticket has is a warning instead of an error",
    )
    report.add_argument(
        "--skip-bad-records",
        action="store_true",
        help="set bad records aside (and count them) instead of stopping at the first one",
    )
    return parser


def _source(args: argparse.Namespace) -> tuple[str, bool]:
    """The source to read the files as, and whether it was guessed from their suffixes."""
    source = args.source
    if args.input_format is not None:
        if source is not None and source != args.input_format:
            raise ConfigError(
                f"--input-format {args.input_format} contradicts --source {source}",
                path="--input-format",
            )
        source = args.input_format
    if source is not None:
        return source, False
    csv_only = all(p != "-" and Path(p).suffix.lower() == ".csv" for p in args.file)
    return ("csv" if csv_only else "jsonl"), True


#: Said when a file read as our own format (no ``--source``) fails at its first record: a
#: helpdesk export or an event log read as ours fails there, with a message about our format.
_GUESSED = (
    "read as our own {source} export since no --source was given; for a helpdesk export, an "
    "event log or one row per ticket pass --source zendesk|freshdesk|jira|eventlog|summary"
)


def _load(args: argparse.Namespace, repeated: tuple[str, ...] = ()) -> LoadResult:
    """The export, read once per file; ``repeated`` (the files given twice, read once) head
    its warnings, said on stderr and in the report's source."""
    on_error: OnError = "collect" if args.skip_bad_records else "raise"
    source, guessed = _source(args)
    # Read before the export, so that a typo in the mapping fails fast.
    mapping = _config_file("--map", args.map, SourceMap.from_file)
    check_verdict_rules(mapping, None if args.map is None else str(args.map))
    if "-" in args.file and sys.stdin is None and SOURCES.get(source) is None:
        # Started with standard input closed (<&-): the reader named its Python argument.
        raise ConfigError(
            "- reads standard input, which is closed; name the export's file, or give it on "
            "standard input (< export.jsonl)",
            path="PATH",
        )
    tick, close = progress_bar()
    try:
        loaded = load_source(
            source,
            list(args.file),
            on_error=on_error,
            mapping=mapping,
            map_file=None if args.map is None else str(args.map),
            progress=tick,
        )
    except NaiveDatetimeError as exc:
        raise NaiveDatetimeError(_naive_hint(str(exc), source)) from None
    except ConfigError as exc:
        if guessed and isinstance(exc, RecordError) and exc.line == 1:
            raise said(exc, _GUESSED.format(source=source)) from None
        worded = _in_map_words(exc) if SOURCES.get(source) is not None else exc
        if args.map is None and source in _ZONED_SOURCES and worded.path.startswith("columns."):
            worded = _reworded(worded, f"{worded.message}; {_NO_MAP}")
        if (
            on_error == "raise"  # (given --skip-bad-records, what stopped it was no one record)
            and isinstance(worded, RecordError)
            and not isinstance(worded, UnreadableFileError)
        ):
            raise said(worded, SKIP) from None  # one bad record stopped the run: the way on
        raise worded from None
    finally:
        close()
    if repeated:
        loaded = attrs.evolve(loaded, warnings=(*repeated, *loaded.warnings))
    _tell_set_aside(loaded)
    if source == "zendesk":
        note_metric_files(args.file)
    return loaded


#: The sources whose mapping file (``--map``) takes ``tz``: the zone of local timestamps.
_ZONED_SOURCES = ("eventlog", "summary")


def _naive_hint(message: str, source: str) -> str:
    """A naive timestamp's message with what to do on the command line, not in Python.

    The readers suggest ``tz=``, a keyword of their Python API; here the zone goes in the
    mapping file, and ``--tz`` (the zone the report is shown in) is the wrong knob.

    Examples:
        >>> _naive_hint("log.csv: line 2: ts: timestamp '1/2/2026 09:00' has no offset; "
        ...             "pass tz= (e.g. tz='Europe/Berlin') to say which zone", "eventlog")
        "log.csv: line 2: ts: timestamp '1/2/2026 09:00' has no offset; name the zone the export's local times are in with tz (e.g. tz = 'Europe/Berlin') in the --map file (--tz sets only the zone the report is shown in)"
    """  # noqa: E501
    text = message.split("; pass tz=")[0]
    if source in _ZONED_SOURCES:
        return (
            f"{text}; name the zone the export's local times are in with tz "
            "(e.g. tz = 'Europe/Berlin') in the --map file (--tz sets only the zone the report is "
            "shown in)"
        )
    return f"{text}; write each timestamp with its UTC offset, e.g. 2026-03-02T09:00:00+01:00"


def _none_read(args: argparse.Namespace, loaded: LoadResult) -> str:
    """Why nothing was selected when every record was bad: not "the export holds no tickets".

    Examples:
        >>> args = argparse.Namespace(source=None, input_format=None, file=["p.json"])
        >>> _none_read(args, LoadResult((), (RecordError("not valid JSON", line=1),)))
        'none of the 1 record(s) could be read (first: line 1: not valid JSON); read as our own jsonl export since no --source was given; ...'
    """  # noqa: E501
    source, guessed = _source(args)
    why = f"none of the {len(loaded.errors)} record(s) could be read (first: {loaded.errors[0]})"
    # Every record bad: the wrong reader is far more likely than an export of bad records.
    return f"{why}; {_GUESSED.format(source=source)}" if guessed else why


#: A reader's hint ``pass status_map=`` (``dayfirst=True``): a Python keyword of its API,
#: which on the command line is a key of the --map file.
_KEYWORD = re.compile(rf"\b({'|'.join(MAP_KEYS)})=(True|False)?(?=[\s),;]|$)")


#: A suggested ``date_format = '...'`` (a two-digit year's hint): a key of the --map file too.
_FORMAT = re.compile(r"\bdate_format = '[^']*'")

#: A reader's hint offering a Python keyword that has no --map key beside the files (the
#: Freshdesk reader's ``as ticket_fields= or among the files read``): the command line has
#: only the files.
_ARGUMENT_OR_FILES = re.compile(r"\bas \w+= or (among the files read)")


def _map_words(message: str) -> str:
    """``message`` with a reader's keyword hints said as keys of the ``--map`` file.

    Examples:
        >>> _map_words("status 6: unknown status (map each with status_map=)")
        'status 6: unknown status (map each with status_map in the --map file)'
        >>> _map_words("not a valid M/D/Y timestamp: '30/11/2026' (dayfirst=True reads D/M/Y)")
        "not a valid M/D/Y timestamp: '30/11/2026' (dayfirst = true in the --map file reads D/M/Y)"
        >>> _map_words("two-digit year; pass date_format = '%m/%d/%y' (check the order)")
        "two-digit year; pass date_format = '%m/%d/%y' in the --map file (check the order)"
        >>> _map_words("give the fields response, as ticket_fields= or among the files read")
        'give the fields response, among the files read'
    """

    def said(match: re.Match[str]) -> str:
        value = f" = {match[2].lower()}" if match[2] else ""
        return f"{match[1]}{value} in the --map file"

    message = _ARGUMENT_OR_FILES.sub(r"\1", message)
    return _KEYWORD.sub(said, _FORMAT.sub(r"\g<0> in the --map file", message))


_T = TypeVar("_T")

#: The configuration files the report takes, each told apart by its top-level keys.
_FILE_KINDS = (
    ("--policy", "an SLA policy file", frozenset({"policies", "calendars"})),
    ("--goals", "a goals file", frozenset({"goals"})),
    ("--map", "a mapping file", frozenset({*MAP_KEYS, "sla_verdicts"})),
)


def _config_file(option: str, path: Path | None, read: Callable[[Path], _T]) -> _T | None:
    """``read(path)``; a file meant for another option says which one takes it."""
    if path is None:
        return None
    try:
        return read(path)
    except ConfigError as exc:
        top = exc.path and not any(c in exc.path for c in ".[")
        other = _meant_for(option, path) if top and "unknown key" in exc.message else None
        if other is None:
            raise
        raise _reworded(exc, f"{exc.message}; {other}") from None


def _meant_for(option: str, path: Path) -> str | None:
    """``'it looks like a goals file: give it with --goals'``, or ``None`` if unsure."""
    try:
        raw = Path(path).read_bytes()
        data = (
            json.loads(raw)
            if Path(path).suffix.lower() == ".json"
            else tomllib.loads(raw.decode("utf-8"))
        )
    except (OSError, ValueError, RecursionError):  # unreadable: its own error stands
        return None
    keys = set(data) if isinstance(data, dict) else set()
    for other, what, marks in _FILE_KINDS:
        if other != option and keys and keys <= marks:
            return f"it looks like {what}: give it with {other}"
    return None


#: Said when a column is missing and no --map file was given: one is likely shipped.
_NO_MAP = (
    "no --map file was given: examples/mappings/ in the project's repository has one for the "
    "CSV ticket exports of Zendesk (zendesk-csv.toml), Freshdesk (freshdesk-csv.toml) and Jira "
    "(jira-csv.toml, jira-cloud-csv.toml), read with --source summary, and for public event "
    "logs (--source eventlog)"
)


def _in_map_words(exc: ConfigError) -> ConfigError:
    message = _map_words(exc.message)
    return exc if message == exc.message else _reworded(exc, message)


def _reworded(exc: ConfigError, message: str) -> ConfigError:
    """``exc`` with ``message``, naming the same field, line and file."""
    if isinstance(exc, RecordError):
        return type(exc)(message, path=exc.path, line=exc.line, source=exc.source)
    return ConfigError(message, path=exc.path, source=exc.source)


def _tell_set_aside(loaded: LoadResult) -> None:
    """Say on stderr how many records did not become histories, and why."""
    for warning in loaded.warnings:  # tickets missing from the export (also in the report)
        notice(PROG, f"warning: {warning}")
    skipped = skipped_of(loaded)
    if not loaded.errors and not skipped:
        return
    reasons = Counter(str(getattr(s, "reason", "skipped")) for s in skipped)
    parts = [f"{len(loaded.errors)} bad record(s) set aside"] if loaded.errors else []
    if skipped:
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
        parts.append(f"{len(skipped)} record(s) skipped ({why})")
    notice(PROG, "; ".join(parts))
    order = date_order_warning([str(e) for e in loaded.errors])
    if order is not None:
        notice(PROG, f"warning: {order}")


def _options(args: argparse.Namespace) -> ReportOptions:
    """Turn the parsed arguments into report options, reading the configuration files."""
    tz = zone(args.tz, "--tz")
    # A naive --at/--since/--until is refused; its example takes the offset of --tz's zone.
    shown = (tz, str(args.tz))
    at = _parse_at(args.at, zone=shown)
    since = _parse_at(args.since, "--since", shown)
    until = _parse_at(args.until, "--until", shown)
    if since is not None and until is not None and until <= since:  # aware: compared in UTC
        raise ConfigError(
            f"{args.until!r} is not after --since {args.since!r}: no ticket is created in "
            "[--since, --until); swap them?",
            path="--until",
        )
    check_output(args.output)
    inputs = [*args.file, args.map, args.policy, args.goals, *(args.vendor_sla or [])]
    refuse_overwriting(args.output, inputs)
    # Configuration is read before the export so that a typo in it fails fast.
    policies = _config_file("--policy", args.policy, PolicySet.from_file)
    goals = _config_file("--goals", args.goals, goals_from_file)
    return ReportOptions(
        tz=tz,
        policies=policies,
        goals=goals,
        at=at,
        since=since,
        until=until,
        finished_only=args.finished_only,
        by=args.by,
        include_partial=args.include_partial,
        allow_unknown_segments=args.allow_unknown_segments,
    )


def _read_once(args: argparse.Namespace) -> tuple[argparse.Namespace, tuple[str, ...]]:
    """The arguments with each export file and each ``--vendor-sla`` file once, and the
    export's files given twice (a warning each, for the report's source); ``--vendor-sla``'s
    are said on stderr here.

    A file given twice (a glob overlapping a name beside it) was read twice: its bad records
    and skipped tickets counted twice, its tickets superseded by themselves. The same file is
    the same path, or two paths naming one file (``distinct_files``).
    """
    files, repeated = distinct_files(args.file)
    vendor, vendor_repeated = distinct_files(args.vendor_sla or [], "--vendor-sla")
    for warning in vendor_repeated:
        notice(PROG, f"warning: {warning}")
    once = {"file": files, "vendor_sla": None if args.vendor_sla is None else vendor}
    return argparse.Namespace(**{**vars(args), **once}), repeated


def _built(
    args: argparse.Namespace, loaded: LoadResult, options: ReportOptions, source: Source
) -> Report:
    """The report document, a bad record or goal said with what to do about it."""
    try:
        report = build_report(loaded.histories, options, source=source)
    except RecordError as exc:
        # Only a Ticket Metrics record is read while the report is built: a bad one stops it.
        if options.ticket_metrics is None:
            raise
        raise said(exc, SKIP) from None
    except (ConfigError, PartialHistoryError) as exc:
        # A goal checked against the data (its segment, its KPI): name the goals file.
        if args.goals is not None and str(exc).startswith("goals["):
            raise type(exc)(f"{args.goals}: {exc}") from None
        raise
    found = report.ticket_metrics
    if found is not None and found.bad_records:
        notice(PROG, f"{len(found.bad_records)} bad Ticket Metrics record(s) set aside")
    return report


def _report(args: argparse.Namespace, out: TextIO | None) -> int:
    now = datetime.now(UTC)
    args, repeated = _read_once(args)
    options = _options(args)
    kind = _source(args)[0]
    check_vendor_files(kind, args.vendor_sla or [], policies=options.policies is not None)
    read_at = _parse_at(args.vendor_read_at, "--vendor-read-at")
    check_read_at(kind, read_at, args.vendor_read_at, policies=options.policies is not None,
                  now=now)  # fmt: skip
    start_time = _parse_start_time(args.vendor_start_time)
    check_start_time(kind, start_time, args.vendor_sla or [], given=args.vendor_start_time,
                     now=now)  # fmt: skip
    loaded = _load(args, repeated)
    if kind == "freshdesk" and read_at is None and not args.vendor_sla:
        # The export was pulled at or after its tickets' latest update, as the snapshot says
        # (below): a due time passed by then had passed when each of its tickets was fetched.
        # A ticket's own updated_at alone made one answered nowhere by then, due before it,
        # "active" beside our breach. Tickets fetched separately (--vendor-sla) say only theirs.
        until = loaded.observed_until
        read_at = None if until is None else min(until, now)
    options = vendor_options(args, options, kind, loaded.histories, read_at=read_at,
                             start_time=start_time, export_errors=loaded.errors)  # fmt: skip
    if kind == "zendesk":
        options = metric_options(args, options, loaded.shared_replies)
    # The export was pulled at or after its tickets' latest update: without --at, the
    # snapshot waits for it too (select() takes the later of it and the last event). It was
    # pulled before now: an update or event after the clock is refused as the snapshot.
    options = attrs.evolve(options, observed_until=loaded.observed_until, now=now)
    name = ", ".join(file_name(f) for f in args.file)
    if options.goals is not None and options.at is None and not loaded.histories:
        raise ConfigError(
            f"{name} holds no tickets, so it has no end to evaluate the goals at; "
            "pass --at, e.g. --at 2026-11-01T00:00:00+00:00",
            path="--at",
        )
    bad = tuple(_map_words(str(e)) for e in loaded.errors)
    source = Source(name, bad, skipped=skipped_of(loaded), warnings=loaded.warnings)
    report = _built(args, loaded, options, source)
    _warn(report, options.tz)
    why = None if report.scope is None else report.scope.empty_reason(options.tz)
    if why is not None and loaded.errors and not loaded.histories:
        why = _none_read(args, loaded)
    if why is not None:
        notice(PROG, f"no tickets selected: {why} ({name})")
        return EXIT_EMPTY
    render = {"json": render_json, "html": render_html, "markdown": render_markdown}.get(
        args.format, render_csv if args.format == "csv" else render_text
    )
    text = render(report)
    if args.format == "html" and not have_matplotlib():
        # The page says so where each chart would be; a terminal user should hear it too.
        notice(
            PROG,
            "the HTML report has no charts: they need matplotlib "
            "(pip install 'servicemodel[report]')",
        )
    if args.output is None:
        write_output(text, out)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        # "[Errno 21] Is a directory: 'out'" names neither the option nor what to do.
        raise ServiceModelError(
            f"-o {path_text(args.output)}: cannot write the report there ({exc.strerror}); "
            "name a file in an existing folder"
        ) from None
    return 0


def _warn(report: Report, tz: tzinfo) -> None:
    """Say the report's snapshot warnings (an update or events after the time the report is
    made, refused as the snapshot) and its SLA section's (a policy's label no ticket has) on
    standard error too, where a report written to a file or piped on would not show them."""
    for warning in () if report.scope is None else report.scope.warnings(tz):
        notice(PROG, f"warning: {warning}")
    # A policy's label no ticket of the export has (the report's SLA section says it too).
    for warning in () if report.sla is None else report.sla.warnings():
        notice(PROG, f"warning: --policy: {warning}")


def _parse_at(
    text: str | None, option: str = "--at", zone: tuple[tzinfo, str] | None = None
) -> datetime | None:
    """An instant option's value; a naive one is refused, with an example offset.

    The example's offset is that of ``zone`` (the report's ``--tz``: the zone and its name as
    given) at that wall time, else +01:00: an example, never a reading of the value.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> _parse_at("2026-10-01", "--since", (ZoneInfo("Europe/Berlin"), "Europe/Berlin"))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --since: '2026-10-01' has no UTC offset; in --tz Europe/Berlin, write e.g. 2026-10-01T00:00+02:00
    """  # noqa: E501
    if text is None:
        return None
    try:
        parsed = iso_datetime(text)
    except ValueError:
        raise ConfigError(f"not an ISO 8601 instant: {safe_repr(text)}", path=option) from None
    try:
        require_aware(parsed, option)
    except NaiveDatetimeError:
        # A date alone (2026-04-01) takes its offset after a time: 2026-04-01T00:00+01:00.
        example = text if len(text.strip()) > 10 else f"{text.strip()}T00:00"
        raise ConfigError(
            f"{safe_repr(text)} has no UTC offset; {_example_offset(parsed, zone, example)}",
            path=option,
        ) from None
    # Out of range, it is refused here by the option's name: the library would name its own
    # argument ('at: ...', 'read_at: ...'), after reading the export.
    return require_instant(parsed, option)


def _example_offset(naive: datetime, zone: tuple[tzinfo, str] | None, example: str) -> str:
    """What to write for the naive ``example``: with the UTC offset of ``zone`` (a zone and
    its name) at the wall time ``naive`` (``+02:00``), else with ``+01:00``; the text to copy
    last.

    Examples:
        >>> from zoneinfo import ZoneInfo
        >>> ny = (ZoneInfo("America/New_York"), "US/Eastern")
        >>> _example_offset(datetime(2026, 1, 5), ny, "2026-01-05T00:00")
        'in --tz US/Eastern, write e.g. 2026-01-05T00:00-05:00'
        >>> _example_offset(datetime(2026, 1, 5), None, "2026-01-05T00:00")
        'write e.g. 2026-01-05T00:00+01:00'
    """
    if zone is None:
        return f"write e.g. {example}+01:00"
    tz, name = zone
    try:
        offset = naive.replace(tzinfo=tz).utcoffset()
    except (ValueError, OverflowError):  # a zone of the caller's that cannot answer there
        offset = None
    if offset is None:
        return f"write e.g. {example}+01:00"
    sign = "-" if offset < timedelta(0) else "+"
    minutes, seconds = divmod(int(abs(offset).total_seconds()), 60)
    text = f"{sign}{minutes // 60:02d}:{minutes % 60:02d}" + (f":{seconds:02d}" if seconds else "")
    return f"in --tz {name}, write e.g. {example}{text}"


def _parse_start_time(text: str | None) -> datetime | None:
    """``--vendor-start-time``: an ISO 8601 instant with offset, or the Unix time (whole
    seconds, UTC) that Zendesk's incremental export URLs carry (``start_time=1772442000``).

    Examples:
        >>> _parse_start_time("1772442000")
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)
        >>> _parse_start_time("2026-03-02T09:00")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --vendor-start-time: '2026-03-02T09:00' has no UTC offset; write e.g. 2026-03-02T09:00+01:00
    """  # noqa: E501
    option = "--vendor-start-time"
    digits = None if text is None else text.strip().removeprefix("-")
    if text is not None and text.strip().startswith("-") and digits and digits.isdecimal():
        # Zendesk's start_time is a Unix time of the export's own, never before 1970: a
        # negative one is a Unix time still, refused as one (not "not an ISO 8601 instant").
        raise ConfigError(
            f"{safe_repr(text)} is a Unix time before 1970, which no incremental export "
            "starts at (its start_time is whole seconds since 1970-01-01T00:00Z); write the "
            "start_time of the export's URL, or an ISO 8601 instant with offset, e.g. "
            "2026-03-02T09:00:00+00:00",
            path=option,
        )
    if text is None or not text.strip().isdecimal() or not text.strip().isascii():
        return _parse_at(text, option)
    try:
        parsed = datetime.fromtimestamp(int(text), UTC)
    except (OverflowError, OSError, ValueError):
        raise ConfigError(
            f"{safe_repr(text)} is no Unix time a date can have (whole seconds since "
            "1970-01-01T00:00Z); write an ISO 8601 instant with offset, e.g. "
            "2026-03-02T09:00:00+00:00",
            path=option,
        ) from None
    return require_instant(parsed, option)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 bad input, 3 nothing selected).

    Examples:
        >>> main(["report", "examples/no-such-export.csv", "--format", "json"])
        2
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["staff"]:
        from servicemodel import _staff_cli  # the staffing command and its imports, on demand

        return _staff_cli.main(arguments[1:])
    if arguments[:1] == ["assess"]:
        from servicemodel import _assess_cli  # the blueprint assessment and its imports, on demand

        return _assess_cli.main(arguments[1:])
    hint = ""
    if "--vendor-sla" in arguments and "--" not in arguments:
        # nargs="+": every file after --vendor-sla is its, the export's files too.
        hint = ("--vendor-sla takes every file after it: put it after the export's files, or "
                "end its list with --")  # fmt: skip
    # A usage error exits with status 2 (SystemExit) after one line on standard error.
    args = _parser(hint).parse_args(arguments)
    try:
        if args.command == "report":
            return _report(args, sys.stdout)
    except (ServiceModelError, OSError) as exc:
        print(error_line(exc, f"servicemodel {args.command}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main())
