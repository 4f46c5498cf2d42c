"""No module reaches into another subpackage's private modules or private names.

A private module (``servicemodel.io._sources``) belongs to its package (``servicemodel.io``): only
modules inside that package may import it, the rule of import-linter's ``private_modules``
contract. A private name (``_fail``) belongs to its module's package the same way. What other
subpackages need from a package is re-exported by its ``__init__`` when it is public API, else by
its ``_shared`` module (internal, shared on purpose, imports only), and imported from there.
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
    root package, which every module is inside. A package's ``_shared`` module is shared on
    purpose: it belongs to the whole library.
    """
    parts = target.split(".")
    if parts[-1] == "_shared":
        return ROOT
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


def test_no_module_imports_a_private_name_of_another_package() -> None:
    found = [
        f"{where}:{line}: {module} imports {imported}"
        for where, line, kind, module, imported in _all_violations()
        if kind == "name"
    ]
    assert found == [], "\n".join(found)


def test_no_module_imports_a_private_module_of_another_package() -> None:
    found = [
        f"{where}:{line}: {module} imports {imported}"
        for where, line, kind, module, imported in _all_violations()
        if kind == "module"
    ]
    assert found == [], "\n".join(found)


SHARED = sorted((SRC / ROOT).rglob("_shared.py"))


@pytest.mark.parametrize("path", SHARED, ids=[str(p.relative_to(SRC)) for p in SHARED])
def test_a_shared_module_only_re_exports_its_own_packages_names(path: Path) -> None:
    # What a package shares stays written once, in the module named for it.
    module, _ = _module_name(path, SRC)
    package = module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
    *imports, last = body
    assert all(isinstance(node, ast.ImportFrom) for node in imports)
    assert all(
        _absolute(node, package).startswith(package + "._")
        for node in imports
        if isinstance(node, ast.ImportFrom)
    )
    assert isinstance(last, ast.Assign)
    assert [t.id for t in last.targets if isinstance(t, ast.Name)] == ["__all__"]
    exported = {
        alias.asname or alias.name
        for n in imports
        if isinstance(n, ast.ImportFrom)
        for alias in n.names
    }
    assert set(ast.literal_eval(last.value)) == exported


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
        ("servicemodel/cli.py", "from servicemodel.report._shared import have_matplotlib\n", []),
        (
            "servicemodel/cli.py",
            "from servicemodel.report._shared import _hidden\n",
            [(1, "name", "servicemodel.report._shared._hidden")],
        ),
        ("servicemodel/kpi/_x.py", "from servicemodel.calendar import CalendarLike\n", []),
    ],
)
def test_the_check_names_each_crossing_with_its_line(
    where: str, text: str, expected: list[tuple[int, str, str]]
) -> None:
    src = SRC  # only the path's shape matters: the text is given
    assert list(violations(src / where, src, text)) == expected
