"""Lesson 2's quizzes, on the computation graph itself: forward values, derivatives, one update.

Every draw takes fresh hand-friendly numbers (one decimal, z kept within ±2 so a stays away from 0
and 1), lets `engine.logistic.single_example` compute the answers and confirms each with a twin
computed another way: forward values by an independent recomputation with the `math` module,
derivatives by central differences (`engine.gradcheck`). Each usual mistake (the bias left out, da
given for dz, the sign flipped, the chain factor a(1 − a) forgotten or applied twice, x2 used for
dw1, …) is recomputed on the same numbers so the quiz card can name it; `QuizSpec.draw` throws
away a draw where two of them, or one and the answer, cannot be told apart.
Each part is built by `lessons.quiz.number`; each quiz is a generator `rng -> Quiz` that the
lesson's manifest names.
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
from lessons.quiz import NumberQuestion, Quiz, number

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
    z_twin = math.fsum((e.w1 * e.x1, e.w2 * e.x2, e.b))
    a_twin = 1.0 / (1.0 + math.exp(-z_twin))
    L_twin = -(e.y * math.log(a_twin) + (1.0 - e.y) * math.log(1.0 - a_twin))
    return Quiz(
        intro="Fresh numbers: fill the boxes left to right.",
        parts=(_z_part(e, g, z_twin), _a_part(g, a_twin), _loss_part(g, L_twin)),
        figure=draw_graph(g, shown=(), decimals=4),
    )


def _z_part(e: Example, g: ExampleGraph, twin: float) -> NumberQuestion:
    w1, x1, w2, x2 = (factor(drawn(v)) for v in (e.w1, e.x1, e.w2, e.x2))
    numbers_z = f"{w1}×{x1} + {w2}×{x2} + {drawn(e.b)}"
    return number(
        "z",
        g.z,
        twin,
        prompt="z = w1·x1 + w2·x2 + b =",
        hints=(
            "z is the first box: each weight times its own feature, then add the bias b.",
            f"z = {numbers_z}",
        ),
        solution=f"z = w1·x1 + w2·x2 + b = {numbers_z} = {drawn(g.z)}",
        mistakes={
            "no_bias": (
                g.z - e.b,
                f"The bias is missing: z = w1·x1 + w2·x2 + b, so add b = {drawn(e.b)}.",
            ),
            "swapped": (
                e.w1 * e.x2 + e.w2 * e.x1 + e.b,
                "Each weight goes with its own feature: w1 with x1 and w2 with x2.",
            ),
        },
    )


def _a_part(g: ExampleGraph, twin: float) -> NumberQuestion:
    return number(
        "a",
        g.a,
        twin,
        prompt="a = σ(z) =",
        hints=(
            "a = σ(z) = 1 / (1 + e^(−z)): a number between 0 and 1; σ(0) = 0.5.",
            f"a = 1 / (1 + e^{factor(drawn(-g.z))}); you can type sigmoid({drawn(g.z)}).",
        ),
        solution=f"a = σ(z) = 1 / (1 + e^{factor(drawn(-g.z))}) = {fixed(g.a, 5)}",
        mistakes={
            "sigma_of_minus_z": (
                1.0 - g.a,
                "That is σ(−z) = 1 − a: the exponent in σ(z) = 1 / (1 + e^(−z)) is minus z.",
            ),
            "z_for_a": (g.z, "That is z itself; a squashes it with σ: a = σ(z)."),
            "exp_only": (math.exp(-g.z), "That is e^(−z) alone; a = 1 / (1 + e^(−z))."),
        },
    )


def _loss_part(g: ExampleGraph, twin: float) -> NumberQuestion:
    y, a5 = label(g.y), fixed(g.a, 5)
    kept = "−log a" if y == "1" else "−log(1 − a)"
    kept_numbers = f"−log {a5}" if y == "1" else f"−log(1 − {a5})"
    return number(
        "L",
        g.L,
        twin,
        prompt="L = −(y·log a + (1 − y)·log(1 − a)) =",
        hints=(
            "With y = 0 or 1 only one of the two terms is left. log is the natural log (ln).",
            f"y = {y}, so L = {kept} = {kept_numbers}",
        ),
        solution=(
            f"L = −({y}·log a + {label(1 - g.y)}·log(1 − a)) = {kept} = {kept_numbers} "
            f"= {fixed(g.L, 5)}"
        ),
        mistakes={
            "other_term": (
                float(logistic.loss(g.a, 1.0 - g.y)),
                f"That is the loss for the other label. With y = {y} the term left is {kept}.",
            ),
            "no_minus": (
                -g.L,
                "The minus sign is missing: the log of a number below 1 is negative, so the "
                "loss −log(…) is positive.",
            ),
            "log10": (
                g.L / math.log(10.0),
                "That is the base-10 log. The loss uses the natural log, ln (type log or ln).",
            ),
        },
    )


# -- backward: da, dz, dw1, dw2, db ---------------------------------------------------------------
def backward_quiz(rng: np.random.Generator) -> Quiz:
    """da, dz, dw1, dw2, db for fresh numbers, each checked against central differences."""
    e = draw_example(rng)
    g = e.graph()
    grad = _parameter_gradient(e)
    return Quiz(
        intro=f"Forward gave {_forward_values(g)}. Now go backward, right to left.",
        parts=(
            _da_part(g),
            _dz_part(g),
            _dw_part(g, 1, grad["w1"]),
            _dw_part(g, 2, grad["w2"]),
            _db_part(g, grad["b"]),
        ),
        figure=draw_graph(g, shown=FORWARD, asked=BACKWARD, decimals=4),
    )


def _da_part(g: ExampleGraph) -> NumberQuestion:
    y, not_y, a = label(g.y), label(1.0 - g.y), fixed(g.a, 5)
    return number(
        "da",
        g.da,
        numerical_derivative(lambda a_: float(logistic.loss(a_, g.y)), g.a),
        prompt="da = dL/da = −y/a + (1 − y)/(1 − a) =",
        hints=(
            "Start at the right end: da is the slope of the loss with respect to a, "
            "da = −y/a + (1 − y)/(1 − a).",
            f"da = −{y}/{a} + {not_y}/(1 − {a})",
        ),
        solution=f"da = −{y}/{a} + {not_y}/(1 − {a}) = {drawn(g.da)}",
        mistakes={
            "sign": (-g.da, "The sign is flipped: da = −y/a + (1 − y)/(1 − a)."),
            "dz_for_da": (
                g.dz,
                "That is dz = a − y, one box further back. da is the slope with respect to a.",
            ),
            "other_label": (
                -(1.0 - g.y) / g.a + g.y / (1.0 - g.a),
                f"y and 1 − y are swapped: here y = {y}, so da = −{y}/a + {not_y}/(1 − a).",
            ),
        },
    )


def _dz_part(g: ExampleGraph) -> NumberQuestion:
    y, a = label(g.y), fixed(g.a, 5)
    return number(
        "dz",
        g.dz,
        numerical_derivative(lambda z_: float(logistic.loss(sigmoid(z_), g.y)), g.z),
        prompt="dz = dL/dz =",
        hints=(
            "Chain rule: dz = dL/da · da/dz with da/dz = a(1 − a); it simplifies to a − y.",
            f"dz = {factor(drawn(g.da))} × {a}×(1 − {a}), or simply {a} − {y}",
        ),
        solution=(
            f"dz = da · a(1 − a) = {factor(drawn(g.da))} × {drawn(g.dadz)} = a − y = {a} − {y} "
            f"= {drawn(g.dz)}"
        ),
        mistakes={
            "da_for_dz": (
                g.da,
                "That is da. The chain rule multiplies it by da/dz = a(1 − a); leaving that "
                "factor out gives exactly da.",
            ),
            "sign": (-g.dz, "The sign is flipped: dz = a − y, not y − a."),
            "chain_twice": (
                g.dz * g.dadz,
                "a(1 − a) is applied twice: dz = da·a(1 − a) = a − y already contains it.",
            ),
            "dadz_only": (g.dadz, "That is da/dz = a(1 − a) alone; dz = da × a(1 − a) = a − y."),
        },
    )


def _dw_part(g: ExampleGraph, i: int, twin: float) -> NumberQuestion:
    """dw1 = x1·dz or dw2 = x2·dz; the usual slips use the other feature, or forget it."""
    x, other = (g.x1, g.x2) if i == 1 else (g.x2, g.x1)
    dw, j = (g.dw1 if i == 1 else g.dw2), 3 - i
    product = f"{factor(drawn(x))} × {factor(drawn(g.dz))}"
    wrong_feature = (
        "w1 multiplies x1, so dw1 = x1·dz, not x2·dz."
        if i == 1
        else "That is dw1 = x1·dz; dw2 uses x2."
    )
    mistakes = {
        f"used_x{j}": (other * g.dz, wrong_feature),
        "sign": (-dw, f"The sign is flipped: dw{i} = x{i}·dz with dz = a − y."),
        "no_x": (g.dz, f"That is dz alone; dw{i} = x{i}·dz."),
    }
    if i == 1:
        mistakes["used_da"] = (g.x1 * g.da, "That is x1·da; dw1 = x1·dz uses dz = a − y.")
    first = (
        "z = w1·x1 + w2·x2 + b changes by x1 for each unit of w1, so dw1 = x1·dz."
        if i == 1
        else "The same as dw1, with the feature w2 multiplies: dw2 = x2·dz."
    )
    return number(
        f"dw{i}",
        dw,
        twin,
        prompt=f"dw{i} = dL/dw{i} =",
        hints=(first, f"dw{i} = {product}"),
        solution=f"dw{i} = x{i}·dz = {product} = {drawn(dw)}",
        mistakes=mistakes,
    )


def _db_part(g: ExampleGraph, twin: float) -> NumberQuestion:
    return number(
        "db",
        g.db,
        twin,
        prompt="db = dL/db =",
        hints=(
            "z changes one-for-one with b (dz/db = 1), so db = dz·1.",
            f"db = dz = {drawn(g.dz)}",
        ),
        solution=f"db = dz · 1 = {drawn(g.db)}",
        mistakes={
            "sign": (-g.db, "The sign is flipped: db = dz = a − y."),
            "bias_as_weight": (
                g.b * g.dz,
                "b is not multiplied by a feature, so db is not b·dz: dz/db = 1 and db = dz.",
            ),
            "one": (1.0, "1 is dz/db; the chain rule gives db = dz · 1 = dz."),
        },
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
    w1_part = number(
        "w1 after the step",
        w1_new,
        e.w1 - alpha * grad["w1"],
        prompt="w1 := w1 − α·dw1 =",
        hints=(
            "Step downhill: subtract the learning rate times the derivative, w1 − α·dw1.",
            f"w1 − α·dw1 = {drawn(e.w1)} − {al} × {factor(drawn(g.dw1))}",
        ),
        solution=(
            f"w1 := {drawn(e.w1)} − {al} × {factor(drawn(g.dw1))} = {drawn(e.w1)} − "
            f"{factor(drawn(alpha * g.dw1))} = {drawn(w1_new)}"
        ),
        mistakes={
            "plus": (e.w1 + alpha * g.dw1, "That step goes uphill: the update subtracts α·dw1."),
            "no_alpha": (e.w1 - g.dw1, "The step is α·dw1: multiply dw1 by α first."),
            "change_only": (
                -alpha * g.dw1,
                "That is the change −α·dw1 alone; the new w1 is the old w1 plus that change.",
            ),
            "used_dw2": (e.w1 - alpha * g.dw2, "w1 moves by its own derivative, dw1."),
        },
    )
    b_part = number(
        "b after the step",
        b_new,
        e.b - alpha * grad["b"],
        prompt="b := b − α·db =",
        hints=(
            "The bias takes the same kind of step, with its own derivative db = dz.",
            f"b − α·db = {drawn(e.b)} − {al} × {factor(drawn(g.db))}",
        ),
        solution=f"b := {drawn(e.b)} − {al} × {factor(drawn(g.db))} = {drawn(b_new)}",
        mistakes={
            "plus": (e.b + alpha * g.db, "That step goes uphill: subtract α·db."),
            "no_alpha": (e.b - g.db, "The step is α·db: multiply db by α first."),
            "used_dw1": (e.b - alpha * g.dw1, "b moves by its own derivative, db = dz."),
        },
    )
    return Quiz(
        intro=(
            f"One gradient step with **α = {al}**, from the graph below "
            f"(dw1 = {drawn(g.dw1)}, db = {drawn(g.db)})."
        ),
        parts=(w1_part, b_part),
        figure=draw_graph(g, decimals=4),
    )


__all__ = ["ALPHAS", "backward_quiz", "forward_quiz", "update_quiz"]
