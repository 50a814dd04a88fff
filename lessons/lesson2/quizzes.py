"""Lesson 2's quizzes, on the computation graph itself: forward values, derivatives, one update.

Every draw takes fresh hand-friendly numbers (one decimal, z kept within ±2 so a stays away from 0
and 1), lets `engine.logistic.single_example` compute the answers and confirms each with a twin
computed another way: forward values by an independent recomputation with the `math` module,
derivatives by central differences (`engine.gradcheck`). Each usual mistake (the bias left out, da
given for dz, the sign flipped, the chain factor a(1 − a) forgotten or applied twice, x2 used for
dw1, …) is recomputed on the same numbers so the quiz card can name it; `QuizSpec.draw` throws
away a draw where two of them, or one and the answer, cannot be told apart.
"""

from __future__ import annotations

import math

import numpy as np

from engine import logistic
from engine.activations import sigmoid
from engine.gradcheck import numerical_derivative, numerical_gradient
from engine.logistic import ExampleGraph, single_example
from engine.numfmt import drawn, factor, fixed
from lessons.demos.graph import (
    BACKWARD,
    FORWARD,
    Example,
    draw_example,
    draw_graph,
    label,
)
from lessons.quiz import Mistake, Question, Quiz, QuizSpec

#: Learning rates the update quiz draws from (never 1: then forgetting α would be right).
ALPHAS = (0.1, 0.2, 0.5)


def _forward_values(g: ExampleGraph) -> str:
    return f"z = {drawn(g.z)}, a = {fixed(g.a, 5)}, L = {fixed(g.L, 5)}"


def _parameter_gradient(e: Example) -> dict[str, float]:
    """dL/dw1, dL/dw2, dL/db by central differences on the engine's loss of this one example."""

    def loss_at(p: dict[str, float]) -> float:
        return single_example(e.x1, e.x2, p["w1"], p["w2"], p["b"], e.y).L

    return numerical_gradient(loss_at, {"w1": e.w1, "w2": e.w2, "b": e.b})


