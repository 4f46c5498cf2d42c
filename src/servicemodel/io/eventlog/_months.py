"""Private: month names in an export's language, for ``%b``/``%B`` in a ``date_format``.

``strptime`` reads ``%b``/``%B`` in the C locale's English only, and changing the process
locale is neither thread-safe nor portable. With ``month_names`` the month name in the text
is replaced by its number and the directive by ``%m`` before ``strptime`` reads it.

The built-in tables are the Unicode Common Locale Data Repository's (CLDR 47,
https://cldr.unicode.org/, ``main/<locale>/ca-gregorian`` ``months``): the ``format`` and
``stand-alone`` months, ``abbreviated`` and ``wide``, of the language and of its regional
locales written in Latin script (``es_419``'s ``sep`` and ``setiembre``, ``de_AT``'s
``Jänner``, ``fr_CA``'s ``juill.``, ``en_GB``'s ``Sept``). These also hold the names of the
JDK's older locale data (``es``'s ``sep``, ``de``'s ``Mär``), which Jira Server writes.
A name is matched without case, without its trailing dot and without accents.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from servicemodel._config import join, safe_repr
from servicemodel.errors import ConfigError

__all__ = [
    "LANGUAGES",
    "MonthNames",
    "foreign_month",
    "month_formats",
    "month_names",
    "month_names_option",
    "uses_month_names",
]

_TABLES: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("Jan", "January"), ("Feb", "February"), ("Mar", "March"), ("Apr", "April"),
        ("May",), ("Jun", "June"), ("Jul", "July"), ("Aug", "August"),
        ("Sep", "Sept", "September"), ("Oct", "October"), ("Nov", "November"),
        ("Dec", "December"),
    ),
    "es": (
        ("ene", "enero"), ("feb", "febrero"), ("mar", "marzo"), ("abr", "abril"),
        ("may", "mayo"), ("jun", "junio"), ("jul", "julio"), ("ago", "agosto"),
        ("sept", "sep", "set", "septiembre", "setiembre"), ("oct", "octubre"),
        ("nov", "noviembre"), ("dic", "diciembre"),
    ),
    "de": (
        ("Jan.", "Jan", "Januar", "Jän", "Jänner"), ("Feb.", "Feb", "Februar"),
        ("März", "Mär"), ("Apr.", "Apr", "April"), ("Mai",), ("Juni", "Jun"),
        ("Juli", "Jul"), ("Aug.", "Aug", "August"), ("Sept.", "Sep", "September"),
        ("Okt.", "Okt", "Oktober"), ("Nov.", "Nov", "November"), ("Dez.", "Dez", "Dezember"),
    ),
    "fr": (
        ("janv.", "jan.", "janvier"), ("févr.", "fév.", "février"), ("mars", "mar."),
        ("avr.", "avril"), ("mai",), ("juin", "jui."), ("juil.", "juill.", "juillet"),
        ("août",), ("sept.", "septembre"), ("oct.", "octobre"), ("nov.", "novembre"),
        ("déc.", "décembre"),
    ),
    "it": (
        ("gen", "gennaio"), ("feb", "febbraio"), ("mar", "marzo"), ("apr", "aprile"),
        ("mag", "maggio"), ("giu", "giugno"), ("lug", "luglio"), ("ago", "agosto"),
        ("set", "settembre"), ("ott", "ottobre"), ("nov", "novembre"), ("dic", "dicembre"),
    ),
    "pt": (
        ("jan.", "janeiro"), ("fev.", "fevereiro"), ("mar.", "março"), ("abr.", "abril"),
        ("mai.", "maio"), ("jun.", "junho"), ("jul.", "julho"), ("ago.", "agosto"),
        ("set.", "setembro"), ("out.", "outubro"), ("nov.", "novembro"), ("dez.", "dezembro"),
    ),
    "nl": (
        ("jan", "januari"), ("feb", "februari"), ("mrt", "maart"), ("apr", "april"),
        ("mei",), ("jun", "juni"), ("jul", "juli"), ("aug", "augustus"),
        ("sep", "september"), ("okt", "oktober"), ("nov", "november"), ("dec", "december"),
    ),
}  # fmt: skip
#: The language of each built-in table, as an error names it.
LANGUAGES: Mapping[str, str] = {
    "en": "English", "es": "Spanish", "de": "German", "fr": "French", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch",
}  # fmt: skip

#: A word of letters (any script) and its abbreviation dot: where a month name may be.
_WORD = re.compile(r"[^\W\d_]+\.?")
#: ``%b``/``%B`` (with a literal dot after it, which the name's own dot may be) or ``%%``.
_DIRECTIVE = re.compile(r"%(?:%|[bB]\.?)")


#: How many of a text's month names are tried as the one its format reads.
_TRIED = 8


def _key(name: str) -> str:
    """A name as it is matched: no trailing dot, no case, no accents (``Mär.`` is ``mar``)."""
    folded = name.rstrip(".").casefold()
    if folded.isascii():
        return folded
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


@attrs.frozen
class MonthNames:
    """The names of the twelve months in one language, read without case, dot or accents.

    Examples:
        >>> month_names("es").swapped("06/ENE./26 9:29 AM")
        '06/01/26 9:29 AM'
    """

    #: The built-in table's code, or ``None`` for names given as a list.
    language: str | None
    #: Each name's key (see ``_key``) to its month, 1 to 12.
    numbers: Mapping[str, int] = attrs.field(repr=False)

    def swapped(self, text: str) -> str | None:
        """``text`` with its first month name replaced by the month's two digits (``None``:
        it has none); the name's trailing dot goes with it."""
        return next(self.candidates(text), None)

    def candidates(self, text: str, count: int = 1) -> Iterator[str]:
        """``text`` with a month name made the month's two digits, trying each name in turn.

        A format may hold ``count`` month names (``%b`` and ``%B``): from each name on, the
        next ``count - 1`` names are removed, and must name the same month (two months in
        one date are no date). A literal word of the format that is a month name, or a name
        of another column, is passed over when the one after it reads.

        Examples:
            >>> list(month_names("es").candidates("mar 06 ENE. 26 enero", 2))
            ['mar 06 01 26 ']
        """
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)  # a decomposed "März" is one word
        found = [(m.start(), m.end(), n) for m in _WORD.finditer(text)
                 if (n := self.numbers.get(_key(m.group()))) is not None]  # fmt: skip
        # A date names its month once or twice, among a few words: past the first names the
        # text is no date, and trying each of thousands would take quadratic time.
        for i in range(min(len(found) - count + 1, _TRIED)):
            group = found[i : i + count]
            month = group[0][2]
            if any(n != month for _, _, n in group):
                continue
            parts, last = [], 0
            for k, (start, end, _) in enumerate(group):
                parts.append(text[last:start] + (f"{month:02d}" if k == 0 else ""))
                last = end
            yield "".join(parts) + text[last:]

    def __str__(self) -> str:
        return repr(self.language) if self.language else "the names given"


