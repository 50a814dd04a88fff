"""Lessons as data: each lesson package holds a `lesson.toml` manifest and its Markdown texts.

A manifest names the lesson (number, slug, title, lecture, summary), the syllabus concepts it
promises (`syllabus`, in lecture order, and which of them must be taught by doing: `interactive`)
and its steps in order. A step is a table under `[[steps]]`:

    id = "slope-quiz"                        # unique in the lesson; saved progress points at it
    kind = "quiz"                            # "text", "demo" or "quiz"
    syllabus = ["GD-7"]
    text = "slope-quiz.md"                   # optional: text/<id>.md by default
    quiz = "lessons.lesson1.quizzes:slope"   # quiz: a generator rng -> Quiz
    demo = "lessons.demos.graph:GraphDemo"   # demo: a factory () -> Demo (a class or function)
    args = { first = "inputs", last = "L" }  # optional keyword arguments for either

A step's title is the H1 of its Markdown text, its only source. `load_lesson(package)` builds the
`Lesson`; `discover()` finds every lesson package, in lesson-number order; `problems()` lists what
is wrong with a manifest without raising (the validator behind `python -m lessons check`).

`load_lesson` reads the manifest and the texts but imports no demo or quiz module, nor the quiz
machinery (`lessons.quiz`, the engine's answer checking): each factory is resolved the first time it
is called (a step being shown) and a quiz step's `QuizSpec` is built the first time it is drawn, so
the app's first frame never waits for NumPy, the demos or the quizzes. `build` (and so `problems()`)
resolves every factory at once and refuses a path that does not import.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import os
import pkgutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

from lessons.model import DemoStep, Lesson, QuizStep, Step, TextStep

if TYPE_CHECKING:
    from importlib.abc import Traversable

    import numpy as np

    from lessons.quiz import Quiz, QuizSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised by the lowest-versions CI job
    import tomli as tomllib

MANIFEST = "lesson.toml"
TEXT_DIR = "text"
KINDS = ("text", "demo", "quiz")
LESSON_KEYS = {"number", "slug", "title", "lecture", "summary", "syllabus", "interactive", "steps"}
STEP_KEYS = {"id", "kind", "syllabus", "text", "demo", "quiz", "args", "max_draws"}


class ManifestError(ValueError):
    """A lesson manifest that cannot be loaded; the message names the file and the step."""


@dataclass(frozen=True)
class Manifest:
    """A parsed `lesson.toml` and the package it came from."""

    package: str
    data: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.package.replace('.', '/')}/{MANIFEST}"


def lesson_packages() -> list[str]:
    """Every subpackage of `lessons` that holds a manifest (in name order)."""
    import lessons

    found = []
    for info in pkgutil.iter_modules(lessons.__path__):
        if info.ispkg and _has_manifest(f"lessons.{info.name}"):
            found.append(f"lessons.{info.name}")
    return sorted(found)


def _has_manifest(package: str) -> bool:
    """Whether `package` holds a manifest, found without importing it (`lessons.demos` is not)."""
    spec = importlib.util.find_spec(package)
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    if folders and all(os.path.isdir(folder) for folder in folders):
        return any(os.path.isfile(os.path.join(folder, MANIFEST)) for folder in folders)
    return resources.files(package).joinpath(MANIFEST).is_file()  # a zip or another loader


def read_manifest(package: str) -> Manifest:
    """The manifest of one lesson package, parsed but not yet checked."""
    path = resources.files(package).joinpath(MANIFEST)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{package}/{MANIFEST}: {error}") from None
    return Manifest(package, data)


def resolve(path: str) -> Any:
    """The object a "package.module:name" path names (a class, function or constant)."""
    module_name, _, attribute = path.partition(":")
    if not module_name or not attribute:
        raise ManifestError(f"{path!r} is not of the form 'package.module:name'")
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as error:
        raise ManifestError(f"cannot import {module_name!r} for {path!r}: {error}") from None
    for part in attribute.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            raise ManifestError(f"{module_name!r} has no {attribute!r} (from {path!r})") from None
    return target


def text_title(text: str) -> str:
    """The H1 of a Markdown text: the step's title."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("# "):
            return stripped[2:].strip()
        if stripped:
            break
    return ""


@functools.cache
def _text_dir(package: str) -> Traversable:
    return resources.files(package).joinpath(TEXT_DIR)


def _text_file(manifest: Manifest, step: Mapping[str, Any]) -> Traversable:
    name = step.get("text") or f"{step.get('id')}.md"
    # one name per joinpath: Python 3.10's Traversable takes no more
    return _text_dir(manifest.package).joinpath(str(name))


