"""Every concept of the syllabus is taught, in lecture order, and the interactive ones by doing.

The IDs below are copied from the syllabus, docs/SYLLABUS.md (bold "(interactive)" marks); that
file ships with the repository, and when the project's shared/SYLLABUS.md is beside the checkout,
as in CI, the test also checks the repository's copy is still the same text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lessons import LESSONS
from lessons.model import DemoStep, QuizStep

ROOT = Path(__file__).resolve().parents[1]
SYLLABUS_FILE = ROOT / "docs" / "SYLLABUS.md"
SHARED_SYLLABUS = ROOT.parent / "shared" / "SYLLABUS.md"

#: (lesson number, IDs in order, the IDs marked interactive)
SYLLABUS: tuple[tuple[int, tuple[str, ...], frozenset[str]], ...] = (
    (1, tuple(f"GD-{i}" for i in range(1, 11)), frozenset(f"GD-{i}" for i in range(3, 10))),
    (2, tuple(f"LR-{i}" for i in range(1, 9)), frozenset(f"LR-{i}" for i in range(2, 8))),
    (
        3,
        tuple(f"NN-{i}" for i in range(1, 12)),
        frozenset({"NN-2", "NN-4", "NN-5", "NN-6", "NN-7", "NN-8", "NN-9", "NN-10", "NN-11"}),
    ),
)


def test_the_copy_matches_the_syllabus_file() -> None:
    text = SYLLABUS_FILE.read_text(encoding="utf-8")
    if SHARED_SYLLABUS.exists():  # beside the checkout in CI: the repository's copy is current
        assert SHARED_SYLLABUS.read_text(encoding="utf-8") == text
    entries = re.findall(r"^- ((?:GD|LR|NN)-\d+) (.*?)(?=^- |^## |\Z)", text, re.M | re.S)
    ids = tuple(concept for concept, _ in entries)
    interactive = {concept for concept, body in entries if "(interactive" in body}
    assert ids == tuple(c for _, concepts, _ in SYLLABUS for c in concepts)
    assert interactive == set().union(*(marked for _, _, marked in SYLLABUS))


def test_lessons_follow_the_lectures() -> None:
    assert [lesson.lecture for lesson in LESSONS] == ["C1W2L04", "C1W2L09", "C1W3L09"]
    assert [lesson.number for lesson in LESSONS] == [1, 2, 3]


@pytest.mark.parametrize(("number", "concepts", "interactive"), SYLLABUS)
def test_every_concept_is_taught_in_order(
    number: int, concepts: tuple[str, ...], interactive: frozenset[str]
) -> None:
    lesson = LESSONS[number - 1]
    taught = [c for c in lesson.syllabus if c in concepts]
    assert taught == list(concepts), "each concept first taught in syllabus order"
    for concept in interactive:
        assert any(
            concept in step.syllabus and isinstance(step, DemoStep | QuizStep)
            for step in lesson.steps
        ), f"{concept} must be taught by a demo or a quiz"


def test_step_ids_are_unique_and_every_step_has_text() -> None:
    for lesson in LESSONS:
        ids = [step.id for step in lesson.steps]
        assert len(ids) == len(set(ids)), lesson.slug
        for step in lesson.steps:
            assert step.title and step.text.strip(), (lesson.slug, step.id)
