"""Every quiz in the curriculum, over many draws: confirmed by its twin, and graded as intended.

The steps are collected from `lessons.LESSONS` when the tests run, so a quiz added to any lesson is
checked here without being listed.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from engine import answers
from lessons import LESSONS
from lessons.model import QuizStep
from lessons.quiz import Question, Quiz, grade, quiz_problems

SEEDS = range(25)

QUIZ_STEPS = [
    pytest.param(lesson.slug, step, id=f"{lesson.slug}/{step.id}")
    for lesson in LESSONS
    for step in lesson.steps
    if isinstance(step, QuizStep)
]

NOT_A_NUMBER = re.compile(r"\b(nan|inf)\b", re.IGNORECASE)


def draws(slug: str, step: QuizStep) -> list[Quiz]:
    key = zlib.crc32(f"{slug}/{step.id}".encode())
    return [step.quiz.draw(np.random.default_rng([seed, key])) for seed in SEEDS]


def texts(quiz: Quiz) -> list[str]:
    shown = [quiz.intro, quiz.figure or ""]
    for part in quiz.parts:
        shown += [part.prompt, *part.hints, part.solution]
        shown += [m.message for m in part.mistakes]
        shown += [label for _, label in part.choices]
    return shown


def accepted(question: Question, typed: str) -> None:
    feedback = grade(question, typed)
    assert feedback.status == "correct", (question.label, typed, feedback)


@pytest.mark.parametrize(("slug", "step"), QUIZ_STEPS)
def test_every_draw_is_confirmed_and_shows_no_nan(slug: str, step: QuizStep) -> None:
    for quiz in draws(slug, step):
        assert quiz.parts
        assert quiz_problems(quiz) == []
        for part in quiz.parts:
            if part.kind == "number" and part.twin is not None:
                expected, twin = float(part.expected), float(part.twin)
                assert abs(expected - twin) <= 1e-6 * (abs(expected) + abs(twin)) + 1e-12
        for text in texts(quiz):
            assert not NOT_A_NUMBER.search(text), text


@pytest.mark.parametrize(("slug", "step"), QUIZ_STEPS)
def test_the_expected_answer_is_accepted_however_it_is_typed(slug: str, step: QuizStep) -> None:
    for quiz in draws(slug, step):
        for part in quiz.parts:
            if part.kind == "number":
                value = float(part.expected)
                accepted(part, answers.format_number(value, 4))
                accepted(part, answers.format_number(value, 4).replace("−", "-"))
                accepted(part, f"({answers.format_number(value + 1, 8)}) - 1")  # an expression
            elif part.kind == "shape":
                accepted(part, answers.format_shape(part.expected))
                if len(part.expected) > 1:  # a bare "4" is refused: not a shape (issue 18)
                    accepted(part, "x".join(str(n) for n in part.expected))
            else:
                keys = [key for key, _ in part.choices]
                accepted(part, str(keys.index(part.expected) + 1))
                accepted(part, str(part.expected))
                accepted(part, dict(part.choices)[part.expected])


@pytest.mark.parametrize(("slug", "step"), QUIZ_STEPS)
def test_each_listed_mistake_is_diagnosed_as_that_mistake(slug: str, step: QuizStep) -> None:
    for quiz in draws(slug, step):
        for part in quiz.parts:
            for mistake in part.mistakes:
                if part.kind == "number":
                    typed = answers.format_number(float(mistake.value), 4)
                elif part.kind == "shape":
                    typed = answers.format_shape(tuple(mistake.value))
                else:
                    typed = str(mistake.value)
                feedback = grade(part, typed)
                assert (feedback.status, feedback.mistake) == ("mistake", mistake.key), (
                    part.label,
                    typed,
                    feedback,
                )
                assert feedback.message == mistake.message
