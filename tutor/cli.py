"""The `gd-tutor` command: open the app, or list and reset progress without it.

    gd-tutor [--lesson N | --list | --progress | --reset-progress [--yes]] [--seed N]
    gd-tutor playground [--problem P] [--alpha A] …     (`--playground …` is the same)
    gd-tutor completion {bash,zsh,fish}

A subcommand is one function in SUBCOMMANDS that adds its parser and sets `run` (see
`_add_completion`); `open_app(args, **options)` opens the interactive app for commands that need it.
Every way of failing ends with one `gd-tutor: error: …` line and a status: 2 for a bad command
line, 1 when the command could not do its work, 141 when the reader of the output went away.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from lessons import LESSONS, find_lesson
from tutor.cli_output import OutputError, say, write

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from tutor.progress import ProgressStore

PROG = "gd-tutor"

#: Options that each choose what gd-tutor does; no two go together, nor one with a subcommand.
ACTIONS: tuple[str, ...] = ("--lesson", "--list", "--progress", "--reset-progress", "--playground")
#: Old spellings of subcommands, kept working.
ALIASES: dict[str, str] = {"--playground": "playground"}


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error that points to the right help."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse drops write errors, so `--help > /dev/full` would claim success.
        if message:
            write(message, file or sys.stderr)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: error: {message} (see {self.prog} --help)\n")


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed needs a whole number, not {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("--seed needs a number of 0 or more")
    return value


def _lesson(text: str) -> str:
    try:
        return find_lesson(text).slug
    except LookupError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _version(parser: argparse.ArgumentParser) -> None:
    """-V and --version: the version is looked up only when asked (it costs start-up time)."""

    class Version(argparse.Action):
        def __call__(self, parser: argparse.ArgumentParser, *args: object, **kw: object) -> None:
            from tutor import version

            say(f"{PROG} {version()}")
            parser.exit(0)

    parser.add_argument(
        "-V", "--version", action=Version, nargs=0, help="print the version and exit"
    )


def _seed_option(parser: argparse.ArgumentParser, default: object = None) -> None:
    parser.add_argument(
        "--seed",
        type=_seed,
        metavar="N",
        default=default,
        help="make quiz numbers reproducible (0 or more)",
    )


# -- subcommands -----------------------------------------------------------------------------------

Subcommands = Any  # argparse's _SubParsersAction, which it does not export


def _add_playground(commands: Subcommands) -> None:
    from lessons.playground import playground_parser

    parser = commands.add_parser(
        "playground",
        parents=[playground_parser()],
        help="run gradient descent on a problem of your choice",
        description="Open the playground: gradient descent on a problem of your choice, with live "
        "charts. Options left out take the problem's own defaults.",
        epilog=f"Examples: {PROG} playground --problem convex --alpha 0.9 --w0 -3; "
        f"{PROG} playground --problem flower --n1 5 --activation relu. "
        f"'{PROG} --playground …' is the same command.",
        allow_abbrev=False,
    )
    _seed_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=_run_playground)


def _run_playground(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from lessons.playground import PlaygroundError, settings_from_args

    try:
        settings = settings_from_args(args)
    except PlaygroundError as error:
        parser.error(error.message)
    return open_app(args, playground=settings)


def _add_completion(commands: Subcommands) -> None:
    from tutor.cli_completion import SHELLS

    parser = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print the completion script for your shell.",
        epilog=f"bash: source <({PROG} completion bash) · zsh: source <({PROG} completion zsh) · "
        f"fish: {PROG} completion fish | source. Put the line in your shell's start-up file to "
        "keep it.",
        allow_abbrev=False,
    )
    parser.add_argument("shell", choices=SHELLS, help="the shell to complete in")
    parser.set_defaults(run=_run_completion)


def _run_completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tutor.cli_completion import script

    say(script(args.shell, build_parser(), ALIASES).rstrip("\n"))
    return 0


def _add_review(commands: Subcommands) -> None:
    parser = commands.add_parser(
        "review",
        help="about five questions from the lessons you studied, due skills first",
        description="About five questions from the lessons you studied, with fresh numbers: the "
        "skills due for review and your weakest first, mixed across lessons.",
        epilog=f"'{PROG} --progress' numbers your recurring mistakes; "
        f"'{PROG} review --mistake N' practises mistake N.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--mistake",
        type=_seed,
        metavar="N",
        help=f"practise recurring mistake N (as numbered by {PROG} --progress)",
    )
    _seed_option(parser, default=argparse.SUPPRESS)
    parser.set_defaults(run=_run_review)


def _run_review(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tutor.report import NothingToReview, review_plan

    try:
        drill = review_plan(args.mistake)
    except NothingToReview as why:
        say(str(why))
        return 1
    return open_app(args, review=drill is None, drill=drill)


#: Each adds one subcommand: `commands.add_parser(...)`, its options, `set_defaults(run=...)`
#: where run(args, parser) -> exit status.
SUBCOMMANDS: tuple[Callable[[Subcommands], None], ...] = (
    _add_playground,
    _add_review,
    _add_completion,
)


# -- the parser ------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from tutor.cli_completion import complete_with
    from tutor.locations import HOME_ENV

    lessons = "; ".join(f"{lesson.number} {lesson.slug} ({lesson.lecture})" for lesson in LESSONS)
    parser = _Parser(
        prog=PROG,
        usage=f"{PROG} [--lesson N | --list | --progress | --reset-progress [--yes]] [--seed N] "
        "[-h] [-V]\n"
        f"       {PROG} COMMAND [options]    (COMMAND --help for its options)",
        description="Understand gradient descent: lessons, live demos and quizzes checked "
        "numerically, in your terminal.",
        epilog=f"Lessons: {lessons}. Progress and settings are kept in the platform's data and "
        f"config directories (set {HOME_ENV} to keep both in one directory of your choice). "
        f"'{PROG} COMMAND --help' describes a command.",
        allow_abbrev=False,
    )
    action = parser.add_mutually_exclusive_group()
    complete_with(
        action.add_argument(
            "--lesson", type=_lesson, metavar="N", help="open lesson N (number or slug)"
        ),
        [str(lesson.number) for lesson in LESSONS] + [lesson.slug for lesson in LESSONS],
    )
    action.add_argument(
        "--list", action="store_true", help="print the lessons with your progress and exit"
    )
    action.add_argument(
        "--progress",
        action="store_true",
        help="print mastery per concept, reviews due and recurring mistakes, and exit",
    )
    action.add_argument(
        "--reset-progress", action="store_true", help="clear all progress (asks first) and exit"
    )
    action.add_argument(
        "--playground",
        action="store_true",
        help=f"the same as the playground command: {PROG} --playground --help lists its options",
    )
    parser.add_argument("--yes", action="store_true", help="with --reset-progress: do not ask")
    _seed_option(parser)
    _version(parser)
    commands = parser.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", prog=PROG, parser_class=_Parser
    )
    for add in SUBCOMMANDS:
        add(commands)
    return parser


def _refuse_conflicts(parser: argparse.ArgumentParser, words: list[str]) -> None:
    """One clear line when two things to do are asked for at once (--lesson 2 --playground)."""
    names = set(_command_names(parser))
    chosen: list[str] = []
    for word in words:
        if word == "--":
            break
        option = word.split("=", 1)[0]
        if option in ACTIONS or word in names:
            label = word if word in names else option
            if label not in chosen:
                chosen.append(label)
    if len(chosen) > 1:
        parser.error(f"{chosen[0]} and {chosen[1]} cannot be used together")
    if not (set(chosen) & (names | set(ALIASES))):
        _refuse_command_options(parser, words)


def _refuse_command_options(parser: argparse.ArgumentParser, words: list[str]) -> None:
    """A command's option given without the command gets a hint naming it."""
    own = set(parser._option_string_actions)
    for word in words:
        if word == "--":
            return
        option = word.split("=", 1)[0]
        if not option.startswith("-") or option in own:
            continue
        for name in _command_names(parser):
            if option in _subparser(parser, name)._option_string_actions:
                parser.error(
                    f"{option} is an option of the {name} command: {PROG} {name} {option} …"
                )


