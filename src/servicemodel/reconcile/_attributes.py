"""Private: a vendor's SLA verdicts read from ticket attributes (an export's verdict columns)."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

import attrs

from servicemodel._config import (
    Configurable,
    as_mapping,
    fields,
    in_source,
    one_of,
    read_config_file,
    safe_repr,
)
from servicemodel.errors import ConfigError, InputTypeError, RecordError
from servicemodel.io import OnError
from servicemodel.io._shared import read_texts
from servicemodel.model import TicketHistory
from servicemodel.reconcile._verdict import VendorVerdict
from servicemodel.sla import Metric

if TYPE_CHECKING:  # the mapping file's reader, for the type checker only
    from servicemodel.io._shared import SourceMap

__all__ = ["VerdictRule", "VerdictRules", "attribute_verdicts", "mapped_verdicts"]

#: Where the rules live in a mapping file (``--map``).
TABLE = "sla_verdicts"
#: The ``source`` of every verdict read here.
SOURCE = "export"
_RULE_KEYS = ("attribute", "metric", "achieved", "breached")


def _word(value: Any) -> str | None:
    """How a value is compared: its text, stripped and case-folded (``TRUE`` is ``true``);
    ``None`` for a value with no text (an int past Python's int-to-text digit limit), which
    is no listed value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    try:
        text = str(value)
    except ValueError:  # str() refuses ints of more than 4,300 digits
        return None
    return text.strip().casefold()


def _words(value: Any, path: str) -> tuple[str, ...]:
    return read_texts(value, path, blank=False)


def _achieved(value: Any) -> tuple[str, ...]:
    return _words(value, "achieved")


def _breached(value: Any) -> tuple[str, ...]:
    return _words(value, "breached")


def _our_metric(value: Any) -> str | None:
    # isinstance first: ``==`` on an array answers an array, which is no bool.
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, str) and value in {m.value for m in Metric}:
        return value
    known = [m.value for m in Metric]
    raise ConfigError(
        f'unknown metric {safe_repr(value)}; expected one of {known}, or "" for a verdict '
        "on a clock we do not run",
        path="metric",
    )


def _validate(rule: VerdictRule) -> None:
    if not isinstance(rule.attribute, str) or not rule.attribute:
        raise ConfigError(f"expected an attribute name, got {safe_repr(rule.attribute)}",
                          path="attribute")  # fmt: skip
    if not rule.achieved and not rule.breached:
        raise ConfigError("name at least one achieved or breached value", path="achieved")
    achieved = {_word(v) for v in rule.achieved}
    for i, value in enumerate(rule.breached):
        if _word(value) in achieved:
            raise ConfigError(
                f"{safe_repr(value)} is both an achieved and a breached value",
                path=f"breached[{i}]",
            )


@attrs.frozen
class VerdictRule:
    """How one ticket attribute holds the vendor's verdict on one SLA clock.

    ``attribute`` names the ticket attribute (the export's column, read through a reader's
    ``attributes=``); a value in ``achieved`` is the verdict ``"achieved"``, one in
    ``breached`` ``"breached"``. Values are compared as text, stripped and case-folded
    (``"TRUE"``, ``"true"`` and ``True`` are one value). ``metric`` is our clock the verdict
    is about (``None``: no clock of ours; the comparison then says "we have no such metric").

    Examples:
        >>> rule = VerdictRule("Resolution status", "resolution", ("Within SLA",), ("SLA Violated",))
        >>> rule.state_of("within sla"), rule.state_of("SLA Violated"), rule.state_of("Late")
        ('achieved', 'breached', None)
        >>> VerdictRule("made_sla", None, ("true",), ("TRUE",))
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: breached[0]: 'TRUE' is both an achieved and a breached value
    """  # noqa: E501

    attribute: str
    metric: str | None = attrs.field(converter=_our_metric)
    achieved: tuple[str, ...] = attrs.field(default=(), converter=_achieved)
    breached: tuple[str, ...] = attrs.field(default=(), converter=_breached)

    def __attrs_post_init__(self) -> None:
        _validate(self)

    def state_of(self, value: Any) -> str | None:
        """``"achieved"``, ``"breached"``, or None for a value in neither list."""
        word = _word(value)
        if word is None:
            return None
        if word in {_word(v) for v in self.achieved}:
            return "achieved"
        if word in {_word(v) for v in self.breached}:
            return "breached"
        return None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "") -> Self:
        """Read one rule (``attribute``, ``metric``, ``achieved``, ``breached``); ``metric``
        defaults to ``name``, the rule's key in its table.

        Examples:
            >>> VerdictRule.from_dict({"attribute": "made_sla", "metric": "", "achieved": ["true"],
            ...                        "breached": ["false"]}, "made_sla").metric is None
            True
        """
        table = fields(data, required=("attribute",), optional=_RULE_KEYS, what="a rule")
        return cls(
            table["attribute"], table.get("metric", name), table.get("achieved", ()),
            table.get("breached", ()),
        )  # fmt: skip


