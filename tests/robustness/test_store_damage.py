"""A damaged, foreign or unreachable progress file never takes the tutor down or loses progress.

Every case opens the store the way the app does, then reads and writes through the public API: a
file that is not a readable gd-tutor database must be moved aside byte for byte with a notice, and a
location that cannot be written must run in memory with a notice. Nothing may raise.
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static

from lessons import LESSONS
from tests.pilot import finish_demo
from tests.robustness.helpers import LONG, filled_store
from tests.screen import screen_text
from tutor.app import GDTutorApp
from tutor.progress import ProgressStore
from tutor.screens.home import HomeScreen


def exercise(store: ProgressStore) -> None:
    """Everything the app does with a store: every read and every write, then read back."""
    store.completed_steps("l")
    store.position()
    store.attempts()
    store.complete_step("l", "fresh")
    store.record_attempt("l", "s", "dz", "0.5", 0.5, "correct")
    store.set_position("l", "fresh")
    assert "fresh" in store.completed_steps("l")
    assert store.position() == ("l", "fresh")
    assert store.attempts()[-1].typed == "0.5"


def shown_words(app: GDTutorApp) -> str:
    """The screen's words in reading order, with toast borders and line wraps taken out."""
    return " ".join(screen_text(app).replace("▌", " ").split())


def moved_aside(directory: Path) -> list[Path]:
    return sorted(directory.glob("progress.sqlite3.corrupt-*[0-9]"))


@pytest.mark.parametrize("keep", [10, 100, 1024, 4096, 8192, 0.5])
def test_a_truncated_file_is_moved_aside_or_still_read(tmp_path: Path, keep: float) -> None:
    path = filled_store(tmp_path, attempts=300)
    whole = path.read_bytes()
    cut = whole[: int(len(whole) * keep)] if isinstance(keep, float) else whole[:keep]
    path.write_bytes(cut)

    store = ProgressStore(path)

    exercise(store)
    assert not store.in_memory
    if store.notice is None:
        # SQLite could still read it: then what it holds is what was written.
        assert len(store.attempts()) == 301
    else:
        assert "moved to" in store.notice
        [aside] = moved_aside(tmp_path)
        assert aside.read_bytes() == cut
        assert aside.name in store.notice


def test_a_file_cut_by_one_byte_keeps_every_attempt(tmp_path: Path) -> None:
    path = filled_store(tmp_path, attempts=300)
    path.write_bytes(path.read_bytes()[:-1])
    store = ProgressStore(path)
    assert store.notice is None
    assert len(store.attempts()) == 300
    assert store.completed_steps("l") == {"done"}


@pytest.mark.parametrize("seed", range(40 if LONG else 4))
def test_damaged_pages_never_crash_a_read_or_a_write(tmp_path: Path, seed: int) -> None:
    """Overwrite bytes inside the database (past its header) the way a bad disk or sync would.

    Damage that SQLite's check notices must be moved aside; damage it cannot notice must still read
    without raising (text with a broken byte shows a replacement character).
    """
    path = filled_store(tmp_path, attempts=300)
    whole = path.read_bytes()
    rng = random.Random(seed)
    trials = 100 if LONG else 25
    for _ in range(trials):
        for leftover in tmp_path.glob("progress.sqlite3*"):
            leftover.unlink()
        damaged = bytearray(whole)
        start = rng.randrange(100, len(damaged) - 64)
        for k in range(start, min(len(damaged), start + rng.choice([1, 8, 64, 512]))):
            damaged[k] = rng.randrange(256)
        path.write_bytes(bytes(damaged))

        store = ProgressStore(path)

        exercise(store)
        assert not store.in_memory
        if store.notice is not None:
            assert "moved to" in store.notice
            [aside] = moved_aside(tmp_path)
            assert aside.read_bytes() == bytes(damaged)
        store.close()


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE steps (x);"
        " CREATE TABLE attempts (y); INSERT INTO meta VALUES ('schema', '1');",
        "CREATE TABLE meta (a, b); CREATE TABLE steps (x); CREATE TABLE attempts (y);",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
        " CREATE TABLE steps (lesson, step, completed_at);"
        " INSERT INTO meta VALUES ('schema', '7');",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
        " CREATE VIEW steps AS SELECT 1 AS step; CREATE VIEW attempts AS SELECT 1 AS id;",
        "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('bread');",
    ],
    ids=["right-tables-wrong-columns", "wrong-meta-columns", "newer-schema", "views", "foreign"],
)
def test_a_database_with_the_wrong_schema_is_moved_aside(tmp_path: Path, sql: str) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as other:
        other.executescript(sql)
    before = path.read_bytes()

    store = ProgressStore(path)

    exercise(store)
    assert not store.in_memory, store.notice
    assert store.notice is not None and "moved to" in store.notice
    [aside] = moved_aside(tmp_path)
    assert aside.read_bytes() == before


