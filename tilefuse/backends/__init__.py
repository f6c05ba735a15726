"""Back ends, by name. ``get("triton")`` is the default, ``get("cuda")`` the CUDA C++ one (through TVM, an optional
dependency); each implements ``base.Backend``."""

from __future__ import annotations

from .base import Backend
from .cuda import CudaBackend
from .triton import TritonBackend

_REGISTRY: dict[str, Backend] = {"triton": TritonBackend(), "cuda": CudaBackend()}


def get(name: str = "triton") -> Backend:
    """The back end registered under ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValueError(f"no back end {name!r}; there is {', '.join(sorted(_REGISTRY))}") from None


def register(backend: Backend) -> None:
    """Add a back end (a plug-in's, or a test's) under its ``name``."""
    _REGISTRY[backend.name] = backend


__all__ = ["Backend", "get", "register"]
