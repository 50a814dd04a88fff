"""The learner's progress, kept in SQLite, that survives every fault the file system can throw.

How it holds up:

- **Two copies.** Everything the learner does goes first into an in-memory copy (the *session*)
  and then into the file. Reads come from the file while it is healthy (so two tutors see each
  other's work) and from the session otherwise, so a read never fails and never waits long.
- **Short, bounded waits.** The file is in WAL mode (readers and the writer overlap) and a write
  waits at most `WRITE_WAIT_MS` for a lock. Writes run on the event loop on purpose: a commit in
  WAL mode is a few hundred microseconds, and a bounded wait keeps the UI within a frame or two
  while every answer stays in order and the code stays free of threads (a writer thread would have
  to be joined at quit, the very place a stuck lock must not stall).
- **Nothing is dropped.** A write that fails (locked, disk full, file gone, read-only) stays queued
  and is retried with the next write, on the app's timer (`retry()`) and at quit (`close()`). What
  is still unsaved at quit goes to a rescue file beside the store, added back the next time the
  store opens; `unsaved_report` names anything that could not be kept, with the path to fix.
- **The file is ours or untouched.** A file deleted or replaced while the tutor runs is written
  again from the session (merged into a replacement that is a progress file). Nothing is written
  through a symbolic link or into anything but a regular file. A file that is not a readable
  progress database is moved aside (never deleted) and a fresh one started. A file from a newer
  gd-tutor is left alone.
- **One migration path.** `MIGRATIONS` is an ordered list of schema steps (see below).

SIGKILL loses at most the write in flight: each flush is one SQLite transaction.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
import time
import urllib.parse
from collections import Counter
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
#: one step; never edit or reorder a step that has shipped. A new table should have a primary key
#: (the session is merged into a replaced file with INSERT OR REPLACE) and its writes an entry in
#: `_OPERATIONS`.
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

#: Every write the store makes, by name: the queue and the rescue file hold (name, parameters),
#: never SQL, so a rescue file can only ever replay these statements.
_OPERATIONS: dict[str, tuple[str, ...]] = {
    "step": ("INSERT OR IGNORE INTO steps (lesson, step, completed_at) VALUES (?, ?, ?)",),
    "attempt": (
        "INSERT INTO attempts (lesson, step, part, typed, value, verdict, diagnosis,"
        " hints_used, solution_shown, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    "position": ("INSERT OR REPLACE INTO meta VALUES ('position', ?)",),
    "quiz_state": (
        "INSERT OR REPLACE INTO quiz_state (lesson, step, state, saved_at) VALUES (?, ?, ?, ?)",
    ),
    "clear_quiz_state": ("DELETE FROM quiz_state WHERE lesson = ? AND step = ?",),
    "reset": (
        "DELETE FROM steps",
        "DELETE FROM attempts",
        "DELETE FROM quiz_state",
        "DELETE FROM meta WHERE key = 'position'",
    ),
}

#: How the learner hears about unsaved operations of each kind.
_WHAT = {
    "attempt": ("answer", "answers"),
    "step": ("completed step", "completed steps"),
    "quiz_state": ("quiz in progress", "quizzes in progress"),
    "clear_quiz_state": ("fresh quiz", "fresh quizzes"),
    "reset": ("reset", "resets"),
    "position": ("your place in a lesson", "your place in a lesson"),
}

#: The columns the store reads and writes in the version-1 tables; a file lacking any is not ours.
_EXPECTED_COLUMNS = {
    "meta": {"key", "value"},
    "steps": {"lesson", "step", "completed_at"},
    "attempts": {
        "id", "lesson", "step", "part", "typed", "value", "verdict", "diagnosis",
        "hints_used", "solution_shown", "at",
    },
}  # fmt: skip
_EXPECTED_TABLES = set(_EXPECTED_COLUMNS)

#: Longest wait for a lock while the app runs (a frame or two), when opening, and at quit.
WRITE_WAIT_MS = 30
OPEN_WAIT_MS = 250
QUIT_WAIT_S = 0.5

_RESCUE_GLOB = ".unsaved-*.json"


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
    """The file was written by a newer gd-tutor: not ours to change."""


class StoreUnavailable(RuntimeError):
    """The progress file cannot be used right now; the message says why, for the learner."""


def _schema_version(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    text = "1" if row is None else row[0]
    if not (text.isascii() and text.isdigit() and len(text) < 6) or int(text) < 1:
        raise sqlite3.DatabaseError(f"unknown progress schema {text!r}")
    if int(text) > SCHEMA_VERSION:
        raise NewerSchemaError(f"made by a newer gd-tutor (schema {text})")
    return int(text)


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a database up to SCHEMA_VERSION, one step per transaction."""
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


