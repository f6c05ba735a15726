"""Glue from a program to a runnable kernel: trace, lower, emit, write the file, load it."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .codegen.loader import load_kernel
from .codegen.triton import emit_program
from .ir.dtypes import as_dtype
from .passes import Lowered, Target, lower


def cache_dir() -> Path:
    """Where generated files live: $TILEFUSE_CACHE_DIR, else $XDG_CACHE_HOME/tilefuse, else ~/.cache/tilefuse."""
    root = os.environ.get("TILEFUSE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tilefuse")
    path = Path(root) / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Kernel:
    """A compiled program: call it with torch tensors; ``save()`` writes the standalone file."""

    def __init__(self, program, lowered: Lowered, source: str, dtype: str):
        self.program = program
        self.lowered = lowered
        self.source = source
        self.dtype = dtype
        self.name = lowered.graph.name
        digest = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.path = cache_dir() / f"{self.name}-{digest}.py"
        if not self.path.exists():
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(source)
            os.replace(tmp, self.path)  # atomic: a killed run never leaves half a file
        self._module = None

    @property
    def config(self):
        """The schedule of the first kernel (unfused PyTorch steps have none)."""
        from .passes.tiling import Config

        return next((k.config for k in self.lowered.kernels if k.config is not None), Config())

    @property
    def space(self):
        return next((k.space for k in self.lowered.kernels if k.space is not None), None)

    @property
    def module(self):
        """The generated file, imported (on the GPU, or in the interpreter if TRITON_INTERPRET=1)."""
        if self._module is None:
            self._module = load_kernel(self.path)
        return self._module

    def __call__(self, *args, **kwargs):
        return getattr(self.module, self.name)(*args, **kwargs)

    def save(self, directory: str | os.PathLike) -> Path:
        """Write ``<directory>/<program>.py``; it runs with only torch and triton installed."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{self.name}.py"
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(self.source)
        os.replace(tmp, path)
        return path

    def __repr__(self) -> str:
        return f"<tilefuse kernel {self.name} {self.dtype} config={self.config.to_dict()}>"


def compile_program(program, *, dtype="fp16", config=None, out_dtype=None, arch: int = 90,
                    require_fusion: bool = False, debug: bool = False) -> Kernel:
    dtype = as_dtype(dtype)
    graph = program.trace(dtype, out_dtype=out_dtype)
    lowered = lower(graph, config, target=Target.for_arch(arch), require_fusion=require_fusion)
    source = emit_program(lowered, program_file=program.file, dtype=str(dtype), arch=arch, debug=debug)
    return Kernel(program, lowered, source, str(dtype))
