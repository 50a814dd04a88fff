"""Fixtures shared by every test: no test may touch the learner's real files or animate."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the progress store at a temporary directory and switch animations off."""
    home = tmp_path / "gd-tutor-home"
    monkeypatch.setenv("GD_TUTOR_HOME", str(home))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return home
