"""Forward and backward propagation of a tiny network, one equation per key press.

Seeing the numbers is what makes the shapes stick: W1 (3, 2) times X (2, 3) plus b1 (3, 1) really is
a (3, 3) matrix, and b1 really is copied across the three columns. Each stage prints the operands
and the result side by side under its equation. The values come from `engine.network`; the demo only
lays them out.

The module also holds the small text-layout helpers (matrices with brackets, blocks side by side)
that the other lesson-3 demos and quizzes use, so every matrix in the lesson looks the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import network
from engine.activations import get_activation
from engine.numfmt import fixed, matrix_lines
from lessons.demo import Frame, TextPanel
from lessons.demos.stages import StagedDemo

#: Widest line a panel may hold: it must fit an 80-column terminal with the panel's border.
MAX_WIDTH = 76


# -- layout helpers -------------------------------------------------------------------------------
def block(caption: str, values: np.ndarray, decimals: int = 2) -> list[str]:
    """A caption line over a bracketed matrix, all lines padded to the same width."""
    rows = matrix_lines(values, decimals)
    width = max(len(caption), *(len(r) for r in rows))
    return [caption.center(width)] + [r.ljust(width) for r in rows]


Piece = list[str] | str


def side_by_side(pieces: Sequence[Piece], gap: int = 1) -> str:
    """Blocks (lists of lines) and operators (strings) in one row, operators at the middle height.

    Each block keeps its caption directly above its matrix; shorter blocks are centred vertically so
    a column vector sits level with the middle of a tall matrix.
    """
    height = max((len(p) for p in pieces if isinstance(p, list)), default=1)
    middle = height // 2 if height > 1 else 0
    if height > 1:
        middle = 1 + (height - 2) // 2  # the middle row of the tallest matrix, under its caption
    columns: list[list[str]] = []
    for piece in pieces:
        if isinstance(piece, str):
            column = [" " * len(piece)] * height
            column[middle] = piece
        else:
            width = len(piece[0]) if piece else 0
            top = max(0, (height - len(piece) + 1) // 2)
            column = [" " * width] * height
            for offset, line in enumerate(piece):
                column[min(height - 1, top + offset)] = line
        columns.append(column)
    spacer = " " * gap
    return "\n".join(spacer.join(col[i] for col in columns).rstrip() for i in range(height))


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def layout(build: object, decimals: Sequence[int] = (3, 2, 1)) -> str:
    """Lay out `build(decimals)` with the most decimals that still fit in MAX_WIDTH columns."""
    text = ""
    for d in decimals:
        text = side_by_side(build(d))  # type: ignore[operator]
        if widest(text) <= MAX_WIDTH:
            return text
    return text


# -- the tiny batch -------------------------------------------------------------------------------
@dataclass(frozen=True)
class TinyBatch:
    """Three examples with two features, a network with three tanh hidden units, and its values."""

    X: np.ndarray
    Y: np.ndarray
    params: dict[str, np.ndarray]
    cache: dict[str, np.ndarray]
    grads: dict[str, np.ndarray]
    dZ2: np.ndarray
    dZ1: np.ndarray
    g_prime: np.ndarray
    activation: str

    @property
    def m(self) -> int:
        return int(self.X.shape[1])

    @property
    def cost(self) -> float:
        return network.compute_cost(self.cache["A2"], self.Y)


def hand_friendly(
    rng: np.random.Generator, shape: tuple[int, int], scale: float = 1.0
) -> np.ndarray:
    """Numbers with one decimal, never zero, so a learner can multiply them in their head."""
    values = np.round(rng.uniform(-scale, scale, size=shape), 1)
    values[values == 0.0] = 0.1
    return values


def tiny_batch(
    rng: np.random.Generator, *, n0: int = 2, n1: int = 3, m: int = 3, activation: str = "tanh"
) -> TinyBatch:
    """Draw a tiny batch and run the four forward and six backward equations on it (engine)."""
    X = hand_friendly(rng, (n0, m), 2.0)
    Y = rng.integers(0, 2, size=(1, m)).astype(np.float64)
    if Y.min() == Y.max():  # both classes, so dZ2 has both signs
        Y[0, rng.integers(m)] = 1.0 - Y[0, 0]
    params = {
        "W1": hand_friendly(rng, (n1, n0), 1.0),
        "b1": hand_friendly(rng, (n1, 1), 0.5),
        "W2": hand_friendly(rng, (1, n1), 1.0),
        "b2": hand_friendly(rng, (1, 1), 0.5),
    }
    _, cache = network.forward(params, X, activation)
    grads = network.backward(params, cache, X, Y, activation)
    dZ2 = cache["A2"] - Y
    g_prime = get_activation(activation).g_prime(cache["Z1"])
    dZ1 = params["W2"].T @ dZ2 * g_prime
    return TinyBatch(X, Y, params, cache, grads, dZ2, dZ1, g_prime, activation)


# -- stages ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One equation: its name, the text above it, the operands and result laid out, a note."""

    name: str
    equation: str
    body: str
    note: str

    def panel(self) -> TextPanel:
        return TextPanel(self.equation, f"{self.body}\n{self.note}" if self.note else self.body)


