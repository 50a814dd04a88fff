"""The app shell driven as a learner drives it: keys in, what the screen shows out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Markdown, OptionList, Static

from lessons import LESSONS, DemoStep
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.progress import ProgressStore
from tutor.screens.help import HelpScreen
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.too_small import TooSmallScreen
from tutor.widgets.demo_view import DemoView


def option_texts(app: GDTutorApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def counter(app: GDTutorApp) -> str:
    return str(app.screen.query_one("#step-counter", Static).render())


async def test_home_lists_lessons_in_lecture_order(app: GDTutorApp) -> None:
    async with app.run_test(size=(100, 30)):
        assert isinstance(app.screen, HomeScreen)
        texts = option_texts(app)
        lesson_lines = [t for t in texts if t[0].isdigit()]
        assert [line.split("  ")[0] for line in lesson_lines] == ["1", "2", "3"]
        for line, lesson in zip(lesson_lines, LESSONS, strict=True):
            assert lesson.title in line and lesson.lecture in line
        assert not any("Continue" in t for t in texts)
        assert "0%" in str(app.screen.query_one("#overall", Static).render())


async def test_open_a_lesson_and_step_forward_and_back(app: GDTutorApp) -> None:
    lesson = LESSONS[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson is lesson
        assert counter(app) == f"step 1 of {len(lesson.steps)}"
        markdown = app.screen.query_one("#step-markdown", Markdown)
        assert lesson.steps[0].title.split()[0] in markdown.source
        if len(lesson.steps) > 1:
            await pilot.press("n")
            assert counter(app).startswith(f"step 2 of {len(lesson.steps)}")
            await pilot.press("p")
            assert counter(app).startswith("step 1 of")
            assert counter(app).endswith("✓")  # moving on completed the text step
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_help_lists_bindings_and_closes(app: GDTutorApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = screen_text(app)
        for section in ("Everywhere", "Lesson list", "Inside a lesson"):
            assert section in shown
        for description in ("Next", "Back", "Help", "Quit", "Continue"):
            assert description in shown
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_quit_with_q(app: GDTutorApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app._exit  # the app is shutting down


async def test_lesson_option_opens_the_requested_lesson(
    make_app: Callable[..., GDTutorApp],
) -> None:
    app = make_app(lesson="3")
    async with app.run_test(size=(100, 30)):
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson is LESSONS[2]
    app = make_app(lesson="logistic-regression-gd")
    async with app.run_test(size=(100, 30)):
        assert app.screen.lesson is LESSONS[1]


async def test_progress_and_position_survive_a_restart(isolated_home: Path) -> None:
    lesson = LESSONS[0]
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.press("n")
    done = ProgressStore(isolated_home / "progress.sqlite3").completed_steps(lesson.slug)
    assert lesson.steps[0].id in done

    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        texts = option_texts(app)
        assert texts[0].startswith("▶ Continue where you left off")
        assert f"{len(done)}/{len(lesson.steps)} steps" in texts[1]
        await pilot.press("c")
        assert isinstance(app.screen, LessonScreen)
        expected = min(1, len(lesson.steps) - 1)
        assert app.screen.index == expected


async def test_too_small_terminal_shows_a_notice_and_recovers(app: GDTutorApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one(Static).render())
        assert "at least 80×24" in message
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_command_palette_jumps_to_a_lesson(app: GDTutorApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Lesson 3")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson is LESSONS[2]


async def test_a_corrupted_store_is_reported_and_the_app_starts(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "progress.sqlite3").write_bytes(b"garbage" * 100)
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)):
        assert isinstance(app.screen, HomeScreen)
        assert any("moved to" in n.message for n in app._notifications)


async def test_help_over_a_demo_lists_that_demos_own_keys(app: GDTutorApp) -> None:
    lesson = LESSONS[0]
    index = next(i for i, s in enumerate(lesson.steps) if isinstance(s, DemoStep))
    async with app.run_test(size=(100, 50)) as pilot:
        app.open_lesson(lesson, index)
        await pilot.pause()
        demo = app.screen.query_one(DemoView).demo
        await pilot.press("question_mark")
        shown = screen_text(app)
        assert "This demo" in shown
        for control in demo.controls:
            assert control.description in shown
