"""Lesson 3's quizzes: shapes on fresh sizes, one update, and single entries of every gradient.

Every number quiz draws a fresh tiny batch (n1 = 3 hidden tanh units, m = 3 examples, values with
one decimal), lets `engine.network` compute the answer, and confirms it with the numerical gradient
of the cost (`engine.gradcheck`): the twin of dW2[0, k] is ∂J/∂W2[0, k] by central differences,
the twin of dZ2[0, j] is m·∂J/∂Z2[0, j] (dZ2 is the per-example derivative; J averages over m).
Each usual mistake (1/m missing or doubled, Z1 used for A1 in g′, a transposed entry, the sign) is
recomputed on the same numbers so the quiz card can name it. A draw whose answer would be lost to
rounding (a tiny value, or a sum that nearly cancels) or whose mistakes could not be told apart is
drawn again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from engine import network, numfmt
from engine.activations import sigmoid
from engine.gradcheck import numerical_derivative, numerical_gradient
from engine.numfmt import fixed
from lessons.demos.staged_network import TinyBatch, block, side_by_side, tiny_batch
from lessons.quiz import (
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


def n(x: float) -> str:
    """A number as a hint writes it: ≤ 4 decimals, Unicode minus, in parentheses when negative."""
    return numfmt.factor(numfmt.fixed(x, DECIMALS, trim=True))


def _figure(*pieces: list[str] | str) -> str:
    return side_by_side(list(pieces), gap=2)


# -- shapes ---------------------------------------------------------------------------------------
def _distinct_sizes(rng: np.random.Generator, count: int) -> list[int]:
    """Different sizes ≥ 2, so a transposed answer can never be right by accident."""
    return [int(v) for v in rng.choice(np.arange(2, 10), size=count, replace=False)]


def _shape_question(
    label: str, expected: tuple[int, ...], rule: str, numbers: str
) -> ShapeQuestion:
    return shape(
        label,
        expected,
        hints=(rule, numbers),
        solution=f"{label} has shape {numfmt.shape(expected)}: {numbers}",
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
            _shape_question("b1", (n1, 1), rule_b, f"n1 = {n1} rows, 1 column."),
            _shape_question("W2", (1, n1), rule_w, f"rows n2 = 1, columns n1 = {n1}."),
            _shape_question("b2", (1, 1), rule_b, "n2 = 1 row, 1 column."),
        ),
    )


def forward_shapes(rng: np.random.Generator) -> Quiz:
    """Z1, A1, Z2, A2 for fresh n0, n1 and m."""
    n0, n1, m = _distinct_sizes(rng, 3)
    rule = "Each layer's Z and A have one row per unit and one column per example."
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
            ),
            _shape_question("A1", (n1, m), rule, f"A1 = g1(Z1) keeps Z1's shape ({n1}, {m})."),
            _shape_question(
                "Z2",
                (1, m),
                "Z2 = W2·A1 + b2: (n2, n1)·(n1, m) gives (n2, m).",
                f"W2 (1, {n1}) · A1 ({n1}, {m}) → (1, {m}).",
            ),
            _shape_question("A2", (1, m), rule, f"A2 = σ(Z2) keeps Z2's shape (1, {m})."),
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
            _shape_question("dW2", (1, n1), rule, f"like W2: (n2, n1) = (1, {n1})."),
            _shape_question("dZ1", (n1, m), rule, f"like Z1: (n1, m) = ({n1}, {m})."),
            _shape_question("dW1", (n1, n0), rule, f"like W1: (n1, n0) = ({n1}, {n0})."),
            _shape_question("db1", (n1, 1), rule, f"like b1: (n1, 1) = ({n1}, 1)."),
        ),
    )


def keepdims_shapes(rng: np.random.Generator) -> Quiz:
    """What np.sum returns with and without keepdims, and what the broken update becomes.

    The expected shapes are the shapes NumPy really produces for arrays of these sizes.
    """
    n1, m = _distinct_sizes(rng, 2)
    dZ1 = np.ones((n1, m))
    b1 = np.zeros((n1, 1))
    flat = np.sum(dZ1, axis=1)
    column = np.sum(dZ1, axis=1, keepdims=True)
    broken = b1 - 0.1 * flat
    axis_rule = "axis=1 adds across the columns (the examples), leaving one number per row."
    return Quiz(
        intro=(
            f"dZ1 has shape ({n1}, {m}) and b1 has shape ({n1}, 1). "
            "Type a rank-1 shape with a trailing comma, like (4,)."
        ),
        parts=(
            shape(
                "np.sum(dZ1, axis=1).shape",
                flat.shape,
                prompt="np.sum(dZ1, axis=1).shape =",
                hints=(
                    axis_rule + " Without keepdims the summed axis disappears.",
                    f"{n1} rows, each summed to one number, and no second axis: ({n1},).",
                ),
                solution=f"({n1},): a rank-1 array, neither a row nor a column.",
            ),
            shape(
                "np.sum(dZ1, axis=1, keepdims=True).shape",
                column.shape,
                prompt="with keepdims=True, shape =",
                hints=(
                    "keepdims=True keeps the summed axis, with length 1.",
                    f"{n1} rows and the summed axis kept as 1 column: ({n1}, 1).",
                ),
                solution=f"({n1}, 1): a column, the shape of b1.",
            ),
            shape(
                "(b1 − α·db1).shape with the rank-1 db1",
                broken.shape,
                prompt="(b1 − α·np.sum(dZ1, axis=1)).shape =",
                hints=(
                    "Broadcasting lines shapes up from the right: "
                    f"({n1}, 1) against ({n1},) is treated as ({n1}, 1) against (1, {n1}).",
                    f"Each of the {n1} rows of b1 meets each of the {n1} entries: ({n1}, {n1}).",
                ),
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
    answer is not tiny, and not a sum that nearly cancels its terms."""
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


