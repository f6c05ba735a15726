"""Import a generated kernel file as a module. File-backed, because ``@triton.jit`` reads its source.

Whether kernels run on the GPU or in Triton's CPU interpreter is decided per process, by
``TRITON_INTERPRET=1`` being set before triton is first imported (Triton's own library functions are
built one way or the other at import). ``use_interpreter_if_no_gpu()`` makes that choice for a CLI run.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

from ..base import import_generated


def use_interpreter_if_no_gpu() -> bool:
    """Set TRITON_INTERPRET=1 when no CUDA device is present; must run before triton is imported."""
    if "TRITON_INTERPRET" in os.environ:
        return os.environ["TRITON_INTERPRET"] == "1"
    import torch

    if torch.cuda.is_available():
        return False
    if "triton" in sys.modules:
        raise RuntimeError("triton was imported before the interpreter could be chosen; set TRITON_INTERPRET=1")
    os.environ["TRITON_INTERPRET"] = "1"
    return True


def load_kernel(path: str | os.PathLike) -> ModuleType:
    """Load ``path`` as a fresh module (a unique name each time, so two versions can coexist)."""
    return import_generated(path, "tilefuse_generated")
