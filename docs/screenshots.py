"""Regenerate the screenshots of every demo step and every playground problem, at 80×24 and 120×40.

Run from the repository root: `python docs/screenshots.py [--out DIR] [--sizes 80x24,120x40]`.
Each lesson's demo steps and the playground's five problems are opened in a throw-away progress
store, run for a few steps (live demos) or a few stages (staged ones), and saved as SVG with
`app.save_screenshot()` under `docs/screenshots/` (one file per step and size, for example
`lesson-1-descent-1d-80x24.svg`). Set NO_COLOR=1 to see the monochrome pictures.

It also writes `docs/screenshot.svg`, the README's picture: lesson 1's live descent at 80×24.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
# This checkout's code, not an installed copy of the tutor.
sys.path.insert(0, str(DOCS.parent))
#: Engine steps (live demos) or stages (staged demos) taken before each picture.
LIVE_STEPS = 12
STAGES = 3


async def lesson_shots(lesson_index: int, size: tuple[int, int], out: Path) -> list[Path]:
    """Every demo step of one lesson, in one app (starting the app is the slow part)."""
    from lessons import LESSONS, DemoStep
    from tutor.app import GDTutorApp
    from tutor.widgets.demo_view import DemoView

    lesson = LESSONS[lesson_index]
    written = []
    app = GDTutorApp(seed=7, demos_start_paused=True)
    async with app.run_test(size=size) as pilot:
        app.open_lesson(lesson, 0)
        await pilot.pause()
        for index, step in enumerate(lesson.steps):
            if not isinstance(step, DemoStep):
                continue
            app.screen.index = index  # type: ignore[attr-defined]
            await pilot.pause()
            view = app.screen.query_one(DemoView)
            view.advance(LIVE_STEPS if view.demo.live else STAGES)
            await pilot.pause(0.1)
            name = f"lesson-{lesson.number}-{step.id}-{size[0]}x{size[1]}.svg"
            written.append(Path(app.save_screenshot(name, path=str(out))))
    return written


async def playground_shots(size: tuple[int, int], out: Path) -> list[Path]:
    """The playground's five problems, each after a few steps."""
    from lessons.playground import PROBLEMS, PlaygroundSettings
    from tutor.app import GDTutorApp
    from tutor.screens.playground import PlaygroundScreen

    written = []
    app = GDTutorApp(seed=7, demos_start_paused=True)
    async with app.run_test(size=size) as pilot:
        app.open_playground(PlaygroundSettings())
        await pilot.pause()
        for key in PROBLEMS:
            screen = app.screen
            assert isinstance(screen, PlaygroundScreen)
            await screen.start(PlaygroundSettings.for_problem(key))
            await pilot.pause()
            view = screen.view
            assert view is not None
            view.advance(LIVE_STEPS * 5)
            await pilot.pause(0.1)
            name = f"playground-{key}-{size[0]}x{size[1]}.svg"
            written.append(Path(app.save_screenshot(name, path=str(out))))
    return written


async def readme_shot() -> Path:
    """The README's picture: lesson 1's live descent at 80×24, a few steps in."""
    from lessons import LESSONS
    from tutor.app import GDTutorApp
    from tutor.widgets.demo_view import DemoView

    lesson = LESSONS[0]
    index = lesson.step_index("descent-1d")
    app = GDTutorApp(seed=7, demos_start_paused=True)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_lesson(lesson, index)
        await pilot.pause()
        app.screen.query_one(DemoView).advance(6)
        await pilot.pause(0.2)
        return Path(app.save_screenshot("screenshot.svg", path=str(DOCS)))


def parse_size(text: str) -> tuple[int, int]:
    columns, rows = text.lower().split("x")
    return int(columns), int(rows)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS / "screenshots")
    parser.add_argument("--sizes", default="80x24,120x40", help="comma-separated, e.g. 80x24")
    parser.add_argument("--no-readme", action="store_true", help="skip docs/screenshot.svg")
    args = parser.parse_args()
    os.environ["GD_TUTOR_HOME"] = tempfile.mkdtemp(prefix="gd-tutor-shot-")
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from lessons import LESSONS

    args.out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        for lesson_index in range(len(LESSONS)):
            written += await lesson_shots(lesson_index, size, args.out)
        written += await playground_shots(size, args.out)
    if not args.no_readme:
        written.append(await readme_shot())
    for path in written:
        print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


if __name__ == "__main__":
    asyncio.run(main())
