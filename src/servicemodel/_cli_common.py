"""Private: what every ``servicemodel`` subcommand does the same way -- errors and output.

Bad input is exit status 2 with one line on standard error (``servicemodel: error: ...``), never
a traceback; the output goes to ``-o FILE`` or standard output, and a file that cannot be
written is bad input too.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, ServiceModelError

__all__ = ["EXIT_BAD_INPUT", "check_output", "error_line", "refuse_overwriting", "run_command"]

#: Exit status for bad input (a one-line message on standard error).
EXIT_BAD_INPUT = 2


def error_line(exc: BaseException) -> str:
    """The one line a command prints for ``exc``: its message's first line.

    Examples:
        >>> error_line(ValueError("bad\\nmore"))
        'servicemodel: error: bad'
    """
    text = str(exc)
    return f"servicemodel: error: {text.splitlines()[0] if text else type(exc).__name__}"


def check_output(output: Path | None) -> None:
    """Refuse an ``-o`` that cannot be a file before the export is read, not after the work."""
    if output is None:
        return
    try:
        output.is_dir()
    except OSError as exc:  # a name too long for the file system (is_dir raises for that)
        raise ConfigError(
            f"cannot write the report to {safe_repr(str(output))}: {exc.strerror}", path="-o"
        ) from None
    if output.is_dir():
        raise ConfigError(f"cannot write the report to {output}: it is a folder", path="-o")
    if not output.parent.is_dir():
        raise ConfigError(
            f"cannot write the report to {output}: the folder {output.parent} does not exist",
            path="-o",
        )


def refuse_overwriting(output: Path | None, inputs: Iterable[object]) -> None:
    """Refuse an ``-o`` that is one of the command's input files, before anything is read.

    ``--format csv -o export.csv`` on ``export.csv`` would replace the export with its own
    report; the input files are compared as files (a link or another spelling of the same
    path is the same file). Inputs that are not existing files (``-``, a glob left unexpanded)
    are passed over.

    Examples:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
        >>> _ = f.write_text("id\\n")
        >>> refuse_overwriting(f.parent / "." / "export.csv", [str(f)])
        Traceback (most recent call last):
        ...
        servicemodel.errors.ConfigError: -o: ... is an input file of this command ...
    """
    if output is None or not _is_file(output):
        return
    for given in inputs:
        if not isinstance(given, str | Path) or not _is_file(Path(given)):
            continue
        if _same_file(output, Path(given)):
            raise ConfigError(
                f"{output} is an input file of this command ({given}): writing the report "
                "there would overwrite it; name another file",
                path="-o",
            )


def _is_file(path: Path) -> bool:
    """``path.is_file()``, false for a name the system refuses (too long for it: OSError)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:  # gone since it was seen: not the output
        return False


def _named_files(args: argparse.Namespace, output: Path | None) -> list[object]:
    """Every value of the command's arguments that may name a file (lists flattened)."""
    found: list[object] = []
    for value in vars(args).values():
        values = value if isinstance(value, list | tuple) else [value]
        found.extend(v for v in values if isinstance(v, str | Path) and v is not output)
    return found


def run_command(
    run: Callable[[argparse.Namespace, TextIO], int],
    args: argparse.Namespace,
    output: Path | None,
    out: TextIO | None = None,
) -> int:
    """Run a command into a buffer; write it to ``output`` (or ``out``/stdout); the status.

    ``run`` returns the command's status; what it wrote is written even for a non-zero status
    below 2 (a plan that falls short is still a plan), never after bad input.

    Examples:
        >>> import argparse
        >>> def hello(args, buf):
        ...     buf.write("hi\\n")
        ...     return 0
        >>> run_command(hello, argparse.Namespace(), None)
        hi
        0
    """
    buffer = io.StringIO()
    try:
        refuse_overwriting(output, _named_files(args, output))
        status = run(args, buffer)
    except (ServiceModelError, OSError) as exc:
        print(error_line(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    if status >= EXIT_BAD_INPUT:
        return status
    if output is None:
        (out or sys.stdout).write(buffer.getvalue())
        return status
    try:
        output.write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        print(f"servicemodel: error: {output}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return status
