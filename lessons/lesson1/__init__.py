"""Lesson 1 — Gradient Descent (C1W2L04): the bowl, the slope and the step."""

from __future__ import annotations

from lessons.model import Lesson, TextStep, load_text

_TEXT = __name__

LESSON = Lesson(
    number=1,
    slug="gradient-descent",
    title="Gradient Descent",
    lecture="C1W2L04",
    summary="The cost J(w, b) as a bowl, the slope as a tangent, and the step w := w − α·dw.",
    steps=(
        TextStep(
            id="recap",
            title="What training means",
            text=load_text(_TEXT, "01-recap.md"),
            syllabus=("GD-1", "GD-2"),
        ),
    ),
)
