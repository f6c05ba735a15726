"""Build: a traced graph, a config and a back end in; a loaded-on-demand ``Kernel`` out.

Nothing here consults the tuning database or the cost model; ``tilefuse.api.compile_program`` picks the
config first (explicit, database, model, default) and then builds, and the ``Kernel`` it returns builds
more specializations through ``specialize`` as new shapes call it.
"""

from __future__ import annotations

from . import backends
from .gpu import GPU
from .ir.graph import Graph
from .runtime.kernel import Kernel, Specialization
from .schedule.pipeline import Analyzed, Lowered, analyze
from .schedule.space import Config


def build(program, graph: Graph, config: Config | dict | None = None, *, dtype: str, arch: int = 90,
          require_fusion: bool = False, debug: bool = False, sparse: tuple[str, ...] = (), tuning: dict | None = None,
          backend: str | None = None, analyzed: Analyzed | None = None) -> Kernel:
    """Lower ``graph`` with ``config`` for ``sm_<arch>``, render it with its back end and wrap it in a ``Kernel``
    that runs this one config at every shape.

    The config names its back end (``BACKEND``, Triton by default); ``backend`` overrides it (``for_backend``).
    ``analyzed`` (from ``schedule.analyze`` of this graph) skips the config-independent passes, so building
    many configs of one program runs them once.
    """
    analyzed = analyzed or analyze(graph, target=GPU.for_arch(arch), require_fusion=require_fusion,
                                   sparse=sparse)
    return Kernel(specialize(program, analyzed, config, dtype=dtype, arch=arch, debug=debug, tuning=tuning,
                             backend=backend))


def specialize(program, analyzed: Analyzed, config: Config | dict | None, *, dtype: str, arch: int = 90,
               debug: bool = False, tuning: dict | None = None, backend: str | None = None) -> Specialization:
    """Tile ``analyzed`` with ``config`` (None: the default), render it and write its file: one specialization."""
    return _render(program, analyzed.tile(for_backend(config, backend, analyzed)), dtype, arch, debug, tuning, backend)


def for_backend(config: Config | dict | None, backend: str | None, analyzed: Analyzed) -> Config | dict | None:
    """``config`` (None: the program's default) as ``backend`` builds it: its ``BACKEND`` set and the knobs that back
    end ignores at the values it keeps (``Backend.canonical``). ``backend`` None leaves the config as it is."""
    if backend is None:
        return config
    if config is None:
        space = analyzed.space
        if space is None:  # every op runs as an unfused step: no config
            return None
        config = space.default
    return backends.get(backend).canonical(config if isinstance(config, Config) else Config.from_dict(config))


def build_lowered(program, lowered: Lowered, *, dtype: str, arch: int = 90, debug: bool = False,
                  tuning: dict | None = None) -> Kernel:
    """Render an already lowered program with the back end its config names and wrap it in a ``Kernel``
    (``program``: the DSL program, or None)."""
    return Kernel(_render(program, lowered, dtype, arch, debug, tuning))


def backend_of(lowered: Lowered):
    """The back end the program's config names (its first kernel's; unfused steps have no config: Triton)."""
    config = next((k.config for k in lowered.kernels if k.config is not None), None)
    return backends.get(config.BACKEND if config is not None else "triton")


def _render(program, lowered: Lowered, dtype: str, arch: int, debug: bool, tuning: dict | None,
            backend: str | None = None) -> Specialization:
    chosen = backends.get(backend) if backend else backend_of(lowered)
    source = chosen.render(lowered, program_file=lowered.source.source_file, dtype=dtype, arch=arch,
                           debug=debug, tuning=tuning)
    return Specialization(program, lowered, source, dtype, backend=chosen, tuning=tuning)