# -- forward: z, a, L -----------------------------------------------------------------------------
def forward_quiz(rng: np.random.Generator) -> Quiz:
    """z, a and L for fresh numbers, each checked against a recomputation with `math`."""
    e = draw_example(rng)
    g = e.graph()
    y = label(g.y)
    z_twin = math.fsum((e.w1 * e.x1, e.w2 * e.x2, e.b))
    a_twin = 1.0 / (1.0 + math.exp(-z_twin))
    L_twin = -(e.y * math.log(a_twin) + (1.0 - e.y) * math.log(1.0 - a_twin))
    w1, x1, w2, x2 = (factor(drawn(v)) for v in (e.w1, e.x1, e.w2, e.x2))
    numbers_z = f"{w1}×{x1} + {w2}×{x2} + {drawn(e.b)}"
    z_part = Question(
        label="z",
        prompt="z = w1·x1 + w2·x2 + b =",
        kind="number",
        expected=g.z,
        twin=z_twin,
        hints=(
            "z is the first box: each weight times its own feature, then add the bias b.",
            f"z = {numbers_z}",
        ),
        solution=f"z = w1·x1 + w2·x2 + b = {numbers_z} = {drawn(g.z)}",
        mistakes=(
            Mistake(
                "no_bias",
                g.z - e.b,
                f"The bias is missing: z = w1·x1 + w2·x2 + b, so add b = {drawn(e.b)}.",
            ),
            Mistake(
                "swapped",
                e.w1 * e.x2 + e.w2 * e.x1 + e.b,
                "Each weight goes with its own feature: w1 with x1 and w2 with x2.",
            ),
        ),
    )
    a_part = Question(
        label="a",
        prompt="a = σ(z) =",
        kind="number",
        expected=g.a,
        twin=a_twin,
        hints=(
            "a = σ(z) = 1 / (1 + e^(−z)): a number between 0 and 1; σ(0) = 0.5.",
            f"a = 1 / (1 + e^{factor(drawn(-g.z))}); you can type sigmoid({drawn(g.z)}).",
        ),
        solution=f"a = σ(z) = 1 / (1 + e^{factor(drawn(-g.z))}) = {fixed(g.a, 5)}",
        mistakes=(
            Mistake(
                "sigma_of_minus_z",
                1.0 - g.a,
                "That is σ(−z) = 1 − a: the exponent in σ(z) = 1 / (1 + e^(−z)) is minus z.",
            ),
            Mistake("z_for_a", g.z, "That is z itself; a squashes it with σ: a = σ(z)."),
            Mistake(
                "exp_only",
                math.exp(-g.z),
                "That is e^(−z) alone; a = 1 / (1 + e^(−z)).",
            ),
        ),
    )
    kept = "−log a" if y == "1" else "−log(1 − a)"
    a5 = fixed(g.a, 5)
    kept_numbers = f"−log {a5}" if y == "1" else f"−log(1 − {a5})"
    L_part = Question(
        label="L",
        prompt="L = −(y·log a + (1 − y)·log(1 − a)) =",
        kind="number",
        expected=g.L,
        twin=L_twin,
        hints=(
            "With y = 0 or 1 only one of the two terms is left. log is the natural log (ln).",
            f"y = {y}, so L = {kept} = {kept_numbers}",
        ),
        solution=(
            f"L = −({y}·log a + {label(1 - g.y)}·log(1 − a)) = {kept} = {kept_numbers} "
            f"= {fixed(g.L, 5)}"
        ),
        mistakes=(
            Mistake(
                "other_term",
                float(logistic.loss(g.a, 1.0 - g.y)),
                f"That is the loss for the other label. With y = {y} the term left is {kept}.",
            ),
            Mistake(
                "no_minus",
                -g.L,
                "The minus sign is missing: the log of a number below 1 is negative, so the "
                "loss −log(…) is positive.",
            ),
            Mistake(
                "log10",
                g.L / math.log(10.0),
                "That is the base-10 log. The loss uses the natural log, ln (type log or ln).",
            ),
        ),
    )
    return Quiz(
        intro="Fresh numbers: fill the boxes left to right.",
        parts=(z_part, a_part, L_part),
        figure=draw_graph(g, shown=(), decimals=4),
    )


