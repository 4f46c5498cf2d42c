"""A Jira issue search read short of its last page is said, as Zendesk's end_of_stream is.

Jira Cloud's issue search (``/rest/api/3/search/jql``) pages by ``nextPageToken`` and says
whether a page is the last with ``isLast``; it carries no ``total`` (Atlassian, "Search for
issues using JQL enhanced search", response ``SearchAndReconcileResults``:
https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/
#api-rest-api-3-search-jql-get). The last page of early responses carries neither key
(Atlassian's JRACLOUD-92184: "There is no nextPageToken key on the last page of results").
The fixtures in ``tests/data/jira/search_jql/`` follow that shape: page 1 has
``isLast: false`` and the token of page 2, which has ``isLast: true``.

A page with neither a boolean ``isLast`` nor a ``nextPageToken`` says nothing of the pages
after it: its issues are read and, when no page read ends the search, a warning says so. An
``isLast`` that is no JSON boolean is the page's error on every kind of Jira page.

The law: for the same pages, ``jira.histories(...).warnings`` are ``jira.load(...).warnings``
(and so are the errors), each page named by its place in the stream (``pages[3]``) where
``load`` names its file.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.cli import main
from servicemodel.errors import RecordError
from servicemodel.io import jira
from servicemodel.io._complete import SearchEnd, unfinished_search, unfinished_stream
from servicemodel.report import Source, build_report, render_csv, render_json, render_text

DATA = Path(__file__).parent / "data" / "jira" / "search_jql"
PAGE1, PAGE2 = DATA / "page1.json", DATA / "page2.json"

STOPPED = (
    "Jira issue search stopped before its end: the last page read ({place}) has isLast "
    "false; continue from nextPageToken 'CAEaAggD' (a token expires 7 days after its search: "
    "then search again)"
)


def _page(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return found


def _issue(k: int) -> dict[str, Any]:
    return {"key": f"JQ-{k}", "fields": {"created": "2026-05-04T09:00:00.000+0200",
                                          "status": {"id": "1", "name": "Open"}}}  # fmt: skip


# ---------------------------------------------------------------- the documented page shapes


def test_every_page_of_the_search_warns_of_nothing_in_either_order() -> None:
    for files in ([PAGE1, PAGE2], [PAGE2, PAGE1]):
        loaded = jira.load(files)
        assert [h.id for h in loaded] == (["JQ-1", "JQ-2", "JQ-3"] if files[0] == PAGE1
                                          else ["JQ-3", "JQ-1", "JQ-2"])  # fmt: skip
        assert loaded.warnings == ()
        stream = jira.histories([_page(f) for f in files])
        assert len(list(stream)) == 3
        assert stream.warnings == ()


def test_load_of_the_first_page_alone_names_its_file_and_the_token() -> None:
    loaded = jira.load([PAGE1])
    assert [h.id for h in loaded] == ["JQ-1", "JQ-2"]  # the issues read load as usual
    assert loaded.errors == ()
    assert loaded.warnings == (STOPPED.format(place=f"{PAGE1}: pages[0]"),)


def test_a_file_holding_a_list_of_pages_is_named_with_the_page_in_it(tmp_path: Path) -> None:
    both = tmp_path / "search.json"
    both.write_text(json.dumps([_page(PAGE2), _page(PAGE1)]), encoding="utf-8")
    assert jira.load(both).warnings == ()  # the last page is there, read first
    one = tmp_path / "pages.jsonl"
    one.write_text(json.dumps(_issue(9)) + "\n\n" + json.dumps(_page(PAGE1)) + "\n")
    (warning,) = jira.load(one).warnings
    assert warning == STOPPED.format(place=f"{one}: line 3: pages[1]")


def test_the_stream_says_it_once_its_last_page_is_read() -> None:
    stream = jira.histories([_page(PAGE1)])
    assert stream.warnings == ()  # nothing is known before the last page is read
    assert [h.id for h in stream] == ["JQ-1", "JQ-2"]
    assert stream.warnings == (STOPPED.format(place="pages[0]"),)
    assert stream.errors == ()
    again = jira.histories([_page(PAGE1)]).collect()
    assert (len(again), again.warnings) == (2, stream.warnings)


UNSAID = (
    "Jira issue search may have stopped before its end: a page read ({place}) has no isLast "
    "true or false and no nextPageToken, so it does not say whether pages follow it, and no "
    "page read says isLast true; its issues are read{then}. Give every page as fetched, up to "
    "the one with isLast true (the last page of early responses had neither key: if this is "
    "that page, the search is whole)"
)


def test_a_token_without_is_last_goes_on_and_a_null_token_ends() -> None:
    goes_on = {"issues": [_issue(1)], "nextPageToken": "t2"}
    (warning,) = jira.histories([goes_on]).collect().warnings
    assert warning == (
        "Jira issue search stopped before its end: the last page read (pages[0]) has a "
        "nextPageToken and no isLast; continue from nextPageToken 't2' (a token expires 7 "
        "days after its search: then search again)"
    )
    # The last page as Jira writes it: isLast true, or a null token ("If this result
    # represents the last or the only page this token will be null"). Each ends the search,
    # wherever it comes.
    for last in ({"isLast": True}, {"nextPageToken": None}, {"nextPageToken": ""}):
        for order in itertools.permutations([goes_on, {"issues": [_issue(2)], **last}]):
            assert jira.histories(list(order)).collect().warnings == ()


def test_a_page_with_neither_key_is_read_and_said_not_to_end_the_search() -> None:
    # A page with no isLast and no nextPageToken (the last page of early responses,
    # JRACLOUD-92184, or a page saved by hand without them) says nothing of the pages after
    # it. It was read as the search's end without a word, hiding a page before it that went
    # on: its issues are read, and the stream says the page does not tell.
    alone = {"issues": [_issue(1)]}
    result = jira.histories([alone]).collect()
    assert ([h.id for h in result], result.errors) == (["JQ-1"], ())
    assert result.warnings == (UNSAID.format(place="pages[0]", then=""),)
    goes_on = {"issues": [_issue(2)], "isLast": False, "nextPageToken": "t2"}
    for order in itertools.permutations([goes_on, alone]):
        (warning,) = jira.histories(list(order)).collect().warnings
        going = order.index(goes_on)
        assert warning == UNSAID.format(
            place=f"pages[{1 - going}]",
            then=f"; the last page read that goes on (pages[{going}]) has isLast false: "
            "continue from nextPageToken 't2' (a token expires 7 days after its search: then "
            "search again)",
        )
    # A page that ends the search, read anywhere, says it all: no warning.
    ended = {"issues": [_issue(3)], "isLast": True}
    for order in itertools.permutations([goes_on, alone, ended]):
        assert jira.histories(list(order)).collect().warnings == ()
    # Two such pages: counted, the last read named.
    two = jira.histories([alone, {"issues": [_issue(4)]}]).collect().warnings
    assert two[0].startswith("Jira issue search may have stopped before its end: 2 pages "
                             "read (the last: pages[1]) have no isLast")  # fmt: skip


def test_load_names_the_file_of_a_page_with_neither_key(tmp_path: Path) -> None:
    page = tmp_path / "saved.json"
    page.write_text(json.dumps({"issues": [_issue(1)]}), encoding="utf-8")
    loaded = jira.load([page])
    assert [h.id for h in loaded] == ["JQ-1"]
    assert loaded.warnings == (UNSAID.format(place=f"{page}: pages[0]", then=""),)


def test_is_last_that_is_no_boolean_is_the_pages_error_and_its_issues_are_read() -> None:
    # One rule for every Jira page's isLast (and a service desk page's isLastPage): exactly
    # true or false. Beside comment and changelog pages (that issue's error), a search page's
    # is the page's error; its issues are whole, so they are read, and for the search's end
    # the flag is as absent: the token decides, and without one the page says nothing.
    for flag in ("false", "true", None, 0, 1):
        with_token = {"issues": [_issue(1)], "isLast": flag, "nextPageToken": "t2"}
        result = jira.histories([with_token], on_error="collect").collect()
        assert [h.id for h in result] == ["JQ-1"]
        (err,) = result.errors
        assert str(err) == (f"pages[0].isLast: isLast {flag!r}: expected true or false "
                            "(whether the page is the last)")  # fmt: skip
        (warning,) = result.warnings
        assert "has a nextPageToken and no isLast; continue from nextPageToken 't2'" in warning
        without = {"issues": [_issue(1)], "isLast": flag}
        result = jira.histories([without], on_error="collect").collect()
        assert ([h.id for h in result], len(result.errors)) == (["JQ-1"], 1)
        assert result.warnings == (UNSAID.format(place="pages[0]", then=""),)
        with pytest.raises(RecordError, match=r"pages\[0\]\.isLast: isLast"):
            list(jira.histories([without]))


def test_the_rule_is_the_same_for_search_comment_and_changelog_pages() -> None:
    # The same flag value, refused on each kind of Jira page with the same reason.
    def comments(flag: Any) -> dict[str, Any]:
        return {"JQ-1": [{"start": 0, "isLastPage": flag, "values": []}]}

    def changelogs(flag: Any) -> dict[str, Any]:
        return {"JQ-1": [{"startAt": 0, "total": 0, "isLast": flag, "values": []}]}

    for flag in ("true", 1, None):
        search = jira.histories([{"issues": [_issue(1)], "isLast": flag}], on_error="collect")
        comment = jira.histories([{"issues": [_issue(1)], "isLast": True}], comments(flag),
                                 on_error="collect")  # fmt: skip
        changelog = jira.histories([{"issues": [_issue(1)], "isLast": True}],
                                   changelogs=changelogs(flag), on_error="collect")  # fmt: skip
        found = {name: stream.collect() for name, stream in
                 (("search", search), ("comment", comment), ("changelog", changelog))}  # fmt: skip
        paths = {name: [e.path for e in r.errors] for name, r in found.items()}
        assert paths == {"search": ["pages[0].isLast"],
                         "comment": ["comments['JQ-1'][0].isLastPage"],
                         "changelog": ["changelogs['JQ-1'][0].isLast"]}  # fmt: skip
        for r in found.values():
            assert r.errors[0].message.endswith(
                f"{flag!r}: expected true or false (whether the page is the last)"
            )
        # The search page's issues are whole and read; an issue whose own pages are refused
        # is set aside (its history would be misread).
        assert [[h.id for h in r] for r in found.values()] == [["JQ-1"], [], []]


def test_is_last_wins_over_the_token() -> None:
    # isLast true beside a token (a client that kept the request's token) ends the search;
    # isLast false without a token still goes on: fetch the pages after it.
    ended = {"issues": [_issue(1)], "isLast": True, "nextPageToken": "t2"}
    assert jira.histories([ended]).collect().warnings == ()
    going = {"issues": [_issue(1)], "isLast": False}
    (warning,) = jira.histories([going]).collect().warnings
    assert warning.endswith("(pages[0]) has isLast false; fetch the pages after it")


def test_pages_in_any_order_warn_only_when_none_ends_the_search() -> None:
    pages = [{"issues": [_issue(1)], "isLast": False, "nextPageToken": "t1"},
             {"issues": [_issue(2)], "isLast": False, "nextPageToken": "t2"},
             {"issues": [_issue(3)], "isLast": True}]  # fmt: skip
    for order in itertools.permutations(pages):
        assert jira.histories(list(order)).collect().warnings == ()
    # Without the last page, the warning names the last page read that goes on.
    for order in itertools.permutations(pages[:2]):
        (warning,) = jira.histories(list(order)).collect().warnings
        token = order[1]["nextPageToken"]
        assert f"(pages[1]) has isLast false; continue from nextPageToken '{token}'" in warning


def test_offset_pages_are_judged_by_their_places_and_total_not_by_is_last() -> None:
    # The older search's pages (startAt, total): a shortfall is an error naming the issues
    # missing, as before; an isLast on such a page is not read.
    short = {"startAt": 0, "total": 3, "isLast": False, "issues": [_issue(1)]}
    result = jira.histories([short], on_error="collect").collect()
    assert [e.path for e in result.errors] == ["pages[0].total"]
    assert result.warnings == ()
    whole = {"startAt": 0, "total": 1, "isLast": False, "nextPageToken": "t", "issues": [_issue(1)]}
    assert jira.histories([whole]).collect().warnings == ()


def test_an_issues_changelog_pages_short_of_the_last_stay_its_error() -> None:
    # Unlike a search stopped early (the issues read are whole), a changelog without its
    # last page would misread the issue itself: its error, never a warning.
    page = {"issues": [_issue(1)], "isLast": True}
    logs = {"JQ-1": [{"startAt": 0, "maxResults": 1, "total": 2, "isLast": False,
                      "values": [{"id": "1", "created": "2026-05-04T10:00:00.000+0200",
                                  "items": []}]}]}  # fmt: skip
    stream = jira.histories([page], changelogs=logs, on_error="collect")
    result = stream.collect()
    assert [e.path for e in result.errors] == ["changelogs['JQ-1'][0].isLast"]
    assert "the changelog page(s) end before the last one" in str(result.errors[0])
    assert result.warnings == ()


def test_errors_beside_it_do_not_hide_the_warning_and_a_raise_says_nothing() -> None:
    bad = {"key": "JQ-9", "fields": {"created": "2026-05-04T09:00:00.000+0200",
                                     "status": {"id": "7", "name": "Triage"}}}  # fmt: skip
    page = {"issues": [bad, _issue(1)], "isLast": False, "nextPageToken": "t1"}
    result = jira.histories([page], on_error="collect").collect()
    assert ([h.id for h in result], len(result.errors), len(result.warnings)) == (["JQ-1"], 1, 1)
    raising = jira.histories([page])
    with pytest.raises(RecordError, match="unknown status"):
        list(raising)
    assert raising.warnings == ()  # it never read past its first bad issue


def test_a_long_token_is_cut_as_a_long_cursor_is() -> None:
    # As Zendesk's after_cursor: a real token is quoted whole, a huge one cut.
    token = "x" * 5000
    (warning,) = unfinished_search("p", {"issues": [], "isLast": False, "nextPageToken": token})
    (zendesk,) = unfinished_stream("p", {"tickets": [], "end_of_stream": False,
                                         "after_cursor": token})  # fmt: skip
    quoted = warning.split("nextPageToken ", 1)[1].split(" (a token", 1)[0]
    assert quoted == zendesk.split("after_cursor ", 1)[1]
    assert quoted.endswith("\u2026'")
    assert len(quoted) < 400


def test_search_end_forgets_nothing_but_the_page_that_goes_on() -> None:
    end = SearchEnd()
    end.note("pages[0]", ["not a page"])
    end.note("pages[1]", {"tickets": [], "isLast": False})  # no issues: not a search page
    assert end.warnings() == ()
    end.note("pages[2]", {"issues": [], "isLast": False})
    assert end.warnings(lambda path: f"f.json: {path}")[0].startswith(
        "Jira issue search stopped before its end: the last page read (f.json: pages[2])"
    )


# ------------------------------------------------------------------- the report and the CLI


def test_the_report_carries_it_as_the_other_sources_warnings() -> None:
    loaded = jira.load([PAGE1])
    report = build_report(list(loaded), source=Source(str(PAGE1), warnings=loaded.warnings))
    (warning,) = loaded.warnings
    assert f"warning: {warning}" in render_text(report).splitlines()
    assert json.loads(render_json(report))["source"]["warnings"] == [warning]
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert next(r for r in rows if r[:2] == ["source", "warning"])[9] == warning  # the note


def test_the_cli_says_a_search_stopped_early_on_stderr_and_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--source", "jira", str(PAGE1)]) == 0
    captured = capsys.readouterr()
    said = "has isLast false; continue from nextPageToken 'CAEaAggD'"
    assert f"warning: {STOPPED.format(place=f'{PAGE1}: pages[0]')}" in captured.err
    assert said in captured.out
    out = tmp_path / "r.json"
    assert main(["report", "--source", "jira", str(PAGE1), "--format", "json",
                 "-o", str(out)]) == 0  # fmt: skip
    (warning,) = json.loads(out.read_text(encoding="utf-8"))["source"]["warnings"]
    assert said in warning
    capsys.readouterr()
    assert main(["report", "--source", "jira", str(PAGE1), str(PAGE2)]) == 0
    assert "warning" not in capsys.readouterr().err


# ------------------------------------------------------------------------------ the law

#: What a page may say: isLast a boolean, absent (None here) or no boolean; a token or not.
_FLAGS = st.sampled_from([True, False, None, "false", 1])
_TOKENS = st.sampled_from(["absent", None, "", "tok"])


@st.composite
def _search_pages(draw: st.DrawFn) -> list[Any]:
    """One to five token pages (and perhaps bare issues), each flag and token drawn; every
    issue key distinct."""
    out: list[Any] = []
    key = 0
    for k in range(draw(st.integers(1, 5))):
        if draw(st.integers(0, 5)) == 0:
            key += 1
            out.append(_issue(key))  # a bare issue: no page, says nothing
            continue
        issues = []
        for _ in range(draw(st.integers(0, 2))):
            key += 1
            issues.append(_issue(key))
        page: dict[str, Any] = {"issues": issues}
        flag = draw(_FLAGS)
        if flag is not None:
            page["isLast"] = flag
        token = draw(_TOKENS)
        if token == "tok":
            page["nextPageToken"] = f"t{k}"
        elif token != "absent":
            page["nextPageToken"] = token
        out.append(page)
    return out


def _goes_on(page: dict[str, Any]) -> bool | str | None:
    """The oracle, from the documented fields: True goes on, False ends, None says nothing
    (``"unsaid"``: a page that says nothing of the pages after it)."""
    if "issues" not in page:
        return None
    if isinstance(page.get("isLast"), bool):
        return not page["isLast"]
    if "nextPageToken" not in page:
        return "unsaid"
    token = page["nextPageToken"]  # a string; null on the last page
    return isinstance(token, str) and token != ""


@settings(max_examples=60, deadline=None)
@given(_search_pages(), st.booleans())
def test_streaming_warnings_are_the_loads_for_any_pages(pages: list[Any], one_file: bool) -> None:
    # The law: whatever the pages say of the search's end, and in whatever order they come,
    # the stream's warnings and errors are load's for the same pages (each named where it
    # was read); and a warning is said exactly when no page read ends the search and one
    # goes on or says nothing of the pages after it.
    with tempfile.TemporaryDirectory() as tmp:
        if one_file:  # every page in one JSON list: named by the file and its place in it
            path = Path(tmp) / "search.json"
            path.write_text(json.dumps(pages), encoding="utf-8")
            loaded = jira.load(path, on_error="collect")
            places = [f"{path}: pages[{k}]" for k in range(len(pages))]
        else:  # each page in its own file
            files = []
            for k, page in enumerate(pages):
                files.append(Path(tmp) / f"page{k}.json")
                files[-1].write_text(json.dumps(page), encoding="utf-8")
            loaded = jira.load(files, on_error="collect")
            places = [f"{f}: pages[0]" for f in files]
    stream = jira.histories(pages, on_error="collect")
    assert len(list(stream)) == len(loaded)
    pattern = re.compile(r"pages\[(\d+)\]")

    def named(text: str) -> str:
        return pattern.sub(lambda m: places[int(m[1])], text)

    assert tuple(named(str(e)) for e in stream.errors) == tuple(map(str, loaded.errors))
    assert tuple(map(named, stream.warnings)) == loaded.warnings
    # Each isLast that is no boolean is the error of its page, and only those.
    bad = [k for k, p in enumerate(pages) if "isLast" in p and not isinstance(p["isLast"], bool)]
    assert [e.path for e in stream.errors] == [f"pages[{k}].isLast" for k in bad]
    said = [(k, _goes_on(p)) for k, p in enumerate(pages)]
    going = [k for k, s in said if s is True]
    unsaid = [k for k, s in said if s == "unsaid"]
    ended = any(s is False for _, s in said)
    assert len(stream.warnings) == (not ended and bool(going or unsaid))
    if stream.warnings and unsaid:  # the last page read that says nothing is named
        assert f"pages[{unsaid[-1]}]) ha" in stream.warnings[0]
    elif stream.warnings:
        assert f"the last page read (pages[{going[-1]}])" in stream.warnings[0]
