"""Skills: what a learner can own, and which syllabus concepts and quiz parts exercise each one.

A skill is coarser than a quiz part and finer than a lesson: "the chain rule to dz" is exercised by
lesson 2's dz and by lesson 3's dZ2, and it is what GD-tutor estimates mastery of and schedules for
review. Every syllabus concept (GD-1 … NN-11) belongs to one or more skills, and every quiz part
belongs to one or more skills; tests check both stay true as lessons grow.

Quiz parts are named by their *part key*: the part's label without the entry indices a draw picks
("dZ2[0, 1]" → "dZ2"), so every draw of a part counts as the same part. Each part also carries a
one-line rule (the right way, said once) that the progress screen shows next to a recurring mistake.

Pure data and small functions: no textual, no store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Skill:
    """One thing to own, with the Bayesian Knowledge Tracing parameters used to estimate it.

    `guess` is P(G), the chance of a right first answer without knowing the skill: low where the
    answer is a number (0.1), higher where it is one of two or three options (0.25).
    """

    id: str
    name: str
    concepts: tuple[str, ...]
    guess: float = 0.1


#: The skills in curriculum order. Concepts may belong to several skills.
SKILLS: tuple[Skill, ...] = (
    Skill("cost-surface", "The cost and its minimum", ("GD-1", "GD-2", "GD-3"), guess=0.25),
    Skill("init", "Where to start: zeros or random", ("GD-4", "NN-4"), guess=0.25),
    Skill("slope", "The slope dJ/dw", ("GD-7",)),
    Skill("direction", "Which way a step goes", ("GD-5", "GD-8"), guess=0.25),
    Skill("update", "The update w := w − α·dw", ("GD-6", "GD-9", "LR-7", "NN-5")),
    Skill("notation", "d, ∂ and code names", ("GD-10",), guess=0.25),
    Skill("forward", "Forward: z, a = σ(z), the loss", ("GD-1", "LR-1", "LR-2", "LR-3", "NN-3")),
    Skill("chain-rule", "Backward: da and dz = a − y", ("LR-4", "LR-5", "NN-7")),
    Skill("param-grads", "Gradients of weights and bias", ("LR-6", "NN-7", "NN-10")),
    Skill("averaging", "Averaging over m examples (1/m)", ("LR-8", "NN-3", "NN-7", "NN-10")),
    Skill("shapes", "Shapes of every matrix", ("NN-1", "NN-2", "NN-6", "NN-10")),
    Skill("keepdims", "keepdims and rank-1 arrays", ("NN-8",)),
    Skill("hidden-delta", "The hidden layer's dZ1", ("NN-9",)),
    Skill("iteration", "One iteration, start to end", ("NN-5", "NN-11"), guess=0.25),
)

SKILLS_BY_ID: dict[str, Skill] = {skill.id: skill for skill in SKILLS}

#: A short name for each syllabus concept, as the progress screen lists them.
CONCEPT_NAMES: dict[str, str] = {
    "GD-1": "Prediction, loss and cost",
    "GD-2": "Training minimises J(w, b)",
    "GD-3": "Convex bowl vs many valleys",
    "GD-4": "Initialisation on a convex cost",
    "GD-5": "Steepest descent, step by step",
    "GD-6": "w := w − α·dJ/dw and the rate α",
    "GD-7": "The derivative is the slope",
    "GD-8": "Slope sign sets the direction",
    "GD-9": "Two parameters: w and b",
    "GD-10": "d vs ∂, and dw, db in code",
    "LR-1": "z, a = σ(z), the loss L(a, y)",
    "LR-2": "The computation graph",
    "LR-3": "Forward propagation",
    "LR-4": "da = −y/a + (1 − y)/(1 − a)",
    "LR-5": "dz = a − y by the chain rule",
    "LR-6": "dw1 = x1·dz, dw2 = x2·dz, db = dz",
    "LR-7": "One step on one example",
    "LR-8": "m examples: the cost averages",
    "NN-1": "Parameters of a one-hidden-layer net",
    "NN-2": "Shapes of W1, b1, W2, b2",
    "NN-3": "The network's cost",
    "NN-4": "Random, not zero, initialisation",
    "NN-5": "One iteration: predict, derive, step",
    "NN-6": "Vectorised forward propagation",
    "NN-7": "dZ2, dW2, db2",
    "NN-8": "keepdims=True keeps a column",
    "NN-9": "dZ1 = W2ᵀdZ2 * g1′(Z1)",
    "NN-10": "dW1, db1",
    "NN-11": "Ten equations train a network",
}


@dataclass(frozen=True)
class PartInfo:
    """What a quiz part exercises, and the rule a learner who slips on it should remember."""

    skills: tuple[str, ...]
    rule: str


def _part(skills: str, rule: str) -> PartInfo:
    return PartInfo(tuple(skills.split()), rule)


_SHAPE_RULE = "Z1, A1 are (n1, m); Z2, A2 are (1, m): one column per example."
_GRAD_SHAPE_RULE = "A gradient has the shape of what it differentiates: dW1 like W1, dZ1 like Z1."
_PARAM_SHAPE_RULE = "W1 is (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1): one row per unit."
_KEEPDIMS_RULE = "np.sum(…, axis=1) gives shape (n,); keepdims=True keeps the (n, 1) column."
_LR_UPDATE_RULE = "Each parameter steps against its own slope: w1 := w1 − α·dw1, b := b − α·db."

#: (lesson slug, quiz step id) → {part key → PartInfo}. Every quiz part must be listed here.
QUIZ_PARTS: dict[tuple[str, str], dict[str, PartInfo]] = {
    ("gradient-descent", "pictures-quiz"): {
        "sure to minimise": _part(
            "cost-surface",
            "A convex cost is one bowl, so descent reaches its minimum from any start; "
            "a non-convex one can stop in a local valley.",
        ),
        "zeros or random": _part(
            "init", "On a convex cost every start, zeros or random, reaches the same minimum."
        ),
    },
    ("gradient-descent", "slope-quiz"): {
        "dJ/dw": _part("slope", "For J = a·(w − c)² + k, the slope is dJ/dw = 2a·(w − c)."),
        "height": _part("slope", "The tangent triangle's height is slope × width."),
    },
    ("gradient-descent", "direction-quiz"): {
        "direction": _part(
            "direction", "w moves against the slope: positive slope → left, negative → right."
        ),
        "change in w": _part("direction update", "The change in w is −α·dw."),
    },
    ("gradient-descent", "update-quiz"): {
        "dw": _part("slope", "dw is the slope dJ/dw at the current w: for (w − 2)², 2·(w − 2)."),
        "new w": _part("update", "w := w − α·dw: subtract the slope times the learning rate."),
    },
    ("gradient-descent", "notation-quiz"): {
        "symbol (one variable)": _part("notation", "d for one variable (dJ/dw), ∂ for more."),
        "symbol (two variables)": _part("notation", "With two variables the slope is ∂J/∂w."),
        "code name": _part("notation", "Code names each derivative after its parameter: dw, db."),
    },
    ("logistic-regression-gd", "forward-quiz"): {
        "z": _part("forward", "z = w1·x1 + w2·x2 + b: each weight with its own feature, plus b."),
        "a": _part("forward", "a = σ(z) = 1 / (1 + e^(−z))."),
        "L": _part("forward", "L = −(y·ln a + (1 − y)·ln(1 − a)), natural log, positive."),
    },
    ("logistic-regression-gd", "backward-quiz"): {
        "da": _part("chain-rule", "da = −y/a + (1 − y)/(1 − a)."),
        "dz": _part("chain-rule", "dz = da · a(1 − a) = a − y: prediction minus label."),
        "dw1": _part("param-grads", "dw1 = x1·dz."),
        "dw2": _part("param-grads", "dw2 = x2·dz."),
        "db": _part("param-grads", "db = dz (the bias's own input is 1)."),
    },
    ("logistic-regression-gd", "nudge-quiz"): {
        "ΔL": _part(
            "param-grads",
            "Nudging a parameter by ε changes L by about its gradient times ε: ΔL ≈ dw1·ε.",
        ),
    },
    ("logistic-regression-gd", "update-quiz"): {
        "w1 after the step": _part("update", _LR_UPDATE_RULE),
        "b after the step": _part("update", _LR_UPDATE_RULE),
    },
    ("neural-network-gd", "parameter-shapes"): {
        name: _part("shapes", _PARAM_SHAPE_RULE) for name in ("W1", "b1", "W2", "b2")
    },
    ("neural-network-gd", "one-iteration"): {
        "order": _part("iteration", "Each iteration: forward, then backward, then update."),
        "new W2": _part("update iteration", "W2 := W2 − α·dW2."),
    },
    ("neural-network-gd", "forward-shapes"): {
        name: _part("shapes", _SHAPE_RULE) for name in ("Z1", "A1", "Z2", "A2")
    },
    ("neural-network-gd", "output-gradients"): {
        "dZ2": _part("chain-rule", "dZ2 = A2 − Y, per example: no 1/m here."),
        "dW2": _part("param-grads averaging", "dW2 = (1/m)·dZ2·A1ᵀ."),
        "db2": _part("param-grads averaging", "db2 = (1/m)·np.sum(dZ2, axis=1, keepdims=True)."),
    },
    ("neural-network-gd", "keepdims-shapes"): {
        "np.sum(dZ1, axis=1).shape": _part("keepdims", _KEEPDIMS_RULE),
        "np.sum(dZ1, axis=1, keepdims=True).shape": _part("keepdims", _KEEPDIMS_RULE),
        "(b1 − α·db1).shape with the rank-1 db1": _part(
            "keepdims", "(n, 1) minus shape (n,) broadcasts to (n, n): keep db1 a column."
        ),
    },
    ("neural-network-gd", "hidden-delta"): {
        "dZ1": _part("hidden-delta", "dZ1 = W2ᵀ·dZ2 * g1′(Z1), and for tanh g1′ = 1 − A1²."),
    },
    ("neural-network-gd", "hidden-gradients"): {
        "db1": _part("param-grads averaging", "db1 = (1/m)·np.sum(dZ1, axis=1, keepdims=True)."),
        "dW1": _part("param-grads averaging", "dW1 = (1/m)·dZ1·Xᵀ."),
    },
    ("neural-network-gd", "gradient-shapes"): {
        name: _part("shapes", _GRAD_SHAPE_RULE) for name in ("dZ2", "dW2", "dZ1", "dW1", "db1")
    },
}

#: How each named diagnosis reads in "your recurring mistakes"; {part} is the part's key.
MISTAKE_NAMES: dict[str, str] = {
    "sign": "sign of {part} flipped",
    "plus": "{part}: added the step instead of subtracting it",
    "no_alpha": "{part}: α left out of the step",
    "step_only": "{part}: gave the step, not the new value",
    "change_only": "{part}: gave the change, not the new value",
    "missing_2": "{part}: the 2 from the square left out",
    "missing_a": "{part}: the factor in front of the square left out",
    "height": "{part}: gave the height J(w), not the slope",
    "divided": "{part}: divided by the width instead of multiplying",
    "stay": "{part}: thought w stays put",
    "non_convex": "{part}: trusted descent on a non-convex cost",
    "different": "{part}: thought starts end in different minima on a convex cost",
    "symbol": "{part}: d and ∂ mixed up",
    "other": "{part}: named the other parameter's derivative",
    "param": "{part}: named the parameter, not its derivative",
    "dJ": "{part}: wrote dJ instead of the parameter's name",
    "no_bias": "{part}: the bias b left out",
    "swapped": "{part}: weights paired with the wrong features",
    "sigma_of_minus_z": "{part}: computed σ(−z) = 1 − a",
    "z_for_a": "{part}: gave z where a = σ(z) was asked",
    "exp_only": "{part}: gave e^(−z) alone",
    "other_term": "{part}: the loss term for the other label",
    "no_minus": "{part}: the minus sign of the loss left out",
    "log10": "{part}: base-10 log instead of the natural log",
    "dz_for_da": "{part}: gave dz where da was asked",
    "other_label": "{part}: y and 1 − y swapped",
    "da_for_dz": "{part}: gave da, the factor a(1 − a) forgotten",
    "chain_twice": "{part}: a(1 − a) applied twice",
    "dadz_only": "{part}: gave a(1 − a) alone",
    "used_x1": "{part}: used x1 instead of x2",
    "used_x2": "{part}: used x2 instead of x1",
    "no_x": "{part}: gave dz without the feature",
    "used_da": "{part}: used da instead of dz",
    "bias_as_weight": "{part}: treated b like a weight",
    "one": "{part}: gave dz/db = 1 instead of db",
    "used_dw1": "{part}: moved by dw1 instead of its own derivative",
    "used_dw2": "{part}: moved by dw2 instead of its own derivative",
    "transposed": "{part}: transposed",
    "over_m": "{part}: divided by m where it is per example",
    "no_1_over_m": "{part}: the 1/m left out",
    "twice_1_over_m": "{part}: divided by m twice",
    "z1_for_a1": "{part}: used Z1 in g′ where A1 belongs",
    "weight_for_feature": "{part}: used the weight where its feature belongs",
    "no_eps": "{part}: gave the gradient, not the change it predicts (× ε left out)",
    "dz_only": "{part}: gave dz·ε without the local slope",
    "rank1": "{part}: a rank-1 array instead of a column",
    "w1_shape": "{part}: gave W1's shape",
    "x_shape": "{part}: gave X's shape",
    "w2_shape": "{part}: gave W2's shape",
    "dz2_shape": "{part}: gave dZ2's shape",
    "dz1_shape": "{part}: gave dZ1's shape",
    "keepdims_on": "{part}: what keepdims=True gives, where it was off",
    "keepdims_off": "{part}: the rank-1 result, where keepdims=True keeps a column",
    "wrong_axis": "{part}: summed over the wrong axis",
    "intended": "{part}: the intended result, not what the rank-1 array broadcasts to",
    "w2_wrong_index": "{part}: the weight of the wrong hidden unit",
    "x_for_xt": "{part}: used X where Xᵀ belongs",
    "sigmoid_prime": "{part}: used σ′ = a(1 − a) for tanh units",
    "no_g_prime": "{part}: the factor g1′(Z1) left out",
}

_INDEX = re.compile(r"\[[^\]]*\]")


@lru_cache(maxsize=4096)
def part_key(label: str) -> str:
    """A part's identity across draws: its label without the entry a draw picked."""
    return " ".join(_INDEX.sub("", label).split())


@lru_cache(maxsize=4096)
def part_info(lesson: str, step: str, label: str) -> PartInfo | None:
    """Skills and rule of a stored or drawn part (None for a part no lesson asks any more)."""
    return QUIZ_PARTS.get((lesson, step), {}).get(part_key(label))


def skills_of_concept(concept: str) -> tuple[str, ...]:
    """The skills a syllabus concept belongs to, in curriculum order."""
    return tuple(skill.id for skill in SKILLS if concept in skill.concepts)


def mistake_name(diagnosis: str, label: str) -> str:
    """ "sign", "dz" → "sign of dz flipped"; an unnamed diagnosis still reads as words."""
    template = MISTAKE_NAMES.get(diagnosis, "{part}: " + diagnosis.replace("_", " "))
    return template.format(part=part_key(label))


__all__ = [
    "CONCEPT_NAMES",
    "MISTAKE_NAMES",
    "QUIZ_PARTS",
    "SKILLS",
    "SKILLS_BY_ID",
    "PartInfo",
    "Skill",
    "mistake_name",
    "part_info",
    "part_key",
    "skills_of_concept",
]
