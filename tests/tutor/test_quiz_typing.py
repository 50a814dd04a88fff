"""Answers typed faster than anything else happens (or sent at once by a terminal) arrive whole,
in order, whatever came before them: keys are queued as one burst, as a terminal delivers them."""

from __future__ import annotations

from textual.widgets import Static

from lessons import LESSONS, QuizStep
from tests.pilot import card
from tests.robustness.helpers import key_event
from tutor.app import GDTutorApp
from tutor.widgets.quiz_card import AnswerInput


def send_at_once(app: GDTutorApp, keys: list[str]) -> None:
    """Queue key events without waiting between them, as a terminal delivers a burst."""
    assert app._driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)


def keys_for(text: str) -> list[str]:
    return [{"\r": "enter", "\x1b": "escape", "\x7f": "backspace"}.get(c, c) for c in text]


def quiz_index(lesson_number: int, nth: int = 0) -> int:
    lesson = LESSONS[lesson_number - 1]
    return [i for i, s in enumerate(lesson.steps) if isinstance(s, QuizStep)][nth]


async def open_quiz(app: GDTutorApp, pilot, lesson_number: int = 2, nth: int = 0) -> None:
    app.open_lesson(LESSONS[lesson_number - 1], quiz_index(lesson_number, nth))
    await pilot.pause()
    assert isinstance(app.focused, AnswerInput)


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()


async def test_a_burst_becomes_one_answer_and_enter_submits_it() -> None:
    app = GDTutorApp(seed=3, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_quiz(app, pilot)
        send_at_once(app, keys_for("0.5e-1\r"))
        await settle(pilot)
        feedback = " ".join(str(card(app).query_one("#quiz-feedback", Static).render()).split())
        assert "You entered 0.5e-1 = 0.05" in feedback, feedback
        [attempt] = app.progress.attempts(LESSONS[1].slug)
        assert attempt.typed == "0.5e-1"


async def test_answers_enter_and_editing_keys_in_one_burst_keep_their_order() -> None:
    app = GDTutorApp(seed=4, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_quiz(app, pilot)
        # wrong, then an expression with a typo fixed by backspace, then letters after a verdict
        send_at_once(app, keys_for("1234\rsqrtt\x7f(2)\rpi/4\rtanh(0.2)\rsig"))
        await settle(pilot)
        typed = [a.typed for a in app.progress.attempts(LESSONS[1].slug)]
        assert typed == ["1234", "sqrt(2)", "pi/4", "tanh(0.2)"]
        assert card(app).answer_box.value == "sig"
        assert app.screen.index == quiz_index(2)  # t, p, n typed, never steps


async def test_esc_then_a_quiz_key_in_a_burst_acts_once_and_the_rest_is_typed() -> None:
    app = GDTutorApp(seed=5, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_quiz(app, pilot)
        send_at_once(app, ["9", "enter", "escape", "h", "h", "0", "escape", "s"])
        await settle(pilot)
        quiz_card = card(app)
        assert quiz_card.session.hints_used == 1
        assert quiz_card.answer_box.value == "h0s"  # 9 was selected after its verdict: replaced
        assert not quiz_card.armed


async def test_keys_that_reach_the_card_or_the_screen_go_into_the_answer_in_order() -> None:
    app = GDTutorApp(seed=6, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_quiz(app, pilot)
        quiz_card = card(app)
        app.screen.set_focus(quiz_card)  # focus moved by a click, say
        send_at_once(app, keys_for("sqrt(2"))
        await settle(pilot)
        app.screen.set_focus(app.screen.query_one("#step-text"))  # the text above: q, n, p
        send_at_once(app, keys_for(")/q"))
        await settle(pilot)
        assert app.is_running and app.screen.index == quiz_index(2)
        assert quiz_card.answer_box.value == "sqrt(2)/q"
        assert app.focused is quiz_card.answer_box


async def test_keys_typed_right_after_next_step_land_in_the_next_quiz() -> None:
    lesson = LESSONS[2]
    quizzes = [i for i, s in enumerate(lesson.steps) if isinstance(s, QuizStep)]
    first = next(i for i in quizzes if i + 1 in quizzes)
    app = GDTutorApp(seed=7, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(lesson, first)
        await pilot.pause()
        send_at_once(app, ["escape", "n", *"0.25", "enter"])
        await settle(pilot)
        assert app.screen.index == first + 1
        [attempt] = app.progress.attempts(lesson.slug, lesson.steps[first + 1].id)
        assert attempt.typed == "0.25"


async def test_back_from_the_first_step_keeps_the_keys_in_the_quiz() -> None:
    from tests.tutor.test_quiz_card import example_lesson
    from tutor.screens.lesson import LessonScreen

    app = GDTutorApp(seed=8, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(LessonScreen(example_lesson(), 0))
        await pilot.pause()
        send_at_once(app, ["escape", "p", *"ab", "escape", "p", *"cd"])  # nowhere to go, twice
        await settle(pilot)
        assert isinstance(app.screen, LessonScreen) and app.screen.index == 0
        assert card(app).answer_box.value == "abcd"
        assert not card(app).leaving
