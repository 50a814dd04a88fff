"""Staged demos: a fixed list of stages revealed one per key press instead of on a timer.

The stage counter doubles as the demo's iteration, so the live-run component's status line and
step key work for staged demos as they do for live ones.
"""

from __future__ import annotations

from abc import abstractmethod

from lessons.demo import Demo


class StagedDemo(Demo):
    """Shows `shown` of `stage_count` stages; `step()` reveals the next one, `reset()` hides all."""

    live = False
    _shown: int = 0
    iteration: int | None = 0

    @property
    def shown(self) -> int:
        """How many stages are on show; the stage counter is the demo's `iteration`."""
        return self._shown

    @shown.setter
    def shown(self, value: int) -> None:
        self._shown = value
        self.iteration = value

    @property
    @abstractmethod
    def stage_count(self) -> int:
        """How many stages there are to reveal."""

    def reset(self) -> None:
        self.shown = 0

    def step(self) -> bool:
        if self.finished:
            return False
        self.shown += 1
        return True

    @property
    def finished(self) -> bool:
        return self.shown >= self.stage_count
