"""How the real app feels in a real terminal: start-up, frame rate, key latency and memory.

Runs `python -m tutor` in a pseudo-terminal, as a learner's terminal would, and reads what it draws.
The benchmark answers Textual's query for synchronized output, so every frame arrives wrapped in
ESC[?2026h … ESC[?2026l and frames can be counted exactly. Prints numbers; never fails on time.

    python benchmarks/ui.py                 # everything (the memory run simulates one hour)
    python benchmarks/ui.py --minutes 5     # a shorter simulated session for the memory run
    python benchmarks/ui.py --skip-memory
    python benchmarks/ui.py --load          # the same with a CPU hog running beside the app

Measured:
- start-up: process start to the first complete frame of the home screen (120×40), launched in
  turns with a bare Textual + plotext app (`benchmarks/bare_app.py`) so their ratio is measured in
  one run on the same machine state;
- typing in a quiz answer box with no demo running (lesson 2's first quiz): key to echo on screen;
- a live network run on the flower data (`gd-tutor --playground --problem flower` at 120×40):
  frames drawn per second, training steps per second (from the iteration the status line shows),
  and key-press-to-screen latency (space pauses and resumes; the status line must change);
- memory: resident set size of the app during the live run, and of a headless session that runs
  the network demo through the live component's own code path (steps per tick, one frame and one
  chart draw per tick) for an hour of learner time at 30 frames per second, restarting the run
  whenever it ends as a learner would;
- the engine's network step against a bare NumPy loop (from `benchmarks/engine.py`).

The closing table lists every measure of issue 21 with its goal. With `--load` a second process
spins on one core for the whole run (the machine has two), as another program would.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import itertools
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_END = b"\x1b[?2026l"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")
HOME_MARKER = b"Overall:"


def plain(data: bytes) -> bytes:
    return ANSI.sub(b"", data)


class Terminal:
    """A child process on a pty of a fixed size, with everything it writes timestamped."""

    def __init__(
        self,
        args: list[str],
        columns: int,
        rows: int,
        home: str,
        *,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
        program: list[str] | None = None,
    ) -> None:
        environment = dict(os.environ)
        environment.update(
            TERM="xterm-256color",
            COLORTERM="truecolor",
            GD_TUTOR_HOME=home,
            COLUMNS=str(columns),
            LINES=str(rows),
            PYTHONPATH=str(ROOT),
        )
        environment.pop("TEXTUAL_ANIMATIONS", None)
        environment.update(env or {})  # the tests' extra settings (absurd sizes, …)
        env = environment
        self.started = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: become the app
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            os.chdir(cwd)
            command = program if program is not None else ["-m", "tutor"]
            os.execvpe(sys.executable, [sys.executable, *command, *args], env)
        self.pid = pid
        self.fd = fd
        self.chunks: list[tuple[float, bytes]] = []
        self.buffer = b""

    def pump(self, timeout: float) -> bool:
        """Read whatever arrives within `timeout` seconds; False once the child has gone."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            return False
        if not data:
            return False
        now = time.perf_counter()
        if SYNC_QUERY in data:
            os.write(self.fd, SYNC_REPLY)
        self.chunks.append((now, data))
        self.buffer += data
        return True

    def wait_for(self, marker: bytes, timeout: float, since: int = 0) -> float | None:
        """Time at which `marker` (in plain text) and the end of that frame arrived, or None."""
        deadline = time.perf_counter() + timeout
        seen_at: int | None = None
        while time.perf_counter() < deadline:
            if seen_at is None:
                seen_at = self._first_chunk_with(marker, since)
            if seen_at is not None:
                for index in range(seen_at, len(self.chunks)):
                    if SYNC_END in self.chunks[index][1]:
                        return self.chunks[index][0]
            if not self.pump(0.005):
                return None
        return None

    def _first_chunk_with(self, marker: bytes, since: int) -> int | None:
        """Index of the chunk that completes `marker` in the plain text written since `since`."""
        text = b""
        for index in range(since, len(self.chunks)):
            text += plain(self.chunks[index][1])
            if marker in text:
                return index
        return None

    def send(self, keys: bytes) -> float:
        now = time.perf_counter()
        os.write(self.fd, keys)
        return now

    def rss_mb(self) -> tuple[float, float]:
        """(current, peak) resident set size of the child in MB, from /proc."""
        fields = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        deadline = time.perf_counter() + 3
        while time.perf_counter() < deadline and self.pump(0.02):
            pass
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self.fd)


