"""Offline compilation for real GPU targets (sm_90, sm_80) with ``triton.compile``; no GPU needed.

Every GEMM variant of test_gemm in bf16 with the default config, plus split-K (reduce and atomic) and
fp16/fp32, is generated once per arch (``compile(..., arch=...)``: the sm_90 default uses TMA and wider
tiles) and compiled for that arch; each arch's files go to one ``compile_offline`` call (one subprocess),
the two calls run side by side. Every report is checked.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_gemm import VARIANTS, bmm, linear_gelu

from tilefuse.backends.triton.loader import load_kernel
from tilefuse.backends.triton.offline import compile_offline
from tilefuse.errors import ConfigError
from tilefuse.schedule import GPU

ARCHS = (90, 80)
ATOMIC = {"BLOCK_M": 64, "BLOCK_N": 64, "BLOCK_K": 32, "num_warps": 4, "num_stages": 3, "SPLIT_K": 2,
          "SPLIT_K_MODE": "atomic"}
# (label, program, dtype, config); None is the default config (which depends on the arch).
ITEMS = [(f"{p.name}-bf16", p, "bf16", None) for p in VARIANTS] + [
    ("linear_gelu-bf16-splitk-reduce", linear_gelu, "bf16", {"SPLIT_K": 4}),
    ("bmm-bf16-splitk-atomic", bmm, "bf16", ATOMIC),
    ("linear_gelu-fp16", linear_gelu, "fp16", None),
    ("linear_gelu-fp32", linear_gelu, "fp32", None),
]
LABELS = [label for label, *_ in ITEMS]


@pytest.fixture(scope="module")
def compiled():
    """(label, arch) -> (kernel, its KERNELS table, {kernel name: report})."""
    built: dict[int, dict] = {arch: {} for arch in ARCHS}
    for arch in ARCHS:
        for label, program, dtype, config in ITEMS:
            kernel = program.compile(dtype, config=config, arch=arch)
            # The content-addressed file in the kernel cache: a stable path, so Triton's own cache can
            # answer a rerun when the generated code has not changed (a cold compile takes 1-3 s a kernel).
            path = os.path.abspath(kernel.path)  # compile_offline reports absolute paths
            assert Path(path).read_text() == kernel.source
            built[arch][label] = (kernel, path, load_kernel(path).KERNELS)
        paths = [path for _, path, _ in built[arch].values()]
        assert len(set(paths)) == len(paths), "two items generated the same file"
    with ThreadPoolExecutor(len(ARCHS)) as pool:
        futures = {arch: pool.submit(compile_offline, [p for _, p, _ in built[arch].values()], archs=(arch,))
                   for arch in ARCHS}
        reports = {arch: f.result() for arch, f in futures.items()}
    result = {}
    for arch in ARCHS:
        by_file: dict[str, dict] = {path: {} for _, path, _ in built[arch].values()}
        for rep in reports[arch]:
            assert rep["arch"] == arch and rep["kernel"] not in by_file[rep["file"]], rep
            by_file[rep["file"]][rep["kernel"]] = rep
        for label, (kernel, path, table) in built[arch].items():
            result[label, arch] = (kernel, table, by_file[path])
    return result


def main_kernel(name: str) -> bool:
    """The GEMM kernel itself (split-K adds an ``_epilogue`` kernel with no tl.dot)."""
    return not name.endswith("_epilogue")


@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("label", LABELS)
def test_every_kernel_compiles(compiled, label, arch):
    kernel, table, reports = compiled[label, arch]
    assert kernel.lowered.target.arch == arch
    expected = [kernel.lowered.kernels[0].name]
    if kernel.config.SPLIT_K > 1:
        expected.append(f"{expected[0]}_epilogue")
    assert list(table) == expected
    assert sorted(reports) == sorted(expected)
    for name, rep in reports.items():
        assert rep["ok"], f"{label} {name} sm_{arch}: {rep.get('error')}"
        assert rep["has_cubin"], f"{label} {name} sm_{arch}: no cubin"


@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("label", LABELS)
def test_ptx_target_and_mma_instructions(compiled, label, arch):
    kernel, _, reports = compiled[label, arch]
    for name, rep in reports.items():
        assert rep["ptx_target"] == ("sm_90a" if arch == 90 else "sm_80"), (name, rep["ptx_target"])
        if not main_kernel(name):
            assert rep["mma"] == "none", f"{name} sm_{arch}: the split-K epilogue has no dot"
        elif arch == 80:
            assert rep["mma"] == "mma", f"{name} sm_80 uses {rep['mma']}, not mma.sync"
        elif kernel.dtype in ("bf16", "fp16"):
            assert rep["mma"] == "wgmma", f"{name} sm_90 {kernel.dtype} uses {rep['mma']}, not wgmma"
        else:
            assert rep["mma"] in ("wgmma", "mma"), f"{name} sm_90 fp32 (tf32) uses {rep['mma']}"


@pytest.mark.parametrize("arch", ARCHS)
@pytest.mark.parametrize("label", LABELS)
def test_registers_and_shared_memory_within_limits(compiled, label, arch):
    _, _, reports = compiled[label, arch]
    limit = GPU.for_arch(arch).shared_memory
    for name, rep in reports.items():
        assert "regs" in rep, f"{name} sm_{arch}: register count not reported (cuobjdump missing?)"
        assert 0 < rep["regs"] <= 255, (name, arch, rep["regs"])
        assert rep["stack"] >= 0
        assert 0 <= rep["shared"] <= limit, f"{name} sm_{arch}: {rep['shared']} B shared > {limit} B"


@pytest.mark.parametrize("arch", ARCHS)
def test_fp32_default_is_pipelined_within_the_modelled_budget(compiled, arch):
    """fp32 tiles are software-pipelined: shared memory holds more than one stage, at most the model's."""
    kernel, _, reports = compiled["linear_gelu-fp32", arch]
    c = kernel.config
    per_stage = (c.BLOCK_M * c.BLOCK_K + c.BLOCK_K * c.BLOCK_N) * 4
    rep = reports[kernel.lowered.kernels[0].name]
    assert per_stage < rep["shared"] <= c.num_stages * per_stage + 1024, (c, rep["shared"])


@pytest.mark.parametrize("arch, config", [
    (90, {"BLOCK_K": 128, "num_stages": 5}),                       # 5 x 64 KiB > 227 KiB
    (90, {"BLOCK_M": 256, "BLOCK_N": 256, "BLOCK_K": 128, "num_warps": 16, "num_stages": 2}),
    (80, {"BLOCK_K": 128, "num_stages": 3}),                       # 192 KiB > sm_80's 163 KiB
])
def test_shared_memory_overflow_is_rejected_by_the_tiling_constraints(arch, config):
    """Before any code is generated or compiled: compile() raises ConfigError naming shared memory."""
    with pytest.raises(ConfigError) as info:
        linear_gelu.compile("bf16", config=config, arch=arch)
    message = str(info.value)
    assert "shared memory" in message and f"sm_{arch}" in message
    assert "smem:" in message


def test_same_config_fits_sm_90_but_not_sm_80():
    config = {"BLOCK_K": 128, "num_stages": 3}
    kernel = linear_gelu.compile("bf16", config=config, arch=90)
    assert kernel.config.BLOCK_K == 128
    with pytest.raises(ConfigError, match="shared memory"):
        linear_gelu.compile("bf16", config=config, arch=80)
