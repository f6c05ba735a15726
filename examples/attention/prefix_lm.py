"""Prefix-LM attention (T5/PaLI style): the first PREFIX tokens see each other in both directions; the rest are causal.

``(j <= i) | (j < PREFIX)``: an *or* of two index predicates. It is not one affine key range, so the sparsity
pass builds a per-tile block table for it (once per shape: the mask reads no tensor) instead of loop bounds.

    tilefuse compile examples/attention/prefix_lm.py --out build   # numerics: tests/test_sparsity.py
"""

import tilefuse as tf

PREFIX = 1024


@tf.program
def prefix_lm_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                        v: tf.Tensor["B", "H", "N", "D"]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((j <= i) | (j < PREFIX), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
