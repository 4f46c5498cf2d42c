"""Test helper: the figures of a JSON report, found by walking the JSON (not the renderers).

Each figure is keyed ``section|metric|segment|period`` as the CSV and the HTML's ``data-key``
name it, with its value, interval, ``n`` and unit, and shown the way the docs say the HTML and
Markdown reports show a number (shares in percent with one decimal, points with one, hours
with two).
"""

from __future__ import annotations

from typing import Any

KPI_KEYS = ("csat", "nps", "frt_p50", "frt_p90", "resolution_p50", "resolution_p90")
KPI_KEYS += ("fcr", "reopen_rate")


def _fig(value: Any, unit: str, lower: Any = None, upper: Any = None, n: Any = None) -> dict:
    return {"value": value, "lower": lower, "upper": upper, "n": n, "unit": unit}


def _kpi(out: dict, scope: dict, segment: str, period: str) -> None:
    for key, rec in scope.items():
        out[f"kpi|{key}|{segment}|{period}"] = _fig(
            rec["value"], rec["unit"], rec["lower"], rec["upper"], rec["n"]
        )


def json_figures(data: dict[str, Any], by_policy: int = 0) -> dict[str, dict[str, Any]]:
    """Return ``{key: figure}`` for every figure of the JSON report ``data``."""
    out: dict[str, dict[str, Any]] = {}
    ov = data["overview"]
    out["overview|tickets||"] = _fig(ov["tickets"], "count")
    out["overview|events||"] = _fig(ov["events"], "count")
    for name in ("channel", "priority", "status"):
        for label, n in ov[f"by_{name}"].items():
            out[f"overview|tickets|{name}={label}|"] = _fig(n, "count")
    for week, n in ov["by_week"].items():
        out[f"overview|tickets||{week}"] = _fig(n, "count")
    kpi = data["kpi"]
    _kpi(out, kpi["overall"], "", "")
    for label, scope in kpi["by_channel"].items():
        _kpi(out, scope, f"channel={label}", "")
    for label, scope in kpi["by_week"].items():
        _kpi(out, scope, "", label)
    for label, scope in kpi["by_breakdown"].items():
        _kpi(out, scope, f"{kpi['breakdown']}={label}", "")
    sla = data.get("sla")
    if sla is not None:
        for rec in sla["attainment"] + sla["by_metric"]:
            seg = "" if rec["priority"] is None else f"priority={rec['priority']}"
            out[f"sla|{rec['metric']} attainment|{seg}|"] = _fig(
                rec["attainment"], "share", rec["attainment_lower"], rec["attainment_upper"],
                rec["achieved"] + rec["breached"],
            )  # fmt: skip
        for rec in sla["times"]:
            for stat in ("median", "p90"):
                out[f"sla|{rec['metric']} {stat}|base={rec['base_kind']}|"] = _fig(
                    rec[f"{stat}_hours"], "h", rec[f"{stat}_lower_hours"],
                    rec[f"{stat}_upper_hours"], rec["n"],
                )  # fmt: skip
        for rank, b in enumerate(sla["worst_breaches"], 1):
            seg = (
                f"rank={rank};ticket={b['ticket']};policy={b['policy']};metric={b['metric']};"
                f"priority={b['priority']}"
            )
            out[f"sla|breach overrun|{seg}|"] = _fig(b["overrun_hours"], "h")
    goals = data.get("goals")
    if goals is not None:
        for g in goals["goals"]:
            seg = f"goal={g['name']}"
            unit = g["unit"]
            out[f"goals|target|{seg}|"] = _fig(g["goal"]["target"], unit)
            out[f"goals|progress|{seg}|"] = _fig(g["status"]["progress"], "share")
            out[f"goals|projection|{seg}|"] = _fig(g["status"]["projection"], unit)
            for p in g["series"]:
                out[f"goals|value|{seg}|{p['period']}"] = _fig(
                    p["value"], unit, p["lower"], p["upper"], p["n"]
                )
    return out


def shown(value: Any, unit: str) -> str:
    """The value as the report shows it (documented in docs/report.md)."""
    if value is None:
        return "–"
    if unit == "share":
        return f"{100 * value:.1f} %"
    if unit == "points":
        return f"{value:.1f}"
    if unit == "count":
        return str(value)
    if unit == "h":
        return f"{value:.2f} h"
    return f"{value:.3g} {unit}".strip()
