"""What an assessment left out of ``n`` is said wherever its figures are shown.

A first-reply standard whose tickets all wait for a reply has no data, but its clocks are
running: the compliance view counts them in ``missing`` (SLA attainment reports active clocks
apart, a ticket without a reply is censored and its count reported). The ranked gaps -- text,
JSON and HTML -- say the same ``missing=``. Also: the compliance page names a channel default
that priorities of their own override "others", an empty survey file is refused, and a channel
listed twice in a blueprint is a ConfigError naming both places.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint, assess, render_html, render_json, render_text
from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.model import AgentReply, Ticket, TicketHistory
from servicemodel.strategies import aware_datetimes, histories, tickets

ROOT = Path(__file__).resolve().parents[1]
BLUEPRINT = str(ROOT / "examples" / "blueprint.toml")
TICKETS = str(ROOT / "examples" / "data" / "tickets.jsonl")

BP = Blueprint.from_dict(
    {
        "name": "Left out",
        "channels": ["email", "chat", "phone"],
        "fcr_window": "1d",
        "standards": {
            "name": "s",
            "calendar": {"tz": "Australia/Lord_Howe", "hours": {"mon-fri": ["09:00-17:00"]}},
            "quality": {"csat": 0.8, "fcr": 0.5},
            "channels": {
                "email": {
                    "first_reply": "4h",
                    "resolution": "1d",
                    "priority": {"urgent": {"first_reply": {"within": "1h", "time": "calendar"}}},
                },
                "chat": {"first_reply": {"within": "30m", "time": "calendar"}},
                "phone": {"first_reply": "2h"},
            },
        },
    }
)
T0 = datetime(2026, 4, 6, 9, tzinfo=UTC)


def _cells(page: str) -> dict[str, str]:
    found = re.findall(r'<td class="num" data-key="([^"]+)">(.*?)</td>', page)
    return {key: re.sub(r"<[^>]+>", " ", body) for key, body in found}


def _gap_lines(text: str) -> list[str]:
    # Each gap is two lines: "  3  missed ..." then "     measured ...".
    lines = text.splitlines()
    return [lines[i + 1] for i, line in enumerate(lines) if re.match(r"^\s*\d+  \S", line)]


_HISTORIES = st.lists(
    histories(
        tickets=tickets(
            created_at=aware_datetimes(
                min_value=datetime(2026, 4, 1), max_value=datetime(2026, 4, 8)
            ),
            channels=("email", "chat", "phone", "web"),
        ),
        max_events=6,
        max_gap=timedelta(hours=6),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda h: h.ticket.id,
)


@settings(max_examples=40, deadline=None)
@given(_HISTORIES, st.integers(0, 100))
def test_every_output_says_what_each_gap_left_out(hs: list[TicketHistory], where: int) -> None:
    first = min(h.created_at for h in hs)
    last = max(h.last_event_at for h in hs)
    at = (first + (last - first) * where / 100).astimezone(UTC)
    a = assess(BP, hs, at=at)
    data = json.loads(render_json(a))
    assert a.compliance is not None
    checks = {c.label: c for c in a.compliance.checks}
    lines = _gap_lines(render_text(a))
    cells = _cells(render_html(a, charts=False))
    assert len(lines) == len(data["gaps"]) == len(a.gaps)
    for g, doc, line in zip(a.gaps, data["gaps"], lines, strict=True):
        k = g.estimate.missing
        assert doc["missing"] == k
        if g.source == "standard":
            assert k == checks[g.name].estimate.missing
        said = f"missing={k}"
        assert (said in line) == (k > 0)
        assert (said in cells[f"gap|value|{doc['rank']}"]) == (k > 0)


def test_a_channel_whose_tickets_all_wait_says_how_many() -> None:
    hs = [TicketHistory(Ticket(f"P{i}", T0, channel="phone"), []) for i in range(3)]
    hs.append(TicketHistory(Ticket("E1", T0, channel="email"), [AgentReply("r", T0)]))
    a = assess(BP, hs, at=T0 + timedelta(minutes=30))
    (phone,) = [g for g in a.gaps if g.name == "phone first_reply"]
    assert (phone.verdict.value, phone.estimate.n, phone.estimate.missing) == ("no_data", 0, 3)
    text = render_text(a)
    assert "measured no data missing=3; standard: first_reply within 2h" in text
    assert "  missing=: left out of n, not judged at the snapshot" in text
    (doc,) = [g for g in json.loads(render_json(a))["gaps"] if g["name"] == "phone first_reply"]
    assert (doc["n"], doc["missing"]) == (0, 3)
    page = render_html(a, charts=False)
    assert "missing=3" in _cells(page)[f"gap|value|{doc['rank']}"]
    assert "missing=: left out of n" in page


def test_nothing_left_out_says_nothing() -> None:
    hs = [TicketHistory(Ticket("C1", T0, channel="chat"), [AgentReply("r", T0)])]
    a = assess(BP, hs, at=T0 + timedelta(minutes=1))
    assert all(g.estimate.missing == 0 for g in a.gaps if g.source == "standard")
    assert all(g.to_dict()["missing"] == 0 for g in a.gaps if g.source == "standard")
    assert "missing" not in render_text(a).split("chat first_reply\n", 1)[1].splitlines()[0]


def test_the_compliance_page_says_others_for_a_default_a_priority_overrides() -> None:
    hs = [TicketHistory(Ticket("E1", T0, channel="email"), [AgentReply("r", T0)])]
    page = render_html(assess(BP, hs, at=T0), charts=False)
    email = page[page.index("<caption>Channel: email</caption>") :]
    email = email[: email.index("</table>")]
    rows = [re.sub(r"<[^>]+>", "|", r) for r in email.split("<tr>")[2:]]
    first_reply = [r for r in rows if r.startswith("|first_reply|")]
    assert [r.split("|")[3] for r in first_reply] == ["others", "urgent"]
    (resolution,) = [r for r in rows if r.startswith("|resolution|")]
    assert resolution.split("|")[3] == "all"  # no priority has its own resolution standard


def test_an_empty_survey_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "survey.csv"
    empty.write_text("")
    assert main(["assess", BLUEPRINT, TICKETS, "--survey", str(empty)]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"servicemodel assess: error: {empty}: no header line "
        "(expected respondent, E1..E22, P1..P22)\n"
    )


@given(
    st.lists(
        st.sampled_from(["email", "chat", "phone", "web"]), min_size=1, max_size=4, unique=True
    ),
    st.data(),
)
def test_a_channel_listed_twice_is_refused_naming_both(
    names: list[str], data: st.DataObject
) -> None:
    twice = data.draw(st.sampled_from(names))
    at = data.draw(st.integers(0, len(names)))
    listed = [*names[:at], f" {twice.upper()} ", *names[at:]]
    first = next(i for i, n in enumerate(listed) if n.strip().lower() == twice)
    second = next(i for i, n in enumerate(listed) if i > first and n.strip().lower() == twice)
    with pytest.raises(ConfigError) as err:
        Blueprint.from_dict({"name": "x", "channels": listed})
    assert err.value.path == f"channels[{second}]"
    assert f"(as channels[{first}])" in str(err.value)
    assert "listed twice" in str(err.value)


@pytest.mark.parametrize("missing", ["x", -2, 2.7, True])
def test_a_gap_refuses_an_estimate_whose_missing_is_no_count(missing: object) -> None:
    # -2 and 2.7 are numbers that are no count (ConfigError); text and a bool no number.
    # A Gap holds any estimate-like; its missing= was read as int(...) where shown: a text
    # was a bare ValueError in to_dict, -2 was written as such and 2.7 as 2.
    from types import SimpleNamespace

    from servicemodel.blueprint import Gap
    from servicemodel.errors import ConfigError, InputTypeError
    from servicemodel.goals import Comparator
    from servicemodel.standards import Verdict

    def gap(m: object) -> Gap:
        e = SimpleNamespace(value=0.7, lower=0.6, upper=0.8, n=40, level=0.95, missing=m)
        return Gap("qa", "QA", "QA >= 0.8", None, Comparator.GE, 0.8, "", e, Verdict.MISSED, 0.1)

    error = InputTypeError if isinstance(missing, str | bool) else ConfigError
    with pytest.raises(
        error, match=r"^estimate\.missing must be a count \(a whole number >= 0\), got "
    ):
        gap(missing)
    assert gap(3).to_dict()["missing"] == 3
    assert gap(None).to_dict()["missing"] == 0
