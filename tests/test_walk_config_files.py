"""Every configuration file format, read broken the ways a new user breaks it.

Each format the library reads from a file (SLA policies, calendars, schedule histories, QA
scorecards, support models, event-log and export mapping files and their SLA verdict rules,
goals, journeys, escalation ladders, service standards, blueprints) refuses a broken file with
a ``ConfigError`` whose message starts with the file and the path of the field, and names the
offending value: a misspelt key (listing the key it should be), a file that is empty, no TOML,
binary, UTF-16, a directory, or missing. A mapping file's ``rating_map`` score that is no
finite number or lies off its ``rating_scale`` is the mapping file's error, said when it is
read (it was blamed on the export's first row that held the word, or named no file); a policy
condition's bad name or value is named by its place in its list; a duration written with a
minus sign is refused as negative; a support model's repeated tier and a hand-off's unknown
tier are named by the field that holds them.
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from servicemodel.blueprint import Blueprint
from servicemodel.calendar import BusinessCalendar, ScheduleHistory
from servicemodel.cli import main
from servicemodel.errors import ConfigError
from servicemodel.escalation import EscalationLadder
from servicemodel.goals import goals_from_file
from servicemodel.io._sources import SourceMap
from servicemodel.io.summary import histories
from servicemodel.journey import Journey
from servicemodel.qa import Scorecard
from servicemodel.reconcile import VerdictRules
from servicemodel.sla import PolicySet
from servicemodel.sla._duration import format_duration, parse_duration
from servicemodel.standards import ServiceStandards
from servicemodel.support import SupportModel

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TICKETS = "examples/data/tickets.jsonl"
TICKETS_CSV = "tests/data/summary/zendesk_tickets.csv"


def _toml(path: str) -> dict[str, Any]:
    return tomllib.loads((EXAMPLES / path).read_text(encoding="utf-8"))


def _plain(value: Any) -> Any:
    """``value`` as JSON writes it (TOML dates as ISO text, which every reader takes)."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat()))


_POLICIES = _toml("policies/standard.toml")
_BLUEPRINT = _toml("blueprint.toml")
#: The example blueprint with its parts inline, so a copy of it reads from anywhere.
_INLINE = {
    **_BLUEPRINT,
    "goals": _toml("goals.toml")["goals"],
    "sla": {
        **_BLUEPRINT["sla"],
        "policies": _POLICIES["policies"],
        "calendars": _POLICIES["calendars"],
    },
    "qa": {**_BLUEPRINT["qa"], "scorecard": _toml("data/qa_scorecard.toml")},
}

