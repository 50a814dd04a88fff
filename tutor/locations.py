"""Where the tutor keeps the learner's files."""

from __future__ import annotations

import os
from pathlib import Path

#: Set this to keep progress and settings somewhere else (tests point it at a temporary directory).
HOME_ENV = "GD_TUTOR_HOME"


def _override() -> Path | None:
    override = os.environ.get(HOME_ENV, "").strip()
    return Path(override).expanduser() if override else None


def data_dir() -> Path:
    """The directory for the progress database: $GD_TUTOR_HOME, else the platform's data dir."""
    from platformdirs import user_data_path

    return _override() or user_data_path("gd-tutor", appauthor=False)


def config_dir() -> Path:
    """The directory for settings: $GD_TUTOR_HOME, else the platform's config dir."""
    from platformdirs import user_config_path

    return _override() or user_config_path("gd-tutor", appauthor=False)


def progress_path() -> Path:
    return data_dir() / "progress.sqlite3"


def settings_path() -> Path:
    return config_dir() / "settings.json"
