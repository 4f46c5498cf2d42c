"""Private: the ``servicemodel assess`` command -- a blueprint's gap analysis on an export.

``servicemodel assess blueprint.toml tickets.jsonl [--survey servqual.csv]
[--qa evaluations.csv] [--format text|json|html] [--at INSTANT] [--tz ZONE] [-o FILE]``

The blueprint is read first (a mistake in it fails fast, naming the file and the field), then
the export (JSON Lines or CSV, by extension), the survey answers and the QA evaluations;
[`assess`][servicemodel.blueprint.assess] measures and ranks, and the result is rendered.

Exit status: 0 the assessment was written; 2 bad input (a one-line error naming the file,
field or record); 3 no ticket was created by ``--at`` (nothing to assess).
"""

from __future__ import annotations

import argparse
import csv
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from servicemodel._cli_common import (
    CommandParser,
    a_file,
    a_path,
    file_name,
    notice,
    run_command,
)
from servicemodel._config import safe_repr
from servicemodel._validators import iso_datetime
from servicemodel.blueprint import Blueprint, assess, render_html, render_json, render_text
from servicemodel.calendar import zone
from servicemodel.errors import (
    ConfigError,
    NaiveDatetimeError,
    RecordError,
    require_instant,
)
from servicemodel.io import load_csv, load_jsonl
from servicemodel.io._shared import LinedReader
from servicemodel.qa import load_evaluations
from servicemodel.servqual import Instrument, ServqualResponse
from servicemodel.servqual._shared import lined_responses

#: Exit status when no ticket was created by the snapshot instant.
EXIT_EMPTY = 3

#: How the command names itself on standard error, in its errors and its notices.
PROG = "servicemodel assess"


def parser(prog: str = PROG) -> argparse.ArgumentParser:
    """The argument parser of ``assess``.

    Examples:
        >>> parser().parse_args(["bp.toml", "t.jsonl", "--format", "json"]).format
        'json'
    """
    p = CommandParser(
        prog=prog,
        description="Measure a service blueprint's standards and goals on a ticket export "
        "and rank the gaps.",
    )
    p.add_argument("blueprint", type=a_file, help="the blueprint (.toml or .json)")
    p.add_argument("tickets", type=a_file, help="the ticket export: .jsonl (JSON Lines) or .csv")
    p.add_argument(
        "--survey", type=a_file, help="SERVQUAL answers (CSV: respondent, E1..E22, P1..P22)"
    )
    p.add_argument(
        "--qa", type=a_file, help="QA evaluations (CSV), scored on the blueprint's scorecard"
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help="output format (default: text); html is one self-contained page with charts",
    )
    p.add_argument(
        "--at",
        help="snapshot instant, ISO 8601 with offset (default: the export's last event, or "
        "its tickets' latest update where the export states a later one; neither after the "
        "clock: one after it is refused with a warning)",
    )
    p.add_argument("--tz", help="IANA time zone the instant is shown in (default: UTC)")
    p.add_argument("-o", "--output", type=a_path, help="write to this file (default: stdout)")
    return p


#: What assess reads, for a file it cannot read as such.
_OURS = (
    "assess reads our own export (JSON Lines, or CSV by its suffix); convert a helpdesk's "
    "export first (servicemodel.io.zendesk, freshdesk, jira, eventlog, summary: load, then "
    "dump_jsonl)"
)


