"""Quiz figures stay in view at 80×24: the question's numbers (graph, matrices, picture) stay on
screen while the feedback, hints and worked solution scroll beneath them, and the feedback area
says when it holds more than it shows."""

from __future__ import annotations

import pytest

from lessons import LESSONS, QuizStep
from tests.pilot import card, card_text, type_in
from tests.robustness.helpers import wrong_answer
from tests.screen import screen_text
from tutor.app import GDTutorApp


def first_row(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: f"lesson{lesson.number}")
async def test_the_figure_stays_on_screen_after_a_wrong_answer_and_both_hints(lesson) -> None:
    app = GDTutorApp(demos_start_paused=True, seed=lesson.number)
    async with app.run_test(size=(80, 24)) as pilot:
        for index, step in enumerate(lesson.steps):
            if not isinstance(step, QuizStep):
                continue
            app.screen.index = index if app.screen is not app.screen_stack[0] else 0
            if app.screen is app.screen_stack[0]:
                app.open_lesson(lesson, index)
            await pilot.pause()
            quiz_card = card(app)
            quiz = quiz_card.quiz
            assert quiz is not None and quiz_card.session is not None, step.id
            await type_in(pilot, wrong_answer(quiz_card.session.current))
            await pilot.press("escape", "h", "escape", "h")
            await pilot.pause()
            assert "Hint 2 of 2" in card_text(app, "#quiz-help"), step.id
            shown = screen_text(app)
            top = first_row(quiz.figure) if quiz.figure else first_row(quiz.intro)
            assert top[:40] in shown, f"{step.id}: {top!r} is off screen\n{shown}"
            area = quiz_card.query_one("#quiz-response")
            if area.max_scroll_y > 0:  # more than fits: the area says so
                assert "scroll" in shown and "more" in shown, f"{step.id}\n{shown}"
