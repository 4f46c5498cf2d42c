"""Every example is on a docs page, and every command's options are where its page lists them.

A file under ``examples/`` that no page names is one a new user never finds; a page's table of
a command's options that misses an option (or lists one the command lacks) sends them to
``--help`` for what the page should say. Each option with a default says it in ``--help``,
and says the default the parser really has. The SERVQUAL example's table is checked against
its page, and its seeded generator against the committed survey.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from servicemodel import _assess_cli, _staff_cli
from servicemodel.cli import _parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EXAMPLES = ROOT / "examples"


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md")))


def _example_files() -> list[str]:
    ignored = {"__pycache__", "out"}
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in EXAMPLES.rglob("*")
        if p.is_file() and not ignored & set(p.relative_to(EXAMPLES).parts)
    )


@pytest.mark.parametrize("path", _example_files())
def test_every_example_file_is_named_on_a_docs_page(path: str) -> None:
    assert path in _docs_text(), f"{path} is on no docs page"


def _report_parser() -> argparse.ArgumentParser:
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    found = sub.choices["report"]
    assert isinstance(found, argparse.ArgumentParser)
    return found


#: Each command, its parser and the heading of the table on its page that lists its options.
COMMANDS = {
    "report": (_report_parser, "report.md", "## Options"),
    "staff": (_staff_cli.parser, "staffing.md", "## The command's options"),
    "assess": (_assess_cli.parser, "blueprint.md", "### The command's options"),
}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {
        o
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction)
        for o in a.option_strings
        if o.startswith("--")
    }


def _table(page: str, heading: str) -> str:
    text = (DOCS / page).read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n")
    level = heading.split()[0]
    end = re.search(rf"\n#{{1,{len(level)}}} ", text[start + 1 :])
    return text[start : start + 1 + end.start()] if end else text[start:]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_pages_option_table_lists_exactly_the_commands_options(command: str) -> None:
    make, page, heading = COMMANDS[command]
    table = _table(page, heading)
    listed = set(re.findall(r"`(--[a-z][a-z-]*)", table))
    assert listed == _options(make()), (page, heading)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_states_each_default_the_parser_has(command: str) -> None:
    make = COMMANDS[command][0]
    stated = []
    for action in make()._actions:
        if not action.option_strings or action.default in (None, False, argparse.SUPPRESS):
            continue
        assert action.help is not None, action.option_strings
        stated.append(action.dest)
        assert f"(default: {action.default})" in action.help, (action.dest, action.help)
    assert "format" in stated


def test_servqual_example_prints_the_table_on_its_page() -> None:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / "servqual_example.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        encoding="utf-8",
    )
    page = (DOCS / "servqual.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```text\n(.*?)```", page, re.S) if "SERVQUAL gaps" in b)
    printed = [line.rstrip() for line in done.stdout.splitlines()]
    assert printed == block.rstrip("\n").splitlines()


def test_servqual_generator_reproduces_the_committed_survey(tmp_path: Path) -> None:
    out = tmp_path / "servqual.csv"
    code = (
        f"import pathlib, sys; sys.path.insert(0, {str(EXAMPLES)!r}); "
        "import make_servqual_data as m; "
        f"m.OUT = pathlib.Path({str(out)!r}); m.main()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, cwd=tmp_path)
    assert out.read_bytes() == (EXAMPLES / "data" / "servqual.csv").read_bytes()


def test_goals_as_json_report_as_the_example_toml_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # --help says TOML or JSON: the example goals written as JSON give the same goal section.
    import json
    import tomllib

    from servicemodel.cli import main

    data = tomllib.loads((EXAMPLES / "goals.toml").read_text(encoding="utf-8"))
    as_json = tmp_path / "goals.json"
    as_json.write_text(json.dumps(data, default=str), encoding="utf-8")
    export = str(EXAMPLES / "data" / "tickets.jsonl")
    sections = []
    for goals in (EXAMPLES / "goals.toml", as_json):
        capsys.readouterr()
        assert main(["report", export, "--goals", str(goals), "--format", "json"]) == 0
        sections.append(json.loads(capsys.readouterr().out)["goals"])
    assert sections[0] == sections[1]
    assert len(sections[0]) == 5


@pytest.mark.parametrize(
    "mapping", sorted((EXAMPLES / "mappings").glob("*.toml")), ids=lambda p: p.name
)
def test_report_help_names_every_key_an_example_mapping_uses(mapping: Path) -> None:
    import tomllib

    action = next(a for a in _report_parser()._actions if "--map" in a.option_strings)
    assert action.help is not None
    words = set(re.findall(r"[a-z_]+", action.help))
    used = set(tomllib.loads(mapping.read_text(encoding="utf-8")))
    assert used - words == set(), mapping.name
