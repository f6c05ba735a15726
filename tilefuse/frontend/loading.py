"""Program files: import a user's Python file (or every file under a folder) and collect its ``@tf.program``s.

The one loader behind ``tilefuse compile/show/tune``, the tuner's compile workers and ``tilefuse model``.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path

from ..errors import TilefuseError
from .dsl import Program


def import_file(file: Path, module_name: str):
    spec = importlib.util.spec_from_file_location(module_name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and pickling look their module up while it runs
    sys.path.insert(0, str(file.parent.resolve()))  # the file may import its neighbours
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(module_name, None)
        raise
    finally:
        sys.path.pop(0)
    return module


def load_programs(path: str, entry: str | None = None) -> list[Program]:
    """Import a Python file and return its ``@tf.program`` objects in definition order (or just ``entry``)."""
    file = Path(path)
    if not file.exists():
        raise TilefuseError(f"no such program file: {path}")
    module = import_file(file, f"tilefuse_user_{file.stem}")
    programs = {name: obj for name, obj in vars(module).items() if isinstance(obj, Program)}
    if entry:
        if entry not in programs:
            raise TilefuseError(f"{path} has no program named {entry!r}; it has {', '.join(programs) or 'none'}")
        return [programs[entry]]
    if not programs:
        raise TilefuseError(f"{path} defines no @tf.program")
    return list(programs.values())


def load_program(path: str, entry: str | None = None) -> Program:
    """The one program of ``path`` (or ``entry``); an error names the choices when there are several."""
    programs = load_programs(path, entry)
    if len(programs) > 1:
        names = ", ".join(p.name for p in programs)
        raise TilefuseError(f"{path} defines {len(programs)} programs ({names}); pick one with --entry")
    return programs[0]


def load_program_files(paths: list[str]) -> dict[str, Program]:
    """``@tf.program`` objects by name from Python files and folders (every ``*.py`` under them); a file that
    fails to import is skipped with a one-line warning, and the first program of a name wins."""
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*.py") if not f.name.startswith("_"))
        elif p.is_file():
            files.append(p)
        else:
            raise TilefuseError(f"--programs: no such file or directory: {p}")
    programs: dict[str, Program] = {}
    for file in files:
        try:
            module = import_file(file, f"tilefuse_programs_{abs(hash(str(file)))}")
        except Exception as exc:  # noqa: BLE001 - one broken file does not stop the others
            warnings.warn(f"tilefuse: skipping {file}: {type(exc).__name__}: {exc}", stacklevel=2)
            continue
        for obj in vars(module).values():
            if isinstance(obj, Program):
                programs.setdefault(obj.name, obj)
    return programs
