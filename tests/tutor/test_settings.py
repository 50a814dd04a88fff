"""Preferences survive a restart; a damaged or unwritable settings file costs nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutor.app import GDTutorApp
from tutor.locations import settings_path
from tutor.settings import Settings


def test_a_setting_is_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    settings = Settings(path)
    assert settings.get("theme") is None and settings.notice is None
    assert settings.set("theme", "nord")
    assert json.loads(path.read_text()) == {"theme": "nord"}
    assert Settings(path).get("theme") == "nord"
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary files left


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'"theme"', b"{" + b" " * 70_000 + b"}"],
)
def test_a_damaged_file_is_ignored_with_a_notice_and_replaced(tmp_path: Path, content) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    settings = Settings(path)
    assert settings.get("theme") is None
    assert settings.notice is not None and "could not be read" in settings.notice
    assert settings.set("theme", "gruvbox")
    assert Settings(path).get("theme") == "gruvbox" and Settings(path).notice is None


def test_unknown_keys_and_wrong_types_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": 7, "colour": "red"}))
    settings = Settings(path)
    assert settings.get("theme") is None and settings.notice is None
    with pytest.raises(ValueError):
        settings.set("colour", "red")


def test_an_unwritable_place_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings = Settings(blocker / "settings.json")
    told: list[str] = []
    settings.on_notice = told.append
    assert settings.set("theme", "nord") is False
    assert settings.get("theme") == "nord"  # kept for this session
    assert told and "will not be saved" in told[0]


def test_settings_live_in_gd_tutor_home_when_it_is_set(isolated_home: Path) -> None:
    assert settings_path() == isolated_home / "settings.json"


async def test_a_theme_chosen_in_the_palette_survives_a_restart(isolated_home: Path) -> None:
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.theme != "dracula"
        await pilot.press("ctrl+p")
        await pilot.press(*"theme")
        await pilot.pause()
        await pilot.press("enter")  # "Theme: change the current theme"
        await pilot.pause()
        await pilot.press(*"dracula")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "dracula"

    again = GDTutorApp(demos_start_paused=True)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "dracula"


async def test_an_unknown_saved_theme_falls_back_to_the_default(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "settings.json").write_text('{"theme": "no-such-theme"}')
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme in app.available_themes and app.theme != "no-such-theme"


async def test_a_damaged_settings_file_is_reported_in_the_app(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "settings.json").write_text("{oops")
    app = GDTutorApp(demos_start_paused=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("settings" in str(n.message) for n in app._notifications)
