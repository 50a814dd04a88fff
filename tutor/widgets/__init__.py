"""Reusable widgets of the tutor, each with its own DEFAULT_CSS."""
