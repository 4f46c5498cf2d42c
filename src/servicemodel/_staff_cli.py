"""Private: the ``servicemodel staff`` command — a weekly staffing plan from a ticket export.

``servicemodel staff tickets.jsonl --target "80% in 20s" --shrinkage 0.3
[--model erlang-a --patience 5m] [--aht 3m | --aht chat=10m,email=15m] [--channel chat]
[--calendar hours.toml] [--tz Europe/Berlin] [--check steady|week] [--seed N]
[--format text|json|csv|html] [-o FILE]``

The history (JSON Lines or CSV, by extension) is forecast per half hour of the next week
(mean of the last 8 full weeks, closed half hours left out), and every half hour is staffed.
``--check`` runs the plan through the simulation
([`check_plan`][servicemodel.forecast.check_plan], ``mode`` steady or week): the text output
adds its table, JSON and CSV rows (one per half hour, ``start`` in ISO 8601 with its offset,
as the text writes it) gain ``target``, ``simulated``, ``simulated_low``,
``simulated_high`` and ``short`` (empty for an interval not checked), and the HTML page
([`render_plan_html`][servicemodel.report.render_plan_html]) its chart.

Exit status: 0 the plan was written; 1 the plan was written but ``--check`` found an interval
short of its target; 2 bad input (a one-line error). ``servicemodel.cli`` hands the arguments
after ``staff`` to :func:`main`.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from servicemodel._cli_common import CommandParser, a_file, a_path, path_text, run_command
from servicemodel._config import safe_repr
from servicemodel.calendar import BusinessCalendar
from servicemodel.errors import ConfigError, RecordError
from servicemodel.forecast import PlanCheck, check_plan, forecast_arrivals, handle_times, plan_week
from servicemodel.io import load_csv, load_jsonl
from servicemodel.sla import parse_duration
from servicemodel.staffing import ServiceLevelTarget, WeeklyPlan

#: What ``servicemodel staff --help`` says the command does.
DESCRIPTION = (
    "Plan a week of staff per half hour, forecast from a ticket export (Erlang C or A), "
    "optionally checked by simulation."
)

#: Exit status when ``--check`` finds an interval short of its target (the plan is written).
EXIT_SHORT = 1

_TARGET = re.compile(r"\s*(?P<pct>\d+(?:\.\d+)?)\s*%\s*(?:in|within)\s*(?P<within>.+?)\s*")
#: A number with no unit: elsewhere (SLA policies) a number of minutes, here refused.
_BARE_NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*")


def parser(prog: str = "servicemodel staff") -> argparse.ArgumentParser:
    """The argument parser of ``staff``."""
    # Not the module docstring: its first line is written for the source, not for --help.
    p = CommandParser(prog=prog, description=DESCRIPTION)
    p.add_argument("history", type=a_file, help="ticket export: .jsonl or .csv")
    p.add_argument("--target", required=True, help='service level, e.g. "80%% in 20s"')
    p.add_argument(
        "--shrinkage",
        default="0",
        help="share of paid time off the phones, [0, 1), or a percentage: 0.3 or 30%% (default: 0)",
    )
    p.add_argument(
        "--model",
        choices=("erlang-c", "erlang-a"),
        default="erlang-c",
        help="queueing model (default: erlang-c): erlang-a counts callers who give up (needs "
        "--patience)",
    )
    p.add_argument("--patience", help="mean patience for erlang-a, e.g. 5m")
    p.add_argument(
        "--aht",
        help="handle time, e.g. 3m, or per channel with --channel: chat=10m,email=15m "
        "(default: the tickets' handle_time attribute)",
    )
    p.add_argument("--channel", help="plan one channel (default: all channels as one queue)")
    p.add_argument(
        "--concurrency", type=int, default=1, help="chats one agent handles at once (default: 1)"
    )
    p.add_argument(
        "--calendar", type=a_file, help="business hours file (.toml/.json): closures and holidays"
    )
    p.add_argument("--tz", help="time zone of the half hours (default: the calendar's, or UTC)")
    p.add_argument(
        "--check",
        choices=("steady", "week"),
        help="check the plan by simulation: each interval steady, or the week as one run "
        "(default: no check)",
    )
    p.add_argument(
        "--seed", type=int, default=0, help="seed of the --check simulation (default: 0)"
    )
    p.add_argument(
        "--format",
        choices=("text", "json", "csv", "html"),
        default="text",
        help="output format (default: text); html is one self-contained page with charts",
    )
    p.add_argument("-o", "--output", type=a_path, help="write to this file (default: stdout)")
    return p


def _duration(text: str, path: str) -> timedelta:
    """A duration of the command line, which must carry its unit.

    ``parse_duration`` reads a bare number as minutes (the SLA policies' convention), but a
    planner's "80 % in 20" means 20 *seconds* and an ``--aht 240`` 240 seconds: read as minutes
    they planned for a threshold or a handle time 60 times too long, without a word.
    """
    if _BARE_NUMBER.fullmatch(text):
        number = text.strip()
        plain = f"{float(number):g}" if "e" in number.lower() else number  # 1e3: 1000s
        raise ConfigError(
            f"{number!r} has no unit: write {plain + 's'!r} for seconds or {plain + 'm'!r} "
            "for minutes",
            path=path,
        )
    return parse_duration(text, path=path)


def _cut(digits: str) -> str:
    """A number as typed, cut as ``safe_repr`` cuts a value (without its quotes) when long."""
    return safe_repr(digits)[1:-1]


def _target(text: str) -> ServiceLevelTarget:
    m = _TARGET.fullmatch(text)
    if m is None:
        raise ConfigError(
            f"write the target as e.g. '80% in 20s', got {safe_repr(text)}", path="--target"
        )
    percent = float(m["pct"])
    if not 0 < percent <= 100:
        # The library's hint ("for 8 %, write 0.08") is for a share; here it is a percentage.
        raise ConfigError(
            f"the share answered in time is a percentage above 0 and at most 100, got "
            f"{_cut(m['pct'])}% in {safe_repr(text)}",
            path="--target",
        )
    within = _duration(m["within"], "--target")
    # Divided as decimals: "80.1%" is the float that prints as 0.801, as 0.801 written would be.
    return ServiceLevelTarget(fraction=float(Decimal(m["pct"]) / 100), within=within)


def _aht(text: str | None, history: Sequence[Any], channel: str | None) -> float:
    given: dict[str, float] = {}
    if text and "=" in text:
        for part in text.split(","):
            name, _, value = part.partition("=")
            if not name.strip() or not value.strip():
                # "=3m" gave the handle time of a channel named "", "chat=3m," an empty one
                raise ConfigError(
                    f"write each handle time as channel=duration, e.g. chat=10m, got {part!r} "
                    f"in {text!r}",
                    path="--aht",
                )
            key = name.strip().lower()
            if key in given:
                raise ConfigError(f"channel {key!r} is given twice in {text!r}", path="--aht")
            path = f"--aht {name.strip()}"
            given[key] = _duration(value.strip(), path).total_seconds()
    elif text:
        return _duration(text, "--aht").total_seconds()
    known = handle_times(history, given=given)
    if channel is not None and channel in known:
        return known[channel]
    if channel is None and len(known) == 1:
        return next(iter(known.values()))
    if channel is None and given:
        # "pass --aht" said to the one who did: per-channel times plan one channel at a time.
        raise ConfigError(
            f"handle times per channel ({', '.join(sorted(known))}) plan one channel: add "
            "--channel NAME, or give one --aht for all channels together (e.g. --aht 4m)",
            path="--aht",
        )
    raise ConfigError(
        "no handle time for "
        + (f"channel {channel!r}" if channel else "all channels together")
        + f" in the data or given (known: {known or 'none'}); pass --aht",
        path="--aht",
    )


def _shrinkage(text: str) -> float:
    # "30%" is the share 0.3, as --target writes its share with a percent sign. The division is
    # decimal, so 14.5% is the float printing as 0.145 (scheduled staff divides that decimal).
    stripped = text.strip()
    try:
        if stripped.endswith("%"):
            share = float(Decimal(stripped[:-1].strip()) / 100)
        else:
            share = float(stripped)
    except (ValueError, ArithmeticError):
        raise ConfigError(
            f"expected a number in [0, 1) or a percentage (0.3 or 30%), got {safe_repr(text)}",
            path="--shrinkage",
        ) from None
    if not 0 <= share < 1:
        # Checked here, not only by the plan, so the refusal names the option and the text as
        # typed: '100%' (or '1e400%', NaN) rather than the share it became (1.0, inf, nan).
        raise ConfigError(
            "shrinkage must be in [0, 1) or a percentage from 0% to below 100%, got "
            f"{safe_repr(text)}",
            path="--shrinkage",
        )
    return share


def _check_open(calendar: BusinessCalendar, plan: WeeklyPlan, name: str) -> None:
    """Refuse a plan whose week the calendar leaves closed throughout: it staffed nothing.

    A calendar with no hours, or closed on every day of the week planned, made a plan of 0.0
    agent hours and an empty table, with nothing said of why.
    """
    starts = [r.start for r in plan.rows if r.start is not None]
    if not starts or any(r.calls > 0 for r in plan.rows):
        return
    first, end = min(starts), max(starts) + timedelta(seconds=plan.interval)
    if calendar.open_intervals(first, end):
        return
    raise ConfigError(
        f"{path_text(name)} is open at no time of the week planned ({first.isoformat()} to "
        f"{end.isoformat()}): the plan has no contact to staff; check its hours and holidays",
        path="--calendar",
    )


#: Columns a checked plan's rows gain in JSON and CSV.
CHECK_COLUMNS = ("target", "simulated", "simulated_low", "simulated_high", "short")


def _records(plan: WeeklyPlan, check: PlanCheck | None) -> list[dict[str, Any]]:
    records = plan.to_records()
    if check is None:
        return records
    found = {c.index: c for c in check.intervals}
    for record in records:
        c = found.get(record["index"])
        values = (None,) * 5 if c is None else (c.target, c.simulated, c.low, c.high, c.short)
        record.update(zip(CHECK_COLUMNS, values, strict=True))
    return records


def _render(
    plan: WeeklyPlan, check: PlanCheck | None, args: argparse.Namespace, out: TextIO
) -> None:
    fmt = args.format
    if fmt == "html":
        from servicemodel.report import render_plan_html  # matplotlib and the page, on demand

        out.write(render_plan_html(plan, check, source=Path(args.history).name))
        return
    records = _records(plan, check)
    for record in records:
        # ISO 8601 (``2026-11-02T00:00:00+01:00``), as the text output writes it, not str()'s
        # space-separated form.
        if record["start"] is not None:
            record["start"] = record["start"].isoformat()
    if fmt == "json":
        json.dump(records, out, default=str, indent=1)
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else [])
        writer.writeheader()
        writer.writerows(records)
        return
    out.write(
        f"{plan.model} plan, {len(plan.rows)} half hours, shrinkage {plan.shrinkage:g}: "
        f"{plan.total_agent_hours:.1f} agent hours\n"
    )
    out.write(f"{'start':<26}{'calls':>8}{'agents':>8}{'fte':>8}{'sched':>7}{'SL':>8}\n")
    for r in plan.rows:
        if r.calls == 0:
            continue
        sl = "" if r.service_level is None else f"{r.service_level:.1%}"
        out.write(
            f"{r.start.isoformat() if r.start else r.index:<26}{r.calls:>8.1f}{r.agents:>8}"
            f"{r.fte:>8.2f}{r.scheduled:>7}{sl:>8}\n"
        )
    if check is not None:
        verdict = "passed" if check.passed else f"{len(check.short)} interval(s) short"
        out.write(f"\nchecked by simulation ({args.check}): {verdict}\n{check}\n")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Carry out a parsed ``staff`` command, writing the plan to ``out``; the exit status."""
    target = _target(args.target)
    path = str(args.history)
    if path == "-":  # a file named "-" was read, and named "standard input" in the error
        raise ConfigError(
            "staff reads the export from a file, not from standard input: name the file "
            "(.jsonl or .csv)",
            path="history",
        )
    try:
        loaded = load_csv(path) if path.lower().endswith(".csv") else load_jsonl(path)
    except RecordError as exc:  # "line 3: not valid JSON", naming no file (report names it)
        raise exc.in_file(exc.source or path) from None
    history = loaded.histories
    calendar = BusinessCalendar.from_file(args.calendar) if args.calendar else None
    if args.channel is not None and not args.channel.strip():
        # "" was read as no --channel: all channels planned as one queue, unsaid.
        raise ConfigError(
            f"{args.channel!r} names no channel; name one (e.g. --channel chat), or leave "
            "--channel out to plan all channels as one queue",
            path="--channel",
        )
    channel = args.channel.lower() if args.channel else None
    aht = _aht(args.aht, history, channel)
    patience = None
    if args.model == "erlang-a":
        if not args.patience:
            raise ConfigError("--model erlang-a needs --patience, e.g. 5m", path="--patience")
        patience = _duration(args.patience, "--patience")
    elif args.patience:
        # Erlang C has no patience: ignoring it planned without abandonment, unasked.
        raise ConfigError(
            "a patience is for --model erlang-a (Erlang C's callers never give up); add "
            "--model erlang-a, or leave --patience out",
            path="--patience",
        )
    forecast = forecast_arrivals(history, calendar=calendar, tz=args.tz)
    plan = plan_week(
        forecast,
        aht=aht,
        targets=[target],
        channel=channel,
        model=args.model,
        patience=patience,
        shrinkage=_shrinkage(args.shrinkage),
        concurrency=args.concurrency,
    )
    if calendar is not None:
        _check_open(calendar, plan, str(args.calendar))
    check = None if args.check is None else check_plan(plan, mode=args.check, seed=args.seed)
    _render(plan, check, args, out)
    return 0 if check is None or check.passed else EXIT_SHORT


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run ``servicemodel staff``; the exit status (1 a checked plan falls short, 2 bad input).

    Examples:
        >>> main(["no-such-export.jsonl", "--target", "80% in 20s"])
        2
    """
    command = parser()
    args = command.parse_args(argv)
    return run_command(run, args, args.output, out, prog=command.prog)
