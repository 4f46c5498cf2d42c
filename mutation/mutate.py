"""A small AST mutation tester for the servicemodel cores (issue 11); see mutation/README.md.

It copies ``src/``, ``tests/``, ``examples/`` and ``pyproject.toml`` to a work directory (default
``/tmp/servicemodel-mutation/<core>``), never touching the working tree, checks that the copy
passes its test subset, then applies one mutation at a time to a target module of the copy and
runs the core's test subset against it (``PYTHONPATH`` points at the copy, so the copy shadows
the editable install). A mutant is *killed* when the tests fail or time out, *survived* when
they pass. Mutants are drawn with ``random.Random(seed)`` so a rerun mutates the same code.

Usage (from the repository root)::

    .venv/bin/python mutation/mutate.py calendar            # score a sample of the core
    .venv/bin/python mutation/mutate.py sla --list          # list every mutant, run nothing
    .venv/bin/python mutation/mutate.py kpi --only 17,42    # rerun chosen mutants (by index)
    .venv/bin/python mutation/mutate.py kpi --show 17       # print one mutant's diff

Operators (standard ones): comparison flips (``<``/``<=``, ``>``/``>=``, ``==``/``!=``,
``is``/``is not``, ``in``/``not in``), arithmetic (``+``/``-``, ``*``/``/``, ``//``->``/``,
``**``->``*``), numeric constant ``+1``, ``True``/``False``, dropping ``not`` and unary ``-``,
``and``/``or``, ``min``/``max``, ``return x`` -> ``return None``, an ``if`` condition ->
``False`` (drops the branch), a simple statement -> ``pass``. Not mutated: strings and
docstrings, annotations, ``__all__``/``__slots__``, ``assert`` statements and the arguments of
``raise`` (error messages; dropping the ``raise`` itself is a mutant).
"""

from __future__ import annotations

import argparse
import ast
import copy
import difflib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIG = Path(__file__).resolve().parent / "config.toml"

_CMP_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}
_BIN_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Pow: ast.Mult,
}
_SIMPLE_STMTS = (ast.Assign, ast.AugAssign, ast.Expr, ast.Raise, ast.Continue, ast.Break)


@dataclass
class Mutant:
    """One mutation point: where, which operator, and what it does."""

    file: str
    index: int  # the n-th mutation point of the file, in walk order
    line: int
    op: str
    description: str

    @property
    def key(self) -> str:
        return f"{self.file}#{self.index}"


