"""Where the tutor keeps the learner's files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

#: Set this to keep progress somewhere else (tests point it at a temporary directory).
HOME_ENV = "GD_TUTOR_HOME"


#: A relative $GD_TUTOR_HOME, resolved once per process (against the directory at launch).
_resolved: dict[str, Path] = {}


def data_dir() -> Path:
    """The directory for the progress database: $GD_TUTOR_HOME, else the platform's data dir.

    A relative $GD_TUTOR_HOME is resolved once, against the directory gd-tutor was started in,
    and kept for the whole run (`relative_home_note()` says so to the learner).
    """
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        if override not in _resolved:
            _resolved[override] = Path(os.path.abspath(Path(override).expanduser()))
        return _resolved[override]
    return user_data_path("gd-tutor", appauthor=False)


def relative_home_note() -> str | None:
    """A sentence for the learner when $GD_TUTOR_HOME is a relative path, else None."""
    override = os.environ.get(HOME_ENV, "").strip()
    if not override or Path(override).expanduser().is_absolute():
        return None
    return (
        f"{HOME_ENV}={override} is a relative path: progress is kept in {data_dir()} for this "
        "run. Set it to an absolute path to use the same place from every directory."
    )


def progress_path() -> Path:
    return data_dir() / "progress.sqlite3"
