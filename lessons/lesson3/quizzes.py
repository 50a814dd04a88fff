"""Lesson 3's quizzes: shapes on fresh sizes, one update, and single entries of every gradient.

Every number quiz draws a fresh tiny batch whose sizes n0, n1 and m all differ (so X, W1, Z1 and
A1ᵀ have four different shapes and a row can never pass for a column), values with one decimal and
W2's entries all of different sizes. `engine.network` computes the answer, and the numerical
gradient of the cost (`engine.gradcheck`) confirms it before the question is shown: the twin of
dW2[0, k] is ∂J/∂W2[0, k] by central differences, the twin of dZ2[0, j] is m·∂J/∂Z2[0, j] (dZ2 is
the per-example derivative; J averages over m). Each usual slip (1/m missing or doubled, Z1 for A1
in g′, W2[0, j] for W2[0, i], X for Xᵀ, a transposed entry, the sign) is recomputed on the same
numbers so the quiz card can name it. A draw whose answer would be lost to rounding or whose slips
could not be told apart from the answer or from each other is drawn again. Shape questions name
the usual wrong shapes too: a rank-1 (n,), keepdims left off, the wrong axis, W1's shape for Z1.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from engine import network, numfmt
from engine.activations import sigmoid
from engine.gradcheck import numerical_derivative
from engine.numfmt import fixed
from engine.numfmt import number as number_text
from engine.numfmt import shape as shape_text
from lessons.demos.staged_network import TinyBatch, block, pack, tiny_batch
from lessons.quiz import (
    Mistake,
    NumberQuestion,
    Quiz,
    ShapeQuestion,
    choice,
    number,
    require,
    shape,
)

DECIMALS = 4
RTOL = 1e-2
ATOL = 1e-4

TRANSPOSED = "That is the transposed shape: rows and columns are the other way round."


def n(x: float) -> str:
    """A number as a hint writes it: ≤ 4 decimals, Unicode minus, in parentheses when negative."""
    return numfmt.factor(numfmt.fixed(x, DECIMALS, trim=True))


def _figure(*pieces: list[str]) -> str:
    """Matrices left to right, wrapped onto more rows when they would not fit 80 columns."""
    return pack(pieces)


def _named(name: str, values: np.ndarray, decimals: int = DECIMALS) -> list[str]:
    return block(f"{name} {shape_text(np.shape(values))}", values, decimals)


# -- shapes ---------------------------------------------------------------------------------------
RANK1 = (
    "That is a rank-1 array, neither a row nor a column. {name} is a column: one row per unit "
    "of its layer and 1 column."
)


def _distinct_sizes(rng: np.random.Generator, count: int) -> list[int]:
    """Different sizes ≥ 2, so a transposed or swapped answer can never be right by accident."""
    return [int(v) for v in rng.choice(np.arange(2, 10), size=count, replace=False)]


def _shape_question(
    label: str,
    expected: tuple[int, ...],
    rule: str,
    numbers: str,
    slips: Sequence[tuple[str, tuple[int, ...], str]] = (),
    *,
    prompt: str | None = None,
    solution: str | None = None,
) -> ShapeQuestion:
    """A shape part with its diagnosed slips; a slip that would coincide with the answer or with
    an earlier slip is left out, so every diagnosis names one mistake only."""
    mistakes: list[Mistake] = []
    seen = {tuple(expected)}
    candidates = [*slips]
    if len(expected) == 2 and expected[0] != expected[1]:
        candidates.append(("transposed", (expected[1], expected[0]), TRANSPOSED))
    for key, wrong, message in candidates:
        if tuple(wrong) not in seen:
            seen.add(tuple(wrong))
            mistakes.append(Mistake(key, tuple(wrong), message))
    return shape(
        label,
        expected,
        hints=(rule, numbers),
        solution=solution or f"{label} has shape {shape_text(expected)}: {numbers}",
        mistakes=mistakes,
        prompt=prompt,
        transposed=False,  # listed above, unless it coincides with the answer or a slip
    )


def parameter_shapes(rng: np.random.Generator) -> Quiz:
    """W1, b1, W2, b2 for fresh n0 and n1 (n2 = 1)."""
    n0, n1 = _distinct_sizes(rng, 2)
    rule_w = "W[l] has one row per unit of layer l and one column per unit of layer l − 1."
    rule_b = "b[l] holds one bias per unit of layer l, as a column."
    return Quiz(
        intro=(
            f"A network with n0 = {n0} input features, n1 = {n1} hidden units and n2 = 1 output. "
            "Type each shape as (rows, columns), e.g. (4, 2)."
        ),
        parts=(
            _shape_question("W1", (n1, n0), rule_w, f"rows n1 = {n1}, columns n0 = {n0}."),
            _shape_question(
                "b1",
                (n1, 1),
                rule_b,
                f"n1 = {n1} rows, 1 column.",
                (("rank1", (n1,), RANK1.format(name="b1")),),
            ),
            _shape_question("W2", (1, n1), rule_w, f"rows n2 = 1, columns n1 = {n1}."),
            _shape_question(
                "b2",
                (1, 1),
                rule_b,
                "n2 = 1 row, 1 column.",
                (("rank1", (1,), RANK1.format(name="b2")),),
            ),
        ),
    )


def forward_shapes(rng: np.random.Generator) -> Quiz:
    """Z1, A1, Z2, A2 for fresh n0, n1 and m."""
    n0, n1, m = _distinct_sizes(rng, 3)
    rule = "Each layer's Z and A have one row per unit and one column per example."

    def w1_shape(name: str) -> tuple[str, tuple[int, ...], str]:
        return (
            "w1_shape",
            (n1, n0),
            f"That is W1's shape. {name} comes from W1·X: (n1, n0)·(n0, m) has one column per "
            "example, not per feature.",
        )

    def x_shape(name: str) -> tuple[str, tuple[int, ...], str]:
        return (
            "x_shape",
            (n0, m),
            f"That is X's shape: {name} has a row per hidden unit, not per feature.",
        )

    def w2_shape(name: str) -> tuple[str, tuple[int, ...], str]:
        return (
            "w2_shape",
            (1, n1),
            f"That is W2's shape. {name} comes from W2·A1: (1, n1)·(n1, m) has one number per "
            "example.",
        )

    return Quiz(
        intro=(
            f"n0 = {n0} features, n1 = {n1} hidden units, n2 = 1, and a batch of m = {m} "
            f"examples: X has shape ({n0}, {m})."
        ),
        parts=(
            _shape_question(
                "Z1",
                (n1, m),
                "Z1 = W1·X + b1: (n1, n0)·(n0, m) gives (n1, m).",
                f"W1 ({n1}, {n0}) · X ({n0}, {m}) → ({n1}, {m}).",
                (w1_shape("Z1"), x_shape("Z1")),
            ),
            _shape_question(
                "A1",
                (n1, m),
                rule,
                f"A1 = g1(Z1) keeps Z1's shape ({n1}, {m}).",
                (w1_shape("A1"), x_shape("A1")),
            ),
            _shape_question(
                "Z2",
                (1, m),
                "Z2 = W2·A1 + b2: (n2, n1)·(n1, m) gives (n2, m).",
                f"W2 (1, {n1}) · A1 ({n1}, {m}) → (1, {m}).",
                (w2_shape("Z2"),),
            ),
            _shape_question(
                "A2", (1, m), rule, f"A2 = σ(Z2) keeps Z2's shape (1, {m}).", (w2_shape("A2"),)
            ),
        ),
    )


def gradient_shapes(rng: np.random.Generator) -> Quiz:
    """dZ2, dW2, dZ1, dW1, db1: each derivative has the shape of what it is the derivative of."""
    n0, n1, m = _distinct_sizes(rng, 3)
    rule = "A derivative has the shape of the thing it is the derivative of: dW1 like W1."
    return Quiz(
        intro=f"n0 = {n0}, n1 = {n1}, n2 = 1, m = {m}. Shapes of the backward quantities:",
        parts=(
            _shape_question("dZ2", (1, m), rule, f"like Z2 = W2·A1 + b2: (1, {m})."),
            _shape_question(
                "dW2",
                (1, n1),
                rule,
                f"like W2: (n2, n1) = (1, {n1}).",
                (
                    (
                        "dz2_shape",
                        (1, m),
                        "That is dZ2's shape. dW2 = (1/m)·dZ2·A1ᵀ is (1, m)·(m, n1): like W2.",
                    ),
                ),
            ),
            _shape_question(
                "dZ1",
                (n1, m),
                rule,
                f"like Z1: (n1, m) = ({n1}, {m}).",
                (
                    (
                        "w1_shape",
                        (n1, n0),
                        "That is W1's shape; dZ1 is shaped like Z1: a row per unit, a column "
                        "per example.",
                    ),
                ),
            ),
            _shape_question(
                "dW1",
                (n1, n0),
                rule,
                f"like W1: (n1, n0) = ({n1}, {n0}).",
                (
                    (
                        "dz1_shape",
                        (n1, m),
                        "That is dZ1's shape. dW1 = (1/m)·dZ1·Xᵀ is (n1, m)·(m, n0): like W1.",
                    ),
                ),
            ),
            _shape_question(
                "db1",
                (n1, 1),
                rule,
                f"like b1: (n1, 1) = ({n1}, 1).",
                (("rank1", (n1,), RANK1.format(name="db1") + " keepdims=True keeps it one."),),
            ),
        ),
    )


def keepdims_shapes(rng: np.random.Generator) -> Quiz:
    """What np.sum returns with and without keepdims, and what the broken update becomes.

    The expected shapes are the shapes NumPy really produces for arrays of these sizes, and so
    are the slips: keepdims on when it was off, off when it was on, and axis=0 for axis=1.
    """
    n1, m = _distinct_sizes(rng, 2)
    dZ1 = np.ones((n1, m))
    b1 = np.zeros((n1, 1))
    flat = np.sum(dZ1, axis=1)
    column = np.sum(dZ1, axis=1, keepdims=True)
    broken = b1 - 0.1 * flat
    axis_rule = "axis=1 adds across the columns (the examples), leaving one number per row."
    wrong_axis = (
        "That sums over axis=0, down each column (the hidden units), leaving one number per "
        "example. axis=1 adds across each row: one number per hidden unit."
    )
    return Quiz(
        intro=(
            f"dZ1 has shape ({n1}, {m}) and b1 has shape ({n1}, 1). "
            "Type a rank-1 shape with a trailing comma, like (4,)."
        ),
        parts=(
            _shape_question(
                "np.sum(dZ1, axis=1).shape",
                flat.shape,
                axis_rule + " Without keepdims the summed axis disappears.",
                f"{n1} rows, each summed to one number, and no second axis: ({n1},).",
                (
                    (
                        "keepdims_on",
                        column.shape,
                        "That is what keepdims=True gives. Without it NumPy drops the summed "
                        "axis altogether.",
                    ),
                    ("wrong_axis", np.sum(dZ1, axis=0).shape, wrong_axis),
                ),
                prompt="np.sum(dZ1, axis=1).shape =",
                solution=f"({n1},): a rank-1 array, neither a row nor a column.",
            ),
            _shape_question(
                "np.sum(dZ1, axis=1, keepdims=True).shape",
                column.shape,
                "keepdims=True keeps the summed axis, with length 1.",
                f"{n1} rows and the summed axis kept as 1 column: ({n1}, 1).",
                (
                    (
                        "keepdims_off",
                        flat.shape,
                        "That is the rank-1 result without keepdims. keepdims=True keeps the "
                        "summed axis, with length 1.",
                    ),
                    ("wrong_axis", np.sum(dZ1, axis=0, keepdims=True).shape, wrong_axis),
                ),
                prompt="with keepdims=True, shape =",
                solution=f"({n1}, 1): a column, the shape of b1.",
            ),
            _shape_question(
                "(b1 − α·db1).shape with the rank-1 db1",
                broken.shape,
                "Broadcasting lines shapes up from the right: "
                f"({n1}, 1) against ({n1},) is treated as ({n1}, 1) against (1, {n1}).",
                f"Each of the {n1} rows of b1 meets each of the {n1} entries: ({n1}, {n1}).",
                (
                    (
                        "intended",
                        b1.shape,
                        "That is what the update should give, and does with keepdims=True. With "
                        "the rank-1 db1, (n1, 1) − (n1,) broadcasts: line the shapes up from "
                        "the right.",
                    ),
                ),
                prompt="(b1 − α·np.sum(dZ1, axis=1)).shape =",
                solution=(
                    f"({n1}, {n1}): a matrix, not the ({n1}, 1) column b1 must stay. "
                    "keepdims=True (or .reshape(n1, 1)) prevents it."
                ),
            ),
        ),
    )


# -- numbers --------------------------------------------------------------------------------------
def _require_readable(label: str, expected: float, terms: Sequence[float] = ()) -> None:
    """Redraw unless rounding the shown numbers cannot move the answer out of tolerance: the
    answer is not tiny, and not a sum that nearly cancels its terms. (That every listed slip is
    told apart from the answer and from the other slips is the draw loop's one rule,
    `lessons.quiz.quiz_problems`.)"""
    require(abs(expected) >= 0.02, f"{label} is too small to survive rounding")
    if terms:
        require(
            abs(expected) >= 0.15 * max(abs(t) for t in terms),
            f"{label} is a sum that nearly cancels",
        )


def _cost_of(batch: TinyBatch) -> Callable[[dict], float]:
    def cost(params: dict) -> float:
        A2, _ = network.forward(params, batch.X, batch.activation)
        return network.compute_cost(A2, batch.Y)

    return cost


def _twin(batch: TinyBatch, name: str, index: tuple[int, int]) -> float:
    """∂J/∂name[index] by central differences on that one entry (the asked entry's twin)."""
    cost = _cost_of(batch)

    def moved(value: float) -> float:
        changed = batch.params[name].copy()
        changed[index] = value
        return cost({**batch.params, name: changed})

    return numerical_derivative(moved, float(batch.params[name][index]))


def _number(
    label: str,
    expected: float,
    twin: float,
    hints: tuple[str, str],
    solution: str,
    mistakes: Sequence[Mistake],
) -> NumberQuestion:
    return number(
        label,
        expected,
        twin,
        hints=hints,
        solution=solution,
        mistakes=mistakes,
        rtol=RTOL,
        atol=ATOL,
    )


#: (n0, n1, m) a number quiz may draw: all three different, so X (n0, m), W1 (n1, n0), Z1 (n1, m)
#: and A1ᵀ (m, n1) have four different shapes; m ≤ 5 keeps every figure within 80 columns.
BATCH_SIZES = tuple(
    (n0, n1, m) for n0 in (2, 3) for n1 in (2, 3, 4, 5) for m in (3, 4, 5) if len({n0, n1, m}) == 3
)


def draw_sizes(rng: np.random.Generator) -> tuple[int, int, int]:
    """n0, n1 and m for one draw, all different."""
    return BATCH_SIZES[int(rng.integers(len(BATCH_SIZES)))]


def _batch(rng: np.random.Generator) -> TinyBatch:
    """A fresh tiny batch with n0, n1 and m all different (redraws are the draw loop's job)."""
    n0, n1, m = draw_sizes(rng)
    return tiny_batch(rng, n0=n0, n1=n1, m=m)


def _sum_text(products: Sequence[tuple[float, float]]) -> str:
    return " + ".join(f"{n(a)}·{n(b)}" for a, b in products)


def output_gradients(rng: np.random.Generator) -> Quiz:
    """dZ2[0, j], dW2[0, k] and db2 on a fresh batch."""
    return _output_gradients(_batch(rng), rng)


def _output_gradients(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    m, n1 = b.m, b.n1
    j = int(rng.integers(m))
    k = int(rng.integers(min(n1, m)))  # column k of A1 must exist for the A1-for-A1ᵀ slip
    A1, A2, Y, dZ2 = b.cache["A1"], b.cache["A2"], b.Y, b.dZ2
    Z2 = b.cache["Z2"]

    def cost_from_z2(z: float) -> float:
        changed = Z2.copy()
        changed[0, j] = z
        return network.compute_cost(sigmoid(changed), Y)

    dz2 = float(dZ2[0, j])
    dz2_twin = m * numerical_derivative(cost_from_z2, float(Z2[0, j]))
    dw2 = float(b.grads["dW2"][0, k])
    dw2_terms = [float(dZ2[0, c] * A1[k, c]) for c in range(m)]
    # A1 for A1ᵀ: dZ2's row met A1's column k (example k), as far as the shorter one goes
    dw2_transposed = float(sum(dZ2[0, c] * A1[c, k] for c in range(min(n1, m))) / m)
    db2 = float(b.grads["db2"][0, 0])
    mistakes_dz2 = (
        Mistake("sign", -dz2, "Sign flipped: dZ2 = A2 − Y, prediction minus label."),
        Mistake("over_m", dz2 / m, "No 1/m in dZ2: it is per example; 1/m comes in dW2, db2."),
    )
    mistakes_dw2 = (
        Mistake("no_1_over_m", dw2 * m, "You summed but did not divide by m: dW2 = (1/m)·dZ2·A1ᵀ."),
        Mistake("twice_1_over_m", dw2 / m, "You divided by m twice: once is enough."),
        Mistake("sign", -dw2, "Sign flipped: check dZ2 = A2 − Y (not Y − A2)."),
        Mistake(
            "transposed",
            dw2_transposed,
            f"You used column {k} of A1 (example {k}, only {n1} long). A1ᵀ's column {k} is "
            f"A1's row {k}: hidden unit {k} across all {m} examples, as long as dZ2's row.",
        ),
    )
    mistakes_db2 = (
        Mistake("no_1_over_m", db2 * m, "That is the sum; db2 is the sum divided by m."),
        Mistake("twice_1_over_m", db2 / m, "You divided by m twice: once is enough."),
        Mistake("sign", -db2, "Sign flipped: check dZ2 = A2 − Y."),
    )
    _require_readable(f"dZ2[0, {j}]", dz2, [float(A2[0, j]), float(Y[0, j])])
    _require_readable(f"dW2[0, {k}]", dw2, dw2_terms)
    _require_readable("db2", db2, [float(v) for v in dZ2[0]])
    dz2_row = " ".join(n(v) for v in dZ2[0])
    figure = _figure(
        _named("A1 = tanh(Z1)", A1),
        _named("A2 = ŷ", A2),
        _named("Y", Y, 0),
    )
    pairs = [(float(dZ2[0, c]), float(A1[k, c])) for c in range(m)]
    return Quiz(
        intro=f"A batch of m = {m} examples through a network with {n1} tanh hidden units:",
        figure=figure,
        parts=(
            _number(
                f"dZ2[0, {j}]",
                dz2,
                dz2_twin,
                (
                    "dZ2 = A2 − Y, entry by entry. No 1/m here.",
                    f"dZ2[0, {j}] = A2[0, {j}] − Y[0, {j}] = {n(A2[0, j])} − {n(Y[0, j])}",
                ),
                f"dZ2[0, {j}] = {n(A2[0, j])} − {n(Y[0, j])} = {fixed(dz2, DECIMALS)}",
                mistakes_dz2,
            ),
            _number(
                f"dW2[0, {k}]",
                dw2,
                _twin(b, "W2", (0, k)),
                (
                    f"dW2 = (1/m)·dZ2·A1ᵀ: multiply dZ2 by row {k} of A1 entry by entry, add, "
                    "divide by m. First work out the whole row dZ2 = A2 − Y.",
                    f"dZ2 = [{dz2_row}], so dW2[0, {k}] = (1/{m})·({_sum_text(pairs)})",
                ),
                f"dW2[0, {k}] = (1/{m})·({_sum_text(pairs)}) = {fixed(dw2, DECIMALS)}",
                mistakes_dw2,
            ),
            _number(
                "db2",
                db2,
                _twin(b, "b2", (0, 0)),
                (
                    "db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True): the mean of the row dZ2.",
                    f"db2 = (1/{m})·({' + '.join(n(v) for v in dZ2[0])})",
                ),
                f"db2 = (1/{m})·({' + '.join(n(v) for v in dZ2[0])}) = {fixed(db2, DECIMALS)}",
                mistakes_db2,
            ),
        ),
    )


def hidden_delta(rng: np.random.Generator) -> Quiz:
    """dZ1[i, j] = W2[0, i]·dZ2[0, j]·(1 − A1[i, j]²) on a fresh batch."""
    return _hidden_delta(_batch(rng), rng)


def _hidden_delta(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    m, n1 = b.m, b.n1
    # i: a hidden unit, j: an example; both below min(n1, m) so the swapped slips exist too
    i, j = (int(v) for v in rng.choice(min(n1, m), size=2, replace=False))
    W2, b2 = b.params["W2"], b.params["b2"]
    Z1, A1, dZ2, dZ1 = b.cache["Z1"], b.cache["A1"], b.dZ2, b.dZ1
    w, d, a, z = float(W2[0, i]), float(dZ2[0, j]), float(A1[i, j]), float(Z1[i, j])
    expected = float(dZ1[i, j])

    def cost_from_z1(value: float) -> float:
        changed = Z1.copy()
        changed[i, j] = value
        return network.compute_cost(sigmoid(W2 @ np.tanh(changed) + b2), b.Y)

    twin = m * numerical_derivative(cost_from_z1, z)
    mistakes = (
        Mistake(
            "z1_for_a1",
            w * d * (1 - z * z),
            "You used Z1 in g′: for tanh, g1′(Z1) = 1 − A1², with A1 = tanh(Z1), not 1 − Z1².",
        ),
        Mistake(
            "sigmoid_prime",
            w * d * a * (1 - a),
            "a(1 − a) is σ′; the hidden units use tanh, whose slope is 1 − a².",
        ),
        Mistake(
            "no_g_prime",
            w * d,
            "You stopped at W2ᵀ·dZ2: multiply entry by entry by g1′(Z1) = 1 − A1².",
        ),
        Mistake(
            "w2_wrong_index",
            float(W2[0, j]) * d * (1 - a * a),
            f"You used W2[0, {j}], the weight of hidden unit {j}. Row {i} of W2ᵀ·dZ2 belongs to "
            f"hidden unit {i}: W2ᵀ ({n1}, 1)·dZ2 (1, {m}) has entry W2[0, {i}]·dZ2[0, {j}].",
        ),
        Mistake("sign", -expected, "Sign flipped: check dZ2 = A2 − Y and the sign of W2."),
        Mistake("over_m", expected / m, "No 1/m in dZ1: it is per example, like dZ2."),
        Mistake(
            "transposed",
            float(dZ1[j, i]),
            f"That is entry [{j}, {i}]: dZ1's rows are hidden units, its columns examples.",
        ),
    )
    _require_readable(f"dZ1[{i}, {j}]", expected)
    figure = _figure(
        _named("W2", W2, 1),
        _named("dZ2 = A2 − Y", dZ2),
        _named("Z1", Z1),
        _named("A1 = tanh(Z1)", A1),
    )
    return Quiz(
        intro=(
            f"Backward into the hidden layer: n1 = {n1} tanh units, m = {m} examples. Rows are "
            "hidden units, columns examples, both counted from 0."
        ),
        figure=figure,
        parts=(
            _number(
                f"dZ1[{i}, {j}]",
                expected,
                twin,
                (
                    "dZ1 = W2ᵀ·dZ2 * g1′(Z1), and for tanh g1′(Z1) = 1 − A1². With one output "
                    f"unit, entry [{i}, {j}] is W2[0, {i}]·dZ2[0, {j}]·(1 − A1[{i}, {j}]²).",
                    f"dZ1[{i}, {j}] = {n(w)}·{n(d)}·(1 − {n(a)}²)",
                ),
                f"dZ1[{i}, {j}] = {n(w)}·{n(d)}·(1 − {n(a)}²) = {n(w * d)}·{n(1 - a * a)} "
                f"= {fixed(expected, DECIMALS)}",
                mistakes,
            ),
        ),
    )


def hidden_gradients(rng: np.random.Generator) -> Quiz:
    """db1[i, 0] and dW1[i, k] from a given dZ1 and X."""
    return _hidden_gradients(_batch(rng), rng)


def _hidden_gradients(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    m, n0, n1 = b.m, b.n0, b.n1
    # i: a hidden unit, k: a feature; both below min(n0, n1, m) so every slip's entries exist
    i, k = (int(v) for v in rng.choice(min(n0, n1, m), size=2, replace=False))
    dZ1, X = b.dZ1, b.X
    db1 = float(b.grads["db1"][i, 0])
    dw1 = float(b.grads["dW1"][i, k])
    db1_mistakes = (
        Mistake("no_1_over_m", db1 * m, "That is the sum; db1 is the sum divided by m."),
        Mistake("twice_1_over_m", db1 / m, "You divided by m twice: once is enough."),
        Mistake("sign", -db1, "Sign flipped: add the entries as they are."),
        Mistake(
            "transposed",
            float(dZ1[:, i].sum() / m),
            f"You added column {i} (axis=0, over hidden units). db1 adds row {i}, over the "
            "examples: axis=1.",
        ),
    )
    dw1_mistakes = (
        Mistake("no_1_over_m", dw1 * m, "You summed but did not divide by m: dW1 = (1/m)·dZ1·Xᵀ."),
        Mistake("twice_1_over_m", dw1 / m, "You divided by m twice: once is enough."),
        Mistake("sign", -dw1, "Sign flipped: multiply the entries as they are."),
        Mistake(
            "transposed",
            float(b.grads["dW1"][k, i]),
            f"That is entry [{k}, {i}]: use row {i} of dZ1 (hidden unit {i}) with row {k} of X "
            f"(feature {k}).",
        ),
        Mistake(
            "x_for_xt",
            float(sum(dZ1[i, c] * X[c, k] for c in range(min(n0, m))) / m),
            f"You used column {k} of X (example {k}, only {n0} long), as if X were Xᵀ. "
            f"dW1 = (1/m)·dZ1·Xᵀ is ({n1}, {m})·({m}, {n0}): Xᵀ's column {k} is X's row {k}, "
            f"feature {k} across all {m} examples.",
        ),
    )
    products = [(float(dZ1[i, c]), float(X[k, c])) for c in range(m)]
    _require_readable(f"db1[{i}, 0]", db1, [float(v) for v in dZ1[i]])
    _require_readable(f"dW1[{i}, {k}]", dw1, [a * x for a, x in products])
    figure = _figure(_named("dZ1", dZ1), _named("X", X, 1))
    row = " + ".join(n(v) for v in dZ1[i])
    return Quiz(
        intro=f"The last two gradients, from dZ1 and the inputs X (m = {m} examples):",
        figure=figure,
        parts=(
            _number(
                f"db1[{i}, 0]",
                db1,
                _twin(b, "b1", (i, 0)),
                (
                    f"db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True): the mean of row {i} of dZ1.",
                    f"db1[{i}, 0] = (1/{m})·({row})",
                ),
                f"db1[{i}, 0] = (1/{m})·({row}) = {fixed(db1, DECIMALS)}",
                db1_mistakes,
            ),
            _number(
                f"dW1[{i}, {k}]",
                dw1,
                _twin(b, "W1", (i, k)),
                (
                    f"dW1 = (1/m)·dZ1·Xᵀ: row {i} of dZ1 times column {k} of Xᵀ, which is row "
                    f"{k} of X, entry by entry, added, divided by m.",
                    f"dW1[{i}, {k}] = (1/{m})·({_sum_text(products)})",
                ),
                f"dW1[{i}, {k}] = (1/{m})·({_sum_text(products)}) = {fixed(dw1, DECIMALS)}",
                dw1_mistakes,
            ),
        ),
    )


ORDER_OPTIONS = {
    "fwd": "predictions ŷ → derivatives → update",
    "upd": "update → predictions ŷ → derivatives",
    "der": "derivatives → update → predictions ŷ",
    "dpu": "derivatives → predictions ŷ → update",
}


def _shuffled(rng: np.random.Generator, options: dict[str, str]) -> dict[str, str]:
    """The options in a seeded random order, so the right one is not always first."""
    keys = list(options)
    return {keys[int(index)]: options[keys[int(index)]] for index in rng.permutation(len(keys))}


def one_iteration(rng: np.random.Generator) -> Quiz:
    """The order of one iteration, then one update W2[0, k] := W2[0, k] − α·dW2[0, k]."""
    return _one_iteration(_batch(rng), rng)


def _one_iteration(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    n1 = b.n1
    k = int(rng.integers(n1))
    alpha = float(rng.choice([0.5, 1.0, 1.2, 2.0]))
    new = float(network.update(b.params, b.grads, alpha)["W2"][0, k])
    twin = float(b.params["W2"][0, k] - alpha * _twin(b, "W2", (0, k)))
    w, g = float(b.params["W2"][0, k]), float(b.grads["dW2"][0, k])
    mistakes = (
        Mistake("sign", w + alpha * g, "Step downhill: subtract α·dW2, do not add it."),
        Mistake("no_alpha", w - g, "Multiply the derivative by the learning rate α first."),
        Mistake("step_only", -alpha * g, "That is the step; the new W2 is the old W2 minus it."),
    )
    require(abs(alpha * g) >= 0.02, "the step α·dW2 is too small to see")
    _require_readable(f"new W2[0, {k}]", new, [w, alpha * g])
    return Quiz(
        intro=(
            f"One iteration of gradient descent, α = {number_text(alpha)}. Now W2[0, {k}] = "
            f"{fixed(w, DECIMALS, trim=True)} and backward propagation gave dW2[0, {k}] = "
            f"{fixed(g, DECIMALS, trim=True)}."
        ),
        parts=(
            choice(
                "order",
                "One iteration does, in order:",
                _shuffled(rng, ORDER_OPTIONS),
                "fwd",
                hints=(
                    "The derivatives need the predictions, and the update needs the derivatives.",
                    "Forward propagation first (ŷ), then backward (dW1, db1, dW2, db2), then step.",
                ),
                solution="Forward (ŷ), backward (dW1, db1, dW2, db2), update; then repeat.",
            ),
            _number(
                f"new W2[0, {k}]",
                new,
                twin,
                (
                    "W2 := W2 − α·dW2, entry by entry.",
                    f"W2[0, {k}] := {n(w)} − {number_text(alpha)}·{n(g)}",
                ),
                f"W2[0, {k}] := {n(w)} − {number_text(alpha)}·{n(g)} = {fixed(new, DECIMALS)}",
                mistakes,
            ),
        ),
    )