BARE_APP = [str(ROOT / "benchmarks" / "bare_app.py")]


def time_to_first_frame(home: str, program: list[str] | None) -> float | None:
    term = Terminal([], 120, 40, home, program=program)
    try:
        arrived = term.wait_for(HOME_MARKER, 20)
        return None if arrived is None else (arrived - term.started) * 1000
    finally:
        term.close()


def measure_startup(home: str, runs: int) -> tuple[list[float], list[float]]:
    """Start-up times of gd-tutor and of the bare app, launched in turns so both see one machine."""
    tutor, bare = [], []
    for _ in range(runs):
        for times, program in ((tutor, None), (bare, BARE_APP)):
            took = time_to_first_frame(home, program)
            if took is not None:
                times.append(took)
    return tutor, bare


ANSWER_MARKER = "Answer ›".encode()


def measure_typing(home: str, keys: int) -> list[float]:
    """Key-to-echo latency in lesson 2's first quiz answer box, no demo running (ms per key)."""
    term = Terminal(["--lesson", "2"], 120, 40, home)
    latencies: list[float] = []
    try:
        if term.wait_for(b"step 1 of", 20) is None:
            raise RuntimeError("lesson 2 never drew its first frame")
        for step in range(2, 30):  # walk to the first quiz step, one step at a time
            since = len(term.chunks)
            term.send(b"n")
            if term.wait_for(f"step {step} of".encode(), 10, since=since) is None:
                raise RuntimeError(f"lesson 2 did not reach step {step}")
            if term.wait_for(ANSWER_MARKER, 1.5, since=since) is not None:
                break
        else:
            raise RuntimeError("no quiz step found in lesson 2")
        settle(term, 0.3)
        digits = "1234567890"
        typed = ""
        for index in range(keys):
            if len(typed) >= 12:  # keep the text inside the box: clear it, untimed
                term.send(b"\x7f" * len(typed))
                typed = ""
                settle(term, 0.2)
            key = digits[index % len(digits)]
            typed += key
            since = len(term.chunks)
            sent = term.send(key.encode())
            arrived = term.wait_for(typed[-3:].encode(), 2, since=since)
            if arrived is not None:
                latencies.append((arrived - sent) * 1000)
            settle(term, 0.06)
    finally:
        term.close()
    return latencies


