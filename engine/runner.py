"""Gradient descent as a plain iterator: θ := θ − α·dθ, one step record per iteration.

    run = descent_1d(CONVEX, w0=4.0, alpha=0.1)
    for record in run.take(10):        # the UI pulls as many steps as it wants per frame
        print(record.iteration, record.params["w"], record.cost, record.slope)
    print(run.summary())               # e.g. "converged after 37 iterations, cost 1.0000"

Record 0 is the starting point (cost and gradients at the initial parameters, no update yet);
record k holds the parameters after k updates and the cost and gradients there. A run stops when
it comes to rest — every gradient, or every entry of the step just taken, is at most `tol` in size:
converged, or STATIONARY when the cost is lower nearby (a peak or a saddle) — after
`max_iterations` updates, or when the cost becomes inf/NaN or grows past 1e12 (diverged). A cost
that barely changes is no reason to stop: a run can jump between two points of equal cost forever.
Divergence is an outcome, computed under `np.errstate(all="ignore")`: never a warning, never an
exception.

A record holds the very arrays of its step. Each update builds new arrays (θ − α·dθ), so the
parameters of earlier records are never changed afterwards and nothing needs copying.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine import logistic, network, numfmt
from engine._shapes import as_matrix

if TYPE_CHECKING:
    from engine.costs import Cost1D, LogisticCost2D

Params = dict[str, Any]  # name -> float | np.ndarray
CostAndGrads = Callable[[Params], tuple[float, dict[str, Any]]]
#: How one iteration moves the parameters: (params, grads, α) -> new params. Grads are keyed
#: "d" + name. A stateful rule (momentum, Adam) can be an object with __call__.
UpdateRule = Callable[[Mapping[str, Any], Mapping[str, Any], float], Params]


def gradient_step(params: Mapping[str, Any], grads: Mapping[str, Any], alpha: float) -> Params:
    """Plain gradient descent, the lectures' rule: θ := θ − α·dθ for every parameter θ."""
    return {name: value - alpha * grads["d" + name] for name, value in params.items()}


#: A cost above this is treated as diverged even while still finite.
DIVERGENCE_THRESHOLD = 1e12
#: How far (relative to 1 + |θ|) a stationary point is probed on each side of each parameter.
PROBE = 1e-4
#: Entries of one parameter array probed at most (spread over the array).
PROBES = 64
#: The step test is relative to 1 + |θ|; steps above tol·(1 + SIZE_CAP) skip measuring |θ|.
SIZE_CAP = 1e6


class Outcome(enum.Enum):
    """How a run ended (or RUNNING while it goes on)."""

    RUNNING = "running"
    CONVERGED = "converged"
    MAX_ITERATIONS = "max_iterations"
    DIVERGED = "diverged"
    #: At rest (gradient about 0), but the cost is lower nearby: a peak or a saddle, not a minimum.
    STATIONARY = "stationary"


@dataclass(slots=True)
class StepRecord:
    """One iteration: the parameters after `iteration` updates, the cost and gradients there.

    `slope` is dJ/dw for one-parameter problems (the tangent's slope a 1-D demo draws), else None.
    """

    iteration: int
    params: dict[str, Any]
    cost: float
    grads: dict[str, Any]
    slope: float | None = None


