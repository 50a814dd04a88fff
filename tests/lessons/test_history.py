"""Capped histories and min/max decimation: constant memory, the curve's shape kept."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.demo import History, decimate


def test_history_keeps_everything_until_it_is_full() -> None:
    history = History(cap=8)
    for i in range(8):
        history.append(i, 10.0 * i)
    assert len(history) == 8
    assert history.x.tolist() == list(range(8))
    assert history.y.tolist() == [10.0 * i for i in range(8)]
    assert history.stride == 1


@given(cap=st.integers(2, 64).map(lambda n: 2 * n), count=st.integers(0, 5000))
@settings(max_examples=60, deadline=None)
def test_history_respects_its_cap_and_keeps_an_evenly_thinned_curve(cap: int, count: int) -> None:
    history = History(cap=cap)
    for i in range(count):
        history.append(i, float(i * i))
        assert len(history) <= cap
    assert history.seen == count
    if count == 0:
        assert len(history) == 0
        assert history.last is None
        return
    x = history.x
    # The first point and the newest point are always there.
    assert x[0] == 0
    assert history.last == (count - 1, float((count - 1) ** 2))
    # Everything but the newest point is evenly spaced by the stride.
    kept = x[:-1] if (count - 1) % history.stride else x
    assert np.all(np.diff(kept) == history.stride)
    assert np.all(kept % history.stride == 0)
    # The history fills at least half its cap once it has thinned: thinning never loses too much.
    if history.stride > 1:
        assert len(history) >= cap // 2
    assert np.array_equal(history.y, x * x)


def test_history_memory_does_not_grow_with_a_long_run() -> None:
    history = History(cap=256)
    buffer = history._x
    for i in range(200_000):
        history.append(i, 1.0 / (i + 1))
    assert history._x is buffer  # the same preallocated array, never reallocated
    assert len(history) <= 256
    assert history.stride == 1024


def test_clear_starts_over_with_the_same_cap() -> None:
    history = History(cap=4)
    for i in range(50):
        history.append(i, i)
    history.clear()
    assert len(history) == 0
    assert history.stride == 1
    history.append(7, 8)
    assert history.x.tolist() == [7.0]
    assert history.y.tolist() == [8.0]


@pytest.mark.parametrize("cap", [0, 2, 3, 7])
def test_history_rejects_a_cap_it_cannot_halve(cap: int) -> None:
    with pytest.raises(ValueError, match="even number"):
        History(cap=cap)


def test_decimate_leaves_short_series_alone() -> None:
    x = np.arange(10.0)
    y = np.sin(x)
    dx, dy = decimate(x, y, 5)
    assert np.array_equal(dx, x)
    assert np.array_equal(dy, y)


def test_decimate_keeps_a_single_spike() -> None:
    x = np.arange(10_000.0)
    y = np.exp(-x / 2000)
    y[6543] = 50.0
    y[7777] = -3.0
    dx, dy = decimate(x, y, 40)
    assert len(dx) <= 80
    assert 50.0 in dy
    assert -3.0 in dy
    assert dx[dy.argmax()] == 6543
    assert dx[dy.argmin()] == 7777
    assert np.all(np.diff(dx) > 0)


def test_decimate_never_picks_a_non_finite_value_as_an_extreme() -> None:
    x = np.arange(100.0)
    y = np.linspace(1.0, 0.0, 100)
    y[15:20] = np.nan
    y[50] = np.inf
    y[60:70] = np.nan  # a whole bucket of nan keeps its first point only
    dx, dy = decimate(x, y, 10)
    finite = dy[np.isfinite(dy)]
    assert finite.max() == 1.0
    assert finite.min() == 0.0
    assert dx[~np.isfinite(dy)].tolist() == [60.0]


def test_decimate_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="same length"):
        decimate(np.arange(5.0), np.arange(4.0), 1)


@given(
    y=st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=600),
    buckets=st.integers(1, 80),
)
@settings(max_examples=150, deadline=None)
def test_decimate_keeps_every_buckets_min_and_max(y: list[float], buckets: int) -> None:
    values = np.array(y)
    x = np.arange(len(values), dtype=float)
    dx, dy = decimate(x, values, buckets)
    assert len(dx) <= len(values)
    assert np.array_equal(dy, values[dx.astype(int)])  # points are taken, never invented
    assert dy.min() == values.min()
    assert dy.max() == values.max()
    if len(values) > 2 * buckets:
        assert len(dx) <= 2 * buckets
        edges = np.linspace(0, len(values), buckets + 1).astype(int)
        for lo, hi in itertools.pairwise(edges):
            inside = dy[(dx >= lo) & (dx < hi)]
            assert inside.min() == values[lo:hi].min()
            assert inside.max() == values[lo:hi].max()
