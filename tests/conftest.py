"""Fixtures shared by every test: no test may touch the learner's real files or animate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tutor.app import GDTutorApp


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the progress store at a temporary directory and switch animations off."""
    home = tmp_path / "gd-tutor-home"
    monkeypatch.setenv("GD_TUTOR_HOME", str(home))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return home


@pytest.fixture
def make_app() -> Callable[..., GDTutorApp]:
    """Build the app as tests need it: demos start paused (nothing animates on its own);
    keyword arguments (lesson="2", seed=5, …) pass through to `GDTutorApp`."""

    def build(**options: Any) -> GDTutorApp:
        options.setdefault("demos_start_paused", True)
        return GDTutorApp(**options)

    return build


@pytest.fixture
def app(make_app: Callable[..., GDTutorApp]) -> GDTutorApp:
    """The app on its home screen, demos paused, progress in the test's own directory."""
    return make_app()
