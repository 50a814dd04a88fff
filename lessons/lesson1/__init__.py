"""Lesson 1 — Gradient Descent (C1W2L04): the bowl, the slope and the step.

Steps follow the lecture: the cost and the aim (GD-1, GD-2); the surface, convex or not, and why
logistic regression's cost is a bowl (GD-3); where to start (GD-4); one step downhill and the
update rule (GD-5, GD-6); the slope as a tangent and the direction it gives (GD-7, GD-8); the
learning rate (GD-6); two parameters (GD-9); the notation d, ∂, dw, db (GD-10).
"""

from __future__ import annotations

from lessons.loader import load_lesson

#: Built from `lesson.toml` beside this file.
LESSON = load_lesson(__name__)