# -- backward: da, dz, dw1, dw2, db ---------------------------------------------------------------
def backward_quiz(rng: np.random.Generator) -> Quiz:
    """da, dz, dw1, dw2, db for fresh numbers, each checked against central differences."""
    e = draw_example(rng)
    g = e.graph()
    y = label(g.y)
    not_y = label(1.0 - g.y)
    a = fixed(g.a, 5)
    da_twin = numerical_derivative(lambda a_: float(logistic.loss(a_, g.y)), g.a)
    dz_twin = numerical_derivative(lambda z_: float(logistic.loss(sigmoid(z_), g.y)), g.z)
    grad = _parameter_gradient(e)
    da_part = Question(
        label="da",
        prompt="da = dL/da = −y/a + (1 − y)/(1 − a) =",
        kind="number",
        expected=g.da,
        twin=da_twin,
        hints=(
            "Start at the right end: da is the slope of the loss with respect to a, "
            "da = −y/a + (1 − y)/(1 − a).",
            f"da = −{y}/{a} + {not_y}/(1 − {a})",
        ),
        solution=f"da = −{y}/{a} + {not_y}/(1 − {a}) = {drawn(g.da)}",
        mistakes=(
            Mistake("sign", -g.da, "The sign is flipped: da = −y/a + (1 − y)/(1 − a)."),
            Mistake(
                "dz_for_da",
                g.dz,
                "That is dz = a − y, one box further back. da is the slope with respect to a.",
            ),
            Mistake(
                "other_label",
                -(1.0 - g.y) / g.a + g.y / (1.0 - g.a),
                f"y and 1 − y are swapped: here y = {y}, so da = −{y}/a + {not_y}/(1 − a).",
            ),
        ),
    )
    dz_part = Question(
        label="dz",
        prompt="dz = dL/dz =",
        kind="number",
        expected=g.dz,
        twin=dz_twin,
        hints=(
            "Chain rule: dz = dL/da · da/dz with da/dz = a(1 − a); it simplifies to a − y.",
            f"dz = {factor(drawn(g.da))} × {a}×(1 − {a}), or simply {a} − {y}",
        ),
        solution=(
            f"dz = da · a(1 − a) = {factor(drawn(g.da))} × {drawn(g.dadz)} = a − y = {a} − {y} "
            f"= {drawn(g.dz)}"
        ),
        mistakes=(
            Mistake(
                "da_for_dz",
                g.da,
                "That is da. The chain rule multiplies it by da/dz = a(1 − a); leaving that "
                "factor out gives exactly da.",
            ),
            Mistake("sign", -g.dz, "The sign is flipped: dz = a − y, not y − a."),
            Mistake(
                "chain_twice",
                g.dz * g.dadz,
                "a(1 − a) is applied twice: dz = da·a(1 − a) = a − y already contains it.",
            ),
            Mistake(
                "dadz_only",
                g.dadz,
                "That is da/dz = a(1 − a) alone; dz = da × a(1 − a) = a − y.",
            ),
        ),
    )
    dw1_part = Question(
        label="dw1",
        prompt="dw1 = dL/dw1 =",
        kind="number",
        expected=g.dw1,
        twin=grad["w1"],
        hints=(
            "z = w1·x1 + w2·x2 + b changes by x1 for each unit of w1, so dw1 = x1·dz.",
            f"dw1 = {factor(drawn(g.x1))} × {factor(drawn(g.dz))}",
        ),
        solution=f"dw1 = x1·dz = {factor(drawn(g.x1))} × {factor(drawn(g.dz))} = {drawn(g.dw1)}",
        mistakes=(
            Mistake("used_x2", g.x2 * g.dz, "w1 multiplies x1, so dw1 = x1·dz, not x2·dz."),
            Mistake("sign", -g.dw1, "The sign is flipped: dw1 = x1·dz with dz = a − y."),
            Mistake("no_x", g.dz, "That is dz alone; dw1 = x1·dz."),
            Mistake("used_da", g.x1 * g.da, "That is x1·da; dw1 = x1·dz uses dz = a − y."),
        ),
    )
    dw2_part = Question(
        label="dw2",
        prompt="dw2 = dL/dw2 =",
        kind="number",
        expected=g.dw2,
        twin=grad["w2"],
        hints=(
            "The same as dw1, with the feature w2 multiplies: dw2 = x2·dz.",
            f"dw2 = {factor(drawn(g.x2))} × {factor(drawn(g.dz))}",
        ),
        solution=f"dw2 = x2·dz = {factor(drawn(g.x2))} × {factor(drawn(g.dz))} = {drawn(g.dw2)}",
        mistakes=(
            Mistake("used_x1", g.x1 * g.dz, "That is dw1 = x1·dz; dw2 uses x2."),
            Mistake("sign", -g.dw2, "The sign is flipped: dw2 = x2·dz with dz = a − y."),
            Mistake("no_x", g.dz, "That is dz alone; dw2 = x2·dz."),
        ),
    )
    db_part = Question(
        label="db",
        prompt="db = dL/db =",
        kind="number",
        expected=g.db,
        twin=grad["b"],
        hints=(
            "z changes one-for-one with b (dz/db = 1), so db = dz·1.",
            f"db = dz = {drawn(g.dz)}",
        ),
        solution=f"db = dz · 1 = {drawn(g.db)}",
        mistakes=(
            Mistake("sign", -g.db, "The sign is flipped: db = dz = a − y."),
            Mistake(
                "bias_as_weight",
                g.b * g.dz,
                "b is not multiplied by a feature, so db is not b·dz: dz/db = 1 and db = dz.",
            ),
            Mistake("one", 1.0, "1 is dz/db; the chain rule gives db = dz · 1 = dz."),
        ),
    )
    return Quiz(
        intro=f"Forward gave {_forward_values(g)}. Now go backward, right to left.",
        parts=(da_part, dz_part, dw1_part, dw2_part, db_part),
        figure=draw_graph(g, shown=FORWARD, asked=BACKWARD, decimals=4),
    )


