"""The playground's settings: which problem, which α, how many iterations, which network.

Pure Python so the command line, the settings form and the tests share one set of rules: every
setting is validated here with a message that says what a valid value looks like, and a settings
object can print the `gd-tutor playground …` command that reproduces it exactly (α is written
with Python's shortest round-trip form, so the same floats go back in).

    settings = parse_playground_args(["--problem", "flower", "--alpha", "0.5"])
    settings.command_line()   # 'gd-tutor playground --problem flower --alpha 0.5 ...'
    demo = settings.make_demo()
"""

from __future__ import annotations

import argparse
import math
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NoReturn

from engine import numfmt

if TYPE_CHECKING:
    from lessons.demo import Demo

#: The largest α accepted: big enough to watch any of the problems diverge.
MAX_ALPHA = 1000.0
MAX_ITERATIONS = 1_000_000
MAX_HIDDEN_UNITS = 100
ACTIVATIONS: tuple[str, ...] = ("tanh", "relu", "sigmoid")
INITS: tuple[str, ...] = ("random", "constant", "zeros")  # as engine.network.INITS


class PlaygroundError(ValueError):
    """A setting the playground cannot use; `field` names it so a form can point at it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Problem:
    """One thing to run gradient descent on, with settings that show it working."""

    key: str
    label: str
    alpha: float
    iterations: int
    network: bool = False
    #: Which starting coordinates the problem takes ("w0", "b0"), with their defaults.
    start: tuple[tuple[str, float], ...] = ()


PROBLEMS: dict[str, Problem] = {
    problem.key: problem
    for problem in (
        Problem("convex", "Convex J(w) = (w − 2)² + 1", 0.1, 200, start=(("w0", 4.0),)),
        Problem("non-convex", "Non-convex J(w) = 0.1·w² + sin(2w)", 0.1, 200, start=(("w0", 4.0),)),
        Problem(
            "logistic-2d",
            "Logistic J(w, b) on one feature",
            1.0,
            500,
            start=(("w0", -4.0), ("b0", 4.0)),
        ),
        Problem("blobs", "Logistic regression on two blobs", 0.5, 2000),
        Problem("flower", "Network on the flower data set", 1.2, 10_000, network=True),
    )
}
DEFAULT_PROBLEM = "convex"


@dataclass(frozen=True)
class PlaygroundSettings:
    """Everything that decides a playground run; equal settings give identical runs."""

    problem: str = DEFAULT_PROBLEM
    alpha: float = PROBLEMS[DEFAULT_PROBLEM].alpha
    iterations: int = PROBLEMS[DEFAULT_PROBLEM].iterations
    n1: int = 4
    activation: str = "tanh"
    init: str = "random"
    #: Starting point for the 1-D and 2-D problems (ignored by the others).
    w0: float = 4.0
    b0: float = 0.0

    def __post_init__(self) -> None:
        check_problem(self.problem)
        check_alpha(self.alpha)
        check_iterations(self.iterations)
        check_n1(self.n1)
        check_choice(self.activation, ACTIVATIONS, "activation")
        check_choice(self.init, INITS, "init")
        check_start(self.w0, "w0")
        check_start(self.b0, "b0")

    @classmethod
    def for_problem(cls, problem: str, **changes: object) -> PlaygroundSettings:
        """The problem's own α and iteration count, with any `changes` on top."""
        spec = PROBLEMS[check_problem(problem)]
        base = replace(
            cls(problem=spec.key, alpha=spec.alpha, iterations=spec.iterations),
            **dict(spec.start),  # type: ignore[arg-type]  # w0/b0 or n1/activation/init
        )
        return replace(base, **changes) if changes else base  # type: ignore[arg-type]

    @property
    def spec(self) -> Problem:
        return PROBLEMS[self.problem]

    def arguments(self) -> list[str]:
        """The words after `gd-tutor playground` that reproduce these settings."""
        words = [
            "--problem",
            self.problem,
            "--alpha",
            format_alpha(self.alpha),
            "--iterations",
            str(self.iterations),
        ]
        for name, _default in self.spec.start:
            words += [f"--{name}", format_alpha(getattr(self, name))]
        if self.spec.network:
            words += ["--n1", str(self.n1), "--activation", self.activation, "--init", self.init]
        return words

    def command_line(self) -> str:
        """The shell command that opens the playground with exactly these settings."""
        return shlex.join(["gd-tutor", "playground", *self.arguments()])

    def make_demo(self) -> Demo:
        """A fresh demo for these settings (demo modules are imported only when needed)."""
        problem = self.problem
        try:
            if problem in {"convex", "non-convex"}:
                from engine.costs import CONVEX, NON_CONVEX
                from lessons.demos.descent1d import Descent1DDemo

                cost = CONVEX if problem == "convex" else NON_CONVEX
                return Descent1DDemo(
                    cost, w0=self.w0, alpha=self.alpha, max_iterations=self.iterations
                )
            if problem == "logistic-2d":
                from lessons.demos.descent2d import Descent2DDemo

                return Descent2DDemo(
                    w0=self.w0, b0=self.b0, alpha=self.alpha, max_iterations=self.iterations
                )
            if problem == "blobs":
                from lessons.demos.logistic import LogisticDemo

                return LogisticDemo(
                    dataset="blobs", alpha=self.alpha, max_iterations=self.iterations
                )
            from lessons.demos.network import NetworkDemo

            return NetworkDemo(
                n1=self.n1,
                activation=self.activation,
                init=self.init,
                alpha=self.alpha,
                max_iterations=self.iterations,
            )
        except ImportError as error:
            raise PlaygroundError(
                f"the {self.spec.label} demo is not available in this installation ({error})",
                "problem",
            ) from None