def _rule_tuple(value: Iterable[VerdictRule]) -> tuple[VerdictRule, ...]:
    if isinstance(value, Mapping | str | bytes) or not isinstance(value, Iterable):
        raise InputTypeError(f"rules: expected VerdictRule values, got {safe_repr(value)}")
    return tuple(value)


@attrs.frozen
class VerdictRules(Configurable):
    """The rules that read SLA verdicts from ticket attributes, one per our metric (or name).

    Read from a table of rules (``from_dict``, ``from_toml``, ``from_file``), or from the
    ``[sla_verdicts]`` table of a mapping file (``from_mapping``, ``from_mapping_file``), each
    rule keyed by our metric:

    ```toml
    [sla_verdicts.resolution]
    attribute = "Resolution status"
    achieved = ["Within SLA"]
    breached = ["SLA Violated"]
    ```

    A key that is none of our metrics needs ``metric = ""`` (a verdict on a clock we do not
    run) or ``metric = "resolution"`` (and so on). Errors name the field's path
    (``sla_verdicts.resolution.achieved[0]``) and the file.

    Examples:
        >>> rules = VerdictRules.from_dict({"first_reply": {"attribute": "First response status",
        ...     "achieved": ["Within SLA"], "breached": ["SLA Violated"]}})
        >>> [(r.metric, r.attribute) for r in rules.rules]
        [('first_reply', 'First response status')]
        >>> VerdictRules.from_dict({"resolution": {"attribute": "x", "achieved": "yes"}})
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: resolution.achieved: expected a list of strings, got 'yes' (str)
    """  # noqa: E501

    rules: tuple[VerdictRule, ...] = attrs.field(default=(), converter=_rule_tuple)

    def __attrs_post_init__(self) -> None:
        for i, rule in enumerate(self.rules):
            if not isinstance(rule, VerdictRule):
                raise InputTypeError(
                    f"rules[{i}]: expected a VerdictRule, got {type(rule).__name__} "
                    f"{safe_repr(rule)}"
                )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Read a table of rules, each keyed by our metric (see the class docs)."""
        table = as_mapping(data, "", "a table of rules, one per metric")
        rules = []
        for name, rule in table.items():
            try:
                rules.append(VerdictRule.from_dict(rule, name))
            except ConfigError as exc:
                raise exc.at(name) from None
        return cls(rules)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Self:
        """The rules of a mapping table's ``[sla_verdicts]`` (none without one); its other keys
        are the readers' (see ``--map``) and are not looked at here.

        Examples:
            >>> VerdictRules.from_mapping({"tz": "UTC"}).rules
            ()
            >>> VerdictRules.from_mapping({"sla_verdicts": {"resolution": {"attribute": "s",
            ...     "achieved": ["met"], "breached": ["met"]}}})
            Traceback (most recent call last):
            ...
            servicemodel.errors.ConfigError: sla_verdicts.resolution.breached[0]: 'met' is both an achieved and a breached value
        """  # noqa: E501
        table = as_mapping(data, "", "a mapping table")
        try:
            return cls.from_dict(table.get(TABLE, {}))
        except ConfigError as exc:
            raise exc.at(TABLE) from None

    @classmethod
    def from_mapping_file(cls, path: str | os.PathLike[str]) -> Self:
        """The rules of a mapping file's ``[sla_verdicts]`` table; errors name the file.

        Examples:
            >>> len(VerdictRules.from_mapping_file("examples/mappings/freshdesk-csv.toml").rules)
            2
        """
        data = read_config_file(path)
        return in_source(os.fspath(path), lambda: cls.from_mapping(data))


def _rules_of(rules: VerdictRules | Iterable[VerdictRule]) -> tuple[VerdictRule, ...]:
    if isinstance(rules, VerdictRules):
        return rules.rules
    if isinstance(rules, Mapping | str | bytes) or not isinstance(rules, Iterable):
        raise InputTypeError(
            f"rules: expected VerdictRules or VerdictRule values, got {safe_repr(rules)}"
        )
    return VerdictRules(rules).rules


def _missing(value: Any) -> bool:
    # The readers drop missing markers; a blank text set by hand is no verdict either.
    return value is None or (isinstance(value, str) and not value.strip())


def _verdict(history: TicketHistory, rule: VerdictRule) -> VendorVerdict | None:
    tid = history.ticket.id
    value = history.ticket.attributes.get(rule.attribute)
    if _missing(value):
        return None
    state = rule.state_of(value)
    if state is None:
        raise RecordError(
            f"ticket {safe_repr(tid)}: attribute {safe_repr(rule.attribute)} is "
            f"{safe_repr(value)}, neither an achieved value {list(rule.achieved)} nor a breached "
            f"one {list(rule.breached)} of the {rule.metric or rule.attribute} rule",
            path=f"tickets[{safe_repr(tid)}].attributes.{rule.attribute}",
        )
    return VendorVerdict(
        tid, rule.attribute, 1, state, source=SOURCE, our_metric=rule.metric,
        our_cycle=None if rule.metric is None else 0,
    )  # fmt: skip


def attribute_verdicts(
    histories: Iterable[TicketHistory],
    rules: VerdictRules | Iterable[VerdictRule],
    *,
    on_error: OnError = "raise",
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """The vendor's SLA verdicts that ticket attributes hold (an export's verdict columns).

    For each ticket and rule, the attribute's value is the verdict ``"achieved"`` or
    ``"breached"`` by the rule's lists: a [`VendorVerdict`][servicemodel.reconcile.VendorVerdict]
    with ``source="export"``, ``metric`` the attribute's name, instance 1, and our clock
    (``our_metric``, ``our_cycle=0``: an export's one verdict per ticket is about the ticket's
    one clock of that metric). A ticket without the attribute (the export left it empty) has
    no verdict; a value in neither list is a [`RecordError`][servicemodel.errors.RecordError]
    naming the ticket, the attribute and the value -- raised, or with ``on_error="collect"``
    set aside (the ticket's other rules still count). Verdicts come in the order of the
    histories, then of the rules. ``histories`` are read once.

    Examples:
        >>> from datetime import datetime, timezone
        >>> from servicemodel.model import Ticket, TicketHistory
        >>> t0 = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
        >>> hs = [TicketHistory(Ticket(str(i), t0, attributes={"made_sla": v}), [])
        ...       for i, v in enumerate(["TRUE", "FALSE", "maybe"])]
        >>> rule = VerdictRule("made_sla", "resolution", ["true"], ["false"])
        >>> verdicts, errors = attribute_verdicts(hs, [rule], on_error="collect")
        >>> [(v.ticket_id, v.state) for v in verdicts], errors[0].path
        ([('0', 'achieved'), ('1', 'breached')], "tickets['2'].attributes.made_sla")
    """
    if not one_of(on_error, ("raise", "collect")):  # (an array's `in` is no bool)
        raise ConfigError(f"on_error must be 'raise' or 'collect', got {safe_repr(on_error)}",
                          path="on_error")  # fmt: skip
    chosen = _rules_of(rules)
    if not isinstance(histories, Iterable):
        raise InputTypeError(
            f"histories: expected TicketHistory values, got {type(histories).__name__} "
            f"{safe_repr(histories)}"
        )
    verdicts: list[VendorVerdict] = []
    errors: list[RecordError] = []
    for history in histories:
        if not isinstance(history, TicketHistory):
            raise InputTypeError(
                f"histories: expected TicketHistory values, got {type(history).__name__} "
                f"{safe_repr(history)}"
            )
        for rule in chosen:
            try:
                found = _verdict(history, rule)
            except RecordError as exc:
                if on_error == "raise":
                    raise
                errors.append(exc)
                continue
            if found is not None:
                verdicts.append(found)
    return tuple(verdicts), tuple(errors)


def _mapping_table(mapping: Any) -> Mapping[str, Any]:
    """A loaded mapping file (a ``SourceMap``, or the file's table as read) as a table whose
    ``sla_verdicts`` key ``VerdictRules.from_mapping`` reads (and ``attributes``, when the
    file sets it); anything else is refused, never taken for a mapping without rules."""
    if isinstance(mapping, Mapping):
        return mapping
    table = getattr(mapping, TABLE, None)
    if not isinstance(table, Mapping):
        raise InputTypeError(
            "mapping: expected a loaded mapping file (SourceMap.from_file) or its table, got "
            f"{type(mapping).__name__} {safe_repr(mapping)}"
        )
    options = getattr(mapping, "options", None)
    kept = options.get("attributes") if isinstance(options, Mapping) else None
    return {TABLE: dict(table)} if kept is None else {TABLE: dict(table), "attributes": kept}


def _check_kept(table: Mapping[str, Any], rules: VerdictRules) -> None:
    """Each rule's attribute is one the mapping keeps (``attributes``), when it names them.

    A rule on a column the reader drops can never read a verdict: every ticket would have
    none, and the reconciliation would silently count no clock of that metric. (A mapping
    without ``attributes`` is an API source's, whose attributes are its custom fields.)
    """
    if "attributes" not in table:
        return
    # Names, as the readers' ``attributes`` option takes them: str() of any value would take
    # a text for its letters' list silently, and fail on a deep list or a huge int.
    names = list(read_texts(table["attributes"], "attributes"))
    for key, rule in zip(table.get(TABLE, {}), rules.rules, strict=False):
        if rule.attribute in names:
            continue
        close = [n for n in names if n.casefold() == rule.attribute.casefold()]
        close = close or difflib.get_close_matches(rule.attribute, names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(
            f"{safe_repr(rule.attribute)} is not one of the attributes this mapping keeps "
            f"{names}{hint}: no ticket could carry it; add it to attributes, or name one of them",
            path=f"{TABLE}.{key}.attribute",
        )


def rules_no_ticket_has(
    rules: VerdictRules, histories: Iterable[TicketHistory]
) -> tuple[VerdictRule, ...]:
    """The rules whose attribute no ticket of ``histories`` carries (their metric gets no
    vendor verdict at all: worth saying, never an error, since an export may leave a column
    empty on every ticket).

    Examples:
        >>> rules_no_ticket_has(VerdictRules([VerdictRule("made_sla", None, ["t"])]), [])
        (VerdictRule(attribute='made_sla', metric=None, achieved=('t',), breached=()),)
    """
    seen: set[str] = set()
    wanted = {rule.attribute for rule in rules.rules}
    for history in histories:
        seen.update(wanted.intersection(history.ticket.attributes))
        if seen == wanted:
            break
    return tuple(rule for rule in rules.rules if rule.attribute not in seen)


def mapped_verdicts(
    mapping: SourceMap | Mapping[str, Any],
    histories: Iterable[TicketHistory],
    *,
    map_file: str | None = None,
    on_error: OnError = "raise",
) -> tuple[tuple[VendorVerdict, ...], tuple[RecordError, ...]]:
    """The verdicts a loaded mapping file's ``[sla_verdicts]`` rules read from ``histories``.

    ``mapping`` is the ``--map`` file as loaded (a ``SourceMap``, or the file's table as
    read; anything else is an ``InputTypeError``); a bad rule is a
    [`ConfigError`][servicemodel.errors.ConfigError] naming ``map_file`` and the field's path.
    No table: no verdicts. Otherwise as
    [`attribute_verdicts`][servicemodel.reconcile.attribute_verdicts].

    Examples:
        >>> from servicemodel.io._sources import SourceMap
        >>> m = SourceMap.from_dict({"sla_verdicts": {"resolution": {"attribute": "s"}}})
        >>> mapped_verdicts(m, [], map_file="map.toml")
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: map.toml: sla_verdicts.resolution.achieved: name at least one achieved or breached value
    """  # noqa: E501
    try:
        table = _mapping_table(mapping)
        rules = VerdictRules.from_mapping(table)
        _check_kept(table, rules)
    except ConfigError as exc:
        raise exc if map_file is None else exc.in_file(map_file) from None
    return attribute_verdicts(histories, rules, on_error=on_error)