@pytest.mark.parametrize("content", [b"", b"\x00" * 4096, b"SQLite format 3\x00", b"\xff" * 100])
def test_empty_and_garbage_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(content)
    store = ProgressStore(path)
    exercise(store)
    assert not store.in_memory
    if content:
        assert store.notice is not None and "moved to" in store.notice
        [aside] = moved_aside(tmp_path)
        assert aside.read_bytes() == content
    else:
        assert store.notice is None


@pytest.mark.parametrize("where", ["proc", "file-as-directory", "directory-as-file"])
def test_a_place_that_cannot_be_written_runs_in_memory(tmp_path: Path, where: str) -> None:
    # Tests run as root, which ignores permission bits: use places no one can write instead.
    if where == "proc":
        path = Path("/proc/gd-tutor-robustness/progress.sqlite3")
    elif where == "file-as-directory":
        (tmp_path / "blocker").write_text("a file where a directory should be")
        path = tmp_path / "blocker" / "progress.sqlite3"
    else:
        path = tmp_path / "progress.sqlite3"
        path.mkdir()
    store = ProgressStore(path)
    exercise(store)
    assert store.in_memory
    assert store.notice is not None and "not be saved" in store.notice
    if where == "directory-as-file":
        assert path.is_dir()  # left alone, not moved aside or deleted


async def test_the_learner_is_told_when_the_file_was_moved_aside(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    path = isolated_home / "progress.sqlite3"
    with sqlite3.connect(path) as other:
        other.executescript("CREATE TABLE meta (a, b); CREATE TABLE steps (x);")
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [aside] = moved_aside(isolated_home)
        assert any(aside.name in n.message for n in app._notifications)
        assert "could not be read" in shown_words(app)


async def test_the_learner_is_told_when_progress_cannot_be_saved(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "blocker").write_text("not a directory")
    monkeypatch.setenv("GD_TUTOR_HOME", str(tmp_path / "blocker" / "home"))
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert any("not be saved" in n.message for n in app._notifications)
        assert "not be saved" in shown_words(app)
        overall = app.screen.query_one("#overall", Static).render()
        assert "not being saved" in str(overall)
        await pilot.press("1", "n")  # learning still works, in memory
        assert LESSONS[0].steps[0].id in app.progress.completed_steps(LESSONS[0].slug)


async def test_two_apps_at_once_keep_both_learners_steps(isolated_home: Path) -> None:
    first, second = GDTutorApp(demos_start_paused=True), GDTutorApp(demos_start_paused=True)
    async with first.run_test(size=(100, 30)) as one, second.run_test(size=(100, 30)) as two:
        await one.press("1", "n")
        await two.press("2", "n")
        await finish_demo(one)  # lesson 1's second step is a demo: done once run to its end
        await one.press("n")
        assert first.progress.notice is None and second.progress.notice is None
    store = ProgressStore(isolated_home / "progress.sqlite3")
    assert store.notice is None
    assert LESSONS[0].steps[0].id in store.completed_steps(LESSONS[0].slug)
    assert LESSONS[1].steps[0].id in store.completed_steps(LESSONS[1].slug)
    if len(LESSONS[0].steps) > 1:
        assert LESSONS[0].steps[1].id in store.completed_steps(LESSONS[0].slug)


def test_the_store_file_is_a_sqlite_database_after_all_of_it(tmp_path: Path) -> None:
    """After a fresh start over garbage, the new file really is a database other tools can read."""
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(os.urandom(2048))
    store = ProgressStore(path)
    exercise(store)
    store.close()
    with sqlite3.connect(path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert check.execute("SELECT count(*) FROM attempts").fetchone() == (1,)
