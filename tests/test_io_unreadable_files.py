"""A file that cannot be read on stops the load, says so, and is not offered a way on."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import RecordError, UnreadableFileError
from servicemodel.io import eventlog, summary
from servicemodel.io._files import FIELD_LIMIT


def _summary_csv(path: Path, description: str) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "created_at", "Description"])
        out.writerow(["1", "2026-03-02T09:00:00Z", description])
        out.writerow(["2", "2026-03-02T10:00:00Z", "short"])
    return path


@settings(max_examples=5)
@given(st.integers(min_value=131_073, max_value=600_000))
def test_a_field_longer_than_the_csv_modules_limit_is_read(
    tmp_path_factory: pytest.TempPathFactory, size: int
) -> None:
    path = _summary_csv(tmp_path_factory.mktemp("big") / "big.csv", "x" * size)
    csv.field_size_limit(131_072)  # the csv module's default, whatever ran before
    loaded = summary.load(path, attributes=["Description"])
    assert [h.id for h in loaded.histories] == ["1", "2"]
    assert len(str(loaded.histories[0].ticket.attributes["Description"])) == size


def test_the_limit_is_widened_for_good_and_never_lowered(tmp_path: Path) -> None:
    path = _summary_csv(tmp_path / "a.csv", "x" * 10)
    csv.field_size_limit(FIELD_LIMIT * 2)  # a host application's own, wider limit is kept
    summary.load(path)
    assert csv.field_size_limit() == FIELD_LIMIT * 2
    csv.field_size_limit(1000)  # a narrower one is widened, and stays so after the load
    summary.load(path)
    assert csv.field_size_limit() == FIELD_LIMIT


def test_undecodable_bytes_stop_the_file_without_the_skip_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "enc.csv"
    path.write_bytes(b"id,created_at\n1,2026-03-02T09:00:00Z\xff\n")
    with pytest.raises(UnreadableFileError) as caught:
        summary.load(path, on_error="collect")
    assert isinstance(caught.value, RecordError)
    assert caught.value.line == 2
    assert main(["report", "--source", "summary", str(path)]) == 2
    err = capsys.readouterr().err
    assert "byte 0xff" in err
    assert "--skip-bad-records" not in err


def test_a_bad_record_names_the_way_on_and_the_way_on_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        "case:concept:name,concept:name,time:timestamp\n"
        "A,Resolved,2026-03-02T09:00:00Z\nB,Resolved,not a time\nC,Resolved,2026-03-02T11:00:00Z\n",
        encoding="utf-8",
    )
    mapping = tmp_path / "map.toml"
    mapping.write_text('[status_map]\n"Resolved" = "solved"\n', encoding="utf-8")
    args = ["report", "--source", "eventlog", str(path), "--map", str(mapping)]
    assert main(args) == 2
    assert "--skip-bad-records sets bad records aside" in capsys.readouterr().err
    assert main([*args, "--skip-bad-records"]) == 0
    assert "1 bad record(s) set aside" in capsys.readouterr().err
    loaded = eventlog.load(path, on_error="collect", status_map={"Resolved": "solved"})
    assert [h.id for h in loaded.histories] == ["A", "C"]
    assert len(loaded.errors) == 1
