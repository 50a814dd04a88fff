"""Spaced, interleaved review: what is due, which questions to ask, and the mistakes that recur.

**Spacing: Leitner boxes per skill.** Each skill sits in a box whose number sets how long until it
is due again: box 0 (just missed) 12 hours, then 1, 3, 7, 14, 30 and 60 days. Replaying the skill's
opportunities (see `lessons.mastery`) in time order:

- a right first answer moves the skill up one box, provided at least half of its current interval
  has passed since it was last moved (answering the same thing twice in one sitting is massed
  practice and earns no extra spacing); the first ever opportunity counts in full;
- a miss (wrong first try, a hint or the worked solution) puts it back in box 0.

The skill is due `interval(box)` after the opportunity that last moved it. So answers that are right
push the next review further out each time, and a miss brings it close again.

**A review session** (`plan_review`) asks about five quiz *parts* with fresh numbers, drawn from the
quizzes the learner has already met. Skills are ranked: due ones first, most urgent first (how far
past due, relative to the interval, plus how weak P(L) is), then the not-yet-due ones weakest first;
each picked skill gets one of its parts (the one missed last, else the least recently practised).
Once quizzes from two lessons have been met, the session holds parts from at least two lessons; and
the order interleaves, never putting two parts of the same lesson or the same question kind next to
each other when another order avoids it. Ties are broken by a seeded generator, so a session is
reproducible with a seed and an injected `now`.

**Recurring mistakes** (`recurring_mistakes`) are the named diagnoses of stored attempts that came
up more than once on the same part, with the part's rule to remember.

**Cheap to ask "what is due".** `skill_status` (what the lesson list's Review line counts) reads the
skill table (`lessons.skills.QUIZ_PARTS`) for the parts of the quizzes met, and draws no quiz: this
module imports neither NumPy nor the quiz machinery until a session is planned (`plan_review`,
`plan_drill`, `quiz_parts`), so the app's first frame needs neither. Tests keep the table equal to
the parts every draw asks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from lessons import LESSONS, Lesson
from lessons.mastery import AttemptLike, Observation, SkillEstimate, estimate_from, observations
from lessons.model import QuizStep
from lessons.skills import QUIZ_PARTS, SKILLS, SKILLS_BY_ID, mistake_name, part_info, part_key

if TYPE_CHECKING:  # imported when a session is planned, not by `skill_status`
    import numpy as np

    from lessons.quiz import Quiz

DAY = 86_400.0
#: Days until a skill in box N is due again.
INTERVAL_DAYS: tuple[float, ...] = (0.5, 1, 3, 7, 14, 30, 60)
#: Questions in a review session.
SESSION_SIZE = 5
#: A right answer moves a skill up once at least this share of its interval has passed.
PROMOTE_AFTER = 0.5
#: How far past the due skills a session looks for a question from another lesson.
INTERLEAVE_WINDOW = 3


def interval(box: int) -> float:
    """Seconds a skill in `box` waits before it is due again."""
    return INTERVAL_DAYS[max(0, min(box, len(INTERVAL_DAYS) - 1))] * DAY


@dataclass
class SkillSchedule:
    """Where a skill stands in the spacing schedule (`moved_at` None: never practised)."""

    skill: str
    box: int = 0
    moved_at: float | None = None

    @property
    def due_at(self) -> float | None:
        return None if self.moved_at is None else self.moved_at + interval(self.box)

    def record(self, correct: bool, at: float) -> None:
        if self.moved_at is None:
            self.box = 1 if correct else 0
            self.moved_at = at
        elif not correct:
            self.box = 0
            self.moved_at = at
        elif at - self.moved_at >= PROMOTE_AFTER * interval(self.box):
            self.box = min(self.box + 1, len(INTERVAL_DAYS) - 1)
            self.moved_at = at


def schedule(found: Iterable[Observation]) -> dict[str, SkillSchedule]:
    """Every skill's box and due time after replaying the observations in time order."""
    schedules = {skill.id: SkillSchedule(skill.id) for skill in SKILLS}
    for observation in sorted(found, key=lambda o: o.at):
        for skill in observation.skills:
            schedules[skill].record(observation.correct, observation.at)
    return schedules


# -- the parts a review can ask --------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One quiz part that a review can ask on its own: where it lives and what it exercises."""

    lesson: Lesson
    step: QuizStep
    index: int
    key: str
    kind: str
    skills: tuple[str, ...]


