"""Coverage-guided fuzzing of the text entry points with Atheris (libFuzzer for Python).

The Hypothesis harnesses beside this file generate structured hostile input; this one starts
from the sample files and mutates raw bytes, guided by the branches it reaches, so it finds
what structure-aware generation does not think of. The contract is the same: only a
``ServiceModelError`` may escape, and libFuzzer's ``-timeout`` catches a hang.

Not collected by pytest (Atheris is not a dependency). To run it::

    .venv/bin/pip install atheris
    .venv/bin/python tests/fuzz/atheris_entry_points.py -atheris_runs=200000 -timeout=10 \\
        -max_len=4096

A crash prints the exception and writes the input to ``crash-<sha1>``; replay it by passing
that file as the only argument.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path

import atheris  # type: ignore[import-not-found]

with atheris.instrument_imports(include=["servicemodel"]):
    from servicemodel.calendar import BusinessCalendar
    from servicemodel.errors import ServiceModelError
    from servicemodel.escalation import EscalationLadder
    from servicemodel.goals import goals_from_toml
    from servicemodel.io import load_csv, load_jsonl
    from servicemodel.journey import Journey
    from servicemodel.qa import Scorecard
    from servicemodel.sla import PolicySet, parse_duration
    from servicemodel.support import SupportModel

ROOT = Path(__file__).resolve().parents[2]


def _jsonl(text: str) -> object:
    return load_jsonl(text.splitlines(), on_error="collect")


def _csv(text: str) -> object:
    return load_csv(text.splitlines(), on_error="collect")


#: One entry point per first byte of the input (the rest is the text it reads).
TARGETS: tuple[Callable[[str], object], ...] = (
    _jsonl,
    _csv,
    PolicySet.from_toml,
    PolicySet.from_json,
    BusinessCalendar.from_toml,
    goals_from_toml,
    Journey.from_toml,
    Scorecard.from_toml,
    EscalationLadder.from_toml,
    SupportModel.from_toml,
    parse_duration,
)


def one_input(data: bytes) -> None:
    """Feed one input to the entry point its first byte chooses; only our errors may escape."""
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    text = data[1:].decode("utf-8", errors="surrogateescape")
    with contextlib.suppress(ServiceModelError):
        target(text)


#: Sample files that start the corpus, each prefixed with the byte of its entry point.
SEEDS = (
    (0, "examples/data/tickets.jsonl"),
    (2, "examples/policies/standard.toml"),
    (5, "examples/goals.toml"),
    (7, "examples/data/qa_scorecard.toml"),
)


def write_corpus(folder: Path) -> None:
    """Write the seed inputs (the first 4 KiB of each sample file) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for index, name in SEEDS:
        data = bytes([index]) + (ROOT / name).read_bytes()[:4096]
        (folder / f"seed-{index}").write_bytes(data)


def main() -> None:
    """Run libFuzzer on a corpus folder that starts with the sample files."""
    corpus = ROOT / ".atheris-corpus"
    write_corpus(corpus)
    argv = (
        [*sys.argv, str(corpus)] if len(sys.argv) == 1 or sys.argv[-1].startswith("-") else sys.argv
    )
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
