"""Shape checks at the engine's boundaries, with messages a learner can act on."""

from __future__ import annotations

import numpy as np


def as_matrix(
    value: object, name: str, rows: int | None, cols: int | None, meaning: str
) -> np.ndarray:
    """Return `value` as a 2-D float64 array, or explain which shape was expected and why."""
    array = np.asarray(value, dtype=np.float64)
    expected = f"({'n' if rows is None else rows}, {'m' if cols is None else cols})"
    if array.ndim != 2:
        raise ValueError(
            f"{name} must have shape {expected} {meaning}; got {array.shape}"
            + (
                " (a rank-1 array: use keepdims=True or reshape to a column)"
                if array.ndim == 1
                else ""
            )
        )
    if (rows is not None and array.shape[0] != rows) or (
        cols is not None and array.shape[1] != cols
    ):
        raise ValueError(f"{name} must have shape {expected} {meaning}; got {array.shape}")
    return array
