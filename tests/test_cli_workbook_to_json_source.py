"""A workbook given to an adapter of API JSON is sent to ``--source summary``, as a CSV is.

``--source zendesk|freshdesk|jira`` read the APIs' JSON; a table export (``.csv``, ``.xlsx``)
is refused before it is read, naming ``--source summary`` and the shipped mapping. Since the
summary reader reads Excel sheets, the message names both kinds of export, not only CSV.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from servicemodel.cli import main


@pytest.mark.parametrize("source", ["zendesk", "freshdesk", "jira"])
@pytest.mark.parametrize("name", ["tickets.csv", "tickets.xlsx", "TICKETS.XLSX"])
def test_a_table_export_is_sent_to_source_summary(
    source: str, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    path.write_bytes(b"not read")

    assert main(["report", "--source", source, str(path)]) == 2

    err = capsys.readouterr().err
    assert f"--source {source} reads {source.capitalize()}'s API export (JSON)" in err
    assert "a CSV or Excel export (one row per ticket) is --source summary" in err
    assert f"examples/mappings/{source}-csv.toml" in err