def month_names(value: Any, path: str = "month_names") -> MonthNames:
    """The ``month_names`` option: a built-in language's code, or the 12 months' names.

    A code is one of ``LANGUAGES`` (a region after it, ``pt-BR``, is the language's). A list
    holds, January first, each month's name or a list of its names; a name may be given to
    one month only.

    Examples:
        >>> month_names("de").numbers["marz"]
        3
        >>> month_names("xx")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: month_names: unknown language 'xx'; the built-in ones are ['de', 'en', 'es', 'fr', 'it', 'nl', 'pt'] (or give the 12 months' names as a list)
    """  # noqa: E501
    if isinstance(value, MonthNames):
        return value
    if isinstance(value, str):
        return _builtin(value, path)
    if not isinstance(value, Sequence) or isinstance(value, bytes) or len(value) != 12:
        shown = f"{len(value)} items" if isinstance(value, list | tuple) else safe_repr(value)
        raise ConfigError(
            f"expected a language code ({sorted(_TABLES)}) or the 12 months' names, January "
            f"first, got {shown}",
            path=path,
        )
    return MonthNames(None, _numbers(value, path))


@functools.lru_cache(maxsize=32)
def _builtin(code: str, path: str) -> MonthNames:
    language = re.split(r"[-_]", code.strip(), maxsplit=1)[0].casefold()
    if language not in _TABLES:
        raise ConfigError(
            f"unknown language {safe_repr(code)}; the built-in ones are {sorted(_TABLES)} "
            "(or give the 12 months' names as a list)",
            path=path,
        )
    return MonthNames(language, {_key(n): m for m, names in enumerate(_TABLES[language], 1)
                                 for n in names})  # fmt: skip