class GradientDescent:
    """An iterator of `StepRecord`s for θ := θ − α·dθ on every parameter θ in `params`.

    `update` is the rule that moves the parameters each iteration (plain `gradient_step` by
    default; momentum and others plug in here without touching the run's bookkeeping).

    `cost_and_grads(params) -> (cost, grads)` where grads has "d" + name for every parameter name
    ({"w", "b"} -> {"dw", "db"}), the names the lectures use in code. Attributes: `outcome`,
    `stopped_at` (the iteration where the run ended, None while running), `last` (the latest
    record, None before the first).
    """

    def __init__(
        self,
        cost_and_grads: CostAndGrads,
        params: Mapping[str, Any],
        alpha: float,
        *,
        max_iterations: int = 10_000,
        tol: float = 1e-9,
        update: UpdateRule = gradient_step,
    ) -> None:
        if not params:
            raise ValueError("params must name at least one parameter, e.g. {'w': 4.0}")
        if not (math.isfinite(alpha) and alpha >= 0.0):
            raise ValueError(f"the learning rate α must be a finite number ≥ 0; got {alpha!r}")
        if max_iterations < 0:
            raise ValueError(f"max_iterations must be ≥ 0; got {max_iterations!r}")
        self.cost_and_grads = cost_and_grads
        self.update = update
        self.alpha = float(alpha)
        self.max_iterations = int(max_iterations)
        self.tol = float(tol)
        self.outcome = Outcome.RUNNING
        self.stopped_at: int | None = None
        self.last: StepRecord | None = None
        self.reason = ""
        self._start = dict(params)
        self._names = tuple((name, "d" + name) for name in self._start)
        self._one_parameter = len(self._names) == 1

    # -- iteration -----------------------------------------------------------------------------
    def __iter__(self) -> Iterator[StepRecord]:
        return self

    def __next__(self) -> StepRecord:
        if self.outcome is not Outcome.RUNNING:
            raise StopIteration
        with np.errstate(all="ignore"):
            return self._step()

    def take(self, k: int) -> list[StepRecord]:
        """The next k records (fewer, possibly none, when the run ends first)."""
        records: list[StepRecord] = []
        with np.errstate(all="ignore"):
            while len(records) < k and self.outcome is Outcome.RUNNING:
                records.append(self._step())
        return records

    def run(self) -> StepRecord | None:
        """Step until the run ends; return the last record (for when only the end matters)."""
        with np.errstate(all="ignore"):
            while self.outcome is Outcome.RUNNING:
                self._step()
        return self.last

    def _step(self) -> StepRecord:
        last = self.last
        if last is None:
            iteration = 0
            params = self._start
        else:
            iteration = last.iteration + 1
            params = self.update(last.params, last.grads, self.alpha)
        try:
            cost, grads = self.cost_and_grads(params)
            cost = float(cost)
        except (OverflowError, FloatingPointError, ZeroDivisionError):
            cost, grads = math.inf, {dname: math.nan for _, dname in self._names}
        slope = float(grads[self._names[0][1]]) if self._one_parameter else None
        record = StepRecord(iteration, params, cost, grads, slope)
        self.last = record
        if not math.isfinite(cost) or cost > DIVERGENCE_THRESHOLD:
            self._stop(Outcome.DIVERGED, iteration)
            if math.isnan(cost):
                self.reason = "the cost became nan"
            elif math.isinf(cost):
                self.reason = "the cost became inf"
            else:
                self.reason = f"the cost grew past 1e12 ({numfmt.number(cost, 3)})"
        elif (settled := self._settled(last, record)) is not None:
            self._stop(settled[0], iteration)
            self.reason = settled[1]
        elif iteration >= self.max_iterations:
            self._stop(Outcome.MAX_ITERATIONS, iteration)
            self.reason = f"reached the limit of {self.max_iterations} iterations"
        return record

    # -- the stop rule -----------------------------------------------------------------------------
    def _settled(self, last: StepRecord | None, record: StepRecord) -> tuple[Outcome, str] | None:
        """(outcome, reason) when the run has come to rest at `record`, else None.

        At rest means the gradient is negligible (every |dθ| ≤ tol) or the step just taken is
        (every |Δθ| ≤ tol·(1 + |θ|)). A small change in the *cost* is not enough: with α = 1 on
        (w − 2)² + 1 the run jumps between w = 4 and w = 0, where the costs are equal and the slopes
        are ±4, forever. A resting point is then probed on both sides of each parameter: if the
        cost is lower somewhere nearby it is a peak or a saddle (STATIONARY), not a minimum.
        tol < 0 switches the rule off (the run goes on to its limit).
        """
        tol = self.tol
        if tol < 0.0:
            return None
        # all() stops at the first large entry: a moving run costs one or two reductions a step
        if all(_largest(record.grads[dname]) <= tol for _, dname in self._names):
            largest_grad = max(_largest(record.grads[dname]) for _, dname in self._names)
            why = (
                "every slope is exactly 0"
                if largest_grad == 0.0
                else f"every slope is below {numfmt.number(tol, 6)} in size"
            )
        elif last is None:
            return None
        else:
            params, old = record.params, last.params
            if not all(
                _largest(params[name] - old[name]) <= tol * (1.0 + SIZE_CAP)
                for name, _ in self._names
            ):
                return None
            step = max(_largest(params[name] - old[name]) for name, _ in self._names)
            size = max(_largest(params[name]) for name, _ in self._names)
            if step > tol * (1.0 + size):
                return None
            limit = numfmt.number(tol, 6)
            largest_grad = max(_largest(record.grads[dname]) for _, dname in self._names)
            if largest_grad > max(1e-6, 1e3 * tol):
                # a tiny step over a real slope: α, not the cost, keeps θ where it is
                return Outcome.CONVERGED, (
                    f"the parameters stopped moving (the last step was below {limit} in size), "
                    "though the slopes are not 0: α is too small to move them"
                )
            why = f"the parameters stopped moving (the last step was below {limit} in size)"
        if self._lower_nearby(record):
            slopes = "exactly 0" if largest_grad == 0.0 else "about 0"
            return Outcome.STATIONARY, (
                f"every slope is {slopes} here, yet the cost is lower nearby "
                "(a peak or a saddle, not a minimum)"
            )
        return Outcome.CONVERGED, why

    def _lower_nearby(self, record: StepRecord) -> bool:
        """True when moving one parameter a little either way lowers the cost (not a minimum)."""
        base = record.cost
        margin = 1e-12 * (1.0 + abs(base))
        for name, _ in self._names:
            value = record.params[name]
            if isinstance(value, np.ndarray):
                flat = value.reshape(-1)
                # at most PROBES entries of a large array, spread over it
                picks = np.unique(np.linspace(0, flat.size - 1, min(flat.size, PROBES)).astype(int))
            else:
                picks = np.array([0])
            for index in picks:
                for sign in (-1.0, 1.0):
                    moved: Any
                    if isinstance(value, np.ndarray):
                        moved = value.astype(np.float64, copy=True)
                        entry = moved.reshape(-1)
                        entry[index] += sign * PROBE * (1.0 + abs(float(entry[index])))
                    else:
                        moved = float(value) + sign * PROBE * (1.0 + abs(float(value)))
                    try:
                        cost = float(self.cost_and_grads({**record.params, name: moved})[0])
                    except (OverflowError, FloatingPointError, ZeroDivisionError):
                        continue
                    if cost < base - margin:
                        return True
        return False

    def _stop(self, outcome: Outcome, iteration: int) -> None:
        self.outcome = outcome
        self.stopped_at = iteration

    # -- reporting -----------------------------------------------------------------------------
    def summary(self) -> str:
        """One line in words: how the run is going or how it ended."""
        last = self.last
        if last is None:
            return "not started"
        if self.outcome is Outcome.RUNNING:
            return f"running: iteration {last.iteration}, cost {numfmt.fixed(last.cost, 4)}"
        if self.outcome is Outcome.DIVERGED:
            return f"diverged at iteration {self.stopped_at}: {self.reason}"
        steps = _plural(self.stopped_at, "iteration")
        if self.outcome is Outcome.CONVERGED and "α is too small" in self.reason:
            return f"stopped after {steps}, cost {numfmt.fixed(last.cost, 4)}: {self.reason}"
        if self.outcome is Outcome.CONVERGED:
            return f"converged after {steps}, cost {numfmt.fixed(last.cost, 4)}"
        if self.outcome is Outcome.STATIONARY:
            return (
                f"stopped at a stationary point after {steps}, "
                f"cost {numfmt.fixed(last.cost, 4)}: {self.reason}"
            )
        return f"stopped after {steps} (the limit), cost {numfmt.fixed(last.cost, 4)}"


