"""The quiz card driven through its keys: answers in; echo, verdict and help out; attempts kept."""

from __future__ import annotations

import dataclasses
import zlib
from itertools import count
from pathlib import Path

import numpy as np
from textual.app import App, ComposeResult
from textual.widgets import Static

from engine import answers
from lessons.model import Lesson, QuizStep
from lessons.quiz import Quiz, QuizSpec, full_precision
from tests.lessons.test_quiz_model import EXAMPLE_STEP
from tests.pilot import card, card_text, current, right_answer, type_in
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.progress import ProgressStore
from tutor.screens.help import HelpScreen
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen
from tutor.widgets.quiz_card import AnswerInput, QuizCard

SLUG = "example-lesson"


class QuizApp(App[None]):
    """The two things a quiz card needs from the app: a progress store and seeded draws."""

    def __init__(self, store: ProgressStore, step: QuizStep = EXAMPLE_STEP) -> None:
        super().__init__()
        self.progress = store
        self.step = step
        self.keys_drawn: list[str] = []
        self.mastered: list[QuizCard.Mastered] = []
        self._draws: dict[str, count[int]] = {}

    def rng_for(self, key: str) -> np.random.Generator:
        self.keys_drawn.append(key)
        draw = next(self._draws.setdefault(key, count()))
        return np.random.default_rng([11, zlib.crc32(key.encode()), draw])

    def compose(self) -> ComposeResult:
        yield QuizCard(self.step, SLUG)

    def on_mount(self) -> None:
        self.query_one(QuizCard).answer_box.focus()  # a learner already in the answer box

    def on_quiz_card_mastered(self, message: QuizCard.Mastered) -> None:
        self.mastered.append(message)


async def test_a_right_answer_is_echoed_confirmed_in_full_and_moves_on() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = card(app).quiz
        assert quiz is not None
        text = screen_text(app)
        assert quiz.intro.split(";")[0] in text
        assert quiz.figure in text
        assert "Part 1 of 4 · dz" in text and current(app).prompt in text
        assert isinstance(app.focused, AnswerInput)
        dz = current(app)
        typed = right_answer(dz)
        await type_in(pilot, typed)
        feedback = card_text(app, "#quiz-feedback")
        assert f"You entered {typed.replace('-', '−')}." in feedback
        assert full_precision(float(dz.expected)) in feedback  # the engine's value, every digit
        assert "Part 2 of 4 · dw1" in screen_text(app)
        assert isinstance(app.focused, AnswerInput) and app.focused.value == ""
        [attempt] = app.progress.attempts()
        assert (attempt.part, attempt.typed, attempt.verdict) == ("dz", typed, "correct")
        assert float(attempt.value) == float(answers.parse_number(typed))
        assert app.keys_drawn == [f"{SLUG}/{EXAMPLE_STEP.id}"]


async def test_an_expression_is_echoed_with_its_value() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_in(pilot, "0.73-1")
        assert "You entered 0.73-1 = −0.27." in card_text(app, "#quiz-feedback")


async def test_a_wrong_answer_offers_the_first_hint_one_key_away() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        dz = current(app)
        await type_in(pilot, "7.5")
        feedback = card_text(app, "#quiz-feedback")
        assert "You entered 7.5." in feedback and "Not quite." in feedback
        assert "press h" in feedback
        assert app.focused is card(app)  # the quiz keys work now
        assert "h: hint" in card_text(app, "#quiz-keys")
        assert card(app).query_one(AnswerInput).value == "7.5"  # nothing lost
        await pilot.press("h")
        assert f"Hint 1 of 2: {dz.hints[0]}" in card_text(app, "#quiz-help")
        await pilot.press("9")  # a digit on the card starts a new answer
        assert app.focused is card(app).query_one(AnswerInput)
        assert app.focused.value == "9"
        [attempt] = app.progress.attempts()
        assert (attempt.verdict, attempt.diagnosis, attempt.hints_used) == ("wrong", None, 0)


