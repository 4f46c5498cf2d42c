"""Standards config errors name the value, the file and the path, in words that read.

``csat = nan`` said "write nan for nan %", ``nps = 300`` "nps is a points in [-100, 100]",
and ``extra_channels = [3]`` "standards.extra_channels: channel: ..." with no index.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, InputTypeError
from servicemodel.standards import QUALITY_METRICS, ServiceStandards


def _file_error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "standards.toml"
    path.write_text('name = "s"\n' + text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        ServiceStandards.from_file(path)
    return str(info.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "quality.csat = nan",
            "quality.csat: csat is a share in [0, 1], got nan: NaN is not a share; "
            "write a number in [0, 1], such as 0.85 for 85 %",
        ),
        (
            "quality.nps = nan",
            "quality.nps: nps is a score in points in [-100, 100], got nan: NaN is not a "
            "score; write a number in [-100, 100], such as 30",
        ),
        ("quality.nps = 300", "quality.nps: nps is a score in points in [-100, 100], got 300"),
        (
            "quality.csat = 85",
            "quality.csat: csat is a share in [0, 1], got 85 (for 85 %, write 0.85)",
        ),
        ("quality.csat = inf", "quality.csat: csat is a share in [0, 1], got inf"),
        ("quality.fcr = -0.5", "quality.fcr: fcr is a share in [0, 1], got -0.5"),
        (
            "channels.chat.quality.reopen_rate = 6",
            "channels.chat.quality.reopen_rate: reopen_rate is a share in [0, 1], got 6 "
            "(for 6 %, write 0.06)",
        ),
        (
            "extra_channels = [3]",
            "extra_channels[0]: expected a channel name (a string), got int 3",
        ),
        (
            'extra_channels = ["fax", " "]',
            "extra_channels[1]: channel must be a non-blank name of letters, digits, '_', '-' "
            "or '.', got ' '",
        ),
    ],
)
def test_a_file_error_is_the_file_the_path_and_the_value(
    tmp_path: Path, line: str, message: str
) -> None:
    assert _file_error(tmp_path, line + "\n") == f"{tmp_path / 'standards.toml'}: {message}"


def test_extra_channels_built_in_python_name_the_index() -> None:
    with pytest.raises(InputTypeError, match=r"^extra_channels\[1\]: expected a channel name"):
        ServiceStandards("s", extra_channels=["fax", None])  # type: ignore[list-item]
    with pytest.raises(ConfigError) as info:
        ServiceStandards("s", extra_channels=["fax", "a b"])
    assert info.value.path == "extra_channels[1]"


def _on_scale(metric: str, x: float) -> bool:
    spec = QUALITY_METRICS[metric]
    return min(spec.worst, spec.best) <= x <= max(spec.worst, spec.best)


_off_scale = st.sampled_from(sorted(QUALITY_METRICS)).flatmap(
    lambda m: st.tuples(
        st.just(m),
        st.floats(allow_infinity=True, allow_nan=True).filter(lambda x: not _on_scale(m, x)),
        st.sampled_from([None, "chat"]),
    )
)


@settings(max_examples=80)
@given(_off_scale)
def test_any_threshold_off_the_scale_is_named_with_its_path(
    case: tuple[str, float, str | None],
) -> None:
    metric, x, channel = case
    data: dict[str, object] = {"name": "s", "quality": {metric: x}}
    path = f"quality.{metric}"
    if channel is not None:
        data = {"name": "s", "channels": {channel: {"quality": {metric: x}}}}
        path = f"channels.{channel}.{path}"
    with pytest.raises(ConfigError) as info:
        ServiceStandards.from_dict(data)
    err = info.value
    assert err.path == path
    assert err.message.startswith(f"{metric} is a ")
    assert f", got {safe_repr(x)}" in err.message
    # Only a percentage written for a share gets the share it means, from 2 to 100 as
    # everywhere (percent_hint: 1.5 is as likely another slip); NaN is never "n %".
    assert ("NaN is not a" in err.message) == math.isnan(x)
    share = QUALITY_METRICS[metric].unit == "share"
    assert (f"(for {x:g} %, write " in err.message) == (share and 2 <= x <= 100)
