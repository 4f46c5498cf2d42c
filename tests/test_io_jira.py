"""servicemodel.io.jira: Jira Service Management search pages and comments -> histories."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import jira
from servicemodel.model import AgentReply, CustomerMessage, InternalNote, Status, StatusChange

DATA = Path(__file__).parent / "data" / "jira"
MAP = {"Awaiting Vendor": "on_hold"}


def pages() -> list[dict[str, Any]]:
    return [json.loads((DATA / f"search_page{i}.json").read_text()) for i in (1, 2)]


def comments() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((DATA / "request_comments.json").read_text())
    return found


def issue(key: str) -> dict[str, Any]:
    for page in pages():
        for raw in page["issues"]:
            if raw["key"] == key:
                return copy.deepcopy(raw)  # type: ignore[no-any-return]
    raise KeyError(key)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# -- the fixtures --------------------------------------------------------------------------


def test_collect_keeps_every_good_issue_and_names_the_bad() -> None:
    stream = jira.histories(pages(), comments(), status_map=MAP, on_error="collect")
    found = {h.id: h for h in stream}
    assert sorted(found) == ["SD-1", "SD-2", "SD-3", "SD-4"]
    assert [(e.path, "SD-5" in str(e) or "SD-6" in str(e)) for e in stream.errors] == [
        ("pages[1].issues[1].fields.priority.name", True),
        ("pages[1].issues[2].fields", True),
    ]
    assert "'P1'" in str(stream.errors[0])


def test_cloud_comments_status_and_assignee() -> None:
    (h,) = jira.histories([issue("SD-1")])
    kinds = [(type(e).__name__, e.at.astimezone(UTC).strftime("%H:%M")) for e in h.events]
    # Created 09:00 +0100 = 08:00 UTC; a status and an assignee change in one history at 08:20.
    assert kinds == [
        ("StatusChange", "08:00"),
        ("CustomerMessage", "08:00"),
        ("StatusChange", "08:20"),
        ("AssignmentChange", "08:20"),
        ("AgentReply", "08:40"),
        ("InternalNote", "08:50"),
        ("CustomerMessage", "09:30"),
        ("StatusChange", "10:00"),
    ]
    labels = [e.label for e in h.events if isinstance(e, StatusChange)]
    assert labels == ["Waiting for support", "In Progress", "Resolved"]
    assert h.ticket.assignee is None  # unassigned when created
    assert h.ticket.attributes["request_type"] == "Get IT help"
    assert h.first_reply_at() == _utc("2026-03-02T09:40:00+01:00")
    assert h.events[0].at.utcoffset() == timedelta(hours=1)  # Jira's offset is kept


def test_data_center_comments_custom_status_priority_and_reopen() -> None:
    (h,) = jira.histories([issue("SD-2")], status_map=MAP)
    notes = [e.agent for e in h.events if isinstance(e, InternalNote)]
    assert notes == ["agent.bob"]  # sd.public.comment {"internal": true}
    replies = [e.at for e in h.events if isinstance(e, AgentReply)]
    assert len(replies) == 3
    statuses = [(e.status, e.label) for e in h.events if isinstance(e, StatusChange)]
    assert (Status.ON_HOLD, "Awaiting Vendor") in statuses
    assert h.ticket.priority.value == "urgent"  # Highest when created, lowered later
    assert h.reopen_count() == 1
    # The reply and the transition at one instant: the reply comes first and counts.
    assert h.first_reply_at() == _utc("2026-03-02T16:00:00-05:00")


def test_a_moved_issue_finds_its_comments_under_the_old_key() -> None:
    (h,) = jira.histories([issue("SD-3")], comments())
    assert h.ticket.attributes["previous_keys"] == "IT-9"
    assert [type(e) for e in h.events if not isinstance(e, StatusChange)] == [
        CustomerMessage,
        InternalNote,  # epochMillis only
        AgentReply,
    ]
    assert h.status_at(h.last_event_at) is Status.PENDING


def test_pagination_checks_catch_a_missing_page() -> None:
    _first, second = pages()
    stream = jira.histories([second], status_map=MAP, on_error="collect")
    list(stream)
    assert [e.path for e in stream.errors][:1] == ["pages[0].startAt"]
    assert "0 issues came before this page" in str(stream.errors[0])
    total = [e for e in stream.errors if e.path.endswith(".total")]
    assert "hold 3 issues, not 6" in str(total[0])


def test_a_truncated_changelog_is_an_error_naming_the_rest() -> None:
    raw = issue("SD-2")
    raw["changelog"]["total"] = 140
    with pytest.raises(RecordError) as info:
        list(jira.histories([raw], status_map=MAP))
    assert info.value.path == "issues[0].changelog.total"
    assert "/issue/SD-2/changelog" in str(info.value)


def test_an_unknown_status_lists_the_known_ones() -> None:
    with pytest.raises(RecordError) as info:
        list(jira.histories([issue("SD-2")]))
    message = str(info.value)
    assert info.value.path == "issues[0].changelog.histories[0].items[0].toString"
    assert "'Awaiting Vendor'" in message
    assert "SD-2" in message
    assert "'waiting for customer'" in message
    assert "status_map=" in message


def test_the_status_category_settles_a_status_where_sound() -> None:
    raw = issue("SD-4")
    raw["fields"]["status"] = {"id": "77", "name": "Triage", "statusCategory": {"key": "new"}}
    (h,) = jira.histories([raw])
    assert (h.events[0].status, h.events[0].label) == (Status.OPEN, "Triage")
    raw["fields"]["status"]["statusCategory"]["key"] = "indeterminate"
    with pytest.raises(RecordError, match="unknown status"):
        list(jira.histories([raw]))
    listed = [{"id": "77", "name": "Triage", "statusCategory": {"key": "done"}}]
    raw["fields"]["status"].pop("statusCategory")
    (h,) = jira.histories([raw], statuses=listed)
    assert h.events[0].status is Status.SOLVED


def test_the_changelog_must_end_in_the_current_status() -> None:
    raw = issue("SD-1")
    raw["fields"]["status"] = {"id": "3", "name": "In Progress"}
    with pytest.raises(RecordError, match="histories are missing") as info:
        list(jira.histories([raw]))
    assert info.value.path.endswith("histories[1].items[1].to")


@pytest.mark.parametrize(
    ("mutate", "path", "value"),
    [
        (lambda r: r["fields"].update(created="yesterday"), "issues[0].fields.created",
         "'yesterday'"),
        (lambda r: r["fields"].update(created="2026-03-02T09:00:00"), "issues[0].fields.created",
         "'2026-03-02T09:00:00'"),
        (lambda r: r["changelog"]["histories"][0].update(created="2026-03-01T00:00:00.000+0000"),
         "issues[0].changelog.histories[0].created", "'2026-03-01T00:00:00.000+0000'"),
        (lambda r: r["fields"]["comment"]["comments"][0].update(jsdPublic="yes"),
         "issues[0].fields.comment.comments[0].jsdPublic", "'yes'"),
        (lambda r: r["fields"].update(labels="vpn"), "issues[0].fields.labels", "'vpn'"),
        (lambda r: r.update(key=None), "issues[0].key", "None"),
    ],
)  # fmt: skip
def test_every_error_names_path_issue_and_value(mutate: Any, path: str, value: str) -> None:
    raw = issue("SD-1")
    mutate(raw)
    with pytest.raises(RecordError) as info:
        list(jira.histories([raw]))
    assert info.value.path == path
    assert value in str(info.value)
    if path != "issues[0].key":
        assert "issue SD-1" in str(info.value)
    stream = jira.histories([raw, issue("SD-4")], on_error="collect")
    assert [h.id for h in stream] == ["SD-4"]
    assert [e.path for e in stream.errors] == [path]


def test_comments_for_an_issue_that_never_appears() -> None:
    stream = jira.histories([issue("SD-4")], {"SD-9": []}, on_error="collect")
    assert [h.id for h in stream] == ["SD-4"]
    assert "never appears" in str(stream.errors[0])
    assert "SD-9" in str(stream.errors[0])


def test_an_issue_twice_and_bad_options() -> None:
    stream = jira.histories([issue("SD-4"), issue("SD-4")], on_error="collect")
    assert len(list(stream)) == 1
    assert "appears twice" in str(stream.errors[0])
    with pytest.raises(ConfigError) as info:
        jira.histories([], status_map={"Triage": "waiting"})
    assert info.value.path == "status_map.Triage"
    with pytest.raises(ConfigError):
        jira.histories([], priority_map={"P1": "critical"})
    with pytest.raises(ConfigError):
        jira.histories([], comments=["SD-1"])  # type: ignore[arg-type]


def test_agents_and_app_accounts() -> None:
    raw = issue("SD-1")
    raw["fields"]["comment"]["comments"][0]["author"]["accountType"] = "app"
    (h,) = jira.histories([raw])
    assert [e.automated for e in h.events if isinstance(e, AgentReply)] == [True]
    (h,) = jira.histories([raw], agents=["a-2"])  # a-1 is then not an agent
    assert not any(isinstance(e, AgentReply) for e in h.events)


def test_priority_map_and_no_priority() -> None:
    raw = issue("SD-5")
    (h,) = jira.histories([raw], priority_map={"P1": "urgent"})
    assert h.ticket.priority.value == "urgent"
    raw["fields"].pop("priority")
    (h,) = jira.histories([raw])
    assert h.ticket.priority.value == "normal"


def test_load_names_file_and_line(tmp_path: Path) -> None:
    result = jira.load(DATA / "issues.jsonl", on_error="collect", status_map=MAP)
    assert [h.id for h in result] == ["SD-1", "SD-2", "SD-3", "SD-4"]
    assert [(e.line, e.source is not None) for e in result.errors] == [
        (2, True),
        (3, True),
        (3, True),
    ]
    with pytest.raises(RecordError) as info:
        jira.load([DATA / "issues.jsonl"], status_map=MAP)
    assert info.value.line == 2
    assert "issues.jsonl" in str(info.value)
    single = tmp_path / "one.json"
    single.write_text(json.dumps({**pages()[0], "total": 3}))
    assert [h.id for h in jira.load(single, status_map=MAP)] == ["SD-1", "SD-2", "SD-3"]


def test_token_pages_read_like_offset_pages() -> None:
    first, second = pages()
    tokens = [
        {"issues": first["issues"], "nextPageToken": "t1"},
        {"issues": second["issues"][:1], "isLast": True},
    ]
    got = list(jira.histories(tokens, comments(), status_map=MAP))
    want = list(jira.histories([first, {**second, "issues": second["issues"][:1], "total": 4}],
                               comments(), status_map=MAP))  # fmt: skip
    assert got == want


# -- the law: pages do not matter ----------------------------------------------------------


def _good_issues() -> list[dict[str, Any]]:
    return [raw for page in pages() for raw in page["issues"] if raw["key"] != "SD-6"]


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=6))
def test_the_result_is_independent_of_the_page_split(sizes: list[int]) -> None:
    every = _good_issues()
    split, start = [], 0
    for size in sizes:
        if start >= len(every):
            break
        chunk = every[start : start + size]
        split.append({"startAt": start, "maxResults": size, "total": len(every), "issues": chunk})
        start += len(chunk)
    if start < len(every):
        split.append({"startAt": start, "total": len(every), "issues": every[start:]})
    one = jira.histories([{"issues": every}], comments(), status_map=MAP, on_error="collect")
    many = jira.histories(split, comments(), status_map=MAP, on_error="collect")
    assert list(many) == list(one)
    assert [e.message for e in many.errors] == [e.message for e in one.errors]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("issue_changelog_pages.json", "to their changelog pages: pass it as changelogs="),
        ("issue_comment_pages.json", "to their comment pages: pass it as comments="),
        ("request_comments_pages.json", "to their comment pages: pass it as comments="),
        ("request_sla.json", "to their JSM SLA responses (/request/{key}/sla): give the file "),
    ],
)
def test_a_saved_mapping_by_issue_key_says_where_it_goes(name: str, says: str) -> None:
    # The shape comments=, changelogs= and --vendor-sla take, given among the issue files:
    # it was refused as "key None", which said nothing of what the file holds.
    files = [DATA / "search_page1.json", DATA / "search_page2.json", DATA / name]
    result = jira.load(files, status_map=MAP, on_error="collect")
    (error,) = [e for e in result.errors if e.source == str(DATA / name)]
    assert "not an issue: a mapping from issue keys ('SD-" in str(error)
    assert says in str(error)
    assert [h.id for h in result] == [
        h.id for h in jira.load(files[:2], status_map=MAP, on_error="collect")
    ]


def test_a_mapping_of_other_values_is_still_read_as_an_issue() -> None:
    stream = jira.histories([{"SD-1": [{"values": [{"x": 1}]}]}, {"SD-1": "text"}],
                            on_error="collect")  # fmt: skip
    assert list(stream) == []
    assert [e.path for e in stream.errors] == ["issues[0].key", "issues[1].key"]


def test_a_misspelt_load_option_names_the_options() -> None:
    # It was a TypeError naming the private _loading.
    with pytest.raises(ConfigError, match=r"unknown option\(s\) \['changelog'\]") as caught:
        jira.load([DATA / "search_page1.json"], changelog={}, on_error="collect")
    assert "'changelogs'" in str(caught.value)


def test_the_load_options_are_those_of_histories() -> None:
    import inspect

    from servicemodel.io.freshdesk._join import _LOAD_OPTIONS as FRESHDESK
    from servicemodel.io.jira._stream import _LOAD_OPTIONS as JIRA

    def named(f: Any) -> set[str]:
        kinds = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        return {k for k, p in inspect.signature(f).parameters.items() if p.kind in kinds}

    from servicemodel.io import freshdesk

    assert set(JIRA) == named(jira.histories) - {"issues", "on_error"}
    assert set(FRESHDESK) == named(freshdesk.histories) - {"tickets", "conversations", "ratings",
                                                            "on_error"}  # fmt: skip
