"""Each extra works on its own: a feature of one extra never needs a package only another brings.

``servicemodel[pandas]`` brings pandas and numpy, not pyarrow; ``servicemodel[polars]`` brings
polars, not numpy. Each test blocks the package the extra does not bring, as the other
missing-extra tests do (``sys.modules[name] = None`` makes its import fail), and checks the
feature still gives what it gives with every package installed. A feature whose extra is
missing names itself and the extra to install.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import MissingExtraError
from servicemodel.io import eventlog, summary
from servicemodel.kpi import FirstReplyTime

CREATED = ["2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"]


def test_the_pandas_extra_alone_reads_a_frame_without_pyarrow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before, every from_pandas imported pyarrow first (only a pyarrow column needs it), so
    # the pandas extra alone raised ModuleNotFoundError: No module named 'pyarrow'.
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.compute", None)
    stamps = pd.to_datetime(CREATED, utc=True)  # datetime64[ns, UTC]: no pyarrow dtype
    one_row = pd.DataFrame({"id": ["a", "b"], "created_at": stamps})
    assert [(h.id, h.created_at) for h in summary.from_pandas(one_row)] == [
        ("a", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        ("b", datetime(2026, 3, 2, 10, tzinfo=UTC)),
    ]
    log = pd.DataFrame({
        "case:concept:name": ["T1", "T1"],
        "concept:name": ["Opened", "Reply"],
        "time:timestamp": stamps,
    })  # fmt: skip
    (history,) = eventlog.from_pandas(
        log, activity_map={"Opened": "customer_message", "Reply": "agent_reply"}
    )
    assert (history.id, history.first_reply_at()) == ("T1", datetime(2026, 3, 2, 10, tzinfo=UTC))


@given(st.lists(st.one_of(st.none(), st.integers(0, 10 * 86_400_000_000)), max_size=20))
def test_the_polars_extra_alone_reads_a_duration_column_without_numpy(
    micros: list[int | None],
) -> None:
    # Before, a polars Duration column went through to_numpy(), which without numpy is a
    # pyo3 PanicException (no ImportError, no hint), though polars does not bring numpy.
    # The law: the figure is the one numpy gives, to the last bit.
    durations = [None if m is None else timedelta(microseconds=m) for m in micros]
    column = pl.Series(durations, dtype=pl.Duration("us"))
    want = FirstReplyTime.empty(unit="h").add_many(column.to_pandas().to_numpy())
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(sys.modules, "numpy", None)
        got = FirstReplyTime.empty(unit="h").add_many(column)
    assert got == want


def test_estimate_without_dask_names_itself_and_the_extra() -> None:
    # In a fresh interpreter, as tests/test_dask.py does: other tests here run Dask clusters.
    # Before, the message named servicemodel.dask.accumulate, which the caller never called.
    code = (
        "import sys\n"
        "sys.modules['dask'] = None\n"
        "from servicemodel.dask import estimate\n"
        "from servicemodel.kpi import NPS\n"
        "try:\n"
        "    estimate([10, 3], NPS.empty())\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == (
        "MissingExtraError servicemodel.dask.estimate needs dask: pip install 'servicemodel[dask]'"
    )


def test_plot_staffing_without_matplotlib_names_the_extra_before_simulating(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Before, the script simulated for minutes and then raised ModuleNotFoundError.
    path = Path(__file__).resolve().parents[1] / "examples" / "plot_staffing.py"
    spec = importlib.util.spec_from_file_location("plot_staffing", path)
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setattr(sys, "argv", ["plot_staffing.py", "--hours", "1"])
    monkeypatch.setattr(script, "run", lambda *_: pytest.fail("simulated before the check"))
    with pytest.raises(SystemExit) as exit_:
        script.main()
    assert exit_.value.code == 2
    assert "pip install 'servicemodel[report]' (or --no-plot)" in capsys.readouterr().err


def test_a_workbook_without_openpyxl_names_the_excel_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A workbook is written while openpyxl is there; a CSV still reads without it.
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["case:concept:name", "concept:name", "time:timestamp"])
    book.save(tmp_path / "log.xlsx")
    text = tmp_path / "tickets.csv"
    text.write_text("id,created_at\nA,2026-03-02T09:00:00Z\n")
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    for load, feature in ((summary.load, "summary.load"), (eventlog.load, "eventlog.load")):
        with pytest.raises(MissingExtraError) as caught:
            load(tmp_path / "log.xlsx")
        assert str(caught.value) == (
            f"{feature} of an .xlsx workbook needs openpyxl: pip install 'servicemodel[excel]'"
        )
        assert caught.value.extra == "excel"
    assert [h.id for h in summary.load(text)] == ["A"]