class _Mutator(ast.NodeTransformer):
    """Walks a module; lists mutation points, or applies the one numbered ``target``."""

    def __init__(self, target: int | None = None) -> None:
        self.target = target
        self.count = 0
        self.found: list[tuple[int, str, str]] = []
        self.applied = False

    def _point(self, node: ast.AST, op: str, description: str) -> bool:
        """Register a mutation point; return True if it is the one to apply."""
        self.found.append((getattr(node, "lineno", 0), op, description))
        hit = self.count == self.target
        self.count += 1
        if hit:
            self.applied = True
        return hit

    # -- things never mutated -------------------------------------------------------------

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return node

    def visit_Assert(self, node: ast.Assert) -> ast.AST:
        return node

    def visit_AnnAssign(self, node: ast.AnnAssign) -> ast.AST:
        if node.value is not None:
            node.value = self.visit(node.value)
        return node

    def visit_arguments(self, node: ast.arguments) -> ast.AST:
        # Defaults are mutated; annotations are not.
        node.defaults = [self.visit(d) for d in node.defaults]
        node.kw_defaults = [None if d is None else self.visit(d) for d in node.kw_defaults]
        return node

    def _body(self, body: list[ast.stmt]) -> list[ast.stmt]:
        out = []
        for i, stmt in enumerate(body):
            if i == 0 and _is_docstring(stmt):
                out.append(stmt)
                continue
            new = self._statement(stmt)
            out.append(new)
        return out

    def _statement(self, stmt: ast.stmt) -> ast.stmt:
        if isinstance(stmt, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id in ("__all__", "__slots__") for t in stmt.targets
        ):
            return stmt
        if isinstance(stmt, _SIMPLE_STMTS) and not _is_docstring(stmt):
            text = ast.unparse(stmt).splitlines()[0][:70]
            hit = self._point(stmt, "stmt->pass", f"remove `{text}`")
            # Visit anyway: the numbering of later points must not depend on the mutant applied.
            new: ast.stmt = self.visit(stmt)
            return ast.copy_location(ast.Pass(), stmt) if hit else new
        same: ast.stmt = self.visit(stmt)
        return same

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field, old in ast.iter_fields(node):
            if field in ("returns", "annotation", "type_comment"):
                continue
            if isinstance(old, list) and old and isinstance(old[0], ast.stmt):
                setattr(node, field, self._body(old))
            elif isinstance(old, list):
                new = []
                for item in old:
                    if isinstance(item, ast.AST):
                        item = self.visit(item)
                    if item is not None:
                        new.append(item)
                setattr(node, field, new)
            elif isinstance(old, ast.AST):
                setattr(node, field, self.visit(old))
        return node

    def visit_Raise(self, node: ast.Raise) -> ast.AST:
        return node  # the message arguments; removing the raise is a statement mutant

    # -- operators ------------------------------------------------------------------------

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        for i, op in enumerate(node.ops):
            swap = _CMP_SWAP.get(type(op))
            if swap is not None and self._point(
                node, "compare", f"{_sym(op)} -> {_sym(swap())} in `{_short(node)}`"
            ):
                node.ops[i] = swap()
        return node

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        swap = _BIN_SWAP.get(type(node.op))
        if swap is not None and self._point(
            node, "arith", f"{_sym(node.op)} -> {_sym(swap())} in `{_short(node)}`"
        ):
            node.op = swap()
        return node

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.AST:
        self.generic_visit(node)
        swap = _BIN_SWAP.get(type(node.op))
        if swap is not None and self._point(
            node, "arith", f"{_sym(node.op)}= -> {_sym(swap())}= in `{_short(node)}`"
        ):
            node.op = swap()
        return node

    def visit_BoolOp(self, node: ast.BoolOp) -> ast.AST:
        self.generic_visit(node)
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        if self._point(node, "boolop", f"{_sym(node.op)} -> {_sym(other)} in `{_short(node)}`"):
            node.op = other
        return node

    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.op, ast.Not | ast.USub) and self._point(
            node, "unary", f"drop `{_sym(node.op)}` in `{_short(node)}`"
        ):
            return node.operand
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        v = node.value
        if isinstance(v, bool):
            if self._point(node, "bool", f"{v} -> {not v}"):
                return ast.copy_location(ast.Constant(not v), node)
        elif isinstance(v, int | float) and self._point(node, "number", f"{v!r} -> {v + 1!r}"):
            return ast.copy_location(ast.Constant(v + 1), node)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in ("min", "max"):
            other = "max" if node.func.id == "min" else "min"
            if self._point(node, "minmax", f"{node.func.id} -> {other} in `{_short(node)}`"):
                node.func = ast.copy_location(ast.Name(other, ast.Load()), node.func)
        return node

    def visit_Return(self, node: ast.Return) -> ast.AST:
        self.generic_visit(node)
        returns_none = isinstance(node.value, ast.Constant) and node.value.value is None
        if (
            node.value is not None
            and not returns_none
            and self._point(node, "return", f"`{_short(node)}` -> `return None`")
        ):
            node.value = ast.Constant(None)
        return node

    def visit_If(self, node: ast.If) -> ast.AST:
        hit = self._point(node, "if", f"`if {_short(node.test)}:` -> `if False:`")
        self.generic_visit(node)
        if hit:
            node.test = ast.copy_location(ast.Constant(False), node.test)
        return node


def _is_docstring(stmt: ast.stmt) -> bool:
    return (
        isinstance(stmt, ast.Expr)
        and isinstance(stmt.value, ast.Constant)
        and isinstance(stmt.value.value, str)
    )


def _short(node: ast.AST) -> str:
    text = ast.unparse(node).splitlines()[0]
    return text if len(text) <= 60 else text[:57] + "..."


_SYMBOLS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in", ast.Add: "+",
    ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Pow: "**",
    ast.And: "and", ast.Or: "or", ast.Not: "not", ast.USub: "-",
}  # fmt: skip


def _sym(op: ast.AST) -> str:
    return _SYMBOLS.get(type(op), type(op).__name__)


# -- listing and applying -----------------------------------------------------------------------


