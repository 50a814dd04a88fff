"""Lesson 3 — Gradient Descent for Neural Networks (C1W3L09): shapes, six equations, live training."""

from __future__ import annotations

from lessons.model import Lesson, TextStep, load_text

_TEXT = __name__

LESSON = Lesson(
    number=3,
    slug="neural-network-gd",
    title="Gradient Descent for Neural Networks",
    lecture="C1W3L09",
    summary="A one-hidden-layer network: its shapes, four forward and six backward equations, trained live.",
    steps=(
        TextStep(
            id="parameters",
            title="A network with one hidden layer",
            text=load_text(_TEXT, "01-parameters.md"),
            syllabus=("NN-1",),
        ),
    ),
)
