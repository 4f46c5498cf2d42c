"""Private: the report command's vendor SLA records -- read, checked, and said on stderr.

``--vendor-sla`` files, a Jira export's own SLA fields and a ``--map`` file's
``[sla_verdicts]`` columns become the report's vendor verdicts; what would otherwise be read
silently as nothing (rules without ``--policy``, an attribute no ticket carries, a metric
events file given among the export's files) is said on standard error.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from servicemodel._cli_common import notice
from servicemodel.errors import RecordError, UnreadableFileError
from servicemodel.io import OnError
from servicemodel.io._sources import SourceMap
from servicemodel.io.zendesk._load import metric_event_files
from servicemodel.model import TicketHistory
from servicemodel.reconcile._attributes import VerdictRules, rules_no_ticket_has
from servicemodel.report import ReportOptions
from servicemodel.report._vendor_files import with_vendor_sla

__all__ = ["SKIP", "note_metric_files", "said", "vendor_options"]

#: The command whose notices these are.
_PROG = "servicemodel report"

#: Said when a bad record stops the report: the rest of the export can still be read.
SKIP = "--skip-bad-records sets bad records aside (counted on stderr) and reports the rest"


def said(exc: RecordError, hint: str) -> RecordError:
    """``exc`` with ``hint`` after its message, naming the same record."""
    return RecordError(f"{exc.message}; {hint}", path=exc.path, line=exc.line, source=exc.source)


def note_metric_files(files: Sequence[str]) -> None:
    """Say which of the export's files hold ticket metric events (left out of the load)."""
    for path in metric_event_files(files):
        notice(
            _PROG,
            f"{path} holds Zendesk ticket metric events, which are no part of the export: left "
            "out; give it with --vendor-sla (and --policy) to reconcile",
        )


def vendor_options(
    args: argparse.Namespace,
    options: ReportOptions,
    source: str,
    histories: Sequence[TicketHistory],
) -> ReportOptions:
    """The options with the vendor's SLA verdicts (``--vendor-sla``, a Jira export's own SLA
    fields, the ``--map`` file's ``[sla_verdicts]`` columns)."""
    on_error: OnError = "collect" if args.skip_bad_records else "raise"
    mapping = SourceMap.from_file(args.map) if args.map is not None else None
    try:
        options, bad = with_vendor_sla(
            options, source, args.vendor_sla or [], issue_files=args.file, on_error=on_error,
            mapping=mapping, map_file=None if args.map is None else str(args.map),
            histories=histories,
        )  # fmt: skip
    except RecordError as exc:
        # A file of the wrong kind ("holds Zendesk ticket audits, not ...") goes elsewhere as
        # a whole: setting its records aside is no way on.
        whole = isinstance(exc, UnreadableFileError) or exc.message.startswith("holds ")
        raise exc if whole else said(exc, SKIP) from None
    if bad:
        notice(_PROG, f"{bad} bad vendor SLA record(s) set aside")
    if mapping is not None and mapping.sla_verdicts:
        _note_verdict_rules(mapping, options, histories)
    return options


def _note_verdict_rules(
    mapping: SourceMap, options: ReportOptions, histories: Sequence[TicketHistory]
) -> None:
    """Say on stderr when the ``[sla_verdicts]`` rules read nothing: no --policy, or an
    attribute no ticket carries (a silently empty row of the section otherwise)."""
    if options.policies is None:
        notice(_PROG, "the --map file's [sla_verdicts] rules are read with --policy "
               "(no reconciliation section without one)")  # fmt: skip
        return
    for rule in rules_no_ticket_has(VerdictRules.from_dict(mapping.sla_verdicts), histories):
        notice(_PROG, f"no ticket has the attribute {rule.attribute!r} of [sla_verdicts]: "
               "no vendor verdict read from it")  # fmt: skip