def _callable(path: str) -> Callable[..., Any]:
    target = resolve(path)
    if not callable(target):
        raise ManifestError(f"{path!r} is not callable")
    return cast("Callable[..., Any]", target)


class LazyFactory:
    """A manifest's "package.module:name" factory, imported the first time it is called."""

    def __init__(self, path: str, where: str, args: Mapping[str, Any]) -> None:
        self.path = path
        self.where = where
        self.args = dict(args)
        self._target: Callable[..., Any] | None = None

    def resolve(self) -> Callable[..., Any]:
        """The factory itself (imported once); a `ManifestError` naming the step if it cannot be."""
        if self._target is None:
            try:
                self._target = _callable(self.path)
            except ManifestError as error:
                raise ManifestError(f"{self.where}: {error}") from None
        return self._target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **{**self.args, **kwargs})

    def __repr__(self) -> str:
        return f"LazyFactory({self.path!r}, args={self.args!r})"


class LazyQuizSpec:
    """A quiz step's `QuizSpec`, built the first time the quiz is drawn or its budget is asked.

    `generate` (a `LazyFactory`) and `draw(rng)` behave as the `QuizSpec`'s own; building it imports
    `lessons.quiz` and the engine's answer checking, which the lesson list does not need.
    """

    def __init__(self, generate: Callable[..., Any], max_draws: int | None = None) -> None:
        self.generate = generate
        self._max_draws = max_draws
        self._spec: QuizSpec | None = None

    @property
    def spec(self) -> QuizSpec:
        """The `QuizSpec` itself (built once)."""
        if self._spec is None:
            from lessons.quiz import MAX_DRAWS, QuizSpec

            draws = MAX_DRAWS if self._max_draws is None else self._max_draws
            self._spec = QuizSpec(self.generate, draws)
        return self._spec

    @property
    def max_draws(self) -> int:
        return self.spec.max_draws

    def draw(self, rng: np.random.Generator) -> Quiz:
        """`QuizSpec.draw`: a confirmed quiz, or `QuizNotConfirmed` after `max_draws` tries."""
        return self.spec.draw(rng)

    def __repr__(self) -> str:
        return f"LazyQuizSpec({self.generate!r}, max_draws={self._max_draws!r})"


def _factory(step: Mapping[str, Any], key: str, where: str, lazy: bool) -> Callable[..., Any]:
    path, args = str(step[key]), dict(step.get("args", {}))
    module_name, _, attribute = path.partition(":")
    if not module_name or not attribute:
        raise ManifestError(f"{path!r} is not of the form 'package.module:name'")
    if lazy:
        return LazyFactory(path, where, args)
    target = _callable(path)
    return functools.partial(target, **args) if args else target


def _build_step(manifest: Manifest, step: Mapping[str, Any], lazy: bool = False) -> Step:
    where = f"{manifest.where}, step {step.get('id')!r}"
    try:
        unknown = set(step) - STEP_KEYS
        if unknown:
            raise ManifestError(f"unknown keys {sorted(unknown)}")
        step_id, kind = str(step["id"]), str(step["kind"])
        file = _text_file(manifest, step)
        if not file.is_file():
            raise ManifestError(f"no text file {TEXT_DIR}/{file.name}")
        text = file.read_text(encoding="utf-8").strip()
        title = text_title(text)
        if not title:
            raise ManifestError(f"{TEXT_DIR}/{file.name} must start with a '# Title' line")
        syllabus = tuple(str(s) for s in step.get("syllabus", ()))
        if kind == "text":
            if "demo" in step or "quiz" in step:
                raise ManifestError("a text step names no demo or quiz")
            return TextStep(step_id, title, text, syllabus)
        if kind == "demo":
            return DemoStep(step_id, title, text, _factory(step, "demo", where, lazy), syllabus)
        if kind == "quiz":
            draws = int(step["max_draws"]) if "max_draws" in step else None
            generate = _factory(step, "quiz", where, lazy)
            spec = LazyQuizSpec(generate, draws)
            if not lazy:
                return QuizStep(step_id, title, text, spec.spec, syllabus)
            # duck-typed as the QuizSpec it builds on first use (`lessons.model` names the type)
            return QuizStep(step_id, title, text, cast("QuizSpec", spec), syllabus)
        raise ManifestError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    except KeyError as error:
        raise ManifestError(f"{where}: missing key {error.args[0]!r}") from None
    except ManifestError as error:
        raise ManifestError(f"{where}: {error}") from None


