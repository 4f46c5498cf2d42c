"""Private: rendering an assessment as text or JSON (both show the same figures).

Examples:
    >>> from datetime import UTC, datetime
    >>> a = assess(Blueprint("Acme"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
    >>> print(render_text(a).splitlines()[0])
    Assessment of the blueprint 'Acme' at 2026-03-02T00:00:00+00:00 (--at)
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from servicemodel._numbers import level_percent
from servicemodel._validators import require_type
from servicemodel.blueprint._assess import Assessment, Gap, assess, left_out
from servicemodel.blueprint._blueprint import Blueprint
from servicemodel.kpi import Estimate
from servicemodel.report._shared import snapshot_basis

__all__ = ["assessment_to_dict", "render_json", "render_text"]

_ = (assess, Blueprint)  # the module example uses them

#: The JSON document's version; bump it when a field changes meaning or goes away.
SCHEMA_VERSION = 1


def _number(value: float, unit: str) -> str:
    text = _signed(value, unit)
    # A bound of -0.0004 rounds to "-0.0": a value below zero the data never had.
    if text.startswith("-") and not text.split(" ")[0].strip("-0."):
        return text[1:]
    return text


def _signed(value: float, unit: str) -> str:
    if unit == "share":
        return f"{100 * value:.1f} %"
    if unit == "points":
        return f"{value:.1f}"
    return f"{value:.4g}" + (f" {unit}" if unit else "")


def _measured(e: Estimate, unit: str) -> str:
    # What was left out of n (clocks still running, tickets without a reply yet) is said
    # beside it, as the report says it: "no data" alone hid the tickets waiting for a reply.
    count = left_out(e)
    missing = f" missing={count}" if count else ""
    if e.value is None:
        return f"no data{missing}"
    lo = "?" if e.lower is None else _number(e.lower, unit)
    hi = "?" if e.upper is None else _number(e.upper, unit)
    return f"{_number(e.value, unit)} [{lo}, {hi}] n={e.n}{missing}"


def _gap_line(rank: int, g: Gap) -> str:
    short = "" if g.shortfall is None else f"{100 * g.shortfall:+.1f} %"
    note = f"  ({g.note})" if g.note else ""
    return (
        f"{rank:>3}  {g.verdict.value:<8} {short:>8}  {g.source:<8} {g.name}\n"
        f"     measured {_measured(g.estimate, g.unit)}; standard: {g.standard}{note}"
    )


def render_text(assessment: Assessment) -> str:
    """The assessment as plain text: the summary, then every gap ranked by shortfall.

    Examples:
        >>> from datetime import UTC, datetime
        >>> a = assess(Blueprint("Acme"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
        >>> "no gaps measured" in render_text(a)
        True
    """
    require_type(assessment, Assessment, "assessment")
    a = assessment
    bp = a.blueprint
    capped = a.refused_event is not None
    basis = snapshot_basis(a.basis, a.last_event, a.at.tzinfo, capped=capped)
    lines = [f"Assessment of the blueprint {bp.name!r} at {a.at.isoformat()}{basis}"]
    lines += [f"warning: {w}" for w in a.warnings()]
    if bp.support_model is not None:
        lines.append(f"support model: {bp.support_model.name}")
    lines.append(f"tickets: {a.tickets}; confidence level {level_percent(a.level)} %")
    if a.servqual is not None:
        overall = a.servqual.weighted or a.servqual.unweighted
        value = "no data" if overall.value is None else f"{overall.value:+.2f}"
        lines.append(f"SERVQUAL: {a.servqual.n} responses, overall gap {value}")
    if a.qa is not None:
        lines.append(f"QA: {a.qa.n} evaluations")
    counts = ", ".join(f"{k} {v}" for k, v in a.summary.items())
    lines += ["", f"Gaps, largest shortfall first ({counts}):"]
    lines.append(
        "  shortfall: the distance from the standard as a share of the way to the worst value"
    )
    if any(left_out(g.estimate) for g in a.gaps):
        lines.append(
            "  missing=: left out of n, not judged at the snapshot (a clock still running or "
            "paused, a time not yet stopped, a review window still open)"
        )
    if not a.gaps:
        lines.append("  no gaps measured: the blueprint has no standards or goals, or no data")
    lines += [_gap_line(i, g) for i, g in enumerate(a.gaps, start=1)]
    return "\n".join(lines) + "\n"


def assessment_to_dict(assessment: Assessment) -> dict[str, Any]:
    """The assessment as JSON-ready data (``schema_version``, summary, ranked gaps, parts).

    Examples:
        >>> from datetime import UTC, datetime
        >>> a = assess(Blueprint("Acme"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
        >>> sorted(assessment_to_dict(a))[:3], assessment_to_dict(a)["basis"]
        (['at', 'basis', 'blueprint'], 'at')
    """
    require_type(assessment, Assessment, "assessment")
    a = assessment
    bp = a.blueprint
    return {
        "schema_version": SCHEMA_VERSION,
        "blueprint": bp.name,
        "support_model": None if bp.support_model is None else bp.support_model.name,
        "at": a.at.isoformat(),
        "basis": a.basis,
        "last_event": None
        if a.last_event is None
        else a.last_event.astimezone(a.at.tzinfo).isoformat(),
        # An update after the time the assessment was made, refused as the snapshot.
        "refused_update": _shown(a.refused_update, a.at),
        "made_at": _shown(a.made_at, a.at),
        # The last event when after the time the assessment was made, refused alike.
        "refused_event": _shown(a.refused_event, a.at),
        "future_events": a.future_events,
        "future_tickets": a.future_tickets,
        "warnings": list(a.warnings()),
        "level": a.level,
        "tickets": a.tickets,
        "summary": a.summary,
        "gaps": [dict(g.to_dict(), rank=i) for i, g in enumerate(a.gaps, start=1)],
        "compliance": None if a.compliance is None else a.compliance.to_dict(),
        "goals": None if a.goals is None else [r.status.to_dict() for r in a.goals.goals],
        "servqual": None if a.servqual is None else a.servqual.to_records(),
        "qa": None if a.qa is None else a.qa.to_records(),
    }


def _shown(when: datetime | None, at: datetime) -> str | None:
    return None if when is None else when.astimezone(at.tzinfo).isoformat()


def render_json(assessment: Assessment) -> str:
    """The assessment as a JSON document (see ``assessment_to_dict``).

    Examples:
        >>> from datetime import UTC, datetime
        >>> a = assess(Blueprint("Acme"), [], at=datetime(2026, 3, 2, tzinfo=UTC))
        >>> import json
        >>> json.loads(render_json(a))["summary"]["met"]
        0
    """
    return json.dumps(assessment_to_dict(assessment), indent=2, allow_nan=False) + "\n"
