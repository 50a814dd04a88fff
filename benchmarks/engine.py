"""How fast is one gradient-descent step of the lecture-3 network, and what does vectorising save?

Run:  python benchmarks/engine.py   (prints a table; it never passes or fails on time)

One full step = forward (4 equations), the cost, backward (6 equations) and the update of W1, b1,
W2, b2, on the flower data set (m = 400, n0 = 2, n1 = 4 tanh units, n2 = 1), α = 1.2. Three ways:

  runner        the engine's `descent_network` run, pulled `TICK` records at a time with `take`,
                as a demo's timer does (records are dropped after each tick, as a demo keeps only
                the costs it plots); a second row keeps every record, to show what holding
                thousands of parameter sets in memory costs; a third starts from a constant start
                (every hidden unit alike), where the runner sums dW1 and dW2 with einsum so the
                units stay bit-identical, instead of BLAS's faster products (see
                `engine.network.batch_kernel`)
  bare loop     the same equations written inline with NumPy, as in the course's notebook: the
                floor (its sigmoid is the plain 1/(1 + e^(−z)) and its cost uses log(A2), which the
                engine replaces by overflow-free forms)
  per example   the same step computed one example (one column) at a time in a Python loop

The ways are timed in turns (runner, bare, runner, bare, …) by the CPU time of this thread
(time.thread_time: on a shared machine the time the OS gives other programs is not counted, which
wall-clock time would add to whichever way it happened to interrupt), so what a busy machine still
does to both (its caches, a shared core) it does to them alike; the best repeat (min) is the
number least disturbed by the machine, the median says how typical it is.
"""

from __future__ import annotations

import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from engine.datasets import flower
from engine.network import init_params
from engine.runner import descent_network

ALPHA = 1.2
N1 = 4
SEED = 2
TICK = 50  # records per `take`, about what a 20 Hz demo pulls per frame at full speed


StepsFunction = Callable[[int], None]


def time_per_step(
    ways: dict[str, tuple[StepsFunction, int]], repeats: int
) -> dict[str, tuple[float, float]]:
    """{way: (min, median) µs per step}, timing `steps` steps per repeat, the ways in turns."""
    samples: dict[str, list[float]] = {name: [] for name in ways}
    for run_steps, steps in ways.values():
        run_steps(max(1, steps // 10))  # warm up caches and NumPy's dispatch
    for _ in range(repeats):
        for name, (run_steps, steps) in ways.items():
            start = time.thread_time()
            run_steps(steps)
            samples[name].append((time.thread_time() - start) / steps * 1e6)
    return {name: (min(s), statistics.median(s)) for name, s in samples.items()}


def runner_steps(
    X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray], keep: bool = False
) -> StepsFunction:
    def run_steps(steps: int) -> None:
        run = descent_network(X, Y, params, ALPHA, max_iterations=steps, tol=-1.0)
        if keep:
            # record 0 is the starting point, so steps + 1 records hold `steps` updates
            kept = run.take(steps + 1)
            assert len(kept) == steps + 1, run.summary()
            return
        pulled = 0
        while records := run.take(TICK):
            pulled += len(records)
        assert pulled == steps + 1, run.summary()

    return run_steps


def bare_steps(
    X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]
) -> Callable[[int], None]:
    def run_steps(steps: int) -> None:
        W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        m = X.shape[1]
        for _ in range(steps):
            Z1 = np.dot(W1, X) + b1
            A1 = np.tanh(Z1)
            Z2 = np.dot(W2, A1) + b2
            A2 = 1.0 / (1.0 + np.exp(-Z2))
            cost = -np.sum(Y * np.log(A2) + (1.0 - Y) * np.log(1.0 - A2)) / m
            dZ2 = A2 - Y
            dW2 = np.dot(dZ2, A1.T) / m
            db2 = np.sum(dZ2, axis=1, keepdims=True) / m
            dZ1 = np.dot(W2.T, dZ2) * (1.0 - A1**2)
            dW1 = np.dot(dZ1, X.T) / m
            db1 = np.sum(dZ1, axis=1, keepdims=True) / m
            W1 = W1 - ALPHA * dW1
            b1 = b1 - ALPHA * db1
            W2 = W2 - ALPHA * dW2
            b2 = b2 - ALPHA * db2
        assert np.isfinite(cost)

    return run_steps


