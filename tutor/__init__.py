"""gd-tutor: the Textual app that teaches gradient descent with live demos and checked quizzes."""

from __future__ import annotations

#: Marks this package as gd-tutor's (the `gd-tutor` command checks it: gd_tutor.py).
__gd_tutor__ = True


def version() -> str:
    """The installed version, looked up only when asked (importlib.metadata is slow to import)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("gd-tutor")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0+checkout"