def _prepare(db: sqlite3.Connection) -> None:
    """Check that `db` is a gd-tutor progress database (or empty), then create and migrate it."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if tables and not tables >= _EXPECTED_TABLES:
        raise sqlite3.DatabaseError("not a gd-tutor progress database")
    for table in tables & _EXPECTED_TABLES:
        columns = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if not columns >= _EXPECTED_COLUMNS[table]:
            raise sqlite3.DatabaseError(f"table {table} is not a gd-tutor table")
    if "meta" in tables:
        _schema_version(db)
    # Write only what is missing: a file that is already right opens without a write lock.
    if not tables >= _EXPECTED_TABLES:
        db.executescript(_SCHEMA)
    if db.execute("SELECT 1 FROM meta WHERE key = 'schema'").fetchone() is None:
        db.execute("INSERT OR IGNORE INTO meta VALUES ('schema', '1')")
    _migrate(db)


def _memory() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    db.text_factory = _lenient_text
    _prepare(db)
    return db


def _run(db: sqlite3.Connection, name: str, params: tuple) -> None:
    for sql in _OPERATIONS[name]:
        db.execute(sql, params if "?" in sql else ())


def _reason(error: BaseException) -> str:
    """A short, learner-readable cause."""
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "the disk is full"
        return error.strerror or str(error)
    text = str(error)
    if "locked" in text or "busy" in text:
        return "another program is using the file"
    if "disk is full" in text or "disk I/O" in text:
        return "the disk is full" if "full" in text else "the disk reported an error"
    if "readonly" in text:
        return "the file cannot be written"
    return text


class ProgressStore:
    """Completed steps, quiz attempts, quiz state and where the learner left off."""

    #: Fault-injection seam: called with the operation names just before each commit to the
    #: file; raise (e.g. OSError(errno.ENOSPC, ...)) to make that commit fail like a full disk.
    fault: Callable[[list[str]], None] | None = None

    def __init__(self, path: Path | None) -> None:
        self.path = None if path is None else Path(os.path.abspath(path))
        self.notice: str | None = None
        #: Told about problems that happen after opening (the app shows them as notifications).
        self.on_notice: Callable[[str], None] | None = None
        #: When things happen (attempts, completions); tests replace it to simulate days passing.
        self.clock: Callable[[], float] = time.time
        #: After close(): what could not be saved, where it went, and what to fix; else None.
        self.unsaved_report: str | None = None
        self._session = _memory()
        self._file: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._pending: list[tuple[str, tuple]] = []
        self._loaded = path is None  # the session holds the file's content
        self._needs_merge = False  # the file was lost: the whole session goes into the next one
        self._problem: str | None = None  # why the file is not being written, while it is not
        self._permanent = False  # the problem cannot clear by itself (link, newer schema)
        self._closed = False
        if self.path is not None:
            try:
                self._attach(OPEN_WAIT_MS)
                self._load()
            except (sqlite3.Error, OSError, StoreUnavailable) as error:
                self._close_file()
                self._problem = self._describe(error)
                self.notice = self._problem_notice()
            else:
                self._replay_rescues()

    # -- state -----------------------------------------------------------------------------------

    @property
    def in_memory(self) -> bool:
        """True while progress lives only in this session (not yet, or not any more, on disk)."""
        return self.path is None or self._problem is not None

    @property
    def loaded(self) -> bool:
        """False while there is a progress file whose content could not be read yet (locked at
        start: a later retry reads it); until then the session's figures are not the learner's."""
        if self._loaded or self.path is None:
            return True
        try:
            os.lstat(self.path)
        except OSError:
            return True  # no file there (or no way to one): nothing of the learner's is unread
        return False

    @property
    def pending(self) -> int:
        """How many writes are waiting for the file."""
        return len(self._pending)

    def _describe(self, error: BaseException) -> str:
        if isinstance(error, StoreUnavailable):
            return str(error)
        if isinstance(error, NewerSchemaError):
            self._permanent = True
            return f"{self.path} was {error}; it is left as it is"
        return f"cannot use {self.path} ({_reason(error)})"

    def _problem_notice(self) -> str:
        return (
            f"Progress will not be saved for now: {self._problem}. What you do is kept in this "
            "session and saved as soon as the file can be written."
        )

    def _tell(self, message: str) -> None:
        self.notice = message
        if self.on_notice is not None:
            with contextlib.suppress(Exception):
                self.on_notice(message)

    # -- the file --------------------------------------------------------------------------------

    def _lstat(self, path: Path) -> os.stat_result | None:
        try:
            return os.lstat(path)
        except FileNotFoundError:
            return None

    def _attach(self, wait_ms: int, *, fresh_notice: bool = True) -> None:
        """Open the file for writing, creating it if needed; never through a link."""
        assert self.path is not None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreUnavailable(
                f"cannot create {self.path.parent} ({_reason(error)})"
            ) from error
        for suffix in ("", "-wal", "-shm", "-journal"):
            found = self._lstat(self.path.with_name(self.path.name + suffix))
            if found is None:
                continue
            if stat.S_ISLNK(found.st_mode):
                self._permanent = True
                raise StoreUnavailable(
                    f"{self.path}{suffix} is a symbolic link, and gd-tutor never writes through "
                    "links (replace it with the file itself, or set GD_TUTOR_HOME)"
                )
            if not stat.S_ISREG(found.st_mode):
                self._permanent = True
                raise StoreUnavailable(f"{self.path}{suffix} is not a regular file")
        if self._lstat(self.path) is None:
            with contextlib.suppress(FileExistsError):
                os.close(
                    os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
                )
        before = os.lstat(self.path)
        db = self._connect(wait_ms)
        try:
            after = self._lstat(self.path)
            same = after is not None and (after.st_dev, after.st_ino) == (
                before.st_dev,
                before.st_ino,
            )
            if not stat.S_ISREG(before.st_mode) or not same:
                raise StoreUnavailable(f"{self.path} changed while it was being opened")
            # quick_check reports damage as rows of text rather than raising; read them all.
            problems = [row[0] for row in db.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise sqlite3.DatabaseError(f"damaged progress file: {problems[0]}")
            _prepare(db)
            with contextlib.suppress(sqlite3.Error):
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as error:
            db.close()
            if isinstance(error, sqlite3.OperationalError | NewerSchemaError):
                raise
            moved = self._move_aside()
            if fresh_notice:
                self._tell(
                    f"Your progress file could not be read, so it was moved to {moved.name} "
                    "and a fresh one was started."
                )
            self._attach(wait_ms, fresh_notice=False)
            return
        except UnicodeDecodeError:
            # A damaged schema makes SQLite's own error message undecodable.
            db.close()
            moved = self._move_aside()
            self._tell(
                f"Your progress file could not be read, so it was moved to {moved.name} "
                "and a fresh one was started."
            )
            self._attach(wait_ms, fresh_notice=False)
            return
        except BaseException:
            db.close()
            raise
        self._file = db
        self._identity = (before.st_dev, before.st_ino)
        self._permanent = False

    def _connect(self, wait_ms: int) -> sqlite3.Connection:
        assert self.path is not None
        uri = "file:" + urllib.parse.quote(str(self.path)) + "?mode=rw"
        db = sqlite3.connect(
            uri, uri=True, timeout=wait_ms / 1000, isolation_level=None, check_same_thread=False
        )
        db.text_factory = _lenient_text
        db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        return db

    def _load(self) -> None:
        """Make the session a copy of the file."""
        assert self._file is not None
        self._file.backup(self._session)
        self._loaded = True
        # From now on reads from the file wait no longer than writes do.
        self._file.execute(f"PRAGMA busy_timeout = {WRITE_WAIT_MS}")

    def _close_file(self) -> None:
        if self._file is not None:
            with contextlib.suppress(sqlite3.Error):
                self._file.close()
        self._file = None
        self._identity = None

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

    def _still_ours(self) -> bool:
        """False when the file was deleted or replaced since it was opened (then it is let go)."""
        assert self.path is not None
        now = self._lstat(self.path)
        if now is not None and (now.st_dev, now.st_ino) == self._identity:
            return True
        self._close_file()
        if now is None or stat.S_ISREG(now.st_mode):
            # SQLite keeps the old file's journal when the file was renamed or deleted under it;
            # the next file at this path would read it as its own: move it out of the way.
            for suffix in ("-wal", "-shm", "-journal"):
                leftover = self.path.with_name(self.path.name + suffix)
                if self._lstat(leftover) is not None:
                    with contextlib.suppress(OSError):
                        leftover.replace(leftover.with_name(f"{leftover.name}.old-{os.getpid()}"))
        return False

    # -- writing ---------------------------------------------------------------------------------

    def _do(self, name: str, params: tuple) -> None:
        _run(self._session, name, params)
        if self.path is None or self._closed:
            return
        self._pending.append((name, params))
        self.flush(WRITE_WAIT_MS)

    def flush(self, wait_ms: int = WRITE_WAIT_MS, *, verify: bool = False) -> bool:
        """Write what is queued to the file; True when nothing is left unsaved. Never raises.

        With `verify`, also make sure the file is still the one written to (at quit).
        """
        if self.path is None:
            return True
        idle = not self._pending and self._loaded and not self._needs_merge
        if idle and self._file is not None and not verify:
            return True
        try:
            if self._file is not None and not self._still_ours():
                self._needs_merge = self._loaded
                what = "deleted" if self._lstat(self.path) is None else "replaced"
                self._tell(
                    f"Your progress file {self.path} was {what} while gd-tutor was running; "
                    "it is being written again from this session."
                )
            elif idle and self._file is not None:
                return True
            if self._file is None:
                self._attach(wait_ms)
            db = self._file
            assert db is not None
            db.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            db.execute("BEGIN IMMEDIATE")
            try:
                if self._needs_merge:
                    self._merge_session_into(db)
                else:
                    for name, params in self._pending:
                        _run(db, name, params)
                if self.fault is not None:
                    self.fault([name for name, _ in self._pending])
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError, StoreUnavailable) as error:
            problem = self._describe(error)
            if self._problem is None:
                self._problem = problem
                self._tell(self._problem_notice())
            self._problem = problem
            return False
        self._pending.clear()
        self._needs_merge = False
        if not self._loaded:
            with contextlib.suppress(sqlite3.Error):
                self._load()
                self._replay_rescues()
        if self._problem is not None:
            self._problem = None
            self._tell(f"Progress is being saved again to {self.path}; nothing was lost.")
        return True

    def retry(self) -> None:
        """Called on a timer by the app: save what is queued again (cheap when nothing is)."""
        if self._pending or not self._loaded or self._problem is not None:
            self.flush(WRITE_WAIT_MS)

    def _merge_session_into(self, db: sqlite3.Connection) -> None:
        """Add everything the session holds to `db` (a recreated or replacement file)."""
        session = self._session
        columns = "lesson, step, part, typed, value, verdict, diagnosis, hints_used, "
        columns += "solution_shown, at"
        for row in session.execute(f"SELECT {columns} FROM attempts ORDER BY id"):
            db.execute(
                f"INSERT INTO attempts ({columns}) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
                "WHERE NOT EXISTS (SELECT 1 FROM attempts WHERE lesson = ? AND step = ? "
                "AND part = ? AND typed = ? AND at = ?)",
                (*row, row[0], row[1], row[2], row[3], row[9]),
            )
        tables = [
            row[0]
            for row in session.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if row[0] not in {"attempts", "sqlite_sequence"}
        ]
        for table in tables:
            rows = session.execute(f"SELECT * FROM {table}").fetchall()
            if table == "meta":
                rows = [row for row in rows if row[0] != "schema"]
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)

    def _session_operations(self) -> list[tuple[str, tuple]]:
        """The session's content as operations (for a rescue file when the file itself is lost)."""
        session = self._session
        operations: list[tuple[str, tuple]] = [
            ("step", tuple(row))
            for row in session.execute("SELECT lesson, step, completed_at FROM steps")
        ]
        operations += [
            ("attempt", tuple(row))
            for row in session.execute(
                "SELECT lesson, step, part, typed, value, verdict, diagnosis, hints_used,"
                " solution_shown, at FROM attempts ORDER BY id"
            )
        ]
        operations += [
            ("quiz_state", tuple(row))
            for row in session.execute("SELECT lesson, step, state, saved_at FROM quiz_state")
        ]
        operations += [
            ("position", (row[0],))
            for row in session.execute("SELECT value FROM meta WHERE key = 'position'")
        ]
        return operations

    # -- rescue files ----------------------------------------------------------------------------

    def _rescue_files(self) -> list[Path]:
        assert self.path is not None
        return sorted(self.path.parent.glob(self.path.name + _RESCUE_GLOB))

    def _write_rescue(self) -> Path | None:
        assert self.path is not None
        target = self.path.with_name(
            f"{self.path.name}.unsaved-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.json"
        )
        data = json.dumps({"version": 1, "operations": self._pending}, ensure_ascii=False)
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            try:
                view = memoryview(data.encode("utf-8"))
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            with contextlib.suppress(OSError):
                target.unlink()
            return None
        return target

    def _replay_rescues(self) -> None:
        """Add the writes a previous session could not save (each file exactly once)."""
        if self._file is None:
            return
        for rescue in self._rescue_files():
            key = f"replayed:{rescue.name}"
            try:
                if os.path.islink(rescue) or rescue.stat().st_size > 50_000_000:
                    continue
                operations = json.loads(rescue.read_text(encoding="utf-8"))["operations"]
                valid = [
                    (name, tuple(params))
                    for name, params in operations
                    if name in _OPERATIONS and isinstance(params, list)
                ]
                db = self._file
                db.execute("BEGIN IMMEDIATE")
                try:
                    if db.execute("SELECT 1 FROM meta WHERE key = ?", (key,)).fetchone() is None:
                        for name, params in valid:
                            _run(db, name, params)
                        db.execute("INSERT INTO meta VALUES (?, ?)", (key, str(time.time())))
                    db.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        db.execute("ROLLBACK")
                    raise
                for name, params in valid:
                    _run(self._session, name, params)
                rescue.unlink()
                self._tell(
                    f"Progress a previous session could not save was added from {rescue.name}."
                )
            except (OSError, ValueError, KeyError, TypeError, sqlite3.Error):
                continue  # left in place; tried again next time

    # -- the public writes -----------------------------------------------------------------------

    def complete_step(self, lesson: str, step: str) -> None:
        """Mark a step done (idempotent: the first completion time is kept)."""
        self._do("step", (lesson, step, self.clock()))

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
        self._do(
            "attempt",
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
        self._do("position", (f"{lesson}/{step}",))

    def save_quiz_state(self, lesson: str, step: str, state: dict) -> None:
        """Keep a quiz's working state (drawn numbers, parts answered, hints, typed text)."""
        text = json.dumps(state, ensure_ascii=False)
        self._do("quiz_state", (lesson, step, text, time.time()))

    def clear_quiz_state(self, lesson: str, step: str) -> None:
        """Forget a quiz's working state (the learner asked for fresh numbers)."""
        self._do("clear_quiz_state", (lesson, step))

    def reset(self) -> None:
        """Forget all progress (the command line asks for confirmation first)."""
        self._do("reset", ())

    def require_saved(self) -> None:
        """Raise StoreUnavailable unless everything so far is in the file (for the commands).

        On failure the queued writes are dropped: a command that says it did nothing did nothing.
        """
        if self.path is None:
            return
        if not self.flush(OPEN_WAIT_MS) or self._problem is not None:
            # A refused command must leave no trace: nothing queued survives into a rescue file.
            self._pending.clear()
            self._needs_merge = False
            raise StoreUnavailable(f"could not use the progress file {self.path}: {self._cause()}")

    # -- reading ---------------------------------------------------------------------------------

    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        params = tuple(params)
        if self._file is not None and self._loaded and not self._pending and not self._problem:
            try:
                return self._file.execute(sql, params).fetchall()
            except sqlite3.Error:
                pass
        try:
            return self._session.execute(sql, params).fetchall()
        except sqlite3.Error:
            return []

    def completed_steps(self, lesson: str) -> set[str]:
        return {row[0] for row in self._read("SELECT step FROM steps WHERE lesson = ?", (lesson,))}

    def position(self) -> tuple[str, str] | None:
        rows = self._read("SELECT value FROM meta WHERE key = 'position'")
        if not rows or "/" not in rows[0][0]:
            return None
        lesson, step = rows[0][0].split("/", 1)
        return lesson, step

    def load_quiz_state(self, lesson: str, step: str) -> dict | None:
        """The state saved for a quiz, or None (never saved, cleared, or unreadable)."""
        rows = self._read(
            "SELECT state FROM quiz_state WHERE lesson = ? AND step = ?", (lesson, step)
        )
        if not rows:
            return None
        try:
            state = json.loads(rows[0][0])
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
        rows = self._read(sql + " ORDER BY id", params)
        return [
            Attempt(
                lesson=row[0],
                step=row[1],
                part=row[2],
                typed=row[3],
                value=row[4],
                verdict=row[5],
                diagnosis=row[6],
                hints_used=row[7],
                solution_shown=bool(row[8]),
                at=row[9],
            )
            for row in rows
        ]

    # -- closing ---------------------------------------------------------------------------------

    def close(self) -> None:
        """Save what is queued (waiting at most QUIT_WAIT_S), keep the rest in a rescue file.

        Idempotent. Afterwards `unsaved_report` says what could not be saved, if anything.
        """
        if self._closed:
            return
        self._closed = True
        if self.path is not None:
            deadline = time.monotonic() + QUIT_WAIT_S
            # Verified: a file deleted or replaced with nothing queued is still written again.
            while not self.flush(200, verify=True):
                if time.monotonic() >= deadline or self._permanent:
                    break
                time.sleep(0.05)
            if self._pending or self._needs_merge:
                self._report_unsaved()
        self._close_file()
        with contextlib.suppress(sqlite3.Error):
            self._session.close()

    def _cause(self) -> str:
        """The current problem without the path (for sentences that name the path already)."""
        problem = self._problem or "unknown error"
        prefix = f"cannot use {self.path} ("
        if problem.startswith(prefix) and problem.endswith(")"):
            return problem[len(prefix) : -1]
        return problem

    def _report_unsaved(self) -> None:
        if self._needs_merge:
            # The file was lost: everything the session holds is what is unsaved.
            self._pending = self._session_operations()
        counts = Counter(name for name, _ in self._pending)
        parts = []
        for name, (one, many) in _WHAT.items():
            if name in counts:
                parts.append(
                    one
                    if name == "position"
                    else f"{counts[name]} {(one, many)[counts[name] != 1]}"
                )
        what = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        rescue = self._write_rescue()
        assert self.path is not None
        if rescue is not None:
            self.unsaved_report = (
                f"gd-tutor could not save {what} to {self.path} ({self._cause()}). They are kept "
                f"in {rescue} and will be added the next time gd-tutor can use its progress file."
            )
        else:
            self.unsaved_report = (
                f"gd-tutor could not save {what} to {self.path} ({self._cause()}), nor keep them "
                f"beside it: they are lost. Fix {self.path.parent} (free space, permissions) "
                "before the next session."
            )


def lesson_fraction(store: ProgressStore, slug: str, step_ids: Iterable[str]) -> float:
    """Share of a lesson's steps that are done, 0.0 to 1.0."""
    ids = list(step_ids)
    if not ids:
        return 0.0
    done = store.completed_steps(slug) & set(ids)
    return len(done) / len(ids)
