"""Faults of the file system and of other programs never crash, freeze or silently stop the store.

Each test runs the real fault where it can (a second process holding a lock, the file deleted or
swapped under the store, a full file system) and then checks three things: the store kept going,
the learner was told, and once the fault clears and the store is opened again, every attempt made
during the fault is in the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.robustness.helpers import filled_store
from tutor import locations
from tutor.progress import ProgressStore, StoreUnavailable

ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute(sys.argv[2])
db.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("held", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
print("released", flush=True)
"""


@contextmanager
def lock_held(path: Path, begin: str = "BEGIN EXCLUSIVE") -> Iterator[subprocess.Popen]:
    """Another process holding a lock on `path` until the block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), begin],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
    finally:
        holder.kill()
        holder.wait(timeout=30)


def still_holding(holder: subprocess.Popen) -> bool:
    return holder.poll() is None


def typed_in_file(path: Path) -> list[str]:
    store = ProgressStore(path)
    try:
        assert not store.in_memory, store.notice
        return [attempt.typed for attempt in store.attempts()]
    finally:
        store.close()


def answer(store: ProgressStore, text: str) -> None:
    store.record_attempt("l", "q", "dz", text, 0.5, "wrong", "sign", 1)


# -- locks held by another process ---------------------------------------------------------------


@pytest.mark.parametrize("mode", ["wal", "delete"])
def test_an_exclusive_lock_at_start_neither_crashes_nor_waits(tmp_path: Path, mode: str) -> None:
    path = filled_store(tmp_path, attempts=5)
    ProgressStore(path).close()
    if mode == "delete":  # a file left in rollback mode, as gd-tutor 0.1 wrote it
        import sqlite3

        with sqlite3.connect(path) as db:
            db.execute("PRAGMA journal_mode = DELETE")
    told: list[str] = []
    with lock_held(path) as holder:
        store = ProgressStore(path)
        store.on_notice = told.append
        store.completed_steps("l")
        store.position()
        answer(store, "during-lock")
        store.complete_step("l", "during")
        assert still_holding(holder)  # none of it waited for the lock to go
        if store.in_memory:
            assert store.notice is not None and "not be saved" in store.notice
            assert "another program" in store.notice
        assert "during" in store.completed_steps("l")
    store.retry()  # the app's timer, once the lock is gone
    assert not store.in_memory
    assert store.pending == 0
    store.close()
    assert store.unsaved_report is None
    typed = typed_in_file(path)
    assert typed[-1] == "during-lock" and len(typed) == 6


def test_an_exclusive_lock_mid_session_queues_answers_and_saves_them_after(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    told: list[str] = []
    store.on_notice = told.append
    answer(store, "before")
    with lock_held(path) as holder:
        for i in range(20):
            answer(store, f"locked-{i}")
        assert still_holding(holder)
        assert store.pending == 20
        assert told and "another program" in told[0]
        assert len(told) == 1  # told once, not once per answer
        assert [a.typed for a in store.attempts()][-1] == "locked-19"
    answer(store, "after")  # the next write carries the queue with it
    assert store.pending == 0
    assert "saved again" in told[-1]
    store.close()
    assert typed_in_file(path) == ["before", *(f"locked-{i}" for i in range(20)), "after"]


@pytest.mark.parametrize("mode", ["wal", "delete"])
def test_a_shared_lock_held_by_a_reader_does_not_stop_saving(tmp_path: Path, mode: str) -> None:
    path = filled_store(tmp_path, attempts=3)
    if mode == "delete":  # rollback journal: a reader blocks every commit while it reads
        import sqlite3

        with sqlite3.connect(path) as db:
            db.execute("PRAGMA journal_mode = DELETE")
    with lock_held(path, "BEGIN") as holder:  # the SELECT in the holder takes a shared lock
        store = ProgressStore(path)  # opened during the lock: it can still read
        assert len(store.attempts()) == 3
        for i in range(10):
            answer(store, f"shared-{i}")
        assert still_holding(holder)
        assert [a.typed for a in store.attempts()][-1] == "shared-9"
    answer(store, "after")
    store.close()
    assert typed_in_file(path)[3:] == [*(f"shared-{i}" for i in range(10)), "after"]


def test_a_lock_that_outlasts_the_session_leaves_a_rescue_file_added_next_time(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    with lock_held(path):
        store = ProgressStore(path)
        answer(store, "one")
        answer(store, "two")
        store.complete_step("l", "s")
        store.close()
        assert store.unsaved_report is not None
        assert "2 answers" in store.unsaved_report and "1 completed step" in store.unsaved_report
        assert str(path) in store.unsaved_report
        [rescue] = tmp_path.glob("progress.sqlite3.unsaved-*.json")
        assert str(rescue) in store.unsaved_report
    again = ProgressStore(path)
    assert again.notice is not None and rescue.name in again.notice
    assert [a.typed for a in again.attempts()] == ["one", "two"]
    assert again.completed_steps("l") == {"s"}
    again.close()
    assert not rescue.exists()
    assert typed_in_file(path) == ["one", "two"]  # added once, not once per opening


# -- a full disk -------------------------------------------------------------------------------


def disk_full(names: list[str]) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_keeps_every_answer_and_saves_them_once_space_is_freed(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    told: list[str] = []
    store.on_notice = told.append
    answer(store, "before")
    store.fault = disk_full
    for i in range(5):
        answer(store, f"full-{i}")
    store.complete_step("l", "mastered")
    store.set_position("l", "next")
    assert store.in_memory and store.pending == 7
    assert told and "disk is full" in told[0]
    assert store.completed_steps("l") == {"mastered"}
    assert store.position() == ("l", "next")
    store.fault = None  # space freed
    store.retry()
    assert store.pending == 0 and not store.in_memory
    store.close()
    assert typed_in_file(path) == ["before", *(f"full-{i}" for i in range(5))]
    again = ProgressStore(path)
    assert again.completed_steps("l") == {"mastered"} and again.position() == ("l", "next")
    again.close()


def test_a_disk_still_full_at_quit_names_what_is_unsaved(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    store.fault = disk_full
    answer(store, "kept")
    store.close()
    assert store.unsaved_report is not None
    assert "1 answer" in store.unsaved_report and "disk is full" in store.unsaved_report
    assert typed_in_file(path) == ["kept"]  # from the rescue file beside it


@contextmanager
def small_filesystem(where: Path, size: str = "256k") -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False, capture_output=True)


def test_a_real_full_file_system(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small") as small:
        path = small / "progress.sqlite3"
        store = ProgressStore(path)
        answer(store, "before")
        filler = small / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 512):
                pass
        except OSError as error:
            assert error.errno == errno.ENOSPC
        finally:
            os.close(fd)
        for i in range(30):
            store.record_attempt("l", "q", "dz", f"full-{i}-" + "x" * 2000, 0.5, "wrong")
        assert store.pending > 0 and store.in_memory
        assert store.notice is not None and "not be saved" in store.notice
        filler.unlink()
        store.retry()
        assert store.pending == 0
        store.close()
        typed = typed_in_file(path)
    assert typed[0] == "before" and len(typed) == 31


# -- the file deleted, replaced or swapped for a link ------------------------------------------


def test_a_deleted_file_is_written_again_from_the_session(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    told: list[str] = []
    store.on_notice = told.append
    answer(store, "before")
    store.complete_step("l", "early")
    for leftover in tmp_path.glob("progress.sqlite3*"):
        leftover.unlink()
    answer(store, "after")
    assert told and "deleted" in told[0]
    store.close()
    assert typed_in_file(path) == ["before", "after"]
    assert ProgressStore(path).completed_steps("l") == {"early"}


def test_a_file_deleted_while_idle_is_written_again_at_quit(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    answer(store, "only")
    path.unlink()
    store.close()
    assert store.unsaved_report is None
    assert typed_in_file(path) == ["only"]


def test_a_file_replaced_by_garbage_is_moved_aside_and_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    answer(store, "before")
    replacement = tmp_path / "other"
    replacement.write_bytes(b"not a database" * 100)
    replacement.replace(path)
    answer(store, "after")
    store.close()
    assert typed_in_file(path) == ["before", "after"]
    [aside] = tmp_path.glob("progress.sqlite3.corrupt-*[0-9]")
    assert aside.read_bytes() == b"not a database" * 100


def test_a_file_replaced_by_another_progress_file_gets_the_session_merged_in(
    tmp_path: Path,
) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    answer(store, "mine")
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = filled_store(other_dir, attempts=2)
    other.replace(path)
    answer(store, "mine-after")
    store.close()
    typed = typed_in_file(path)
    assert typed[:2] == ["0" * 20, "1" * 20]
    assert sorted(typed[2:]) == ["mine", "mine-after"]


def test_a_file_swapped_for_a_link_is_never_written_through(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    answer(store, "before")
    target = tmp_path / "elsewhere.sqlite3"
    path.unlink()
    path.symlink_to(target)
    answer(store, "during")
    assert not target.exists()
    assert store.notice is not None and "symbolic link" in store.notice
    store.close()
    assert not target.exists()
    assert store.unsaved_report is not None and str(path) in store.unsaved_report
    path.unlink()  # the learner fixes it
    assert typed_in_file(path) == ["before", "during"]


@pytest.mark.parametrize("target", ["empty", "dangling"])
def test_a_store_that_is_a_link_from_the_start_is_left_alone(tmp_path: Path, target: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    pointed = outside / "progress.sqlite3"
    if target == "empty":
        pointed.write_bytes(b"")
    home = tmp_path / "home"
    home.mkdir()
    path = home / "progress.sqlite3"
    path.symlink_to(pointed)
    store = ProgressStore(path)
    assert store.in_memory
    assert store.notice is not None and "symbolic link" in store.notice
    answer(store, "kept")
    assert [a.typed for a in store.attempts()] == ["kept"]
    store.close()
    assert pointed.exists() == (target == "empty")
    if pointed.exists():
        assert pointed.read_bytes() == b""
    assert sorted(p.name for p in outside.iterdir()) == (
        ["progress.sqlite3"] if target == "empty" else []
    )
    path.unlink()
    assert typed_in_file(path) == ["kept"]


@pytest.mark.parametrize("kind", ["fifo", "directory"])
def test_a_store_that_is_not_a_regular_file_is_never_opened(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "progress.sqlite3"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would block forever
    else:
        path.mkdir()
    store = ProgressStore(path)
    answer(store, "x")
    assert store.in_memory and store.notice is not None and "regular file" in store.notice
    store.close()


# -- several writers at once -------------------------------------------------------------------

THIRD_WRITER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
for i in range(200):
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO meta VALUES ('third', ?) ON CONFLICT(key) DO UPDATE SET value = ?",
               (str(i), str(i)))
    time.sleep(0.002)
    db.execute("COMMIT")
print("done", flush=True)
"""


