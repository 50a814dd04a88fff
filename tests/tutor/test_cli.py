"""The command line, run as a learner runs it: in a separate process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from lessons import LESSONS
from tutor.progress import ProgressStore


def run_cli(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        env={"GD_TUTOR_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
        check=False,
    )


def test_list_prints_lessons_in_lecture_order_with_progress(isolated_home: Path) -> None:
    store = ProgressStore(isolated_home / "progress.sqlite3")
    first = LESSONS[0]
    store.complete_step(first.slug, first.steps[0].id)
    store.close()

    result = run_cli("--list", home=isolated_home)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert [line.split(".")[0] for line in lines] == ["1", "2", "3"]
    for line, code in zip(lines, ["C1W2L04", "C1W2L09", "C1W3L09"], strict=True):
        assert code in line
    assert f"1/{len(first.steps)} steps" in lines[0]
    assert "0/" in lines[1]


def test_version(isolated_home: Path) -> None:
    result = run_cli("--version", home=isolated_home)
    assert result.returncode == 0
    assert result.stdout.startswith("gd-tutor ")


def test_help_names_every_option(isolated_home: Path) -> None:
    result = run_cli("--help", home=isolated_home)
    assert result.returncode == 0
    for option in ("--lesson", "--list", "--reset-progress", "--yes", "--seed", "--version", "-V"):
        assert option in result.stdout
    for command in ("playground", "completion"):
        assert command in result.stdout


def test_bad_arguments_get_one_line_and_status_2(isolated_home: Path) -> None:
    for args in (["--bogus"], ["--lesson", "9"], ["--seed", "abc"], ["--seed", "-3"], ["--yes"]):
        result = run_cli(*args, home=isolated_home)
        assert result.returncode == 2, args
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("gd-tutor: error:")


def test_reset_asks_first_and_yes_skips_the_question(isolated_home: Path) -> None:
    path = isolated_home / "progress.sqlite3"
    store = ProgressStore(path)
    store.complete_step("gradient-descent", "recap")
    store.close()

    declined = run_cli("--reset-progress", home=isolated_home, stdin="n\n")
    assert declined.returncode == 0 and "Nothing was reset" in declined.stdout
    assert ProgressStore(path).completed_steps("gradient-descent") == {"recap"}

    confirmed = run_cli("--reset-progress", home=isolated_home, stdin="y\n")
    assert confirmed.returncode == 0
    assert ProgressStore(path).completed_steps("gradient-descent") == set()

    ProgressStore(path).complete_step("gradient-descent", "recap")
    forced = run_cli("--reset-progress", "--yes", home=isolated_home)
    assert forced.returncode == 0
    assert ProgressStore(path).completed_steps("gradient-descent") == set()


def test_reset_without_an_answer_resets_nothing(isolated_home: Path) -> None:
    path = isolated_home / "progress.sqlite3"
    ProgressStore(path).complete_step("gradient-descent", "recap")
    result = run_cli("--reset-progress", home=isolated_home, stdin="")
    assert result.returncode == 0 and "Nothing was reset" in result.stdout
    assert ProgressStore(path).completed_steps("gradient-descent") == {"recap"}


def test_playground_help_lists_its_own_options(isolated_home: Path) -> None:
    result = run_cli("playground", "--help", home=isolated_home)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: gd-tutor playground")
    for option in ("--problem", "--alpha", "--iterations", "--w0", "--b0", "--n1", "--activation"):
        assert option in result.stdout
    for option in ("--init", "--seed", "--help"):
        assert option in result.stdout
    for problem in ("convex", "non-convex", "logistic-2d", "blobs", "flower"):
        assert problem in result.stdout
    alias = run_cli("--playground", "--help", home=isolated_home)
    assert alias.returncode == 0 and alias.stdout == result.stdout


def test_bad_playground_settings_get_one_line_and_status_2(isolated_home: Path) -> None:
    for args in (["--alpha", "-1"], ["--problem", "nope"], ["--n1", "0"], ["--alpha", "fast"]):
        result = run_cli("--playground", *args, home=isolated_home)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert result.stderr.startswith("gd-tutor: error:")
    for args in (["--alpha", "-1"], ["--problem", "convex", "--n1", "3"]):
        result = run_cli("playground", *args, home=isolated_home)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and "gd-tutor playground --help" in result.stderr
    stray = run_cli("--alpha", "0.1", home=isolated_home)
    assert stray.returncode == 2 and "gd-tutor playground --alpha" in stray.stderr
