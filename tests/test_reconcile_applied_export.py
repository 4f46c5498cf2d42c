"""``Applied``, the type of a vendor verdict's SLA history entries, is public.

It appears on the public ``VendorVerdict.applied`` field, so users can name it in their own
type hints (``list[Applied]``) and find it on the reference page.
"""

from __future__ import annotations

import typing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import servicemodel.reconcile as reconcile_module
from servicemodel.reconcile import Applied, VendorVerdict


def test_applied_is_exported_from_the_subpackage() -> None:
    assert "Applied" in reconcile_module.__all__
    from servicemodel.reconcile._verdict import Applied as private

    assert Applied is private


def test_applied_is_the_type_of_a_verdicts_history_entries() -> None:
    hints = typing.get_type_hints(VendorVerdict)
    assert hints["applied"] == tuple[Applied, ...]
    t = datetime(2026, 3, 2, 9, tzinfo=UTC)
    gold: Applied = (t, timedelta(hours=8), False, "Gold")
    v = VendorVerdict("7", "resolution_time", 1, "active", applied=[gold])
    when, target, business, policy = v.applied[-1]
    assert (when, target, business, policy) == (t, timedelta(hours=8), False, "Gold")


def test_the_reference_page_documents_applied() -> None:
    griffe = pytest.importorskip("griffe")
    src = Path(__file__).resolve().parents[1] / "src"
    module = griffe.load("servicemodel.reconcile", search_paths=[str(src)], resolve_aliases=True)
    member = module["Applied"]
    assert member.is_public
    assert member.docstring is not None
    assert "VendorVerdict.applied" in member.docstring.value