def settle(term: Terminal, seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        term.pump(0.01)


ITERATION = re.compile(rb"iteration ([\d,]+)")


def latest_iteration(data: bytes) -> int | None:
    found = ITERATION.findall(plain(data))
    return max(int(n.replace(b",", b"")) for n in found) if found else None


def measure_live_run(home: str, seconds: float, presses: int) -> dict[str, object]:
    # Enough iterations that the run cannot end while it is measured (20 000 at 1 200 steps/s).
    args = ["--playground", "--problem", "flower", "--iterations", "20000"]
    term = Terminal(args, 120, 40, home)
    result: dict[str, object] = {}
    try:
        if term.wait_for(b"Reproduce:", 20) is None:
            raise RuntimeError("the playground never drew its first frame")
        if term.wait_for(b"running", 10) is None:
            raise RuntimeError("the network run did not start")
        # -- frames and steps while nothing else happens
        start_index = len(term.chunks)
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            term.pump(0.01)
        window = term.chunks[start_index:]
        elapsed = window[-1][0] - window[0][0] if len(window) > 1 else seconds
        frames = sum(chunk.count(SYNC_END) for _, chunk in window)
        first = latest_iteration(b"".join(c for _, c in window[: max(1, len(window) // 10)]))
        last = latest_iteration(b"".join(c for _, c in window[-max(1, len(window) // 10) :]))
        result["fps"] = frames / elapsed
        if first is not None and last is not None:
            head = window[: max(1, len(window) // 10)]
            tail = window[-max(1, len(window) // 10) :]
            span = tail[-1][0] - head[-1][0]
            result["steps_per_second"] = (last - first) / span if span > 0 else float("nan")
        frame_times = [at for at, chunk in window if SYNC_END in chunk]
        gaps = [(b - a) * 1000 for a, b in itertools.pairwise(frame_times)]
        result["frame_gap_p95_ms"] = percentile(gaps, 95) if gaps else float("nan")
        result["rss_live_mb"], result["rss_live_peak_mb"] = term.rss_mb()
        # -- key latency: space pauses (status shows "paused"), space resumes ("running")
        latencies = []
        for index in range(presses):
            marker = b"paused" if index % 2 == 0 else b"running"
            since = len(term.chunks)
            sent = term.send(b" ")
            arrived = term.wait_for(marker, 2, since=since)
            if arrived is not None:
                latencies.append((arrived - sent) * 1000)
            settle(term, 0.12)
        result["latencies"] = latencies
        result["rss_end_mb"], result["rss_end_peak_mb"] = term.rss_mb()
    finally:
        term.close()
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# The headless session runs in its own process so its memory is measured alone.
SESSION = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    from textual_plotext.plot import Plot
    from lessons.demos.network import NetworkDemo
    from tutor.widgets.charts import draw_chart
    from tutor.widgets.demo_view import FPS, default_steps_per_tick

    def rss():
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 2**20

    minutes = float(sys.argv[1])
    demo = NetworkDemo()
    per_tick = default_steps_per_tick(demo)
    plots = [Plot(), Plot()]
    ticks = int(minutes * 60 * FPS)
    credit = 0.0
    steps = runs = 0
    report_every = max(1, ticks // 12)
    start = time.perf_counter()
    for tick in range(ticks):
        credit += per_tick
        wanted = int(credit)
        credit -= wanted
        for _ in range(wanted):
            if demo.finished:
                demo.reset()
                runs += 1
            demo.step()
            steps += 1
        frame = demo.frame()
        for plot, chart in zip(plots, frame.charts):
            plot.plotsize(56, 30)
            draw_chart(plot, chart, 46)
            if tick % 30 == 0:  # a full plotext build once per simulated second
                plot.build()
        if tick % report_every == 0 or tick == ticks - 1:
            minute = tick / FPS / 60
            print(json.dumps([round(minute, 1), round(rss(), 1), steps]), flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak": peak, "steps": steps, "runs": runs,
                      "seconds": time.perf_counter() - start, "per_tick": per_tick}), flush=True)
    """
)


def measure_session(minutes: float) -> tuple[list[list[float]], dict[str, float]]:
    import json

    process = subprocess.run(
        [sys.executable, "-c", SESSION, str(minutes)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    rows, summary = [], {}
    for line in process.stdout.splitlines():
        value = json.loads(line)
        if isinstance(value, list):
            rows.append(value)
        else:
            summary = value
    return rows, summary


def engine_ratio() -> tuple[float, float]:
    """(engine runner / bare NumPy loop, µs per runner step): the best of a few repeats each."""
    import importlib.util

    # the project's `engine` package, not this folder's engine.py (first on the path as a script's)
    sys.path.insert(0, str(ROOT))
    from engine.datasets import flower
    from engine.network import init_params

    # benchmarks/engine.py, loaded by path: its module name would shadow the `engine` package
    spec = importlib.util.spec_from_file_location("engine_benchmark", ROOT / "benchmarks/engine.py")
    assert spec is not None and spec.loader is not None
    engine_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(engine_bench)

    X, Y = flower(m=400, seed=1)
    params = init_params(X.shape[0], engine_bench.N1, seed=engine_bench.SEED)
    timings = engine_bench.time_per_step(
        {
            "runner": (engine_bench.runner_steps(X, Y, params), 1000),
            "bare": (engine_bench.bare_steps(X, Y, params), 1000),
        },
        repeats=7,
    )
    return timings["runner"][0] / timings["bare"][0], timings["runner"][0]


@contextlib.contextmanager
def cpu_hog(enabled: bool) -> Iterator[None]:
    """A process spinning on one core for as long as the block runs (the `--load` mode)."""
    if not enabled:
        yield
        return
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        yield
    finally:
        hog.kill()
        hog.wait()


def verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--startup-runs", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=6.0, help="length of the fps window")
    parser.add_argument("--presses", type=int, default=60, help="key presses for latency")
    parser.add_argument("--typing-keys", type=int, default=40, help="keys typed in a quiz box")
    parser.add_argument("--minutes", type=float, default=60.0, help="simulated session length")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--load", action="store_true", help="run a CPU hog beside the app")
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="gd-tutor-bench-")
    load = " · under load (a CPU hog on one core)" if args.load else ""
    print(f"gd-tutor UI benchmark · python {sys.version.split()[0]} · {os.cpu_count()} CPUs{load}")
    print()

    with cpu_hog(args.load):
        startup, bare = measure_startup(home, args.startup_runs)
        typing = measure_typing(home, args.typing_keys)
        live = measure_live_run(home, args.seconds, args.presses)
    ratio, runner_us = engine_ratio()

    print("Start-up (process start → first full frame, 120×40), launched in turns")
    for name, times in (("gd-tutor", startup), ("bare Textual + plotext app", bare)):
        if times:
            print(
                f"  {name:<28} runs {len(times)}: median {statistics.median(times):.0f} ms, "
                f"min {min(times):.0f} ms, max {max(times):.0f} ms"
            )
        else:
            print(f"  {name:<28} never drew its first frame")
    startup_ratio = (
        statistics.median(startup) / statistics.median(bare) if startup and bare else float("nan")
    )
    print(f"  ratio (medians)              {startup_ratio:.2f}×   (goal ≤ 1.15×)")
    print()

    print("Typing in a quiz answer box (lesson 2, no demo running, 120×40)")
    if typing:
        print(
            f"  key to echo ({len(typing)} keys) p50 {percentile(typing, 50):.1f} ms, "
            f"p95 {percentile(typing, 95):.1f} ms, max {max(typing):.1f} ms"
        )
    else:
        print("  no typed key reached the screen")
    print()

    latencies = live.pop("latencies")
    assert isinstance(latencies, list)
    print("Live network run on the flower data (playground, 120×40)")
    print(f"  frames drawn per second   {live['fps']:.1f}   (goal 30)")
    print(f"  frame gap p95             {live['frame_gap_p95_ms']:.1f} ms   (goal ≤ 36 ms)")
    print(f"  training steps per second {live.get('steps_per_second', float('nan')):.0f}")
    if latencies:
        print(
            f"  key latency ({len(latencies)} presses) p50 {percentile(latencies, 50):.1f} ms, "
            f"p95 {percentile(latencies, 95):.1f} ms, max {max(latencies):.1f} ms   "
            "(goal p95 ≤ 25 ms)"
        )
    else:
        print("  key latency: no key press reached the screen")
    print(
        f"  app RSS during the run    {live['rss_live_mb']:.1f} MB "
        f"(peak {live['rss_end_peak_mb']:.1f} MB at the end)   (goal ≤ 80 MB)"
    )
    print()
    print(f"Engine: network step {runner_us:.1f} µs, runner / bare NumPy loop {ratio:.2f}×")
    print()

    fps = float(live["fps"])  # type: ignore[arg-type]
    gap = float(live["frame_gap_p95_ms"])  # type: ignore[arg-type]
    key_p95 = percentile(latencies, 95)
    peak = float(live["rss_end_peak_mb"])  # type: ignore[arg-type]
    rows = [
        ("start to first frame, gd-tutor / bare", f"{startup_ratio:.2f}×", "≤ 1.15×",
         startup_ratio <= 1.15),
        ("key latency p95, live network run", f"{key_p95:.1f} ms", "≤ 25 ms", key_p95 <= 25),
        ("frame gap p95, same run", f"{gap:.1f} ms", "≤ 36 ms", gap <= 36),
        ("frames drawn per second", f"{fps:.1f}", "30, steady", fps >= 29),
        ("engine step / bare NumPy loop", f"{ratio:.2f}×", "≤ 1.1×", ratio <= 1.1),
        ("RSS during the run (peak)", f"{peak:.1f} MB", "≤ 80 MB", peak <= 80),
    ]  # fmt: skip
    if typing:
        rows.append(("typing in a quiz box p95", f"{percentile(typing, 95):.1f} ms", "(no goal)",
                     True))  # fmt: skip
    print(f"{'measure':<40}{'now':>12}  {'goal':<12}")
    for name, value, goal, met in rows:
        mark = "" if goal.startswith("(") else verdict(met)
        print(f"{name:<40}{value:>12}  {goal:<12}{mark}")
    print()

    if not args.skip_memory:
        rows_mem, summary = measure_session(args.minutes)
        print(
            f"Headless session: {args.minutes:g} simulated minutes at 30 fps, "
            f"{summary['per_tick']:.1f} steps per tick, network demo + chart drawing"
        )
        print("  minute   RSS MB   steps so far")
        for minute, rss, steps in rows_mem:
            print(f"  {minute:6.1f}   {rss:6.1f}   {steps:>12,}")
        growth = rows_mem[-1][1] - rows_mem[1][1] if len(rows_mem) > 2 else float("nan")
        print(
            f"  peak RSS {summary['peak']:.1f} MB · growth after the first report "
            f"{growth:+.1f} MB · {summary['steps']:,} steps in {summary['runs']} restarted runs "
            f"· {summary['seconds']:.0f} s of wall time"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
