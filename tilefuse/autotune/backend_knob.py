"""The back end as a tuning knob: ``BACKEND`` over the code generators that can build and run a program here, so a
tune picks Triton or CUDA per workload and the tuning database records which (a Triton config leaves the key out,
so its records and keys read as they did before the knob).

A back end is offered when it can render here (CUDA: TVM installed), run its kernels here (CUDA: a device and
cuda-python), and print the program whatever the config (CUDA: dense GEMMs only so far); otherwise a note says why.
Its configs then meet its own constraint as well as the space's (``Backend.config_check``), and each is
``Backend.canonical``: the knobs it does not read at one value, so no kernel is measured twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .. import backends
from ..errors import TilefuseError
from ..schedule.space import Config, Constraint, Knob, SearchSpace

KNOB_DOC = "the code generator: Triton, or CUDA C++ through TVM"


def backend_problem(name: str, lowered, run: bool = True) -> str | None:
    """Why back end ``name`` cannot build (and, with ``run``, run) ``lowered``'s program here, or None."""
    chosen = backends.get(name)
    return chosen.unavailable(run) or chosen.unsupported(lowered)


def backend_check(lowered, names: Sequence[str] | None = None, *, run: bool = True) -> Callable[[Config], str | None]:
    """``check(config)``: why ``config``'s back end cannot build it for ``lowered``'s program here (not among
    ``names``, unavailable, unsupported, a config it does not take or not in its canonical form), or None. What each
    back end says is asked once."""
    answers: dict[str, object] = {}

    def check(config: Config) -> str | None:
        name = config.BACKEND
        if name not in answers:
            if names is not None and name not in names:
                answers[name] = f"BACKEND={name!r} is not one of {', '.join(names)}"
            else:
                try:
                    answers[name] = backend_problem(name, lowered, run) or backends.get(name).config_check(lowered)
                except ValueError as exc:  # no back end of that name
                    answers[name] = str(exc)
        answer = answers[name]
        if isinstance(answer, str):
            return answer
        if backends.get(name).canonical(config) != config:
            return f"a {name} config keeps the knobs that back end ignores at its own values"
        return answer(config)

    return check


def with_backends(space: SearchSpace, lowered, names: Sequence[str], *, run: bool = True
                  ) -> tuple[SearchSpace, list[str]]:
    """``space`` with a ``BACKEND`` knob over those of ``names`` that ``lowered``'s program can use here, and a note
    for each left out. With Triton alone (asked for, or all that is left) the space is returned as it is."""
    offered, notes = [], []
    for name in dict.fromkeys(names):
        problem = backend_problem(name, lowered, run)
        if problem is None:
            offered.append(name)
        else:
            notes.append(f"the {name} back end is not offered: {problem}")
    if not offered:
        raise TilefuseError("no back end can tune this program here: " + "; ".join(notes))
    if offered == ["triton"]:
        return space, notes
    default = space.default
    if default is not None and "triton" not in offered:
        default = backends.get(offered[0]).canonical(default)
    knobs = [*space.knobs, Knob("BACKEND", tuple(offered), KNOB_DOC)]
    check = backend_check(lowered, offered, run=run)
    return SearchSpace(knobs, [*space.constraints, Constraint("backend", check)], default=default), notes


def initial_configs(space: SearchSpace) -> list[Config]:
    """What a tune measures first: the compiler's default under every back end the space offers, so a tune never
    ends worse than an untuned compile with any of them."""
    if space.default is None:
        return []
    names = next((k.values for k in getattr(space, "knobs", ()) if k.name == "BACKEND"), (space.default.BACKEND,))
    return [backends.get(name).canonical(space.default) for name in names]
