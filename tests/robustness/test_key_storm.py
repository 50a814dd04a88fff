"""A seeded storm of key presses on every screen and every lesson step never breaks the tutor.

The storm includes Escape, Tab, Enter, Space, letters, digits, arrows and ctrl combinations, queued
faster than a person can type. It may wander between screens (Escape goes home, digits open
lessons); that is part of the test. Afterwards the app must still be running and answer `?`.
"""

from __future__ import annotations

import random

import pytest
from textual.widgets import Input

from lessons import LESSONS, QuizStep
from tests.robustness.helpers import LONG, STORM_KEYS, storm, wrong_answer
from tutor import textual_private
from tutor.app import GDTutorApp
from tutor.screens.help import HelpScreen
from tutor.screens.home import HomeScreen
from tutor.screens.too_small import TooSmallScreen
from tutor.widgets.quiz_card import QuizCard

#: Every screen gets its own storm; the default is bounded so the suite stays fast on 2 cores.
KEYS_PER_SCREEN = 3000 if LONG else 40

#: Long runs storm every lesson step; the default storms every third one (a different third in
#: each lesson) so the suite stays fast, and the walk-through and size tests visit all of them.
STEP_STRIDE = 1 if LONG else 3

TARGETS = [
    "home",
    "help",
    "playground",
    *[
        f"{lesson.number}/{index}"
        for lesson in LESSONS
        for index in range(len(lesson.steps))
        if index % STEP_STRIDE == lesson.number % STEP_STRIDE
    ],
]


async def open_target(app: GDTutorApp, pilot, target: str) -> bool:
    """Show the screen a storm starts on; False when it does not exist (yet)."""
    for _ in range(10):  # keys still queued from the last storm may push a screen meanwhile
        while len(app.screen_stack) > 1:
            app.pop_screen()
        await pilot.pause()
        if len(app.screen_stack) == 1:
            break
    assert isinstance(app.screen, HomeScreen), app.screen_stack
    if target == "help":
        await pilot.press("question_mark")
    elif target == "playground":
        try:
            app.open_playground()
        except ImportError:
            return False
    elif target != "home":
        number, index = target.split("/")
        app.open_lesson(LESSONS[int(number) - 1], int(index))
    await pilot.pause()
    return True


async def answers_help(app: GDTutorApp, pilot) -> None:
    """Whatever the storm left behind, `?` still opens help once no text box has the keys."""
    for _ in range(4):
        if isinstance(app.screen, HelpScreen | TooSmallScreen):
            await pilot.press("escape")
        elif isinstance(app.focused, Input):
            app.screen.set_focus(None)  # a learner would click away or press Esc
            await pilot.pause()
        else:
            break
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen), type(app.screen).__name__
    await pilot.press("escape")
    assert not isinstance(app.screen, HelpScreen)


GROUPS = {
    "screens": ["home", "help", "playground"],
    **{
        f"lesson{lesson.number}": [t for t in TARGETS if t.startswith(f"{lesson.number}/")]
        for lesson in LESSONS
    },
}


@pytest.mark.parametrize("group", list(GROUPS))
async def test_a_key_storm_on_every_screen_leaves_the_tutor_working(group: str) -> None:
    app = GDTutorApp(seed=5, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for target in GROUPS[group]:
            if not await open_target(app, pilot, target):
                continue
            rng = random.Random(f"storm/{target}")
            keys = [rng.choice(STORM_KEYS) for _ in range(KEYS_PER_SCREEN)]
            await storm(app, pilot, keys, batch=50)
            await answers_help(app, pilot)
    assert textual_private.crash(app) is None


async def test_hint_then_next_step_before_a_redraw() -> None:
    """Enter (a wrong answer), h, n typed faster than one redraw: the card is gone when the hint
    scrolls into view."""
    lesson = LESSONS[0]
    index = next(i for i, step in enumerate(lesson.steps) if isinstance(step, QuizStep))
    app = GDTutorApp(seed=1, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(lesson, index)
        await pilot.pause()
        card = app.screen.query_one(QuizCard)
        card.answer_box.focus()
        assert card.session is not None and card.session.current is not None
        card.answer_box.value = wrong_answer(card.session.current)
        await pilot.press("enter")  # a wrong answer: focus moves to the card, where h gives a hint
        assert card._last is not None and card._last.feedback.status != "invalid"
        assert app.focused is card
        await storm(app, pilot, ["h", "n"])  # both queued before the next redraw
        assert app.screen.index == index + 1