def _instant(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        parsed = iso_datetime(text)
    except ValueError:
        raise ConfigError(f"not an ISO 8601 instant: {safe_repr(text)}", path="--at") from None
    try:
        return require_instant(parsed, "--at")
    except NaiveDatetimeError:
        # A date alone (2026-04-01) takes its offset after a time, as servicemodel report says.
        example = text if len(text.strip()) > 10 else f"{text.strip()}T00:00"
        raise ConfigError(
            f"{safe_repr(text)} has no UTC offset; write e.g. {example}+01:00", path="--at"
        ) from None


def _zone(text: str | None) -> ZoneInfo | None:
    return None if text is None else zone(text, "--tz")


def _survey(name: str, instrument: Instrument) -> list[ServqualResponse]:
    try:
        with open(name, encoding="utf-8-sig", newline="") as handle:
            # Each row named by the line it starts on: a quoted comment with a line break
            # makes a row span lines, and a blank line is skipped (counted by index, the
            # rows after either were named a line too early).
            reader = LinedReader(handle)
            if reader.fieldnames is None:
                # An empty file is no survey of 0 responses but likely the wrong file (as
                # --qa refuses one): say so rather than report SERVQUAL without data.
                raise ConfigError(
                    "no header line (expected respondent, E1..E22, P1..P22)", source=name
                )
            return list(lined_responses(reader, lambda: reader.first_line, instrument))
    except RecordError as exc:
        raise exc.in_file(name) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not UTF-8 text (byte {exc.start})", source=name) from None
    except csv.Error as exc:
        raise ConfigError(f"not valid CSV: {exc}", source=name) from None
    except OSError as exc:  # said as every reader says it, not "[Errno 2] No such file ..."
        raise ConfigError(f"cannot read: {exc.strerror or exc}", source=name) from None


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Carry out a parsed ``assess`` command, writing the assessment to ``out``."""
    at, tz = _instant(args.at), _zone(args.tz)
    if args.tickets == "-":  # a file named "-" was read, and named "standard input" in the error
        raise ConfigError(
            "assess reads the export from a file, not from standard input: name the file "
            "(.jsonl or .csv)",
            path="tickets",
        )
    blueprint = Blueprint.from_file(args.blueprint)
    survey = None if args.survey is None else _survey(args.survey, blueprint.servqual_instrument)
    evaluations = None
    if args.qa is not None:
        if blueprint.scorecard is None:
            raise ConfigError(
                "--qa needs a QA scorecard in the blueprint ([qa] scorecard = ...)",
                path="qa.scorecard",
                source=args.blueprint,
            )
        evaluations = list(load_evaluations(args.qa, blueprint.scorecard))
    name = str(args.tickets)
    try:
        loaded = load_csv(name) if name.lower().endswith(".csv") else load_jsonl(name)
    except RecordError as exc:  # it said "line 1: not valid JSON", naming no file
        # Its first record unread: likely no export of ours at all (as the report says).
        said = f"{exc.message}; {_OURS}" if exc.line in (None, 1) else exc.message
        raise type(exc)(said, path=exc.path, line=exc.line, source=exc.source or name) from None
    histories = loaded.histories
    cutoff = None if at is None else at.astimezone(UTC)
    created = [h for h in histories if cutoff is None or h.created_at.astimezone(UTC) <= cutoff]
    if not created:
        why = "it holds no tickets" if not histories else f"none was created by --at {args.at}"
        notice(PROG, f"nothing to assess: {why} ({file_name(name)})")
        return EXIT_EMPTY
    # As in servicemodel report: without --at, the snapshot is not before the tickets' latest
    # update where the export states one (our JSON Lines and CSV state none today), and
    # neither it nor an event may be after the time the assessment is made (the clock).
    assessment = assess(
        blueprint, histories, survey=survey, evaluations=evaluations, at=at, tz=tz,
        observed_until=loaded.observed_until, now=datetime.now(UTC),
    )  # fmt: skip
    for warning in assessment.warnings():  # also in the assessment; said where it is run
        notice(PROG, f"warning: {warning}")
    if not assessment.tickets and assessment.made_at is not None:
        # Every ticket was created after the time it was made: the snapshot has none.
        made = assessment.made_at.astimezone(assessment.at.tzinfo).isoformat()
        n = len(histories)
        every = "the 1 ticket was" if n == 1 else f"all {n} tickets were"
        notice(
            PROG,
            f"nothing to assess: {every} created after the time "
            f"this assessment was made ({made}); pass --at ({file_name(name)})",
        )
        return EXIT_EMPTY
    render = {"json": render_json, "html": render_html}.get(args.format, render_text)
    out.write(render(assessment))
    return 0


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``servicemodel assess``; returns the exit status (2 bad input, 3 nothing to assess).

    Examples:
        >>> main(["no-such-blueprint.toml", "tickets.jsonl"])
        2
    """
    command = parser()
    args = command.parse_args(argv)
    return run_command(run, args, args.output, out, prog=command.prog)
