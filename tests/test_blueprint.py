"""The service blueprint: references checked with file and field, the example, the ranking."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, Gap, assess, rank, render_json, render_text
from servicemodel.errors import ConfigError
from servicemodel.goals import Comparator
from servicemodel.io import load_jsonl
from servicemodel.kpi import Estimate
from servicemodel.qa import load_evaluations
from servicemodel.servqual import responses_from_rows
from servicemodel.standards import Verdict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the example blueprint with the files it references."""
    shutil.copy(EXAMPLES / "blueprint.toml", tmp_path / "blueprint.toml")
    shutil.copy(EXAMPLES / "goals.toml", tmp_path / "goals.toml")
    (tmp_path / "policies").mkdir()
    shutil.copy(EXAMPLES / "policies" / "standard.toml", tmp_path / "policies")
    (tmp_path / "data").mkdir()
    shutil.copy(EXAMPLES / "data" / "qa_scorecard.toml", tmp_path / "data")
    return tmp_path


def _broken(folder: Path, old: str, new: str) -> str:
    f = folder / "blueprint.toml"
    text = f.read_text()
    assert old in text
    f.write_text(text.replace(old, new, 1))
    with pytest.raises(ConfigError) as info:
        Blueprint.from_file(f)
    return str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "starts"),
    [
        (
            "[standards.channels.web]",
            "[standards.channels.fax]",
            "standards.channels.fax: unknown channel",
        ),
        (
            'channels = ["email", "chat", "phone", "social", "web"]',
            'channels = ["email", "chat", "phone", "social"]',
            "standards.channels.web: channel 'web' is not one",
        ),
        (
            'first_reply = "4h"',
            'first_reply = "4 hours please"',
            "standards.channels.phone.first_reply: ",
        ),
        (
            'standard = "default"',
            'standard = "nope"',
            "sla.escalation.standard: unknown ladder 'nope'",
        ),
        (
            'enterprise = "key-accounts"',
            'vip = "key-accounts"',
            "sla.escalation.vip: unknown policy 'vip'",
        ),
        ('goals = "goals.toml"', 'goals = "no-goals.toml"', "goals: no such file 'no-goals.toml'"),
        (
            'scorecard = "data/qa_scorecard.toml"',
            'scorecard = "data/nope.toml"',
            "qa.scorecard: no such file",
        ),
        (
            "empathy = 15 }",
            "empathy = 10 }",
            "servqual.weights: points must sum to 100, got 95 (as stated by weights_total = 100)",
        ),
        ("empathy = 15 }", "empathy = 15, care = 0 }", "servqual.weights: not dimensions"),
        (
            'support_model = "one_team"',
            'support_model = "two_teams"',
            "support_model: unknown support model",
        ),
        ("pass_rate = 0.7", "pass_rate = 70", "qa.pass_rate: expected a share"),
        ("[servqual]", "[servqual]\ncolour = 1", "servqual.colour: unknown key"),
    ],
)
def test_errors_name_the_blueprint_file_and_the_field(
    folder: Path, old: str, new: str, starts: str
) -> None:
    message = _broken(folder, old, new)
    assert message.startswith(f"{folder / 'blueprint.toml'}: {starts}"), message


def test_an_error_inside_a_referenced_file_names_that_file(folder: Path) -> None:
    goals = folder / "goals.toml"
    goals.write_text(goals.read_text().replace('kpi = "nps"', 'kpi = "happiness"'))
    with pytest.raises(ConfigError) as info:
        Blueprint.from_file(folder / "blueprint.toml")
    assert str(info.value).startswith(f"{folder / 'blueprint.toml'}: goals[4].kpi: ")
    card = folder / "data" / "qa_scorecard.toml"
    card.write_text(
        card.read_text().replace('scale = "1-5", weight = 4', 'scale = "1-5", wieght = 4')
    )
    goals.write_text((EXAMPLES / "goals.toml").read_text())
    with pytest.raises(ConfigError) as info:
        Blueprint.from_file(folder / "blueprint.toml")
    assert str(info.value).startswith(f"{card}: sections[1].criteria[0].wieght: unknown key")


def test_a_goal_segment_channel_must_be_offered() -> None:
    goal = {
        "name": "g",
        "kpi": "csat",
        "comparator": ">=",
        "target": 0.9,
        "baseline": 0.8,
        "objective": "o",
        "segment": {"channel": "fax"},
        "start": "2026-08-03T00:00:00Z",
        "deadline": "2026-11-02T00:00:00Z",
    }
    with pytest.raises(ConfigError) as info:
        Blueprint.from_dict({"name": "x", "channels": ["email"], "goals": [goal]})
    assert info.value.path == "goals[0].segment.channel"


def test_the_example_blueprint_assesses_the_example_data() -> None:
    bp = Blueprint.from_file(EXAMPLES / "blueprint.toml")
    hs = load_jsonl(EXAMPLES / "data" / "tickets.jsonl").histories
    assert bp.scorecard is not None
    evaluations = load_evaluations(EXAMPLES / "data" / "qa_evaluations.csv", bp.scorecard)
    with open(EXAMPLES / "data" / "servqual.csv", newline="") as handle:
        survey = list(responses_from_rows(csv.DictReader(handle)))
    a = assess(bp, hs, survey=survey, evaluations=evaluations)
    sources = {g.source for g in a.gaps}
    assert sources == {"standard", "goal", "servqual", "qa"}
    assert a.tickets == len(hs)
    assert sum(a.summary.values()) == len(a.gaps)
    shortfalls = [g.shortfall for g in a.gaps if g.shortfall is not None]
    assert shortfalls == sorted(shortfalls, reverse=True)
    assert "Gaps, largest shortfall first" in render_text(a)
    assert render_json(a).count('"rank"') == len(a.gaps)


_gaps = st.builds(
    lambda v, src, name: Gap(
        src,
        name,
        "",
        None,
        Comparator.GE,
        0.5,
        "share",
        Estimate("x", v, 0 if v is None else 10),
        Verdict.NO_DATA if v is None else Verdict.MET,
        None if v is None else 0.5 - v,
    ),
    st.one_of(st.none(), st.floats(0, 1)),
    st.sampled_from(["standard", "goal", "servqual", "qa"]),
    st.text("abc", max_size=3),
)


@given(st.lists(_gaps, max_size=12))
def test_ranking_orders_by_shortfall_with_no_data_last(gaps: list[Gap]) -> None:
    ranked = rank(gaps)
    assert sorted(map(id, ranked)) == sorted(map(id, gaps))
    known = [g.shortfall for g in ranked if g.shortfall is not None]
    assert known == sorted(known, reverse=True)
    flags = [g.shortfall is None for g in ranked]
    assert flags == sorted(flags)
    assert rank(reversed(gaps)) == ranked or len(
        {(g.shortfall, g.source, g.name) for g in gaps}
    ) < len(gaps)
