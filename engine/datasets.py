"""Seeded, generated data sets (nothing is downloaded): same seed, same arrays, every time.

Each function returns X of shape (n0, m), one example per column, and Y of shape (1, m) holding
labels 0.0 or 1.0, both float64, class 0 first and class 1 after it.
"""

from __future__ import annotations

import numpy as np


def _check_even(m: int, name: str) -> int:
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 2 or m % 2:
        raise ValueError(
            f"{name} needs an even number of examples m ≥ 2 (half per class); got {m!r}"
        )
    return int(m)


def _labels(m: int) -> np.ndarray:
    """Y = (0 … 0, 1 … 1): the first half of the columns is class 0, the second half class 1."""
    half = m // 2
    return np.concatenate([np.zeros(half), np.ones(half)]).reshape(1, m)


def flower(m: int = 400, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The course's "flower": two classes of m/2 points on the petals of r = 4·sin(4t).

    For class j in 0, 1: t = linspace(3.12·j, 3.12·(j + 1), m/2) + 0.2·randn,
    r = 4·sin(4t) + 0.2·randn and the points are x = (r·sin t, r·cos t). Logistic regression cannot
    separate the petals with one line; a network with a few tanh hidden units can.
    """
    m = _check_even(m, "flower")
    n = m // 2
    rng = np.random.default_rng(seed)
    X = np.empty((2, m))
    for j in (0, 1):
        t = np.linspace(3.12 * j, 3.12 * (j + 1), n) + 0.2 * rng.standard_normal(n)
        r = 4.0 * np.sin(4.0 * t) + 0.2 * rng.standard_normal(n)
        X[0, j * n : (j + 1) * n] = r * np.sin(t)
        X[1, j * n : (j + 1) * n] = r * np.cos(t)
    return X, _labels(m)


def blobs(m: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two round clouds of points that one straight line separates: logistic regression's home.

    Class 0 is centred at (−1.5, −1), class 1 at (1.5, 1), spread 0.8. A point that strays across
    the band x1 + x2 ∈ (−0.5, 0.5) is mirrored back to its own side, so the classes are always
    linearly separable, whatever the seed.
    """
    m = _check_even(m, "blobs")
    n = m // 2
    rng = np.random.default_rng(seed)
    direction = np.array([[1.0], [1.0]]) / np.sqrt(2.0)
    margin = 0.5 / np.sqrt(2.0)  # half the band's width along `direction`
    parts = []
    for sign, centre in ((-1.0, (-1.5, -1.0)), (1.0, (1.5, 1.0))):
        points = np.array(centre).reshape(2, 1) + 0.8 * rng.standard_normal((2, n))
        along = sign * (direction.T @ points)  # distance towards the own side of the band
        stray = along < margin
        # mirror each stray point across the band's edge: along' = 2·margin − along > margin
        points = points + np.where(stray, sign * 2.0 * (margin - along), 0.0) * direction
        parts.append(points)
    return np.concatenate(parts, axis=1), _labels(m)


def one_feature(m: int = 20, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One feature x, two overlapping classes: the data behind lecture 1's bowl J(w, b).

    Class 0 is drawn around x = −1, class 1 around x = +1 (spread 1). The classes always overlap
    (if a seed happened to separate them, the two closest points swap), so no line separates them
    perfectly and J(w, b) has a finite minimum instead of sliding off to w → ∞.
    """
    m = _check_even(m, "one_feature")
    n = m // 2
    rng = np.random.default_rng(seed)
    x0 = -1.0 + rng.standard_normal(n)
    x1 = 1.0 + rng.standard_normal(n)
    for low, high in ((x0, x1), (x1, x0)):  # neither "all of class 0 below 1" nor the reverse
        if low.max() < high.min():
            i, k = int(low.argmax()), int(high.argmin())
            low[i], high[k] = high[k], low[i]
    X = np.concatenate([x0, x1]).reshape(1, m)
    return X, _labels(m)
