"""Lesson 2 — Logistic Regression Gradient Descent (C1W2L09): one example as a computation graph.

Steps follow the lecture: the recap, the graph of one example, forward propagation to the loss,
backward propagation (da, dz by the chain rule, dw1, dw2, db), one gradient step, and finally the
step to m examples that the next lecture vectorises. The learner fills the graph by hand in the
quizzes; every number is the engine's, confirmed by a numerical twin.
"""

from __future__ import annotations

from lessons.loader import load_lesson

#: Built from `lesson.toml` beside this file.
LESSON = load_lesson(__name__)
