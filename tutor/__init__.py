"""gd-tutor: the Textual app that teaches gradient descent with live demos and checked quizzes."""

from __future__ import annotations

import os

#: How often Textual may repaint the screen at most (its own default is 60). Painting happens only
#: when something changed, so this costs nothing while the screen is still; what it buys is the
#: wait between a key's effect and the paint that shows it: at most 8 ms instead of 17, which is
#: most of a key's latency while a network trains (benchmarks/ui.py). Textual reads it once, when
#: it is first imported, so it is set here, before any of the app imports Textual. A learner's
#: own TEXTUAL_FPS wins.
PAINTS_PER_SECOND = 120
os.environ.setdefault("TEXTUAL_FPS", str(PAINTS_PER_SECOND))

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
