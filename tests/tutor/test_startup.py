"""Start-up loads only what the lesson list's first frame needs (issue 21).

The app's start is measured against a bare Textual + plotext app (`benchmarks/ui.py`); what keeps
it close is that the command line and the lesson list import no NumPy, no plotext, no demo or quiz
module, no chart widget and no screen not yet shown. Each test starts a fresh interpreter, takes the
`gd-tutor` command's own path (the package check, the command line, the app) up to the home
screen's first frame, headless, and lists what got imported. No timing is asserted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lessons import LESSONS
from tutor.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[2]

#: Module name prefixes the first frame must not need (a name, or a name followed by a dot).
NOT_AT_START: tuple[str, ...] = (
    "numpy",
    "plotext",
    "textual_plotext",
    "engine.runner",
    "engine.network",
    "engine.logistic",
    "engine.costs",
    "engine.sweep",
    "lessons.demos",
    "lessons.demo",
    "lessons.quiz",
    "lessons.playground",
    "lessons.predict",
    "tutor.widgets",
    "tutor.screens.lesson",
    "tutor.screens.playground",
    "tutor.screens.help",
    "tutor.screens.review",
    "tutor.screens.progress",
    "textual.widgets._markdown",
)

# The start of `gd-tutor` with no arguments, as gd_tutor.main and tutor.cli.main take it, up to
# the home screen's first frame; then what the lesson list shows and which modules are loaded.
START = textwrap.dedent(
    """
    import asyncio, json, sys

    import gd_tutor

    assert gd_tutor.foreign_package() is None
    from tutor import cli

    opened = {}

    def open_app(args, **options):  # the real one refuses a terminal-less test: stop before it
        opened.update(options, seed=args.seed)
        return 0

    cli.open_app = open_app
    assert cli.main([]) == 0
    from tutor.app import GDTutorApp
    from textual.widgets import OptionList

    async def first_frame():
        app = GDTutorApp(**opened)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            options = app.screen.query_one("#lesson-list", OptionList)
            shown = [options.get_option_at_index(i).id for i in range(options.option_count)]
            overall = str(app.screen.query_one("#overall").render())
            return {"screen": type(app.screen).__name__, "options": shown, "overall": overall,
                    "modules": sorted(sys.modules)}

    print(json.dumps(asyncio.run(first_frame())))
    """
)


def lesson_modules() -> list[str]:
    """Each lesson package's own modules (its quizzes and demos): loaded when a step is shown."""
    found = []
    for lesson_package in sorted((ROOT / "lessons").glob("lesson*/__init__.py")):
        package = f"lessons.{lesson_package.parent.name}"
        found += [f"{package}.{path.stem}" for path in lesson_package.parent.glob("[!_]*.py")]
    return found


def first_frame(home: Path) -> dict:
    env = {**os.environ, "GD_TUTOR_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    result = subprocess.run(
        [sys.executable, "-c", START],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def loaded_too_early(modules: list[str]) -> list[str]:
    early = (*NOT_AT_START, *lesson_modules())
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in early)]


def test_the_lesson_modules_to_check_are_found() -> None:
    assert len(lesson_modules()) >= len(LESSONS)  # at least the quizzes of every lesson


def test_a_first_start_loads_only_the_lesson_list(isolated_home: Path) -> None:
    shown = first_frame(isolated_home)
    assert shown["screen"] == "HomeScreen"
    assert "Overall:" in shown["overall"]
    assert loaded_too_early(shown["modules"]) == []


def test_a_learner_with_progress_due_starts_as_light(isolated_home: Path) -> None:
    """Continue and Review lines need the store and the skill table, never a quiz draw."""
    store = ProgressStore(isolated_home / "progress.sqlite3")
    first, second = LESSONS[0].slug, LESSONS[1].slug
    store.record_attempt(first, "update-quiz", "dw", "3.2", 3.2, "correct")
    store.complete_step(first, "update-quiz")
    for _ in range(2):  # a recurring mistake too
        store.record_attempt(second, "backward-quiz", "dz", "0.3", 0.3, "mistake", "sign")
    store.set_position(second, "backward-quiz")
    store.close()

    shown = first_frame(isolated_home)
    assert shown["screen"] == "HomeScreen"
    assert shown["options"][:2] == ["continue", "review"]
    assert loaded_too_early(shown["modules"]) == []


@pytest.mark.parametrize("module", ["numpy", "lessons.quiz", "lessons.lesson1.quizzes"])
def test_the_check_sees_a_module_loaded_at_start(module: str) -> None:
    assert loaded_too_early(["textual", module, "tutor.app"]) == [module]
