"""``eventlog.load`` and ``--source eventlog`` read XES logs beside CSV ones.

A file named ``*.xes`` or ``*.xes.gz`` is read as XES (its rows are pm4py's table of the log),
any other as CSV, files in the order given as one log. The laws: a log split over a CSV file
and an XES file loads as the whole log in one CSV does (the same histories, the same errors
with each one's file and line), and the command line prints the same report for the XES file
as for its CSV table.
"""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import eventlog
from test_io_xes_properties import Log, bpic_logs, mapping, to_table, to_xes, write_csv

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "eventlog"
MAP = ROOT / "examples" / "mappings" / "bpic2013-incidents.toml"


@given(bpic_logs(), st.data())
def test_a_log_split_over_csv_and_xes_loads_as_the_whole_csv(log: Log, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(log)), label="traces in the first file")
    xes_first, packed = data.draw(st.booleans()), data.draw(st.booleans())
    opts = mapping()
    with tempfile.TemporaryDirectory() as d:
        whole = Path(d) / "whole.csv"
        write_csv(whole, to_table(log))
        parts: list[Path] = []
        for k, traces in enumerate((log[:cut], log[cut:])):
            if (k == 0) == xes_first:
                path = Path(d) / ("part.xes.gz" if packed else "part.xes")
                raw = to_xes(traces, indent=True, prefix="")
                path.write_bytes(gzip.compress(raw) if packed else raw)
            else:
                path = Path(d) / "part.csv"
                write_csv(path, to_table(traces))
            parts.append(path)
        want = eventlog.load(whole, on_error="collect", **opts)
        got = eventlog.load(parts, on_error="collect", **opts)
    assert got.histories == want.histories
    # The same errors, each naming its own file and line (not the whole CSV's).
    assert [(e.message, e.path) for e in got.errors] == [(e.message, e.path) for e in want.errors]
    assert all(e.source in {str(p) for p in parts} and e.line for e in got.errors)


def test_the_fixture_log_reads_the_same_as_xes_and_as_csv() -> None:
    opts = mapping()
    from_xes = eventlog.load(DATA / "bpic2013_shape.xes", **opts)
    from_csv = eventlog.load(DATA / "bpic2013_shape.csv", **opts)
    assert from_xes.histories == from_csv.histories
    assert len(from_xes.histories) == 4


def test_the_report_of_the_xes_log_is_the_report_of_its_table(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = {}
    for name in ("bpic2013_shape.xes", "bpic2013_shape.csv"):
        argv = ["report", "--source", "eventlog", f"tests/data/eventlog/{name}", "--map", str(MAP)]
        assert main(argv) == 0
        out[name] = capsys.readouterr().out.split("\n", 1)  # line 1 names the file
    assert out["bpic2013_shape.xes"][1] == out["bpic2013_shape.csv"][1]


def test_a_mapped_column_the_xes_log_lacks_is_one_error_before_any_row() -> None:
    columns = {"case": "case:concept:name", "resource": "org:resourse"}
    with pytest.raises(ConfigError) as err:
        eventlog.load(DATA / "bpic2013_shape.xes", columns=columns)
    assert "org:resourse" in str(err.value)
    assert "did you mean 'org:resource'" in str(err.value)


def test_a_broken_xes_record_names_the_file_and_line() -> None:
    loaded = eventlog.load(
        DATA / "bpic2013_broken.xes", on_error="collect", **{**mapping(), "columns": {
            "case": "case:concept:name", "activity": "concept:name",
            "timestamp": "time:timestamp", "status": "lifecycle:transition"}},
    )  # fmt: skip
    assert loaded.errors
    for error in loaded.errors:
        assert isinstance(error, RecordError)
        assert error.source == str(DATA / "bpic2013_broken.xes")
        assert error.line is not None
        assert error.line > 1
