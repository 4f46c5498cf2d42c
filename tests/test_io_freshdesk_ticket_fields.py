"""An account's own Freshdesk statuses described by its ticket fields (``ticket_fields=``).

The status field of ``GET /api/v2/admin/ticket_fields`` lists each status as a choice with
its ``id``, agent label ``value``, ``label_for_customers`` and ``stop_sla_timer``; the older
``GET /api/v2/ticket_fields`` gives ``choices`` as an object from the status id to
``[agent label, customer label]`` (https://developers.freshdesk.com/api/#list_all_ticket_fields).
The fixtures in ``tests/data/freshdesk/ticket_fields/`` are written by hand from those field
names. The laws: a custom status (id 6 and up) the fields describe gets its agent label and,
unless ``status_map`` names it, ``pending`` where the SLA timer stops (as Freshdesk's own
Pending) and ``open`` where it runs; ``status_map`` always wins; the built-in ids keep their
meaning; a status neither describes stays the error listing the known ids.
"""

from __future__ import annotations

import glob
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import freshdesk
from servicemodel.model import Status, StatusChange

DATA = Path(__file__).parent / "data" / "freshdesk"
ADMIN = DATA / "ticket_fields" / "admin_ticket_fields.json"
OLDER = DATA / "ticket_fields" / "ticket_fields_v2.json"
TICKETS = sorted(glob.glob(str(DATA / "*.json")))


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _ticket(status: int) -> list[dict[str, Any]]:
    return [{"id": 1, "created_at": "2026-03-02T09:00:00Z", "status": status,
             "updated_at": "2026-03-02T10:00:00Z", "source": 1}]  # fmt: skip


def _change(status: int, **options: Any) -> tuple[str, str | None]:
    """The category and label of the ticket's change to ``status``."""
    (h,) = freshdesk.histories([_ticket(status)], **options)
    (e,) = [e for e in h.events if isinstance(e, StatusChange) and e.id == "1.status"]
    return e.status.value, e.label


