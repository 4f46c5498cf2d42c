"""``month_names``: dates whose month is named in the export's language (Jira's ``06/ene/26``).

The laws: a date written with a built-in language's month names (by a formatter here, from
CLDR's tables copied below, not from the code under test) reads back as the instant written;
case, the trailing dot and accents do not matter; English with and without the option reads
the same; without the option a name only another language has is an error naming the option.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicemodel.errors import ConfigError, RecordError
from servicemodel.io import eventlog, summary
from servicemodel.io._sources import SourceMap
from servicemodel.io.eventlog import parse_timestamp

#: CLDR 47 (https://cldr.unicode.org/, ``main/<lang>/ca-gregorian``), months ``format``
#: ``abbreviated`` and ``wide``, January first, as CLDR writes them.
CLDR = {
    "en": (
        "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "January February March April May June July August September October November December",
    ),
    "es": (
        "ene feb mar abr may jun jul ago sept oct nov dic",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    ),
    "de": (
        "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
        "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    ),
    "fr": (
        "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    ),
    "it": (
        "gen feb mar apr mag giu lug ago set ott nov dic",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre "
        "dicembre",
    ),
    "pt": (
        "jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    ),
    "nl": (
        "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "januari februari maart april mei juni juli augustus september oktober november december",
    ),
}
#: Names Jira and Java write besides CLDR's format names: CLDR's stand-alone abbreviations
#: (German ``Mär``, ``Okt``) and the JDK's older Spanish ``sep``.
OTHERS = {"de": {3: "Mär", 10: "Okt", 12: "Dez", 9: "Sep"}, "es": {9: "sep"}}
LANGS = sorted(CLDR)
#: Layouts with the month placeholder ``{m}``: Jira's, a day-first long date, ISO-like.
LAYOUTS = ["%d/{m}/%y %I:%M %p", "%d {m} %Y %H:%M", "{m} %d, %Y %H:%M:%S", "%Y-{m}-%d %H:%M"]
#: The ``date_format`` that reads each layout (``%b`` and ``%B`` read any name of the table).
FORMATS = {
    "%d/{m}/%y %I:%M %p": "%d/%b/%y %I:%M %p",
    "%d {m} %Y %H:%M": "%d %B %Y %H:%M",
    "{m} %d, %Y %H:%M:%S": "%b %d, %Y %H:%M:%S",
    "%Y-{m}-%d %H:%M": "%Y-%b-%d %H:%M",
}


def names(lang: str, month: int) -> list[str]:
    short, wide = (CLDR[lang][k].split() for k in (0, 1))
    extra = OTHERS.get(lang, {}).get(month)
    return [short[month - 1], wide[month - 1], *([extra] if extra else [])]


def plain(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@st.composite
def spellings(draw: st.DrawFn, lang: str, month: int) -> str:
    """A month's name as an export may write it: any case, with or without the dot,
    with or without accents."""
    name = draw(st.sampled_from(names(lang, month)))
    name = name.rstrip(".") + draw(st.sampled_from(["", "."]))
    if draw(st.booleans()):
        name = plain(name)
    case = draw(st.sampled_from([str, str.lower, str.upper, str.title]))
    return str(case(name))


def write(when: datetime, layout: str, name: str) -> str:
    """The instant's text in ``layout`` with ``name`` for its month (the test's own formatter)."""
    return when.strftime(layout.replace("{m}", name.replace("%", "%%")))


# Minutes only: the layouts (Jira's) have no seconds, and one read the other way fails.
instants = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0, tzinfo=UTC)
)


@given(instants, st.sampled_from(LANGS), st.sampled_from(LAYOUTS), st.data())
def test_a_date_written_in_a_language_reads_back(
    when: datetime, lang: str, layout: str, data: st.DataObject
) -> None:
    if "%y" in layout:  # a two-digit year reads 1969-2068 (POSIX): keep to those years
        when = when.replace(year=max(when.year, 1969))
    name = data.draw(spellings(lang, when.month))
    text = write(when, layout, name)
    read = parse_timestamp(text, tz="UTC", date_format=FORMATS[layout], month_names=lang)
    assert read.astimezone(UTC) == when.astimezone(UTC), text


@given(instants, st.sampled_from(LANGS), st.data())
def test_case_dot_and_accents_do_not_matter(when: datetime, lang: str, data: st.DataObject) -> None:
    one, other = (data.draw(spellings(lang, when.month)) for _ in range(2))
    fmt = "%d %b %Y %H:%M"
    texts = [write(when, "%d {m} %Y %H:%M", n) for n in (one, other)]
    read = [parse_timestamp(t, tz="UTC", date_format=fmt, month_names=lang) for t in texts]
    assert read[0].astimezone(UTC) == read[1].astimezone(UTC) == when


@given(instants, st.sampled_from(["%d/%b/%y %I:%M %p", "%d %B %Y %H:%M", "%b %d %Y %H:%M"]))
def test_english_with_and_without_the_option_is_the_same(when: datetime, fmt: str) -> None:
    if "%y" in fmt:
        when = when.replace(year=max(when.year, 1969))
    text = when.strftime(fmt)  # the C locale's English names, as strptime reads them
    without = parse_timestamp(text, tz="UTC", date_format=fmt)
    with_en = parse_timestamp(text, tz="UTC", date_format=fmt, month_names="en")
    assert without.astimezone(UTC) == with_en.astimezone(UTC) == when


#: Each (language, month, name) whose name English does not have, not even without accents.
FOREIGN = [
    (lang, month, name)
    for lang in LANGS
    if lang != "en"
    for month in range(1, 13)
    for name in names(lang, month)
    if plain(name.rstrip(".")).casefold()
    not in {n.rstrip(".").casefold() for m in range(1, 13) for n in names("en", m)}
]


@given(instants, st.sampled_from(FOREIGN))
def test_a_foreign_month_name_without_the_option_names_it(
    when: datetime, foreign: tuple[str, int, str]
) -> None:
    lang, month, name = foreign
    when = when.replace(year=max(when.year, 1969), month=month, day=min(when.day, 28))
    text = write(when, "%d/{m}/%y %I:%M %p", name)
    with pytest.raises(ConfigError) as err:
        parse_timestamp(text, tz="UTC", date_format="%d/%b/%y %I:%M %p")
    message = str(err.value)
    assert "month_names = " in message, message
    assert f'"{lang}"' in message, message
    # ... and the option it names reads the value as written.
    read = parse_timestamp(text, tz="UTC", date_format="%d/%b/%y %I:%M %p", month_names=lang)
    assert read == when


#: Swedish (CLDR 47 ``sv`` format wide), given as a list: any language, not only the built-in.
SWEDISH = [
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
]  # fmt: skip


@given(instants)
def test_twelve_names_given_read_their_months(when: datetime) -> None:
    text = write(when, "%d {m} %Y %H:%M", SWEDISH[when.month - 1])
    read = parse_timestamp(text, tz="UTC", date_format="%d %B %Y %H:%M", month_names=SWEDISH)
    assert read == when


@given(st.lists(st.sampled_from(SWEDISH), min_size=12, max_size=12))
def test_twelve_names_with_one_repeated_are_refused(given_names: list[str]) -> None:
    if len(set(given_names)) == 12:  # a permutation: every name is one month's
        read = parse_timestamp("1 mars 2026", tz="UTC", date_format="%d %B %Y",
                               month_names=given_names)  # fmt: skip
        assert read.month == given_names.index("mars") + 1
        return
    with pytest.raises(ConfigError, match=r"is also a name of month \d+ \(month_names\[\d+\]\)"):
        parse_timestamp("1 mars 2026", tz="UTC", date_format="%d %B %Y", month_names=given_names)


def test_the_option_errors() -> None:
    fmt = "%d/%b/%y"
    with pytest.raises(ConfigError, match=r"unknown language 'xx'.*\['de', 'en', 'es'"):
        parse_timestamp("06/ene/26", tz="UTC", date_format=fmt, month_names="xx")
    with pytest.raises(ConfigError, match=r"12 months' names.*got 11 items"):
        parse_timestamp("06/ene/26", tz="UTC", date_format=fmt, month_names=SWEDISH[:11])
    with pytest.raises(ConfigError, match="neither"):
        parse_timestamp("06/01/26", tz="UTC", date_format="%d/%m/%y", month_names="es")
    with pytest.raises(ConfigError, match=r"\(month names 'de'\) nor ISO 8601$"):
        parse_timestamp("06/May/26", tz="UTC", date_format=fmt, month_names="de")
    # A region is the language's: Brazilian exports take "pt".
    read = parse_timestamp("06/out/26", tz="UTC", date_format=fmt, month_names="pt-BR")
    assert read.month == 10


def test_a_value_wrong_in_another_way_gets_no_month_hint() -> None:
    with pytest.raises(ConfigError) as err:
        parse_timestamp("06/ene/26 29:00", tz="UTC", date_format="%d/%b/%y %H:%M")
    assert "month_names" not in str(err.value)


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('month_names = "xx"\ndate_format = "%d/%b/%y"', "month_names: unknown language"),
        ('month_names = ["ene", "feb"]\ndate_format = "%d/%b/%y"', "month_names: expected"),
        (
            "month_names = [" + ", ".join(['"ene"'] * 12) + ']\ndate_format = "%d/%b/%y"',
            "month_names[1]: 'ene' is also",
        ),
        ('month_names = "es"\ndate_format = "%d/%m/%y"', "month_names: month names are read"),
        ('month_names = "es"', "month_names: month names are read by %b"),
    ],
)
def test_a_mapping_file_names_itself_and_the_key(tmp_path: Path, body: str, where: str) -> None:
    path = tmp_path / "jira.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        SourceMap.from_file(path)
    assert str(err.value).startswith(f"{path}: {where}"), str(err.value)


def test_a_mapping_file_passes_the_option_on(tmp_path: Path) -> None:
    path = tmp_path / "jira.toml"
    path.write_text('date_format = "%d/%b/%y %I:%M %p"\nmonth_names = "es"\n', encoding="utf-8")
    options = SourceMap.from_file(path).options
    rows = [{"id": "1", "created_at": "06/dic/26 9:29 AM", "solved_at": "07/ENE./27 10:00 PM"}]
    (h,) = summary.histories(rows, tz="Europe/Madrid", **options)
    solved = h.solved_at()
    assert solved is not None
    # 08:29 UTC on 6 December to 21:00 UTC on 7 January (Madrid is UTC+1 in winter).
    waited = solved.astimezone(UTC) - h.created_at.astimezone(UTC)
    assert waited == timedelta(days=32, hours=12, minutes=31)


def test_the_readers_take_the_option() -> None:
    fmt = "%d/%b/%y %I:%M %p"
    rows = [
        {"case:concept:name": "C1", "concept:name": "Done", "time:timestamp": "6/Okt/26 9:29 AM"}
    ]
    done = {"Done": "solved"}
    (h,) = eventlog.histories(rows, status_map=done, tz="UTC", date_format=fmt, month_names="de")
    assert h.created_at == datetime(2026, 10, 6, 9, 29, tzinfo=UTC)
    # Without it, the row is one bad case whose error names the option.
    stream = eventlog.histories(
        rows, status_map=done, tz="UTC", date_format=fmt, on_error="collect"
    )
    result = stream.collect()
    assert not result.histories
    assert isinstance(result.errors[0], RecordError)
    assert 'month_names = "de" or "nl"' in str(result.errors[0])


def test_the_built_in_tables_read_every_cldr_name() -> None:
    babel = pytest.importorskip("babel")
    for lang in LANGS:
        months = babel.Locale.parse(lang).months
        for context in ("format", "stand-alone"):
            for width in ("abbreviated", "wide"):
                for month, name in months[context][width].items():
                    text = f"1 {name} 2026"
                    read = parse_timestamp(text, tz="UTC", date_format="%d %b %Y", month_names=lang)
                    assert read.month == month, (lang, context, width, name)
