"""What keepdims=True is for: np.sum without it returns a rank-1 array that breaks the b1 update.

Every shape and value shown is computed here with NumPy on a real dZ1, including the (n1, n1)
matrix that broadcasting makes of `b1 − α·db1` and the error the next forward pass then raises.
The demo is staged: one line of code and its result per step.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.numfmt import fixed, number
from lessons.demo import Frame, TextPanel
from lessons.demos.staged_network import DECIMALS, N1, M, block, layout, named, tiny_batch
from lessons.demos.stages import StagedDemo


@dataclass(frozen=True)
class Shown:
    """One line of code, what NumPy returned, and what that means."""

    code: str
    result: str
    note: str


def _rank1(values: np.ndarray) -> str:
    """A rank-1 array the way it looks: one flat list, neither a row nor a column."""
    return "array([" + ", ".join(fixed(v, DECIMALS) for v in values) + f"])   shape {values.shape}"


class KeepdimsDemo(StagedDemo):
    """Sum dZ1 over the examples with and without keepdims, then try the update with each."""

    title = "np.sum(…, axis=1) with and without keepdims"

    def __init__(self, *, n1: int = N1, m: int = M, alpha: float = 0.5, seed: int = 5) -> None:
        batch = tiny_batch(np.random.default_rng(seed), n1=n1, m=m)
        self.alpha = alpha
        self.dZ1 = batch.dZ1
        self.b1 = batch.params["b1"]
        self.W1 = batch.params["W1"]
        self.X = batch.X
        self.n1, self.m = n1, m
        self.shown = 0
        self.items = self._compute()

    def _compute(self) -> tuple[Shown, ...]:
        dZ1, b1, alpha, m, n1 = self.dZ1, self.b1, self.alpha, self.m, self.n1
        flat = np.sum(dZ1, axis=1) / m
        column = np.sum(dZ1, axis=1, keepdims=True) / m
        broken = b1 - alpha * flat
        fixed = b1 - alpha * column
        reshaped = flat.reshape(n1, 1)
        wx = self.W1 @ self.X
        try:
            z1 = wx + broken
            after = f"next, W1·X + b1 has shape {z1.shape}: wrong, and no error says so"
        except ValueError:
            after = f"next, W1·X {wx.shape} + b1 {broken.shape} → ValueError: cannot broadcast"
        return (
            Shown(
                "db1 = np.sum(dZ1, axis=1) / m",
                _rank1(flat),
                f"A rank-1 array of shape ({n1},): not a column, not a row.",
            ),
            Shown(
                "db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
                layout([named("db1", column)]),
                f"keepdims=True keeps the summed axis as length 1: a ({n1}, 1) column like b1.",
            ),
            Shown(
                f"b1 - {number(alpha)} * db1      # with the rank-1 db1 of shape ({n1},)",
                layout(
                    [
                        named("b1", b1),
                        f"− {number(alpha)}·",
                        block(f"db1 ({n1},)", flat.reshape(1, -1), DECIMALS),
                        "=",
                        block(f"{broken.shape}!", broken, DECIMALS),
                    ]
                ),
                f"({n1}, 1) minus ({n1},) broadcasts to ({n1}, {n1}), a matrix, not a column;"
                f"\n{after}.",
            ),
            Shown(
                f"b1 - {number(alpha)} * db1      # with keepdims=True, or db1.reshape({n1}, 1)",
                layout(
                    [
                        named("b1", b1),
                        f"− {number(alpha)}·",
                        named("db1", column),
                        "=",
                        named("b1", fixed),
                    ]
                ),
                f"Entry by entry, as intended. reshape gives the same column: "
                f"{np.array_equal(reshaped, column)}.",
            ),
        )

    @property
    def stage_count(self) -> int:
        return len(self.items)

    def frame(self) -> Frame:
        if self.shown == 0:
            body = layout([named("dZ1", self.dZ1)])
            return Frame(
                panels=(
                    TextPanel(f"dZ1: n1 = {self.n1} hidden units, m = {self.m} examples", body),
                ),
                status="step to sum each row over the examples",
            )
        item = self.items[self.shown - 1]
        status = "done" if self.finished else f"{self.shown} of {len(self.items)} · step for more"
        return Frame(panels=(TextPanel(item.code, f"{item.result}\n{item.note}"),), status=status)

    def summary(self) -> str:
        return f"{self.shown} of {len(self.items)} shown"
