"""A learner walks every lesson end to end through the keyboard, on several seeds.

Every step is left with n; every quiz part is first answered with one of its listed mistakes (or a
plainly wrong value) to see the diagnosis, then with the engine's own value read from the quiz the
card is showing. At the end every lesson is complete in the store and the home screen says 100%.
"""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from engine.answers import format_shape
from lessons import LESSONS, QuizStep
from lessons.quiz import Question, expected_text
from tests.robustness.helpers import LONG, submit, wrong_answer
from tutor import textual_private
from tutor.app import GDTutorApp
from tutor.progress import ProgressStore
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen
from tutor.widgets.quiz_card import QuizCard

#: Every seed draws different quiz numbers. Long runs walk every step on eight seeds; the default
#: walks every step on the first seed and masters every quiz (the part that depends on the seed)
#: on two more, since each full walk costs about fifteen seconds on 2 cores.
FULL_WALK_SEEDS = range(8) if LONG else range(1)
QUIZ_SEEDS = () if LONG else range(1, 3)


def mistaken_answer(question: Question) -> tuple[str, str | None]:
    """Text for the question's first listed mistake and the message it should bring, if any."""
    for mistake in question.mistakes:
        if question.kind == "choice":
            keys = [key for key, _ in question.choices]
            return str(keys.index(mistake.value) + 1), mistake.message
        if question.kind == "shape":
            return format_shape(tuple(mistake.value)), mistake.message
        return repr(float(mistake.value)), mistake.message
    return wrong_answer(question), None


async def master_quiz(app: GDTutorApp, card: QuizCard) -> None:
    session = card.session
    assert session is not None, card.error
    while not session.finished:
        question = session.current
        assert question is not None
        wrong, diagnosis = mistaken_answer(question)
        shown = await submit(app, card, wrong)
        status = card._last.feedback.status
        assert status in {"mistake", "wrong", "close"}, (question.label, wrong, shown)
        assert shown.startswith("You entered"), shown
        if diagnosis is not None:
            assert status == "mistake", (question.label, wrong, card._last.feedback)
            assert diagnosis in shown
        part = session.part_index
        shown = await submit(app, card, expected_text(question))
        assert card._last.feedback.status == "correct", (question.label, shown)
        assert session.part_index == part + 1
    assert session.mastered
    status = str(card.query_one("#quiz-status", Static).render())
    assert "Mastered" in status


async def next_step(app: GDTutorApp, pilot, screen: LessonScreen) -> None:
    screen.set_focus(None)  # n belongs to the lesson, not to a text box
    await pilot.press("n")


@pytest.mark.parametrize("seed", FULL_WALK_SEEDS)
async def test_every_lesson_end_to_end(seed: int) -> None:
    app = GDTutorApp(seed=seed, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for lesson in LESSONS:
            assert isinstance(app.screen, HomeScreen)
            await pilot.press(str(lesson.number))
            screen = app.screen
            assert isinstance(screen, LessonScreen) and screen.lesson is lesson
            assert screen.index == 0
            for index, step in enumerate(lesson.steps):
                assert screen.index == index
                if isinstance(step, QuizStep):
                    await master_quiz(app, screen.query_one(QuizCard))
                await next_step(app, pilot, screen)
            assert isinstance(app.screen, HomeScreen)  # the last n ends the lesson
        overall = str(app.screen.query_one("#overall", Static).render())
        assert "100%" in overall
        options = app.screen.query_one("#lesson-list", OptionList)
        for lesson in LESSONS:
            label = str(options.get_option(f"lesson-{lesson.number}").prompt)
            assert f"{len(lesson.steps)}/{len(lesson.steps)} steps" in label
    store = ProgressStore(app.progress.path)
    for lesson in LESSONS:
        assert store.completed_steps(lesson.slug) == {step.id for step in lesson.steps}
    assert textual_private.crash(app) is None


@pytest.mark.parametrize("seed", QUIZ_SEEDS)
async def test_every_quiz_mastered_on_other_seeds(seed: int) -> None:
    app = GDTutorApp(seed=seed, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        for lesson in LESSONS:
            quizzes = [i for i, step in enumerate(lesson.steps) if isinstance(step, QuizStep)]
            if not quizzes:
                continue
            app.open_lesson(lesson, quizzes[0])
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            for index in quizzes:
                screen.index = index
                await pilot.pause()
                await master_quiz(app, screen.query_one(QuizCard))
            await pilot.pause()  # the card's Mastered message reaches the lesson
            done = app.progress.completed_steps(lesson.slug)
            assert {lesson.steps[i].id for i in quizzes} <= done
            app.go_home()
            await pilot.pause()
    assert textual_private.crash(app) is None
