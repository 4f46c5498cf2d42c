"""Configuration files as editors save them: a UTF-8 byte order mark, UTF-16, another code page,
a folder given as the file. The reader names the file and what to do, and a BOM changes nothing."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._config import parse_json, read_config_file
from servicemodel.errors import ConfigError
from servicemodel.goals import goals_from_file
from servicemodel.sla import PolicySet

POLICY = """\
[[policies]]
name = "standard"
[policies.targets]
normal = [{ metric = "first_reply", within = "4h" }]
"""

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(JSON_VALUES)
def test_a_byte_order_mark_changes_nothing_in_json(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False).encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        plain, marked = Path(folder, "plain.json"), Path(folder, "marked.json")
        plain.write_bytes(text)
        marked.write_bytes(b"\xef\xbb\xbf" + text)
        assert read_config_file(marked) == read_config_file(plain) == value


def test_a_toml_policy_saved_with_a_byte_order_mark_reads_as_without(tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.toml", tmp_path / "marked.toml"
    plain.write_bytes(POLICY.encode())
    marked.write_bytes(b"\xef\xbb\xbf" + POLICY.encode())
    assert PolicySet.from_file(marked) == PolicySet.from_file(plain)
    assert [p.name for p in PolicySet.from_file(marked).policies] == ["standard"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_says_so_and_what_to_do(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "policy.toml"
    data = POLICY.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes a BOM itself; these need one added
        data = ("\ufeff".encode(encoding)) + data
    path.write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        PolicySet.from_file(path)
    assert str(caught.value) == (
        f"{path}: not UTF-8 text but UTF-16 (it starts with a UTF-16 byte order mark); "
        "save the file as UTF-8"
    )


def test_another_code_page_names_the_byte_and_where(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(POLICY.replace("standard", "pr\u00e9mium").encode("cp1252"))
    with pytest.raises(ConfigError) as caught:
        PolicySet.from_file(path)
    offset = POLICY.index("standard") + 2
    assert str(caught.value) == (
        f"{path}: not UTF-8 text (byte 0xe9 at offset {offset}); save the file as UTF-8"
    )


@pytest.mark.parametrize("name", ["policies", "policies.toml"])
def test_a_folder_is_no_config_file_whatever_its_name(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    with pytest.raises(ConfigError) as caught:
        read_config_file(folder)
    assert str(caught.value) == f"{folder}: cannot read: Is a directory"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_utf16_without_its_mark_says_so_not_a_parse_error(
    tmp_path: Path, encoding: str, suffix: str
) -> None:
    path = tmp_path / f"policy{suffix}"
    path.write_bytes((POLICY if suffix == ".toml" else '{"policies": []}').encode(encoding))
    with pytest.raises(ConfigError) as caught:
        read_config_file(path)
    offset = 1 if encoding == "utf-16-le" else 0
    assert str(caught.value) == (
        f"{path}: holds a NUL character (offset {offset}): not UTF-8 text but probably UTF-16 "
        "saved without a byte order mark; save the file as UTF-8"
    )


_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


@given(st.lists(_KEYS, min_size=1, max_size=6), st.data())
def test_a_json_key_given_twice_in_one_object_is_refused_naming_it(
    keys: list[str], data: st.DataObject
) -> None:
    distinct = list(dict.fromkeys(keys))
    pairs = [f"{json.dumps(k)}: {i}" for i, k in enumerate(distinct)]
    assert parse_json("{" + ", ".join(pairs) + "}") == {k: i for i, k in enumerate(distinct)}
    twice = data.draw(st.sampled_from(distinct))
    nested = data.draw(st.booleans())
    text = "{" + ", ".join([*pairs, f"{json.dumps(twice)}: null"]) + "}"
    if nested:  # in an object inside a list inside an object, as a policy's targets
        text = '{"policies": [' + text + "]}"
    with pytest.raises(ConfigError) as caught:
        parse_json(text)
    assert str(caught.value) == f"not valid JSON: key {twice!r} is given twice in one object"


@pytest.mark.parametrize(
    ("name", "text"), [("goals.toml", ""), ("goals.toml", "\n# none\n"), ("goals.json", "{}")]
)
def test_an_empty_goals_file_is_refused_and_an_empty_list_is_not(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        goals_from_file(path)
    assert str(caught.value) == (
        f"{path}: the file holds no goals: expected [[goals]] tables (write goals = [] for a "
        "file that lists none)"
    )
    path.write_text("goals = []\n" if name.endswith(".toml") else '{"goals": []}', encoding="utf-8")
    assert goals_from_file(path) == ()
