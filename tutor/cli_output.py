"""What the command line prints, made safe for any stdout: closed pipes, full disks, ASCII.

- `fit_streams()` keeps Unicode where the stream can encode it and spells it in ASCII where it
  cannot (`PYTHONIOENCODING=ascii`, an old terminal): "—" becomes "-", "α" "alpha", "²" "^2".
- `finish(status)` flushes stdout and turns a closed pipe (`gd-tutor --list | head -0`) into a
  quiet exit with status 141, as a program stopped by SIGPIPE has, and any other write error
  (`> /dev/full`) into one line on stderr and status 1, never a traceback.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

#: The status a shell reports for a program ended by SIGPIPE (128 + 13).
BROKEN_PIPE_STATUS = 141
#: The status for any other failure to write the output.
WRITE_ERROR_STATUS = 1

ERRORS = "gd-tutor-ascii"

#: Readable ASCII for the characters the tutor's text uses; anything else is decomposed
#: (é → e) or, failing that, becomes "?".
ASCII_SPELLING: dict[str, str] = {
    "—": "-",
    "–": "-",
    "−": "-",
    "‐": "-",
    "×": "x",
    "÷": "/",
    "·": "*",
    "•": "*",
    "…": "...",
    "α": "alpha",
    "β": "beta",
    "σ": "sigma",
    "ε": "eps",
    "θ": "theta",
    "η": "eta",
    "Σ": "sum",
    "∂": "d",
    "′": "'",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "→": "->",
    "←": "<-",
    "≤": "<=",
    "≥": ">=",
    "≈": "~",
    "≠": "!=",
    "²": "^2",
    "³": "^3",
    "µ": "u",
    "✓": "ok",
    "✗": "x",
}


def _spell(character: str) -> str:
    if character in ASCII_SPELLING:
        return ASCII_SPELLING[character]
    import unicodedata

    plain = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def ascii_fallback(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: the characters the stream cannot encode, spelled in ASCII."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_spell(character) for character in text), error.end


def to_ascii(text: str) -> str:
    """`text` with every non-ASCII character spelled as `fit_streams` would print it."""
    return text.encode("ascii", errors=_registered()).decode("ascii")


def _registered() -> str:
    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, ascii_fallback)
    return ERRORS


def fit_streams() -> None:
    """Let stdout and stderr print any text: Unicode when they can, ASCII spellings otherwise."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding or not hasattr(stream, "reconfigure"):
            continue
        try:
            "—−α²σ…".encode(encoding)
        except UnicodeEncodeError:
            stream.reconfigure(errors=_registered())
        except LookupError:
            continue


class OutputError(Exception):
    """stdout could not be written; carries the status to exit with."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def say(text: str = "") -> None:
    """Print a line to stdout; a closed pipe or a full disk becomes `OutputError`."""
    write(text + "\n")


def write(text: str, stream: SupportsWrite[str] | None = None) -> None:
    """Write to stdout (or `stream`): stdout's errors become `OutputError`, stderr's are ignored."""
    stream = sys.stdout if stream is None else stream
    try:
        stream.write(text)
    except OSError as error:
        if stream is sys.stdout:
            raise OutputError(_failed(error)) from None


def finish(status: int) -> int:
    """Flush stdout; report a write error in one line and return the status to exit with."""
    try:
        sys.stdout.flush()
    except OSError as error:
        return _failed(error)
    return status


def _failed(error: OSError) -> int:
    _silence_stdout()
    if isinstance(error, BrokenPipeError):
        return BROKEN_PIPE_STATUS
    reason = error.strerror or str(error)
    with contextlib.suppress(OSError):
        sys.stderr.write(f"gd-tutor: error: could not write the output: {reason}\n")
        sys.stderr.flush()
    return WRITE_ERROR_STATUS


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        return
