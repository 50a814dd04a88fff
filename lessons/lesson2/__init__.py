"""Lesson 2 — Logistic Regression Gradient Descent (C1W2L09): one example as a computation graph.

Steps follow the lecture: the recap, the graph of one example, forward propagation to the loss,
backward propagation (da, dz by the chain rule, dw1, dw2, db), one gradient step, and finally the
step to m examples that the next lecture vectorises. The learner fills the graph by hand in the
quizzes; every number is the engine's, confirmed by a numerical twin.
"""

from __future__ import annotations

from lessons.lesson2 import demos, quizzes
from lessons.model import DemoStep, Lesson, QuizStep, TextStep, load_text

_TEXT = __name__


def _text(name: str) -> str:
    return load_text(_TEXT, name)


LESSON = Lesson(
    number=2,
    slug="logistic-regression-gd",
    title="Logistic Regression Gradient Descent",
    lecture="C1W2L09",
    summary="One example as a graph: forward to the loss, back to dw1, dw2, db.",
    steps=(
        TextStep(
            id="recap",
            title="Recap: one example, one loss",
            text=_text("01-recap.md"),
            syllabus=("LR-1",),
        ),
        TextStep(
            id="graph",
            title="The computation graph",
            text=_text("02-graph.md"),
            syllabus=("LR-2",),
        ),
        DemoStep(
            id="forward-demo",
            title="Forward: fill the graph",
            text=_text("03-forward-demo.md"),
            make_demo=demos.forward_graph,
            syllabus=("LR-2", "LR-3"),
        ),
        QuizStep(
            id="forward-quiz",
            title="Your turn: z, a, L",
            text=_text("04-forward-quiz.md"),
            quiz=quizzes.FORWARD_QUIZ,
            syllabus=("LR-3",),
        ),
        TextStep(
            id="backward",
            title="Backward: da, dz, dw1, dw2, db",
            text=_text("05-backward.md"),
            syllabus=("LR-4", "LR-5", "LR-6"),
        ),
        DemoStep(
            id="backward-demo",
            title="Backward on the graph",
            text=_text("06-backward-demo.md"),
            make_demo=demos.backward_graph,
            syllabus=("LR-4", "LR-5", "LR-6"),
        ),
        QuizStep(
            id="backward-quiz",
            title="Your turn: da, dz, dw1, dw2, db",
            text=_text("07-backward-quiz.md"),
            quiz=quizzes.BACKWARD_QUIZ,
            syllabus=("LR-4", "LR-5", "LR-6"),
        ),
        TextStep(
            id="update",
            title="One gradient step",
            text=_text("08-update.md"),
            syllabus=("LR-7",),
        ),
        QuizStep(
            id="update-quiz",
            title="Your turn: the update",
            text=_text("09-update-quiz.md"),
            quiz=quizzes.UPDATE_QUIZ,
            syllabus=("LR-7",),
        ),
        DemoStep(
            id="single-run",
            title="Many steps on one example",
            text=_text("10-single-run.md"),
            make_demo=demos.single_example_run,
            syllabus=("LR-7",),
        ),
        TextStep(
            id="m-examples",
            title="From one example to m",
            text=_text("11-m-examples.md"),
            syllabus=("LR-8",),
        ),
        DemoStep(
            id="m-demo",
            title="Logistic regression on a data set",
            text=_text("12-m-demo.md"),
            make_demo=demos.m_examples_run,
            syllabus=("LR-8",),
        ),
        TextStep(
            id="summary",
            title="What to remember",
            text=_text("13-summary.md"),
        ),
    ),
)