def _shape(a: np.ndarray) -> str:
    return f"({a.shape[0]}, {a.shape[1]})"


def forward_stages(batch: TinyBatch) -> tuple[Stage, ...]:
    """Z1, A1, Z2, A2 with the operands that produce each."""
    p, c, m = batch.params, batch.cache, batch.m
    g = batch.activation
    gname = {"tanh": "tanh", "relu": "ReLU", "sigmoid": "σ"}.get(g, g)
    return (
        Stage(
            "Z1",
            "Z1 = W1·X + b1",
            layout(
                lambda d: [
                    block(f"W1 {_shape(p['W1'])}", p["W1"], 1),
                    "·",
                    block(f"X {_shape(batch.X)}", batch.X, 1),
                    "+",
                    block(f"b1 {_shape(p['b1'])}", p["b1"], 1),
                    "=",
                    block(f"Z1 {_shape(c['Z1'])}", c["Z1"], d),
                ]
            ),
            f"b1 is one column; NumPy adds it to each of the {m} columns (broadcasting).",
        ),
        Stage(
            "A1",
            f"A1 = g1(Z1) = {gname}(Z1)",
            layout(
                lambda d: [
                    block(f"Z1 {_shape(c['Z1'])}", c["Z1"], d),
                    "→",
                    block(f"A1 = {gname}(Z1) {_shape(c['A1'])}", c["A1"], d),
                ]
            ),
            f"{gname} acts on each entry alone: a row per hidden unit, a column per example.",
        ),
        Stage(
            "Z2",
            "Z2 = W2·A1 + b2",
            layout(
                lambda d: [
                    block(f"W2 {_shape(p['W2'])}", p["W2"], 1),
                    "·",
                    block(f"A1 {_shape(c['A1'])}", c["A1"], d),
                    "+",
                    block("b2", p["b2"], 1),
                    "=",
                    block(f"Z2 {_shape(c['Z2'])}", c["Z2"], d),
                ]
            ),
            "One output unit, so Z2 is a single row: one number per example.",
        ),
        Stage(
            "A2",
            "A2 = g2(Z2) = σ(Z2) = ŷ",
            layout(
                lambda d: [
                    block(f"Z2 {_shape(c['Z2'])}", c["Z2"], d),
                    "→",
                    block("A2 = σ(Z2) = ŷ", c["A2"], d),
                    "  vs",
                    block("Y", batch.Y, 0),
                ]
            ),
            f"The cost J = (1/m) Σ L(ŷ, y) = {fixed(batch.cost, 4)} with m = {m}.",
        ),
    )


def backward_stages(batch: TinyBatch) -> tuple[Stage, ...]:
    """dZ2, dW2, db2, dZ1, dW1, db1 with the operands that produce each."""
    p, c, g, m = batch.params, batch.cache, batch.grads, batch.m
    prime = "1 − A1²" if batch.activation == "tanh" else f"{batch.activation}′(Z1)"
    w2t_dz2 = p["W2"].T @ batch.dZ2
    return (
        Stage(
            "dZ2",
            "dZ2 = A2 − Y",
            layout(
                lambda d: [
                    block("A2", c["A2"], d),
                    "−",
                    block("Y", batch.Y, 0),
                    "=",
                    block(f"dZ2 {_shape(batch.dZ2)}", batch.dZ2, d),
                ]
            ),
            "Positive where the network said too much, negative where it said too little.",
        ),
        Stage(
            "dW2",
            "dW2 = (1/m)·dZ2·A1ᵀ",
            layout(
                lambda d: [
                    f"(1/{m})·",
                    block(f"dZ2 {_shape(batch.dZ2)}", batch.dZ2, d),
                    "·",
                    block(f"A1ᵀ {_shape(c['A1'].T)}", c["A1"].T, d),
                    "=",
                    block(f"dW2 {_shape(g['dW2'])}", g["dW2"], d),
                ]
            ),
            "Same shape as W2, so W2 := W2 − α·dW2 lines up entry by entry.",
        ),
        Stage(
            "db2",
            "db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True)",
            layout(
                lambda d: [
                    f"(1/{m})·sum of",
                    block("dZ2", batch.dZ2, d),
                    "=",
                    block(f"db2 {_shape(g['db2'])}", g["db2"], d),
                ]
            ),
            "axis=1 adds along each row, across the examples.",
        ),
        Stage(
            "dZ1",
            f"dZ1 = W2ᵀ·dZ2 * g1′(Z1),  g1′(Z1) = {prime}",
            layout(
                lambda d: [
                    block(f"W2ᵀ·dZ2 {_shape(w2t_dz2)}", w2t_dz2, d),
                    "*",
                    block(f"{prime} {_shape(batch.g_prime)}", batch.g_prime, d),
                    "=",
                    block(f"dZ1 {_shape(batch.dZ1)}", batch.dZ1, d),
                ]
            ),
            "* is entry by entry: two (n1, m) matrices give an (n1, m) matrix.",
        ),
        Stage(
            "dW1",
            "dW1 = (1/m)·dZ1·Xᵀ",
            layout(
                lambda d: [
                    f"(1/{m})·",
                    block(f"dZ1 {_shape(batch.dZ1)}", batch.dZ1, d),
                    "·",
                    block(f"Xᵀ {_shape(batch.X.T)}", batch.X.T, 1),
                    "=",
                    block(f"dW1 {_shape(g['dW1'])}", g["dW1"], d),
                ]
            ),
            "Same shape as W1: one row per hidden unit, one column per input feature.",
        ),
        Stage(
            "db1",
            "db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True)",
            layout(
                lambda d: [
                    f"(1/{m})·row sums of",
                    block(f"dZ1 {_shape(batch.dZ1)}", batch.dZ1, d),
                    "=",
                    block(f"db1 {_shape(g['db1'])}", g["db1"], d),
                ]
            ),
            "keepdims=True keeps db1 an (n1, 1) column, the shape of b1.",
        ),
    )


