"""Every concept of the syllabus is taught, in lecture order, and the interactive ones by doing.

Each lesson's manifest promises its syllabus concepts (`syllabus`, `interactive`); the validator
(`lessons.loader.problems`, also `python -m lessons check`) checks the steps keep those promises.
When shared/SYLLABUS.md is beside the checkout, as on the project's machines, the promises of all
lessons together must be that file's concepts, in its order, with its interactive marks.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from lessons import LESSONS
from lessons.loader import lesson_problems, problems

ROOT = Path(__file__).resolve().parents[1]
SYLLABUS_FILE = ROOT.parent / "shared" / "SYLLABUS.md"


@pytest.mark.skipif(not SYLLABUS_FILE.exists(), reason="shared/SYLLABUS.md is not beside the repo")
def test_the_lessons_promise_exactly_the_syllabus_file() -> None:
    text = SYLLABUS_FILE.read_text(encoding="utf-8")
    entries = re.findall(r"^- ((?:GD|LR|NN)-\d+) (.*?)(?=^- |^## |\Z)", text, re.M | re.S)
    ids = tuple(concept for concept, _ in entries)
    interactive = {concept for concept, body in entries if "(interactive" in body}
    assert ids == tuple(c for lesson in LESSONS for c in lesson.promises)
    assert interactive == set().union(*(lesson.interactive for lesson in LESSONS))


def test_lessons_are_numbered_in_lecture_order() -> None:
    assert LESSONS, "no lesson manifests found"
    assert [lesson.number for lesson in LESSONS] == list(range(1, len(LESSONS) + 1))
    lectures = [lesson.lecture for lesson in LESSONS]
    assert lectures == sorted(lectures), "C1W2L04 before C1W2L09 before C1W3L09 …"
    promised = [c for lesson in LESSONS for c in lesson.promises]
    assert len(promised) == len(set(promised)), "each concept belongs to one lesson"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_every_promised_concept_is_taught_in_order(lesson) -> None:
    assert lesson.promises, "a lesson promises at least one syllabus concept"
    assert lesson_problems(lesson) == []
    taught = [c for c in lesson.syllabus if c in lesson.promises]
    assert taught == list(lesson.promises)


def test_the_validator_finds_nothing_to_fix() -> None:
    assert problems() == []


def test_the_check_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "lessons", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"ok: {len(LESSONS)} lessons")


def test_step_ids_are_unique_and_every_step_has_text() -> None:
    for lesson in LESSONS:
        ids = [step.id for step in lesson.steps]
        assert len(ids) == len(set(ids)), lesson.slug
        for step in lesson.steps:
            assert step.title and step.text.strip(), (lesson.slug, step.id)
            assert step.text.startswith(f"# {step.title}\n"), "the title is the text's H1"
