"""``servicemodel report --format html`` says on stderr when its page has no charts."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicemodel import cli

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "data" / "tickets.jsonl"


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    out = tmp_path / "r.html"
    code = cli.main(["report", str(SAMPLE), "--format", "html", "-o", str(out)])
    return code, out.read_text(encoding="utf-8"), capsys.readouterr().err


def test_without_matplotlib_the_terminal_hears_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "have_matplotlib", lambda: False)
    monkeypatch.setattr("servicemodel.report._html.have_matplotlib", lambda: False)
    code, page, err = _run(tmp_path, capsys)
    assert code == 0
    assert "the HTML report has no charts" in err
    assert "pip install 'servicemodel[report]'" in err
    assert "Charts need matplotlib" in page


def test_with_matplotlib_nothing_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("matplotlib")
    code, page, err = _run(tmp_path, capsys)
    assert code == 0
    assert "no charts" not in err
    assert "<svg" in page
