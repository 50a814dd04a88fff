"""Every workaround at the level of Textual's terminal driver, in one place.

Textual 8's `LinuxDriver` assumes a terminal that is there, speaks UTF-8 and reports a sane size.
When it is not, the stock driver ends the app with a traceback, spins, or never ends:

- **Input that is not UTF-8** (a Latin-1 terminal sending `²` as the byte 0xB2) raised
  `UnicodeDecodeError` in the input thread, which panics the app. Here input is decoded leniently:
  a byte that is not UTF-8 is read as Latin-1 (so `²` arrives as `²`), C1 bytes as `�`.
- **A terminal that goes away.** With the pty closed, reads fail with EIO (the input thread
  panicked) or return b"" (the stock loop selects and reads again at once: a spinning process
  when no SIGHUP arrives), and writes fail with EIO in the writer thread, which dies; its bounded
  queue then fills and the next `write` blocks the event loop forever, so even SIGTERM (handled
  on the loop) did nothing. Here a failed or empty read, a failed write, SIGHUP, or output that
  accepts nothing for `STUCK_WRITE_S` once the app is leaving mean the terminal is lost (a slow
  link that stalls output while the app runs is waited for): output is dropped from
  then on (stdout and stderr point at /dev/null, so nothing can block on them again), the app is
  asked to exit, and a watchdog ends the process whatever the event loop is doing,
  `LOST_DEADLINE_S` after the terminal was lost (`EXIT_DEADLINE_S` after SIGTERM or SIGINT with
  the terminal still there, time to restore it), after giving the progress store a last, bounded
  chance to save.
- **Absurd sizes.** The stock driver takes `COLUMNS`/`LINES` from the environment before asking
  the terminal; `COLUMNS=100000 LINES=100000` allocated 4.3 GB. Here the terminal is asked first,
  values that are not plain numbers in range are dropped from the environment with a note, and
  any size is clamped to `MAX_COLUMNS` × `MAX_LINES`.

`driver_for(app, stock)` returns the driver class to use (the stock one for headless, web or
Windows runs); `sanitize_size_environment()` runs before the app is built.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import errno
import os
import select
import selectors
import signal
import sys
import termios
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App

#: Largest size believed, from the terminal or the environment.
MAX_COLUMNS = 1000
MAX_LINES = 500
#: The process ends at most this long after its terminal was lost…
LOST_DEADLINE_S = 1.0
#: …or after SIGTERM/SIGINT with the terminal still there (time to restore it properly).
EXIT_DEADLINE_S = 3.0
#: Output the terminal does not accept for this long while the app is leaving: nobody reads it.
STUCK_WRITE_S = 1.0
#: Bytes handed to the terminal per write. Each write lets go of the interpreter lock and has
#: to win it back from the busy event loop (up to 5 ms each time while a network trains), so a
#: frame of a few tens of kilobytes in 512-byte writes reached the terminal up to tens of ms late.
#: A terminal that stops reading still cannot hang the app: the watchdog ends it (ExitGuard).
WRITE_CHUNK = 16384
#: How long a thread may hold the interpreter lock while another waits for it (Python's default
#: is 5 ms).
SWITCH_INTERVAL_S = 0.001
#: How long the watchdog gives the last-chance callbacks (saving progress) before it exits.
LAST_CHANCE_S = 0.3

_ERRORS = "gd-tutor-terminal"


def _lenient(error: UnicodeError) -> tuple[str, int]:
    """Decode a byte that is not UTF-8 as Latin-1 (C1 control bytes as U+FFFD)."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    text = "".join(chr(b) if b >= 0xA0 else "\ufffd" for b in bad)
    return text, error.end


codecs.register_error(_ERRORS, _lenient)


def lenient_decoder() -> codecs.IncrementalDecoder:
    """An incremental UTF-8 decoder that never raises."""
    return codecs.getincrementaldecoder("utf-8")(errors=_ERRORS)


# -- sizes ----------------------------------------------------------------------------------------


def _plain_size(value: str | None, largest: int) -> bool:
    return value is not None and value.isascii() and value.isdigit() and 1 <= int(value) <= largest


def sanitize_size_environment(environ: Any = None) -> str | None:
    """Drop COLUMNS/LINES that are not plain numbers in range; return a note when any was."""
    environ = os.environ if environ is None else environ
    dropped = []
    for name, largest in (("COLUMNS", MAX_COLUMNS), ("LINES", MAX_LINES)):
        value = environ.get(name)
        if value is not None and not _plain_size(value.strip(), largest):
            dropped.append(f"{name}={value[:20]}")
            del environ[name]
    if not dropped:
        return None
    return (
        f"Ignored {' '.join(dropped)} from the environment (not a size gd-tutor can draw, at most "
        f"{MAX_COLUMNS}×{MAX_LINES}); using the terminal's own size."
    )


