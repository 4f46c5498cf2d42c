"""Private: what every ``servicemodel`` subcommand does the same way -- errors and output.

Bad input is exit status 2 with one line on standard error naming the command
(``servicemodel staff: error: ...``), never a traceback; the output goes to ``-o FILE`` or
standard output, and a file that cannot be written is bad input too. A notice (a warning, the
records set aside) is one line on standard error naming the command the same way
(``servicemodel report: warning: ...``). A usage error (a mistyped option, a missing argument,
a value outside an option's choices) is one line as well, beginning the same way and pointing
to the command's ``--help``.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from servicemodel._config import safe_repr
from servicemodel.errors import ConfigError, ServiceModelError

__all__ = [
    "EXIT_BAD_INPUT",
    "CommandParser",
    "a_file",
    "a_path",
    "check_output",
    "distinct_files",
    "error_line",
    "file_name",
    "notice",
    "path_text",
    "refuse_overwriting",
    "run_command",
    "write_output",
]

#: Exit status for bad input (a one-line message on standard error).
EXIT_BAD_INPUT = 2


def error_line(exc: BaseException, prog: str) -> str:
    """The one line command ``prog`` prints for ``exc``: its message's first line.

    ``prog`` names the command (``servicemodel staff``), as its usage errors do, so that a
    script running several commands can tell which one failed.

    An error that names the file it came from (``source``, which starts its message) shows
    the name as a notice does ([file_name][servicemodel._cli_common.file_name]): a name with
    a newline in it would otherwise end the line before the message.

    Examples:
        >>> error_line(ValueError("bad\\nmore"), "servicemodel staff")
        'servicemodel staff: error: bad'
        >>> error_line(ConfigError("bad", source="a\\nb.toml"), "servicemodel report")
        "servicemodel report: error: 'a\\\\nb.toml': bad"
    """
    text = str(exc)
    source = getattr(exc, "source", None)
    if isinstance(source, str) and source and text.startswith(source):
        text = file_name(source) + text[len(source) :]
    return f"{prog}: error: {text.splitlines()[0] if text else type(exc).__name__}"


def notice(prog: str, text: str) -> None:
    """Print a notice of command ``prog`` on standard error: ``prog: text``, one line.

    A warning, a count of records set aside, "no tickets selected": named like the command's
    error lines, so that a script running several commands can tell which one said it.

    Examples:
        >>> import contextlib, io
        >>> err = io.StringIO()
        >>> with contextlib.redirect_stderr(err):
        ...     notice("servicemodel report", "warning: late events")
        >>> err.getvalue()
        'servicemodel report: warning: late events\\n'
    """
    print(f"{prog}: {text}", file=sys.stderr)


def file_name(path: str | Path) -> str:
    """A file as a notice names it: ``standard input`` for ``-``, a name that does not print
    as one line (a newline, a tab, a control character in it) quoted as error messages quote
    values (``safe_repr``), any other name as it is.

    A notice is one line; a name with a newline in it would split it.

    Examples:
        >>> file_name("pages/a.json"), file_name("-"), file_name("a\\nb.json")
        ('pages/a.json', 'standard input', "'a\\\\nb.json'")
    """
    return "standard input" if str(path) == "-" else path_text(path)


def path_text(path: str | Path) -> str:
    """A path as a message names it: as it is, or quoted (``safe_repr``) when it does not
    print as one line; ``-`` stays ``-`` (an output file may be named so).

    Examples:
        >>> path_text("out/report.txt"), path_text("out\\tx"), path_text("-")
        ('out/report.txt', "'out\\\\tx'", '-')
    """
    text = str(path)
    return text if text.isprintable() else safe_repr(text, limit=_NAME_LIMIT)


#: How long a quoted file name may be before it is cut (a path is longer than a value).
_NAME_LIMIT = 240


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line on standard error, exit status 2.

    argparse prints its usage block before the error; a command's whole usage is several lines,
    and the line that matters is the last. Here the error names the command (a subcommand's own
    name, also for an option it does not know), the bad option or value, a close option name
    when there is one, and ``--help``. ``hint`` is added to any usage error of this parser.

    Examples:
        >>> p = CommandParser(prog="servicemodel demo")
        >>> _ = p.add_argument("--format", choices=("text", "json"))
        >>> import contextlib, io
        >>> err = io.StringIO()
        >>> with contextlib.redirect_stderr(err):
        ...     try:
        ...         p.parse_args(["--fromat", "json"])
        ...     except SystemExit as exc:
        ...         print(exc.code)
        2
        >>> print(err.getvalue().replace("; see", ";\\nsee"), end="")  # one line, cut here to fit
        servicemodel demo: error: unrecognized arguments: --fromat json (did you mean --format?);
        see 'servicemodel demo --help'
    """

    def __init__(self, *args: Any, hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hint = hint

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message[ (hint)]; see 'prog --help'`` and exit with status 2."""
        extra = f" ({self.hint})" if self.hint else ""
        line = f"{self.prog}: error: {message}{extra}; see '{self.prog} --help'"
        self.exit(EXIT_BAD_INPUT, line.replace("\n", " ") + "\n")

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        """An option's value as given, ``--`` too (``--at=--``).

        argparse of Python 3.11 and 3.12 (3.12.1 checked; 3.13 keeps it) strips ``--`` from
        an option's own value as it strips the ``--`` that ends the options, and hands the
        option an empty list for its text: ``--at=--`` was a ``TypeError`` from
        ``datetime.fromisoformat``, ``--format=--`` an unhashable list, each a traceback.
        Only a value given after ``=`` can be ``--`` here (``--at --`` ends the options, a
        usage error); it is read as the text it is, and the option's reader says what is
        wrong with it.
        """
        if action.option_strings and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value if action.nargs in (None, argparse.OPTIONAL) else [value]
        return super()._get_values(action, arg_strings)

    def parse_args(  # type: ignore[override]  # the one signature the commands call
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        """Parse like argparse; an unknown argument is the error of the (sub)command it follows."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            owner = self._chosen_subcommand(parsed)
            owner.error(f"unrecognized arguments: {' '.join(extras)}{owner._close_to(extras)}")
        return parsed

    def _chosen_subcommand(self, parsed: argparse.Namespace) -> CommandParser:
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                name = getattr(parsed, action.dest, None)
                chosen = action.choices.get(name) if isinstance(name, str) else None
                if isinstance(chosen, CommandParser):
                    return chosen._chosen_subcommand(parsed)
        return self

    def _close_to(self, extras: Sequence[str]) -> str:
        """`` (did you mean --format?)`` for the first unknown option close to a known one."""
        known = [o for action in self._actions for o in action.option_strings]
        for extra in extras:
            if extra.startswith("-"):
                close = difflib.get_close_matches(extra.split("=", 1)[0], known, n=1)
                return f" (did you mean {close[0]}?)" if close else ""
        return ""


def a_file(text: str) -> str:
    """An argument naming a file: any name but the empty one, a usage error naming the argument.

    ``--calendar "$HOURS"`` with the variable unset gives ``""``: read as no option it planned
    around the clock, and as a ``Path`` it is ``.``, the current folder, which the error then
    named (``.: unknown config format ''``) instead of the argument.

    Examples:
        >>> a_file("hours.toml")
        'hours.toml'
        >>> a_file("")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '' names no file
    """
    if text == "":
        raise argparse.ArgumentTypeError("'' names no file")
    return text


def a_path(text: str) -> Path:
    """[a_file][servicemodel._cli_common.a_file] as a ``Path``."""
    return Path(a_file(text))


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
    # Named as a notice names a file (file_name): a folder name with a newline in it ended
    # the error line before it said what was wrong.
    if output.is_dir():
        raise ConfigError(
            f"cannot write the report to {path_text(output)}: it is a folder", path="-o"
        )
    if _is_file(output.parent):  # "the folder export.jsonl does not exist" said of a file
        raise ConfigError(
            f"cannot write the report to {path_text(output)}: {path_text(output.parent)} is a "
            "file, not a folder",
            path="-o",
        )
    if not output.parent.is_dir():
        raise ConfigError(
            f"cannot write the report to {path_text(output)}: the folder "
            f"{path_text(output.parent)} does not exist",
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
                f"{path_text(output)} is an input file of this command ({file_name(given)}): "
                "writing the report there would overwrite it; name another file",
                path="-o",
            )


def _is_file(path: Path) -> bool:
    """``path.is_file()``, false for a name the system refuses (too long for it: OSError)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def distinct_files(paths: Sequence[str], option: str = "") -> tuple[list[str], tuple[str, ...]]:
    """``paths`` with each file once, as first given, and a warning per file given again.

    A shell glob that overlaps a name given beside it (``pages/*.json pages/page1.json``) hands
    a command one file twice; read twice, its bad records and skipped tickets were counted
    twice and every ticket in it was superseded by itself. A file is the same when its path
    is, or when two paths name one file (``a.json`` and ``./a.json``, a link to it): compared
    as ``os.path.samefile`` does, by device and inode. ``-`` (standard input) given twice is
    read once too, and so is ``-`` beside a path naming the same file (``/dev/stdin``, or the
    file standard input is redirected from). A path that names no file is kept as given: its
    reader says so. A name that does not print as one line is quoted (``file_name``).

    Examples:
        >>> import tempfile, pathlib
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.json"
        >>> _ = f.write_text("[]")
        >>> kept, said = distinct_files([str(f), str(f.parent / "." / "a.json"), "-", "-", "-"])
        >>> kept == [str(f), "-"], len(said)
        (True, 2)
        >>> print(said[1])
        standard input is given 3 times: read once
    """
    # Per file: how it was first given, how many times, and its other spellings (in order).
    seen: dict[object, tuple[str, list[str]]] = {}
    for path in paths:
        first, given = seen.setdefault(_file_key(path), (path, []))
        given.append(path)
    where = f"{option}: " if option else ""
    said = []
    for first, given in seen.values():
        if len(given) == 1:
            continue
        name = file_name(first)
        times = "twice" if len(given) == 2 else f"{len(given)} times"
        others = list(dict.fromkeys(file_name(p) for p in given if p != first))
        also = f" (also as {', '.join(others)})" if others else ""
        said.append(f"{where}{name} is given {times}{also}: read once")
    return [first for first, _ in seen.values()], tuple(said)


def _file_key(path: str) -> object:
    """What tells files apart: device and inode for a file there is, else the path itself.

    ``-`` is the file open as standard input: ``/dev/stdin`` names it too.
    """
    try:
        info = os.fstat(0) if path == "-" else os.stat(path)
    except (OSError, ValueError):  # no such file, or a name the system refuses (stdin closed)
        return ("path", path)
    # Some file systems give no inode number (0): then the resolved path tells files apart.
    if info.st_ino:
        return ("file", info.st_dev, info.st_ino)
    if path == "-":
        return ("path", path)
    return ("path", os.path.normcase(os.path.realpath(path)))


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


def write_output(text: str, out: TextIO | None = None) -> None:
    """Write a command's output to ``out``, else to standard output, and flush it.

    Standard output closed (``>&-``: Python's ``sys.stdout`` is ``None``) or failing (its
    reader gone, ``BrokenPipeError``; a full disk) is bad input naming it, not a traceback.

    Examples:
        >>> write_output("hi\\n")
        hi
    """
    stream = out if out is not None else sys.stdout
    if stream is None:
        raise ServiceModelError(
            "standard output is closed: nowhere to write; name a file with -o FILE"
        )
    try:
        stream.write(text)
        stream.flush()
    except OSError as exc:
        raise ServiceModelError(
            f"cannot write to standard output ({exc.strerror or exc}); name a file with -o FILE"
        ) from None


def run_command(
    run: Callable[[argparse.Namespace, TextIO], int],
    args: argparse.Namespace,
    output: Path | None,
    out: TextIO | None = None,
    *,
    prog: str,
) -> int:
    """Run command ``prog`` into a buffer; write it to ``output`` (or ``out``/stdout); the status.

    ``run`` returns the command's status; what it wrote is written even for a non-zero status
    below 2 (a plan that falls short is still a plan), never after bad input. An error is one
    line on standard error naming ``prog`` (``servicemodel staff: error: ...``).

    Examples:
        >>> import argparse
        >>> def hello(args, buf):
        ...     buf.write("hi\\n")
        ...     return 0
        >>> run_command(hello, argparse.Namespace(), None, prog="servicemodel demo")
        hi
        0
    """
    buffer = io.StringIO()
    try:
        refuse_overwriting(output, _named_files(args, output))
        status = run(args, buffer)
    except (ServiceModelError, OSError) as exc:
        print(error_line(exc, prog), file=sys.stderr)
        return EXIT_BAD_INPUT
    if status >= EXIT_BAD_INPUT:
        return status
    if output is None:
        try:
            write_output(buffer.getvalue(), out)
        except ServiceModelError as exc:
            print(error_line(exc, prog), file=sys.stderr)
            return EXIT_BAD_INPUT
        return status
    try:
        output.write_text(buffer.getvalue(), encoding="utf-8")
    except OSError as exc:
        print(f"{prog}: error: {path_text(output)}: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return status
