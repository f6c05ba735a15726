"""Glue from a program to a runnable kernel: trace, lower, emit, write the file, load it."""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

from .autotune.db import TuningDB, TuningDBError, default_path, default_provenance, parse_objective
from .autotune.records import Device, Workload, program_signature
from .codegen.loader import load_kernel
from .codegen.triton import emit_program
from .errors import ConfigError, TilefuseError
from .ir.dims import dims_in
from .ir.dtypes import as_dtype
from .passes import Lowered, Target, lower


def cache_dir() -> Path:
    """Where generated files live: $TILEFUSE_CACHE_DIR, else $XDG_CACHE_HOME/tilefuse, else ~/.cache/tilefuse."""
    root = os.environ.get("TILEFUSE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "tilefuse")
    path = Path(root) / "kernels"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Kernel:
    """A compiled program: call it with torch tensors; ``save()`` writes the standalone file."""

    def __init__(self, program, lowered: Lowered, source: str, dtype: str, tuning: dict | None = None):
        self.program = program
        self.lowered = lowered
        self.source = source
        self.dtype = dtype
        self.tuning = tuning  # where the config came from: explicit, exact/bucket database hit, or default
        self.name = lowered.graph.name
        digest = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.path = cache_dir() / f"{self.name}-{digest}.py"
        if not self.path.exists():
            tmp = self.path.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(source)
            os.replace(tmp, self.path)  # atomic: a killed run never leaves half a file
        self._module = None

    @property
    def config(self):
        """The schedule of the first kernel (unfused PyTorch steps have none)."""
        from .passes.tiling import Config

        return next((k.config for k in self.lowered.kernels if k.config is not None), Config())

    @property
    def space(self):
        return next((k.space for k in self.lowered.kernels if k.space is not None), None)

    @property
    def module(self):
        """The generated file, imported (on the GPU, or in the interpreter if TRITON_INTERPRET=1)."""
        if self._module is None:
            self._module = load_kernel(self.path)
        return self._module

    def __call__(self, *args, **kwargs):
        return getattr(self.module, self.name)(*args, **kwargs)

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
        path = out / f"{self.name}.py"
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(self.source)
        os.replace(tmp, path)
        return path

    def __repr__(self) -> str:
        return f"<tilefuse kernel {self.name} {self.dtype} config={self.config.to_dict()}>"


def compile_program(program, *, dtype="fp16", config=None, out_dtype=None, arch: int = 90,
                    require_fusion: bool = False, debug: bool = False, shape: dict | None = None, db=None,
                    objective: str = "latency", sparse: tuple[str, ...] = (), model=None) -> Kernel:
    """Trace, lower and emit ``program``; nothing is measured.

    Without an explicit ``config``, a ``shape`` (every symbolic dim, e.g. ``{"M": 4096, "N": 4096, "K": 4096}``)
    looks the schedule up in the tuning database (``db``: a path or ``TuningDB``; default: the per-user one)
    for this GPU; a miss, or an unusable database, keeps the default config. ``kernel.tuning`` and the file's
    header say which it was. ``sparse`` names block-sparse weight inputs: the kernel takes them packed
    (``kernel.pack(name, dense, ...)``) and skips their zero blocks. ``model`` (a cost-model directory, or True
    for the one packaged for this GPU): on a database miss, take the model's top-ranked config, measuring nothing.
    """
    dtype = as_dtype(dtype)
    sparse = (sparse,) if isinstance(sparse, str) else tuple(sparse)
    graph = program.trace(dtype, out_dtype=out_dtype)
    target = Target.for_arch(arch)
    if config is not None:
        tuning = {"source": "explicit", "summary": "explicit config (config= or --config); database not consulted"}
    elif shape is None:
        tuning = default_provenance("no shape given, so the tuning database was not consulted")
    else:
        config, tuning = tuned_config(program, graph, str(dtype), shape, db, objective)
        if config is None and model:
            config, tuning = model_config(program, graph, str(dtype), shape, model, target, tuning)
    try:
        lowered = lower(graph, config, target=target, require_fusion=require_fusion, sparse=sparse)
    except ConfigError as exc:
        if tuning["source"] not in ("exact", "bucket"):
            raise
        reason = f"the database's config is invalid for sm_{arch} ({exc})"
        warnings.warn(f"tilefuse: {reason}; compiling {program.name} with the default config", stacklevel=2)
        tuning = default_provenance(reason, db=tuning["db"], shape=tuning["shape"])
        lowered = lower(graph, None, target=target, require_fusion=require_fusion, sparse=sparse)
    source = emit_program(lowered, program_file=program.file, dtype=str(dtype), arch=arch, debug=debug,
                          tuning=tuning)
    return Kernel(program, lowered, source, str(dtype), tuning=tuning)


def model_config(program, graph, dtype: str, shape: dict, model, target: Target, fallback: dict):
    """(config dict, provenance): the cost model's top-ranked valid config at ``shape``, with no measurement.

    ``model`` is a model directory or True (the model packaged for this GPU). A missing or unusable model keeps
    ``fallback`` (the database's default provenance); the loader has said why in one line.
    """
    from .cost_model.features import Featurizer
    from .cost_model.models import load_model, load_pretrained

    featurizer = Featurizer({program.name: program})
    found = load_pretrained(Device.current(), featurizer=featurizer) if model is True else \
        load_model(model, featurizer=featurizer)
    if found is None:
        return None, fallback
    space = lower(graph, None, target=target).space
    if space is None:
        return None, fallback
    points = list(space.points())
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, shape)
    best = found.rank(workload, points)[0]
    where = model if model is not True else "the packaged model"
    return best.to_dict(), {"source": "cost_model", "shape": workload.shape_key,
                            "summary": f"cost model's top-ranked of {len(points)} valid configs ({where}); "
                                       f"nothing measured ({fallback.get('summary', '')})"}


def tuned_config(program, graph, dtype: str, shape: dict, db=None, objective: str = "latency"):
    """(config dict or None, provenance) from the tuning database for ``program`` at ``shape`` on this GPU.

    An unusable database (corrupt, another schema version, busy) warns once and gives (None, default).
    """
    parse_objective(objective)
    dims = sorted({d for n in graph.inputs for a in n.axes for d in dims_in(a.size)})
    unknown, missing = sorted(set(shape) - set(dims)), sorted(set(dims) - set(shape))
    if unknown or missing:
        what = f"names {', '.join(unknown)}, which it does not have" if unknown else f"lacks {', '.join(missing)}"
        raise TilefuseError(f"the shape {shape} {what}; give every dim: {', '.join(dims) or 'none'}",
                            program=program.name)
    workload = Workload.make(program.name, program_signature(graph, dtype), dtype, shape)
    device = Device.current()
    owned = not isinstance(db, TuningDB)  # a TuningDB passed in stays open for the caller
    path = db.path if not owned else default_path() if db is None else Path(db)
    where = {"db": str(path), "device": device.name, "shape": workload.shape_key}
    if owned and not path.exists():
        return None, default_provenance(f"no tuning database at {path}", **where)
    try:
        tuning_db = TuningDB(path) if owned else db
        try:
            found = tuning_db.lookup(device, workload, objective)
        finally:
            if owned:
                tuning_db.close()
    except TuningDBError as exc:
        warnings.warn(f"tilefuse: {exc.message}; compiling {program.name} with the default config", stacklevel=3)
        return None, default_provenance(f"tuning database unusable ({exc.message})", **where)
    if found is None:
        return None, default_provenance(f"no ok measurement of {program.name} {dtype} near {workload.shape_key} "
                                        f"on {device.name} in {path}", **where)
    return found.config, found.provenance()