def clamp_size(width: int, height: int) -> tuple[int, int]:
    return max(1, min(int(width), MAX_COLUMNS)), max(1, min(int(height), MAX_LINES))


def terminal_size(fds: tuple[int, ...] = (2, 0, 1)) -> tuple[int, int]:
    """The terminal's own size (asked first), else the environment's, else 80×24; clamped."""
    for fd in fds:
        with contextlib.suppress(OSError, ValueError):
            columns, lines = os.get_terminal_size(fd)
            if columns > 0 and lines > 0:
                return clamp_size(columns, lines)
    columns_text = os.environ.get("COLUMNS", "").strip()
    lines_text = os.environ.get("LINES", "").strip()
    width = int(columns_text) if _plain_size(columns_text, 10**6) else 80
    height = int(lines_text) if _plain_size(lines_text, 10**6) else 24
    return clamp_size(width, height)


# -- ending the process ----------------------------------------------------------------------------


class ExitGuard:
    """Makes sure the process ends once asked to, and notices when the terminal has gone."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.loop: asyncio.AbstractEventLoop | None = None
        self.lost = threading.Event()
        self.exiting = threading.Event()
        self.urgent = threading.Event()
        #: Called (bounded by LAST_CHANCE_S) just before the watchdog ends the process.
        self.last_chance: list[Callable[[], object]] = []
        self.reason: str | None = None

    def request_exit(self, reason: str, *, urgent: bool = False) -> None:
        """Ask the app to exit; whatever happens, the process ends within EXIT_DEADLINE_S
        (LOST_DEADLINE_S when `urgent`: the terminal is gone or hung up)."""
        if urgent:
            self.urgent.set()
        if not self.exiting.is_set():
            self.exiting.set()
            self.reason = reason
            threading.Thread(target=self._watchdog, name="gd-tutor-exit", daemon=True).start()
        loop = self.loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop is already closed: nothing to ask
                loop.call_soon_threadsafe(self.app.exit)

    def terminal_lost(self, reason: str) -> None:
        """The terminal is gone: stop writing to it, and leave."""
        if not self.lost.is_set():
            self.lost.set()
            self._silence_output()
        self.request_exit(f"terminal lost: {reason}", urgent=True)

    @staticmethod
    def _silence_output() -> None:
        """Point stdout and stderr at /dev/null so no later write can fail or block."""
        with contextlib.suppress(OSError):
            null = os.open(os.devnull, os.O_WRONLY)
            for fd in (1, 2):
                with contextlib.suppress(OSError):
                    os.dup2(null, fd)
            os.close(null)

    def _watchdog(self) -> None:
        started = time.monotonic()
        while True:
            deadline = LOST_DEADLINE_S if self.urgent.is_set() else EXIT_DEADLINE_S
            left = started + deadline - LAST_CHANCE_S - time.monotonic()
            if left <= 0:
                break
            self.urgent.wait(min(left, 0.05))
        for callback in self.last_chance:
            helper = threading.Thread(target=self._quietly, args=(callback,), daemon=True)
            helper.start()
            helper.join(LAST_CHANCE_S)
        os._exit(0 if not self.lost.is_set() else 1)

    @staticmethod
    def _quietly(callback: Callable[[], object]) -> None:
        with contextlib.suppress(Exception):
            callback()

    def install_signal_handlers(self) -> None:
        """SIGTERM, SIGINT and SIGHUP end the app even when its event loop is stuck.

        Plain signal handlers run in the main thread between bytecodes (a blocked lock or a
        select is interrupted for them), unlike asyncio's, which wait for the loop to run.
        """

        def on_signal(number: int, frame: object) -> None:
            name = signal.Signals(number).name
            # SIGHUP may be sent with the terminal still there: it is restored as for SIGTERM.
            if number == signal.SIGHUP and not _terminal_answers():
                self.terminal_lost(name)
            else:
                self.request_exit(name)

        for name in ("SIGTERM", "SIGINT", "SIGHUP"):
            number = getattr(signal, name, None)
            if number is not None:
                with contextlib.suppress(ValueError, OSError):  # not the main thread
                    signal.signal(number, on_signal)


def _terminal_answers(fds: tuple[int, ...] = (0, 2)) -> bool:
    """True if the terminal is still there (a hung-up terminal fails every ioctl with EIO)."""
    for fd in fds:
        try:
            termios.tcgetattr(fd)
        except termios.error:
            continue
        except (OSError, ValueError):
            continue
        return True
    return False


class _TerminalOutput:
    """The file Textual's writer thread writes to: never raises, never blocks for long."""

    def __init__(self, fd: int, guard: ExitGuard) -> None:
        self._fd = fd
        self._guard = guard

    def fileno(self) -> int:
        return self._fd

    def isatty(self) -> bool:
        return True

    def flush(self) -> None:
        return

    def write(self, text: str) -> int:
        if self._guard.lost.is_set():
            return len(text)
        data = memoryview(text.encode("utf-8", errors="replace"))
        waited_since: float | None = None
        while data and not self._guard.lost.is_set():
            try:
                _, ready, _ = select.select([], [self._fd], [], 0.1)
                if not ready:
                    # A slow link may stall output for a while: wait, unless the app is leaving.
                    waited_since = waited_since or time.monotonic()
                    stuck = time.monotonic() - waited_since > STUCK_WRITE_S
                    if stuck and self._guard.exiting.is_set():
                        self._guard.terminal_lost("output not accepted while leaving")
                    continue
                waited_since = None
                data = data[os.write(self._fd, data[:WRITE_CHUNK]) :]
            except InterruptedError:
                continue
            except (OSError, ValueError) as error:
                self._guard.terminal_lost(f"write failed ({error})")
        return len(text)


