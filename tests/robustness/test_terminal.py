"""The process always ends, and no terminal input or environment takes it down.

Real runs of `python -m tutor` in pseudo-terminals (the pty code of benchmarks/ui.py, and the
session-less terminal of test_process_kill.py for a terminal whose SIGHUP never arrives): the
terminal is closed at random moments, before, during and after the first frame; a Latin-1 byte is
typed; absurd sizes are put in the environment. Plus the pieces of tutor/terminal.py on their own.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import statistics
import threading
import time
from pathlib import Path

import pytest

from benchmarks.ui import Terminal as HangupTerminal
from benchmarks.ui import plain
from tests.robustness.helpers import LONG
from tests.robustness.test_process_kill import Terminal as DetachedTerminal
from tutor import terminal

HOME_MARKER = b"Overall:"
ALT_SCREEN = b"\x1b[?1049h"


# -- the pieces -----------------------------------------------------------------------------------


def test_input_that_is_not_utf8_is_read_as_latin1() -> None:
    decoder = terminal.lenient_decoder()
    assert decoder.decode(b"2\xb2") == "2²"
    assert decoder.decode(b"\x85") == "\ufffd"  # a C1 control byte: shown, never a crash
    assert decoder.decode("é".encode()) == "é"  # UTF-8 still UTF-8
    assert decoder.decode(b"\xe9") == ""  # could start a UTF-8 sequence: waits for more…
    assert decoder.decode(b"a") == "éa"  # …and is Latin-1 when none follows
    assert decoder.decode(b"\xc3") == ""
    assert decoder.decode(b"", final=True) == "Ã"


@pytest.mark.parametrize(
    ("columns", "lines", "kept"),
    [
        ("100000", "100000", False),
        ("abc", "24", False),
        ("-5", "24", False),
        ("0", "0", False),
        ("٨٠", "24", False),
        ("9" * 30, "24", False),
        ("80", "24", True),
        ("1000", "500", True),
    ],
)
def test_absurd_sizes_in_the_environment_are_dropped_with_a_note(
    columns: str, lines: str, kept: bool
) -> None:
    environ = {"COLUMNS": columns, "LINES": lines, "OTHER": "x"}
    note = terminal.sanitize_size_environment(environ)
    if kept:
        assert note is None and environ["COLUMNS"] == columns and environ["LINES"] == lines
    else:
        assert note is not None and "Ignored" in note
        assert "COLUMNS" not in environ or environ["COLUMNS"] != columns or "LINES" not in environ
    assert environ["OTHER"] == "x"


def test_sizes_are_clamped(monkeypatch: pytest.MonkeyPatch) -> None:
    assert terminal.clamp_size(100_000, 100_000) == (terminal.MAX_COLUMNS, terminal.MAX_LINES)
    assert terminal.clamp_size(0, -3) == (1, 1)
    monkeypatch.setenv("COLUMNS", "100000")
    monkeypatch.setenv("LINES", "30")
    assert terminal.terminal_size(fds=()) == (terminal.MAX_COLUMNS, 30)
    monkeypatch.setenv("COLUMNS", "junk")
    assert terminal.terminal_size(fds=()) == (80, 30)


# -- real terminals -------------------------------------------------------------------------------


class Launch:
    """`python -m tutor` on a pty, with or without the pty as its controlling terminal."""

    def __init__(self, home: Path, hangup: bool) -> None:
        self.hangup = hangup
        if hangup:  # pty.fork: closing the terminal sends SIGHUP
            self.term = HangupTerminal([], 100, 30, str(home))
            self.pid, self.fd = self.term.pid, self.term.fd
        else:  # a new session with no controlling terminal: no SIGHUP ever arrives
            self.detached = DetachedTerminal(home)
            self.pid, self.fd = self.detached.process.pid, self.detached.master
        self.output = b""
        self.status: int | None = None
        self.open = True

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while self.open and time.monotonic() < end:
            if self.hangup:
                if not self.term.pump(0.02):
                    return
                self.output = self.term.buffer
            else:
                if not self.detached.read(0.02):
                    return
                self.output = self.detached.output

    def wait_for(self, marker: bytes, timeout: float = 30) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.alive():
            if marker in plain(self.output) or marker in self.output:
                return True
            self.pump(0.05)
        return marker in plain(self.output) or marker in self.output

    def type(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(self.fd, data)

    def close_terminal(self) -> None:
        self.open = False
        with contextlib.suppress(OSError):
            os.close(self.fd)

    def alive(self) -> bool:
        if self.status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.status = os.waitstatus_to_exitcode(status)
        return False

    def wait_exit(self, timeout: float) -> float | None:
        """Seconds until the process ended, or None if it was still running after `timeout`."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if not self.alive():
                return time.monotonic() - start
            time.sleep(0.02)
        return None

    def kill(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
        if self.open:
            self.close_terminal()


def one_close(home: Path, seed: int) -> tuple[str, float | None, bytes]:
    """Launch, close the terminal at a moment chosen by `seed`, return how long the exit took."""
    rng = random.Random(seed)
    hangup = seed % 2 == 0
    when = ["any moment", "after the first frame", "in a lesson"][(seed // 2) % 3]
    launch = Launch(home, hangup)
    try:
        if when == "any moment":
            launch.pump(rng.uniform(0.0, 2.5))
        else:
            launch.wait_for(ALT_SCREEN if when == "after the first frame" else HOME_MARKER)
            if when == "in a lesson":
                launch.type(b"1")
                launch.pump(rng.uniform(0.0, 1.0))
                launch.type(b"n")
                launch.pump(rng.uniform(0.0, 0.5))
        launch.close_terminal()
        took = launch.wait_exit(timeout=20)
        label = f"{'SIGHUP' if hangup else 'no SIGHUP'}, {when}"
        return label, took, launch.output[-500:]
    finally:
        launch.kill()


def close_many(tmp_path: Path, launches: int) -> None:
    results: list[tuple[str, float | None, bytes]] = []
    lock = threading.Lock()

    def run(seeds: list[int]) -> None:
        for seed in seeds:
            home = tmp_path / f"home-{seed}"
            outcome = one_close(home, seed)
            with lock:
                results.append(outcome)

    workers = [
        threading.Thread(target=run, args=(list(range(start, launches, 4)),)) for start in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    left = [(label, tail) for label, took, tail in results if took is None]
    assert not left, f"{len(left)} of {launches} processes outlived their terminal: {left[:3]}"
    times = sorted(took for _, took, _ in results if took is not None)
    print(
        f"\n{launches} launches, terminal closed: exit after median {statistics.median(times):.2f}"
        f" s, slowest {times[-1]:.2f} s"
    )
    for label in sorted({label for label, _, _ in results}):
        mine = [took for other, took, _ in results if other == label and took is not None]
        print(f"  {label}: {', '.join(f'{t:.2f}' for t in sorted(mine))}")


def test_the_process_ends_when_its_terminal_closes_at_any_moment(tmp_path: Path) -> None:
    close_many(tmp_path, 20)


@pytest.mark.slow
@pytest.mark.skipif(not LONG, reason="long run: GD_TUTOR_LONG_TESTS=1")
def test_the_process_ends_when_its_terminal_closes_100_launches(tmp_path: Path) -> None:
    close_many(tmp_path, 100)


def test_a_latin1_byte_from_the_terminal_does_not_end_the_app(tmp_path: Path) -> None:
    launch = Launch(tmp_path / "home", hangup=True)
    try:
        assert launch.wait_for(HOME_MARKER)
        launch.type(b"\xb2\xe9\x85")
        launch.pump(0.5)
        assert launch.alive()
        launch.type(b"?")
        assert launch.wait_for(b"Quizzes"), launch.output[-1000:]
        launch.type(b"\x1b")
        launch.pump(0.5)
        launch.type(b"q")
        assert launch.wait_exit(timeout=20) is not None
        assert launch.status == 0
        assert b"Traceback" not in launch.output and b"UnicodeDecodeError" not in launch.output
    finally:
        launch.kill()


@pytest.mark.parametrize("value", ["100000", "junk"])
def test_absurd_sizes_in_a_real_terminal_are_ignored_with_a_message(
    tmp_path: Path, value: str
) -> None:
    term = HangupTerminal(
        [], 80, 24, str(tmp_path / "home"), env={"COLUMNS": value, "LINES": value}
    )
    try:
        assert term.wait_for(HOME_MARKER, timeout=30) is not None, term.buffer[-1000:]
        end = time.monotonic() + 10
        while b"Ignored" not in plain(term.buffer) and time.monotonic() < end:
            term.pump(0.05)
        assert b"Ignored" in plain(term.buffer)
        current, _peak = term.rss_mb()
        assert current < 1000, f"{current:.0f} MB"
        os.write(term.fd, b"q")
        end = time.monotonic() + 20
        while time.monotonic() < end and term.pump(0.05):
            pass
        _pid, status = os.waitpid(term.pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        with contextlib.suppress(ProcessLookupError, ChildProcessError):
            os.kill(term.pid, signal.SIGKILL)
            os.waitpid(term.pid, 0)
        with contextlib.suppress(OSError):
            os.close(term.fd)
