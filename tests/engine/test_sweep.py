"""The held-out split, the logistic-regression baseline and the hidden-size sweep: seeded,
computed by the engine's own gradient descent, and resumable a slice at a time."""

from __future__ import annotations

import numpy as np
import pytest

from engine import network
from engine.datasets import flower
from engine.runner import Outcome, descent_network
from engine.sweep import (
    HIDDEN_SIZES,
    HiddenSizeSweep,
    holdout_split,
    logistic_baseline,
    network_accuracies,
)


def test_split_is_stratified_disjoint_and_seeded() -> None:
    X, Y = flower(400)
    split = holdout_split(X, Y, held_out=0.25, seed=0)
    assert (split.m_train, split.m_held) == (300, 100)
    assert split.Y_train.mean() == 0.5 and split.Y_held.mean() == 0.5
    every = np.concatenate([split.X_train, split.X_held], axis=1)
    assert sorted(map(tuple, every.T)) == sorted(map(tuple, X.T))  # a partition of the columns
    again = holdout_split(X, Y, held_out=0.25, seed=0)
    np.testing.assert_array_equal(split.X_held, again.X_held)
    other = holdout_split(X, Y, held_out=0.25, seed=1)
    assert not np.array_equal(split.X_held, other.X_held)
    with pytest.raises(ValueError, match="between 0 and 1"):
        holdout_split(X, Y, held_out=1.0)
    with pytest.raises(ValueError, match="without"):
        holdout_split(X[:, [0, 1, 398, 399]], Y[:, [0, 1, 398, 399]], held_out=0.1)


def test_logistic_baseline_is_about_half_right_on_the_flower() -> None:
    split = holdout_split(*flower(400), seed=0)
    score = logistic_baseline(split)
    assert 0.4 < score.train_accuracy < 0.65 and 0.4 < score.held_out_accuracy < 0.65
    assert score == logistic_baseline(holdout_split(*flower(400), seed=0))  # reproducible


def test_sweep_numbers_are_the_runners_and_reproducible_by_seed() -> None:
    split = holdout_split(*flower(400), seed=0)
    sweep = HiddenSizeSweep(split, (1, 4), iterations=300, seed=2)
    results = sweep.run()
    assert [score.n1 for score in results] == [1, 4]
    # the same network, trained by hand with the runner, gives the very same numbers
    run = descent_network(
        split.X_train, split.Y_train, network.init_params(2, 4, seed=2), 1.2, max_iterations=300
    )
    last = run.run()
    assert last is not None
    assert results[1].cost == last.cost and results[1].iterations == last.iteration
    assert (results[1].train_accuracy, results[1].held_out_accuracy) == network_accuracies(
        last.params, split
    )
    assert HiddenSizeSweep(split, (1, 4), iterations=300, seed=2).run() == results
    assert HiddenSizeSweep(split, (1, 4), iterations=300, seed=3).run() != results


def test_sweep_advances_a_slice_at_a_time() -> None:
    split = holdout_split(*flower(400), seed=0)
    whole = HiddenSizeSweep(split, (2, 3), iterations=120).run()
    sweep = HiddenSizeSweep(split, (2, 3), iterations=120)
    assert sweep.current == 2 and sweep.progress == 0 and HIDDEN_SIZES == (1, 2, 3, 4, 5, 20, 50)
    slices = 0
    while sweep.advance(50):
        slices += 1
        assert sweep.total_iterations <= 50 * slices
    assert sweep.done and sweep.current is None and sweep.results == whole
    assert all(score.outcome is Outcome.MAX_ITERATIONS for score in sweep.results)
    assert sweep.advance(50) is False


def test_more_hidden_units_beat_the_baseline() -> None:
    split = holdout_split(*flower(400), seed=0)
    base = logistic_baseline(split)
    (score,) = HiddenSizeSweep(split, (4,), iterations=2000).run()
    assert score.train_accuracy > base.train_accuracy + 0.2
    assert score.held_out_accuracy > base.held_out_accuracy + 0.2
    with pytest.raises(ValueError, match="activation"):
        HiddenSizeSweep(split, activation="softplus")
