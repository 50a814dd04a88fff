"""The quiz model on its own: drawing, grading each kind of answer, and the rules of help."""

from __future__ import annotations

import numpy as np

from engine import answers
from engine.activations import sigmoid
from engine.gradcheck import numerical_derivative
from engine.logistic import loss, single_example
from lessons.model import QuizStep
from lessons.quiz import (
    Mistake,
    Question,
    Quiz,
    QuizSpec,
    choice,
)


# -- the example quiz used by these tests and by the quiz card's tests --------------------------
def example_quiz(rng: np.random.Generator) -> Quiz:
    """One logistic-regression example: dz, dw1, the shape of W1, and which way w1 moves."""
    x1, x2 = (round(float(v), 1) for v in rng.uniform(0.5, 2.0, size=2) * rng.choice([-1, 1], 2))
    w1, w2, b = (round(float(v), 2) for v in rng.uniform(-1.0, 1.0, size=3))
    y = float(rng.integers(0, 2))
    g = single_example(x1, x2, w1, w2, b, y)
    dz_twin = numerical_derivative(lambda z: loss(float(sigmoid(z)), y), g.z)
    dw1_twin = numerical_derivative(lambda w: single_example(x1, x2, w, w2, b, y).L, w1)
    n0, n1 = 2, int(rng.integers(3, 6))
    f = answers.format_number
    dz = Question(
        label="dz",
        prompt="What is dz = dL/dz for this example?",
        kind="number",
        expected=g.dz,
        twin=dz_twin,
        hints=(
            "dz = a − y: the prediction minus the label.",
            f"dz = a − y = {f(g.a)} − {f(y)}",
        ),
        solution=f"a = σ(z) = σ({f(g.z)}) = {f(g.a)}\ndz = a − y = {f(g.a)} − {f(y)} = {f(g.dz)}",
        mistakes=(
            Mistake("sign", -g.dz, "The sign is flipped: dz = a − y, not y − a."),
            Mistake("used-da", g.da, "You used da; the question asks for dz."),
        ),
    )
    dw1 = Question(
        label="dw1",
        prompt="What is dw1 = dL/dw1?",
        kind="number",
        expected=g.dw1,
        twin=dw1_twin,
        hints=("dw1 = x1 · dz.", f"dw1 = {f(x1)} × {f(g.dz)}"),
        solution=f"dw1 = x1 · dz = {f(x1)} × {f(g.dz)} = {f(g.dw1)}",
        mistakes=(
            Mistake("used-x2", x2 * g.dz, "You multiplied by x2; dw1 uses x1."),
            Mistake("sign", -g.dw1, "The sign is flipped: dz = a − y, not y − a."),
        ),
    )
    shape = Question(
        label="shape of W1",
        prompt=f"With n0 = {n0} inputs and n1 = {n1} hidden units, what shape is W1?",
        kind="shape",
        expected=(n1, n0),
        hints=("W1 has one row per hidden unit.", f"W1 is (n1, n0) = ({n1}, ?)"),
        solution=f"W1 maps {n0} inputs to {n1} units: rows n1 = {n1}, columns n0 = {n0}.",
        mistakes=(Mistake("rank-1", (n1,), "That is a rank-1 array; W1 is a matrix."),),
    )
    left = g.dw1 > 0
    direction = choice(
        "direction",
        "After w1 := w1 − α·dw1 with α = 0.1, which way does w1 move?",
        {"down": "w1 decreases", "up": "w1 increases"},
        "down" if left else "up",
        hints=("The update subtracts α·dw1.", f"dw1 = {f(g.dw1)}, so −α·dw1 has sign …"),
        solution=f"−α·dw1 = −0.1 × {f(g.dw1)} = {f(-0.1 * g.dw1)}",
        mistakes=(
            Mistake(
                "with-slope",
                "up" if left else "down",
                "That follows the slope uphill; the update moves against it.",
            ),
        ),
    )
    intro = (
        f"One example: x1 = {f(x1)}, x2 = {f(x2)}, y = {f(y)}; "
        f"w1 = {f(w1)}, w2 = {f(w2)}, b = {f(b)}."
    )
    figure = f"z = {f(g.z)}   a = σ(z) = {f(g.a)}"
    return Quiz(intro=intro, parts=(dz, dw1, shape, direction), figure=figure)


EXAMPLE_SPEC = QuizSpec(example_quiz)
EXAMPLE_STEP = QuizStep(
    id="example-quiz", title="Example quiz", text="Answer each part.", quiz=EXAMPLE_SPEC
)
