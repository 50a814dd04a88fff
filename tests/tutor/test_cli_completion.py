"""Shell completion is generated from the parser and completes in a real shell."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons import LESSONS
from lessons.playground import PROBLEMS
from tutor.cli import ALIASES, build_parser
from tutor.cli_completion import SHELLS, script

ROOT = Path(__file__).resolve().parents[2]


def completion(shell: str, home: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "completion", shell],
        capture_output=True,
        text=True,
        env={"GD_TUTOR_HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def bash_complete(script_text: str, *words: str) -> list[str]:
    """What bash offers after `words` (the last one is being typed), using the script."""
    quoted = " ".join(f"'{word}'" for word in words)
    program = (
        f"{script_text}\n"
        f"COMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}; COMPREPLY=()\n"
        "_gd_tutor\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "--noprofile"],
        input=program,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


def test_bash_completes_commands_options_and_their_values(isolated_home: Path) -> None:
    text = completion("bash", isolated_home)
    assert text.rstrip().endswith("complete -F _gd_tutor gd-tutor")
    top = bash_complete(text, "gd-tutor", "")
    for word in ("--lesson", "--list", "--reset-progress", "--seed", "-V", "playground"):
        assert word in top
    assert bash_complete(text, "gd-tutor", "--l") == ["--lesson", "--list"]
    assert bash_complete(text, "gd-tutor", "pl") == ["playground"]
    lessons = bash_complete(text, "gd-tutor", "--lesson", "")
    assert lessons[:3] == ["1", "2", "3"] and LESSONS[1].slug in lessons
    problems = bash_complete(text, "gd-tutor", "playground", "--problem", "")
    assert problems == list(PROBLEMS)
    assert bash_complete(text, "gd-tutor", "--playground", "--activation", "r") == ["relu"]
    assert "--alpha" in bash_complete(text, "gd-tutor", "playground", "--")
    assert "--alpha" not in top
    assert bash_complete(text, "gd-tutor", "completion", "") == ["-h", "--help", *SHELLS]
    assert bash_complete(text, "gd-tutor", "--seed", "") == []


@pytest.mark.parametrize("shell", SHELLS)
def test_every_option_of_the_parser_is_in_every_script(isolated_home: Path, shell: str) -> None:
    text = completion(shell, isolated_home)
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for each in (parser, *commands.values()):
        for option in each._option_string_actions:
            assert option.lstrip("-") in text, (shell, option)
    for name in commands:
        assert name in text
    for problem in PROBLEMS:
        assert problem in text


@pytest.mark.parametrize("shell", SHELLS)
def test_a_new_subcommand_completes_without_touching_the_scripts(shell: str) -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    quiz = commands.add_parser("flashcards", help="a command the scripts have never seen")
    quiz.add_argument("--due", choices=["today", "week"], help="which quizzes")
    text = script(shell, parser, ALIASES)
    assert "flashcards" in text and "today week" in text


@pytest.mark.parametrize(("shell", "check"), [("zsh", ["zsh", "-n"]), ("fish", ["fish", "-n"])])
def test_zsh_and_fish_scripts_parse_in_their_shell(
    isolated_home: Path, tmp_path: Path, shell: str, check: list[str]
) -> None:
    text = completion(shell, isolated_home)
    if shell == "zsh":
        assert text.startswith("#compdef gd-tutor\n")
        assert "_arguments" in text and "_describe command commands" in text
    else:
        assert "complete -c gd-tutor -f\n" in text
        assert "__fish_seen_subcommand_from playground --playground" in text
    assert text.count("'") % 2 == 0 or "\\'" in text
    if shutil.which(check[0]) is None:
        return  # the shell is not installed here; the checks above still ran
    path = tmp_path / f"gd-tutor.{shell}"
    path.write_text(text)
    result = subprocess.run([*check, str(path)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_unknown_shell_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="choose one of bash, zsh, fish"):
        script("tcsh", build_parser(), ALIASES)
    assert isinstance(build_parser(), argparse.ArgumentParser)
