"""Drive the real tutor in a real terminal: `python -m tutor` on a pseudo-terminal, read through a
VT emulator (pyte), keys sent as the bytes a terminal sends.

Pilot tests hand Textual ready-made key events; this goes through everything a learner's terminal
does: the pty, Textual's input thread and escape-sequence parser, its event queue and its output.
The process is started by `benchmarks/ui.py`'s `Terminal` (shared, not copied); this module adds a
screen to read, keys by name, and waiting that never asserts on time (a bound, not a measurement).
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import pyte
from wcwidth import wcwidth

from benchmarks.ui import Terminal

#: Bytes a terminal sends for the keys the tests press, by Textual key name.
KEY_BYTES: dict[str, bytes] = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "shift+tab": b"\x1b[Z",
    "backspace": b"\x7f",
    "space": b" ",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~",
    "delete": b"\x1b[3~",
    "ctrl+p": b"\x10",
    "ctrl+q": b"\x11",
    "ctrl+u": b"\x15",
    "question_mark": b"?",
    # A Latin-1 terminal's ² and é: not UTF-8 (tutor/terminal.py reads them leniently).
    "latin1-superscript-two": b"\xb2",
    "latin1-e-acute": b"\xe9",
}

#: Long enough for a cold start on a loaded two-core machine; a bound on waiting only.
START_TIMEOUT = 60.0
WAIT_TIMEOUT = 30.0


def key_bytes(key: str) -> bytes:
    """What a terminal sends for `key` (a Textual key name, or one character)."""
    if key in KEY_BYTES:
        return KEY_BYTES[key]
    if key.startswith("ctrl+") and len(key) == 6:
        return bytes([ord(key[-1]) - ord("a") + 1])
    return key.encode()


def screen_lines(screen: pyte.Screen) -> list[str]:
    """A pyte screen's lines as plain text.

    Not `pyte.Screen.display`: after a wide character (the palette's 🔎) is overwritten by a
    narrow one, the empty stub cell pyte kept beside it makes `display` raise IndexError (pyte
    0.8.2). Here a stub adds nothing after a wide character (it is that character's second cell)
    and is a blank anywhere else, as a terminal shows it.
    """
    lines = []
    for y in range(screen.lines):
        row = screen.buffer[y]
        cells = [row[x].data for x in range(screen.columns)]
        lines.append(
            "".join(
                cell or ("" if x and cells[x - 1] and wcwidth(cells[x - 1][0]) == 2 else " ")
                for x, cell in enumerate(cells)
            )
        )
    return lines


class LearnerTerminal(Terminal):
    """The tutor on a pty of `columns`×`rows`, with the screen it draws kept by a VT emulator."""

    def __init__(
        self,
        args: Iterable[str] = (),
        *,
        home: Path,
        columns: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
    ) -> None:
        self.screen = pyte.Screen(columns, rows)
        self.stream = pyte.ByteStream(self.screen)
        # A storm may run the palette's "save screenshot": keep such files out of the checkout.
        self.cwd = Path(tempfile.mkdtemp(prefix="gd-tutor-pty-"))
        super().__init__(list(args), columns, rows, str(home), cwd=self.cwd, env=env)
        self.exit_status: int | None = None

    def pump(self, timeout: float) -> bool:
        """Read what the app drew within `timeout` seconds into the screen; False once it ended."""
        alive = super().pump(timeout)
        if self.chunks:
            for _, data in self.chunks:
                self.stream.feed(data)
            self.chunks.clear()
            self.buffer = b""
        return alive and self.running()

    def running(self) -> bool:
        if self.exit_status is not None:
            return False
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            self.exit_status = -1
            return False
        if pid == 0:
            return True
        self.exit_status = os.waitstatus_to_exitcode(status)
        return False

    # -- reading ----------------------------------------------------------------------------------

    def lines(self) -> list[str]:
        return screen_lines(self.screen)

    def text(self) -> str:
        """The whole screen as lines of plain text."""
        return "\n".join(line.rstrip() for line in self.lines())

    def line_with(self, marker: str) -> str | None:
        """The first screen line that contains `marker`, stripped."""
        for line in self.lines():
            if marker in line:
                return line.strip()
        return None

    def answer_text(self) -> str | None:
        """What the quiz card's answer box shows (None when no answer box is on screen)."""
        line = self.line_with("Answer ›")
        if line is None:
            return None
        return line.split("Answer ›", 1)[1].strip()

    def wait_until(self, condition: Callable[[], bool], timeout: float = WAIT_TIMEOUT) -> bool:
        """Pump until `condition()` holds on the screen; False if it never did or the app ended."""
        deadline = time.monotonic() + timeout
        while True:
            if condition():
                # Let the frame that satisfied it finish arriving.
                self.pump(0.02)
                return True
            if time.monotonic() > deadline:
                return condition()
            if not self.pump(0.02):
                # The app closed the terminal; its process may take a moment more to end.
                end = time.monotonic() + 5
                while not condition() and time.monotonic() < end:
                    time.sleep(0.05)
                return condition()

    def wait_for_text(self, text: str, timeout: float = WAIT_TIMEOUT) -> bool:
        return self.wait_until(lambda: text in self.text(), timeout)

    def settle(self, quiet: float = 0.3, timeout: float = WAIT_TIMEOUT) -> None:
        """Pump until the app has drawn nothing for `quiet` seconds (or `timeout` passed)."""
        deadline = time.monotonic() + timeout
        last = self.text()
        calm_since = time.monotonic()
        while time.monotonic() < deadline and self.pump(0.02):
            now = self.text()
            if now != last:
                last, calm_since = now, time.monotonic()
            elif time.monotonic() - calm_since >= quiet:
                return

    # -- typing -----------------------------------------------------------------------------------

    def press(self, *keys: str, gap: float = 0.0) -> None:
        """Send keys by name; `gap` seconds between them (0: all in one write, a burst)."""
        if gap <= 0:
            self.send(b"".join(key_bytes(k) for k in keys))
            self.pump(0.0)
            return
        for key in keys:
            self.send(key_bytes(key))
            end = time.monotonic() + gap
            while time.monotonic() < end and self.pump(max(0.0, end - time.monotonic())):
                pass

    def type(self, text: str, gap: float = 0.0) -> None:
        """Type `text` character by character (`gap` apart) or, with gap 0, as one burst."""
        if gap <= 0:
            self.send(text.encode())
            self.pump(0.0)
        else:
            self.press(*text, gap=gap)

    def answers_help(self) -> bool:
        """Go back home from wherever a storm left the app, then check that `?` opens help.

        Esc closes the palette or help, shows a quiz's keys (a second Esc leaves the lesson) and
        leaves a lesson or the playground; on the lesson list it does nothing. A palette that a
        late ctrl+p opens only now takes the `?` as text: then the next round closes it.
        False at once when the app has ended (see `exit_status`).
        """
        for _ in range(5):
            for _ in range(3):
                if not self.running():
                    return False
                self.press("escape")
                self.settle(0.15, timeout=5)
            self.press("question_mark")
            if self.wait_for_text("Everywhere", timeout=8):  # help's first section
                return True
        return False

    def close(self) -> None:
        if self.running():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and self.pump(0.05):
                pass
        with contextlib.suppress(OSError):
            os.close(self.fd)
        if self.exit_status is None:
            with contextlib.suppress(ChildProcessError):
                _, status = os.waitpid(self.pid, 0)
                self.exit_status = os.waitstatus_to_exitcode(status)

    def __enter__(self) -> LearnerTerminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
