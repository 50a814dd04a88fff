"""The shape of the curriculum: lessons made of ordered steps, each tagged with syllabus IDs.

Content is data (each lesson's `lesson.toml`, read by `lessons.loader`) so that the app, the tests
and `gd-tutor --list` all read the same lessons, and so that `python -m lessons check` can check
every syllabus concept is taught, in lecture order. A step's title is the H1 of its text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lessons.demo import Demo
    from lessons.quiz import QuizSpec


@dataclass(frozen=True)
class TextStep:
    """A step the learner reads."""

    id: str
    title: str
    text: str
    syllabus: tuple[str, ...] = ()

    kind = "text"


@dataclass(frozen=True)
class DemoStep:
    """A step with a demo to watch or drive; `make_demo` builds a fresh one each visit."""

    id: str
    title: str
    text: str
    make_demo: Callable[[], Demo]
    syllabus: tuple[str, ...] = ()

    kind = "demo"


@dataclass(frozen=True)
class QuizStep:
    """A step that asks for values the engine computes; mastered when answered without help."""

    id: str
    title: str
    text: str
    quiz: QuizSpec
    syllabus: tuple[str, ...] = ()

    kind = "quiz"


Step = TextStep | DemoStep | QuizStep


@dataclass(frozen=True)
class Lesson:
    """One lecture's worth of steps, in the lecture's order."""

    number: int
    slug: str
    title: str
    lecture: str
    summary: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    #: The syllabus concepts the lesson promises, in lecture order (from its manifest).
    promises: tuple[str, ...] = ()
    #: The promised concepts that must be taught by a demo or a quiz, not only by reading.
    interactive: frozenset[str] = frozenset()

    def step_index(self, step_id: str) -> int:
        """Position of a step, so saved progress can point back into the lesson."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(f"lesson {self.slug} has no step {step_id!r}")

    @property
    def syllabus(self) -> tuple[str, ...]:
        """Every syllabus ID the lesson teaches, in the order its steps first teach them."""
        seen: dict[str, None] = {}
        for step in self.steps:
            for concept in step.syllabus:
                seen.setdefault(concept, None)
        return tuple(seen)