async def test_invalid_input_keeps_the_text_is_explained_and_not_recorded() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        await type_in(pilot, "0.3.2")
        feedback = card_text(app, "#quiz-feedback")
        assert "Could not read “0.3.2”" in feedback and "−0.27" in feedback
        box = card(app).query_one(AnswerInput)
        assert app.focused is box and box.value == "0.3.2"
        assert "Part 1 of 4" in screen_text(app)
        assert app.progress.attempts() == []
        assert card(app).session.tries == 0


async def test_a_sign_flip_is_diagnosed() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        flipped = answers.format_number(-float(current(app).expected), 4).replace("−", "-")
        await type_in(pilot, flipped)
        assert "The sign is flipped: dz = a − y, not y − a." in card_text(app, "#quiz-feedback")
        [attempt] = app.progress.attempts()
        assert (attempt.verdict, attempt.diagnosis) == ("mistake", "sign")


async def test_quiz_keys_do_not_fire_while_typing_and_escape_reaches_them() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        box = card(app).query_one(AnswerInput)
        before = card(app).quiz
        await pilot.press("h", "x", "f")
        assert box.value == "hxf"
        assert card(app).quiz is before
        assert card_text(app, "#quiz-help") == ""
        assert "Esc, then h: hint" in card_text(app, "#quiz-keys")
        await pilot.press("escape")
        assert app.focused is card(app)
        await pilot.press("h")
        assert "Hint 1 of 2" in card_text(app, "#quiz-help")


async def test_hints_escalate_then_the_solution_opens_behind_a_confirmation() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        dz = current(app)
        await pilot.press("escape", "x")
        assert "opens after both hints" in card_text(app, "#quiz-help")
        assert "Solution for" not in card_text(app, "#quiz-help")
        await pilot.press("h", "h")
        help_text = card_text(app, "#quiz-help")
        assert f"Hint 1 of 2: {dz.hints[0]}" in help_text
        assert f"Hint 2 of 2: {dz.hints[1]}" in help_text  # with the learner's numbers
        assert card(app).quiz.figure.split("a = σ(z) = ")[1] in dz.hints[1]
        await pilot.press("x")
        assert "Press x again to see the worked solution" in card_text(app, "#quiz-help")
        assert "Solution for" not in card_text(app, "#quiz-help")
        await pilot.press("x")
        help_text = card_text(app, "#quiz-help")
        assert f"Solution for dz:\n{dz.solution}" in help_text
        assert full_precision(float(dz.expected)) in help_text
        assert "f for new numbers" in card_text(app, "#quiz-status")
        await type_in(pilot, right_answer(dz))
        attempt = app.progress.attempts()[-1]
        assert (attempt.verdict, attempt.hints_used, attempt.solution_shown) == ("correct", 2, True)
        for _ in range(3):
            await type_in(pilot, right_answer(current(app)))
        assert "with the worked solution's help" in card_text(app, "#quiz-status")
        assert app.mastered == []  # the solution was shown for this draw


async def test_three_wrong_tries_open_the_solution_without_hints() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        for typed in ("5", "6", "7"):
            await type_in(pilot, typed)
        assert "x for the worked solution" in card_text(app, "#quiz-feedback")
        await pilot.press("x", "x")
        assert "Solution for dz" in card_text(app, "#quiz-help")


async def test_new_numbers_draw_the_same_quiz_afresh() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        first = card(app).quiz
        await type_in(pilot, right_answer(current(app)))
        await pilot.press("escape", "h", "f")
        second = card(app).quiz
        assert second is not None and second.intro != first.intro
        assert second.intro.split(";")[0] in screen_text(app)
        assert [q.label for q in second.parts] == [q.label for q in first.parts]
        assert "Part 1 of 4 · dz" in screen_text(app)
        assert card_text(app, "#quiz-help") == "" and card_text(app, "#quiz-feedback") == ""
        assert isinstance(app.focused, AnswerInput)
        assert app.keys_drawn == [f"{SLUG}/{EXAMPLE_STEP.id}"] * 2


