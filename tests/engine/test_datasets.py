"""Data sets: shapes, labels, determinism, and the properties the lessons rely on."""

from __future__ import annotations

import numpy as np
import pytest

from engine.datasets import blobs, flower, one_feature


@pytest.mark.parametrize(
    ("make", "n0", "m"), [(flower, 2, 400), (blobs, 2, 200), (one_feature, 1, 20)]
)
def test_shapes_labels_and_dtype(make, n0: int, m: int) -> None:
    X, Y = make()
    assert X.shape == (n0, m) and Y.shape == (1, m)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert set(np.unique(Y)) == {0.0, 1.0}
    assert Y.sum() == m // 2  # as many of each class
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("make", [flower, blobs, one_feature])
def test_same_seed_same_arrays_other_seed_other_arrays(make) -> None:
    X1, Y1 = make(seed=3)
    X2, Y2 = make(seed=3)
    X3, _ = make(seed=4)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.array_equal(X1, X3)


def test_flower_follows_the_course_recipe() -> None:
    X, Y = flower()
    assert int((Y == 0).sum()) == 200 and int((Y == 1).sum()) == 200
    rng = np.random.default_rng(1)
    for j in (0, 1):
        t = np.linspace(3.12 * j, 3.12 * (j + 1), 200) + 0.2 * rng.standard_normal(200)
        r = 4 * np.sin(4 * t) + 0.2 * rng.standard_normal(200)
        np.testing.assert_array_equal(
            X[:, 200 * j : 200 * (j + 1)], np.vstack([r * np.sin(t), r * np.cos(t)])
        )
    assert np.abs(X).max() < 5.0  # the petals reach radius about 4
    assert flower(m=10)[0].shape == (2, 10)


@pytest.mark.parametrize("seed", range(20))
def test_blobs_are_linearly_separable(seed: int) -> None:
    X, Y = blobs(seed=seed)
    side = X[0] + X[1]
    assert side[Y[0] == 0].max() < side[Y[0] == 1].min()


@pytest.mark.parametrize("seed", range(20))
def test_one_feature_classes_overlap(seed: int) -> None:
    X, Y = one_feature(seed=seed)
    x0, x1 = X[0][Y[0] == 0], X[0][Y[0] == 1]
    assert x0.max() > x1.min() and x1.max() > x0.min()


@pytest.mark.parametrize("m", [0, 3, -2, 2.5])
def test_odd_or_bad_sizes_are_refused(m) -> None:
    with pytest.raises(ValueError, match="even number"):
        flower(m=m)
