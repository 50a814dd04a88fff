"""The demos of lesson 1, each built fresh when its step is shown, and the predictions they ask.

Three demos make a point the learner predicts before watching: a non-convex start (which valley),
a start left of the minimum (which way w moves), and a too-large α (what the run does).
"""

from __future__ import annotations

from engine.costs import CONVEX, LOGISTIC_1D, NON_CONVEX
from lessons.demos.compare_alpha import LARGE_ALPHA_PREDICTION, AlphaComparisonDemo
from lessons.demos.descent1d import Descent1DDemo
from lessons.demos.descent2d import Descent2DDemo
from lessons.demos.multistart import MultiStartDemo
from lessons.predict import Prediction

VALLEY_PREDICTION = Prediction(
    id="non-convex-starts",
    question="will all five starts end in the lowest valley (★)?",
    options=(
        ("all", "all: downhill always leads to the lowest point"),
        ("some", "some: each stops at the bottom of the valley it starts in"),
    ),
)

START_LEFT_PREDICTION = Prediction(
    id="start-left",
    question="w₀ = 0 is left of the minimum. Which way will w move?",
    options=(
        ("right", "right: w grows"),
        ("left", "left: w shrinks"),
        ("stays", "stays: w does not move"),
    ),
)

#: Every prediction lesson 1 asks, by id (the progress store records them under these).
PREDICTIONS = {p.id: p for p in (VALLEY_PREDICTION, START_LEFT_PREDICTION, LARGE_ALPHA_PREDICTION)}


def valleys() -> MultiStartDemo:
    """Five starts on the non-convex J(w): predict, then see them end in different valleys."""
    return MultiStartDemo(NON_CONVEX, seed=0, prediction=VALLEY_PREDICTION)


def starts() -> MultiStartDemo:
    """A zero start and random starts on logistic regression's cost J(w): one minimum for all."""
    return MultiStartDemo(LOGISTIC_1D, seed=1)


def descent() -> Descent1DDemo:
    """The lecture's 1-D picture, started left of the minimum after a prediction; α = 0.1."""
    return Descent1DDemo(CONVEX, w0=0.0, alpha=0.1, prediction=START_LEFT_PREDICTION)


def learning_rate() -> AlphaComparisonDemo:
    """α = 0.003, 0.3 and 1.1 from w₀ = 4, side by side, after a prediction about α = 1.1."""
    return AlphaComparisonDemo(CONVEX, w0=4.0)


def two_parameters() -> Descent2DDemo:
    """Logistic regression's bowl J(w, b) on 20 examples, from the corner the contract names."""
    return Descent2DDemo(w0=-4.0, b0=4.0, alpha=1.0)
