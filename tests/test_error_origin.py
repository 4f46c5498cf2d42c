"""An error's origin (the file it names) never breaks its message over lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError


@given(source=st.text(min_size=1, max_size=40))
def test_a_file_name_never_breaks_the_message_over_lines(source: str) -> None:
    for err in (
        ConfigError("unknown key 'x'", path="hours.x", source=source),
        RecordError("not a number: 'x'", line=7, path="priority", source=source),
    ):
        text = str(err)
        assert text.endswith("not a number: 'x'") or text.endswith("unknown key 'x'")
        if source.isprintable():
            assert text.startswith(f"{source}: ")
        else:
            assert text.startswith(repr(source)[:30])
            assert "\n" not in text
            assert "\t" not in text
        assert err.source == source


def test_a_plain_name_is_as_it_was() -> None:
    assert str(RecordError("bad", line=3, source="ok.csv")) == "ok.csv: line 3: bad"
    assert str(ConfigError("bad", source="a\nb.toml")) == "'a\\nb.toml': bad"
