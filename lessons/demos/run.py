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
    iteration: int = 0
    #: The record before the current one (None right after a reset): the "old" of an update line.
    previous: StepRecord | None = None
    _alpha: float = 0.0
    #: A line about the last control press, shown instead of the status until the next step.
    note: str = ""

    def _start(self, run: GradientDescent) -> None:
        """Begin a new run and record its starting point (record 0, before any update)."""
        self.run = run
        self.previous = None
        first = next(run)
        self.iteration = first.iteration
        self._record(first)

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
        self.iteration = records[0].iteration
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


class MultiRunDemo(Demo):
    """A live demo over several `GradientDescent` runs stepped together (many starts, two inits).

    Subclasses fill `self.runs` with fresh runs through `_start(runs)` (from `reset()`) and
    implement `_record(index, record)`, called for each run's starting record and then once per
    step of that run. Stepping, `finished`, `outcome` and `iteration` are the same for all of them.
    """

    runs: list[GradientDescent]
    iteration: int = 0

    def _start(self, runs: Sequence[GradientDescent]) -> None:
        """Begin new runs and record each starting point (record 0, before any update)."""
        self.runs = list(runs)
        self.iteration = 0
        for index, run in enumerate(self.runs):
            self._record(index, next(run))

    @abstractmethod
    def _record(self, index: int, record: StepRecord) -> None:
        """Keep what the demo charts from one record of run `index`."""

    def step(self) -> bool:
        """One update of every run still going; False once none moved."""
        moved = False
        for index, run in enumerate(self.runs):
            for record in run.take(1):
                self._record(index, record)
                self.iteration = max(self.iteration, record.iteration)
                moved = True
        return moved

    @property
    def finished(self) -> bool:
        return all(run.outcome is not Outcome.RUNNING for run in self.runs)

    @property
    def outcome(self) -> Outcome:
        """DIVERGED if any run did, RUNNING while any runs, else the first run's outcome."""
        outcomes = [run.outcome for run in self.runs]
        if Outcome.DIVERGED in outcomes:
            return Outcome.DIVERGED
        if Outcome.RUNNING in outcomes:
            return Outcome.RUNNING
        return outcomes[0]
