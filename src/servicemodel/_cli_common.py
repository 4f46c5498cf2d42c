"""Private: what every ``servicemodel`` subcommand does the same way -- errors and output.

Bad input is exit status 2 with one line on standard error (``servicemodel: error: ...``), never
a traceback; the output goes to ``-o FILE`` or standard output, and a file that cannot be
written is bad input too.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from servicemodel.errors import ServiceModelError

__all__ = ["EXIT_BAD_INPUT", "error_line", "run_command"]

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
