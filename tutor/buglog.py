"""Bug reports (an answer that could not be read for an unforeseen reason, …) go to a log file.

`gd-tutor.log` beside the progress store, appended to, never through a symbolic link, kept under
`MAX_BYTES` (the older half is moved to `gd-tutor.log.1`). Writing it never raises: a report that
cannot be written is dropped, and nothing is ever printed over the app.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from pathlib import Path

LOG_NAME = "gd-tutor.log"
MAX_BYTES = 1_000_000


class _BugFile(logging.Handler):
    def __init__(self, path: Path) -> None:
        super().__init__(logging.ERROR)
        self.path = path
        self.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            text = self.format(record) + "\n"
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW
            fd = os.open(self.path, flags, 0o644)
            try:
                if os.fstat(fd).st_size > MAX_BYTES:
                    os.close(fd)
                    self.path.replace(self.path.with_name(self.path.name + ".1"))
                    fd = os.open(self.path, flags, 0o644)
                os.write(fd, text.encode("utf-8", errors="replace"))
            finally:
                with contextlib.suppress(OSError):
                    os.close(fd)


def install(directory: Path) -> Path:
    """Send gd-tutor's error reports to `directory`/gd-tutor.log (once per process)."""
    logger = logging.getLogger("gd_tutor")
    path = directory / LOG_NAME
    for handler in list(logger.handlers):
        if isinstance(handler, _BugFile):
            logger.removeHandler(handler)
    logger.addHandler(_BugFile(path))
    logger.propagate = False  # never to stderr: it would be drawn over the app
    logging.Formatter.converter = time.localtime
    return path
