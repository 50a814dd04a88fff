"""The learner's progress, kept in SQLite so every write is atomic and survives a kill.

SQLite commits each change as one transaction; a crash or SIGKILL between statements loses at most
the write in flight. A file that is not a readable progress database is moved aside (never deleted)
and the tutor starts fresh; a location that cannot be written falls back to memory. Either way the
app keeps working and `notice` says what happened.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: The first schema; files made by gd-tutor 0.1 hold exactly this, marked with meta schema = '1'.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS steps (
    lesson TEXT NOT NULL,
    step TEXT NOT NULL,
    completed_at REAL NOT NULL,
    PRIMARY KEY (lesson, step)
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson TEXT NOT NULL,
    step TEXT NOT NULL,
    part TEXT NOT NULL,
    typed TEXT NOT NULL,
    value TEXT,
    verdict TEXT NOT NULL,
    diagnosis TEXT,
    hints_used INTEGER NOT NULL DEFAULT 0,
    solution_shown INTEGER NOT NULL DEFAULT 0,
    at REAL NOT NULL
);
"""

#: Every change to the schema since version 1, in order: (the version it leads to, its SQL).
#: A file at version v gets every step after v, each in its own transaction with the new version
#: number, so a crash mid-way leaves a file at some whole version. To change the schema, append
#: one step; never edit or reorder a step that has shipped.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        2,
        """
        CREATE TABLE IF NOT EXISTS quiz_state (
            lesson TEXT NOT NULL,
            step TEXT NOT NULL,
            state TEXT NOT NULL,
            saved_at REAL NOT NULL,
            PRIMARY KEY (lesson, step)
        );
        """,
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1][0] if MIGRATIONS else 1

#: The columns the store reads and writes in each table; a file lacking any is not ours.
_EXPECTED_COLUMNS = {
    "meta": {"key", "value"},
    "steps": {"lesson", "step", "completed_at"},
    "attempts": {
        "id", "lesson", "step", "part", "typed", "value", "verdict", "diagnosis",
        "hints_used", "solution_shown", "at",
    },
}  # fmt: skip
_EXPECTED_TABLES = set(_EXPECTED_COLUMNS)


def _lenient_text(data: bytes) -> str:
    """Decode stored text without failing: a damaged byte shows as � instead of a crash."""
    return data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Attempt:
    """One answer the learner submitted, as stored."""

    lesson: str
    step: str
    part: str
    typed: str
    value: str | None
    verdict: str
    diagnosis: str | None
    hints_used: int
    solution_shown: bool
    at: float


class NewerSchemaError(sqlite3.DatabaseError):
    """The file was written by a newer gd-tutor: readable maybe, but not ours to change."""


