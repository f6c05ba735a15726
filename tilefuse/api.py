"""The compile API: choose a program's config (explicit, tuning database, cost model, default), then build.

``Program.compile()`` and ``tilefuse compile`` end here. The choice is recorded as ``kernel.tuning`` and
in the generated file's header.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from .autotune.db import TuningDB, TuningDBError, default_path, default_provenance
from .autotune.objectives import parse_objective
from .autotune.records import Device, Workload, program_signature
from .build import build
from .cost_model.features import Featurizer
from .cost_model.models import load_model, load_pretrained
from .errors import ConfigError, TilefuseError
from .frontend import dsl
from .gpu import GPU
from .ir.dtypes import as_dtype
from .runtime.kernel import Kernel
from .schedule.pipeline import analyze


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
    analyzed = analyze(graph, target=GPU.for_arch(arch), require_fusion=require_fusion, sparse=sparse)
    if config is not None:
        tuning = {"source": "explicit", "summary": "explicit config (config= or --config); database not consulted"}
    elif shape is None:
        tuning = default_provenance("no shape given, so the tuning database was not consulted")
    else:
        config, tuning = tuned_config(program, graph, str(dtype), shape, db, objective)
        if config is None and model:
            config, tuning = model_config(program, graph, str(dtype), shape, model, analyzed.space, tuning)
    try:
        return build(program, graph, config, dtype=str(dtype), arch=arch, debug=debug, tuning=tuning,
                     analyzed=analyzed)
    except ConfigError as exc:
        if tuning["source"] not in ("exact", "bucket"):
            raise
        reason = f"the database's config is invalid for sm_{arch} ({exc})"
        warnings.warn(f"tilefuse: {reason}; compiling {program.name} with the default config", stacklevel=2)
        tuning = default_provenance(reason, db=tuning["db"], shape=tuning["shape"])
        return build(program, graph, None, dtype=str(dtype), arch=arch, debug=debug, tuning=tuning,
                     analyzed=analyzed)


def model_config(program, graph, dtype: str, shape: dict, model, space, fallback: dict):
    """(config dict, provenance): the cost model's top-ranked config of ``space`` (the program's search space)
    at ``shape``, with no measurement.

    ``model`` is a model directory or True (the model packaged for this GPU). A missing or unusable model keeps
    ``fallback`` (the database's default provenance); the loader has said why in one line.
    """
    featurizer = Featurizer({program.name: program})
    found = load_pretrained(Device.current(), featurizer=featurizer) if model is True else \
        load_model(model, featurizer=featurizer)
    if found is None:
        return None, fallback
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
    dims = graph.dims
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


dsl.set_compiler(compile_program)
