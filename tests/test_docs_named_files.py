"""Files a page's commands name are on the page, and run as the page shows.

A console block that reads ``jira-sla.toml`` or ``calendar.toml`` is only copy-paste ready when
the page shows that file: each such file is taken from the page's ``toml`` block that starts
with its name as a comment, written to a scratch folder, and the command run with it. The
policies are also checked against the Python policies the same pages build, so the file and
the code block cannot drift apart. The analyst tutorial's note on the report's first reply
figures is checked against the report itself.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from servicemodel.cli import main
from servicemodel.sla import PolicySet, SLAPolicy, Target

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _named_toml(page: str, name: str) -> str:
    """The page's ``toml`` block whose first line is ``# name``."""
    found = [b for b in re.findall(r"```toml\n(.*?)```", page, re.S) if b.startswith(f"# {name}\n")]
    assert len(found) == 1, (name, len(found))
    return str(found[0])


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _command(block: str, files: dict[str, Path]) -> list[str]:
    words = shlex.split(block.replace("\\\n", " "))
    assert words[0] == "servicemodel"
    return [str(files.get(w, w)) for w in words[1:]]


def _console_after(page: str, marker: str) -> tuple[str, str]:
    """The command and the last shown line of the first console block after ``marker``."""
    part = page.split(marker, 1)[1]
    block = re.search(r"```console\n\$ (.*?)\n\.\.\.\n(.*?)\n```", part, re.S)
    assert block
    return block.group(1), block.group(2)


def test_jira_pages_sla_file_is_the_pages_policy_and_runs_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    page = _page("exports-jira.md")
    files = {}
    for name in ("jira.toml", "jira-sla.toml"):
        files[name] = tmp_path / name
        files[name].write_text(_named_toml(page, name), encoding="utf-8")
    # The file is the policy the page's Python block builds (its default pause: pending).
    std = [Target("first_reply", "1h", business=False), Target("resolution", "8h", business=False)]
    urgent = [
        Target("first_reply", "30m", business=False),
        Target("resolution", "4h", business=False),
    ]
    built = SLAPolicy("standard", {"low": std, "normal": std, "high": std, "urgent": urgent})
    assert PolicySet.from_file(files["jira-sla.toml"]).policies == (built,)
    command, shown = _console_after(page, "### On the command line")
    status, out, err = _run(_command(command, files), capsys)
    assert status == 0, err
    assert shown in out


def test_summary_pages_calendar_file_is_the_pages_policy_and_runs_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    page = _page("exports-summary.md")
    path = tmp_path / "calendar.toml"
    path.write_text(_named_toml(page, "calendar.toml"), encoding="utf-8")
    targets = [
        Target("first_reply", "1h", business=False),
        Target("resolution", "8h", business=False),
    ]
    built = SLAPolicy(
        "calendar", dict.fromkeys(("low", "normal", "high", "urgent"), targets), pause=()
    )
    assert PolicySet.from_file(path).policies == (built,)
    command, shown = _console_after(page, "## The helpdesk's own SLA verdicts")
    status, out, err = _run(_command(command, {"calendar.toml": path}), capsys)
    assert status == 0, err
    assert shown in out


def _first_reply(out: str) -> tuple[str, str]:
    p50 = re.search(r"^  First reply p50 +([\d.]+) h", out, re.M)
    p90 = re.search(r"^  First reply p90 +([\d.]+) h", out, re.M)
    assert p50
    assert p90
    return p50.group(1), p90.group(1)


