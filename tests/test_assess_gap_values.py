"""A Gap or an Assessment built by hand holds only what the renderers can write.

A NaN or infinite shortfall or threshold, an unknown source or a level outside (0, 1) was
kept, then ranked anywhere and refused by ``render_json`` with a bare ``ValueError`` (or, for
the source, ``tuple.index``): each is refused where it is built, naming the field.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _samples import sample_gap
from servicemodel.blueprint import (
    Assessment,
    Blueprint,
    rank,
    render_html,
    render_json,
    render_text,
)
from servicemodel.errors import ConfigError, InputTypeError

SOURCES = ("standard", "goal", "servqual", "qa")
AT = datetime(2026, 3, 2, tzinfo=UTC)
FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6)
NON_FINITE = st.sampled_from([float("nan"), float("inf"), float("-inf")])


@given(st.sampled_from(["shortfall", "threshold"]), NON_FINITE)
def test_a_non_finite_shortfall_or_threshold_is_refused_by_name(field: str, x: float) -> None:
    with pytest.raises(ConfigError, match=f"Gap.{field}: .* is not a finite number"):
        sample_gap(**{field: x})


@given(st.text(max_size=10).filter(lambda s: s not in SOURCES))
def test_an_unknown_source_is_refused(source: str) -> None:
    with pytest.raises(ConfigError, match="source: expected one of"):
        sample_gap(source=source)


@given(st.one_of(NON_FINITE, st.floats(max_value=0.0), st.floats(min_value=1.0)))
def test_a_level_outside_0_1_is_refused(level: Any) -> None:
    with pytest.raises(ConfigError, match="level must be a number strictly between 0 and 1"):
        Assessment(Blueprint("x"), AT, level, 0, None, None, None, None, ())


@given(st.one_of(st.booleans(), st.text(max_size=3), st.none()))
def test_a_level_of_the_wrong_type_is_refused(level: Any) -> None:
    with pytest.raises(InputTypeError, match="level must be a number strictly between 0 and 1"):
        Assessment(Blueprint("x"), AT, level, 0, None, None, None, None, ())


@given(
    st.lists(
        st.tuples(st.sampled_from(SOURCES), st.text(max_size=5), FINITE, st.none() | FINITE),
        max_size=6,
    )
)
def test_every_gap_that_can_be_built_is_ranked_and_rendered(
    rows: list[tuple[str, str, float, float | None]],
) -> None:
    gaps = [
        sample_gap(source=src, name=name, threshold=threshold, shortfall=short)
        for src, name, threshold, short in rows
    ]
    ranked = rank(gaps)
    a = Assessment(Blueprint("x"), AT, 0.95, 0, None, None, None, None, ranked)
    doc = json.loads(render_json(a))
    assert [g["shortfall"] for g in doc["gaps"]] == [g.shortfall for g in ranked]
    known = [g.shortfall for g in ranked if g.shortfall is not None]
    assert known == sorted(known, reverse=True)
    assert render_text(a).count("standard: ") == len(ranked)
    assert render_html(a, charts=False).startswith("<!DOCTYPE html>")
