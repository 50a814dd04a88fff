"""Lesson 2 — Logistic Regression Gradient Descent (C1W2L09): the computation graph, forward and back."""

from __future__ import annotations

from lessons.model import Lesson, TextStep, load_text

_TEXT = __name__

LESSON = Lesson(
    number=2,
    slug="logistic-regression-gd",
    title="Logistic Regression Gradient Descent",
    lecture="C1W2L09",
    summary="One example as a computation graph: forward to the loss, backward to dw1, dw2 and db.",
    steps=(
        TextStep(
            id="recap",
            title="Recap: one example, one loss",
            text=load_text(_TEXT, "01-recap.md"),
            syllabus=("LR-1",),
        ),
    ),
)
