"""Predict, then watch: the learner commits to what a run will do before seeing it.

A `Prediction` is the question and its options (a choice, typed as a number). `PredictThenWatch`
holds one learner's answer to it: `choose(key)` records the choice, `judge(observed, why)` compares
it with what the run did (an option key the demo classifies from the engine's run) and keeps the
`Verdict`: whether the prediction held, and why, in words and numbers. Demos that make a point ask
for a prediction before they run and show the verdict when the run ends; pure Python, no textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: What a run can do, as the learner predicts it (keys are also `engine.compare.Behaviour` values).
RUN_OPTIONS: tuple[tuple[str, str], ...] = (
    ("converges", "converges: settles at the minimum"),
    ("crawls", "crawls: still far off when the iterations run out"),
    ("oscillates", "oscillates: jumps from side to side without settling"),
    ("diverges", "diverges: jumps further each time until the cost blows up"),
)


@dataclass(frozen=True)
class Prediction:
    """A question asked before a run, with its options as (key, label) in display order."""

    id: str
    question: str
    options: tuple[tuple[str, str], ...]
    #: Options that are partly right for an observed outcome: observed key → {predicted key: why}.
    partly: dict[str, dict[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keys = [key for key, _ in self.options]
        if len(keys) < 2 or len(set(keys)) != len(keys):
            raise ValueError(f"{self.id}: a prediction needs two or more different options")
        if len(keys) > 9:
            raise ValueError(f"{self.id}: at most nine options (one digit key each)")

    def label(self, key: str) -> str:
        return dict(self.options)[key]

    def short(self, key: str) -> str:
        """The option's name without its explanation ("diverges")."""
        return self.label(key).split(":")[0]

    def menu(self) -> str:
        """The options as the learner sees them: one numbered line each."""
        return "\n".join(f"{i} {label}" for i, (_, label) in enumerate(self.options, start=1))

    def key_for(self, number: int) -> str | None:
        """The option behind digit `number` (1-based), or None."""
        return self.options[number - 1][0] if 1 <= number <= len(self.options) else None


@dataclass(frozen=True)
class Verdict:
    """Whether a prediction held: `held` (fully), `partly`, and the explanation."""

    predicted: str
    observed: str
    held: bool
    partly: bool
    text: str


class PredictThenWatch:
    """One learner's answer to one `Prediction`, recorded before the run and judged after it."""

    def __init__(self, prediction: Prediction) -> None:
        self.prediction = prediction
        self.choice: str | None = None
        self.verdict: Verdict | None = None

    @property
    def waiting(self) -> bool:
        """True until the learner has chosen (the run should wait for the prediction)."""
        return self.choice is None

    def choose(self, key: str) -> None:
        """Record the learner's choice; a choice can be changed until the run is judged."""
        if key not in dict(self.prediction.options):
            raise ValueError(f"{key!r} is not an option of {self.prediction.id}")
        if self.verdict is None:
            self.choice = key

    def judge(self, observed: str, why: str) -> Verdict:
        """Compare the recorded choice with what the run did; the first verdict is kept."""
        if self.verdict is not None:
            return self.verdict
        if self.choice is None:
            raise RuntimeError("nothing to judge: no prediction was recorded")
        prediction = self.prediction
        seen = prediction.short(observed)
        said = prediction.short(self.choice)
        held = self.choice == observed
        partly_why = prediction.partly.get(observed, {}).get(self.choice)
        if held:
            text = f"Your prediction held: “{said}”. {why}"
        elif partly_why:
            text = f"Partly right: you predicted “{said}”, it was “{seen}”. {partly_why} {why}"
        else:
            text = f"Not this time: you predicted “{said}”, it was “{seen}”. {why}"
        self.verdict = Verdict(self.choice, observed, held, bool(partly_why), text)
        return self.verdict

    def panel_lines(self) -> list[str]:
        """What the demo shows about the prediction now: the question, the choice, the verdict."""
        prediction = self.prediction
        if self.choice is None:
            return [
                f"Predict first: {prediction.question}",
                prediction.menu(),
                "(press its number)",
            ]
        chosen = f"You predicted: {prediction.short(self.choice)}."
        if self.verdict is None:
            return [chosen + " space runs; another number changes it."]
        mark = "✓" if self.verdict.held else ("½" if self.verdict.partly else "✗")
        return [f"{mark} {self.verdict.text}"]
