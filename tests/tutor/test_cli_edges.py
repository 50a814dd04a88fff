"""The command line at the edges, each in its own process as a shell would run it.

A closed pipe, a full disk, an ASCII-only stdout, no terminal, a terminal that cannot show the app,
two things asked at once, and another project's package standing in for one of ours: each ends
with at most one clear line and the right exit status, never a traceback or a hang.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def environment(home: Path, **extra: str) -> dict[str, str]:
    return {
        "GD_TUTOR_HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "TERM": "xterm-256color",
        **extra,
    }


def gd_tutor(
    *args: str,
    home: Path,
    stdin: object = subprocess.DEVNULL,
    stdout: object = subprocess.PIPE,
    module: str = "tutor",
    cwd: Path = ROOT,
    **extra: str,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        stdin=stdin,
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment(home, **extra),
        cwd=cwd,
        timeout=60,
        check=False,
    )


# -- output that cannot be written -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["--list"], ["--help"], ["playground", "--help"], ["-V"], ["completion", "zsh"]]
)
def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status(isolated_home: Path, args) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before gd-tutor writes, as in `gd-tutor … | true`
    try:
        result = gd_tutor(*args, home=isolated_home, stdout=writer)
    finally:
        os.close(writer)
    assert result.returncode == 141, result.stderr
    assert result.stderr == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
@pytest.mark.parametrize("args", [["--list"], ["--help"], ["completion", "bash"], ["--version"]])
def test_a_full_disk_is_one_line_and_status_1(isolated_home: Path, args) -> None:
    with open("/dev/full", "wb") as full:
        result = gd_tutor(*args, home=isolated_home, stdout=full)
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "gd-tutor: error: could not write the output: No space left on device\n"
    )


# -- output that cannot be Unicode -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--list"],
        ["--help"],
        ["playground", "--help"],
        ["--playground", "--help"],
        ["--lesson", "9"],
    ],
)
def test_an_ascii_stdout_gets_ascii_spellings(isolated_home: Path, args) -> None:
    result = gd_tutor(*args, home=isolated_home, PYTHONIOENCODING="ascii")
    assert b"Traceback" not in result.stderr
    assert result.returncode == (2 if args[0] == "--lesson" else 0), result.stderr
    text = result.stdout.decode("ascii") + result.stderr.decode("ascii")  # raises if not ASCII
    if args[0] == "--list":
        assert "[gradient-descent] - 0/" in text
    if "playground" in args[0]:
        assert "J(w) = (w - 2)^2 + 1" in text and "learning rate alpha" in text


def test_unicode_is_kept_where_the_stream_can_show_it(isolated_home: Path) -> None:
    result = gd_tutor("--list", home=isolated_home, PYTHONIOENCODING="utf-8")
    assert "[gradient-descent] — 0/" in result.stdout.decode("utf-8")


# -- the interactive app needs a terminal ----------------------------------------------------------


def test_without_a_terminal_the_app_says_so_instead_of_hanging(
    isolated_home: Path, tmp_path: Path
) -> None:
    with open(tmp_path / "out", "wb") as out:  # gd-tutor </dev/null >file
        result = gd_tutor(home=isolated_home, stdout=out)
    assert result.returncode == 1
    assert (tmp_path / "out").read_bytes() == b""
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "standard input is not a terminal" in message
    for args in (["--lesson", "2"], ["playground", "--problem", "blobs"]):
        piped = gd_tutor(*args, home=isolated_home)
        assert piped.returncode == 1 and b"not a terminal" in piped.stderr


def run_in_terminal(args: list[str], home: Path, **extra: str) -> tuple[int, str]:
    """Run gd-tutor with a pseudo-terminal as stdin and stdout; its status and what it showed."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor", *args],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=environment(home, **extra),
        cwd=ROOT,
        start_new_session=True,
    )
    os.close(terminal)
    output = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif process.poll() is not None:
            break
    try:
        status = process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(controller)
    return status, output.decode("utf-8", "replace")