def test_two_instances_and_a_third_writer_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    first = ProgressStore(path)
    second = ProgressStore(path)
    assert first.notice is None and second.notice is None
    third = subprocess.Popen(
        [sys.executable, "-c", THIRD_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        for i in range(300):
            first.record_attempt("l", "s", "first", str(i), i, "wrong")
            second.record_attempt("l", "s", "second", str(i), i, "wrong")
            if i % 50 == 0:
                first.retry()
                second.retry()
    finally:
        assert third.wait(timeout=120) == 0
    first.close()
    second.close()
    assert first.unsaved_report is None and second.unsaved_report is None
    store = ProgressStore(path)
    parts = [a.part for a in store.attempts()]
    assert parts.count("first") == 300 and parts.count("second") == 300
    store.close()


# -- commands that could not use the store ----------------------------------------------------


def test_require_saved_raises_under_a_lock_and_drops_the_queued_reset(tmp_path: Path) -> None:
    path = filled_store(tmp_path, attempts=4)
    with lock_held(path):
        store = ProgressStore(path)
        store.reset()
        with pytest.raises(StoreUnavailable, match=str(path)):
            store.require_saved()
        store.close()
    assert not list(tmp_path.glob("*.unsaved-*"))
    assert len(typed_in_file(path)) == 4


# -- where the store lives --------------------------------------------------------------------


def test_a_relative_home_is_resolved_once_and_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(locations.HOME_ENV, "relstore")
    monkeypatch.setattr(locations, "_resolved", {})
    first = locations.progress_path()
    assert first == tmp_path / "relstore" / "progress.sqlite3"
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert locations.progress_path() == first
    note = locations.relative_home_note()
    assert note is not None and "relstore" in note and str(tmp_path / "relstore") in note
    monkeypatch.setenv(locations.HOME_ENV, str(tmp_path / "absolute"))
    assert locations.relative_home_note() is None


def test_no_write_waits_for_a_lock_longer_than_a_bounded_time(tmp_path: Path) -> None:
    """Not a timing assertion: the store's own wait settings are what bounds every call."""
    from tutor import progress

    assert progress.WRITE_WAIT_MS <= 50
    assert progress.OPEN_WAIT_MS <= 500
    assert progress.QUIT_WAIT_S <= 2
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    with lock_held(path) as holder:
        started = time.monotonic()
        answer(store, "x")
        elapsed = time.monotonic() - started
        assert still_holding(holder)
    store.close()
    assert elapsed < 30  # sanity only: the old store waited for as long as the lock was held


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        env={"GD_TUTOR_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        check=False,
    )


@pytest.mark.parametrize(
    ("command", "mode"),
    [(("--reset-progress", "--yes"), "wal"), (("--reset-progress", "--yes"), "delete"),
     (("--list",), "delete")],
)  # fmt: skip
def test_commands_say_plainly_when_the_store_is_locked(
    isolated_home: Path, command: tuple[str, ...], mode: str
) -> None:
    isolated_home.mkdir(parents=True)
    path = filled_store(isolated_home, attempts=3)
    if mode == "delete":  # a rollback journal, as gd-tutor 0.1 left it: the lock blocks reads too
        import sqlite3

        with sqlite3.connect(path) as db:
            db.execute("PRAGMA journal_mode = DELETE")
    with lock_held(path) as holder:
        result = run_cli(*command, home=isolated_home)
        assert still_holding(holder)
    assert result.returncode == 1, result.stdout
    assert "Progress reset" not in result.stdout and result.stdout == ""
    assert str(path) in result.stderr and "another program" in result.stderr
    assert "Nothing was" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(typed_in_file(path)) == 3
    assert not list(isolated_home.glob("*.unsaved-*"))


def test_list_reads_a_wal_store_even_while_another_process_writes(isolated_home: Path) -> None:
    from lessons import LESSONS

    isolated_home.mkdir(parents=True)
    store = ProgressStore(isolated_home / "progress.sqlite3")
    store.complete_step(LESSONS[0].slug, LESSONS[0].steps[0].id)
    store.close()
    with lock_held(isolated_home / "progress.sqlite3") as holder:
        result = run_cli("--list", home=isolated_home)
        assert still_holding(holder)
    assert result.returncode == 0, result.stderr
    assert f"1/{len(LESSONS[0].steps)} steps" in result.stdout


@pytest.mark.parametrize("command", [("--reset-progress", "--yes"), ("--list",)])
def test_commands_say_plainly_when_the_store_is_a_link(
    isolated_home: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "progress.sqlite3").symlink_to(tmp_path / "nowhere")
    result = run_cli(*command, home=isolated_home)
    assert result.returncode == 1
    assert "symbolic link" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()


# -- in the app: the learner keeps going, is told, and loses nothing ---------------------------


def quiz_index(lesson) -> int:
    from lessons import QuizStep

    return next(i for i, step in enumerate(lesson.steps) if isinstance(step, QuizStep))


@pytest.mark.parametrize("fault", ["locked", "disk-full", "deleted"])
async def test_in_the_app_a_fault_costs_no_answer(isolated_home: Path, fault: str) -> None:
    from lessons import LESSONS
    from tests.robustness.helpers import submit, wrong_answer
    from tutor.app import GDTutorApp
    from tutor.screens.lesson import LessonScreen
    from tutor.widgets.quiz_card import QuizCard

    isolated_home.mkdir(parents=True)
    path = filled_store(isolated_home, attempts=2)
    lesson = LESSONS[0]
    index = quiz_index(lesson)
    app = GDTutorApp(demos_start_paused=True)
    with contextlib.ExitStack() as stack:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await pilot.pause()
            if fault == "locked":
                stack.enter_context(lock_held(path))
            elif fault == "disk-full":
                app.progress.fault = disk_full
            else:
                for leftover in isolated_home.glob("progress.sqlite3*"):
                    leftover.unlink()
            await pilot.press("1")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, LessonScreen)
            await pilot.press("n")  # the first step is completed during the fault
            screen.index = index
            await pilot.pause()
            card = screen.query_one(QuizCard)
            typed = []
            for _ in range(3):
                if card.session is None or card.session.finished:
                    await card.new_draw()
                text = wrong_answer(card.session.current)
                await submit(app, card, text)
                typed.append(text)
            messages = " ".join(n.message for n in app._notifications)
            if fault == "deleted":
                assert "deleted" in messages
            else:
                assert "not be saved" in messages
                assert app.progress.pending > 0
            # The fault clears while the app still runs; its timer saves what was queued.
            stack.close()
            app.progress.fault = None
            app.progress.retry()
            assert app.progress.pending == 0
            await pilot.press("question_mark")  # still answering keys
    assert app.progress.unsaved_report is None
    store = ProgressStore(path)
    attempts = [a.typed for a in store.attempts(lesson.slug)]
    assert attempts[-3:] == typed
    assert lesson.steps[0].id in store.completed_steps(lesson.slug)
    if fault != "deleted":
        assert len(store.attempts("l")) == 2  # what was there before the fault is still there
    store.close()


async def test_in_the_app_what_cannot_be_saved_is_named_at_quit(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.app import GDTutorApp

    isolated_home.mkdir(parents=True)
    path = filled_store(isolated_home, attempts=1)
    app = GDTutorApp(demos_start_paused=True)
    with lock_held(path):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("1", "n")
        app.progress.close()
    assert app.progress.unsaved_report is not None
    assert "1 completed step" in app.progress.unsaved_report
    assert str(path) in app.progress.unsaved_report
    from lessons import LESSONS

    assert LESSONS[0].steps[0].id in ProgressStore(path).completed_steps(LESSONS[0].slug)


WRITER_PROCESS = """
import sys
from pathlib import Path
from tutor.progress import ProgressStore

store = ProgressStore(Path(sys.argv[1]))
for i in range(150):
    store.record_attempt("l", "s", sys.argv[2], str(i), i, "wrong")
    if i % 25 == 0:
        store.retry()
store.close()
print(store.unsaved_report or "saved", flush=True)
"""


def test_instances_started_together_on_a_v1_file_migrate_once_and_lose_nothing(
    tmp_path: Path,
) -> None:
    import shutil

    path = tmp_path / "progress.sqlite3"
    shutil.copyfile(Path(__file__).parents[1] / "fixtures" / "progress-v1.sqlite3", path)
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    third = subprocess.Popen(
        [sys.executable, "-c", THIRD_WRITER, str(path)], stdout=subprocess.PIPE, text=True
    )
    instances = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER_PROCESS, str(path), f"instance-{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for n in range(3)
    ]
    for process in instances:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        # A writer that never lets go may outlast the wait at quit: then the rest is kept aside.
        assert out.strip() == "saved" or "They are kept in" in out, out
    assert third.wait(timeout=120) == 0
    store = ProgressStore(path)  # adds back anything kept aside
    parts = [a.part for a in store.attempts()]
    for n in range(3):
        assert parts.count(f"instance-{n}") == 150
    assert len(parts) == 5 + 450  # the fixture's five answers, kept
    store.close()


async def test_home_shows_the_real_figures_once_a_store_locked_at_start_is_read(
    isolated_home: Path,
) -> None:
    """Locked by another program at start, the store cannot be read: home says so instead of
    showing 0%, and shows the real figures by itself once the lock is gone."""
    from textual.widgets import Static

    from lessons import LESSONS
    from tutor.app import GDTutorApp

    isolated_home.mkdir(parents=True)
    path = isolated_home / "progress.sqlite3"
    store = ProgressStore(path)
    lesson = LESSONS[0]
    for step in lesson.steps[:3]:
        store.complete_step(lesson.slug, step.id)
    store.close()
    import sqlite3

    with sqlite3.connect(path) as db:  # rollback mode, as gd-tutor 0.1 wrote it: the lock
        db.execute("PRAGMA journal_mode = DELETE")  # keeps readers out too
    total = sum(len(each.steps) for each in LESSONS)
    with contextlib.ExitStack() as stack:
        stack.enter_context(lock_held(path))
        app = GDTutorApp(demos_start_paused=True)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            overall = app.screen.query_one("#overall", Static)
            assert "could not be read yet" in str(overall.render())
            assert "0%" not in str(app.screen.query_one("#lesson-list").render())
            stack.close()  # the other program lets go
            for _ in range(300):  # a bound on waiting (the app retries every 2 s), not a timing
                if "%" in str(overall.render()):
                    break
                await pilot.pause(0.05)
            assert f"{3 / total:.0%} of {total} steps" in str(overall.render())