def _sum_text(products: Sequence[tuple[float, float]]) -> str:
    return " + ".join(f"{n(a)}·{n(b)}" for a, b in products)


def _mean_part(
    label: str,
    value: float,
    twin: float,
    terms: Sequence[float],
    sum_text: str,
    m: int,
    hint: str,
    *,
    sign: str,
    transposed: tuple[float, str] | None = None,
    no_m: str = "That is the sum; {label} is the sum divided by m.",
    before: str = "",
) -> NumberQuestion:
    """An entry of a gradient that is (1/m)·(a sum over the m examples): dW2, db2, db1, dW1.

    All four share their usual slips: the 1/m forgotten or applied twice, the sign flipped, and
    the transposed entry (the other axis of the sum). `before` leads the worked hint."""
    _require_readable(label, value, terms)
    worked = f"{label} = (1/{m})·({sum_text})"
    mistakes = {
        "no_1_over_m": (value * m, no_m.format(label=label)),
        "twice_1_over_m": (value / m, "You divided by m twice: once is enough."),
        "sign": (-value, sign),
    }
    if transposed is not None:
        mistakes["transposed"] = transposed
    return number(
        label,
        value,
        twin,
        hints=(hint, before + worked),
        solution=f"{worked} = {fixed(value, DECIMALS)}",
        mistakes=mistakes,
        rtol=RTOL,
        atol=ATOL,
    )


def output_gradients(rng: np.random.Generator) -> Quiz:
    """dZ2[0, j], dW2[0, k] and db2 on a fresh batch."""
    return _output_gradients(tiny_batch(rng), rng)


