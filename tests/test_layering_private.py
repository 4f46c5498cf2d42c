"""No module reaches into another subpackage's private modules or private names.

A private module (``servicemodel.io._sources``) belongs to its package (``servicemodel.io``): only
modules inside that package may import it, the rule of import-linter's ``private_modules``
contract. A private name (``_fail``) belongs to its module's package the same way. What another
subpackage needs is re-exported by the owning package's ``__init__`` or listed in the private
module's ``__all__`` as internal-but-shared, and imported from there.

Private *names* across packages: none, and none may come back. Private *modules* across packages:
the imports below in ``KNOWN_PRIVATE_MODULE_IMPORTS`` are older than this check; no new one may
be added, and each entry must go from the list when its import goes, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "servicemodel"


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _module_name(path: Path, src: Path) -> tuple[str, bool]:
    """The dotted name of a source file, and whether it is a package's ``__init__``."""
    parts = list(path.relative_to(src).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _private_owner(target: str) -> str | None:
    """The package a dotted import target is private to, if it passes through a private module.

    ``servicemodel.io.zendesk._fields`` is private to ``servicemodel.io.zendesk``; the innermost
    private component decides, as in import-linter. ``servicemodel._config`` is private to the
    root package, which every module is inside.
    """
    parts = target.split(".")
    owner = None
    for i in range(1, len(parts)):
        if _is_private(parts[i]):
            owner = ".".join(parts[:i])
    return owner


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def violations(path: Path, src: Path, text: str | None = None) -> Iterator[tuple[int, str, str]]:
    """Each ``(line, kind, imported)`` of one file that crosses a package's privacy.

    ``kind`` is ``"module"`` for a private module of another package and ``"name"`` for a
    private name imported from another package's module (``_fail`` from
    ``servicemodel.io.zendesk._fields``, outside ``servicemodel.io.zendesk``).
    """
    module, is_package = _module_name(path, src)
    package = module if is_package else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text, str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, package)
            targets = [source]
            names = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if not _inside(target, ROOT):
                continue
            owner = _private_owner(target)
            if owner is not None and not _inside(module, owner):
                yield node.lineno, "module", target
            if not names:
                continue
            # A name belongs to the package of the module it is defined in (or to the package
            # it is imported from); sharing private names inside one package is fine.
            name_owner = target if (src / Path(*target.split("."))).is_dir() else None
            name_owner = name_owner or target.rpartition(".")[0]
            if _inside(module, name_owner) or name_owner == ROOT:
                continue
            for name in names:
                if _is_private(name):
                    yield node.lineno, "name", f"{target}.{name}"


def _all_violations() -> list[tuple[str, int, str, str, str]]:
    found = []
    for path in sorted((SRC / ROOT).rglob("*.py")):
        module, _ = _module_name(path, SRC)
        for line, kind, imported in violations(path, SRC):
            found.append((f"{path.relative_to(SRC.parent)}", line, kind, module, imported))
    return found


