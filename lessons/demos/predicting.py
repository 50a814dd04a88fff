"""Demos that ask for a prediction before their first run and judge it when the run ends.

The learner presses the number of an option (the demo's keys line lists them by name); until then
the run waits and says so. When the run ends the demo classifies what happened (`observed()`) and
the `PredictThenWatch` keeps the verdict, which the demo's panel shows. Changing the setup before
predicting sets the question aside: it was about the setup as it was.
"""

from __future__ import annotations

from lessons.demo import Control
from lessons.predict import Prediction, PredictThenWatch

PREDICT_PREFIX = "predict_"


def prediction_controls(prediction: Prediction | None) -> tuple[Control, ...]:
    """One digit key per option, described by the option's name ("1 converges")."""
    if prediction is None:
        return ()
    return tuple(
        Control(str(number), f"{PREDICT_PREFIX}{number}", prediction.short(key))
        for number, (key, _) in enumerate(prediction.options, start=1)
    )


class Predicting:
    """Mixin for a `Demo`: `predict` is None (no question) or the learner's pending prediction."""

    predict: PredictThenWatch | None = None
    #: Set when the learner changed the setup before predicting: the question no longer applies.
    predict_skipped: bool = False
    #: Set by the app once it has stored the verdict, so it is stored once.
    predict_recorded: bool = False
    note: str = ""

    def _init_prediction(self, prediction: Prediction | None) -> None:
        self.predict = PredictThenWatch(prediction) if prediction is not None else None
        self.predict_skipped = False

    @property
    def waiting_for_prediction(self) -> bool:
        return self.predict is not None and self.predict.waiting and not self.predict_skipped

    def predict_act(self, action: str) -> bool:
        """Handle a prediction key; True when `action` was one."""
        if not action.startswith(PREDICT_PREFIX):
            return False
        if self.predict is None or self.predict.verdict is not None or self.predict_skipped:
            self.note = "the prediction for this demo is already settled"
            return True
        key = self.predict.prediction.key_for(int(action[len(PREDICT_PREFIX) :]))
        if key is not None:
            self.predict.choose(key)
            self.note = f"you predicted: {self.predict.prediction.short(key)} · space runs"
        return True

    def setup_changed(self) -> None:
        """The learner changed α or the start: a prediction not yet made no longer applies."""
        if self.predict is not None and self.predict.choice is None:
            self.predict_skipped = True

    def judge_if_done(self, finished: bool) -> None:
        """Once the first predicted run ends, judge the prediction against what it did."""
        predict = self.predict
        if finished and predict is not None and predict.choice and predict.verdict is None:
            observed, why = self.observed()
            predict.judge(observed, why)
            self._judged_run = self.run_token()

    def run_token(self) -> object:
        """Something that changes when a new run starts (the engine run object by default)."""
        return getattr(self, "run", None)

    @property
    def showing_judged_run(self) -> bool:
        """True while the run on screen is the one the prediction was judged on."""
        judged = getattr(self, "_judged_run", None)
        return judged is not None and judged is self.run_token()

    def observed(self) -> tuple[str, str]:
        """(option key, why in words and numbers) for what the finished run did."""
        raise NotImplementedError

    def prediction_text(self) -> str:
        """The prediction's line(s) for the panel, or '' when there is none to show."""
        predict = self.predict
        if predict is None or (self.predict_skipped and predict.choice is None):
            return ""
        if predict.choice is None:
            count = len(predict.prediction.options)
            return f"Predict first: {predict.prediction.question} Press 1–{count}."
        verdict = predict.verdict
        if verdict is None:
            return "\n".join(predict.panel_lines())
        mark = "✓ held" if verdict.held else ("½ partly right" if verdict.partly else "✗ missed")
        below = " (see below)" if self.showing_judged_run else ""
        return f"your prediction: {predict.prediction.short(verdict.predicted)} · {mark}{below}"

    def verdict_text(self) -> str:
        """The verdict in full, for the summary of the run it judged ('' for any other run)."""
        verdict = self.predict.verdict if self.predict is not None else None
        return verdict.text if verdict is not None and self.showing_judged_run else ""
