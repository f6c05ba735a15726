"""The runtime: the loaded ``Kernel`` and the on-disk kernel cache. Per-shape dispatch comes next (issue 11)."""

from .kernel import Kernel, cache_dir

__all__ = ["Kernel", "cache_dir"]
