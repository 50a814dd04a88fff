"""The loader builds lessons from their manifests, and the validator names every kind of mistake."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from lessons import LESSONS, find_lesson
from lessons.loader import (
    Manifest,
    ManifestError,
    build,
    lesson_packages,
    lesson_problems,
    read_manifest,
    resolve,
    text_title,
    unused_texts,
)
from lessons.model import DemoStep, QuizStep

PACKAGE = "lessons.lesson1"


def lesson1() -> dict[str, Any]:
    return copy.deepcopy(dict(read_manifest(PACKAGE).data))


def test_every_lesson_package_has_a_manifest_and_lessons_come_from_them() -> None:
    assert len(lesson_packages()) == len(LESSONS)
    assert [lesson.slug for lesson in LESSONS] == [
        build(read_manifest(package)).slug
        for package in sorted(lesson_packages(), key=lambda p: read_manifest(p).data["number"])
    ]
    assert find_lesson(LESSONS[-1].slug) is LESSONS[-1]


def test_steps_are_built_with_their_factories_and_titles_from_the_text() -> None:
    for lesson in LESSONS:
        for step in lesson.steps:
            assert step.title == text_title(step.text)
            if isinstance(step, DemoStep):
                assert callable(step.make_demo)
            if isinstance(step, QuizStep):
                assert callable(step.quiz.generate)


def test_demo_arguments_reach_the_demo() -> None:
    step = find_lesson(2).steps[find_lesson(2).step_index("m-demo")]
    assert isinstance(step, DemoStep)
    demo = step.make_demo()
    assert demo.alpha == 0.5 and demo.max_iterations == 2000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["steps"][0].update(text="missing.md"), "no text file text/missing.md"),
        (lambda d: d["steps"][0].pop("kind"), "missing key 'kind'"),
        (lambda d: d["steps"][0].update(kind="video"), "kind must be one of"),
        (lambda d: d["steps"][1].update(demo="lessons.lesson1.demos:nowhere"), "has no 'nowhere'"),
        (lambda d: d["steps"][1].update(demo="lessons.nowhere:x"), "cannot import"),
        (lambda d: d["steps"][1].update(demo="no colon"), "is not of the form"),
        (lambda d: d["steps"][0].update(colour="red"), "unknown keys ['colour']"),
        (lambda d: d.update(colour="red"), "unknown keys ['colour']"),
        (lambda d: d.pop("slug"), "missing key 'slug'"),
    ],
)
def test_a_broken_manifest_is_refused_with_where_and_why(change: Any, message: str) -> None:
    data = lesson1()
    change(data)
    with pytest.raises(ManifestError, match=r"lessons/lesson1/lesson\.toml") as error:
        build(Manifest(PACKAGE, data))
    assert message in str(error.value)


def test_the_validator_names_ids_order_coverage_and_doing() -> None:
    data = lesson1()
    steps = data["steps"]
    steps[1]["id"] = steps[0]["id"]  # two steps with one id
    steps[1]["text"] = "valleys.md"
    lesson = build(Manifest(PACKAGE, data))
    assert "step id 'recap' is used more than once" in lesson_problems(lesson)

    data = lesson1()
    data["steps"][0]["syllabus"] = ["GD-2", "GD-1"]  # first taught out of order
    assert any("out of order" in p for p in lesson_problems(build(Manifest(PACKAGE, data))))

    data = lesson1()
    data["steps"] = [s for s in data["steps"] if "GD-10" not in s.get("syllabus", ())]
    assert any("never taught: GD-10" in p for p in lesson_problems(build(Manifest(PACKAGE, data))))

    data = lesson1()
    data["interactive"] = [*data["interactive"], "GD-1"]  # only ever read about
    problems = lesson_problems(build(Manifest(PACKAGE, data)))
    assert "GD-1 must be taught by a demo or a quiz" in problems

    data = lesson1()
    data["steps"][0]["syllabus"] = ["GD-1", "GD-2", "LR-1"]
    assert any(
        "does not promise: LR-1" in p for p in lesson_problems(build(Manifest(PACKAGE, data)))
    )


def test_a_text_no_step_names_is_reported() -> None:
    data = lesson1()
    data["steps"] = data["steps"][1:]
    assert unused_texts(Manifest(PACKAGE, data)) == ["text/recap.md is not the text of any step"]
    assert unused_texts(read_manifest(PACKAGE)) == []


def test_resolve_finds_nested_names() -> None:
    assert resolve("lessons.loader:ManifestError") is ManifestError
    assert resolve("lessons.loader:ManifestError.__name__") == "ManifestError"


def test_a_quiz_step_builds_its_spec_when_first_drawn_with_the_manifests_budget() -> None:
    import numpy as np

    from lessons.loader import LazyQuizSpec
    from lessons.quiz import MAX_DRAWS, Quiz, QuizSpec

    data = lesson1()
    quiz_steps = [s for s in data["steps"] if s["kind"] == "quiz"]
    quiz_steps[0]["max_draws"] = 7
    lesson = build(Manifest(PACKAGE, data), lazy=True)
    first, second = (lesson.steps[lesson.step_index(s["id"])] for s in quiz_steps[:2])
    assert isinstance(first, QuizStep) and isinstance(second, QuizStep)
    assert isinstance(first.quiz, LazyQuizSpec) and first.quiz._spec is None  # nothing built yet
    assert (first.quiz.max_draws, second.quiz.max_draws) == (7, MAX_DRAWS)
    assert isinstance(first.quiz.draw(np.random.default_rng(0)), Quiz)
    assert isinstance(first.quiz.spec, QuizSpec) and first.quiz.spec is first.quiz.spec
    # the validator's eager build checks every factory and holds the QuizSpec itself
    eager = build(Manifest(PACKAGE, data))
    assert isinstance(eager.steps[eager.step_index(quiz_steps[0]["id"])].quiz, QuizSpec)


def test_lesson_packages_are_found_without_importing_other_subpackages() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; from lessons.loader import lesson_packages; found = lesson_packages(); "
        "print(found, 'lessons.demos' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip().endswith("False")
    assert "'lessons.lesson1'" in out.stdout and "lessons.demos'" not in out.stdout
