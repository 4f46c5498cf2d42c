"""A one-row export's repeated tags column (Jira's Labels) is read in full; others refuse."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.errors import ConfigError
from servicemodel.io import summary

LABEL = st.text(alphabet="abcdefghij-_0123", min_size=1, max_size=6)


@settings(max_examples=40)
@given(st.lists(st.lists(st.one_of(st.just(""), LABEL), min_size=1, max_size=4), min_size=1,
                max_size=4).filter(lambda rows: len({len(r) for r in rows}) == 1))  # fmt: skip
def test_every_copy_of_a_repeated_tags_column_is_read(
    tmp_path_factory: pytest.TempPathFactory, labels: list[list[str]]
) -> None:
    copies = len(labels[0])
    path = tmp_path_factory.mktemp("rep") / "issues.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["Key", "Created", *["Labels"] * copies])
        for i, row in enumerate(labels):
            out.writerow([f"K-{i}", "2026-03-02T09:00:00Z", *row])
    columns = {"id": "Key", "created": "Created", "tags": "Labels"}
    loaded = summary.load(path, columns=columns)
    assert [h.ticket.tags for h in loaded.histories] == [
        frozenset(label for label in row if label) for row in labels
    ]


def test_a_repeated_column_of_another_role_is_refused_before_any_row(tmp_path: Path) -> None:
    path = tmp_path / "issues.csv"
    path.write_text("Key,Created,Created\nK-1,2026-03-02T09:00:00Z,2026-03-03T09:00:00Z\n")
    with pytest.raises(ConfigError, match=r"'Created' for created appears 2 times") as caught:
        summary.load(path, columns={"id": "Key", "created": "Created"}, on_error="collect")
    assert caught.value.path == "columns.created"
    assert caught.value.source == str(path)
