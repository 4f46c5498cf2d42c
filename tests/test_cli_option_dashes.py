"""An option given ``--`` as its value (``--at=--``) reads it as text, in every command.

argparse of Python 3.11 and 3.12 (3.12.1 checked; 3.13 keeps it) strips a ``--`` from an
option's own value as it strips the ``--`` that ends the options, and handed the option an
empty list: ``--at=--`` and ``--vendor-start-time=--`` raised ``TypeError``/``AttributeError``
with a traceback, ``--format=--`` an unhashable list. The value is now ``--``, and each
option's reader refuses it in one error line that names the option.
"""

from __future__ import annotations

import argparse
import contextlib
import io
from pathlib import Path

import pytest

from servicemodel import _assess_cli, _staff_cli, cli

DATA = Path(__file__).parent / "data" / "zendesk"


def _value_options() -> list[tuple[str, list[str], argparse.Action]]:
    """Every option that takes a value, of every command, with the command's other arguments."""
    report = cli._parser()
    (sub,) = (a for a in report._actions if isinstance(a, argparse._SubParsersAction))
    parsers: dict[str, tuple[argparse.ArgumentParser, list[str]]] = {
        "report": (sub.choices["report"], ["report", "a.jsonl"]),
        "staff": (_staff_cli.parser(), ["h.jsonl", "--target", "80% in 20s"]),
        "assess": (_assess_cli.parser(), ["bp.toml", "t.jsonl"]),
    }
    out = []
    for name, (parser, rest) in parsers.items():
        for action in parser._actions:
            if action.option_strings and action.nargs != 0 and action.dest != "help":
                out.append((name, rest, action))
    return out


@pytest.mark.parametrize(
    ("command", "rest", "action"),
    _value_options(),
    ids=[f"{c} {a.option_strings[-1]}" for c, _, a in _value_options()],
)
def test_an_option_given_dashes_gets_them_as_its_value(
    command: str, rest: list[str], action: argparse.Action
) -> None:
    parser = {"report": cli._parser(), "staff": _staff_cli.parser(), "assess": _assess_cli.parser()}
    option = action.option_strings[-1]
    argv = [*rest, f"{option}=--"]
    if action.choices is not None or action.type is int:
        # "invalid choice: '--'", "invalid int value: '--'": one usage line, status 2
        err = io.StringIO()
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as caught:
            parser[command].parse_args(argv)
        assert caught.value.code == 2
        assert "invalid" in err.getvalue()
        assert "'--'" in err.getvalue()
        return
    parsed = parser[command].parse_args(argv)
    value = getattr(parsed, action.dest)
    assert value in ("--", Path("--"), ["--"]), (option, value)


@pytest.mark.parametrize(
    "option", ["--at", "--since", "--until", "--vendor-read-at", "--vendor-start-time"]
)
def test_an_instant_option_given_dashes_is_one_error_line(option: str) -> None:
    argv = ["report", "--source", "zendesk", str(DATA / "tickets_page1.json"),
            "--map", str(DATA / "map.toml"), "--policy", str(DATA / "policy.toml"),
            f"{option}=--", "--vendor-sla", str(DATA / "metric_events.json")]  # fmt: skip
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(argv)
    assert code == 2
    assert err.getvalue() == (
        f"servicemodel report: error: {option}: not an ISO 8601 instant: '--'\n"
    )
