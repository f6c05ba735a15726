"""Attention under an arbitrary boolean mask tensor: ``mask[b, m, n] != 0`` keeps the score (int8, shared by heads).

The mask is data, so a prologue kernel reads it once per (query block, key block) tile and builds the block
table on the device; the table is cached while the same mask tensor is passed again (every head shares it, and
so does every layer given the same tensor).

    tilefuse compile examples/attention/mask_tensor.py --out build   # numerics: tests/test_sparsity.py
"""

import tilefuse as tf


@tf.program
def masked_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                     v: tf.Tensor["B", "H", "N", "D"], mask: tf.Tensor["B", "M", "N", tf.int8]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(mask != 0, s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