def per_example_steps(
    X: np.ndarray, Y: np.ndarray, params: dict[str, np.ndarray]
) -> Callable[[int], None]:
    def run_steps(steps: int) -> None:
        W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
        m = X.shape[1]
        for _ in range(steps):
            cost = 0.0
            dW1, db1 = np.zeros_like(W1), np.zeros_like(b1)
            dW2, db2 = np.zeros_like(W2), np.zeros_like(b2)
            for i in range(m):
                x = X[:, i : i + 1]
                y = Y[0, i]
                z1 = np.dot(W1, x) + b1
                a1 = np.tanh(z1)
                z2 = np.dot(W2, a1) + b2
                a2 = 1.0 / (1.0 + np.exp(-z2))
                cost += float(-(y * np.log(a2) + (1.0 - y) * np.log(1.0 - a2)).item())
                dz2 = a2 - y
                dW2 += np.dot(dz2, a1.T)
                db2 += dz2
                dz1 = np.dot(W2.T, dz2) * (1.0 - a1**2)
                dW1 += np.dot(dz1, x.T)
                db1 += dz1
            cost /= m
            W1 = W1 - ALPHA * dW1 / m
            b1 = b1 - ALPHA * db1 / m
            W2 = W2 - ALPHA * dW2 / m
            b2 = b2 - ALPHA * db2 / m
        assert np.isfinite(cost)

    return run_steps


def main() -> None:
    X, Y = flower(m=400, seed=1)
    params = init_params(X.shape[0], N1, seed=SEED)
    constant = init_params(X.shape[0], N1, method="constant", scale=0.5)
    timings = time_per_step(
        {
            f"engine runner (take {TICK})": (runner_steps(X, Y, params), 2000),
            "bare NumPy loop (floor)": (bare_steps(X, Y, params), 2000),
            "runner, keeping all records": (runner_steps(X, Y, params, keep=True), 2000),
            "runner, constant start": (runner_steps(X, Y, constant), 2000),
            "one example at a time": (per_example_steps(X, Y, params), 10),
        },
        repeats=11,
    )
    rows = list(timings.items())
    (runner_min, runner_median), (bare_min, bare_median) = rows[0][1], rows[1][1]
    symmetric_min, symmetric_median = rows[3][1]
    per_example_min, per_example_median = rows[4][1]

    print(f"One gradient-descent step of the network on flower (m = 400, n1 = {N1}, tanh)")
    print(f"Python {platform.python_version()}, NumPy {np.__version__}, {platform.machine()}")
    print()
    print(f"{'way':<30}{'µs/step (min)':>15}{'µs/step (median)':>19}")
    for name, (best, median) in rows:
        print(f"{name:<30}{best:>15.1f}{median:>19.1f}")
    print()
    print(f"{'ratio':<44}{'min':>8}{'median':>9}  goal")
    print(
        f"{'runner / bare loop':<44}{runner_min / bare_min:>7.2f}×"
        f"{runner_median / bare_median:>8.2f}×  ≤ 1.1×"
    )
    print(
        f"{'constant start (exact sums) / bare loop':<44}{symmetric_min / bare_min:>7.2f}×"
        f"{symmetric_median / bare_median:>8.2f}×  (no goal)"
    )
    print(
        f"{'per example / vectorised runner':<44}{per_example_min / runner_min:>7.0f}×"
        f"{per_example_median / runner_median:>8.0f}×  ≥ 100×"
    )


if __name__ == "__main__":
    main()
