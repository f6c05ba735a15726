"""The seam between the backend-neutral schedule and a code generator.

A back end renders a lowered program (``schedule.Lowered``: its tiled kernels and their plans) into one
standalone source file, loads such a file, and can compile it offline for a GPU target to report
resources. The Triton back end is the one there is; a CUDA C++ one will sit beside it. Back ends are
looked up by name in ``tilefuse.backends.get``.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import sys
from types import ModuleType
from typing import Protocol, runtime_checkable

_counter = itertools.count()


def import_generated(path: str | os.PathLike, prefix: str) -> ModuleType:
    """Import a generated file as a fresh module, ``<prefix>_<stem>_<n>`` (a unique name each time, so two versions
    of one program can coexist); file-backed, since ``@triton.jit`` reads its source."""
    path = os.fspath(path)
    name = f"{prefix}_{os.path.splitext(os.path.basename(path))[0].replace('-', '_')}_{next(_counter)}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load kernel file {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@runtime_checkable
class Backend(Protocol):
    """What the build step and the autotuner need of a code generator."""

    name: str            # "triton"
    file_suffix: str     # ".py": the standalone file it writes

    def render(self, lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
               debug: bool = False, tuning: dict | None = None) -> str:
        """The standalone source of ``lowered``."""

    def render_dispatch(self, specs: list, *, table: list[dict], fallback: int, key_dims: list[str],
                        program_file: str = "", dtype: str = "", arch: int | None = None,
                        debug: bool = False) -> str:
        """One standalone source holding several specializations (``(lowered, tuning)`` pairs) of a program and
        the table that picks one per call from the sizes of ``key_dims`` (``runtime.Kernel.save``)."""

    def load(self, path):
        """Import a rendered file; the result has one launcher named after the program."""

    def compile_offline(self, paths: list[str], archs: tuple[int, ...] = (90, 80)) -> list[dict]:
        """Compile every kernel of the files for each arch with no GPU: registers, shared memory, MMA kind."""

    def version(self) -> str:
        """The code generator's own version, part of a measurement's fingerprint."""

    def canonical(self, config):
        """``config`` (a ``schedule.Config``) as this back end builds it: ``BACKEND`` set to its name, and the knobs it
        does not read at the one value its configs keep (so one kernel is never measured under two configs)."""

    def unavailable(self, run: bool = True) -> str | None:
        """Why this back end cannot render here (or, with ``run``, run its kernels here), or None."""

    def unsupported(self, lowered) -> str | None:
        """Why this back end cannot print ``lowered`` (a ``schedule.Lowered``) whatever its config, or None."""

    def config_check(self, lowered):
        """``check(config) -> reason or None``: the configs of ``lowered``'s program this back end cannot build,
        beyond the search space's own constraints."""