@cache
def quiz_parts(lesson_slug: str, step_id: str) -> tuple[Part, ...]:
    """The parts of a quiz step, found from one draw (labels and kinds do not depend on numbers)."""
    import numpy as np

    from lessons.quiz import QuizNotConfirmed

    lesson = next(lesson for lesson in LESSONS if lesson.slug == lesson_slug)
    step = lesson.steps[lesson.step_index(step_id)]
    assert isinstance(step, QuizStep)
    quiz = None
    for seed in range(5):  # labels and kinds do not depend on the numbers: any draw will do
        try:
            quiz = step.quiz.draw(np.random.default_rng(seed))
            break
        except QuizNotConfirmed:
            continue
    if quiz is None:
        return ()  # a quiz that cannot be drawn is not asked in a review either
    parts = []
    for index, question in enumerate(quiz.parts):
        info = part_info(lesson_slug, step_id, question.label)
        skills = info.skills if info is not None else ()
        parts.append(Part(lesson, step, index, part_key(question.label), question.kind, skills))
    return tuple(parts)


def part_step(part: Part) -> QuizStep:
    """A quiz step that asks only this part, with fresh numbers from the original generator.

    It keeps the original step's id, so the quiz card records attempts exactly as in the lesson and
    draws its numbers from the same reproducible stream.
    """
    from lessons.quiz import Quiz, QuizSpec

    original = part.step.quiz

    def generate(rng: np.random.Generator) -> Quiz:
        quiz = original.generate(rng)
        # Found by key, not position: some quizzes shuffle the order of their parts.
        for question in quiz.parts:
            if part_key(question.label) == part.key:
                return Quiz(quiz.intro, (question,), quiz.figure)
        raise ValueError(f"this draw has no part {part.key!r}")  # QuizSpec draws again

    return QuizStep(
        id=part.step.id,
        title=f"{part.step.title} · {part.key}",
        text=part.step.text,
        quiz=QuizSpec(generate, max_draws=original.max_draws),
        syllabus=part.step.syllabus,
    )


def met_parts(
    attempts: Iterable[AttemptLike],
    completed: Mapping[str, set[str]],
    lessons: Iterable[Lesson] = LESSONS,
) -> list[Part]:
    """Parts of every quiz the learner has met: answered at least once, or completed."""
    answered = {(a.lesson, a.step) for a in attempts}  # a set: cheap even for long histories
    parts: list[Part] = []
    for lesson in lessons:
        done = completed.get(lesson.slug, set())
        for step in lesson.steps:
            if isinstance(step, QuizStep) and (
                (lesson.slug, step.id) in answered or step.id in done
            ):
                parts.extend(p for p in quiz_parts(lesson.slug, step.id) if p.skills)
    return parts


def met_skills(
    attempts: Iterable[AttemptLike],
    completed: Mapping[str, set[str]],
    lessons: Iterable[Lesson] = LESSONS,
) -> set[str]:
    """The skills of the parts of every quiz met, read from the skill table: no quiz is drawn.

    The same skills as `met_parts` finds by drawing (tests keep `QUIZ_PARTS` equal to what every
    draw asks), but without NumPy or the quiz generators, so the lesson list can count what is due.
    """
    answered = {(a.lesson, a.step) for a in attempts}
    found: set[str] = set()
    for lesson in lessons:
        done = completed.get(lesson.slug, set())
        for step in lesson.steps:
            if isinstance(step, QuizStep) and (
                (lesson.slug, step.id) in answered or step.id in done
            ):
                for info in QUIZ_PARTS.get((lesson.slug, step.id), {}).values():
                    found.update(info.skills)
    return found


# -- the state of every skill ----------------------------------------------------------------------


@dataclass(frozen=True)
class SkillStatus:
    """Mastery and schedule of one skill at a given moment."""

    skill: str
    estimate: SkillEstimate
    schedule: SkillSchedule
    reviewable: bool
    now: float

    @property
    def name(self) -> str:
        return SKILLS_BY_ID[self.skill].name

    @property
    def due(self) -> bool:
        """Due now: its time has come, or it belongs to a met quiz and was never answered."""
        if not self.reviewable:
            return False
        due_at = self.schedule.due_at
        return due_at is None or self.now >= due_at

    @property
    def urgency(self) -> float:
        """How much a review is needed: overdue share of the interval plus how weak it is."""
        weak = 1.0 - self.estimate.p_known
        due_at = self.schedule.due_at
        if due_at is None:
            return 1.0 + weak
        return (self.now - due_at) / interval(self.schedule.box) + weak


