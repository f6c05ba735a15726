"""Chunked (local) causal attention, as in Llama 4's local layers: a query sees earlier keys of its own CHUNK.

``(i // CHUNK == j // CHUNK) & (j <= i)``: floor division is not affine, so the sparsity pass builds a block
table (once per shape) listing, per query block, the key blocks of its chunk; whole blocks inside the chunk
and below the diagonal run unmasked.

    tilefuse compile examples/attention/chunked.py --out build   # numerics: tests/test_sparsity.py
"""

import tilefuse as tf

CHUNK = 1024


@tf.program
def chunked_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                      v: tf.Tensor["B", "H", "N", "D"]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((i // CHUNK == j // CHUNK) & (j <= i), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
