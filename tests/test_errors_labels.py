"""Config errors and field paths survive labels of the wrong kind (an error never raises)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel._config import join
from servicemodel.errors import ConfigError

np = pytest.importorskip("numpy")

HUGE = 10**5000  # past Python's int-to-text limit: str() of it raises ValueError

labels = st.one_of(
    st.text(max_size=20),
    st.none(),
    st.integers(),
    st.just(HUGE),
    st.floats(allow_nan=True),
    st.builds(lambda xs: np.array(xs), st.lists(st.integers(-5, 5), min_size=2, max_size=4)),
    st.lists(st.integers(), max_size=3),
)


@given(path=labels, source=labels, prefix=labels)
def test_a_config_error_of_any_label_is_text(path: Any, source: Any, prefix: Any) -> None:
    err = ConfigError("bad value", path=path, source=source)
    assert isinstance(err.path, str)
    assert err.source is None or isinstance(err.source, str)
    assert str(err).endswith("bad value")
    moved = err.at(prefix)
    assert isinstance(moved.path, str)
    assert str(moved).endswith("bad value")


def _deep(depth: int) -> Any:
    x: Any = []
    for _ in range(depth):
        x = [x]
    return x


@given(
    path=labels,
    key=st.one_of(st.text(max_size=10), st.integers(), st.just(HUGE), st.just(_deep(5000))),
)
def test_join_of_any_label_is_text(path: Any, key: Any) -> None:
    assert isinstance(join(path, key), str)


def test_labels_of_text_read_as_before() -> None:
    assert str(ConfigError("m", path="a.b", source="f.toml")) == "f.toml: a.b: m"
    assert str(ConfigError("m", path=None)) == "m"
    assert join(None, "tz") == "tz"
    assert join(HUGE, 1) == "<int of about 5001 digits>[1]"
    assert str(ConfigError("m", path=np.array([1, 2]))) == "array([1, 2]): m"