def list_mutants(rel: str, source: str) -> list[Mutant]:
    """Every mutation point of one module, in a stable order."""
    m = _Mutator()
    m.visit(ast.parse(source))
    return [Mutant(rel, i, line, op, d) for i, (line, op, d) in enumerate(m.found)]


def apply(source: str, index: int) -> str:
    """The module's source with mutation ``index`` applied (re-printed by ``ast.unparse``)."""
    m = _Mutator(index)
    tree = m.visit(ast.parse(source))
    if not m.applied:
        raise SystemExit(f"mutation {index} not found")
    return ast.unparse(ast.fix_missing_locations(tree)) + "\n"


def identity(source: str) -> str:
    """The module re-printed unmutated: the clean run uses it, so only the mutation differs."""
    return ast.unparse(copy.deepcopy(ast.parse(source))) + "\n"


# -- running ------------------------------------------------------------------------------------


def _copy_tree(root: Path, work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    shutil.copytree(root / "src", work / "src", ignore=ignore)
    shutil.copytree(root / "tests", work / "tests", ignore=ignore)
    shutil.copy2(root / "pyproject.toml", work / "pyproject.toml")
    if (root / "examples").is_dir():  # the SLA tests read the example policies
        shutil.copytree(root / "examples", work / "examples", ignore=ignore)


def _pytest(work: Path, core: dict[str, Any], timeout: float | None) -> tuple[str, float, str]:
    """Run the core's tests in the copy: ('pass' | 'fail' | 'timeout', seconds, output tail)."""
    cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
    cmd += [f"--deselect={d}" for d in core.get("deselect", [])]
    cmd += [t for t in core["tests"] if (work / t).exists()]
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(work / "src"),
        PYTHONDONTWRITEBYTECODE="1",  # a mutant and the original can share size and mtime
        SERVICEMODEL_HYPOTHESIS="quick",
    )
    t0 = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True, text=True,
    )  # fmt: skip
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the process group this run started, only
        out, _ = proc.communicate()
        return "timeout", time.monotonic() - t0, out[-2000:]
    verdict = "pass" if proc.returncode == 0 else "fail"
    return verdict, time.monotonic() - t0, out[-2000:]


def _sample(mutants: list[Mutant], n: int, seed: int) -> list[Mutant]:
    if n <= 0 or n >= len(mutants):
        return list(mutants)
    chosen = random.Random(seed).sample(range(len(mutants)), n)
    return [mutants[i] for i in sorted(chosen)]


def _parser(config: dict[str, Any]) -> argparse.ArgumentParser:
    defaults = config["defaults"]
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("core", choices=sorted(config["cores"]))
    p.add_argument("--sample", type=int, default=defaults["sample"], help="0 = all mutants")
    p.add_argument("--seed", type=int, default=defaults["seed"])
    p.add_argument("--list", action="store_true", help="list the mutants and stop")
    p.add_argument("--show", type=int, help="print the diff of mutant N (global index) and stop")
    p.add_argument("--only", help="comma-separated global mutant indexes to run")
    p.add_argument("--without", action="append", default=[], help="leave this test path out")
    p.add_argument(
        "--after",
        type=Path,
        help="results of an earlier run on the same sources: rerun only its survivors",
    )
    p.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="tree to copy src/, tests/, examples/ and pyproject.toml from (default: this "
        "repository); a frozen copy keeps before/after runs on the same code while others edit",
    )
    p.add_argument("--work", type=Path, help="default: /tmp/servicemodel-mutation/CORE")
    p.add_argument("--out", type=Path, help="write the results as JSON here")
    return p


def _digest(sources: dict[str, str]) -> str:
    h = hashlib.sha256()
    for rel in sorted(sources):
        h.update(rel.encode() + b"\0" + sources[rel].encode() + b"\0")
    return h.hexdigest()[:16]


