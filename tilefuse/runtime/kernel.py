"""The loaded kernel: a generated file in the kernel cache, imported on first call, callable with tensors."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import TilefuseError
from ..schedule.space import Config


def cache_dir() -> Path:
    """Where generated files live: $TILEFUSE_CACHE_DIR, else $XDG_CACHE_HOME/tilefuse, else ~/.cache/tilefuse."""
    root = os.environ.get("TILEFUSE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tilefuse")
    path = Path(root) / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: a killed run never leaves half a file."""
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(text)
    os.replace(tmp, path)


class Kernel:
    """A compiled program: call it with torch tensors; ``save()`` writes the standalone file.

    ``backend`` renders and loads it (``tilefuse.backends``); ``tuning`` says where the config came from.
    """

    def __init__(self, program, lowered, source: str, dtype: str, *, backend, tuning: dict | None = None):
        self.program = program
        self.lowered = lowered
        self.source = source
        self.dtype = dtype
        self.backend = backend
        self.tuning = tuning  # where the config came from: explicit, exact/bucket database hit, model, or default
        self.name = lowered.graph.name
        digest = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.path = cache_dir() / f"{self.name}-{digest}{backend.file_suffix}"
        if not self.path.exists():
            write_atomic(self.path, source)
        self._module = None

    @property
    def config(self) -> Config:
        """The schedule of the first kernel (unfused PyTorch steps have none)."""
        return next((k.config for k in self.lowered.kernels if k.config is not None), Config())

    @property
    def space(self):
        return next((k.space for k in self.lowered.kernels if k.space is not None), None)

    @property
    def module(self):
        """The generated file, loaded by its back end (on the GPU, or in the interpreter if TRITON_INTERPRET=1)."""
        if self._module is None:
            self._module = self.backend.load(self.path)
        return self._module

    @property
    def launcher(self):
        """The generated file's entry point: the function named after the program."""
        return getattr(self.module, self.name)

    def __call__(self, *args, **kwargs):
        return self.launcher(*args, **kwargs)

    def pack(self, name: str, dense, *, block_mask=None, threshold=None):
        """Pack the dense weight ``name`` for this block-sparse kernel (its BLOCK_K x BLOCK_N blocks).

        ``block_mask`` (bool, [K blocks, N blocks]) keeps exactly those blocks; otherwise blocks whose
        largest magnitude is at most ``threshold`` (default 0: all-zero blocks) are dropped.
        """
        packer = getattr(self.module, f"pack_{name}", None)
        if packer is None:
            sparse = [k[len("pack_"):] for k in vars(self.module) if k.startswith("pack_")]
            raise TilefuseError(f"{self.name}: {name!r} is not a block-sparse input of this kernel "
                                f"(sparse inputs: {', '.join(sparse) or 'none'}; compile with sparse=({name!r},))")
        return packer(dense, block_mask=block_mask, threshold=threshold)

    def save(self, directory: str | os.PathLike) -> Path:
        """Write ``<directory>/<program>.py``; it runs with only torch and triton installed."""
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        path = out / f"{self.name}{self.backend.file_suffix}"
        write_atomic(path, self.source)
        return path

    def __repr__(self) -> str:
        return f"<tilefuse kernel {self.name} {self.dtype} config={self.config.to_dict()}>"
