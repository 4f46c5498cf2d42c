"""``tickets(priorities=["urgent"])`` says how to write the priority it was given.

The library reads priorities as text everywhere else (``Ticket(priority="high")``), so a test
author writes them so here too; the strategy takes ``Priority`` members, and its error now
names the member to write.
"""

from __future__ import annotations

import pytest
from hypothesis import find

from servicemodel.errors import InputTypeError
from servicemodel.model import Priority
from servicemodel.strategies import tickets


@pytest.mark.parametrize("member", list(Priority))
def test_a_priority_written_as_text_names_its_member(member: Priority) -> None:
    for text in (member.value, member.value.upper(), f" {member.value.title()} "):
        with pytest.raises(InputTypeError) as err:
            find(tickets(priorities=[text]), lambda t: True)
        assert str(err.value) == (
            f"tickets: priorities must hold Priority values, got {text!r} "
            f"(write Priority.{member.name})"
        )


def test_text_that_is_no_priority_gets_no_suggestion() -> None:
    with pytest.raises(InputTypeError) as err:
        find(tickets(priorities=["soon"]), lambda t: True)
    assert str(err.value) == "tickets: priorities must hold Priority values, got 'soon'"


def test_the_member_written_as_suggested_is_drawn() -> None:
    ticket = find(tickets(priorities=[Priority.URGENT]), lambda t: True)
    assert ticket.priority is Priority.URGENT
