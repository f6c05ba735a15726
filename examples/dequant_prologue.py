"""A batched linear layer whose input is rescaled per K before the GEMM (dequantization, SmoothQuant).

``x * scale`` is a prologue: it is computed on each loaded x tile inside the K loop, never stored.
The bias add is the epilogue; the batch axis ``b`` is a grid axis.

    tilefuse compile examples/dequant_prologue.py --out build --check
"""

import tilefuse as tf


@tf.program
def dequant_linear(x: tf.Tensor["B", "M", "K"], scale: tf.Tensor["K"], w: tf.Tensor["N", "K"],
                   bias: tf.Tensor["N"]):
    return tf.einsum("bmk,nk->bmn", x * scale, w) + bias
