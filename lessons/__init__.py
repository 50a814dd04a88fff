"""The curriculum, in the order of the three lectures it follows."""

from __future__ import annotations

#: Marks this package as gd-tutor's (the `gd-tutor` command checks it: gd_tutor.py).
__gd_tutor__ = True

from lessons.lesson1 import LESSON as GRADIENT_DESCENT
from lessons.lesson2 import LESSON as LOGISTIC_REGRESSION_GD
from lessons.lesson3 import LESSON as NEURAL_NETWORK_GD
from lessons.model import DemoStep, Lesson, QuizStep, Step, TextStep

LESSONS: tuple[Lesson, ...] = (GRADIENT_DESCENT, LOGISTIC_REGRESSION_GD, NEURAL_NETWORK_GD)


def find_lesson(key: str | int) -> Lesson:
    """Look a lesson up by its number ("2") or slug ("logistic-regression-gd")."""
    text = str(key).strip().casefold()
    for lesson in LESSONS:
        if text in {str(lesson.number), lesson.slug, lesson.lecture.casefold()}:
            return lesson
    known = ", ".join(f"{lesson.number} ({lesson.slug})" for lesson in LESSONS)
    raise LookupError(f"no lesson {key!r}; choose one of {known}")


__all__ = ["LESSONS", "DemoStep", "Lesson", "QuizStep", "Step", "TextStep", "find_lesson"]
