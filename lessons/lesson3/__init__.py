"""Lesson 3 — Gradient Descent for Neural Networks (C1W3L09): shapes, six equations, live training.

Steps follow the lecture: the parameters and their shapes, the cost, random initialisation, one
iteration, the four forward equations, the six backward ones (with keepdims where the lecture
stops to explain it), and finally a network trained live on the flower data.
"""

from __future__ import annotations

from lessons.loader import load_lesson

#: Built from `lesson.toml` beside this file.
LESSON = load_lesson(__name__)
