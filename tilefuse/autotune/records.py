"""The values every part of the autotuner passes around: what was tuned, on what device, and what was measured.

A ``Workload`` names a lowered program at concrete sizes; a ``Device`` fingerprints the GPU (or the CPU
interpreter); a ``Measurement`` is one config's outcome. All three round-trip through plain JSON (the
tuning database and its JSON-lines export store nothing else; no pickles).
"""

from __future__ import annotations

import hashlib
import json
import statistics
import time
from dataclasses import asdict, dataclass, field

from .. import backends
from ..gpu import GPU
from ..ir.printer import format_graph
from ..schedule.space import Config

# Outcomes of one measurement. Only "ok" may ever be chosen.
STATUSES = ("ok", "wrong", "compile_error", "runtime_error", "timeout", "crash", "rejected")


def program_signature(graph, dtype: str) -> str:
    """Stable hash of a traced program: its printed IR (ops, types, attrs) and dtype, not its file path."""
    text = format_graph(graph)
    lines = [ln.split("  #")[0].rstrip() for ln in text.splitlines()]  # source locations do not change the kernel
    return hashlib.sha256(("\n".join(lines) + f"\ndtype={dtype}").encode()).hexdigest()[:16]


def bucket(value: int) -> int:
    """The shape bucket of a symbolic dim: the next power of two (1, 2, 4, ..., 4096, 8192, ...)."""
    return 1 << max(0, int(value) - 1).bit_length()


@dataclass(frozen=True)
class Workload:
    """A program at concrete sizes. ``signature`` comes from ``program_signature``."""

    program: str
    signature: str
    dtype: str
    shape: tuple[tuple[str, int], ...]   # sorted (dim, size) pairs

    @classmethod
    def make(cls, program: str, signature: str, dtype: str, shape: dict[str, int]) -> Workload:
        return cls(program, signature, dtype, tuple(sorted((k, int(v)) for k, v in shape.items())))

    @property
    def dims(self) -> dict[str, int]:
        return dict(self.shape)

    @property
    def shape_key(self) -> str:
        return ",".join(f"{k}={v}" for k, v in self.shape)

    @property
    def bucket_key(self) -> str:
        return ",".join(f"{k}={bucket(v)}" for k, v in self.shape)

    def to_json(self) -> dict:
        return {"program": self.program, "signature": self.signature, "dtype": self.dtype, "shape": self.dims}

    @classmethod
    def from_json(cls, d: dict) -> Workload:
        return cls.make(d["program"], d["signature"], d["dtype"], d["shape"])


@dataclass(frozen=True)
class Device:
    """What determines a timing besides the kernel: the GPU model, its SM count, capability, driver, and the
    code generator's version. The identity of a measurement context (the tuning database's fingerprint), not a
    description of the hardware: ``gpu`` gives that, from the one table in ``tilefuse.gpu``.

    The code generator's version is stored under the key ``triton``, the only back end there is so far, so that
    every database and record written before keeps matching.
    """

    name: str
    sm_count: int
    capability: str      # "9.0"; "cpu" under the interpreter
    driver: str
    triton: str          # the code generator's version (backends.get().version())

    @classmethod
    def current(cls, index: int = 0, backend: str = "triton") -> Device:
        generator = backends.get(backend).version()
        try:
            import torch

            if torch.cuda.is_available():
                p = torch.cuda.get_device_properties(index)
                return cls(p.name, p.multi_processor_count, f"{p.major}.{p.minor}", _driver_version(), generator)
        except Exception:  # noqa: BLE001 - a broken CUDA setup is reported as the CPU device
            pass
        return cls("cpu (triton interpreter)", 0, "cpu", "", generator)

    @property
    def gpu(self) -> GPU:
        """The hardware facts of this device's model (its own SM count)."""
        return GPU.for_device(self)

    @property
    def fingerprint(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> Device:
        return cls(d["name"], int(d["sm_count"]), str(d["capability"]), str(d["driver"]), str(d["triton"]))


def _driver_version() -> str:
    try:
        import pynvml

        pynvml.nvmlInit()
        v = pynvml.nvmlSystemGetDriverVersion()
        return v.decode() if isinstance(v, bytes) else str(v)
    except Exception:  # noqa: BLE001 - NVML missing: the driver is unknown, not an error
        return ""


@dataclass
class Measurement:
    """One config's outcome on one workload and device.

    ``latency_samples`` are seconds per call; ``latency`` is their median. Energy is joules per call, the
    median over ``energy_windows`` (each window's joules per call); ``energy_spread`` is (max - min) / median
    of those windows; ``short_window`` flags windows shorter than a few energy-counter updates.
    """

    config: dict
    status: str = "ok"
    latency: float | None = None
    latency_samples: list[float] = field(default_factory=list)
    energy: float | None = None
    energy_windows: list[float] = field(default_factory=list)
    energy_spread: float | None = None
    power: float | None = None
    window_s: float | None = None
    short_window: bool = False
    rel_error: float | None = None
    compile_s: float | None = None
    error: str = ""
    timestamp: float = field(default_factory=time.time)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown measurement status {self.status!r}; expected one of {STATUSES}")
        if self.latency is None and self.latency_samples:
            self.latency = statistics.median(self.latency_samples)

    @property
    def ok(self) -> bool:
        return self.status == "ok" and self.latency is not None

    @property
    def config_key(self) -> str:
        return Config.from_dict(self.config).key()

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict) -> Measurement:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in d.items() if k in known})
