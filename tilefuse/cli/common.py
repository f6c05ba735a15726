"""What every ``tilefuse`` command shares: parsing ``--config`` and ``--shape``, and the console it prints to."""

from __future__ import annotations

import json
import signal
import sys
from contextlib import contextmanager

from ..errors import TilefuseError


def parse_config(text: str | None) -> dict | None:
    """The ``--config`` JSON object, or a TilefuseError saying what is wrong with it."""
    if not text:
        return None
    try:
        config = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TilefuseError(f"--config is not valid JSON ({exc}): {text}") from None
    if not isinstance(config, dict):
        raise TilefuseError(f'--config must be a JSON object such as \'{{"BLOCK_M": 64}}\', got {text}')
    return config



def parse_shape(values: list[str] | None) -> dict[str, int] | None:
    """``--shape M=4096 --shape N=1024`` (or ``--shape M=4096,N=1024``) as {"M": 4096, "N": 1024}."""
    if not values:
        return None
    shape = {}
    for part in (p for v in values for p in v.split(",") if p.strip()):
        name, _, size = part.partition("=")
        if not name.strip() or not size.strip().isdigit():
            raise TilefuseError(f"--shape takes DIM=SIZE such as M=4096, got {part!r}")
        shape[name.strip()] = int(size)
    return shape


def console():
    from rich.console import Console

    return Console(width=None if sys.stdout.isatty() else 160, highlight=False)


def fmt(value: float | None, scale: float, unit: str) -> str:
    return "-" if value is None else f"{value * scale:.4g} {unit}"



@contextmanager
def sigterm_as_interrupt():
    """Inside, SIGTERM stops the work as Ctrl-C does (KeyboardInterrupt): a killed tune ends its workers and keeps
    its database whole. The previous handler comes back on the way out."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
