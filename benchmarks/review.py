"""How long do the progress report and a review plan take for a learner with a long history?

Run:  python benchmarks/review.py   (prints a table; it never passes or fails on time)

A simulated learner answers every part of every quiz once a day for N days (right 80 % of the time,
a named mistake otherwise), so the store holds about 50·N attempts. For each history size the
table gives, best and median of several repeats (time.perf_counter):

  estimate     BKT over every attempt (`lessons.mastery.estimate`)
  plan         a five-question review plan (`lessons.review.plan_review`)
  report       the whole progress report from a store on disk (`tutor.report.build_report`):
               reading every attempt from SQLite, mastery, schedule, recurring mistakes

The home screen builds the report each time it is shown, so "report" is what returning to the
lesson list costs.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lessons import LESSONS
from lessons.mastery import estimate
from lessons.model import QuizStep
from lessons.review import DAY, plan_review, quiz_parts
from tutor.progress import ProgressStore
from tutor.report import build_report, completed_by_lesson

REPEATS = 5
START = 1_800_000_000.0


def fill(store: ProgressStore, days: int, seed: int = 0) -> float:
    """Write `days` of daily practice into the store; return the simulated "now" after it."""
    rng = np.random.default_rng(seed)
    now = START
    store.clock = lambda: now
    parts = [
        part
        for lesson in LESSONS
        for step in lesson.steps
        if isinstance(step, QuizStep)
        for part in quiz_parts(lesson.slug, step.id)
    ]
    for _ in range(days):
        for part in parts:
            if rng.random() < 0.8:
                store.record_attempt(part.lesson.slug, part.step.id, part.key, "1", 1.0, "correct")
            else:
                store.record_attempt(
                    part.lesson.slug, part.step.id, part.key, "2", 2.0, "mistake", "sign"
                )
            now += 60
        now += DAY
    return now


def timed(action: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def measure(days: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = ProgressStore(Path(folder) / "progress.sqlite3")
        now = fill(store, days)
        attempts = store.attempts()
        completed = completed_by_lesson(store)
        rows = {
            "estimate": lambda: estimate(attempts),
            "plan": lambda: plan_review(attempts, completed, now, seed=0),
            "report": lambda: build_report(store, now),
        }
        for name, action in rows.items():
            best, median = timed(action)
            print(
                f"{days:>5} {len(attempts):>9}  {name:<9} {best * 1e3:>9.1f} {median * 1e3:>10.1f}"
            )
        store.close()


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}, {REPEATS} repeats")
    print(f"{'days':>5} {'attempts':>9}  {'what':<9} {'best ms':>9} {'median ms':>10}")
    for days in (1, 30, 365):
        measure(days)


if __name__ == "__main__":
    main()
