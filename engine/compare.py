"""How a run behaves, in the lecture's words, and several learning rates run side by side.

The runner says how a run *ended* (converged, limit, diverged, stationary). A learner asks a
different question: did it converge, crawl, oscillate or diverge? `BehaviourWatch` follows a run
record by record (the steps it takes and whether they keep changing direction) and answers it with
the reason in numbers. `AlphaComparison` runs one start with several α together, one step each per
`step()`, so a chart can show them on one set of axes.
"""

from __future__ import annotations

import enum
import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.runner import GradientDescent, Outcome, StepRecord

#: Recent steps looked at when deciding whether a run oscillates.
WINDOW = 20


class Behaviour(enum.Enum):
    """What a run did, as a learner would say it."""

    CONVERGES = "converges"
    CRAWLS = "crawls"
    OSCILLATES = "oscillates"
    DIVERGES = "diverges"
    STUCK = "stuck"


def _vector(params: dict) -> np.ndarray:
    return np.concatenate([np.ravel(np.asarray(v, dtype=np.float64)) for v in params.values()])


@dataclass
class BehaviourWatch:
    """Follows one run's records and classifies it.

    A step that points against the previous one (negative dot product) is a *turn*: the run jumped
    over the valley floor. A run whose recent steps mostly turn, and that has not come to rest, is
    oscillating; one that reached its limit still moving one way is crawling.
    """

    steps: int = 0
    turns: int = 0

    def __post_init__(self) -> None:
        self._last: np.ndarray | None = None
        self._step: np.ndarray | None = None
        self._recent: deque[bool] = deque(maxlen=WINDOW)
        self._first_size = 0.0
        self._last_size = 0.0

    def clear(self) -> None:
        self.steps = self.turns = 0
        self.__post_init__()

    def add(self, record: StepRecord) -> None:
        """Take in the next record (record 0 first)."""
        with np.errstate(all="ignore"):
            now = _vector(record.params)
            if self._last is not None:
                step = now - self._last
                size = float(np.max(np.abs(step))) if step.size else 0.0
                if self._step is not None and math.isfinite(size):
                    turned = bool(np.dot(step, self._step) < 0.0)
                    self._recent.append(turned)
                    self.turns += turned
                if self.steps == 0:
                    self._first_size = size
                self._last_size = size
                self._step = step
                self.steps += 1
            self._last = now

    @property
    def turning(self) -> bool:
        """True when most recent steps reverse the one before (the run zig-zags)."""
        return len(self._recent) >= 4 and sum(self._recent) >= 0.75 * len(self._recent)

    @property
    def zigzagged(self) -> bool:
        """True when at least a third of all steps so far reversed direction."""
        return self.steps >= 3 and self.turns >= (self.steps - 1) / 3

    def behaviour(self, outcome: Outcome) -> Behaviour:
        """The behaviour so far, given how the run stands (a running run gets a provisional one)."""
        if outcome is Outcome.DIVERGED:
            return Behaviour.DIVERGES
        if outcome is Outcome.STATIONARY:
            return Behaviour.STUCK
        if outcome is Outcome.CONVERGED:
            return Behaviour.CONVERGES
        if self.turning or self.zigzagged:
            if self.turning and self._first_size and self._last_size > 1.5 * self._first_size:
                return Behaviour.DIVERGES  # still finite, but every jump is longer than the last
            return Behaviour.OSCILLATES
        return Behaviour.CRAWLS

    @property
    def growth(self) -> float:
        """Last step size over the first (above 1: the jumps are getting longer)."""
        return self._last_size / self._first_size if self._first_size else math.nan


class AlphaComparison:
    """One start, several learning rates, stepped together: the lecture's α comparison.

    `make_run(alpha)` builds one run (e.g. `lambda a: descent_1d(CONVEX, 4.0, a)`). Each `step()`
    advances every run still going by one iteration; `behaviours()` says what each did.
    """

    def __init__(self, make_run: Callable[[float], GradientDescent], alphas: Sequence[float]):
        if not alphas:
            raise ValueError("compare at least one learning rate")
        self.alphas = tuple(float(a) for a in alphas)
        self.make_run = make_run
        self.reset()

    def reset(self) -> None:
        self.runs = [self.make_run(alpha) for alpha in self.alphas]
        self.watches = [BehaviourWatch() for _ in self.runs]
        self.records: list[list[StepRecord]] = [[] for _ in self.runs]
        for index, run in enumerate(self.runs):
            self._keep(index, next(run))

    def _keep(self, index: int, record: StepRecord) -> None:
        self.watches[index].add(record)
        self.records[index].append(record)

    def step(self) -> bool:
        """One iteration of every run still going; False when all have ended."""
        moved = False
        for index, run in enumerate(self.runs):
            for record in run.take(1):
                self._keep(index, record)
                moved = True
        return moved

    def run(self) -> None:
        while self.step():
            pass

    @property
    def finished(self) -> bool:
        return all(run.outcome is not Outcome.RUNNING for run in self.runs)

    def behaviours(self) -> list[Behaviour]:
        return [w.behaviour(r.outcome) for w, r in zip(self.watches, self.runs, strict=True)]
