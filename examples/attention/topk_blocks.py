"""Block-sparse attention from a top-k block selection (as in clustered / native-sparse attention).

A router picks, per head and query block of BS tokens, the key blocks worth attending to, and scatters its
choice into ``selected[b, h, qb, kb]`` (int8, non-zero = kept). Attention runs only on the selected blocks;
the sparsity pass reads the selection through the mask predicate, so nothing here names a sparse format.

    tilefuse compile examples/attention/topk_blocks.py --out build   # numerics: tests/test_sparsity.py
"""

import tilefuse as tf

BS = 64  # tokens per routed block (the kernel's own tiles need not match)


@tf.program
def topk_block_attention(q: tf.Tensor["B", "H", "M", "D"], k: tf.Tensor["B", "H", "N", "D"],
                         v: tf.Tensor["B", "H", "N", "D"], selected: tf.Tensor["B", "H", "QB", "KB", tf.int8]):
    i, j = tf.index("m"), tf.index("n")
    s = tf.einsum("bhmd,bhnd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where(selected[tf.index("b"), tf.index("h"), i // BS, j // BS] != 0, s, -tf.inf)
    return tf.einsum("bhmn,bhnd->bhmd", tf.softmax(s, "n"), v)
