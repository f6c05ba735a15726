"""The one description of a GPU (tilefuse.gpu): the table's figures, compile targets, and the records' Device."""

from __future__ import annotations

import json

from tilefuse.autotune.records import Device
from tilefuse.gpu import GPU, KNOWN_GPUS
from tilefuse.schedule import gemm_space

# The cost model's device table before it merged with the tiling target: (SMs, TFLOP/s, GB/s, L2, smem/SM, TDP)
OLD_TABLE = {
    "H100 PCIe": (114, 756.0, 2000.0, 50 * 2**20, 228 * 1024, 350.0),
    "H100": (132, 989.0, 3350.0, 50 * 2**20, 228 * 1024, 700.0),
    "H200": (132, 989.0, 4800.0, 60 * 2**20, 228 * 1024, 700.0),
    "A100": (108, 312.0, 2039.0, 40 * 2**20, 164 * 1024, 400.0),
}


def test_the_table_keeps_the_cost_models_figures():
    for key, (sms, tflops, gbs, l2, smem, tdp) in OLD_TABLE.items():
        g = KNOWN_GPUS[key]
        assert (g.sm_count, g.peak_tflops, g.bandwidth_gbs, g.l2_bytes, g.shared_per_sm, g.tdp_w) == \
            (sms, tflops, gbs, l2, smem, tdp)
        assert (g.regs_per_sm, g.max_warps_per_sm) == (65536, 64)


def test_compile_targets_have_the_shared_memory_tiling_checks():
    assert (GPU.for_arch(90).arch, GPU.for_arch(90).shared_memory) == (90, 232448)
    assert (GPU.for_arch(80).arch, GPU.for_arch(80).shared_memory) == (80, 166912)
    assert GPU.for_arch(100).shared_memory == 232448 and GPU.for_arch(86).shared_memory == 166912
    assert (GPU().arch, GPU().shared_memory, GPU().max_acc_registers) == (90, 232448, 128)  # the default: sm_90
    # a 4-stage 128x256x64 fp16 pipeline fits sm_90's shared memory but not sm_80's
    from tilefuse.schedule import Config

    cfg = Config(BLOCK_M=128, BLOCK_N=256, BLOCK_K=64, num_warps=8, num_stages=4)
    assert not any(v.startswith("smem") for v in gemm_space(2, 2, GPU.for_arch(90)).violations(cfg))
    assert any(v.startswith("smem") for v in gemm_space(2, 2, GPU.for_arch(80)).violations(cfg))


def test_devices_resolve_to_table_entries_with_their_own_sm_count():
    assert GPU.for_device("NVIDIA H200") == KNOWN_GPUS["H200"]
    assert GPU.for_device("NVIDIA H100 PCIe").sm_count == 114  # the longer key wins over "H100"
    odd = GPU.for_device(Device("NVIDIA H100 NVL", 120, "9.0", "580", "3.6.0"))
    assert odd.peak_tflops == KNOWN_GPUS["H100"].peak_tflops and odd.sm_count == 120
    unknown = GPU.for_device("Some GPU", peak_tflops=500.0)
    assert unknown.name == "Some GPU" and unknown.peak_tflops == 500.0 and unknown.bandwidth_gbs == 3350.0
    assert Device("NVIDIA H200", 132, "9.0", "580", "3.6.0").gpu == KNOWN_GPUS["H200"]


def test_json_round_trips_and_old_dicts_load():
    g = GPU.for_device("NVIDIA A100", bandwidth_gbs=1800.0)
    assert GPU.from_json(json.loads(json.dumps(g.to_json()))) == g
    old = {"name": "NVIDIA H200", "sm_count": 132, "peak_tflops": 989.0, "bandwidth_gbs": 4800.0,
           "l2_bytes": 60 * 2**20, "shared_per_sm": 228 * 1024, "regs_per_sm": 65536, "max_warps_per_sm": 64,
           "tdp_w": 700.0, "smem_gbs_per_sm": 224.0}  # a cost model saved before arch and shared_memory were added
    assert GPU.from_json(old) == KNOWN_GPUS["H200"]


def test_device_json_is_unchanged():
    d = Device("NVIDIA H200", 132, "9.0", "580.159.04", "3.6.0")
    assert d.to_json() == {"name": "NVIDIA H200", "sm_count": 132, "capability": "9.0", "driver": "580.159.04",
                           "triton": "3.6.0"}
    assert Device.from_json(d.to_json()) == d
    assert Device.current().triton  # the code generator's version comes from the back end
