"""Fuzz the configuration readers with valid example configs mutated at random paths.

Bases come from the shipped examples (``examples/policies/standard.toml``,
``examples/goals.toml``, ``examples/data/journeys.jsonl``), the escalation docs' ladder and the
support presets. Only the error contract is checked: a config that still loads is fine.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.calendar import BusinessCalendar
from servicemodel.escalation import EscalationLadder
from servicemodel.goals import SmartGoal, goals_from_dict, goals_from_toml
from servicemodel.journey import Journey, JourneyEvent
from servicemodel.sla import PolicySet
from servicemodel.support import SupportModel

from .conftest import assert_contract, fuzz_settings
from .encode import to_json
from .hostile import DEPTH, hostile, mutated

pytestmark = pytest.mark.fuzz

_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
POLICY_TOML = (_EXAMPLES / "policies" / "standard.toml").read_text(encoding="utf-8")
GOALS_TOML = (_EXAMPLES / "goals.toml").read_text(encoding="utf-8")
POLICIES = tomllib.loads(POLICY_TOML)
GOALS = tomllib.loads(GOALS_TOML)
CALENDAR = {
    **POLICIES["calendars"]["berlin_office"],
    "holidays": [
        "2026-01-01",
        {"rrule": "DTSTART:20260101T000000\nRRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"},
    ],
}
LADDER = {
    "levels": [
        {"name": "warn", "trigger": "75%", "targets": ["team-lead"]},
        {"name": "breach", "trigger": "breach", "targets": ["duty-manager"]},
        {
            "name": "L2",
            "trigger": {"after_breach": "2h", "time": "calendar"},
            "targets": ["tier-2"],
            "action": "assign",
        },
    ],
    "repeat": {"every": "1h", "times": 2},
}
with (_EXAMPLES / "data" / "journeys.jsonl").open(encoding="utf-8") as _fh:
    JOURNEY_EVENT = json.loads(_fh.readline())
SUPPORT = SupportModel.preset("tiered").to_dict()

#: (name, reader, valid base config) for every dict reader.
DICT_READERS: list[tuple[str, Callable[[Any], Any], Any]] = [
    ("BusinessCalendar.from_dict", BusinessCalendar.from_dict, CALENDAR),
    ("PolicySet.from_dict", PolicySet.from_dict, POLICIES),
    ("EscalationLadder.from_dict", EscalationLadder.from_dict, LADDER),
    ("goals_from_dict", goals_from_dict, GOALS),
    ("SmartGoal.from_dict", SmartGoal.from_dict, GOALS["goals"][0]),
    ("JourneyEvent.from_dict", JourneyEvent.from_dict, JOURNEY_EVENT),
    ("SupportModel.from_dict", SupportModel.from_dict, SUPPORT),
]
_BY_NAME = {name: (fn, base) for name, fn, base in DICT_READERS}


def test_bases_are_valid() -> None:
    for _name, fn, base in DICT_READERS:
        fn(base)
    PolicySet.from_toml(POLICY_TOML)
    goals_from_toml(GOALS_TOML)


def _dict_harness(name: str, examples: int) -> Callable[..., None]:
    fn, base = _BY_NAME[name]

    @fuzz_settings(examples)
    @given(config=mutated(base))
    def harness(config: Any) -> None:
        assert_contract(fn, config)

    harness.__name__ = harness.__qualname__ = f"test_{name.replace('.', '_')}"
    return pytest.mark.fuzz(harness)


test_BusinessCalendar_from_dict = _dict_harness("BusinessCalendar.from_dict", 100)
test_PolicySet_from_dict = _dict_harness("PolicySet.from_dict", 100)
test_EscalationLadder_from_dict = _dict_harness("EscalationLadder.from_dict", 100)
test_goals_from_dict = _dict_harness("goals_from_dict", 100)
test_SmartGoal_from_dict = _dict_harness("SmartGoal.from_dict", 100)
test_JourneyEvent_from_dict = _dict_harness("JourneyEvent.from_dict", 100)
test_SupportModel_from_dict = _dict_harness("SupportModel.from_dict", 100)


@fuzz_settings(60)
@given(name=st.sampled_from(sorted(_BY_NAME)), value=hostile())
def test_dict_readers_given_no_mapping(name: str, value: Any) -> None:
    fn, _base = _BY_NAME[name]
    assert_contract(fn, value)


# -- text readers -------------------------------------------------------------------------------

DEEP_TOML = "x = " + "[" * DEPTH + "]" * DEPTH + "\n"
TEXT_SNIPPETS = [
    "\x00",
    '"oops',
    "[[policies]]\n",
    "within = 1e999\n",
    "within = nan\n",
    "within = 1" + "0" * 5000 + "\n",
    "tz = '" + "X" * 300 + "'\n",
    "start = 0001-01-01\n",
    "deadline = 9999-12-31T23:59:59-23:59\n",
    "\udcff",
    "١",
    DEEP_TOML,
]


@st.composite
def mutated_text(draw: st.DrawFn, base: str) -> str:
    """``base`` with a hostile snippet inserted, a slice deleted, or a line repeated."""
    text = base
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "repeat_line"]))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(TEXT_SNIPPETS)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 40)) :]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                j = draw(st.integers(0, len(lines) - 1))
                lines.insert(j, lines[j])
            text = "".join(lines)
    return text


@fuzz_settings(100)
@given(text=mutated_text(POLICY_TOML))
@example(text=DEEP_TOML)
def test_PolicySet_from_toml(text: str) -> None:
    assert_contract(PolicySet.from_toml, text)


@fuzz_settings(100)
@given(config=mutated(POLICIES))
@example(config={"policies": [{"name": "x", "targets": {"urgent": [{"within": 10**5000}]}}]})
def test_PolicySet_from_json(config: Any) -> None:
    assert_contract(PolicySet.from_json, to_json(config))


@fuzz_settings(100)
@given(text=mutated_text(GOALS_TOML))
@example(text=DEEP_TOML)
def test_goals_from_toml(text: str) -> None:
    assert_contract(goals_from_toml, text)


@fuzz_settings(40)
@given(value=hostile())
def test_text_readers_given_no_text(value: Any) -> None:
    for fn in (PolicySet.from_toml, PolicySet.from_json, goals_from_toml):
        assert_contract(fn, value)


@fuzz_settings(40)
@given(
    suffix=st.sampled_from([".toml", ".json", ".yaml", ""]),
    content=st.one_of(
        st.sampled_from([b"\xff\xfe\x00policies", POLICY_TOML.encode("utf-16"), b"", b"\x00" * 10]),
        mutated_text(POLICY_TOML).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
)
def test_PolicySet_from_file(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, content: bytes
) -> None:
    path = tmp_path_factory.mktemp("policy") / f"policies{suffix}"
    path.write_bytes(content)
    assert_contract(PolicySet.from_file, path)


def test_PolicySet_from_file_odd_paths(tmp_path: Path) -> None:
    for path in (
        tmp_path / "a\x00b.toml",
        tmp_path,
        tmp_path / "missing.toml",
        "x" * 5000 + ".toml",
    ):
        assert_contract(PolicySet.from_file, path)


@fuzz_settings(60)
@given(backward=hostile(), allow_skips=hostile())
def test_Journey_default(backward: Any, allow_skips: Any) -> None:
    assert_contract(Journey.default, backward=backward, allow_skips=allow_skips)