#: One working example of each format (as plain data), and the reader of its files.
FORMATS: dict[str, tuple[Callable[[Path], Any], dict[str, Any]]] = {
    "policies": (PolicySet.from_file, _POLICIES),
    "calendar": (BusinessCalendar.from_file, _POLICIES["calendars"]["berlin_office"]),
    "history": (
        ScheduleHistory.from_file,
        {
            "versions": [
                {"calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "09:00-17:00"}}},
                {
                    "since": "2026-03-02T00:00:00+01:00",
                    "calendar": {"tz": "Europe/Berlin", "hours": {"mon-fri": "08:00-20:00"}},
                },
            ]
        },
    ),
    "scorecard": (Scorecard.from_file, _toml("data/qa_scorecard.toml")),
    "support": (SupportModel.from_file, SupportModel.preset("tiered").to_dict()),
    "map": (SourceMap.from_file, _toml("mappings/freshdesk-csv.toml")),
    "goals": (goals_from_file, _toml("goals.toml")),
    "journey": (Journey.from_file, Journey.default().to_dict()),
    "ladder": (EscalationLadder.from_file, _BLUEPRINT["sla"]["ladders"]["key-accounts"]),
    "standards": (ServiceStandards.from_file, _BLUEPRINT["standards"]),
    "blueprint": (Blueprint.from_file, _INLINE),
    "verdicts": (VerdictRules.from_file, _toml("mappings/freshdesk-csv.toml")["sla_verdicts"]),
}

#: Tables of a fixed set of keys in each example (free-form tables, such as a map's
#: status_map or a policy's targets by priority, take any key and are left out).
TABLES: dict[str, list[tuple[str | int, ...]]] = {
    "policies": [(), ("calendars", "berlin_office"), ("policies", 0), ("policies", 1)],
    "calendar": [()],
    "history": [(), ("versions", 1), ("versions", 1, "calendar")],
    "scorecard": [(), ("sections", 0), ("sections", 1, "criteria", 0)],
    "support": [(), ("tiers", 0), ("handoffs", 0)],
    "map": [()],
    "goals": [(), ("goals", 0), ("goals", 2)],
    "journey": [(), ("stages", 0), ("stages", 0, "rules", 0)],
    "ladder": [(), ("levels", 0)],
    "standards": [(), ("quality",), ("channels", "chat", "first_reply")],
    "blueprint": [(), ("sla",), ("qa",), ("servqual",), ("sla", "policies", 1)],
    "verdicts": [("resolution",), ("first_reply",)],
}


def _path_text(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _write(tmp: Path, data: Any, name: str = "config.json") -> Path:
    path = tmp / name
    path.write_text(json.dumps(_plain(data)), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", FORMATS)
def test_every_example_reads_as_json(name: str, tmp_path: Path) -> None:
    read, data = FORMATS[name]
    assert read(_write(tmp_path, data)) is not None


#: Edits at distance 1: a letter dropped, doubled, changed, or two letters swapped.
def _misspellings(key: str) -> st.SearchStrategy[str]:
    i = st.integers(0, len(key) - 1)
    letter = st.sampled_from("abcdefghijklmnopqrstuvwxyz_")
    return st.one_of(
        i.map(lambda k: key[:k] + key[k + 1 :]),
        i.map(lambda k: key[:k] + key[k] + key[k:]),
        st.tuples(i, letter).map(lambda t: key[: t[0]] + t[1] + key[t[0] + 1 :]),
        st.integers(0, max(len(key) - 2, 0)).map(
            lambda k: key[:k] + key[k + 1 : k + 2] + key[k : k + 1] + key[k + 2 :]
        ),
    )


@st.composite
def _misspelt_keys(draw: st.DrawFn) -> tuple[str, tuple[str | int, ...], str, str]:
    name = draw(st.sampled_from(sorted(FORMATS)))
    table = draw(st.sampled_from(TABLES[name]))
    key = draw(st.sampled_from(sorted(_at(FORMATS[name][1], table))))
    return name, table, key, draw(_misspellings(key))


@given(_misspelt_keys())
def test_a_key_misspelt_by_one_letter_is_refused_naming_the_file_the_key_and_the_right_one(
    case: tuple[str, tuple[str | int, ...], str, str],
) -> None:
    name, table, key, typo = case
    read, data = FORMATS[name]
    data = _plain(data)
    here = _at(data, table)
    assume(typo not in here)
    here[typo] = here.pop(key)
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), data)
        with pytest.raises(ConfigError) as err:
            read(path)
    where = _path_text((*table, typo))
    assert err.value.source == str(path)
    assert err.value.path == where, str(err.value)
    assert str(err.value).startswith(f"{path}: {where}: unknown ")
    assert repr(typo) in err.value.message
    assert repr(key) in err.value.message  # the key it should be is listed


#: Files no reader can take, each with the words its error says.
_BROKEN: dict[str, tuple[bytes, str]] = {
    "not TOML": (b"this is not toml\n", "not valid TOML"),
    "binary": (bytes(range(256)), "not UTF-8 text (byte 0x80 at offset 128)"),
    "UTF-16": ('tz = "UTC"\n'.encode("utf-16"), "not UTF-8 text but UTF-16"),
}


@pytest.mark.parametrize("broken", _BROKEN)
@pytest.mark.parametrize("name", FORMATS)
def test_a_file_no_reader_can_take_names_the_file(name: str, broken: str, tmp_path: Path) -> None:
    raw, words = _BROKEN[broken]
    path = tmp_path / f"{name}.toml"
    path.write_bytes(raw)
    with pytest.raises(ConfigError) as err:
        FORMATS[name][0](path)
    assert str(err.value).startswith(f"{path}: ")
    assert words in str(err.value)


@pytest.mark.parametrize("name", sorted(set(FORMATS) - {"goals", "map", "verdicts"}))
@pytest.mark.parametrize("text", ["", "\n  \n# nothing but a comment\n", "{}"])
def test_an_empty_file_names_the_file_and_a_field_it_needs(
    name: str, text: str, tmp_path: Path
) -> None:
    # A mapping file holds options that all have defaults; goals and verdict rules may be none.
    path = tmp_path / (f"{name}.json" if text == "{}" else f"{name}.toml")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        FORMATS[name][0](path)
    assert err.value.source == str(path)
    assert err.value.path  # the field it needs
    assert str(err.value).startswith(f"{path}: {err.value.path}: ")


@pytest.mark.parametrize("name", FORMATS)
def test_a_utf8_byte_order_mark_is_read_past(name: str, tmp_path: Path) -> None:
    read, data = FORMATS[name]
    path = tmp_path / f"{name}.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_plain(data)).encode())
    assert read(path) is not None


@pytest.mark.parametrize("name", FORMATS)
def test_a_directory_a_missing_file_and_a_yaml_file_name_the_path(
    name: str, tmp_path: Path
) -> None:
    read = FORMATS[name][0]
    (tmp_path / "x.yaml").write_text("a: 1\n", encoding="utf-8")
    for path, words in [
        (tmp_path, "cannot read: Is a directory"),
        (tmp_path / "nope.toml", "cannot read: No such file or directory"),
        (tmp_path / "x.yaml", "unknown config format '.yaml'; use .toml or .json"),
    ]:
        with pytest.raises(ConfigError) as err:
            read(path)
        assert str(err.value) == f"{path}: {words}"


# --- a mapping file's rating_map -------------------------------------------------------------

_FRESHDESK = FORMATS["map"][1]  # rating_scale [1, 3], Awesome = 3, Just Okay = 2, Not Good = 1


@pytest.mark.parametrize(
    ("literal", "shown"), [("inf", "inf"), ("-inf", "-inf"), ("nan", "nan"), ("1e400", "inf")]
)
def test_a_rating_map_score_that_is_no_finite_number_names_the_mapping_file(
    literal: str, shown: str, tmp_path: Path
) -> None:
    text = (EXAMPLES / "mappings/freshdesk-csv.toml").read_text(encoding="utf-8")
    path = tmp_path / "map.toml"
    path.write_text(text.replace("Awesome = 3", f"Awesome = {literal}"), encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        SourceMap.from_file(path)
    assert str(err.value) == f"{path}: rating_map.Awesome: expected a finite number, got {shown}"


_SCALES = st.tuples(st.integers(-10, 10), st.integers(1, 10)).map(lambda t: (t[0], t[0] + t[1]))
_SCORES = st.one_of(st.integers(-30, 30), st.floats(-30, 30, allow_nan=False))


@given(_SCALES, _SCORES)
def test_a_rating_map_score_is_kept_exactly_when_it_lies_on_the_rating_scale(
    scale: tuple[int, int], score: float
) -> None:
    data = {"rating_scale": list(scale), "rating_map": {"Good": score}}
    on_scale = scale[0] <= score <= scale[1]
    if on_scale:
        assert SourceMap.from_dict(data).options["rating_map"] == {"Good": float(score)}
    else:
        with pytest.raises(ConfigError) as err:
            SourceMap.from_dict(data)
        assert err.value.path == "rating_map.Good"
        assert err.value.message == (
            f"score {float(score):g} is outside rating_scale [{scale[0]}, {scale[1]}]"
        )
    # The export reader says the same, before any row (it said it on each row's rating).
    row = {"id": "1", "created_at": "2026-03-02T09:00:00Z", "rating": "good"}
    if on_scale:
        assert next(iter(histories([row], rating_map={"Good": score}, rating_scale=scale)))
    else:
        with pytest.raises(ConfigError) as err:
            list(histories([], rating_map={"Good": score}, rating_scale=scale))
        assert err.value.path == "rating_map.Good"
        assert "is outside rating_scale" in err.value.message


def test_a_rating_map_without_a_rating_scale_is_read_on_the_default_scale() -> None:
    with pytest.raises(ConfigError) as err:
        SourceMap.from_dict({"rating_map": {"good": 1, "bad": 0}})
    assert str(err.value) == (
        "rating_map.bad: score 0 is outside rating_scale [1, 5] (the default: set "
        "rating_scale to the scale of these scores)"
    )
    assert SourceMap.from_dict({"rating_map": {"good": 5, "bad": 1}}).options


def test_the_report_blames_an_off_scale_rating_map_on_the_mapping_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    text = (EXAMPLES / "mappings/freshdesk-csv.toml").read_text(encoding="utf-8")
    mapping = tmp_path / "map.toml"
    mapping.write_text(text.replace("Awesome = 3", "Awesome = 5"), encoding="utf-8")
    export = tmp_path / "tickets.csv"
    export.write_text(
        "Ticket ID,Created time,Survey results\n1,2026-03-02 09:00:00,Awesome\n", encoding="utf-8"
    )
    assert main(["report", "--source", "summary", str(export), "--map", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"servicemodel report: error: {mapping}: rating_map.Awesome: score 5 is outside "
        "rating_scale [1, 3]\n"
    )


# --- a policy condition's lists -----------------------------------------------------------

_BAD_NAMES = st.sampled_from(["", 5, True, None, ["vip"], {"x": 1}, 1.5])


@given(
    st.sampled_from(["tags", "tags_all", "group", "channel"]),
    st.lists(st.sampled_from(["vip", "email", "billing"]), max_size=3),
    _BAD_NAMES,
    st.data(),
)
def test_a_bad_name_in_a_condition_list_is_named_by_its_place(
    key: str, names: list[str], bad: Any, data: st.DataObject
) -> None:
    place = data.draw(st.integers(0, len(names)))
    listed = [*names[:place], bad, *names[place:]]
    policies = {"policies": [{"name": "p", "targets": {}, "condition": {"any": [{key: listed}]}}]}
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(policies)
    assert err.value.path == f"policies[0].condition.any[0].{key}[{place}]"
    assert err.value.message.endswith(f"got {bad!r}")


@given(st.integers(0, 3), st.sampled_from(["urgnet", "", "p1"]))
def test_an_unknown_priority_in_a_condition_list_is_named_by_its_place(
    place: int, bad: str
) -> None:
    listed = ["low", "normal", "high"]
    listed.insert(place, bad)
    policies = {"policies": [{"name": "p", "targets": {}, "condition": {"priority": listed}}]}
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(policies)
    assert err.value.path == f"policies[0].condition.priority[{place}]"
    assert f"unknown priority {bad!r}" in err.value.message


@given(st.integers(0, 2), st.sampled_from([float("nan"), float("inf"), [1], {"a": 1}]))
def test_a_bad_attribute_value_in_a_condition_list_is_named_by_its_place(
    place: int, bad: Any
) -> None:
    listed: list[Any] = ["gold", 3]
    listed.insert(place, bad)
    condition = {"attributes": {"plan": listed}}
    policies = {"policies": [{"name": "p", "targets": {}, "condition": condition}]}
    with pytest.raises(ConfigError) as err:
        PolicySet.from_dict(policies)
    assert err.value.path == f"policies[0].condition.attributes.plan[{place}]"


def test_one_bad_name_alone_is_named_by_its_key(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('[[policies]]\nname = "p"\ntargets = {}\ncondition = { tags = "" }\n')
    with pytest.raises(ConfigError) as err:
        PolicySet.from_file(path)
    assert str(err.value) == f"{path}: policies[0].condition.tags: expected non-empty names, got ''"


_DURATIONS = st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3650))


@given(_DURATIONS, st.sampled_from(["{}", "-{}", "- {}", " -{} "]), st.booleans())
def test_a_duration_written_with_a_minus_sign_is_refused_as_negative(
    span: timedelta, spelling: str, iso: bool
) -> None:
    text = format_duration(span)
    if iso:
        text = f"PT{span.total_seconds():.6f}S".replace(".000000", "")
    written = spelling.format(text)
    if "-" not in written:
        assert parse_duration(written) == span
        return
    with pytest.raises(ConfigError) as err:
        parse_duration(written, path="within")
    assert str(err.value) == f"within: duration must be positive, got {written!r}"


def test_a_negative_target_in_a_policy_file_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "policies.toml"
    path.write_text(
        '[[policies]]\nname = "p"\n[policies.targets]\n'
        'urgent = [{ metric = "first_reply", within = "-30m" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        PolicySet.from_file(path)
    assert str(err.value) == (
        f"{path}: policies[0].targets.urgent[0].within: duration must be positive, got '-30m'"
    )


# --- a support model's tiers --------------------------------------------------------------


@given(st.lists(st.sampled_from(["L1", "L2", "L3", "L4"]), min_size=1, max_size=6))
def test_a_repeated_tier_is_named_at_its_repeat(names: list[str]) -> None:
    data = {"name": "m", "tiers": [{"name": n} for n in names]}
    repeats = [i for i, n in enumerate(names) if n in names[:i]]
    if not repeats:
        assert [t.name for t in SupportModel.from_dict(data).tiers] == names
        return
    with pytest.raises(ConfigError) as err:
        SupportModel.from_dict(data)
    i = repeats[0]
    assert err.value.path == f"tiers[{i}].name"
    assert err.value.message.startswith(
        f"duplicate tier name {names[i]!r} (also tiers[{names.index(names[i])}])"
    )


@pytest.mark.parametrize("end", ["from", "to"])
def test_a_hand_off_to_an_unknown_tier_names_its_end(end: str, tmp_path: Path) -> None:
    data = SupportModel.preset("tiered").to_dict()
    data["handoffs"][1][end] = "L9"
    path = _write(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        SupportModel.from_file(path)
    assert str(err.value).startswith(f"{path}: handoffs[1].{end}: unknown tier 'L9'")


# --- the command line ---------------------------------------------------------------------


def _cli(option: str, path: Path) -> list[str]:
    """The command that reads ``path`` as the file of ``option``."""
    given = str(path)
    return {
        "--policy": ["report", TICKETS, "--policy", given],
        "--goals": ["report", TICKETS, "--goals", given],
        "--map": ["report", "--source", "summary", TICKETS_CSV, "--map", given],
        "--calendar": ["staff", TICKETS, "--target", "80% in 20s", "--calendar", given],
        "assess": ["assess", given, TICKETS],
    }[option]


@pytest.mark.parametrize("broken", ["not TOML", "binary", "UTF-16"])
@pytest.mark.parametrize("option", ["--policy", "--goals", "--map", "--calendar", "assess"])
def test_each_option_that_reads_a_config_file_says_a_broken_one_in_one_line(
    option: str,
    broken: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    path = tmp_path / "config.toml"
    path.write_bytes(_BROKEN[broken][0])
    assert main(_cli(option, path)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"error: {path}: " in err
    assert _BROKEN[broken][1] in err
