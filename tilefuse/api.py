"""The compile API: choose a program's config (explicit, tuning database, cost model, default), then build, and
hand the ``Kernel`` the same choice for every other shape it is called with.

``Program.compile()`` and ``tilefuse compile`` end here. The choice is recorded as ``kernel.tuning``, in the
generated file's header and, per shape, in ``kernel.specializations()``.
"""

from __future__ import annotations

import warnings

from . import backends
from .autotune.db import default_provenance
from .build import for_backend, specialize
from .choice import Chooser
from .errors import ConfigError, TilefuseError
from .frontend import dsl
from .gpu import GPU
from .ir.dtypes import as_dtype
from .runtime.kernel import Kernel
from .schedule.pipeline import analyze


def compile_program(program, *, dtype="fp16", config=None, out_dtype=None, arch: int = 90,
                    require_fusion: bool = False, debug: bool = False, shape: dict | None = None, db=None,
                    objective: str = "latency", sparse: tuple[str, ...] = (), model=None,
                    autotune: str | None = None, backend: str | None = None) -> Kernel:
    """Trace, lower and emit ``program``; nothing is measured (unless ``autotune="first-call"``).

    The ``Kernel`` returned serves every shape: at each new shape it is called with it takes the config the
    tuning database ``db`` (a path or ``TuningDB``; default: the per-user one) holds for this GPU at that shape,
    else at the nearest tuned bucket, else the cost model's zero-measurement pick (``model``: None uses the model
    packaged for this GPU when it and xgboost are there, True insists on it, a path names one, False turns it off),
    else the default config (``tilefuse.choice``). ``autotune="first-call"`` instead measures a few candidates at
    a shape the database has not tuned, once, and stores them there. ``kernel.specializations()`` lists what each
    shape got and why.

    ``shape`` (every symbolic dim, e.g. ``{"M": 4096, "N": 4096, "K": 4096}``) chooses the config built now (the
    kernel's ``source``, ``config`` and ``tuning``); without it that one is the default. An explicit ``config``
    serves every shape and consults nothing. ``sparse`` names block-sparse weight inputs: the kernel takes them
    packed (``kernel.pack(name, dense, ...)``) in one config's blocks, so such a kernel keeps that one config.

    ``backend`` names the code generator (``tilefuse.backends``: "triton" or "cuda"). None (the default) takes
    the one each chosen config names: a database record tuned with the back end as a knob (``tilefuse tune
    --backends triton,cuda``) may say "cuda". Naming one keeps to it: the database is read for that back end's
    records only, and the cost model (which describes Triton kernels) only for Triton.
    """
    dtype = as_dtype(dtype)
    backend = backends.get(backend).name if backend is not None else None
    sparse = (sparse,) if isinstance(sparse, str) else tuple(sparse)
    graph = program.trace(dtype, out_dtype=out_dtype)
    analyzed = analyze(graph, target=GPU.for_arch(arch), require_fusion=require_fusion, sparse=sparse)
    options = {"dtype": str(dtype), "arch": arch, "debug": debug, "backend": backend}
    if config is not None:
        tuning = {"source": "explicit", "summary": "explicit config (config= or --config); database not consulted"}
        return Kernel(specialize(program, analyzed, config, tuning=tuning, **options))
    chooser = Chooser(program, graph, str(dtype), analyzed.space, db=db, objective=objective,
                      model=model if backend in (None, "triton") else False, autotune=autotune, backend=backend)
    policy = _Policy(program, analyzed, chooser, options)
    if shape is None:
        chosen, tuning = None, default_provenance("no shape given, so the tuning database was not consulted")
    else:
        chosen, tuning = chooser.choose(shape)
    primary = policy.build(chosen, tuning, stacklevel=3)
    return Kernel(primary, policy=None if sparse else policy, shape=shape)


class _Policy:
    """What a ``Kernel`` asks at a new shape: the ``Chooser``'s config, and how to build it."""

    def __init__(self, program, analyzed, chooser: Chooser, options: dict):
        self.program, self.analyzed, self.chooser, self.options = program, analyzed, chooser, options
        space = analyzed.space
        self.default_config = (for_backend(None, options["backend"], analyzed) if options["backend"]
                               else space.default if space is not None else None)

    def choose(self, shape: dict):
        return self.chooser.choose(shape)

    def tuned_dims(self) -> list[dict]:
        return [t.dims for t in self.chooser.tuned().values()]

    def build(self, config, tuning: dict, stacklevel: int = 5):
        try:
            return specialize(self.program, self.analyzed, config, tuning=tuning, **self.options)
        except TilefuseError as exc:  # a config from the database or the model that cannot be built here
            if tuning["source"] not in ("exact", "bucket", "first-call", "cost_model"):
                raise
            what = "is invalid for" if isinstance(exc, ConfigError) else "cannot be built for"
            reason = f"the {tuning['source']} config {what} sm_{self.options['arch']} here ({exc})"
            warnings.warn(f"tilefuse: {reason}; compiling {self.program.name} with the default config",
                          stacklevel=stacklevel)
            fallback = default_provenance(reason, **{k: tuning[k] for k in ("db", "shape") if k in tuning})
            return specialize(self.program, self.analyzed, None, tuning=fallback, **self.options)


dsl.set_compiler(compile_program)
