"""The progress screen, review mode and Continue, driven as a learner drives them at 80×24.

Days pass through the app's injected clock: answers are stored now, and the app is told it is a
week later.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from lessons import LESSONS, DemoStep, TextStep, find_lesson
from lessons.quiz import expected_text
from lessons.review import DAY
from tests.pilot import card, current, finish_demo, type_in
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.cli import main
from tutor.progress import ProgressStore
from tutor.report import build_report, report_text
from tutor.screens.home import HomeScreen
from tutor.screens.lesson import LessonScreen
from tutor.screens.progress import ProgressScreen
from tutor.screens.review import ReviewScreen

SIZE = (80, 24)
L1, L2, L3 = (lesson.slug for lesson in LESSONS)


def store_at(home: Path) -> ProgressStore:
    return ProgressStore(home / "progress.sqlite3")


def study_two_lessons(store: ProgressStore) -> None:
    """Lesson 1's update quiz and lesson 2's backward quiz answered, dz's sign flipped twice."""
    store.record_attempt(L1, "update-quiz", "dw", "3.2", 3.2, "correct")
    store.record_attempt(L1, "update-quiz", "new w", "1.1", 1.1, "mistake", "no_alpha")
    store.record_attempt(L1, "update-quiz", "new w", "1.5", 1.5, "correct", None, 1)
    store.record_attempt(L2, "backward-quiz", "da", "-2", -2.0, "correct")
    store.record_attempt(L2, "backward-quiz", "dz", "0.4", 0.4, "mistake", "sign")
    store.record_attempt(L2, "backward-quiz", "dz", "0.41", 0.41, "mistake", "sign")
    store.record_attempt(L2, "backward-quiz", "dz", "-0.4", -0.4, "correct", None, 2)
    for part in ("dw1", "dw2", "db"):
        store.record_attempt(L2, "backward-quiz", part, "1", 1.0, "correct")


def home_options(app: GDTutorApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def answer_right(pilot) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    while card(app).session.current is not None:
        await type_in(pilot, expected_text(current(app)), keys=False)


async def test_the_progress_screen_names_recurring_mistakes_and_practises_one(
    isolated_home: Path,
) -> None:
    store = store_at(isolated_home)
    study_two_lessons(store)
    store.close()
    app = GDTutorApp(demos_start_paused=True, seed=2)
    async with app.run_test(size=SIZE) as pilot:
        assert "v: your progress" in str(app.screen.query_one("#overall", Static).render())
        # Everything on the list fits at 80×24: no scrollbar, nothing folded.
        assert app.screen.query_one(OptionList).max_scroll_y == 0
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        shown = str(app.screen.query_one("#progress-text", Static).render())
        assert "sign of dz flipped: 2 times, last on" in shown
        assert "Remember: dz = da · a(1 − a) = a − y" in shown
        assert "press 1 to practise" in shown
        assert "no_alpha" not in shown and "α left out" not in shown  # came up only once
        assert "LR-5  dz = a − y by the chain rule" in shown
        assert "Lesson 3 · Gradient Descent for Neural Networks" in shown
        text = screen_text(app)
        assert "Review" in text and "Home" in text  # the footer's keys fit at 80 columns

        await pilot.press("1")
        assert isinstance(app.screen, ReviewScreen)
        assert "Practise: sign of dz flipped" in screen_text(app)
        screen = app.screen
        assert [item.part.key for item in screen.items] == ["dz"] * 3
        numbers = []
        for _ in range(3):
            assert current(app).label == "dz"
            numbers.append(current(app).expected)
            await answer_right(pilot)
            await pilot.press("n")
        assert len(set(numbers)) == 3  # fresh numbers each time
        assert "Review done: 3 of 3 right without the worked solution." in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    dz = [a for a in store_at(isolated_home).attempts(L2, "backward-quiz") if a.part == "dz"]
    assert len(dz) == 3 + 3  # the drill's answers are stored like a lesson's


async def test_a_review_a_week_later_mixes_lessons_and_moves_reviews_out(
    isolated_home: Path,
) -> None:
    store = store_at(isolated_home)
    study_two_lessons(store)
    store.close()
    week_later = time.time() + 7 * DAY
    app = GDTutorApp(demos_start_paused=True, seed=4)
    app.clock = lambda: week_later
    async with app.run_test(size=SIZE) as pilot:
        review_line = next(t for t in home_options(app) if "Review ·" in t)
        due_before = int(review_line.split("Review · ")[1].split()[0])
        assert due_before >= 4
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert len(screen.items) == 5
        assert {item.part.lesson.slug for item in screen.items} == {L1, L2}
        assert screen.items[0].part.key in {"dz", "new w"}  # missed ones first
        for number in range(1, 6):
            text = screen_text(app)
            assert f"question {number} of 5" in text
            assert "Answer ›" in text  # the card's answer box fits at 80×24
            await answer_right(pilot)
            await pilot.press("n")
        text = screen_text(app)
        assert "Review done: 5 of 5 right without the worked solution." in text
        await pilot.press("escape")
        review_line = next(t for t in home_options(app) if "Review ·" in t)
        assert int(review_line.split("Review · ")[1].split()[0]) < due_before


async def test_review_uses_the_same_card_with_hints_diagnosis_and_solution(
    isolated_home: Path,
) -> None:
    store = store_at(isolated_home)
    store.record_attempt(L2, "backward-quiz", "dz", "0.4", 0.4, "mistake", "sign")
    store.close()
    app = GDTutorApp(demos_start_paused=True, seed=1, review=True)
    app.clock = lambda: time.time() + 2 * DAY  # the miss fell due after half a day
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ReviewScreen)
        question = current(app)
        assert question.label == "dz"
        await type_in(pilot, repr(-float(question.expected)), keys=False)
        assert "sign is flipped" in screen_text(app).replace("\n", " ")
        # the quiz keys are Esc, then a letter (the answer box owns every printable key)
        await pilot.press("escape", "h", "escape", "h", "escape", "x", "escape", "x")
        assert "Solution for dz" in screen_text(app)
        await type_in(pilot, expected_text(question), keys=False)
        await pilot.press("n")
        # The worked solution means it is not known yet: the summary says so.
        while not app.screen.finished:  # type: ignore[attr-defined]
            await answer_right(pilot)
            await pilot.press("n")
        assert "answered with the worked solution's help" in screen_text(app)