def skill_status(
    attempts: Iterable[AttemptLike],
    completed: Mapping[str, set[str]],
    now: float,
    lessons: Iterable[Lesson] = LESSONS,
) -> dict[str, SkillStatus]:
    """Every skill's mastery estimate, box, due time and whether a review can ask about it."""
    attempts = list(attempts)
    return _status(observations(attempts), met_skills(attempts, completed, lessons), now)


def _status(found: list[Observation], reviewable: set[str], now: float) -> dict[str, SkillStatus]:
    estimates = estimate_from(found)
    schedules = schedule(found)
    return {
        skill.id: SkillStatus(
            skill.id, estimates[skill.id], schedules[skill.id], skill.id in reviewable, now
        )
        for skill in SKILLS
    }


def due_skills(status: Mapping[str, SkillStatus]) -> list[SkillStatus]:
    """The skills due now, most urgent first."""
    return sorted((s for s in status.values() if s.due), key=lambda s: -s.urgency)


# -- planning a session ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewItem:
    """One question of a review session and why it was chosen."""

    part: Part
    skill: str
    reason: str

    @property
    def step(self) -> QuizStep:
        return part_step(self.part)


def _reason(status: SkillStatus) -> str:
    due_at = status.schedule.due_at
    if due_at is None:
        return "not answered yet"
    days = (status.now - due_at) / DAY
    if days >= 1:
        return f"due {days:.0f} day{'s' if round(days) != 1 else ''} ago"
    if days >= 0:
        return "due today"
    known = math.floor(status.estimate.p_known * 100)
    return f"extra practice: not due yet, {known}% known"


def plan_review(
    attempts: Iterable[AttemptLike],
    completed: Mapping[str, set[str]],
    now: float,
    *,
    size: int = SESSION_SIZE,
    seed: int | None = None,
    lessons: Iterable[Lesson] = LESSONS,
) -> list[ReviewItem]:
    """About `size` questions: due and weak skills first, mixed across lessons and kinds."""
    attempts = list(attempts)
    parts = met_parts(attempts, completed, lessons)
    if not parts:
        return []
    import numpy as np

    found = observations(attempts)
    status = _status(found, {skill for part in parts for skill in part.skills}, now)
    rng = np.random.default_rng(seed)
    tiebreak = {skill.id: float(rng.random()) for skill in SKILLS}
    reviewable = [s for s in status.values() if s.reviewable]
    due = sorted((s for s in reviewable if s.due), key=lambda s: (-s.urgency, tiebreak[s.skill]))
    rest = sorted(
        (s for s in reviewable if not s.due),
        key=lambda s: (s.estimate.p_known, tiebreak[s.skill]),
    )
    ranked = due + rest
    last_seen = _last_outcome(found)
    chosen: list[ReviewItem] = []
    used: set[tuple[str, str, int]] = set()
    queue = [ranked[turn % len(ranked)] for turn in range(size * 2)]
    while queue and len(chosen) < size:
        previous = chosen[-1].part.lesson.slug if chosen else None
        # Interleave: the first skill, in priority order, that another lesson can ask about, among
        # those due and the next few.
        picked: tuple[SkillStatus, Part] | None = None
        window = [s for i, s in enumerate(queue) if s.due or i < INTERLEAVE_WINDOW]
        for skill in window:
            part = _pick_part(skill.skill, parts, used, last_seen, rng, exclude_lesson=previous)
            if part is not None:
                picked = (skill, part)
                break
        if picked is None:
            skill = queue[0]
            part = _pick_part(skill.skill, parts, used, last_seen, rng)
            if part is None:
                queue.pop(0)
                continue
            picked = (skill, part)
        skill, part = picked
        queue.remove(skill)
        used.add((part.lesson.slug, part.step.id, part.index))
        chosen.append(ReviewItem(part, skill.skill, _reason(skill)))
    _mix_lessons(chosen, parts, ranked, used, last_seen, rng)
    return interleave(chosen)


def plan_drill(lesson: str, step: str, part: str, *, size: int = 3) -> list[ReviewItem]:
    """The same part `size` times with fresh numbers: practising exactly one recurring mistake."""
    for candidate in quiz_parts(lesson, step):
        if candidate.key == part_key(part) and candidate.skills:
            return [ReviewItem(candidate, candidate.skills[0], "practise this mistake")] * size
    return []