def _command_names(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:  # argparse keeps no public list of its subcommands
        if isinstance(action, argparse._SubParsersAction):
            return list(action.choices)
    return []


# -- running ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; argparse's exits (help, version, errors) raise SystemExit."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not words:  # plain `gd-tutor`, the usual start: the parser would only give its defaults
        return open_app(argparse.Namespace(seed=None), lesson=None)
    parser = build_parser()
    _refuse_conflicts(parser, words)
    words = [ALIASES.get(word, word) for word in words]
    args = parser.parse_args(words)

    if args.yes and not args.reset_progress:
        parser.error("--yes only goes with --reset-progress")
    if args.seed is not None and (
        args.list or args.progress or args.reset_progress or args.command == "completion"
    ):
        parser.error("--seed only applies when the tutor opens")
    if args.command is not None:
        command_parser = _subparser(parser, args.command)
        return int(args.run(args, command_parser))
    if args.list or args.progress or args.reset_progress:
        return _progress_command(args)
    return open_app(args, lesson=args.lesson)


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices[name]
    raise LookupError(name)


def _progress_command(args: argparse.Namespace) -> int:
    from tutor.locations import progress_path
    from tutor.progress import ProgressStore, StoreUnavailable

    store = ProgressStore(progress_path())
    try:
        store.require_saved()
        if store.notice:
            print(store.notice, file=sys.stderr)
        if args.reset_progress:
            return reset_progress(store, assume_yes=args.yes)
        if args.progress:
            from tutor.report import build_report, report_text

            say(report_text(build_report(store)))
            return 0
        say(list_lessons(store))
        return 0
    except StoreUnavailable as error:
        done = "reset" if args.reset_progress else "shown" if args.progress else "listed"
        print(f"{PROG}: {error}. Nothing was {done}.", file=sys.stderr)
        return 1
    finally:
        store.close()


def list_lessons(store: ProgressStore) -> str:
    """The lessons in lecture order with the learner's progress, one per line."""
    from tutor.progress import lesson_fraction

    lines = []
    for lesson in LESSONS:
        ids = [step.id for step in lesson.steps]
        fraction = lesson_fraction(store, lesson.slug, ids)
        done = round(fraction * len(ids))
        lines.append(
            f"{lesson.number}. {lesson.title} ({lesson.lecture}) [{lesson.slug}] — "
            f"{done}/{len(ids)} steps, {fraction:.0%}"
        )
    return "\n".join(lines)


def reset_progress(store: ProgressStore, *, assume_yes: bool) -> int:
    """Clear progress after a yes; declining is a fine answer and exits 0."""
    if not assume_yes:
        try:
            answer = input(f"Delete all progress kept in {store.path}? [y/N] ")
        except EOFError:
            answer = ""
            say()
        if answer.strip().casefold() not in {"y", "yes"}:
            say("Nothing was reset.")
            return 0
    store.reset()
    store.require_saved()  # raises StoreUnavailable when the file could not be reset
    say("Progress reset.")
    return 0


def terminal_problem() -> str | None:
    """Why the interactive app cannot run here, or None when it can."""
    for name, stream in (("standard input", sys.stdin), ("standard output", sys.stdout)):
        try:
            interactive = stream is not None and stream.isatty()
        except (ValueError, OSError):
            interactive = False
        if not interactive:
            return (
                f"the tutor is interactive and {name} is not a terminal; run {PROG} in a "
                f"terminal ({PROG} --list and {PROG} --help work anywhere)"
            )
    if os.environ.get("TERM", "").strip() == "dumb":
        return (
            "this terminal (TERM=dumb) cannot show the tutor; run it in a terminal such as "
            "xterm, or set TERM=xterm-256color"
        )
    return None


def open_app(args: argparse.Namespace, **options: Any) -> int:
    """Open the interactive app with `options` for GDTutorApp, after checking the terminal."""
    problem = terminal_problem()
    if problem is not None:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 1
    from tutor.app import GDTutorApp

    app = GDTutorApp(seed=getattr(args, "seed", None), **options)
    app.run()
    return app.return_code or 0


def run(argv: Sequence[str] | None = None) -> int:
    """`main` as a program: any stdout, a closed pipe or a full disk, never a traceback."""
    from tutor.cli_output import finish, fit_streams

    fit_streams()
    try:
        status = main(argv)
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        if isinstance(exit.code, str):
            print(exit.code, file=sys.stderr)
    except OutputError as error:
        return error.status
    except KeyboardInterrupt:
        return 130
    return finish(status)


if __name__ == "__main__":
    raise SystemExit(run())