def _output_gradients(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    m, n1 = b.m, b.params["W1"].shape[0]
    j, k = int(rng.integers(m)), int(rng.integers(n1))
    A1, A2, Y, dZ2 = b.cache["A1"], b.cache["A2"], b.Y, b.dZ2
    numeric = numerical_gradient(_cost_of(b), b.params)
    pairs = [(float(dZ2[0, c]), float(A1[k, c])) for c in range(m)]
    row = " + ".join(n(v) for v in dZ2[0])
    dz2_row = " ".join(n(v) for v in dZ2[0])
    transposed = float(sum(dZ2[0, c] * A1[c, k] for c in range(m)) / m)
    return Quiz(
        intro=f"A batch of m = {m} examples through a network with {n1} tanh hidden units:",
        figure=_figure(
            block(f"A1 = tanh(Z1) ({n1}, {m})", A1, DECIMALS),
            block(f"A2 = ŷ (1, {m})", A2, DECIMALS),
            block("Y", Y, 0),
        ),
        parts=(
            _dz2_part(b, j),
            _mean_part(
                f"dW2[0, {k}]",
                float(b.grads["dW2"][0, k]),
                float(numeric["W2"][0, k]),
                [a * x for a, x in pairs],
                _sum_text(pairs),
                m,
                f"dW2 = (1/m)·dZ2·A1ᵀ: multiply dZ2 by row {k} of A1 entry by entry, add, "
                "divide by m. First work out the whole row dZ2 = A2 − Y.",
                before=f"dZ2 = [{dz2_row}], so ",
                no_m="You summed but did not divide by m: dW2 = (1/m)·dZ2·A1ᵀ.",
                sign="Sign flipped: check dZ2 = A2 − Y (not Y − A2).",
                transposed=(
                    transposed,
                    f"You used column {k} of A1. A1ᵀ's column {k} is A1's row {k}: hidden unit "
                    f"{k} across the examples.",
                ),
            ),
            _mean_part(
                "db2",
                float(b.grads["db2"][0, 0]),
                float(numeric["b2"][0, 0]),
                [float(v) for v in dZ2[0]],
                row,
                m,
                "db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True): the mean of the row dZ2.",
                sign="Sign flipped: check dZ2 = A2 − Y.",
            ),
        ),
    )


def _dz2_part(b: TinyBatch, j: int) -> NumberQuestion:
    A2, Y, Z2 = b.cache["A2"], b.Y, b.cache["Z2"]
    dz2 = float(b.dZ2[0, j])
    _require_readable(f"dZ2[0, {j}]", dz2, [float(A2[0, j]), float(Y[0, j])])

    def cost_from_z2(z: float) -> float:
        changed = Z2.copy()
        changed[0, j] = z
        return network.compute_cost(sigmoid(changed), Y)

    worked = f"dZ2[0, {j}] = A2[0, {j}] − Y[0, {j}] = {n(A2[0, j])} − {n(Y[0, j])}"
    return number(
        f"dZ2[0, {j}]",
        dz2,
        b.m * numerical_derivative(cost_from_z2, float(Z2[0, j])),
        hints=("dZ2 = A2 − Y, entry by entry. No 1/m here.", worked),
        solution=f"dZ2[0, {j}] = {n(A2[0, j])} − {n(Y[0, j])} = {fixed(dz2, DECIMALS)}",
        mistakes={
            "sign": (-dz2, "Sign flipped: dZ2 = A2 − Y, prediction minus label."),
            "over_m": (dz2 / b.m, "No 1/m in dZ2: it is per example; 1/m comes in dW2, db2."),
        },
        rtol=RTOL,
        atol=ATOL,
    )


def hidden_delta(rng: np.random.Generator) -> Quiz:
    """dZ1[i, j] = W2[0, i]·dZ2[0, j]·(1 − A1[i, j]²) on a fresh batch."""
    return _hidden_delta(tiny_batch(rng), rng)


def _hidden_delta(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    m = b.m
    n1 = b.params["W1"].shape[0]
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
    mistakes = {
        "z1_for_a1": (
            w * d * (1 - z * z),
            "You used Z1 in g′: for tanh, g1′(Z1) = 1 − A1², with A1 = tanh(Z1), not 1 − Z1².",
        ),
        "sigmoid_prime": (
            w * d * a * (1 - a),
            "a(1 − a) is σ′; the hidden units use tanh, whose slope is 1 − a².",
        ),
        "no_g_prime": (
            w * d,
            "You stopped at W2ᵀ·dZ2: multiply entry by entry by g1′(Z1) = 1 − A1².",
        ),
        "sign": (-expected, "Sign flipped: check dZ2 = A2 − Y and the sign of W2."),
        "over_m": (expected / m, "No 1/m in dZ1: it is per example, like dZ2."),
        "transposed": (
            float(dZ1[j, i]),
            f"That is entry [{j}, {i}]: dZ1's rows are hidden units, its columns examples.",
        ),
    }
    _require_readable(f"dZ1[{i}, {j}]", expected)
    figure = (
        _figure(
            block(f"W2 (1, {n1})", W2, 1),
            block(f"dZ2 = A2 − Y (1, {m})", dZ2, DECIMALS),
        )
        + "\n"
        + _figure(
            block(f"Z1 ({n1}, {m})", Z1, DECIMALS),
            block(f"A1 = tanh(Z1) ({n1}, {m})", A1, DECIMALS),
        )
    )
    return Quiz(
        intro="Backward into the hidden layer (tanh units). Rows: hidden units; columns: examples.",
        figure=figure,
        parts=(
            number(
                f"dZ1[{i}, {j}]",
                expected,
                twin,
                hints=(
                    "dZ1 = W2ᵀ·dZ2 * g1′(Z1), and for tanh g1′(Z1) = 1 − A1². With one output "
                    f"unit, entry [{i}, {j}] is W2[0, {i}]·dZ2[0, {j}]·(1 − A1[{i}, {j}]²).",
                    f"dZ1[{i}, {j}] = {n(w)}·{n(d)}·(1 − {n(a)}²)",
                ),
                solution=f"dZ1[{i}, {j}] = {n(w)}·{n(d)}·(1 − {n(a)}²) = {n(w * d)}·"
                f"{n(1 - a * a)} = {fixed(expected, DECIMALS)}",
                mistakes=mistakes,
                rtol=RTOL,
                atol=ATOL,
            ),
        ),
    )


def hidden_gradients(rng: np.random.Generator) -> Quiz:
    """db1[i, 0] and dW1[i, k] from a given dZ1 and X."""
    return _hidden_gradients(tiny_batch(rng, n0=3), rng)


def _hidden_gradients(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    m = b.m
    n0, n1 = b.X.shape[0], b.params["W1"].shape[0]
    i, k = (int(v) for v in rng.choice(min(n0, n1, m), size=2, replace=False))
    dZ1, X = b.dZ1, b.X
    numeric = numerical_gradient(_cost_of(b), b.params)
    products = [(float(dZ1[i, c]), float(X[k, c])) for c in range(m)]
    db1 = _mean_part(
        f"db1[{i}, 0]",
        float(b.grads["db1"][i, 0]),
        float(numeric["b1"][i, 0]),
        [float(v) for v in dZ1[i]],
        " + ".join(n(v) for v in dZ1[i]),
        m,
        f"db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True): the mean of row {i} of dZ1.",
        no_m="That is the sum; db1 is the sum divided by m.",
        sign="Sign flipped: add the entries as they are.",
        transposed=(
            float(dZ1[:, i].sum() / m),
            f"You added column {i} (axis=0, over hidden units). db1 adds row {i}, over the "
            "examples: axis=1.",
        ),
    )
    dw1 = _mean_part(
        f"dW1[{i}, {k}]",
        float(b.grads["dW1"][i, k]),
        float(numeric["W1"][i, k]),
        [a * x for a, x in products],
        _sum_text(products),
        m,
        f"dW1 = (1/m)·dZ1·Xᵀ: row {i} of dZ1 times column {k} of Xᵀ, which is row "
        f"{k} of X, entry by entry, added, divided by m.",
        no_m="You summed but did not divide by m: dW1 = (1/m)·dZ1·Xᵀ.",
        sign="Sign flipped: multiply the entries as they are.",
        transposed=(
            float(b.grads["dW1"][k, i]),
            f"That is entry [{k}, {i}]: use row {i} of dZ1 (hidden unit {i}) with row {k} of X "
            f"(feature {k}).",
        ),
    )
    return Quiz(
        intro=f"The last two gradients, from dZ1 and the inputs X (m = {m} examples):",
        figure=_figure(block(f"dZ1 ({n1}, {m})", dZ1, DECIMALS), block(f"X ({n0}, {m})", X, 1)),
        parts=(db1, dw1),
    )


def one_iteration(rng: np.random.Generator) -> Quiz:
    """The order of one iteration, then one update W2[0, k] := W2[0, k] − α·dW2[0, k]."""
    return _one_iteration(tiny_batch(rng), rng)


def _one_iteration(b: TinyBatch, rng: np.random.Generator) -> Quiz:
    n1 = b.params["W1"].shape[0]
    k = int(rng.integers(n1))
    alpha = float(rng.choice([0.5, 1.0, 1.2, 2.0]))
    new = float(network.update(b.params, b.grads, alpha)["W2"][0, k])
    numeric = numerical_gradient(_cost_of(b), b.params)
    twin = float(b.params["W2"][0, k] - alpha * numeric["W2"][0, k])
    w, g = float(b.params["W2"][0, k]), float(b.grads["dW2"][0, k])
    require(abs(alpha * g) >= 0.02, "the step α·dW2 is too small to see")
    _require_readable(f"new W2[0, {k}]", new, [w, alpha * g])
    al = numfmt.number(alpha, 6)
    return Quiz(
        intro=(
            f"One iteration of gradient descent, α = {al}. Now W2[0, {k}] = {n(w)} and "
            f"backward propagation gave dW2[0, {k}] = {n(g)}."
        ),
        parts=(
            choice(
                "order",
                "One iteration does, in order:",
                {
                    "fwd": "predictions ŷ → derivatives dW1 … db2 → update",
                    "upd": "update → predictions ŷ → derivatives",
                    "der": "derivatives → update → predictions ŷ",
                },
                "fwd",
                hints=(
                    "The derivatives need the predictions, and the update needs the derivatives.",
                    "Forward propagation first (ŷ), then backward (dW1, db1, dW2, db2), then step.",
                ),
                solution="Forward (ŷ), backward (dW1, db1, dW2, db2), update; then repeat.",
            ),
            number(
                f"new W2[0, {k}]",
                new,
                twin,
                hints=(
                    "W2 := W2 − α·dW2, entry by entry.",
                    f"W2[0, {k}] := {n(w)} − {al}·{n(g)}",
                ),
                solution=f"W2[0, {k}] := {n(w)} − {al}·{n(g)} = {fixed(new, DECIMALS)}",
                mistakes={
                    "sign": (w + alpha * g, "Step downhill: subtract α·dW2, do not add it."),
                    "no_alpha": (w - g, "Multiply the derivative by the learning rate α first."),
                    "step_only": (
                        -alpha * g,
                        "That is the step; the new W2 is the old W2 minus it.",
                    ),
                },
                rtol=RTOL,
                atol=ATOL,
            ),
        ),
    )
