"""Attention over a paged KV cache (vLLM-style): keys and values live in pages of PS tokens.

``k_cache[p, slot, h, d]`` holds P pages; ``pages[b, j]`` (int32) is the page of sequence ``b``'s j-th
block of PS tokens, so key ``n`` is at ``k_cache[pages[b, n // PS], n % PS]``: the gather is in the
loads, and no contiguous K/V is ever built. Sequence ``b`` has ``seq_lens[b]`` (<= NP * PS) cached
tokens, and its M queries are its last M tokens (causal, bottom-right aligned; M = 1 for decode).
A query row that sees no key (M > seq_lens[b]) gives zeros.

    tilefuse compile examples/attention/paged_kv.py --out build   # numerics: tests/test_attention.py
"""

import tilefuse as tf
from tilefuse.ir.dims import dim

KEYS = dim("NP") * dim("PS")  # size of the key axis n: every slot of the page table


@tf.program
def paged_attention(q: tf.Tensor["B", "H", "M", "D"], k_cache: tf.Tensor["P", "PS", "H", "D"],
                    v_cache: tf.Tensor["P", "PS", "H", "D"], pages: tf.Tensor["B", "NP", tf.int32],
                    seq_lens: tf.Tensor["B", tf.int32]):
    n, seq_len = tf.index("n", size=KEYS), seq_lens[tf.index("b")]
    page, slot = pages[tf.index("b"), n // tf.dim("PS")], n % tf.dim("PS")
    k, v = k_cache[page, slot, :, :], v_cache[page, slot, :, :]   # axes b, n, h, d
    s = tf.einsum("bhmd,bnhd->bhmn", q, k) * tf.rsqrt(tf.dim("D"))
    s = tf.where((n < seq_len) & (tf.index("m") + seq_len - tf.dim("M") >= n), s, -tf.inf)
    return tf.einsum("bhmn,bnhd->bhmd", tf.softmax(s, "n"), v)
