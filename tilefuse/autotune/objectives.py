"""What "best" means for a tune: latency, energy, energy-delay product, or least energy within X% of the fastest.

Only measurements with status "ok" ever count; every other outcome scores +inf and is never selected. When no ok
record carries an energy reading (the CPU interpreter, a GPU without NVML), the energy objectives fall back to
latency rather than selecting nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ConfigError
from .records import Measurement


@dataclass(frozen=True)
class Objective:
    """A parsed objective. ``slack`` is the latency allowance of ``energy@X%`` as a fraction (0.05 for 5%)."""

    kind: str             # "latency", "energy", "edp" or "energy_within"
    slack: float = 0.0

    def __str__(self) -> str:
        if self.kind == "energy_within":
            return f"energy@{self.slack * 100:g}%"
        return self.kind


def parse_objective(text: str | Objective) -> Objective:
    """Parse "latency", "energy", "edp" or "energy@X%" (X any non-negative number, e.g. "energy@5%")."""
    if isinstance(text, Objective):
        return text
    name = str(text).strip().lower()
    if name in ("latency", "energy", "edp"):
        return Objective(name)
    match = re.fullmatch(r"energy@(\d+(?:\.\d*)?|\.\d+)%", name)
    if match:
        return Objective("energy_within", float(match.group(1)) / 100)
    raise ConfigError(f"unknown objective {text!r}; use 'latency', 'energy', 'edp' (energy x latency) or "
                      "'energy@X%' (least energy among configs within X% of the best latency, e.g. 'energy@5%')")


def score(m: Measurement, objective: str | Objective) -> float:
    """A measurement's own value under the objective, lower is better; +inf unless its status is "ok".

    ``energy@X%`` scores by energy here: its latency bound depends on the other records (see ``select_best`` and
    ``guide_value``). A record without an energy reading scores its latency under every objective.
    """
    objective = parse_objective(objective)
    if not m.ok:
        return math.inf
    if objective.kind == "latency" or m.energy is None:
        return m.latency
    if objective.kind == "edp":
        return m.energy * m.latency
    return m.energy


class BestTracker:
    """The best record under an objective, updated one measurement at a time (the tune's best-so-far trace).

    Ties keep the earlier record, so feeding a list gives the same answer as ``select_best``.
    """

    def __init__(self, objective: str | Objective):
        self.objective = parse_objective(objective)
        self.fastest: Measurement | None = None      # latency-best ok record: the fallback without energy
        self.by_energy: Measurement | None = None    # best ok record that has an energy reading
        self._with_energy: list[Measurement] = []    # energy@X%: re-checked when the latency bound tightens

    def add(self, m: Measurement) -> None:
        """Take one more record into account (failed ones change nothing)."""
        if not m.ok:
            return
        faster = self.fastest is None or m.latency < self.fastest.latency
        if faster:
            self.fastest = m
        if self.objective.kind == "latency":
            return
        if self.objective.kind == "energy_within":
            if m.energy is not None:
                self._with_energy.append(m)
            if faster:  # the bound tightened: records that were within it may not be any more
                self.by_energy = min((r for r in self._with_energy if r.latency <= self.bound),
                                     key=lambda r: r.energy, default=None)
            elif m.energy is not None and m.latency <= self.bound and (
                    self.by_energy is None or m.energy < self.by_energy.energy):
                self.by_energy = m
            return
        if m.energy is not None and (self.by_energy is None or
                                     score(m, self.objective) < score(self.by_energy, self.objective)):
            self.by_energy = m

    @property
    def bound(self) -> float:
        """energy@X%: the largest latency a selectable record may have, (1 + X/100) x the best latency."""
        return math.inf if self.fastest is None else (1 + self.objective.slack) * self.fastest.latency

    @property
    def best(self) -> Measurement | None:
        if self.objective.kind == "latency":
            return self.fastest
        return self.by_energy or self.fastest

    @property
    def value(self) -> float:
        """The objective value of the best record (+inf while nothing is ok)."""
        best = self.best
        return math.inf if best is None else score(best, self.objective)


def select_best(measurements: Iterable[Measurement], objective: str | Objective = "latency") -> Measurement | None:
    """The best ok measurement under the objective, or None when none is ok.

    latency: least median latency. energy: least joules per call. edp: least energy x latency. energy@X%: least
    energy among ok records whose latency is within (1 + X/100) x the best latency seen. The energy objectives
    consider only records with an energy reading, and pick the fastest record when none has one (for energy@X%:
    none within the bound).
    """
    tracker = BestTracker(objective)
    for m in measurements:
        tracker.add(m)
    return tracker.best


def guide_values(measurements: list[Measurement], objective: str | Objective) -> list[float]:
    """``guide_value`` of every record against the same history (the records themselves), in one pass."""
    objective = parse_objective(objective)
    tracker = BestTracker(objective)
    for m in measurements:
        tracker.add(m)
    has_energy = tracker.by_energy is not None
    return [_guide(m, objective, tracker.bound, has_energy) for m in measurements]


def guide_value(m: Measurement, objective: str | Objective, history: Iterable[Measurement] = ()) -> float:
    """The scalar a search strategy minimizes: the objective as one smooth number per record.

    latency, energy and edp: ``score``. energy@X%: the record's energy if its latency is within the bound
    (1 + X/100) x the best latency in ``history`` and ``m``; beyond the bound, energy x (latency / bound)^2, so a
    slow-but-frugal config ranks worse the further it overshoots but still steers the search. Failed records are
    +inf. Without any energy reading among ``history`` and ``m``, every objective guides by latency; once some
    record has energy, records that lack it are +inf for the energy objectives.
    """
    objective = parse_objective(objective)
    tracker = BestTracker(objective)
    for r in history:
        tracker.add(r)
    tracker.add(m)
    return _guide(m, objective, tracker.bound, tracker.by_energy is not None)


def _guide(m: Measurement, objective: Objective, bound: float, has_energy: bool) -> float:
    if not m.ok:
        return math.inf
    if objective.kind == "latency" or not has_energy:
        return m.latency
    if m.energy is None:
        return math.inf
    if objective.kind == "edp":
        return m.energy * m.latency
    if objective.kind == "energy_within" and m.latency > bound:
        return m.energy * (m.latency / bound) ** 2
    return m.energy


def format_value(value: float, objective: str | Objective, has_energy: bool = True) -> str:
    """A best-so-far value in readable units: microseconds, millijoules, or millijoule-microseconds for edp."""
    objective = parse_objective(objective)
    if not math.isfinite(value):
        return "-"
    if objective.kind == "latency" or not has_energy:
        return f"{value * 1e6:.2f} us"
    if objective.kind == "edp":
        return f"{value * 1e9:.3g} mJ*us"
    return f"{value * 1e3:.4g} mJ"
