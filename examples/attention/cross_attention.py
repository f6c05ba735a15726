"""Cross-attention (encoder-decoder, vision-language): M decoder queries over N encoder keys, no mask.

M and N are unrelated, and the value head dim DV may differ from the query/key head dim D.

    tilefuse compile examples/attention/cross_attention.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf


@tf.program
def cross_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                    v: tf.Tensor["B", "H", "N", "DV"]):
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    return tf.einsum("b h m n, b h n dv -> b h m dv", tf.softmax(s, "n"), v)
