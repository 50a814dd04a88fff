"""Nothing a learner did on a quiz is lost by moving around: the numbers, the parts answered, the
hints shown and the text in the box survive leaving the step, leaving the lesson and a restart,
until the learner asks for fresh numbers."""

from __future__ import annotations

from pathlib import Path

from lessons import LESSONS, QuizStep
from tests.pilot import card, card_text, current, right_answer, type_in
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.progress import ProgressStore
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen
from tutor.widgets.quiz_card import AnswerInput

LESSON = LESSONS[1]
INDEX = next(i for i, step in enumerate(LESSON.steps) if isinstance(step, QuizStep))
STEP = LESSON.steps[INDEX]


def seen(app: GDTutorApp) -> dict[str, object]:
    """What the learner sees of the quiz: numbers, part, answered parts, help, the box's text."""
    quiz_card = card(app)
    assert quiz_card.quiz is not None and quiz_card.session is not None
    return {
        "intro": quiz_card.quiz.intro,
        "figure": quiz_card.quiz.figure,
        "part": quiz_card.session.part_index,
        "answered": card_text(app, "#quiz-answered"),
        "help": card_text(app, "#quiz-help"),
        "text": quiz_card.query_one(AnswerInput).value,
    }


async def half_answer(app: GDTutorApp, pilot) -> dict[str, object]:
    """Part 1 right, a wrong try and a hint on part 2, and the start of a new answer typed."""
    await type_in(pilot, right_answer(current(app)))
    await type_in(pilot, "12345")
    await pilot.press("escape", "h")
    await pilot.press(*"sigmoid(")
    state = seen(app)
    assert state["part"] == 1 and "Hint 1 of 2" in str(state["help"])
    assert state["text"] == "sigmoid(" and "✓" in str(state["answered"])
    return state


async def test_leave_with_esc_come_back_and_restart_keeps_everything() -> None:
    app = GDTutorApp(demos_start_paused=True, seed=7)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(LESSON, INDEX)
        await pilot.pause()
        before = await half_answer(app, pilot)
        await pilot.press("escape", "escape")  # quiz keys, then leave the lesson
        assert isinstance(app.screen, HomeScreen)
        app.open_lesson(LESSON)  # where the learner left it
        await pilot.pause()
        assert app.screen.step.id == STEP.id
        assert seen(app) == before
        assert isinstance(app.focused, AnswerInput)
        await pilot.press(*"0.4)")  # the answer goes on where it stopped
        assert card(app).query_one(AnswerInput).value == "sigmoid(0.4)"
    restarted = GDTutorApp(demos_start_paused=True)  # another seed: only the store can help
    async with restarted.run_test(size=(80, 24)) as pilot:
        restarted.open_lesson(LESSON)
        await pilot.pause()
        assert seen(restarted) == {**before, "text": "sigmoid(0.4)"}
        assert "Hint 1 of 2" in screen_text(restarted) or "more below" in screen_text(restarted)


async def test_next_step_and_back_keeps_the_quiz() -> None:
    app = GDTutorApp(demos_start_paused=True, seed=8)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(LESSON, INDEX)
        await pilot.pause()
        before = await half_answer(app, pilot)
        await pilot.press("escape", "n")
        assert app.screen.index == INDEX + 1
        await pilot.press("p")  # a text or demo step: p is back
        assert app.screen.index == INDEX
        assert seen(app) == before


async def test_fresh_numbers_start_over_and_are_kept_in_turn() -> None:
    app = GDTutorApp(demos_start_paused=True, seed=9)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(LESSON, INDEX)
        await pilot.pause()
        before = await half_answer(app, pilot)
        await pilot.press("escape", "f")
        fresh = seen(app)
        assert fresh["figure"] != before["figure"]
        assert (fresh["part"], fresh["answered"], fresh["help"], fresh["text"]) == (0, "", "", "")
        await pilot.press("escape", "escape")
        app.open_lesson(LESSON)
        await pilot.pause()
        assert seen(app) == fresh


async def test_text_typed_just_before_quitting_is_kept(isolated_home: Path) -> None:
    app = GDTutorApp(demos_start_paused=True, seed=10)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(LESSON, INDEX)
        await pilot.pause()
        await pilot.press(*"tanh(0.2")
        await pilot.press("ctrl+q")
    restarted = GDTutorApp(demos_start_paused=True)
    async with restarted.run_test(size=(100, 30)) as pilot:
        restarted.open_lesson(LESSON)
        await pilot.pause()
        assert card(restarted).query_one(AnswerInput).value == "tanh(0.2"


async def test_a_saved_state_that_no_longer_fits_gives_fresh_numbers_and_says_so(
    isolated_home: Path,
) -> None:
    store = ProgressStore(isolated_home / "progress.sqlite3")
    store.save_quiz_state(
        LESSON.slug, STEP.id, {"version": 1, "rng": {"bit_generator": "PCG64"}, "text": "x"}
    )
    store.close()
    app = GDTutorApp(demos_start_paused=True, seed=11)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(LESSON, INDEX)
        await pilot.pause()
        assert card(app).session is not None and card(app).session.part_index == 0
        assert "could not be brought back" in card_text(app, "#quiz-status")
        assert card(app).query_one(AnswerInput).value == ""
        assert isinstance(app.screen, LessonScreen)