# -- one gradient step ----------------------------------------------------------------------------
def update_quiz(rng: np.random.Generator) -> Quiz:
    """w1 and b after one gradient step on one example; twin uses the numerical derivatives."""
    e = draw_example(rng)
    g = e.graph()
    alpha = float(ALPHAS[int(rng.integers(len(ALPHAS)))])
    w1_new, _, b_new = logistic.single_example_step(g, alpha)
    grad = _parameter_gradient(e)
    al = drawn(alpha)
    w1_part = Question(
        label="w1 after the step",
        prompt="w1 := w1 − α·dw1 =",
        kind="number",
        expected=w1_new,
        twin=e.w1 - alpha * grad["w1"],
        hints=(
            "Step downhill: subtract the learning rate times the derivative, w1 − α·dw1.",
            f"w1 − α·dw1 = {drawn(e.w1)} − {al} × {factor(drawn(g.dw1))}",
        ),
        solution=(
            f"w1 := {drawn(e.w1)} − {al} × {factor(drawn(g.dw1))} = {drawn(e.w1)} − "
            f"{factor(drawn(alpha * g.dw1))} = {drawn(w1_new)}"
        ),
        mistakes=(
            Mistake(
                "plus",
                e.w1 + alpha * g.dw1,
                "That step goes uphill: the update subtracts α·dw1.",
            ),
            Mistake("no_alpha", e.w1 - g.dw1, "The step is α·dw1: multiply dw1 by α first."),
            Mistake(
                "change_only",
                -alpha * g.dw1,
                "That is the change −α·dw1 alone; the new w1 is the old w1 plus that change.",
            ),
            Mistake("used_dw2", e.w1 - alpha * g.dw2, "w1 moves by its own derivative, dw1."),
        ),
    )
    b_part = Question(
        label="b after the step",
        prompt="b := b − α·db =",
        kind="number",
        expected=b_new,
        twin=e.b - alpha * grad["b"],
        hints=(
            "The bias takes the same kind of step, with its own derivative db = dz.",
            f"b − α·db = {drawn(e.b)} − {al} × {factor(drawn(g.db))}",
        ),
        solution=f"b := {drawn(e.b)} − {al} × {factor(drawn(g.db))} = {drawn(b_new)}",
        mistakes=(
            Mistake("plus", e.b + alpha * g.db, "That step goes uphill: subtract α·db."),
            Mistake("no_alpha", e.b - g.db, "The step is α·db: multiply db by α first."),
            Mistake("used_dw1", e.b - alpha * g.dw1, "b moves by its own derivative, db = dz."),
        ),
    )
    return Quiz(
        intro=(
            f"One gradient step with **α = {al}**, from the graph below "
            f"(dw1 = {drawn(g.dw1)}, db = {drawn(g.db)})."
        ),
        parts=(w1_part, b_part),
        figure=draw_graph(g, decimals=4),
    )


FORWARD_QUIZ = QuizSpec(forward_quiz, max_draws=50)
BACKWARD_QUIZ = QuizSpec(backward_quiz, max_draws=50)
UPDATE_QUIZ = QuizSpec(update_quiz, max_draws=50)

__all__ = [
    "BACKWARD_QUIZ",
    "FORWARD_QUIZ",
    "UPDATE_QUIZ",
    "backward_quiz",
    "forward_quiz",
    "update_quiz",
]
