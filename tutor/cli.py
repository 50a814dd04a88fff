"""The `gd-tutor` command: open the app, or list and reset progress without it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from lessons import LESSONS, find_lesson
from tutor import version
from tutor.locations import HOME_ENV, progress_path
from tutor.progress import ProgressStore, StoreUnavailable, lesson_fraction


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error, so a typo never prints a wall of usage or a traceback."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"gd-tutor: error: {message} (see gd-tutor --help)\n")


class _VersionAction(argparse.Action):
    """Print the version only when asked: looking it up costs start-up time on every run."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"gd-tutor {version()}")
        parser.exit(0)


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


def build_parser() -> argparse.ArgumentParser:
    lessons = "; ".join(f"{lesson.number} {lesson.slug} ({lesson.lecture})" for lesson in LESSONS)
    parser = _Parser(
        prog="gd-tutor",
        description="Understand gradient descent: lessons, live demos and quizzes checked "
        "numerically, in your terminal.",
        epilog=f"Lessons: {lessons}. Progress is kept in {progress_path()} "
        f"(set {HOME_ENV} to keep it elsewhere).",
    )
    parser.add_argument(
        "--lesson", type=_lesson, metavar="N", help="open lesson N (number or slug)"
    )
    parser.add_argument(
        "--list", action="store_true", help="print the lessons with your progress and exit"
    )
    parser.add_argument(
        "--reset-progress", action="store_true", help="clear all progress (asks first) and exit"
    )
    parser.add_argument("--yes", action="store_true", help="with --reset-progress: do not ask")
    parser.add_argument(
        "--seed", type=_seed, metavar="N", help="make quiz numbers reproducible (0 or more)"
    )
    parser.add_argument(
        "--playground",
        action="store_true",
        help="open the playground; settings follow it (gd-tutor --playground --help lists them)",
    )
    parser.add_argument(
        "--version", action=_VersionAction, nargs=0, help="print the version and exit"
    )
    return parser


def list_lessons(store: ProgressStore) -> str:
    """The lessons in lecture order with the learner's progress, one per line."""
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
    if not assume_yes:
        try:
            answer = input(f"Delete all progress kept in {store.path}? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().casefold() not in {"y", "yes"}:
            print("Nothing was reset.")
            return 1
    store.reset()
    store.require_saved()  # raises StoreUnavailable when the file could not be reset
    print("Progress reset.")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    if "--playground" in words and {"-h", "--help"} & set(words):
        from lessons.playground import playground_help

        print(playground_help())
        return 0
    args, rest = parser.parse_known_args(words)
    playground = None
    if args.playground:
        playground = _playground_settings(rest)
    elif rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if args.yes and not args.reset_progress:
        parser.error("--yes only goes with --reset-progress")

    if args.list or args.reset_progress:
        store = ProgressStore(progress_path())
        try:
            store.require_saved()
            if store.notice:
                print(store.notice, file=sys.stderr)
            if args.reset_progress:
                return reset_progress(store, assume_yes=args.yes)
            print(list_lessons(store))
            return 0
        except StoreUnavailable as error:
            done = "reset" if args.reset_progress else "listed"
            print(f"gd-tutor: {error}. Nothing was {done}.", file=sys.stderr)
            return 1
        finally:
            store.close()

    from tutor.app import GDTutorApp

    app = GDTutorApp(lesson=args.lesson, seed=args.seed, playground=playground)
    app.run()
    return app.return_code or 0


def _playground_settings(rest: list[str]) -> object:
    """Hand the words after --playground to the playground's own parser."""
    from lessons.playground import PlaygroundError, parse_playground_args

    try:
        return parse_playground_args(rest)
    except PlaygroundError as error:
        sys.stderr.write(f"gd-tutor: error: {error} (see gd-tutor --help)\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    raise SystemExit(main())
