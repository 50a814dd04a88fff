"""A one-hidden-layer network learning the flower data set live: cost, decision boundary, accuracy.

Logistic regression draws one straight line through the petals and stalls near 50 %; a handful of
tanh units bends the boundary around them. Watching the coloured regions change shape while the
cost falls is the payoff of the four forward and six backward equations. The network trains on
three quarters of the flower; the other quarter is held out, so the accuracy beside the training
accuracy is on points it never learned from, and the logistic-regression baseline on the same
split (from `engine.sweep`) says what the hidden layer buys. `SweepDemo` trains one network per
hidden size (1, 2, 3, 4, 5, 20, 50), a slice of iterations per step, to show where more units stop
helping.

Stepping, α and the boundary's refresh rhythm are shared with logistic regression
(`lessons.demos.boundary.BoundaryDemo`); this module holds what is particular to the network: its
settings (n1, activation, init) and how it predicts.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np

from engine import network, numfmt
from engine.datasets import flower
from engine.runner import StepRecord, descent_network
from engine.sweep import HIDDEN_SIZES, HiddenSizeSweep, Score, holdout_split, logistic_baseline
from lessons.demo import Chart, Control, Demo, Frame, History, Series, TextPanel
from lessons.demos.boundary import BOUNDARY_EVERY, Boundary, BoundaryDemo
from lessons.demos.run import ALPHA_CONTROLS, alpha_rung

#: Re-exported: the refresh rhythm belongs to the boundary helper, the tests pin it from here.
__all__ = ["BOUNDARY_EVERY", "NetworkDemo", "SweepDemo"]

ALPHAS = (0.01, 0.03, 0.1, 0.3, 0.6, 1.2, 2.4, 5.0, 10.0, 50.0)
HIDDEN_UNITS = (1, 2, 3, 4, 5, 8, 10, 20, 50)
ACTIVATION_CYCLE = ("tanh", "relu", "sigmoid")
INITS = network.INITS  # random, constant, zeros
#: Share of the flower held out from training, and the seed that picks it.
HELD_OUT, SPLIT_SEED = 0.25, 0
#: Widest line of a text panel (an 80-column terminal, less the panel's border and padding).
PANEL_WIDTH = 74
#: ReLU networks with this many units or fewer get a word on why they can stall.
FEW_UNITS = 5
#: Grid of predicted points behind the data: coarse enough to be cheap, fine enough to show petals.
GRID_COLUMNS, GRID_ROWS = 80, 40


class NetworkDemo(BoundaryDemo):
    """Train W1, b1, W2, b2 by gradient descent on the flower data, one iteration per step."""

    title = "A network learning the flower"
    controls = (
        *ALPHA_CONTROLS,
        Control("right_square_bracket", "n1_up", "more hidden units"),
        Control("left_square_bracket", "n1_down", "fewer hidden units"),
        Control("a", "activation", "hidden activation"),
        Control("i", "init", "random/constant/zeros start"),
    )

    def __init__(
        self,
        *,
        n1: int = 4,
        activation: str = "tanh",
        init: str = "random",
        alpha: float = 1.2,
        max_iterations: int = 10_000,
        seed: int = 2,
        m: int = 400,
    ) -> None:
        if activation not in ACTIVATION_CYCLE:
            raise ValueError(f"activation must be one of {', '.join(ACTIVATION_CYCLE)}")
        if init not in INITS:
            raise ValueError(f"init must be one of {', '.join(INITS)}; got {init!r}")
        if not (isinstance(n1, int) and n1 >= 1):
            raise ValueError(f"n1 (hidden units) must be a whole number ≥ 1; got {n1!r}")
        if not (math.isfinite(alpha) and alpha > 0):
            raise ValueError(f"α must be a positive number; got {alpha!r}")
        self.n1 = n1
        self.activation = activation
        self.init = init
        self.alpha = alpha
        self.max_iterations = max_iterations
        self.seed = seed
        self.split = holdout_split(*flower(m), held_out=HELD_OUT, seed=SPLIT_SEED)
        self.X, self.Y = self.split.X_train, self.split.Y_train
        self.baseline = logistic_baseline(self.split)
        self._held: float | None = None
        self.history = History()
        self.boundary = Boundary(self.X, GRID_COLUMNS, GRID_ROWS)
        self.reset()

    # -- state ------------------------------------------------------------------------------------
    @property
    def params(self) -> dict[str, np.ndarray]:
        return self.last.params

    @property
    def cost(self) -> float:
        return self.last.cost

    def predict(self, points: np.ndarray) -> np.ndarray:
        return network.predict(self.params, points, self.activation)

    def probability(self, points: np.ndarray) -> np.ndarray:
        return network.forward(self.params, points, self.activation)[0]

    # -- Demo -------------------------------------------------------------------------------------
    def reset(self) -> None:
        params = network.init_params(
            self.X.shape[0], self.n1, method=self.init, scale=0.01, seed=self.seed
        )
        self.history.clear()
        self._forget_boundary()
        self._held = None
        self._start(
            descent_network(
                self.X,
                self.Y,
                params,
                self.alpha,
                self.activation,
                max_iterations=self.max_iterations,
            )
        )

    @property
    def stationary(self) -> bool:
        """True when the start has every gradient exactly 0 (a zeros start): nothing can move."""
        first = self.run.last
        return first is not None and first.iteration == 0 and network.is_stationary(first.grads)

    @property
    def finished(self) -> bool:
        return self.stationary or super().finished

    def held_out_accuracy(self) -> float:
        """Share of the held-out examples (never trained on) the current network gets right."""
        with np.errstate(all="ignore"):
            predicted = self.predict(self.split.X_held)
        return float(network.accuracy(predicted, self.split.Y_held))

    def refresh_boundary(self, force: bool = False) -> None:
        before = self.boundary.iteration
        super().refresh_boundary(force)
        if self.boundary.iteration != before or (force and self._held is None):
            self._held = self.held_out_accuracy()

    def accuracy_text(self) -> str:
        """' · train 94.0% · held-out 93.0%' once known."""
        if self._accuracy is None:
            return ""
        held = "" if self._held is None else f" · held-out {self._held:.1%}"
        return f" · train {self._accuracy:.1%}{held}"

    def dead_units(self) -> int:
        """Hidden units whose Z1 is ≤ 0 for every training example (ReLU′ = 0 there: stuck)."""
        with np.errstate(all="ignore"):
            Z1 = self.params["W1"] @ self.X + self.params["b1"]
        return int(np.sum(np.all(Z1 <= 0.0, axis=1)))

    def note_text(self) -> str:
        """A word on what the learner is looking at, when something needs one."""
        if self.stationary:
            return (
                "zeros start: every gradient is exactly 0, a stationary point, so gradient "
                "descent never moves (not a minimum: press i for another start)"
            )
        if self.init == "constant":
            return "constant start: all hidden units stay identical, worth one unit"
        if self.iteration == 0 and self.init == "random":
            return (
                "iteration 0: tiny random weights give ŷ ≈ 0.5 everywhere, so the first regions "
                "are an accident of the draw (no better than a coin)"
            )
        if self.activation == "relu" and self.n1 <= FEW_UNITS:
            dead = self.dead_units()
            stuck = (
                f"{dead} of {self.n1} units dead (Z1 ≤ 0 everywhere, ReLU′ = 0); " if dead else ""
            )
            return (
                f"ReLU, {self.n1} units: {stuck}few straight bends can settle short of the petals"
            )
        return ""

    def _record(self, record: StepRecord) -> None:
        if math.isfinite(record.cost):
            self.history.append(record.iteration, record.cost)

    def act(self, action: str) -> None:
        """α carries on from where the run is (starting again only after a divergence); the
        architecture and initialisation controls start a new network."""
        if action in {"alpha_up", "alpha_down"}:
            self.alpha = alpha_rung(self.alpha, 1 if action == "alpha_up" else -1, ALPHAS)
            if self.diverged:
                self.reset()
            return
        if action in {"n1_up", "n1_down"}:
            index = HIDDEN_UNITS.index(self.n1) if self.n1 in HIDDEN_UNITS else 3
            index += 1 if action == "n1_up" else -1
            self.n1 = HIDDEN_UNITS[max(0, min(len(HIDDEN_UNITS) - 1, index))]
        elif action == "activation":
            position = ACTIVATION_CYCLE.index(self.activation)
            self.activation = ACTIVATION_CYCLE[(position + 1) % len(ACTIVATION_CYCLE)]
        elif action == "init":
            self.init = INITS[(INITS.index(self.init) + 1) % len(INITS)]
        else:
            return
        self.reset()

    def settings(self) -> str:
        alpha = numfmt.number(self.alpha, 6)
        return f"α = {alpha}, n1 = {self.n1}, {self.activation}, {self.init} init"

    def frame(self) -> Frame:
        self.refresh_boundary()
        cost_chart = Chart(
            f"J · α={numfmt.number(self.alpha, 6)} n1={self.n1} {self.activation} {self.init}",
            (Series(self.history.x, self.history.y, "", "line", "sky"),),
            xlabel="iteration",
            whole_x=True,
            yscale="auto",
        )
        boundary_chart = self.boundary_chart("predicted regions")
        base = self.baseline
        baseline = (
            f"logistic regression: train {base.train_accuracy:.1%}, "
            f"held-out {base.held_out_accuracy:.1%}"
        )
        if self.diverged:
            status = f"{self.run.summary()} · press − to lower α"
        else:
            # the view shows the iteration itself
            status = f"cost {numfmt.fixed(self.cost, 4)}{self.accuracy_text()}"
        note = self.note_text()
        panel = TextPanel(
            "hidden layer against logistic regression",
            baseline + (f"\n{textwrap.fill(note, PANEL_WIDTH)}" if note else ""),
        )
        return Frame(charts=(cost_chart, boundary_chart), panels=(panel,), status=status)

    def summary(self) -> str:
        if self.stationary:
            return (
                f"stationary point from the start: every gradient is exactly 0, cost "
                f"{numfmt.fixed(self.cost, 4)}, train accuracy {self.accuracy():.1%}"
            )
        text = super().summary()
        if self.diverged:
            return text
        return f"{text} (train), held-out {self.held_out_accuracy():.1%}"


#: Iterations of the current hidden size per step of the sweep demo, at most: a step's work grows
#: with n1, so larger networks take fewer (`sweep_chunk`) and one step of n1 = 50 stays well inside
#: the live view's 8 ms budget (measured: a median of about 1 ms per step at every size).
SWEEP_CHUNK = 20
#: Hidden units × iterations one sweep step may take.
SWEEP_WORK = 200
#: Width of the bar drawn for 100 % held-out accuracy.
BAR_WIDTH = 24


def sweep_chunk(n1: int) -> int:
    """Iterations per sweep step for a network of n1 hidden units: 20 for small ones, fewer for
    large ones (4 for n1 = 50), never fewer than 2."""
    return max(2, min(SWEEP_CHUNK, SWEEP_WORK // n1))


class SweepDemo(Demo):
    """One network per hidden size on the same split, trained a slice at a time, with a table of
    training and held-out accuracy under the logistic-regression baseline."""

    title = "How many hidden units? Train and held-out accuracy"
    steps_per_tick = 50.0  # as many slices as the live view's time budget allows

    def __init__(
        self,
        *,
        sizes: tuple[int, ...] = HIDDEN_SIZES,
        iterations: int = 5000,
        alpha: float = 1.2,
        activation: str = "tanh",
        seed: int = 2,
        m: int = 400,
    ) -> None:
        self.split = holdout_split(*flower(m), held_out=HELD_OUT, seed=SPLIT_SEED)
        self.baseline = logistic_baseline(self.split)
        self.sizes = sizes
        self.iterations = iterations
        self.alpha = alpha
        self.activation = activation
        self.seed = seed
        self.max_iterations = iterations * len(sizes)
        self.reset()

    def reset(self) -> None:
        self.sweep = HiddenSizeSweep(
            self.split,
            self.sizes,
            alpha=self.alpha,
            iterations=self.iterations,
            activation=self.activation,
            seed=self.seed,
        )
        #: Iterations run so far over every size (what the live view shows as the iteration).
        self.iteration = 0

    def step(self) -> bool:
        if self.finished:
            return False
        self.sweep.advance(sweep_chunk(self.sweep.current or 1))
        self.iteration = self.sweep.total_iterations
        return True

    @property
    def finished(self) -> bool:
        return self.sweep.done

    @staticmethod
    def _row(name: str, score: Score | None) -> str:
        if score is None:
            return f"{name:>4}        ·          ·"
        bar = "█" * round(score.held_out_accuracy * BAR_WIDTH)
        return f"{name:>4}   {score.train_accuracy:6.1%}     {score.held_out_accuracy:6.1%}   {bar}"

    def table(self) -> str:
        """The baseline, then one row per hidden size: done, in training, or still to come."""
        lines = [
            "  n1    train   held-out   held-out bar",
            self._row("LR", self.baseline) + "  logistic regression",
        ]
        done = {score.n1: score for score in self.sweep.results}
        for n1 in self.sizes:
            row = self._row(str(n1), done.get(n1))
            if n1 == self.sweep.current:
                row = f"{n1:>4}   training: iteration {self.sweep.progress} of {self.iterations}"
            lines.append(row)
        return "\n".join(lines)

    def verdict(self) -> str:
        """Where more units stop helping, read off the finished results (empty before)."""
        if not self.sweep.done:
            return ""
        results = self.sweep.results
        best = max(score.held_out_accuracy for score in results)
        enough = next(s for s in results if s.held_out_accuracy >= best - 0.02)
        return (
            f"{enough.n1} hidden units already reach {enough.held_out_accuracy:.0%} on held-out "
            f"points (best {best:.0%}); more units add little. Logistic regression: "
            f"{self.baseline.held_out_accuracy:.0%}."
        )

    def frame(self) -> Frame:
        body = self.table()
        verdict = self.verdict()
        if verdict:
            body += "\n" + textwrap.fill(verdict, PANEL_WIDTH)
        title = (
            f"{self.split.m_train} training points, {self.split.m_held} held out · "
            f"{self.iterations} iterations each, α = {numfmt.number(self.alpha, 6)}"
        )
        current = self.sweep.current
        status = "all sizes trained" if current is None else f"training n1 = {current}"
        return Frame(panels=(TextPanel(title, body),), status=status)

    def summary(self) -> str:
        return self.verdict() or f"{len(self.sweep.results)} of {len(self.sizes)} sizes trained"
