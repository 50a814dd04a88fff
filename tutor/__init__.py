"""gd-tutor: the Textual app that teaches gradient descent with live demos and checked quizzes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gd-tutor")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+checkout"
