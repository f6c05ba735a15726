"""Causal self-attention over packed sequences: each token sees earlier tokens of its own document only.

``doc[b, n]`` is the document id of token ``n`` (int32); a negative id marks padding, which sees no key
and is seen by none (its output row is zeros). Self-attention: M == N, and ``doc`` covers the N tokens.

    tilefuse compile examples/attention/document_mask.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def document_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                       v: tf.Tensor["B", "H", "N", "D"], doc: tf.Tensor["B", "N", tf.int32]):
    doc_q = doc[tf.index("b"), tf.index("m")]   # the query token's document: axes b, m
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((doc_q == doc) & (doc >= 0) & (tf.index("m") >= tf.index("n")), s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
