"""The learner's progress in words: mastery per lesson and concept, what is due, recurring mistakes.

`build_report` reads the store once; `report_lines` lays the report out as styled lines that the
progress screen shows and `gd-tutor --progress` prints (as plain text), so both always agree.
"""

from __future__ import annotations

import math
import sys
import textwrap
import time
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text

from lessons import LESSONS, Lesson
from lessons.mastery import MASTERED, concept_mastery
from lessons.review import DAY, RecurringMistake, SkillStatus, recurring_mistakes, skill_status
from lessons.skills import CONCEPT_NAMES, SKILLS, skills_of_concept
from tutor.progress import ProgressStore

BAR = 10


@dataclass(frozen=True)
class ConceptRow:
    concept: str
    name: str
    mastery: float | None


@dataclass(frozen=True)
class LessonRow:
    lesson: Lesson
    steps_done: int
    concepts: tuple[ConceptRow, ...]
    skills: tuple[str, ...]


@dataclass(frozen=True)
class ProgressReport:
    now: float
    lessons: tuple[LessonRow, ...]
    skills: dict[str, SkillStatus]
    mistakes: tuple[RecurringMistake, ...]

    @property
    def due(self) -> list[SkillStatus]:
        return sorted((s for s in self.skills.values() if s.due), key=lambda s: -s.urgency)

    @property
    def practised(self) -> bool:
        return any(s.estimate.practised for s in self.skills.values())


def completed_by_lesson(store: ProgressStore, lessons: Iterable[Lesson] = LESSONS) -> dict:
    return {lesson.slug: store.completed_steps(lesson.slug) for lesson in lessons}


def build_report(store: ProgressStore, now: float | None = None) -> ProgressReport:
    """Everything the progress screen shows, computed from the stored steps and attempts."""
    now = time.time() if now is None else now
    attempts = store.attempts()
    completed = completed_by_lesson(store)
    status = skill_status(attempts, completed, now)
    estimates = {skill: s.estimate for skill, s in status.items()}
    rows = []
    for lesson in LESSONS:
        concepts = tuple(
            ConceptRow(c, CONCEPT_NAMES.get(c, c), concept_mastery(skills_of_concept(c), estimates))
            for c in lesson.syllabus
        )
        skills = tuple(
            skill.id for skill in SKILLS if any(c in skill.concepts for c in lesson.syllabus)
        )
        done = len(completed[lesson.slug] & {step.id for step in lesson.steps})
        rows.append(LessonRow(lesson, done, concepts, skills))
    return ProgressReport(now, tuple(rows), status, tuple(recurring_mistakes(attempts)))


# -- where to go on --------------------------------------------------------------------------------


@dataclass(frozen=True)
class NextStep:
    """Where "Continue" leads: a step of a lesson, or (every step done) a review."""

    lesson: Lesson | None
    index: int = 0

    @property
    def review(self) -> bool:
        return self.lesson is None


def next_step(store: ProgressStore, lessons: tuple[Lesson, ...] = LESSONS) -> NextStep | None:
    """The first unfinished step from where the learner was, else the next lesson, else review.

    From the saved position: the first step not done at or after it, then any earlier one in the
    same lesson; once that lesson is done, the first unfinished step of the lessons after it (then
    before it); once every step of every lesson is done, a review. None before any lesson is opened.
    """
    position = store.position()
    if position is None:
        return None
    order = [lesson.slug for lesson in lessons]
    start_lesson = order.index(position[0]) if position[0] in order else 0
    lesson = lessons[start_lesson]
    try:
        start = lesson.step_index(position[1])
    except KeyError:
        start = 0
    done = store.completed_steps(lesson.slug)
    indices = list(range(start, len(lesson.steps))) + list(range(start))
    for index in indices:
        if lesson.steps[index].id not in done:
            return NextStep(lesson, index)
    for other in lessons[start_lesson + 1 :] + lessons[:start_lesson]:
        done = store.completed_steps(other.slug)
        for index, step in enumerate(other.steps):
            if step.id not in done:
                return NextStep(other, index)
    return NextStep(None)


def step_heading(text: str, fallback: str) -> str:
    """The title a step's page shows (its Markdown heading), so lists name it the same way."""
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return fallback


# -- layout ----------------------------------------------------------------------------------------


def bar(fraction: float, width: int = BAR) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def when(moment: float, now: float) -> str:
    """A due time in words, relative to now."""
    days = (moment - now) / DAY
    if days <= 0:
        late = -days
        return "due now" if late < 1 else f"due now ({late:.0f} day{_s(late)} late)"
    if days * 24 < 23.5:
        return f"due in {max(1, round(days * 24))} h"
    return f"due in {max(1, round(days))} day{_s(days)}"


def _s(days: float) -> str:
    return "" if round(days) == 1 else "s"


def date_text(moment: float) -> str:
    """ "28 Nov" for a moment in the past (local time)."""
    stamp = time.localtime(moment)
    return f"{stamp.tm_mday} {time.strftime('%b', stamp)}"


def _mastery_cells(mastery: float | None) -> Text:
    if mastery is None:
        return Text("not practised yet", style="dim")
    mark = " ✓" if mastery >= MASTERED else ""
    style = "green" if mastery >= MASTERED else ("yellow" if mastery >= 0.5 else "red")
    # Floored: 99.6 % is not yet certain, and "100%" would claim it is.
    return Text.assemble((bar(mastery), style), f" {math.floor(mastery * 100):3d}%{mark}")