#: Imports of another package's private module that are older than this check, as
#: ``importer -> imported``. Each needs its own decision (re-export from the owning package's
#: ``__init__`` if it is reasonable public API, list it in the private module's ``__all__`` as
#: internal-but-shared, or move the code to where it belongs); remove the entry with the import.
KNOWN_PRIVATE_MODULE_IMPORTS = frozenset(
    {
        "servicemodel._cli_vendor -> servicemodel.io._sources",
        "servicemodel._cli_vendor -> servicemodel.io.zendesk._load",
        "servicemodel._cli_vendor -> servicemodel.reconcile._attributes",
        "servicemodel._cli_vendor -> servicemodel.report._vendor_files",
        "servicemodel.blueprint._assess -> servicemodel.kpi._intervals",
        "servicemodel.blueprint._assess -> servicemodel.model._snapshot",
        "servicemodel.blueprint._assess -> servicemodel.report._goals",
        "servicemodel.blueprint._assess -> servicemodel.report._select",
        "servicemodel.blueprint._html -> servicemodel.kpi._plot_layout",
        "servicemodel.blueprint._html -> servicemodel.report._charts",
        "servicemodel.blueprint._html -> servicemodel.report._figures",
        "servicemodel.blueprint._html -> servicemodel.report._page",
        "servicemodel.blueprint._html -> servicemodel.report._svg",
        "servicemodel.blueprint._html -> servicemodel.report._tables",
        "servicemodel.blueprint._html -> servicemodel.report._text",
        "servicemodel.blueprint._render -> servicemodel.report._text",
        "servicemodel.cli -> servicemodel.io._sources",
        "servicemodel.cli -> servicemodel.report._set_aside",
        "servicemodel.cli -> servicemodel.report._svg",
        "servicemodel.cli -> servicemodel.report._vendor_files",
        "servicemodel.escalation._ladder -> servicemodel.calendar._instants",
        "servicemodel.escalation._ladder -> servicemodel.calendar._protocol",
        "servicemodel.escalation._ladder -> servicemodel.sla._clock",
        "servicemodel.escalation._ladder -> servicemodel.sla._duration",
        "servicemodel.escalation._trigger -> servicemodel.model._values",
        "servicemodel.escalation._trigger -> servicemodel.sla._duration",
        "servicemodel.feedback._changes -> servicemodel.kpi._intervals",
        "servicemodel.feedback._channels -> servicemodel.kpi._estimate",
        "servicemodel.feedback._themes -> servicemodel.kpi._estimate",
        "servicemodel.forecast._check_week -> servicemodel.simulate._roster",
        "servicemodel.goals._status -> servicemodel.model._values",
        "servicemodel.io._csv -> servicemodel.model._facts",
        "servicemodel.io._records -> servicemodel.model._direct",
        "servicemodel.io._sources -> servicemodel.io.eventlog._epoch",
        "servicemodel.io._sources -> servicemodel.io.eventlog._months",
        "servicemodel.io._sources -> servicemodel.io.eventlog._time",
        "servicemodel.io.eventlog._read -> servicemodel.model._partial",
        "servicemodel.io.eventlog._time -> servicemodel.calendar._hours",
        "servicemodel.io.freshdesk._fields -> servicemodel.io.eventlog._time",
        "servicemodel.io.freshdesk._history -> servicemodel.io.eventlog._stream",
        "servicemodel.io.freshdesk._history -> servicemodel.io.summary._partial",
        "servicemodel.io.freshdesk._join -> servicemodel.io.eventlog._stream",
        "servicemodel.io.jira._stream -> servicemodel.io.eventlog._stream",
        "servicemodel.io.summary._api -> servicemodel.io.eventlog._options",
        "servicemodel.io.summary._api -> servicemodel.io.eventlog._stream",
        "servicemodel.io.summary._partial -> servicemodel.model._partial",
        "servicemodel.io.summary._read -> servicemodel.io.eventlog._months",
        "servicemodel.io.summary._read -> servicemodel.io.eventlog._options",
        "servicemodel.io.summary._read -> servicemodel.io.eventlog._stream",
        "servicemodel.io.summary._read -> servicemodel.io.eventlog._time",
        "servicemodel.io.summary._read -> servicemodel.model._partial",
        "servicemodel.io.zendesk._fields -> servicemodel.model._direct",
        "servicemodel.io.zendesk._history -> servicemodel.io.eventlog._stream",
        "servicemodel.io.zendesk._history -> servicemodel.io.summary._partial",
        "servicemodel.io.zendesk._join -> servicemodel.io.eventlog._stream",
        "servicemodel.io.zendesk._load -> servicemodel.io.eventlog._stream",
        "servicemodel.kpi._first_contact -> servicemodel.calendar._protocol",
        "servicemodel.kpi._survival_tickets -> servicemodel.calendar._protocol",
        "servicemodel.kpi._times -> servicemodel.calendar._protocol",
        "servicemodel.reconcile._attributes -> servicemodel.io._columns",
        "servicemodel.reconcile._attributes -> servicemodel.io._sources",
        "servicemodel.reconcile._compare -> servicemodel.sla._clock",
        "servicemodel.reconcile._jsm -> servicemodel.io.jira._fields",
        "servicemodel.reconcile._jsm -> servicemodel.io.jira._stream",
        "servicemodel.reconcile._zendesk -> servicemodel.io.zendesk._fields",
        "servicemodel.report._build -> servicemodel.io._files",
        "servicemodel.report._charts -> servicemodel.kpi._plot_layout",
        "servicemodel.report._charts_time -> servicemodel.kpi._plot_layout",
        "servicemodel.report._goal_checks -> servicemodel.kpi._intervals",
        "servicemodel.report._goals -> servicemodel.model._history",
        "servicemodel.report._left_out -> servicemodel.kpi._left_out",
        "servicemodel.report._overview -> servicemodel.model._history",
        "servicemodel.report._passes -> servicemodel.model._history",
        "servicemodel.report._reconcile -> servicemodel.reconcile._compare",
        "servicemodel.report._reconcile -> servicemodel.reconcile._verdict",
        "servicemodel.report._reconcile -> servicemodel.reconcile._zendesk",
        "servicemodel.report._reconcile_render -> servicemodel.reconcile._compare",
        "servicemodel.report._select -> servicemodel.model._partial",
        "servicemodel.report._select -> servicemodel.model._snapshot",
        "servicemodel.report._sla -> servicemodel.io.summary._partial",
        "servicemodel.report._sla -> servicemodel.sla._partial",
        "servicemodel.report._svg -> servicemodel.kpi._plot_layout",
        "servicemodel.report._vendor_files -> servicemodel.io._sources",
        "servicemodel.report._vendor_files -> servicemodel.io.jira._stream",
        "servicemodel.report._vendor_files -> servicemodel.reconcile._compare",
        "servicemodel.sla._clock -> servicemodel.calendar._instants",
        "servicemodel.sla._clock -> servicemodel.calendar._protocol",
        "servicemodel.sla._clock -> servicemodel.calendar._table",
        "servicemodel.sla._config -> servicemodel.calendar._config",
        "servicemodel.sla._engine -> servicemodel.model._history",
        "servicemodel.sla._measurement -> servicemodel.calendar._protocol",
        "servicemodel.sla._measurement -> servicemodel.model._slots",
        "servicemodel.sla._measurement -> servicemodel.model._values",
        "servicemodel.sla._partial -> servicemodel.io.summary._partial",
        "servicemodel.sla._plain -> servicemodel.calendar._table",
        "servicemodel.standards._compliance -> servicemodel.kpi._intervals",
        "servicemodel.standards._compliance -> servicemodel.model._partial",
        "servicemodel.standards._compliance -> servicemodel.model._snapshot",
        "servicemodel.standards._standards -> servicemodel.model._values",
        "servicemodel.standards._standards -> servicemodel.sla._config",
        "servicemodel.standards._standards -> servicemodel.sla._duration",
        "servicemodel.standards._values -> servicemodel.model._values",
        "servicemodel.standards._values -> servicemodel.sla._config",
        "servicemodel.standards._values -> servicemodel.sla._duration",
        "servicemodel.strategies._schedules -> servicemodel.sla._config",
        "servicemodel.strategies._sla -> servicemodel.sla._config",
        "servicemodel.strategies._standards -> servicemodel.model._values",
    }
)


