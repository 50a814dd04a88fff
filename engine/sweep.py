"""What a hidden layer buys: a held-out split, a logistic-regression baseline, a size sweep.

    split = holdout_split(*flower(400), held_out=0.25, seed=0)   # 300 to train on, 100 held out
    logistic_baseline(split)                # one straight line: about half right on the flower
    sweep = HiddenSizeSweep(split)          # n1 = 1, 2, 3, 4, 5, 20, 50, as the course notebook
    while sweep.advance(200): ...           # a few hundred iterations at a time, never blocking
    for score in sweep.results: print(score.n1, score.train_accuracy, score.held_out_accuracy)

Everything is seeded: the same split seed and init seed give the same numbers on every run. The
networks and the baseline are trained by `engine.runner`, the same gradient descent the lessons
show step by step; nothing here is a separate, faster trainer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine import logistic, network
from engine._shapes import as_matrix
from engine.runner import GradientDescent, Outcome, descent_logistic, descent_network

#: The hidden sizes the course's planar-data notebook tries.
HIDDEN_SIZES = (1, 2, 3, 4, 5, 20, 50)


@dataclass(frozen=True)
class Split:
    """Training and held-out examples, columns of the original X kept in their original order."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_held: np.ndarray
    Y_held: np.ndarray
    seed: int

    @property
    def m_train(self) -> int:
        return int(self.X_train.shape[1])

    @property
    def m_held(self) -> int:
        return int(self.X_held.shape[1])


def holdout_split(X: np.ndarray, Y: np.ndarray, held_out: float = 0.25, seed: int = 0) -> Split:
    """Hold out a share of each class (stratified), chosen by a seeded shuffle.

    Both parts keep both classes in the proportion of the whole, so neither accuracy is skewed by
    an accident of the draw. Raises ValueError when a part would be left without examples.
    """
    X = as_matrix(X, "X", None, None, "with one example per column")
    Y = as_matrix(Y, "Y", 1, X.shape[1], "with one label per column of X")
    if not (0.0 < held_out < 1.0):
        raise ValueError(
            f"held_out is a share of the examples, strictly between 0 and 1; got {held_out!r}"
        )
    rng = np.random.default_rng(seed)
    held: list[np.ndarray] = []
    for label in np.unique(Y[0]):
        members = np.flatnonzero(Y[0] == label)
        count = round(held_out * len(members))
        if count == 0 or count == len(members):
            raise ValueError(
                f"holding out {held_out:g} of the {len(members)} examples of class {label:g} "
                "leaves one side without them; use more examples or another share"
            )
        held.append(rng.permutation(members)[:count])
    held_mask = np.zeros(X.shape[1], dtype=bool)
    held_mask[np.concatenate(held)] = True
    return Split(X[:, ~held_mask], Y[:, ~held_mask], X[:, held_mask], Y[:, held_mask], seed)


@dataclass(frozen=True)
class Score:
    """How one trained model does: accuracy on the examples it learned from and on held-out ones."""

    name: str
    train_accuracy: float
    held_out_accuracy: float
    cost: float
    iterations: int
    outcome: Outcome
    n1: int | None = None


def network_accuracies(
    params: dict[str, np.ndarray], split: Split, activation: str = "tanh"
) -> tuple[float, float]:
    """(training accuracy, held-out accuracy) of a network's predictions, each in [0, 1]."""
    with np.errstate(all="ignore"):
        train = network.accuracy(network.predict(params, split.X_train, activation), split.Y_train)
        held = network.accuracy(network.predict(params, split.X_held, activation), split.Y_held)
    return float(train), float(held)


def logistic_baseline(split: Split, alpha: float = 1.2, max_iterations: int = 5000) -> Score:
    """Logistic regression trained by gradient descent on the same training examples.

    One straight boundary: on the flower it gets about half the points right, which is what a
    hidden layer has to beat.
    """
    run = descent_logistic(split.X_train, split.Y_train, alpha, max_iterations=max_iterations)
    last = run.run()
    assert last is not None
    w, b = last.params["w"], last.params["b"]
    with np.errstate(all="ignore"):
        train = logistic.accuracy(logistic.predict(w, b, split.X_train), split.Y_train)
        held = logistic.accuracy(logistic.predict(w, b, split.X_held), split.Y_held)
    return Score(
        "logistic regression",
        float(train),
        float(held),
        last.cost,
        last.iteration,
        run.outcome,
    )


class HiddenSizeSweep:
    """Train one network per hidden size on the same split, one after another, a slice at a time.

    `advance(k)` runs at most k more gradient-descent iterations in total and returns True while
    sizes remain, so a live view can spread the sweep over many frames and never block. Every size
    starts from `init_params(n0, n1, seed=seed)` with the same α and iteration limit.
    """

    def __init__(
        self,
        split: Split,
        sizes: Sequence[int] = HIDDEN_SIZES,
        *,
        alpha: float = 1.2,
        iterations: int = 5000,
        activation: str = "tanh",
        seed: int = 2,
        scale: float = 0.01,
    ) -> None:
        if not sizes:
            raise ValueError("a sweep needs at least one hidden size")
        network.get_activation(activation)  # an unknown name fails here, not mid-sweep
        self.split = split
        self.sizes = tuple(int(n) for n in sizes)
        self.alpha = float(alpha)
        self.iterations = int(iterations)
        self.activation = activation
        self.seed = seed
        self.scale = scale
        self.results: list[Score] = []
        self._run: GradientDescent | None = None

    @property
    def done(self) -> bool:
        return len(self.results) == len(self.sizes)

    @property
    def current(self) -> int | None:
        """The hidden size being trained now (None when every size is done)."""
        return None if self.done else self.sizes[len(self.results)]

    @property
    def progress(self) -> int:
        """Iterations done on the current size."""
        last = self._run.last if self._run is not None else None
        return 0 if last is None else last.iteration

    @property
    def total_iterations(self) -> int:
        """Iterations run so far over all sizes (finished ones and the current one)."""
        return sum(score.iterations for score in self.results) + (
            self.progress if not self.done else 0
        )

    def _start(self, n1: int) -> GradientDescent:
        params = network.init_params(
            self.split.X_train.shape[0], n1, scale=self.scale, seed=self.seed
        )
        return descent_network(
            self.split.X_train,
            self.split.Y_train,
            params,
            self.alpha,
            self.activation,
            max_iterations=self.iterations,
        )

    def advance(self, iterations: int) -> bool:
        """Run up to `iterations` more iterations (at least one); True while sizes remain."""
        budget = max(1, int(iterations))
        while budget > 0 and not self.done:
            n1 = self.sizes[len(self.results)]
            if self._run is None:
                self._run = self._start(n1)
            budget -= len(self._run.take(budget))
            if self._run.outcome is not Outcome.RUNNING:
                self.results.append(self._score(n1, self._run))
                self._run = None
        return not self.done

    def run(self) -> list[Score]:
        """Every size to the end (for scripts and tests; a live view calls `advance`)."""
        while self.advance(10_000):
            pass
        return list(self.results)

    def _score(self, n1: int, run: GradientDescent) -> Score:
        last = run.last
        assert last is not None
        train, held = network_accuracies(last.params, self.split, self.activation)
        return Score(f"n1 = {n1}", train, held, last.cost, last.iteration, run.outcome, n1)
