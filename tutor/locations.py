"""Where the tutor keeps the learner's files."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

#: Set this to keep progress somewhere else (tests point it at a temporary directory).
HOME_ENV = "GD_TUTOR_HOME"


def data_dir() -> Path:
    """The directory for the progress database: $GD_TUTOR_HOME, else the platform's data dir."""
    override = os.environ.get(HOME_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return user_data_path("gd-tutor", appauthor=False)


def progress_path() -> Path:
    return data_dir() / "progress.sqlite3"