FORWARD = ("Z1", "A1", "Z2", "A2")
BACKWARD = ("dZ2", "dW2", "db2", "dZ1", "dW1", "db1")


class StagedNetworkDemo(StagedDemo):
    """Reveal the chosen equations of a tiny batch one per step (not live: one stage per press)."""

    def __init__(
        self,
        stages: Sequence[str] = FORWARD,
        *,
        seed: int = 3,
        title: str = "",
        activation: str = "tanh",
    ) -> None:
        self.batch = tiny_batch(np.random.default_rng(seed), activation=activation)
        every = {s.name: s for s in forward_stages(self.batch) + backward_stages(self.batch)}
        unknown = [name for name in stages if name not in every]
        if unknown or not stages:
            raise ValueError(f"unknown stages {unknown}; choose from {', '.join(every)}")
        self.stages: tuple[Stage, ...] = tuple(every[name] for name in stages)
        backward = any(name in BACKWARD for name in stages)
        self.title = title or ("Backward propagation" if backward else "Forward propagation")
        self.shown = 0

    @property
    def stage_count(self) -> int:
        return len(self.stages)

    def given_panel(self) -> TextPanel:
        """What the batch starts from: the inputs, labels and parameters."""
        b, p = self.batch, self.batch.params
        if self.stages[0].name in FORWARD:
            top = side_by_side([block("X (n0, m)", b.X, 1), "  ", block("Y (1, m)", b.Y, 0)])
            bottom = side_by_side(
                [
                    block("W1 (n1, n0)", p["W1"], 1),
                    block("b1", p["b1"], 1),
                    "  ",
                    block("W2 (1, n1)", p["W2"], 1),
                    block("b2", p["b2"], 1),
                ]
            )
        else:
            hidden_first = self.stages[0].name in BACKWARD[3:]
            top = layout(
                lambda d: [
                    block("X", b.X, 1),
                    block("Y", b.Y, 0),
                    block("W2", p["W2"], 1),
                    block("dZ2 = A2 − Y", b.dZ2, d)
                    if hidden_first
                    else block("A2 = ŷ", b.cache["A2"], d),
                ]
            )
            bottom = layout(lambda d: [block("A1 = tanh(Z1)", b.cache["A1"], d)])
        return TextPanel(
            f"A batch of m = {b.m} examples, n0 = {b.X.shape[0]}, n1 = {p['W1'].shape[0]}",
            f"{top}\n{bottom}",
        )

    def frame(self) -> Frame:
        names = [s.name for s in self.stages]
        if self.shown == 0:
            nxt = self.stages[0].equation
            return Frame(panels=(self.given_panel(),), status=f"next: {nxt}")
        current = self.stages[self.shown - 1]
        done = ", ".join(names[: self.shown])
        if self.finished:
            status = f"all {len(names)} computed: {done}"
        else:
            status = f"{self.shown} of {len(names)} · next: {self.stages[self.shown].equation}"
        return Frame(panels=(current.panel(),), status=status)

    def summary(self) -> str:
        return f"{self.shown} of {len(self.stages)} equations computed"
