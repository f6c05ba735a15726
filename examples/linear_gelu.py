"""A linear layer with a fused GELU: one GEMM kernel whose epilogue adds the bias and applies GELU.

    tilefuse compile examples/linear_gelu.py --out build --check
"""

import tilefuse as tf


@tf.program
def linear_gelu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,nk->mn", x, w) + b)
