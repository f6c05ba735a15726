"""A transformer-style MLP block as a PyTorch module, for ``tilefuse compile-module``.

``build()`` returns the module and example inputs: tilefuse captures it, turns its two GEMMs (with the bias,
GELU, scale and residual after them) into kernels and its LayerNorm into a rows kernel, checks the result against
the module in fp64, and writes the kernel files and the report:

    tilefuse compile-module examples/modules/mlp_block.py:build --dynamic batch=1:16 --out build/mlp_block
"""

import torch
import torch.nn as nn
import torch.nn.functional as F


class MLPBlock(nn.Module):
    def __init__(self, d: int = 64, hidden: int = 256):
        super().__init__()
        self.up, self.down, self.norm = nn.Linear(d, hidden), nn.Linear(hidden, d), nn.LayerNorm(d)

    def forward(self, x):
        return self.norm(self.down(F.gelu(self.up(x))) * 0.5 + x)


def build():
    torch.manual_seed(0)
    return MLPBlock(), (torch.randn(4, 64),)