def build(manifest: Manifest, *, lazy: bool = False) -> Lesson:
    """The `Lesson` a manifest describes (raises `ManifestError` on the first problem).

    With `lazy`, demo and quiz factories are imported when first called instead of now (their
    paths' form is still checked).
    """
    data = manifest.data
    unknown = set(data) - LESSON_KEYS
    if unknown:
        raise ManifestError(f"{manifest.where}: unknown keys {sorted(unknown)}")
    try:
        steps = tuple(_build_step(manifest, step, lazy) for step in data["steps"])
        return Lesson(
            number=int(data["number"]),
            slug=str(data["slug"]),
            title=str(data["title"]),
            lecture=str(data["lecture"]),
            summary=str(data["summary"]),
            steps=steps,
            promises=tuple(str(s) for s in data.get("syllabus", ())),
            interactive=frozenset(str(s) for s in data.get("interactive", ())),
        )
    except KeyError as error:
        raise ManifestError(f"{manifest.where}: missing key {error.args[0]!r}") from None


def load_lesson(package: str) -> Lesson:
    """Load the lesson whose manifest sits in `package` (e.g. "lessons.lesson1").

    Its demo and quiz modules are imported when a step first builds one (`problems()` checks that
    they all import).
    """
    return build(read_manifest(package), lazy=True)


def _lesson_of(package: str) -> Lesson:
    """The package's own `LESSON` (loaded when it was imported), so there is one object each."""
    lesson = getattr(importlib.import_module(package), "LESSON", None)
    return lesson if isinstance(lesson, Lesson) else load_lesson(package)


def discover() -> tuple[Lesson, ...]:
    """Every lesson under `lessons/`, in lesson-number order."""
    lessons = [_lesson_of(package) for package in lesson_packages()]
    return tuple(sorted(lessons, key=lambda lesson: lesson.number))


def lesson_problems(lesson: Lesson) -> list[str]:
    """What is wrong with a loaded lesson: ids, syllabus coverage and order, doing vs reading."""
    problems: list[str] = []
    ids = [step.id for step in lesson.steps]
    for step_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"step id {step_id!r} is used more than once")
    if not lesson.steps:
        problems.append("the lesson has no steps")
    taught = [c for c in lesson.syllabus if c in lesson.promises]
    if taught != list(lesson.promises):
        missing = [c for c in lesson.promises if c not in lesson.syllabus]
        if missing:
            problems.append(f"syllabus concepts never taught: {', '.join(missing)}")
        else:
            problems.append(
                f"syllabus concepts first taught out of order: {', '.join(taught)} "
                f"(the lecture's order is {', '.join(lesson.promises)})"
            )
    extra = [c for c in lesson.syllabus if c not in lesson.promises]
    if extra:
        problems.append(f"steps tag concepts the lesson does not promise: {', '.join(extra)}")
    for concept in sorted(lesson.interactive - set(lesson.promises)):
        problems.append(f"interactive concept {concept} is not in the lesson's syllabus")
    for concept in sorted(lesson.interactive & set(lesson.promises)):
        if not any(
            concept in step.syllabus and step.kind in ("demo", "quiz") for step in lesson.steps
        ):
            problems.append(f"{concept} must be taught by a demo or a quiz")
    return problems


def unused_texts(manifest: Manifest) -> list[str]:
    """Markdown files in the lesson's text folder that no step names (renamed or forgotten)."""
    folder = _text_dir(manifest.package)
    used = {_text_file(manifest, step).name for step in manifest.data.get("steps", ())}
    return [
        f"{TEXT_DIR}/{entry.name} is not the text of any step"
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".md") and entry.name not in used
    ]


def problems() -> list[str]:
    """Every problem in every manifest, each prefixed with where it is; empty when all is well."""
    found: list[str] = []
    lessons: list[Lesson] = []
    for package in lesson_packages():
        try:
            lesson = build(read_manifest(package))  # every factory resolved: a bad path is named
        except ManifestError as error:
            found.append(str(error))
            continue
        lessons.append(lesson)
        found += [f"{package}: {problem}" for problem in lesson_problems(lesson)]
        found += [f"{package}: {problem}" for problem in unused_texts(read_manifest(package))]
    numbers = sorted(lesson.number for lesson in lessons)
    if numbers != list(range(1, len(numbers) + 1)):
        found.append(f"lesson numbers must run 1, 2, 3, … without gaps; found {numbers}")
    for key in ("slug", "lecture"):
        values = [getattr(lesson, key) for lesson in lessons]
        for value in sorted({v for v in values if values.count(v) > 1}):
            found.append(f"two lessons share the {key} {value!r}")
    return found


__all__ = [
    "MANIFEST",
    "LazyFactory",
    "LazyQuizSpec",
    "Manifest",
    "ManifestError",
    "build",
    "discover",
    "lesson_packages",
    "lesson_problems",
    "load_lesson",
    "problems",
    "read_manifest",
    "resolve",
    "text_title",
    "unused_texts",
]
