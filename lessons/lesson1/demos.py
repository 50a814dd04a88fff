"""The demos of lesson 1, each built fresh when its step is shown."""

from __future__ import annotations

from engine.costs import CONVEX, NON_CONVEX
from lessons.demos.descent1d import Descent1DDemo, LearningRateDemo
from lessons.demos.descent2d import Descent2DDemo
from lessons.demos.multistart import MultiStartDemo


def valleys() -> MultiStartDemo:
    """Five starts on the non-convex J(w): they end in different valleys."""
    return MultiStartDemo(NON_CONVEX, seed=0)


def starts() -> MultiStartDemo:
    """A zero start and random starts on the convex J(w): one minimum for all."""
    return MultiStartDemo(CONVEX, seed=1)


def descent() -> Descent1DDemo:
    """The lecture's 1-D picture: start right of the minimum, α = 0.1."""
    return Descent1DDemo(CONVEX, w0=4.0, alpha=0.1)


def learning_rate() -> LearningRateDemo:
    """Too small first; keys 2 and 3 switch to about right and too large."""
    return LearningRateDemo(CONVEX, w0=4.0, preset="preset_small")


def two_parameters() -> Descent2DDemo:
    """Logistic regression's bowl J(w, b), from the corner the contract names."""
    return Descent2DDemo(w0=-4.0, b0=4.0, alpha=1.0)
