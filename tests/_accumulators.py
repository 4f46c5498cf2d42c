"""The parameters an empty accumulator must share with a drawn one to merge with it."""

from __future__ import annotations

from typing import Any

from servicemodel import kpi
from servicemodel.journey import JourneyStats
from servicemodel.qa import QAScores
from servicemodel.servqual import Servqual
from servicemodel.sla import SLALeftOut


def empty_options(acc: Any) -> dict[str, Any]:
    """Keyword arguments for ``type(acc).empty(...)`` giving an empty ``acc`` of its kind."""
    if isinstance(acc, SLALeftOut):
        return {"policies": acc.policies}
    if isinstance(acc, QAScores):
        return {"scorecard": acc.scorecard}
    if isinstance(acc, Servqual):
        return {"instrument": acc.instrument}
    if isinstance(acc, kpi.CSAT):
        return {"low": acc.low, "high": acc.high, "satisfied_from": acc.satisfied_from}
    if isinstance(acc, kpi.CES):
        return {"version": acc.version}
    if isinstance(acc, (kpi.Backlog, kpi.FirstReplySurvival)):
        return {"as_of": acc.as_of}
    if isinstance(acc, kpi.ResolutionSurvival):
        return {"as_of": acc.as_of, "which": acc.which}
    if isinstance(acc, kpi.Ratings):
        inner = acc.accumulator
        return {"accumulator": type(inner).empty(**empty_options(inner))}
    if isinstance(acc, kpi.LeaveOutPartial):
        return {"inner": type(acc.inner).empty(**empty_options(acc.inner))}
    if isinstance(acc, JourneyStats):
        return {"journey": acc.journey}
    return {}
