"""Killing the tutor — hard, or politely from a terminal — loses at most the write in flight.

These run real processes: a saver killed with SIGKILL while it writes attempts as fast as it can,
and `gd-tutor` itself in a pseudo-terminal, sent SIGTERM, SIGINT or SIGHUP while a lesson is open.
"""

from __future__ import annotations

import fcntl
import os
import random
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from lessons import LESSONS, QuizStep
from tests.robustness.helpers import LONG
from tutor.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[2]

SAVER = """
import sys
from pathlib import Path
from tutor.progress import ProgressStore

store = ProgressStore(Path(sys.argv[1]))
assert store.notice is None, store.notice
i = 0
while True:
    store.record_attempt("l", "s", "dz", str(i), i, "wrong", "sign", i % 3)
    if i % 10 == 0:
        store.complete_step("l", f"step-{i}")
    print(i, flush=True)
    i += 1
"""


def env_for(home: Path) -> dict[str, str]:
    return {
        "GD_TUTOR_HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


def kill_while_saving(path: Path, after: int) -> int:
    """Run the saver, SIGKILL it after `after` confirmed writes; return the last confirmed index."""
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env_for(path.parent),
        cwd=ROOT,
        text=True,
    )
    assert saver.stdout is not None
    last = -1
    try:
        for line in saver.stdout:
            last = int(line)
            if last >= after:
                break
        saver.send_signal(signal.SIGKILL)  # no handler can run: the write in flight is cut
        # A write commits in well under a millisecond, so the saver may have confirmed more
        # writes than were read by the time the kill lands: the pipe still holds them.
        for line in saver.stdout:
            last = int(line)
    finally:
        saver.kill()
        saver.wait(timeout=30)
    assert saver.returncode == -signal.SIGKILL, saver.stderr.read() if saver.stderr else ""
    return last


@pytest.mark.parametrize("seed", range(12 if LONG else 2))
def test_sigkill_while_saving_loses_at_most_the_write_in_flight(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "progress.sqlite3"
    rng = random.Random(seed)
    confirmed_before = -1
    for _round in range(3):  # kill, reopen, and kill again on top of what survived
        start = len(ProgressStore(path).attempts()) if path.exists() else 0
        last = kill_while_saving(path, after=rng.randrange(50, 400))
        confirmed_before = start + last

        store = ProgressStore(path)

        assert store.notice is None, store.notice
        assert not store.in_memory
        typed = [int(a.typed) for a in store.attempts()]
        count = len(typed)
        # Every confirmed write is there; at most the one in flight (confirmed or not) is extra.
        assert confirmed_before + 1 <= count <= confirmed_before + 2
        # Writes are whole and in order: each run restarts its numbering at 0.
        assert typed[start:] == list(range(count - start))
        steps = store.completed_steps("l")
        assert {f"step-{i}" for i in range(0, count - start - 1, 10)} <= steps
        store.close()


# -- gd-tutor in a pseudo-terminal -----------------------------------------------------------------

LEAVE_ALT_SCREEN = b"\x1b[?1049l"
ENTER_ALT_SCREEN = b"\x1b[?1049h"
CONTROL_SEQUENCE = re.compile(rb"\x1b\[[0-9;?<>=]*[A-Za-z~]")


class Terminal:
    """A pseudo-terminal running `python -m tutor`, read as a terminal emulator would read it."""

    def __init__(self, home: Path, size: tuple[int, int] = (100, 30)) -> None:
        self.master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tutor"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env_for(home),
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.output = b""

    def read(self, seconds: float) -> bool:
        """Collect output for a while; False once the other side has closed."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return False
                if not data:
                    return False
                self.output += data
        return True

    def wait_for(self, text: bytes, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while text not in self.output and time.monotonic() < end:
            if not self.read(0.1):
                break
        assert text in self.output, self.output[-2000:]

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self, timeout: float = 30) -> int:
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.read(0.1):
            pass
        try:
            return self.process.wait(timeout=max(1.0, end - time.monotonic()))
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def wait_until(condition, timeout: float = 20, terminal: Terminal | None = None) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        if terminal is not None:
            terminal.read(0.1)
        else:
            time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_exits_cleanly_restores_the_terminal_and_keeps_progress(
    isolated_home: Path, signame: str
) -> None:
    path = isolated_home / "progress.sqlite3"
    store = ProgressStore(path)
    earlier = LESSONS[1]
    store.complete_step(earlier.slug, earlier.steps[0].id)
    store.record_attempt(earlier.slug, earlier.steps[0].id, "dz", "0.25", 0.25, "correct")
    store.close()
    lesson = LESSONS[0]
    first = lesson.steps[0]

    terminal = Terminal(isolated_home)
    try:
        terminal.wait_for(lesson.title.encode())
        terminal.type(b"1")  # open lesson 1
        terminal.wait_for(b"step 1 of")
        terminal.type(b"n")  # move on: the first step is completed and saved
        if not isinstance(first, QuizStep):
            assert wait_until(
                lambda: first.id in ProgressStore(path).completed_steps(lesson.slug),
                terminal=terminal,
            )
        terminal.read(0.3)  # let a live demo on the next step draw a few frames
        terminal.process.send_signal(getattr(signal, signame))
        status = terminal.finish()
    finally:
        terminal.kill()

    assert status == 0, terminal.output[-2000:]
    output = terminal.output
    assert ENTER_ALT_SCREEN in output
    assert output.rfind(LEAVE_ALT_SCREEN) > output.rfind(ENTER_ALT_SCREEN)
    tail = output[output.rfind(LEAVE_ALT_SCREEN) :]
    assert CONTROL_SEQUENCE.sub(b"", tail).strip() == b"", tail  # nothing printed after leaving
    assert b"Traceback" not in output

    after = ProgressStore(path)
    assert after.notice is None
    assert after.completed_steps(earlier.slug) == {earlier.steps[0].id}
    assert [a.typed for a in after.attempts(earlier.slug)] == ["0.25"]
    if not isinstance(first, QuizStep):
        assert first.id in after.completed_steps(lesson.slug)