def test_tutorial_says_which_first_reply_figures_the_report_prints(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    page = " ".join(_page("tutorial-analyst.md").split())
    args = ["report", "examples/data/tickets.jsonl", "--tz", "Europe/Berlin"]
    status, out, err = _run(args, capsys)
    assert status == 0, err
    p50, p90 = _first_reply(out)
    assert f"first reply p50 and p90 read {p50} h and {p90} h" in page
    status, out, err = _run([*args, "--finished-only"], capsys)
    assert status == 0, err
    # The finished-only report rounds the tutorial's 1.147 h and 16.69 h to two decimals.
    assert _first_reply(out) == ("1.15", "16.69")
    assert "not the 1.147 h and 16.69 h of section 3" in page
    assert "median: first reply time p50 1.147 h" in page
    assert "p90: first reply time p90 16.69 h" in page


def test_exports_page_quotes_the_note_for_metric_events_among_the_export(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    zd = "tests/data/zendesk/"
    export = [zd + f for f in ("tickets_page1.json", "tickets_page2.json", "audits.jsonl")]
    argv = ["report", "--source", "zendesk", *export, zd + "metric_events.json"]
    status, out, err = _run([*argv, "--map", zd + "map.toml"], capsys)
    assert status == 0, err
    assert "Vendor SLA reconciliation" not in out
    (note,) = [line for line in err.splitlines() if "metric events" in line]
    page = " ".join(_page("exports.md").split())
    assert f"`{note.replace(zd, '')}`" in page


@pytest.mark.parametrize(
    ("page", "source", "files", "mapped", "unmapped"),
    [
        ("exports-jira.md", "jira", ["tests/data/jira/search_page*.json"], 1, 3),
        ("exports-freshdesk.md", "freshdesk", ["tests/data/freshdesk/*.json"], 2, 4),
    ],
)
def test_without_the_mapping_skip_bad_records_sets_more_aside_as_the_page_says(
    page: str,
    source: str,
    files: list[str],
    mapped: int,
    unmapped: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    text = _page(page)
    name = f"{source}.toml"
    (tmp_path / name).write_text(_named_toml(text, name), encoding="utf-8")
    paths = sorted(str(p) for pattern in files for p in Path().glob(pattern))
    counts = []
    for extra in (["--map", str(tmp_path / name)], []):
        status, _, err = _run(
            ["report", "--source", source, *paths, *extra, "--skip-bad-records"], capsys
        )
        assert status == 0, err
        found = re.search(r"^servicemodel report: (\d+) bad record\(s\) set aside", err, re.M)
        assert found
        counts.append(int(found.group(1)))
    assert counts == [mapped, unmapped]
    assert f"{unmapped} bad records rather than {mapped}" in " ".join(text.split())


def test_freshdesk_pages_sla_file_is_the_pages_policy_and_runs_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    page = _page("exports-freshdesk.md")
    path = tmp_path / "freshdesk-sla.toml"
    path.write_text(_named_toml(page, "freshdesk-sla.toml"), encoding="utf-8")
    # The file is the policy the page's Python block builds.
    targets = [
        Target("first_reply", "1h", business=False),
        Target("resolution", "8h", business=False),
    ]
    built = SLAPolicy("standard", {"normal": targets}, pause=[])
    assert PolicySet.from_file(path).policies == (built,)
    command, shown = _console_after(page, "## Freshdesk's SLA verdicts beside ours")
    argv = _command(command, {"freshdesk-sla.toml": path})
    status, out, err = _run(argv, capsys)
    assert status == 0, err
    assert shown in out
    assert "ticket 203 resolution#0: vendor active, ours active -- due instants differ" in out
    # A snapshot after the fetch: ticket 202's resolution passes its due time in between.
    status, out, err = _run([*argv, "--at", "2026-03-02T18:00:00Z"], capsys)
    assert status == 0, err
    line = "ticket 202 resolution#0: vendor active, ours breached -- verdict differs: vendor "
    assert (
        f"{line}active, ours breached; the vendor's verdict is as of its fetch at "
        "2026-03-02T16:05:00+00:00, before the snapshot (2026-03-02T18:00:00+00:00): ours "
        "breached after the fetch, at 2026-03-02T17:00:00+00:00\n"
    ) in out
    said = " ".join(page.split())
    assert "`--at 2026-03-02T18:00:00Z` on the command above gives `verdict differs" in said
    # A policy that pauses measures none of the clocks: all six are the vendor's only.
    status, out, err = _run([*argv[:4], "--policy", "examples/policies/standard.toml"], capsys)
    assert status == 0, err
    assert "0 clocks compared, 0 agree, 0 disagree; 0 only ours, 6 only the vendor's" in out