def test_no_module_imports_a_private_name_of_another_package() -> None:
    found = [
        f"{where}:{line}: {module} imports {imported}"
        for where, line, kind, module, imported in _all_violations()
        if kind == "name"
    ]
    assert found == [], "\n".join(found)


def test_no_new_import_of_another_packages_private_module() -> None:
    found = [
        f"{where}:{line}: {module} imports {imported}"
        for where, line, kind, module, imported in _all_violations()
        if kind == "module" and f"{module} -> {imported}" not in KNOWN_PRIVATE_MODULE_IMPORTS
    ]
    assert found == [], "\n".join(found)


def test_the_list_of_older_private_module_imports_only_shrinks() -> None:
    seen = {
        f"{m} -> {imported}" for _, _, kind, m, imported in _all_violations() if kind == "module"
    }
    gone = sorted(KNOWN_PRIVATE_MODULE_IMPORTS - seen)
    assert gone == [], (
        "no longer imported; remove from KNOWN_PRIVATE_MODULE_IMPORTS:\n" + "\n".join(gone)
    )


@pytest.mark.parametrize(
    ("where", "text", "expected"),
    [
        (
            "servicemodel/reconcile/_x.py",
            "from servicemodel.io.zendesk._fields import _fail, read_id\n",
            [
                (1, "module", "servicemodel.io.zendesk._fields"),
                (1, "name", "servicemodel.io.zendesk._fields._fail"),
            ],
        ),
        (
            "servicemodel/cli.py",
            "import os\n\ndef f():\n    import servicemodel.report._svg\n",
            [(4, "module", "servicemodel.report._svg")],
        ),
        (
            "servicemodel/report/_x.py",
            "from ..kpi._plot_layout import PALETTE\nfrom ..kpi import _hidden\n",
            [
                (1, "module", "servicemodel.kpi._plot_layout"),
                (2, "name", "servicemodel.kpi._hidden"),
            ],
        ),
        # Inside the owning package, and the root's shared private modules: allowed.
        (
            "servicemodel/io/zendesk/_x.py",
            "from servicemodel.io.zendesk._fields import _fail\nfrom ._fields import _id\n",
            [],
        ),
        ("servicemodel/sla/_x.py", "from servicemodel._config import fields, _x\n", []),
        ("servicemodel/kpi/_x.py", "from servicemodel.calendar import CalendarLike\n", []),
    ],
)
def test_the_check_names_each_crossing_with_its_line(
    where: str, text: str, expected: list[tuple[int, str, str]]
) -> None:
    src = SRC  # only the path's shape matters: the text is given
    assert list(violations(src / where, src, text)) == expected
