"""GEMM variants the CUDA back end covers: the programs `cuda_backend_check.py --generate` renders and the CPU tests
compile. Every dim is symbolic, so one kernel serves ragged sizes too.

    tilefuse compile benchmarks/cuda_gemm_variants.py --backend cuda --out build/cuda --offline
"""

import tilefuse as tf


@tf.program
def linear_gelu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.gelu(tf.einsum("mk,nk->mn", x, w) + b)


@tf.program
def matmul_nn(x: tf.Tensor["M", "K"], w: tf.Tensor["K", "N"]):
    return tf.einsum("mk,kn->mn", x, w)


@tf.program
def linear_bias_silu(x: tf.Tensor["M", "K"], w: tf.Tensor["N", "K"], b: tf.Tensor["N"]):
    return tf.silu(tf.einsum("mk,nk->mn", x, w) + b)


@tf.program
def bmm(a: tf.Tensor["B", "M", "K"], b: tf.Tensor["B", "K", "N"]):
    return tf.matmul(a, b)


@tf.program
def bmm_residual(a: tf.Tensor["B", "M", "K"], b: tf.Tensor["B", "K", "N"], r: tf.Tensor["B", "M", "N"],
                 alpha: tf.Scalar):
    return tf.matmul(a, b) * alpha + r


@tf.program
def gated_tn(a: tf.Tensor["K", "M"], w: tf.Tensor["K", "N"], up: tf.Tensor["M", "N"]):
    return tf.silu(tf.einsum("km,kn->mn", a, w)) * up
