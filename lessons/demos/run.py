"""What every demo backed by one engine run shares: stepping the run, its outcome, its α.

A live demo over `engine.runner.GradientDescent` is mostly bookkeeping that must be the same
everywhere — one record per `step()`, the previous record kept for "old → new" update lines, the
engine's outcome and summary passed through, a new α reaching the run at once. Keeping it here lets
each demo module say only what it shows: which series it records (`_record`) and how it draws them.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence

from engine.runner import GradientDescent, Outcome, StepRecord
from lessons.demo import Control, Demo

#: The α keys every run demo offers first, so + and − mean the same in every lesson.
ALPHA_CONTROLS: tuple[Control, ...] = (
    Control("plus", "alpha_up", "α up"),
    Control("minus", "alpha_down", "α down"),
)


def alpha_rung(alpha: float, direction: int, ladder: Sequence[float]) -> float:
    """The next rung strictly above (+1) or below (−1) α on the ladder; stays at the ends.

    Measuring from α itself lets an α typed in the playground, off the ladder, join it at the
    next rung either way.
    """
    if direction > 0:
        larger = [a for a in ladder if a > alpha * (1 + 1e-9)]
        return float(larger[0] if larger else ladder[-1])
    smaller = [a for a in ladder if a < alpha * (1 - 1e-9)]
    return float(smaller[-1] if smaller else ladder[0])


class RunDemo(Demo):
    """A live demo over one `GradientDescent` run: subclasses build the run and record each step.

    Subclasses start a run with `_start(run)` (from `reset()`) and implement `_record(record)`,
    called with the starting record and then once per step, to keep whatever they chart.
    """

    run: GradientDescent
    #: The record before the current one (None right after a reset): the "old" of an update line.
    previous: StepRecord | None = None
    _alpha: float = 0.0
    #: A line about the last control press, shown instead of the status until the next step.
    note: str = ""

    def _start(self, run: GradientDescent) -> None:
        """Begin a new run and record its starting point (record 0, before any update)."""
        self.run = run
        self.previous = None
        self._record(next(run))

    @abstractmethod
    def _record(self, record: StepRecord) -> None:
        """Keep what the demo charts from one record; never called with a record twice."""

    def step(self) -> bool:
        if self.finished:
            return False
        current = self.run.last
        records = self.run.take(1)
        if not records:
            return False
        self.previous = current
        self._record(records[0])
        if self.note:
            self.note = ""
        return True

    @property
    def finished(self) -> bool:
        return self.run.outcome is not Outcome.RUNNING

    @property
    def outcome(self) -> Outcome:
        return self.run.outcome

    @property
    def diverged(self) -> bool:
        return self.run.outcome is Outcome.DIVERGED

    @property
    def last(self) -> StepRecord:
        assert self.run.last is not None
        return self.run.last

    @property
    def iteration(self) -> int:
        return self.run.last.iteration if self.run.last is not None else 0

    @property
    def alpha(self) -> float:
        return self._alpha

    @alpha.setter
    def alpha(self, value: float) -> None:
        """A new α reaches the run at its next step; the run goes on from where it is.

        Demos that rather start again with the new α call `reset()` after setting it. Before the
        first run exists (in `__init__`) only the demo's own value is set.
        """
        self._alpha = float(value)
        run: GradientDescent | None = getattr(self, "run", None)
        if run is not None:
            run.alpha = self._alpha

    def summary(self) -> str:
        """The engine's own verdict; demos add what their run means (where it ended, accuracy)."""
        return self.run.summary()
