"""The ``servicemodel`` command line: ``servicemodel report FILE``.

It only parses arguments: they become [`ReportOptions`][servicemodel.report.ReportOptions],
the export is loaded, [`build_report`][servicemodel.report.build_report] builds the document
and it is rendered as text or JSON. Bad input is a one-line error and exit status 2.

Examples:
    >>> main(["report", "no/such/file.jsonl"])
    2
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from servicemodel._version import __version__
from servicemodel.errors import ConfigError, NaiveDatetimeError, ServiceModelError, require_aware
from servicemodel.goals import goals_from_file
from servicemodel.io import LoadResult, OnError, load_csv, load_jsonl
from servicemodel.report import ReportOptions, Source, build_report, render_json, render_text
from servicemodel.sla import PolicySet


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="servicemodel", description="Typed building blocks for customer-support software."
    )
    parser.add_argument("--version", action="version", version=f"servicemodel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser(
        "report",
        help="print a report on a ticket export (JSON Lines or CSV)",
        description="Read a JSON Lines or CSV ticket export and print a report.",
    )
    report.add_argument("file", type=Path, help="the export: .jsonl / .json lines, or .csv")
    report.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    report.add_argument(
        "--tz", default="UTC", help="IANA time zone for weeks and periods (default: UTC)"
    )
    report.add_argument(
        "--policy",
        type=Path,
        help="SLA policy set (TOML or JSON): adds the SLA attainment section",
    )
    report.add_argument("--goals", type=Path, help="SMART goals (TOML): adds each goal's status")
    report.add_argument(
        "--at",
        help="evaluate SLA clocks and goals at this ISO 8601 instant (default: the export's end)",
    )
    report.add_argument(
        "--skip-bad-records",
        action="store_true",
        help="set bad records aside (and count them) instead of stopping at the first",
    )
    return parser


def _load(path: Path, skip_bad: bool) -> LoadResult:
    on_error: OnError = "collect" if skip_bad else "raise"
    if path.suffix.lower() == ".csv":
        return load_csv(path, on_error=on_error)
    return load_jsonl(path, on_error=on_error)


def _options(args: argparse.Namespace) -> ReportOptions:
    """Turn the parsed arguments into report options, reading the configuration files."""
    try:
        tz = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ServiceModelError(f"--tz: unknown time zone {args.tz!r}") from None
    at = _parse_at(args.at)
    # Configuration is read before the export so that a typo in it fails fast.
    policies = PolicySet.from_file(args.policy) if args.policy else None
    goals = goals_from_file(args.goals) if args.goals else None
    return ReportOptions(tz=tz, policies=policies, goals=goals, at=at)


def _report(args: argparse.Namespace, out: TextIO) -> None:
    options = _options(args)
    loaded = _load(args.file, args.skip_bad_records)
    if options.goals is not None and options.at is None and not loaded.histories:
        raise ConfigError(
            f"{args.file} holds no tickets, so it has no end to evaluate the goals at; "
            "pass --at, e.g. --at 2026-11-01T00:00:00+00:00",
            path="--at",
        )
    source = Source(str(args.file), tuple(str(e) for e in loaded.errors))
    report = build_report(loaded.histories, options, source=source)
    out.write(render_json(report) if args.format == "json" else render_text(report))


def _parse_at(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"not an ISO 8601 instant: {text!r}", path="--at") from None
    try:
        return require_aware(parsed, "--at")
    except NaiveDatetimeError:
        raise ConfigError(
            f"{text!r} has no UTC offset; write e.g. {text}+01:00", path="--at"
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad input, with a one-line error).

    Examples:
        >>> main(["report", "examples/no-such-export.csv", "--format", "json"])
        2
    """
    args = _parser().parse_args(argv)
    try:
        if args.command == "report":
            _report(args, sys.stdout)
    except (ServiceModelError, OSError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"servicemodel: error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