def _schema_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    text = "1" if row is None else row[0]
    if not (text.isascii() and text.isdigit() and len(text) < 6) or int(text) < 1:
        raise sqlite3.DatabaseError(f"unknown progress schema {text!r}")
    if int(text) > SCHEMA_VERSION:
        raise NewerSchemaError(f"made by a newer gd-tutor (schema {text})")
    return int(text)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a file up to SCHEMA_VERSION, one step per transaction."""
    for version, sql in MIGRATIONS:
        if _schema_version(db) >= version:
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if _schema_version(db) < version:
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(version),))
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise


class ProgressStore:
    """Completed steps, quiz attempts and where the learner left off."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.notice: str | None = None
        #: Told about problems that happen after opening (the app shows them as notifications).
        self.on_notice: Callable[[str], None] | None = None
        self.in_memory = path is None
        #: When things happen (attempts, completions); tests replace it to simulate days passing.
        self.clock: Callable[[], float] = time.time
        self._db = self._open()

    # -- opening -------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        if self.path is None:
            return self._connect(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return self._fall_back_to_memory(f"cannot create {self.path.parent} ({error.strerror})")
        try:
            return self._connect(str(self.path))
        except NewerSchemaError as error:
            return self._fall_back_to_memory(f"{self.path} was {error}")
        except (sqlite3.OperationalError, OSError) as error:
            # Locked, read-only or missing permissions: the file may be fine, so leave it alone.
            return self._fall_back_to_memory(f"cannot write {self.path} ({error})")
        except sqlite3.DatabaseError:
            moved = self._move_aside()
            try:
                db = self._connect(str(self.path))
            except sqlite3.Error as error:
                return self._fall_back_to_memory(f"cannot use {self.path} ({error})")
            self.notice = (
                f"Your progress file could not be read, so it was moved to {moved.name} "
                "and a fresh one was started."
            )
            return db

    def _connect(self, target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, timeout=5.0, isolation_level=None, check_same_thread=False)
        db.text_factory = _lenient_text
        try:
            db.execute("PRAGMA busy_timeout = 5000")
            tables = {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if tables and not tables >= _EXPECTED_TABLES:
                raise sqlite3.DatabaseError("not a gd-tutor progress database")
            for table in tables & _EXPECTED_TABLES:
                columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                if not columns >= _EXPECTED_COLUMNS[table]:
                    raise sqlite3.DatabaseError(f"table {table} is not a gd-tutor table")
            if "meta" in tables:
                _schema_version(db)
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', '1')")
            _migrate(db)
            # quick_check reports damage as rows of text rather than raising; read them all.
            problems = [row[0] for row in db.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(f"damaged progress file: {problems[0]}")
        except sqlite3.Error:
            db.close()
            raise
        except UnicodeDecodeError as error:
            # A damaged schema makes SQLite's own error message undecodable.
            db.close()
            raise sqlite3.DatabaseError("damaged progress file") from error
        return db

    def _move_aside(self) -> Path:
        assert self.path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{counter}")
            counter += 1
        self.path.replace(target)
        for suffix in ("-journal", "-wal", "-shm"):
            leftover = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                leftover.replace(target.with_name(target.name + suffix))
        return target

    def _fall_back_to_memory(
        self, reason: str, keep: sqlite3.Connection | None = None
    ) -> sqlite3.Connection:
        """Carry on in memory; `keep` is the file's connection whose progress should come along."""
        self.in_memory = True
        self.notice = f"Progress will not be saved this session: {reason}."
        memory = self._connect(":memory:")
        if keep is not None:
            # Reading usually still works when writing fails: keep what the learner has done.
            with contextlib.suppress(sqlite3.Error):
                keep.backup(memory)
        if self.on_notice is not None:
            self.on_notice(self.notice)
        return memory

    # -- writing -------------------------------------------------------------------------------

    def _write(self, sql: str, params: Iterable[object] = ()) -> None:
        try:
            self._db.execute(sql, tuple(params))
        except sqlite3.Error as error:
            if self.in_memory:
                raise
            failed = self._db
            self._db = self._fall_back_to_memory(f"writing failed ({error})", keep=failed)
            with contextlib.suppress(sqlite3.Error):
                failed.close()
            self._db.execute(sql, tuple(params))

    def complete_step(self, lesson: str, step: str) -> None:
        """Mark a step done (idempotent: the first completion time is kept)."""
        self._write(
            "INSERT OR IGNORE INTO steps (lesson, step, completed_at) VALUES (?, ?, ?)",
            (lesson, step, self.clock()),
        )

    def record_attempt(
        self,
        lesson: str,
        step: str,
        part: str,
        typed: str,
        value: object,
        verdict: str,
        diagnosis: str | None = None,
        hints_used: int = 0,
        solution_shown: bool = False,
    ) -> None:
        """Keep every answer the learner submits, right or wrong, with how much help they had."""
        self._write(
            "INSERT INTO attempts (lesson, step, part, typed, value, verdict, diagnosis,"
            " hints_used, solution_shown, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                lesson,
                step,
                part,
                typed,
                None if value is None else str(value),
                verdict,
                diagnosis,
                int(hints_used),
                int(solution_shown),
                self.clock(),
            ),
        )

    def set_position(self, lesson: str, step: str) -> None:
        """Remember where the learner is, for "continue where you left off"."""
        self._write("INSERT OR REPLACE INTO meta VALUES ('position', ?)", (f"{lesson}/{step}",))

    def save_quiz_state(self, lesson: str, step: str, state: dict) -> None:
        """Keep a quiz's working state (drawn numbers, parts answered, hints, typed text)."""
        text = json.dumps(state, ensure_ascii=False)
        self._write(
            "INSERT OR REPLACE INTO quiz_state (lesson, step, state, saved_at) VALUES (?, ?, ?, ?)",
            (lesson, step, text, time.time()),
        )

    def clear_quiz_state(self, lesson: str, step: str) -> None:
        """Forget a quiz's working state (the learner asked for fresh numbers)."""
        self._write("DELETE FROM quiz_state WHERE lesson = ? AND step = ?", (lesson, step))

    def reset(self) -> None:
        """Forget all progress (the command line asks for confirmation first)."""
        self._write("DELETE FROM steps")
        self._write("DELETE FROM attempts")
        self._write("DELETE FROM quiz_state")
        self._write("DELETE FROM meta WHERE key = 'position'")

    # -- reading -------------------------------------------------------------------------------

    def completed_steps(self, lesson: str) -> set[str]:
        rows = self._db.execute("SELECT step FROM steps WHERE lesson = ?", (lesson,))
        return {row[0] for row in rows}

    def position(self) -> tuple[str, str] | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'position'").fetchone()
        if row is None or "/" not in row[0]:
            return None
        lesson, step = row[0].split("/", 1)
        return lesson, step

    def load_quiz_state(self, lesson: str, step: str) -> dict | None:
        """The state saved for a quiz, or None (never saved, cleared, or unreadable)."""
        row = self._db.execute(
            "SELECT state FROM quiz_state WHERE lesson = ? AND step = ?", (lesson, step)
        ).fetchone()
        if row is None:
            return None
        try:
            state = json.loads(row[0])
        except ValueError:
            return None
        return state if isinstance(state, dict) else None

    def attempts(self, lesson: str | None = None, step: str | None = None) -> list[Attempt]:
        sql = (
            "SELECT lesson, step, part, typed, value, verdict, diagnosis, hints_used,"
            " solution_shown, at FROM attempts"
        )
        clauses, params = [], []
        if lesson is not None:
            clauses.append("lesson = ?")
            params.append(lesson)
        if step is not None:
            clauses.append("step = ?")
            params.append(step)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._db.execute(sql + " ORDER BY id", params).fetchall()
        return [Attempt(*row[:8], bool(row[8]), row[9]) for row in rows]

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._db.close()


def lesson_fraction(store: ProgressStore, slug: str, step_ids: Iterable[str]) -> float:
    """Share of a lesson's steps that are done, 0.0 to 1.0."""
    ids = list(step_ids)
    if not ids:
        return 0.0
    done = store.completed_steps(slug) & set(ids)
    return len(done) / len(ids)