def _fields(choices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": 9, "label": "Status", "type": "default_status", "choices": choices}]


def test_the_admin_response_labels_and_sorts_custom_statuses() -> None:
    fields = _json(ADMIN)
    assert _change(6, ticket_fields=fields) == ("pending", "Waiting on Third Party")
    assert _change(7, ticket_fields=fields) == ("open", "In Review")
    # The status field alone (GET /api/v2/admin/ticket_fields/{id}) reads the same.
    (status_field,) = [f for f in fields if f["type"] == "default_status"]
    assert _change(6, ticket_fields=status_field) == ("pending", "Waiting on Third Party")


def test_a_policy_pauses_on_the_label_the_fields_give() -> None:
    (h,) = freshdesk.histories([_ticket(6)], ticket_fields=_json(ADMIN))
    assert h.status_at(h.last_event_at) is Status.PENDING
    assert [e.label for e in h.events if isinstance(e, StatusChange)] == [
        None,
        "Waiting on Third Party",
    ]


def test_the_older_response_gives_labels_only() -> None:
    fields = _json(OLDER)
    with pytest.raises(RecordError) as info:
        _change(6, ticket_fields=fields)
    assert "status 6: the ticket fields name it 'Waiting on Third Party'" in str(info.value)
    assert "gives no stop_sla_timer" in str(info.value)
    assert "GET /api/v2/admin/ticket_fields" in str(info.value)
    # With status_map, the category is the map's and the label the fields'.
    assert _change(6, ticket_fields=fields, status_map={6: "on_hold"}) == (
        "on_hold",
        "Waiting on Third Party",
    )


def test_a_status_neither_describes_stays_the_error_listing_the_known_ids() -> None:
    for fields in (None, _json(ADMIN)):
        with pytest.raises(RecordError) as info:
            _change(8, ticket_fields=fields)
        message = str(info.value)
        assert "status 8: unknown status; known: {2: 'open', 3: 'pending'" in message
        assert "map each with status_map=" in message
    with pytest.raises(RecordError, match="6: 'pending', 7: 'open'"):
        _change(8, ticket_fields=_json(ADMIN))


_CATEGORIES = st.sampled_from([s.value for s in Status])


@settings(max_examples=60, deadline=None)
@given(
    sid=st.integers(6, 10**6),
    stops=st.one_of(st.none(), st.booleans()),
    name=st.text(min_size=1, max_size=12).filter(str.strip),
    mapped=st.one_of(st.none(), _CATEGORIES),
    own_label=st.one_of(st.none(), st.text(min_size=1, max_size=8).filter(str.strip)),
)
def test_status_map_wins_else_stop_sla_timer_decides(
    sid: int, stops: bool | None, name: str, mapped: str | None, own_label: str | None
) -> None:
    choice: dict[str, Any] = {"id": sid, "value": name}
    if stops is not None:
        choice["stop_sla_timer"] = stops
    status_map: dict[int, Any] | None = None
    if mapped is not None:
        status_map = {sid: mapped if own_label is None else (mapped, own_label)}
    options = {"ticket_fields": _fields([choice]), "status_map": status_map}
    if mapped is None and stops is None:
        with pytest.raises(RecordError, match="say not whether the SLA timer stops"):
            _change(sid, **options)
        return
    category, label = _change(sid, **options)
    if mapped is not None:
        assert category == mapped
        assert label == (own_label or name)
    else:
        assert category == ("pending" if stops else "open")
        assert label == name


@settings(max_examples=30, deadline=None)
@given(sid=st.sampled_from([2, 3, 4, 5]), stops=st.booleans())
def test_the_built_in_statuses_keep_their_meaning(sid: int, stops: bool) -> None:
    fields = _fields([{"id": sid, "value": "Renamed", "stop_sla_timer": stops}])
    (given_,) = freshdesk.histories([_ticket(sid)], ticket_fields=fields)
    (plain,) = freshdesk.histories([_ticket(sid)])
    assert given_.events == plain.events


@pytest.mark.parametrize(
    ("fields", "path", "says"),
    [
        (_fields([{"id": 6, "value": "X", "stop_sla_timer": 1}]),
         "ticket_fields[0].choices[0].stop_sla_timer", "expected true or false"),
        (_fields([{"id": 6, "value": "X", "stop_sla_timer": "true"}]),
         "ticket_fields[0].choices[0].stop_sla_timer", "expected true or false"),
        (_fields([{"id": True, "value": "X"}]), "ticket_fields[0].choices[0].id",
         "expected a numeric code"),
        (_fields([{"id": 6, "value": ""}]), "ticket_fields[0].choices[0].value",
         "expected the status's name"),
        (_fields([{"id": 6, "value": "X"}, {"id": 6, "value": "Y"}]),
         "ticket_fields[0].choices[1].id", "status 6 is given twice"),
        ([{"label": "Priority", "type": "default_priority", "choices": []}], "ticket_fields",
         "no status field"),
        (_fields([]) + _fields([]), "ticket_fields[1]", "a second status field"),
        ("status.json", "ticket_fields", "expected the response of GET"),
        ({"type": "default_priority", "choices": []}, "ticket_fields", "expected the response"),
        ([{"type": "default_status", "choices": {"6": "Waiting"}}],
         "ticket_fields[0].choices.6", "expected [agent label, customer label]"),
    ],
)  # fmt: skip
def test_a_malformed_ticket_fields_response_is_a_config_error_naming_its_path(
    fields: Any, path: str, says: str
) -> None:
    with pytest.raises(ConfigError) as info:
        freshdesk.histories([_ticket(6)], ticket_fields=fields)
    assert info.value.path == path
    assert says in info.value.message


def test_load_reads_a_ticket_fields_file_among_the_files() -> None:
    given_ = freshdesk.load([*TICKETS, ADMIN], on_error="collect")
    passed = freshdesk.load(TICKETS, ticket_fields=_json(ADMIN), on_error="collect")
    assert [h.events for h in given_] == [h.events for h in passed]
    (h,) = [h for h in given_ if h.id == "103"]
    assert (h.status_at(h.last_event_at), h.events[-1].label) == (
        Status.PENDING,
        "Waiting on Third Party",
    )
    # ticket_fields= wins over a file's; status_map over both.
    older = freshdesk.load([*TICKETS, ADMIN], ticket_fields=_json(OLDER), on_error="collect")
    assert "103" not in [h.id for h in older]
    mapped = freshdesk.load([*TICKETS, ADMIN], status_map={6: "on_hold"}, on_error="collect")
    (h,) = [h for h in mapped if h.id == "103"]
    assert h.status_at(h.last_event_at) is Status.ON_HOLD


def test_a_bad_ticket_fields_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    fields = _json(ADMIN)
    fields[1]["choices"][4]["stop_sla_timer"] = "yes"
    bad = tmp_path / "ticket_fields.json"
    bad.write_text(json.dumps(fields), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        freshdesk.load([*TICKETS, bad], on_error="collect")
    assert str(info.value).startswith(f"{bad}: [1].choices[4].stop_sla_timer: expected true")


def test_the_command_line_reads_the_ticket_fields_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "--source", "freshdesk", *TICKETS, str(ADMIN), "--skip-bad-records"])
    out = capsys.readouterr()
    assert code == 0
    assert "5 of 5 tickets" in out.out
    assert "3 bad record(s) set aside" in out.err


def test_a_file_name_or_an_open_file_as_ticket_fields_says_to_parse_it() -> None:
    for named in (str(ADMIN), ADMIN):
        with pytest.raises(ConfigError, match=r"json\.load the file, or give the file among"):
            freshdesk.load(TICKETS, ticket_fields=named, on_error="collect")
    with open(ADMIN, encoding="utf-8") as fh, pytest.raises(ConfigError, match=r"json\.load"):
        freshdesk.load(TICKETS, ticket_fields=fh, on_error="collect")


def test_a_misspelt_load_option_names_the_options_before_reading() -> None:
    # It was a TypeError naming the private _loading, raised after every file was read.
    with pytest.raises(ConfigError, match=r"unknown option\(s\) \['ticket_field'\]") as caught:
        freshdesk.load(TICKETS, ticket_field=_json(ADMIN), on_error="collect")
    assert "'ticket_fields'" in str(caught.value)
    assert caught.value.path == "ticket_field"
