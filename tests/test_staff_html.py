"""The staffing plan as an HTML page: heatmaps, the service-level curve, the check, the CLI.

The figures on the page are compared with the JSON output of the same command, formatted here
the way the docs say the page shows them; the heatmap's 7 × 48 cells are counted in its data
table (``data-key``) and in its SVG (one ``<use>`` per cell). The last test opens the staff
page and the assess page in headless Chromium.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import InputTypeError, StaffingError
from servicemodel.forecast import IntervalCheck, PlanCheck, check_plan
from servicemodel.report import _plan_page as plan_page
from servicemodel.report import render_plan_html
from servicemodel.simulate import RateProfile, SupportDesk, simulate
from servicemodel.staffing import ServiceLevelTarget, plan_intervals

ROOT = Path(__file__).resolve().parents[1]
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)
TARGET = [ServiceLevelTarget(0.8, 20)]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from servicemodel.io import dump_jsonl

    profile = RateProfile.weekly([1] * 8 + [12] * 10 + [2] * 6, days=[1, 1, 1, 1, 0.8, 0.2, 0.1])
    desk = SupportDesk(agents=4, arrivals=profile, handle_time=180)
    run = simulate(desk, MONDAY, MONDAY + timedelta(weeks=3, hours=1), seed=5)
    path = tmp_path_factory.mktemp("staff") / "tickets.jsonl"
    path.write_text(dump_jsonl(run.histories()), encoding="utf-8")
    return path


def _args(export: Path, *extra: str) -> list[str]:
    return [
        "staff",
        str(export),
        "--target",
        "80% in 20s",
        "--shrinkage",
        "0.3",
        "--aht",
        "3m",
        "--model",
        "erlang-a",
        "--patience",
        "5m",
        *extra,
    ]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    return status, capsys.readouterr().out


def _table(page: str, table_id: str) -> str:
    start = page.index(f'<table id="{table_id}"')
    return page[start : page.index("</table>", start)]


def _cells(page: str) -> dict[str, str]:
    """Every keyed cell's text (tags dropped, entities kept), by its data-key."""
    found = re.findall(r'<td class="num" data-key="([^"]+)">(.*?)</td>', page)
    return {key: re.sub(r"<[^>]+>", " ", body) for key, body in found}


def _pct(x: float) -> str:
    return f"{100 * x:.1f} %"


# --- the page from the command line -------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(export: Path) -> dict[str, str]:
    # One run of each format with the same check (same seed): the page and the JSON agree.
    out = {}
    for fmt in ("json", "html"):
        buf = io.StringIO()
        from servicemodel._staff_cli import main as staff

        argv = _args(export, "--check", "steady", "--seed", "3", "--format", fmt)[1:]
        assert staff(argv, buf) in (0, 1)
        out[fmt] = buf.getvalue()
    return out


def test_heatmaps_have_seven_by_forty_eight_cells(pages: dict[str, str]) -> None:
    page = pages["html"]
    for field in ("agents", "scheduled"):
        table = _table(page, f"chart-heatmap-{field}-data")
        body = table[table.index("<tbody>") :]
        rows = body.split("<tr>")[1:]
        assert len(rows) == 7
        assert [len(re.findall(rf'data-key="{field}\|\d+"', r)) for r in rows] == [48] * 7
        start = page.index(f'<figure id="chart-heatmap-{field}-figure"')
        svg = page[start : page.index("</svg>", start)]
        groups = re.findall(rf'<g id="chart-heatmap-{field}--marks-\d+">(.*?)</g>', svg, re.S)
        assert sum(g.count("<use ") for g in groups) == 7 * 48
        assert f'data-marks="{7 * 48}"' in page[start : start + 300]


def test_figures_on_the_page_equal_the_json(pages: dict[str, str]) -> None:
    records = json.loads(pages["json"])
    cells = _cells(pages["html"])
    for r in records:
        i = r["index"]
        assert cells[f"agents|{i}"].strip() == str(r["agents"])
        assert cells[f"scheduled|{i}"].strip() == str(r["scheduled"])
        if r["simulated"] is not None:
            got = cells[f"simulated|{i}"]
            assert _pct(r["simulated"]) in got
            assert f"[{100 * r['simulated_low']:.1f}, {100 * r['simulated_high']:.1f}]" in got
    assert any(r["simulated"] is not None for r in records)
    hours = sum(r["agents"] for r in records) / 2
    assert cells["plan|agent_hours"].strip() == f"{hours:.1f} h"
    sched = sum(r["scheduled"] for r in records) / 2
    assert cells["plan|scheduled_hours"].strip() == f"{sched:.1f} h"
    assert cells["plan|peak_agents"].strip() == str(max(r["agents"] for r in records))
    # The curve's row at the plan's agents is the plan row's service level.
    peak = max(records, key=lambda r: r["calls"])
    assert cells[f"curve|service_level|{peak['agents']}"].strip() == _pct(peak["service_level"])


