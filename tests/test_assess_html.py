"""The blueprint assessment as an HTML page: the JSON's figures, verdicts in words, the CLI.

Every figure of the JSON output is looked up on the page by its ``data-key`` and compared with
the JSON value formatted the way the docs say the page shows a number (shares in percent with
one decimal, points with one, other units to three significant digits).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess, render_html, render_json
from servicemodel.blueprint import _html as assess_html
from servicemodel.cli import main
from servicemodel.errors import InputTypeError
from servicemodel.io import load_jsonl
from servicemodel.qa import load_evaluations

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BLUEPRINT = str(EXAMPLES / "blueprint.toml")
TICKETS = str(EXAMPLES / "data" / "tickets.jsonl")
SURVEY = str(EXAMPLES / "data" / "servqual.csv")
QA = str(EXAMPLES / "data" / "qa_evaluations.csv")
WORDS = {"met": "✓ met", "at_risk": "! at risk", "missed": "✗ missed", "no_data": "– no data"}


def _no_negative_zero(text: str) -> str:
    # The page never shows "-0.0" (a rounded -0.0004 is not below zero): it was wrong to expect.
    return re.sub(r"^-(0(?:\.0+)?)(?= |$)", r"\1", text)


def _shown(value: float | None, unit: str) -> str:
    return _no_negative_zero(_shown_signed(value, unit))


def _shown_signed(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "share":
        return f"{100 * value:.1f} %"
    if unit == "points":
        return f"{value:.1f}"
    if unit == "h":
        return f"{value:.2f} h"
    return f"{value:.3g}" + (f" {unit}" if unit else "")


def _bound(x: float | None, unit: str) -> str:
    return _no_negative_zero(_bound_signed(x, unit))


def _bound_signed(x: float | None, unit: str) -> str:
    if x is None:
        return "?"
    if unit == "share":
        return f"{100 * x:.1f}"
    if unit == "points":
        return f"{x:.1f}"
    return f"{x:.2f}" if unit == "h" else f"{x:.3g}"


def _cells(page: str) -> dict[str, str]:
    found = re.findall(r'<td class="num" data-key="([^"]+)">(.*?)</td>', page)
    return {key: re.sub(r"<[^>]+>", " ", body) for key, body in found}


def _check(
    cell: str, value: float | None, lower: float | None, upper: float | None, n: int, unit: str
) -> None:
    assert _shown(value, unit) in cell
    if lower is not None or upper is not None:
        assert f"[{_bound(lower, unit)}, {_bound(upper, unit)}]" in cell
    assert f"n={n}" in cell


@pytest.fixture(scope="module")
def sample() -> tuple[dict, str]:
    from servicemodel._assess_cli import _survey

    bp = Blueprint.from_file(BLUEPRINT)
    survey = _survey(SURVEY, bp.servqual_instrument)
    assert bp.scorecard is not None
    evaluations = list(load_evaluations(QA, bp.scorecard))
    a = assess(bp, load_jsonl(TICKETS).histories, survey=survey, evaluations=evaluations)
    return json.loads(render_json(a)), render_html(a)


def test_every_gap_of_the_json_is_on_the_page(sample: tuple[dict, str]) -> None:
    data, page = sample
    cells = _cells(page)
    assert data["gaps"]
    for g in data["gaps"]:
        r = g["rank"]
        _check(cells[f"gap|value|{r}"], g["value"], g["lower"], g["upper"], g["n"], g["unit"])
        want = "–" if g["shortfall"] is None else f"{100 * g['shortfall']:+.1f} %"
        assert cells[f"gap|shortfall|{r}"].strip() == want
    # The ranked table: one row per gap, in rank order, each saying its verdict in words.
    table = page[page.index('<table id="gaps-table"') :]
    rows = table[: table.index("</table>")].split("<tr>")[2:]
    assert len(rows) == len(data["gaps"])
    for row, g in zip(rows, data["gaps"], strict=True):
        assert WORDS[g["verdict"]] in row
        assert row.startswith(f'<th scope="row">{g["rank"]}</th>')


def test_compliance_servqual_and_qa_of_the_json_are_on_the_page(sample: tuple[dict, str]) -> None:
    data, page = sample
    cells = _cells(page)
    for c in data["compliance"]["checks"]:
        key = f"compliance|{c['channel']}|{c['metric']}|{c['priority'] or ''}"
        _check(cells[key], c["value"], c["lower"], c["upper"], c["n"], c["unit"])
    channels = {c["channel"] for c in data["compliance"]["checks"]}
    assert all(f"<caption>Channel: {ch}</caption>" in page for ch in channels)
    for row in data["servqual"]:
        cell = cells[f"servqual|{row['dimension']}"]
        _check(cell, row["gap"], row["lower"], row["upper"], row["n"], "points")
    for row in data["qa"]:
        unit = "" if row["metric"] == "QA score" else "share"
        _check(
            cells[f"qa|{row['metric']}"], row["value"], row["lower"], row["upper"], row["n"], unit
        )


def test_the_chart_marks_every_measured_gap_by_shape_and_words(sample: tuple[dict, str]) -> None:
    data, page = sample
    measured = [g for g in data["gaps"] if g["shortfall"] is not None]
    start = page.index('<figure id="chart-gaps-figure"')
    figure = page[start : page.index("</figure>", start)]
    assert f'data-marks="{len(measured)}"' in figure
    for verdict in ("met", "at_risk", "missed"):
        mine = [g for g in measured if g["verdict"] == verdict]
        group = re.search(rf'<g id="chart-gaps--marks-{verdict}">(.*?)</g>', figure, re.S)
        assert (group.group(1).count("<use ") if group else 0) == len(mine), verdict
        words = WORDS[verdict].split(" ", 1)[1]
        # Each bar is labelled with its verdict in text, not only its colour.
        assert figure.count(f">{words} ") >= len(mine)
    assert len(re.findall(r'<g id="chart-gaps--series-bar-\d+"', figure)) == len(measured)


def test_same_assessment_same_bytes_and_nothing_fetched(sample: tuple[dict, str]) -> None:
    _, page = sample
    assert "<script" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


HOSTILE = "<script>alert('x')</script>"


def _hostile() -> Blueprint:
    return Blueprint.from_toml(f'''
name = "{HOSTILE} & co"
[standards]
name = "s"
quality = {{ nps = 30 }}
''')


def test_hostile_names_are_escaped_and_bytes_repeat() -> None:
    a = assess(_hostile(), [], at=datetime(2026, 3, 2, tzinfo=UTC))
    page = render_html(a)
    assert page == render_html(a)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; co" in page
    assert WORDS["no_data"] in page


def test_without_matplotlib_the_tables_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    bp = Blueprint.from_file(BLUEPRINT)
    a = assess(bp, load_jsonl(TICKETS).histories)
    monkeypatch.setattr(assess_html, "have_matplotlib", lambda: False)
    page = render_html(a)
    assert "<svg" not in page
    assert "pip install &#x27;servicemodel[report]&#x27;" in page
    assert len(re.findall(r'data-key="gap\|value\|', page)) == len(a.gaps)


def test_render_html_refuses_other_values() -> None:
    with pytest.raises(InputTypeError, match="Assessment"):
        render_html("assessment")  # type: ignore[arg-type]


@given(st.text(min_size=1, max_size=30))
def test_any_blueprint_name_is_escaped(name: str) -> None:
    from html import escape

    a = assess(Blueprint(name), [], at=datetime(2026, 3, 2, tzinfo=UTC))
    page = render_html(a, charts=False)
    assert f"<h1>servicemodel assessment: {escape(name)}</h1>" in page
    assert page.count("<h1>") == 1


# --- the command ---------------------------------------------------------------------------------


def test_assess_html_to_a_file_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "assess.html"
    assert main(["assess", BLUEPRINT, TICKETS, "--format", "html", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.endswith("</html>\n")
    assert main(["assess", BLUEPRINT, TICKETS, "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == page
    assert main(["assess", "missing.toml", TICKETS, "--format", "html"]) == 2
    at = "2020-01-01T00:00:00+00:00"
    assert main(["assess", BLUEPRINT, TICKETS, "--format", "html", "--at", at]) == 3


def test_a_long_gap_name_is_whole_in_the_table_and_shortened_on_its_tick() -> None:
    # The gap chart cut a name after 37 characters everywhere, its data table too (the
    # chart's text alternative), and kept a newline in the tick label; ticks now follow the
    # charts' rule (cut in the middle, on one line) and the table keeps the whole name.
    import attrs

    bp = Blueprint.from_file(BLUEPRINT)
    a = assess(bp, load_jsonl(TICKETS).histories)
    name = "first reply, every queue of the\nsecond-line billing team, weekdays"
    measured = next(i for i, g in enumerate(a.gaps) if g.shortfall is not None)
    gaps = list(a.gaps)
    gaps[measured] = attrs.evolve(gaps[measured], name=name)
    chart = assess_html.gap_chart(attrs.evolve(a, gaps=tuple(gaps)), draw=False)
    assert any(row[0].text == f"{name} ({gaps[measured].source})" for row in chart.table.rows)
    tick = assess_html._label(gaps[measured], assess_html._TICK_WIDTH)
    assert "\n" not in tick
    assert "…" in tick
    assert len(tick) == assess_html._TICK_WIDTH + len(f" ({gaps[measured].source})")
