"""A flat GEMM (a few rows, long K: a decode step) with a bias, meant to be split along K.

With M this small, M x N tiles alone cannot fill the GPU; SPLIT_K slices K across more programs:

    tilefuse compile examples/flat_gemm_split_k.py --out build --check --config '{"BLOCK_M": 16, "SPLIT_K": 4}'
"""

import tilefuse as tf


@tf.program
def flat_gemm(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.einsum("mk,nk->mn", x, w) + b