# -- validation ------------------------------------------------------------------------------------


def format_alpha(alpha: float) -> str:
    """α as the shortest text that reads back as the same float (0.1, 1.2, 1e-05)."""
    return repr(float(alpha))


def _clean(text: str) -> str:
    cleaned = text.strip().replace("−", "-").replace("_", "")
    if not cleaned.isascii():  # only ASCII digits are digits: float() reads "٣" as 3
        raise ValueError(f"not a plain number: {cleaned!r}")
    return cleaned


def check_problem(problem: str) -> str:
    if problem not in PROBLEMS:
        known = ", ".join(PROBLEMS)
        raise PlaygroundError(f"problem must be one of {known}; got {problem!r}", "problem")
    return problem


def check_alpha(alpha: float) -> float:
    if (
        isinstance(alpha, bool)
        or not isinstance(alpha, int | float)
        or not math.isfinite(alpha)
        or not 0 < alpha <= MAX_ALPHA
    ):
        raise PlaygroundError(
            f"α must be a positive number like 0.1 (at most {numfmt.number(MAX_ALPHA, 6)})", "alpha"
        )
    return float(alpha)


MAX_START = 100.0


def check_start(value: float, field: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > MAX_START
    ):
        raise PlaygroundError(
            f"{field} (the starting point) must be a number from −100 to 100, like 4.0", field
        )
    return float(value)


def parse_start(text: str, field: str) -> float:
    try:
        value = float(_clean(text))
    except ValueError:
        raise PlaygroundError(
            f"{field} (the starting point) must be a number from −100 to 100, like 4.0", field
        ) from None
    return check_start(value, field)


def check_iterations(iterations: int) -> int:
    if isinstance(iterations, bool) or not isinstance(iterations, int):
        raise PlaygroundError(_ITERATIONS_MESSAGE, "iterations")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise PlaygroundError(_ITERATIONS_MESSAGE, "iterations")
    return iterations


def check_n1(n1: int) -> int:
    if isinstance(n1, bool) or not isinstance(n1, int) or not 1 <= n1 <= MAX_HIDDEN_UNITS:
        raise PlaygroundError(_N1_MESSAGE, "n1")
    return n1


def check_choice(value: str, choices: Sequence[str], field: str) -> str:
    if value not in choices:
        raise PlaygroundError(f"{field} must be one of {', '.join(choices)}; got {value!r}", field)
    return value


_ITERATIONS_MESSAGE = f"iterations must be a whole number from 1 to {MAX_ITERATIONS:,}, like 500"
_N1_MESSAGE = f"n1 (hidden units) must be a whole number from 1 to {MAX_HIDDEN_UNITS}, like 4"


def parse_alpha(text: str) -> float:
    """α from what the learner typed: '0.1', '1e-3', '.5'; anything else gets an example."""
    try:
        value = float(_clean(text))
    except ValueError:
        raise PlaygroundError(
            f"α must be a positive number like 0.1; {text.strip()!r} is not a number", "alpha"
        ) from None
    return check_alpha(value)


def _parse_whole(text: str, message: str, field: str) -> int:
    try:
        cleaned = _clean(text).replace(",", "")
    except ValueError:
        raise PlaygroundError(message, field) from None
    if not cleaned.isdigit() and not (cleaned.startswith("+") and cleaned[1:].isdigit()):
        raise PlaygroundError(message, field)
    if len(cleaned) > 12:
        raise PlaygroundError(message, field)
    return int(cleaned)


def parse_iterations(text: str) -> int:
    return check_iterations(_parse_whole(text, _ITERATIONS_MESSAGE, "iterations"))


def parse_n1(text: str) -> int:
    return check_n1(_parse_whole(text, _N1_MESSAGE, "n1"))


