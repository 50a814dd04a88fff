"""Skills, mastery and spaced review, driven by a simulated learner over simulated days."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pytest

from lessons import LESSONS
from lessons.mastery import MASTERED, P_L0, bkt_update, estimate, observations
from lessons.model import QuizStep
from lessons.quiz import quiz_problems
from lessons.review import (
    DAY,
    interleave,
    part_step,
    plan_drill,
    plan_review,
    quiz_parts,
    recurring_mistakes,
    schedule,
    skill_status,
)
from lessons.skills import (
    CONCEPT_NAMES,
    MISTAKE_NAMES,
    QUIZ_PARTS,
    SKILLS,
    mistake_name,
    part_key,
    skills_of_concept,
)

START = 1_800_000_000.0  # an arbitrary fixed "now" for the simulated calendar
SYLLABUS = [c for lesson in LESSONS for step in lesson.steps for c in step.syllabus]


@dataclass(frozen=True)
class Try:
    """An attempt as the store keeps it."""

    lesson: str
    step: str
    part: str
    verdict: str
    diagnosis: str | None = None
    hints_used: int = 0
    solution_shown: bool = False
    at: float = START


def quiz_steps() -> list[tuple[str, QuizStep]]:
    return [(les.slug, s) for les in LESSONS for s in les.steps if isinstance(s, QuizStep)]


# -- the skill map covers the curriculum ----------------------------------------------------------


def test_every_syllabus_concept_belongs_to_a_skill_and_has_a_name() -> None:
    for concept in dict.fromkeys(SYLLABUS):
        assert skills_of_concept(concept), concept
        assert concept in CONCEPT_NAMES
    assert set(CONCEPT_NAMES) == set(SYLLABUS)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_quiz_part_of_every_draw_belongs_to_a_skill(seed: int) -> None:
    for slug, step in quiz_steps():
        quiz = step.quiz.draw(np.random.default_rng(seed))
        mapped = QUIZ_PARTS[(slug, step.id)]
        assert {part_key(p.label) for p in quiz.parts} == set(mapped), step.id
        for part in quiz.parts:
            info = mapped[part_key(part.label)]
            assert info.skills and info.rule
            for mistake in part.mistakes:
                assert mistake.key in MISTAKE_NAMES, (step.id, mistake.key)
    known = {skill.id for skill in SKILLS}
    assert {s for parts in QUIZ_PARTS.values() for p in parts.values() for s in p.skills} <= known


def test_part_keys_drop_the_entry_a_draw_picked() -> None:
    assert part_key("dZ2[0, 1]") == "dZ2"
    assert part_key("new W2[0, 0]") == "new W2"
    assert mistake_name("sign", "dz") == "sign of dz flipped"
    assert mistake_name("made_up", "dz") == "dz: made up"


def test_a_single_part_review_step_draws_one_confirmed_part() -> None:
    for slug, step in quiz_steps():
        for part in quiz_parts(slug, step.id):
            single = part_step(part)
            assert single.id == step.id
            quiz = single.quiz.draw(np.random.default_rng(5))
            assert len(quiz.parts) == 1 and part_key(quiz.parts[0].label) == part.key
            assert quiz_problems(quiz) == []


# -- Bayesian Knowledge Tracing -------------------------------------------------------------------


def test_bkt_right_answers_raise_and_misses_lower_the_estimate() -> None:
    assert bkt_update(P_L0, True, 0.1) > P_L0
    assert bkt_update(0.8, False, 0.1) < 0.8
    p = P_L0
    for _ in range(3):
        p = bkt_update(p, True, 0.1)
    assert p >= MASTERED  # three right first answers in a row
    assert bkt_update(p, False, 0.1) < MASTERED  # and a miss right after undoes it


def test_only_the_first_try_of_an_opportunity_counts_and_help_means_not_known() -> None:
    lesson, step = "logistic-regression-gd", "backward-quiz"
    tries = [
        Try(lesson, step, "dz", "mistake", "sign", at=START),
        Try(lesson, step, "dz", "correct", at=START + 20),  # same opportunity
        Try(lesson, step, "db", "correct", hints_used=1, at=START + 40),  # a hint: not known
        Try(lesson, step, "dw1", "correct", at=START + 60),
        Try(lesson, step, "dw2", "wrong", at=START + 80),
        Try(lesson, step, "dw2", "correct", solution_shown=True, at=START + 90),
    ]
    found = observations(tries)
    assert [(o.part, o.correct) for o in found] == [
        ("dz", False),
        ("db", False),
        ("dw1", True),
        ("dw2", False),
    ]
    shown = [Try(lesson, step, "da", "correct", solution_shown=True, at=START)]
    assert observations(shown)[0].correct is False


def test_a_part_tried_again_after_a_long_break_is_a_new_opportunity() -> None:
    lesson, step = "logistic-regression-gd", "backward-quiz"
    tries = [
        Try(lesson, step, "dz", "wrong", at=START),
        Try(lesson, step, "dz", "correct", at=START + DAY),
    ]
    assert [o.correct for o in observations(tries)] == [False, True]


def test_mistyped_answers_are_not_tries() -> None:
    tries = [
        Try(*DZ, "invalid", at=START),
        Try(*DZ, "correct", at=START + 10),
    ]
    assert [o.correct for o in observations(tries)] == [True]


def test_unknown_parts_are_ignored() -> None:
    assert observations([Try("gone", "x", "y", "correct")]) == []
    assert estimate([Try("gone", "x", "y", "correct")])["chain-rule"].opportunities == 0


DZ = ("logistic-regression-gd", "backward-quiz", "dz")


# -- a simulated learner over simulated days ------------------------------------------------------


class Learner:
    """Answers one part whenever asked, right or wrong as told, on a calendar we control."""

    def __init__(self) -> None:
        self.tries: list[Try] = []
        self.now = START

    def answer(self, lesson: str, step: str, part: str, right: bool) -> None:
        if right:
            self.tries.append(Try(lesson, step, part, "correct", at=self.now))
        else:
            self.tries.append(Try(lesson, step, part, "mistake", "sign", at=self.now))
            self.tries.append(Try(lesson, step, part, "correct", hints_used=1, at=self.now + 30))
        self.now += 60

    def wait_days(self, days: float) -> None:
        self.now += days * DAY

    def status(self) -> dict:
        return skill_status(self.tries, {}, self.now)


def test_right_answers_raise_mastery_and_push_reviews_further_out() -> None:
    learner = Learner()
    gaps, masteries = [], []
    for _ in range(5):
        learner.answer(*DZ, right=True)
        state = learner.status()["chain-rule"]
        masteries.append(state.estimate.p_known)
        gap = state.schedule.due_at - learner.now
        gaps.append(gap)
        assert not state.due
        learner.wait_days(gap / DAY + 0.1)  # come back just after it falls due
        assert learner.status()["chain-rule"].due
    assert masteries == sorted(masteries) and masteries[-1] >= MASTERED
    assert all(later > earlier for earlier, later in pairwise(gaps))
    assert gaps[-1] > 10 * DAY


def test_a_miss_brings_the_review_close_again_and_lowers_mastery() -> None:
    learners = Learner(), Learner()
    for learner in learners:
        for _ in range(4):
            learner.answer(*DZ, right=True)
            learner.wait_days((learner.status()["chain-rule"].schedule.due_at - learner.now) / DAY)
    right, missed = learners
    right.answer(*DZ, right=True)
    missed.answer(*DZ, right=False)
    kept, lost = right.status()["chain-rule"], missed.status()["chain-rule"]
    assert lost.estimate.p_known < kept.estimate.p_known
    assert lost.schedule.due_at - missed.now <= DAY / 2
    assert kept.schedule.due_at - right.now > 10 * DAY


def test_answering_again_in_the_same_sitting_earns_no_extra_spacing() -> None:
    learner = Learner()
    learner.answer(*DZ, right=True)
    first = learner.status()["chain-rule"].schedule.box
    for _ in range(5):
        learner.answer(*DZ, right=True)
    assert learner.status()["chain-rule"].schedule.box == first


def test_schedule_of_nothing_is_unpractised() -> None:
    assert all(s.due_at is None for s in schedule([]).values())


# -- review sessions ------------------------------------------------------------------------------


def study_lessons_1_and_2(learner: Learner) -> None:
    for slug, step in quiz_steps():
        if slug == "neural-network-gd":
            continue
        for part in quiz_parts(slug, step.id):
            learner.answer(slug, step.id, part.key, right=part.key not in {"dz", "new w"})


def test_a_review_mixes_two_lessons_and_puts_the_weak_and_due_first() -> None:
    learner = Learner()
    study_lessons_1_and_2(learner)
    learner.wait_days(8)
    items = plan_review(learner.tries, {}, learner.now, seed=3)
    assert len(items) == 5
    assert len({item.part.lesson.slug for item in items}) >= 2
    assert {i.part.lesson.slug for i in items} <= {"gradient-descent", "logistic-regression-gd"}
    keys = [item.part.key for item in items]
    assert "dz" in keys and "new w" in keys  # the two misses come back
    for a, b in pairwise(items):
        assert a.part.lesson.slug != b.part.lesson.slug or a.part.kind != b.part.kind


def test_a_review_of_one_studied_lesson_stays_there_and_is_reproducible() -> None:
    learner = Learner()
    learner.answer(*DZ, right=False)
    learner.wait_days(2)
    first = plan_review(learner.tries, {}, learner.now, seed=7)
    again = plan_review(learner.tries, {}, learner.now, seed=7)
    assert [(i.part.key, i.skill) for i in first] == [(i.part.key, i.skill) for i in again]
    assert {i.part.lesson.slug for i in first} == {"logistic-regression-gd"}
    assert first[0].part.key == "dz"
    assert plan_review([], {}, START) == []


def test_a_review_mixes_lessons_even_when_one_lesson_holds_every_due_skill() -> None:
    learner = Learner()
    study_lessons_1_and_2(learner)
    # Lesson 1 reviewed recently and well; lesson 2 left to fall due.
    learner.wait_days(30)
    for slug, step in quiz_steps():
        if slug == "gradient-descent":
            for part in quiz_parts(slug, step.id):
                learner.answer(slug, step.id, part.key, right=True)
    items = plan_review(learner.tries, {}, learner.now, seed=1, size=3)
    assert len({item.part.lesson.slug for item in items}) == 2


def test_interleave_avoids_repeating_a_lesson_when_it_can() -> None:
    learner = Learner()
    study_lessons_1_and_2(learner)
    items = plan_review(learner.tries, {}, learner.now + 9 * DAY, seed=0)
    lessons = [item.part.lesson.slug for item in interleave(items)]
    runs = sum(a == b for a, b in pairwise(lessons))
    assert runs <= abs(lessons.count("gradient-descent") * 2 - len(lessons))


def test_a_drill_asks_the_same_part_with_fresh_numbers() -> None:
    items = plan_drill("neural-network-gd", "output-gradients", "dW2[0, 2]")
    assert len(items) == 3 and {i.part.key for i in items} == {"dW2"}
    assert plan_drill("neural-network-gd", "output-gradients", "nope") == []


# -- recurring mistakes ---------------------------------------------------------------------------


def test_recurring_mistakes_count_named_diagnoses_per_part() -> None:
    tries = [
        Try(*DZ, "mistake", "sign", at=START),
        Try(*DZ, "mistake", "sign", at=START + DAY),
        Try(*DZ, "mistake", "sign", at=START + 2 * DAY),
        Try(*DZ, "mistake", "da_for_dz", at=START),  # once: not recurring
        Try("neural-network-gd", "output-gradients", "dW2[0, 1]", "mistake", "no_1_over_m"),
        Try("neural-network-gd", "output-gradients", "dW2[0, 2]", "mistake", "no_1_over_m"),
        Try(*DZ, "wrong", None, at=START),
        Try(*DZ, "wrong", None, at=START),
        Try(L2 := "logistic-regression-gd", "forward-demo", "prediction:p", "held", "a note"),
        Try(L2, "forward-demo", "prediction:p", "held", "a note"),
    ]
    found = recurring_mistakes(tries)
    assert [(m.name, m.count) for m in found] == [
        ("sign of dz flipped", 3),
        ("dW2: the 1/m left out", 2),
    ]
    assert found[0].last_at == START + 2 * DAY
    assert "a − y" in found[0].rule


def test_a_quiz_that_cannot_be_drawn_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    import lessons.review as review
    from lessons.quiz import QuizNotConfirmed, QuizSpec

    slug, step = quiz_steps()[0]

    def refuse(self: QuizSpec, rng: np.random.Generator) -> None:
        raise QuizNotConfirmed("never")

    monkeypatch.setattr(QuizSpec, "draw", refuse)
    review.quiz_parts.cache_clear()
    try:
        assert review.quiz_parts(slug, step.id) == ()
    finally:
        monkeypatch.undo()
        review.quiz_parts.cache_clear()
    assert review.quiz_parts(slug, step.id)