def _last_outcome(found: list[Observation]) -> dict[tuple[str, str, str], tuple[bool, float]]:
    return {(o.lesson, o.step, o.part): (o.correct, o.at) for o in found}


def _pick_part(
    skill: str,
    parts: list[Part],
    used: set[tuple[str, str, int]],
    last_seen: Mapping[tuple[str, str, str], tuple[bool, float]],
    rng: np.random.Generator,
    *,
    exclude_lesson: str | None = None,
) -> Part | None:
    """The part of `skill` missed last, else the one least recently practised."""
    options = [
        p
        for p in parts
        if skill in p.skills
        and (p.lesson.slug, p.step.id, p.index) not in used
        and p.lesson.slug != exclude_lesson
    ]
    if not options:
        return None
    noise = rng.random(len(options))

    def rank(item: tuple[Part, float]) -> tuple[int, float, float]:
        part, jitter = item
        seen = last_seen.get((part.lesson.slug, part.step.id, part.key))
        if seen is None:
            return (1, float("-inf"), jitter)
        right, at = seen
        return (0 if not right else 2, at, jitter)

    return min(zip(options, noise, strict=True), key=rank)[0]


def _mix_lessons(
    chosen: list[ReviewItem],
    parts: list[Part],
    ranked: list[SkillStatus],
    used: set[tuple[str, str, int]],
    last_seen: Mapping[tuple[str, str, str], tuple[bool, float]],
    rng: np.random.Generator,
) -> None:
    """Once quizzes of two lessons are met, make sure the session asks from at least two."""
    met = {p.lesson.slug for p in parts}
    asked = {item.part.lesson.slug for item in chosen}
    if len(met) < 2 or len(asked) != 1 or not chosen:
        return
    only = next(iter(asked))
    for status in ranked:
        part = _pick_part(status.skill, parts, used, last_seen, rng, exclude_lesson=only)
        if part is not None:
            item = ReviewItem(part, status.skill, _reason(status))
            if len(chosen) >= 2:
                chosen[-1] = item
            else:
                chosen.append(item)
            return


def interleave(items: list[ReviewItem]) -> list[ReviewItem]:
    """Keep the priority order, but avoid the same lesson or question kind twice in a row."""
    left = list(items)
    order: list[ReviewItem] = []
    while left:
        previous = order[-1].part if order else None
        pick = left[0]
        if previous is not None:
            other = [i for i in left if i.part.lesson.slug != previous.lesson.slug]
            pick = next((i for i in other if i.part.kind != previous.kind), None) or (
                other[0] if other else left[0]
            )
        left.remove(pick)
        order.append(pick)
    return order


# -- recurring mistakes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecurringMistake:
    """A named diagnosis that came up more than once on one part."""

    lesson: str
    step: str
    part: str
    diagnosis: str
    count: int
    last_at: float

    @property
    def name(self) -> str:
        return mistake_name(self.diagnosis, self.part)

    @property
    def rule(self) -> str:
        info = part_info(self.lesson, self.step, self.part)
        return info.rule if info is not None else ""


def recurring_mistakes(
    attempts: Iterable[AttemptLike], *, at_least: int = 2
) -> list[RecurringMistake]:
    """Named diagnoses seen at least `at_least` times on a part, most frequent and recent first."""
    counts: dict[tuple[str, str, str, str], tuple[int, float]] = {}
    for attempt in attempts:
        if not attempt.diagnosis or part_info(attempt.lesson, attempt.step, attempt.part) is None:
            continue  # only quiz parts' named mistakes (not, say, a demo's prediction notes)
        key = (attempt.lesson, attempt.step, part_key(attempt.part), attempt.diagnosis)
        count, last = counts.get(key, (0, 0.0))
        counts[key] = (count + 1, max(last, attempt.at))
    found = [
        RecurringMistake(*key, count, last)
        for key, (count, last) in counts.items()
        if count >= at_least
    ]
    return sorted(found, key=lambda m: (-m.count, -m.last_at))


__all__ = [
    "DAY",
    "INTERVAL_DAYS",
    "SESSION_SIZE",
    "Part",
    "RecurringMistake",
    "ReviewItem",
    "SkillSchedule",
    "SkillStatus",
    "due_skills",
    "interleave",
    "interval",
    "met_parts",
    "met_skills",
    "part_step",
    "plan_drill",
    "plan_review",
    "quiz_parts",
    "recurring_mistakes",
    "schedule",
    "skill_status",
]
