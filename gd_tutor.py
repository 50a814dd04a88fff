"""The `gd-tutor` command's entry point: make sure `tutor`, `lessons` and `engine` are ours first.

gd-tutor's packages have plain top-level names, and other projects use the same ones: PyPI's
`tutor` (the Open edX tool) ships a top-level `tutor` too. Installed into one environment, one
overwrites the other's files, or the first on sys.path wins, and gd-tutor would fail somewhere
deep with an ImportError. This module has a name no one else uses, so it can check each package
for gd-tutor's marker (`__gd_tutor__`) before anything else runs, and say in one line which
package is in the way and how to keep the two apart.

The check imports the three packages, which the command needs anyway; the installed-package
metadata is read only when something is wrong.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType

#: In import order: lessons imports engine, so a foreign engine is named as such.
PACKAGES: tuple[str, ...] = ("engine", "lessons", "tutor")
MARKER = "__gd_tutor__"
FIX = "install gd-tutor on its own with 'pipx install .' or 'uv tool install .' from its source"

#: Exit status when another project's package stands in for one of ours.
SHADOWED_STATUS = 1


def foreign_package() -> str | None:
    """A one-line description of the first package that is not gd-tutor's, or None if all are."""
    for name in PACKAGES:
        try:
            module: ModuleType | None = import_module(name)
        except Exception:  # a foreign package may fail to import in any way
            if _marked_source(name):
                raise  # ours, and broken: the traceback is the useful report
            module = None
        if module is not None and getattr(module, MARKER, False) is True:
            continue
        return f"the Python package '{name}' here is not gd-tutor's: {_owner(name, module)}"
    return None


def _marked_source(name: str) -> bool:
    """Whether the package `name` that Python finds carries our marker in its source."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return False
        with open(origin, encoding="utf-8", errors="replace") as file:
            return f"{MARKER} = True" in file.read()
    except (ImportError, ValueError, OSError):
        return False


def _owner(name: str, module: ModuleType | None) -> str:
    """Which installed project (and which directory) provides the package `name`."""
    import importlib.util
    from importlib.metadata import packages_distributions

    location = getattr(module, "__file__", None)
    if location is None:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        location = spec.origin if spec is not None else None
    where = f" ({location.rsplit('/__init__.py', 1)[0]})" if location else ""
    owners = [
        dist
        for dist in packages_distributions().get(name, [])
        if dist.replace("_", "-").casefold() != "gd-tutor"
    ]
    if owners:
        return f"it comes from the '{owners[0]}' project{where}"
    return f"it is another package of that name{where}"


def main() -> int:
    problem = foreign_package()
    if problem is not None:
        sys.stderr.write(f"gd-tutor: error: {problem}; {FIX}\n")
        return SHADOWED_STATUS
    from tutor.cli import run

    return run()


if __name__ == "__main__":
    raise SystemExit(main())
