"""Shared pieces of the robustness tests: the long-run switch and small builders."""

from __future__ import annotations

import os
from pathlib import Path

from tutor.progress import ProgressStore

#: GD_TUTOR_LONG_TESTS=1 turns the bounded fuzzing and storms into long runs.
LONG = os.environ.get("GD_TUTOR_LONG_TESTS", "").strip() not in {"", "0"}


def filled_store(directory: Path, attempts: int = 300) -> Path:
    """A real progress file with some steps, attempts and a position, closed and ready to damage."""
    path = directory / "progress.sqlite3"
    store = ProgressStore(path)
    for i in range(attempts):
        store.record_attempt("l", "s", "dz", str(i) * 20, i, "wrong", "sign", i % 3)
    store.complete_step("l", "done")
    store.set_position("l", "done")
    store.close()
    return path
