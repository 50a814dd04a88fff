"""Answers typed faster than focus moves (or sent at once by a terminal) arrive whole."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from lessons import LESSONS, QuizStep
from tutor.app import GDTutorApp
from tutor.widgets.quiz_card import QuizCard


def send_at_once(app: GDTutorApp, keys: list[tuple[str, str | None]]) -> None:
    """Queue key events without waiting between them, as a terminal delivers a burst."""
    assert app._driver is not None
    for key, character in keys:
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_burst_of_keys_on_the_card_becomes_one_answer_and_enter_submits_it() -> None:
    lesson = LESSONS[1]
    index = next(i for i, s in enumerate(lesson.steps) if isinstance(s, QuizStep))
    app = GDTutorApp(seed=3, demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_lesson(lesson, index)
        await pilot.pause()
        card = app.screen.query_one(QuizCard)
        assert app.focused is card
        send_at_once(
            app,
            [
                *[("0", "0"), ("full_stop", "."), ("5", "5")],
                *[("e", "e"), ("minus", "-"), ("1", "1")],
                ("enter", "\r"),
            ],
        )
        await pilot.pause()
        await pilot.pause()
        feedback = " ".join(str(card.query_one("#quiz-feedback", Static).render()).split())
        assert "You entered 0.05" in feedback or "You entered 0.5e-1" in feedback, feedback
        assert len(app.progress.attempts(lesson.slug)) == 1
        assert card.query_one(Input).value in {"", "0.5e-1"}
