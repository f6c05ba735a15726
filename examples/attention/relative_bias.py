"""Attention with a learned relative-position bias (T5-style, clipped buckets): ``s + table[h, bucket(m - n)]``.

The offset ``m - n`` is clamped to ``[-(R // 2), R // 2 - 1]`` and shifted by ``R // 2``, so it picks one of
the ``R`` entries of the head's row of ``table``; the bias is a gather inside the kernel.

    tilefuse compile examples/attention/relative_bias.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def relative_bias_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                            v: tf.Tensor["B", "H", "N", "D"], table: tf.Tensor["H", "R"]):
    half = tf.dim("R") // 2
    bucket = tf.minimum(tf.maximum(tf.index("m") - tf.index("n"), -half), half - 1) + half
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D")) + table[tf.index("h"), bucket]
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
