"""Tuning plots: best-so-far curves per strategy, and the latency-energy Pareto front of one tune.

matplotlib is imported only when a plot is drawn, and through its Agg canvas (no pyplot, no display, no global
backend switch).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from .objectives import Objective, select_best
from .records import Measurement


def pareto_front(measurements: Iterable[Measurement]) -> list[Measurement]:
    """The ok records with an energy reading that no other record beats on both latency and energy.

    A record is dominated when another has latency and energy no larger and one of them smaller. Sorted by latency;
    of identical (latency, energy) points only the first is kept.
    """
    points = sorted((m for m in measurements if m.ok and m.energy is not None), key=lambda m: (m.latency, m.energy))
    front, least_energy = [], math.inf
    for m in points:
        if m.energy < least_energy:
            front.append(m)
            least_energy = m.energy
    return front


def _figure(title: str):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    if title:
        ax.set_title(title)
    ax.grid(True, alpha=0.3)
    return fig, ax


def plot_best_so_far(traces: dict[str, list[float]], path: str | Path, title: str = "",
                     ylabel: str = "best latency (us)", scale: float = 1e6) -> Path:
    """Best-so-far objective value against trials, one step line per strategy, as a PNG at ``path``.

    ``scale`` converts the traces' units for the axis (seconds to microseconds by default); +inf entries (no ok
    result yet) are left blank.
    """
    fig, ax = _figure(title)
    for name, trace in traces.items():
        ys = [v * scale if math.isfinite(v) else math.nan for v in trace]
        ax.step(range(1, len(ys) + 1), ys, where="post", label=name)
    ax.set_xlabel("trials")
    ax.set_ylabel(ylabel)
    if traces:
        ax.legend()
    path = Path(path)
    fig.savefig(path, dpi=120)
    return path


def plot_pareto(measurements: Iterable[Measurement], path: str | Path, title: str = "", slack: float = 0.05) -> Path:
    """Latency against energy of every ok measurement, with the Pareto front drawn through and the latency-best
    and energy@(slack) points annotated, as a PNG at ``path``."""
    measurements = list(measurements)
    points = [m for m in measurements if m.ok and m.energy is not None]
    if not points:
        raise ValueError("no ok measurement has an energy reading; the Pareto plot needs energy (measure on a GPU "
                         "whose power counters NVML can read)")
    fig, ax = _figure(title)
    ax.scatter([m.latency * 1e6 for m in points], [m.energy * 1e3 for m in points], s=14, color="0.6",
               label=f"{len(points)} configs")
    front = pareto_front(points)
    ax.plot([m.latency * 1e6 for m in front], [m.energy * 1e3 for m in front], "o-", color="tab:red", ms=5,
            label="Pareto front")
    fastest = select_best(points, "latency")
    frugal = select_best(points, Objective("energy_within", slack))
    marks = [(fastest, "latency-best" if frugal is not fastest else f"latency-best = energy@{slack * 100:g}%",
              (10, 10))]
    if frugal is not fastest:
        marks.append((frugal, f"energy@{slack * 100:g}%", (10, -16)))
    for m, text, offset in marks:
        xy = (m.latency * 1e6, m.energy * 1e3)
        ax.plot(*xy, "*", ms=14, color="tab:blue" if m is fastest else "tab:green", zorder=3)
        ax.annotate(text, xy, xytext=offset, textcoords="offset points", arrowprops={"arrowstyle": "->"})
    ax.set_xlabel("latency (us)")
    ax.set_ylabel("energy per call (mJ)")
    ax.legend()
    path = Path(path)
    fig.savefig(path, dpi=120)
    return path
