"""Private: the report command's vendor SLA records -- read, checked, and said on stderr.

``--vendor-sla`` files, a Jira export's own SLA fields and a ``--map`` file's
``[sla_verdicts]`` columns become the report's vendor verdicts (JSM's and Freshdesk's read at
``--vendor-read-at``); what would otherwise be read silently as nothing (rules without
``--policy``, an attribute no ticket carries, a metric events file given among the export's
files) is said on standard error, and a ``--vendor-read-at`` that could mean nothing is refused.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime

import attrs

from servicemodel._cli_common import file_name, notice
from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, RecordError, UnreadableFileError
from servicemodel.io import OnError
from servicemodel.io._shared import SourceMap
from servicemodel.io.zendesk._shared import metric_event_files
from servicemodel.model import TicketHistory
from servicemodel.reconcile._shared import VerdictRules, rules_no_ticket_has
from servicemodel.report import ReportOptions
from servicemodel.report._shared import read_metric_records, with_vendor_sla

__all__ = [
    "SKIP",
    "check_read_at",
    "check_start_time",
    "metric_options",
    "note_metric_files",
    "said",
    "vendor_options",
]

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
            f"{file_name(path)} holds Zendesk ticket metric events, which are no part of the "
            "export: left out; give it with --vendor-sla (and --policy) to reconcile",
        )


#: What ``--vendor-read-at`` is, said when it is refused.
_READ_AT = (
    "is when Jira Service Management SLA records were fetched, read with --source jira, or "
    "Freshdesk tickets, read with --source freshdesk"
)


def check_read_at(
    source: str, read_at: datetime | None, given: str | None, *, policies: bool, now: datetime
) -> None:
    """Refuse a ``--vendor-read-at`` that could mean nothing, before the export is read.

    It says when JSM's SLA records were fetched: an ongoing cycle's ``elapsedTime`` and
    ``paused`` are JSM's figures at that instant, which the records do not carry; or when
    Freshdesk's tickets were: a due time passed then is a breach, however late Freshdesk's
    escalation flag comes. Zendesk's
    metric events carry the instant of each figure they give (``update_status``, ``pause``),
    and the other sources have no SLA records of their own: there it would be read by
    nothing, so it is refused rather than ignored (a user who gives it expects it to count).
    So is an instant after ``now`` (records are fetched before the report is made: a typo), and
    one without ``--policy`` (no vendor record is read without a policy set).

    Examples:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2026, 3, 6, tzinfo=UTC)
        >>> check_read_at("jira", when, "2026-03-06T00:00Z", policies=True, now=when)
        >>> check_read_at("zendesk", when, "2026-03-06T00:00Z", policies=True, now=when)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --vendor-read-at: is when Jira Service Management SLA records were fetched, read with --source jira, or Freshdesk tickets, read with --source freshdesk; Zendesk's ticket metric events carry the instant of each figure they give, so nothing would read it: leave it out
    """  # noqa: E501
    if read_at is None:
        return
    if source == "zendesk":
        raise ConfigError(
            f"{_READ_AT}; Zendesk's ticket metric events carry the instant of each figure "
            "they give, so nothing would read it: leave it out",
            path="--vendor-read-at",
        )
    if source not in ("jira", "freshdesk"):
        raise ConfigError(
            f"--source {source} has no SLA records fetched at one instant; --vendor-read-at "
            f"{_READ_AT}",
            path="--vendor-read-at",
        )
    if not policies:
        raise ConfigError(
            "needs --policy: the SLA records it dates are read only with a policy set, "
            "beside the SLA section's verdicts",
            path="--vendor-read-at",
        )
    if read_at > now:  # aware: compared in UTC
        raise ConfigError(
            f"{given!r} is after the time this report is made ({now.isoformat()}): the "
            "records were fetched before now; a typo?",
            path="--vendor-read-at",
        )


def check_start_time(
    source: str,
    start_time: datetime | None,
    vendor_files: Sequence[str],
    *,
    given: str | None = None,
    now: datetime | None = None,
) -> None:
    """Refuse a ``--vendor-start-time`` that nothing would read, before the export is read.

    It is where the Zendesk incremental export began (its ``start_time``), which the pages
    do not say: ``zendesk_verdicts`` reads it to tell a breach whose clock began before the
    export (its SLA applied before it) from one whose policy is unknown. Only Zendesk's
    ticket metric events (``--vendor-sla``, which needs ``--policy``) read it; given
    otherwise it is refused rather than ignored (a user who gives it expects it to count).
    So is an instant after ``now`` (``given`` is how it was written): an export starts
    before it is fetched, and Zendesk refuses a ``start_time`` that is not in the past; read
    as given, every clock of the export would be said to have begun before it (a typo).

    Examples:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2026, 3, 1, tzinfo=UTC)
        >>> check_start_time("zendesk", when, ["events.json"])
        >>> check_start_time("jira", when, ["sla.json"])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --vendor-start-time: is where a Zendesk incremental export began, read with --source zendesk; --source jira has no such export: leave it out
        >>> check_start_time("zendesk", when, ["events.json"], given="2026-03-01T00:00Z",
        ...                  now=datetime(2026, 2, 1, tzinfo=UTC))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: --vendor-start-time: '2026-03-01T00:00Z' is after the time this report is made (2026-02-01T00:00:00+00:00): the export started before it was fetched; a typo?
    """  # noqa: E501
    if start_time is None:
        return
    if source != "zendesk":
        raise ConfigError(
            f"{_START_TIME}; --source {source} has no such export: leave it out",
            path="--vendor-start-time",
        )
    if not vendor_files:
        raise ConfigError(
            f"{_START_TIME}; it dates the ticket metric events of --vendor-sla, and none were "
            "given: give them, or leave it out",
            path="--vendor-start-time",
        )
    if now is not None and start_time > now:  # aware: compared in UTC
        shown = safe_repr(given) if given is not None else start_time.isoformat()
        raise ConfigError(
            f"{shown} is after the time this report is made ({now.isoformat()}): the export "
            "started before it was fetched; a typo?",
            path="--vendor-start-time",
        )


#: What ``--vendor-start-time`` is, said when it is refused.
_START_TIME = "is where a Zendesk incremental export began, read with --source zendesk"


def vendor_options(
    args: argparse.Namespace,
    options: ReportOptions,
    source: str,
    histories: Sequence[TicketHistory],
    *,
    read_at: datetime | None = None,
    start_time: datetime | None = None,
    export_errors: Sequence[RecordError] = (),
) -> ReportOptions:
    """The options with the vendor's SLA verdicts (``--vendor-sla``, a Jira export's own SLA
    fields, a Freshdesk export's own due times, the ``--map`` file's ``[sla_verdicts]``
    columns); JSM's records and Freshdesk's tickets fetched at ``read_at``
    (``--vendor-read-at``); the Zendesk export begun at ``start_time``
    (``--vendor-start-time``); ``export_errors``, the export's records set aside, are not
    counted again among the vendor's, nor is a ticket of the export that has no history
    among ``histories`` (set aside for a fault in another file, a conversation)."""
    on_error: OnError = "collect" if args.skip_bad_records else "raise"
    mapping = SourceMap.from_file(args.map) if args.map is not None else None
    try:
        options, bad = with_vendor_sla(
            options, source, args.vendor_sla or [], issue_files=args.file, on_error=on_error,
            mapping=mapping, map_file=None if args.map is None else str(args.map),
            histories=histories, read_at=read_at, start_time=start_time,
            export_errors=export_errors, export_ids=frozenset(h.id for h in histories),
        )  # fmt: skip
    except RecordError as exc:
        # A file of the wrong kind ("holds Zendesk ticket audits, not ...") goes elsewhere as
        # a whole: setting its records aside is no way on.
        whole = isinstance(exc, UnreadableFileError) or exc.message.startswith("holds ")
        raise exc if whole else said(exc, SKIP) from None
    if bad:
        notice(_PROG, f"{bad} bad vendor SLA record(s) set aside")
    for name in args.vendor_sla or []:
        if _blank(name):  # read as no records: a section of clocks "only ours", unexplained
            notice(_PROG, f"warning: --vendor-sla: {file_name(name)} is empty: no SLA record "
                   "is read from it")  # fmt: skip
    if mapping is not None and mapping.sla_verdicts:
        _note_verdict_rules(mapping, options, histories)
    return options


def _blank(name: str) -> bool:
    """Whether file ``name`` holds nothing but white space (a download that failed)."""
    try:
        with open(name, "rb") as handle:
            return not handle.read(_BLANK_READ).strip() and not handle.read(1)
    except OSError:  # (read already, or said by its reader)
        return False


#: How much of a file is read to tell it blank: more than any run of blank lines at its top.
_BLANK_READ = 1 << 16


def metric_options(
    args: argparse.Namespace, options: ReportOptions, shared_replies: Sequence[str] = ()
) -> ReportOptions:
    """The options with the Ticket Metrics records of a Zendesk export (its tickets'
    ``metric_set``, its pages' ``metric_sets``, its Ticket Metrics files): the ticket metrics
    section, with the replies the load read as come through ticket sharing. An export with
    none leaves the options as they are: no section."""
    found = read_metric_records(args.file)
    if not found.records and not found.files:
        return options
    return attrs.evolve(
        options,
        ticket_metrics=found.records,
        ticket_metrics_places=found.places,
        ticket_metrics_on_error="collect" if args.skip_bad_records else "raise",
        ticket_metrics_shared_replies=tuple(shared_replies),
        ticket_metrics_others=found.others,
    )


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
