"""The shape of the curriculum: lessons made of ordered steps, each tagged with syllabus IDs.

Content is data so that the app, the tests and `gd-tutor --list` all read the same lessons, and so
that a test can check every syllabus concept is taught, in lecture order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
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


def load_text(package: str, name: str) -> str:
    """Read a Markdown file shipped inside a lesson package (works from a wheel or a checkout)."""
    return resources.files(package).joinpath("text", name).read_text(encoding="utf-8").strip()
