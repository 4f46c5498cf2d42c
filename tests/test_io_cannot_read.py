"""Every file reader says the same thing of a file it cannot open: its name and the reason.

A missing file, a directory given for a file: a ``ConfigError`` naming the path, from
every loader alike (``load_jsonl``, ``freshdesk.load`` and ``jira.load`` used to let the
``FileNotFoundError`` of their ``open`` escape, or said "not a file" as a ``TypeError``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, UnreadableFileError
from servicemodel.io import eventlog, freshdesk, iter_jsonl, jira, load_jsonl, summary, zendesk
from servicemodel.sla import PolicySet

COLUMNS = {"case": "case", "activity": "activity", "timestamp": "at"}

LOADERS: dict[str, Callable[[Path], Any]] = {
    "load_jsonl": load_jsonl,
    "iter_jsonl": lambda p: list(iter_jsonl(p)),
    "zendesk.load": lambda p: zendesk.load([p]),
    "freshdesk.load": lambda p: freshdesk.load([p]),
    "jira.load": lambda p: jira.load([p]),
    "eventlog.load": lambda p: eventlog.load(p, columns=COLUMNS, tz="UTC"),
    "summary.load": lambda p: summary.load(p, tz="UTC"),
    "PolicySet.from_file": PolicySet.from_file,
}
#: The name each reader is given: the suffix it reads (some refuse other suffixes first).
SUFFIX = {"eventlog.load": ".csv", "summary.load": ".csv", "PolicySet.from_file": ".toml"}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_missing_file_is_a_config_error_naming_it(name: str, tmp_path: Path) -> None:
    missing = tmp_path / "exports" / f"nope{SUFFIX.get(name, '.json')}"
    with pytest.raises(ConfigError, match="cannot read: No such file or directory") as info:
        LOADERS[name](missing)
    assert str(missing) in str(info.value)


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_directory_for_a_file_is_a_config_error_naming_it(name: str, tmp_path: Path) -> None:
    folder = tmp_path / f"a-folder{SUFFIX.get(name, '.json')}"
    folder.mkdir()
    with pytest.raises(ConfigError, match=r"cannot read: Is a directory") as info:
        LOADERS[name](folder)
    assert str(folder) in str(info.value)


@given(st.binary(min_size=1, max_size=40).filter(lambda b: _not_utf8(b) and b"\n" not in b))
def test_freshdesk_json_not_in_utf8_names_its_line(tmp_path_factory: Any, raw: bytes) -> None:
    # JSON text is UTF-8 (RFC 8259): another encoding is the file's error with its line,
    # never a UnicodeDecodeError.
    path = tmp_path_factory.mktemp("fd") / "tickets.json"
    path.write_bytes(b'[{"id": 1, "subject": "' + raw + b'"}]')
    with pytest.raises(UnreadableFileError, match="UTF-8") as info:
        freshdesk.load([path])
    assert info.value.line == 1


def _not_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
