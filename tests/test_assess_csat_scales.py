"""``servicemodel assess`` and ``servicemodel report`` agree on the CSAT of any export.

On a 1-7 export assess stopped with "CSAT score 6 is outside the scale 1..5" (naming no file
or ticket) while report read it; on a Zendesk good/bad export it counted "good" unsatisfied.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from servicemodel.cli import main
from servicemodel.io import dump_jsonl, zendesk
from servicemodel.model import SatisfactionRating, Ticket, TicketHistory

ZENDESK = Path(__file__).parent / "data" / "zendesk"
BLUEPRINT = """\
name = "x"
[standards]
name = "s"
[standards.quality]
csat = 0.8
"""
FIGURES = ("value", "lower", "upper", "n", "missing")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(list(args)) == 0
    doc: dict[str, Any] = json.loads(capsys.readouterr().out)
    return doc


def _both(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> dict[str, Any]:
    """The export's CSAT by assess (all channels) and by report (overall), which must agree."""
    export = tmp_path / "tickets.jsonl"
    export.write_text(text, encoding="utf-8")
    blueprint = tmp_path / "blueprint.toml"
    blueprint.write_text(BLUEPRINT, encoding="utf-8")
    assessed = _run(capsys, "assess", str(blueprint), str(export), "--format", "json")
    (check,) = assessed["compliance"]["checks"]
    reported = _run(capsys, "report", str(export), "--format", "json")["kpi"]["overall"]["csat"]
    assert {k: check[k] for k in FIGURES} == {k: reported[k] for k in FIGURES}
    return reported


def test_a_one_to_seven_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    t0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
    hs = [
        TicketHistory(
            Ticket(f"T{i}", t0 + timedelta(hours=i)),
            [SatisfactionRating("s", t0 + timedelta(hours=i, minutes=30), score=s, scale_max=7)],
        )
        for i, s in enumerate((7, 6, 4, 5, 6))
    ]
    csat = _both(tmp_path, capsys, dump_jsonl(hs))
    assert (csat["n"], csat["value"]) == (5, 3 / 5)  # 6-7 of 1-7; the 4 is not satisfied


def test_a_zendesk_good_bad_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loaded = zendesk.load([ZENDESK / "tickets_page1.json"])
    csat = _both(tmp_path, capsys, dump_jsonl(loaded.histories))
    assert (csat["n"], csat["value"]) == (2, 1 / 2)  # one "good", one "bad"
