"""Regenerate docs/screenshot.svg: lesson 1's live descent after a few steps, as the README shows.

Run from the repository root: `python docs/screenshot.py`. It uses a throw-away progress store.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

from lessons import LESSONS, DemoStep

OUT = Path(__file__).with_name("screenshot.svg")


async def main() -> None:
    os.environ["GD_TUTOR_HOME"] = tempfile.mkdtemp(prefix="gd-tutor-shot-")
    os.environ["TEXTUAL_ANIMATIONS"] = "none"
    from tutor.app import GDTutorApp
    from tutor.widgets.demo_view import DemoView

    lesson = LESSONS[0]
    index = next(
        i for i, s in enumerate(lesson.steps) if isinstance(s, DemoStep) and s.id == "descent-1d"
    )
    app = GDTutorApp(seed=7, demos_start_paused=True)
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_lesson(lesson, index)
        await pilot.pause()
        app.screen.query_one(DemoView).advance(6)
        await pilot.pause(0.2)
        OUT.write_text(app.export_screenshot(title="gd-tutor"), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
