"""An instant option out of the supported range is refused by the option's name.

``--at``, ``--since``, ``--until``, ``--vendor-read-at`` and ``--vendor-start-time`` with an
instant outside 0002-01-02..9998-12-31 UTC (``0001-01-01T00:00:00+23:59`` is in year 0 in
UTC) said the library's argument instead (``servicemodel report: error: at: ...``,
``read_at: ...``, the latter after reading the whole export and printing its notices). Each
is now one error line naming the option, before any file is read.
"""

from __future__ import annotations

import pytest

from servicemodel.cli import main

#: Aware texts past either end of the supported range (in UTC).
OUTSIDE = [
    "0001-01-01T00:00:00+23:59",
    "0001-06-01T00:00:00+00:00",
    "0002-01-01T23:59:59+00:00",
    "9998-12-31T00:00:00+00:00",
    "9999-12-31T23:59:59-23:59",
]
OPTIONS = ["--at", "--since", "--until", "--vendor-read-at", "--vendor-start-time"]


@pytest.mark.parametrize("text", OUTSIDE)
@pytest.mark.parametrize("option", OPTIONS)
def test_an_instant_out_of_range_is_one_line_naming_the_option(
    option: str, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The file does not exist: the option is refused before any file is read.
    code = main(["report", "no-such-export.csv", "--format", "json", f"{option}={text}"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        f"servicemodel report: error: {option}: {text} is outside the supported range "
        "0002-01-02..9998-12-31 UTC (exclusive end)\n"
    )


def test_an_instant_in_range_is_still_read(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "no-such-export.csv", "--at", "0002-01-02T00:00:00+00:00"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--at" not in err  # refused for the missing file, not for the instant
    assert "no-such-export.csv" in err
