"""Progress files made by earlier versions open, migrate in place and keep everything they held."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tutor.progress import MIGRATIONS, SCHEMA_VERSION, ProgressStore

FIXTURE = Path(__file__).parent.parent / "fixtures" / "progress-v1.sqlite3"


def rows(path: Path, sql: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


@pytest.fixture
def v1_copy(tmp_path: Path) -> Path:
    target = tmp_path / "progress.sqlite3"
    shutil.copyfile(FIXTURE, target)
    return target


def test_the_fixture_is_a_version_1_file() -> None:
    assert rows(FIXTURE, "SELECT value FROM meta WHERE key = 'schema'") == [("1",)]
    tables = {name for (name,) in rows(FIXTURE, "SELECT name FROM sqlite_master")}
    assert "quiz_state" not in tables


def test_a_v1_file_migrates_keeping_every_step_and_attempt(v1_copy: Path) -> None:
    steps_before = rows(v1_copy, "SELECT * FROM steps ORDER BY lesson, step")
    attempts_before = rows(v1_copy, "SELECT * FROM attempts ORDER BY id")
    assert len(steps_before) == 4 and len(attempts_before) == 5

    store = ProgressStore(v1_copy)
    assert store.notice is None and not store.in_memory
    assert store.completed_steps("gradient-descent") == {"recap", "valleys", "starts"}
    assert store.completed_steps("backprop-logistic") == {"recap"}
    assert store.position() == ("backprop-logistic", "forward-quiz")
    typed = [attempt.typed for attempt in store.attempts()]
    assert typed == ["0.5", "−0.27", "1,44", "0.3", "σ(0.3)"]
    assert store.load_quiz_state("gradient-descent", "slope-quiz") is None
    store.save_quiz_state("gradient-descent", "slope-quiz", {"numbers": [1.5, -2], "answered": []})
    store.close()

    assert rows(v1_copy, "SELECT value FROM meta WHERE key = 'schema'") == [(str(SCHEMA_VERSION),)]
    assert rows(v1_copy, "SELECT * FROM steps ORDER BY lesson, step") == steps_before
    assert rows(v1_copy, "SELECT * FROM attempts ORDER BY id") == attempts_before
    again = ProgressStore(v1_copy)
    assert again.load_quiz_state("gradient-descent", "slope-quiz") == {
        "numbers": [1.5, -2],
        "answered": [],
    }
    again.close()


def test_migrations_are_one_ordered_list() -> None:
    versions = [version for version, _ in MIGRATIONS]
    assert versions == list(range(2, 2 + len(versions)))
    assert versions[-1] == SCHEMA_VERSION


def test_a_file_from_a_newer_tutor_is_not_overwritten(v1_copy: Path) -> None:
    db = sqlite3.connect(v1_copy)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    before = v1_copy.read_bytes()
    store = ProgressStore(v1_copy)
    store.record_attempt("l", "s", "p", "1", 1.0, "correct")
    store.close()
    assert store.notice is not None
    assert v1_copy.read_bytes() == before


def test_quiz_state_round_trip_clear_and_reset(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path / "p.sqlite3")
    state = {"seed": 3, "numbers": {"x": 0.25}, "answered": ["z"], "hints": 1, "typed": "σ(0.4)"}
    store.save_quiz_state("l", "q1", state)
    store.save_quiz_state("l", "q2", {"typed": ""})
    assert store.load_quiz_state("l", "q1") == state
    store.save_quiz_state("l", "q1", {"typed": "2"})
    assert store.load_quiz_state("l", "q1") == {"typed": "2"}
    store.clear_quiz_state("l", "q1")
    assert store.load_quiz_state("l", "q1") is None
    assert store.load_quiz_state("l", "q2") == {"typed": ""}
    store.reset()
    assert store.load_quiz_state("l", "q2") is None
    store.close()