def _skill_line(status: SkillStatus, now: float) -> Text:
    estimate = status.estimate
    if not estimate.practised:
        state = "due now" if status.reviewable else ""
    else:
        due_at = status.schedule.due_at
        state = when(due_at, now) if due_at is not None else ""
    return Text.assemble(
        f"  {status.name:<34.34} ",
        _mastery_cells(estimate.p_known if estimate.practised else None),
        (f"  {state}", "bold" if status.due else "dim"),
    )


def report_lines(report: ProgressReport, *, screen: bool) -> list[Text]:
    """The report as lines; `screen` words the actions as keys, otherwise as commands."""
    now = report.now
    lines: list[Text] = []
    due = report.due
    review = "press r" if screen else "run gd-tutor review"
    if not report.practised:
        lines.append(
            Text("No quiz answered yet: mastery and reviews start with your first answer.")
        )
    elif due:
        names = "; ".join(s.name for s in due[:3]) + (" …" if len(due) > 3 else "")
        lines.append(Text.assemble((f"Review · {len(due)} due", "bold"), f" ({review}): {names}"))
    else:
        upcoming = [s.schedule.due_at for s in report.skills.values() if s.schedule.due_at]
        nxt = when(min(upcoming), now) if upcoming else ""
        lines.append(Text(f"Nothing due for review; the next one is {nxt.removeprefix('due ')}."))
    lines.append(Text(""))

    lines.append(Text("Your recurring mistakes", style="bold"))
    if not report.mistakes:
        lines.append(
            Text("  None so far: a mistake shows here once it comes up twice.", style="dim")
        )
    for number, mistake in enumerate(report.mistakes[:9], start=1):
        practise = (
            f"press {number} to practise"
            if screen
            else f"practise: gd-tutor review --mistake {number}"
        )
        lines.append(
            Text.assemble(
                f"  {number}. ",
                (mistake.name, "bold"),
                f": {mistake.count} times, last on {date_text(mistake.last_at)}",
            )
        )
        lines.append(Text(f"     Remember: {mistake.rule}"))
        lines.append(Text(f"     ({practise})", style="dim"))
    lines.append(Text(""))

    lines.append(Text("Skills and when they are due", style="bold"))
    for status in sorted(
        report.skills.values(),
        key=lambda s: (not s.due, not s.estimate.practised, -s.urgency),
    ):
        if status.estimate.practised or status.reviewable:
            lines.append(_skill_line(status, now))
    if not any(s.estimate.practised or s.reviewable for s in report.skills.values()):
        lines.append(Text("  none yet: answer a quiz in a lesson", style="dim"))
    lines.append(Text(""))

    for row in report.lessons:
        lesson = row.lesson
        mastered = sum(report.skills[s].estimate.mastered for s in row.skills)
        lines.append(Text(f"Lesson {lesson.number} · {lesson.title}", style="bold"))
        lines.append(
            Text(
                f"  {row.steps_done} of {len(lesson.steps)} steps done · "
                f"{mastered} of {len(row.skills)} skills mastered",
                style="dim",
            )
        )
        for concept in row.concepts:
            lines.append(
                Text.assemble(
                    (f"  {concept.concept:<6}", "dim"),
                    f"{concept.name:<37.37}",
                    _mastery_cells(concept.mastery),
                )
            )
        if row is not report.lessons[-1]:
            lines.append(Text(""))
    return lines


def report_text(report: ProgressReport, width: int = 80) -> str:
    """The report as plain text folded to `width`, for `gd-tutor --progress`."""
    out = []
    for line in report_lines(report, screen=False):
        plain = line.plain.rstrip()
        indent = " " * (len(plain) - len(plain.lstrip()))
        out.extend(textwrap.wrap(plain, width, subsequent_indent=indent + "  ") or [""])
    return "\n".join(out)


# -- `gd-tutor review` -----------------------------------------------------------------------------


class NothingToReview(Exception):
    """`gd-tutor review` has nothing to ask; the message says why and what to do."""


def review_plan(mistake: int | None = None) -> RecurringMistake | None:
    """What `gd-tutor review` opens: recurring mistake N to practise, or (None) a review.

    Raises `NothingToReview` with a message for the learner when there is nothing to open.
    """
    from lessons.review import plan_review
    from tutor.locations import progress_path

    store = ProgressStore(progress_path())
    try:
        if store.notice:
            print(store.notice, file=sys.stderr)
        attempts = store.attempts()
        if mistake is not None:
            mistakes = recurring_mistakes(attempts)[:9]
            if not 1 <= mistake <= len(mistakes):
                have = f"1 to {len(mistakes)}" if mistakes else "none yet"
                raise NothingToReview(f"There is no recurring mistake {mistake} (you have {have}).")
            return mistakes[mistake - 1]
        if not plan_review(attempts, completed_by_lesson(store), time.time()):
            raise NothingToReview(
                "Nothing to review yet: reviews ask about the quizzes you have met in the "
                "lessons. Start with gd-tutor --lesson 1."
            )
        return None
    finally:
        store.close()


__all__ = [
    "NextStep",
    "NothingToReview",
    "ProgressReport",
    "build_report",
    "completed_by_lesson",
    "date_text",
    "next_step",
    "report_lines",
    "report_text",
    "review_plan",
    "step_heading",
    "when",
]
