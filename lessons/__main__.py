"""`python -m lessons check`: validate every lesson manifest (ids, files, factories, syllabus)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args != ["check"]:
        print("usage: python -m lessons check", file=sys.stderr)
        return 2
    from lessons.loader import discover, problems

    found = problems()
    if found:
        print(f"{len(found)} problem{'s' if len(found) != 1 else ''} in the lesson manifests:")
        for problem in found:
            print(f"  - {problem}")
        return 1
    lessons = discover()
    steps = sum(len(lesson.steps) for lesson in lessons)
    print(f"ok: {len(lessons)} lessons, {steps} steps; every manifest checks out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