class TutorDriver(LinuxDriver):
    """Textual's Linux driver with lenient input, a writer that cannot hang, and sane sizes."""

    def __init__(self, app: App, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.guard = ExitGuard(app)
        self.guard.install_signal_handlers()
        self._file = _TerminalOutput(self._file.fileno(), self.guard)  # type: ignore[union-attr,assignment]

    def _get_terminal_size(self) -> tuple[int, int]:
        return terminal_size()

    def start_application_mode(self) -> None:
        self.guard.loop = asyncio.get_running_loop()
        # The input and output threads wait for the interpreter lock while the event loop works
        # (a live run steps and draws in pieces of up to ~10 ms): by default up to 5 ms for each
        # hand-over, paid by every key read and every frame written. 1 ms keeps both prompt.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        super().start_application_mode()

    def close(self) -> None:
        writer = self._writer_thread
        if writer is not None:
            # The stock stop() blocks on a full queue and joins without a limit.
            with contextlib.suppress(Exception):
                writer._queue.put(None, timeout=STUCK_WRITE_S)
            writer.join(STUCK_WRITE_S + 0.5)

    def run_input_thread(self) -> None:
        """The stock loop, decoding leniently and leaving when the terminal is gone."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        parser = XTermParser(self._debug)
        decoder = lenient_decoder()
        is_tty = os.isatty(self.fileno)

        def feed(text: str) -> None:
            if not text:  # Textual's parser takes "" as end of input and refuses all after it
                return
            for event in parser.feed(text):
                self.process_message(event)

        try:
            while not self.exit_event.is_set() and not self.guard.lost.is_set():
                ready = selector.select(0.1)
                if not ready:
                    if decoder.getstate()[0]:  # a lone non-UTF-8 byte waiting for more
                        feed(decoder.decode(b"", final=True))
                        decoder.reset()
                    for event in parser.tick():
                        self.process_message(event)
                    continue
                try:
                    data = os.read(self.fileno, 4096)
                except InterruptedError:
                    continue
                except OSError as error:
                    if error.errno in (errno.EAGAIN, errno.EWOULDBLOCK):
                        continue
                    self.guard.terminal_lost(f"read failed ({error.strerror})")
                    break
                if not data:
                    if is_tty:
                        self.guard.terminal_lost("end of input")
                    else:
                        # Piped or /dev/null input ended: keep running without keys, no spinning.
                        selector.unregister(self.fileno)
                        self.exit_event.wait()
                    break
                feed(decoder.decode(data))
                for event in parser.tick():
                    self.process_message(event)
        finally:
            selector.close()
            with contextlib.suppress(EOFError, ParseError):
                for _event in parser.feed(""):
                    pass


def driver_for(app: App, stock: type[Driver]) -> type[Driver]:
    """The driver class to run `app` with: ours wherever the stock one is the Linux driver."""
    return TutorDriver if stock is LinuxDriver else stock
