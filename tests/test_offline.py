"""The tutor never opens a network connection and never needs one.

Every test in this module runs with network sockets made to fail: creating an internet socket,
connecting any socket, or resolving a name raises, and each attempt is also recorded, so a caller
that swallows the error still fails the test. Local socket pairs (AF_UNIX) stay allowed: asyncio's
event loop wakes itself up with one, which is not network access.
"""

from __future__ import annotations

import contextlib
import io
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from lessons import LESSONS, DemoStep, QuizStep
from tests.robustness.helpers import storm
from tutor import cli, textual_private
from tutor.app import GDTutorApp
from tutor.progress import ProgressStore
from tutor.screens.help import HelpScreen
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen


class NetworkAttempt(AssertionError):
    """Raised at the point where the tutor tried to reach the network."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    attempts: list[str] = []

    def refuse(what: str) -> NetworkAttempt:
        attempts.append(what)
        return NetworkAttempt(f"the tutor tried to use the network: {what}")

    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = -1, *args: object, **kwargs: object) -> None:
            # family -1 means the default (AF_INET) unless an existing fileno is wrapped.
            wraps_fileno = kwargs.get("fileno") is not None or len(args) >= 3
            if family not in (-1, socket.AF_UNIX) or (family == -1 and not wraps_fileno):
                raise refuse(f"socket(family={family})")
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

        def connect(self, address: object) -> None:
            raise refuse(f"connect({address!r})")

        def connect_ex(self, address: object) -> int:
            raise refuse(f"connect_ex({address!r})")

    def fail(name: str):
        def blocked(*args: object, **kwargs: object) -> None:
            raise refuse(f"{name}{args!r}")

        return blocked

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, fail(name))
    yield attempts
    assert attempts == [], f"network use attempted: {attempts}"


def test_the_guard_really_refuses_network_use(no_network: list[str]) -> None:
    """Without this, a guard that never fires would make every test below pass for nothing."""
    with pytest.raises(NetworkAttempt):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with pytest.raises(NetworkAttempt):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkAttempt):
        socket.getaddrinfo("example.org", 443)
    assert len(no_network) == 3
    no_network.clear()
    left, right = socket.socketpair()  # local pipes stay allowed
    left.close()
    right.close()


async def visit_every_step(app: GDTutorApp, pilot) -> int:
    """Open each lesson from the list and go through all its steps; returns steps seen."""
    seen = 0
    for lesson in LESSONS:
        app.go_home()
        await pilot.pause()
        await pilot.press(str(lesson.number))
        assert isinstance(app.screen, LessonScreen)
        app.screen.index = 0
        await pilot.pause()
        for index, step in enumerate(lesson.steps):
            assert isinstance(app.screen, LessonScreen) and app.screen.index == index
            seen += 1
            if isinstance(step, DemoStep):
                await storm(app, pilot, ["s", "s", "s"])  # the demo takes real engine steps
            elif isinstance(step, QuizStep):
                box = app.screen.query_one("#quiz-input", Input)
                if not box.disabled:
                    box.value = "0.5"
                    await pilot.press("enter")
            if index + 1 < len(lesson.steps):
                app.screen.set_focus(None)  # n reaches the lesson whatever the step focused
                await pilot.press("n")
    return seen


async def test_every_screen_and_step_works_offline() -> None:
    app = GDTutorApp(seed=1, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        seen = await visit_every_step(app, pilot)
        assert seen == sum(len(lesson.steps) for lesson in LESSONS)
        app.go_home()
        await pilot.press("ctrl+p")  # the command palette searches locally
        await pilot.press(*"Lesson 2")
        await pilot.pause(0.2)
        await pilot.press("escape")
    assert textual_private.crash(app) is None


async def test_the_playground_works_offline() -> None:
    pytest.importorskip("tutor.screens.playground")
    app = GDTutorApp(seed=1, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("g")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlaygroundScreen"
        await pilot.press("s", "s", "space")
        await pilot.pause(0.2)
        await pilot.press("space")
    assert textual_private.crash(app) is None


def test_the_command_line_works_offline(isolated_home: Path) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["--list"]) == 0
        store = ProgressStore(isolated_home / "progress.sqlite3")
        store.complete_step(LESSONS[0].slug, LESSONS[0].steps[0].id)
        store.close()
        assert cli.main(["--reset-progress", "--yes"]) == 0
        with pytest.raises(SystemExit) as version:
            cli.main(["--version"])
        assert version.value.code == 0
        with pytest.raises(SystemExit) as shown:
            cli.main(["--help"])
        assert shown.value.code == 0
    text = out.getvalue()
    assert LESSONS[0].title in text and "Progress reset." in text and "gd-tutor" in text
    assert (
        ProgressStore(isolated_home / "progress.sqlite3").completed_steps(LESSONS[0].slug) == set()
    )
