"""The schedule space, shared by every stage and back end: a ``Config`` is one point; a ``SearchSpace`` is
the knobs a kernel exposes (with their values) and the named constraints a point must meet.

These are plain data, so the autotuner can enumerate, sample and prune a space without knowing the
kernel, and the tuning database can key on ``Config.key()``. The GPU being compiled for is a ``gpu.GPU``
(``GPU.for_arch``).
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, fields

from ..errors import ConfigError


@dataclass(frozen=True)
class Config:
    """One point of the schedule space: a small immutable value with a stable hash."""

    BLOCK_M: int = 128
    BLOCK_N: int = 128
    BLOCK_K: int = 64
    num_warps: int = 8
    num_stages: int = 3
    GROUP_M: int = 8
    SPLIT_K: int = 1
    SPLIT_K_MODE: str = "reduce"
    USE_TMA: bool = False
    SPLIT_KV: int = 1
    HEAD_PACK: int = 1
    BACKEND: str = "triton"   # the code generator: "triton", or "cuda" (CUDA C++ through TVM)

    @classmethod
    def from_dict(cls, values: dict | None) -> Config:
        values = dict(values or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown config keys {unknown}; the knobs are {sorted(known)}")
        for f in fields(cls):
            if f.name in values:
                want = type(f.default)
                value = values[f.name]
                if type(value) is not want:
                    kind = {str: "a string", bool: "true or false", int: "an integer"}[want]
                    raise ConfigError(f"config {f.name} must be {kind}, got {value!r}")
        return cls(**values)

    def to_dict(self) -> dict:
        """Every knob; those added later only when they leave their default, so the configs (and keys) stored
        before them read the same."""
        return {k: v for k, v in asdict(self).items() if k not in _LATER or v != _LATER[k]}

    def key(self) -> str:
        """A stable short hash of the config (same on every machine and Python run)."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True).encode()).hexdigest()[:16]


# knobs added after configs were first stored, with their defaults: a Triton config's key is what it always was
_LATER = {"HEAD_PACK": 1, "BACKEND": "triton"}


@dataclass(frozen=True)
class Knob:
    name: str
    values: tuple
    doc: str


@dataclass(frozen=True)
class Constraint:
    name: str
    check: Callable[[Config], str | None]   # a reason the config is invalid, or None


@dataclass
class SearchSpace:
    knobs: list[Knob]
    constraints: list[Constraint]
    # what the compiler picks untuned (the tuner measures it first); keyword-only, so subclasses adding fields
    # (cost_model's MeasuredSpace) cannot receive it positionally by mistake
    default: Config | None = field(default=None, kw_only=True)

    def violations(self, config: Config) -> list[str]:
        return [f"{c.name}: {why}" for c in self.constraints if (why := c.check(config))]

    def validate(self, config: Config) -> Config:
        problems = self.violations(config)
        if problems:
            raise ConfigError("invalid config " + json.dumps(config.to_dict()) + ": " + "; ".join(problems))
        return config

    def points(self) -> Iterator[Config]:
        """Every valid point, invalid ones pruned before anything is compiled."""
        names = [k.name for k in self.knobs]
        for values in itertools.product(*(k.values for k in self.knobs)):
            cfg = Config(**dict(zip(names, values)))
            if cfg.SPLIT_K == 1 and cfg.SPLIT_K_MODE != "reduce":
                continue
            if not self.violations(cfg):
                yield cfg

    def to_json(self) -> dict:
        return {"knobs": [{"name": k.name, "values": list(k.values), "doc": k.doc} for k in self.knobs],
                "constraints": [c.name for c in self.constraints]}