def settings_from_fields(fields: Mapping[str, str]) -> PlaygroundSettings:
    """Settings from a form's text fields; the first bad field raises with its name."""
    problem = check_problem(fields.get("problem", DEFAULT_PROBLEM))
    spec = PROBLEMS[problem]
    alpha = parse_alpha(fields["alpha"]) if "alpha" in fields else spec.alpha
    iterations = (
        parse_iterations(fields["iterations"]) if "iterations" in fields else spec.iterations
    )
    changes: dict[str, object] = {"alpha": alpha, "iterations": iterations}
    for name, _default in spec.start:
        if fields.get(name, "").strip():
            changes[name] = parse_start(fields[name], name)
    if spec.network:
        if "n1" in fields:
            changes["n1"] = parse_n1(fields["n1"])
        if "activation" in fields:
            changes["activation"] = check_choice(fields["activation"], ACTIVATIONS, "activation")
        if "init" in fields:
            changes["init"] = check_choice(fields["init"], INITS, "init")
    return PlaygroundSettings.for_problem(problem, **changes)


# -- command line ----------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting, so the caller words the error."""

    def error(self, message: str) -> NoReturn:
        field = None
        unknown = "unrecognized arguments: "
        if message.startswith("argument --"):
            message = message.removeprefix("argument ")
            field = message[2 : message.index(":")] if ":" in message else None
        elif message.startswith(unknown):
            message = f"unknown playground option {message.removeprefix(unknown)}"
        raise PlaygroundError(message, field)


def _typed(parse: Callable[[str], object], option: str) -> Callable[[str], object]:
    def convert(text: str) -> object:
        try:
            return parse(text)
        except PlaygroundError as error:
            raise argparse.ArgumentTypeError(error.message) from None

    convert.__name__ = option
    return convert


def playground_parser() -> argparse.ArgumentParser:
    """The options that follow `gd-tutor playground` (also used for the help text)."""
    parser = _Parser(
        prog="gd-tutor playground",
        description="Run gradient descent on a problem of your choice.",
        add_help=False,
        allow_abbrev=False,
    )
    parser.add_argument(
        "--problem",
        choices=tuple(PROBLEMS),
        default=DEFAULT_PROBLEM,
        help="; ".join(f"{p.key}: {p.label}" for p in PROBLEMS.values()),
    )
    parser.add_argument(
        "--alpha", type=_typed(parse_alpha, "alpha"), help="learning rate α, e.g. 0.1"
    )
    parser.add_argument(
        "--iterations",
        type=_typed(parse_iterations, "iterations"),
        help=f"most iterations to run (1 to {MAX_ITERATIONS:,})",
    )
    parser.add_argument(
        "--w0",
        type=_typed(lambda text: parse_start(text, "w0"), "w0"),
        help="convex, non-convex, logistic-2d: starting w",
    )
    parser.add_argument(
        "--b0",
        type=_typed(lambda text: parse_start(text, "b0"), "b0"),
        help="logistic-2d only: starting b",
    )
    parser.add_argument(
        "--n1", type=_typed(parse_n1, "n1"), help="flower only: hidden units (1 to 100)"
    )
    parser.add_argument("--activation", choices=ACTIVATIONS, help="flower only: hidden activation")
    parser.add_argument("--init", choices=INITS, help="flower only: initialisation")
    return parser


def playground_help() -> str:
    """The option list, for `gd-tutor playground --help`."""
    return playground_parser().format_help()


def parse_playground_args(argv: Sequence[str]) -> PlaygroundSettings:
    """Settings from the words after `--playground`; raises PlaygroundError with a clear message."""
    return settings_from_args(playground_parser().parse_args(list(argv)))


def settings_from_args(args: argparse.Namespace) -> PlaygroundSettings:
    """Settings from options parsed by `playground_parser()` (or a parser built on it)."""
    spec = PROBLEMS[args.problem]
    network_only = [
        f"--{name}" for name in ("n1", "activation", "init") if getattr(args, name) is not None
    ]
    if network_only and not spec.network:
        raise PlaygroundError(
            f"{', '.join(network_only)} only apply to --problem flower (the network)"
        )
    starts = {name for name, _default in spec.start}
    for name in ("w0", "b0"):
        if getattr(args, name) is not None and name not in starts:
            raise PlaygroundError(f"--{name} does not apply to --problem {spec.key}", name)
    changes = {
        name: getattr(args, name)
        for name in ("alpha", "iterations", "n1", "activation", "init", "w0", "b0")
        if getattr(args, name) is not None
    }
    return PlaygroundSettings.for_problem(args.problem, **changes)


__all__ = [
    "ACTIVATIONS",
    "INITS",
    "PROBLEMS",
    "PlaygroundError",
    "PlaygroundSettings",
    "Problem",
    "parse_alpha",
    "parse_iterations",
    "parse_n1",
    "parse_playground_args",
    "playground_help",
    "settings_from_args",
    "settings_from_fields",
]
