"""Forward and backward propagation of a tiny network, one equation per key press.

Seeing the numbers is what makes the shapes stick: W1 (3, 2) times X (2, 3) plus b1 (3, 1) really is
a (3, 3) matrix, and b1 really is copied across the three columns. Each stage prints the operands
and the result side by side under its equation. The values come from `engine.network`; the demo only
lays them out.

The module also holds the small text-layout helpers (matrices with brackets, blocks side by side)
that the other lesson-3 demos and quizzes use, so every matrix in the lesson looks the same.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import network
from engine.activations import get_activation
from engine.numfmt import fixed, matrix_lines, number
from engine.numfmt import shape as shape_text
from lessons.demo import Control, Frame, TextPanel
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
            # the block's middle matrix row level with the tallest matrix's middle row
            top = max(0, middle - 1 - (len(piece) - 2) // 2) if len(piece) > 1 else middle
            column = [" " * width] * height
            for offset, line in enumerate(piece):
                column[min(height - 1, top + offset)] = line
        columns.append(column)
    spacer = " " * gap
    return "\n".join(spacer.join(col[i] for col in columns).rstrip() for i in range(height))


def widest(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


def _width(piece: Piece) -> int:
    return len(piece) if isinstance(piece, str) else max((len(line) for line in piece), default=0)


def layout(pieces: Sequence[Piece], width: int = MAX_WIDTH) -> str:
    """Blocks and operators in one row, or wrapped onto more rows when they do not fit `width`.

    A row may only break before an operator, which then starts the next row ("= Z1 (4, 5)" under
    the operands), so every row still reads as part of the equation. The number of decimals never
    changes to make room: every stage of the lesson shows the same number format.
    """
    chunks: list[list[Piece]] = []
    for piece in pieces:
        if isinstance(piece, str) and chunks and any(isinstance(p, list) for p in chunks[-1]):
            chunks.append([piece])
        elif chunks:
            chunks[-1].append(piece)
        else:
            chunks.append([piece])
    rows: list[list[Piece]] = []
    for chunk in chunks:
        if rows:
            candidate = rows[-1] + chunk
            if sum(_width(p) for p in candidate) + len(candidate) - 1 <= width:
                rows[-1] = candidate
                continue
        rows.append(list(chunk))
    return "\n".join(side_by_side(row) for row in rows)


# -- the tiny batch -------------------------------------------------------------------------------
#: Decimals of every computed value in every stage (the given inputs have one decimal, exactly).
DECIMALS = 3
#: The sizes of the staged batch: all different, so X (2, 5), W1 (4, 2), Z1 (4, 5), A1ᵀ (5, 4)
#: and W2ᵀ (4, 1) cannot be mistaken for one another by their shapes.
N0, N1, M = 2, 4, 5
#: The hidden activations a learner can pick, with how the lesson writes g1′(Z1) for each.
G_PRIME = {
    "tanh": ("tanh", "1 − A1²", "g1′(Z1) = 1 − A1², from A1 = tanh(Z1)"),
    "sigmoid": ("σ", "A1(1 − A1)", "g1′(Z1) = A1·(1 − A1), from A1 = σ(Z1)"),
    "relu": ("ReLU", "[Z1 > 0]", "g1′(Z1) = 1 where Z1 > 0, else 0"),
}
ACTIVATIONS = tuple(G_PRIME)


@dataclass(frozen=True)
class TinyBatch:
    """m examples with n0 features, a network with n1 hidden units, and every value of one pass."""

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
    def n0(self) -> int:
        return int(self.X.shape[0])

    @property
    def n1(self) -> int:
        return int(self.params["W1"].shape[0])

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


def distinct_hand_friendly(rng: np.random.Generator, count: int, scale: float = 1.0) -> np.ndarray:
    """`count` different one-decimal numbers, never zero and no two of the same size (|a| ≠ |b|),
    so an entry used in the wrong place can never give the right answer by coincidence."""
    pool = np.round(np.arange(1, round(scale * 10) + 1) / 10, 1)
    if count > len(pool):
        raise ValueError(
            f"only {len(pool)} distinct sizes up to {number(scale)}; asked for {count}"
        )
    values = rng.choice(pool, size=count, replace=False)
    return values * rng.choice([-1.0, 1.0], size=count)


def tiny_batch(
    rng: np.random.Generator,
    *,
    n0: int = N0,
    n1: int = N1,
    m: int = M,
    activation: str = "tanh",
) -> TinyBatch:
    """Draw a tiny batch and run the four forward and six backward equations on it (engine).

    W2's entries all differ in size, so W2[0, i] and W2[0, j] never coincide.
    """
    X = hand_friendly(rng, (n0, m), 2.0)
    Y = rng.integers(0, 2, size=(1, m)).astype(np.float64)
    if Y.min() == Y.max():  # both classes, so dZ2 has both signs
        Y[0, rng.integers(m)] = 1.0 - Y[0, 0]
    params = {
        "W1": hand_friendly(rng, (n1, n0), 1.0),
        "b1": hand_friendly(rng, (n1, 1), 0.5),
        "W2": distinct_hand_friendly(rng, n1, 1.0).reshape(1, n1),
        "b2": hand_friendly(rng, (1, 1), 0.5),
    }
    return batch_from(X, Y, params, activation)


def batch_from(
    X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], activation: str
) -> TinyBatch:
    """Every value of one forward and one backward pass on the given numbers (engine)."""
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
        if not self.note:
            return TextPanel(self.equation, self.body)
        return TextPanel(self.equation, f"{self.body}\n{textwrap.fill(self.note, MAX_WIDTH)}")


def named(name: str, values: np.ndarray, decimals: int = DECIMALS) -> list[str]:
    """A matrix under its name and its shape, e.g. "W1 (4, 2)"."""
    return block(f"{name} {shape_text(np.shape(values))}", values, decimals)


def forward_stages(batch: TinyBatch) -> tuple[Stage, ...]:
    """Z1, A1, Z2, A2 with the operands that produce each."""
    p, c, m, n1 = batch.params, batch.cache, batch.m, batch.n1
    gname = G_PRIME[batch.activation][0] if batch.activation in G_PRIME else batch.activation
    return (
        Stage(
            "Z1",
            "Z1 = W1·X + b1",
            layout(
                [
                    named("W1", p["W1"], 1),
                    "·",
                    named("X", batch.X, 1),
                    "+",
                    named("b1", p["b1"], 1),
                    "=",
                    named("Z1", c["Z1"]),
                ]
            ),
            f"({n1}, {batch.n0})·({batch.n0}, {m}) → ({n1}, {m}); b1 is one column, which NumPy "
            f"adds to each of the {m} columns (broadcasting).",
        ),
        Stage(
            "A1",
            f"A1 = g1(Z1) = {gname}(Z1)",
            layout([named("Z1", c["Z1"]), "→", named(f"A1 = {gname}(Z1)", c["A1"])]),
            f"{gname} acts on each entry alone: row i is hidden unit i, column j is example j.",
        ),
        Stage(
            "Z2",
            "Z2 = W2·A1 + b2",
            layout(
                [
                    named("W2", p["W2"], 1),
                    "·",
                    named("A1", c["A1"]),
                    "+",
                    named("b2", p["b2"], 1),
                    "=",
                    named("Z2", c["Z2"]),
                ]
            ),
            f"(1, {n1})·({n1}, {m}) → (1, {m}): one output unit, one number per example.",
        ),
        Stage(
            "A2",
            "A2 = g2(Z2) = σ(Z2) = ŷ",
            layout(
                [
                    named("Z2", c["Z2"]),
                    "→",
                    named("A2 = σ(Z2)", c["A2"]),
                    " vs",
                    named("Y", batch.Y, 0),
                ]
            ),
            f"The cost J = (1/m) Σ L(ŷ, y) = {fixed(batch.cost, DECIMALS)} with m = {m}.",
        ),
    )


def backward_stages(batch: TinyBatch) -> tuple[Stage, ...]:
    """dZ2, dW2, db2, dZ1, dW1, db1 with the operands that produce each, then the four updates."""
    p, c, g, m, n0, n1 = batch.params, batch.cache, batch.grads, batch.m, batch.n0, batch.n1
    _, prime, prime_rule = G_PRIME.get(
        batch.activation, (batch.activation, "g1′(Z1)", "g1′(Z1), the slope of g1")
    )
    w2t_dz2 = p["W2"].T @ batch.dZ2
    return (
        Stage(
            "dZ2",
            "dZ2 = A2 − Y",
            layout(
                [named("A2", c["A2"]), "−", named("Y", batch.Y, 0), "=", named("dZ2", batch.dZ2)]
            ),
            "Positive where the network said too much, negative where it said too little.",
        ),
        Stage(
            "dW2",
            "dW2 = (1/m)·dZ2·A1ᵀ",
            layout(
                [
                    f"(1/{m})·",
                    named("dZ2", batch.dZ2),
                    "·",
                    named("A1ᵀ", c["A1"].T),
                    "=",
                    named("dW2", g["dW2"]),
                ]
            ),
            f"(1, {m})·({m}, {n1}) → (1, {n1}), the shape of W2: A1ᵀ, not A1, makes the shapes "
            "meet.",
        ),
        Stage(
            "db2",
            "db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True)",
            layout([f"(1/{m})·sum of", named("dZ2", batch.dZ2), "=", named("db2", g["db2"])]),
            "axis=1 adds along the row, across the examples; keepdims keeps a (1, 1) array.",
        ),
        Stage(
            "dZ1",
            "dZ1 = W2ᵀ·dZ2 * g1′(Z1)",
            layout(
                [
                    named("W2ᵀ", p["W2"].T, 1),
                    "·",
                    named("dZ2", batch.dZ2),
                    "=",
                    named("W2ᵀ·dZ2", w2t_dz2),
                    "*",
                    named(prime, batch.g_prime),
                    "=",
                    named("dZ1", batch.dZ1),
                ]
            ),
            f"({n1}, 1)·(1, {m}) → ({n1}, {m}): row i is W2[0, i]·dZ2. Then * multiplies entry "
            f"by entry by the ({n1}, {m}) matrix {prime_rule}.",
        ),
        Stage(
            "dW1",
            "dW1 = (1/m)·dZ1·Xᵀ",
            layout(
                [
                    f"(1/{m})·",
                    named("dZ1", batch.dZ1),
                    "·",
                    named("Xᵀ", batch.X.T, 1),
                    "=",
                    named("dW1", g["dW1"]),
                ]
            ),
            f"({n1}, {m})·({m}, {n0}) → ({n1}, {n0}), the shape of W1: row i is hidden unit i, "
            "column k is feature k.",
        ),
        Stage(
            "db1",
            "db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True)",
            layout([f"(1/{m})·row sums of", named("dZ1", batch.dZ1), "=", named("db1", g["db1"])]),
            f"keepdims=True keeps db1 a ({n1}, 1) column, the shape of b1 (without it: ({n1},)).",
        ),
        Stage(
            "update",
            "The four updates, α = 1",
            _updates(batch),
            "Each gradient has its parameter's shape, so every update is entry by entry.",
        ),
    )


def _updates(batch: TinyBatch, alpha: float = 1.0) -> str:
    """W1, b1, W2, b2 := … − α·d… with their shapes, and the new W2 and b2 in numbers."""
    p, g = batch.params, batch.grads
    lines = []
    for name in network.PARAM_NAMES:
        shape, dshape = shape_text(p[name].shape), shape_text(g["d" + name].shape)
        lines.append(f"{name} {shape} := {name} − α·d{name} {dshape}")
    new = network.update(p, g, alpha)
    numbers = layout(
        [
            named("W2", p["W2"], 1),
            f"− {number(alpha)}·",
            named("dW2", g["dW2"]),
            "=",
            named("new W2", new["W2"]),
        ]
    )
    return "\n".join(lines) + "\n\n" + numbers


FORWARD = ("Z1", "A1", "Z2", "A2")
BACKWARD = ("dZ2", "dW2", "db2", "dZ1", "dW1", "db1")
UPDATE = ("update",)


class StagedNetworkDemo(StagedDemo):
    """Reveal the chosen equations of a tiny batch one per step (not live: one stage per press).

    `a` switches the hidden activation (tanh, σ, ReLU): the same numbers are pushed through again
    and the stage on show is redrawn with that activation's g1 and g1′.
    """

    controls = (Control("a", "activation", "hidden activation g1"),)

    def __init__(
        self,
        stages: Sequence[str] = FORWARD,
        *,
        seed: int = 3,
        title: str = "",
        activation: str = "tanh",
        n0: int = N0,
        n1: int = N1,
        m: int = M,
    ) -> None:
        if activation not in G_PRIME:
            raise ValueError(f"activation must be one of {', '.join(G_PRIME)}; got {activation!r}")
        self.batch = tiny_batch(
            np.random.default_rng(seed), n0=n0, n1=n1, m=m, activation=activation
        )
        known = FORWARD + BACKWARD + UPDATE
        unknown = [name for name in stages if name not in known]
        if unknown or not stages:
            raise ValueError(f"unknown stages {unknown}; choose from {', '.join(known)}")
        self.names = tuple(stages)
        self.stages: tuple[Stage, ...] = self._build()
        backward = any(name not in FORWARD for name in stages)
        self.title = title or ("Backward propagation" if backward else "Forward propagation")
        self.shown = 0

    def _build(self) -> tuple[Stage, ...]:
        every = {s.name: s for s in forward_stages(self.batch) + backward_stages(self.batch)}
        return tuple(every[name] for name in self.names)

    @property
    def activation(self) -> str:
        return self.batch.activation

    def act(self, action: str) -> None:
        if action != "activation":
            return
        position = ACTIVATIONS.index(self.batch.activation)
        b = self.batch
        self.batch = batch_from(b.X, b.Y, b.params, ACTIVATIONS[(position + 1) % len(ACTIVATIONS)])
        self.stages = self._build()

    @property
    def stage_count(self) -> int:
        return len(self.stages)

    def given_panel(self) -> TextPanel:
        """What the batch starts from: the inputs, labels and parameters, each with its shape."""
        b, p = self.batch, self.batch.params
        gname = G_PRIME[b.activation][0]
        if self.stages[0].name in FORWARD:
            pieces: list[list[str]] = [
                named("X", b.X, 1),
                named("Y", b.Y, 0),
                named("W1", p["W1"], 1),
                named("b1", p["b1"], 1),
                named("W2", p["W2"], 1),
                named("b2", p["b2"], 1),
            ]
        else:
            hidden_first = self.stages[0].name not in BACKWARD[:3]
            pieces = [
                named("X", b.X, 1),
                named("Y", b.Y, 0),
                named("W2", p["W2"], 1),
                named("dZ2 = A2 − Y", b.dZ2) if hidden_first else named("A2 = ŷ", b.cache["A2"]),
                named(f"A1 = {gname}(Z1)", b.cache["A1"]),
            ]
            if hidden_first:
                pieces.append(named("Z1", b.cache["Z1"]))
        body = pack(pieces)
        return TextPanel(
            f"m = {b.m} examples, n0 = {b.n0} features, n1 = {b.n1} hidden {gname} units",
            body,
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


def pack(pieces: Sequence[list[str]], width: int = MAX_WIDTH, gap: int = 3) -> str:
    """Matrices left to right, starting a new row when the next one would not fit `width`."""
    rows: list[list[Piece]] = []
    used = 0
    for piece in pieces:
        size = _width(piece)
        if rows and used + gap + size <= width:
            rows[-1].extend([" " * (gap - 2), piece])
            used += gap + size
        else:
            rows.append([piece])
            used = size
    return "\n".join(side_by_side(row) for row in rows)
