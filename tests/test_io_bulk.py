"""The loaders' garbage-collector pause: state restored, long-lived objects settled, frozen kept."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from servicemodel.io._files import bulk


class _Node:
    """A small tracked object, like the attrs values a loader builds."""

    def __init__(self, k: int) -> None:
        self.k = k


@pytest.fixture
def collector() -> Iterator[None]:
    # Each test starts from a known state and leaves the process's collector as it was.
    was = gc.isenabled()
    gc.enable()
    gc.collect()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.collect()
        if not was:
            gc.disable()


def test_paused_inside_and_restored_after(collector: None) -> None:
    with bulk():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    with bulk():
        assert not gc.isenabled()
    assert not gc.isenabled()  # a caller who had it off keeps it off
    gc.enable()


def test_restored_on_error(collector: None) -> None:
    with pytest.raises(ValueError, match="boom"), bulk():
        raise ValueError("boom")
    assert gc.isenabled()


def test_what_was_built_goes_to_the_oldest_generation(collector: None) -> None:
    # Objects made inside end up in the oldest generation, so no young collection walks them.
    interpreters_own = gc.get_freeze_count()
    with bulk():
        built = [_Node(k) for k in range(50_000)]
    if interpreters_own:
        # Python 3.12 keeps its immortal objects in the permanent generation (a collection
        # puts them back there): indistinguishable from a caller's frozen objects, so bulk()
        # leaves the generations alone, as for a caller's, and nothing it built is frozen.
        assert gc.get_freeze_count() == interpreters_own
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        assert not {id(o) for o in built} & oldest
        return
    young = {id(o) for o in gc.get_objects(generation=0)}
    middle = {id(o) for o in gc.get_objects(generation=1)}
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    ids = {id(o) for o in built}
    assert ids <= oldest
    assert not ids & (young | middle)
    assert gc.get_freeze_count() == 0


def test_a_callers_frozen_objects_stay_frozen(collector: None) -> None:
    keep = [_Node(k) for k in range(1_000)]
    gc.freeze()
    frozen = gc.get_freeze_count()
    assert frozen >= len(keep)
    with bulk():
        built = [_Node(k) for k in range(1_000)]
    # Nothing of the caller's was thawed, and what bulk() built was not frozen either.
    assert gc.get_freeze_count() == frozen
    assert len(built) == len(keep)