def _numbers(value: Sequence[Any], path: str) -> dict[str, int]:
    numbers: dict[str, int] = {}
    for i, entry in enumerate(value):
        names = [entry] if isinstance(entry, str) else entry
        if not isinstance(names, list | tuple) or not names:
            raise ConfigError(
                f"expected a month name or a list of them, got {safe_repr(entry)}",
                path=join(path, i),
            )
        for j, name in enumerate(names):
            where = join(path, i) if isinstance(entry, str) else join(join(path, i), j)
            key = _key(unicodedata.normalize("NFC", name.strip())) if isinstance(name, str) else ""
            if not isinstance(name, str) or _WORD.fullmatch(name.strip()) is None:
                raise ConfigError(
                    f"expected a month name (letters, a dot after them), got {safe_repr(name)}",
                    path=where,
                )
            if numbers.get(key, i + 1) != i + 1:
                raise ConfigError(
                    f"{safe_repr(name)} is also a name of month {numbers[key]} "
                    f"({join(path, numbers[key] - 1)}); a name may be one month's only",
                    path=where,
                )
            numbers[key] = i + 1
    return numbers


def month_names_option(value: Any, path: str = "month_names") -> Any:
    """``month_names`` as a mapping file gives it, checked (a reader reads it again).

    Examples:
        >>> month_names_option(["jan"] * 12)
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: month_names[1]: 'jan' is also a name of month 1 (month_names[0]); a name may be one month's only
    """  # noqa: E501
    month_names(value, path)
    return value


def uses_month_names(formats: Sequence[str]) -> bool:
    """Whether any of the ``strptime`` formats reads a month name (``%b`` or ``%B``)."""
    return any(m.group() != "%%" for fmt in formats for m in _DIRECTIVE.finditer(fmt))


@functools.lru_cache(maxsize=64)
def month_formats(formats: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Each format with its month name read as a number, and how many month names it reads.

    The first ``%b``/``%B`` (and a literal dot after it) becomes ``%m``; a later one (a
    format may write a month twice, ``%b %B``) is removed, its name too (see
    ``MonthNames.candidates``): ``strptime`` reads ``%m`` once.

    Examples:
        >>> month_formats(("%d. %b. %Y", "%d/%m/%Y", "%b %d %B"))
        (('%d. %m %Y', 1), ('%d/%m/%Y', 0), ('%m %d ', 2))
    """
    out = []
    for fmt in formats:
        count = 0

        def swap(m: re.Match[str]) -> str:
            nonlocal count
            if m.group() == "%%":
                return m.group()
            count += 1
            return "%m" if count == 1 else ""

        out.append((_DIRECTIVE.sub(swap, fmt), count))
    return tuple(out)


def foreign_month(text: str, formats: tuple[str, ...]) -> str | None:
    """Why ``text`` failed ``formats``, when its month name is one of a built-in table that
    reads it (``strptime`` knows the C locale's English only); ``None`` otherwise. Nothing
    is guessed: the message names the option to set.

    Examples:
        >>> print(foreign_month("06/ene/26", ("%d/%b/%y",)))
        'ene' looks like a Spanish month name: set month_names = "es"
    """
    if not uses_month_names(formats):
        return None
    reads: dict[str, bool] = {}  # whether each table reads the text: once per table

    def read_by(code: str) -> bool:
        if code not in reads:
            reads[code] = _reads(_builtin(code, "month_names"), text, formats)
        return reads[code]

    for m in _WORD.finditer(unicodedata.normalize("NFC", text)):
        key = _key(m.group())
        known = [c for c in _TABLES if key in _builtin(c, "month_names").numbers]
        # Only a table that reads the whole text: a value wrong in another way gets no hint.
        codes = [c for c in known if read_by(c)]
        # The languages that write the name as it is (accents too), when some do: 'Mär' is
        # German, though without its accent it is many languages' 'mar'.
        folded = m.group().rstrip(".").casefold()
        exact = [c for c in codes if any(n.rstrip(".").casefold() == folded
                                         for names in _TABLES[c] for n in names)]  # fmt: skip
        codes = exact or codes
        if codes:
            which = " or ".join(LANGUAGES[c] for c in codes)
            options = " or ".join(f'"{c}"' for c in codes)
            article = "an" if which[0] in "AEIOU" else "a"
            return (
                f"{safe_repr(m.group())} looks like {article} {which} month name: set "
                f"month_names = {options}"
            )
    return None


def _reads(months: MonthNames, text: str, formats: tuple[str, ...]) -> bool:
    for fmt, count in month_formats(formats):
        for candidate in months.candidates(text, count) if count else ():
            try:
                datetime.strptime(candidate, fmt)
            except ValueError:
                continue
            return True
    return False
