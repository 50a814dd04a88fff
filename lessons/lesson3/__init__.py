"""Lesson 3 — Gradient Descent for Neural Networks (C1W3L09): shapes, six equations, live training.

Steps follow the lecture: the parameters and their shapes, the cost, random initialisation, one
iteration, the four forward equations, the six backward ones (with keepdims where the lecture
stops to explain it), a network trained live on the flower data against logistic regression, and
a sweep over hidden sizes with held-out accuracy.
"""

from __future__ import annotations

from lessons.lesson3 import demos, quizzes
from lessons.model import DemoStep, Lesson, QuizStep, TextStep, load_text

_TEXT = __name__


def _text(name: str) -> str:
    return load_text(_TEXT, name)


LESSON = Lesson(
    number=3,
    slug="neural-network-gd",
    title="Gradient Descent for Neural Networks",
    lecture="C1W3L09",
    summary="Shapes, four forward and six backward equations, trained live.",
    steps=(
        TextStep(
            id="parameters",
            title="A network with one hidden layer",
            text=_text("01-parameters.md"),
            syllabus=("NN-1",),
        ),
        QuizStep(
            id="parameter-shapes",
            title="Shapes of W1, b1, W2, b2",
            text=_text("02-shapes.md"),
            quiz=quizzes.PARAMETER_SHAPES,
            syllabus=("NN-2",),
        ),
        TextStep(
            id="cost",
            title="The cost",
            text=_text("03-cost.md"),
            syllabus=("NN-3",),
        ),
        DemoStep(
            id="zeros-vs-random",
            title="Symmetric or random initialisation",
            text=_text("04-init.md"),
            make_demo=demos.zeros_vs_random,
            syllabus=("NN-4",),
        ),
        QuizStep(
            id="one-iteration",
            title="One iteration",
            text=_text("05-iteration.md"),
            quiz=quizzes.ONE_ITERATION,
            syllabus=("NN-5",),
        ),
        DemoStep(
            id="forward",
            title="Forward propagation, staged",
            text=_text("06-forward.md"),
            make_demo=demos.forward_staged,
            syllabus=("NN-6",),
        ),
        QuizStep(
            id="forward-shapes",
            title="Shapes of Z1, A1, Z2, A2",
            text=_text("07-forward-shapes.md"),
            quiz=quizzes.FORWARD_SHAPES,
            syllabus=("NN-6",),
        ),
        DemoStep(
            id="backward-output",
            title="Backward: dZ2, dW2, db2",
            text=_text("08-backward-output.md"),
            make_demo=demos.backward_output,
            syllabus=("NN-7",),
        ),
        QuizStep(
            id="output-gradients",
            title="Entries of dZ2, dW2, db2",
            text=_text("09-output-gradients.md"),
            quiz=quizzes.OUTPUT_GRADIENTS,
            syllabus=("NN-7",),
        ),
        DemoStep(
            id="keepdims",
            title="keepdims=True",
            text=_text("10-keepdims.md"),
            make_demo=demos.keepdims,
            syllabus=("NN-8",),
        ),
        QuizStep(
            id="keepdims-shapes",
            title="keepdims: shapes",
            text=_text("11-keepdims-quiz.md"),
            quiz=quizzes.KEEPDIMS_SHAPES,
            syllabus=("NN-8",),
        ),
        DemoStep(
            id="backward-hidden",
            title="Backward: dZ1, dW1, db1",
            text=_text("12-backward-hidden.md"),
            make_demo=demos.backward_hidden,
            syllabus=("NN-9", "NN-10"),
        ),
        QuizStep(
            id="hidden-delta",
            title="An entry of dZ1",
            text=_text("13-hidden-delta.md"),
            quiz=quizzes.HIDDEN_DELTA,
            syllabus=("NN-9",),
        ),
        QuizStep(
            id="hidden-gradients",
            title="Entries of db1 and dW1",
            text=_text("14-hidden-gradients.md"),
            quiz=quizzes.HIDDEN_GRADIENTS,
            syllabus=("NN-10",),
        ),
        QuizStep(
            id="gradient-shapes",
            title="Shapes of the gradients",
            text=_text("15-gradient-shapes.md"),
            quiz=quizzes.GRADIENT_SHAPES,
            syllabus=("NN-10",),
        ),
        TextStep(
            id="ten-equations",
            title="Ten equations, one iteration",
            text=_text("16-ten-equations.md"),
            syllabus=("NN-11",),
        ),
        DemoStep(
            id="train",
            title="Train a network live",
            text=_text("17-train.md"),
            make_demo=demos.train_network,
            syllabus=("NN-11",),
        ),
        DemoStep(
            id="hidden-sizes",
            title="How many hidden units?",
            text=_text("18-sweep.md"),
            make_demo=demos.hidden_size_sweep,
            syllabus=("NN-11",),
        ),
    ),
)
