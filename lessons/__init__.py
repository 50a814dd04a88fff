"""The curriculum: every lesson package under `lessons/` with a `lesson.toml` manifest.

`LESSONS` is discovered from the manifests (in lesson-number order) the first time it is asked
for, so `import lessons` never fails on a broken manifest: `python -m lessons check` reports it.
Nothing outside this package knows how many lessons there are.
"""

from __future__ import annotations

from typing import Any

from lessons.model import DemoStep, Lesson, QuizStep, Step, TextStep

_LESSONS: tuple[Lesson, ...] | None = None


def all_lessons() -> tuple[Lesson, ...]:
    """Every lesson, in lesson-number order (loaded once)."""
    global _LESSONS
    if _LESSONS is None:
        from lessons.loader import discover

        _LESSONS = discover()
    return _LESSONS


def __getattr__(name: str) -> Any:
    if name == "LESSONS":
        return all_lessons()
    raise AttributeError(f"module 'lessons' has no attribute {name!r}")


def find_lesson(key: str | int) -> Lesson:
    """Look a lesson up by its number ("2"), slug ("logistic-regression-gd") or lecture code."""
    text = str(key).strip().casefold()
    lessons = all_lessons()
    for lesson in lessons:
        if text in {str(lesson.number), lesson.slug, lesson.lecture.casefold()}:
            return lesson
    known = ", ".join(f"{lesson.number} ({lesson.slug})" for lesson in lessons)
    raise LookupError(f"no lesson {key!r}; choose one of {known}")


__all__ = [
    "LESSONS",
    "DemoStep",
    "Lesson",
    "QuizStep",
    "Step",
    "TextStep",
    "all_lessons",
    "find_lesson",
]
