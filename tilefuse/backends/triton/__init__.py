"""The Triton back end: prints kernel plans (``schedule.plans``) as a standalone Python file of ``@triton.jit``
kernels and a launcher that needs only torch and triton.

    exprs        the op -> code table, the tile context, the expression printer
    kernel       a printed kernel, and its parameters as data (``Param``)
    gemm         GemmPlan -> the GEMM kernel, and the split-K epilogue kernel
    attention    AttentionPlan -> the attention kernel, and the split-KV combine kernel
    block_table  key-range loop bounds, and the block-table prologue kernel
    eager        EagerPlan -> PyTorch lines
    launcher     LaunchPlan -> the launcher
    prelude      the runtime helpers the file carries, as real code
    program      the whole file: header, META, kernels, helpers, launcher, KERNELS
"""

from __future__ import annotations

from dataclasses import replace

from .loader import load_kernel
from .offline import compile_offline
from .program import emit_program, render_dispatch


class TritonBackend:
    """``base.Backend`` for Triton."""

    name = "triton"
    file_suffix = ".py"

    def render(self, lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
               debug: bool = False, tuning: dict | None = None) -> str:
        return emit_program(lowered, program_file=program_file, dtype=dtype, arch=arch, debug=debug, tuning=tuning)

    def render_dispatch(self, specs, *, table, fallback, key_dims, program_file: str = "", dtype: str = "",
                        arch: int | None = None, debug: bool = False) -> str:
        return render_dispatch(specs, table=table, fallback=fallback, key_dims=key_dims, program_file=program_file,
                               dtype=dtype, arch=arch, debug=debug)

    def load(self, path):
        return load_kernel(path)

    def compile_offline(self, paths: list[str], archs: tuple[int, ...] = (90, 80)) -> list[dict]:
        return compile_offline(paths, archs)

    def version(self) -> str:
        import triton  # imported late: the interpreter must be chosen before triton is first imported

        return triton.__version__

    def canonical(self, config):
        return replace(config, BACKEND=self.name)

    def unavailable(self, run: bool = True) -> str | None:
        return None  # a dependency; without a GPU its kernels run in the interpreter

    def unsupported(self, lowered) -> str | None:
        return None

    def config_check(self, lowered):
        return lambda config: None  # the search space's own constraints are Triton's


__all__ = ["TritonBackend", "compile_offline", "emit_program", "load_kernel"]
