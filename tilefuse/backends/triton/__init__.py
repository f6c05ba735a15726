"""The Triton back end: renders kernel plans as a standalone Python file of ``@triton.jit`` kernels and a
launcher that needs only torch and triton."""

from __future__ import annotations

from .emitter import emit_program
from .loader import load_kernel
from .offline import compile_offline


class TritonBackend:
    """``base.Backend`` for Triton."""

    name = "triton"
    file_suffix = ".py"

    def render(self, lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
               debug: bool = False, tuning: dict | None = None) -> str:
        return emit_program(lowered, program_file=program_file, dtype=dtype, arch=arch, debug=debug, tuning=tuning)

    def load(self, path):
        return load_kernel(path)

    def compile_offline(self, paths: list[str], archs: tuple[int, ...] = (90, 80)) -> list[dict]:
        return compile_offline(paths, archs)

    def version(self) -> str:
        import triton  # imported late: the interpreter must be chosen before triton is first imported

        return triton.__version__


__all__ = ["TritonBackend", "compile_offline", "emit_program", "load_kernel"]
