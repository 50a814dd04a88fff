"""How Textual key names are written for a person, shared by help, demos and the footer notes."""

from __future__ import annotations

KEY_NAMES = {
    "question_mark": "?",
    "space": "Space",
    "escape": "Esc",
    "enter": "Enter",
    "plus": "+",
    "minus": "-",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_label(key: str) -> str:
    """ "question_mark" → "?", "escape,q" → "Esc / q"."""
    return " / ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))