def _choose(
    args: argparse.Namespace, mutants: list[Mutant], digest: str
) -> tuple[list[tuple[int, Mutant]], list[dict[str, Any]]]:
    """The mutants to run, and the results carried over from an earlier run (``--after``)."""
    numbered = list(enumerate(mutants))
    if args.only:
        wanted = {int(x) for x in args.only.split(",")}
        return [(g, m) for g, m in numbered if g in wanted], []
    if args.after:
        before = json.loads(args.after.read_text())
        if before["sources"] != digest:
            raise SystemExit(f"{args.after} was run on other sources; run the whole sample again")
        rerun = {r["global"] for r in before["results"] if r["status"] == "survived"}
        kept = [r for r in before["results"] if r["global"] not in rerun]
        return [(g, m) for g, m in numbered if g in rerun], kept
    picked = {id(m) for m in _sample(mutants, args.sample, args.seed)}
    return [(g, m) for g, m in numbered if id(m) in picked], []


def _run(
    root: Path,
    work: Path,
    core: dict[str, Any],
    sources: dict[str, str],
    chosen: list[tuple[int, Mutant]],
) -> list[dict[str, Any]]:
    defaults = tomllib.loads(CONFIG.read_text())["defaults"]
    _copy_tree(root, work)
    for rel, src in sources.items():
        (work / rel).write_text(identity(src))
    verdict, clean_s, out = _pytest(work, core, None)
    if verdict != "pass":
        print(out)
        raise SystemExit("the unmutated copy does not pass its tests; fix that first")
    timeout = max(defaults["timeout_min"], defaults["timeout_factor"] * clean_s)
    print(f"running {len(chosen)}; clean run {clean_s:.1f} s, timeout {timeout:.0f} s", flush=True)
    results = []
    try:
        for g, m in chosen:
            target = work / m.file
            target.write_text(apply(sources[m.file], m.index))
            try:
                verdict, secs, out = _pytest(work, core, timeout)
            finally:
                target.write_text(identity(sources[m.file]))
            status = {"pass": "survived", "fail": "killed", "timeout": "timeout"}[verdict]
            results.append({"global": g, **asdict(m), "status": status, "seconds": round(secs, 1)})
            mark = "SURVIVED" if status == "survived" else status
            where = f"{m.file}:{m.line} [{m.op}] {m.description}"
            print(f"{g:4d} {mark:8s} {secs:5.1f}s {where}", flush=True)
    except KeyboardInterrupt:
        print("interrupted; scoring what ran", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    config = tomllib.loads(CONFIG.read_text())
    args = _parser(config).parse_args(argv)
    core = dict(config["cores"][args.core])
    core["tests"] = [t for t in core["tests"] if t not in args.without]
    sources = {rel: (args.root / rel).read_text() for rel in core["targets"]}
    mutants = [m for rel, src in sources.items() for m in list_mutants(rel, src)]
    if args.list:
        for g, m in enumerate(mutants):
            print(f"{g:4d} {m.file}:{m.line} [{m.op}] {m.description}")
        print(f"{len(mutants)} mutants")
        return 0
    if args.show is not None:
        m = mutants[args.show]
        new = apply(sources[m.file], m.index).splitlines(True)
        old = identity(sources[m.file]).splitlines(True)
        sys.stdout.writelines(difflib.unified_diff(old, new, m.file, m.file))
        return 0
    digest = _digest(sources)
    chosen, kept = _choose(args, mutants, digest)
    print(f"{args.core}: {len(mutants)} mutants (sources {digest}, seed {args.seed})", flush=True)
    t_start = time.monotonic()
    work = args.work or Path("/tmp/servicemodel-mutation") / args.core
    results = sorted(kept + _run(args.root, work, core, sources, chosen), key=lambda r: r["global"])
    minutes = (time.monotonic() - t_start) / 60
    killed = sum(r["status"] != "survived" for r in results)
    timeouts = sum(r["status"] == "timeout" for r in results)
    total = len(results)
    score = 100 * killed / total if total else 0.0
    print(f"{args.core}: killed {killed}/{total} = {score:.1f} % (timeouts {timeouts})")
    print(f"{minutes:.1f} min")
    for r in results:
        if r["status"] == "survived":
            where = f"{r['file']}:{r['line']} [{r['op']}] {r['description']}"
            print(f"  survived {r['global']:4d} {where}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        summary = {
            "core": args.core,
            "sources": digest,
            "seed": args.seed,
            "sample": args.sample,
            "mutants_in_core": len(mutants),
            "killed": killed,
            "timeouts": timeouts,
            "total": total,
            "score": round(score, 1),
            "minutes": round(minutes, 1),
            "tests": core["tests"],
            "results": results,
        }
        args.out.write_text(json.dumps(summary, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