def test_the_page_is_self_contained_and_labelled(pages: dict[str, str]) -> None:
    page = pages["html"]
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "@media print" in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for cid in (
        "chart-heatmap-agents",
        "chart-heatmap-scheduled",
        "chart-service-curve",
        "chart-check",
    ):
        assert f'aria-labelledby="{cid}-title {cid}-desc"' in page
        folded = '<details><summary>Data of this chart</summary><div class="scroll">'
        assert f'{folded}<table id="{cid}-data"' in page


def test_same_plan_same_bytes(export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = _run(_args(export, "--format", "html"), capsys)
    assert first == _run(_args(export, "--format", "html"), capsys)
    assert first[0] == 0


def test_output_file_and_exit_codes(
    export: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "plan.html"
    assert main(_args(export, "--format", "html", "-o", str(target))) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(_args(export, "--format", "html", "-o", str(tmp_path / "no" / "x.html"))) == 2
    assert capsys.readouterr().err.startswith("servicemodel staff: error:")
    assert main(["staff", str(export), "--target", "80 percent", "--format", "html"]) == 2

    # A check that finds a short interval: the plan is written, the status says so.
    from servicemodel import _staff_cli

    def short(plan, *, mode, seed):  # a stand-in for check_plan
        row = next(r for r in plan.rows if r.agents)
        c = IntervalCheck(row.index, row.start, row.agents, 0.8, 0.81, 0.5, 0.4, 0.6, 30)
        return PlanCheck(within=20.0, level=0.95, intervals=(c,))

    monkeypatch.setattr(_staff_cli, "check_plan", short)
    status, out = _run(_args(export, "--check", "week", "--format", "text"), capsys)
    assert status == 1
    assert "1 interval(s) short" in out


def test_hostile_file_name_is_escaped(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "<img src=x onerror='alert(1)'>&.jsonl"  # no slash: a file name
    hostile.write_bytes(export.read_bytes())
    status, page = _run(_args(hostile, "--format", "html"), capsys)
    assert status == 0
    assert "<img" not in page
    assert "&lt;img src=x onerror=&#x27;alert(1)&#x27;&gt;&amp;.jsonl" in page


# --- the renderer --------------------------------------------------------------------------------


def test_without_matplotlib_every_table_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_intervals([0, 40, 100] * 112, aht=180, targets=TARGET, start=MONDAY)
    monkeypatch.setattr(plan_page, "have_matplotlib", lambda: False)
    page = render_plan_html(plan)
    assert "<svg" not in page
    assert "pip install &#x27;servicemodel[report]&#x27;" in page
    assert len(re.findall(r'data-key="agents\|', page)) == 336


def test_bad_input_is_a_specific_error() -> None:
    plan = plan_intervals([0, 100], aht=180, targets=TARGET)
    with pytest.raises(InputTypeError, match="WeeklyPlan"):
        render_plan_html("plan")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="PlanCheck"):
        render_plan_html(plan, check="check")  # type: ignore[arg-type]
    with pytest.raises(StaffingError, match="interval"):
        render_plan_html(plan, interval=5)
    with pytest.raises(StaffingError, match="no contacts"):
        render_plan_html(plan, interval=0)
    other = check_plan(plan_intervals([50] * 4, aht=180, targets=TARGET), batches=3)
    with pytest.raises(StaffingError, match="not its check"):
        render_plan_html(plan, other)


@given(st.lists(st.integers(0, 60), min_size=336, max_size=336))
def test_heatmap_cells_are_the_plan_rows(calls: list[int]) -> None:
    plan = plan_intervals(calls, aht=120, targets=TARGET, start=MONDAY)
    cells = _cells(render_plan_html(plan, charts=False))
    for r in plan.rows:
        assert cells[f"agents|{r.index}"].strip() == str(r.agents)
        assert cells[f"scheduled|{r.index}"].strip() == str(r.scheduled)


# --- frames --------------------------------------------------------------------------------------


def test_frames_keep_start_as_datetimes_across_dst() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # The week of the spring change (29 March 2026): rows carry +01:00 and +02:00.
    plan = plan_intervals(
        [10] * 336, aht=180, targets=TARGET, start=datetime(2026, 3, 23, tzinfo=berlin)
    )
    assert {r.start.utcoffset() for r in plan.rows if r.start} == {
        timedelta(hours=1),
        timedelta(hours=2),
    }
    frame = plan.to_frame()
    assert str(frame["start"].dtype) == "datetime64[ns, Europe/Berlin]"
    pframe = plan.to_polars()
    assert str(pframe.schema["start"]) == "Datetime(time_unit='us', time_zone='Europe/Berlin')"
    instants = [r.start.astimezone(UTC) for r in plan.rows if r.start]
    assert [t.to_pydatetime().astimezone(UTC) for t in frame["start"]] == instants
    assert [t.astimezone(UTC) for t in pframe["start"].to_list()] == instants
    assert list(frame.columns) == pframe.columns
    assert frame["agents"].tolist() == pframe["agents"].to_list()


def test_frames_of_mixed_fixed_offsets_are_in_utc() -> None:
    plan = plan_intervals([10, 20], aht=180, targets=TARGET, start=MONDAY)
    rows = (
        attrs.evolve(
            plan.rows[0], start=datetime(2026, 3, 2, 9, tzinfo=timezone(timedelta(hours=1)))
        ),
        attrs.evolve(
            plan.rows[1], start=datetime(2026, 3, 2, 11, tzinfo=timezone(timedelta(hours=2)))
        ),
    )
    mixed = attrs.evolve(plan, rows=rows)
    frame = mixed.to_frame()
    assert str(frame["start"].dtype) == "datetime64[ns, UTC]"
    assert [t.hour for t in frame["start"]] == [8, 9]
    assert mixed.to_polars()["start"].to_list()[1] == datetime(
        2026, 3, 2, 9, tzinfo=ZoneInfo("UTC")
    )


# --- in a browser --------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary: apt-get install chromium")
def test_staff_and_assess_pages_in_chromium(
    pages: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from playwright.sync_api import sync_playwright

    from test_report_browser import _COUNTS, FLAGS

    examples = ROOT / "examples"
    assess = [
        "assess",
        str(examples / "blueprint.toml"),
        str(examples / "data" / "tickets.jsonl"),
        "--survey",
        str(examples / "data" / "servqual.csv"),
        "--qa",
        str(examples / "data" / "qa_evaluations.csv"),
        "--format",
        "html",
    ]
    assert main(assess) == 0
    files = {"staff": tmp_path / "plan.html", "assess": tmp_path / "assess.html"}
    files["staff"].write_text(pages["html"], encoding="utf-8")
    files["assess"].write_text(capsys.readouterr().out, encoding="utf-8")

    errors: list[str] = []
    requests: list[str] = []
    seen = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            for name, path in files.items():
                page.goto(path.as_uri(), wait_until="load")
                charts = page.eval_on_selector_all(
                    "figure[data-chart]",
                    "fs => fs.map(f => [f.dataset.chart, +f.dataset.series, +f.dataset.marks])",
                )
                seen[name] = [(c, s, m, page.evaluate(_COUNTS, c)) for c, s, m in charts]
        finally:
            browser.close()

    assert errors == []
    urls = {p.as_uri() for p in files.values()}
    assert [r for r in requests if r not in urls and not r.startswith("data:")] == []
    assert [c for c, *_ in seen["staff"]] == [
        "chart-heatmap-agents",
        "chart-heatmap-scheduled",
        "chart-service-curve",
        "chart-check",
    ]
    assert [c for c, *_ in seen["assess"]] == ["chart-gaps"]
    for cid, series, marks, got in seen["staff"] + seen["assess"]:
        assert got["svg"] == 1, cid
        assert got["width"] > 300, cid
        assert (got["series"], got["marks"]) == (series, marks), cid
        assert marks > 0, cid


# --- a long chart title is shortened to end inside its figure, as the report's are -------------


def test_a_long_chart_title_ends_inside_the_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("matplotlib")
    from servicemodel.report import _plan_charts as charts

    plan = plan_intervals([30] * 96, aht=180, targets=TARGET)
    check = check_plan(plan, batches=3)
    long = "Service level against agents, " + "a very long interval label " * 8
    seen: list[tuple[str, float, float]] = []
    to_svg = charts.to_svg

    def measured(fig, chart_id, title, desc, *args, **kwargs):  # type: ignore[no-untyped-def]
        fig.draw_without_rendering()
        drawn = fig.axes[0]._left_title  # the title at loc="left", where the charts put it
        seen.append((drawn.get_text(), drawn.get_window_extent().x1, fig.bbox.x1))
        return to_svg(fig, chart_id, title, desc, *args, **kwargs)

    monkeypatch.setattr(charts, "to_svg", measured)
    days, per_day = 2, 48
    values = [int(r.agents) for r in plan.rows]
    heat = attrs.evolve(charts.heatmap_chart(plan, "agents", draw=False), title=long)
    curve = attrs.evolve(charts.service_curve_chart(plan, 0, draw=False), title=long)
    checked = attrs.evolve(charts.check_chart(plan, check, draw=False), title=long)
    svgs = [
        charts._heatmap_svg(heat, values, days, per_day),
        charts._curve_svg(curve, charts.curve_points(plan, 0), plan.rows[0].agents, 0.8),
        charts._check_svg(checked, plan, check),
    ]
    assert len(seen) == 3
    for (text, right, edge), svg in zip(seen, svgs, strict=True):
        assert right <= edge
        assert "…" in text
        assert len(text) < len(long)
        assert long.strip() in svg  # the whole title stays the SVG's <title>


def test_a_short_chart_title_is_drawn_whole() -> None:
    pytest.importorskip("matplotlib")
    plan = plan_intervals([30] * 96, aht=180, targets=TARGET)
    page = render_plan_html(plan)
    drawn = re.findall(r"<text[^>]*>([^<]*(?:per interval|against agents)[^<]*)</text>", page)
    assert drawn == [
        "Agents needed per interval",
        "Scheduled staff after shrinkage per interval",
        "Service level against agents, Day 1 00:00",
    ]
