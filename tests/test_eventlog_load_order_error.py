"""io.eventlog.load: a case that starts again (contiguous=True) names the file and its line;
an unknown option is a ConfigError naming it, as from_pandas and from_polars say it.

``load`` names the file and line of every error; the streaming one said only its place in
the stream (``rows[49]``), which is no line of any file (a header, a second file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, EventOrderError
from servicemodel.io import eventlog

HEADER = "case:concept:name,concept:name,time:timestamp\n"
STATUS = {"Done": "solved"}


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.integers(1, 6), between=st.integers(1, 6))
def test_the_line_where_the_case_starts_again_is_named(
    tmp_path: Path, before: int, between: int
) -> None:
    rows = [f"A,Done,2026-03-02T09:{i:02d}:00Z\n" for i in range(before)]
    rows += [f"B,Done,2026-03-02T09:{i:02d}:00Z\n" for i in range(between)]
    rows.append("A,Done,2026-03-02T10:00:00Z\n")  # A again, after B began
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "".join(rows))
    with pytest.raises(EventOrderError) as caught:
        eventlog.load(path, contiguous=True, status_map=STATUS)
    line = 1 + before + between + 1  # the header, A's rows, B's rows, then A again
    assert str(caught.value).startswith(f"{path}: line {line}: case 'A' starts again")


def test_in_a_second_file_the_line_is_that_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + "A,Done,2026-03-02T09:00:00Z\nB,Done,2026-03-02T09:00:00Z\n")
    second.write_text(HEADER + "A,Done,2026-03-02T10:00:00Z\n")
    with pytest.raises(EventOrderError) as caught:
        eventlog.load([first, second], contiguous=True, status_map=STATUS)
    assert str(caught.value).startswith(f"{second}: line 2: case 'A' starts again")
    # Without contiguous (load's default) the log is grouped in memory: no error.
    assert [h.id for h in eventlog.load([first, second], status_map=STATUS)] == ["A", "B"]


@pytest.mark.parametrize("option", ["dayfirts", "timezone", "activities"])
def test_an_unknown_option_of_load_is_named_as_the_frame_readers_name_it(
    tmp_path: Path, option: str
) -> None:
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "A,Done,2026-03-02T09:00:00Z\n")
    with pytest.raises(ConfigError) as caught:
        eventlog.load(path, status_map=STATUS, **{option: True})
    assert caught.value.path == option
    assert str(caught.value).startswith(f"{option}: load: unknown option(s) ['{option}']; ")
    assert "'dayfirst'" in str(caught.value)  # the options it takes are listed
