"""The CUDA C++ back end: prints GEMM plans (``schedule.plans``) as TIR through TVM, and writes the CUDA source
TVM generates with a standalone Python launcher that needs only torch and cuda-python.

    support    what the back end can do, without TVM: usable here, plans it prints, configs it takes
    tir        GemmPlan -> TE stages and one TIR PrimFunc; the op -> TIR table
    schedule   the scalar TensorIR schedule (fp32) and the choice between it and the tensor-core one
    mma        the tensor-core schedule: cp.async pipeline, ldmatrix + mma.sync, epilogue in registers
    fragments  where each element of a tensor-core fragment lives (ldmatrix, mma.sync), without TVM
    intrinsics the TVM tensor intrinsics built on those layouts
    program    TVM build, the kernels' parameters as data, the launcher file
    runtime    what each launcher carries: argument checks, loading the binary, launching (cuda.bindings)
    offline    nvcc for sm_80 / sm_90a: registers, spills, shared memory; the fatbin a launcher loads

TVM is imported only when something is rendered (importing it takes seconds); without it, ``render`` says what to
install.
"""

from __future__ import annotations

from ...errors import TilefuseError
from ..base import import_generated
from .support import INSTALL, as_cuda, config_problem, unavailable, unsupported


def require_tvm() -> None:
    """Raise a one-line ``TilefuseError`` unless TVM can be imported."""
    try:
        import tvm  # noqa: F401
    except ImportError as exc:
        raise TilefuseError(f"the CUDA back end needs apache-tvm, which is not installed ({exc}); "
                            f"run: {INSTALL}") from None


class CudaBackend:
    """``base.Backend`` for CUDA C++ through TVM. The rendered file is the launcher (``.py``); it carries the CUDA
    text, which ``companions`` also gives as ``<program>.cu``."""

    name = "cuda"
    file_suffix = ".py"

    def render(self, lowered, *, program_file: str = "", dtype: str = "", arch: int | None = None,
               debug: bool = False, tuning: dict | None = None) -> str:
        require_tvm()
        from .program import emit_program

        return emit_program(lowered, program_file=program_file, dtype=dtype, arch=arch, debug=debug, tuning=tuning)

    def render_dispatch(self, specs, *, table, fallback, key_dims, program_file: str = "", dtype: str = "",
                        arch: int | None = None, debug: bool = False) -> str:
        raise TilefuseError("the CUDA back end writes one config per file so far; compile with an explicit config "
                            "(config=...) to save it")

    def companions(self, source: str) -> dict[str, str]:
        """Files written beside the launcher: ``.cu``, the CUDA source alone (nvcc builds the fatbin from it)."""
        from .program import cuda_source_of

        return {".cu": cuda_source_of(source)}

    def load(self, path):
        return import_generated(path, "tilefuse_cuda")

    def compile_offline(self, paths: list[str], archs: tuple[int, ...] = (90, 80)) -> list[dict]:
        from .offline import compile_offline

        return compile_offline(paths, archs)

    def version(self) -> str:
        require_tvm()
        import tvm

        return f"tvm {tvm.__version__}"

    def canonical(self, config):
        return as_cuda(config)

    def unavailable(self, run: bool = True) -> str | None:
        return unavailable(run)

    def unsupported(self, lowered) -> str | None:
        from ...schedule.plans import plan_program

        return unsupported(plan_program(lowered))

    def config_check(self, lowered):
        from ...schedule.plans import plan_program

        dtypes = [plan.dot_dtype for plan in plan_program(lowered).kernels if plan.kind == "gemm"]
        return lambda config: config_problem(config, dtypes)


__all__ = ["INSTALL", "CudaBackend", "require_tvm"]
