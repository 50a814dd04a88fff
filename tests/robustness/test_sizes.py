"""Every screen at 40×12, 80×24, 120×40 and 250×80, and resized while a demo runs: no crash; below
80×24 the notice covers the app; at 80×24 the focused control is on screen and the footer shows
the step's keys.
"""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets import Footer, Static

from lessons import LESSONS, DemoStep
from tests.robustness.helpers import LONG
from tests.screen import screen_text
from tutor import textual_private
from tutor.app import GDTutorApp
from tutor.screens.help import HelpScreen
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.too_small import TooSmallScreen

SIZES = [(40, 12), (80, 24), (120, 40), (250, 80)]

TARGETS = [
    "home",
    "help",
    "playground",
    *[f"{lesson.number}/{index}" for lesson in LESSONS for index in range(len(lesson.steps))],
]
GROUPS = {
    "screens": ["home", "help", "playground"],
    **{
        f"lesson{lesson.number}": [t for t in TARGETS if t.startswith(f"{lesson.number}/")]
        for lesson in LESSONS
    },
}


async def show(app: GDTutorApp, pilot, target: str) -> None:
    """Put `target` on screen (under the size notice, when the terminal is too small)."""
    if target.count("/") == 1 and isinstance(app.screen, LessonScreen):
        number, index = (int(part) for part in target.split("/"))
        if app.screen.lesson is LESSONS[number - 1]:
            app.screen.index = index
            await pilot.pause()
            return
    for _ in range(5):
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await pilot.pause()
        if len(app.screen_stack) == 1:
            break
    if target == "help":
        app.push_screen(HelpScreen())
    elif target == "playground":
        app.open_playground()
    elif target != "home":
        number, index = (int(part) for part in target.split("/"))
        app.open_lesson(LESSONS[number - 1], index)
    await pilot.pause()


def sizes_for(target: str) -> list[tuple[int, int]]:
    """Long runs: every size everywhere. Default: the notice on every other step and the large
    sizes on every fifth, so that each kind of step meets each size within the time budget."""
    index = int(target.split("/")[1]) if "/" in target else 0
    if LONG or index % 5 == 0:
        return SIZES
    return [(40, 12)] if index % 2 else []


def main_screen(app: GDTutorApp):
    """The screen under the size notice, if it is showing."""
    stack = app.screen_stack
    return stack[-2] if isinstance(stack[-1], TooSmallScreen) and len(stack) > 1 else stack[-1]


def check_size(app: GDTutorApp, target: str, width: int, height: int) -> None:
    assert textual_private.crash(app) is None
    assert app.size == (width, height)
    too_small = width < 80 or height < 24
    assert isinstance(app.screen, TooSmallScreen) == too_small, (target, width, height)
    if too_small:
        notice = str(app.screen.query_one(Static).render())
        assert "80×24" in notice and f"{width}×{height}" in notice
    else:
        assert len(screen_text(app).splitlines()) == height


def check_focus_on_screen(app: GDTutorApp, target: str) -> None:
    """At 80×24 the control that takes the step's keys has room and lies inside the screen."""
    focused = app.focused
    assert focused is not None, f"{target}: nothing has focus, so no key reaches a control"
    region = focused.region
    assert region.area > 0, f"{target}: {focused!r} has no room"
    assert Region(0, 0, 80, 24).contains_region(region), (target, focused, region)


@pytest.mark.parametrize("group", list(GROUPS))
async def test_every_screen_at_every_size(group: str) -> None:
    """Each screen is shown at 80×24 (focus checked), then taken through the other sizes."""
    app = GDTutorApp(seed=2, demos_start_paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for target in GROUPS[group]:
            await show(app, pilot, target)
            check_size(app, target, 80, 24)
            check_focus_on_screen(app, target)
            for width, height in sizes_for(target):
                if (width, height) == (80, 24):
                    continue
                await pilot.resize_terminal(width, height)
                await pilot.pause()
                check_size(app, target, width, height)
            if app.size != (80, 24):
                await pilot.resize_terminal(80, 24)
                await pilot.pause()
            check_size(app, target, 80, 24)
            assert main_screen(app) is app.screen
    assert textual_private.crash(app) is None


def _footer_targets() -> list[str]:
    """Long runs read every footer; the default reads the ones with the most keys to fit."""
    if LONG:
        return TARGETS
    busy = [
        f"{lesson.number}/{index}"
        for lesson in LESSONS
        for index, step in enumerate(lesson.steps)
        if isinstance(step, DemoStep) or (index == 1 and lesson.number == 3)
    ]
    return ["home", "playground", *busy]


FOOTER_TARGETS = _footer_targets()


def footer_line(app: GDTutorApp) -> str:
    footer = app.screen.query_one(Footer)
    lines = screen_text(app).splitlines()
    return lines[footer.region.y]


def hidden_keys(app: GDTutorApp) -> list[str]:
    """Descriptions of the keys the footer should show but cannot fit."""
    line = footer_line(app)
    missing = []
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.show and binding.description and binding.description not in line:
            missing.append(binding.description)
    return missing


async def test_at_80x24_the_footer_shows_every_key_of_every_step() -> None:
    app = GDTutorApp(seed=2, demos_start_paused=True)
    problems = []
    async with app.run_test(size=(80, 24)) as pilot:
        for target in FOOTER_TARGETS:
            await show(app, pilot, target)
            await pilot.pause()  # the footer follows the focused widget's bindings
            if isinstance(app.screen, HomeScreen | LessonScreen) or target == "playground":
                missing = hidden_keys(app)
                if missing:
                    problems.append(f"{target}: {', '.join(missing)}")
    assert problems == [], "\n".join(problems)


async def test_resizing_while_a_demo_runs() -> None:
    """The live network demo keeps training while the terminal is resized through every size."""
    from tutor.widgets.demo_view import DemoView

    lesson = LESSONS[-1]
    index = max(i for i, step in enumerate(lesson.steps) if isinstance(step, DemoStep))
    app = GDTutorApp(seed=2, demos_start_paused=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(lesson, index)
        await pilot.pause(0.2)
        view = app.screen.query_one(DemoView)
        if not view.playing:
            view.action_toggle_play()
        rounds = 6 if LONG else 1
        for _ in range(rounds):
            for width, height in [*SIZES, (81, 25), (79, 23), (100, 30)]:
                await pilot.resize_terminal(width, height)
                await pilot.pause(0.05)
                assert textual_private.crash(app) is None
        assert view.steps_taken > 0
        assert isinstance(main_screen(app), LessonScreen)
        assert not isinstance(app.screen, TooSmallScreen)
    assert textual_private.crash(app) is None
