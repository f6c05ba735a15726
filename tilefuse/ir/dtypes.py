"""Element types of tilefuse tensors, with their torch and Triton spellings."""

from __future__ import annotations

import enum


class DType(enum.Enum):
    """A tensor element type. ``value`` is the short name used in the DSL and the printer."""

    fp32 = "fp32"
    fp16 = "fp16"
    bf16 = "bf16"
    int32 = "int32"
    int8 = "int8"
    bool = "bool"

    def __str__(self) -> str:
        return self.value

    @property
    def is_float(self) -> bool:
        return self in (DType.fp32, DType.fp16, DType.bf16)

    @property
    def is_int(self) -> bool:
        return self in (DType.int32, DType.int8)

    @property
    def itemsize(self) -> int:
        return {"fp32": 4, "fp16": 2, "bf16": 2, "int32": 4, "int8": 1, "bool": 1}[self.value]

    @property
    def triton(self) -> str:
        """The ``tl.*`` name of this type."""
        return {"fp32": "tl.float32", "fp16": "tl.float16", "bf16": "tl.bfloat16", "int32": "tl.int32",
                "int8": "tl.int8", "bool": "tl.int1"}[self.value]

    @property
    def triton_sig(self) -> str:
        """The name of this type in a ``triton.compile`` signature (``*fp16`` for a pointer)."""
        return {"fp32": "fp32", "fp16": "fp16", "bf16": "bf16", "int32": "i32", "int8": "i8",
                "bool": "i1"}[self.value]

    @property
    def torch_name(self) -> str:
        return {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16", "int32": "int32", "int8": "int8",
                "bool": "bool"}[self.value]

    def to_torch(self):
        import torch

        return getattr(torch, self.torch_name)


_ALIASES = {
    "fp32": DType.fp32, "float32": DType.fp32, "float": DType.fp32, "f32": DType.fp32,
    "fp16": DType.fp16, "float16": DType.fp16, "half": DType.fp16, "f16": DType.fp16,
    "bf16": DType.bf16, "bfloat16": DType.bf16,
    "int32": DType.int32, "i32": DType.int32, "int8": DType.int8, "i8": DType.int8,
    "bool": DType.bool,
}

fp32, fp16, bf16, int32, int8 = DType.fp32, DType.fp16, DType.bf16, DType.int32, DType.int8


def as_dtype(value) -> DType:
    """Accept a DType, a name ("fp16", "bfloat16", ...) or a torch dtype."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str) and value in _ALIASES:
        return _ALIASES[value]
    name = str(value).removeprefix("torch.")
    if name in _ALIASES:
        return _ALIASES[name]
    raise ValueError(f"unknown dtype {value!r}; expected one of fp32, fp16, bf16, int32, int8, bool")


def from_torch(torch_dtype) -> DType:
    return as_dtype(str(torch_dtype))