async def test_every_part_right_without_the_solution_is_mastered() -> None:
    app = QuizApp(ProgressStore(None))
    async with app.run_test(size=(100, 30)) as pilot:
        quiz = card(app).quiz
        direction = quiz.parts[3]
        for question in quiz.parts:
            if question is direction:
                text = screen_text(app)
                for number, (_, label) in enumerate(direction.choices, 1):
                    assert f"{number}. {label}" in text
            await type_in(pilot, right_answer(question))
        assert "Mastered" in card_text(app, "#quiz-status")
        assert [(m.lesson_slug, m.step_id) for m in app.mastered] == [(SLUG, EXAMPLE_STEP.id)]
        assert card(app).query_one(AnswerInput).disabled
        assert app.focused is card(app)
        verdicts = [(a.part, a.verdict) for a in app.progress.attempts()]
        assert verdicts == [(q.label, "correct") for q in quiz.parts]


def example_lesson() -> Lesson:
    return Lesson(
        number=9,
        slug=SLUG,
        title="Example",
        lecture="EX",
        summary="A lesson with one quiz.",
        steps=(EXAMPLE_STEP,),
    )


async def test_in_the_lesson_screen_at_80x24_mastery_completes_the_step() -> None:
    app = GDTutorApp(demos_start_paused=True, seed=4)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(LessonScreen(example_lesson(), 0))
        await pilot.pause()
        # Arriving on a quiz, the card has focus so n and p still move through the lesson.
        assert app.focused is card(app)
        text = screen_text(app)
        assert "Answer ›" in text and current(app).prompt in text
        assert "Type a number or press Enter to answer" in text
        await pilot.press("enter")
        assert isinstance(app.focused, AnswerInput)
        assert "Enter: check" in screen_text(app)
        await pilot.press("escape")  # leaves the answer box, not the lesson
        assert isinstance(app.screen, LessonScreen) and app.focused is card(app)
        for question in card(app).quiz.parts:
            await type_in(pilot, right_answer(question))
            assert "Answer ›" in screen_text(app)
        assert "✓" in str(app.screen.query_one("#step-counter", Static).render())
        assert EXAMPLE_STEP.id in app.progress.completed_steps(SLUG)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_the_quiz_keys() -> None:
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 60)) as pilot:  # tall enough to show every section
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Quizzes" in text
        for description in ("Hint", "Solution", "New numbers"):
            assert description in text


async def test_attempts_survive_a_restart(isolated_home: Path) -> None:
    lesson = example_lesson()
    app = GDTutorApp(demos_start_paused=True, seed=1)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(LessonScreen(lesson, 0))
        await pilot.pause()
        dz = current(app)
        await type_in(pilot, "7.5")
        await pilot.press("h")
        await type_in(pilot, right_answer(dz))
    restarted = GDTutorApp(demos_start_paused=True)
    async with restarted.run_test(size=(100, 30)):
        attempts = restarted.progress.attempts(SLUG, EXAMPLE_STEP.id)
        assert [(a.part, a.typed, a.verdict, a.hints_used) for a in attempts] == [
            ("dz", "7.5", "wrong", 0),
            ("dz", right_answer(dz), "correct", 1),
        ]
    assert (isolated_home / "progress.sqlite3").exists()


async def test_a_quiz_whose_twin_never_agrees_is_not_asked() -> None:
    def disagreeing(rng: np.random.Generator) -> Quiz:
        quiz = EXAMPLE_STEP.quiz.generate(rng)
        dz = quiz.parts[0]
        wrong_twin = dataclasses.replace(dz, twin=float(dz.expected) + 0.5)
        return Quiz(quiz.intro, (wrong_twin,), quiz.figure)

    step = QuizStep(id="never", title="Never", text="", quiz=QuizSpec(disagreeing, max_draws=3))
    app = QuizApp(ProgressStore(None), step)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "could not be confirmed" in screen_text(app)
        assert card(app).query_one(AnswerInput).disabled
        assert app.focused is card(app)
        await pilot.press("h", "x", "f")  # nothing to help with; f tries again, still refused
        assert "could not be confirmed" in screen_text(app)
        assert app.progress.attempts() == []
