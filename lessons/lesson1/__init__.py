"""Lesson 1 — Gradient Descent (C1W2L04): the bowl, the slope and the step.

Steps follow the lecture: the cost and the aim (GD-1, GD-2); the surface, convex or not, and why
logistic regression's cost is a bowl (GD-3); where to start (GD-4); one step downhill and the
update rule (GD-5, GD-6); the slope as a tangent
and the direction it gives (GD-7, GD-8); the learning rate (GD-6); two parameters (GD-9); the
notation d, ∂, dw, db (GD-10).
"""

from __future__ import annotations

from lessons.lesson1 import demos, quizzes
from lessons.model import DemoStep, Lesson, QuizStep, TextStep, load_text

_TEXT = __name__


def _text(name: str) -> str:
    return load_text(_TEXT, name)


LESSON = Lesson(
    number=1,
    slug="gradient-descent",
    title="Gradient Descent",
    lecture="C1W2L04",
    summary="The cost as a bowl, the slope as a tangent, the step w := w − α·dw.",
    steps=(
        TextStep(
            id="recap",
            title="What training means",
            text=_text("01-recap.md"),
            syllabus=("GD-1", "GD-2"),
        ),
        DemoStep(
            id="valleys",
            title="One bowl or many valleys?",
            text=_text("02-valleys.md"),
            make_demo=demos.valleys,
            syllabus=("GD-3",),
        ),
        TextStep(
            id="convex-cost",
            title="Logistic regression's cost is one bowl",
            text=_text("03-convex.md"),
            syllabus=("GD-3",),
        ),
        DemoStep(
            id="starts",
            title="Where to start",
            text=_text("03-starts.md"),
            make_demo=demos.starts,
            syllabus=("GD-3", "GD-4"),
        ),
        QuizStep(
            id="pictures-quiz",
            title="Which cost can descent always finish?",
            text=_text("04-pictures.md"),
            quiz=quizzes.PICTURES,
            syllabus=("GD-3", "GD-4"),
        ),
        TextStep(
            id="update-rule",
            title="One step downhill",
            text=_text("05-update.md"),
            syllabus=("GD-5", "GD-6", "GD-7", "GD-8"),
        ),
        DemoStep(
            id="descent-1d",
            title="Watch w roll downhill",
            text=_text("06-descent.md"),
            make_demo=demos.descent,
            syllabus=("GD-5", "GD-6", "GD-7", "GD-8"),
        ),
        QuizStep(
            id="slope-quiz",
            title="The slope at a point",
            text=_text("07-slope-quiz.md"),
            quiz=quizzes.SLOPE,
            syllabus=("GD-7",),
        ),
        QuizStep(
            id="direction-quiz",
            title="Which way does w go?",
            text=_text("08-direction-quiz.md"),
            quiz=quizzes.DIRECTION,
            syllabus=("GD-8",),
        ),
        DemoStep(
            id="learning-rate",
            title="The learning rate α",
            text=_text("09-learning-rate.md"),
            make_demo=demos.learning_rate,
            syllabus=("GD-6",),
        ),
        QuizStep(
            id="update-quiz",
            title="One update by hand",
            text=_text("10-update-quiz.md"),
            quiz=quizzes.UPDATE,
            syllabus=("GD-6",),
        ),
        DemoStep(
            id="two-parameters",
            title="Two parameters: w and b",
            text=_text("11-two-parameters.md"),
            make_demo=demos.two_parameters,
            syllabus=("GD-9",),
        ),
        TextStep(
            id="notation",
            title="d or ∂?",
            text=_text("12-notation.md"),
            syllabus=("GD-10",),
        ),
        QuizStep(
            id="notation-quiz",
            title="Notation check",
            text=_text("13-notation-quiz.md"),
            quiz=quizzes.NOTATION,
            syllabus=("GD-10",),
        ),
    ),
)
