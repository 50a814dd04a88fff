"""The progress store keeps everything a learner did and never takes the app down with it."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tutor.progress import ProgressStore, lesson_fraction


def test_steps_attempts_and_position_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = ProgressStore(path)
    store.complete_step("gradient-descent", "recap")
    store.complete_step("gradient-descent", "recap")  # idempotent
    store.record_attempt("gradient-descent", "slope", "dJ/dw", "−0.3", -0.3, "mistake", "sign", 1)
    store.set_position("gradient-descent", "slope")
    store.close()

    again = ProgressStore(path)
    assert again.notice is None
    assert again.completed_steps("gradient-descent") == {"recap"}
    [attempt] = again.attempts("gradient-descent")
    assert (attempt.typed, attempt.value, attempt.verdict, attempt.diagnosis) == (
        "−0.3",
        "-0.3",
        "mistake",
        "sign",
    )
    assert attempt.hints_used == 1 and attempt.solution_shown is False
    assert again.position() == ("gradient-descent", "slope")
    assert lesson_fraction(again, "gradient-descent", ["recap", "slope"]) == 0.5


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all", b"SQLite format 3\x00" + b"\x07" * 300, os.urandom(4096)],
    ids=["text", "truncated-header", "random-bytes"],
)
def test_a_corrupted_file_is_moved_aside_and_a_fresh_store_starts(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(content)

    store = ProgressStore(path)

    assert store.notice is not None and "moved to" in store.notice
    assert not store.in_memory
    aside = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes() == content
    store.complete_step("l", "s")
    assert ProgressStore(path).completed_steps("l") == {"s"}


def test_a_database_of_another_program_is_moved_aside_not_mixed_into(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE recipes (name TEXT)")
    store = ProgressStore(path)
    assert store.notice is not None
    assert list(tmp_path.glob("progress.sqlite3.corrupt-*"))


def test_an_empty_file_is_simply_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"")
    store = ProgressStore(path)
    assert store.notice is None
    store.complete_step("l", "s")
    assert store.completed_steps("l") == {"s"}


def test_an_unwritable_directory_runs_in_memory_with_a_notice(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    # Root ignores permission bits, so as root use a place no one can create directories in.
    target = Path("/proc/gd-tutor-test") if os.geteuid() == 0 else locked / "sub"
    try:
        store = ProgressStore(target / "progress.sqlite3")
        assert store.in_memory and store.notice and "not be saved" in store.notice
        store.complete_step("l", "s")
        assert store.completed_steps("l") == {"s"}
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_path_that_cannot_be_a_directory_runs_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a directory should be")
    store = ProgressStore(blocker / "progress.sqlite3")
    assert store.in_memory
    assert store.notice is not None and "not be saved" in store.notice
    store.record_attempt("l", "s", "dz", "1", 1.0, "correct")
    assert len(store.attempts()) == 1


def test_two_instances_share_one_store_without_losing_writes(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    first, second = ProgressStore(path), ProgressStore(path)
    for i in range(50):
        first.record_attempt("l", "s", "dz", str(i), i, "wrong")
        second.record_attempt("l", "s", "dw", str(i), i, "wrong")
    first.complete_step("l", "a")
    second.complete_step("l", "b")
    assert len(ProgressStore(path).attempts()) == 100
    assert first.completed_steps("l") == second.completed_steps("l") == {"a", "b"}


def test_reset_forgets_progress(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    store.complete_step("l", "s")
    store.record_attempt("l", "s", "dz", "1", 1, "correct")
    store.set_position("l", "s")
    store.reset()
    assert store.completed_steps("l") == set()
    assert store.attempts() == [] and store.position() is None


def test_when_writing_fails_mid_session_progress_so_far_is_kept_in_memory(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "progress.sqlite3")
    told: list[str] = []
    store.on_notice = told.append
    store.complete_step("l", "first")
    store.record_attempt("l", "q", "dz", "0.5", 0.5, "correct")
    store._file.execute("PRAGMA query_only = ON")  # from now on every write to the file fails

    store.complete_step("l", "second")

    assert store.in_memory
    assert told and "not be saved" in told[0]
    assert store.completed_steps("l") == {"first", "second"}
    assert [a.typed for a in store.attempts()] == ["0.5"]
    # The file still holds what was saved before the failure, untouched.
    assert ProgressStore(tmp_path / "progress.sqlite3").completed_steps("l") == {"first"}
