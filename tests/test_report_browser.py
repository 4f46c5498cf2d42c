"""The HTML report of the sample data in a real browser (headless Chromium through Playwright).

Checks: no console error, no network request (only the file itself and data: URIs), every
chart drawn with the series and marks its data calls for, and every figure of the JSON report
shown on the page as the docs say. Skipped only where no ``chromium`` binary exists (install it
with ``apt-get install chromium``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from _report_figures import json_figures, shown
from servicemodel.cli import main

ROOT = Path(__file__).resolve().parents[1]
ARGS = [
    str(ROOT / "examples" / "data" / "tickets.jsonl"),
    "--tz",
    "Europe/Berlin",
    "--policy",
    str(ROOT / "examples" / "policies" / "standard.toml"),
    "--goals",
    str(ROOT / "examples" / "goals.toml"),
]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary: apt-get install chromium"
)

_COUNTS = """cid => ({
  series: document.querySelectorAll(`g[id^="${cid}--series-"]`).length,
  marks: document.querySelectorAll(`g[id^="${cid}--marks-"] use`).length,
  svg: document.querySelectorAll(`figure[data-chart="${cid}"] svg[role="img"] > title`).length,
  width: document.querySelector(`figure[data-chart="${cid}"]`).getBoundingClientRect().width,
})"""

_CELLS = """() => Object.fromEntries(
  [...document.querySelectorAll('[data-key]')].map(e => [e.dataset.key, e.innerText]))"""


def _interval(lower, upper, unit):
    if lower is None and upper is None:
        return ""

    def one(x):
        if x is None:
            return "?"
        return {"share": f"{100 * x:.1f}", "points": f"{x:.1f}", "h": f"{x:.2f}"}.get(
            unit, f"{x:.3g}"
        )

    return f"[{one(lower)}, {one(upper)}]"


def _expected_charts(data):
    """Series and marks each chart must hold, from the JSON report alone."""
    out = {}
    weeks = data["kpi"]["by_week"].values()
    for key, rec in data["kpi"]["overall"].items():
        marks = sum(1 for w in weeks if w[key]["value"] is not None)
        series = (1 if marks else 0) + (1 if rec["value"] is not None else 0)
        out[f"chart-kpi-{key.replace('_', '-')}"] = (series, marks)
    rows = data["sla"]["attainment"] + data["sla"]["by_metric"]
    valued = [r for r in rows if r["attainment"] is not None]
    out["chart-sla"] = (len({r["priority"] for r in valued}), len(valued))
    for i, g in enumerate(data["goals"]["goals"]):
        marks = sum(1 for p in g["series"] if p["value"] is not None)
        has_trend = g["status"]["projection"] is not None
        joined = any(p["value"] is not None and p["partial"] is None for p in g["series"])
        out[f"chart-goal-{i}"] = (joined + 1 + has_trend, marks)
    curves = 1 + len(data["overview"]["by_channel"])  # overall and one per channel
    out["chart-survival-first-reply"] = (curves, curves)
    out["chart-survival-resolution"] = (curves, curves)
    return out


def test_sample_report_in_chromium(tmp_path, capsys):
    from playwright.sync_api import sync_playwright

    assert main(["report", *ARGS, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert main(["report", *ARGS, "--format", "html"]) == 0  # no -o: standard output
    page_file = tmp_path / "report.html"
    page_file.write_text(capsys.readouterr().out, encoding="utf-8")
    url = page_file.as_uri()

    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url, wait_until="load")
            charts = page.eval_on_selector_all(
                "figure[data-chart]",
                "fs => fs.map(f => [f.dataset.chart, +f.dataset.series, +f.dataset.marks])",
            )
            counts = {cid: page.evaluate(_COUNTS, cid) for cid, _, _ in charts}
            cells = page.evaluate(_CELLS)
            text = page.inner_text("body")
        finally:
            browser.close()

    assert errors == []
    assert [r for r in requests if r != url and not r.startswith("data:")] == []

    expected = _expected_charts(data)
    assert set(expected) <= {cid for cid, _, _ in charts}
    for cid, series, marks in charts:
        got = counts[cid]
        assert got["svg"] == 1, cid  # drawn, with its title
        assert got["width"] > 100, cid
        assert (got["series"], got["marks"]) == (series, marks), cid
        if cid in expected:
            assert (series, marks) == expected[cid], cid

    figures = json_figures(data)
    assert set(figures) <= set(cells)
    for key, fig in figures.items():
        cell = cells[key]
        assert shown(fig["value"], fig["unit"]) in cell, key
        assert _interval(fig["lower"], fig["upper"], fig["unit"]) in cell, key
        if fig["n"] is not None and fig["unit"] != "count":
            assert f"n={fig['n']}" in cell, key
    assert "SLA attainment" in text
    assert "Goals at" in text