def _largest(value: Any) -> float:
    """The largest |entry| of a float or an array (inf when any entry is NaN)."""
    if isinstance(value, np.ndarray):
        if value.size == 0:
            return 0.0
        biggest = float(np.max(np.abs(value)))
    else:
        biggest = abs(float(value))
    return math.inf if math.isnan(biggest) else biggest


def _plural(count: int | None, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# -- ready-made runs ---------------------------------------------------------------------------
def descent_1d(cost: Cost1D, w0: float, alpha: float, **kw: Any) -> GradientDescent:
    """w := w − α·dJ(w)/dw on a lecture-1 demo cost; every record's slope is dJ/dw at its w."""

    def cost_and_grads(params: Params) -> tuple[float, dict[str, Any]]:
        w = params["w"]
        return cost.J(w), {"dw": cost.dJ(w)}

    return GradientDescent(cost_and_grads, {"w": float(w0)}, alpha, **kw)


def descent_2d(
    cost: LogisticCost2D, w0: float, b0: float, alpha: float, **kw: Any
) -> GradientDescent:
    """w := w − α·∂J/∂w and b := b − α·∂J/∂b together, on logistic regression's bowl J(w, b)."""

    def cost_and_grads(params: Params) -> tuple[float, dict[str, Any]]:
        w, b = params["w"], params["b"]
        dw, db = cost.gradient(w, b)
        return cost.J(w, b), {"dw": dw, "db": db}

    return GradientDescent(cost_and_grads, {"w": float(w0), "b": float(b0)}, alpha, **kw)


def descent_logistic(
    X: np.ndarray,
    Y: np.ndarray,
    alpha: float,
    *,
    w0: np.ndarray | None = None,
    b0: float = 0.0,
    **kw: Any,
) -> GradientDescent:
    """Vectorised logistic regression on m examples, starting from w = 0, b = 0 unless given.

    Shapes are checked once here; each step then runs `logistic.propagate` without re-checking.
    """
    X = as_matrix(X, "X", None, None, "with one example per column")
    Y = as_matrix(Y, "Y", 1, X.shape[1], "with one label per column of X")
    w = np.zeros((X.shape[0], 1)) if w0 is None else np.array(w0, dtype=np.float64)
    as_matrix(w, "w", X.shape[0], 1, "with one weight per feature")

    return GradientDescent(logistic.batch_kernel(X, Y), {"w": w, "b": float(b0)}, alpha, **kw)


def descent_network(
    X: np.ndarray,
    Y: np.ndarray,
    params: Mapping[str, np.ndarray],
    alpha: float,
    activation: str = "tanh",
    **kw: Any,
) -> GradientDescent:
    """The one-hidden-layer network trained by W1 := W1 − α·dW1 (and b1, W2, b2 alike).

    Shapes are checked once here; each step then runs the 4 forward and 6 backward equations
    without re-checking, which keeps the runner as fast as a bare NumPy loop. A start with two
    identical hidden units (a constant or zero start) gets the kernel whose sums keep them
    bit-identical; any other start the faster BLAS products (`network.batch_kernel`).
    """
    X, Y, start = network.check_inputs(params, X, Y)
    exact = network.has_identical_units(start)
    kernel = network.batch_kernel(X, Y, activation, exact_symmetry=exact)
    return GradientDescent(kernel, start, alpha, **kw)
