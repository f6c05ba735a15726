"""The one description of a GPU: the facts of a GPU model that the tile constraints, the cost model's
features and the benchmarks need, in one table.

A ``GPU`` is either a model from ``KNOWN_GPUS`` (``GPU.for_device`` matches a device name, with measured
ceilings as overrides), or an offline compile target (``GPU.for_arch``: what tiling checks a config
against when no device is present). It is plain data and round-trips through JSON (saved cost models keep
one). Which device a measurement ran on, with its driver and code-generator versions, is a different
thing: ``autotune.records.Device``, the tuning database's fingerprint, which gets its facts from here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace


@dataclass(frozen=True)
class GPU:
    """Facts of one GPU model. ``peak_tflops`` is dense 16-bit tensor-core throughput (fp32 operands run as tf32
    at half of it); ``bandwidth_gbs`` is DRAM bandwidth; ``shared_memory`` is what one block may use."""

    name: str = "sm_90 target"
    sm_count: int = 132
    peak_tflops: float = 989.0
    bandwidth_gbs: float = 3350.0
    l2_bytes: int = 50 * 2**20
    shared_per_sm: int = 228 * 1024
    regs_per_sm: int = 65536
    max_warps_per_sm: int = 64
    tdp_w: float = 700.0
    smem_gbs_per_sm: float = 224.0    # shared-memory bandwidth of one SM (128 B per clock)
    arch: int = 90                    # compute capability, major * 10 + minor
    shared_memory: int = 232448       # bytes per block (sm_90: 227 KiB; sm_80: 163 KiB)
    max_acc_registers: int = 128      # fp32 accumulator values per thread before spills loom

    @classmethod
    def for_arch(cls, arch: int) -> GPU:
        """The compile target ``sm_<arch>``: the figures of its representative model (H100 for sm_90 and newer,
        A100 below), under the target's own name and arch."""
        base = KNOWN_GPUS["H100"] if arch >= 90 else KNOWN_GPUS["A100"]
        return replace(base, name=f"sm_{arch} target", arch=arch)

    @classmethod
    def for_device(cls, device=None, *, peak_tflops: float | None = None,
                   bandwidth_gbs: float | None = None) -> GPU:
        """The table entry whose key the device name contains (H100 PCIe, H100, H200, A100); else H100 figures
        under the device's name. ``device`` is a name or anything with ``name`` and ``sm_count`` (a
        ``records.Device``), whose own SM count wins. ``peak_tflops`` / ``bandwidth_gbs`` (measured
        ceilings) override the datasheet."""
        name = device if isinstance(device, str) else getattr(device, "name", "") if device is not None else ""
        base = next((gpu for key, gpu in KNOWN_GPUS.items() if key.lower() in name.lower()), None)
        if base is None:
            base = replace(KNOWN_GPUS["H100"], name=name or "unknown GPU")
        sm_count = getattr(device, "sm_count", 0) if not isinstance(device, str) else 0
        if sm_count and sm_count > 0:
            base = replace(base, sm_count=sm_count)
        if peak_tflops:
            base = replace(base, peak_tflops=float(peak_tflops))
        if bandwidth_gbs:
            base = replace(base, bandwidth_gbs=float(bandwidth_gbs))
        return base

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> GPU:
        """From ``to_json``'s dict; keys it does not know are ignored and missing ones take the defaults, so the
        device of a cost model saved before a field was added still loads."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})


# Datasheet figures (SXM parts unless named). The benchmark harness measures the real ceilings of a machine
# (benchmarks/harness.py measure_ceilings); pass them as overrides when known.
KNOWN_GPUS: dict[str, GPU] = {
    "H100 PCIe": GPU("NVIDIA H100 PCIe", 114, 756.0, 2000.0, 50 * 2**20, 228 * 1024, 65536, 64, 350.0),
    "H100": GPU("NVIDIA H100", 132, 989.0, 3350.0, 50 * 2**20, 228 * 1024, 65536, 64, 700.0),
    "H200": GPU("NVIDIA H200", 132, 989.0, 4800.0, 60 * 2**20, 228 * 1024, 65536, 64, 700.0),
    "A100": GPU("NVIDIA A100", 108, 312.0, 2039.0, 40 * 2**20, 164 * 1024, 65536, 64, 400.0, arch=80,
                shared_memory=166912),
}
