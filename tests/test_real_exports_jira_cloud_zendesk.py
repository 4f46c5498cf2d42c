"""Real exports: what public Jira Cloud and Zendesk exports showed the one-row reader.

Each fixture in ``tests/data/public/`` is hand-written in the shape of a public export (header
layout, cell formats; invented values), and every expected number is computed here from the
fixture with ``csv`` and ``datetime``, never by the reader under test:

- Jira Cloud exports a done issue with an empty "Resolved" when its workflow sets no
  resolution (diegodev23-os/it-helpdesk-simulation): read by "Resolved" alone it was open. A
  status column with ``status_map`` now solves it at "Status Category Changed".
- A Zendesk ticket export (jpayal554/Plum-Assignment) writes ``1900-01-01 00:00:00`` for no
  solve and scores satisfaction 1..5: the errors now say what to change.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import summary
from servicemodel.io._sources import _TAKES, SourceMap
from servicemodel.io.summary._hints import PLACEHOLDER_DAYS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "public"
MAPS = ROOT / "examples" / "mappings"
JIRA = DATA / "jira_cloud_issues.csv"
ZENDESK = DATA / "zendesk_tickets_trimmed.csv"
BERLIN = ZoneInfo("Europe/Berlin")


def _mapping(name: str) -> dict[str, Any]:
    with open(MAPS / name, "rb") as fh:
        return tomllib.load(fh)


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _jira_time(text: str) -> datetime:
    """A Jira CSV date (``02/Mar/26 1:40 PM``) in Berlin, in UTC: the reference reading."""
    local = datetime.strptime(text, "%d/%b/%y %I:%M %p").replace(tzinfo=BERLIN)
    return local.astimezone(UTC)


def _jira_expected() -> dict[str, datetime | None]:
    """Each issue's solve in UTC by the rule the mapping states: "Resolved" when given, else
    "Status Category Changed" for a Done issue, else none."""
    out: dict[str, datetime | None] = {}
    for row in _rows(JIRA):
        if row["Resolved"]:
            out[row["Issue key"]] = _jira_time(row["Resolved"])
        elif row["Status Category"] == "Done":
            out[row["Issue key"]] = _jira_time(row["Status Category Changed"])
        else:
            out[row["Issue key"]] = None
    return out


def _solves(histories: Any) -> dict[str, datetime | None]:
    return {
        h.id: (None if h.solved_at() is None else h.solved_at().astimezone(UTC)) for h in histories
    }


# -- Jira Cloud: done without "Resolved" ------------------------------------------------------


def test_jira_cloud_mapping_solves_done_issues_whose_resolved_is_empty() -> None:
    got = summary.load(JIRA, **_mapping("jira-cloud-csv.toml")).histories
    expected = _jira_expected()
    assert _solves(got) == expected
    assert len(got) == len(_rows(JIRA)) == 5
    # Two Done issues had no "Resolved" (HD-12, HD-15): the shipped mapping counts them solved.
    open_ids = sorted(k for k, v in expected.items() if v is None)
    assert open_ids == ["HD-13", "HD-14"]
    assert sorted(h.id for h in got if h.solved_at() is None) == open_ids
    # Labels repeat per label (csv.DictReader keeps the last copy only): read them by hand.
    with open(JIRA, newline="", encoding="utf-8") as fh:
        header, *cells = list(csv.reader(fh))
    at = [i for i, name in enumerate(header) if name == "Labels"]
    expected = {row[1]: {row[i] for i in at if row[i]} for row in cells}
    assert {h.id: set(h.ticket.tags) for h in got} == expected
    assert expected["HD-12"] == {"onboarding", "hardware"}


def test_the_resolved_column_alone_leaves_those_issues_open() -> None:
    # What jira-csv.toml (no status columns) reads: a done issue without "Resolved" is open.
    got = summary.load(JIRA, **_mapping("jira-csv.toml")).histories
    with_resolved = {r["Issue key"] for r in _rows(JIRA) if r["Resolved"]}
    assert {h.id for h in got if h.solved_at() is not None} == with_resolved == {"HD-11"}


def test_jira_cloud_resolution_hours_match_the_fixture() -> None:
    got = {h.id: h for h in summary.load(JIRA, **_mapping("jira-cloud-csv.toml")).histories}
    for row in _rows(JIRA):
        solve = _jira_expected()[row["Issue key"]]
        if solve is None:
            continue
        waited = solve - _jira_time(row["Created"])  # in UTC
        h = got[row["Issue key"]]
        assert h.solved_at().astimezone(UTC) - h.created_at.astimezone(UTC) == waited
    # HD-12: created 2 March 10:00, Done 3 March 16:30, Berlin: 30.5 hours.
    assert _jira_expected()["HD-12"] - _jira_time("02/Mar/26 10:00 AM") == timedelta(hours=30.5)


def test_the_mapping_loads_through_the_command_lines_reader() -> None:
    source = SourceMap.from_file(MAPS / "jira-cloud-csv.toml")
    options = source.options_for("summary", _TAKES["summary"])
    assert options["columns"]["status"] == "Status Category"
    assert options["status_map"]["Done"] == "solved"
    assert len(summary.load(JIRA, **options).histories) == 5


def test_the_command_line_reads_the_jira_cloud_export() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "servicemodel", "report", "--source", "summary", str(JIRA),
         "--map", str(MAPS / "jira-cloud-csv.toml")],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    solved = sum(1 for v in _jira_expected().values() if v is not None)
    assert re.search(rf"^  solved +{solved} ", done.stdout, re.MULTILINE)
    # The others' Status Category (To Do, In Progress) maps to open, with its instant.
    opened = len(_jira_expected()) - solved
    assert re.search(rf"^  open +{opened} ", done.stdout, re.MULTILINE)
    assert "status unknown" not in done.stdout


COLUMNS = {"status": "Category", "status_changed": "Changed"}


def _row(tid: str, created: datetime, **cells: Any) -> dict[str, Any]:
    return {"id": tid, "created_at": created.isoformat(), **cells}


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WORDS = {"Done": "solved", "Closed": "closed", "To Do": "open", "In Progress": "open"}


@given(
    st.lists(
        st.tuples(
            st.sampled_from([*WORDS, "Blocked", ""]),  # a status, one not in the map, none
            st.integers(0, 10_000),  # minutes from creation to the status change
            st.none() | st.integers(0, 10_000),  # minutes to the solve cell, or empty
        ),
        min_size=1,
        max_size=8,
    )
)
def test_a_resolved_status_fills_only_an_empty_solve(cases: list[Any]) -> None:
    rows = []
    for i, (status, changed, solved) in enumerate(cases):
        created = T0 + timedelta(hours=i)
        solve = "" if solved is None else (created + timedelta(minutes=solved)).isoformat()
        changed_at = (created + timedelta(minutes=changed)).isoformat()
        rows.append(_row(f"T{i}", created, Category=status, Changed=changed_at, solved_at=solve))
    got = list(summary.histories(rows, columns=COLUMNS, status_map=WORDS))
    for h, (status, changed, solved) in zip(got, cases, strict=True):
        created = h.created_at.astimezone(UTC)
        if solved is not None:  # the solve cell wins
            assert h.solved_at().astimezone(UTC) == created + timedelta(minutes=solved)
        elif WORDS.get(status) == "solved":
            assert h.solved_at().astimezone(UTC) == created + timedelta(minutes=changed)
        elif WORDS.get(status) == "closed":
            assert h.final_status().value == "closed"
        else:  # an open status, one the map does not name, or none: still open
            assert h.solved_at() is None
            assert h.final_status() is None or not h.final_status().is_resolved


def test_a_done_status_without_its_instant_is_the_rows_error() -> None:
    rows = [
        _row("A", T0, Category="Done", Changed=""),
        _row("B", T0, Category="Done", Changed=(T0 + timedelta(hours=2)).isoformat()),
    ]
    stream = summary.histories(rows, columns=COLUMNS, status_map=WORDS, on_error="collect")
    got = list(stream)
    assert [h.id for h in got] == ["B"]
    (err,) = stream.errors
    assert isinstance(err, RecordError)
    assert err.path == "rows[0].Category"
    assert "ticket 'A'" in err.message
    assert "its status_changed cell" in err.message  # the column is mapped: its cell is empty
    assert "map that column" not in err.message


def test_a_done_status_without_a_status_changed_column_says_to_map_one() -> None:
    stream = summary.histories(
        [_row("A", T0, Category="Done")], columns={"status": "Category"}, status_map=WORDS,
        on_error="collect",
    )  # fmt: skip
    assert list(stream) == []
    (err,) = stream.errors
    assert "no columns.status_changed" in err.message
    assert "map that column" in err.message


def test_a_status_change_before_creation_is_refused() -> None:
    rows = [_row("A", T0, Category="Done", Changed=(T0 - timedelta(days=1)).isoformat())]
    with pytest.raises(RecordError, match=r"rows\[0\]\.Changed: ticket 'A'.*before the ticket"):
        list(summary.histories(rows, columns=COLUMNS, status_map=WORDS))


@pytest.mark.parametrize(
    "read",
    [
        lambda **o: list(summary.histories([_row("A", T0)], **o)),
        lambda **o: summary.load(JIRA, **o),
    ],
)
def test_a_status_map_without_a_status_column_is_refused(read: Any) -> None:
    with pytest.raises(ConfigError, match="status_map: a one-row-per-ticket export has no status"):
        read(status_map={"Done": "solved"})


def test_frames_read_the_status_columns_as_files_do() -> None:
    pd = pytest.importorskip("pandas")
    m = _mapping("jira-cloud-csv.toml")
    df = pd.read_csv(JIRA, dtype=str, keep_default_na=False)
    df = df.loc[:, ~df.columns.str.startswith("Labels")]  # pandas renames the repeats
    columns = {k: v for k, v in m["columns"].items() if k != "tags"}
    got = summary.from_pandas(df, **{**m, "columns": columns})
    assert _solves(got) == _jira_expected()


# -- Zendesk: placeholders and five-point scores ----------------------------------------------


def _zendesk(**over: Any) -> dict[str, Any]:
    m = _mapping("zendesk-csv.toml")
    columns = {k: v for k, v in m["columns"].items() if k in ("id", "created", "solved")}
    base = {"tz": m["tz"], "missing": m["missing"], "columns": columns}
    return {**base, **over}


def test_a_no_date_placeholder_is_named_with_the_way_out() -> None:
    with pytest.raises(RecordError) as caught:
        summary.load(ZENDESK, **_zendesk())
    err = caught.value
    first = next(i for i, r in enumerate(_rows(ZENDESK)) if r["Solved at"].startswith("1900"))
    assert err.line == first + 2  # the header is line 1
    assert "1900-01-01 is a placeholder" in err.message
    assert "add '1900-01-01 00:00:00' to missing" in err.message


def test_with_the_placeholder_missing_the_unsolved_tickets_are_open() -> None:
    got = summary.load(ZENDESK, **_zendesk(missing=["", "-", "1900-01-01 00:00:00"])).histories
    rows = _rows(ZENDESK)
    assert len(got) == len(rows)
    unsolved = {r["Id"] for r in rows if r["Solved at"].startswith("1900")}
    assert {h.id for h in got if h.solved_at() is None} == unsolved == {"5103", "5105"}
    # "Full resolution time in minutes" is Zendesk's own creation-to-solve: the same clock.
    for h in got:
        row = next(r for r in rows if r["Id"] == h.id)
        if h.solved_at() is not None:
            minutes = (h.solved_at().astimezone(UTC) - h.created_at.astimezone(UTC)) / timedelta(
                minutes=1
            )
            assert minutes == float(row["Full resolution time in minutes"])


def test_five_point_scores_on_a_good_bad_map_say_which_scale_to_set() -> None:
    m = _mapping("zendesk-csv.toml")
    options = _zendesk(
        missing=["", "-", "1900-01-01 00:00:00"],
        columns={**_zendesk()["columns"], "rating": "Satisfaction Score"},
        rating_map=m["rating_map"], rating_scale=m["rating_scale"],
    )  # fmt: skip
    with pytest.raises(RecordError, match=r"set rating_scale = \[1, 5\]"):
        summary.load(ZENDESK, **options)
    fixed = summary.load(ZENDESK, **{**options, "rating_scale": [1, 5], "rating_map": {}})
    scores = sorted(r.score for h in fixed.histories for r in h.ratings())
    expected = sorted(float(r["Satisfaction Score"]) for r in _rows(ZENDESK)
                      if r["Satisfaction Score"].isdigit())  # fmt: skip
    assert scores == expected == [2.0, 4.0, 5.0]


@given(st.sampled_from(sorted(PLACEHOLDER_DAYS)), st.integers(0, 23))
def test_every_placeholder_day_before_creation_names_the_missing_way_out(
    day: Any, hour: int
) -> None:
    text = f"{day.isoformat()} {hour:02d}:00:00"
    rows = [{"id": "Z", "created_at": "2026-03-02 09:00:00", "solved_at": text}]
    with pytest.raises(RecordError) as caught:
        list(summary.histories(rows, tz="UTC"))
    assert f"add {text!r} to missing" in caught.value.message


@given(st.integers(1, 28), st.integers(0, 23))
def test_an_ordinary_early_date_gets_no_placeholder_hint(day: int, hour: int) -> None:
    text = f"2026-02-{day:02d} {hour:02d}:00:00"
    rows = [{"id": "Z", "created_at": "2026-03-02 09:00:00", "solved_at": text}]
    with pytest.raises(RecordError) as caught:
        list(summary.histories(rows, tz="UTC"))
    assert "before the ticket's creation" in caught.value.message
    assert "placeholder" not in caught.value.message


# -- a spreadsheet's yyyy-mm-dd h:mm --------------------------------------------------------


@given(st.datetimes(datetime(1971, 1, 1), datetime(2100, 1, 1)), st.booleans())
def test_a_one_digit_hour_after_an_iso_date_is_that_hour(when: datetime, seconds: bool) -> None:
    # The public "Customer Support Ticket Dataset" writes 2023-06-01 7:29 (a spreadsheet's
    # yyyy-mm-dd h:mm): the same instant as its two-digit ISO form, which is the reference.
    when = when.replace(microsecond=0, second=when.second if seconds else 0)
    tail = f":{when.second:02d}" if seconds else ""
    short = f"{when:%Y-%m-%d} {when.hour}:{when.minute:02d}{tail}"
    iso = f"{when:%Y-%m-%d %H:%M}{tail}"
    rows = [{"id": "K", "created_at": short, "solved_at": iso}]
    (h,) = summary.histories(rows, tz="UTC")
    assert h.created_at == datetime.fromisoformat(iso).replace(tzinfo=UTC)
    assert h.created_at == h.solved_at()


def test_an_impossible_one_digit_hour_date_is_named() -> None:
    rows = [{"id": "K", "created_at": "2023-02-30 7:29"}]
    with pytest.raises(RecordError, match=r"created_at '2023-02-30 7:29': not a valid Y-M-D"):
        list(summary.histories(rows, tz="UTC"))


# -- JSON Lines named .json ------------------------------------------------------------------

ZD = ROOT / "tests" / "data" / "zendesk"


def test_json_lines_in_a_json_file_read_as_the_lines_would() -> None:
    # Zendesk's JSON export writes one value per line into export-*.json: the same records as
    # the two pages given as files of their own (the reference).
    from servicemodel.io import zendesk

    audits = ZD / "audits.jsonl"
    one = zendesk.load([DATA / "zendesk_pages_lines.json", audits], on_error="collect")
    two = zendesk.load(
        [ZD / "tickets_page1.json", ZD / "tickets_page2.json", audits], on_error="collect"
    )
    assert len(one.histories) == len(two.histories) > 0
    assert [h.id for h in one.histories] == [h.id for h in two.histories]
    assert one.histories == two.histories
    assert sorted(s.reason for s in one.skipped) == sorted(s.reason for s in two.skipped)


def test_two_values_on_one_line_of_a_json_file_are_still_refused(tmp_path: Path) -> None:
    from servicemodel.errors import UnreadableFileError
    from servicemodel.io import zendesk

    bad = tmp_path / "pages.json"
    bad.write_text('{"tickets": []} {"tickets": []}\n', encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="Extra data"):
        zendesk.load([bad])


@pytest.mark.parametrize("drop_comments", [False, True])
def test_zendesks_json_data_export_is_named_with_what_to_read_instead(
    tmp_path: Path, drop_comments: bool
) -> None:
    # One ticket object per line, its url an /api/v2/tickets/ address (fbarneda/zendesk's
    # converter tells the export by that): no audits, so no status history to read.
    import json

    from servicemodel.io import zendesk

    path = DATA / "zendesk_json_export.json"
    if drop_comments:
        lines = path.read_text(encoding="utf-8").splitlines()
        bare = [{k: v for k, v in json.loads(x).items() if k != "comments"} for x in lines]
        path = tmp_path / "export-2026.json"
        path.write_text("".join(json.dumps(t) + "\n" for t in bare), encoding="utf-8")
    with pytest.raises(ConfigError, match="Zendesk's JSON data export") as caught:
        zendesk.load([path])
    assert "--source summary" in str(caught.value)
    assert str(path) in str(caught.value)


# -- no Labels column: no issue had a label ---------------------------------------------------

NO_LABELS = DATA / "jira_cloud_no_labels.csv"


@pytest.mark.parametrize("name", ["jira-csv.toml", "jira-cloud-csv.toml"])
def test_an_export_without_labels_reads_with_no_tags(name: str) -> None:
    # Jira writes "Labels" once per label: none when no issue has one (3 of 4 public exports).
    got = summary.load(NO_LABELS, **_mapping(name)).histories
    rows = _rows(NO_LABELS)
    assert "Labels" not in rows[0]
    assert [h.id for h in got] == [r["Issue key"] for r in rows]
    assert all(not h.ticket.tags for h in got)
    solved = {r["Issue key"] for r in rows if r["Resolved"]}
    assert {h.id for h in got if h.solved_at() is not None} == solved == {"FC-1"}


@pytest.mark.parametrize("lookalike", ["Label", "labels", "Lables"])
def test_a_column_like_the_tags_name_is_still_a_misspelling(tmp_path: Path, lookalike: str) -> None:
    text = NO_LABELS.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "issues.csv"
    path.write_text("\n".join([f"{text[0]},{lookalike}", *(t + "," for t in text[1:])]) + "\n")
    with pytest.raises(ConfigError, match=rf"columns\.tags: column 'Labels' for tags.*{lookalike}"):
        summary.load(path, **_mapping("jira-cloud-csv.toml"))


@given(st.lists(st.text("0123456789 _", min_size=1, max_size=8), max_size=4, unique=True))
def test_a_frame_without_the_tags_column_reads_with_no_tags(extra: list[str]) -> None:
    pl = pytest.importorskip("polars")
    base = {"Issue key": ["Q-1"], "Created": ["09/Sep/25 10:07 PM"]}
    data = {**base, **{f"x{e}": ["1"] for e in extra}}  # names that resemble no "Labels"
    m = _mapping("jira-csv.toml")
    cols = {"id": "Issue key", "created": "Created", "tags": "Labels"}
    (h,) = summary.from_polars(pl.DataFrame(data), columns=cols, date_format=m["date_format"],
                               tz=m["tz"])  # fmt: skip
    assert not h.ticket.tags


def test_a_missing_calendar_duration_is_never_pointed_at_its_business_hours_twin() -> None:
    # This export has only "First reply time in minutes within business hours". The closest
    # header to the calendar column the mapping names is exactly the one never to map in its
    # place (another clock), so the error says so instead of "did you mean" it; left out, the
    # first reply is lost, never filled with business minutes.
    from servicemodel.model import lost_facts

    mapping = _mapping("zendesk-csv.toml")
    with pytest.raises(ConfigError, match=r"columns\.first_reply_after_min") as err:
        summary.load(ZENDESK, **mapping)
    message = str(err.value)
    assert "did you mean" not in message
    assert "a business-hours duration is another clock" in message
    assert "leave columns.first_reply_after_min out" in message
    header = set(_rows(ZENDESK)[0])  # the trimmed copy lacks other columns too
    columns = {k: v for k, v in mapping["columns"].items() if v in header}
    assert "first_reply_after_min" not in columns
    kept = [a for a in mapping["attributes"] if a in header]
    missing = [*mapping["missing"], "1900-01-01 00:00:00"]
    options = {**mapping, "columns": columns, "attributes": kept, "missing": missing}
    options |= {"rating_scale": [1, 5], "rating_map": {}}  # this account's five-point survey
    found = summary.load(ZENDESK, **options).histories
    assert len(found) == len(_rows(ZENDESK))
    assert all("first_reply" in lost_facts(h) for h in found)