async def test_nothing_to_review_says_so_and_stays_home() -> None:
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=SIZE) as pilot:
        assert not any("Review ·" in t for t in home_options(app))
        await pilot.press("r")
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing to review yet" in n.message for n in app._notifications)


async def test_a_review_is_reproducible_with_a_seed(isolated_home: Path) -> None:
    store = store_at(isolated_home)
    study_two_lessons(store)
    store.close()
    shown = []
    for _ in range(2):
        app = GDTutorApp(demos_start_paused=True, seed=9, review=True)
        app.clock = lambda: time.time() + 3 * DAY
        async with app.run_test(size=SIZE):
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            shown.append(([i.part.key for i in screen.items], card(app).quiz.intro))
    assert shown[0] == shown[1]


# -- progress that means something ----------------------------------------------------------------


async def test_a_demo_step_is_done_when_run_to_its_end_not_when_skipped() -> None:
    lesson = find_lesson("1")
    demo_index = next(i for i, s in enumerate(lesson.steps) if isinstance(s, DemoStep))
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson(lesson, demo_index)
        await pilot.pause()
        step = lesson.steps[demo_index]
        await pilot.press("n", "p")
        assert step.id not in app.progress.completed_steps(lesson.slug)
        await finish_demo(pilot)
        assert step.id in app.progress.completed_steps(lesson.slug)
        assert "✓" in str(app.screen.query_one("#step-counter", Static).render())


async def test_continue_goes_to_the_first_unfinished_step_then_the_next_lesson_then_review(
    isolated_home: Path,
) -> None:
    first = LESSONS[0]
    store = store_at(isolated_home)
    for step in first.steps:
        if step.id != first.steps[2].id:
            store.complete_step(first.slug, step.id)
    store.set_position(first.slug, first.steps[-1].id)
    store.close()
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=SIZE) as pilot:
        heading = first.steps[2].text.splitlines()[0].removeprefix("# ")
        line = home_options(app)[0]
        lead = "▶ Continue: Lesson 1, step 3 — "
        assert line.startswith(lead)
        shown = line[len(lead) :].split("\n")[0]
        # the heading, shortened with "…" where the line would not fit 80 columns
        assert shown == heading or (shown.endswith("…") and heading.startswith(shown[:-1]))
        await pilot.press("c")
        assert isinstance(app.screen, LessonScreen) and app.screen.index == 2
        app.progress.complete_step(first.slug, first.steps[2].id)
        await pilot.press("escape")
        assert home_options(app)[0].startswith("▶ Next lesson: Lesson 2, step 1")
        for lesson in LESSONS:
            for step in lesson.steps:
                app.progress.complete_step(lesson.slug, step.id)
        app.progress.record_attempt(L1, "update-quiz", "dw", "1", 1.0, "correct")
        app.screen.refresh_progress()  # type: ignore[attr-defined]
        assert not any(t.startswith("▶") for t in home_options(app))
        await pilot.press("c")
        assert isinstance(app.screen, ReviewScreen)


async def test_a_text_step_is_done_on_n() -> None:
    lesson = LESSONS[0]
    assert isinstance(lesson.steps[0], TextStep)
    app = GDTutorApp(lesson="1", demos_start_paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert lesson.steps[0].id in app.progress.completed_steps(lesson.slug)


# -- the command line -----------------------------------------------------------------------------


def test_progress_prints_the_same_report_as_text(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = store_at(isolated_home)
    study_two_lessons(store)
    store.close()
    assert main(["--progress"]) == 0
    out = capsys.readouterr().out
    assert "sign of dz flipped: 2 times" in out
    assert "practise: gd-tutor review --mistake 1" in out
    assert "GD-6  w := w − α·dJ/dw and the rate α" in out
    assert all(len(line) <= 80 for line in out.splitlines())


def test_review_with_nothing_studied_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["review"]) == 1
    assert "Nothing to review yet" in capsys.readouterr().out
    assert main(["review", "--mistake", "1"]) == 1
    assert "no recurring mistake 1 (you have none yet)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["review", "--seed", "x"])


def test_a_v1_store_opens_with_its_history_and_feeds_the_report(tmp_path: Path) -> None:
    fixture = Path(__file__).parent.parent / "fixtures" / "progress-v1.sqlite3"
    path = tmp_path / "progress.sqlite3"
    shutil.copy(fixture, path)
    store = ProgressStore(path)
    attempts = store.attempts()
    assert len(attempts) == 5 and store.notice is None
    report = build_report(store, attempts[-1].at + DAY)
    text = report_text(report)
    assert "Lesson 1 · Gradient Descent" in text
    # Parts the fixture names that no lesson asks any more are kept but do not count.
    assert sum(s.estimate.opportunities for s in report.skills.values()) == 0
    store.record_attempt(L1, "slope-quiz", "dJ/dw", "1", 1.0, "correct")
    assert ProgressStore(path).attempts()[:5] == attempts
