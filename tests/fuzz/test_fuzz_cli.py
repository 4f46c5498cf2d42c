"""Fuzz the command line: hostile ``--at``, ``--tz``, export, policy and goals paths.

``servicemodel.cli.main`` must return 0, 2 with exactly one error line on stderr
(``servicemodel report: error: ...``; argparse may exit with status 2), or 3 for an empty selection
ending with one line saying why (``servicemodel report: no tickets selected: ...``). Lines counting
records set aside may come first. Never a traceback.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from servicemodel.cli import main

from .conftest import assert_contract, fuzz_settings, require, violation
from .hostile import EDGE_STAMPS, LONG_ZONE
from .records import RECORDS, csv_line, csv_rows, header_line

pytestmark = pytest.mark.fuzz

_EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _files(root: Path) -> dict[str, str]:
    """Valid and hostile files for every path argument, by name."""
    root.mkdir(parents=True, exist_ok=True)
    files = {
        "good.jsonl": "\n".join(json.dumps(r) for r in RECORDS[:15]).encode(),
        "good.csv": "\n".join(
            [header_line()] + [csv_line(row) for r in RECORDS[:10] for row in csv_rows(r)]
        ).encode(),
        "latin1.jsonl": b'{"id": "T-\xe9", "created_at": "2026-01-05T09:00:00Z"}\n',
        "latin1.csv": b"ticket_id,created_at\nT-\xe9,2026-01-05T09:00:00Z\n",
        "bad_header.csv": b"\xff\xfe,\n",
        "big_field.csv": b"ticket_id,created_at\n" + b"x" * 200_000 + b",2026-01-05T09:00:00Z\n",
        "stray_quote.csv": (
            b'ticket_id,created_at\nA,2026-01-05T09:00:00Z\nB,"oops\nC,2026-01-05T09:00:00Z\n'
        ),
        "deep.jsonl": b"[" * 5000 + b"]" * 5000 + b"\n",
        "empty.jsonl": b"",
        "latin1.toml": (_EXAMPLES / "policies" / "standard.toml")
        .read_bytes()
        .replace(b"Berlin", b"Z\xfcrich"),
        "utf16.toml": (_EXAMPLES / "policies" / "standard.toml").read_text().encode("utf-16"),
        "deep.toml": b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n",
        "policy.json": (
            b'{"policies": [{"name": "x", "targets": {"urgent": '
            b'[{"metric": "first_reply", "within": 1e999}]}}]}'
        ),
        "latin1_goals.toml": (_EXAMPLES / "goals.toml")
        .read_bytes()
        .replace(b"hours", b"St\xfcnden"),
        "nan_goals.toml": (_EXAMPLES / "goals.toml")
        .read_bytes()
        .replace(b"target = 2.0", b"target = nan"),
    }
    paths = {}
    for name, content in files.items():
        (root / name).write_bytes(content)
        paths[name] = str(root / name)
    paths["policy.toml"] = str(_EXAMPLES / "policies" / "standard.toml")
    paths["goals.toml"] = str(_EXAMPLES / "goals.toml")
    paths["dir"] = str(root)
    paths["missing"] = str(root / "missing.jsonl")
    paths["nul"] = str(root / "a\x00b.jsonl")
    paths["long"] = str(root / ("x" * 5000 + ".jsonl"))
    paths["undecodable_name"] = str(root) + "/\udcff.jsonl"
    return paths


_ROOT = Path(tempfile.mkdtemp(prefix="servicemodel-fuzz-cli-"))
atexit.register(shutil.rmtree, _ROOT, ignore_errors=True)
FILES = _files(_ROOT)
EXPORTS = [
    "good.jsonl",
    "good.csv",
    "latin1.jsonl",
    "latin1.csv",
    "bad_header.csv",
    "big_field.csv",
    "stray_quote.csv",
    "deep.jsonl",
    "empty.jsonl",
    "dir",
    "missing",
    "nul",
    "long",
    "undecodable_name",
]
POLICIES = [
    None,
    "policy.toml",
    "latin1.toml",
    "utf16.toml",
    "deep.toml",
    "policy.json",
    "dir",
    "missing",
    "nul",
    "good.jsonl",
]
GOALS = [
    None,
    "goals.toml",
    "latin1_goals.toml",
    "nan_goals.toml",
    "deep.toml",
    "dir",
    "missing",
    "nul",
]
ATS = [
    None,
    "2026-11-01T00:00:00+00:00",
    "",
    "\x00",
    "2026-11-01T00:00:00",
    "x" * 300,
    "١٠",
    *EDGE_STAMPS,
]
TZS = [None, "UTC", "Europe/Berlin", LONG_ZONE, "UTC\x00", "", "../../etc/passwd", "Mars/Base", "/"]


def run_cli(argv: list[str]) -> tuple[int | str | None, str]:
    """Run ``main(argv)``; return (exit status, stderr). SystemExit counts as an exit."""
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        try:
            code: Any = main(argv)
        except SystemExit as exc:
            code = exc.code
    return code, err.getvalue()


def _argv(
    export: str,
    policy: str | None,
    goals: str | None,
    at: str | None,
    tz: str | None,
    skip: bool,
    fmt: str,
) -> list[str]:
    argv = ["report", FILES[export], f"--format={fmt}"]
    if policy:
        argv.append(f"--policy={FILES[policy]}")
    if goals:
        argv.append(f"--goals={FILES[goals]}")
    if at is not None:
        argv.append(f"--at={at}")
    if tz is not None:
        argv.append(f"--tz={tz}")
    if skip:
        argv.append("--skip-bad-records")
    return argv


@fuzz_settings(100)
@given(
    export=st.sampled_from(EXPORTS),
    policy=st.sampled_from(POLICIES),
    goals=st.sampled_from(GOALS),
    at=st.sampled_from(ATS),
    tz=st.sampled_from(TZS),
    skip=st.booleans(),
    fmt=st.sampled_from(["text", "json"]),
)
@example(export="nul", policy=None, goals=None, at=None, tz=None, skip=False, fmt="text")
@example(
    export="good.jsonl", policy="latin1.toml", goals=None, at=None, tz=None, skip=False, fmt="text"
)
@example(
    export="good.jsonl",
    policy=None,
    goals="latin1_goals.toml",
    at=None,
    tz=None,
    skip=False,
    fmt="text",
)
def test_cli_report(
    export: str,
    policy: str | None,
    goals: str | None,
    at: str | None,
    tz: str | None,
    skip: bool,
    fmt: str,
) -> None:
    argv = _argv(export, policy, goals, at, tz, skip, fmt)
    outcome = assert_contract(run_cli, argv)
    if isinstance(outcome, Exception):
        violation("WRONG EXIT", f"main({argv!r}) raised {outcome!r}", "main raised")
        return
    code, err = outcome
    require(
        "Traceback" not in err,
        "TRACEBACK",
        f"main({argv!r}) printed a traceback: {err[-300:]!r}",
        "cli traceback",
    )
    # 3 is the documented exit for an empty selection (e.g. an export holding no tickets).
    require(
        code in (0, 2, 3),
        "WRONG EXIT",
        f"main({argv!r}) exited with {code!r}: {err!r}",
        f"exit {code!r}",
    )
    # Counts of records set aside or skipped may come first (one line each, --skip-bad-records);
    # the last line says why the run stopped.
    lines = err.splitlines()
    if code == 3:
        require(
            bool(lines)
            and all(line.startswith("servicemodel report: ") for line in lines)
            and lines[-1].startswith("servicemodel report: no tickets selected: "),
            "NOT ONE LINE",
            f"main({argv!r}) exited 3 and must end with its reason, printed {err[:300]!r}",
            "cli empty selection without its reason",
        )
    if code == 2 and not err.startswith("usage:"):
        require(
            bool(lines)
            and all(line.startswith("servicemodel report: ") for line in lines)
            and lines[-1].startswith("servicemodel report: error: ")
            and sum(line.startswith("servicemodel report: error: ") for line in lines) == 1,
            "NOT ONE LINE",
            f"main({argv!r}) must end with one error line, printed {err[:300]!r}",
            "cli error not one line",
        )


def test_cli_good_run() -> None:
    code, err = run_cli(
        _argv("good.jsonl", "policy.toml", "goals.toml", None, "Europe/Berlin", False, "text")
    )
    assert (code, err) == (0, "")
