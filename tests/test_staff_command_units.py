"""The ``staff`` command reads a planner's numbers as a planner writes them.

- A duration with no unit is refused in ``--target``, ``--aht`` (also per channel) and
  ``--patience``: the SLA policies read a bare number as minutes, but "80% in 20" means 20
  seconds to a planner, and ``--aht 240`` 240 seconds. Read as minutes, the plan was for a
  threshold or a handle time 60 times too long, with no word said.
- ``--target``'s share is a percentage above 0 and at most 100; "800%" said "for 8 %, write
  0.08", the hint for a share given as a percentage, which makes no sense on the command line.
- ``--shrinkage`` takes a percentage too ("30%" is 0.3), divided as a decimal.
- ``--patience`` without ``--model erlang-a`` is refused: it was ignored, and the plan was
  Erlang C's, without abandonment.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main as cli_main
from servicemodel.errors import ConfigError
from servicemodel.staffing import scheduled_agents

from servicemodel._staff_cli import _aht, _shrinkage, _target  # isort: skip

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = str(ROOT / "examples" / "data" / "tickets.jsonl")

# Numbers as a person types them: whole, with decimals, with a leading point.
BARE = st.one_of(
    st.integers(1, 10_000).map(str),
    st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(1, 99)),
    st.integers(1, 9).map(lambda d: f".{d}"),
)


@given(number=BARE)
def test_a_target_time_without_a_unit_is_refused(number: str) -> None:
    with pytest.raises(ConfigError, match=r"has no unit: write '.*s' for seconds") as caught:
        _target(f"80% in {number}")
    assert caught.value.path == "--target"


@given(seconds=st.integers(1, 3600))
def test_a_target_time_in_seconds_is_that_many_seconds(seconds: int) -> None:
    assert _target(f"80% in {seconds}s").within == seconds


@given(number=BARE, channel=st.sampled_from(["", "chat="]))
def test_a_handle_time_without_a_unit_is_refused(number: str, channel: str) -> None:
    with pytest.raises(ConfigError, match="has no unit") as caught:
        _aht(channel + number, [], "chat" if channel else None)
    assert caught.value.path == ("--aht chat" if channel else "--aht")


def test_a_handle_time_with_its_unit_is_read() -> None:
    assert _aht("240s", [], None) == 240
    assert _aht("4m", [], None) == 240
    assert _aht("chat=240s", [], "chat") == 240


def test_an_exponent_without_a_unit_suggests_the_number_written_out() -> None:
    with pytest.raises(ConfigError, match="write '1000s' for seconds or '1000m' for minutes"):
        _target("80% in 1e3")


@given(percent=st.integers(1, 99))
def test_a_whole_percentage_target_is_that_share(percent: int) -> None:
    assert _target(f"{percent}% in 20s").fraction == float(f"0.{percent:02d}")


def test_a_decimal_percentage_target_is_the_share_written_as_a_decimal() -> None:
    assert _target("80.1% in 20s").fraction == 0.801
    assert _target("99.99% in 20s").fraction == 0.9999


@pytest.mark.parametrize("share", ["0", "0.0", "100.5", "800"])
def test_a_percentage_outside_0_to_100_is_refused_as_a_percentage(share: str) -> None:
    with pytest.raises(ConfigError, match="a percentage above 0 and at most 100") as caught:
        _target(f"{share}% in 20s")
    assert caught.value.path == "--target"
    assert "write 0." not in str(caught.value)  # not the hint for a share given as a percentage


@given(percent=st.integers(0, 99))
def test_a_shrinkage_percentage_is_that_share(percent: int) -> None:
    assert _shrinkage(f"{percent}%") == float(f"0.{percent:02d}")
    assert _shrinkage(f"{percent} %") == float(f"0.{percent:02d}")


def test_thirty_percent_shrinkage_schedules_the_reference_twenty() -> None:
    # Call Centre Helper's example: 14 agents at 30 % shrinkage are 20 on the roster.
    assert scheduled_agents(14, _shrinkage("30%")) == 20
    assert _shrinkage("14.5%") == 0.145
    assert _shrinkage("0.7%") == 0.007  # 0.7 / 100 in binary is 0.006999999999999999
    assert _shrinkage("2.2%") == 0.022


@given(
    typed=st.one_of(
        st.integers(100, 10**6).map(lambda p: f"{p}%"),
        st.decimals(min_value=1, max_value=10**6, places=3).map(str),
        st.sampled_from(["1e400%", "nan", "NaN%", "inf", "-0.5", "-1%"]),
    )
)
def test_a_shrinkage_out_of_range_is_refused_as_typed(typed: str) -> None:
    # docs/staffing.md: a share in [0, 1), or a percentage; 100 % or more leaves nobody on the
    # phones. The refusal names the option and the text as typed, not the share it became
    # (1.0 for '100%', inf for '1e400%').
    with pytest.raises(ConfigError, match=r"shrinkage must be in \[0, 1\)") as caught:
        _shrinkage(typed)
    assert caught.value.path == "--shrinkage"
    assert f"got {typed!r}" in str(caught.value)


def test_a_shrinkage_that_is_no_number_names_both_spellings() -> None:
    with pytest.raises(ConfigError, match=r"0\.3 or 30%") as caught:
        _shrinkage("x%")
    assert caught.value.path == "--shrinkage"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--aht", "4m", "--patience", "5m"], "--patience: a patience is for --model erlang-a"),
        (["--aht", "240"], "--aht: '240' has no unit: write '240s' for seconds"),
        (["--aht", "4m", "--model", "erlang-a", "--patience", "300"], "--patience: '300'"),
        (["--aht", "4m", "--shrinkage", "100%"], "--shrinkage: shrinkage must be in [0, 1)"),
    ],
)
def test_the_command_refuses_in_one_line(
    extra: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["staff", SAMPLE, "--target", "80% in 20s", *extra]) == 2
    err = capsys.readouterr().err
    assert err.startswith("servicemodel staff: error: ")
    assert message in err
    assert err.count("\n") == 1


def test_the_command_plans_with_a_percentage_shrinkage(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["staff", SAMPLE, "--target", "80% in 20s", "--aht", "4m",
                     "--shrinkage", "30%"]) == 0  # fmt: skip
    assert capsys.readouterr().out.startswith("erlang-c plan, 336 half hours, shrinkage 0.3:")


def test_a_hundred_percent_is_a_percentage_the_model_then_calls_unreachable(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 100 % is a share the command reads; Erlang C never answers everyone within T, and says so.
    assert _target("100% in 20s").fraction == 1.0
    assert cli_main(["staff", SAMPLE, "--target", "100% in 20s", "--aht", "4m"]) == 2
    assert "unreachable target: Erlang C never answers 100 % within 20 s" in capsys.readouterr().err