def test_a_dumb_terminal_is_told_why_the_app_cannot_open(isolated_home: Path) -> None:
    status, shown = run_in_terminal([], isolated_home, TERM="dumb")
    assert status == 1
    assert shown.strip().splitlines() == [
        "gd-tutor: error: this terminal (TERM=dumb) cannot show the tutor; run it in a terminal "
        "such as xterm, or set TERM=xterm-256color"
    ]


# -- what to do, once ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--lesson", "2", "--playground"], "--lesson and --playground"),
        (["--playground", "--lesson", "2"], "--playground and --lesson"),
        (["--lesson", "2", "playground"], "--lesson and playground"),
        (["playground", "--lesson", "2"], "playground and --lesson"),
        (["--list", "--reset-progress"], "--list and --reset-progress"),
        (["--list", "--lesson=1"], "--list and --lesson"),
        (["--list", "--seed", "3"], "--seed only applies"),
        (["--yes", "--list"], "--yes only goes with --reset-progress"),
        (["completion", "bash", "--list"], "completion and --list"),
        (["--alpha", "0.5"], "--alpha is an option of the playground command"),
    ],
)
def test_conflicting_options_are_refused_in_one_line(
    isolated_home: Path, args: list[str], named: str
) -> None:
    result = gd_tutor(*args, home=isolated_home)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert message.startswith("gd-tutor: error: ") and message.count("\n") == 1, message
    assert named in message
    assert result.stdout == b""


def test_declining_the_reset_is_a_normal_exit(isolated_home: Path) -> None:
    result = gd_tutor("--reset-progress", home=isolated_home, stdin=subprocess.DEVNULL)
    assert result.returncode == 0
    assert b"Nothing was reset." in result.stdout


def test_short_version_option(isolated_home: Path) -> None:
    short = gd_tutor("-V", home=isolated_home)
    assert short.returncode == 0
    assert short.stdout == gd_tutor("--version", home=isolated_home).stdout
    assert short.stdout.startswith(b"gd-tutor ")


# -- someone else's `tutor` ------------------------------------------------------------------------


def fake_project(root: Path, package: str, body: str = "") -> Path:
    """An installed-looking project named `package` that ships a top-level `package`."""
    (root / package).mkdir(parents=True)
    (root / package / "__init__.py").write_text(body or '"""Not gd-tutor."""\n')
    info = root / f"{package}-99.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 99.0\n")
    (info / "top_level.txt").write_text(f"{package}\n")
    (info / "RECORD").write_text(f"{package}/__init__.py,,\n")
    return root / package


SHADOWS = {
    "tutor": "def hello():\n    return 'Open edX'\n",
    "lessons": "",
    "engine": "raise ImportError('this engine needs a car')\n",
}


@pytest.mark.parametrize(
    ("module", "package"),
    # `python -m tutor` with a foreign `tutor` first on the path runs that tutor, not ours.
    [("gd_tutor", name) for name in SHADOWS] + [("tutor", "lessons"), ("tutor", "engine")],
)
def test_a_shadowing_package_is_named_with_the_fix(
    isolated_home: Path, tmp_path: Path, module: str, package: str
) -> None:
    shadow = fake_project(tmp_path / "site", package, SHADOWS[package])
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", module, "--version"],
        capture_output=True,
        env={**environment(isolated_home), "PYTHONPATH": f"{tmp_path / 'site'}:{ROOT}"},
        cwd=elsewhere,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    message = result.stderr.decode()
    assert message.count("\n") == 1 and "Traceback" not in message, message
    assert f"the Python package '{package}' here is not gd-tutor's" in message
    assert f"it comes from the '{package}' project ({shadow})" in message
    assert "pipx install ." in message and "uv tool install ." in message
    assert result.stdout == b""


def test_our_own_packages_pass_the_check(isolated_home: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gd_tutor", "--version"],
        capture_output=True,
        env=environment(isolated_home),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.startswith(b"gd-tutor "), result.stderr
