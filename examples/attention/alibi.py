"""Causal attention with ALiBi (BLOOM, MPT): a linear bias ``slopes[h] * (n - m)`` added to the scores.

``slopes`` holds one fp32 slope per head; the bias is computed in the kernel from the tile's indices,
never stored.

    tilefuse compile examples/attention/alibi.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def alibi_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                    v: tf.Tensor["B", "H", "N", "D"], slopes: tf.Tensor["H", tf.fp32]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D")) + slopes * (j - i)
    s = tf.where(i >= j, s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
