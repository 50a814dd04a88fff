"""Mastery per skill, estimated from every stored attempt with Bayesian Knowledge Tracing.

The model (Corbett & Anderson 1995, as in the Cognitive Tutors) keeps one number per skill, P(L):
the probability the learner knows it. Each *opportunity* to use the skill is one observation:

- right:  P(L | right) = P(L)(1 − S) / (P(L)(1 − S) + (1 − P(L))·G)
- wrong:  P(L | wrong) = P(L)·S / (P(L)·S + (1 − P(L))(1 − G))
- then learning: P(L) ← P(L | obs) + (1 − P(L | obs))·T

with P(L₀) = 0.1 (the lesson text was read, nothing shown yet), P(T) = 0.1 per opportunity,
P(S) = 0.1 (a slip by someone who knows it), and P(G) per skill (`Skill.guess`: 0.1 for numbers and
shapes, 0.25 where the answer is one of a few options). A skill is mastered at P(L) ≥ 0.95: with
these values that takes three right first answers in a row from scratch (0.55, 0.93, 0.99), and
one miss right after takes it back below (0.94). After a long run of right answers a single miss
reads as a slip and barely moves P(L); the review schedule (`lessons.review`) still brings the
skill back within half a day.

What counts as an opportunity, following the Cognitive Tutors' "first attempt" rule: the attempts at
one quiz part (same lesson, step and part key) up to and including its first right answer form one
opportunity, and only how it began counts. It is *right* when the first attempt was right with no
hint and no worked solution; a hint, the worked solution, or any wrong or "close" first try makes
it *wrong* (using the solution counts as not knowing it yet). Invalid input is never stored, so it
never counts. Attempts more than `OPPORTUNITY_GAP` apart start a new opportunity even without a
right answer between them (the learner left and came back).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from lessons.skills import SKILLS, SKILLS_BY_ID, part_info, part_key

P_L0 = 0.1
P_T = 0.1
P_S = 0.1
MASTERED = 0.95
#: Seconds after which a new attempt at an unfinished part is a new opportunity (30 minutes).
OPPORTUNITY_GAP = 30 * 60.0


class AttemptLike(Protocol):
    """What the model reads from a stored attempt (the store's `Attempt` has these fields)."""

    @property
    def lesson(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def part(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def diagnosis(self) -> str | None: ...
    @property
    def hints_used(self) -> int: ...
    @property
    def solution_shown(self) -> bool: ...
    @property
    def at(self) -> float: ...


@dataclass(frozen=True)
class Observation:
    """One opportunity at one quiz part: right first time without help, or not."""

    lesson: str
    step: str
    part: str
    skills: tuple[str, ...]
    correct: bool
    at: float


def observations(attempts: Iterable[AttemptLike]) -> list[Observation]:
    """Group stored attempts into opportunities, in the order they began.

    Attempts at parts no lesson asks any more (or never mapped to a skill) are left out.
    """
    last_try: dict[tuple[str, str, str], float] = {}  # parts with an unfinished opportunity
    found: list[Observation] = []
    for attempt in sorted(attempts, key=lambda a: a.at):
        info = part_info(attempt.lesson, attempt.step, attempt.part)
        if info is None or attempt.verdict == "invalid":  # a mistyped answer is not a try
            continue
        key = (attempt.lesson, attempt.step, part_key(attempt.part))
        previous = last_try.get(key)
        if previous is None or attempt.at - previous > OPPORTUNITY_GAP:
            helped = attempt.hints_used > 0 or bool(attempt.solution_shown)
            right = attempt.verdict == "correct" and not helped
            found.append(Observation(*key, info.skills, right, attempt.at))
        if attempt.verdict == "correct":
            last_try.pop(key, None)
        else:
            last_try[key] = attempt.at
    return found


def bkt_update(p_known: float, correct: bool, guess: float, slip: float = P_S) -> float:
    """One Bayesian Knowledge Tracing step: condition on the observation, then allow learning."""
    if correct:
        evidence = p_known * (1 - slip)
        posterior = evidence / (evidence + (1 - p_known) * guess)
    else:
        evidence = p_known * slip
        posterior = evidence / (evidence + (1 - p_known) * (1 - guess))
    return posterior + (1 - posterior) * P_T


@dataclass
class SkillEstimate:
    """What the attempts say about one skill."""

    skill: str
    p_known: float = P_L0
    opportunities: int = 0
    right: int = 0
    last_at: float | None = None

    @property
    def mastered(self) -> bool:
        return self.p_known >= MASTERED

    @property
    def practised(self) -> bool:
        return self.opportunities > 0


def estimate(attempts: Iterable[AttemptLike]) -> dict[str, SkillEstimate]:
    """P(L) for every skill (untouched skills stay at P(L₀)), from all attempts in time order."""
    return estimate_from(observations(attempts))


def estimate_from(found: Iterable[Observation]) -> dict[str, SkillEstimate]:
    """`estimate` from opportunities already grouped by `observations` (in time order)."""
    estimates = {skill.id: SkillEstimate(skill.id) for skill in SKILLS}
    for observation in found:
        for skill_id in observation.skills:
            state = estimates[skill_id]
            state.p_known = bkt_update(
                state.p_known, observation.correct, SKILLS_BY_ID[skill_id].guess
            )
            state.opportunities += 1
            state.right += observation.correct
            state.last_at = observation.at
    return estimates


def concept_mastery(
    concept_skills: Iterable[str], estimates: dict[str, SkillEstimate]
) -> float | None:
    """A concept is as well known as its weakest practised skill (None when none is practised)."""
    practised = [estimates[s].p_known for s in concept_skills if estimates[s].practised]
    return min(practised) if practised else None


__all__ = [
    "MASTERED",
    "OPPORTUNITY_GAP",
    "P_L0",
    "P_S",
    "P_T",
    "AttemptLike",
    "Observation",
    "SkillEstimate",
    "bkt_update",
    "concept_mastery",
    "estimate",
    "estimate_from",
    "observations",
]
